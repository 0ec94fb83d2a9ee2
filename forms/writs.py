"""The writ drafting vocabulary and the check of a template against it (pure).

Owns, declared once for the desktop app and the server: ``FIELDS`` (each top-level name
a writ template may use, mapped to its attributes; a list's item attributes for
``hijos`` and ``anexos``), ``LISTS``, the shipped kinds of writ (``KINDS``, each with
the case matters it is drafted for: ``kind_for_matter``, the writ a case starts on) and
``template_problems``: every name a ``.docx`` template (``docxtpl``: Jinja fields and
loops) reads that drafting does not fill. The server refuses such a template when it is
published (``sync.server.catalogs``); the app fills exactly these names
(``app.drafting.context``). Imports nothing of ours.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
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
            "domicilio",
            "distrito",
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

# What a defender calls each field: named in the mark a drafted writ carries where the
# case lacks the value, and in the warning before drafting.
LABELS: dict[str, str] = {
    "fecha.hoy": "fecha", "fecha.hoy_letras": "fecha en letras", "fecha.lugar": "lugar",
    "oficina.nombre": "nombre de la oficina", "oficina.codigo": "código de la oficina",
    "defensor.nombre": "nombre del defensor o defensora",
    "caso.numero_interno": "número del caso", "caso.expediente": "número de expediente",
    "caso.materia": "materia", "caso.juzgado": "juzgado",
    "caso.distrito_judicial": "distrito judicial", "caso.resumen": "resumen del caso",
    "demandante.nombre_completo": "nombre de la parte demandante",
    "demandante.documento_tipo": "tipo de documento de la parte demandante",
    "demandante.documento_numero": "número de documento de la parte demandante",
    "demandante.domicilio": "domicilio de la parte demandante",
    "demandante.distrito": "distrito de la parte demandante",
    "demandante.telefono": "teléfono de la parte demandante",
    "obligado.nombre_completo": "nombre del obligado",
    "obligado.documento_tipo": "tipo de documento del obligado",
    "obligado.documento_numero": "número de documento del obligado",
    "obligado.ocupacion": "ocupación del obligado",
    "obligado.domicilio": "domicilio del demandado", "obligado.distrito": "distrito del demandado",
    "obligado.ingreso": "ingreso del obligado", "obligado.ingreso_letras": "ingreso del obligado",
    "hijos": "hijos o hijas", "hijos.nombre": "nombre del hijo o hija",
    "hijos.fecha_nacimiento": "fecha de nacimiento del hijo o hija",
    "hijos.fecha_nacimiento_letras": "fecha de nacimiento del hijo o hija",
    "hijos.edad": "edad del hijo o hija", "hijos.acta_numero": "número del acta de nacimiento",
    "hijos.acta_oficina": "oficina que expidió el acta de nacimiento",
    "monto.cifras": "monto solicitado", "monto.letras": "monto solicitado",
    "hechos": "hechos",
    "violencia.tipos": "tipos de violencia", "violencia.fecha_hechos": "fecha de los hechos",
    "violencia.riesgo": "nivel de riesgo", "violencia.relacion_agresor": "relación con el agresor",
    "violencia.denuncia_entidad": "entidad de la denuncia",
    "violencia.denuncia_numero": "número de la denuncia",
    "anexos": "anexos", "anexos.codigo": "anexos", "anexos.descripcion": "anexos",
}  # fmt: skip
MISSING = "[COMPLETAR: {}]"  # printed in a drafted writ where the case lacks the value


@dataclass(frozen=True)
class Kind:
    code: str
    title: str
    # the case matters (``forms.catalogs.MATTERS`` codes) this writ is drafted for: a case
    # of one of them starts on it; () — any matter (e.g. apersonamiento) — never preselected
    matters: tuple[str, ...] = ()


KINDS: tuple[Kind, ...] = (
    Kind("demanda_alimentos", "Demanda de alimentos", ("alimentos",)),
    Kind("apersonamiento", "Apersonamiento de la defensa pública"),
    Kind("medidas_proteccion", "Solicitud de medidas de protección (Ley 30364)", ("violencia",)),
)


def offer_groups(
    matter: str | None, offered: Iterable[str]
) -> tuple[list[str], list[str], list[str]]:
    """``offered`` (kind codes) as a case of ``matter`` is offered them: the writs drafted
    for its matter, those for any matter (and an office's own), those drafted for other
    matters (fresh8 #10: an Alimentos case was offered the Ley 30364 protection measures
    among its own); each in the order given."""
    kinds = {k.code: k for k in KINDS}
    groups: tuple[list[str], list[str], list[str]] = ([], [], [])
    for code in offered:
        fits = kinds[code].matters if code in kinds else ()
        groups[1 if not fits else 0 if matter in fits else 2].append(code)
    return groups


def kind_for_matter(matter: str | None, offered: Iterable[str]) -> str | None:
    """The writ among ``offered`` (kind codes) a case of ``matter`` starts on: the first
    kind drafted for that matter (``Kind.matters``); None when none is (the defender
    chooses: a Filiación case is never offered the alimony claim by default)."""
    fitting = {k.code for k in KINDS if matter and matter in k.matters}
    return next((code for code in offered if code in fitting), None)


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


def _tested(node: Any, loops: dict[str, str]) -> Iterator[tuple[str, str | None]]:
    """The names the template tests before printing (``{% if x %}``, ``x if … else``,
    ``x or 'por asignar'``, ``x|default``): it has its own wording for them when empty."""
    from jinja2 import nodes

    loop = isinstance(node, nodes.For) and isinstance(node.target, nodes.Name)
    if loop and isinstance(node.iter, nodes.Name):
        loops = {**loops, node.target.name: node.iter.name}
    if isinstance(node, nodes.If | nodes.CondExpr):
        yield from _names(node.test, loops)
    if isinstance(node, nodes.Or):
        yield from _names(node.left, loops)
    if isinstance(node, nodes.Filter) and node.name == "default" and node.node is not None:
        yield from _names(node.node, loops)
    for child in node.iter_child_nodes():
        yield from _tested(child, loops)


class TemplateUnreadable(ValueError):
    """The bytes are not a Word template drafting can parse (the message says why)."""


def used_fields(data: bytes) -> list[tuple[str, str | None]]:
    """(name, attribute or None) for every field the template reads, in order; a list's
    item attributes are named ``"hijos[]"`` (``TemplateUnreadable`` for a bad file)."""
    return list(dict.fromkeys(_names(_parse(data), {})))


def tested_fields(data: bytes) -> set[tuple[str, str | None]]:
    """The fields the template tests before printing (see ``_tested``)."""
    return set(_tested(_parse(data), {}))


def _parse(data: bytes) -> Any:
    from docxtpl import DocxTemplate
    from jinja2 import Environment, TemplateSyntaxError

    try:
        tpl = DocxTemplate(io.BytesIO(data))
        tpl.init_docx()
        xml = tpl.patch_xml(tpl.get_xml())
    except Exception:
        raise TemplateUnreadable("the file is not a Word (.docx) document") from None
    try:
        return Environment(autoescape=True).parse(xml)  # parsed, never rendered
    except TemplateSyntaxError as exc:
        raise TemplateUnreadable(f"template syntax error: {exc.message}") from None


def template_problems(data: bytes) -> list[str]:
    """Every field the template names that drafting does not fill (empty when good)."""
    try:
        fields = used_fields(data)
    except TemplateUnreadable as exc:
        return [str(exc)]
    problems: list[str] = []
    for name, attr in fields:
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
