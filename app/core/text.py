"""Text normalization for names and search keys.

``clean_name`` trims and collapses inner whitespace (keeping accents and case as typed,
except that an all-lowercase entry is title-cased); ``search_key`` folds a text to
accent-free upper case for comparisons ("Huamán" and "HUAMAN" give the same key);
``join_sentences`` makes one sentence of several messages ("A.; B." never shows);
``size_text`` says a file's size ("830 B", "12.4 KB", "3.1 MB"; "—" unknown).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

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


_CLOSERS = " \t\n.;,:"  # what a message may end with that the joined sentence supplies
_FINAL = ("?", "!", "…", "»", '"')  # a last message ending so keeps its own end


def join_sentences(parts: Iterable[str], sep: str = "; ") -> str:
    """``parts`` (messages, each maybe a sentence with its period) as one sentence:
    each one's closing period, semicolon or spaces dropped, ``sep`` between them and one
    period at the end — "…verificación).; Fecha…" never shows (fresh 9 #3). Empty parts
    are left out; "" when there is nothing to say."""
    kept = [c for c in (str(p).strip().rstrip(_CLOSERS) for p in parts) if c]
    if not kept:
        return ""
    joined = sep.join(kept)
    return joined if joined.endswith(_FINAL) else joined + "."


def size_text(value: object) -> str:
    """A file's size as the case view and the case PDF say it ("—" when unknown)."""
    try:
        size = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return "—"
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"
