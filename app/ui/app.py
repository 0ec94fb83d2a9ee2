"""Starting the desktop application: ``run(argv) -> int``.

Owns: the GUI command line (``--demo``, ``--data-dir``, ``--lang es|en``,
``--idle-minutes``, ``--sync-minutes``), the QApplication set-up (high-DPI policy, Peru
locale, bundled DejaVu fonts, English translation on request, style sheet), the choice
of the data folder (platformdirs user data dir; in demo mode ``app.ui.demo.demo_dir()``,
``Chasqui-demo`` in the user data directory, never the program's folder; one demo per
folder at a time: a second one says so and exits with 2; its first start, which makes
the demo data for about a minute, says so in a window: ``_make_demo_data``)
and the wiring of the real edges (``StoreVault``, ``StoreBackend``, the sync engine, the
forms renderer and the reports when those packages provide them) into ``MainWindow``.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QLockFile, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel

from app.ui import gc_guard, i18n
from app.ui.idle import DEFAULT_IDLE_MS
from app.ui.services import DEFAULT_SYNC_EVERY
from app.ui.widgets import STYLE

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chasqui", description="Chasqui (interfaz gráfica)")
    parser.add_argument("--demo", action="store_true", help="datos de demostración")
    parser.add_argument("--data-dir", type=Path, help="carpeta de datos")
    parser.add_argument("--lang", choices=i18n.SUPPORTED_LANGS, default="es")
    parser.add_argument(
        "--idle-minutes",
        type=float,
        default=DEFAULT_IDLE_MS / 60000,
        help="minutos sin actividad antes de bloquear",
    )
    parser.add_argument(
        "--sync-minutes",
        type=float,
        default=DEFAULT_SYNC_EVERY / 60,
        help="minutos entre sincronizaciones automáticas con conexión (0: solo a pedido)",
    )
    return parser


def default_data_dir() -> Path:
    """The same vault the command line uses (``app.paths``)."""
    from app.paths import default_data_dir as shared_default

    return shared_default()


def make_application(lang: str = "es") -> QApplication:
    """The QApplication with locale, fonts, translation and style (idempotent)."""
    existing = QApplication.instance()
    if existing is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication([sys.argv[0] if sys.argv else "chasqui"])
    else:
        assert isinstance(existing, QApplication)
        app = existing
    # Worker threads hand the GIL back to the UI thread every 1 ms (default 5 ms), so
    # Python work in the pool (row conversion, merging) cannot stall painting for long.
    sys.setswitchinterval(0.001)
    app.setApplicationName("Chasqui")
    app.setOrganizationName("Chasqui")
    i18n.set_locale(lang)
    i18n.load_fonts(app)
    i18n.install_translator(app, lang)
    app.setStyleSheet(STYLE)
    gc_guard.install()  # cyclic collection on this thread only (pool threads crashed Qt)
    return app


def real_services(
    data_dir: Path,
    idle_ms: int,
    sync_url: str | None = None,
    sync_every: float | None = None,
    transports: Any = None,
    prepare: Any = None,
    demo_login: tuple[str, str] | None = None,
) -> Any:
    """``Services`` wired to the real store, core, sync client, forms and reports
    (``transports``: the sync client's transport factory, HTTP by default; ``prepare``:
    run before each sync round, ``SyncSession.prepare``)."""
    from app.ui import wiring
    from app.ui.services import Services
    from app.ui.vault_port import StoreVault

    def make_backend(store: Any) -> Any:
        from app.ui.backend import StoreBackend  # loads app.core: after unlocking only

        return StoreBackend(store)

    return Services(
        vault=StoreVault(),
        data_dir=data_dir,
        make_backend=make_backend,
        make_sync=lambda backend: wiring.make_sync(backend, sync_url, transports, prepare),
        make_reports=wiring.make_reports,
        form_factory=wiring.form_factory,
        enroll=wiring.enroll_function(),
        idle_ms=idle_ms,
        sync_every=DEFAULT_SYNC_EVERY if sync_every is None else sync_every,
        demo_login=demo_login,
    )


def _installer_hooks(app: QApplication, window: Any, started: float) -> None:
    """Hidden hooks for ``installer/smoke_test.py`` (bundle checks), off by default.

    ``CHASQUI_STARTUP_LOG=1`` prints ``chasqui-startup: ready <ms>`` on stdout when the
    first real screen (unlock or first run) is shown, ``<ms>`` since ``run`` began;
    ``CHASQUI_SMOKE_EXIT_MS=N`` closes the window N ms after that screen is shown (the
    application then quits as when a user closes it).
    """
    log_startup = os.environ.get("CHASQUI_STARTUP_LOG") == "1"
    exit_ms = os.environ.get("CHASQUI_SMOKE_EXIT_MS", "")
    if not log_startup and not exit_ms.isdigit():
        return
    from PySide6.QtCore import QTimer

    def ready() -> None:
        if log_startup:
            elapsed = (time.perf_counter() - started) * 1000
            print(f"chasqui-startup: ready {elapsed:.0f}", flush=True)
        if exit_ms.isdigit():
            QTimer.singleShot(int(exit_ms), window.close)  # as a user closing it

    window.ready.connect(ready)


# Data-frame libraries the desktop app never uses. sqlite-utils imports them when they are
# installed (a development environment has them for the tests' reference libraries): about
# 3 s before the unlock screen. An installed app (the bundle) does not have them. Nor
# httpx's own command line (rich, pygments: httpx imports them when it finds them, about
# 0.36 s of CPU when the store is first imported; the bundle leaves them out).
NOT_USED = ("pandas", "numpy", "rich", "pygments")


def _skip_unused_libraries() -> None:
    for name in NOT_USED:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]  # "import" fails fast


def _make_demo_data(app: QApplication, root: Path, server: Any) -> Path:
    """The demo's first start: its server and its vault full of sample data are made in
    a thread (about a minute) while a window says so — the screen stayed black with the
    sentence only in the terminal (fresh-eyes 7 #2). Returns the vault's folder; raises
    what making it raised."""
    from app.ui import demo

    note = QLabel(
        QCoreApplication.translate(
            "app",
            "Creando datos de demostración (una sola vez)…\n"
            "Tarda alrededor de un minuto; Chasqui se abre después.",
        )
    )
    note.setWindowTitle("Chasqui")
    note.setAlignment(Qt.AlignmentFlag.AlignCenter)
    note.setMargin(32)
    note.adjustSize()
    area = note.screen().availableGeometry()  # in the middle, where the window will be
    note.move(area.center() - note.rect().center())
    note.show()
    made: dict[str, Any] = {}

    def make() -> None:
        try:
            server.ensure_started()
            made["dir"] = demo.ensure_demo_vault(root, server=server)
        except Exception as exc:  # said by the caller, on this thread
            made["error"] = exc

    worker = threading.Thread(target=make, name="demo-data", daemon=True)
    worker.start()
    while worker.is_alive():  # the window paints (and cycles are collected) meanwhile
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        worker.join(0.05)
    note.close()
    note.deleteLater()
    if "error" in made:
        raise made["error"]
    return Path(made["dir"])


def _server_said(started: bool, url: str) -> None:
    if started:
        print(f"Servidor de sincronización local: {url}", flush=True)
    else:
        print("El servidor local no arrancó; la demo sigue sin sincronización.", flush=True)


def _hold_demo_folder(root: Path) -> QLockFile | None:
    """The demo folder for this process alone (``QLockFile`` ``demo.lock`` in it: a lock
    left by a process that died is taken over), or None when another demo holds it.

    Fresh-eyes walkthrough: two demos on one folder wrote one vault at once, and the
    second, finding the server's port taken, synced with the first one's server ("El
    servidor no reconoce este equipo")."""
    root.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(root / "demo.lock"))
    return lock if lock.tryLock(200) else None


def run(argv: Sequence[str] | None = None) -> int:
    """Start the GUI; returns the process exit code."""
    started = time.perf_counter()
    _skip_unused_libraries()
    parser = build_parser()
    args = parser.parse_args(list(argv) if argv is not None else None)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    server = None
    sync_url = None
    login: tuple[str, str] | None = None
    transports = prepare = None
    if args.demo:
        from app.ui import demo

        root = args.data_dir or demo.demo_dir()
        print(f"Chasqui demo: datos en {root.resolve()}", flush=True)
        held = _hold_demo_folder(root)
        if held is None:  # another demo uses this folder (its vault and its server's port)
            print(
                f"Ya hay una demo abierta con los datos de {root.resolve()}: ciérrela, o use "
                "--data-dir OTRA_CARPETA para una demo aparte.",
                file=sys.stderr,
            )
            return 2
        server = demo.DemoServer(root)
        sync_url = server.url
        server.announce = lambda ok: _server_said(ok, server.url)
        transports = server.transport_factory()  # the first sync request starts it
        prepare = server.repair_link  # a vault made without its server gets enrolled
        if demo.demo_vault_exists(root):  # the window opens now, the server when used
            data_dir = root / "vault"
        else:
            print("Creando datos de demostración (una sola vez)…", flush=True)
            try:
                data_dir = _make_demo_data(make_application(args.lang), root, server)
            except Exception as exc:
                server.stop()
                from app.ui.errors import user_message

                print(f"No se pudo preparar la demo: {user_message(exc)}", file=sys.stderr)
                return 1
        login = demo.demo_login(root)  # the demo's own vault only (review 9 F10)
        if login is not None:
            print(f"Usuario: {login[0]}   Contraseña: {login[1]}", flush=True)
        else:
            print("Esta carpeta tiene una bóveda que no creó la demo: use su usuario y su "
                  "contraseña.", flush=True)  # fmt: skip
    else:
        data_dir = args.data_dir or default_data_dir()
    app = make_application(args.lang)
    from app.ui.main_window import MainWindow

    if args.sync_minutes < 0:
        parser.error("--sync-minutes no puede ser negativo")
    services = real_services(
        data_dir,
        int(args.idle_minutes * 60000),
        sync_url,
        max(0.0, args.sync_minutes * 60),
        transports,
        prepare,
        login if args.demo else None,  # the demo's own vault only
    )
    window = MainWindow(services)
    # Closing the window ends the application even if some other window were left open.
    window.closed.connect(app.quit)
    _installer_hooks(app, window, started)
    window.show()
    # Ctrl+C in the terminal closes the window properly (store locked, server stopped):
    # Python handles signals only between Qt events, so a timer wakes it regularly.
    signal.signal(signal.SIGINT, lambda *_args: window.close())
    wake = QTimer()
    wake.timeout.connect(lambda: None)
    wake.start(500)
    try:
        return int(app.exec())
    finally:
        if server is not None:
            server.stop()
