"""A district the server publishes (ubigeo catalog) reaches the laptop by sync; people
from that district are then accepted by the domain core and by ``chasqui person add``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core import people
from app.core.errors import InvalidInput
from sync.client.catalogs import KEY_CATALOGS, catalog_versions
from tests.cli.conftest import run
from tests.conftest import PASS
from tests.sync.conftest import SyncWorld

NEW = "250309"  # absent from resources/ubigeo/ubigeo_distrito.csv (checked below)
CLI_NEW = "250398"  # a second one, for the CLI (a fresh process each time)
SHIPPED = Path(__file__).resolve().parents[2] / "resources" / "ubigeo" / "ubigeo_distrito.csv"


def _person(ubigeo: str) -> dict[str, str]:
    return {
        "given_names": "Rosa",
        "paternal_surname": "Quispe",
        "sex": "F",
        "doc_type": "SIN_DOCUMENTO",
        "doc_reason": "no lo porta",
        "ubigeo": ubigeo,
    }


def _publish(world: SyncWorld, code: str, name: str) -> None:
    path = world.tmp / f"{code}.csv"
    path.write_text(
        f"inei,reniec,departamento,provincia,distrito\n{code},{code},UCAYALI,PADRE ABAD,{name}\n",
        encoding="utf-8",
    )
    world.server.admin.publish_catalog("ubigeo_distrito", path)


def test_a_published_district_is_accepted_after_sync(world: SyncWorld) -> None:
    shipped = SHIPPED.read_text(encoding="utf-8")
    assert f"\n{NEW}," not in shipped and f"\n{CLI_NEW}," not in shipped
    a = world.replica()
    assert a.sync().complete
    with pytest.raises(InvalidInput) as refused:
        people.register_person(a.store, _person(NEW))
    assert [p.field for p in refused.value.problems] == ["ubigeo"]

    _publish(world, NEW, "DISTRITO NUEVO")
    assert a.sync().complete
    assert catalog_versions(a.replica) == {"ubigeo_distrito": 1}
    held = a.store.replica.get_sync_state(KEY_CATALOGS)
    assert [r["inei"] for r in held["ubigeo_distrito"]["rows"]] == [NEW]

    person_id = people.register_person(a.store, _person(NEW))
    assert people.get_person(a.store, person_id)["ubigeo"] == NEW
    assert a.sync().complete  # nothing new: the catalog is not sent again
    assert catalog_versions(a.replica) == {"ubigeo_distrito": 1}


def test_cli_person_add_accepts_a_published_district(world: SyncWorld) -> None:
    a = world.replica()
    doc = world.tmp / "persona.json"
    doc.write_text(json.dumps(_person(CLI_NEW)), encoding="utf-8")
    a.store.lock()  # the command line opens the vault itself
    before = run(["person", "add", "--json", str(doc)], world.tmp / a.name, CHASQUI_PASSPHRASE=PASS)
    assert before.code == 2 and "ubigeo" in before.err
    _publish(world, CLI_NEW, "OTRO DISTRITO NUEVO")
    b = world.replica()  # a laptop that syncs, then is used from the command line
    assert b.sync().complete
    b.store.lock()
    after = run(["person", "add", "--json", str(doc)], world.tmp / b.name, CHASQUI_PASSPHRASE=PASS)
    assert after.code == 0, after.err


def test_a_published_catalog_travels_by_usb_bundle(world: SyncWorld) -> None:
    from sync.client import export_bundle, import_bundle
    from sync.server import bundles as server_bundles

    laptop = world.replica("brigada")
    _publish(world, "250308", "DISTRITO DE BRIGADA")
    stick, reply = world.tmp / "pedido.chasqui", world.tmp / "respuesta.chasqui"
    export_bundle(laptop.replica, stick)
    server_bundles.import_bundle(world.server.db, stick, reply)
    import_bundle(laptop.replica, reply)
    assert catalog_versions(laptop.replica) == {"ubigeo_distrito": 1}
    # a later bundle from a laptop holding version 1 gets no catalog back
    export_bundle(laptop.replica, stick)
    server_bundles.import_bundle(world.server.db, stick, world.tmp / "r2.chasqui")
    import_bundle(laptop.replica, world.tmp / "r2.chasqui")
    assert catalog_versions(laptop.replica) == {"ubigeo_distrito": 1}
