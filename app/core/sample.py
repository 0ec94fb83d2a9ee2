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

This module owns the public surface (import from ``app.core.sample``) and the whole
graph (``SampleRecord``, ``dataset``); the parts live in ``sample_people`` (people and
identifiers), ``sample_case`` (matters, notes, hearings) and ``sample_intake`` (intake
answers).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from app.core.intake_person import party_answers, person_answers
from app.core.sample_case import (
    DEADLINE_KINDS,
    HEARING_KINDS,
    MATTER_LABELS,
    MATTERS,
    hearing,
    matter,
    note_text,
    notes,
)
from app.core.sample_intake import INTAKE_FORM, RISK_LEVELS, VIOLENCE_TYPES, intake_answers
from app.core.sample_people import (
    FEMALE_NAMES,
    MALE_NAMES,
    MOTHER_TONGUES,
    REFERENCE_DAY,
    SURNAMES,
    birth_date,
    court_file_number,
    district_code,
    dni,
    dni_check_char,
    given_names,
    people,
    person,
    phone,
    ruc,
)

__all__ = [
    "DEADLINE_KINDS",
    "FEMALE_NAMES",
    "HEARING_KINDS",
    "INTAKE_FORM",
    "MALE_NAMES",
    "MATTERS",
    "MATTER_LABELS",
    "MOTHER_TONGUES",
    "REFERENCE_DAY",
    "RISK_LEVELS",
    "SURNAMES",
    "VIOLENCE_TYPES",
    "SampleRecord",
    "birth_date",
    "court_file_number",
    "dataset",
    "district_code",
    "dni",
    "dni_check_char",
    "given_names",
    "hearing",
    "intake_answers",
    "matter",
    "note_text",
    "notes",
    "people",
    "person",
    "phone",
    "ruc",
]


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
            sex = "M" if who.get("sex") == "F" else "F"
            if other["sex"] != sex:  # names that go with it (fresh-eyes 6 #1: "Nayeli",
                # Masculino), drawn apart so every seed's other records stay as they were
                apart = random.Random(f"{other['paternal_surname']}-{other.get('doc_number')}")
                other["given_names"] = given_names(apart, sex)
            other["sex"] = sex
        answers = intake_answers(rng, who, definition, today, counterparty=other)
        if answers.get("materia") == "alimentos":  # the mother claims; he is the demandado
            who, answers, him = _alimony(who, answers, has_case)
            other = him or other
        if has_case:
            answers["tipo_servicio"] = "patrocinio"
            answers.pop("entidad_derivacion", None)
        elif answers.get("tipo_servicio") == "patrocinio":  # a sponsorship opens its case:
            answers["tipo_servicio"] = "consulta"  # the monthly report's "Patrocinios" and
            # "Casos nuevos" then agree (fresh8 #8: 46 vs 29 in the demo, unexplained)
        record = SampleRecord(person=who, answers=answers, case=has_case, counterparty=other)
        if has_case:
            matter_code = answers.get("materia")
            matter_code = matter_code if isinstance(matter_code, str) else None
            count = max(1, int(rng.expovariate(1 / notes_per_case)))
            record.notes = [note_text(rng, matter_code) for _ in range(count)]
            record.hearings = [hearing(rng, matter_code) for _ in range(rng.randint(0, 3))]
            # a case is heard at its court: the first hearing's, for all (fresh-eyes #25:
            # one case had hearings at three courts)
            court = next((h["place"] for h in record.hearings if h["place"]), "")
            for item in record.hearings:
                if item["category"] == "hearing":
                    item["place"] = court
        yield record


def _alimony(
    who: dict[str, Any], answers: dict[str, Any], has_case: bool
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any] | None]:
    """An Alimentos claim as a real one is (fresh 9 N6: the demo's listed the client
    alone, sometimes a man of 76): the person attended is the mother, a woman 18 to 32
    years older than her eldest child, claiming for her children; with a case, the ficha's
    obligado is its demandado — one person by name and DNI, his "Otras partes" row, and
    the case's other party, as the intake's ``with_obligado`` makes him. Drawn from the
    record's own stream: every other record of a seed stays as it was. Returns (the
    mother, the answers, him or None)."""
    fit = random.Random(f"alimentos-{who['paternal_surname']}-{who.get('doc_number')}")
    born = [date.fromisoformat(h["hijo_fecha_nacimiento"]) for h in answers.get("hijos") or []]
    eldest = min(born, default=REFERENCE_DAY - timedelta(days=365 * 5))
    mother = {**who, "sex": "F"}
    if who.get("sex") != "F":
        mother["given_names"] = given_names(fit, "F")
    mother["birth_date"] = (
        eldest - timedelta(days=fit.randint(18 * 365 + 5, 32 * 365))
    ).isoformat()
    out = {k: v for k, v in answers.items() if not k.startswith("representante_")}
    out.update(person_answers(mother))
    if not has_case:
        return mother, out, None
    him = {**person(fit), "sex": "M", "given_names": given_names(fit, "M"), "doc_type": "DNI",
           "doc_number": dni(fit)}  # fmt: skip
    him.pop("doc_reason", None)
    him["birth_date"] = (date.fromisoformat(mother["birth_date"]) - timedelta(
        days=fit.randint(-3 * 365, 8 * 365))).isoformat()  # fmt: skip
    out["obligado_nombres"] = " ".join(
        str(him[k]) for k in ("given_names", "paternal_surname", "maternal_surname")
    )
    out["obligado_tipo_documento"], out["obligado_numero_documento"] = "DNI", him["doc_number"]
    out["partes"] = [party_answers(him, "demandado")]
    return mother, out, him
