"""Fresh5 #3 and #16: "Continuar: es otra disputa" — the defender going on with a person
decided the same although they are a conflict of interest — shows in the case's
Historial and in the ficha PDF (read back), found through the draft the decisions were
audited with; only the latest decision about a person counts."""

from __future__ import annotations

import random
from typing import Any

import forms
from app.core import duplicates, intakes, registration, sample
from app.core.queries.case_file import case_file
from app.reports.api import render_intake
from tests.reports.pdftext import text_of
from tests.ui.e2e import MARIA, arrange_case

FERNANDO = {"given_names": "Fernando", "paternal_surname": "Apaza",
            "maternal_surname": "Delgado", "doc_type": "DNI", "doc_number": "40123987",
            "birth_date": "1985-07-02", "sex": "M", "ubigeo": "150110"}  # fmt: skip
SAID = "Fernando Apaza Delgado: se continuó pese al conflicto de intereses (es cliente"


def test_an_override_at_intake_shows_in_the_history_and_the_ficha_pdf(store: Any) -> None:
    fernando = store.get("case", arrange_case(store, FERNANDO, seed=2))["person_id"]
    draft = "0f2b6f6e-9d0a-4d9e-b1a8-3c2f8b7e5a10"
    scores = {fernando: 0.9}
    duplicates.record_decisions(store, draft, "other", {fernando: "conflict"}, scores, 0)
    duplicates.record_decisions(
        store, draft, "other", {fernando: "same"}, scores, 0, despite=[fernando]
    )
    definition = forms.load_registry().get("ficha_atencion")
    answers = sample.intake_answers(random.Random(1), MARIA, definition)
    done = registration.register_intake(
        store, MARIA, answers, intakes.FormsIntakeValidator(), open_case=True,
        form_id="ficha_atencion", decisions={fernando: "same"}, draft_id=draft,
    )  # fmt: skip
    events = case_file(store, done["case_id"])["events"]
    [line] = [e for e in events if SAID in str(e["changes"])]
    assert line["action"] == "conflict_check" and line["who"]
    text = text_of(render_intake(store, done["intake_id"]))
    assert "Conflicto de intereses" in text and "Fernando Apaza Delgado" in text
    # another intake, or a decision changed afterwards, says nothing
    other = arrange_case(store, seed=3)
    assert not [e for e in case_file(store, other)["events"] if SAID in str(e["changes"])]
    duplicates.record_decisions(store, draft, "other", {fernando: "different"}, scores, 0)
    assert duplicates.conflict_overrides(store, None, done["intake_id"]) == []
