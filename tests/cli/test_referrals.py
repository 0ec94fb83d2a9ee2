"""``chasqui referral add|update|list`` on a real vault, as a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import PERSON, assert_one_clean_error, ok, run, run_json


def test_referral_add_update_list(vault: Path) -> None:
    person_id = ok(["person", "add", "--json", "-"], vault, stdin=json.dumps(PERSON)).strip()
    referral_id = ok(
        [
            "referral", "add", "--person", person_id, "--institution", "demuna",
            "--reason", "tenencia de menores", "--date", "2026-03-10",
        ],
        vault,
    ).strip()  # fmt: skip
    ok(["referral", "update", referral_id, "--status", "attended", "--follow-up", "cita"], vault)
    listed = run_json(["referral", "list", "--person", person_id, "--json"], vault)
    assert [(r["id"], r["institution"], r["status"], r["follow_up"]) for r in listed] == [
        (referral_id, "demuna", "attended", "cita")
    ]
    assert referral_id in ok(["referral", "list"], vault)
    shown = run_json(["person", "show", person_id, "--json"], vault)
    assert [r["id"] for r in shown["referrals"]] == [referral_id]
    assert_one_clean_error(
        run(
            [
                "referral",
                "add",
                "--person",
                person_id,
                "--institution",
                "cem",
                "--reason",
                "r",
                "--date",
                "10/03/2026",
            ],
            vault,
        ),
        2,
        "referred_on",
    )
    refused = run(["referral", "add", "--institution", "hospital", "--reason", "r"], vault)
    assert refused.code == 2 and "invalid choice" in refused.err
    assert_one_clean_error(
        run(["referral", "update", "nobody", "--status", "closed"], vault), 2, "nobody"
    )
