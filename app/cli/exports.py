"""CLI commands that take records out of the vault: ``export --json`` and ``decrypt-export``.

``chasqui export --json`` writes every live record as JSON to stdout; on a terminal it
first warns on stderr that the output is plaintext. ``--encrypt-to FILE`` writes a
passphrase-sealed file instead (``app.store.sealed``: Argon2id + AES-256-GCM; the
passphrase comes from ``CHASQUI_EXPORT_PASSPHRASE`` or is prompted twice, and must pass
the passphrase minimum), and nothing goes to stdout. ``chasqui decrypt-export FILE --out
OUT|-`` opens such a file with the same passphrase; it needs no vault. Both are audited
by the store (the export) or need no store (the decryption).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from app.cli.context import CliError, _interactive, open_store, read_secret
from app.core import export
from app.core.errors import InvalidInput

ENV_EXPORT_PASSPHRASE = "CHASQUI_EXPORT_PASSPHRASE"  # noqa: S105 (a variable name)
PLAINTEXT_WARNING = (
    "warning: the export is every record in plaintext; prefer --encrypt-to FILE "
    f"(passphrase from {ENV_EXPORT_PASSPHRASE})"
)


def _export_passphrase() -> str:
    from app.store.passphrase import require_strong

    value = os.environ.get(ENV_EXPORT_PASSPHRASE)
    if value is None:
        if not _interactive():
            raise CliError(
                f"no export passphrase: set {ENV_EXPORT_PASSPHRASE} or run in a terminal", 2
            )
        value = getpass.getpass("Frase para cifrar la exportación: ")
        if getpass.getpass("Repita la frase: ") != value:
            raise CliError("export passphrase: the two entries differ", 2)
    require_strong(value)
    return value


def _write_new(path: Path, data: bytes, option: str) -> None:
    from app.store.keys import atomic_write

    if path.is_dir():
        raise InvalidInput.one(option, f"{path} is a folder", "file")
    if not path.parent.is_dir():
        raise InvalidInput.one(option, f"the folder {path.parent} does not exist", "file")
    atomic_write(path, data)


def _stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def cmd_export(args: argparse.Namespace) -> int:
    target = getattr(args, "encrypt_to", None)
    secret = _export_passphrase() if target else None
    with open_store(args) as store:
        document = export.export_all(store)
    text = export.dumps(document) + "\n"
    if target and secret is not None:
        from app.store.sealed import seal

        _write_new(Path(target).expanduser(), seal(text.encode("utf-8"), secret), "--encrypt-to")
        print(f"Exportación cifrada guardada en {target}.", file=sys.stderr)
        return 0
    if _stdout_is_terminal():
        print(PLAINTEXT_WARNING, file=sys.stderr)
    sys.stdout.write(text)
    return 0


def cmd_decrypt_export(args: argparse.Namespace) -> int:
    from app.store.sealed import unseal

    source = Path(args.file).expanduser()
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        raise InvalidInput.one("file", f"file not found: {source}", "file") from None
    except OSError as exc:
        raise InvalidInput.one("file", f"cannot read {source}: {exc.strerror}", "file") from None
    secret = read_secret(ENV_EXPORT_PASSPHRASE, "Frase de la exportación: ", "export passphrase")
    content = unseal(data, secret)
    if args.out == "-":
        if _stdout_is_terminal():
            print(PLAINTEXT_WARNING.replace("the export is", "the output is"), file=sys.stderr)
        sys.stdout.write(content.decode("utf-8"))
    else:
        _write_new(Path(args.out).expanduser(), content, "--out")
    return 0


def add_export_commands(
    sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]
) -> None:
    p = sub.add_parser("export", help="export every live record as JSON", parents=parents)
    p.add_argument("--json", dest="as_json", action="store_true", required=True)
    p.add_argument(
        "--encrypt-to",
        metavar="FILE",
        help=f"write a passphrase-sealed file (passphrase from {ENV_EXPORT_PASSPHRASE})",
    )
    p.set_defaults(func=cmd_export)
    p = sub.add_parser(
        "decrypt-export", help="open a file written by export --encrypt-to (no vault needed)"
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--out", required=True, metavar="FILE|-", help="where to write the JSON")
    p.set_defaults(func=cmd_decrypt_export)
