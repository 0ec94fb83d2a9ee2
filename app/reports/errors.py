"""Errors the reports package raises on purpose (drawn in the one tree in ``sync/errors.py``).

``ReportError`` is the base. ``InvalidReportInput`` means the caller asked for something
that cannot be (unknown id, bad month, dates reversed, unknown defender, bad output
path): exit 2. A file that cannot be written (disk full, read-only folder) raises the
tree's ``StorageUnavailable`` classes from ``sync.errors.atomic_write``: exit 1.
Messages are Spanish, for the user, and never carry record data.
"""

from __future__ import annotations

from sync.errors import ChasquiError


class ReportError(ChasquiError):
    """Base of the reports errors."""


class InvalidReportInput(ReportError):
    """The request names something that does not exist or is malformed."""


class FontsMissing(ReportError):
    """The DejaVu font files are not where the app ships them (a broken install)."""
