"""Input widgets of the form renderer, one per field type (repeat groups live in view.py).

Owns :class:`Editor` (``value()`` gives the JSON answer the engine expects, ``set_value``
loads one, ``changed`` fires on every edit) and :func:`make_editor`. Values follow the
answer format of ``forms/definitions/README.md``: integers as ``int``, decimals as
``float``, dates as ``"YYYY-MM-DD"``, datetimes as ``"YYYY-MM-DDTHH:MM:SS"``, booleans,
choice values, lists for multiple choices and the INEI code for an ubigeo.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDate,
    QEvent,
    QObject,
    QRegularExpression,
    Qt,
    Signal,
)
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from app.ui.focus_ring import arrows_choose
from app.ui.forms.dates import DateField
from app.ui.widgets import office_today
from forms import peru
from forms.model import Field
from forms.ubigeo import plain, spelled

_EN = {
    "— Seleccione —": "— Select —",
    "Sí": "Yes",
    "No": "No",
    "Ahora": "Now",
    "Departamento": "Department",
    "Provincia": "Province",
    "Distrito": "District",
    "Escriba para filtrar": "Type to filter",
    "Agregar": "Add",
    "Quitar fila": "Remove row",
    "Fila %1": "Row %1",
    "%1, fila %2": "%1, row %2",
    "Hay %1 problemas por corregir.": "There are %1 problems to fix.",
    "Hay 1 problema por corregir.": "There is 1 problem to fix.",
    "Obligatorio": "Required",
    "Sección": "Section",
}


# Markers so that pyside6-lupdate extracts the renderer's strings (context "FormView").
TRANSLATABLE = (
    QT_TRANSLATE_NOOP("FormView", "— Seleccione —"),
    QT_TRANSLATE_NOOP("FormView", "Sí"),
    QT_TRANSLATE_NOOP("FormView", "No"),
    QT_TRANSLATE_NOOP("FormView", "Ahora"),
    QT_TRANSLATE_NOOP("FormView", "Departamento"),
    QT_TRANSLATE_NOOP("FormView", "Provincia"),
    QT_TRANSLATE_NOOP("FormView", "Distrito"),
    QT_TRANSLATE_NOOP("FormView", "Escriba para filtrar"),
    QT_TRANSLATE_NOOP("FormView", "Agregar"),
    QT_TRANSLATE_NOOP("FormView", "Quitar fila"),
    QT_TRANSLATE_NOOP("FormView", "Fila %1"),
    QT_TRANSLATE_NOOP("FormView", "%1, fila %2"),
    QT_TRANSLATE_NOOP("FormView", "Hay %1 problemas por corregir."),
    QT_TRANSLATE_NOOP("FormView", "Hay 1 problema por corregir."),
    QT_TRANSLATE_NOOP("FormView", "Obligatorio"),
    QT_TRANSLATE_NOOP("FormView", "Sección"),
)


def tr(text: str, lang: str = "es") -> str:
    """Translate a renderer string through Qt; English fallback built in."""
    out = QCoreApplication.translate("FormView", text)
    if lang == "en" and out == text:
        return _EN.get(text, text)
    return out


class Editor(QWidget):
    """Base of every field editor."""

    changed = Signal()

    def __init__(self, field: Field, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.lang = lang
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._loading = False

    def value(self) -> Any:  # pragma: no cover - overridden
        return None

    def set_value(self, value: Any) -> None:  # pragma: no cover - overridden
        pass

    def focus_widgets(self) -> list[QWidget]:
        """The focusable children in tab order."""
        return [self]

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)

    def _emit(self, *_args: object) -> None:
        if not self._loading:
            self.changed.emit()


class TextEditor(Editor):
    def __init__(self, field: Field, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(field, lang, parent)
        self.multiline = field.multiline
        if field.multiline:
            self.edit: QLineEdit | QPlainTextEdit = QPlainTextEdit()
            self.edit.setTabChangesFocus(True)
            self.edit.setFixedHeight(70)
            self.edit.textChanged.connect(self._emit)
        else:
            line = QLineEdit()
            line.setMaxLength(field.max_length)
            line.textChanged.connect(self._emit)
            if field.type in ("integer", "decimal"):
                pattern = r"-?\d{0,12}" if field.type == "integer" else r"-?\d{0,12}([.,]\d{0,4})?"
                line.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), line))
                line.setAlignment(Qt.AlignmentFlag.AlignRight)
                line.setMaximumWidth(180)
            elif field.type in ("document_id", "phone"):
                line.setMaximumWidth(220)
            self.edit = line
        self.edit.setAccessibleName(field.text(lang))
        self._layout.addWidget(self.edit)
        if field.type in ("integer", "decimal", "document_id", "phone"):
            self._layout.addStretch(1)

    def text(self) -> str:
        if isinstance(self.edit, QPlainTextEdit):
            return self.edit.toPlainText()
        return self.edit.text()

    def value(self) -> Any:
        text = self.text()
        if not text.strip():
            return None
        if self.field.type == "integer":
            try:
                return int(text)
            except ValueError:
                return text
        if self.field.type == "decimal":
            try:
                number = float(text.replace(",", "."))
            except ValueError:
                return text
            return number if math.isfinite(number) else text
        return text

    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            text = "" if value is None else str(value)
            if isinstance(self.edit, QPlainTextEdit):
                self.edit.setPlainText(text)
            else:
                self.edit.setText(text)
        finally:
            self._loading = False

    def focus_widgets(self) -> list[QWidget]:
        return [self.edit]

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class DateEditor(Editor):
    """A date or date-time field: the app's one date editor (:class:`DateField`), with
    "Ahora" for a date-time and "No sabe" where the form does not require the date."""

    def __init__(self, field: Field, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(field, lang, parent)
        with_time = field.type == "datetime"
        self.edit = DateField(
            with_time=with_time,
            unknown=field.required is False and not with_time,
            calendar_start=_calendar_start(field),
            name=field.text(lang),
            say_problems=False,  # the form says it under the field's row (FormView.refresh)
        )
        self.edit.changed.connect(self._emit)
        self._layout.addWidget(self.edit)
        self.now_button: QPushButton | None = None
        if with_time:
            self.now_button = QPushButton(tr("Ahora", lang))
            self.now_button.setAccessibleName(f"{field.text(lang)}: {tr('Ahora', lang)}")
            self.now_button.clicked.connect(self.edit.set_now)
            self._layout.addWidget(self.now_button)
        self._layout.addStretch(1)

    def value(self) -> Any:
        """The ISO answer; what is typed when it is not a valid date yet (so that the
        form engine blocks it, while :meth:`problem` says why in the UI's terms)."""
        value = self.edit.value()
        if value is None and self.edit.problem() is not None:
            return self.edit.raw_text()
        return value

    def problem(self) -> str | None:
        return self.edit.problem()

    def set_value(self, value: Any, emit: bool = False) -> None:
        self._loading = not emit
        try:
            self.edit.set_value(value if isinstance(value, str) else None)
        finally:
            self._loading = False

    def focus_widgets(self) -> list[QWidget]:
        return self.edit.focus_widgets() + ([self.now_button] if self.now_button else [])

    def set_read_only(self, read_only: bool) -> None:
        self.edit.set_read_only(read_only)


def _calendar_start(field: Field) -> QDate | None:
    """Birth dates open the calendar thirty years back, a child's (the ficha's "hijo_…",
    an alimony claim's minor) five (fresh10 #12: it opened 30 years back); other dates
    on today."""
    if "nacimiento" in field.name or "birth" in field.name:
        return office_today().addYears(-5 if field.name.startswith("hijo") else -30)
    return None


class ChoiceEditor(Editor):
    """select_one: a combo box with a blank first entry."""

    def __init__(self, field: Field, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(field, lang, parent)
        self.combo = QComboBox()
        self.combo.addItem(tr("— Seleccione —", lang), None)
        for choice in field.choices or []:
            self.combo.addItem(choice.text(lang), choice.value)
        self.combo.setAccessibleName(field.text(lang))
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.currentIndexChanged.connect(self._emit)
        self._layout.addWidget(self.combo)
        self._layout.addStretch(1)
        self.allowed: frozenset[str] | None = None  # the choices offered (None: all)

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            index = self.combo.findData(value) if value is not None else 0
            self.combo.setCurrentIndex(max(index, 0))
        finally:
            self._loading = False

    def narrow(self, allowed: frozenset[str] | None) -> None:
        """Offer only the ``allowed`` choices (None: all); a value already chosen stays,
        and the engine says it does not fit (``choice_narrowed``: the matter of another
        area)."""
        self.allowed, current = allowed, self.value()
        keep = {*(allowed or ()), current}
        offer = [c for c in self.field.choices or [] if allowed is None or c.value in keep]
        shown = [self.combo.itemData(i) for i in range(1, self.combo.count())]
        if shown == [c.value for c in offer]:
            return
        was_open = self.combo.view().isVisible()
        self._loading = True
        try:
            while self.combo.count() > 1:
                self.combo.removeItem(1)
            for choice in offer:
                self.combo.addItem(choice.text(self.lang), choice.value)
            self.combo.setCurrentIndex(max(self.combo.findData(current), 0))
        finally:
            self._loading = False
        if was_open:  # fresh-eyes #4: the open pop-up kept its old height, half empty
            self.combo.hidePopup()
            self.combo.showPopup()

    def focus_widgets(self) -> list[QWidget]:
        return [self.combo]


class MultiChoiceEditor(Editor):
    """select_multiple: check boxes in two columns."""

    def __init__(self, field: Field, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(field, lang, parent)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: list[tuple[str, QCheckBox]] = []
        choices = field.choices or []
        columns = 2 if len(choices) > 4 else 1
        rows = math.ceil(len(choices) / columns)
        for i, choice in enumerate(choices):
            box = QCheckBox(choice.text(lang))
            box.toggled.connect(self._emit)
            grid.addWidget(box, i % rows, i // rows)
            self.boxes.append((choice.value, box))
        self._layout.addLayout(grid)
        self._layout.addStretch(1)

    def value(self) -> Any:
        chosen = [v for v, box in self.boxes if box.isChecked()]
        return chosen or None

    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            wanted = set(value) if isinstance(value, list) else set()
            for v, box in self.boxes:
                box.setChecked(v in wanted)
        finally:
            self._loading = False

    def focus_widgets(self) -> list[QWidget]:
        return [box for _v, box in self.boxes]


class BooleanEditor(Editor):
    """Two radio buttons Sí / No, none checked until answered."""

    def __init__(self, field: Field, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(field, lang, parent)
        self.yes = QRadioButton(tr("Sí", lang))
        self.no = QRadioButton(tr("No", lang))
        self.yes.setAccessibleName(f"{field.text(lang)}: {tr('Sí', lang)}")
        self.no.setAccessibleName(f"{field.text(lang)}: {tr('No', lang)}")
        self.group = QButtonGroup(self)
        self.group.addButton(self.yes)
        self.group.addButton(self.no)
        self.group.buttonToggled.connect(self._toggled)
        arrows_choose(self.group)  # an arrow answers, as Space does
        self._layout.addWidget(self.yes)
        self._layout.addWidget(self.no)
        self._layout.addStretch(1)

    def _toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if checked:
            self._emit()

    def value(self) -> Any:
        if self.yes.isChecked():
            return True
        if self.no.isChecked():
            return False
        return None

    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            if value is True:
                self.yes.setChecked(True)
            elif value is False:
                self.no.setChecked(True)
            else:
                self.group.setExclusive(False)
                self.yes.setChecked(False)
                self.no.setChecked(False)
                self.group.setExclusive(True)
        finally:
            self._loading = False

    def focus_widgets(self) -> list[QWidget]:
        return [self.yes, self.no]


def _filter_combo(placeholder: str) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setMinimumWidth(90)
    line = combo.lineEdit()
    if line is not None:
        line.setPlaceholderText(placeholder)
    completer = combo.completer()
    if completer is not None:
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setCompletionRole(PLAIN_ROLE)  # "junin" finds "Junín"
    return combo


PLAIN_ROLE = Qt.ItemDataRole.UserRole + 1  # a place's name accent-free, for typing


class UbigeoEditor(Editor):
    """Cascading department -> province -> district pickers with type-to-filter."""

    def __init__(self, field: Field, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(field, lang, parent)
        hint = tr("Escriba para filtrar", lang)
        self.department = _filter_combo(hint)
        self.province = _filter_combo(hint)
        self.district = _filter_combo(hint)
        for combo, name in (
            (self.department, "Departamento"),
            (self.province, "Provincia"),
            (self.district, "Distrito"),
        ):
            combo.setAccessibleName(tr(name, lang))
            combo.setToolTip(tr(name, lang))
            self._layout.addWidget(combo)
        self._fill(self.department, peru.departments())
        self.province.setEnabled(False)
        self.district.setEnabled(False)
        self.department.currentIndexChanged.connect(self._department_changed)
        self.province.currentIndexChanged.connect(self._province_changed)
        self.district.currentIndexChanged.connect(self._emit)
        for combo in (self.department, self.province, self.district):
            line = combo.lineEdit()
            if line is not None:
                line.editingFinished.connect(lambda c=combo: self._snap(c))

    @staticmethod
    def _fill(combo: QComboBox, items: list[tuple[str, str]]) -> None:
        """The places, named as Spanish writes them ("Junín"; ``forms.ubigeo.spelled``)."""
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("", None)
        combo.setItemData(0, "", PLAIN_ROLE)
        for code, name in items:
            combo.addItem(spelled(name), code)
            combo.setItemData(combo.count() - 1, plain(name), PLAIN_ROLE)
        combo.setCurrentIndex(0)
        combo.blockSignals(False)

    @staticmethod
    def _snap(combo: QComboBox) -> None:
        """After typing, select the matching entry (exact, then unique prefix) or blank;
        accents and case do not matter."""
        text = plain(combo.currentText().strip())
        if not text:
            combo.setCurrentIndex(0)
            return
        names = [plain(combo.itemText(i)) for i in range(combo.count())]
        if text in names:
            combo.setCurrentIndex(names.index(text))
            return
        hits = [i for i, n in enumerate(names) if n.startswith(text)] or [
            i for i, n in enumerate(names) if text in n
        ]
        combo.setCurrentIndex(hits[0] if len(hits) == 1 else combo.currentIndex())
        combo.setEditText(combo.itemText(combo.currentIndex()))

    def _department_changed(self) -> None:
        code = self.department.currentData()
        self._fill(self.province, peru.provinces(code) if code else [])
        self._fill(self.district, [])
        self.province.setEnabled(bool(code))
        self.district.setEnabled(False)
        self._emit()

    def _province_changed(self) -> None:
        code = self.province.currentData()
        self._fill(self.district, peru.districts(code) if code else [])
        self.district.setEnabled(bool(code))
        self._emit()

    def value(self) -> Any:
        code = self.district.currentData()
        return code if isinstance(code, str) else None

    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            d = peru.district(value) if isinstance(value, str) else None
            if d is None:
                self.department.setCurrentIndex(0)
                return
            self.department.setCurrentIndex(max(self.department.findData(d.department_code), 0))
            self.province.setCurrentIndex(max(self.province.findData(d.province_code), 0))
            self.district.setCurrentIndex(max(self.district.findData(d.inei), 0))
        finally:
            self._loading = False

    def focus_widgets(self) -> list[QWidget]:
        return [self.department, self.province, self.district]


class NoteView(Editor):
    def __init__(self, field: Field, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(field, lang, parent)
        label = QLabel(field.text(lang))
        label.setWordWrap(True)
        label.setObjectName("hint")
        self._layout.addWidget(label)

    def focus_widgets(self) -> list[QWidget]:
        return []


class CalculatedView(Editor):
    """Read-only display of a calculated value."""

    def __init__(self, field: Field, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(field, lang, parent)
        self.label = QLabel("—")
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._layout.addWidget(self.label)
        self._layout.addStretch(1)
        self._value: Any = None

    def show_value(self, value: Any) -> None:
        self._value = value
        if value is None:
            text = "—"
        elif isinstance(value, bool):
            text = tr("Sí", self.lang) if value else tr("No", self.lang)
        elif isinstance(value, float):
            text = f"{value:,.2f}"
        else:
            text = str(value)
        self.label.setText(text)

    def value(self) -> Any:
        return self._value

    def focus_widgets(self) -> list[QWidget]:
        return []


class WheelGuard(QObject):
    """Ignores the mouse wheel on combo boxes (focused or not): the wheel scrolls the
    page around them instead, so scrolling a form never changes an answer by accident
    (a focused "Tipo de documento" turned DNI into "Sin documento")."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget):
            parent = watched.parentWidget()
            while parent is not None and not isinstance(parent, QAbstractScrollArea):
                parent = parent.parentWidget()
            if isinstance(parent, QAbstractScrollArea):  # scroll the form instead
                QCoreApplication.sendEvent(parent.viewport(), event)
            return True
        return False


_GUARD: WheelGuard | None = None


def guard_wheel(widget: QWidget) -> None:
    """The wheel over ``widget`` (a combo box) scrolls its page, never its value."""
    global _GUARD
    if _GUARD is None:
        _GUARD = WheelGuard()
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    widget.installEventFilter(_GUARD)


def make_editor(field: Field, lang: str) -> Editor:
    """The editor for a non-repeat field."""
    editor = _make_editor(field, lang)
    for child in editor.findChildren(QComboBox):
        guard_wheel(child)
    return editor


def _make_editor(field: Field, lang: str) -> Editor:
    if field.type == "note":
        return NoteView(field, lang)
    if field.calculate is not None:
        return CalculatedView(field, lang)
    if field.type in ("date", "datetime"):
        return DateEditor(field, lang)
    if field.type == "select_one":
        return ChoiceEditor(field, lang)
    if field.type == "select_multiple":
        return MultiChoiceEditor(field, lang)
    if field.type == "boolean":
        return BooleanEditor(field, lang)
    if field.type == "ubigeo":
        return UbigeoEditor(field, lang)
    return TextEditor(field, lang)
