"""``chasqui report caseload`` as a script uses it: CSV ``figure,group,month,value`` on
stdout (or into ``--csv``), checked against counts made here from the raw fixture rows;
bad input exits 2 with one clean message and writes nothing."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

from tests.cli.conftest import assert_one_clean_error, ok, run
from tests.conftest import make_vault
from tests.reports.fixtures import monthly_input
from tests.reports.seed import seed_store


def test_caseload_csv_matches_the_records(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    store = make_vault(vault, "LIM01", "ALEGRA Lima")
    inp = monthly_input(seed=5, n=50, case_ratio=0.6, in_month_ratio=0.5)
    try:
        seed_store(store, inp)
    finally:
        store.lock()
    out = ok(["report", "caseload", "--from", "2026-02-01", "--to", "2026-03-31",
              "--ceiling", "7"], vault)  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["figure", "group", "month", "value"]
    assert rows[0] == {"figure": "ceiling", "group": "", "month": "", "value": "7"}
    names = {uid: str(u["display_name"]) for uid, u in inp.users.items()}
    active: Counter[str] = Counter()
    consultations: Counter[str] = Counter()
    for case in inp.cases:
        if case["opened_at"][:10] < "2026-04-01" and (
            case["closed_at"] is None or case["closed_at"][:10] >= "2026-04-01"
        ):
            active[names[case["defender_id"]]] += 1
    for intake in inp.intakes:
        if (intake["status"] == "submitted" and intake["service_type"] == "consulta"
                and intake["recorded_at"][:7] == "2026-03"):  # fmt: skip
            consultations[names[intake["defender_id"]]] += 1
    got = {(r["figure"], r["group"], r["month"]): int(r["value"]) for r in rows[1:]}
    for uid in ("u0", "u1", "u2"):
        assert got[("active_cases", names[uid], "2026-03")] == active[names[uid]]
        assert got[("consultations", names[uid], "2026-03")] == consultations[names[uid]]
    assert {r["figure"] for r in rows} == {
        "ceiling", "active_cases", "consultations", "sponsorships", "consultations_by_matter",
        "referrals", "referrals_attended",
    }  # fmt: skip

    target = tmp_path / "carga.csv"
    printed = ok(["report", "caseload", "--from", "2026-02-01", "--to", "2026-03-31",
                  "--csv", str(target)], vault)  # fmt: skip
    assert "Cifras en CSV" in printed and target.read_text(encoding="utf-8").startswith("figure,")


def test_bad_input_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    make_vault(vault, "LIM01", "ALEGRA Lima").lock()
    target = tmp_path / "carga.csv"
    for args, needle in (
        (["--from", "2026-03-31", "--to", "2026-02-01"], "--to"),
        (["--from", "2026-02-01", "--to", "2026-03-31", "--ceiling", "0"], "--ceiling"),
        (["--from", "1990-01-01", "--to", "2026-03-31"], "--from/--to"),
        (["--from", "31/02/2026", "--to", "2026-03-31"], "--from"),
    ):
        result = run(["report", "caseload", *args, "--csv", str(target)], vault)
        assert_one_clean_error(result, 2, needle)
        assert not target.exists()
