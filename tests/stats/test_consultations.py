"""The one rule of which intakes count, on which day, as what (``stats.caseload``:
``attention``, ``consultation``), and both sides applying it: the desktop's derived
``intake_day`` rows and the server's consultations rows of the same intakes agree
(review 5 F5)."""

from __future__ import annotations

from datetime import date
from typing import Any

from stats.caseload import attention, consultation

VALUES = {"status": "submitted", "recorded_at": "2026-03-01T02:30:00+00:00",
          "service_type": None, "matter": "",
          "answers": '{"tipo_servicio": "consulta", "materia": "laboral"}'}  # fmt: skip
LIMA_DAY = date(2026, 2, 28)  # 02:30 UTC on 1 March is 21:30 on 28 February in Lima


def test_a_submitted_intake_on_its_office_day_with_the_fichas_answers() -> None:
    assert attention(VALUES) == (LIMA_DAY, "consulta", "laboral")  # empty: the ficha's
    assert consultation(VALUES) == (LIMA_DAY, "laboral")
    assert attention({**VALUES, "status": "draft"}) is None
    assert consultation({**VALUES, "service_type": "patrocinio"}) is None
    assert attention({**VALUES, "service_type": "patrocinio", "matter": "penal"}) == (
        LIMA_DAY, "patrocinio", "penal")  # fmt: skip
    assert attention({**VALUES, "recorded_at": "bad"}) == (None, "consulta", "laboral")
    assert attention({**VALUES, "answers": "{broken"}) == (LIMA_DAY, None, None)


def test_the_desktop_and_the_server_count_the_same_consultations(store: Any) -> None:
    from sync.server.consultations import row

    stamps = ("2026-03-01T02:30:00+00:00", "2026-03-01T10:00:00", "2026-02-28T23:59:00-05:00")
    made = {}
    for n, stamp in enumerate(stamps):
        values = {**VALUES, "recorded_at": stamp, "matter": None if n else "",
                  "service_type": "" if n == 1 else None}  # fmt: skip
        made[store.insert("intake", {"office_id": store.office_id, "form_id": "ficha_atencion",
                                     "form_version": 1, **values})] = values  # fmt: skip
    desktop = {
        r["intake_id"]: (date.fromordinal(r["day"]), r["matter"])
        for r in store.query("SELECT * FROM intake_day WHERE service_type = 'consulta'")
    }
    server = {}
    for intake_id, values in made.items():
        found = row(intake_id, store.office_id, values)
        assert found is not None
        server[intake_id] = (found["served_on"], found["matter"])
    assert desktop == server
    assert sorted(set(desktop.values())) == [(LIMA_DAY, "laboral"), (date(2026, 3, 1), "laboral")]
