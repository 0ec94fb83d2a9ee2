"""Validation of an answer document against a definition (the same on client and server).

Owns :func:`validate` and :class:`FormRun`, the lazy evaluation of one answer document:
relevance (skip logic), calculated values, required-ness, strict type checks, the Peru
rules and constraints. Rules, also in ``forms/definitions/README.md``:

- Answers are one flat JSON object keyed by field name (sections do not nest); a repeat
  group's answer is a list of row objects keyed by its child field names.
- Paths in errors are 1-based for rows: ``children[1].birth_date`` is the first row.
- Keys that are not fields of the definition are reported (``unknown_field``).
- Answers of fields that are not relevant are ignored (not validated), and expressions
  see them as empty; answers for calculated fields and notes are ignored (the engine
  computes calculations itself).
- Types are strict: integer = JSON integer (not ``"12"``, not ``12.0``, not ``true``);
  decimal = JSON number; date = ``"YYYY-MM-DD"``; datetime = ISO 8601 text with a time;
  boolean = ``true``/``false``; the rest are text. Empty text, ``null`` and ``[]`` are
  "no answer".
- A choice of a catalog that another answer narrows (``forms.catalogs.NARROWED_BY``: the
  ficha's "Materia" after its "Área") must fit that answer (``choice_narrowed``).
- Constraints and ``required`` expressions that evaluate to null ("cannot tell yet") do not
  produce errors; evaluation errors become ``expression_error`` field errors.

:func:`validate` never raises on any JSON input.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from forms import catalogs, expr, peru
from forms.clock import office_today
from forms.model import Definition, Field

MAX_UNKNOWN_REPORTED = 50
Row = int | None  # 0-based row index inside the field's repeat, or None at top level


@dataclass(frozen=True)
class FieldError:
    """One problem: ``path`` (e.g. ``children[1].birth_date``), stable ``code``, Spanish
    (or requested language) ``message`` and ``severity`` ("error" blocks, "warning" not)."""

    path: str
    code: str
    message: str
    severity: str = "error"

    def to_dict(self) -> dict[str, str]:
        return {
            "path": self.path,
            "code": self.code,
            "message": self.message,
            "severity": self.severity,
        }


_TYPE_MESSAGES = {
    "text": "Se esperaba un texto.",
    "integer": "Se esperaba un número entero.",
    "decimal": "Se esperaba un número.",
    "date": "Fecha no válida; use el formato AAAA-MM-DD.",
    "datetime": "Fecha y hora no válidas; use el formato AAAA-MM-DDTHH:MM.",
    "select_one": "Se esperaba una opción (texto).",
    "select_multiple": "Se esperaba una lista de opciones.",
    "boolean": "Se esperaba sí o no (true/false).",
    "document_id": "Se esperaba un número de documento (texto).",
    "phone": "Se esperaba un número de teléfono (texto).",
    "ubigeo": "Se esperaba un código de ubigeo (texto de 6 dígitos).",
    "court_file": "Se esperaba un número de expediente (texto).",
    "carpeta_fiscal": "Se esperaba un número de carpeta fiscal (texto).",
    "repeat": "Se esperaba una lista de filas.",
}


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip()) or (isinstance(v, list) and not v)


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_num(v: Any) -> bool:
    return (_is_int(v) or isinstance(v, float)) and not (
        isinstance(v, float) and not math.isfinite(v)
    )


def parse_date(v: Any) -> _dt.date | None:
    if isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-":
        try:
            return _dt.date.fromisoformat(v)
        except ValueError:
            return None
    return None


def parse_datetime(v: Any) -> _dt.datetime | None:
    if isinstance(v, str) and 16 <= len(v) <= 40 and v[10:11] in ("T", " "):
        try:
            return _dt.datetime.fromisoformat(v)
        except ValueError:
            return None
    return None


def typed_value(f: Field, raw: Any) -> Any:
    """The value an expression sees for a raw answer (``None`` when of the wrong type)."""
    t = f.type
    if raw is None:
        return None
    if t == "integer":
        return raw if _is_int(raw) else None
    if t == "decimal":
        return raw if _is_num(raw) else None
    if t == "boolean":
        return raw if isinstance(raw, bool) else None
    if t == "date":
        return parse_date(raw)
    if t == "datetime":
        return parse_datetime(raw)
    if t == "select_multiple":
        return raw if isinstance(raw, list) and all(isinstance(x, str) for x in raw) else None
    if t == "repeat":
        return [r for r in raw if isinstance(r, dict)] if isinstance(raw, list) else None
    return raw if isinstance(raw, str) and raw.strip() else None


class FormRun:
    """One evaluation of ``answers`` against ``definition`` (memoized, lazy).

    The UI uses it too: :meth:`is_relevant`, :meth:`value` and :meth:`errors`.
    """

    def __init__(
        self,
        definition: Definition,
        answers: Any,
        today: _dt.date | None = None,
        lang: str = "es",
    ) -> None:
        self.d = definition
        self.answers: dict[str, Any] = answers if isinstance(answers, dict) else {}
        self.answers_ok = isinstance(answers, dict)
        self.today = today or office_today()
        self.lang = lang
        self._relevant: dict[tuple[str, Row], bool] = {}
        self._values: dict[tuple[str, Row], Any] = {}
        self._busy: set[tuple[str, Row]] = set()
        self._sections = {s.name: s for s in definition.sections}
        self._section_rel: dict[str, bool] = {}
        self.eval_errors: list[FieldError] = []

    # -- access to raw answers ---------------------------------------------------------

    def rows(self, repeat: str) -> list[Any]:
        raw = self.answers.get(repeat)
        return raw if isinstance(raw, list) else []

    def raw(self, f: Field, row: Row) -> Any:
        if f.parent is None:
            return self.answers.get(f.name)
        rows = self.rows(f.parent)
        if row is None or row >= len(rows) or not isinstance(rows[row], dict):
            return None
        return rows[row].get(f.name)

    # -- expressions ----------------------------------------------------------------

    def _resolver(self, row: Row, ctx: str | None) -> expr.Resolver:
        def resolve(ref: expr.Ref) -> Any:
            (name, index), rest = ref.path[0], ref.path[1:]
            f = self.d.by_name.get(name)
            if f is None:
                return None
            if not rest:
                if f.parent is None:
                    return self.value(f, None)
                return self.value(f, row) if f.parent == ctx else None
            child = self.d.by_name.get(rest[0][0])
            if child is None or index is None or child.parent != name:
                return None
            if not self.is_relevant(f, None) or index > len(self.rows(name)):
                return None
            return self.value(child, index - 1)

        return resolve

    def _eval(self, node: expr.Node, f: Field | None, row: Row, path: str) -> Any:
        ctx = f.parent if f is not None else None
        try:
            return expr.evaluate(node, self._resolver(row, ctx), self.today)
        except expr.EvalError as exc:
            self.eval_errors.append(
                FieldError(path, "expression_error", f"No se pudo evaluar una regla: {exc}")
            )
            return None

    # -- relevance and values ---------------------------------------------------------

    def section_relevant(self, name: str) -> bool:
        if name not in self._section_rel:
            self._section_rel[name] = True  # guard against self-reference
            s = self._sections.get(name)
            ok = True
            if s is not None and s.relevant is not None:
                ok = expr.truth(self._eval(s.relevant, None, None, s.name)) is True
            self._section_rel[name] = ok
        return self._section_rel[name]

    def is_relevant(self, f: Field, row: Row = None) -> bool:
        key = (f.name, row)
        hit = self._relevant.get(key)
        if hit is not None:
            return hit
        if key in self._busy:
            return True
        self._busy.add(key)
        try:
            ok = self.section_relevant(f.section)
            if ok and f.parent is not None:
                ok = self.is_relevant(self.d.by_name[f.parent], None)
            if ok and f.relevant is not None:
                ok = expr.truth(self._eval(f.relevant, f, row, self.path(f, row))) is True
        finally:
            self._busy.discard(key)
        self._relevant[key] = ok
        return ok

    def value(self, f: Field, row: Row = None) -> Any:
        """Typed value as expressions see it (calculated, masked when not relevant)."""
        key = (f.name, row)
        if key in self._values:
            return self._values[key]
        if key in self._busy:
            return None
        if not self.is_relevant(f, row):
            self._values[key] = None
            return None
        self._busy.add(key)
        try:
            if f.calculate is not None:
                v = self._eval(f.calculate, f, row, self.path(f, row))
            else:
                v = typed_value(f, self.raw(f, row))
        finally:
            self._busy.discard(key)
        self._values[key] = v
        return v

    @staticmethod
    def path(f: Field, row: Row) -> str:
        if f.parent is None:
            return f.name
        return f"{f.parent}[{(row or 0) + 1}].{f.name}"

    # -- validation ---------------------------------------------------------------------

    def _msg(self, labels: dict[str, str], default: str) -> str:
        return labels.get(self.lang) or labels.get("es") or default

    def errors(self) -> list[FieldError]:
        if not self.answers_ok:
            return [
                FieldError(
                    "", "answers_type", "Las respuestas deben ser un objeto JSON {campo: valor}."
                )
            ]
        out: list[FieldError] = []
        top = {f.name for f in self.d.top_fields()}
        unknown = [key for key in self.answers if key not in top]
        for key in unknown[:MAX_UNKNOWN_REPORTED]:
            out.append(
                FieldError(str(key)[:100], "unknown_field", "Campo desconocido en este formulario.")
            )
        if len(unknown) > MAX_UNKNOWN_REPORTED:
            out.append(
                FieldError(
                    "",
                    "too_many_unknown",
                    f"Hay {len(unknown)} campos desconocidos; se muestran los primeros "
                    f"{MAX_UNKNOWN_REPORTED}.",
                )
            )
        for f in self.d.top_fields():
            out += self.check_field(f, None)
        out += self.eval_errors
        seen: set[FieldError] = set()
        unique = []
        for e in out:
            if e not in seen:
                seen.add(e)
                unique.append(e)
        return unique

    def check_field(self, f: Field, row: Row) -> Iterator[FieldError]:
        if f.type == "note" or f.calculate is not None or not self.is_relevant(f, row):
            return
        path = self.path(f, row)
        raw = self.raw(f, row)
        if _missing(raw):
            if self._required(f, row, path) or (f.type == "repeat" and f.min_count > 0):
                yield FieldError(
                    path, "required", self._msg(f.required_message, "Este campo es obligatorio.")
                )
            return
        value = typed_value(f, raw)
        if value is None and not (f.type == "repeat" and isinstance(raw, list)):
            yield FieldError(path, "type", _TYPE_MESSAGES.get(f.type, "Tipo de valor no válido."))
            return
        problems = list(self._type_checks(f, row, raw, value, path))
        yield from problems
        if any(p.severity == "error" for p in problems):
            return
        for c in f.constraints:
            result = self._eval(c.node, f, row, path)
            if expr.truth(result) is False:
                code = "constraint" if c.severity == "error" else "constraint_warning"
                yield FieldError(
                    path, code, self._msg(c.message, "Valor no permitido."), c.severity
                )

    def is_required(self, f: Field, row: Row = None) -> bool:
        """Whether an answer is required now (``required`` may be an expression)."""
        if f.type == "repeat" and f.min_count > 0:
            return True
        return self._required(f, row, self.path(f, row))

    def _required(self, f: Field, row: Row, path: str) -> bool:
        if isinstance(f.required, bool):
            return f.required
        return expr.truth(self._eval(f.required, f, row, path)) is True

    def _type_checks(
        self, f: Field, row: Row, raw: Any, value: Any, path: str
    ) -> Iterator[FieldError]:
        t = f.type
        if (
            t in ("text", "document_id", "phone", "court_file", "carpeta_fiscal", "ubigeo")
            and len(raw) > f.max_length
        ):
            yield FieldError(
                path,
                "too_long",
                f"El texto es demasiado largo (máximo {f.max_length} caracteres).",
            )
            return
        if t in ("integer", "decimal"):
            if f.min is not None and value < f.min:
                yield FieldError(path, "min", f"El valor mínimo es {_fmt(f.min)}.")
            if f.max is not None and value > f.max:
                yield FieldError(path, "max", f"El valor máximo es {_fmt(f.max)}.")
        elif t == "select_one":
            if value not in f.choice_values():
                yield FieldError(path, "choice", "Opción no válida para este campo.")
            else:
                yield from self._narrowed(f, row, value, path)
        elif t == "select_multiple":
            allowed = set(f.choice_values())
            if any(v not in allowed for v in value):
                yield FieldError(path, "choice", "Alguna opción no es válida para este campo.")
            elif len(set(value)) != len(value):
                yield FieldError(path, "choice_duplicate", "Hay opciones repetidas.")
        elif t == "document_id":
            yield from self._document(f, row, raw, path)
        elif t == "phone":
            m = peru.check_phone(raw, mobile_only=f.mobile_only)
            if m:
                yield FieldError(path, m.code, str(m))
        elif t == "ubigeo":
            m = peru.check_ubigeo(raw)
            if m:
                yield FieldError(path, m.code, str(m))
        elif t == "court_file":
            try:
                cf = peru.parse_court_file(raw, self.today)
            except peru.CourtFileError as exc:
                yield FieldError(path, exc.code, str(exc.message))
            else:
                for w in cf.warnings:
                    yield FieldError(path, w.code, str(w), "warning")
        elif t == "carpeta_fiscal":
            m = peru.check_carpeta_fiscal(raw)
            if m:
                yield FieldError(path, m.code, str(m))
        elif t == "repeat":
            yield from self._repeat(f, raw, path)

    def _narrowed(self, f: Field, row: Row, value: str, path: str) -> Iterator[FieldError]:
        """A catalog choice that the narrowing answer (the ficha's "Área") does not take."""
        narrowing = catalogs.NARROWED_BY.get(f.catalog or "")
        by = self.d.by_name.get(narrowing.field) if narrowing is not None else None
        if narrowing is None or by is None or by.parent != f.parent:
            return
        if not narrowing.enforced(self.d.id, self.d.version):
            return  # answers of a version from before the rule (they may wait in an outbox)
        answer = self.value(by, row)
        if not isinstance(answer, str) or answer not in by.choice_values():
            return  # no narrowing answer (or a bad one, which reports itself)
        if narrowing.fits(value, answer):
            return
        choice = next((c.text(self.lang) for c in f.choices or [] if c.value == value), value)
        area = next((c.text(self.lang) for c in by.choices or [] if c.value == answer), answer)
        message = self._msg(narrowing.misfit, "{choice} / {by}")
        yield FieldError(path, "choice_narrowed", message.format(choice=choice, by=area))

    def _document(self, f: Field, row: Row, raw: str, path: str) -> Iterator[FieldError]:
        doc_type: Any = f.doc_type
        if doc_type is None:
            type_field = self.d.by_name.get(f.doc_type_field or "")
            if type_field is None:
                return
            doc_type = self.value(type_field, row)
        if not isinstance(doc_type, str):
            return  # the document type field reports its own problem
        reason = None
        reason_field = self.d.by_name.get(f.reason_field or "")
        if reason_field is not None:
            reason = self.value(reason_field, row)
        if doc_type == "SIN_DOCUMENTO":
            yield FieldError(
                path, "doc_number_unexpected", "Sin documento: no debe indicarse un número."
            )
            return
        m = peru.check_document(doc_type, raw, reason)
        if m:
            yield FieldError(path, m.code, str(m))

    def _repeat(self, f: Field, raw: list[Any], path: str) -> Iterator[FieldError]:
        n = len(raw)
        if n < f.min_count:
            yield FieldError(path, "min_count", f"Se necesitan al menos {f.min_count} filas.")
        if f.max_count is not None and n > f.max_count:
            yield FieldError(path, "max_count", f"Se admiten como máximo {f.max_count} filas.")
            raw = raw[: f.max_count]
        children = {c.name for c in f.fields}
        for i, item in enumerate(raw):
            if not isinstance(item, dict):
                yield FieldError(f"{path}[{i + 1}]", "type", "Cada fila debe ser un objeto.")
                continue
            for key in item:
                if key not in children:
                    yield FieldError(
                        f"{path}[{i + 1}].{str(key)[:100]}",
                        "unknown_field",
                        "Campo desconocido en este grupo.",
                    )
            for child in f.fields:
                yield from self.check_field(child, i)


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


def validate(
    definition: Definition, answers: Any, today: _dt.date | None = None, lang: str = "es"
) -> list[FieldError]:
    """Every problem of ``answers`` (errors and warnings); never raises on JSON input."""
    try:
        return FormRun(definition, answers, today, lang).errors()
    except RecursionError:
        return [FieldError("", "too_deep", "Las respuestas están demasiado anidadas.")]


def blocking(errors: list[FieldError]) -> list[FieldError]:
    """Only the errors that block a submission (``severity == "error"``)."""
    return [e for e in errors if e.severity == "error"]
