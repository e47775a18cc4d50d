"""The book: front matter, members in order, bookmarks per SKPD and part, labels, metadata.

PDFs here are made with pypdf (blank pages with outlines); the book made from real
LibreOffice PDFs is checked in test_build_pdf.py.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from conftest import EXAMPLES, TEMPLATES
from docx_structure import read_docx, replace_in_docx
from pdf_helpers import outline
from PIL import Image
from pypdf import PdfReader, PdfWriter

from generator.build.checking import check
from generator.pdf.book import (
    BOOK_TEMPLATE,
    BookInfo,
    Member,
    assemble,
    front_matter_docx,
    open_members,
    part_titles,
)

INFO = BookInfo("Pemerintah Kota Medan", 2022, "Perjanjian Kinerja")


def pdf(path: Path, pages: int, marks: list[tuple[str, int]]) -> Path:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    for title, page in marks:
        writer.add_outline_item(title=title, page_number=page)
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def test_parts_are_named_in_order_and_unnamed_ones_keep_their_title(tmp_path):
    source = pdf(
        tmp_path / "rb.pdf",
        6,
        [("KEPUTUSAN KEPALA DINAS", 0), ("BAB I", 2), ("BAB  II", 3), ("LAMPIRAN", 5)],
    )
    parts = part_titles(PdfReader(source), ("Keputusan", None, None, "Lampiran RATL"))
    assert [(p.title, p.page) for p in parts] == [
        ("Keputusan", 0),
        ("BAB I", 2),
        ("BAB II", 3),
        ("Lampiran RATL", 5),
    ]


def test_a_pk_without_lampiran_has_two_parts(tmp_path):
    source = pdf(tmp_path / "pk.pdf", 3, [("PERJANJIAN KINERJA", 0), ("PERJANJIAN KINERJA", 1)])
    parts = part_titles(PdfReader(source), ("Pernyataan", "Formulir", "Lampiran"))
    assert [(p.title, p.page) for p in parts] == [("Pernyataan", 0), ("Formulir", 1)]


def make_book(tmp_path: Path) -> PdfReader:
    members = [
        Member("Sekretariat DPRD Kota Medan", pdf(tmp_path / "a.pdf", 2, [("X", 0), ("X", 1)])),
        Member("Kecamatan Medan Baru", pdf(tmp_path / "b.pdf", 3, [("X", 0), ("X", 2)])),
    ]
    open_members(members, ("Pernyataan", "Formulir"))
    front = PdfReader(pdf(tmp_path / "front.pdf", 2, []))
    target = tmp_path / "buku.pdf"
    assemble(INFO, front, 2, members, target)
    return PdfReader(target)


def test_the_book_is_the_front_matter_then_every_member(tmp_path):
    assert len(make_book(tmp_path).pages) == 2 + 2 + 3


def test_bookmarks_per_skpd_with_a_child_per_part(tmp_path):
    assert outline(make_book(tmp_path)) == [
        ("Sampul", 0, []),
        ("Daftar Isi", 1, []),
        ("Sekretariat DPRD Kota Medan", 2, [("Pernyataan", 2), ("Formulir", 3)]),
        ("Kecamatan Medan Baru", 4, [("Pernyataan", 4), ("Formulir", 6)]),
    ]


def test_page_labels_number_the_front_matter_in_roman_and_the_documents_from_one(tmp_path):
    assert make_book(tmp_path).page_labels == ["i", "ii", "1", "2", "3", "4", "5"]


def test_metadata_title_and_author_name_the_pemda(tmp_path):
    meta = make_book(tmp_path).metadata
    assert meta.title == "Perjanjian Kinerja Perangkat Daerah Pemerintah Kota Medan Tahun 2022"
    assert meta.author == "Pemerintah Kota Medan"
    assert meta.subject == "Buku Perjanjian Kinerja Tahun 2022"


def test_the_book_opens_with_its_bookmarks_shown(tmp_path):
    assert make_book(tmp_path).page_mode == "/UseOutlines"


def test_members_start_where_the_daftar_isi_says(tmp_path):
    members = [
        Member("A", pdf(tmp_path / "a.pdf", 2, [])),
        Member("B", pdf(tmp_path / "b.pdf", 5, [])),
        Member("C", pdf(tmp_path / "c.pdf", 1, [])),
    ]
    open_members(members, ())
    assert [(m.label, m.start) for m in members] == [("A", 1), ("B", 3), ("C", 8)]


def test_the_front_matter_has_a_cover_and_a_daftar_isi_with_page_numbers():
    doc = read_docx(
        front_matter_docx(INFO, [("Sekretariat DPRD Kota Medan", 1), ("Kecamatan Medan Baru", 3)])
    )
    texts = [p for p in doc.paragraphs if p.strip()]
    assert texts == [
        "PERJANJIAN KINERJA",
        "PERANGKAT DAERAH",
        "TAHUN 2022",
        "PEMERINTAH KOTA MEDAN",
        "DAFTAR ISI",
        "Perjanjian Kinerja Perangkat Daerah Pemerintah Kota Medan Tahun 2022",
        "No.\tPerangkat Daerah\tHalaman",
        "1.\tSekretariat DPRD Kota Medan\t1",
        "2.\tKecamatan Medan Baru\t3",
    ]
    assert 'w:leader="dot"' in doc.parts["word/document.xml"]


def test_an_skpd_book_names_its_unit_under_the_title_and_lists_jabatan():
    info = BookInfo(
        "Pemerintah Kota Medan", 2022, "Perjanjian Kinerja", unit="Dinas Kesehatan Kota Medan"
    )
    entries = [("Kepala Dinas Kesehatan", 1), ("Sekretaris", 9)]
    texts = [p for p in read_docx(front_matter_docx(info, entries)).paragraphs if p.strip()]
    assert texts[:2] == ["PERJANJIAN KINERJA", "DINAS KESEHATAN KOTA MEDAN"]
    assert "PERANGKAT DAERAH" not in texts
    assert "No.\tJabatan\tHalaman" in texts
    assert "Perjanjian Kinerja Dinas Kesehatan Kota Medan Tahun 2022" in texts


def test_a_pemda_book_numbers_its_skpd_and_indents_the_jabatan_below_them():
    entries = [
        ("Bappeda Kota Medan", 1, 0),
        ("Dinas Kesehatan Kota Medan", 5, 0),
        ("Kepala Bidang Kesehatan Masyarakat", 9, 1),
        ("Kepala Seksi Promosi dan Pemberdayaan Masyarakat", 13, 2),
        ("Kecamatan Medan Baru", 17, 0),
    ]
    doc = read_docx(front_matter_docx(INFO, entries))
    lines = [p for p in doc.paragraphs if p.strip()][-5:]
    assert lines == [
        "1.\tBappeda Kota Medan\t1",
        "2.\tDinas Kesehatan Kota Medan\t5",
        "\t\tKepala Bidang Kesehatan Masyarakat\t9",  # one tab stop further a level
        "\t\t\tKepala Seksi Promosi dan Pemberdayaan Masyarakat\t13",
        "3.\tKecamatan Medan Baru\t17",
    ]
    skpd = BookInfo(
        "Pemerintah Kota Medan", 2022, "Perjanjian Kinerja", unit="Dinas Kesehatan Kota Medan"
    )
    doc = read_docx(front_matter_docx(skpd, entries[1:4]))
    numbers = [p.split("\t")[0] for p in doc.paragraphs if p.strip()][-3:]
    assert numbers == ["1.", "2.", "3."]  # an SKPD's book numbers every jabatan


def edited_template(folder: Path, old: str, new: str) -> Path:
    """A copy of the shipped book template with one text of its body replaced."""
    return replace_in_docx(TEMPLATES / BOOK_TEMPLATE, folder / BOOK_TEMPLATE, old, new)


def test_the_front_matter_is_the_book_template_as_staff_edited_it(tmp_path):
    template = edited_template(tmp_path, "{{ sub_judul|upper }}<", "SATUAN KERJA PERANGKAT DAERAH<")
    doc = read_docx(front_matter_docx(INFO, [("Kecamatan Medan Baru", 1)], template))
    assert [p for p in doc.paragraphs if p.strip()][:2] == [
        "PERJANJIAN KINERJA",
        "SATUAN KERJA PERANGKAT DAERAH",
    ]


def test_a_book_without_a_year_or_logo_keeps_the_emblem_place_empty():
    info = BookInfo("Pemerintah Kota Medan", None, "Perjanjian Kinerja")
    data = front_matter_docx(info, [("Kecamatan Medan Baru", 1)])
    texts = [p for p in read_docx(data).paragraphs if p.strip()]
    assert texts[:3] == ["PERJANJIAN KINERJA", "PERANGKAT DAERAH", "PEMERINTAH KOTA MEDAN"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert len(media) == 1
        image = Image.open(io.BytesIO(archive.read(media[0])))
    assert image.getextrema()[3] == (0, 0)  # fully transparent


def test_pkgen_check_reports_a_mistake_in_the_book_template(tmp_path):
    folder = tmp_path / "templat"
    for name in ("perjanjian-kinerja.docx", "rencana-kerja-rb.docx"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes((TEMPLATES / name).read_bytes())
    template = edited_template(folder, "{{ pemerintah|upper }}", "{{ pemerintahan|upper }}")
    problems = check([EXAMPLES], folder).problems
    assert [(p.location.file, p.location.where, p.message) for p in problems] == [
        (
            str(template),
            "word/document.xml, paragraf 7: «{{ pemerintahan|upper }}»",
            "variabel «pemerintahan» tidak dikenal; mungkin maksud Anda 'pemerintah'?",
        )
    ]
