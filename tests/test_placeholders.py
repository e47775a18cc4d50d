"""Placeholders in shared text: named, known, substituted once, never template code."""

from __future__ import annotations

from generator.domain.placeholders import PLACEHOLDERS, fill, placeholders_in, unknown_placeholder
from generator.domain.reference import RB_PROGRAMS, find_rb_program


def test_placeholders_are_replaced_by_their_values():
    values = {"unit": "Dinas Perdagangan dan Perindustrian Kota Depok", "tahun": "2022"}
    assert (
        fill("Rencana Kerja {unit} Tahun {tahun}", values)
        == "Rencana Kerja Dinas Perdagangan dan Perindustrian Kota Depok Tahun 2022"
    )


def test_substituted_values_are_not_expanded_again_and_template_code_stays_text():
    values = {"unit": "Dinas {tahun} {{ 7*7 }}", "tahun": "2022"}
    assert fill("{unit} / {tahun} / {{ x }} / {% if %}", values) == (
        "Dinas {tahun} {{ 7*7 }} / 2022 / {{ x }} / {% if %}"
    )


def test_unknown_placeholders_are_found_in_order():
    assert placeholders_in("{unit} {tahun} {unti}") == ["unit", "tahun", "unti"]
    assert unknown_placeholder("{unit} {unti}", PLACEHOLDERS) == "unti"
    assert unknown_placeholder("{unit} {tahun}", PLACEHOLDERS) is None
    assert unknown_placeholder("teks { tanpa } placeholder", PLACEHOLDERS) is None


def test_rb_programs_are_found_by_roman_numeral_number_or_key():
    assert [p.roman for p in RB_PROGRAMS] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
    assert find_rb_program("VI") is find_rb_program(6) is find_rb_program("penguatan-akuntabilitas")
    assert find_rb_program("vi").name == "Penguatan Akuntabilitas"
    assert find_rb_program("IX") is None
    assert find_rb_program(0) is None
