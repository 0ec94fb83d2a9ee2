"""``chasqui-server report timeliness`` across offices, on SQLite and PostgreSQL: cases
pushed through the real protocol by two offices' devices, the CSV read back and checked
against figures this test computes itself from the raw dates (no censoring before the
median, so each quantile is the plain ceil(n*p)-th smallest duration); offices' cells
under 5 cases suppressed; bad input exits 2 writing nothing; ``supervisor add`` takes
the password from the environment, never the command line, and stores only Argon2id."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from pathlib import Path

import pytest
from sqlalchemy import select

from forms.workdays import WorkingCalendar
from stats.timeliness import CSV_COLUMNS
from sync.server import schema
from sync.server.cli import main
from tests.server.conftest import Server
from tests.server.directorate import Spec, push_cases

D = dt.date
START, END = D(2026, 1, 1), D(2026, 6, 30)


def _days(a: str, b: str) -> int:
    return (D.fromisoformat(b) - D.fromisoformat(a)).days


LIMA_FILING = [3, 7, 10, 14, 20, 30]  # days from intake to filing (alimentos)
LIMA_DECISION = [100, 120, 150, 200, 260]  # days from filing to decision (violencia)


def specs() -> list[Spec]:
    out = []
    for i, wait in enumerate(LIMA_FILING):
        intake = D(2026, 1, 5) + dt.timedelta(days=i)
        out.append(Spec("LIMA", "alimentos", intake.isoformat(),
                        (intake + dt.timedelta(days=wait)).isoformat()))  # fmt: skip
    for i, wait in enumerate(LIMA_DECISION):
        intake = D(2025, 12, 1) + dt.timedelta(days=i)  # intake before the period
        filed = D(2026, 1, 2) + dt.timedelta(days=i)
        out.append(Spec("LIMA", "violencia", intake.isoformat(), filed.isoformat(),
                        (filed + dt.timedelta(days=wait)).isoformat(),
                        court=("1801", "FC"), closed=None))  # fmt: skip
    out += [
        Spec("CUSCO", "alimentos", "2026-02-02", "2026-02-06"),  # 4 days
        Spec("CUSCO", "alimentos", "2026-02-03", "2026-02-12"),  # 9 days
        Spec("CUSCO", "alimentos", "2026-01-10"),  # still waiting: censored at END
    ]
    return out


def _quantile(sorted_days: list[int], p: float) -> str:
    return str(sorted_days[math.ceil(len(sorted_days) * p) - 1])


def _rows(text: str) -> dict[tuple[str, str, str, str, str], dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == [*CSV_COLUMNS, "office"]
    return {
        (r["office"], r["group_kind"], r["group"], r["interval"], r["working_days"]): r
        for r in reader
    }


def test_cross_office_csv_matches_counts_made_from_the_raw_dates(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = Server(db_url)
    try:
        push_cases(server, specs())
    finally:
        server.close()
    out = tmp_path / "tiempos.csv"
    assert main(["report", "timeliness", "--db", db_url, "--from", "2026-01-01",
                 "--to", "30/06/2026", "--csv", str(out)]) == 0  # fmt: skip
    assert str(out) in capsys.readouterr().out
    rows = _rows(out.read_text(encoding="utf-8"))

    # National intake -> filing: LIMA's six alimentos + CUSCO's three (one censored, later
    # than every event); LIMA's violencia intakes fall before the period: not counted.
    cusco = [4, 9]
    national = [*sorted(LIMA_FILING + cusco), _days("2026-01-10", "2026-06-30")]
    total = rows[("NACIONAL", "total", "Todas", "intake_to_filing", "0")]
    assert (total["n"], total["events"]) == ("9", "8")
    assert total["median_days"] == _quantile(national, 0.5)
    assert total["q1_days"] == _quantile(national, 0.25)
    assert total["q3_days"] == _quantile(national, 0.75)
    # the same in working days, each pair counted by the calendar
    cal = WorkingCalendar()
    pairs = [(s.intake, s.filed) for s in specs() if s.matter == "alimentos" and s.filed]
    working = sorted(cal.working_days_between(D.fromisoformat(a), D.fromisoformat(b))
                     for a, b in pairs)  # fmt: skip
    w = rows[("NACIONAL", "total", "Todas", "intake_to_filing", "1")]
    assert w["median_days"] == _quantile([*working, 10000], 0.5)

    # filing -> decision: LIMA's 5 violencia (3 decided in the period) and 6 alimentos
    # (none decided), CUSCO's 2 alimentos. CUSCO's 2 (<5) would be the national alimentos
    # minus LIMA's, so LIMA's alimentos is hidden; then LIMA's violencia would be LIMA's
    # total minus its alimentos, so it is hidden too (within the office), and so on: only
    # the national total, which hides nobody, is shown.
    decision = {k[:3]: r["n"] for k, r in rows.items()
                if k[3] == "filing_to_decision" and k[4] == "0"}  # fmt: skip
    lima = rows[("LIMA", "matter", "Violencia familiar (Ley 30364)", "filing_to_decision", "0")]
    assert (lima["n"], lima["events"], lima["median_days"]) == ("reservado", "", "")
    assert (
        rows[("LIMA", "court", "Lima · Familia civil", "filing_to_decision", "0")]["n"]
        == "reservado"
    )
    national = rows[("NACIONAL", "total", "Todas", "filing_to_decision", "0")]
    assert (national["n"], national["events"]) == ("13", "3")
    assert [n for n in decision.values() if n.isdigit()] == ["13"]

    # Complementary suppression: CUSCO's 3 alimentos cases (<5) would be national 9 minus
    # LIMA's 6, so LIMA's cell is hidden too ("reservado"), in the national office view too
    hidden = rows[("LIMA", "matter", "Alimentos", "intake_to_filing", "0")]
    assert (hidden["n"], hidden["events"], hidden["median_days"]) == ("reservado", "", "")
    assert rows[("NACIONAL", "office", "LIMA", "intake_to_filing", "0")]["n"] == "reservado"
    assert rows[("NACIONAL", "matter", "Alimentos", "intake_to_filing", "0")]["n"] == "9"
    # no set of offices' cells adding up to a shown national cell has exactly one hidden
    sets: dict[tuple[str, ...], list[str]] = {}
    for (office, *key), row in rows.items():
        if office != "NACIONAL":
            sets.setdefault(tuple(key), []).append(row["n"])
    for key, counts in sets.items():
        national = rows.get(("NACIONAL", *key)) or {"n": "<5"}
        if national["n"].isdigit():
            assert sum(not n.isdigit() for n in counts) != 1, key

    # CUSCO's cells have 3 cases: suppressed in this cross-office view
    small = rows[("CUSCO", "total", "Todas", "intake_to_filing", "0")]
    assert (small["n"], small["events"], small["median_days"]) == ("<5", "", "")
    assert rows[("NACIONAL", "office", "CUSCO", "intake_to_filing", "0")]["n"] == "<5"
    assert not any(r["n"].isdigit() and int(r["n"]) < 5 for r in rows.values())


def test_csv_on_stdout_and_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    assert main(["report", "timeliness", "--db", url, "--from", "2026-01-01",
                 "--to", "2026-01-31"]) == 0  # fmt: skip
    assert capsys.readouterr().out.splitlines() == [",".join([*CSV_COLUMNS, "office"])]
    out = tmp_path / "x.csv"
    for dates, words in (
        (("2026-13-01", "2026-01-31"), "--from: '2026-13-01' is not a date"),
        (("2026-02-01", "2026-01-31"), "--to: the period ends before it starts"),
        (("0001-01-01", "2026-01-31"), "--from/--to: a period of at most 7320 days"),
        (("2026-01-01", "9999-12-31"), "--from/--to: a period of at most 7320 days"),
    ):
        code = main(["report", "timeliness", "--db", url, "--from", dates[0], "--to", dates[1],
                     "--csv", str(out)])  # fmt: skip
        err = capsys.readouterr().err
        assert code == 2 and words in err and "Traceback" not in err
        assert not out.exists()
    # the last day the calendar has is a day like any other (no 1 January 10000)
    assert main(["report", "timeliness", "--db", url, "--from", "9999-01-01",
                 "--to", "9999-12-31"]) == 0  # fmt: skip
    assert capsys.readouterr().out.splitlines() == [",".join([*CSV_COLUMNS, "office"])]


def test_supervisor_add_takes_the_password_from_the_environment_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    secret = "correcto caballo bateria grapa"
    monkeypatch.delenv("CHASQUI_SUPERVISOR_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no terminal to ask at
    assert main(["supervisor", "add", "dora.directora", "--db", url]) == 2
    assert "CHASQUI_SUPERVISOR_PASSWORD" in capsys.readouterr().err
    monkeypatch.setenv("CHASQUI_SUPERVISOR_PASSWORD", "corta")
    assert main(["supervisor", "add", "dora.directora", "--db", url]) == 2
    assert "at least 12" in capsys.readouterr().err
    monkeypatch.setenv("CHASQUI_SUPERVISOR_PASSWORD", secret)
    assert main(["supervisor", "add", "Dora Directora", "--db", url]) == 2
    assert main(["supervisor", "add", "dora.directora", "--db", url]) == 0
    assert main(["supervisor", "add", "dora.directora", "--db", url]) == 1
    err = capsys.readouterr().err
    assert "already exists" in err and secret not in err
    server = Server(url)
    try:
        with server.db.read() as conn:
            stored = conn.execute(select(schema.supervisors.c.password_hash)).scalars().all()
    finally:
        server.close()
    assert len(stored) == 1 and stored[0].startswith("$argon2id$") and secret not in stored[0]
    raw = Path(tmp_path / "server.sqlite3").read_bytes()
    assert secret.encode() not in raw
