"""pkgen as an installed package: everything a build needs is package data, the wheel
holds it, and an installed pkgen builds an agreements folder anywhere on disk.

The slow test builds the wheel and installs it into a fresh virtual environment outside
the repository, without network: the build backend and the dependencies come from this
environment (`.venv`), made visible to the new one by a .pth file, and the wheel itself
is installed with --no-deps --no-index.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, example_counts
from docx_structure import read_docx
from pypdf import PdfReader

from generator.bench import make_agreements
from generator.build.naming import output_path
from generator.data.loading import load_batch

RESOURCES = ROOT / "generator" / "resources"
# Folders of non-Python files pkgen reads at run time: its resources and the web
# workspace's page templates and static files.
DATA_FOLDERS = (RESOURCES, ROOT / "generator/web/templates", ROOT / "generator/web/static")


def resource_files() -> list[str]:
    """Every data file pkgen reads, relative to generator/ (as package data is)."""
    return sorted(
        p.relative_to(ROOT / "generator").as_posix()
        for folder in DATA_FOLDERS
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith(".")
    )


def package_data_patterns() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(config["tool"]["setuptools"]["package-data"]["generator"])


def test_package_data_lists_every_resource_and_nothing_that_does_not_exist():
    patterns = package_data_patterns()
    files = [*resource_files(), "py.typed"]
    assert (ROOT / "generator" / "py.typed").is_file()
    unlisted = [f for f in files if not any(fnmatch.fnmatch(f, p) for p in patterns)]
    unused = [p for p in patterns if not any(fnmatch.fnmatch(f, p) for f in files)]
    assert unlisted == []
    assert unused == []


def test_the_bench_makes_its_synthetic_pemda_from_package_data(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # nothing is read relative to the working folder
    folder = tmp_path / "sintetis" / "2022"

    files = make_agreements(folder, 3)

    batch = load_batch([folder])
    assert [p for p in batch.problems if p.is_error] == []
    assert [a.path for a in batch.agreements] == files
    assert [a.model.unit.nama for a in batch.agreements] == [
        f"Dinas Sintetis {i:02d}" for i in (1, 2, 3)
    ]
    pemda = batch.groups[0].pemda
    assert pemda is not None and pemda.model.logo == "logo-kota-medan.png"
    assert (folder / "logo-kota-medan.png").read_bytes() == (
        EXAMPLES / "logo-kota-medan.png"
    ).read_bytes()
    # The richest example: every sasaran, indikator and program of the sample SKPD.
    sample = load_batch([RESOURCES / "sample" / "dinas-kesehatan.yaml"]).agreements[0]
    first = batch.agreements[0].model
    assert len(first.sasaran) == len(sample.model.sasaran) >= 5
    assert len(first.program) == len(sample.model.program) >= 7
    assert first.lampiran is not None


# --------------------------------------------------------------------------- installed


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None):
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


def build_wheel(tmp_path: Path) -> Path:
    """The wheel of a copy of the sources (the build leaves build/ and *.egg-info behind,
    which must not land in the repository)."""
    source = tmp_path / "sumber"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source)
    shutil.copytree(
        ROOT / "generator", source / "generator", ignore=shutil.ignore_patterns("__pycache__")
    )
    dist = tmp_path / "dist"
    run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), "."],
        cwd=source,
    )
    (wheel,) = dist.glob("pkgen-*.whl")
    return wheel


def fresh_venv(tmp_path: Path) -> Path:
    """A virtual environment that sees this one's libraries, not its pkgen."""
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=tmp_path)
    python = venv / "bin" / "python"
    purelib = run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        cwd=tmp_path,
    ).stdout.strip()
    # Paths listed in a .pth file are added after the venv's own site-packages, and the
    # editable install of pkgen there is not activated (its .pth is not processed).
    Path(purelib, "pkgen-dependencies.pth").write_text(
        sysconfig.get_path("purelib") + "\n", encoding="utf-8"
    )
    return venv


@pytest.mark.slow
def test_an_installed_wheel_builds_an_agreements_folder_anywhere(tmp_path: Path):
    wheel = build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert {f"generator/{f}" for f in resource_files()} <= names
    assert {
        f"generator/resources/templates/{p.name}" for p in (RESOURCES / "templates").glob("*.docx")
    } <= names

    venv = fresh_venv(tmp_path)
    python = str(venv / "bin" / "python")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(PIP_NO_INDEX="1", COLUMNS="200")
    offline = ["--no-deps", "--no-index", "--ignore-installed", "--no-build-isolation"]
    run([python, "-m", "pip", "install", *offline, str(wheel)], cwd=tmp_path, env=env)
    elsewhere = tmp_path / "di-tempat-lain"
    data = elsewhere / "data" / "2022"
    shutil.copytree(EXAMPLES, data)
    cwd = tmp_path / "kerja"
    cwd.mkdir()
    located = run([python, "-c", "import generator; print(generator.__file__)"], cwd, env)
    assert Path(located.stdout.strip()).is_relative_to(venv)

    out = tmp_path / "hasil"
    result = run([str(venv / "bin" / "pkgen"), "build", str(data), "--out", str(out)], cwd, env)

    documents, _ = example_counts()
    assert f"{documents} dibuat, 0 tidak berubah, 0 gagal" in result.stdout
    agreements = load_batch([data]).agreements
    assert len(agreements) == documents
    pages: dict[tuple[str, str], int] = {}
    for agreement in agreements:
        docx = output_path(agreement, out)
        assert agreement.model.unit.nama.upper() in read_docx(docx).all_text.upper()
        key = (agreement.pemda.path.parent.name, agreement.kind.key)
        pages[key] = pages.get(key, 0) + len(PdfReader(docx.with_suffix(".pdf")).pages)
    books = {
        ("2022", "perjanjian-kinerja"): out / "2022" / "buku-perjanjian-kinerja-2022.pdf",
        ("kota-depok", "rencana-kerja-rb"): out
        / "2022"
        / "kota-depok"
        / "buku-rencana-kerja-rb-2022.pdf",
    }
    for key, book in books.items():
        # The front matter (cover, daftar isi), then every member's pages.
        assert len(PdfReader(book).pages) > pages[key] > 0
    assert not (cwd / "output").exists() and list(cwd.iterdir()) == []

    # The benchmark's synthetic pemda comes from the installed package data too.
    sintetis = tmp_path / "sintetis" / "2022"
    make = (
        "from pathlib import Path; from generator.bench import make_agreements; "
        f"make_agreements(Path({str(sintetis)!r}), 2)"
    )
    run([python, "-c", make], cwd, env)
    checked = run([str(venv / "bin" / "pkgen"), "check", str(sintetis)], cwd, env)
    assert "2 berkas SKPD diperiksa" in checked.stdout
