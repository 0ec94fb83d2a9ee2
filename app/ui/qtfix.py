"""Work-around for a reference-count bug of PySide6 6.12 on CPython 3.11.

Owns: ``protect_none()``. PySide6 6.12.0 returns ``None`` from every void C++ call without
taking a reference (harmless on Python >= 3.12, where ``None`` is immortal). On 3.11 each
such call lowers ``None``'s reference count by one, and after a few thousand calls the
interpreter aborts with "Fatal Python error: none_dealloc". Until PySide6 is fixed (or
pinned), we raise ``None``'s count once by 2**40 at start-up, which makes it effectively
immortal as on 3.12. ``None`` is never freed either way, so nothing else changes.
No Qt import here: the package ``__init__`` calls this before any PySide6 use.
"""

from __future__ import annotations

import sys

_BUMP = 1 << 40
_FLOOR = 1 << 39


def protect_none() -> bool:
    """Raise the reference count of ``None`` on CPython < 3.12; True when it did."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    import ctypes

    count = ctypes.c_ssize_t.from_address(id(None))
    if count.value >= _FLOOR:
        return False
    # Runs with the GIL held: no other thread changes the count meanwhile.
    count.value += _BUMP
    return True
