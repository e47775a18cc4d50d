"""A document's final signature block is never alone on its page: the check and the fix.

LibreOffice honours "keep with next" on a table's last rows only when the table breaks
for the first time there, so after a long table (the RB RATL, a PK lampiran table) the
signature block can land alone on the last page. The pipeline therefore checks each PDF
(`check_final_signature`) and, when the check fails, converts the document once more
after `split_before_kept_rows`: the long table is cut before its trailing rows that keep
with the signature (`{% keepnext %}` rows: every paragraph has `w:keepNext`), and those
rows continue in a second table that repeats the header rows, after a page break, so the
last group of rows starts a new page together with the signature.

The final signature block is the document's last body-level table (as in pkgen's
templates); its non-empty paragraphs are the signature lines.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
DOCUMENT_PART = "word/document.xml"


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def _squash(text: str) -> str:
    """Text without any whitespace: PDF extraction breaks and joins lines freely."""
    return re.sub(r"\s+", "", text)


def _body(document_xml: bytes) -> Any:
    return etree.fromstring(document_xml).find(f"{W}body")


def signature_lines(docx: bytes) -> list[str]:
    """The non-empty lines of the document's final signature block (its last table)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        body = _body(archive.read(DOCUMENT_PART))
    tables = body.findall(f"{W}tbl") if body is not None else []
    if not tables:
        return []
    # A non-breaking space prints as a space: the lines are matched against PDF text.
    lines = (_text(p).replace("\u00a0", " ").strip() for p in tables[-1].iter(f"{W}p"))
    return [line for line in lines if line]


@dataclass(frozen=True)
class SignatureCheck:
    """Where the final signature block landed; `problem` is None when all is well."""

    problem: str | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def check_final_signature(page_texts: list[str], lines: list[str]) -> SignatureCheck:
    """Check that the last page holds every signature line and something besides them.

    `page_texts` are the extracted texts of the PDF's last pages (at least the last one);
    the page number in the footer does not count as content.
    """
    if not page_texts or not lines:
        return SignatureCheck(None)
    last = _squash(page_texts[-1])
    remaining = last
    for line in lines:
        wanted = _squash(line)
        if wanted not in remaining:
            return SignatureCheck("baris tanda tangan terpisah ke dua halaman" if wanted else None)
        remaining = remaining.replace(wanted, "", 1)
    # The footer's page number (or any bare number) is not content.
    if not re.sub(r"\d+", "", remaining):
        return SignatureCheck("blok tanda tangan sendirian di halaman terakhir")
    return SignatureCheck(None)


_TEXT_SHOWN = re.compile(rb"[\])>]\s*T[Jj]\b")


def text_runs(content: bytes) -> int:
    """How many pieces of text a page's content stream shows (its Tj and TJ operators)."""
    return len(_TEXT_SHOWN.findall(content))


def check_last_page(reader: Any, lines: list[str]) -> SignatureCheck:
    """`check_final_signature` on a PDF (a `pypdf.PdfReader`).

    Extracting text is the slow part, so it is skipped when the last page shows far more
    pieces of text than the block has lines (LibreOffice writes about one per line, and
    one more around each non-breaking space):
    such a page holds other content, and the block, which ends the document, cannot have
    been split either, since its continuation would then be all the page holds.
    """
    page = reader.pages[-1]
    contents = page.get_contents()
    # A non-breaking space (a NIP's groups) is a piece of text of its own: every space
    # of the block may add two.
    spaces = sum(line.count(" ") for line in lines)
    if contents is not None and text_runs(contents.get_data()) > 3 * len(lines) + 3 + 2 * spaces:
        return SignatureCheck(None)
    return check_final_signature([page.extract_text() or ""], lines)


# --------------------------------------------------------------------------- the fix


def _is_kept(row: Any) -> bool:
    """Every paragraph of the row keeps with the next one (`{% keepnext %}` rows)."""
    paragraphs = list(row.iter(f"{W}p"))
    if not paragraphs:
        return False
    for p in paragraphs:
        keep = p.find(f"{W}pPr/{W}keepNext")
        if keep is None or keep.get(f"{W}val") in ("0", "false", "off"):
            return False
    return True


def _is_header(row: Any) -> bool:
    header = row.find(f"{W}trPr/{W}tblHeader")
    return header is not None and header.get(f"{W}val") not in ("0", "false", "off")


def _grid_cells(row: Any) -> list[tuple[int, Any]]:
    """(first grid column, cell) for each cell of a row."""
    cells, column = [], 0
    before = row.find(f"{W}trPr/{W}gridBefore")
    if before is not None:
        column = int(before.get(f"{W}val", "0"))
    for tc in row.findall(f"{W}tc"):
        cells.append((column, tc))
        span = tc.find(f"{W}tcPr/{W}gridSpan")
        column += int(span.get(f"{W}val", "1")) if span is not None else 1
    return cells


def _vmerge(tc: Any) -> str | None:
    merge = tc.find(f"{W}tcPr/{W}vMerge")
    if merge is None:
        return None
    return merge.get(f"{W}val") or "continue"


def _restart_merges(first: Any, above: list[Any]) -> None:
    """Cells of `first` continuing a merge from rows now in another table start the merge
    again, with the text of the cell that started it."""
    for column, tc in _grid_cells(first):
        if _vmerge(tc) != "continue":
            continue
        origin = None
        for row in reversed(above):
            match = next((c for col, c in _grid_cells(row) if col == column), None)
            if match is None:
                break
            if _vmerge(match) == "restart":
                origin = match
                break
        tc.find(f"{W}tcPr/{W}vMerge").set(f"{W}val", "restart")
        if origin is None:
            continue
        for p in tc.findall(f"{W}p"):
            tc.remove(p)
        for p in origin.findall(f"{W}p"):
            tc.append(copy.deepcopy(p))


def _page_break_paragraph() -> Any:
    """A hairline paragraph that starts a new page (and keeps with the table after it)."""
    p = etree.Element(f"{W}p")
    ppr = etree.SubElement(p, f"{W}pPr")
    etree.SubElement(ppr, f"{W}keepNext")
    etree.SubElement(ppr, f"{W}pageBreakBefore")
    etree.SubElement(
        ppr,
        f"{W}spacing",
        {f"{W}before": "0", f"{W}after": "0", f"{W}line": "20", f"{W}lineRule": "exact"},
    )
    rpr = etree.SubElement(ppr, f"{W}rPr")
    etree.SubElement(rpr, f"{W}sz", {f"{W}val": "2"})
    return p


def split_table_xml(document_xml: bytes) -> bytes | None:
    """The document.xml with the last long table split before its kept trailing rows, or
    None when there is no such table (see the module docstring)."""
    root = etree.fromstring(document_xml)
    body = root.find(f"{W}body")
    if body is None:
        return None
    for tbl in reversed(body.findall(f"{W}tbl")):
        rows = tbl.findall(f"{W}tr")
        headers = 0
        while headers < len(rows) and _is_header(rows[headers]):
            headers += 1
        if headers == 0:
            continue
        start = len(rows)
        while start > headers and _is_kept(rows[start - 1]):
            start -= 1
        if start == len(rows) or start <= headers:
            continue
        second = etree.Element(f"{W}tbl")
        for child in tbl:
            if child.tag != f"{W}tr":
                second.append(copy.deepcopy(child))
        for row in rows[:headers]:
            second.append(copy.deepcopy(row))
        _restart_merges(rows[start], rows[headers:start])
        for row in rows[start:]:
            second.append(row)  # moves the row out of the first table
        index = list(body).index(tbl)
        body.insert(index + 1, _page_break_paragraph())
        body.insert(index + 2, second)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return None


def split_before_kept_rows(docx: bytes) -> bytes | None:
    """The .docx with `split_table_xml` applied, or None when nothing can be split."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    parts = dict((info.filename, data) for info, data in members)
    fixed = split_table_xml(parts[DOCUMENT_PART])
    if fixed is None:
        return None
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info, data in members:
            out.writestr(
                info, fixed if info.filename == DOCUMENT_PART else data, zipfile.ZIP_DEFLATED
            )
    return buffer.getvalue()
