"""Forms and catalogs published by the server, as they travel in pull and snapshot pages.

Owns ``PublishedForm`` (one version of a form definition, inline), ``PublishedCatalog``
(one version of a data catalog, rows inline: flat text-to-text maps) and ``FormAnswer``
(``GET /v1/forms/{form_id}/{version}``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from sync.protocol.base import Message, Sha256, VersionNumber


class PublishedForm(Message, frozen=True):
    WHAT: ClassVar[str] = "published form"
    form_id: str
    version: VersionNumber
    sha256: Sha256  # of the canonical JSON of the definition
    definition: dict[str, Any]


class PublishedCatalog(Message, frozen=True):
    """One version of a data catalog (rows are flat string dicts, e.g. ubigeo districts)."""

    WHAT: ClassVar[str] = "published catalog"
    name: str
    version: VersionNumber
    sha256: Sha256  # of the canonical JSON of ``rows``
    rows: list[dict[str, str]]


class FormAnswer(Message, frozen=True):
    """``GET /v1/forms/{form_id}/{version}``."""

    WHAT: ClassVar[str] = "form answer"
    form: PublishedForm
    epoch: str = ""
    server_time: int = 0
