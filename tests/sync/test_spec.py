"""The entity specification: its entries are consistent and its checker never crashes."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from sync import spec
from sync.spec import vocab

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def test_entries_are_consistent() -> None:
    tables = [e.table for e in spec.ENTITY_LIST]
    assert len(set(tables)) == len(tables)
    tags = [e.search.tag for e in spec.ENTITY_LIST if e.search]
    assert len(set(tags)) == len(tags)
    steps = sorted(spec.SCHEMA_STEPS)
    assert steps == list(range(5, 5 + len(steps)))  # contiguous after the hand-written 1-4
    for ent in spec.ENTITY_LIST:
        assert {"es", "en"} <= set(ent.label) and {"es", "en"} <= set(ent.plural)
        names = ent.field_names
        assert len(set(names)) == len(names) and "id" not in names, ent.name
        assert all(not n.startswith("_") for n in names)
        assert ent.since <= spec.schema_version()
        for f in ent.fields:
            assert ent.since <= f.since <= spec.schema_version(), (ent.name, f.name)
            assert f.ref is None or f.ref in spec.ENTITIES, (ent.name, f.name)
            assert f.vocab is None or f.kind == "text"
        for field_name, parent in ent.scope:
            assert field_name in names and (parent is None or parent in spec.ENTITIES)
        if ent.search:
            assert set(ent.search.columns) <= set(names)
        if ent.immutable_when:
            assert ent.immutable_when in names
        if ent.form:
            assert set(ent.form) <= set(names)


def test_every_vocabulary_has_both_labels() -> None:
    for v in spec.VOCABS.values():
        assert v.codes(), v.name
        for code, label in v.items:
            assert label.get("es") and label.get("en"), (v.name, code)
    assert vocab.MATTER.label("violencia_familiar") == vocab.MATTER.label("violencia")
    assert vocab.CASE_STATUS.label("open", "en") == "Open"
    assert vocab.HEARING_KIND.label("una_nueva") == "Una nueva"
    assert vocab.SEX.label(None) == "—"


@given(value=JSON_VALUES)
def test_checker_never_crashes_and_keeps_limits(value: Any) -> None:
    for ent in spec.ENTITY_LIST:
        stored, problems = spec.check_fields(ent, {f.name: value for f in ent.fields})
        assert isinstance(problems, list)
        for name, kept in stored.items():
            field = ent.field(name)
            assert field is not None
            if kept is None:
                continue
            if field.kind == "int":
                assert isinstance(kept, int) and not isinstance(kept, bool)
            else:
                assert isinstance(kept, str) and len(kept) <= field.limit
                if field.kind == "json":
                    json.loads(kept)


def test_formats() -> None:
    person = spec.ENTITIES["person"]
    attachment = spec.ENTITIES["attachment"]
    assert spec.check_fields(person, {"birth_date": "2000-01-31", "ubigeo": "150101"})[1] == []
    assert [p.code for p in spec.check_fields(person, {"birth_date": "31/01/2000"})[1]] == [
        "format"
    ]
    bad = spec.check_fields(attachment, {"sha256": "../../../../etc/passwd"})[1]
    assert [(p.field, p.code) for p in bad] == [("sha256", "format")]
    assert spec.check_fields(attachment, {"sha256": "a" * 64, "size": True})[0]["size"] == 1
    huge = {name: "x" * 100 for name in ("given_names", "paternal_surname")}
    assert spec.check_fields(person, huge)[1] == []


def test_a_change_is_bounded_as_a_whole() -> None:
    wide = spec.Entity(
        "wide",
        "wide",
        {"es": "Ancho", "en": "Wide"},
        {"es": "Anchos", "en": "Wide"},
        tuple(spec.Field(f"f{i}", max_len=100_000) for i in range(4)),
    )
    fine = {f"f{i}": "x" * 70_000 for i in range(4)}
    assert spec.check_fields(wide, fine)[1] == []
    big = {f"f{i}": "x" * 80_000 for i in range(4)}
    assert [(p.field, p.code) for p in spec.check_fields(wide, big)[1]] == [("*", "size")]
