"""Spanish (Peru) labels for the codes stored in records: matters, statuses, roles...

The tables are those of the entity specification's vocabularies (``sync.spec.vocab``).

``days_text`` and ``range_text`` are the one wording of a Kaplan–Meier median and of its
"rango habitual" (first to third quartile) cell, for the PDFs and, with its translated
patterns, the Tiempos page. ``explained(term, lang)`` is the one explanation of each
figure ("mediana", "rango habitual", "días hábiles") in Spanish and English: the PDFs
print them before their tables and the Tiempos page shows them as its columns' tooltips
(review 5 F9: the "rango habitual" was explained twice, in two wordings).
``month_label(month)`` names a month as the charts' axes and the Tiempos tables do
("ene 26").

Reports print labels, never raw codes. An unknown code (a newer app version, a new
matter) is shown humanized ("victima_asistencia" → "Victima asistencia") instead of
failing: a report must always print.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sync.spec import vocab
from sync.spec.vocab import humanize

# Every table derives from the vocabularies of the entity specification (sync/spec).
MATTER = vocab.MATTER.table()
SERVICE = vocab.SERVICE_TYPE.table()
CASE_STATUS = vocab.CASE_STATUS.table()
INTAKE_STATUS = vocab.INTAKE_STATUS.table()
HEARING_STATUS = vocab.HEARING_STATUS.table()
HEARING_KIND = vocab.HEARING_KIND.table()
HEARING_CATEGORY = vocab.HEARING_CATEGORY.table()
PARTY_ROLE = vocab.PARTY_ROLE.table()
SEX = vocab.SEX.table()
DOC_TYPE = vocab.DOC_TYPE.table()
ELIGIBILITY = vocab.ELIGIBILITY.table()
LANGUAGE = vocab.LANGUAGE.table()
REFERRAL_INSTITUTION = vocab.REFERRAL_INSTITUTION.table()
REFERRAL_STATUS = vocab.REFERRAL_STATUS.table()

YES_NO = {True: "Sí", False: "No"}


def label(table: Mapping[str, str], code: object) -> str:
    """The label of ``code`` in ``table``; humanized when unknown, "—" when empty."""
    if code is None or code == "":
        return "—"
    key = str(code)
    return table.get(key) or table.get(key.lower()) or humanize(key)


def yes_no(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        return "Sí" if value.strip().lower() in ("1", "si", "sí", "true", "yes") else "No"
    return "Sí" if value else "No"


NOT_REACHED = "no alcanzado"


def days_text(value: float | None, not_reached: str = NOT_REACHED) -> str:
    """A median or quartile in days, or "no alcanzado" (fewer than needed arrived)."""
    return not_reached if value is None else f"{value:g}"


def range_text(q1: float | None, q3: float | None, not_reached: str = NOT_REACHED,
               more: str = "%1 o más", span: str = "%1 a %2") -> str:  # fmt: skip
    """The "rango habitual" cell (first to third quartile): "20 a 44"; "20 o más" while
    the slowest quarter has not arrived; "no alcanzado" once when the first quartile is
    not known either — never a dash standing for a number. ``not_reached``, ``more`` and
    ``span`` are the words (the page passes its translations)."""
    if q1 is None:
        return not_reached
    if q3 is None:
        return more.replace("%1", f"{q1:g}")
    return span.replace("%1", f"{q1:g}").replace("%2", f"{q3:g}")


# What each figure of the times tables means, in plain words: (Spanish, English).
EXPLAINED = {
    "median": (
        "«Mediana»: la mitad de los casos tardó eso o menos; «no alcanzado»: menos de la "
        "mitad llegó todavía al final del tramo.",
        "“Median”: half of the cases took that long or less; “not reached”: fewer than half "
        "have reached the end of the interval yet.",
    ),
    "range": (
        "«Rango habitual»: la mitad central de los casos tardó entre esos dos valores (una "
        "cuarta parte tardó menos y otra cuarta parte más); «20 o más»: la cuarta parte más "
        "lenta aún no llegó al final.",
        "“Usual range”: the middle half of the cases took between those two values (a "
        "quarter took less and another quarter more); “20 or more”: the slowest quarter has "
        "not reached the end yet.",
    ),
    "working": (
        "Días hábiles: lunes a viernes sin feriados nacionales ni días no laborables del "
        "Poder Judicial.",
        "Working days: Monday to Friday without national holidays or the Judiciary's "
        "non-working days.",
    ),
}


def explained(term: str, lang: str = "es") -> str:
    """The explanation of ``term`` ("median", "range", "working") in ``lang``."""
    spanish, english = EXPLAINED[term]
    return english if lang == "en" else spanish


SHORT_MONTHS = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "set", "oct", "nov",
                "dic")  # fmt: skip


def month_label(month: date) -> str:
    """ "ene 26": a month as the charts' axes and the Tiempos tables name it."""
    return f"{SHORT_MONTHS[month.month - 1]} {month:%y}"
