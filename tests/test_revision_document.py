"""PK Perubahan: an agreement that declares a revision is titled, worded, dated and named
as one, and building it keeps the original document beside it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SKPD_YAML, TEMPLATES
from docx_structure import read_docx

from generator.build.naming import output_stem, revision_stem
from generator.build.pipeline import build
from generator.build.report import BuildOptions
from generator.data.loading import load_batch

PERUBAHAN = """\
perubahan:
  nomor: 1
  tanggal: 2022-09-15
  alasan: Penyesuaian target dan anggaran sesuai APBD Perubahan Tahun Anggaran 2022
"""
REVISED = SKPD_YAML + PERUBAHAN


def built(folder: Path, tmp_path: Path) -> Path:
    options = BuildOptions(out_root=tmp_path / "output", templates=TEMPLATES, pdf=False)
    report = build([folder], options)
    assert report.ok, [o.reasons for o in report.outcomes]
    return tmp_path / "output/2022/dprd"


def test_a_revised_skpd_is_titled_perjanjian_kinerja_perubahan_on_pernyataan_and_formulir(
    year_folder, tmp_path
):
    doc = read_docx(
        built(year_folder(dprd=REVISED), tmp_path) / "perjanjian-kinerja-perubahan-1.docx"
    )
    titles = [p for p in doc.paragraphs if p.startswith("PERJANJIAN KINERJA")]
    assert titles == ["PERJANJIAN KINERJA PERUBAHAN TAHUN 2022"] * 2
    assert "PERJANJIAN KINERJA TAHUN 2022" not in doc.all_text


def test_the_pernyataan_of_a_revision_names_the_original_pk_the_alasan_and_that_it_lapses(
    year_folder, tmp_path
):
    doc = read_docx(
        built(year_folder(dprd=REVISED), tmp_path) / "perjanjian-kinerja-perubahan-1.docx"
    )
    start = doc.paragraphs.index("Selaku atasan pihak pertama, selanjutnya disebut pihak kedua.")
    assert doc.paragraphs[start + 1 : start + 3] == [
        "Perjanjian Kinerja Perubahan ini merupakan perubahan pertama atas Perjanjian Kinerja "
        "Tahun 2022 yang telah ditandatangani pada bulan Januari 2022. Perubahan dilakukan "
        "dengan alasan: Penyesuaian target dan anggaran sesuai APBD Perubahan Tahun Anggaran "
        "2022.",
        "Dengan ditandatanganinya Perjanjian Kinerja Perubahan ini, Perjanjian Kinerja Tahun "
        "2022 yang telah ditandatangani pada bulan Januari 2022 dinyatakan tidak berlaku lagi.",
    ]
    assert doc.paragraphs[start + 3].startswith("Pihak pertama berjanji")


def test_a_revision_is_signed_on_its_own_date(year_folder, tmp_path):
    doc = read_docx(
        built(year_folder(dprd=REVISED), tmp_path) / "perjanjian-kinerja-perubahan-1.docx"
    )
    assert "Medan, 15 September 2022" in doc.all_text
    assert "Medan, Januari 2022" not in doc.all_text


def test_a_second_revision_is_called_kedua_and_revokes_the_earlier_revision_too(
    year_folder, tmp_path
):
    text = REVISED.replace("nomor: 1", "nomor: 2").replace(
        "tanggal: Januari 2022", "tanggal: 2022-01-10"
    )
    doc = read_docx(built(year_folder(dprd=text), tmp_path) / "perjanjian-kinerja-perubahan-2.docx")
    assert "PERJANJIAN KINERJA PERUBAHAN KEDUA TAHUN 2022" in doc.paragraphs
    assert (
        "Dengan ditandatanganinya Perjanjian Kinerja Perubahan ini, Perjanjian Kinerja Tahun "
        "2022 yang telah ditandatangani pada tanggal 10 Januari 2022 beserta perubahan "
        "sebelumnya dinyatakan tidak berlaku lagi."
    ) in doc.paragraphs
    assert any(
        p.startswith("Perjanjian Kinerja Perubahan ini merupakan perubahan kedua atas")
        for p in doc.paragraphs
    )


def test_the_original_pk_has_no_revision_wording(year_folder, tmp_path):
    doc = read_docx(built(year_folder(dprd=SKPD_YAML), tmp_path) / "perjanjian-kinerja.docx")
    assert "PERJANJIAN KINERJA TAHUN 2022" in doc.paragraphs
    assert "Perubahan" not in doc.all_text


def test_building_the_original_then_the_revision_leaves_both_documents_in_the_skpd_folder(
    year_folder, tmp_path
):
    folder = year_folder(dprd=SKPD_YAML)
    skpd_folder = built(folder, tmp_path)
    original = (skpd_folder / "perjanjian-kinerja.docx").read_bytes()

    (folder / "dprd.yaml").write_text(REVISED.replace("target: 66", "target: 70"), encoding="utf-8")
    built(folder, tmp_path)

    assert sorted(p.name for p in skpd_folder.iterdir()) == [
        "perjanjian-kinerja-perubahan-1.docx",
        "perjanjian-kinerja.docx",
    ]
    assert (skpd_folder / "perjanjian-kinerja.docx").read_bytes() == original
    revised = read_docx(skpd_folder / "perjanjian-kinerja-perubahan-1.docx")
    assert "70 (B)" in revised.table_with("Nilai SAKIP").column(3)


def test_a_revision_is_named_after_its_number_and_an_original_keeps_its_name():
    assert revision_stem("perjanjian-kinerja", None) == "perjanjian-kinerja"
    assert revision_stem("perjanjian-kinerja", 1) == "perjanjian-kinerja-perubahan-1"
    assert revision_stem("perjanjian-kinerja", 2) == "perjanjian-kinerja-perubahan-2"
    assert output_stem("rencana-kerja-rb", object()) == "rencana-kerja-rb"


def problems(folder: Path) -> list[str]:
    return [str(p).split("agreements/2022/", 1)[-1] for p in load_batch([folder]).problems]


@pytest.mark.parametrize(
    ("nomor", "message"),
    [
        ("0", "nomor perubahan harus 1 atau lebih, ditemukan 0"),
        ("1.5", "nomor perubahan harus bilangan bulat 1 atau lebih, ditemukan 1.5"),
        ("satu", "nomor perubahan harus bilangan bulat 1 atau lebih, ditemukan 'satu'"),
    ],
)
def test_the_revision_number_is_a_whole_number_from_one(year_folder, nomor, message):
    folder = year_folder(dprd=REVISED.replace("nomor: 1", f"nomor: {nomor}"))
    assert problems(folder) == [f"dprd.yaml:22: perubahan.nomor: {message}"]


def test_a_revision_needs_its_date_and_reason(year_folder):
    text = SKPD_YAML + "perubahan:\n  nomor: 1\n"
    assert problems(year_folder(dprd=text)) == [
        "dprd.yaml:21: perubahan.alasan: wajib diisi",
        "dprd.yaml:21: perubahan.tanggal: wajib diisi",
    ]


def test_a_revision_dated_before_the_original_or_in_another_year_is_a_warning(year_folder):
    earlier = REVISED.replace("tanggal: Januari 2022", "tanggal: 2022-10-01")
    assert problems(year_folder(dprd=earlier)) == [
        "dprd.yaml:23: perubahan.tanggal: peringatan: tanggal perubahan 2022-09-15 lebih awal "
        "dari tanggal perjanjian semula 2022-10-01"
    ]
    other_year = REVISED.replace("tanggal: 2022-09-15", "tanggal: 2023-01-15")
    assert problems(year_folder(dprd=other_year)) == [
        "dprd.yaml:23: perubahan.tanggal: peringatan: tanggal perubahan 2023-01-15 tidak sesuai "
        "dengan tahun 2022"
    ]
