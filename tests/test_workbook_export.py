"""The workbook pkgen hands to an SKPD: the blank form and an exported agreement."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from conftest import EXAMPLES, dedent
from test_cli import pkgen
from workbooks import EXAMPLE_SLUGS, exported, identity_cell, row_with

from generator.domain.reference import SATUAN
from generator.workbook.export import export
from generator.workbook.layout import PK_LAYOUT


def blank_form(tmp_path: Path, source: Path = EXAMPLES / "sekretariat-dprd.yaml"):
    report = export([source], tmp_path / "form.xlsx", blank=True)
    assert report.ok, report.problems
    return openpyxl.load_workbook(tmp_path / "form.xlsx")


def test_the_blank_form_has_instructions_a_sheet_per_part_and_a_hidden_list_sheet(tmp_path):
    workbook = blank_form(tmp_path)
    assert workbook.sheetnames == [
        "Petunjuk",
        "Identitas",
        "Sasaran",
        "Program",
        "Lampiran I",
        "Komponen",
        "Penjelasan",
        "Survei",
        "Roadmap",
        "Daftar",
    ]
    assert [workbook[n].sheet_state for n in workbook.sheetnames] == ["visible"] * 9 + ["hidden"]
    assert workbook.active.title == "Petunjuk"
    instructions = [c.value for c in workbook["Petunjuk"]["A"] if c.value]
    assert instructions[0] == "Perjanjian Kinerja Sekretariat DPRD Kota Medan 2022"
    assert any("Target diketik seperti akan tercetak: 2,90 tetap 2,90" in t for t in instructions)
    assert any(t.startswith("sakip: skala nilai SAKIP") for t in instructions)


def test_tables_have_indonesian_headers_a_hint_row_and_no_rows_yet(tmp_path):
    workbook = blank_form(tmp_path)
    sasaran, program = workbook["Sasaran"], workbook["Program"]
    assert [c.value for c in sasaran[1]] == [
        "No",
        "Sasaran Strategis",
        "Indikator Kinerja",
        "Target",
        "Satuan",
        "Skala",
        "Kode sasaran",
        "Kode indikator",
        "Mendukung indikator atasan",
    ]
    assert [c.value for c in program[1]] == [
        "No",
        "Program",
        "Anggaran (Rp)",
        "Keterangan",
        "Kode program",
        "Mendukung program atasan",
    ]
    assert sasaran["D2"].value == "2,90 · 66 · 85,5 · B"
    assert all(c.value is None for row in sasaran.iter_rows(min_row=3) for c in row)
    assert all(c.value is None for row in program.iter_rows(min_row=3) for c in row)


def test_header_cells_are_locked_and_data_cells_free_under_sheet_protection(tmp_path):
    workbook = blank_form(tmp_path)
    for name in ("Identitas", "Sasaran", "Program"):
        sheet = workbook[name]
        assert sheet.protection.sheet
        assert sheet.protection.password is None
        assert not sheet.protection.insertRows and not sheet.protection.deleteRows
        assert sheet["A1"].protection.locked
    sasaran = workbook["Sasaran"]
    assert sasaran["D2"].protection.locked
    assert not any(c.protection.locked for c in sasaran[3])
    assert not any(c.protection.locked for c in sasaran[62])
    identity = workbook["Identitas"]
    nip = identity_cell(identity, "NIP pihak pertama")
    assert not identity[nip].protection.locked
    assert identity["A" + nip[1:]].protection.locked
    assert identity["C" + nip[1:]].protection.locked


def test_panes_are_frozen_below_the_headers_and_columns_fit(tmp_path):
    workbook = blank_form(tmp_path)
    assert workbook["Sasaran"].freeze_panes == "A3"
    assert workbook["Program"].freeze_panes == "A3"
    assert workbook["Identitas"].freeze_panes == "A2"
    widths = workbook["Sasaran"].column_dimensions
    assert widths["A"].width < widths["D"].width < widths["B"].width


def test_satuan_skala_and_month_come_from_lists(tmp_path):
    workbook = blank_form(tmp_path)
    lists = workbook["Daftar"]
    assert [c.value for c in lists["A"][1:]] == list(SATUAN)
    assert [c.value for c in lists["C"][1:13]] == list(range(1, 13))
    rules = {
        str(v.sqref): (v.type, v.formula1)
        for v in workbook["Sasaran"].data_validations.dataValidation
    }
    assert rules["E3:E62"] == ("list", f"'Daftar'!$A$2:$A${len(SATUAN) + 1}")
    assert rules["F3:F62"] == ("list", "'Daftar'!$B$2:$B$4")
    assert [c.value for c in lists["B"][1:4]] == ["sakip", "ikm", "ikm-konversi"]
    identity = workbook["Identitas"]
    month = identity_cell(identity, "Bulan penandatanganan (1–12)")
    month_rules = [
        (v.type, v.formula1)
        for v in identity.data_validations.dataValidation
        if str(v.sqref) == month
    ]
    assert month_rules == [("list", "'Daftar'!$C$2:$C$13")]


def test_the_identity_is_filled_in_from_the_data_file(tmp_path):
    identity = blank_form(tmp_path)["Identitas"]

    def value(label: str):
        return identity[identity_cell(identity, label)].value

    assert value("Kode SKPD (nama berkas data)") == "sekretariat-dprd"
    assert value("Tahun perjanjian") == 2022
    assert value("Nama unit kerja") == "Sekretariat Dewan Perwakilan Rakyat Daerah"
    assert value("Kode pos") == "20112"
    assert value("NIP pihak pertama") == "197903171999121001"
    assert identity[identity_cell(identity, "NIP pihak pertama")].number_format == "@"
    assert value("Bulan penandatanganan (1–12)") == 1
    assert value("Tanggal penandatanganan (hari)") is None
    assert value("Nama pihak kedua") is None
    pihak_kedua = next(
        row for row in identity.iter_rows() if row[0].value == "PIHAK KEDUA (atasan pihak pertama)"
    )
    assert pihak_kedua[2].value == (
        "kosongkan seluruhnya bila pihak kedua adalah kepala daerah "
        "(MUHAMMAD BOBBY AFIF NASUTION, S.E., M.M., Wali Kota Medan)"
    )


def test_a_blank_form_from_an_incomplete_stub_keeps_what_is_valid(year_folder, tmp_path):
    folder = year_folder(
        dinas_baru="""
        tahun: 2023
        unit: {nama: Dinas Baru, nama_singkat: Dinas Baru Kota Medan}
        pihak_pertama: {nama: Drs. X, nip: 12345}
        """
    )
    identity = blank_form(tmp_path, folder / "dinas-baru.yaml")["Identitas"]
    assert identity[identity_cell(identity, "Nama singkat unit kerja")].value == (
        "Dinas Baru Kota Medan"
    )
    assert identity[identity_cell(identity, "Nama pihak pertama")].value == "Drs. X"
    assert identity[identity_cell(identity, "NIP pihak pertama")].value is None
    assert identity[identity_cell(identity, "Tahun perjanjian")].value == 2023


def test_an_export_shows_every_number_with_its_own_decimals(tmp_path):
    workbook = openpyxl.load_workbook(exported("sekretariat-dprd", tmp_path))
    sasaran = workbook["Sasaran"]
    cells = {
        code: sasaran[f"D{row_with(sasaran, code)}"]
        for code in ("nilai-sakip", "ikm-dprd", "ikm-pimpinan")
    }
    assert [(c.value, c.number_format) for c in cells.values()] == [
        (66, "[$-421]#,##0"),
        (3.0644, "[$-421]#,##0.0000"),
        (2.9, "[$-421]#,##0.00"),
    ]
    program = workbook["Program"]
    assert (program["C3"].value, program["C3"].number_format) == (100727519299, "[$-421]#,##0")
    assert [sasaran.cell(r, 2).value is not None for r in range(3, 7)] == [True, True, False, True]


def test_text_targets_percent_and_stated_categories_are_written_as_text(year_folder, tmp_path):
    folder = year_folder(
        dinas=dedent(
            """
            tahun: 2022
            unit: {nama: Dinas, nama_singkat: Dinas Kota Medan, alamat: Jalan 1}
            tanggal: 2022-02-10
            pihak_pertama: {nama: X, jabatan: Kepala, pangkat: Pembina, nip: 197903171999121001}
            sasaran:
              - uraian: S
                indikator:
                  - {uraian: A, target: 85.5%}
                  - {uraian: B, target: 66 (B), skala: sakip}
                  - {uraian: C, target: Menuju Informatif, satuan: predikat}
            program:
              - {nama: P, anggaran: 5}
            """
        )
    )
    report = export([folder / "dinas.yaml"], tmp_path / "dinas.xlsx", blank=False)
    assert report.ok
    sasaran = openpyxl.load_workbook(tmp_path / "dinas.xlsx")["Sasaran"]
    assert [sasaran.cell(r, 4).value for r in (3, 4, 5)] == ["85,5%", "66 (B)", "Menuju Informatif"]
    identity = openpyxl.load_workbook(tmp_path / "dinas.xlsx")["Identitas"]
    assert identity[identity_cell(identity, "Tanggal penandatanganan (hari)")].value == 10


@pytest.mark.slow  # every example, several times: the slow set
def test_export_of_a_folder_writes_one_workbook_per_skpd_below_output(examples_copy, tmp_path):
    result = pkgen("export", "agreements/2022", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in (tmp_path / "output/2022/excel").iterdir())
    assert written == sorted(f"{slug}.xlsx" for slug in EXAMPLE_SLUGS)  # jabatan PKs too
    result = pkgen("export", "--blank", "agreements/2022", "-o", "formulir", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    # A blank form for every data file (a jabatan's PK too, which has no filled workbook yet).
    every_file = sorted(f"{p.stem}.xlsx" for p in examples_copy.glob("*.yaml") if p.stem != "pemda")
    assert sorted(p.name for p in (tmp_path / "formulir").glob("*.xlsx")) == every_file
    # Another pemda keeps its subfolder; a kepala bidang's PK has its own workbook.
    sukamaju = sorted(p.name for p in (tmp_path / "output/2022/kabupaten-sukamaju/excel").iterdir())
    assert sukamaju == [
        "inspektorat.xlsx",
        "kecamatan-sukamaju-kota.xlsx",
        "rsud-sukamaju-bidang-pelayanan.xlsx",
        "rsud-sukamaju.xlsx",
    ]


def test_the_layout_is_declared_once_for_export_and_import():
    assert [t.name for t in PK_LAYOUT.tables] == ["Sasaran", "Program"]
    covered = PK_LAYOUT.covered_keys()
    assert covered.named[("sasaran", "*", "indikator", "*")] == [
        "uraian",
        "target",
        "satuan",
        "skala",
        "id",
        "mendukung",
        "baseline",
        "renstra",
        "misi",
        "formulasi",
        "komponen",
    ]
    assert covered.named[("lampiran",)] == ["peraturan_sakip", "penjelasan", "roadmap"]
    # The lampiran parts are held in full: every key below them.
    assert covered.keys(("lampiran", "penjelasan", "*", "isi", "*"), ["teks", "isi"]) == [
        "teks",
        "isi",
    ]
    assert covered.keys(("program", "*", "x"), ["y"]) == []
