"""Test-only: lower the key-file KDF floor to ``KdfParams.fast()`` (the suite's cheap vaults).

Production code never lowers the floor: ``app.store.keys.MINIMUM`` is a constant and
nothing read from a file or the environment changes it. The suite lowers it in-process
(``tests/conftest.py``) and in the child processes it starts: ``python -m tests.kdf_floor
MODULE ARGS...`` runs ``MODULE`` as ``__main__`` with the floor lowered, and child
scripts call :func:`lower`. Tests of the floor itself run ``python -m app.cli`` directly.

A child started here also runs without pandas, as the installed app does (the bundle has
no pandas; the test environment has it for lifelines, a reference library): sqlite-utils
imports pandas whenever it is installed, about 0.5 s of every CLI start in the tests.
"""

from __future__ import annotations

import runpy
import sys


def lower() -> None:
    from app.store import keys

    keys.MINIMUM = keys.KdfParams.fast()


if __name__ == "__main__":
    sys.modules.setdefault("pandas", None)  # type: ignore[arg-type]  # "import" fails fast
    lower()
    module = sys.argv[1]
    sys.argv = [module, *sys.argv[2:]]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
