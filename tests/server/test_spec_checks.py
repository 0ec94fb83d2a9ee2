"""The server checks every pushed value against the entity specification the client uses.

Rejected changes go to quarantine with their reason; the rest of the batch, and every
other device of the office, keep syncing.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from app.store.changes import normalize_fields
from app.store.errors import InvalidRecord
from app.store.schema import ENTITIES as STORE_ENTITIES
from sync import spec
from sync.server import schema
from tests.server.conftest import Server, statuses


def _wrong_kind(field: spec.Field) -> Any:
    return "7" if field.kind == "int" else 7


def _quarantine(server: Server) -> dict[str, tuple[str, str]]:
    q = schema.quarantine.c
    with server.db.read() as conn:
        rows = conn.execute(select(q.change_id, q.code, q.reason))
        return {r.change_id: (r.code, r.reason) for r in rows}


def test_server_rejects_a_wrong_kind_with_the_clients_specification(server: Server) -> None:
    dev = server.enroll()
    ok = dev.change("person", {"given_names": "Rosa", "office_id": dev.office_id})
    bad: list[dict[str, Any]] = []
    for ent in spec.ENTITY_LIST:
        for field in ent.fields:
            if field.name == "office_id":
                continue
            value = _wrong_kind(field)
            # the client store refuses the same value, by the same specification
            with pytest.raises(InvalidRecord) as refused:
                normalize_fields(STORE_ENTITIES[ent.name], {field.name: value})
            assert refused.value.field == field.name
            bad.append(dev.change(ent.name, {field.name: value}))
    result = server.sync(dev, [*bad, ok])
    assert statuses(result) == ["rejected"] * len(bad) + ["accepted"]
    codes = {r["code"] for r in result["push"]["results"][:-1]}
    assert codes == {"invalid_field"}
    quarantined = _quarantine(server)
    for change in bad:
        code, reason = quarantined[change["change_id"]]
        assert code == "invalid_field"
        assert next(iter(change["fields"])) in reason


def test_formats_limits_and_vocabularies(server: Server) -> None:
    dev = server.enroll()
    cases = {
        "date": dev.change("person", {"birth_date": "1990-02-30"}),
        "vocab": dev.change("case", {"status": "lost"}),
        "range": dev.change("person", {"interpreter_needed": 2}),
        "length": dev.change("case", {"internal_number": "x" * 41}),
        "json": dev.change("intake", {"answers": "{not json"}),
        "id": dev.change("note", {"case_id": "evil id with spaces"}),
        "ubigeo": dev.change("campaign", {"ubigeo": "15 01"}),
    }
    fine = [
        dev.change("person", {"birth_date": "1990-02-28", "sex": "F", "interpreter_needed": True}),
        dev.change("hearing", {"kind": "una_audiencia_nueva", "at": "2026-03-04T09:30:00-05:00"}),
        dev.change("case", {"matter": "materia_antigua", "court_file_parts": {"year": "2021"}}),
    ]
    result = server.sync(dev, [*cases.values(), *fine])
    assert statuses(result) == ["rejected"] * len(cases) + ["accepted"] * len(fine)
    assert {r["code"] for r in result["push"]["results"][: len(cases)]} == {"invalid_field"}


def test_hostile_values_are_quarantined_and_the_office_keeps_syncing(server: Server) -> None:
    attacker, victim = server.enroll(name="attacker"), server.enroll(name="victim")
    attacks = [
        attacker.change("person", {"given_names": "Ñ" * 900_000}),
        attacker.change("person", {"given_names": {"nested": ["dict"]}}),
        attacker.change("person", {"birth_date": 19900101}),
        attacker.change(
            "attachment", {"sha256": "../../../../etc/passwd", "filename": "x.pdf", "size": 3}
        ),
        attacker.change("intake", {"answers": "[" * 50_000 + "]" * 50_000}),
    ]
    genuine = attacker.change("person", {"given_names": "Rosa", "paternal_surname": "Quispe"})
    result = server.sync(attacker, [*attacks, genuine])
    assert statuses(result) == ["rejected"] * len(attacks) + ["accepted"]
    quarantined = _quarantine(server)
    assert all(quarantined[a["change_id"]][0] == "invalid_field" for a in attacks)
    assert "sha256" in quarantined[attacks[3]["change_id"]][1]

    # the victim pulls the genuine record, and its own pushes still flow
    own = victim.change("person", {"given_names": "Juana"})
    pulled = server.sync(victim, [own])
    assert statuses(pulled) == ["accepted"]
    from_attacker = [
        c["change_id"] for c in pulled["pull"]["changes"] if c["device_id"] == attacker.device_id
    ]
    assert from_attacker == [genuine["change_id"]]
    assert len(str(pulled)) < 10_000
