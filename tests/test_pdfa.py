"""`pkgen build --pdfa`: PDF/A-2b through LibreOffice's own export filter, for every
document (UNO and batch mode) and the books; switching it on or off rebuilds."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, example_counts, pkgen
from pypdf import PdfReader
from test_convert import make_jobs, needs_soffice, needs_uno

from generator.pdf.archival import output_intents, pdfa_identification
from generator.pdf.convert import PdfConverter
from generator.pdf.fonts import fonts_not_embedded

pytestmark = [pytest.mark.slow, needs_soffice]


def assert_pdfa_2b(path: Path) -> None:
    reader = PdfReader(path)
    identification = pdfa_identification(reader)
    assert (identification.part, identification.conformance) == (2, "B"), path
    [intent] = output_intents(reader)
    assert intent["/S"] == "/GTS_PDFA1"
    assert "/DestOutputProfile" in intent
    assert fonts_not_embedded(reader) == []
    assert not reader.is_encrypted
    assert reader.trailer.get("/ID") is not None
    # The information dictionary and the XMP agree on the title (PDF/A asks for it).
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert reader.metadata.title and reader.metadata.title.replace("&", "&amp;") in xmp
    assert reader.trailer["/Root"]["/Lang"] == "id-ID"


def pdfinfo(path: Path) -> dict[str, str]:
    text = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(
        (key.strip(), value.strip())
        for key, _, value in (line.partition(":") for line in text.splitlines())
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("pdfa")
    result = pkgen("build", str(EXAMPLES), "--pdfa", "--out", "output", cwd=work)
    assert result.returncode == 0, result.stdout + result.stderr
    return work / "output"


def archival(root: Path) -> list[Path]:
    """Every PDF of a build but the pohon kinerja: a Graphviz drawing, not made PDF/A."""
    return sorted(p for p in root.rglob("*.pdf") if not p.name.startswith("pohon-kinerja-"))


def test_every_document_and_book_is_pdfa_2b(built):
    documents, books = example_counts()
    pdfs = sorted(built.rglob("*.pdf"))
    assert len(pdfs) == documents + books
    pohon = [p for p in pdfs if p not in archival(built)]
    assert [p.name for p in pohon] == ["pohon-kinerja-dinas-kesehatan-2022.pdf"]
    for pdf in archival(built):
        assert_pdfa_2b(pdf)


def test_pdfinfo_shows_the_unit_the_pemda_and_the_pdfa_metadata(built):
    info = pdfinfo(built / "2022" / "sekretariat-dprd" / "perjanjian-kinerja.pdf")
    assert info["Title"] == "Perjanjian Kinerja Tahun 2022 — Sekretariat DPRD Kota Medan"
    assert info["Author"] == "Pemerintah Kota Medan"
    assert info["Metadata Stream"] == "yes"
    assert info["Encrypted"] == "no"
    book = pdfinfo(built / "2022" / "kota-depok" / "buku-rencana-kerja-rb-2022.pdf")
    assert book["Author"] == "Pemerintah Kota Depok"
    assert book["Metadata Stream"] == "yes"


def test_switching_pdfa_off_and_on_rebuilds_every_document_and_book(built, tmp_path):
    work = built.parent
    same = pkgen("build", str(EXAMPLES), "--pdfa", "--out", "output", cwd=work)
    assert same.returncode == 0
    documents, _ = example_counts()
    assert f"0 dibuat, {documents} tidak berubah" in " ".join(same.stdout.split())
    plain = pkgen("build", str(EXAMPLES), "--out", "output", cwd=work)
    assert plain.returncode == 0, plain.stdout
    assert f"{documents} dibuat, 0 tidak berubah" in " ".join(plain.stdout.split())
    assert "PDF/A berubah" in " ".join(plain.stdout.split())
    for pdf in sorted(built.rglob("*.pdf")):
        assert pdfa_identification(PdfReader(pdf)).part is None, pdf
    again = pkgen("build", str(EXAMPLES), "--pdfa", "--out", "output", cwd=work)
    assert again.returncode == 0
    assert f"{documents} dibuat, 0 tidak berubah" in " ".join(again.stdout.split())
    for pdf in archival(built):
        assert_pdfa_2b(pdf)


def test_pdfa_with_no_pdf_is_a_usage_error(tmp_path):
    result = pkgen("build", str(EXAMPLES), "--pdfa", "--no-pdf", cwd=tmp_path)
    assert result.returncode == 2
    assert "--pdfa" in result.stderr


@needs_uno
def test_uno_mode_writes_pdfa_only_for_the_jobs_that_ask(tmp_path):
    plain, archival = make_jobs(tmp_path, 2, pages=1)
    archival = dataclasses.replace(archival, pdfa=True)
    with PdfConverter(workers=1) as converter:
        assert converter.mode == "uno"
        results = converter.convert([plain, archival])
    assert all(r.ok for r in results)
    assert pdfa_identification(PdfReader(plain.target)).part is None
    assert_pdfa_document(archival.target)


def test_batch_mode_writes_pdfa_only_for_the_jobs_that_ask(tmp_path):
    # The venv interpreter has no `uno`: the converter falls back to soffice --convert-to.
    plain, archival, other = make_jobs(tmp_path, 3, pages=1)
    archival = dataclasses.replace(archival, pdfa=True)
    with PdfConverter(workers=1, python_uno=sys.executable) as converter:
        assert converter.mode == "batch"
        results = converter.convert([plain, archival, other])
    assert all(r.ok for r in results)
    assert pdfa_identification(PdfReader(plain.target)).part is None
    assert pdfa_identification(PdfReader(other.target)).part is None
    assert_pdfa_document(archival.target)


def assert_pdfa_document(path: Path) -> None:
    """A converted test document (python-docx made, no language of pkgen's templates)."""
    reader = PdfReader(path)
    assert pdfa_identification(reader).is_pdfa_2b
    assert len(output_intents(reader)) == 1
    assert fonts_not_embedded(reader) == []
