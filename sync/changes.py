"""The change record: the unit of replication written to the outbox and sent on the wire.

One definition for client and server. A change carries only the fields it changed, with
their new values, plus for each field the HLC of the version its writer saw (``base``),
which is what lets every replica tell a sequential overwrite from a concurrent one.
A delete is a tombstone: ``op == "delete"``, no fields, and ``base["_record"]`` holds the
newest field version the deleter saw.

Also owns ``Changed``, the change notice: which records (entity -> ids) a write altered.
Every store write (local, a sync page, a bundle import) reports it in that one shape.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta

from sync import hlc

Op = Literal["upsert", "delete"]
OPS: tuple[str, ...] = ("upsert", "delete")
RECORD_BASE_KEY = "_record"

# The declared shape (also the OpenAPI ``Change`` schema, via ``sync.protocol.schema``).
_Id = Annotated[str, Meta(min_length=1, max_length=128)]
Hlc = Annotated[str, Meta(pattern=hlc.HLC_PATTERN, description="HLC timestamp (sync.hlc)")]
_FieldName = Annotated[str, Meta(pattern="^[^_]", description="not starting with '_'")]
_Seq = Annotated[int, Meta(ge=0)]


def derived_change_id(device_id: str, seq: int) -> str:
    """The change id a device gives its change number ``seq`` (unique: a device never
    reuses a sequence number). The lean wire form (``sync.protocol.lean``) leaves such an
    id out and derives it again; any other id (older uuid ids) travels as it is."""
    return f"{device_id}#{seq}"


class MalformedChange(ValueError):
    """A change document that does not have the shape of a change."""


_CANONICAL = msgspec.json.Encoder(order="sorted")
_PLAIN = (str, int, bool, type(None))  # values both encoders spell alike


class Change(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    change_id: _Id
    entity: _Id
    entity_id: _Id
    op: Op
    fields: dict[_FieldName, Any]
    base: dict[str, Hlc]
    hlc: Hlc
    device_id: _Id
    seq: _Seq
    user_id: str | None = None
    extra: dict[str, Any] = msgspec.field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.op == "delete" and self.fields:
            raise ValueError("a delete carries no fields")

    def to_dict(self) -> dict[str, Any]:
        return msgspec.structs.asdict(self)

    def canonical(self) -> str:
        """Stable JSON text of the change: two sends of the same change compare equal.

        Always ``json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"),
        ensure_ascii=False)``, byte for byte (stored texts are compared with it). msgspec
        writes the same text eight times faster when every field value is a string, an
        integer, a boolean or null (it spells floats differently: ``1e16``, not ``1e+16``),
        so it is used then; json otherwise (``tests/sync/test_canonical.py``)."""
        if not self.extra and all(type(v) in _PLAIN for v in self.fields.values()):
            try:
                return _CANONICAL.encode(self).decode()
            except UnicodeEncodeError:  # a lone surrogate: json writes it as it is
                pass
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def from_dict(cls, doc: Any) -> Change:
        """Build a change from untrusted JSON, raising ``MalformedChange`` with the reason."""
        try:
            change = msgspec.convert(doc, cls)
        except msgspec.ValidationError as exc:
            raise MalformedChange(f"change: {exc}") from None
        except RecursionError:
            raise MalformedChange("change: JSON nested too deeply") from None
        return change

    @classmethod
    def from_json(cls, text: str | bytes) -> Change:
        """``from_dict(json.loads(text))`` in one pass: msgspec parses the text and checks
        the declared shape at once (the outbox's reads: 38 -> 25 us a change). Whatever it
        refuses (NaN, a lone surrogate escape, a malformed change) takes the long way, so
        the change, or the error, is exactly ``from_dict``'s."""
        try:
            return _DECODE(text)
        except (msgspec.DecodeError, RecursionError, UnicodeEncodeError):
            return cls.from_dict(json.loads(text))


_DECODE = msgspec.json.Decoder(Change).decode


class Changed:
    """A change notice: the records a write altered, as entity name -> set of ids.

    Returned by every store write (``Tx.changed``, ``ApplyResult.changed``,
    ``BundleReport.changed``) and passed to ``Store.on_change`` listeners after commit.
    Falsy when nothing changed. ``to_dict`` gives sorted lists (JSON-friendly).
    """

    __slots__ = ("_ids",)

    def __init__(self, items: dict[str, Iterable[str]] | None = None) -> None:
        self._ids: dict[str, set[str]] = {}
        for entity, ids in (items or {}).items():
            for entity_id in ids:
                self.add(entity, entity_id)

    def add(self, entity: str, entity_id: str) -> None:
        ids = self._ids.get(entity)
        if ids is None:
            ids = self._ids[entity] = set()
        ids.add(entity_id)

    def update(self, other: Changed) -> None:
        for entity, ids in other._ids.items():
            self._ids.setdefault(entity, set()).update(ids)

    def ids(self, entity: str) -> frozenset[str]:
        return frozenset(self._ids.get(entity, ()))

    @property
    def entities(self) -> frozenset[str]:
        return frozenset(self._ids)

    def __contains__(self, entity: object) -> bool:
        return entity in self._ids

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __bool__(self) -> bool:
        return bool(self._ids)

    def __len__(self) -> int:
        """The number of records (entity, id) changed."""
        return sum(len(ids) for ids in self._ids.values())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Changed) and self._ids == other._ids

    __hash__ = None  # type: ignore[assignment]

    def to_dict(self) -> dict[str, list[str]]:
        return {entity: sorted(ids) for entity, ids in sorted(self._ids.items())}

    def __repr__(self) -> str:
        return f"Changed({self.to_dict()!r})"
