"""``python -m forms``: checking definition files and validating answer files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from forms.__main__ import main


def test_check_shipped(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    shipped = Path(__file__).resolve().parents[2] / "forms" / "definitions"
    assert capsys.readouterr().out.count(": OK") == len(list(shipped.glob("*.v*.json"))) >= 4


def test_check_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "x.v1.json"
    bad.write_text('{"id": "x"}', encoding="utf-8")
    assert main(["check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "'version'" in out and "'sections'" in out


def test_validate_answers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"materia": "alimentos"}), encoding="utf-8")
    assert main(["validate", "cierre_caso:1", str(answers)]) == 1
    assert "fecha_cierre\trequired" in capsys.readouterr().out
    assert main(["validate", "nope", str(answers)]) == 2
    answers.write_text("{", encoding="utf-8")
    assert main(["validate", "cierre_caso", str(answers)]) == 2
