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


class PublishedForm(Message, frozen=True, omit_defaults=True):
    WHAT: ClassVar[str] = "published form"
    form_id: str
    version: VersionNumber
    sha256: Sha256  # of the canonical JSON of the definition
    definition: dict[str, Any]
    signature: Signature = ""

    def signed_fields(self) -> dict[str, Any]:
        return {"form_id": self.form_id, "version": self.version, "sha256": self.sha256}

    def content_matches(self) -> bool:
        """True when ``sha256`` is the digest of ``definition``."""
        digest = hashlib.sha256(canonical_json(self.definition).encode("utf-8")).hexdigest()
        return digest == self.sha256


class PublishedCatalog(Message, frozen=True, omit_defaults=True):
    """One version of a data catalog (rows are flat string dicts, e.g. ubigeo districts)."""

    WHAT: ClassVar[str] = "published catalog"
    name: str
    version: VersionNumber
    sha256: Sha256  # of the canonical JSON of ``rows``
    rows: list[dict[str, str]]
    signature: Signature = ""

    def signed_fields(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version, "sha256": self.sha256}

    def content_matches(self) -> bool:
        """True when ``sha256`` is the digest of ``rows``."""
        digest = hashlib.sha256(canonical_json(self.rows).encode("utf-8")).hexdigest()
        return digest == self.sha256


class FormAnswer(Message, frozen=True):
    """``GET /v1/forms/{form_id}/{version}``."""

    WHAT: ClassVar[str] = "form answer"
    form: PublishedForm
    epoch: str = ""
    server_time: int = 0
