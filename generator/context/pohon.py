"""The pohon kinerja of an SKPD and its cascading matrix, as Graphviz sources.

The tree is one box per PK (jabatan, official, each sasaran with its indikator and target)
placed by Graphviz's `dot` layout, the Kepala Perangkat Daerah on top, and an arrow from
each lower indikator to the atasan indikator it supports (`mendukung`). The matrix is
the table SAKIP evaluations ask for: every atasan indikator with the indikator supporting
it, level by level. Both are pure text here; `generator.pdf.graph` runs `dot`.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass

from generator.context.common import printed_target
from generator.data.models.common import Pemda
from generator.data.models.perjanjian import PerjanjianKinerja

ESELON_NAMES = {2: "II", 3: "III", 4: "IV"}
COLOURS = {2: "#1F4E79", 3: "#2E75B6", 4: "#5B9BD5"}  # header of a box, by eselon
WRAP = 38  # characters per line in a box


@dataclass(frozen=True)
class IndikatorPohon:
    id: str | None
    uraian: str
    target: str
    mendukung: str | None


@dataclass(frozen=True)
class SasaranPohon:
    uraian: str
    indikator: list[IndikatorPohon]


@dataclass(frozen=True)
class Kotak:
    """One PK in the tree."""

    name: str  # LoadedAgreement.name: `dinas-kesehatan/bidang-kesmas`
    atasan: str | None
    eselon: int
    jabatan: str
    nama: str
    sasaran: list[SasaranPohon]


@dataclass(frozen=True)
class BarisMatriks:
    """One row of the cascading matrix: an atasan indikator and one indikator below it."""

    eselon_atasan: str
    jabatan_atasan: str
    indikator_atasan: str
    target_atasan: str
    eselon: str
    jabatan: str
    indikator: str
    target: str


def kotak(name: str, pk: PerjanjianKinerja, pemda: Pemda) -> Kotak:
    """A PK as its box in the tree (names as `LoadedAgreement.name`)."""
    return Kotak(
        name=name,
        atasan=pk.atasan,
        eselon=pk.eselon or 2,
        jabatan=pk.pihak_pertama.jabatan_tertulis,
        nama=pk.pihak_pertama.nama,
        sasaran=[
            SasaranPohon(
                s.uraian,
                [
                    IndikatorPohon(
                        i.id,
                        i.uraian,
                        printed_target(i, i.target, pemda, "formulir", pk.tampilan),
                        i.mendukung,
                    )
                    for i in s.indikator
                ],
            )
            for s in pk.sasaran
        ],
    )


def _lines(text: str, width: int = WRAP) -> str:
    """Text wrapped for an HTML-like label, every line left-aligned."""
    wrapped = textwrap.wrap(text, width) or [""]
    return "".join(f'{html.escape(line)}<BR ALIGN="LEFT"/>' for line in wrapped)


def _node_id(name: str) -> str:
    return "pk_" + "".join(c if c.isalnum() else "_" for c in name)


def _port(indikator_id: str) -> str:
    return "i_" + "".join(c if c.isalnum() else "_" for c in indikator_id)


def _box_label(box: Kotak) -> str:
    colour = COLOURS.get(box.eselon, COLOURS[4])
    rows = [
        f'<TR><TD COLSPAN="2" BGCOLOR="{colour}"><FONT COLOR="white"><B>'
        f"{_lines(box.jabatan.upper(), WRAP + 10)}</B></FONT>"
        f'<FONT COLOR="white" POINT-SIZE="9">{html.escape(box.nama)} · eselon '
        f"{ESELON_NAMES.get(box.eselon, str(box.eselon))}</FONT></TD></TR>"
    ]
    for sasaran in box.sasaran:
        rows.append(
            f'<TR><TD COLSPAN="2" BGCOLOR="#E7EEF7" ALIGN="LEFT" BALIGN="LEFT"><I>'
            f"{_lines(sasaran.uraian, WRAP + 10)}</I></TD></TR>"
        )
        for indikator in sasaran.indikator:
            # Ports on both outer cells: an arrow leaves and enters a box by its side
            # (west for the PKs drawn on the left, east for those on the right), never
            # across the rows of the box.
            west = f' PORT="{_port(indikator.id)}_w"' if indikator.id else ""
            east = f' PORT="{_port(indikator.id)}_e"' if indikator.id else ""
            rows.append(
                f'<TR><TD{west} ALIGN="LEFT" BALIGN="LEFT">{_lines(indikator.uraian)}</TD>'
                f"<TD{east}>{html.escape(indikator.target)}</TD></TR>"
            )
    return (
        '<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4">'
        + "".join(rows)
        + "</TABLE>>"
    )


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def pohon_dot(boxes: list[Kotak], title: str) -> str:
    """The tree as a `dot` source: atasan above, an arrow from each supporting indikator
    up to the indikator it supports (an invisible edge keeps a PK without links below
    its atasan)."""
    names = {box.name for box in boxes}
    by_name = {box.name: box for box in boxes}
    lines = [
        "digraph pohon {",
        f'  graph [rankdir=TB, nodesep=0.25, ranksep=0.9, fontname="Liberation Sans", '
        f"fontsize=26, labelloc=t, label={_quoted(title)}, splines=true];",
        '  node [shape=plain, fontname="Liberation Sans", fontsize=11];',
        '  edge [color="#C55A11", penwidth=1.4, arrowsize=0.8, dir=back];',
    ]
    for box in boxes:
        lines.append(f"  {_node_id(box.name)} [label={_box_label(box)}];")
    for box in boxes:
        if box.atasan not in names:
            continue
        atasan = by_name[str(box.atasan)]
        ids = {i.id for s in atasan.sasaran for i in s.indikator if i.id}
        siblings = [b.name for b in boxes if b.atasan == atasan.name]
        side = "w" if siblings.index(box.name) < len(siblings) / 2 else "e"
        linked = False
        for sasaran in box.sasaran:
            for indikator in sasaran.indikator:
                if indikator.id and indikator.mendukung in ids:
                    linked = True
                    upper = _port(str(indikator.mendukung))
                    lower = _port(indikator.id)
                    lines.append(
                        f"  {_node_id(atasan.name)}:{upper}_{side}:{side} -> "
                        f"{_node_id(box.name)}:{lower}_{side}:{side};"
                    )
        if not linked:
            lines.append(f"  {_node_id(atasan.name)} -> {_node_id(box.name)} [style=invis];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def matriks_rows(boxes: list[Kotak]) -> list[BarisMatriks]:
    """Every atasan indikator with each indikator that supports it, top level first; an
    atasan indikator nothing supports has a row with empty right-hand cells."""
    by_name = {box.name: box for box in boxes}
    rows: list[BarisMatriks] = []
    for atasan in sorted(boxes, key=lambda b: b.eselon):
        below = [b for b in boxes if b.atasan == atasan.name and b.atasan in by_name]
        if not below:
            continue
        for sasaran in atasan.sasaran:
            for upper in sasaran.indikator:
                support = [
                    (box, lower)
                    for box in below
                    for s in box.sasaran
                    for lower in s.indikator
                    if upper.id and lower.mendukung == upper.id
                ]
                left = (
                    ESELON_NAMES.get(atasan.eselon, ""),
                    atasan.jabatan,
                    upper.uraian,
                    upper.target,
                )
                if not support:
                    rows.append(BarisMatriks(*left, "", "", "", ""))
                for box, lower in support:
                    rows.append(
                        BarisMatriks(
                            *left,
                            ESELON_NAMES.get(box.eselon, ""),
                            box.jabatan,
                            lower.uraian,
                            lower.target,
                        )
                    )
    return rows


MATRIX_HEADERS = (
    "Eselon",
    "Jabatan atasan",
    "Indikator atasan",
    "Target",
    "Eselon",
    "Jabatan pendukung",
    "Indikator pendukung",
    "Target",
)


def matriks_dot(rows: list[BarisMatriks], title: str) -> str:
    """One page of the cascading matrix as a `dot` source: a single table (cells of an
    atasan indikator repeated on each of its rows, as in the SAKIP worksheets)."""
    widths = (6, 28, 34, 10, 6, 28, 34, 10)
    header = "".join(
        f'<TD BGCOLOR="#1F4E79"><FONT COLOR="white"><B>{html.escape(h)}</B></FONT></TD>'
        for h in MATRIX_HEADERS
    )
    body = []
    for row in rows:
        values = (
            row.eselon_atasan,
            row.jabatan_atasan,
            row.indikator_atasan,
            row.target_atasan,
            row.eselon,
            row.jabatan,
            row.indikator,
            row.target,
        )
        cells = "".join(
            f'<TD ALIGN="LEFT" BALIGN="LEFT">{_lines(v, w) if v else " "}</TD>'
            for v, w in zip(values, widths, strict=True)
        )
        body.append(f"<TR>{cells}</TR>")
    table = (
        '<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4">'
        f"<TR>{header}</TR>" + "".join(body) + "</TABLE>>"
    )
    return (
        "digraph matriks {\n"
        f'  graph [fontname="Liberation Sans", fontsize=22, labelloc=t, label={_quoted(title)}];\n'
        '  node [shape=plain, fontname="Liberation Sans", fontsize=10];\n'
        f"  matriks [label={table}];\n"
        "}\n"
    )


def matriks_pages(rows: list[BarisMatriks], title: str, per_page: int = 22) -> list[str]:
    """The matrix cut into pages of `per_page` rows, each a `dot` source."""
    chunks = [rows[n : n + per_page] for n in range(0, len(rows), per_page)] or [[]]
    count = len(chunks)
    return [
        matriks_dot(chunk, title + (f" ({n}/{count})" if count > 1 else ""))
        for n, chunk in enumerate(chunks, start=1)
    ]
