"""Tests for generator.domain.formatting: Indonesian numbers, rupiah, dates, terbilang and numbering."""

import datetime
import random
import re
from decimal import Decimal

import pytest
from num2words import num2words

from generator.domain.formatting import (
    MONTHS,
    MONTHS_SHORT,
    TEMPLATE_FILTERS,
    RupiahStyle,
    format_date,
    format_month_year,
    format_nip,
    format_number,
    format_partial_date,
    format_percent,
    format_place_date,
    format_rupiah,
    letter,
    month_name,
    month_short,
    ordinal_word,
    roman,
    terbilang,
    terbilang_rupiah,
)

# --------------------------------------------------------------------------- format_number


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("2.90"), "2,90"),
        (Decimal("3.0644"), "3,0644"),
        (Decimal("63.3"), "63,3"),
        (1500, "1.500"),
        (Decimal("1234567.891"), "1.234.567,891"),
        (Decimal("-0.5"), "-0,5"),
        (0, "0"),
        (10**15, "1.000.000.000.000.000"),
        (Decimal("1E+3"), "1.000"),
        (Decimal("100727519299"), "100.727.519.299"),
        (-1500, "-1.500"),
        (999, "999"),
        (1000, "1.000"),
    ],
)
def test_number_uses_indonesian_separators_and_keeps_written_precision(value, expected):
    assert format_number(value) == expected


def test_number_keeps_trailing_zeros_the_decimal_carries():
    assert format_number(Decimal("2.90")) == "2,90"
    assert format_number(Decimal("100.00")) == "100,00"
    assert format_number(Decimal("0.000")) == "0,000"


def test_number_never_rounds_four_decimal_targets_to_three():
    assert format_number(Decimal("3.0644")) == "3,0644"
    assert format_number(Decimal("1234.56789")) == "1.234,56789"


def test_number_negative_zero_has_no_sign():
    assert format_number(Decimal("-0")) == "0"
    assert format_number(Decimal("-0.0")) == "0,0"


def test_number_handles_more_digits_than_default_decimal_precision():
    value = Decimal("123456789012345678901234.123456789")
    assert format_number(value) == "123.456.789.012.345.678.901.234,123456789"


def test_number_with_positive_exponent_is_written_out():
    assert format_number(Decimal("1.5E+6")) == "1.500.000"


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_number_rejects_non_finite_values(value):
    with pytest.raises(ValueError):
        format_number(value)


@pytest.mark.parametrize("value", [2.9, 0.0, "2,90", None, True])
def test_number_rejects_floats_and_non_numbers_with_type_error(value):
    with pytest.raises(TypeError):
        format_number(value)


# --------------------------------------------------------------------------- rupiah


def test_rupiah_default_style_matches_reference():
    assert format_rupiah(100727519299) == "Rp. 100.727.519.299"


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        (RupiahStyle.RP_TITIK, "Rp. 100.727.519.299"),
        (RupiahStyle.RP, "Rp 100.727.519.299"),
        (RupiahStyle.RP_SEN, "Rp 100.727.519.299,00"),
        (RupiahStyle.ANGKA, "100.727.519.299"),
        ("rp-titik", "Rp. 100.727.519.299"),
        ("rp", "Rp 100.727.519.299"),
        ("rp-sen", "Rp 100.727.519.299,00"),
        ("angka", "100.727.519.299"),
    ],
)
def test_rupiah_styles_accept_enum_or_setting_string(style, expected):
    assert format_rupiah(100727519299, style) == expected


def test_rupiah_style_values_are_the_setting_names():
    assert [s.value for s in RupiahStyle] == ["rp-titik", "rp", "rp-sen", "angka"]


def test_rupiah_unknown_style_raises_value_error():
    with pytest.raises(ValueError):
        format_rupiah(1500, "IDR")


def test_rupiah_zero_has_no_sign():
    assert format_rupiah(0) == "Rp. 0"
    assert format_rupiah(0, signed=True) == "Rp. 0"
    assert format_rupiah(0, RupiahStyle.RP_SEN) == "Rp 0,00"


def test_rupiah_negative_puts_minus_before_symbol():
    assert format_rupiah(-1500) == "-Rp. 1.500"
    assert format_rupiah(-1500, "rp") == "-Rp 1.500"
    assert format_rupiah(-1500, "rp-sen") == "-Rp 1.500,00"
    assert format_rupiah(-1500, "angka") == "-1.500"


def test_rupiah_signed_marks_positive_selisih_with_plus():
    assert format_rupiah(1500, signed=True) == "+Rp. 1.500"
    assert format_rupiah(-1500, signed=True) == "-Rp. 1.500"
    assert format_rupiah(1500, "angka", signed=True) == "+1.500"


def test_rupiah_unsigned_positive_has_no_plus():
    assert format_rupiah(1500) == "Rp. 1.500"


def test_rupiah_handles_a_quadrillion():
    assert format_rupiah(10**15) == "Rp. 1.000.000.000.000.000"
    assert format_rupiah(10**15, "rp-sen") == "Rp 1.000.000.000.000.000,00"


def test_rupiah_accepts_integral_decimal():
    assert format_rupiah(Decimal("15435519078")) == "Rp. 15.435.519.078"
    assert format_rupiah(Decimal("1500.00"), "angka") == "1.500"


def test_rupiah_rejects_fractional_decimal():
    with pytest.raises(ValueError):
        format_rupiah(Decimal("1500.50"))


@pytest.mark.parametrize("value", [1500.0, "1500", None, True])
def test_rupiah_rejects_floats_and_non_numbers_with_type_error(value):
    with pytest.raises(TypeError):
        format_rupiah(value)


def test_rupiah_rejects_non_finite_decimal():
    with pytest.raises(ValueError):
        format_rupiah(Decimal("NaN"))


# --------------------------------------------------------------------------- percent


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (100, "100%"),
        (Decimal("85.5"), "85,5%"),
        (Decimal("85.50"), "85,50%"),
        (Decimal("3.0644"), "3,0644%"),
        (0, "0%"),
        (Decimal("1250"), "1.250%"),
        (Decimal("-2.5"), "-2,5%"),
    ],
)
def test_percent_keeps_precision_like_numbers(value, expected):
    assert format_percent(value) == expected


def test_percent_rejects_float():
    with pytest.raises(TypeError):
        format_percent(85.5)


# --------------------------------------------------------------------------- months and dates

ALL_MONTHS = [
    (1, "Januari", "Jan"),
    (2, "Februari", "Feb"),
    (3, "Maret", "Mar"),
    (4, "April", "Apr"),
    (5, "Mei", "Mei"),
    (6, "Juni", "Jun"),
    (7, "Juli", "Jul"),
    (8, "Agustus", "Ags"),
    (9, "September", "Sep"),
    (10, "Oktober", "Okt"),
    (11, "November", "Nov"),
    (12, "Desember", "Des"),
]


@pytest.mark.parametrize(("month", "name", "short"), ALL_MONTHS)
def test_every_month_has_indonesian_full_and_short_names(month, name, short):
    assert month_name(month) == name
    assert month_short(month) == short
    assert MONTHS[month - 1] == name
    assert MONTHS_SHORT[month - 1] == short


def test_month_tables_have_twelve_entries():
    assert len(MONTHS) == 12
    assert len(MONTHS_SHORT) == 12


def test_short_august_is_ags_not_babel_agu():
    assert month_short(8) == "Ags"


@pytest.mark.parametrize("month", [0, 13, -1])
def test_month_out_of_range_raises_value_error(month):
    with pytest.raises(ValueError):
        month_name(month)
    with pytest.raises(ValueError):
        month_short(month)


def test_month_must_be_int():
    with pytest.raises(TypeError):
        month_name(1.0)


def test_date_has_no_leading_zero_on_day():
    assert format_date(datetime.date(2022, 2, 10)) == "10 Februari 2022"
    assert format_date(datetime.date(2022, 1, 3)) == "3 Januari 2022"
    assert format_date(datetime.date(2023, 12, 31)) == "31 Desember 2023"


def test_date_rejects_non_dates():
    with pytest.raises(TypeError):
        format_date("2022-02-10")


def test_month_year():
    assert format_month_year(2022, 1) == "Januari 2022"
    assert format_month_year(2023, 8) == "Agustus 2023"


def test_month_year_rejects_invalid_month():
    with pytest.raises(ValueError):
        format_month_year(2022, 13)


def test_partial_date_full_month_or_year_only():
    assert format_partial_date(2022, 2, 10) == "10 Februari 2022"
    assert format_partial_date(2022, 1) == "Januari 2022"
    assert format_partial_date(2022) == "2022"


def test_partial_date_day_without_month_raises_value_error():
    with pytest.raises(ValueError):
        format_partial_date(2022, None, 5)


@pytest.mark.parametrize(("year", "month", "day"), [(2022, 2, 30), (2023, 2, 29), (2022, 4, 31)])
def test_partial_date_impossible_date_raises_value_error(year, month, day):
    with pytest.raises(ValueError):
        format_partial_date(year, month, day)


def test_partial_date_accepts_leap_day():
    assert format_partial_date(2024, 2, 29) == "29 Februari 2024"


def test_partial_date_rejects_invalid_month_and_year():
    with pytest.raises(ValueError):
        format_partial_date(2022, 0)
    with pytest.raises(ValueError):
        format_partial_date(0)


def test_place_date():
    assert format_place_date("Medan", 2022, 1) == "Medan, Januari 2022"
    assert format_place_date("Medan", 2022, 2, 10) == "Medan, 10 Februari 2022"
    assert format_place_date("Medan", 2022) == "Medan, 2022"


def test_place_date_rejects_empty_place():
    with pytest.raises(ValueError):
        format_place_date("  ", 2022, 1)


# --------------------------------------------------------------------------- terbilang


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "nol"),
        (1, "satu"),
        (2, "dua"),
        (9, "sembilan"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (15, "lima belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (21, "dua puluh satu"),
        (37, "tiga puluh tujuh"),
        (99, "sembilan puluh sembilan"),
        (100, "seratus"),
        (101, "seratus satu"),
        (110, "seratus sepuluh"),
        (111, "seratus sebelas"),
        (112, "seratus dua belas"),
        (120, "seratus dua puluh"),
        (200, "dua ratus"),
        (999, "sembilan ratus sembilan puluh sembilan"),
    ],
)
def test_terbilang_small_numbers(n, words):
    assert terbilang(n) == words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (1000, "seribu"),
        (1001, "seribu satu"),
        (1100, "seribu seratus"),
        (1001000, "satu juta seribu"),
        (2001000, "dua juta seribu"),
        (1000001000, "satu miliar seribu"),
        (1001001001, "satu miliar satu juta seribu satu"),
        (10**12 + 1000, "satu triliun seribu"),
    ],
)
def test_terbilang_one_thousand_is_seribu_even_inside_larger_numbers(n, words):
    assert terbilang(n) == words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (11000, "sebelas ribu"),
        (21000, "dua puluh satu ribu"),
        (101000, "seratus satu ribu"),
        (2000, "dua ribu"),
        (1_000_000, "satu juta"),
    ],
)
def test_terbilang_satu_ribu_stays_when_satu_ends_a_larger_group(n, words):
    assert terbilang(n) == words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (1_000_000_000, "satu miliar"),
        (10**12, "satu triliun"),
        (
            208186380462,
            "dua ratus delapan miliar seratus delapan puluh enam juta tiga ratus delapan puluh"
            " ribu empat ratus enam puluh dua",
        ),
        (
            10**15 - 1,
            "sembilan ratus sembilan puluh sembilan triliun"
            " sembilan ratus sembilan puluh sembilan miliar"
            " sembilan ratus sembilan puluh sembilan juta"
            " sembilan ratus sembilan puluh sembilan ribu"
            " sembilan ratus sembilan puluh sembilan",
        ),
        (10**15, "satu kuadriliun"),
    ],
)
def test_terbilang_big_numbers(n, words):
    assert terbilang(n) == words


def test_terbilang_negative_uses_minus():
    assert terbilang(-5) == "minus lima"
    assert terbilang(-1000) == "minus seribu"


def test_terbilang_rejects_float():
    with pytest.raises(TypeError):
        terbilang(5.0)


def test_terbilang_rejects_numbers_beyond_kuadriliun():
    with pytest.raises(ValueError):
        terbilang(10**18)


def _num2words_fixed(n: int) -> str:
    """num2words(lang='id') with its 'satu ribu' and 'min' mistakes corrected."""
    words = num2words(n, lang="id")
    words = re.sub(r"^min ", "minus ", words)
    return re.sub(r"(^|minus |juta |miliar |triliun )satu ribu", r"\1seribu", words)


def test_terbilang_agrees_with_corrected_num2words():
    rng = random.Random(20220210)
    numbers = list(range(0, 2100)) + [rng.randrange(-(10**15) + 1, 10**15) for _ in range(3000)]
    numbers += [10**k + 1000 for k in range(6, 15)] + [10**k for k in range(16)]
    for n in numbers:
        assert terbilang(n) == _num2words_fixed(n), n


def test_terbilang_rupiah():
    assert terbilang_rupiah(100000) == "seratus ribu rupiah"
    assert terbilang_rupiah(0) == "nol rupiah"
    assert terbilang_rupiah(Decimal("1001000")) == "satu juta seribu rupiah"


def test_terbilang_rupiah_rejects_fractions_and_floats():
    with pytest.raises(ValueError):
        terbilang_rupiah(Decimal("1000.5"))
    with pytest.raises(TypeError):
        terbilang_rupiah(1000.0)


# --------------------------------------------------------------------------- NIP


def test_nip_is_grouped_8_6_1_3():
    assert format_nip("197903171999121001") == "19790317 199912 1 001"


@pytest.mark.parametrize(
    "nip",
    [
        "",
        "19790317199912100",  # 17 digits
        "1979031719991210011",  # 19 digits
        "19790317 199912 1 001",  # already grouped
        "19790317199912100A",
        "١٩٧٩٠٣١٧١٩٩٩١٢١٠٠١",  # Arabic-Indic digits
    ],
)
def test_nip_not_18_digits_raises_value_error(nip):
    with pytest.raises(ValueError):
        format_nip(nip)


def test_nip_must_be_a_string():
    with pytest.raises(TypeError):
        format_nip(197903171999121001)


# --------------------------------------------------------------------------- roman, ordinal, letter


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "I"),
        (2, "II"),
        (3, "III"),
        (4, "IV"),
        (5, "V"),
        (6, "VI"),
        (7, "VII"),
        (8, "VIII"),
        (9, "IX"),
        (14, "XIV"),
        (40, "XL"),
        (90, "XC"),
        (400, "CD"),
        (1994, "MCMXCIV"),
        (3999, "MMMCMXCIX"),
    ],
)
def test_roman(n, expected):
    assert roman(n) == expected


@pytest.mark.parametrize("n", [0, -1, 4000])
def test_roman_out_of_range_raises_value_error(n):
    with pytest.raises(ValueError):
        roman(n)


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "KESATU"),
        (2, "KEDUA"),
        (3, "KETIGA"),
        (4, "KEEMPAT"),
        (5, "KELIMA"),
        (6, "KEENAM"),
        (7, "KETUJUH"),
        (8, "KEDELAPAN"),
        (9, "KESEMBILAN"),
        (10, "KESEPULUH"),
        (11, "KESEBELAS"),
        (12, "KEDUA BELAS"),
        (20, "KEDUA PULUH"),
        (21, "KEDUA PULUH SATU"),
        (100, "KESERATUS"),
    ],
)
def test_diktum_ordinal_words(n, expected):
    assert ordinal_word(n) == expected


@pytest.mark.parametrize("n", [0, -3])
def test_ordinal_below_one_raises_value_error(n):
    with pytest.raises(ValueError):
        ordinal_word(n)


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "a"), (2, "b"), (26, "z"), (27, "aa"), (28, "ab"), (52, "az"), (53, "ba"), (702, "zz")],
)
def test_letter_counts_like_spreadsheet_columns(n, expected):
    assert letter(n) == expected


def test_letter_703_rolls_over_to_three_letters():
    assert letter(703) == "aaa"


@pytest.mark.parametrize("n", [0, -1])
def test_letter_below_one_raises_value_error(n):
    with pytest.raises(ValueError):
        letter(n)


# --------------------------------------------------------------------------- template filters


def test_template_filters_expose_the_documented_names():
    expected = {
        "angka": format_number,
        "rupiah": format_rupiah,
        "persen": format_percent,
        "tanggal": format_date,
        "terbilang": terbilang,
        "terbilang_rupiah": terbilang_rupiah,
        "nip": format_nip,
        "romawi": roman,
        "ordinal": ordinal_word,
        "huruf": letter,
        "bulan": month_name,
        "bulan_singkat": month_short,
    }
    assert dict(TEMPLATE_FILTERS) == expected


def test_template_filters_work_in_jinja():
    jinja2 = pytest.importorskip("jinja2")
    env = jinja2.Environment(autoescape=False)
    env.filters.update(TEMPLATE_FILTERS)
    template = env.from_string(
        "{{ pagu|rupiah }} | {{ pagu|rupiah('angka') }} | {{ target|angka }} | "
        "{{ 3|ordinal }} | {{ 8|romawi }} | {{ 8|bulan_singkat }} | {{ pagu|terbilang_rupiah }}"
    )
    assert template.render(pagu=1001000, target=Decimal("2.90")) == (
        "Rp. 1.001.000 | 1.001.000 | 2,90 | KETIGA | VIII | Ags | satu juta seribu rupiah"
    )
