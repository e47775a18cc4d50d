"""Incremental builds: the manifest decides what is made again, from hashes of every input.

These tests build .docx only (fast); the same decisions with PDFs and the book are in
test_build_pdf.py.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

from conftest import PEMDA_YAML, SKPD_YAML, TEMPLATES

from generator.build.manifest import MANIFEST_NAME, Manifest
from generator.build.pipeline import build
from generator.build.report import BuildOptions, Status
from generator.errors import display_path

KECAMATAN = SKPD_YAML.replace("Sekretariat DPRD Kota Medan", "Kecamatan Medan Baru")


def options(tmp_path: Path, templates: Path = TEMPLATES, **changes) -> BuildOptions:
    return BuildOptions(tmp_path / "output", templates, pdf=False, **changes)


def statuses(report) -> dict[str, Status]:
    return {o.source.stem: o.status for o in report.outcomes}


def two_skpd(year_folder) -> Path:
    return year_folder(dprd=SKPD_YAML, kecamatan=KECAMATAN)


def test_a_second_build_without_changes_makes_nothing(year_folder, tmp_path):
    folder = two_skpd(year_folder)
    assert set(statuses(build([folder], options(tmp_path))).values()) == {Status.BUILT}
    target = tmp_path / "output/2022/dprd/perjanjian-kinerja.docx"
    before = target.stat().st_mtime_ns

    report = build([folder], options(tmp_path))

    assert statuses(report) == {"dprd": Status.UNCHANGED, "kecamatan": Status.UNCHANGED}
    assert report.ok
    assert target.stat().st_mtime_ns == before


def test_changing_one_yaml_rebuilds_only_that_skpd(year_folder, tmp_path):
    folder = two_skpd(year_folder)
    build([folder], options(tmp_path))
    (folder / "dprd.yaml").write_text(
        SKPD_YAML.replace("target: 66", "target: 67"), encoding="utf-8"
    )

    report = build([folder], options(tmp_path))

    assert statuses(report) == {"dprd": Status.BUILT, "kecamatan": Status.UNCHANGED}


def test_changing_pemda_yaml_rebuilds_every_skpd_of_that_pemda_only(year_folder, tmp_path):
    folder = two_skpd(year_folder)
    depok = folder / "kota-depok"
    depok.mkdir()
    (depok / "pemda.yaml").write_text(
        PEMDA_YAML.replace("Medan", "Depok").replace("MUHAMMAD BOBBY", "MOHAMMAD IDRIS"),
        encoding="utf-8",
    )
    (depok / "diskominfo.yaml").write_text(
        SKPD_YAML.replace("Kota Medan", "Kota Depok"), encoding="utf-8"
    )
    build([folder], options(tmp_path))
    (folder / "pemda.yaml").write_text(
        PEMDA_YAML.replace("tempat: Medan", "tempat: Kota Medan"), encoding="utf-8"
    )

    report = build([folder], options(tmp_path))

    assert statuses(report) == {
        "dprd": Status.BUILT,
        "kecamatan": Status.BUILT,
        "diskominfo": Status.UNCHANGED,
    }


def test_changing_the_template_rebuilds_every_document_of_that_kind(year_folder, tmp_path):
    folder = two_skpd(year_folder)
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    build([folder], options(tmp_path, templates))
    with zipfile.ZipFile(templates / "perjanjian-kinerja.docx", "a") as archive:
        archive.comment = b"diubah"

    report = build([folder], options(tmp_path, templates))

    assert statuses(report) == {"dprd": Status.BUILT, "kecamatan": Status.BUILT}


def test_the_template_of_another_kind_does_not_matter(year_folder, tmp_path):
    folder = two_skpd(year_folder)
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    build([folder], options(tmp_path, templates))
    with zipfile.ZipFile(templates / "rencana-kerja-rb.docx", "a") as archive:
        archive.comment = b"diubah"

    report = build([folder], options(tmp_path, templates))

    assert set(statuses(report).values()) == {Status.UNCHANGED}


def test_force_rebuilds_everything(year_folder, tmp_path):
    folder = two_skpd(year_folder)
    build([folder], options(tmp_path))
    report = build([folder], options(tmp_path, force=True))
    assert set(statuses(report).values()) == {Status.BUILT}


def test_an_output_deleted_or_edited_by_hand_is_made_again(year_folder, tmp_path):
    folder = two_skpd(year_folder)
    build([folder], options(tmp_path))
    (tmp_path / "output/2022/dprd/perjanjian-kinerja.docx").unlink()
    (tmp_path / "output/2022/kecamatan/perjanjian-kinerja.docx").write_bytes(b"diedit")

    report = build([folder], options(tmp_path))

    assert statuses(report) == {"dprd": Status.BUILT, "kecamatan": Status.BUILT}
    assert (tmp_path / "output/2022/dprd/perjanjian-kinerja.docx").is_file()


def test_a_corrupt_manifest_means_rebuild_everything_with_a_warning(year_folder, tmp_path):
    folder = two_skpd(year_folder)
    build([folder], options(tmp_path))
    (tmp_path / "output" / MANIFEST_NAME).write_text("{ tidak lengkap", encoding="utf-8")

    report = build([folder], options(tmp_path))

    assert set(statuses(report).values()) == {Status.BUILT}
    assert [str(w) for w in report.warnings] == [
        f"{tmp_path / 'output' / MANIFEST_NAME}: peringatan: manifest rusak "
        "(JSONDecodeError); semua dokumen dibuat ulang"
    ]
    assert build([folder], options(tmp_path)).warnings == []


def test_a_manifest_of_the_wrong_shape_is_corrupt_too(tmp_path):
    (tmp_path / MANIFEST_NAME).write_text(
        json.dumps({"format": 1, "documents": {"a": {"stamp": 1}}, "books": {}}), encoding="utf-8"
    )
    manifest, problem = Manifest.load(tmp_path)
    assert problem == "manifest rusak (KeyError)"
    assert manifest.documents == {}


def test_the_manifest_records_every_output_with_its_hash(year_folder, tmp_path):
    build([two_skpd(year_folder)], options(tmp_path))
    data = json.loads((tmp_path / "output" / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert data["format"] == 1
    entry = data["documents"]["2022/dprd/perjanjian-kinerja.docx"]
    assert entry["source"].endswith("agreements/2022/dprd.yaml")
    assert list(entry["outputs"]) == ["2022/dprd/perjanjian-kinerja.docx"]
    assert len(entry["stamp"]) == len(entry["outputs"]["2022/dprd/perjanjian-kinerja.docx"]) == 64


def test_a_skpd_that_now_fails_is_no_longer_claimed(year_folder, tmp_path):
    folder = two_skpd(year_folder)
    build([folder], options(tmp_path))
    (folder / "dprd.yaml").write_text(
        SKPD_YAML.replace("target: 66", "target: '66 (A)'"), encoding="utf-8"
    )

    build([folder], options(tmp_path))

    manifest, _ = Manifest.load(tmp_path / "output")
    assert list(manifest.documents) == ["2022/kecamatan/perjanjian-kinerja.docx"]


def test_a_deleted_skpd_file_is_no_longer_claimed_and_its_outputs_are_renamed_usang(
    year_folder, tmp_path
):
    folder = two_skpd(year_folder)
    build([folder], options(tmp_path))
    old = tmp_path / "output/2022/dprd/perjanjian-kinerja.docx"
    written = old.read_bytes()
    (folder / "dprd.yaml").unlink()

    report = build([folder], options(tmp_path))

    manifest, _ = Manifest.load(tmp_path / "output")
    assert list(manifest.documents) == ["2022/kecamatan/perjanjian-kinerja.docx"]
    assert not old.exists()
    stale = old.with_name("perjanjian-kinerja.usang.docx")
    assert stale.read_bytes() == written  # kept, never taken for current
    assert [str(w) for w in report.warnings] == [
        f"{display_path(folder / 'dprd.yaml')}: peringatan: berkas data ini sudah dihapus; "
        f"keluaran lamanya dipindah ke {display_path(stale)}"
    ]
    assert report.ok
    again = build([folder], options(tmp_path))
    assert again.warnings == [] and stale.is_file()  # said once


def test_building_docx_only_retires_the_older_pdf_next_to_a_new_docx(year_folder, tmp_path):
    folder = year_folder(dprd=SKPD_YAML)
    old_pdf = tmp_path / "output/2022/dprd/perjanjian-kinerja.pdf"
    old_pdf.parent.mkdir(parents=True)
    old_pdf.write_bytes(b"%PDF lama")

    report = build([folder], options(tmp_path))

    assert not old_pdf.exists()
    assert old_pdf.with_name("perjanjian-kinerja.usang.pdf").read_bytes() == b"%PDF lama"
    assert report.outcomes[0].status is Status.BUILT
    assert "PDF lama (belum diperbarui) dipindah ke" in report.outcomes[0].notes[0]
