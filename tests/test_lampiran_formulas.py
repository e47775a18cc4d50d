"""Lampiran formulas of real documents: several component lists combined and printed as
computed, the SAKIP weights table, columns no indikator fills, targets printed per part."""

from __future__ import annotations

import pytest
from conftest import SKPD_YAML, TEMPLATES, dedent
from docx_structure import read_docx
from test_pemda_variants import problems

from generator.build.pipeline import Renderer
from generator.data.loading import load_batch

TWO_LISTS = """\
tahun: 2022
unit: {nama: Kecamatan Medan Kota, nama_singkat: Kecamatan Medan Kota, alamat: Jalan Brigjend Katamso}
tanggal: Januari 2022
pihak_pertama: {nama: CAMAT, jabatan: Camat Medan Kota, nip: 198804092010101001}
sasaran:
  - uraian: Meningkatnya keberdayaan masyarakat
    indikator:
      - id: manfaat
        uraian: Persentase masyarakat penerima manfaat
        satuan: "%"
        target: 84.52
        formulasi: Rata-rata dua persentase
        komponen:
          rumus: rata-rata
          daftar:
            - uraian: Jumlah KK penerima manfaat pekerjaan fisik
              satuan: KK
              rincian:
                - {uraian: Jalan lingkungan, jumlah: 200}
                - {uraian: Drainase, jumlah: 138}
              jumlah: 338
              pembagi: {uraian: Jumlah KK sasaran, jumlah: 400}
            - uraian: Jumlah orang penerima manfaat pelatihan
              satuan: orang
              rincian:
                - {uraian: Pelatihan menjahit, jumlah: 500}
                - {uraian: Pelatihan tata boga, jumlah: 430}
              jumlah: 930
              pembagi: {uraian: Jumlah orang sasaran, jumlah: 1100}
program:
  - {nama: Program Pemberdayaan Masyarakat, anggaran: 1000000}
lampiran:
  penjelasan:
    - teks: "{manfaat}: (a) {manfaat.komponen.a.persentase}, (b) {manfaat.komponen.b.persentase}."
      isi:
        - tabel: komponen
          indikator: [manfaat]
"""


def rendered(folder):
    batch = load_batch([folder])
    assert not batch.has_errors, [str(p) for p in batch.problems]
    return read_docx(Renderer(TEMPLATES).render(batch.agreements[0]))


def test_two_lists_and_their_mean_print_both_lists_both_totals_and_the_result(year_folder):
    doc = rendered(year_folder(kecamatan=TWO_LISTS))
    assert "(a) Jumlah KK penerima manfaat pekerjaan fisik" in doc.paragraphs
    assert "(b) Jumlah orang penerima manfaat pelatihan" in doc.paragraphs
    first, second = (t for t in doc.tables if t.rows[0].texts[:2] == ["No", "Kegiatan"])
    assert [r.texts for r in first.rows] == [
        ["No", "Kegiatan", "Jumlah (KK)"],
        ["1", "Jalan lingkungan", "200"],
        ["2", "Drainase", "138"],
        ["Jumlah", "338"],
    ]
    assert second.rows[0].texts[-1] == "Jumlah (orang)"
    assert second.rows[-1].texts == ["Jumlah", "930"]
    assert (
        "Persentase masyarakat penerima manfaat = ((a) + (b)) / 2\n"
        "(a) = (Jumlah KK penerima manfaat pekerjaan fisik : Jumlah KK sasaran) × 100%\n"
        "(b) = (Jumlah orang penerima manfaat pelatihan : Jumlah orang sasaran) × 100%"
    ) in doc.all_text.replace("\t", "")
    assert (
        "(a) = (338 KK : 400 KK) × 100% = 84,50%\n"
        "(b) = (930 orang : 1.100 orang) × 100% = 84,55%\n"
        "((a) + (b)) / 2 = (84,50% + 84,55%) / 2 = 84,52%"
    ) in doc.all_text
    assert "Persentase masyarakat penerima manfaat: (a) 84,50%, (b) 84,55%." in doc.all_text


def test_a_stated_total_that_differs_from_its_list_is_an_error_at_its_line(year_folder):
    text = TWO_LISTS.replace("jumlah: 930\n", "jumlah: 855\n")
    assert problems(year_folder(kecamatan=text)) == [
        "kecamatan.yaml:28: sasaran[0].indikator[0].komponen.daftar[1].jumlah: jumlah 855 "
        "tidak sama dengan jumlah komponen 930 (penjumlahan 2 butir); perbaiki angkanya, atau "
        "hapus 'jumlah' agar dihitung otomatis"
    ]


def test_a_target_that_is_not_the_combined_result_names_the_computation(year_folder):
    text = TWO_LISTS.replace("target: 84.52", "target: 84.60")
    assert problems(year_folder(kecamatan=text)) == [
        "kecamatan.yaml:13: sasaran[0].indikator[0].komponen: target 84.60 tidak sama dengan "
        "hasil perhitungan komponen ((a) 84,50% + (b) 84,55%) / 2 = 84.52"
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("pembagi: {uraian: Jumlah orang sasaran, jumlah: 1100}\n", "\n"),
            "rumus rata-rata merata-ratakan persentase setiap daftar: isi 'pembagi' daftar (b)",
        ),
        (
            ("rumus: rata-rata", "rumus: jumlah"),
            "rumus jumlah menjumlahkan daftar bersatuan sama; ditemukan 'KK', 'orang'",
        ),
        (
            ("          rumus: rata-rata\n", ""),
            "komponen dengan 'daftar' memerlukan 'rumus': jumlah, rata-rata atau rasio",
        ),
    ],
)
def test_lists_that_cannot_be_combined_that_way_are_errors(year_folder, change, message):
    (problem,) = problems(year_folder(kecamatan=TWO_LISTS.replace(*change)))
    assert problem.endswith(f"sasaran[0].indikator[0].komponen: {message}")


def test_a_ratio_prints_a_over_b(year_folder):
    text = TWO_LISTS.replace("rumus: rata-rata", "rumus: rasio").replace(
        "target: 84.52", "target: 36.34"
    )
    doc = rendered(year_folder(kecamatan=text))
    assert "= 338 KK : 930 orang × 100% = 36,34%" in doc.all_text


def test_a_sum_of_lists_is_a_count(year_folder):
    text = (
        TWO_LISTS.replace("rumus: rata-rata", "rumus: jumlah")
        .replace("satuan: orang", "satuan: KK")
        .replace(
            '        satuan: "%"\n        target: 84.52', "        satuan: KK\n        target: 1268"
        )
        .replace(", (b) {manfaat.komponen.b.persentase}", "")
    )
    doc = rendered(year_folder(kecamatan=text))
    assert "= 338 KK + 930 KK = 1.268 KK" in doc.all_text
    assert doc.table_with("Indikator Kinerja").rows[2].texts[-1] == "1.268 KK"


BOBOT = dedent(SKPD_YAML) + dedent(
    """
    lampiran:
      peraturan_sakip: 88/2021
      penjelasan:
        - teks: Bobot komponen evaluasi.
          isi:
            - tabel: bobot-sakip
    """
)


def test_the_sakip_weights_table_follows_the_regulation_in_force(year_folder):
    doc = rendered(year_folder(dprd=BOBOT))
    assert [r.texts for r in doc.table_with("Bobot").rows] == [
        ["No", "Komponen", "Bobot"],
        ["1", "Perencanaan Kinerja", "30%"],
        ["2", "Pengukuran Kinerja", "30%"],
        ["3", "Pelaporan Kinerja", "15%"],
        ["4", "Evaluasi Akuntabilitas Kinerja Internal", "25%"],
        ["Jumlah", "100%"],
    ]


def test_the_sakip_weights_table_needs_a_regulation(year_folder):
    text = BOBOT.replace("  peraturan_sakip: 88/2021\n", "")
    assert problems(year_folder(dprd=text))[1:] == [
        "dprd.yaml:25: lampiran.penjelasan[0].isi[0].tabel: tabel bobot-sakip memerlukan "
        "'peraturan_sakip' di lampiran (12/2015 atau 88/2021): bobot komponen berbeda menurut "
        "peraturannya"
    ]


SECTION_ONE = (
    dedent(SKPD_YAML).replace(
        "        skala: sakip\n",
        "        skala: sakip\n        formulasi: Hasil evaluasi SAKIP oleh Inspektorat\n",
    )
    + "lampiran: {}\n"
)


def test_a_column_no_indikator_fills_is_left_out_and_the_others_keep_the_page_width(
    year_folder,
):
    doc = rendered(year_folder(dprd=SECTION_ONE))
    table = doc.table_with("Formulasi Perhitungan")
    assert table.rows[0].texts == ["No.", "Indikator Kinerja", "Target", "Formulasi Perhitungan"]
    assert table.rows[1].texts == ["1", "2", "3", "4"]
    widths = doc.parts["word/document.xml"]
    assert '<w:tblW w:w="9355" w:type="dxa"/>' in widths  # as wide as with five columns


def test_both_optional_columns_with_data_print_as_before(year_folder):
    text = SECTION_ONE.replace(
        "        formulasi:", "        misi: Medan Bersih\n        formulasi:"
    )
    table = rendered(year_folder(dprd=text)).table_with("Formulasi Perhitungan")
    assert table.rows[0].texts == [
        "No.",
        "Indikator Kinerja",
        "Target",
        "Misi / Program Prioritas Wali Kota",
        "Formulasi Perhitungan",
    ]
    assert table.rows[1].texts == ["1", "2", "3", "4", "5"]


def test_lampiran_headers_are_worded_by_the_pemda(year_folder):
    pemda = dedent(
        """\
        pemerintah: Pemerintah Kota Medan
        tempat: Medan
        kepala_daerah: {nama: X, jabatan: Wali Kota Medan}
        logo: tanpa
        naskah:
          kolom_formulasi: Cara Menghitung
          keterangan_penjelasan: (Langkah mencapai target)
        """
    )
    text = SECTION_ONE.replace("lampiran: {}\n", "lampiran:\n  penjelasan: [{teks: Uraian.}]\n")
    doc = rendered(year_folder(pemda=pemda, dprd=text))
    assert doc.table_with("Cara Menghitung").rows[0].texts[-1] == "Cara Menghitung"
    assert "(Langkah mencapai target)" in doc.paragraphs


def test_formulir_and_lampiran_print_a_category_each_their_way(year_folder):
    text = (
        dedent(SKPD_YAML).replace("target: 66", 'target: "B (66)"')
        + "tampilan: {formulir: kategori, lampiran: kategori-angka}\nlampiran: {}\n"
    )
    doc = rendered(year_folder(dprd=text))
    assert doc.table_with("Sasaran Strategis").rows[2].texts[-1] == "B"
    assert doc.table_with("Indikator Kinerja").rows[2].texts[-1] == "B"
    section_one = next(t for t in doc.tables if t.rows[0].texts[0] == "No.")
    assert section_one.rows[2].texts[2] == "B (66)"
