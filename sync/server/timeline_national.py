"""The national timeliness cells of one period as the sum of every office's counts, kept
up to date office by office.

Owns ``NationalCounts``: for each interval, day kind (calendar, working) and group kind
(total, matter, court, period), the national cells' counts per duration — observations
ending there and events among them (``timeline_figures.counts``) —, which are the sums
of every office's. ``sync(parts)`` takes each office's timeline (``timeline_figures.
Arrays``) and, for the offices whose arrays changed since the last call (a sync), takes
their old counts out and puts their new ones in — one office's few thousand cases, not
the nation's million —; ``figures()`` runs Kaplan–Meier on the summed cells
(``timeline_figures.km``, the same integer counts and operations as estimating over every
case at once: the same figures bit for bit). The cells are dense (national cells x
durations of the period): ``fits(start, end)`` says whether a period is short enough to
keep them, ``holds(parts)`` whether the offices' groups (their distinct matter and court
labels) keep each kind's cells within ``MAX_CELLS`` — checked before counting, so a device
that invents court codes cannot make them grow (review 6 F4); the dashboard estimates
other periods from the arrays instead, and keeps the national cells of ``KEPT`` periods.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np

from stats import timeliness as tl
from sync.server import timeline_tally
from sync.server.timeline_figures import (
    NATIONAL,
    Arrays,
    Ints,
    Period,
    counts,
    figures_of,
    km,
)

_KINDS = ("total", "matter", "court", "period")
MAX_CELLS = 220_000  # durations x national cells of a kind kept (a period of ~3 years)
_GUESS_CELLS = 200  # national cells of a kind assumed by ``fits`` (courts: a hundred or so)


KEPT = 3  # periods whose national cells the dashboard keeps


def fits(start: dt.date, end: dt.date) -> bool:
    """Whether a period's national cells are small enough to keep (``MAX_CELLS``)."""
    return ((end - start).days + 1) * _GUESS_CELLS <= MAX_CELLS


class NationalCounts:
    """The national cells' counts of one period, summed office by office (``sync``)."""

    def __init__(self, start: dt.date, end: dt.date, calendar: Any = None) -> None:
        self.period = Period.of(start, end, calendar)
        self.names: dict[str, dict[str, int]] = {kind: {} for kind in _KINDS}
        self.names["period"] = {month: n for n, month in enumerate(self.period.months)}
        # (interval code, working, kind) -> [leaving, died], cells x durations
        self.cells: dict[tuple[str, bool, str], list[Ints]] = {}
        self.seen: dict[str, Arrays] = {}  # office id -> the arrays counted in
        self.counted = 0  # offices counted in so far (tests, bench)

    def holds(self, parts: Mapping[str, Arrays]) -> bool:
        """Whether the national cells of ``parts`` stay within ``MAX_CELLS`` per kind."""
        for kind in ("matter", "court"):
            names = set(self.names[kind])
            for part in parts.values():
                names.update(timeline_tally.label(kind, matter if kind == "matter" else court)
                             for matter, court in part.groups)  # fmt: skip
                if len(names) * self.period.span > MAX_CELLS:
                    return False
        return len(self.names["period"]) * self.period.span <= MAX_CELLS

    def sync(self, parts: Mapping[str, Arrays]) -> int:
        """Count in the offices whose arrays changed (or are new) and out those gone or
        replaced; the number of offices counted again."""
        old = [arrays for office, arrays in self.seen.items() if parts.get(office) is not arrays]
        new = [arrays for office, arrays in parts.items() if self.seen.get(office) is not arrays]
        if old:
            self._add(_joined(old), -1)
        if new:
            self._add(_joined(new), 1)
        self.seen = dict(parts)
        self.counted += len(new)
        return len(new)

    def _cell_of(self, kind: str, groups: list[tuple[str, str]]) -> Ints:
        """Each group's national cell of ``kind`` (new names get a new cell)."""
        names = self.names[kind]
        out = []
        for matter, court in groups:
            name = (
                tl.TOTAL if kind == "total"
                else timeline_tally.label(kind, matter if kind == "matter" else court)
            )  # fmt: skip
            if name not in names:
                names[name] = len(names)
            out.append(names[name])
        return np.array(out, np.int64)

    def _add(self, arrays: Arrays, sign: int) -> None:
        span = self.period.span
        cell_of = {kind: self._cell_of(kind, arrays.groups) for kind in _KINDS[:-1]}
        for interval in tl.INTERVALS:
            group, days, working, event, month = self.period.observations(
                arrays.cases.astype(np.int64), interval
            )
            for kind in _KINDS:
                cell = month if kind == "period" else cell_of[kind][group]
                size = len(self.names[kind])
                for is_working, times in ((False, days), (True, working)):
                    found = counts(cell * span + times, event, size, span)
                    kept = self.cells.setdefault(
                        (interval.code, is_working, kind),
                        [np.zeros((0, span), np.int64), np.zeros((0, span), np.int64)],
                    )
                    for i, counted in enumerate(found):
                        if len(kept[i]) < size:  # new names: cells added, empty
                            grown = np.zeros((size, span), np.int64)
                            grown[: len(kept[i])] = kept[i]
                            kept[i] = grown
                        kept[i] += sign * counted

    def figures(self) -> list[tl.Figure]:
        """The national figures (``stats.timeliness.figure_order``)."""
        out: dict[str, list[tl.Figure]] = {}
        for (interval, working, kind), (leaving, died) in self.cells.items():
            names = sorted(self.names[kind], key=self.names[kind].__getitem__)
            keys = [(NATIONAL, name) for name in names]
            alive, n, events, quartiles = km(leaving, died)
            figures_of(out, kind, interval, working, keys, alive, n, events, quartiles,
                       self.period.span)  # fmt: skip
        return sorted(out.get(NATIONAL, []), key=tl.figure_order)


def _joined(parts: list[Arrays]) -> Arrays:
    """Several offices' arrays as one (their groups one after the other)."""
    groups: list[tuple[str, str]] = []
    blocks = []
    for part in parts:
        block = part.cases.astype(np.int64)
        block[:, 0] += len(groups)
        blocks.append(block)
        groups += part.groups
    if not blocks:
        return Arrays.empty()
    return Arrays(groups, np.concatenate(blocks))
