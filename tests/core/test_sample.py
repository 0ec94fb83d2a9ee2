"""Sample data: deterministic, realistic, valid for the people service, fast."""

from __future__ import annotations

import random
import time
from collections import Counter
from datetime import date

from stdnum.pe import cui

from app.core import people, sample
from forms import peru


def test_deterministic_with_seed() -> None:
    assert list(sample.people(50, seed=7)) == list(sample.people(50, seed=7))
    assert list(sample.people(50, seed=7)) != list(sample.people(50, seed=8))
    assert list(sample.notes(20, seed=3)) == list(sample.notes(20, seed=3))


def test_people_are_valid_input() -> None:
    for data in sample.people(500, seed=1):
        people.normalize_person(data, today=date(2026, 1, 1))  # raises if invalid


def test_realistic_distribution() -> None:
    rows = list(sample.people(5000, seed=2))
    surnames = Counter(r["paternal_surname"] for r in rows)
    assert surnames.most_common(1)[0][0] == "Quispe"
    assert {"Mamani", "Huamán", "Condori"} <= set(surnames)
    given = Counter(g for r in rows for g in r["given_names"].split())
    assert given["Killa"] + given["Inti"] + given["Sumaq"] + given["Amaru"] > 0
    tongues = Counter(r["mother_tongue"] for r in rows)
    assert tongues["castellano"] > tongues["quechua"] > tongues["aimara"] > 0
    assert all(peru.check_ubigeo(r["ubigeo"]) is None for r in rows)
    assert all(peru.check_phone(r["phone"]) is None for r in rows if "phone" in r)


def test_dni_check_char() -> None:
    rng = random.Random(0)
    for _ in range(100):
        number = sample.dni(rng)
        assert cui.is_valid(number + sample.dni_check_char(number))


def test_hearings_and_notes_look_right() -> None:
    rng = random.Random(4)
    for _ in range(50):
        item = sample.hearing(rng, "violencia")
        assert item["category"] in ("hearing", "deadline") and item["kind"]
        assert item["at"][10] == "T"
        assert sample.note_text(rng, "alimentos").startswith("Se ")


def test_fast_enough_for_benchmarks() -> None:
    start = time.perf_counter()
    count = sum(1 for _ in sample.people(20_000, seed=5))
    count += sum(1 for _ in sample.notes(50_000, seed=5))
    assert count == 70_000
    assert time.perf_counter() - start < 10  # ~0.35 s here; generous for slow CI


def test_intake_answers_validate_against_ficha_atencion() -> None:
    import forms

    definition = forms.load_registry().get(sample.INTAKE_FORM)
    matters: Counter[str] = Counter()
    for record in sample.dataset(400, seed=11):
        assert forms.blocking(forms.validate(definition, record.answers)) == []
        assert record.answers[
            "numero_documento"
            if record.person["doc_type"] != "SIN_DOCUMENTO"
            else "motivo_sin_documento"
        ]
        if record.counterparty is not None:
            assert (
                record.answers["partes"][0]["parte_nombres"] == record.counterparty["given_names"]
            )
        matters[record.answers["materia"]] += 1
    assert set(matters) == set(sample.MATTERS)


def test_generic_definition_gets_values_by_type() -> None:
    import forms
    from tests.core.conftest import TEST_FORM

    definition = forms.definition_from_dict(TEST_FORM)
    rng = random.Random(9)
    for who in sample.people(30, seed=9):
        answers = sample.intake_answers(rng, who, definition)
        assert set(answers) <= {"service_type", "matter", "summary", "children"}
        assert forms.blocking(forms.validate(definition, answers)) == []


def test_the_other_party_has_names_of_their_sex() -> None:
    """Fresh-eyes 6 #1: the other party's sex was set opposite to the client's after their
    names were drawn ("Nayeli Apaza Flores", Masculino)."""
    female, male = set(sample.FEMALE_NAMES), set(sample.MALE_NAMES)
    others = [r.counterparty for r in sample.dataset(400, seed=7) if r.counterparty]
    assert len(others) > 40
    for other in others:
        names = set(other["given_names"].split())
        assert names <= (female if other["sex"] == "F" else male), other
