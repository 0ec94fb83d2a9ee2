"""Adapters from the other packages to the UI ports, each optional until it lands.

Owns: ``make_reports`` (``ReportsPort`` over ``app.reports``), ``make_sync`` (``SyncPort``
over ``sync.client`` when it provides an engine), ``form_factory`` (the renderer of
``app/ui/forms`` as the intake page's ``FormFactory``) and ``enroll_function`` (device
enrollment from ``sync.client``). Each returns None while its package is missing, and the
screens then say so; nothing here is a stand-in.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale

from app import office_time
from app.ui.ports import Backend, Enroll, FormFactory, ReportsPort, SyncPort

log = logging.getLogger(__name__)


def _optional(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


def _detail(report: str, password: str | None, needed: bool = True) -> dict[str, str]:
    """Audit detail of a desktop PDF export: protected, declined by an explicit choice, or
    not needed (a figures-only report without a count of 1-4 people)."""
    protection = "password" if password else "declined" if needed else "not_needed"
    return {"report": report, "protection": protection}


MONTHLY = ("monthly", "monthly_previous")


class StoreReports:
    """``ReportsPort`` over ``app.reports`` for the store of ``backend``."""

    def __init__(self, store: Any, user_name: str) -> None:
        self._store = store
        self._user = user_name
        self._judged: dict[str, tuple[Any, list[str]]] = {}

    def _by(self) -> str:
        """Who generates a PDF, by the one display rule (``app.core.user_names``: the
        full name, not the login; fresh8 #11), read when it is generated."""
        from app.reports import data

        return data.current_user_label(self._store) or self._user

    def available(self) -> list[tuple[str, str]]:
        return [
            (
                "agenda",
                QCoreApplication.translate(
                    "reports", "Agenda de audiencias y plazos (próximos 30 días)"
                ),
            ),
            (
                "monthly",
                QCoreApplication.translate("reports", "Estadística mensual (mes en curso)"),
            ),
            (
                "monthly_previous",
                QCoreApplication.translate("reports", "Estadística mensual (mes anterior)"),
            ),
        ]

    def figures_only(self, kind: str) -> bool:
        return kind in MONTHLY

    def _monthly(self, kind: str) -> Any:
        import app.reports as reports

        first = office_time.today().replace(day=1)
        month = first if kind == "monthly" else (first - timedelta(days=1)).replace(day=1)
        return reports.monthly_statistics(self._store, month.strftime("%Y-%m"))

    def small_cells(self, kind: str) -> list[str]:
        from app.reports.monthly import identifying_cells

        stats = self._monthly(kind)
        cells = identifying_cells(stats)
        self._judged[kind] = (stats, cells)
        return cells

    def generate(self, kind: str, path: Path, password: str | None) -> Path:
        import app.reports as reports

        today = office_time.today()
        needed = True
        if kind == "agenda":
            pdf = reports.render_agenda(
                self._store, today, today + timedelta(days=30), generated_by=self._by()
            )
        elif kind in MONTHLY:
            # the figures judged by ``small_cells`` are the ones printed
            stats, cells = self._judged.pop(kind, None) or (self._monthly(kind), None)
            needed = cells != []
            pdf = reports.render_monthly(stats, generated_by=self._by())
        else:
            raise ValueError(f"unknown report kind {kind!r}")
        detail = _detail(kind, password, needed)
        return Path(reports.export_pdf(self._store, pdf, path, password, detail))

    def case_pdf(self, case_id: str, path: Path, password: str | None) -> Path:
        import app.reports as reports

        pdf = reports.render_case(self._store, case_id, generated_by=self._by())
        return Path(
            reports.export_pdf(
                self._store,
                pdf,
                path,
                password,
                _detail("case", password),
                entity="case",
                entity_id=case_id,
            )
        )

    def intake_pdf(self, intake_id: str, path: Path, password: str | None) -> Path:
        import app.reports as reports

        pdf = reports.render_intake(self._store, intake_id, generated_by=self._by())
        return Path(
            reports.export_pdf(
                self._store,
                pdf,
                path,
                password,
                _detail("intake", password),
                entity="intake",
                entity_id=intake_id,
            )
        )


def make_reports(backend: Backend) -> ReportsPort | None:
    # find_spec, not import: reportlab takes ~0.8 s to load; generate() imports it.
    if importlib.util.find_spec("app.reports") is None or not hasattr(backend, "store"):
        return None
    return StoreReports(backend.store, backend.user_name)


def make_sync(
    backend: Backend, server_url: str | None = None, transports: Any = None, prepare: Any = None
) -> SyncPort | None:
    """The sync engine for the backend's store, when ``sync.client`` provides one
    (``transports``: its transport factory, HTTP when None; ``prepare``: run before each
    round, ``SyncSession.prepare``)."""
    module = _optional("app.ui.sync_adapter")
    if module is None or not hasattr(backend, "store"):
        return None
    factory = getattr(module, "make_sync_port", None)
    return factory(backend, server_url, transports, prepare) if factory is not None else None


def form_factory(backend: Backend) -> FormFactory | None:
    """The intake form renderer of ``app/ui/forms``, loaded on the first new intake."""
    if importlib.util.find_spec("app.ui.forms") is None:
        return None
    cache: list[Any] = []

    def factory(sink: Any, parent: Any) -> Any:
        if not cache:
            module = importlib.import_module("app.ui.forms")
            english = QLocale().language() == QLocale.Language.English
            cache.append(module.make_form_factory(backend, lang="en" if english else "es"))
        return cache[0](sink, parent)

    return factory


def enroll_function() -> Enroll | None:
    """Device enrollment, loaded on first use (the sync client pulls in httpx)."""
    if importlib.util.find_spec("app.ui.sync_adapter") is None:
        return None

    def enroll(data_dir: Path, url: str, code: str, user: str, passphrase: str) -> Any:
        module = importlib.import_module("app.ui.sync_adapter")
        return module.enroll(data_dir, url, code, user, passphrase)

    return enroll
