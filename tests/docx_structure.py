"""Read a rendered .docx back as structure: paragraphs, tables, merges, shading.

Tests compare documents by this structure, never by bytes.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def text_of(element: Any) -> str:
    """Visible text of an element: runs' text, tabs as tab, breaks as newline, a
    non-breaking space as a space (where a line may break is checked on its own, in
    tests/test_typography.py)."""
    parts: list[str] = []
    for node in element.iter(_q("t"), _q("tab"), _q("br")):
        if node.getparent().tag == _q("tabs"):
            continue  # a tab stop of the paragraph format, not a tab character
        if node.tag == _q("t"):
            parts.append((node.text or "").replace("\u00a0", " "))
        elif node.tag == _q("tab"):
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


@dataclass
class Cell:
    text: str
    vmerge: str | None  # "restart", "continue" or None
    span: int
    fill: str | None
    bold: bool


@dataclass
class Row:
    cells: list[Cell]
    header: bool
    cant_split: bool

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass
class TableInfo:
    rows: list[Row]

    def column(self, index: int) -> list[str]:
        return [row.cells[index].text for row in self.rows if index < len(row.cells)]


def _cell(tc: Any) -> Cell:
    tc_pr = tc.find(_q("tcPr"))
    vmerge = span = fill = None
    if tc_pr is not None:
        vm = tc_pr.find(_q("vMerge"))
        if vm is not None:
            vmerge = vm.get(_q("val"), "continue")
        gs = tc_pr.find(_q("gridSpan"))
        if gs is not None:
            span = int(gs.get(_q("val")))
        shd = tc_pr.find(_q("shd"))
        if shd is not None:
            fill = shd.get(_q("fill"))
    paragraphs = tc.findall(_q("p"))
    text = "\n".join(text_of(p) for p in paragraphs).strip("\n")
    bold = any(
        r.find(f"{_q('rPr')}/{_q('b')}") is not None for r in tc.iter(_q("r")) if text_of(r).strip()
    )
    return Cell(text, vmerge, span or 1, fill, bold)


def _table(tbl: Any) -> TableInfo:
    rows = []
    for tr in tbl.findall(_q("tr")):
        tr_pr = tr.find(_q("trPr"))
        header = tr_pr is not None and tr_pr.find(_q("tblHeader")) is not None
        cant = tr_pr is not None and tr_pr.find(_q("cantSplit")) is not None
        rows.append(Row([_cell(tc) for tc in tr.findall(_q("tc"))], header, cant))
    return TableInfo(rows)


@dataclass
class DocxStructure:
    paragraphs: list[str]  # body paragraphs outside tables, in order
    tables: list[TableInfo]  # top-level tables in order
    all_text: str  # every paragraph of the body, tables included, one per line
    parts: dict[str, str]  # xml of every part, for targeted assertions

    def table_with(self, text: str) -> TableInfo:
        for table in self.tables:
            if any(text in cell.text for row in table.rows for cell in row.cells):
                return table
        raise AssertionError(f"no table contains {text!r}")


def read_docx(source: Path | bytes) -> DocxStructure:
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {
            n: archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml")
        }
    root = etree.fromstring(parts["word/document.xml"].encode("utf-8"))
    body = root.find(_q("body"))
    paragraphs = [text_of(p) for p in body.findall(_q("p"))]
    tables = [_table(t) for t in body.findall(_q("tbl"))]
    all_text = "\n".join(text_of(p) for p in body.iter(_q("p")))
    return DocxStructure(paragraphs, tables, all_text, parts)


def structure_summary(doc: DocxStructure) -> dict[str, Any]:
    """A JSON-able summary for golden files: texts, table cells, merges, shading, flags."""
    return {
        "paragraphs": [p for p in doc.paragraphs if p.strip()],
        "tables": [
            [
                {
                    "cells": [
                        {
                            k: v
                            for k, v in (
                                ("text", c.text),
                                ("vmerge", c.vmerge),
                                ("span", c.span),
                                ("fill", c.fill),
                            )
                            if v not in (None, 1)
                        }
                        for c in row.cells
                    ],
                    **({"header": True} if row.header else {}),
                    **({"cant_split": True} if row.cant_split else {}),
                }
                for row in table.rows
            ]
            for table in doc.tables
        ],
    }


def replace_in_docx(source: Path, target: Path, old: str, new: str) -> Path:
    """A copy of a .docx with one text of its body replaced (a template edited by staff)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(buffer, "w") as copy:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == "word/document.xml":
                assert old.encode() in data, f"{old!r} is not in {source}"
                data = data.replace(old.encode(), new.encode())
            copy.writestr(info, data)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(buffer.getvalue())
    return target
