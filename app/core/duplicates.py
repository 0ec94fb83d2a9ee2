"""Duplicate-person and conflict-of-interest check, run before registering an intake.

The query is a person the defender is registering: the office's new client
(``side="client"``) or another party entered in the ficha (``side="other"``). It is
compared with every live person of the vault — which includes every case party, a party
being a person — and each candidate is ranked by its evidence:

1. **Same document** (type + number; a DNI compared on its 8 digits): score 1.0.
2. **Fuzzy**: names (accent- and case-insensitive) with birth date and district. Score::

       0.5 * name + 0.3 * birth + 0.2 * district

   ``name`` averages given names (token-set ratio, so "María" matches "María Rosa") and
   surnames (plain ratio on "PATERNAL MATERNAL", accent-free upper case); each must reach
   its own threshold. ``birth`` is 1 for the same date, 0.6 for a likely typo (day and
   month swapped, one digit off), 0.5 when either side is unknown, 0 otherwise.
   ``district`` is 1 for the same district, 0.5 for the same province or unknown, 0
   otherwise. With the birth date or the district agreeing, a score of ``MIN_SCORE`` is
   enough.
3. **Names alone**, when a birth date is unknown on either side and the district does
   not agree: the other party of a case is often recorded by name only. Surnames such as
   Quispe or Mamani are shared by hundreds of thousands of people, so this needs a
   stricter match — every given name and every surname given on both sides
   (``STRICT_NAME``) — and ranks below the candidates with more evidence.
4. **The same full name against the evidence**: both birth dates known and different
   (and, often, another document). Most likely another person, yet a wrongly typed date
   or a second document happens: with the strict name match of 3. it is still shown, so
   the defender decides, ranked below everything else (at most ``WEAK_MAX``).

Two different known documents (type and number) on both sides are evidence against:
the reason "otro documento" is given and the score lowered by ``OTHER_DOC``.

People are retrieved through the full-text index (three-letter prefixes of the given
name and the surnames, so a typo after the third letter still finds them), plus every
person with the same document, birth date or district.

Conflict of interest: a candidate's cases come with it — where they are the office's
client (``client_in``) and where they are the other side (``counterparty_in``). The new
client must not be the other side of an office case, and another party must not be an
office client (the office must not sponsor both sides of a dispute): ``conflict_in``.

The defender decides about every candidate (``DECISIONS``: the same person, another
person, a conflict of interest that stops the intake) and ``record_decisions`` audits
each decision (``conflict_check``) before the intake goes on.

Public: ``score_pair(query, record)``, ``find_duplicates(store, data, side=...)``,
``record_decisions``, ``Candidate``, ``CaseLink``, ``SIDES``, ``DECISIONS``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from rapidfuzz import fuzz

from app.core.people import PersonStore, full_name
from app.core.text import search_key
from app.core.user_names import user_labels
from app.store.search_index import FTS_TAG_SHIFT
from sync.spec import ENTITIES

MIN_SCORE = 0.75
GIVEN_THRESHOLD = 0.80
SURNAME_THRESHOLD = 0.85
STRICT_NAME = 0.90  # names alone: every name given on both sides, near-identical
WEAK_MAX = 0.5  # the same full name against a different birth date ranks below the rest
OTHER_DOC = 0.1  # lowered when both sides have a known, different document
W_NAME, W_BIRTH, W_DISTRICT = 0.5, 0.3, 0.2
SIDES = ("client", "other")
SAME, DIFFERENT, CONFLICT = "same", "different", "conflict"
DECISIONS = (SAME, DIFFERENT, CONFLICT)  # what the defender decides about a candidate
WARNED = "warned"  # only warned about, not decided: ``chasqui case party`` adds as asked
AUDITED = (*DECISIONS, WARNED)  # what a ``conflict_check`` audit line may say
NAME_ROWS = 2000  # people read per name look-up (newest first)
_COLUMNS = (
    "id, given_names, paternal_surname, maternal_surname, doc_type, doc_number, birth_date, ubigeo"
)
_PERSON_TAG = ENTITIES["person"].search.tag if ENTITIES["person"].search else 0


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
    client_in: list[CaseLink] = field(default_factory=list)
    side: str = "client"  # the side of the person being registered

    @property
    def conflict_in(self) -> list[CaseLink]:
        """The office cases that make this candidate a conflict of interest."""
        return self.counterparty_in if self.side == "client" else self.client_in

    @property
    def same_side_in(self) -> list[CaseLink]:
        """The office cases where the candidate is on the side they would take now (a
        client again, the other side again): no conflict, but the defender sees them."""
        return self.client_in if self.side == "client" else self.counterparty_in

    @property
    def conflict_of_interest(self) -> bool:
        return bool(self.conflict_in)

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


def _name_scores(query: Mapping[str, Any], record: Mapping[str, Any]) -> tuple[float, float, float]:
    """(given names loose, given names strict, surnames) similarities in 0..1."""
    given_a, given_b = search_key(query.get("given_names")), search_key(record.get("given_names"))
    sur_a, sur_b = _surnames(query), _surnames(record)
    if not (given_a and given_b and sur_a and sur_b):
        return 0.0, 0.0, 0.0
    if not (query.get("maternal_surname") and record.get("maternal_surname")):
        # One side lacks the maternal surname: compare the paternal ones only.
        sur_a = search_key(query.get("paternal_surname") or query.get("maternal_surname"))
        sur_b = search_key(record.get("paternal_surname") or record.get("maternal_surname"))
    return (
        fuzz.token_set_ratio(given_a, given_b) / 100,
        fuzz.token_sort_ratio(given_a, given_b) / 100,
        fuzz.ratio(sur_a, sur_b) / 100,
    )


def score_pair(query: Mapping[str, Any], record: Mapping[str, Any]) -> tuple[float, list[str]]:
    """Fuzzy score of ``record`` against ``query`` and the reasons; (0.0, []) if no match."""
    given, strict_given, surnames = _name_scores(query, record)
    if given < GIVEN_THRESHOLD or surnames < SURNAME_THRESHOLD:
        return 0.0, []
    name = (given + surnames) / 2
    birth = _birth_similarity(query.get("birth_date"), record.get("birth_date"))
    district = _district_similarity(query.get("ubigeo"), record.get("ubigeo"))
    where = _district_reason(district, query.get("ubigeo"), record.get("ubigeo"))
    other_doc = _other_document(query, record)
    against = ["otro documento"] if other_doc else []
    if birth == 0.0:
        # Both birth dates known and different: shown only for the same full name,
        # ranked below every other candidate (the defender decides).
        if min(strict_given, surnames) < STRICT_NAME:
            return 0.0, []
        weak = WEAK_MAX * (0.8 * name + 0.2 * district) - (OTHER_DOC if other_doc else 0)
        return round(weak, 3), [
            f"solo coincide el nombre ({round(name * 100)} %)",
            "otra fecha de nacimiento",
            *against,
            where,
        ]
    score = W_NAME * name + W_BIRTH * birth + W_DISTRICT * district
    if birth < 1.0 and district < 1.0:
        # Names alone: only near-identical full names, birth date unknown on a side.
        if birth != 0.5 or min(strict_given, surnames) < STRICT_NAME:
            return 0.0, []
        return round(score - (OTHER_DOC if other_doc else 0), 3), [
            f"solo coincide el nombre ({round(name * 100)} %)",
            "fecha de nacimiento desconocida",
            *against,
            where,
        ]
    if score < MIN_SCORE:
        return 0.0, []
    reasons = [f"nombre similar ({round(name * 100)} %)"]
    reasons.append(
        {1.0: "misma fecha de nacimiento", 0.6: "fecha de nacimiento parecida"}.get(
            birth, "fecha de nacimiento desconocida"
        )
    )
    reasons += [*against, where]
    return round(score - (OTHER_DOC if other_doc else 0), 3), reasons


def _other_document(query: Mapping[str, Any], record: Mapping[str, Any]) -> bool:
    """Both sides have a known document and they differ."""
    a = _doc_key(query.get("doc_type"), query.get("doc_number"))
    b = _doc_key(record.get("doc_type"), record.get("doc_number"))
    return a is not None and b is not None and a != b


def _district_reason(district: float, a: Any, b: Any) -> str:
    if district == 0.5:
        return "misma provincia" if a and b else "distrito desconocido"
    return "mismo distrito" if district == 1.0 else "otro distrito"


def _name_match(data: Mapping[str, Any]) -> str | None:
    """An FTS5 query finding people by three-letter prefixes of their names: the first
    given name and any surname. None when the names are too short to look up."""
    given = search_key(data.get("given_names")).split()
    surnames = _surnames(data).split()
    if not given or not surnames:
        return None
    prefix = [f'"{w[:3]}"*' for w in surnames if len(w) >= 2]
    if len(given[0]) < 2 or not prefix:
        return None
    return f'title : ("{given[0][:3]}"* AND ({" OR ".join(prefix)}))'


def _by_names(store: PersonStore, data: Mapping[str, Any]) -> list[dict[str, Any]]:
    match = _name_match(data)
    if match is None:
        return []
    low, high = _PERSON_TAG << FTS_TAG_SHIFT, (_PERSON_TAG + 1) << FTS_TAG_SHIFT
    mask = (1 << FTS_TAG_SHIFT) - 1
    return store.query(
        f"SELECT {_COLUMNS} FROM person WHERE _deleted = 0 AND _rid IN ("
        f"SELECT rowid & {mask} FROM search_fts WHERE search_fts MATCH ? "
        "AND rowid >= ? AND rowid < ? ORDER BY rowid DESC LIMIT ?)",
        (match, low, high, NAME_ROWS),
    )


def _case_links(
    store: PersonStore, person_ids: list[str]
) -> tuple[dict[str, list[CaseLink]], dict[str, list[CaseLink]]]:
    """(person -> cases where they are the other side, person -> cases where they are the
    office's client), live cases of this office."""
    if not person_ids:
        return {}, {}
    marks = ", ".join("?" for _ in person_ids)
    rows = store.query(
        "SELECT p.person_id AS person_id, c.id AS case_id, c.internal_number AS internal_number, "
        "p.role AS role FROM case_party p JOIN legal_case c ON c.id = p.case_id "
        "WHERE p._deleted = 0 AND c._deleted = 0 AND c.office_id = ? "
        f"AND p.role IN ('counterparty', 'beneficiary') AND p.person_id IN ({marks}) "
        "UNION SELECT c.person_id, c.id, c.internal_number, 'beneficiary' FROM legal_case c "
        f"WHERE c._deleted = 0 AND c.office_id = ? AND c.person_id IN ({marks}) "
        "ORDER BY 3, 2",
        (store.office_id, *person_ids, store.office_id, *person_ids),
    )
    against: dict[str, list[CaseLink]] = {}
    client: dict[str, list[CaseLink]] = {}
    for row in rows:
        links = against if row["role"] == "counterparty" else client
        link = CaseLink(row["case_id"], row["internal_number"], row["role"])
        links.setdefault(row["person_id"], []).append(link)
    return against, client


def find_duplicates(
    store: PersonStore,
    data: Mapping[str, Any],
    limit: int = 10,
    exclude_id: str | None = None,
    side: str = "client",
) -> list[Candidate]:
    """Scored candidates for person ``data`` (raw or normalized input), best first.

    ``side`` is the role of the person being registered: ``client`` (the office's new
    client) or ``other`` (another party of the dispute); it decides which of a
    candidate's cases are a conflict of interest."""
    if side not in SIDES:
        raise ValueError(f"side must be one of {SIDES}")
    found: dict[str, Candidate] = {}
    doc = _doc_key(data.get("doc_type"), data.get("doc_number"))
    if doc is not None:
        for row in store.query(
            f"SELECT {_COLUMNS} FROM person WHERE _deleted = 0 AND doc_type = ? AND doc_number = ?",
            doc,
        ):
            found[row["id"]] = _candidate(row, 1.0, ["mismo documento"])
    rows = _by_names(store, data)
    clauses, params = [], []
    if data.get("birth_date"):
        clauses.append("birth_date = ?")
        params.append(str(data["birth_date"]))
    if data.get("ubigeo"):
        clauses.append("ubigeo = ?")
        params.append(str(data["ubigeo"]))
    if clauses:
        rows += store.query(
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
    against, client = _case_links(store, [c.person_id for c in ranked])
    for candidate in ranked:
        candidate.side = side
        candidate.counterparty_in = against.get(candidate.person_id, [])
        candidate.client_in = _unique(client.get(candidate.person_id, []))
        if candidate.conflict_in:
            candidate.reasons.append(
                "es contraparte en un caso de esta oficina"
                if side == "client"
                else "es cliente de esta oficina"
            )
    return ranked


def _unique(links: list[CaseLink]) -> list[CaseLink]:
    seen: dict[str, CaseLink] = {}
    for link in links:
        seen.setdefault(link.case_id, link)
    return list(seen.values())


def _candidate(row: Mapping[str, Any], score: float, reasons: list[str]) -> Candidate:
    return Candidate(
        person_id=row["id"],
        name=full_name(row),
        score=score,
        reasons=reasons,
        doc_type=row.get("doc_type"),
        doc_number=row.get("doc_number"),
    )


def record_decisions(
    store: Any,
    draft_id: str,
    side: str,
    decisions: Mapping[str, str],
    scores: Mapping[str, float] | None = None,
    party_row: int | None = None,
    case_id: str | None = None,
    despite: Collection[str] = (),
) -> None:
    """Audit the defender's decision about each candidate (``conflict_check`` on the
    candidate person), all in one transaction; ``ValueError`` for an unknown decision or
    side. ``draft_id`` ties the decisions to the intake being filled (empty when there is
    none); ``party_row`` is the ficha's "Otras partes" row (0-based) when the decisions are
    about another party; ``case_id`` the case a party is being added to from the case view;
    ``despite``: candidates decided the same person although they are a conflict of interest,
    confirmed by the defender (``despite_conflict`` in the detail, on a ``same`` decision
    only). ``WARNED``: a candidate the command line only warned about."""
    if side not in SIDES:
        raise ValueError(f"side must be one of {SIDES}")
    bad = sorted(d for d in decisions.values() if d not in AUDITED)
    if bad:
        raise ValueError(f"unknown decisions: {bad}")
    with store.transaction():
        for person_id, decision in decisions.items():
            detail: dict[str, Any] = {"side": side, "decision": decision}
            if draft_id:
                detail["draft_id"] = draft_id
            if case_id:
                detail["case_id"] = case_id
            if scores and person_id in scores:
                detail["score"] = scores[person_id]
            if party_row is not None:
                detail["party_row"] = party_row
            if decision == SAME and person_id in despite:  # confirmed despite the conflict
                detail["despite_conflict"] = True
            store.audit("conflict_check", "person", person_id, detail)


def conflict_overrides(
    store: Any, case_id: str | None = None, intake_id: str | None = None
) -> list[dict[str, Any]]:
    """Every "Continuar: es otra disputa" — a candidate decided the same person despite a
    conflict of interest (``despite_conflict``) — about this case (added as its party
    from the case view: ``case_id`` in the detail) or its intake (decided while it was a
    draft: the draft is linked by the intake's ``duplicate_decision``), newest first,
    each ``{at, who, person_id, side, inferred}``; only the latest decision about a
    person on a side counts (a changed decision forgets the acknowledgement). An intake
    registered before its ``duplicate_decision`` named the draft is linked by person and
    time (``_drafts_by_person``: ``inferred`` true, and the screens say so)."""
    drafts: list[str] = []
    inferred: set[str] = set()
    if intake_id:
        rows = store.query(
            "SELECT detail FROM audit_event WHERE action = 'duplicate_decision'"
            " AND json_valid(detail) AND json_extract(detail, '$.intake_id') = ?",
            (intake_id,),
        )
        drafts = [d for r in rows if (d := json.loads(r["detail"]).get("draft_id"))]
        if not drafts:  # registered before the decision named its draft
            inferred = set(_drafts_by_person(store, intake_id))
            drafts = sorted(inferred)
    where, params = [], []
    if case_id:
        where.append("json_extract(a.detail, '$.case_id') = ?")
        params.append(case_id)
    if drafts:
        where.append(f"json_extract(a.detail, '$.draft_id') IN ({','.join('?' * len(drafts))})")
        params.extend(drafts)
    if not where:
        return []
    events = store.query(
        "SELECT a.at AS at, a.entity_id AS person_id, a.detail AS detail,"
        " a.user_id AS who FROM audit_event a WHERE a.action = 'conflict_check'"
        f" AND json_valid(a.detail) AND ({' OR '.join(where)}) ORDER BY a.at DESC, a.seq DESC",
        params,
    )
    names = user_labels(store, [str(e["who"] or "") for e in events])
    seen: set[tuple[str, str, Any]] = set()
    found = []
    for event in events:
        detail = json.loads(event["detail"])
        key = (str(event["person_id"]), str(detail.get("side")), detail.get("party_row"))
        if key in seen:
            continue
        seen.add(key)
        if detail.get("decision") == SAME and detail.get("despite_conflict"):
            found.append(
                {
                    "at": event["at"],
                    "who": names.get(str(event["who"] or ""), ""),
                    "person_id": event["person_id"],
                    "side": detail.get("side"),
                    "inferred": detail.get("draft_id") in inferred,
                }
            )
    return found


# how long before an older ficha was recorded its conflict check may have been made
INFER_WINDOW = dt.timedelta(days=1)


def _drafts_by_person(store: Any, intake_id: str) -> list[str]:
    """For an intake registered before its decisions named their draft: the drafts of
    the latest conflict check about each of its people — its client (the client's side)
    and its case's parties (the other side) — made by the same user within
    ``INFER_WINDOW`` before the intake was recorded, outside any case view. What links
    them is the person and the time, not an id: the caller says so."""
    made = store.query(
        "SELECT at, user_id FROM audit_event WHERE entity = 'intake' AND entity_id = ?"
        " AND action IN ('create', 'insert') ORDER BY seq LIMIT 1",
        (intake_id,),
    )
    intake = store.query("SELECT person_id FROM intake WHERE id = ?", (intake_id,))
    if not made or not intake:
        return []
    parties = store.query(
        "SELECT p.person_id AS person_id FROM case_party p JOIN legal_case c ON c.id ="
        " p.case_id WHERE c.intake_id = ? AND p._deleted = 0",
        (intake_id,),
    )
    sides = {(str(intake[0]["person_id"]), "client")}
    sides |= {(str(p["person_id"]), "other") for p in parties}
    people = sorted({person for person, _side in sides})
    try:
        at = dt.datetime.fromisoformat(str(made[0]["at"]).replace("Z", "+00:00"))
    except ValueError:
        return []
    since = (at - INFER_WINDOW).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    events = store.query(
        "SELECT entity_id, detail FROM audit_event WHERE action = 'conflict_check'"
        f" AND entity_id IN ({','.join('?' * len(people))}) AND user_id IS ?"
        " AND at <= ? AND at >= ? AND json_valid(detail)"
        " AND json_extract(detail, '$.case_id') IS NULL"
        " AND json_extract(detail, '$.draft_id') IS NOT NULL ORDER BY at DESC, seq DESC",
        [*people, made[0]["user_id"], made[0]["at"], since],
    )
    drafts: dict[tuple[str, str], str] = {}
    for event in events:
        detail = json.loads(event["detail"])
        key = (str(event["entity_id"]), str(detail.get("side")))
        if key in sides:
            drafts.setdefault(key, str(detail["draft_id"]))
    return sorted(set(drafts.values()))
