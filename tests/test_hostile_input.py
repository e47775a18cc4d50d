"""Input a new user really produces: characters pasted from Word, files saved by Notepad,
numbers too large for words, files hidden by their name, and a bug in pkgen itself. Each
ends in a message naming file, line (and column) — never a traceback."""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import pytest
from conftest import SKPD_YAML, pkgen
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import cli
from generator.build import pipeline
from generator.build.crash import origin, report_folder
from generator.build.pipeline import build
from generator.build.report import BuildOptions, Status
from generator.data.loading import load_batch
from generator.data.yamlsource import (
    _not_utf8,
    character_name,
    forbidden_characters,
    load_yaml,
)
from generator.domain.formatting import TERBILANG_LIMIT, terbilang
from generator.errors import display_path
from generator.pdf.convert import document_size

FILE = Path("agreements/2022/dprd.yaml")


# --------------------------------------------------------------------------- control characters


def test_a_vertical_tab_in_a_comment_is_named_with_line_and_column():
    _, problems = load_yaml(FILE, "tahun: 2022\n# catatan\x0b dari Word\nunit: x\n")
    assert [str(p) for p in problems] == [
        "agreements/2022/dprd.yaml:2: kolom 10: karakter U+000B LINE TABULATION (tab vertikal, "
        "sering terbawa saat menyalin dari Word) tidak boleh ada di berkas YAML (juga di "
        "komentar); hapus karakter itu"
    ]


def test_every_control_character_of_a_file_is_reported_at_once():
    _, problems = load_yaml(FILE, "a: x\x0cy\nb: ok\nc: \x00\n")
    assert [(p.location.line, p.location.where) for p in problems] == [
        (1, "kolom 5"),
        (3, "kolom 4"),
    ]
    assert "U+000C FORM FEED (pemisah halaman)" in problems[0].message
    assert "U+0000 NULL (karakter nol)" in problems[1].message


def test_the_escaped_form_is_still_fine():
    document, problems = load_yaml(FILE, 'a: "x\\vy"\n')
    assert problems == []
    assert document is not None and document.data == {"a": "x\x0by"}


def test_character_names():
    assert character_name("\x1b") == "U+001B ESCAPE (escape)"
    assert character_name("\x7f") == "U+007F DELETE (delete)"
    assert character_name("\x85") == "U+0085 karakter kendali C1"
    assert character_name("\ufffe") == "U+FFFE bukan karakter"


FORBIDDEN = st.one_of(
    st.characters(min_codepoint=0, max_codepoint=8),
    st.sampled_from(["\x0b", "\x0c", "\x7f", "\x9f", "\ufffe", "\uffff"]),
    st.characters(min_codepoint=0x0E, max_codepoint=0x1F),
)
SAFE_TEXT = st.text(st.characters(whitelist_categories=("L", "N", "Zs")), max_size=20)


@settings(max_examples=200, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(SAFE_TEXT, min_size=1, max_size=6),
    where=st.integers(min_value=0),
    column=st.integers(min_value=0),
    char=FORBIDDEN,
)
def test_a_forbidden_character_anywhere_is_found_where_it_is(lines, where, column, char):
    row = where % len(lines)
    body = [f"k{i}: {text}" if i != row else f"# {text}" for i, text in enumerate(lines)]
    target = body[row]
    at = column % (len(target) + 1)
    body[row] = target[:at] + char + target[at:]
    text = "\n".join(body) + "\n"
    document, problems = load_yaml(FILE, text)  # never raises
    assert document is None
    assert [(p.location.line, p.location.where) for p in problems] == [(row + 1, f"kolom {at + 1}")]
    assert problems == forbidden_characters(FILE, text)


def test_a_control_character_in_pemda_yaml_fails_the_folder_with_its_place(year_folder):
    folder = year_folder(dprd=SKPD_YAML)
    pemda = folder / "pemda.yaml"
    pemda.write_text(pemda.read_text() + "# \x0b\n", encoding="utf-8")
    line = pemda.read_text(encoding="utf-8").count("\n")  # splitlines() would split at \v
    batch = load_batch([folder])
    assert batch.agreements == []
    errors = [str(p) for p in batch.problems if p.is_error]
    assert any(
        e.startswith(f"{display_path(pemda)}:{line}: kolom 3: karakter U+000B LINE TABULATION")
        for e in errors
    ), errors


# --------------------------------------------------------------------------- encodings


def test_a_file_saved_as_windows_1252_says_so():
    raw = "tahun: 2022\nunit:\n  nama: Dinas Pendidikán\n".encode("cp1252")
    path = Path("agreements/2022/dinas.yaml")
    text_error = None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        text_error = exc
    assert text_error is not None
    problem = _not_utf8(path, raw, text_error)
    assert str(problem) == (
        "agreements/2022/dinas.yaml:3: kolom 23: berkas bukan teks UTF-8: byte 0xE1; tampaknya "
        "pengodean Windows-1252 (ANSI), di situ tertulis 'á'; simpan ulang dengan pengodean UTF-8"
    )


def test_a_non_utf8_file_is_reported_by_the_loader_with_line_and_column(tmp_path):
    path = tmp_path / "dinas.yaml"
    path.write_bytes("a: 1\nb: caf\xe9\n".encode("latin-1"))
    document, [problem] = load_yaml(path)
    assert document is None
    assert (problem.location.line, problem.location.where) == (2, "kolom 7")
    assert "Windows-1252" in problem.message and "'é'" in problem.message


# --------------------------------------------------------------------------- terbilang


def test_terbilang_writes_up_to_its_limit_and_not_beyond():
    assert terbilang(TERBILANG_LIMIT - 1).startswith("sembilan ratus sembilan puluh sembilan")
    with pytest.raises(ValueError, match="limit is 999999999999999999"):
        terbilang(TERBILANG_LIMIT)


def test_an_anggaran_total_beyond_words_is_a_validation_error_at_its_program(year_folder):
    text = SKPD_YAML.replace(
        "program:\n  - nama: Program Administrasi Umum\n    anggaran: 100727519299\n",
        "program:\n  - nama: Program Administrasi Umum\n    anggaran: 100727519299\n"
        "  - nama: Program Besar\n    anggaran: 999999999999999999\n",
    )
    folder = year_folder(dprd=text)
    batch = load_batch([folder])
    [problems] = batch.groups[0].failed.values()
    assert [str(p) for p in problems] == [
        f"{display_path(folder / 'dprd.yaml')}:22: program[1].anggaran: jumlah anggaran sampai program ini, "
        "1.000.000.100.727.519.298 rupiah, terlalu besar untuk ditulis dengan huruf "
        "(terbilang); paling besar 999.999.999.999.999.999"
    ]


@settings(max_examples=60, database=None, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=TERBILANG_LIMIT), min_size=1, max_size=4))
def test_anggaran_totals_are_refused_exactly_from_the_limit(amounts):
    from generator.data.checks.perjanjian import _written_in_words
    from generator.data.models.perjanjian import PerjanjianKinerja
    from generator.data.yamlsource import load_yaml as read

    base = SKPD_YAML.split("program:\n")[0]
    programs = "".join(f"  - nama: P{i}\n    anggaran: {a}\n" for i, a in enumerate(amounts))
    document, _ = read(FILE, base + "program:\n" + programs)
    assert document is not None
    pk = PerjanjianKinerja.model_validate(document.data)
    findings = list(_written_in_words(pk))
    assert bool(findings) == (sum(amounts) >= TERBILANG_LIMIT)
    if findings:
        running = 0
        for index, amount in enumerate(amounts):
            running += amount
            if running >= TERBILANG_LIMIT:
                assert findings[0][0] == ("program", index, "anggaran")
                break


def test_check_and_build_report_the_limit_and_build_the_other_skpd(year_folder, tmp_path):
    big = SKPD_YAML.replace("anggaran: 100727519299", "anggaran: 1000000000000000000")
    folder = year_folder(besar=big, baik=SKPD_YAML)
    checked = pkgen("check", "agreements/2022", cwd=tmp_path)
    assert checked.returncode == 1
    assert "Traceback" not in checked.stderr
    assert "agreements/2022/besar.yaml:20: program[0].anggaran: jumlah anggaran" in checked.stderr
    report = build([folder], BuildOptions(tmp_path / "output", pdf=False))
    assert {o.source.stem: o.status for o in report.outcomes} == {
        "baik": Status.BUILT,
        "besar": Status.FAILED,
    }
    assert (tmp_path / "output/2022/baik/perjanjian-kinerja.docx").is_file()


# --------------------------------------------------------------------------- hidden files


def test_a_data_file_named_with_a_leading_dot_is_a_warning_not_silence(year_folder):
    folder = year_folder(dprd=SKPD_YAML)
    (folder / "..yaml").write_text(SKPD_YAML, encoding="utf-8")
    batch = load_batch([folder])
    assert [a.slug for a in batch.agreements] == ["dprd"]
    [warning] = batch.problems
    assert not warning.is_error
    assert warning.location.file.endswith("..yaml")
    assert warning.message == (
        "berkas diabaikan karena namanya diawali titik (berkas tersembunyi); "
        "ganti namanya jika berisi data SKPD"
    )


# --------------------------------------------------------------------------- pkgen's own bugs


def test_an_unexpected_exception_is_a_located_message_and_a_crash_report(
    year_folder, tmp_path, monkeypatch, capsys
):
    year_folder(dprd=SKPD_YAML)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PKGEN_LAPORAN_GALAT", str(tmp_path / "laporan"))
    monkeypatch.setattr(sys, "argv", ["pkgen", "build", "agreements/2022", "--no-pdf"])

    def broken(*args, **kwargs):
        raise KeyError("kunci-hilang")

    # A bug outside any SKPD: in the plan, which every build goes through.
    monkeypatch.setattr(pipeline, "_plan", broken)
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    [report] = list((tmp_path / "laporan").iterdir())
    assert err.strip() == (
        "kesalahan internal pkgen: KeyError: 'kunci-hilang' (di generator/build/pipeline.py:"
        f"{call_line(pipeline.build, '_plan(')} (build)). Laporan galat: {report}; kirimkan "
        "berkas itu kepada pengembang"
    )
    text = report.read_text(encoding="utf-8")
    assert "perintah: pkgen build agreements/2022 --no-pdf" in text
    assert "pkgen: 0.1.0" in text and "python: 3." in text and "libreoffice: " in text
    assert "Traceback (most recent call last)" in text
    assert "KeyError: 'kunci-hilang'" in text


def call_line(function, call: str) -> int:
    """The line number of the one line of `function` that holds `call`."""
    lines, first = inspect.getsourcelines(function)
    [number] = [first + i for i, line in enumerate(lines) if call in line]
    return number


def test_a_bug_while_making_one_skpd_fails_that_skpd_only(year_folder, tmp_path, monkeypatch):
    folder = year_folder(dprd=SKPD_YAML, dinas=SKPD_YAML)
    monkeypatch.setenv("PKGEN_LAPORAN_GALAT", str(tmp_path / "laporan"))
    render = pipeline.Renderer.render

    def fails_for_dprd(self, agreement):
        if agreement.slug == "dprd":
            raise ZeroDivisionError("bagi nol")
        return render(self, agreement)

    monkeypatch.setattr(pipeline.Renderer, "render", fails_for_dprd)
    report = build([folder], BuildOptions(tmp_path / "output", pdf=False))
    by_label = {o.source.stem: o for o in report.outcomes}
    assert by_label["dinas"].status is Status.BUILT
    assert by_label["dprd"].status is Status.FAILED
    [reason] = by_label["dprd"].reasons
    [crash] = list((tmp_path / "laporan").iterdir())
    assert reason == (
        "kesalahan internal pkgen saat membuat dokumen dari "
        f"{display_path(folder / 'dprd.yaml')}: ZeroDivisionError: bagi nol (di "
        f"generator/build/pipeline.py:{call_line(pipeline._render, 'renderer.render(')} "
        f"(_render)). Laporan galat: {crash}; kirimkan berkas itu kepada pengembang"
    )


def test_the_origin_is_the_innermost_pkgen_frame():
    try:
        terbilang(TERBILANG_LIMIT)
    except ValueError as exc:
        assert origin(exc).startswith("generator/domain/formatting.py:")
        assert origin(exc).endswith("(terbilang)")


def test_crash_reports_go_below_xdg_state_home(monkeypatch, tmp_path):
    monkeypatch.delenv("PKGEN_LAPORAN_GALAT", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert report_folder() == tmp_path / "pkgen" / "laporan-galat"


# --------------------------------------------------------------------------- huge documents


def test_a_huge_table_gets_more_time_and_a_note_an_ordinary_one_does_not(tmp_path):
    from docx import Document

    def docx_with_rows(rows: int) -> bytes:
        document = Document()
        table = document.add_table(rows=rows, cols=2)
        table.cell(0, 0).text = "x"
        path = tmp_path / f"{rows}.docx"
        document.save(path)
        return path.read_bytes()

    small = document_size(docx_with_rows(40))
    assert small.table_rows == 40
    assert small.timeout(120) == 120 and small.note == ""
    huge = document_size(docx_with_rows(10_000))
    assert huge.table_rows == 10_000
    assert huge.note == "dokumen besar: 10.000 baris tabel, ±370 halaman"
    assert huge.timeout(120) == 1800  # three times the expected 600 s
    assert document_size(b"not a zip").table_rows == 0
