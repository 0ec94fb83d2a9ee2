"""ReDoS (issue 12, finding 6): a published form whose ``regex()`` patterns backtrack
catastrophically on a backtracking engine — ``(a|a)*b``, ``.*.*.*.*x``, ``a*a*...b``,
``(a+)+c`` — cannot delay validation, and form validation runs outside the server's
write lock, so a slow validation would delay only its own request.

Against a real uvicorn server on loopback (SQLite and PostgreSQL).
"""

from __future__ import annotations

import json
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from forms import expr
from sync import compression
from tests.server import test_uvicorn
from tests.server.conftest import DATA, Device, Server, readable
from tests.server.test_uvicorn import LiveServer

live = test_uvicorn.live  # the uvicorn-on-loopback fixture
HOSTILE_FORM = DATA / "redos.v1.json"
EVIL = ["(a|a)*b", ".*.*.*.*x", "a*" * 30 + "b", "(a+)+c"]


def _push(live: LiveServer, dev: Device, changes: list[dict[str, Any]]) -> dict[str, Any]:
    content, headers = compression.encode(dev.batch(changes), compression.ZSTD)
    with httpx.Client(base_url=live.base_url, timeout=60) as client:
        r = client.post("/v1/sync", content=content, headers={**headers, **dev.auth})
    assert r.status_code == 200, r.text
    return readable(r.json(), changes)


def _intake(dev: Device, name: str) -> dict[str, Any]:
    return dev.change(
        "intake",
        {"form_id": "redos", "form_version": 1, "status": "submitted",
         "answers": json.dumps({"nombre": name})},
    )  # fmt: skip


def test_backtracking_patterns_match_in_linear_time() -> None:
    # On Python's re, (a|a)*b on 30 'a's takes seconds; each extra character doubles it.
    start = time.perf_counter()
    for pattern in EVIL:
        assert expr.check_pattern(pattern) is None  # accepted: RE2 makes them harmless
        node = expr.parse(f"regex(${{t}}, '{pattern}')")
        for n in (30, 100, expr.MAX_REGEX_INPUT):
            assert expr.evaluate(node, lambda _r, n=n: "a" * n, None) is False
    assert time.perf_counter() - start < 1.0
    # What RE2 cannot do linearly is refused when the form is checked, not run.
    for pattern in [r"(a)\1", "(?=a)b", "(?<!a)b"]:
        assert expr.check_pattern(pattern) is not None
    assert re.fullmatch("(a|a)*b", "aab")  # the same patterns still mean what they say
    node = expr.parse("regex(${t}, '(a|a)*b')")
    assert expr.evaluate(node, lambda _r: "aab", None) is True


def test_hostile_form_cannot_delay_another_offices_push(server: Server, live: LiveServer) -> None:
    server.admin.publish_form(HOSTILE_FORM)
    attacker, victim = server.enroll("LIMA"), server.enroll("CUSCO")
    hostile = [_intake(attacker, "a" * 1000) for _ in range(20)]
    start = time.perf_counter()
    result = _push(live, attacker, hostile)
    elapsed = time.perf_counter() - start
    assert {r["status"] for r in result["push"]["results"]} == {"rejected"}
    assert elapsed < 5.0, elapsed  # 20 intakes x 4 patterns x 1000 characters
    # The victim office keeps syncing: its push is accepted and its device pulls it.
    person = victim.change("person", {"given_names": "Rosa", "paternal_surname": "Quispe"})
    assert _push(live, victim, [person])["push"]["results"][0]["status"] == "accepted"
    assert server.admin.record("person", person["entity_id"]) is not None
    good = _intake(attacker, "ab")
    assert _push(live, attacker, [good])["push"]["results"][0]["status"] == "accepted"


def test_form_validation_runs_outside_the_write_lock(server: Server, live: LiveServer) -> None:
    """Hold one push inside its form validation; another office's push still completes."""
    server.admin.publish_form(HOSTILE_FORM)
    attacker, victim = server.enroll("LIMA"), server.enroll("CUSCO")
    forms = server.app.state.chasqui.forms
    entered, release = threading.Event(), threading.Event()
    original = forms.check

    def held_check(*args: Any) -> list[str]:
        entered.set()
        assert release.wait(60), "the test never released the validation"
        problems: list[str] = original(*args)
        return problems

    forms.check = held_check
    try:
        with ThreadPoolExecutor(2) as pool:
            slow = pool.submit(_push, live, attacker, [_intake(attacker, "ab")])
            assert entered.wait(60)
            person = victim.change("person", {"given_names": "Ana", "paternal_surname": "Mamani"})
            # Would block forever (until release) if validation held the write lock.
            quick = pool.submit(_push, live, victim, [person])
            assert quick.result(timeout=60)["push"]["results"][0]["status"] == "accepted"
            assert not slow.done()
            release.set()
            assert slow.result(timeout=60)["push"]["results"][0]["status"] == "accepted"
    finally:
        release.set()
        forms.check = original
