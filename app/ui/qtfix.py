"""Work-around for a reference-count bug of PySide6 6.12 on CPython 3.11.

Owns: ``protect_none()``. PySide6 6.12.0 hands out ``None``, ``True`` and ``False``
without taking a reference (harmless on Python >= 3.12, where they are immortal): every
void C++ call returns ``None`` that way, and every ``bool`` passed through a signal's
``object`` argument loses one reference to ``True``/``False``. On 3.11 each such call
lowers the count by one, and after a few thousand the interpreter aborts with "Fatal
Python error: none_dealloc" (or "bool_dealloc"). pyproject.toml pins PySide6 below 6.12
(6.11.3 is clean); this guard stays as a second line of defence should a build with the
bug be installed anyway: it raises their counts once by 2**40 at start-up, which makes
them effectively immortal as on 3.12. These singletons are never freed either way, so
nothing else changes.
No Qt import here: the package ``__init__`` calls this before any PySide6 use.
"""

from __future__ import annotations

import sys

_BUMP = 1 << 40
_FLOOR = 1 << 39


def protect_none() -> bool:
    """Raise the reference counts of None, True and False on CPython < 3.12; True when
    it changed anything."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    import ctypes

    changed = False
    for singleton in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(singleton))
        if count.value < _FLOOR:
            # Runs with the GIL held: no other thread changes the count meanwhile.
            count.value += _BUMP
            changed = True
    return changed
