"""The demo mode of ``main.py --demo``: a vault full of sample data and a local server.

Owns: ``demo_dir()`` (the user data directory's ``Chasqui-demo`` folder, beside the real
vault's and never inside the program's folder; ``--data-dir`` overrides it), the demo
user and passphrase (printed in the terminal and on the unlock screen — only for the
demo's own vault: ``demo_login(root)``, by the ``DEMO_MARKER`` file the demo writes in
the vault folder it creates; a real vault in a ``--data-dir`` never shows them, review 9
F10; the data are synthetic), ``ensure_demo_vault``
(creates the vault once, enrolled with the demo server when it runs, marks it and fills
it from ``app.core.sample``; reuses it afterwards) and ``DemoServer`` (the central sync server on
127.0.0.1:8471 in a thread, with its SQLite file in the demo folder, office DEMO01).
No Qt here: ``app.ui.app`` calls it before the window opens. Once the demo vault exists,
the server starts on the sync client's first request (``transport_factory``:
``ensure_started`` in the worker or the scheduler's thread, after Inicio has its data),
so its seconds of imports never slow down unlocking; when its port is taken (another
demo, another program) it starts on a free one and the demo's transport goes there
(fresh-eyes 7 #1: a second demo on the machine had no server); when it could not start
at all, the demo syncs with nothing ("sin conexión"), never with whatever else listens
there; before a round, ``repair_link`` enrolls a demo vault left standalone (made while
its port was taken, before that fix) and points a stale local address at this server,
its data kept (fresh-eyes #24). ``app.ui.app`` keeps one demo per folder (a ``QLockFile``).
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

DEMO_APP_NAME = "Chasqui-demo"
DEMO_USER = "demo"
DEMO_PASSPHRASE = "chasqui-demo-2026"  # noqa: S105 - synthetic demo data, printed on purpose
DEMO_OFFICE = ("DEMO01", "ALEGRA Demostración")
DEMO_PEOPLE = 400
DEMO_MARKER = "chasqui-demo.txt"  # in the vault folder the demo made (``demo_login``)
SERVER_PORT = 8471


def demo_dir() -> Path:
    """Where the demo keeps its vault and server database: the user data directory."""
    import platformdirs

    from app.paths import APP_AUTHOR

    return Path(platformdirs.user_data_dir(DEMO_APP_NAME, APP_AUTHOR))


def demo_vault_exists(root: Path | None = None) -> bool:
    """Whether the demo vault was created already (its key file: nothing heavy loads)."""
    from app.store.keys import KeyFile

    return KeyFile.exists((root or demo_dir()) / "vault")


def demo_login(root: Path | None = None) -> tuple[str, str] | None:
    """The demo's (user, passphrase) when the vault in ``root`` is the one the demo made
    (its marker), else None: another vault's unlock screen never suggests them."""
    marker = (root or demo_dir()) / "vault" / DEMO_MARKER
    return (DEMO_USER, DEMO_PASSPHRASE) if marker.is_file() else None


def ensure_demo_vault(
    root: Path | None = None, people: int = DEMO_PEOPLE, server: DemoServer | None = None
) -> Path:
    """The vault folder of the demo, created and filled on first use.

    With a running ``server`` the new vault is enrolled with it (so "Sincronizar" works)
    before the sample data are added; without one it is a standalone vault.
    """
    vault_dir = (root or demo_dir()) / "vault"
    if demo_vault_exists(vault_dir.parent):
        return vault_dir
    if server is not None and server.running:
        from app.ui.sync_adapter import enroll

        store, _recovery = enroll(
            vault_dir, server.url, server.enrollment_code(), DEMO_USER, DEMO_PASSPHRASE
        )
    else:
        from app.store import KdfParams, Vault

        store, _recovery = Vault.create(
            vault_dir,
            office_code=DEMO_OFFICE[0],
            office_name=DEMO_OFFICE[1],
            user_name=DEMO_USER,
            passphrase=DEMO_PASSPHRASE,
            kdf=KdfParams(),
        )
    (vault_dir / DEMO_MARKER).write_text(
        "Bóveda de demostración de Chasqui (datos sintéticos).\n", encoding="utf-8"
    )
    try:
        fill_sample(store, people)
    finally:
        store.lock()
    return vault_dir


def fill_sample(store: Any, people: int, seed: int = 7) -> dict[str, int]:
    """Insert synthetic people, intakes, cases (some closed), notes and hearings with a
    year's history, through ``app.core`` (the same loader as ``chasqui sample-data``)."""
    from app.core import sample_load

    return sample_load.load(store, people, seed=seed)


_LOCAL = "http://127.0.0.1:"  # the demo server's addresses


def _port_free(port: int) -> int:
    """``port`` (0: any) if 127.0.0.1 can listen on it now, else 0."""
    import socket

    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return 0
        return int(probe.getsockname()[1])


class NoServer:
    """The demo's transport when its server is not running: every request fails as a
    link that is down (``LinkError``: "sin conexión"), so the demo never talks to another
    program that holds its port."""

    def __init__(self, port: int) -> None:
        self.port = port

    def _down(self) -> Any:
        from sync.errors import LinkError

        raise LinkError(f"the demo server is not running (port {self.port})")

    def call(self, method: str, path: str, doc: Any = None, *, timeout: float | None = None) -> Any:
        return self._down()

    def put_chunk(
        self, sha256: str, start: int, data: bytes, total: int, *, timeout: float | None = None
    ) -> Any:
        return self._down()

    def get_range(self, sha256: str, start: int, end: int, *, timeout: float | None = None) -> Any:
        return self._down()

    def close(self) -> None:
        return None


class DemoServer:
    """The sync server on 127.0.0.1 in a background thread (uvicorn)."""

    def __init__(self, root: Path | None = None, port: int = SERVER_PORT) -> None:
        self.root = root or demo_dir()
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._db: Any = None
        self._office_id = ""
        self._start_lock = threading.Lock()
        self._tried = False  # ``ensure_started`` ran once
        self._linked = False  # ``repair_link`` checked the vault's link
        self.announce: Callable[[bool], None] | None = None  # told the first start's result

    @property
    def running(self) -> bool:
        return self._server is not None and bool(getattr(self._server, "started", False))

    def start(self, timeout: float = 15.0) -> bool:
        """Start the server (office DEMO01 with user demo); True once it accepts requests."""
        # the server's figures use numpy, which the GUI keeps out (``app.ui.app.NOT_USED``
        # is None in ``sys.modules``: sqlite-utils would load it before the unlock screen);
        # the demo starts its server after that, so it may load now (else it never started)
        if "numpy" in sys.modules and sys.modules["numpy"] is None:
            del sys.modules["numpy"]
        try:
            import uvicorn

            from sync.server.admin import Admin, AdminError
            from sync.server.app import create_app
            from sync.server.db import Database
        except ImportError as exc:
            log.warning("demo server unavailable: %s", exc)
            return False
        self.root.mkdir(parents=True, exist_ok=True)
        self._db = Database(f"sqlite:///{(self.root / 'server.db').resolve()}")
        app = create_app(database=self._db)
        admin = Admin(self._db)
        try:
            office = admin.office(DEMO_OFFICE[0])
        except AdminError:
            office = admin.add_office(DEMO_OFFICE[0], DEMO_OFFICE[1])
            admin.add_user(DEMO_OFFICE[0], DEMO_USER, "Usuaria de demostración")
        self._office_id = office.office_id
        if not _port_free(self.port):  # another demo or program holds it: any free one
            self.port = _port_free(0)
            self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._serve, name="demo-server", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self.running and self._thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.running

    def _serve(self) -> None:
        try:
            self._server.run()
        except SystemExit:  # uvicorn's answer to a port already taken: logged, not raised
            log.warning("demo server did not start on port %s", self.port)

    def enrollment_code(self) -> str:
        from sync.server.auth import issue_code

        return str(issue_code(self._db, self._office_id, 3600))

    def ensure_started(self) -> bool:
        """Start the server unless it runs already (blocks; from any thread but the UI's:
        its imports take seconds). True once it accepts requests; a failed start is not
        retried. ``announce(ok)`` runs after the first attempt."""
        with self._start_lock:
            if self._tried:
                return self.running
            self._tried = True
            ok = self.start()
        if self.announce is not None:
            self.announce(ok)
        return ok

    def repair_link(self, session: Any) -> None:
        """Before a sync round (``SyncSession.prepare``, off the UI thread): the demo
        vault's link to this server, mended once per run, its data kept (fresh-eyes #24).
        A vault made while its server could not start (its port taken, before the demo
        moved to a free one) was left standalone and could never sync: it is enrolled
        now (``SyncSession.enroll``: its records take the server's identity and are all
        sent). An enrolled one whose address is another local port is pointed here."""
        if self._linked or not self.ensure_started():
            return
        replica = session.replica
        if not replica.get_sync_state("device_token"):
            session.enroll(self.url, self.enrollment_code(), device_name="demo")
            log.warning("demo vault enrolled with the demo server at %s", self.url)
        elif session.server_url().startswith(_LOCAL) and session.server_url() != self.url:
            session.set_server_url(self.url)
        self._linked = True

    def transport_factory(self) -> Callable[[str, str | None], Any]:
        """The sync client's transport factory for the demo: the first request (the
        automatic sync's first probe, built after Inicio shows, or F5) starts the server,
        so its imports never compete with unlocking and painting Inicio."""

        def factory(url: str, token: str | None) -> Any:
            from app.sync_session import http_transport

            if not self.ensure_started():
                # Never the server of whatever else holds the port (another program, or
                # another demo): its "unknown device" would read as this vault's problem.
                return NoServer(self.port)
            # this demo's own server, wherever it runs (a taken port moved it; the vault
            # keeps the address it was enrolled with)
            return http_transport(self.url if url.startswith(_LOCAL) else url, token)

        return factory

    def stop(self) -> None:
        with self._start_lock:  # a start under way ends first, then stops
            self._tried = True  # and none begins after
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._server = None
        self._thread = None
        if self._db is not None:
            self._db.dispose()
            self._db = None
