"""The merge rule: field-level last-writer-wins by HLC, identical on every replica.

Pure code, used by the client store and by the server. A record's merge state keeps,
for every field, its value, the HLC of the change that wrote it and that change's
``base`` (the version its writer had seen). Applying a change keeps, per field, the
value with the greater HLC (the node id inside the HLC breaks ties), so replicas that
apply the same set of changes in any order end identical.

Conflicts: a write *builds on* another when its ``base`` is exactly that write's HLC
(its writer saw that version when it wrote). When one write replaces another it did not
build on, with a different value, the losing value is kept in a ``Conflict`` for a
person to review; its id is derived from the loser, so recording it twice is harmless.
Exact equality (not "base is newer") is deliberate: HLC order is not causality, and a
"newer base" test silently drops a value written concurrently on a third device. Under
causal delivery (the server's log order) this flags exactly the concurrent overwrites;
out-of-order delivery can only add a spurious review item, never hide a lost value.

Deletes are tombstones. A record is deleted when the newest delete had seen every field
version; an edit the deleter had not seen keeps the record alive and raises an
``edit_delete`` conflict, whichever arrives first.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import msgspec

from sync.changes import RECORD_BASE_KEY, Change
from sync.hlc import ZERO

_ENCODER = msgspec.json.Encoder()  # versions_json


@dataclass(frozen=True)
class FieldVersion:
    hlc: str
    base: str

    def to_json(self) -> list[str]:
        return [self.hlc, self.base]

    @classmethod
    def from_json(cls, doc: Any) -> FieldVersion:
        return cls(str(doc[0]), str(doc[1]))


@dataclass
class RecordState:
    """Merge state of one record. ``delete_base`` is the newest version a deleter saw."""

    values: dict[str, Any] = field(default_factory=dict)
    versions: dict[str, FieldVersion] = field(default_factory=dict)
    delete_hlc: str | None = None
    delete_base: str | None = None

    @property
    def newest_field_hlc(self) -> str:
        return max((v.hlc for v in self.versions.values()), default=ZERO)

    @property
    def deleted(self) -> bool:
        return self.delete_base is not None and self.delete_base >= self.newest_field_hlc

    def versions_json(self) -> str:
        """``json.dumps`` of the sorted versions, compact (msgspec writes the same bytes
        when every field name is printable ASCII; json escapes the others, DEL and the
        control characters included, as ``\\u007f``)."""
        doc = {k: v.to_json() for k, v in sorted(self.versions.items())}
        if all(k.isascii() and k.isprintable() for k in doc):
            return _ENCODER.encode(doc).decode()
        return json.dumps(doc, separators=(",", ":"))

    @staticmethod
    def versions_from_json(text: str | None) -> dict[str, FieldVersion]:
        if not text:
            return {}
        return {k: FieldVersion.from_json(v) for k, v in json.loads(text).items()}

    def copy(self) -> RecordState:
        return RecordState(
            dict(self.values), dict(self.versions), self.delete_hlc, self.delete_base
        )


@dataclass(frozen=True)
class Conflict:
    conflict_id: str
    entity: str
    entity_id: str
    field: str  # "_deleted" for an edit-versus-delete conflict
    kind: str  # "field" or "edit_delete"
    winner_value: Any
    winner_hlc: str
    loser_value: Any
    loser_hlc: str


@dataclass
class MergeOutcome:
    state: RecordState
    applied: dict[str, Any]  # fields whose stored value changed, with their new values
    conflicts: list[Conflict]
    was_deleted: bool
    is_deleted: bool


def conflict_id(entity: str, entity_id: str, field_name: str, loser_hlc: str) -> str:
    raw = f"{entity}\x1f{entity_id}\x1f{field_name}\x1f{loser_hlc}".encode()
    return hashlib.sha256(raw).hexdigest()[:32]


def _field_conflict(
    change: Change, name: str, winner: tuple[Any, str], loser: tuple[Any, str]
) -> Conflict:
    return Conflict(
        conflict_id(change.entity, change.entity_id, name, loser[1]),
        change.entity,
        change.entity_id,
        name,
        "field",
        winner[0],
        winner[1],
        loser[0],
        loser[1],
    )


def _delete_conflict(change: Change, state: RecordState) -> Conflict:
    assert state.delete_hlc is not None
    return Conflict(
        conflict_id(change.entity, change.entity_id, "_deleted", state.delete_hlc),
        change.entity,
        change.entity_id,
        "_deleted",
        "edit_delete",
        False,
        state.newest_field_hlc,
        True,
        state.delete_hlc,
    )


def merge(state: RecordState | None, change: Change) -> MergeOutcome:
    """Apply one change to a record's merge state; returns the new state and what changed."""
    current = state.copy() if state is not None else RecordState()
    was_deleted = state is not None and state.deleted
    applied: dict[str, Any] = {}
    conflicts: list[Conflict] = []
    if change.op == "delete":
        seen = change.base.get(RECORD_BASE_KEY, ZERO)
        if current.delete_hlc is None or change.hlc > current.delete_hlc:
            current.delete_hlc = change.hlc
        if current.delete_base is None or seen > current.delete_base:
            current.delete_base = seen
        if not current.deleted and current.versions:
            conflicts.append(_delete_conflict(change, current))
    else:
        for name, value in change.fields.items():
            base = change.base.get(name, ZERO)
            old = current.versions.get(name)
            if old is None:
                current.values[name] = value
                current.versions[name] = FieldVersion(change.hlc, base)
                applied[name] = value
                continue
            if change.hlc == old.hlc:
                continue  # the same write seen again
            old_value = current.values.get(name)
            if change.hlc > old.hlc:
                if base != old.hlc and value != old_value:
                    conflicts.append(
                        _field_conflict(change, name, (value, change.hlc), (old_value, old.hlc))
                    )
                current.values[name] = value
                current.versions[name] = FieldVersion(change.hlc, base)
                if value != old_value:
                    applied[name] = value
            elif old.base != change.hlc and value != old_value:
                conflicts.append(
                    _field_conflict(change, name, (old_value, old.hlc), (value, change.hlc))
                )
        if current.delete_hlc is not None and not current.deleted and was_deleted:
            conflicts.append(_delete_conflict(change, current))
    return MergeOutcome(current, applied, conflicts, was_deleted, current.deleted)
