"""Cases with dated milestones pushed to a test server through the real sync protocol
(one enrolled device per office), for the directorate's report and dashboard tests."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from tests.server.conftest import Device, Server, statuses


@dataclass(frozen=True)
class Spec:
    office: str  # LIMA or CUSCO (the test server's offices)
    matter: str
    intake: str  # ISO date: derived from the intake record's recorded_at
    filed: str | None = None  # recorded milestones
    decision: str | None = None
    held: str | None = None  # a hearing held (derived first_hearing)
    closed: str | None = None
    court: tuple[str, str] | None = None  # (court code, specialty) of the court file
    active: bool = True  # opened and still open (caseload)


def push_cases(server: Server, specs: list[Spec]) -> dict[str, Device]:
    devices: dict[str, Device] = {}
    for office in sorted({s.office for s in specs}):
        dev = devices[office] = server.enroll(office, f"pc {office}")
        changes: list[dict[str, Any]] = []
        for s in (s for s in specs if s.office == office):
            intake_id, case_id = uuid.uuid4().hex, uuid.uuid4().hex
            changes.append(
                dev.change(
                    "intake",
                    {"office_id": dev.office_id, "recorded_at": f"{s.intake}T09:00:00",
                     "matter": s.matter},
                    intake_id,
                )
            )  # fmt: skip
            case: dict[str, Any] = {
                "office_id": dev.office_id, "matter": s.matter, "intake_id": intake_id,
                "defender_id": dev.user_id, "opened_at": f"{s.intake}T10:00:00",
            }  # fmt: skip
            if s.closed:
                case["closed_at"] = f"{s.closed}T12:00:00"
            if s.court:
                case["court_file_parts"] = {"court": s.court[0], "specialty": s.court[1]}
            changes.append(dev.change("case", case, case_id))
            for kind, day in (("filed", s.filed), ("decision", s.decision)):
                if day:
                    changes.append(
                        dev.change(
                            "case_milestone",
                            {"office_id": dev.office_id, "case_id": case_id, "kind": kind,
                             "occurred_on": day, "recorded_by": dev.user_id},
                        )
                    )  # fmt: skip
            if s.held:
                changes.append(
                    dev.change(
                        "hearing",
                        {"case_id": case_id, "category": "hearing", "kind": "audiencia_unica",
                         "status": "held", "at": f"{s.held}T09:30:00"},
                    )
                )  # fmt: skip
        for start in range(0, len(changes), 200):
            chunk = changes[start : start + 200]
            assert statuses(server.sync(dev, chunk)) == ["accepted"] * len(chunk)
    return devices
