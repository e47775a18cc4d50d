"""Numbers derived from position: list markers, diktum ordinals, section numbers."""

from __future__ import annotations

import pytest

from generator.domain.numbering import (
    ListStyle,
    default_list_style,
    diktum_labels,
    list_marker,
    section_number,
)


def test_diktum_ordinals_are_consecutive_from_kesatu():
    assert diktum_labels(6) == ["KESATU", "KEDUA", "KETIGA", "KEEMPAT", "KELIMA", "KEENAM"]
    assert diktum_labels(12)[-1] == "KEDUA BELAS"
    assert diktum_labels(0) == []


@pytest.mark.parametrize(
    ("style", "n", "marker"),
    [
        (ListStyle.ANGKA, 3, "3."),
        (ListStyle.HURUF, 3, "c."),
        (ListStyle.HURUF, 27, "aa."),
        (ListStyle.ANGKA_KURUNG, 10, "10)"),
        (ListStyle.HURUF_KURUNG, 2, "b)"),
        (ListStyle.ROMAWI, 8, "VIII."),
        (ListStyle.CENTANG, 5, "✓"),
        (ListStyle.PELURU, 1, "•"),
        (ListStyle.STRIP, 1, "-"),
    ],
)
def test_list_markers(style, n, marker):
    assert list_marker(style, n) == marker


def test_nested_lists_go_from_numbers_to_letters_to_parenthesised_forms():
    assert [default_list_style(d) for d in range(1, 6)] == [
        ListStyle.ANGKA,
        ListStyle.HURUF,
        ListStyle.ANGKA_KURUNG,
        ListStyle.HURUF_KURUNG,
        ListStyle.ANGKA,
    ]


def test_numbering_starts_at_one():
    with pytest.raises(ValueError):
        list_marker(ListStyle.ANGKA, 0)
    with pytest.raises(ValueError):
        default_list_style(0)
    with pytest.raises(ValueError):
        section_number(1, 0)
    assert section_number(2, 1) == "2.1"
