"""Messages joined into one sentence read cleanly (fresh 9 #3: step 1 of a new intake
said "…su carácter de verificación).; Fecha de nacimiento: …"): ``join_sentences`` and
the UI's "Revise los datos: …" built on it, over every combination of endings."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from app.core.errors import FieldProblem, InvalidInput
from app.core.text import join_sentences

WORDS = st.text(alphabet="abcdeñó ()0123456789", min_size=0, max_size=20)
ENDINGS = st.sampled_from(["", ".", ". ", " .", ";", ").", ".;", "..", "?", "…", ",", ":"])
MESSAGES = st.lists(st.builds(lambda w, e: w + e, WORDS, ENDINGS), max_size=5)
BAD = re.compile(r"[.;,:]\s*[.;]|\s[.;]|;\s*$|\.\.")


@given(MESSAGES)
def test_joined_messages_have_clean_punctuation(parts: list[str]) -> None:
    joined = join_sentences(parts)
    if not joined:
        assert all(not p.strip(" .;,:") for p in parts)
        return
    assert not BAD.search(joined), joined
    assert joined.endswith((".", "?", "…")), joined
    assert joined == joined.strip()
    for part in parts:  # every message is said, only its closing punctuation goes
        assert part.strip().rstrip(" .;,:") in joined


@given(MESSAGES.filter(lambda ps: any(p.strip(" .;,:") for p in ps)))
def test_the_screens_summary_of_a_records_problems_reads_cleanly(parts: list[str]) -> None:
    from app.ui.errors import user_message

    kept = [p for p in parts if p.strip(" .;,:")]
    exc = InvalidInput([FieldProblem(f"f{i}", m, label=f"Campo {i}") for i, m in enumerate(kept)])
    said = user_message(exc)
    assert said.startswith("Revise los datos: Campo 0: ")
    assert not BAD.search(said), said


def test_the_dni_and_date_messages_of_step_one() -> None:
    said = join_sentences(
        [
            "Número de documento: El DNI debe tener 8 dígitos (más, opcionalmente, su "
            "carácter de verificación).",
            "Fecha de nacimiento: La fecha es posterior a hoy.",
        ]
    )
    assert said == (
        "Número de documento: El DNI debe tener 8 dígitos (más, opcionalmente, su carácter "
        "de verificación); Fecha de nacimiento: La fecha es posterior a hoy."
    )
