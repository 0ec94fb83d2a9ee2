"""What an edit changed, for the history lines: each field's label and its value before
and after ("Estado: En trámite → Archivado").

Owns ``field_changes(store, entity_ids, lang)``: read from this device's outbox, which
keeps every local change with its fields' new values and, per field, the stamp (HLC) of
the version it replaced; the replaced value is the one that local change with that stamp
wrote. A value another device wrote is the one the edit's audit kept (``was``, written
by ``app.store.changes.replaced_elsewhere``); where neither knows it (an edit made
before), only the new one is shown. Only fields with a label in the entity specification are shown
(internal ones such as parsed court-file parts are not); values are shown by their
vocabulary label, a user by name, dates as dd/mm/aaaa, a case's closure as its reason,
result and amount (``case_facts.closure_summary``), other JSON not at all (its label only).
"""

from __future__ import annotations

import json
from collections import defaultdict, deque
from collections.abc import Iterable
from typing import Any

from app import office_time
from app.core.people import QueryStore
from app.core.queries.case_facts import closure_summary
from app.core.user_names import login_labels
from sync import spec
from sync.hlc import ZERO
from sync.spec.vocab import DEADLINE_STATUS

ZERO_STAMPS = ("", ZERO)  # the field had no value before
MAX_SHOWN = 60  # characters of a free-text value before it is cut with "…"
Key = tuple[str, str]  # (entity_id, the audit event's time)


def field_changes(
    store: QueryStore, entity_ids: Iterable[str], lang: str = "es"
) -> dict[Key, deque[list[dict[str, str | None]]]]:
    """For each local change of these records, by (entity id, time of the change) in the
    order they were made: ``[{field, label, old, new}]`` (``old`` None: unknown here)."""
    ids = sorted({i for i in entity_ids if i})
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = store.query(
        f"SELECT entity_id, hlc, created_at, body FROM outbox WHERE entity_id IN ({marks})"
        " ORDER BY seq",
        ids,
    )
    users = login_labels(  # the one display rule for a user's name
        {str(r["id"]): r for r in store.query("SELECT id, name, display_name FROM app_user")}
    )[0]
    # a deadline's status in its own words ("Pendiente", not "Programada": fresh8 #15c)
    deadlines = {
        str(r["id"])
        for r in store.query(
            f"SELECT id FROM hearing WHERE category = 'deadline' AND id IN ({marks})", ids
        )
    }
    elsewhere = _replaced_elsewhere(store, ids, marks)
    written: dict[tuple[str, str], dict[str, Any]] = {}  # (entity id, hlc) -> its fields
    found: dict[Key, deque[list[dict[str, str | None]]]] = defaultdict(deque)
    for row in rows:
        body = _object(row["body"])
        fields, base, ent = body.get("fields"), body.get("base"), spec.entity(body.get("entity"))
        if not isinstance(fields, dict) or ent is None:
            continue
        entity_id = str(row["entity_id"])
        written[(entity_id, str(row["hlc"]))] = fields
        stamps = base if isinstance(base, dict) else {}
        was = elsewhere.get((entity_id, str(row["created_at"])), {})
        changes = []
        for field in ent.fields:  # in the specification's order
            name = field.name
            if name not in fields or field.label is None:
                continue
            stamp = str(stamps.get(name) or "")
            before: Any = None
            known = stamp in ZERO_STAMPS or (entity_id, stamp) in written or name in was
            if (entity_id, stamp) in written:
                before = written[(entity_id, stamp)].get(name)
            elif name in was:  # another device wrote it: the edit's audit kept it
                before = was[name]
            words = DEADLINE_STATUS if name == "status" and entity_id in deadlines else None
            changes.append(
                {
                    "field": name,
                    "label": ent.field_label(name, lang),
                    "old": shown(field, before, users, lang, words) if known else None,
                    "new": shown(field, fields[name], users, lang, words),
                }
            )
        found[(entity_id, str(row["created_at"]))].append(changes)
    return found


def _replaced_elsewhere(store: QueryStore, ids: list[str], marks: str) -> dict[Key, dict[str, Any]]:
    """(entity id, time) -> the values a local edit replaced that another device had
    written (``app.store.changes.replaced_elsewhere``, the ``was`` of its audit detail)."""
    rows = store.query(
        f"SELECT entity_id, at, detail FROM audit_event WHERE entity_id IN ({marks})"
        " AND action = 'update' AND detail LIKE '%\"was\"%'",
        ids,
    )
    out: dict[Key, dict[str, Any]] = {}
    for row in rows:
        was = _object(row["detail"]).get("was")
        if isinstance(was, dict):
            out[(str(row["entity_id"]), str(row["at"]))] = was
    return out


def _object(text: Any) -> dict[str, Any]:
    """A stored JSON object ({} when the text is not one)."""
    try:
        found = json.loads(text)
    except (TypeError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def shown(
    field: Any, value: Any, users: dict[str, str], lang: str = "es", words: Any = None
) -> str:
    """A stored value as a history line shows it ("" for JSON: its label says enough);
    ``words``: the vocabulary that says it instead of the field's."""
    if value is None or value == "":
        return "—"
    if field.name == "closure":  # the case's cierre_caso answers: reason, result, amount
        return closure_summary(value) or "—"
    if field.kind == "json":
        return ""
    if (words or field.vocab) is not None:
        return str((words or field.vocab).label(value, lang))
    if field.ref == "user":
        return users.get(str(value)) or "—"
    if field.format in ("date", "datetime"):
        moment = office_time.parse_local(value)
        if moment is not None:
            with_time = field.format == "datetime" and len(str(value)) > 10
            return moment.strftime("%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y")
    text = " ".join(str(value).split())
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def describe(changes: list[dict[str, str | None]]) -> str:
    """``Estado: En trámite → Archivado; Expediente: — → 00123-…`` (a value unknown
    here: only the new one; JSON: the label alone)."""
    parts: list[str] = []
    for c in changes:
        if not c["new"]:
            parts.append(str(c["label"]))
        elif c["old"] is None:
            parts.append(f"{c['label']}: → {c['new']}")
        else:
            parts.append(f"{c['label']}: {c['old']} → {c['new']}")
    return "; ".join(parts)
