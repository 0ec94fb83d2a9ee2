"""Benchmark of the monthly report on a large office (target: <= 2 s for the whole report).

Run: ``.venv/bin/python -m bench.reports [--intakes 10000] [--cases 10000] [--repeat 3]``

A real (SQLCipher) vault is filled with ``--intakes`` intakes and about ``--cases``
cases (with hearings, closures, pending eligibility, campaigns); a third of the intakes
fall in the reported month, the rest in the year before. Then, in the same run:

1. baseline A — the raw SQL aggregation alone: GROUP BY counts of attentions by matter
   and service, cases new/active/closed by matter, hearings by status (no Python work);
2. baseline B — the same full report without charts;
3. the full report: gather + compute (``monthly_statistics``), PDF with charts
   (``render_monthly``) and CSV (``stats_to_csv``).

Prints the best time of ``--repeat`` runs of each, the ratios of the full report to
both baselines, and the peak memory of one full report (Python heap via tracemalloc,
and the process's resident-set growth).
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.reports import api, data, monthly  # noqa: E402
from app.reports.monthly import stats_to_csv  # noqa: E402
from app.reports.statistics import compute_monthly  # noqa: E402
from app.store import KdfParams, Vault  # noqa: E402
from tests.reports.fixtures import monthly_input  # noqa: E402
from tests.reports.seed import seed_store  # noqa: E402

MONTH = "2026-03"
TODAY = date(2026, 4, 15)
TARGET_S = 2.0

SQL_BASELINE = (
    "SELECT matter, service_type, count(*) FROM intake WHERE _deleted = 0 AND office_id = ?"
    " AND status = 'submitted' AND recorded_at >= '2026-03-01' AND recorded_at < '2026-04-01'"
    " GROUP BY matter, service_type",
    "SELECT matter, sum(opened_at >= '2026-03-01' AND opened_at < '2026-04-01'),"
    " sum(closed_at IS NULL OR closed_at >= '2026-04-01'),"
    " sum(closed_at >= '2026-03-01' AND closed_at < '2026-04-01')"
    " FROM legal_case WHERE _deleted = 0 AND office_id = ? AND opened_at < '2026-04-01'"
    " GROUP BY matter",
    "SELECT h.category, h.status, count(*) FROM hearing h JOIN legal_case c ON c.id = h.case_id"
    " WHERE h._deleted = 0 AND c.office_id = ? AND h.at >= '2026-03-01' AND h.at < '2026-04-01'"
    " GROUP BY h.category, h.status",
)


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def bench_vault(folder: Path) -> Any:
    """A new office-head vault (fast KDF) in ``folder``, unlocked."""
    store, _ = Vault.create(
        folder / "vault", "LIM01", "ALEGRA Lima — Sede Cercado", "jefa",
        "frase de prueba larga", kdf=KdfParams.fast(),
    )  # fmt: skip
    return store


def rss_mb() -> float:
    try:
        import psutil

        return float(psutil.Process().memory_info().rss) / 2**20
    except ImportError:  # psutil is a dev dependency; the figure is then omitted
        return float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--intakes", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="chasqui-bench-") as tmp:
        store = bench_vault(Path(tmp))
        ratio = min(1.0, args.cases / max(1, args.intakes))
        rows = monthly_input(seed=42, n=args.intakes, case_ratio=ratio, in_month_ratio=0.33)
        start = time.perf_counter()
        seed_store(store, rows)
        seeded = time.perf_counter() - start
        counts = {
            t: store.query(f"SELECT count(*) AS n FROM {t} WHERE _deleted = 0")[0]["n"]
            for t in ("intake", "legal_case", "hearing", "eligibility", "person")
        }
        print(f"vault: {counts} (seeded in {seeded:.1f} s)")

        def sql_only() -> list[list[dict[str, Any]]]:
            return [store.query(sql, (store.office_id,)) for sql in SQL_BASELINE]

        def report(charts: bool = True) -> tuple[bytes, str]:
            stats = api.monthly_statistics(store, MONTH, today=TODAY)
            if charts:
                pdf = api.render_monthly(stats, generated_by="Jefa")
            else:
                original = monthly._chart
                monthly._chart = lambda section, width: None
                try:
                    pdf = api.render_monthly(stats, generated_by="Jefa")
                finally:
                    monthly._chart = original
            return pdf, stats_to_csv(stats)

        report()  # warm-up: font registration, form registry, page cache
        t_sql, _ = best_of(args.repeat, sql_only)
        t_plain, _ = best_of(args.repeat, lambda: report(charts=False))
        t_full, (pdf, csv_text) = best_of(args.repeat, report)
        start_d, end_d = date(2026, 3, 1), date(2026, 4, 1)
        t_gather, inp = best_of(
            args.repeat, lambda: data.monthly_input(store, start_d, end_d, date(2026, 3, 31))
        )
        t_compute, _ = best_of(args.repeat, lambda: compute_monthly(inp))

        gc.collect()
        rss_before = rss_mb()
        tracemalloc.start()
        report()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss_after = rss_mb()
        store.lock()

    print(f"baseline A, raw SQL aggregation only: {t_sql * 1000:8.1f} ms")
    print(f"baseline B, report without charts:    {t_plain * 1000:8.1f} ms")
    print(f"  of which gather (SQL + rows):        {t_gather * 1000:8.1f} ms")
    print(f"  of which compute (pure Python):      {t_compute * 1000:8.1f} ms")
    verdict = "OK" if t_full <= TARGET_S else "OVER"
    print(f"full monthly report (PDF+charts+CSV): {t_full * 1000:8.1f} ms "
          f"(target <= {TARGET_S * 1000:.0f} ms: {verdict})")  # fmt: skip
    print(f"ratio full / raw SQL:       {t_full / t_sql:6.1f}x")
    print(f"ratio full / without charts: {t_full / t_plain:5.2f}x")
    print(f"PDF {len(pdf) / 1024:.0f} KiB, CSV {len(csv_text.splitlines()) - 1} figures")
    growth = rss_after - rss_before
    print(f"peak Python heap during one report: {peak / 2**20:.1f} MiB; "
          f"RSS growth {growth:+.1f} MiB (RSS now {rss_after:.0f} MiB)")  # fmt: skip
    print(f"(best of {args.repeat} runs each; the machine's other load adds noise)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
