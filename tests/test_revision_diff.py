"""The revision diff of one agreement: what changed, old → new as printed, and where."""

from __future__ import annotations

from pathlib import Path

from conftest import PEMDA_YAML, dedent

from generator.data.loading import validate_document
from generator.data.models.common import Pemda
from generator.data.models.perjanjian import PerjanjianKinerja
from generator.data.yamlsource import load_yaml
from generator.errors import SourceLocation
from generator.revision.diff import (
    Change,
    Jenis,
    Side,
    SkpdKey,
    StatusSkpd,
    Unsur,
    compare,
    diff_agreement,
    diff_skpd,
)
from generator.revision.matching import MatchBasis

FILE = "agreements/2022/dinas.yaml"

BASE = """\
tahun: 2022
unit:
  nama: Dinas Kesehatan
  nama_singkat: Dinas Kesehatan Kota Medan
  alamat: Jalan Rotan Komplek Petisah Medan
tanggal: Januari 2022
pihak_pertama:
  nama: dr. Rahmat Hidayat Lubis, M.K.M.
  jabatan: Kepala Dinas Kesehatan Kota Medan
  pangkat: Pembina Utama Muda
  nip: 197408122002031004
sasaran:
  - id: akuntabilitas
    uraian: Meningkatnya akuntabilitas kinerja Dinas Kesehatan
    indikator:
      - id: nilai-sakip
        uraian: Nilai SAKIP Dinas Kesehatan Kota Medan
        target: 66
        skala: sakip
      - uraian: Angka keberhasilan pengobatan Tuberkulosis (success rate)
        satuan: "%"
        target: 90
  - uraian: Meningkatnya mutu pelayanan kesehatan dasar
    indikator:
      - uraian: Jumlah Puskesmas yang terakreditasi Paripurna
        satuan: unit
        target: 8
program:
  - id: penunjang
    nama: Program Penunjang Urusan Pemerintahan Daerah
    anggaran: 1000000
  - nama: Program Pemenuhan Upaya Kesehatan Masyarakat
    anggaran: 5000000
"""


def pemda() -> Pemda:
    document, _ = load_yaml(Path("agreements/2022/pemda.yaml"), dedent(PEMDA_YAML))
    assert document is not None
    model, problems = validate_document(document, Pemda)
    assert model is not None, problems
    return model


def side(text: str) -> Side:
    document, problems = load_yaml(Path(FILE), text)
    assert document is not None, problems
    model, problems = validate_document(document, PerjanjianKinerja)
    assert model is not None, [str(p) for p in problems]
    return Side(model, pemda(), document)


def edited(**replacements: str) -> str:
    text = BASE
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def changes(new_text: str, old_text: str = BASE) -> tuple[Change, ...]:
    return diff_agreement(side(old_text), side(new_text))


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_an_unchanged_agreement_has_no_changes():
    assert changes(BASE) == ()


def test_a_changed_target_shows_old_and_new_values_with_their_computed_category():
    new = edited(**{"target: 66": "target: 70"})
    assert changes(new) == (
        Change(
            Unsur.TARGET,
            Jenis.DIUBAH,
            "Target",
            "Nilai SAKIP Dinas Kesehatan Kota Medan",
            "66 (B)",
            "70 (B)",
            sasaran="Meningkatnya akuntabilitas kinerja Dinas Kesehatan",
            id="nilai-sakip",
            dasar=MatchBasis.ID,
            lokasi=SourceLocation(FILE, line_of(new, "target: 70")),
        ),
    )


def test_a_target_crossing_a_category_shows_both_categories():
    (change,) = changes(edited(**{"target: 66": "target: 71.5"}))
    assert (change.semula, change.menjadi) == ("66 (B)", "71,5 (BB)")


def test_a_changed_anggaran_shows_rupiah_and_the_signed_selisih():
    new = edited(**{"anggaran: 1000000": "anggaran: 1250000"})
    (change,) = changes(new)
    assert change == Change(
        Unsur.ANGGARAN,
        Jenis.DIUBAH,
        "Anggaran",
        "Program Penunjang Urusan Pemerintahan Daerah",
        "Rp. 1.000.000",
        "Rp. 1.250.000",
        selisih=250000,
        selisih_teks="+Rp. 250.000",
        id="penunjang",
        dasar=MatchBasis.ID,
        lokasi=SourceLocation(FILE, line_of(new, "anggaran: 1250000")),
    )


def test_the_skpd_total_anggaran_and_its_selisih_are_kept_beside_the_changes():
    new = edited(
        **{"anggaran: 1000000": "anggaran: 1250000", "anggaran: 5000000": "anggaran: 4000000"}
    )
    skpd = diff_skpd(SkpdKey("", "dinas"), side(BASE), side(new))
    assert (skpd.anggaran_semula, skpd.anggaran_menjadi, skpd.selisih) == (
        6000000,
        5250000,
        -750000,
    )
    assert [c.selisih_teks for c in skpd.changes] == ["+Rp. 250.000", "-Rp. 1.000.000"]
    assert skpd.status is StatusSkpd.DIUBAH


def test_an_added_indikator_is_listed_with_its_target_and_sasaran():
    new = edited(
        **{
            "        target: 8\n": "        target: 8\n"
            "      - uraian: Persentase fasilitas kefarmasian yang memenuhi standar\n"
            '        satuan: "%"\n'
            "        target: 85.5\n"
        }
    )
    (change,) = changes(new)
    assert (change.unsur, change.jenis, change.bagian) == (
        Unsur.INDIKATOR,
        Jenis.DITAMBAH,
        "Indikator baru",
    )
    assert (change.uraian, change.semula, change.menjadi) == (
        "Persentase fasilitas kefarmasian yang memenuhi standar",
        "",
        "85,5%",
    )
    assert change.sasaran == "Meningkatnya mutu pelayanan kesehatan dasar"
    assert change.lokasi == SourceLocation(FILE, line_of(new, "Persentase fasilitas"))


def test_a_removed_indikator_is_listed_with_its_old_target_at_its_list_in_the_new_file():
    new = edited(
        **{
            "      - uraian: Angka keberhasilan pengobatan Tuberkulosis (success rate)\n"
            '        satuan: "%"\n'
            "        target: 90\n": ""
        }
    )
    (change,) = changes(new)
    assert (change.jenis, change.bagian, change.uraian, change.semula, change.menjadi) == (
        Jenis.DIHAPUS,
        "Indikator dihapus",
        "Angka keberhasilan pengobatan Tuberkulosis (success rate)",
        "90%",
        "",
    )
    assert change.lokasi == SourceLocation(FILE, line_of(new, "    indikator:"))


def test_reordered_sasaran_indikator_and_programs_are_no_change():
    lines = BASE.splitlines(keepends=True)
    head = "".join(lines[:11])
    first_sasaran = "".join(lines[12:22])
    second_sasaran = "".join(lines[22:27])
    programs = "".join(lines[27:])
    reordered = head + "sasaran:\n" + second_sasaran + first_sasaran + programs
    assert side(reordered).model.sasaran[0].uraian.startswith("Meningkatnya mutu")
    assert changes(reordered) == ()

    swapped_indikator = edited(
        **{
            "      - id: nilai-sakip\n"
            "        uraian: Nilai SAKIP Dinas Kesehatan Kota Medan\n"
            "        target: 66\n"
            "        skala: sakip\n"
            "      - uraian: Angka keberhasilan pengobatan Tuberkulosis (success rate)\n"
            '        satuan: "%"\n'
            "        target: 90\n": "      - uraian: Angka keberhasilan pengobatan Tuberkulosis (success rate)\n"
            '        satuan: "%"\n'
            "        target: 90\n"
            "      - id: nilai-sakip\n"
            "        uraian: Nilai SAKIP Dinas Kesehatan Kota Medan\n"
            "        target: 66\n"
            "        skala: sakip\n"
        }
    )
    assert changes(swapped_indikator) == ()


def test_a_renamed_program_with_the_same_id_is_a_rename_not_a_removal_and_an_addition():
    new = edited(
        **{
            "nama: Program Penunjang Urusan Pemerintahan Daerah": "nama: Program Dukungan Administrasi Perangkat Daerah"
        }
    )
    (change,) = changes(new)
    assert (change.unsur, change.jenis, change.bagian) == (
        Unsur.PROGRAM,
        Jenis.DIUBAH,
        "Nama program",
    )
    assert (change.semula, change.menjadi) == (
        "Program Penunjang Urusan Pemerintahan Daerah",
        "Program Dukungan Administrasi Perangkat Daerah",
    )
    assert (change.dasar, change.yakin, change.id) == (MatchBasis.ID, True, "penunjang")


def test_a_reworded_indikator_without_id_is_matched_and_flagged_unsure_below_the_threshold():
    new = edited(
        **{
            "Angka keberhasilan pengobatan Tuberkulosis (success rate)": "Angka keberhasilan pengobatan TBC (success rate)",
            "target: 90": "target: 92",
        }
    )
    rename, target = changes(new)
    assert (rename.bagian, rename.semula, rename.menjadi) == (
        "Uraian indikator",
        "Angka keberhasilan pengobatan Tuberkulosis (success rate)",
        "Angka keberhasilan pengobatan TBC (success rate)",
    )
    assert (target.bagian, target.uraian, target.semula, target.menjadi) == (
        "Target",
        "Angka keberhasilan pengobatan TBC (success rate)",
        "90%",
        "92%",
    )
    for change in (rename, target):
        assert change.dasar is MatchBasis.KEMIRIPAN
        assert change.yakin is False
        assert change.kemiripan == 0.862
        assert change.catatan == (
            "mungkin sama dengan «Angka keberhasilan pengobatan Tuberkulosis (success rate)» "
            "(kemiripan 86%)"
        )


def test_a_slightly_reworded_indikator_is_matched_surely_and_its_wording_reported():
    new = edited(**{"yang terakreditasi Paripurna": "terakreditasi paripurna"})
    (change,) = changes(new)
    assert (change.bagian, change.yakin, change.catatan) == ("Uraian indikator", True, "")
    assert change.semula == "Jumlah Puskesmas yang terakreditasi Paripurna"


def test_an_indikator_rewritten_beyond_recognition_is_one_removed_and_one_added():
    new = edited(**{"Jumlah Puskesmas yang terakreditasi Paripurna": "Rasio dokter per penduduk"})
    assert [c.bagian for c in changes(new)] == ["Indikator baru", "Indikator dihapus"]


def test_a_sasaran_reworded_with_the_same_indikator_is_the_same_sasaran():
    new = edited(
        **{
            "uraian: Meningkatnya mutu pelayanan kesehatan dasar": "uraian: Mutu layanan kesehatan dasar yang meningkat"
        }
    )
    (change,) = changes(new)
    assert (change.unsur, change.bagian) == (Unsur.SASARAN, "Uraian sasaran")
    assert change.dasar is MatchBasis.KEMIRIPAN


def test_added_and_removed_sasaran_list_their_indikator():
    new = edited(
        **{
            "  - uraian: Meningkatnya mutu pelayanan kesehatan dasar\n"
            "    indikator:\n"
            "      - uraian: Jumlah Puskesmas yang terakreditasi Paripurna\n"
            "        satuan: unit\n"
            "        target: 8\n": "  - uraian: Menurunnya angka kesakitan penyakit menular\n"
            "    indikator:\n"
            "      - uraian: Jumlah kelurahan UCI\n"
            "        satuan: kelurahan\n"
            "        target: 144\n"
        }
    )
    assert [(c.bagian, c.uraian, c.semula, c.menjadi) for c in changes(new)] == [
        ("Sasaran baru", "Menurunnya angka kesakitan penyakit menular", "", ""),
        ("Indikator baru", "Jumlah kelurahan UCI", "", "144 kelurahan"),
        ("Sasaran dihapus", "Meningkatnya mutu pelayanan kesehatan dasar", "", ""),
        ("Indikator dihapus", "Jumlah Puskesmas yang terakreditasi Paripurna", "8 unit", ""),
    ]


def test_added_and_removed_programs_carry_their_anggaran_as_selisih():
    new = edited(
        **{
            "  - nama: Program Pemenuhan Upaya Kesehatan Masyarakat\n"
            "    anggaran: 5000000\n": "  - nama: Program Peningkatan Kapasitas Sumber Daya Manusia Kesehatan\n"
            "    anggaran: 2000000\n"
        }
    )
    assert [(c.bagian, c.semula, c.menjadi, c.selisih, c.selisih_teks) for c in changes(new)] == [
        ("Program baru", "", "Rp. 2.000.000", 2000000, "+Rp. 2.000.000"),
        ("Program dihapus", "Rp. 5.000.000", "", -5000000, "-Rp. 5.000.000"),
    ]


def test_programs_of_the_same_name_are_told_apart_by_their_keterangan():
    two = edited(
        **{
            "    anggaran: 5000000\n": "    anggaran: 5000000\n"
            "  - nama: Program Pemenuhan Upaya Kesehatan Masyarakat\n"
            "    anggaran: 700000\n"
            "    keterangan: DAK Non Fisik\n"
        }
    )
    new = two.replace("anggaran: 700000", "anggaran: 900000")
    (change,) = changes(new, two)
    assert change.uraian == "Program Pemenuhan Upaya Kesehatan Masyarakat (DAK Non Fisik)"
    assert (change.semula, change.menjadi) == ("Rp. 700.000", "Rp. 900.000")


def test_pihak_pertama_name_and_nip_and_the_signing_date_are_reported():
    new = edited(
        **{
            "nama: dr. Rahmat Hidayat Lubis, M.K.M.": "nama: dr. Taufik Ririansyah, M.K.M.",
            "nip: 197408122002031004": "nip: 197903172005011002",
            "tanggal: Januari 2022": "tanggal: 2022-09-15",
        }
    )
    assert [(c.unsur, c.bagian, c.semula, c.menjadi, c.lokasi) for c in changes(new)] == [
        (
            Unsur.IDENTITAS,
            "Tanggal penandatanganan",
            "Januari 2022",
            "15 September 2022",
            SourceLocation(FILE, 6),
        ),
        (
            Unsur.IDENTITAS,
            "Nama pihak pertama",
            "dr. Rahmat Hidayat Lubis, M.K.M.",
            "dr. Taufik Ririansyah, M.K.M.",
            SourceLocation(FILE, 8),
        ),
        (
            Unsur.IDENTITAS,
            "NIP pihak pertama",
            "19740812 200203 1 004",
            "19790317 200501 1 002",
            SourceLocation(FILE, 11),
        ),
    ]


def test_declaring_a_revision_is_reported_with_its_number_date_and_reason():
    new = BASE + (
        "perubahan:\n  nomor: 1\n  tanggal: 2022-09-15\n"
        "  alasan: Penyesuaian target dan anggaran sesuai APBD Perubahan\n"
    )
    (change,) = changes(new)
    assert (change.unsur, change.jenis, change.bagian, change.uraian, change.menjadi) == (
        Unsur.PERUBAHAN,
        Jenis.DITAMBAH,
        "PK Perubahan",
        "Penyesuaian target dan anggaran sesuai APBD Perubahan",
        "Perubahan ke-1, 15 September 2022",
    )


def test_a_satuan_that_prints_nothing_is_still_reported():
    new = edited(**{"        target: 66\n": "        satuan: nilai\n        target: 66\n"})
    (change,) = changes(new)
    assert (change.bagian, change.semula, change.menjadi) == ("Satuan target", "—", "nilai")


def test_added_and_removed_skpd_are_listed_with_their_whole_anggaran():
    dinas, other = (
        side(BASE),
        side(edited(**{"Dinas Kesehatan Kota Medan": "Dinas Sosial Kota Medan"})),
    )
    diff = compare(
        {SkpdKey("", "dinas"): dinas},
        {SkpdKey("", "dinsos"): other},
        semula="lama",
        menjadi="baru",
    )
    assert [(s.key.slug, s.status) for s in diff.skpd] == [
        ("dinsos", StatusSkpd.DITAMBAH),
        ("dinas", StatusSkpd.DIHAPUS),
    ]
    added, removed = (s.changes[0] for s in diff.skpd)
    assert (added.bagian, added.uraian, added.menjadi, added.selisih_teks) == (
        "SKPD baru",
        "Dinas Sosial Kota Medan",
        "2 sasaran, 3 indikator, 2 program",
        "+Rp. 6.000.000",
    )
    assert (removed.bagian, removed.semula, removed.selisih) == (
        "SKPD dihapus",
        "2 sasaran, 3 indikator, 2 program",
        -6000000,
    )
    assert (diff.tahun, diff.pemerintah, diff.tempat) == (2022, "Pemerintah Kota Medan", "Medan")
