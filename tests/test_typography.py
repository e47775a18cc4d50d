"""Print typography of rendered documents (generator/templates/typography.py), figures in
narrative text (generator/templates/figures.py), the room for a handwritten day, and the
book's members numbered from their page in the book."""

from __future__ import annotations

import io
import shutil
import zipfile
from decimal import Decimal

import pytest
from conftest import EXAMPLES, SKPD_YAML, TEMPLATES
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from PIL import Image

from generator.build.pipeline import Renderer
from generator.data.loading import load_batch
from generator.domain.formatting import day_room, format_place_date
from generator.pdf.book import numbered_from
from generator.templates.typography import (
    MIN_CELL_PADDING,
    MIN_NAME_SIZE,
    NBSP,
    Face,
    Faces,
    Page,
    fit_one_line,
    keep_headings,
    stretches,
    tie,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
FACES = Faces(Face("Arial", 11.0))


def document_xml(docx: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def texts(root: etree._Element) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


# --------------------------------------------------------------------------- ties


@pytest.mark.parametrize(
    ("text", "tied"),
    [
        ("b) Realisasi : 63,3 (B)", f"b) Realisasi : 63,3{NBSP}(B)"),
        ("80,50 (BB) dan 66 (A)", f"80,50{NBSP}(BB) dan 66{NBSP}(A)"),
        ("Rp. 100.727.519.299", f"Rp.{NBSP}100.727.519.299"),
        ("Rp 5.000", f"Rp{NBSP}5.000"),
        ("NIP. 19790317 199912 1 001", f"NIP.{NBSP}19790317{NBSP}199912{NBSP}1{NBSP}001"),
        ("(Pimbangkom LAN RI)", f"(Pimbangkom LAN{NBSP}RI)"),
        ("Medan Kode Pos 20112", f"Medan Kode{NBSP}Pos{NBSP}20112"),
        ("Program (Sasaran) umum", "Program (Sasaran) umum"),  # a word in parentheses
    ],
)
def test_a_line_never_breaks_inside_a_tied_group(text, tied):
    assert tie(text) == tied


@given(st.text(alphabet=st.sampled_from("0123456789 ,.()ABRpNIP:x"), max_size=60))
def test_ties_only_turn_spaces_into_non_breaking_spaces(text):
    assert tie(text).replace(NBSP, " ") == text
    assert tie(tie(text)) == tie(text)


# --------------------------------------------------------------------------- documents


@pytest.fixture
def rendered(year_folder) -> etree._Element:
    batch = load_batch([year_folder(dprd=SKPD_YAML)])
    return document_xml(Renderer(TEMPLATES).render(batch.agreements[0]))


def test_amounts_nips_and_categories_are_tied_in_the_document(rendered):
    joined = "\n".join(texts(rendered))
    assert f"Rp.{NBSP}100.727.519.299" in joined
    assert f"NIP.{NBSP}19790317{NBSP}199912{NBSP}1{NBSP}001" in joined
    assert f"66{NBSP}(B)" in joined


def test_every_cell_has_at_least_one_and_a_half_millimetres_of_padding(rendered):
    tables = list(rendered.iter(f"{W}tbl"))
    assert len(tables) >= 5
    for tbl in tables:
        for side in ("left", "right"):
            margin = tbl.find(f"{W}tblPr/{W}tblCellMar/{W}{side}")
            assert margin is not None and int(margin.get(f"{W}w")) >= MIN_CELL_PADDING


def test_the_place_and_date_leave_room_for_the_day_written_by_hand(rendered):
    assert f"Medan,{NBSP * 6} Januari 2022" in texts(rendered)


def test_a_table_header_row_keeps_with_the_row_under_it(rendered):
    for tbl in rendered.iter(f"{W}tbl"):
        rows = tbl.findall(f"{W}tr")
        if rows and rows[0].find(f"{W}trPr/{W}tblHeader") is not None and len(rows) > 1:
            assert rows[0].find(f"{W}trPr/{W}cantSplit") is not None
            assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in rows[0].iter(f"{W}p"))


def test_the_room_for_the_day_is_configured_in_pemda_yaml(year_folder):
    from conftest import PEMDA_YAML

    pemda = PEMDA_YAML + "format:\n  ruang_tanggal: 0\n"
    batch = load_batch([year_folder(pemda=pemda, dprd=SKPD_YAML)])
    root = document_xml(Renderer(TEMPLATES).render(batch.agreements[0]))
    assert "Medan, Januari 2022" in texts(root)


def test_day_room_only_when_the_day_is_not_given():
    assert day_room(1, None, 3) == NBSP * 3 + " "
    assert day_room(1, 10, 3) == ""
    assert day_room(None, None, 3) == ""
    assert format_place_date("Medan", 2022, 1, room=2) == f"Medan,{NBSP * 2} Januari 2022"
    assert format_place_date("Medan", 2022, 1, 5, room=2) == "Medan, 5 Januari 2022"


# --------------------------------------------------------------------------- one line


def signature_table(left: str, right: str, width: int = 4677) -> etree._Element:
    cells = "".join(
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p><w:pPr>'
        f'<w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>{name}</w:t></w:r>'
        "</w:p></w:tc>"
        for name in (left, right)
    )
    return etree.fromstring(
        f'<w:tbl xmlns:w="{W_NS}"><w:tblPr><w:jc w:val="center"/>'
        f'<w:tblW w:w="{2 * width}" w:type="dxa"/></w:tblPr><w:tblGrid>'
        f'<w:gridCol w:w="{width}"/><w:gridCol w:w="{width}"/></w:tblGrid>'
        f"<w:tr>{cells}</w:tr></w:tbl>"
    )


def widths_and_sizes(tbl: etree._Element) -> tuple[list[int], list[float]]:
    widths = [int(c.get(f"{W}w")) for c in tbl.iter(f"{W}gridCol")]
    sizes = []
    for run in tbl.iter(f"{W}r"):
        size = run.find(f"{W}rPr/{W}sz")
        sizes.append(int(size.get(f"{W}val")) / 2 if size is not None else 11.0)
    return widths, sizes


def test_two_long_names_widen_their_columns_into_the_margins_before_any_shrinks():
    left, right = (
        "MUHAMMAD ALI SIPAHUTAR, S.S.T.P., M.A.P.",
        "H. ACHMAD SURYADI, S.H., M.Si., M.A.P.",
    )
    tbl = signature_table(left, right)
    page = Page()
    fit_one_line(tbl, page, (85, 85), FACES, {left, right})
    widths, sizes = widths_and_sizes(tbl)
    assert sizes == [11.0, 11.0]
    assert page.text_width < sum(widths) <= page.widest_table
    for width, name in zip(widths, (left, right), strict=True):
        assert Face("Arial", 11.0, bold=True).width(name) * 20 + 170 <= width


def test_a_name_too_long_for_the_page_shrinks_a_step_at_a_time_and_alone():
    long = "Dr. Ir. MUHAMMAD SOFYAN SYAHPUTRA SIREGAR, S.T., M.T., M.Si."
    other = "MUHAMMAD BOBBY AFIF NASUTION, S.E., M.M."
    tbl = signature_table(other, long)
    page = Page()
    fit_one_line(tbl, page, (85, 85), FACES, {long, other})
    widths, (other_size, long_size) = widths_and_sizes(tbl)
    assert MIN_NAME_SIZE <= long_size < 11.0
    assert (long_size * 2) % 1 == 0  # whole half points
    assert sum(widths) <= page.widest_table
    assert Face("Arial", long_size, bold=True).width(long) * 20 + 170 <= widths[1]
    assert other_size >= long_size


def test_names_that_fit_leave_the_table_as_it_was():
    tbl = signature_table("MOHAMMAD IDRIS", "Drs. HENDRA SETIADI, M.Si.")
    before = etree.tostring(tbl)
    fit_one_line(tbl, Page(), (85, 85), FACES, {"MOHAMMAD IDRIS", "Drs. HENDRA SETIADI, M.Si."})
    assert etree.tostring(tbl) == before


# --------------------------------------------------------------------------- justification, keeping


def paragraph(text: str, *, jc: str = "both", keep: bool = False, bold: bool = False):
    keep_xml = "<w:keepNext/>" if keep else ""
    bold_xml = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return etree.fromstring(
        f'<w:p xmlns:w="{W_NS}"><w:pPr>{keep_xml}<w:jc w:val="{jc}"/></w:pPr>'
        f"<w:r>{bold_xml}<w:t>{text}</w:t></w:r></w:p>"
    )


def test_a_justified_line_that_would_stretch_is_detected_and_an_even_one_is_not():
    even = paragraph(" ".join(["kata"] * 120))
    assert not stretches(even, 9355, FACES)
    # A long unbreakable word at a line end leaves the line before it with wide gaps.
    ragged = paragraph(
        "Rencana Kerja " + "PelaksanaanReformasiBirokrasiDinasKomunikasi" * 2 + " a b"
    )
    assert stretches(ragged, 9355, FACES)


def test_a_long_kept_chain_keeps_only_its_heads_and_its_last_paragraph():
    body = [
        paragraph("MEMUTUSKAN", jc="center", keep=True, bold=True),
        paragraph("Menetapkan :", jc="left", keep=True),
        *[paragraph(f"KESATU{n} " + "isi diktum yang panjang " * 12, keep=True) for n in range(6)],
        paragraph("tanda tangan", jc="left"),
    ]
    keep_headings([(p, Page()) for p in body], FACES)
    kept = [p.find(f"{W}pPr/{W}keepNext") is not None for p in body]
    assert kept == [True, True, False, False, False, False, False, True, False]


def test_a_short_kept_chain_stays_whole():
    body = [
        paragraph("Judul", keep=True, bold=True),
        paragraph("satu", keep=True),
        paragraph("dua"),
    ]
    keep_headings([(p, Page()) for p in body], FACES)
    assert [p.find(f"{W}pPr/{W}keepNext") is not None for p in body] == [True, True, False]


# --------------------------------------------------------------------------- figures


FIGURE_YAML = SKPD_YAML + (
    "lampiran:\n"
    "  penjelasan:\n"
    "    - paragraf: Model ini dapat digambarkan sebagai berikut.\n"
    "    - gambar: model.png\n"
    "      lebar: 10\n"
    "      keterangan: Gambar 1. Model\n"
)


def test_a_figure_whose_file_is_missing_is_an_error_at_its_line(year_folder):
    folder = year_folder(dprd=FIGURE_YAML)
    problems = [str(p) for p in load_batch([folder]).problems]
    assert (
        f"{folder / 'dprd.yaml'}:24: lampiran.penjelasan[1].gambar: berkas 'model.png' tidak ditemukan"
        in problems
    )


def test_a_figure_that_is_no_image_is_an_error(year_folder):
    folder = year_folder(dprd=FIGURE_YAML)
    (folder / "model.png").write_text("bukan gambar", encoding="utf-8")
    problems = [str(p) for p in load_batch([folder]).problems]
    assert any(
        "lampiran.penjelasan[1].gambar: berkas 'model.png' tidak bisa dibaca sebagai gambar" in p
        for p in problems
    )


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("    - gambar: ../model.png\n", "tulis nama berkas di folder ini"),
        ("    - gambar: model.gif\n", "gambar harus berkas PNG atau JPG"),
        ("    - gambar: model.png\n      lebar: 30\n", "harus antara 1 dan 16 cm"),
        (
            "    - paragraf: Teks\n      lebar: 10\n",
            "lebar dan keterangan hanya berlaku untuk gambar",
        ),
    ],
)
def test_figure_fields_are_checked(year_folder, block, message):
    text = SKPD_YAML + "lampiran:\n  penjelasan:\n" + block
    problems = [str(p) for p in load_batch([year_folder(dprd=text)]).problems]
    assert any(message in p for p in problems), problems


def test_a_figure_is_embedded_centred_at_its_width_with_its_caption(year_folder):
    folder = year_folder(dprd=FIGURE_YAML)
    Image.new("RGB", (400, 200), "steelblue").save(folder / "model.png")
    batch = load_batch([folder])
    docx = Renderer(TEMPLATES).render(batch.agreements[0])
    root = document_xml(docx)
    extents = [e for e in root.iter("{*}extent")]
    figure = [e for e in extents if e.get("cx") == str(10 * 360000)]
    assert figure and figure[0].get("cy") == str(5 * 360000)
    captions = [p for p in root.iter(f"{W}p") if "Gambar 1. Model" in "".join(texts(p))]
    assert captions and captions[0].find(f"{W}pPr/{W}jc").get(f"{W}val") == "center"
    assert not any("\u2063" in t for t in texts(root))
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        names = archive.namelist()
        rels = archive.read("word/_rels/document.xml.rels").decode()
        types = archive.read("[Content_Types].xml").decode()
    assert "word/media/pkgen-gambar-1.png" in names
    assert 'Target="media/pkgen-gambar-1.png"' in rels
    assert 'Extension="png"' in types


def test_the_depok_rb_shared_text_shows_its_model_as_a_figure(tmp_path):
    folder = tmp_path / "kota-depok"
    shutil.copytree(EXAMPLES / "kota-depok", folder)
    batch = load_batch([folder])
    root = document_xml(Renderer(TEMPLATES).render(batch.agreements[0]))
    body = texts(root)
    model = next(i for i, t in enumerate(body) if t.endswith("digambarkan sebagai berikut:"))
    assert body[model + 1] == ""  # the picture's paragraph
    assert body[model + 2].startswith("Gambar 1.")
    (folder / "model-reformasi-birokrasi.png").unlink()
    problems = [str(p) for p in load_batch([folder]).problems]
    assert any(
        "_rencana-kerja-rb.yaml:" in p
        and ".gambar: berkas 'model-reformasi-birokrasi.png' tidak ditemukan" in p
        for p in problems
    ), problems


# --------------------------------------------------------------------------- book


def test_a_book_member_is_numbered_from_its_first_page_in_the_book(year_folder):
    batch = load_batch([year_folder(dprd=SKPD_YAML)])
    docx = Renderer(TEMPLATES).render(batch.agreements[0])
    numbered = numbered_from(docx, 11)
    section = next(document_xml(numbered).iter(f"{W}sectPr"))
    assert section.find(f"{W}pgNumType").get(f"{W}start") == "11"
    children = [etree.QName(c).localname for c in section]
    assert children.index("pgNumType") < children.index("cols")
    again = next(document_xml(numbered_from(numbered, 3)).iter(f"{W}sectPr"))
    assert [c.get(f"{W}start") for c in again.iter(f"{W}pgNumType")] == ["3"]


def test_figure_width_is_decimal_cm(year_folder):
    folder = year_folder(dprd=FIGURE_YAML.replace("lebar: 10", "lebar: 7,5"))
    Image.new("RGB", (300, 300), "white").save(folder / "model.png")
    agreement = load_batch([folder]).agreements[0]
    assert agreement.model.lampiran.penjelasan[1].lebar == Decimal("7.5")
