"""Columns of a derived table read in one scan as numpy arrays, and tallies over them.

Owns the fast read the office's figures count on (issue 16: SQLite's ``GROUP BY`` sorts
every row, and at 100k cases that sort was most of the time of each figure):

- ``read(store, table, where, params, numbers, groups) -> Columns``: the rows of
  ``table`` matching ``where`` (SQL over the table's columns, its values bound in
  ``params``), each integer column of ``numbers`` as an int64 array (``MISSING`` for
  NULL), and for each group of ``groups`` (a name and the text columns that make it) its
  codes (every distinct tuple of values present, NULL as None) and each row's group
  number (its index in those codes; the codes are bound as parameters, never spliced
  into the SQL). Two statements: the distinct codes, then one row of ``group_concat``
  texts that numpy parses (no row objects) — in one read transaction (``_snapshot``),
  so a sync page committed between them cannot add a row whose code was not read
  (review 8 F5: it was dropped, or counted under "—");
- ``counts(keys, size)``: how many rows have each key (``0 <= key < size``), as
  (keys present in order, their counts) — a ``bincount`` when ``size`` is small
  enough, else a sort (``numpy.unique``); both give the same.

``app.core.queries.timeliness_tally`` (the Kaplan–Meier tally) and
``app.core.queries.caseload`` (caseload, demand and trend) read through it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from app.core.people import QueryStore

MISSING = -1  # an integer column's NULL (day numbers are >= 1)
# the largest key range counted with a dense ``bincount`` (32 MiB of int64); beyond it a
# sort counts the keys present
DENSE_MAX = 1 << 22


@dataclass(frozen=True)
class Columns:
    n: int  # rows read
    numbers: dict[str, Any]  # column -> int64 array (MISSING for NULL)
    groups: dict[str, Any]  # group name -> int64 array of each row's group number
    codes: dict[str, list[tuple[Any, ...]]]  # group name -> the codes of each number


def _distinct_sql(columns: Sequence[str]) -> str:
    if len(columns) == 1:
        return f"json_group_array(DISTINCT {columns[0]})"
    return f"json_group_array(DISTINCT json_array({', '.join(columns)}))"


def _codes(found: Any, columns: Sequence[str]) -> list[tuple[Any, ...]]:
    values = json.loads(found or "[]")
    if len(columns) == 1:
        return [(v,) for v in values]
    return [tuple(json.loads(v) if isinstance(v, str) else v) for v in values]


def _is(column: str, value: Any, name: str, params: dict[str, Any]) -> str:
    """SQL: ``column`` holds ``value`` (bound as ``:name``; NULL matches NULL)."""
    if value is None:
        return f"{column} IS NULL"
    params[name] = value
    return f"{column} = :{name}"


@contextmanager
def _snapshot(store: QueryStore) -> Iterator[None]:
    """The statements run inside read one snapshot: a read transaction on this thread's
    read connection (``Store.read_conn``, the one ``Store.query`` uses), unless one is
    open already (inside this thread's write transaction: the writer's)."""
    opener = getattr(store, "read_conn", None)
    conn = opener() if callable(opener) else None
    if conn is None or conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.execute("COMMIT")


def read(
    store: QueryStore,
    table: str,
    where: str,
    params: Mapping[str, Any],
    numbers: Sequence[str],
    groups: Mapping[str, Sequence[str]],
) -> Columns:
    """The rows of ``table`` matching ``where`` as arrays (see the module docstring)."""
    with _snapshot(store):
        return _arrays(store, table, where, dict(params), numbers, groups)


def _arrays(store: QueryStore, table: str, where: str, bound: dict[str, Any],
            numbers: Sequence[str], groups: Mapping[str, Sequence[str]]) -> Columns:  # fmt: skip
    import numpy as np

    codes: dict[str, list[tuple[Any, ...]]] = {}
    if groups:
        distinct = ", ".join(f"{_distinct_sql(c)} AS g{i}" for i, c in enumerate(groups.values()))
        found = store.query(f"SELECT {distinct} FROM {table} WHERE {where}", bound)[0]
        codes = {name: _codes(found[f"g{i}"], c) for i, (name, c) in enumerate(groups.items())}
    parts = [f"group_concat(coalesce({c}, {MISSING}), ',')" for c in numbers]
    for i, (name, columns) in enumerate(groups.items()):
        whens = []
        for g, code in enumerate(codes[name]):
            pairs = enumerate(zip(columns, code, strict=True))
            test = [_is(c, v, f"g{i}_{g}_{k}", bound) for k, (c, v) in pairs]
            whens.append(f"WHEN {' AND '.join(test)} THEN {g}")
        cases = " ".join(whens) or "WHEN 0 THEN 0"
        parts.append(f"group_concat(CASE {cases} ELSE {MISSING} END, ',')")
    named = ", ".join(f"{part} AS c{i}" for i, part in enumerate(parts))
    row = store.query(f"SELECT count(*) AS n, {named} FROM {table} WHERE {where}", bound)[0]
    n = int(row["n"])
    values = [row[f"c{i}"] for i in range(len(parts))]
    # numpy parses the text itself (a list of strings first costs 7x the time)
    arrays = [
        np.fromstring(v, dtype=np.int64, sep=",") if n else np.zeros(0, dtype=np.int64)
        for v in values
    ]
    return Columns(
        n,
        dict(zip(numbers, arrays[: len(numbers)], strict=True)),
        dict(zip(groups, arrays[len(numbers) :], strict=True)),
        codes,
    )


def counts(keys: Any, size: int) -> tuple[Any, Any]:
    """(the keys present, in order; how many rows have each) of int keys in ``[0, size)``."""
    import numpy as np

    if size <= DENSE_MAX:
        found = np.bincount(keys, minlength=size)
        present = np.flatnonzero(found)
        return present, found[present]
    return np.unique(keys, return_counts=True)
