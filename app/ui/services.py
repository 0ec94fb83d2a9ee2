"""The edges of the application, injected into ``MainWindow`` (by ``app.ui.app`` or a test).

Owns: ``Services`` — the vault port, the data folder, and factories for the backend, the
sync engine, the reports, the intake form renderer, device enrollment and backups, plus the idle
timeout and the automatic sync intervals. Factories are called only after unlocking, so
heavy packages load late.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.ui.backups import BackupPort, make_store_backups
from app.ui.idle import DEFAULT_IDLE_MS
from app.ui.ports import Backend, Enroll, FormFactory, ReportsPort, SyncPort, VaultPort

DEFAULT_SYNC_EVERY = 300.0  # automatic sync: 5 minutes between rounds while online


@dataclass
class Services:
    """The edges of the application, injected by ``app.ui.app`` (or a test)."""

    vault: VaultPort
    data_dir: Path
    make_backend: Callable[[Any], Backend]
    make_sync: Callable[[Backend], SyncPort | None] = lambda _b: None
    make_reports: Callable[[Backend], ReportsPort | None] = lambda _b: None
    form_factory: Callable[[Backend], FormFactory | None] = lambda _b: None
    enroll: Enroll | None = None
    make_backups: Callable[[Backend], BackupPort | None] = make_store_backups
    idle_ms: int = DEFAULT_IDLE_MS
    sync_every: float = DEFAULT_SYNC_EVERY  # s between automatic rounds online; 0: off
    sync_probe_every: float = 30.0  # s between reachability probes while offline
    # ``main.py --demo`` only: the demo vault's (user, passphrase), said on the unlock screen
    # (its data are synthetic; a real vault's passphrase is never shown anywhere)
    demo_login: tuple[str, str] | None = None
