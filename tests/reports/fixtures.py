"""Plain-data fixtures for the report renderers: a month of an office, built by hand.

``monthly_input(seed, n)`` makes a reproducible ``MonthlyInput`` without any store, so
the statistics and the PDF/CSV rendering are tested on their own.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from app.reports.statistics import MonthlyInput

MATTERS = ("alimentos", "violencia", "penal", "laboral", "filiacion", "tenencia", "victimas")
TONGUES = ("castellano", "quechua", "aimara", "shipibo-konibo", "ashaninka")
# each code's name as the report prints it: the screens' spelling, accents included
DISTRICTS = {
    "150101": "Lima (Lima)",
    "150113": "Jesús María (Lima)",
    "070107": "Mi Perú (Callao)",
    "080101": "Cusco (Cusco)",
    "210101": "Puno (Puno)",
    "040101": "Arequipa (Arequipa)",
}
MONTH = (date(2026, 3, 1), date(2026, 4, 1))


def _at(rng: random.Random, start: date, days: int) -> str:
    moment = datetime.combine(start, datetime.min.time()) + timedelta(
        days=rng.randrange(days), hours=rng.randrange(8, 18), minutes=rng.randrange(60)
    )
    return moment.isoformat(timespec="seconds")


def _birth(rng: random.Random) -> str:
    return f"{rng.randrange(1940, 2024)}-0{rng.randrange(1, 10)}-1{rng.randrange(10)}"


def monthly_input(
    seed: int = 1, n: int = 300, case_ratio: float = 0.5, in_month_ratio: float = 0.8
) -> MonthlyInput:
    rng = random.Random(seed)
    start, end = MONTH
    users = {
        f"u{i}": {"name": name, "display_name": display, "role": "defender"}
        for i, (name, display) in enumerate(
            [("ana", "Ana Quispe Mamani"), ("luis", "Luis Ñañez Huamán"), ("rosa", "Rosa Chávez")]
        )
    }
    users["u9"] = {"name": "admin", "display_name": "Administración", "role": "admin"}
    campaigns = {
        "c1": {"name": "Brigada Puno Norte", "locality": "Ilave", "starts_on": "2026-03-10",
               "ends_on": "2026-03-14"},
        "c2": {"name": "Brigada Cusco", "locality": "Ocongate", "starts_on": "2026-03-20",
               "ends_on": "2026-03-22"},
        "c3": {"name": "Brigada Ucayali", "locality": "Masisea", "starts_on": "2026-03-25",
               "ends_on": "2026-03-26"},
    }  # fmt: skip
    persons: dict[str, dict[str, Any]] = {}
    intakes: list[dict[str, Any]] = []
    cases: list[dict[str, Any]] = []
    hearings: list[dict[str, Any]] = []
    eligibility: list[dict[str, Any]] = []
    defenders = ["u0", "u1", "u2"]
    for i in range(n):
        pid = f"p{i}"
        persons[pid] = {
            "sex": rng.choice("FFFMX") if rng.random() > 0.03 else None,
            "birth_date": _birth(rng) if rng.random() > 0.05 else None,
            "mother_tongue": rng.choice(TONGUES),
            "interpreter_needed": rng.choice((0, 0, 1)),
            "ubigeo": rng.choice(list(DISTRICTS)),
        }
        in_month = rng.random() < in_month_ratio
        when = _at(
            rng, start if in_month else start - timedelta(days=rng.randrange(1, 12) * 30), 28
        )
        defender = rng.choice(defenders)
        intakes.append(
            {
                "id": f"i{i}",
                "person_id": pid,
                "status": "submitted" if rng.random() > 0.1 else "draft",
                "service_type": rng.choice(("consulta", "consulta", "patrocinio", "derivacion")),
                "matter": rng.choice(MATTERS),
                "defender_id": defender,
                "recorded_at": when,
                "campaign_id": rng.choice(("c1", "c2", None, None, None)),
                "answers": {"discapacidad": rng.random() < 0.1} if rng.random() > 0.2 else {},
            }
        )
        if rng.random() < case_ratio:
            opened = _at(rng, start - timedelta(days=rng.choice((0, 90))), 31)
            closed = None
            closure = None
            if rng.random() < 0.3:
                closed = _at(rng, start, 31)
                closure = {
                    "resultado": rng.choice(("favorable", "desfavorable", "sin_pronunciamiento")),
                    "monto_alimentos": rng.choice((None, 350, 500.5)),
                    "monto_reparacion_civil": rng.choice((None, None, 1000)),
                }
            cases.append(
                {
                    "id": f"k{i}",
                    "matter": rng.choice(MATTERS),
                    "status": "closed" if closed else "open",
                    "defender_id": defender,
                    "opened_at": opened,
                    "closed_at": closed,
                    "closure": closure,
                }
            )
            for _ in range(rng.randrange(3)):
                hearings.append(
                    {
                        "case_id": f"k{i}",
                        "category": rng.choice(("hearing", "hearing", "deadline")),
                        "status": rng.choice(("scheduled", "held", "failed", "rescheduled")),
                        "at": _at(rng, start, 31),
                        "defender_id": defender,
                    }
                )
        if rng.random() < 0.2:
            eligibility.append({"intake_id": f"i{i}", "started_at": when, "defender_id": defender})
    return MonthlyInput(
        office_name="ALEGRA Lima — Sede Cercado",
        month_start=start,
        month_end=end,
        reference_day=date(2026, 3, 31),
        users=users,
        persons=persons,
        campaigns=campaigns,
        intakes=intakes,
        cases=cases,
        hearings=hearings,
        eligibility=eligibility,
        district_names=DISTRICTS,
    )
