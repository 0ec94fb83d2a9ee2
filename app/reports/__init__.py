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

from app.reports.api import (
    monthly_statistics,
    render_agenda,
    render_case,
    render_intake,
    render_monthly,
)
from app.reports.errors import ExportFailed, InvalidReportInput, ReportError
from app.reports.export import export_csv, export_pdf
from app.reports.monthly import stats_to_csv
from app.reports.statistics import MonthlyStats

__all__ = [
    "ExportFailed",
    "InvalidReportInput",
    "MonthlyStats",
    "ReportError",
    "export_csv",
    "export_pdf",
    "monthly_statistics",
    "render_agenda",
    "render_case",
    "render_intake",
    "render_monthly",
    "stats_to_csv",
]
