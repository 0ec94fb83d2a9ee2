"""``chasqui calendar add`` as an administrator's script runs it: the due date, the days
skipped with their reasons, JSON, and clean refusals of bad input (exit 2)."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import assert_one_clean_error, ok, run


def test_prints_the_due_date_and_every_day_skipped_with_why() -> None:
    out = ok(["calendar", "add", "23/12/2026", "6"])
    lines = out.splitlines()
    assert lines[0].startswith("due: 2027-01-04 (lunes): 6 working day(s) after 2026-12-23")
    assert "2026-12-25  Navidad del Señor (feriado nacional)" in out
    assert "2026-12-26  sábado" in out and "2027-01-01  Año Nuevo (feriado nacional)" in out
    assert lines[1] == "skipped (6):"


def test_json_with_a_district_holiday() -> None:
    cusco = json.loads(ok(["calendar", "add", "2026-06-23", "1", "--ubigeo", "080101", "--json"]))
    assert cusco["due"] == "2026-06-25"
    assert cusco["skipped"] == [
        {"date": "2026-06-24", "reason": "Día del Cusco (Inti Raymi) (feriado local)"}
    ]
    lima = json.loads(ok(["calendar", "add", "2026-06-23", "1", "--ubigeo", "150101", "--json"]))
    assert lima["due"] == "2026-06-24" and lima["skipped"] == []


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["2026-02-30", "1"], "DATE: '2026-02-30' is not a date"),
        (["mañana", "1"], "DATE"),
        (["2026-01-05", "-3"], "N: a term is 0 to"),
        (["2026-01-05", "2", "--ubigeo", "15"], "--ubigeo: '15' is not a 6-digit"),
    ],
)
def test_bad_input_is_refused_cleanly(args: list[str], needle: str) -> None:
    result = run(["calendar", "add", *args])
    assert_one_clean_error(result, 2, needle)
    assert result.out == ""
