"""Inicio and the Agenda's day agree on today's hearings, a moved one saying where it went
(fresh-eyes 6 #3); lock gives a page back as it was — the report chosen, the Agenda's
view, day and row (fresh-eyes 6 #6); Qt's file dialog dates files in office time
(fresh-eyes 6 #12); the sync page says when there is no conflict to review (walked at
1024x600). Driven through the real main window."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton, QTreeView

from app import office_time
from app.core import hearings
from app.ui import files
from app.ui.backend import StoreBackend
from app.ui.services import Services
from app.ui.wiring import make_reports
from tests.ui.conftest import unlocked_window
from tests.ui.e2e import (
    arrange_case,
    cells,
    click,
    click_list_row,
    lock_and_unlock,
    when_modal,
)


def _window(qtbot: Any, store: Any, data_dir: Path, vault: Any) -> Any:
    services = Services(
        vault=vault, data_dir=data_dir, make_backend=StoreBackend, make_reports=make_reports
    )
    window = unlocked_window(qtbot, services, store)
    window.resize(1024, 600)
    return window


def test_inicio_lists_the_agendas_day_and_says_where_a_moved_hearing_went(
    qtbot: Any, ui_app: Any, fast_vault: Any, store: Any, vault_dir: Path
) -> None:
    case_id = arrange_case(store)
    today = office_time.today()
    tomorrow = today + timedelta(days=1)
    hearings.schedule_hearing(store, case_id, f"{today}T08:00", "Audiencia única")
    moved = hearings.schedule_hearing(store, case_id, f"{today}T08:30", "Audiencia única")
    hearings.mark_hearing(store, moved, "rescheduled", "El juez viaja", f"{tomorrow}T10:00")
    went = f"{tomorrow:%d/%m/%Y} 10:00"

    window = _window(qtbot, store, vault_dir, fast_vault)
    home = window.workspace.home
    qtbot.waitUntil(lambda: home.hearings.count() == 2, timeout=10_000)
    # fresh-eyes #18a: the moved one said apart, never read as part of a total of 2
    heading = "Audiencias de hoy (1) — además, 1 reprogramada a otra fecha"
    assert home.hearings_title.text() == heading
    title = home.hearings_title  # whole at 1024 px: wrapped, not cut at the column's edge
    qtbot.waitUntil(lambda: title.height() >= title.heightForWidth(title.width()), timeout=5_000)
    assert title.wordWrap() or title.fontMetrics().horizontalAdvance(heading) <= title.width()
    lines = [home.hearings.item(r).text() for r in range(2)]
    assert lines[0].startswith("08:00 · Maria Elena Quispe Mamani")
    assert "Reprogramada" not in lines[0]
    assert lines[1].startswith("08:30 · Maria Elena Quispe Mamani")
    assert lines[1].endswith(f"Reprogramada para el {went}")
    # the moved one is greyed: not among those that happen today
    colors = [home.hearings.item(r).foreground().color().name() for r in range(2)]
    assert colors[1] == "#6b6b6b" and colors[0] != colors[1]
    assert home.hearings.alternatingRowColors()  # each wrapped entry on its own shade

    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)  # Agenda
    agenda = window.workspace.agenda
    click(qtbot, agenda.view_buttons["day"])
    qtbot.waitUntil(lambda: agenda.view == "day" and agenda.table.rowCount() == 2)
    shown = cells(agenda.table)
    assert [row[0] for row in shown] == ["08:00", "08:30"]  # the same two, the same order
    assert shown[0][-1] in ("Programada", "Vencido")  # (by the hour the test runs)
    same_year = tomorrow.year == today.year  # the year only when it is another
    assert shown[1][-1] == "Reprogramada\n→ " + (
        f"{tomorrow:%d/%m} 10:00" if same_year else went
    )
    # the same words below the Agenda's day (one wording: ``home.counted``)
    assert agenda.empty_label.text() == "Total: 1 — además, 1 reprogramada a otra fecha"
    # the status's two lines are whole: the row is as tall as they are
    metrics = agenda.table.fontMetrics()
    assert agenda.table.rowHeight(1) >= 2 * metrics.height()


def test_lock_gives_back_the_report_chosen_and_the_agendas_view_day_and_row(
    qtbot: Any, ui_app: Any, fast_vault: Any, store: Any, vault_dir: Path
) -> None:
    case_id = arrange_case(store)
    day = office_time.today() + timedelta(days=3)
    hearings.schedule_hearing(store, case_id, f"{day}T09:00", "Audiencia única")
    hearing = hearings.schedule_hearing(store, case_id, f"{day}T11:00", "Lectura de sentencia")
    window = _window(qtbot, store, vault_dir, fast_vault)

    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)  # Reportes
    reports = window.workspace.reports
    assert reports.list.count() >= 2 and reports.list.currentRow() == 0
    click_list_row(qtbot, reports.list, 1)
    chosen = reports.list.currentItem().text()
    workspace = lock_and_unlock(qtbot, window)
    assert workspace.current_name() == "reports"
    assert workspace.reports.list.currentItem().text() == chosen  # not the first one again

    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)  # Agenda
    agenda = workspace.agenda
    click(qtbot, agenda.view_buttons["day"])
    for _ in range(3):
        click(qtbot, agenda.next_button)
    qtbot.waitUntil(lambda: agenda.table.rowCount() == 2, timeout=10_000)
    title = agenda.period_label.text()
    table = agenda.table
    rect = table.visualRect(table.model().index(1, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert agenda.selected()["id"] == hearing

    workspace = lock_and_unlock(qtbot, window)
    again = workspace.agenda
    assert workspace.current_name() == "agenda"
    qtbot.waitUntil(lambda: again.table.rowCount() == 2, timeout=10_000)
    assert again.view_buttons["day"].isChecked()
    assert again.period_label.text() == title
    assert [row[0] for row in cells(again.table)] == ["09:00", "11:00"]
    assert again.selected() is not None and again.selected()["id"] == hearing
    assert again.held_button.isEnabled() or again.reschedule_button.isEnabled()
    window.lock()


def test_the_file_dialog_dates_files_in_office_time(
    qtbot: Any, ui_app: Any, fast_vault: Any, store: Any, vault_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "documentos"
    folder.mkdir()
    saved = folder / "caso-DEMO01.pdf"
    saved.write_bytes(b"%PDF-1.7\n")
    stamp = datetime(2026, 11, 30, 21, 2, tzinfo=UTC).timestamp()  # 16:02 in Lima
    os.utime(saved, (stamp, stamp))
    window = _window(qtbot, store, vault_dir, fast_vault)
    window.setProperty(files.LAST_FOLDER, str(folder))  # a PDF was saved there before
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)  # Reportes
    reports = window.workspace.reports
    seen: list[str] = []

    def read(dialog: QFileDialog, left: int = 200) -> None:
        tree = dialog.findChild(QTreeView, "treeView")
        model = tree.model()
        root = tree.rootIndex()
        names = {str(model.index(r, 0, root).data()): r for r in range(model.rowCount(root))}
        if saved.name not in names and left > 0:  # the folder is read in a thread
            from PySide6.QtCore import QTimer

            QTimer.singleShot(20, lambda: read(dialog, left - 1))
            return
        row = names.get(saved.name, -1)
        seen.append(str(model.index(row, 3, root).data()) if row >= 0 else "no file")
        dialog.reject()

    when_modal(QFileDialog, read)
    click(qtbot, reports.generate_button)
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert seen == ["30/11/2026 16:02"]  # as the app writes times; the computer's zone is UTC


def test_the_sync_page_says_there_is_no_conflict_to_review(
    qtbot: Any, ui_app: Any, fast_vault: Any, store: Any, vault_dir: Path
) -> None:
    window = _window(qtbot, store, vault_dir, fast_vault)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)  # Sincronización
    page = window.workspace.sync_page
    qtbot.waitUntil(lambda: page.conflicts.count() == 1, timeout=10_000)
    line = page.conflicts.item(0)
    assert line.text() == "No hay conflictos por revisar."
    assert line.flags() == Qt.ItemFlag.NoItemFlags  # a sentence, not a row to choose
    # whole at 1024x600: it wraps in the narrow list, no sideways scroll (fresh-eyes 7 #10)
    assert page.conflicts.wordWrap()
    assert not page.conflicts.horizontalScrollBar().isVisible()
    assert page.conflicts.visualItemRect(line).width() <= page.conflicts.viewport().width()
    for button in (page.keep_mine, page.keep_theirs):
        assert not button.isEnabled() and button.toolTip() == "No hay conflictos por revisar."
    click_list_row(qtbot, page.conflicts, 0)  # clicking the sentence chooses nothing
    assert page.mine.toPlainText() == "" and page.conflicts.currentItem() is None


def test_a_device_not_linked_says_so_and_offers_no_usb_package(
    qtbot: Any, ui_app: Any, fast_vault: Any, store: Any, vault_dir: Path
) -> None:
    """Fresh-eyes 7 #9/#11: with the address typed but the device never linked, the page
    said "Configure la dirección…", Guardar said nothing, and "Exportar paquete USB…"
    asked for a file and then wrote nothing."""
    from app.ui import wiring
    from tests.ui.e2e import retype

    services = Services(
        vault=fast_vault,
        data_dir=vault_dir,
        make_backend=StoreBackend,
        make_sync=lambda backend: wiring.make_sync(backend, None, None),
    )
    window = unlocked_window(qtbot, services, store)
    window.resize(1024, 600)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)  # Sincronización
    page = window.workspace.sync_page
    assert page.phase.text() == "Configure la dirección del servidor para sincronizar."
    retype(qtbot, page.server, "https://chasqui.example.pe")
    click(qtbot, next(b for b in page.findChildren(QPushButton) if b.text() == "Guardar"))
    qtbot.waitUntil(lambda: page.phase.text().startswith("Dirección del servidor guardada."))
    assert "no está vinculado con el servidor" in page.phase.text()
    for button in (page.sync_button, page.export_button, page.import_button):
        assert not button.isEnabled()
        assert "no está vinculado" in button.toolTip()
    window.lock()


def test_a_file_dated_past_the_calendar_shows_qts_own_date(
    qtbot: Any, ui_app: Any, tmp_path: Path
) -> None:
    """Review 7 F8: a file dated in year 10000 (or before 1970 on Windows) raised out of
    the proxy on every paint of its row; now the cell keeps Qt's own text."""
    from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone
    from PySide6.QtWidgets import QFileSystemModel

    class FarDates(QFileSystemModel):
        def lastModified(self, *_args: Any) -> QDateTime:
            return QDateTime(QDate(10001, 1, 1), QTime(0, 0), QTimeZone.utc())

    (tmp_path / "futuro.pdf").write_bytes(b"%PDF-1.7\n")
    model = FarDates()
    root = model.setRootPath(str(tmp_path))
    qtbot.waitUntil(lambda: model.rowCount(root) == 1, timeout=10_000)
    proxy = files.OfficeTimeDates()
    proxy.setSourceModel(model)
    cell = proxy.index(0, files.MODIFIED, proxy.mapFromSource(root))
    assert cell.data() == model.index(0, files.MODIFIED, root).data()  # no exception
