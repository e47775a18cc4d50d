"""The lampiran sheets of an agreement: the rows each sheet shows (`lampiran_rows`) and
the `Lampiran dicetak` cell (`lampiran_flag`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from generator.data.models.lampiran import Blok, IndikatorRef, TableKind
from generator.data.models.perjanjian import Indikator, PerjanjianKinerja
from generator.domain.formatting import letter
from generator.domain.numbering import default_list_style, list_marker
from generator.workbook.cells import RowOut, cell_value
from generator.workbook.lampiran.common import INDIKATOR_FIELDS, NO, YES
from generator.workbook.layout import LampiranSheet, Part


def lampiran_flag(model: PerjanjianKinerja) -> str | None:
    """The `Lampiran dicetak` cell: `ya` for an agreement with a lampiran; `tidak` when it
    has none but its indikator hold lampiran data (which alone would print one); else blank."""
    if model.lampiran is not None:
        return YES
    if any(_has_lampiran_fields(i) for s in model.sasaran for i in s.indikator):
        return NO
    return None


def _has_lampiran_fields(indikator: Indikator) -> bool:
    return any(getattr(indikator, key) is not None for key in INDIKATOR_FIELDS)


def months_text(months: frozenset[int]) -> str | None:
    """Months as staff write them: `1-12`, `2-5`, `1, 4, 7, 10, 12`, `8-9, 12`."""
    runs: list[list[int]] = []
    for month in sorted(months):
        if runs and runs[-1][-1] == month - 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{run[0]}-{run[-1]}")
        else:
            parts.extend(str(m) for m in run)
    return ", ".join(parts) or None


def survey_code(number: int) -> str:
    return f"survei-{number}"


class _Rows:
    """The rows of one sheet, built from values named by column field."""

    def __init__(self, sheet: LampiranSheet):
        self.sheet = sheet
        self.rows: list[RowOut] = []

    def add(
        self, values: dict[str, Any], *, no: Any = None, starts: bool = True, indent: int = 0
    ) -> None:
        self.rows.append(
            RowOut(
                tuple(
                    no if c.field is None else cell_value(values.get(c.field), c.kind)
                    for c in self.sheet.columns
                ),
                starts,
                indent,
            )
        )


def lampiran_rows(sheet: LampiranSheet, model: PerjanjianKinerja) -> list[RowOut]:
    """The rows a lampiran sheet shows of an agreement."""
    rows = _Rows(sheet)
    _WRITERS[sheet.part](rows, model)
    return rows.rows


def _indikator_rows(rows: _Rows, model: PerjanjianKinerja) -> None:
    """Every indikator (section I lists them all), with its Renstra years one per row."""
    indikator_list = [i for s in model.sasaran for i in s.indikator]
    for number, indikator in enumerate(indikator_list, start=1):
        baseline = indikator.baseline
        years: list[tuple[Any, Any]] = list((indikator.renstra or {}).items()) or [(None, None)]
        for index, (year, target) in enumerate(years):
            values: dict[str, Any] = {"renstra.tahun": year, "renstra.target": target}
            if index == 0:
                values |= {
                    "uraian": indikator.uraian,
                    "id": indikator.id,
                    "baseline.tahun": baseline.tahun if baseline else None,
                    "baseline.target": baseline.target if baseline else None,
                    "baseline.realisasi": baseline.realisasi if baseline else None,
                    "misi": indikator.misi,
                    "formulasi": indikator.formulasi,
                }
            rows.add(values, no=number if index == 0 else None, starts=index == 0)


def _komponen_rows(rows: _Rows, model: PerjanjianKinerja) -> None:
    """One row per rincian; a list's own fields on its first row, the indikator's and the
    rumus on the indikator's first row (several lists are lettered in Daftar)."""
    for sasaran in model.sasaran:
        for indikator in sasaran.indikator:
            komponen = indikator.komponen
            if komponen is None:
                continue
            first_row = True
            for n, item in enumerate(komponen.lists, start=1):
                for number, rincian in enumerate(item.rincian, start=1):
                    values: dict[str, Any] = {
                        "rincian.uraian": rincian.uraian,
                        "rincian.jumlah": rincian.jumlah,
                    }
                    if number == 1:
                        values |= {
                            "daftar": letter(n) if komponen.daftar else None,
                            "uraian": item.uraian,
                            "satuan": item.satuan,
                            "jumlah": item.jumlah,
                            "pembagi.uraian": item.pembagi.uraian if item.pembagi else None,
                            "pembagi.jumlah": item.pembagi.jumlah if item.pembagi else None,
                        }
                    if first_row:
                        values |= {
                            "indikator": indikator.uraian,
                            "id": indikator.id,
                            "rumus": komponen.rumus,
                        }
                    rows.add(values, no=number, starts=first_row)
                    first_row = False


def _survey_tables(model: PerjanjianKinerja) -> list[Blok]:
    """The survey tables of the narrative, in print order (their codes number them)."""

    def walk(blocks: list[Blok]) -> Iterator[Blok]:
        for block in blocks:
            if block.tabel is TableKind.SURVEI:
                yield block
            yield from walk(block.isi)

    return list(walk(model.lampiran.penjelasan if model.lampiran else []))


def _penjelasan_rows(rows: _Rows, model: PerjanjianKinerja) -> None:
    surveys = {id(block): survey_code(n) for n, block in enumerate(_survey_tables(model), 1)}

    def walk(blocks: list[Blok], depth: int) -> None:
        number = 0
        for block in blocks:
            values: dict[str, Any] = {"tingkat": depth}
            starts, indent = depth == 1, depth - 1
            if block.teks is not None:
                number += 1
                label = list_marker(default_list_style(depth), number)
                values |= {"jenis": "teks", "teks": block.teks}
                rows.add(values, no=label, starts=starts, indent=indent)
                walk(block.isi, depth + 1)
                continue
            number = 0  # a paragraph or a table between items starts a new list
            if block.paragraf is not None:
                values |= {"jenis": "paragraf", "teks": block.paragraf}
                rows.add(values, starts=starts, indent=indent)
                continue
            values |= {
                "jenis": "tabel",
                "tabel": block.tabel,
                "survei": surveys.get(id(block)),
                "skala": block.skala,
            }
            refs: list[IndikatorRef | None] = [*block.indikator] or [None]
            for index, ref in enumerate(refs):
                if ref is not None:
                    values |= {"indikator": ref.id, "uraian": ref.uraian}
                rows.add(values, starts=starts and index == 0, indent=indent)
                values = {}

    walk(model.lampiran.penjelasan if model.lampiran else [], 1)


def _survei_rows(rows: _Rows, model: PerjanjianKinerja) -> None:
    for number, block in enumerate(_survey_tables(model), start=1):
        first = True
        for group in block.kelompok:
            for index, layanan in enumerate(group.layanan, start=1):
                values: dict[str, Any] = {
                    "nama": layanan.nama,
                    "responden": layanan.responden,
                    "ikm": layanan.ikm,
                }
                if index == 1:
                    values |= {"indikator": group.indikator, "judul": group.judul}
                if first:
                    values["survei"] = survey_code(number)
                rows.add(values, no=index, starts=index == 1)
                first = False


def _roadmap_rows(rows: _Rows, model: PerjanjianKinerja) -> None:
    for roadmap in model.lampiran.roadmap if model.lampiran else []:
        for number, kegiatan in enumerate(roadmap.kegiatan, start=1):
            values: dict[str, Any] = {
                "kegiatan": kegiatan.uraian,
                "bulan": months_text(kegiatan.bulan),
            }
            if number == 1:
                values |= {"indikator": ", ".join(roadmap.indikator), "judul": roadmap.judul}
            rows.add(values, no=number, starts=number == 1)
            for sub, rincian in enumerate(kegiatan.rincian, start=1):
                rows.add(
                    {"rincian": rincian.uraian, "bulan": months_text(rincian.bulan)},
                    no=f"{letter(sub)}.",
                    starts=False,
                )


_WRITERS: dict[Part, Callable[[_Rows, PerjanjianKinerja], None]] = {
    Part.INDIKATOR: _indikator_rows,
    Part.KOMPONEN: _komponen_rows,
    Part.PENJELASAN: _penjelasan_rows,
    Part.SURVEI: _survei_rows,
    Part.ROADMAP: _roadmap_rows,
}
