"""The recap for leadership: every SKPD in one workbook, totals as live formulas whose
results pkgen also stores."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import EXAMPLES, SKPD_YAML
from lxml import etree
from test_cli import pkgen
from workbooks import calc_convert

from generator.data.loading import load_batch
from generator.workbook.recap import write_recap

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


# The SKPD of Kota Medan (the pemda of agreements/2022 itself; its subfolders are others).
MEDAN = sorted(p for p in EXAMPLES.glob("*.yaml") if p.name != "pemda.yaml")


@pytest.fixture(scope="module")
def recap(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("recap") / "rekap-pk-2022.xlsx"
    assert write_recap(MEDAN, path) == []
    return path


def all_anggaran() -> int:
    agreements = load_batch(MEDAN).agreements
    return sum(
        p.anggaran
        for a in agreements
        if a.kind.key == "perjanjian-kinerja" and a.jabatan_id is None  # SKPD PKs only
        for p in a.model.program
    )


def test_the_grand_total_is_a_formula_whose_stored_value_is_the_sum_of_all_anggaran(recap):
    formulas = openpyxl.load_workbook(recap)["Program"]
    values = openpyxl.load_workbook(recap, data_only=True)["Program"]
    last = formulas.max_row
    assert formulas.cell(last, 2).value == "JUMLAH SELURUH SKPD"
    assert formulas.cell(last, 4).value.startswith("=SUM(D")
    assert values.cell(last, 4).value == all_anggaran() == 995981572786


def test_each_skpd_has_a_sum_formula_over_its_programs(recap):
    formulas = openpyxl.load_workbook(recap)["Program"]
    values = openpyxl.load_workbook(recap, data_only=True)["Program"]
    totals = {
        formulas.cell(r, 2).value: (formulas.cell(r, 4).value, values.cell(r, 4).value)
        for r in range(2, formulas.max_row + 1)
        if str(formulas.cell(r, 2).value).startswith("Jumlah ")
    }
    assert totals["Jumlah Sekretariat DPRD Kota Medan"] == ("=SUM(D2:D3)", 208186380462)
    assert len(totals) == 5


def test_every_formula_in_the_recap_has_a_cached_value(recap):
    with zipfile.ZipFile(recap) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        formula_cells = [
            cell
            for name in sheets
            for cell in etree.fromstring(archive.read(name)).iter(f"{MAIN}c")
            if cell.find(f"{MAIN}f") is not None
        ]
    assert len(formula_cells) == 5 + 1 + 5 + 4  # SKPD sums, grand total, summary column, totals
    assert all((c.findtext(f"{MAIN}v") or "").isdigit() for c in formula_cells)


def test_one_row_per_indikator_with_an_skpd_column_and_an_autofilter(recap):
    sheet = openpyxl.load_workbook(recap)["Indikator"]
    assert [c.value for c in sheet[1]] == [
        "No",
        "SKPD",
        "Sasaran Strategis",
        "Indikator Kinerja",
        "Target",
        "Satuan",
        "Skala",
        "Kategori",
    ]
    assert sheet.max_row - 1 == 34
    assert sheet.auto_filter.ref == "A1:H35"
    first = [c.value for c in sheet[2]]
    assert first[1:] == [
        "Sekretariat DPRD Kota Medan",
        "Meningkatnya Akuntabilitas Kinerja Sekretariat DPRD Kota Medan",
        "Nilai SAKIP Sekretariat DPRD Kota Medan",
        66,
        None,
        "sakip",
        "B",
    ]
    ikm = sheet["E5"]
    assert (ikm.value, ikm.number_format) == (2.9, "[$-421]#,##0.00")
    assert sheet.freeze_panes == "A2"


def test_the_summary_refers_to_the_program_totals(recap):
    formulas = openpyxl.load_workbook(recap)["Ringkasan"]
    values = openpyxl.load_workbook(recap, data_only=True)["Ringkasan"]
    assert [c.value for c in formulas[2]] == [
        1,
        "Sekretariat DPRD Kota Medan",
        3,
        4,
        2,
        "='Program'!D4",
    ]
    assert [c.value for c in values[7]] == [None, "JUMLAH", 18, 34, 21, 995981572786]


def test_no_recap_is_written_when_an_skpd_fails_to_load(year_folder, tmp_path):
    year_folder(baik=SKPD_YAML, rusak=SKPD_YAML.replace("anggaran: 100727519299", "anggaran: x"))
    result = pkgen("export", "agreements/2022", "--recap", "rekap.xlsx", cwd=tmp_path)
    assert result.returncode == 1
    assert "agreements/2022/rusak.yaml:20: program[0].anggaran" in result.stderr
    assert "Rekap tidak ditulis." in result.stderr
    assert not (tmp_path / "rekap.xlsx").exists()


@pytest.mark.slow
def test_the_recap_opens_in_libreoffice_calc_with_the_same_grand_total(tmp_path):
    result = pkgen("export", *map(str, MEDAN), "--recap", "rekap-pk-2022.xlsx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Rekap ditulis: rekap-pk-2022.xlsx"
    # every sheet as shown (formatted), UTF-8, comma separated
    written = calc_convert(
        tmp_path / "rekap-pk-2022.xlsx",
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
        tmp_path / "csv",
    )
    sheets = {p.stem.removeprefix("rekap-pk-2022-"): p for p in written}
    assert sorted(sheets) == ["Indikator", "Jenjang", "Program", "Ringkasan"]
    rows = list(csv.reader(sheets["Program"].read_text(encoding="utf-8").splitlines()))
    assert rows[-1] == ["", "JUMLAH SELURUH SKPD", "", "995.981.572.786", ""]
    summary = list(csv.reader(sheets["Ringkasan"].read_text(encoding="utf-8").splitlines()))
    assert summary[-1] == ["", "JUMLAH", "18", "34", "21", "995.981.572.786"]
    (pdf,) = calc_convert(tmp_path / "rekap-pk-2022.xlsx", "pdf", tmp_path / "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_the_recap_counts_each_unit_once_leaving_out_its_kepala_bidang_pk(tmp_path):
    sukamaju = EXAMPLES / "kabupaten-sukamaju"
    path = tmp_path / "rekap.xlsx"
    assert write_recap([sukamaju], path) == []
    values = openpyxl.load_workbook(path, data_only=True)["Program"]
    totals = [
        values.cell(r, 2).value
        for r in range(2, values.max_row + 1)
        if str(values.cell(r, 2).value).startswith("Jumlah ")
    ]
    assert totals == [
        "Jumlah Inspektorat Kabupaten Sukamaju",
        "Jumlah RSUD Sukamaju",
        "Jumlah Kecamatan Sukamaju Kota",
    ]
    unit_heads = [a for a in load_batch([sukamaju]).agreements if a.jabatan_id is None]
    grand_total = sum(p.anggaran for a in unit_heads for p in a.model.program)
    assert values.cell(values.max_row, 4).value == grand_total


def test_the_jenjang_sheet_lists_every_level_with_the_atasan_indikator_each_supports(recap):
    sheet = openpyxl.load_workbook(recap)["Jenjang"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    ladder = [a for a in load_batch(MEDAN).agreements if a.slug == "dinas-kesehatan"]
    assert len(rows) == sum(len(s.indikator) for a in ladder for s in a.model.sasaran) == 33
    assert rows[0][1:4] == ["II", "Dinas Kesehatan Kota Medan", "Kepala Dinas Kesehatan Kota Medan"]
    assert rows[0][7] is None  # the Kepala Dinas supports no atasan in the SKPD
    posyandu = next(r for r in rows if r[5] == "Persentase Posyandu aktif (purnama dan mandiri)")
    assert posyandu[1] == "IV"
    assert posyandu[6] == 75
    assert posyandu[7] == (
        "Persentase balita bermasalah gizi yang mendapat intervensi gizi spesifik"
    )
    # Hierarchy order: each PK followed by the PKs below it.
    jabatan = list(dict.fromkeys(r[3] for r in rows))
    assert jabatan[:4] == [
        "Kepala Dinas Kesehatan Kota Medan",
        "Kepala Bidang Kesehatan Masyarakat Dinas Kesehatan Kota Medan",
        "Kepala Seksi Kesehatan Keluarga dan Gizi Dinas Kesehatan Kota Medan",
        "Kepala Seksi Promosi dan Pemberdayaan Masyarakat Dinas Kesehatan Kota Medan",
    ]
    assert "Plt. Kepala Bidang Pencegahan dan Pengendalian Penyakit Dinas Kesehatan Kota Medan" in (
        jabatan
    )
