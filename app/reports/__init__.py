"""PDF documents and statistics: intake record, case summary, hearing agenda, monthly report.

Public API (``app.reports``)::

    render_intake(store, intake_id, *, generated_by=None) -> bytes
    render_case(store, case_id, *, generated_by=None) -> bytes
    render_agenda(store, date_from, date_to, *, defender=None, generated_by=None) -> bytes
    monthly_statistics(store, "YYYY-MM", defender=None, ceiling=120) -> MonthlyStats
    render_monthly(stats, *, generated_by=None) -> bytes
    stats_to_csv(stats) -> str                     # UTF-8 text with BOM: seccion,fila,columna,valor
    export_pdf(store, pdf_bytes, path, password=None, audit_detail=None,
               entity=None, entity_id=None) -> Path   # AES-256 via pypdf, atomic, audited
    export_csv(store, text, path, audit_detail=None) -> Path

Layers: ``data`` reads the store (SQL), ``statistics`` computes figures from plain rows,
``documents``/``monthly``/``charts``/``layout`` render plain data, ``export`` writes.
The CLI commands are in ``app.reports.cli`` (``add_report_commands``).
"""

from __future__ import annotations

import importlib
from typing import Any

# Rendering pulls in reportlab and pypdf (~0.35 s): load it on first use, so that the CLI
# and the UI start fast and pay for it only when a document is made.
_LAZY = {
    "monthly_statistics": "app.reports.api",
    "render_agenda": "app.reports.api",
    "render_case": "app.reports.api",
    "render_intake": "app.reports.api",
    "render_monthly": "app.reports.api",
    "InvalidReportInput": "app.reports.errors",
    "ReportError": "app.reports.errors",
    "export_csv": "app.reports.export",
    "export_pdf": "app.reports.export",
    "stats_to_csv": "app.reports.monthly",
    "MonthlyStats": "app.reports.statistics",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'app.reports' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
