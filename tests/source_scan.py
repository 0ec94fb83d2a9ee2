"""Scanning our own source lines for a pattern (tests that forbid something outside the
one module that owns it)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path


def lines_matching(
    root: Path,
    packages: tuple[str, ...],
    pattern: re.Pattern[str],
    skip: Callable[[str], bool] = lambda _rel: False,
) -> list[str]:
    """``path:line: text`` of every line under ``packages`` matching ``pattern``."""
    found = []
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            rel = path.relative_to(root).as_posix()
            if skip(rel):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line):
                    found.append(f"{rel}:{number}: {line.strip()}")
    return found
