"""Enforces the dependency rules of the architecture by scanning every import statement."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _sources(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _violations(package: str, forbidden: tuple[str, ...], allowed_under: str = "") -> list[str]:
    bad = []
    for path in _sources(package):
        rel = path.relative_to(ROOT).as_posix()
        if allowed_under and rel.startswith(allowed_under):
            continue
        for name in _imports(path):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                bad.append(f"{rel} imports {name}")
    return bad


def test_only_ui_imports_qt() -> None:
    bad = []
    for package in ("app", "forms", "stats", "sync"):
        bad += _violations(package, ("PySide6", "PyQt5", "PyQt6", "pytestqt"), "app/ui/")
    assert bad == []


def test_sync_never_imports_app() -> None:
    assert _violations("sync", ("app", "main")) == []


def test_forms_imports_nothing_of_ours() -> None:
    assert _violations("forms", ("app", "sync", "main")) == []


def test_stats_imports_only_forms() -> None:
    """The shared statistics are pure: the client and the server both import them."""
    assert _violations("stats", ("app", "sync", "main")) == []


def test_store_does_not_import_core_or_ui() -> None:
    assert _violations("app/store", ("app.core", "app.ui", "app.reports", "app.cli")) == []


def test_scanner_sees_imports(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("import PySide6.QtCore\nfrom app.core import x\n", encoding="utf-8")
    assert _imports(probe) == {"PySide6.QtCore", "app.core"}
