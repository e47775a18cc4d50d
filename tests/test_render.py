"""Rendering: the reference SKPD read back from the .docx, merges, and data that is only text."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from conftest import EXAMPLES, SKPD_YAML, TEMPLATES
from docx_structure import read_docx

from generator.build.pipeline import Renderer
from generator.data.loading import load_batch
from generator.templates.prepare import prepare_part
from generator.templates.render import CompiledTemplate, VerticalMerge, fit_table_grids

# The build time is part of the document (its core properties): one for every render here.
BUILT_AT = datetime(2022, 1, 10, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def reference_docx() -> bytes:
    batch = load_batch([EXAMPLES / "sekretariat-dprd.yaml"])
    assert batch.problems == []
    return Renderer(TEMPLATES, built_at=BUILT_AT).render(batch.agreements[0])


def test_reference_names_keep_their_titles(reference_docx):
    text = read_docx(reference_docx).all_text
    assert "MUHAMMAD ALI SIPAHUTAR, S.S.T.P., M.A.P." in text
    assert "MUHAMMAD BOBBY AFIF NASUTION, S.E., M.M." in text
    assert "NIP. 19790317 199912 1 001" in text
    assert "SEKRETARIS DPRD KOTA MEDAN," in text
    assert "WALI KOTA MEDAN," in text
    assert "Medan, Januari 2022" in text


def test_reference_target_table_has_computed_categories_and_merged_sasaran(reference_docx):
    doc = read_docx(reference_docx)
    table = doc.table_with("Sasaran Strategis")
    assert table.rows[0].texts == ["No", "Sasaran Strategis", "Indikator Kinerja", "Target"]
    assert table.rows[1].texts == ["(1)", "(2)", "(3)", "(4)"]
    assert table.rows[0].header and table.rows[1].header
    body = table.rows[2:]
    assert [row.cells[3].text for row in body] == ["66 (B)", "3,0644 (B)", "3,0644 (B)", "2,90 (C)"]
    assert [row.cells[0].vmerge for row in body] == ["restart", "restart", "continue", "restart"]
    assert [row.cells[1].vmerge for row in body] == ["restart", "restart", "continue", "restart"]
    assert [row.cells[0].text for row in body] == ["1", "2", "", "3"]
    assert body[2].cells[1].text == ""  # the continued cell carries no duplicate text
    assert all(row.cant_split for row in body)


def test_reference_program_table_and_computed_total(reference_docx):
    table = read_docx(reference_docx).table_with("Keterangan")
    assert [row.texts for row in table.rows] == [
        ["No", "Program", "Anggaran", "Keterangan"],
        [
            "1.",
            "Program Administrasi Umum Sekretariat DPRD Kabupaten/Kota",
            "Rp. 100.727.519.299",
            "APBD",
        ],
        ["2.", "Program Dukungan Pelaksanaan Tugas dan Fungsi DPRD", "Rp. 107.458.861.163", "APBD"],
        ["JUMLAH", "Rp. 208.186.380.462", ""],
    ]
    assert table.rows[-1].cells[0].span == 2


def test_the_document_opens_in_python_docx_and_keeps_the_logo(reference_docx):
    document = docx.Document(io.BytesIO(reference_docx))
    assert document.sections[0].page_height.cm == pytest.approx(29.7, abs=0.01)
    with zipfile.ZipFile(io.BytesIO(reference_docx)) as archive:
        logo = archive.read("word/media/image1.png")
    assert logo == Renderer(TEMPLATES).logo_for(
        load_batch([EXAMPLES]).agreements[0].pemda,
        CompiledTemplate(TEMPLATES / "perjanjian-kinerja.docx"),
    )


@pytest.mark.parametrize(
    "hostile",
    [
        "{{ 7 * 7 }}",
        "{% if true %}x{% endif %}",
        "</w:t></w:r></w:p><w:p>",
        "A & B < C > D \"kutip\" 'tunggal'",
        "{{ ''.__class__.__mro__ }}",
    ],
)
def test_data_is_text_never_template_code(year_folder, hostile):
    text = SKPD_YAML.replace("- uraian: Nilai SAKIP", "- uraian: " + _yaml_quote(hostile))
    assert hostile not in SKPD_YAML and text != SKPD_YAML
    batch = load_batch([year_folder(dprd=text)])
    assert batch.problems == []
    data = Renderer(TEMPLATES).render(batch.agreements[0])
    document = docx.Document(io.BytesIO(data))  # still a valid document
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert hostile in cells


def _yaml_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def test_vmerge_merges_consecutive_rows_with_the_same_key_only():
    merge = VerticalMerge()
    keys = [1, 1, 2, 3, 3, 3, 1]
    assert [merge(7, key, index == 0) for index, key in enumerate(keys)] == [
        True,
        False,
        True,
        True,
        False,
        False,
        True,
    ]
    # A new loop (first row) always restarts, even with the previous table's last key.
    assert merge(7, 1, True) is True


def test_rendering_is_deterministic(reference_docx):
    """The same data, templates and build time give the same bytes."""
    batch = load_batch([EXAMPLES / "sekretariat-dprd.yaml"])
    assert Renderer(TEMPLATES, built_at=BUILT_AT).render(batch.agreements[0]) == reference_docx


def test_a_broken_template_file_is_reported(tmp_path: Path):
    bad = tmp_path / "perjanjian-kinerja.docx"
    bad.write_bytes(b"bukan zip")
    from generator.errors import RenderError

    with pytest.raises(RenderError, match=r"templat bukan berkas \.docx yang sah"):
        CompiledTemplate(bad)


def test_repeated_columns_get_a_grid_of_the_rendered_columns():
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    cell = '<w:tc><w:tcPr><w:tcW w:w="{}" w:type="dxa"/></w:tcPr><w:p/></w:tc>'
    xml = (
        f'<?xml version="1.0"?><w:document {w}><w:body><w:tbl><w:tblPr><w:tblW w:w="300" '
        'w:type="dxa"/></w:tblPr><w:tblGrid><w:gridCol w:w="100"/><w:gridCol w:w="200"/>'
        "</w:tblGrid><w:tr>"
        + "".join(cell.format(n) for n in (100, 50, 50, 50))
        + "</w:tr></w:tbl></w:body></w:document>"
    )
    fixed = fit_table_grids(xml)
    assert fixed.startswith('<?xml version="1.0"?><w:document')
    assert re.findall(r'<w:gridCol w:w="(\d+)"/>', fixed) == ["100", "50", "50", "50"]
    assert '<w:tblW w:w="250" w:type="dxa"/>' in fixed
    row = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{}</w:t></w:r><w:r><w:t>{}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    part = f"<w:document {w}><w:body>{row}</w:body></w:document>"
    assert prepare_part(
        "word/document.xml", part.format("{%", "tc for y in t %}").encode()
    ).repeats_columns
    assert not prepare_part(
        "word/document.xml", part.format("{%", "tr for y in t %}").encode()
    ).repeats_columns


def test_the_last_programme_row_keeps_with_the_total(reference_docx):
    doc = read_docx(reference_docx)
    xml = doc.parts["word/document.xml"]
    rows = xml.split("<w:tr>")
    programme_rows = [
        r for r in rows if "Program Administrasi Umum" in r or "Program Dukungan Pelaksanaan" in r
    ]
    assert ["<w:keepNext/>" in r for r in programme_rows] == [False, True]
