"""The build pipeline: atomic outputs, failures isolated, stale outputs never look current."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SKPD_YAML, TEMPLATES
from docx_structure import read_docx

from generator.build.pipeline import build
from generator.build.report import BuildOptions, Status
from generator.build.writer import OutputConflict, OutputWriter


def options(tmp_path: Path, **changes) -> BuildOptions:
    """.docx only: the PDF side of the pipeline is tested in test_build_pdf.py."""
    return BuildOptions(out_root=tmp_path / "output", templates=TEMPLATES, pdf=False, **changes)


def test_every_skpd_is_built_into_its_own_folder(year_folder, tmp_path):
    folder = year_folder(
        dprd=SKPD_YAML,
        kecamatan=SKPD_YAML.replace("Sekretariat DPRD Kota Medan", "Kecamatan Medan Baru"),
    )
    report = build([folder], options(tmp_path))
    assert report.ok
    assert sorted(o.label for o in report.outcomes) == [
        "Kecamatan Medan Baru",
        "Sekretariat DPRD Kota Medan",
    ]
    doc = read_docx(tmp_path / "output/2022/kecamatan/perjanjian-kinerja.docx")
    assert "KECAMATAN MEDAN BARU" in doc.all_text


def test_a_skpd_that_now_fails_keeps_its_old_document_under_a_stale_name(year_folder, tmp_path):
    folder = year_folder(dprd=SKPD_YAML)
    build([folder], options(tmp_path))
    target = tmp_path / "output/2022/dprd/perjanjian-kinerja.docx"
    old = target.read_bytes()
    (folder / "dprd.yaml").write_text(
        SKPD_YAML.replace("target: 66", "target: '66 (A)'"), encoding="utf-8"
    )

    report = build([folder], options(tmp_path))

    assert [o.status for o in report.outcomes] == [Status.FAILED]
    assert not target.exists()
    stale = target.with_name("perjanjian-kinerja.usang.docx")
    assert stale.read_bytes() == old
    assert any("keluaran lama dipindah" in reason for reason in report.outcomes[0].reasons)

    (folder / "dprd.yaml").write_text(SKPD_YAML, encoding="utf-8")
    assert build([folder], options(tmp_path)).ok
    assert target.exists() and not stale.exists()


def test_no_temporary_files_are_left_behind(year_folder, tmp_path):
    build([year_folder(dprd=SKPD_YAML)], options(tmp_path))
    assert [p.name for p in (tmp_path / "output/2022/dprd").iterdir()] == [
        "perjanjian-kinerja.docx"
    ]


def test_the_writer_replaces_atomically_and_refuses_to_escape_or_repeat(tmp_path):
    writer = OutputWriter(tmp_path / "out")
    path = writer.path_for("2022", "dprd", "a.docx")
    writer.write_bytes(path, b"satu")
    assert path.read_bytes() == b"satu"
    with pytest.raises(OutputConflict, match="sudah ditulis"):
        writer.write_bytes(path, b"dua")
    with pytest.raises(OutputConflict, match="di luar folder keluaran"):
        writer.path_for("..", "etc", "passwd")


def test_a_failure_while_writing_leaves_the_previous_file(tmp_path):
    writer = OutputWriter(tmp_path)
    path = tmp_path / "a.docx"
    path.write_bytes(b"lama")
    with pytest.raises(RuntimeError), writer.staging(path) as temp:
        temp.write_bytes(b"setengah")
        raise RuntimeError("terputus")
    assert path.read_bytes() == b"lama"
    assert [p.name for p in tmp_path.iterdir()] == ["a.docx"]


# --------------------------------------------------------------------------- revisions

REVISION = "perubahan:\n  nomor: 1\n  tanggal: 2022-09-15\n  alasan: Penyesuaian APBD Perubahan\n"


def docx_only(tmp_path: Path) -> BuildOptions:
    return BuildOptions(out_root=tmp_path / "output", templates=TEMPLATES, pdf=False)


def test_only_the_skpd_whose_data_changed_is_made_again_and_the_reason_is_named(
    year_folder, tmp_path
):
    other = SKPD_YAML.replace("Sekretariat DPRD Kota Medan", "Kecamatan Medan Baru")
    folder = year_folder(dprd=SKPD_YAML, kecamatan=other)
    assert build([folder], docx_only(tmp_path)).ok
    (folder / "dprd.yaml").write_text(SKPD_YAML.replace("target: 66", "target: 70"), "utf-8")

    report = build([folder], docx_only(tmp_path))

    outcomes = {o.label: (o.status, o.why) for o in report.outcomes}
    assert outcomes == {
        "Sekretariat DPRD Kota Medan": (Status.BUILT, "data SKPD berubah"),
        "Kecamatan Medan Baru": (Status.UNCHANGED, ""),
    }
    assert [o.label for o in report.outcomes if o.data_changed] == ["Sekretariat DPRD Kota Medan"]


def test_a_changed_pemda_file_makes_every_skpd_of_that_pemda_again(year_folder, tmp_path):
    folder = year_folder(dprd=SKPD_YAML, kedua=SKPD_YAML)
    assert build([folder], docx_only(tmp_path)).ok
    pemda = folder / "pemda.yaml"
    pemda.write_text(
        pemda.read_text("utf-8").replace("tempat: Medan", "tempat: Kota Medan"), "utf-8"
    )

    report = build([folder], docx_only(tmp_path))

    assert [(o.status, o.why) for o in report.outcomes] == [
        (Status.BUILT, "pemda.yaml berubah")
    ] * 2
    assert not any(o.data_changed for o in report.outcomes)


def test_a_revision_is_a_new_document_and_the_original_stays(year_folder, tmp_path):
    folder = year_folder(dprd=SKPD_YAML)
    assert build([folder], docx_only(tmp_path)).ok
    original = (tmp_path / "output/2022/dprd/perjanjian-kinerja.docx").read_bytes()
    (folder / "dprd.yaml").write_text(SKPD_YAML + REVISION, "utf-8")

    report = build([folder], docx_only(tmp_path))

    (outcome,) = report.outcomes
    assert outcome.why == "dokumen baru; yang lama tetap ada (perjanjian-kinerja.docx)"
    assert (tmp_path / "output/2022/dprd/perjanjian-kinerja.docx").read_bytes() == original
    revised = read_docx(tmp_path / "output/2022/dprd/perjanjian-kinerja-perubahan-1.docx")
    assert "PERJANJIAN KINERJA PERUBAHAN TAHUN 2022" in revised.all_text


def test_a_revision_that_no_longer_loads_is_marked_stale_but_the_original_is_not(
    year_folder, tmp_path
):
    folder = year_folder(dprd=SKPD_YAML)
    build([folder], docx_only(tmp_path))
    (folder / "dprd.yaml").write_text(SKPD_YAML + REVISION, "utf-8")
    build([folder], docx_only(tmp_path))
    (folder / "dprd.yaml").write_text(
        SKPD_YAML.replace("target: 66", "target: '66 (A)'") + REVISION, "utf-8"
    )

    report = build([folder], docx_only(tmp_path))

    assert [o.status for o in report.outcomes] == [Status.FAILED]
    names = sorted(p.name for p in (tmp_path / "output/2022/dprd").iterdir())
    assert names == ["perjanjian-kinerja-perubahan-1.usang.docx", "perjanjian-kinerja.docx"]


def test_revisions_are_called_perubahan_then_perubahan_kedua():
    from generator.build.naming import revision_title

    assert revision_title(1) == "Perubahan"
    assert revision_title(2) == "Perubahan Kedua"
