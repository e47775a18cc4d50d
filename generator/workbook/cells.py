"""Single cells in and out, without losing what the cell shows.

Spreadsheets store numbers as binary floats: a target typed `2,90` is stored 2.9 with a
format showing two decimals, and a sum may be stored 2.9000000000000004. Reading takes the
digits from the value and the cell's number format (never from float artefacts); a value
with more digits than the cell shows is ambiguous and reported, not rounded. Writing gives
a number exactly the format that shows all of its digits.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from enum import Enum
from typing import Any

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from generator.data.models.types import Target
from generator.domain.formatting import MONTHS, format_number
from generator.domain.reference import Scale
from generator.workbook.layout import Column, Kind, number_format

# Spreadsheets keep 15 significant digits; anything beyond is binary noise.
_SIGNIFICANT = Context(prec=15, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class FormatSpec:
    """What a number format code says about how a number is shown."""

    places: int | None  # decimals always shown; None: as many as needed (General)
    percent: bool = False


_BRACKETS = re.compile(r"\[[^\]]*\]")
_QUOTED = re.compile(r'"[^"]*"')
_ESCAPED = re.compile(r"\\.|_.|\*.")


def format_spec(code: str | None) -> FormatSpec:
    """Decimals and percent of an Excel number format code (`#,##0.00`, `0.0%`, `General`).

    Formats pkgen cannot read decimals from (scientific, fractions) count as General: the
    stored value is taken as it is.
    """
    if not code:
        return FormatSpec(None)
    section = _first_section(code)
    section = _ESCAPED.sub("", _QUOTED.sub("", _BRACKETS.sub("", section)))
    if section.strip().lower() in ("general", "", "@") or re.search("[eE][+-]|/", section):
        return FormatSpec(None)
    percent = "%" in section
    match = re.search(r"\.([0#?]*)", section)
    places = len(match.group(1)) if match else 0
    if not re.search("[0#?]", section):
        return FormatSpec(None, percent)
    return FormatSpec(places, percent)


def _first_section(code: str) -> str:
    """The part of a format code for positive numbers (before the first unquoted `;`)."""
    quoted = False
    for index, char in enumerate(code):
        if char == '"':
            quoted = not quoted
        elif char == ";" and not quoted:
            return code[:index]
    return code


def noise_free(value: int | float) -> Decimal:
    """The number a cell stores, without binary-float noise (15 significant digits)."""
    if isinstance(value, int):
        return Decimal(value)
    return _strip_zeros(_SIGNIFICANT.create_decimal(repr(value)))


def _strip_zeros(number: Decimal) -> Decimal:
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


class CellValueError(ValueError):
    """A cell whose content cannot be taken without guessing; the message is Indonesian."""


def shown_decimal(value: int | float, code: str | None) -> Decimal:
    """The number as the cell shows it: 2.9 with `0.00` → 2.90; 0.855 with `0.0%` → 85.5.

    Raises CellValueError when the cell hides digits of its value (3.0644 shown as 3,06).
    """
    exact = noise_free(value)
    spec = format_spec(code)
    if spec.percent:
        exact = _strip_zeros(exact * 100)
    if spec.places is None:
        return exact
    shown = exact.quantize(Decimal(1).scaleb(-spec.places), rounding=ROUND_HALF_UP)
    if shown != exact:
        raise CellValueError(
            f"angka {format_number(exact)}{'%' if spec.percent else ''} tampil sebagai "
            f"{format_number(shown)}{'%' if spec.percent else ''} karena format sel; "
            "ubah format sel agar semua desimal tampil, atau ketik angka yang dimaksud"
        )
    return shown


def format_for(number: Decimal) -> str:
    """The number format that shows exactly the digits of `number`."""
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)
    return number_format(max(0, -exponent))


def fits_float(number: Decimal) -> bool:
    """A Decimal a spreadsheet stores exactly (at most 15 significant digits)."""
    return len(number.as_tuple().digits) <= 15


def decimal_text(number: Decimal) -> str:
    """A number as text with the decimal comma and no grouping (`1234,5`): never ambiguous."""
    return format(number, "f").replace(".", ",")


# ----------------------------------------------------------------------------- out


@dataclass(frozen=True)
class RowOut:
    """One table row as written: a value per column; `starts_group` on an item's first row
    (a sasaran, a roadmap); `indent` shifts wrapped texts right (the depth of a block)."""

    values: tuple[Any, ...]
    starts_group: bool = True
    indent: int = 0


def cell_value(value: Any, kind: Kind) -> Any:
    """A model value as the cell holds it: text, int, or a Decimal shown with its digits."""
    if value is None:
        return None
    if isinstance(value, Target):
        return target_cell(value)
    if isinstance(value, Scale):
        return value.key
    if isinstance(value, Enum):
        return str(value.value)
    if kind is Kind.NIP:
        return str(value)
    return value


def target_cell(target: Target) -> Decimal | str:
    """A plain number stays a number; `85,5%`, `66 (B)`, `60-75%`, `18 jenis` and `B` are
    written as text, decimals with a comma."""
    if target.is_plain_number and target.value is not None and fits_float(target.value):
        return target.value
    return target.written(comma=True)


# ----------------------------------------------------------------------------- in


@dataclass(frozen=True)
class CellRead:
    """A cell's content, converted for the model; `where` is the cell holding it."""

    value: Any
    where: str
    error: str | None = None
    merged_from_above: bool = False  # the value sits in a merged range started higher up

    @property
    def blank(self) -> bool:
        return self.value is None and self.error is None

    @property
    def own(self) -> Any:
        """The value typed in this row itself: None where a merged range started above."""
        return None if self.merged_from_above else self.value


@dataclass
class RowRead:
    """The cells of one table row, by column."""

    number: int
    cells: dict[Column, CellRead]

    def blank(self) -> bool:
        """Nothing typed in this row itself (merged cells started above do not count)."""
        return all(c.blank or c.merged_from_above for c in self.cells.values())


class SheetReader:
    """Reads cells of one sheet: formulas by their cached value, merged ranges by their
    top-left cell, values converted by the kind of their column."""

    def __init__(self, formulas: Worksheet, values: Worksheet):
        self.formulas = formulas
        self.values = values
        self.title = formulas.title
        self._merged: dict[tuple[int, int], tuple[int, int]] = {}
        for merged in formulas.merged_cells.ranges:
            for row in range(merged.min_row, merged.max_row + 1):
                for column in range(merged.min_col, merged.max_col + 1):
                    if (row, column) != (merged.min_row, merged.min_col):
                        self._merged[(row, column)] = (merged.min_row, merged.min_col)

    def where(self, row: int, column: int) -> str:
        return f"{self.title}!{get_column_letter(column)}{row}"

    @property
    def max_row(self) -> int:
        return self.formulas.max_row

    def text(self, row: int, column: int) -> str:
        """The cell as plain text (for headers and labels); empty when blank."""
        value = self.formulas.cell(row, column).value
        return "" if value is None else " ".join(str(value).split())

    def read(self, row: int, column: int, kind: Kind) -> CellRead:
        origin = self._merged.get((row, column), (row, column))
        where = self.where(*origin)
        formula_cell = self.formulas.cell(*origin)
        cell = formula_cell
        if formula_cell.data_type == "f":
            cell = self.values.cell(*origin)
            if cell.value is None:
                return CellRead(
                    None,
                    where,
                    f"berisi rumus {_formula_text(formula_cell)} tanpa nilai tersimpan; buka "
                    "berkas ini di Excel atau LibreOffice Calc lalu simpan sekali agar hasil "
                    "rumus ikut tersimpan",
                )
        merged_from_above = origin[0] != row
        if isinstance(cell, MergedCell):  # pragma: no cover - origins are never merged cells
            return CellRead(None, where)
        if cell.data_type == "e":
            return CellRead(None, where, f"berisi galat {cell.value}; perbaiki isi atau rumusnya")
        try:
            value = convert(cell, kind)
        except CellValueError as exc:
            return CellRead(None, where, str(exc), merged_from_above)
        return CellRead(value, where, None, merged_from_above)


def _formula_text(cell: Cell) -> str:
    value = cell.value
    text = getattr(value, "text", value)
    return str(text) if str(text).startswith("=") else f"={text}"


def convert(cell: Cell, kind: Kind) -> Any:
    """A cell's value as plain data the model validates: str, int, Decimal, date or None."""
    value = cell.value
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if kind in (Kind.YEAR, Kind.DATE_YEAR, Kind.DATE_DAY, Kind.LEVEL) and text.isdigit():
            return int(text)
        if kind is Kind.DATE_MONTH:
            return _month(text)
        return text
    if isinstance(value, bool):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        raise CellValueError(
            f"terbaca sebagai tanggal/waktu ({_date_text(value)}), bukan {_what(kind)}; "
            "ubah format sel menjadi Teks lalu ketik ulang isinya"
        )
    if not isinstance(value, int | float):  # pragma: no cover - openpyxl gives no other types
        return value
    if kind is Kind.TARGET:
        number = shown_decimal(value, cell.number_format)
        return f"{number}%" if format_spec(cell.number_format).percent else number
    if kind is Kind.NUMBER:
        return shown_decimal(value, cell.number_format)
    if kind is Kind.NIP:
        if abs(value) >= 10**15:
            raise CellValueError(
                "NIP tersimpan sebagai angka sehingga angka terakhirnya hilang; ubah format "
                "sel menjadi Teks lalu ketik ulang NIP (atau awali dengan tanda ')"
            )
        return str(int(value)) if value == int(value) else str(noise_free(value))
    number = noise_free(value)
    whole = number == number.to_integral_value()
    if kind in _WHOLE_KINDS:
        return int(number) if whole else number
    # A number in a text column (kode pos typed as 20112): its digits as text.
    return str(int(number)) if whole else format(number, "f")


_WHOLE_KINDS = (
    Kind.RUPIAH,
    Kind.YEAR,
    Kind.DATE_YEAR,
    Kind.DATE_DAY,
    Kind.DATE_MONTH,
    Kind.COUNT,
    Kind.LEVEL,
    Kind.MONTHS,  # a single month typed as a number
)


def _month(text: str) -> int | str:
    if text.isdigit():
        return int(text)
    for number, name in enumerate(MONTHS, start=1):
        if text.lower() == name.lower():
            return number
    return text


def _date_text(value: datetime.date | datetime.time) -> str:
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        value = value.date()
    return value.isoformat()


def _what(kind: Kind) -> str:
    return {
        Kind.TARGET: "angka target",
        Kind.RUPIAH: "angka anggaran",
        Kind.NIP: "NIP",
        Kind.COUNT: "angka jumlah",
        Kind.NUMBER: "angka IKM",
        Kind.MONTHS: "bulan pelaksanaan (1-12, 2-5, 1, 4, 7)",
        Kind.SAKIP_REGULATION: "nomor peraturan (12/2015 atau 88/2021)",
    }.get(kind, "teks")
