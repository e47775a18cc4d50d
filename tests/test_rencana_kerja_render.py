"""The Depok Rencana Kerja RB read back from the .docx: keputusan, BAB I–IV and the RATL."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import EXAMPLES, TEMPLATES
from docx_structure import DocxStructure, Row, TableInfo, read_docx
from pdf_helpers import to_pdf
from rb_fixtures import rb, write_folder

from generator.build.pipeline import Renderer
from generator.data.loading import LoadedAgreement, load_batch
from generator.domain.monthgrid import SHADE

DEPOK = EXAMPLES / "kota-depok"
RATL_HEADER = [
    "NO",
    "PROGRAM DAN KEGIATAN",
    "OUTPUT",
    "TAHAPAN KERJA",
    "BULAN KE-",
    "KRITERIA KEBERHASILAN",
    "PENANGGUNG JAWAB",
]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]


def example(slug: str) -> LoadedAgreement:
    batch = load_batch([DEPOK])
    assert not batch.has_errors, [str(p) for p in batch.problems]
    return next(a for a in batch.agreements if a.slug == slug)


@pytest.fixture(scope="module")
def disperdagin() -> LoadedAgreement:
    return example("dinas-perdagangan-dan-perindustrian")


@pytest.fixture(scope="module")
def disperdagin_doc(disperdagin) -> DocxStructure:
    return read_docx(Renderer(TEMPLATES).render(disperdagin))


@pytest.fixture(scope="module")
def diskominfo_doc() -> DocxStructure:
    return read_docx(Renderer(TEMPLATES).render(example("dinas-komunikasi-dan-informatika")))


def ratl(doc: DocxStructure) -> TableInfo:
    return doc.table_with("TAHAPAN KERJA")


def program_groups(table: TableInfo) -> dict[str, list[Row]]:
    """Tahapan rows under each program row (`I`, `II`, …), header rows left out."""
    groups: dict[str, list[Row]] = {}
    current: list[Row] = []
    for row in table.rows:
        if row.header:
            continue
        if len(row.cells) == 2:  # NO + one cell spanning the rest: a program row
            current = groups.setdefault(row.cells[0].text, [])
        else:
            current.append(row)
    return groups


def diktum_labels(doc: DocxStructure) -> list[str]:
    labels = []
    for paragraph in doc.paragraphs:
        label, _, rest = paragraph.partition("\t")
        if re.fullmatch(r"KE[A-Z ]+", label) and rest.startswith(":"):
            labels.append(label)
    return labels


# --------------------------------------------------------------------------- keputusan


def test_the_keputusan_names_its_issuer_blank_number_and_title(disperdagin_doc):
    paragraphs = [p for p in disperdagin_doc.paragraphs if p.strip()]
    start = paragraphs.index("KEPUTUSAN KEPALA DINAS PERDAGANGAN DAN PERINDUSTRIAN KOTA DEPOK")
    assert paragraphs[start : start + 4] == [
        "KEPUTUSAN KEPALA DINAS PERDAGANGAN DAN PERINDUSTRIAN KOTA DEPOK",
        "NOMOR : … / … / …",
        "TENTANG",
        "RENCANA KERJA PELAKSANAAN REFORMASI BIROKRASI DINAS PERDAGANGAN DAN PERINDUSTRIAN "
        "KOTA DEPOK TAHUN 2022",
    ]
    assert "PEMERINTAH KOTA DEPOK" in disperdagin_doc.all_text


def test_menimbang_are_lettered_and_mengingat_numbered_with_the_label_once(disperdagin_doc):
    lines = [p.split("\t") for p in disperdagin_doc.paragraphs if p.count("\t") == 3]
    menimbang = [line for line in lines if line[3].startswith("bahwa")]
    assert [line[:3] for line in menimbang] == [["Menimbang", ":", "a."], ["", "", "b."]]
    assert menimbang[0][3].startswith(
        "bahwa dalam rangka meningkatkan pelaksanaan Reformasi Birokrasi di Lingkungan "
        "Pemerintah Kota Depok"
    )
    assert menimbang[1][3] == (
        "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan "
        "Keputusan Kepala Dinas Perdagangan dan Perindustrian Kota Depok tentang Rencana Kerja "
        "Pelaksanaan Reformasi Birokrasi pada Dinas Perdagangan dan Perindustrian Kota Depok "
        "Tahun 2022;"
    )
    mengingat = [line[:3] for line in lines if not line[3].startswith("bahwa")]
    assert mengingat == [["Mengingat", ":", "1."]] + [["", "", f"{n}."] for n in range(2, 10)]


def test_diktum_ordinals_come_from_their_position(disperdagin_doc, diskominfo_doc):
    # The reference jumps from KESATU to KELIMA; here the ordinals are always consecutive.
    assert diktum_labels(disperdagin_doc) == ["KESATU", "KEDUA"]
    assert diktum_labels(diskominfo_doc) == ["KESATU", "KEDUA", "KETIGA", "KEEMPAT"]
    assert (
        "KESATU\t:\tRencana Kerja Pelaksanaan Reformasi Birokrasi Dinas Perdagangan dan "
        "Perindustrian Kota Depok Tahun 2022, sebagaimana tercantum dalam Lampiran Keputusan ini."
        in disperdagin_doc.paragraphs
    )


def test_the_keputusan_is_dated_and_signed_by_the_head(disperdagin_doc, diskominfo_doc):
    text = disperdagin_doc.all_text
    assert "Ditetapkan di\t: Depok" in text and "Pada tanggal\t: 2022" in text
    lines = text.splitlines()
    assert lines.count("KEPALA DINAS PERDAGANGAN DAN PERINDUSTRIAN KOTA DEPOK") == 3
    assert text.count("Drs. ZAMROWI, M.Si.") == 3
    assert text.count("NIP. 19660607 198610 1 005") == 3
    assert "NOMOR : 060/012/Diskominfo/2022" in diskominfo_doc.paragraphs
    assert "Pada tanggal\t: 10 Januari 2022" in diskominfo_doc.all_text


# --------------------------------------------------------------------------- BAB I–IV


def test_the_shared_body_is_numbered_and_names_the_unit(disperdagin_doc):
    paragraphs = disperdagin_doc.paragraphs
    for heading in (
        "1.1\tLATAR BELAKANG",
        "1.4\tPENGERTIAN UMUM",
        "2.1\tKOMPONEN PENGUNGKIT",
        "2.2\tKOMPONEN HASIL",
        "1.\tManajemen Perubahan",
        "5.\tPenataan Sistem Manajemen Sumber Daya Manusia (SDM)",
        "I.\tPROGRAM MANAJEMEN PERUBAHAN",
        "VIII.\tPROGRAM PENINGKATAN KUALITAS PELAYANAN PUBLIK",
    ):
        assert heading in paragraphs, heading
    # Komponen are numbered by their program: 6 is Akuntabilitas, 7 Pengawasan.
    assert paragraphs.index("6.\tPenguatan Akuntabilitas Kinerja") < paragraphs.index(
        "7.\tPenguatan Pengawasan"
    )
    babs = [p for p in paragraphs if p.startswith("BAB ")]
    assert babs == ["BAB I", "BAB II", "BAB III", "BAB IV"]
    assert (
        "Program dan Kegiatan Pelaksanaan Reformasi Birokrasi unit kerja di lingkungan "
        "Pemerintah Kota Depok disusun berdasarkan Road Map Reformasi Birokrasi Kota Depok"
    ) in disperdagin_doc.all_text
    assert "{" not in disperdagin_doc.all_text


def test_nested_lists_take_their_markers_from_depth_and_position(disperdagin_doc):
    paragraphs = disperdagin_doc.paragraphs
    start = paragraphs.index("a.\tTim Reformasi birokrasi")
    assert paragraphs[start : start + 5] == [
        "a.\tTim Reformasi birokrasi",
        "Pengukuran indikator ini dilakukan dengan melihat kondisi apakah:",
        "1)\tTim Reformasi unit kerja telah dibentuk;",
        "2)\tTim Reformasi Birokrasi unit kerja telah melaksanakan tugas sesuai rencana kerja "
        "Tim Reformasi unit kerja.",
        "3)\tTim Reformasi Birokrasi unit kerja telah melakukan monitoring dan evaluasi rencana "
        "kerja, dan hasil evaluasi telah ditindaklanjuti",
    ]
    assert "11.\tUnit kerja adalah Organisasi Perangkat Daerah pada pemerintah daerah." in (
        paragraphs
    )
    assert "✓\tMenerapkan Sistem Informasi Kepegawaian." in paragraphs


def test_generic_lists_nest_from_numbers_to_letters(tmp_path):
    batch = load_batch([write_folder(tmp_path, dinas=rb())])
    paragraphs = read_docx(Renderer(TEMPLATES).render(batch.agreements[0])).paragraphs
    start = paragraphs.index("1.\tButir satu;")
    assert paragraphs[start : start + 4] == [
        "1.\tButir satu;",
        "2.\tButir dua",
        "a.\tAnak satu",
        "b.\tAnak dua",
    ]


# --------------------------------------------------------------------------- RATL


def test_the_ratl_has_a_two_row_header_repeated_on_every_page(disperdagin_doc):
    table = ratl(disperdagin_doc)
    top, months = table.rows[0], table.rows[1]
    assert top.texts == RATL_HEADER
    assert [c.span for c in top.cells] == [1, 1, 1, 1, 12, 1, 1]
    assert months.texts == ["", "", "", "", *[str(m) for m in range(1, 13)], "", ""]
    assert [c.vmerge for c in top.cells] == ["restart"] * 4 + [None] + ["restart"] * 2
    assert [c.vmerge for c in months.cells] == ["continue"] * 4 + [None] * 12 + ["continue"] * 2
    assert top.header and months.header
    assert not any(row.header for row in table.rows[2:])
    assert all(row.cant_split for row in table.rows)


def test_every_program_has_a_bold_group_row_and_its_tahapan_rows(disperdagin, disperdagin_doc):
    groups = program_groups(ratl(disperdagin_doc))
    assert list(groups) == ROMAN
    expected = {
        g.program.roman: sum(len(k.tahapan) for k in g.kegiatan) for g in disperdagin.model.ratl
    }
    assert {roman: len(rows) for roman, rows in groups.items()} == expected
    assert expected == {
        "I": 12,
        "II": 2,
        "III": 1,
        "IV": 6,
        "V": 10,
        "VI": 7,
        "VII": 15,
        "VIII": 17,
    }
    program_rows = [r for r in ratl(disperdagin_doc).rows if len(r.cells) == 2]
    assert [r.cells[1].text for r in program_rows][:2] == [
        "PROGRAM MANAJEMEN PERUBAHAN",
        "PROGRAM PENATAAN PERATURAN PERUNDANG-UNDANGAN",
    ]
    assert all(r.cells[0].bold and r.cells[1].bold and r.cells[1].span == 17 for r in program_rows)


def test_kegiatan_are_numbered_per_program_and_merged_over_their_tahapan(disperdagin_doc):
    groups = program_groups(ratl(disperdagin_doc))
    first = groups["I"][:2]  # Pembentukan Tim RB: two tahapan
    assert [r.texts[:4] for r in first] == [
        [
            "1",
            "Pembentukan Tim Reformasi Birokrasi Unit Kerja",
            "SK Kepala OPD tentang Tim RB Unit Kerja",
            "Menyusun susunan Tim RB Unit Kerja",
        ],
        ["", "", "", "Menyusun Tugas-tugas tim RB"],
    ]
    for column in (0, 1, 2, 16, 17):
        assert [r.cells[column].vmerge for r in first] == ["restart", "continue"]
    assert [r.cells[3].vmerge for r in first] == [None, None]
    numbers = [r.cells[0].text for r in groups["I"] if r.cells[0].vmerge == "restart"]
    assert numbers == [str(n) for n in range(1, 9)]
    assert [r.cells[0].text for r in groups["VII"] if r.cells[0].text] == [
        str(n) for n in range(1, 7)
    ]


def test_only_equal_texts_merge_within_a_kegiatan(disperdagin_doc):
    groups = program_groups(ratl(disperdagin_doc))
    evaluation = groups["I"][9:11]  # kegiatan 7: one penanggung jawab, two kriteria
    assert evaluation[0].cells[1].text.startswith("Pemantauan dan evaluasi")
    assert [r.cells[16].vmerge for r in evaluation] == ["restart", "restart"]
    assert [r.cells[16].text for r in evaluation] == [
        "Seluruh tugas telah dilaksanakan oleh Tim RB sesuai dengan rencana kerja",
        "Seluruh Renja dan RATL telah dimonitoring dan dievaluasi serta hasil evaluasi telah "
        "ditindaklanjuti",
    ]
    assert [r.cells[17].vmerge for r in evaluation] == ["restart", "continue"]
    harmonisasi = groups["II"]  # two outputs for two tahapan
    assert [r.cells[2].text for r in harmonisasi] == [
        "Terselenggaranya sinkronisasi dan harmonisasi peraturan perundang-undangan",
        "Revisi Peraturan Perundang-undangan",
    ]
    assert [r.cells[2].vmerge for r in harmonisasi] == ["restart", "restart"]
    peta = groups["IV"][:3]  # tahapan 2 and 3 share their own kriteria
    assert [r.cells[16].vmerge for r in peta] == ["restart", "restart", "continue"]


def test_shaded_months_read_from_the_docx_equal_the_data(disperdagin, disperdagin_doc):
    rows = [row for rows in program_groups(ratl(disperdagin_doc)).values() for row in rows]
    data = [
        set(t.bulan)
        for g in sorted(disperdagin.model.ratl, key=lambda g: g.program.number)
        for k in g.kegiatan
        for t in k.tahapan
    ]
    shaded = [{m for m in range(1, 13) if row.cells[3 + m].fill == SHADE} for row in rows]
    assert shaded == data
    assert {row.cells[3 + m].fill for row in rows for m in range(1, 13)} == {SHADE, "auto"}
    assert all(row.cells[3 + m].text == "" for row in rows for m in range(1, 13))
    assert shaded[1] == {1, 2}  # "1-2" in the data


def test_the_ratl_reproduces_the_reference_texts(disperdagin_doc):
    cells = {c.text for r in ratl(disperdagin_doc).rows for c in r.cells}
    for text in (
        "Penilaian Mandiri Pelaksanaan Reformasi Birokrasi (PMPRB)",
        "Nilai total pengungkit berdasarkan Lembar Kerja Evaluasi (LKE)",
        "Menggunakan aplikasi SIM HP untuk pendokumentasian hasil pemeriksaan",
        "Sistem Informasi Kepegawaian telah diterapkan",
        "Pimpinan terlibat secara langsung pada saat penyusunan dan pelaksanaan Dokumen "
        "Perencanaan dan Akuntabilitas Kinerja",
        "Menciptakan dan menerapkan inovasi layanan",
        "Indeks Kepuasan Masyarakat mencapai target yang telah ditetapkan",
        "Sistem Informasi Pelayanan Perizinan yang mutakhir",
    ):
        assert text in cells, text


def test_the_lampiran_is_a_landscape_section(disperdagin_doc):
    sections = re.findall(r"<w:sectPr.*?</w:sectPr>", disperdagin_doc.parts["word/document.xml"])
    assert len(sections) == 2
    sizes = [re.search(r'<w:pgSz w:w="(\d+)" w:h="(\d+)"', s).groups() for s in sections]
    (pw, ph), (lw, lh) = ((int(w), int(h)) for w, h in sizes)
    assert pw < ph and lw > lh
    assert 'w:orient="landscape"' in sections[1]


def test_ratl_text_is_data_not_template_code(tmp_path):
    hostile = "{{ 7 * 7 }} {% if x %} <w:p> & {tahun}"
    text = rb(**{"nama: Pembentukan Tim RB": f"nama: '{hostile}'"})
    batch = load_batch([write_folder(tmp_path, dinas=text)])
    doc = read_docx(Renderer(TEMPLATES).render(batch.agreements[0]))
    assert hostile in {c.text for r in ratl(doc).rows for c in r.cells}


def test_a_unit_may_replace_the_shared_menimbang(tmp_path):
    text = rb() + "keputusan:\n  menimbang:\n    - bahwa {unit} perlu rencana kerja;\n"
    batch = load_batch([write_folder(tmp_path, dinas=text)])
    assert batch.problems == []
    doc = read_docx(Renderer(TEMPLATES).render(batch.agreements[0]))
    assert (
        "Menimbang\t:\ta.\tbahwa Dinas Perdagangan dan Perindustrian Kota Medan perlu rencana "
        "kerja;" in doc.paragraphs
    )
    assert not any("perlu direncanakan" in p for p in doc.paragraphs)
    assert diktum_labels(doc) == ["KESATU", "KEDUA"]  # the shared diktum still apply


# --------------------------------------------------------------------------- PDF


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_the_ratl_spans_several_landscape_pages_each_with_its_header(disperdagin, tmp_path):
    reader = to_pdf(Renderer(TEMPLATES).render(disperdagin), tmp_path, "rencana-kerja-rb")
    pages = reader.pages
    landscape = [p for p in pages if p.mediabox.width > p.mediabox.height]
    portrait = [p for p in pages if p.mediabox.width < p.mediabox.height]
    assert portrait and pages[0] in portrait  # the keputusan and BAB I–IV
    # RATL pages are found by their rows (every penanggung jawab is a Pokja or a Tim), not
    # by the header whose presence is what this test checks.
    ratl_texts = [text for text in (p.extract_text() or "" for p in landscape) if "Pokja" in text]
    assert len(ratl_texts) >= 3
    for text in ratl_texts:
        assert "TAHAPAN KERJA" in text and "BULAN KE-" in text and "PENANGGUNG" in text
    assert "PROGRAM MANAJEMEN PERUBAHAN" in ratl_texts[0]
    assert "PROGRAM PENINGKATAN KUALITAS PELAYANAN PUBLIK" in "".join(ratl_texts)


@pytest.mark.parametrize("doc", ["disperdagin_doc", "diskominfo_doc"])
def test_the_depok_examples_cite_the_law_that_formed_kota_depok_and_the_grand_design_years(
    doc, request
):
    """Facts the reference text has wrong (see the YAML comments): Kota Depok was formed
    by UU 15/1999 in Jawa Barat, the Grand Design runs 2010–2025; its typos corrected."""
    text = request.getfixturevalue(doc).all_text
    mengingat = [p for p in text.splitlines() if "Undang-Undang Nomor" in p]
    assert (
        "Undang-Undang Nomor 15 Tahun 1999 tentang Pembentukan Kotamadya Daerah Tingkat II Depok"
        in mengingat[0]
    )
    assert "Banten" not in text and "Nomor 32 Tahun 2007" not in text
    grand_design = re.findall(
        r"Grand Design Reformasi Birokrasi(?: Nasional)? ?([\d\s–-]*\d)", text
    )
    assert grand_design and all(
        re.sub(r"\s", "", years).replace("–", "-") == "2010-2025" for years in grand_design
    ), grand_design
    for typo in ("nepotisma", "informasi public"):
        assert typo not in text.lower()
