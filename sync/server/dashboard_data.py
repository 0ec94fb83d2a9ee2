"""What the directorate's dashboard shows, computed from the synced records and cached.

Owns ``Figures`` (one period's national and per-office timeliness estimated by the
database on the per-case timeline (``timeline_figures``), caseload per office against the ceiling
and national caseload at each month end (active cases, defenders over the ceiling), the
monthly trend of consultations by matter, the slowest courts),
built from one ``OfficePart`` per office (its tally, rows, caseload and consultations),
and ``FiguresCache``: the figures of a period are kept until a sync changes the server's
data (the change log's last sequence number moves); then only the offices whose last
change moved are read and computed again, and the national figures are estimated again
(``refreshed``; on PostgreSQL no per-case or per-duration row reaches Python). A period's
first view estimates every office and the nation at once, and sums the national cells
for the views after a sync in the background; a serving process computes the default
period's figures when it starts (``warm``), so the first view after a restart is ready,
and recomputes the periods being viewed after syncs in a watcher thread, so a page is
served from memory (saying when its figures were computed: ``Figures.computed_at``).

Cross-office view: every count below ``report.MIN_CELL`` is shown suppressed, and the
complementary cells with it (``report.complementary``).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from forms.clock import office_now
from stats import caseload
from stats import timeliness as tl
from sync.server import report, schema
from sync.server.db import Database

if TYPE_CHECKING:  # numpy is imported where the figures are estimated, not at server start
    from sync.server.office_packs import Pack
    from sync.server.timeline_national import NationalCounts

log = logging.getLogger("chasqui.server")
SLOWEST = 10  # courts listed
ACTIVE, OVER = "Casos activos", "Defensores sobre el tope"  # the caseload series
SLOW_INTERVAL = "filing_to_decision"


@dataclass(frozen=True)
class OfficeLoad:
    office: str
    name: str
    defenders: int  # defenders with at least one active case on the day
    active: int
    over_ceiling: int  # defenders above the ceiling
    most: int  # the most active cases one defender carries


@dataclass
class Figures:
    start: dt.date
    end: dt.date
    seq: int  # the change log position these figures reflect
    rows: list[report.Row]
    offices: dict[str, str]  # code -> name
    load: list[OfficeLoad]
    ceiling: int
    months: list[str]  # "YYYY-MM" of the trend
    trend: dict[str, dict[str, int]]  # matter label -> month -> consultations (national)
    slowest: list[report.Row] = field(default_factory=list)
    # national caseload at each month end: ACTIVE cases, defenders OVER the ceiling
    caseload: dict[str, dict[str, int]] = field(default_factory=dict)
    # office time when the change log was read at ``seq`` ("Cifras al …" on the page)
    computed_at: dt.datetime = field(default_factory=office_now)
    _index: dict[tuple[str, str, str, str, bool], report.Row] = field(
        default_factory=dict, repr=False
    )

    _csv: str = field(default="", repr=False)

    def csv(self) -> str:
        """The period's CSV export (``report.timeliness_csv``), made once."""
        if not self._csv:
            self._csv = report.timeliness_csv(self.rows)
        return self._csv

    def indexed(self) -> Figures:
        """The cells' index (``cell``) made: by ``assemble``, so that a page served after
        the watcher's recomputation does not make it (about 40 ms at 1M cases)."""
        if not self._index:
            self._index = {
                (r.office, r.figure.group_kind, r.figure.group, r.figure.interval,
                 r.figure.working_days): r
                for r in self.rows
            }  # fmt: skip
        return self

    def cell(self, office: str, kind: str, group: str, interval: str,
             working: bool = False) -> report.Row | None:  # fmt: skip
        return self.indexed()._index.get((office, kind, group, interval, working))


def last_seq(db: Database) -> int:
    with db.read() as conn:
        return int(conn.execute(select(func.max(schema.change_log.c.seq))).scalar() or 0)


def offices_of(db: Database) -> dict[str, tuple[str, str]]:
    """office id -> (code, name), by code."""
    o = schema.offices.c
    with db.read() as conn:
        return {
            str(i): (str(c), str(n))
            for i, c, n in conn.execute(select(o.id, o.code, o.name).order_by(o.code))
        }


@dataclass
class OfficePart:
    """One office's share of a period's figures (recomputed when that office syncs)."""

    seq: int
    code: str
    rows: list[report.Row]
    loads: list[int]  # active cases per defender on the period's last day
    intakes: Counter[tuple[str, str]]  # ("YYYY-MM", matter label) -> consultations
    monthly: dict[str, list[int]] = field(default_factory=dict)  # "YYYY-MM" -> per defender


Kept = dict[str, tuple[int, "Pack"]]  # office id -> (its seq, its pack)


def _packs(db: Database, kept: Kept, seqs: dict[str, int]) -> None:
    """Bring ``kept`` up to the offices' last changes ``seqs``: the packs of the offices
    whose last change moved are taken from ``office_packs`` (stored, or counted again for
    the offices that synced since theirs was made); every other office's stays."""
    stale = [o for o, seq in seqs.items() if o not in kept or kept[o][0] != seq]
    if stale:
        from sync.server import office_packs

        fresh = office_packs.kept(db, seqs, stale)
        for office_id in stale:
            kept[office_id] = (seqs[office_id], fresh[office_id])
    for office_id in set(kept) - set(seqs):  # an office no longer in the change log
        del kept[office_id]


def refreshed(db: Database, offices: dict[str, tuple[str, str]], moved: dict[str, int],
              start: dt.date, end: dt.date, calendar: Any = None, national: bool = True,
              kept: Kept | None = None, seqs: dict[str, int] | None = None,
              summed: NationalCounts | None = None,
              ) -> tuple[dict[str, OfficePart], list[tl.Figure]]:  # fmt: skip
    """The parts of the ``moved`` offices (id -> last change) and (``national``) the
    national figures. Each office's timeline is kept as arrays (``kept``, by the office's
    last change ``seqs``; fresh without): only the offices whose last change moved are
    read again, and the figures are estimated from the arrays in memory — the moved
    offices' own, and the national ones from the period's national cells ``summed`` office
    by office (``timeline_national``: only the offices that moved are counted again), or
    without them over every office's arrays. Caseload and consultations are
    counted by the database, in one pass for every office when several moved (a first
    view), for that office alone when one did (a sync)."""
    from sync.server import office_packs, timeline_figures

    codes = {office_id: code for office_id, (code, _) in offices.items()}
    days = caseload.month_ends(start, end)  # the last one is ``end``
    kept = {} if kept is None else kept
    _packs(db, kept, moved if seqs is None else seqs)
    synced = {office_id: kept[office_id][1] for office_id in moved if office_id in kept}
    active = office_packs.active_by_defender(synced, days)
    intakes = office_packs.monthly(synced, start, end)
    arrays = {office_id: part.timeline for office_id, (_, part) in kept.items()}
    by_sum = national and summed is not None and summed.holds(arrays)
    found = timeline_figures.estimate(arrays, codes, start, end, calendar,
                                      national=national and not by_sum,
                                      per_office=set(moved))  # fmt: skip
    if by_sum:
        assert summed is not None
        summed.sync(arrays)
        found[timeline_figures.NATIONAL] = summed.figures()
    by_office: dict[str, dict[dt.date, list[int]]] = {}
    for day, counts in active.items():
        for (office, _), n in counts.items():
            by_office.setdefault(office, {}).setdefault(day, []).append(n)
    parts = {}
    for office_id, seq in moved.items():
        code = codes.get(office_id, office_id)
        mine = by_office.get(office_id, {})
        loads = {day: sorted(mine.get(day, [])) for day in days}
        parts[office_id] = OfficePart(
            seq, code, [report.Row(code, f) for f in found.get(code, [])], loads[end],
            intakes.get(office_id, Counter()), {f"{d:%Y-%m}": loads[d] for d in days},
        )  # fmt: skip
    return parts, found.get(timeline_figures.NATIONAL, [])


def assemble(parts: dict[str, OfficePart], offices: dict[str, tuple[str, str]], seq: int,
             start: dt.date, end: dt.date, national: list[tl.Figure],
             ceiling: int = caseload.CEILING, computed_at: dt.datetime | None = None,
             ) -> Figures:  # fmt: skip
    """The period's figures from every office's part and the national figures, as of the
    change log's ``seq`` read at ``computed_at`` (office time; default now)."""
    live = {p.code: p for p in parts.values()}
    rows = report.national_rows({code: p.rows for code, p in live.items()}, national)
    for code in sorted(live):
        rows += live[code].rows
    rows = report.complementary(rows)
    names = {code: name for code, name in offices.values()}
    load = []
    for code in sorted(set(names) | set(live)):
        counts = live[code].loads if code in live else []
        load.append(OfficeLoad(
            code, names.get(code, code), len(counts), sum(counts),
            sum(1 for n in counts if n > ceiling), max(counts, default=0),
        ))  # fmt: skip
    monthly: Counter[tuple[str, str]] = Counter()
    for part in live.values():
        monthly.update(part.intakes)
    trend: dict[str, dict[str, int]] = defaultdict(dict)
    for (month, matter), count in sorted(monthly.items()):
        trend[matter][month] = count
    months = [d.strftime("%Y-%m") for d in caseload.month_ends(start, end)]
    over_time: dict[str, dict[str, int]] = {ACTIVE: {}, OVER: {}}
    for month in months:
        counts = [n for part in live.values() for n in part.monthly.get(month, [])]
        over_time[ACTIVE][month] = sum(counts)
        over_time[OVER][month] = sum(1 for n in counts if n > ceiling)
    slowest = sorted(
        (
            r for r in rows
            if r.office == report.NATIONAL and r.figure.group_kind == "court"
            and r.figure.interval == SLOW_INTERVAL and not r.figure.working_days
            and not r.suppressed and r.figure.median_days is not None
        ),
        key=lambda r: (-(r.figure.median_days or 0), r.figure.group),
    )[:SLOWEST]  # fmt: skip
    return Figures(start, end, seq, rows, names, load, ceiling, months, dict(trend), slowest,
                   over_time, computed_at or office_now()).indexed()  # fmt: skip


def compute(db: Database, start: dt.date, end: dt.date, ceiling: int = caseload.CEILING,
            calendar: Any = None) -> Figures:  # fmt: skip
    """Every office's part computed afresh, then assembled."""
    seq, as_of, offices = last_seq(db), office_now(), offices_of(db)
    from sync.server.office_packs import office_seqs

    parts, national = refreshed(db, offices, office_seqs(db), start, end, calendar)
    return assemble(parts, offices, seq, start, end, national, ceiling, as_of)


CURRENT, UPDATING, FAILED = "current", "updating", "failed"  # what ``view`` says of figures
POLL = 1.0  # seconds between two looks at the change log (other workers' syncs)
SETTLE = 0.5  # a recomputation starts this long after the sync that woke it (more join)
WATCHED = 15 * 60  # seconds a viewed period is kept current after its last view
PACKED_EVERY = 60.0  # seconds: nothing watched, the synced offices' packs stored this often


class FiguresCache:
    """Figures per period, invalidated by sync office by office: when the change log
    moved, only the offices whose last change moved are read and computed again, and the
    national figures are estimated again by the database (one computation at a time): a
    sync costs one office's work and one national pass.

    Off the request path (``view``, the page): a period viewed in the last ``WATCHED``
    seconds is kept current by a watcher thread, one per process, that recomputes it
    after the change log moves — woken by this process's pushes (``changed``), and
    looking at the change log every ``POLL`` seconds for the other processes' (each
    ``serve`` worker has its own cache; the offices' packs one of them stores are read,
    not counted again, by the others: ``office_packs``; with no period watched it only
    stores the synced offices' packs again, every ``PACKED_EVERY`` seconds at most, so a
    report finds them current). A recomputation starts
    ``SETTLE`` seconds after its wake-up and takes every sync stored by then: whatever
    the flood, one runs at a time and at most one more is due (syncs during it wake the
    next, and the watcher rests as long as the last one took, so recomputing never has
    more than half of a core). Meanwhile a view is served the last complete figures,
    saying when they were computed (``Figures.computed_at``); figures are replaced whole.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self._kept: dict[tuple[dt.date, dt.date], Figures] = {}
        self._parts: dict[tuple[dt.date, dt.date], dict[str, OfficePart]] = {}
        self._lock = threading.Lock()
        self._computing = threading.Lock()
        # every office's timeline as arrays, by its last change (for any period)
        self._arrays: Kept = {}
        # per period: the national cells summed office by office (short periods)
        self._national: dict[tuple[dt.date, dt.date], NationalCounts] = {}
        self.warmed = threading.Event()  # ``warm`` is done
        self._background: list[threading.Thread] = []  # ``_later``'s threads
        self.computed = 0  # figures assembled (tests, bench)
        self.offices_computed = 0  # office parts computed (tests, bench)
        self._viewed: dict[tuple[dt.date, dt.date], float] = {}  # period -> last view
        self._wake = threading.Event()  # a sync here, or ``close``
        self._closed = threading.Event()
        self._watcher: threading.Thread | None = None
        self.refreshes = 0  # the watcher's recomputations (tests, bench)
        self._packed_at = time.monotonic()  # the packs' last round (``_repack``)
        self._default: Callable[[], tuple[dt.date, dt.date]] | None = None  # ``warm``
        self._failing: set[tuple[dt.date, dt.date]] = set()  # the watcher could not recompute
        self._round = threading.Condition()  # notified after each watcher round (``wait``)

    def _later(self, job: Callable[[], object]) -> None:
        """Run ``job`` in a background thread, one computation at a time (``_computing``:
        a view asked meanwhile waits for it, then finds its work done)."""

        def run() -> None:
            try:
                with self._computing:
                    job()
            except Exception:  # the next view does it instead
                log.exception("dashboard: background computation failed")

        thread = threading.Thread(target=run, name="chasqui-dashboard-later", daemon=True)
        with self._lock:
            self._background = [t for t in self._background if t.is_alive()] + [thread]
        thread.start()

    def settle(self, timeout: float | None = None) -> None:
        """Wait for the background work started so far (tests, bench, ``warm``)."""
        with self._lock:
            threads = list(self._background)
        for thread in threads:
            thread.join(timeout)

    def warm(self, start: dt.date, end: dt.date,
             follow: Callable[[], tuple[dt.date, dt.date]] | None = None,
             ) -> threading.Thread:  # fmt: skip
        """Compute a period's figures in a background thread (the server's start: the
        default period of ``/panel``), so that the first view after a restart is served
        from memory; a view asked meanwhile waits for it rather than counting again, and
        every other period then needs only its estimation (the offices' packs are kept in
        memory). ``warmed`` is set when it is done, failed or not. ``follow``: what the
        default period is now — when it moves (a new office day), the watcher computes the
        new one before anyone asks."""
        self._default = follow

        def run() -> None:
            try:
                self.get(start, end)  # not a view: recomputed after syncs once one asks
                self.settle()
                self._watch()  # the next day's period, the packs (``_follow``, ``_repack``)
            except Exception:  # the first view computes them instead
                log.exception("dashboard: the figures could not be computed at start")
            finally:
                self.warmed.set()

        thread = threading.Thread(target=run, name="chasqui-dashboard-warm", daemon=True)
        thread.start()
        return thread

    @property
    def national_counted(self) -> int:
        """Offices counted into the periods' national cells so far (tests, bench)."""
        return sum(summed.counted for summed in self._national.values())

    def view(self, start: dt.date, end: dt.date) -> tuple[Figures, str]:
        """A page's figures of the period and what they are: ``CURRENT`` (they reflect the
        change log); ``UPDATING`` (older, the watcher recomputes them: woken here too);
        ``FAILED`` (older, and neither the watcher's last try nor this request's could
        recompute them). The kept ones as soon as the period has any, else computed now
        (``get``); after a failed recomputation this request tries again itself, as
        before the watcher (one computation at a time)."""
        key = (start, end)
        seq = last_seq(self.db)
        with self._lock:
            kept = self._kept.get(key)
            self._viewed[key] = time.monotonic()
            failing = key in self._failing
        self._watch()
        if kept is None:
            figures = self.get(start, end)
            return figures, CURRENT if figures.seq >= seq else UPDATING
        if kept.seq >= seq:
            return kept, CURRENT
        if not failing:
            self._wake.set()
            return kept, UPDATING
        try:
            figures = self.get(start, end)
        except Exception:  # say so on the page; the watcher keeps trying
            log.exception("dashboard: the figures could not be recomputed on the request")
            return kept, FAILED
        with self._lock:
            self._failing.discard(key)
        return figures, CURRENT if figures.seq >= seq else UPDATING

    def last(self, start: dt.date, end: dt.date) -> Figures | None:
        """The period's kept figures, current or not (tests, bench)."""
        with self._lock:
            return self._kept.get((start, end))

    def changed(self) -> None:
        """This process stored a sync's changes (``do_push``: ``/v1/push``, ``/v1/sync``
        and ``/v1/push-stream``): the watched periods are recomputed soon (``SETTLE``), not
        at their next view."""
        if self._watcher is not None:
            self._wake.set()

    def _watch(self) -> None:
        with self._lock:
            if self._watcher is not None or self._closed.is_set():
                return
            self._watcher = threading.Thread(target=self._run_watch, daemon=True,
                                             name="chasqui-dashboard-watch")  # fmt: skip
        self._watcher.start()

    def _run_watch(self) -> None:
        failing = False
        while not self._closed.is_set():
            if self._wake.wait(POLL):  # a push here: the syncs right after it join this round
                if self._closed.wait(SETTLE):
                    return
            elif self._closed.is_set():
                return
            self._wake.clear()  # the syncs stored from here on wake the next round
            began = time.monotonic()
            try:
                self._follow()
                self.refresh()
                failing = False
            except Exception:  # the next round, or the next view, tries again
                if not failing:
                    log.exception("dashboard: the figures could not be recomputed")
                failing = True
            with self._round:
                self._round.notify_all()
            self._closed.wait(time.monotonic() - began)  # at most half of a core

    def wait(self, done: Callable[[], bool], timeout: float) -> bool:
        """Until ``done()`` after one of the watcher's rounds (tests, bench); whether it is."""
        deadline = time.monotonic() + timeout
        with self._round:
            while not done():
                left = deadline - time.monotonic()
                if left <= 0 or not self._round.wait(left):
                    return done()
        return True

    def _follow(self) -> None:
        """The default period moved (``warm``'s ``follow``): its figures computed now."""
        if self._default is None or not self.warmed.is_set():
            return
        start, end = self._default()
        with self._lock:
            known = (start, end) in self._kept
        if not known:
            self.get(start, end)  # not a view: watched once a supervisor opens it

    def refresh(self) -> int:
        """Recompute the periods viewed in the last ``WATCHED`` seconds whose figures are
        older than the change log, the last viewed first; how many."""
        now = time.monotonic()
        with self._lock:
            watching = any(now - at <= WATCHED for at in self._viewed.values())
        if not watching:  # nobody is looking: only the packs, now and then
            self._repack(now)
            return 0
        seq = last_seq(self.db)
        with self._lock:
            due = [
                key
                for at, key in sorted(((at, key) for key, at in self._viewed.items()), reverse=True)
                if now - at <= WATCHED and key in self._kept and self._kept[key].seq < seq
            ]
        failed: set[tuple[dt.date, dt.date]] = set()
        for key in due:  # each on its own: one failing period does not stop the others
            try:
                self.get(*key)
            except Exception:
                failed.add(key)
                if key not in self._failing:  # logged once per failing streak
                    log.exception("dashboard: the figures of %s-%s could not be recomputed",
                                  *key)  # fmt: skip
        with self._lock:
            self._failing = (self._failing - set(due)) | failed
        if due:
            self.refreshes += 1
        return len(due)

    def _repack(self, now: float) -> None:
        """With no period watched, the offices that synced since their packs were made
        are counted and their packs stored again at most every ``PACKED_EVERY`` seconds
        (one office by its index, many in one pass over theirs), so that a report — a
        fresh process — or another worker finds the packs current, not cold, after a day
        of syncs nobody watched. Only in a process that holds the packs (``warm``, a
        view)."""
        if not self._arrays or now - self._packed_at < PACKED_EVERY:
            return
        self._packed_at = now
        from sync.server.office_packs import office_seqs

        with self._computing:
            _packs(self.db, self._arrays, office_seqs(self.db))

    def close(self, timeout: float | None = None) -> None:
        """Stop the watcher and wait for the background work (a server's shutdown: at
        most ``timeout`` seconds for each — the threads are daemons; tests: until done)."""
        self._closed.set()
        self._wake.set()
        if self._watcher is not None:
            self._watcher.join(timeout)
        self.settle(timeout)

    def get(self, start: dt.date, end: dt.date) -> Figures:
        """The period's figures as of the change log now (computed, or kept if current)."""
        seq = last_seq(self.db)
        key = (start, end)
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None and kept.seq >= seq:
                return kept
        with self._computing:  # one at a time
            with self._lock:
                kept = self._kept.get(key)
                if kept is not None and kept.seq >= seq:
                    return kept  # computed while this request waited
                parts = dict(self._parts.get(key, {}))
            seq, as_of = last_seq(self.db), office_now()  # what the figures reflect
            offices = offices_of(self.db)
            from sync.server.office_packs import office_seqs

            seqs = office_seqs(self.db)
            moved = {
                office_id: office_seq
                for office_id, office_seq in seqs.items()
                if (part := parts.get(office_id)) is None or part.seq != office_seq
            }
            from sync.server import timeline_national

            summed = self._national.get(key)
            if summed is None and timeline_national.fits(start, end):
                while len(self._national) >= timeline_national.KEPT:  # the oldest goes
                    del self._national[next(iter(self._national))]
                summed = self._national[key] = timeline_national.NationalCounts(start, end)
            # a period's first view (none of its office parts yet): every office's and the
            # national figures in one estimation; its national cells are summed after the
            # answer, in the background (``_later``), for the views after a sync
            first = not parts and summed is not None and not summed.seen
            fresh, national = refreshed(self.db, offices, moved, start, end, kept=self._arrays,
                                        seqs=seqs, summed=None if first else summed)  # fmt: skip
            if first:
                assert summed is not None
                arrays = {office: pack.timeline for office, (_, pack) in self._arrays.items()}
                self._later(lambda: summed.seen or summed.sync(arrays))
            self.offices_computed += len(fresh)
            parts.update(fresh)
            figures = assemble(parts, offices, seq, start, end, national, computed_at=as_of)
            with self._lock:
                if key not in self._parts and len(self._parts) > 16:  # a few periods
                    oldest = next(iter(self._parts))
                    for kept_by_period in (self._kept, self._parts, self._national,
                                           self._viewed):  # fmt: skip
                        kept_by_period.pop(oldest, None)
                self._parts[key] = parts
                self._kept[key] = figures
                self.computed += 1
            return figures


def suppressed_count(count: int) -> str:
    return report.SUPPRESSED if count < report.MIN_CELL else str(count)
