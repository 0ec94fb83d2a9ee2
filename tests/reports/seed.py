"""Writes a plain ``MonthlyInput`` fixture into a real vault through ``store.transaction``.

Used by the store-backed report tests and by ``bench/reports.py``. Half of the
timestamps are stored in UTC with an offset (as the core stores them) and half as naive
Lima time, so the reports' time-zone handling is exercised on every run. Returns the
map from fixture ids to store ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from app.reports.statistics import MonthlyInput

LIMA = timezone(timedelta(hours=-5))


def as_stored(naive_lima: Any, utc: bool) -> Any:
    """A naive Lima ISO timestamp, or the same instant in UTC with an offset."""
    if not naive_lima or not utc or len(str(naive_lima)) <= 10:
        return naive_lima
    moment = datetime.fromisoformat(str(naive_lima)).replace(tzinfo=LIMA)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def seed_store(store: Any, inp: MonthlyInput, batch: int = 2000) -> dict[str, str]:
    ids: dict[str, str] = {}
    office = store.office_id
    counter = 0

    def plan() -> list[tuple[str, str | None, dict[str, Any]]]:
        out: list[tuple[str, str | None, dict[str, Any]]] = []
        for uid, u in inp.users.items():
            out.append(("user", uid, {"office_id": office, **dict(u)}))
        for cid, c in inp.campaigns.items():
            out.append(("campaign", cid, {"office_id": office, **dict(c)}))
        for pid, p in inp.persons.items():
            out.append(
                (
                    "person",
                    pid,
                    {
                        "office_id": office,
                        "given_names": "Rosa Ñusta",
                        "paternal_surname": "Quispe",
                        "maternal_surname": f"Mamani {pid}",
                        "doc_type": "DNI",
                        **dict(p),
                    },
                )
            )
        for n, i in enumerate(inp.intakes):
            out.append(("intake", i["id"], {**_intake(i), "_utc": n % 2 == 0}))
        for n, c in enumerate(inp.cases):
            out.append(("case", c["id"], {**dict(c), "_utc": n % 2 == 1}))
        for n, h in enumerate(inp.hearings):
            out.append(("hearing", None, {**dict(h), "_utc": n % 2 == 0}))
        for e in inp.eligibility:
            out.append(("eligibility", None, dict(e)))
        return out

    def _intake(i: Mapping[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in i.items()}

    def fields(entity: str, raw: dict[str, Any]) -> dict[str, Any]:
        utc = bool(raw.pop("_utc", False))
        raw.pop("id", None)
        if entity == "intake":
            return {
                "office_id": office,
                "person_id": ids[raw["person_id"]],
                "form_id": "ficha_atencion",
                "form_version": 1,
                "answers": raw.get("answers") or {},
                "status": raw["status"],
                "service_type": raw["service_type"],
                "matter": raw["matter"],
                "defender_id": ids[raw["defender_id"]],
                "recorded_at": as_stored(raw["recorded_at"], utc),
                "campaign_id": ids.get(raw.get("campaign_id") or ""),
            }
        if entity == "case":
            return {
                "office_id": office,
                "internal_number": f"LIM01-2026-01{len(ids):04d}",
                "matter": raw["matter"],
                "status": raw["status"],
                "defender_id": ids[raw["defender_id"]],
                "opened_at": as_stored(raw["opened_at"], utc),
                "closed_at": as_stored(raw.get("closed_at"), utc),
                "closure": raw.get("closure"),
            }
        if entity == "hearing":
            return {
                "case_id": ids[raw["case_id"]],
                "category": raw["category"],
                "kind": "audiencia_unica",
                "status": raw["status"],
                "at": as_stored(raw["at"], utc),
                "place": "Juzgado de Paz Letrado de Puno",
            }
        if entity == "eligibility":
            return {
                "office_id": office,
                "intake_id": ids[raw["intake_id"]],
                "result": "pendiente",
                "form_id": "evaluacion_socioeconomica",
                "form_version": 1,
            }
        return raw

    steps = plan()
    while counter < len(steps):
        with store.transaction() as tx:
            for entity, key, raw in steps[counter : counter + batch]:
                new_id = tx.insert(entity, fields(entity, dict(raw)))
                if key is not None:
                    ids[key] = new_id
        counter += batch
    return ids
