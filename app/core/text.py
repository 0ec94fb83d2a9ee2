"""Text normalization for names and search keys.

``clean_name`` trims and collapses inner whitespace (keeping accents and case as typed,
except that an all-lowercase entry is title-cased); ``search_key`` folds a text to
accent-free upper case for comparisons ("Huamán" and "HUAMAN" give the same key).
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def collapse_spaces(value: str) -> str:
    """Trim and collapse every run of whitespace into one space."""
    return _SPACES.sub(" ", value).strip()


def clean_name(value: str) -> str:
    """A person name as stored: trimmed, single spaces; all-lowercase input is title-cased."""
    text = collapse_spaces(unicodedata.normalize("NFC", value))
    if text and text == text.lower():
        text = text.title()
    return text


def search_key(value: str | None) -> str:
    """Accent-free, upper-case, single-spaced key ("  María  Huamán" -> "MARIA HUAMAN")."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return collapse_spaces(stripped).upper()
