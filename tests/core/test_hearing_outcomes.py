"""Hearing outcomes in the core and the CLI (fresh5 #20): a hearing still to come cannot
be marked held (the milestone rule: it would give a future "Primera audiencia realizada"),
a deadline may be met early; an outcome marked by mistake is taken back with a reason
(``hearings.correct_outcome``, ``chasqui hearing correct``); moving a hearing to a day
off or an odd hour says so (``aviso:``), as the desktop asks."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from app import office_time
from app.core import hearings
from app.core.errors import InvalidInput
from tests.cli.conftest import assert_one_clean_error, run, run_json
from tests.conftest import PASS
from tests.ui.e2e import arrange_case


def test_the_core_refuses_a_future_hearing_held_but_not_a_deadline_met_early(store: Any) -> None:
    case_id = arrange_case(store)
    today = office_time.today()
    tomorrow = (today + timedelta(days=1)).isoformat()
    hearing = hearings.schedule_hearing(store, case_id, f"{tomorrow}T09:00", "Audiencia única")
    with pytest.raises(InvalidInput) as refused:
        hearings.mark_hearing(store, hearing, "held")
    assert "aún no ocurre" in refused.value.problems[0].message
    assert store.get("hearing", hearing)["status"] == "scheduled"  # nothing written
    hearings.mark_hearing(store, hearing, "held", today=today + timedelta(days=1))  # that day
    term = hearings.schedule_hearing(
        store, case_id, f"{tomorrow}T23:59", "Apelar", None, "deadline"
    )
    hearings.mark_hearing(store, term, "held")  # a term may be met before it is due
    with pytest.raises(InvalidInput):  # a reason is required
        hearings.correct_outcome(store, term, "  ")
    hearings.correct_outcome(store, term, "No se presentó aún")
    assert store.get("hearing", term)["status"] == "scheduled"
    with pytest.raises(InvalidInput):  # only held or failed is taken back
        hearings.correct_outcome(store, term, "otra vez")


def test_the_command_line_refuses_a_future_hearing_held_and_corrects_a_mistake(
    store: Any, vault_dir: Path
) -> None:
    case_id = arrange_case(store)
    coming = (office_time.today() + timedelta(days=10)).isoformat()
    future = hearings.schedule_hearing(store, case_id, f"{coming}T09:30", "Audiencia única")
    past = hearings.schedule_hearing(store, case_id, "2026-03-02T09:00", "Conciliación")
    store.lock()
    env = {"CHASQUI_PASSPHRASE": PASS}
    refused = run(["hearing", "mark", future, "--status", "held"], vault_dir, **env)
    assert_one_clean_error(refused, 2, "aún no ocurre", "no puede marcarse realizada")
    done = run(["hearing", "mark", past, "--status", "held"], vault_dir, **env)
    assert done.code == 0, done.err
    no_reason = run(["hearing", "correct", past], vault_dir, **env)
    assert no_reason.code == 2 and "--reason" in no_reason.err
    fixed = run(["hearing", "correct", past, "--reason", "Marcada por error"], vault_dir, **env)
    assert fixed.code == 0 and fixed.err == "", fixed.err
    again = run(["hearing", "correct", past, "--reason", "otra vez"], vault_dir, **env)
    assert_one_clean_error(again, 2, "solo se corrige")
    sunday = date(2030, 12, 15)  # a Sunday, at an odd hour: saved, said
    moved = run(["hearing", "reschedule", future, "--at", f"{sunday}T04:31", "--reason",
                 "Lo fijó el juzgado"], vault_dir, **env)  # fmt: skip
    assert moved.code == 0, moved.err
    assert "aviso: 04:31 es una hora inusual para una audiencia" in moved.err
    assert "no es día hábil (domingo)" in moved.err
    shown = run_json(["case", "show", case_id, "--json"], vault_dir, **env)
    by_id = {h["id"]: (h["status"], h["result"]) for h in shown["hearings"]}
    assert by_id[past] == ("scheduled", "Estado corregido: Marcada por error")
    assert by_id[future] == ("rescheduled", "Lo fijó el juzgado")
