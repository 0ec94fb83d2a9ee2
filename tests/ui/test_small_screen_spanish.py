"""A 1024×600 netbook in Spanish (issue 13 #6, #7): the real main window, driven by keys
and clicks through every page, the case and person views with their tabs, the new
intake, search, the guide and Acerca de; then every dialog and view the first pass
does not reach (the Agenda's four views, Tiempos, new hearing, rescheduling, deadlines
by notification, drafting a writ, attaching a file, saving a PDF and its protection
question, the intake's duplicate step, ficha and cancel question). The case and
profile editing dialogs are visited by ``test_case_screens_small.py``. On each screen:

- every visible widget lies inside its window (widgets inside a scroll area are judged
  by the scroll area), and no form, list or table scrolls horizontally;
- no visible text is English: the texts shown are compared with the English catalogue
  (``resources/translations/fill_en.py``) and with Qt's own English words;
- no stray top-level window appears (``tests/ui/windows.py``).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QTabBar,
    QTableView,
    QWidget,
)

from app import office_time
from app.ui.backend import StoreBackend
from app.ui.main_window import MainWindow, Services
from tests.conftest import PASS, make_vault
from tests.ui.e2e import (
    MARIA,
    arrange_case,
    button,
    click,
    click_tab,
    modal,
    nav_to,
    open_case_from_list,
)
from tests.ui.windows import watch_windows

ROOT = Path(__file__).resolve().parents[2]
# 1024×600 less a 40 px taskbar and a 30 px title bar: the client area of the window.
NETBOOK = (1024, 530)
QT_ENGLISH = {
    "OK", "Cancel", "Close", "Save", "Open", "Apply", "Yes", "Help", "Look in",
    "File name", "Files of type", "Back", "Forward", "Discard", "Reset", "Abort", "Retry",
    "Ignore", "Show Details...", "Hide Details...", "Select All", "Copy", "Paste", "Undo",
}  # fmt: skip


def _english_catalogue() -> set[str]:
    sys.path.insert(0, str(ROOT / "resources" / "translations"))
    try:
        import fill_en
    finally:
        sys.path.pop(0)
    spanish = {_norm(es) for es in fill_en.EN}
    english = {_norm(en) for es, en in fill_en.EN.items() if _norm(en) != _norm(es)}
    return {t for t in english | {_norm(t) for t in QT_ENGLISH} if len(t) > 2} - spanish


def _norm(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text.replace("&", ""))
    return " ".join(text.split()).strip(" :.…*")


ENGLISH = _english_catalogue()


def visible_texts(top: QWidget) -> Iterator[str]:
    """What a person reads in ``top``: labels, buttons, group titles, tabs, placeholders,
    list rows, table headers and the first rows, combo boxes, the window title."""
    yield top.windowTitle()
    for w in top.findChildren(QWidget):
        if not w.isVisible():
            continue
        if isinstance(w, QLabel | QAbstractButton):
            yield w.text()
        elif isinstance(w, QGroupBox):
            yield w.title()
        elif isinstance(w, QTabBar):
            yield from (w.tabText(i) for i in range(w.count()))
        elif isinstance(w, QLineEdit):
            yield w.placeholderText()
        elif isinstance(w, QComboBox):
            yield w.currentText()
        elif isinstance(w, QListWidget):
            yield from (w.item(i).text() for i in range(min(w.count(), 30)))
        elif isinstance(w, QTableView):
            model = w.model()
            if model is not None:
                for c in range(model.columnCount()):
                    yield str(model.headerData(c, Qt.Orientation.Horizontal) or "")
                    for r in range(min(model.rowCount(), 10)):
                        yield str(model.index(r, c).data() or "")
    if isinstance(top, QMainWindow):
        for action in top.menuBar().actions():
            yield action.text()
            menu = action.menu()
            if menu is not None:
                yield from (a.text() for a in menu.actions())


def english_shown(top: QWidget) -> list[str]:
    found = []
    for text in visible_texts(top):
        for line in str(text).splitlines():
            if _norm(line) in ENGLISH:
                found.append(line)
    return found


def _in_scroll_area(widget: QWidget, top: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and grand.viewport() is parent:
            return True
        parent = grand
    return False


def layout_problems(top: QWidget) -> list[str]:
    """Visible widgets outside ``top``'s rectangle; scroll areas scrolling sideways."""
    problems = []
    frame = top.rect().adjusted(-1, -1, 1, 1)
    for w in top.findChildren(QWidget):
        if not w.isVisible() or w.isWindow() or w.width() <= 0 or w.height() <= 0:
            continue
        if isinstance(w, QHeaderView) or _in_scroll_area(w, top):
            continue
        area = QRect(w.mapTo(top, QPoint(0, 0)), w.size())
        if not frame.contains(area):
            problems.append(f"{_name(w)} at {area.getRect()} outside {top.rect().getRect()}")
    for area in top.findChildren(QAbstractScrollArea):
        if area.isVisible() and area.horizontalScrollBar().isVisible():
            inner = area.horizontalScrollBar().maximum()
            problems.append(f"{_name(area)} scrolls sideways ({inner} px hidden)")
    return problems


def _name(w: QWidget) -> str:
    text = getattr(w, "text", lambda: "")()
    label = w.objectName() or w.accessibleName() or (text if isinstance(text, str) else "")
    return f"{type(w).__name__}({label[:40]!r})"


class Screens:
    """Collects the problems of every screen visited."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.visited: list[str] = []

    def check(self, name: str, top: QWidget) -> None:
        self.visited.append(name)
        self.problems += [f"{name}: {p}" for p in layout_problems(top)]
        self.problems += [f"{name}: English {t!r}" for t in english_shown(top)]


@pytest.fixture
def netbook_window(qtbot: Any, ui_app: Any, fast_vault: Any, vault_dir: Path) -> MainWindow:
    from app.core import sample_load

    store = make_vault(vault_dir)
    try:
        arrange_case(store, MARIA)
        sample_load.load(store, 6, seed=11)
    finally:
        store.lock()
    window = MainWindow(Services(vault=fast_vault, data_dir=vault_dir, make_backend=StoreBackend))
    qtbot.addWidget(window)
    window.resize(*NETBOOK)
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.show()
    return window


def _unlock(qtbot: Any, window: MainWindow) -> None:
    screen = window.unlock_screen
    assert screen is not None
    qtbot.keyClicks(screen.pass_edit, PASS)
    with qtbot.waitSignal(window.unlocked, timeout=10_000):
        qtbot.keyClick(screen.pass_edit, Qt.Key.Key_Return)


def _ctrl(qtbot: Any, window: QWidget, key: Qt.Key) -> None:
    qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)


def test_every_screen_fits_1024x600_and_speaks_spanish(
    qtbot: Any, netbook_window: MainWindow
) -> None:
    window, seen = netbook_window, Screens()
    assert (window.width(), window.height()) == NETBOOK  # the minimum size allows it
    with watch_windows(window):
        seen.check("desbloqueo", window)
        _unlock(qtbot, window)
        ws = window.workspace
        assert ws is not None
        pages = [
            (Qt.Key.Key_1, "Inicio", ws.home),
            (Qt.Key.Key_2, "Personas", ws.people),
            (Qt.Key.Key_3, "Casos", ws.cases),
            (Qt.Key.Key_4, "Agenda", ws.agenda),
            (Qt.Key.Key_5, "Sincronización", ws.sync_page),
            (Qt.Key.Key_6, "Reportes", ws.reports),
        ]
        for key, name, page in pages:
            _ctrl(qtbot, window, key)
            qtbot.waitUntil(lambda page=page: ws.pages.currentWidget() is page, timeout=5_000)
            table = getattr(page, "table", None)
            if isinstance(table, QAbstractItemView) and name != "Agenda":
                qtbot.waitUntil(lambda t=table: t.model().rowCount() > 0, timeout=10_000)
            seen.check(name, window)
        view = open_case_from_list(qtbot, window, "Quispe")
        for i in range(view.tabs.count()):
            bar = view.tabs.tabBar()
            qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(i).center())
            seen.check(f"caso/{view.tabs.tabText(i)}", window)
        _ctrl(qtbot, window, Qt.Key.Key_N)
        qtbot.waitUntil(lambda: ws.current_name() == "intake", timeout=5_000)
        seen.check("nueva atención", window)
        _ctrl(qtbot, window, Qt.Key.Key_K)
        qtbot.waitUntil(ws.search.isVisible, timeout=5_000)
        with qtbot.waitSignal(ws.search.results_shown, timeout=10_000):
            qtbot.keyClicks(ws.search.edit, "Quispe")
        seen.check("búsqueda", ws.search)
        qtbot.keyClick(ws.search.edit, Qt.Key.Key_Escape)
        assert not ws.search.isVisible()
        window.activateWindow()  # the offscreen platform does not give it back by itself
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
        qtbot.keyClick(window, Qt.Key.Key_F1)
        guide = modal(qtbot)
        seen.check("guía", guide)
        qtbot.keyClick(guide, Qt.Key.Key_Escape)
        window.help_menu.about_action.trigger()
        about = modal(qtbot)
        seen.check("acerca de", about)
        qtbot.keyClick(about, Qt.Key.Key_Escape)
        window.file_menu.backup_action.trigger()  # Archivo → Copia de seguridad…
        folder = modal(qtbot)
        seen.check("copia de seguridad", folder)
        folder.reject()  # type: ignore[attr-defined]
        window.lock()
    assert len(seen.visited) >= 16, seen.visited
    assert not seen.problems, "\n".join(seen.problems)


def test_the_ficha_fits_beside_the_navigation_and_speaks_spanish(qtbot: Any, ui_app: Any) -> None:
    """Every shipped form, all sections built, in the workspace's width at 1024 px."""
    from app.ui.forms import FormView
    from forms import load_registry

    seen = Screens()
    for definition in load_registry().active():
        host = QMainWindow()
        qtbot.addWidget(host)
        view = FormView(definition, autosave_ms=60_000)
        host.setCentralWidget(view)
        host.resize(NETBOOK[0] - 190, NETBOOK[1])  # the navigation column is 190 px
        with watch_windows(host):
            host.show()
            view.build_all()
            view.refresh()
            seen.check(definition.id, host)
        host.close()
    assert len(seen.visited) >= 3 and not seen.problems, "\n".join(seen.problems)


def test_the_checks_see_english_and_clipping(qtbot: Any, ui_app: Any) -> None:
    """The two detectors of this file do find what they look for."""
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    host = QWidget()
    qtbot.addWidget(host)
    QVBoxLayout(host).addWidget(QPushButton("Cancel"))
    loose = QLabel("Fuera de la ventana", host)
    host.resize(300, 200)
    host.show()
    loose.setGeometry(280, 10, 200, 20)
    loose.show()
    assert english_shown(host) == ["Cancel"]
    assert [p for p in layout_problems(host) if "Fuera de la ventana" in p]


def _watch_for(seen: Screens, name: str, accept: Any = None) -> list[QWidget]:
    """The next dialog that opens with its own event loop (``exec``: the file and PDF
    protection dialogs) is checked as soon as it shows, then accepted by
    ``accept(dialog)`` or cancelled; returns the list it will be put in."""
    found: list[QWidget] = []

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible() or getattr(dialog, "_seen", False):
            QTimer.singleShot(20, check)  # not shown yet: look again on the next turn
            return
        dialog._seen = True  # type: ignore[attr-defined]
        found.append(dialog)
        seen.check(name, dialog)
        (accept or (lambda d: d.reject()))(dialog)

    QTimer.singleShot(0, check)
    return found


def _exec_dialog(seen: Screens, name: str, trigger: Any, accept: Any = None) -> None:
    found = _watch_for(seen, name, accept)
    trigger()
    assert found, f"{name}: no dialog showed"


def test_every_dialog_and_view_fits_1024x600_and_speaks_spanish(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any, tmp_path: Path
) -> None:
    """What the first test does not open: the Agenda's four views, Tiempos, the case's
    hearing, rescheduling, deadlines-by-notification and writ dialogs, attaching a file,
    saving a PDF with its protection question, and the new intake's three steps with
    the possible-duplicate step and the cancel question — each opened by a click."""
    from app.core import hearings

    case_id = arrange_case(store, MARIA)
    number = store.get("case", case_id)["internal_number"]
    at = (office_time.now() + timedelta(days=1)).replace(hour=9, minute=0, second=0)
    hearings.schedule_hearing(store, case_id, at.isoformat(), "Audiencia única", "JPL", "hearing")
    from app.ui import wiring
    from app.ui.forms import make_form_factory
    from tests.ui.conftest import unlocked_window

    services = Services(
        vault=fast_vault,
        data_dir=vault_dir,
        make_backend=StoreBackend,
        make_reports=wiring.make_reports,
        form_factory=make_form_factory,
    )
    window = unlocked_window(qtbot, services, store)
    window.resize(*NETBOOK)
    seen = Screens()
    ws = window.workspace
    with watch_windows(window):
        nav_to(qtbot, window, "Agenda")
        for name, view_button in ws.agenda.view_buttons.items():
            click(qtbot, view_button)
            seen.check(f"agenda/{name}", window)
        with qtbot.waitSignal(ws.times.loaded, timeout=15_000):  # its figures drawn
            nav_to(qtbot, window, "Tiempos")
        seen.check("tiempos", window)

        view = open_case_from_list(qtbot, window, number)
        click_tab(qtbot, view.tabs, "Audiencias y plazos")
        for name, opener in (
            ("nueva audiencia", view.add_hearing_button),
            ("plazos por notificación", view.hearings_panel.rules_button),
            ("redactar escrito", view.draft_button),
        ):
            click(qtbot, opener)
            dialog = modal(qtbot)
            seen.check(name, dialog)
            dialog.reject()  # type: ignore[attr-defined]
            qtbot.waitUntil(lambda d=dialog: not d.isVisible(), timeout=5_000)
        table = view.hearings
        qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=10_000)
        rect = table.visualItemRect(table.item(0, 0))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        click(qtbot, view.status_buttons["rescheduled"])
        dialog = modal(qtbot)
        seen.check("reprogramar", dialog)
        dialog.reject()  # type: ignore[attr-defined]

        click_tab(qtbot, view.tabs, "Adjuntos")
        attach = button(view, "Adjuntar archivo…")
        _exec_dialog(seen, "adjuntar archivo", lambda: click(qtbot, attach))
        target, protection = tmp_path / "caso.pdf", []

        def save_here(dialog: Any) -> None:
            protection.append(_watch_for(seen, "proteger el PDF"))  # asked next
            dialog.selectFile(str(target))
            dialog.accept()

        _exec_dialog(seen, "guardar PDF", lambda: click(qtbot, view.pdf_button), save_here)
        assert protection and protection[0], "the PDF protection question did not show"

        _ctrl(qtbot, window, Qt.Key.Key_N)
        page = ws.intake
        qtbot.waitUntil(lambda: ws.pages.currentWidget() is page, timeout=5_000)
        seen.check("nueva atención/persona", window)
        typed = (
            (page.given, "Maria Elena"),
            (page.paternal, "Quispe"),
            (page.doc_number, MARIA["doc_number"]),  # a registered person's DNI
        )
        for edit, text in typed:
            click(qtbot, edit)
            qtbot.keyClicks(edit, text)
        click(qtbot, page.person_step.check_button)
        qtbot.waitUntil(lambda: page.steps.currentIndex() == 1, timeout=10_000)
        seen.check("nueva atención/posibles duplicados", window)
        [row] = page.check_step.candidate_rows
        click(qtbot, row.buttons["same"])
        click(qtbot, page.check_step.decide_button)
        qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=10_000)
        seen.check("nueva atención/ficha", window)
        click(qtbot, button(page, "Cancelar"))
        question = modal(qtbot)
        seen.check("nueva atención/cancelar", question)
        click(qtbot, button(question, "Seguir con la atención"))
        window.lock()
    assert len(seen.visited) == 16, seen.visited
    assert not seen.problems, "\n".join(seen.problems)
