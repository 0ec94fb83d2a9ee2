"""Caseload and demand of the office month by month, read from the store.

Owns the reads behind the office's "Tiempos" page, its PDF section and the monthly
statistics' caseload; the rules and counts are the pure ``stats.caseload`` (shared with the
server: ``active_on``, ``month_ends``, ``active_counts``, ``monthly_counts``, ``CEILING``):

- ``closed_on(case)``: a case's closing day — the ``closure`` of its timeline
  (``case_timeline``: the one rule ``stats.milestones.closure_day``, the closing form's
  ``fecha_cierre`` else the office-time day of ``closed_at``, or a recorded closure
  milestone); the timeliness figures, the monthly "Concluidos" (``closed_between`` and
  ``app.reports.statistics``) and the caseload all read it;
- ``case_span(opened_at, closed, status)`` (``stats.caseload``'s, shared with the
  server's timeline): a stored case's opening and closing days in office time for
  ``active_on`` (a case marked closed or archived without a closing date counts as closed
  since it opened);
- ``READS``: the entities those figures read (what invalidates them);
- ``staff(store)``: each user's label and canonical id — users sharing a login name are
  one person (the vault's own user and the server's after enrolling), shown once by the
  full name; every per-defender figure here and in the timeliness groups uses it;
- ``caseload(store, first, last, ceiling)``: active cases per defender (every defender of
  the office, even with none) at each month's end (the current month: today), against
  the ceiling (120 by default);
- ``demand(store, first, last)``: consultations and sponsorships (submitted intakes by
  service type) per defender per month;
- ``consultation_trend(store, first, last)``: consultations per matter per month;
- ``closed_between(store, start, end)``: cases closed in the period, as the monthly
  statistics count them (the "Tiempos" page and PDF say it beside "Atención → cierre",
  which follows the cases attended in the period instead);
- ``referral_counts(rows)`` / ``referrals_by_institution(store, start, end)``: referrals
  made and attended per institution (every institution of the vocabulary, in its order).

Months are ``date`` values (the first day); every timestamp is read in office time
(``app.office_time.parse_local``), as the reports and the screens show it. The caseload
counts each case's span as ``case_timeline`` keeps it in day numbers (office-time days,
derived at write time) in one pass (each case's first and last-plus-one month end,
counted per defender); closures are one count; the submitted intakes are counted per
month, defender, service and matter over ``intake_day`` (their office-time days, derived
at write time: ``app.store.intake_days``). Rows are plain
dataclasses; labels are Spanish, from ``sync.spec.vocab``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from app.core.people import QueryStore
from app.core.queries.table_arrays import MISSING, counts, read
from app.core.user_names import login_labels
from app.office_time import today as office_today
from app.store.collation import spanish_key
from stats.caseload import CEILING, month_ends
from stats.milestones import closure_day
from sync.spec import vocab

DEFAULT_CEILING = CEILING
# The entities whose records the office's figures read (``app.reports.office_figures``:
# these counts, the timeliness tally over ``case_timeline`` and its sources, the staff's
# names, the office's): a change to another entity leaves every figure as it was.
READS = frozenset({"case", "intake", "eligibility", "hearing", "case_milestone", "referral",
                   "user", "office"})  # fmt: skip
ATTENDED = ("attended", "closed")  # referral statuses counted as attended
NO_DEFENDER = "Sin defensor asignado"


def closed_on(case: Mapping[str, Any]) -> Any:
    """A case row's closing day: the timeline's (``closed_on``, an ISO day, when the row
    carries it: ``report_rows.monthly_rows``), else the rule over the row itself
    (``stats.milestones.closure_day``: its ``closure`` answers and ``closed_at``)."""
    if "closed_on" in case:
        return case["closed_on"]
    return closure_day(case)


def closed_between(store: QueryStore, start: date, end: date) -> int:
    """Cases of this office closed from ``start`` to ``end`` (both included) by their
    closing day (``closed_on``: the timeline's) — how the monthly statistics count
    "Concluidos", month by month."""
    found = store.query(
        "SELECT count(*) AS n FROM case_timeline WHERE office_id = ? AND closure BETWEEN ? AND ?",
        (getattr(store, "office_id", None), start.toordinal(), end.toordinal()),
    )
    return int(found[0]["n"])


def months_of(first: date, last: date) -> list[date]:
    """The first days of every month from ``first``'s to ``last``'s."""
    return [end.replace(day=1) for end in month_ends(first, last)] if first <= last else []


@dataclass(frozen=True)
class Series:
    """One line of a month-by-month table: a label and one value per month."""

    key: str
    label: str
    values: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.values)


@dataclass(frozen=True)
class Caseload:
    months: tuple[date, ...]
    ceiling: int
    defenders: tuple[Series, ...]  # active cases at each month's end
    reference: tuple[date, ...]  # the day each month's count refers to (its end or today)

    def over(self) -> list[tuple[str, date, int]]:
        """(defender, month, count) wherever a defender carried more than the ceiling."""
        return [
            (s.label, m, v)
            for s in self.defenders
            for m, v in zip(self.months, s.values, strict=True)
            if v > self.ceiling
        ]


@dataclass(frozen=True)
class Demand:
    months: tuple[date, ...]
    consultations: tuple[Series, ...]  # per defender
    sponsorships: tuple[Series, ...]  # per defender, same order


@dataclass(frozen=True)
class InstitutionCount:
    code: str
    label: str
    made: int
    attended: int


@dataclass(frozen=True)
class Trend:
    months: tuple[date, ...]
    matters: tuple[Series, ...]  # consultations per matter, largest total first
    totals: tuple[int, ...] = field(default=())


def staff(store: QueryStore) -> tuple[dict[str, str], dict[str, str]]:
    """(label, canonical id) of every known user, by user id. Users who share a login name
    are one person — the vault's own user and the same login received from the server
    after enrolling — shown once, by the full name one of them carries (else the login).
    Deleted users included: past figures stay readable."""
    return login_labels(_all_users(store))


def _all_users(store: QueryStore) -> dict[str, dict[str, Any]]:
    """Every user row ever known (deleted ones included), by id."""
    rows = store.query("SELECT id, office_id, name, display_name, role, _deleted FROM app_user")
    return {str(r["id"]): r for r in rows}


def _staff(store: QueryStore) -> tuple[dict[str, str], list[str], dict[str, str]]:
    """Labels of every known user, the (canonical) ids of this office's defenders, and
    each user's canonical id (``staff``)."""
    known = _all_users(store)  # one read: the labels take every user, defenders live ones
    names, canon = login_labels(known)
    office = getattr(store, "office_id", None)
    defenders = {
        canon[uid]
        for uid, row in known.items()
        if not row.get("_deleted")
        and row.get("role") == "defender"
        and row.get("office_id") in (office, None, "")
    }
    return names, sorted(defenders), canon


def _label(names: Mapping[str, str], uid: str) -> str:
    return names.get(uid, uid) if uid else NO_DEFENDER


def _ordered(names: Mapping[str, str], ids: Iterable[str]) -> list[str]:
    return sorted(set(ids), key=lambda uid: (spanish_key(_label(names, uid)), uid))


def caseload(
    store: QueryStore,
    first: date,
    last: date,
    ceiling: int = DEFAULT_CEILING,
    *,
    today: date | None = None,
) -> Caseload:
    """Active cases per defender at the end of each month from ``first`` to ``last``
    (the current month's: today)."""
    if ceiling <= 0:
        raise ValueError("ceiling must be positive")
    ends = month_ends(first, min(last, today or office_today())) if first <= last else []
    names, defenders, canon = _staff(store)
    counts = _active_counts(store, ends, canon) if ends else {}
    keys = set(defenders) | {k for day in counts.values() for k in day}
    series = tuple(
        Series(uid, _label(names, uid), tuple(counts[day][uid] for day in ends))
        for uid in _ordered(names, keys)
    )
    return Caseload(tuple(e.replace(day=1) for e in ends), ceiling, series, tuple(ends))


def _active_counts(
    store: QueryStore, ends: Sequence[date], canon: Mapping[str, str]
) -> dict[date, Counter[str]]:
    """``{day: {defender: active cases}}`` at each of ``ends`` (month ends, the last one
    maybe cut short), by ``stats.caseload.active_on`` on each case's span as
    ``case_timeline`` keeps it (``opened``, ``ended``: ``stats.caseload.case_span`` over
    the case and its timeline's closing day, ``closed_on``). In one pass over day
    numbers (``table_arrays``): each case's first and last-plus-one month end it is
    active at (``i0``: the month ends before its opening day; ``i1``: those before its
    end day) are a +1 and a -1 in its defender's row of months, summed along the months."""
    import numpy as np

    n, days = len(ends), np.array([end.toordinal() for end in ends], dtype=np.int64)
    found = read(
        store, "case_timeline",
        "office_id = :office AND opened <= :last AND (ended IS NULL OR ended > :first)",
        {"office": getattr(store, "office_id", None), "first": int(days[0]),
         "last": int(days[-1])},
        ("opened", "ended"), {"defender": ("defender_id",)},
    )  # fmt: skip
    opened, ended = found.numbers["opened"], found.numbers["ended"]
    who = found.groups["defender"]
    i0 = np.searchsorted(days, opened - 1, side="right")
    i1 = np.where(ended == MISSING, n, np.searchsorted(days, ended - 1, side="right"))
    live = (i1 > i0) & (who != MISSING)
    who, i0, i1 = who[live], i0[live], i1[live]
    size = len(found.codes["defender"]) * (n + 1)
    steps = np.bincount(who * (n + 1) + i0, minlength=size) - np.bincount(
        who * (n + 1) + i1, minlength=size
    )
    active = np.cumsum(steps.reshape(-1, n + 1), axis=1)[:, :n].tolist()
    out: dict[date, Counter[str]] = {day: Counter() for day in ends}
    for (uid,), row in zip(found.codes["defender"], active, strict=True):
        key = canon.get(str(uid or ""), str(uid or ""))
        for k, count in enumerate(row):
            if count:
                out[ends[k]][key] += count
    return out


def _intakes(store: QueryStore, months: list[date]) -> list[tuple[str, str, str, str, int]]:
    """(month "YYYY-MM", defender id, service type, matter, count) of the submitted intakes
    recorded in the months (office time), counted over the derived ``intake_day``
    (``app.store.intake_days``: each one's office-time day as a day number) in one pass
    (``table_arrays``): the month of each day found among the months' first days."""
    import numpy as np

    if not months:
        return []
    stop = (months[-1] + timedelta(days=32)).replace(day=1) - timedelta(days=1)  # last day
    found = read(
        store, "intake_day", "office_id = :office AND day BETWEEN :first AND :stop",
        {"office": getattr(store, "office_id", None), "first": months[0].toordinal(),
         "stop": stop.toordinal()},
        ("day",), {"defender": ("defender_id",), "service": ("service_type",),
                   "matter": ("matter",)},
    )  # fmt: skip
    firsts = np.array([m.toordinal() for m in months], dtype=np.int64)
    month = np.searchsorted(firsts, found.numbers["day"], side="right") - 1
    codes = [found.codes[g] for g in ("defender", "service", "matter")]
    key = month
    for group, known in zip(("defender", "service", "matter"), codes, strict=True):
        key = key * len(known) + found.groups[group]
    live = found.groups["defender"] != MISSING  # a code written after the codes were read
    for group in ("service", "matter"):
        live &= found.groups[group] != MISSING
    sizes = [len(months), *(len(known) for known in codes)]
    present, counted = counts(key[live], int(np.prod(sizes)))
    labels = [m.strftime("%Y-%m") for m in months]
    out = []
    for k, n in zip(present.tolist(), counted.tolist(), strict=True):
        k, m = divmod(k, sizes[3])
        k, s = divmod(k, sizes[2])
        month_index, d = divmod(k, sizes[1])
        out.append((labels[month_index], str(codes[0][d][0] or ""), str(codes[1][s][0] or ""),
                    str(codes[2][m][0] or ""), n))  # fmt: skip
    return out


def _per_month(counts: Counter[tuple[str, str]], months: list[date], key: str) -> tuple[int, ...]:
    return tuple(counts[(m.strftime("%Y-%m"), key)] for m in months)


IntakeCounts = list[tuple[str, str, str, str, int]]


def intake_counts(store: QueryStore, first: date, last: date) -> IntakeCounts:
    """The submitted intakes of the months from ``first``'s to ``last``'s per (month,
    defender, service type, matter): what ``demand`` and ``consultation_trend`` count
    (read once when both are wanted)."""
    return _intakes(store, months_of(first, last))


def demand(
    store: QueryStore, first: date, last: date, counted: IntakeCounts | None = None
) -> Demand:
    """Consultations and sponsorships (submitted intakes) per defender per month."""
    months = months_of(first, last)
    names, defenders, canon = _staff(store)
    rows = [
        (month, canon.get(uid, uid), service, n)
        for month, uid, service, _matter, n in (
            _intakes(store, months) if counted is None else counted
        )
        if service in ("consulta", "patrocinio")
    ]
    counts: Counter[tuple[str, str]] = Counter()
    for month, uid, service, n in rows:
        counts[(month, f"{uid}|{service}")] += n
    order = _ordered(names, {*defenders, *(r[1] for r in rows)})
    return Demand(
        tuple(months),
        tuple(Series(u, _label(names, u), _per_month(counts, months, f"{u}|consulta"))
              for u in order),
        tuple(Series(u, _label(names, u), _per_month(counts, months, f"{u}|patrocinio"))
              for u in order),
    )  # fmt: skip


def consultation_trend(
    store: QueryStore, first: date, last: date, counted: IntakeCounts | None = None
) -> Trend:
    """Consultations (submitted intakes of service type "consulta") per matter per month."""
    months = months_of(first, last)
    counts: Counter[tuple[str, str]] = Counter()
    for month, _uid, service, matter, n in _intakes(store, months) if counted is None else counted:
        if service == "consulta":
            counts[(month, vocab.matter_label(matter))] += n
    lines = [
        Series(label, label, _per_month(counts, months, label))
        for label in {label for _month, label in counts}
    ]
    lines.sort(key=lambda s: (-s.total, s.label))
    totals = tuple(sum(s.values[i] for s in lines) for i in range(len(months)))
    return Trend(tuple(months), tuple(lines), totals)


def referral_counts(rows: Sequence[Mapping[str, Any]]) -> list[InstitutionCount]:
    """Referrals made and attended per institution: every institution of the vocabulary
    in its order (zero rows included), then unknown codes."""
    made: Counter[str] = Counter()
    attended: Counter[str] = Counter()
    for row in rows:
        code = str(row.get("institution") or "otro")
        made[code] += 1
        if row.get("status") in ATTENDED:
            attended[code] += 1
    known = list(vocab.REFERRAL_INSTITUTION.codes())
    codes = [*known, *sorted(set(made) - set(known))]
    return [
        InstitutionCount(code, vocab.REFERRAL_INSTITUTION.label(code), made[code], attended[code])
        for code in codes
    ]


def referrals_by_institution(store: QueryStore, start: date, end: date) -> list[InstitutionCount]:
    """Referrals dated from ``start`` to ``end`` (both included) per institution."""
    from app.core.referrals import referrals_between

    return referral_counts(
        referrals_between(store, start.isoformat(), (end + timedelta(days=1)).isoformat())
    )


LOAD_CSV_COLUMNS = ("figure", "group", "month", "value")


def load_csv_rows(
    load: Caseload, want: Demand, trend: Trend, referrals: Sequence[InstitutionCount]
) -> list[tuple[str, str, str, str]]:
    """The caseload and demand figures as ``LOAD_CSV_COLUMNS`` rows (``chasqui report
    caseload``): ``ceiling``; ``active_cases`` per defender and month (at its end, or
    today); ``consultations`` and ``sponsorships`` per defender and month;
    ``consultations_by_matter`` per matter and month; ``referrals`` and
    ``referrals_attended`` per institution over the whole period (month empty)."""
    rows = [("ceiling", "", "", str(load.ceiling))]

    def lines(figure: str, months: Sequence[date], series: Iterable[Series]) -> None:
        for line in series:
            for month, value in zip(months, line.values, strict=True):
                rows.append((figure, line.label, month.strftime("%Y-%m"), str(value)))

    lines("active_cases", load.months, load.defenders)
    lines("consultations", want.months, want.consultations)
    lines("sponsorships", want.months, want.sponsorships)
    lines("consultations_by_matter", trend.months, trend.matters)
    for item in referrals:
        rows.append(("referrals", item.label, "", str(item.made)))
        rows.append(("referrals_attended", item.label, "", str(item.attended)))
    return rows
