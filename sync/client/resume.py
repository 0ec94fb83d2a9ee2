"""Resuming an upload after a cut: ask what the server holds before sending it again.

Owns the sync-state key ``pushed_upto`` (``ports.KEY_PUSHED_UPTO``: the highest ``seq``
this device has put on the wire) and ``Sent``, a round's use of it. A cut loses the
body on the link, and the answers of the batches the server was storing or had
stored: without this, every batch left unanswered was sent again in full (an upload
cut at 90 % sent 33.8-61.7 % of it twice). Now, when the outbox's first waiting change
was already sent (its ``seq`` <= ``pushed_upto``), the round first asks
``POST /v1/held`` (``protocol.HeldRequest``: one small request, the seqs as ranges)
which of the waiting changes sent so far the server holds, and confirms those — as an
identical re-send would have been answered (``duplicate``); the rest is sent as always.
This runs at the start of a round and after a pipelined push fails on the link
(``sync.client.pipeline``). A server without ``/v1/held`` (404) changes nothing: what
was unanswered is sent again, as before. Only changes with derived ids
(``sync.changes.derived_change_id``) are asked about; a change whose answer says
anything else goes the usual way. Re-stamping the outbox (``restamp_changes``) resets
``pushed_upto`` in its transaction: a re-stamped change keeps its id with a new body,
which the server may hold in its old form — it is sent, and the push decides.
"""

from __future__ import annotations

from typing import Any

from sync import protocol
from sync.changes import Change, derived_change_id
from sync.client import errors
from sync.client.ports import KEY_PUSHED_UPTO

HELD_MAX = protocol.MAX_HELD_CHANGES  # waiting changes asked about at once


class Sent:
    """``pushed_upto`` for one round (``run``: the engine's ``_Round``): ``mark(batch)``
    before a batch goes on the wire, ``settle()`` to confirm what a cut left unanswered
    and the server holds."""

    def __init__(self, run: Any) -> None:
        self.run = run
        self._upto: int | None = None
        self._read = False

    @property
    def upto(self) -> int:
        if not self._read:
            value = self.run.local("sent", self.run.store.get_sync_state, KEY_PUSHED_UPTO)
            self._upto = value if type(value) is int else 0
            self._read = True
        return self._upto or 0

    def mark(self, batch: list[Change]) -> None:
        """Remember that ``batch`` goes on the wire now (before it is sent)."""
        top = max((c.seq for c in batch if type(c.seq) is int), default=0)
        if top > self.upto:
            self.run.local("sent", self.run.store.set_sync_state, KEY_PUSHED_UPTO, top)
            self._upto = top

    def settle(self) -> int:
        """Ask the server which waiting changes already sent it holds; confirm them.
        Returns how many were confirmed (0 when nothing sent is waiting)."""
        run, store = self.run, self.run.store
        self._read = False  # read again: a re-stamp this round resets it (store's restamp)
        upto = self.upto
        if not upto:
            return 0
        first = run.local("outbox", store.pending_changes, 1)
        if not first or first[0].seq > upto:
            return 0  # every change sent was answered
        device = store.device_id
        waiting = run.local("outbox", store.pending_changes, HELD_MAX)
        asked = [
            c for c in waiting if c.seq <= upto and c.change_id == derived_change_id(device, c.seq)
        ]
        if not asked:
            return 0
        doc = protocol.HeldRequest.of([c.seq for c in asked], run.e.client_version).to_dict()
        try:
            ex = run.exchange("/v1/held", doc, 16 * len(asked), None)
        except errors.RequestRefused as exc:
            if exc.status in (404, 405):  # a server before /v1/held: send them again
                return 0
            raise
        answer = ex.message(protocol.PushResult, "held answer")
        if run.observe_epoch(answer.epoch):
            return 0  # another server epoch: the outbox was queued again, all goes again
        before = run.report.pushed
        run.push_results(asked, answer.results_for(asked))
        return int(run.report.pushed - before)
