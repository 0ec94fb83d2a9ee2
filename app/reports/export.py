"""Protected exports: the only way a document leaves the store, always audited.

``export_document`` optionally encrypts the PDF with a password (pypdf, AES-256: the
user password opens it; the owner password is random and never shown), writes the final
bytes once with ``sync.errors.atomic_write`` (temporary file in the target folder,
fsync, ``os.replace``, fsync of the folder; a full disk raises ``DiskFull``) and appends
an ``export`` event to the audit log. The plaintext PDF is only ever in memory when a
password is given: no temporary file holds it. The audit detail says what kind of
document was written and how — never the file name or any record value.
"""

from __future__ import annotations

import io
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from pypdf import PdfReader, PdfWriter

from app.reports.errors import InvalidReportInput
from sync.errors import atomic_write

MIN_PASSWORD = 12  # issue 12: short document passwords fall to a guesser in minutes


class AuditStore(Protocol):
    def audit(
        self,
        action: str,
        entity: str | None = None,
        entity_id: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None: ...


def encrypt_pdf(pdf: bytes, password: str) -> bytes:
    """The same PDF encrypted with AES-256; ``password`` opens it."""
    if len(password) < MIN_PASSWORD:
        raise InvalidReportInput(
            f"la contraseña del documento debe tener al menos {MIN_PASSWORD} caracteres"
        )
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(
        user_password=password,
        owner_password=secrets.token_urlsafe(32),
        algorithm="AES-256",
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _writable_target(path: str | os.PathLike[str]) -> Path:
    """The file to write; a folder or a missing folder is the caller's mistake (exit 2)."""
    target = Path(path).expanduser()
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise InvalidReportInput(f"{target} es una carpeta; indique un nombre de archivo")
    if not folder.is_dir():
        raise InvalidReportInput(f"la carpeta {folder} no existe")
    return target


def export_pdf(
    store: AuditStore,
    pdf_bytes: bytes,
    path: str | os.PathLike[str],
    password: str | None = None,
    audit_detail: Mapping[str, Any] | None = None,
    *,
    entity: str | None = None,
    entity_id: str | None = None,
) -> Path:
    """Write the PDF (encrypted when ``password``) and record the export in the audit log."""
    data = encrypt_pdf(pdf_bytes, password) if password is not None else pdf_bytes
    target = atomic_write(_writable_target(path), data)
    detail = dict(audit_detail or {})
    detail.update({"format": "pdf", "encrypted": password is not None, "bytes": len(data)})
    store.audit("export", entity, entity_id, detail)
    return target


def export_csv(
    store: AuditStore,
    text: str,
    path: str | os.PathLike[str],
    audit_detail: Mapping[str, Any] | None = None,
) -> Path:
    """Write aggregate figures as CSV (UTF-8; the text carries its BOM) and audit it."""
    data = text.encode("utf-8")
    target = atomic_write(_writable_target(path), data)
    detail = dict(audit_detail or {})
    detail.update({"format": "csv", "encrypted": False, "bytes": len(data)})
    store.audit("export", None, None, detail)
    return target
