"""The lampiran part of `perjanjian-kinerja.docx`: sections I–III and the closing signature.

Everything here prints fields of `generator.context.lampiran.LampiranContext`; the whole
part sits inside `{%p if lampiran %}` so agreements without a lampiran end after the
formulir. Section II is a loop over flattened blocks: one paragraph style per depth (the
label and a tab, or only the tab for an unnumbered paragraph), each also in a variant that
keeps with the table after it, and one table per table kind.
"""

from __future__ import annotations

import docxkit as k

TEXT_WIDTH_CM = 16.5
STEP_CM = 0.75  # indentation of one list level
BODY_PT = 11
TABLE_PT = 10
GRID_PT = 9
TABLE_WIDTH_CM = 15.5  # embedded tables, centred under the list text
MAX_DEPTH = 4  # generator.context.lampiran.MAX_DEPTH
MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Ags", "Sep", "Okt", "Nov", "Des")


def header_row(tbl, index: int, labels, *, size: float = TABLE_PT, shade: bool = True) -> None:
    row = tbl.rows[index]
    for cell, label in zip(row.cells, labels, strict=True):
        if label is None:
            continue
        k.cell_paragraph(cell, label, bold=True, align=k.CENTER, size=size)
        k.valign(cell, "center")
        if shade:
            k.shade(cell)
    k.repeat_header(row)
    k.cant_split(row)


def tag_row(tbl, index: int, tag: str) -> None:
    """A row holding only a `{%tr … %}` tag (removed when rendering)."""
    k.cell_paragraph(tbl.rows[index].cells[0], tag, size=TABLE_PT)


def body_row(tbl, index: int, cells, *, size: float = TABLE_PT) -> None:
    """A repeated row: (text or callable(paragraph), alignment) per cell; never split."""
    row = tbl.rows[index]
    for cell, (content, align) in zip(row.cells, cells, strict=True):
        if content is None:
            continue
        if callable(content):
            para = k.cell_paragraph(cell, "", align=align, size=size)
            content(para)
        else:
            k.cell_paragraph(cell, content, align=align, size=size)
        k.valign(cell, "top")
    k.cant_split(row)


def styled(expr: str, size: float = TABLE_PT):
    return lambda para: k.styled_runs(para, expr, size=size)


def heading(doc, text: str, *, page_break: bool = False, before: float = 10) -> None:
    k.paragraph(
        doc,
        text,
        bold=True,
        size=BODY_PT,
        before=before,
        after=6,
        keep_next=True,
        page_break_before=page_break,
    )


# --------------------------------------------------------------------------- section I


def section_perhitungan(doc) -> None:
    heading(doc, "{{ lampiran.judul_perhitungan }}", before=6)
    widths = [0.9, 3.6, 3.2, 3.6, TEXT_WIDTH_CM - 11.3]
    tbl = k.table(doc, 5, widths)
    header_row(
        tbl,
        0,
        [
            "No.",
            "Indikator Kinerja",
            "Target",
            "{{ lampiran.kolom_misi }}",
            "Formulasi Perhitungan",
        ],
    )
    header_row(tbl, 1, ["1", "2", "3", "4", "5"], size=GRID_PT, shade=False)
    tag_row(tbl, 2, "{%tr for row in lampiran.perhitungan %}")

    def target(para) -> None:
        k.run(para, "{{ row.target }}", size=TABLE_PT)
        cell = para._parent
        k.cell_paragraph(cell, "{%p if row.baseline_judul %}", size=TABLE_PT)
        k.cell_paragraph(cell, "{{ row.baseline_judul }}", italic=True, size=TABLE_PT, before=3)
        k.cell_paragraph(cell, "{{ row.baseline_target }}", size=TABLE_PT)
        k.cell_paragraph(cell, "{{ row.baseline_realisasi }}", size=TABLE_PT)
        k.cell_paragraph(cell, "{%p endif %}", size=TABLE_PT)

    body_row(
        tbl,
        3,
        [
            ("{{ row.no }}", k.CENTER),
            ("{{ row.indikator }}", k.LEFT),
            (target, k.LEFT),
            (styled("row.misi"), k.LEFT),
            (styled("row.formulasi"), k.LEFT),
        ],
    )
    tag_row(tbl, 4, "{%tr endfor %}")


# --------------------------------------------------------------------------- section II


def narrative_paragraph(doc, tingkat: int, keep: bool) -> None:
    """A block of section II at a depth: label (or nothing), tab, styled text.

    Depth d puts the label at (d-1) steps and the text at d steps; an unnumbered paragraph
    of depth d has an empty label, so its text starts at the same tab.
    """
    para = k.paragraph(
        doc,
        align=k.JUSTIFY,
        after=4,
        line=1.15,
        keep_next=keep,
        left_indent=tingkat * STEP_CM,
        first_line=-STEP_CM if tingkat else None,
    )
    if tingkat:
        k.tab_stop(para, tingkat * STEP_CM)
        k.run(para, "{{ b.label }}", size=BODY_PT)
        k.run(para, "\t", size=BODY_PT)
    k.styled_runs(para, "b.teks", size=BODY_PT)


def loop_table(doc, widths, headers, loop: str, cells) -> None:
    """A header row, then one row repeated for each item of `loop` (`s in lampiran.x`)."""
    tbl = k.table(doc, 4, widths)
    header_row(tbl, 0, headers)
    tag_row(tbl, 1, f"{{%tr for {loop} %}}")
    body_row(tbl, 2, cells)
    tag_row(tbl, 3, "{%tr endfor %}")


def table_sakip(doc) -> None:
    loop_table(
        doc,
        [0.9, 1.8, 2.2, TABLE_WIDTH_CM - 4.9],
        ["No", "Kategori", "Nilai Angka", "Interpretasi"],
        "s in lampiran.skala_sakip",
        [
            ("{{ s.no }}", k.CENTER),
            ("{{ s.kategori }}", k.CENTER),
            ("{{ s.nilai }}", k.CENTER),
            ("{{ s.interpretasi }}", k.LEFT),
        ],
    )


def table_ikm(doc) -> None:
    loop_table(
        doc,
        [2.5, 3.3, 3.5, 2.6, TABLE_WIDTH_CM - 11.9],
        [
            "Nilai Persepsi",
            "Nilai Interval",
            "Nilai Interval Konversi",
            "Mutu Pelayanan",
            "Kinerja Unit",
        ],
        "s in lampiran.skala_ikm",
        [
            ("{{ s.persepsi }}", k.CENTER),
            ("{{ s.interval }}", k.CENTER),
            ("{{ s.konversi }}", k.CENTER),
            ("{{ s.mutu }}", k.CENTER),
            ("{{ s.kinerja }}", k.CENTER),
        ],
    )


def table_renstra(doc) -> None:
    """Years as columns (`{%tc for %}` between two tag columns that rendering removes)."""
    year = 1.6
    tag = 0.3
    widths = [0.9, TABLE_WIDTH_CM - 0.9 - 6 * year, tag, year, tag]
    tbl = k.table(doc, 5, widths)
    top, years = tbl.rows[0], tbl.rows[1]
    for row, labels in ((top, ["No.", "Indikator Sasaran"]), (years, [None, None])):
        for cell, label in zip(row.cells[:2], labels, strict=True):
            if label:
                k.cell_paragraph(cell, label, bold=True, align=k.CENTER, size=TABLE_PT)
            k.valign(cell, "center")
            k.shade(cell)
            k.fixed_vmerge(cell, "restart" if label else "continue")
    k.cell_paragraph(
        top.cells[2],
        "{% colspan b.renstra.jumlah_tahun %}Target Kinerja Tujuan/ Sasaran Pada Tahun",
        bold=True,
        align=k.CENTER,
        size=TABLE_PT,
    )
    k.shade(top.cells[2])
    k.merge_right(top, 2, 3)
    k.cell_paragraph(years.cells[2], "{%tc for t in b.renstra.tahun %}", size=TABLE_PT)
    k.cell_paragraph(years.cells[3], "{{ t }}", bold=True, align=k.CENTER, size=TABLE_PT)
    k.shade(years.cells[3])
    k.cell_paragraph(years.cells[4], "{%tc endfor %}", size=TABLE_PT)
    for row in (top, years):
        k.repeat_header(row)
        k.cant_split(row)
    tag_row(tbl, 2, "{%tr for r in b.renstra.baris %}")
    body = tbl.rows[3]
    k.cell_paragraph(body.cells[0], "{{ r.no }}", align=k.CENTER, size=TABLE_PT)
    k.cell_paragraph(body.cells[1], "{{ r.indikator }}", size=TABLE_PT)
    k.cell_paragraph(body.cells[2], "{%tc for v in r.nilai %}", size=TABLE_PT)
    k.cell_paragraph(body.cells[3], "{{ v }}", align=k.CENTER, size=TABLE_PT)
    k.cell_paragraph(body.cells[4], "{%tc endfor %}", size=TABLE_PT)
    for cell in body.cells:
        k.valign(cell, "center")
    k.cant_split(body)
    tag_row(tbl, 4, "{%tr endfor %}")


def table_baseline(doc) -> None:
    widths = [0.9, TABLE_WIDTH_CM - 7.9, 4.0, 3.0]
    tbl = k.table(doc, 4, widths)
    header_row(
        tbl,
        0,
        [
            "No.",
            "Indikator Kinerja",
            "{{ b.baseline.judul_baseline }}",
            "{{ b.baseline.judul_target }}",
        ],
    )
    tag_row(tbl, 1, "{%tr for r in b.baseline.baris %}")

    def baseline(para) -> None:
        k.run(para, "{{ r.baseline_target }}", size=TABLE_PT)
        cell = para._parent
        k.cell_paragraph(cell, "{%p if r.baseline_realisasi %}", size=TABLE_PT)
        k.cell_paragraph(cell, "{{ r.baseline_realisasi }}", size=TABLE_PT)
        k.cell_paragraph(cell, "{%p endif %}", size=TABLE_PT)

    body_row(
        tbl,
        2,
        [
            ("{{ r.no }}", k.CENTER),
            ("{{ r.indikator }}", k.LEFT),
            (baseline, k.LEFT),
            ("{{ r.target }}", k.CENTER),
        ],
    )
    tag_row(tbl, 3, "{%tr endfor %}")


def table_survei(doc) -> None:
    """Groups of services: a title row, the services, and the computed group row."""
    widths = [0.9, TEXT_WIDTH_CM - 10.4, 2.1, 1.4, 1.7, 1.8, 2.5]  # the widest: full width
    tbl = k.table(doc, 8, widths)
    header_row(
        tbl,
        0,
        [
            "No",
            "Jenis Layanan",
            "Jumlah Responden",
            "IKM",
            "Nilai Konversi",
            "Mutu Layanan",
            "Kinerja Layanan",
        ],
        size=GRID_PT,
    )
    tag_row(tbl, 1, "{%tr for g in b.survei %}")
    title = tbl.rows[2]
    k.cell_paragraph(title.cells[0], "{{ g.judul }}", bold=True, size=TABLE_PT)
    k.merge_right(title, 0, 7)
    k.cant_split(title)
    for para in title.cells[0].paragraphs:
        para.paragraph_format.keep_with_next = True
    tag_row(tbl, 3, "{%tr for s in g.layanan %}")
    cells = [
        ("{{ s.no }}", k.CENTER),
        ("{{ s.layanan }}", k.LEFT),
        ("{{ s.responden }}", k.CENTER),
        ("{{ s.ikm }}", k.CENTER),
        ("{{ s.konversi }}", k.CENTER),
        ("{{ s.mutu }}", k.CENTER),
        ("{{ s.kinerja }}", k.CENTER),
    ]
    body_row(tbl, 4, cells)
    tag_row(tbl, 5, "{%tr endfor %}")
    summary = tbl.rows[6]
    for cell, text in zip(
        summary.cells,
        [
            "{{ g.ringkasan.layanan }}",
            None,
            "{{ g.ringkasan.responden }}",
            "{{ g.ringkasan.ikm }}",
            "{{ g.ringkasan.konversi }}",
            "{{ g.ringkasan.mutu }}",
            "{{ g.ringkasan.kinerja }}",
        ],
        strict=True,
    ):
        if text:
            k.cell_paragraph(cell, text, bold=True, align=k.CENTER, size=TABLE_PT)
            k.shade(cell, "F2F2F2")
    k.merge_right(summary, 0, 2)
    k.cant_split(summary)
    tag_row(tbl, 7, "{%tr endfor %}")


def table_komponen(doc) -> None:
    """The components of a computed percentage, their sum, then the formula."""
    widths = [0.9, TABLE_WIDTH_CM - 4.4, 3.5]
    tbl = k.table(doc, 5, widths)
    header_row(tbl, 0, ["No", "Kegiatan", "{{ b.komponen.judul_jumlah }}"])
    tag_row(tbl, 1, "{%tr for r in b.komponen.baris %}")
    body_row(
        tbl,
        2,
        [("{{ r.no }}", k.CENTER), ("{{ r.uraian }}", k.LEFT), ("{{ r.jumlah }}", k.RIGHT)],
    )
    tag_row(tbl, 3, "{%tr endfor %}")
    total = tbl.rows[4]
    k.cell_paragraph(total.cells[0], "Jumlah", bold=True, align=k.CENTER, size=TABLE_PT)
    k.cell_paragraph(
        total.cells[2], "{{ b.komponen.jumlah }}", bold=True, align=k.RIGHT, size=TABLE_PT
    )
    k.merge_right(total, 0, 2)
    k.cant_split(total)
    for para in tbl.rows[2].cells[0].paragraphs:
        para.paragraph_format.keep_with_next = True
    indent = (TEXT_WIDTH_CM - TABLE_WIDTH_CM) / 2
    k.paragraph(
        doc, "{{ b.komponen.rumus }}", size=BODY_PT, before=6, left_indent=indent, keep_next=True
    )
    k.paragraph(
        doc, "{{ b.komponen.perhitungan }}", size=BODY_PT, after=6, left_indent=indent + 0.5
    )


TABLES = {
    "skala-sakip": table_sakip,
    "skala-ikm": table_ikm,
    "renstra": table_renstra,
    "baseline": table_baseline,
    "survei": table_survei,
    "komponen": table_komponen,
}


def section_penjelasan(doc) -> None:
    k.paragraph(doc, "{%p if lampiran.penjelasan %}")
    heading(doc, "{{ lampiran.judul_penjelasan }}", before=14)
    k.paragraph(
        doc,
        "(Upaya apa yang harus dilakukan untuk mencapai target indikator)",
        size=BODY_PT,
        after=6,
        keep_next=True,
    )
    k.paragraph(doc, "{%p for b in lampiran.penjelasan %}")
    first = True
    for tingkat in range(MAX_DEPTH + 1):
        kind = "b.jenis in ('butir', 'paragraf')"
        for keep in (False, True):
            condition = (
                f"{kind} and b.tingkat == {tingkat} and {'b.simpan' if keep else 'not b.simpan'}"
            )
            k.paragraph(doc, f"{{%p {'if' if first else 'elif'} {condition} %}}")
            first = False
            narrative_paragraph(doc, tingkat, keep)
    for name, build in TABLES.items():
        k.paragraph(doc, f"{{%p elif b.jenis == '{name}' %}}")
        build(doc)
        k.paragraph(doc, "", size=4)  # air under the table; also separates tables
    k.paragraph(doc, "{%p endif %}")
    k.paragraph(doc, "{%p endfor %}")
    k.paragraph(doc, "{%p endif %}")


# --------------------------------------------------------------------------- section III


def section_roadmap(doc) -> None:
    k.paragraph(doc, "{%p if lampiran.roadmap %}")
    heading(doc, "{{ lampiran.judul_roadmap }}", before=14)
    k.paragraph(
        doc,
        "Roadmap dalam rangka pencapaian target terhadap indikator kinerja:",
        size=BODY_PT,
        after=6,
        keep_next=True,
    )
    k.paragraph(doc, "{%p for r in lampiran.roadmap %}")
    title = k.paragraph(
        doc,
        size=BODY_PT,
        after=4,
        before=12,
        keep_next=True,
        left_indent=STEP_CM,
        first_line=-STEP_CM,
    )
    k.tab_stop(title, STEP_CM)
    k.run(title, "{{ r.no }}\t{{ r.judul }}", size=BODY_PT)
    month = 0.8
    widths = [0.9, TEXT_WIDTH_CM - 0.9 - 12 * month] + [month] * 12
    tbl = k.table(doc, 5, widths)
    top, months = tbl.rows[0], tbl.rows[1]
    for row, labels in ((top, ["No", "URAIAN"]), (months, [None, None])):
        for cell, label in zip(row.cells[:2], labels, strict=True):
            if label:
                k.cell_paragraph(cell, label, bold=True, align=k.CENTER, size=GRID_PT)
            k.valign(cell, "center")
            k.shade(cell)
            k.fixed_vmerge(cell, "restart" if label else "continue")
    k.cell_paragraph(top.cells[2], "BULAN PELAKSANAAN", bold=True, align=k.CENTER, size=GRID_PT)
    k.shade(top.cells[2])
    k.merge_right(top, 2, 12)
    k.month_header_cells(months.cells[2:], MONTHS_SHORT, size=GRID_PT)
    for row in (top, months):
        k.repeat_header(row)
        k.cant_split(row)
    tag_row(tbl, 2, "{%tr for g in r.baris %}")
    body = tbl.rows[3]
    # A grid stays on one page when it fits, and its last row keeps with the signature.
    k.cell_paragraph(
        body.cells[0], "{% keepnext g.simpan %}{{ g.no }}", align=k.CENTER, size=GRID_PT
    )
    k.cell_paragraph(body.cells[1], "{{ g.uraian }}", size=GRID_PT)
    k.valign(body.cells[0], "center")
    k.valign(body.cells[1], "center")
    k.month_cells(body.cells[2:], "g.bulan", size=GRID_PT)
    k.cant_split(body)
    tag_row(tbl, 4, "{%tr endfor %}")
    # No paragraph after the table: the last grid is followed directly by the signature,
    # which its last row keeps with (a paragraph in between would break that chain).
    k.paragraph(doc, "{%p endfor %}")
    k.paragraph(doc, "{%p endif %}")


def closing_signature(doc) -> None:
    """The unit head alone, on the right: jabatan, name, pangkat, NIP; kept together."""
    k.paragraph(doc, "", size=BODY_PT, before=6, keep_next=True)
    lines = [
        ("{{ lampiran.penandatangan.jabatan_kapital }},", {"bold": True}),
        ("", {"height": 2.2}),
        ("{{ lampiran.penandatangan.nama }}", {"bold": True, "underline": True}),
        ("{{ lampiran.penandatangan.pangkat }}", {}),
        ("{{ lampiran.penandatangan.nip_baris }}", {}),
    ]
    tbl = k.table(doc, len(lines), [TEXT_WIDTH_CM - 9.5, 9.5], borders=False)
    for row, (text, style) in zip(tbl.rows, lines, strict=True):
        k.cell_paragraph(
            row.cells[1],
            text,
            align=k.CENTER,
            bold=style.get("bold", False),
            underline=style.get("underline", False),
            size=BODY_PT,
        )
        if "height" in style:
            k.row_height(row, style["height"], "exact")
    k.keep_together(tbl.rows)


def lampiran(doc) -> None:
    """Everything after the formulir, printed only when the agreement has a lampiran."""
    k.paragraph(doc, "{%p if lampiran %}")
    k.paragraph(
        doc, "LAMPIRAN:", bold=True, size=BODY_PT, page_break_before=True, after=6, keep_next=True
    )
    section_perhitungan(doc)
    section_penjelasan(doc)
    section_roadmap(doc)
    closing_signature(doc)
    k.paragraph(doc, "{%p endif %}")
