"""The people and case lists: filters, sorting, keyset pages, counts and filter options.

``fetch_rows(store, kind, filters, sort, descending, offset, limit, after)`` returns a
page of ``kind`` ("case" or "person") rows ordered by ``sort`` then a tie-breaker; each
row carries its ``_key`` (the sort value) and ``_tie`` (the tie-breaker: the id) so the
next page is found by keyset
(``after=(key, tie)``), at a cost independent of how far the list was scrolled. Names
are listed surnames first (``name`` / ``beneficiary``: "Quispe Mamani, Maria Elena")
and sorted the same way, in Spanish alphabetical order (``es_key``,
``app.store.collation``: accents and case do not count, Ñ after N): paternal surname,
then maternal surname and given names. ``filters`` is a mapping with
``text``, ``status``, ``matter``, ``defender_id``, ``office_id`` (empty means any).
SQL identifiers come only from the whitelists below.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from app.core.cases import CASE_STATUSES
from app.core.people import QueryStore, full_name_sql, surname_first_sql, takes_part
from app.core.user_names import label_sql
from app.store.search_index import FTS_TAG_SHIFT
from app.store.store import fts_query
from sync.spec import ENTITIES

PERSON_NAME = full_name_sql("p")
LIST_NAME = surname_first_sql("p")
# after the paternal surname: the rest of the name as listed, then the id (unique)
# The listed name's sort key, in ONE call of es_key per row (the function runs in Python:
# each call costs microseconds): paternal surname, then maternal surname and given names
# (a lone surname before a longer one: char(31) sorts before every letter); ties by id.
NAME_KEY = (
    "es_key(coalesce(p.paternal_surname,'') || char(31) || coalesce(p.maternal_surname,'')"
    " || char(31) || coalesce(p.given_names,''))"
)
NAME_SORTS = frozenset({"beneficiary", "name"})
CASE_SORT = {
    "internal_number": "c.internal_number",
    "beneficiary": NAME_KEY,
    "matter": "c.matter",
    "status": "c.status",
    "defender": f"es_key({label_sql('u')})",
    "court_file_number": "c.court_file_number",
    "opened_at": "c.opened_at",
}
PERSON_SORT = {
    "name": NAME_KEY,
    "doc": "p.doc_number",
    "birth_date": "p.birth_date",
    "district": "p.ubigeo",
    "phone": "p.phone",
    "cases": NAME_KEY,
}


def _keyset(
    order: str, ident: str, descending: bool, after: tuple[Any, str]
) -> tuple[str, list[Any]]:
    """WHERE clause for "rows after (key, id)" in ORDER BY order, ident (NULLs sort low)."""
    key, last_id = after
    if not descending:
        if key is None:
            return f"(({order} IS NULL AND {ident} > ?) OR {order} IS NOT NULL)", [last_id]
        # "order >= ?" first: lets SQLite start an index range scan at the key.
        return f"({order} >= ? AND ({order} > ? OR {ident} > ?))", [key, key, last_id]
    if key is None:
        return f"({order} IS NULL AND {ident} < ?)", [last_id]
    return (
        f"(({order} <= ? AND ({order} < ? OR {ident} < ?)) OR {order} IS NULL)",
        [key, key, last_id],
    )


_PERSON_TAG = ENTITIES["person"].search.tag if ENTITIES["person"].search else 0
# people whose names or document match the words typed, accent- and case-insensitive
# (the full-text index, as Ctrl+K): "garcia vega" finds "García Vega"
_BY_WORDS = (
    f"p._rid IN (SELECT rowid & {(1 << FTS_TAG_SHIFT) - 1} FROM search_fts"
    f" WHERE search_fts MATCH ? AND rowid >= {_PERSON_TAG << FTS_TAG_SHIFT}"
    f" AND rowid < {(_PERSON_TAG + 1) << FTS_TAG_SHIFT})"
)


def _words(text: str) -> tuple[str, list[Any]]:
    """`` OR <people matching every word>`` and its parameter; nothing without words."""
    match = fts_query(text)
    return (f" OR {_BY_WORDS}", [match]) if match else ("", [])


def like_pattern(text: str) -> str:
    """``%text%`` with LIKE's wildcards escaped (use with ``ESCAPE '\\'``)."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _where(kind: str, f: Mapping[str, Any]) -> tuple[str, list[Any]]:
    alias = "c" if kind == "case" else "p"
    clauses, params = [f"{alias}._deleted = 0"], []
    text = str(f.get("text") or "")
    if f.get("office_id"):
        clauses.append(f"{alias}.office_id = ?")
        params.append(f["office_id"])
    if kind == "case":
        for column, key in (
            ("c.status", "status"),
            ("c.matter", "matter"),
        ):
            if f.get(key):
                clauses.append(f"{column} = ?")
                params.append(f[key])
        if f.get("defender_id"):  # the person: every user of the chosen one's login
            clauses.append(
                "c.defender_id IN (SELECT v.id FROM app_user v JOIN app_user w"
                " ON w.name = v.name WHERE w.id = ?)"
            )
            params.append(f["defender_id"])
        if text:
            words, word_params = _words(text)
            clauses.append(
                "(c.internal_number LIKE ? ESCAPE '\\' OR c.court_file_number LIKE ?"
                f" ESCAPE '\\' OR {PERSON_NAME} LIKE ? ESCAPE '\\' OR {LIST_NAME} LIKE ?"
                f" ESCAPE '\\'{words})"
            )
            params += [*[like_pattern(text)] * 4, *word_params]
    elif text:
        words, word_params = _words(text)
        clauses.append(
            f"(p.id = ? OR p.doc_number LIKE ? ESCAPE '\\' OR {PERSON_NAME} LIKE ? ESCAPE '\\'"
            f" OR {LIST_NAME} LIKE ? ESCAPE '\\'{words})"
        )
        params += [text, *[like_pattern(text)] * 3, *word_params]
    return " AND ".join(clauses), params


def count_rows(store: QueryStore, kind: str, filters: Mapping[str, Any]) -> int:
    """How many ``kind`` rows match ``filters``."""
    where, params = _where(kind, filters)
    if kind == "case" and not filters.get("text"):
        sql = f"SELECT count(*) AS n FROM legal_case c WHERE {where}"
    elif kind == "case":
        sql = (
            "SELECT count(*) AS n FROM legal_case c LEFT JOIN person p ON p.id = c.person_id"
            f" WHERE {where}"
        )
    else:
        sql = f"SELECT count(*) AS n FROM person p WHERE {where}"
    return int(store.query(sql, params)[0]["n"])


def fetch_rows(
    store: QueryStore,
    kind: str,
    filters: Mapping[str, Any],
    sort: str,
    descending: bool,
    offset: int,
    limit: int,
    after: tuple[Any, str] | None = None,
) -> list[dict[str, Any]]:
    """A page of rows (see the module docstring); person rows carry the ubigeo code in
    ``district`` (the caller names it)."""
    where, params = _where(kind, filters)
    direction = "DESC" if descending else "ASC"
    if kind == "case":
        order = CASE_SORT.get(sort, "c.internal_number")
        ident = "c.id"
        source = (
            " FROM legal_case c LEFT JOIN person p ON p.id = c.person_id"
            " LEFT JOIN app_user u ON u.id = c.defender_id"
        )
        columns = (
            "c.id AS id, c.internal_number AS internal_number,"
            f" {LIST_NAME} AS beneficiary, c.matter AS matter, c.status AS status,"
            f" {label_sql('u')} AS defender,"
            " c.court_file_number AS court_file_number, c.opened_at AS opened_at"
        )
        rejoin = source.replace(" FROM legal_case c", " JOIN legal_case c ON c.id = k.id", 1)
    else:
        order = PERSON_SORT.get(sort, PERSON_SORT["name"])
        ident = "p.id"
        source = " FROM person p"
        columns = (
            f"p.id AS id, {LIST_NAME} AS name,"
            " CASE WHEN p.doc_type = 'SIN_DOCUMENTO' THEN '—'"
            " ELSE trim(coalesce(p.doc_type,'') || ' ' || coalesce(p.doc_number,'')) END"
            " AS doc,"
            " p.birth_date AS birth_date, p.ubigeo AS district, p.phone AS phone,"
            f" (SELECT count(*) FROM legal_case c WHERE {takes_part('p.id')}"
            "  AND c._deleted = 0) AS cases,"  # in any role; of them, as the client:
            " (SELECT count(*) FROM legal_case c WHERE c.person_id = p.id"
            "  AND c._deleted = 0) AS client_cases"
        )
        rejoin = " JOIN person p ON p.id = k.id"
    alias = "c" if kind == "case" else "p"
    tail = " LIMIT ? OFFSET ?"
    page_params: list[Any] = [int(limit), int(offset)]
    if order == NAME_KEY:
        # es_key runs in Python (microseconds a call): computed once per row in a
        # materialized step, then the page is taken by a row value (the key never NULL).
        keyed = f"SELECT {alias}.id AS id, {order} AS _key{source} WHERE {where}"
        after_clause = ""
        if after is not None:
            after_clause = f" WHERE (_key, id) {'<' if descending else '>'} (?, ?)"
            page_params = [*after, int(limit)]
            tail = " LIMIT ?"
        page = (
            f"WITH keyed AS MATERIALIZED ({keyed}) SELECT id, _key, id AS _tie FROM keyed"
            f"{after_clause} ORDER BY _key {direction}, id {direction}{tail}"
        )
    else:
        if after is not None:
            clause, key_params = _keyset(order, ident, descending, after)
            where += f" AND {clause}"
            params = [*params, *key_params]
            tail, page_params = " LIMIT ?", [int(limit)]
        page = (
            f"SELECT {alias}.id AS id, {order} AS _key, {ident} AS _tie{source}"
            f" WHERE {where} ORDER BY {order} {direction}, {ident} {direction}{tail}"
        )
    # The page is chosen from the sort key alone; only its rows get their display columns.
    sql = (
        f"SELECT {columns}, k._key AS _key, k._tie AS _tie FROM ({page}) k{rejoin}"
        f" ORDER BY k._key {direction}, k._tie {direction}"
    )
    return store.query(sql, [*params, *page_params])


def filter_options(store: QueryStore) -> dict[str, Sequence[tuple[str, str]]]:
    """(value, label) choices of the case list filters: status, matter, defender, office."""
    q = store.query
    return {
        "status": [(s, s) for s in CASE_STATUSES],
        "matter": [
            (r["matter"], str(r["matter"]))
            for r in q(
                "SELECT DISTINCT matter FROM legal_case WHERE matter IS NOT NULL"
                " AND _deleted = 0 ORDER BY matter"
            )
        ],
        "defender": [  # one choice per person (users sharing a login: the first id)
            (r["id"], r["label"])
            for r in q(
                f"SELECT min(u.id) AS id, {label_sql('u')} AS label FROM app_user u"
                " WHERE u._deleted = 0 GROUP BY u.name ORDER BY es_key(label), id"
            )
        ],
        "office": [
            (r["id"], f"{r['code']} — {r['name']}")
            for r in q("SELECT id, code, name FROM office WHERE _deleted = 0 ORDER BY code")
        ],
    }


def case_labels(store: QueryStore, case_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """``case_id -> {"case_number", "client"}`` for the given live cases (search hits of
    notes and referrals name their case with this)."""
    wanted = sorted({str(i) for i in case_ids if i})
    if not wanted:
        return {}
    marks = ", ".join("?" for _ in wanted)
    rows = store.query(
        f"SELECT c.id AS id, c.internal_number AS case_number, {PERSON_NAME} AS client"
        " FROM legal_case c LEFT JOIN person p ON p.id = c.person_id"
        f" WHERE c._deleted = 0 AND c.id IN ({marks})",
        wanted,
    )
    return {r["id"]: {"case_number": r["case_number"], "client": r["client"]} for r in rows}
