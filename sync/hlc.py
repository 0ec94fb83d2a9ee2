"""Hybrid logical clock: monotonic, causally ordered timestamps shared by client and server.

An HLC timestamp is a string ``"<physical ms, 15 digits>-<counter, 5 digits>-<node>"`` so
that plain string comparison (in Python and in SQL) orders timestamps; the node id (a
device id, or ``server``) breaks ties deterministically. The clock never goes backwards,
even when the wall clock jumps back, and ``observe`` moves it past any remote timestamp
it has seen, so a change is always stamped later than everything its writer knew of.

A peer's clock is not trusted (issue 12, clock poisoning): ``observe`` moves the clock
at most to ``wall + MAX_SKEW_MS``, so a remote stamp far in the future is still ordered
(the record may be applied) but never drags the local clock with it. A saved ``last`` is
resumed as is (monotonic across restarts) unless it is past ``MAX_PLAUSIBLE_MS``, the
damage of a poisoned clock, which is bounded the same way. The server refuses a pushed
change stamped beyond its own wall clock plus the same allowance. The physical part never
leaves its 15 digits: ``now`` raises ``ClockOverflow`` rather than issue another shape.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

# The one spelling of a timestamp and of a node id: the wire declarations
# (``sync.protocol``) and the OpenAPI document use these same patterns. ASCII digits only
# (Python's ``\d`` would also take other scripts' digits). ``$(?!\n)`` is the end of the
# text for Python's ``re`` (whose ``$`` also matches before a final newline) and for the
# ECMAScript engines reading the OpenAPI document alike.
NODE_PATTERN = r"^[A-Za-z0-9_.:]{1,64}$(?!\n)"
HLC_PATTERN = r"^[0-9]{15}-[0-9]{5}-[A-Za-z0-9_.:]{1,64}$(?!\n)"
_HLC_RE = re.compile(HLC_PATTERN)
_NODE_RE = re.compile(NODE_PATTERN)
MAX_COUNTER = 99_999
MAX_MS = 10**15 - 1  # the largest physical part the 15-digit format holds
MAX_PLAUSIBLE_MS = 253_402_300_799_999  # 9999-12-31T23:59:59.999Z: a saved clock past it is damage
# How far ahead of a wall clock a timestamp may be. Laptops' clocks drift, and in the
# field they are often hours off (a wrong time zone is 5 h in Lima); until a refused
# change is re-stamped against the server's clock, an allowance of a day keeps such a
# laptop syncing, while a stamp further ahead is a wrong or hostile clock
# (docs/server.md, "threats"). Far-future poisoning is refused all the same.
MAX_SKEW_MS = 24 * 60 * 60 * 1000
ZERO = "000000000000000-00000-0"  # earlier than every real timestamp


class InvalidTimestamp(ValueError):
    """A string that is not a well-formed HLC timestamp."""


class ClockOverflow(InvalidTimestamp):
    """The clock would leave the 15-digit format (only with a wall clock near year 33658)."""


@dataclass(frozen=True, order=True)
class Timestamp:
    """A parsed HLC timestamp; ordering is (physical ms, counter, node)."""

    ms: int
    counter: int
    node: str

    def encode(self) -> str:
        return f"{self.ms:015d}-{self.counter:05d}-{self.node}"

    @classmethod
    def parse(cls, text: str) -> Timestamp:
        if not is_valid(text):
            raise InvalidTimestamp(f"not an HLC timestamp: {text!r:.80}")
        return cls(int(text[:15]), int(text[16:21]), text[22:])


def is_valid(text: object) -> bool:
    return isinstance(text, str) and _HLC_RE.fullmatch(text) is not None


def wall_clock_ms() -> int:
    return time.time_ns() // 1_000_000


def too_far_ahead(ts: Timestamp, wall_ms: int) -> bool:
    """Whether ``ts`` is further ahead of ``wall_ms`` than the allowed skew."""
    return ts.ms > wall_ms + MAX_SKEW_MS


class HybridLogicalClock:
    """Issues strictly increasing timestamps for one node.

    ``wall`` is injected (tests move it back and forth); the clock is thread-safe because
    the store's writer and the sync engine may both stamp events.
    """

    def __init__(
        self, node: str, wall: Callable[[], int] = wall_clock_ms, last: str | None = None
    ) -> None:
        if not _NODE_RE.fullmatch(node):
            raise ValueError("HLC node id must be 1-64 characters of [A-Za-z0-9_.:]")
        self.node = node
        self._wall = wall
        self._lock = threading.Lock()
        self._ms = 0
        self._counter = 0
        if last is not None:  # this node's own clock, saved: stays monotonic unless absurd
            own = Timestamp.parse(last)
            if own.ms <= MAX_PLAUSIBLE_MS:
                self._ms, self._counter = own.ms, own.counter
            else:  # beyond year 9999: a poisoned clock (saved by an older version)
                self._advance_past(own)

    def _advance_past(self, ts: Timestamp) -> None:
        """Move past ``ts``, but never beyond the wall clock plus ``MAX_SKEW_MS``."""
        ms, counter = ts.ms, ts.counter
        bound = min(self._wall() + MAX_SKEW_MS, MAX_MS)
        if ms > bound:  # a far-future (wrong or hostile) clock: go only as far as the bound
            ms, counter = bound, 0
        if (ms, counter) > (self._ms, self._counter):
            self._ms, self._counter = ms, counter

    def _bump(self, wall_ms: int) -> None:
        if wall_ms > self._ms:
            ms, counter = wall_ms, 0
        elif self._counter < MAX_COUNTER:
            ms, counter = self._ms, self._counter + 1
        else:  # counter exhausted within one ms: borrow the next millisecond
            ms, counter = self._ms + 1, 0
        if not 0 <= ms <= MAX_MS:
            raise ClockOverflow(f"the clock would leave the 15-digit HLC format ({ms} ms)")
        self._ms, self._counter = ms, counter

    def now(self) -> str:
        """A new timestamp for a local event, later than every one issued or observed."""
        with self._lock:
            self._bump(self._wall())
            return Timestamp(self._ms, self._counter, self.node).encode()

    def observe(self, remote: str) -> None:
        """Move the clock past a timestamp received from another node (up to the bound)."""
        ts = Timestamp.parse(remote)
        with self._lock:
            self._advance_past(ts)

    def last(self) -> str:
        with self._lock:
            return Timestamp(self._ms, self._counter, self.node).encode()
