"""Templates saved by LibreOffice still work: every shipped template is opened and saved
again by LibreOffice (headless, its own profile) without any edit; then `pkgen check`
passes and every example builds with the same text as with the original templates.

LibreOffice writes its own WordprocessingML: quotes inside tags as `&quot;`/`&apos;`,
runs split differently, a paragraph's "page break before" as a break in the paragraph
before it (often a `{%p %}` tag's), its own styles.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, TEMPLATES, example_counts
from lxml import etree

from generator.build.checking import check
from generator.build.naming import output_path
from generator.build.pipeline import build
from generator.build.report import BuildOptions
from generator.data.loading import load_batch
from generator.pdf.book import BookInfo, front_matter_docx
from generator.pdf.convert import ConverterUnavailable, find_soffice

try:
    SOFFICE = find_soffice()
except ConverterUnavailable:
    SOFFICE = ""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not SOFFICE, reason="LibreOffice is not installed"),
]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ORIGINALS = sorted(p.name for p in TEMPLATES.glob("*.docx"))


@pytest.fixture(scope="module")
def resaved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped templates, each opened and saved as .docx by LibreOffice."""
    work = tmp_path_factory.mktemp("libreoffice")
    out = work / "templat"
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(work / 'profil').as_uri()}",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            *(str(TEMPLATES / name) for name in ORIGINALS),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert sorted(p.name for p in out.glob("*.docx")) == ORIGINALS
    return out


def part(path: Path | bytes, name: str = "word/document.xml") -> bytes:
    source = io.BytesIO(path) if isinstance(path, bytes) else path
    with zipfile.ZipFile(source) as archive:
        return archive.read(name)


def test_libreoffice_wrote_the_templates_its_own_way(resaved):
    for name in ORIGINALS:
        assert part(resaved / name) != part(TEMPLATES / name)
    # Its way of writing quotes in tags, which once made pkgen check fail.
    assert re.search(rb"\{%[^%]*&quot;", part(resaved / "rencana-kerja-rb.docx"))


def test_pkgen_check_passes_with_the_templates_libreoffice_saved(resaved):
    assert check([EXAMPLES], resaved).problems == []


def text_of(element: Any) -> str:
    """Visible text; a page break is layout, not text (LibreOffice moves them)."""
    pieces = []
    for node in element.iter(f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br"):
        name = etree.QName(node).localname
        if node.getparent().tag == f"{{{W}}}tabs":
            continue  # a tab stop of the paragraph format, not a tab character
        if name == "t":
            pieces.append(node.text or "")
        elif name == "tab":
            pieces.append("\t")
        elif node.get(f"{{{W}}}type") != "page":
            pieces.append("\n")
    return "".join(pieces)


def document_text(data: bytes) -> dict[str, Any]:
    """Paragraphs outside tables, every table's rows of cell texts, and how many pages
    are started by a page break."""
    root = etree.fromstring(part(data))
    body = root.find(f"{{{W}}}body")
    tables = [
        [[text_of(tc) for tc in tr.iter(f"{{{W}}}tc")] for tr in tbl.iter(f"{{{W}}}tr")]
        for tbl in body.iter(f"{{{W}}}tbl")
    ]
    page_breaks = sum(
        1
        for node in root.iter(f"{{{W}}}br", f"{{{W}}}pageBreakBefore")
        if node.get(f"{{{W}}}type") == "page" or node.tag.endswith("pageBreakBefore")
    )
    return {
        "paragraphs": [text_of(p) for p in body.findall(f"{{{W}}}p")],
        "tables": tables,
        "page_breaks": page_breaks,
    }


def test_every_example_builds_with_the_same_text(resaved, tmp_path):
    original = build([EXAMPLES], BuildOptions(tmp_path / "asli", TEMPLATES, pdf=False))
    saved = build([EXAMPLES], BuildOptions(tmp_path / "libreoffice", resaved, pdf=False))
    assert original.ok and saved.ok
    agreements = load_batch([EXAMPLES]).agreements
    assert len(agreements) == example_counts()[0]
    for agreement in agreements:
        expected = output_path(agreement, tmp_path / "asli").read_bytes()
        actual = output_path(agreement, tmp_path / "libreoffice").read_bytes()
        assert document_text(actual) == document_text(expected), agreement.slug


def test_the_book_front_matter_has_the_same_text(resaved):
    info = BookInfo("Pemerintah Kota Medan", 2022, "Perjanjian Kinerja")
    entries = [("Sekretariat DPRD Kota Medan", 1), ("Kecamatan Medan Baru", 11)]
    expected = document_text(front_matter_docx(info, entries, TEMPLATES / "buku.docx"))
    actual = document_text(front_matter_docx(info, entries, resaved / "buku.docx"))
    assert actual == expected
    assert expected["paragraphs"][-2:] == [
        "1.\tSekretariat DPRD Kota Medan\t1",
        "2.\tKecamatan Medan Baru\t11",
    ]
