"""The sync client's errors (drawn in the one tree in ``sync/errors.py``).

``LinkError`` and ``ServerBusy`` are environment problems and live in ``sync.errors``;
they are re-exported here because every client module says ``errors.LinkError``.
``RETRYABLE`` is what a round retries with back-off before it reports ``offline``.
Messages never contain the device token, enrollment codes or record values.
"""

from __future__ import annotations

from typing import Any

from sync.errors import ChasquiError, LinkError, ServerBusy

__all__ = [
    "RETRYABLE",
    "BadResponse",
    "BundleError",
    "Cancelled",
    "ChasquiError",
    "InvalidCode",
    "LinkError",
    "NotEnrolled",
    "RequestRefused",
    "Revoked",
    "ServerBusy",
    "SyncError",
    "TooLarge",
    "Unauthorized",
    "UpdateRequired",
]


class SyncError(ChasquiError):
    """Base class of the sync client's deliberate errors."""


class InsecureServer(SyncError):
    """The server address is plain http:// to another computer (see transport)."""


class BadResponse(SyncError):
    """The server's answer could not be decoded as the protocol says."""


class RequestRefused(SyncError):
    """The server refused the request (4xx) with a protocol error code."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


class Unauthorized(RequestRefused):
    pass


class Revoked(RequestRefused):
    """403 ``revoked``; ``order`` is the server's signed ``protocol.RevocationOrder`` (or
    None). Only an order verified under the pinned key makes the laptop wipe
    (``sync.client.identity.genuine_revocation``)."""

    def __init__(self, code: str, message: str, status: int = 403, *, order: Any = None) -> None:
        super().__init__(code, message, status)
        self.order = order


class UpdateRequired(RequestRefused):
    pass


class TooLarge(RequestRefused):
    pass


class InvalidCode(RequestRefused):
    pass


class NotEnrolled(SyncError):
    """This vault has no device token: run ``chasqui enroll`` first."""


class BundleError(SyncError):
    """A bundle file is unreadable, tampered with, or for another device."""


class Cancelled(SyncError):
    """The round was cancelled between two steps."""


RETRYABLE: tuple[type[ChasquiError], ...] = (LinkError, ServerBusy, BadResponse)
