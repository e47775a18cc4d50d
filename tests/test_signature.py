"""The final signature block is never alone on its page: the PDF check and the docx fix."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, TEMPLATES
from docx_structure import read_docx

from generator.build.pipeline import Renderer
from generator.data.loading import load_batch
from generator.pdf.signature import (
    check_final_signature,
    check_last_page,
    signature_lines,
    split_before_kept_rows,
    split_table_xml,
    text_runs,
)

BATCH = load_batch([EXAMPLES])


def rendered(path: Path) -> bytes:
    agreement = next(a for a in BATCH.agreements if a.path.resolve() == path.resolve())
    return Renderer(TEMPLATES).render(agreement)


@pytest.fixture(scope="module")
def disperdagin() -> bytes:
    return rendered(EXAMPLES / "kota-depok" / "dinas-perdagangan-dan-perindustrian.yaml")


@pytest.fixture(scope="module")
def dprd() -> bytes:
    return rendered(EXAMPLES / "sekretariat-dprd.yaml")


# --------------------------------------------------------------------------- the lines


def test_the_signature_lines_are_the_last_tables_non_empty_paragraphs(dprd, disperdagin):
    # The PK ends with its lampiran, signed by the unit head alone.
    assert signature_lines(dprd) == [
        "SEKRETARIS DPRD KOTA MEDAN,",
        "MUHAMMAD ALI SIPAHUTAR, S.S.T.P., M.A.P.",
        "PEMBINA",
        "NIP. 19790317 199912 1 001",
    ]
    assert signature_lines(disperdagin) == [
        "KEPALA DINAS PERDAGANGAN DAN PERINDUSTRIAN KOTA DEPOK",
        "Drs. ZAMROWI, M.Si.",
        "NIP. 19660607 198610 1 005",
    ]


# --------------------------------------------------------------------------- the check

LINES = ["KEPALA DINAS PERDAGANGAN DAN PERINDUSTRIAN KOTA DEPOK", "Drs. ZAMROWI, M.Si.", "NIP. 1"]


def test_a_last_page_with_only_the_signature_and_the_page_number_fails():
    page = "KEPALA DINAS PERDAGANGAN DAN\nPERINDUSTRIAN KOTA DEPOK\nDrs. ZAMROWI, M.Si.\nNIP. 1\n26"
    check = check_final_signature([page], LINES)
    assert not check.ok
    assert check.problem == "blok tanda tangan sendirian di halaman terakhir"


def test_a_last_page_with_table_rows_before_the_signature_passes():
    page = "5 Pemanfaatan Teknologi Informasi Sistem Informasi\n" + "\n".join(LINES) + "\n26"
    assert check_final_signature([page], LINES).ok


def test_signature_lines_split_over_two_pages_fail():
    page = "Sistem Informasi\nDrs. ZAMROWI, M.Si.\nNIP. 1\n26"
    check = check_final_signature([page], LINES)
    assert check.problem == "baris tanda tangan terpisah ke dua halaman"


def test_line_breaks_and_spacing_of_the_extracted_text_do_not_matter():
    page = "Isi\nKEPALA  DINAS\xa0PERDAGANGAN DAN PERIN DUSTRIAN KOTA DEPOK Drs. ZAMROWI,\nM.Si. NIP. 1"
    assert check_final_signature([page], LINES).ok


# --------------------------------------------------------------------------- the fix


def test_the_ratl_is_split_before_the_last_kegiatan_into_a_table_repeating_the_header(
    disperdagin,
):
    before = read_docx(disperdagin)
    fixed = split_before_kept_rows(disperdagin)
    assert fixed is not None
    after = read_docx(fixed)

    assert len(after.tables) == len(before.tables) + 1
    ratl_before = before.tables[-2]
    first, second, signature = after.tables[-3:]
    assert signature.rows == before.tables[-1].rows
    headers = [r for r in ratl_before.rows if r.header]
    assert len(headers) == 2
    assert second.rows[:2] == headers
    kept = second.rows[2:]
    assert first.rows + kept == ratl_before.rows
    # The moved rows are the last kegiatan's tahapan (rows that keep with the signature).
    assert kept[0].cells[1].text == "Pemanfaatan Teknologi Informasi"
    assert kept[0].cells[1].vmerge in (None, "restart")


def test_a_page_break_paragraph_separates_the_two_tables(disperdagin):
    with zipfile.ZipFile(io.BytesIO(disperdagin)) as archive:
        xml = split_table_xml(archive.read("word/document.xml"))
    assert xml is not None
    text = xml.decode("utf-8")
    between = re.findall(r"</w:tbl>(<w:p>.*?</w:p>)<w:tbl>", text)
    assert any("<w:pageBreakBefore/>" in p for p in between)


def test_a_merge_cut_by_the_split_starts_again_with_its_text():
    xml = _table_xml(
        [
            ("header", ["NO", "KEGIATAN", "TAHAPAN"], False),
            ("body", [("1", "restart"), ("Kegiatan A", "restart"), "langkah 1"], False),
            ("body", [("", "continue"), ("", "continue"), "langkah 2"], True),
            ("body", [("", "continue"), ("", "continue"), "langkah 3"], True),
        ]
    )
    fixed = split_table_xml(xml)
    assert fixed is not None
    text = fixed.decode("utf-8")
    tables = re.findall(r"<w:tbl>.*?</w:tbl>", text)
    assert len(tables) == 3  # the split table in two, then the signature
    second = tables[1]
    assert second.count("<w:tr>") == 3  # the header again and the two kept rows
    first_kept = re.findall(r"<w:tr>.*?</w:tr>", second)[1]
    assert first_kept.count('w:val="restart"') == 2
    assert "Kegiatan A" in first_kept and ">1<" in first_kept


def test_nothing_is_split_when_no_trailing_rows_keep_with_the_signature():
    xml = _table_xml(
        [
            ("header", ["NO", "KEGIATAN", "TAHAPAN"], False),
            ("body", ["1", "A", "a"], False),
            ("body", ["2", "B", "b"], False),
        ]
    )
    assert split_table_xml(xml) is None


def test_nothing_is_split_when_every_body_row_keeps_with_the_next():
    xml = _table_xml(
        [("header", ["NO", "A", "B"], False), ("body", ["1", "x", "y"], True)],
    )
    assert split_table_xml(xml) is None


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _table_xml(rows) -> bytes:
    """A document with one table: rows are (kind, cells, keep); a cell is text or
    (text, vMerge value)."""
    out = []
    for kind, cells, keep in rows:
        tr_pr = "<w:trPr><w:tblHeader/></w:trPr>" if kind == "header" else ""
        tcs = []
        for cell in cells:
            text, merge = cell if isinstance(cell, tuple) else (cell, None)
            tc_pr = f'<w:tcPr><w:vMerge w:val="{merge}"/></w:tcPr>' if merge else ""
            p_pr = "<w:pPr><w:keepNext/></w:pPr>" if keep else ""
            tcs.append(f"<w:tc>{tc_pr}<w:p>{p_pr}<w:r><w:t>{text}</w:t></w:r></w:p></w:tc>")
        out.append(f"<w:tr>{tr_pr}{''.join(tcs)}</w:tr>")
    body = f"<w:tbl><w:tblPr/><w:tblGrid/>{''.join(out)}</w:tbl><w:p/><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>"
    return f"<w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>".encode()


# --------------------------------------------------------------------------- on a PDF


def test_text_runs_count_the_pieces_of_text_a_page_shows():
    content = b"BT /F1 12 Tf[<0B>5<02>]TJ ET BT (12) Tj ET q 0 0 m 1 1 l S Q BT <0A0B> Tj ET"
    assert text_runs(content) == 3


class _Page:
    def __init__(self, content: bytes, text: str):
        self.content, self.text = content, text
        self.extracted = False

    def get_contents(self):
        return self

    def get_data(self) -> bytes:
        return self.content

    def extract_text(self) -> str:
        self.extracted = True
        return self.text


class _Reader:
    def __init__(self, page: _Page):
        self.pages = [page]


def test_a_last_page_showing_much_more_text_than_the_block_is_not_extracted():
    page = _Page(b"[<01>]TJ\n" * 100, "")
    assert check_last_page(_Reader(page), LINES).ok
    assert not page.extracted


def test_a_last_page_with_little_text_is_read_and_checked():
    page = _Page(b"[<01>]TJ\n" * 4, "\n".join(LINES) + "\n26")
    assert check_last_page(_Reader(page), LINES).problem == (
        "blok tanda tangan sendirian di halaman terakhir"
    )
    assert page.extracted
