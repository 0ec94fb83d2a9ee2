"""One closing day per case: the closing form's ``fecha_cierre`` when it gives one, else
the office-time day of ``closed_at`` (stored in UTC) — the "closure" milestone (Tiempos),
the monthly "Concluidos", ``closed_between`` and the caseload all read the same day
(``stats.milestones.closure_day`` through ``case_timeline``; ``caseload.closed_on``).

Before, the milestone took the UTC date of ``closed_at`` and the monthly count the Lima
day, and neither read ``fecha_cierre``: a case closed at 23:30 in Lima on 31 March was
"closed" on 1 April for Tiempos and on 31 March for the monthly report."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from app.core import cases, intakes, milestones, people
from app.core.queries import caseload
from app.core.queries.case_facts import case_facts
from app.reports.api import monthly_statistics
from app.store import Store
from tests.core.conftest import person_input

ANSWERS = {"service_type": "patrocinio", "matter": "alimentos", "summary": "Pensión"}
OPENED = datetime(2026, 1, 5, 15, 0, tzinfo=UTC)
CLOSURE = {"materia": "alimentos", "motivo_cierre": "conciliacion", "resultado": "favorable",
           "monto_alimentos": 450}  # fmt: skip


def _case(store: Store, validator: Any, doc: str) -> str:
    pid = people.register_person(store, person_input(doc_number=doc))
    intake_id = intakes.add_intake(store, pid, ANSWERS, validator, form_id="ficha_prueba")
    return cases.open_case(store, intake_id, now=OPENED)


def _closure(store: Store, case_id: str) -> str:
    return next(m["occurred_on"] for m in milestones.case_milestones(store, case_id)
                if m["kind"] == "closure")  # fmt: skip


def _concluded(store: Store, month: str) -> int:
    stats = monthly_statistics(store, month, today=date(2026, 6, 1))
    return int(next(r for r in stats.section("casos").rows if r.label == "Total").values[2])


def test_every_figure_closes_a_case_on_the_same_day(store: Store, validator: Any) -> None:
    # saved at 23:30 in Lima on 31 March (04:30 UTC on 1 April), the form says 31 March
    late = _case(store, validator, "10117410")
    cases.close_case(store, late, {**CLOSURE, "fecha_cierre": "2026-03-31"},
                     now=datetime(2026, 4, 1, 4, 30, tzinfo=UTC))  # fmt: skip
    # closed on paper on 27 February, saved on 2 March
    paper = _case(store, validator, "20117410")
    cases.close_case(store, paper, {**CLOSURE, "fecha_cierre": "2026-02-27"},
                     now=datetime(2026, 3, 2, 15, 0, tzinfo=UTC))  # fmt: skip
    # closed by an older client that sent no closing form: the Lima day of closed_at
    synced = _case(store, validator, "30117410")
    store.update("case", synced, {"status": "closed", "closed_at": "2026-04-01T03:59:00+00:00"})

    assert (_closure(store, late), _closure(store, paper), _closure(store, synced)) == (
        "2026-03-31", "2026-02-27", "2026-03-31")  # fmt: skip
    # the case view and its PDF ("Cierre") say the same day (review 5 F1)
    shown = [case_facts(store, store.get("case", c))["closed_on"] for c in (late, paper, synced)]
    assert shown == ["2026-03-31", "2026-02-27", "2026-03-31"]
    assert caseload.closed_between(store, date(2026, 2, 1), date(2026, 2, 28)) == 1
    assert caseload.closed_between(store, date(2026, 3, 1), date(2026, 3, 31)) == 2
    assert caseload.closed_between(store, date(2026, 4, 1), date(2026, 4, 30)) == 0
    assert (_concluded(store, "2026-02"), _concluded(store, "2026-03")) == (1, 2)
    assert _concluded(store, "2026-04") == 0
    load = caseload.caseload(store, date(2026, 1, 1), date(2026, 3, 31), today=date(2026, 6, 1))
    active = [sum(s.values[i] for s in load.defenders) for i in range(3)]
    assert active == [3, 2, 0]  # end of January, of February (one closed), of March


def test_a_recorded_closure_corrects_the_day_everywhere(store: Store, validator: Any) -> None:
    case = _case(store, validator, "40117410")
    cases.close_case(store, case, {**CLOSURE, "fecha_cierre": "2026-03-10"},
                     now=datetime(2026, 3, 10, 15, 0, tzinfo=UTC))  # fmt: skip
    milestones.record_milestone(store, case, "closure", "2026-02-20", today=date(2026, 6, 1))
    assert _closure(store, case) == "2026-02-20"
    assert caseload.closed_between(store, date(2026, 2, 1), date(2026, 2, 28)) == 1
    assert caseload.closed_between(store, date(2026, 3, 1), date(2026, 3, 31)) == 0
    assert (_concluded(store, "2026-02"), _concluded(store, "2026-03")) == (1, 0)


def test_a_reopened_case_has_no_closing_day_even_with_a_recorded_one(
    store: Store, validator: Any
) -> None:
    """Review 5 F2: close, correct the closing day, reopen — the case is open again, so
    it is not "Concluido" in March and is active at the ends of March and April; the
    same for an open case someone recorded a closure on."""
    case = _case(store, validator, "50117410")
    cases.close_case(store, case, {**CLOSURE, "fecha_cierre": "2026-03-10"},
                     now=datetime(2026, 3, 10, 15, 0, tzinfo=UTC))  # fmt: skip
    milestones.record_milestone(store, case, "closure", "2026-03-09", today=date(2026, 6, 1))
    cases.reopen_case(store, case, "Apelaron la sentencia")
    never = _case(store, validator, "60117410")
    milestones.record_milestone(store, never, "closure", "2026-03-20", today=date(2026, 6, 1))
    for open_case in (case, never):
        assert "closure" not in {m["kind"] for m in milestones.case_milestones(store, open_case)}
    assert caseload.closed_between(store, date(2026, 3, 1), date(2026, 3, 31)) == 0
    assert _concluded(store, "2026-03") == 0
    load = caseload.caseload(store, date(2026, 3, 1), date(2026, 4, 30), today=date(2026, 6, 1))
    assert [sum(s.values[i] for s in load.defenders) for i in range(2)] == [2, 2]
