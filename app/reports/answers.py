"""Form answers as printed lines: Spanish labels and readable values, section by section.

With the form definition (``forms`` registry: sections, fields, choices, repeat groups)
each answer gets its field's Spanish label and its choice label; dates print as
dd/mm/aaaa, booleans as Sí/No, ubigeo codes as district names, amounts in soles as
"S/ 2,500.00" (a decimal field whose label says "S/", as the case summary). Answers the definition
does not know (an older or newer version) are still printed, under "Otros datos", with
humanized keys: nothing in the record is dropped from the document. Without a definition
every answer prints that way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from app.core.queries.case_facts import money
from app.reports import labels
from app.reports.model import AnswerLine, AnswerSection
from app.reports.timefmt import format_date, format_datetime

OTHER = "Otros datos"


def es(label: Any, fallback: str = "") -> str:
    """The Spanish text of a label dict (or the text itself)."""
    if isinstance(label, Mapping):
        return str(label.get("es") or next(iter(label.values()), fallback) or fallback)
    return str(label) if label else fallback


def district_label(code: Any) -> str:
    """ "Distrito, Provincia, Departamento (código)" spelled as the screens write them
    ("Jesús María, Lima, Lima (150113)"), or the code when unknown."""
    if not code:
        return "—"
    try:
        from forms import ubigeo

        found = ubigeo.district(str(code))
    except (ImportError, FileNotFoundError):
        return str(code)
    if found is None:
        return str(code)
    names = (found.name, found.province, found.department)
    return f"{', '.join(ubigeo.spelled(n) for n in names)} ({code})"


def _choice_labels(spec: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for choice in getattr(spec, "choices", None) or []:
        out[str(getattr(choice, "value", ""))] = es(getattr(choice, "label", None))
    catalog = getattr(spec, "catalog", None)
    if catalog and not out:
        try:
            from forms.catalogs import CATALOGS

            out = {value: es(label) for value, label in CATALOGS.get(catalog, [])}
        except ImportError:
            pass
    return out


def plain_value(value: Any) -> str:
    """A value printed without a definition."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return labels.YES_NO[value]
    if isinstance(value, Mapping):
        return ", ".join(f"{labels.humanize(k)}: {plain_value(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(plain_value(v) for v in value) or "—"
    return str(value)


def field_value(spec: Any, value: Any) -> str:
    """A value printed the way its field's type reads best."""
    kind = getattr(spec, "type", "text")
    if value is None or value == "" or value == []:
        return "—"
    if kind == "boolean":
        return labels.yes_no(value)
    if kind in ("select_one", "select_multiple"):
        names = _choice_labels(spec)
        items = value if isinstance(value, list | tuple) else [value]
        return ", ".join(names.get(str(v), str(v)) for v in items)
    if kind == "date":
        return format_date(value)
    if kind == "datetime":
        return format_datetime(value)
    if kind == "ubigeo":
        return district_label(value)
    if kind == "decimal" and "S/" in es(getattr(spec, "label", None)):
        return money(value)
    if kind == "document_id" and isinstance(value, Mapping):
        doc_type = labels.label(labels.DOC_TYPE, value.get("doc_type"))
        return f"{doc_type} {value.get('doc_number') or ''}".strip()
    return plain_value(value)


def _lines(fields: Sequence[Any], answers: Mapping[str, Any], depth: int) -> list[AnswerLine]:
    lines: list[AnswerLine] = []
    for spec in fields:
        if getattr(spec, "type", "") == "note":
            continue
        name = getattr(spec, "name", "")
        if name not in answers:
            continue
        value = answers[name]
        label = es(getattr(spec, "label", None), labels.humanize(name))
        if getattr(spec, "type", "") == "repeat":
            items = value if isinstance(value, list) else []
            lines.append(AnswerLine(label, f"{len(items)} registro(s)", depth))
            children = getattr(spec, "fields", []) or []
            for number, item in enumerate(items, start=1):
                lines.append(AnswerLine(f"{label} n.° {number}", "", depth + 1))
                if isinstance(item, Mapping):
                    lines += _lines(children, item, depth + 2)
                    known = {getattr(c, "name", "") for c in children}
                    lines += [
                        AnswerLine(labels.humanize(k), plain_value(v), depth + 2)
                        for k, v in item.items()
                        if k not in known
                    ]
            continue
        lines.append(AnswerLine(label, field_value(spec, value), depth))
    return lines


def render_answers(answers: Mapping[str, Any], definition: Any = None) -> list[AnswerSection]:
    """Sections of printed answer lines, in the form's order."""
    sections: list[AnswerSection] = []
    known: set[str] = set()
    for section in getattr(definition, "sections", None) or []:
        fields = getattr(section, "fields", []) or []
        known.update(getattr(f, "name", "") for f in fields)
        lines = _lines(fields, answers, 0)
        if lines:
            title = es(getattr(section, "label", None), labels.humanize(section.name))
            sections.append(AnswerSection(title, lines))
    rest = [
        AnswerLine(labels.humanize(key), plain_value(value))
        for key, value in answers.items()
        if key not in known
    ]
    if rest:
        sections.append(AnswerSection(OTHER if definition else "Respuestas", rest))
    return sections
