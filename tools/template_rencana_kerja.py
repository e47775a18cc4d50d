"""Build `templates/rencana-kerja-rb.docx`: the keputusan, BAB I–IV and the lampiran RATL.

Called by `tools/make_templates.py`; the tags it writes are the fields of
`generator.context.rencana_kerja.RencanaKerjaContext`. The body is a stream of blocks:
one paragraph per block style (`subbab`, `judul-2`, `paragraf-1`, `butir-3`, …) inside
an if-chain, so each style's format can be edited in Word like any paragraph.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.shared import Cm

sys.path.insert(0, str(Path(__file__).resolve().parent))

import docxkit as k
import make_templates as base

PORTRAIT_WIDTH_CM = base.TEXT_WIDTH_CM
LANDSCAPE_MARGIN_CM = 1.5
LANDSCAPE_WIDTH_CM = 29.7 - 2 * LANDSCAPE_MARGIN_CM
BODY_SIZE = 12
TABLE_SIZE = 8

# Text start of each indentation level of the body (cm); a list item's marker hangs one
# level to the left of its text.
LEVELS = (0.0, 1.0, 1.75, 2.5, 3.25, 4.0)
MAX_LEVEL = len(LEVELS) - 1

# RATL columns: NO, PROGRAM DAN KEGIATAN, OUTPUT, TAHAPAN KERJA, 12 months, KRITERIA, PJ.
MONTH_WIDTH = 0.6
RATL_WIDTHS = [0.9, 4.3, 3.5, 4.5, *[MONTH_WIDTH] * 12, 3.7, 2.6]


def tabbed(para, *positions_cm: float) -> None:
    for position in positions_cm:
        para.paragraph_format.tab_stops.add_tab_stop(Cm(position))


def hanging(para, left: float, hang: float) -> None:
    fmt = para.paragraph_format
    fmt.left_indent = Cm(left)
    fmt.first_line_indent = Cm(-hang) if hang else Cm(0)


# --------------------------------------------------------------------------- keputusan


def keputusan_heading(doc) -> None:
    title = k.paragraph(doc, "{{ judul_keputusan }}", bold=True, align=k.CENTER, keep_next=True)
    k.outline_level(title)  # bookmark "Keputusan" (DocumentKind.parts)
    k.paragraph(doc, "NOMOR : {{ nomor }}", align=k.CENTER, after=10, keep_next=True)
    k.paragraph(doc, "TENTANG", bold=True, align=k.CENTER, after=4, keep_next=True)
    k.paragraph(doc, "{{ judul_kapital }}", bold=True, align=k.CENTER, after=14, keep_next=True)


LABEL_END = 3.0  # the colon after Menimbang/Mengingat/KESATU
MARKER_AT = 3.5
TEXT_AT = 4.2


def considerations(doc, name: str) -> None:
    """`Menimbang : a. bahwa …`: label, colon, letter and a text hanging under itself."""
    k.paragraph(doc, f"{{%p for p in {name} %}}")
    para = k.paragraph(
        doc,
        "{{ p.label }}\t{{ p.titik_dua }}\t{{ p.nomor }}\t{{ p.teks }}",
        align=k.JUSTIFY,
        after=4,
        line=1.15,
    )
    hanging(para, TEXT_AT, TEXT_AT)
    tabbed(para, LABEL_END, MARKER_AT, TEXT_AT)
    k.paragraph(doc, "{%p endfor %}")
    k.paragraph(doc, "", size=6)


def diktum(doc) -> None:
    k.paragraph(doc, "MEMUTUSKAN", bold=True, align=k.CENTER, before=6, after=10, keep_next=True)
    para = k.paragraph(doc, "Menetapkan\t:", after=6, keep_next=True)
    tabbed(para, LABEL_END)
    k.paragraph(doc, "{%p for d in diktum %}")
    # The diktum keep with each other and with the signature: the decree's operative part
    # never ends a page on its own, and the signature never stands alone.
    para = k.paragraph(
        doc,
        "{{ d.label }}\t{{ d.titik_dua }}\t{{ d.teks }}",
        align=k.JUSTIFY,
        after=6,
        line=1.15,
        keep_next=True,
    )
    hanging(para, MARKER_AT, MARKER_AT)
    tabbed(para, LABEL_END, MARKER_AT)
    k.paragraph(doc, "{%p endfor %}")


def signature(doc, width: float, *, with_date: bool) -> None:
    """The head's signature on the right half: (place and date,) jabatan, name, NIP.

    One row per line in a borderless table that keeps together on one page.
    """
    lines: list[tuple[str, dict]] = []
    if with_date:
        lines += [
            ("Ditetapkan di\t: {{ tempat }}", {"tab": 3.0}),
            ("Pada tanggal\t: {{ tanggal }}", {"tab": 3.0, "rule": True}),
            ("", {}),
        ]
    lines += [
        ("{{ kepala.jabatan_kapital }}", {"bold": True, "center": True}),
        ("", {"height": 2.4}),
        ("{{ kepala.nama }}", {"bold": True, "underline": True, "center": True}),
        ("{{ kepala.pangkat }}", {"center": True}),
        ("{{ kepala.nip_baris }}", {"center": True}),
    ]
    half = 8.5
    tbl = k.table(doc, len(lines), [width - half, half], borders=False)
    for row, (text, style) in zip(tbl.rows, lines, strict=True):
        para = k.cell_paragraph(
            row.cells[1],
            text,
            bold=style.get("bold", False),
            underline=style.get("underline", False),
            align=k.CENTER if style.get("center") else k.LEFT,
        )
        if "tab" in style:
            tabbed(para, style["tab"])
        if style.get("rule"):
            k.bottom_rule(para, "single", 6)
        if "height" in style:
            k.row_height(row, style["height"], "exact")
    k.keep_together(tbl.rows)


# --------------------------------------------------------------------------- body


def block_formats() -> list[tuple[str, dict]]:
    """Every block style the context emits, with its paragraph format."""
    formats: list[tuple[str, dict]] = [
        ("subbab", {"bold": True, "level": 1, "numbered": True, "before": 10, "keep": True}),
    ]
    for level in (1, 2, 3):
        formats.append(
            (f"judul-{level}", {"bold": True, "level": level, "numbered": True, "before": 8})
        )
    for level in range(MAX_LEVEL + 1):
        first_line = 1.0 if level <= 1 else 0.0
        formats.append((f"paragraf-{level}", {"level": level, "first_line": first_line}))
    for level in range(1, MAX_LEVEL + 1):
        formats.append((f"butir-{level}", {"level": level, "numbered": True, "after": 3}))
    return formats


def body(doc) -> None:
    """BAB I–IV: each BAB on a new page, its blocks formatted by style."""
    k.paragraph(doc, "{%p for b in bab %}")
    nomor = k.paragraph(doc, "{{ b.nomor }}", bold=True, align=k.CENTER, page_break_before=True)
    k.outline_level(nomor)  # bookmarks "BAB I" … "BAB IV"
    k.paragraph(doc, "{{ b.judul }}", bold=True, align=k.CENTER, after=14, keep_next=True)
    k.paragraph(doc, "{%p for x in b.isi %}")
    for index, (style, fmt) in enumerate(block_formats()):
        keyword = "if" if index == 0 else "elif"
        k.paragraph(doc, f'{{%p {keyword} x.gaya == "{style}" %}}')
        level = fmt["level"]
        text = "{{ x.nomor }}\t{{ x.teks }}" if fmt.get("numbered") else "{{ x.teks }}"
        para = k.paragraph(
            doc,
            text,
            bold=fmt.get("bold", False),
            align=k.LEFT if fmt.get("bold") else k.JUSTIFY,
            before=fmt.get("before", 0),
            after=fmt.get("after", 6),
            line=1.15,
            keep_next=fmt.get("keep", False) or fmt.get("bold", False),
        )
        if fmt.get("numbered"):
            hanging(para, LEVELS[level], LEVELS[level] - LEVELS[level - 1])
            tabbed(para, LEVELS[level])
        else:
            para.paragraph_format.left_indent = Cm(LEVELS[level])
            para.paragraph_format.first_line_indent = Cm(fmt.get("first_line", 0.0))
    k.paragraph(doc, "{%p endif %}")
    k.paragraph(doc, "{%p endfor %}")
    k.paragraph(doc, "{%p endfor %}")


# --------------------------------------------------------------------------- lampiran


def landscape_section(doc) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(LANDSCAPE_MARGIN_CM)
    section.top_margin = Cm(2.0)
    section.bottom_margin = Cm(1.5)


def lampiran_cover(doc) -> None:
    """`LAMPIRAN`, the decree it belongs to, and the RATL's title."""
    title = k.paragraph(doc, "LAMPIRAN", bold=True, size=16, align=k.CENTER, before=90, after=6)
    k.outline_level(title)  # bookmark "Lampiran RATL" (DocumentKind.parts)
    k.paragraph(doc, "{{ judul_keputusan }}", align=k.CENTER)
    k.paragraph(doc, "NOMOR : {{ nomor }}", align=k.CENTER)
    k.paragraph(doc, "TANGGAL : {{ tanggal }}", align=k.CENTER, after=30)
    k.paragraph(doc, "{{ judul_lampiran_kapital }}", bold=True, size=16, align=k.CENTER, line=1.5)
    k.page_break(doc)


def ratl_table(doc) -> None:
    """The RATL: two header rows repeated on every page, a program row, then its tahapan."""
    k.paragraph(
        doc, "{{ judul_lampiran_kapital }}", bold=True, align=k.CENTER, after=10, keep_next=True
    )
    tbl = k.table(doc, 8, RATL_WIDTHS)
    top, months, for_program, program, for_row, row, end_row, end_program = tbl.rows
    # Two-row header: every column spans both rows except the months under BULAN KE-.
    for index, label in (
        (0, "NO"),
        (1, "PROGRAM DAN KEGIATAN"),
        (2, "OUTPUT"),
        (3, "TAHAPAN KERJA"),
        (16, "KRITERIA KEBERHASILAN"),
        (17, "PENANGGUNG JAWAB"),
    ):
        cell = top.cells[index].merge(months.cells[index])
        k.cell_paragraph(cell, label, bold=True, align=k.CENTER, size=TABLE_SIZE)
        k.valign(cell, "center")
        k.shade(cell)
    bulan = top.cells[4].merge(top.cells[15])
    k.cell_paragraph(bulan, "BULAN KE-", bold=True, align=k.CENTER, size=TABLE_SIZE)
    k.valign(bulan, "center")
    k.shade(bulan)
    k.month_header_cells(months.cells[4:16], [str(m) for m in range(1, 13)], size=TABLE_SIZE)
    for header in (top, months):
        k.repeat_header(header)
        k.cant_split(header)

    k.cell_paragraph(for_program.cells[0], "{%tr for p in ratl %}", size=TABLE_SIZE)
    k.cell_paragraph(program.cells[0], "{{ p.nomor }}", bold=True, align=k.CENTER, size=TABLE_SIZE)
    name = program.cells[1].merge(program.cells[17])
    k.cell_paragraph(name, "{{ p.nama }}", bold=True, size=TABLE_SIZE)
    for cell in (program.cells[0], name):
        k.valign(cell, "center")
    k.cant_split(program)
    for para in program.cells[0].paragraphs + name.paragraphs:
        para.paragraph_format.keep_with_next = True  # a program row never ends a page

    k.cell_paragraph(for_row.cells[0], "{%tr for r in p.baris %}", size=TABLE_SIZE)
    texts = (
        (0, "{% vmerge r.kunci_kegiatan %}{{ r.no }}", k.CENTER),
        (1, "{% vmerge r.kunci_kegiatan %}{{ r.kegiatan }}", k.LEFT),
        (2, "{% vmerge r.kunci_output %}{{ r.output }}", k.LEFT),
        (3, "{% keepnext r.terakhir %}{{ r.tahapan }}", k.LEFT),
        (16, "{% vmerge r.kunci_kriteria %}{{ r.kriteria }}", k.LEFT),
        (17, "{% vmerge r.kunci_penanggung_jawab %}{{ r.penanggung_jawab }}", k.LEFT),
    )
    for index, text, align in texts:
        k.cell_paragraph(row.cells[index], text, align=align, size=TABLE_SIZE)
        k.valign(row.cells[index], "top")
    k.month_cells(row.cells[4:16], "r.bulan", size=TABLE_SIZE)
    k.cant_split(row)
    k.cell_paragraph(end_row.cells[0], "{%tr endfor %}", size=TABLE_SIZE)
    k.cell_paragraph(end_program.cells[0], "{%tr endfor %}", size=TABLE_SIZE)
    k.paragraph(doc, "", after=10, keep_next=True)


def build_rencana_kerja_rb(path: Path) -> None:
    doc = Document()
    k.setup_document(doc, size=BODY_SIZE)
    doc.core_properties.title = "Rencana Kerja Reformasi Birokrasi"
    doc.core_properties.author = "pkgen"
    base.kop_surat(doc)
    keputusan_heading(doc)
    considerations(doc, "menimbang")
    considerations(doc, "mengingat")
    diktum(doc)
    k.paragraph(doc, "", after=10, keep_next=True)
    signature(doc, PORTRAIT_WIDTH_CM, with_date=True)
    body(doc)
    k.paragraph(doc, "", after=18, keep_next=True)
    signature(doc, PORTRAIT_WIDTH_CM, with_date=False)
    base.footer_page_number(doc)
    landscape_section(doc)
    lampiran_cover(doc)
    ratl_table(doc)
    signature(doc, LANDSCAPE_WIDTH_CM, with_date=False)
    k.save(doc, path)


if __name__ == "__main__":
    target = base.TEMPLATES / "rencana-kerja-rb.docx"
    build_rencana_kerja_rb(target)
    print(f"ditulis: {target}")
