"""`pkgen diff` as staff use it: two folders or files, or a folder since a git revision;
the terminal report, exit codes and messages."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLES
from test_cli import pkgen

DINKES = "agreements/2022/dinas-kesehatan.yaml"
REVISION = {
    # two targets and one anggaran of one SKPD: the scenario of issue 6's "done when"
    '        satuan: "%"\n        target: 17.5\n': '        satuan: "%"\n        target: 16.5\n',
    "        target: 71\n": "        target: 75\n",
    "anggaran: 2384516000": "anggaran: 2634516000",
}


def revise(folder: Path, replacements: dict[str, str] = REVISION) -> str:
    path = folder / "dinas-kesehatan.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.fixture
def old_and_new(examples_copy: Path, tmp_path: Path) -> str:
    """`lama/2022` (the examples) and `agreements/2022` (revised); returns the new text."""
    shutil.copytree(EXAMPLES, tmp_path / "lama" / "2022")
    return revise(examples_copy)


def test_two_targets_and_one_anggaran_changed_are_exactly_the_three_changes_reported(
    old_and_new, tmp_path
):
    result = pkgen("diff", "lama/2022", "agreements/2022", "--format", "json", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["ringkasan"] == {
        "perubahan": 3,
        "skpd_diubah": 1,
        "skpd_ditambah": 0,
        "skpd_dihapus": 0,
        # 13 PK of Kota Medan (8 of them the Dinas Kesehatan ladder), 4 of Sukamaju, less one
        "skpd_tidak_berubah": 16,
    }
    (dinkes,) = [s for s in data["skpd"] if s["status"] != "tidak berubah"]
    assert dinkes["slug"] == "dinas-kesehatan"
    assert dinkes["anggaran"] == {
        "semula": 711919297054,
        "menjadi": 712169297054,
        "selisih": 250000000,
    }
    assert [
        (c["bagian"], c["uraian"], c["semula"], c["menjadi"], c["selisih_teks"], c["lokasi"])
        for c in dinkes["perubahan"]
    ] == [
        (
            "Target",
            "Prevalensi stunting pada balita",
            "17,5%",
            "16,5%",
            "",
            {"berkas": DINKES, "baris": line_of(old_and_new, "target: 16.5")},
        ),
        (
            "Target",
            "Nilai SAKIP Dinas Kesehatan Kota Medan",
            "71 (BB)",
            "75 (BB)",
            "",
            {"berkas": DINKES, "baris": line_of(old_and_new, "target: 75")},
        ),
        (
            "Anggaran",
            "Program Peningkatan Kapasitas Sumber Daya Manusia Kesehatan",
            "Rp. 2.384.516.000",
            "Rp. 2.634.516.000",
            "+Rp. 250.000.000",
            {"berkas": DINKES, "baris": line_of(old_and_new, "anggaran: 2634516000")},
        ),
    ]


def test_the_terminal_report_shows_old_and_new_values_selisih_and_totals(old_and_new, tmp_path):
    result = pkgen("diff", "lama/2022", "agreements/2022", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Dinas Kesehatan Kota Medan (dinas-kesehatan) — diubah" in out
    for text in ("17,5%", "16,5%", "71 (BB)", "75 (BB)", "Rp. 2.384.516.000", "+Rp. 250.000.000"):
        assert text in out
    assert (
        "Jumlah anggaran: Rp. 711.919.297.054 → Rp. 712.169.297.054 (selisih +Rp. 250.000.000)"
        in out
    )
    assert out.rstrip().endswith("3 perubahan pada 1 SKPD; 16 SKPD tidak berubah")
    assert "Sekretariat DPRD" not in out


def test_no_difference_is_reported_with_exit_code_zero(examples_copy, tmp_path):
    shutil.copytree(EXAMPLES, tmp_path / "lama" / "2022")
    result = pkgen("diff", "lama/2022", "agreements/2022", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.rstrip().endswith("Tidak ada perubahan (17 SKPD tidak berubah)")


def test_two_files_are_compared_with_each_other_whatever_their_names(old_and_new, tmp_path):
    shutil.copy(tmp_path / DINKES, tmp_path / "lama/2022/dinkes-revisi.yaml")
    result = pkgen(
        "diff",
        "lama/2022/dinas-kesehatan.yaml",
        "lama/2022/dinkes-revisi.yaml",
        "--format",
        "json",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["ringkasan"]["perubahan"] == 3


def test_added_and_removed_skpd_are_listed(examples_copy, tmp_path):
    shutil.copytree(EXAMPLES, tmp_path / "lama" / "2022")
    (examples_copy / "kecamatan-medan-baru.yaml").rename(
        examples_copy / "kecamatan-medan-kota.yaml"
    )
    result = pkgen("diff", "lama/2022", "agreements/2022", "--format", "json", cwd=tmp_path)
    data = json.loads(result.stdout)
    assert [(s["slug"], s["status"]) for s in data["skpd"] if s["status"] != "tidak berubah"] == [
        ("kecamatan-medan-kota", "ditambah"),
        ("kecamatan-medan-baru", "dihapus"),
    ]


def test_invalid_input_exits_1_with_file_and_line_and_compares_nothing(old_and_new, tmp_path):
    path = tmp_path / DINKES
    path.write_text(
        path.read_text(encoding="utf-8").replace("target: 75", "target: '75 (A)'"),
        encoding="utf-8",
    )
    result = pkgen("diff", "lama/2022", "agreements/2022", cwd=tmp_path)
    assert result.returncode == 1
    line = line_of(path.read_text(encoding="utf-8"), "target: '75 (A)'")
    errors = result.stderr.splitlines()
    assert any(e.startswith(f"{DINKES}:{line}: sasaran[4].indikator[0].target: ") for e in errors)
    # The 8 PKs below the Kepala Dinas cannot be resolved without it: each says so.
    assert errors[-1] == "9 kesalahan; tidak dibandingkan"
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["agreements/2022"], "sebutkan dua berkas atau folder: pkgen diff SEMULA MENJADI"),
        (
            ["--since", "HEAD", "lama/2022", "agreements/2022"],
            "dengan --since sebutkan satu folder atau berkas, misalnya: "
            "pkgen diff --since HEAD agreements/2022",
        ),
        (
            ["lama/2022", "agreements/2022", "--format", "docx"],
            "--format docx perlu -o BERKAS",
        ),
        (
            ["lama/2022", "agreements/2022", "-o", "daftar.pdf"],
            "-o daftar.pdf: format tidak dikenal dari akhiran nama berkas; "
            "pakai .docx, .xlsx atau .json, atau sebutkan --format",
        ),
        (
            ["lama/2022", "agreements/2022", "--format", "csv"],
            "--format 'csv' tidak dikenal; pilihan: table, docx, xlsx, json",
        ),
        (
            ["lama/2022", DINKES],
            f"lama/2022 dan {DINKES}: bandingkan berkas dengan berkas, atau folder dengan folder",
        ),
        (["lama/2021", "agreements/2022"], "lama/2021: tidak ditemukan"),
        (
            ["lama/2022", "agreements/2022", "-o", "x.docx", "--tanggal", "31 Februari 2022"],
            "--tanggal: tanggal '31 Februari 2022' tidak ada di kalender",
        ),
    ],
)
def test_usage_errors_exit_2_with_a_message(old_and_new, tmp_path, args, message):
    result = pkgen("diff", *args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == message
    assert not (tmp_path / "x.docx").exists()


# --------------------------------------------------------------------------- --since


def git(cwd: Path, *args: str) -> str:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="pkgen",
        GIT_AUTHOR_EMAIL="pkgen@example.org",
        GIT_COMMITTER_NAME="pkgen",
        GIT_COMMITTER_EMAIL="pkgen@example.org",
    )
    result = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout


@pytest.fixture
def repo(examples_copy: Path, tmp_path: Path) -> Path:
    """tmp_path as a git repository whose HEAD holds the examples in agreements/2022."""
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "agreements")
    git(tmp_path, "commit", "-q", "-m", "PK 2022")
    return tmp_path


def test_since_head_compares_the_folder_with_its_last_commit(repo):
    text = revise(repo / "agreements/2022")
    (repo / "agreements/2022/dinas-baru.yaml").write_text(
        (repo / "agreements/2022/sekretariat-dprd.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )

    result = pkgen("diff", "--since", "HEAD", "agreements/2022", "--format", "json", cwd=repo)

    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["semula"], data["menjadi"]) == (
        "agreements/2022 (revisi git HEAD)",
        "agreements/2022",
    )
    assert data["ringkasan"]["perubahan"] == 4
    changed = {s["slug"]: s for s in data["skpd"] if s["status"] != "tidak berubah"}
    assert sorted(changed) == ["dinas-baru", "dinas-kesehatan"]
    assert changed["dinas-baru"]["status"] == "ditambah"
    assert [c["menjadi"] for c in changed["dinas-kesehatan"]["perubahan"]] == [
        "16,5%",
        "75 (BB)",
        "Rp. 2.634.516.000",
    ]
    assert changed["dinas-kesehatan"]["perubahan"][2]["lokasi"]["baris"] == line_of(
        text, "anggaran: 2634516000"
    )


def test_since_an_older_commit_and_a_single_file(repo):
    revise(repo / "agreements/2022")
    git(repo, "commit", "-q", "-am", "APBD-P")
    result = pkgen("diff", "--since", "HEAD~1", DINKES, "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [s["slug"] for s in data["skpd"]] == ["dinas-kesehatan"]
    assert data["ringkasan"]["perubahan"] == 3


def test_an_invalid_file_at_the_revision_is_shown_at_the_revision(repo):
    path = repo / DINKES
    path.write_text(
        path.read_text(encoding="utf-8").replace("target: 71\n", "target: '71 (A)'\n"),
        encoding="utf-8",
    )
    git(repo, "commit", "-q", "-am", "salah")
    revise(repo / "agreements/2022", {"target: '71 (A)'\n": "target: 71\n"})

    result = pkgen("diff", "--since", "HEAD", "agreements/2022", cwd=repo)

    assert result.returncode == 1
    assert any(
        e.startswith(f"HEAD:{DINKES}:") and "sasaran[4].indikator[0].target" in e
        for e in result.stderr.splitlines()
    )


def test_since_outside_a_git_repository_is_a_usage_error(examples_copy, tmp_path):
    result = pkgen("diff", "--since", "HEAD", "agreements/2022", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "--since: agreements/2022 tidak berada di dalam repositori git"


def test_an_unknown_revision_is_a_usage_error(repo):
    result = pkgen("diff", "--since", "belum-ada", "agreements/2022", cwd=repo)
    assert result.returncode == 2
    assert result.stderr.strip() == "--since: revisi git 'belum-ada' tidak dikenal"


def test_a_folder_absent_at_the_revision_is_a_usage_error(repo):
    shutil.copytree(repo / "agreements/2022", repo / "agreements/2023")
    result = pkgen("diff", "--since", "HEAD", "agreements/2023", cwd=repo)
    assert result.returncode == 2
    assert result.stderr.strip() == "--since: agreements/2023 tidak ada pada revisi git HEAD"
