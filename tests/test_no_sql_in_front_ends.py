"""The front ends hold no SQL: every read the UI and the reports make is a query
function of ``app.core.queries`` (issue 11, "reads in core")."""

from __future__ import annotations

import re
from pathlib import Path

from tests.source_scan import lines_matching

ROOT = Path(__file__).resolve().parent.parent
FRONT_ENDS = ("app/ui", "app/reports")
# An SQL statement in a string (keywords upper-case as written here, or a lower-case
# "select ... from"), or a call that runs one.
SQL = re.compile(
    r"""\b(SELECT|INSERT INTO|DELETE FROM|CREATE TABLE)\b|\bUPDATE \w+ SET\b"""
    r"""|(?i:\bselect\s+[\w*.,\s()]+?\s+from\s+\w+)"""
    r"""|\.query\(|\.execute\(|\.executemany\(|(?i:\bjson_extract\b)"""
)


def offenders(root: Path) -> list[str]:
    return lines_matching(root, FRONT_ENDS, SQL)


def test_no_sql_in_ui_or_reports() -> None:
    assert offenders(ROOT) == []


def test_the_check_sees_sql(tmp_path: Path) -> None:
    module = tmp_path / "app" / "ui" / "probe.py"
    module.parent.mkdir(parents=True)
    (tmp_path / "app" / "reports").mkdir()
    module.write_text(
        'rows = store.query("SELECT id FROM person")\nx = "select one of the options"\n',
        encoding="utf-8",
    )
    found = offenders(tmp_path)
    assert len(found) == 1 and "probe.py:1" in found[0]
