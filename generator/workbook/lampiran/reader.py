"""The import of the lampiran sheets: each sheet read by its own reader, then whether the
agreement has a lampiran at all."""

from __future__ import annotations

from typing import Any

from generator.workbook.cells import CellRead, RowRead
from generator.workbook.lampiran.common import INDIKATOR_FIELDS, NO, YES, SheetRow
from generator.workbook.lampiran.indikator import IndikatorSheets
from generator.workbook.lampiran.penjelasan import PenjelasanReader
from generator.workbook.lampiran.roadmap import RoadmapReader
from generator.workbook.lampiran.survei import SurveyTable, read_surveys
from generator.workbook.layout import LampiranSheet, Part
from generator.workbook.reading import Reading, key_text


class LampiranReader:
    """Reads the lampiran sheets of one workbook into `reading.data`."""

    def __init__(self, reading: Reading):
        self.reading = reading
        # Rows are tied to the indikator of the Sasaran sheet; when it could not be read
        # (reported), they are not checked against it.
        self.with_sasaran = "sasaran" in reading.data
        self.surveys: dict[str, SurveyTable] = {}
        self.lampiran: dict[str, Any] = {}  # penjelasan and roadmap, when filled in
        self.sheet_names: dict[str, str] = {}

    def read(self, rows: dict[Part, tuple[LampiranSheet, list[RowRead]]]) -> None:
        """Read the sheets present, then decide whether the agreement has a lampiran."""

        def sheet_rows(part: Part) -> list[SheetRow]:
            sheet, read = rows.get(part, (None, []))
            return [SheetRow(sheet, r) for r in read] if sheet else []

        self.sheet_names = {part.value: sheet.name for part, (sheet, _) in rows.items()}

        if self.with_sasaran:
            indikator = IndikatorSheets(self.reading)
            indikator.read_indikator(sheet_rows(Part.INDIKATOR))
            indikator.read_komponen(sheet_rows(Part.KOMPONEN))
        self.surveys = read_surveys(self.reading, sheet_rows(Part.SURVEI))
        penjelasan = PenjelasanReader(self.reading, self.surveys).read(sheet_rows(Part.PENJELASAN))
        roadmap = RoadmapReader(self.reading).read(sheet_rows(Part.ROADMAP))
        if penjelasan:
            self.lampiran["penjelasan"] = penjelasan
        if roadmap:
            self.lampiran["roadmap"] = roadmap
        for code, table in self.surveys.items():
            if table.used_at is None:
                self.reading.error(
                    table.where,
                    f"kode survei {code!r} tidak dipakai di lembar Penjelasan; tulis kode ini "
                    "pada baris tabel survei di sana",
                )

    def decide(self, flag: CellRead | None) -> None:
        """Whether the agreement has a lampiran: as the `Lampiran dicetak` cell says, or,
        left blank, when it has content (narrative, roadmap or indikator data; the SAKIP
        regulation alone is a setting, which blank forms carry over from the YAML)."""
        data = self.reading.data
        lampiran = (data.pop("lampiran", None) or {}) | self.lampiran
        answer = None
        if flag is not None:
            self.reading.cells[("lampiran",)] = flag.where
            value = self.reading.take(flag)
            answer = None if value is None else key_text(str(value))
            if answer not in (None, YES, NO):
                self.reading.error(
                    flag.where, f"isi ya atau tidak (atau kosongkan), ditemukan {value!r}"
                )
                answer = None
        indikator_data = any(
            key in indikator
            for item in data.get("sasaran") or []
            for indikator in item.get("indikator", [])
            for key in INDIKATOR_FIELDS
        )
        if answer == NO:
            if self.lampiran and flag is not None:
                parts = " dan ".join(f"lembar {self.sheet_names[key]}" for key in self.lampiran)
                self.reading.error(
                    flag.where,
                    f"lampiran tidak dicetak, tetapi {parts} diisi; isi 'ya' (atau kosongkan) "
                    "agar lampiran dicetak, atau hapus isian lampiran itu",
                )
            return
        if answer == YES or self.lampiran or indikator_data:
            data["lampiran"] = lampiran
