"""Supervisor accounts of the directorate's dashboard and their login sessions.

Owns the ``supervisors`` and ``supervisor_sessions`` tables' rules: a supervisor is a
person of the directorate (not an office user, never a device): a name and an Argon2id
password hash (argon2-cffi). ``add_supervisor`` refuses weak or malformed input;
``login`` returns a new ``Session`` (a random token given to the browser once, kept only
hashed in the database, with its own CSRF token and an absolute expiry,
``SESSION_TTL_S``) or raises ``LoginRefused`` with the same words whether the name or
the password was wrong or the account disabled; after ``LOCKOUT_FAILURES`` wrong
passwords for one login name within ``LOCKOUT_WINDOW_S`` that name is locked until the
window passes (``LoginLocked``, even with the right password; counted per name whether
or not the account exists, so the lock tells nothing about which names exist; each
attempt is counted before its password is checked and a successful login clears the
count); ``session`` finds a live session by its token (expired, logged-out and disabled
accounts' sessions are refused); ``logout`` ends one; ``disable_supervisor`` stops an
account's logins and ends its sessions. Times are milliseconds from the caller's clock
(``now``), so tests can age a session.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from sync.server import schema
from sync.server.db import Database, now_ms

SESSION_TTL_S = 8 * 3600  # one working day; then the supervisor logs in again
LOCKOUT_FAILURES = 5  # wrong passwords for one name within the window lock it
LOCKOUT_WINDOW_S = 15 * 60
MIN_PASSWORD = 12
NAME_RE = re.compile(r"^[a-z][a-z0-9._-]{2,63}$")
_HASHER = PasswordHasher()  # Argon2id, argon2-cffi's current defaults (RFC 9106 low-memory)
_DUMMY = _HASHER.hash(secrets.token_urlsafe(16))  # unknown names cost the same time


class SupervisorError(ValueError):
    """A refused supervisor action; the message is shown as is (never holds a secret)."""


class SupervisorExists(SupervisorError):
    """The name is taken."""


class LoginRefused(SupervisorError):
    """Wrong name or password, or a disabled account (the same words for all)."""


class LoginLocked(SupervisorError):
    """Too many wrong passwords for this name lately: wait for the window to pass."""


class UnknownSupervisor(SupervisorError):
    """No account of that name."""


@dataclass(frozen=True)
class Session:
    token: str  # the cookie's value: given once, stored only as its SHA-256
    supervisor_id: str
    name: str
    csrf: str
    expires_at: int  # ms


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_supervisor(db: Database, name: str, password: str, now: int | None = None) -> str:
    """Create a supervisor account; returns its id."""
    if not NAME_RE.match(name):
        raise SupervisorError(
            "supervisor name: 3-64 characters, lowercase letters, digits, '.', '_' or '-', "
            "starting with a letter"
        )
    if len(password) < MIN_PASSWORD:
        raise SupervisorError(f"password: at least {MIN_PASSWORD} characters")
    if password.strip() != password or name in password.lower():
        raise SupervisorError("password: no leading or trailing spaces, not containing the name")
    supervisor_id = uuid.uuid4().hex
    try:
        with db.write() as conn:
            conn.execute(
                insert(schema.supervisors).values(
                    id=supervisor_id,
                    name=name,
                    password_hash=_HASHER.hash(password),
                    created_at=now_ms() if now is None else now,
                )
            )
    except IntegrityError:
        raise SupervisorExists(f"supervisor {name} already exists") from None
    return supervisor_id


def _failures(conn: Any, name: str, since: int) -> int:
    f = schema.supervisor_login_failures.c
    query = select(func.count()).where(f.name == name, f.at > since)
    return int(conn.execute(query).scalar_one())


def _verify(password_hash: str, password: str) -> bool:
    """The slow step of a login (Argon2id)."""
    try:
        return bool(_HASHER.verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def login(db: Database, name: str, password: str, now: int | None = None) -> Session:
    """A new session for a right name and password; ``LoginRefused`` otherwise, and
    ``LoginLocked`` while the name is locked (see the module docstring).

    The attempt is counted as a failure BEFORE the slow password check, in the same
    write transaction that checks the lock (writes are serialized), and a success clears
    the count: attempts sent in parallel cannot all pass the check while the first ones
    are still being verified. A name longer than any account's (64) is refused as a
    wrong login, never cut to a name that might exist."""
    s, f = schema.supervisors.c, schema.supervisor_login_failures.c
    if len(name) > 64:
        _verify(_DUMMY, password)  # the same time as any wrong login
        raise LoginRefused("usuario o contraseña incorrectos")
    at = now_ms() if now is None else now
    since = at - LOCKOUT_WINDOW_S * 1000
    with db.write() as conn:
        if _failures(conn, name, since) >= LOCKOUT_FAILURES:
            raise LoginLocked(
                "Demasiados intentos fallidos con este usuario. Espere "
                f"{LOCKOUT_WINDOW_S // 60} minutos e intente de nuevo."
            )
        conn.execute(delete(schema.supervisor_login_failures).where(f.at <= since))
        conn.execute(insert(schema.supervisor_login_failures).values(name=name, at=at))
        row = conn.execute(
            select(s.id, s.password_hash, s.disabled_at).where(s.name == name)
        ).first()
    right = _verify(row.password_hash if row else _DUMMY, password)
    if row is None or not right or row.disabled_at is not None:
        raise LoginRefused("usuario o contraseña incorrectos")
    session = Session(
        secrets.token_urlsafe(32), str(row.id), name, secrets.token_urlsafe(32),
        at + SESSION_TTL_S * 1000,
    )  # fmt: skip
    with db.write() as conn:
        conn.execute(delete(schema.supervisor_login_failures).where(f.name == name))
        conn.execute(
            delete(schema.supervisor_sessions).where(schema.supervisor_sessions.c.expires_at < at)
        )
        conn.execute(
            insert(schema.supervisor_sessions).values(
                token_hash=_digest(session.token),
                supervisor_id=session.supervisor_id,
                csrf=session.csrf,
                created_at=at,
                expires_at=session.expires_at,
            )
        )
    return session


def disable_supervisor(db: Database, name: str, now: int | None = None) -> int:
    """Stop an account's logins and end its sessions; the number of sessions ended."""
    s, ss = schema.supervisors.c, schema.supervisor_sessions.c
    with db.write() as conn:
        row = conn.execute(select(s.id).where(s.name == name[:64])).first()
        if row is None:
            raise UnknownSupervisor(f"no supervisor {name}")
        conn.execute(
            update(schema.supervisors)
            .where(s.id == row.id, s.disabled_at.is_(None))
            .values(disabled_at=now_ms() if now is None else now)
        )
        ended = conn.execute(delete(schema.supervisor_sessions).where(ss.supervisor_id == row.id))
        return int(ended.rowcount or 0)


def session(db: Database, token: str | None, now: int | None = None) -> Session | None:
    """The live session of a cookie's token, or None (unknown, expired, logged out)."""
    if not token or len(token) > 200:
        return None
    ss, s = schema.supervisor_sessions.c, schema.supervisors.c
    with db.read() as conn:
        row = conn.execute(
            select(ss.supervisor_id, ss.csrf, ss.expires_at, s.name)
            .join_from(schema.supervisor_sessions, schema.supervisors, ss.supervisor_id == s.id)
            .where(ss.token_hash == _digest(token), s.disabled_at.is_(None))
        ).first()
    at = now_ms() if now is None else now
    if row is None or row.expires_at <= at:
        return None
    return Session(token, str(row.supervisor_id), str(row.name), str(row.csrf), row.expires_at)


def csrf_ok(current: Session, sent: str | None) -> bool:
    return bool(sent) and hmac.compare_digest(current.csrf, str(sent))


def logout(db: Database, token: str) -> None:
    with db.write() as conn:
        conn.execute(
            delete(schema.supervisor_sessions).where(
                schema.supervisor_sessions.c.token_hash == _digest(token)
            )
        )
