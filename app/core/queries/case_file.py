"""What a case shows, and who is who: the case file (case, beneficiary, parties,
intakes, notes, hearings, attachments, audit history with what each edit changed, the
facts its ficha and closure answer), a person's cases, user labels.

``case_file(store, case_id)`` gathers everything the case view and the case summary
need in one call (its history: the case, its notes, hearings, referrals, parties,
attachments and milestones — ``history_subjects`` names hearings and the last three); names are
resolved (``beneficiary``, ``defender``, each note's ``author``, each event's ``who``),
codes stay codes (labels are the caller's).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from app import office_time
from app.core import cases, hearings, notes, referrals
from app.core.people import full_name
from app.core.queries.case_facts import case_facts, closure_summary
from app.core.queries.field_changes import describe, field_changes
from app.core.queries.lists import QueryStore
from app.core.user_names import user_labels
from forms import writs
from sync.spec import vocab

HISTORY_LIMIT = 200
Row = dict[str, Any]
CHANGES = frozenset({"create", "insert", "update", "delete"})  # audited with their change
OPEN_LABEL = vocab.CASE_STATUS.label("open")  # how ``field_changes`` says a reopened status


def users(store: QueryStore) -> dict[str, dict[str, Any]]:
    """Every live user known to this vault, by id (id, office_id, name, display_name,
    role)."""
    rows = store.query(
        "SELECT id, office_id, name, display_name, role FROM app_user WHERE _deleted = 0"
    )
    return {str(r["id"]): r for r in rows}


def office_name(store: QueryStore, office_id: str) -> str | None:
    rows = store.query("SELECT name FROM office WHERE id = ? AND _deleted = 0", (office_id,))
    return str(rows[0]["name"]) if rows and rows[0].get("name") else None


def person_cases(store: QueryStore, person_id: str) -> list[dict[str, Any]]:
    """Live cases where the person is the beneficiary or a party, newest first."""
    return store.query(
        "SELECT c.id AS id, c.internal_number AS internal_number, c.matter AS matter,"
        " c.status AS status FROM legal_case c WHERE c._deleted = 0 AND (c.person_id = ?"
        " OR c.id IN (SELECT case_id FROM case_party WHERE _deleted = 0"
        " AND person_id = ?)) ORDER BY c.opened_at DESC, c.id DESC",
        (person_id, person_id),
    )


def case_intakes(store: QueryStore, intake_id: str, person_id: str) -> list[dict[str, Any]]:
    """The case's own intake and the beneficiary's other intakes, oldest first."""
    return store.query(
        "SELECT id, form_id, form_version, service_type, recorded_at FROM intake"
        " WHERE _deleted = 0 AND (id = ? OR person_id = ?) ORDER BY recorded_at",
        (intake_id, person_id),
    )


def attachments(store: QueryStore, case_id: str) -> list[dict[str, Any]]:
    """Attachment records of a case (metadata only), oldest first."""
    return store.query(
        "SELECT id, filename, mime, size, sha256, created_at FROM attachment"
        " WHERE _deleted = 0 AND case_id = ? ORDER BY created_at, id",
        (case_id,),
    )


def history_action(action: str, entity: str, detail: object) -> str:
    """The ``vocab.AUDIT_ACTION`` code a history line shows for an audit event: a note's
    update that sets ``signed_at`` is a signature, a note created with ``supersedes_id``
    a correction, a case update of ``status`` a change of status; else the action."""
    fields = _fields(detail)
    if action == "insert":
        action = "create"
    if entity == "note" and action == "update" and "signed_at" in fields:
        return "sign"
    if entity == "note" and action == "create" and "supersedes_id" in fields:
        return "correct"
    if entity == "case" and action == "update" and "status" in fields:
        return "status"
    return action


def audit_events(
    store: QueryStore,
    entity_ids: list[str],
    limit: int = HISTORY_LIMIT,
    about: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Audit events about these records, newest first (by their time: an event recorded
    with an earlier time — a sync, sample data — takes its place): at, action
    (``history_action``),
    entity, who, and ``changes``: what an update changed, "Estado: En trámite →
    Archivado; …" (``field_changes.describe``) after what ``about`` says of its record;
    for another event what ``about`` says (a hearing's detail and date, a party's role
    and name, a file's name: read now, never kept in the audit), for a drafted writ its
    kind's title ("Demanda de alimentos"); else ""."""
    if not entity_ids:
        return []
    marks = ",".join("?" * len(entity_ids))
    rows = store.query(
        "SELECT a.at AS at, a.action AS action, a.entity AS entity, a.entity_id AS entity_id,"
        " a.detail AS detail, a.user_id AS who FROM audit_event a"
        f" WHERE a.entity_id IN ({marks}) ORDER BY a.at DESC, a.seq DESC LIMIT ?",
        [*entity_ids, int(limit)],
    )
    names = user_labels(store, [str(r["who"] or "") for r in rows])
    for row in rows:
        row["who"] = names.get(str(row["who"] or ""), "")
    made = field_changes(store, entity_ids)
    reopen_notes, reopen_times = _reopening_reasons(store, entity_ids, rows)
    for row in reversed(rows):  # oldest first: the changes were made in that order
        detail = row.pop("detail", None)
        raw = str(row["action"] or "")
        row["action"] = history_action(raw, str(row["entity"] or ""), detail)
        entity_id = str(row.pop("entity_id"))
        queue = made.get((entity_id, str(row["at"]))) if raw in CHANGES else None
        changes = queue.popleft() if queue else []
        subject = (about or {}).get(entity_id, "")
        if raw == "update":
            said = describe(changes)
            row["changes"] = f"{subject} — {said}" if subject and said else said or subject
            became = next((c["new"] for c in changes if c["field"] == "status"), None)
            reason = (  # a change known here to close the case is no reopening
                _reopening_reason(detail, row["at"], reopen_notes, reopen_times)
                if row["action"] == "status" and became in (None, OPEN_LABEL)
                else None
            )
            if reason:  # a reopening says why on its own line (fresh6 #7)
                row["changes"] = f"{row['changes']}; Motivo: {reason}"  # a field of the line
                row["reopening"] = reason
            elif row["action"] == "status" and "closure" in _fields(detail):
                row["closing"] = next(  # the closure as written here ("" unknown)
                    (str(c["new"] or "") for c in changes if c["field"] == "closure"), ""
                )
        elif raw in ("create", "insert") and entity_id in reopen_notes:
            row["changes"] = "Motivo de la reapertura"
        elif raw == "draft":
            kind = _detail(detail).get("kind") or ""
            row["changes"] = next((k.title for k in writs.KINDS if k.code == kind), kind)
        else:
            row["changes"] = subject
    return rows


# said of an override linked to a ficha registered before its decisions named their draft
INFERRED = " (ficha anterior al registro de ese vínculo: asociado por la persona y la fecha)"


def override_lines(store: QueryStore, case_id: str | None, intake_id: str | None) -> list[Row]:
    """Each "Continuar: es otra disputa" about the case or its ficha
    (``duplicates.conflict_overrides``) as a history line: ``{at, action, entity, who,
    changes}`` — "Julia Alarcón Mendoza: se continuó pese al conflicto de intereses (es
    cliente de esta oficina)"; one linked by person and time (an older ficha) says so
    (``INFERRED``)."""
    from app.core import duplicates

    lines = []
    for found in duplicates.conflict_overrides(store, case_id, intake_id):
        person = store.query(
            "SELECT given_names, paternal_surname, maternal_surname FROM person WHERE id = ?",
            (found["person_id"],),
        )
        name = full_name(person[0]) if person else ""
        why = (
            "es cliente de esta oficina"
            if found["side"] == "other"
            else "es contraparte en un caso de esta oficina"
        )
        lines.append(
            {
                "at": found["at"],
                "action": "conflict_check",
                "entity": "person",
                "who": found["who"],
                "changes": f"{name}: se continuó pese al conflicto de intereses ({why}): "
                "«Continuar: es otra disputa»" + (INFERRED if found.get("inferred") else ""),
            }
        )
    return lines


RECEIVED = "escrita en otro equipo"  # said of a note whose writing this vault did not see


def received_notes(store: QueryStore, note_rows: list[Row], case_id: str) -> list[Row]:
    """The case's notes written on another device — this vault's audit has no creation
    of theirs: they came by sync — as history lines ``{at, action, entity, who,
    changes}``: their creation, by their author, at their time (fresh 10 #40: the
    Historial listed only this laptop's actions, a colleague's note missing). Only the
    notes whose creation another device stamped (the node of their ``created_at``'s
    version) are looked up in the audit, which has no index by record: a case's own
    notes cost nothing more (the lookup is ~0.3 s of CPU at 500k audit events)."""
    device = str(getattr(store, "device_id", "") or "")
    made = {
        str(r["id"]): str(r["made"] or "")
        for r in store.query(
            "SELECT id, json_extract(_versions, '$.created_at[0]') AS made FROM note"
            " WHERE case_id = ? AND _deleted = 0",
            (case_id,),
        )
    }
    ids = [str(n["id"]) for n in note_rows if not made.get(str(n["id"]), "").endswith(device)]
    if not ids or not device:
        return []
    marks = ",".join("?" * len(ids))
    seen = {
        str(r["entity_id"])
        for r in store.query(
            "SELECT DISTINCT entity_id FROM audit_event WHERE entity = 'note'"
            f" AND action IN ('create', 'insert') AND entity_id IN ({marks})",
            ids,
        )
    }
    line = {"action": history_action("create", "note", None), "entity": "note"}
    return [
        {**line, "at": n["created_at"], "who": n.get("author") or "", "changes": RECEIVED}
        for n in note_rows
        if str(n["id"]) in ids and str(n["id"]) not in seen and n.get("created_at")
    ]


def _moment(event: Row) -> dt.datetime:
    return office_time.parse_local(event.get("at")) or dt.datetime.min


def _with_overrides(
    store: QueryStore, case: Row, events: list[Row], received: list[Row] | None = None
) -> list[Row]:
    """The history with the conflict-of-interest overrides (fresh5 #3) and the notes
    received from other devices (``received_notes``), newest first."""
    extra = override_lines(store, str(case["id"]), case.get("intake_id") or None)
    extra += received or []
    if not extra:
        return events
    return sorted(events + extra, key=_moment, reverse=True)


REOPENING_WINDOW = 2.0  # seconds: a reopening's status change and its note, one write


def _reopening_reasons(
    store: QueryStore, entity_ids: list[str], rows: list[dict[str, Any]]
) -> tuple[dict[str, str], list[tuple[float, str]]]:
    """The reopening notes among ``rows`` (``cases.REOPENED_NOTE``): their reason by note
    id, and (time of the note's event, reason) — the case's change of status is audited in
    the same transaction, a moment before."""
    marks = ",".join("?" * len(entity_ids))
    notes = {
        str(n["id"]): reason
        for n in store.query(
            f"SELECT id, text FROM note WHERE id IN ({marks}) AND text LIKE 'Caso reabierto%'",
            entity_ids,
        )
        if (reason := cases.reopening_reason(n["text"])) is not None
    }
    times = [
        (_seconds(r["at"]), notes[str(r["entity_id"])])
        for r in rows
        if str(r["entity_id"]) in notes
    ]
    return notes, times


def _seconds(at: Any) -> float:
    try:
        return dt.datetime.fromisoformat(str(at).replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0


def _reopening_reason(
    detail: object, at: Any, reasons: dict[str, str], times: list[tuple[float, str]]
) -> str | None:
    """The reason of the reopening a change of status was: its note's, named in the
    change's audit detail (``cases.REOPENING``); a change audited before that link
    existed takes the note written with it (``_reason_at``, by time)."""
    linked = _detail(detail).get(cases.REOPENING)
    if linked:
        return reasons.get(linked)
    return _reason_at(at, times)


def _reason_at(at: Any, times: list[tuple[float, str]]) -> str | None:
    """For a change of status audited before its note was linked (old records): the
    reason of the reopening note audited nearest to it, within ``REOPENING_WINDOW``."""
    moment = _seconds(at)
    if not moment:
        return None
    # the nearest note: two reopenings within the window (quick hands, or a test) each
    # keep their own reason
    near = [(abs(t - moment), r) for t, r in times if abs(t - moment) <= REOPENING_WINDOW]
    return min(near, key=lambda found: found[0])[1] if near else None


def _fields(detail: object) -> list[str]:
    """The fields an audited write changed (its detail's ``fields``)."""
    try:
        parsed = json.loads(detail) if isinstance(detail, str) else None
    except ValueError:
        return []
    listed = parsed.get("fields") if isinstance(parsed, dict) else None
    return [str(f) for f in listed] if isinstance(listed, list) else []


def _detail(detail: object) -> dict[str, str]:
    """An audit event's detail (JSON text) as a dict of texts; {} when it is not one."""
    try:
        parsed = json.loads(detail) if isinstance(detail, str) else None
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in parsed.items()} if isinstance(parsed, dict) else {}


def status_moves(store: QueryStore, case: Mapping[str, Any]) -> list[Row]:
    """The case's closings and reopenings, oldest first, from its audit (the same reading
    as its history: ``audit_events``): ``{at, move, why}`` — ``move`` "closed" (``why``:
    its closure as ``closure_summary`` says it, when known here) or "reopened" (``why``:
    the reopening's reason, ``cases.REOPENED_NOTE``). A closed case whose closing this
    vault has no audit of gives its ``closed_at``."""
    case_id = str(case["id"])
    reopenings = store.query(
        "SELECT id FROM note WHERE case_id = ? AND text LIKE 'Caso reabierto%'", (case_id,)
    )
    events = audit_events(store, [case_id, *(str(n["id"]) for n in reopenings)])
    moves: list[Row] = []
    for event in reversed(events):
        if event["action"] != "status" or event["entity"] != "case":
            continue
        if event.get("reopening"):
            moves.append({"at": event["at"], "move": "reopened", "why": event["reopening"]})
        elif event.get("closing") is not None:
            moves.append({"at": event["at"], "move": "closed", "why": event["closing"]})
    closed = case.get("status") != "open" and case.get("closed_at")
    if closed and (not moves or moves[-1]["move"] != "closed"):
        moves.append({"at": case["closed_at"], "move": "closed", "why": ""})
    if closed and not moves[-1]["why"]:  # the standing closure says its reason
        moves[-1]["why"] = closure_summary(case.get("closure"))
    return moves


def history_subjects(store: QueryStore, case_id: str) -> dict[str, str]:
    """The case's hearings, parties, attachments and milestones — removed ones too, their
    history stays — by id, each as its history line names it: "Audiencia única
    (08/12/2026 09:00)", "Contraparte — Julia Alarcón", "partida.png", "Demanda o denuncia
    presentada (02/03/2026)"."""
    about: dict[str, str] = {}
    for h in store.query("SELECT id, kind, at FROM hearing WHERE case_id = ?", (case_id,)):
        moment = office_time.parse_local(h["at"])
        when = f" ({moment:%d/%m/%Y %H:%M})" if moment is not None else ""
        about[str(h["id"])] = f"{vocab.HEARING_KIND.label(h['kind']) if h['kind'] else ''}{when}"
    for p in store.query(
        "SELECT p.id AS id, p.role AS role, r.given_names AS given_names, "
        "r.paternal_surname AS paternal_surname, r.maternal_surname AS maternal_surname "
        "FROM case_party p LEFT JOIN person r ON r.id = p.person_id WHERE p.case_id = ?",
        (case_id,),
    ):
        about[str(p["id"])] = f"{vocab.PARTY_ROLE.label(p['role'])} — {full_name(p)}"
    for a in store.query("SELECT id, filename FROM attachment WHERE case_id = ?", (case_id,)):
        about[str(a["id"])] = str(a["filename"] or "")
    for m in store.query(
        "SELECT id, kind, occurred_on FROM case_milestone WHERE case_id = ?", (case_id,)
    ):
        day = office_time.parse_local(m["occurred_on"])
        when = f" ({day:%d/%m/%Y})" if day is not None else ""
        about[str(m["id"])] = f"{vocab.MILESTONE_KIND.label(m['kind'])}{when}"
    return about


def case_file(store: Any, case_id: str) -> dict[str, Any]:
    """Everything a case shows (``NotFound`` for an unknown or deleted case)."""
    case = cases.get_case(store, case_id)
    beneficiary = store.get("person", case["person_id"]) if case.get("person_id") else None
    case["beneficiary"] = full_name(beneficiary)
    note_rows = notes.list_notes(store, case_id)
    names = user_labels(
        store, [n.get("author_id") or "" for n in note_rows] + [case.get("defender_id") or ""]
    )
    case["defender"] = names.get(case.get("defender_id") or "", "")
    for n in note_rows:
        n["author"] = names.get(n.get("author_id") or "", "")
        n["own"] = notes.own(store, n)  # only its author edits or signs it
    parties = cases.case_parties(store, case_id)
    for p in parties:
        p["name"] = full_name(p)
    hearing_rows = hearings.list_hearings(store, case_id)
    referral_rows = referrals.list_referrals(store, case_id=case_id)
    about = history_subjects(store, case_id)
    ids = [
        case_id,
        *(n["id"] for n in note_rows),
        *(h["id"] for h in hearing_rows),
        *(r["id"] for r in referral_rows),
        *about,
    ]
    return {
        "case": case,
        "beneficiary_record": dict(beneficiary) if beneficiary else None,
        "parties": parties,
        "intakes": case_intakes(store, case.get("intake_id") or "", case.get("person_id") or ""),
        "notes": note_rows,
        "hearings": hearing_rows,
        "referrals": referral_rows,
        "attachments": attachments(store, case_id),
        "events": _with_overrides(
            store,
            case,
            audit_events(store, ids, about=about),
            received_notes(store, note_rows, case_id),
        ),
        "facts": case_facts(store, case),
    }
