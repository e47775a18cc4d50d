"""Months of the year as data (`[1, 4, 7]`, `"1-12"`, `"1-3, 7"`) and as a 12-cell grid.

The PK roadmap and the RB RATL both mark months in a Jan–Des grid; this module is the one
implementation of both the parsing and the cells a template prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator

from generator.domain.formatting import MONTHS, MONTHS_SHORT
from generator.errors import invalid

_MONTH_BY_NAME = {name.lower(): i for i, name in enumerate(MONTHS, start=1)} | {
    name.lower(): i for i, name in enumerate(MONTHS_SHORT, start=1)
}
_PART = re.compile(r"^\s*(?P<start>[0-9A-Za-z]+)\s*(?:-\s*(?P<end>[0-9A-Za-z]+)\s*)?$")


def _month_number(token: str, whole: str) -> int:
    if token.isdigit():
        month = int(token)
    elif token.lower() in _MONTH_BY_NAME:
        month = _MONTH_BY_NAME[token.lower()]
    else:
        raise invalid(f"bulan {token!r} dalam {whole!r} tidak dikenal (pakai 1–12 atau Jan–Des)")
    if not 1 <= month <= 12:
        raise invalid(f"bulan {month} di luar 1–12")
    return month


def _ordered(months: set[int]) -> frozenset[int]:
    """The set built in ascending order: equal sets then also print (repr) alike."""
    return frozenset(sorted(months))


def parse_months(value: Any) -> frozenset[int]:
    """Months named by a list, a number, or text with ranges; ValueError with an Indonesian message."""
    if value is None:
        return frozenset()
    if isinstance(value, bool):
        raise invalid('bulan harus berupa angka 1–12, daftar, atau rentang seperti "1-3, 7"')
    if isinstance(value, int):
        if not 1 <= value <= 12:
            raise invalid(f"bulan {value} di luar 1–12")
        return frozenset({int(value)})
    if isinstance(value, list):
        months: set[int] = set()
        for item in value:
            if isinstance(item, list):
                raise invalid("daftar bulan tidak boleh bersarang")
            months |= parse_months(item)
        return _ordered(months)
    if isinstance(value, str):
        months = set()
        text = value.strip()
        if not text:
            return frozenset()
        for part in text.split(","):
            match = _PART.match(part)
            if not match:
                raise invalid(
                    f'rentang bulan {part.strip()!r} tidak bisa dibaca (contoh: "1-3, 7")'
                )
            start = _month_number(match.group("start"), text)
            end = _month_number(match.group("end"), text) if match.group("end") else start
            if end < start:
                raise invalid(
                    f"rentang bulan {part.strip()!r} terbalik: bulan awal {start} setelah bulan akhir {end}"
                )
            months.update(range(start, end + 1))
        return _ordered(months)
    raise invalid('bulan harus berupa angka 1–12, daftar, atau rentang seperti "1-3, 7"')


def serialize_months(months: frozenset[int]) -> list[int]:
    return sorted(months)


Months = Annotated[frozenset[int], PlainValidator(parse_months), PlainSerializer(serialize_months)]


@dataclass(frozen=True)
class MonthCell:
    """One month column of a grid row: whether it is marked, its shading and its mark."""

    month: int
    marked: bool
    fill: str
    mark: str


MARK = "■"
SHADE = "808080"
NO_SHADE = "auto"


def month_cells(
    months: frozenset[int], *, mark: str = MARK, shade: str = NO_SHADE
) -> list[MonthCell]:
    """Twelve cells for a grid row; marked months get the mark and the shading colour.

    The PK roadmap marks months with ■ (`month_cells(m)`); the RB RATL shades them
    (`month_cells(m, mark="", shade=SHADE)`).
    """
    return [
        MonthCell(m, m in months, shade if m in months else NO_SHADE, mark if m in months else "")
        for m in range(1, 13)
    ]
