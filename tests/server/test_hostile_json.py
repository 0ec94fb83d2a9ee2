"""Hostile bodies get a clean 4xx, never a 500 or a RecursionError: JSON nested 100,000
deep (unauthenticated on ``/v1/enroll``, and inside an authenticated batch), bodies over
the size cap, and decompression bombs."""

from __future__ import annotations

import pytest
import zstandard

from sync import compression
from sync.protocol import ErrorCode
from tests.server.conftest import Server

DEEP = b"[" * 100_000 + b"]" * 100_000
DEEP_OBJECT = b'{"a":' * 100_000 + b"1" + b"}" * 100_000
DEEP_FIELD = b'{"code":' + DEEP + b"}"


@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT, DEEP_FIELD], ids=["array", "object", "field"])
@pytest.mark.parametrize("encoding", ["identity", "zstd"])
def test_deep_json_on_enroll_is_a_clean_400(server: Server, body: bytes, encoding: str) -> None:
    content = compression.compress(body, encoding)
    headers = {"Content-Type": "application/json"}
    if encoding != "identity":
        headers["Content-Encoding"] = encoding
    answer = server.call("POST", "/v1/enroll", content=content, headers=headers)
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["code"] == ErrorCode.BAD_REQUEST
    assert error["message"].startswith("enroll request: ")


@pytest.mark.parametrize("path", ["/v1/sync", "/v1/push", "/v1/pull", "/v1/snapshot", "/v1/held"])
def test_deep_json_inside_an_authenticated_body_is_a_clean_400(server: Server, path: str) -> None:
    dev = server.enroll()
    change = b'{"change_id":"c","fields":{"given_names":' + DEEP + b"}}"
    body = (
        b'{"device_id":"' + dev.device_id.encode() + b'","protocol_version":2,'
        b'"client_version":"0.1.0","changes":{"rows":[' + change + b"]}}"
    )
    headers = {**dev.auth, "Content-Type": "application/json", "Content-Encoding": "zstd"}
    answer = server.call("POST", path, content=compression.compress(body, "zstd"), headers=headers)
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"]["code"] == ErrorCode.BAD_REQUEST
    assert "nested too deeply" in answer.json()["error"]["message"]
    # the server is fine afterwards
    assert server.sync(dev, [dev.change("person", {"given_names": "Rosa"})])["push"]


def test_huge_bodies_are_a_clean_413(server: Server) -> None:
    dev = server.enroll()
    huge = b"[" + b"1," * (compression.MAX_BODY_BYTES // 2) + b"1]"
    answer = server.call(
        "POST", "/v1/sync", content=huge, headers={**dev.auth, "Content-Type": "application/json"}
    )
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == ErrorCode.TOO_LARGE
    bomb = zstandard.ZstdCompressor().compress(b" " * (compression.MAX_DECOMPRESSED_BYTES + 10))
    assert len(bomb) < compression.MAX_BODY_BYTES
    answer = server.call(
        "POST",
        "/v1/enroll",
        content=bomb,
        headers={"Content-Type": "application/json", "Content-Encoding": "zstd"},
    )
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == ErrorCode.TOO_LARGE
