"""Client decode time of a realistic 500-change pull page: msgspec vs pydantic v2 vs json.

Why ``sync.protocol`` is declared with msgspec: the client decodes every pull page and
snapshot page. Run ``.venv/bin/python bench/wire_decode.py``; it prints the median of
20 runs for (a) the declared msgspec decode (bytes -> PullPage -> 500 ``Change``), (b)
the same shape as pydantic v2 models (``model_validate_json`` + the same Change
conversion), (c) plain ``json.loads`` with no validation at all, as the floor. The page
has protocol 1's shape (a list of whole change documents, where the decoders compare
alike); (d) protocol 2's lean page (``sync.protocol.lean``) of the same changes.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Annotated, Any, Literal

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import msgspec
from pydantic import BaseModel, ConfigDict, Field

from sync import hlc, protocol
from sync.changes import Change

FIELDS = {
    "given_names": "María Rosa",
    "paternal_surname": "Quispe",
    "maternal_surname": "Mamani",
    "doc_type": "DNI",
    "doc_number": "45871236",
    "birth_date": "1987-03-14",
    "sex": "F",
    "ubigeo": "080101",
    "phone": "984123456",
    "mother_tongue": "quechua",
    "interpreter_needed": 1,
    "created_by": uuid.uuid4().hex,
}


def page_bytes(n: int = 500) -> bytes:
    dev = uuid.uuid4().hex
    changes = []
    for i in range(n):
        stamp = f"{1_790_000_000_000 + i:015d}-00000-{dev}"
        doc = Change(
            change_id=uuid.uuid4().hex,
            entity="person",
            entity_id=uuid.uuid4().hex,
            op="upsert",
            fields=dict(FIELDS),
            base={k: hlc.ZERO for k in FIELDS},
            hlc=stamp,
            device_id=dev,
            seq=i + 1,
            user_id=uuid.uuid4().hex,
        ).to_dict()
        changes.append(protocol.PulledChange(i + 1, doc))
    page = _V1Page(changes, n, False, uuid.uuid4().hex, 1_790_000_000_000)
    return msgspec.json.encode(page)


class _V1Page(msgspec.Struct):
    """A pull page as protocol 1 sent it (whole change documents with their seq)."""

    changes: list[protocol.PulledChange]
    next_cursor: int
    more: bool
    epoch: str
    server_time: int


def lean_bytes(raw: bytes) -> bytes:
    """The same page in protocol 2's lean form."""
    old = msgspec.json.decode(raw, type=_V1Page)
    block = protocol.ChangeBlock.of(Change.from_dict(c.change) for c in old.changes)
    page = protocol.PullPage(block, old.next_cursor, old.more, old.epoch, old.server_time)
    return page.encode()


class _Strict(BaseModel):
    # Python's re, as msgspec: pydantic's default Rust engine refuses the "$(?!\n)" end.
    model_config = ConfigDict(strict=True, frozen=True, regex_engine="python-re")


PHlc = Annotated[str, Field(pattern=hlc.HLC_PATTERN)]


class PChange(_Strict):
    change_id: str = Field(min_length=1, max_length=128)
    entity: str = Field(min_length=1, max_length=128)
    entity_id: str = Field(min_length=1, max_length=128)
    op: Literal["upsert", "delete"]
    fields: dict[Annotated[str, Field(pattern="^[^_]")], Any]
    base: dict[str, PHlc]
    hlc: PHlc
    device_id: str = Field(min_length=1, max_length=128)
    seq: int = Field(ge=0)
    user_id: str | None = None
    extra: dict[str, Any] = Field(default_factory=dict)


class PPulled(_Strict):
    seq: int
    change: PChange


class PPage(_Strict):
    changes: list[PPulled]
    next_cursor: int
    more: bool
    epoch: str
    server_time: int


def _msgspec(raw: bytes) -> int:
    page = msgspec.json.decode(raw, type=_V1Page)
    return len([Change.from_dict(c.change) for c in page.changes])


def _lean(raw: bytes) -> int:
    return len(protocol.PullPage.decode(raw).parsed_changes())


def _pydantic(raw: bytes) -> int:
    page = PPage.model_validate_json(raw)
    return len([Change(**c.change.model_dump()) for c in page.changes])


def _json(raw: bytes) -> int:
    return len(json.loads(raw)["changes"])


def median_ms(fn: Any, raw: bytes, runs: int = 20) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        assert fn(raw) == 500
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    raw = page_bytes()
    print(f"pull page: 500 changes, {len(raw)} bytes of JSON")
    for name, fn in (("msgspec", _msgspec), ("pydantic v2", _pydantic), ("json.loads", _json)):
        print(f"{name:12s} {median_ms(fn, raw):7.2f} ms")
    print("(same validation in both: types, lengths, the HLC and field-name patterns)")
    lean = lean_bytes(raw)
    print(f"protocol 2 lean page: {len(lean)} bytes of JSON")
    print(f"{'msgspec lean':12s} {median_ms(_lean, lean):7.2f} ms")


if __name__ == "__main__":
    main()
