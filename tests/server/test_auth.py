"""Authorization: tokens, revocation, enrollment codes, and office isolation everywhere."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from sync.protocol import ProtocolError, content_range
from sync.server import auth, schema
from sync.server.db import now_ms
from tests.server.conftest import Server, statuses

SYNC_PATHS = ("/v1/sync", "/v1/push", "/v1/pull", "/v1/snapshot")


def _body(path: str, device_id: str = "x") -> dict:
    base = {"client_version": "0.1.0", "protocol_version": 2}
    if path in ("/v1/sync", "/v1/push"):
        base.update(device_id=device_id, changes=[])
    return base


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer nope", "Basic abc", "bearer " + "x" * 500, "Token abc"],
)
def test_unknown_or_malformed_tokens_are_refused(server: Server, header: str | None) -> None:
    headers = {"Authorization": header} if header is not None else {}
    for path in SYNC_PATHS:
        r = server.call("POST", path, _body(path), headers=headers)
        assert r.status_code == 401, (path, r.text)
        assert r.json()["error"]["code"] == "unauthorized"
    sha = "a" * 64
    for method, path in (("GET", f"/v1/attachments/{sha}"), ("GET", "/v1/forms/x/1")):
        assert server.call(method, path, headers=headers).status_code == 401


def test_revoked_device_is_told_to_wipe(server: Server) -> None:
    dev = server.enroll()
    assert server.call("POST", "/v1/pull", _body("/v1/pull"), headers=dev.auth).status_code == 200
    server.admin.revoke_device(dev.device_id)
    for path in SYNC_PATHS:
        r = server.call("POST", path, _body(path, dev.device_id), headers=dev.auth)
        assert r.status_code == 403
        err = r.json()["error"]
        assert err["code"] == "revoked" and "wipe" in err["message"]
    # the token is stored only as its hash
    with server.db.read() as conn:
        hashes = [r[0] for r in conn.execute(select(schema.devices.c.token_hash))]
    assert dev.token not in hashes
    assert hashlib.sha256(dev.token.encode()).hexdigest() in hashes


def _enroll(server: Server, code: str) -> tuple[int, dict]:
    r = server.call(
        "POST",
        "/v1/enroll",
        {"code": code, "device_name": "pc", "client_version": "0.1.0", "protocol_version": 2},
    )
    return r.status_code, r.json()


def test_enrollment_code_works_once_and_expired_never(server: Server) -> None:
    office = server.offices["LIMA"].office_id
    code = auth.issue_code(server.db, office, 3600)
    status, doc = _enroll(server, code.lower().replace("-", ""))  # typed loosely: still works
    assert status == 200 and doc["office"]["code"] == "LIMA" and doc["device_number"] == 1
    status, doc = _enroll(server, code)
    assert status == 403 and doc["error"]["code"] == "invalid_code"
    expired = auth.issue_code(server.db, office, 3600)
    with server.db.write() as conn:
        conn.execute(
            schema.enrollment_codes.update()
            .where(schema.enrollment_codes.c.code_hash == auth.hash_code(expired))
            .values(expires_at=now_ms() - 1)
        )
    assert _enroll(server, expired)[0] == 403
    assert _enroll(server, "AAAAA-AAAAA")[0] == 403
    with server.db.read() as conn:
        stored = [r[0] for r in conn.execute(select(schema.enrollment_codes.c.code_hash))]
    assert code not in stored and auth.normalize_code(code) not in stored


def test_enrollment_is_rate_limited(db_url: str) -> None:
    srv = Server(db_url)
    try:
        srv.app.state.chasqui.enroll_limiter = auth.EnrollLimiter(srv.db, 3, 100, 300)
        codes = [_enroll(srv, "WRONG-CODE1")[0] for _ in range(5)]
        assert codes == [403, 403, 403, 429, 429]
    finally:
        srv.close()


def test_enroll_limiter_windows(server: Server) -> None:
    limiter = auth.EnrollLimiter(server.db, per_address=2, per_code=3, window_s=10)
    limiter.failed("a", "X", now=0)
    limiter.failed("a", "Y", now=1_000)
    with pytest.raises(ProtocolError):
        limiter.check("a", "Z", now=2_000)  # two failures from this address
    limiter.check("b", "Z", now=2_000)  # another address: free
    limiter.failed("b", "X", now=2_000)
    limiter.failed("c", "X", now=2_000)
    with pytest.raises(ProtocolError):
        limiter.check("d", "X", now=3_000)  # code X failed three times
    limiter.check("a", "Z", now=11_500)  # the window moved on


def test_office_isolation_on_every_endpoint(server: Server) -> None:
    lima, cusco = server.enroll("LIMA"), server.enroll("CUSCO")
    case = lima.change("case", {"office_id": lima.office_id, "matter": "alimentos"})
    person = lima.change("person", {"office_id": lima.office_id, "given_names": "Rosa"})
    data = b"secret scan"
    sha = hashlib.sha256(data).hexdigest()
    att = lima.change(
        "attachment", {"case_id": case["entity_id"], "sha256": sha, "size": len(data)}
    )
    assert statuses(server.sync(lima, [case, person, att])) == ["accepted"] * 3
    put = server.call(
        "PUT",
        f"/v1/attachments/{sha}",
        headers={**lima.auth, "Content-Range": content_range(0, len(data), len(data))},
        content=data,
    )
    assert put.status_code == 200 and put.json()["complete"] is True

    # reading: nothing of Lima in any Cusco answer
    pulled = server.sync(cusco, [])["pull"]["changes"]
    assert all(c["device_id"] != lima.device_id for c in pulled)
    assert lima.office_id not in str(pulled)
    snap = server.call("POST", "/v1/snapshot", _body("/v1/snapshot"), headers=cusco.auth).json()
    assert lima.office_id not in str(snap["changes"])
    for method in ("GET", "HEAD"):
        r = server.call(method, f"/v1/attachments/{sha}", headers=cusco.auth)
        assert r.status_code == 404
    assert (
        server.call("GET", f"/v1/attachments/{sha}/status", headers=cusco.auth).status_code == 404
    )

    # writing: Cusco can't touch Lima's records, claim Lima's office, or hang things off them
    cusco_case = cusco.change("case", {"office_id": cusco.office_id, "matter": "alimentos"})
    assert statuses(server.sync(cusco, [cusco_case])) == ["accepted"]
    hijack = [
        cusco.change("person", {"given_names": "X"}, person["entity_id"]),
        cusco.change("person", {}, person["entity_id"], op="delete"),
        cusco.change("person", {"office_id": lima.office_id, "given_names": "Y"}),
        cusco.change("note", {"case_id": case["entity_id"], "text": "spy"}),
        cusco.change("attachment", {"case_id": case["entity_id"], "sha256": sha}),
        cusco.change("office", {"name": "mine"}, lima.office_id),
        # issue 12 #12: references into another office (intake and case party -> person)
        cusco.change(
            "intake",
            {"office_id": cusco.office_id, "person_id": person["entity_id"], "status": "draft"},
        ),
        cusco.change(
            "case_party",
            {
                "case_id": cusco_case["entity_id"],
                "person_id": person["entity_id"],
                "role": "counterparty",
            },
        ),
        cusco.change("case", {"office_id": cusco.office_id, "person_id": person["entity_id"]}),
    ]
    result = server.sync(cusco, hijack)
    assert statuses(result) == ["rejected"] * len(hijack)
    assert {r["code"] for r in result["push"]["results"]} == {"forbidden_scope"}
    assert server.admin.record("person", person["entity_id"]) == {
        "office_id": lima.office_id,
        "given_names": "Rosa",
    }
    up = server.call(
        "PUT",
        f"/v1/attachments/{sha}",
        headers={**cusco.auth, "Content-Range": content_range(0, len(data), len(data))},
        content=data,
    )
    assert up.status_code == 404
    # quarantine holds the rejections, in Cusco's office
    with server.db.read() as conn:
        q = conn.execute(select(schema.quarantine.c.office_id, schema.quarantine.c.code)).all()
    assert len(q) == len(hijack) and {r.office_id for r in q} == {cusco.office_id}


def test_batch_for_another_device_is_refused(server: Server) -> None:
    a, b = server.enroll(), server.enroll()
    r = server.call("POST", "/v1/sync", a.batch([a.change("person", {})]), headers=b.auth)
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden_scope"
    assert server.admin.stats()[1]["changes"] == 2  # only the office and user records (LIMA)
