"""Forms and catalogs published by the server, as they travel in pull and snapshot pages.

Owns ``PublishedForm`` (one version of a form definition, inline), ``PublishedCatalog``
(one version of a data catalog, rows inline: flat text-to-text maps) and ``FormAnswer``
(``GET /v1/forms/{form_id}/{version}``).

Both carry ``signature``: the server's Ed25519 signature (``sync.identity``, purposes
``FORM`` / ``CATALOG``) over ``signed_fields()`` — name, version and the SHA-256 of the
content. A laptop keeps a publication only when the SHA-256 is the content's and the
signature verifies under the server key it pinned (``sync.client.catalogs``).
"""

from __future__ import annotations

import hashlib
from typing import Annotated, Any, ClassVar

from msgspec import Meta

from sync.protocol.base import (
    SIGNATURE_HEX_PATTERN,
    Message,
    Sha256,
    VersionNumber,
    canonical_json,
)

Signature = Annotated[
    str, Meta(pattern=r"^$|" + SIGNATURE_HEX_PATTERN, description="Ed25519, hex ('' unsigned)")
]


class _Publication(Message, frozen=True, omit_defaults=True):
    """What forms and catalogs share: a name, a version, the digest of the content, the
    server's signature over those three."""

    KIND: ClassVar[str] = ""

    def _parts(self) -> tuple[str, str, int, str, Any]:
        """(name field, name, version, sha256, content) of this publication."""
        raise NotImplementedError

    @property
    def label(self) -> str:
        _, name, version, _, _ = self._parts()
        return f"{self.KIND} {name} v{version}"

    def signed_fields(self) -> dict[str, Any]:
        key, name, version, sha256, _ = self._parts()
        return {key: name, "version": version, "sha256": sha256}

    def content_matches(self) -> bool:
        """True when ``sha256`` is the digest of the content."""
        _, _, _, sha256, content = self._parts()
        return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest() == sha256


class PublishedForm(_Publication, frozen=True, omit_defaults=True):
    WHAT: ClassVar[str] = "published form"
    KIND: ClassVar[str] = "form"
    form_id: str
    version: VersionNumber
    sha256: Sha256  # of the canonical JSON of the definition
    definition: dict[str, Any]
    signature: Signature = ""

    def _parts(self) -> tuple[str, str, int, str, Any]:
        return "form_id", self.form_id, self.version, self.sha256, self.definition


class PublishedCatalog(_Publication, frozen=True, omit_defaults=True):
    """One version of a data catalog (rows are flat string dicts, e.g. ubigeo districts)."""

    WHAT: ClassVar[str] = "published catalog"
    KIND: ClassVar[str] = "catalog"
    name: str
    version: VersionNumber
    sha256: Sha256  # of the canonical JSON of ``rows``
    rows: list[dict[str, str]]
    signature: Signature = ""

    def _parts(self) -> tuple[str, str, int, str, Any]:
        return "name", self.name, self.version, self.sha256, self.rows


class FormAnswer(Message, frozen=True):
    """``GET /v1/forms/{form_id}/{version}``."""

    WHAT: ClassVar[str] = "form answer"
    form: PublishedForm
    epoch: str = ""
    server_time: int = 0
