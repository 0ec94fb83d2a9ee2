"""The server's per-case timeline: each live case's groups and milestone dates in typed
columns, kept current inside the ingest transaction.

Owns the contents of ``case_timeline`` (one row per live case: office, intake, matter
code, defender, court label, the days it opened and stopped being active —
``stats.caseload.case_span``, the desktop's caseload rule: office-time days, closed on its
closure milestone's day and never while open —, one date column per milestone kind
``<kind>_on``) and ``timeline_links`` (which live source record — an intake, an
eligibility assessment, a hearing, a recorded milestone — feeds which case, by case id or
by intake id), and the one way they change:

- ``prepare(conn, batch)``, the ingest hook (listed in ``ingest.DERIVED`` as
  ``derived.Prepares``; contract in ``sync.server.derived``), hands the final state of
  every record the batch wrote to ``plan(conn, written)``: the new links of the written
  source records, the cases they feed (before and after the write), their sources (the
  batch's own states, the rest from ``records`` by key; the batch's stored links read as
  already rewritten), and their dates derived with the shared rule ``stats.milestones``
  (the desktop applies the same one), each case fed only by its own office's sources —
  a ``Prepared`` that remembers what it read. A push runs it before the write lock on
  its read snapshot; under the lock ``Prepared.write`` re-checks what it read (the cases
  of its intakes, the sources linked to its cases and intakes, the ``updated_seq`` of
  every record it loaded) and writes, else the hook runs again in the transaction.
  ``follow(conn, written)`` plans and writes in one transaction. A batch that wrote no
  source record costs one set comprehension.
- ``rebuild(conn)`` fills both tables from ``records`` office by office in one pass
  (``office_rows``: an office's link and timeline rows from its records) into the
  columns they have at the time (``as_stored``): the migrations' backfill (0006; 0010
  re-derived every row when the opening and closing days became office days), also a
  repair; the benchmark COPYs what ``office_rows`` gives.
  Same rule and rows as ``follow``, which a property test checks batch by batch.

The directorate's figures (``report``, ``dashboard_data``) are counted in SQL on
``case_timeline``; nothing there reads a record's JSON.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import Connection, bindparam, inspect, select

from stats import caseload, milestones
from stats import timeliness as tl
from sync.server import bulk, schema
from sync.server.derived import Key, StoredBatch

SOURCES = milestones.SOURCES  # "case" first: a case says which intake is its own
KINDS = schema.MILESTONE_KINDS

_l = schema.timeline_links.c
_r = schema.records.c

_DELETE_LINK = schema.timeline_links.delete().where(
    _l.entity == bindparam("k_entity"), _l.entity_id == bindparam("k_entity_id")
)


class _Queries(bulk.KeyQueries):
    """The lookups by a list of keys (``bulk.KeyQueries``: one statement whatever the
    number of keys)."""

    def __init__(self, dialect: str) -> None:
        super().__init__(dialect)
        links, cases, rec = (
            t.name for t in (schema.timeline_links, schema.case_timeline, schema.records)
        )
        self.links = (
            f"SELECT entity, entity_id, link_kind, link_id FROM {links}"
            f" WHERE (entity, entity_id) {self.pairs_in}"
        )
        self.sources = (
            f"SELECT entity, entity_id FROM {links} WHERE (link_kind, link_id) {self.pairs_in}"
        )
        self.cases_of_intakes = f"SELECT case_id FROM {cases} WHERE intake_id {self.ids_in}"
        self.delete_cases = f"DELETE FROM {cases} WHERE case_id {self.ids_in}"
        self.stored_records = (
            f"SELECT entity, entity_id, values_json, office_id, deleted, updated_seq FROM {rec}"
            f" WHERE (entity, entity_id) {self.pairs_in}"
        )
        self.stamps = (
            f"SELECT entity, entity_id, updated_seq FROM {rec}"
            f" WHERE (entity, entity_id) {self.pairs_in}"
        )


_QUERIES = _Queries.per_dialect()


class Written(NamedTuple):
    """A record's final state as an ingest batch wrote it."""

    entity: str
    entity_id: str
    office_id: str
    values: Mapping[str, Any]
    deleted: bool


Link = tuple[str, str]  # ("case" | "intake", id)


@dataclass
class Prepared:
    """The timeline writes of one batch (``derived.Prepared``), computed by ``plan`` —
    before the write lock on a read snapshot, or in the write transaction — with what
    they were computed from: ``write`` stores them only if that is unchanged (no JSON
    read, no date derived: a handful of statements), else stores nothing and says so."""

    gone: list[dict[str, Any]] = field(default_factory=list)  # links deleted
    added: list[dict[str, Any]] = field(default_factory=list)  # links inserted
    case_ids: list[str] = field(default_factory=list)  # timeline rows replaced ...
    rows: list[dict[str, Any]] = field(default_factory=list)  # ... by these
    # what it was computed from (besides the batch's own records, which the push checks)
    intakes: list[str] = field(default_factory=list)  # the intakes whose cases were read
    intake_cases: set[str] = field(default_factory=set)  # ... and those cases
    linked_to: tuple[list[str], list[str]] = ([], [])  # the cases and intakes whose ...
    linked: set[Key] = field(default_factory=set)  # ... source records were read
    stamps: dict[Key, int | None] = field(default_factory=dict)  # records read: updated_seq

    def holds(self, conn: Connection) -> bool:
        """Whether what it read is still so (inside the write transaction)."""
        if self.intakes and _intake_cases(conn, self.intakes) != self.intake_cases:
            return False
        if _linked(conn, *self.linked_to) != self.linked:
            return False
        return not self.stamps or _stamps(conn, self.stamps) == self.stamps

    def write(self, conn: Connection) -> bool:
        """Store the prepared writes, if they hold (True), in the write transaction."""
        if not self.holds(conn):
            return False
        if self.gone:
            bulk.execute_many(conn, _DELETE_LINK, self.gone)
        if self.added:
            bulk.insert_many(conn, schema.timeline_links, self.added)
        if self.case_ids:
            q = _QUERIES[conn.dialect.name]
            bulk.run(conn, q.delete_cases, q.ids(self.case_ids))
        if self.rows:
            bulk.insert_many(conn, schema.case_timeline, self.rows)  # COPY / one executemany
        return True


def prepare(conn: Connection, batch: StoredBatch) -> Prepared:
    """The ingest hook (``derived.Prepares``, listed in ``ingest.DERIVED``): the timeline
    writes of what the batch stored, computed on ``conn`` (a read snapshot before the
    write lock, or the write transaction itself)."""
    return plan(conn, (Written(e, i, r.office_id, r.state.values, r.state.deleted)
                       for (e, i), r in batch.records.items()))  # fmt: skip


def follow(conn: Connection, written: Iterable[Written]) -> None:
    """Bring the timeline of every case the written records feed up to date (inside the
    batch's write transaction)."""
    if not plan(conn, written).write(conn):  # cannot move within its own transaction
        raise RuntimeError("the timeline moved inside its own transaction")


def plan(conn: Connection, written: Iterable[Written]) -> Prepared:
    """What bringing the timelines the written records feed up to date writes, read from
    ``conn`` as it is (the links of the written records not yet rewritten)."""
    batch = {(w.entity, w.entity_id): w for w in written if w.entity in SOURCES}
    out = Prepared()
    if not batch:
        return out
    new, owners = _relink(conn, batch, out)
    _refresh(conn, _cases_of(conn, owners, batch, out), batch, new, out)
    return out


def _stored_links(conn: Connection, keys: list[Key]) -> dict[Key, Link]:
    if not keys:
        return {}
    q = _QUERIES[conn.dialect.name]
    found = bulk.rows(conn, q.links, q.pairs(sorted(keys)))
    return {(str(e), str(i)): (str(kind), str(link_id)) for e, i, kind, link_id in found}


def _relink(
    conn: Connection, batch: dict[Key, Written], out: Prepared
) -> tuple[dict[Key, Link | None], set[Link]]:
    """The links of the batch's source records (into ``out``: rows to delete, rows to
    insert); (each one's new link, every owner they fed or feed)."""
    keys = [key for key in batch if key[0] != "case"]
    old = _stored_links(conn, keys)
    new: dict[Key, Link | None] = {}
    for key in keys:
        w = batch[key]
        found = None if w.deleted else milestones.link(w.entity, w.entity_id, w.values)
        new[key] = (found[0], found[1][:128]) if found else None
    moved = [key for key in keys if old.get(key) != new[key]]
    out.gone = [{"k_entity": e, "k_entity_id": i} for e, i in moved if (e, i) in old]
    for key in moved:
        link = new[key]
        if link is not None:
            out.added.append({"entity": key[0], "entity_id": key[1], "link_kind": link[0],
                              "link_id": link[1]})  # fmt: skip
    owners = {link for key in keys for link in (old.get(key), new[key]) if link}
    owners.update(("case", key[1]) for key in batch if key[0] == "case")
    return new, owners


def _intake_of(values: Mapping[str, Any]) -> str | None:
    intake = values.get("intake_id")
    return str(intake)[:128] if intake else None


def _intake_cases(conn: Connection, intakes: list[str]) -> set[str]:
    q = _QUERIES[conn.dialect.name]
    return {str(case_id) for (case_id,) in bulk.rows(conn, q.cases_of_intakes, q.ids(intakes))}


def _cases_of(
    conn: Connection, owners: set[Link], batch: dict[Key, Written], out: Prepared
) -> set[str]:
    """The ids of the cases the owners stand for (an intake: the cases opened from it)."""
    cases = {ident for kind, ident in owners if kind == "case"}
    intakes = {ident for kind, ident in owners if kind == "intake"}
    if intakes:
        out.intakes = sorted(intakes)
        out.intake_cases = _intake_cases(conn, out.intakes)
        cases.update(out.intake_cases)
        cases.update(
            w.entity_id
            for w in batch.values()
            if w.entity == "case" and _intake_of(w.values) in intakes
        )
    return cases


def _load(
    conn: Connection, keys: Iterable[Key], stamps: dict[Key, int | None]
) -> dict[Key, tuple[dict[str, Any], str]]:
    """(values, office id) of the live stored records of ``keys``; each key's
    ``updated_seq`` (None: no record) into ``stamps``, read by the same statement."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    stamps.update(dict.fromkeys(wanted))
    q = _QUERIES[conn.dialect.name]
    out: dict[Key, tuple[dict[str, Any], str]] = {}
    for entity, entity_id, values, office, deleted, seq in bulk.rows(
        conn, q.stored_records, q.pairs(wanted)
    ):
        key = (str(entity), str(entity_id))
        stamps[key] = int(seq)
        if not deleted:
            out[key] = (json.loads(values), str(office))
    return out


def _stamps(conn: Connection, keys: Iterable[Key]) -> dict[Key, int | None]:
    wanted = sorted(set(keys))
    out: dict[Key, int | None] = dict.fromkeys(wanted)
    q = _QUERIES[conn.dialect.name]
    for entity, entity_id, seq in bulk.rows(conn, q.stamps, q.pairs(wanted)):
        out[(str(entity), str(entity_id))] = int(seq)
    return out


def _linked(conn: Connection, cases: list[str], intakes: list[str]) -> set[Key]:
    """The source records the stored links tie to ``cases`` or ``intakes``."""
    owners = [("case", c) for c in cases] + [("intake", i) for i in intakes]
    if not owners:
        return set()
    q = _QUERIES[conn.dialect.name]  # one statement for both kinds (the index's two columns)
    return {(str(e), str(i)) for e, i in bulk.rows(conn, q.sources, q.pairs(owners))}


def _refresh(
    conn: Connection,
    case_ids: set[str],
    batch: dict[Key, Written],
    new: dict[Key, Link | None],
    out: Prepared,
) -> None:
    """The timeline rows of ``case_ids`` written again (a case no longer live loses its
    row), into ``out``."""
    if not case_ids:
        return
    found = _load(conn, (("case", c) for c in case_ids if ("case", c) not in batch), out.stamps)
    cases: dict[str, tuple[Mapping[str, Any], str]] = {}
    for case_id in case_ids:
        w = batch.get(("case", case_id))
        if w is not None:
            if not w.deleted:
                cases[case_id] = (w.values, w.office_id)
        elif ("case", case_id) in found:
            cases[case_id] = found[("case", case_id)]
    intakes = {i for values, _ in cases.values() if (i := _intake_of(values))}
    out.linked_to = (sorted(cases), sorted(intakes))
    out.linked = _linked(conn, *out.linked_to)
    # the batch's sources as linked now (their stored links are not rewritten yet)
    targets = {("case", c) for c in cases} | {("intake", i) for i in intakes}
    keys = {k for k in out.linked if k not in new}
    keys.update(k for k, link in new.items() if link in targets)
    stored = _load(conn, (k for k in keys if k not in batch), out.stamps)
    # one feed per office, as ``rebuild``: a source record feeds only its own office's
    # cases (a link naming another office's case or intake is ignored)
    feeds: dict[str, milestones.Timelines] = {}
    for case_id, (values, office) in cases.items():
        feeds.setdefault(office, milestones.Timelines()).add("case", case_id, values)
    for entity in SOURCES[1:]:
        for key in sorted(k for k in keys if k[0] == entity):
            w = batch.get(key)
            if w is not None:
                source = None if w.deleted else (w.values, w.office_id)
            else:
                source = stored.get(key)
            if source is not None and (feed := feeds.get(source[1])) is not None:
                feed.add(entity, key[1], source[0])
    dates = {cid: found for feed in feeds.values() for cid, found in feed.dates().items()}
    out.case_ids = sorted(case_ids)
    out.rows = [
        _row(cid, values, office, dates.get(cid, {})) for cid, (values, office) in cases.items()
    ]


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    day = milestones.day(value)
    return dt.date.fromisoformat(day) if day else None


def _text(value: Any, size: int) -> str | None:
    return str(value)[:size] if value not in (None, "") else None


def _row(
    case_id: str, values: Mapping[str, Any], office_id: str, dates: Mapping[str, str]
) -> dict[str, Any]:
    # the desktop's caseload days (review 5 F1): opened on the office-time day of
    # opened_at; closed on the closure milestone's day (the closing form's fecha_cierre,
    # else the office-time day of closed_at, or a recorded correction), never while open
    opened, closed = caseload.case_span(
        values.get("opened_at"), dates.get("closure"), values.get("status")
    )
    return {
        "case_id": case_id,
        "office_id": office_id,
        "intake_id": _intake_of(values),
        "matter": _text(values.get("matter"), 64),
        "defender_id": _text(values.get("defender_id"), 128),
        "court": tl.court_label(values.get("court_file_parts"))[:200],
        "opened_on": opened,
        "closed_on": closed,
        **{f"{kind}_on": _date(dates.get(kind)) for kind in KINDS},
    }


def office_rows(
    office_id: str, records: Iterable[tuple[str, str, Mapping[str, Any]]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(link rows, timeline rows) of one office from its live source records
    ``(entity, id, values)`` given in ``SOURCES`` order (cases first)."""
    feed = milestones.Timelines()
    cases: dict[str, Mapping[str, Any]] = {}
    links: list[dict[str, Any]] = []
    for entity, entity_id, values in records:
        feed.add(entity, entity_id, values)
        if entity == "case":
            cases[entity_id] = values
        elif link := milestones.link(entity, entity_id, values):
            links.append({"entity": entity, "entity_id": entity_id,
                          "link_kind": link[0], "link_id": link[1][:128]})  # fmt: skip
    dates = feed.dates()
    rows = [_row(cid, values, office_id, dates.get(cid, {})) for cid, values in cases.items()]
    return links, rows


def as_stored(conn: Connection, table: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` with the columns ``table`` has in the database now: a migration's backfill
    writes the rule of today's code into the table as of its revision (a column a later
    revision adds is left out; one the rule no longer gives is empty), so an old migration
    never writes a column that does not exist yet (review 5 F5)."""
    columns = [c["name"] for c in inspect(conn).get_columns(table)]
    if not rows or set(columns) == set(rows[0]):
        return rows
    return [{c: row.get(c) for c in columns} for row in rows]


PACKS_GENERATION = "packs_generation"  # server_meta: moved by every ``forget_packs``
# PostgreSQL: held by every transaction that writes or drops office packs (not the write
# lock pushes take: a cold reader storing the nation's packs keeps no push waiting)
PACKS_LOCK_KEY = 0x43484150  # "CHAP"


def lock_packs(conn: Connection) -> None:
    """Take the packs' lock for this transaction (PostgreSQL; on SQLite every writer holds
    the one write lock anyway): a pack is stored, and the packs are dropped, one at a time,
    so a reader's generation check and its insert see no rebuild commit in between."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PACKS_LOCK_KEY})")


def packs_generation(conn: Connection) -> int:
    """How many times the derived tables were rewritten without a change (0: never)."""
    m = schema.server_meta.c
    found = conn.execute(select(m.value).where(m.key == PACKS_GENERATION)).scalar()
    return int(found or 0)


def forget_packs(conn: Connection) -> None:
    """Drop every office's stored pack (``office_packs``) and move ``packs_generation``:
    the derived tables are being rewritten without a change, so a pack counted from the
    old rows by a reader running meanwhile is never stored after this (review 7 F3); before
    migration 0011 there is no table to empty."""
    if not inspect(conn).has_table(schema.office_packs.name):
        return  # no pack can exist yet
    lock_packs(conn)  # held to the rebuild's commit: no pack stored meanwhile
    conn.execute(schema.office_packs.delete())
    m = schema.server_meta.c
    generation = packs_generation(conn) + 1
    if generation == 1:
        conn.execute(schema.server_meta.insert().values(key=PACKS_GENERATION, value="1"))
    else:
        conn.execute(schema.server_meta.update().where(m.key == PACKS_GENERATION)
                     .values(value=str(generation)))  # fmt: skip


def packs_missing(conn: Connection) -> bool:
    """No office pack is stored but the timeline has rows: the state a rebuild leaves
    (``forget_packs``), which ``office_packs.restore`` ends."""
    if not inspect(conn).has_table(schema.office_packs.name):
        return False
    if conn.execute(select(schema.office_packs.c.office_id).limit(1)).first() is not None:
        return False
    return conn.execute(select(schema.case_timeline.c.case_id).limit(1)).first() is not None


def rebuild(conn: Connection) -> int:
    """Fill both tables afresh from ``records``, office by office (a source record
    feeds cases of its own office: the server's scope checks), in the columns the tables
    have now (``as_stored``); the cases written."""
    forget_packs(conn)
    conn.execute(schema.timeline_links.delete())
    conn.execute(schema.case_timeline.delete())
    offices = conn.execute(select(_r.office_id).where(_r.entity.in_(SOURCES)).distinct())
    count = 0
    for office in sorted(str(o) for o in offices.scalars()):

        def stored(office: str = office) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
            for entity in SOURCES:
                query = select(_r.entity_id, _r.values_json).where(
                    _r.office_id == office, _r.entity == entity, _r.deleted.is_(False)
                )
                for entity_id, raw in conn.execute(query):
                    yield entity, str(entity_id), json.loads(raw)

        links, rows = office_rows(office, stored())
        bulk.insert_many(conn, schema.timeline_links, as_stored(conn, "timeline_links", links))
        bulk.insert_many(conn, schema.case_timeline, as_stored(conn, "case_timeline", rows))
        count += len(rows)
    return count
