"""The state of reading one workbook, and the rows of its table sheets.

Shared by the importer (identity, Sasaran, Program) and the lampiran mapping: plain data
as a YAML file would hold it, the cell every field came from, and the problems found.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.data.yamlsource import FieldPath, format_field_path
from generator.errors import Problem, SourceLocation
from generator.workbook.cells import CellRead, RowRead, SheetReader
from generator.workbook.layout import Column, Sheet


class Reading:
    """The state of reading one workbook: plain data, cell of every field, problems."""

    def __init__(self, path: Path):
        self.path = path
        self.data: dict[str, Any] = {}
        self.cells: dict[FieldPath, str] = {}
        self.problems: list[Problem] = []
        self.failed_cells: set[str] = set()
        self.failed_fields: set[str] = set()  # fields whose cell could not be read
        self.special: dict[tuple[str, ...], CellRead] = {}

    def error(self, where: str | None, message: str) -> None:
        if where:
            self.failed_cells.add(where)
        self.problems.append(Problem(SourceLocation.of(self.path, where=where), "", message))

    def take(self, read: CellRead) -> Any:
        """The value of a cell; a cell that cannot be read is reported and left out."""
        if read.error:
            self.error(read.where, read.error)
            return None
        return read.value

    def field(self, read: CellRead, loc: FieldPath) -> Any:
        """The value of a cell that fills the field `loc` (whose cell it becomes)."""
        self.cells[loc] = read.where
        if read.error:
            self.failed_fields.add(format_field_path(loc))
        return self.take(read)

    def reported(self, problem: Problem) -> bool:
        """Is a problem of the model already said by a cell's own error: at that cell, or
        about an item (a roadmap row) one of whose cells could not be read?"""
        if problem.location.where in self.failed_cells:
            return True
        field = problem.field
        return bool(field) and any(
            failed == field or failed.startswith((f"{field}.", f"{field}["))
            for failed in self.failed_fields
        )


def key_text(text: str) -> str:
    """Text compared as staff see it: runs of spaces as one, case ignored."""
    return " ".join(text.split()).casefold()


def column_positions(reader: SheetReader, sheet: Sheet, reading: Reading) -> dict[Column, int]:
    """Where each column the import reads is, found by its header; a missing one is reported
    (a renamed header is never guessed) and left out."""
    headers = {
        key_text(reader.text(sheet.HEADER_ROW, column)): column
        for column in range(1, reader.formulas.max_column + 1)
    }
    positions: dict[Column, int] = {}
    for column in sheet.read_columns():
        position = headers.get(key_text(column.header))
        if position is None:
            reading.error(
                f"{reader.title}!A{sheet.HEADER_ROW}",
                f"kolom {column.header!r} tidak ditemukan di baris judul; "
                "jangan mengubah atau menghapus judul kolom",
            )
        else:
            positions[column] = position
    return positions


def complete(sheet: Sheet, positions: dict[Column, int]) -> bool:
    return len(positions) == len(sheet.read_columns())


def data_rows(reader: SheetReader, sheet: Sheet, positions: dict[Column, int]) -> list[RowRead]:
    """Every row below the headers with something typed in it."""
    rows = [
        RowRead(row, {c: reader.read(row, p, c.kind) for c, p in positions.items()})
        for row in range(sheet.FIRST_DATA_ROW, reader.max_row + 1)
    ]
    return [r for r in rows if not r.blank()]
