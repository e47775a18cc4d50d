"""The command line as staff use it: messages, exit codes, and what lands in output/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ROOT, SKPD_YAML, pkgen


def test_check_reports_every_problem_of_every_file_and_writes_nothing(
    examples_copy: Path, tmp_path: Path
):
    dprd = examples_copy / "sekretariat-dprd.yaml"
    text = dprd.read_text(encoding="utf-8")
    text = text.replace("nip: 197903171999121001", "nip: 197903171999131001")
    text = text.replace(
        "        target: 3.0644\n        skala: ikm\n        baseline: {target: 2.70, realisasi: 2.892}",
        "        skala: ikm\n        baseline: {target: 2.70, realisasi: 2.892}",
    )
    dprd.write_text(text, encoding="utf-8")
    (examples_copy / "kecamatan-rusak.yaml").write_text(
        "tahun: 2022\nunit: [tidak ditutup\n", encoding="utf-8"
    )

    result = pkgen("check", "agreements/2022", cwd=tmp_path)

    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert (
        "agreements/2022/kecamatan-rusak.yaml:2: kesalahan sintaks YAML: kurung [ ] atau { } tidak seimbang"
        in lines
    )
    assert (
        "agreements/2022/sekretariat-dprd.yaml:17: pihak_pertama.nip: NIP 197903171999131001: bulan pengangkatan 13 tidak ada"
        in lines
    )
    assert any(
        line.startswith("agreements/2022/sekretariat-dprd.yaml:")
        and "sasaran[1].indikator[0].target: wajib diisi" in line
        for line in lines
    )
    assert lines[-1].startswith("3 kesalahan")
    assert not (tmp_path / "output").exists()


@pytest.mark.slow  # sweeps every example through a new process: the full run's
def test_check_of_the_examples_is_clean(tmp_path: Path):
    result = pkgen("check", str(ROOT / "agreements" / "2022"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Tidak ada kesalahan" in result.stdout


def test_build_of_one_file_writes_its_document_under_out(examples_copy: Path, tmp_path: Path):
    result = pkgen(
        "build", "agreements/2022/sekretariat-dprd.yaml", "--out", "hasil", "--no-pdf", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "hasil/2022/sekretariat-dprd/perjanjian-kinerja.docx").is_file()
    assert sorted(p.name for p in (tmp_path / "hasil/2022").iterdir()) == ["sekretariat-dprd"]


def test_one_bad_skpd_is_reported_the_others_are_built_and_the_exit_code_says_so(
    year_folder, tmp_path: Path
):
    year_folder(baik=SKPD_YAML, rusak=SKPD_YAML.replace("anggaran: 100727519299", "anggaran: 1.5"))
    result = pkgen("build", "agreements/2022", "--no-pdf", cwd=tmp_path)
    assert result.returncode == 1
    assert (tmp_path / "output/2022/baik/perjanjian-kinerja.docx").is_file()
    assert not (tmp_path / "output/2022/rusak").exists()
    assert "1 dibuat, 0 tidak berubah, 1 gagal" in result.stdout
    assert "rusak.yaml:20: program[0].anggaran" in result.stdout


def test_a_missing_folder_is_a_usage_error(tmp_path: Path):
    result = pkgen("build", "tidak-ada", cwd=tmp_path)
    assert result.returncode == 2
    assert "tidak-ada: tidak ditemukan" in result.stderr


def watched_soffice(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """An environment whose `soffice` (first on the PATH) only leaves a mark when started,
    and the mark's path: tells whether pkgen started LibreOffice."""
    mark = tmp_path / "soffice-dimulai"
    soffice = tmp_path / "bin" / "soffice"
    soffice.parent.mkdir()
    soffice.write_text(f"#!/bin/sh\ntouch '{mark}'\nexit 1\n", encoding="utf-8")
    soffice.chmod(0o755)
    return {"PATH": f"{soffice.parent}{os.pathsep}{os.environ['PATH']}"}, mark


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["tidak-ada"], "tidak-ada: tidak ditemukan"),
        (["agreements/2022", "tidak-ada.yaml"], "tidak-ada.yaml: tidak ditemukan"),
        (["kosong"], "kosong: tidak ada pemda.yaml di folder ini maupun subfoldernya"),
        (["agreements/2022", "--templates", "templat"], "templat: folder templat tidak ditemukan"),
    ],
    ids=["folder", "file", "no-pemda", "templates"],
)
def test_a_bad_path_ends_the_build_at_once_with_exit_2_before_libreoffice_starts(
    year_folder, tmp_path: Path, args: list[str], message: str
):
    year_folder(dprd=SKPD_YAML)
    (tmp_path / "kosong").mkdir()
    (tmp_path / "berkas.txt").write_text("bukan folder", encoding="utf-8")
    env, mark = watched_soffice(tmp_path)

    result = pkgen("build", *args, cwd=tmp_path, env=env)

    assert result.returncode == 2
    assert result.stderr.strip() == message.format(tmp=tmp_path)
    assert not mark.exists()
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize("out", ["berkas.txt", "berkas.txt/hasil"], ids=["file", "below-a-file"])
def test_an_output_folder_that_cannot_be_used_ends_the_build_with_exit_1_before_libreoffice(
    year_folder, tmp_path: Path, out: str
):
    year_folder(dprd=SKPD_YAML)
    (tmp_path / "berkas.txt").write_text("bukan folder", encoding="utf-8")
    env, mark = watched_soffice(tmp_path)

    result = pkgen("build", "agreements/2022", "--out", out, cwd=tmp_path, env=env)

    assert result.returncode == 1
    assert result.stderr.strip() == (
        "berkas.txt: bukan folder (sudah ada berkas dengan nama itu); "
        "pilih folder keluaran lain dengan --out"
    )
    assert not mark.exists()


def test_a_valid_build_starts_libreoffice_before_loading_the_data(year_folder, tmp_path: Path):
    # The other side of the test above: the watched soffice does notice a start (it then
    # fails, and so does the conversion: the build waits for it, so the mark is there).
    year_folder(dprd=SKPD_YAML)
    env, mark = watched_soffice(tmp_path)

    pkgen("build", "agreements/2022", cwd=tmp_path, env=env)

    assert mark.exists()


def test_python_dash_m_and_version(tmp_path: Path):
    result = pkgen("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("pkgen ")
