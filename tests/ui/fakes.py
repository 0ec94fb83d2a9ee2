"""Test doubles at the edges of the UI: a sample intake form widget and a sync engine.

Only for tests: the shipped application wires the real renderer and sync client.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.ui.ports import ProgressCallback, Row, SyncReport


class SampleForm(QWidget):
    """Stands in for the forms renderer: valid ``ficha_atencion`` answers for a person."""

    form_id = "ficha_atencion"
    form_version = 1

    def __init__(
        self, sink: Callable[[Mapping[str, Any]], None], person: Mapping[str, Any], parent: Any
    ) -> None:
        super().__init__(parent)
        import forms
        from app.core import sample

        definition = forms.load_registry().get(self.form_id)
        self.form_version = int(definition.version)
        self._answers = sample.intake_answers(random.Random(3), dict(person), definition)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Ficha de atención (formulario de prueba)"))
        sink(self._answers)  # a draft is saved as soon as the form opens

    def answers(self) -> dict[str, Any]:
        return dict(self._answers)

    def problems(self, reveal: bool = True) -> list[str]:
        return []


def sample_form_factory(person: Mapping[str, Any]) -> Any:
    def factory(sink: Callable[[Mapping[str, Any]], None], parent: QWidget) -> QWidget:
        return SampleForm(sink, person, parent)

    return factory


class FakeSync:
    """A sync engine that reports progress in steps, released by the test."""

    def __init__(self, steps: int = 5) -> None:
        self.steps = steps
        self.url = "http://127.0.0.1:9"
        self.release = threading.Event()
        self.progress_seen: list[tuple[str, int, int]] = []
        self.rounds: list[Row] = []

    def configured(self) -> bool:
        return bool(self.url)

    def server_url(self) -> str:
        return self.url

    def set_server_url(self, url: str) -> None:
        self.url = url

    def run_round(self, progress: ProgressCallback) -> SyncReport:
        progress("push", 0, self.steps)
        self.release.wait(10)
        for i in range(1, self.steps + 1):
            progress("push", i, self.steps)
            self.progress_seen.append(("push", i, self.steps))
        progress("pull", 1, 1)
        self.rounds.append({"at": "2026-11-26T10:00:00", "summary": "5 enviados"})
        return SyncReport(sent=self.steps, received=1)

    def history(self) -> list[Row]:
        return list(self.rounds)

    def export_bundle(self, path: Path) -> int:
        return 0

    def import_bundle(self, path: Path) -> SyncReport:
        return SyncReport()
