"""Push, pull and snapshot through the HTTP API, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid

import pytest

from sync import compression, protocol
from sync.changes import Change
from sync.merge import RecordState, merge
from tests.server.conftest import TEST_FORM, Server, log_seq, statuses


def test_health_carries_epoch_and_time(server: Server) -> None:
    r = server.call("GET", "/v1/health")
    assert r.status_code == 200
    doc = r.json()
    assert doc["status"] == "ok" and doc["epoch"] == server.db.epoch
    assert r.headers[protocol.HEADER_EPOCH] == server.db.epoch
    assert abs(int(r.headers[protocol.HEADER_SERVER_TIME]) - doc["server_time"]) < 5000
    assert r.headers["content-encoding"] == "zstd"


def test_nothing_changed_is_one_round_trip(server: Server) -> None:
    dev = server.enroll()
    first = server.sync(dev, [])
    cursor = first["pull"]["next_cursor"]
    again = server.sync(dev, [], cursor)
    assert again["push"]["results"] == [] and again["pull"]["changes"] == []
    assert again["pull"]["more"] is False and again["pull"]["next_cursor"] == cursor
    assert again["epoch"] == server.db.epoch


def test_new_device_sees_office_and_users_in_first_pull(server: Server) -> None:
    server.admin.add_user("LIMA", "ana")
    dev = server.enroll()
    assert dev.number == 1 and server.enroll().number == 2
    pulled = server.sync(dev, [])["pull"]["changes"]
    kinds = {(c["entity"], c.get("fields", {}).get("code")) for c in pulled}
    assert ("office", "LIMA") in kinds
    assert any(c["entity"] == "user" for c in pulled)
    assert all(c["entity"] != "office" or c["fields"]["code"] == "LIMA" for c in pulled)


def test_push_then_other_device_pulls_and_merges(server: Server) -> None:
    a, b = server.enroll(), server.enroll()
    pid = "person-1"
    c1 = a.change("person", {"given_names": "Rosa", "office_id": a.office_id}, pid)
    result = server.sync(a, [c1])
    assert statuses(result) == ["accepted"]
    seq = log_seq(server)
    page = server.sync(b, [])["pull"]
    mine = [c for c in page["changes"] if c["change_id"] == c1["change_id"]]
    assert mine == [Change.from_dict(c1).to_dict()]
    assert page["next_cursor"] >= seq
    # b edits on top of what it saw; the server's merged record follows field LWW
    c2 = b.change("person", {"given_names": "Rosa María"}, pid, base={"given_names": c1["hlc"]})
    assert statuses(server.sync(b, [c2])) == ["accepted"]
    assert server.admin.record("person", pid) == {
        "given_names": "Rosa María",
        "office_id": a.office_id,
    }


def test_pull_pages_never_skip(server: Server) -> None:
    a, b = server.enroll(), server.enroll()
    changes = [a.change("person", {"given_names": f"P{i}"}) for i in range(25)]
    assert statuses(server.sync(a, changes)) == ["accepted"] * 25
    seen: list[int] = []
    cursor = 0
    while True:
        r = server.call(
            "POST",
            "/v1/pull",
            {
                "cursor": cursor,
                "limit": 7,
                "client_version": "0.1.0",
                "protocol_version": protocol.PROTOCOL_VERSION,
            },
            headers=b.auth,
        )
        page = r.json()
        seen += protocol.ChangeBlock.from_dict(page["changes"]).docs()
        cursor = page["next_cursor"]
        if not page["more"]:
            break
    ids = [c["change_id"] for c in seen]
    assert len(ids) == len(set(ids)) == 25 + 2  # + the office and user records
    theirs = [c["seq"] for c in seen if c["device_id"] == a.device_id]
    assert theirs == sorted(theirs) and len(theirs) == 25  # in the order they were logged


def test_a_pull_skips_the_devices_own_changes_without_counting_them(server: Server) -> None:
    """After a first upload the log is mostly the device's own: one page, not one round
    trip per ``limit`` own changes; others' changes still come in order, ``limit`` each."""
    a, b = server.enroll(), server.enroll()

    def pull(dev: object, cursor: int, limit: int) -> dict:
        doc = {
            "cursor": cursor,
            "limit": limit,
            "client_version": "0.1.0",
            "protocol_version": protocol.PROTOCOL_VERSION,
        }
        return server.call("POST", "/v1/pull", doc, headers=dev.auth).json()  # type: ignore[attr-defined]

    start = pull(a, 0, 50)["next_cursor"]  # past the office and user records
    mine = [a.change("person", {"given_names": f"A{i}"}) for i in range(30)]
    assert statuses(server.sync(a, mine[:20], start)) == ["accepted"] * 20
    theirs = [b.change("person", {"given_names": f"B{i}"}) for i in range(3)]
    assert statuses(server.sync(b, theirs)) == ["accepted"] * 3
    assert statuses(server.sync(a, mine[20:], start)) == ["accepted"] * 10
    last = log_seq(server)
    page = pull(a, start, 2)  # 20 own skipped, 2 of b's: the limit counts b's alone
    got = protocol.ChangeBlock.from_dict(page["changes"]).docs()
    assert [c["change_id"] for c in got] == [c["change_id"] for c in theirs[:2]]
    assert page["more"] is True
    page = pull(a, page["next_cursor"], 2)  # b's last, then 10 own: the end of the log
    got = protocol.ChangeBlock.from_dict(page["changes"]).docs()
    assert [c["change_id"] for c in got] == [theirs[2]["change_id"]]
    assert page["more"] is False and page["next_cursor"] == last
    tail = pull(a, last - 10, 1)  # only own changes left: none sent, the cursor at the end
    assert protocol.ChangeBlock.from_dict(tail["changes"]).docs() == []
    assert tail["more"] is False and tail["next_cursor"] == last


def test_concurrent_edits_converge_and_record_conflict(server: Server) -> None:
    a, b = server.enroll(), server.enroll()
    pid = "p-conflict"
    base = a.change("person", {"given_names": "Ana"}, pid)
    server.sync(a, [base])
    ea = a.change("person", {"phone": "911111111"}, pid, base={"phone": "000000000000000-00000-0"})
    eb = b.change("person", {"phone": "922222222"}, pid)
    server.sync(a, [ea])
    server.sync(b, [eb])
    state: RecordState | None = None
    for doc in (base, eb, ea):  # any order gives the server's result
        state = merge(state, Change.from_dict(doc)).state
    assert state is not None
    assert server.admin.record("person", pid) == state.values
    from sqlalchemy import select

    from sync.server import schema

    with server.db.read() as conn:
        rows = conn.execute(select(schema.conflicts.c.field)).all()
    assert [r.field for r in rows] == ["phone"]


def test_snapshot_then_tail_rebuilds_the_office(server: Server) -> None:
    a = server.enroll()
    changes = [a.change("person", {"given_names": f"N{i}"}, f"p{i}") for i in range(12)]
    server.sync(a, changes)
    server.sync(a, [a.change("person", {}, "p3", op="delete", base={"_record": changes[3]["hlc"]})])
    other = server.enroll("CUSCO")
    server.sync(other, [other.change("person", {"given_names": "Otro"}, "cusco-1")])
    new = server.enroll()
    records: list[dict] = []
    after = None
    cursor = 0
    while True:
        req = {
            "cursor": cursor,
            "after": after,
            "limit": 5,
            "client_version": "0.1.0",
            "protocol_version": protocol.PROTOCOL_VERSION,
        }
        page = server.call("POST", "/v1/snapshot", req, headers=new.auth).json()
        cursor, after = page["cursor"], page["next_after"]
        records += protocol.ChangeBlock.from_dict(page["changes"]).changes()
        if not page["more"]:
            break
    ids = {r.entity_id for r in records if r.entity == "person"}
    assert ids == {f"p{i}" for i in range(12)}  # tombstone included, other office not
    state = None
    for ch in (r for r in records if r.entity_id == "p3"):
        state = merge(state, ch).state
    assert state is not None and state.deleted
    # a change after the snapshot arrives through the tail
    late = a.change("person", {"given_names": "Tarde"}, "late")
    server.sync(a, [late])
    tail = server.sync(new, [], cursor)["pull"]["changes"]
    assert [c["change_id"] for c in tail] == [late["change_id"]]


def test_published_form_reaches_devices_and_validates_answers(server: Server) -> None:
    server.admin.publish_form(TEST_FORM)
    dev = server.enroll()
    page = server.sync(dev, [])["pull"]
    assert [(f["form_id"], f["version"]) for f in page["forms"]] == [("prueba_servidor", 1)]
    r = server.call(
        "POST", "/v1/sync", dev.batch([], form_versions={"prueba_servidor": 1}), headers=dev.auth
    )
    assert r.json()["pull"]["forms"] == []
    good = dev.change(
        "intake",
        {"form_id": "prueba_servidor", "form_version": 1, "status": "submitted",
         "answers": json.dumps({"nombre": "Rosa", "edad": 30})},
    )  # fmt: skip
    bad = dev.change(
        "intake",
        {"form_id": "prueba_servidor", "form_version": 1, "status": "submitted",
         "answers": json.dumps({"nombre": "Rosa", "edad": -3})},
    )  # fmt: skip
    draft = dev.change(
        "intake",
        {"form_id": "prueba_servidor", "form_version": 1, "status": "draft", "answers": "{}"},
    )
    unknown = dev.change(
        "intake",
        {"form_id": "no_existe", "form_version": 9, "answers": "{}", "status": "submitted"},
    )
    result = server.sync(dev, [good, bad, draft, unknown])
    assert statuses(result) == ["accepted", "rejected", "accepted", "rejected"]
    items = result["push"]["results"]
    assert items[1]["code"] == "invalid_answers" and "edad" in items[1]["reason"]
    assert items[3]["code"] == "invalid_answers"
    assert server.admin.record("intake", bad["entity_id"]) is None
    got = server.call("GET", "/v1/forms/prueba_servidor/1", headers=dev.auth)
    assert got.status_code == 200 and got.json()["form"]["definition"]["id"] == "prueba_servidor"
    assert server.call("GET", "/v1/forms/prueba_servidor/2", headers=dev.auth).status_code == 404


def test_builtin_form_is_known(server: Server) -> None:
    dev = server.enroll()
    bad = dev.change(
        "intake",
        {"form_id": "ficha_atencion", "form_version": 1, "status": "submitted", "answers": "{}"},
    )
    result = server.sync(dev, [bad])
    assert statuses(result) == ["rejected"]
    assert "required" in result["push"]["results"][0]["reason"]


def test_signed_note_is_immutable(server: Server) -> None:
    dev = server.enroll()
    case = dev.change("case", {"office_id": dev.office_id, "matter": "alimentos"})
    note = dev.change(
        "note", {"case_id": case["entity_id"], "text": "hola", "signed_at": "2026-01-01T10:00:00"}
    )
    assert statuses(server.sync(dev, [case, note])) == ["accepted", "accepted"]
    edit = dev.change("note", {"text": "cambiado"}, note["entity_id"], base={"text": note["hlc"]})
    same = dev.change("note", {"text": "hola"}, note["entity_id"], base={"text": note["hlc"]})
    gone = dev.change("note", {}, note["entity_id"], op="delete", base={"_record": note["hlc"]})
    result = server.sync(dev, [edit, same, gone])
    assert statuses(result) == ["rejected", "accepted", "rejected"]
    assert {r.get("code") for r in result["push"]["results"]} == {"immutable", None}
    stored = server.admin.record("note", note["entity_id"])
    assert stored is not None and stored["text"] == "hola"


def test_own_changes_are_not_echoed_but_the_cursor_moves(server: Server) -> None:
    a, b = server.enroll(), server.enroll()
    first = server.sync(a, [])
    cursor = first["pull"]["next_cursor"]
    mine = a.change("person", {"given_names": "Mía"})
    result = server.sync(a, [mine], cursor)
    seq = log_seq(server)
    assert result["pull"]["changes"] == [] and result["pull"]["next_cursor"] == seq
    theirs = b.change("person", {"given_names": "Suya"})
    server.sync(b, [theirs])
    page = server.sync(a, [], seq)["pull"]
    assert [c["change_id"] for c in page["changes"]] == [theirs["change_id"]]


def test_a_stream_is_sent_only_to_a_client_that_accepts_plain_zstd(server: Server) -> None:
    """The snapshot stream is one plain zstd frame: the request's Accept-Encoding is read
    by ``compression.choose_encoding`` (q=0 refuses), else the answer is one page."""
    a = server.enroll()
    server.sync(a, [a.change("person", {"given_names": "Rosa"}, "p1")])
    req = {"cursor": 0, "after": None, "limit": 5, "stream": True, "client_version": "0.1.0",
           "protocol_version": protocol.PROTOCOL_VERSION}  # fmt: skip
    kinds = {}
    for offered in ("zstd", "gzip, zstd;q=0", compression.ZSTD_DICT, "gzip;q=0.5, ZSTD"):
        r = server.call(
            "POST", "/v1/snapshot", req, headers={**a.auth, "Accept-Encoding": offered}
        )
        assert r.status_code == 200, r.text
        kinds[offered] = r.headers["content-type"].split(";")[0]
    paged = "application/json"
    assert kinds == {
        "zstd": protocol.STREAM_MEDIA,
        "gzip, zstd;q=0": paged,  # the old substring test streamed zstd to this client
        compression.ZSTD_DICT: paged,
        "gzip;q=0.5, ZSTD": protocol.STREAM_MEDIA,
    }


def test_a_small_limit_skips_own_changes_in_few_statements(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review 4 F3: a client asking ``limit=1`` over 1,200 of its own changes made one
    statement per skipped change; the log is read ``SCAN_CHUNK`` rows at a time."""
    from sqlalchemy import insert

    from sync.server import bulk, pull, schema
    from sync.server.push import DeviceContext

    a, b = server.enroll(), server.enroll()
    start = log_seq(server)
    own, total = 1200, 1203  # 1,200 own, then b's three
    rows = [
        {
            "seq": start + i,
            "change_id": f"f3-{i}",
            "office_id": a.office_id,
            "device_id": a.device_id if i <= own else b.device_id,
            "user_id": None,
            "entity": "person",
            "entity_id": f"p-{i}",
            "doc": json.dumps({"n": i}),
            "received_at": 0,
        }
        for i in range(1, total + 1)
    ]
    with server.db.write() as conn:
        conn.execute(insert(schema.change_log), rows)
    device = DeviceContext(a.device_id, a.office_id, "LIMA", a.number)
    statements: list[object] = []
    query = bulk.rows

    def counted(conn: object, stmt: object, params: object = None) -> object:
        statements.append(stmt)  # every statement of the pull goes through bulk.rows
        return query(conn, stmt, params)  # type: ignore[arg-type]

    monkeypatch.setattr(bulk, "rows", counted)
    with server.db.read() as conn:
        got, cursor, more = pull.pull_changes(conn, device, start, 1)
        used = len(statements)
        tail = pull.pull_changes(conn, device, cursor, 1)
        rest = pull.pull_changes(conn, device, tail[1], 5)
    assert [seq for seq, _c in got] == [start + own + 1] and more is True
    assert used == -(-own // pull.SCAN_CHUNK), statements  # 3 statements, not 1,200
    assert [seq for seq, _c in tail[0]] == [start + own + 2] and tail[2] is True
    assert [seq for seq, _c in rest[0]] == [start + total] and rest[1:] == (start + total, False)


def test_protocol_2_and_protocol_3_pushes_are_stored_alike(server: Server) -> None:
    """A protocol-3 client spells ids compactly (``ChangeBlock.ids``); a protocol-2
    client does not, and keeps syncing (``MIN_PROTOCOL_VERSION`` stays 2). The server
    stores exactly the documents either way: the same canonical text in its log."""
    assert protocol.MIN_PROTOCOL_VERSION == 2 < protocol.PROTOCOL_VERSION
    a = server.enroll()
    person = a.change(
        "person", {"given_names": "Rosa", "office_id": a.office_id}, entity_id=str(uuid.uuid4())
    )
    old = a.batch([person], protocol_version=2)
    assert "ids" not in old["changes"]
    party = a.change(
        "case_party",
        {"person_id": person["entity_id"], "role": "other"},
        entity_id=str(uuid.uuid4()),
    )
    new = a.batch([party])
    new["changes"] = protocol.ChangeBlock.of([party], ids=True).to_dict()
    assert new["changes"]["ids"] is True and new["changes"]["rows"][0][1].startswith("~")
    for body in (old, new):
        r = server.call("POST", "/v1/sync", body, headers=a.auth)
        assert r.status_code == 200, r.text
    with server.db.engine.connect() as conn:
        logged = {
            json.loads(doc)["change_id"]: doc
            for (doc,) in conn.exec_driver_sql("SELECT doc FROM change_log").all()
        }
    for sent in (person, party):
        stored = Change.from_dict(json.loads(logged[sent["change_id"]]))
        assert stored.canonical() == Change.from_dict(sent).canonical()


def test_only_small_pulled_changes_are_remembered() -> None:
    """Review 5 F3: the decoded-change cache keeps texts up to ``CACHED_CHARS`` only, so
    a device pushing thousands of 300,000-character changes cannot pin gigabytes in
    every server process; a large one is decoded each time, the same change."""
    from sync.server import pull

    def doc(text: str) -> str:
        fields = {"case_id": "c1", "text": text}
        at = "001796000000000-00000-dev"
        change = Change(f"id-{len(text)}", "note", "n1", "upsert", fields, {}, at, "dev", 1)
        return change.canonical()

    small, large = doc("nota breve"), doc("x" * (pull.CACHED_CHARS + 1))
    pull._remembered.cache_clear()
    first = pull._stored(small)
    assert pull._stored(small) is first and pull._remembered.cache_info().currsize == 1
    big = pull._stored(large)
    assert isinstance(big, Change) and big.fields["text"] == "x" * (pull.CACHED_CHARS + 1)
    assert pull._stored(large) is not big and pull._remembered.cache_info().currsize == 1
