"""The Qt renderer of declarative forms (``forms/`` definitions) — PySide6 Widgets.

Owns the public entry points of the renderer: :class:`FormView` (build a form from a
definition, live validation with the shared engine, skip logic, repeats, cascading
ubigeo pickers, draft autosave through a :class:`DraftSink`), :func:`make_form_factory`
(the intake page's ``FormFactory``), :func:`problems_sentence` (a ficha's problems as the
intake's one-sentence message) and :func:`load_fonts`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget

from app.core.intake_person import PERSON_TO_ANSWER, person_answers
from app.ui.forms.rows import FieldRow, RepeatEditor
from app.ui.forms.view import DraftSink, FormView, SinkLike

__all__ = [
    "PERSON_TO_ANSWER",
    "DraftSink",
    "FieldRow",
    "FormView",
    "RepeatEditor",
    "SinkLike",
    "load_fonts",
    "make_form_factory",
    "person_answers",
    "problems_sentence",
]


def problems_sentence(problems: list[str]) -> str:
    """ "Revise la ficha: A: es obligatorio (y 4 más)." — the first problem, where the
    keyboard goes, in one sentence that fits the message's two lines ("": none)."""
    if not problems:
        return ""
    shown = problems[0].rstrip(" .")
    more = len(problems) - 1
    if more > 0:
        shown += " " + QCoreApplication.translate("IntakePage", "(y %1 más)").replace(
            "%1", str(more)
        )
    return QCoreApplication.translate("IntakePage", "Revise la ficha: %1.").replace("%1", shown)


INTAKE_FORM = "ficha_atencion"


def load_fonts() -> str | None:
    """Register the bundled DejaVu fonts (``resources/fonts``) with Qt; the family name."""
    from app.ui import i18n

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return None
    return i18n.load_fonts(app)


def make_form_factory(
    backend: Any = None, form_id: str = INTAKE_FORM, lang: str = "es"
) -> Callable[[SinkLike, QWidget], FormView]:
    """A ``FormFactory`` for the intake page: ``factory(sink, parent) -> FormView``.

    The definition comes from ``backend.form_registry`` when the backend has one (forms
    published by the server), else from the shipped definitions.
    """
    from forms import load_registry

    registry = getattr(backend, "form_registry", None) or load_registry()
    definition = registry.get(form_id)

    def factory(sink: SinkLike, parent: QWidget) -> FormView:
        return FormView(definition, sink=sink, lang=lang, parent=parent)

    return factory
