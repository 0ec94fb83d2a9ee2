"""Administration operations behind the ``chasqui-server`` commands (and the tests).

Owns offices, users, devices, form and catalog publishing and statistics. Offices and users created
here are also written to the change log as changes from the node ``server``, so they
reach the office's devices through the ordinary pull.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from sync.changes import Change
from sync.hlc import ZERO, HybridLogicalClock
from sync.protocol import canonical_json
from sync.server import catalogs, formcheck, schema
from sync.server.db import Database, now_ms
from sync.server.ingest import load_record, store_change

_CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,31}$")
ROLES = ("defender", "supervisor", "admin")


class AdminError(ValueError):
    """A refused administrative action; the message is shown as is."""


@dataclass(frozen=True)
class OfficeRow:
    office_id: str
    code: str
    name: str


def _server_change(
    clock: HybridLogicalClock, entity: str, entity_id: str, fields: dict[str, Any]
) -> Change:
    return Change(
        change_id=f"server-{uuid.uuid4().hex}",
        entity=entity,
        entity_id=entity_id,
        op="upsert",
        fields=fields,
        base={k: ZERO for k in fields},
        hlc=clock.now(),
        device_id="server",
        seq=0,
    )


class Admin:
    def __init__(self, db: Database, clock: HybridLogicalClock | None = None) -> None:
        self.db = db
        self.clock = clock or HybridLogicalClock("server")

    # ----------------------------------------------------------------- offices, users

    def add_office(self, code: str, name: str, kind: str = "office") -> OfficeRow:
        code = code.strip().upper()
        if not _CODE_RE.match(code):
            raise AdminError("office code must be 2-32 characters of A-Z, 0-9, '-' or '_'")
        if not name.strip():
            raise AdminError("office name must not be empty")
        office_id = uuid.uuid4().hex
        o = schema.offices.c
        with self.db.write() as conn:
            if conn.execute(select(o.id).where(o.code == code)).first() is not None:
                raise AdminError(f"office {code} already exists")
            conn.execute(
                schema.offices.insert().values(
                    id=office_id, code=code, name=name.strip(), created_at=now_ms()
                )
            )
            change = _server_change(
                self.clock, "office", office_id, {"code": code, "name": name.strip(), "kind": kind}
            )
            store_change(conn, office_id, change, None)
        return OfficeRow(office_id, code, name.strip())

    def office(self, code: str) -> OfficeRow:
        o = schema.offices.c
        with self.db.read() as conn:
            row = conn.execute(
                select(o.id, o.code, o.name).where(o.code == code.strip().upper())
            ).first()
        if row is None:
            raise AdminError(f"no office with code {code.strip().upper()!r}")
        return OfficeRow(row.id, row.code, row.name)

    def list_offices(self) -> list[OfficeRow]:
        o = schema.offices.c
        with self.db.read() as conn:
            rows = conn.execute(select(o.id, o.code, o.name).order_by(o.code)).all()
        return [OfficeRow(r.id, r.code, r.name) for r in rows]

    def add_user(
        self, office_code: str, name: str, display_name: str | None = None, role: str = "defender"
    ) -> str:
        office = self.office(office_code)
        name = name.strip()
        if not name or len(name) > 120:
            raise AdminError("user name must be 1-120 characters")
        if role not in ROLES:
            raise AdminError(f"role must be one of {', '.join(ROLES)}")
        user_id = uuid.uuid4().hex
        u = schema.users.c
        with self.db.write() as conn:
            taken = conn.execute(
                select(u.id).where(u.office_id == office.office_id, u.name == name)
            ).first()
            if taken is not None:
                raise AdminError(f"user {name!r} already exists in {office.code}")
            shown = (display_name or name).strip()
            conn.execute(
                schema.users.insert().values(
                    id=user_id,
                    office_id=office.office_id,
                    name=name,
                    display_name=shown,
                    role=role,
                    created_at=now_ms(),
                )
            )
            fields = {
                "office_id": office.office_id,
                "name": name,
                "display_name": shown,
                "role": role,
            }
            store_change(
                conn, office.office_id, _server_change(self.clock, "user", user_id, fields), None
            )
        return user_id

    def users_of(self, office_id: str) -> list[dict[str, Any]]:
        u = schema.users.c
        with self.db.read() as conn:
            rows = conn.execute(
                select(u.id, u.name, u.display_name, u.role)
                .where(u.office_id == office_id)
                .order_by(u.name)
            ).all()
        return [
            {"user_id": r.id, "name": r.name, "display_name": r.display_name, "role": r.role}
            for r in rows
        ]

    # ----------------------------------------------------------------- devices

    def list_devices(self) -> list[dict[str, Any]]:
        d, o = schema.devices.c, schema.offices.c
        with self.db.read() as conn:
            rows = conn.execute(
                select(
                    d.id,
                    o.code,
                    d.number,
                    d.name,
                    d.enrolled_at,
                    d.last_seen_at,
                    d.revoked_at,
                    d.sign_key.is_not(None).label("has_keys"),
                )
                .join(schema.offices, o.id == d.office_id)
                .order_by(o.code, d.number)
            ).all()
        return [dict(r._mapping) for r in rows]

    def revoke_device(self, device_id: str) -> None:
        d = schema.devices.c
        with self.db.write() as conn:
            done = conn.execute(
                schema.devices.update()
                .where(d.id == device_id, d.revoked_at.is_(None))
                .values(revoked_at=now_ms())
            )
            if done.rowcount != 1:
                exists = conn.execute(select(d.id).where(d.id == device_id)).first()
                raise AdminError(
                    f"device {device_id} is already revoked"
                    if exists
                    else f"no device with id {device_id!r}"
                )

    # ----------------------------------------------------------------- forms

    def publish_form(self, path: Path) -> tuple[str, int]:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise AdminError(f"cannot read {path}: {exc.strerror}") from None
        except ValueError as exc:
            raise AdminError(f"{path} is not valid JSON: {exc}") from None
        problems = formcheck.check_file(path)
        if problems:
            raise AdminError(f"{path} is not a valid form: " + "; ".join(problems[:5]))
        try:
            form_id, version = formcheck.definition_identity(doc)
        except ValueError as exc:
            raise AdminError(f"{path}: {exc}") from None
        text = canonical_json(doc)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        p = schema.published_forms.c
        with self.db.write() as conn:
            row = conn.execute(
                select(p.sha256).where(p.form_id == form_id, p.version == version)
            ).first()
            if row is not None:
                if row.sha256 == digest:
                    return form_id, version
                raise AdminError(
                    f"{form_id} version {version} is already published with other content; "
                    "publish it as a new version"
                )
            conn.execute(
                schema.published_forms.insert().values(
                    form_id=form_id,
                    version=version,
                    sha256=digest,
                    definition=text,
                    published_at=now_ms(),
                )
            )
        return form_id, version

    # ----------------------------------------------------------------- catalogs

    def publish_catalog(self, name: str, path: Path) -> catalogs.Published:
        """Publish a catalog file as the next version (a CSV adds/updates rows; the
        calendar and the deadline rules replace the previous set)."""
        try:
            return catalogs.publish(self.db, name, path)
        except catalogs.CatalogError as exc:
            raise AdminError(str(exc)) from None

    def publish_template(
        self, kind: str, path: Path, title: str, office_code: str | None = None
    ) -> catalogs.Published:
        """Publish a writ template for every office, or for ``office_code``'s devices."""
        try:
            return catalogs.publish_template(self.db, kind, path, title, office_code)
        except catalogs.CatalogError as exc:
            raise AdminError(str(exc)) from None

    # ----------------------------------------------------------------- statistics

    def stats(self) -> list[dict[str, Any]]:
        o, d, q, cl, u, r = (
            schema.offices.c,
            schema.devices.c,
            schema.quarantine.c,
            schema.change_log.c,
            schema.users.c,
            schema.records.c,
        )
        out = []
        with self.db.read() as conn:
            for office in conn.execute(select(o.id, o.code, o.name).order_by(o.code)).all():
                devices = conn.execute(
                    select(func.count(), func.max(d.last_seen_at)).where(
                        d.office_id == office.id, d.revoked_at.is_(None)
                    )
                ).one()
                pending = conn.execute(
                    select(func.count()).where(q.office_id == office.id, q.resolved_at.is_(None))
                ).scalar_one()
                changes = conn.execute(
                    select(func.count()).where(cl.office_id == office.id)
                ).scalar_one()
                # A change's user is known when the administrator registered it for the
                # office or a device of the office pushed its ``user`` record (users
                # created offline on a laptop). Unknown ones are kept, only counted.
                unknown = conn.execute(
                    select(func.count()).where(
                        cl.office_id == office.id,
                        cl.user_id.is_not(None),
                        cl.user_id.not_in(select(u.id).where(u.office_id == office.id)),
                        cl.user_id.not_in(
                            select(r.entity_id).where(r.office_id == office.id, r.entity == "user")
                        ),
                    )
                ).scalar_one()
                out.append(
                    {
                        "office": office.code,
                        "name": office.name,
                        "devices": int(devices[0]),
                        "last_contact": devices[1],
                        "changes": int(changes),
                        "quarantine_pending": int(pending),
                        "unknown_user_changes": int(unknown),
                    }
                )
        return out

    def record(self, entity: str, entity_id: str) -> dict[str, Any] | None:
        """Merged values of one record (for tests and support)."""
        with self.db.read() as conn:
            found = load_record(conn, entity, entity_id)
        return None if found is None else dict(found[0].values)
