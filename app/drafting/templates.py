"""Writ templates: which kinds exist, checking a template, and drafting a ``.docx``.

Owns the starter templates (``resources/drafting/<kind>.docx``: Word files with
``docxtpl`` fields and loops, e.g. one block per child), the check that refuses a
template naming a field that ``context.FIELDS`` does not have (with the field and the
fix in the message), and ``draft``: the case's context rendered into a new ``.docx``
written only where the caller chose, audited as ``draft`` (kind, case and template;
never a name or the content). The written file is not encrypted: the CLI and the UI warn first.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.errors import InvalidInput
from app.drafting.context import FIELDS, LISTS, case_context
from sync.errors import atomic_write


@dataclass(frozen=True)
class Kind:
    code: str
    title: str


KINDS: tuple[Kind, ...] = (
    Kind("demanda_alimentos", "Demanda de alimentos"),
    Kind("apersonamiento", "Apersonamiento de la defensa pública"),
    Kind("medidas_proteccion", "Solicitud de medidas de protección (Ley 30364)"),
)


def templates_dir() -> Path:
    from forms.ubigeo import resources_dir

    return Path(resources_dir()) / "drafting"


def template_path(kind: str) -> Path:
    if kind not in {k.code for k in KINDS}:
        choices = ", ".join(k.code for k in KINDS)
        raise InvalidInput.one("KIND", f"unknown kind {kind!r} (one of: {choices})", "choice")
    return templates_dir() / f"{kind}.docx"


def _names(node: Any, loops: dict[str, str]) -> Iterator[tuple[str, str | None]]:
    """(top-level name, attribute or None) for every name the template reads."""
    from jinja2 import nodes

    if isinstance(node, nodes.For) and isinstance(node.target, nodes.Name):
        if isinstance(node.iter, nodes.Name):
            yield node.iter.name, None
            inner = {**loops, node.target.name: node.iter.name}
        else:
            yield from _names(node.iter, loops)
            inner = dict(loops)
        for child in (*node.body, *node.else_):
            yield from _names(child, inner)
        return
    if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name):
        name = node.node.name
        if name in loops:
            yield f"{loops[name]}[]", node.attr
        else:
            yield name, node.attr
        return
    if isinstance(node, nodes.Name) and node.ctx == "load":
        yield (f"{loops[node.name]}[]", None) if node.name in loops else (node.name, None)
        return
    for child in node.iter_child_nodes():
        yield from _names(child, loops)


def template_problems(data: bytes) -> list[str]:
    """Every field the template names that drafting does not fill (empty when good)."""
    from docxtpl import DocxTemplate
    from jinja2 import Environment, TemplateSyntaxError

    try:
        tpl = DocxTemplate(io.BytesIO(data))
        tpl.init_docx()
        xml = tpl.patch_xml(tpl.get_xml())
    except Exception:
        return ["the file is not a Word (.docx) document"]
    try:
        tree = Environment(autoescape=True).parse(xml)  # parsed, never rendered
    except TemplateSyntaxError as exc:
        return [f"template syntax error: {exc.message}"]
    problems: list[str] = []
    for name, attr in _names(tree, {}):
        base = name.removesuffix("[]")
        if base in ("loop", "range"):
            continue
        if base not in FIELDS:
            problems.append(f"unknown field '{base}' (known: {', '.join(sorted(FIELDS))})")
        elif (
            attr is not None
            and attr not in FIELDS[base]
            and (name.endswith("[]") or base not in LISTS)
        ):
            known = ", ".join(sorted(FIELDS[base])) or "none"
            problems.append(f"unknown field '{base}.{attr}' (known: {known})")
    return sorted(set(problems))


def check_template(data: bytes) -> None:
    """Refuse a template naming a field that does not exist (``InvalidInput``)."""
    problems = template_problems(data)
    if problems:
        raise InvalidInput.one("template", "; ".join(problems), "unknown_field")


def render(kind: str, context: dict[str, Any]) -> bytes:
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(str(template_path(kind)))
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
    path = template_path(kind)
    data = render(kind, case_context(store, case_id))
    atomic_write(target, data)
    store.audit(
        "draft",
        entity="case",
        entity_id=case_id,
        detail={"kind": kind, "template": path.name},  # never names or content
    )
    return target
