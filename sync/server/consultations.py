"""The server's consultations: each live intake's service day and matter in typed columns,
kept current inside the ingest transaction.

Owns the contents of ``consultations`` (one row per live consultation — a submitted
intake of service type "consulta", by the one rule the desktop's "Consultas" trend
counts by too, ``stats.caseload.consultation`` (``row``) —: its office, the office-time
day it was recorded and its matter code — the intake's ``matter``, else the form's
``materia``) and the one way they change:
``on_batch(conn, batch)``, the ingest hook (listed in ``ingest.DERIVED``; contract in
``sync.server.derived``): the rows of the batch's intakes are written again (a deleted
intake loses its row) in one DELETE and one insert; ``rebuild(conn)`` fills the table from
``records`` (the migration's backfill, also a repair; the same ``row`` rule).
``monthly(conn, start, end, office_id)`` counts them per office, month and matter in SQL
for the directorate's dashboard: no intake's JSON is read to draw it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, bindparam, select, text

from stats import caseload
from sync.server import bulk, schema
from sync.server.derived import StoredBatch
from sync.server.timeline import as_stored, forget_packs
from sync.spec import vocab

_c = schema.consultations.c
_DELETE = schema.consultations.delete().where(_c.intake_id.in_(bindparam("ids", expanding=True)))


def row(intake_id: str, office_id: str, values: Mapping[str, Any]) -> dict[str, Any] | None:
    """The consultation row of one intake's values, or None when it is not one: the one
    rule ``stats.caseload.consultation`` (the desktop's "Consultas" trend counts by it)."""
    found = caseload.consultation(values)
    if found is None:
        return None
    served_on, matter = found
    return {
        "intake_id": intake_id[:128],
        "office_id": office_id,
        "served_on": served_on,
        "matter": matter[:64] if matter else None,
    }


def on_batch(conn: Connection, batch: StoredBatch) -> None:
    """The ingest hook: the consultations of the batch's intakes, in its transaction."""
    intakes = {i: r for (e, i), r in batch.records.items() if e == "intake"}
    if not intakes:
        return
    conn.execute(_DELETE, {"ids": sorted(i[:128] for i in intakes)})
    found = (row(i, r.office_id, r.state.values) for i, r in intakes.items() if not r.state.deleted)
    rows = [r for r in found if r is not None]
    if rows:
        bulk.insert_many(conn, schema.consultations, rows)


def rebuild(conn: Connection) -> int:
    """Fill the table afresh from the live intake records, in the columns it has now
    (``timeline.as_stored``: a migration's backfill); the rows written."""
    forget_packs(conn)  # the packs count the rows rewritten here
    conn.execute(schema.consultations.delete())
    r = schema.records.c
    query = select(r.entity_id, r.office_id, r.values_json).where(
        r.entity == "intake", r.deleted.is_(False)
    )
    found = (row(str(i), str(o), json.loads(v)) for i, o, v in conn.execute(query))
    rows = [r for r in found if r is not None]
    if rows:
        bulk.insert_many(conn, schema.consultations, as_stored(conn, "consultations", rows))
    return len(rows)


def monthly(conn: Connection, start: dt.date, end: dt.date, office_id: str | None = None
            ) -> dict[str, Counter[tuple[str, str]]]:  # fmt: skip
    """Per office id, ``{("YYYY-MM", matter label): consultations}`` served within the
    period (one office, or all)."""
    month = {"postgresql": "to_char(served_on, 'YYYY-MM')", "sqlite": "substr(served_on, 1, 7)"}
    where = " AND office_id = :office" if office_id is not None else ""
    sql = (
        f"SELECT office_id, {month[conn.dialect.name]}, matter, count(*) FROM consultations"
        f" WHERE served_on >= :start AND served_on <= :end{where} GROUP BY 1, 2, 3"
    )
    out: dict[str, Counter[tuple[str, str]]] = {}
    params = {"start": start, "end": end, "office": office_id}
    for office, key, matter, n in conn.execute(text(sql), params):
        out.setdefault(str(office), Counter())[(str(key), vocab.matter_label(matter))] += int(n)
    return out
