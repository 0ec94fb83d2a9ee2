"""Keyset pages of the lists sorted by name (``app.core.queries.lists``): names are listed
surnames first and sorted that way; paging by (key, tie) returns every row once, in
order, both ways — with repeated surnames, a missing maternal surname, repeated full
names."""

from __future__ import annotations

import random
from typing import Any

from app.core import people
from app.core.queries.lists import fetch_rows

SURNAMES = ["Quispe", "Mamani", "Apaza", "Condori", "Zevallos"]
GIVEN = ["Ana", "Rosa", "Juan", "Elmer", "Maria Elena"]


def _all_pages(store: Any, kind: str, sort: str, descending: bool, limit: int) -> list[Any]:
    rows: list[Any] = []
    after = None
    while True:
        page = fetch_rows(store, kind, {}, sort, descending, len(rows), limit, after)
        if not page:
            return rows
        rows += page
        after = (page[-1]["_key"], page[-1]["_tie"])


def test_name_pages_come_in_listed_order_each_row_once(store: Any) -> None:
    rng = random.Random(5)
    for _ in range(60):
        people.register_person(
            store,
            {
                "given_names": rng.choice(GIVEN),
                "paternal_surname": rng.choice(SURNAMES),
                "maternal_surname": rng.choice([*SURNAMES, None]),
                "doc_type": "SIN_DOCUMENTO",
                "doc_reason": "No lo porta",
            },
        )
    for descending in (False, True):
        rows = _all_pages(store, "person", "name", descending, 7)
        assert len({r["id"] for r in rows}) == len(rows) == 60
        names = [r["name"] for r in rows]
        # surnames, then given names (a lone surname before a longer one)
        assert names == sorted(names, key=lambda n: n.split(", "), reverse=descending)
        assert all(", " in n and not n.endswith(", ") for n in names)
    one = next(r for r in rows if r["name"].count(" ") == 1)  # no maternal surname
    assert one["name"].split(", ")[0] in SURNAMES
