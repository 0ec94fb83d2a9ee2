"""Sample matters, case notes and hearings (deterministic, plain data, no store).

Owns the matter table (codes, weights, labels), the hearing and deadline kinds drawn per
matter, the phrase tables of case notes, and the generators ``matter``, ``note_text``,
``notes`` and ``hearing``. Part of :mod:`app.core.sample`, which is the public surface.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from app.core.sample_people import REFERENCE_DAY, Weighted, district_code
from forms import peru
from forms.ubigeo import district_name

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

# Where each matter is heard (a family matter is not heard by a criminal court)
_FAMILY = ("Juzgado de Paz Letrado de {d}", "Juzgado de Familia de {d}")
_CRIMINAL = ("Juzgado de Investigación Preparatoria de {d}", "Juzgado Penal Unipersonal de {d}")
COURTS: dict[str, tuple[str, ...]] = {
    "alimentos": ("Juzgado de Paz Letrado de {d}",),
    "filiacion": _FAMILY,
    "tenencia": ("Juzgado de Familia de {d}",),
    "violencia": ("Juzgado de Familia de {d}", "Fiscalía Provincial de Familia de {d}"),
    "penal": _CRIMINAL,
    "victimas": _CRIMINAL,
    "laboral": ("Juzgado de Trabajo de {d}", "Juzgado Mixto de {d}"),
    "conciliacion": ("Centro de Conciliación ALEGRA {d}",),
}

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
NOTE_GENERIC = (
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


_MATTER = Weighted(MATTERS)


def matter(rng: random.Random) -> str:
    return _MATTER.pick(rng)


def note_text(rng: random.Random, matter_code: str | None = None) -> str:
    """A realistic case note in Spanish."""
    bodies = _NOTE_BODIES.get(matter_code or "", ()) + NOTE_GENERIC
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
    around = around or REFERENCE_DAY
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
    code = district_code(rng)
    # as Spanish writes it ("Santiago de Chilcas", not str.title()'s "Santiago De Chilcas")
    place_name = district_name(code) if peru.district(code) else "Lima"
    return {
        "category": "hearing",
        "kind": rng.choice(HEARING_KINDS.get(matter_code or "", ("audiencia_unica",))),
        "at": datetime.combine(
            day, time(rng.randrange(8, 17), rng.choice((0, 15, 30)))
        ).isoformat(),
        "place": rng.choice(COURTS.get(matter_code or "", _FAMILY)).format(d=place_name),
    }
