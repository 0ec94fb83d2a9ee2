"""The JSON Schema of every wire body, derived from the declarations (for OpenAPI).

Owns turning the ``Message`` declarations of ``sync.protocol`` (and ``sync.changes.Change``)
into OpenAPI 3.1 components with msgspec's schema generator: the server's
``/openapi.json`` is built from these, so the document and the validation are one
definition. Pure (no FastAPI here).
"""

from __future__ import annotations

from typing import Any

import msgspec

from sync.changes import Change
from sync.protocol.attachments import AttachmentStatus
from sync.protocol.base import ErrorBody, Health
from sync.protocol.enrollment import (
    DeviceKeysAnswer,
    DeviceKeysRequest,
    EnrollRequest,
    EnrollResponse,
)
from sync.protocol.exchange import (
    PullPage,
    PullRequest,
    PushBatch,
    PushResult,
    SyncRequest,
    SyncResponse,
)
from sync.protocol.lean import CHANGE_SCHEMA_REF
from sync.protocol.published import FormAnswer
from sync.protocol.snapshot import SnapshotPage, SnapshotRequest

REF_TEMPLATE = "#/components/schemas/{name}"
assert REF_TEMPLATE.format(name="Change") == CHANGE_SCHEMA_REF

# Every body of the HTTP surface; nested types (PushItem, OfficeInfo...) come along.
BODIES: tuple[type, ...] = (
    Change,
    ErrorBody,
    Health,
    EnrollRequest,
    EnrollResponse,
    DeviceKeysRequest,
    DeviceKeysAnswer,
    PushBatch,
    PushResult,
    PullRequest,
    PullPage,
    SyncRequest,
    SyncResponse,
    SnapshotRequest,
    SnapshotPage,
    FormAnswer,
    AttachmentStatus,
)


def components() -> tuple[dict[type, dict[str, Any]], dict[str, Any]]:
    """(a ``$ref`` schema per body type, the named component schemas)."""
    refs, named = msgspec.json.schema_components(BODIES, ref_template=REF_TEMPLATE)
    return dict(zip(BODIES, refs, strict=True)), named


def ref(kind: type) -> dict[str, str]:
    """The ``$ref`` of a body type's component."""
    return {"$ref": REF_TEMPLATE.format(name=kind.__name__)}
