"""The parts shared by the pages that show one record (the case view, a person's profile).

Owns: ``record_header`` (the "← Volver" button and the title label of such a page),
``MessageLine`` (a one-line confirmation whose height is reserved even when empty, so
nothing moves when it clears, and which clears itself after ``MESSAGE_MS``), ``allow``
(enable a button, or disable it with a tooltip saying why), ``read_only_table`` /
``fill_table`` (tables of rows to read and pick from, each row carrying its key),
``say_when_empty`` (an empty list or table says so, as Inicio's lists do), and
the dialogs of these pages: ``ask`` (a window-modal question whose "yes" runs an
action), ``open_dialog`` (open a dialog without blocking; run an action once it was
accepted) and ``SaveDialog`` (a dialog whose "Guardar" runs its write in the worker and
closes only once the write succeeded; a refusal is shown in it, each problem under its
field in Spanish until that field is edited; ``ask_first``: what the core would ask about
the values typed, said before a second click saves them); ``CaseTab`` (the base of the case view's
referral and milestone tabs: their signals and the one-case load); ``office_today``
(today in the office's time zone, for date fields).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.widgets import clear_when_edited, error_label, ok_cancel, release_rooms
from app.ui.widgets import office_today as office_today  # shared by the record pages
from app.ui.worker import Latest, Worker

MESSAGE_MS = 8000


def record_header(back: SignalInstance) -> tuple[QHBoxLayout, QLabel]:
    """A page's head: "← Volver" (emits ``back``) and the title label (returned)."""
    button = QPushButton(QCoreApplication.translate("record_page", "← Volver"))
    button.setAccessibleName(QCoreApplication.translate("record_page", "Volver"))
    button.clicked.connect(back)
    title = QLabel()
    title.setObjectName("title")
    title.setWordWrap(True)
    head = QHBoxLayout()
    head.addWidget(button)
    head.addWidget(title, 1)
    return head, title


class MessageLine(QLabel):
    """A one-line message of fixed height that clears itself (see the module docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(" ", parent)
        self.setObjectName("hint")
        self.setAccessibleName(QCoreApplication.translate("record_page", "Mensaje"))
        self.setMinimumHeight(self.sizeHint().height())
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(MESSAGE_MS)
        self.timer.timeout.connect(lambda: self.setText(" "))

    def say(self, text: str) -> None:
        self.setText(text or " ")
        self.timer.start()


def allow(button: QAbstractButton, why_not: str, tip: str = "") -> None:
    """Enable ``button`` when ``why_not`` is empty; its tooltip says why it is disabled."""
    button.setEnabled(not why_not)
    button.setToolTip(why_not or tip)


class EmptyLine(QLabel):
    """The grey line ``say_when_empty`` puts inside a view with no rows."""

    def __init__(self, view: QAbstractItemView, text: str) -> None:
        super().__init__(text, view.viewport())
        self.setObjectName("hint")
        self.move(6, 4)
        self._model = view.model()
        # a method of this label: Qt disconnects it when the label goes (a lambda would
        # outlive it and be called on a deleted label as the view is torn down)
        for signal in (self._model.rowsInserted, self._model.rowsRemoved, self._model.modelReset):
            signal.connect(self.follow)
        self.follow()

    def follow(self) -> None:
        self.adjustSize()
        self.setVisible(self._model.rowCount() == 0)


def say_when_empty(view: QAbstractItemView, text: str) -> QLabel:
    """A grey line inside ``view`` saying ``text`` while it has no rows ("No hay
    derivaciones registradas."): an empty box said nothing (walked at 1024×600). The
    rows themselves are untouched (none is added)."""
    return EmptyLine(view, text)


def read_only_table(headers: list[str], name: str) -> QTableWidget:
    """A table of rows to read and pick from (one row at a time, no editing)."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(True)
    table.verticalHeader().hide()
    # rows follow their wrapped text as the columns change width (small tables only)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def fill_table(table: QTableWidget, rows: list[list[str]], keys: list[Any]) -> None:
    """Put ``rows`` in ``table``; each row's items carry its key (``UserRole``) and show
    their whole text as a tooltip (nothing is lost to a narrow column)."""
    table.setRowCount(len(rows))
    for r, (values, key) in enumerate(zip(rows, keys, strict=True)):
        for c, value in enumerate(values):
            item = QTableWidgetItem(str(value or ""))
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(str(value or ""))
            table.setItem(r, c, item)


def _t(text: str) -> str:
    return QCoreApplication.translate("record_page", text)


def again_line(again: str) -> str:
    """The line ending a question about a value typed: what a second click of ``again``
    (the button's text) does."""
    return _t("Corrija la fecha o pulse «%1» otra vez para guardarla así.").replace("%1", again)


def open_dialog(
    dialog: QDialog, accepted: Callable[[], None], keep: Callable[[QDialog | None], None]
) -> None:
    """Open ``dialog`` window-modal without blocking; ``accepted()`` once it was accepted.
    ``keep(dialog)`` records it as the open dialog (``keep(None)`` when it closes)."""
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    keep(dialog)

    def finished(code: int) -> None:
        keep(None)
        if code == QDialog.DialogCode.Accepted:
            accepted()
        dialog.deleteLater()

    dialog.finished.connect(finished)
    dialog.open()


def ask(
    parent: QWidget,
    title: str,
    question: str,
    yes: str,
    then: Callable[[], None],
    keep: Callable[[QDialog | None], None],
) -> QMessageBox:
    """A window-modal question; ``then()`` when the answer is ``yes`` ("Cancelar" is the
    default and Escape's answer)."""
    box = QMessageBox(
        QMessageBox.Icon.Question, title, question, QMessageBox.StandardButton.NoButton, parent
    )
    confirm = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(_t("Cancelar"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    keep(box)

    def answered(_code: int) -> None:
        keep(None)
        if box.clickedButton() is confirm:
            then()
        box.deleteLater()

    box.finished.connect(answered)
    box.open()
    return box


class CaseTab(QWidget):
    """A tab of the case view over one case (referrals, milestones): ``changed`` after
    a write, ``error`` for the window's reporter, ``notice`` to confirm; ``load(case_id)``
    reads through the backend with a ``Latest`` (only the newest read lands)."""

    changed = Signal()
    error = Signal(object)
    notice = Signal(str)

    def __init__(self, backend: Any, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backend, self._worker = backend, worker
        self._latest = Latest(worker)
        self.case_id = ""


class SaveDialog(QDialog):
    """A dialog whose "Guardar" (``ok_text``) runs ``work()`` in the worker and closes
    only when it succeeded (``result_value`` holds what it returned); a refusal keeps it
    open: each problem of an ``InvalidInput`` under its field (``field_messages``), the
    others in ``message``."""

    def __init__(self, title: str, ok_text: str, worker: Worker, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._worker = worker
        self.result_value: Any = None
        self.saved = False
        self.asked: Any = None  # the values ``ask_first`` last asked about
        self.field_messages: dict[str, QLabel] = {}
        self._fields: dict[str, QWidget] = {}  # the widget of each field (``add_field``)
        self.layout_ = QVBoxLayout(self)
        self.message = error_label()
        self.buttons = ok_cancel(self, ok_text)
        self.buttons.accepted.disconnect()
        self.buttons.accepted.connect(self.save)

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.message)
        self.layout_.addWidget(self.buttons)

    def add_field(self, form: QFormLayout, name: str, label: str, widget: QWidget) -> None:
        """A row whose widget has a problem line under it (``field_messages[name]``)."""
        box = QWidget()
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(1)
        v.addWidget(widget)
        problem = error_label()
        problem.hide()
        v.addWidget(problem)
        clear_when_edited(widget, problem)
        self.field_messages[name] = problem
        self._fields[name] = widget
        form.addRow(label, box)

    def show_problem(self, name: str, text: str) -> None:
        label = self.field_messages.get(name)
        if label is not None:
            hush = getattr(self._fields.get(name), "hush", None)  # a date's own line
            if text and callable(hush):
                hush()  # one line under the field says it, not two
            label.setText(text)
            label.setVisible(bool(text))

    def work(self) -> Callable[[], Any] | None:
        """The write to run (None: nothing to do, ``message`` says why)."""
        return None

    def ask_first(self, values: Any, check: Callable[[], list[str]], again: str) -> None:
        """Before a save: run ``check`` (in the worker: the questions its values raise,
        Spanish sentences; a refusal is raised, shown under its field); none: saved now;
        else said, ending with what a second click of ``again`` does, and ``asked`` holds
        ``values`` — the caller saves as typed when the same values come back."""
        self.buttons.setEnabled(False)  # one check at a time (a double click saves once)

        def checked(questions: list[str]) -> None:
            self.buttons.setEnabled(True)
            self.asked = values
            if not questions:
                self.save()
                return
            self.message.progress("\n".join([*questions, again_line(again)]))

        self._worker.submit(check, checked, self._failed)

    def save(self) -> None:
        for label in self.field_messages.values():
            label.hide()
        release_rooms(self)  # laid out anew: the room of the messages that went is given back
        self.message.setText("")
        fn = self.work()
        if fn is None:
            return
        self.buttons.setEnabled(False)
        self._worker.submit(fn, self._done, self._failed)

    def _done(self, result: object) -> None:
        self.result_value = result
        self.saved = True
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        from app.ui.errors import user_message

        self.buttons.setEnabled(True)
        problems = getattr(exc, "problems", None) or []
        if not problems:
            self.message.setText(user_message(exc))
            return
        elsewhere: list[str] = []
        for p in problems:
            if str(p.field) in self.field_messages:
                self.show_problem(str(p.field), str(p.message))
            else:
                elsewhere.append(str(getattr(p, "shown", p)))
        self.message.setText("\n".join([_t("Revise los datos marcados."), *elsewhere]))
