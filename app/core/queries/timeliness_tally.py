"""The timeliness tally of the office computed inside the database (the fast path).

Owns ``timeliness_tally(store, start, end)``: the same ``stats.timeliness.Tally`` that
``stats.timeliness.figures(observations(timeliness_cases, milestone_rows, …))`` builds,
but with SQLite doing the per-case work in one statement — each case's milestones
(recorded ones override the derived intake, first hearing held and closure, as
``app.core.milestones`` reads them; of each kind the earliest), the four intervals that
start within the period (an event when it ends by the period's last day, censored there
otherwise; an end before the start counts as day 0), calendar days and working days
(the running count of ``stats.timeliness.WorkdayCounter`` passed in as JSON) — and
returning only counts per group kind, group, interval, days, working days and event
(one row per cell, its counts packed as text: thousands of dict rows cost more than the
counting).
Group codes become the same labels in Python (matter, office name, defender name, court
label, month). ``tests/core/test_timeliness_tally.py`` checks it equals the reference
path on varied data. At 100k cases it is what keeps the client within a second.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from app.core.people import QueryStore
from stats.timeliness import NO_LABEL, TOTAL, Tally, WorkdayCounter, court_label
from sync.spec import vocab

MAX_PERIOD_DAYS = 7320  # twenty years: working days are counted for every day of the period


def _day(expr: str) -> str:
    """SQL: ``expr``'s first ten characters when they are a real date, else NULL."""
    return f"(CASE WHEN date(substr({expr}, 1, 10)) = substr({expr}, 1, 10) THEN substr({expr}, 1, 10) END)"  # noqa: E501


_PIVOT = ", ".join(
    f"min(CASE WHEN kind = '{k}' THEN {_day('occurred_on')} END) AS r_{k}"
    for k in ("intake", "filed", "first_hearing", "decision", "closure")
)

SQL = f"""
WITH
wd(day, cum) AS MATERIALIZED (SELECT key, value FROM json_each(:workdays)),
rec AS MATERIALIZED (SELECT case_id, {_PIVOT} FROM case_milestone WHERE _deleted = 0 GROUP BY case_id),
held AS MATERIALIZED (SELECT case_id, min(at) AS at FROM hearing WHERE _deleted = 0 AND status = 'held'
         AND category = 'hearing' GROUP BY case_id),
m AS MATERIALIZED (
  SELECT c.matter, c.defender_id, c.office_id,
    CASE WHEN json_valid(c.court_file_parts)
         THEN json_extract(c.court_file_parts, '$.court') END AS court,
    CASE WHEN json_valid(c.court_file_parts)
         THEN json_extract(c.court_file_parts, '$.specialty') END AS specialty,
    coalesce(rec.r_intake, {_day("CASE WHEN json_valid(i.answers) THEN json_extract(i.answers, '$.fecha_atencion') END")},
             {_day("i.recorded_at")}) AS intake,
    rec.r_filed AS filed,
    coalesce(rec.r_first_hearing, {_day("held.at")}) AS first_hearing,
    rec.r_decision AS decision,
    coalesce(rec.r_closure, {_day("c.closed_at")}) AS closure
  FROM legal_case c
  LEFT JOIN rec ON rec.case_id = c.id
  LEFT JOIN held ON held.case_id = c.id
  LEFT JOIN intake i ON i.id = c.intake_id AND i._deleted = 0
  WHERE c._deleted = 0
),
obs AS (
  SELECT 'intake_to_filing' AS interval, intake AS began, filed AS ended, * FROM m
  UNION ALL SELECT 'filing_to_first_hearing', filed, first_hearing, * FROM m
  UNION ALL SELECT 'filing_to_decision', filed, decision, * FROM m
  UNION ALL SELECT 'intake_to_closure', intake, closure, * FROM m
),
span AS MATERIALIZED (
  SELECT interval, matter, defender_id, office_id, court, specialty, began,
    (ended IS NOT NULL AND ended <= :end) AS event,
    max(CASE WHEN ended IS NOT NULL AND ended <= :end THEN ended ELSE :end END, began)
      AS stop
  FROM obs WHERE began >= :start AND began <= :end
),
sp AS MATERIALIZED (
  SELECT span.*, CAST(round(julianday(stop) - julianday(began)) AS INTEGER) AS days,
    w2.cum - w1.cum AS working, substr(began, 1, 7) AS period
  FROM span JOIN wd w1 ON w1.day = span.began JOIN wd w2 ON w2.day = span.stop
)
SELECT kind, a, b, interval,
  group_concat(days || ',' || working || ',' || event || ',' || n, ';') AS cells
FROM (
SELECT 'total' AS kind, NULL AS a, NULL AS b, interval, days, working, event, count(*) AS n
  FROM sp GROUP BY interval, days, working, event
UNION ALL SELECT 'matter', matter, NULL, interval, days, working, event, count(*)
  FROM sp GROUP BY matter, interval, days, working, event
UNION ALL SELECT 'office', office_id, NULL, interval, days, working, event, count(*)
  FROM sp GROUP BY office_id, interval, days, working, event
UNION ALL SELECT 'defender', defender_id, NULL, interval, days, working, event, count(*)
  FROM sp GROUP BY defender_id, interval, days, working, event
UNION ALL SELECT 'court', court, specialty, interval, days, working, event, count(*)
  FROM sp GROUP BY court, specialty, interval, days, working, event
UNION ALL SELECT 'period', period, NULL, interval, days, working, event, count(*)
  FROM sp GROUP BY period, interval, days, working, event
) GROUP BY kind, a, b, interval
"""  # noqa: E501


def _running_days(start: dt.date, end: dt.date, calendar: Any = None) -> str:
    """JSON {ISO day: working days from ``start``} for every day of ``[start, end]``."""
    counter = WorkdayCounter(calendar)
    out = {}
    day = start
    while day <= end:
        out[day.isoformat()] = counter.between(start, day)
        day += dt.timedelta(days=1)
    return json.dumps(out)


def timeliness_tally(
    store: QueryStore, start: dt.date, end: dt.date, calendar: Any = None
) -> Tally:
    """The office's timeliness tally for intervals starting within ``[start, end]``
    (``ValueError`` for a period longer than ``MAX_PERIOD_DAYS``)."""
    from app.core.queries.case_file import user_labels

    if not 0 <= (end - start).days <= MAX_PERIOD_DAYS:
        raise ValueError(f"a period is 1 to {MAX_PERIOD_DAYS} days long")

    rows = store.query(
        SQL,
        {"start": start.isoformat(), "end": end.isoformat(),
         "workdays": _running_days(start, end, calendar)},
    )  # fmt: skip
    offices = {
        str(r["id"]): str(r["name"] or "") for r in store.query("SELECT id, name FROM office")
    }
    people = user_labels(store, {str(r["a"]) for r in rows if r["kind"] == "defender" and r["a"]})
    courts: dict[tuple[Any, Any], str] = {}

    def label(kind: str, a: Any, b: Any) -> str:
        if kind == "total":
            return TOTAL
        if kind == "period":
            return str(a)
        if kind == "matter":
            text = vocab.MATTER.label(a) if a else ""
        elif kind == "office":
            text = offices.get(str(a), "") if a else ""
        elif kind == "defender":
            text = people.get(str(a), "") if a else ""
        else:
            if (a, b) not in courts:
                courts[(a, b)] = court_label({"court": a, "specialty": b})
            text = courts[(a, b)]
        return text or NO_LABEL

    tally = Tally()
    for r in rows:  # one row per cell: "days,working,event,count;…"
        kind = str(r["kind"])
        cell = tally.cells[(kind, label(kind, r["a"], r["b"]), str(r["interval"]))]
        for item in str(r["cells"]).split(";"):
            days, working, event, n = item.split(",")
            cell[(int(days), int(working), event == "1")] += int(n)
    return tally
