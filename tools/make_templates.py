"""Build the default templates shipped in `templates/`.

The .docx files are the source of truth users edit in Word or LibreOffice; this script
only (re)creates pkgen's defaults: `python tools/make_templates.py`. It writes the Jinja
tags the context dataclasses in `generator/context/` provide, and `pkgen check` verifies
any edited template against them.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from docx import Document
from docx.shared import Cm
from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parent))

import docxkit as k
import template_lampiran

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
TEXT_WIDTH_CM = 16.5  # A4 21 cm minus 2,5 cm left and 2 cm right margins


def placeholder_logo(size: int = 360, label: str = "LOGO") -> bytes:
    """A neutral shield emblem drawn here; pemda.yaml points at the real logo."""
    image = Image.new("RGBA", (size, int(size * 1.15)), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    w, h = image.size
    shield = [
        (w * 0.08, h * 0.05),
        (w * 0.92, h * 0.05),
        (w * 0.92, h * 0.55),
        (w * 0.5, h * 0.97),
        (w * 0.08, h * 0.55),
    ]
    draw.polygon(shield, fill=(20, 82, 45, 255), outline=(212, 175, 55, 255))
    draw.line([*shield, shield[0]], fill=(212, 175, 55, 255), width=max(4, size // 40))
    inner = [(x * 0.8 + w * 0.1, y * 0.8 + h * 0.08) for x, y in shield]
    draw.polygon(inner, outline=(212, 175, 55, 255))
    draw.ellipse((w * 0.36, h * 0.18, w * 0.64, h * 0.42), fill=(212, 175, 55, 255))
    try:
        font = ImageFont.truetype(
            "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf", size // 7
        )
    except OSError:
        font = ImageFont.load_default()
    box = draw.textbbox((0, 0), label, font=font)
    draw.text(((w - (box[2] - box[0])) / 2, h * 0.52), label, font=font, fill=(255, 255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def kop_surat(doc) -> None:
    """Logo left, pemda and unit centred, contact lines small, thick-over-thin rule."""
    # A third, empty column as wide as the logo keeps the text centred on the page.
    tbl = k.table(doc, 1, [2.4, TEXT_WIDTH_CM - 4.8, 2.4], borders=False)
    logo_cell, text_cell, _ = tbl.rows[0].cells
    k.valign(logo_cell, "center")
    k.valign(text_cell, "center")
    para = logo_cell.paragraphs[0]
    para.alignment = k.CENTER
    picture = para.add_run().add_picture(io.BytesIO(placeholder_logo()), width=Cm(2.1))
    doc_pr = picture._inline.docPr
    doc_pr.set("descr", "logo")
    doc_pr.set("name", "logo")
    k.cell_paragraph(text_cell, "{{ kop.pemerintah }}", bold=True, size=13, align=k.CENTER)
    k.paragraph(text_cell, "{{ kop.unit }}", bold=True, size=13.5, align=k.CENTER)
    k.paragraph(text_cell, "{{ kop.alamat }}", size=9.5, align=k.CENTER)
    k.paragraph(text_cell, "{%p if kop.kontak %}", size=9.5)
    k.paragraph(text_cell, "{{ kop.kontak }}", size=9.5, align=k.CENTER)
    k.paragraph(text_cell, "{%p endif %}", size=9.5)
    k.paragraph(text_cell, "{%p if kop.daring %}", size=9.5)
    k.paragraph(text_cell, "{{ kop.daring }}", size=9.5, align=k.CENTER)
    k.paragraph(text_cell, "{%p endif %}", size=9.5)
    rule = k.paragraph(doc, "", size=4, after=10)
    k.bottom_rule(rule)


def identity(doc, who: str) -> None:
    tbl = k.table(doc, 2, [2.5, 0.6, TEXT_WIDTH_CM - 3.1 - 0.5], borders=False, align_center=False)
    for row, (label, value) in zip(
        tbl.rows,
        (("Nama", f"{{{{ {who}.nama }}}}"), ("Jabatan", f"{{{{ {who}.jabatan_kapital }}}}")),
        strict=True,
    ):
        k.cell_paragraph(row.cells[0], label, after=3)
        k.cell_paragraph(row.cells[1], ":", after=3)
        k.cell_paragraph(row.cells[2], value, after=3)
        k.cant_split(row)


def signature_block(doc, *, with_labels: bool, date_row: bool = True) -> None:
    """Pihak Kedua left, Pihak Pertama right; one row per line so columns stay aligned.

    The whole block keeps together on one page (rows never split, each row keeps with
    the next), and it starts with the place and date so the date never sits alone.
    """
    lines: list[tuple[str, str, dict]] = []
    if date_row:
        lines.append(("", "{{ tempat_tanggal }}", {}))
    if with_labels:
        lines.append(("Pihak Kedua,", "Pihak Pertama,", {}))
    lines += [
        (
            "{{ pihak_kedua.jabatan_kapital }},",
            "{{ pihak_pertama.jabatan_kapital }},",
            {"bold": True},
        ),
        ("", "", {"height": 2.4}),
        (
            "{{ pihak_kedua.nama }}",
            "{{ pihak_pertama.nama }}",
            {"bold": True, "underline": True, "size": 11},
        ),
        ("{{ pihak_kedua.pangkat }}", "{{ pihak_pertama.pangkat }}", {}),
        ("{{ pihak_kedua.nip_baris }}", "{{ pihak_pertama.nip_baris }}", {}),
    ]
    half = TEXT_WIDTH_CM / 2
    tbl = k.table(doc, len(lines), [half, half], borders=False)
    for row, (left, right, style) in zip(tbl.rows, lines, strict=True):
        for cell, text in ((row.cells[0], left), (row.cells[1], right)):
            k.cell_paragraph(
                cell,
                text,
                align=k.CENTER,
                bold=style.get("bold", False),
                underline=style.get("underline", False),
                size=style.get("size"),
            )
        if "height" in style:
            k.row_height(row, style["height"], "exact")
    k.keep_together(tbl.rows)


def pernyataan(doc) -> None:
    title = k.paragraph(doc, "{{ judul }}", bold=True, size=12, align=k.CENTER, after=14)
    k.outline_level(title)  # bookmark "Pernyataan" (DocumentKind.parts)
    k.paragraph(
        doc,
        "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel serta "
        "berorientasi pada hasil, kami yang bertanda tangan di bawah ini:",
        align=k.JUSTIFY,
        after=8,
        line=1.15,
    )
    identity(doc, "pihak_pertama")
    k.paragraph(doc, "Selanjutnya disebut pihak pertama.", after=8, before=4)
    identity(doc, "pihak_kedua")
    k.paragraph(
        doc, "Selaku atasan pihak pertama, selanjutnya disebut pihak kedua.", after=8, before=4
    )
    # A PK Perubahan says which PK it changes, why, and that the earlier one lapses.
    k.paragraph(doc, "{%p for alinea in perubahan_alinea %}")
    k.paragraph(doc, "{{ alinea }}", align=k.JUSTIFY, after=8, line=1.15)
    k.paragraph(doc, "{%p endfor %}")
    k.paragraph(
        doc,
        "Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran perjanjian "
        "ini, dalam rangka mencapai target kinerja jangka menengah seperti yang telah ditetapkan dalam "
        "dokumen perencanaan. Keberhasilan dan kegagalan pencapaian target kinerja tersebut menjadi "
        "tanggung jawab kami.",
        align=k.JUSTIFY,
        after=8,
        line=1.15,
    )
    k.paragraph(
        doc,
        "Pihak kedua akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi terhadap "
        "capaian kinerja dari perjanjian ini dan mengambil tindakan yang diperlukan dalam rangka "
        "pemberian penghargaan dan sanksi.",
        align=k.JUSTIFY,
        after=14,
        line=1.15,
    )
    signature_block(doc, with_labels=True)


def header_row(
    tbl, index: int, labels, *, shade: bool = True, bold: bool = True, size: float = 11
) -> None:
    row = tbl.rows[index]
    for cell, label in zip(row.cells, labels, strict=True):
        k.cell_paragraph(cell, label, bold=bold, align=k.CENTER, size=size)
        k.valign(cell, "center")
        if shade:
            k.shade(cell)
    k.repeat_header(row)
    k.cant_split(row)


def loop_rows(
    tbl, first: int, loop: str, cells, *, size: float = 11, keep_next: bool = False
) -> None:
    """Rows `first`..`first+2`: `{%tr for %}`, the repeated row, `{%tr endfor %}`."""
    k.cell_paragraph(tbl.rows[first].cells[0], f"{{%tr for {loop} %}}", size=size)
    body = tbl.rows[first + 1]
    for cell, (text, align) in zip(body.cells, cells, strict=True):
        k.cell_paragraph(cell, text, align=align, size=size, keep_next=keep_next)
        k.valign(cell, "top")
    k.cant_split(body)
    k.cell_paragraph(tbl.rows[first + 2].cells[0], "{%tr endfor %}", size=size)


def formulir(doc) -> None:
    title = k.paragraph(doc, "{{ judul }}", bold=True, align=k.CENTER, page_break_before=True)
    k.outline_level(title)  # bookmark "Formulir" (DocumentKind.parts)
    k.paragraph(doc, "{{ unit_nama_kapital }}", bold=True, align=k.CENTER, after=12)
    widths = [1.1, 5.6, 6.6, TEXT_WIDTH_CM - 13.3]
    tbl = k.table(doc, 5, widths)
    header_row(tbl, 0, ["No", "Sasaran Strategis", "Indikator Kinerja", "Target"])
    header_row(tbl, 1, ["(1)", "(2)", "(3)", "(4)"], bold=False, size=9)
    loop_rows(
        tbl,
        2,
        "row in baris_target",
        [
            ("{% vmerge row.sasaran_key %}{{ row.no }}", k.CENTER),
            ("{% vmerge row.sasaran_key %}{{ row.sasaran }}", k.LEFT),
            ("{{ row.indikator }}", k.LEFT),
            ("{{ row.target }}", k.CENTER),
        ],
    )
    k.paragraph(doc, "", after=10)
    widths = [1.1, 8.4, 4.2, TEXT_WIDTH_CM - 13.7]
    tbl = k.table(doc, 5, widths)
    header_row(tbl, 0, ["No", "Program", "Anggaran", "Keterangan"])
    loop_rows(
        tbl,
        1,
        "p in baris_program",
        [
            ("{% keepnext loop.last %}{{ p.no }}", k.CENTER),
            ("{{ p.nama }}", k.LEFT),
            ("{{ p.anggaran }}", k.RIGHT),
            ("{{ p.keterangan }}", k.CENTER),
        ],
    )
    total = tbl.rows[4]
    k.cell_paragraph(total.cells[0], "JUMLAH", bold=True, align=k.CENTER)
    k.cell_paragraph(total.cells[2], "{{ total_anggaran }}", bold=True, align=k.RIGHT)
    k.merge_right(total, 0, 2)
    k.cant_split(total)
    for cell in total.cells:
        for para in cell.paragraphs:
            para.paragraph_format.keep_with_next = True
    k.paragraph(doc, "", after=10, keep_next=True)
    signature_block(doc, with_labels=False)


def footer_page_number(doc) -> None:
    footer = doc.sections[0].footer
    para = footer.paragraphs[0]
    para.alignment = k.RIGHT
    k.field(para, "PAGE", size=9)


def build_perjanjian_kinerja(path: Path) -> None:
    doc = Document()
    k.setup_document(doc)
    doc.core_properties.title = "Perjanjian Kinerja"
    doc.core_properties.author = "pkgen"
    kop_surat(doc)
    pernyataan(doc)
    formulir(doc)
    template_lampiran.lampiran(doc)
    footer_page_number(doc)
    k.save(doc, path)


def main() -> None:
    TEMPLATES.mkdir(exist_ok=True)
    build_perjanjian_kinerja(TEMPLATES / "perjanjian-kinerja.docx")
    print(f"ditulis: {TEMPLATES / 'perjanjian-kinerja.docx'}")
    from template_rencana_kerja import build_rencana_kerja_rb

    build_rencana_kerja_rb(TEMPLATES / "rencana-kerja-rb.docx")
    print(f"ditulis: {TEMPLATES / 'rencana-kerja-rb.docx'}")
    from template_daftar_perubahan import build_daftar_perubahan

    build_daftar_perubahan(TEMPLATES / "daftar-perubahan.docx")
    print(f"ditulis: {TEMPLATES / 'daftar-perubahan.docx'}")


if __name__ == "__main__":
    main()
