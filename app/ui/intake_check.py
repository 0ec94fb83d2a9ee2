"""Step 2 of a new intake: the people found like the ones being registered, and the
defender's decision about each.

Owns ``signature(person)`` (what the check of a person depends on: a change means
checking again), ``CheckGroup`` (one person being registered — the client of step 1 or another party
of the ficha — with the candidates ``Backend.find_candidates`` found for them),
``CandidateRow`` (one candidate: name, document, the evidence, the office cases that
make them a conflict of interest, and the three decisions of
``app.core.duplicates.DECISIONS``; "Es otra persona" is disabled, saying why, for the
same document) and ``CheckStep`` (the groups in a scroll area, "Volver"
and "Continuar"; ``problem()`` says what is still to decide — nothing once a conflict of
interest is decided: the check stops at once, and "Continuar" then reads "Detener:
conflicto de intereses" —, ``decision_changed`` fires on every choice,
``focus_chain()``/``first_stop()`` are its keyboard stops). The case view's "Agregar
parte…" (``app.ui.case_edit.PartyDialog``) runs the same check with a ``CheckStep`` of
its own (its ``heading``, each group's ``title``). "Es la misma persona" about someone
whose office cases make them a conflict of interest is asked again before going on
(``ask_about_conflicts``): stopping is the default.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.duplicates import CONFLICT, DIFFERENT, SAME
from app.core.intake_person import STOPPED_FOR_CONFLICT
from app.core.text import search_key
from app.ui.focus_ring import arrows_choose
from app.ui.ports import Candidate
from app.ui.record_page import allow
from app.ui.widgets import section_label


def signature(person: Mapping[str, Any]) -> tuple[str, ...]:
    """What the conflict check of a person depends on (a change means checking again)."""
    keys = ("given_names", "paternal_surname", "maternal_surname", "doc_type", "doc_number")
    return (
        *(search_key(str(person.get(k) or "")) for k in keys),
        str(person.get("birth_date") or ""),
        str(person.get("ubigeo") or ""),
    )


@dataclass
class CheckGroup:
    """One person being registered and the candidates found for them."""

    side: str  # "client" (step 1) or "other" (a row of "Otras partes")
    name: str
    candidates: list[Candidate]
    party_row: int | None = None  # 0-based "Otras partes" row for side "other"
    person: dict[str, Any] = field(default_factory=dict)
    obligado: bool = False  # that row is the alimony obligado of the "Alimentos" section
    title: str = ""  # the group's heading when not the intake's (e.g. a party of a case)

    @property
    def key(self) -> str:
        return "client" if self.party_row is None else f"party:{self.party_row}"


class CandidateRow(QFrame):
    """One possible duplicate or conflict, with the three decisions."""

    def __init__(self, candidate: Candidate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.candidate = candidate
        self.setFrameShape(QFrame.Shape.StyledPanel)
        v = QVBoxLayout(self)
        doc = f" — {_esc(candidate.doc)}" if candidate.doc else ""
        head = QLabel(f"<b>{_esc(candidate.name)}</b>{doc}")
        head.setWordWrap(True)
        evidence = QLabel(
            self.tr("Coincidencia %1 %: %2")
            .replace("%1", str(round(candidate.score * 100)))
            .replace("%2", candidate.reason)
        )
        evidence.setWordWrap(True)
        v.addWidget(head)
        v.addWidget(evidence)
        if candidate.conflict_cases:
            text = (
                self.tr("Es contraparte en: %1")
                if candidate.side == "client"
                else self.tr("Es cliente de esta oficina en: %1")
            )
            warn = QLabel(text.replace("%1", ", ".join(candidate.conflict_cases)))
            warn.setObjectName("error")
            warn.setWordWrap(True)
            v.addWidget(warn)
        if candidate.same_side_cases:  # what they are to the office, when no conflict
            text = (
                self.tr("Sin conflicto: ya es cliente de esta oficina en %1")
                if candidate.side == "client"
                else self.tr("Sin conflicto: es contraparte en otro caso de esta oficina: %1")
            )
            known = QLabel(text.replace("%1", ", ".join(candidate.same_side_cases)))
            known.setWordWrap(True)
            v.addWidget(known)
        row = QHBoxLayout()
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for key, label in (
            (SAME, self.tr("Es la misma persona")),
            (DIFFERENT, self.tr("Es otra persona")),
            (CONFLICT, self.tr("Conflicto de intereses: detener")),
        ):
            b = QRadioButton(label)
            b.setAccessibleName(f"{label}: {candidate.name}")
            self.group.addButton(b)
            self.buttons[key] = b
            row.addWidget(b)
        arrows_choose(self.group)  # an arrow decides, as Space does
        row.addStretch(1)
        v.addLayout(row)
        if candidate.exact:  # the same document: a second person with it is never made
            allow(
                self.buttons[DIFFERENT],
                self.tr(
                    "Tiene el mismo documento: no puede ser otra persona. Si el número está "
                    "mal escrito, vuelva y corríjalo."
                ),
            )

    def decision(self) -> str | None:
        for key, b in self.buttons.items():
            if b.isChecked():
                return key
        return None


class CheckStep(QWidget):
    """The candidates of every person being registered, grouped, and the decisions."""

    back_requested = Signal()
    continue_requested = Signal()
    decision_changed = Signal()  # a candidate's decision was chosen

    def __init__(self, parent: QWidget | None = None, heading: str | None = None) -> None:
        super().__init__(parent)
        self.groups: list[CheckGroup] = []
        self.rows: dict[str, list[CandidateRow]] = {}
        self.question: QMessageBox | None = None  # "the same person despite a conflict?"
        self.acknowledged: set[str] = set()  # candidates the same despite their conflict
        v = QVBoxLayout(self)
        self.title = self.tr("Posibles duplicados y conflictos de intereses")
        self.heading = section_label(heading or f"2. {self.title}")  # numbered by the intake
        v.addWidget(self.heading)
        intro = QLabel(
            self.tr(
                "Encontramos personas parecidas ya registradas. Decida para cada una antes "
                "de continuar; su decisión queda registrada."
            )
        )
        intro.setWordWrap(True)
        v.addWidget(intro)
        self.box = QVBoxLayout()
        holder = QWidget()
        holder.setLayout(self.box)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(holder)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no invisible Tab stop
        v.addWidget(self.scroll_area, 1)
        self.back_button = QPushButton(self.tr("Volver"))
        self.back_button.setAccessibleName(self.tr("Volver"))
        self.back_button.clicked.connect(self.back_requested)
        self.go_text = self.tr("Continuar")
        self.stop_text = self.tr("Detener: conflicto de intereses")
        self.decide_button = QPushButton(self.go_text)
        self.decide_button.setAccessibleName(self.tr("Registrar las decisiones y continuar"))
        self.decide_button.clicked.connect(self.continue_requested)
        for button in (self.decide_button, self.back_button):
            button.setAutoDefault(True)  # Enter on the focused button presses it
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.decide_button)
        v.addLayout(buttons)

    @property
    def candidate_rows(self) -> list[CandidateRow]:
        return [row for rows in self.rows.values() for row in rows]

    def show_groups(self, groups: list[CheckGroup]) -> None:
        """Replace what is shown by ``groups`` (those with candidates)."""
        while self.box.count():
            item = self.box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        self.groups = [g for g in groups if g.candidates]
        self.rows = {}
        self.acknowledged = set()
        self.decide_button.setText(self.go_text)
        for group in self.groups:
            if group.side == "client":
                title = self.tr("Persona atendida: %1")
            elif group.obligado:
                title = self.tr("Obligado de alimentos (Otras partes, fila %2): %1")
            else:
                title = self.tr("Otra parte (fila %2): %1")
            title = group.title or title.replace("%2", str((group.party_row or 0) + 1))
            self.box.addWidget(section_label(title.replace("%1", group.name)))
            rows = [CandidateRow(c) for c in group.candidates]
            for row in rows:
                self.box.addWidget(row)
                row.group.buttonToggled.connect(self._toggled)
            self.rows[group.key] = rows
        self.box.addStretch(1)

    def _toggled(self, button: QAbstractButton, checked: bool) -> None:
        if checked:
            self._forget_acknowledgement(button)
            self.decide_button.setText(self.stop_text if self.conflict() else self.go_text)
            self.decision_changed.emit()

    def _forget_acknowledgement(self, button: QAbstractButton) -> None:
        """A candidate no longer "the same person" (anywhere on the page) is no longer
        acknowledged as the same despite the conflict (review4 F10)."""
        row = next((r for r in self.candidate_rows if button in r.buttons.values()), None)
        if row is None or row.decision() == SAME:
            return
        person_id = row.candidate.person_id
        if not any(
            r.decision() == SAME for r in self.candidate_rows if r.candidate.person_id == person_id
        ):
            self.acknowledged.discard(person_id)

    def focus_chain(self) -> list[QWidget]:
        """What Tab walks in this step: each candidate's decisions (one stop per candidate
        once decided, arrows move within), then "Continuar", then "Volver"."""
        radios = [b for row in self.candidate_rows for b in row.buttons.values()]
        return [*radios, self.decide_button, self.back_button]

    def first_stop(self) -> QWidget:
        """Where the step starts: the first candidate still to decide, else "Continuar"."""
        for row in self.candidate_rows:
            if row.decision() is None:
                return row.buttons[SAME]
        return self.decide_button

    def problem(self) -> str | None:
        """What keeps the defender from going on (Spanish), or None. A conflict of
        interest decided anywhere stops the check at once: nothing else is asked."""
        if self.conflict():
            return None
        for group in self.groups:
            choices = [r.decision() for r in self.rows[group.key]]
            if any(c is None for c in choices):
                return self.tr("Decida para cada persona encontrada.")
            if choices.count(SAME) > 1:
                return self.tr("Solo una persona puede ser la misma.")
            exact = [r for r in self.rows[group.key] if r.candidate.exact]
            if any(r.decision() == DIFFERENT for r in exact):
                return self.tr("Una persona con el mismo documento no puede ser otra persona.")
        return None

    def decisions(self, group: CheckGroup) -> dict[str, str]:
        """Candidate person id -> decision, for one group (the candidates decided: after
        a conflict of interest the others may stay undecided)."""
        rows = self.rows.get(group.key, [])
        return {r.candidate.person_id: d for r in rows if (d := r.decision()) is not None}

    def same_person(self, group: CheckGroup) -> str | None:
        same = [pid for pid, d in self.decisions(group).items() if d == SAME]
        return same[0] if same else None

    def stop_mark(self) -> dict[str, str]:
        """What a draft keeps of the conflict of interest that stops it: with whom, and
        on which side ("client": step 1; "other": a party of the ficha)."""
        rows = [r for r in self.candidate_rows if r.decision() == CONFLICT]
        sides = {r.candidate.side for r in rows}  # the rows marked, not the groups shown
        side = "other" if sides == {"other"} else "client"
        return {"con": ", ".join(dict.fromkeys(r.candidate.name for r in rows)), "lado": side}

    def stopped_text(self, mark: Mapping[str, str] | None) -> str:
        """The reminder of a draft stopped by a conflict of interest ("" if not stopped)."""
        if mark is None:
            return ""
        who = mark.get("con") or ""
        text = (
            self.tr("Esta atención se detuvo por un posible conflicto de intereses con %1.")
            if who
            else self.tr("Esta atención se detuvo por un posible conflicto de intereses.")
        )
        return text.replace("%1", who) + " " + self.tr("Revise los datos y continúe.")

    def conflict(self) -> bool:
        return any(r.decision() == CONFLICT for r in self.candidate_rows)

    def same_despite_conflict(self) -> list[CandidateRow]:
        """The candidates decided "the same person" although their office cases make
        them a conflict of interest (the office would be on both sides)."""
        return [
            r for r in self.candidate_rows if r.decision() == SAME and r.candidate.conflict_cases
        ]

    def ask_about_conflicts(self, then: Callable[[], None]) -> bool:
        """When ``same_despite_conflict`` finds someone, ask (window-modal, not blocking)
        before going on — "Detener: conflicto de intereses" is the default and ticks the
        conflict on them; "Continuar: es otra disputa" keeps the decision, acknowledged
        (``acknowledged``) — then ``then()``. False when there was nothing to ask."""
        risky = self.same_despite_conflict()
        if not risky:
            return False
        names = "; ".join(
            f"{r.candidate.name} ({', '.join(r.candidate.conflict_cases)})" for r in risky
        )
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Conflicto de intereses"),
            self.tr(
                "Si es la misma persona, esta oficina estaría en ambos lados: %1. "
                "No patrocine a ambas partes de una misma disputa."
            ).replace("%1", names),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setWindowModality(Qt.WindowModality.WindowModal)
        stop = box.addButton(
            self.tr("Detener: conflicto de intereses"), QMessageBox.ButtonRole.RejectRole
        )
        box.addButton(self.tr("Continuar: es otra disputa"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(stop)
        box.setEscapeButton(stop)
        self.question = box

        def answered(_code: int) -> None:
            self.question = None
            stopped = box.clickedButton() is stop
            box.deleteLater()
            for row in risky:
                if stopped:
                    row.buttons[CONFLICT].setChecked(True)
                else:
                    self.acknowledged.add(row.candidate.person_id)
            then()

        box.finished.connect(answered)
        box.open()
        return True


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ConflictStop:
    """The conflict of interest that stopped an intake: a recorded decision, kept in its
    draft (``STOPPED_FOR_CONFLICT``: with whom, on which side — "client" or "other") until
    a check of that side decides otherwise (fresh8 #1). ``True`` in older drafts."""

    def __init__(self) -> None:
        self.mark: dict[str, str] | None = None

    def load(self, answers: dict[str, Any]) -> None:
        value = answers.pop(STOPPED_FOR_CONFLICT, None)
        if isinstance(value, Mapping):
            self.mark = {"con": str(value.get("con") or ""), "lado": str(value.get("lado"))}
        else:
            self.mark = {"con": "", "lado": "client"} if value else None

    def put(self, answers: dict[str, Any]) -> None:
        answers.pop(STOPPED_FOR_CONFLICT, None)
        if self.mark is not None:
            answers[STOPPED_FOR_CONFLICT] = self.mark

    def decided(self, groups: list[CheckGroup]) -> None:
        """The check of ``groups`` ended with no conflict of interest."""
        if self.mark is not None and self.mark.get("lado") in {g.side for g in groups}:
            self.mark = None
