"""The ladder built with LibreOffice and Graphviz: the SKPD book nested by level, the pohon
kinerja on A3 landscape, the pemda book option, and incremental rebuilds per jabatan."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TEMPLATES
from pypdf import PdfReader
from pypdf.generic import Destination

from generator.build.manifest import Manifest
from generator.build.pipeline import build
from generator.build.report import BookStatus, BuildOptions, Status
from generator.errors import display_path

pytestmark = pytest.mark.slow

UNIT = "2022/dinas-kesehatan"
SKPD_BOOK = f"{UNIT}/buku-perjanjian-kinerja-dinas-kesehatan-2022.pdf"
POHON = f"{UNIT}/pohon-kinerja-dinas-kesehatan-2022.pdf"
PEMDA_BOOK = "2022/buku-perjanjian-kinerja-2022.pdf"
KEPALA = "dr. Rahmat Hidayat Lubis, M.K.M."


def nested(reader: PdfReader) -> list[tuple[str, int]]:
    """Every bookmark of a PDF with its depth (0 = top level), in order."""
    found: list[tuple[str, int]] = []

    def walk(entries: list, depth: int) -> None:
        for entry in entries:
            if isinstance(entry, Destination):
                found.append((str(entry.title), depth))
            else:
                walk(entry, depth + 1)

    walk(reader.outline, 0)
    return found


def built_labels(report) -> set[str]:
    return {o.label for o in report.outcomes if o.status is Status.BUILT}


def book(report, name: str):
    return next(b for b in report.books if b.path.as_posix().endswith(name))


def test_the_skpd_book_has_every_pk_in_hierarchy_order_with_bookmarks_nested_by_level(
    examples_copy, tmp_path
):
    out = tmp_path / "output"
    report = build([examples_copy], BuildOptions(out, TEMPLATES))
    assert report.ok
    assert (book(report, SKPD_BOOK).status, book(report, SKPD_BOOK).members) == (
        BookStatus.BUILT,
        9,
    )
    entries = nested(PdfReader(out / SKPD_BOOK))
    members = [(t, lvl) for t, lvl in entries if t not in ("Pernyataan", "Formulir", "Lampiran")]
    assert members == [
        ("Sampul", 0),
        ("Daftar Isi", 0),
        # listed by jabatan, without the unit the cover names
        ("Kepala Dinas Kesehatan Kota Medan", 0),
        ("Kepala Bidang Kesehatan Masyarakat", 1),
        ("Kepala Seksi Kesehatan Keluarga dan Gizi", 2),
        ("Kepala Seksi Promosi dan Pemberdayaan Masyarakat", 2),
        ("Kepala Bidang Pencegahan dan Pengendalian Penyakit", 1),
        ("Kepala Bidang Pelayanan dan Sumber Daya Kesehatan", 1),
        ("Sekretaris", 1),
        ("Kepala Subbagian Keuangan dan Aset", 2),
        ("Kepala Subbagian Umum dan Kepegawaian", 2),
    ]
    cover = " ".join(PdfReader(out / SKPD_BOOK).pages[0].extract_text().split())
    assert "PERJANJIAN KINERJA DINAS KESEHATAN KOTA MEDAN" in cover.upper()
    assert "PERANGKAT DAERAH" not in cover.upper()
    daftar_isi = PdfReader(out / SKPD_BOOK).pages[1].extract_text()
    assert "Jabatan" in daftar_isi and "Kepala Subbagian Umum dan Kepegawaian" in daftar_isi
    # The pemda book has every level too (buku_jenjang: semua, the default), in the same order.
    pemda_titles = [t for t, _ in nested(PdfReader(out / PEMDA_BOOK))]
    assert "Kepala Seksi Promosi dan Pemberdayaan Masyarakat" in pemda_titles


def test_the_pohon_kinerja_is_an_a3_landscape_tree_then_the_cascading_matrix(
    examples_copy, tmp_path
):
    out = tmp_path / "output"
    report = build([examples_copy], BuildOptions(out, TEMPLATES))
    pohon = book(report, POHON)
    assert (pohon.status, pohon.what, pohon.members) == (BookStatus.BUILT, "Pohon kinerja", 9)
    reader = PdfReader(out / POHON)
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (
            1191,
            842,
        )
    tree = " ".join(reader.pages[0].extract_text().split())
    assert "POHON KINERJA DINAS KESEHATAN KOTA MEDAN TAHUN 2022" in tree
    assert "PLT. KEPALA BIDANG PENCEGAHAN" in tree
    matrix = " ".join(reader.pages[1].extract_text().split())
    assert "MATRIKS CASCADING KINERJA DINAS KESEHATAN KOTA MEDAN TAHUN 2022" in matrix
    assert "Indikator pendukung" in matrix
    again = build([examples_copy], BuildOptions(out, TEMPLATES))
    assert book(again, POHON).status is BookStatus.UNCHANGED


def test_the_pemda_book_can_hold_only_the_eselon_ii_pks(examples_copy, tmp_path):
    pemda = examples_copy / "pemda.yaml"
    pemda.write_text(pemda.read_text(encoding="utf-8") + "buku_jenjang: eselon-2\n", "utf-8")
    out = tmp_path / "output"
    report = build([examples_copy], BuildOptions(out, TEMPLATES))
    assert report.ok
    assert book(report, PEMDA_BOOK).members == 5
    titles = [t for t, level in nested(PdfReader(out / PEMDA_BOOK)) if level == 0]
    assert "Dinas Kesehatan Kota Medan" in titles
    assert not any(
        t.startswith(("Kepala Bidang", "Kepala Seksi", "Sekretaris Dinas")) for t in titles
    )
    assert book(report, SKPD_BOOK).members == 9  # the SKPD's own book stays complete


def test_renaming_the_kepala_dinas_rebuilds_exactly_the_pks_naming_them_then_one_target_one_pk(
    examples_copy, tmp_path
):
    out = tmp_path / "output"
    first = build([examples_copy], BuildOptions(out, TEMPLATES))
    assert first.ok
    head = examples_copy / "dinas-kesehatan.yaml"
    head.write_text(
        head.read_text(encoding="utf-8").replace(
            KEPALA, "dr. Rahmat Hidayat Lubis, M.K.M., Sp.KKLP"
        ),
        encoding="utf-8",
    )

    renamed = build([examples_copy], BuildOptions(out, TEMPLATES))

    assert renamed.ok
    assert built_labels(renamed) == {
        "Dinas Kesehatan Kota Medan",
        "Sekretaris Dinas Kesehatan Kota Medan",
        "Kepala Bidang Kesehatan Masyarakat Dinas Kesehatan Kota Medan",
        "Kepala Bidang Pencegahan dan Pengendalian Penyakit Dinas Kesehatan Kota Medan",
        "Kepala Bidang Pelayanan dan Sumber Daya Kesehatan Dinas Kesehatan Kota Medan",
    }
    assert renamed.converted == 5
    sekretaris = next(o for o in renamed.outcomes if o.label.startswith("Sekretaris Dinas"))
    assert sekretaris.why == "PK atasan berubah"
    pdf = out / UNIT / "perjanjian-kinerja-sekretaris.pdf"
    assert "Sp.KKLP" in " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert book(renamed, POHON).status is BookStatus.BUILT  # the tree names the Kepala Dinas

    seksi = examples_copy / "dinas-kesehatan-seksi-promkes.yaml"
    seksi.write_text(
        seksi.read_text(encoding="utf-8").replace("target: 75\n", "target: 78\n"), encoding="utf-8"
    )

    retargeted = build([examples_copy], BuildOptions(out, TEMPLATES))

    assert retargeted.ok
    assert built_labels(retargeted) == {
        "Kepala Seksi Promosi dan Pemberdayaan Masyarakat Dinas Kesehatan Kota Medan"
    }
    assert retargeted.converted == 1
    assert book(retargeted, SKPD_BOOK).status is BookStatus.BUILT
    assert book(retargeted, POHON).status is BookStatus.BUILT  # the target is in the tree
    assert book(retargeted, "kabupaten-sukamaju/buku-perjanjian-kinerja-2022.pdf").status is (
        BookStatus.UNCHANGED
    )


def test_a_jabatan_pk_that_fails_keeps_the_skpd_book_and_names_the_reason(examples_copy, tmp_path):
    out = tmp_path / "output"
    build([examples_copy], BuildOptions(out, TEMPLATES))
    before = (out / SKPD_BOOK).read_bytes()
    seksi = examples_copy / "dinas-kesehatan-seksi-promkes.yaml"
    seksi.write_text(
        seksi.read_text(encoding="utf-8").replace("mendukung: intervensi-gizi", "mendukung: x"),
        encoding="utf-8",
    )

    report = build([examples_copy], BuildOptions(out, TEMPLATES))

    failed = [o for o in report.failed]
    assert [Path(o.source).name for o in failed] == ["dinas-kesehatan-seksi-promkes.yaml"]
    assert (
        "tidak ada indikator 'x' di PK atasan 'dinas-kesehatan/bidang-kesmas'"
        in (failed[0].reasons[0])
    )
    assert (out / SKPD_BOOK).read_bytes() == before


def test_an_skpd_book_no_longer_made_is_renamed_usang_and_no_longer_claimed(
    examples_copy, tmp_path
):
    out = tmp_path / "output"
    build([examples_copy], BuildOptions(out, TEMPLATES))
    cache = out / UNIT / f".{Path(SKPD_BOOK).stem}-halaman"
    assert cache.is_dir() and any(cache.iterdir())
    for jabatan in examples_copy.glob("dinas-kesehatan-*.yaml"):  # the ladder goes
        jabatan.unlink()

    report = build([examples_copy], BuildOptions(out, TEMPLATES))

    assert report.ok
    retired = {b.path.name: b for b in report.books if b.status is BookStatus.RETIRED}
    assert sorted(retired) == sorted([Path(SKPD_BOOK).name, Path(POHON).name])
    assert {b.what for b in retired.values()} == {"Buku", "Pohon kinerja"}
    for name in (SKPD_BOOK, POHON):
        assert not (out / name).exists()
        stale = (out / name).with_name(f"{Path(name).stem}.usang.pdf")
        assert stale.is_file()
        assert retired[Path(name).name].note == f"dipindah ke {display_path(stale)}"
    assert not cache.exists()
    manifest, _ = Manifest.load(out)
    assert SKPD_BOOK not in manifest.books and POHON not in manifest.books
    assert PEMDA_BOOK in manifest.books  # the pemda's book is made, without the jabatan
    again = build([examples_copy], BuildOptions(out, TEMPLATES))
    assert not [b for b in again.books if b.status is BookStatus.RETIRED]  # retired once
