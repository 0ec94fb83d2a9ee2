"""Referrals: recorded for a person or a case, listed, searched, counted in the statistics."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app import reports
from app.core import cases, intakes, people, referrals
from app.core import search as search_core
from app.core.errors import InvalidInput, NotFound
from app.store import Store
from tests.core.conftest import person_input

ANSWERS = {"service_type": "patrocinio", "matter": "violencia", "summary": "Agresión"}
DAY = date(2026, 3, 10)


def _case(store: Store, validator: Any) -> tuple[str, str]:
    pid = people.register_person(store, person_input())
    intake = intakes.add_intake(store, pid, ANSWERS, validator, form_id="ficha_prueba")
    return pid, cases.open_case(store, intake)


def test_refer_a_case_then_follow_up(store: Store, validator: Any) -> None:
    pid, case_id = _case(store, validator)
    rid = referrals.add_referral(
        store,
        {"case_id": case_id, "institution": "cem", "reason": "  riesgo severo  "},
        today=DAY,
    )
    record = referrals.get_referral(store, rid)
    assert record["person_id"] == pid  # taken from the case
    assert (record["referred_on"], record["status"], record["reason"]) == (
        "2026-03-10",
        "sent",
        "riesgo severo",
    )
    assert record["office_id"] == store.office_id and record["created_by"] == store.user_id
    assert referrals.update_referral(store, rid, {"status": "attended", "follow_up": "acogida"})
    by_case = referrals.list_referrals(store, case_id=case_id)
    by_person = referrals.list_referrals(store, person_id=pid)
    assert [r["id"] for r in by_case] == [r["id"] for r in by_person] == [rid]
    assert by_case[0]["status_label"] == "Atendida"
    assert by_case[0]["institution_label"] == "Centro Emergencia Mujer (CEM)"
    grouped = search_core.search(store, "acogida")
    assert [h["entity_id"] for h in grouped["referral"]] == [rid]
    assert grouped["referral"][0]["parent_id"] == case_id


def test_a_referral_is_in_its_case_file_and_history(store: Store, validator: Any) -> None:
    from app.core.queries.case_file import case_file

    _pid, case_id = _case(store, validator)
    data = {"case_id": case_id, "institution": "demuna", "reason": "x"}
    rid = referrals.add_referral(store, data)
    shown = case_file(store, case_id)
    assert [r["id"] for r in shown["referrals"]] == [rid]
    assert ("create", "referral") in {(e["action"], e["entity"]) for e in shown["events"]}


def test_every_problem_is_reported_in_spanish(store: Store, validator: Any) -> None:
    with pytest.raises(InvalidInput) as exc:
        referrals.add_referral(store, {"institution": "otro"})
    assert {p.field for p in exc.value.problems} == {"reason", "institution_name", "person_id"}
    pid, _case_id = _case(store, validator)
    bad = {
        "person_id": pid,
        "institution": "hospital",
        "reason": "x" * 3000,
        "referred_on": "10/03/2026",
    }
    with pytest.raises(InvalidInput) as exc:
        referrals.add_referral(store, bad)
    messages = {p.field: p.message for p in exc.value.problems}
    assert set(messages) == {"institution", "reason", "referred_on"}
    assert "cem" in messages["institution"] and "2000" in messages["reason"]
    with pytest.raises(InvalidInput):
        referrals.add_referral(store, {"person_id": pid, "institution": "cem", "colour": "red"})
    with pytest.raises(NotFound):
        referrals.add_referral(store, {"person_id": "nobody", "institution": "cem", "reason": "r"})
    rid = referrals.add_referral(store, {"person_id": pid, "institution": "cem", "reason": "r"})
    with pytest.raises(InvalidInput):
        referrals.update_referral(store, rid, {"status": "lost"})
    with pytest.raises(NotFound):
        referrals.update_referral(store, "nobody", {"status": "closed"})
    assert store.query("SELECT count(*) AS n FROM referral")[0]["n"] == 1


def test_monthly_statistics_count_referrals_by_institution(store: Store, validator: Any) -> None:
    pid, case_id = _case(store, validator)
    made = [("cem", "attended"), ("cem", "sent"), ("demuna", "closed"), ("fiscalia", "sent")]
    for institution, status in made:
        rid = referrals.add_referral(
            store, {"person_id": pid, "institution": institution, "reason": "r"}, today=DAY
        )
        referrals.update_referral(store, rid, {"status": status})
    referrals.add_referral(  # another month: not counted
        store, {"case_id": case_id, "institution": "cem", "reason": "r"}, today=date(2026, 4, 1)
    )
    stats = reports.monthly_statistics(store, "2026-03", today=date(2026, 4, 2))
    section = stats.section("derivaciones")
    assert section.value("Centro Emergencia Mujer (CEM)", "Derivaciones") == 2
    assert section.value("Centro Emergencia Mujer (CEM)", "Atendidas") == 1
    assert section.value("DEMUNA", "Atendidas") == 1
    assert section.value("Policía Nacional") == 0
    assert section.value("Total", "Derivaciones") == 4
    csv = reports.stats_to_csv(stats)
    assert "Derivaciones por institución,Fiscalía,Derivaciones,1" in csv


def test_an_attention_served_as_a_referral_is_a_referral_everywhere(
    store: Store, validator: Any
) -> None:
    """Finding 14b: the monthly report counted 2 "Derivaciones" among the attentions and 0
    by institution. One definition now: an intake whose service is "derivación" is a
    referral to the institution its ficha names (unless a referral record of that person
    that day stands for it), in the monthly statistics, its CSV and the "Tiempos" page."""
    from app.core.queries.caseload import referrals_by_institution

    pid, _case_id = _case(store, validator)
    other = people.register_person(
        store, person_input(given_names="Julia", doc_type="SIN_DOCUMENTO", doc_number=None,
                            doc_reason="No lo trajo")
    )  # fmt: skip
    served = [  # (person, recorded at, the ficha's "Entidad a la que se deriva")
        (pid, "2026-03-02T15:00:00+00:00", "Centro Emergencia Mujer"),
        (other, "2026-03-09T10:00:00-05:00", "DEMUNA de Comas"),
        (other, "2026-03-10T16:00:00+00:00", "Comisaría PNP"),  # also a record that day
        (other, "2026-04-01T02:00:00+00:00", "Fiscalía"),  # 31/03 21:00 in Lima: March
        (pid, "2026-04-01T06:00:00+00:00", "Fiscalía"),  # 01/04 in Lima: not March
    ]
    for person, at, named in served:
        store.insert("intake", {
            "office_id": store.office_id, "person_id": person, "form_id": "ficha_atencion",
            "form_version": 2, "status": "submitted", "service_type": "derivacion",
            "matter": "violencia", "recorded_at": at, "defender_id": store.user_id,
            "answers": {"tipo_servicio": "derivacion", "entidad_derivacion": named},
        })  # fmt: skip
    referrals.add_referral(  # the defender also recorded the police referral: counted once
        store, {"person_id": other, "institution": "policia", "reason": "r"}, today=DAY
    )
    # another office's referral and attention served as one, in the same vault: not ours
    elsewhere = store.insert("office", {"code": "OTR01", "name": "Otra oficina",
                                        "kind": "office"})  # fmt: skip
    store.insert("intake", {
        "office_id": elsewhere, "person_id": pid, "form_id": "ficha_atencion",
        "form_version": 2, "status": "submitted", "service_type": "derivacion",
        "matter": "violencia", "recorded_at": "2026-03-12T15:00:00+00:00",
        "answers": {"tipo_servicio": "derivacion", "entidad_derivacion": "DEMUNA"},
    })  # fmt: skip
    store.insert("referral", {"office_id": elsewhere, "person_id": pid, "institution": "salud",
                              "reason": "r", "referred_on": "2026-03-12", "status": "sent"})
    stats = reports.monthly_statistics(store, "2026-03", today=date(2026, 4, 2))
    attentions = stats.section("atenciones").value("Total", "Derivaciones")
    by_institution = stats.section("derivaciones")
    assert attentions == 4  # counted here from the list above: March in Lima time
    assert by_institution.value("Total", "Derivaciones") == 4 >= attentions
    expected = {"Centro Emergencia Mujer (CEM)": 1, "DEMUNA": 1, "Policía Nacional": 1,
                "Fiscalía": 1, "Centro de salud": 0}  # fmt: skip
    for label, count in expected.items():
        assert by_institution.value(label, "Derivaciones") == count, label
    assert "Derivaciones por institución,DEMUNA,Derivaciones,1" in reports.stats_to_csv(stats)
    page = {c.label: c.made for c in
            referrals_by_institution(store, date(2026, 3, 1), date(2026, 3, 31))}  # fmt: skip
    assert {k: page[k] for k in expected} == expected
