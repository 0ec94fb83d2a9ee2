"""Deterministic, realistic Peruvian sample data as plain dicts (no store needed).

Used by ``chasqui sample-data`` (which writes through the core services), by the demo
and by the benchmarks (100k people / 500k notes in a few seconds). Every function takes a
``random.Random`` (or a seed) so that the same seed gives the same data.

Public functions:

- ``person(rng) -> dict``: one person in the input shape of ``people.register_person``
  (given_names, paternal_surname, maternal_surname, doc_type, doc_number, doc_reason,
  birth_date, sex, ubigeo, phone, mother_tongue, interpreter_needed).
- ``people(n, seed=0) -> Iterator[dict]``: ``n`` persons.
- ``dni(rng) -> str`` (8 digits) and ``dni_check_char(number) -> str`` (its check digit).
- ``matter(rng) -> str``: a matter code (alimentos, violencia, filiacion, ...).
- ``intake_answers(rng, person, definition=None, today=None) -> dict``: answers of the
  ``ficha_atencion`` form (follows the form definition when one is given).
- ``note_text(rng, matter=None) -> str``: a realistic case-note sentence or two in Spanish.
- ``notes(n, seed=0) -> Iterator[str]``: ``n`` note texts.
- ``hearing(rng, matter=None, around=None) -> dict``: kind, category, at (ISO), place.
- ``dataset(n_people, seed=0, cases_ratio=0.4, notes_per_case=5) -> Iterator[SampleRecord]``:
  the whole graph as ``SampleRecord(person, answers, case, notes, hearings)`` items.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from typing import Any

from stdnum.pe import cui

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
    "shipibo-konibo": 6, "awajun": 6, "otro": 5,
}  # fmt: skip

MATTERS: dict[str, int] = {
    "alimentos": 30, "violencia": 22, "penal": 15, "laboral": 9, "filiacion": 8,
    "tenencia": 6, "victimas": 5, "conciliacion": 5,
}  # fmt: skip

MATTER_LABELS: dict[str, str] = {
    "alimentos": "pensión de alimentos",
    "violencia": "violencia familiar",
    "penal": "defensa penal",
    "laboral": "derechos laborales",
    "filiacion": "filiación extramatrimonial",
    "tenencia": "tenencia y régimen de visitas",
    "victimas": "asistencia a víctimas",
    "conciliacion": "conciliación extrajudicial",
}

INTAKE_FORM = "ficha_atencion"
VIOLENCE_TYPES = ("fisica", "psicologica", "sexual", "economica")
RISK_LEVELS = ("leve", "moderado", "severo")

# Urban areas get more people than remote districts: (INEI prefix, weight).
_URBAN_PREFIXES = (("1501", 30), ("0401", 6), ("0801", 5), ("2101", 4), ("0501", 4),
                   ("1301", 4), ("2001", 3), ("1201", 3), ("0701", 4))  # fmt: skip

HEARING_KINDS: dict[str, tuple[str, ...]] = {
    "alimentos": ("audiencia_unica", "conciliacion", "lectura_sentencia"),
    "violencia": ("medidas_proteccion", "declaracion_victima", "juicio_oral"),
    "penal": ("prision_preventiva", "control_acusacion", "juicio_oral", "lectura_sentencia"),
    "laboral": ("conciliacion", "juzgamiento"),
    "filiacion": ("audiencia_unica", "prueba_adn"),
    "tenencia": ("audiencia_unica", "evaluacion_psicologica"),
    "victimas": ("declaracion_victima", "juicio_oral"),
    "conciliacion": ("conciliacion",),
}
DEADLINE_KINDS = ("contestar_demanda", "apelacion", "subsanar_observacion", "alegatos")

_COURTS = (
    "Juzgado de Paz Letrado de {d}", "Juzgado de Familia de {d}",
    "Juzgado Mixto de {d}", "Juzgado de Investigación Preparatoria de {d}",
    "Juzgado Penal Unipersonal de {d}", "Fiscalía Provincial de Familia de {d}",
    "Centro de Conciliación ALEGRA {d}",
)  # fmt: skip

_NOTE_OPENINGS = (
    "Se entrevistó a la usuaria", "Se atendió al usuario", "Se realizó llamada telefónica",
    "Se revisó el expediente", "Se presentó escrito", "Se coordinó con la fiscalía",
    "Se acompañó a la víctima", "Se notificó a la parte demandada",
    "Se recibió a la beneficiaria en la oficina", "Se visitó el domicilio",
)  # fmt: skip
_NOTE_BODIES: dict[str, tuple[str, ...]] = {
    "alimentos": (
        "para fijar una pensión de alimentos a favor de sus {n} hijos",
        "quien indica que el demandado no cumple con la pensión desde hace {m} meses",
        "y se solicitó la liquidación de pensiones devengadas",
        "para preparar la demanda de aumento de alimentos",
    ),
    "violencia": (
        "y se solicitaron medidas de protección ante el juzgado de familia",
        "quien refiere nuevos hechos de violencia psicológica por parte de su expareja",
        "y se derivó al Centro de Emergencia Mujer para atención psicológica",
        "para verificar el cumplimiento del impedimento de acercamiento",
    ),
    "penal": (
        "para preparar la defensa en la audiencia de control de acusación",
        "y se solicitó la variación de la prisión preventiva por comparecencia",
        "quien manifiesta no haber sido notificado de la disposición fiscal",
    ),
    "laboral": (
        "para calcular los beneficios sociales adeudados por el empleador",
        "y se presentó la demanda por despido arbitrario",
        "quien entregó boletas de pago de los últimos {m} meses",
    ),
    "filiacion": (
        "para iniciar el proceso de filiación extramatrimonial con prueba de ADN",
        "y se programó la toma de muestras en el laboratorio acreditado",
    ),
}
_NOTE_GENERIC = (
    "y se le explicó el estado del proceso",
    "quien entregó copia de su DNI y de la partida de nacimiento",
    "y se acordó una nueva cita para la próxima semana",
    "y se requirió documentación adicional",
)
_NOTE_CLOSINGS = (
    "", "", " Se requiere intérprete de quechua para la próxima cita.",
    " La usuaria se encuentra en situación de vulnerabilidad.",
    " Pendiente respuesta del juzgado.", " Se informó al supervisor.",
    " Se fijó fecha para la audiencia.", " No asistió la parte contraria.",
)  # fmt: skip


class _Weighted:
    """Fast weighted choice over a fixed table (cumulative weights computed once)."""

    def __init__(self, table: Mapping[str, int]) -> None:
        self.items = list(table)
        self.cum = list(accumulate(table.values()))

    def pick(self, rng: random.Random) -> str:
        return rng.choices(self.items, cum_weights=self.cum, k=1)[0]


_SURNAME = _Weighted(SURNAMES)
_FEMALE = _Weighted(FEMALE_NAMES)
_MALE = _Weighted(MALE_NAMES)
_TONGUE = _Weighted(MOTHER_TONGUES)
_MATTER = _Weighted(MATTERS)
_REFERENCE_DAY = date(2026, 1, 1)


def _district_codes() -> tuple[list[str], list[str]]:
    codes = [d.inei for d in peru.default_catalog().all_districts()]
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
    day = _REFERENCE_DAY - timedelta(days=age * 365 + rng.randrange(365))
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
        "paternal_surname": _SURNAME.pick(rng),
        "maternal_surname": _SURNAME.pick(rng),
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


def matter(rng: random.Random) -> str:
    return _MATTER.pick(rng)


def _default_answers(
    rng: random.Random, person_data: Mapping[str, Any], today: date
) -> dict[str, Any]:
    chosen = matter(rng)
    answers: dict[str, Any] = {
        "service_type": rng.choices(("consulta", "patrocinio", "derivacion"), (45, 45, 10))[0],
        "matter": chosen,
        "summary": f"Solicita orientación sobre {MATTER_LABELS[chosen]}.",
        "household_size": rng.randint(1, 8),
        "monthly_income": rng.choice((0, 300, 600, 930, 1025, 1200, 1800, 2500)),
        "interpreter_needed": bool(person_data.get("interpreter_needed")),
    }
    if chosen in ("alimentos", "filiacion", "tenencia"):
        children = []
        for _ in range(rng.choices((1, 2, 3, 4), (45, 35, 15, 5))[0]):
            child_sex = rng.choice("FM")
            children.append(
                {
                    "given_names": given_names(rng, child_sex),
                    "birth_date": birth_date(rng, 0, 17),
                    "sex": child_sex,
                }
            )
        answers["children"] = children
    if chosen == "violencia":
        answers["violence_types"] = sorted(
            rng.sample(VIOLENCE_TYPES, rng.choices((1, 2, 3), (50, 35, 15))[0])
        )
        answers["risk_level"] = rng.choices(RISK_LEVELS, (40, 40, 20))[0]
        answers["aggressor_relationship"] = rng.choice(
            ("conviviente", "ex_conviviente", "conyuge", "padre", "otro")
        )
    answers["recorded_on"] = (today - timedelta(days=rng.randrange(0, 400))).isoformat()
    return answers


def _field_value(rng: random.Random, spec: Mapping[str, Any], today: date) -> Any:
    """A plausible value for one field of a form definition, by its declared type."""
    kind = spec.get("type", "text")
    choices = spec.get("choices") or spec.get("options") or []
    values = [c.get("value", c.get("id")) if isinstance(c, Mapping) else c for c in choices]
    if kind in ("select_one", "select-one") and values:
        return rng.choice(values)
    if kind in ("select_multiple", "select-multiple") and values:
        return sorted(rng.sample(values, rng.randint(1, min(2, len(values)))), key=str)
    if kind == "integer":
        return rng.randint(int(spec.get("min", 0)), int(spec.get("max", 5)))
    if kind == "decimal":
        return round(rng.uniform(float(spec.get("min", 0)), float(spec.get("max", 1000))), 2)
    if kind == "date":
        return (today - timedelta(days=rng.randrange(1, 3650))).isoformat()
    if kind == "datetime":
        return datetime.combine(today, time(rng.randrange(8, 17))).isoformat()
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "phone":
        return phone(rng)
    if kind == "ubigeo":
        return district_code(rng)
    if kind in ("document_id", "document"):
        return {"doc_type": "DNI", "doc_number": dni(rng)}
    return rng.choice(_NOTE_GENERIC).removeprefix("y ").capitalize()


def intake_answers(
    rng: random.Random,
    person_data: Mapping[str, Any],
    definition: Any = None,
    today: date | None = None,
) -> dict[str, Any]:
    """Answers for the intake form (``ficha_atencion``) of ``person_data``.

    Without ``definition`` the answers use the field names the core reads (service_type,
    matter, children[], violence_types, risk_level, ...). With a definition (a mapping or
    an object with ``to_dict()``/``fields``), every field the definition declares gets a
    value: the domain-specific value when its name is one of ours and fits the field's
    choices, else a plausible value by type. Validation is left to ``forms.validate``.
    """
    today = today or _REFERENCE_DAY
    answers = _default_answers(rng, person_data, today)
    fields = _definition_fields(definition)
    if not fields:
        return answers
    shaped: dict[str, Any] = {}
    for spec in fields:
        name = spec.get("id") or spec.get("name")
        if not name:
            continue
        kind = spec.get("type")
        if kind in ("repeat", "group") and isinstance(spec.get("fields"), list):
            if name in answers and isinstance(answers[name], list):
                shaped[name] = answers[name]
            else:
                shaped[name] = [
                    {
                        sub.get("id") or sub.get("name"): _field_value(rng, sub, today)
                        for sub in spec["fields"]
                        if isinstance(sub, Mapping)
                    }
                    for _ in range(rng.randint(1, 2))
                ]
            continue
        if name in answers and _fits(answers[name], spec):
            shaped[name] = answers[name]
        elif name in person_data and _fits(person_data[name], spec):
            shaped[name] = person_data[name]
        elif spec.get("required") is True or rng.random() < 0.7:
            shaped[name] = _field_value(rng, spec, today)
    return shaped


def _definition_fields(definition: Any) -> list[Mapping[str, Any]]:
    if definition is None:
        return []
    doc = definition.to_dict() if hasattr(definition, "to_dict") else definition
    if not isinstance(doc, Mapping):
        doc = getattr(definition, "__dict__", {})
    found: list[Mapping[str, Any]] = []
    sections = doc.get("sections")
    if isinstance(sections, list):
        for section in sections:
            if isinstance(section, Mapping):
                found.extend(f for f in section.get("fields", []) if isinstance(f, Mapping))
    found.extend(f for f in doc.get("fields", []) or [] if isinstance(f, Mapping))
    return found


def _fits(value: Any, spec: Mapping[str, Any]) -> bool:
    choices = spec.get("choices") or spec.get("options")
    if not choices:
        return True
    values = {c.get("value", c.get("id")) if isinstance(c, Mapping) else c for c in choices}
    if isinstance(value, list):
        return all(v in values for v in value)
    return value in values


def note_text(rng: random.Random, matter_code: str | None = None) -> str:
    """A realistic case note in Spanish."""
    bodies = _NOTE_BODIES.get(matter_code or "", ()) + _NOTE_GENERIC
    body = rng.choice(bodies).format(n=rng.randint(1, 4), m=rng.randint(2, 14))
    return f"{rng.choice(_NOTE_OPENINGS)} {body}.{rng.choice(_NOTE_CLOSINGS)}"


def notes(n: int, seed: int = 0) -> Iterator[str]:
    """``n`` note texts, deterministic for a given seed."""
    rng = random.Random(seed)
    matters = list(MATTERS)
    for _ in range(n):
        yield note_text(rng, rng.choice(matters))


def hearing(
    rng: random.Random, matter_code: str | None = None, around: date | None = None
) -> dict[str, Any]:
    """A hearing or deadline: ``category``, ``kind``, ``at`` (ISO datetime), ``place``."""
    around = around or _REFERENCE_DAY
    day = around + timedelta(days=rng.randrange(-60, 120))
    while day.weekday() >= 5:
        day += timedelta(days=1)
    if rng.random() < 0.2:
        return {
            "category": "deadline",
            "kind": rng.choice(DEADLINE_KINDS),
            "at": datetime.combine(day, time(23, 59)).isoformat(),
            "place": "",
        }
    district = peru.district(district_code(rng))
    place_name = district.name.title() if district else "Lima"
    return {
        "category": "hearing",
        "kind": rng.choice(HEARING_KINDS.get(matter_code or "", ("audiencia_unica",))),
        "at": datetime.combine(
            day, time(rng.randrange(8, 17), rng.choice((0, 15, 30)))
        ).isoformat(),
        "place": rng.choice(_COURTS).format(d=place_name),
    }


@dataclass
class SampleRecord:
    """One beneficiary with their intake and, for some, a case with notes and hearings."""

    person: dict[str, Any]
    answers: dict[str, Any]
    case: bool
    notes: list[str] = field(default_factory=list)
    hearings: list[dict[str, Any]] = field(default_factory=list)


def dataset(
    n_people: int,
    seed: int = 0,
    cases_ratio: float = 0.4,
    notes_per_case: int = 5,
    definition: Any = None,
) -> Iterator[SampleRecord]:
    """The whole graph for ``n_people`` beneficiaries (about ``cases_ratio`` get a case)."""
    rng = random.Random(seed)
    for _ in range(n_people):
        who = person(rng)
        answers = intake_answers(rng, who, definition)
        has_case = rng.random() < cases_ratio
        record = SampleRecord(person=who, answers=answers, case=has_case)
        if has_case:
            matter_code = answers.get("matter") if isinstance(answers.get("matter"), str) else None
            count = max(1, int(rng.expovariate(1 / notes_per_case)))
            record.notes = [note_text(rng, matter_code) for _ in range(count)]
            record.hearings = [hearing(rng, matter_code) for _ in range(rng.randint(0, 3))]
        yield record
