"""Peruvian validation rules: identity documents, phones, ubigeo, court file numbers.

Owns every Peru-specific check the form engine (and the rest of Chasqui) applies:

- identity documents (DNI with its optional check character via ``stdnum.pe.cui``,
  RUC via ``stdnum.pe.ruc``, carné de extranjería, passport, CPP, "sin documento");
- mobile and landline phone numbers;
- ubigeo district codes (INEI), the RENIEC <-> INEI mapping and the names used by
  cascading department -> province -> district pickers (see :mod:`forms.ubigeo`;
  ``add_districts(rows)`` adds districts published after a release);
- court file numbers (expediente judicial) and carpeta fiscal numbers;
- birth dates (never in the future) and ages.

Every ``check_*`` function returns ``None`` when the value is acceptable or a
:class:`Message` — a ``str`` (Spanish text for the user) that also carries a stable
``code`` for programs and a ``severity`` ("error" or "warning").
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

from stdnum.exceptions import ValidationError as _StdnumError
from stdnum.pe import cui as _cui
from stdnum.pe import ruc as _ruc

from forms.clock import office_today
from forms.ubigeo import (
    District,
    UbigeoCatalog,
    default_catalog,
    departments,
    district,
    districts,
    inei_to_reniec,
    load_catalog,
    provinces,
    reniec_to_inei,
    resources_dir,
)
from forms.ubigeo import extend as add_districts

__all__ = [
    "DOC_TYPES",
    "CourtFile",
    "CourtFileError",
    "District",
    "Message",
    "UbigeoCatalog",
    "add_districts",
    "age",
    "check_birth_date",
    "check_carpeta_fiscal",
    "check_court_file",
    "check_document",
    "check_phone",
    "check_ubigeo",
    "default_catalog",
    "departments",
    "district",
    "districts",
    "inei_to_reniec",
    "load_catalog",
    "normalize_document",
    "normalize_phone",
    "parse_court_file",
    "provinces",
    "reniec_to_inei",
    "resources_dir",
]


class Message(str):
    """A user-facing Spanish message that also carries a stable ``code``.

    It *is* a ``str`` (so ``check_document(...) -> str | None`` holds), with two extra
    attributes: ``code`` (e.g. ``"dni_check"``) and ``severity`` (``"error"`` or
    ``"warning"``).
    """

    code: str
    severity: str

    def __new__(cls, code: str, text: str, severity: str = "error") -> Message:
        obj = super().__new__(cls, text)
        obj.code = code
        obj.severity = severity
        return obj

    def __reduce__(self) -> tuple[object, ...]:  # keep code/severity through pickling
        return (Message, (self.code, str(self), self.severity))


DOC_TYPES: tuple[str, ...] = ("DNI", "CE", "PASAPORTE", "CPP", "RUC", "SIN_DOCUMENTO")

# Loose formats: letters and digits only (after removing spaces and hyphens).
_LOOSE_MAX = {"CE": 12, "PASAPORTE": 15, "CPP": 15}
_LOOSE_MIN = 4
_ALNUM = re.compile(r"^[A-Z0-9]+$")
_MAX_INPUT = 64  # longer input is rejected before any other work


def _clean(value: str) -> str:
    return value.replace(" ", "").replace("-", "").replace(".", "").strip().upper()


def normalize_document(doc_type: str, number: str) -> str:
    """Return the compact stored form of a document number (no spaces or hyphens,
    upper case). Does not validate: call :func:`check_document` first."""
    return _clean(number)


def check_document(doc_type: object, number: object, reason: object = None) -> Message | None:
    """Check an identity document; ``None`` when acceptable, else a :class:`Message`.

    - ``DNI``: 8 digits (leading zeros kept, it is text), optionally followed by the
      check character of the CUI (digit or letter), with or without a hyphen:
      ``"12345678"``, ``"12345678-1"``, ``"123456781"``, ``"12345678E"``.
    - ``RUC``: 11 digits with a valid mod-11 check digit, prefix 10, 15, 16, 17 or 20.
    - ``CE`` (carné de extranjería, <= 12), ``PASAPORTE`` and ``CPP`` (<= 15): letters
      and digits only, at least 4 characters.
    - ``SIN_DOCUMENTO``: the number must be empty and ``reason`` must say why.
    """
    if not isinstance(doc_type, str) or doc_type not in DOC_TYPES:
        return Message(
            "doc_type_unknown",
            "Tipo de documento desconocido; use uno de: " + ", ".join(DOC_TYPES) + ".",
        )
    if doc_type == "SIN_DOCUMENTO":
        if number not in (None, "") and not (isinstance(number, str) and not number.strip()):
            return Message("doc_number_unexpected", "Sin documento: no debe indicarse un número.")
        if not isinstance(reason, str) or len(reason.strip()) < 3:
            return Message(
                "doc_reason_required",
                "Indique el motivo por el que la persona no tiene documento.",
            )
        return None
    if not isinstance(number, str) or not number.strip():
        return Message("doc_number_required", "Indique el número de documento.")
    if len(number) > _MAX_INPUT:
        return Message("doc_too_long", "El número de documento es demasiado largo.")
    compact = _clean(number)
    if doc_type == "DNI":
        return _check_dni(compact)
    if doc_type == "RUC":
        return _check_ruc(compact)
    if not _ALNUM.match(compact):
        return Message("doc_format", "El número de documento solo puede tener letras y dígitos.")
    if not _LOOSE_MIN <= len(compact) <= _LOOSE_MAX[doc_type]:
        return Message(
            "doc_length",
            f"El número de documento debe tener entre {_LOOSE_MIN} y "
            f"{_LOOSE_MAX[doc_type]} caracteres.",
        )
    return None


def _check_dni(compact: str) -> Message | None:
    if len(compact) not in (8, 9) or not compact[:8].isdigit() or not compact.isascii():
        return Message(
            "dni_format",
            "El DNI debe tener 8 dígitos (más, opcionalmente, su carácter de verificación).",
        )
    if len(compact) == 9 and compact[8] not in _cui.calc_check_digits(compact[:8]):
        return Message(
            "dni_check",
            "El carácter de verificación del DNI no corresponde; revise el número.",
        )
    return None


def _check_ruc(compact: str) -> Message | None:
    if len(compact) != 11 or not compact.isdigit() or not compact.isascii():
        return Message("ruc_format", "El RUC debe tener 11 dígitos.")
    if compact[:2] not in ("10", "15", "16", "17", "20"):
        return Message("ruc_prefix", "El RUC debe empezar con 10, 15, 16, 17 o 20.")
    try:
        _ruc.validate(compact)
    except _StdnumError:
        return Message("ruc_check", "El dígito de verificación del RUC no corresponde.")
    return None


# --- phones -------------------------------------------------------------------------

_MOBILE = re.compile(r"^9\d{8}$")
# Lima: 01 + 7 digits; other departments: 0 + two-digit area code + 6 digits.
_LANDLINE = re.compile(r"^(01\d{7}|0(4[1-4]|5[1-46]|6[1-7]|7[2-6]|8[2-4])\d{6})$")


def normalize_phone(value: str) -> str:
    """Strip spaces, hyphens, parentheses and a leading +51 / 0051 country code."""
    digits = re.sub(r"[\s\-()]", "", value)
    for prefix in ("+51", "0051"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
            break
    else:
        if len(digits) == 11 and digits.startswith("519"):
            digits = digits[2:]
    return digits


def check_phone(value: object, mobile_only: bool = False) -> Message | None:
    """Check a Peruvian phone number; ``None`` when acceptable.

    Mobiles are ``9`` + 8 digits. Landlines are accepted (many rural beneficiaries
    only have a neighbour's or the community's fixed line) with their area code:
    Lima ``01`` + 7 digits, other departments ``0`` + area code (41-84) + 6 digits,
    unless ``mobile_only``. Spaces, hyphens and a ``+51`` prefix are tolerated.
    """
    if not isinstance(value, str) or not value.strip():
        return Message("phone_required", "Indique un número de teléfono.")
    if len(value) > _MAX_INPUT:
        return Message("phone_format", "El número de teléfono es demasiado largo.")
    digits = normalize_phone(value)
    if not digits.isascii():
        return Message("phone_format", "El teléfono solo puede tener dígitos.")
    if _MOBILE.match(digits):
        return None
    if not mobile_only and _LANDLINE.match(digits):
        return None
    if mobile_only:
        return Message("phone_mobile_format", "El celular debe tener 9 dígitos y empezar con 9.")
    return Message(
        "phone_format",
        "El teléfono debe ser un celular (9 dígitos, empieza con 9) o un fijo con "
        "código de área (p. ej. 01 4271234 o 084 234567).",
    )


# --- ubigeo ---------------------------------------------------------------------------


def check_ubigeo(code: object, catalog: UbigeoCatalog | None = None) -> Message | None:
    """Check that ``code`` is an existing INEI district code (6 digits, text)."""
    if not isinstance(code, str) or not re.fullmatch(r"\d{6}", code) or not code.isascii():
        return Message("ubigeo_format", "El ubigeo debe tener 6 dígitos.")
    cat = catalog or default_catalog()
    if cat.district(code) is None:
        if cat.by_reniec(code) is not None:
            return Message(
                "ubigeo_unknown",
                "Ubigeo no encontrado como código INEI (¿es el código RENIEC del DNI? "
                "conviértalo a INEI).",
            )
        return Message("ubigeo_unknown", "No existe un distrito con ese ubigeo.")
    return None


# --- court file numbers -----------------------------------------------------------

_COURT_RE = re.compile(r"^(\d{5})-(\d{4})-(\d{1,4})-(\d{4})-([A-Z]{2})-([A-Z]{2})-(\d{2})$")

# First two digits of the CCCC part: judicial district (Corte Superior). Partial list,
# for display only; an unknown code only produces a warning.
COURT_DISTRICTS: dict[str, str] = {
    "01": "Amazonas",
    "02": "Áncash",
    "03": "Apurímac",
    "04": "Arequipa",
    "05": "Ayacucho",
    "06": "Cajamarca",
    "07": "Callao",
    "08": "Cañete",
    "09": "Lima Norte",
    "10": "Cusco",
    "11": "Huancavelica",
    "12": "Huánuco",
    "13": "Huaura",
    "14": "Ica",
    "15": "Junín",
    "16": "La Libertad",
    "17": "Lambayeque",
    "18": "Lima",
    "19": "Loreto",
    "20": "Piura",
    "21": "Puno",
    "22": "San Martín",
    "23": "Tacna",
    "24": "Ucayali",
    "25": "Santa",
}

# Specialty codes (EE) commonly seen; unknown ones warn.
COURT_SPECIALTIES: dict[str, str] = {
    "CI": "Civil",
    "FC": "Familia civil",
    "FP": "Familia penal",
    "FT": "Familia tutelar",
    "LA": "Laboral",
    "PE": "Penal",
    "CO": "Constitucional",
    "CA": "Contencioso administrativo",
    "CM": "Comercial",
}


class CourtFileError(ValueError):
    """A court file number that does not have the expected shape."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.code = message.code
        self.message = message


@dataclass(frozen=True)
class CourtFile:
    """The parts of ``NNNNN-AAAA-I-CCCC-OO-EE-NN``, e.g. ``00123-2021-0-1801-JP-FC-01``.

    ``number`` (5 digits), ``year``, ``incident`` (0 for the main file), ``court_code``
    (CCCC: judicial district + seat), ``organ`` (e.g. JP juzgado de paz letrado, JR
    juzgado especializado, SP sala), ``specialty`` (e.g. FC familia civil), ``court_no``
    (the court's ordinal). ``warnings`` lists non-blocking :class:`Message` s.
    """

    text: str
    number: str
    year: int
    incident: str
    court_code: str
    organ: str
    specialty: str
    court_no: str
    warnings: tuple[Message, ...] = field(default=())

    @property
    def judicial_district(self) -> str | None:
        return COURT_DISTRICTS.get(self.court_code[:2])

    def parts(self) -> dict[str, object]:
        """JSON-ready parts (what ``legal_case.court_file_parts`` stores)."""
        return {
            "number": self.number,
            "year": self.year,
            "incident": self.incident,
            "court_code": self.court_code,
            "organ": self.organ,
            "specialty": self.specialty,
            "court_no": self.court_no,
        }


def parse_court_file(text: object, today: _dt.date | None = None) -> CourtFile:
    """Parse an expediente number; raise :class:`CourtFileError` when malformed.

    Surrounding spaces are removed and letters upper-cased. An unknown judicial
    district or specialty code, or an implausible year, is kept with a warning.
    """
    if not isinstance(text, str) or len(text) > _MAX_INPUT:
        raise CourtFileError(
            Message(
                "court_file_format",
                "Número de expediente no válido; formato NNNNN-AAAA-I-CCCC-OO-EE-NN.",
            )
        )
    clean = text.strip().upper()
    m = _COURT_RE.match(clean)
    if not m or not clean.isascii():
        raise CourtFileError(
            Message(
                "court_file_format",
                "Número de expediente no válido; formato NNNNN-AAAA-I-CCCC-OO-EE-NN "
                "(p. ej. 00123-2021-0-1801-JP-FC-01).",
            )
        )
    number, year, incident, court, organ, specialty, court_no = m.groups()
    warnings: list[Message] = []
    this_year = (today or office_today()).year
    if not 1980 <= int(year) <= this_year + 1:
        warnings.append(
            Message("court_file_year", f"Año del expediente poco probable: {year}.", "warning")
        )
    if court[:2] not in COURT_DISTRICTS:
        warnings.append(
            Message(
                "court_code_unknown",
                f"Código de distrito judicial {court} no reconocido; verifique el número.",
                "warning",
            )
        )
    if specialty not in COURT_SPECIALTIES:
        warnings.append(
            Message(
                "court_specialty_unknown",
                f"Especialidad {specialty} no reconocida; verifique el número.",
                "warning",
            )
        )
    return CourtFile(
        clean, number, int(year), incident, court, organ, specialty, court_no, tuple(warnings)
    )


def check_court_file(text: object, today: _dt.date | None = None) -> Message | None:
    """``None`` or the error; warnings of a well-formed number are not reported here."""
    try:
        parse_court_file(text, today)
    except CourtFileError as exc:
        return exc.message
    return None


# Carpeta fiscal numbers vary between fiscalías (e.g. "2021-123", "506014500-2021-123-0",
# "123-2021"). We accept, loosely: 3 to 40 characters of digits, letters, hyphens,
# slashes and dots, with at least one digit, and warn nothing. The number is kept as
# typed (stripped, upper-cased).
_CARPETA_RE = re.compile(r"^[0-9A-Z][0-9A-Z\-/. ]{1,38}[0-9A-Z]$")


def check_carpeta_fiscal(text: object) -> Message | None:
    """Loose check of a carpeta fiscal number (see the comment above for the rule)."""
    if not isinstance(text, str):
        return Message("carpeta_format", "Número de carpeta fiscal no válido.")
    clean = text.strip().upper()
    if not clean.isascii() or not _CARPETA_RE.match(clean) or not any(c.isdigit() for c in clean):
        return Message(
            "carpeta_format",
            "Número de carpeta fiscal no válido: use dígitos, letras, guiones o barras "
            "(p. ej. 506014500-2021-123-0).",
        )
    return None


# --- dates ----------------------------------------------------------------------------


def _as_date(value: object) -> _dt.date | None:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def check_birth_date(value: object, today: _dt.date | None = None) -> Message | None:
    """A birth date: ISO ``YYYY-MM-DD``, not in the future, not before 1900."""
    d = _as_date(value)
    if d is None:
        return Message("date_format", "Fecha no válida; use el formato AAAA-MM-DD.")
    ref = today or office_today()
    if d > ref:
        return Message("birth_date_future", "La fecha de nacimiento no puede ser futura.")
    if d.year < 1900:
        return Message("birth_date_old", "La fecha de nacimiento es anterior a 1900.")
    return None


def age(birth: object, today: _dt.date | None = None) -> int | None:
    """Age in completed years at ``today`` (default: the current date), or ``None``
    when ``birth`` is not a date or lies after ``today``. Born on 29 February: the
    birthday counts on 1 March in common years."""
    d = _as_date(birth)
    if d is None:
        return None
    ref = today or office_today()
    if d > ref:
        return None
    years = ref.year - d.year
    if (ref.month, ref.day) < (d.month, d.day):
        years -= 1
    return years
