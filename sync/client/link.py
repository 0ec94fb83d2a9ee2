"""Adapting to the link: measured round-trip time and throughput, AIMD batch sizes,
timeouts, and retries with exponential backoff and jitter.

Owns the numbers of a bad link. ``LinkEstimator`` keeps an EWMA of the round-trip time
(the time of small requests) and of the throughput (bytes per second of large ones);
a batch grows additively while requests finish well within the target time and halves
on a timeout, a cut or a "too large" (AIMD, as TCP does). Pull and snapshot pages are
also sized in bytes (``page_bytes``: what the link carries in the target time), down to
a single change. The timeout of a request is
what the measured link needs for its bytes, with a wide margin. ``Backoff`` computes the
waits between retries (exponential, jittered, capped); the sleeper is injected so tests never
sleep.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sync.protocol import MAX_PAGE_BYTES, MAX_PUSH_CHANGES, MIN_PAGE_BYTES


@dataclass
class Aimd:
    """A batch size that grows by ``step`` on success and halves on failure."""

    size: int
    minimum: int
    maximum: int
    step: int

    def grow(self) -> None:
        self.size = min(self.maximum, self.size + self.step)

    def shrink(self) -> None:
        self.size = max(self.minimum, self.size // 2)


class LinkEstimator:
    """Round-trip time and throughput of the link, batch sizes and timeouts from them."""

    def __init__(
        self,
        push: Aimd | None = None,
        pull: Aimd | None = None,
        target_seconds: float = 8.0,
        min_timeout: float = 15.0,
        max_timeout: float = 300.0,
    ) -> None:
        # a first upload starts at 1,000 changes and grows to the protocol's maximum:
        # one compression context per batch, so bigger batches are fewer bytes per change
        # (9,000 changes: 61.6 B each in batches of 200, 44.5 at 1,000, 39.9 at 3,000)
        self.push = push or Aimd(size=1000, minimum=5, maximum=MAX_PUSH_CHANGES, step=1000)
        # pages shrink down to one change (a page also never exceeds its byte budget)
        self.pull = pull or Aimd(size=500, minimum=1, maximum=2000, step=500)
        self.page_shrink = 1  # divisor of the page byte budget after a "too large"
        self.target_seconds = target_seconds
        self.min_timeout = min_timeout
        self.max_timeout = max_timeout
        self.rtt: float | None = None  # seconds
        self.throughput: float | None = None  # bytes per second (payload)
        self.samples = 0

    def observe(self, seconds: float, bytes_total: int) -> None:
        """Record one finished exchange."""
        self.samples += 1
        seconds = max(seconds, 1e-4)
        if self.rtt is None or seconds < self.rtt:
            self.rtt = seconds if self.rtt is None else 0.5 * self.rtt + 0.5 * seconds
        else:
            self.rtt = 0.9 * self.rtt + 0.1 * seconds
        transfer = seconds - (self.rtt or 0.0)
        if bytes_total > 16_384 and transfer > 0.01:
            rate = bytes_total / transfer
            self.throughput = (
                rate if self.throughput is None else 0.7 * self.throughput + 0.3 * rate
            )

    def succeeded(self, aimd: Aimd, seconds: float, full: bool) -> None:
        """A batch went through: grow it if it was full and fast enough."""
        if full and seconds < self.target_seconds / 2:
            aimd.grow()
        elif seconds > self.target_seconds:
            aimd.shrink()

    def failed(self, aimd: Aimd) -> None:
        aimd.shrink()

    def page_bytes(self) -> int:
        """The byte budget of a pull or snapshot page: what the measured link carries in
        about the target time (page text compresses ~3x), within the protocol's bounds."""
        rate = self.throughput if self.throughput is not None else 64_000.0
        wanted = int(3 * rate * self.target_seconds) // self.page_shrink
        return max(MIN_PAGE_BYTES, min(MAX_PAGE_BYTES, wanted))

    def pages_too_large(self) -> bool:
        """Halve page sizes (count and bytes) after a "too large"; False at the floor."""
        if self.pull.size <= self.pull.minimum and self.page_bytes() <= MIN_PAGE_BYTES:
            return False
        self.pull.shrink()
        self.page_shrink *= 2
        return True

    def timeout_for(self, bytes_expected: int) -> float:
        """A timeout for a request moving about ``bytes_expected`` bytes."""
        rtt = self.rtt if self.rtt is not None else 1.0
        rate = self.throughput if self.throughput is not None else 4_000.0  # ~32 kbit/s
        need = 2 * rtt + bytes_expected / rate
        return max(self.min_timeout, min(self.max_timeout, 3 * need))


class Backoff:
    """Exponential backoff with jitter: wait in [c/2, c] with c = min(cap, base * 2**attempt)."""

    def __init__(
        self,
        base: float = 1.0,
        cap: float = 60.0,
        attempts: int = 6,
        rng: random.Random | None = None,
    ) -> None:
        self.base = base
        self.cap = cap
        self.attempts = attempts
        self._rng = rng or random.Random()

    def delay(self, attempt: int) -> float:
        ceiling = min(self.cap, self.base * (2**attempt))
        return ceiling / 2 + self._rng.uniform(0, ceiling / 2)
