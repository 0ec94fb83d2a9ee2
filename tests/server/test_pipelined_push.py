"""A pipelined push names its predecessor (``Chasqui-After``): the server takes it only
once that change is stored — logged or quarantined —, otherwise answers it without
results (nothing stored), so a device's changes are never stored out of order."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from sync import protocol
from sync.server import schema
from tests.server.conftest import Device, Server, push_results


class Answer:
    """A push answer whose ``json()["results"]`` lists the pushed changes' outcomes."""

    def __init__(self, response: Any, changes: list[dict[str, Any]]) -> None:
        self.status_code, self.text = response.status_code, response.text
        self.doc, self.changes = response.json(), changes

    def json(self) -> dict[str, Any]:
        return {**self.doc, "results": push_results(self.doc, self.changes)}


def push(server: Server, dev: Device, changes: list[dict[str, Any]], after: str | None) -> Any:
    headers = dict(dev.auth)
    if after is not None:
        headers[protocol.HEADER_AFTER] = after
    return Answer(server.call("POST", "/v1/push", dev.batch(changes), headers=headers), changes)


def person(dev: Device, name: str) -> dict[str, Any]:
    return dev.change(
        "person", {"given_names": name, "paternal_surname": "Mamani", "office_id": dev.office_id}
    )


def logged(server: Server) -> int:
    with server.db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(schema.change_log)).scalar_one())


def test_a_batch_whose_predecessor_is_not_stored_is_not_taken(server: Server) -> None:
    dev = server.enroll()
    first, second = person(dev, "Rosa"), person(dev, "Elmer")
    before = logged(server)
    early = push(server, dev, [second], after=first["change_id"])
    assert early.status_code == 200, early.text
    assert early.json()["results"] == []  # not taken: the client sends it again later
    assert logged(server) == before
    assert push(server, dev, [first], after=None).json()["results"][0]["status"] == "accepted"
    again = push(server, dev, [second], after=first["change_id"]).json()["results"]
    assert [r["status"] for r in again] == ["accepted"]
    assert logged(server) == before + 2


def test_a_quarantined_predecessor_counts_as_stored(server: Server) -> None:
    dev = server.enroll()
    bad = dev.change("person", {"given_names": 12, "office_id": dev.office_id})
    assert push(server, dev, [bad], None).json()["results"][0]["status"] == "rejected"
    nxt = push(server, dev, [person(dev, "Lucía")], after=bad["change_id"]).json()["results"]
    assert [r["status"] for r in nxt] == ["accepted"]


def test_another_devices_quarantined_change_does_not_count(server: Server) -> None:
    one, two = server.enroll(name="one"), server.enroll(name="two")
    bad = one.change("person", {"given_names": 12, "office_id": one.office_id})
    assert push(server, one, [bad], None).json()["results"][0]["status"] == "rejected"
    answer = push(server, two, [person(two, "Ana")], after=bad["change_id"]).json()
    assert answer["results"] == []


def test_a_malformed_after_header_is_refused(server: Server) -> None:
    dev = server.enroll()
    r = push(server, dev, [person(dev, "Ana")], after="x" * 129)
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "bad_request"
