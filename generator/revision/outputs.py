"""The *Daftar Perubahan*: a diff as a document to attach to a PK Perubahan (.docx), a
workbook (.xlsx) or data (.json).

The .docx is rendered from `templates/daftar-perubahan.docx` (the tags are the fields of
`DaftarPerubahanContext`).
The JSON layout is stable and versioned (`versi`); README describes it.
"""

from __future__ import annotations

import datetime
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from generator.context.common import as_mapping
from generator.data.models.types import SigningDate, validate_signing_date
from generator.domain.formatting import format_partial_date
from generator.errors import PkgenError, UsageError, display_path
from generator.revision.diff import Change, RevisionDiff, SkpdDiff, StatusSkpd
from generator.revision.report import shown_uraian, summary
from generator.templates.properties import DocumentProperties
from generator.templates.render import compiled_template
from generator.workbook.export import BORDER, WRAP, fit_height, header_cell
from generator.workbook.layout import LOCALE_PREFIX, RUPIAH_FORMAT

TEMPLATE = "daftar-perubahan.docx"
FORMATS = ("table", "docx", "xlsx", "json")
JSON_VERSION = 1
COLUMNS = ("No", "SKPD", "Bagian", "Uraian", "Semula", "Menjadi", "Selisih")
TOTAL_LABEL = "Jumlah anggaran"


def choose_format(name: str | None, output: Path | None) -> str:
    """The output format: `--format`, else the suffix of `-o`, else the terminal table."""
    if name is not None:
        if name not in FORMATS:
            raise UsageError(f"--format {name!r} tidak dikenal; pilihan: {', '.join(FORMATS)}")
        if name in ("docx", "xlsx") and output is None:
            raise UsageError(f"--format {name} perlu -o BERKAS")
        if name == "table" and output is not None:
            raise UsageError("-o hanya untuk --format docx, xlsx atau json")
        return name
    if output is None:
        return "table"
    suffix = output.suffix.lower().lstrip(".")
    if suffix not in ("docx", "xlsx", "json"):
        raise UsageError(
            f"-o {output}: format tidak dikenal dari akhiran nama berkas; "
            "pakai .docx, .xlsx atau .json, atau sebutkan --format"
        )
    return suffix


def daftar_bytes(
    diff: RevisionDiff, fmt: str, *, templates: Path, tanggal: SigningDate | None = None
) -> bytes:
    """The Daftar Perubahan in `fmt` (docx, xlsx or json)."""
    if fmt == "docx":
        return daftar_docx(diff, templates, tanggal or today(), diff.tempat)
    if fmt == "xlsx":
        return daftar_xlsx(diff)
    if fmt == "json":
        return daftar_json(diff)
    raise ValueError(f"not a file format: {fmt}")


def judul(diff: RevisionDiff) -> str:
    """`DAFTAR PERUBAHAN PERJANJIAN KINERJA TAHUN 2022`."""
    title = "DAFTAR PERUBAHAN PERJANJIAN KINERJA"
    return f"{title} TAHUN {diff.tahun}" if diff.tahun else title


def _with_sasaran(change: Change) -> str:
    """The item, and on a second line the sasaran it belongs to."""
    if change.sasaran and change.sasaran != change.uraian:
        return f"{change.uraian}\n(sasaran: {change.sasaran})"
    return change.uraian


def _uraian(change: Change) -> str:
    """The Uraian cell of the document: the item (unless the row repeats it), its sasaran,
    and a note when the pairing is unsure."""
    lines = [shown_uraian(change)]
    if change.sasaran and change.sasaran != change.uraian:
        lines.append(f"(sasaran: {change.sasaran})")
    if change.catatan:
        lines.append(f"Catatan: {change.catatan}")
    return "\n".join(line for line in lines if line)


def _has_total(skpd: SkpdDiff) -> bool:
    return skpd.status is StatusSkpd.DIUBAH and skpd.selisih != 0


# --------------------------------------------------------------------------- .docx


@dataclass(frozen=True)
class BarisPerubahan:
    """One row of the table; the rows of one SKPD share `skpd_key` (merged No and SKPD)."""

    skpd_key: int
    no: str
    skpd: str
    bagian: str
    uraian: str
    semula: str
    menjadi: str
    selisih: str
    jumlah: bool
    """The SKPD's total anggaran row."""


@dataclass(frozen=True)
class DaftarPerubahanContext:
    """Everything the Daftar Perubahan template prints, already formatted."""

    judul: str
    pemerintah: str
    tempat_tanggal: str
    ringkasan: str
    baris: list[BarisPerubahan]
    kosong: bool


def daftar_context(
    diff: RevisionDiff, tanggal: SigningDate, tempat: str | None = None
) -> DaftarPerubahanContext:
    rows: list[BarisPerubahan] = []
    for number, skpd in enumerate(diff.changed, start=1):
        for change in skpd.changes:
            rows.append(
                BarisPerubahan(
                    number,
                    f"{number}.",
                    skpd.nama,
                    change.bagian,
                    _uraian(change),
                    change.semula,
                    change.menjadi,
                    change.selisih_teks,
                    False,
                )
            )
        if _has_total(skpd):
            rows.append(
                BarisPerubahan(
                    number,
                    f"{number}.",
                    skpd.nama,
                    TOTAL_LABEL,
                    "",
                    skpd.rp(skpd.anggaran_semula),
                    skpd.rp(skpd.anggaran_menjadi),
                    skpd.rp(skpd.selisih, signed=True),
                    True,
                )
            )
    date = format_partial_date(tanggal.year, tanggal.month, tanggal.day)
    return DaftarPerubahanContext(
        judul=judul(diff),
        pemerintah=(diff.pemerintah or "").upper(),
        tempat_tanggal=f"{tempat}, {date}" if tempat else date,
        ringkasan=summary(diff),
        baris=rows,
        kosong=not rows,
    )


def daftar_docx(
    diff: RevisionDiff, templates: Path, tanggal: SigningDate, tempat: str | None = None
) -> bytes:
    """The Daftar Perubahan as a .docx rendered from `templates/daftar-perubahan.docx`."""
    path = templates / TEMPLATE
    if not path.is_file():
        raise PkgenError(f"{display_path(path)}: templat tidak ditemukan")
    context = daftar_context(diff, tanggal, tempat)
    year = f" Tahun {diff.tahun}" if diff.tahun else ""
    properties = DocumentProperties(
        title=f"Daftar Perubahan Perjanjian Kinerja{year} — {diff.pemerintah or ''}".rstrip(" —"),
        creator=diff.pemerintah or "",
        subject="Daftar Perubahan Perjanjian Kinerja",
        keywords=("Daftar Perubahan", "Perjanjian Kinerja", diff.pemerintah or ""),
    )
    return compiled_template(path).render(as_mapping(context), properties=properties)


def parse_tanggal(text: str) -> SigningDate:
    """`2022-09-15`, `15 September 2022` or `September 2022` (UsageError otherwise)."""
    try:
        date = datetime.date.fromisoformat(text.strip())
    except ValueError:
        try:
            return validate_signing_date(text)
        except ValueError as exc:
            raise UsageError(f"--tanggal: {exc}") from None
    return SigningDate(date.year, date.month, date.day)


def today() -> SigningDate:
    date = datetime.date.today()
    return SigningDate(date.year, date.month, date.day)


# --------------------------------------------------------------------------- .json


def _change_data(change: Change) -> dict[str, Any]:
    return {
        "unsur": str(change.unsur),
        "jenis": str(change.jenis),
        "bagian": change.bagian,
        "uraian": change.uraian,
        "sasaran": change.sasaran,
        "id": change.id,
        "semula": change.semula,
        "menjadi": change.menjadi,
        "selisih": change.selisih,
        "selisih_teks": change.selisih_teks,
        "dasar": str(change.dasar) if change.dasar else None,
        "kemiripan": change.kemiripan,
        "yakin": change.yakin,
        "catatan": change.catatan,
        "lokasi": (
            {"berkas": change.lokasi.file, "baris": change.lokasi.line}
            if change.lokasi is not None
            else None
        ),
    }


def daftar_data(diff: RevisionDiff) -> dict[str, Any]:
    """The diff as plain data, keys in a fixed order (see README, "Daftar Perubahan")."""
    count = {status: sum(1 for s in diff.skpd if s.status is status) for status in StatusSkpd}
    return {
        "jenis": "daftar-perubahan-perjanjian-kinerja",
        "versi": JSON_VERSION,
        "semula": diff.semula,
        "menjadi": diff.menjadi,
        "tahun": diff.tahun,
        "pemerintah": diff.pemerintah,
        "ringkasan": {
            "perubahan": diff.change_count,
            "skpd_diubah": count[StatusSkpd.DIUBAH],
            "skpd_ditambah": count[StatusSkpd.DITAMBAH],
            "skpd_dihapus": count[StatusSkpd.DIHAPUS],
            "skpd_tidak_berubah": count[StatusSkpd.TETAP],
        },
        "skpd": [
            {
                "folder": skpd.key.folder,
                "slug": skpd.key.slug,
                "nama": skpd.nama,
                "status": str(skpd.status),
                "anggaran": {
                    "semula": skpd.anggaran_semula,
                    "menjadi": skpd.anggaran_menjadi,
                    "selisih": skpd.selisih,
                },
                "perubahan": [_change_data(change) for change in skpd.changes],
            }
            for skpd in diff.skpd
        ],
    }


def daftar_json(diff: RevisionDiff) -> bytes:
    return (json.dumps(daftar_data(diff), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- .xlsx

SHEET = "Daftar Perubahan"
SUMMARY_SHEET = "Ringkasan"
SIGNED_RUPIAH_FORMAT = f"{LOCALE_PREFIX}+#,##0;-#,##0;0"
XLSX_HEADERS = (*COLUMNS[:6], "Selisih (Rp)", "Catatan", "Lokasi")
XLSX_WIDTHS = (5.0, 28.0, 20.0, 50.0, 22.0, 22.0, 18.0, 40.0, 34.0)
SUMMARY_HEADERS = (
    "No",
    "SKPD",
    "Status",
    "Jumlah perubahan",
    "Anggaran semula (Rp)",
    "Anggaran menjadi (Rp)",
    "Selisih (Rp)",
)
SUMMARY_WIDTHS = (5.0, 40.0, 16.0, 12.0, 22.0, 22.0, 20.0)
TITLE_FONT = Font(bold=True, size=13)
BOLD = Font(bold=True)


def _titles(sheet: Worksheet, diff: RevisionDiff, columns: int) -> int:
    """Title rows; returns the row of the table header."""
    lines = [judul(diff)]
    if diff.pemerintah:
        lines.append(diff.pemerintah.upper())
    lines.append(f"Semula: {diff.semula} — Menjadi: {diff.menjadi}")
    for row, text in enumerate(lines, start=1):
        sheet.cell(row, 1, text).font = TITLE_FONT if row == 1 else BOLD
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    return len(lines) + 2


def _header(
    sheet: Worksheet, row: int, headers: tuple[str, ...], widths: tuple[float, ...]
) -> None:
    for column, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        header_cell(sheet.cell(row, column, text))
        sheet.column_dimensions[sheet.cell(row, column).column_letter].width = width
    sheet.freeze_panes = sheet.cell(row + 1, 1)


def _row(sheet: Worksheet, row: int, values: list[Any], widths: tuple[float, ...]) -> None:
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row, column, value)
        cell.border = BORDER
        cell.alignment = WRAP
    fit_height(sheet, row, widths)


def _changes_sheet(sheet: Worksheet, diff: RevisionDiff) -> None:
    header = _titles(sheet, diff, len(XLSX_HEADERS))
    _header(sheet, header, XLSX_HEADERS, XLSX_WIDTHS)
    row = header
    for number, skpd in enumerate(diff.changed, start=1):
        for change in skpd.changes:
            row += 1
            values = [
                number,
                skpd.nama,
                change.bagian,
                _with_sasaran(change),
                change.semula,
                change.menjadi,
                change.selisih,
                change.catatan,
                str(change.lokasi) if change.lokasi else "",
            ]
            _row(sheet, row, values, XLSX_WIDTHS)
            sheet.cell(row, 7).number_format = SIGNED_RUPIAH_FORMAT
        if _has_total(skpd):
            row += 1
            values = [
                number,
                skpd.nama,
                TOTAL_LABEL,
                "",
                skpd.rp(skpd.anggaran_semula),
                skpd.rp(skpd.anggaran_menjadi),
                skpd.selisih,
                "",
                "",
            ]
            _row(sheet, row, values, XLSX_WIDTHS)
            sheet.cell(row, 7).number_format = SIGNED_RUPIAH_FORMAT
            for column in range(1, len(values) + 1):
                sheet.cell(row, column).font = BOLD
    if row == header:
        sheet.cell(row + 1, 1, "Tidak ada perubahan.")
    else:
        sheet.auto_filter.ref = f"A{header}:{sheet.cell(row, len(XLSX_HEADERS)).coordinate}"


def _summary_sheet(sheet: Worksheet, diff: RevisionDiff) -> None:
    header = _titles(sheet, diff, len(SUMMARY_HEADERS))
    _header(sheet, header, SUMMARY_HEADERS, SUMMARY_WIDTHS)
    row = header
    for number, skpd in enumerate(diff.skpd, start=1):
        row += 1
        values = [
            number,
            skpd.nama,
            str(skpd.status),
            len(skpd.changes),
            skpd.anggaran_semula,
            skpd.anggaran_menjadi,
            skpd.selisih,
        ]
        _row(sheet, row, values, SUMMARY_WIDTHS)
        sheet.cell(row, 5).number_format = RUPIAH_FORMAT
        sheet.cell(row, 6).number_format = RUPIAH_FORMAT
        sheet.cell(row, 7).number_format = SIGNED_RUPIAH_FORMAT
    sheet.cell(row + 2, 1, summary(diff)).alignment = Alignment(wrap_text=False)


def daftar_xlsx(diff: RevisionDiff) -> bytes:
    """The Daftar Perubahan workbook: every change, then a summary per SKPD."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    _changes_sheet(sheet, diff)
    _summary_sheet(workbook.create_sheet(SUMMARY_SHEET), diff)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
