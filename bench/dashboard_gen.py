"""The directorate benchmark's synced records and timeline drawn inside PostgreSQL.

Owns ``generate(conn, cases, offices, timeline)``: the same shape of data as
``bench.dashboard._office_records`` (the Python generator, kept for SQLite and
``--rule``) — per case an intake, the case (its court the matter's court in the office's
judicial district, 30 % closed), a "filed" milestone (85 %), then a held hearing (60 %)
and a "decision" milestone (40 %), with the same date ranges — but drawn by
``random()`` after ``setseed`` in one ``INSERT … SELECT`` per table from one temporary
table of draws (``generate_series``): no row crosses from Python, so a million cases
(about 3.7 million records) load in a few minutes, not twenty. The ``case_timeline``,
``timeline_links`` and ``consultations`` rows are written from the same draws, as the
server's rules derive them from those records (``timeline.rebuild`` and
``consultations.rebuild`` give the same rows: ``tests/server/test_bench_dashboard.py``).
Ids are 32 hex digits (``md5`` of a tag and the case number), as UUID hex.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import text

from stats.timeliness import court_label
from sync.server.schema import MILESTONE_KINDS

MATTERS = ("alimentos", "violencia", "filiacion", "laboral", "penal", "conciliacion")
# the court specialty of each matter (conciliation: no court file)
SPECIALTY = {"alimentos": "FC", "violencia": "FC", "filiacion": "FC", "laboral": "LA",
             "penal": "PE"}  # fmt: skip
START = dt.date(2025, 1, 1)
SPAN = (dt.date(2026, 10, 31) - START).days  # intakes fall in [START, START + SPAN)
DISTRICTS = 34  # office n is in judicial district n % 34 + 1

_DRAWS = """
CREATE TEMPORARY TABLE bench_draws ON COMMIT DROP AS
WITH r AS (
  SELECT n, random() AS a, random() AS b, random() AS c, random() AS d, random() AS e,
         random() AS f, random() AS g, random() AS h, random() AS i, random() AS j,
         random() AS k, random() AS l
  FROM generate_series(1, :cases) AS n
), picked AS (
  SELECT n, (n - 1) % :k AS office_n,
         CAST(:start AS date) + floor(a * :span)::int AS intake_on,
         (CAST(:matters AS text[]))[1 + floor(b * 6)::int] AS matter,
         floor(c * 10)::int AS defender_n,
         CASE WHEN d < 0.3 THEN 60 + floor(e * 640)::int END AS closed_after,
         CASE WHEN f < 0.85 THEN 1 + floor(g * 89)::int END AS filed_after,
         CASE WHEN h < 0.6 THEN 30 + floor(i * 170)::int END AS held_after,
         CASE WHEN j < 0.4 THEN 100 + floor(k * 500)::int END AS decided_after
  FROM r
)
SELECT n, (CAST(:offices AS text[]))[1 + office_n] AS office_id,
       lpad(CAST(office_n % :districts + 1 AS text), 2, '0') AS district,
       md5('case' || n) AS case_id, md5('intake' || n) AS intake_id,
       md5('filed' || n) AS filed_id, md5('hearing' || n) AS hearing_id,
       md5('decision' || n) AS decision_id, matter,
       md5((CAST(:offices AS text[]))[1 + office_n] || '/' || defender_n) AS defender_id,
       intake_on, intake_on + closed_after AS closed_on,
       intake_on + filed_after AS filed_on,
       intake_on + filed_after + held_after AS held_on,
       intake_on + filed_after + decided_after AS decided_on
FROM picked
"""

_COURTS = (
    "CREATE TEMPORARY TABLE bench_courts (court_district text, court_matter text,"
    " parts jsonb, label text) ON COMMIT DROP"
)

# (entity, id column, values, condition): the records of each case
_RECORDS = (
    ("intake", "intake_id",
     "jsonb_build_object('office_id', office_id, 'recorded_at', intake_on || 'T09:00:00',"
     " 'matter', matter, 'status', 'submitted', 'service_type', 'consulta')", "TRUE"),
    ("case", "case_id",
     "jsonb_build_object('office_id', office_id, 'intake_id', intake_id, 'matter', matter,"
     " 'defender_id', defender_id, 'opened_at', intake_on || 'T10:00:00')"
     " || CASE WHEN parts IS NULL THEN '{}'"
     " ELSE jsonb_build_object('court_file_parts', parts) END"
     " || CASE WHEN closed_on IS NULL THEN '{}'"
     " ELSE jsonb_build_object('closed_at', closed_on || 'T12:00:00') END", "TRUE"),
    ("case_milestone", "filed_id",
     "jsonb_build_object('office_id', office_id, 'case_id', case_id, 'kind', 'filed',"
     " 'occurred_on', CAST(filed_on AS text))", "filed_on IS NOT NULL"),
    ("hearing", "hearing_id",
     "jsonb_build_object('case_id', case_id, 'category', 'hearing', 'status', 'held',"
     " 'at', held_on || 'T09:30:00')", "held_on IS NOT NULL"),
    ("case_milestone", "decision_id",
     "jsonb_build_object('office_id', office_id, 'case_id', case_id, 'kind', 'decision',"
     " 'occurred_on', CAST(decided_on AS text))", "decided_on IS NOT NULL"),
)  # fmt: skip
_LINKS = (  # (entity, id column, link kind, link id column, condition)
    ("intake", "intake_id", "intake", "intake_id", "TRUE"),
    ("case_milestone", "filed_id", "case", "case_id", "filed_on IS NOT NULL"),
    ("hearing", "hearing_id", "case", "case_id", "held_on IS NOT NULL"),
    ("case_milestone", "decision_id", "case", "case_id", "decided_on IS NOT NULL"),
)
_DATES = {"intake": "intake_on", "filed": "filed_on", "first_hearing": "held_on",
          "decision": "decided_on", "closure": "closed_on"}  # fmt: skip


def generate(conn: Any, cases: int, offices: list[str], timeline: bool = True) -> int:
    """Draw ``cases`` cases spread over ``offices`` (ids) and write their records and
    (``timeline``) their links and timeline rows (PostgreSQL, in the caller's
    transaction); the records written."""
    conn.execute(text("SELECT setseed(0.7)"))
    conn.execute(text(_DRAWS), {
        "cases": cases, "k": len(offices), "start": START.isoformat(), "span": SPAN,
        "matters": list(MATTERS), "offices": offices, "districts": DISTRICTS,
    })  # fmt: skip
    conn.execute(text(_COURTS))
    courts = []
    for d in range(1, DISTRICTS + 1):
        for matter, spec in SPECIALTY.items():
            parts = {"court": f"{d:02d}01", "specialty": spec}
            label = court_label(parts)[:200]
            courts.append({"district": f"{d:02d}", "matter": matter,
                           "parts": json.dumps(parts), "label": label})  # fmt: skip
    conn.execute(
        text("INSERT INTO bench_courts VALUES (:district, :matter, CAST(:parts AS jsonb), :label)"),
        courts,
    )
    source = (
        "FROM bench_draws d LEFT JOIN bench_courts c"
        " ON c.court_district = d.district AND c.court_matter = d.matter"
    )
    written = 0
    for step, (entity, id_column, values, where) in enumerate(_RECORDS):
        written += conn.execute(text(
            "INSERT INTO records (entity, entity_id, office_id, values_json, versions_json,"
            f" deleted, updated_seq) SELECT '{entity}', {id_column}, office_id,"
            f" CAST({values} AS text), '{{}}', FALSE, n * {len(_RECORDS)} + {step}"
            f" {source} WHERE {where}")).rowcount  # fmt: skip
    for entity, id_column, kind, link_column, where in _LINKS if timeline else ():
        conn.execute(text(
            "INSERT INTO timeline_links (entity, entity_id, link_kind, link_id)"
            f" SELECT '{entity}', {id_column}, '{kind}', {link_column}"
            f" FROM bench_draws WHERE {where}"))  # fmt: skip
    if timeline:  # each intake's consultation (``consultations.row``: a submitted consulta)
        conn.execute(text(
            "INSERT INTO consultations (intake_id, office_id, served_on, matter)"
            " SELECT intake_id, office_id, intake_on, matter FROM bench_draws"))  # fmt: skip
    kinds = ", ".join(f"{kind}_on" for kind in MILESTONE_KINDS)
    dates = ", ".join(_DATES.get(kind, "NULL") for kind in MILESTONE_KINDS)
    if timeline:
        conn.execute(text(
            "INSERT INTO case_timeline (case_id, office_id, intake_id, matter, defender_id,"
            f" court, opened_on, closed_on, {kinds}) SELECT case_id, office_id, intake_id,"
            f" d.matter, defender_id, coalesce(c.label, 'sin expediente'), intake_on,"
            f" closed_on, {dates} {source}"))  # fmt: skip
    conn.execute(text("DROP TABLE bench_draws"))
    conn.execute(text("DROP TABLE bench_courts"))
    return written
