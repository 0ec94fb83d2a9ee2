"""``SyncPort`` and device enrollment over ``sync.client`` for the desktop application.

Owns: ``EngineSyncPort`` (server address in the store's sync state, one ``SyncEngine``
round per call with progress passed through, the last rounds kept as a short local
history, "online" remembered for the status bar, USB bundles), ``AutoSync`` (automatic
rounds: ``sync.client.Scheduler`` over the port, Qt-free; its callbacks run on the
scheduler's thread, the UI turns them into signals), ``make_sync_port`` (the factory
``app.ui.wiring`` uses) and ``enroll`` (creates the vault, enrolls it with the server's
one-time code, returns the unlocked store and its recovery key). Everything here blocks:
the UI calls it from the worker pool (or the scheduler's thread).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject

from app.sync_session import SyncSession, TransportFactory, http_transport
from app.ui.errors import messages, user_message
from app.ui.ports import LAST_ROUND, ProgressCallback, Row, SyncReport

HISTORY_KEY = "ui_history"
HISTORY_SIZE = 30

_STATUS_ES = {
    "ok": QT_TRANSLATE_NOOP("sync", "Sincronización completa."),
    "offline": QT_TRANSLATE_NOOP(
        "sync", "Sin conexión con el servidor. Los cambios quedan guardados en este equipo."
    ),
    "cancelled": QT_TRANSLATE_NOOP("sync", "Sincronización cancelada."),
    "local_error": QT_TRANSLATE_NOOP(
        "sync", "No se pudo escribir en este equipo (¿disco lleno?). No se perdió nada."
    ),
    "error": QT_TRANSLATE_NOOP("sync", "El servidor rechazó la sincronización."),
    "outgoing_bundle": QT_TRANSLATE_NOOP(
        "sync",
        "Este es el paquete que este equipo preparó para el servidor: llévelo a la oficina. "
        "Aquí se importa la respuesta que el servidor entrega (otro archivo).",
    ),
}


# Statuses that end a round with one of sync.client's errors: said as that error is
# (``app.ui.errors``, the one wording), never a second sentence.
_STATUS_ERRORS = {
    "update_required": "UpdateRequired",
    "revoked": "Revoked",
    "unauthorized": "Unauthorized",
    "not_enrolled": "NotEnrolled",
}


def status_text(status: str) -> str:
    """The Spanish sentence of a round's status (``RoundReport.status``)."""
    error = _STATUS_ERRORS.get(status)
    if error is not None:
        from sync.client import errors as client

        return QCoreApplication.translate("errors", str(messages()[getattr(client, error)]))
    text = _STATUS_ES.get(status)
    return QCoreApplication.translate("sync", str(text)) if text else status


def _round_error(report: Any) -> str:
    """What ended the round, by its error's class when known (a bad answer, a full disk)."""
    failure = getattr(report, "failure", None)
    return user_message(failure) if failure is not None else status_text(report.status)


class _Counts(QObject):
    """The context of the round's count texts (lupdate reads ``self.tr`` with a plural
    ``n``; it does not read one in ``QCoreApplication.translate``)."""

    def text(self, report: SyncReport, quarantined: bool) -> str:
        parts = [
            self.tr("%n enviado(s)", "", report.sent),
            self.tr("%n recibido(s)", "", report.received),
            self.tr("%n conflicto(s)", "", report.conflicts),
        ]
        if quarantined:
            parts.append(self.tr("%n en cuarentena", "", report.quarantined))
        return ", ".join(parts)


def round_counts(report: SyncReport, quarantined: bool = False) -> str:
    """What a round moved, in Spanish with its plurals ("1 enviado, 3 recibidos,
    0 conflictos"; Qt picks the form for each number from ``chasqui_es.qm``)."""
    return _Counts().text(report, quarantined)


class EngineSyncPort:
    """One store, one server: the app's ``SyncSession`` plus what the screens keep
    (history of rounds, "online" for the status bar, the UI's ``SyncReport``)."""

    def __init__(
        self,
        store: Any,
        default_url: str | None = None,
        transport_factory: TransportFactory = http_transport,
        prepare: Callable[[SyncSession], None] | None = None,
    ) -> None:
        self._store = store
        self.session = SyncSession(store, transport_factory, default_url or "", prepare)

    def configured(self) -> bool:
        """Enrolled — or linked by its first round (``prepare``: the demo's vault, made
        while its server could not start, is enrolled then; fresh-eyes #24)."""
        return self.session.configured() or self.session.prepare is not None

    def server_url(self) -> str:
        return self.session.server_url()

    def set_server_url(self, url: str) -> None:
        self.session.set_server_url(url)

    def run_round(self, progress: ProgressCallback) -> SyncReport:
        return to_sync_report(self.engine_round(progress))

    def engine_round(self, progress: ProgressCallback | None, cancel: Any = None) -> Any:
        """One ``SyncEngine`` round (a ``sync.client`` ``RoundReport``), remembered."""
        report = self.session.run_round(progress, cancel)
        self.session.replica.set_sync_state("online", report.status != "offline")
        self.session.replica.set_sync_state(LAST_ROUND, report.status)
        self._remember(to_sync_report(report), report.status)
        return report

    def auto_sync(
        self,
        *,
        every: float,
        probe_every: float,
        on_report: Callable[[SyncReport], None],
        on_online: Callable[[bool], None],
        progress: ProgressCallback | None = None,
    ) -> AutoSync:
        """Automatic rounds for this (enrolled) store; call ``start()`` on the result."""
        return AutoSync(
            self,
            every=every,
            probe_every=probe_every,
            on_report=on_report,
            on_online=on_online,
            progress=progress,
        )

    def set_online(self, online: bool) -> None:
        self.session.replica.set_sync_state("online", online)

    def _remember(self, report: SyncReport, status: str) -> None:
        summary = round_counts(report, quarantined=True)
        if report.error:
            summary = f"{report.error} ({summary})"
        entry = {
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "status": status,
            "summary": summary,
        }
        history = list(self.session.replica.get_sync_state(HISTORY_KEY, []) or [])
        self.session.replica.set_sync_state(HISTORY_KEY, [entry, *history][:HISTORY_SIZE])

    def probe(self) -> bool:
        """True when the server answers its health check (one small request)."""
        online = self.session.probe()
        self.session.replica.set_sync_state("online", online)
        return online

    def history(self) -> list[Row]:
        """The last rounds, newest first. A round that ended in one of ``sync.client``'s
        errors is said in today's words (its stored counts kept): an entry written by
        an older version keeps no outdated advice (fresh-eyes 5 #6: "Vuelva a
        vincularlo", which no action of the app does)."""
        out = []
        for entry in list(self.session.replica.get_sync_state(HISTORY_KEY, []) or []):
            status, summary = str(entry.get("status") or ""), str(entry.get("summary") or "")
            if status in _STATUS_ERRORS and summary.endswith(")") and " (" in summary:
                entry = {**entry, "summary": status_text(status) + summary[summary.rindex(" (") :]}
            out.append(entry)
        return out

    def export_bundle(self, path: Path) -> int:
        return int(self.session.export_bundle(path).exported)

    def import_bundle(self, path: Path) -> SyncReport:
        """Apply the server's reply bundle. A request bundle (the package this laptop
        exported for the server) is refused with what to do instead, nothing applied
        (fresh-eyes 5 #18: it was said to be "de otro equipo o dañado")."""
        from sync.client import bundle

        header, _head, _rest = bundle.read_header(bundle.read_file(Path(path)))
        if header.kind == bundle.REQUEST:
            return SyncReport(status="error", error=status_text("outgoing_bundle"))
        r = self.session.import_bundle(path)
        out = SyncReport(
            status="bundle_again" if r.already_imported else "bundle",  # said as a package
            sent=r.confirmed,
            received=r.pulled,
            conflicts=r.conflicts,
            quarantined=r.quarantined,
            error=None if not r.errors else "; ".join(r.errors),
        )
        self._remember(out, "bundle")
        return out


def to_sync_report(report: Any) -> SyncReport:
    """The UI's ``SyncReport`` for a ``sync.client`` ``RoundReport``."""
    return SyncReport(
        status=report.status,
        sent=report.pushed,
        received=report.pulled,
        conflicts=report.conflicts,
        quarantined=report.quarantined,
        error=None if report.status == "ok" else _round_error(report),
        details=list(report.errors),
    )


class _PortEngine:
    """What ``Scheduler`` uses of an engine (``transport``, ``run_round``), over the port."""

    def __init__(self, port: EngineSyncPort, transport: Any) -> None:
        self.port = port
        self.transport = transport

    def run_round(self, progress: ProgressCallback | None = None, cancel: Any = None) -> Any:
        return self.port.engine_round(progress, cancel)


class AutoSync:
    """Rounds when the server becomes reachable, every ``every`` s while online, and on
    ``request()`` — one at a time (``sync.client.Scheduler``). ``on_report``,
    ``on_online`` and ``progress`` are called on the scheduler's thread."""

    def __init__(
        self,
        port: EngineSyncPort,
        *,
        every: float,
        probe_every: float,
        on_report: Callable[[SyncReport], None],
        on_online: Callable[[bool], None],
        progress: ProgressCallback | None = None,
    ) -> None:
        from sync.client import Scheduler, SyncEngine

        self._stopped = False
        self._probe = port.session.transport(authenticated=False)

        def report(r: Any) -> None:
            if not self._stopped:
                on_report(to_sync_report(r))

        def online(ok: bool) -> None:
            if not self._stopped:
                port.set_online(ok)
                on_online(ok)

        self.scheduler = Scheduler(
            cast(SyncEngine, _PortEngine(port, self._probe)),
            probe_transport=self._probe,
            every=every,
            probe_every=probe_every,
            on_report=report,
            on_online=online,
            progress=progress,
        )

    @property
    def rounds(self) -> int:
        return self.scheduler.rounds

    def running(self) -> bool:
        thread = self.scheduler._thread
        return thread is not None and thread.is_alive()

    def start(self) -> None:
        self.scheduler.start()

    def request(self) -> None:
        self.scheduler.request()

    def stop(self, timeout: float = 10.0) -> None:
        """No callback after this returns; a running round is cancelled cleanly."""
        self._stopped = True
        self.scheduler.stop(timeout)
        self._probe.close()


def make_sync_port(
    backend: Any,
    server_url: str | None = None,
    transports: TransportFactory | None = None,
    prepare: Callable[[SyncSession], None] | None = None,
) -> EngineSyncPort:
    return EngineSyncPort(backend.store, server_url, transports or http_transport, prepare)


def server_fingerprint(store: Any) -> str:
    """The fingerprint of the server this vault enrolled with ("" when unknown), shown
    so the defender can compare it with what the administrator read."""
    try:
        enrollment = SyncSession(store).replica.get_sync_state("enrollment") or {}
    except Exception:  # not a real store (a test double): nothing to show
        return ""
    return str(enrollment.get("fingerprint") or "") if isinstance(enrollment, dict) else ""


def enroll(
    data_dir: Path,
    server_url: str,
    code: str,
    user_name: str,
    passphrase: str,
    transport: Any = None,
    kdf: Any = None,
) -> tuple[Any, str]:
    """Create a vault for this device and enroll it; (unlocked store, recovery key).

    The vault takes the office of the server. If enrollment fails, the empty vault that
    this call created is removed again, so the user can retry with another code.
    """
    from app.store import Vault

    data_dir = Path(data_dir)
    created_dir = not data_dir.exists()
    store, recovery_key = Vault.create(
        data_dir,
        office_code="PEND",
        office_name="Enrolamiento pendiente",
        user_name=user_name,
        passphrase=passphrase,
        kdf=kdf,
    )
    try:
        SyncSession(store).enroll(server_url, code, transport=transport)
    except BaseException:
        store.lock()
        if created_dir:
            shutil.rmtree(data_dir, ignore_errors=True)
        raise
    return store, recovery_key
