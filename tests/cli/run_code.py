"""Test helper: ``python -m tests.cli.run_code CODE ARGS...`` runs CODE with ``sys.argv[1:]``
= ARGS (so a child can be started through ``tests.kdf_floor``)."""

from __future__ import annotations

import sys

if __name__ == "__main__":
    code = sys.argv[1]
    sys.argv = [sys.argv[0], *sys.argv[2:]]
    exec(compile(code, "<run_code>", "exec"), {"__name__": "__child__"})  # noqa: S102
