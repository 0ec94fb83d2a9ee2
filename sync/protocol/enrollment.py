"""Enrollment: a laptop joins an office with a one-time code and receives its identity.

Owns ``EnrollRequest`` and ``EnrollResponse`` (``POST /v1/enroll``, no authentication;
the device token is returned only here) with ``OfficeInfo``. The answer is validated
completely before the client writes any of it (the device id must be a valid HLC node).
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from msgspec import Meta

from sync.protocol.base import NO_CONTROL_PATTERN, ClientVersion, Message, NodeId

Code = Annotated[str, Meta(min_length=1, max_length=64, pattern=NO_CONTROL_PATTERN)]
DeviceName = Annotated[str, Meta(min_length=1, max_length=120, pattern=NO_CONTROL_PATTERN)]
DeviceNumber = Annotated[int, Meta(ge=1, le=99, description="unique within the office")]


class EnrollRequest(Message, frozen=True, kw_only=True):
    WHAT: ClassVar[str] = "enroll request"
    code: Code
    device_name: DeviceName
    client_version: ClientVersion
    protocol_version: int


class OfficeInfo(Message, frozen=True):
    WHAT: ClassVar[str] = "office"
    office_id: str
    code: str
    name: str


class EnrollResponse(Message, frozen=True):
    WHAT: ClassVar[str] = "enroll response"
    device_id: NodeId  # also the device's HLC node id
    device_number: DeviceNumber  # 1..99, unique within the office (case numbers)
    token: str  # secret, shown once; the server keeps only its SHA-256
    office: OfficeInfo
    users: list[dict[str, Any]]  # [{"user_id", "name", "display_name", "role"}]
    epoch: str
    server_time: int
