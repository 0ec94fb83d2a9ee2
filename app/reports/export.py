"""Protected exports: the only way a document leaves the store, always audited.

``export_document`` optionally encrypts the PDF with a password (pypdf, AES-256: the
user password opens it; the owner password is random and never shown), writes the final
bytes once with an atomic write (temporary file in the target folder, fsync, then
``os.replace``) and appends an ``export`` event to the audit log. The plaintext PDF is
only ever in memory when a password is given: no temporary file holds it. The audit
detail says what kind of document was written and how — never the file name or any
record value.
"""

from __future__ import annotations

import contextlib
import io
import os
import secrets
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from pypdf import PdfReader, PdfWriter

from app.reports.errors import ExportFailed, InvalidReportInput

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


def atomic_write(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` all at once: readers see the old file or the new one."""
    target = Path(path).expanduser()
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise InvalidReportInput(f"{target} es una carpeta; indique un nombre de archivo")
    if not folder.is_dir():
        raise InvalidReportInput(f"la carpeta {folder} no existe")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise ExportFailed(f"no se puede escribir en {folder}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise ExportFailed(f"no se pudo guardar {target.name}: {exc.strerror}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable (POSIX)
        with contextlib.suppress(OSError):
            dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
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
    target = atomic_write(path, data)
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
    target = atomic_write(path, data)
    detail = dict(audit_detail or {})
    detail.update({"format": "csv", "encrypted": False, "bytes": len(data)})
    store.audit("export", None, None, detail)
    return target
