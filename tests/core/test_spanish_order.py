"""Spanish alphabetical order, one definition (``app.store.collation``): "Álvarez" and
"Ñahui" sorted after "Zúñiga" (byte order). The key ignores case and accents, puts Ñ
between N and O, and gives the same order in Python and in SQL on the vault's own
connection; the lists page through it by keyset, each row once, both ways."""

from __future__ import annotations

import unicodedata
from typing import Any

import sqlcipher3
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core import people
from app.core.queries.lists import fetch_rows
from app.store.collation import register as register_key
from app.store.collation import spanish_key

SPANISH = [  # a dictionary's order
    "Alvarado",
    "Álvarez",
    "Ávila",
    "Cáceres",
    "Chávez",
    "Naupari",
    "Núñez",
    "Nuñoz",
    "Ñahui",
    "Ñaupa",
    "Oré",
    "Quispe",
    "Ugarte",
    "Úrsula",
    "Zúñiga",
]

LETTERS = "aábcdeéfghiíjklmnñoópqrstuúüvwxyzAÁBCÉIÍNÑOÓUÚÜZ '-"


def test_a_dictionarys_order() -> None:
    shuffled = SPANISH[::-1]
    assert sorted(shuffled, key=spanish_key) == SPANISH
    assert sorted(shuffled) != SPANISH  # byte order: "Álvarez" and "Ñahui" after "Zúñiga"


def _plain(text: str) -> str:
    """Without accents other than the tilde of ñ (an independent spelling of the rule)."""
    out = []
    for char in text:
        if char in "ñÑ":
            out.append(char)
            continue
        out.append(
            "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        )
    return "".join(out)


@given(st.text(alphabet=LETTERS, max_size=12))
def test_case_and_accents_do_not_count_but_the_enye_does(text: str) -> None:
    assert spanish_key(text) == spanish_key(_plain(text).upper()) == spanish_key(text.lower())
    if "ñ" in text.lower():
        assert spanish_key(text) != spanish_key(text.replace("ñ", "n").replace("Ñ", "N"))


@given(st.text(alphabet=LETTERS, max_size=12), st.text(alphabet=LETTERS, max_size=12))
def test_enye_is_a_letter_between_n_and_o(head: str, tail: str) -> None:
    n, enye, o = (spanish_key(head + letter + tail) for letter in ("n", "ñ", "o"))
    assert n < enye < o


@settings(max_examples=60)
@given(st.lists(st.one_of(st.none(), st.text(alphabet=LETTERS, max_size=10)), max_size=25))
def test_sql_and_python_give_one_order(values: list[str | None]) -> None:
    conn = sqlcipher3.connect(":memory:")
    register_key(conn)
    conn.execute("CREATE TABLE t (i INTEGER, v TEXT)")
    conn.executemany("INSERT INTO t VALUES (?, ?)", list(enumerate(values)))
    in_sql = [r[0] for r in conn.execute("SELECT i FROM t ORDER BY es_key(v), i")]
    conn.close()
    in_python = sorted(
        range(len(values)),
        key=lambda i: (values[i] is not None, spanish_key(values[i]) or "", i),  # NULL first
    )
    assert in_sql == in_python


def test_the_vault_lists_people_in_spanish_order_page_by_page(store: Any) -> None:
    assert store.query("SELECT es_key('Ñahui Zúñiga') AS k")[0]["k"] == spanish_key("Ñahui Zúñiga")
    for surname in SPANISH[::-1]:
        people.register_person(
            store,
            {
                "given_names": "Rosa",
                "paternal_surname": surname,
                "doc_type": "SIN_DOCUMENTO",
                "doc_reason": "No lo porta",
            },
        )
    for descending in (False, True):
        rows: list[Any] = []
        after = None
        while page := fetch_rows(store, "person", {}, "name", descending, len(rows), 4, after):
            rows += page
            after = (page[-1]["_key"], page[-1]["_tie"])
        assert [r["name"].split(",")[0] for r in rows] == SPANISH[:: -1 if descending else 1]
    listed = people.list_people(store)  # the command line's list: the same order
    assert [p["paternal_surname"] for p in listed] == SPANISH
