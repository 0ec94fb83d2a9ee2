"""The ubigeo catalog (Peru's departments, provinces and districts) and where to find it.

Owns :func:`resources_dir` — the *only* place the forms package looks for the
``resources/`` directory — and :class:`UbigeoCatalog`, loaded from the CSV files in
``resources/ubigeo/`` (INEI and RENIEC codes with names). INEI codes are what we store;
RENIEC codes (printed on the DNI) are mapped to INEI. The two numberings overlap for
different places (INEI 010205 is Imaza, RENIEC 010205 is Bagua), so a code alone never
says which numbering it belongs to.

The catalog's names are upper case without accents ("JUNIN", "CONCEPCION").
:func:`spelled` writes a name as Spanish does — "Junín", "Concepción", "San Juan de
Lurigancho" — from ``ubigeo_tildes.csv`` (each word's written form, taken from the
source's accented ``capital`` names; see the README beside it); a word it does not know
is only capitalised. :func:`plain` is the accent-free upper-case key names are compared by.
:func:`district_name` is the one label a district is shown and printed by ("Jesús
María", or "Jesús María (Lima)" where the province tells namesakes apart).

Districts created after a release arrive as published catalog rows (the app receives
them by sync): :func:`extend` adds them to the default catalog at runtime. A code is
never removed; extending twice with the same rows changes nothing.
"""

from __future__ import annotations

import csv
import os
import sys
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

RESOURCES_ENV = "CHASQUI_RESOURCES"


def resources_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Locate the ``resources/`` directory.

    Order: ``explicit`` argument; the ``CHASQUI_RESOURCES`` environment variable; a
    PyInstaller bundle (``sys._MEIPASS/resources``); ``resources/`` beside the package
    (the repository checkout); ``resources/`` inside the package directory.
    """
    if explicit is not None:
        return Path(explicit)
    env = os.environ.get(RESOURCES_ENV)
    if env:
        return Path(env)
    candidates: list[Path] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if isinstance(bundle, str):
        candidates.append(Path(bundle) / "resources")
    here = Path(__file__).resolve().parent
    candidates += [here.parent / "resources", here / "resources"]
    for candidate in candidates:
        if (candidate / "ubigeo").is_dir():
            return candidate
    return candidates[-2]


@dataclass(frozen=True)
class District:
    """One district: INEI and RENIEC codes and the names of its three levels."""

    inei: str
    reniec: str
    department: str
    province: str
    name: str

    @property
    def province_code(self) -> str:
        return self.inei[:4] + "00"

    @property
    def department_code(self) -> str:
        return self.inei[:2] + "0000"

    def label(self) -> str:
        """ "DISTRITO, PROVINCIA, DEPARTAMENTO" — for pickers and reports."""
        return f"{self.name}, {self.province}, {self.department}"


_LOWER_WORDS = frozenset({"DE", "DEL", "LA", "LAS", "LOS", "Y"})  # "Villa El Salvador"


def plain(text: str) -> str:
    """Accent-free upper case ("Junín" -> "JUNIN", "Cañete" -> "CANETE"): the key by which
    names typed and stored are compared."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").upper()


class UbigeoCatalog:
    """In-memory catalog; lookups are dictionary reads. Only :meth:`extend` changes it
    (adding or renaming districts, never removing one)."""

    def __init__(
        self,
        rows: list[District],
        departments: dict[str, str],
        spellings: dict[str, str] | None = None,
    ) -> None:
        self._spellings = dict(spellings or {})  # plain word -> written form ("Junín")
        self.revision = 0  # grows at every ``extend``: what was derived from it is stale
        self._by_inei = {d.inei: d for d in rows}
        self._by_reniec = {d.reniec: d for d in rows}
        self._departments = dict(sorted(departments.items()))
        provs: dict[str, str] = {}
        for d in rows:
            provs.setdefault(d.province_code, d.province)
        self._provinces = dict(sorted(provs.items()))

    @classmethod
    def from_dir(cls, directory: Path) -> UbigeoCatalog:
        """Load ``ubigeo_distrito.csv`` and ``ubigeo_departamento.csv`` from a folder."""
        rows: list[District] = []
        with (directory / "ubigeo_distrito.csv").open(encoding="utf-8", newline="") as fh:
            for rec in csv.DictReader(fh):
                rows.append(
                    District(
                        rec["inei"],
                        rec["reniec"],
                        rec["departamento"],
                        rec["provincia"],
                        rec["distrito"],
                    )
                )
        deps: dict[str, str] = {}
        with (directory / "ubigeo_departamento.csv").open(encoding="utf-8", newline="") as fh:
            for rec in csv.DictReader(fh):
                deps[rec["inei"]] = rec["departamento"]
        spellings: dict[str, str] = {}
        tildes = directory / "ubigeo_tildes.csv"
        if tildes.is_file():  # optional: without it names are only capitalised
            with tildes.open(encoding="utf-8", newline="") as fh:
                spellings = {plain(r["palabra"]): r["escrita"] for r in csv.DictReader(fh)}
        return cls(rows, deps, spellings)

    def spelled(self, name: str) -> str:
        """``name`` as Spanish writes it: each word with its accents where the catalog
        has them, capitalised, articles and prepositions inside a name in lower case
        ("SAN JUAN DE LURIGANCHO" -> "San Juan de Lurigancho", "JUNIN" -> "Junín")."""
        words = []
        for i, word in enumerate(name.split()):
            parts = []
            for part in word.split("-"):
                key = plain(part)
                if i > 0 and key in _LOWER_WORDS:
                    parts.append(part.lower())
                else:
                    parts.append(self._spellings.get(key) or part[:1].upper() + part[1:].lower())
            words.append("-".join(parts))
        return " ".join(words)

    def __len__(self) -> int:
        return len(self._by_inei)

    def extend(self, rows: Iterable[Mapping[str, str]]) -> int:
        """Add district rows (keys ``inei, reniec, departamento, provincia, distrito``).

        New codes are added and the names of a known code are updated; nothing is ever
        removed (an old RENIEC code keeps mapping to its district). Every row is checked
        before anything changes: a bad row raises ``ValueError`` naming it. Returns the
        number of codes that were new.
        """
        parsed = [_district_row(row) for row in rows]
        # Build new dictionaries and swap them in: readers on other threads never see
        # a dictionary change size under them.
        by_inei, by_reniec = dict(self._by_inei), dict(self._by_reniec)
        provinces, departments = dict(self._provinces), dict(self._departments)
        added = 0
        for d in parsed:
            added += d.inei not in by_inei
            by_inei[d.inei] = d
            by_reniec[d.reniec] = d
            provinces.setdefault(d.province_code, d.province)
            departments.setdefault(d.department_code, d.department)
        self._provinces = dict(sorted(provinces.items()))
        self._departments = dict(sorted(departments.items()))
        self._by_reniec = by_reniec
        self._by_inei = by_inei
        self.revision += 1
        return added

    def district(self, inei: str) -> District | None:
        return self._by_inei.get(inei) if isinstance(inei, str) else None

    def by_reniec(self, reniec: str) -> District | None:
        return self._by_reniec.get(reniec) if isinstance(reniec, str) else None

    def departments(self) -> list[tuple[str, str]]:
        """``[(inei_code "DD0000", name), ...]`` sorted by code."""
        return list(self._departments.items())

    def provinces(self, department: str) -> list[tuple[str, str]]:
        """Provinces ``[("DDPP00", name)]`` of a department (code ``DD`` or ``DD0000``)."""
        prefix = department[:2]
        return [(c, n) for c, n in self._provinces.items() if c.startswith(prefix)]

    def districts(self, province: str) -> list[tuple[str, str]]:
        """Districts ``[("DDPPdd", name)]`` of a province (code ``DDPP`` or ``DDPP00``)."""
        prefix = province[:4]
        return [(c, d.name) for c, d in sorted(self._by_inei.items()) if c.startswith(prefix)]

    def all_districts(self) -> list[District]:
        return [self._by_inei[c] for c in sorted(self._by_inei)]


_COLUMNS = ("inei", "reniec", "departamento", "provincia", "distrito")


def _district_row(row: Mapping[str, str]) -> District:
    if not isinstance(row, Mapping):
        raise ValueError("a district row must be a mapping")
    values = [row.get(col) for col in _COLUMNS]
    for col, value in zip(_COLUMNS, values, strict=True):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"district row {row.get('inei')!r}: {col} is missing")
    inei, reniec, dep, prov, name = (str(v).strip() for v in values)
    for code in (inei, reniec):
        if len(code) != 6 or not code.isascii() or not code.isdigit():
            raise ValueError(f"district row {inei!r}: codes must be 6 digits")
    return District(inei, reniec, dep, prov, name)


_lock = threading.Lock()
_cache: dict[Path, UbigeoCatalog] = {}


def load_catalog(resources: str | os.PathLike[str] | None = None) -> UbigeoCatalog:
    """The catalog under ``resources_dir(resources)/ubigeo`` (cached per directory).

    Raises ``FileNotFoundError`` naming the directory when the CSV files are missing.
    """
    directory = resources_dir(resources) / "ubigeo"
    with _lock:
        cat = _cache.get(directory)
        if cat is None:
            if not (directory / "ubigeo_distrito.csv").is_file():
                raise FileNotFoundError(f"ubigeo catalog not found in {directory}")
            cat = UbigeoCatalog.from_dir(directory)
            _cache[directory] = cat
        return cat


def default_catalog() -> UbigeoCatalog:
    return load_catalog(None)


def extend(rows: Iterable[Mapping[str, str]]) -> int:
    """Add district rows to the default catalog (see :meth:`UbigeoCatalog.extend`)."""
    catalog = default_catalog()
    with _lock:
        return catalog.extend(rows)


def spelled(name: str) -> str:
    """A catalog name as Spanish writes it (see :meth:`UbigeoCatalog.spelled`)."""
    return default_catalog().spelled(name)


def district(inei: str) -> District | None:
    """The district with this INEI code, or ``None``."""
    return default_catalog().district(inei)


def district_name(inei: str, *, province: bool = False) -> str:
    """The district as every screen and document shows it: its name as Spanish writes it
    ("Jesús María", "Mi Perú"), with its province in brackets when ``province`` ("Jesús
    María (Lima)"); the code itself when the catalog does not know it."""
    found = district(inei)
    if found is None:
        return inei
    name = spelled(found.name)
    return f"{name} ({spelled(found.province)})" if province else name


def reniec_to_inei(code: str) -> str | None:
    """INEI code for a RENIEC district code (as printed on a DNI), or ``None``."""
    d = default_catalog().by_reniec(code)
    return d.inei if d else None


def inei_to_reniec(code: str) -> str | None:
    """RENIEC code for an INEI district code, or ``None``."""
    d = default_catalog().district(code)
    return d.reniec if d else None


def departments() -> list[tuple[str, str]]:
    return default_catalog().departments()


def provinces(department: str) -> list[tuple[str, str]]:
    return default_catalog().provinces(department)


def districts(province: str) -> list[tuple[str, str]]:
    return default_catalog().districts(province)
