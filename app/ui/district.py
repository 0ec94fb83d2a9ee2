"""A district field that finds the ubigeo by typing the district's name.

Owns: ``DistrictEdit`` — a line edit with a completer over every district of the bundled
INEI catalog (``forms.ubigeo``), shown as "DISTRITO — Provincia, Departamento (código)".
Typing a name (accents optional) or the six digits both work; ``code()`` returns the INEI
ubigeo or "" when nothing matches. A chosen district is readable wherever the field sits
(a narrow dialog at 1024x600 included): the field asks for the width of its label (up to
``MAX_WIDTH``), shows it from its start, and its tooltip carries the whole label.
"""

from __future__ import annotations

import re
import unicodedata

from PySide6.QtCore import QSize, QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

_CODE = re.compile(r"\((\d{6})\)\s*$")
_DIGITS = re.compile(r"^\d{6}$")
MAX_WIDTH = 520  # the longest label (ANDRES AVELINO CACERES DORREGARAY — …) fits


def _plain(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn"
    ).upper()


def district_labels() -> list[str]:
    """Every district as "NAME — Province, Department (code)"; empty without the catalog."""
    try:
        from forms import ubigeo

        districts = ubigeo.default_catalog().all_districts()
    except Exception:  # no catalog: the field still accepts six digits
        return []
    return [
        f"{d.name} — {d.province.title()}, {d.department.title()} ({d.inei})"
        for d in sorted(districts, key=lambda d: (_plain(d.name), d.inei))
    ]


class DistrictEdit(QLineEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(self.tr("Escriba el distrito, p. ej. Wanchaq, o el ubigeo"))
        self._labels = district_labels()
        completer = QCompleter(QStringListModel(self._labels, self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        self._by_plain = {_plain(label.split(" — ")[0]): label for label in self._labels}
        completer.activated.connect(lambda _text: self._chosen())
        self.editingFinished.connect(self._chosen)
        self.textChanged.connect(lambda _text: self._fit())

    def _fit(self) -> None:
        """A chosen district asks for the room of its whole label (see the docstring)."""
        chosen = bool(_CODE.search(self.text()))
        self.setToolTip(self.text() if chosen else "")
        self.updateGeometry()

    def _chosen(self) -> None:
        if not self.hasFocus() or _CODE.search(self.text()):
            self.setCursorPosition(0)  # the district's name, not the end of its label

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        if not _CODE.search(self.text()):
            return hint
        frame = super().sizeHint().width() - self.fontMetrics().horizontalAdvance("x" * 17)
        need = self.fontMetrics().horizontalAdvance(self.text()) + max(frame, 12) + 6
        return QSize(min(max(hint.width(), need), MAX_WIDTH), hint.height())

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(max(hint.width(), self.minimumSizeHint().width()), hint.height())

    def code(self) -> str:
        text = self.text().strip()
        if _DIGITS.match(text):
            return text
        found = _CODE.search(text)
        if found:
            return found.group(1)
        label = self._by_plain.get(_plain(text))  # a unique district name typed in full
        if label is not None:
            match = _CODE.search(label)
            return match.group(1) if match else ""
        return ""

    def set_code(self, code: str) -> None:
        for label in self._labels:
            if label.endswith(f"({code})"):
                self.setText(label)
                self.setCursorPosition(0)
                return
        self.setText(code)
