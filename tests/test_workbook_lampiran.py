"""The lampiran in the workbook: a sheet per part, the narrative as rows with their depth,
every text exactly as written, and every error at its cell."""

from __future__ import annotations

import datetime
from pathlib import Path

import openpyxl
import pytest
from conftest import EXAMPLES, dedent
from test_cli import pkgen
from workbooks import edit, empty_year_folder, exported, identity_cell, row_with

from generator.data.loading import load_batch
from generator.data.models.lampiran import Lampiran, TableKind
from generator.domain.reference import SATUAN
from generator.revision.yaml_changes import yaml_changes
from generator.workbook.export import agreement_workbook, export
from generator.workbook.importer import apply_plan, plan_import, read_agreement

DPRD = "sekretariat-dprd"
KECAMATAN = "kecamatan-medan-baru"
LAMPIRAN_SHEETS = ("Lampiran I", "Komponen", "Penjelasan", "Survei", "Roadmap")


@pytest.fixture
def dprd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The Sekretariat DPRD example exported to ./sekretariat-dprd.xlsx (cwd = tmp_path)."""
    monkeypatch.chdir(tmp_path)
    return exported(DPRD, tmp_path)


@pytest.fixture
def kecamatan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return exported(KECAMATAN, tmp_path)


def problems(path: Path) -> list[str]:
    _, found = read_agreement(path)
    return [str(p) for p in found]


def imported(path: Path):
    agreement, found = read_agreement(path)
    assert agreement is not None, [str(p) for p in found]
    return agreement.model


def row_values(sheet, row: int) -> list:
    return [cell.value for cell in sheet[row]]


def set_cells(sheet: str, **cells):
    def change(workbook):
        for where, value in cells.items():
            workbook[sheet][where] = value

    return change


def load_one(path: Path):
    batch = load_batch([path])
    assert not batch.has_errors, [str(p) for p in batch.problems]
    (agreement,) = batch.agreements
    return agreement


# ----------------------------------------------------------------------------- the sheets


def test_the_blank_form_has_a_sheet_per_lampiran_part_with_headers_hints_and_no_rows(tmp_path):
    export([EXAMPLES / f"{DPRD}.yaml"], tmp_path / "form.xlsx", blank=True)
    workbook = openpyxl.load_workbook(tmp_path / "form.xlsx")
    assert {name: row_values(workbook[name], 1) for name in LAMPIRAN_SHEETS} == {
        "Lampiran I": [
            "No",
            "Indikator Kinerja",
            "Tahun baseline",
            "Target baseline",
            "Realisasi baseline",
            "Misi / Program Prioritas",
            "Formulasi Perhitungan",
            "Tahun Renstra",
            "Target Renstra",
            "Kode indikator",
        ],
        "Komponen": [
            "No",
            "Indikator Kinerja",
            "Pembilang",
            "Satuan",
            "Rincian kegiatan",
            "Jumlah",
            "Jumlah seluruhnya",
            "Pembagi",
            "Jumlah pembagi",
            "Kode indikator",
            "Rumus",
            "Daftar",
        ],
        "Penjelasan": [
            "No",
            "Tingkat",
            "Jenis",
            "Teks",
            "Tabel",
            "Kode indikator",
            "Uraian di tabel",
            "Kode survei",
            "Kode skala",
        ],
        "Survei": [
            "No",
            "Kode survei",
            "Kode indikator kelompok",
            "Judul kelompok",
            "Jenis Layanan",
            "Jumlah Responden",
            "IKM",
        ],
        "Roadmap": ["No", "Indikator", "Judul", "Kegiatan", "Rincian", "Bulan"],
    }
    assert workbook["Penjelasan"]["D2"].value == "*miring*, **tebal**, {penanda}"
    assert workbook["Roadmap"]["F2"].value == "1-12 · 2-5 · 1, 4, 7"
    for name in LAMPIRAN_SHEETS:
        assert all(c.value is None for row in workbook[name].iter_rows(min_row=3) for c in row)
    identity = workbook["Identitas"]
    # A form decides by what the SKPD fills in; the regulation is known from the YAML.
    assert identity[identity_cell(identity, "Lampiran dicetak (ya/tidak)")].value is None
    assert identity[identity_cell(identity, "Peraturan evaluasi SAKIP")].value == "12/2015"
    instructions = [c.value for c in workbook["Petunjuk"]["A"] if c.value]
    assert any(
        ". Penjelasan: Satu baris untuk setiap butir, paragraf atau tabel" in t
        for t in instructions
    )
    assert (
        "{id.target}: target dengan kategorinya, misalnya 66 (B); {id.kategori}: "
        + ("kategorinya saja")
        in instructions
    )


def test_lampiran_sheets_lock_their_headers_freeze_panes_and_offer_lists(tmp_path):
    export([EXAMPLES / f"{DPRD}.yaml"], tmp_path / "form.xlsx", blank=True)
    workbook = openpyxl.load_workbook(tmp_path / "form.xlsx")
    for name in LAMPIRAN_SHEETS:
        sheet = workbook[name]
        assert sheet.protection.sheet and sheet.protection.password is None
        assert sheet["A1"].protection.locked and sheet["B2"].protection.locked
        assert not any(c.protection.locked for c in sheet[3])
        assert sheet.freeze_panes == "A3"

    def rules(name: str) -> dict:
        return {
            str(v.sqref): (v.type, v.formula1, v.formula2, bool(v.showErrorMessage))
            for v in workbook[name].data_validations.dataValidation
        }

    assert rules("Penjelasan") == {
        "B3:B102": ("whole", "1", "9", True),
        "C3:C102": ("list", '"teks,paragraf,tabel"', None, True),
        "E3:E102": (
            "list",
            '"skala-sakip,skala-ikm,renstra,baseline,survei,komponen,skala,bobot-sakip"',
            None,
            True,
        ),
    }
    # Months are offered from a list, and any other spec may be typed (1, 4, 7, 10, 12).
    assert rules("Roadmap") == {"F3:F62": ("list", "'Daftar'!$E$2:$E$20", None, False)}
    assert [c.value for c in workbook["Daftar"]["E"][1:8]] == [
        "1-12",
        "1-6",
        "7-12",
        "1-3",
        "4-6",
        "7-9",
        "10-12",
    ]
    assert rules("Survei") == {"F3:F62": ("whole", "0", None, True)}
    assert rules("Komponen")["D3:D62"][:2] == ("list", f"'Daftar'!$A$2:$A${len(SATUAN) + 1}")
    assert rules("Lampiran I")["H3:H62"][:3] == ("whole", "2000", "2100")
    assert workbook["Roadmap"]["F3"].number_format == "@"  # 1-12 typed stays text
    identity = workbook["Identitas"]
    by_cell = {str(v.sqref): v.formula1 for v in identity.data_validations.dataValidation}
    assert by_cell[identity_cell(identity, "Lampiran dicetak (ya/tidak)")] == '"ya,tidak"'
    assert by_cell[identity_cell(identity, "Peraturan evaluasi SAKIP")] == '"12/2015,88/2021"'


def test_each_indikator_is_exported_with_its_baseline_misi_formula_and_renstra_years(dprd):
    sheet = openpyxl.load_workbook(dprd)["Lampiran I"]
    assert row_values(sheet, 3) == [
        1,
        "Nilai SAKIP Sekretariat DPRD Kota Medan",
        None,  # tahun baseline: the year before the PK's, not written in the YAML
        62,
        63.3,
        "Medan Bersih / Mewujudkan Tata Kelola Pemerintahan yang *Smart*, Bersih, dan Akuntabel",
        "Evaluasi SAKIP Sekretariat DPRD Kota Medan oleh Inspektorat Kota Medan.",
        2021,
        62,
        "nilai-sakip",
    ]
    assert [row_values(sheet, r)[7:9] for r in range(4, 9)] == [
        [2022, 66],
        [2023, 69],
        [2024, 72],
        [2025, 76],
        [2026, 81],
    ]
    assert all(v is None for r in range(4, 9) for v in row_values(sheet, r)[:7])
    ikm = row_with(sheet, "ikm-dprd")
    assert (sheet[f"D{ikm}"].value, sheet[f"D{ikm}"].number_format) == (2.7, "[$-421]#,##0.00")


def test_the_narrative_is_one_row_per_block_with_its_depth_and_its_text_as_written(dprd):
    sheet = openpyxl.load_workbook(dprd)["Penjelasan"]
    assert all(row_values(sheet, r)[8] is None for r in range(3, 9))  # Kode skala
    assert [row_values(sheet, r)[:8] for r in range(3, 9)] == [
        ["1.", 1, "teks", "{nilai-sakip}, dijelaskan sebagai berikut.", None, None, None, None],
        [
            "a.",
            2,
            "teks",
            "Menurut {peraturan-sakip}, rentang nilai hasil evaluasi SAKIP dan kategorinya "
            "adalah sebagai berikut.",
            None,
            None,
            None,
            None,
        ],
        [None, 3, "tabel", None, "skala-sakip", None, None, None],
        ["b.", 2, "teks", sheet["D6"].value, None, None, None, None],
        ["c.", 2, "teks", sheet["D7"].value, None, None, None, None],
        [None, 3, "tabel", None, "renstra", "nilai-sakip", "Nilai SAKIP", None],
    ]
    assert sheet["D6"].value.startswith(
        "Sekretariat DPRD Kota Medan menargetkan nilai angka **{nilai-sakip.target}** untuk"
    )
    assert sheet["D3"].number_format == "@"
    assert sheet["D4"].alignment.indent == 1
    # One table, three indikator: the rows below the table add the other two.
    baseline = row_with(sheet, "baseline")
    assert [row_values(sheet, r)[1:7] for r in range(baseline, baseline + 3)] == [
        [3, "tabel", None, "baseline", "ikm-dprd", None],
        [None, None, None, None, "ikm-asn", None],
        [None, None, None, None, "ikm-pimpinan", None],
    ]
    survey = row_with(sheet, "survei")
    assert row_values(sheet, survey)[1:8] == [3, "tabel", None, "survei", None, None, "survei-1"]


def test_survey_services_and_roadmap_months_are_written_as_staff_type_them(dprd):
    workbook = openpyxl.load_workbook(dprd)
    survei = workbook["Survei"]
    assert row_values(survei, 3) == [
        1,
        "survei-1",
        "ikm-dprd",
        None,
        "Layanan Keuangan dan Kesejahteraan Anggota DPRD Kota Medan",
        44,
        2.892,
    ]
    assert row_values(survei, 5)[:3] == [1, None, "ikm-pimpinan"]
    assert (survei["G5"].value, survei["G5"].number_format) == (2.67, "[$-421]#,##0.000")
    roadmap = workbook["Roadmap"]
    assert [row_values(roadmap, r) for r in range(3, 7)] == [
        [1, "nilai-sakip", None, "Perencanaan Kinerja", None, "1"],
        ["a.", None, None, None, "Perencanaan Strategis", "1, 12"],
        ["b.", None, None, None, "Perencanaan Kinerja Tahunan", "1, 2, 4, 7, 10, 12"],
        [2, None, None, "Pengukuran Kinerja", None, "1-12"],
    ]
    second = row_with(roadmap, "ikm-dprd, ikm-asn, ikm-pimpinan")
    assert roadmap[f"C{second}"].value.startswith("Indeks Kepuasan DPRD dan ASN")
    assert roadmap[f"F{second}"].value == "2-5"


def test_a_computed_percentage_is_exported_with_its_components(kecamatan):
    sheet = openpyxl.load_workbook(kecamatan)["Komponen"]
    assert row_values(sheet, 3) == [
        1,
        "Persentase masyarakat yang mendapatkan manfaat dari kegiatan pemberdayaan masyarakat "
        "kelurahan",
        "Jumlah KK yang mendapatkan manfaat",
        "KK",
        "Pelatihan keterampilan menjahit dan tata boga bagi perempuan kepala keluarga",
        120,
        930,
        "Jumlah KK di Kecamatan Medan Baru",
        10500,
        "manfaat-pemberdayaan",
        None,  # Rumus: one list
        None,  # Daftar: one list
    ]
    assert [row_values(sheet, r)[4:6] for r in range(4, 8)] == [
        ["Bantuan modal usaha mikro bagi keluarga prasejahtera", 250],
        ["Pemberian makanan tambahan bagi balita dan ibu hamil melalui posyandu", 310],
        ["Pelatihan pengelolaan sampah rumah tangga dan bank sampah kelurahan", 180],
        ["Perbaikan rumah tidak layak huni", 70],
    ]
    assert sheet["I3"].number_format == "[$-421]#,##0"  # 10.500


# ----------------------------------------------------------------------------- errors


def test_a_bad_month_in_the_roadmap_is_reported_at_its_cell(dprd):
    edit(dprd, set_cells("Roadmap", F4="13", F6="5-3", F7="Jan-Mei, Desmber"))
    assert problems(dprd) == [
        "sekretariat-dprd.xlsx: Roadmap!F4: bulan 13 di luar 1–12",
        "sekretariat-dprd.xlsx: Roadmap!F6: rentang bulan '5-3' terbalik: bulan awal 5 "
        "setelah bulan akhir 3",
        "sekretariat-dprd.xlsx: Roadmap!F7: bulan 'Desmber' dalam 'Jan-Mei, Desmber' tidak "
        "dikenal (pakai 1–12 atau Jan–Des)",
    ]


def test_a_month_the_spreadsheet_turned_into_a_date_is_reported_not_guessed(dprd):
    edit(dprd, set_cells("Roadmap", F6=datetime.datetime(2022, 12, 1)))
    assert problems(dprd) == [
        "sekretariat-dprd.xlsx: Roadmap!F6: terbaca sebagai tanggal/waktu (2022-12-01), bukan "
        "bulan pelaksanaan (1-12, 2-5, 1, 4, 7); ubah format sel menjadi Teks lalu ketik ulang "
        "isinya"
    ]


def test_a_non_numeric_responden_is_reported_at_its_cell(dprd):
    edit(dprd, set_cells("Survei", F4="abc", F5=44.5))
    assert problems(dprd) == [
        "sekretariat-dprd.xlsx: Survei!F4: jumlah harus berupa angka, ditemukan teks 'abc'",
        "sekretariat-dprd.xlsx: Survei!F5: jumlah harus bilangan bulat, ditemukan 44.5",
    ]


def test_a_komponen_total_that_disagrees_with_the_sum_is_rejected_at_its_cell(kecamatan):
    edit(kecamatan, set_cells("Komponen", G3=855))
    into = empty_year_folder(kecamatan.parent)
    result = pkgen("import", kecamatan.name, "--into", "agreements/2022", cwd=kecamatan.parent)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "kecamatan-medan-baru.xlsx: Komponen!G3: jumlah 855 tidak sama dengan jumlah komponen "
        "930 (penjumlahan 5 butir); perbaiki angkanya, atau hapus 'jumlah' agar dihitung "
        "otomatis",
        "1 kesalahan; tidak ada berkas yang ditulis",
    ]
    assert sorted(p.name for p in into.iterdir()) == ["logo-kota-medan.png", "pemda.yaml"]


def test_a_component_changed_without_its_target_is_reported_at_the_component(kecamatan):
    edit(kecamatan, set_cells("Komponen", F4=260, G3=None))
    assert problems(kecamatan) == [
        "kecamatan-medan-baru.xlsx: Komponen!C3: target 8.86% tidak sama dengan hasil "
        "perhitungan komponen 940 / 10500 × 100% = 8.95%"
    ]


def test_an_unknown_indikator_code_in_a_lampiran_sheet_is_reported_with_a_suggestion(dprd):
    def change(workbook):
        workbook["Lampiran I"]["J3"] = "nilai-sakipp"
        penjelasan = workbook["Penjelasan"]
        penjelasan[f"F{row_with(penjelasan, 'ikm-asn')}"] = "ikm-asm"
        workbook["Roadmap"]["B3"] = "nilai-sakip, ikm-dpr"

    edit(dprd, change)
    known = "nilai-sakip, ikm-dprd, ikm-asn, ikm-pimpinan"
    assert problems(dprd) == [
        "sekretariat-dprd.xlsx: Lampiran I!J3: indikator 'nilai-sakipp' tidak ada di lembar "
        f"Sasaran (mungkin maksud Anda 'nilai-sakip'?); kode indikator: {known} (hapus baris "
        "ini bila indikatornya dihapus)",
    ]
    (agreement,) = load_batch([EXAMPLES / f"{DPRD}.yaml"]).agreements
    plan = plan_import([dprd], empty_year_folder(dprd.parent / "baru"))
    assert [str(p) for p in plan.problems if p.is_error] == [
        "sekretariat-dprd.xlsx: Lampiran I!J3: indikator 'nilai-sakipp' tidak ada di lembar "
        f"Sasaran (mungkin maksud Anda 'nilai-sakip'?); kode indikator: {known} (hapus baris "
        "ini bila indikatornya dihapus)",
    ]
    edit(dprd, set_cells("Lampiran I", J3="nilai-sakip"))
    plan = plan_import([dprd], empty_year_folder(dprd.parent / "lagi"))
    assert [str(p) for p in plan.problems if p.is_error] == [
        "sekretariat-dprd.xlsx: Penjelasan!F24: indikator 'ikm-asm' tidak ada (mungkin maksud "
        f"Anda 'ikm-asn'?); id indikator: {known}",
        "sekretariat-dprd.xlsx: Roadmap!B3: indikator 'ikm-dpr' tidak ada (mungkin maksud "
        f"Anda 'ikm-dprd'?); id indikator: {known}",
    ]
    assert agreement.model.lampiran is not None


def test_narrative_rows_nest_only_under_a_numbered_item_one_level_up(dprd):
    def change(workbook):
        sheet = workbook["Penjelasan"]
        sheet["B4"] = 3  # a. Menurut … jumps from level 1 to 3
        sheet["C7"] = "butir"
        sheet["B6"] = None
        below = row_with(sheet, "paragraf") + 1  # a row below a paragraf, which has no isi
        sheet.insert_rows(below)
        sheet[f"B{below}"], sheet[f"C{below}"], sheet[f"D{below}"] = 3, "teks", "Di bawahnya"

    edit(dprd, change)
    assert problems(dprd) == [
        "sekretariat-dprd.xlsx: Penjelasan!B4: tingkat 3 tanpa butir tingkat 2 di atasnya; "
        "tingkat paling dalam di sini 2",
        "sekretariat-dprd.xlsx: Penjelasan!B6: wajib diisi: 1 untuk butir utama, 2 untuk isi "
        "butir tingkat 1, dan seterusnya",
        "sekretariat-dprd.xlsx: Penjelasan!C7: jenis 'butir' tidak dikenal; pilihan: teks "
        "(butir bernomor), paragraf (tanpa nomor), tabel",
        "sekretariat-dprd.xlsx: Penjelasan!B18: tingkat 3 harus di bawah butir jenis teks "
        "tingkat 2; paragraf di atasnya tidak punya isi",
    ]


def test_unreadable_markup_and_a_text_in_a_table_row_are_reported_at_their_cells(dprd):
    edit(dprd, set_cells("Penjelasan", D3="{nilai-sakip} *desk to desk", D5="Skala", F3="x"))
    assert problems(dprd) == [
        "sekretariat-dprd.xlsx: Penjelasan!D3: tanda * (huruf miring) di '{nilai-sakip} *desk "
        "to desk' tidak ditutup; tulis \\* untuk bintang biasa",
        "sekretariat-dprd.xlsx: Penjelasan!F3: kolom ini hanya untuk jenis tabel, bukan untuk teks",
        "sekretariat-dprd.xlsx: Penjelasan!D5: baris tabel tidak berisi teks; tulis pengantar "
        "tabel pada baris teks atau paragraf di atasnya",
    ]


def test_a_survey_table_and_its_groups_are_linked_by_their_code(dprd):
    def change(workbook):
        penjelasan = workbook["Penjelasan"]
        penjelasan[f"H{row_with(penjelasan, 'survei-1')}"] = "survei-2"

    edit(dprd, change)
    assert problems(dprd) == [
        "sekretariat-dprd.xlsx: Penjelasan!H29: kode survei 'survei-2' tidak ada di lembar "
        "Survei (mungkin maksud Anda 'survei-1'?); kode di sana: survei-1",
        "sekretariat-dprd.xlsx: Survei!B3: kode survei 'survei-1' tidak dipakai di lembar "
        "Penjelasan; tulis kode ini pada baris tabel survei di sana",
    ]


def test_lampiran_dicetak_tidak_with_lampiran_data_is_an_error_not_a_silent_loss(dprd):
    def change(workbook):
        identity = workbook["Identitas"]
        identity[identity_cell(identity, "Lampiran dicetak (ya/tidak)")] = "tidak"

    edit(dprd, change)
    assert problems(dprd) == [
        "sekretariat-dprd.xlsx: Identitas!B32: lampiran tidak dicetak, tetapi lembar "
        "Penjelasan dan lembar Roadmap diisi; isi 'ya' (atau kosongkan) agar lampiran "
        "dicetak, atau hapus isian lampiran itu"
    ]


# ----------------------------------------------------------------------------- as written


def test_an_ikm_keeps_the_decimals_the_cell_shows(dprd):
    edit(dprd, set_cells("Survei", G5="2,670", G6=2.7))
    (survey,) = [
        b
        for top in imported(dprd).lampiran.penjelasan
        for item in top.isi
        for b in item.isi
        if b.tabel is TableKind.SURVEI
    ]
    layanan = survey.kelompok[2].layanan
    assert [str(s.ikm) for s in layanan[:2]] == ["2.670", "2.700"]  # format 0,000


def test_texts_are_kept_exactly_as_written(year_folder, tmp_path):
    folder = year_folder(
        dinas=dedent(
            """
            tahun: 2022
            unit: {nama: Dinas, nama_singkat: Dinas Kota Medan, alamat: Jalan 1}
            tanggal: Januari 2022
            pihak_pertama: {nama: X, jabatan: Kepala, pangkat: Pembina, nip: 197903171999121001}
            sasaran:
              - uraian: S
                indikator:
                  - id: opini
                    uraian: Opini BPK
                    target: WTP
                    satuan: opini
                    formulasi: "= opini BPK atas laporan keuangan"
                    renstra: {2022: WTP, 2023: WTP}
            program:
              - {nama: P, anggaran: 5}
            lampiran:
              penjelasan:
                - teks: "{opini} dengan \\\\*bintang\\\\* biasa"
                  isi:
                    - paragraf: "Baris pertama,\\ndan *baris kedua*."
                    - tabel: renstra
                      indikator: [opini]
            """
        )
    )
    original = load_one(folder / "dinas.yaml")
    assert original.model.lampiran.penjelasan[0].teks == "{opini} dengan \\*bintang\\* biasa"
    form = tmp_path / "dinas.xlsx"
    form.write_bytes(agreement_workbook(original.model, "dinas", original.pemda.model))
    assert openpyxl.load_workbook(form)["Lampiran I"]["G3"].data_type == "s"  # not a formula
    into = empty_year_folder(tmp_path / "baru")
    plan = plan_import([form], into)
    assert plan.ok, [str(p) for p in plan.problems]
    apply_plan(plan)
    assert repr(load_one(into / "dinas.yaml").model) == repr(original.model)
    text = (into / "dinas.yaml").read_text(encoding="utf-8")
    assert (
        "        - paragraf: |-\n            Baris pertama,\n            dan *baris kedua*.\n"
        in (text)
    )


def test_a_blank_form_filled_in_by_staff_gives_the_agreement_its_lampiran(tmp_path):
    export([EXAMPLES / f"{DPRD}.yaml"], tmp_path / "form.xlsx", blank=True)

    def fill(workbook):
        sasaran = workbook["Sasaran"]
        for column, value in zip(
            "BCDFH", ["Akuntabilitas", "Nilai SAKIP", 66, "sakip", "sakip"], strict=True
        ):
            sasaran[f"{column}3"] = value
        workbook["Program"]["B3"], workbook["Program"]["C3"] = "Program A", 1000
        lampiran_i = workbook["Lampiran I"]  # named by its uraian: no code needed
        for column, value in zip(
            "BDEFG", ["Nilai SAKIP", 62, "63,3", "Medan Bersih", "Evaluasi"], strict=True
        ):
            lampiran_i[f"{column}3"] = value
        lampiran_i["H3"], lampiran_i["I3"] = 2022, 66
        lampiran_i["H4"], lampiran_i["I4"] = 2023, 69
        penjelasan = workbook["Penjelasan"]
        rows = [
            (1, "teks", "{sakip}, dijelaskan sebagai berikut.", None, None),
            (
                2,
                "paragraf",
                "Target **{sakip.target}** dari *baseline* {sakip.baseline.realisasi}.",
                None,
                None,
            ),
            (2, "tabel", None, "renstra", "sakip"),
            (2, "tabel", None, "skala-sakip", None),
        ]
        for row, values in enumerate(rows, start=3):
            for column, value in zip("BCDEF", values, strict=True):
                penjelasan[f"{column}{row}"] = value
        roadmap = workbook["Roadmap"]
        roadmap["B3"], roadmap["D3"], roadmap["F3"] = "sakip", "Pengukuran Kinerja", "1-12"
        roadmap["D4"] = "Evaluasi"
        roadmap["E5"], roadmap["F5"] = "Evaluasi Internal", "Jun, Des"

    edit(tmp_path / "form.xlsx", fill)
    model = imported(tmp_path / "form.xlsx")
    indikator = model.sasaran[0].indikator[0]
    assert (str(indikator.baseline.target), str(indikator.baseline.realisasi)) == ("62", "63.3")
    assert {year: str(t) for year, t in indikator.renstra.items()} == {2022: "66", 2023: "69"}
    assert model.lampiran.peraturan_sakip == "12/2015"
    assert [
        (b.teks, [c.paragraf or c.tabel for c in b.isi]) for b in model.lampiran.penjelasan
    ] == [
        (
            "{sakip}, dijelaskan sebagai berikut.",
            [
                "Target **{sakip.target}** dari *baseline* {sakip.baseline.realisasi}.",
                "renstra",
                "skala-sakip",
            ],
        )
    ]
    (roadmap,) = model.lampiran.roadmap
    assert roadmap.indikator == ["sakip"]
    assert [
        (k.uraian, sorted(k.bulan), [(r.uraian, sorted(r.bulan)) for r in k.rincian])
        for k in roadmap.kegiatan
    ] == [
        ("Pengukuran Kinerja", list(range(1, 13)), []),
        ("Evaluasi", [], [("Evaluasi Internal", [6, 12])]),
    ]


def test_empty_lampiran_sheets_mean_no_lampiran_and_ya_prints_section_one_alone(
    year_folder, tmp_path
):
    folder = year_folder(
        dinas=dedent(
            """
            tahun: 2022
            unit: {nama: Dinas, nama_singkat: Dinas Kota Medan, alamat: Jalan 1}
            tanggal: Januari 2022
            pihak_pertama: {nama: X, jabatan: Kepala, pangkat: Pembina, nip: 197903171999121001}
            sasaran:
              - uraian: S
                indikator:
                  - {uraian: I, target: 5, satuan: dokumen}
            program:
              - {nama: P, anggaran: 5}
            """
        )
    )
    original = load_one(folder / "dinas.yaml")
    form = tmp_path / "dinas.xlsx"
    form.write_bytes(agreement_workbook(original.model, "dinas", original.pemda.model))
    identity = openpyxl.load_workbook(form)["Identitas"]
    flag = identity_cell(identity, "Lampiran dicetak (ya/tidak)")
    regulation = identity_cell(identity, "Peraturan evaluasi SAKIP")
    assert identity[flag].value is None
    assert imported(form).lampiran is None
    # The regulation is a setting (blank forms carry it over): alone it prints nothing.
    edit(form, set_cells("Identitas", **{regulation: "88/2021"}))
    assert imported(form).lampiran is None
    edit(form, set_cells("Identitas", **{flag: "ya"}))
    assert imported(form).lampiran == Lampiran(peraturan_sakip="88/2021")
    edit(form, set_cells("Identitas", **{flag: "tidak"}))
    assert imported(form).lampiran is None


def test_indikator_data_without_a_lampiran_survives_with_lampiran_dicetak_tidak(
    year_folder, tmp_path
):
    folder = year_folder(
        dinas=dedent(
            """
            tahun: 2022
            unit: {nama: Dinas, nama_singkat: Dinas Kota Medan, alamat: Jalan 1}
            tanggal: Januari 2022
            pihak_pertama: {nama: X, jabatan: Kepala, pangkat: Pembina, nip: 197903171999121001}
            sasaran:
              - uraian: S
                indikator:
                  - {uraian: I, target: 5, satuan: dokumen, baseline: {tahun: 2020, target: 4}}
            program:
              - {nama: P, anggaran: 5}
            """
        )
    )
    original = load_one(folder / "dinas.yaml")
    form = tmp_path / "dinas.xlsx"
    form.write_bytes(agreement_workbook(original.model, "dinas", original.pemda.model))
    identity = openpyxl.load_workbook(form)["Identitas"]
    assert identity[identity_cell(identity, "Lampiran dicetak (ya/tidak)")].value == "tidak"
    assert repr(imported(form)) == repr(original.model)


# ----------------------------------------------------------------------------- updates


def test_an_edit_of_the_narrative_changes_only_those_lines_of_the_yaml(examples_copy, tmp_path):
    def change(workbook):
        sheet = workbook["Penjelasan"]
        sheet.insert_rows(6)
        sheet["B6"], sheet["C6"] = 2, "teks"
        sheet["D6"] = "Butir baru dengan *istilah asing* dan target {nilai-sakip.target}."
        sheet["D4"] = sheet["D4"].value.replace("rentang nilai", "rentang **nilai**")
        workbook["Survei"]["F3"] = 45
        workbook["Roadmap"]["F5"] = "2-3"

    workbook = edit(exported(DPRD, tmp_path), change)
    plan = plan_import([workbook], examples_copy)
    assert plan.ok, [str(p) for p in plan.problems]
    (planned,) = plan.files
    assert yaml_changes(planned.old_text, planned.new_text, planned.target)[2:] == [
        "@@ -89,8 +89,9 @@",
        "       isi:",
        "         - teks: >-",
        "-            Menurut {peraturan-sakip}, rentang nilai hasil evaluasi SAKIP dan kategorinya",
        "-            adalah sebagai berikut.",
        "+            Menurut {peraturan-sakip}, rentang **nilai** hasil evaluasi SAKIP dan "
        "kategorinya adalah",
        "+            sebagai berikut.",
        "           isi:",
        "             - tabel: skala-sakip",
        "+        - teks: Butir baru dengan *istilah asing* dan target {nilai-sakip.target}.",
        "         - teks: >-",
        "             Sekretariat DPRD Kota Medan menargetkan nilai angka **{nilai-sakip.target}** "
        "untuk",
        "@@ -178,5 +179,5 @@",
        "                 - indikator: ikm-dprd",
        "                   layanan:",
        "-                    - {nama: Layanan Keuangan dan Kesejahteraan Anggota DPRD Kota Medan, "
        "responden: 44, ikm: 2.892}",
        "+                    - {nama: Layanan Keuangan dan Kesejahteraan Anggota DPRD Kota Medan, "
        "responden: 45, ikm: 2.892}",
        "                 - indikator: ikm-asn",
        "                   layanan:",
        "@@ -359,5 +360,5 @@",
        "           rincian:",
        "             - {uraian: Perencanaan Strategis, bulan: [1, 12]}",
        "-            - {uraian: Perencanaan Kinerja Tahunan, bulan: [1, 2, 4, 7, 10, 12]}",
        "+            - {uraian: Perencanaan Kinerja Tahunan, bulan: [2, 3]}",
        "         - {uraian: Pengukuran Kinerja, bulan: 1-12}",
        "         - {uraian: Pelaporan Kinerja, bulan: [1]}",
    ]


def test_a_form_made_before_the_lampiran_sheets_imports_the_pk_and_keeps_the_yaml_lampiran(
    examples_copy, tmp_path
):
    def old_form(workbook):
        for name in LAMPIRAN_SHEETS:
            del workbook[name]
        identity = workbook["Identitas"]
        identity.delete_rows(int(identity_cell(identity, "Lampiran dicetak (ya/tidak)")[1:]) - 1, 3)
        program = workbook["Program"]
        program["C3"] = 100727519300

    workbook = edit(exported(DPRD, tmp_path), old_form)
    plan = plan_import([workbook], examples_copy)
    assert plan.ok, [str(p) for p in plan.problems]
    assert [str(p) for p in plan.problems] == [
        f"{workbook}: peringatan: lembar lampiran (Lampiran I, Komponen, Penjelasan, Survei, "
        "Roadmap) tidak "
        "ada: formulir dibuat sebelum lampiran bisa diisi di lembar kerja; lampiran di berkas "
        "YAML tidak diubah"
    ]
    (planned,) = plan.files
    assert yaml_changes(planned.old_text, planned.new_text, planned.target)[0].startswith(
        "~ Anggaran: Program Administrasi Umum Sekretariat DPRD Kabupaten/Kota: "
        "Rp. 100.727.519.299 → Rp. 100.727.519.300 (selisih +Rp. 1)"
    )


def test_a_form_without_lampiran_sheets_cannot_orphan_the_lampiran_kept_in_the_yaml(
    examples_copy, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)

    def old_form(workbook):
        for name in LAMPIRAN_SHEETS:
            del workbook[name]
        identity = workbook["Identitas"]
        identity.delete_rows(int(identity_cell(identity, "Lampiran dicetak (ya/tidak)")[1:]) - 1, 3)
        sasaran = workbook["Sasaran"]
        sasaran.delete_rows(row_with(sasaran, "ikm-asn"))

    workbook = edit(exported(DPRD, tmp_path), old_form)
    plan = plan_import([workbook], examples_copy)
    errors = [str(p) for p in plan.problems if p.is_error]
    assert errors[0] == (
        "agreements/2022/sekretariat-dprd.yaml:124: lampiran.penjelasan[1].isi[1].teks: penanda "
        "{ikm-asn} tidak dikenal: indikator 'ikm-asn' tidak ada; id indikator: nilai-sakip, "
        "ikm-dprd, ikm-pimpinan; penanda umum: {tahun}, {peraturan-ikm}, {peraturan-sakip}, "
        "{bobot-sakip}"
    )
    assert all(e.startswith("agreements/2022/sekretariat-dprd.yaml:") for e in errors)
    assert not plan.ok and plan.files == []
