"""The directorate's figures kept current off the request path (``FiguresCache``'s
watcher), on SQLite and PostgreSQL: a sync wakes the recomputation, the next view is
served from memory; while it runs a view gets the last complete figures and the page says
when they were computed; a flood of syncs queues one more recomputation, not one each, and
never waits for it; another process (a second ``serve`` worker) learns of a sync from the
change log. Every test here fails on the code before the watcher (the page after a sync
recomputed on the request path, with no "Cifras al")."""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from sync.server import dashboard_data, report, supervisors
from sync.server.app import create_app
from sync.server.db import Database
from tests.server.conftest import Server, log_seq
from tests.server.directorate import Spec, push_cases
from tests.server.test_dashboard import NAME, PASSWORD, PERIOD, Browser

START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)


def _national_n(page: str) -> str:
    cell = re.search(r'data-cell="NACIONAL\|total\|Todas\|intake_to_filing\|n">([^<]+)<', page)
    assert cell, "no national cell on the page"
    return cell.group(1)


def _state(page: str) -> str:
    found = re.search(
        r'id="vigencia" data-current="[01]" data-state="(\w+)">Cifras al \d\d/\d\d/\d{4} ', page
    )
    assert found, "the page does not say when its figures were computed"
    return found.group(1)


def _current(page: str) -> bool:
    return _state(page) == dashboard_data.CURRENT


def _cells(page: str) -> dict[str, str]:
    return dict(re.findall(r'data-cell="([^"]+)">([^<]*)<', page))


def _until(cache: dashboard_data.FiguresCache, done: Callable[[], bool], what: str) -> None:
    """Until ``done()`` after one of the watcher's rounds (``FiguresCache.wait``)."""
    assert cache.wait(done, 60), f"timed out waiting for {what}"


def _ready(server: Server) -> Browser:
    supervisors.add_supervisor(server.db, NAME, PASSWORD)
    push_cases(server, [Spec("LIMA", "alimentos", f"2026-01-{d:02d}", f"2026-02-{d:02d}")
                        for d in range(5, 11)])  # fmt: skip
    b = Browser(server)
    b.login()
    return b


def _current_at(cache: dashboard_data.FiguresCache, server: Server) -> Callable[[], bool]:
    def up_to_date() -> bool:
        kept = cache.last(START, END)
        return kept is not None and kept.seq >= log_seq(server)

    return up_to_date


def _hold_the_watcher(
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[threading.Event, threading.Event]:
    """(held, release): the watcher's first recomputation stops once it computed
    everything and before its figures replace the old ones, until ``release`` is set."""
    held, release = threading.Event(), threading.Event()
    assemble = dashboard_data.assemble

    def held_assemble(*args: Any, **kw: Any) -> dashboard_data.Figures:
        figures = assemble(*args, **kw)
        if threading.current_thread().name == "chasqui-dashboard-watch" and not held.is_set():
            held.set()
            release.wait(120)
        return figures

    monkeypatch.setattr(dashboard_data, "assemble", held_assemble)
    return held, release


def test_a_sync_is_counted_off_the_request_path(server: Server) -> None:
    b = _ready(server)
    cache = server.app.state.dashboard
    try:
        first = b.go("GET", "/panel" + PERIOD).text
        assert _current(first) and _national_n(first) == "6"
        push_cases(server, [Spec("LIMA", "penal", "2026-03-02", "2026-03-09")])
        right_after = b.go("GET", "/panel" + PERIOD).text  # before or after the watcher ran
        if _current(right_after):
            assert _national_n(right_after) == "7"
        else:  # the last complete figures, saying they are being brought up to date
            assert _cells(right_after) == _cells(first)
            assert "Hay sincronizaciones posteriores" in right_after
        _until(cache, _current_at(cache, server), "the watcher's recomputation")  # no view asked it
        computed = cache.computed
        page = b.go("GET", "/panel" + PERIOD).text
        assert _current(page) and _national_n(page) == "7"
        assert "Hay sincronizaciones posteriores" not in page
        assert cache.computed == computed  # served from memory
        assert cache.get(START, END).rows == report.timeliness(server.db, START, END)
    finally:
        b.close()


def test_a_view_during_a_recomputation_gets_the_last_complete_figures_and_a_flood_of_syncs_one_more(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The watcher's recomputation is held after it computed everything and before its
    figures replace the old ones: a view then gets the old figures whole (every cell as
    before), saying they are being updated, without waiting; twenty syncs from ten offices
    (more than ``office_packs.FEW``: read again in one pass over theirs) meanwhile are all
    stored without waiting for it, and make exactly one more recomputation, after which
    the figures are those of one computation over everything."""
    offices = ["LIMA", "CUSCO"] + [f"OF{n}" for n in range(8)]
    for code in offices[2:]:
        server.offices[code] = server.admin.add_office(code, f"Oficina {code}")
        server.users[code] = server.admin.add_user(code, f"defensor {code}")
    b = _ready(server)
    cache = server.app.state.dashboard
    held, release = _hold_the_watcher(monkeypatch)
    never_stuck = threading.Timer(90, release.set)  # a failing test ends, not hangs
    never_stuck.start()
    try:
        first = b.go("GET", "/panel" + PERIOD).text
        push_cases(server, [Spec("LIMA", "penal", "2026-03-02", "2026-03-09")])
        assert held.wait(60), "the watcher's recomputation did not start"
        began = time.monotonic()
        during = b.go("GET", "/panel" + PERIOD).text
        assert time.monotonic() - began < 30 and not release.is_set()  # did not wait for it
        assert not _current(during) and _cells(during) == _cells(first)
        for n in range(20):  # a flood of syncs while the recomputation runs
            office = offices[n % len(offices)]
            push_cases(server, [Spec(office, "penal", f"2026-04-{n + 1:02d}", "2026-04-21")])
        assert not release.is_set() and cache.refreshes == 0  # none waited for it
        release.set()
        up_to_date = _current_at(cache, server)
        _until(cache, lambda: up_to_date() and cache.refreshes >= 2, "the figures after the flood")
        assert cache.refreshes == 2  # the held one, then one for the twenty syncs
        page = b.go("GET", "/panel" + PERIOD).text
        assert _current(page) and _national_n(page) == "27"
        assert cache.get(START, END).rows == report.timeliness(server.db, START, END)
    finally:
        release.set()
        never_stuck.cancel()
        b.close()


def test_another_worker_learns_of_a_sync_from_the_change_log(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two apps on one database, as two ``serve`` workers: a sync pushed to the first is
    counted by the second's watcher (it looks at the change log), with no view asking."""
    monkeypatch.setattr(dashboard_data, "POLL", 0.05)
    b = _ready(server)
    other_db = Database(server.url)
    other = SimpleNamespace(app=create_app(database=other_db))
    theirs = other.app.state.dashboard
    ob = Browser(other)  # type: ignore[arg-type]
    try:
        ob.login()
        assert _national_n(ob.go("GET", "/panel" + PERIOD).text) == "6"
        push_cases(server, [Spec("LIMA", "penal", "2026-03-02", "2026-03-09")])  # worker 1
        _until(theirs, _current_at(theirs, server), "the other worker's recomputation")
        computed = theirs.computed
        page = ob.go("GET", "/panel" + PERIOD).text
        assert _current(page) and _national_n(page) == "7" and theirs.computed == computed
    finally:
        ob.close()
        b.close()
        theirs.close()
        other_db.dispose()


def test_with_nobody_watching_the_synced_offices_packs_are_stored_again(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No period viewed lately: the watcher does not recompute figures, but stores the
    packs of the offices that synced (``PACKED_EVERY``), so a report — a fresh process —
    after a day of syncs nobody watched reads packs, not the derived tables; its figures
    are the reference's from the records (fails on the old code: the synced office was
    counted again from the tables)."""
    from sqlalchemy import select

    from sync.server import office_packs, schema

    monkeypatch.setattr(dashboard_data, "POLL", 0.05)
    monkeypatch.setattr(dashboard_data, "PACKED_EVERY", 0.0)
    monkeypatch.setattr(dashboard_data, "WATCHED", -1.0)  # no view counts as recent
    b = _ready(server)
    cache = server.app.state.dashboard
    try:
        b.go("GET", "/panel" + PERIOD)  # the packs held in memory (serve's warm-up does it)
        push_cases(server, [Spec("LIMA", "penal", "2026-03-02", "2026-03-09")])
        lima = server.offices["LIMA"].office_id
        p = schema.office_packs.c

        def packed() -> bool:
            with server.db.read() as conn:
                stored = conn.execute(select(p.seq).where(p.office_id == lima)).scalar()
            return stored == office_packs.office_seqs(server.db)[lima]

        _until(cache, packed, "LIMA's pack stored again")
        assert cache.refreshes == 0  # no figures recomputed: nobody is looking

        def cold(conn: Any, office_id: Any = None) -> dict[str, Any]:
            raise AssertionError("the report counted the derived tables")

        monkeypatch.setattr(office_packs, "read_packs", cold)
        rows = report.timeliness(server.db, START, END)
        reference = report.reference_tallies(*report.case_rows(server.db), START, END)
        assert rows == report.tally_rows(reference)
    finally:
        b.close()


def test_a_new_office_days_default_period_is_computed_before_anyone_asks(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``serve`` warms the default period and follows it (``warm(..., follow=)``): when the
    office's day moves, the watcher computes the new default period, so the first view of
    the day is served from memory (fails on the old code: computed on that view)."""
    monkeypatch.setattr(dashboard_data, "POLL", 0.05)
    b = _ready(server)
    cache = server.app.state.dashboard
    default = [(START, END)]
    try:
        cache.warm(START, END, follow=lambda: default[0])
        assert cache.warmed.wait(120)
        tomorrow = (START, END + dt.timedelta(days=1))
        default[0] = tomorrow  # the office's day moved
        _until(cache, lambda: cache.last(*tomorrow) is not None, "the next day's figures")
        computed = cache.computed
        page = b.go("GET", f"/panel?desde={tomorrow[0]}&hasta={tomorrow[1]}").text
        assert _current(page) and cache.computed == computed  # served from memory
    finally:
        b.close()


def test_a_recomputation_that_fails_is_tried_on_the_request_and_the_page_says_so(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review 10 F2: the watcher cannot recompute a period (the database refuses, a
    bug): the next view tries itself, as before the watcher; if that fails too the page
    shows the last figures whole and says they could not be brought up to date — never
    "se están actualizando" for ever; once the cause is gone the view is current. One
    failing period does not keep the watcher from another (fails on the old code)."""
    monkeypatch.setattr(dashboard_data, "POLL", 0.05)
    failing: set[tuple[dt.date, dt.date]] = set()
    refreshed = dashboard_data.refreshed

    def broken(*args: Any, **kw: Any) -> Any:
        if (args[3], args[4]) in failing:
            raise RuntimeError("the database refused")
        return refreshed(*args, **kw)

    monkeypatch.setattr(dashboard_data, "refreshed", broken)
    other = (dt.date(2026, 2, 1), END)
    b = _ready(server)
    cache = server.app.state.dashboard
    try:
        first = b.go("GET", "/panel" + PERIOD).text
        b.go("GET", f"/panel?desde={other[0]}&hasta={other[1]}")  # a second watched period
        failing.add((START, END))
        push_cases(server, [Spec("LIMA", "penal", "2026-03-02", "2026-03-09")])
        kept = cache.last(*other)
        assert kept is not None
        _until(cache, lambda: cache.refreshes >= 1, "the watcher's try")
        assert cache.last(*other).seq >= log_seq(server)  # the other period: recomputed
        page = b.go("GET", "/panel" + PERIOD).text  # tried on the request: fails too
        assert _state(page) == dashboard_data.FAILED and _cells(page) == _cells(first)
        assert "no se pudieron sumar" in page and "se están actualizando" not in page
        failing.clear()  # the cause is gone
        page = b.go("GET", "/panel" + PERIOD).text  # the request recomputes
        assert _current(page) and _national_n(page) == "7"
    finally:
        b.close()


def test_a_servers_shutdown_waits_for_a_long_recomputation_at_most_its_timeout(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review 10 F7: ``serve``'s lifespan closes the cache with a timeout; a recomputation
    stuck (here held) does not hold the shutdown past it (fails on the old code: no
    timeout, ``close`` joined the watcher until it finished)."""
    b = _ready(server)
    cache = server.app.state.dashboard
    held, release = _hold_the_watcher(monkeypatch)
    try:
        b.go("GET", "/panel" + PERIOD)
        push_cases(server, [Spec("LIMA", "penal", "2026-03-02", "2026-03-09")])
        assert held.wait(60), "the watcher's recomputation did not start"
        began = time.monotonic()
        cache.close(0.5)
        assert time.monotonic() - began < 10 and not release.is_set()
    finally:
        release.set()
        b.close()
