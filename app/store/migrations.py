"""Numbered schema migrations, each applied atomically together with its ``schema_migrations`` row.

The DDL of each version is frozen here (never edit a released migration: add a new one).
``migrate`` refuses a database that a newer app has migrated further (``VaultTooNew``).

- v1: entity tables (with merge metadata columns, see ``schema.py``) and the local-only
  tables: meta, outbox, quarantine, conflict, sync_state, counter, draft, audit_event,
  unknown_change.
- v2: the full-text index (FTS5, accent-insensitive) kept in step by triggers, backfilled
  from rows already present.
- v3: partial index on the outbox rows still waiting for the server.

Replicated tables carry no FOREIGN KEY constraints on purpose: replication delivers
records in any order, so a note may arrive before its case.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from app.store.errors import VaultTooNew

Conn = Any  # a sqlcipher3 connection (the module has no type stubs)

# --- v1 -------------------------------------------------------------------------------

_V1_ENTITY_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "office": [("code", "TEXT"), ("name", "TEXT"), ("kind", "TEXT"), ("ubigeo", "TEXT")],
    "app_user": [
        ("office_id", "TEXT"),
        ("name", "TEXT"),
        ("display_name", "TEXT"),
        ("role", "TEXT"),
    ],
    "person": [
        (c, "INTEGER" if c == "interpreter_needed" else "TEXT")
        for c in [
            "office_id",
            "given_names",
            "paternal_surname",
            "maternal_surname",
            "doc_type",
            "doc_number",
            "doc_reason",
            "birth_date",
            "sex",
            "ubigeo",
            "phone",
            "mother_tongue",
            "interpreter_needed",
            "created_by",
        ]
    ],
    "intake": [
        (c, "INTEGER" if c == "form_version" else "TEXT")
        for c in [
            "office_id",
            "person_id",
            "form_id",
            "form_version",
            "answers",
            "status",
            "service_type",
            "matter",
            "defender_id",
            "recorded_at",
            "campaign_id",
        ]
    ],
    "eligibility": [
        (c, "INTEGER" if c == "form_version" else "TEXT")
        for c in [
            "office_id",
            "person_id",
            "intake_id",
            "form_id",
            "form_version",
            "answers",
            "result",
            "assessed_at",
        ]
    ],
    "legal_case": [
        (c, "TEXT")
        for c in [
            "office_id",
            "internal_number",
            "intake_id",
            "person_id",
            "matter",
            "status",
            "court_file_number",
            "court_file_parts",
            "defender_id",
            "summary",
            "opened_at",
            "closed_at",
            "closure",
        ]
    ],
    "case_party": [("case_id", "TEXT"), ("person_id", "TEXT"), ("role", "TEXT")],
    "note": [
        (c, "TEXT")
        for c in ["case_id", "text", "author_id", "created_at", "signed_at", "supersedes_id"]
    ],
    "hearing": [
        (c, "TEXT") for c in ["case_id", "category", "kind", "at", "place", "status", "result"]
    ],
    "attachment": [
        (c, "INTEGER" if c == "size" else "TEXT")
        for c in ["case_id", "person_id", "filename", "mime", "size", "sha256", "created_at"]
    ],
    "campaign": [
        (c, "TEXT") for c in ["office_id", "name", "ubigeo", "locality", "starts_on", "ends_on"]
    ],
}

_V1_INDEXES = [
    ("person", "doc_number"),
    ("person", "paternal_surname"),
    ("intake", "person_id"),
    ("eligibility", "person_id"),
    ("legal_case", "person_id"),
    ("legal_case", "internal_number"),
    ("case_party", "case_id"),
    ("case_party", "person_id"),
    ("note", "case_id"),
    ("hearing", "case_id"),
    ("hearing", "at"),
    ("attachment", "case_id"),
]

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
    for table, columns in _V1_ENTITY_COLUMNS.items():
        cols = ",\n".join(f"{name} {kind}" for name, kind in columns)
        conn.execute(
            f"""CREATE TABLE {table} (
                _rid INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                {cols},
                _versions TEXT NOT NULL DEFAULT '{{}}',
                _deleted INTEGER NOT NULL DEFAULT 0,
                _delete_hlc TEXT,
                _delete_base TEXT,
                _hlc TEXT NOT NULL,
                _extra TEXT)"""
        )
    for table, column in _V1_INDEXES:
        conn.execute(f"CREATE INDEX {table}_{column} ON {table} ({column})")
    for statement in _V1_LOCAL:
        conn.execute(statement)


# --- v2: full-text search ----------------------------------------------------------------

# FTS rowid = tag << 40 | _rid. Tags order the entities for search results (rowid DESC):
# people first, then cases, then notes; newest first within each.
_V2_FTS: dict[str, tuple[str, int, str, str, list[str]]] = {
    # table: (entity, tag, title expression, body expression, indexed columns)
    "person": (
        "person",
        3,
        "trim(coalesce({p}.given_names,'') || ' ' || coalesce({p}.paternal_surname,'')"
        " || ' ' || coalesce({p}.maternal_surname,''))",
        "coalesce({p}.doc_number,'')",
        ["given_names", "paternal_surname", "maternal_surname", "doc_number"],
    ),
    "legal_case": (
        "case",
        2,
        "trim(coalesce({p}.internal_number,'') || ' ' || coalesce({p}.court_file_number,''))",
        "trim(coalesce({p}.matter,'') || ' ' || coalesce({p}.summary,''))",
        ["internal_number", "court_file_number", "matter", "summary"],
    ),
    "note": ("note", 1, "''", "coalesce({p}.text,'')", ["text"]),
}


def _v2(conn: Conn) -> None:
    conn.execute(
        "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content='', "
        "contentless_delete=1, tokenize='unicode61 remove_diacritics 2')"
    )
    for table, (_entity, tag, title, body, cols) in _V2_FTS.items():
        new_t, new_b = title.format(p="new"), body.format(p="new")
        conn.execute(
            f"""CREATE TRIGGER {table}_fts_ai AFTER INSERT ON {table} WHEN new._deleted = 0
            BEGIN
              INSERT INTO search_fts (rowid, title, body)
              VALUES ((({tag} << 40) | new._rid), {new_t}, {new_b});
            END"""
        )
        conn.execute(
            f"""CREATE TRIGGER {table}_fts_au AFTER UPDATE OF {", ".join([*cols, "_deleted"])}
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
            f"SELECT ({tag} << 40) | _rid, {title.format(p=table)}, {body.format(p=table)} "
            f"FROM {table} WHERE _deleted = 0"
        )


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
    conn.execute("CREATE INDEX person_birth_date ON person (birth_date)")
    conn.execute("CREATE INDEX person_ubigeo ON person (ubigeo)")


Migration = tuple[int, str, Callable[[Conn], None]]
MIGRATIONS: list[Migration] = [
    (1, "entities and local tables", _v1),
    (2, "full-text search index", _v2),
    (3, "pending outbox index", _v3),
    (4, "duplicate-check indexes", _v4),
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
    for number, name, step in MIGRATIONS:
        if number <= version or number > target:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
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
