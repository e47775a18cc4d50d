"""Template checks: split tags, syntax and structure, placement and unknown names,
each located by part, paragraph or table cell, before anything is rendered."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import TEMPLATES

from generator.build.kinds import KINDS
from generator.context.buku import BukuContext
from generator.context.perjanjian import PerjanjianContext
from generator.errors import Problem, Severity
from generator.templates.check import check_template
from generator.templates.render import CompiledTemplate


@dataclass(frozen=True)
class Orang:
    nama: str
    jabatan: str


@dataclass(frozen=True)
class Surat:
    nama: str
    pejabat: Orang
    daftar: list[Orang]
    catatan: str | None
    lain: Any


def build(tmp_path: Path, fill: Callable[[Any], None], name: str = "templat.docx") -> Path:
    document = docx.Document()
    fill(document)
    path = tmp_path / name
    document.save(path)
    return path


def paragraphs(*items: str | tuple[str, ...]) -> Callable[[Any], None]:
    """One paragraph per item; a tuple is one paragraph written as separate runs."""

    def fill(document: Any) -> None:
        for item in items:
            paragraph = document.add_paragraph()
            for run in (item,) if isinstance(item, str) else item:
                paragraph.add_run(run)

    return fill


def table(*rows: list[str]) -> Callable[[Any], None]:
    def fill(document: Any) -> None:
        grid = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
        for cells, row in zip(grid.rows, rows, strict=True):
            for cell, text in zip(cells.cells, row, strict=False):
                cell.text = text

    return fill


def check(tmp_path: Path, fill: Callable[[Any], None], context: type = Surat) -> list[Problem]:
    return check_template(build(tmp_path, fill), context)


def found(problems: list[Problem]) -> list[tuple[str | None, str]]:
    return [(p.location.where, p.message) for p in problems]


# --------------------------------------------------------------------------- clean templates


def test_shipped_template_checks_clean():
    assert check_template(TEMPLATES / "perjanjian-kinerja.docx", PerjanjianContext) == []


@pytest.mark.parametrize("kind", KINDS.values(), ids=lambda kind: kind.key)
def test_every_shipped_template_checks_clean_against_its_context(kind):
    assert check_template(TEMPLATES / kind.template, kind.context_type) == []


def test_the_book_template_checks_clean_against_its_context():
    assert check_template(TEMPLATES / "buku.docx", BukuContext) == []


def test_tag_split_across_runs_by_word_is_not_a_problem_and_renders(tmp_path):
    fill = paragraphs(
        ("{", "{ nama }}"),
        ("{{ pejabat.nama }", "}"),
        ("{", "% if catatan %}", "ada", "{% endif %", "}"),
    )
    path = build(tmp_path, fill)
    assert check_template(path, Surat) == []
    context = {"nama": "Budi", "pejabat": Orang("Ani", "Camat"), "catatan": "ya"}
    rendered = CompiledTemplate(path).render(context)
    xml = zipfile.ZipFile(io.BytesIO(rendered)).read("word/document.xml").decode()
    assert "Budi" in xml and "Ani" in xml and "ada" in xml


def test_braces_inside_a_quoted_string_do_not_end_the_tag(tmp_path):
    assert check(tmp_path, paragraphs("{{ nama ~ ' }}' }}", "{{ nama ~ “x” }}")) == []


def test_context_that_is_not_a_dataclass_checks_everything_but_names(tmp_path):
    problems = check(tmp_path, paragraphs("{{ apa.saja|upper }}", "{% endif %}"), dict)
    assert found(problems) == [
        ("word/document.xml, paragraf 2: «{% endif %}»", "«{% endif %}» tanpa «{% if … %}» pembuka")
    ]


# --------------------------------------------------------------------------- 1. split tags


def test_braces_separated_by_a_space_are_a_split_tag(tmp_path):
    problems = check(tmp_path, paragraphs("Kepada", "Yth. { { nama }}"))
    assert found(problems) == [
        (
            "word/document.xml, paragraf 2: «Yth. { { nama }}»",
            "tag terpecah: «{ {» harus ditulis «{{» tanpa spasi di antaranya",
        )
    ]
    assert problems[0].severity is Severity.ERROR


def test_percent_separated_from_its_brace_is_a_split_tag(tmp_path):
    problems = check(tmp_path, paragraphs("{ % if nama %}ya{% endif % }"))
    assert [p.message for p in problems] == [
        "tag terpecah: «{ %» harus ditulis «{%» tanpa spasi di antaranya",
        "tag terpecah: «% }» harus ditulis «%}» tanpa spasi di antaranya",
    ]


def test_braces_separated_by_text_are_a_split_tag(tmp_path):
    problems = check(tmp_path, paragraphs(("{", "x", "{ nama }}")))
    assert found(problems) == [
        (
            "word/document.xml, paragraf 1: «{x{ nama }}»",
            "tag terpecah: ada teks «x» di antara «{» dan «{»; tulis «{{» berdampingan",
        )
    ]


def test_closing_braces_separated_by_a_space_are_a_split_tag(tmp_path):
    problems = check(tmp_path, paragraphs("{{ nama } }"))
    assert [p.message for p in problems] == [
        "tag terpecah: «} }» harus ditulis «}}» tanpa spasi di antaranya"
    ]


def test_tag_continued_in_the_next_paragraph_is_reported_once_where_it_opens(tmp_path):
    problems = check(tmp_path, paragraphs("Kepada {{ nama", "}} di tempat"))
    assert found(problems) == [
        (
            "word/document.xml, paragraf 1: «Kepada {{ nama»",
            "tag «{{ nama» dibuka di sini tetapi baru ditutup di paragraf 2; satu tag harus "
            "utuh dalam satu paragraf (jika tidak, dokumen hasilnya rusak)",
        )
    ]


def test_tag_without_closing_in_its_paragraph(tmp_path):
    problems = check(tmp_path, paragraphs("{{ nama dan jabatan", "Hormat kami"))
    assert found(problems) == [
        (
            "word/document.xml, paragraf 1: «{{ nama dan jabatan»",
            "tag «{{ nama dan jabatan» tidak ditutup: «}}» tidak ada di paragraf yang sama",
        )
    ]


def test_unclosed_block_tag_does_not_also_make_its_end_stray(tmp_path):
    problems = check(tmp_path, paragraphs("{% if nama", "ya", "{% endif %}"))
    assert [p.message for p in problems] == [
        "tag «{% if nama» tidak ditutup: «%}» tidak ada di paragraf yang sama"
    ]


def test_missing_opening_does_not_also_make_the_loop_variable_unknown(tmp_path):
    problems = check(
        tmp_path, table(["tr for o in daftar %}"], ["{{ o.nama }}"], ["{%tr endfor %}"])
    )
    assert found(problems) == [
        (
            "word/document.xml, tabel 1 baris 1 kolom 1: «tr for o in daftar %}»",
            "penutup «%}» tanpa pembuka «{%»",
        )
    ]


def test_closing_without_opening(tmp_path):
    problems = check(tmp_path, paragraphs("nama }}"))
    assert found(problems) == [
        ("word/document.xml, paragraf 1: «nama }}»", "penutup «}}» tanpa pembuka «{{»")
    ]


# --------------------------------------------------------------------------- 2. syntax, structure


def test_unclosed_tr_for_is_reported_at_its_opening_row(tmp_path):
    problems = check(tmp_path, table(["{%tr for o in daftar %}"], ["{{ o.nama }}"]))
    assert found(problems) == [
        (
            "word/document.xml, tabel 1 baris 1 kolom 1: «{%tr for o in daftar %}»",
            "«{%tr for o in daftar %}» tidak ditutup: «{%tr endfor %}» tidak ditemukan",
        )
    ]


def test_stray_endif_is_reported_at_itself(tmp_path):
    problems = check(tmp_path, paragraphs("{{ nama }}", "{% endif %}"))
    assert found(problems) == [
        ("word/document.xml, paragraf 2: «{% endif %}»", "«{% endif %}» tanpa «{% if … %}» pembuka")
    ]


def test_block_left_open_inside_another_is_reported_where_it_opens(tmp_path):
    problems = check(
        tmp_path, paragraphs("{% for o in daftar %}", "{% if o.nama %}", "{% endfor %}")
    )
    assert found(problems) == [
        (
            "word/document.xml, paragraf 2: «{% if o.nama %}»",
            "«{% if o.nama %}» tidak ditutup sebelum «{% endfor %}» (paragraf 3)",
        )
    ]


def test_block_closed_with_a_different_prefix(tmp_path):
    problems = check(tmp_path, table(["{%tr for o in daftar %}"], ["{{ o.nama }}{% endfor %}"]))
    assert found(problems) == [
        (
            "word/document.xml, tabel 1 baris 2 kolom 1: «{{ o.nama }}{% endfor %}»",
            "«{% endfor %}» menutup «{%tr for o in daftar %}», tetapi awalannya berbeda; "
            "tulis «{%tr endfor %}»",
        )
    ]


def test_block_opened_outside_a_table_and_closed_inside_breaks_the_document(tmp_path):
    def fill(document: Any) -> None:
        document.add_paragraph("{% for o in daftar %}")
        document.add_table(rows=1, cols=1).rows[0].cells[0].text = "{{ o.nama }}{% endfor %}"

    problems = check(tmp_path, fill)
    assert found(problems) == [
        (
            "word/document.xml, tabel 1 baris 1 kolom 1: «{{ o.nama }}{% endfor %}»",
            "«{% endfor %}» menutup «{% for o in daftar %}» (paragraf 1), tetapi pembuka dan "
            "penutup harus keduanya di luar tabel atau keduanya di sel tabel yang sama; jika "
            "tidak, dokumen hasilnya rusak",
        )
    ]
    assert problems[0].severity is Severity.ERROR


def test_block_spanning_two_cells_works_but_warns(tmp_path):
    problems = check(tmp_path, table(["{% if nama %}ya", "tidak{% endif %}"]))
    assert [(p.severity, p.location.where) for p in problems] == [
        (Severity.WARNING, "word/document.xml, tabel 1 baris 1 kolom 2: «tidak{% endif %}»")
    ]
    assert problems[0].message.endswith("jika tidak, isinya tergabung secara tak terduga")


def test_prefix_written_apart_from_the_brace(tmp_path):
    problems = check(
        tmp_path, table(["{% tr for o in daftar %}"], ["{{ o.nama }}"], ["{%tr endfor %}"])
    )
    assert [p.message for p in problems] == [
        "awalan «tr» harus menempel pada «{%» dan diikuti satu spasi biasa: "
        "tulis «{%tr for o in daftar %}»"
    ]


def test_elif_after_else(tmp_path):
    problems = check(
        tmp_path, paragraphs("{% if nama %}a{% else %}b{% elif catatan %}c{% endif %}")
    )
    assert [p.message for p in problems] == [
        "«{% elif catatan %}» tidak boleh sesudah «{% else %}»"
    ]


def test_else_without_if_or_for(tmp_path):
    problems = check(tmp_path, paragraphs("{% else %}"))
    assert [p.message for p in problems] == [
        "«{% else %}» tanpa «{% if … %}» atau «{% for … %}» yang terbuka"
    ]


def test_unknown_statement_gets_a_suggestion(tmp_path):
    problems = check(tmp_path, paragraphs("{% if nama %}ya{% endfi %}"))
    assert [p.message for p in problems] == [
        "«{% if nama %}» tidak ditutup: «{% endif %}» tidak ditemukan",
        "tag «endfi» tidak dikenal; mungkin maksud Anda 'endif'?",
    ]


def test_include_is_not_supported(tmp_path):
    problems = check(tmp_path, paragraphs("{% include 'lain.docx' %}"))
    assert [p.message for p in problems] == [
        "tag «include» tidak didukung: templat .docx tidak dapat memuat templat lain"
    ]


def test_jinja_syntax_error_is_located_at_its_tag(tmp_path):
    problems = check(tmp_path, paragraphs("Nama:", "{{ nama | }} dan {{ pejabat.nama }}"))
    assert found(problems) == [
        (
            "word/document.xml, paragraf 2: «{{ nama | }} dan {{ pejabat.nama }}»",
            "sintaks «{{ nama | }}» salah: expected token 'name', got 'end of print statement'",
        )
    ]


def test_final_guard_reports_what_the_tag_checks_cannot_see(tmp_path):
    # Two blocks of one name are only an error of the whole part, found by compiling it.
    fill = paragraphs("{% block isi %}a{% endblock %}", "{% block isi %}b{% endblock %}")
    assert found(check(tmp_path, fill)) == [
        (
            "word/document.xml, paragraf 2: «{% block isi %}b{% endblock %}»",
            "templat tidak dapat dikompilasi: block 'isi' defined twice",
        )
    ]


# --------------------------------------------------------------------------- 3. placement


def test_tr_tag_outside_a_table(tmp_path):
    problems = check(
        tmp_path, paragraphs("{%tr for o in daftar %}", "{{ o.nama }}", "{%tr endfor %}")
    )
    assert found(problems) == [
        (
            "word/document.xml, paragraf 1: «{%tr for o in daftar %}»",
            "«{%tr for o in daftar %}» harus berada di dalam baris tabel; di luar tabel dokumen "
            "hasilnya rusak",
        ),
        (
            "word/document.xml, paragraf 3: «{%tr endfor %}»",
            "«{%tr endfor %}» harus berada di dalam baris tabel; di luar tabel dokumen "
            "hasilnya rusak",
        ),
    ]


def test_tc_tag_outside_a_cell(tmp_path):
    problems = check(tmp_path, paragraphs("{%tc for o in daftar %}{%tc endfor %}"))
    assert "«{%tc for o in daftar %}» harus berada di dalam sel tabel" in problems[0].message


def test_vmerge_outside_a_tr_loop(tmp_path):
    problems = check(tmp_path, table(["{% vmerge nama %}{{ nama }}"]))
    assert found(problems) == [
        (
            "word/document.xml, tabel 1 baris 1 kolom 1: «{% vmerge nama %}{{ nama }}»",
            "«{% vmerge nama %}» hanya bekerja di dalam perulangan baris «{%tr for … %}»",
        )
    ]


def test_vmerge_and_vm_outside_a_cell(tmp_path):
    problems = check(tmp_path, paragraphs("{% vmerge nama %}{{ nama }}", "{% vm %}"))
    assert [p.message for p in problems] == [
        "«{% vmerge nama %}» harus berada di dalam sel tabel",
        "«{% vm %}» harus berada di dalam sel tabel",
    ]


def test_vmerge_key_is_checked_inside_its_loop(tmp_path):
    problems = check(
        tmp_path,
        table(
            ["{%tr for o in daftar %}", ""],
            ["{% vmerge o.jabatn %}{{ o.jabatan }}", "{% vmerge o.nama %}{{ o.nama }}"],
            ["{%tr endfor %}", ""],
        ),
    )
    assert [p.message for p in problems] == [
        "«o.jabatn» tidak dikenal: «o» tidak punya atribut «jabatn»; mungkin maksud Anda 'jabatan'?"
    ]


def test_keepnext_belongs_in_a_table_row_and_its_condition_is_checked(tmp_path):
    fill = table(
        ["{%tr for o in daftar %}"],
        ["{% keepnext loop.last %}{{ o.nama }}"],
        ["{%tr endfor %}"],
    )
    assert check(tmp_path, fill) == []
    problems = check(tmp_path, paragraphs("{% keepnext akhir %}{{ nama }}"))
    assert [p.message for p in problems] == [
        "«{% keepnext akhir %}» harus berada di dalam baris tabel"
    ]


def test_text_beside_a_tr_tag_is_lost_with_a_warning(tmp_path):
    problems = check(
        tmp_path,
        table(["{%tr for o in daftar %}", "Catatan"], ["{{ o.nama }}", ""], ["{%tr endfor %}", ""]),
    )
    assert found(problems) == [
        (
            "word/document.xml, tabel 1 baris 1 kolom 1: «{%tr for o in daftar %}»",
            "teks «Catatan» tidak akan muncul: seluruh baris tabel ini diganti oleh "
            "«{%tr for o in daftar %}»",
        )
    ]
    assert problems[0].severity is Severity.WARNING


def test_tag_beside_a_tr_tag_is_lost(tmp_path):
    problems = check(
        tmp_path,
        table(["{%tr for o in daftar %}", "{{ o.nama }}"], ["{%tr endfor %}", ""]),
    )
    assert found(problems) == [
        (
            "word/document.xml, tabel 1 baris 1 kolom 2: «{{ o.nama }}»",
            "tag «{{ o.nama }}» tidak akan dipakai: seluruh baris tabel ini diganti oleh "
            "«{%tr for o in daftar %}»; pindahkan ke baris tabel lain",
        )
    ]


def test_second_p_tag_in_one_paragraph_is_dropped(tmp_path):
    problems = check(tmp_path, paragraphs("{%p if nama %}{%p if catatan %}", "ya", "{%p endif %}"))
    assert [(p.severity, p.message) for p in problems] == [
        (
            Severity.ERROR,
            "hanya satu tag «{%p … %}» per paragraf yang dipakai; tag ini ikut "
            "terhapus, pindahkan ke paragraf tersendiri",
        )
    ]


# --------------------------------------------------------------------------- 4. names and types


def test_misspelled_attribute_in_a_table_cell_is_located_with_suggestion(tmp_path):
    problems = check(
        tmp_path,
        table(
            ["No", "Sasaran", "Indikator"],
            ["{%tr for row in baris_target %}", "", ""],
            ["{{ row.no }}", "{{ row.sasaran }}", "{{ row.indikatr }}"],
            ["{%tr endfor %}", "", ""],
        ),
        PerjanjianContext,
    )
    assert found(problems) == [
        (
            "word/document.xml, tabel 1 baris 3 kolom 3: «{{ row.indikatr }}»",
            "«row.indikatr» tidak dikenal: «row» tidak punya atribut «indikatr»; "
            "mungkin maksud Anda 'indikator'?",
        )
    ]


def test_cell_with_several_paragraphs_names_the_paragraph(tmp_path):
    def fill(document: Any) -> None:
        cell = document.add_table(rows=1, cols=2).rows[0].cells[1]
        cell.text = "Kop"
        cell.add_paragraph("{{ kop.pemerintahan }}")

    problems = check(tmp_path, fill, PerjanjianContext)
    assert found(problems) == [
        (
            "word/document.xml, tabel 1 baris 1 kolom 2, paragraf 2: «{{ kop.pemerintahan }}»",
            "«kop.pemerintahan» tidak dikenal: «kop» tidak punya atribut «pemerintahan»; "
            "mungkin maksud Anda 'pemerintah'?",
        )
    ]


def test_misspelled_variable_gets_a_suggestion(tmp_path):
    problems = check(tmp_path, paragraphs("{{ nma }}"))
    assert [p.message for p in problems] == [
        "variabel «nma» tidak dikenal; mungkin maksud Anda 'nama'?"
    ]


def test_unknown_variable_without_close_match_lists_what_exists(tmp_path):
    problems = check(tmp_path, paragraphs("{{ xyz }}"))
    assert [p.message for p in problems] == [
        "variabel «xyz» tidak dikenal; yang tersedia: catatan, daftar, lain, nama, pejabat"
    ]


def test_unknown_filter_gets_a_suggestion(tmp_path):
    problems = check(tmp_path, paragraphs("{{ nama|rupia }}"))
    assert [p.message for p in problems] == [
        "filter «rupia» tidak dikenal; mungkin maksud Anda 'rupiah'?"
    ]


def test_builtin_and_pkgen_filters_and_tests_are_known(tmp_path):
    fill = paragraphs(
        "{{ nama|upper }} {{ daftar|length }} {{ 5|terbilang }} {{ 1000|rupiah }}",
        "{% if daftar is defined and 3 is odd %}{{ daftar|map(attribute='nama')|join(', ') }}"
        "{% endif %}",
    )
    assert check(tmp_path, fill) == []


def test_unknown_test_gets_a_suggestion(tmp_path):
    problems = check(tmp_path, paragraphs("{% if nama is defind %}ya{% endif %}"))
    assert [p.message for p in problems] == [
        "uji «is defind» tidak dikenal; mungkin maksud Anda 'defined'?"
    ]


def test_attribute_named_in_a_filter_is_checked(tmp_path):
    problems = check(tmp_path, paragraphs("{{ daftar|map(attribute='nma')|join(', ') }}"))
    assert [p.message for p in problems] == [
        "atribut «nma» pada filter «map» tidak dikenal: isi «daftar» tidak punya atribut "
        "«nma»; mungkin maksud Anda 'nama'?"
    ]


def test_attribute_of_text_is_an_error_but_string_methods_are_fine(tmp_path):
    problems = check(
        tmp_path, paragraphs("{{ nama.depan }}", "{{ nama.upper() }} {{ nama.strip() }}")
    )
    assert [p.message for p in problems] == [
        "«nama.depan» tidak dikenal: «nama» berisi teks, tidak punya atribut «depan»"
    ]


def test_optional_text_is_text_and_any_is_not_checked(tmp_path):
    problems = check(tmp_path, paragraphs("{{ catatan.isi }}", "{{ lain.apa.saja }}"))
    assert [p.message for p in problems] == [
        "«catatan.isi» tidak dikenal: «catatan» berisi teks, tidak punya atribut «isi»"
    ]


def test_attribute_of_a_list_asks_for_a_loop(tmp_path):
    problems = check(tmp_path, paragraphs("{{ daftar.nama }}"))
    assert [p.message for p in problems] == [
        "«daftar.nama» tidak dikenal: «daftar» berisi daftar, bukan satu data; ulangi dengan "
        "«{% for … %}» untuk memakai «nama»"
    ]


def test_loop_variable_and_loop_special_variable(tmp_path):
    problems = check(
        tmp_path,
        table(
            ["{%tr for o in daftar %}", ""],
            ["{{ loop.index }}. {{ o.nama }}", "{{ loop.indx }} {{ o.jabatan|upper }}"],
            ["{%tr endfor %}", ""],
        ),
    )
    assert found(problems) == [
        (
            "word/document.xml, tabel 1 baris 2 kolom 2: «{{ loop.indx }} {{ o.jabatan|upper }}»",
            "«loop.indx» tidak dikenal: «loop» tidak punya atribut «indx»; "
            "mungkin maksud Anda 'index'?",
        )
    ]


def test_else_of_a_for_has_no_loop_variable(tmp_path):
    problems = check(
        tmp_path, paragraphs("{% for o in daftar %}{{ o.nama }}{% else %}{{ o.nama }}{% endfor %}")
    )
    assert [p.message for p in problems] == [
        "variabel «o» tidak dikenal; yang tersedia: catatan, daftar, lain, nama, pejabat"
    ]


def test_loop_outside_a_for(tmp_path):
    problems = check(tmp_path, paragraphs("{{ loop.index }}"))
    assert [p.message for p in problems] == [
        "variabel «loop» hanya ada di dalam perulangan «{% for … %}»"
    ]


def test_loop_variable_is_unknown_after_its_loop(tmp_path):
    problems = check(
        tmp_path, paragraphs("{% for o in daftar %}{{ o.nama }}{% endfor %}{{ o.nama }}")
    )
    assert [p.message for p in problems] == [
        "variabel «o» tidak dikenal; yang tersedia: catatan, daftar, lain, nama, pejabat"
    ]


def test_set_macro_and_with_declare_names(tmp_path):
    fill = paragraphs(
        "{% set sapaan = 'Yth. ' ~ nama %}{{ sapaan }}",
        "{% macro baris(orang, pisah=', ') %}{{ orang.nama }}{{ pisah }}{% endmacro %}",
        "{% for o in daftar %}{{ baris(o) }}{% endfor %}",
        "{% with p = pejabat %}{{ p.jabatan }}{% endwith %}",
        "{% set ns = namespace(n=0) %}{% set ns.n = 1 %}{{ ns.n }}",
    )
    assert check(tmp_path, fill) == []


def test_looping_over_a_single_record_is_an_error(tmp_path):
    problems = check(tmp_path, paragraphs("{% for o in pejabat %}{{ o }}{% endfor %}"))
    assert [p.message for p in problems] == [
        "«pejabat» tidak bisa diulang dengan «for»: isinya bukan daftar"
    ]


def test_names_pkgen_injects_at_render_time_are_allowed(tmp_path):
    fill = table(
        ["{%tr for o in daftar %}"],
        ["{% set pkgen_vm_9 = pkgen_vmerge(9, o.nama, loop.first) %}{{ pkgen_vm_9 }}"],
        ["{%tr endfor %}"],
    )
    assert check(tmp_path, fill) == []


def test_loop_variable_shadowing_data_is_a_warning(tmp_path):
    problems = check(tmp_path, paragraphs("{% for nama in daftar %}{{ nama.nama }}{% endfor %}"))
    assert [(p.severity, p.message) for p in problems] == [
        (
            Severity.WARNING,
            "variabel «nama» menutupi variabel data yang bernama sama; di dalam bagian ini "
            "data aslinya tidak terpakai",
        )
    ]


def test_safe_filter_is_a_warning(tmp_path):
    problems = check(tmp_path, paragraphs("{{ nama|safe }}"))
    assert [(p.severity, p.message) for p in problems] == [
        (
            Severity.WARNING,
            "filter «safe» mematikan pengamanan teks: data yang memuat «<» atau «&» akan "
            "merusak dokumen",
        )
    ]


@pytest.mark.parametrize(
    ("section_part", "part"),
    [
        ("header", "word/header1.xml (kepala halaman)"),
        ("footer", "word/footer1.xml (kaki halaman)"),
    ],
)
def test_unknown_variable_in_header_or_footer(tmp_path, section_part, part):
    def fill(document: Any) -> None:
        document.add_paragraph("{{ judul }}")
        getattr(document.sections[0], section_part).paragraphs[0].text = "{{ kop.pemerintahan }}"

    problems = check(tmp_path, fill, PerjanjianContext)
    assert found(problems) == [
        (
            f"{part}, paragraf 1: «{{{{ kop.pemerintahan }}}}»",
            "«kop.pemerintahan» tidak dikenal: «kop» tidak punya atribut «pemerintahan»; "
            "mungkin maksud Anda 'pemerintah'?",
        )
    ]


def test_problem_reads_as_file_part_place_and_message(tmp_path):
    path = build(tmp_path, paragraphs("{{ nma }}"))
    (problem,) = check_template(path, Surat)
    assert str(problem) == (
        f"{path}: word/document.xml, paragraf 1: «{{{{ nma }}}}»: variabel «nma» tidak dikenal; "
        "mungkin maksud Anda 'nama'?"
    )


# --------------------------------------------------------------------------- 5. not a template


def test_missing_template(tmp_path):
    problems = check_template(tmp_path / "tidak-ada.docx", Surat)
    assert [(p.location.where, p.message) for p in problems] == [(None, "templat tidak ditemukan")]


def test_file_that_is_not_a_docx(tmp_path):
    path = tmp_path / "templat.docx"
    path.write_text("bukan dokumen Word", encoding="utf-8")
    (problem,) = check_template(path, Surat)
    assert problem.message == "templat bukan berkas .docx yang sah (File is not a zip file)"
    assert problem.location.file == str(path)


def test_zip_without_document_xml(tmp_path):
    path = tmp_path / "templat.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/styles.xml", "<w:styles/>")
    assert [p.message for p in check_template(path, Surat)] == [
        "berkas ini tidak memuat word/document.xml; simpan ulang sebagai Dokumen Word (.docx)"
    ]


# --------------------------------------------------------------------------- Word and LibreOffice


def test_quotes_written_as_entities_by_libreoffice_check_clean(tmp_path):
    path = build(tmp_path, paragraphs("Judul", "Nama: {{ nama ~ \"a\" ~ 'b' }}"))
    escaped = tmp_path / "escaped.docx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(escaped, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b'"a"', b"&quot;a&quot;").replace(b"'b'", b"&apos;b&apos;")
            target.writestr(info, data)
    assert b"&quot;a&quot;" in zipfile.ZipFile(escaped).read("word/document.xml")
    assert check_template(escaped, Surat) == []


def test_curly_quotes_that_cannot_be_read_as_a_string_are_reported_with_a_hint(tmp_path):
    problems = check(tmp_path, paragraphs("{{ nama ~ ‘Bapak’s’ }}"))
    assert found(problems) == [
        (
            "word/document.xml, paragraf 1: «{{ nama ~ ‘Bapak’s’ }}»",
            "sintaks «{{ nama ~ 'Bapak's' }}» salah: expected token 'end of print statement', "
            "got 's'; tag ini memuat "
            "kutip lengkung (“ ” ‘ ’), yang dibaca sebagai kutip lurus hanya bila membuka dan "
            "menutup teks: ketik ulang kutipnya sebagai ' atau \" (matikan koreksi otomatis "
            "kutip di Word)",
        )
    ]
