"""The lampiran sheets: rows ↔ the agreement's lampiran data.

Export turns a validated agreement into the rows of each lampiran sheet (`lampiran_rows`);
import turns the rows read back into plain data of the same shape a YAML file has
(`LampiranReader`), recording the cell of every field so that the model's own messages (a
stated total that is not the sum, a month outside 1–12) point at the cell. Texts are
written and read exactly as they are: markup (`*miring*`) and `{penanda}` stay as typed.

Rows are tied together the way staff lay out the core sheets: an item's fields on its first
row, following rows with the item's cells empty (or merged, or repeating the same text) add
nested rows to it. Per-indikator sheets name the indikator by its code, or by its exact
uraian when it has none; narrative blocks nest by their `Tingkat`; a survey table in
Penjelasan points at its groups in the Survei sheet by a code.

Export: `export` (agreement → rows). Import: `reader.LampiranReader`, which hands each
sheet to its reader (`indikator`: the indikator and Komponen sheets; `survei`;
`penjelasan`; `roadmap`); `common` holds the sheets' words and the row read back.
"""

from generator.workbook.lampiran.common import BLOCK_KINDS, INDIKATOR_FIELDS, NO, YES
from generator.workbook.lampiran.export import lampiran_flag, lampiran_rows
from generator.workbook.lampiran.reader import LampiranReader

__all__ = [
    "BLOCK_KINDS",
    "INDIKATOR_FIELDS",
    "NO",
    "YES",
    "LampiranReader",
    "lampiran_flag",
    "lampiran_rows",
]
