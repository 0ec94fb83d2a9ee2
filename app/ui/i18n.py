"""Locale, bundled fonts and translations of the desktop application.

Owns: where the bundled resources live (``resources/fonts``, ``resources/translations``),
loading the DejaVu fonts into Qt (without them Qt draws blank boxes silently), setting the
default locale to Spanish (Peru), installing Qt's own translation (``qtbase_es``: file
dialogs and standard buttons in Spanish) and the English translation on request.
Source strings in the code are Spanish; ``resources/translations/chasqui_en.qm`` turns them
into English when ``--lang en`` is given, ``chasqui_es.qm`` gives the Spanish plural forms
of ``tr(text, "", n)`` texts with ``%n`` and the keyboard's key names.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

SUPPORTED_LANGS = ("es", "en")
FONT_FAMILY = "DejaVu Sans"


def app_root() -> Path:
    """The repository root, or the PyInstaller bundle's data folder (same layout)."""
    base = getattr(sys, "_MEIPASS", None)
    return Path(base) if base else Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    """The ``resources/`` folder, also inside a PyInstaller bundle."""
    return app_root() / "resources"


def load_fonts(app: QApplication, point_size: int = 10) -> str | None:
    """Register the bundled DejaVu fonts and make them the application font.

    Returns the family name that was set, or None when no font could be loaded
    (logged: Qt would otherwise draw blank boxes without saying so).
    """
    fonts = resources_dir() / "fonts"
    family: str | None = None
    for path in sorted(fonts.glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("could not load font %s", path.name)
            continue
        families = QFontDatabase.applicationFontFamilies(font_id)
        if families and family is None:
            family = families[0]
    if family is None:
        log.error("no bundled font loaded from %s; text may render as boxes", fonts)
        return None
    font = QFont(family, point_size)
    app.setFont(font)
    return family


def set_locale(lang: str) -> QLocale:
    """Dates and numbers follow Peru; the language follows ``lang``."""
    locale = QLocale("es_PE") if lang == "es" else QLocale("en_US")
    QLocale.setDefault(locale)
    return locale


def install_qt_translator(app: QCoreApplication, lang: str) -> QTranslator | None:
    """Qt's own texts (file dialogs, "Cancel", context menus) in ``lang``: ``qtbase_<lang>``
    from Qt's translations folder (PySide6 ships it; the bundle keeps the Spanish one)."""
    if lang == "en":
        return None  # Qt's source language
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(f"qtbase_{lang}", folder):
        log.warning("Qt's own translation qtbase_%s not found in %s", lang, folder)
        return None
    app.installTranslator(translator)
    return translator


def install_translator(app: QCoreApplication, lang: str) -> QTranslator | None:
    """Install the translations for ``lang``: Qt's own, then ours (installed last, so
    asked first). Spanish is our source language: ``chasqui_es.qm`` holds only the plural
    forms of ``%n`` texts, the key names the guide uses and "archivo" ("Ctrl+N", where Qt's Spanish
    says "Control+N"); see ``resources/translations/fill_es.py``. Returns ours."""
    install_qt_translator(app, lang)
    translator = QTranslator(app)
    qm = resources_dir() / "translations" / f"chasqui_{lang}.qm"
    if not translator.load(str(qm)):
        log.warning("translation %s not found; the UI stays in Spanish", qm.name)
        return None
    app.installTranslator(translator)
    return translator
