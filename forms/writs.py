"""The writ drafting vocabulary and the check of a template against it (pure).

Owns, declared once for the desktop app and the server: ``FIELDS`` (each top-level name
a writ template may use, mapped to its attributes; a list's item attributes for
``hijos`` and ``anexos``), ``LISTS``, the shipped kinds of writ (``KINDS``) and
``template_problems``: every name a ``.docx`` template (``docxtpl``: Jinja fields and
loops) reads that drafting does not fill. The server refuses such a template when it is
published (``sync.server.catalogs``); the app fills exactly these names
(``app.drafting.context``). Imports nothing of ours.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

KIND_CODE = re.compile(r"^[a-z][a-z0-9_]{1,47}$")
MAX_TEMPLATE_BYTES = 2 * 1024 * 1024

FIELDS: dict[str, frozenset[str]] = {
    "fecha": frozenset({"hoy", "hoy_letras", "lugar"}),
    "oficina": frozenset({"nombre", "codigo"}),
    "defensor": frozenset({"nombre"}),
    "caso": frozenset(
        {"numero_interno", "expediente", "materia", "juzgado", "distrito_judicial", "resumen"}
    ),
    "demandante": frozenset(
        [
            "nombre_completo",
            "documento_tipo",
            "documento_numero",
            "domicilio",
            "distrito",
            "telefono",
        ]
    ),
    "obligado": frozenset(
        [
            "nombre_completo",
            "documento_tipo",
            "documento_numero",
            "ocupacion",
            "ingreso",
            "ingreso_letras",
        ]
    ),
    "hijos": frozenset(
        [
            "nombre",
            "fecha_nacimiento",
            "fecha_nacimiento_letras",
            "edad",
            "acta_numero",
            "acta_oficina",
        ]
    ),
    "monto": frozenset({"cifras", "letras"}),
    "hechos": frozenset(),
    "violencia": frozenset(
        [
            "tipos",
            "fecha_hechos",
            "riesgo",
            "relacion_agresor",
            "denuncia_entidad",
            "denuncia_numero",
        ]
    ),
    "anexos": frozenset({"codigo", "descripcion"}),
}
LISTS = frozenset({"hijos", "anexos"})


@dataclass(frozen=True)
class Kind:
    code: str
    title: str


KINDS: tuple[Kind, ...] = (
    Kind("demanda_alimentos", "Demanda de alimentos"),
    Kind("apersonamiento", "Apersonamiento de la defensa pública"),
    Kind("medidas_proteccion", "Solicitud de medidas de protección (Ley 30364)"),
)


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
