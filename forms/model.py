"""Form definitions: the in-memory model and the checks a definition passes on load.

Owns the JSON definition format (documented in ``forms/definitions/README.md``) and
:func:`build_definition`, which turns parsed JSON into a :class:`Definition` while
collecting *every* problem (unknown type or key, duplicate name, missing Spanish label,
bad expression, reference to a missing field, cycle among calculations, bad regex,
bad choice list...). Each problem names the file and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from forms import expr
from forms.catalogs import CATALOGS
from forms.peru import DOC_TYPES

FIELD_TYPES = frozenset(
    {
        "text",
        "integer",
        "decimal",
        "date",
        "datetime",
        "select_one",
        "select_multiple",
        "boolean",
        "document_id",
        "phone",
        "ubigeo",
        "court_file",
        "carpeta_fiscal",
        "repeat",
        "note",
    }
)
LANGS = ("es", "en", "qu")
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_FIELD_KEYS = frozenset(
    {
        "name",
        "type",
        "label",
        "hint",
        "required",
        "required_message",
        "relevant",
        "constraint",
        "constraint_message",
        "constraints",
        "calculate",
        "default",
        "choices",
        "catalog",
        "sensitive",
        "readonly",
        "fields",
        "min_count",
        "max_count",
        "doc_type_field",
        "doc_type",
        "reason_field",
        "mobile_only",
        "max_length",
        "min",
        "max",
        "multiline",
        "severity",
    }
)
_TOP_KEYS = frozenset(
    {"id", "version", "label", "description", "sections", "choice_lists", "retired", "$comment"}
)
_SECTION_KEYS = frozenset({"name", "label", "relevant", "fields", "$comment"})
DEFAULT_MAX_LENGTH = 500
HARD_MAX_LENGTH = 20000


@dataclass(frozen=True)
class Choice:
    value: str
    label: dict[str, str]

    def text(self, lang: str = "es") -> str:
        return self.label.get(lang) or self.label.get("es", self.value)


@dataclass(frozen=True)
class Constraint:
    source: str
    node: expr.Node
    message: dict[str, str]
    severity: str = "error"  # or "warning" (reported, never blocking)


@dataclass
class Field:
    name: str
    type: str
    label: dict[str, str]
    hint: dict[str, str] = field(default_factory=dict)
    required: bool | expr.Node = False
    required_message: dict[str, str] = field(default_factory=dict)
    relevant: expr.Node | None = None
    constraints: list[Constraint] = field(default_factory=list)
    calculate: expr.Node | None = None
    default: Any = None
    choices: list[Choice] | None = None
    catalog: str | None = None
    sensitive: bool = False
    readonly: bool = False
    fields: list[Field] = field(default_factory=list)  # repeat children
    min_count: int = 0
    max_count: int | None = None
    doc_type_field: str | None = None
    doc_type: str | None = None  # fixed document type (e.g. "RUC") instead of a field
    reason_field: str | None = None
    mobile_only: bool = False
    max_length: int = DEFAULT_MAX_LENGTH
    min: float | None = None
    max: float | None = None
    multiline: bool = False
    section: str = ""
    parent: str | None = None  # enclosing repeat's name

    def text(self, lang: str = "es") -> str:
        return self.label.get(lang) or self.label.get("es", self.name)

    def hint_text(self, lang: str = "es") -> str:
        return self.hint.get(lang) or self.hint.get("es", "")

    def choice_values(self) -> list[str]:
        return [c.value for c in self.choices or []]


@dataclass
class Section:
    name: str
    label: dict[str, str]
    relevant: expr.Node | None
    fields: list[Field]

    def text(self, lang: str = "es") -> str:
        return self.label.get(lang) or self.label.get("es", self.name)


@dataclass
class Definition:
    id: str
    version: int
    label: dict[str, str]
    sections: list[Section]
    retired: bool = False
    source: str = "<memoria>"
    description: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, Field] = field(default_factory=dict)  # every field, nested included
    raw: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str = "es") -> str:
        return self.label.get(lang) or self.label.get("es", self.id)

    def top_fields(self) -> list[Field]:
        return [f for s in self.sections for f in s.fields]

    def sensitive_fields(self) -> list[str]:
        return [n for n, f in self.by_name.items() if f.sensitive]

    def __repr__(self) -> str:
        return f"Definition({self.id!r}, v{self.version})"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class DefinitionError(ValueError):
    """A definition failed its checks; ``problems`` lists every one."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class _Builder:
    def __init__(self, raw: Any, source: str) -> None:
        self.raw = raw
        self.source = source
        self.problems: list[str] = []
        self.fields: dict[str, Field] = {}
        self.exprs: list[tuple[Field | None, str, expr.Node, str | None]] = []

    def problem(self, where: str, text: str) -> None:
        self.problems.append(f"{self.source}: {where}: {text}")

    # -- labels and expressions ---------------------------------------------------------

    def label(
        self, where: str, value: Any, key: str = "label", required: bool = True
    ) -> dict[str, str]:
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            self.problem(where, f'\'{key}\' debe ser un objeto {{"es": ..., "en": ...}}')
            return {}
        out: dict[str, str] = {}
        for lang, text in value.items():
            if lang not in LANGS:
                self.problem(where, f"'{key}': idioma desconocido {lang!r} (use es, en, qu)")
            elif not isinstance(text, str) or not text.strip():
                self.problem(where, f"'{key}.{lang}' debe ser un texto no vacío")
            else:
                out[lang] = text
        if "es" not in out and required:
            self.problem(where, f"falta la etiqueta en castellano ('{key}.es')")
        return out

    def expression(
        self, where: str, owner: Field | None, key: str, text: Any, context: str | None
    ) -> expr.Node | None:
        if not isinstance(text, str):
            self.problem(where, f"'{key}' debe ser una expresión (texto)")
            return None
        try:
            node = expr.parse(text)
        except expr.ParseError as exc:
            self.problem(where, f"expresión '{key}' no válida: {exc}")
            return None
        for pattern in expr.regex_literals(node):
            why = expr.check_pattern(pattern)
            if why:
                self.problem(where, f"expresión '{key}': {why}")
        self.exprs.append((owner, key, node, context))
        return node

    # -- structure ----------------------------------------------------------------------

    def build(self) -> Definition | None:
        raw = self.raw
        if not isinstance(raw, dict):
            self.problem("definición", "el contenido debe ser un objeto JSON")
            return None
        for key in raw:
            if key not in _TOP_KEYS:
                self.problem("definición", f"clave desconocida {_short(key)}")
        form_id = raw.get("id")
        if not isinstance(form_id, str) or not _ID_RE.match(form_id):
            self.problem("definición", "'id' debe ser un nombre en minúsculas (a-z, 0-9, _)")
            form_id = "?"
        version = raw.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self.problem("definición", "'version' debe ser un entero >= 1")
            version = 0
        retired = raw.get("retired", False)
        if not isinstance(retired, bool):
            self.problem("definición", "'retired' debe ser true o false")
            retired = False
        label = self.label("definición", raw.get("label"))
        description = self.label("definición", raw.get("description"), "description", False)
        lists = self.choice_lists(raw.get("choice_lists", {}))
        sections_raw = raw.get("sections")
        sections: list[Section] = []
        if not isinstance(sections_raw, list) or not sections_raw:
            self.problem("definición", "'sections' debe ser una lista no vacía de secciones")
            sections_raw = []
        section_names: set[str] = set()
        for i, sraw in enumerate(sections_raw, 1):
            where = f"sección {i}"
            if not isinstance(sraw, dict):
                self.problem(where, "cada sección debe ser un objeto")
                continue
            name = sraw.get("name")
            if not isinstance(name, str) or not _NAME_RE.match(name):
                self.problem(where, "'name' de sección no válido (a-z, 0-9, _)")
                name = f"seccion_{i}"
            else:
                where = f"sección '{name}'"
                if name in section_names:
                    self.problem(where, "nombre de sección duplicado")
                section_names.add(name)
            for key in sraw:
                if key not in _SECTION_KEYS:
                    self.problem(where, f"clave desconocida {_short(key)}")
            slabel = self.label(where, sraw.get("label"))
            relevant = None
            if "relevant" in sraw:
                relevant = self.expression(where, None, "relevant", sraw["relevant"], None)
            fields = self.field_list(sraw.get("fields"), where, name, None, lists)
            sections.append(Section(name, slabel, relevant, fields))
        self.check_references()
        self.check_cycles()
        if self.problems:
            return None
        return Definition(
            form_id, version, label, sections, retired, self.source, description, self.fields, raw
        )

    def choice_lists(self, raw: Any) -> dict[str, list[Choice]]:
        out: dict[str, list[Choice]] = {}
        if not isinstance(raw, dict):
            self.problem("choice_lists", "debe ser un objeto {nombre: [opciones]}")
            return out
        for name, items in raw.items():
            out[name] = self.choices(f"lista de opciones '{name}'", items)
        return out

    def choices(self, where: str, items: Any) -> list[Choice]:
        if not isinstance(items, list) or not items:
            self.problem(where, "las opciones deben ser una lista no vacía")
            return []
        out: list[Choice] = []
        seen: set[str] = set()
        for j, item in enumerate(items, 1):
            if not isinstance(item, dict) or not isinstance(item.get("value"), str):
                self.problem(where, f"opción {j}: necesita 'value' (texto) y 'label'")
                continue
            value = item["value"]
            if value in seen:
                self.problem(where, f"opción duplicada {value!r}")
            seen.add(value)
            out.append(Choice(value, self.label(f"{where}, opción {value!r}", item.get("label"))))
        return out

    def field_list(
        self,
        raw: Any,
        where: str,
        section: str,
        parent: Field | None,
        lists: dict[str, list[Choice]],
    ) -> list[Field]:
        if not isinstance(raw, list):
            self.problem(where, "'fields' debe ser una lista")
            return []
        out: list[Field] = []
        for i, fraw in enumerate(raw, 1):
            f = self.field(fraw, f"{where}, campo {i}", section, parent, lists)
            if f is not None:
                out.append(f)
        return out

    def field(
        self,
        raw: Any,
        where: str,
        section: str,
        parent: Field | None,
        lists: dict[str, list[Choice]],
    ) -> Field | None:
        if not isinstance(raw, dict):
            self.problem(where, "cada campo debe ser un objeto")
            return None
        name = raw.get("name")
        if not isinstance(name, str) or not _NAME_RE.match(name):
            self.problem(where, "'name' no válido (minúsculas, dígitos y _, empieza con letra)")
            return None
        where = f"campo '{name}'"
        ftype = raw.get("type")
        if not isinstance(ftype, str) or ftype not in FIELD_TYPES:
            self.problem(where, f"tipo desconocido {_short(ftype)}")
            ftype = "text"
        for key in raw:
            if key not in _FIELD_KEYS:
                self.problem(where, f"clave desconocida {_short(key)}")
        f = Field(name=name, type=ftype, label=self.label(where, raw.get("label")))
        f.section = section
        f.parent = parent.name if parent else None
        if name in self.fields:
            self.problem(where, "nombre de campo duplicado")
        else:
            self.fields[name] = f
        ctx = f.parent
        f.hint = self.label(where, raw.get("hint"), "hint", False)
        for flag in ("sensitive", "readonly", "mobile_only", "multiline"):
            value = raw.get(flag, False)
            if not isinstance(value, bool):
                self.problem(where, f"'{flag}' debe ser true o false")
            else:
                setattr(f, flag, value)
        req = raw.get("required", False)
        if isinstance(req, bool):
            f.required = req
        else:
            f.required = self.expression(where, f, "required", req, ctx) or False
        f.required_message = self.label(
            where, raw.get("required_message"), "required_message", False
        )
        if "relevant" in raw:
            f.relevant = self.expression(where, f, "relevant", raw["relevant"], ctx)
        if "calculate" in raw:
            f.calculate = self.expression(where, f, "calculate", raw["calculate"], ctx)
        self.constraints(f, raw, where, ctx)
        f.default = raw.get("default")
        self.type_options(f, raw, where, lists)
        if ftype == "repeat":
            if parent is not None:
                self.problem(where, "no se admiten grupos repetidos dentro de otro grupo repetido")
            f.fields = self.field_list(raw.get("fields"), where, section, f, lists)
            if not f.fields:
                self.problem(where, "un grupo repetido necesita al menos un campo")
        elif "fields" in raw:
            self.problem(where, "'fields' solo se usa en campos de tipo repeat")
        if ftype == "note" and (f.required is not False or f.constraints):
            self.problem(where, "una nota no admite 'required' ni 'constraint'")
        return f

    def constraints(self, f: Field, raw: dict[str, Any], where: str, ctx: str | None) -> None:
        items: list[tuple[Any, Any, Any]] = []
        if "constraint" in raw:
            items.append((raw["constraint"], raw.get("constraint_message"), raw.get("severity")))
        elif "constraint_message" in raw:
            self.problem(where, "'constraint_message' sin 'constraint'")
        extra = raw.get("constraints", [])
        if not isinstance(extra, list):
            self.problem(where, "'constraints' debe ser una lista de {expr, message, severity}")
            extra = []
        for c in extra:
            if not isinstance(c, dict):
                self.problem(where, "cada elemento de 'constraints' debe ser un objeto")
                continue
            items.append((c.get("expr"), c.get("message"), c.get("severity")))
        for text, message, severity in items:
            node = self.expression(where, f, "constraint", text, ctx)
            msg = self.label(where, message, "constraint_message")
            if severity not in (None, "error", "warning"):
                self.problem(where, "'severity' debe ser 'error' o 'warning'")
                severity = None
            if node is not None:
                f.constraints.append(Constraint(text, node, msg, severity or "error"))

    def type_options(
        self, f: Field, raw: dict[str, Any], where: str, lists: dict[str, list[Choice]]
    ) -> None:
        t = f.type
        if t in ("select_one", "select_multiple"):
            choices, catalog = raw.get("choices"), raw.get("catalog")
            if catalog is not None:
                if not isinstance(catalog, str) or catalog not in CATALOGS:
                    self.problem(where, f"catálogo desconocido {_short(catalog)}")
                else:
                    f.catalog = catalog
                    f.choices = [Choice(v, dict(lbl)) for v, lbl in CATALOGS[catalog]]
                if choices is not None:
                    self.problem(where, "use 'choices' o 'catalog', no ambos")
            elif isinstance(choices, str):
                if choices not in lists:
                    self.problem(where, f"lista de opciones inexistente {_short(choices)}")
                f.choices = lists.get(choices, [])
            elif choices is None:
                self.problem(where, "un campo de selección necesita 'choices' o 'catalog'")
            else:
                f.choices = self.choices(where, choices)
        elif "choices" in raw or "catalog" in raw:
            self.problem(where, "'choices'/'catalog' solo se usan en campos de selección")
        if t == "repeat":
            mn, mx = raw.get("min_count", 0), raw.get("max_count")
            if not isinstance(mn, int) or isinstance(mn, bool) or mn < 0:
                self.problem(where, "'min_count' debe ser un entero >= 0")
                mn = 0
            if mx is not None and (
                not isinstance(mx, int) or isinstance(mx, bool) or mx < max(mn, 1)
            ):
                self.problem(where, "'max_count' debe ser un entero >= min_count y >= 1")
                mx = None
            f.min_count, f.max_count = mn, mx
        elif "min_count" in raw or "max_count" in raw:
            self.problem(where, "'min_count'/'max_count' solo se usan en grupos repetidos")
        if t == "document_id":
            f.doc_type_field = raw.get("doc_type_field")
            f.reason_field = raw.get("reason_field")
            fixed = raw.get("doc_type")
            if fixed is not None:
                if fixed not in DOC_TYPES or fixed == "SIN_DOCUMENTO":
                    self.problem(where, f"'doc_type' desconocido {_short(fixed)}")
                else:
                    f.doc_type = fixed
            if (f.doc_type_field is None) == (fixed is None):
                self.problem(where, "un campo document_id necesita 'doc_type_field' o 'doc_type'")
        elif any(k in raw for k in ("doc_type_field", "doc_type", "reason_field")):
            self.problem(where, "'doc_type_field'/'doc_type'/'reason_field' solo en document_id")
        for key in ("min", "max"):
            if key in raw:
                v = raw[key]
                if t not in ("integer", "decimal"):
                    self.problem(where, f"'{key}' solo se usa en campos numéricos")
                elif not isinstance(v, int | float) or isinstance(v, bool):
                    self.problem(where, f"'{key}' debe ser un número")
                else:
                    setattr(f, key, v)
        if "max_length" in raw:
            v = raw["max_length"]
            if not isinstance(v, int) or isinstance(v, bool) or not 1 <= v <= HARD_MAX_LENGTH:
                self.problem(where, f"'max_length' debe ser un entero entre 1 y {HARD_MAX_LENGTH}")
            else:
                f.max_length = v

    # -- whole-definition checks -------------------------------------------------------------

    def check_references(self) -> None:
        for owner, key, node, ctx in self.exprs:
            where = f"campo '{owner.name}'" if owner else "sección"
            for ref in expr.refs(node):
                problem = self.ref_problem(ref, ctx)
                if problem:
                    self.problem(where, f"expresión '{key}': {problem}")
            if (
                owner is not None
                and key == "relevant"
                and any(r.path[0][0] == owner.name and len(r.path) == 1 for r in expr.refs(node))
            ):
                self.problem(where, "'relevant' no puede depender del propio campo")
        for f in self.fields.values():
            for opt in ("doc_type_field", "reason_field"):
                target = getattr(f, opt)
                if target is None:
                    continue
                other = self.fields.get(target) if isinstance(target, str) else None
                if other is None or other.parent != f.parent:
                    self.problem(
                        f"campo '{f.name}'", f"'{opt}' se refiere a un campo inexistente {target!r}"
                    )

    def ref_problem(self, ref: expr.Ref, ctx: str | None) -> str | None:
        (first, index), rest = ref.path[0], ref.path[1:]
        target = self.fields.get(first)
        if target is None:
            return f"se refiere a un campo inexistente ${{{ref.text}}}"
        if target.type == "note":
            return f"${{{ref.text}}} es una nota, no tiene valor"
        if not rest:
            if index is not None:
                return f"${{{ref.text}}}: solo un grupo repetido lleva índice, y con un campo"
            if target.parent is not None and target.parent != ctx:
                return (
                    f"${{{first}}} está dentro del grupo '{target.parent}'; "
                    f"use ${{{target.parent}[1].{first}}}"
                )
            return None
        if target.type != "repeat":
            return f"${{{ref.text}}}: '{first}' no es un grupo repetido"
        if index is None:
            return f"${{{ref.text}}}: indique la fila, p. ej. ${{{first}[1].{rest[0][0]}}}"
        if len(rest) > 1 or rest[0][1] is not None:
            return f"${{{ref.text}}}: ruta demasiado profunda"
        child = self.fields.get(rest[0][0])
        if child is None or child.parent != first:
            return f"se refiere a un campo inexistente ${{{ref.text}}}"
        return None

    def check_cycles(self) -> None:
        calc = {n: f for n, f in self.fields.items() if f.calculate is not None}
        deps = {
            n: {r.path[-1][0] if len(r.path) > 1 else r.path[0][0] for r in expr.refs(f.calculate)}
            & calc.keys()
            for n, f in calc.items()
            if f.calculate is not None
        }
        state: dict[str, int] = {}
        reported: set[str] = set()

        def visit(n: str, trail: list[str]) -> None:
            state[n] = 1
            for d in sorted(deps[n]):
                if state.get(d) == 1:
                    cycle = [*trail[trail.index(d) :], d] if d in trail else [n, d]
                    key = min(cycle)
                    if key not in reported:
                        reported.add(key)
                        self.problem(f"campo '{d}'", "ciclo entre cálculos: " + " -> ".join(cycle))
                elif state.get(d) is None:
                    visit(d, [*trail, d])
            state[n] = 2

        for n in sorted(calc):
            if n not in state:
                visit(n, [n])


def build_definition(raw: Any, source: str = "<memoria>") -> tuple[Definition | None, list[str]]:
    """Build a definition from parsed JSON: ``(definition, [])`` or ``(None, problems)``."""
    builder = _Builder(raw, source)
    try:
        definition = builder.build()
    except RecursionError:
        return None, [f"{source}: definición: estructura demasiado anidada"]
    return definition, builder.problems
