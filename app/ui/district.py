"""A district field that finds the ubigeo by typing the district's name.

Owns: ``DistrictEdit`` — a line edit with a completer over every district of the bundled
INEI catalog (``forms.ubigeo``), shown as "DISTRITO — Provincia, Departamento (código)".
Typing a name (accents optional) or the six digits both work; ``code()`` returns the INEI
ubigeo or "" when nothing matches.
"""

from __future__ import annotations

import re
import unicodedata

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

_CODE = re.compile(r"\((\d{6})\)\s*$")
_DIGITS = re.compile(r"^\d{6}$")


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
                return
        self.setText(code)
