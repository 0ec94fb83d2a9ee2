"""OpenAPI description of the request and response bodies (documentation only).

The server parses bodies with ``sync.protocol`` (the one definition shared with the
client); these pydantic models only describe the same shapes for ``/openapi.json`` and
``/docs``. ``body(Model)`` gives the ``openapi_extra`` of a route with an inline schema.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from sync import protocol


class ChangeDoc(BaseModel):
    change_id: str = Field(min_length=1, max_length=128)
    entity: str = Field(min_length=1, max_length=128)
    entity_id: str = Field(min_length=1, max_length=128)
    op: Literal["upsert", "delete"]
    fields: dict[str, Any]
    base: dict[str, str]
    hlc: str = Field(pattern=r"^\d{15}-\d{5}-[A-Za-z0-9_.:]{1,64}$")
    device_id: str = Field(min_length=1, max_length=128)
    seq: int = Field(ge=0)
    user_id: str | None = None
    extra: dict[str, Any] = Field(default_factory=dict)


class _Versioned(BaseModel):
    protocol_version: int = Field(ge=protocol.MIN_PROTOCOL_VERSION, le=protocol.PROTOCOL_VERSION)
    client_version: str = Field(pattern=r"^\d{1,4}(\.\d{1,4}){0,3}$")


class PushBatchDoc(_Versioned):
    device_id: str = Field(min_length=1, max_length=128)
    form_versions: dict[str, int] = Field(default_factory=dict)
    catalog_versions: dict[str, int] = Field(default_factory=dict)
    changes: list[ChangeDoc] = Field(default_factory=list, max_length=protocol.MAX_PUSH_CHANGES)


class SyncRequestDoc(PushBatchDoc):
    cursor: int = Field(0, ge=0)
    limit: int = Field(protocol.DEFAULT_PULL_LIMIT, ge=1, le=protocol.MAX_PULL_LIMIT)


class PullRequestDoc(_Versioned):
    cursor: int = Field(0, ge=0)
    limit: int = Field(protocol.DEFAULT_PULL_LIMIT, ge=1, le=protocol.MAX_PULL_LIMIT)
    form_versions: dict[str, int] = Field(default_factory=dict)
    catalog_versions: dict[str, int] = Field(default_factory=dict)


class SnapshotRequestDoc(_Versioned):
    cursor: int = Field(0, ge=0)
    after: str | None = None
    limit: int = Field(protocol.DEFAULT_PULL_LIMIT, ge=1, le=protocol.MAX_PULL_LIMIT)


class EnrollRequestDoc(_Versioned):
    code: str = Field(min_length=1, max_length=64)
    device_name: str = Field(min_length=1, max_length=120)


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorDoc(BaseModel):
    error: ErrorDetail
    epoch: str
    server_time: int


class Stamped(BaseModel):
    epoch: str
    server_time: int


class PushItemDoc(BaseModel):
    change_id: str
    status: Literal["accepted", "duplicate", "rejected"]
    code: str | None = None
    reason: str | None = None
    seq: int | None = None


class PushResultDoc(Stamped):
    results: list[PushItemDoc]


class PulledChangeDoc(BaseModel):
    seq: int
    change: ChangeDoc


class PublishedFormDoc(BaseModel):
    form_id: str
    version: int
    sha256: str
    definition: dict[str, Any]


class PublishedCatalogDoc(BaseModel):
    name: str
    version: int
    sha256: str
    rows: list[dict[str, str]]


class PullPageDoc(Stamped):
    changes: list[PulledChangeDoc]
    next_cursor: int
    more: bool
    forms: list[PublishedFormDoc]
    catalogs: list[PublishedCatalogDoc] = Field(default_factory=list)


class SyncResponseDoc(Stamped):
    push: PushResultDoc
    pull: PullPageDoc


class SnapshotRecordDoc(BaseModel):
    entity: str
    entity_id: str
    values: dict[str, Any]
    versions: dict[str, list[str]]
    delete_hlc: str | None
    delete_base: str | None


class SnapshotPageDoc(Stamped):
    records: list[SnapshotRecordDoc]
    cursor: int
    next_after: str | None
    more: bool
    forms: list[PublishedFormDoc]
    catalogs: list[PublishedCatalogDoc] = Field(default_factory=list)


class OfficeDoc(BaseModel):
    office_id: str
    code: str
    name: str


class EnrollResponseDoc(Stamped):
    device_id: str
    device_number: int
    token: str
    office: OfficeDoc
    users: list[dict[str, Any]]


class AttachmentStatusDoc(Stamped):
    sha256: str
    offset: int
    size: int | None
    complete: bool


class HealthDoc(Stamped):
    status: str
    protocol_version: int
    min_protocol_version: int
    min_client_version: str


def _inline(schema: dict[str, Any]) -> dict[str, Any]:
    """Resolve ``$defs`` references so the schema stands alone inside a route."""
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return walk(dict(defs[ref.removeprefix("#/$defs/")]))
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    result: dict[str, Any] = walk(schema)
    return result


def body(model: type[BaseModel], authenticated: bool = True) -> dict[str, Any]:
    """``openapi_extra`` for a route whose JSON body has the shape of ``model``."""
    extra: dict[str, Any] = {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _inline(model.model_json_schema())}},
        }
    }
    if authenticated:
        extra["security"] = [{"bearer": []}]
    return extra


AUTH: dict[str, Any] = {"security": [{"bearer": []}]}

ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorDoc, "description": text}
    for code, text in (
        (400, "bad_request"),
        (401, "unauthorized"),
        (403, "revoked / forbidden_scope / invalid_code"),
        (413, "too_large"),
        (415, "unsupported_encoding"),
        (426, "update_required"),
    )
}
