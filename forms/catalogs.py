"""Built-in choice catalogs that definitions reference with ``"catalog": "<name>"``.

Owns the list of legal matters (``matters``) the legal-aid service records; its values
are the ``matter`` codes statistics and cases use — and which service areas offer each
(``MATTER_AREAS``: "Asistencia legal" offers no criminal defence). ``NARROWED_BY`` says
which answer of the same form narrows a catalog's choices and what to say of a choice
that does not fit it (``forms.validate`` refuses it: desktop, CLI and server alike);
``allowed(catalog, answers)`` is the set a form offers now (the ficha's "Materia" after
its "Área"). The ubigeo
catalog is not here: the ``ubigeo`` field type uses :mod:`forms.ubigeo` directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

Label = dict[str, str]

MATTERS: list[tuple[str, Label]] = [
    ("alimentos", {"es": "Alimentos", "en": "Child support"}),
    ("filiacion", {"es": "Filiación", "en": "Paternity"}),
    ("tenencia", {"es": "Tenencia y régimen de visitas", "en": "Custody and visitation"}),
    ("violencia", {"es": "Violencia familiar (Ley 30364)", "en": "Family violence (Law 30364)"}),
    ("laboral", {"es": "Laboral", "en": "Labour"}),
    ("penal", {"es": "Penal (defensa)", "en": "Criminal defence"}),
    ("victimas", {"es": "Asistencia a víctimas", "en": "Victim assistance"}),
    ("conciliacion", {"es": "Conciliación extrajudicial", "en": "Out-of-court conciliation"}),
    ("civil", {"es": "Civil (otros)", "en": "Civil (other)"}),
    ("otro", {"es": "Otra materia", "en": "Other matter"}),
]

AREAS = ("asistencia_legal", "defensa_victimas", "defensa_penal", "conciliacion")

# The service areas (the ficha's "area" answers) that take each matter, the usual first.
MATTER_AREAS: dict[str, tuple[str, ...]] = {
    "alimentos": ("asistencia_legal", "conciliacion"),
    "filiacion": ("asistencia_legal",),
    "tenencia": ("asistencia_legal", "conciliacion"),
    "violencia": ("defensa_victimas", "asistencia_legal"),
    "laboral": ("asistencia_legal", "conciliacion"),
    "penal": ("defensa_penal",),
    "victimas": ("defensa_victimas",),
    "conciliacion": ("conciliacion",),
    "civil": ("asistencia_legal", "conciliacion"),
    "otro": AREAS,
}

CATALOGS: dict[str, list[tuple[str, Label]]] = {"matters": MATTERS}


@dataclass(frozen=True)
class Narrowing:
    """A catalog's choices narrowed by another answer of the same form."""

    field: str  # the field whose answer narrows the catalog
    belongs: Mapping[str, tuple[str, ...]]  # choice -> the answers it belongs to
    misfit: Label  # a choice that does not fit, with {choice} and {by} (their labels)
    # form id -> the first version whose answers must fit. Answers of an older version were
    # accepted without the rule and may still wait in an offline laptop's outbox: refusing
    # them at their first push would strand them there for good (review 6 F6).
    since: Mapping[str, int] = dataclass_field(default_factory=dict)

    def enforced(self, form_id: str, version: int) -> bool:
        return version >= self.since.get(form_id, 1)

    def fits(self, choice: str, answer: str) -> bool:
        return answer in self.belongs.get(choice, (answer,))


NARROWED_BY: dict[str, Narrowing] = {
    "matters": Narrowing(
        "area",
        MATTER_AREAS,
        {
            "es": "La materia «{choice}» no corresponde al área «{by}».",
            "en": "The matter “{choice}” does not belong to the area “{by}”.",
        },
        since={"ficha_atencion": 3},
    ),
}


def allowed(catalog: str | None, answers: Mapping[str, Any]) -> frozenset[str] | None:
    """The values of ``catalog`` a form offers given its ``answers`` (None: all of them,
    when the catalog is not narrowed or the narrowing answer is not given yet)."""
    narrowed = NARROWED_BY.get(catalog or "")
    if narrowed is None:
        return None
    answer = answers.get(narrowed.field)
    if not isinstance(answer, str) or not answer:
        return None
    return frozenset(value for value in narrowed.belongs if narrowed.fits(value, answer))
