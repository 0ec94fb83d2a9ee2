"""``http://`` server addresses are refused except to loopback (issue 12, finding 2's
first half): a relay on the path can neither read the token nor forge a revocation,
because the client never talks to it. ``CHASQUI_ALLOW_HTTP=1`` is the lab option."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.store import Vault
from sync.client import HttpTransport, errors
from sync.client.transport import ENV_ALLOW_HTTP, address_problem
from tests.cli.conftest import PERSON, assert_one_clean_error, ok, run
from tests.conftest import PASS

RELAY = "http://192.0.2.7:8470"  # TEST-NET-1: never routed, never contacted


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://chasqui.minjus.gob.pe", True),
        ("http://127.0.0.1:8470", True),
        ("http://127.5.5.5", True),
        ("http://localhost:8470/", True),
        ("http://[::1]:8470", True),
        (RELAY, False),
        ("http://chasqui.minjus.gob.pe", False),
        ("http://127.0.0.1.evil.example", False),
        ("ftp://127.0.0.1", False),
        ("chasqui.minjus.gob.pe", False),
    ],
)
def test_address_rule(url: str, allowed: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_ALLOW_HTTP, raising=False)
    assert (address_problem(url) is None) is allowed


def test_lab_option_and_transport_backstop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_ALLOW_HTTP, raising=False)
    with pytest.raises(errors.InsecureServer, match="https://"):
        HttpTransport(RELAY, "token")  # refused before any connection is made
    monkeypatch.setenv(ENV_ALLOW_HTTP, "1")
    assert address_problem(RELAY) is None
    HttpTransport(RELAY, "token").close()
    assert address_problem("ftp://x") is not None  # the lab option is for http only


def test_cli_refuses_http_to_a_relay_and_the_vault_keeps_working(vault: Path) -> None:
    ok(["person", "add", "--json", "-"], vault, stdin=json.dumps(PERSON))
    refused = run(["enroll", "--server", RELAY, "--code", "ABCDE-FGHIJ"], vault)
    assert_one_clean_error(refused, 2, "http://", "https://", ENV_ALLOW_HTTP)
    # A vault enrolled over http:// before this rule (or with a tampered address) does not
    # contact the relay: the sync stops with the same message; nothing is wiped.
    store = Vault.unlock(vault, "ana", PASS)
    try:
        replica = store.replica
        replica.set_sync_state("server_url", RELAY)
        replica.set_sync_state("device_token", "t" * 43)
    finally:
        store.lock()
    assert_one_clean_error(run(["sync"], vault), 2, "http://")
    assert "Rosa Elvira" in ok(["person", "list"], vault)
    assert Vault.exists(vault)
