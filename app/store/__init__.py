"""Encrypted local store (SQLCipher): vault & keys, connections, migrations, change capture.

Public API (see docs/architecture.md): ``Vault`` to create/unlock, ``Store`` for records,
``Store.replica`` (``Replica``) for the sync side, ``errors`` for the exception tree,
``KdfParams`` for key-derivation costs. Writes report what they changed as
``sync.changes.Changed`` (re-exported here).

The names are loaded on first use (``__getattr__``): importing one light module of the
package (``app.store.keys``: is there a vault, who are its users) does not load SQLCipher,
sqlite-utils and the whole store — the desktop app asks that before its unlock screen.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.store import errors
    from app.store.attachments import Attachments
    from app.store.audit import AuditReport
    from app.store.changes import Tx
    from app.store.keys import KdfParams
    from app.store.replication import ApplyResult, Replica
    from app.store.store import SearchHit, Store
    from app.store.vault import Vault
    from sync.changes import Changed

_WHERE = {
    "ApplyResult": "app.store.replication",
    "Attachments": "app.store.attachments",
    "AuditReport": "app.store.audit",
    "Changed": "sync.changes",
    "KdfParams": "app.store.keys",
    "Replica": "app.store.replication",
    "SearchHit": "app.store.store",
    "Store": "app.store.store",
    "Tx": "app.store.changes",
    "Vault": "app.store.vault",
}

__all__ = [
    "ApplyResult",
    "Attachments",
    "AuditReport",
    "Changed",
    "KdfParams",
    "Replica",
    "SearchHit",
    "Store",
    "Tx",
    "Vault",
    "errors",
]


def __getattr__(name: str) -> Any:
    if name == "errors":
        return importlib.import_module("app.store.errors")
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module 'app.store' has no attribute {name!r}")
    value = getattr(importlib.import_module(where), name)
    globals()[name] = value
    return value
