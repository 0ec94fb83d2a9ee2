"""Pipelined pushes of one device wait for their predecessor instead of being refused.

Owns ``PushOrder``. A pipelined ``/v1/push`` names the last change of the batch sent
before it (``protocol.HEADER_AFTER``) and is taken only once that change is stored
(``ingest.received``, checked again in the write transaction: that check stays the
authority). A follower that arrives while its predecessor is not stored yet — still
being decoded, checked or written, here or in another server process — now waits for
it: re-checked whenever a push finishes in this process and at least every ``STEP_S``;
for as long as a push of the same device that started earlier runs in this process (at
most ``WAIT_S``), and
otherwise for ``GRACE_S`` (a predecessor decoding, or in another process behind the
load balancer). Only then is it answered "not yet" (no results) and sent again by the
client. Before, on a link faster than the server's CPU, a 1,000-change batch refused
for arriving early cost its whole upload again (issue 14).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

WAIT_S = 60.0  # at most this long behind a push of the same device running here
GRACE_S = 5.0  # this long when none runs here (decoding, or in another process)
STEP_S = 0.25  # the predecessor is looked for again at least this often


class PushOrder:
    """The pushes running in this process: per device, the tickets of those running."""

    def __init__(self) -> None:
        self._cv = threading.Condition()
        self._running: dict[str, set[int]] = {}
        self._tickets = 0
        self._finished = 0  # pushes finished so far (wakes the waiters)

    @contextmanager
    def running(self, device_id: str) -> Iterator[int]:
        """Count a push of ``device_id`` as running while the block runs; its ticket
        (pushes of a device started earlier here have smaller ones)."""
        with self._cv:
            self._tickets += 1
            ticket = self._tickets
            self._running.setdefault(device_id, set()).add(ticket)
        try:
            yield ticket
        finally:
            with self._cv:
                mine = self._running[device_id]
                mine.discard(ticket)
                if not mine:
                    del self._running[device_id]
                self._finished += 1
                self._cv.notify_all()

    def quiet(
        self, device_id: str, wait: float, elsewhere: Callable[[], bool] | None = None
    ) -> bool:
        """Wait until no push of ``device_id`` runs in this process — nor, when given,
        ``elsewhere()`` says one is being stored (by any process: ``held.claimed``, read
        at least every ``STEP_S``) — at most ``wait`` seconds; whether none runs
        (``POST /v1/held`` answers only then: a batch whose answer a cut lost may still
        be being stored). The questions of a device share one such wait
        (``held.Questions``: one thread of the shared pool per device, review 6 F5)."""
        deadline = time.monotonic() + wait
        while True:
            with self._cv:
                while self._running.get(device_id):
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return False
                    self._cv.wait(left)
            if elsewhere is None or not elsewhere():  # read outside the lock
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            with self._cv:  # woken early when a push ends here
                self._cv.wait(min(left, STEP_S))

    def wait_stored(
        self,
        device_id: str,
        ticket: int,
        stored: Callable[[], bool],
        *,
        wait: float | None = None,
        grace: float | None = None,
        step: float | None = None,
    ) -> bool:
        """Wait until ``stored()`` — while a push of the device that started before
        ``ticket`` runs here (at most ``wait`` seconds), else for ``grace`` seconds,
        re-checked when a push finishes here and every ``step`` seconds (defaults: the
        module's constants, read at the call); its last answer."""
        wait = WAIT_S if wait is None else wait
        grace = GRACE_S if grace is None else grace
        step = STEP_S if step is None else step
        started = time.monotonic()
        while True:
            with self._cv:
                seen = self._finished
            if stored():
                return True
            with self._cv:
                earlier = any(t < ticket for t in self._running.get(device_id, ()))
                if time.monotonic() - started >= (wait if earlier else grace):
                    return False
                if self._finished == seen:  # nothing finished since the check: wait
                    self._cv.wait(step)
