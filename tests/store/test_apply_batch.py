"""The bulk apply path (``app.store.apply``) decides exactly as applying one change at a time.

Property (Hypothesis): two copies of one vault receive the same random remote changes —
sequential and concurrent edits, deletes, a record changed twice in one page, repeats,
this vault's own change echoed back, malformed documents, an unknown entity, a value
against the specification, a far-future stamp. One copy applies them in pages (bulk:
one load per entity, ``executemany`` inserts), the other one change per page (the
row-by-row path). Rows with their merge metadata, the search index, conflicts, the
kept-aside records, the counts and the clock must be identical — and the rows must be
what ``sync.merge.merge`` gives replaying the changes that were not kept aside.
"""

from __future__ import annotations

import itertools
import json
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.store import Store, Vault
from sync import hlc
from sync.changes import Change
from tests.conftest import PASS, make_vault
from tests.store.helpers import replay

PEOPLE = ["p-1", "p-2", "p-3"]
NAMES = ["Rosa", "Juana", "Ana", "Luz"]
NODES = ["dev.a", "dev.b"]
BASE_MS = hlc.wall_clock_ms() + 60_000  # ahead of the vault's own clock: observing shows

stamp = st.builds(
    lambda dt, c, node: f"{BASE_MS + dt:015d}-{c:05d}-{node}",
    st.integers(0, 5),
    st.integers(0, 2),
    st.sampled_from(NODES),
)


@st.composite
def remote_change(draw: st.DrawFn) -> Any:
    kind = draw(st.sampled_from(["edit", "edit", "edit", "delete", "bad", "odd"]))
    at = draw(stamp)
    seq = draw(st.integers(1, 10_000))
    node = at[22:]
    doc: dict[str, Any] = {
        "change_id": f"{node}#{seq}",
        "entity": "person",
        "entity_id": draw(st.sampled_from(PEOPLE)),
        "op": "upsert",
        "fields": {},
        "base": {},
        "hlc": at,
        "device_id": node,
        "seq": seq,
        "user_id": None,
        "extra": {},
    }
    if kind == "edit":
        names = draw(st.lists(st.sampled_from(["given_names", "sex"]), min_size=1, unique=True))
        for name in names:
            doc["fields"][name] = draw(st.sampled_from(NAMES if name == "given_names" else "FM"))
            doc["base"][name] = draw(st.one_of(st.just(hlc.ZERO), stamp))
    elif kind == "delete":
        doc["op"] = "delete"
        doc["base"] = {"_record": draw(st.one_of(st.just(hlc.ZERO), stamp))}
    elif kind == "bad":  # against the specification, or not a change at all
        which = draw(st.sampled_from(["vocab", "malformed", "entity", "future", "unknown"]))
        if which == "vocab":
            doc["fields"] = {"sex": "Q"}
        elif which == "malformed":
            return {"change_id": seq, "entity": "person"}
        elif which == "entity":
            doc["entity"] = "futuro"
            doc["fields"] = {"x": 1}
        elif which == "future":
            doc["hlc"] = f"{hlc.wall_clock_ms() + 10 * hlc.MAX_SKEW_MS:015d}-00000-{node}"
            doc["fields"] = {"given_names": "Eva"}
        else:  # a field a newer version added: kept in _extra
            doc["fields"] = {"given_names": "Eva", "apodo": "Evita"}
    else:  # the same change twice in a row
        doc["fields"] = {"given_names": draw(st.sampled_from(NAMES))}
        return [doc, dict(doc)]
    return doc


def _flatten(items: list[Any]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        out.extend(item if isinstance(item, list) else [item])
    return out


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Store, Change]]:
    """Two unlocked copies of one vault holding one local person, and that person's change
    (echoed back in pages: this vault's own change). Each example uses its own record
    ids, so examples do not meet; both copies see the same history throughout."""
    root = tmp_path_factory.mktemp("apply")
    store = make_vault(root / "template", "LIMA")
    store.insert("person", {"id": "own-1", "given_names": "Local", "sex": "F"})
    (own,) = [c for c in store.replica.pending_changes(100) if c.entity == "person"]
    store.lock()
    stores = []
    for name in ("bulk", "single"):
        shutil.copytree(root / "template", root / name)
        stores.append(Vault.unlock(root / name, "ana", PASS))
    yield stores[0], stores[1], own
    for s in stores:
        s.lock()


_EXAMPLES = itertools.count()


def _ours(pages: list[list[Any]], prefix: str) -> list[list[Any]]:
    """The example's documents with its own record ids, and change ids unique to each
    distinct document (a repeated document keeps its id: a change seen twice)."""
    ids: dict[str, str] = {}
    out = []
    for page in pages:
        docs = []
        for doc in page:
            doc = dict(doc)
            if isinstance(doc.get("entity_id"), str):
                doc["entity_id"] = prefix + doc["entity_id"]
            if isinstance(doc.get("change_id"), str):
                key = json.dumps({**doc, "change_id": None}, sort_keys=True)
                doc["change_id"] = ids.setdefault(key, f"{prefix}{doc['change_id']}.{len(ids)}")
            docs.append(doc)
        out.append(docs)
    return out


def _state(store: Store) -> dict[str, Any]:
    conflicts = [
        {k: v for k, v in c.items() if k != "detected_at"} for c in store.replica.list_conflicts()
    ]
    kept = store.query("SELECT change_id, entity, entity_id, body FROM unknown_change")
    return {
        "rows": store.export_rows(),
        "search": {n: sorted(h.entity_id for h in store.search(n)) for n in NAMES},
        "conflicts": sorted(conflicts, key=lambda c: c["conflict_id"]),
        "kept": sorted(kept, key=lambda r: (r["change_id"], r["body"])),
        "clock": store.context.clock.last(),
    }


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    pages=st.lists(st.lists(remote_change(), max_size=12), min_size=1, max_size=4),
    echo=st.integers(0, 3),
)
def test_bulk_apply_equals_one_change_at_a_time(
    copies: tuple[Store, Store, Change], pages: list[list[Any]], echo: int
) -> None:
    bulk, single, own = copies
    prefix = f"x{next(_EXAMPLES)}-"
    docs = _ours([_flatten(page) for page in pages], prefix)
    if echo < len(docs):  # this vault's own change comes back in a page
        docs[echo].insert(len(docs[echo]) // 2, own.to_dict())
    totals: dict[str, list[int]] = {"bulk": [0] * 6, "single": [0] * 6}
    fields = ("applied", "unchanged", "conflicts", "unknown", "malformed", "set_aside")
    changed: dict[str, set[tuple[str, str]]] = {"bulk": set(), "single": set()}
    kept: set[str] = {own.change_id}
    for page in docs:
        results = [("bulk", bulk.replica.apply_remote_changes(page, cursor=len(page)))]
        kept.update(results[0][1].kept_ids)
        for doc in page:
            results.append(("single", single.replica.apply_remote_changes([doc])))
        for who, result in results:
            for i, name in enumerate(fields):
                totals[who][i] += getattr(result, name)
            changed[who].update(
                (entity, i) for entity in result.changed for i in result.changed.ids(entity)
            )
    assert totals["bulk"] == totals["single"]
    assert changed["bulk"] == changed["single"]
    assert _state(bulk) == _state(single)
    # and both hold what the merge rule gives, change by change, for what was not kept aside
    valid = [d for p in docs for d in p if isinstance(d.get("change_id"), str)]
    merged = replay([Change.from_dict(d) for d in valid if d["change_id"] not in kept])
    rows = {r["id"]: r for r in bulk.export_rows()["person"] if r["id"].startswith(prefix)}
    assert set(rows) == {entity_id for _entity, entity_id in merged}
    for (_entity, entity_id), want in merged.items():
        row = rows[entity_id]
        assert {k: row[k] for k in want.values if k in row} == {
            k: v for k, v in want.values.items() if k in row
        }
        assert (row["_versions"], bool(row["_deleted"])) == (want.versions_json(), want.deleted)


def test_a_page_of_new_records_is_written_in_bulk(store: Store) -> None:
    """A first download's page: one ``executemany`` per table, every row readable and
    found by search, the cursor stored with it."""
    docs = [
        {
            "change_id": f"dev.a#{i}",
            "entity": "person",
            "entity_id": f"p-{i}",
            "op": "upsert",
            "fields": {"given_names": f"Rosa {i}", "sex": "F"},
            "base": {"given_names": hlc.ZERO, "sex": hlc.ZERO},
            "hlc": f"{BASE_MS + i:015d}-00000-dev.a",
            "device_id": "dev.a",
            "seq": i,
        }
        for i in range(1, 301)
    ]
    statements: list[str] = []
    store.check_open().conn.set_trace_callback(statements.append)
    try:
        result = store.replica.apply_remote_changes(docs, cursor=300)
    finally:
        store.check_open().conn.set_trace_callback(None)
    assert (result.applied, result.unchanged, result.conflicts) == (300, 0, 0)
    assert store.get("person", "p-150")["given_names"] == "Rosa 150"
    assert len(store.search("Rosa")) == 50  # the search's own limit: the index was written
    assert store.replica.get_sync_state("cursor") == 300
    selects = [s for s in statements if s.startswith("SELECT") and "FROM person" in s]
    assert len(selects) == 1  # the page's records were looked up with one statement
