"""The working-day calendar, the deadline rules and the writ templates the server
publishes reach the laptop by sync (signed, like forms and catalogs) and the laptop uses
the newest it received; a template naming a field that does not exist is refused at
publish with a message naming it; an office can publish its own template, which only
its devices receive. A republished rule set changes new deadlines and leaves the
recorded ones with their rule version."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from app.core import deadlines, legal_data
from app.drafting.templates import available, draft
from forms.deadline_rules import RULES_FILE
from forms.workdays import CATALOG_FILE
from sync.client.catalogs import catalog_versions
from sync.server import cli
from tests.drafting.test_drafting import _template as _docx
from tests.drafting.test_drafting import alimentos_case
from tests.sync.conftest import SyncWorld

DAY = dt.date(2026, 11, 18)  # a Wednesday with no holiday anywhere, in the past


def _write(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _cli(world: SyncWorld, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = cli.main([*args, "--db", world.server.url])
    out, err = capsys.readouterr()
    return code, out + err


def test_published_calendar_and_rules_are_used_and_the_newest_wins(
    world: SyncWorld, capsys: pytest.CaptureFixture[str]
) -> None:
    a = world.replica()
    assert a.sync().complete
    assert legal_data.rules(a.store).version == 1  # the shipped starter set
    assert legal_data.calendar(a.store).is_working(DAY)
    case_id = alimentos_case(a.store, "María Elena Quispe Mamani")  # defended: her terms
    notified = dt.date(2026, 11, 16)  # a Monday (past: no notification to come), +5 -> Mon 23
    (old,) = deadlines.record(a.store, case_id, "notificacion_demanda", notified,
                              {"alimentos_contestacion": deadlines.Choice()})  # fmt: skip

    calendar = json.loads(CATALOG_FILE.read_text(encoding="utf-8"))
    calendar["days"].append(
        {"date": DAY.isoformat(), "reason": "Aniversario de la Corte", "scope": "judicial"}
    )
    rules = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    contest = next(r for r in rules["rules"] if r["id"] == "alimentos_contestacion")
    contest["days"] = 10
    cal_file = _write(world.tmp / "calendario.json", calendar)
    code, said = _cli(world, capsys, "catalog", "publish", "--name", "calendario", str(cal_file))
    assert code == 0 and "calendario version 2 published" in said  # after the shipped v1
    rules_file = _write(world.tmp / "plazos.json", rules)
    assert _cli(world, capsys, "catalog", "publish", "--name", "plazos", str(rules_file))[0] == 0

    assert a.sync().complete
    assert catalog_versions(a.replica) == {"calendario": 2, "plazos": 2}
    assert legal_data.calendar(a.store).closed(DAY) == "Aniversario de la Corte (Poder Judicial)"
    used = legal_data.rules(a.store)
    assert used.version == 2 and not used.defaults
    assert used.get("alimentos_contestacion").days == 10  # type: ignore[union-attr]
    # new deadlines follow the republished set (and the new day off); old ones keep theirs
    (new,) = deadlines.record(a.store, case_id, "notificacion_demanda", notified,
                              {"alimentos_contestacion": deadlines.Choice()})  # fmt: skip
    rows = {r["id"]: r for r in a.store.query("SELECT id, at, rules_version FROM hearing")}
    assert (rows[old]["at"], rows[old]["rules_version"]) == ("2026-11-23T23:59", 1)
    assert (rows[new]["at"], rows[new]["rules_version"]) == ("2026-12-01T23:59", 2)

    code, said = _cli(world, capsys, "catalog", "publish", "--name", "plazos", str(rules_file))
    assert code == 0 and "already has these rows" in said  # same content: no new version
    contest["days"] = 7
    _write(rules_file, rules)
    assert _cli(world, capsys, "catalog", "publish", "--name", "plazos", str(rules_file))[0] == 0
    assert a.sync().complete
    assert legal_data.rules(a.store).version == 3
    assert legal_data.rules(a.store).get("alimentos_contestacion").days == 7  # type: ignore[union-attr]

    calendar["days"].append({"date": "12-32", "reason": "Mal", "scope": "judicial"})
    code, said = _cli(world, capsys, "catalog", "publish", "--name", "calendario",
                      str(_write(cal_file, calendar)))  # fmt: skip
    assert code == 1 and "days[" in said and "'date'" in said and said.count("\n") == 1
    assert a.sync().complete
    assert catalog_versions(a.replica)["calendario"] == 2  # nothing was published


def test_templates_national_and_an_offices_own_and_a_bad_one_refused(
    world: SyncWorld, capsys: pytest.CaptureFixture[str]
) -> None:
    world.server.admin.add_office("CUS01", "ALEGRA Cusco")
    good = world.tmp / "simple.docx"
    good.write_bytes(_docx("Escrito de {{ demandante.nombre_completo }}", "{{ fecha.hoy_letras }}"))
    bad = world.tmp / "bad.docx"
    bad.write_bytes(_docx("{{ caso.juez }}", "{{ demandante.nombre_completo }}"))

    code, said = _cli(world, capsys, "template", "publish", "escrito_simple", str(bad),
                      "--title", "Escrito simple", "--office", "LIMA")  # fmt: skip
    assert code == 1 and "unknown field 'caso.juez'" in said and said.count("\n") == 1
    code, said = _cli(world, capsys, "template", "publish", "escrito_simple", str(good),
                      "--title", "Escrito", "--office", "NOPE")  # fmt: skip
    assert code == 1 and "unknown office 'NOPE'" in said
    assert world.server.count("SELECT count(*) FROM published_catalogs") == 0

    national = world.tmp / "apersonamiento.docx"
    national.write_bytes(_docx("Me apersono: {{ caso.expediente }}"))
    for args in (
        ("apersonamiento", str(national), "--title", "Apersonamiento (modelo nacional)"),
        ("escrito_simple", str(good), "--title", "Escrito simple (Lima)", "--office", "LIMA"),
        ("escrito_cusco", str(good), "--title", "Escrito del Cusco", "--office", "CUS01"),
    ):
        code, said = _cli(world, capsys, "template", "publish", *args)
        assert code == 0, said

    a = world.replica()
    assert a.sync().complete
    assert set(catalog_versions(a.replica)) == {"plantillas", "plantillas@LIMA"}  # not Cusco's
    kinds = available(a.store)
    assert kinds["apersonamiento"].title == "Apersonamiento (modelo nacional)"
    assert kinds["demanda_alimentos"].version == 0  # still the shipped one
    assert kinds["escrito_simple"].office == "LIMA" and "escrito_cusco" not in kinds

    case_id = alimentos_case(a.store, "María Elena Quispe Mamani")  # defended: her terms
    out = draft(a.store, "escrito_simple", case_id, world.tmp / "escrito.docx")
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Escrito de María Elena Quispe Mamani" in text and "{{" not in text
    events = a.store.query("SELECT detail FROM audit_event WHERE action = 'draft'")
    assert "escrito_simple@LIMA v1" in str(events[0]["detail"])
