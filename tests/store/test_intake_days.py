"""The derived ``intake_day`` table (``app.store.intake_days``) on a real vault: after
any local writes it equals a rebuild from the records, each row carrying the office-time
day of ``recorded_at`` (a UTC evening stamp in Lima is the day before), and a vault's old
intakes get their rows when it migrates (``test_old_vaults`` checks the fixture's)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.store import intake_days
from tests.conftest import make_vault


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    s = make_vault(tmp_path_factory.mktemp("intake-days") / "vault")
    yield s
    s.lock()


def rows(store: Any) -> dict[str, tuple[Any, ...]]:
    found = store.query("SELECT * FROM intake_day")
    return {r["intake_id"]: tuple(r.values())[1:] for r in found}


def rebuilt(store: Any) -> dict[str, tuple[Any, ...]]:
    with store.transaction() as tx:
        intake_days.rebuild(tx.conn)
    return rows(store)


def test_the_office_day_of_a_utc_evening_stamp(store: Any) -> None:
    intake = store.insert("intake", {
        "office_id": store.office_id, "form_id": "ficha_atencion", "form_version": 1,
        "status": "submitted", "service_type": "consulta", "answers": {"materia": "laboral"},
        "recorded_at": "2026-03-01T02:30:00+00:00",  # 21:30 on 28 February in Lima
    })  # fmt: skip
    day, service, matter = rows(store)[intake][1], *rows(store)[intake][3:5]
    assert day == date(2026, 2, 28).toordinal()
    assert (service, matter) == ("consulta", "laboral")  # the ficha's matter when unset
    store.update("intake", intake, {"status": "draft"})  # a draft is not counted
    assert intake not in rows(store)


def test_a_stamp_past_the_calendar_is_refused_before_any_hook(store: Any) -> None:
    """Review 6 F2 made such a stamp (valid ISO text) no day instead of an OverflowError
    in the write hooks; review 7 F1: the spec now refuses any date outside the years
    1900-2100 (``sync.spec.kinds.YEARS``) on every side, so the store refuses it before a
    hook runs — naming the field — and writes nothing (a pulled one is set aside)."""
    from app.store.errors import InvalidRecord

    beyond = "9999-12-31T23:00:00-12:00"  # 1 January 10000 in UTC and in Lima
    with pytest.raises(InvalidRecord, match="recorded_at"):
        store.insert("intake", {
            "office_id": store.office_id, "form_id": "ficha_atencion", "form_version": 1,
            "status": "submitted", "service_type": "patrocinio", "recorded_at": beyond,
        })  # fmt: skip
    with pytest.raises(InvalidRecord, match="closed_at"):
        store.insert("case", {"office_id": store.office_id, "matter": "penal",
                              "status": "closed", "opened_at": "2026-01-05T10:00:00",
                              "closed_at": "0001-01-01T00:00:00+14:00"})  # fmt: skip
    assert rows(store) == {}
    assert store.query("SELECT count(*) AS n FROM case_timeline") == [{"n": 0}]


OPS = st.lists(
    st.tuples(
        st.sampled_from(("add", "draft", "submit", "restamp", "delete", "matter", "refer")),
        st.integers(0, 5),
        st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 31)),
        st.booleans(),
    ),
    max_size=10,
)  # fmt: skip


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(OPS)
def test_after_any_writes_the_table_equals_a_rebuild(store: Any, ops: list[Any]) -> None:
    made: list[str] = []
    for op, pick, moment, utc in ops:
        stamp = moment.isoformat(timespec="seconds") + ("+00:00" if utc else "")
        live = [i for i in made if store.get("intake", i) is not None]
        target = live[pick % len(live)] if live else None
        if op == "add" or target is None:
            made.append(store.insert("intake", {
                "office_id": store.office_id, "form_id": "ficha_atencion", "form_version": 1,
                "status": "submitted", "service_type": "consulta", "recorded_at": stamp,
            }))  # fmt: skip
        elif op in ("draft", "submit"):
            store.update("intake", target, {"status": "draft" if op == "draft" else "submitted"})
        elif op == "restamp":
            store.update("intake", target, {"recorded_at": stamp})
        elif op == "matter":
            store.update("intake", target, {"matter": "penal"})
        elif op == "refer":  # a referral attention: its person and named institution kept
            named = "DEMUNA de Comas" if utc else {"nombre": "CEM"}
            store.update("intake", target, {"service_type": "derivacion",
                                            "person_id": f"p{pick}",
                                            "answers": {"entidad_derivacion": named}})  # fmt: skip
        else:
            store.delete("intake", target)
    assert rows(store) == rebuilt(store)
