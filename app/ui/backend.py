"""The real ``Backend``: the screens' reads and writes over ``app.store`` and ``app.core``.

Owns: ``StoreBackend`` (list queries with filters, sorting and LIMIT/OFFSET pages, the
home and agenda queries, case details, and the writes, delegated to ``app.core``
services) and ``StoreVault`` (see ``vault_port.py`` for
the ``VaultPort``). Everything here may block; the UI calls
it through the worker pool. SQL identifiers come only from the whitelists below.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.core import cases as core_cases
from app.core import duplicates, hearings, notes, people
from app.core import intakes as core_intakes
from app.store import Store
from app.ui.ports import Candidate, Filters, Row, SearchHit, SyncStatus

_PERSON_NAME = (
    "trim(coalesce(p.given_names,'') || ' ' || coalesce(p.paternal_surname,'') || ' ' ||"
    " coalesce(p.maternal_surname,''))"
)
_CASE_SORT = {
    "internal_number": "c.internal_number",
    "beneficiary": "p.paternal_surname",
    "matter": "c.matter",
    "status": "c.status",
    "defender": "u.name",
    "court_file_number": "c.court_file_number",
    "opened_at": "c.opened_at",
}
_PERSON_SORT = {
    "full_name": "p.paternal_surname",
    "doc": "p.doc_number",
    "birth_date": "p.birth_date",
    "district": "p.ubigeo",
    "phone": "p.phone",
    "cases": "p.paternal_surname",
}
_ENTITY_ES = {
    "person": QT_TRANSLATE_NOOP("backend", "Persona"),
    "case": QT_TRANSLATE_NOOP("backend", "Caso"),
    "note": QT_TRANSLATE_NOOP("backend", "Nota"),
    "hearing": QT_TRANSLATE_NOOP("backend", "Audiencia"),
    "intake": QT_TRANSLATE_NOOP("backend", "Ficha"),
    "case_party": QT_TRANSLATE_NOOP("backend", "Parte"),
    "attachment": QT_TRANSLATE_NOOP("backend", "Adjunto"),
}
_ACTION_ES = {
    "insert": QT_TRANSLATE_NOOP("backend", "creó"),
    "update": QT_TRANSLATE_NOOP("backend", "modificó"),
    "delete": QT_TRANSLATE_NOOP("backend", "eliminó"),
    "resolve_conflict": QT_TRANSLATE_NOOP("backend", "resolvió un conflicto en"),
    "duplicate_decision": QT_TRANSLATE_NOOP("backend", "decidió sobre duplicados de"),
}


def _label(table: Mapping[str, object], code: str) -> str:
    """A translated label from one of the tables above; the code itself when unknown."""
    text = table.get(code)
    return QCoreApplication.translate("backend", str(text)) if text else code


def _keyset(
    order: str, ident: str, descending: bool, after: tuple[Any, str]
) -> tuple[str, list[Any]]:
    """WHERE clause for "rows after (key, id)" in ORDER BY order, ident (NULLs sort low)."""
    key, last_id = after
    if not descending:
        if key is None:
            return f"(({order} IS NULL AND {ident} > ?) OR {order} IS NOT NULL)", [last_id]
        # "order >= ?" first: lets SQLite start an index range scan at the key.
        return f"({order} >= ? AND ({order} > ? OR {ident} > ?))", [key, key, last_id]
    if key is None:
        return f"({order} IS NULL AND {ident} < ?)", [last_id]
    return (
        f"(({order} <= ? AND ({order} < ? OR {ident} < ?)) OR {order} IS NULL)",
        [key, key, last_id],
    )


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class StoreBackend:
    """``Backend`` over one unlocked ``Store``."""

    def __init__(self, store: Store, validator: Any = None, now: Any = None) -> None:
        # Any: app.core's store protocols and Store differ in small return types.
        self.store: Any = store
        self.user_name = store.user_name
        self.office_code = store.office_code
        from app.core.form_source import registry_for

        # shipped forms plus those the server published (the renderer reads this too)
        self.form_registry = registry_for(store)
        self._validator = validator or core_intakes.FormsIntakeValidator(self.form_registry)
        self._now = now or datetime.now

    def lock(self) -> None:
        self.store.lock()

    # -- lists ------------------------------------------------------------------------------
    def _where(self, kind: str, f: Filters) -> tuple[str, list[Any]]:
        alias = "c" if kind == "case" else "p"
        clauses, params = [f"{alias}._deleted = 0"], []
        if f.office_id:
            clauses.append(f"{alias}.office_id = ?")
            params.append(f.office_id)
        if kind == "case":
            for column, value in (
                ("c.status", f.status),
                ("c.matter", f.matter),
                ("c.defender_id", f.defender_id),
            ):
                if value:
                    clauses.append(f"{column} = ?")
                    params.append(value)
            if f.text:
                clauses.append(
                    "(c.internal_number LIKE ? ESCAPE '\\' OR c.court_file_number LIKE ?"
                    f" ESCAPE '\\' OR {_PERSON_NAME} LIKE ? ESCAPE '\\')"
                )
                params += [_like(f.text)] * 3
        elif f.text:
            clauses.append(
                "(p.id = ? OR p.doc_number LIKE ? ESCAPE '\\'"
                f" OR {_PERSON_NAME} LIKE ? ESCAPE '\\')"
            )
            params += [f.text, _like(f.text), _like(f.text)]
        return " AND ".join(clauses), params

    def _from(self, kind: str) -> str:
        if kind == "case":
            return "FROM legal_case c LEFT JOIN person p ON p.id = c.person_id"
        return "FROM person p"

    def count(self, kind: str, filters: Filters) -> int:
        where, params = self._where(kind, filters)
        if kind == "case" and not filters.text:
            sql = f"SELECT count(*) AS n FROM legal_case c WHERE {where}"
        else:
            sql = f"SELECT count(*) AS n {self._from(kind)} WHERE {where}"
        return int(self.store.query(sql, params)[0]["n"])

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
        """A page of rows ordered by ``sort`` then id; each row carries its ``_key``.

        With ``after`` (the ``_key`` and id of the last row already shown) the page is
        found by keyset (cost independent of how far the user scrolled); else by OFFSET.
        """
        where, params = self._where(kind, filters)
        direction = "DESC" if descending else "ASC"
        if kind == "case":
            order, ident = _CASE_SORT.get(sort, "c.internal_number"), "c.id"
            select = (
                "SELECT c.id AS id, c.internal_number AS internal_number,"
                f" {_PERSON_NAME} AS beneficiary, c.matter AS matter, c.status AS status,"
                " coalesce(u.display_name, u.name) AS defender,"
                " c.court_file_number AS court_file_number, c.opened_at AS opened_at,"
                f" {order} AS _key"
                " FROM legal_case c LEFT JOIN person p ON p.id = c.person_id"
                " LEFT JOIN app_user u ON u.id = c.defender_id"
            )
        else:
            order, ident = _PERSON_SORT.get(sort, "p.paternal_surname"), "p.id"
            select = (
                f"SELECT p.id AS id, {_PERSON_NAME} AS full_name,"
                " CASE WHEN p.doc_type = 'SIN_DOCUMENTO' THEN '—'"
                " ELSE trim(coalesce(p.doc_type,'') || ' ' || coalesce(p.doc_number,'')) END"
                " AS doc,"
                " p.birth_date AS birth_date, p.ubigeo AS district, p.phone AS phone,"
                " (SELECT count(*) FROM legal_case c WHERE c.person_id = p.id"
                f"  AND c._deleted = 0) AS cases, {order} AS _key"
                " FROM person p"
            )
        tail = " LIMIT ? OFFSET ?"
        page_params: list[Any] = [int(limit), int(offset)]
        if after is not None:
            clause, key_params = _keyset(order, ident, descending, after)
            where += f" AND {clause}"
            params = [*params, *key_params]
            tail, page_params = " LIMIT ?", [int(limit)]
        sql = f"{select} WHERE {where} ORDER BY {order} {direction}, {ident} {direction}{tail}"
        rows = self.store.query(sql, [*params, *page_params])
        if kind == "person":
            names = _district_names([r["district"] for r in rows if r.get("district")])
            for r in rows:
                r["district"] = names.get(r.get("district") or "", r.get("district") or "")
        return rows

    def filter_options(self) -> Mapping[str, Sequence[tuple[str, str]]]:
        q = self.store.query
        return {
            "status": [(s, s) for s in core_cases.CASE_STATUSES],
            "matter": [
                (r["matter"], str(r["matter"]))
                for r in q(
                    "SELECT DISTINCT matter FROM legal_case WHERE matter IS NOT NULL"
                    " AND _deleted = 0 ORDER BY matter"
                )
            ],
            "defender": [
                (r["id"], r["label"])
                for r in q(
                    "SELECT id, coalesce(display_name, name) AS label FROM app_user"
                    " WHERE _deleted = 0 ORDER BY label"
                )
            ],
            "office": [
                (r["id"], f"{r['code']} — {r['name']}")
                for r in q("SELECT id, code, name FROM office WHERE _deleted = 0 ORDER BY code")
            ],
        }

    # -- search, home, agenda ------------------------------------------------------------------
    def search(self, text: str, limit: int = 30) -> list[SearchHit]:
        return [
            SearchHit(
                kind=h.entity,
                id=h.entity_id,
                title=h.title,
                snippet=h.detail,
                case_id=h.parent_id if h.entity == "note" else None,
            )
            for h in self.store.search(text, limit)
        ]

    def _hearing_rows(self, where: str, params: Sequence[Any], limit: int = 500) -> list[Row]:
        return self.store.query(
            "SELECT h.id AS id, h.case_id AS case_id, h.category AS category, h.kind AS kind,"
            " h.at AS at, h.place AS place, h.status AS status,"
            " c.internal_number AS case_number FROM hearing h"
            " LEFT JOIN legal_case c ON c.id = h.case_id"
            f" WHERE h._deleted = 0 AND {where} ORDER BY h.at LIMIT ?",
            [*params, limit],
        )

    def home(self) -> Row:
        now = self._now()
        today = now.date().isoformat()
        tomorrow = (now.date() + timedelta(days=1)).isoformat()
        week = (now + timedelta(days=7)).isoformat(timespec="seconds")
        now_iso = now.isoformat(timespec="seconds")
        hearings_today = [
            {**r, "title": r["case_number"] or "", "open_kind": "case", "open_id": r["case_id"]}
            for r in self._hearing_rows(
                "h.category = 'hearing' AND h.status = 'scheduled' AND h.at >= ? AND h.at < ?",
                (today, tomorrow),
                100,
            )
        ]
        deadlines = [
            {
                **r,
                "title": r["case_number"] or "",
                "open_kind": "case",
                "open_id": r["case_id"],
                "overdue": r["at"] < now_iso,
            }
            for r in self._hearing_rows(
                "h.category = 'deadline' AND h.status = 'scheduled' AND h.at < ?", (week,), 100
            )
        ]
        drafts = [
            {
                "at": d.get("updated_at"),
                "title": d.get("form_id", ""),
                "kind": "draft",
                "open_kind": "draft",
                "open_id": d["draft_id"],
            }
            for d in self.store.list_drafts()
        ]
        conflicts = [
            {
                "at": c.get("detected_at"),
                "title": f"{_label(_ENTITY_ES, c['entity'])} · {c['field']}",
                "open_kind": "sync",
                "open_id": c["conflict_id"],
            }
            for c in self.store.list_conflicts()
        ]
        return {
            "hearings": hearings_today,
            "deadlines": deadlines,
            "drafts": drafts,
            "conflicts": conflicts,
        }

    def agenda(self, days: int) -> list[Row]:
        now = self._now()
        now_iso = now.isoformat(timespec="seconds")
        until = (now + timedelta(days=days)).isoformat(timespec="seconds")
        rows = self._hearing_rows("h.status = 'scheduled' AND h.at < ?", (until,), 2000)
        for r in rows:
            r["overdue"] = r["at"] < now_iso
        return rows

    # -- intake -------------------------------------------------------------------------------
    def find_candidates(self, person: Mapping[str, Any]) -> list[Candidate]:
        data = {k: v for k, v in person.items() if v not in ("", None)}
        found = duplicates.find_duplicates(self.store, data)
        return [
            Candidate(
                person_id=c.person_id,
                name=c.name,
                doc=" ".join(p for p in (c.doc_type, c.doc_number) if p),
                score=c.score,
                reason=", ".join(c.reasons).capitalize(),
                exact=c.score >= 1.0,
                conflict_cases=tuple(
                    link.internal_number or link.case_id for link in c.counterparty_in
                ),
            )
            for c in found
        ]

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
        person_id = decision.get("same_person_id")
        if not person_id:
            data = {k: v for k, v in person.items() if v not in ("", None)}
            person_id = people.register_person(self.store, data)
        doc: dict[str, Any] = {"answers": answers}
        if form_version:
            doc["form_version"] = int(form_version)
        intake_id = core_intakes.add_intake(
            self.store, person_id, doc, self._validator, form_id=form_id or None
        )
        if decision.get("candidates"):
            self.store.audit(
                "duplicate_decision",
                "person",
                person_id,
                {"intake_id": intake_id, "decisions": decision["candidates"]},
            )
        case_id = core_cases.open_case(self.store, intake_id) if open_case else None
        if decision.get("draft_id"):
            self.store.delete_draft(str(decision["draft_id"]))
        return {"person_id": person_id, "intake_id": intake_id, "case_id": case_id}

    def save_draft(
        self, draft_id: str, form_id: str, form_version: int, answers: Mapping[str, Any]
    ) -> None:
        self.store.save_draft(draft_id, form_id, form_version, dict(answers))

    def load_draft(self, draft_id: str) -> Row | None:
        draft = self.store.load_draft(draft_id)
        if draft and isinstance(draft.get("answers"), str):
            draft = {**draft, "answers": json.loads(draft["answers"])}
        return draft

    # -- case view ----------------------------------------------------------------------------
    def _names(self, user_ids: set[str]) -> dict[str, str]:
        if not user_ids:
            return {}
        marks = ",".join("?" * len(user_ids))
        rows = self.store.query(
            f"SELECT id, coalesce(display_name, name) AS label FROM app_user WHERE id IN ({marks})",
            list(user_ids),
        )
        return {r["id"]: r["label"] for r in rows}

    def person_cases(self, person_id: str) -> list[Row]:
        """Live cases where the person is the beneficiary or a party, newest first."""
        return list(
            self.store.query(
                "SELECT c.id AS id, c.internal_number AS internal_number, c.matter AS matter,"
                " c.status AS status FROM legal_case c WHERE c._deleted = 0 AND (c.person_id = ?"
                " OR c.id IN (SELECT case_id FROM case_party WHERE _deleted = 0"
                " AND person_id = ?)) ORDER BY c.opened_at DESC, c.id DESC",
                (person_id, person_id),
            )
        )

    def case_detail(self, case_id: str) -> Row:
        case = core_cases.get_case(self.store, case_id)
        beneficiary = self.store.get("person", case["person_id"]) if case.get("person_id") else None
        case["beneficiary"] = people.full_name(beneficiary) if beneficiary else ""
        note_rows = notes.list_notes(self.store, case_id)
        names = self._names(
            {n["author_id"] for n in note_rows if n.get("author_id")}
            | ({case["defender_id"]} if case.get("defender_id") else set())
        )
        case["defender"] = names.get(case.get("defender_id") or "", "")
        for n in note_rows:
            n["author"] = names.get(n.get("author_id") or "", "")
        parties = [
            {"role": p["role"], "name": people.full_name(p)}
            for p in core_cases.case_parties(self.store, case_id)
        ]
        intake_rows = self.store.query(
            "SELECT id, form_id, form_version, service_type, recorded_at FROM intake"
            " WHERE _deleted = 0 AND (id = ? OR person_id = ?) ORDER BY recorded_at",
            (case.get("intake_id") or "", case.get("person_id") or ""),
        )
        attachments = self.store.query(
            "SELECT id, filename, mime, size, created_at FROM attachment"
            " WHERE _deleted = 0 AND case_id = ? ORDER BY created_at",
            (case_id,),
        )
        ids = [case_id, *(n["id"] for n in note_rows)]
        hearing_rows = hearings.list_hearings(self.store, case_id)
        ids += [h["id"] for h in hearing_rows]
        marks = ",".join("?" * len(ids))
        events = self.store.query(
            "SELECT a.at AS at, a.action AS action, a.entity AS entity,"
            " coalesce(u.display_name, u.name, '') AS who FROM audit_event a"
            " LEFT JOIN app_user u ON u.id = a.user_id"
            f" WHERE a.entity_id IN ({marks}) ORDER BY a.seq DESC LIMIT 200",
            ids,
        )
        history = [
            {
                "at": e["at"],
                "who": e["who"],
                "action": f"{_label(_ACTION_ES, e['action'])} "
                f"{_label(_ENTITY_ES, e['entity'] or '').lower()}".strip(),
            }
            for e in events
        ]
        return {
            "case": case,
            "parties": parties,
            "intakes": intake_rows,
            "notes": note_rows,
            "hearings": hearing_rows,
            "attachments": attachments,
            "history": history,
        }

    def add_note(self, case_id: str, text: str, sign: bool) -> str:
        note_id = notes.add_note(self.store, case_id, text)
        if sign:
            notes.sign_note(self.store, note_id)
        return note_id

    def sign_note(self, note_id: str) -> None:
        notes.sign_note(self.store, note_id)

    def correct_note(self, note_id: str, text: str) -> str:
        return notes.correct_note(self.store, note_id, text)

    def add_hearing(self, case_id: str, category: str, kind: str, at: str, place: str) -> str:
        return hearings.schedule_hearing(self.store, case_id, at, kind, place, category)

    def set_hearing_status(
        self, hearing_id: str, status: str, result: str = "", new_at: str | None = None
    ) -> None:
        """Record the outcome; "rescheduled" with ``new_at`` also schedules the new date."""
        hearings.mark_hearing(self.store, hearing_id, status, result or None, new_at)

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
        s = self.store
        online = s.get_sync_state("online")
        return SyncStatus(
            online=None if online is None else bool(online),
            pending=s.pending_count(),
            last_success=_iso(s.get_sync_state("last_success")),
            conflicts=len(s.list_conflicts()),
            quarantined=len(s.list_quarantine()),
        )

    def list_conflicts(self) -> list[Row]:
        out = []
        for c in self.store.list_conflicts():
            out.append(
                {
                    "id": c["conflict_id"],
                    "entity": c["entity"],
                    "entity_label": _label(_ENTITY_ES, c["entity"]),
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
        self.store.resolve_conflict(conflict_id, keep=keep)

    def list_quarantine(self) -> list[Row]:
        return [
            {
                "at": q.get("at"),
                "what": f"{_label(_ENTITY_ES, q.get('entity') or '')} ({q.get('op') or ''})",
                "reason": q.get("reason") or q.get("code") or "",
            }
            for q in self.store.list_quarantine()
        ]


def _iso(value: Any) -> str | None:
    """The sync client stores times as wall-clock milliseconds; the UI shows ISO text."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value / 1000).isoformat(timespec="seconds")
    return str(value)


def _district_names(codes: list[str]) -> dict[str, str]:
    """INEI ubigeo → district name, from the bundled catalog (cached by ``forms.ubigeo``)."""
    try:
        from forms import ubigeo

        out = {}
        for code in codes:
            found = ubigeo.district(code)
            out[code] = found.name if found is not None else code
        return out
    except Exception:  # a missing catalog must not break the list: show the codes
        return {}
