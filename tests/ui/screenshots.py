"""Screenshots of every page into docs/screenshots/ui_*.png: the real window on a real X
server (Xvfb) with a 1024x600 screen, captured from the screen itself (``import -window
root``), so what is saved is what a defender on a netbook sees, dialogs included.

Run: ``.venv/bin/python -m tests.ui.screenshots [--lang en]`` — without a ``DISPLAY`` it
re-runs itself under ``xvfb-run -a -s "-screen 0 1024x600x24"``. Uses a temporary vault
filled with synthetic sample data (fast KDF); nothing is kept. Look at the pictures.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "xcb" if os.environ.get("DISPLAY") else "offscreen")

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots"
PASS = "captura-pantalla-1"


def pump(until: Callable[[], bool] | None = None, ms: int = 400) -> None:
    """Run the event loop until ``until()`` holds (at most 8 s) or for ``ms``."""
    from PySide6.QtCore import QCoreApplication

    end = time.monotonic() + (8.0 if until else ms / 1000)
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        if until is not None and until():
            break
        time.sleep(0.01)
    QCoreApplication.processEvents()


def shot(widget: Any, name: str, suffix: str) -> Path:
    """The whole X screen (what the person sees), or the widget without an X server."""
    pump(ms=350)
    path = OUT / f"ui_{name}{suffix}.png"
    if os.environ.get("QT_QPA_PLATFORM") == "xcb" and shutil.which("import"):
        subprocess.run(["import", "-window", "root", str(path)], check=True)
    else:
        widget.grab().save(str(path))
    print(path.relative_to(ROOT))
    return path


def stop_the_clock() -> None:
    """The office's clock stopped at 16:00 of today (as the tests' ``office_noon``): the
    morning's hearings have happened, whatever the hour the pictures are taken (at Lima's
    night "Audiencia única" at 09:30 could not be marked held and the run stopped)."""
    import forms.clock

    stopped = forms.clock.office_now().replace(hour=16, minute=0, second=0, microsecond=0)
    forms.clock.office_now = lambda: stopped  # read at call time by every "now"


def arrange(store: Any) -> tuple[str, str]:
    """Sample data plus a day worth showing: a hearing today, one of today's moved to
    another day, one tomorrow, a deadline this week and a few forgotten ones; returns
    (case id, person id)."""
    from app import office_time
    from app.core import hearings, notes, sample_load

    # the history as of the office's (stopped) clock, not the machine's (``main``)
    moment = office_time.now().replace(tzinfo=office_time.office_zone()).astimezone(UTC)
    sample_load.load(store, 150, seed=11, now=moment)
    rows = store.query(
        "SELECT id, person_id FROM legal_case WHERE status = 'open' ORDER BY opened_at DESC LIMIT 4"
    )
    case, person = rows[0]["id"], rows[0]["person_id"]
    now = office_time.now().replace(second=0, microsecond=0)  # hearings are office time
    today = now.replace(hour=0, minute=0)
    plan = [
        (case, today.replace(hour=9, minute=30), "Audiencia única", "JPL de Wánchaq", "hearing"),
        (rows[1]["id"], today.replace(hour=11), "Audiencia de conciliación", "CEM", "hearing"),
        (case, now + timedelta(days=1), "Audiencia de pruebas", "Juzgado de Familia", "hearing"),
        (rows[2]["id"], now + timedelta(days=3), "Contestar la demanda", None, "deadline"),
        (rows[3]["id"], now - timedelta(days=9), "Presentar alegatos", None, "deadline"),
        (rows[3]["id"], now - timedelta(days=30), "Subsanar la demanda", None, "deadline"),
    ]
    ids = [
        hearings.schedule_hearing(store, case_id, at.isoformat(), kind, place, category)
        for case_id, at, kind, place, category in plan
    ]
    hearings.mark_hearing(store, ids[0], "held", "Se fijó una pensión provisional")
    later = (today + timedelta(days=2)).replace(hour=12)  # moved away: said where it went
    hearings.mark_hearing(store, ids[1], "rescheduled", "El CEM pidió fecha", later.isoformat())
    notes.add_note(store, case, "Se coordinó con el CEM de Wánchaq la medida de protección.")
    return case, person


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from bench.ui_startup import ensure_display

    code = ensure_display(argv, "tests.ui.screenshots")
    if code is not None:
        return code
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="es", choices=("es", "en"))
    args = parser.parse_args(argv)
    suffix = "" if args.lang == "es" else "_en"

    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication, QWidget

    from app.store import KdfParams
    from app.ui import wiring
    from app.ui.app import make_application
    from app.ui.backend import StoreBackend
    from app.ui.main_window import MainWindow, Services
    from app.ui.vault_port import StoreVault
    from tests.kdf_floor import lower

    lower()  # the sample vault uses the suite's cheap key derivation
    stop_the_clock()
    app: Any = make_application(args.lang)
    assert isinstance(app, QApplication)
    OUT.mkdir(parents=True, exist_ok=True)
    screen = QGuiApplication.primaryScreen().availableGeometry()
    vault = StoreVault(KdfParams.fast())
    with tempfile.TemporaryDirectory() as tmp:
        # first run
        w0 = MainWindow(
            Services(vault=vault, data_dir=Path(tmp) / "new", make_backend=StoreBackend)
        )
        w0.setGeometry(screen)
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
        case, person = arrange(store)
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
        window.setGeometry(screen)
        window.show()
        pump(lambda: window.unlock_screen is not None)
        unlock = window.unlock_screen
        assert unlock is not None
        unlock.pass_edit.setText("equivocada")
        unlock.message.setText(unlock.tr("Contraseña incorrecta. Inténtelo de nuevo."))
        shot(window, "unlock", suffix)
        unlock.pass_edit.setText(PASS)
        unlock.submit()
        pump(lambda: window.workspace is not None)
        ws = window.workspace
        assert ws is not None, unlock.message.text()
        reminder = ws.home.findChild(QWidget, "backup_reminder")
        pump(
            lambda: bool(ws.home.greeting.text()) and reminder is not None and reminder.isVisible()
        )
        shot(window, "home", suffix)
        ws.navigate("people")
        pump(lambda: ws.people.model.rowCount() > 0)
        shot(window, "people", suffix)
        ws.navigate("cases")
        pump(lambda: ws.cases.model.rowCount() > 0)
        shot(window, "cases", suffix)
        ws.open_record("case", case)
        view = ws.case_view
        pump(lambda: view.notes.count() > 0)
        for index, name in enumerate(
            (
                "case_summary",
                "case_notes",
                "case_hearings",
                "case_attachments",
                "case_referrals",
                "case_history",
            )
        ):
            if index < view.tabs.count():
                view.tabs.setCurrentIndex(index)
                shot(window, name, suffix)
        ws.open_person(person)
        pump(ms=1200)
        shot(window, "person_profile", suffix)
        agenda = ws.agenda
        ws.navigate("agenda")
        for view_name in ("week", "day", "month", "overdue"):
            agenda.set_view(view_name)
            pump(ms=600)
            shot(window, "agenda" if view_name == "week" else f"agenda_{view_name}", suffix)
        agenda.set_view("week")
        pump(ms=600)
        scheduled = [r for r, row in enumerate(agenda.rows) if row.get("status") == "scheduled"]
        if scheduled:
            agenda.table.selectRow(scheduled[0])
            agenda.reschedule_selected()  # window-modal, not blocking
            pump(ms=400)
            shot(window, "agenda_reschedule", suffix)
            dialog = QApplication.activeModalWidget()
            if dialog is not None:
                dialog.close()
        ws.navigate("sync")
        pump(ms=600)
        shot(window, "sync", suffix)
        ws.navigate("reports")
        shot(window, "reports", suffix)
        ws.navigate("times")  # Tiempos: waits for its figures
        pump(lambda: ws.times.message.text() != ws.times.tr("Calculando…"))
        pump(ms=600)
        shot(window, "times", suffix)
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
        from app.core.duplicates import DIFFERENT, SAME

        for i, row in enumerate(page.candidate_rows):  # the same document: the same person
            row.buttons[SAME if i == 0 and row.candidate.exact else DIFFERENT].setChecked(True)
        page.confirm_decisions()
        pump(lambda: page.steps.currentIndex() == 2)
        pump(ms=600)
        shot(window, "intake_form", suffix)
        ws.search.open_fresh()
        ws.search.edit.setText("quispe")
        pump(lambda: ws.search.results.count() > 0)
        shot(ws.search, "search", suffix)
        ws.search.hide()
        window.lock()
        window.close()
    QTimer.singleShot(0, app.quit)
    return 0


def store_first_person(ws: Any) -> dict[str, Any]:
    rows = ws.backend.store.query(
        "SELECT given_names, paternal_surname, maternal_surname, doc_number FROM person"
        " WHERE doc_type = 'DNI' AND id NOT IN"  # a client, not another case's other party
        " (SELECT person_id FROM case_party WHERE role = 'counterparty')"
        " ORDER BY paternal_surname LIMIT 1"
    )
    return dict(rows[0])


if __name__ == "__main__":
    sys.exit(main())
