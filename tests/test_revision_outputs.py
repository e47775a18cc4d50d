"""The Daftar Perubahan as .docx, .xlsx and .json, read back and compared by content."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, TEMPLATES
from docx_structure import read_docx
from openpyxl import load_workbook
from test_cli import pkgen
from test_revision_cli import line_of, revise

from generator.data.models.types import SigningDate
from generator.revision.diff import (
    Change,
    Jenis,
    RevisionDiff,
    SkpdDiff,
    SkpdKey,
    StatusSkpd,
    Unsur,
)
from generator.revision.outputs import (
    DaftarPerubahanContext,
    daftar_context,
    daftar_data,
    daftar_docx,
    daftar_xlsx,
    parse_tanggal,
)
from generator.revision.sources import compare_paths
from generator.templates.check import check_template

HEADER = ["No", "SKPD", "Bagian", "Uraian", "Semula", "Menjadi", "Selisih"]


ANGGARAN_LINE = line_of(
    (EXAMPLES / "dinas-kesehatan.yaml").read_text(encoding="utf-8"), "anggaran: 2384516000"
)


def only_kota_medan(*folders: Path) -> None:
    """One pemda's PKs compared (a Daftar Perubahan names one pemerintah and place): the
    other pemda with PKs is left out; Kota Depok has only RB plans, never compared."""
    for folder in folders:
        shutil.rmtree(folder / "kabupaten-sukamaju")


@pytest.fixture
def diff(examples_copy: Path, tmp_path: Path, monkeypatch) -> RevisionDiff:
    """The examples with two targets and one anggaran of Dinas Kesehatan changed, and the
    Sekretariat DPRD declaring its PK Perubahan."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(EXAMPLES, tmp_path / "lama" / "2022")
    only_kota_medan(tmp_path / "lama" / "2022", examples_copy)
    revise(examples_copy)
    dprd = examples_copy / "sekretariat-dprd.yaml"
    dprd.write_text(
        dprd.read_text(encoding="utf-8").replace("anggaran: 107458861163", "anggaran: 100000000000")
        + "perubahan:\n  nomor: 1\n  tanggal: 2022-09-15\n"
        "  alasan: Penyesuaian target dan anggaran sesuai APBD Perubahan Tahun Anggaran 2022\n",
        encoding="utf-8",
    )
    comparison = compare_paths(Path("lama/2022"), Path("agreements/2022"))
    assert comparison.diff is not None, [str(p) for p in comparison.problems]
    return comparison.diff


def test_the_shipped_template_uses_only_fields_of_its_context():
    assert check_template(TEMPLATES / "daftar-perubahan.docx", DaftarPerubahanContext) == []


def test_the_docx_is_a_landscape_list_titled_for_the_year_with_one_row_per_change(diff):
    doc = read_docx(daftar_docx(diff, TEMPLATES, SigningDate(2022, 9, 15), diff.tempat))

    texts = [p for p in doc.paragraphs if p.strip()]
    assert texts[:2] == [
        "DAFTAR PERUBAHAN PERJANJIAN KINERJA TAHUN 2022",
        "PEMERINTAH KOTA MEDAN",
    ]
    assert texts[-2:] == [
        "5 perubahan pada 2 SKPD; 11 SKPD tidak berubah",
        "Medan, 15 September 2022",
    ]
    assert 'w:orient="landscape"' in doc.parts["word/document.xml"]

    (table,) = doc.tables
    assert table.rows[0].texts == HEADER and table.rows[0].header
    assert table.rows[1].texts == ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"]
    rows = [row.texts for row in table.rows[2:]]
    assert rows == [
        [
            "1.",
            "Sekretariat DPRD Kota Medan",
            "PK Perubahan",
            "Penyesuaian target dan anggaran sesuai APBD Perubahan Tahun Anggaran 2022",
            "",
            "Perubahan ke-1, 15 September 2022",
            "",
        ],
        [
            "",
            "",
            "Anggaran",
            "Program Dukungan Pelaksanaan Tugas dan Fungsi DPRD",
            "Rp. 107.458.861.163",
            "Rp. 100.000.000.000",
            "-Rp. 7.458.861.163",
        ],
        [
            "",
            "",
            "Jumlah anggaran",
            "",
            "Rp. 208.186.380.462",
            "Rp. 200.727.519.299",
            "-Rp. 7.458.861.163",
        ],
        [
            "2.",
            "Dinas Kesehatan Kota Medan",
            "Target",
            "Prevalensi stunting pada balita\n"
            "(sasaran: Meningkatnya derajat kesehatan masyarakat Kota Medan)",
            "17,5%",
            "16,5%",
            "",
        ],
        [
            "",
            "",
            "Target",
            "Nilai SAKIP Dinas Kesehatan Kota Medan\n"
            "(sasaran: Meningkatnya akuntabilitas kinerja Dinas Kesehatan Kota Medan)",
            "71 (BB)",
            "75 (BB)",
            "",
        ],
        [
            "",
            "",
            "Anggaran",
            "Program Peningkatan Kapasitas Sumber Daya Manusia Kesehatan",
            "Rp. 2.384.516.000",
            "Rp. 2.634.516.000",
            "+Rp. 250.000.000",
        ],
        [
            "",
            "",
            "Jumlah anggaran",
            "",
            "Rp. 711.919.297.054",
            "Rp. 712.169.297.054",
            "+Rp. 250.000.000",
        ],
    ]
    merges = [[row.cells[i].vmerge for row in table.rows[2:]] for i in (0, 1)]
    assert (
        merges
        == [["restart", "continue", "continue", "restart", "continue", "continue", "continue"]] * 2
    )


def test_a_docx_without_changes_says_so(examples_copy, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    comparison = compare_paths(Path("agreements/2022"), Path("agreements/2022"))
    assert comparison.diff is not None
    doc = read_docx(daftar_docx(comparison.diff, TEMPLATES, SigningDate(2022, 9)))
    assert "Tidak ada perubahan." in doc.paragraphs
    assert len(doc.tables[0].rows) == 2
    assert "September 2022" in doc.paragraphs


def test_the_xlsx_lists_every_change_with_numeric_selisih_and_a_summary_per_skpd(diff, tmp_path):
    path = tmp_path / "daftar.xlsx"
    path.write_bytes(daftar_xlsx(diff))
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Daftar Perubahan", "Ringkasan"]

    sheet = workbook["Daftar Perubahan"]
    assert sheet["A1"].value == "DAFTAR PERUBAHAN PERJANJIAN KINERJA TAHUN 2022"
    assert sheet["A2"].value == "PEMERINTAH KOTA MEDAN"
    header = [cell.value for cell in sheet[5]]
    assert header == [*HEADER[:6], "Selisih (Rp)", "Catatan", "Lokasi"]
    assert sheet.freeze_panes == "A6"
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=6)]
    assert [row[:7] for row in rows[3:]] == [
        [
            2,
            "Dinas Kesehatan Kota Medan",
            "Target",
            "Prevalensi stunting pada balita\n"
            "(sasaran: Meningkatnya derajat kesehatan masyarakat Kota Medan)",
            "17,5%",
            "16,5%",
            None,
        ],
        [
            2,
            "Dinas Kesehatan Kota Medan",
            "Target",
            "Nilai SAKIP Dinas Kesehatan Kota Medan\n"
            "(sasaran: Meningkatnya akuntabilitas kinerja Dinas Kesehatan Kota Medan)",
            "71 (BB)",
            "75 (BB)",
            None,
        ],
        [
            2,
            "Dinas Kesehatan Kota Medan",
            "Anggaran",
            "Program Peningkatan Kapasitas Sumber Daya Manusia Kesehatan",
            "Rp. 2.384.516.000",
            "Rp. 2.634.516.000",
            250000000,
        ],
        [
            2,
            "Dinas Kesehatan Kota Medan",
            "Jumlah anggaran",
            None,
            "Rp. 711.919.297.054",
            "Rp. 712.169.297.054",
            250000000,
        ],
    ]
    assert rows[5][8] == f"agreements/2022/dinas-kesehatan.yaml:{ANGGARAN_LINE}"
    assert sheet.cell(6 + 5, 7).number_format == "[$-421]+#,##0;-#,##0;0"

    summary = workbook["Ringkasan"]
    assert [cell.value for cell in summary[5]] == [
        "No",
        "SKPD",
        "Status",
        "Jumlah perubahan",
        "Anggaran semula (Rp)",
        "Anggaran menjadi (Rp)",
        "Selisih (Rp)",
    ]
    summary_rows = {row[1]: row for row in summary.iter_rows(min_row=6, values_only=True) if row[1]}
    assert summary_rows["Dinas Kesehatan Kota Medan"][2:] == (
        "diubah",
        3,
        711919297054,
        712169297054,
        250000000,
    )
    assert summary_rows["Dinas Komunikasi dan Informatika Kota Medan"][2:4] == ("tidak berubah", 0)


def test_the_json_is_stable_plain_data_with_raw_and_printed_values(diff):
    data = daftar_data(diff)
    assert list(data) == [
        "jenis",
        "versi",
        "semula",
        "menjadi",
        "tahun",
        "pemerintah",
        "ringkasan",
        "skpd",
    ]
    assert (data["jenis"], data["versi"]) == ("daftar-perubahan-perjanjian-kinerja", 1)
    dinkes = next(s for s in data["skpd"] if s["slug"] == "dinas-kesehatan")
    assert dinkes["perubahan"][2] == {
        "unsur": "anggaran",
        "jenis": "diubah",
        "bagian": "Anggaran",
        "uraian": "Program Peningkatan Kapasitas Sumber Daya Manusia Kesehatan",
        "sasaran": None,
        "id": "sdm-kesehatan",
        "semula": "Rp. 2.384.516.000",
        "menjadi": "Rp. 2.634.516.000",
        "selisih": 250000000,
        "selisih_teks": "+Rp. 250.000.000",
        "dasar": "id",
        "kemiripan": None,
        "yakin": True,
        "catatan": "",
        "lokasi": {"berkas": "agreements/2022/dinas-kesehatan.yaml", "baris": ANGGARAN_LINE},
    }
    assert json.loads(json.dumps(data)) == data


@pytest.mark.parametrize(
    ("name", "option"),
    [("daftar.docx", ["--tanggal", "2022-09-15"]), ("daftar.data", ["--format", "json"])],
)
def test_the_cli_writes_the_file_named_by_o(examples_copy, tmp_path, name, option):
    shutil.copytree(EXAMPLES, tmp_path / "lama" / "2022")
    only_kota_medan(tmp_path / "lama" / "2022", examples_copy)
    revise(examples_copy)
    result = pkgen("diff", "lama/2022", "agreements/2022", "-o", name, *option, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"Daftar Perubahan ditulis: {name} (3 perubahan pada 1 SKPD; 12 SKPD tidak berubah)"
    )
    written = tmp_path / name
    if name.endswith(".docx"):
        paragraphs = read_docx(written).paragraphs
        assert "DAFTAR PERUBAHAN PERJANJIAN KINERJA TAHUN 2022" in paragraphs
        assert "Medan, 15 September 2022" in paragraphs
    else:
        assert json.loads(written.read_text(encoding="utf-8"))["ringkasan"]["perubahan"] == 3


def test_a_row_does_not_repeat_a_renamed_item_in_uraian_but_keeps_its_sasaran_and_note():
    rename = Change(
        Unsur.INDIKATOR,
        Jenis.DIUBAH,
        "Uraian indikator",
        "Angka keberhasilan pengobatan TBC",
        "Angka keberhasilan pengobatan Tuberkulosis",
        "Angka keberhasilan pengobatan TBC",
        sasaran="Menurunnya angka kesakitan",
        yakin=False,
        catatan="mungkin sama dengan «Angka keberhasilan pengobatan Tuberkulosis» (kemiripan 86%)",
    )
    skpd = SkpdDiff(SkpdKey("", "dinkes"), "Dinas Kesehatan", StatusSkpd.DIUBAH, (rename,), 1, 1)
    diff = RevisionDiff("a", "b", 2022, None, None, (skpd,))
    (row,) = daftar_context(diff, SigningDate(2022, 9, 15)).baris
    assert row.uraian == (
        "(sasaran: Menurunnya angka kesakitan)\n"
        "Catatan: mungkin sama dengan «Angka keberhasilan pengobatan Tuberkulosis» (kemiripan 86%)"
    )
    assert (row.semula, row.menjadi) == (rename.semula, rename.menjadi)


def test_the_date_of_the_daftar_is_written_as_staff_write_dates():
    assert parse_tanggal("2022-09-15") == SigningDate(2022, 9, 15)
    assert parse_tanggal("15 September 2022") == SigningDate(2022, 9, 15)
    assert parse_tanggal("September 2022") == SigningDate(2022, 9)


def test_the_docx_is_valid_wordprocessingml_titled_by_the_daftar(diff):
    import io

    import docx as docx_lib
    from docx_validity import violations

    docx = daftar_docx(diff, TEMPLATES, SigningDate(2022, 9, 15), diff.tempat)
    assert violations(docx) == []
    core = docx_lib.Document(io.BytesIO(docx)).core_properties
    assert core.title == "Daftar Perubahan Perjanjian Kinerja Tahun 2022 — Pemerintah Kota Medan"
    assert core.author == "Pemerintah Kota Medan"
    assert core.language == "id-ID"
