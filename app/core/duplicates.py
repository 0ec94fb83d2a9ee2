"""Duplicate-person and conflict-of-interest check, run before registering an intake.

Order of evidence:

1. **Same document** (type + number; a DNI compared on its 8 digits): score 1.0.
2. **Fuzzy**: names *and* birth date *and* district together. Surnames such as Quispe,
   Mamani or Huamán are shared by hundreds of thousands of people, so a name match
   alone is never enough: a candidate must agree on the birth date or the district
   (and a known, different birth date weighs against it). Score::

       0.5 * name + 0.3 * birth + 0.2 * district

   ``name`` averages given names (token-set ratio, so "María" matches "María Rosa") and
   surnames (plain ratio on "PATERNAL MATERNAL", accent-free upper case); each must reach
   its own threshold. ``birth`` is 1 for the same date, 0.6 for a likely typo (day and
   month swapped, one digit off), 0.5 when either side is unknown, 0 otherwise.
   ``district`` is 1 for the same district, 0.5 for the same province or unknown, 0
   otherwise. A candidate needs ``birth == 1`` or ``district == 1`` and a score of at
   least ``MIN_SCORE``.

Conflict of interest: every candidate who is a *counterparty* in a case of this office is
reported with those cases (the office must not sponsor both sides of a dispute).

Public: ``score_pair(query, record)``, ``find_duplicates(store, data)``, ``Candidate``,
``CaseLink``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from rapidfuzz import fuzz

from app.core.people import PersonStore, full_name
from app.core.text import search_key

MIN_SCORE = 0.75
GIVEN_THRESHOLD = 0.80
SURNAME_THRESHOLD = 0.85
W_NAME, W_BIRTH, W_DISTRICT = 0.5, 0.3, 0.2
_COLUMNS = (
    "id, given_names, paternal_surname, maternal_surname, doc_type, doc_number, birth_date, ubigeo"
)


@dataclass(frozen=True)
class CaseLink:
    """A case of this office in which the candidate takes part with ``role``."""

    case_id: str
    internal_number: str | None
    role: str


@dataclass
class Candidate:
    person_id: str
    name: str
    score: float
    reasons: list[str]
    doc_type: str | None = None
    doc_number: str | None = None
    counterparty_in: list[CaseLink] = field(default_factory=list)

    @property
    def conflict_of_interest(self) -> bool:
        return bool(self.counterparty_in)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["conflict_of_interest"] = self.conflict_of_interest
        return out


def _doc_key(doc_type: Any, number: Any) -> tuple[str, str] | None:
    if not doc_type or not number or doc_type == "SIN_DOCUMENTO":
        return None
    compact = str(number).replace(" ", "").replace("-", "").replace(".", "").upper()
    return str(doc_type).upper(), compact[:8] if doc_type == "DNI" else compact


def _birth_similarity(a: Any, b: Any) -> float:
    if not a or not b:
        return 0.5
    if a == b:
        return 1.0
    a, b = str(a), str(b)
    if len(a) == len(b) == 10:
        if a[:4] == b[:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7]:
            return 0.6  # day and month swapped
        if sum(x != y for x, y in zip(a, b, strict=True)) == 1:
            return 0.6  # one digit mistyped
    return 0.0


def _district_similarity(a: Any, b: Any) -> float:
    if not a or not b:
        return 0.5
    if a == b:
        return 1.0
    return 0.5 if str(a)[:4] == str(b)[:4] else 0.0


def _surnames(record: Mapping[str, Any]) -> str:
    return search_key(
        " ".join(p for p in (record.get("paternal_surname"), record.get("maternal_surname")) if p)
    )


def score_pair(query: Mapping[str, Any], record: Mapping[str, Any]) -> tuple[float, list[str]]:
    """Fuzzy score of ``record`` against ``query`` and the reasons; (0.0, []) if no match."""
    given_a, given_b = search_key(query.get("given_names")), search_key(record.get("given_names"))
    sur_a, sur_b = _surnames(query), _surnames(record)
    if not (given_a and given_b and sur_a and sur_b):
        return 0.0, []
    if not (query.get("maternal_surname") and record.get("maternal_surname")):
        # One side lacks the maternal surname: compare the paternal ones only.
        sur_a = search_key(query.get("paternal_surname") or query.get("maternal_surname"))
        sur_b = search_key(record.get("paternal_surname") or record.get("maternal_surname"))
    given = fuzz.token_set_ratio(given_a, given_b) / 100
    surnames = fuzz.ratio(sur_a, sur_b) / 100
    if given < GIVEN_THRESHOLD or surnames < SURNAME_THRESHOLD:
        return 0.0, []
    name = (given + surnames) / 2
    birth = _birth_similarity(query.get("birth_date"), record.get("birth_date"))
    district = _district_similarity(query.get("ubigeo"), record.get("ubigeo"))
    if birth < 1.0 and district < 1.0:
        return 0.0, []
    score = W_NAME * name + W_BIRTH * birth + W_DISTRICT * district
    if score < MIN_SCORE:
        return 0.0, []
    reasons = [f"nombre similar ({round(name * 100)}%)"]
    reasons.append(
        {1.0: "misma fecha de nacimiento", 0.6: "fecha de nacimiento parecida"}.get(
            birth, "fecha de nacimiento desconocida" if birth == 0.5 else "otra fecha de nacimiento"
        )
    )
    reasons.append(
        {1.0: "mismo distrito", 0.5: "misma provincia o distrito desconocido"}.get(
            district, "otro distrito"
        )
    )
    return round(score, 3), reasons


def _counterparty_links(store: PersonStore, person_ids: list[str]) -> dict[str, list[CaseLink]]:
    if not person_ids:
        return {}
    marks = ", ".join("?" for _ in person_ids)
    rows = store.query(
        "SELECT p.person_id AS person_id, c.id AS case_id, c.internal_number AS internal_number, "
        "p.role AS role FROM case_party p JOIN legal_case c ON c.id = p.case_id "
        f"WHERE p._deleted = 0 AND c._deleted = 0 AND p.role = 'counterparty' "
        f"AND c.office_id = ? AND p.person_id IN ({marks}) ORDER BY c.internal_number, c.id",
        (store.office_id, *person_ids),
    )
    links: dict[str, list[CaseLink]] = {}
    for row in rows:
        links.setdefault(row["person_id"], []).append(
            CaseLink(row["case_id"], row["internal_number"], row["role"])
        )
    return links


def find_duplicates(
    store: PersonStore,
    data: Mapping[str, Any],
    limit: int = 10,
    exclude_id: str | None = None,
) -> list[Candidate]:
    """Scored candidates for person ``data`` (raw or normalized input), best first."""
    found: dict[str, Candidate] = {}
    doc = _doc_key(data.get("doc_type"), data.get("doc_number"))
    if doc is not None:
        for row in store.query(
            f"SELECT {_COLUMNS} FROM person WHERE _deleted = 0 AND doc_type = ? AND doc_number = ?",
            doc,
        ):
            found[row["id"]] = _candidate(row, 1.0, ["mismo documento"])
    clauses, params = [], []
    if data.get("birth_date"):
        clauses.append("birth_date = ?")
        params.append(str(data["birth_date"]))
    if data.get("ubigeo"):
        clauses.append("ubigeo = ?")
        params.append(str(data["ubigeo"]))
    if clauses:
        rows = store.query(
            f"SELECT {_COLUMNS} FROM person WHERE _deleted = 0 AND ({' OR '.join(clauses)})",
            tuple(params),
        )
        for row in rows:
            if row["id"] in found:
                continue
            score, reasons = score_pair(data, row)
            if score > 0:
                found[row["id"]] = _candidate(row, score, reasons)
    found.pop(exclude_id or "", None)
    ranked = sorted(found.values(), key=lambda c: (-c.score, c.name, c.person_id))[:limit]
    links = _counterparty_links(store, [c.person_id for c in ranked])
    for candidate in ranked:
        candidate.counterparty_in = links.get(candidate.person_id, [])
        if candidate.counterparty_in:
            candidate.reasons.append("es contraparte en un caso de esta oficina")
    return ranked


def _candidate(row: Mapping[str, Any], score: float, reasons: list[str]) -> Candidate:
    return Candidate(
        person_id=row["id"],
        name=full_name(row),
        score=score,
        reasons=reasons,
        doc_type=row.get("doc_type"),
        doc_number=row.get("doc_number"),
    )
