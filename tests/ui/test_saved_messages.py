"""Fresh-eyes finding 15: after saving the case PDF or attaching a file nothing said where
it went, and at 1024x600 the backup's message was cut and drawn under "● En línea".
Driven through the real main window, its buttons and the real file dialogs: the status
bar says what went where (file name and folder, ``app/ui/files.py``), in its own place
left of the sync state, elided in the middle when short of room, whole in its tooltip."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from app.ui import wiring
from app.ui.backend import StoreBackend
from app.ui.services import Services
from app.ui.status import SyncStatusBar
from tests.ui.conftest import unlocked_window
from tests.ui.e2e import (
    answer_save_dialog,
    arrange_case,
    button,
    click,
    click_tab,
    open_case_from_list,
)
from tests.ui.test_backups import _choose_in_dialog, _click_menu_item
from tests.ui.test_pdf_protection import answer_pdf_dialog
from tests.ui.windows import watch_windows


def _window(qtbot: Any, store: Any, vault_dir: Path, fast_vault: Any) -> Any:
    services = Services(
        vault=fast_vault,
        data_dir=vault_dir,
        make_backend=StoreBackend,
        make_reports=wiring.make_reports,
    )
    window = unlocked_window(qtbot, services, store)
    window.resize(1024, 600)
    return window


def _fits_left_of_the_sync_state(bar: SyncStatusBar) -> None:
    shown = bar.message.text()
    assert bar.message.geometry().right() < bar.online.geometry().left()  # nothing under it
    assert bar.message.fontMetrics().horizontalAdvance(shown) <= bar.message.width()
    assert bar.message.toolTip() == bar.currentMessage()  # the whole of it


def test_the_case_pdf_and_an_attachment_say_where_they_went(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any, tmp_path: Path
) -> None:
    case_id = arrange_case(store)
    number = store.get("case", case_id)["internal_number"]
    folder = tmp_path / "Documentos"
    folder.mkdir()
    window = _window(qtbot, store, vault_dir, fast_vault)
    bar = window.statusBar()
    assert isinstance(bar, SyncStatusBar)
    with watch_windows(window):
        view = open_case_from_list(qtbot, window, number)
        seen: list[str] = []
        answer_save_dialog(folder / f"caso-{number}.pdf", seen)
        answer_pdf_dialog(qtbot, password=None)  # the explicit "no password" choice
        click(qtbot, view.pdf_button)
        said = f"PDF guardado: caso-{number}.pdf, en {folder}"
        qtbot.waitUntil(lambda: bar.currentMessage() == said, timeout=30_000)
        assert (folder / f"caso-{number}.pdf").read_bytes().startswith(b"%PDF")
        _fits_left_of_the_sync_state(bar)

        scan = folder / "constancia-de-notificacion.txt"
        scan.write_text("Constancia de notificación", encoding="utf-8")
        click_tab(qtbot, view.tabs, "Adjuntos")
        answer_save_dialog(scan, seen)  # the open dialog takes a typed path the same way
        click(qtbot, button(view, "Adjuntar archivo…"))
        said = f"Adjuntado al caso (copia cifrada): constancia-de-notificacion.txt, de {folder}"
        qtbot.waitUntil(lambda: bar.currentMessage() == said, timeout=20_000)
        qtbot.waitUntil(lambda: view.attachments.count() == 1, timeout=10_000)
        _fits_left_of_the_sync_state(bar)
        # the file's name whole, its folder gives way first
        scan = folder / "partida_luz.txt"
        scan.write_text("Partida de nacimiento", encoding="utf-8")
        answer_save_dialog(scan, seen)
        click(qtbot, button(view, "Adjuntar archivo…"))
        qtbot.waitUntil(lambda: view.attachments.count() == 2, timeout=10_000)
        qtbot.waitUntil(lambda: "partida_luz" in bar.currentMessage(), timeout=10_000)
        _whole_on_screen(qtbot, bar, "partida_luz.txt")  # fresh8 #15b: "partid…uz.txt"
        shown = bar.message.text()
        assert shown.startswith("Adjuntado al caso (copia cifrada): partida_luz.txt, de /")
        assert shown.endswith("entos")
        assert seen == ["Guardar resumen del caso", "Adjuntar archivo", "Adjuntar archivo"]
    window.lock()


def _whole_on_screen(qtbot: Any, bar: SyncStatusBar, name: str) -> None:
    """``name`` is read whole in the status bar once laid out, left of the sync state
    (fresh 9 N4)."""
    qtbot.waitUntil(lambda: name in bar.message.text(), timeout=5_000)
    _fits_left_of_the_sync_state(bar)


def test_a_backups_file_name_reads_whole_in_the_status_bar(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any, tmp_path: Path
) -> None:
    """Archivo → Copia de seguridad… at 1024×600: the backup's file name whole in the
    status bar (the sync details give their room for the seconds the message shows, the
    folder is shortened first). Fails on the old code: "chasqui-LI…00Z.chqbak"."""
    window = _window(qtbot, store, vault_dir, fast_vault)
    bar = window.statusBar()
    assert isinstance(bar, SyncStatusBar)
    usb = tmp_path / "KINGSTON-DE-LA-OFICINA" / "copias-de-seguridad" / "noviembre-2026"
    usb.mkdir(parents=True)
    with watch_windows(window):
        _click_menu_item(qtbot, window, "Copia de seguridad…")
        _choose_in_dialog(qtbot, window, usb)
        name = next(usb.glob("chasqui-LIM01-device01-*.chqbak")).name
        qtbot.waitUntil(lambda: name in bar.currentMessage(), timeout=10_000)
        assert not bar.last.isVisible()  # "Sincronizado: …" gave its room
        _whole_on_screen(qtbot, bar, name)
        shown = bar.message.text()  # what, the name, and both ends of where
        assert shown.startswith(f"Copia de seguridad guardada: {name}, en /")
        assert "…" in shown and shown.endswith("noviembre-2026")
        assert bar.online.isVisible()  # "● En línea" (or not) always shows
        bar.clearMessage()  # once the message goes, the sync details are back
        qtbot.waitUntil(lambda: bar.last.isVisible() and bar.pending.isVisible(), timeout=5_000)
        box = window.backups.saved_box
        qtbot.waitUntil(lambda: box is not None and box.isVisible(), timeout=5_000)
        click(qtbot, button(box, "Aceptar"))
    window.lock()


def test_a_long_attachment_name_reads_whole_where_it_is_said_and_where_it_lands(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any, tmp_path: Path
) -> None:
    """Adjuntar archivo… with a long name at 1024×600: the status bar says it whole, and
    the Adjuntos list selects the new file, its name whole (wrapped, not cut). Fails on
    the old code: "Constancia de…e Wánchaq.pdf" and no row selected."""
    case_id = arrange_case(store)
    number = store.get("case", case_id)["internal_number"]
    folder = tmp_path / "Documentos"
    folder.mkdir()
    name = "Constancia de notificación - Juzgado de Paz Letrado de Wánchaq.pdf"
    scan = folder / name
    scan.write_bytes(b"%PDF-1.4 constancia")
    window = _window(qtbot, store, vault_dir, fast_vault)
    bar = window.statusBar()
    assert isinstance(bar, SyncStatusBar)
    seen: list[str] = []
    with watch_windows(window):
        view = open_case_from_list(qtbot, window, number)
        click_tab(qtbot, view.tabs, "Adjuntos")
        answer_save_dialog(scan, seen)
        click(qtbot, button(view, "Adjuntar archivo…"))
        qtbot.waitUntil(lambda: name in bar.currentMessage(), timeout=20_000)
        qtbot.waitUntil(lambda: view.attachments.count() == 1, timeout=10_000)
        _whole_on_screen(qtbot, bar, name)
        listed = view.attachments
        item = listed.currentItem()
        assert item is not None and item.text().startswith(name)  # landed, selected
        rect = listed.visualItemRect(item)
        metrics = listed.fontMetrics()
        flags = int(Qt.TextFlag.TextWordWrap)
        wanted = metrics.boundingRect(0, 0, rect.width() - 8, 10_000, flags, item.text())
        assert wanted.height() <= rect.height() and rect.right() <= listed.viewport().width()
        assert button(view, "Ver").isEnabled()  # the new file, ready to be looked at
    assert seen == ["Adjuntar archivo"]
    window.lock()


def test_the_defenders_guide_names_the_status_bar_as_the_screen_does(
    qtbot: Any, ui_app: Any
) -> None:
    """Fresh 11 #26: the guide's table said "Cambios por enviar", "Última sincronización"
    and "Conflictos por revisar" while the bar says "Por enviar", "Sincronizado" and
    "Conflictos". Each state the bar can show starts a row of the guide's table, as
    shown. Fails on the old guide."""
    from app.ui.ports import SyncStatus

    guide = (Path(__file__).parents[2] / "docs" / "guia-defensor.md").read_text("utf-8")
    rows = [line.split("|")[1].strip() for line in guide.splitlines() if line.startswith("| ")]
    bar = SyncStatusBar()
    qtbot.addWidget(bar)
    shown: set[str] = set()
    for status in (
        SyncStatus(),
        SyncStatus(online=True, pending=3, last_success="2026-11-30T10:00:00", conflicts=2),
        SyncStatus(online=False),
        SyncStatus(online=True, last_round="unauthorized", enrolled=True),
    ):
        bar.show_status(status)
        shown |= {bar.online.text(), bar.pending.text(), bar.last.text(), bar.conflicts.text()}
    for text in shown:
        start = text.split(":")[0]
        assert any(row.startswith(start) for row in rows), (text, rows)
