"""Process hygiene of the client (CLI and desktop): no core dumps, no raw control
characters on the terminal.

- ``disable_core_dumps()`` sets ``RLIMIT_CORE`` to 0 where the platform has it (a crash
  dump would hold the data key and decrypted records); called first by ``main.py`` and
  ``app.cli.main``.
- ``guard_terminal()`` wraps ``sys.stdout``/``sys.stderr`` so that control characters
  coming from data (a name holding ``ESC ]0;...`` or ``ESC [2J``, bidirectional
  overrides) are written as visible ``\\u00XX`` escapes instead of being obeyed by the
  terminal. Newlines and tabs pass; carriage returns pass on stderr only (progress
  lines). ``\\u00XX`` is also a valid JSON escape, so JSON output stays valid and
  decodes to the same values.
"""

from __future__ import annotations

import re
import sys
from typing import Any, TextIO

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # direction marks and overrides
_UNSAFE_OUT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
_UNSAFE_ERR = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}]")


def disable_core_dumps() -> bool:
    """No core file for this process (and its children); False where unsupported."""
    try:
        import resource
    except ImportError:  # Windows: no core files; crash dumps are opt-in (WER)
        return False
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        return False
    return True


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def clean(text: str, *, allow_cr: bool = False) -> str:
    """``text`` with terminal control characters made visible (``\\u001b``)."""
    return (_UNSAFE_ERR if allow_cr else _UNSAFE_OUT).sub(_escape, text)


class SafeStream:
    """A text stream that escapes control characters before writing them."""

    def __init__(self, stream: TextIO, *, allow_cr: bool = False) -> None:
        self._stream = stream
        self._pattern = _UNSAFE_ERR if allow_cr else _UNSAFE_OUT

    def write(self, text: str) -> int:
        self._stream.write(self._pattern.sub(_escape, text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def guard_terminal() -> None:
    """Wrap ``sys.stdout`` and ``sys.stderr`` once (idempotent)."""
    if not isinstance(sys.stdout, SafeStream) and sys.stdout is not None:
        sys.stdout = SafeStream(sys.stdout)
    if not isinstance(sys.stderr, SafeStream) and sys.stderr is not None:
        sys.stderr = SafeStream(sys.stderr, allow_cr=True)
