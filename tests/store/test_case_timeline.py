"""The derived table ``case_timeline`` follows every write: local edits (insert, update,
delete of cases, intakes, assessments, hearings and recorded milestones) and records
arriving by sync, on a real SQLCipher vault and a real server; after any sequence of
writes it equals the table rebuilt from scratch (Hypothesis)."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.store import case_timeline
from sync.spec.kinds import YEARS
from tests.conftest import make_vault
from tests.sync.conftest import SyncWorld

DATES = ("intake", "eligibility", "filed", "first_hearing", "decision", "closure")


def _read(found: dict[str, Any]) -> dict[str, Any]:
    """A row with its day numbers read back as ISO dates."""
    return {k: case_timeline.day_text(v) if k in case_timeline.KINDS else v
            for k, v in found.items()}  # fmt: skip


def row(store: Any, case_id: str) -> dict[str, Any] | None:
    found = store.query("SELECT * FROM case_timeline WHERE case_id = ?", (case_id,))
    if not found:
        return None
    return {k: v for k, v in _read(found[0]).items() if v is not None and k != "case_id"}


def table(store: Any) -> dict[str, dict[str, Any]]:
    return {r["case_id"]: r for r in store.query("SELECT * FROM case_timeline")}


PERSON = {
    "given_names": "Rosa", "paternal_surname": "Quispe", "maternal_surname": "Mamani",
    "doc_type": "DNI", "doc_number": "10117410", "birth_date": "1984-02-29", "sex": "F",
    "ubigeo": "080101",
}  # fmt: skip


def ficha(served: str) -> dict[str, Any]:
    """Answers the server's form check accepts (they travel by sync)."""
    from app.core.sample_intake import _ficha_answers

    return {
        **_ficha_answers(random.Random(16), PERSON, date(2026, 11, 1)),
        "fecha_atencion": served,
    }


def open_case(tx: Any, office: str, served: str = "2026-01-05") -> tuple[str, str]:
    person = tx.insert("person", {"office_id": office, **PERSON})
    intake = tx.insert("intake", {
        "office_id": office, "person_id": person, "form_id": "ficha_atencion",
        "form_version": 1, "status": "submitted", "answers": ficha(served),
        "recorded_at": "2026-01-09T10:00:00-05:00",
    })  # fmt: skip
    case = tx.insert("case", {
        "office_id": office, "internal_number": f"T-{intake[-6:]}", "intake_id": intake,
        "person_id": person, "matter": "alimentos", "status": "open",
        "court_file_parts": {"court": "1801", "specialty": "FC"},
    })  # fmt: skip
    return case, intake


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    s = make_vault(tmp_path_factory.mktemp("timeline") / "vault")
    yield s
    s.lock()


def test_local_writes_keep_the_row_in_step(store: Any) -> None:
    office = store.office_id
    with store.transaction() as tx:
        case, intake = open_case(tx, office)
    assert row(store, case) == {
        "office_id": office, "matter": "alimentos", "court": "1801", "specialty": "FC",
        "intake": "2026-01-05",
    }  # fmt: skip
    store.insert("eligibility", {"office_id": office, "intake_id": intake, "result": "gratuito",
                                 "assessed_at": "2026-01-08T09:00:00-05:00"})  # fmt: skip
    hearing = store.insert("hearing", {"case_id": case, "category": "hearing",
                                       "kind": "audiencia_unica", "status": "scheduled",
                                       "at": "2026-04-02T09:00:00-05:00"})  # fmt: skip
    filed = store.insert(
        "case_milestone",
        {"office_id": office, "case_id": case, "kind": "filed", "occurred_on": "2026-02-01"},
    )
    got = row(store, case)
    assert got is not None and (got["eligibility"], got["filed"]) == ("2026-01-08", "2026-02-01")
    assert "first_hearing" not in got  # scheduled, not held
    store.update("hearing", hearing, {"status": "held"})
    assert row(store, case)["first_hearing"] == "2026-04-02"  # type: ignore[index]
    store.update("intake", intake, {"answers": ficha("2026-01-04")})
    store.update("case", case, {"status": "closed", "closed_at": "2026-06-30T12:00:00-05:00",
                                "matter": "violencia"})  # fmt: skip
    got = row(store, case)
    assert got is not None
    assert (got["intake"], got["closure"], got["matter"]) == (
        "2026-01-04",
        "2026-06-30",
        "violencia",
    )
    store.insert("case_milestone", {"office_id": office, "case_id": case, "kind": "closure",
                                    "occurred_on": "2026-07-01"})  # fmt: skip
    assert row(store, case)["closure"] == "2026-07-01"  # type: ignore[index]  # recorded wins
    store.delete("hearing", hearing)
    store.delete("case_milestone", filed)
    got = row(store, case)
    assert got is not None and "first_hearing" not in got and "filed" not in got
    store.delete("case", case)
    assert row(store, case) is None


def test_two_cases_opened_from_one_intake_both_keep_its_dates(store: Any) -> None:
    office = store.office_id
    with store.transaction() as tx:
        first, intake = open_case(tx, office, served="2026-02-03")
        second = tx.insert("case", {
            "office_id": office, "internal_number": f"T2-{intake[-6:]}", "intake_id": intake,
            "person_id": tx.get("case", first)["person_id"], "matter": "alimentos",
            "status": "open",
        })  # fmt: skip
    store.insert("eligibility", {"office_id": office, "intake_id": intake, "result": "gratuito",
                                 "assessed_at": "2026-02-04T09:00:00-05:00"})  # fmt: skip
    incremental = {c: row(store, c) for c in (first, second)}
    for case in (first, second):
        assert incremental[case] is not None
        assert (incremental[case]["intake"], incremental[case]["eligibility"]) == (  # type: ignore[index]
            "2026-02-03", "2026-02-04")  # fmt: skip
    with store.transaction() as tx:
        case_timeline.rebuild(tx.conn)
    assert {c: row(store, c) for c in (first, second)} == incremental


def test_a_record_moved_to_another_case_leaves_the_old_case_in_step(store: Any) -> None:
    office = store.office_id
    with store.transaction() as tx:
        (old, _i), (new, _j) = open_case(tx, office), open_case(tx, office)
        hearing = tx.insert("hearing", {"case_id": old, "category": "hearing",
                                        "kind": "audiencia_unica", "status": "held",
                                        "at": "2026-04-02T09:00:00-05:00"})  # fmt: skip
        filed = tx.insert("case_milestone", {
            "office_id": office, "case_id": old, "kind": "filed", "occurred_on": "2026-02-01",
        })  # fmt: skip
    assert (row(store, old) or {}).get("first_hearing") == "2026-04-02"
    store.update("hearing", hearing, {"case_id": new})
    store.update("case_milestone", filed, {"case_id": new})
    assert "first_hearing" not in (row(store, old) or {}) and "filed" not in (row(store, old) or {})
    got = row(store, new) or {}
    assert (got.get("first_hearing"), got.get("filed")) == ("2026-04-02", "2026-02-01")


def test_records_arriving_by_sync_fill_the_other_laptop(tmp_path: Path) -> None:
    world = SyncWorld(tmp_path)
    try:
        one, two = world.replica("one"), world.replica("two")
        office = one.store.office_id
        with one.store.transaction() as tx:
            case, intake = open_case(tx, office, served="2026-03-02")
            hearing = tx.insert("hearing", {"case_id": case, "category": "hearing",
                                            "kind": "audiencia_unica", "status": "held",
                                            "at": "2026-05-04T09:00:00-05:00"})  # fmt: skip
            tx.insert("case_milestone", {"office_id": office, "case_id": case, "kind": "filed",
                                         "occurred_on": "2026-03-20"})  # fmt: skip
        assert one.sync().complete and two.sync().complete
        theirs = row(two.store, case)
        assert theirs is not None
        assert {k: theirs.get(k) for k in DATES} == {
            "intake": "2026-03-02", "eligibility": None, "filed": "2026-03-20",
            "first_hearing": "2026-05-04", "decision": None, "closure": None,
        }  # fmt: skip
        assert theirs == row(one.store, case)
        # the intake's office-time day, counted by the demand (``intake_day``), came too
        days = [(r["intake_id"], r["day"]) for r in two.store.query("SELECT * FROM intake_day")]
        assert days == [(intake, date(2026, 1, 9).toordinal())]  # recorded 10:00 Lima
        two.store.update("hearing", hearing, {"status": "failed"})  # edited on the other side
        assert two.sync().complete and one.sync().complete
        assert "first_hearing" not in row(one.store, case)  # type: ignore[operator]
    finally:
        world.close()


OPS = st.lists(
    st.tuples(
        st.sampled_from(["hearing", "held", "milestone", "close", "intake", "assess",
                         "delete_hearing", "delete_milestone", "delete_case",
                         "move_hearing", "move_milestone"]),
        st.integers(0, 3),
        st.dates(date(YEARS[0], 1, 1), date(YEARS[1], 12, 31)).map(  # the spec's years
            lambda d: d.isoformat()),
    ),
    max_size=12,
)  # fmt: skip


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(OPS)
def test_after_any_writes_the_table_equals_a_rebuild(store: Any, ops: list[Any]) -> None:
    office = store.office_id
    with store.transaction() as tx:
        cases = [open_case(tx, office) for _ in range(2)]
    made: dict[str, list[str]] = {"hearing": [], "case_milestone": []}
    for op, pick, day in ops:
        case, intake = cases[pick % len(cases)]
        if store.get("case", case) is None:
            continue
        if op in ("hearing", "held"):
            made["hearing"].append(store.insert("hearing", {
                "case_id": case, "category": "hearing", "kind": "audiencia_unica",
                "status": "held" if op == "held" else "scheduled", "at": f"{day}T09:00:00",
            }))  # fmt: skip
        elif op == "milestone":
            made["case_milestone"].append(store.insert("case_milestone", {
                "office_id": office, "case_id": case, "kind": "decision", "occurred_on": day,
            }))  # fmt: skip
        elif op == "close":
            store.update("case", case, {"status": "closed", "closed_at": f"{day}T10:00:00"})
        elif op == "intake":
            store.update("intake", intake, {"answers": ficha(day)})
        elif op == "assess":
            assessed = {"result": "gratuito", "assessed_at": f"{day}T08:00"}
            store.insert("eligibility", {"office_id": office, "intake_id": intake, **assessed})
        elif op == "delete_case":
            store.delete("case", case)
        elif op.startswith("move_"):  # to another live case
            entity = "hearing" if op == "move_hearing" else "case_milestone"
            live = [i for i in made[entity] if store.get(entity, i) is not None]
            if live:
                moved = live[pick % len(live)]
                owner = store.get(entity, moved)["case_id"]
                others = [c for c, _i in cases if c != owner and store.get("case", c)]
                if others:
                    store.update(entity, moved, {"case_id": others[0]})
        else:
            entity = "hearing" if op == "delete_hearing" else "case_milestone"
            live = [i for i in made[entity] if store.get(entity, i) is not None]
            if live:
                store.delete(entity, live[pick % len(live)])
    incremental = table(store)
    with store.transaction() as tx:
        case_timeline.rebuild(tx.conn)
    assert table(store) == incremental
