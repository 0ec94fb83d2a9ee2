"""Command line of the forms package: ``python -m forms check [FILE ...]``.

Checks definition files (default: every shipped definition) and prints every problem,
one per line, naming the file and the field; exit status 1 when any file has problems.
``python -m forms validate FORM_ID[:VERSION] ANSWERS.json`` validates an answer document.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from forms.registry import DEFINITIONS_DIR, check_file, load_registry
from forms.validate import validate


def _check(paths: list[str]) -> int:
    files = [Path(p) for p in paths] or sorted(DEFINITIONS_DIR.glob("*.json"))
    bad = 0
    for path in files:
        problems = check_file(path)
        for problem in problems:
            print(problem)
        if problems:
            bad += 1
        else:
            print(f"{path}: OK")
    return 1 if bad else 0


def _validate(form: str, answers_path: str) -> int:
    form_id, _, version = form.partition(":")
    try:
        definition = load_registry().get(form_id, int(version) if version else None)
    except (KeyError, ValueError) as exc:
        print(f"formulario no disponible: {exc}", file=sys.stderr)
        return 2
    try:
        answers = json.loads(Path(answers_path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        print(f"{answers_path}: no se pudo leer el JSON: {exc}", file=sys.stderr)
        return 2
    errors = validate(definition, answers)
    for e in errors:
        print(f"{e.severity}\t{e.path}\t{e.code}\t{e.message}")
    return 1 if any(e.severity == "error" for e in errors) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m forms", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check definition files")
    check.add_argument("files", nargs="*")
    val = sub.add_parser("validate", help="validate an answers JSON file")
    val.add_argument("form", help="form id, optionally :version")
    val.add_argument("answers")
    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(args.files)
    return _validate(args.form, args.answers)


if __name__ == "__main__":
    raise SystemExit(main())
