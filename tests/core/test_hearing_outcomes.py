"""Hearing outcomes in the core and the CLI (fresh5 #20): a hearing still to come cannot
be marked held (the milestone rule: it would give a future "Primera audiencia realizada"),
a deadline may be met early; an outcome marked by mistake is taken back with a reason
(``hearings.correct_outcome``, ``chasqui hearing correct``); moving a hearing to a day
off or an odd hour says so (``aviso:``), as the desktop asks."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from app import office_time
from app.core import hearings
from app.core.errors import InvalidInput
from forms.clock import ENV_TIMEZONE
from tests.cli.conftest import assert_one_clean_error, run, run_json
from tests.conftest import PASS
from tests.ui.e2e import arrange_case


def midday_office(monkeypatch: pytest.MonkeyPatch) -> None:
    """Put the office where it is now between 11:00 and 13:00 (a fixed-offset zone), so
    "two hours ago" and "in two hours" are both today, whatever the hour of the run."""
    offset = 12 - datetime.now(UTC).hour  # -11..+12, each a zone of the IANA database
    monkeypatch.setenv(ENV_TIMEZONE, f"Etc/GMT{-offset:+d}")  # Etc/ names flip the sign
    assert 11 <= office_time.now().hour <= 13


def test_the_core_refuses_a_future_hearing_held_but_not_a_deadline_met_early(store: Any) -> None:
    case_id = arrange_case(store)
    today = office_time.today()
    tomorrow = (today + timedelta(days=1)).isoformat()
    hearing = hearings.schedule_hearing(store, case_id, f"{tomorrow}T09:00", "Audiencia única")
    with pytest.raises(InvalidInput) as refused:
        hearings.mark_hearing(store, hearing, "held")
    assert "aún no ocurre" in refused.value.problems[0].message
    assert store.get("hearing", hearing)["status"] == "scheduled"  # nothing written
    that_day = datetime.combine(today + timedelta(days=1), time(9, 0))
    hearings.mark_hearing(store, hearing, "held", now=that_day)  # from its hour on
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


def test_a_hearing_later_today_is_not_held_yet(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rule is by the moment (office time), not the day: at noon, the 14:00 hearing
    of today has not happened; this morning's has. A moment given as a day compares
    days (a milestone's rule)."""
    midday_office(monkeypatch)
    now = office_time.now()
    case_id = arrange_case(store)
    later = hearings.schedule_hearing(
        store, case_id, (now + timedelta(hours=2)).isoformat(), "Audiencia única"
    )
    earlier = hearings.schedule_hearing(
        store, case_id, (now - timedelta(hours=2)).isoformat(), "Conciliación"
    )
    with pytest.raises(InvalidInput) as refused:
        hearings.mark_hearing(store, later, "held")
    message = refused.value.problems[0].message
    assert message.startswith(f"la audiencia del {now + timedelta(hours=2):%d/%m/%Y %H:%M} ")
    assert "aún no ocurre" in message and "antes de su fecha y hora" in message
    hearings.mark_hearing(store, earlier, "held")
    assert office_time.is_future((now + timedelta(minutes=1)).isoformat())
    assert not office_time.is_future((now - timedelta(minutes=1)).isoformat())
    assert not office_time.is_future(now.date().isoformat())  # a day: today is not future
    assert office_time.is_future(f"{now.date()}T23:59", now.date() - timedelta(days=1))
    aware = (datetime.now(UTC) + timedelta(minutes=5)).isoformat()  # an offset converted
    assert office_time.is_future(aware)


def test_the_command_line_refuses_a_future_hearing_held_and_corrects_a_mistake(
    store: Any, vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    midday_office(monkeypatch)
    case_id = arrange_case(store)
    later = hearings.schedule_hearing(
        store, case_id, (office_time.now() + timedelta(hours=2)).isoformat(), "Audiencia única"
    )
    coming = (office_time.today() + timedelta(days=10)).isoformat()
    future = hearings.schedule_hearing(store, case_id, f"{coming}T09:30", "Audiencia única")
    past = hearings.schedule_hearing(store, case_id, "2026-03-02T09:00", "Conciliación")
    store.lock()
    env = {"CHASQUI_PASSPHRASE": PASS}
    zone = {"CHASQUI_TIMEZONE": os.environ[ENV_TIMEZONE]}
    # later today (the harder case: a day still to come is refused by the same rule)
    refused = run(["hearing", "mark", later, "--status", "held"], vault_dir, **env, **zone)
    assert_one_clean_error(refused, 2, "aún no ocurre", "antes de su fecha y hora")
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
