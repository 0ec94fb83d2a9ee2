"""Any mutation of the key file gives a store error (never a traceback, never a leak)."""

from __future__ import annotations

import copy
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.store import Vault
from app.store.keys import KEYFILE_NAME
from sync.errors import ChasquiError
from tests.conftest import FAST, PASS

_TEMPLATE: dict[str, Any] = {}


def _template() -> tuple[Path, dict[str, Any], str]:
    if not _TEMPLATE:
        base = Path(tempfile.mkdtemp(prefix="chasqui-keyfuzz-")) / "v"
        store, recovery = Vault.create(base, "LIM01", "x", "ana", PASS, kdf=FAST)
        store.lock()
        _TEMPLATE.update(
            base=base, doc=json.loads((base / KEYFILE_NAME).read_text()), recovery=recovery
        )
    return _TEMPLATE["base"], _TEMPLATE["doc"], _TEMPLATE["recovery"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=5,
)


def _paths(doc: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, (*prefix, k))
    return out


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_mutated_key_file(data: st.DataObject) -> None:
    base, doc, recovery = _template()
    doc = copy.deepcopy(doc)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_paths(doc)[1:]))
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        if data.draw(st.booleans()):
            parent.pop(path[-1], None)
        else:
            parent[path[-1]] = data.draw(json_values)
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "v"
        shutil.copytree(base, target)
        (target / KEYFILE_NAME).write_text(json.dumps(doc))
        for attempt in (
            lambda: Vault.unlock(target, "ana", PASS),
            lambda: Vault.unlock_with_recovery(target, recovery, "ana", "frase nueva larga"),
            lambda: Vault.list_users(target),
        ):
            try:
                result = attempt()
            except ChasquiError as exc:
                assert PASS not in str(exc) and recovery not in str(exc)
            else:
                if hasattr(result, "lock"):
                    result.lock()
