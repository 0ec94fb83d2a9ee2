"""The sync client's exception tree, drawn once here.

::

    SyncError                     base of everything the client raises on purpose
    ├── LinkError                 no usable link: connect failed, timed out, cut mid-way
    │                             (retryable: the round backs off and tries again)
    ├── ServerBusy                429 or 5xx from the server (retryable)
    ├── BadResponse               the server's answer is not valid protocol (retryable once)
    ├── RequestRefused            4xx with a protocol error ``code`` and ``message``
    │   ├── Unauthorized          401: the token is unknown (enroll again)
    │   ├── Revoked               403 ``revoked``: the app must lock and wipe
    │   ├── UpdateRequired        426: this client is too old; keep the data, update
    │   ├── TooLarge              413: send a smaller batch
    │   └── InvalidCode           enrollment code unknown, used or expired
    ├── NotEnrolled               no device token in the store yet
    ├── InsecureServer            http:// to a host other than loopback (use https://)
    ├── BundleError               a USB bundle is unreadable, tampered with or not ours
    └── Cancelled                 the round was cancelled (the store is consistent)

Messages never contain the device token, enrollment codes or record values.
"""

from __future__ import annotations


class SyncError(Exception):
    """Base class of the sync client's deliberate errors."""


class InsecureServer(SyncError):
    """The server address is plain http:// to another computer (see transport)."""


class LinkError(SyncError):
    """The network failed (connect, timeout, connection cut); retry later."""


class ServerBusy(SyncError):
    """The server answered 429 or 5xx; retry later."""

    def __init__(self, message: str, status: int = 503) -> None:
        super().__init__(message)
        self.status = status


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
    pass


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


RETRYABLE: tuple[type[SyncError], ...] = (LinkError, ServerBusy, BadResponse)
