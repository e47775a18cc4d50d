"""Reading numbers from cells: the digits the cell shows, never float artefacts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.workbook.cells import CellValueError, format_spec, noise_free, shown_decimal
from generator.workbook.layout import number_format


@pytest.mark.parametrize(
    ("code", "places", "percent"),
    [
        ("General", None, False),
        (None, None, False),
        ("@", None, False),
        ("0", 0, False),
        ("0.00", 2, False),
        ("#,##0.0000", 4, False),
        ("[$-421]#,##0.00", 2, False),
        ("#,##0.00_);[Red](#,##0.00)", 2, False),
        ('"Rp "#,##0', 0, False),
        ("0.0%", 1, True),
        ("0%", 0, True),
        ("0.00E+00", None, False),
        ("# ?/?", None, False),
    ],
)
def test_a_number_format_says_how_many_decimals_the_cell_shows(code, places, percent):
    assert format_spec(code) == type(format_spec(None))(places, percent)


def test_pkgen_number_formats_show_exactly_the_digits_with_the_indonesian_locale():
    assert number_format(0) == "[$-421]#,##0"
    assert number_format(2) == "[$-421]#,##0.00"


@pytest.mark.parametrize(
    ("value", "code", "expected"),
    [
        (2.9, "0.00", "2.90"),
        (2.9, "General", "2.9"),
        (2.8999999999999999, "General", "2.9"),
        (2.9000000000000004, "#,##0.00", "2.90"),
        (3.0644, "[$-421]#,##0.0000", "3.0644"),
        (66, "0", "66"),
        (66.0, "General", "66"),
        (55.0, "0.00", "55.00"),
        (0.855, "0.0%", "85.5"),
        (100727519299, "#,##0", "100727519299"),
    ],
)
def test_a_number_comes_back_with_the_digits_its_cell_shows(value, code, expected):
    assert str(shown_decimal(value, code)) == expected


def test_a_cell_that_hides_digits_of_its_number_is_an_error_not_a_rounding():
    with pytest.raises(CellValueError) as error:
        shown_decimal(3.0644, "0.00")
    assert str(error.value) == (
        "angka 3,0644 tampil sebagai 3,06 karena format sel; ubah format sel agar semua "
        "desimal tampil, atau ketik angka yang dimaksud"
    )


def test_binary_noise_is_dropped_at_fifteen_significant_digits():
    assert noise_free(0.1 + 0.2) == Decimal("0.3")
    assert noise_free(208186380462) == Decimal(208186380462)
