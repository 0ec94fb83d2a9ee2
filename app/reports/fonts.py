"""Embedded TrueType fonts for every document: DejaVu Sans regular and bold.

The fonts ship with the app in ``resources/fonts`` (Bitstream Vera licence beside them);
reportlab embeds the glyphs used, so accents, ñ, ¿ and ¡ print the same on every
machine. A PyInstaller bundle finds them under ``sys._MEIPASS``. Registration is
idempotent and cheap after the first call.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.reports.errors import FontsMissing

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"

_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}


def font_dirs() -> list[Path]:
    """Where to look for the font files, most specific first."""
    dirs: list[Path] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        dirs.append(Path(bundle) / "resources" / "fonts")
    dirs.append(Path(__file__).resolve().parent.parent.parent / "resources" / "fonts")
    return dirs


def _find(filename: str) -> Path:
    for directory in font_dirs():
        candidate = directory / filename
        if candidate.is_file():
            return candidate
    searched = ", ".join(str(d) for d in font_dirs())
    raise FontsMissing(f"font file {filename} not found (searched: {searched})")


@lru_cache(maxsize=1)
def register_fonts() -> tuple[str, str]:
    """Register DejaVu Sans (regular, bold) with reportlab; return their names."""
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(_find(filename))))
    # <b> inside a Paragraph maps to the bold face; there is no italic face shipped.
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR, BOLD
