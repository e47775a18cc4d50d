"""Importing the workbook an SKPD filled in: every error at its cell, in Indonesian, all at
once, and nothing written unless the whole import is clean."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import EXAMPLES
from test_cli import pkgen
from workbooks import (
    calc_convert,
    edit,
    empty_year_folder,
    exported,
    identity_cell,
    row_with,
)

from generator.data.loading import load_batch
from generator.workbook.export import export
from generator.workbook.formulas import with_cached_values
from generator.workbook.importer import apply_plan, plan_import, read_agreement

DPRD = "sekretariat-dprd"


@pytest.fixture
def dprd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The Sekretariat DPRD example exported to ./sekretariat-dprd.xlsx (cwd = tmp_path)."""
    monkeypatch.chdir(tmp_path)
    return exported(DPRD, tmp_path)


def problems(path: Path) -> list[str]:
    _, found = read_agreement(path)
    return [str(p) for p in found]


def imported(path: Path):
    agreement, found = read_agreement(path)
    assert agreement is not None, [str(p) for p in found]
    return agreement.model


def target_of(model, sasaran: int, indikator: int):
    return model.sasaran[sasaran].indikator[indikator].target


def set_target(value, number_format: str | None = None, code: str = "ikm-pimpinan"):
    def change(workbook):
        sheet = workbook["Sasaran"]
        cell = sheet[f"D{row_with(sheet, code)}"]
        cell.value = value
        if number_format:
            cell.number_format = number_format

    return change


# ----------------------------------------------------------------------------- errors


def test_text_in_an_anggaran_cell_is_rejected_with_sheet_and_cell_exit_code_1_and_nothing_written(
    tmp_path,
):
    exported(DPRD, tmp_path)
    edit(tmp_path / f"{DPRD}.xlsx", lambda wb: wb["Program"].__setitem__("C4", "abc"))
    into = empty_year_folder(tmp_path)

    result = pkgen("import", f"{DPRD}.xlsx", "--into", "agreements/2022", cwd=tmp_path)

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "sekretariat-dprd.xlsx: Program!C4: anggaran harus bilangan bulat rupiah, ditemukan "
        """'abc' (tulis tanpa desimal, misalnya 100727519299 atau "100.727.519.299")""",
        "1 kesalahan; tidak ada berkas yang ditulis",
    ]
    assert sorted(p.name for p in into.iterdir()) == ["logo-kota-medan.png", "pemda.yaml"]


def test_a_missing_target_is_reported_at_its_cell(dprd):
    edit(dprd, set_target(None, code="ikm-asn"))
    assert problems(dprd) == ["sekretariat-dprd.xlsx: Sasaran!D5: wajib diisi"]


def test_a_satuan_pkgen_does_not_know_is_taken_as_typed(dprd):
    edit(dprd, lambda wb: wb["Sasaran"].__setitem__("E3", "poin kinerja"))
    assert problems(dprd) == []
    assert imported(dprd).sasaran[0].indikator[0].satuan == "poin kinerja"


def test_ambiguous_or_non_whole_rupiah_are_errors_not_guesses(dprd):
    def change(workbook):
        program = workbook["Program"]
        program["C3"] = "1,5 M"
        program["C4"] = "1.5"
        program["A5"], program["B5"], program["C5"] = 3, "Program Baru", 1.5

    edit(dprd, change)
    assert problems(dprd) == [
        "sekretariat-dprd.xlsx: Program!C3: anggaran harus bilangan bulat rupiah, ditemukan "
        """'1,5 M' (tulis tanpa desimal, misalnya 100727519299 atau "100.727.519.299")""",
        "sekretariat-dprd.xlsx: Program!C4: anggaran harus bilangan bulat rupiah, ditemukan "
        """'1.5' (tulis tanpa desimal, misalnya 100727519299 atau "100.727.519.299")""",
        "sekretariat-dprd.xlsx: Program!C5: anggaran harus bilangan bulat rupiah tanpa pecahan, "
        "ditemukan 1.5",
    ]


def test_a_formula_without_a_cached_value_asks_to_open_and_save_the_file_once(dprd):
    edit(dprd, lambda wb: wb["Program"].__setitem__("C4", "=C3*2"))
    assert problems(dprd) == [
        "sekretariat-dprd.xlsx: Program!C4: berisi rumus =C3*2 tanpa nilai tersimpan; buka "
        "berkas ini di Excel atau LibreOffice Calc lalu simpan sekali agar hasil rumus ikut "
        "tersimpan"
    ]


def test_a_formula_is_read_by_its_cached_value(dprd):
    edit(dprd, lambda wb: wb["Program"].__setitem__("C4", "=C3*2"))
    dprd.write_bytes(with_cached_values(dprd.read_bytes(), {"Program": {"C4": 201455038598}}))
    assert imported(dprd).program[1].anggaran == 201455038598


def test_a_nip_stored_as_a_number_has_lost_digits_and_is_an_error(dprd):
    def change(workbook):
        identity = workbook["Identitas"]
        identity[identity_cell(identity, "NIP pihak pertama")] = 197903171999121001

    edit(dprd, change)
    assert problems(dprd) == [
        "sekretariat-dprd.xlsx: Identitas!B24: NIP tersimpan sebagai angka sehingga angka "
        "terakhirnya hilang; ubah format sel menjadi Teks lalu ketik ulang NIP (atau awali "
        "dengan tanda ')"
    ]


def test_a_number_that_became_a_date_is_an_error(dprd):
    edit(dprd, set_target(datetime.datetime(2022, 9, 2)))
    assert problems(dprd) == [
        "sekretariat-dprd.xlsx: Sasaran!D6: terbaca sebagai tanggal/waktu (2022-09-02), bukan "
        "angka target; ubah format sel menjadi Teks lalu ketik ulang isinya"
    ]


def test_every_error_of_every_workbook_is_reported_at_once_in_reading_order(dprd, tmp_path):
    def change(workbook):
        identity = workbook["Identitas"]
        identity[identity_cell(identity, "Nama unit kerja")] = None
        identity[identity_cell(identity, "Bulan penandatanganan (1–12)")] = 13
        sasaran = workbook["Sasaran"]
        sasaran["D3"] = "tinggi"
        sasaran["D12"] = 70  # a target without its indikator (the row joins the last sasaran)
        workbook["Program"]["C4"] = "abc"

    edit(dprd, change)
    other = edit(dprd, lambda wb: wb["Program"].__setitem__("B3", None), to=tmp_path / "lain.xlsx")
    plan = plan_import([dprd, other], empty_year_folder(tmp_path))
    assert [str(p) for p in plan.problems if p.is_error] == [
        "sekretariat-dprd.xlsx: Identitas!B6: wajib diisi",
        "sekretariat-dprd.xlsx: Identitas!B17: bulan harus angka 1–12, ditemukan 13",
        "sekretariat-dprd.xlsx: Sasaran!D3: target 'tinggi' bukan kategori skala nilai SAKIP "
        "(AA, A, BB, B, CC, C, D) menurut PermenPAN dan RB Nomor 12 Tahun 2015",
        "sekretariat-dprd.xlsx: Sasaran!C12: wajib diisi",
        "sekretariat-dprd.xlsx: Program!C4: anggaran harus bilangan bulat rupiah, ditemukan "
        """'abc' (tulis tanpa desimal, misalnya 100727519299 atau "100.727.519.299")""",
        "lain.xlsx: Identitas!B6: wajib diisi",
        "lain.xlsx: Identitas!B17: bulan harus angka 1–12, ditemukan 13",
        "lain.xlsx: Sasaran!D3: target 'tinggi' bukan kategori skala nilai SAKIP "
        "(AA, A, BB, B, CC, C, D) menurut PermenPAN dan RB Nomor 12 Tahun 2015",
        "lain.xlsx: Sasaran!C12: wajib diisi",
        "lain.xlsx: Program!B3: wajib diisi",
        "lain.xlsx: Program!C4: anggaran harus bilangan bulat rupiah, ditemukan "
        """'abc' (tulis tanpa desimal, misalnya 100727519299 atau "100.727.519.299")""",
    ]
    assert not plan.ok
    with pytest.raises(ValueError):
        apply_plan(plan)


def test_a_renamed_sheet_or_header_is_reported_not_guessed(dprd):
    def change(workbook):
        workbook["Program"].title = "Anggaran"
        workbook["Sasaran"]["D1"] = "Target 2022"

    edit(dprd, change)
    assert problems(dprd) == [
        "sekretariat-dprd.xlsx: lembar 'Program' tidak ditemukan; pakai formulir dari "
        "'pkgen export' dan jangan mengganti nama lembarnya",
        "sekretariat-dprd.xlsx: Sasaran!A1: kolom 'Target' tidak ditemukan di baris judul; "
        "jangan mengubah atau menghapus judul kolom",
    ]


def test_a_code_used_twice_is_reported_with_both_cells(dprd):
    edit(dprd, lambda wb: wb["Program"].__setitem__("E4", "administrasi-umum"))
    assert problems(dprd) == [
        "sekretariat-dprd.xlsx: Program!E4: kode 'administrasi-umum' sudah dipakai di Program!E3"
    ]


def test_the_signing_date_is_read_from_day_month_and_year(dprd):
    def date(day, month, year=2022):
        def change(workbook):
            identity = workbook["Identitas"]
            identity[identity_cell(identity, "Tanggal penandatanganan (hari)")] = day
            identity[identity_cell(identity, "Bulan penandatanganan (1–12)")] = month
            identity[identity_cell(identity, "Tahun penandatanganan")] = year

        return change

    edit(dprd, date(None, 1))
    assert str(imported(dprd).tanggal) == "Januari 2022"
    edit(dprd, date(10, "Februari"))
    assert str(imported(dprd).tanggal) == "2022-02-10"
    edit(dprd, date(29, 2))
    assert problems(dprd) == [
        "sekretariat-dprd.xlsx: Identitas!B16: tanggal 29 Februari 2022 tidak ada di kalender"
    ]


def test_the_year_must_match_the_folder_it_is_imported_into(dprd, tmp_path):
    def change(workbook):
        identity = workbook["Identitas"]
        identity[identity_cell(identity, "Tahun perjanjian")] = 2023

    edit(dprd, change)
    plan = plan_import([dprd], empty_year_folder(tmp_path))
    assert [str(p) for p in plan.problems] == [
        "sekretariat-dprd.xlsx: Identitas!B4: tahun 2023 tidak sama dengan folder 2022"
    ]


def test_two_workbooks_for_the_same_skpd_are_rejected(dprd, tmp_path):
    copy = edit(dprd, lambda wb: None, to=tmp_path / "salinan.xlsx")
    plan = plan_import([dprd, copy], empty_year_folder(tmp_path))
    assert [str(p) for p in plan.problems] == [
        "salinan.xlsx: Identitas!B3: SKPD 'sekretariat-dprd' juga diimpor dari "
        "sekretariat-dprd.xlsx"
    ]


def test_a_file_that_is_not_a_workbook_is_reported(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lama.xls").write_bytes(b"\xd0\xcf\x11\xe0 not a zip")
    assert problems(tmp_path / "lama.xls") == [
        "lama.xls: format .xls tidak didukung; simpan ulang sebagai .xlsx (Excel 2007-365)"
    ]
    (tmp_path / "rusak.xlsx").write_text("bukan zip")
    assert problems(tmp_path / "rusak.xlsx") == [
        "rusak.xlsx: bukan berkas .xlsx yang bisa dibaca (rusak, atau bukan lembar kerja)"
    ]


# ----------------------------------------------------------------------------- layout as staff use it


def test_sasaran_cells_merged_by_hand_over_their_indikator_rows_are_one_sasaran(tmp_path):
    export([EXAMPLES / f"{DPRD}.yaml"], tmp_path / "form.xlsx", blank=True)

    def fill(workbook):
        sheet = workbook["Sasaran"]
        rows = [
            (1, "Meningkatnya akuntabilitas", "Nilai SAKIP", 66, None, "sakip"),
            (None, None, "Nilai evaluasi RB", "70,5", "nilai", None),
            (None, None, "Jumlah laporan kinerja", 12, "laporan", None),
            (2, "Meningkatnya kepuasan layanan", "IKM Sekretariat", "3,10", None, "ikm"),
            (None, "Meningkatnya kepuasan layanan", "IKM DPRD", "3,20", None, "ikm"),
        ]
        for offset, values in enumerate(rows):
            for column, value in enumerate(values, start=1):
                sheet.cell(3 + offset, column, value)
        sheet.merge_cells("A3:A5")
        sheet.merge_cells("B3:B5")
        program = workbook["Program"]
        program["B3"], program["C3"] = "Program Administrasi Umum", "100.727.519.299"

    edit(tmp_path / "form.xlsx", fill)
    model = imported(tmp_path / "form.xlsx")
    assert [(s.uraian, [i.uraian for i in s.indikator]) for s in model.sasaran] == [
        (
            "Meningkatnya akuntabilitas",
            ["Nilai SAKIP", "Nilai evaluasi RB", "Jumlah laporan kinerja"],
        ),
        ("Meningkatnya kepuasan layanan", ["IKM Sekretariat", "IKM DPRD"]),
    ]
    assert [str(i.target) for s in model.sasaran for i in s.indikator] == [
        "66",
        "70.5",
        "12",
        "3.10",
        "3.20",
    ]
    assert model.program[0].anggaran == 100727519299
    assert model.program[0].keterangan == "APBD"


# ----------------------------------------------------------------------------- precision


def test_a_target_stored_as_2_9_with_format_0_00_comes_back_as_2_90(dprd):
    edit(dprd, set_target(2.9, "0.00"))
    assert target_of(imported(dprd), 2, 0).value.as_tuple() == Decimal("2.90").as_tuple()


def test_a_target_typed_as_text_2_90_comes_back_as_2_90(dprd):
    edit(dprd, set_target("2,90", "@"))
    assert str(target_of(imported(dprd), 2, 0).value) == "2.90"


def test_a_float_artefact_comes_back_as_the_number_the_cell_shows(dprd):
    edit(dprd, set_target(2.8999999999999999, "General"))
    assert str(target_of(imported(dprd), 2, 0).value) == "2.9"


def test_a_target_cell_hiding_decimals_is_an_error(dprd):
    edit(dprd, set_target(3.0644, "0.00", code="ikm-dprd"))
    assert problems(dprd) == [
        "sekretariat-dprd.xlsx: Sasaran!D4: angka 3,0644 tampil sebagai 3,06 karena format sel; "
        "ubah format sel agar semua desimal tampil, atau ketik angka yang dimaksud"
    ]


def test_a_percent_formatted_target_is_read_as_the_percentage_shown(dprd):
    def change(workbook):
        set_target(0.855, "0.0%")(workbook)
        workbook["Sasaran"]["F6"] = None  # a percentage is not on the IKM scale

    edit(dprd, change)
    target = target_of(imported(dprd), 2, 0)
    assert (str(target.value), target.percent) == ("85.5", True)


def test_rupiah_typed_as_text_with_dots_is_accepted(dprd):
    edit(dprd, lambda wb: wb["Program"].__setitem__("C3", "Rp. 100.727.519.300"))
    assert imported(dprd).program[0].anggaran == 100727519300


# ----------------------------------------------------------------------------- the real client


@pytest.mark.slow
def test_a_workbook_resaved_by_libreoffice_calc_still_imports_unchanged(dprd, tmp_path):
    def change(workbook):
        sasaran = workbook["Sasaran"]
        sasaran.merge_cells("B4:B5")
        set_target("2,90", "@")(workbook)
        workbook["Program"]["C4"] = "=C3+6731341864"

    edit(dprd, change)
    dprd.write_bytes(with_cached_values(dprd.read_bytes(), {"Program": {"C4": 107458861163}}))
    before = imported(dprd)
    (resaved,) = calc_convert(dprd, "xlsx:Calc Office Open XML", tmp_path / "calc")

    after = imported(resaved)

    assert repr(after) == repr(before)
    (original,) = load_batch([EXAMPLES / f"{DPRD}.yaml"]).agreements
    assert repr(after) == repr(original.model)  # the PK and its lampiran
    workbook = openpyxl.load_workbook(io.BytesIO(resaved.read_bytes()))
    assert workbook["Sasaran"].protection.sheet
    assert workbook["Program"]["C4"].value == "=C3+6731341864"
