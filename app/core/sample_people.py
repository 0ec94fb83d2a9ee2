"""Sample people and Peruvian identifiers (deterministic, plain dicts, no store).

Owns the weighted tables of surnames, given names and mother tongues, the choice of a
district (urban districts more likely), and the generators of identifiers and people:
``dni``, ``dni_check_char``, ``ruc``, ``phone``, ``district_code``, ``birth_date``,
``court_file_number``, ``given_names``, ``person`` and ``people``. Part of
:mod:`app.core.sample`, which is the public surface.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from itertools import accumulate
from typing import Any

from stdnum.pe import cui
from stdnum.pe import ruc as _ruc

from forms import peru

# Surname weights follow the order of magnitude of RENIEC's most frequent surnames.
SURNAMES: dict[str, int] = {
    "Quispe": 100, "Flores": 75, "Sánchez": 55, "Rodríguez": 50, "García": 48,
    "Rojas": 45, "Huamán": 45, "Mamani": 45, "Chávez": 40, "Ramos": 38, "Torres": 37,
    "Díaz": 35, "Vásquez": 34, "Mendoza": 33, "Castillo": 32, "López": 31,
    "Gonzales": 30, "Ramírez": 30, "Gutiérrez": 28, "Pérez": 28, "Espinoza": 27,
    "Vargas": 27, "Cruz": 26, "Condori": 26, "Fernández": 25, "Romero": 24,
    "Salazar": 23, "Córdova": 22, "Apaza": 20, "Choque": 20, "Huanca": 18,
    "Ccama": 15, "Ticona": 14, "Aguilar": 14, "Medina": 14, "Silva": 13,
    "Morales": 13, "Herrera": 13, "Reyes": 12, "Jiménez": 12, "Álvarez": 12,
    "Paredes": 11, "Vega": 11, "Cárdenas": 11, "Palomino": 10, "Yupanqui": 10,
    "Cusi": 9, "Paucar": 9, "Taipe": 9, "Poma": 9, "Huarcaya": 8, "Cahuana": 8,
    "Chambi": 8, "Coaquira": 7, "Limachi": 7, "Ayma": 6, "Ccori": 6, "Huillca": 6,
    "Villca": 6, "Inga": 6, "Sullca": 5, "Tito": 5, "Pari": 5, "Laura": 5,
    "Tello": 8, "Zapata": 8, "Aquino": 8, "Carrasco": 8, "Valdivia": 7,
    "Benites": 7, "Luna": 7, "Delgado": 9, "Castro": 10, "Soto": 9, "Ríos": 9,
    "Campos": 8, "Navarro": 7, "Guerrero": 8, "Muñoz": 7, "Alarcón": 6,
    "Tupayachi": 3, "Quispicusi": 2, "Huamaní": 4, "Ccoa": 3, "Sihuincha": 2,
    "Shahuano": 2, "Ahuanari": 2, "Tuesta": 3,
}  # fmt: skip

FEMALE_NAMES: dict[str, int] = {
    "María": 60, "Rosa": 25, "Carmen": 18, "Juana": 16, "Ana": 15, "Luz": 14,
    "Elena": 10, "Gladys": 10, "Yolanda": 9, "Marisol": 9, "Flor": 9, "Maribel": 8,
    "Milagros": 9, "Lucía": 8, "Sofía": 7, "Valeria": 7, "Camila": 6, "Yessenia": 6,
    "Rocío": 7, "Julia": 8, "Teresa": 8, "Victoria": 7, "Karina": 7, "Nelly": 6,
    "Sonia": 6, "Gloria": 6, "Norma": 5, "Delia": 5, "Silvia": 6, "Fiorella": 4,
    "Nayeli": 4, "Killa": 3, "Sisa": 3, "Qori": 2, "Nina": 3, "Wayta": 2, "Kusi": 2,
    "Urpi": 2, "Sumaq": 2, "Illari": 2, "Suyana": 2, "Wara": 2, "Nayra": 2,
}  # fmt: skip

MALE_NAMES: dict[str, int] = {
    "José": 45, "Juan": 40, "Luis": 30, "Carlos": 25, "Jorge": 20, "Jesús": 15,
    "Víctor": 15, "Miguel": 15, "César": 12, "Pedro": 12, "Alberto": 10,
    "Manuel": 10, "Julio": 10, "Walter": 9, "Edwin": 9, "Wilber": 8, "Roberto": 8,
    "Raúl": 8, "Fernando": 8, "Ángel": 8, "Hugo": 7, "Percy": 6, "Elmer": 6,
    "Alex": 6, "Franklin": 5, "Rubén": 5, "Mario": 6, "Santos": 6, "Dante": 4,
    "Eder": 4, "Amaru": 3, "Inti": 3, "Wayra": 2, "Túpac": 2, "Mallku": 2, "Ayar": 2,
    "Yupanqui": 1, "Illapa": 1, "Kusi": 1,
}  # fmt: skip

MOTHER_TONGUES: dict[str, int] = {
    "castellano": 800, "quechua": 140, "aimara": 35, "ashaninka": 8,
    "shipibo_konibo": 6, "awajun": 6, "otra": 5,
}  # fmt: skip

# Urban areas get more people than remote districts: (INEI prefix, weight).
_URBAN_PREFIXES = (("1501", 30), ("0401", 6), ("0801", 5), ("2101", 4), ("0501", 4),
                   ("1301", 4), ("2001", 3), ("1201", 3), ("0701", 4))  # fmt: skip


class Weighted:
    """Fast weighted choice over a fixed table (cumulative weights computed once)."""

    def __init__(self, table: Mapping[str, int]) -> None:
        self.items = list(table)
        self.cum = list(accumulate(table.values()))

    def pick(self, rng: random.Random) -> str:
        return rng.choices(self.items, cum_weights=self.cum, k=1)[0]


SURNAME = Weighted(SURNAMES)
_FEMALE = Weighted(FEMALE_NAMES)
_MALE = Weighted(MALE_NAMES)
_TONGUE = Weighted(MOTHER_TONGUES)
REFERENCE_DAY = date(2026, 1, 1)  # dates of generated hearings are drawn around this day


def _district_codes() -> tuple[list[str], list[str]]:
    codes = [d.inei for d in peru.default_catalog().all_districts() if d.inei.isdigit()]
    urban: list[str] = []
    for prefix, weight in _URBAN_PREFIXES:
        matching = [c for c in codes if c.startswith(prefix)]
        urban.extend(matching * max(1, weight * 4 // max(1, len(matching))))
    return codes, urban


_DISTRICTS: tuple[list[str], list[str]] | None = None


def district_code(rng: random.Random) -> str:
    """An INEI district code, urban districts more likely than remote ones."""
    global _DISTRICTS
    if _DISTRICTS is None:
        _DISTRICTS = _district_codes()
    codes, urban = _DISTRICTS
    return rng.choice(urban if rng.random() < 0.45 else codes)


def dni(rng: random.Random) -> str:
    """A random DNI number (8 digits, as text)."""
    return f"{rng.randrange(10_000_000, 80_000_000):08d}"


def dni_check_char(number: str) -> str:
    """The numeric check character of a DNI (the letter variant is also valid on old cards)."""
    return cui.calc_check_digits(number)[0]


def given_names(rng: random.Random, sex: str) -> str:
    table = _FEMALE if sex == "F" else _MALE if sex == "M" else rng.choice((_FEMALE, _MALE))
    first = table.pick(rng)
    if rng.random() < 0.55:
        second = table.pick(rng)
        if second != first:
            return f"{first} {second}"
    return first


def birth_date(rng: random.Random, min_age: int = 0, max_age: int = 90) -> str:
    """An ISO birth date; ages skew to adults (the people who come for legal aid)."""
    age = min_age + int((max_age - min_age) * rng.betavariate(2.2, 3.2))
    day = REFERENCE_DAY - timedelta(days=age * 365 + rng.randrange(365))
    return day.isoformat()


def phone(rng: random.Random) -> str:
    return f"9{rng.randrange(0, 100_000_000):08d}"


def person(rng: random.Random) -> dict[str, Any]:
    """One person in the input shape of ``people.register_person``."""
    sex = "F" if rng.random() < 0.68 else "M" if rng.random() < 0.995 else "X"
    tongue = _TONGUE.pick(rng)
    roll = rng.random()
    data: dict[str, Any] = {
        "given_names": given_names(rng, sex),
        "paternal_surname": SURNAME.pick(rng),
        "maternal_surname": SURNAME.pick(rng),
        "birth_date": birth_date(rng, min_age=16),
        "sex": sex,
        "ubigeo": district_code(rng),
        "mother_tongue": tongue,
        "interpreter_needed": int(tongue != "castellano" and rng.random() < 0.4),
    }
    if roll < 0.93:
        data["doc_type"], data["doc_number"] = "DNI", dni(rng)
    elif roll < 0.96:
        data["doc_type"], data["doc_number"] = "CE", f"{rng.randrange(0, 10**9):09d}"
    elif roll < 0.97:
        data["doc_type"] = "PASAPORTE"
        data["doc_number"] = f"{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}{rng.randrange(10**7):07d}"
    else:
        data["doc_type"], data["doc_number"] = "SIN_DOCUMENTO", ""
        data["doc_reason"] = rng.choice(
            ("DNI extraviado", "Nunca tramitó DNI", "DNI retenido por el agresor")
        )
    if rng.random() < 0.85:
        data["phone"] = phone(rng)
    return data


def people(n: int, seed: int = 0) -> Iterator[dict[str, Any]]:
    """``n`` persons, deterministic for a given seed."""
    rng = random.Random(seed)
    for _ in range(n):
        yield person(rng)


def court_file_number(rng: random.Random, year: int, specialty: str = "FC") -> str:
    """A well-formed expediente number, e.g. ``00123-2021-0-1801-JP-FC-01``."""
    court = rng.choice(("1801", "1001", "0401", "2101", "0501", "1601"))
    organ = rng.choice(("JP", "JR", "JM"))
    number, court_no = rng.randrange(1, 20000), rng.randint(1, 9)
    return f"{number:05d}-{year}-0-{court}-{organ}-{specialty}-{court_no:02d}"


def ruc(rng: random.Random) -> str:
    """A company RUC (prefix 20) with a valid check digit."""
    base = f"20{rng.randrange(10**8):08d}"
    return base + _ruc.calc_check_digit(base)
