"""Targets as real PKs write them: numbers, ranges, counts with a unit word, bounds, words,
categories; read by the indikator's unit, printed as written in the pemda's style."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from generator.domain.calculations import checked_target, target_band
from generator.domain.formatting import CategoryDisplay, RangeStyle, format_target
from generator.domain.reference import SCALES
from generator.domain.values import Target, TargetForm, parse_target


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("66", Target(value=D(66))),
        ("2,90", Target(value=D("2.90"))),
        ("85,5%", Target(value=D("85.5"), unit="%")),
        ("95 persen", Target(value=D(95), unit="%")),
        ("18 jenis", Target(value=D(18), unit="jenis")),
        ("12 per 1.000 KH", Target(value=D(12), unit="per 1.000 KH")),
        ("60-75 %", Target(value=D(60), upper=D(75), unit="%", separator="-")),
        ("3 sd 6 hari", Target(value=D(3), upper=D(6), unit="hari", separator="sd")),
        ("1 s.d. 3 hari", Target(value=D(1), upper=D(3), unit="hari", separator="s.d.")),
        ("1 S.D 3 hari", Target(value=D(1), upper=D(3), unit="hari", separator="s.d.")),
        ("3–6 hari", Target(value=D(3), upper=D(6), unit="hari", separator="–")),
        ("3 hari - 6 hari", Target(value=D(3), upper=D(6), unit="hari", separator="-")),
        ("≤ 60 menit", Target(value=D(60), unit="menit", bound="≤")),
        (">= 80%", Target(value=D(80), unit="%", bound="≥")),
        ("66 (B)", Target(value=D(66), stated_category="B")),
        ("B (88,30)", Target(value=D("88.30"), stated_category="B")),
        ("Sangat Baik (92)", Target(value=D(92), stated_category="Sangat Baik")),
        ("Paripurna", Target(text="Paripurna")),
        ("WTP", Target(text="WTP")),
        ("Level 3", Target(text="Level 3")),
        ("Tersedia (1 dokumen)", Target(text="Tersedia (1 dokumen)")),
    ],
)
def test_every_form_real_pks_write_is_read(text, expected):
    assert parse_target(text) == expected


def test_the_forms_are_typed():
    assert parse_target("66").form is TargetForm.NUMBER
    assert parse_target("60-75 %").form is TargetForm.RANGE
    assert parse_target("Paripurna").form is TargetForm.TEXT


def test_a_range_whose_ends_have_different_units_is_an_error():
    with pytest.raises(PydanticCustomError, match="kedua ujungnya bersatuan berbeda"):
        parse_target("3 hari sd 6 minggu")


def checked(text: str, satuan: str | None = None, scale: str | None = None) -> Target:
    return checked_target(parse_target(text), SCALES[scale] if scale else None, satuan)


def printed(text: str, satuan: str | None = None, scale: str | None = None, **style) -> str:
    target = checked(text, satuan, scale)
    return format_target(target, target_band(target, scale), satuan, **style)


@pytest.mark.parametrize(
    ("text", "satuan", "shown"),
    [
        ("60-75 %", None, "60-75%"),
        ("60-75", "%", "60-75%"),
        ("3 sd 6 hari", None, "3 sd 6 hari"),
        ("1 s.d. 3 hari", "hari", "1 s.d. 3 hari"),
        ("3–6 hari", None, "3–6 hari"),
        ("50-70 kali", None, "50-70 kali"),
        ("18 jenis", None, "18 jenis"),
        ("18", "jenis", "18 jenis"),
        ("≤ 60 menit", None, "≤ 60 menit"),
        ("Paripurna", None, "Paripurna"),
        ("1,5 - 2,5 jam", None, "1,5-2,5 jam"),
        ("162.081", "pemeriksaan", "162.081 pemeriksaan"),
        ("1.000-2.000", "orang", "1.000-2.000 orang"),
    ],
)
def test_targets_print_as_written(text, satuan, shown):
    assert printed(text, satuan) == shown


@pytest.mark.parametrize(
    ("style", "shown"),
    [
        (RangeStyle.SEPERTI_DITULIS, "3 sd 6 hari"),
        (RangeStyle.S_D, "3 s.d. 6 hari"),
        (RangeStyle.EN_DASH, "3–6 hari"),
        (RangeStyle.STRIP, "3-6 hari"),
    ],
)
def test_a_pemda_may_join_every_range_its_own_way(style, shown):
    assert printed("3 sd 6 hari", range_style=style) == shown


@pytest.mark.parametrize(
    ("display", "shown"),
    [
        (CategoryDisplay.ANGKA_KATEGORI, "88,30 (B)"),
        (CategoryDisplay.KATEGORI_ANGKA, "B (88,30)"),
        (CategoryDisplay.KATEGORI, "B"),
        (CategoryDisplay.ANGKA, "88,30"),
    ],
)
def test_a_category_prints_as_the_part_of_the_document_chooses(display, shown):
    assert printed("B (88,30)", scale="ikm-konversi", display=display) == shown
    assert printed("B", scale="sakip", display=display) == "B"  # no number to show


def test_162_081_for_a_count_unit_is_162081_never_162_comma_081():
    assert checked("162.081", "pemeriksaan").value == 162081
    assert checked("162.081", "kunjungan").value == 162081
    assert checked("162.081 orang").value == 162081


def test_a_dotted_number_of_a_measure_or_on_a_scale_is_a_decimal():
    assert checked("3.064", scale="ikm").value == D("3.064")
    assert checked("1.500", "hari").value == D("1.500")


def test_an_ambiguous_dotted_number_without_satuan_names_both_readings():
    with pytest.raises(ValueError) as error:
        checked("162.081")
    assert str(error.value) == (
        "angka 162.081 meragukan karena satuannya tidak disebut: bisa dibaca 162081 (seratus "
        "enam puluh dua ribu delapan puluh satu) atau 162,081 (pecahan desimal); tulis 162081 "
        'atau "162,081"'
    )


def test_an_ambiguous_dotted_number_with_an_unknown_unit_names_both_readings():
    with pytest.raises(ValueError, match="satuan 'sampel lab' tidak diketahui bilangan bulat"):
        checked("1.500", "sampel lab")


@pytest.mark.parametrize(
    ("text", "satuan", "message"),
    [
        ("18,5", "jenis", "satuan 'jenis' dihitung dengan bilangan bulat, ditemukan 18,5"),
        ("75-60 %", None, "rentang 75-60%: batas bawah 75 lebih besar dari batas atas 60"),
        ("3 hari", "jam", "satuan pada target ('hari') tidak sama dengan satuan indikator ('jam')"),
        ("85%", "dokumen", "target ditulis dengan '%' tetapi satuannya 'dokumen'"),
        ("Tersedia", "dokumen", "target teks 'Tersedia' tidak cocok dengan satuan 'dokumen'"),
    ],
)
def test_targets_that_contradict_their_unit_are_errors(text, satuan, message):
    with pytest.raises(ValueError) as error:
        checked(text, satuan)
    assert str(error.value) == message


def test_a_range_cannot_be_graded_on_a_scale():
    with pytest.raises(ValueError, match="tidak bisa dinilai dengan skala nilai SAKIP"):
        checked("60-70", scale="sakip")


# --------------------------------------------------------------------------- properties

_numbers = st.decimals(min_value=0, max_value=10**7, places=3, allow_nan=False)
_units = st.sampled_from([None, "%", "hari", "jenis", "orang", "per 1.000 KH", "sampel uji"])


@st.composite
def targets(draw) -> Target:
    low = draw(_numbers)
    unit = draw(_units)
    if draw(st.booleans()):
        high = draw(_numbers)
        separator = draw(st.sampled_from(["-", "–", "sd", "s.d.", "s/d"]))
        return Target(value=low, upper=high, unit=unit, separator=separator)
    bound = draw(st.sampled_from([None, "≤", "≥", "<", ">"]))
    return Target(value=low, unit=unit, bound=bound)


@given(targets(), st.booleans())
def test_a_target_written_out_reads_back_the_same(target, comma):
    """What YAML and the workbook store (`str`, or with decimal commas) is read back as the
    same target, whatever the unit: no decimal is ever taken for thousands."""
    read = parse_target(target.written(comma=comma))
    assert read == target
    assert not any(read.dotted)


@given(st.text(max_size=40))
def test_any_text_is_a_target_or_a_clear_error(text):
    try:
        target = parse_target(text)
    except PydanticCustomError as error:
        assert "rentang" in error.message()
        return
    assert target.form in TargetForm
