"""The server applies the ficha's own rules (``forms``): a "Materia" outside its "Área"
is quarantined with the engine's message, and an intake stored before that rule existed
stays readable for every device (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from forms import catalogs
from tests.forms import samples
from tests.server.conftest import Device, Server, statuses


def _intake(dev: Device, answers: dict[str, Any], version: int = 3) -> dict[str, Any]:
    fields = {"form_id": "ficha_atencion", "form_version": version, "status": "submitted"}
    return dev.change("intake", {**fields, "answers": json.dumps(answers)})


def test_an_intake_of_a_version_before_the_rule_is_accepted(server: Server) -> None:
    """A v2 intake registered offline before the rule existed waits in the laptop's
    outbox: its first push must not strand it there (review 6 F6)."""
    dev, other = server.enroll(), server.enroll(name="otra")
    misfit = {**samples.intake(random.Random(11), "penal"), "area": "asistencia_legal"}
    waiting = _intake(dev, misfit, version=2)
    assert statuses(server.sync(dev, [waiting])) == ["accepted"]
    pulled = {c["entity_id"]: c for c in server.sync(other, [])["pull"]["changes"]}
    assert json.loads(pulled[waiting["entity_id"]]["fields"]["answers"]) == misfit


def test_a_matter_outside_its_area_is_quarantined_an_old_one_stays_readable(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    dev, other = server.enroll(), server.enroll(name="otra")
    fitting = samples.intake(random.Random(11), "penal")  # "Defensa penal"
    misfit = {**fitting, "area": "asistencia_legal"}
    with monkeypatch.context() as before_the_rule:
        before_the_rule.setattr(catalogs, "NARROWED_BY", {})
        old = _intake(dev, misfit)
        assert statuses(server.sync(dev, [old])) == ["accepted"]

    new, good = _intake(dev, misfit), _intake(dev, fitting)
    result = server.sync(dev, [new, good])
    assert statuses(result) == ["rejected", "accepted"]
    refused = result["push"]["results"][0]
    assert refused["code"] == "invalid_answers"
    assert refused["reason"] == (
        "materia/choice_narrowed: La materia «Penal (defensa)» no corresponde al área "
        "«Asistencia legal»."
    )
    assert server.admin.record("intake", new["entity_id"]) is None

    pulled = {c["entity_id"]: c for c in server.sync(other, [])["pull"]["changes"]}
    assert json.loads(pulled[old["entity_id"]]["fields"]["answers"]) == misfit  # never lost
    assert good["entity_id"] in pulled and new["entity_id"] not in pulled
