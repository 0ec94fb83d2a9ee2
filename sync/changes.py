"""The change record: the unit of replication written to the outbox and sent on the wire.

One definition for client and server. A change carries only the fields it changed, with
their new values, plus for each field the HLC of the version its writer saw (``base``),
which is what lets every replica tell a sequential overwrite from a concurrent one.
A delete is a tombstone: ``op == "delete"``, no fields, and ``base["_record"]`` holds the
newest field version the deleter saw.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from sync import hlc

Op = Literal["upsert", "delete"]
OPS: tuple[str, ...] = ("upsert", "delete")
RECORD_BASE_KEY = "_record"


class MalformedChange(ValueError):
    """A change document that does not have the shape of a change."""


@dataclass(frozen=True)
class Change:
    change_id: str
    entity: str
    entity_id: str
    op: Op
    fields: dict[str, Any]
    base: dict[str, str]
    hlc: str
    device_id: str
    seq: int
    user_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def canonical(self) -> str:
        """Stable JSON text of the change: two sends of the same change compare equal."""
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def from_dict(cls, doc: Any) -> Change:
        """Build a change from untrusted JSON, raising ``MalformedChange`` with the reason."""
        if not isinstance(doc, dict):
            raise MalformedChange("change must be an object")
        required = {
            "change_id": str,
            "entity": str,
            "entity_id": str,
            "op": str,
            "fields": dict,
            "base": dict,
            "hlc": str,
            "device_id": str,
            "seq": int,
        }
        for key, kind in required.items():
            if key not in doc:
                raise MalformedChange(f"change is missing {key!r}")
            value = doc[key]
            if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
                raise MalformedChange(f"change field {key!r} must be {kind.__name__}")
        unknown = set(doc) - set(required) - {"user_id", "extra"}
        if unknown:
            raise MalformedChange(f"change has unknown keys: {', '.join(sorted(unknown))}")
        if doc["op"] not in OPS:
            raise MalformedChange(f"change op must be one of {', '.join(OPS)}")
        if not hlc.is_valid(doc["hlc"]):
            raise MalformedChange("change hlc is not a valid HLC timestamp")
        for name, version in doc["base"].items():
            if not isinstance(name, str) or not hlc.is_valid(version):
                raise MalformedChange(f"change base for {name!r} is not a valid HLC timestamp")
        if any(not isinstance(k, str) or k.startswith("_") for k in doc["fields"]):
            raise MalformedChange("change field names must be text not starting with '_'")
        if doc["op"] == "delete" and doc["fields"]:
            raise MalformedChange("a delete carries no fields")
        for key in ("change_id", "entity", "entity_id", "device_id"):
            if not doc[key] or len(doc[key]) > 128:
                raise MalformedChange(f"change field {key!r} must be 1-128 characters")
        if doc["seq"] < 0:
            raise MalformedChange("change seq must be >= 0")
        user_id = doc.get("user_id")
        if user_id is not None and not isinstance(user_id, str):
            raise MalformedChange("change user_id must be text or null")
        extra = doc.get("extra", {})
        if not isinstance(extra, dict):
            raise MalformedChange("change extra must be an object")
        return cls(
            change_id=doc["change_id"],
            entity=doc["entity"],
            entity_id=doc["entity_id"],
            op=doc["op"],
            fields=dict(doc["fields"]),
            base=dict(doc["base"]),
            hlc=doc["hlc"],
            device_id=doc["device_id"],
            seq=doc["seq"],
            user_id=user_id,
            extra=dict(extra),
        )
