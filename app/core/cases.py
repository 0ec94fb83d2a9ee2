"""Cases (patrocinio): opening a case from an intake, its internal number, its parties.

Internal numbers are ``{office_code}-{year}-{device_no:02d}{counter:04d}``: the device
number is unique within an office (1 for a standalone vault, assigned by the server at
enrollment) and the counter is local to the device and the year
(``store.next_counter(f"case:{year}")``), so two devices of one office never produce the
same number, without talking to each other.

Editing: ``edit_case`` (court file number parsed by ``forms.peru.parse_court_file`` and
stored with its parts; status, defender, matter), ``add_party``/``remove_party``,
``close_case`` (the ``cierre_caso`` answers validated by the form, stored as
``{form_id, form_version, answers}``; optionally cancelling the case's pending hearings
and deadlines in the same transaction — ``pending_items`` lists them) and ``reopen_case``
(a reason, kept as a signed note on the case; optionally restoring what the closing
cancelled that is still to come — ``restorable_items`` lists them). Every write goes
through the store, so it is captured for sync and audited; each returns what changed.
Problems name fields with Spanish labels (``FieldProblem.label``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any, Protocol

import forms
from app import office_time
from app.core import duplicates
from app.core.duplicates import SAME, WARNED
from app.core.errors import FieldProblem, InvalidInput, NotFound, StateError
from app.core.intakes import FormsIntakeValidator, IntakeValidator, get_intake
from app.core.people import PersonStore, QueryStore, get_person
from forms import peru
from sync import spec
from sync.spec import vocab
from sync.spec.kinds import dumps

ROLES = vocab.PARTY_ROLE.codes()
CASE_STATUSES = vocab.CASE_STATUS.codes()
CLOSURE_FORM = "cierre_caso"
_CASE = spec.ENTITIES["case"]
# What ``edit_case`` accepts (the CLI's options map onto these keys).
EDIT_FIELDS = ("court_file_number", "status", "defender_id", "matter")
MAX_REASON = 2_000
_CASE_COLUMNS = (
    "id, office_id, internal_number, intake_id, person_id, matter, status, court_file_number, "
    "defender_id, summary, opened_at, closed_at"
)


class CaseStore(PersonStore, Protocol):
    office_code: str

    def next_counter(self, name: str) -> int: ...
    def transaction(self) -> Any: ...
    def delete(self, entity: str, entity_id: str) -> None: ...


def device_no(store: Any) -> int:
    """This device's number within its office (1 for a standalone vault).

    Uses ``store.device_no`` when the store has it, else the ``device_no`` sync-state key
    (of ``store.replica``) that enrollment writes, else 1.
    """
    value = getattr(store, "device_no", None)
    replica = getattr(store, "replica", None)
    if value is None and replica is not None:
        value = replica.get_sync_state("device_no")
    try:
        number = int(value) if value is not None else 1
    except (TypeError, ValueError):
        number = 1
    if not 1 <= number <= 99:
        raise StateError(f"device number out of range: {number}")
    return number


def format_internal_number(office_code: str, year: int, device: int, counter: int) -> str:
    if counter > 9999:
        raise StateError("more than 9999 cases on this device this year")
    return f"{office_code}-{year}-{device:02d}{counter:04d}"


def next_internal_number(store: CaseStore, year: int) -> str:
    counter = store.next_counter(f"case:{year}")
    return format_internal_number(store.office_code, year, device_no(store), counter)


def open_case(store: CaseStore, intake_id: str, now: datetime | None = None) -> str:
    """Open a case from an intake: number, beneficiary party, status open; return its id."""
    intake = get_intake(store, intake_id)
    existing = store.query(
        "SELECT id FROM legal_case WHERE _deleted = 0 AND intake_id = ? LIMIT 1", (intake_id,)
    )
    if existing:
        raise StateError(f"the intake already has a case: {existing[0]['id']}")
    if intake.get("status") == "draft":
        raise StateError("the intake is a draft; submit it before opening a case")
    stamp = now or datetime.now(UTC)
    answers = intake.get("answers") or {}
    summary = None
    if isinstance(answers, Mapping):
        summary = answers.get("summary") or answers.get("resumen_caso")
    with store.transaction() as tx:
        # Inside the transaction: a failed insert does not burn a number.
        number = next_internal_number(store, stamp.year)
        case_id: str = tx.insert(
            "case",
            {
                "office_id": store.office_id,
                "internal_number": number,
                "intake_id": intake_id,
                "person_id": intake["person_id"],
                "matter": intake.get("matter"),
                "status": "open",
                "defender_id": store.user_id,
                "summary": summary if isinstance(summary, str) else None,
                "opened_at": stamp.isoformat(timespec="seconds"),
            },
        )
        tx.insert(
            "case_party",
            {"case_id": case_id, "person_id": intake["person_id"], "role": "beneficiary"},
        )
    return case_id


def case_id_of(store: Any, value: str) -> str:
    """The id of the live case ``value`` names: its id, or its number as the defender sees
    it ("DEMO01-2026-010033", ``internal_number``); ``value`` as given when neither (the
    caller then says it is not found)."""
    if store.get("case", value) is not None:
        return value
    found = store.query(
        "SELECT id FROM legal_case WHERE internal_number = ? AND _deleted = 0", (value,)
    )
    return str(found[0]["id"]) if len(found) == 1 else value


def get_case(store: PersonStore, case_id: str) -> dict[str, Any]:
    record = store.get("case", case_id)
    if record is None:
        raise NotFound("case", case_id)
    return dict(record)


def case_parties(store: QueryStore, case_id: str) -> list[dict[str, Any]]:
    """Live parties of a case with the person's names and document, in ``ROLES`` order."""
    return store.query(
        "SELECT p.id AS id, p.person_id AS person_id, p.role AS role, "
        "r.given_names AS given_names, r.paternal_surname AS paternal_surname, "
        "r.maternal_surname AS maternal_surname, r.doc_type AS doc_type, "
        "r.doc_number AS doc_number FROM case_party p "
        "LEFT JOIN person r ON r.id = p.person_id AND r._deleted = 0 "
        "WHERE p._deleted = 0 AND p.case_id = ? ORDER BY CASE p.role "
        "WHEN 'beneficiary' THEN 0 WHEN 'counterparty' THEN 1 ELSE 2 END, p.id",
        (case_id,),
    )


def count_cases(store: PersonStore, status: str | None = None) -> int:
    """How many live cases there are (of ``status``): what ``list_cases`` pages through."""
    where, params = _listed(status)
    return int(store.query(f"SELECT count(*) AS n FROM legal_case WHERE {where}", params)[0]["n"])


def _listed(status: str | None) -> tuple[str, list[Any]]:
    where, params = "_deleted = 0", []
    if status is not None:
        where += " AND status = ?"
        params.append(status)
    return where, params


def list_cases(
    store: PersonStore, status: str | None = None, limit: int = 100, offset: int = 0
) -> list[dict[str, Any]]:
    """Live cases, newest internal number first."""
    where, params = _listed(status)
    return store.query(
        f"SELECT {_CASE_COLUMNS} FROM legal_case WHERE {where} "
        "ORDER BY opened_at DESC, internal_number DESC, id LIMIT ? OFFSET ?",
        (*params, limit, offset),
    )


def _problem(name: str, message: str, code: str = "invalid") -> InvalidInput:
    label = _CASE.field_label(name)
    return InvalidInput(FieldProblem(name, message, code, label=label))


@dataclass(frozen=True)
class CaseEdit:
    """What ``edit_case`` changed (stored fields) and the non-blocking warnings (Spanish)."""

    changed: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


def _court_file(value: Any, today: date | None, out: dict[str, Any], warnings: list[str]) -> None:
    if value is None or (isinstance(value, str) and not value.strip()):
        out["court_file_number"] = None
        out["court_file_parts"] = None
        return
    try:
        parsed = peru.parse_court_file(value, today)
    except peru.CourtFileError as exc:
        raise _problem("court_file_number", str(exc), exc.code) from None
    out["court_file_number"] = parsed.text
    out["court_file_parts"] = parsed.parts()
    warnings.extend(str(w) for w in parsed.warnings)


def resolve_user(store: QueryStore, office_id: str, value: Any) -> str:
    """The id of the live user of ``office_id`` whose id or login name is ``value``."""
    if not isinstance(value, str) or not value.strip():
        raise _problem("defender_id", "indique un usuario", "required")
    rows = store.query(
        "SELECT id FROM app_user WHERE _deleted = 0 AND office_id = ? AND (id = ? OR name = ?) "
        "ORDER BY id LIMIT 2",
        (office_id, value.strip(), value.strip()),
    )
    if len(rows) != 1:
        raise _problem("defender_id", f"no hay un usuario {value.strip()!r} en esta oficina", "ref")
    return str(rows[0]["id"])


def edit_case(
    store: CaseStore, case_id: str, changes: Mapping[str, Any], today: date | None = None
) -> CaseEdit:
    """Change a case's court file number, status, defender or matter; returns what changed.

    ``court_file_number``: ``NNNNN-AAAA-I-CCCC-OO-EE-NN`` (stored upper-case, with its
    parts; unknown court or specialty codes warn, never block; empty clears it).
    ``status``: ``open``/``archived`` (closing needs ``close_case``, re-opening a closed
    case ``reopen_case``). ``defender_id``: a user of the office by id or login name.
    ``matter``: a matter code. Every problem is reported; nothing is written then.
    """
    if not isinstance(changes, Mapping):
        raise InvalidInput.one("", "se esperaba un objeto con los cambios del caso")
    case = get_case(store, case_id)
    out: dict[str, Any] = {}
    warnings: list[str] = []
    problems: list[FieldProblem] = [
        FieldProblem(str(k), "campo desconocido", "unknown")
        for k in changes
        if k not in EDIT_FIELDS
    ]
    checks = {
        "court_file_number": lambda v: _court_file(v, today, out, warnings),
        "status": lambda v: out.__setitem__("status", _status(case, v)),
        "defender_id": lambda v: out.__setitem__(
            "defender_id", resolve_user(store, store.office_id, v)
        ),
        "matter": lambda v: out.__setitem__("matter", _matter(v)),
    }
    for name, check in checks.items():
        if name in changes:
            try:
                check(changes[name])
            except InvalidInput as exc:
                problems.extend(exc.problems)
    if problems:
        raise InvalidInput(problems)
    changed = {k: v for k, v in out.items() if _differs(case.get(k), v)}
    if changed:
        store.update("case", case_id, changed)
    return CaseEdit(changed, warnings)


def _differs(stored: Any, new: Any) -> bool:
    """Stored JSON columns come back as text: compare them parsed."""
    if isinstance(new, dict) and isinstance(stored, str):
        return dumps(new) != stored
    return bool(stored != new)


def _status(case: Mapping[str, Any], value: Any) -> str:
    if value not in CASE_STATUSES:
        codes = ", ".join(CASE_STATUSES)
        raise _problem("status", f"debe ser uno de: {codes}", "choice")
    current = case.get("status")
    if value == "closed" and current != "closed":
        raise _problem(
            "status", "para concluir un caso use el cierre (formulario cierre_caso)", "state"
        )
    if value == "open" and current == "closed":
        raise _problem("status", "para reabrir un caso concluido indique el motivo", "state")
    return str(value)


def _matter(value: Any) -> str:
    if not isinstance(value, str) or value.strip() not in vocab.MATTER:
        codes = ", ".join(vocab.MATTER.codes())
        raise _problem("matter", f"debe ser una materia conocida: {codes}", "choice")
    return value.strip()


def add_party(store: CaseStore, case_id: str, person_id: str, role: str) -> str:
    """Add a person to a case with ``role`` (beneficiary, counterparty, other); a person is
    a party of a case once (a defender never sponsors both sides)."""
    party = spec.ENTITIES["case_party"]
    if role not in ROLES:
        raise InvalidInput(
            FieldProblem(
                "role",
                "debe ser beneficiary, counterparty u other",
                "choice",
                party.field_label("role"),
            )
        )
    get_case(store, case_id)
    get_person(store, person_id)
    already = store.query(
        "SELECT role FROM case_party WHERE _deleted = 0 AND case_id = ? AND person_id = ?",
        (case_id, person_id),
    )
    if already:
        role_es = vocab.PARTY_ROLE.label(already[0]["role"])
        raise InvalidInput(
            FieldProblem(
                "person_id",
                f"ya es parte de este caso ({role_es})",
                "duplicate",
                party.field_label("person_id"),
            )
        )
    return store.insert("case_party", {"case_id": case_id, "person_id": person_id, "role": role})


CONFLICT_ROLES = ("counterparty", "other")  # the roles the conflict check runs for


def party_conflicts(store: CaseStore, person_id: str, role: str) -> list[duplicates.Candidate]:
    """The intake's conflict check (``duplicates.find_duplicates``, side ``other``) of a
    registered person about to become a party of a case with ``role``: the people like
    them — themself included — who are clients of this office, best evidence first. Only
    for ``CONFLICT_ROLES`` (a beneficiary is on the client's side: nobody). The case view
    shows them for a decision; ``chasqui case party`` warns about them
    (``add_party_as_asked``)."""
    if role not in CONFLICT_ROLES:
        return []
    found = duplicates.find_duplicates(store, get_person(store, person_id), side="other")
    return [c for c in found if c.conflict_in]


def add_party_as_asked(
    store: CaseStore, case_id: str, person_id: str, role: str
) -> tuple[str, list[duplicates.Candidate]]:
    """The command line's ``case party``: add the party whatever the conflict check
    (``party_conflicts``) finds, and audit each candidate with the case in the same
    transaction — the person added ``same`` despite the conflict, the others ``warned``.
    Returns the party's id and the candidates (for the caller to warn about)."""
    with store.transaction():
        party_id = add_party(store, case_id, person_id, role)
        found = party_conflicts(store, person_id, role)
        if found:
            duplicates.record_decisions(
                store,
                "",
                "other",
                {c.person_id: SAME if c.person_id == person_id else WARNED for c in found},
                {c.person_id: c.score for c in found},
                case_id=case_id,
                despite=[person_id],
            )
    return party_id, found


def remove_party(store: CaseStore, party_id: str) -> None:
    """Remove a party from its case (a tombstone, synced); the client cannot be removed."""
    party = store.get("case_party", party_id)
    if party is None:
        raise NotFound("case_party", party_id)
    case = get_case(store, str(party["case_id"]))
    if party.get("role") == "beneficiary" and party.get("person_id") == case.get("person_id"):
        raise StateError("the case's client cannot be removed from it")
    store.delete("case_party", party_id)


CANCELLED = "cancelled"
CLOSED_RESULT = "Caso cerrado"  # the result written on what closing a case cancels
# what a reopening chose to leave cancelled: no longer matched by a later reopening
LEFT_RESULT = "Caso cerrado; no se restauró al reabrir"
_PENDING_SQL = (
    "SELECT id, category, kind, at FROM hearing WHERE _deleted = 0 AND case_id = ? "
    "AND status = 'scheduled' ORDER BY at, id"
)


@dataclass(frozen=True)
class CaseClosure:
    """What ``close_case`` wrote: the case's fields, the hearings and deadlines it
    cancelled and those it left pending (each ``{id, category, kind, at}``)."""

    fields: dict[str, Any]
    cancelled: list[dict[str, Any]] = field(default_factory=list)
    pending: list[dict[str, Any]] = field(default_factory=list)


def pending_items(store: QueryStore, case_id: str) -> list[dict[str, Any]]:
    """The case's hearings and deadlines still pending (status ``scheduled``), soonest
    first: what closing the case would leave "Programada"."""
    return store.query(_PENDING_SQL, (case_id,))


def close_case(
    store: CaseStore,
    case_id: str,
    closure: Mapping[str, Any],
    validator: IntakeValidator | None = None,
    now: datetime | None = None,
    cancel_pending: bool = False,
) -> CaseClosure:
    """Close an open case with the ``cierre_caso`` answers, validated by the form (newest
    version unless ``closure`` names ``form_version``); with ``cancel_pending`` its pending
    hearings and deadlines become ``cancelled`` (result "Caso cerrado") in the same
    transaction — each write captured for sync and audited like any other.

    ``closure`` is the answers, or ``{"form_version": N, "answers": {...}}``. Every
    problem is reported (``InvalidInput``, fields labelled as in the form); nothing is
    written then. ``StateError`` when the case is not open."""
    case = get_case(store, case_id)
    if case.get("status") != "open":
        raise StateError("the case is not open")
    if not isinstance(closure, Mapping):
        raise InvalidInput.one("", "se esperaba un objeto JSON con las respuestas del cierre")
    version = closure.get("form_version")
    answers = closure.get("answers") if "answers" in closure else closure
    if not isinstance(answers, Mapping) or (version is not None and type(version) is not int):
        raise InvalidInput.one("answers", "se esperaba un objeto con las respuestas", "type")
    check = validator or FormsIntakeValidator()
    resolved = check.resolve_version(CLOSURE_FORM, version)
    stamp = now or datetime.now(UTC)
    problems = check.validate(CLOSURE_FORM, resolved, answers, stamp.date())
    if problems:
        names = _closure_labels(resolved)
        raise InvalidInput([replace(p, label=names.get(_leaf(p.field), "")) for p in problems])
    fields = {
        "status": "closed",
        "closed_at": stamp.isoformat(timespec="seconds"),
        "closure": {"form_id": CLOSURE_FORM, "form_version": resolved, "answers": dict(answers)},
    }
    with store.transaction() as tx:
        tx.update("case", case_id, fields)
        pending = pending_items(store, case_id)  # reads the writer: this thread's tx
        if cancel_pending:
            for item in pending:
                tx.update("hearing", item["id"], {"status": CANCELLED, "result": CLOSED_RESULT})
    if cancel_pending:
        return CaseClosure(fields, pending, [])
    return CaseClosure(fields, [], pending)


def _leaf(path: str) -> str:
    """``children[1].birth_date`` -> ``birth_date``."""
    return path.rsplit(".", 1)[-1].split("[", 1)[0]


def _closure_labels(version: int) -> dict[str, str]:
    """Spanish labels of the shipped ``cierre_caso`` fields (empty for an unknown version)."""
    try:
        definition = forms.load_registry().get(CLOSURE_FORM, version=version)
    except (KeyError, forms.DefinitionError):
        return {}
    if definition is None:
        return {}
    return {name: str(f.label.get("es") or name) for name, f in definition.by_name.items()}


def restorable_items(
    store: QueryStore, case_id: str, now: datetime | None = None
) -> list[dict[str, Any]]:
    """The case's hearings and deadlines a closing cancelled (``cancelled`` with the
    result "Caso cerrado") whose moment is still to come (after ``now``, office time; by
    default the office's clock), soonest first: what reopening the case restores."""
    moment = office_time.to_office(now) if now is not None else office_time.now()
    rows = store.query(
        "SELECT id, category, kind, at FROM hearing WHERE _deleted = 0 AND case_id = ? "
        "AND status = ? AND result = ? ORDER BY at, id",
        (case_id, CANCELLED, CLOSED_RESULT),
    )
    after = moment.isoformat(timespec="minutes")
    return [r for r in rows if str(r["at"] or "")[:16] > after]


@dataclass(frozen=True)
class CaseReopening:
    """What ``reopen_case`` wrote: the case's fields, the hearings and deadlines it
    restored and those the closing cancelled that it left cancelled (each ``{id,
    category, kind, at}``)."""

    fields: dict[str, Any]
    restored: list[dict[str, Any]] = field(default_factory=list)
    left: list[dict[str, Any]] = field(default_factory=list)


REOPENED_NOTE = "Caso reabierto (estaba {was}). Motivo: {reason}"  # the reopening's note
# the key naming that note in the audit detail of the reopening's change of status (an id)
REOPENING = "reopening_note_id"


def reopening_reason(note_text: Any) -> str | None:
    """The reason a reopening's note (``REOPENED_NOTE``) gives; None for another note."""
    head, sep, reason = str(note_text or "").partition(". Motivo: ")
    return reason if sep and head.startswith("Caso reabierto (estaba ") else None


def reopen_case(
    store: CaseStore,
    case_id: str,
    reason: Any,
    now: datetime | None = None,
    restore: bool = False,
) -> CaseReopening:
    """Reopen a closed (or archived) case with a reason; returns what it wrote.

    In one transaction: the case becomes ``open`` (its closure and closing date cleared),
    a signed note on the case records the reason and the state it leaves, so the reason
    is synced and stays visible in the case's notes, and — with ``restore`` — the
    hearings and deadlines its closing cancelled that are still to come
    (``restorable_items``) are scheduled again (result cleared) — without it they get the
    result ``LEFT_RESULT``, so a later closing and reopening does not offer them again;
    each write captured for sync and audited. ``InvalidInput`` for an empty reason,
    ``StateError`` when the case is already open."""
    case = get_case(store, case_id)
    if case.get("status") == "open":
        raise StateError("the case is already open")
    text = reason.strip() if isinstance(reason, str) else ""
    if not text:
        raise InvalidInput(FieldProblem("reason", "indique el motivo", "required", "Motivo"))
    if len(text) > MAX_REASON:
        raise InvalidInput(
            FieldProblem("reason", f"es demasiado largo (máximo {MAX_REASON})", "length", "Motivo")
        )
    stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    was = vocab.CASE_STATUS.label(case.get("status")).lower()
    note = REOPENED_NOTE.format(was=was, reason=text)
    fields = {"status": "open", "closed_at": None, "closure": None}
    with store.transaction() as tx:
        items = restorable_items(store, case_id, now)  # reads the writer: this thread's tx
        note_id = tx.insert(
            "note",
            {
                "case_id": case_id,
                "text": note,
                "author_id": store.user_id,
                "created_at": stamp,
                "signed_at": stamp,
            },
        )
        # the change of status names its note: the Historial says this reason (REOPENING)
        tx.update("case", case_id, fields, linked={REOPENING: note_id})
        for item in items:
            kept = {"status": "scheduled", "result": None} if restore else {"result": LEFT_RESULT}
            tx.update("hearing", item["id"], kept)
    return CaseReopening(fields, items, []) if restore else CaseReopening(fields, [], items)
