"""The server's identity: its signing and sealing key, made with its database.

Owns where the server's secret seed (``sync.identity.KeyPair``) lives and how it is tied
to the database. The seed is **outside** the database, so that a copy of the database
(a backup, a stolen dump) can neither sign orders nor open the USB bundles devices seal
to the server:

- SQLite: a file beside the database, ``<database>.identity`` (0600);
- PostgreSQL: ``$CHASQUI_SERVER_KEY`` when set, else ``identity.key`` in the server's
  data directory (0600) — so a database restored under another name finds it. Several
  app servers behind a load balancer share one database: give each the same file (copy
  it, or point ``CHASQUI_SERVER_KEY`` at it). A new database adopts an existing file;
- an in-memory SQLite database (tests): a seed kept in memory with the ``Database``.

The database keeps the two public keys (``server_meta``: ``identity_sign``,
``identity_box``) so that a server started with another key file refuses to run instead
of signing with a key no device pinned. The identity is created on first use after the
schema exists (``chasqui-server migrate``, ``serve``, ``create_app``), inside a write
transaction, so concurrent workers agree on one key.
"""

from __future__ import annotations

import os
import secrets
import weakref
from pathlib import Path
from typing import TypeVar

import msgspec
from sqlalchemy import select

from sync.errors import StorageUnavailable, atomic_write
from sync.identity import CATALOG, FORM, IdentityError, KeyPair, PublicKeys
from sync.protocol import PublishedCatalog, PublishedForm
from sync.server import schema
from sync.server.db import Database, DatabaseError

ENV_KEY = "CHASQUI_SERVER_KEY"  # path of the identity file (PostgreSQL; overrides SQLite's)
_META_SIGN, _META_BOX = "identity_sign", "identity_box"
_CACHE: weakref.WeakKeyDictionary[Database, KeyPair] = weakref.WeakKeyDictionary()


def key_path(db: Database) -> Path | None:
    """Where ``db``'s identity file lives (None: in memory, for an in-memory database)."""
    env = os.environ.get(ENV_KEY)
    if env:
        return Path(env)
    if db.dialect == "sqlite":
        database = db.engine.url.database
        if not database or database == ":memory:":
            return None
        return Path(f"{database}.identity")
    from platformdirs import user_data_dir

    return Path(user_data_dir("chasqui-server", appauthor=False)) / "identity.key"


def _read(path: Path) -> KeyPair | None:
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise DatabaseError(f"cannot read the server identity file {path}: {exc}") from None
    try:
        return KeyPair.from_hex(text)
    except IdentityError:
        raise DatabaseError(f"the server identity file {path} is damaged") from None


def _write(path: Path, pair: KeyPair) -> KeyPair:
    """Create ``path`` (0600, durably) with the seed, never over an existing file: the
    seed is staged with ``atomic_write`` and hard-linked into place (exclusive); if
    another process got there first, its key is the one."""
    staged = path.with_name(f".{path.name}.{secrets.token_hex(4)}.new")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        atomic_write(staged, (pair.seed.hex() + "\n").encode("ascii"))  # mkstemp: 0600
        os.link(staged, path)
    except FileExistsError:
        found = _read(path)
        if found is None:
            raise DatabaseError(f"cannot create the server identity file {path}") from None
        return found
    except (OSError, StorageUnavailable) as exc:
        raise DatabaseError(f"cannot create the server identity file {path}: {exc}") from None
    finally:
        staged.unlink(missing_ok=True)
    return pair


def of(db: Database) -> KeyPair:
    """The identity of ``db`` (created with it on first use); ``DatabaseError`` when the
    key file is missing, damaged or belongs to another database."""
    cached = _CACHE.get(db)
    if cached is not None:
        return cached
    path = key_path(db)
    m = schema.server_meta.c
    with db.write() as conn:
        rows = dict(
            conn.execute(select(m.key, m.value).where(m.key.in_([_META_SIGN, _META_BOX]))).all()
        )
        held = _read(path) if path is not None else None
        if not rows:
            pair = held or KeyPair.generate()
            if path is not None and held is None:
                pair = _write(path, pair)
            conn.execute(
                schema.server_meta.insert(),
                [
                    {"key": _META_SIGN, "value": pair.public.sign},
                    {"key": _META_BOX, "value": pair.public.box},
                ],
            )
        else:
            expected = PublicKeys(rows.get(_META_SIGN, ""), rows.get(_META_BOX, ""))
            if held is None:
                raise DatabaseError(
                    f"the server identity file {path or '(memory)'} is missing: restore it "
                    "from the backup made with this database (devices pinned its key)"
                )
            if held.public != expected:
                raise DatabaseError(
                    f"the server identity file {path} belongs to another database "
                    f"(fingerprint {held.public.fingerprint}, expected {expected.fingerprint})"
                )
            pair = held
    _CACHE[db] = pair
    return pair


def public(db: Database) -> PublicKeys:
    return of(db).public


Published = TypeVar("Published", PublishedForm, PublishedCatalog)


def signed(db: Database, items: list[Published]) -> list[Published]:
    """Published forms or catalogs with the server's signature (verified by laptops
    before they use them)."""
    if not items:
        return items
    pair = of(db)
    out = []
    for item in items:
        purpose = FORM if isinstance(item, PublishedForm) else CATALOG
        out.append(
            msgspec.structs.replace(item, signature=pair.sign(purpose, item.signed_fields()))
        )
    return out
