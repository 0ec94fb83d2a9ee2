"""The lean encoding of changes (protocol 2; compact ids since 3): a list of changes as
one compact block.

Owns ``ChangeBlock`` — how a list of ``sync.changes.Change`` travels in push batches,
pull pages and snapshot pages — and the sequence ranges of the compact acknowledgement
(``to_ranges`` / ``in_ranges``). The encoding is exact: ``ChangeBlock.of(changes).docs()``
gives back every change's ``Change.to_dict()`` document (so ``Change.from_dict`` of it
equals the original and its canonical text, compared for idempotency, is the same);
the merge state each change carries (per-field bases, HLCs) is untouched.

What is left out or written once (issue 14):

- tables once per block: ``nodes`` (device ids and HLC nodes; index 0 is the first
  change's device), ``users`` (user ids, ``null`` allowed), ``entities`` and ``shapes``
  (the field-name lists of the changes: a change gives its values in its shape's order);
- each change is an array ``[e, i, q, t, c, s, b, n, d, u, x, o, a]`` with its trailing
  defaults left out: ``e`` entity index; ``i`` record id; ``q`` seq minus the previous
  change's seq; ``t`` HLC milliseconds minus the previous change's; ``c`` HLC counter
  (0); ``s`` shape index (-1: no fields); ``b`` the bases (``null``: ``{}``; ``0``: every
  field at ``sync.hlc.ZERO`` — an insert; ``[dt, c, n]``: every field at that version,
  ``dt`` milliseconds before the change's own; or ``{name: [dt, c, n] | 0}``, e.g. a
  delete's ``_record``); ``n`` the HLC's node index (0); ``d`` the device index (-1: the
  HLC's node); ``u`` the user index (0); ``x`` the change id when it is not the derived
  one (``null``); ``o`` 1 for a delete (0); ``a`` extra (``{}``);
- the values by column: ``columns[s][k]`` lists the values of field ``shapes[s][k]`` of
  the changes of shape ``s``, in their order (like values side by side compress best);
- the change id is derived (``sync.changes.derived_change_id(device, seq)``; in a
  snapshot block ``snapshot_change_id(entity, id, hlc, op)``) and then not sent;
- with ``ids`` set (protocol 3; the client's pushes), the record id of each row and every
  text value of a column that is a canonical UUID (``8-4-4-4-12`` lowercase hex: record
  ids and references) is ``~`` and its 16 bytes in unpadded base64url — 23 characters
  instead of 36, and fewer bytes still after zstd (random hex costs more than random
  base64: 9,000 changes of the bench's office 384 -> 362 KB); a text of those places
  that starts with ``~`` is escaped as ``~~…``. Nested values (inside JSON answers) are
  left as they are. Pull and snapshot pages use it only for a reader of protocol 3
  or newer (``compact_ids``: a protocol-2 client gets them as before);
- a change the lean form cannot spell (an HLC of another shape, a seq that is not a
  number) travels as its whole document instead of an array — so whatever a peer sends
  still reaches the per-change checks (quarantined there, the rest flowing).

Validation: the block's structure is checked by its declaration and by ``docs()``
(indexes in range, shapes as long as their values: ``ProtocolError``, the whole body
refused); each resulting document is then checked on its own as before
(``Change.from_dict`` and the server's checks), so a bad value is one change's
rejection, never the batch's.
"""

from __future__ import annotations

import binascii
import hashlib
import re
from collections.abc import Iterable, Sequence
from typing import Annotated, Any, ClassVar

import msgspec
from msgspec import Meta, field

from sync import hlc
from sync.changes import RECORD_BASE_KEY, Change, MalformedChange, derived_change_id
from sync.protocol.base import ErrorCode, Message, ProtocolError

MAX_TABLE = 100_000  # entries in a block's tables (well above a page's changes)
_NAME = Annotated[str, Meta(max_length=128)]
CHANGE_SCHEMA_REF = "#/components/schemas/Change"  # sync.protocol.schema's ref template
# a lean array, or a whole document (any other JSON value: checked per change)
_Row = Annotated[
    Any, Meta(extra_json_schema={"anyOf": [{"type": "array"}, {"$ref": CHANGE_SCHEMA_REF}]})
]
# defaults of the row positions after the first four (c, s, b, n, d, u, x, o, a)
_TAIL_DEFAULTS: tuple[Any, ...] = (0, -1, None, 0, -1, 0, None, 0, {})
_ROW_LEN = 4 + len(_TAIL_DEFAULTS)


def snapshot_change_id(entity: str, entity_id: str, hlc_text: str, op: str) -> str:
    """The id of a change rebuilding a snapshot record (stable: applying twice is harmless)."""
    raw = f"{entity}\x1f{entity_id}\x1f{hlc_text}\x1f{op}".encode()
    return "snap-" + hashlib.sha256(raw).hexdigest()[:40]


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_B64 = re.compile(r"[A-Za-z0-9_-]{21}[AQgw]")  # 16 bytes: the last char's low 4 bits zero
TILDE = "~"
_URLSAFE = bytes.maketrans(b"+/", b"-_")
# a push compacts its ids from this many changes on: a smaller body is mostly references
# into the frozen dictionary, and compact ids cost it (one note: 257 -> 281 B)
COMPACT_IDS_MIN = 64
COMPACT_IDS_PROTOCOL = 3  # a peer of this protocol or newer reads compact ids


def compact_ids(count: int, reader_protocol: int = COMPACT_IDS_PROTOCOL) -> bool:
    """Whether a block of ``count`` changes, read by a peer of ``reader_protocol``, spells
    its ids compactly — the one rule for pushes, pull pages and snapshot pages (a
    protocol-2 reader would take ``~…`` texts for values: never to it)."""
    return reader_protocol >= COMPACT_IDS_PROTOCOL and count >= COMPACT_IDS_MIN


def pack_id(value: Any) -> Any:
    """A value of an ``ids`` block as written: a canonical UUID in 23 characters, a text
    starting with ``~`` escaped, anything else as it is."""
    if type(value) is not str:
        return value
    if len(value) == 36 and value[8] == "-" and _UUID.fullmatch(value):
        raw = binascii.b2a_base64(bytes.fromhex(value.replace("-", "")), newline=False)
        return TILDE + raw[:22].translate(_URLSAFE).decode("ascii")  # base64's wrapper: 2x
    return TILDE + value if value[:1] == TILDE else value


def unpack_id(value: Any) -> Any:
    """The value ``pack_id`` wrote (``ProtocolError`` for a ``~`` text it cannot write)."""
    if type(value) is not str or not value.startswith(TILDE):
        return value
    if value.startswith(TILDE * 2):
        return value[1:]
    if len(value) != 23 or not _B64.fullmatch(value, 1):
        raise _bad("a compact id is not 16 bytes in base64url")
    try:  # binascii on the standard alphabet: a third less CPU than base64's wrapper
        text = binascii.a2b_base64(value[1:].replace("-", "+").replace("_", "/") + "==").hex()
    except (binascii.Error, ValueError):
        raise _bad("a compact id is not 16 bytes in base64url") from None
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def _split_hlc(text: object) -> tuple[int, int, str] | None:
    if not hlc.is_valid(text):
        return None
    assert isinstance(text, str)
    return int(text[:15]), int(text[16:21]), text[22:]


class ChangeBlock(Message, frozen=True, omit_defaults=True):
    """A list of changes, lean (see the module docstring for the row layout)."""

    WHAT: ClassVar[str] = "change block"
    nodes: Annotated[list[_NAME], Meta(max_length=MAX_TABLE)] = field(default_factory=list)
    users: Annotated[list[_NAME | None], Meta(max_length=MAX_TABLE)] = field(default_factory=list)
    entities: Annotated[list[_NAME], Meta(max_length=MAX_TABLE)] = field(default_factory=list)
    shapes: Annotated[list[list[_NAME]], Meta(max_length=MAX_TABLE)] = field(default_factory=list)
    rows: Annotated[
        list[_Row],
        Meta(
            description="one change each: [e, i, q, t, c, s, b, n, d, u, x, o, a] or a "
            "whole Change document (any other value is that change's document, refused alone)"
        ),
    ] = field(default_factory=list)
    columns: Annotated[
        list[list[list[Any]]],
        Meta(max_length=MAX_TABLE, description="per shape, per field: the values in order"),
    ] = field(default_factory=list)
    snapshot: bool = False  # ids left out are snapshot_change_id, not derived_change_id
    ids: bool = False  # record ids and UUID values compact (``pack_id``; protocol 3)

    def __len__(self) -> int:
        return len(self.rows)

    # ------------------------------------------------------------------ encode
    @classmethod
    def of(
        cls, changes: Iterable[Any], *, snapshot: bool = False, ids: bool = False
    ) -> ChangeBlock:
        """The block of ``changes`` (in order): ``Change`` objects, or stored documents
        (made lean when they have the shape of a change, else sent as they are); with
        ``ids``, ids compact (``pack_id``)."""
        enc = _Encoder(snapshot, ids)
        rows = [enc.row(c) for c in changes]
        return cls(
            enc.nodes.names,
            enc.users.names,
            enc.entities.names,
            enc.shapes.names,
            rows,
            enc.columns,
            snapshot,
            ids,
        )

    @classmethod
    def of_docs(cls, docs: Iterable[Any]) -> ChangeBlock:
        """A block of change documents as they are (every row a whole document): sends a
        document exactly as written, malformed included (tests, hostile peers)."""
        return cls(rows=list(docs))

    # ------------------------------------------------------------------ decode
    def docs(self) -> list[Any]:
        """Every change as its ``Change.to_dict()`` document (raises ``ProtocolError``
        when the block's own structure is broken; values are checked per change later:
        a row that is neither a lean array nor a lean-able document is given as is)."""
        return _Decoder(self).docs()

    def changes(self) -> list[Change]:
        """Every change, validated (``ProtocolError`` on a malformed one)."""
        out = []
        for doc in self.docs():
            try:
                out.append(Change.from_dict(doc))
            except MalformedChange as exc:
                raise ProtocolError(ErrorCode.BAD_REQUEST, str(exc)) from None
        return out


class _Table:
    """Names given an index on first use (nodes, users, entities, shapes)."""

    def __init__(self) -> None:
        self.names: list[Any] = []
        self.index: dict[Any, int] = {}

    def of(self, name: Any, key: Any = None) -> int:
        key = name if key is None else key
        found = self.index.get(key)
        if found is None:
            found = self.index[key] = len(self.names)
            self.names.append(name)
        return found


class _Encoder:
    def __init__(self, snapshot: bool, ids: bool = False) -> None:
        self.snapshot = snapshot
        self.pack = pack_id if ids else _same
        self.nodes, self.users, self.entities, self.shapes = _Table(), _Table(), _Table(), _Table()
        self.columns: list[list[list[Any]]] = []
        self.seq = 0
        self.ms = 0

    def _version(self, text: str, ms: int) -> Any:
        if text == hlc.ZERO:
            return 0
        parts = _split_hlc(text)
        assert parts is not None
        return [ms - parts[0], parts[1], self.nodes.of(parts[2])]

    def _bases(self, change: Change, names: Sequence[str], ms: int) -> Any:
        base = change.base
        if not base:
            return None
        values = set(base.values())  # usually one (every field written at once): checked once
        if any(not hlc.is_valid(v) for v in values):
            raise ValueError("not lean")
        if names and len(values) == 1 and list(base) == list(names):
            return self._version(next(iter(values)), ms)
        return {k: self._version(v, ms) for k, v in base.items()}

    def row(self, item: Any) -> _Row:
        if isinstance(item, Change):
            change = item
        else:
            try:
                change = msgspec.convert(item, Change)
            except (msgspec.ValidationError, RecursionError):
                return item
        parts = _split_hlc(change.hlc)
        if parts is None or type(change.seq) is not int:
            return change.to_dict()
        ms, counter, node = parts
        names = tuple(change.fields)
        try:
            bases = self._bases(change, names, ms)
        except ValueError:
            return change.to_dict()
        device = self.nodes.of(change.device_id)  # the first change's device is nodes[0]
        node_index = self.nodes.of(node)
        if self.snapshot:
            derived = snapshot_change_id(change.entity, change.entity_id, change.hlc, change.op)
        else:
            derived = derived_change_id(change.device_id, change.seq)
        shape = -1
        if names:
            shape = self.shapes.of(list(names), names)
            if shape == len(self.columns):
                self.columns.append([[] for _ in names])
            pack = self.pack
            for column, value in zip(self.columns[shape], change.fields.values(), strict=True):
                column.append(pack(value))
        row: list[Any] = [
            self.entities.of(change.entity),
            self.pack(change.entity_id),
            change.seq - self.seq,
            ms - self.ms,
            counter,
            shape,
            bases,
            node_index,
            -1 if device == node_index else device,
            self.users.of(change.user_id),
            None if change.change_id == derived else change.change_id,
            1 if change.op == "delete" else 0,
            change.extra,
        ]
        self.seq, self.ms = change.seq, ms
        while len(row) > 4 and row[-1] == _TAIL_DEFAULTS[len(row) - 5]:
            row.pop()
        return row


def _bad(message: str) -> ProtocolError:
    return ProtocolError(ErrorCode.BAD_REQUEST, f"change block: {message}")


def _same(value: Any) -> Any:
    return value


class _Decoder:
    def __init__(self, block: ChangeBlock) -> None:
        self.block = block
        self.seq = 0
        self.ms = 0
        self.taken = [0] * len(block.shapes)  # values of each shape used so far
        self.unpack = unpack_id if block.ids else _same

    def _pick(self, table: list[Any], index: Any, what: str) -> Any:
        if type(index) is not int or not 0 <= index < len(table):
            raise _bad(f"{what} index {index!r:.20} out of range")
        return table[index]

    def _version(self, code: Any, ms: int) -> str:
        if code == 0 and type(code) is int:
            return hlc.ZERO
        if not isinstance(code, list) or len(code) != 3 or any(type(p) is not int for p in code):
            raise _bad("a base is not [dt, counter, node]")
        node = self._pick(self.block.nodes, code[2], "node")
        return _hlc_text(ms - code[0], code[1], node)

    def docs(self) -> list[Any]:
        shapes, columns = self.block.shapes, self.block.columns
        if len(columns) != len(shapes) or any(
            len(cols) != len(names) for cols, names in zip(columns, shapes, strict=True)
        ):
            raise _bad("the columns do not match the shapes")
        out = [self._doc(row) for row in self.block.rows]
        for cols, taken in zip(columns, self.taken, strict=True):
            if any(len(col) != taken for col in cols):
                raise _bad("a column holds more values than its changes")
        return out

    def _doc(self, row: _Row) -> Any:
        if not isinstance(row, list):
            return row  # a whole document (checked per change)
        if not 4 <= len(row) <= _ROW_LEN:
            raise _bad("a row has the wrong length")
        e, entity_id, dq, dt, c, s, b, n, d, u, x, o, a = (
            *row,
            *_TAIL_DEFAULTS[len(row) - 4 :],
        )
        ints = (dq, dt, c, s, n, d, u, o)
        if any(type(i) is not int for i in ints) or not isinstance(entity_id, str):
            raise _bad("a row has a value of the wrong type")
        if not isinstance(a, dict) or o not in (0, 1):
            raise _bad("a row has a value of the wrong type")
        if x is not None and not isinstance(x, str):
            raise _bad("a change id is not text")
        seq, ms = self.seq + dq, self.ms + dt
        self.seq, self.ms = seq, ms
        entity_id = self.unpack(entity_id)
        names: list[str] = []
        values: list[Any] = []
        if s != -1:
            names = self._pick(self.block.shapes, s, "shape")
            at = self.taken[s]
            self.taken[s] = at + 1
            unpack = self.unpack
            try:
                values = [unpack(column[at]) for column in self.block.columns[s]]
            except IndexError:
                raise _bad("a column holds fewer values than its changes") from None
        node = self._pick(self.block.nodes, n, "node")
        hlc_text = _hlc_text(ms, c, node)
        device = node if d == -1 else self._pick(self.block.nodes, d, "device")
        entity = self._pick(self.block.entities, e, "entity")
        op = "delete" if o else "upsert"
        if b is None:
            base: dict[str, str] = {}
        elif isinstance(b, dict):
            base = {str(k): self._version(code, ms) for k, code in b.items()}
        else:
            one = self._version(b, ms)
            base = dict.fromkeys(names, one)
        if x is None:
            if self.block.snapshot:
                x = snapshot_change_id(entity, entity_id, hlc_text, op)
            else:
                x = derived_change_id(device, seq)
        return {
            "change_id": x,
            "entity": entity,
            "entity_id": entity_id,
            "op": op,
            "fields": dict(zip(names, values, strict=True)),
            "base": base,
            "hlc": hlc_text,
            "device_id": device,
            "seq": seq,
            "user_id": self._pick(self.block.users, u, "user") if self.block.users or u else None,
            "extra": dict(a),
        }


def _hlc_text(ms: int, counter: int, node: str) -> str:
    """The HLC text; numbers outside the format give a text the per-change check refuses."""
    if 0 <= ms <= hlc.MAX_MS and 0 <= counter <= hlc.MAX_COUNTER:
        return f"{ms:015d}-{counter:05d}-{node}"
    return f"{ms}-{counter}-{node}"


# --------------------------------------------------------------------------- ack ranges
Ranges = list[tuple[int, int]]


def to_ranges(numbers: Iterable[int]) -> Ranges:
    """Sorted, merged inclusive ranges covering ``numbers`` ([1, 2, 3, 7] -> [(1, 3), (7, 7)])."""
    out: Ranges = []
    for n in sorted(set(numbers)):
        if out and n == out[-1][1] + 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out


def in_ranges(ranges: Iterable[Sequence[int]]) -> set[int]:
    """Every number the ranges cover (the caller bounds their total: ``ranges_size``)."""
    out: set[int] = set()
    for low, high in ranges:
        out.update(range(low, high + 1))
    return out


def ranges_size(ranges: Iterable[Sequence[int]]) -> int:
    return sum(max(0, high - low + 1) for low, high in ranges)


__all__ = [
    "COMPACT_IDS_MIN",
    "COMPACT_IDS_PROTOCOL",
    "RECORD_BASE_KEY",
    "ChangeBlock",
    "Ranges",
    "compact_ids",
    "in_ranges",
    "pack_id",
    "ranges_size",
    "snapshot_change_id",
    "to_ranges",
    "unpack_id",
]
