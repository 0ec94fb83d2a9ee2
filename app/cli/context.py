"""What every CLI command needs: data directory, user, secrets, the unlocked store, output.

Secrets never come from arguments: the passphrase is read from ``CHASQUI_PASSPHRASE`` or
prompted with ``getpass``; a new passphrase from ``CHASQUI_NEW_PASSPHRASE`` (for ``init``
also ``CHASQUI_PASSPHRASE``) or prompted twice, and must pass the strength minimum; a
recovery key from ``CHASQUI_RECOVERY_KEY`` or prompted.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.core.errors import InvalidInput
from app.paths import default_data_dir
from sync.errors import ChasquiError

ENV_DATA_DIR = "CHASQUI_DATA_DIR"
ENV_PASSPHRASE = "CHASQUI_PASSPHRASE"  # noqa: S105 (a variable name)
ENV_NEW_PASSPHRASE = "CHASQUI_NEW_PASSPHRASE"  # noqa: S105
ENV_RECOVERY_KEY = "CHASQUI_RECOVERY_KEY"
ENV_USER = "CHASQUI_USER"
MAX_JSON_BYTES = 10_000_000


class CliError(ChasquiError):
    """An expected failure: printed as one line, exits with ``code``."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def data_dir(args: argparse.Namespace) -> Path:
    value = getattr(args, "data_dir", None)
    if value:
        return Path(value).expanduser()
    return default_data_dir()


def _interactive() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def read_secret(env: str, prompt: str, what: str) -> str:
    value = os.environ.get(env)
    if value is not None:
        return value
    if not _interactive():
        raise CliError(f"no {what}: set {env} or run in a terminal", 3)
    return getpass.getpass(prompt)


def passphrase() -> str:
    return read_secret(ENV_PASSPHRASE, "Frase de acceso: ", "passphrase")


def new_passphrase(prompt: str = "Nueva frase de acceso: ", *, fallback_env: str = "") -> str:
    """A new passphrase: ``CHASQUI_NEW_PASSPHRASE``, else ``fallback_env`` if given and set
    (``init`` takes ``CHASQUI_PASSPHRASE``), else prompted twice. It must pass the
    strength minimum (``app.store.passphrase``): exit 2 with the reason otherwise."""
    from app.store.passphrase import require_strong

    value = os.environ.get(ENV_NEW_PASSPHRASE)
    if value is None and fallback_env:
        value = os.environ.get(fallback_env)
    if value is None:
        if not _interactive():
            where = (
                f"{fallback_env} or {ENV_NEW_PASSPHRASE}" if fallback_env else ENV_NEW_PASSPHRASE
            )
            raise CliError(f"no new passphrase: set {where} or run in a terminal", 2)
        value = getpass.getpass(prompt)
        if getpass.getpass("Repita la frase de acceso: ") != value:
            raise CliError("passphrase: the two entries differ", 2)
    require_strong(value)
    return value


def user_name(args: argparse.Namespace, directory: Path) -> str:
    """``--user``, else ``CHASQUI_USER``, else the vault's only user."""
    explicit = getattr(args, "user", None) or os.environ.get(ENV_USER)
    if explicit:
        return str(explicit)
    from app.store import Vault

    users = list(Vault.list_users(directory))
    if len(users) == 1:
        return str(users[0])
    if not users:
        raise CliError(f"no vault users in {directory}", 3)
    raise CliError("several users in this vault: choose one with --user or CHASQUI_USER", 2)


@contextmanager
def open_store(args: argparse.Namespace) -> Iterator[Any]:
    """Unlock the vault for the command and lock it again afterwards, whatever happens."""
    from app.store import Vault

    directory = data_dir(args)
    name = user_name(args, directory)
    store = Vault.unlock(directory, name, passphrase())
    try:
        from app.core.form_source import apply_published_catalogs

        apply_published_catalogs(store)  # districts the server published (ubigeo)
        _cases_by_number(store, args)
        yield store
        _daily_backup(store)
    finally:
        store.lock()


def _cases_by_number(store: Any, args: argparse.Namespace) -> None:
    """Every case the command names may be given by its number as the defender sees it
    (fresh 12 #13: `note add DEMO01-2026-010033` said "case not found"): the one
    resolver, ``cases.case_id_of``, for ``CASE_ID`` / ``--case`` and a case command's
    ``ID`` (``case_arg``)."""
    from app.core.cases import case_id_of

    for name in ("case_id", str(getattr(args, "case_arg", "") or "")):
        value = getattr(args, name, None) if name else None
        if isinstance(value, str) and value:
            setattr(args, name, case_id_of(store, value))


def _daily_backup(store: Any) -> None:
    """The optional daily local copy (``chasqui backup --auto on``); never fails a command."""
    from app.store.backup import auto_backup_if_due

    try:
        done = auto_backup_if_due(store)
    except ChasquiError as exc:  # a full disk included: the command itself succeeded
        print(f"warning: the daily local backup failed: {exc}", file=sys.stderr)
        return
    if done is not None:
        print(f"note: daily local backup written: {done.path}", file=sys.stderr)


def read_text(source: str, option: str, limit: int, too_long: str) -> str:
    """UTF-8 text from a file path or ``-`` (stdin), at most ``limit`` characters;
    errors name ``option``."""
    try:
        if source == "-":
            text = sys.stdin.read(limit + 1)
        else:
            with open(source, encoding="utf-8") as handle:
                text = handle.read(limit + 1)
    except FileNotFoundError:
        raise InvalidInput.one(option, f"file not found: {source}", "file") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not UTF-8 text"
        raise InvalidInput.one(option, f"cannot read {source}: {reason}", "file") from None
    if len(text) > limit:
        raise InvalidInput.one(option, too_long, "length")
    return text


def read_json(source: str) -> Any:
    """Parse JSON from a file path or ``-`` (stdin); errors name the ``--json`` option."""
    text = read_text(source, "--json", MAX_JSON_BYTES, "input too large")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput.one(
            "--json", f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}", "json"
        ) from None


def emit_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2, default=str))
    sys.stdout.write("\n")


def emit_record(record: dict[str, Any]) -> None:
    width = max((len(k) for k in record), default=0)
    for key in sorted(record):
        value = record[key]
        if isinstance(value, dict | list):
            value = json.dumps(value, ensure_ascii=False, sort_keys=True)
        print(f"{key:<{width}}  {'' if value is None else value}")


def emit_table(rows: list[dict[str, Any]], columns: list[str]) -> None:
    if not rows:
        print("(ninguno)")
        return
    cells = [[("" if r.get(c) is None else str(r.get(c))) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
