"""What the export and the import of the lampiran sheets share: the words written in
the sheets, and a row read back, its cells by column field."""

from __future__ import annotations

import re
from typing import Any

from generator.workbook.cells import CellRead, RowRead
from generator.workbook.layout import LampiranSheet
from generator.workbook.reading import key_text

INDIKATOR_FIELDS = ("baseline", "renstra", "misi", "formulasi", "komponen")
"""Fields of an indikator that only the lampiran prints."""

BLOCK_KINDS = ("teks", "paragraf", "tabel")
YES, NO = "ya", "tidak"


class SheetRow:
    """A row read from a lampiran sheet, its cells by column field."""

    def __init__(self, sheet: LampiranSheet, row: RowRead):
        self.sheet = sheet
        self.row = row

    def read(self, name: str) -> CellRead:
        return self.row.cells[self.sheet.column(name)]

    def own(self, name: str) -> Any:
        """The value typed in this row (not a merged cell above, not a cell in error)."""
        read = self.read(name)
        return None if read.error else read.own

    def text(self, name: str) -> str | None:
        value = self.own(name)
        return None if value is None else " ".join(str(value).split())

    def filled(self, *names: str) -> list[CellRead]:
        """The cells among `names` with something typed in this row."""
        return [r for r in (self.read(n) for n in names) if not r.blank and not r.merged_from_above]

    def where(self, name: str) -> str:
        return self.read(name).where


def item_groups(rows: list[SheetRow], keys: tuple[str, ...]) -> list[list[SheetRow]]:
    """Rows grouped by item: a row whose key cells hold a new value starts an item."""
    groups: list[list[SheetRow]] = []
    current: tuple[str | None, ...] = ()
    for row in rows:
        key = tuple(row.text(k) for k in keys)
        starts = not groups or any(
            value is not None and (not current or key_text(value) != key_text(current[n] or ""))
            for n, value in enumerate(key)
        )
        if starts:
            groups.append([row])
            current = key
        else:
            groups[-1].append(row)
    return groups


def row_of(where: str) -> str:
    """`baris 5` from `Lampiran I!C5`."""
    match = re.search(r"(\d+)$", where)
    return f"baris {match.group(1)}" if match else where
