"""The rows of a rendered form: one field's row and the repeat-group editor.

Owns :class:`FieldRow` (label with a required marker, editor, hint and the live message
of one field) and :class:`RepeatEditor` (rows of child fields with "Agregar" and
"Quitar fila"), which reports edits and layout changes to its :class:`RowHost` (the
:class:`~app.ui.forms.view.FormView` that holds it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.forms.editors import CalculatedView, ChoiceEditor, Editor, make_editor, tr
from app.ui.widgets import keep_room, release_room
from forms import FieldError
from forms.catalogs import allowed
from forms.model import Field

LABEL_WIDTH = 190


class RowHost(Protocol):
    """What a :class:`RepeatEditor` needs from the form that holds it."""

    lang: str

    def field_changed(self, row: FieldRow) -> None: ...

    def rebuild_tab_order(self) -> None: ...


class FieldRow(QWidget):
    """Label (+ required marker), editor, hint and message of one field (one row).

    ``revealed``: every message of the field may show, "obligatorio" included (the
    defender asked for the problems, or left the field after editing it); before that
    only what is wrong with what was typed shows. A message that goes keeps its room
    until ``release_room`` (the next submit): nothing below moves under the mouse."""

    def __init__(self, field: Field, editor: QWidget, lang: str) -> None:
        super().__init__()
        self.field = field
        self.editor = editor
        self.lang = lang
        self.required = False
        self.touched = False
        self.revealed = False
        # Parented at once: a label that no layout takes (a note's) must never become a
        # top-level window when shown (issue 13's stray "Registre a la otra parte" window).
        self.label = QLabel(self)
        if field.type == "note":
            self.label.hide()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setMinimumWidth(LABEL_WIDTH)
        self.label.setMaximumWidth(LABEL_WIDTH)
        self.label.setBuddy(_first_focus(editor))
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(editor)
        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.message.hide()
        box.addWidget(self.message)
        self.hint = QLabel(field.hint_text(lang))
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        box.addWidget(self.hint)  # parented first: showing a parentless label opens a window
        self.hint.setVisible(bool(field.hint_text(lang)))
        self.set_required(False)

    def set_required(self, required: bool) -> None:
        if required == self.required and self.label.text():
            return  # as it is: a wrapped label's text and height cost (fresh-eyes #28)
        self.required = required
        text = _html(self.field.text(self.lang))
        if required:
            text += ' <span style="color:#b00020">*</span>'
        self.label.setText(text)
        self.label.setToolTip(tr("Obligatorio", self.lang) if required else "")
        # QFormLayout does not ask a wrapped label for its height: give it the lines.
        self.label.setMinimumHeight(self.label.heightForWidth(LABEL_WIDTH))

    def set_message(self, error: FieldError | None) -> None:
        message = self.message
        if error is None:
            keep_room(message)  # it goes, its room stays (the class docstring)
            return
        release_room(message)
        message.setText(error.message)
        color = "#b00020" if error.severity == "error" else "#8a5a00"
        message.setStyleSheet(f"color: {color};")
        message.show()

    def release_room(self) -> None:
        """Give back the room of a message that went (the form is laid out anew)."""
        if self.message.isHidden():
            release_room(self.message)


def narrow_choices(rows: Mapping[str, FieldRow], answers: Mapping[str, Any]) -> None:
    """Offer in each choice whose catalog another answer narrows only what fits it now
    (``forms.catalogs.allowed``: the ficha's "Materia" after its "Área")."""
    for row in rows.values():
        if isinstance(row.editor, ChoiceEditor) and row.field.catalog:
            row.editor.narrow(allowed(row.field.catalog, answers))


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _first_focus(widget: QWidget) -> QWidget:
    if isinstance(widget, Editor):
        focus = widget.focus_widgets()
        return focus[0] if focus else widget
    return widget


class RepeatEditor(QFrame):
    """A repeat group: rows of child fields, "Agregar" and "Quitar fila"."""

    changed = Signal()

    def __init__(self, field: Field, view: RowHost) -> None:
        super().__init__()
        self.field = field
        self.view = view
        self.lang = view.lang
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.rows: list[tuple[QGroupBox, dict[str, FieldRow]]] = []
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(6, 6, 6, 6)
        self.add_button = QPushButton(tr("Agregar", self.lang) + f": {field.text(self.lang)}")
        self.add_button.setAccessibleName(tr("Agregar", self.lang))
        self.add_button.clicked.connect(self._add_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        self.box.addLayout(buttons)

    def _add_clicked(self) -> None:
        self.add_row()
        first = self.rows[-1][1]
        for row in first.values():
            focus = _first_focus(row.editor)
            if focus is not row.editor or isinstance(row.editor, Editor):
                focus.setFocus()
                break
        self.changed.emit()

    def add_row(self, values: Mapping[str, Any] | None = None) -> None:
        if self.field.max_count is not None and len(self.rows) >= self.field.max_count:
            return
        group = QGroupBox(tr("Fila %1", self.lang).replace("%1", str(len(self.rows) + 1)))
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        cells: dict[str, FieldRow] = {}
        for child in self.field.fields:
            editor = make_editor(child, self.lang)
            cell = FieldRow(child, editor, self.lang)
            if isinstance(editor, Editor):
                editor.changed.connect(lambda c=cell: self.view.field_changed(c))
                if values is not None and values.get(child.name) is not None:
                    editor.set_value(values[child.name])
                    cell.touched = True
            form.addRow(cell.label, cell)
            cells[child.name] = cell
        remove = QPushButton(tr("Quitar fila", self.lang))
        remove.setAccessibleName(tr("Quitar fila", self.lang))
        remove.clicked.connect(lambda _=False, g=group: self.remove_row(g))
        remove_box = QHBoxLayout()
        remove_box.addStretch(1)
        remove_box.addWidget(remove)
        form.addRow(remove_box)
        self.box.insertWidget(len(self.rows), group)
        group.show()  # a child added to a visible parent is not shown by itself
        self.rows.append((group, cells))
        self._update_buttons()
        self.view.rebuild_tab_order()

    def remove_row(self, group: QGroupBox) -> None:
        self.rows = [(g, c) for g, c in self.rows if g is not group]
        group.hide()
        group.deleteLater()
        for i, (g, _c) in enumerate(self.rows, 1):
            g.setTitle(tr("Fila %1", self.lang).replace("%1", str(i)))
        self._update_buttons()
        self.view.rebuild_tab_order()
        self.changed.emit()

    def _update_buttons(self) -> None:
        full = self.field.max_count is not None and len(self.rows) >= self.field.max_count
        self.add_button.setEnabled(not full)

    def value(self) -> list[dict[str, Any]] | None:
        out = []
        for _group, cells in self.rows:
            row = {}
            for name, cell in cells.items():
                if isinstance(cell.editor, Editor) and not isinstance(cell.editor, CalculatedView):
                    v = cell.editor.value()
                    if v is not None:
                        row[name] = v
            out.append(row)
        return out or None

    def set_value(self, value: Any) -> None:
        for group, _cells in list(self.rows):
            self.remove_row(group)
        if isinstance(value, list):
            for item in value:
                self.add_row(item if isinstance(item, dict) else {})

    def focus_widgets(self) -> list[QWidget]:
        out: list[QWidget] = []
        for _group, cells in self.rows:
            for cell in cells.values():
                if isinstance(cell.editor, Editor):
                    out += cell.editor.focus_widgets()
            remove = [
                w
                for w in _group.findChildren(QPushButton)
                if w.text() == tr("Quitar fila", self.lang)
            ]
            out += remove
        return [*out, self.add_button]
