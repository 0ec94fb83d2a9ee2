"""Child process: unlock a vault, use it, lock it, then count copies of the data key's
hex text left in this process's memory (read from /proc/self/mem)."""

from __future__ import annotations

import gc
import re
import sys
from pathlib import Path

from tests.kdf_floor import lower


def _regions() -> list[tuple[int, int]]:
    out = []
    for line in Path("/proc/self/maps").read_text().splitlines():
        addresses, perms = line.split()[:2]
        if "r" not in perms or line.endswith(("[vvar]", "[vsyscall]")):
            continue
        start, end = (int(x, 16) for x in addresses.split("-"))
        out.append((start, end))
    return out


def count(first: bytes, second: bytes) -> int:
    """Occurrences of first+second (hex halves) without building the joined pattern."""
    found = 0
    with open("/proc/self/mem", "rb", buffering=0) as mem:
        for start, end in _regions():
            try:
                mem.seek(start)
                chunk = mem.read(end - start)
            except (OSError, OverflowError, ValueError):
                continue
            for m in re.finditer(re.escape(first), chunk):
                tail = chunk[m.end() : m.end() + len(second)]
                if tail == second:
                    found += 1
            del chunk
    return found


def main() -> None:
    lower()
    from app.store import Vault

    store = Vault.unlock(Path(sys.argv[1]), "ana", sys.argv[2])
    key = store._key
    assert key is not None
    first, second = key[:16].hex().encode(), key[16:].hex().encode()
    store.query("SELECT count(*) AS n FROM person")
    before = count(first, second)
    store.lock()
    gc.collect()
    print(before, count(first, second))


if __name__ == "__main__":
    main()
