"""The Survei sheet: the groups and services of each survey table, under a code that a
survey table row of the Penjelasan sheet names."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.data.yamlsource import FieldPath
from generator.workbook.lampiran.common import SheetRow
from generator.workbook.reading import Reading


@dataclass
class SurveyTable:
    """The groups of one survey table, with their cells relative to the table's block."""

    where: str
    groups: list[dict[str, Any]] = field(default_factory=list)
    cells: dict[FieldPath, str] = field(default_factory=dict)
    used_at: str | None = None


def read_surveys(reading: Reading, rows: list[SheetRow]) -> dict[str, SurveyTable]:
    """The survey tables of the Survei sheet by their code."""
    surveys: dict[str, SurveyTable] = {}
    table: SurveyTable | None = None
    code: str | None = None
    group: dict[str, Any] = {}
    group_key: tuple[str | None, str | None] | None = None
    for row in rows:
        row_code = row.text("survei")
        if row_code is not None and row_code != code:
            code = row_code
            if code in surveys:
                reading.error(
                    row.where("survei"),
                    f"kode survei {code!r} sudah dipakai di {surveys[code].where}; "
                    "setiap tabel survei memakai kode sendiri",
                )
                table = SurveyTable(row.where("survei"))  # read on, keep nothing
            else:
                table = surveys[code] = SurveyTable(row.where("survei"))
            group_key = None
        if table is None:
            reading.error(
                row.where("survei"),
                "isi Kode survei pada baris pertama tabel (kode yang sama ditulis pada "
                "baris tabel survei di lembar Penjelasan)",
            )
            table = SurveyTable(row.where("survei"))
        indikator, judul = row.text("indikator"), row.text("judul")
        if (
            group_key is None
            or (indikator is not None and indikator != group_key[0])
            or (judul is not None and judul != group_key[1])
        ):
            k = len(table.groups)
            group_key = (indikator, judul)
            group = {}
            for key in ("indikator", "judul"):
                table.cells[("kelompok", k, key)] = row.where(key)
                value = reading.take(row.read(key))
                if value is not None:
                    group[key] = value
            table.cells[("kelompok", k)] = row.where("indikator" if indikator else "judul")
            table.cells[("kelompok", k, "layanan")] = row.where("nama")
            group["layanan"] = []
            table.groups.append(group)
        if row.filled("nama", "responden", "ikm"):
            loc: FieldPath = ("kelompok", len(table.groups) - 1, "layanan")
            loc = (*loc, len(group["layanan"]))
            table.cells[loc] = row.where("nama")
            layanan = {}
            for key in ("nama", "responden", "ikm"):
                table.cells[(*loc, key)] = row.where(key)
                value = reading.take(row.read(key))
                if value is not None:
                    layanan[key] = value
            group["layanan"].append(layanan)
    return surveys
