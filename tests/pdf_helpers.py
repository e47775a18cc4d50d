"""Reading PDFs in tests: converting one rendered document, and a PDF's outline."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import Destination


def to_pdf(docx_bytes: bytes, folder: Path, name: str = "dokumen") -> PdfReader:
    """Convert rendered .docx bytes with LibreOffice headless (a private profile)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    source = folder / f"{name}.docx"
    source.write_bytes(docx_bytes)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return PdfReader(folder / f"{name}.pdf")


def outline(reader: PdfReader) -> list:
    """[(title, page, [(child title, page), …])] of a PDF's outline."""
    result: list = []
    for entry in reader.outline:
        if isinstance(entry, Destination):
            result.append((entry.title, reader.get_destination_page_number(entry), []))
        else:
            result[-1][2].extend((e.title, reader.get_destination_page_number(e)) for e in entry)
    return result
