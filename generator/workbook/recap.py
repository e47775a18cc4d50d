"""The leadership recap: every SKPD's indikator and targets, programs and anggaran, in one
workbook; with PKs per jabatan, a sheet per level too (`Jenjang`: every indikator of every
eselon with the atasan indikator it supports).

Totals are spreadsheet formulas, so they stay right when someone edits an amount. openpyxl
writes formulas without results, and a viewer or library that does not calculate would show
them empty; pkgen computes every total itself and writes it as the formula's cached value.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from generator.build.writer import OutputWriter
from generator.data.ladder import eselon_of, ladder_order
from generator.data.loading import LoadedAgreement, load_batch
from generator.data.models.perjanjian import PerjanjianKinerja
from generator.domain.calculations import target_band
from generator.errors import Problem, SourceLocation
from generator.workbook.cells import fits_float, format_for, target_cell
from generator.workbook.export import BORDER, HEADER_FONT, WRAP, fit_height, header_cell
from generator.workbook.formulas import with_cached_values
from generator.workbook.layout import RUPIAH_FORMAT, TEXT_FORMAT

INDIKATOR_SHEET = "Indikator"
PROGRAM_SHEET = "Program"
SUMMARY_SHEET = "Ringkasan"
JENJANG_SHEET = "Jenjang"
ESELON_ROMAN = {2: "II", 3: "III", 4: "IV"}
TOTAL_FONT = Font(bold=True)


@dataclass
class _Formulas:
    """Formula cells written so far, with the value pkgen computed for each."""

    values: dict[str, dict[str, int]] = field(default_factory=dict)

    def write(self, sheet: Worksheet, ref: str, formula: str, value: int) -> None:
        sheet[ref] = formula
        self.values.setdefault(sheet.title, {})[ref] = value


def write_recap(targets: Sequence[Path], path: Path) -> list[Problem]:
    """Load every SKPD under `targets` and write the recap; nothing is written when any SKPD
    fails to load (a recap that silently leaves an SKPD out would mislead)."""
    batch = load_batch(targets)
    problems = list(batch.problems)
    agreements = ordered(batch.agreements)
    if not agreements and not any(p.is_error for p in problems):
        problems.append(Problem(SourceLocation.of(targets[0]), "", "tidak ada SKPD untuk direkap"))
    if any(p.is_error for p in problems):
        return problems
    ladders = ladder_pks(batch.agreements)
    OutputWriter(Path(".")).write_bytes(path, recap_workbook(agreements, ladders))
    return problems


def ladder_pks(agreements: Sequence[LoadedAgreement]) -> list[LoadedAgreement]:
    """The PKs of every SKPD that has PKs below its head, per pemda folder and unit in
    hierarchy order (each PK followed by those below it)."""
    units = {
        (a.path.parent, a.slug)
        for a in agreements
        if isinstance(a.model, PerjanjianKinerja) and a.model.atasan
    }
    members = [
        a
        for a in agreements
        if isinstance(a.model, PerjanjianKinerja) and (a.path.parent, a.slug) in units
    ]
    place = ladder_order(members)
    return sorted(members, key=lambda a: (str(a.path.parent), a.slug, place.get(a.name, ())))


def ordered(agreements: Sequence[LoadedAgreement]) -> list[LoadedAgreement]:
    """Per pemda folder, SKPD in the order of `urutan` in pemda.yaml, then by file name.

    Only the PK of each unit head: a kepala bidang's PK (`id:`) repeats part of its
    unit's programs, and counting them again would inflate the anggaran."""

    def key(agreement: LoadedAgreement) -> tuple[str, int, str]:
        order = agreement.pemda.model.urutan
        rank = order.index(agreement.slug) if agreement.slug in order else len(order)
        return (str(agreement.path.parent), rank, agreement.slug)

    return sorted(
        (a for a in agreements if isinstance(a.model, PerjanjianKinerja) and a.jabatan_id is None),
        key=key,
    )


def recap_workbook(
    agreements: Sequence[LoadedAgreement], ladders: Sequence[LoadedAgreement] = ()
) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = SUMMARY_SHEET
    indikator = workbook.create_sheet(INDIKATOR_SHEET)
    program = workbook.create_sheet(PROGRAM_SHEET)
    if ladders:
        _write_jenjang(workbook.create_sheet(JENJANG_SHEET), ladders)
    formulas = _Formulas()
    _write_indikator(indikator, agreements)
    subtotals, grand_total = _write_program(program, agreements, formulas)
    _write_summary(summary, agreements, subtotals, grand_total, formulas)
    workbook.properties.title = "Rekapitulasi Perjanjian Kinerja"
    workbook.properties.creator = "pkgen"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return with_cached_values(buffer.getvalue(), formulas.values)


def _label(agreement: LoadedAgreement) -> str:
    model: PerjanjianKinerja = agreement.model
    return model.unit.nama_singkat


def _headers(sheet: Worksheet, headers: Sequence[tuple[str, int]]) -> None:
    for column, (header, width) in enumerate(headers, start=1):
        header_cell(sheet.cell(1, column, header))
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _cell(sheet: Worksheet, row: int, column: int, value: Any, number_format: str) -> Any:
    cell = sheet.cell(row, column, value)
    cell.number_format = number_format
    cell.border = BORDER
    cell.alignment = WRAP
    return cell


def _write_indikator(sheet: Worksheet, agreements: Sequence[LoadedAgreement]) -> None:
    headers = [
        ("No", 5),
        ("SKPD", 28),
        ("Sasaran Strategis", 45),
        ("Indikator Kinerja", 50),
        ("Target", 12),
        ("Satuan", 12),
        ("Skala", 13),
        ("Kategori", 10),
    ]
    _headers(sheet, headers)
    row = 1
    for agreement in agreements:
        model: PerjanjianKinerja = agreement.model
        for sasaran in model.sasaran:
            for indikator in sasaran.indikator:
                row += 1
                band = target_band(indikator.target, indikator.skala)
                target = target_cell(indikator.target)
                values: list[tuple[Any, str]] = [
                    (row - 1, "0"),
                    (_label(agreement), TEXT_FORMAT),
                    (sasaran.uraian, TEXT_FORMAT),
                    (indikator.uraian, TEXT_FORMAT),
                    _number(target),
                    (indikator.satuan, TEXT_FORMAT),
                    (indikator.skala.key if indikator.skala else None, TEXT_FORMAT),
                    (band.category if band else None, TEXT_FORMAT),
                ]
                for column, (value, number_format) in enumerate(values, start=1):
                    _cell(sheet, row, column, value, number_format)
                fit_height(sheet, row, [width for _, width in headers])
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(row, 2)}"


def _write_jenjang(sheet: Worksheet, agreements: Sequence[LoadedAgreement]) -> None:
    """Every indikator of every level of the SKPD ladders, with the atasan indikator each
    supports (the recap per level)."""
    headers = [
        ("No", 5),
        ("Eselon", 8),
        ("SKPD", 24),
        ("Jabatan", 34),
        ("Sasaran", 38),
        ("Indikator Kinerja", 42),
        ("Target", 12),
        ("Mendukung indikator atasan", 42),
    ]
    _headers(sheet, headers)
    by_name = {a.name: a for a in agreements}
    row = 1
    for agreement in agreements:
        model: PerjanjianKinerja = agreement.model
        atasan = by_name.get(model.atasan or "")
        upper = (
            {i.id: i.uraian for s in atasan.model.sasaran for i in s.indikator if i.id}
            if atasan
            else {}
        )
        for sasaran in model.sasaran:
            for indikator in sasaran.indikator:
                row += 1
                values: list[tuple[Any, str]] = [
                    (row - 1, "0"),
                    (ESELON_ROMAN.get(eselon_of(model), ""), TEXT_FORMAT),
                    (_label(agreement), TEXT_FORMAT),
                    (model.pihak_pertama.jabatan_tertulis, TEXT_FORMAT),
                    (sasaran.uraian, TEXT_FORMAT),
                    (indikator.uraian, TEXT_FORMAT),
                    _number(target_cell(indikator.target)),
                    (upper.get(indikator.mendukung or ""), TEXT_FORMAT),
                ]
                for column, (value, number_format) in enumerate(values, start=1):
                    _cell(sheet, row, column, value, number_format)
                fit_height(sheet, row, [width for _, width in headers])
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(row, 2)}"


def _number(value: Decimal | str) -> tuple[Any, str]:
    if isinstance(value, Decimal) and fits_float(value):
        exponent = value.as_tuple().exponent
        whole = isinstance(exponent, int) and exponent >= 0
        return (int(value) if whole else float(value)), format_for(value)
    return value, TEXT_FORMAT


def _write_program(
    sheet: Worksheet, agreements: Sequence[LoadedAgreement], formulas: _Formulas
) -> tuple[dict[str, tuple[str, int]], tuple[str, int]]:
    """Programs grouped by SKPD, a SUM per SKPD and a grand total over those sums.

    Returns the cell and value of each SKPD's total, and of the grand total.
    """
    headers = [("No", 5), ("SKPD", 28), ("Program", 60), ("Anggaran (Rp)", 22), ("Keterangan", 16)]
    _headers(sheet, headers)
    row = 1
    subtotals: dict[str, tuple[str, int]] = {}
    for agreement in agreements:
        model: PerjanjianKinerja = agreement.model
        first = row + 1
        for number, program in enumerate(model.program, start=1):
            row += 1
            _cell(sheet, row, 1, number, "0")
            _cell(sheet, row, 2, _label(agreement), TEXT_FORMAT)
            _cell(sheet, row, 3, program.nama, TEXT_FORMAT)
            _cell(sheet, row, 4, program.anggaran, RUPIAH_FORMAT)
            _cell(sheet, row, 5, program.keterangan, TEXT_FORMAT)
            fit_height(sheet, row, [width for _, width in headers])
        row += 1
        total = sum(p.anggaran for p in model.program)
        _total_row(sheet, row, f"Jumlah {_label(agreement)}")
        formulas.write(sheet, f"D{row}", f"=SUM(D{first}:D{row - 1})", total)
        subtotals[agreement.slug] = (f"D{row}", total)
    row += 1
    grand = sum(value for _, value in subtotals.values())
    _total_row(sheet, row, "JUMLAH SELURUH SKPD")
    refs = ",".join(ref for ref, _ in subtotals.values())
    formulas.write(sheet, f"D{row}", f"=SUM({refs})", grand)
    return subtotals, (f"D{row}", grand)


def _total_row(sheet: Worksheet, row: int, label: str) -> None:
    for column in range(1, 6):
        cell = _cell(sheet, row, column, None, TEXT_FORMAT)
        cell.font = TOTAL_FONT
    sheet.cell(row, 2, label)
    sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
    sheet.cell(row, 4).number_format = RUPIAH_FORMAT
    sheet.cell(row, 4).alignment = Alignment(vertical="top")


def _write_summary(
    sheet: Worksheet,
    agreements: Sequence[LoadedAgreement],
    subtotals: dict[str, tuple[str, int]],
    grand_total: tuple[str, int],
    formulas: _Formulas,
) -> None:
    """One row per SKPD: how many sasaran, indikator and programs, and its anggaran (a
    reference to its total on the Program sheet)."""
    _headers(
        sheet,
        [
            ("No", 5),
            ("SKPD", 40),
            ("Sasaran", 10),
            ("Indikator", 11),
            ("Program", 10),
            ("Anggaran (Rp)", 22),
        ],
    )
    row = 1
    for number, agreement in enumerate(agreements, start=1):
        model: PerjanjianKinerja = agreement.model
        row += 1
        counts = (
            len(model.sasaran),
            sum(len(s.indikator) for s in model.sasaran),
            len(model.program),
        )
        for column, value in enumerate((number, _label(agreement), *counts), start=1):
            _cell(sheet, row, column, value, TEXT_FORMAT if column == 2 else "0")
        ref, total = subtotals[agreement.slug]
        _cell(sheet, row, 6, None, RUPIAH_FORMAT)
        formulas.write(sheet, f"F{row}", f"='{PROGRAM_SHEET}'!{ref}", total)
    last = row
    row += 1
    for column in range(1, 7):
        _cell(sheet, row, column, None, "0").font = TOTAL_FONT
    sheet.cell(row, 2, "JUMLAH").number_format = TEXT_FORMAT
    sheet.cell(row, 6).number_format = RUPIAH_FORMAT
    for letter, values in (
        ("C", [len(a.model.sasaran) for a in agreements]),
        ("D", [sum(len(s.indikator) for s in a.model.sasaran) for a in agreements]),
        ("E", [len(a.model.program) for a in agreements]),
    ):
        formulas.write(sheet, f"{letter}{row}", f"=SUM({letter}2:{letter}{last})", sum(values))
    formulas.write(sheet, f"F{row}", f"=SUM(F2:F{last})", grand_total[1])
    sheet.cell(1, 1).font = HEADER_FONT
