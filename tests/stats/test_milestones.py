"""The one milestone-derivation rule (``stats.milestones``): which records give which
milestone date, recorded ones overriding derived ones, the earliest of each kind, and
the stream form (``Timelines``) agreeing with the per-case form (``case_dates``) on
random records (Hypothesis)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from stats.milestones import (
    RECORDED_ENTITY,
    SOURCES,
    Timeline,
    Timelines,
    Values,
    day,
    derived,
    first_hearing,
    link,
    recorded,
)


def case_dates(
    case: Values,
    intake: Values | None = None,
    assessments: Iterable[Values] = (),
    hearings: Iterable[Values] = (),
    recorded_rows: Iterable[Values] = (),
) -> Timeline:
    """One case's timeline from its own records (the caller picked them by ``link``):
    the per-case form the stream form ``Timelines`` must agree with."""
    timeline = Timeline()
    timeline.add("case", case)
    if intake is not None:
        timeline.add("intake", intake)
    for entity, rows in (("eligibility", assessments), ("hearing", hearings),
                         (RECORDED_ENTITY, recorded_rows)):  # fmt: skip
        for values in rows:
            timeline.add(entity, values)
    return timeline


def test_each_source_gives_its_milestone_and_nothing_else() -> None:
    assert derived("case", {"closed_at": "2026-03-01T12:00:00-05:00"}) == ("closure", "2026-03-01")
    assert derived("case", {"closed_at": None}) is None
    served = {"answers": {"fecha_atencion": "2026-01-05"}, "recorded_at": "2026-01-09T10:00"}
    assert derived("intake", served) == ("intake", "2026-01-05")
    as_text = {**served, "answers": json.dumps(served["answers"])}  # the vault's JSON text
    assert derived("intake", as_text) == ("intake", "2026-01-05")
    no_date = {"answers": {"fecha_atencion": "2026-02-30"}, "recorded_at": "2026-01-09T10:00"}
    assert derived("intake", no_date) == ("intake", "2026-01-09")
    assert derived("intake", {"answers": "{not json", "recorded_at": None}) is None
    assert derived("eligibility", {"result": "gratuito", "assessed_at": "2026-01-07T09:00"}) == (
        "eligibility",
        "2026-01-07",
    )
    assert derived("eligibility", {"result": None, "assessed_at": "2026-01-07T09:00"}) is None
    held = {"category": "hearing", "status": "held", "at": "2026-04-02T09:00:00"}
    assert derived("hearing", held) == ("first_hearing", "2026-04-02")
    assert derived("hearing", {**held, "status": "scheduled"}) is None
    assert derived("hearing", {**held, "category": "deadline"}) is None
    assert derived("case_milestone", {"kind": "filed", "occurred_on": "2026-01-10"}) is None
    assert recorded({"kind": "filed", "occurred_on": "2026-01-10"}) == ("filed", "2026-01-10")
    assert recorded({"kind": "filed", "occurred_on": "10/01/2026"}) is None
    assert day("20260110") is None and day("") is None and day(None) is None


def test_an_intake_without_a_ficha_date_is_dated_by_its_office_day(monkeypatch: Any) -> None:
    """``recorded_at`` is stored in UTC: from 00:00 to 05:00 UTC it is still the day
    before in Lima (the default office zone), whose day the intake milestone takes; a
    stamp without an offset is office time already. It took the UTC day (issue 16)."""
    monkeypatch.delenv("CHASQUI_TIMEZONE", raising=False)

    def intake(stamp: str) -> Any:
        return derived("intake", {"answers": {}, "recorded_at": stamp})

    assert intake("2026-03-10T04:59:00+00:00") == ("intake", "2026-03-09")  # 23:59 in Lima
    assert intake("2026-03-10T05:00:00Z") == ("intake", "2026-03-10")  # Lima's midnight
    assert intake("2026-03-09T23:30:00-05:00") == ("intake", "2026-03-09")
    assert intake("2026-03-10T00:30:00") == ("intake", "2026-03-10")  # office time
    assert intake("2026-01-01T02:00:00+00:00") == ("intake", "2025-12-31")  # a year back
    monkeypatch.setenv("CHASQUI_TIMEZONE", "UTC")  # another office zone: its own day
    assert intake("2026-03-10T04:59:00+00:00") == ("intake", "2026-03-10")


def test_recorded_overrides_derived_and_the_earliest_of_a_kind_counts() -> None:
    timeline = case_dates(
        {"closed_at": "2026-06-30T10:00:00"},
        {"answers": {"fecha_atencion": "2026-01-05"}},
        assessments=[
            {"result": "gratuito", "assessed_at": "2026-01-20"},
            {"result": "gratuito", "assessed_at": "2026-01-08"},
        ],
        hearings=[
            {"category": "hearing", "status": "held", "at": "2026-05-01T09:00"},
            {"category": "hearing", "status": "held", "at": "2026-04-01T09:00"},
        ],
        recorded_rows=[
            {"kind": "closure", "occurred_on": "2026-07-15"},
            {"kind": "filed", "occurred_on": "2026-02-10"},
            {"kind": "filed", "occurred_on": "2026-02-01"},
        ],
    )
    assert timeline.dates() == {
        "intake": "2026-01-05",
        "eligibility": "2026-01-08",
        "first_hearing": "2026-04-01",
        "closure": "2026-07-15",
        "filed": "2026-02-01",
    }
    assert timeline.recorded == {"closure": "2026-07-15", "filed": "2026-02-01"}


def test_a_hearing_held_before_the_filing_is_not_the_first_hearing() -> None:
    """An extrajudicial conciliation held before the claim was filed: the case's first
    hearing is the first held on or after the filing day (the same day counts), none when
    no hearing was held since; without a filing every held hearing counts. It was the
    earliest held hearing whatever the filing (fresh 9 #2)."""
    conciliation = {"category": "hearing", "status": "held", "at": "2026-02-20T10:00"}
    single = {"category": "hearing", "status": "held", "at": "2026-04-02T09:00"}
    filed = {"kind": "filed", "occurred_on": "2026-03-01"}
    assert case_dates({}, hearings=[conciliation]).dates() == {"first_hearing": "2026-02-20"}
    early = case_dates({}, hearings=[conciliation], recorded_rows=[filed]).dates()
    assert early == {"filed": "2026-03-01"}
    both = case_dates({}, hearings=[single, conciliation], recorded_rows=[filed])
    assert both.dates() == {"filed": "2026-03-01", "first_hearing": "2026-04-02"}
    same_day = {**filed, "occurred_on": "2026-04-02"}
    assert case_dates({}, hearings=[single], recorded_rows=[same_day]).dates() == {
        "filed": "2026-04-02", "first_hearing": "2026-04-02"}  # fmt: skip
    corrected = {"kind": "first_hearing", "occurred_on": "2026-03-05"}  # recorded: it counts
    fixed = case_dates({}, hearings=[single], recorded_rows=[filed, corrected]).dates()
    assert fixed["first_hearing"] == "2026-03-05"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dates()), st.one_of(st.none(), st.dates()))
def test_the_first_hearing_is_the_earliest_held_on_or_after_the_filing(
    held: list[Any], filed: Any
) -> None:
    """For any held hearings and filing day (or none): the derived first hearing is never
    before the filing, is one of the held days, and no held day on or after the filing
    comes before it; through ``Timeline`` as through ``first_hearing``."""
    days = [d.isoformat() for d in held]
    found = first_hearing(days, filed.isoformat() if filed else None)
    since = [d for d in held if filed is None or d >= filed]
    if not since:
        assert found is None
    else:
        assert found is not None and found in days
        assert filed is None or found >= filed.isoformat()
        assert all(found <= d.isoformat() for d in since)
    rows = [{"category": "hearing", "status": "held", "at": f"{d}T09:00"} for d in days]
    recorded_rows = [{"kind": "filed", "occurred_on": filed.isoformat()}] if filed else []
    assert case_dates({}, hearings=rows, recorded_rows=recorded_rows).dates().get(
        "first_hearing") == found  # fmt: skip


def test_links_follow_the_case_and_its_intake() -> None:
    assert link("case", "c1", {"intake_id": "i1"}) == ("case", "c1")
    assert link("intake", "i1", {}) == ("intake", "i1")
    assert link("eligibility", "e1", {"intake_id": "i1"}) == ("intake", "i1")
    assert link("hearing", "h1", {"case_id": "c1"}) == ("case", "c1")
    assert link("case_milestone", "m1", {"case_id": "c1"}) == ("case", "c1")
    assert link("note", "n1", {"case_id": "c1"}) is None


DAYS = st.one_of(st.dates().map(lambda d: d.isoformat()), st.sampled_from(["", "2026-02-30"]))


@st.composite
def offices(draw: Any) -> list[tuple[str, str, dict[str, Any]]]:
    """Records of a few cases (some without intake, some opened from another case's
    intake — two laptops offline, one synced intake —, records of unknown cases too)."""
    out: list[tuple[str, str, dict[str, Any]]] = []
    intakes: set[str] = set()
    for n in range(draw(st.integers(0, 5))):
        shared = n > 0 and draw(st.integers(0, 2)) == 0
        case, intake = f"c{n}", f"i{draw(st.integers(0, n - 1)) if shared else n}"
        has_intake = draw(st.booleans())
        out.append(
            (
                "case",
                case,
                {"intake_id": intake if has_intake else None, "closed_at": draw(DAYS) or None},
            )
        )
        if has_intake and intake not in intakes:
            intakes.add(intake)
            out.append(
                (
                    "intake",
                    intake,
                    {"answers": {"fecha_atencion": draw(DAYS)}, "recorded_at": draw(DAYS)},
                )
            )
        for k in range(draw(st.integers(0, 2))):
            out.append(
                (
                    "eligibility",
                    f"e{n}{k}",
                    {
                        "intake_id": intake,
                        "assessed_at": draw(DAYS),
                        "result": draw(st.sampled_from([None, "gratuito"])),
                    },
                )
            )
        for k in range(draw(st.integers(0, 3))):
            out.append(
                (
                    "hearing",
                    f"h{n}{k}",
                    {
                        "case_id": draw(st.sampled_from([case, "zz"])),
                        "at": draw(DAYS),
                        "status": draw(st.sampled_from(["held", "scheduled"])),
                        "category": draw(st.sampled_from(["hearing", "deadline"])),
                    },
                )
            )
        for k in range(draw(st.integers(0, 3))):
            out.append(
                (
                    "case_milestone",
                    f"m{n}{k}",
                    {
                        "case_id": case,
                        "occurred_on": draw(DAYS),
                        "kind": draw(st.sampled_from(["filed", "intake", "closure"])),
                    },
                )
            )
    return out


@settings(max_examples=60, deadline=None)
@given(offices(), st.randoms(use_true_random=False))
def test_the_stream_equals_each_case_read_on_its_own(records: Any, rng: Any) -> None:
    shuffled = list(records)
    rng.shuffle(shuffled)  # any order within an entity: the server reads in table order
    feed = Timelines()
    for entity in SOURCES:
        for kind, entity_id, values in shuffled:
            if kind == entity:
                feed.add(kind, entity_id, values)
    streamed = feed.dates()
    for kind, case_id, values in records:
        if kind != "case":
            continue
        intake_id = values["intake_id"]

        def of(entity: str, key: str, owner: Any) -> list[dict[str, Any]]:
            return [v for e, _i, v in records if e == entity and v.get(key) == owner]

        intake = next((v for e, i, v in records if e == "intake" and i == intake_id), None)
        alone = case_dates(
            values,
            intake,
            of("eligibility", "intake_id", intake_id) if intake_id else [],
            of("hearing", "case_id", case_id),
            of("case_milestone", "case_id", case_id),
        )
        assert streamed[case_id] == alone.dates()
    assert set(streamed) == {i for e, i, _v in records if e == "case"}


def test_two_cases_opened_from_one_intake_both_get_its_dates() -> None:
    feed = Timelines()
    for entity, entity_id, values in [
        ("case", "c1", {"intake_id": "i1"}),
        ("case", "c2", {"intake_id": "i1"}),
        ("intake", "i1", {"answers": {"fecha_atencion": "2026-01-05"}}),
        (
            "eligibility",
            "e1",
            {"intake_id": "i1", "result": "gratuito", "assessed_at": "2026-01-08"},
        ),
    ]:
        feed.add(entity, entity_id, values)
    both = {"intake": "2026-01-05", "eligibility": "2026-01-08"}
    assert feed.dates() == {"c1": both, "c2": both}
