"""Reading YAML: exact numbers, lines for every key, no silent data loss."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

from generator.data.yamlsource import SourceDecimal, format_field_path, load_yaml

FILE = Path("agreements/2022/dprd.yaml")


def load(text: str):
    document, problems = load_yaml(FILE, text)
    return document, [str(p) for p in problems]


def test_decimals_keep_the_digits_as_written_and_are_never_floats():
    document, problems = load("a: 2.90\nb: 3.0644\nc: 63.3\nd: 1_000.50\n")
    assert problems == []
    assert document.data["a"] == Decimal("2.90")
    assert str(document.data["a"]) == "2.90"
    assert isinstance(document.data["b"], SourceDecimal)
    assert str(document.data["b"]) == "3.0644"
    assert document.data["d"] == Decimal("1000.50")
    assert not any(isinstance(v, float) for v in document.data.values())


def test_a_key_written_twice_is_an_error_naming_both_lines():
    _, problems = load("program:\n  - nama: A\n    anggaran: 1\n    anggaran: 2\n")
    assert problems == [
        "agreements/2022/dprd.yaml:4: program[0].anggaran: kunci 'anggaran' ditulis dua kali "
        "(pertama di baris 3); hapus salah satu agar tidak ada data yang hilang"
    ]


def test_every_key_and_list_item_remembers_its_line():
    document, _ = load("a: 1\nlist:\n  - x: 1\n    y: 2\n  - x: 3\n")
    assert document.line_of(("list", 1, "x")) == 5
    assert document.line_of(("list", 0, "y")) == 4
    assert document.line_of(("list", 1, "missing")) == 5


def test_numbers_with_a_leading_zero_and_yes_no_words_stay_text():
    document, _ = load("telepon: 0614537728\nkode: 0612\nketerangan: no\nlain: yes\n")
    assert document.data == {
        "telepon": "0614537728",
        "kode": "0612",
        "keterangan": "no",
        "lain": "yes",
    }


def test_integers_remember_their_source_text():
    document, _ = load("kode_pos: 20112\n")
    assert document.data["kode_pos"] == 20112
    assert document.data["kode_pos"].source == "20112"


def test_iso_dates_become_dates():
    document, _ = load("tanggal: 2022-02-10\n")
    assert document.data["tanggal"] == datetime.date(2022, 2, 10)


def test_syntax_errors_are_explained_in_indonesian_with_the_line():
    _, problems = load("a: 1\nb: c: d\n")
    assert problems == [
        "agreements/2022/dprd.yaml:2: kesalahan sintaks YAML: tanda ':' tidak boleh di sini "
        "(teks yang memuat ': ' perlu diberi tanda kutip)"
    ]


def test_an_unclosed_quote_points_at_where_it_was_opened():
    _, problems = load('a: 1\nb: "tidak ditutup\nc: 3\n')
    assert problems == [
        "agreements/2022/dprd.yaml:2: kesalahan sintaks YAML: tanda kutip atau kurung tidak "
        "ditutup sampai akhir berkas"
    ]


def test_tabs_used_for_indentation_are_explained():
    _, problems = load("a:\n\tb: 1\n")
    assert len(problems) == 1
    assert "tab" in problems[0] and ":2:" in problems[0]


def test_an_empty_file_is_reported():
    document, problems = load("# hanya komentar\n")
    assert document is None
    assert problems == ["agreements/2022/dprd.yaml:1: berkas kosong"]


def test_a_file_that_is_not_utf8_is_reported(tmp_path: Path):
    path = tmp_path / "x.yaml"
    path.write_bytes("nama: Kecamatan\nalamat: Jl. M\xe9dan\n".encode("latin-1"))
    document, problems = load_yaml(path)
    assert document is None
    assert problems[0].location.line == 2
    assert "UTF-8" in problems[0].message


def test_merge_keys_are_rejected_rather_than_half_supported():
    _, problems = load("base: &b\n  x: 1\nother:\n  <<: *b\n  y: 2\n")
    assert problems == [
        "agreements/2022/dprd.yaml:4: other: kunci gabungan '<<' tidak didukung; tulis isinya langsung"
    ]


def test_field_paths_are_printed_like_the_data():
    assert (
        format_field_path(("sasaran", 1, "indikator", 0, "target"))
        == "sasaran[1].indikator[0].target"
    )
