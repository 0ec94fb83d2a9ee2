"""Attachments: resumable chunked upload, offset reporting, SHA-256 check, ranged download."""

from __future__ import annotations

import hashlib
import os

import httpx

from sync.protocol import content_range
from tests.server.conftest import Device, Server, statuses


def _register(server: Server, dev: Device, data: bytes) -> str:
    sha = hashlib.sha256(data).hexdigest()
    case = dev.change("case", {"office_id": dev.office_id})
    att = dev.change("attachment", {"case_id": case["entity_id"], "sha256": sha, "size": len(data)})
    assert statuses(server.sync(dev, [case, att])) == ["accepted", "accepted"]
    return sha


def _put(
    server: Server, dev: Device, sha: str, data: bytes, start: int, total: int
) -> httpx.Response:
    return server.call(
        "PUT",
        f"/v1/attachments/{sha}",
        headers={**dev.auth, "Content-Range": content_range(start, len(data), total)},
        content=data,
    )


def test_resumable_upload_and_ranged_download(server: Server) -> None:
    dev = server.enroll()
    data = os.urandom(700_000)
    sha = _register(server, dev, data)
    head = server.call("HEAD", f"/v1/attachments/{sha}", headers=dev.auth)
    assert head.status_code == 200 and head.headers["upload-offset"] == "0"
    chunk = 256 * 1024
    assert _put(server, dev, sha, data[:chunk], 0, len(data)).json()["offset"] == chunk
    # the link dropped; the client asks where to resume
    status = server.call("GET", f"/v1/attachments/{sha}/status", headers=dev.auth).json()
    assert status == {**status, "offset": chunk, "size": len(data), "complete": False}
    # a chunk at the wrong offset is refused with the current status
    wrong = _put(server, dev, sha, data[2 * chunk : 3 * chunk], 2 * chunk, len(data))
    assert wrong.status_code == 409 and wrong.json()["status"]["offset"] == chunk
    assert _put(server, dev, sha, data[chunk : 2 * chunk], chunk, len(data)).status_code == 200
    last = _put(server, dev, sha, data[2 * chunk :], 2 * chunk, len(data))
    assert last.json()["complete"] is True
    head = server.call("HEAD", f"/v1/attachments/{sha}", headers=dev.auth)
    assert head.headers["upload-complete"] == "1"
    whole = server.call("GET", f"/v1/attachments/{sha}", headers=dev.auth)
    assert whole.status_code == 200 and whole.content == data
    part = server.call(
        "GET", f"/v1/attachments/{sha}", headers={**dev.auth, "Range": "bytes=250000-300000"}
    )
    assert part.status_code == 206 and part.content == data[250_000:300_001]
    assert part.headers["content-range"] == f"bytes 250000-300000/{len(data)}"
    # re-sending a chunk of a complete file is harmless
    assert _put(server, dev, sha, data[:chunk], 0, len(data)).json()["complete"] is True
    # another device of the same office can download it
    assert (
        server.call("GET", f"/v1/attachments/{sha}", headers=server.enroll().auth).content == data
    )


def test_hash_mismatch_resets_the_upload(server: Server) -> None:
    dev = server.enroll()
    data = b"the real file" * 100
    sha = _register(server, dev, data)
    forged = b"X" * len(data)
    r = _put(server, dev, sha, forged, 0, len(forged))
    assert r.status_code == 422 and r.json()["error"]["code"] == "hash_mismatch"
    status = server.call("GET", f"/v1/attachments/{sha}/status", headers=dev.auth).json()
    assert status["offset"] == 0 and status["complete"] is False
    assert server.call("GET", f"/v1/attachments/{sha}", headers=dev.auth).status_code == 404
    assert _put(server, dev, sha, data, 0, len(data)).json()["complete"] is True


def test_bad_attachment_requests(server: Server) -> None:
    dev = server.enroll()
    data = b"abc" * 10
    sha = _register(server, dev, data)
    unknown = hashlib.sha256(b"never registered").hexdigest()
    assert _put(server, dev, unknown, data, 0, len(data)).status_code == 404
    assert server.call("GET", "/v1/attachments/NOTASHA", headers=dev.auth).status_code == 400
    bad_range = server.call(
        "PUT",
        f"/v1/attachments/{sha}",
        headers={**dev.auth, "Content-Range": "bytes 0-3/2"},
        content=b"abcd",
    )
    assert bad_range.status_code == 400
    mismatch = server.call(
        "PUT",
        f"/v1/attachments/{sha}",
        headers={**dev.auth, "Content-Range": "bytes 0-9/30"},
        content=b"abc",
    )
    assert mismatch.status_code == 400
    big = b"z" * (1024 * 1024 + 1)
    assert _put(server, dev, sha, big, 0, len(big)).status_code == 413
    assert server.call("GET", f"/v1/attachments/{sha}", headers=dev.auth).status_code == 404
