"""The values of the writ fields for one case.

The drafting vocabulary (``FIELDS``) is declared once in ``forms.writs`` (the server
checks published templates against it); ``case_context`` fills exactly these names from
the case, its client, its intake's ficha (children, the obligated parent, the amount,
the facts), the office and the defender. Values are text ready to print (dates as
``dd/mm/aaaa`` and in words, amounts in figures and in words); a missing answer is an
empty text, never ``None``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from app import office_time
from app.core import cases, intakes
from app.core.people import full_name
from app.core.queries.case_facts import day, ficha_children
from app.core.queries.case_file import office_name
from app.core.text import search_key
from app.core.user_names import user_labels
from app.drafting.words import amount_in_figures, amount_in_words, date_in_words
from forms.writs import FIELDS, LISTS
from sync.spec import vocab

__all__ = ["FIELDS", "LISTS", "case_context"]


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _amount(say: Any, value: Any) -> str:
    """An amount said by ``say`` ("" when there is none, or it is not an amount: the
    writ then marks it [COMPLETAR: …])."""
    if value in (None, ""):
        return ""
    try:
        return str(say(value))
    except ValueError:
        return ""


def _dmy(value: Any) -> str:
    found = day(value)
    return found.strftime("%d/%m/%Y") if found else ""


def _label(table: Mapping[str, str], value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(table.get(str(v), str(v)) for v in value)
    return table.get(str(value), _text(value)) if value else ""


def _district(ubigeo: Any) -> str:
    """The district's name as Spanish writes it, accents included ("Jesús Nazareno"), as
    every screen shows it (``forms.ubigeo.district_name``; fresh6 #5)."""
    from forms.ubigeo import district_name

    name = district_name(str(ubigeo)) if ubigeo else ""
    return "" if name == str(ubigeo) else name  # an unknown code is not a district


def _court(case: Mapping[str, Any]) -> tuple[str, str]:
    """(court as printed, judicial district) from the court file number's parts."""
    from forms.peru import COURT_DISTRICTS, COURT_SPECIALTIES

    parts = case.get("court_file_parts")
    if not isinstance(parts, Mapping):
        return "", ""
    organs = {"JP": "Juzgado de Paz Letrado", "JR": "Juzgado Especializado", "SP": "Sala"}
    organ = organs.get(str(parts.get("organ")), "Juzgado")
    specialty = COURT_SPECIALTIES.get(str(parts.get("specialty")), "")
    number = str(parts.get("court_no") or "").lstrip("0")
    court = f"{number}° {organ}" if number else organ
    if specialty:
        court += f" de {specialty}"
    seat = str(parts.get("court") or "")
    return court, COURT_DISTRICTS.get(seat[:2], "")


# the court a claim of the matter goes to, where the case's court file does not say (the
# judge a demanda or an apersonamiento is addressed to, in the writ's place)
MATTER_COURTS = {
    "alimentos": "Juzgado de Paz Letrado",
    "filiacion": "Juzgado de Paz Letrado",
    "tenencia": "Juzgado de Familia",
    "violencia": "Juzgado de Familia",
}


def case_court(case: Mapping[str, Any], place: str) -> tuple[str, str]:
    """(court as printed, judicial district): the court file's (``_court``), else the
    court of the case's matter in ``place`` ("Juzgado de Paz Letrado de Cusco"), else
    ("", "") — the writ then marks it to complete."""
    court, district = _court(case)
    if court:
        return court, district
    matter = str(case.get("matter") or "")
    usual = MATTER_COURTS.get(vocab.MATTER.aliases.get(matter, matter), "")
    return (f"{usual} de {place}" if usual and place else usual), ""


def _children(answers: Mapping[str, Any], today: dt.date) -> list[dict[str, str]]:
    out = []
    for child in ficha_children(answers, today):
        born = child["born"]
        out.append(
            {
                "nombre": child["name"],
                "fecha_nacimiento": born.strftime("%d/%m/%Y") if born else "",
                "fecha_nacimiento_letras": date_in_words(born) if born else "",
                "edad": _text(child["age"]),
                "acta_numero": child["acta_numero"],
                "acta_oficina": child["acta_oficina"],
            }
        )
    return out


def _annexes(children: list[dict[str, str]], claimant_doc: str) -> list[dict[str, str]]:
    items = [f"Copia del documento de identidad de la demandante ({claimant_doc})"]
    for child in children:
        act = f" N.° {child['acta_numero']}" if child["acta_numero"] else ""
        items.append(f"Acta de nacimiento{act} de {child['nombre']}")
    items.append("Constancia de patrocinio gratuito de la Defensa Pública")
    return [{"codigo": f"1-{chr(65 + i)}", "descripcion": text} for i, text in enumerate(items)]


def _obligado(store: Any, case_id: str, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The obligated parent as the writ names him: the ficha's answers; where they name
    a counterparty of the case (accents and case aside), that person as recorded — his
    name and document as the case's Partes and its PDF write them (fresh 10 #31: the
    demanda wrote "Alarcon" as typed in the ficha, the party is "Alarcón"; the ficha's
    document only where his record has none; walkthrough: the demanda's defendant and
    the case's Partes disagreed), and his address (``_address``) and district."""
    named = _text(answers.get("obligado_nombres"))
    counterparties = [p for p in cases.case_parties(store, case_id) if p["role"] == "counterparty"]
    same = [p for p in counterparties if named and search_key(full_name(p)) == search_key(named)]
    party = same[0] if same else None
    if party and party.get("doc_number"):  # his document as recorded
        doc_type, doc_number = party.get("doc_type"), party.get("doc_number")
    else:
        doc_type = answers.get("obligado_tipo_documento") or (party or {}).get("doc_type")
        doc_number = answers.get("obligado_numero_documento")
    if doc_type == "SIN_DOCUMENTO":
        doc_type = doc_number = None
    return {
        "nombre": full_name(party) if party else named,
        "doc_type": doc_type,
        "doc_number": doc_number,
        "domicilio": _address(store, str(party["person_id"])) if party else "",
        "distrito": _district((store.get("person", party["person_id"]) or {}).get("ubigeo"))
        if party
        else "",
    }


def _address(store: Any, person_id: str) -> str:
    """A person's street address as their newest ficha gives it (``direccion``: asked
    of whoever is attended), "" when none of their fichas does."""
    for row in reversed(intakes.list_intakes(store, person_id)):
        answers = intakes.get_intake(store, str(row["id"])).get("answers") or {}
        found = _text(answers.get("direccion")) if isinstance(answers, Mapping) else ""
        if found:
            return found
    return ""


def case_context(store: Any, case_id: str, today: dt.date | None = None) -> dict[str, Any]:
    """The values of ``FIELDS`` for one case (``NotFound`` for an unknown case)."""
    today = today or office_time.today()
    case = cases.get_case(store, case_id)
    client = store.get("person", case["person_id"]) if case.get("person_id") else None
    client = dict(client or {})
    answers: Mapping[str, Any] = {}
    if case.get("intake_id"):
        answers = intakes.get_intake(store, str(case["intake_id"])).get("answers") or {}
    defender = user_labels(store, [case.get("defender_id") or ""]).get(
        case.get("defender_id") or "", ""
    )
    office = office_name(store, str(case.get("office_id") or "")) or ""
    judicial_district = _court(case)[1]
    office_row = store.get("office", case["office_id"]) if case.get("office_id") else None
    place = _district((office_row or {}).get("ubigeo"))
    doc_types = vocab.DOC_TYPE.table()
    claimant_doc = " ".join(
        x for x in (_label(doc_types, client.get("doc_type")), _text(client.get("doc_number"))) if x
    )
    claimant_place = _district(client.get("ubigeo") or answers.get("ubigeo_domicilio"))
    children = _children(answers, today)
    amount = answers.get("monto_solicitado")
    obligado = _obligado(store, case_id, answers)
    income = answers.get("obligado_ingreso_estimado")
    # alimentos may be claimed where the claimant lives: her district first
    where = claimant_place or place or judicial_district or "Lima"
    court, judicial_district = case_court(case, where)
    return {
        "fecha": {
            "hoy": today.strftime("%d/%m/%Y"),
            "hoy_letras": date_in_words(today),
            "lugar": where,
        },
        "oficina": {"nombre": office, "codigo": _text(getattr(store, "office_code", ""))},
        "defensor": {"nombre": defender},
        "caso": {
            "numero_interno": _text(case.get("internal_number")),
            "expediente": _text(case.get("court_file_number")),
            "materia": _label(vocab.MATTER.table(), case.get("matter")),
            "juzgado": court,
            "distrito_judicial": judicial_district,
            "resumen": _text(case.get("summary")),
        },
        "demandante": {
            "nombre_completo": full_name(client),
            "documento_tipo": _label(doc_types, client.get("doc_type")),
            "documento_numero": _text(client.get("doc_number")),
            "domicilio": _text(answers.get("direccion")),
            "distrito": claimant_place,
            "telefono": _text(client.get("phone")),
        },
        "obligado": {
            "nombre_completo": obligado["nombre"],
            "documento_tipo": _label(doc_types, obligado["doc_type"]),
            "documento_numero": _text(obligado["doc_number"]),
            "ocupacion": _text(answers.get("obligado_ocupacion")),
            "ingreso": _amount(amount_in_figures, income),
            "ingreso_letras": _amount(amount_in_words, income),
            "domicilio": obligado["domicilio"],
            "distrito": obligado["distrito"],
        },
        "hijos": children,
        "monto": {
            "cifras": _amount(amount_in_figures, amount),
            "letras": _amount(amount_in_words, amount),
        },
        "hechos": _text(answers.get("resumen_caso")) or _text(case.get("summary")),
        "violencia": {
            "tipos": ", ".join(str(t) for t in answers.get("tipos_violencia") or []),
            "fecha_hechos": _dmy(answers.get("fecha_hechos")),
            "riesgo": _text(answers.get("nivel_riesgo")),
            "relacion_agresor": _text(answers.get("relacion_agresor")),
            "denuncia_entidad": _text(answers.get("denuncia_entidad")),
            "denuncia_numero": _text(answers.get("denuncia_numero")),
        },
        "anexos": _annexes(children, claimant_doc),
    }
