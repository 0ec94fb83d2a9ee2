"""Server database tables (SQLAlchemy Core), the same on SQLite and PostgreSQL.

Owns the table definitions used by queries (the derived timeline tables too; what
fills them is ``sync/server/timeline.py``). The alembic migrations in
``sync/server/migrations/versions`` create exactly these tables (a test compares them).
JSON documents are stored as text so that both databases behave alike.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

server_meta = Table(
    "server_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

offices = Table(
    "offices",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("code", String(32), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("created_at", BigInteger, nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("office_id", String(64), ForeignKey("offices.id"), nullable=False),
    Column("name", String(120), nullable=False),
    Column("display_name", String(200), nullable=False),
    Column("role", String(32), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    UniqueConstraint("office_id", "name", name="uq_users_office_name"),
)

devices = Table(
    "devices",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("office_id", String(64), ForeignKey("offices.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("name", String(120), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("client_version", String(32), nullable=False),
    Column("enrolled_at", BigInteger, nullable=False),
    Column("last_seen_at", BigInteger, nullable=True),
    Column("revoked_at", BigInteger, nullable=True),
    Column("sign_key", String(64), nullable=True),  # the device's Ed25519 public key (hex)
    Column("box_key", String(64), nullable=True),  # the device's X25519 public key (hex)
    UniqueConstraint("office_id", "number", name="uq_devices_office_number"),
)

enrollment_codes = Table(
    "enrollment_codes",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("office_id", String(64), ForeignKey("offices.id"), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("expires_at", BigInteger, nullable=False),
    Column("used_at", BigInteger, nullable=True),
    Column("device_id", String(64), nullable=True),
)

change_log = Table(
    "change_log",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("change_id", String(128), nullable=False, unique=True),
    Column("office_id", String(64), nullable=False),
    Column("device_id", String(128), nullable=False),
    Column("user_id", String(128), nullable=True),
    Column("entity", String(64), nullable=False),
    Column("entity_id", String(128), nullable=False),
    Column("doc", Text, nullable=False),  # Change.canonical()
    Column("received_at", BigInteger, nullable=False),
    Index("ix_change_log_office_seq", "office_id", "seq"),
)

records = Table(
    "records",
    metadata,
    Column("entity", String(64), primary_key=True),
    Column("entity_id", String(128), primary_key=True),
    Column("office_id", String(64), nullable=False),
    Column("values_json", Text, nullable=False),
    Column("versions_json", Text, nullable=False),
    Column("delete_hlc", String(100), nullable=True),
    Column("delete_base", String(100), nullable=True),
    Column("deleted", Boolean, nullable=False),
    Column("ref_sha256", String(64), nullable=True),  # attachment records: the file
    Column("updated_seq", BigInteger, nullable=False),
    Index("ix_records_office", "office_id", "entity", "entity_id"),
    Index("ix_records_sha", "office_id", "ref_sha256"),
)

conflicts = Table(
    "conflicts",
    metadata,
    Column("conflict_id", String(64), primary_key=True),
    Column("office_id", String(64), nullable=False),
    Column("entity", String(64), nullable=False),
    Column("entity_id", String(128), nullable=False),
    Column("field", String(128), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("winner_json", Text, nullable=False),
    Column("winner_hlc", String(100), nullable=False),
    Column("loser_json", Text, nullable=False),
    Column("loser_hlc", String(100), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("created_at", BigInteger, nullable=False),
)

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("device_id", String(64), nullable=False),
    Column("office_id", String(64), nullable=False),
    Column("change_id", String(200), nullable=False),
    Column("code", String(64), nullable=False),
    Column("reason", Text, nullable=False),
    Column("doc", Text, nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("resolved_at", BigInteger, nullable=True),
    UniqueConstraint("device_id", "change_id", name="uq_quarantine_device_change"),
)

attachments = Table(
    "attachments",
    metadata,
    Column("office_id", String(64), primary_key=True),
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("received", BigInteger, nullable=False),
    Column("complete", Boolean, nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("completed_at", BigInteger, nullable=True),
)

attachment_chunks = Table(
    "attachment_chunks",
    metadata,
    Column("office_id", String(64), primary_key=True),
    Column("sha256", String(64), primary_key=True),
    Column("offset", BigInteger, primary_key=True),
    Column("data", LargeBinary, nullable=False),
)

published_forms = Table(
    "published_forms",
    metadata,
    Column("form_id", String(128), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False),
    Column("definition", Text, nullable=False),
    Column("published_at", BigInteger, nullable=False),
)

published_catalogs = Table(
    "published_catalogs",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False),
    Column("rows_json", Text, nullable=False),  # canonical JSON list of row objects
    Column("row_count", Integer, nullable=False),
    Column("published_at", BigInteger, nullable=False),
)

enroll_attempts = Table(  # failed enrollments only; rows older than the window are pruned
    "enroll_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("address", String(64), nullable=False),
    Column("code_hash", String(64), nullable=False),
    Column("at", BigInteger, nullable=False),
    Index("ix_enroll_attempts_address", "address", "at"),
    Index("ix_enroll_attempts_code", "code_hash", "at"),
)

supervisors = Table(  # the directorate's dashboard accounts (sync/server/supervisors.py)
    "supervisors",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("password_hash", String(200), nullable=False),  # Argon2id (argon2-cffi)
    Column("created_at", BigInteger, nullable=False),
    Column("disabled_at", BigInteger, nullable=True),  # `supervisor disable`: no more logins
)

supervisor_login_failures = Table(  # wrong passwords per login name (lockout); pruned
    "supervisor_login_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(64), nullable=False),
    Column("at", BigInteger, nullable=False),
    Index("ix_supervisor_login_failures_name", "name", "at"),
)

supervisor_sessions = Table(  # a login: the cookie's token kept only as its SHA-256
    "supervisor_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("supervisor_id", String(64), ForeignKey("supervisors.id"), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("expires_at", BigInteger, nullable=False),
    Index("ix_supervisor_sessions_expiry", "expires_at"),
)

# The milestone kinds of the per-case timeline, one typed date column each, named
# ``<kind>_on``: the vocabulary MILESTONE_KIND as of migration 0006, written out (not read
# from the vocabulary) so that the table, and the timeline code migrations run, stay the
# ones the migrations built. A kind added to the vocabulary needs a migration adding its
# column before it is added here (tests/server/test_timeline.py checks they agree).
MILESTONE_KINDS = (
    "intake", "eligibility", "filed", "admitted", "first_hearing", "decision",
    "appeal_filed", "appeal_decided", "final", "closure",
)  # fmt: skip

case_timeline = Table(  # one row per live case, kept at ingest (sync/server/timeline.py)
    "case_timeline",
    metadata,
    Column("case_id", String(128), primary_key=True),
    Column("office_id", String(64), nullable=False),
    Column("intake_id", String(128), nullable=True),
    Column("matter", String(64), nullable=True),  # code (vocabulary MATTER)
    Column("defender_id", String(128), nullable=True),
    Column("court", String(200), nullable=False),  # stats.timeliness.court_label
    Column("opened_on", Date, nullable=True),
    Column("closed_on", Date, nullable=True),
    *(Column(f"{kind}_on", Date, nullable=True) for kind in MILESTONE_KINDS),
    Index("ix_case_timeline_office", "office_id"),
    Index("ix_case_timeline_intake", "intake_id"),
)

timeline_links = Table(  # which live record feeds which case's timeline (by case or intake)
    "timeline_links",
    metadata,
    Column("entity", String(64), primary_key=True),
    Column("entity_id", String(128), primary_key=True),
    Column("link_kind", String(16), nullable=False),  # "case" or "intake"
    Column("link_id", String(128), nullable=False),
    Index("ix_timeline_links_link", "link_kind", "link_id"),
)

consultations = Table(  # one row per live intake, kept at ingest (sync/server/consultations.py)
    "consultations",
    metadata,
    Column("intake_id", String(128), primary_key=True),
    Column("office_id", String(64), nullable=False),
    Column("served_on", Date, nullable=True),  # fecha_atencion, else the day recorded
    Column("matter", String(64), nullable=True),  # code (vocabulary MATTER)
    Index("ix_consultations_office_served", "office_id", "served_on"),
)

office_packs = Table(  # each office's figures' arrays by its last change (office_packs.py)
    "office_packs",
    metadata,
    Column("office_id", String(64), primary_key=True),
    Column("seq", BigInteger, nullable=False),  # the office's last change when packed
    Column("data", LargeBinary, nullable=False),
)

push_claims = Table(  # pushes being stored, seen by every server process (sync/server/held.py)
    "push_claims",
    metadata,
    Column("claim", String(32), primary_key=True),  # random, one per /v1/push request
    Column("device_id", String(64), nullable=False),
    Column("until_ms", BigInteger, nullable=False),  # a claim its crashed process left ends
    Index("ix_push_claims_device", "device_id"),
)
