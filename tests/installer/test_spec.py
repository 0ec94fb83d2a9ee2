"""The PyInstaller spec carries every resource the app reads at run time, and each module
that looks for resources finds them under ``sys._MEIPASS`` inside a bundle."""

from __future__ import annotations

import ast
import importlib.util
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "installer" / "chasqui.spec"


def spec_constants() -> dict[str, Any]:
    """Module-level literal assignments of the spec (it is Python, read without running)."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))
    found: dict[str, Any] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                try:
                    found[target.id] = ast.literal_eval(node.value)
                except ValueError:
                    continue
    return found


def load_script(name: str) -> Any:
    """Import ``installer/<name>.py`` by path (``build`` is also a PyPI package name)."""
    spec = importlib.util.spec_from_file_location(
        f"chasqui_installer_{name}", ROOT / "installer" / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_resource_directory_is_in_the_spec() -> None:
    listed = set(spec_constants()["RESOURCE_DIRS"])
    on_disk = {f"resources/{p.name}" for p in (ROOT / "resources").iterdir() if p.is_dir()}
    missing = sorted(on_disk - listed)
    assert not missing, f"add {missing} to RESOURCE_DIRS in installer/chasqui.spec"
    stale = sorted(d for d in listed if not (ROOT / d).is_dir())
    assert not stale, f"RESOURCE_DIRS lists missing directories {stale}"


def test_no_loose_files_directly_in_resources() -> None:
    """The spec copies directories; a file put straight into resources/ would be left out."""
    loose = [p.name for p in (ROOT / "resources").iterdir() if p.is_file()]
    assert not loose, f"put {loose} in a sub-directory listed in RESOURCE_DIRS"


def test_form_definitions_and_migrations_are_in_the_spec() -> None:
    data_dirs = set(spec_constants()["DATA_DIRS"])
    assert {"forms/definitions", "sync/server/migrations"} <= data_dirs
    for rel in data_dirs:
        assert (ROOT / rel).is_dir(), rel
    assert list((ROOT / "forms" / "definitions").glob("*.json"))


def test_the_spec_names_match_the_build_and_smoke_scripts() -> None:
    names = spec_constants()
    assert names["APP_NAME"] == "chasqui"
    assert names["CLI_NAME"] == "chasqui-cli"
    build, smoke_test = load_script("build"), load_script("smoke_test")
    assert build.BUNDLE.name == names["APP_NAME"]
    assert smoke_test.executables(build.BUNDLE)[0].name.startswith(names["APP_NAME"])


@pytest.fixture
def fake_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ``sys._MEIPASS`` holding copies of the resources, as PyInstaller lays them out."""
    for rel in spec_constants()["RESOURCE_DIRS"]:
        shutil.copytree(ROOT / rel, tmp_path / rel)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.delenv("CHASQUI_RESOURCES", raising=False)
    return tmp_path


def test_forms_finds_the_ubigeo_catalog_in_the_bundle(fake_bundle: Path) -> None:
    from forms.ubigeo import resources_dir

    assert resources_dir() == fake_bundle / "resources"


def test_ui_finds_fonts_and_translations_in_the_bundle(fake_bundle: Path) -> None:
    from app.ui.i18n import resources_dir

    assert resources_dir() == fake_bundle / "resources"


def test_reports_find_the_fonts_in_the_bundle_first(fake_bundle: Path) -> None:
    from app.reports import fonts

    assert fonts.font_dirs()[0] == fake_bundle / "resources" / "fonts"
