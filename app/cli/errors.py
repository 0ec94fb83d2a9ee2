"""How an error becomes the command line's words and exit code, by class (one place).

``describe(exc)`` walks ``type(exc).__mro__`` (``isinstance`` up the tree drawn in
``sync/errors.py``) and returns the ``error:`` lines and the exit code. The exit codes
are a contract (``docs/architecture.md``): 2 invalid input, 3 wrong passphrase / locked
vault / no vault, 6 update required, 1 any other failure; a ``CliError`` carries its
own. Messages are English and precise (the class's detail plus, for the environment,
what to do); they never contain a secret or a record value. Anything outside the tree
is a bug: ``app.cli.run`` prints one line without its message.
"""

from __future__ import annotations

from app.cli.context import CliError
from app.core.errors import InvalidInput, NotFound
from app.reports.errors import InvalidReportInput
from app.store import errors as store
from sync import errors as tree
from sync.client import errors as client

EXIT_FAILURE, EXIT_INVALID, EXIT_LOCKED, EXIT_UPDATE = 1, 2, 3, 6

EXIT_CODES: dict[type[tree.ChasquiError], int] = {
    tree.ChasquiError: EXIT_FAILURE,
    InvalidInput: EXIT_INVALID,
    NotFound: EXIT_INVALID,
    store.InvalidRecord: EXIT_INVALID,
    InvalidReportInput: EXIT_INVALID,
    store.WrongPassphrase: EXIT_LOCKED,
    store.VaultNotFound: EXIT_LOCKED,
    store.VaultLocked: EXIT_LOCKED,
    client.InsecureServer: EXIT_INVALID,  # the address given is the mistake
    client.UpdateRequired: EXIT_UPDATE,
}

# What the user can do about it, after the detail (environment first: never a bug).
HINTS: dict[type[tree.ChasquiError], str] = {
    tree.DiskFull: "the disk is full: free some space and try again; nothing was lost",
    tree.ReadOnlyStorage: "the folder is read-only or not writable; nothing was lost",
    tree.StorageBusy: "another program is using the file: close it and try again",
    tree.StorageUnavailable: "the disk or folder cannot be used; nothing was lost",
    tree.LinkError: "the server cannot be reached; changes stay on this computer",
    tree.ServerBusy: "the server is busy; try again later",
    client.BadResponse: "the server's answer is not valid Chasqui protocol; tell support",
    store.CorruptVault: "do not delete the data folder; restore a backup or call support",
}

FIXED: dict[type[tree.ChasquiError], str] = {
    store.WrongPassphrase: (
        "wrong passphrase or recovery key for this vault (or its key file was altered)"
    ),
}


def _nearest(exc: BaseException, table: dict[type[tree.ChasquiError], str]) -> str | None:
    for cls in type(exc).__mro__:
        if cls in table:
            return table[cls]
    return None


def exit_code(exc: tree.ChasquiError) -> int:
    """The exit code of ``exc``: its own for ``CliError``, else the nearest class's."""
    if isinstance(exc, CliError):
        return exc.code
    for cls in type(exc).__mro__:
        if cls in EXIT_CODES:
            return EXIT_CODES[cls]
    return EXIT_FAILURE


def lines(exc: tree.ChasquiError) -> list[str]:
    """The ``error:`` lines (without the prefix) that describe ``exc``."""
    if isinstance(exc, InvalidInput):
        return [str(problem) for problem in exc.problems]
    fixed = _nearest(exc, FIXED)
    if fixed is not None:
        return [fixed]
    detail = str(exc)
    if isinstance(exc, store.InvalidRecord) and exc.field:
        detail = f"{exc.field}: {detail}"
    if isinstance(exc, store.VaultNotFound | store.VaultLocked) and not detail:
        detail = "no vault in the data directory"
    hint = _nearest(exc, HINTS)
    if not detail:
        detail = type(exc).__name__
    return [f"{detail} ({hint})" if hint else detail]


def describe(exc: tree.ChasquiError) -> tuple[list[str], int]:
    """The lines to print and the exit code for a deliberate error."""
    return lines(exc), exit_code(exc)
