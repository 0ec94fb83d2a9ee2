"""CLI commands over the case file: people, intakes, cases, notes, hearings, search,
duplicates and sample data. Each ``cmd_*`` takes the parsed arguments and returns
the exit code; errors are raised and turned into messages by ``app.cli.main``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.cli.context import (
    emit_json,
    emit_record,
    emit_table,
    open_store,
    read_json,
    read_text,
)
from app.core import (
    cases,
    duplicates,
    form_source,
    hearings,
    intakes,
    notes,
    people,
    referrals,
    sample_load,
)
from app.core import search as search_core
from app.core.errors import FieldProblem, InvalidInput


def _validator(store: Any) -> intakes.IntakeValidator:
    """Shipped forms plus those the server published to this vault."""
    return intakes.FormsIntakeValidator(form_source.registry_for(store))


def cmd_person_add(args: argparse.Namespace) -> int:
    data = read_json(args.json)
    with open_store(args) as store:
        fields = people.normalize_person(data)  # after unlock: published districts apply
        found = duplicates.find_duplicates(store, fields)
        exact = [c for c in found if c.score >= 1.0]
        if exact and not args.allow_duplicate:
            raise InvalidInput(
                FieldProblem(
                    "doc_number",
                    f"ya existe una persona con este documento: {exact[0].person_id} "
                    "(use --allow-duplicate si es otra persona)",
                    "duplicate",
                )
            )
        person_id = people.register_person(store, data)
    for candidate in found:
        if candidate.score < 1.0 or args.allow_duplicate:
            print(
                f"aviso: posible duplicado {candidate.person_id} ({candidate.name}, "
                f"{candidate.score:.2f}: {', '.join(candidate.reasons)})",
                file=sys.stderr,
            )
        if candidate.conflict_of_interest:
            print(
                f"aviso: {candidate.name} es contraparte en "
                + ", ".join(str(link.internal_number) for link in candidate.counterparty_in),
                file=sys.stderr,
            )
    print(person_id)
    return 0


def cmd_person_list(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        rows = people.list_people(store, limit=args.limit, offset=args.offset)
    if args.as_json:
        emit_json(rows)
    else:
        for row in rows:
            row["name"] = people.full_name(row)
        emit_table(rows, ["id", "name", "doc_type", "doc_number", "birth_date", "ubigeo"])
    return 0


def cmd_person_show(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        record = people.get_person(store, args.id)
        record["intakes"] = intakes.list_intakes(store, args.id)
        record["referrals"] = referrals.list_referrals(store, person_id=args.id)
        store.audit("view", "person", args.id)
    if args.as_json:
        emit_json(record)
    else:
        emit_record(record)
    return 0


def cmd_intake_add(args: argparse.Namespace) -> int:
    doc = read_json(args.json)
    with open_store(args) as store:
        intake_id = intakes.add_intake(
            store, args.person, doc, _validator(store), form_id=args.form
        )
    print(intake_id)
    return 0


def cmd_case_open(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        case_id = cases.open_case(store, args.intake)
        number = cases.get_case(store, case_id)["internal_number"]
    print(case_id if args.quiet else f"{case_id} {number}")
    return 0


def cmd_case_list(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        rows = cases.list_cases(store, status=args.status, limit=args.limit, offset=args.offset)
    if args.as_json:
        emit_json(rows)
    else:
        emit_table(rows, ["id", "internal_number", "matter", "status", "opened_at"])
    return 0


def cmd_case_show(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        record = cases.get_case(store, args.id)
        record["parties"] = cases.case_parties(store, args.id)
        record["notes"] = notes.list_notes(store, args.id)
        record["hearings"] = hearings.list_hearings(store, args.id)
        store.audit("view", "case", args.id)
    if args.as_json:
        emit_json(record)
    else:
        emit_record(record)
    return 0


def cmd_case_party(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        print(cases.add_party(store, args.case_id, args.person, args.role))
    return 0


MAX_NOTE_BYTES = 1_000_000


def _text_arg(args: argparse.Namespace) -> str:
    """The note text: ``--text-file FILE|-`` or (warned) ``--text TEXT|-``."""
    source = getattr(args, "text_file", None)
    if source is None:
        if args.text == "-":
            return sys.stdin.read(MAX_NOTE_BYTES + 1)
        print(
            "warning: --text puts the note on the command line, where the process list and "
            "the shell history see it; use --text-file FILE or --text-file - (stdin)",
            file=sys.stderr,
        )
        return str(args.text)
    return read_text(source, "--text-file", MAX_NOTE_BYTES, "the text is too long")


def cmd_note_add(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        print(notes.add_note(store, args.case_id, _text_arg(args)))
    return 0


def cmd_note_sign(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        notes.sign_note(store, args.note_id)
    return 0


def cmd_note_correct(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        print(notes.correct_note(store, args.note_id, _text_arg(args)))
    return 0


def cmd_hearing_add(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        print(
            hearings.schedule_hearing(
                store, args.case_id, args.at, args.kind, args.place, args.category
            )
        )
    return 0


def cmd_hearing_mark(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        new_id = hearings.mark_hearing(
            store, args.hearing_id, args.status, args.result, args.new_at
        )
    if new_id:
        print(new_id)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        grouped = search_core.search(store, args.text, limit=args.limit)
    if args.as_json:
        emit_json(grouped)
        return 0
    for kind, hits in grouped.items():
        if not hits:
            continue
        print(f"[{kind}]")
        for hit in hits:
            label = hit.get("title") or hit.get("snippet") or ""
            print(f"  {hit.get('entity_id') or hit.get('id')}  {label}")
    return 0


def cmd_duplicates(args: argparse.Namespace) -> int:
    data = read_json(args.json)
    fields = people.normalize_person(data, partial=True)
    with open_store(args) as store:
        found = duplicates.find_duplicates(store, fields, limit=args.limit)
    if args.format == "json":
        emit_json([c.to_dict() for c in found])
        return 0
    if not found:
        print("(sin candidatos)")
    for c in found:
        conflict = "  CONFLICTO DE INTERESES" if c.conflict_of_interest else ""
        print(f"{c.score:.2f}  {c.person_id}  {c.name}  [{'; '.join(c.reasons)}]{conflict}")
    return 0


def cmd_sample_data(args: argparse.Namespace) -> int:
    if args.people < 0:
        raise InvalidInput.one("--people", "must be zero or more", "range")
    with open_store(args) as store:
        counts = sample_load.load(store, args.people, seed=args.seed, validator=_validator(store))
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    return 0
