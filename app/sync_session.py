"""One sync session: how this app talks to its server, assembled in one place.

Owns ``SyncSession`` — for one unlocked store: its replica (the store's side of
``sync.client``), the server address and device token kept in the store's sync state,
transports (``HttpTransport`` unless a factory is injected), one ``SyncEngine`` round at
a time with the store's attachment files (``run_round``), the reachability probe,
enrollment and the USB bundles — and ``wipe_revoked``, the one "revoked device" policy:
the server revoked this device (lost or stolen), so its store is locked (the key leaves
memory) and its copy is crypto-shredded (``Vault.wipe``). The engine never deletes
anything itself; the front end calls ``wipe_revoked`` when a round reports
``revoked``. Used by ``app/sync_cli.py`` (``chasqui enroll|sync|bundle``) and by the
desktop app (``app/ui/sync_adapter.py``); ``prepare`` runs before each round (the demo
repairs its vault's link there: ``app.ui.demo.DemoServer.repair_link``). Qt-free;
everything here blocks.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
REVOKED = "revoked"  # RoundReport.status of a device the server revoked
TransportFactory = Callable[[str, str | None], Any]  # (server url, device token or None)
Progress = Callable[[str, int, int], None]


def http_transport(url: str, token: str | None) -> Any:
    from sync.client import HttpTransport

    return HttpTransport(url, token)


def replica_of(store: Any) -> Any:
    """The store as ``sync.client`` sees it (``ReplicaStore``): ``store.replica``."""
    return store.replica


class SyncSession:
    """The sync side of one unlocked store (see the module docstring)."""

    def __init__(
        self,
        store: Any,
        transport_factory: TransportFactory = http_transport,
        default_url: str = "",
        prepare: Callable[[SyncSession], None] | None = None,
    ) -> None:
        self.store = store
        self.replica = replica_of(store)
        self.transport_factory = transport_factory
        self._default_url = default_url
        # run before each round (the demo repairs its vault's link to its own server)
        self.prepare = prepare
        self._round_lock = threading.Lock()  # two rounds of one store never overlap

    # -- where and who
    def server_url(self) -> str:
        return str(self.replica.get_sync_state("server_url") or self._default_url)

    def set_server_url(self, url: str) -> None:
        self.replica.set_sync_state("server_url", url.rstrip("/") or None)

    def configured(self) -> bool:
        """Enrolled: a server address and a device token."""
        return bool(self.server_url() and self.replica.get_sync_state("device_token"))

    def cannot_sync(self) -> str | None:
        """Why no round may run, or None: ``"suspended"`` (a vault restored from a
        backup must re-enroll as a new device), ``"not_enrolled"``, or the server
        address's problem (e.g. http:// to another computer), in English."""
        from app.store.restore import sync_suspended
        from sync.client.transport import address_problem

        if sync_suspended(self.store):
            return "suspended"
        if not self.configured():
            return "not_enrolled"
        return address_problem(self.server_url())

    def transport(self, authenticated: bool = True) -> Any:
        """A new transport to the server (with the device token unless asked not to)."""
        token = self.replica.get_sync_state("device_token") if authenticated else None
        return self.transport_factory(self.server_url(), token)

    # -- rounds
    def engine(self, transport: Any) -> Any:
        """A ``SyncEngine`` over this store's replica and attachment files."""
        from app.store.attachments import AttachmentTransfers
        from sync.client import SyncEngine

        return SyncEngine(self.replica, transport, attachments=AttachmentTransfers(self.store))

    def run_round(self, progress: Progress | None = None, cancel: Any = None) -> Any:
        """One round (a ``sync.client`` ``RoundReport``; never raises for link, server or
        store failures). Rounds are serialised; each uses a fresh transport, closed after."""
        with self._round_lock:
            if self.prepare is not None:
                try:
                    self.prepare(self)
                except Exception:  # the round then says what is wrong with the link
                    log.warning("preparing the sync round failed", exc_info=True)
            transport = self.transport()
            try:
                return self.engine(transport).run_round(progress=progress, cancel=cancel)
            finally:
                transport.close()

    def probe(self, timeout: float = 10.0) -> bool:
        """True when the server answers its health check (one small request)."""
        from sync.client import probe

        transport = self.transport(authenticated=False)
        try:
            return bool(probe(transport, timeout=timeout))
        finally:
            transport.close()

    # -- enrollment and bundles
    def enroll(
        self,
        url: str,
        code: str,
        device_name: str | None = None,
        transport: Any = None,
        fingerprint: str | None = None,
    ) -> Any:
        """Enroll this vault with the server's one-time code (``EnrollResult``, with the
        server's ``fingerprint``; when ``fingerprint`` is given it must match)."""
        from sync.client import enroll

        return enroll(
            url,
            code,
            self.replica,
            device_name=device_name,
            transport=transport,
            fingerprint=fingerprint,
        )

    def export_bundle(self, path: Path) -> Any:
        from sync.client import export_bundle

        return export_bundle(self.replica, path)

    def import_bundle(self, path: Path) -> Any:
        from sync.client import import_bundle

        return import_bundle(self.replica, path)


def wipe_revoked(data_dir: Path, store: Any = None) -> list[str]:
    """The server revoked this device: lock ``store`` (if still open), then destroy the
    local copy (key file crypto-shredded, database and attachments removed). Returns what
    was removed. The one place this policy lives (CLI and desktop)."""
    from app.store import Vault

    if store is not None:
        store.lock()
    return Vault.wipe(Path(data_dir))
