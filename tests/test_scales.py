"""Rating scales: the built-in ones and a pemda's own, each covering every value between its
bounds exactly once, and every message naming the regulation in force."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from conftest import PEMDA_YAML, SKPD_YAML, TEMPLATES, dedent
from docx_structure import read_docx

from generator.build.pipeline import Renderer
from generator.data.loading import load_batch
from generator.domain.reference import SCALES, Band, Scale, scale_problems


def band(category: str, lower, upper, lower_in: bool = True, upper_in: bool = True) -> Band:
    return Band(
        category,
        None if lower is None else D(lower),
        None if upper is None else D(upper),
        lower_in,
        category,
        upper_inclusive=upper_in,
    )


@pytest.mark.parametrize("key", sorted(SCALES))
def test_every_built_in_scale_passes_the_same_check(key):
    assert scale_problems(SCALES[key].bands) == []


def test_a_gap_between_two_bands_names_both_and_says_how_to_close_it():
    bands = [band("Sangat Baik", 91, 100), band("Baik", 76, 90), band("Cukup", 66, 75)]
    assert scale_problems(bands) == [
        "kategori 'Cukup' (66 - 75) dan 'Baik' (76 - 90) tidak bersambung: nilai di antara 75 "
        "dan 76 tidak masuk kategori mana pun (tulis misalnya batas bawah 75 tidak termasuk)",
        "kategori 'Baik' (76 - 90) dan 'Sangat Baik' (91 - 100) tidak bersambung: nilai di "
        "antara 90 dan 91 tidak masuk kategori mana pun (tulis misalnya batas bawah 90 tidak "
        "termasuk)",
    ]


def test_bands_that_share_an_end_included_by_both_overlap():
    assert scale_problems([band("A", 90, 100), band("B", 80, 90)]) == [
        "kategori 'B' (80 - 90) dan 'A' (90 - 100) tumpang tindih: nilai 90 masuk keduanya"
    ]


def test_bands_that_both_exclude_their_common_end_leave_it_out():
    assert scale_problems([band("A", 90, 100, False), band("B", 80, 90, True, False)]) == [
        "kategori 'B' (80 - <90) dan 'A' (>90 - 100) tidak bersambung: nilai 90 tidak masuk "
        "kategori mana pun"
    ]


def test_overlapping_ranges_and_empty_bands_are_named():
    assert scale_problems([band("A", 85, 100), band("B", 80, 90)]) == [
        "kategori 'B' (80 - 90) dan 'A' (85 - 100) tumpang tindih: nilai antara 85 dan 90 "
        "masuk keduanya"
    ]
    assert scale_problems([band("A", 90, 80)]) == [
        "kategori 'A' (90 - 80): batas bawah harus lebih kecil dari batas atas"
    ]


def test_a_scale_with_a_gap_cannot_even_be_constructed_in_code():
    with pytest.raises(ValueError, match=r"skala uji: kategori 'B' .* tidak bersambung"):
        Scale("uji", "skala uji", "Peraturan Uji", (band("A", 91, 100), band("B", 76, 90)))


def test_open_ended_bands_cover_values_above_and_below():
    scale = [band("Sangat Baik", 90, None, False), band("Baik", None, 90)]
    assert scale_problems(scale) == []


PEMDA_WITH_SCALE = (
    dedent(PEMDA_YAML)
    + """\
skala:
  - kode: capaian
    nama: skala capaian kinerja
    peraturan: Peraturan Bupati Contoh Nomor 1 Tahun 2021
    rentang:
      - {kategori: Sangat Baik, dari: 91, sampai: 100}
      - {kategori: Baik, dari: 76, sampai: 90}
"""
)


def test_a_pemda_scale_with_a_gap_is_rejected_at_its_line_naming_both_bands(year_folder):
    batch = load_batch([year_folder(pemda=PEMDA_WITH_SCALE, dprd=SKPD_YAML)])
    errors = [str(p).split("agreements/2022/", 1)[-1] for p in batch.problems if p.is_error]
    assert errors == [
        "dprd.yaml: pemda.yaml di folder ini tidak valid; SKPD tidak bisa dibuat",
        "pemda.yaml:11: skala[0].rentang: kategori 'Baik' (76 - 90) dan 'Sangat Baik' "
        "(91 - 100) tidak bersambung: nilai di antara 90 dan 91 tidak masuk kategori mana pun "
        "(tulis misalnya batas bawah 90 tidak termasuk)",
    ]
    assert batch.agreements == []


FIXED = PEMDA_WITH_SCALE.replace(
    "{kategori: Sangat Baik, dari: 91, sampai: 100}",
    "{kategori: Sangat Baik, dari: 90, dari_termasuk: false, interpretasi: Sangat baik}",
)


def test_a_pemda_scale_grades_targets_and_prints_in_the_lampiran(year_folder):
    skpd = dedent(SKPD_YAML).replace(
        "        target: 66\n        skala: sakip\n",
        "        id: capaian\n        target: 92\n        skala: capaian\n",
    )
    skpd += "lampiran:\n  penjelasan:\n    - tabel: skala\n      skala: capaian\n"
    batch = load_batch([year_folder(pemda=FIXED, dprd=skpd)])
    assert [str(p) for p in batch.problems if p.is_error] == []
    doc = read_docx(Renderer(TEMPLATES).render(batch.agreements[0]))
    assert doc.table_with("Sasaran Strategis").rows[2].texts[-1] == "92 (Sangat Baik)"
    scale = doc.table_with("Interpretasi")
    assert [r.texts for r in scale.rows] == [
        ["No", "Kategori", "Nilai Angka", "Interpretasi"],
        ["1", "Sangat Baik", ">90", "Sangat baik"],
        ["2", "Baik", "76 - 90", "Baik"],
    ]


def test_a_target_outside_a_pemda_scale_names_its_regulation(year_folder):
    skpd = dedent(SKPD_YAML).replace("        skala: sakip\n", "        skala: capaian\n")
    skpd = skpd.replace("target: 66", "target: 60")
    problems = [str(p) for p in load_batch([year_folder(pemda=FIXED, dprd=skpd)]).problems]
    assert problems[0].endswith(
        "sasaran[0].indikator[0].target: target 60: di luar rentang skala capaian kinerja "
        "(76 ke atas) menurut Peraturan Bupati Contoh Nomor 1 Tahun 2021"
    )


def test_an_unknown_scale_lists_the_pemda_scales_too(year_folder):
    skpd = dedent(SKPD_YAML).replace("        skala: sakip\n", "        skala: capain\n")
    problems = [str(p) for p in load_batch([year_folder(pemda=FIXED, dprd=skpd)]).problems]
    assert problems[0].endswith(
        "sasaran[0].indikator[0].skala: skala 'capain' tidak dikenal (mungkin maksud Anda "
        "'capaian'?); pilihan: sakip, ikm, ikm-konversi, capaian"
    )


def test_sakip_messages_cite_the_regulation_the_agreement_follows(year_folder):
    skpd = dedent(SKPD_YAML).replace("target: 66", 'target: "66 (A)"')
    skpd += "lampiran:\n  peraturan_sakip: 88/2021\n"
    (problem,) = [str(p) for p in load_batch([year_folder(dprd=skpd)]).problems]
    assert problem.endswith(
        "target 66 termasuk kategori B pada skala nilai SAKIP (PermenPAN dan RB Nomor 88 Tahun "
        "2021), bukan A"
    )
