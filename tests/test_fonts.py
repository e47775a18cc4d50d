"""Tests for the font preflight (generator.pdf.fonts)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt

from generator.pdf.fonts import PdfFont, fonts_in_docx, pdf_fonts, preflight, unembedded_fonts

needs_fc_match = pytest.mark.skipif(shutil.which("fc-match") is None, reason="fc-match missing")


def make_docx(path: Path) -> Path:
    """Write a small .docx with Arial body text, a Courier New run and a styled heading."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    doc.add_heading("Perjanjian Kinerja Tahun 2025", level=1)
    paragraph = doc.add_paragraph("Pihak pertama berjanji mewujudkan target kinerja. ")
    paragraph.add_run("Kode: PK-01").font.name = "Courier New"
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Sasaran"
    table.cell(0, 1).text = "Target"
    doc.save(path)
    return path


def test_fonts_in_docx_finds_direct_style_and_theme_fonts(tmp_path: Path) -> None:
    fonts = fonts_in_docx(make_docx(tmp_path / "pk.docx"))
    assert "Arial" in fonts  # Normal style
    assert "Courier New" in fonts  # direct run formatting
    # python-docx's default template: headings use the theme's major font (Cambria) and
    # docDefaults the minor font (Calibri), both only reachable through theme1.xml.
    assert "Cambria" in fonts
    assert "Calibri" in fonts


def test_fonts_in_docx_reads_headers_and_footers(tmp_path: Path) -> None:
    doc = Document()
    doc.sections[0].header.paragraphs[0].add_run("Kop Surat").font.name = "Tahoma"
    doc.sections[0].footer.paragraphs[0].add_run("Halaman").font.name = "Verdana"
    doc.save(tmp_path / "hf.docx")
    assert {"Tahoma", "Verdana"} <= fonts_in_docx(tmp_path / "hf.docx")


def test_fonts_in_docx_latin_only_skips_east_asian_and_complex_script_fonts(
    tmp_path: Path,
) -> None:
    doc = Document()
    run = doc.add_paragraph().add_run("teks")
    run.font.name = "Arial"
    run._element.get_or_add_rPr().get_or_add_rFonts().set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", "SimSun"
    )
    doc.save(tmp_path / "ea.docx")
    assert "SimSun" in fonts_in_docx(tmp_path / "ea.docx")
    assert "SimSun" not in fonts_in_docx(tmp_path / "ea.docx", latin_only=True)


@needs_fc_match
def test_preflight_classifies_arial_as_metric_compatible_liberation_sans() -> None:
    [report] = preflight({"Arial"})
    assert report.status == "metric"
    assert report.matched == "Liberation Sans"
    assert report.ok


@needs_fc_match
def test_preflight_classifies_calibri_as_metric_compatible_carlito() -> None:
    [report] = preflight(["Calibri"])
    assert (report.status, report.matched) == ("metric", "Carlito")


@needs_fc_match
def test_preflight_reports_an_installed_font_as_exact() -> None:
    [report] = preflight(["Liberation Serif"])
    assert report.status == "exact"
    assert report.message is None


@needs_fc_match
def test_preflight_warns_in_indonesian_when_an_unknown_font_is_substituted() -> None:
    [report] = preflight(["Pkgen Khayalan Sans"])
    assert report.status == "substituted"
    assert not report.ok
    assert report.matched  # whatever fontconfig falls back to
    assert report.message is not None
    assert "Pkgen Khayalan Sans" in report.message
    assert report.matched in report.message
    assert "diganti" in report.message


@needs_fc_match
def test_preflight_returns_one_report_per_font_sorted_by_name() -> None:
    reports = preflight(["times new roman", "Arial", "Arial"])
    assert [r.name for r in reports] == ["Arial", "times new roman"]
    assert reports[1].status == "metric"


PDFFONTS_SAMPLE = """\
name                                 type              encoding         emb sub uni object ID
------------------------------------ ----------------- ---------------- --- --- --- ---------
BAAAAA+Carlito-Bold                  TrueType          WinAnsi          yes yes yes     20  0
Helvetica                            Type 1            WinAnsi          no  no  no       7  0
CAAAAA+AVeryLongFontNameThatOverflowsTheColumn-BoldItalic CID TrueType      Identity-H       yes yes yes     15  0
[none]                               Type 3            Custom           yes no  no      30  0
"""


def test_pdf_fonts_parses_pdffonts_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_run(*args: object, **kwargs: object) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(args, 0, PDFFONTS_SAMPLE, "")

    monkeypatch.setattr("generator.pdf.fonts.system_which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr("generator.pdf.fonts.subprocess.run", fake_run)
    fonts = pdf_fonts("x.pdf")
    assert fonts == [
        PdfFont("BAAAAA+Carlito-Bold", "TrueType", "WinAnsi", True, True, True),
        PdfFont("Helvetica", "Type 1", "WinAnsi", False, False, False),
        PdfFont(
            "CAAAAA+AVeryLongFontNameThatOverflowsTheColumn-BoldItalic",
            "CID TrueType",
            "Identity-H",
            True,
            True,
            True,
        ),
        PdfFont("[none]", "Type 3", "Custom", True, False, False),
    ]
    assert fonts[0].family == "Carlito-Bold"
    assert [f.name for f in unembedded_fonts("x.pdf")] == ["Helvetica"]


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts missing")
def test_pdf_fonts_rejects_a_file_that_is_not_a_pdf(tmp_path: Path) -> None:
    bogus = tmp_path / "bukan.pdf"
    bogus.write_bytes(b"bukan PDF")
    with pytest.raises(ValueError, match="pdffonts gagal"):
        pdf_fonts(bogus)
