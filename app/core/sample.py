"""Deterministic, realistic Peruvian sample data as plain dicts (no store needed).

Used by ``chasqui sample-data`` (which writes through the core services), by the demo
and by the benchmarks (100k people / 500k notes in a few seconds). Every function takes a
``random.Random`` (or a seed) so that the same seed gives the same data.

Public functions (plain dicts, no store; ``rng`` is a ``random.Random``):

- ``person(rng) -> dict``: one person in the input shape of ``people.register_person``
  (given_names, paternal_surname, maternal_surname, doc_type, doc_number, doc_reason,
  birth_date, sex, ubigeo (INEI), phone, mother_tongue, interpreter_needed).
- ``people(n, seed=0) -> Iterator[dict]``: ``n`` persons (about 60k/s here).
- ``dni(rng) -> str`` (8 digits), ``dni_check_char(number) -> str`` (its check digit),
  ``ruc(rng) -> str``, ``phone(rng) -> str``, ``district_code(rng) -> str``,
  ``birth_date(rng, min_age, max_age) -> str``, ``court_file_number(rng, year) -> str``.
- ``matter(rng) -> str``: a matter code (alimentos, violencia, penal, laboral, ...).
- ``intake_answers(rng, person, definition=None, today=None, counterparty=None) -> dict``:
  answers of ``ficha_atencion`` consistent with the person (or of any definition given).
- ``note_text(rng, matter=None) -> str``: a realistic case note in Spanish.
- ``notes(n, seed=0) -> Iterator[str]``: ``n`` note texts (about 400k/s here).
- ``hearing(rng, matter=None, around=None) -> dict``: category, kind, at (ISO), place.
- ``dataset(n_people, seed=0, cases_ratio=0.4, notes_per_case=5, definition=None,
  today=None) -> Iterator[SampleRecord]``: the whole graph, one ``SampleRecord(person,
  answers, case, counterparty, notes, hearings)`` per beneficiary.

Benchmarks wanting 100k people / 500k notes: ``list(people(100_000))`` takes about 1.2 s,
``list(notes(500_000))`` about 1 s.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
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
REFERENCE_DAY = _REFERENCE_DAY  # dates of generated hearings are drawn around this day


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


_AREA = {
    "alimentos": "asistencia_legal", "filiacion": "asistencia_legal",
    "tenencia": "asistencia_legal", "laboral": "asistencia_legal",
    "violencia": "defensa_victimas", "victimas": "defensa_victimas",
    "penal": "defensa_penal", "conciliacion": "conciliacion",
}  # fmt: skip
_DEFENDERS = ("Dra. Carmen Salazar Ríos", "Dr. Luis Paredes Vega", "Dra. Rocío Tello Aquino",
              "Dr. Hugo Palomino Cárdenas", "Dra. Nelly Ccama Apaza")  # fmt: skip
_LOCALITIES = ("Centro poblado Santa Rosa", "Comunidad campesina Chumbivilcas",
               "Anexo Huayllay", "Caserío El Porvenir", "Comunidad nativa Yarina")  # fmt: skip
_STREETS = ("Av. Los Incas", "Jr. Tupac Amaru", "Calle Real", "Av. Grau", "Jr. Ayacucho",
            "Pasaje San Martín", "Av. La Cultura")  # fmt: skip
_CRIMES = ("hurto agravado", "lesiones leves", "omisión a la asistencia familiar",
           "robo agravado", "microcomercialización de drogas",
           "conducción en estado de ebriedad")  # fmt: skip
_EMPLOYERS = ("Agroindustrias del Sur S.A.C.", "Comercial Andina E.I.R.L.",
              "Servicios Generales Quispe S.R.L.", "Textil Amazonas S.A.")  # fmt: skip


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


def _ficha_answers(
    rng: random.Random,
    who: Mapping[str, Any],
    today: date,
    counterparty: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Answers of ``ficha_atencion`` v1 consistent with the person ``who``."""
    chosen = matter(rng)
    day = today - timedelta(days=rng.randrange(0, 400))
    a: dict[str, Any] = {
        "fecha_atencion": day.isoformat(),
        "lugar_atencion": "brigada" if rng.random() < 0.25 else "oficina",
        "defensor": rng.choice(_DEFENDERS),
        "tipo_servicio": rng.choices(("consulta", "patrocinio", "derivacion"), (40, 50, 10))[0],
        "area": _AREA[chosen],
        "materia": chosen,
        "resumen_caso": f"Solicita orientación y patrocinio sobre {MATTER_LABELS[chosen]}.",
        "tipo_documento": who["doc_type"],
        "nombres": who["given_names"],
        "apellido_paterno": who["paternal_surname"],
        "sexo": who.get("sex") or "X",
        "fecha_nacimiento": who["birth_date"],
        "requiere_interprete": bool(who.get("interpreter_needed")),
        "discapacidad": rng.random() < 0.07,
        "ubigeo_domicilio": who["ubigeo"],
        "direccion": f"{rng.choice(_STREETS)} {rng.randint(100, 1999)}",
        "aviso_privacidad_version": "LPDP-2024-01",
        "aviso_privacidad_fecha": datetime.combine(day, time(rng.randint(8, 16), 5)).isoformat(),
        "consentimiento_datos_sensibles": True,
    }
    if a["lugar_atencion"] == "brigada":
        a["brigada_localidad"] = rng.choice(_LOCALITIES)
    if a["tipo_servicio"] == "derivacion":
        a["entidad_derivacion"] = rng.choice(("Centro Emergencia Mujer", "DEMUNA", "Fiscalía"))
    if who["doc_type"] == "SIN_DOCUMENTO":
        a["motivo_sin_documento"] = who.get("doc_reason") or "DNI extraviado"
    else:
        a["numero_documento"] = who["doc_number"]
    if who.get("maternal_surname"):
        a["apellido_materno"] = who["maternal_surname"]
    birth = date.fromisoformat(who["birth_date"])
    if (today - birth).days < 18 * 365 + 5:
        a["representante_nombres"] = f"{given_names(rng, 'F')} {who['paternal_surname']}"
        a["representante_tipo_documento"] = "DNI"
        a["representante_numero_documento"] = dni(rng)
        a["representante_parentesco"] = rng.choice(("madre", "padre", "tutor"))
    tongue = who.get("mother_tongue") or "castellano"
    a["lengua_materna"] = tongue
    if tongue == "otra":
        a["lengua_materna_otra"] = rng.choice(("matsigenka", "kandozi", "yanesha"))
    if tongue in ("quechua", "aimara"):
        a["autoidentificacion_etnica"] = tongue
    if a["discapacidad"]:
        a["tipo_discapacidad"] = [rng.choice(("fisica", "visual", "auditiva", "psicosocial"))]
        a["certificado_conadis"] = rng.random() < 0.4
    if who.get("phone"):
        a["telefono"] = who["phone"]
        a["llamada_segura"] = rng.random() < 0.7
    factors = []
    if chosen in ("violencia", "victimas"):
        factors.append("victima_violencia")
    if tongue != "castellano":
        factors.append("pueblo_indigena")
    if rng.random() < 0.2:
        factors.append("pobreza_extrema")
    if factors:
        a["factores_vulnerabilidad"] = factors
    _matter_answers(rng, a, chosen, day)
    if counterparty is not None:
        a["partes"] = [
            _party_row(counterparty, "demandado" if chosen != "violencia" else "denunciado")
        ]
    return a


def _party_row(who: Mapping[str, Any], role: str) -> dict[str, Any]:
    row = {
        "parte_nombres": who["given_names"],
        "parte_apellidos": " ".join(
            p for p in (who.get("paternal_surname"), who.get("maternal_surname")) if p
        ),
        "parte_tipo_documento": who["doc_type"],
        "parte_fecha_nacimiento": who["birth_date"],
        "parte_rol": role,
    }
    if who["doc_type"] != "SIN_DOCUMENTO":
        row["parte_numero_documento"] = who["doc_number"]
    return row


def _matter_answers(rng: random.Random, a: dict[str, Any], chosen: str, day: date) -> None:
    if chosen == "alimentos":
        a["hijos"] = []
        for _ in range(rng.choices((1, 2, 3, 4), (45, 35, 15, 5))[0]):
            sex = rng.choice("FM")
            born = date.fromisoformat(birth_date(rng, 0, 17))
            a["hijos"].append(
                {
                    "hijo_nombres": given_names(rng, sex),
                    "hijo_fecha_nacimiento": min(born, day).isoformat(),
                    "hijo_reconocido": rng.random() < 0.8,
                }
            )
        a["obligado_nombres"] = f"{given_names(rng, 'M')} {_SURNAME.pick(rng)}"
        a["obligado_tipo_documento"] = "DNI"
        a["obligado_numero_documento"] = dni(rng)
        a["obligado_ocupacion"] = rng.choice(("mototaxista", "agricultor", "comerciante", "obrero"))
        a["obligado_ingreso_estimado"] = float(rng.choice((900, 1025, 1200, 1500, 2000)))
        a["monto_solicitado"] = float(rng.choice((300, 400, 500, 600, 800)))
    elif chosen == "violencia":
        a["tipos_violencia"] = sorted(
            rng.sample(VIOLENCE_TYPES, rng.choices((1, 2, 3), (50, 35, 15))[0])
        )
        a["relacion_agresor"] = rng.choice(("pareja", "ex_pareja", "padre_madre", "otro_familiar"))
        a["fecha_hechos"] = (day - timedelta(days=rng.randrange(0, 30))).isoformat()
        a["denuncia_presentada"] = rng.random() < 0.6
        if a["denuncia_presentada"]:
            a["denuncia_entidad"] = rng.choice(("comisaria", "fiscalia", "cem"))
            a["denuncia_numero"] = f"{rng.randrange(1, 9999)}-{day.year}"
        a["nivel_riesgo"] = rng.choices(RISK_LEVELS, (40, 40, 20))[0]
        a["medidas_proteccion"] = rng.random() < 0.5
        if a["medidas_proteccion"]:
            a["medidas_expediente"] = court_file_number(rng, day.year, "FP")
    elif chosen == "laboral":
        start = day - timedelta(days=rng.randrange(200, 4000))
        a["empleador_nombre"] = rng.choice(_EMPLOYERS)
        a["empleador_ruc"] = ruc(rng)
        a["fecha_inicio_labores"] = start.isoformat()
        a["fecha_fin_labores"] = (start + timedelta(days=rng.randrange(90, 180))).isoformat()
        a["remuneracion_mensual"] = float(rng.choice((1025, 1200, 1500, 1800)))
        a["pretension_laboral"] = sorted(
            rng.sample(("beneficios_sociales", "remuneraciones", "despido"), rng.randint(1, 2))
        )
    elif chosen == "penal":
        a["rol_procesal"] = rng.choice(("investigado", "imputado", "acusado"))
        a["situacion_juridica"] = rng.choice(("libre", "comparecencia", "prision_preventiva"))
        if a["situacion_juridica"] == "prision_preventiva":
            a["establecimiento_penitenciario"] = rng.choice(("E.P. Lurigancho", "E.P. Qenqoro"))
        a["etapa_proceso"] = rng.choice(("preliminar", "preparatoria", "intermedia"))
        a["delito"] = rng.choice(_CRIMES)
        a["carpeta_fiscal"] = f"506014500-{day.year}-{rng.randrange(1, 999)}-0"


def _field_value(rng: random.Random, spec: Mapping[str, Any], today: date) -> Any:
    """A plausible value for one field of a form definition, by its declared type."""
    kind = spec.get("type", "text")
    choices = spec.get("choices") or spec.get("options") or []
    values = [c.get("value", c.get("id")) if isinstance(c, Mapping) else c for c in choices]
    if kind in ("select_one", "select-one") and values:
        return rng.choice(values)
    if kind in ("select_multiple", "select-multiple") and values:
        return sorted(rng.sample(values, rng.randint(1, min(2, len(values)))), key=str)
    low, high = spec.get("min"), spec.get("max")
    if kind == "integer":
        return rng.randint(int(low or 0), int(high if high is not None else 5))
    if kind == "decimal":
        return round(rng.uniform(float(low or 0), float(high if high is not None else 1000)), 2)
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
        return dni(rng)
    if kind == "court_file":
        return court_file_number(rng, today.year)
    return rng.choice(_NOTE_GENERIC).removeprefix("y ").capitalize()


def intake_answers(
    rng: random.Random,
    person_data: Mapping[str, Any],
    definition: Any = None,
    today: date | None = None,
    counterparty: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Answers for the intake form of ``person_data`` (``ficha_atencion`` by default).

    Without ``definition`` (or with ``ficha_atencion``) the answers follow ficha_atencion
    v1 field by field, consistent with the person (document, names, birth date, district,
    phone, mother tongue) and with the matter's section (alimentos: hijos, obligado...;
    violencia: tipos, riesgo...; laboral; penal), plus ``partes`` when a counterparty is
    given. With another definition (a ``forms.Definition`` or its raw dict), every field
    it declares gets a value: ours when the name matches and fits the choices, else a
    plausible value by type. Validation is left to ``forms.validate``.
    """
    today = today or _REFERENCE_DAY
    answers = _ficha_answers(rng, person_data, today, counterparty)
    if definition is None or getattr(definition, "id", None) == INTAKE_FORM:
        return answers
    fields = _definition_fields(definition)
    shaped: dict[str, Any] = {}
    for spec in fields:
        name = spec.get("id") or spec.get("name")
        if not name or spec.get("skip"):
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


def _spec(f: Any) -> dict[str, Any]:
    """A field of a definition as a plain dict (``forms.Field`` or raw JSON)."""
    if isinstance(f, Mapping):
        return dict(f)
    return {
        "name": f.name,
        "type": f.type,
        "required": f.required is True,
        "choices": f.choice_values() if f.choices else None,
        "min": f.min,
        "max": f.max,
        "skip": f.calculate is not None or f.type == "note",
        "fields": [_spec(c) for c in f.fields] if f.fields else None,
    }


def _definition_fields(definition: Any) -> list[dict[str, Any]]:
    if definition is None:
        return []
    if hasattr(definition, "top_fields"):
        return [_spec(f) for f in definition.top_fields()]
    found: list[dict[str, Any]] = []
    for section in definition.get("sections") or []:
        if isinstance(section, Mapping):
            found.extend(_spec(f) for f in section.get("fields", []) if isinstance(f, Mapping))
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
    """One beneficiary with their intake and, for some, a case with notes and hearings.

    ``counterparty`` (a person dict, or None) is the other side of the dispute; it also
    appears in the answers' ``partes``.
    """

    person: dict[str, Any]
    answers: dict[str, Any]
    case: bool
    counterparty: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)
    hearings: list[dict[str, Any]] = field(default_factory=list)


def dataset(
    n_people: int,
    seed: int = 0,
    cases_ratio: float = 0.4,
    notes_per_case: int = 5,
    definition: Any = None,
    today: date | None = None,
) -> Iterator[SampleRecord]:
    """The whole graph for ``n_people`` beneficiaries (about ``cases_ratio`` get a case)."""
    rng = random.Random(seed)
    for _ in range(n_people):
        who = person(rng)
        has_case = rng.random() < cases_ratio
        other = None
        if has_case and rng.random() < 0.5:
            other = person(rng)
            other["sex"] = "M" if who.get("sex") == "F" else "F"
        answers = intake_answers(rng, who, definition, today, counterparty=other)
        if has_case:
            answers["tipo_servicio"] = "patrocinio"
            answers.pop("entidad_derivacion", None)
        record = SampleRecord(person=who, answers=answers, case=has_case, counterparty=other)
        if has_case:
            matter_code = answers.get("materia")
            matter_code = matter_code if isinstance(matter_code, str) else None
            count = max(1, int(rng.expovariate(1 / notes_per_case)))
            record.notes = [note_text(rng, matter_code) for _ in range(count)]
            record.hearings = [hearing(rng, matter_code) for _ in range(rng.randint(0, 3))]
        yield record
