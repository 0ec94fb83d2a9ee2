"""Issue 12: the server binds authorship and stamps to the sending device, and a genuine
laptop still loses nothing.

A standalone vault stamped its work with its own HLC node and made its first user an
administrator. Enrolling rewrites every waiting stamp to the server's device id (outbox
bodies, bases, the rows' versions) and makes the local admin a supervisor, so that the
server — which now refuses ``wrong_node``, ``unknown_user`` and ``forbidden_role`` —
accepts every waiting change and another laptop converges on the same records.
"""

from __future__ import annotations

import json

from app.store import Vault
from sync.hlc import Timestamp
from tests.conftest import PASS
from tests.sync.conftest import SyncWorld, visible_rows


def _nodes(store: object, table: str) -> set[str]:
    rows = store.query(f"SELECT _versions, _delete_hlc FROM {table}")  # type: ignore[attr-defined]
    nodes = set()
    for row in rows:
        for stamp, base in json.loads(row["_versions"]).values():
            nodes.add(Timestamp.parse(stamp).node)
            if base != "000000000000000-00000-0":
                nodes.add(Timestamp.parse(base).node)
        if row["_delete_hlc"]:
            nodes.add(Timestamp.parse(row["_delete_hlc"]).node)
    return nodes


def test_a_standalone_vault_enrolls_and_every_waiting_change_is_accepted(
    world: SyncWorld,
) -> None:
    first = world.replica("laptop", enrolled=False)
    store = first.store
    standalone = store.device_id
    pid = store.insert("person", {"office_id": store.office_id, "given_names": "Rosa"})
    store.update("person", pid, {"given_names": "Rosa Elena"})  # base = an own stamp
    gone = store.insert("person", {"office_id": store.office_id, "given_names": "Borrar"})
    store.delete("person", gone)
    luis = Vault.add_user(store, "luis", PASS)
    assert _nodes(store, "person") == {standalone}
    assert store.get("user", store.user_id)["role"] == "admin"  # type: ignore[index]

    from sync.client import enroll

    enroll("http://chasqui.test", world.server.code(), first.replica, transport=first.transport)
    first.transport.set_token(first.replica.get_sync_state("device_token"))  # type: ignore[attr-defined]
    device = store.device_id
    assert device != standalone
    assert _nodes(store, "person") == {device}
    waiting = first.replica.pending_changes(100)
    assert waiting and all(Timestamp.parse(c.hlc).node == device for c in waiting)
    assert all(
        Timestamp.parse(b).node == device
        for c in waiting
        for b in c.base.values()
        if b != "000000000000000-00000-0"
    )
    assert store.get("user", store.user_id)["role"] == "supervisor"  # type: ignore[index]

    report = first.sync()
    assert report.status == "ok", report.errors
    assert report.quarantined == 0 and first.replica.list_quarantine() == []
    assert report.pending == 0
    # the server holds the records as the laptop does, authored by its users
    records = world.server.records()
    assert records[("person", pid)]["values"]["given_names"] == "Rosa Elena"
    assert records[("person", gone)]["deleted"]
    assert records[("user", luis)]["values"]["role"] == "defender"
    assert world.server.count("SELECT count(*) FROM quarantine") == 0

    second = world.replica("other")
    assert second.sync().status == "ok"
    assert second.store.get("person", pid)["given_names"] == "Rosa Elena"  # type: ignore[index]
    assert visible_rows(second.store)["person"] == visible_rows(store)["person"]
    # later edits keep flowing both ways
    store.update("person", pid, {"given_names": "Rosa E."})
    assert first.sync().status == "ok" and second.sync().status == "ok"
    assert second.store.get("person", pid)["given_names"] == "Rosa E."  # type: ignore[index]
