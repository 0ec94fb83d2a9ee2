"""Registering a new intake as the desktop does it, in one transaction.

Owns ``register_intake``: the person (the existing one the defender recognised — updated
with what step 1 and the ficha say, through the one person validator; empty answers never
erase what the record has — or a new record made of it, ``intake_person``), the intake (validated
by the form), the duplicate decisions linked to it (audited), and — when the case opens
— the case with every other party of the ficha as a case party (an existing person the
defender recognised, or a new person registered from the ``partes`` row). Nothing is
written unless all of it is: a bad party row fails the whole registration with a problem
that names the row (``partes[2].doc_number``, labelled "Otras partes, fila 2: …").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from app.core import cases, intakes, people
from app.core.errors import InvalidInput
from app.core.intake_person import PARTIES, intake_person


def register_intake(
    store: Any,
    person: Mapping[str, Any],
    answers: Mapping[str, Any],
    validator: intakes.IntakeValidator,
    *,
    person_id: str | None = None,
    parties: Sequence[Mapping[str, Any]] = (),
    open_case: bool = False,
    form_id: str | None = None,
    form_version: int | None = None,
    decisions: Mapping[str, Any] | None = None,
    draft_id: str | None = None,
) -> dict[str, Any]:
    """Record the intake; return ``{person_id, intake_id, case_id, party_ids}``.

    ``person`` is the person input of step 1 (completed by the ficha's answers);
    ``person_id`` the existing person decided to be the same one. ``parties`` are
    ``{"row", "person", "role", "person_id"}`` (``app.core.intake_person.
    parties_from_answers`` plus the recognised person's id, if any); they become case
    parties only when ``open_case``. ``decisions`` (candidate id -> decision) are audited
    with the intake's id and ``draft_id``, the draft the conflict check's decisions were
    audited with (``duplicates.conflict_overrides`` finds them through it).
    """
    with store.transaction():
        given = intake_person(person, answers)
        if not person_id:
            person_id = people.register_person(store, given)
        else:  # the same person: what was typed now completes or corrects the record
            people.update_person(store, person_id, given)
        doc: dict[str, Any] = {"answers": dict(answers)}
        if form_version:
            doc["form_version"] = int(form_version)
        intake_id = intakes.add_intake(store, person_id, doc, validator, form_id=form_id)
        if decisions or draft_id:  # the draft links the other parties' decisions too
            detail: dict[str, Any] = {"intake_id": intake_id, "decisions": dict(decisions or {})}
            if draft_id:
                detail["draft_id"] = draft_id
            store.audit("duplicate_decision", "person", person_id, detail)
        case_id: str | None = None
        party_ids: list[str] = []
        if open_case:
            case_id = cases.open_case(store, intake_id)
            for party in parties:
                party_person = party.get("person_id") or _register_party(store, party)
                if party_person == person_id:
                    continue  # the client is not a party against themself
                party_ids.append(cases.add_party(store, case_id, party_person, str(party["role"])))
    return {
        "person_id": person_id,
        "intake_id": intake_id,
        "case_id": case_id,
        "party_ids": party_ids,
    }


def _register_party(store: Any, party: Mapping[str, Any]) -> str:
    try:
        return people.register_person(store, party["person"])
    except InvalidInput as exc:
        raise party_problems(int(party.get("row", 0)), exc) from None


def party_problems(row: int, exc: InvalidInput) -> InvalidInput:
    """The problems of a ``partes`` row's person (0-based ``row``), naming the row:
    ``partes[2].doc_number``, labelled "Otras partes, fila 2: Número de documento"."""
    n = row + 1
    return InvalidInput(
        [
            replace(
                p,
                field=f"{PARTIES}[{n}].{p.field}",
                label=f"Otras partes, fila {n}: {p.label or p.field}",
            )
            for p in exc.problems
        ]
    )
