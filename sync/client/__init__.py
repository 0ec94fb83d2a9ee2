"""The sync client: replication engine, transport, scheduling, enrollment, USB bundles.

Public API (see docs/architecture.md, "Sync client API")::

    from sync.client import SyncEngine, HttpTransport, Scheduler, enroll, CancelToken
    from sync.client import export_bundle, import_bundle, RoundReport

``sync/client`` never imports ``app``: it reaches the store through
``sync.client.ports.ReplicaStore`` (``app.store.replication.Replica``: ``store.replica``).
"""

from __future__ import annotations

from sync.client.bundle import BundleReport, export_bundle, import_bundle
from sync.client.engine import SyncEngine
from sync.client.enroll import AlreadyEnrolled, EnrollResult, enroll
from sync.client.errors import SyncError
from sync.client.link import Backoff, LinkEstimator
from sync.client.ports import AttachmentFiles, CancelToken, ReplicaStore
from sync.client.report import RoundReport
from sync.client.scheduler import Scheduler, probe
from sync.client.transport import HttpTransport, Transport

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
