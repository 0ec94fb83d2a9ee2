"""The reminder's rule, the daily rotation (last 3 kept) and the settings in the store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.store import Vault
from app.store import backup as bk
from tests.backup.conftest import Made
from tests.conftest import PASS

DAY = dt.timedelta(days=1)
T0 = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)


def test_reminder_rule(made: Made, tmp_path: Path) -> None:
    store = Vault.unlock(made.data_dir, "ana", PASS)
    try:
        store.replica.confirm_changes(
            [c.change_id for c in store.replica.pending_changes(100)], "epoch"
        )
        assert store.replica.pending_count() == 0
        assert not bk.backup_due(store)  # nothing waiting: the server has everything
        store.insert("person", {"office_id": store.office_id, "given_names": "Rosa"})
        assert bk.backup_due(store)  # never backed up
        (tmp_path / "usb").mkdir()
        bk.create_backup(store, tmp_path / "usb", now=T0)
        assert bk.last_backup(store) == T0
        assert not bk.backup_due(store, now=T0 + 6 * DAY)
        assert bk.backup_due(store, now=T0 + 8 * DAY)
        bk.set_reminder_days(store, 30)
        assert bk.reminder_days(store) == 30
        assert not bk.backup_due(store, now=T0 + 8 * DAY)
    finally:
        store.lock()


def test_daily_rotation_keeps_three(made: Made) -> None:
    store = Vault.unlock(made.data_dir, "ana", PASS)
    try:
        assert bk.auto_backup_if_due(store, now=T0) is None  # off by default
        bk.set_auto(store, True)
        made_paths = []
        for day in range(5):
            first = bk.auto_backup_if_due(store, now=T0 + day * DAY)
            assert first is not None
            made_paths.append(first.path.name)
            assert bk.auto_backup_if_due(store, now=T0 + day * DAY + dt.timedelta(hours=3)) is None
        kept = sorted(p.name for p in (made.data_dir / bk.BACKUPS_DIR).glob("*.chqbak"))
        assert kept == sorted(made_paths[-3:])
        actions = [r["action"] for r in store.query("SELECT action FROM audit_event")]
        assert actions.count("backup") == 5 and "backup_settings" in actions
    finally:
        store.lock()
    Vault.wipe(made.data_dir)  # a revoked device: the local copies go too
    assert not (made.data_dir / bk.BACKUPS_DIR).exists()
