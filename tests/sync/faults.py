"""Fault-injecting transports for the sync client tests (wrap an ``HttpTransport``).

``PassThrough`` forwards everything (a test's transport subclasses it and fakes one call).
``FaultyTransport`` decides per call, through a ``plan`` function, to pass the request,
drop it before it reaches the server (``"drop_request"``), deliver it and lose the
answer (``"drop_response"``), deliver it twice (``"duplicate"``), or cut the link for
good (``"cut"``: every later call fails until ``heal()``). It counts what it saw."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sync.client.errors import LinkError
from sync.client.transport import Exchange, Transport

Plan = Callable[[int, str, Any], str]  # (call number, path, doc) -> action


class PassThrough:
    """Forwards every call to ``inner``; a test's transport overrides only what it fakes."""

    def __init__(self, inner: Transport) -> None:
        self.inner = inner

    def call(
        self,
        method: str,
        path: str,
        doc: Any = None,
        *,
        timeout: float | None = None,
        headers: dict[str, str] | None = None,
        sent: Callable[[], None] | None = None,
    ) -> Exchange:
        if headers is None and sent is None:
            return self.inner.call(method, path, doc, timeout=timeout)
        # a pipelined push names its predecessor and wants to know when its body is out
        # (HttpTransport.call takes headers and sent)
        return self.inner.call(method, path, doc, timeout=timeout, headers=headers, sent=sent)  # type: ignore[call-arg]

    def put_chunk(
        self, sha256: str, start: int, data: bytes, total: int, *, timeout: float | None = None
    ) -> Exchange:
        return self.inner.put_chunk(sha256, start, data, total, timeout=timeout)

    def get_range(
        self, sha256: str, start: int, end: int, *, timeout: float | None = None
    ) -> Exchange:
        return self.inner.get_range(sha256, start, end, timeout=timeout)

    def close(self) -> None:
        self.inner.close()


@dataclass
class FaultyTransport:
    inner: Transport
    plan: Plan = field(default=lambda n, path, doc: "pass")
    calls: int = 0
    delivered: int = 0
    cut: bool = False
    log: list[tuple[str, str]] = field(default_factory=list)
    pushed_changes: int = 0  # changes in delivered /v1/sync requests

    def heal(self) -> None:
        self.cut = False
        self.plan = lambda n, path, doc: "pass"

    def call(
        self, method: str, path: str, doc: Any = None, *, timeout: float | None = None
    ) -> Exchange:
        self.calls += 1
        if self.cut:
            self.log.append((path, "cut"))
            raise LinkError(f"{path}: connection cut (test)")
        action = self.plan(self.calls, path, doc)
        self.log.append((path, action))
        if action == "cut":
            self.cut = True
            raise LinkError(f"{path}: connection cut (test)")
        if action == "drop_request":
            raise LinkError(f"{path}: request lost (test)")
        ex = self._deliver(method, path, doc, timeout)
        if action == "duplicate":
            ex = self._deliver(method, path, doc, timeout)
        if action == "drop_response":
            raise LinkError(f"{path}: response lost (test)")
        if action == "cut_after":
            self.cut = True
            raise LinkError(f"{path}: connection cut after delivery (test)")
        return ex

    def _deliver(self, method: str, path: str, doc: Any, timeout: float | None) -> Exchange:
        self.delivered += 1
        if path == "/v1/sync" and isinstance(doc, dict):
            self.pushed_changes += len(doc.get("changes", {}).get("rows", []))
        return self.inner.call(method, path, doc, timeout=timeout)

    def put_chunk(
        self, sha256: str, start: int, data: bytes, total: int, *, timeout: float | None = None
    ) -> Exchange:
        if self.cut:
            raise LinkError("attachment: connection cut (test)")
        return self.inner.put_chunk(sha256, start, data, total, timeout=timeout)

    def get_range(
        self, sha256: str, start: int, end: int, *, timeout: float | None = None
    ) -> Exchange:
        if self.cut:
            raise LinkError("attachment: connection cut (test)")
        return self.inner.get_range(sha256, start, end, timeout=timeout)

    def close(self) -> None:
        self.inner.close()
