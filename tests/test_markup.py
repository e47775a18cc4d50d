"""Inline markup of narrative text: italics, bold, placeholders, and text that stays text."""

from __future__ import annotations

import pytest

from generator.domain.markup import MarkupError, Span, fill_placeholders, parse_markup, placeholders


def test_italic_bold_and_plain_spans():
    assert parse_markup("tempat kedudukan (*desk to desk*) sebesar **66 (B)**.") == [
        Span("tempat kedudukan ("),
        Span("desk to desk", italic=True),
        Span(") sebesar "),
        Span("66 (B)", bold=True),
        Span("."),
    ]


def test_placeholders_keep_the_style_around_them():
    spans = parse_markup("nilai **{nilai-sakip.target}** di tahun {tahun}")
    assert placeholders("nilai **{nilai-sakip.target}** di tahun {tahun}") == [
        "nilai-sakip.target",
        "tahun",
    ]
    assert fill_placeholders(spans, {"nilai-sakip.target": "66 (B)", "tahun": "2022"}) == [
        Span("nilai "),
        Span("66 (B)", bold=True),
        Span(" di tahun 2022"),
    ]


def test_backslash_writes_a_literal_star_or_brace():
    assert parse_markup(r"5 \* 5 = 25 \{bukan penanda\} C:\\data") == [
        Span("5 * 5 = 25 {bukan penanda} C:\\data")
    ]


def test_template_syntax_in_data_is_only_text():
    assert parse_markup(r"<w:p> & \{\{ x \}\}") == [Span("<w:p> & {{ x }}")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "tenaga *outsourcing atau",
            "tanda * (huruf miring) di 'tenaga *outsourcing atau' tidak ditutup; "
            "tulis \\* untuk bintang biasa",
        ),
        (
            "nilai **66 (B)",
            "tanda ** (huruf tebal) di 'nilai **66 (B)' tidak ditutup; tulis \\*\\* untuk bintang biasa",
        ),
        (
            "sebesar {Nilai SAKIP}",
            "kurung kurawal di 'sebesar {Nilai SAKIP}' bukan penanda yang dikenali "
            "(contoh: {nilai-sakip.target}); tulis \\{ untuk kurung kurawal biasa",
        ),
        (
            "a } b",
            "kurung kurawal tutup di 'a } b' tanpa pembuka; tulis \\} untuk kurung kurawal biasa",
        ),
    ],
)
def test_unreadable_markup_is_explained(text, message):
    with pytest.raises(MarkupError) as info:
        parse_markup(text)
    assert str(info.value) == message
