"""A district field that finds the ubigeo by typing the district's name.

Owns: ``DistrictEdit`` — a line edit with suggestions over every district of the bundled
INEI catalog (``forms.ubigeo``), shown as "DISTRITO — Provincia, Departamento (código)"
with the names spelled as Spanish writes them ("COMAS — Concepción, Junín (120206)").
Typing a name (accents optional) or the six digits both work; ``code()`` returns the INEI
ubigeo or "" when nothing — or more than one district — matches, and ``problem()`` says
which in Spanish.

Suggestions are ranked: names that start with what was typed first, then, among those,
the districts of the office's own province, then of its department (``set_home``: the
office's province, "DDPP"), then by name. So "Comas", Down, Enter in a Lima office picks
COMAS — Lima, Lima, not COMAS — Concepción, Junín. A district name typed in full that
several districts share ("Comas") is not guessed: the defender picks one from the list.

A chosen district is readable wherever the field sits (a narrow dialog at 1024x600
included): the field asks for the width of its label (up to ``MAX_WIDTH``), shows it
from its start, and its tooltip carries the whole label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QSize, QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from forms.ubigeo import plain

_CODE = re.compile(r"\((\d{6})\)\s*$")
_DIGITS = re.compile(r"^\d{6}$")
MAX_WIDTH = 520  # the longest label (ANDRÉS AVELINO CÁCERES DORREGARAY — …) fits
MAX_SUGGESTIONS = 50


@dataclass(frozen=True)
class _Entry:
    label: str  # "COMAS — Lima, Lima (150110)"
    key: str  # the label accent-free upper case, for matching what is typed
    name: str  # the district's name, accent-free upper case ("COMAS")
    inei: str


_BUILT: dict[tuple[int, int], list[_Entry]] = {}  # (catalog, its revision) -> entries


def _entries() -> list[_Entry]:
    """Every district, by name; empty without the catalog. Built once per catalog
    revision (about half a second on a loaded machine: every field of every dialog
    shares them)."""
    try:
        from forms import ubigeo

        catalog = ubigeo.default_catalog()
    except Exception:  # no catalog: the field still accepts six digits
        return []
    key = (id(catalog), catalog.revision)
    built = _BUILT.get(key)
    if built is not None:
        return built
    out = []
    for d in catalog.all_districts():
        label = (
            f"{catalog.spelled(d.name).upper()} — {catalog.spelled(d.province)}, "
            f"{catalog.spelled(d.department)} ({d.inei})"
        )
        out.append(_Entry(label, plain(label), plain(d.name), d.inei))
    built = sorted(out, key=lambda e: (e.name, e.inei))
    _BUILT.clear()  # only the current revision is kept
    _BUILT[key] = built
    return built


def district_labels() -> list[str]:
    """Every district as "NAME — Province, Department (code)"; empty without the catalog."""
    return [e.label for e in _entries()]


class DistrictEdit(QLineEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(self.tr("Escriba el distrito, p. ej. Wanchaq, o el ubigeo"))
        self._entries = _entries()
        self._by_code = {e.inei: e for e in self._entries}
        self._by_name: dict[str, list[_Entry]] = {}
        for e in self._entries:
            self._by_name.setdefault(e.name, []).append(e)
        self._home = ""  # the office's province "DDPP" ("" unknown)
        self._suggested = QStringListModel(self)
        completer = QCompleter(self._suggested, self)
        # The list is filtered and ranked here (accents optional, the office's region
        # first); the completer only shows it.
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        completer.activated.connect(lambda _text: self._chosen())
        self.textEdited.connect(self._suggest)
        self.editingFinished.connect(self._chosen)
        self.textChanged.connect(lambda _text: self._fit())

    def set_home(self, province: str) -> None:
        """Rank the districts of this province ("DDPP", the office's), then of its
        department, first."""
        self._home = province[:4] if province[:4].isdigit() else ""

    def suggestions(self, text: str) -> list[str]:
        """The labels matching ``text`` (accents and case ignored), best first."""
        typed = plain(" ".join(text.split()))
        if not typed:
            return []
        home = self._home

        def rank(e: _Entry) -> tuple[int, int, str, str]:
            where = 0 if home and e.inei[:4] == home else 1 if home[:2] == e.inei[:2] else 2
            return (0 if e.name.startswith(typed) else 1, where, e.name, e.inei)

        found = [e for e in self._entries if typed in e.key]
        return [e.label for e in sorted(found, key=rank)[:MAX_SUGGESTIONS]]

    def _suggest(self, text: str) -> None:
        found = self.suggestions(text)
        self._suggested.setStringList(found)
        popup = self.completer().popup()  # wide enough for whole labels (a narrow dialog)
        if popup is None:
            return
        metrics = popup.fontMetrics()
        need = max((metrics.horizontalAdvance(label) for label in found), default=0) + 40
        popup.setMinimumWidth(min(max(need, self.width()), MAX_WIDTH))

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

    def _named(self) -> list[_Entry]:
        """The districts whose whole name is what was typed (accents optional)."""
        return self._by_name.get(plain(" ".join(self.text().split())), [])

    def code(self) -> str:
        text = self.text().strip()
        if _DIGITS.match(text):
            return text
        found = _CODE.search(text)
        if found:
            return found.group(1)
        named = self._named()
        return named[0].inei if len(named) == 1 else ""  # several: never guessed

    def problem(self) -> str | None:
        """Why what was typed is not a district (Spanish), or None."""
        if not self.text().strip() or self.code():
            return None
        named = self._named()
        if len(named) > 1:
            return (
                self.tr("Hay %1 distritos llamados %2: elija el suyo de la lista.")
                .replace("%1", str(len(named)))
                .replace("%2", self.text().strip())
            )
        return self.tr("Elija un distrito de la lista.")

    def set_code(self, code: str) -> None:
        entry = self._by_code.get(code)
        self.setText(entry.label if entry is not None else code)
        self.setCursorPosition(0)
