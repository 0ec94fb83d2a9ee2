"""The Ver and Ayuda menus of the main window, the defender's guide and "Acerca de".

Owns: ``VIEW_PAGES`` (the workspace pages the Ver menu reaches, in navigation order, with
Ctrl+1…Ctrl+7), ``ViewMenu`` (those pages, then the window's Buscar and Sincronizar
actions; enabled only while unlocked), ``HelpMenu`` (Guía del defensor F1, Acerca de
Chasqui), ``GuideDialog`` (the ONE defender's guide,
``docs/guia-defensor.md`` with its pictures from ``docs/screenshots`` — the bundle ships
both at the same relative paths —, rendered from Markdown in ``GuideBrowser``, pictures
scaled to the text's width; placed over the pages, below the menu bar) and
``about_text()``. The Archivo menu is
``app/ui/backups.py: BackupMenu`` (the window adds Salir to it).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QImage, QKeySequence, QShowEvent, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMainWindow,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.ui.i18n import app_root

VIEW_PAGES: tuple[tuple[str, str], ...] = (  # (workspace page, label) as in the navigation
    ("home", str(QT_TRANSLATE_NOOP("Workspace", "Inicio"))),
    ("people", str(QT_TRANSLATE_NOOP("Workspace", "Personas"))),
    ("cases", str(QT_TRANSLATE_NOOP("Workspace", "Casos"))),
    ("agenda", str(QT_TRANSLATE_NOOP("Workspace", "Agenda"))),
    ("sync", str(QT_TRANSLATE_NOOP("Workspace", "Sincronización"))),
    ("reports", str(QT_TRANSLATE_NOOP("Workspace", "Reportes"))),
    ("times", str(QT_TRANSLATE_NOOP("Workspace", "Tiempos"))),
)

GUIDE = "docs/guia-defensor.md"  # relative to the repository and to the bundle


def guide_path() -> str:
    return str(app_root() / GUIDE)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("chasqui")
    except PackageNotFoundError:
        return "0.1.0"


class ViewMenu(QObject):
    """Ver: the workspace pages, then the search and sync actions of the window."""

    def __init__(
        self, window: QMainWindow, go_to: Callable[[str], None], extra: list[QAction]
    ) -> None:
        super().__init__(window)
        self.menu = window.menuBar().addMenu(self.tr("&Ver"))
        self.menu.setObjectName("menu_ver")
        self.page_actions: dict[str, QAction] = {}
        for number, (name, label) in enumerate(VIEW_PAGES, start=1):
            action = QAction(QCoreApplication.translate("Workspace", label), self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            action.triggered.connect(lambda _checked=False, page=name: go_to(page))
            window.addAction(action)
            self.menu.addAction(action)
            self.page_actions[name] = action
        self.menu.addSeparator()
        self.menu.addActions(extra)

    def set_enabled(self, enabled: bool) -> None:
        for action in self.page_actions.values():
            action.setEnabled(enabled)


class GuideBrowser(QTextBrowser):
    """The guide's Markdown with its pictures (``docs/screenshots``, shipped beside the
    guide), each scaled down to the width of the text as shown."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.images: list[str] = []  # the pictures shown, as the guide names them

    def text_width(self) -> int:
        """The width a picture may take: the viewport less the document's margins and one
        list indentation (the guide shows some pictures inside a numbered step)."""
        document = self.document()
        margins = 2 * int(document.documentMargin()) + int(document.indentWidth())
        return max(200, self.viewport().width() - margins - 4)

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        url = QUrl(name)
        if kind != QTextDocument.ResourceType.ImageResource.value or url.scheme():
            return super().loadResource(kind, name)
        path = (self.folder / url.path()).resolve()
        image = QImage(str(path)) if self.folder.resolve() in path.parents else QImage()
        if image.isNull():
            return super().loadResource(kind, name)
        self.images.append(url.path())
        width = self.text_width()
        if image.width() > width:
            image = image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        return image


class GuideDialog(QDialog):
    """The defender's guide (Spanish) with its pictures, over the window's pages: below the
    menu bar, which stays in sight. Modal: Esc or "Cerrar" goes back to the work. The text
    is laid out once the dialog is shown (its pictures fit the width it then has)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guide")
        self.setWindowTitle(self.tr("Guía del defensor"))
        self.setModal(True)
        if parent is not None:
            self._place(parent.window())
        else:
            self.resize(720, 520)
        self.browser = GuideBrowser(Path(guide_path()).parent)
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(True)
        self.browser.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self._loaded = False
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Cerrar"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            QTimer.singleShot(0, self._load)  # once laid out: the browser has its width

    def _load(self) -> None:
        try:
            self.browser.setMarkdown(Path(guide_path()).read_text(encoding="utf-8"))
        except OSError:
            self.browser.setPlainText(self.tr("No se encontró la guía en este equipo."))

    def _place(self, window: QWidget) -> None:
        """Over the window's pages, below its menu bar (the title bar a window manager
        adds is left room for)."""
        area = window.geometry()  # the window's inside, in screen coordinates
        top = area.y()
        if isinstance(window, QMainWindow) and window.menuBar().isVisible():
            bar = window.menuBar()
            top = bar.mapToGlobal(QPoint(0, bar.height())).y()
        title = max(0, area.y() - window.frameGeometry().y())  # the manager's title bar
        width = min(760, area.width() - 40)
        height = max(200, area.bottom() - top - title - 24)
        self.resize(width, height)
        self.move(area.x() + (area.width() - width) // 2, top + 8)


def about_text() -> str:
    return (
        QCoreApplication.translate("HelpMenu", "Chasqui %1").replace("%1", _version())
        + "\n\n"
        + QCoreApplication.translate(
            "HelpMenu",
            "Expediente digital cifrado para la defensa pública: funciona sin conexión y "
            "se sincroniza con el servidor de la oficina cuando hay enlace.",
        )
    )


class HelpMenu(QObject):
    """Ayuda: the guide (F1) and Acerca de."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.menu = window.menuBar().addMenu(self.tr("Ay&uda"))
        self.menu.setObjectName("menu_ayuda")
        self.guide_action = QAction(self.tr("Guía del defensor"), self)
        self.guide_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        if self.guide_action.shortcut().isEmpty():
            self.guide_action.setShortcut(QKeySequence("F1"))
        self.guide_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.guide_action.triggered.connect(self.show_guide)
        window.addAction(self.guide_action)
        self.about_action = QAction(self.tr("Acerca de Chasqui"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        self.menu.addAction(self.guide_action)
        self.menu.addSeparator()
        self.menu.addAction(self.about_action)
        self.dialog: QDialog | None = None

    def _replace(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.open()  # closed, the main window takes the keyboard back (MainWindow)

    def show_guide(self) -> None:
        self._replace(GuideDialog(self.window))

    def show_about(self) -> None:
        box = QMessageBox(self.window)
        box.setObjectName("about")
        box.setWindowTitle(self.tr("Acerca de Chasqui"))
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(about_text())
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.button(QMessageBox.StandardButton.Ok).setText(self.tr("Aceptar"))
        self._replace(box)
