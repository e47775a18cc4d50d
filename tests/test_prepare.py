"""Template preparation: the tags of a part as Word and LibreOffice write them, turned into
Jinja. Templates here are small .docx files written from XML, rendered with the real
renderer and read back."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from generator.errors import RenderError
from generator.templates.prepare import prepare_part, straighten_quotes
from generator.templates.render import CompiledTemplate

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def document(*body: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W}"><w:body>{"".join(body)}</w:body></w:document>'
    ).encode()


def p(*runs: str, props: str = "") -> str:
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{''.join(runs)}</w:p>"


def r(text: str, *, bold: bool = False, raw: bool = False) -> str:
    style = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{style}<w:t xml:space="preserve">{text if raw else escape(text)}</w:t></w:r>'


def tc(*paragraphs: str, props: str = "") -> str:
    return f"<w:tc>{f'<w:tcPr>{props}</w:tcPr>' if props else ''}{''.join(paragraphs)}</w:tc>"


def tr(*cells: str) -> str:
    return f"<w:tr>{''.join(cells)}</w:tr>"


def tbl(*rows: str) -> str:
    return f"<w:tbl>{''.join(rows)}</w:tbl>"


def write_docx(folder: Path, xml: bytes) -> Path:
    path = folder / "templat.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", xml)
    return path


def render(xml: bytes, **context: Any) -> Any:
    """The rendered document.xml as a tree."""
    with tempfile.TemporaryDirectory() as folder:
        data = CompiledTemplate(write_docx(Path(folder), xml)).render(context)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def texts(root: Any) -> list[str]:
    """Every paragraph's text, tabs as \\t and line breaks as \\n."""
    out = []
    for para in root.iter(f"{{{W}}}p"):
        pieces = []
        for node in para.iter(f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br"):
            tag = etree.QName(node).localname
            pieces.append(node.text or "" if tag == "t" else "\t" if tag == "tab" else "\n")
        out.append("".join(pieces))
    return out


def tags(xml: bytes) -> list[tuple[str, str, str]]:
    part = prepare_part("word/document.xml", xml)
    return [(t.kind, t.prefix, t.body) for t in part.tags]


# --------------------------------------------------------------------------- runs


SENTENCE = 'Yth. {{ nama ~ "!" }} di {% if hadir %}tempat{% else %}rumah{% endif %}.'
JUNK = (
    "",
    '<w:proofErr w:type="spellStart"/>',
    '<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>',
    "<w:r><w:rPr><w:b/></w:rPr></w:r>",
)


@st.composite
def split_sentence(draw: st.DrawFn) -> str:
    """SENTENCE as Word or LibreOffice may store it: cut into runs anywhere, runs with
    different formatting, spell-check and bookmark marks between them, quotes as entities
    or made curly by AutoCorrect."""
    sentence = draw(st.sampled_from([SENTENCE, SENTENCE.replace('"!"', "“!”")]))
    cuts = sorted(draw(st.sets(st.integers(1, len(sentence) - 1), max_size=12)))
    pieces = [sentence[a:b] for a, b in zip([0, *cuts], [*cuts, len(sentence)], strict=True)]
    runs = []
    for piece in pieces:
        text = escape(piece)
        if draw(st.booleans()):
            text = text.replace('"', "&quot;")
        runs.append(draw(st.sampled_from(JUNK)) + r(text, bold=draw(st.booleans()), raw=True))
    return p(*runs)


@settings(max_examples=60, deadline=None)
@given(split_sentence(), st.booleans())
def test_tags_split_over_runs_are_found_and_render_as_if_typed_in_one_run(paragraph, hadir):
    xml = document(paragraph)
    assert prepare_part("word/document.xml", xml).errors == []
    assert tags(xml) == tags(document(p(r(SENTENCE))))
    expected = "Yth. Budi! di " + ("tempat" if hadir else "rumah") + "."
    assert texts(render(xml, nama="Budi", hadir=hadir)) == [expected]


def test_text_after_a_split_tag_keeps_its_own_formatting():
    root = render(document(p(r("{{ na"), r("ma }} tebal", bold=True))), nama="Budi")
    runs = [
        (run.find("w:rPr/w:b", NS) is not None, "".join(run.itertext()))
        for run in root.iter(f"{{{W}}}r")
    ]
    assert [run for run in runs if run[1]] == [(False, "Budi"), (True, " tebal")]


# --------------------------------------------------------------------------- quotes


def test_quotes_libreoffice_writes_as_entities_are_quotes():
    xml = document(p(r("{{ nama ~ &apos;, &apos; ~ &quot;S.E.&quot; }}", raw=True)))
    assert tags(xml) == [("{", "", "nama ~ ', ' ~ \"S.E.\"")]
    assert texts(render(xml, nama="Budi")) == ["Budi, S.E."]


def test_curly_quotes_around_a_string_are_straight_quotes_and_inside_it_stay():
    assert straighten_quotes("nama ~ “Bapak’s” ~ ‘x’") == "nama ~ \"Bapak’s\" ~ 'x'"
    xml = document(p(r("{{ nama ~ “ (Bapak’s)” }}")))
    assert texts(render(xml, nama="Budi")) == ["Budi (Bapak’s)"]


def test_comparison_signs_written_as_entities_work():
    xml = document(p(r("{% if 2 &lt; jumlah %}banyak{% endif %}", raw=True)))
    assert texts(render(xml, jumlah=3)) == ["banyak"]


# --------------------------------------------------------------------------- text is text


def test_single_braces_and_openers_outside_text_runs_are_printed():
    xml = document(
        p(r("{x} {{ nama }}}")),
        p('<w:r><w:instrText xml:space="preserve"> QUOTE "{{ bukan tag }}" </w:instrText></w:r>'),
    )
    root = render(xml, nama="Budi")
    assert texts(root)[0] == "{x} Budi}"
    assert "".join(root.find(".//w:instrText", NS).itertext()) == ' QUOTE "{{ bukan tag }}" '


def test_newlines_and_tabs_in_data_become_word_breaks_and_tabs():
    root = render(document(p(r("{{ alamat }}"))), alamat="Jl. A\nNo. 1\tMedan")
    assert texts(root) == ["Jl. A\nNo. 1\tMedan"]
    assert root.find(".//w:br", NS) is not None and root.find(".//w:tab", NS) is not None


# --------------------------------------------------------------------------- row, cell, paragraph


def test_paragraph_tags_replace_their_paragraph():
    xml = document(
        p(r("{%p if hadir %}")),
        p(r("hadir")),
        p(r("{%p endif %}")),
        p(r("{%p for o in orang %}")),
        p(r("{{ o }}")),
        p(r("{%p endfor %}")),
    )
    assert texts(render(xml, hadir=False, orang=["A", "B"])) == ["A", "B"]
    assert texts(render(xml, hadir=True, orang=[])) == ["hadir"]


def test_row_tags_repeat_the_rows_between_them():
    xml = document(
        tbl(
            tr(tc(p(r("No")))),
            tr(tc(p(r("{%tr for o in orang %}")))),
            tr(tc(p(r("{{ loop.index }}. {{ o }}")))),
            tr(tc(p(r("{%tr endfor %}")))),
        )
    )
    assert texts(render(xml, orang=["A", "B"])) == ["No", "1. A", "2. B"]


def test_column_tags_repeat_the_cells_between_them():
    row = tr(
        tc(p(r("X"))),
        tc(p(r("{%tc for b in bulan %}"))),
        tc(p(r("{{ b }}"))),
        tc(p(r("{%tc endfor %}"))),
    )
    root = render(document(tbl(row)), bulan=["Jan", "Feb", "Mar"])
    assert [texts(cell) for cell in root.iter(f"{{{W}}}tc")] == [["X"], ["Jan"], ["Feb"], ["Mar"]]


# --------------------------------------------------------------------------- table tags


def merge_table(cell_text: str) -> bytes:
    return document(
        tbl(
            tr(tc(p(r("{%tr for row in rows %}")))),
            tr(
                tc(
                    p(r(cell_text), props='<w:jc w:val="center"/>'),
                    props='<w:tcW w:w="10" w:type="dxa"/>',
                )
            ),
            tr(tc(p(r("{%tr endfor %}")))),
        )
    )


def cells(root: Any) -> list[tuple[str | None, str]]:
    out = []
    for cell in root.iter(f"{{{W}}}tc"):
        merge = cell.find("w:tcPr/w:vMerge", NS)
        out.append((merge.get(f"{{{W}}}val") if merge is not None else None, "".join(texts(cell))))
    return out


def test_vmerge_merges_consecutive_rows_with_the_same_key_and_hides_continued_text():
    rows = [{"key": k, "no": n} for k, n in (("a", 1), ("a", 2), ("b", 3), ("a", 4))]
    root = render(merge_table("{% vmerge row.key %}{{ row.no }}"), rows=rows)
    assert cells(root) == [("restart", "1"), ("continue", ""), ("restart", "3"), ("restart", "4")]
    props = root.find(".//w:tcPr", NS)
    assert [etree.QName(c).localname for c in props] == ["tcW", "vMerge"]  # schema order
    assert root.find(".//w:p/w:pPr/w:jc", NS) is not None  # the paragraph keeps its format


def test_vm_merges_the_whole_loop():
    rows = [{"no": n} for n in (1, 2, 3)]
    root = render(merge_table("{% vm %}{{ row.no }}"), rows=rows)
    assert cells(root) == [("restart", "1"), ("continue", ""), ("continue", "")]


def test_keepnext_keeps_the_row_with_the_next_only_when_true():
    rows = [{"no": n} for n in (1, 2, 3)]
    xml = document(
        tbl(
            tr(tc(p(r("{%tr for row in rows %}")))),
            tr(
                tc(
                    p(
                        r("{% keepnext loop.last %}{{ row.no }}"),
                        props='<w:pStyle w:val="A"/><w:jc w:val="left"/>',
                    )
                ),
                tc(p(r("x"))),
            ),
            tr(tc(p(r("{%tr endfor %}")))),
        )
    )
    root = render(xml, rows=rows)
    kept = [
        [p.find("w:pPr/w:keepNext", NS) is not None for p in row.iter(f"{{{W}}}p")]
        for row in root.iter(f"{{{W}}}tr")
    ]
    assert kept == [[False, False], [False, False], [True, True]]
    first_props = root.findall(".//w:tr", NS)[2].find(".//w:pPr", NS)
    assert [etree.QName(c).localname for c in first_props] == ["pStyle", "keepNext", "jc"]


def test_cellbg_and_colspan_set_the_cell_properties():
    xml = document(
        tbl(
            tr(
                tc(
                    p(r("{% cellbg warna %}{% colspan lebar %}isi")),
                    props='<w:shd w:val="clear" w:fill="FFFFFF"/>',
                )
            )
        )
    )
    root = render(xml, warna="D9D9D9", lebar=3)
    props = root.find(".//w:tcPr", NS)
    assert [etree.QName(c).localname for c in props] == ["gridSpan", "shd"]
    assert props.find("w:shd", NS).get(f"{{{W}}}fill") == "D9D9D9"
    assert props.find("w:gridSpan", NS).get(f"{{{W}}}val") == "3"
    assert texts(root) == ["isi"]


def test_hm_merges_a_column_loop_into_one_cell():
    row = tr(
        tc(p(r("{%tc for b in bulan %}"))), tc(p(r("{% hm %}Bulan"))), tc(p(r("{%tc endfor %}")))
    )
    root = render(document(tbl(row)), bulan=["Jan", "Feb", "Mar"])
    (cell,) = root.iter(f"{{{W}}}tc")
    assert cell.find("w:tcPr/w:gridSpan", NS).get(f"{{{W}}}val") == "3"
    assert texts(cell) == ["Bulan"]


# --------------------------------------------------------------------------- where things are


def test_paragraphs_know_their_table_coordinates():
    xml = document(
        p(r("Judul")),
        tbl(tr(tc(p(r("a"))), tc(p(r("b")), p(r("{{ c }}"))))),
        p(r("Penutup")),
    )
    part = prepare_part("word/document.xml", xml)
    assert [(para.position, para.text) for para in part.paragraphs] == [
        ("paragraf 1", "Judul"),
        ("tabel 1 baris 1 kolom 1", "a"),
        ("tabel 1 baris 1 kolom 2, paragraf 1", "b"),
        ("tabel 1 baris 1 kolom 2, paragraf 2", "{{ c }}"),
        ("paragraf 2", "Penutup"),
    ]
    (tag,) = part.tags
    assert part.where(tag.para, (tag.start, tag.end)) == (
        "word/document.xml, tabel 1 baris 1 kolom 2, paragraf 2: «{{ c }}»"
    )


def test_an_error_while_rendering_names_the_paragraph_it_comes_from(tmp_path):
    xml = document(p(r("Judul")), p(r("Nama")), p(r("{{ pejabat.nama }}")))
    template = CompiledTemplate(write_docx(tmp_path, xml))
    with pytest.raises(RenderError) as raised:
        template.render({"pejabat": {}})
    assert "word/document.xml, paragraf 3: «{{ pejabat.nama }}»:" in str(raised.value)


def test_an_error_in_a_row_tag_names_that_row(tmp_path):
    xml = document(
        p(r("Judul")),
        tbl(
            tr(tc(p(r("{%tr for o in daftar.isi %}")))),
            tr(tc(p(r("{{ o }}")))),
            tr(tc(p(r("{%tr endfor %}")))),
        ),
    )
    template = CompiledTemplate(write_docx(tmp_path, xml))
    with pytest.raises(RenderError) as raised:
        template.render({"daftar": {}})
    assert "word/document.xml, tabel 1 baris 1 kolom 1: «{%tr for o in daftar.isi %}»:" in str(
        raised.value
    )


def test_a_template_with_broken_tags_is_refused_with_the_first_mistake(tmp_path):
    xml = document(p(r("Kepada { { nama }}")), p(r("{{ a } }")))
    with pytest.raises(RenderError) as raised:
        CompiledTemplate(write_docx(tmp_path, xml))
    assert str(raised.value).endswith(
        "word/document.xml, paragraf 1: «Kepada { { nama }}»: tag terpecah: «{ {» harus ditulis "
        "«{{» tanpa spasi di antaranya (dan 1 kesalahan lain; lihat pkgen check)"
    )


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "{%r if a %}",
            "awalan «r» tidak didukung di templat pkgen (data selalu teks); tulis «{% if a %}» "
            "tanpa awalan",
        ),
        (
            "{{p nama }}",
            "«{{p nama }}» tidak didukung: awalan «p» hanya untuk perintah «{%p … %}»; tulis "
            "«{{ nama }}»",
        ),
    ],
)
def test_prefixes_pkgen_does_not_use_are_reported(written, message):
    part = prepare_part("word/document.xml", document(p(r(written))))
    assert [issue.message for issue in part.errors] == [message]


def test_a_page_break_in_a_replaced_paragraph_moves_to_the_next_kept_paragraph():
    # LibreOffice saves "page break before" of a chapter heading as a break at the end of
    # the paragraph before it, here the loop's tag.
    xml = document(
        p(r("Keputusan")),
        p(r("{%p for b in bab %}"), '<w:r><w:br w:type="page"/></w:r>'),
        p(r("{{ b }}"), props='<w:keepNext/><w:jc w:val="center"/>'),
        p(r("{%p endfor %}")),
    )
    root = render(xml, bab=["BAB I", "BAB II"])
    paragraphs = root.findall(".//w:p", NS)
    assert texts(root) == ["Keputusan", "BAB I", "BAB II"]
    assert [p.find("w:pPr/w:pageBreakBefore", NS) is not None for p in paragraphs] == [
        False,
        True,
        True,
    ]
    props = paragraphs[1].find("w:pPr", NS)
    assert [etree.QName(c).localname for c in props] == ["keepNext", "pageBreakBefore", "jc"]


def test_a_paragraph_tag_on_a_section_break_is_reported():
    xml = document(
        p(r("{%p if lampiran %}"), props='<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>'),
        p(r("Lampiran")),
        p(r("{%p endif %}")),
    )
    part = prepare_part("word/document.xml", xml)
    assert [i.message for i in part.errors] == [
        "«{%p if lampiran %}» ada di paragraf yang mengakhiri satu bagian dokumen (pemisah "
        "bagian/section break); paragraf ini diganti oleh tagnya sehingga pemisah bagian ikut "
        "hilang: tulis tag di paragraf tersendiri"
    ]
