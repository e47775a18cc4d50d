"""The pohon kinerja's sources (pure) and Graphviz drawings fitted on A3 landscape."""

from __future__ import annotations

import io
import re

import pytest
from conftest import EXAMPLES
from pypdf import PdfReader

from generator.build.pohon import pohon_sources
from generator.context.pohon import kotak, matriks_pages, matriks_rows, pohon_dot
from generator.data.ladder import ladder_order
from generator.data.loading import load_batch
from generator.errors import ConversionFailed
from generator.pdf.graph import A3_LANDSCAPE, MARGIN, dot_pdf, fitted


def ladder():
    agreements = [a for a in load_batch([EXAMPLES]).agreements if a.slug == "dinas-kesehatan"]
    place = ladder_order(agreements)
    return sorted(agreements, key=lambda a: place[a.name])


def boxes():
    return [kotak(a.name, a.model, a.pemda.model) for a in ladder()]


def test_every_link_is_an_arrow_from_the_atasan_indikator_to_the_one_supporting_it():
    source = pohon_dot(boxes(), "POHON")
    edges = re.findall(r"^  \w+:\w+:[we] -> \w+:\w+:[we];$", source, re.MULTILINE)
    links = sum(1 for a in ladder() for s in a.model.sasaran for i in s.indikator if i.mendukung)
    assert len(edges) == links == 22
    assert "  pk_dinas_kesehatan:i_aki_w:w -> pk_dinas_kesehatan_bidang_kesmas:i_k6_w:w;" in source
    # The last children of an atasan are drawn on its right: their arrows use the east side.
    assert (
        "  pk_dinas_kesehatan:i_nilai_sakip_e:e -> pk_dinas_kesehatan_sekretaris:i_ip_asn_e:e;"
        in source
    )


def test_a_pk_without_links_hangs_below_its_atasan_by_an_invisible_edge():
    without = [b if b.name != "dinas-kesehatan/bidang-p2p" else _unlinked(b) for b in boxes()]
    source = pohon_dot(without, "POHON")
    assert "  pk_dinas_kesehatan -> pk_dinas_kesehatan_bidang_p2p [style=invis];" in source


def _unlinked(box):
    from dataclasses import replace

    return replace(
        box,
        sasaran=[
            replace(s, indikator=[replace(i, mendukung=None) for i in s.indikator])
            for s in box.sasaran
        ],
    )


def test_box_text_is_escaped_wrapped_and_the_acting_official_marked():
    source = pohon_dot(boxes(), 'POHON "A" & B')
    assert 'label="POHON \\"A\\" & B"' in source
    assert "PLT. KEPALA BIDANG PENCEGAHAN DAN PENGENDALIAN" in source
    for line in re.findall(r">([^<>]+)<BR ALIGN=\"LEFT\"/>", source):
        assert len(line) <= 48, line  # wrapped (headers are 48 wide, cells 38)


def test_the_matrix_lists_each_atasan_indikator_with_every_indikator_supporting_it():
    rows = matriks_rows(boxes())
    aki = [r for r in rows if r.indikator_atasan.startswith("Angka Kematian Ibu")]
    assert [(r.eselon, r.indikator, r.target) for r in aki] == [
        (
            "III",
            "Persentase ibu hamil yang mendapat pelayanan antenatal sesuai standar (K6)",
            "90%",
        ),
        ("III", "Persentase persalinan di fasilitas pelayanan kesehatan", "98%"),
    ]
    assert {r.eselon_atasan for r in rows} == {"II", "III"}
    # Eselon II rows first, then eselon III.
    levels = [r.eselon_atasan for r in rows]
    assert levels == sorted(levels, key=["II", "III"].index)
    # An atasan indikator nothing supports keeps its row with the right-hand side empty.
    unsupported = [r for r in rows if r.indikator_atasan.startswith("Persentase bayi baru lahir")]
    assert [(r.jabatan, r.indikator) for r in unsupported] == [
        (
            "Kepala Seksi Kesehatan Keluarga dan Gizi Dinas Kesehatan Kota Medan",
            "Persentase bayi baru lahir yang mendapat kunjungan neonatal lengkap (KN lengkap)",
        )
    ]


def test_a_long_matrix_is_cut_into_numbered_pages():
    rows = matriks_rows(boxes()) * 3
    pages = matriks_pages(rows, "MATRIKS", per_page=20)
    assert len(pages) == -(-len(rows) // 20)
    assert 'label="MATRIKS (1/4)"' in pages[0] and 'label="MATRIKS (4/4)"' in pages[-1]
    assert all(p.count("<TR>") <= 21 for p in pages)


def test_the_sources_of_the_example_are_the_tree_and_one_matrix_page():
    title, sources = pohon_sources(ladder())
    assert title == "POHON KINERJA DINAS KESEHATAN KOTA MEDAN TAHUN 2022"
    assert len(sources) == 2
    assert sources[0].startswith("digraph pohon") and sources[1].startswith("digraph matriks")


def test_a_big_drawing_is_scaled_down_inside_the_margins_of_an_a3_landscape_page():
    wide = "digraph g { rankdir=LR; " + " -> ".join(f"n{i}" for i in range(80)) + "; }"
    drawing = PdfReader(io.BytesIO(dot_pdf(wide))).pages[0]
    assert float(drawing.mediabox.width) > A3_LANDSCAPE[0]
    page = fitted(drawing)
    assert (float(page.mediabox.width), float(page.mediabox.height)) == A3_LANDSCAPE
    content = page.get_contents().get_data().decode("latin-1")
    scale = _matrix(content)[0]
    assert scale * float(drawing.mediabox.width) == pytest.approx(A3_LANDSCAPE[0] - 2 * MARGIN)


def test_a_small_drawing_keeps_its_size_centred():
    drawing = PdfReader(io.BytesIO(dot_pdf("digraph g { a -> b; }"))).pages[0]
    page = fitted(drawing)
    content = page.get_contents().get_data().decode("latin-1")
    a, _, _, d, e, f = _matrix(content)
    assert a == d == 1
    width, height = float(drawing.mediabox.width), float(drawing.mediabox.height)
    assert e == pytest.approx((A3_LANDSCAPE[0] - width) / 2 - float(drawing.mediabox.left))
    assert f == pytest.approx((A3_LANDSCAPE[1] - height) / 2 - float(drawing.mediabox.bottom))


def _matrix(content: str) -> tuple[float, ...]:
    match = re.search(r"([\d.-]+) ([\d.-]+) ([\d.-]+) ([\d.-]+) ([\d.-]+) ([\d.-]+) cm", content)
    assert match
    return tuple(float(x) for x in match.groups())


def test_without_graphviz_the_drawing_fails_with_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ConversionFailed) as failure:
        dot_pdf("digraph g { a; }", candidates=())
    assert str(failure.value) == (
        "Graphviz (program dot) tidak ditemukan; pasang paket Debian graphviz "
        "(bash scripts/run setup)"
    )
