"""The ``Backend`` reads and writes of deadlines from the rules and of drafting writs.

Owns ``LegalBackend``, the part of ``app.ui.backend.StoreBackend`` over
``app.core.deadlines`` and ``app.drafting.templates``: the procedures and acts a case
can choose (Spanish names), the proposals of the vault's newest rules as plain rows, the
recording of the chosen ones, the deadlines due soon (Inicio and the Agenda), the kinds
of writ and drafting one into a file the user chose. Called in the worker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from app.ui.ports import Row


class LegalBackend:
    store: Any
    _now: Callable[[], dt.datetime]

    def deadline_choices(self, case_id: str) -> Row:
        """``{procedures: [(code, label)], usual: [the matter's procedure codes],
        triggers: {procedure: [(code, label)]},
        side, side_certain}``, the case matter's usual procedure first; ``side`` the
        client's (``deadlines.case_side``) or ""; ``side_certain`` False when that side
        is a guess from names (the other side's terms are then listed last, marked)."""
        from app.core import cases, deadlines, legal_data
        from forms.deadline_rules import MATTER_PROCEDURES, PROCEDURE_LABELS, TRIGGER_LABELS, label

        case = cases.get_case(self.store, case_id)
        matter = case.get("matter")
        rules = legal_data.rules(self.store)
        procedures = rules.procedures(matter)
        side = deadlines.case_side(self.store, case)
        return {
            "procedures": [(p, label(p, PROCEDURE_LABELS)) for p in procedures],
            "usual": [p for p in MATTER_PROCEDURES.get(str(matter or ""), ()) if p in procedures],
            "triggers": {
                p: [(t, label(t, TRIGGER_LABELS)) for t in rules.triggers(p)] for p in procedures
            },
            "rules_version": rules.version,
            "side": side.side if side else "",
            "side_certain": side.certain if side else False,
            "steps": self._trigger_steps(case_id),
        }

    def _trigger_steps(self, case_id: str) -> Row:
        """``{trigger: {kind, reached}}``: the milestone an act records
        (``deadlines.TRIGGER_MILESTONE``) and the day the case already has it ("": not)."""
        from app.core import deadlines, milestones

        reached = milestones.case_milestones(self.store, case_id)
        have = {m["kind"]: m["occurred_on"] for m in reached}
        return {
            trigger: {"kind": kind, "reached": have.get(kind) or ""}
            for trigger, kind in deadlines.TRIGGER_MILESTONE.items()
        }

    def propose_deadlines(self, case_id: str, trigger: str, on: str, procedure: str) -> list[Row]:
        from app.core import deadlines

        found = deadlines.propose(
            self.store, case_id, trigger, dt.date.fromisoformat(on), procedure or None
        )
        return [deadlines.as_row(p) for p in found]

    def record_deadlines(
        self,
        case_id: str,
        trigger: str,
        on: str,
        choices: Mapping[str, Row],
        procedure: str,
        decided_on: str = "",
    ) -> list[str]:
        """Record the chosen proposals (``{rule_id: {due: ISO | None, reason}}``) and,
        with ``decided_on`` (ISO), the step the act says happened on that day."""
        from app.core import deadlines

        chosen = {
            rule_id: deadlines.Choice(
                dt.date.fromisoformat(str(c["due"])) if c.get("due") else None,
                str(c.get("reason") or ""),
            )
            for rule_id, c in choices.items()
        }
        return deadlines.record(
            self.store,
            case_id,
            trigger,
            dt.date.fromisoformat(on),
            chosen,
            procedure or None,
            dt.date.fromisoformat(decided_on) if decided_on else None,
        )

    def day_questions(self, case_id: str, step: str, day: str, decided_on: str = "") -> list[str]:
        """What to ask before recording ``step`` on ``day`` (ISO): a milestone kind
        (``case_dates.check_day``, on ``occurred_on``) or a notified act, with the day
        ``decided_on`` of the step it says happened (``deadlines.day_questions``, on
        ``on`` / ``decided_on``); a day the case's facts rule out raises ``InvalidInput``."""
        from app.core import case_dates, deadlines
        from sync.spec import vocab

        when, today = dt.date.fromisoformat(day), self._now().date()
        if step in vocab.MILESTONE_KIND.codes():
            return case_dates.check_day(self.store, case_id, step, when, "occurred_on", today)
        decided = dt.date.fromisoformat(decided_on) if decided_on else None
        return deadlines.day_questions(self.store, case_id, step, when, decided, today)

    def due_soon(self) -> Row:
        """``{days, rows}``: deadlines due from today to ``days`` working days ahead."""
        from app.core import deadlines

        today = self._now().date()
        return {
            "days": deadlines.warn_days(self.store),
            "rows": deadlines.upcoming_warnings(self.store, today),
        }

    def writ_kinds(self) -> list[tuple[str, str]]:
        from app.drafting.templates import available

        return [(doc.kind, doc.title) for doc in available(self.store).values()]

    def writ_gaps(self, kind: str, case_id: str) -> list[str]:
        """What the case lacks that ``kind`` prints (marked "[COMPLETAR: …]" in it)."""
        from app.drafting.templates import gaps

        return gaps(self.store, kind, case_id)

    def draft_writ(self, kind: str, case_id: str, path: Path) -> Path:
        """Draft ``kind`` into ``path`` (a new file, not encrypted; audited)."""
        from app.drafting.templates import draft

        return draft(self.store, kind, case_id, path)
