"""The one exception tree: its drawing, SQLite classification by code, ``atomic_write``.

- the drawing in ``sync/errors.py`` names every class of the tree with its real parent
  (walking ``ChasquiError`` subclasses), so the picture cannot drift from the code;
- every class has an exit code and a precise line in the CLI;
- ``connection.classify`` maps real SQLCipher errors (disk full through
  ``max_page_count``, a second writer holding the lock, a read-only connection, a file
  that is not a database) by their result codes, and leaves bugs alone;
- ``atomic_write`` fsyncs the file and the folder, and on ENOSPC (raised by a patched
  ``os.fsync``: the kernel is the edge we don't own) leaves the old file and no temp.
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest
import sqlcipher3

import app.cli.context
import app.cli.errors as cli_errors
import app.core.errors
import app.reports.errors
import app.store.connection
import sync.client.enrollment
import sync.client.errors
from app.store import errors as store_errors
from app.store.connection import classify, open_connection
from sync import errors as tree

assert app.cli.context and app.core.errors and app.reports.errors and sync.client.enrollment

KEY = bytearray(range(32))


def _import_every_module() -> None:
    """Import every client module: a class joins ``__subclasses__`` only once its module
    is imported, and which ones the rest of a run imported must not change the answer."""
    import importlib
    import pkgutil

    for package in ("app", "sync"):
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, f"{package}."):
            if info.name.startswith("sync.server") or info.name.endswith("__main__"):
                continue
            importlib.import_module(info.name)


def all_classes() -> list[type[tree.ChasquiError]]:
    _import_every_module()
    found: list[type[tree.ChasquiError]] = []
    todo = [tree.ChasquiError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(sub for sub in cls.__subclasses__() if sub.__module__.split(".")[0] != "tests")
    return found


def drawn_tree() -> dict[str, str | None]:
    """``{class name: parent name}`` read from the drawing in ``sync/errors.py``."""
    doc = tree.__doc__ or ""
    block = doc.split("::", 1)[1].split("\n\n", 2)[1]
    parents: dict[str, str | None] = {}
    stack: list[str] = []
    for line in block.splitlines():
        if "── " in line:
            depth = (line.index("── ") - 1) // 4
            name = line[line.index("── ") + 3 :].split()[0]
        elif re.match(r"\s{4}[A-Z]", line):
            depth, name = 0, line.split()[0]
        else:
            continue  # a continuation of the previous line's description
        del stack[depth:]
        parents[name] = stack[-1] if stack else None
        stack.append(name)
    return parents


def test_the_drawing_is_the_tree() -> None:
    actual: dict[str, str | None] = {}
    for cls in all_classes():
        bases = [b for b in cls.__bases__ if issubclass(b, tree.ChasquiError)]
        assert len(bases) <= 1, f"{cls.__name__} has two parents in the tree"
        actual[cls.__name__] = bases[0].__name__ if bases else None
    assert len(actual) == len(all_classes()), "two classes of the tree share a name"
    assert drawn_tree() == actual


def test_environment_problems_are_apart_from_bugs_and_rules() -> None:
    environment = {c.__name__ for c in all_classes() if issubclass(c, tree.EnvironmentProblem)}
    assert {"DiskFull", "ReadOnlyStorage", "StorageBusy", "LinkError", "ServerBusy"} <= environment
    assert store_errors.StorageUnavailable is tree.StorageUnavailable
    assert sync.client.errors.LinkError is tree.LinkError
    assert not issubclass(store_errors.CorruptVault, tree.EnvironmentProblem)
    assert not issubclass(sync.client.errors.BadResponse, tree.EnvironmentProblem)


def _instance(cls: type[tree.ChasquiError]) -> tree.ChasquiError:
    if issubclass(cls, sync.client.errors.RequestRefused):
        return cls("some_code", "refused (test)", 400)
    if issubclass(cls, app.core.errors.InvalidInput):
        return cls.one("name", "falta el nombre")
    if issubclass(cls, app.core.errors.NotFound):
        return cls("case", "0190-test")
    return cls(f"{cls.__name__} (test)")


@pytest.mark.parametrize("cls", all_classes(), ids=lambda c: c.__name__)
def test_every_class_has_a_cli_line_and_exit_code(cls: type[tree.ChasquiError]) -> None:
    lines, code = cli_errors.describe(_instance(cls))
    assert lines and all(line.strip() for line in lines)
    assert code in (1, 2, 3, 6)


def test_cli_exit_code_contract() -> None:
    assert cli_errors.exit_code(app.core.errors.InvalidInput.one("f", "m")) == 2
    assert cli_errors.exit_code(store_errors.RecordNotFound("gone", field="id")) == 2
    assert cli_errors.exit_code(store_errors.WrongPassphrase("x")) == 3
    assert cli_errors.exit_code(store_errors.VaultLocked("x")) == 3
    assert cli_errors.exit_code(app.cli.context.CliError("x", 5)) == 5
    assert cli_errors.exit_code(tree.DiskFull("cannot write a.pdf: No space left")) == 1
    lines, _ = cli_errors.describe(tree.DiskFull("cannot write a.pdf: No space left on device"))
    assert lines == [
        "cannot write a.pdf: No space left on device "
        "(the disk is full: free some space and try again; nothing was lost)"
    ]


# --- SQLite errors by result code, with real SQLCipher ------------------------------------


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "v.db"
    conn = open_connection(path, KEY)
    conn.execute("CREATE TABLE t (x TEXT NOT NULL UNIQUE)")
    conn.close()
    return path


def _raised(fn: object) -> BaseException:
    try:
        fn()  # type: ignore[operator]
    except sqlcipher3.Error as exc:
        return exc
    raise AssertionError("no sqlite error")


def test_disk_full_by_code(db: Path) -> None:
    conn = open_connection(db, KEY)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    exc = _raised(lambda: conn.execute("INSERT INTO t VALUES (?)", ("x" * 100_000,)))
    assert exc.sqlite_errorcode & 0xFF == sqlcipher3.SQLITE_FULL  # type: ignore[attr-defined]
    assert type(classify(exc)) is tree.DiskFull
    conn.close()


def test_busy_by_code(db: Path) -> None:
    holder = open_connection(db, KEY)
    other = open_connection(db, KEY)
    other.execute("PRAGMA busy_timeout = 0")
    holder.execute("BEGIN IMMEDIATE")
    exc = _raised(lambda: other.execute("BEGIN IMMEDIATE"))
    assert type(classify(exc)) is tree.StorageBusy
    holder.execute("ROLLBACK")
    holder.close()
    other.close()


def test_read_only_by_code(db: Path) -> None:
    conn = open_connection(db, KEY, readonly=True)
    exc = _raised(lambda: conn.execute("INSERT INTO t VALUES ('a')"))
    assert type(classify(exc)) is tree.ReadOnlyStorage
    conn.close()


def test_not_a_database_and_bugs(db: Path, tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(os.urandom(4096))
    conn = sqlcipher3.connect(str(junk))
    exc = _raised(lambda: conn.execute("SELECT * FROM sqlite_master").fetchall())
    assert type(classify(exc)) is store_errors.CorruptVault
    conn.close()
    good = open_connection(db, KEY)
    good.execute("INSERT INTO t VALUES ('a')")
    for bug in (
        lambda: good.execute("INSERT INTO t VALUES ('a')"),  # constraint
        lambda: good.execute("SELEC nonsense"),  # syntax
    ):
        assert classify(_raised(bug)) is None
    good.close()


def test_the_message_text_does_not_decide() -> None:
    # A message that says "disk is full" but carries a constraint code is still a bug.
    lying = sqlcipher3.IntegrityError("database or disk is full")
    lying.sqlite_errorcode = sqlcipher3.SQLITE_CONSTRAINT  # type: ignore[attr-defined]
    assert classify(lying) is None
    extended = sqlcipher3.OperationalError("x")
    extended.sqlite_errorcode = 778  # type: ignore[attr-defined]  # SQLITE_IOERR_WRITE
    assert type(classify(extended)) is tree.StorageUnavailable


# --- atomic_write -------------------------------------------------------------------------


def test_atomic_write_fsyncs_file_and_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[str] = []
    real = os.fsync

    def spy(fd: int) -> None:
        synced.append("dir" if os.path.isdir(f"/proc/self/fd/{fd}") else "file")
        real(fd)

    monkeypatch.setattr(os, "fsync", spy)
    target = tmp_path / "a.bin"
    assert tree.atomic_write(target, [b"one ", b"two"]) == target
    assert target.read_bytes() == b"one two"
    if os.path.isdir("/proc/self/fd"):
        assert synced == ["file", "dir"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.bin"]


def test_atomic_write_on_a_full_disk_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "keys.json"
    target.write_bytes(b"old")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(tree.DiskFull) as info:
        tree.atomic_write(target, b"new")
    assert "keys.json" in str(info.value)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["keys.json"]


@pytest.mark.parametrize(
    ("number", "cls"),
    [
        (errno.ENOSPC, tree.DiskFull),
        (errno.EROFS, tree.ReadOnlyStorage),
        (errno.EACCES, tree.ReadOnlyStorage),
        (errno.EBUSY, tree.StorageBusy),
        (errno.EIO, tree.StorageUnavailable),
    ],
)
def test_os_errors_by_errno(number: int, cls: type[tree.StorageUnavailable]) -> None:
    made = tree.storage_error(OSError(number, os.strerror(number)), "cannot write x")
    assert type(made) is cls and str(made) == f"cannot write x: {os.strerror(number)}"


def test_no_second_atomic_write() -> None:
    """The four hand-written replace-a-file routines are gone: one helper remains."""
    root = Path(__file__).resolve().parents[1]
    users = []
    for package in ("app", "sync", "forms", "stats"):
        for path in (root / package).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if "os.replace(" in text or "os.fsync(" in text:
                users.append(path.relative_to(root).as_posix())
    # vault.py: renames an orphan aside and fsyncs the key file it shreds (no replace).
    # keys.py: appends to the failed-unlock log. restore.py: swaps in a whole staged
    # folder (its files fsynced as copied, then the folder renamed). attachments.py:
    # renames legacy-named files. None of them writes a file's content.
    assert sorted(users) == [
        "app/store/attachments.py",
        "app/store/keys.py",
        "app/store/restore.py",
        "app/store/vault.py",
        "sync/errors.py",
    ]


# Exception classes of app/ and sync/ (the server excepted: its errors become HTTP answers)
# that are deliberately outside the tree, with the reason in sync/errors.py's docstring.
OUTSIDE = {
    "ProtocolError",  # wire validators: the client turns them into BadResponse
    "InvalidTimestamp",
    "BodyError",
    "MalformedChange",
    "IdentityError",  # keys and sealed boxes from a peer: BadResponse / BundleError / 4xx
    "StoreFailure",  # the engine's internal wrapper; the round reports the cause
    "NoStreams",  # the upload's internal signal: an older server; the round pipelines
}


def test_no_exception_class_outside_the_tree() -> None:
    import ast

    root = Path(__file__).resolve().parents[1]
    in_tree = {cls.__name__ for cls in all_classes()}
    strays = []
    for package in ("app", "sync"):
        for path in sorted((root / package).rglob("*.py")):
            if path.relative_to(root).parts[:2] == ("sync", "server"):
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.ClassDef):
                    continue
                bases = [ast.unparse(b) for b in node.bases]
                exceptional = any(re.search(r"(Error|Exception|Problem)$", b) for b in bases)
                if exceptional and node.name not in in_tree | OUTSIDE:
                    strays.append(f"{path.relative_to(root)}: {node.name}({', '.join(bases)})")
    assert strays == [], "exception classes outside the one tree (sync/errors.py)"
    assert OUTSIDE.isdisjoint(in_tree)
