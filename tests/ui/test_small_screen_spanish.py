"""A 1024×600 netbook in Spanish (issue 13 #6, #7): the real main window, driven by keys
and clicks through every page, the case and person views with their tabs, the new
intake, search, the guide and Acerca de. On each screen:

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
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
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

from app.ui.backend import StoreBackend
from app.ui.main_window import MainWindow, Services
from tests.conftest import PASS, make_vault
from tests.ui.e2e import MARIA, arrange_case, modal, open_case_from_list
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


def test_the_ficha_fits_beside_the_navigation_and_speaks_spanish(
    qtbot: Any, ui_app: Any
) -> None:
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
