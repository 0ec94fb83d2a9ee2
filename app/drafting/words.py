"""Spanish as legal writing expects it: dates and amounts in words.

Owns ``date_in_words`` ("veintiocho de noviembre de dos mil veintiséis", the first of
the month as "primero"), ``amount_in_figures`` ("S/ 1,850.00", Peru's usage) and
``amount_in_words`` ("S/ 850.00 (ochocientos cincuenta y 00/100 soles)"). Numbers become
words through the well-kept ``num2words`` library.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from num2words import num2words

MONTHS = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)  # fmt: skip


def number_in_words(n: int) -> str:
    return str(num2words(n, lang="es"))


def date_in_words(day: dt.date) -> str:
    """``28/11/2026`` -> "veintiocho de noviembre de dos mil veintiséis"."""
    first = "primero" if day.day == 1 else number_in_words(day.day)
    return f"{first} de {MONTHS[day.month - 1]} de {number_in_words(day.year)}"


def _cents(amount: Decimal | float | int | str) -> Decimal:
    try:
        value = Decimal(str(amount))
        if not value.is_finite() or value < 0:  # NaN first: comparing it raises
            raise ValueError
        value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        raise ValueError(f"{amount!r:.40} is not an amount") from None
    return value


def amount_in_figures(amount: Decimal | float | int | str) -> str:
    """``1850`` -> "S/ 1,850.00"."""
    return f"S/ {_cents(amount):,.2f}"


def amount_in_words(amount: Decimal | float | int | str) -> str:
    """``850`` -> "S/ 850.00 (ochocientos cincuenta y 00/100 soles)"."""
    value = _cents(amount)
    whole = int(value)
    cents = int((value - whole) * 100)
    words = "un" if whole == 1 else number_in_words(whole)  # "un y 00/100 sol"
    currency = "sol" if whole == 1 and cents == 0 else "soles"
    return f"{amount_in_figures(value)} ({words} y {cents:02d}/100 {currency})"
