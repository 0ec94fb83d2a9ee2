"""Issue 12: random malformed or hostile changes from one device never stop another
device's sync nor damage its vault (Hypothesis).

Each example sends a batch of generated changes two ways: pushed by an enrolled
attacker device through the real server (which must refuse what breaks its checks and
never answer 5xx), and planted straight into the server's change log (a hostile or older
server that stored them anyway). Then a genuine laptop of the office writes a record and
the victim laptop syncs: its round ends ``ok``, the genuine record arrives, what it
cannot apply is set aside, and its vault keeps working (it writes, pushes, passes the
audit and, at the end, reopens with every record).
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.store import Vault, kept_aside
from sync import protocol, spec
from sync.server import schema
from sync.server.auth import enroll, issue_code
from sync.server.ingest import next_seq
from tests.conftest import PASS
from tests.sync.conftest import SyncWorld

EXAMPLES = int(os.environ.get("CHASQUI_HOSTILE_EXAMPLES", "25"))
NODE = "attacker.node"

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
    st.sampled_from(
        ["../../../../etc/passwd", "\x1b]0;pwned\x07", "1990-02-30", "x" * 5000, "evil id"]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)


def _deep(depth: int) -> Any:
    doc: Any = "x"
    for _ in range(depth):
        doc = [doc]
    return doc


field_names = st.one_of(
    st.sampled_from(sorted({f.name for e in spec.ENTITY_LIST for f in e.fields})),
    st.text(min_size=1, max_size=12),
)
stamps = st.one_of(
    st.integers(min_value=0, max_value=10**15 - 1).map(lambda ms: f"{ms:015d}-00000-{NODE}"),
    st.just(f"999999999999999-99990-{NODE}"),
    st.text(max_size=30),
)


@st.composite
def hostile_change(draw: st.DrawFn) -> dict[str, Any]:
    fields = draw(
        st.dictionaries(field_names, values | st.builds(_deep, st.integers(30, 60)), max_size=5)
    )
    doc: dict[str, Any] = {
        "change_id": draw(st.one_of(st.uuids().map(str), st.text(max_size=10))),
        "entity": draw(st.one_of(st.sampled_from(sorted(spec.ENTITIES)), st.text(max_size=10))),
        "entity_id": draw(st.one_of(st.uuids().map(str), st.text(max_size=10))),
        "op": draw(st.sampled_from(["upsert", "upsert", "delete", "explode"])),
        "fields": fields,
        "base": draw(st.dictionaries(field_names, stamps, max_size=2)),
        "hlc": draw(stamps),
        "device_id": NODE,
        "seq": draw(st.integers(min_value=-1, max_value=10**6)),
        "user_id": draw(st.one_of(st.none(), st.text(max_size=10))),
    }
    if draw(st.booleans()):
        drop = draw(st.sampled_from(sorted(doc)))
        doc.pop(drop)
    return doc


def _plant(world: SyncWorld, docs: list[dict[str, Any]]) -> None:
    """Store documents in the server's change log without any check (a hostile server)."""
    office = world.server.office.office_id
    with world.server.db.write() as conn:
        seq = next_seq(conn)
        for doc in docs:
            try:
                text = json.dumps(doc, ensure_ascii=False)
            except ValueError:
                continue
            conn.execute(
                schema.change_log.insert().values(
                    seq=seq,
                    change_id=f"planted-{uuid.uuid4().hex}",
                    office_id=office,
                    device_id=NODE,
                    user_id=None,
                    entity=str(doc.get("entity"))[:64],
                    entity_id=str(doc.get("entity_id"))[:64],
                    doc=text,
                    received_at=0,
                )
            )
            seq += 1


def test_hostile_changes_never_stop_another_device(tmp_path: Path) -> None:
    world = SyncWorld(tmp_path)
    try:
        _run(world)
    finally:
        world.close()


def _run(world: SyncWorld) -> None:
    victim = world.replica("victim")
    writer = world.replica("writer")
    assert victim.sync().status == "ok"
    office = world.server.office.office_id
    db = world.server.db
    attacker = enroll(db, issue_code(db, office, 3600), "attacker", "0.1.0")
    genuine: list[str] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.lists(hostile_change(), min_size=1, max_size=6), st.booleans())
    def example(docs: list[dict[str, Any]], plant: bool) -> None:
        batch = {
            "device_id": attacker.device_id,
            "protocol_version": protocol.PROTOCOL_VERSION,
            "client_version": "0.1.0",
            "changes": protocol.ChangeBlock.of_docs(
                [{**d, "device_id": attacker.device_id} for d in docs]
            ).to_dict(),
            "cursor": 0,
            "limit": 1,
        }
        r = world.server.client.post(
            "/v1/sync",
            content=json.dumps(batch).encode(),
            headers={
                "Authorization": f"Bearer {attacker.token}",
                "Content-Type": "application/json",
            },
        )
        assert r.status_code < 500, r.text
        if plant:
            _plant(world, docs)
        name = f"Genuina {len(genuine)}"
        genuine.append(writer.store.insert("person", {"office_id": office, "given_names": name}))
        assert writer.sync().status == "ok"

        report = victim.sync()
        assert report.status == "ok", report.errors
        store = victim.store
        assert store.get("person", genuine[-1]) is not None
        own = store.insert("person", {"office_id": office, "given_names": "Propia"})
        mine = victim.sync()
        assert mine.status == "ok" and mine.pending == 0, mine.errors
        assert store.get("person", own) is not None

    example()
    store = victim.store
    assert store.verify_audit().ok
    kept = len(kept_aside.list_kept_aside(store))
    store.lock()
    reopened = Vault.unlock(world.tmp / "victim", "ana", PASS)
    try:
        assert all(reopened.get("person", pid) is not None for pid in genuine)
        assert len(kept_aside.list_kept_aside(reopened)) <= kept
        assert reopened.check_integrity() == []
    finally:
        reopened.lock()
    victim.store = reopened  # already locked: world.close() locks it again harmlessly
