"""Caseload and demand of the office month by month (issue 16, "caseload and demand").

Owns the ONE rule of a case being active at a moment (``active_at``: opened before it
and not closed by then; a case marked closed or archived without a closing date is not
active) — the monthly statistics use it too — and the reads behind the office's
"Tiempos" page, its PDF section and ``chasqui report caseload``:

- ``caseload(store, first, last, ceiling)``: active cases per defender at each month's
  end (the current month: today), against the ceiling (120 by default);
- ``demand(store, first, last)``: consultations and sponsorships (submitted intakes by
  service type) per defender per month;
- ``consultation_trend(store, first, last)``: consultations per matter per month;
- ``referral_counts(rows)`` / ``referrals_by_institution(store, start, end)``: referrals
  made and attended per institution (every institution of the vocabulary, in its order).

Months are ``date`` values (the first day); every timestamp is read in office time
(``app.office_time.parse_local``), as the reports and the screens show it. Rows are plain
dataclasses; labels are Spanish, from ``sync.spec.vocab``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from app.core.people import QueryStore
from app.core.queries.case_file import user_label, users
from app.office_time import parse_local
from app.office_time import today as office_today
from sync.spec import vocab

DEFAULT_CEILING = 120
ATTENDED = ("attended", "closed")  # referral statuses counted as attended
NO_DEFENDER = "Sin defensor asignado"
CLOSED_STATUSES = ("closed", "archived")


def active_at(opened: datetime | None, closed: datetime | None, status: Any, end: date) -> bool:
    """Whether a case opened at ``opened`` is active just before ``end`` (exclusive)."""
    if opened is None or opened.date() >= end:
        return False
    if closed is not None:
        return closed.date() >= end
    return status not in CLOSED_STATUSES


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def months_between(first: date, last: date) -> list[date]:
    """The first days of every month from ``first``'s to ``last``'s, both included."""
    out, month = [], month_start(first)
    while month <= month_start(last):
        out.append(month)
        month = next_month(month)
    return out


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


def _staff(store: QueryStore) -> tuple[dict[str, str], list[str]]:
    """Labels of every known user, and the ids of this office's defenders."""
    known = users(store)
    office = getattr(store, "office_id", None)
    defenders = [
        uid
        for uid, row in known.items()
        if row.get("role") == "defender" and row.get("office_id") in (office, None, "")
    ]
    return {uid: user_label(row) or uid for uid, row in known.items()}, defenders


def _label(names: Mapping[str, str], uid: str) -> str:
    return names.get(uid, uid) if uid else NO_DEFENDER


def _ordered(names: Mapping[str, str], ids: Iterable[str]) -> list[str]:
    return sorted(set(ids), key=lambda uid: (_label(names, uid).lower(), uid))


def caseload(
    store: QueryStore,
    first: date,
    last: date,
    ceiling: int = DEFAULT_CEILING,
    *,
    today: date | None = None,
) -> Caseload:
    """Active cases per defender at the end of each month from ``first`` to ``last``."""
    if ceiling <= 0:
        raise ValueError("ceiling must be positive")
    months = months_between(first, last)
    now = today or office_today()
    ends = [min(next_month(m), now + timedelta(days=1)) for m in months]
    names, defenders = _staff(store)
    counts: dict[str, list[int]] = {uid: [0] * len(months) for uid in defenders}
    if months:
        rows = store.query(
            "SELECT defender_id, opened_at, closed_at, status FROM legal_case"
            " WHERE _deleted = 0 AND office_id = ? AND opened_at < ?"
            " AND (closed_at IS NULL OR closed_at = '' OR closed_at >= ?)",
            (
                getattr(store, "office_id", None),
                (ends[-1] + timedelta(days=1)).isoformat(),
                (months[0] - timedelta(days=1)).isoformat(),
            ),
        )
        for row in rows:
            opened = parse_local(row.get("opened_at"))
            closed = parse_local(row.get("closed_at"))
            uid = str(row.get("defender_id") or "")
            line = counts.get(uid)
            for i, end in enumerate(ends):
                if active_at(opened, closed, row.get("status"), end):
                    if line is None:
                        line = counts[uid] = [0] * len(months)
                    line[i] += 1
    series = tuple(
        Series(uid, _label(names, uid), tuple(counts[uid])) for uid in _ordered(names, counts)
    )
    reference = tuple(e - timedelta(days=1) for e in ends)
    return Caseload(tuple(months), ceiling, series, reference)


def _intakes(store: QueryStore, first: date, last: date) -> list[tuple[date, str, str, str]]:
    """(month, defender id, service type, matter) of each submitted intake in the months."""
    months = months_between(first, last)
    if not months:
        return []
    low = (months[0] - timedelta(days=1)).isoformat()
    high = (next_month(months[-1]) + timedelta(days=1)).isoformat()
    rows = store.query(
        "SELECT defender_id, recorded_at,"
        " coalesce(service_type, json_extract(answers, '$.tipo_servicio')) AS service_type,"
        " coalesce(matter, json_extract(answers, '$.materia')) AS matter FROM intake"
        " WHERE _deleted = 0 AND office_id = ? AND status = 'submitted'"
        " AND recorded_at >= ? AND recorded_at < ?",
        (getattr(store, "office_id", None), low, high),
    )
    wanted = set(months)
    out = []
    for row in rows:
        moment = parse_local(row.get("recorded_at"))
        if moment is None:
            continue
        month = month_start(moment.date())
        if month in wanted:
            out.append(
                (
                    month,
                    str(row.get("defender_id") or ""),
                    str(row.get("service_type") or ""),
                    str(row.get("matter") or ""),
                )
            )
    return out


def demand(store: QueryStore, first: date, last: date) -> Demand:
    """Consultations and sponsorships (submitted intakes) per defender per month."""
    months = months_between(first, last)
    index = {m: i for i, m in enumerate(months)}
    names, defenders = _staff(store)
    table: dict[str, dict[str, list[int]]] = defaultdict(
        lambda: {"consulta": [0] * len(months), "patrocinio": [0] * len(months)}
    )
    for uid in defenders:
        _ = table[uid]
    for month, uid, service, _matter in _intakes(store, first, last):
        if service in ("consulta", "patrocinio"):
            table[uid][service][index[month]] += 1
    order = _ordered(names, table)
    return Demand(
        tuple(months),
        tuple(Series(uid, _label(names, uid), tuple(table[uid]["consulta"])) for uid in order),
        tuple(Series(uid, _label(names, uid), tuple(table[uid]["patrocinio"])) for uid in order),
    )


def consultation_trend(store: QueryStore, first: date, last: date) -> Trend:
    """Consultations (submitted intakes of service type "consulta") per matter per month."""
    months = months_between(first, last)
    index = {m: i for i, m in enumerate(months)}
    table: dict[str, list[int]] = defaultdict(lambda: [0] * len(months))
    for month, _uid, service, matter in _intakes(store, first, last):
        if service == "consulta":
            table[vocab.MATTER.label(matter) if matter else "Sin materia"][index[month]] += 1
    lines = [Series(label, label, tuple(values)) for label, values in table.items()]
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
