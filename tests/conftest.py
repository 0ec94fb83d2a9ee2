"""Suite-wide fixtures: the test vault, defined once for every test directory.

Owns the test passphrase (:data:`PASS`), the cheap key derivation of test vaults
(:data:`FAST`; Argon2 at full cost is ~150 ms), :func:`make_vault` (or
:func:`create_vault`, which also returns the recovery key) for tests that need more than
one vault, and the fixtures

- ``vault_dir``: where this test's vault lives (a path; nothing is created),
- ``store``: a vault created there and unlocked (locked again after the test, once no
  UI worker reads it: :func:`close_store`),
- ``vault``: a vault created there and locked (its directory, for the CLI and the UI),
- ``office_noon``: the office's clock stopped at noon of today for the test (a test whose
  data and assertions both count from "today" cannot straddle the office's midnight).

A test directory changes the office or user of its vaults by overriding
``vault_options`` (keyword arguments of :func:`make_vault`) in its own conftest.

Test vaults use cheap key derivation, so the KDF floor is lowered for the whole suite
(see ``tests/kdf_floor.py``; tests of the floor pass ``kdf_floor`` or run the real CLI).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from app.store import KdfParams, Store, Vault
from tests.kdf_floor import lower
from tests.xdist_scheduler import pytest_xdist_make_scheduler  # noqa: F401  (a hook)

lower()

# Tests never fail because the machine is slow: no per-example deadline, and no health check
# on how fast examples are generated (a loaded 2-core machine made both fail). Tests that
# set their own ``@settings`` keep these defaults for what they do not set.
settings.register_profile("chasqui", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("chasqui")

PASS = "quipu-condor-7-prueba"
FAST = KdfParams.fast()


def create_vault(
    directory: Path,
    office: str = "LIM01",
    office_name: str = "ALEGRA Lima",
    user: str = "ana",
    *,
    passphrase: str = PASS,
    kdf: KdfParams = FAST,
    **options: Any,
) -> tuple[Store, str]:
    """A new vault in ``directory``: the unlocked store and its recovery key
    (``options``: role, display_name, wall... of ``Vault.create``)."""
    return Vault.create(directory, office, office_name, user, passphrase, kdf=kdf, **options)


def make_vault(directory: Path, *args: Any, **options: Any) -> Store:
    """A new vault in ``directory``, unlocked (arguments of :func:`create_vault`)."""
    return create_vault(directory, *args, **options)[0]


def pytest_collection_finish(session: pytest.Session) -> None:
    """Freeze what collection built (modules, test functions, catalogs) out of the cyclic
    collector: it lives for the whole session, and every full collection scanned it again
    (about 0.1-0.2 s of CPU each in a worker holding 240k objects). Reference counting still
    frees frozen objects; only cycles among them are never collected."""
    gc.collect()
    gc.freeze()


_ui_garbage = [False]  # a UI test ran since the last full collection on the main thread


@pytest.fixture(autouse=True)
def _collect_on_the_main_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """Once a test has started UI workers, automatic garbage collection is off (see
    ``app.ui.gc_guard``) and only the UI thread's timer collects; tests rarely run the
    event loop long, so each one ends with the collection that would have been due.
    A test outside tests/ui runs with automatic collection. The first such test after a
    UI test starts with a full collection here on the main thread, which frees any Qt
    garbage the UI tests left (a memory test measured the garbage it could not collect
    otherwise); the next ones need none, since automatic collection ran in between."""
    guard = sys.modules.get("app.ui.gc_guard")
    ui = "tests/ui/" in request.node.nodeid
    plain = guard is not None and not ui
    if plain:
        if _ui_garbage[0]:
            gc.collect()
            _ui_garbage[0] = False
        gc.enable()
    elif ui:
        _ui_garbage[0] = True
    yield
    if guard is not None:
        if plain:
            gc.disable()
        guard.collect_due()


@pytest.fixture
def vault_options() -> dict[str, Any]:
    """Keyword arguments of :func:`make_vault` for this directory's vaults."""
    return {}


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def store(vault_dir: Path, vault_options: dict[str, Any]) -> Iterator[Store]:
    s = make_vault(vault_dir, **vault_options)
    yield s
    close_store(s)


def close_store(store: Store) -> None:
    """Lock ``store`` once no UI worker thread reads it. This fixture ends before
    pytest-qt closes the test's windows, whose workers may still be loading (a case
    view's tabs): closing a connection under a running query crashed an xdist worker
    (segfault) under load. Only waits when the UI was imported (``app.ui.worker``)."""
    worker = sys.modules.get("app.ui.worker")
    if worker is not None:
        worker.wait_all(30_000)
    store.lock()


@pytest.fixture
def vault(vault_dir: Path, vault_options: dict[str, Any]) -> Path:
    make_vault(vault_dir, **vault_options).lock()
    return vault_dir


@pytest.fixture
def office_noon(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """The office's wall clock stopped at 12:00 of today (office time) while the test runs.
    Every "now" and "today" of Chasqui is ``forms.clock.office_now`` read at call time, so
    the arrangement ("a deadline 3 days ago", "a hearing later today") and the screen's
    counts agree: a CI run across 05:00 UTC (Lima's midnight) saw "vencidos: 31" for the
    30 deadlines it had arranged a second earlier. Returns the stopped moment (naive)."""
    import forms.clock

    noon = forms.clock.office_now().replace(hour=12, minute=0, second=0, microsecond=0)
    monkeypatch.setattr(forms.clock, "office_now", lambda: noon)
    return noon
