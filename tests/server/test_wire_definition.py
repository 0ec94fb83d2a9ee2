"""The wire shapes are one definition: the OpenAPI document, the server's validation
and the client's decoding all come from the ``sync.protocol`` declarations.

- each pattern (HLC, node id, client version) is written once in the code, and the
  served ``/openapi.json`` carries exactly that text;
- Python's ``re`` (client and server) and the document's pattern agree on arbitrary text;
- a malformed HLC or client version is refused identically by the client decoder and by
  the server endpoint (same reason text, from the same declaration).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync import hlc, protocol
from sync.changes import Change, MalformedChange
from sync.protocol import ErrorCode, ProtocolError
from sync.protocol.base import VERSION_PATTERN
from tests.server.conftest import Server, statuses

ROOT = Path(__file__).resolve().parents[2]
CODE_DIRS = ("sync", "app", "forms", "stats")


def _sources() -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for d in CODE_DIRS for p in (ROOT / d).rglob("*.py")}


@pytest.mark.parametrize(
    ("fragment", "home"),
    [
        ("[A-Za-z0-9_.:]{1,64}", "sync/hlc.py"),  # node ids and the HLC's node part
        ("{15}-", "sync/hlc.py"),  # the HLC's physical part
        ("(\\.[0-9]{1,4})", "sync/protocol/base.py"),  # client versions
        ("^[0-9a-f]{64}", "sync/protocol/base.py"),  # sha256
    ],
)
def test_each_pattern_is_written_once(fragment: str, home: str) -> None:
    holders = [str(p.relative_to(ROOT)) for p, text in _sources().items() if fragment in text]
    assert holders == [home]


def _walk(node: Any) -> Any:
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from _walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v)


def test_openapi_patterns_are_the_declared_ones(server: Server) -> None:
    doc = server.call("GET", "/openapi.json").json()
    schemas = doc["components"]["schemas"]
    assert schemas["Change"]["properties"]["hlc"]["pattern"] == hlc.HLC_PATTERN
    for name in ("PushBatch", "PullRequest", "SnapshotRequest", "EnrollRequest", "SyncRequest"):
        assert schemas[name]["properties"]["client_version"]["pattern"] == VERSION_PATTERN
        assert "protocol_version" in schemas[name]["required"]
    assert schemas["EnrollResponse"]["properties"]["device_id"]["pattern"] == hlc.NODE_PATTERN
    patterns = {n["pattern"] for n in _walk(doc) if isinstance(n.get("pattern"), str)}
    hlc_like = {p for p in patterns if "{15}" in p}
    assert hlc_like == {hlc.HLC_PATTERN}  # the snapshot's versions and the Change's alike
    sync_body = doc["paths"]["/v1/sync"]["post"]["requestBody"]["content"]["application/json"]
    assert sync_body["schema"] == {"$ref": "#/components/schemas/SyncRequest"}
    block = schemas["PushBatch"]["properties"]["changes"]
    assert block["$ref"] == "#/components/schemas/ChangeBlock"
    rows = schemas["ChangeBlock"]["properties"]["rows"]["items"]
    assert {"$ref": "#/components/schemas/Change"} in rows["anyOf"]


_ascii = st.text(alphabet=st.characters(codec="utf-8", max_codepoint=0x7F), max_size=90)


@given(
    st.one_of(
        _ascii,
        st.from_regex(hlc.HLC_PATTERN),
        st.from_regex(hlc.HLC_PATTERN).map(lambda t: t + "\n"),
    )
)
def test_the_document_pattern_and_the_code_agree(text: str) -> None:
    """msgspec validates with ``re.search`` of the document's pattern; hlc uses fullmatch."""
    assert (re.search(hlc.HLC_PATTERN, text) is not None) == hlc.is_valid(text)


BAD_HLCS = [
    "yesterday",
    "1700000000000-00000-dev",
    "001700000000000-00000-dev\n",
    "٠٠١٧٠٠٠٠٠٠٠٠٠٠٠-00000-dev",
    "001700000000000-00000-evil id",
]


@pytest.mark.parametrize("bad", BAD_HLCS)
def test_a_malformed_hlc_is_refused_identically_by_client_and_server(
    server: Server, bad: str
) -> None:
    dev = server.enroll()
    change = {**dev.change("person", {"given_names": "Rosa"}), "hlc": bad}
    # server: quarantined as malformed, with the declaration's reason
    result = server.sync(dev, [change])
    assert statuses(result) == ["rejected"]
    item = result["push"]["results"][0]
    assert item["code"] == ErrorCode.MALFORMED
    # client: the same document inside a pull page is refused with the same reason
    page = protocol.PullPage(protocol.ChangeBlock.of_docs([change]), 1, False, "ep", 1)
    with pytest.raises(ProtocolError) as info:
        protocol.PullPage.decode(page.encode()).parsed_changes()
    with pytest.raises(MalformedChange) as direct:
        Change.from_dict(change)
    assert item["reason"] == str(direct.value)
    assert str(direct.value) in info.value.message
    # and in a snapshot record's versions, refused when the page is decoded
    record = {
        "entity": "person",
        "entity_id": "p1",
        "values": {"a": 1},
        "versions": {"a": [bad, hlc.ZERO]},
    }
    snap = {
        "records": [record],
        "cursor": 1,
        "next_after": None,
        "more": False,
        "epoch": "ep",
        "server_time": 1,
    }
    with pytest.raises(ProtocolError):
        protocol.SnapshotPage.from_dict(snap)


@pytest.mark.parametrize("bad", ["1.2.3.4.5", "12345.0", "0.1.0\n", "v0.1", "١.٢", ""])
def test_a_malformed_client_version_is_refused_identically(server: Server, bad: str) -> None:
    dev = server.enroll()
    body = {"cursor": 0, "limit": 10, "client_version": bad, "protocol_version": 2}
    answer = server.call("POST", "/v1/pull", body, headers=dev.auth)
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == ErrorCode.BAD_REQUEST
    with pytest.raises(ProtocolError) as info:
        protocol.PullRequest.from_dict(body)
    assert answer.json()["error"]["message"] == info.value.message
