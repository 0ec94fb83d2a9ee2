"""The real ``Backend``: the screens' reads and writes over ``app.store`` and ``app.core``.

Owns: ``StoreBackend`` — the screens' rows shaped for display (translated labels, district
names), read through the query functions of ``app.core.queries`` (no SQL here), and the
writes, delegated to ``app.core`` services. Everything here may block; the UI calls it
through the worker pool.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from app import office_time
from app.core import cases, duplicates, hearings, notes, people, queries, referrals, registration
from app.core import intakes as core_intakes
from app.core import search as core_search
from app.core.intake_person import STOPPED_FOR_CONFLICT, draft_title
from app.store import Store
from app.store.collation import spanish_key
from app.ui.backend_legal import LegalBackend
from app.ui.ports import LAST_ROUND, Candidate, Filters, Row, SearchHit, SyncStatus
from app.ui.widgets import entity_label, history_line, ui_lang
from sync.spec import vocab


class StoreBackend(LegalBackend):
    """``Backend`` over one unlocked ``Store`` (deadlines and drafting: ``LegalBackend``)."""

    def __init__(self, store: Store, validator: Any = None, now: Any = None) -> None:
        # Any: app.core's store protocols and Store differ in small return types.
        self.store: Any = store
        self.user_name = store.user_name  # the login (the vault's key, the window title)
        self.user_label = self._user_label()
        self.office_code = store.office_code
        from app.core.form_source import registry_for

        # shipped forms plus those the server published (the renderer reads this too)
        self.form_registry = registry_for(store)
        self._validator = validator or core_intakes.FormsIntakeValidator(self.form_registry)
        self._now = now or office_time.now  # today and overdue in the office's time

    def _user_label(self) -> str:
        """Who the user is on screen: the one display rule (fresh-eyes #11: "Hola,
        demo"), read again with Inicio: the full name a sync round brings shows then, not
        after the next unlock (fresh10 #37)."""
        store = self.store
        return queries.user_labels(store, [store.user_id]).get(store.user_id, store.user_name)

    def lock(self) -> None:
        self.store.lock()

    def subscribe(self, listener: Callable[[Any], None]) -> Callable[[], None]:
        """The store's change notices (``Store.on_change``: local writes, sync rounds,
        bundle imports), on the writing thread."""
        return self.store.on_change(listener)

    # -- lists ------------------------------------------------------------------------------
    def count(self, kind: str, filters: Filters) -> int:
        return queries.count_rows(self.store, kind, asdict(filters))

    def fetch(
        self,
        kind: str,
        filters: Filters,
        sort: str,
        descending: bool,
        offset: int,
        limit: int,
        after: tuple[Any, str] | None = None,
    ) -> list[Row]:
        """A page of rows ordered by ``sort`` then id; each row carries its ``_key``
        (``app.core.queries.lists``); person rows name their district and say in how
        many cases they are the client and the other party (``cases_text``)."""
        rows = queries.fetch_rows(
            self.store, kind, asdict(filters), sort, descending, offset, limit, after
        )
        if kind == "person":
            names = _district_names([r["district"] for r in rows if r.get("district")])
            for r in rows:
                r["district"] = names.get(r.get("district") or "", r.get("district") or "")
                r["cases"] = cases_text(int(r.get("client_cases") or 0), int(r["cases"] or 0))
        return rows

    def filter_options(self) -> Mapping[str, Sequence[tuple[str, str]]]:
        return queries.filter_options(self.store)

    # -- search, home, agenda ------------------------------------------------------------------
    def search(self, text: str, limit: int = 30) -> list[SearchHit]:
        """Up to ``limit`` hits; a note's or referral's hit names its case (number and
        client) in ``case_label``, a case's hit its client; coded values (document type,
        matter) by their label."""
        found = core_search.ranked(
            self.store.search(text, limit * core_search.FETCH, ui_lang()), text, limit
        )
        cases_of = {h.entity_id: h.parent_id if h.parent_entity == "case" else None for h in found}
        for h in found:
            if h.entity == "case":
                cases_of[h.entity_id] = h.entity_id
        labels = queries.case_labels(self.store, [c for c in cases_of.values() if c])
        hits = []
        for h in found:
            case_id = cases_of[h.entity_id]
            label = labels.get(case_id or "") or {}
            shown = [label.get("client")] if h.entity == "case" else label.values()
            hits.append(
                SearchHit(
                    kind=h.entity,
                    id=h.entity_id,
                    title=h.title,
                    snippet=h.detail,
                    case_id=case_id if h.entity != "case" else None,
                    case_label=" · ".join(str(v) for v in shown if v),
                )
            )
        return hits

    def home(self) -> Row:
        """Inicio: today's hearings — the rows of the Agenda's day view, any status, a
        moved one with where it went (``queries.moved_to``) — and the deadlines of the
        next 7 days, with their client; overdue items counted and grouped by case
        (``queries.overdue_summary``); drafts; conflicts to review."""
        now = self._now()
        today = now.date().isoformat()
        tomorrow = (now.date() + timedelta(days=1)).isoformat()
        week = (now + timedelta(days=7)).isoformat(timespec="seconds")
        now_iso = now.isoformat(timespec="seconds")
        hearings_today = [  # held, failed, moved away or cancelled too, saying so
            {**r, "open_kind": "case", "open_id": r["case_id"]}
            for r in queries.moved_to(
                self.store, queries.agenda_items(self.store, today, tomorrow, "hearing", 100)
            )
        ]
        deadlines = self._days_off(
            [
                {**r, "open_kind": "case", "open_id": r["case_id"]}
                for r in queries.scheduled_items(self.store, week, now_iso, "deadline", 100)
            ]
        )
        drafts = [self._draft_row(d) for d in self.store.list_drafts()]
        conflicts = [
            {
                "at": c.get("detected_at"),
                "title": f"{entity_label(c['entity'])} · {c['field']}",
                "open_kind": "sync",
                "open_id": c["conflict_id"],
            }
            for c in self.store.replica.list_conflicts()
        ]
        self.user_label = self._user_label()  # the intake's defender field reads it too
        return {
            "user_label": self.user_label,
            "hearings": hearings_today,
            "deadlines": deadlines,
            "overdue": queries.overdue_summary(self.store, now_iso),
            "drafts": drafts,
            "conflicts": conflicts,
        }

    def _draft_row(self, listed: Row) -> Row:
        """A draft as Inicio lists it: when, the person ("Persona sin nombre" before a
        name was typed), and whether a conflict of interest stopped it (fresh-eyes #18b)."""
        draft = self.load_draft(listed["draft_id"]) or {}
        answers = draft.get("answers")
        answers = answers if isinstance(answers, Mapping) else {}
        name = draft_title(answers) or QCoreApplication.translate("backend", "Persona sin nombre")
        stopped = QCoreApplication.translate("backend", "detenida por conflicto de intereses")
        return {
            "at": listed.get("updated_at"),
            "title": name,
            "kind": "draft",
            "state": stopped if answers.get(STOPPED_FOR_CONFLICT) else "",
            "open_kind": "draft",
            "open_id": listed["draft_id"],
        }

    def agenda(self, low: str, high: str) -> list[Row]:
        """Hearings and deadlines with ``low <= at < high`` (ISO), any status, with their
        client (a moved one with ``moved_to``); ``overdue`` marks those still scheduled in
        the past."""
        now_iso = self._now().isoformat(timespec="seconds")
        rows = queries.moved_to(self.store, queries.agenda_items(self.store, low, high))
        for r in rows:
            r["overdue"] = r["status"] == "scheduled" and r["at"] < now_iso
        return self._days_off(rows)

    def _days_off(self, rows: list[Row]) -> list[Row]:
        """A scheduled hearing or deadline that falls on a day that does not count (a
        weekend, a holiday of the office's calendar) carries ``day_off``: the calendar's
        reason, the next working day and the sentence saying both; a scheduled hearing at
        an hour no court sits (``deadlines.HEARING_HOURS``: 04:31 typed for 16:31) carries
        ``odd_hour`` with its sentence — both from ``deadlines.date_warnings``, the one
        rule the case view's dialogs and the CLI warn with. A court sits on the days that
        count for its terms: a hearing on a Sunday is as likely a typing slip as a
        deadline on one (fresh-eyes 5 #14)."""
        from app.core import deadlines

        for r in rows:
            if r.get("status") != "scheduled":
                continue
            category = "hearing" if r.get("category") == "hearing" else "deadline"
            for warning in deadlines.date_warnings(self.store, r["case_id"], category, r["at"]):
                if warning.code == "day_off":
                    r["day_off"] = {
                        "reason": warning.reason,
                        "next_day": warning.next_day,
                        "message": warning.message,
                    }
                elif warning.code == "hour":
                    r["odd_hour"] = {"message": warning.message}
        return rows

    def overdue(self) -> list[Row]:
        """Every hearing and deadline still scheduled in the past, oldest first."""
        now_iso = self._now().isoformat(timespec="seconds")
        return self._days_off(
            [{**r, "overdue": True} for r in queries.overdue_items(self.store, now_iso)]
        )

    # -- intake -------------------------------------------------------------------------------
    def find_candidates(self, person: Mapping[str, Any], side: str = "client") -> list[Candidate]:
        """Validate ``person`` with the one person validator (``InvalidInput`` naming the
        fields in Spanish), then the people like them, best evidence first."""
        data = {k: v for k, v in person.items() if v not in ("", None)}
        fields = people.normalize_person(data)
        return _candidates(duplicates.find_duplicates(self.store, fields, side=side), side)

    def home_province(self) -> str:
        """The office's province "DDPP" (``people.home_province``): districts rank by it."""
        return people.home_province(self.store)

    def party_candidates(self, person_id: str, role: str) -> list[Candidate]:
        """The intake's conflict check of a registered person about to become a party of
        a case with ``role`` (side ``other``; ``cases.party_conflicts``, by its role rule):
        the people like them — themself included — who are clients of this office
        (``conflict_cases``); the others do not matter here, the person being chosen."""
        return _candidates(cases.party_conflicts(self.store, person_id, role), "other")

    def record_decisions(
        self,
        draft_id: str,
        side: str,
        decisions: Mapping[str, str],
        scores: Mapping[str, float],
        party_row: int | None = None,
        case_id: str | None = None,
        despite: Sequence[str] = (),
    ) -> None:
        duplicates.record_decisions(
            self.store, draft_id, side, decisions, scores, party_row, case_id, despite
        )

    def register_intake(
        self,
        person: Mapping[str, Any],
        answers: Mapping[str, Any],
        decision: Mapping[str, Any],
        open_case: bool,
    ) -> Row:
        answers = dict(answers)
        form_id = str(answers.pop("_form_id", "") or "")
        form_version = answers.pop("_form_version", None)
        result = registration.register_intake(
            self.store,
            person,
            answers,
            self._validator,
            person_id=decision.get("same_person_id"),
            parties=decision.get("parties") or (),
            open_case=open_case,
            form_id=form_id or None,
            form_version=int(form_version) if form_version else None,
            decisions=decision.get("candidates"),
            draft_id=str(decision.get("draft_id") or "") or None,
        )
        if decision.get("draft_id"):
            self.store.delete_draft(str(decision["draft_id"]))
        return result

    def save_draft(
        self, draft_id: str, form_id: str, form_version: int, answers: Mapping[str, Any]
    ) -> None:
        self.store.save_draft(draft_id, form_id, form_version, dict(answers))

    def load_draft(self, draft_id: str) -> Row | None:
        draft = self.store.load_draft(draft_id)
        if draft and isinstance(draft.get("answers"), str):
            draft = {**draft, "answers": json.loads(draft["answers"])}
        return draft

    def delete_draft(self, draft_id: str) -> None:
        self.store.delete_draft(draft_id)

    # -- case view ----------------------------------------------------------------------------
    def person_cases(self, person_id: str) -> list[Row]:
        """Live cases where the person is the beneficiary or a party, newest first."""
        return queries.person_cases(self.store, person_id)

    def person_profile(self, person_id: str) -> Row:
        """The person's profile (``app.core.queries.person_file``); the district named."""
        profile = queries.person_file(self.store, person_id)
        code = profile["person"].get("ubigeo") or ""
        profile["person"]["district"] = _district_names([code]).get(code, code) if code else ""
        return profile

    def update_person(self, person_id: str, changes: Mapping[str, Any]) -> None:
        """Edit a person through the one person validator (``InvalidInput`` names fields)."""
        people.update_person(self.store, person_id, dict(changes))

    def case_detail(self, case_id: str) -> Row:
        detail = queries.case_file(self.store, case_id)
        detail["parties"] = [
            {"id": p["id"], "person_id": p["person_id"], "role": p["role"], "name": p["name"]}
            for p in detail["parties"]
        ]
        detail["history"] = [
            {
                "at": e["at"],
                "who": e["who"],
                "action": history_line(e["action"], e["entity"])
                + (f": {e['changes']}" if e.get("changes") else ""),
            }
            for e in detail.pop("events")
        ]
        for intake in detail.get("intakes", []):
            form_id, version = intake.get("form_id"), intake.get("form_version")
            intake["form_title"] = self.form_title(form_id, version)
        return detail

    def form_title(self, form_id: object, version: object = None) -> str:
        """A form's name as people read it ("Ficha de atención"), never its id nor its
        version number; the id humanized when this vault lacks the form."""
        try:
            number = int(str(version)) if version not in (None, "") else None
            definition = self.form_registry.get(str(form_id), number)
        except (KeyError, TypeError, ValueError):
            return vocab.humanize(form_id)
        return str(definition.text(ui_lang()))

    def office_users(self) -> list[tuple[str, str]]:
        """The live users of this office as (id, label), by label (the defender choice)."""
        office = self.store.office_id
        rows = [u for u in queries.users(self.store).values() if u.get("office_id") == office]
        labelled = [(str(u["id"]), queries.user_label(u)) for u in rows]
        return sorted(labelled, key=lambda pair: spanish_key(pair[1]))

    def edit_case(self, case_id: str, changes: Mapping[str, Any]) -> Any:
        """``app.core.cases.edit_case``: a ``CaseEdit`` (changed fields, warnings)."""
        return cases.edit_case(self.store, case_id, dict(changes))

    def add_party(self, case_id: str, person_id: str, role: str) -> str:
        return cases.add_party(self.store, case_id, person_id, role)

    def add_new_party(self, case_id: str, person: Mapping[str, Any], role: str) -> str:
        """Register a person (the one validator) and add them to the case with ``role``."""
        cases.get_case(self.store, case_id)  # an unknown case registers nobody
        person_id = people.register_person(self.store, dict(person))
        return cases.add_party(self.store, case_id, person_id, role)

    def remove_party(self, party_id: str) -> None:
        cases.remove_party(self.store, party_id)

    def close_case(
        self, case_id: str, answers: Mapping[str, Any], cancel_pending: bool = True
    ) -> cases.CaseClosure:
        """Close with the ``cierre_caso`` answers (validated by the form in the core);
        ``cancel_pending``: its pending hearings and deadlines are cancelled with it."""
        return cases.close_case(self.store, case_id, dict(answers), cancel_pending=cancel_pending)

    def restorable_items(self, case_id: str) -> list[Row]:
        """What a closing cancelled that is still to come (``cases.restorable_items``)."""
        return cases.restorable_items(self.store, case_id)

    def reopen_case(self, case_id: str, reason: str, restore: bool = True) -> cases.CaseReopening:
        """Reopen with a reason; ``restore``: what its closing cancelled that is still to
        come is scheduled again, in the same write."""
        return cases.reopen_case(self.store, case_id, reason, restore=restore)

    def add_note(self, case_id: str, text: str, sign: bool) -> str:
        note_id = notes.add_note(self.store, case_id, text)
        if sign:
            notes.sign_note(self.store, note_id)
        return note_id

    def edit_note(self, note_id: str, text: str) -> None:
        """Change an unsigned note's text (``app.core.notes.edit_note``)."""
        notes.edit_note(self.store, note_id, text)

    def sign_note(self, note_id: str) -> None:
        notes.sign_note(self.store, note_id)

    def correct_note(self, note_id: str, text: str) -> str:
        return notes.correct_note(self.store, note_id, text)

    def case_milestones(self, case_id: str) -> list[Row]:
        from app.core import milestones

        return milestones.case_milestones(self.store, case_id)

    def add_milestone(self, case_id: str, kind: str, occurred_on: str, note: str | None) -> str:
        from app.core import milestones

        return milestones.record_milestone(self.store, case_id, kind, occurred_on, note)

    def case_referrals(self, case_id: str) -> list[Row]:
        return referrals.list_referrals(self.store, case_id=case_id)

    def add_referral(self, case_id: str, values: Row) -> str:
        return referrals.add_referral(self.store, {**values, "case_id": case_id})

    def update_referral(self, referral_id: str, values: Row) -> bool:
        """Status and follow-up of a referral (``app.core.referrals.update_referral``)."""
        return referrals.update_referral(self.store, referral_id, values)

    def add_hearing(self, case_id: str, category: str, kind: str, at: str, place: str) -> str:
        return hearings.schedule_hearing(self.store, case_id, at, kind, place, category)

    def date_warnings(self, case_id: str, category: str, at: str) -> list[Any]:
        """What to ask before scheduling (``app.core.deadlines.date_warnings``)."""
        from app.core import deadlines

        return list(deadlines.date_warnings(self.store, case_id, category, at))

    def held_questions(self, hearing_id: str) -> list[str]:
        """What to ask before marking a hearing held (``hearings.held_questions``)."""
        return hearings.held_questions(self.store, hearing_id, self._now())

    def set_hearing_status(
        self, hearing_id: str, status: str, result: str = "", new_at: str | None = None
    ) -> None:
        """Record the outcome; "rescheduled" with ``new_at`` also schedules the new date."""
        hearings.mark_hearing(self.store, hearing_id, status, result or None, new_at)

    def correct_hearing(self, hearing_id: str, reason: str) -> None:
        """Take back a held or failed outcome marked by mistake (``correct_outcome``)."""
        hearings.correct_outcome(self.store, hearing_id, reason)

    def add_attachment(self, case_id: str, path: Path) -> str:
        """Encrypt the file into the store (streamed from the user's own file)."""
        import mimetypes

        from app.store import Attachments

        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        with open(path, "rb") as source:
            return str(Attachments(self.store).add(source, path.name, mime, case_id=case_id))

    def read_attachment(self, attachment_id: str) -> bytes:
        """The decrypted bytes, in memory only."""
        from app.store import Attachments

        return bytes(Attachments(self.store).read(attachment_id))

    # -- sync side ----------------------------------------------------------------------------
    def sync_status(self) -> SyncStatus:
        from app.sync_session import SyncSession

        s = self.store
        online = s.replica.get_sync_state("online")
        last_round = s.replica.get_sync_state(LAST_ROUND)
        return SyncStatus(
            online=None if online is None else bool(online),
            pending=s.replica.pending_count(),
            last_success=_iso(s.replica.get_sync_state("last_success")),
            conflicts=len(s.replica.list_conflicts()),
            quarantined=len(s.replica.list_quarantine()),
            last_round=str(last_round) if last_round else None,
            enrolled=SyncSession(s).configured(),
        )

    def list_conflicts(self) -> list[Row]:
        out = []
        for c in self.store.replica.list_conflicts():
            out.append(
                {
                    "id": c["conflict_id"],
                    "entity": c["entity"],
                    "entity_label": entity_label(c["entity"]),
                    "title": self._title(c["entity"], c["entity_id"]),
                    "field": c["field"],
                    "kind": c["kind"],
                    "mine": c["loser_value"],
                    "theirs": c["winner_value"],
                }
            )
        return out

    def _title(self, entity: str, entity_id: str) -> str:
        record = self.store.get(entity, entity_id, include_deleted=True) if entity else None
        if not record:
            return ""
        if entity == "person":
            return people.full_name(record)
        if entity == "case":
            return str(record.get("internal_number") or "")
        if entity == "note":
            text = str(record.get("text") or "")
            return text[:60]
        return str(record.get("kind") or record.get("name") or "")

    def resolve_conflict(self, conflict_id: str, keep: str) -> None:
        self.store.replica.resolve_conflict(conflict_id, keep=keep)

    def list_quarantine(self) -> list[Row]:
        return [
            {
                "at": q.get("at"),
                "what": f"{entity_label(q.get('entity') or '')} ({q.get('op') or ''})",
                "code": q.get("code") or None,
                "reason": q.get("reason") or q.get("code") or "",
            }
            for q in self.store.replica.list_quarantine()
        ]

    def list_kept_aside(self) -> list[Row]:
        """Received records this vault cannot apply (``app.store.kept_aside``): kept whole,
        retried at every unlock; ``code`` says why, ``detail`` the precise reason."""
        from app.store.kept_aside import list_kept_aside

        return [
            {
                "at": k.get("received_at"),
                "what": entity_label(k.get("entity") or ""),
                "code": k.get("code") or "",
                "detail": k.get("reason") or "",
            }
            for k in list_kept_aside(self.store)
        ]


def _iso(value: Any) -> str | None:
    """The sync client stores times as wall-clock milliseconds; the UI shows ISO text."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value / 1000, UTC).isoformat(timespec="seconds")
    return str(value)


def cases_text(client: int, total: int) -> str:
    """Personas' "Casos": "2" (the client of 2), "1 como otra parte" (a party of 1 case
    of someone else), "2 + 1 como otra parte" (fresh10 #35: a counterparty's bare "1"
    read as if he were a client; the other side still never reads "0")."""
    other = total - client
    if not other:
        return str(client)
    said = QCoreApplication.translate("backend", "%1 como otra parte").replace("%1", str(other))
    return f"{client} + {said}" if client else said


def _district_names(codes: list[str]) -> dict[str, str]:
    """INEI ubigeo → district name as Spanish writes it ("Carabayllo", "Wánchaq" where the
    catalog has the accent), from the bundled catalog (cached by ``forms.ubigeo``)."""
    try:
        from forms import ubigeo

        return {code: ubigeo.district_name(code) for code in codes}
    except Exception:  # a missing catalog must not break the list: show the codes
        return {}


def _candidates(found: list[duplicates.Candidate], side: str) -> list[Candidate]:
    """The core's candidates as the conflict check shows them (``side``: the person being
    registered or added)."""
    return [
        Candidate(
            person_id=c.person_id,
            name=c.name,
            doc=people.document_text(c.doc_type, c.doc_number, ui_lang()),
            score=c.score,
            reason=", ".join(c.reasons).capitalize(),
            exact=c.score >= 1.0,
            conflict_cases=tuple(link.internal_number or link.case_id for link in c.conflict_in),
            side=side,
            same_side_cases=tuple(link.internal_number or link.case_id for link in c.same_side_in),
        )
        for c in found
    ]
