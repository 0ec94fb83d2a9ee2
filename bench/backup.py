"""Benchmark of vault backups: MB/s and peak memory with a 100 MB attachment set.

Run: ``.venv/bin/python -m bench.backup [--mb 100] [--files 10]``

A vault (cheap key derivation) gets ``--files`` random attachments totalling ``--mb`` MB
and a few thousand people. Each step runs in a child process so that its peak resident
memory (``ru_maxrss``) is its own:

- baseline: ``shutil.copytree`` of the vault folder (the disk's own copy speed, no crypto)
  and the child's peak RSS after unlocking only (what any command costs);
- ``create_backup`` (online SQLite backup + tar + AES-GCM chunks), ``verify_backup`` and
  ``restore_backup``: seconds, MB/s over the backup's size, peak RSS, and the ratio to the
  baseline copy. Memory must not grow with the attachment set (streamed in 1 MiB chunks).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PASS = "frase de prueba larga del banco"


def _child(step: str, vault: Path, work: Path) -> dict[str, float]:
    """Run one step in this process (called as a child); returns figures."""
    from app.store import KdfParams, Vault, keys
    from app.store.backup import create_backup
    from app.store.restore import Opener, restore_backup, verify_backup

    keys.MINIMUM = KdfParams.fast()  # the bench vault uses cheap key derivation
    started = time.perf_counter()
    size = 0
    if step == "copy":
        shutil.copytree(vault, work / "copy")
        size = sum(p.stat().st_size for p in (work / "copy").rglob("*") if p.is_file())
    elif step == "unlock":
        Vault.unlock(vault, "ana", PASS).lock()
    elif step == "backup":
        store = Vault.unlock(vault, "ana", PASS)
        try:
            size = create_backup(store, work).bytes
        finally:
            store.lock()
    else:
        file = next(work.glob("*.chqbak"))
        size = file.stat().st_size
        if step == "verify":
            verify_backup(file, Opener("ana", PASS))
        else:
            restore_backup(file, work / "restored", Opener("ana", PASS))
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "bytes": size, "peak_mib": peak_kib / 1024}


def _run(step: str, vault: Path, work: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.backup", "--child", step, str(vault), str(work)],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _make_vault(root: Path, mb: int, files: int) -> Path:
    from app.store import KdfParams, Vault
    from app.store.attachments import Attachments

    vault = root / "vault"
    store, _ = Vault.create(vault, "LIM01", "ALEGRA Lima", "ana", PASS, kdf=KdfParams.fast())
    try:
        with store.transaction() as tx:
            for i in range(3000):
                tx.insert("person", {"office_id": store.office_id, "given_names": f"Persona {i}"})
        each = mb * 1_000_000 // files
        for i in range(files):
            Attachments(store).add(os.urandom(each), f"scan{i}.bin", "application/octet-stream")
    finally:
        store.lock()
    return vault


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=int, default=100)
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--child", nargs=3, metavar=("STEP", "VAULT", "WORK"))
    args = parser.parse_args()
    if args.child:
        step, vault, work = args.child
        print(json.dumps(_child(step, Path(vault), Path(work))))
        return 0
    with tempfile.TemporaryDirectory(prefix="chasqui-bench-") as tmp:
        root = Path(tmp)
        vault = _make_vault(root, args.mb, args.files)
        work = root / "work"
        work.mkdir()
        copy = _run("copy", vault, root)
        base = _run("unlock", vault, work)
        print(f"vault: {args.mb} MB in {args.files} attachments + 3000 people")
        print(
            f"baseline copytree: {copy['bytes'] / 1e6:.1f} MB in {copy['seconds']:.2f} s "
            f"= {copy['bytes'] / 1e6 / copy['seconds']:.0f} MB/s; "
            f"unlock-only peak RSS {base['peak_mib']:.0f} MiB"
        )
        for step in ("backup", "verify", "restore"):
            got = _run(step, vault, work)
            rate = got["bytes"] / 1e6 / got["seconds"]
            print(
                f"{step:8s}: {got['bytes'] / 1e6:.1f} MB in {got['seconds']:.2f} s = "
                f"{rate:.0f} MB/s "
                f"({got['seconds'] / copy['seconds']:.1f}x the plain copy); peak RSS "
                f"{got['peak_mib']:.0f} MiB (+{got['peak_mib'] - base['peak_mib']:.0f} MiB over "
                "unlock-only)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
