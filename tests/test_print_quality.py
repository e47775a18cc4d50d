"""The example documents as printed: names whole, columns aligned, page numbers true, no
stranded headings, no half-empty pages (checked on the PDFs LibreOffice makes)."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, TEMPLATES
from docx_structure import text_of
from lxml import etree
from pdf_layout import body_lines, empty_share, printed_page_number
from pypdf import PdfReader

from generator.build.pipeline import build
from generator.build.report import BuildOptions
from generator.data.loading import load_batch

pytestmark = pytest.mark.slow

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MOST_EMPTY = 0.35


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cetak") / "output"
    report = build([EXAMPLES], BuildOptions(folder, TEMPLATES))
    assert report.ok
    return folder


def documents(out: Path) -> list[Path]:
    """The documents rendered from a template (a pohon kinerja is a drawing, no .docx)."""
    return sorted(
        p
        for p in out.rglob("*.pdf")
        if not p.name.startswith("buku-") and p.with_suffix(".docx").is_file()
    )


def books(out: Path) -> list[Path]:
    return sorted(out.rglob("buku-*.pdf"))


def signer_names() -> set[str]:
    batch = load_batch([EXAMPLES])
    names = set()
    for agreement in batch.agreements:
        model = agreement.model
        for signer in ("pihak_pertama", "pihak_kedua", "kepala"):
            person = getattr(model, signer, None)
            if person is not None:
                names.add(person.nama)
        if getattr(model, "pihak_kedua", None) is None and hasattr(model, "sasaran"):
            names.add(agreement.pemda.model.kepala_daerah.nama)  # the PK's pihak kedua
    return names


def squash(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- signatures


def test_no_signers_name_breaks_across_lines(out):
    names = signer_names()
    assert len(names) >= 8
    seen = set()
    for pdf in documents(out):
        for number, page in enumerate(PdfReader(pdf).pages, start=1):
            lines = [squash(line.text) for line in body_lines(page)]
            for name in names:
                whole = any(name in line for line in lines)
                first_word = name.split()[0]
                if whole:
                    seen.add(name)
                # A name cut at its end: a line holds its start and not the whole name.
                broken = [
                    ln
                    for ln in lines
                    if first_word in ln and name not in ln and _starts_name(ln, name)
                ]
                assert not broken, f"{pdf.parent.name} halaman {number}: {broken}"
    assert seen == names


def _starts_name(line: str, name: str) -> bool:
    """Whether the line holds a prefix of the name (3 words or more) but not all of it."""
    words = name.split()
    return any(" ".join(words[:n]) in line for n in range(len(words) - 1, 2, -1))


def test_both_signature_columns_have_the_same_line_structure(out):
    """Where two signers sign side by side (the pernyataan, the formulir), both names
    stand on one and the same line, whatever wraps above them (a long jabatan), and so do
    the lines under them that both columns have (pangkat, NIP)."""
    names = signer_names()
    checked = 0
    for pdf in documents(out):
        for number, page in enumerate(PdfReader(pdf).pages, start=1):
            lines = [squash(ln.text) for ln in body_lines(page)]
            pairs = [n for n in names if any(n in ln for ln in lines)]
            signing = [i for i, ln in enumerate(lines) if sum(n in ln for n in names) == 2]
            if len(pairs) < 2 or not any("NIP" in ln for ln in lines):
                continue
            if not any(ln.endswith(",") and ln.count(",") >= 2 for ln in lines):
                continue  # not a side-by-side block (a single signer)
            where = f"{pdf.parent.name} halaman {number}"
            assert signing, f"{where}: names on different lines: {pairs}"
            below = lines[signing[0] + 1 : signing[0] + 3]
            assert all(ln.count("NIP") <= 2 for ln in below), where
            checked += 1
    assert checked >= 10


# --------------------------------------------------------------------------- books


def daftar_isi(reader: PdfReader) -> list[tuple[str, int]]:
    text = reader.pages[1].extract_text()
    entries = []
    for line in text.splitlines():
        match = re.match(r"\s*\d+\.\s+(.+?)\.{3,}\s*(\d+)\s*$", line)
        if match:
            entries.append((match.group(1).strip(), int(match.group(2))))
    return entries


def test_every_daftar_isi_entry_is_the_number_printed_on_its_page(out):
    for book in books(out):
        reader = PdfReader(book)
        entries = daftar_isi(reader)
        assert len(entries) >= 2, book
        labels = reader.page_labels
        front = labels.index("1")
        for name, number in entries:
            page = reader.pages[front + number - 1]
            assert printed_page_number(page) == str(number), (book.name, name)
            assert labels[front + number - 1] == str(number)
        # Every page of the body prints its own label.
        for index in range(front, len(reader.pages)):
            assert printed_page_number(reader.pages[index]) == labels[index], (book.name, index)


def test_bookmarks_point_at_the_pages_the_daftar_isi_names(out):
    for book in books(out):
        reader = PdfReader(book)
        entries = dict(daftar_isi(reader))
        tops = [e for e in reader.outline if not isinstance(e, list)]
        for entry in tops:
            if entry.title in entries:
                page = reader.get_destination_page_number(entry)
                assert reader.page_labels[page] == str(entries[entry.title])


def test_the_pk_book_has_a_lampiran_bookmark_per_skpd_with_a_lampiran(out):
    book = next(b for b in books(out) if b.parent.name == "2022")
    children = [e for e in PdfReader(book).outline if isinstance(e, list)]
    # A member's parts, then (a unit head's PK) the nested PKs of its jabatan.
    titles = [[c.title for c in group if not isinstance(c, list)] for group in children]
    assert all(t[:2] == ["Pernyataan", "Formulir"] for t in titles)
    assert sum("Lampiran" in t for t in titles) >= 4


# --------------------------------------------------------------------------- page ends


def _last_things(docx: Path) -> tuple[set[str], set[str]]:
    """Texts that must not end a page: headings and lead-ins (body paragraphs, bold or
    ending in ':'), and the text of table header rows."""
    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    body = root.find(f"{W}body")
    headings = set()
    for paragraph in body.findall(f"{W}p"):
        text = squash(text_of(paragraph))
        runs = [r for r in paragraph.iter(f"{W}r") if squash(text_of(r))]
        bold = runs and all(r.find(f"{W}rPr/{W}b") is not None for r in runs)
        if text and (text.endswith(":") or bold):
            headings.add(text)
    headers = set()
    for row in root.iter(f"{W}tr"):
        if row.find(f"{W}trPr/{W}tblHeader") is not None:
            headers |= {squash(text_of(c)) for c in row.findall(f"{W}tc") if squash(text_of(c))}
    return headings, headers


def _fresh_starts(docx: Path) -> set[str]:
    """Texts the template starts on a new page: after a page break, a section break, or
    with `pageBreakBefore`."""
    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    starts = set()
    broken = False
    for paragraph in root.find(f"{W}body").iter(f"{W}p"):
        text = squash(text_of(paragraph))
        before = paragraph.find(f"{W}pPr/{W}pageBreakBefore") is not None
        if text and (broken or before):
            starts.add(text)
        if text or before:
            broken = False
        if paragraph.find(f".//{W}br[@{W}type='page']") is not None:
            broken = True
        if paragraph.find(f"{W}pPr/{W}sectPr") is not None:
            broken = True
    return starts


def _new_part_follows(reader: PdfReader, index: int, fresh: set[str]) -> bool:
    """Whether the next page starts a part on a page of its own (a BAB, the formulir, the
    lampiran, the RATL after the lampiran's cover): a bookmark's page, or the page's first
    line begins a paragraph the template puts on a new page."""
    starts = {
        reader.get_destination_page_number(e) for e in reader.outline if not isinstance(e, list)
    }
    if index + 1 in starts:
        return True
    following = body_lines(reader.pages[index + 1])
    first = squash(following[0].text) if following else ""
    return bool(first) and any(text.startswith(first) for text in fresh)


def test_no_page_ends_with_a_heading_a_lead_in_or_a_lone_table_header(out):
    stranded = []
    for pdf in documents(out):
        headings, headers = _last_things(pdf.with_suffix(".docx"))
        fresh = _fresh_starts(pdf.with_suffix(".docx"))
        reader = PdfReader(pdf)
        for index, page in enumerate(reader.pages[:-1]):
            lines = body_lines(page)
            if not lines:
                continue
            last = squash(lines[-1].text)
            heading = last.endswith(":") or any(h.endswith(last) for h in headings if len(last) > 3)
            if heading and not _new_part_follows(reader, index, fresh):
                stranded.append((pdf.parent.name, index + 1, last))
            cells = [squash(p[1]) for p in lines[-1].pieces if p[1].strip()]
            if cells and all(any(c in h for h in headers) for c in cells) and len(cells) > 1:
                stranded.append((pdf.parent.name, index + 1, last))
    assert not stranded


def test_no_page_is_more_than_a_third_empty_unless_a_part_starts_after_it(out):
    empty = []
    for pdf in documents(out):
        reader = PdfReader(pdf)
        fresh = _fresh_starts(pdf.with_suffix(".docx"))
        for index, page in enumerate(reader.pages[:-1]):
            share = empty_share(page)
            if share > MOST_EMPTY and not _new_part_follows(reader, index, fresh):
                empty.append((pdf.parent.name, index + 1, f"{share:.0%}"))
    assert not empty


def test_after_one_change_the_book_converts_only_that_member_again(tmp_path):
    folder = tmp_path / "agreements" / "2022"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("kabupaten-*", "kota-*"))
    out = tmp_path / "output"
    assert build([folder], BuildOptions(out, TEMPLATES)).ok
    kept = out / "2022" / ".buku-perjanjian-kinerja-2022-halaman"
    before = {p.name: p.stat().st_mtime_ns for p in kept.iterdir()}
    assert len(before) >= 4  # every member but the first, which starts on page 1
    data = folder / "dinas-kesehatan.yaml"
    text = data.read_text(encoding="utf-8")
    assert "target: 45.6" in text
    data.write_text(text.replace("target: 45.6", "target: 45.7", 1), encoding="utf-8")
    assert build([folder], BuildOptions(out, TEMPLATES)).ok
    after = {p.name: p.stat().st_mtime_ns for p in kept.iterdir()}
    assert len(after) == len(before)
    assert len(set(after) - set(before)) == 1  # Dinas Kesehatan, numbered anew
    assert all(after[name] == before[name] for name in set(after) & set(before))
    test_every_daftar_isi_entry_is_the_number_printed_on_its_page(out)
