"""The reports API the CLI and the UI call: store in, PDF bytes / statistics / CSV out.

``render_*`` read through the store and return PDF bytes built in memory; nothing is
written or audited until ``export_pdf`` / ``export_csv`` (``export.py``) is called with a
path the user chose. ``generated_by`` defaults to the display name of the store's user.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from app.reports import data
from app.reports.documents import agenda_pdf, case_pdf, intake_pdf
from app.reports.errors import InvalidReportInput
from app.reports.layout import DocumentMeta
from app.reports.model import Agenda
from app.reports.monthly import monthly_pdf, monthly_title
from app.reports.statistics import DEFAULT_CEILING, MonthlyStats, compute_monthly
from app.reports.timefmt import format_date, now_lima, parse_month

CONFIDENTIAL = "Documento confidencial — contiene datos personales protegidos por la Ley N.° 29733"


def document_meta(
    store: data.ReadStore,
    title: str,
    generated_by: str | None,
    now: datetime | None,
    subtitle: str = "",
) -> DocumentMeta:
    return DocumentMeta(
        title=title,
        office_name=data.office_name(store),
        generated_by=generated_by or data.current_user_label(store),
        generated_at=now or now_lima(),
        subtitle=subtitle,
    )


def render_intake(
    store: data.ReadStore,
    intake_id: str,
    *,
    generated_by: str | None = None,
    now: datetime | None = None,
) -> bytes:
    """The intake record (ficha de atención) of ``intake_id`` as PDF bytes."""
    record = data.intake_record(store, intake_id)
    meta = document_meta(store, record.form_title, generated_by, now, CONFIDENTIAL)
    return intake_pdf(record, meta)


def render_case(
    store: data.ReadStore,
    case_id: str,
    *,
    generated_by: str | None = None,
    now: datetime | None = None,
) -> bytes:
    """The case summary of ``case_id`` as PDF bytes."""
    case = data.case_summary(store, case_id)
    title = f"Resumen del caso {case.internal_number}"
    return case_pdf(case, document_meta(store, title, generated_by, now, CONFIDENTIAL))


def agenda_data(
    store: data.ReadStore, date_from: date, date_to: date, defender: str | None = None
) -> Agenda:
    defender_id = data.resolve_defender(store, defender) if defender else None
    return data.agenda(store, date_from, date_to, defender_id)


def render_agenda(
    store: data.ReadStore,
    date_from: date,
    date_to: date,
    *,
    defender: str | None = None,
    generated_by: str | None = None,
    now: datetime | None = None,
) -> bytes:
    """Hearings and deadlines from ``date_from`` to ``date_to`` (both included)."""
    agenda = agenda_data(store, date_from, date_to, defender)
    subtitle = f"Del {format_date(date_from)} al {format_date(date_to)}"
    if agenda.defender:
        subtitle += f" — Defensor(a): {agenda.defender}"
    title = "Agenda de audiencias y plazos"
    return agenda_pdf(agenda, document_meta(store, title, generated_by, now, subtitle))


def monthly_statistics(
    store: data.ReadStore,
    month: str,
    defender: str | None = None,
    ceiling: int = DEFAULT_CEILING,
    *,
    today: date | None = None,
) -> MonthlyStats:
    """Every figure of the monthly report for ``month`` ("YYYY-MM")."""
    try:
        start, end = parse_month(month)
    except ValueError as exc:
        raise InvalidReportInput(str(exc)) from None
    if ceiling <= 0:
        raise InvalidReportInput("el tope de carga debe ser un número mayor que cero")
    today = today or now_lima().date()
    if start > today:
        raise InvalidReportInput(f"el mes {month} todavía no ha empezado")
    defender_id = data.resolve_defender(store, defender) if defender else None
    reference = min(today, date.fromordinal(end.toordinal() - 1))
    rows = data.monthly_input(store, start, end, reference)
    stats = compute_monthly(
        rows,
        defender_id=defender_id,
        ceiling=ceiling,
        outcome_labels=outcome_labels(),
        generated_at=now_lima(),
    )
    office = None
    if defender_id is None:  # the office's times and load over the 12 months up to this one
        from app.reports.office_figures import office_figures

        first = start
        for _ in range(11):
            first = (first - timedelta(days=1)).replace(day=1)
        office = office_figures(store, first, reference, ceiling, today=today)
    return replace(stats, generated_by=data.current_user_label(store), office=office)


def outcome_labels() -> dict[str, str]:
    """Spanish labels of the closure outcomes, from the cierre_caso form definition."""
    form = data.definition("cierre_caso", None)
    spec = form.by_name.get("resultado") if form is not None else None
    return {str(c.value): str(c.label.get("es", c.value)) for c in (spec and spec.choices) or []}


def render_monthly(
    stats: MonthlyStats,
    *,
    generated_by: str | None = None,
    now: datetime | None = None,
) -> bytes:
    """The monthly statistics (tables and charts) as PDF bytes."""
    meta = DocumentMeta(
        title=monthly_title(stats),
        office_name=stats.office_name,
        generated_by=generated_by or stats.generated_by or "—",
        generated_at=now or stats.generated_at or now_lima(),
    )
    return monthly_pdf(stats, meta)
