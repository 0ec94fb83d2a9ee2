"""The one person <-> intake-answers mapping: complete, and a round trip."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.core.intake_person import (
    PERSON_TO_ANSWER,
    intake_person,
    person_answers,
    person_from_answers,
)
from app.core.people import INPUT_FIELDS


def test_every_person_input_field_but_the_reniec_code_is_mapped() -> None:
    assert set(PERSON_TO_ANSWER) == set(INPUT_FIELDS) - {"ubigeo_reniec"}


text = st.text(min_size=1, max_size=12)
person = st.fixed_dictionaries(
    {},
    optional={
        **{column: text for column in PERSON_TO_ANSWER if column != "interpreter_needed"},
        "interpreter_needed": st.sampled_from((0, 1)),
    },
)


@given(person)
def test_round_trip(record: dict[str, object]) -> None:
    assert person_from_answers(person_answers(record)) == record


def test_ficha_completes_what_step_one_does_not_ask() -> None:
    step_one = {"given_names": "Sisa", "paternal_surname": "Condori", "phone": ""}
    answers = {
        "nombres": "Otra",
        "telefono": "987654321",  # asked in step 1 (left empty there): not taken
        "lengua_materna": "quechua",
        "requiere_interprete": True,
    }
    assert intake_person(step_one, answers) == {
        "given_names": "Sisa",
        "paternal_surname": "Condori",
        "mother_tongue": "quechua",
        "interpreter_needed": 1,
    }
