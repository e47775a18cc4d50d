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
    """[(title, page, [(part title, page), …])] of a PDF's outline, one entry per member in
    book order whatever its depth: a jabatan's PK nested under its atasan's is listed after
    it, its own parts with it."""
    result: list = []

    def walk(entries: list, parts: list | None) -> None:
        for n, entry in enumerate(entries):
            if not isinstance(entry, Destination):
                continue  # a member's children: walked with it
            page = reader.get_destination_page_number(entry)
            following = entries[n + 1] if n + 1 < len(entries) else None
            if isinstance(following, list):  # a member with its parts (and members below)
                own: list = []
                result.append((entry.title, page, own))
                walk(following, own)
            elif parts is None:
                result.append((entry.title, page, []))
            else:
                parts.append((entry.title, page))

    walk(reader.outline, None)
    return result
