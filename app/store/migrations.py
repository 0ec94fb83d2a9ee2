"""Numbered schema migrations, each applied atomically together with its ``schema_migrations`` row.

What each version creates is fixed once released. Entity tables, columns, indexes and
search triggers derive from the entity specification (``sync/spec``), filtered by the
version each entity, field, index and search entry names (``since``/``index``): a new
field or entity adds a version (``sync.spec.entities.SCHEMA_STEPS``) and never changes
what an earlier version built. Local tables are written here.
``migrate`` refuses a database that a newer app has migrated further (``VaultTooNew``).

- v1: entity tables (with merge metadata columns, see ``schema.py``) and the local-only
  tables: meta, outbox, quarantine, conflict, sync_state, counter, draft, audit_event,
  unknown_change.
- v2: the full-text index (FTS5, accent-insensitive) kept in step by triggers, backfilled
  from rows already present.
- v3: partial index on the outbox rows still waiting for the server.
- v4: indexes for the duplicate check (person birth date and district).
- v5+: the steps the specification names (``SCHEMA_STEPS``, see ``_spec_step``), with
  the local tables a step adds (``LOCAL_STEPS``): v8 the derived ``case_timeline``
  (``app/store/case_timeline.py``), v9 the same with its dates as day numbers, filled
  from the records present, v10 its rows derived again by the rule of today (a vault
  at v9 before the one closing day kept closed_at's UTC day as the closure), v11 the same
  with each case's opening and end days (the caseload's); v12 the derived ``intake_day``
  (``app/store/intake_days.py``: each submitted intake's office-time day, which the
  caseload's demand and trend count); v13 both made again (the intake milestone's day in
  office time; ``intake_day`` with the referral attentions' person and institution); v14
  the timeline again (the first hearing held is the first on or after the filing: a
  conciliation held before the claim was the first hearing under v13's rule); v15 indexes
  ``audit_event`` by record and by action (``_v15``: a case view's history scanned every
  event, 1.6 s of CPU at 500k).
  Each of these steps builds its tables as today's code defines them, from the records
  (``REMADE``): within one upgrade only the last step that makes a table runs its rebuild
  (``remade_later``, table by table; a vault at v8 rebuilt its timeline three times, about
  5–11 s of CPU each at 100k cases). An upgrade cut short has committed only whole versions, and the
  next one still runs the later step.

Replicated tables carry no FOREIGN KEY constraints on purpose: replication delivers
records in any order, so a note may arrive before its case.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from typing import Any

from app.store import case_timeline, intake_days
from app.store.errors import VaultTooNew
from sync.spec import ENTITY_LIST, SCHEMA_STEPS, Entity

Conn = Any  # a sqlcipher3 connection (the module has no type stubs)

# --- v1 -------------------------------------------------------------------------------
# Entity tables, columns and indexes come from the entity specification (sync/spec): a
# version builds exactly the fields and indexes whose ``since``/``index`` is that
# version, so what a version creates never changes when later fields are added.


def _entity_table_ddl(ent: Entity, version: int) -> str:
    cols = ",\n".join(f"{f.name} {f.sql_type}" for f in ent.fields_at(version))
    return f"""CREATE TABLE {ent.table} (
                _rid INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                {cols},
                _versions TEXT NOT NULL DEFAULT '{{}}',
                _deleted INTEGER NOT NULL DEFAULT 0,
                _delete_hlc TEXT,
                _delete_base TEXT,
                _hlc TEXT NOT NULL,
                _extra TEXT)"""


def _create_indexes(conn: Conn, version: int) -> None:
    for ent in ENTITY_LIST:
        for f in ent.fields:
            if f.index == version:
                conn.execute(f"CREATE INDEX {ent.table}_{f.name} ON {ent.table} ({f.name})")


_V1_LOCAL = [
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)",
    """CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY,
        change_id TEXT NOT NULL UNIQUE,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        op TEXT NOT NULL,
        hlc TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        confirmed_epoch TEXT,
        quarantined INTEGER NOT NULL DEFAULT 0)""",
    "CREATE INDEX outbox_entity ON outbox (entity, entity_id)",
    """CREATE TABLE quarantine (
        change_id TEXT PRIMARY KEY, code TEXT, reason TEXT, body TEXT, at TEXT NOT NULL)""",
    """CREATE TABLE conflict (
        conflict_id TEXT PRIMARY KEY, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
        field TEXT NOT NULL, kind TEXT NOT NULL,
        winner_value TEXT, winner_hlc TEXT, loser_value TEXT, loser_hlc TEXT,
        detected_at TEXT NOT NULL, resolved_at TEXT, resolution TEXT)""",
    "CREATE INDEX conflict_open ON conflict (resolved_at)",
    "CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT)",
    "CREATE TABLE counter (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    """CREATE TABLE draft (
        draft_id TEXT PRIMARY KEY, form_id TEXT NOT NULL, form_version INTEGER,
        answers TEXT NOT NULL, person_id TEXT, user_id TEXT, updated_at TEXT NOT NULL)""",
    """CREATE TABLE audit_event (
        seq INTEGER PRIMARY KEY, at TEXT NOT NULL, user_id TEXT, device_id TEXT NOT NULL,
        action TEXT NOT NULL, entity TEXT, entity_id TEXT, detail TEXT,
        prev_hash TEXT NOT NULL, hash TEXT NOT NULL)""",
    """CREATE TABLE unknown_change (
        change_id TEXT PRIMARY KEY, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
        body TEXT NOT NULL, received_at TEXT NOT NULL)""",
]


def _v1(conn: Conn) -> None:
    for ent in ENTITY_LIST:
        if ent.since == 1:
            conn.execute(_entity_table_ddl(ent, 1))
    _create_indexes(conn, 1)
    for statement in _V1_LOCAL:
        conn.execute(statement)


# --- v2: full-text search ----------------------------------------------------------------

# FTS rowid = tag << 40 | _rid. Tags order the entities for search results (rowid DESC):
# people first, then cases, then notes; newest first within each. The indexed columns
# are each entity's ``search`` entry in the specification.


def _joined(columns: tuple[str, ...], p: str) -> str:
    if not columns:
        return "''"
    if len(columns) == 1:
        return f"coalesce({p}.{columns[0]},'')"
    return "trim(" + " || ' ' || ".join(f"coalesce({p}.{c},'')" for c in columns) + ")"


def _index_entity(conn: Conn, ent: Entity) -> None:
    """Triggers keeping ``search_fts`` in step with ``ent``'s table, and a backfill."""
    assert ent.search is not None
    table, tag, search = ent.table, ent.search.tag, ent.search
    new_t, new_b = _joined(search.title, "new"), _joined(search.body, "new")
    conn.execute(
        f"""CREATE TRIGGER {table}_fts_ai AFTER INSERT ON {table} WHEN new._deleted = 0
        BEGIN
          INSERT INTO search_fts (rowid, title, body)
          VALUES ((({tag} << 40) | new._rid), {new_t}, {new_b});
        END"""
    )
    conn.execute(
        f"""CREATE TRIGGER {table}_fts_au AFTER UPDATE OF {", ".join([*search.columns, "_deleted"])}
        ON {table}
        BEGIN
          DELETE FROM search_fts WHERE rowid = (({tag} << 40) | old._rid);
          INSERT INTO search_fts (rowid, title, body)
          SELECT (({tag} << 40) | new._rid), {new_t}, {new_b} WHERE new._deleted = 0;
        END"""
    )
    conn.execute(
        f"""CREATE TRIGGER {table}_fts_ad AFTER DELETE ON {table}
        BEGIN
          DELETE FROM search_fts WHERE rowid = (({tag} << 40) | old._rid);
        END"""
    )
    conn.execute(
        f"INSERT INTO search_fts (rowid, title, body) "
        f"SELECT ({tag} << 40) | _rid, {_joined(search.title, table)}, "
        f"{_joined(search.body, table)} FROM {table} WHERE _deleted = 0"
    )


def _v2(conn: Conn) -> None:
    conn.execute(
        "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content='', "
        "contentless_delete=1, tokenize='unicode61 remove_diacritics 2')"
    )
    for ent in ENTITY_LIST:
        if ent.search is not None and ent.search.since == 2:
            _index_entity(conn, ent)


# --- v3: pending-outbox index ---------------------------------------------------------------


def _v3(conn: Conn) -> None:
    # pending_changes/pending_count run often (status bar, every sync round) while the
    # outbox keeps every confirmed change: index only the few that are still waiting.
    conn.execute(
        "CREATE INDEX outbox_pending ON outbox (seq)"
        " WHERE confirmed_epoch IS NULL AND quarantined = 0"
    )


# --- v4: duplicate-check indexes -----------------------------------------------------------


def _v4(conn: Conn) -> None:
    # The duplicate check at intake looks people up by birth date OR district; without
    # these it scanned the whole person table (~130 ms at 100k people).
    _create_indexes(conn, 4)


# --- v5 and later: derived from the specification --------------------------------------------


def _spec_step(version: int) -> Callable[[Conn], None]:
    """The migration to ``version`` that the specification describes (``SCHEMA_STEPS``).

    It creates the entities introduced at ``version``, adds the fields introduced at
    ``version`` to older tables (moving values an older app kept in ``_extra`` into the
    new column), creates the indexes and search triggers of that version.
    """

    def step(conn: Conn, later: Collection[int] = ()) -> None:
        """``later``: the versions the same upgrade applies after this one
        (``remade_later``)."""
        for ent in ENTITY_LIST:
            if ent.since == version:
                conn.execute(_entity_table_ddl(ent, version))
            elif ent.since < version:
                for f in ent.fields:
                    if f.since == version:
                        _add_column(conn, ent.table, f.name, f.sql_type)
            if ent.search is not None and ent.search.since == version:
                _index_entity(conn, ent)
        _create_indexes(conn, version)
        skipped = remade_later(version, later)
        for table, build in LOCAL_STEPS.get(version, ()):
            if table not in skipped:
                build(conn)

    return step


def _v15(conn: Conn) -> None:
    """v15: ``audit_event`` looked up by record (a case's history, its edits' changes, a
    person's events) and by action (the duplicate and conflict decisions) without reading
    every event: queries.case_file cost 1.6 s of CPU at 500k events, a scan."""
    conn.execute("CREATE INDEX audit_event_record ON audit_event (entity_id, action)")
    conn.execute("CREATE INDEX audit_event_action ON audit_event (action)")


# Local (never replicated) tables a spec-named version adds or makes again, built after
# its entities: (table, how) in order.
LOCAL_STEPS: dict[int, tuple[tuple[str, Callable[[Conn], None]], ...]] = {
    8: ((case_timeline.TABLE, case_timeline.create_v8),),
    9: ((case_timeline.TABLE, case_timeline.recreate),),
    10: ((case_timeline.TABLE, case_timeline.recreate),),
    11: ((case_timeline.TABLE, case_timeline.recreate),),
    12: ((intake_days.TABLE, intake_days.create),),
    # v13: both made again by today's rule (the intake milestone's day in office time;
    # ``intake_day`` with each attention's person and named institution)
    13: ((case_timeline.TABLE, case_timeline.recreate), (intake_days.TABLE, intake_days.create)),
    14: ((case_timeline.TABLE, case_timeline.recreate),),  # the first hearing after the filing
    15: (("audit_event", _v15),),
}
# The versions whose local steps make their tables afresh from the records, as today's
# code defines them: such a table that a later step of the same upgrade makes again is
# left out (``migrate``), so a vault at v8 rebuilds its timeline once, not five times.
REMADE: dict[int, frozenset[str]] = {
    v: frozenset(table for table, _build in LOCAL_STEPS[v]) for v in (9, 10, 11, 12, 13, 14)
}


def remade_later(version: int, later: Collection[int]) -> frozenset[str]:
    """The derived tables the local step of ``version`` makes afresh that one of the
    ``later`` steps of the same upgrade makes again: that step need not build them."""
    tables = REMADE.get(version, frozenset())
    again = set().union(*(REMADE.get(v, frozenset()) for v in later if v > version))
    return tables & again


def _add_column(conn: Conn, table: str, name: str, sql_type: str) -> None:
    conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {sql_type}")
    path = f"'$.{name}'"
    conn.execute(
        f"UPDATE {table} SET {name} = json_extract(_extra, {path}),"
        f" _extra = nullif(json_remove(_extra, {path}), '{{}}')"
        f" WHERE _extra IS NOT NULL AND json_type(_extra, {path}) IS NOT NULL"
    )


Migration = tuple[int, str, Callable[..., None]]  # a spec step also takes the later ones
MIGRATIONS: list[Migration] = [
    (1, "entities and local tables", _v1),
    (2, "full-text search index", _v2),
    (3, "pending outbox index", _v3),
    (4, "duplicate-check indexes", _v4),
    *((number, name, _spec_step(number)) for number, name in sorted(SCHEMA_STEPS.items())),
]
LATEST = MIGRATIONS[-1][0]


def current_version(conn: Conn) -> int:
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    ).fetchone()
    if row is None:
        return 0
    value = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0]
    return int(value or 0)


def check_not_too_new(conn: Conn) -> int:
    version = current_version(conn)
    if version > LATEST:
        raise VaultTooNew(
            f"this vault was created by a newer version of Chasqui (database schema v{version}, "
            f"this version understands up to v{LATEST}); update Chasqui to open it"
        )
    return version


def migrate(conn: Conn, target: int | None = None) -> list[int]:
    """Apply pending migrations up to ``target`` (default: all); returns the versions applied.

    ``conn`` must be in autocommit mode (``isolation_level=None``); each migration runs in
    its own ``BEGIN IMMEDIATE`` transaction together with its ``schema_migrations`` row.
    """
    target = LATEST if target is None else target
    version = check_not_too_new(conn)
    if version == 0:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
    applied = []
    pending = [n for n, _name, _step in MIGRATIONS if version < n <= target]
    for number, name, step in MIGRATIONS:
        if number <= version or number > target:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if number in SCHEMA_STEPS:
                step(conn, [n for n in pending if n > number])
            else:
                step(conn)
            conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (number, name, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(number)
    return applied
