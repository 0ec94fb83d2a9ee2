"""Small shared widgets and helpers for the screens.

Owns: the passphrase rules and strength hint, the application style sheet, date/time
formatting in the Peru locale, ``office_today()`` (the office's date as a ``QDate``: the
one "today" of every date field and calendar), ``section_label``,
``centered_card``, ``password_edit``, ``error_label``, ``edited_signal`` /
``clear_when_edited`` (a problem line under a field goes as soon as the field is edited),
``keep_room`` / ``release_room`` / ``release_rooms`` (the one rule of every form and
dialog: a message that goes while the person types keeps its room until the next save,
so nothing moves under the pointer — fresh 10 #18: the Nota field jumped up as the
date's message went, the click aimed at it missed and the note was typed into the date)
and ``StepMessage`` (a page's message line that keeps its room and clears itself once
what it asked for is done).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QLocale, Qt, SignalInstance
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app import office_time

if TYPE_CHECKING:
    from sync.spec import vocab

STYLE = """
QWidget#card { background: palette(base); border: 1px solid palette(mid); border-radius: 6px; }
QLabel#title { font-size: 15pt; font-weight: bold; padding: 6px 0; }
QLabel#section { font-size: 12pt; font-weight: bold; padding-top: 8px; }
QLabel#error { color: #b00020; }
QLabel#error[kind="progress"] { color: palette(window-text); }
QLabel#hint { color: palette(dark); }
QLabel#recovery { font-family: "DejaVu Sans Mono", monospace; font-size: 13pt;
                  padding: 8px; border: 1px dashed palette(mid); }
QPushButton#link { color: #1a5fb4; text-decoration: underline; border: none; text-align: left; }
QListWidget#nav { font-size: 11pt; }
QListWidget#nav::item { padding: 8px 6px; }
QLabel#overdue { color: #b00020; font-weight: bold; }
/* a visible focus ring: the base style draws none on radios and check boxes (fresh5 #1) */
QRadioButton, QCheckBox { border: 2px solid transparent; border-radius: 4px; padding: 1px 3px; }
QRadioButton:focus, QCheckBox:focus { border-color: palette(highlight); }
"""


_LEVELS = (
    QT_TRANSLATE_NOOP("widgets", "Muy débil"),
    QT_TRANSLATE_NOOP("widgets", "Débil"),
    QT_TRANSLATE_NOOP("widgets", "Regular"),
    QT_TRANSLATE_NOOP("widgets", "Aceptable"),
    QT_TRANSLATE_NOOP("widgets", "Fuerte"),
)
_WARNINGS = {
    "common": QT_TRANSLATE_NOOP("widgets", "Es una de las contraseñas más usadas."),
    "word": QT_TRANSLATE_NOOP("widgets", "Una sola palabra es fácil de adivinar."),
    "names": QT_TRANSLATE_NOOP("widgets", "Nombres, apellidos y lugares se adivinan pronto."),
    "repeats": QT_TRANSLATE_NOOP("widgets", "Las repeticiones (aaa, abcabc) se adivinan pronto."),
    "sequences": QT_TRANSLATE_NOOP("widgets", "Las secuencias (abc, 6543) se adivinan pronto."),
    "keyboard": QT_TRANSLATE_NOOP("widgets", "Las filas del teclado se adivinan pronto."),
    "years": QT_TRANSLATE_NOOP("widgets", "Los años recientes se adivinan pronto."),
    "dates": QT_TRANSLATE_NOOP("widgets", "Las fechas se adivinan pronto."),
    "more_words": QT_TRANSLATE_NOOP("widgets", "Agregue más palabras poco comunes."),
}


def strength_hint(passphrase: str) -> str:
    """The Spanish strength estimate shown as the user types (zxcvbn with Spanish and
    Peruvian words as common, ``app.store.passphrase``): level, and why if it is weak."""
    if not passphrase:
        return ""
    from app.store.passphrase import MIN_LENGTH, estimate  # first key press, not at start-up

    result = estimate(passphrase)
    level = QCoreApplication.translate("widgets", str(_LEVELS[max(0, min(result.score, 4))]))
    if len(passphrase) < MIN_LENGTH:
        why = QCoreApplication.translate("widgets", "Muy corta: use al menos 8 caracteres.")
    elif result.warning:
        why = QCoreApplication.translate("widgets", str(_WARNINGS[result.warning]))
    elif not result.acceptable:
        why = QCoreApplication.translate("widgets", str(_WARNINGS["more_words"]))
    else:
        why = ""
    return f"{level}. {why}".strip() if why else f"{level}."


def password_problem(passphrase: str, again: str) -> str | None:
    """Why a new passphrase cannot be used (the same minimum the store enforces), or None."""
    from app.store.passphrase import MIN_LENGTH, estimate

    if len(passphrase) < MIN_LENGTH:
        return QCoreApplication.translate(
            "widgets", "La contraseña debe tener al menos 8 caracteres."
        )
    if not estimate(passphrase).acceptable:
        return QCoreApplication.translate(
            "widgets",
            "La contraseña es fácil de adivinar: use varias palabras poco comunes "
            "(no nombres, lugares, fechas ni secuencias).",
        )
    if passphrase != again:
        return QCoreApplication.translate("widgets", "Las contraseñas no coinciden.")
    return None


def office_today() -> QDate:
    """Today in the office's time zone (``app.office_time``), never the computer's."""
    day = office_time.today()
    return QDate(day.year, day.month, day.day)


def fmt_datetime(iso: str | None) -> str:
    """A stored timestamp as dd/mm/aaaa hh:mm in office time (``app.office_time``: the
    PDFs print the same); a bare date as dd/mm/aaaa; "" when empty."""
    if not iso:
        return ""
    moment = office_time.parse_local(iso)
    if moment is None:
        return iso
    if len(iso.strip()) <= 10:  # a date without a time
        return moment.strftime("%d/%m/%Y")
    return moment.strftime("%d/%m/%Y %H:%M")


def fmt_date(iso: str | None) -> str:
    """A stored date (or the office date of a timestamp) as dd/mm/aaaa; "" when empty."""
    if not iso:
        return ""
    moment = office_time.parse_local(iso)
    return moment.strftime("%d/%m/%Y") if moment is not None else iso


def section_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("section")
    return label


def centered_card(screen: QWidget, max_width: int) -> QFrame:
    """A card centred on ``screen`` (the first-run and unlock screens); lay it out."""
    card = QFrame(screen)
    card.setObjectName("card")
    card.setMaximumWidth(max_width)
    outer = QVBoxLayout(screen)
    outer.addStretch(1)
    outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
    outer.addStretch(2)
    return card


def password_edit(accessible_name: str) -> QLineEdit:
    """A masked passphrase field (the name is already translated by the caller)."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(accessible_name)
    return edit


class MessageLabel(QLabel):
    """An inline, word-wrapped message line: a problem (``setText``) in red through the
    style sheet, work under way or a plain notice (``progress``) in the normal colour."""

    def setText(self, text: str) -> None:
        self._kind("error")
        super().setText(text)

    def progress(self, text: str) -> None:
        self._kind("progress")
        super().setText(text)

    def _kind(self, kind: str) -> None:
        if self.property("kind") != kind:
            self.setProperty("kind", kind)
            self.style().unpolish(self)
            self.style().polish(self)


class _WrappedMessage(MessageLabel):
    """A ``MessageLabel`` that asks for the height of all its lines: a layout does not
    give a wrapped label its height for the width it gets (a long problem under a field
    of a dialog was squeezed to one line and cut, fresh5 #17)."""

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def progress(self, text: str) -> None:
        super().progress(text)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if not self.text() and self.isHidden():
            return  # gone: the room ``keep_room`` kept stays until ``release_room``
        width = self.width() if self.width() > 1 else self.sizeHint().width()
        self.setMinimumHeight(self.heightForWidth(width) if self.text() else 0)

    def hasHeightForWidth(self) -> bool:
        """No: its minimum height is its lines' (``_fit``). A form layout that asked it
        measured another width and gave it less (fresh10 #9: the phone's problem under
        step 1 cut to a line and a half at 1024×600)."""
        return False


def error_label() -> MessageLabel:
    """An inline, word-wrapped message line (``MessageLabel``) as tall as its lines."""
    label = _WrappedMessage()
    label.setObjectName("error")
    label.setWordWrap(True)
    return label


def edited_signal(widget: QWidget) -> SignalInstance | None:
    """The signal a widget emits when a person edits it (None: not an input)."""
    if isinstance(widget, QLineEdit | QPlainTextEdit):
        return widget.textChanged
    if isinstance(widget, QComboBox):
        return widget.currentIndexChanged
    if isinstance(widget, QAbstractButton):
        return widget.toggled
    changed = getattr(widget, "changed", None)  # the app's editors (e.g. DateField)
    return changed if isinstance(changed, SignalInstance) else None


def _retain(label: QWidget, keep: bool) -> None:
    policy = label.sizePolicy()
    policy.setRetainSizeWhenHidden(keep)
    label.setSizePolicy(policy)


def keep_room(label: QWidget) -> None:
    """A message line (or a button beside it) that goes while the person types: hidden
    and emptied, its room kept (``release_room`` gives it back): the fields below stay
    under the pointer."""
    if not label.isHidden():
        label.setMinimumHeight(label.height())
        _retain(label, True)
        label.hide()
    if isinstance(label, QLabel):
        label.clear()


def empty_keeping_room(label: QLabel) -> None:
    """A message line that stays on screen emptied, as tall as it was until its next
    text (a dialog's own line under its fields: a stale warning goes while typing)."""
    label.setMinimumHeight(label.height())
    QLabel.clear(label)  # not ``setText``: an ``error_label`` would shrink to nothing


def release_room(label: QWidget) -> None:
    """Give back the room ``keep_room`` kept for ``label`` (a save lays it out anew)."""
    if label.sizePolicy().retainSizeWhenHidden():
        _retain(label, False)
        label.setMinimumHeight(0)
        holder = label.parentWidget()  # a hidden widget's change notifies no layout
        layout = holder.layout() if holder is not None else None
        if holder is not None and layout is not None:
            layout.invalidate()
            holder.updateGeometry()


def release_rooms(parent: QWidget) -> None:
    """``release_room`` for every hidden line or button of ``parent`` (a dialog saving)."""
    for widget in parent.findChildren(QWidget):
        if widget.isHidden():
            release_room(widget)


def clear_when_edited(widget: QWidget, label: QLabel) -> None:
    """Hide ``label`` — a problem shown under ``widget`` — as soon as the widget is
    edited, keeping its room (``keep_room``): a message about a value no longer on
    screen never stays, and nothing moves under the pointer meanwhile. Leaving the field
    gives the room back (fresh 11 #5: blank bands under fixed fields until the next
    save); the press that left it has already reached what it aimed at."""

    def clear(*_args: object) -> None:
        if label.text():
            keep_room(label)

    edit = widget if isinstance(widget, QLineEdit) else getattr(widget, "edit", None)
    if isinstance(edit, QLineEdit):
        edit.editingFinished.connect(lambda: release_room(label) if label.isHidden() else None)

    signal = edited_signal(widget)
    if signal is not None:
        signal.connect(clear)


class StepMessage(MessageLabel):
    """The message line of a page of steps: its room (two lines) is kept when it is
    empty, so nothing moves under the mouse when a message comes or goes; a problem
    said with ``say(text, still)`` is asked again at every edit (``recheck``) and goes
    as soon as ``still()`` returns None (it may also return a newer wording)."""

    LINES = 2

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("error")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._reset_room()
        self._still: Callable[[], str | None] | None = None

    def say(self, text: str, still: Callable[[], str | None] | None = None) -> None:
        self._still = still
        self._reset_room()
        super().setText(text)

    def setText(self, text: str) -> None:
        self._still = None
        self._reset_room()
        super().setText(text)

    def progress(self, text: str) -> None:
        self._still = None
        self._reset_room()
        super().progress(text)

    def clear(self) -> None:
        self._still = None  # a cleared problem is never brought back by a later edit
        super().clear()

    def recheck(self, *_args: object) -> None:
        """At an edit: the problem said again, or gone — its height kept while the
        person types (fresh 11 #5: a three-line summary going moved the buttons below);
        the next ``say`` or ``setText`` lays it out anew."""
        if self._still is None:
            return
        text, room = self._still(), self.minimumHeight()
        held = max(room, self.height())
        if not text:
            self.setText("")
        elif text != self.text():
            self.say(text, self._still)
        self.setMinimumHeight(held)

    def _reset_room(self) -> None:
        margins = self.contentsMargins()
        lines = self.fontMetrics().lineSpacing() * self.LINES
        self.setMinimumHeight(lines + margins.top() + margins.bottom())


@lru_cache(maxsize=1)
def _label_order() -> tuple[vocab.Vocab, ...]:
    """Codes shown by ``label_for`` when the caller does not say which vocabulary: the
    entity specification's vocabularies (sync/spec), the first that knows a code wins.
    Read on first use: the specification is not needed to paint the unlock screen."""
    from sync.spec import vocab

    return (
        vocab.CASE_STATUS,
        vocab.HEARING_STATUS,
        vocab.HEARING_CATEGORY,
        vocab.PARTY_ROLE,
        vocab.INTAKE_STATUS,
        vocab.SERVICE_TYPE,
        vocab.MATTER,
        vocab.HEARING_KIND,
        vocab.REFERRAL_STATUS,
        vocab.REFERRAL_INSTITUTION,
    )


def ui_lang() -> str:
    """The language labels are shown in ("es" or "en"), from the default locale."""
    return "en" if QLocale().language() == QLocale.Language.English else "es"


def entity_label(name: str | None, plural: bool = False) -> str:
    """The display name of an entity from its one definition (``sync.spec``)."""
    from sync import spec
    from sync.spec import vocab

    ent = spec.entity(name)
    if ent is None:
        return vocab.humanize(name)
    return (ent.plural if plural else ent.label).get(ui_lang()) or ent.label["es"]


SAID_ALONE = frozenset({"draft"})  # history actions whose label already says their subject


def history_line(action: str | None, entity: str | None) -> str:
    """An audit event as the case history shows it: "Firma de nota", "Creación de caso";
    an action that names its own subject alone ("Escrito redactado")."""
    from sync.spec import vocab

    what = label_for(action, vocab.AUDIT_ACTION)
    if not entity or action in SAID_ALONE:
        return what
    return (
        QCoreApplication.translate("widgets", "%1 de %2")
        .replace("%1", what)
        .replace("%2", entity_label(entity).lower())
    )


def day_off_text(row: Mapping[str, Any]) -> tuple[str, str]:
    """The one wording of a deadline on a day that does not count (a weekend or a
    holiday of the office's calendar: the ``Backend`` row's ``day_off``, from
    ``deadlines.date_warnings``): its badge "⚠ día no hábil" and the calendar's sentence
    for a tooltip (its reason and the next working day, capitalised, with its full
    stop); ``("", "")`` on a day that counts. Inicio and the Agenda both say it so."""
    day_off = row.get("day_off") or {}
    if not day_off:
        return "", ""
    message = str(day_off.get("message") or "")
    sentence = message[:1].upper() + message[1:] + "." if message else ""
    return "⚠ " + QCoreApplication.translate("widgets", "día no hábil"), sentence


def date_flags(row: Mapping[str, Any]) -> tuple[str, str]:
    """What Inicio and the Agenda say of a scheduled hearing or deadline whose date looks
    like a slip: "⚠ día no hábil" (``day_off_text``) and, for a hearing at an hour no court
    sits (the ``Backend`` row's ``odd_hour``, from ``deadlines.date_warnings``), "⚠ hora
    inusual"; the badges joined by " · " and their sentences for a tooltip, one a line;
    ``("", "")`` when nothing looks wrong."""
    badges, sentences = [], []
    badge, why = day_off_text(row)
    if badge:
        badges.append(badge)
        sentences.append(why)
    odd = row.get("odd_hour") or {}
    if odd:
        message = str(odd.get("message") or "")
        badges.append("⚠ " + QCoreApplication.translate("widgets", "hora inusual"))
        sentences.append(message[:1].upper() + message[1:] + "." if message else "")
    return " · ".join(badges), "\n".join(s for s in sentences if s)


def label_for(code: str | None, vocabulary: vocab.Vocab | None = None) -> str:
    """The label of a stored code (status, role, matter, kind); free text as it is."""
    if not code:
        return ""
    lang = ui_lang()
    for table in (vocabulary,) if vocabulary is not None else _label_order():
        if code in table or code in table.aliases:
            return table.label(code, lang)
    return code.replace("_", " ").capitalize() if code.islower() else code


def ok_cancel(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    """The OK (``ok_text``, already translated) and Cancelar buttons of a dialog, wired."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    cancel = QCoreApplication.translate("widgets", "Cancelar")
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
