"""Small python-docx helpers for building the shipped .docx templates.

The templates in `templates/` are the source users edit in Word; these helpers only build
the default ones (`tools/make_templates.py`). They set what python-docx has no API for:
borders, shading, repeated header rows, rows that must not split, merged cells, fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

FONT = "Arial"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
LEFT = WD_ALIGN_PARAGRAPH.LEFT
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


def setup_document(
    doc: Document, *, font: str = FONT, size: float = 12, landscape: bool = False
) -> None:
    """A4 with official margins, one font everywhere (East Asian slots included)."""
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.top_margin = Cm(2.0)
    section.bottom_margin = Cm(2.0)
    section.left_margin = Cm(2.5)
    section.right_margin = Cm(2.0)
    section.header_distance = Cm(1.0)
    section.footer_distance = Cm(1.0)
    for style_name in ("Normal", "Table Grid"):
        style = doc.styles[style_name]
        style.font.name = font
        style.font.size = Pt(size)
        rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            rfonts.set(qn(slot), font)
    normal = doc.styles["Normal"].paragraph_format
    normal.space_before = Pt(0)
    normal.space_after = Pt(0)
    normal.line_spacing = 1.0
    # Theme fonts would bring Calibri/Cambria into documents that never show them.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for rfonts in defaults.iter(qn("w:rFonts")):
            for attr in list(rfonts.attrib):
                rfonts.attrib.pop(attr)
            for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                rfonts.set(qn(slot), font)
    for style in doc.styles:
        rpr = style.element.find(qn("w:rPr"))
        rfonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        if rfonts is None:
            continue
        for attr in [a for a in rfonts.attrib if a.endswith("Theme")]:
            rfonts.attrib.pop(attr)
        for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            rfonts.set(qn(slot), font)


def paragraph(
    container,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: float | None = None,
    align=None,
    before: float = 0,
    after: float = 0,
    line: float | None = None,
    keep_next: bool = False,
    left_indent: float | None = None,
    first_line: float | None = None,
    page_break_before: bool = False,
    style: str | None = None,
) -> Paragraph:
    """Add a paragraph with one run of formatted text (cm for indents, pt for spacing)."""
    para = container.add_paragraph(style=style)
    if text:
        run(para, text, bold=bold, italic=italic, underline=underline, size=size)
    fmt = para.paragraph_format
    if align is not None:
        fmt.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if line is not None:
        fmt.line_spacing = line
    if keep_next:
        fmt.keep_with_next = True
    if left_indent is not None:
        fmt.left_indent = Cm(left_indent)
    if first_line is not None:
        fmt.first_line_indent = Cm(first_line)
    if page_break_before:
        fmt.page_break_before = True
    return para


def run(para: Paragraph, text: str, *, bold=False, italic=False, underline=False, size=None):
    r = para.add_run(text)
    r.bold = bold or None
    r.italic = italic or None
    r.underline = underline or None
    if size is not None:
        r.font.size = Pt(size)
    return r


def cell_paragraph(cell: _Cell, text: str = "", **kwargs) -> Paragraph:
    """Write into a cell's first (empty) paragraph, or add another one."""
    para = cell.paragraphs[-1]
    if para.text or para.runs:
        return paragraph(cell, text, **kwargs)
    if text:
        run(
            para,
            text,
            **{k: kwargs[k] for k in ("bold", "italic", "underline", "size") if k in kwargs},
        )
    fmt = para.paragraph_format
    if kwargs.get("align") is not None:
        fmt.alignment = kwargs["align"]
    fmt.space_before = Pt(kwargs.get("before", 0))
    fmt.space_after = Pt(kwargs.get("after", 0))
    if kwargs.get("keep_next"):
        fmt.keep_with_next = True
    if kwargs.get("left_indent") is not None:
        fmt.left_indent = Cm(kwargs["left_indent"])
    if kwargs.get("first_line") is not None:
        fmt.first_line_indent = Cm(kwargs["first_line"])
    return para


def table(
    doc_or_cell, rows: int, widths_cm: Sequence[float], *, borders: bool = True, align_center=True
) -> Table:
    """A fixed-layout table with the given column widths."""
    tbl = doc_or_cell.add_table(rows=rows, cols=len(widths_cm))
    tbl.autofit = False
    if align_center:
        tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl_pr = tbl._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(int(sum(widths_cm) * 567)))
    width.set(qn("w:type"), "dxa")
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    tbl_pr.append(width)
    set_borders(tbl, "single" if borders else "nil")
    grid = tbl._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=True):
        col.set(qn("w:w"), str(int(w * 567)))
    for row in tbl.rows:
        for cell, w in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(w)
    cell_margins(tbl, left=0.1, right=0.1)
    return tbl


def set_borders(tbl: Table, kind: str = "single", size: int = 4) -> None:
    tbl_pr = tbl._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblBorders")):
        tbl_pr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), kind)
        if kind != "nil":
            el.set(qn("w:sz"), str(size))
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        borders.append(el)
    tbl_pr.append(borders)


def cell_margins(
    tbl: Table, *, left: float = 0.1, right: float = 0.1, top: float = 0.0, bottom: float = 0.0
) -> None:
    tbl_pr = tbl._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for edge, value in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(int(value * 567)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tbl_pr.append(mar)


def _tc_pr_insert(cell: _Cell, element) -> None:
    """Insert into tcPr respecting the schema order Word insists on."""
    order = [
        "tcW",
        "gridSpan",
        "hMerge",
        "vMerge",
        "tcBorders",
        "shd",
        "noWrap",
        "tcMar",
        "textDirection",
        "tcFitText",
        "vAlign",
        "hideMark",
    ]
    tc_pr = cell._tc.get_or_add_tcPr()
    name = element.tag.split("}")[1]
    for old in tc_pr.findall(element.tag):
        tc_pr.remove(old)
    position = order.index(name)
    for index, child in enumerate(tc_pr):
        child_name = child.tag.split("}")[1]
        if child_name in order and order.index(child_name) > position:
            tc_pr.insert(index, element)
            return
    tc_pr.append(element)


def shade(cell: _Cell, fill: str = "D9D9D9") -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    _tc_pr_insert(cell, shd)


def valign(cell: _Cell, where: str = "center") -> None:
    cell.vertical_alignment = {
        "center": WD_CELL_VERTICAL_ALIGNMENT.CENTER,
        "top": WD_CELL_VERTICAL_ALIGNMENT.TOP,
        "bottom": WD_CELL_VERTICAL_ALIGNMENT.BOTTOM,
    }[where]


def merge_right(row: _Row, index: int, span: int) -> None:
    """Merge cell `index` with the `span - 1` cells to its right (their content is dropped)."""
    cells = row._tr.tc_lst
    for tc in cells[index + 1 : index + span]:
        row._tr.remove(tc)
    el = OxmlElement("w:gridSpan")
    el.set(qn("w:val"), str(span))
    tc_pr = cells[index].get_or_add_tcPr()
    width = tc_pr.find(qn("w:tcW"))
    if width is not None:
        width.addnext(el)
    else:
        tc_pr.insert(0, el)


def no_wrap(cell: _Cell) -> None:
    _tc_pr_insert(cell, OxmlElement("w:noWrap"))


def _tr_pr(row: _Row):
    return row._tr.get_or_add_trPr()


def repeat_header(row: _Row) -> None:
    """Repeat this row at the top of every page the table spans."""
    el = OxmlElement("w:tblHeader")
    _tr_pr(row).append(el)


def cant_split(row: _Row) -> None:
    """Never break this row across pages."""
    el = OxmlElement("w:cantSplit")
    _tr_pr(row).insert(0, el)


def row_height(row: _Row, cm: float, rule: str = "atLeast") -> None:
    el = OxmlElement("w:trHeight")
    el.set(qn("w:val"), str(int(cm * 567)))
    el.set(qn("w:hRule"), rule)
    _tr_pr(row).append(el)


def bottom_rule(para: Paragraph, kind: str = "thickThinSmallGap", size: int = 24) -> None:
    """The kop surat's double rule under a paragraph (thick over thin)."""
    p_pr = para._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), kind)
    bottom.set(qn("w:sz"), str(size))
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    bdr.append(bottom)
    # pBdr must come before spacing/ind/jc in pPr.
    anchor = None
    for tag in ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc"):
        anchor = p_pr.find(qn(tag))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addprevious(bdr)
    else:
        p_pr.append(bdr)


def page_break(doc: Document) -> None:
    para = doc.add_paragraph()
    para.add_run().add_break(WD_BREAK.PAGE)


def field(
    para: Paragraph, instruction: str, placeholder: str = "1", size: float | None = None
) -> None:
    """A Word field (PAGE, NUMPAGES) as complex-field runs."""

    def fld_char(kind: str):
        r = para.add_run()
        if size:
            r.font.size = Pt(size)
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        r._r.append(el)
        return r

    fld_char("begin")
    r = para.add_run()
    if size:
        r.font.size = Pt(size)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    r._r.append(instr)
    fld_char("separate")
    r = para.add_run(placeholder)
    if size:
        r.font.size = Pt(size)
    fld_char("end")


def keep_together(rows: Iterable[_Row]) -> None:
    """Keep a block of rows on one page: no row splits, each paragraph keeps with the next."""
    rows = list(rows)
    for i, row in enumerate(rows):
        cant_split(row)
        if i < len(rows) - 1:
            for cell in row.cells:
                for para in cell.paragraphs:
                    para.paragraph_format.keep_with_next = True


def set_cell_text(cell: _Cell, text: str, **kwargs) -> Paragraph:
    return cell_paragraph(cell, text, **kwargs)


def month_cells(cells: Sequence[_Cell], expr: str, *, size: float = 9) -> None:
    """The 12 month cells of a grid row (PK roadmap, RB RATL): shaded and marked from
    `EXPR[i]`, a list of `generator.domain.monthgrid.MonthCell` in the context."""
    if len(cells) != 12:
        raise ValueError("a month grid has 12 cells")
    for index, cell in enumerate(cells):
        cell_paragraph(
            cell,
            f"{{% cellbg {expr}[{index}].fill %}}{{{{ {expr}[{index}].mark }}}}",
            align=CENTER,
            size=size,
        )
        valign(cell, "center")


def month_header_cells(
    cells: Sequence[_Cell],
    labels: Sequence[str],
    *,
    size: float = 9,
    shade_fill: str | None = "D9D9D9",
) -> None:
    """Header cells of a month grid: `Jan … Des` or `1 … 12`."""
    for cell, label in zip(cells, labels, strict=True):
        cell_paragraph(cell, label, bold=True, align=CENTER, size=size)
        valign(cell, "center")
        if shade_fill:
            shade(cell, shade_fill)


def styled_runs(para: Paragraph, expr: str, *, size: float | None = None) -> None:
    """Print `EXPR`, a list of `generator.context.teks.Potongan`, one run per piece: the
    italic, bold and plain runs are written here, so their look is edited in the template."""
    branches = (
        ("{% for s in " + expr + " %}{% if s.tebal and s.miring %}", {}),
        ("{{ s.teks }}", {"bold": True, "italic": True}),
        ("{% elif s.tebal %}", {}),
        ("{{ s.teks }}", {"bold": True}),
        ("{% elif s.miring %}", {}),
        ("{{ s.teks }}", {"italic": True}),
        ("{% else %}", {}),
        ("{{ s.teks }}", {}),
        ("{% endif %}{% endfor %}", {}),
    )
    for text, style in branches:
        run(para, text, size=size, **style)


def fixed_vmerge(cell: _Cell, value: str) -> None:
    """A fixed vertical merge (`restart` or `continue`), e.g. for two-row table headers."""
    el = OxmlElement("w:vMerge")
    el.set(qn("w:val"), value)
    _tc_pr_insert(cell, el)


def tab_stop(para: Paragraph, cm: float) -> None:
    para.paragraph_format.tab_stops.add_tab_stop(Cm(cm))


def save(doc: Document, path) -> None:
    """Save with fixed zip timestamps, so an unchanged template rebuilds byte-identical
    (templates are inputs of the incremental build's hashes)."""
    import io
    import zipfile

    buffer = io.BytesIO()
    doc.save(buffer)
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2022, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info))


_AFTER_OUTLINE = ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def outline_level(para: Paragraph, level: int = 0) -> Paragraph:
    """Make a paragraph a part title (Word outline level `level`, 0 = top) without a
    heading style: LibreOffice exports it as a PDF bookmark, which the book reads."""
    ppr = para._p.get_or_add_pPr()
    for old in ppr.findall(qn("w:outlineLvl")):
        ppr.remove(old)
    element = OxmlElement("w:outlineLvl")
    element.set(qn("w:val"), str(level))
    successor = next((c for c in ppr if c.tag in {qn(t) for t in _AFTER_OUTLINE}), None)
    if successor is not None:
        successor.addprevious(element)
    else:
        ppr.append(element)
    return para
