"""Push intake: check each change of a batch, then store the batch in bulk.

Owns the order of a push and the decision for each change; the rules themselves are in
``checks`` (entity specification, scope, immutability) and the forms engine, and the
storage is ``ingest`` (bulk loads and ``executemany`` writes). A batch of changes:

1. outside any lock, each change is decoded once (``Change.from_dict``; its canonical
   text computed once) and given the checks that need no stored record — shape, sender
   (device, HLC node, HLC no further ahead than the server's clock plus
   ``sync.hlc.MAX_SKEW_MS``: ``checks.check_sender``), entity and field values;
2. still outside the lock, on a read connection, form answers are validated against the
   records as they stood then (loaded with one query; each batch change merged over the
   previous one): a slow validation delays only its own request, never another office's
   push. Form regular expressions run on RE2 (``forms.expr.patterns``), so even that is
   linear;
3. in one serialized write transaction (``Database.grouped``: shared with the pushes that
   arrive meanwhile, one commit for all — group commit): one query for the batch's
   change ids already logged, one for every record the batch touches or references
   (``ingest.Lookup``); then each change in order is recognised as a duplicate (same
   change id, same canonical text: success), or checked against the stored state (office
   scope, author, immutability; the answers' verdict reused when the record is still what it was
   checked against, else validated again) and either accepted — merged with
   ``sync.merge.merge`` and logged with the next ``seq`` — or rejected into
   ``quarantine`` with a code and a reason while the rest of the batch goes on; finally
   ``ingest.BatchWriter.flush`` writes it all with one ``executemany`` per statement.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from sync import protocol, spec
from sync.changes import Change, MalformedChange
from sync.merge import RecordState, merge
from sync.protocol import ACCEPTED, DUPLICATE, REJECTED, ErrorCode, PushItem
from sync.server import checks, ingest
from sync.server.checks import Rejection
from sync.server.db import Database, now_ms
from sync.server.formcheck import FormChecker
from sync.server.ingest import BatchWriter, Lookup
from sync.server.push_order import PushOrder


@dataclass(frozen=True)
class DeviceContext:
    """The authenticated device of a request."""

    device_id: str
    office_id: str
    office_code: str
    number: int
    seen_due: bool = False  # its "last seen" stamp is left to the request's write job


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
class _Item:
    """One raw change of a batch after decoding (outside the lock)."""

    raw: Any
    change_id: str
    change: Change | None = None
    canonical: str = ""
    entity: spec.Entity | None = None
    rejection: Rejection | None = None  # from a check that needs no stored record

    def touches(self) -> list[ingest.Key]:
        """The records this change touches or points to (preloaded in one query)."""
        if self.change is None or self.entity is None or self.rejection is not None:
            return []
        change = self.change
        out = [(change.entity, change.entity_id)]
        for name, ref in checks.references(self.entity):
            target = change.fields.get(name)
            if isinstance(target, str):
                out.append((ref, target))
        if isinstance(change.user_id, str):
            out.append(("user", change.user_id))  # its author (checks.check_author)
        return out


@dataclass
class _Plan:
    """A batch run outside the write lock on a read snapshot: its results and rows with
    sequences counted from 0. Under the lock it is written as it is (renumbered from the
    next sequence) when nothing it read has moved — the change ids it found logged, and
    the ``updated_seq`` of every record it read (each write of a record moves it) — else
    the batch is run again there. The decisions are the same either way: they depend only
    on what was read."""

    logged: dict[str, tuple[int, str]]  # the batch's change ids already logged, as read
    stamps: dict[ingest.Key, int | None]
    writer: BatchWriter
    results: list[PushItem]

    def holds(self, conn: Connection, ids: list[str]) -> bool:
        if ingest.stored_docs(conn, ids) != self.logged:
            return False
        return ingest.record_stamps(conn, self.stamps) == self.stamps

    def apply(self, conn: Connection) -> list[PushItem]:
        base = ingest.next_seq(conn)
        self.writer.shift(base)
        self.writer.flush(conn)
        out = []
        for r in self.results:  # accepted here (a repeat within the batch too): renumber
            if r.seq is not None and r.change_id not in self.logged:
                r = PushItem(r.change_id, r.status, r.code, r.reason, r.seq + base)
            out.append(r)
        return out


class PushProcessor:
    """Applies push batches; one instance per app (holds the database and form checker)."""

    def __init__(self, db: Database, forms: FormChecker) -> None:
        self.db = db
        self.forms = forms
        self.order = PushOrder()  # a pipelined push waits for its predecessor (bounded)

    def push(
        self,
        device: DeviceContext,
        raw_changes: list[Any],
        after: str | None = None,
        also: Callable[[Connection], None] | None = None,
    ) -> list[PushItem]:
        """Store a batch; its results in order. ``after`` (a pipelined batch): the change
        id of the last change the device sent before this batch; until that change is
        stored (logged or quarantined) the batch is not taken and gets no results, so a
        device's changes are never stored out of order (``sync.client.pipeline``); a
        predecessor not stored yet is first waited for, bounded (``push_order``).
        ``also``: another write of the request, made in the same transaction (the
        device's "last seen" stamp)."""
        with self.order.running(device.device_id) as ticket:
            return self._push(device, raw_changes, after, also, ticket)

    def _push(
        self,
        device: DeviceContext,
        raw_changes: list[Any],
        after: str | None,
        also: Callable[[Connection], None] | None,
        ticket: int,
    ) -> list[PushItem]:
        items = [self._decode(device, raw) for raw in raw_changes]  # outside the write lock
        keys = [key for item in items for key in item.touches()]
        ids = [i.change_id for i in items if i.change]
        if after is not None:  # a pipelined batch: its predecessor first, if it is coming
            self.order.wait_stored(device.device_id, ticket, lambda: self._received(device, after))
        with self.db.read() as conn:  # outside the write lock: the batch run on a snapshot
            lookup = Lookup(conn, keys)
            verdicts = self._precheck_answers(items, lookup.records)
            plan = self._prepare(conn, device, items, ids, lookup, verdicts)

        def store(conn: Connection) -> list[PushItem]:
            if also is not None:
                also(conn)
            if after is not None and not ingest.received(conn, device.device_id, after):
                return []
            if plan.holds(conn, ids):  # nothing it read has moved: write what it made
                return plan.apply(conn)
            stored = ingest.stored_docs(conn, ids)
            lookup = Lookup(conn, keys)
            writer = BatchWriter(ingest.next_seq(conn))
            results = [self._one(device, item, stored, lookup, writer, verdicts) for item in items]
            writer.flush(conn)
            return results

        # one commit with the pushes that arrive meanwhile (group commit, ``Database.grouped``)
        return self.db.grouped(store, weight=len(items))

    def _received(self, device: DeviceContext, change_id: str) -> bool:
        with self.db.read() as conn:
            return ingest.received(conn, device.device_id, change_id)

    def _decode(self, device: DeviceContext, raw: Any) -> _Item:
        try:
            change = Change.from_dict(raw)
            ids = (change.change_id, change.entity, change.entity_id, change.device_id)
            if protocol.has_control("".join((*ids, change.user_id or ""))):
                raise MalformedChange("change ids must not hold control characters")
        except MalformedChange as exc:
            cid = raw.get("change_id") if isinstance(raw, dict) else None
            if not isinstance(cid, str) or not 0 < len(cid) <= 128 or protocol.has_control(cid):
                cid = "malformed-" + hashlib.sha256(_safe_text(raw).encode()).hexdigest()[:32]
            return _Item(raw, cid, rejection=Rejection(ErrorCode.MALFORMED, str(exc)))
        item = _Item(raw, change.change_id, change, change.canonical())
        try:
            item.entity = self._check_alone(device, change)
        except Rejection as rej:
            item.rejection = rej
        return item

    def _check_alone(self, device: DeviceContext, change: Change) -> spec.Entity:
        """The checks that need no stored record; the change's entity."""
        checks.check_sender(device.device_id, change, now_ms())
        return checks.check_entity_and_fields(change)

    def _prepare(
        self,
        conn: Connection,
        device: DeviceContext,
        items: list[_Item],
        ids: list[str],
        lookup: Lookup,
        verdicts: dict[str, _Verdict],
    ) -> _Plan:
        """The batch decided and encoded on a read snapshot (sequences from 0)."""
        before = ingest.stored_docs(conn, ids)
        stored = dict(before)
        writer = BatchWriter(0)
        results = [self._one(device, item, stored, lookup, writer, verdicts) for item in items]
        writer.record_rows()  # the JSON of the records, encoded here rather than under the lock
        writer.prepare_derived(conn)  # and the derived tables' rows (written if they hold)
        return _Plan(before, lookup.stamps, writer, results)

    def _precheck_answers(
        self, items: list[_Item], found: dict[ingest.Key, ingest.Found]
    ) -> dict[str, _Verdict]:
        """Validate the batch's form answers against the records as ``found`` on a read
        connection, before the write lock."""
        candidates = [
            i.change
            for i in items
            if i.change is not None
            and i.rejection is None
            and i.entity is not None
            and i.entity.form is not None
            and i.change.op == "upsert"
        ]
        verdicts: dict[str, _Verdict] = {}
        states: dict[ingest.Key, RecordState | None] = {}
        seen: dict[tuple[str, int], Any] = {}  # the batch's form definitions, looked up once
        for c in candidates:
            f = found[(c.entity, c.entity_id)]  # every candidate's record is preloaded
            states[(c.entity, c.entity_id)] = f[0] if f else None
        for change in candidates:
            key = (change.entity, change.entity_id)
            previous = states[key]
            try:
                self._check_answers(change, previous, seen)
                rejection = None
            except Rejection as rej:
                rejection = rej
            verdicts.setdefault(change.change_id, _Verdict(_basis(previous), rejection))
            if rejection is None:
                states[key] = merge(previous, change).state
        return verdicts

    def _one(
        self,
        device: DeviceContext,
        item: _Item,
        stored: dict[str, tuple[int, str]],
        lookup: Lookup,
        writer: BatchWriter,
        verdicts: dict[str, _Verdict],
    ) -> PushItem:
        change = item.change
        if change is None:
            assert item.rejection is not None
            return self._reject(writer, device, item, item.rejection)
        known = stored.get(change.change_id)
        if known is not None:
            if known[1] == item.canonical:
                return PushItem(change.change_id, DUPLICATE, seq=known[0])
            return self._reject(
                writer,
                device,
                item,
                Rejection(
                    ErrorCode.ID_REUSED, "a different change with this change_id is already stored"
                ),
            )
        try:
            if item.rejection is not None:
                raise item.rejection
            assert item.entity is not None
            found = self._check_stored(lookup, device, item.entity, change, verdicts)
        except Rejection as rej:
            return self._reject(writer, device, item, rej)
        seq = writer.accept(lookup, device.office_id, change, item.canonical, found)
        stored[change.change_id] = (seq, item.canonical)
        return PushItem(change.change_id, ACCEPTED, seq=seq)

    def _check_stored(
        self,
        lookup: Lookup,
        device: DeviceContext,
        ent: spec.Entity,
        change: Change,
        verdicts: dict[str, _Verdict],
    ) -> ingest.Found:
        """The checks against the stored state (under the lock); the change's record."""
        found = lookup.get(change.entity, change.entity_id)
        previous = found[0] if found else None
        checks.check_scope(ent, device.office_id, change, found, lookup.get)
        checks.check_author(device.office_id, change, lookup.get)
        checks.check_immutable(ent, change, previous)
        if ent.form is not None and change.op == "upsert":
            verdict = verdicts.get(change.change_id)
            if verdict is not None and verdict.basis == _basis(previous):
                if verdict.rejection is not None:
                    raise verdict.rejection
            else:  # the record moved since the pre-check (a concurrent push): check again
                self._check_answers(change, previous)
        return found

    def _check_answers(
        self,
        change: Change,
        previous: RecordState | None,
        seen: dict[tuple[str, int], Any] | None = None,
    ) -> None:
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
        problems = self.forms.check(form_id, version, answers, seen)
        if problems:
            raise Rejection(ErrorCode.INVALID_ANSWERS, "; ".join(problems[:5])[:1000])

    def _reject(
        self, writer: BatchWriter, device: DeviceContext, item: _Item, rej: Rejection
    ) -> PushItem:
        reason = _printable(rej.reason)[:1000]
        doc = _safe_text(item.raw)[:200_000]
        writer.reject(device.device_id, device.office_id, item.change_id, doc, rej.code, reason)
        return PushItem(item.change_id, REJECTED, rej.code, reason)


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
