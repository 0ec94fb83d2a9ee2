"""Reading PDFs back in tests: pypdf text per page, table rows, poppler if installed."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Literal

from pypdf import PdfReader

from app.reports.monthly import format_number
from app.reports.statistics import MonthlyStats


def text_of(
    pdf: bytes, password: str | None = None, mode: Literal["plain", "layout"] = "plain"
) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    if password is not None:
        reader.decrypt(password)
    return "\n".join(page.extract_text(extraction_mode=mode) or "" for page in reader.pages)


def lines_of(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", line).strip() for line in text_of(pdf, mode="layout").splitlines()]


def row_line(label: str, values: list[str]) -> str:
    return " ".join([label, *values])


def missing_figures(stats: MonthlyStats, pdf: bytes) -> list[str]:
    """Every table row of ``stats`` that is not printed as one line of the PDF."""
    lines = lines_of(pdf)
    missing = []
    for section in stats.sections:
        for row in section.rows:
            expected = row_line(row.label, [format_number(v) for v in row.values])
            # a chart legend may follow on the same line when the chart sits beside the table
            if not any(line == expected or line.startswith(expected + " ") for line in lines):
                missing.append(f"{section.title}: {expected}")
    return missing


POPPLER = shutil.which("pdftotext") and shutil.which("pdfinfo")


def poppler_text(path: Path, password: str | None = None) -> subprocess.CompletedProcess[str]:
    cmd = ["pdftotext"]
    if password is not None:
        cmd += ["-upw", password]
    return subprocess.run(
        [*cmd, str(path), "-"], capture_output=True, text=True, timeout=60, check=False
    )
