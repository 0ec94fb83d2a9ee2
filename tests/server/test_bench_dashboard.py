"""``bench/dashboard.py`` writes the timeline rows as its generator drew the dates (COPY,
no derivation pass over a million cases): they must be exactly the rows and links the
server's rule derives from the same records (``timeline.office_rows``), or the benchmark
would measure another table than the one ingest keeps."""

from __future__ import annotations

import random

from bench import dashboard
from sync.server import timeline


def test_the_generated_timeline_is_the_one_the_rule_derives() -> None:
    records, links, rows = dashboard._office_records(random.Random(3), "office-x", 400, "18")
    rule_links, rule_rows = timeline.office_rows("office-x", records)
    assert sorted(rows) == sorted(tuple(r[c] for c in dashboard.TIMELINE_COLUMNS)
                                  for r in rule_rows)  # fmt: skip
    assert sorted(links) == sorted(tuple(r[c] for c in dashboard.LINK_COLUMNS)
                                   for r in rule_links)  # fmt: skip
    assert len(rows) == 400 and any(r[7] for r in rows)  # some closed
    assert any(r[5] == "sin expediente" for r in rows)  # conciliations have no court file
