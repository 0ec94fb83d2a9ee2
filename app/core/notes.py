"""Case notes: add, edit while unsigned, sign (then immutable), correct by superseding.

A signed note never changes; a correction is a new note whose ``supersedes_id`` points
at the note it corrects (the store also refuses updates of signed notes). Only its
author edits or signs a note (``own``): the note keeps one author, and "firmada" means
its author signed it — a colleague's note synced in, signed here, read as if the
colleague had (fresh 10 #39); anyone may correct it with a note of their own.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from app.core.cases import get_case
from app.core.errors import InvalidInput, NotFound, StateError
from app.core.people import PersonStore, QueryStore
from sync import spec

_NOTE = spec.ENTITIES["note"]  # signed (immutable_when) -> frozen
MAX_NOTE = _NOTE.field_limit("text")


def _clean_text(text: Any) -> str:
    if not isinstance(text, str):
        raise InvalidInput.one("text", "debe ser texto", "type")
    cleaned = text.strip()
    if not cleaned:
        raise InvalidInput.one("text", "la nota está vacía", "required")
    if len(cleaned) > MAX_NOTE:
        raise InvalidInput.one("text", f"la nota es demasiado larga (máximo {MAX_NOTE})", "length")
    return cleaned


def _stamp(now: datetime | None) -> str:
    return (now or datetime.now(UTC)).isoformat(timespec="seconds")


def add_note(
    store: PersonStore,
    case_id: str,
    text: str,
    now: datetime | None = None,
    supersedes_id: str | None = None,
) -> str:
    get_case(store, case_id)
    return store.insert(
        "note",
        {
            "case_id": case_id,
            "text": _clean_text(text),
            "author_id": store.user_id,
            "created_at": _stamp(now),
            "supersedes_id": supersedes_id,
        },
    )


def get_note(store: PersonStore, note_id: str) -> dict[str, Any]:
    record = store.get("note", note_id)
    if record is None:
        raise NotFound("note", note_id)
    return dict(record)


def own(store: Any, note: Any) -> bool:
    """Whether the user of ``store`` wrote ``note`` (a note with no author counts)."""
    author = note.get("author_id")
    return not author or str(author) == str(store.user_id)


def _by_its_author(store: Any, note: dict[str, Any], what: str) -> None:
    """``InvalidInput`` when another user wrote ``note`` (``what``: "firmarla")."""
    if not own(store, note):
        from app.core.user_names import user_labels

        author = str(note["author_id"])
        name = user_labels(store, [author]).get(author) or author
        raise InvalidInput.one(
            "note_id",
            f"la nota es de {name}: solo quien la escribió puede {what}"
            " (puede escribir una corrección)",
            "author",
        )


def edit_note(store: PersonStore, note_id: str, text: str) -> None:
    """Change the text of an unsigned note of one's own (``StateError`` once signed,
    ``InvalidInput`` for another author's)."""
    note = get_note(store, note_id)
    if _NOTE.is_frozen(note):
        raise StateError("the note is signed; write a correction instead")
    _by_its_author(store, note, "cambiarla")
    store.update("note", note_id, {"text": _clean_text(text)})


def sign_note(store: PersonStore, note_id: str, now: datetime | None = None) -> None:
    """Sign a note of one's own (``InvalidInput`` for another author's, or for one a
    correction already replaced here: signed after it, it read "firmada … · corregida"
    in the wrong order, fresh 11 #16)."""
    note = get_note(store, note_id)
    if _NOTE.is_frozen(note):
        raise StateError("the note is already signed")
    _by_its_author(store, note, "firmarla")
    if store.query(
        "SELECT 1 FROM note WHERE supersedes_id = ? AND _deleted = 0 LIMIT 1", (note_id,)
    ):
        raise InvalidInput.one(
            "note_id", "la nota ya fue corregida: firme la corrección, que la reemplaza", "state"
        )
    store.update("note", note_id, {"signed_at": _stamp(now)})


def correct_note(store: PersonStore, note_id: str, text: str, now: datetime | None = None) -> str:
    """A new note on the same case superseding ``note_id``; returns the new id."""
    original = get_note(store, note_id)
    return add_note(store, original["case_id"], text, now=now, supersedes_id=note_id)


def list_notes(store: QueryStore, case_id: str) -> list[dict[str, Any]]:
    """Notes of a case, oldest first, each with ``superseded_by`` (id or None)."""
    return store.query(
        "SELECT n.id AS id, n.text AS text, n.author_id AS author_id, "
        "n.created_at AS created_at, n.signed_at AS signed_at, "
        "n.supersedes_id AS supersedes_id, "
        "(SELECT s.id FROM note s WHERE s._deleted = 0 AND s.supersedes_id = n.id "
        " ORDER BY s.created_at DESC, s.id DESC LIMIT 1) AS superseded_by "
        "FROM note n WHERE n._deleted = 0 AND n.case_id = ? ORDER BY n.created_at, n.id",
        (case_id,),
    )
