"""Any JSON input gives either normalized fields or InvalidInput naming fields, never a crash."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core import intakes, people
from app.core.errors import InvalidInput

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
person_like = st.dictionaries(
    st.sampled_from([*people.INPUT_FIELDS, "otro"]), json_values | st.text(max_size=20), max_size=8
)


@settings(max_examples=300, deadline=None)
@given(person_like)
def test_normalize_person_total(data: dict[str, Any]) -> None:
    try:
        out = people.normalize_person(data, today=date(2026, 1, 1))
    except InvalidInput as exc:
        assert all(p.field and p.message for p in exc.problems)
        assert {p.field for p in exc.problems} <= {*people.INPUT_FIELDS, "otro"}
    else:
        assert set(out) <= set(people.STORED_FIELDS)


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_parse_intake_document_total(doc: Any) -> None:
    try:
        form_id, version, answers, _ = intakes.parse_intake_document(doc, "ficha_atencion")
    except InvalidInput as exc:
        assert exc.problems
    else:
        assert form_id == "ficha_atencion" and isinstance(answers, dict)
        assert version is None or isinstance(version, int)
