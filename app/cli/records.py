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
    deadlines,
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


def _check_duplicates(
    store: Any, fields: dict[str, Any], allow: bool, exclude: str | None = None
) -> list[duplicates.Candidate]:
    """Possible duplicates of ``fields`` (not ``exclude``); an exact document match is
    refused (exit 2) unless ``allow``; the others are returned to be warned about."""
    found = duplicates.find_duplicates(store, fields, exclude_id=exclude)
    exact = [c for c in found if c.score >= 1.0]
    if exact and not allow:
        raise InvalidInput(
            FieldProblem(
                "doc_number",
                f"ya existe una persona con este documento: {exact[0].person_id} "
                "(use --allow-duplicate si es otra persona)",
                "duplicate",
                people.field_label("doc_number"),
            )
        )
    return found


def _warn_duplicates(found: list[duplicates.Candidate], allow: bool) -> None:
    for candidate in found:
        if candidate.score < 1.0 or allow:
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


def cmd_person_add(args: argparse.Namespace) -> int:
    data = read_json(args.json)
    with open_store(args) as store:
        fields = people.normalize_person(data)  # after unlock: published districts apply
        found = _check_duplicates(store, fields, args.allow_duplicate)
        person_id = people.register_person(store, data)
    _warn_duplicates(found, args.allow_duplicate)
    print(person_id)
    return 0


def cmd_person_edit(args: argparse.Namespace) -> int:
    """Partial edit: the fields given replace the stored ones (``null`` clears one)."""
    data = read_json(args.json)
    with open_store(args) as store:
        current = people.get_person(store, args.id)
        fields = people.check_person_changes(current, data)  # validates before any write
        found: list[duplicates.Candidate] = []
        if {"doc_type", "doc_number"} & set(fields):
            merged = {k: v for k, v in {**current, **fields}.items() if k in people.STORED_FIELDS}
            found = _check_duplicates(store, merged, args.allow_duplicate, exclude=args.id)
        changed = people.update_person(store, args.id, data)
    _warn_duplicates(found, args.allow_duplicate)
    what = ", ".join(sorted(changed)) if changed else "(sin cambios)"
    print(f"{args.id} {what}")
    return 0


def _say_rest(total: int, shown: int, args: argparse.Namespace, what: str) -> None:
    """A page of a list that is not all of it says so, with how to see the rest (fresh 12
    #17: `case list` stopped at 100 rows without a word), on stderr: the rows stay clean."""
    rest = total - args.offset - shown
    if rest > 0:
        print(
            f"aviso: {rest} {what} más: se muestran {shown} desde el {args.offset + 1};"
            f" use --offset {args.offset + shown} (o un --limit mayor) para verlos",
            file=sys.stderr,
        )


def cmd_person_list(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        rows = people.list_people(store, limit=args.limit, offset=args.offset)
        _say_rest(people.count_people(store), len(rows), args, "personas")
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
        _say_rest(cases.count_cases(store, args.status), len(rows), args, "casos")
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
    """Add the party; a registered person who is (or looks like) a client of the office
    is added as asked, each such match an ``aviso: conflicto de intereses`` line on
    stderr and a ``conflict_check`` audit line with the case (``cases.add_party_as_asked``:
    the check, by the role rule, the desktop asks a decision about)."""
    with open_store(args) as store:
        party_id, conflicts = cases.add_party_as_asked(store, args.case_id, args.person, args.role)
    for c in conflicts:
        numbers = ", ".join(link.internal_number or link.case_id for link in c.conflict_in)
        print(
            f"aviso: conflicto de intereses: {c.name} es cliente de esta oficina en "
            f"{numbers} (coincidencia {round(c.score * 100)} %)",
            file=sys.stderr,
        )
    print(party_id)
    return 0


def cmd_case_party_remove(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        cases.remove_party(store, args.party_id)
    return 0


def cmd_case_edit(args: argparse.Namespace) -> int:
    options = {
        "court_file_number": args.court_file,
        "status": args.status,
        "defender_id": args.defender,
        "matter": args.matter,
    }
    changes = {k: v for k, v in options.items() if v is not None}
    if not changes:
        raise InvalidInput.one(
            "", "nothing to change: give --court-file, --status, --defender or --matter", "usage"
        )
    with open_store(args) as store:
        edit = cases.edit_case(store, args.id, changes)
    for warning in edit.warnings:
        print(f"aviso: {warning}", file=sys.stderr)
    what = ", ".join(sorted(edit.changed)) if edit.changed else "(sin cambios)"
    print(f"{args.id} {what}")
    return 0


def cmd_case_close(args: argparse.Namespace) -> int:
    """Close the case; its pending hearings and deadlines are cancelled (kept pending with
    ``--keep-pending``); stderr says what was done with each."""
    closure = read_json(args.json)
    keep = bool(getattr(args, "keep_pending", False))
    with open_store(args) as store:
        done = cases.close_case(store, args.id, closure, _validator(store), cancel_pending=not keep)
    for verb, items in (("cancelled", done.cancelled), ("left pending", done.pending)):
        for item in items:
            print(
                f"{verb}: {item['category']} {item['id']} {item['at']} {item['kind']}",
                file=sys.stderr,
            )
    print(
        f"case closed; {len(done.cancelled)} pending hearing(s)/deadline(s) cancelled, "
        f"{len(done.pending)} left pending",
        file=sys.stderr,
    )
    print(args.id)
    return 0


def cmd_case_reopen(args: argparse.Namespace) -> int:
    """Reopen the case; the hearings and deadlines its closing cancelled that are still to
    come are scheduled again (left cancelled with ``--keep-cancelled``); stderr says what
    was done with each."""
    keep = bool(getattr(args, "keep_cancelled", False))
    with open_store(args) as store:
        reason = sys.stdin.read(cases.MAX_REASON + 1) if args.reason == "-" else args.reason
        done = cases.reopen_case(store, args.id, reason, restore=not keep)
    for verb, items in (("restored", done.restored), ("left cancelled", done.left)):
        for item in items:
            print(
                f"{verb}: {item['category']} {item['id']} {item['at']} {item['kind']}",
                file=sys.stderr,
            )
    print(args.id)
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
    """Schedule it; a past moment or a deadline on a day off is saved as asked, with an
    ``aviso:`` line on stderr (``deadlines.date_warnings``, as the desktop asks)."""
    with open_store(args) as store:
        hearing_id = hearings.schedule_hearing(
            store, args.case_id, args.at, args.kind, args.place, args.category
        )
        warnings = deadlines.date_warnings(store, args.case_id, args.category, args.at)
    for warning in warnings:
        print(f"aviso: {warning.message}", file=sys.stderr)
    print(hearing_id)
    return 0


def _no_reason(status: str, reason: str | None, option: str) -> None:
    """A rescheduling without a reason is saved as before (old scripts keep working) with
    ``hearings.NO_REASON`` as its result, said on stderr."""
    if status == "rescheduled" and not " ".join(str(reason or "").split()):
        print(
            f'aviso: reprogramación sin motivo: se guarda "{hearings.NO_REASON}" '
            f"(indíquelo con {option})",
            file=sys.stderr,
        )


def _moved_warnings(store: Any, new_id: str | None) -> list[deadlines.DateWarning]:
    """What the desktop asks about a hearing's new date (``deadlines.date_warnings``)."""
    if not new_id:
        return []
    moved = hearings.get_hearing(store, new_id)
    return deadlines.date_warnings(
        store, moved["case_id"], moved.get("category") or "hearing", moved["at"]
    )


def cmd_hearing_mark(args: argparse.Namespace) -> int:
    """Record the outcome; a hearing still to come cannot be marked held (exit 2:
    ``hearings.mark_hearing``); held before the claim was filed or before the case began
    (``hearings.held_questions``), or a new date on a day off or at an odd hour, is saved
    with an ``aviso:`` line."""
    with open_store(args) as store:
        new_id = hearings.mark_hearing(
            store, args.hearing_id, args.status, args.result, args.new_at
        )
        warnings = _moved_warnings(store, new_id)
        held = args.status == "held"
        asked = hearings.held_questions(store, args.hearing_id) if held else []
    _no_reason(args.status, args.result, "--result")
    for question in asked:  # unusual, saved as given (the desktop asks before marking)
        print(f"aviso: {question}", file=sys.stderr)
    for warning in warnings:
        print(f"aviso: {warning.message}", file=sys.stderr)
    if new_id:
        print(new_id)
    return 0


def cmd_hearing_correct(args: argparse.Namespace) -> int:
    """Take back a held or failed outcome recorded by mistake: scheduled again, the
    reason kept as its result (``hearings.correct_outcome``)."""
    with open_store(args) as store:
        hearings.correct_outcome(store, args.hearing_id, args.reason)
    return 0


def cmd_hearing_reschedule(args: argparse.Namespace) -> int:
    """Move a scheduled hearing or deadline to ``--at``: it becomes ``rescheduled`` with
    ``--reason`` as its result (the desktop's "Motivo"; without it ``hearings.NO_REASON``,
    said on stderr) and a new one is
    scheduled on the new date; prints the new id (as ``hearing mark --status
    rescheduled --new-at``)."""
    with open_store(args) as store:
        new_id = hearings.mark_hearing(store, args.hearing_id, "rescheduled", args.reason, args.at)
        warnings = _moved_warnings(store, new_id)
    _no_reason("rescheduled", args.reason, "--reason")
    for warning in warnings:
        print(f"aviso: {warning.message}", file=sys.stderr)
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
