"""Screenshots of every main screen into docs/screenshots/ui_*.png (offscreen, 1366x768).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.screenshots [--lang en]``.
Uses a temporary vault filled with synthetic sample data (fast KDF); nothing is kept.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from app.core import hearings, notes
from app.store import KdfParams
from app.ui import wiring
from app.ui.app import make_application
from app.ui.backend import StoreBackend
from app.ui.demo import fill_sample
from app.ui.main_window import MainWindow, Services
from app.ui.vault_port import StoreVault

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots"
SIZE = (1366, 768)
PASS = "captura-pantalla-1"


def pump(until: Callable[[], bool] | None = None, ms: int = 400) -> None:
    """Run the event loop until ``until()`` holds (at most 5 s) or for ``ms``."""
    end = time.monotonic() + (5.0 if until else ms / 1000)
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        if until is not None and until():
            break
        time.sleep(0.01)
    QCoreApplication.processEvents()


def shot(widget: QWidget, name: str, suffix: str) -> Path:
    pump(ms=250)
    path = OUT / f"ui_{name}{suffix}.png"
    widget.grab().save(str(path))
    print(path.relative_to(ROOT))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="es", choices=("es", "en"))
    args = parser.parse_args(argv)
    suffix = "" if args.lang == "es" else "_en"
    app: Any = make_application(args.lang)
    assert isinstance(app, QApplication)
    OUT.mkdir(parents=True, exist_ok=True)
    vault = StoreVault(KdfParams.fast())
    with tempfile.TemporaryDirectory() as tmp:
        # first run
        w0 = MainWindow(
            Services(vault=vault, data_dir=Path(tmp) / "new", make_backend=StoreBackend)
        )
        w0.resize(*SIZE)
        w0.show()
        pump(lambda: w0.first_run is not None)
        assert w0.first_run is not None
        shot(w0, "first_run", suffix)
        w0.first_run.pages.setCurrentIndex(1)
        w0.first_run.office_code.setText("CUS01")
        w0.first_run.office_name.setText("ALEGRA Cusco — Wánchaq")
        w0.first_run.user_name.setText("rosa.huaman")
        w0.first_run.pass1.setText("una frase larga")
        w0.first_run.pass2.setText("una frase larga")
        shot(w0, "first_run_create", suffix)
        w0.first_run._created((None, "K7QF-2M9D-XW4R-8HJT-P3LZ-6NCV-Q1BE-YA5S"))
        shot(w0, "first_run_recovery", suffix)
        w0.close()

        data_dir = Path(tmp) / "vault"
        store, _ = vault.create(data_dir, "CUS01", "ALEGRA Cusco", "rosa", PASS)
        fill_sample(store, 150, seed=11)
        case = store.query("SELECT id FROM legal_case ORDER BY internal_number LIMIT 1")[0]["id"]
        now = datetime.now().replace(second=0, microsecond=0)
        hearings.schedule_hearing(
            store,
            case,
            (now - timedelta(days=1)).isoformat(),
            "Contestar demanda",
            None,
            "deadline",
        )
        hearings.schedule_hearing(
            store,
            case,
            now.replace(hour=15, minute=30).isoformat(),
            "Audiencia única",
            "Juzgado de Paz Letrado de Wánchaq",
        )
        notes.add_note(store, case, "Se coordinó con el CEM de Wánchaq la medida de protección.")
        store.lock()

        window = MainWindow(
            Services(
                vault=vault,
                data_dir=data_dir,
                make_backend=StoreBackend,
                make_sync=wiring.make_sync,
                make_reports=wiring.make_reports,
                form_factory=wiring.form_factory,
                idle_ms=3_600_000,
            )
        )
        window.resize(*SIZE)
        window.show()
        pump(lambda: window.unlock_screen is not None)
        screen = window.unlock_screen
        assert screen is not None
        screen.pass_edit.setText("equivocada")
        screen.message.setText("Contraseña incorrecta. Inténtelo de nuevo.")
        shot(window, "unlock", suffix)
        screen.pass_edit.setText(PASS)
        screen.submit()
        pump(lambda: window.workspace is not None)
        ws = window.workspace
        assert ws is not None
        pump(ms=800)
        shot(window, "home", suffix)
        ws.navigate("people")
        pump(lambda: ws.people.model.rowCount() > 0)
        shot(window, "people", suffix)
        ws.navigate("cases")
        pump(lambda: ws.cases.model.rowCount() > 0)
        shot(window, "cases", suffix)
        ws.open_record("case", case)
        pump(lambda: ws.case_view.notes.count() > 0)
        shot(window, "case_summary", suffix)
        ws.case_view.tabs.setCurrentIndex(1)
        shot(window, "case_notes", suffix)
        ws.case_view.tabs.setCurrentIndex(2)
        shot(window, "case_hearings", suffix)
        ws.navigate("agenda")
        ws.agenda.period.setCurrentIndex(1)
        pump(lambda: ws.agenda.table.rowCount() > 0)
        shot(window, "agenda", suffix)
        ws.navigate("sync")
        pump(ms=600)
        shot(window, "sync", suffix)
        ws.navigate("reports")
        shot(window, "reports", suffix)
        ws.new_intake()
        page = ws.intake
        first = store_first_person(ws)
        page.given.setText(first["given_names"])
        page.paternal.setText(first["paternal_surname"])
        page.maternal.setText(first.get("maternal_surname") or "")
        page.doc_number.setText(first.get("doc_number") or "")
        shot(window, "intake_person", suffix)
        page.check_candidates()
        pump(lambda: page.steps.currentIndex() != 0)
        shot(window, "intake_candidates", suffix)
        for row in page.candidate_rows:
            row.buttons["different"].setChecked(True)
        page.confirm_decisions()
        pump(lambda: page.steps.currentIndex() == 2)
        pump(ms=500)
        shot(window, "intake_form", suffix)
        ws.search.resize(700, 460)
        ws.search.open_fresh()
        ws.search.edit.setText("quispe")
        pump(lambda: ws.search.results.count() > 0)
        shot(ws.search, "search", suffix)
        window.lock()
        window.close()
    QTimer.singleShot(0, app.quit)
    return 0


def store_first_person(ws: Any) -> dict[str, Any]:
    rows = ws.backend.store.query(
        "SELECT given_names, paternal_surname, maternal_surname, doc_number FROM person"
        " WHERE doc_type = 'DNI' ORDER BY paternal_surname LIMIT 1"
    )
    return dict(rows[0])


if __name__ == "__main__":
    sys.exit(main())
