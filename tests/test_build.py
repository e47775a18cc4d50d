"""The build pipeline: atomic outputs, failures isolated, stale outputs never look current."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SKPD_YAML, TEMPLATES
from docx_structure import read_docx

from generator.build import BuildOptions, Status, build
from generator.writer import OutputConflict, OutputWriter


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
