"""Issue 12 #3/#4: the client trusts no peer — a record it cannot apply is set aside,
and pages sized by bytes let large valid records through.

The server refuses these changes today (tests/server/test_spec_checks.py), so the
hostile peer here is a server that stored them anyway (an older server, a restored
database, a compromised one): they are written straight into its change log. Every
other laptop's round still ends ``ok``: the bad records are kept aside with their
reason, the genuine ones around them are applied, the vault opens, lists, exports,
accepts writes and syncs again; a laptop enrolling afterwards meets them in its
snapshot and does the same.
"""

from __future__ import annotations

import random
import string
import uuid
from typing import Any

from app.core import people
from app.core.export import export_all
from app.store import Vault, kept_aside
from sync.changes import Change
from sync.client.link import LinkEstimator
from sync.hlc import HybridLogicalClock, Timestamp, wall_clock_ms
from sync.server.ingest import store_change
from tests.cli.conftest import ok, run_json
from tests.conftest import PASS
from tests.sync.conftest import SyncWorld


def plant(db: Any, office_id: str, entity: str, fields: dict[str, Any], hlc: str = "") -> str:
    """Store a change in a server's log without its checks (the hostile peer)."""
    node = "hostile.device"
    change = Change(
        change_id=uuid.uuid4().hex,
        entity=entity,
        entity_id=uuid.uuid4().hex,
        op="upsert",
        fields=fields,
        base={},
        hlc=hlc or HybridLogicalClock(node).now(),
        device_id=node,
        seq=1,
        user_id=None,
    )
    with db.write() as conn:
        store_change(conn, office_id, change, None)
    return change.entity_id


def _planted(world: SyncWorld, entity: str, fields: dict[str, Any], hlc: str = "") -> str:
    return plant(world.server.db, world.server.office.office_id, entity, fields, hlc)


def test_poisoned_records_never_abort_another_laptops_round(world: SyncWorld) -> None:
    victim = world.replica("victim")
    writer = world.replica("writer")
    assert victim.sync().status == "ok"
    office = world.server.office.office_id
    before = writer.store.insert("person", {"office_id": office, "given_names": "Ana"})
    assert writer.sync().status == "ok"
    bad = {
        "passwd": _planted(
            world, "attachment", {"sha256": "../../../../etc/passwd", "filename": "x.pdf"}
        ),
        "poisoned": _planted(
            world, "person", {"given_names": "X"}, "999999999999999-99990-hostile.device"
        ),
        "dict_name": _planted(world, "person", {"given_names": {"nested": ["dict"]}}),
        "int_date": _planted(world, "person", {"birth_date": 19900101}),
        "deep": _planted(world, "intake", {"answers": "[" * 40 + "]" * 40}),
    }
    after = writer.store.insert("person", {"office_id": office, "given_names": "Eva"})
    assert writer.sync().status == "ok"

    report = victim.sync()
    assert report.status == "ok", report.errors
    assert report.set_aside == len(bad)
    store = victim.store
    assert store.get("person", before) and store.get("person", after)
    assert all(store.get(e, i) is None for e, i in (("attachment", bad["passwd"]),))
    assert all(store.get("person", bad[k]) is None for k in ("poisoned", "dict_name", "int_date"))
    # the poisoned stamp was never observed: the clock stays near the wall clock
    assert Timestamp.parse(store.clock.last()).ms < wall_clock_ms() + 60_000
    kept = {k["entity_id"]: k for k in kept_aside.list_kept_aside(store)}
    assert set(kept) == set(bad.values())
    assert "sha256" in kept[bad["passwd"]]["reason"]
    assert kept[bad["poisoned"]]["code"] == "clock_ahead"
    assert kept[bad["deep"]]["code"] == "invalid_field"

    # the vault keeps working: lists, exports, writes, syncs, reopens
    assert {p["given_names"] for p in people.list_people(store)} >= {"Ana", "Eva"}
    assert export_all(store)
    store.insert("person", {"office_id": office, "given_names": "Luz"})
    again = victim.sync()
    assert again.status == "ok" and again.pending == 0 and again.set_aside == 0
    store.lock()
    reopened = Vault.unlock(world.tmp / "victim", "ana", PASS)
    try:
        assert len(kept_aside.list_kept_aside(reopened)) == len(bad)  # kept, not lost
        assert reopened.verify_audit().ok
    finally:
        reopened.lock()

    # a laptop enrolling now meets them in its snapshot and sets them aside too
    late = world.replica("late")
    first = late.sync()
    assert first.status == "ok", first.errors
    assert first.set_aside == len(bad)
    assert late.store.get("person", after) is not None


class _SmallPages(LinkEstimator):
    """A link whose pages hold 50 kB of changes (a slow satellite link)."""

    def page_bytes(self) -> int:
        return 50_000


def test_large_valid_records_arrive_in_pages_sized_by_bytes(world: SyncWorld) -> None:
    """Issue 12 #3: pages shrink to one change, so large values never stop a pull."""
    writer = world.replica("writer")
    reader = world.replica("reader", link=_SmallPages())
    office = world.server.office.office_id
    rng = random.Random(3)
    big = []
    for _ in range(4):
        text = "".join(rng.choices(string.ascii_letters, k=120_000))
        answers = {"relato": text}
        big.append(
            writer.store.insert(
                "intake", {"office_id": office, "status": "draft", "answers": answers}
            )
        )
    small = writer.store.insert("person", {"office_id": office, "given_names": "Rosa"})
    assert writer.sync().status == "ok"
    pages: list[int] = []
    apply = reader.replica.apply_remote_changes

    def counted(changes: Any, cursor: Any = None) -> Any:
        pages.append(len(changes))
        return apply(changes, cursor)

    reader.replica.apply_remote_changes = counted  # type: ignore[method-assign]
    report = reader.sync()
    assert report.status == "ok", report.errors
    assert all(reader.store.get("intake", i) is not None for i in big)
    assert reader.store.get("person", small) is not None
    # each large change travelled in a page of its own (streamed: pages of one answer)
    assert sum(1 for n in pages if n) >= len(big), pages


def test_the_cli_lists_what_was_set_aside(world: SyncWorld) -> None:
    """``chasqui sync --kept-aside [--json]`` shows each record with its reason."""
    victim = world.replica("victim")
    _planted(world, "attachment", {"sha256": "../../../../etc/passwd", "filename": "x.pdf"})
    assert victim.sync().set_aside == 1
    victim.store.lock()
    kept = run_json(["sync", "--kept-aside", "--json"], world.tmp / "victim")
    assert [(k["entity"], k["code"]) for k in kept] == [("attachment", "invalid_field")]
    assert "sha256" in kept[0]["reason"]
    text = ok(["sync", "--kept-aside"], world.tmp / "victim")
    assert "invalid_field" in text and "set aside: 1" in text
    status = run_json(["sync", "--status", "--json"], world.tmp / "victim")
    assert status["set_aside"] == 1


def test_poisoned_records_in_a_usb_reply_never_fail_its_import(world: SyncWorld) -> None:
    """The sneakernet path trusts no peer either: a reply bundle carrying records this
    laptop cannot apply imports the rest, keeps those aside and confirms its changes."""
    from sync.client import export_bundle, import_bundle
    from sync.server import bundles as server_bundles

    laptop = world.replica("brigade")
    writer = world.replica("writer")
    office = world.server.office.office_id
    genuine = writer.store.insert("person", {"office_id": office, "given_names": "Eva"})
    assert writer.sync().status == "ok"
    bad = [
        _planted(world, "attachment", {"sha256": "../../../../etc/passwd", "filename": "x.pdf"}),
        _planted(world, "person", {"given_names": {"nested": ["dict"]}}),
        _planted(world, "person", {"given_names": "X"}, "999999999999999-99990-hostile.device"),
    ]
    mine = laptop.store.insert("person", {"office_id": office, "given_names": "Rosa"})
    stick, reply = world.tmp / "pedido.bundle", world.tmp / "respuesta.bundle"
    export_bundle(laptop.replica, stick)
    server_bundles.import_bundle(world.server.db, stick, reply)

    done = import_bundle(laptop.replica, reply)
    assert done.set_aside == len(bad) and done.confirmed >= 1 and not done.errors
    store = laptop.store
    assert store.get("person", genuine) is not None and store.get("person", mine) is not None
    assert {k["entity_id"] for k in kept_aside.list_kept_aside(store)} == set(bad)
    assert Timestamp.parse(store.clock.last()).ms < wall_clock_ms() + 60_000
    assert laptop.replica.pending_count() == 0
    assert laptop.sync().status == "ok"  # and the online path goes on
