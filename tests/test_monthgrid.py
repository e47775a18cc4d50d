"""Months as data and as a 12-cell grid (PK roadmap and RB RATL share this)."""

from __future__ import annotations

import pytest
from pydantic_core import PydanticCustomError

from generator.domain.monthgrid import SHADE, month_cells, parse_months


@pytest.mark.parametrize(
    ("spec", "months"),
    [
        ([1, 4, 7, 10, 12], {1, 4, 7, 10, 12}),
        ("1-12", set(range(1, 13))),
        ("2-5", {2, 3, 4, 5}),
        ("1-3, 7", {1, 2, 3, 7}),
        ("Jan-Mar, Des", {1, 2, 3, 12}),
        (5, {5}),
        (["1-2", 9], {1, 2, 9}),
        (None, set()),
        ("", set()),
    ],
)
def test_month_specs(spec, months):
    assert parse_months(spec) == frozenset(months)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (13, "bulan 13 di luar 1–12"),
        (0, "bulan 0 di luar 1–12"),
        ("5-3", "rentang bulan '5-3' terbalik: bulan awal 5 setelah bulan akhir 3"),
        ("1-13", "bulan 13 di luar 1–12"),
        ("Januar", "bulan 'Januar' dalam 'Januar' tidak dikenal (pakai 1–12 atau Jan–Des)"),
        ("1--3", "rentang bulan '1--3' tidak bisa dibaca (contoh: \"1-3, 7\")"),
        ([[1]], "daftar bulan tidak boleh bersarang"),
        (True, 'bulan harus berupa angka 1–12, daftar, atau rentang seperti "1-3, 7"'),
    ],
)
def test_invalid_month_specs_are_explained(spec, message):
    with pytest.raises(PydanticCustomError) as info:
        parse_months(spec)
    assert info.value.message() == message


def test_grid_cells_mark_or_shade_the_months():
    marked = month_cells(frozenset({1, 12}))
    assert [c.mark for c in marked] == ["■"] + [""] * 10 + ["■"]
    assert {c.fill for c in marked} == {"auto"}
    shaded = month_cells(frozenset({2}), mark="", shade=SHADE)
    assert [c.fill for c in shaded][:3] == ["auto", SHADE, "auto"]
    assert [c.month for c in shaded] == list(range(1, 13))
