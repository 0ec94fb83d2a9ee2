"""Published catalogs: versioned data tables that reach every device (or one office's).

Owns the CSV check of a catalog file, publishing (``chasqui-server catalog publish``,
``chasqui-server template publish``) and the list of catalogs a device does not have
yet. A CSV catalog's version (ubigeo districts) is *cumulative*: the rows of the
previous version updated with the file's rows (keyed by the first column), so a row is
never removed and the newest version alone is complete. The legal catalogs
(``forms.legal_catalogs``): the working-day calendar and the deadline rules are JSON
files whose version replaces the previous set whole, numbered after the set shipped
with the app; writ templates add or replace kinds, for every office (``plantillas``) or
for one (``plantillas@CODE``, sent only to that office's devices), and one naming a
field that drafting does not fill is refused. A device asks with ``catalog_versions``
and receives only the newest version of each catalog it lacks. Publishing the same
content again creates no new version.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, func, select

from forms import legal_catalogs as legal
from sync.protocol import PublishedCatalog, canonical_json
from sync.server import bulk, schema
from sync.server.db import Database, now_ms

# Known catalogs and their exact CSV header (the first column is the row key).
HEADERS: dict[str, tuple[str, ...]] = {
    "ubigeo_distrito": ("inei", "reniec", "departamento", "provincia", "distrito"),
}
_CODE_COLUMNS = {"inei", "reniec"}
_CODE_RE = re.compile(r"^[0-9]{6}$")
MAX_ROWS = 20_000
MAX_TEXT = 120


class CatalogError(ValueError):
    """A catalog file or name that cannot be published; the message is one line."""


@dataclass(frozen=True)
class Published:
    name: str
    version: int
    rows: int  # rows in the published version
    added: int  # keys not in the previous version
    updated: int  # keys whose row changed
    new_version: bool  # False: identical to the newest version, nothing published


def read_csv(name: str, path: Path) -> list[dict[str, str]]:
    """Rows of a catalog CSV file; raises ``CatalogError`` naming the file and line."""
    header = HEADERS.get(name)
    if header is None:
        known = ", ".join(sorted([*HEADERS, *legal.WHOLE]))
        raise CatalogError(f"unknown catalog {name!r}; known: {known}")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise CatalogError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise CatalogError(f"{path} is not UTF-8 text") from None
    reader = csv.reader(text.splitlines())
    first = next(reader, None)
    if first is None or tuple(c.strip() for c in first) != header:
        raise CatalogError(f"{path}: the header must be exactly {','.join(header)}")
    rows: dict[str, dict[str, str]] = {}
    for line, values in enumerate(reader, start=2):
        if not values or all(not v.strip() for v in values):
            continue
        if len(values) != len(header):
            raise CatalogError(f"{path}:{line}: expected {len(header)} columns, got {len(values)}")
        row = {col: val.strip() for col, val in zip(header, values, strict=True)}
        for col, val in row.items():
            if col in _CODE_COLUMNS and not _CODE_RE.match(val):
                raise CatalogError(f"{path}:{line}: {col} must be 6 digits, not {val!r}")
            if not val or len(val) > MAX_TEXT or any(ord(ch) < 32 for ch in val):
                raise CatalogError(f"{path}:{line}: {col} must be 1-{MAX_TEXT} printable chars")
        key = row[header[0]]
        if key in rows:
            raise CatalogError(f"{path}:{line}: {header[0]} {key} appears twice")
        rows[key] = row
        if len(rows) > MAX_ROWS:
            raise CatalogError(f"{path}: more than {MAX_ROWS} rows")
    if not rows:
        raise CatalogError(f"{path}: no rows")
    return list(rows.values())


def _digest(rows: list[dict[str, str]]) -> tuple[str, str]:
    text = canonical_json(rows)
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


def publish(db: Database, name: str, path: Path) -> Published:
    """Publish ``path`` as the next version of catalog ``name``: a CSV catalog adds or
    updates rows; the calendar and the deadline rules (JSON) replace the previous set."""
    if name in legal.WHOLE:
        return _store(db, name, _legal_rows(name, path), None, legal.shipped_version(name))
    incoming = read_csv(name, path)
    return _store(db, name, incoming, HEADERS[name][0])


def publish_template(
    db: Database, kind: str, path: Path, title: str, office_code: str | None = None
) -> Published:
    """Publish a writ template (``.docx``) for every office or for one office's devices;
    refused, naming the field, when it reads a field that drafting does not fill."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read {path}: {exc.strerror}") from None
    try:
        row = legal.template_row(kind, title, data)
    except legal.LegalCatalogError as exc:
        raise CatalogError(str(exc)) from None
    if office_code is not None:
        o = schema.offices.c
        with db.read() as conn:
            if conn.execute(select(o.id).where(o.code == office_code)).first() is None:
                raise CatalogError(f"unknown office {office_code!r}")
    return _store(db, legal.templates_name(office_code), [row], "kind")


def _legal_rows(name: str, path: Path) -> list[dict[str, str]]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise CatalogError(f"cannot read {path}: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogError(f"{path} is not JSON text: {exc}") from None
    try:
        rows = legal.calendar_rows(doc) if name == legal.CALENDAR else legal.rules_rows(doc)
    except legal.LegalCatalogError as exc:
        raise CatalogError(f"{path}: {exc}") from None
    return rows


def _store(
    db: Database, name: str, incoming: list[dict[str, str]], key: str | None, floor: int = 0
) -> Published:
    """Store the next version of ``name``: ``incoming`` merged into the newest version by
    ``key`` (None: ``incoming`` replaces it whole); numbered after ``floor`` (the
    shipped version); nothing new when the content is the newest version's."""
    c = schema.published_catalogs.c
    with db.write() as conn:
        latest = conn.execute(
            select(c.version, c.sha256, c.rows_json)
            .where(c.name == name)
            .order_by(c.version.desc())
            .limit(1)
        ).first()
        before: dict[str, dict[str, str]] = {}
        if latest is not None and key is not None:
            before = {row[key]: row for row in json.loads(latest.rows_json)}
        if key is None:
            rows, added, updated = incoming, len(incoming), 0
        else:
            merged = dict(before)
            added = sum(1 for row in incoming if row[key] not in merged)
            updated = sum(1 for row in incoming if row[key] in merged and merged[row[key]] != row)
            for row in incoming:
                merged[row[key]] = row
            rows = [merged[k] for k in sorted(merged)]
        text, digest = _digest(rows)
        if latest is not None and latest.sha256 == digest:
            return Published(name, int(latest.version), len(rows), 0, 0, False)
        version = max(floor, 0 if latest is None else int(latest.version)) + 1
        conn.execute(
            schema.published_catalogs.insert().values(
                name=name,
                version=version,
                sha256=digest,
                rows_json=text,
                row_count=len(rows),
                published_at=now_ms(),
            )
        )
    return Published(name, version, len(rows), added, updated, True)


_pc = schema.published_catalogs.c
_NEWEST = select(_pc.name, func.max(_pc.version).label("v")).group_by(_pc.name)  # built once


def catalogs_newer_than(
    conn: Connection, known: dict[str, int], office_code: str | None = None
) -> list[PublishedCatalog]:
    """The newest version of each catalog, for those newer than what the client holds;
    a catalog scoped to an office (``plantillas@CODE``) only for that office's devices."""
    c = schema.published_catalogs.c
    wanted = [
        (str(name), int(v))
        for name, v in bulk.rows(conn, _NEWEST)
        if int(v) > known.get(name, 0) and legal.office_of(name) in (None, office_code)
    ]
    out = []
    for name, version in sorted(wanted):
        row = conn.execute(
            select(c.sha256, c.rows_json).where(c.name == name, c.version == version)
        ).one()
        out.append(PublishedCatalog(name, version, row.sha256, json.loads(row.rows_json)))
    return out
