"""Benchmark of the forms engine (and, when available, the Qt form renderer).

Run: ``.venv/bin/python -m bench.forms [--docs 10000] [--no-ui]``

1. Validation throughput of ``forms.validate`` over generated ``ficha_atencion``
   documents (valid ones and ones with a few mutations), against a baseline measured in
   the same run: a trivial JSON-schema-like type check (each answer's JSON type per field
   type, repeats row by row) — the least any validator has to do.
2. Build + first paint of the intake form with the Qt renderer (offscreen), target
   <= 300 ms, against the baseline of building and painting an empty QWidget.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from typing import Any, cast

from forms import load_registry, validate
from forms.model import Definition, Field
from tests.forms.samples import TODAY, intake

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "integer": (int,),
    "decimal": (int, float),
    "boolean": (bool,),
    "select_multiple": (list,),
    "repeat": (list,),
}


def baseline_check(definition: Definition, answers: dict[str, Any]) -> list[str]:
    """Per-field JSON type check only (no rules, no expressions)."""
    out: list[str] = []

    def check(fields: list[Field], doc: dict[str, Any], prefix: str) -> None:
        for f in fields:
            if f.type == "note" or f.name not in doc:
                continue
            v: Any = doc[f.name]
            if not isinstance(v, _JSON_TYPES.get(f.type, (str,))):
                out.append(prefix + f.name)
            elif f.type == "repeat":
                for i, row in enumerate(cast(list[Any], v), 1):
                    if isinstance(row, dict):
                        check(f.fields, row, f"{prefix}{f.name}[{i}].")

    check(definition.top_fields(), answers, "")
    return out


def documents(n: int, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        doc = intake(rng)
        if i % 4 == 0:  # a quarter with problems
            doc["numero_documento"] = "1234567"
            doc["telefono"] = "12"
            doc.pop("sexo", None)
        docs.append(doc)
    return docs


def bench_validation(n: int) -> None:
    definition = load_registry().get("ficha_atencion")
    docs = documents(n)
    validate(definition, docs[0], today=TODAY)  # warm caches
    t0 = time.perf_counter()
    errors = sum(len(validate(definition, d, today=TODAY)) for d in docs)
    engine = time.perf_counter() - t0
    t0 = time.perf_counter()
    base_errors = sum(len(baseline_check(definition, d)) for d in docs)
    base = time.perf_counter() - t0
    print(f"validation: {n} intake documents, {errors} field errors found")
    print(f"  forms.validate      : {n / engine:10.0f} docs/s  ({engine * 1e6 / n:7.1f} µs/doc)")
    print(
        f"  baseline type check: {n / base:10.0f} docs/s  ({base * 1e6 / n:7.1f} µs/doc,"
        f" {base_errors} errors)"
    )
    print(f"  ratio validate/baseline time: {engine / base:.1f}x")


def bench_ui(repeats: int = 7) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from app.ui.forms import FormView, load_fonts
    except ImportError as exc:
        print(f"ui: skipped, renderer not importable ({exc})")
        return
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication.instance() or QApplication(sys.argv[:1])
    load_fonts()
    definition = load_registry().get("ficha_atencion")

    def paint(make: Any) -> float:
        t0 = time.perf_counter()
        w = make()
        w.resize(1000, 800)
        w.show()
        w.grab()  # forces layout and a full paint
        elapsed = time.perf_counter() - t0
        w.close()
        w.deleteLater()
        app.processEvents()
        return elapsed

    paint(lambda: FormView(definition))  # first-ever build loads the ubigeo catalog etc.
    form = [paint(lambda: FormView(definition)) for _ in range(repeats)]
    empty = [paint(QWidget) for _ in range(repeats)]
    med, base = statistics.median(form), statistics.median(empty)
    print(
        f"ui: build + first paint of '{definition.id}' v{definition.version} (offscreen, 1000x800)"
    )
    print(
        f"  form view : median {med * 1000:7.1f} ms, max {max(form) * 1000:7.1f} ms"
        " (target <= 300 ms)"
    )
    print(f"  empty view: median {base * 1000:7.1f} ms")
    print(f"  ratio form/empty: {med / base:.0f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--no-ui", action="store_true")
    args = parser.parse_args()
    bench_validation(args.docs)
    if not args.no_ui:
        bench_ui()


if __name__ == "__main__":
    main()
