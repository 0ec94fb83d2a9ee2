"""Writ templates: which one each kind uses, and drafting a ``.docx``.

Owns the choice of template (``available``: the starter templates shipped in
``resources/drafting/<kind>.docx`` — Word files with ``docxtpl`` fields and loops, e.g.
one block per child —, replaced by the server's published national templates, then by
the office's own; the vocabulary and the check that refuses a template naming a field
that does not exist are ``forms.writs``) and ``draft``: the case's context rendered
into a new ``.docx`` written only where the caller chose, audited as ``draft`` (kind,
case and template version; never a name or the content). The written file is not
encrypted: the CLI and the UI warn first.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any

from app.core import legal_data
from app.core.errors import InvalidInput
from app.drafting.context import case_context
from forms import legal_catalogs as legal
from forms.legal_catalogs import TemplateDoc
from forms.writs import (
    KINDS,
    LABELS,
    LISTS,
    MISSING,
    Kind,
    template_problems,
    tested_fields,
    used_fields,
)
from sync.errors import atomic_write

__all__ = ["KINDS", "Kind", "TemplateDoc", "available", "check_template", "draft", "gaps"]
__all__ += ["mark_gaps", "render", "template_for", "template_path", "template_problems"]
__all__ += ["templates_dir"]
log = logging.getLogger("chasqui.drafting")


def templates_dir() -> Path:
    from forms.ubigeo import resources_dir

    return Path(resources_dir()) / "drafting"


def template_path(kind: str) -> Path:
    """The shipped template file of ``kind``."""
    if kind not in {k.code for k in KINDS}:
        choices = ", ".join(k.code for k in KINDS)
        raise InvalidInput.one("KIND", f"unknown kind {kind!r} (one of: {choices})", "choice")
    return templates_dir() / f"{kind}.docx"


def available(store: Any = None) -> dict[str, TemplateDoc]:
    """Every kind of writ the vault can draft, with the template it uses: the shipped
    file, replaced by the server's national template, then by the office's own."""
    out = {k.code: TemplateDoc(k.code, k.title, template_path(k.code).read_bytes()) for k in KINDS}
    if store is None:
        return out
    office_names = [
        n for n in legal_data.held_names(store) if n.startswith(legal.TEMPLATES + legal.SCOPE_SEP)
    ]
    for name in (legal.TEMPLATES, *office_names):  # national first, then the office's own
        found = legal_data.published(store, name)
        if found is None:
            continue
        try:
            docs = legal.templates_from_rows(*found, office=legal.office_of(name))
        except legal.LegalCatalogError as exc:
            log.warning("published templates %s skipped: %s", name, exc)
            continue
        out.update({doc.kind: doc for doc in docs})
    return out


def template_for(store: Any, kind: str) -> TemplateDoc:
    found = available(store)
    if kind not in found:
        choices = ", ".join(sorted(found))
        raise InvalidInput.one("KIND", f"unknown kind {kind!r} (one of: {choices})", "choice")
    return found[kind]


def check_template(data: bytes) -> None:
    """Refuse a template naming a field that does not exist (``InvalidInput``)."""
    problems = template_problems(data)
    if problems:
        raise InvalidInput.one("template", "; ".join(problems), "unknown_field")


def _label(name: str, attr: str | None) -> str:
    key = name if attr is None else f"{name}.{attr}"
    return LABELS.get(key, LABELS.get(name, key))


def mark_gaps(context: dict[str, Any], data: bytes) -> list[str]:
    """Put ``MISSING`` ("[COMPLETAR: …]") in ``context`` wherever the template reads a
    value the case lacks, so a hurried defender cannot file a writ with a silent blank;
    return what is missing, in the defender's words, in the template's order. A value
    the template tests first (``{% if caso.expediente %}…{% else %}por asignar``) keeps
    the template's own wording."""
    missing: list[str] = []

    def gap(name: str, attr: str | None) -> str:
        label = _label(name, attr)
        if label not in missing:
            missing.append(label)
        return MISSING.format(label)

    tested = tested_fields(data)
    fields = [f for f in used_fields(data) if f not in tested]
    item_attrs: dict[str, list[str]] = {}
    for name, attr in fields:
        if name.endswith("[]") and attr is not None:
            item_attrs.setdefault(name.removesuffix("[]"), []).append(attr)
    for name, attr in fields:
        base = name.removesuffix("[]")
        value = context.get(base)
        if base in LISTS:
            if not value:  # a list the writ needs is empty: one marked item stands in
                attrs = item_attrs.get(base, [])
                context[base] = [{a: MISSING.format(_label(base, a)) for a in attrs}]
                gap(base, None)
            elif attr is not None and name.endswith("[]"):
                for item in value:
                    if isinstance(item, dict) and not str(item.get(attr, "")).strip():
                        item[attr] = gap(base, attr)
        elif attr is None:
            if isinstance(value, str) and not value.strip():
                context[base] = gap(base, None)
        elif isinstance(value, dict) and not str(value.get(attr, "")).strip():
            value[attr] = gap(base, attr)
    return missing


def gaps(store: Any, kind: str, case_id: str) -> list[str]:
    """What ``kind`` would be missing for the case (see ``mark_gaps``)."""
    return mark_gaps(case_context(store, case_id), template_for(store, kind).data)


def render(template: TemplateDoc, context: dict[str, Any]) -> bytes:
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(template.data))
    tpl.render(context, autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def draft(store: Any, kind: str, case_id: str, out: Path) -> Path:
    """Draft ``kind`` for the case into ``out`` (a new file; never overwrites)."""
    target = Path(out).expanduser()
    if target.suffix.lower() != ".docx":
        raise InvalidInput.one("--out", f"{target} must end in .docx", "format")
    if target.exists():
        raise InvalidInput.one("--out", f"{target} already exists; choose another name", "exists")
    if not target.parent.is_dir():
        raise InvalidInput.one("--out", f"the folder {target.parent} does not exist", "folder")
    template = template_for(store, kind)
    context = case_context(store, case_id)
    mark_gaps(context, template.data)
    data = render(template, context)
    atomic_write(target, data)
    store.audit(
        "draft",
        entity="case",
        entity_id=case_id,
        detail={"kind": kind, "template": template.label},  # never names or content
    )
    return target
