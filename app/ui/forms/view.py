"""The form renderer: a scrollable form built from a definition, with live validation.

Owns :class:`FormView` — sections as group boxes in a scroll area (with a section list
to jump between them), one :class:`~app.ui.forms.rows.FieldRow` per field and repeat
groups (:class:`~app.ui.forms.rows.RepeatEditor`, both in ``rows.py``), skip logic
that shows and hides rows, calculated values, the keyboard tab order (``focus_chain``;
``first_unanswered`` is where filling starts), draft autosave through an injected
:class:`DraftSink` (every few seconds while dirty, and on close) and resuming drafts.
All rules come from the same engine as the server (``forms.FormRun``/``validate``).
"""

from __future__ import annotations

import datetime as _dt
import itertools
from collections.abc import Callable, Mapping
from typing import Any, Protocol, runtime_checkable

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.ui.focus_ring import laid_out, show_in_scroll_area
from app.ui.forms.editors import CalculatedView, Editor, make_editor, tr
from app.ui.forms.rows import FieldRow, RepeatEditor, narrow_choices
from app.ui.widgets import keep_room, release_room
from forms import FieldError, FormRun
from forms.model import Definition, Field

AUTOSAVE_MS = 3000
REFRESH_MS = 120
NAV_WIDTH = 200
NAV_FROM = 900  # narrower than this, the section list gives its room to the form


@runtime_checkable
class DraftSink(Protocol):
    """Where drafts go (wired to ``store.save_draft`` by the application)."""

    def save(self, answers: Mapping[str, Any]) -> None: ...


SinkLike = DraftSink | Callable[[Mapping[str, Any]], None]


class FormView(QWidget):
    """A rendered definition. ``answers()`` for submission, ``draft_answers()`` for drafts.

    ``sink`` receives draft answers (``sink.save(answers)`` or ``sink(answers)``) every
    ``autosave_ms`` while there are unsaved edits, and on close. ``today`` fixes the date
    used by the rules (tests); by default the current date.
    """

    answers_changed = Signal()

    def __init__(
        self,
        definition: Definition,
        sink: SinkLike | None = None,
        answers: Mapping[str, Any] | None = None,
        lang: str = "es",
        parent: QWidget | None = None,
        today: _dt.date | None = None,
        autosave_ms: int = AUTOSAVE_MS,
    ) -> None:
        super().__init__(parent)
        self.definition = definition
        self.form_id = definition.id
        self.form_version = definition.version
        self.lang = lang
        self._sink = sink
        self._today = today
        self.dirty = False
        self.show_all_errors = False
        self.errors: list[FieldError] = []
        self.rows: dict[str, FieldRow] = {}
        self.repeats: dict[str, RepeatEditor] = {}
        self.sections: dict[str, QGroupBox] = {}
        self._forms: dict[str, QFormLayout] = {}
        self._built: set[str] = set()
        self._pending: dict[str, Any] = {}  # answers of fields whose section is not built
        self._fresh = not answers  # a new form: defaults apply (also to later sections)
        self._building = True
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setObjectName("error")
        self.summary.setContentsMargins(6, 4, 6, 4)
        self.summary.hide()
        outer.addWidget(self.summary)
        body = QHBoxLayout()
        body.setSpacing(6)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setAccessibleName(tr("Sección", lang))
        self.nav.setFixedWidth(NAV_WIDTH)
        self.nav.setWordWrap(True)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.currentRowChanged.connect(self._jump)
        self.nav.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        # Never a horizontal scroll: rows wrap (labels, hints) within the width.
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body.addWidget(self.nav)
        body.addWidget(self.scroll_area, 1)
        outer.addLayout(body, 1)
        self._refresh_timer = QTimer(self, singleShot=True, interval=REFRESH_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self.autosave = QTimer(self)
        self.autosave.setInterval(autosave_ms)
        self.autosave.timeout.connect(self.save_draft_if_dirty)
        self.shortcuts: list[QShortcut] = []
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda step=step: self.go_section(step))
            self.shortcuts.append(shortcut)
        if answers:
            self._pending = {k: v for k, v in answers.items() if v is not None}
        app = QApplication.instance()
        if isinstance(app, QApplication):  # a field left after editing shows all it has
            app.focusChanged.connect(self._focus_moved)
        self._build()
        self._building = False
        self.refresh()
        self.autosave.start()

    # -- building ---------------------------------------------------------------------

    def _build(self) -> None:
        """Sections without a ``relevant`` rule are built now; conditional ones (matter
        blocks...) are built the first time they become relevant (faster first paint)."""
        content = QWidget()
        column = QVBoxLayout(content)
        self.nav.clear()
        self._built.clear()
        for section in self.definition.sections:
            group = QGroupBox(section.text(self.lang))
            group.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
            form = QFormLayout(group)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.sections[section.name] = group
            self._forms[section.name] = form
            self.nav.addItem(section.text(self.lang))
            column.addWidget(group)
            if section.relevant is None:
                self._populate(section.name, tab_order=False)
            else:
                group.hide()
        column.addStretch(1)
        self.scroll_area.setWidget(content)
        self.rebuild_tab_order()

    def build_all(self) -> None:
        """Build every section now (normally conditional ones wait until relevant)."""
        for section in self.definition.sections:
            self._populate(section.name)

    def _populate(self, name: str, tab_order: bool = True) -> None:
        if name in self._built:
            return
        self._built.add(name)
        section = next(s for s in self.definition.sections if s.name == name)
        form = self._forms[name]
        building, self._building = self._building, True
        try:
            for f in section.fields:
                row = self._make_row(f)
                if f.type in ("note", "repeat"):
                    if f.type == "repeat":
                        form.addRow(row.label)
                    form.addRow(row)
                else:
                    form.addRow(row.label, row)
                self._initial_value(row)
        finally:
            self._building = building
        if tab_order:
            self.rebuild_tab_order()

    def _make_row(self, f: Field) -> FieldRow:
        if f.type == "repeat":
            repeat = RepeatEditor(f, self)
            self.repeats[f.name] = repeat
            editor: QWidget = repeat
            repeat.changed.connect(lambda f=f: self.field_changed(self.rows[f.name]))
        else:
            editor = make_editor(f, self.lang)
        row = FieldRow(f, editor, self.lang)
        if isinstance(editor, Editor):
            editor.changed.connect(lambda r=row: self.field_changed(r))
            if f.readonly:
                editor.set_read_only(True)
        self.rows[f.name] = row
        return row

    def _initial_value(self, row: FieldRow) -> None:
        """A pending (resumed) answer, else the default on a new form."""
        f, editor = row.field, row.editor
        if f.name in self._pending:
            value = self._pending.pop(f.name)
            if isinstance(editor, RepeatEditor | Editor):
                editor.set_value(value)
                row.touched = True
        elif self._fresh:
            if f.default is not None and isinstance(editor, Editor):
                editor.set_value(f.default)
            if isinstance(editor, RepeatEditor) and f.min_count > 0:
                for _ in range(f.min_count):
                    editor.add_row()

    def _in_order(self) -> list[FieldRow]:
        """The rows built, in the order of the definition (a section built later — the
        matter's, once chosen — still sits where the form has it)."""
        return [
            self.rows[f.name]
            for section in self.definition.sections
            for f in section.fields
            if f.name in self.rows
        ]

    def focus_chain(self) -> list[QWidget]:
        """The focusable widgets in the order of the definition (repeat rows included), as
        the answers have it now: a field the last choice shows is in it (fresh-eyes #16)."""
        if self._refresh_timer.isActive():
            self.refresh()
        chain: list[QWidget] = []
        for row in self._in_order():
            editor = row.editor
            if isinstance(editor, Editor | RepeatEditor):
                chain += editor.focus_widgets()
        return chain

    def rebuild_tab_order(self) -> None:
        """Chain the focusable widgets in the order of the definition (rows included)."""
        for first, second in itertools.pairwise(self.focus_chain()):
            QWidget.setTabOrder(first, second)

    def first_unanswered(self) -> QWidget | None:
        """The input of the first shown field still without an answer — where a person
        filling the form starts —, or None when every shown field has one."""
        for row in self._in_order():
            editor = row.editor
            if not isinstance(editor, Editor) or isinstance(editor, CalculatedView):
                continue
            if not row.isVisibleTo(self) or editor.value() is not None:
                continue
            inputs = [w for w in editor.focus_widgets() if w.isEnabled()]
            if inputs:
                return inputs[0]
        return None

    def go_section(self, step: int) -> str | None:
        """Move to the next (``step=1``) or previous visible section and focus its first
        input (Ctrl+PgDown / Ctrl+PgUp); returns the section name."""
        names = [s.name for s in self.definition.sections]
        visible = [i for i, n in enumerate(names) if not self.sections[n].isHidden()]
        if not visible:
            return None
        current = self.nav.currentRow()
        after = [i for i in visible if (i > current if step > 0 else i < current)]
        target = (after[0] if step > 0 else after[-1]) if after else current
        if target < 0:
            target = visible[0]
        self.nav.setCurrentRow(target)
        self._jump(target)
        for f in self.definition.sections[target].fields:
            editor = self.rows[f.name].editor
            focus = editor.focus_widgets() if isinstance(editor, Editor | RepeatEditor) else []
            if focus and not self.rows[f.name].isHidden():
                focus[0].setFocus(Qt.FocusReason.ShortcutFocusReason)
                break
        return names[target]

    def _jump(self, index: int) -> None:
        if 0 <= index < len(self.definition.sections):
            group = self.sections[self.definition.sections[index].name]
            vbar = self.scroll_area.verticalScrollBar()
            vbar.setValue(group.y())

    # -- answers -----------------------------------------------------------------------

    def draft_answers(self) -> dict[str, Any]:
        """Everything typed, relevant or not (nothing the defender typed is lost)."""
        out: dict[str, Any] = {}
        for name, row in self.rows.items():
            editor = row.editor
            if isinstance(editor, RepeatEditor) or (
                isinstance(editor, Editor) and not isinstance(editor, CalculatedView)
            ):
                value = editor.value()
            else:
                continue
            if value is not None:
                out[name] = value
        for name, value in self._pending.items():
            if value is not None:
                out[name] = value
        return out

    def answers(self) -> dict[str, Any]:
        """What to submit: relevant answers only, plus the calculated values."""
        raw = self.draft_answers()
        run = FormRun(self.definition, raw, self._today, self.lang)
        out: dict[str, Any] = {}
        for f in self.definition.top_fields():
            if f.type == "note" or not run.is_relevant(f):
                continue
            if f.calculate is not None:
                v = run.value(f)
                if v is not None:
                    out[f.name] = v.isoformat() if isinstance(v, _dt.date) else v
            elif f.type == "repeat" and isinstance(raw.get(f.name), list):
                rows = []
                for i, item in enumerate(raw[f.name]):
                    kept = {
                        c.name: item[c.name]
                        for c in f.fields
                        if c.name in item and c.calculate is None and run.is_relevant(c, i)
                    }
                    rows.append(kept)
                out[f.name] = rows
            elif f.name in raw:
                out[f.name] = raw[f.name]
        return out

    def set_answers(self, answers: Mapping[str, Any]) -> None:
        """Load saved answers (a draft being resumed)."""
        building, self._building = self._building, True
        built = set(self.rows)
        self._pending = {k: v for k, v in answers.items() if k not in built and v is not None}
        try:
            for name, row in self.rows.items():
                editor = row.editor
                if isinstance(editor, RepeatEditor):
                    editor.set_value(answers.get(name))
                elif isinstance(editor, Editor) and not isinstance(editor, CalculatedView):
                    editor.set_value(answers.get(name))
                    if answers.get(name) is not None:
                        row.touched = True
        finally:
            self._building = building
        self.dirty = False
        if not self._building:
            self.refresh()

    def prefill(self, values: Mapping[str, Any]) -> None:
        """Set the given answers only where the form has none yet (e.g. the person data
        typed in an earlier step); repeat groups are left alone."""
        current = self.draft_answers()
        merged = dict(current)
        for key, value in values.items():
            row = self.rows.get(key)
            if row is not None and key not in current and key not in self.repeats:
                merged[key] = value
        if merged != current:
            self.set_answers(merged)
            self.dirty = True

    def put(self, values: Mapping[str, Any], repeats: bool = False) -> None:
        """Set the given answers, replacing what the form has (``None`` empties a field):
        another screen changed them (step 1 of an intake is the same person record).
        Repeat groups are left alone unless ``repeats`` (then their rows are replaced)."""
        current = self.draft_answers()
        merged = dict(current)
        for key, value in values.items():
            if key not in self.rows or (key in self.repeats and not repeats):
                continue
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        if merged != current:
            self.set_answers(merged)
            self.dirty = True

    # -- validation --------------------------------------------------------------------

    def field_changed(self, row: FieldRow) -> None:
        if self._building:
            return
        row.touched = True
        self.dirty = True
        self._refresh_timer.start()
        self.answers_changed.emit()

    def _focus_moved(self, old: QWidget | None, new: QWidget | None) -> None:
        """Leaving an edited field reveals all its messages ("obligatorio" too; a row just
        added says nothing before that); the field reached is scrolled into view (#5)."""
        if new is not None and self.scroll_area.isAncestorOf(new):
            show_in_scroll_area(new)
            QTimer.singleShot(0, self, lambda: show_in_scroll_area(new, only_focused=True))
        if old is None or not self.isAncestorOf(old):
            return
        for _path, cell, _index in self._cells():
            if cell.isAncestorOf(old) and (new is None or not cell.isAncestorOf(new)):
                cell.release_room()  # left: no blank band stays under it (fresh 12 #9)
                if cell.touched and not cell.revealed:
                    cell.revealed = True
                    self._refresh_timer.start()

    def _cells(self) -> list[tuple[str, FieldRow, int | None]]:
        out: list[tuple[str, FieldRow, int | None]] = []
        for name, row in self.rows.items():
            out.append((name, row, None))
            if name in self.repeats:
                for i, (_g, cells) in enumerate(self.repeats[name].rows):
                    for cname, cell in cells.items():
                        out.append((f"{name}[{i + 1}].{cname}", cell, i))
        return out

    def refresh(self) -> None:
        """Re-run skip logic, calculations, required markers and messages."""
        self._refresh_timer.stop()
        narrow_choices(self.rows, self.draft_answers())
        run = FormRun(self.definition, self.draft_answers(), self._today, self.lang)
        newly = [
            s.name
            for s in self.definition.sections
            if s.name not in self._built and run.section_relevant(s.name)
        ]
        if newly:  # build sections that just became relevant, then evaluate again
            for name in newly:
                self._populate(name)
            run = FormRun(self.definition, self.draft_answers(), self._today, self.lang)
        self.errors = self._with_local_problems(run.errors())
        by_path: dict[str, FieldError] = {}
        for e in self.errors:
            by_path.setdefault(e.path, e)
        for section in self.definition.sections:
            self.sections[section.name].setVisible(run.section_relevant(section.name))
        for path, cell, index in self._cells():
            f = cell.field
            relevant = run.is_relevant(f, index)
            cell.setVisible(relevant)
            if f.type != "note":  # a note shows its text itself; its label stays hidden
                cell.label.setVisible(relevant)
            if not relevant:
                continue
            if isinstance(cell.editor, CalculatedView):
                cell.editor.show_value(run.value(f, index))
            cell.set_required(
                f.type != "note" and f.calculate is None and run.is_required(f, index)
            )
            error = by_path.get(path)
            show = error is not None and (
                cell.revealed or (cell.touched and error.code != "required")
            )
            cell.set_message(error if show else None)
        for i, section in enumerate(self.definition.sections):
            if (item := self.nav.item(i)) is not None:
                item.setHidden(not run.section_relevant(section.name))
        # one count: every blocking problem, as the line under the form counts them (a
        # field a later choice added counts before it says so: fresh10 #11)
        blocking = [e for e in self.errors if e.severity == "error"]
        if self.show_all_errors and blocking:
            count = len(blocking)
            self.summary.setText(
                tr("Hay 1 problema por corregir.", self.lang)
                if count == 1
                else tr("Hay %1 problemas por corregir.", self.lang).replace("%1", str(count))
            )
            self.summary.show()
        else:  # all fixed: the line goes, its room stays to the next submit (fresh 10 #28)
            keep_room(self.summary)

    def _with_local_problems(self, errors: list[FieldError]) -> list[FieldError]:
        """An editor that knows what is wrong with what is typed (a date editor: "Fecha
        incompleta: escriba dd/mm/aaaa.") speaks instead of the engine, in the screen's
        own terms; the engine's error still blocks."""
        local: dict[str, str] = {}
        for path, cell, _index in self._cells():
            problem = getattr(cell.editor, "problem", None)
            text = problem() if callable(problem) else None
            if text:
                local[path] = text
        if not local:
            return errors
        out = [
            FieldError(e.path, e.code, local.pop(e.path)) if e.path in local else e for e in errors
        ]
        return out + [FieldError(path, "typed", text) for path, text in local.items()]

    def problems(self, reveal: bool = True) -> list[str]:
        """Blocking problems as "Label: message" lines; ``reveal``: also shows every
        message (a submit, not a recheck while editing); a repeat row's field says where."""
        if reveal:
            if self._refresh_timer.isActive():  # the last choice's section built first
                self.refresh()
            self.show_all_errors = True
            for _path, cell, _index in self._cells():
                cell.revealed = True
                cell.release_room()
            release_room(self.summary)
        self.refresh()
        return [self._problem_line(e) for e in self.errors if e.severity == "error"]

    def _problem_line(self, error: FieldError) -> str:
        parts = error.path.split(".")
        name = parts[-1].split("[", 1)[0]
        f = self.definition.by_name.get(name)
        label = f.text(self.lang) if f else error.path
        if len(parts) == 2 and "[" in parts[0]:  # "partes[1].parte_tipo_documento"
            group, _, number = parts[0].partition("[")
            repeat = self.definition.by_name.get(group)
            where = (
                tr("%1, fila %2", self.lang)
                .replace("%1", repeat.text(self.lang) if repeat else group)
                .replace("%2", number.rstrip("]"))
            )
            label = f"{where}: {label}"
        return f"{label}: {error.message}"

    def focus_problem(self) -> QWidget | None:
        """Scroll to the field of the first blocking problem, as laid out now (fresh 9 N5),
        and give it the keyboard (after ``problems()``); the widget, or None if none."""
        first = next((e for e in self.errors if e.severity == "error"), None)
        cells = {path: (cell, index) for path, cell, index in self._cells()}
        cell, index = cells.get(first.path, (None, None)) if first is not None else (None, None)
        if cell is None or first is None:
            return None
        editor, content = cell.editor, self.scroll_area.widget()
        inputs = editor.focus_widgets() if isinstance(editor, Editor | RepeatEditor) else []
        target = next((w for w in inputs if w.isEnabled()), cell)
        laid_out(cell)
        if content is not None:  # the field, its label and its message near the top;
            cell_top = cell.mapTo(content, QPoint(0, 0)).y()  # in a repeat, from its row's
            top = cell_top - 24  # "Fila N" as far as the whole field still shows
            repeat = self.repeats.get(first.path.split("[", 1)[0]) if index is not None else None
            if repeat is not None and index is not None and index < len(repeat.rows):
                group_top = repeat.rows[index][0].mapTo(content, QPoint(0, 0)).y() - 8
                room = self.scroll_area.viewport().height()
                top = min(max(group_top, cell_top + cell.height() + 8 - room), cell_top - 8)
            self.scroll_area.verticalScrollBar().setValue(max(0, top))
        self.scroll_area.ensureWidgetVisible(target, 24, 24)
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        return target

    # -- drafts ------------------------------------------------------------------------

    def save_draft_if_dirty(self) -> bool:
        """Hand the draft to the sink when there are unsaved edits; True when saved."""
        if not self.dirty or self._sink is None:
            return False
        answers = self.draft_answers()
        if isinstance(self._sink, DraftSink):
            self._sink.save(answers)
        else:
            self._sink(answers)
        self.dirty = False
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        self.autosave.stop()
        self.save_draft_if_dirty()
        super().closeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        # Embedded, it gets no closeEvent when its window or page goes, but it hides: save
        self.save_draft_if_dirty()
        super().hideEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # On a small screen (1024 px and a navigation column) the section list would
        # push the answers sideways; Ctrl+PgDown / Ctrl+PgUp still move between sections.
        self.nav.setVisible(event.size().width() >= NAV_FROM)
        super().resizeEvent(event)

    def set_language(self, lang: str) -> None:
        """Rebuild the labels in another language (answers are kept)."""
        if lang == self.lang:
            return
        answers, dirty = self.draft_answers(), self.dirty
        self.lang = lang
        for built in (self.rows, self.repeats, self.sections, self._forms):
            built.clear()
        old = self.scroll_area.takeWidget()
        if old is not None:
            old.deleteLater()
        self._building = True
        self._pending = dict(answers)
        fresh, self._fresh = self._fresh, False
        self._build()
        self._fresh = fresh
        self._building = False
        self.dirty = dirty
        self.refresh()
