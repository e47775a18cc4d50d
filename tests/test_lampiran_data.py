"""Lampiran data: what staff write, and the mistakes pkgen catches with file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import dedent

from generator.data.loading import load_batch

SKPD = """\
tahun: 2022
unit:
  nama: Kecamatan Medan Baru
  nama_singkat: Kecamatan Medan Baru
  alamat: Jalan Sei Padang No. 46 Medan
tanggal: Januari 2022
pihak_pertama:
  nama: RIZKI FADILLAH HARAHAP, S.STP., M.Si.
  jabatan: Camat Medan Baru
  pangkat: Penata Tingkat I
  nip: 198804092010101001
sasaran:
  - uraian: Meningkatnya pemberdayaan masyarakat
    indikator:
      - id: manfaat
        uraian: Persentase masyarakat yang mendapatkan manfaat
        satuan: "%"
        target: 8.86
        formulasi: Jumlah KK penerima manfaat dibagi jumlah KK
        komponen:
          uraian: Jumlah KK yang mendapatkan manfaat
          satuan: KK
          rincian:
            - {uraian: Pelatihan menjahit, jumlah: 120}
            - {uraian: Bantuan modal usaha, jumlah: 250}
            - {uraian: Posyandu, jumlah: 310}
            - {uraian: Bedah rumah, jumlah: 250}
          jumlah: 930
          pembagi: {uraian: Jumlah KK di Kecamatan Medan Baru, jumlah: 10500}
      - id: nilai-sakip
        uraian: Nilai SAKIP Kecamatan Medan Baru
        target: 66
        skala: sakip
        formulasi: Evaluasi SAKIP oleh Inspektorat
        baseline: {target: 62, realisasi: 63.3}
        renstra: {2021: 62, 2022: 66, 2023: 72}
program:
  - nama: Program Pemberdayaan Masyarakat Desa dan Kelurahan
    anggaran: 3582400000
lampiran:
  peraturan_sakip: 88/2021
  penjelasan:
    - teks: "{nilai-sakip} ditargetkan {nilai-sakip.target}."
      isi:
        - tabel: renstra
          indikator: [nilai-sakip]
    - teks: Manfaat bagi masyarakat
      isi:
        - tabel: komponen
          indikator: [manfaat]
  roadmap:
    - indikator: [nilai-sakip]
      kegiatan:
        - {uraian: Pengukuran Kinerja, bulan: 1-12}
        - uraian: Perencanaan Kinerja
          bulan: [1]
          rincian:
            - {uraian: Perencanaan Strategis, bulan: [1, 12]}
"""


def problems(year_folder, text: str) -> list[str]:
    batch = load_batch([year_folder(kecamatan=text)])
    return [str(p).split("agreements/2022/", 1)[-1] for p in batch.problems]


def edit(old: str, new: str, text: str = SKPD) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    return dedent(text).splitlines().index(needle) + 1


def test_the_lampiran_example_loads_without_problems(year_folder):
    assert problems(year_folder, SKPD) == []


def test_a_stated_total_that_disagrees_with_the_components_names_both_numbers_and_the_line(
    year_folder,
):
    text = edit("          jumlah: 930\n", "          jumlah: 855\n")
    line = line_of(text, "          jumlah: 855")
    assert problems(year_folder, text) == [
        f"kecamatan.yaml:{line}: sasaran[0].indikator[0].komponen.jumlah: jumlah 855 tidak sama "
        "dengan jumlah komponen 930 (penjumlahan 4 butir); perbaiki angkanya, atau hapus "
        "'jumlah' agar dihitung otomatis"
    ]


def test_the_total_may_be_left_out_and_is_then_computed(year_folder):
    assert problems(year_folder, edit("          jumlah: 930\n", "")) == []


def test_a_target_that_the_components_do_not_give_is_rejected(year_folder):
    text = edit("        target: 8.86\n", "        target: 8.5\n")
    assert problems(year_folder, text) == [
        f"kecamatan.yaml:{line_of(text, '        komponen:')}: sasaran[0].indikator[0].komponen: "
        "target 8.5% tidak sama dengan hasil perhitungan komponen 930 / 10500 × 100% = 8.9%"
    ]


def test_an_invalid_month_is_reported_with_its_line(year_folder):
    text = edit("bulan: [1, 12]}", "bulan: [1, 13]}")
    line = line_of(text, "            - {uraian: Perencanaan Strategis, bulan: [1, 13]}")
    assert problems(year_folder, text) == [
        f"kecamatan.yaml:{line}: lampiran.roadmap[0].kegiatan[1].rincian[0].bulan: "
        "bulan 13 di luar 1–12"
    ]


def test_a_reversed_month_range_is_reported_with_its_line(year_folder):
    text = edit("bulan: 1-12}", "bulan: 12-1}")
    line = line_of(text, "        - {uraian: Pengukuran Kinerja, bulan: 12-1}")
    assert problems(year_folder, text) == [
        f"kecamatan.yaml:{line}: lampiran.roadmap[0].kegiatan[0].bulan: rentang bulan '12-1' "
        "terbalik: bulan awal 12 setelah bulan akhir 1"
    ]


def test_an_unknown_indikator_id_is_an_error_at_the_reference(year_folder):
    text = edit("          indikator: [nilai-sakip]\n", "          indikator: [nilai-sakp]\n")
    line = line_of(text, "          indikator: [nilai-sakp]")
    assert problems(year_folder, text) == [
        f"kecamatan.yaml:{line}: lampiran.penjelasan[0].isi[0].indikator[0]: indikator "
        "'nilai-sakp' tidak ada (mungkin maksud Anda 'nilai-sakip'?); id indikator: manfaat, "
        "nilai-sakip"
    ]


def test_an_unknown_roadmap_indikator_is_an_error(year_folder):
    text = edit("    - indikator: [nilai-sakip]\n", "    - indikator: [sakip]\n")
    assert problems(year_folder, text) == [
        f"kecamatan.yaml:{line_of(text, '    - indikator: [sakip]')}: "
        "lampiran.roadmap[0].indikator[0]: indikator 'sakip' tidak ada (mungkin maksud Anda "
        "'nilai-sakip'?); id indikator: manfaat, nilai-sakip"
    ]


def test_a_placeholder_must_name_something_the_data_has(year_folder):
    text = edit("{nilai-sakip.target}.", "{nilai-sakip.renstra.2026}.")
    line = line_of(text, '    - teks: "{nilai-sakip} ditargetkan {nilai-sakip.renstra.2026}."')
    assert problems(year_folder, text) == [
        f"kecamatan.yaml:{line}: lampiran.penjelasan[0].teks: "
        "penanda {nilai-sakip.renstra.2026} tidak tersedia untuk indikator 'nilai-sakip' (mungkin maksud Anda 'nilai-sakip.renstra.2023'?); yang "
        "tersedia: {nilai-sakip}, {nilai-sakip.target}, {nilai-sakip.kategori}, "
        "{nilai-sakip.baseline.tahun}, "
        "{nilai-sakip.baseline.target}, {nilai-sakip.baseline.realisasi}, "
        "{nilai-sakip.renstra.2021}, {nilai-sakip.renstra.2022}, {nilai-sakip.renstra.2023}"
    ]


def test_the_sakip_regulation_placeholders_need_a_chosen_regulation(year_folder):
    text = edit("  peraturan_sakip: 88/2021\n", "")
    text = edit("ditargetkan {nilai-sakip.target}.", "menurut {peraturan-sakip}.", text)
    (problem,) = problems(year_folder, text)
    assert problem.endswith(
        "lampiran.penjelasan[0].teks: penanda {peraturan-sakip} memerlukan 'peraturan_sakip' "
        "di lampiran (12/2015 atau 88/2021)"
    )


def test_an_unknown_regulation_is_named_with_the_choices(year_folder):
    text = edit("peraturan_sakip: 88/2021", "peraturan_sakip: 88/2012")
    (problem,) = problems(year_folder, text)
    assert problem.endswith(
        "lampiran.peraturan_sakip: peraturan SAKIP '88/2012' tidak dikenal (mungkin maksud Anda "
        "'88/2021'?); pilihan: 12/2015 (PermenPAN dan RB Nomor 12 Tahun 2015), 88/2021 "
        "(PermenPAN dan RB Nomor 88 Tahun 2021)"
    )


def test_a_renstra_target_with_a_wrong_category_names_the_year(year_folder):
    text = edit("2023: 72}", "2023: '72 (B)'}")
    (problem,) = problems(year_folder, text)
    assert problem.endswith(
        "sasaran[0].indikator[1].renstra: tahun 2023: target 72 termasuk kategori BB pada "
        "skala nilai SAKIP (PermenPAN dan RB Nomor 88 Tahun 2021), bukan B"
    )


def test_a_baseline_outside_the_scale_is_rejected(year_folder):
    text = edit("realisasi: 63.3}", "realisasi: 163.3}")
    (problem,) = problems(year_folder, text)
    assert problem.endswith(
        "sasaran[0].indikator[1].baseline: realisasi baseline: target 163.3: di luar rentang "
        "skala nilai SAKIP (0–100) menurut PermenPAN dan RB Nomor 88 Tahun 2021"
    )


def test_a_table_needs_the_data_it_prints(year_folder):
    text = edit("        - tabel: renstra\n", "        - tabel: baseline\n")
    text = edit("          indikator: [nilai-sakip]\n", "          indikator: [manfaat]\n", text)
    (problem,) = problems(year_folder, text)
    assert problem.endswith(
        "lampiran.penjelasan[0].isi[0].indikator[0]: indikator 'manfaat' belum punya "
        "'baseline' untuk tabel baseline"
    )


def test_a_block_is_one_thing(year_folder):
    text = edit("        - tabel: komponen\n", "        - tabel: komponen\n          teks: x\n")
    (problem,) = problems(year_folder, text)
    assert problem.endswith(
        "lampiran.penjelasan[1].isi[0]: setiap butir berisi tepat satu dari 'teks', 'paragraf', "
        "'tabel' atau 'gambar' (ditemukan: 'teks', 'tabel')"
    )


def test_an_unknown_table_kind_suggests_the_right_one(year_folder):
    text = edit("        - tabel: renstra\n", "        - tabel: renstr\n")
    (problem,) = problems(year_folder, text)
    assert problem.endswith(
        "lampiran.penjelasan[0].isi[0].tabel: tabel 'renstr' tidak dikenal (mungkin maksud Anda "
        "'renstra'?); pilihan: skala-sakip, skala-ikm, renstra, baseline, survei, komponen, skala, bobot-sakip"
    )


def test_items_nest_at_most_four_levels(year_folder):
    deep = (
        "    - teks: satu\n"
        "      isi:\n"
        "        - teks: dua\n"
        "          isi:\n"
        "            - teks: tiga\n"
        "              isi:\n"
        "                - teks: empat\n"
        "                  isi:\n"
        "                    - teks: lima\n"
    )
    text = edit("  roadmap:\n", deep + "  roadmap:\n")
    (problem,) = problems(year_folder, text)
    assert problem.endswith(
        "lampiran.penjelasan[2].isi[0].isi[0].isi[0].isi[0]: butir bertingkat paling dalam 4 "
        "(1., a., 1), a)); tulis sebagai 'paragraf' atau pindahkan ke tingkat atasnya"
    )


def test_unclosed_italics_in_narrative_is_an_error_with_its_line(year_folder):
    text = edit(
        "        formulasi: Evaluasi SAKIP oleh Inspektorat\n",
        "        formulasi: Evaluasi *SAKIP oleh Inspektorat\n",
    )
    assert problems(year_folder, text) == [
        f"kecamatan.yaml:{line_of(text, '        formulasi: Evaluasi *SAKIP oleh Inspektorat')}: "
        "sasaran[0].indikator[1].formulasi: tanda * (huruf miring) di 'Evaluasi *SAKIP oleh "
        "Inspektorat' tidak ditutup; tulis \\* untuk bintang biasa"
    ]


SURVEY = """\
    - teks: Hasil survei
      isi:
        - tabel: survei
          kelompok:
            - indikator: ikm
              layanan:
                - {nama: Layanan A, responden: 10, ikm: 2.80}
                - {nama: Layanan B, responden: 12, ikm: 2.90}
"""
IKM_INDIKATOR = """\
      - id: ikm
        uraian: Indeks Kepuasan Masyarakat
        target: 3.0644
        skala: ikm
        formulasi: Survei
        baseline: {target: 2.70, realisasi: REALISASI}
"""


@pytest.mark.parametrize(("realisasi", "warned"), [("2.85", False), ("2.86", True)])
def test_a_survey_mean_that_differs_from_the_baseline_realisasi_is_a_warning(
    year_folder, realisasi, warned
):
    text = edit("program:\n", IKM_INDIKATOR.replace("REALISASI", realisasi) + "program:\n")
    text = edit("  roadmap:\n", SURVEY + "  roadmap:\n", text)
    expected = (
        [
            f"kecamatan.yaml:{line_of(text, '            - indikator: ikm')}: "
            "lampiran.penjelasan[2].isi[0].kelompok[0]: peringatan: rata-rata IKM kelompok ini "
            "2.85 tidak sama dengan realisasi baseline 2.86 indikator 'ikm'"
        ]
        if warned
        else []
    )
    assert problems(year_folder, text) == expected


def test_the_example_data_has_no_problems():
    examples = Path(__file__).resolve().parent.parent / "agreements" / "2022"
    assert [str(p) for p in load_batch([examples]).problems] == []


def test_a_mistyped_key_in_a_nested_block_suggests_the_right_one(year_folder):
    text = edit(
        "        - tabel: komponen\n", "        - tabel: komponen\n          indikatr: []\n"
    )
    (problem,) = problems(year_folder, text)
    assert problem.endswith(
        "lampiran.penjelasan[1].isi[0].indikatr: kunci 'indikatr' tidak dikenal (mungkin maksud "
        "Anda 'indikator'?); kunci yang boleh: teks, paragraf, tabel, isi, indikator, kelompok, "
        "skala, gambar, lebar, keterangan"
    )


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        (
            "*Baseline* data tahun 2021",
            "teks yang diawali * atau ** (huruf miring/tebal) harus diberi tanda kutip, "
            'misalnya "*Baseline* data …"',
        ),
        (
            "{nilai-sakip}, dijelaskan sebagai berikut.",
            "teks yang diawali { (penanda) atau [ harus diberi tanda kutip, misalnya "
            '"{nilai-sakip}, dijelaskan …"',
        ),
    ],
)
def test_unquoted_markup_at_the_start_of_a_text_is_explained(year_folder, written, hint):
    text = edit(
        '    - teks: "{nilai-sakip} ditargetkan {nilai-sakip.target}."\n',
        f"    - teks: {written}\n",
    )
    line = line_of(text, f"    - teks: {written}")
    assert problems(year_folder, text) == [f"kecamatan.yaml:{line}: kesalahan sintaks YAML: {hint}"]
