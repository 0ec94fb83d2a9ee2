"""What becomes of the changes a server refused: re-stamp them once, or quarantine them.

Owns the one decision both ways of pushing share — an online round (``SyncEngine``'s
push results) and a USB reply bundle (``sync.client.bundle``): a genuine change refused
only for its stamp (``protocol.RESTAMP_CODES``: this computer's clock runs ahead, the
stamp names another node) is re-stamped by the store against the server's clock and sent
again — once: refused again after a re-stamp, or refused for any other reason, it goes
to the visible quarantine with the server's reason, and the rest keeps flowing. What
"once" remembers is the caller's: a round remembers within itself, the USB path across
imports (in sync state).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from sync import protocol
from sync.client.ports import ReplicaStore

# How a caller runs a store call (the engine wraps failures as its ``StoreFailure``).
StoreCall = Callable[..., Any]


def _direct(_what: str, fn: Callable[..., Any], *args: Any, **kw: Any) -> Any:
    return fn(*args, **kw)


@dataclass
class Settled:
    restamp: list[str] = field(default_factory=list)  # ids sent to be re-stamped
    restamped: int = 0  # changes the store re-stamped (the clock correction may add some)
    quarantined: int = 0


def settle(
    store: ReplicaStore,
    results: Iterable[protocol.PushItem],
    sent: Collection[str],
    tried: Collection[str],
    skew_ms: int | None,
    *,
    bound: bool = False,
    call: StoreCall = _direct,
) -> Settled:
    """Re-stamp or quarantine each refused change among ``sent`` (``tried``: the ones
    re-stamped before, which are not re-stamped twice). ``bound``: ``skew_ms`` is only an
    upper bound of the skew (``ReplicaStore.restamp_changes``)."""
    refused = [r for r in results if r.status == protocol.REJECTED and r.change_id in sent]
    out = Settled()
    out.restamp = [
        r.change_id
        for r in refused
        if r.code in protocol.RESTAMP_CODES and r.change_id not in tried
    ]
    if out.restamp:  # genuine changes refused for their stamp: correct the clock, re-send
        done = call("restamp", store.restamp_changes, out.restamp, skew_ms, bound=bound)
        out.restamped = int(done)
    again = set(out.restamp)
    for item in refused:
        if item.change_id in again:
            continue
        call(
            "quarantine",
            store.quarantine_change,
            item.change_id,
            item.code or "rejected",
            item.reason or "rejected by the server",
        )
        out.quarantined += 1
    return out
