"""Fresh-eyes finding 15: after saving the case PDF or attaching a file nothing said where
it went, and at 1024x600 the backup's message was cut and drawn under "● En línea".
Driven through the real main window, its buttons and the real file dialogs: the status
bar says what went where (file name and folder, ``app/ui/files.py``), in its own place
left of the sync state, elided in the middle when short of room, whole in its tooltip."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
        # the file's name whole, its folder gives way first (fresh8 #15b: "partid…uz.txt")
        scan = folder / "partida_luz.txt"
        scan.write_text("Partida de nacimiento", encoding="utf-8")
        answer_save_dialog(scan, seen)
        click(qtbot, button(view, "Adjuntar archivo…"))
        qtbot.waitUntil(lambda: view.attachments.count() == 2, timeout=10_000)
        qtbot.waitUntil(lambda: "partida_luz" in bar.currentMessage(), timeout=10_000)
        _fits_left_of_the_sync_state(bar)
        shown = bar.message.text()
        assert shown.startswith("Adjuntado al caso (copia cifrada): partida_luz.txt, de /")
        assert "…" in shown and shown.endswith("entos")
        assert seen == ["Guardar resumen del caso", "Adjuntar archivo", "Adjuntar archivo"]
    window.lock()


def test_a_long_message_is_elided_in_the_middle_not_cut_under_the_sync_state(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    window = _window(qtbot, store, vault_dir, fast_vault)
    bar = window.statusBar()
    name = "chasqui-LIM01-device01-20261130-141200Z.chqbak"  # the CLI's name (a contract)
    folder = "/media/ana/KINGSTON"
    from app.ui.files import said_saved

    said_saved(window, "Copia de seguridad guardada", f"{folder}/{name}")
    full = f"Copia de seguridad guardada: {name}, en {folder}"
    assert bar.currentMessage() == full
    _fits_left_of_the_sync_state(bar)
    shown = bar.message.text()  # the file name gives way first; the folder stays whole
    assert shown.startswith("Copia de seguridad guardada: chasqui-")
    assert shown.endswith(".chqbak, en /media/ana/KINGSTON") and "…" in shown

    deep = "/media/ana/KINGSTON-DE-LA-OFICINA/copias-de-seguridad/noviembre-2026"
    said_saved(window, "Copia de seguridad guardada", f"{deep}/{name}")
    _fits_left_of_the_sync_state(bar)
    shown = bar.message.text()  # then the folder: what, and both ends of where
    assert shown.startswith("Copia de seguridad guardada: ch")
    assert "chqbak, en /media/" in shown and shown.endswith("-2026")
    window.lock()
