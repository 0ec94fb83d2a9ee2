"""Errors the reports package raises on purpose (the CLI maps them to exit codes).

``ReportError`` is the base. ``InvalidReportInput`` means the caller asked for something
that cannot be (unknown id, bad month, dates reversed, unknown defender, bad output
path): exit 2. ``ExportFailed`` means the file could not be written (disk full,
permissions): exit 1. Messages are Spanish, for the user, and never carry record data.
"""

from __future__ import annotations


class ReportError(Exception):
    """Base of the reports errors."""


class InvalidReportInput(ReportError):
    """The request names something that does not exist or is malformed."""


class ExportFailed(ReportError):
    """The document could not be written where the user asked."""
