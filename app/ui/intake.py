"""New intake (Ctrl+N): the person, the conflict check, the ficha, then the outcome.

Owns ``IntakePage`` — the steps and what passes between them:

1. the person attended (``PersonStep``), validated by the one person validator
   (``app.core.people``, messages naming the fields in Spanish) before anything else;
2. the people found like them (``CheckStep``): the defender decides about each candidate
   and the decisions are audited (``Backend.record_decisions``) *before* going on; a
   conflict of interest stops the intake;
3. the ficha (the renderer of ``app/ui/forms`` through ``FormFactory``; drafts autosave).
   Step 1 and the ficha are one person record: going forward puts step 1 into the ficha,
   "Volver" takes the ficha's person back into step 1, and saving reads it from there.
   On "Abrir caso" / "Solo consulta" the alimony obligado becomes a row of "Otras partes"
   (entered once: ``app.core.intake_person.with_obligado``), and the other parties of
   the ficha (and the client, if changed since the check) go through the conflict check;
   then the registration runs in the worker (``Backend.register_intake``: when the case
   opens, the other parties become case parties) and ``registered(result)`` follows.

Cancelling asks whether to keep a draft (also after a conflict of interest; not for a
recovered draft left as it was), named after the person. Leaving half-way (another page,
Ctrl+N, the lock) keeps what was typed as its draft; quitting with edits not yet in it asks
(``unsaved``, ``draft_question.ask_before_quitting``). Confirmations: ``app.ui.status.confirm``.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QLabel, QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from app import office_time
from app.core.errors import InvalidInput
from app.core.intake_person import (
    PARTIES,
    PERSON_TO_ANSWER,
    parties_from_answers,
    person_answers,
    with_obligado,
)
from app.core.people import full_name
from app.core.registration import party_problems
from app.ui.draft_question import DISCARD, KEEP, STAY, ask_keep, kept_choice
from app.ui.errors import user_message
from app.ui.focus_ring import focus_first, move_focus, tab_stops
from app.ui.forms import INTAKE_FORM, problems_sentence
from app.ui.intake_check import CandidateRow, CheckGroup, CheckStep, ConflictStop, signature
from app.ui.intake_form_step import FormStep
from app.ui.person_step import ASKED, PersonStep
from app.ui.ports import Backend, FormFactory, Row
from app.ui.status import confirm
from app.ui.widgets import StepMessage, edited_signal
from app.ui.worker import Worker

PERSON, CANDIDATES, FORM = range(3)


class IntakePage(QWidget):
    registered = Signal(object)  # Row returned by Backend.register_intake
    cancelled = Signal()
    error = Signal(object)
    candidates_shown = Signal(int)
    resumed = Signal(str)  # draft id
    notice = Signal(str)  # a confirmation, as shown in the window's status bar

    def __init__(
        self,
        backend: Backend,
        worker: Worker,
        form_factory: FormFactory | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._backend = backend
        self._worker = worker
        self._form_factory = form_factory
        self._draft_id = str(uuid.uuid4())
        self._resumed: dict[str, Any] | None = None
        self._pending_draft: dict[str, Any] | None = None
        self._closed = False  # registered or given up: drafts are no longer saved
        self._submitting = False  # the registration is in the worker: no draft meanwhile
        self._pending_submit: bool | None = None  # open_case of a submit waiting on a check
        self._client_checked: tuple[str, ...] | None = None
        self._client_check_shown = False  # step 2 was on screen: the ficha is step 3
        self._same_person_id: str | None = None
        self._party_links: dict[tuple[str, ...], str | None] = {}
        self._decisions: dict[str, str] = {}
        self.form_widget: QWidget | None = None
        self.dialog: QMessageBox | None = None  # the question on screen, if any
        self._saved: dict[str, Any] | None = None  # the answers as last written (or loaded)
        self.stop = ConflictStop()  # a conflict of interest stopped it: kept in its draft

        self.title = QLabel(self.tr("Nueva atención"))
        self.title.setObjectName("title")
        self.person_step = PersonStep()
        self.person_step.check_requested.connect(self.check_candidates)
        self.person_step.cancel_requested.connect(self.cancel)
        self.person_step.discard_requested.connect(lambda: self._finish(DISCARD))
        self.check_step = CheckStep()
        self.check_step.back_requested.connect(self._back_from_check)
        self.check_step.continue_requested.connect(self.confirm_decisions)
        self.message = StepMessage()  # keeps its room: nothing moves when it speaks
        self.check_step.decision_changed.connect(self.message.recheck)
        for widget in self.person_step.focus_chain():
            signal = edited_signal(widget)
            if signal is not None:
                signal.connect(self.message.recheck)
        self.decide_button = self.check_step.decide_button
        self.steps = QStackedWidget()
        self.steps.addWidget(self.person_step)
        self.steps.addWidget(self.check_step)
        self.form_step = FormStep()
        self.steps.addWidget(self.form_step)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.steps, 1)
        layout.addWidget(self.message)
        step = self.person_step  # the fields, as attributes of the page (tests, focus)
        self.given, self.paternal, self.maternal = step.given, step.paternal, step.maternal
        self.doc_type, self.doc_number = step.doc_type, step.doc_number
        self.doc_reason = step.doc_reason
        self.birth, self.sex = step.birth, step.sex
        self.ubigeo, self.phone = step.ubigeo, step.phone
        form = self.form_step
        self.open_button, self.consult_button = form.open_button, form.consult_button
        self.back_button, self.cancel_button = form.back_button, form.cancel_button
        self.form_holder = form.holder
        self.consult_button.clicked.connect(lambda: self.submit(open_case=False))
        self.open_button.clicked.connect(lambda: self.submit(open_case=True))
        self.back_button.clicked.connect(self._back_from_form)
        self.cancel_button.clicked.connect(self.cancel)
        # Districts of the office's province first ("Comas" in Lima is Lima's Comas).
        worker.submit(backend.home_province, self.ubigeo.set_home, lambda _exc: None)

    @property
    def candidate_rows(self) -> list[CandidateRow]:
        return self.check_step.candidate_rows

    def person(self) -> dict[str, Any]:
        return self.person_step.person()

    # -- step 1 --------------------------------------------------------------------------------

    def resume(self, draft_id: str) -> None:
        """Continue a saved draft: its person to step 1, its answers to the form."""
        backend = self._backend
        self._worker.submit(lambda: backend.load_draft(draft_id), self._resume, self._failed)

    def _resume(self, draft: Row | None) -> None:
        if not draft:
            self.message.setText(self.tr("El borrador ya no existe."))
            return
        answers = dict(draft.get("answers") or {})
        self.stop.load(answers)
        self._draft_id = str(draft["draft_id"])
        self._resumed = answers
        self.person_step.set_from_answers(answers)
        self.person_step.discard_button.show()  # Cancelar keeps it as it is (fresh8 #14)
        self._saved = self._draft_answers()  # as loaded: nothing unsaved yet
        reminder = self.check_step.stopped_text(self.stop.mark)  # said again (fresh8 #1)
        self.message.progress(
            reminder or self.tr("Borrador recuperado: revise los datos y continúe.")
        )
        self.resumed.emit(self._draft_id)

    def check_candidates(self) -> None:
        """Validate the person of step 1, then look for people like them."""
        self.person_step.show_problems({})
        problem = self.person_step.problem(show=True)
        if problem:
            self.message.say(problem, self.person_step.problem)
            return
        person = self.person()
        self.message.progress(self.tr("Buscando personas parecidas…"))
        self.message.repaint()  # said now: the ficha is built below, on this thread
        self._pending_submit = None
        group = CheckGroup("client", full_name(person), [], person=person)
        self._check([group])
        self.build_form()  # meanwhile: "Continuar" then shows it at once (fresh-eyes #28)

    def _check(self, groups: list[CheckGroup]) -> None:
        self._can_save(False)  # one check at a time: no double click (fresh-eyes #28)
        backend = self._backend

        def find() -> list[CheckGroup]:
            for group in groups:
                try:
                    group.candidates = backend.find_candidates(group.person, group.side)
                except InvalidInput as exc:
                    if group.party_row is None:
                        raise
                    raise party_problems(group.party_row, exc) from None
            return groups

        self._worker.submit(find, self._checked, self._check_failed)

    def _check_failed(self, exc: BaseException) -> None:
        self._can_save(True)
        if isinstance(exc, InvalidInput):
            text = user_message(exc)
            mine = {p.field: p.message for p in exc.problems if "[" not in p.field}
            if mine and self._pending_submit is None:
                self.person_step.show_problems(mine)
                shown = self.person_step.fields.shown_problems
                self.message.say(text, lambda: text if shown() else None)
            else:
                self.message.setText(text)
            return
        self._failed(exc)

    def _checked(self, groups: list[CheckGroup]) -> None:
        self._can_save(True)
        found = [g for g in groups if g.candidates]
        if self._pending_submit is None:  # the check of step 1: shown, or skipped
            self._client_check_shown = bool(found)
        for group in groups:
            if not group.candidates:
                self._settle(group, None)
        if not found:
            self.stop.decided(groups)
        self.candidates_shown.emit(sum(len(g.candidates) for g in groups))
        if found:
            self.message.clear()
            self.check_step.show_groups(found)
            self.show_step(CANDIDATES)
        else:
            if self._pending_submit is None:  # step 2 has nothing to ask: say so (fresh6 #2)
                self._confirm(self.tr("Sin coincidencias: nadie parecido está registrado."))
            self._go_on()

    def _settle(self, group: CheckGroup, same_person_id: str | None) -> None:
        """The check of ``group`` is done: remember who they are (None: a new person)."""
        if group.side == "client":
            self._client_checked = signature(group.person)
            self._same_person_id = same_person_id
        else:
            self._party_links[signature(group.person)] = same_person_id

    def _go_on(self) -> None:
        """After a check: the submit that waited for it, else the ficha."""
        self.message.clear()
        if self._pending_submit is not None:
            open_case, self._pending_submit = self._pending_submit, None
            self.submit(open_case)
        else:
            self._go_form()

    # -- the keyboard --------------------------------------------------------------------------

    def show_step(self, index: int) -> None:
        """Show step ``index`` with the keyboard on its first useful field: step 1's first
        name, the first candidate still to decide, the ficha's first unanswered field
        (else "Abrir caso")."""
        self._number(index)
        self.steps.setCurrentIndex(index)
        if index == PERSON:
            start: QWidget | None = self.given
        elif index == CANDIDATES:
            start = self.check_step.first_stop()
        else:
            first = getattr(self.form_widget, "first_unanswered", None)
            start = (first() if first is not None else None) or self.open_button
        focus_first(tab_stops([start]) or self.stops())

    def _number(self, index: int) -> None:
        """Number the steps as the defender goes through them: the ficha is 2 when nobody
        alike was found (fresh-eyes #3 read "1 → 3"); a check of the parties follows it."""
        form = 3 if self._client_check_shown else 2
        if index == FORM:
            self.form_step.heading.setText(f"{form}. {self.form_step.title}")
        elif index == CANDIDATES:
            number = 2 if self._pending_submit is None else form + 1
            self.check_step.heading.setText(f"{number}. {self.check_step.title}")

    def stops(self) -> list[QWidget]:
        """What Tab walks on the step on screen: its fields, then its buttons as seen."""
        index = self.steps.currentIndex()
        if index == PERSON:
            return tab_stops(self.person_step.focus_chain())
        if index == CANDIDATES:
            return tab_stops(self.check_step.focus_chain())
        chain = getattr(self.form_widget, "focus_chain", None)
        buttons = (self.cancel_button, self.back_button, self.consult_button, self.open_button)
        return tab_stops([*(chain() if chain is not None else []), *buttons])

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab and Shift+Tab stay within the step (never into the sidebar)."""
        return move_focus(self.stops(), next) or super().focusNextPrevChild(next)

    # -- step 2 --------------------------------------------------------------------------------

    def confirm_decisions(self, asked: bool = False) -> None:
        """Record every decision (audited), then go on — or stop on a conflict. "The same
        person" about someone who is a conflict of interest is asked again first."""
        problem = self.check_step.problem()
        if problem:
            self.message.say(problem, self.check_step.problem)
            return
        if not asked and self.check_step.ask_about_conflicts(lambda: self.confirm_decisions(True)):
            return
        backend, draft_id, step = self._backend, self._draft_id, self.check_step
        groups, despite = list(step.groups), sorted(step.acknowledged)
        records = [
            (g.side, step.decisions(g), {c.person_id: c.score for c in g.candidates}, g.party_row)
            for g in groups
        ]

        def record() -> None:
            for side, decisions, scores, row in records:
                backend.record_decisions(draft_id, side, decisions, scores, row, despite=despite)

        self.decide_button.setEnabled(False)  # and saying so: no silent wait (fresh-eyes #28)
        self.message.progress(self.tr("Guardando las decisiones…"))
        self._worker.submit(record, lambda _r: self._decided(groups), self._decision_failed)

    def _decision_failed(self, exc: BaseException) -> None:
        self.decide_button.setEnabled(True)
        self._failed(exc)

    def _decided(self, groups: list[CheckGroup]) -> None:
        self.decide_button.setEnabled(True)
        for group in groups:
            self._decisions.update(self.check_step.decisions(group))
        if self.check_step.conflict():
            self._stop_for_conflict()
            return
        for group in groups:
            self._settle(group, self.check_step.same_person(group))
        self.stop.decided(groups)
        client = next((g for g in groups if g.side == "client"), None)
        same = self._same_person_id if client is not None else None
        if same:  # one record: what the office knows of them fills what was not typed
            backend = self._backend
            self._worker.submit(
                lambda: backend.person_profile(same)["person"], self._complete, self._failed
            )
            return
        self._go_on()

    def _complete(self, stored: Row) -> None:
        """Fill step 1's empty fields from the recognised person's record, then go on."""
        typed = self.person()
        fill = {k: stored[k] for k in ASKED if not typed.get(k) and stored.get(k)}
        if typed.get("doc_type") == "SIN_DOCUMENTO" and stored.get("doc_number"):
            fill.update(doc_type=stored.get("doc_type"), doc_number=stored["doc_number"])
        if fill:
            self.person_step.set_person(fill)
            self._client_checked = signature(self.person())  # the check was about them
        self._go_on()

    def _stop_for_conflict(self) -> None:
        self.stop.mark = self.check_step.stop_mark()
        text = self.tr(
            "Conflicto de intereses: esta oficina no puede patrocinar a ambas partes. "
            "No se registra la atención; derive a la persona a otra oficina."
        )
        self.message.setText(text)
        self._pending_submit = None
        stop = lambda c: self._finish(c if c != STAY else kept_choice(self))  # noqa: E731
        ask_keep(self, text, stop, stay=False)  # a kept draft says why it stopped (fresh #18b)

    def _back_from_check(self) -> None:
        self.message.clear()
        pending, self._pending_submit = self._pending_submit, None
        self.show_step(FORM if pending is not None else PERSON)

    # -- step 3 --------------------------------------------------------------------------------

    def _syncs(self) -> bool:
        """The form can hold the person in step with step 1 (the real renderer can)."""
        widget = self.form_widget
        return widget is not None and hasattr(widget, "put") and hasattr(widget, "draft_answers")

    def _back_from_form(self) -> None:
        if self._syncs():
            self.person_step.set_from_answers(self.form_widget.draft_answers())  # type: ignore[union-attr]
        self.message.clear()
        self.show_step(PERSON)

    def build_form(self) -> None:
        """Build the ficha once (on the UI thread, a second or more on a busy laptop: it is
        built while the worker looks for people alike, fresh-eyes #28)."""
        factory = self._form_factory
        if self.form_widget is not None or factory is None:
            return
        fill = {"fecha_atencion": office_time.today().isoformat()}
        fill["defensor"] = self._backend.user_label
        make = lambda: factory(self._save_draft, self)  # noqa: E731
        self.form_widget = self.form_step.build(make, self._resumed, fill, self.message.recheck)
        if self._pending_draft is not None:  # the form spoke while being built
            self._save_draft(self._pending_draft)

    def _go_form(self) -> None:
        self.build_form()
        if self._syncs():  # step 1 is the person now: the ficha follows
            self.form_widget.put(self._person_answers())  # type: ignore[union-attr]
        if self.form_widget is None:
            self.form_step.missing()
        self.show_step(FORM)

    def _person_answers(self) -> dict[str, Any]:
        """Step 1 as ficha answers, every field it asks (None where empty)."""
        given = person_answers(self.person())
        return {PERSON_TO_ANSWER[k]: given.get(PERSON_TO_ANSWER[k]) for k in ASKED}

    def _draft_answers(self, answers: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """What a draft keeps: the ficha's answers with the person of step 1."""
        # A resumed draft before its ficha is built keeps its ficha's answers (fresh-eyes #23)
        out = dict(answers or (self._resumed if self.form_widget is None else None) or {})
        if answers is None and self.form_widget is not None:
            draft = getattr(self.form_widget, "draft_answers", None)
            out = dict(draft() if draft is not None else self.form_widget.answers())  # type: ignore[attr-defined]
        if not self._syncs() or self.steps.currentIndex() != FORM:
            out.update({k: v for k, v in self._person_answers().items() if v is not None})
        self.stop.put(out)
        return out

    def _save_draft(self, answers: Mapping[str, Any]) -> None:
        if self._closed or self._submitting:
            return
        widget = self.form_widget
        if widget is None:
            self._pending_draft = dict(answers)
            return
        self._pending_draft = None
        answers = self._draft_answers(answers)
        if answers != self._saved:  # the ficha hiding as the window quits: nothing new
            self._store_draft(answers)

    def unsaved(self) -> bool:
        """Something typed is not in the draft yet (step 1 has no autosave): quitting loses it."""
        over = self._closed or self._submitting
        return not over and self._typed() and self._draft_answers() != self._saved

    def forget_edits(self) -> None:
        """Quitting, the defender chose to discard what is unsaved: not written, not asked."""
        self._saved = self._draft_answers()

    def keep_for_lock(self, done: Any = None, lost: Any = None) -> str:
        """Locking or quitting: what was typed becomes the draft now (the worker writes it,
        then ``done(None)``, or ``lost(exc)``); its id, "" if nothing typed, over or being
        registered (review F4). Unlocking resumes it (``resume``)."""
        if self._closed or self._submitting or not self._typed():
            return ""
        self._store_draft(self._draft_answers(), done, lost)  # hiding the page: nothing
        return self._draft_id

    def hideEvent(self, event: QHideEvent) -> None:
        """Leaving the intake half-way inside the window (another page, Ctrl+N) keeps
        what was typed as its draft, named after the person, and says so; not when the
        window itself hides (quitting; locking saved it already)."""
        window = self.window()
        inside = window is not self and window.isVisible() and self.dialog is None
        if inside and self.unsaved() and self.keep_for_lock():
            self._confirm(self.tr("Borrador guardado"))
        super().hideEvent(event)

    def _store_draft(self, answers: dict[str, Any], done: Any = None, lost: Any = None) -> None:
        widget = self.form_widget
        form_id = str(getattr(widget, "form_id", "") or INTAKE_FORM)
        version = int(getattr(widget, "form_version", 0) or 0)
        backend, draft_id = self._backend, self._draft_id
        self._saved = answers

        def failed(exc: BaseException) -> None:  # not written: quitting asks again
            self._saved = None
            (lost or self._failed)(exc)

        self._worker.submit(
            lambda: backend.save_draft(draft_id, form_id, version, answers), done, failed
        )

    def submit(self, open_case: bool) -> None:
        """Check the ficha, the person and the other parties, then register."""
        widget = self.form_widget
        if widget is None:
            return
        problems = widget.problems()  # type: ignore[attr-defined]
        if problems:
            still = widget.problems  # type: ignore[attr-defined]
            again = lambda: problems_sentence(still(reveal=False))  # noqa: E731 (each edit)
            self.message.say(problems_sentence(problems), again)
            focus = getattr(widget, "focus_problem", None)
            if focus is not None:  # the first field to fix, scrolled to, with the keyboard
                focus()
            return
        typed = widget.answers()  # type: ignore[attr-defined]
        answers, obligado = with_obligado(typed)
        if self._syncs():  # the ficha has the last word on the person: one record
            self.person_step.set_from_answers(widget.draft_answers())  # type: ignore[attr-defined]
            widget.put({PARTIES: answers.get(PARTIES)}, repeats=True)  # type: ignore[attr-defined]
        person = self.person()
        waiting: list[CheckGroup] = []
        if signature(person) != self._client_checked:
            waiting.append(CheckGroup("client", full_name(person), [], person=person))
        parties = parties_from_answers(answers)
        for party in parties:
            if signature(party["person"]) not in self._party_links:
                name, row = full_name(party["person"]), party["row"]
                group = CheckGroup("other", name, [], row, party["person"], row == obligado)
                if row == obligado and row >= len(typed.get(PARTIES) or []):  # added here
                    group.title = self.tr("Obligado de alimentos: %1")  # "Alimentos" only
                waiting.append(group)
        if waiting:
            self._pending_submit = open_case
            self.message.progress(self.tr("Buscando coincidencias de las partes…"))
            self._check(waiting)
            return
        self._register(person, answers, parties, open_case)

    def _register(
        self,
        person: dict[str, Any],
        answers: dict[str, Any],
        parties: list[dict[str, Any]],
        open_case: bool,
    ) -> None:
        widget = self.form_widget
        answers.setdefault("_form_id", getattr(widget, "form_id", ""))
        answers.setdefault("_form_version", getattr(widget, "form_version", 0))
        decision: dict[str, Any] = {
            "same_person_id": self._same_person_id,
            "candidates": dict(self._decisions),
            "draft_id": self._draft_id,
            "parties": [
                {**party, "person_id": self._party_links.get(signature(party["person"]))}
                for party in parties
            ],
        }
        backend = self._backend
        self._can_save(False)
        self.message.progress(self.tr("Guardando…"))
        self._submitting = True
        register = lambda: backend.register_intake(person, answers, decision, open_case)  # noqa: E731
        self._worker.submit(register, self._done, self._failed)

    def _done(self, result: Row) -> None:
        self._closed, self._submitting = True, False
        self.message.clear()
        self._can_save(True)
        opened = result.get("case_id")
        self._confirm(self.tr("Caso abierto") if opened else self.tr("Atención registrada"))
        self.registered.emit(result)

    def _can_save(self, can: bool) -> None:
        for button in (self.open_button, self.consult_button, self.person_step.check_button):
            button.setEnabled(can)

    def _failed(self, exc: BaseException) -> None:
        self._can_save(True)
        self.message.setText(user_message(exc))
        submitting, self._submitting = self._submitting, False
        if submitting and not self.isVisible():  # left while it failed: a draft keeps it
            self.keep_for_lock()

    # -- cancelling ----------------------------------------------------------------------------

    def _typed(self) -> bool:
        return self.person_step.has_input() or self.form_widget is not None

    def cancel(self) -> None:
        """Leave the intake; when something was typed, ask whether to keep a draft (not
        for a recovered draft left as it was: it stays as it is, fresh8 #14)."""
        if not self._typed() or (self._resumed is not None and not self.unsaved()):
            self._finish(DISCARD if not self._typed() else "")
            return
        text = self.tr("¿Desea guardar esta atención como borrador para continuarla después?")
        ask_keep(self, text, lambda choice: self._finish(choice) if choice != STAY else None)

    def _finish(self, choice: str) -> None:
        """Keep the draft (with the conflict of interest that stopped it, if any), drop it
        or ("") leave it as it is; then leave the page."""
        answers = self._draft_answers()
        self._closed = True
        form = self.form_widget
        if form is not None and hasattr(form, "autosave"):
            form.autosave.stop()
        # Leave once the draft is written (or gone), so that Inicio lists it as it is.
        if choice == KEEP:
            self._store_draft(answers, lambda _r: self._left(self.tr("Borrador guardado")))
        elif not choice:
            self._left(self.tr("Borrador sin cambios: sigue en Inicio"))
        else:
            backend, draft_id = self._backend, self._draft_id
            self._worker.submit(
                lambda: backend.delete_draft(draft_id),
                lambda _r: self._left(self.tr("Atención descartada")),
                self._failed,
            )

    def _left(self, text: str) -> None:
        self._confirm(text)
        self.cancelled.emit()

    def _confirm(self, text: str) -> None:
        confirm(self, text)  # the window's status bar: the one way to confirm an action
        self.notice.emit(text)
