"""``sync.client``'s public names are what they say, whatever was imported before.

The package loads its modules on first use (PEP 562). Importing a submodule sets an
attribute of the package named after it, so a submodule named like a public function
(``sync/client/enroll.py`` beside the function ``enroll``) made ``from sync.client import
enroll`` hand out the module once anything had imported it: ``chasqui enroll`` and the
desktop's "Vincular" failed with "internal error (TypeError)".
"""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import sync.client

ROOT = Path(__file__).resolve().parents[2]


def test_no_submodule_is_named_like_a_public_name() -> None:
    submodules = {info.name for info in pkgutil.iter_modules(sync.client.__path__)}
    assert submodules.isdisjoint(sync.client.__all__)


def test_every_public_name_is_its_object_after_every_submodule_was_imported() -> None:
    for info in pkgutil.iter_modules(sync.client.__path__):
        importlib.import_module(f"sync.client.{info.name}")
    for name in sync.client.__all__:
        assert not isinstance(getattr(sync.client, name), ModuleType), name
    assert callable(sync.client.enroll)


def test_enroll_is_the_function_after_its_errors_were_looked_up_first() -> None:
    """The order the CLI takes: its error map asks for AlreadyEnrolled, then enroll runs."""
    code = (
        "import sync.client as c; c.AlreadyEnrolled; "
        "from sync.client import enroll; assert callable(enroll), enroll"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
