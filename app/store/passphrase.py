"""Passphrase strength: the estimate shown while typing and the minimum every wrap enforces.

The estimate is zxcvbn's (a guess-count model of how people pick passwords: dictionaries,
keyboard walks, repeats, sequences, dates, l33t). Its dictionaries are English, so we add
the words a guesser in Peru tries first: ``resources/passphrase/comunes.txt`` (frequent
Spanish words, first names, Peruvian surnames, words of the office) and every place name
of the ubigeo catalog. A passphrase is accepted when it has at least ``MIN_LENGTH``
characters and zxcvbn scores it at least ``MIN_SCORE`` (of 0..4; 3 means at least 10^8
guesses). ``12345678``, ``aaaaaaaa``, ``password``, ``contraseña`` and ``rosaquispe``
are refused.

``estimate`` never raises and is cheap enough to run on every key press (a few ms; only
the first ``MAX_SCORED`` characters are scored, which can only under-estimate).
``require_strong`` raises ``InvalidRecord`` on the field ``passphrase`` with the reason
in English; the UI shows its own Spanish text from ``Estimate.score`` and
``Estimate.warning``.
"""

from __future__ import annotations

import csv
import threading
from dataclasses import dataclass
from pathlib import Path

from app.store.errors import InvalidRecord

MIN_LENGTH = 8
MIN_SCORE = 3
MAX_SCORED = 72  # zxcvbn refuses longer input; a prefix can only score lower
DICTIONARY_NAME = "es_peru"

_lock = threading.Lock()
_loaded = False


@dataclass(frozen=True)
class Estimate:
    """What the strength meter shows: score 0..4, log10 of the guesses and a warning code
    (``common``, ``word``, ``names``, ``repeats``, ``sequences``, ``keyboard``, ``years``,
    ``dates``, ``more_words`` or empty)."""

    score: int
    guesses_log10: float
    warning: str

    @property
    def acceptable(self) -> bool:
        return self.score >= MIN_SCORE


def _resources() -> Path:
    from forms.ubigeo import resources_dir

    return resources_dir()


def common_words(resources: Path | None = None) -> list[str]:
    """The Spanish/Peruvian words added to zxcvbn, most common first, without repeats."""
    root = resources or _resources()
    words: dict[str, None] = {}
    listing = root / "passphrase" / "comunes.txt"
    try:
        for line in listing.read_text(encoding="utf-8").splitlines():
            word = line.strip().lower()
            if word and not word.startswith("#"):
                words.setdefault(word, None)
    except OSError:
        pass  # a bundle without the list still has zxcvbn's own dictionaries
    try:
        with open(root / "ubigeo" / "ubigeo_distrito.csv", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for column in ("departamento", "provincia", "distrito"):
                    name = (row.get(column) or "").lower()
                    words.setdefault(name.replace(" ", ""), None)
                    for part in name.split():
                        if len(part) > 2:
                            words.setdefault(part, None)
    except OSError:
        pass
    return list(words)


def _ensure_loaded() -> None:
    global _loaded
    if _loaded:
        return
    with _lock:
        if not _loaded:
            from zxcvbn import matching

            matching.add_frequency_lists({DICTIONARY_NAME: common_words()})
            _loaded = True


# zxcvbn's English warning -> a stable code the UI turns into its own (Spanish) text.
_WARNINGS = (
    ("top-10", "common"),
    ("top-100", "common"),
    ("very common", "common"),
    ("similar to a commonly", "common"),
    ("word by itself", "word"),
    ("names and surnames", "names"),
    ("common names", "names"),
    ("repeats like", "repeats"),
    ("sequences like", "sequences"),
    ("keyboard", "keyboard"),
    ("recent years", "years"),
    ("dates", "dates"),
)


def _warning_code(text: str, score: int) -> str:
    lowered = text.lower()
    for needle, code in _WARNINGS:
        if needle in lowered:
            return code
    return "more_words" if score < MIN_SCORE else ""


def estimate(passphrase: str) -> Estimate:
    """Score ``passphrase`` (0..4); never raises."""
    if not passphrase:
        return Estimate(0, 0.0, "")
    _ensure_loaded()
    from zxcvbn import zxcvbn

    with _lock:  # zxcvbn keeps per-call state in a module dictionary
        result = zxcvbn(passphrase[:MAX_SCORED])
    score = int(result["score"])
    if len(passphrase) < MIN_LENGTH:
        score = min(score, MIN_SCORE - 1)
    warning = str(result.get("feedback", {}).get("warning") or "")
    return Estimate(score, float(result["guesses_log10"]), _warning_code(warning, score))


def require_strong(passphrase: object) -> None:
    """Raise ``InvalidRecord`` (field ``passphrase``) unless ``passphrase`` meets the minimum."""
    if not isinstance(passphrase, str) or len(passphrase) < MIN_LENGTH:
        raise InvalidRecord(
            f"the passphrase must have at least {MIN_LENGTH} characters", field="passphrase"
        )
    result = estimate(passphrase)
    if not result.acceptable:
        raise InvalidRecord(
            "the passphrase is too easy to guess (common words, names, places, repeats or "
            "sequences); use several uncommon words",
            field="passphrase",
        )
