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


def _register(store: Any, party: str, draft: str | None, seed: int) -> dict[str, Any]:
    """Maria's intake opening a case with ``party`` (a registered person) as the other
    side; its client had no candidate (no client decisions)."""
    definition = forms.load_registry().get("ficha_atencion")
    answers = sample.intake_answers(random.Random(seed), MARIA, definition)
    row = {"row": 0, "person": {}, "role": "counterparty", "person_id": party}
    return registration.register_intake(
        store, MARIA, answers, intakes.FormsIntakeValidator(), open_case=True,
        form_id="ficha_atencion", parties=[row], draft_id=draft,
    )  # fmt: skip


def test_overrides_of_a_ficha_whose_client_had_no_candidate_or_of_an_older_ficha(
    store: Any, monkeypatch: Any
) -> None:
    """An override about the other party is shown when the client had no candidate (the
    registration names its draft even without client decisions). A ficha registered
    before the draft was named at all is linked by its people and the time — said so —;
    an override in a check made more than a day before it, or about someone who is not
    one of its people, is not its own."""
    from app.core.queries.case_file import INFERRED

    fernando = store.get("case", arrange_case(store, FERNANDO, seed=2))["person_id"]
    scores = {fernando: 0.9}
    clock = {"ms": 1_780_000_000_000}
    monkeypatch.setattr(store.context, "wall", lambda: clock["ms"])

    def override(draft: str) -> None:
        duplicates.record_decisions(
            store, draft, "other", {fernando: "same"}, scores, 0, despite=[fernando]
        )

    override("11111111-1111-4111-8111-111111111111")
    clock["ms"] += 60_000
    done = _register(store, fernando, "11111111-1111-4111-8111-111111111111", seed=1)
    [line] = [e for e in case_file(store, done["case_id"])["events"] if SAID in e["changes"]]
    assert not line["changes"].endswith(INFERRED)  # linked by its draft's id

    override("22222222-2222-4222-8222-222222222222")  # two days before the older ficha
    clock["ms"] += 2 * 86_400_000
    override("33333333-3333-4333-8333-333333333333")  # its own check
    clock["ms"] += 300_000
    older = _register(store, fernando, None, seed=4)  # as registered before the link
    lines = [e["changes"] for e in case_file(store, older["case_id"])["events"]]
    [said] = [c for c in lines if SAID in c]
    assert said.endswith(INFERRED)
    found = duplicates.conflict_overrides(store, None, older["intake_id"])
    assert [f["inferred"] for f in found] == [True]
    text = " ".join(text_of(render_intake(store, older["intake_id"])).split())
    assert "Fernando Apaza Delgado" in text and "asociado por la persona y la fecha" in text
    clock["ms"] += 2 * 86_400_000  # a ficha whose people were checked long before
    late = _register(store, fernando, None, seed=5)
    assert duplicates.conflict_overrides(store, None, late["intake_id"]) == []
