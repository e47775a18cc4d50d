"""A diff as lines of text: the terminal summary and what `pkgen import` shows."""

from __future__ import annotations

from pathlib import Path

from conftest import SKPD_YAML

from generator.errors import SourceLocation
from generator.revision.diff import (
    Change,
    Jenis,
    RevisionDiff,
    SkpdDiff,
    SkpdKey,
    StatusSkpd,
    Unsur,
)
from generator.revision.report import change_line, summary, total_line
from generator.revision.yaml_changes import NO_CONTENT_CHANGE, yaml_changes

WHERE = SourceLocation("agreements/2022/dprd.yaml", 15)


def test_a_changed_value_reads_old_arrow_new_with_its_place():
    change = Change(
        Unsur.TARGET, Jenis.DIUBAH, "Target", "Nilai SAKIP", "66 (B)", "70 (B)", lokasi=WHERE
    )
    assert (
        change_line(change)
        == "~ Target: Nilai SAKIP: 66 (B) → 70 (B) (agreements/2022/dprd.yaml:15)"
    )


def test_added_and_removed_items_show_their_one_value_and_selisih():
    added = Change(
        Unsur.PROGRAM,
        Jenis.DITAMBAH,
        "Program baru",
        "Program X",
        menjadi="Rp. 1.000",
        selisih=1000,
        selisih_teks="+Rp. 1.000",
    )
    removed = Change(
        Unsur.INDIKATOR, Jenis.DIHAPUS, "Indikator dihapus", "Nilai IKM", semula="3,10 (B)"
    )
    assert change_line(added) == "+ Program baru: Program X: Rp. 1.000 (selisih +Rp. 1.000)"
    assert change_line(removed) == "- Indikator dihapus: Nilai IKM: 3,10 (B)"


def test_a_rename_and_a_signer_field_are_not_repeated_as_their_own_item():
    rename = Change(
        Unsur.PROGRAM, Jenis.DIUBAH, "Nama program", "Program B", "Program A", "Program B"
    )
    nip = Change(
        Unsur.IDENTITAS,
        Jenis.DIUBAH,
        "NIP pihak pertama",
        "NIP pihak pertama",
        "19790317 199912 1 001",
        "19790317 199912 1 002",
    )
    assert change_line(rename) == "~ Nama program: Program A → Program B"
    assert change_line(nip) == "~ NIP pihak pertama: 19790317 199912 1 001 → 19790317 199912 1 002"


def test_an_unsure_pairing_carries_its_note():
    change = Change(
        Unsur.TARGET,
        Jenis.DIUBAH,
        "Target",
        "Angka keberhasilan pengobatan TBC",
        "90%",
        "92%",
        yakin=False,
        catatan="mungkin sama dengan «Angka keberhasilan pengobatan Tuberkulosis» (kemiripan 86%)",
    )
    assert change_line(change) == (
        "~ Target: Angka keberhasilan pengobatan TBC: 90% → 92%; mungkin sama dengan "
        "«Angka keberhasilan pengobatan Tuberkulosis» (kemiripan 86%)"
    )


def skpd(status: StatusSkpd, changes: int = 0, before: int = 10, after: int = 10) -> SkpdDiff:
    change = Change(Unsur.TARGET, Jenis.DIUBAH, "Target", "x", "1", "2")
    return SkpdDiff(SkpdKey("", "x"), "X", status, (change,) * changes, before, after)


def test_the_total_line_appears_only_when_the_total_changed():
    assert total_line(skpd(StatusSkpd.DIUBAH, 1)) is None
    assert total_line(skpd(StatusSkpd.DIUBAH, 1, 1000000, 1250000)) == (
        "= Jumlah anggaran: Rp. 1.000.000 → Rp. 1.250.000 (selisih +Rp. 250.000)"
    )


def test_the_summary_counts_changes_and_skpd():
    def diff(*items: SkpdDiff) -> RevisionDiff:
        return RevisionDiff("a", "b", 2022, None, None, items)

    assert summary(diff(skpd(StatusSkpd.TETAP), skpd(StatusSkpd.TETAP))) == (
        "Tidak ada perubahan (2 SKPD tidak berubah)"
    )
    assert summary(diff(skpd(StatusSkpd.DIUBAH, 3), skpd(StatusSkpd.TETAP))) == (
        "3 perubahan pada 1 SKPD; 1 SKPD tidak berubah"
    )
    assert summary(diff(skpd(StatusSkpd.DITAMBAH, 1), skpd(StatusSkpd.DIHAPUS, 1))) == (
        "1 SKPD ditambah; 1 SKPD dihapus"
    )


def write_pemda(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "pemda.yaml").write_text(
        "pemerintah: Pemerintah Kota Medan\ntempat: Medan\n"
        "kepala_daerah: {nama: BOBBY, jabatan: Wali Kota Medan}\n",
        encoding="utf-8",
    )
    return folder / "dprd.yaml"


def test_an_import_shows_its_change_through_the_revision_diff(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = write_pemda(Path("agreements/2022"))
    new = SKPD_YAML.replace("anggaran: 100727519299", "anggaran: 100727619299")
    assert yaml_changes(SKPD_YAML, new, target) == [
        "~ Anggaran: Program Administrasi Umum: Rp. 100.727.519.299 → Rp. 100.727.619.299 "
        "(selisih +Rp. 100.000) (agreements/2022/dprd.yaml:20)",
        "= Jumlah anggaran: Rp. 100.727.519.299 → Rp. 100.727.619.299 (selisih +Rp. 100.000)",
    ]


def test_an_import_over_a_new_or_identical_file_shows_nothing(tmp_path):
    target = write_pemda(tmp_path / "agreements/2022")
    assert yaml_changes(None, SKPD_YAML, target) == []
    assert yaml_changes(SKPD_YAML, SKPD_YAML, target) == []


def test_an_import_that_only_rewrites_the_yaml_says_so(tmp_path):
    target = write_pemda(tmp_path / "agreements/2022")
    rewritten = SKPD_YAML.replace("target: 66", "target: '66'")
    assert yaml_changes(SKPD_YAML, rewritten, target) == [NO_CONTENT_CHANGE]
    assert NO_CONTENT_CHANGE == "tidak ada perubahan isi; hanya penulisan YAML yang berbeda"


def test_an_import_over_an_invalid_file_shows_the_text_diff(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = write_pemda(Path("agreements/2022"))
    broken = SKPD_YAML.replace("target: 66", "target: '66 (A)'")
    lines = yaml_changes(broken, SKPD_YAML, target)
    assert lines[:2] == [
        "--- agreements/2022/dprd.yaml (lama)",
        "+++ agreements/2022/dprd.yaml (baru)",
    ]
    assert "-        target: '66 (A)'" in lines and "+        target: 66" in lines
