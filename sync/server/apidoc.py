"""The server's OpenAPI document, derived from the ``sync.protocol`` declarations.

Owns how routes are described: ``body(Type)`` (the request body), ``answer(Type)`` (the
200 answer) and ``ERRORS`` point at component schemas that ``install`` adds to
``/openapi.json`` from ``sync.protocol.schema`` — the same declarations that validate
the bodies, so the document cannot drift from the code. Also declares the bearer scheme.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from sync.protocol import schema
from sync.protocol.base import ErrorBody

AUTH: dict[str, Any] = {"security": [{"bearer": []}]}


def _json(kind: type) -> dict[str, Any]:
    return {"application/json": {"schema": schema.ref(kind)}}


def body(kind: type, authenticated: bool = True) -> dict[str, Any]:
    """``openapi_extra`` of a route whose JSON body is a ``kind``."""
    extra: dict[str, Any] = {"requestBody": {"required": True, "content": _json(kind)}}
    if authenticated:
        extra.update(AUTH)
    return extra


def stream_body(media: str) -> dict[str, Any]:
    """``openapi_extra`` of a route whose body is a stream of JSON lines (``media``, one
    zstd frame: ``sync.server.push_stream``)."""
    content = {media: {"schema": {"type": "string", "format": "binary"}}}
    return {"requestBody": {"required": True, "content": content}, **AUTH}


def answer(kind: type) -> dict[int | str, dict[str, Any]]:
    """``responses`` of a route answering a ``kind`` (plus the protocol's errors)."""
    return {200: {"description": "OK", "content": _json(kind)}, **ERRORS}


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"description": text, "content": _json(ErrorBody)}
    for code, text in (
        (400, "bad_request"),
        (401, "unauthorized"),
        (403, "revoked / forbidden_scope / invalid_code"),
        (404, "not_found"),
        (413, "too_large"),
        (415, "unsupported_encoding"),
        (426, "update_required"),
        (429, "rate_limited"),
        (503, "unavailable (Retry-After)"),
    )
}


def install(app: FastAPI) -> None:
    """Add the protocol's component schemas and the bearer scheme to ``app.openapi``."""
    plain = app.openapi

    def described() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        doc = plain()
        parts = doc.setdefault("components", {})
        parts.setdefault("schemas", {}).update(schema.components()[1])
        parts.setdefault("securitySchemes", {})["bearer"] = {"type": "http", "scheme": "bearer"}
        app.openapi_schema = doc
        return doc

    app.openapi = described  # type: ignore[method-assign]
