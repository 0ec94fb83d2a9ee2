"""The shapes of the monthly statistics: a section is a small table of numbers.

Owns ``StatRow`` and ``StatSection`` (rows × columns, what is charted, notes), shared
by the statistics sections (``statistics``, ``stats_referrals``), the PDF and the CSV.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

Number = int | Decimal
ChartKind = Literal["bar", "hbar", "pie", "none"]
TOTAL = "Total"


@dataclass(frozen=True)
class StatRow:
    label: str
    values: tuple[Number, ...]


@dataclass(frozen=True)
class StatSection:
    """One table of figures: ``rows`` × ``columns``; ``chart_columns`` are charted."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: list[StatRow]
    chart: ChartKind = "bar"
    chart_columns: tuple[int, ...] = (0,)
    note: str = ""
    row_header: str = ""
    has_total: bool = False  # the last row is a total (not charted)
    money_columns: tuple[int, ...] = ()
    people: bool = False  # its counts describe beneficiaries (``monthly.identifying_cells``)

    def value(self, row: str, column: str | None = None) -> Number:
        index = 0 if column is None else self.columns.index(column)
        for item in self.rows:
            if item.label == row:
                return item.values[index]
        raise KeyError(f"{self.key}: no row {row!r}")
