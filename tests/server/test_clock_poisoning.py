"""Issue 12, finding 1 (clock poisoning) against the real server, SQLite and PostgreSQL.

A device with a genuine token pushes a change stamped ``999999999999999-99990-<itself>``:
it goes to quarantine with its code, the rest of the batch is stored, and another device
of the office pulls only the genuine changes (so its clock never sees the poisoned value).
"""

from __future__ import annotations

from sqlalchemy import select

from sync.hlc import MAX_SKEW_MS, Timestamp, wall_clock_ms
from sync.server import schema
from tests.server.conftest import Server, statuses

POISON_MS = "999999999999999"


def test_a_poisoned_stamp_is_quarantined_the_rest_flows(server: Server) -> None:
    dev = server.enroll(name="attacker")
    other = server.enroll(name="victim")
    good1 = dev.change("person", {"given_names": "Ana"})
    poisoned = dev.change("person", {"given_names": "X"})
    poisoned["hlc"] = f"{POISON_MS}-99990-{dev.device_id}"
    just_ahead = dev.change("person", {"given_names": "Bea"})
    ahead_ms = wall_clock_ms() + MAX_SKEW_MS - 60_000  # a drifting clock, inside the allowance
    just_ahead["hlc"] = Timestamp(ahead_ms, 0, dev.device_id).encode()
    good2 = dev.change("person", {"given_names": "Eva"})

    result = server.sync(dev, [good1, poisoned, just_ahead, good2])

    assert statuses(result) == ["accepted", "rejected", "accepted", "accepted"]
    items = result["push"]["results"]
    assert items[1]["code"] == "clock_ahead" and items[1]["reason"]
    q = schema.quarantine.c
    with server.db.read() as conn:
        held = {r.change_id: r.code for r in conn.execute(select(q.change_id, q.code))}
    assert held == {poisoned["change_id"]: "clock_ahead"}

    pulled = server.sync(other, [])
    changes = pulled["pull"]["changes"]
    names = sorted(c["fields"]["given_names"] for c in changes if c["entity"] == "person")
    assert names == ["Ana", "Bea", "Eva"]
    assert all(not c["hlc"].startswith(POISON_MS) for c in changes)
    # the victim keeps pushing and pulling normally
    mine = other.change("person", {"given_names": "Luz"})
    assert statuses(server.sync(other, [mine])) == ["accepted"]


def test_a_stamp_naming_another_node_is_refused(server: Server) -> None:
    """Issue 12 #1: "a stamp naming another node than the sender's device is accepted"."""
    dev, other = server.enroll(name="a"), server.enroll(name="b")
    forged = dev.change("person", {"given_names": "X"})
    ts = Timestamp.parse(forged["hlc"])
    forged["hlc"] = Timestamp(ts.ms, ts.counter, other.device_id).encode()  # other's node
    standalone = dev.change("person", {"given_names": "Y"})
    standalone["hlc"] = Timestamp(ts.ms, ts.counter + 1, "standalone0001").encode()
    good = dev.change("person", {"given_names": "Ana"})
    result = server.sync(dev, [forged, standalone, good])
    assert statuses(result) == ["rejected", "rejected", "accepted"]
    assert {r.get("code") for r in result["push"]["results"][:2]} == {"wrong_node"}
