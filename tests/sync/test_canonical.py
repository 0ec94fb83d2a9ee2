"""The fast encodings write exactly json's bytes: ``Change.canonical`` (compared with
texts stored by earlier versions for idempotency) and ``RecordState.versions_json``."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from sync.changes import Change, MalformedChange
from sync.merge import FieldVersion, RecordState

HLC = "000001700000000-00000-dev1"
scalars = st.one_of(
    st.text(),  # any code point, controls, U+2028, astral; lone surrogates included
    st.integers(min_value=-(2**70), max_value=2**70),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False, allow_infinity=False),  # json's spelling must win
    st.sampled_from([1e16, 1e-05, 1.5e-07, 1e22, 1.7976931348623157e308, -0.0]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3), max_leaves=6)
names = st.text(min_size=1, max_size=8).filter(lambda n: not n.startswith("_"))


def json_canonical(change: Change) -> str:
    return json.dumps(change.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@given(
    fields=st.dictionaries(names, values, max_size=6),
    extra=st.one_of(st.just({}), st.dictionaries(st.text(max_size=4), scalars, max_size=2)),
    user=st.one_of(st.none(), st.text(max_size=10)),
    entity_id=st.text(min_size=1, max_size=20),
)
@example(fields={"a": 1e16}, extra={}, user=None, entity_id="x")
@example(fields={"a": '\u2028\x7f\x1f"\\', "é": 1}, extra={}, user="ü", entity_id="x")
def test_canonical_is_json_byte_for_byte(
    fields: dict[str, Any], extra: dict[str, Any], user: str | None, entity_id: str
) -> None:
    change = Change(
        change_id="c1",
        entity="person",
        entity_id=entity_id,
        op="upsert",
        fields=fields,
        base=dict.fromkeys(fields, HLC),
        hlc=HLC,
        device_id="dev1",
        seq=1,
        user_id=user,
        extra=extra,
    )
    assert change.canonical() == json_canonical(change)


@given(st.dictionaries(st.text(min_size=1, max_size=8), st.just(HLC), max_size=6))
@example({"\x7f": HLC, "a\x01": HLC})  # printable-ASCII test once let DEL through unescaped
def test_versions_json_is_json_byte_for_byte(names_: dict[str, str]) -> None:
    state = RecordState({}, {k: FieldVersion(v, "0") for k, v in names_.items()})
    doc = {k: state.versions[k].to_json() for k in sorted(state.versions)}
    assert state.versions_json() == json.dumps(doc, separators=(",", ":"))


@given(
    fields=st.dictionaries(names, values, max_size=6),
    extra=st.one_of(st.just({}), st.dictionaries(st.text(max_size=4), scalars, max_size=2)),
    op=st.sampled_from(["upsert", "delete"]),
)
@example(fields={"a": "\ud800"}, extra={}, op="upsert")  # a lone surrogate: the long way
@example(fields={"a": float("nan")}, extra={}, op="upsert")  # NaN: json reads it, msgspec not
@example(fields={"a": 1}, extra={}, op="delete")  # malformed: a delete with fields
def test_from_json_is_from_dict_of_json_loads(
    fields: dict[str, Any], extra: dict[str, Any], op: str
) -> None:
    """The outbox's one-pass read gives the very change (or the very error) of the long way."""
    doc = {
        "change_id": "c1",
        "entity": "person",
        "entity_id": "p1",
        "op": op,
        "fields": fields,
        "base": dict.fromkeys(fields, HLC),
        "hlc": HLC,
        "device_id": "dev1",
        "seq": 1,
        "extra": extra,
    }
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    try:
        expected: Any = Change.from_dict(json.loads(text))
    except MalformedChange as exc:
        expected = ("malformed", str(exc))
    try:
        got: Any = Change.from_json(text)
    except MalformedChange as exc:
        got = ("malformed", str(exc))
    assert repr(got) == repr(expected)  # repr: NaN != NaN
