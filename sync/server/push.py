"""Push intake: validate each change, merge the accepted ones, log them with a sequence.

Owns the server side of "idempotent upload": a batch runs in one serialized write
transaction (``Database.write``); each change is checked on its own — shape, device,
then HLC (no further ahead than the server's clock plus
``sync.hlc.MAX_SKEW_MS``), entity, field values, office scope and immutability against
the entity specification (``checks``), then form answers — and is either
accepted (merged into ``records`` with ``sync.merge.merge`` and appended to
``change_log`` with the next ``seq``), recognised as a duplicate (same change id, same
canonical text: success), or rejected into ``quarantine`` with a code and a reason while
the rest of the batch goes on.

Form answers are validated *before* the write lock (``_precheck_answers``, on a read
connection, against the record as it stood then, each batch change merged over the
previous one): a slow validation delays only its own request, never another office's
push. Under the lock the verdict is reused when the record is still what it was checked
against; only a record that moved in between (a concurrent push) is validated again.
Form regular expressions run on RE2 (``forms.expr.patterns``), so even that is linear.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from sync import hlc, protocol, spec
from sync.changes import Change, MalformedChange
from sync.merge import Conflict, RecordState, merge
from sync.protocol import ACCEPTED, DUPLICATE, REJECTED, ErrorCode, PushItem
from sync.server import checks, schema
from sync.server.checks import Rejection
from sync.server.db import Database, now_ms
from sync.server.formcheck import FormChecker


@dataclass(frozen=True)
class DeviceContext:
    """The authenticated device of a request."""

    device_id: str
    office_id: str
    office_code: str
    number: int


def _dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def next_seq(conn: Connection) -> int:
    """Next change-log sequence; only call inside ``Database.write`` (it holds the lock)."""
    return (
        int(conn.execute(select(func.coalesce(func.max(schema.change_log.c.seq), 0))).scalar_one())
        + 1
    )


def load_record(conn: Connection, entity: str, entity_id: str) -> tuple[RecordState, str] | None:
    """(merge state, office id) of a stored record, or None."""
    r = schema.records.c
    row = conn.execute(
        select(r.values_json, r.versions_json, r.delete_hlc, r.delete_base, r.office_id).where(
            r.entity == entity, r.entity_id == entity_id
        )
    ).first()
    if row is None:
        return None
    state = RecordState(
        json.loads(row.values_json),
        RecordState.versions_from_json(row.versions_json),
        row.delete_hlc,
        row.delete_base,
    )
    return state, row.office_id


def store_change(
    conn: Connection,
    office_id: str,
    change: Change,
    previous: RecordState | None,
    seq: int | None = None,
) -> int:
    """Merge ``change`` into its record and append it to the log; returns its seq.

    ``seq`` may be given by a caller that numbers a whole batch under the write lock.
    """
    if seq is None:
        seq = next_seq(conn)
    outcome = merge(previous, change)
    state = outcome.state
    conn.execute(
        schema.change_log.insert().values(
            seq=seq,
            change_id=change.change_id,
            office_id=office_id,
            device_id=change.device_id,
            user_id=change.user_id,
            entity=change.entity,
            entity_id=change.entity_id,
            doc=change.canonical(),
            received_at=now_ms(),
        )
    )
    sha = state.values.get("sha256") if change.entity == "attachment" else None
    row = {
        "office_id": office_id,
        "values_json": _dumps(state.values),
        "versions_json": state.versions_json(),
        "delete_hlc": state.delete_hlc,
        "delete_base": state.delete_base,
        "deleted": state.deleted,
        "ref_sha256": sha if protocol.is_sha256(sha) else None,
        "updated_seq": seq,
    }
    r = schema.records.c
    if previous is None:
        conn.execute(
            schema.records.insert().values(entity=change.entity, entity_id=change.entity_id, **row)
        )
    else:
        conn.execute(
            schema.records.update()
            .where(r.entity == change.entity, r.entity_id == change.entity_id)
            .values(**row)
        )
    for conflict in outcome.conflicts:
        _store_conflict(conn, office_id, conflict, seq)
    return seq


def _store_conflict(conn: Connection, office_id: str, conflict: Conflict, seq: int) -> None:
    c = schema.conflicts.c
    exists = conn.execute(
        select(c.conflict_id).where(c.conflict_id == conflict.conflict_id)
    ).first()
    if exists is not None:
        return
    conn.execute(
        schema.conflicts.insert().values(
            conflict_id=conflict.conflict_id,
            office_id=office_id,
            entity=conflict.entity,
            entity_id=conflict.entity_id,
            field=conflict.field,
            kind=conflict.kind,
            winner_json=_dumps(conflict.winner_value),
            winner_hlc=conflict.winner_hlc,
            loser_json=_dumps(conflict.loser_value),
            loser_hlc=conflict.loser_hlc,
            seq=seq,
            created_at=now_ms(),
        )
    )


@dataclass(frozen=True)
class _Verdict:
    """Form answers checked outside the lock against the record state ``basis``."""

    basis: str | None
    rejection: Rejection | None


def _basis(state: RecordState | None) -> str | None:
    """What identifies a record state for reusing a verdict (None: no record yet)."""
    if state is None:
        return None
    return f"{state.versions_json()}|{state.delete_hlc}|{state.delete_base}"


@dataclass
class _Batch:
    """State of one push transaction: the next sequence and the change ids already stored."""

    seq: int
    stored: dict[str, tuple[int, str]]  # change_id -> (seq, canonical text)
    verdicts: dict[str, _Verdict]  # change_id -> form answers checked before the lock


def _stored_docs(conn: Connection, raw_changes: list[Any]) -> dict[str, tuple[int, str]]:
    """Stored (seq, doc) of the batch's change ids, in one query per 500 ids."""
    ids = sorted(
        {
            cid
            for r in raw_changes
            if isinstance(r, dict)
            and isinstance(cid := r.get("change_id"), str)
            and 0 < len(cid) <= 128
            and not protocol.has_control(cid)
        }
    )
    cl = schema.change_log.c
    found: dict[str, tuple[int, str]] = {}
    for start in range(0, len(ids), 500):
        rows = conn.execute(
            select(cl.change_id, cl.seq, cl.doc).where(cl.change_id.in_(ids[start : start + 500]))
        )
        found.update({r.change_id: (int(r.seq), r.doc) for r in rows})
    return found


class PushProcessor:
    """Applies push batches; one instance per app (holds the database and form checker)."""

    def __init__(self, db: Database, forms: FormChecker) -> None:
        self.db = db
        self.forms = forms

    def push(self, device: DeviceContext, raw_changes: list[Any]) -> list[PushItem]:
        results: list[PushItem] = []
        verdicts = self._precheck_answers(raw_changes)  # outside the write lock
        with self.db.write() as conn:
            batch = _Batch(next_seq(conn), _stored_docs(conn, raw_changes), verdicts)
            for raw in raw_changes:
                results.append(self._one(conn, device, raw, batch))
        return results

    def _precheck_answers(self, raw_changes: list[Any]) -> dict[str, _Verdict]:
        """Validate the batch's form answers on a read connection, before the write lock."""
        candidates: list[Change] = []
        for raw in raw_changes:
            if not isinstance(raw, dict) or not _has_form(raw.get("entity")):
                continue
            try:
                change = Change.from_dict(raw)
                checks.check_entity_and_fields(change)  # values first (a sane answers text)
            except (MalformedChange, Rejection):
                continue  # refused again, with its reason, under the lock
            if change.op == "upsert":
                candidates.append(change)
        verdicts: dict[str, _Verdict] = {}
        if not candidates:
            return verdicts
        states: dict[tuple[str, str], RecordState | None] = {}
        with self.db.read() as conn:
            for change in candidates:
                key = (change.entity, change.entity_id)
                if key not in states:
                    found = load_record(conn, *key)
                    states[key] = found[0] if found else None
                previous = states[key]
                try:
                    self._check_answers(change, previous)
                    rejection = None
                except Rejection as rej:
                    rejection = rej
                verdicts.setdefault(change.change_id, _Verdict(_basis(previous), rejection))
                if rejection is None:
                    states[key] = merge(previous, change).state
        return verdicts

    def _one(self, conn: Connection, device: DeviceContext, raw: Any, batch: _Batch) -> PushItem:
        try:
            change = Change.from_dict(raw)
            ids = (change.change_id, change.entity, change.entity_id, change.device_id)
            if any(protocol.has_control(t) for t in (*ids, change.user_id or "")):
                raise MalformedChange("change ids must not hold control characters")
        except MalformedChange as exc:
            cid = raw.get("change_id") if isinstance(raw, dict) else None
            if not isinstance(cid, str) or not 0 < len(cid) <= 128 or protocol.has_control(cid):
                cid = "malformed-" + hashlib.sha256(_safe_text(raw).encode()).hexdigest()[:32]
            return self._reject(conn, device, cid, raw, ErrorCode.MALFORMED, str(exc))
        stored = batch.stored.get(change.change_id)
        if stored is not None:
            if stored[1] == change.canonical():
                return PushItem(change.change_id, DUPLICATE, seq=stored[0])
            return self._reject(
                conn,
                device,
                change.change_id,
                raw,
                ErrorCode.ID_REUSED,
                "a different change with this change_id is already stored",
            )
        try:
            previous, office_id = self._check(conn, device, change, batch.verdicts)
        except Rejection as rej:
            return self._reject(conn, device, change.change_id, raw, rej.code, rej.reason)
        seq = store_change(conn, office_id, change, previous, batch.seq)
        batch.stored[change.change_id] = (seq, change.canonical())
        batch.seq += 1
        return PushItem(change.change_id, ACCEPTED, seq=seq)

    def _check(
        self,
        conn: Connection,
        device: DeviceContext,
        change: Change,
        verdicts: dict[str, _Verdict],
    ) -> tuple[RecordState | None, str]:
        if change.device_id != device.device_id:
            raise Rejection(
                ErrorCode.WRONG_DEVICE,
                "change.device_id is not the device that sends it",
            )
        stamp = hlc.Timestamp.parse(change.hlc)  # the pattern was checked by Change
        if hlc.too_far_ahead(stamp, now_ms()):
            raise Rejection(
                ErrorCode.CLOCK_AHEAD,
                f"the change's hlc is more than {hlc.MAX_SKEW_MS // 3_600_000} hours"
                " ahead of the server's clock",
            )
        ent = checks.check_entity_and_fields(change)
        found = load_record(conn, change.entity, change.entity_id)
        previous = found[0] if found else None

        def load(entity: str, entity_id: str) -> checks.Found:
            return load_record(conn, entity, entity_id)

        checks.check_scope(ent, device.office_id, change, found, load)
        checks.check_immutable(ent, change, previous)
        if ent.form is not None and change.op == "upsert":
            verdict = verdicts.get(change.change_id)
            if verdict is not None and verdict.basis == _basis(previous):
                if verdict.rejection is not None:
                    raise verdict.rejection
            else:  # the record moved since the pre-check (a concurrent push): check again
                self._check_answers(change, previous)
        return previous, device.office_id

    def _check_answers(self, change: Change, previous: RecordState | None) -> None:
        ent = spec.entity(change.entity)
        if ent is None or ent.form is None:
            return
        form_field, version_field, answers_field = ent.form
        if not {answers_field, form_field, version_field, "status"} & set(change.fields):
            return
        values = merge(previous, change).state.values
        if values.get("status") == "draft" or values.get(answers_field) in (None, ""):
            return
        answers = values.get(answers_field)
        if isinstance(answers, str):
            try:
                answers = json.loads(answers)
            except (ValueError, RecursionError):
                raise Rejection(ErrorCode.INVALID_ANSWERS, "answers is not valid JSON") from None
        if not isinstance(answers, dict):
            raise Rejection(ErrorCode.INVALID_ANSWERS, "answers must be a JSON object")
        form_id, version = values.get(form_field), values.get(version_field)
        if isinstance(version, str) and version.isdigit():
            version = int(version)
        if not isinstance(form_id, str) or not isinstance(version, int):
            raise Rejection(ErrorCode.INVALID_ANSWERS, "form_id and form_version are required")
        problems = self.forms.check(form_id, version, answers)
        if problems:
            raise Rejection(ErrorCode.INVALID_ANSWERS, "; ".join(problems[:5])[:1000])

    def _reject(
        self,
        conn: Connection,
        device: DeviceContext,
        change_id: str,
        raw: Any,
        code: str,
        reason: str,
    ) -> PushItem:
        reason = _printable(reason)[:1000]
        q = schema.quarantine.c
        exists = conn.execute(
            select(q.id).where(q.device_id == device.device_id, q.change_id == change_id)
        ).first()
        values = {"code": code, "reason": reason, "created_at": now_ms()}
        if exists is None:
            conn.execute(
                schema.quarantine.insert().values(
                    device_id=device.device_id,
                    office_id=device.office_id,
                    change_id=change_id,
                    doc=_safe_text(raw)[:200_000],
                    **values,
                )
            )
        else:
            conn.execute(schema.quarantine.update().where(q.id == exists.id).values(**values))
        return PushItem(change_id, REJECTED, code, reason)


def _has_form(entity: Any) -> bool:
    ent = spec.entity(entity)
    return ent is not None and ent.form is not None


def _safe_text(raw: Any) -> str:
    try:
        return json.dumps(raw, sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(raw)[:10_000]


def _printable(text: str) -> str:
    """``text`` with control characters escaped (reasons may quote untrusted input)."""
    if not protocol.has_control(text):
        return text
    return "".join(ch if not protocol.has_control(ch) else repr(ch)[1:-1] for ch in text)
