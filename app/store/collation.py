"""Spanish (Peru) alphabetical order: the ONE sort key of names and labels.

Owns ``spanish_key(text)``: a key whose plain code-point order (Python's ``sorted``,
SQLite's BINARY comparison) is the order of a Spanish dictionary — case and accents do
not count (Á = A, é = e, ü = u), Ñ is its own letter between N and O — and ``SQL_NAME``
(``es_key``), the same function registered on every vault connection
(``app.store.connection.open_connection``), so list queries order by
``es_key(column)`` and in-memory sorts use ``key=spanish_key``: both give one order.
Byte order put "Álvarez" and "Ñahui" after "Zúñiga".
"""

from __future__ import annotations

import re
import unicodedata
from typing import overload

SQL_NAME = "es_key"
# Ñ sorts after every N-word ("Nuñez" < "Ñahui" < "Oré"): "n~" ("~" comes after "z" in
# code-point order), so "ñ..." is greater than any "n<letter>..." and less than "o".
_ENYE = "n~"
_MARKS = re.compile("[\u0300-\u036f]")  # combining accents, after NFD


@overload
def spanish_key(text: str) -> str: ...
@overload
def spanish_key(text: None) -> None: ...
def spanish_key(text: str | None) -> str | None:
    """The Spanish dictionary order key of ``text`` (None stays None: SQL NULL)."""
    if text is None:
        return None
    folded = str(text).casefold()
    if folded.isascii():
        return folded
    folded = unicodedata.normalize("NFC", folded).replace("ñ", _ENYE)
    apart = unicodedata.normalize("NFD", folded)  # "é" -> "e" + U+0301
    plain = apart.encode("ascii", "ignore").decode("ascii")  # the quick way (C level)
    if len(plain) == len(folded):  # only the accents went: Latin letters throughout
        return plain
    return _MARKS.sub("", apart)  # other scripts too: keep them, drop only the accents


def register(conn: object) -> None:
    """Make ``es_key(text)`` available in SQL on a sqlite/sqlcipher connection."""
    conn.create_function(SQL_NAME, 1, spanish_key, deterministic=True)  # type: ignore[attr-defined]
