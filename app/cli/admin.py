"""CLI commands that manage the vault and the forms: init, passwd, user add, recover,
audit verify, forms list/check."""

from __future__ import annotations

import argparse
import re
import sys

from app.cli.context import (
    ENV_PASSPHRASE,
    ENV_RECOVERY_KEY,
    CliError,
    data_dir,
    emit_json,
    new_passphrase,
    open_store,
    passphrase,
    read_secret,
    user_name,
)
from app.core.errors import InvalidInput

_OFFICE_CODE = re.compile(r"^[A-Z0-9]{2,12}$")
_USER_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,39}$")


def _check_user(name: str, option: str) -> str:
    if not _USER_NAME.match(name):
        raise InvalidInput.one(
            option, "use 1-40 lower-case letters, digits, '.', '_' or '-'", "format"
        )
    return name


def cmd_init(args: argparse.Namespace) -> int:
    from app.store import Vault

    office = args.office.strip().upper()
    if not _OFFICE_CODE.match(office):
        raise InvalidInput.one("--office", "use 2-12 letters or digits (e.g. LIM01)", "format")
    user = _check_user(args.user, "--user")
    secret = new_passphrase(fallback_env=ENV_PASSPHRASE)
    store, recovery_key = Vault.create(
        data_dir(args),
        office_code=office,
        office_name=(args.office_name or office).strip(),
        user_name=user,
        passphrase=secret,
    )
    store.lock()
    print(f"Bóveda creada en {data_dir(args)} (oficina {office}, usuario {user}).")
    print("CLAVE DE RECUPERACIÓN (se muestra una sola vez; anótela en papel y guárdela")
    print("en un lugar seguro: sin ella y sin su frase de acceso los datos no se recuperan):")
    print(f"    {recovery_key}")
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    from app.store import Vault

    directory = data_dir(args)
    name = user_name(args, directory)
    old = passphrase()
    Vault.change_passphrase(directory, name, old, new_passphrase())
    print("Frase de acceso cambiada.")
    return 0


def cmd_user_add(args: argparse.Namespace) -> int:
    from app.store import Vault

    name = _check_user(args.name, "name")
    with open_store(args) as store:
        Vault.add_user(store, name, new_passphrase(f"Frase de acceso para {name}: "))
    print(f"Usuario {name} agregado.")
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    from app.store import Vault

    directory = data_dir(args)
    name = user_name(args, directory)
    key = read_secret(ENV_RECOVERY_KEY, "Clave de recuperación: ", "recovery key").strip()
    store = Vault.unlock_with_recovery(directory, key, name, new_passphrase=new_passphrase())
    store.lock()
    print(f"Acceso recuperado; nueva frase de acceso para {name}.")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        report = store.verify_audit()
    if args.as_json:
        emit_json({"ok": report.ok, "events": report.events, "problems": report.problems})
    elif report.ok:
        print(f"audit chain intact ({report.events} events)")
    else:
        for problem in report.problems:
            print(f"error: audit: {problem}", file=sys.stderr)
    return 0 if report.ok else 1


def cmd_forms_list(args: argparse.Namespace) -> int:
    import forms

    rows = [
        {"id": d.id, "version": d.version, "title": d.text("es"), "retired": d.retired}
        for d in forms.load_registry()
    ]
    if args.as_json:
        emit_json(rows)
    else:
        for row in rows:
            retired = "  (retirado)" if row["retired"] else ""
            print(f"{row['id']}  v{row['version']}  {row['title']}{retired}")
    return 0


def cmd_forms_check(args: argparse.Namespace) -> int:
    import forms

    problems = forms.check_file(args.file)
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    print(f"{args.file}: ok")
    return 0


__all__ = ["CliError"]
