"""When to sync: on connectivity, periodically while online, on demand — one at a time.

Owns a background thread (no Qt: the UI wires the callbacks to signals) that runs the
engine's rounds. A cheap probe (``GET /v1/health``, one small request) tells whether
the server is reachable; while offline it probes every ``probe_every`` seconds and syncs
as soon as the link appears; while online it syncs every ``every`` seconds. ``request()``
asks for a round now: while a round is running, any number of requests coalesce into one
more round afterwards. The engine's own lock guarantees that two rounds never overlap;
the store stays writable during a round (the engine writes in short transactions).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sync.client import errors
from sync.client.engine import SyncEngine
from sync.client.ports import CancelToken, ProgressCallback
from sync.client.report import OFFLINE, REVOKED, UPDATE_REQUIRED, RoundReport
from sync.client.transport import Transport

log = logging.getLogger("chasqui.sync")


def probe(transport: Transport, timeout: float = 10.0) -> bool:
    """True when the server answers ``/v1/health``."""
    try:
        transport.call("GET", "/v1/health", timeout=timeout)
        return True
    except errors.ChasquiError:
        return False


class Scheduler:
    def __init__(
        self,
        engine: SyncEngine,
        *,
        probe_transport: Transport | None = None,
        every: float = 300.0,
        probe_every: float = 30.0,
        on_report: Callable[[RoundReport], None] | None = None,
        on_online: Callable[[bool], None] | None = None,
        progress: ProgressCallback | None = None,
    ) -> None:
        self.engine = engine
        self.probe_transport = probe_transport or engine.transport
        self.every = every
        self.probe_every = probe_every
        self.on_report = on_report
        self.on_online = on_online
        self.progress = progress
        self.online: bool | None = None
        self.rounds = 0
        self._wake = threading.Event()
        self._requested = False
        self._stopping = False
        self._halted = False  # revoked or update required: no automatic rounds
        self._cancel: CancelToken | None = None
        self._mutex = threading.Lock()
        self._thread: threading.Thread | None = None
        self._idle = threading.Event()
        self._idle.set()

    # ------------------------------------------------------------------ control
    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._loop, name="chasqui-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = 30.0) -> None:
        """Cancel a running round cleanly and end the thread."""
        with self._mutex:
            self._stopping = True
            if self._cancel is not None:
                self._cancel.cancel()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def request(self) -> None:
        """Sync as soon as possible (coalesces with a running or pending request)."""
        with self._mutex:
            self._requested = True
            self._idle.clear()
        self._wake.set()

    def cancel(self) -> None:
        """Cancel the running round (if any); the scheduler keeps going."""
        with self._mutex:
            if self._cancel is not None:
                self._cancel.cancel()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until no requested round is pending or running (for tests and the CLI)."""
        return self._idle.wait(timeout)

    # ------------------------------------------------------------------ the loop
    def _loop(self) -> None:
        while True:
            with self._mutex:
                if self._stopping:
                    self._idle.set()
                    return
                requested, self._requested = self._requested, False
            if requested or not self._halted:
                self._tick(requested)
            with self._mutex:
                if self._requested:
                    continue
                self._idle.set()
            wait = self.every if self.online else self.probe_every
            self._wake.wait(wait)
            self._wake.clear()

    def _tick(self, requested: bool) -> None:
        if not requested and self.online is not True:
            online = probe(self.probe_transport)
            self._set_online(online)
            if not online:
                return
        cancel = CancelToken()
        with self._mutex:
            if self._stopping:
                return
            self._cancel = cancel
        try:
            report = self.engine.run_round(progress=self.progress, cancel=cancel)
        except Exception:  # a bug must not kill the scheduler thread
            log.exception("sync round failed unexpectedly")
            report = RoundReport(status="error", errors=["unexpected error; see the log"])
        finally:
            with self._mutex:
                self._cancel = None
        self.rounds += 1
        self._set_online(report.status != OFFLINE)
        if report.status in (REVOKED, UPDATE_REQUIRED):
            self._halted = True
        if self.on_report is not None:
            try:
                self.on_report(report)
            except Exception:
                log.exception("on_report callback failed")

    def _set_online(self, online: bool) -> None:
        changed = online != self.online
        self.online = online
        if changed and self.on_online is not None:
            try:
                self.on_online(online)
            except Exception:
                log.exception("on_online callback failed")
