"""The engine in every stamp: pkgen's own code and package data, the libraries that write
documents and LibreOffice's version. A new pkgen, a library upgrade or another LibreOffice
makes every document again, and says so; a run without changes makes nothing.

The documents here are .docx only (fast); the same with PDFs and books is in
test_build_pdf.py.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SKPD_YAML, TEMPLATES, example_counts
from docx_structure import read_docx
from pypdf import PdfReader

from generator.build.manifest import MANIFEST_NAME, Engine, library_versions, package_digests
from generator.build.pipeline import build, document_stamp
from generator.build.report import BuildOptions, Status
from generator.pdf.office_version import libreoffice_version


def package_copy(tmp_path: Path) -> Path:
    """A private copy of the generator package; returns the folder to put on PYTHONPATH."""
    target = tmp_path / "pkgen-copy"
    shutil.copytree(
        ROOT / "generator", target / "generator", ignore=shutil.ignore_patterns("__pycache__")
    )
    return target


def build_with(package: Path, folder: Path, out: Path, *, pdf: bool = False) -> str:
    """`pkgen build FOLDER --out OUT` (`--no-pdf` unless `pdf`) run with the pkgen in
    `package`; its stdout."""
    env = dict(os.environ, COLUMNS="250", PYTHONPATH=str(package))
    command = [sys.executable, "-m", "generator", "build", str(folder), "--out", str(out)]
    result = subprocess.run(
        command if pdf else [*command, "--no-pdf"],
        cwd=folder.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def counts(stdout: str) -> tuple[int, int]:
    """(made, unchanged) from the summary line `7 dibuat, 0 tidak berubah, 0 gagal …`."""
    found = re.search(r"^(\d+) dibuat, (\d+) tidak berubah, 0 gagal", stdout, re.M)
    assert found, stdout
    return int(found[1]), int(found[2])


@pytest.mark.slow  # every example, several times: the slow set
def test_changing_a_function_of_pkgen_rebuilds_every_document_and_a_second_run_nothing(
    examples_copy: Path, tmp_path: Path
):
    package = package_copy(tmp_path)
    out = tmp_path / "output"
    documents, _ = example_counts()
    assert counts(build_with(package, examples_copy, out)) == (documents, 0)
    dprd = out / "2022/sekretariat-dprd/perjanjian-kinerja.docx"
    assert "Rp. 100.727.519.299" in read_docx(dprd).all_text
    change_rupiah_function(package)

    after_change = build_with(package, examples_copy, out)
    manifest = (out / MANIFEST_NAME).read_bytes()
    again = build_with(package, examples_copy, out)

    assert counts(after_change) == (documents, 0)
    assert after_change.count("kode pkgen berubah") == documents
    assert "IDR 100.727.519.299" in read_docx(dprd).all_text
    assert "Rp. 100.727.519.299" not in read_docx(dprd).all_text
    assert counts(again) == (0, documents)
    assert (out / MANIFEST_NAME).read_bytes() == manifest  # a no-op run writes nothing


def change_rupiah_function(package: Path) -> None:
    formatting = package / "generator/domain/formatting.py"
    code = formatting.read_text(encoding="utf-8")
    line = "    body = _RUPIAH_PREFIX[rupiah_style] + format_number(abs(whole))\n"
    assert code.count(line) == 1
    formatting.write_text(
        code.replace(line, '    body = "IDR " + format_number(abs(whole))\n'), encoding="utf-8"
    )


@pytest.mark.slow
def test_a_code_change_makes_every_pdf_and_the_book_again_and_a_second_run_nothing(
    year_folder, tmp_path: Path
):
    folder = year_folder(dprd=SKPD_YAML)
    package = package_copy(tmp_path)
    out = tmp_path / "output"
    first = build_with(package, folder, out, pdf=True)
    book = out / "2022" / "buku-perjanjian-kinerja-2022.pdf"
    assert counts(first) == (1, 0)
    assert "Rp. 100.727.519.299" in PdfReader(book).pages[-1].extract_text().replace("\xa0", " ")
    change_rupiah_function(package)

    after_change = build_with(package, folder, out, pdf=True)
    again = build_with(package, folder, out, pdf=True)

    assert counts(after_change) == (1, 0)
    assert f"{book.name}: dibuat" in after_change
    book_text = "".join(page.extract_text() for page in PdfReader(book).pages)
    assert "IDR 100.727.519.299" in book_text and "Rp. 100" not in book_text
    assert counts(again) == (0, 1)
    assert f"{book.name}: tidak berubah" in again


@pytest.mark.parametrize(
    ("part", "recorded", "reason"),
    [
        ("libreoffice", "LibreOffice 7.3.7.2 (build 30(Build:2))", "LibreOffice berubah"),
        ("pustaka", "docxtpl 0.19.0, python-docx 1.1.0", "pustaka Python berubah"),
        ("kode", "0" * 64, "kode pkgen berubah"),
        ("bawaan", "1" * 64, "berkas bawaan pkgen berubah"),
    ],
)
def test_a_document_made_by_another_engine_is_made_again_naming_what_changed(
    year_folder, tmp_path: Path, part: str, recorded: str, reason: str
):
    folder = year_folder(dprd=SKPD_YAML)
    options = BuildOptions(tmp_path / "output", TEMPLATES, pdf=False)
    build([folder], options)
    # The manifest as an earlier build with another engine part would have written it.
    path = tmp_path / "output" / MANIFEST_NAME
    data = json.loads(path.read_text(encoding="utf-8"))
    entry = data["documents"]["2022/dprd/perjanjian-kinerja.docx"]
    entry["inputs"][part] = recorded
    entry["stamp"] = document_stamp(entry["inputs"])
    path.write_text(json.dumps(data), encoding="utf-8")

    report = build([folder], options)

    assert [(o.status, o.why) for o in report.outcomes] == [(Status.BUILT, reason)]
    assert build([folder], options).outcomes[0].status is Status.UNCHANGED


def test_the_manifest_records_the_engine_for_people_to_read(year_folder, tmp_path: Path):
    build([year_folder(dprd=SKPD_YAML)], BuildOptions(tmp_path / "output", TEMPLATES, pdf=False))
    data = json.loads((tmp_path / "output" / MANIFEST_NAME).read_text(encoding="utf-8"))
    engine = data["engine"]
    assert engine["libreoffice"] == libreoffice_version()
    assert engine["pustaka"] == library_versions()
    assert engine["pustaka"].startswith("python-docx ")
    assert (engine["kode"], engine["bawaan"]) == package_digests(ROOT / "generator")
    inputs = data["documents"]["2022/dprd/perjanjian-kinerja.docx"]["inputs"]
    assert {k: inputs[k] for k in ("kode", "bawaan", "pustaka", "libreoffice")} == {
        k: v for k, v in engine.items() if k != "pkgen"
    }


# --------------------------------------------------------------------------- the parts


def small_package(root: Path) -> Path:
    package = root / "generator"
    (package / "domain").mkdir(parents=True)
    (package / "resources" / "templates").mkdir(parents=True)
    (package / "__init__.py").write_text('__version__ = "0.1.0"\n', encoding="utf-8")
    (package / "domain" / "formatting.py").write_text("PREFIX = 'Rp. '\n", encoding="utf-8")
    (package / "resources" / "templates" / "a.docx").write_bytes(b"PK template")
    return package


def test_the_code_digest_covers_every_python_file_and_only_python_files(tmp_path: Path):
    package = small_package(tmp_path)
    code, data = package_digests(package)

    (package / "domain" / "formatting.py").write_text("PREFIX = 'Rp '\n", encoding="utf-8")
    changed_code, same_data = package_digests(package)
    (package / "domain" / "new.py").write_text("", encoding="utf-8")
    added, _ = package_digests(package)

    assert changed_code != code and same_data == data
    assert added != changed_code


def test_the_package_data_digest_covers_every_resource(tmp_path: Path):
    package = small_package(tmp_path)
    code, data = package_digests(package)

    (package / "resources" / "templates" / "a.docx").write_bytes(b"PK edited template")
    same_code, edited = package_digests(package)
    (package / "resources" / "templates" / "a.docx").rename(
        package / "resources" / "templates" / "b.docx"
    )
    _, renamed = package_digests(package)

    assert same_code == code
    assert len({data, edited, renamed}) == 3


def test_caches_hidden_files_and_other_files_beside_the_code_do_not_count(tmp_path: Path):
    package = small_package(tmp_path)
    before = package_digests(package)

    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "__init__.cpython-311.pyc").write_bytes(b"\0")
    (package / "domain" / ".formatting.py.swp").write_bytes(b"editor")
    (package / "resources" / ".DS_Store").write_bytes(b"finder")
    (package / "notes.txt").write_text("not code", encoding="utf-8")

    assert package_digests(package) == before


def test_the_engine_stamp_changes_with_each_part():
    engine = Engine("a" * 64, "b" * 64, "docxtpl 0.20.2", "LibreOffice 7.4.7.2")
    others = [
        Engine("c" * 64, "b" * 64, "docxtpl 0.20.2", "LibreOffice 7.4.7.2"),
        Engine("a" * 64, "c" * 64, "docxtpl 0.20.2", "LibreOffice 7.4.7.2"),
        Engine("a" * 64, "b" * 64, "docxtpl 0.20.3", "LibreOffice 7.4.7.2"),
        Engine("a" * 64, "b" * 64, "docxtpl 0.20.2", "LibreOffice 7.5.0.1"),
    ]
    assert len({engine.stamp, *(e.stamp for e in others)}) == 5


def test_library_versions_name_every_library_that_writes_documents():
    versions = dict(part.rsplit(" ", 1) for part in library_versions().split(", "))
    assert set(versions) >= {"python-docx", "lxml", "pypdf", "Jinja2"}
    assert "-" not in versions.values()


# --------------------------------------------------------------------------- LibreOffice


def installation(
    root: Path, program: str, resources: str, registry: str, *, about: str | None = "7.4.7.2"
) -> Path:
    """A LibreOffice installation as laid out on disk (only the files read for the version);
    returns the soffice to pass."""
    soffice = root / program / "soffice"
    soffice.parent.mkdir(parents=True)
    soffice.write_text("#!/bin/sh\n", encoding="utf-8")
    soffice.chmod(0o755)
    (root / resources).mkdir(parents=True, exist_ok=True)
    (root / resources / "bootstraprc").write_text(
        "[Bootstrap]\nInstallMode=<installmode>\nProductKey=LibreOffice 7.4\n", encoding="utf-8"
    )
    (root / resources / "versionrc").write_text(
        "[Version]\nAllLanguages=en-US\nbuildid=40(Build:2)\nVendor=The Document Foundation\n",
        encoding="utf-8",
    )
    if about is not None:
        (root / registry).mkdir(parents=True)
        (root / registry / "main.xcd").write_text(
            '<oor:data><prop oor:name="ooSetupVersionAboutBox" oor:type="xs:string">'
            "<value/></prop>\n"
            '<prop oor:name="ooSetupVersion">\n <value>7.4</value>\n</prop>\n'
            f'<prop oor:name="ooSetupVersionAboutBox">\n <value>{about}</value>\n</prop>'
            "</oor:data>",
            encoding="utf-8",
        )
    return soffice


def test_the_version_is_read_from_a_debian_installation_through_the_path_symlink(tmp_path):
    soffice = installation(tmp_path / "lib/libreoffice", "program", "program", "share/registry")
    link = tmp_path / "bin" / "soffice"
    link.parent.mkdir()
    link.symlink_to(soffice)

    assert libreoffice_version(str(link)) == "LibreOffice 7.4.7.2 (build 40(Build:2))"


def test_the_version_is_read_from_a_macos_bundle(tmp_path):
    soffice = installation(
        tmp_path / "LibreOffice.app/Contents", "MacOS", "Resources", "Resources/registry"
    )
    assert libreoffice_version(str(soffice)) == "LibreOffice 7.4.7.2 (build 40(Build:2))"


def test_without_the_registry_the_product_key_gives_the_version(tmp_path):
    soffice = installation(tmp_path, "program", "program", "share/registry", about=None)
    assert libreoffice_version(str(soffice)) == "LibreOffice 7.4 (build 40(Build:2))"


def test_an_installation_without_version_files_says_so(tmp_path):
    soffice = tmp_path / "program" / "soffice"
    soffice.parent.mkdir()
    soffice.write_text("#!/bin/sh\n", encoding="utf-8")
    assert libreoffice_version(str(soffice)) == (
        f"LibreOffice di {tmp_path / 'program'} (versi tidak terbaca)"
    )


@pytest.mark.slow
def test_the_version_read_from_files_is_the_one_soffice_prints():
    from generator.pdf.convert import find_soffice

    printed = subprocess.run(
        [find_soffice(), "--version"], capture_output=True, text=True, timeout=120, check=True
    ).stdout.split()
    # `LibreOffice 7.4.7.2 40(Build:2)` (a Debian build; upstream prints a commit hash)
    assert libreoffice_version() == f"{printed[0]} {printed[1]} (build {printed[2]})"
