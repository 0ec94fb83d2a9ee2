"""The PySide6 6.12 / CPython 3.11 ``None`` reference-count work-around holds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_PROBE = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, {root!r})
{guard}
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QScrollBar
app = QApplication([])
bar = QScrollBar()
for _ in range(50_000):  # void calls: each one used to drop a reference to None
    bar.setValue(1)
class Carrier(QObject):
    sig = Signal(object)
carrier = Carrier()
carrier.sig.connect(lambda value: None)
for _ in range(50_000):  # bools through an object signal dropped references to them
    carrier.sig.emit(True)
    carrier.sig.emit(False)
print("survived", flush=True)
"""


def _run(guard: str) -> subprocess.CompletedProcess[str]:
    code = _PROBE.format(root=str(ROOT), guard=guard)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def test_many_void_qt_calls_do_not_kill_the_interpreter() -> None:
    result = _run("import app.ui")
    assert result.returncode == 0, result.stderr[-500:]
    assert "survived" in result.stdout


def test_protect_none_is_idempotent() -> None:
    from app.ui.qtfix import protect_none

    before = sys.getrefcount(None)
    assert protect_none() is False  # already applied when app.ui was imported
    assert sys.getrefcount(None) >= before
