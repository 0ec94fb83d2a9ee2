"""Encrypted local store (SQLCipher): vault & keys, connections, migrations, change capture.

Public API (see docs/architecture.md): ``Vault`` to create/unlock, ``Store`` for records,
``Store.replica`` (``Replica``) for the sync side, ``errors`` for the exception tree,
``KdfParams`` for key-derivation costs. Writes report what they changed as
``sync.changes.Changed`` (re-exported here).
"""

from __future__ import annotations

from app.store import errors
from app.store.attachments import Attachments
from app.store.audit import AuditReport
from app.store.changes import Tx
from app.store.keys import KdfParams
from app.store.replication import ApplyResult, Replica
from app.store.store import SearchHit, Store
from app.store.vault import Vault
from sync.changes import Changed

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
