"""Fonts, locale and the English translation: bundled DejaVu loads, every UI string has
an English translation in the shipped .qm, and the translator answers in English."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QTranslator

from app.ui import i18n

ROOT = Path(__file__).resolve().parents[2]


def test_bundled_font_is_loaded_and_used(ui_app: Any) -> None:
    assert i18n.load_fonts(ui_app) == i18n.FONT_FAMILY
    assert ui_app.font().family() == i18n.FONT_FAMILY
    assert QLocale().name() == "es_PE"


def test_english_translation_answers(ui_app: Any) -> None:
    translator = QTranslator()
    assert translator.load(str(i18n.resources_dir() / "translations" / "chasqui_en.qm"))
    assert translator.translate("UnlockScreen", "Entrar") == "Sign in"
    assert translator.translate("errors", "Contraseña incorrecta. Inténtelo de nuevo.") == (
        "Wrong passphrase. Try again."
    )


def test_every_ui_string_has_an_english_translation(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "resources" / "translations"))
    try:
        import fill_en
    finally:
        sys.path.pop(0)
    ts = tmp_path / "probe.ts"
    sources = sorted(str(p) for p in (ROOT / "app" / "ui").glob("*.py"))
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    subprocess.run([str(lupdate), *sources, "-ts", str(ts)], check=True, capture_output=True)
    found = {m.findtext("source") or "" for m in ET.parse(ts).iter("message")}  # noqa: S314
    assert found, "lupdate found no strings"
    english = set(fill_en.EN) | set(fill_en.EN_PLURALS)
    assert sorted(s for s in found if s not in english) == []


def test_the_agendas_period_titles_are_written_the_languages_way(ui_app: Any) -> None:
    """The English Agenda read "Monday 30 de November de 2026" (screenshots, session 7):
    the date formats are translated with the words around them."""
    from PySide6.QtCore import QDate

    translator = QTranslator()
    assert translator.load(str(i18n.resources_dir() / "translations" / "chasqui_en.qm"))
    day = QDate(2026, 11, 30)
    english = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    day_format = translator.translate("AgendaPage", "dddd d 'de' MMMM 'de' yyyy")
    month_format = translator.translate("AgendaPage", "MMMM 'de' yyyy")
    assert english.toString(day, day_format) == "Monday, November 30, 2026"
    assert english.toString(day, month_format) == "November 2026"
    assert QLocale().toString(day, "dddd d 'de' MMMM 'de' yyyy") == "lunes 30 de noviembre de 2026"
