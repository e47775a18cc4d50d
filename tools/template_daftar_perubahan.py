"""Build `templates/daftar-perubahan.docx`: the list of changes attached to a PK Perubahan.

Called by `tools/make_templates.py`; the tags it writes are the fields of
`generator.revision.outputs.DaftarPerubahanContext`. A4 landscape, no kop: title, the
table `No | SKPD | Bagian | Uraian | Semula | Menjadi | Selisih` (No and SKPD merged over
the rows of one SKPD, header repeated on every page), summary, place and date.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document

sys.path.insert(0, str(Path(__file__).resolve().parent))

import docxkit as k

TEXT_WIDTH_CM = 29.7 - 2.5 - 2.0
TABLE_SIZE = 9
WIDTHS = [0.9, 3.8, 2.8, 6.9, 3.5, 3.5, 3.8]


def build_daftar_perubahan(path: Path) -> None:
    doc = Document()
    k.setup_document(doc, size=11, landscape=True)
    doc.core_properties.title = "Daftar Perubahan Perjanjian Kinerja"
    doc.core_properties.author = "pkgen"
    k.paragraph(doc, "{{ judul }}", bold=True, size=12, align=k.CENTER)
    k.paragraph(doc, "{%p if pemerintah %}")
    k.paragraph(doc, "{{ pemerintah }}", bold=True, size=12, align=k.CENTER)
    k.paragraph(doc, "{%p endif %}")
    k.paragraph(doc, "", after=8)

    tbl = k.table(doc, 5, WIDTHS)
    labels = ["No", "SKPD", "Bagian", "Uraian", "Semula", "Menjadi", "Selisih"]
    for index, row_labels in enumerate(
        (labels, [f"({n})" for n in range(1, len(labels) + 1)]),
    ):
        row = tbl.rows[index]
        for cell, label in zip(row.cells, row_labels, strict=True):
            k.cell_paragraph(
                cell, label, bold=index == 0, align=k.CENTER, size=TABLE_SIZE if index else 10
            )
            k.valign(cell, "center")
            k.shade(cell)
        k.repeat_header(row)
        k.cant_split(row)
    k.cell_paragraph(tbl.rows[2].cells[0], "{%tr for r in baris %}", size=TABLE_SIZE)
    body = tbl.rows[3]
    cells = [
        ("{% vmerge r.skpd_key %}{{ r.no }}", k.CENTER),
        ("{% vmerge r.skpd_key %}{{ r.skpd }}", k.LEFT),
        ("{{ r.bagian }}", k.LEFT),
        ("{{ r.uraian }}", k.LEFT),
        ("{{ r.semula }}", k.LEFT),
        ("{{ r.menjadi }}", k.LEFT),
        ("{{ r.selisih }}", k.RIGHT),
    ]
    for cell, (text, align) in zip(body.cells, cells, strict=True):
        k.cell_paragraph(cell, text, align=align, size=TABLE_SIZE)
        k.valign(cell, "top")
    k.cant_split(body)
    k.cell_paragraph(tbl.rows[4].cells[0], "{%tr endfor %}", size=TABLE_SIZE)

    k.paragraph(doc, "{%p if kosong %}")
    k.paragraph(doc, "Tidak ada perubahan.", italic=True, before=6)
    k.paragraph(doc, "{%p endif %}")
    k.paragraph(doc, "{{ ringkasan }}", size=10, before=8)
    k.paragraph(doc, "{{ tempat_tanggal }}", align=k.RIGHT, before=14)

    footer = doc.sections[0].footer.paragraphs[0]
    footer.alignment = k.RIGHT
    k.field(footer, "PAGE", size=9)
    k.save(doc, path)
