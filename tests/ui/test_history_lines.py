"""The case history speaks Spanish (issue 13 #7): "Creación de caso", "Firma de nota",
"Corrección de nota" — never "create caso" or "modificó nota" for a signature."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import forms
from app.core import cases, notes
from app.core.queries.case_file import history_action
from app.ui.backend import StoreBackend
from sync.spec import vocab


def _a_case(store: Any) -> str:
    from app.core import sample_load

    sample_load.load(store, 8, seed=5)
    rows = store.query("SELECT id FROM legal_case WHERE _deleted = 0 AND status = 'open'")
    assert rows, "the sample has open cases"
    return str(rows[0]["id"])


def test_history_lines_name_what_was_done_in_spanish(ui_app: Any, store: Any) -> None:
    case_id = _a_case(store)
    note_id = notes.add_note(store, case_id, "Se presentó la demanda de alimentos.")
    notes.sign_note(store, note_id)
    notes.correct_note(store, note_id, "Se presentó la demanda de alimentos el lunes.")
    lines = [e["action"] for e in StoreBackend(store).case_detail(case_id)["history"]]
    assert lines[:3] == [
        "Corrección de nota del caso",
        "Firma de nota del caso",
        "Creación de nota del caso",
    ]
    assert "Creación de caso" in lines
    english = {"create", "update", "insert", "delete", "sign", "export", "view"}
    assert not [line for line in lines if set(line.lower().split()) & english]
    assert not [line for line in lines if "modificó" in line or "creó" in line]


def test_a_status_change_is_named(ui_app: Any, store: Any) -> None:
    case_id = _a_case(store)
    store.update("case", case_id, {"status": "archived"})
    assert StoreBackend(store).case_detail(case_id)["history"][0]["action"] == (
        "Cambio de estado de caso: Estado: En trámite → Archivado"  # what changed, too
    )
    assert cases.get_case(store, case_id)["status"] == "archived"


@given(
    action=st.sampled_from(["create", "insert", "update", "delete", "export", "view", "x_y"]),
    entity=st.sampled_from(["note", "case", "person", "hearing", ""]),
    fields=st.lists(st.sampled_from(["signed_at", "supersedes_id", "status", "text"])),
    garbage=st.booleans(),
)
def test_every_event_gets_a_label_and_never_an_error(
    action: str, entity: str, fields: list[str], garbage: bool
) -> None:
    import json

    detail = "{not json" if garbage else json.dumps({"fields": fields})
    code = history_action(action, entity, detail)
    label = vocab.AUDIT_ACTION.label(code)
    assert label and label != "—"
    if code in vocab.AUDIT_ACTION:
        assert label[0].isupper() and label.lower() != code


def test_intakes_show_the_form_name_not_its_id(ui_app: Any, store: Any) -> None:
    """Issue 13 #7: "ficha_atencion v1" became the form's title — without its version."""
    case_id = _a_case(store)
    backend = StoreBackend(store)
    intakes = backend.case_detail(case_id)["intakes"]
    newest = forms.load_registry().get("ficha_atencion").version
    assert intakes and all(i["form_version"] == newest for i in intakes)  # the newest ficha
    # no version numbers in user text (finding 3): a new intake is not "(versión 2)"
    assert all(i["form_title"] == "Ficha de atención" for i in intakes)
    assert backend.form_title("ficha_atencion", 1) == "Ficha de atención"
    assert backend.form_title("no_such_form", 3) == "No such form"
