"""The Sekretariat DPRD lampiran read back from the .docx: the reference's tables and figures,
all computed from data, with repeated headers, rows that never split, merges and months."""

from __future__ import annotations

import re

import pytest
from conftest import EXAMPLES, SKPD_YAML, TEMPLATES
from docx_structure import DocxStructure, TableInfo, read_docx
from pdf_helpers import to_pdf

from generator.build.pipeline import Renderer
from generator.data.loading import load_batch

MARK = "■"


@pytest.fixture(scope="module")
def doc() -> DocxStructure:
    batch = load_batch([EXAMPLES / "sekretariat-dprd.yaml"])
    assert batch.problems == []
    return read_docx(Renderer(TEMPLATES).render(batch.agreements[0]))


def body(table: TableInfo, headers: int = 1):
    return table.rows[headers:]


def lampiran_tables(doc: DocxStructure) -> list[TableInfo]:
    start = next(
        i for i, t in enumerate(doc.tables) if t.rows[0].texts[-1] == "Formulasi Perhitungan"
    )
    return doc.tables[start:]


def test_the_lampiran_follows_the_formulir_on_a_new_page(doc):
    index = doc.paragraphs.index("LAMPIRAN:")
    assert "I. PENJELASAN PERHITUNGAN" in doc.paragraphs[index + 1 :]
    xml = doc.parts["word/document.xml"]
    assert re.search(r"<w:pageBreakBefore/>(?:(?!</w:p>).)*LAMPIRAN:", xml)
    headings = [p for p in doc.paragraphs if re.match(r"^I+\. ", p)]
    assert headings == [
        "I. PENJELASAN PERHITUNGAN",
        "II. PENJELASAN INDIKATOR KINERJA",
        "III. ROADMAP MENUJU PENCAPAIAN TARGET",
    ]


def test_penjelasan_perhitungan_shows_target_baseline_misi_and_formula(doc):
    table = doc.table_with("Formulasi Perhitungan")
    assert table.rows[0].texts == [
        "No.",
        "Indikator Kinerja",
        "Target",
        "Misi / Program Prioritas Wali Kota",
        "Formulasi Perhitungan",
    ]
    assert table.rows[1].texts == ["1", "2", "3", "4", "5"]
    assert table.rows[0].header and table.rows[1].header
    rows = body(table, 2)
    assert [r.cells[0].text for r in rows] == ["1", "2", "3", "4"]
    assert [r.cells[2].text for r in rows] == [
        "66 (B)\nBaseline 2021 :\na) Target : 62 (B)\nb) Realisasi : 63,3 (B)",
        "3,0644 (B)\nBaseline 2021 :\na) Target : 2,70 (C)\nb) Realisasi : 2,892 (C)",
        "3,0644 (B)\nBaseline 2021 :\na) Target : 2,80 (C)\nb) Realisasi : 2,853 (C)",
        "2,90 (C)\nBaseline 2021 :\na) Target : 2,70 (C)\nb) Realisasi : 2,788 (C)",
    ]
    assert rows[0].cells[3].text == (
        "Medan Bersih / Mewujudkan Tata Kelola Pemerintahan yang Smart, Bersih, dan Akuntabel"
    )
    assert rows[0].cells[4].text == (
        "Evaluasi SAKIP Sekretariat DPRD Kota Medan oleh Inspektorat Kota Medan."
    )
    assert all(r.cant_split for r in rows)


def italic_runs(doc: DocxStructure) -> list[str]:
    runs = re.findall(r"<w:r>(?:(?!</w:r>).)*?</w:r>", doc.parts["word/document.xml"])
    return [re.sub(r"<[^>]+>", "", run) for run in runs if "<w:i/>" in run and "<w:b/>" not in run]


def test_foreign_terms_are_italic_and_the_rest_is_not(doc):
    italic = italic_runs(doc)
    for term in ("Smart", "desk to desk", "Baseline", "outsourcing", "stakeholders", "drum-up"):
        assert term in italic
    assert "Baseline 2021 :" in italic
    assert not any("Medan Bersih" in run for run in italic)


def test_the_sakip_scale_comes_from_the_reference_data(doc):
    table = doc.table_with("Interpretasi")
    assert table.rows[0].texts == ["No", "Kategori", "Nilai Angka", "Interpretasi"]
    assert [r.texts[:3] for r in body(table)] == [
        ["1", "AA", ">90 - 100"],
        ["2", "A", ">80 - 90"],
        ["3", "BB", ">70 - 80"],
        ["4", "B", ">60 - 70"],
        ["5", "CC", ">50 - 60"],
        ["6", "C", ">30 - 50"],
        ["7", "D", "0 - 30"],
    ]
    assert body(table)[3].cells[3].text.startswith("Baik, Akuntabilitas kinerjanya sudah baik")


def test_the_ikm_scale_comes_from_the_reference_data(doc):
    table = doc.table_with("Nilai Persepsi")
    assert [r.texts for r in table.rows] == [
        [
            "Nilai Persepsi",
            "Nilai Interval",
            "Nilai Interval Konversi",
            "Mutu Pelayanan",
            "Kinerja Unit",
        ],
        ["1", "1,00-2,5996", "25-64,99", "D", "Tidak Baik"],
        ["2", "2,6-3,064", "65-76,60", "C", "Kurang Baik"],
        ["3", "3,0644-3,532", "76,61-88,30", "B", "Baik"],
        ["4", "3,5324-4,0", "88,31-100,00", "A", "Sangat Baik"],
    ]


def test_renstra_tables_have_the_years_as_columns_and_computed_categories(doc):
    sakip, ikm = [
        t for t in lampiran_tables(doc) if t.rows[0].texts[:2] == ["No.", "Indikator Sasaran"]
    ]
    for table in (sakip, ikm):
        assert table.rows[0].cells[2].text == "Target Kinerja Tujuan/ Sasaran Pada Tahun"
        assert table.rows[0].cells[2].span == 6
        assert table.rows[1].texts[2:] == ["2021", "2022", "2023", "2024", "2025", "2026"]
        assert table.rows[0].header and table.rows[1].header
    assert [r.texts for r in body(sakip, 2)] == [
        ["1", "Nilai SAKIP", "62 (B)", "66 (B)", "69 (B)", "72 (BB)", "76 (BB)", "81 (A)"]
    ]
    assert [r.texts[2:] for r in body(ikm, 2)] == [
        ["2,70 (C)", "2,74 (C)", "2,78 (C)", "2,82 (C)", "2,86 (C)", "3,07 (B)"],
        ["2,80 (C)", "2,92 (C)", "3,04 (C)", "3,16 (B)", "3,35 (B)", "3,54 (A)"],
        ["2,70 (C)", "2,74 (C)", "2,78 (C)", "2,82 (C)", "2,86 (C)", "3,07 (B)"],
    ]


def test_a_repeated_column_table_gets_a_grid_of_its_real_columns(doc):
    xml = doc.parts["word/document.xml"]
    renstra = [
        t for t in re.findall(r"<w:tbl>.*?</w:tbl>", xml, re.DOTALL) if "Indikator Sasaran" in t
    ]
    assert len(renstra) == 2
    for table in renstra:
        assert len(re.findall(r"<w:gridCol ", table)) == 8  # No, indikator, six years


def test_baseline_table_prints_previous_target_and_realisasi_with_categories(doc):
    (table,) = [t for t in doc.tables if t.rows[0].texts[2:] == ["Baseline 2021", "Target 2022"]]
    assert [r.texts[2:] for r in body(table)] == [
        ["a) Target : 2,70 (C)\nb) Realisasi : 2,892 (C)", "3,0644 (B)"],
        ["a) Target : 2,80 (C)\nb) Realisasi : 2,853 (C)", "3,0644 (B)"],
        ["a) Target : 2,70 (C)\nb) Realisasi : 2,788 (C)", "2,90 (C)"],
    ]


def test_the_survey_table_is_computed_from_services_respondents_and_ikm(doc):
    table = doc.table_with("Jenis Layanan")
    assert table.rows[0].texts == [
        "No",
        "Jenis Layanan",
        "Jumlah Responden",
        "IKM",
        "Nilai Konversi",
        "Mutu Layanan",
        "Kinerja Layanan",
    ]
    assert table.rows[0].header
    titles = [r.cells[0].text for r in table.rows if len(r.cells) == 1]
    assert titles == [
        "A. Indeks Kepuasan DPRD terhadap Pelayanan Administrasi Umum Sekretariat DPRD Kota Medan",
        "B. Indeks Kepuasan ASN terhadap Pelayanan Administrasi Umum Sekretariat DPRD Kota Medan",
        "C. Indeks Kepuasan Pimpinan dan Anggota DPRD Kota Medan Terhadap Pelayanan Sekretariat "
        "DPRD Kota Medan",
    ]
    assert all(r.cells[0].span == 7 for r in table.rows if len(r.cells) == 1)
    groups = [r for r in table.rows if r.cells[0].text.startswith("Nilai IKM")]
    assert [r.texts for r in groups] == [
        ["Nilai IKM A", "44", "2,892", "72,300", "C", "Kurang Baik"],
        ["Nilai IKM B", "44", "2,853", "71,325", "C", "Kurang Baik"],
        ["Nilai IKM C", "399", "2,788", "69,708", "C", "Kurang Baik"],
    ]
    assert all(r.cells[0].span == 2 and r.cells[0].bold for r in groups)
    services = [r for r in table.rows if re.fullmatch(r"\d+\.", r.cells[0].text)]
    assert len(services) == 12
    assert services[7].texts[2:] == ["3", "3,111", "77,775", "B", "Baik"]
    # Nilai konversi = IKM × 25 with three decimals: 2,892 → 72,300 where the reference
    # prints 72,301 (computed there from unrounded scores the data does not have).
    assert services[0].texts[2:] == ["44", "2,892", "72,300", "C", "Kurang Baik"]
    assert all(r.cant_split for r in table.rows)


def months_marked(table: TableInfo) -> dict[str, list[int]]:
    return {
        row.cells[1].text: [m for m, cell in enumerate(row.cells[2:], start=1) if cell.text == MARK]
        for row in body(table, 2)
    }


def test_roadmaps_mark_the_months_of_each_row(doc):
    sakip, ikm = [t for t in lampiran_tables(doc) if t.rows[0].texts[-1] == "BULAN PELAKSANAAN"]
    assert months_marked(sakip) == {
        "Perencanaan Kinerja": [1],
        "a. Perencanaan Strategis": [1, 12],
        "b. Perencanaan Kinerja Tahunan": [1, 2, 4, 7, 10, 12],
        "Pengukuran Kinerja": list(range(1, 13)),
        "Pelaporan Kinerja": [1],
        "Evaluasi Internal": [1, 4, 7, 10, 12],
        "Capaian Kinerja": [1],
        "Pemantauan dan Evaluasi": [1, 12],
        "Tindak Lanjut": [1, 12],
    }
    assert [r.cells[0].text for r in body(sakip, 2)] == ["1", "", "", "2", "3", "4", "5", "6", "7"]
    assert months_marked(ikm) == {
        "Akselerasi Pelayanan Melalui Inovasi Sekretariat DPRD Kota Medan": [2, 3, 4, 5],
        "Survei Kepuasan Pimpinan dan Anggota DPRD, serta ASN Sekretariat DPRD Kota Medan": [
            9,
            10,
            11,
            12,
        ],
    }


def test_roadmap_headers_are_merged_and_repeat_on_every_page(doc):
    table = doc.table_with("BULAN PELAKSANAAN")
    top, months = table.rows[0], table.rows[1]
    assert [(c.text, c.vmerge, c.span) for c in top.cells] == [
        ("No", "restart", 1),
        ("URAIAN", "restart", 1),
        ("BULAN PELAKSANAAN", None, 12),
    ]
    assert [c.vmerge for c in months.cells[:2]] == ["continue", "continue"]
    assert months.texts[2:] == [
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Mei",
        "Jun",
        "Jul",
        "Ags",
        "Sep",
        "Okt",
        "Nov",
        "Des",
    ]
    assert top.header and months.header
    assert all(r.cant_split for r in table.rows)


def test_every_lampiran_table_repeats_its_header_and_never_splits_a_row(doc):
    for table in lampiran_tables(doc)[:-1]:  # the last one is the signature
        assert table.rows[0].header, table.rows[0].texts
        assert all(r.cant_split for r in table.rows), table.rows[0].texts


def test_the_lampiran_ends_with_the_unit_heads_signature(doc):
    signature = doc.tables[-1]
    assert [r.texts[1] for r in signature.rows] == [
        "SEKRETARIS DPRD KOTA MEDAN,",
        "",
        "MUHAMMAD ALI SIPAHUTAR, S.S.T.P., M.A.P.",
        "PEMBINA",
        "NIP. 19790317 199912 1 001",
    ]
    assert all(r.cant_split for r in signature.rows)
    assert doc.all_text.rstrip().endswith("NIP. 19790317 199912 1 001")


def test_narrative_numbering_follows_the_depth(doc):
    labels = [p.split("\t")[0] for p in doc.paragraphs if re.match(r"^[0-9a-z]{1,2}[.)]\t", p)]
    start = labels.index("1.")
    assert labels[start : start + 6] == ["1.", "a.", "b.", "c.", "d.", "1)"]
    text = doc.all_text
    assert (
        "a.\tMenurut PermenPAN dan RB Nomor 12 Tahun 2015 tentang Pedoman Evaluasi atas Implementasi SAKIP,"
        in text
    )
    assert (
        "yaitu Perencanaan Kinerja (30%), Pengukuran Kinerja (25%), Pelaporan Kinerja (15%), Evaluasi Internal (10%), dan Capaian Kinerja (20%), sesuai"
        in text
    )
    assert "menargetkan nilai angka 66 (B) untuk" in text
    assert "adalah sebesar 81 (A) di tahun 2026." in text
    assert "a)\tPengembangan kompetensi SDM yang ada." in text


def test_an_agreement_without_lampiran_ends_after_the_formulir(year_folder):
    batch = load_batch([year_folder(dprd=SKPD_YAML)])
    doc = read_docx(Renderer(TEMPLATES).render(batch.agreements[0]))
    assert "LAMPIRAN:" not in doc.paragraphs
    # the formulir's signature (room for the day written by hand)
    assert doc.tables[-1].rows[0].texts == ["", "Medan,       Januari 2022"]


def test_narrative_data_is_text_never_template_code_or_xml(year_folder):
    hostile = r"\{\{ 7 \* 7 \}\} </w:t></w:r></w:p> & <b> \{% if x %\}"
    text = SKPD_YAML + (
        "lampiran:\n"
        "  penjelasan:\n"
        f"    - paragraf: '{hostile}'\n"
        "    - teks: 'tetap *miring* dan **tebal**'\n"
    )
    batch = load_batch([year_folder(dprd=text)])
    assert batch.problems[0].message.startswith("formulasi perhitungan belum diisi")
    doc = read_docx(Renderer(TEMPLATES).render(batch.agreements[0]))
    assert "{{ 7 * 7 }} </w:t></w:r></w:p> & <b> {% if x %}" in doc.all_text
    assert "1.\ttetap miring dan tebal" in doc.paragraphs
    assert "miring" in italic_runs(doc)


@pytest.fixture(scope="module")
def examples() -> dict[str, DocxStructure]:
    batch = load_batch([EXAMPLES])
    renderer = Renderer(TEMPLATES)
    return {a.name: read_docx(renderer.render(a)) for a in batch.agreements}


def test_a_reference_scale_table_is_identical_in_every_skpd_that_uses_it(examples):
    sakip = {
        slug: [r.texts for r in doc.table_with("Interpretasi").rows]
        for slug, doc in examples.items()
        if any(t.rows[0].texts[-1] == "Interpretasi" for t in doc.tables)
    }
    ikm = {
        slug: [r.texts for r in doc.table_with("Nilai Persepsi").rows]
        for slug, doc in examples.items()
        if any(t.rows[0].texts[0] == "Nilai Persepsi" for t in doc.tables)
    }
    # 12/2015 (Sekretariat DPRD) and 88/2021 (the others) grade on the same scale.
    assert set(sakip) == {
        "sekretariat-dprd",
        "dinas-kesehatan",
        "badan-perencanaan-pembangunan-daerah",
        "kecamatan-medan-baru",
        "inspektorat",
    }
    assert set(ikm) >= {"sekretariat-dprd", "dinas-kesehatan", "kecamatan-medan-baru"}
    for tables in (sakip, ikm):
        first = next(iter(tables.values()))
        assert all(table == first for table in tables.values())


def test_the_sakip_weights_follow_the_chosen_regulation(examples):
    assert (
        "Evaluasi Internal (10%), dan Capaian Kinerja (20%)"
        in examples["sekretariat-dprd"].all_text
    )
    assert (
        "Pengukuran Kinerja (30%), Pelaporan Kinerja (15%), dan Evaluasi Akuntabilitas Kinerja "
        "Internal (25%)" in examples["dinas-kesehatan"].all_text
    )


def test_a_computed_percentage_prints_its_components_sum_formula_and_result(examples):
    doc = examples["kecamatan-medan-baru"]
    table = doc.table_with("Jumlah (KK)")
    assert table.rows[0].texts == ["No", "Kegiatan", "Jumlah (KK)"]
    assert [r.texts[-1] for r in body(table)] == ["120", "250", "310", "180", "70", "930"]
    assert table.rows[-1].cells[0].span == 2 and table.rows[-1].texts[0] == "Jumlah"
    assert (
        "Persentase masyarakat yang mendapatkan manfaat dari kegiatan pemberdayaan masyarakat "
        "kelurahan = (Jumlah KK yang mendapatkan manfaat : Jumlah KK di Kecamatan Medan Baru) "
        "× 100%" in doc.paragraphs
    )
    assert "= (930 KK : 10.500 KK) × 100% = 8,86%" in doc.paragraphs
    target = doc.table_with("Sasaran Strategis")
    assert any(r.texts[-1] == "8,86%" for r in target.rows)


@pytest.mark.slow
def test_printed_lampiran_has_no_blank_page_and_the_signature_is_not_alone(tmp_path):
    batch = load_batch([EXAMPLES / "sekretariat-dprd.yaml"])
    reader = to_pdf(Renderer(TEMPLATES).render(batch.agreements[0]), tmp_path, "pk")
    # A non-breaking space (ties, the room for the day) reads as a space.
    pages = [page.extract_text().replace("\xa0", " ") for page in reader.pages]
    for number, text in enumerate(pages, start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert len(lines) > 1, f"halaman {number} kosong"
        assert str(number) in lines, f"halaman {number} tanpa nomor halaman"
    last = pages[-1]
    assert "NIP. 19790317 199912 1 001" in last
    assert "BULAN PELAKSANAAN" in last and "■" in last  # a month grid came along
    lampiran = next(n for n, text in enumerate(pages) if "LAMPIRAN:" in text)
    # the formulir ends the page before
    assert "Medan, Januari 2022" in " ".join(pages[lampiran - 1].split())
