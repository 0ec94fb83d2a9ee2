"""The sync client: replication engine, transport, scheduling, enrollment, USB bundles.

Public API (see docs/architecture.md, "Sync client API")::

    from sync.client import SyncEngine, HttpTransport, Scheduler, enroll, CancelToken
    from sync.client import export_bundle, import_bundle, RoundReport

``sync/client`` never imports ``app``: it reaches the store through
``sync.client.ports.ReplicaStore`` (``app.store.replication.Replica``: ``store.replica``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Where each public name lives. The package loads a module when one of its names is first
# used (PEP 562): the store needs only ``sync.client.ports``, and importing this package
# eagerly pulled the transport and httpx into every unlock and every CLI command (about
# 0.5 s of CPU under load at unlock; ``bench.ui_startup``).
_WHERE = {
    "AlreadyEnrolled": "sync.client.enrollment",
    "AttachmentFiles": "sync.client.ports",
    "Backoff": "sync.client.link",
    "BundleReport": "sync.client.bundle",
    "CancelToken": "sync.client.ports",
    "EnrollResult": "sync.client.enrollment",
    "HttpTransport": "sync.client.transport",
    "LinkEstimator": "sync.client.link",
    "ReplicaStore": "sync.client.ports",
    "RoundReport": "sync.client.report",
    "Scheduler": "sync.client.scheduler",
    "SyncEngine": "sync.client.engine",
    "SyncError": "sync.client.errors",
    "Transport": "sync.client.transport",
    "enroll": "sync.client.enrollment",
    "export_bundle": "sync.client.bundle",
    "import_bundle": "sync.client.bundle",
    "probe": "sync.client.scheduler",
}

if TYPE_CHECKING:
    from sync.client.bundle import BundleReport, export_bundle, import_bundle
    from sync.client.engine import SyncEngine
    from sync.client.enrollment import AlreadyEnrolled, EnrollResult, enroll
    from sync.client.errors import SyncError
    from sync.client.link import Backoff, LinkEstimator
    from sync.client.ports import AttachmentFiles, CancelToken, ReplicaStore
    from sync.client.report import RoundReport
    from sync.client.scheduler import Scheduler, probe
    from sync.client.transport import HttpTransport, Transport


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'sync.client' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # looked up once
    return value


__all__ = [
    "AlreadyEnrolled",
    "AttachmentFiles",
    "Backoff",
    "BundleReport",
    "CancelToken",
    "EnrollResult",
    "HttpTransport",
    "LinkEstimator",
    "ReplicaStore",
    "RoundReport",
    "Scheduler",
    "SyncEngine",
    "SyncError",
    "Transport",
    "enroll",
    "export_bundle",
    "import_bundle",
    "probe",
]
