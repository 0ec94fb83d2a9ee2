"""A busy server answers at zstd's fast level (``wire.InFlight``, ``wire.answer_level``).

The middleware counts the requests a process is serving; past ``wire.BUSY_REQUESTS`` an
answer is compressed at ``compression.ZSTD_FAST_LEVEL`` (a burst of laptops), else at
``ZSTD_LEVEL`` (one laptop's exchange keeps its small bodies). Both decode the same."""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.requests import Request

from sync import compression
from sync.server import wire
from tests.server.conftest import Server


def _request(meter: wire.InFlight | None) -> Request:
    scope: dict[str, Any] = {
        "type": "http",
        "method": "POST",
        "path": "/v1/sync",
        "headers": [(b"accept-encoding", b"zstd")],
    }
    if meter is not None:
        scope["chasqui.in_flight"] = meter
    return Request(scope)


def test_answers_are_compressed_fast_only_while_busy() -> None:
    doc = {"changes": [{"text": f"audiencia de alimentos {i}" * 3} for i in range(300)]}
    meter = wire.InFlight(app=None)  # type: ignore[arg-type]
    for count in (0, wire.BUSY_REQUESTS, wire.BUSY_REQUESTS + 1):
        meter.count = count
        answer = wire.respond(_request(meter), dict(doc), "epoch")
        sent = compression.unwrap(answer.body, "zstd")
        level = compression.ZSTD_FAST_LEVEL if count > wire.BUSY_REQUESTS else None
        expected = compression.compress(sent, "zstd", level or compression.ZSTD_LEVEL)
        assert answer.body == expected, count
        other = compression.ZSTD_LEVEL if level else compression.ZSTD_FAST_LEVEL
        assert compression.compress(sent, "zstd", other) != expected  # the levels differ
    plain = wire.respond(_request(None), dict(doc), "epoch")  # no meter: the default level
    assert plain.body == compression.compress(
        compression.unwrap(plain.body, "zstd"), "zstd", compression.ZSTD_LEVEL
    )


def test_the_middleware_counts_requests_in_flight() -> None:
    """Two requests held inside the app at once: both see a count of 2; afterwards 0."""
    seen: list[int] = []
    both_in = asyncio.Event()

    async def inner(scope: Any, receive: Any, send: Any) -> None:
        seen.append(scope["chasqui.in_flight"].count)
        if len(seen) == 2:
            both_in.set()
        await both_in.wait()

    meter = wire.InFlight(inner)

    async def main() -> None:
        await asyncio.gather(*(meter({"type": "http"}, None, None) for _ in range(2)))  # type: ignore[arg-type]

    asyncio.run(main())
    assert seen == [1, 2] and meter.count == 0


def test_the_app_counts_its_requests(server: Server) -> None:
    assert any(m.cls is wire.InFlight for m in server.app.user_middleware)
    assert server.call("GET", "/v1/health").json()["status"] == "ok"
