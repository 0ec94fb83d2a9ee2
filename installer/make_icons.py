"""Render the application icon (``installer/linux/chasqui.svg``) to PNG and Windows ICO.

    .venv/bin/python installer/make_icons.py

Owns: regenerating ``installer/linux/chasqui.png`` (256 px) and
``installer/windows/chasqui.ico`` (16-256 px) from the SVG; run it after editing the SVG
and commit the results. Uses Qt's SVG renderer (PySide6) and Pillow (from reportlab).
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent
SVG = ROOT / "linux" / "chasqui.svg"
PNG = ROOT / "linux" / "chasqui.png"
ICO = ROOT / "windows" / "chasqui.ico"


def render_png(size: int, target: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(SVG)).render(painter)
    painter.end()
    if not image.save(str(target)):
        raise SystemExit(f"could not write {target}")


def main() -> None:
    from PIL import Image

    render_png(256, PNG)
    Image.open(PNG).save(
        ICO, format="ICO", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (256, 256)]
    )
    print(f"wrote {PNG.relative_to(ROOT.parent)} and {ICO.relative_to(ROOT.parent)}")


if __name__ == "__main__":
    main()
