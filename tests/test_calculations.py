"""Derived values: categories on regulation scales, totals, means."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from generator.calculations import category_of, mean, percentage, round_to, target_band, total
from generator.models.types import Target, validate_target
from generator.reference import ScaleKey


@pytest.mark.parametrize(
    ("value", "category"),
    [
        ("0", "D"),
        ("30", "D"),
        ("30.01", "C"),
        ("50", "C"),
        ("50.01", "CC"),
        ("60", "CC"),
        ("60.01", "B"),
        ("66", "B"),
        ("70", "B"),
        ("70.01", "BB"),
        ("80", "BB"),
        ("80.01", "A"),
        ("90", "A"),
        ("90.01", "AA"),
        ("100", "AA"),
    ],
)
def test_sakip_categories_include_their_upper_bound(value, category):
    assert category_of(D(value), ScaleKey.SAKIP).category == category


@pytest.mark.parametrize(
    ("value", "category", "label"),
    [
        ("1.00", "D", "Tidak Baik"),
        ("2.5996", "D", "Tidak Baik"),
        ("2.5999", "D", "Tidak Baik"),
        ("2.60", "C", "Kurang Baik"),
        ("2.90", "C", "Kurang Baik"),
        ("3.064", "C", "Kurang Baik"),
        ("3.0642", "C", "Kurang Baik"),
        ("3.0644", "B", "Baik"),
        ("3.532", "B", "Baik"),
        ("3.5324", "A", "Sangat Baik"),
        ("4.00", "A", "Sangat Baik"),
    ],
)
def test_ikm_categories_start_at_the_regulation_lower_bounds(value, category, label):
    band = category_of(D(value), ScaleKey.IKM)
    assert (band.category, band.label) == (category, label)


@pytest.mark.parametrize(
    ("value", "category"),
    [
        ("25", "D"),
        ("64.99", "D"),
        ("65", "C"),
        ("76.60", "C"),
        ("76.61", "B"),
        ("88.30", "B"),
        ("88.31", "A"),
        ("100", "A"),
    ],
)
def test_ikm_conversion_scale(value, category):
    assert category_of(D(value), ScaleKey.IKM_KONVERSI).category == category


@pytest.mark.parametrize(
    ("scale", "value"),
    [
        (ScaleKey.SAKIP, "-0.01"),
        (ScaleKey.SAKIP, "100.01"),
        (ScaleKey.IKM, "0.99"),
        (ScaleKey.IKM, "4.01"),
    ],
)
def test_values_outside_a_scale_are_rejected(scale, value):
    with pytest.raises(ValueError, match="di luar rentang"):
        category_of(D(value), scale)


def test_a_textual_target_on_a_scale_is_its_own_category():
    assert target_band(Target(text="BB"), ScaleKey.SAKIP).category == "BB"
    with pytest.raises(ValueError, match="bukan kategori"):
        target_band(Target(text="Baik"), ScaleKey.SAKIP)


def test_a_target_without_scale_has_no_category():
    assert target_band(Target(value=D("85.5")), None) is None


@pytest.mark.parametrize(
    ("written", "value", "category", "percent"),
    [
        ("66 (B)", D("66"), "B", False),
        ("3,0644 (B)", D("3.0644"), "B", False),
        ("B (88,30)", D("88.30"), "B", False),
        ("85,5%", D("85.5"), None, True),
        ("2,90", D("2.90"), None, False),
        ("1.234.567,5", D("1234567.5"), None, False),
    ],
)
def test_targets_written_as_text_are_read_as_numbers(written, value, category, percent):
    target = validate_target(written)
    assert (target.value, target.stated_category, target.percent) == (value, category, percent)
    assert str(target.value) == str(value)


def test_total_of_the_reference_programs():
    assert total([100727519299, 107458861163]) == 208186380462


def test_mean_is_exact_and_rounding_is_explicit_half_up():
    values = [
        D(v)
        for v in (
            "2.670",
            "2.667",
            "2.789",
            "2.757",
            "2.799",
            "3.111",
            "2.638",
            "2.851",
            "2.784",
            "2.817",
        )
    ]
    assert mean(values) == D("2.7883")
    assert round_to(mean(values), 3) == D("2.788")
    assert round_to(D("2.0005"), 3) == D("2.001")
    with pytest.raises(ValueError):
        mean([])


def test_percentage():
    assert percentage(855, 930) == D(855) * 100 / D(930)
    assert percentage(1, 4) == D(25)
    with pytest.raises(ValueError, match="nol"):
        percentage(1, 0)
