"""When a count could single a person out: the one threshold for every figure that leaves
the system without a password or is compared across offices.

Owns ``MIN_CELL`` (5): the server's cross-office views suppress a cell of fewer cases
(``sync.server.report``), and the desktop's monthly statistics — totals only, no names —
ask for a document password exactly when a count of people is 1 to 4
(``identifying``), naming those cells (``app.reports.monthly.identifying_cells``).
"""

from __future__ import annotations

MIN_CELL = 5


def identifying(count: int) -> bool:
    """Whether ``count`` people are few enough to be told apart by someone who knows the
    place (a district, a brigade's village, a language): more than none, fewer than
    ``MIN_CELL``."""
    return 0 < count < MIN_CELL
