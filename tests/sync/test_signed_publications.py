"""Published forms and catalogs are signed by the server and verified before use.

A fake peer on the path (a transport wrapper over the real server's answers) alters the
forms and catalogs of a sync answer: changed content, a removed or foreign signature, a
signature of the server made for another purpose. The laptop keeps none of them, says
so in the round's report, and keeps syncing; the genuine ones are kept.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from sync import identity
from sync.client.catalogs import KEY_CATALOGS
from sync.client.ports import KEY_FORMS
from sync.client.transport import Exchange, Transport
from sync.server import identity as server_identity
from tests.sync.conftest import SyncWorld
from tests.sync.test_published_catalogs import _publish
from tests.sync.test_published_forms import _brigade_form


class Tamper:
    """Rewrites each published item of ``/v1/sync`` and ``/v1/snapshot`` answers."""

    def __init__(self, inner: Transport, edit: Callable[[str, dict[str, Any]], None]) -> None:
        self.inner, self.edit = inner, edit

    def call(self, method: str, path: str, doc: Any = None, **kw: Any) -> Exchange:
        ex = self.inner.call(method, path, doc, **kw)
        if path in ("/v1/sync", "/v1/snapshot"):
            body = json.loads(ex.body)
            page = body.get("pull", body)
            for kind in ("forms", "catalogs"):
                for item in page.get(kind, []):
                    self.edit(kind, item)
            ex.body = json.dumps(body).encode()
        return ex

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def _other_purpose(world: SyncWorld) -> Callable[[str, dict[str, Any]], None]:
    pair = server_identity.of(world.server.db)

    def edit(kind: str, item: dict[str, Any]) -> None:
        key = "form_id" if kind == "forms" else "name"
        fields = {key: item[key], "version": item["version"], "sha256": item["sha256"]}
        item["signature"] = pair.sign(identity.REVOKE, fields)

    return edit


def _content(kind: str, item: dict[str, Any]) -> None:
    if kind == "forms":
        item["definition"]["label"]["es"] = "Ficha cambiada en el camino"
    else:
        item["rows"][0]["distrito"] = "OTRO"


def _unsigned(kind: str, item: dict[str, Any]) -> None:
    item.pop("signature", None)


def _foreign(kind: str, item: dict[str, Any]) -> None:
    key = "form_id" if kind == "forms" else "name"
    fields = {key: item[key], "version": item["version"], "sha256": item["sha256"]}
    purpose = identity.FORM if kind == "forms" else identity.CATALOG
    item["signature"] = identity.KeyPair.generate().sign(purpose, fields)


@pytest.mark.parametrize("how", ["content", "unsigned", "foreign", "other_purpose"])
def test_altered_publications_are_refused_and_genuine_ones_kept(world: SyncWorld, how: str) -> None:
    edits = {"content": _content, "unsigned": _unsigned, "foreign": _foreign}
    edit = edits.get(how) or _other_purpose(world)
    world.server.admin.publish_form(_brigade_form(world.tmp, 1))
    _publish(world, "250309", "NUEVO DISTRITO")
    victim = world.replica("victim", wrap=lambda t: Tamper(t, edit))
    report = victim.sync()
    assert report.complete, report.errors
    refused = [e for e in report.errors if "refused" in e]
    assert any("form ficha_brigada v1" in e for e in refused), report.errors
    assert any("catalog ubigeo_distrito v1" in e for e in refused), report.errors
    assert not victim.replica.get_sync_state(KEY_FORMS)
    assert not victim.replica.get_sync_state(KEY_CATALOGS)
    honest = world.replica("honest")
    assert honest.sync().complete
    assert "ficha_brigada@1" in honest.replica.get_sync_state(KEY_FORMS)
    assert "ubigeo_distrito" in honest.replica.get_sync_state(KEY_CATALOGS)
    victim.engine.transport = victim.engine.transport.inner  # type: ignore[attr-defined]
    victim.store.insert("person", {"office_id": victim.store.office_id, "given_names": "Rosa"})
    assert victim.sync().complete  # the victim keeps syncing
