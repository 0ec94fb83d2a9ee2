"""``chasqui report ...`` in-process: files written, exit codes, passwords from the env."""

from __future__ import annotations

import csv
import errno
import io
import os
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from app.cli import main
from app.store import Store
from tests.conftest import PASS
from tests.reports.fixtures import monthly_input
from tests.reports.pdftext import text_of
from tests.reports.seed import seed_store


@pytest.fixture
def cli_env(store: Store, vault_dir: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    ids = seed_store(store, monthly_input(seed=2, n=60))
    case_id = store.query("SELECT id FROM legal_case WHERE _deleted = 0 LIMIT 1")[0]["id"]
    intake_id = store.query("SELECT id FROM intake WHERE _deleted = 0 LIMIT 1")[0]["id"]
    store.lock()  # the CLI unlocks the vault itself
    monkeypatch.setenv("CHASQUI_DATA_DIR", str(vault_dir))
    monkeypatch.setenv("CHASQUI_USER", "jefa")
    monkeypatch.setenv("CHASQUI_PASSPHRASE", PASS)
    return {"case": case_id, "intake": intake_id, "ids": ids}


def test_monthly_writes_pdf_and_csv(
    cli_env: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf, table = tmp_path / "m.pdf", tmp_path / "m.csv"
    code = main(["report", "monthly", "--month", "2026-03", "--out", str(pdf), "--csv", str(table)])
    assert code == 0, capsys.readouterr().err
    assert "Estadística mensual — marzo de 2026" in text_of(pdf.read_bytes())
    rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["seccion", "fila", "columna", "valor"] and len(rows) > 20


def test_documents_and_password_from_environment(
    cli_env: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOC_PASSWORD", "señal-secreta-larga")
    for kind, key in (("intake", "intake"), ("case", "case")):
        out = tmp_path / f"{kind}.pdf"
        args = ["report", kind, cli_env[key], "--out", str(out), "--password-env", "DOC_PASSWORD"]
        assert main(args) == 0
        reader = PdfReader(io.BytesIO(out.read_bytes()))
        assert reader.is_encrypted and reader.decrypt("señal-secreta-larga") != 0
    out = tmp_path / "agenda.pdf"
    assert main(["report", "agenda", "--from", "2026-03-01", "--to", "2026-03-31",
                 "--out", str(out)]) == 0  # fmt: skip
    assert "Agenda de audiencias y plazos" in text_of(out.read_bytes())


@pytest.mark.parametrize(
    "args",
    [
        ["report", "monthly", "--month", "2026-13", "--out", "{tmp}/x.pdf"],
        ["report", "monthly", "--month", "2026-03", "--defender", "nadie", "--out", "{tmp}/x.pdf"],
        ["report", "agenda", "--from", "2026-03-31", "--to", "2026-03-01", "--out", "{tmp}/x.pdf"],
        ["report", "agenda", "--from", "31/03/2026", "--to", "2026-04-01", "--out", "{tmp}/x.pdf"],
        ["report", "case", "01900000-0000-7000-8000-000000000000", "--out", "{tmp}/x.pdf"],
        ["report", "intake", "nope", "--out", "{tmp}/x.pdf"],
        [
            "report",
            "monthly",
            "--month",
            "2026-03",
            "--out",
            "{tmp}/x.pdf",
            "--password-env",
            "NO_SUCH_VARIABLE",
        ],
        ["report", "monthly", "--month", "2026-03", "--out", "{tmp}/no/such/dir/x.pdf"],
    ],
)
def test_invalid_input_exits_2(
    cli_env: dict[str, Any], tmp_path: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main([a.replace("{tmp}", str(tmp_path)) for a in args])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("error: ") and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


def test_wrong_passphrase_exits_3(
    cli_env: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHASQUI_PASSPHRASE", "no es la frase")
    assert main(["report", "monthly", "--month", "2026-03", "--out", str(tmp_path / "x.pdf")]) == 3
    assert not (tmp_path / "x.pdf").exists()


def test_full_disk_during_pdf_export(
    cli_env: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """ENOSPC from the kernel while the PDF is flushed: exit 1, one precise line, no file."""
    real = os.fsync

    def full_for_pdfs(fd: int) -> None:
        if ".pdf." in os.readlink(f"/proc/self/fd/{fd}"):  # only the export's temp file
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd)

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc/self/fd to tell the export's file from the others")
    monkeypatch.setattr(os, "fsync", full_for_pdfs)
    out = tmp_path / "exports"
    out.mkdir()
    code = main(["report", "case", cli_env["case"], "--out", str(out / "caso.pdf")])
    err = capsys.readouterr().err
    assert code == 1
    assert err == (
        "error: cannot write caso.pdf: No space left on device "
        "(the disk is full: free some space and try again; nothing was lost)\n"
    )
    assert list(out.iterdir()) == []
