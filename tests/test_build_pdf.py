"""The whole build with LibreOffice: PDFs, books, incremental rebuilds, failures, Ctrl-C.

Every test here converts documents, so all are marked slow.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from concurrent.futures import Future
from pathlib import Path

import psutil
import pytest
from conftest import EXAMPLES, ROOT, TEMPLATES
from docx_structure import read_docx, replace_in_docx, text_of
from lxml import etree
from pdf_helpers import outline
from pypdf import PdfReader

from generator.build.manifest import MANIFEST_NAME, Manifest, file_digest
from generator.build.naming import book_label, output_path
from generator.build.pipeline import build
from generator.build.report import BookStatus, BuildOptions, BuildReport, Status
from generator.context.naskah import naskah
from generator.data.ladder import eselon_of
from generator.data.loading import load_batch
from generator.pdf.convert import (
    ConversionJob,
    ConversionResult,
    ConverterUnavailable,
    PdfConverter,
)
from generator.pdf.fonts import pdf_fonts
from generator.pdf.signature import check_final_signature

try:
    PdfConverter(workers=1)
    HAVE_LIBREOFFICE = True
except ConverterUnavailable:
    HAVE_LIBREOFFICE = False

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not HAVE_LIBREOFFICE, reason="LibreOffice is not installed"),
]

PK_BOOK = "2022/buku-perjanjian-kinerja-2022.pdf"
RB_BOOK = "2022/kota-depok/buku-rencana-kerja-rb-2022.pdf"
SK_BOOK = "2022/kabupaten-sukamaju/buku-perjanjian-kinerja-2022.pdf"
SKPD_BOOK = "2022/dinas-kesehatan/buku-perjanjian-kinerja-dinas-kesehatan-2022.pdf"
POHON = "2022/dinas-kesehatan/pohon-kinerja-dinas-kesehatan-2022.pdf"
AGREEMENTS = load_batch([EXAMPLES]).agreements
PEMDA_OF_BOOK = {
    PK_BOOK: "Pemerintah Kota Medan",
    RB_BOOK: "Pemerintah Kota Depok",
    SK_BOOK: "Pemerintah Kabupaten Sukamaju",
}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[BuildReport, Path]:
    out = tmp_path_factory.mktemp("pdf") / "output"
    report = build([EXAMPLES], BuildOptions(out, TEMPLATES))
    return report, out


def pdf_of(out: Path, agreement) -> Path:
    return output_path(agreement, out).with_suffix(".pdf")


# --------------------------------------------------------------------------- documents


def test_every_skpd_gets_its_pdf_and_the_build_reports_no_problem(built):
    report, out = built
    assert report.ok, [o.reasons for o in report.failed]
    assert report.warnings == []
    assert {o.status for o in report.outcomes} == {Status.BUILT}
    assert report.converted == len(AGREEMENTS) == 19  # 8 of them the Dinas Kesehatan ladder
    for agreement in AGREEMENTS:
        assert pdf_of(out, agreement).is_file()
        assert pdf_of(out, agreement).with_suffix(".docx").is_file()
    assert not list(out.rglob("*.tmp")) and not list(out.rglob("*.part"))


@pytest.mark.parametrize("agreement", AGREEMENTS, ids=lambda a: f"{a.kind.key}-{a.slug}")
def test_page_count_and_text_of_each_skpd_pdf(built, agreement):
    _, out = built
    texts = page_texts(pdf_of(out, agreement))
    unit = squash(agreement.model.unit.nama.upper())
    assert unit in squash(texts[0])  # the kop
    if agreement.kind.key == "perjanjian-kinerja":
        words = naskah(agreement.model, agreement.pemda.model)
        assert 2 <= len(texts) <= 15
        assert texts[0].count("PERJANJIAN KINERJA TAHUN 2022") == 1
        assert squash(words.disebut) in squash(texts[0])  # pihak pertama, PIHAK KESATU, …
        formulir = next(i for i, t in enumerate(texts) if words.kolom_sasaran in t)
        assert formulir == 1
        assert squash(agreement.model.unit.nama_singkat.upper()) in squash(texts[formulir])
        assert "JUMLAH" in "".join(texts[formulir:])
    else:
        assert 20 <= len(texts) <= 40
        assert squash("KEPUTUSAN KEPALA DINAS") in squash(texts[0])
        for bab in ("BAB I", "BAB II", "BAB III", "BAB IV"):
            assert any(t.startswith(bab + "\n") for t in texts), bab
        assert any(t.startswith("LAMPIRAN\n") for t in texts)


def _signature_blocks(docx: Path) -> list[list[str]]:
    """Every signature block of a document: the tables holding a NIP line."""
    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    blocks = []
    for tbl in root.find(f"{w}body").findall(f"{w}tbl"):
        lines = [text_of(p).strip() for p in tbl.iter(f"{w}p")]
        lines = [line for line in lines if line]
        if any(re.fullmatch(r"NIP\. \d{8} \d{6} \d \d{3}", line) for line in lines):
            blocks.append(lines)
    return blocks


@pytest.mark.parametrize("agreement", AGREEMENTS, ids=lambda a: f"{a.kind.key}-{a.slug}")
def test_every_signature_block_is_on_one_page_and_never_alone(built, agreement):
    _, out = built
    pdf = pdf_of(out, agreement)
    texts = page_texts(pdf)
    for number, text in enumerate(texts, start=1):
        assert re.sub(r"\d+", "", squash(text)), f"halaman {number} kosong"
    blocks = _signature_blocks(pdf.with_suffix(".docx"))
    # PK: pernyataan and formulir (and the lampiran's own, when there is one); RB: three.
    assert len(blocks) >= 2 if agreement.kind.key == "perjanjian-kinerja" else len(blocks) == 3
    page = -1
    for lines in blocks:
        # Both columns (pihak kedua and pihak pertama) have their lines on this page.
        page = next(i for i in range(page + 1, len(texts)) if squash(lines[-1]) in squash(texts[i]))
        check = check_final_signature([texts[page]], lines)
        assert check.ok, f"halaman {page + 1}: {check.problem}"
    assert page == len(texts) - 1  # the last block ends the document


ORPHANING_TAHAPAN = "".join(
    f"          - uraian: Tahapan tambahan {n} yang memanjangkan RATL\n"
    f'            bulan: "{n + 1}"\n'
    for n in range(10)
)


def test_the_orphaned_ratl_signature_is_fixed_by_splitting_the_table(tmp_path):
    """Ten more tahapan in a kegiatan before the last push the RATL's signature block
    alone onto the last page (the example itself no longer does): the table is cut before
    its last kegiatan, which starts a new page with the signature."""
    folder = tmp_path / "2022" / "kota-depok"
    shutil.copytree(EXAMPLES / "kota-depok", folder)
    data = folder / "dinas-perdagangan-dan-perindustrian.yaml"
    anchor = '          - uraian: Menindaklanjuti hasil SKM\n            bulan: "8-9"\n'
    text = data.read_text(encoding="utf-8")
    assert anchor in text
    data.write_text(text.replace(anchor, anchor + ORPHANING_TAHAPAN), encoding="utf-8")
    out = tmp_path / "output"
    report = build([data], BuildOptions(out, TEMPLATES))
    disperdagin = next(o for o in report.outcomes if "Perdagangan" in o.label)
    assert disperdagin.notes == [
        "tanda tangan dipindah ke halaman baru bersama baris terakhir tabelnya"
    ]
    assert report.reconverted == 1
    docx = out / "2022/kota-depok/dinas-perdagangan-dan-perindustrian/rencana-kerja-rb.docx"
    tables = read_docx(docx).tables
    ratl_tables = [t for t in tables if t.rows and t.rows[0].cells[0].text == "NO"]
    assert len(ratl_tables) == 2
    assert ratl_tables[1].rows[0].header and ratl_tables[1].rows[1].header


def test_every_font_is_embedded_and_metric_compatible(built):
    _, out = built
    for pdf in [*out.rglob("*.pdf")]:
        fonts = pdf_fonts(pdf)
        assert fonts, pdf
        assert all(f.embedded for f in fonts), (pdf, [f.name for f in fonts if not f.embedded])
        families = {f.family for f in fonts}
        # Arial is set in its metric twin (the lampiran's foreign terms in italics);
        # DejaVu Sans only supplies the ✓ of BAB III.
        assert "LiberationSans" in families
        liberation = {f"LiberationSans{s}" for s in ("", "-Bold", "-Italic", "-BoldItalic")}
        assert families <= liberation | {"DejaVuSans"}, families


@pytest.mark.parametrize("agreement", AGREEMENTS, ids=lambda a: a.name)
def test_each_pdf_is_titled_by_its_document_and_unit_authored_by_its_pemda(built, agreement):
    _, out = built
    pdf = pdf_of(out, agreement)
    text = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    info = dict(
        (key.strip(), value.strip())
        for key, _, value in (line.partition(":") for line in text.stdout.splitlines())
    )
    kind = (
        "Perjanjian Kinerja"
        if agreement.kind.key == "perjanjian-kinerja"
        else ("Rencana Kerja Reformasi Birokrasi")
    )
    assert info["Title"] == f"{kind} Tahun 2022 — {book_label(agreement)}"
    assert info["Author"] == agreement.pemda.model.pemerintah
    assert info["Subject"].startswith(kind)
    assert "2022" in info["Keywords"]
    assert PdfReader(pdf).trailer["/Root"]["/Lang"] == "id-ID"


def test_no_libreoffice_process_is_left_behind(built):
    leftovers = [
        p.name() for p in psutil.Process().children(recursive=True) if p.name() != "pdffonts"
    ]
    assert leftovers == []


# --------------------------------------------------------------------------- books


def test_one_book_per_pemda_folder_and_kind(built):
    report, out = built
    assert sorted(
        (b.path.relative_to(out).as_posix(), b.status, b.members) for b in report.books
    ) == [
        (PK_BOOK, BookStatus.BUILT, 13),
        (SKPD_BOOK, BookStatus.BUILT, 9),
        (POHON, BookStatus.BUILT, 9),
        (SK_BOOK, BookStatus.BUILT, 4),
        (RB_BOOK, BookStatus.BUILT, 2),
    ]


def test_the_book_is_the_front_matter_then_every_skpd_pdf(built):
    _, out = built
    book = PdfReader(out / PK_BOOK)
    members = [
        pdf_of(out, a)
        for a in AGREEMENTS
        if a.kind.key == "perjanjian-kinerja" and a.path.parent == EXAMPLES
    ]
    assert len(book.pages) == 2 + sum(len(PdfReader(p).pages) for p in members)
    cover = book.pages[0].extract_text()
    assert "PERJANJIAN KINERJA" in cover and "TAHUN 2022" in cover
    assert "PEMERINTAH KOTA MEDAN" in cover


def test_skpd_are_in_the_order_of_pemda_yaml_then_by_name(built):
    _, out = built
    titles = [title for title, _, _ in outline(PdfReader(out / PK_BOOK))]
    assert titles == [
        "Sampul",
        "Daftar Isi",
        "Sekretariat DPRD Kota Medan",  # urutan: in pemda.yaml
        "Bappeda Kota Medan",  # then by file name
        "Dinas Kesehatan Kota Medan",
        # its ladder, each PK followed by those below it, named without the unit
        "Kepala Bidang Kesehatan Masyarakat",
        "Kepala Seksi Kesehatan Keluarga dan Gizi",
        "Kepala Seksi Promosi dan Pemberdayaan Masyarakat",
        "Kepala Bidang Pencegahan dan Pengendalian Penyakit",
        "Kepala Bidang Pelayanan dan Sumber Daya Kesehatan",
        "Sekretaris",
        "Kepala Subbagian Keuangan dan Aset",
        "Kepala Subbagian Umum dan Kepegawaian",
        "Dinas Komunikasi dan Informatika Kota Medan",
        "Kecamatan Medan Baru",
    ]
    titles = [title for title, _, _ in outline(PdfReader(out / SK_BOOK))]
    assert titles == [
        "Sampul",
        "Daftar Isi",
        "Inspektorat Kabupaten Sukamaju",  # urutan
        "RSUD Sukamaju",
        # after its unit; no atasan: not in a ladder, so listed as a unit of its own
        "Kepala Bidang Pelayanan Medik dan Keperawatan RSUD Sukamaju",
        "Kecamatan Sukamaju Kota",
    ]


@pytest.mark.parametrize("book", [PK_BOOK, RB_BOOK, SK_BOOK])
def test_each_bookmark_points_to_the_page_with_that_skpd_and_part(built, book):
    _, out = built
    reader = PdfReader(out / book)
    texts = [page.extract_text() or "" for page in reader.pages]
    folder = EXAMPLES.joinpath(*Path(book).parts[1:-1])
    by_label = {
        book_label(a, below_unit=eselon_of(a.model) > 2): a
        for a in AGREEMENTS
        if a.path.parent == folder
    }
    for title, page, parts in outline(reader)[2:]:
        agreement = by_label[title]
        assert squash(agreement.model.unit.nama.upper()) in squash(texts[page])
        names = [name for name, _ in parts]
        if agreement.kind.key == "perjanjian-kinerja":
            assert names in (["Pernyataan", "Formulir"], ["Pernyataan", "Formulir", "Lampiran"])
            assert parts[0][1] == page
            words = naskah(agreement.model, agreement.pemda.model)
            assert words.kolom_sasaran in texts[parts[1][1]]
        else:
            assert names == ["Keputusan", "BAB I", "BAB II", "BAB III", "BAB IV", "Lampiran RATL"]
            assert parts[0][1] == page
            for name, part_page in parts[1:5]:
                assert texts[part_page].startswith(name + "\n")
            assert texts[parts[5][1]].startswith("LAMPIRAN\n")


@pytest.mark.parametrize("book", [PK_BOOK, RB_BOOK, SK_BOOK])
def test_the_daftar_isi_gives_the_page_label_where_each_skpd_starts(built, book):
    _, out = built
    reader = PdfReader(out / book)
    labels = reader.page_labels
    # An SKPD numbered; the PKs of its jabatan below it, unnumbered and indented.
    text = reader.pages[1].extract_text()
    entries = re.findall(r"^(?:\d+\.)?\s*([A-Z].+?)\.{2,}\s*(\d+)$", text, re.M)
    bookmarks = outline(reader)[2:]
    assert [name for name, _ in entries] == [title for title, _, _ in bookmarks]
    folder = EXAMPLES.joinpath(*Path(book).parts[1:-1])
    heads = [a for a in AGREEMENTS if a.path.parent == folder and eselon_of(a.model) == 2]
    assert re.findall(r"^\d+\.", text, re.M) == [f"{n}." for n in range(1, len(heads) + 1)]
    for (_, number), (_, page, _) in zip(entries, bookmarks, strict=True):
        assert labels[page] == number


@pytest.mark.parametrize("book", [PK_BOOK, RB_BOOK, SK_BOOK])
def test_book_metadata_and_page_labels(built, book):
    _, out = built
    reader = PdfReader(out / book)
    pemda = PEMDA_OF_BOOK[book]
    assert reader.metadata.author == pemda
    assert reader.metadata.title.endswith(f"Perangkat Daerah {pemda} Tahun 2022")
    assert pemda in reader.metadata["/Keywords"] and "2022" in reader.metadata["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == "id-ID"
    assert reader.page_labels[:3] == ["i", "ii", "1"]
    assert reader.page_labels[-1] == str(len(reader.pages) - 2)


def test_the_manifest_claims_exactly_the_outputs_in_place(built):
    _, out = built
    manifest, problem = Manifest.load(out)
    assert problem is None
    for entry in manifest.documents.values():
        for relative, digest in entry.outputs.items():
            assert file_digest(out / relative) == digest
    assert sorted(manifest.books) == sorted([PK_BOOK, RB_BOOK, SK_BOOK, SKPD_BOOK, POHON])
    for relative, book in manifest.books.items():
        assert file_digest(out / relative) == book.sha256


# --------------------------------------------------------------------------- incremental


def change_target(folder: Path, name: str = "kecamatan-medan-baru.yaml") -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    new = re.sub(r"(target: )(\d+)", lambda m: m.group(1) + str(int(m.group(2)) + 1), text, count=1)
    assert new != text
    path.write_text(new, encoding="utf-8")


def test_changing_one_target_converts_one_document_and_rebuilds_its_book_only(
    examples_copy, tmp_path
):
    options = BuildOptions(tmp_path / "output", TEMPLATES)
    assert build([examples_copy], options).ok
    rb_book = (tmp_path / "output" / RB_BOOK).read_bytes()
    change_target(examples_copy)

    report = build([examples_copy], options)

    assert report.ok
    assert report.converted == 1
    built_now = [o.label for o in report.outcomes if o.status is Status.BUILT]
    assert built_now == ["Kecamatan Medan Baru"]
    books = {b.path.relative_to(tmp_path / "output").as_posix(): b.status for b in report.books}
    assert books == {
        PK_BOOK: BookStatus.BUILT,
        RB_BOOK: BookStatus.UNCHANGED,
        SK_BOOK: BookStatus.UNCHANGED,
        SKPD_BOOK: BookStatus.UNCHANGED,
        POHON: BookStatus.UNCHANGED,
    }
    assert (tmp_path / "output" / RB_BOOK).read_bytes() == rb_book

    again = build([examples_copy], options)
    assert again.converted == 0
    assert {b.status for b in again.books} == {BookStatus.UNCHANGED}


def test_editing_the_book_template_remakes_the_books_and_no_document(examples_copy, tmp_path):
    templates = tmp_path / "templat"
    shutil.copytree(TEMPLATES, templates)
    options = BuildOptions(tmp_path / "output", templates)
    assert build([examples_copy], options).ok
    book = templates / "buku.docx"
    replace_in_docx(book, book, "{{ sub_judul|upper }}<", "SATUAN KERJA {{ sub_judul|upper }}<")

    report = build([examples_copy], options)

    assert report.ok and report.converted == 0
    assert {b.status for b in report.books if b.what == "Buku"} == {BookStatus.BUILT}
    assert {b.status for b in report.books if b.what != "Buku"} == {BookStatus.UNCHANGED}
    cover = PdfReader(tmp_path / "output" / PK_BOOK).pages[0].extract_text()
    assert "SATUAN KERJA PERANGKAT DAERAH" in cover


def test_a_deleted_book_is_made_again_without_converting_any_document(examples_copy, tmp_path):
    options = BuildOptions(tmp_path / "output", TEMPLATES)
    build([examples_copy], options)
    (tmp_path / "output" / PK_BOOK).unlink()

    report = build([examples_copy], options)

    assert report.converted == 0
    assert (tmp_path / "output" / PK_BOOK).is_file()
    assert len(PdfReader(tmp_path / "output" / PK_BOOK).outline) > 2


def test_building_one_file_leaves_the_book_for_the_folder_build(examples_copy, tmp_path):
    options = BuildOptions(tmp_path / "output", TEMPLATES)
    report = build([examples_copy / "sekretariat-dprd.yaml"], options)
    assert report.ok
    assert [b.status for b in report.books] == [BookStatus.KEPT]
    assert "hanya sebagian SKPD yang dibangun" in report.books[0].note
    assert not (tmp_path / "output" / PK_BOOK).exists()


def test_a_server_keeps_its_warm_converter_across_builds_and_a_draft_carries_its_mark(
    examples_copy, tmp_path
):
    from generator.pdf.watermark import has_watermark

    one = examples_copy / "kecamatan-medan-baru.yaml"
    with PdfConverter(workers=1) as converter:
        draft = BuildOptions(
            tmp_path / "draf",
            TEMPLATES,
            converter=lambda: converter,
            keep_converter=True,
            watermark="DRAF",
        )
        first = build([one], draft)
        pids = converter.soffice_pids()
        assert first.ok and pids and all(psutil.pid_exists(pid) for pid in pids)
        pdf = tmp_path / "draf" / "2022" / "kecamatan-medan-baru" / "perjanjian-kinerja.pdf"
        reader = PdfReader(pdf)
        assert all(has_watermark(reader, n) for n in range(len(reader.pages)))
        assert "KECAMATAN MEDAN BARU" in (reader.pages[0].extract_text() or "")
        # The same converter serves the next build; the marked PDF is current as recorded.
        again = build([one], draft)
        assert [o.status for o in again.outcomes] == [Status.UNCHANGED]
        final = build(
            [one],
            BuildOptions(
                tmp_path / "final", TEMPLATES, converter=lambda: converter, keep_converter=True
            ),
        )
        assert converter.soffice_pids() == pids
        assert final.converted == 1
        plain = PdfReader(
            tmp_path / "final" / "2022" / "kecamatan-medan-baru" / "perjanjian-kinerja.pdf"
        )
        assert not has_watermark(plain)
        assert len(plain.pages) == len(reader.pages)


# --------------------------------------------------------------------------- failures


class FailingConverter(PdfConverter):
    """A real converter that reports a conversion failure for documents of one SKPD."""

    def __init__(self, failing: str):
        super().__init__(workers=2)
        self.failing = failing

    def submit(self, job: ConversionJob) -> Future[ConversionResult]:
        if self.failing not in job.label:
            return super().submit(job)
        future: Future[ConversionResult] = Future()
        future.set_result(
            ConversionResult(job, False, "LibreOffice berhenti tak terduga", 0.0, 2, 0)
        )
        return future


def test_a_failing_conversion_keeps_the_others_and_the_previous_book(examples_copy, tmp_path):
    out = tmp_path / "output"
    build([examples_copy], BuildOptions(out, TEMPLATES))
    book = (out / PK_BOOK).read_bytes()
    old_pdf = out / "2022/kecamatan-medan-baru/perjanjian-kinerja.pdf"
    old = old_pdf.read_bytes()
    change_target(examples_copy)
    change_target(examples_copy, "dinas-kesehatan.yaml")
    options = BuildOptions(out, TEMPLATES, converter=lambda: FailingConverter("Kecamatan"))

    report = build([examples_copy], options)

    assert not report.ok
    statuses = {o.label: o.status for o in report.outcomes}
    assert statuses["Kecamatan Medan Baru"] is Status.FAILED
    assert statuses["Dinas Kesehatan Kota Medan"] is Status.BUILT
    failed = report.failed[0]
    assert failed.reasons[0] == "PDF tidak dapat dibuat: LibreOffice berhenti tak terduga"
    # The old PDF is kept under a stale name, never next to the new .docx as if current.
    assert not old_pdf.exists()
    assert old_pdf.with_name("perjanjian-kinerja.usang.pdf").read_bytes() == old
    assert old_pdf.with_suffix(".docx").is_file()
    pk_book = next(b for b in report.books if b.path.name == Path(PK_BOOK).name)
    assert pk_book.status is BookStatus.KEPT
    assert pk_book.note == (
        "1 SKPD gagal (Kecamatan Medan Baru); buku sebelumnya tetap. "
        "Gunakan --allow-partial untuk membuat buku tanpa SKPD yang gagal."
    )
    assert (out / PK_BOOK).read_bytes() == book
    manifest, _ = Manifest.load(out)
    assert "2022/kecamatan-medan-baru/perjanjian-kinerja.docx" not in manifest.documents

    partial = build(
        [examples_copy],
        BuildOptions(
            out, TEMPLATES, allow_partial=True, converter=lambda: FailingConverter("Kecamatan")
        ),
    )
    pk_book = next(b for b in partial.books if b.path.name == Path(PK_BOOK).name)
    assert (pk_book.status, pk_book.members) == (BookStatus.PARTIAL, 12)
    assert pk_book.note == "tanpa Kecamatan Medan Baru"
    titles = [t for t, _, _ in outline(PdfReader(out / PK_BOOK))]
    assert "Kecamatan Medan Baru" not in titles and "Dinas Kesehatan Kota Medan" in titles

    healed = build([examples_copy], BuildOptions(out, TEMPLATES))
    assert healed.ok and healed.converted == 1
    assert old_pdf.is_file() and not old_pdf.with_name("perjanjian-kinerja.usang.pdf").exists()


def test_ctrl_c_during_conversion_leaves_old_pdfs_and_a_manifest_claiming_nothing_new(
    examples_copy, tmp_path
):
    out = tmp_path / "output"
    options = BuildOptions(out, TEMPLATES)
    build([examples_copy], options)
    names = ["kecamatan-medan-baru", "dinas-kesehatan", "sekretariat-dprd"]
    before = {n: (out / f"2022/{n}/perjanjian-kinerja.pdf").read_bytes() for n in names}
    book = (out / PK_BOOK).read_bytes()
    for name in names:
        change_target(examples_copy, f"{name}.yaml")

    def interrupt(phase: str, label: str, done: int, total: int) -> None:
        if phase == "konversi":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build([examples_copy], options, interrupt)

    manifest, _ = Manifest.load(out)
    installed = 0
    for name in names:
        pdf = out / f"2022/{name}/perjanjian-kinerja.pdf"
        entry = manifest.documents.get(f"2022/{name}/perjanjian-kinerja.docx")
        if pdf.read_bytes() == before[name]:
            assert entry is None  # the old PDF is there, and not claimed as current
        else:
            installed += 1  # finished before Ctrl-C: in place and claimed
            assert entry is not None and entry.outputs[pdf.relative_to(out).as_posix()] == (
                file_digest(pdf)
            )
    assert installed == 1
    assert (out / PK_BOOK).read_bytes() == book
    assert not list(out.rglob("*.tmp"))
    assert psutil.Process().children(recursive=True) == []

    report = build([examples_copy], options)
    assert report.ok and report.converted == 2


def test_killing_pkgen_mid_build_never_leaves_a_claimed_output_that_does_not_match(
    examples_copy, tmp_path
):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "generator", "build", str(examples_copy), "--out", "out"]
    proc = subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    # Kill it as soon as the first PDF is in place (the conversion of others under way).
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list((tmp_path / "out").rglob("*.pdf")):
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    manifest = tmp_path / "out" / MANIFEST_NAME
    # Saved at the start and about once a second: it may not exist yet, or claim some.
    data = json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else {}
    data.setdefault("documents", {})
    for entry in data["documents"].values():
        for relative, digest in entry["outputs"].items():
            assert file_digest(tmp_path / "out" / relative) == digest
    assert len(data["documents"]) < len(AGREEMENTS)
    report = build([examples_copy], BuildOptions(tmp_path / "out", TEMPLATES))
    assert report.ok
    assert report.converted == len(AGREEMENTS) - len(data["documents"])


def test_cli_exit_code_and_summary_when_a_skpd_fails(examples_copy, tmp_path):
    env = dict(os.environ, COLUMNS="200", PYTHONPATH=str(ROOT))

    def pkgen(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "generator", "build", "agreements/2022", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    first = pkgen()
    assert first.returncode == 0, first.stdout + first.stderr
    assert "19 dibuat, 0 tidak berubah, 0 gagal; 19 PDF dikonversi" in first.stdout
    (examples_copy / "bappeda-rusak.yaml").write_text("tahun: [2022\n", encoding="utf-8")

    second = pkgen()

    assert second.returncode == 1
    assert "0 dibuat, 19 tidak berubah, 1 gagal" in second.stdout
    assert (
        "Buku output/2022/buku-perjanjian-kinerja-2022.pdf: tidak diganti — 1 SKPD gagal "
        "(bappeda-rusak); buku sebelumnya tetap." in second.stdout
    )
    assert "kota-depok/buku-rencana-kerja-rb-2022.pdf: tidak berubah" in second.stdout


def test_a_revision_converts_only_that_skpd_keeps_the_original_pdf_and_is_marked_in_the_book(
    examples_copy, tmp_path
):
    options = BuildOptions(tmp_path / "output", TEMPLATES)
    assert build([examples_copy], options).ok
    folder = tmp_path / "output/2022/dinas-kesehatan"
    original_pdf = (folder / "perjanjian-kinerja.pdf").read_bytes()
    path = examples_copy / "dinas-kesehatan.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("anggaran: 2384516000", "anggaran: 2634516000")
    text += (
        "perubahan:\n  nomor: 1\n  tanggal: 2022-09-15\n"
        "  alasan: Penyesuaian target dan anggaran sesuai APBD Perubahan Tahun Anggaran 2022\n"
    )
    path.write_text(text, encoding="utf-8")

    report = build([examples_copy], options)

    assert report.ok
    assert report.converted == 1
    assert [o.label for o in report.outcomes if o.status is Status.BUILT] == [
        "Dinas Kesehatan Kota Medan"
    ]
    assert (folder / "perjanjian-kinerja.pdf").read_bytes() == original_pdf
    revised = page_texts(folder / "perjanjian-kinerja-perubahan-1.pdf")
    assert "PERJANJIAN KINERJA PERUBAHAN TAHUN 2022" in revised[0]
    book = PdfReader(tmp_path / "output" / PK_BOOK)
    front = "".join(page.extract_text() or "" for page in book.pages[:3])
    assert "Dinas Kesehatan Kota Medan (Perubahan)" in front
    assert "Dinas Kesehatan Kota Medan (Perubahan)" in [title for title, _, _ in outline(book)]
