"""Write the SKPD workbook: the blank form to fill in, or an existing agreement to revise.

Both use the one layout of `layout.py`: a Petunjuk sheet, the identity sheet, one sheet per
table and per lampiran part, and a hidden sheet with the lists the data validations point
to. Header cells are locked (sheet protection without a password), data cells are free;
panes are frozen below the headers; numbers are shown with the decimal comma and exactly
the digits they have; texts are written as they are (markup and `{penanda}` included).
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from generator.build.writer import OutputWriter
from generator.data.loading import discover, load_batch, output_parts, validate_file
from generator.data.models.common import Pemda
from generator.data.models.lampiran import TableKind
from generator.data.models.perjanjian import PerjanjianKinerja
from generator.data.yamlsource import load_yaml
from generator.domain.formatting import MONTHS
from generator.domain.reference import SAKIP_REGULATIONS, SATUAN, Scale, scale_registry
from generator.errors import Problem, SourceLocation, UsageError
from generator.workbook.cells import RowOut, fits_float, format_for
from generator.workbook.lampiran import BLOCK_KINDS, NO, YES
from generator.workbook.layout import (
    PK_LAYOUT,
    RUPIAH_FORMAT,
    TEXT_FORMAT,
    FormSheet,
    Kind,
    Sheet,
    WorkbookLayout,
)
from generator.workbook.mapping import identity_from_raw, identity_values, sheet_rows

HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
HINT_FILL = PatternFill("solid", fgColor="F2F2F2")
SECTION_FILL = PatternFill("solid", fgColor="E7E6E6")
HEADER_FONT = Font(bold=True)
HINT_FONT = Font(italic=True, size=9, color="595959")
CODE_FONT = Font(color="808080")
TITLE_FONT = Font(bold=True, size=14)
_THIN = Side(style="thin", color="A6A6A6")
_GROUP = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
GROUP_BORDER = Border(left=_THIN, right=_THIN, top=_GROUP, bottom=_THIN)
UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
CENTER = Alignment(vertical="top", horizontal="center")
LINE_HEIGHT = 15.0
MAX_ROW_HEIGHT = 409.0  # the tallest row Excel keeps

_TEXT_KINDS = (
    Kind.TEXT,
    Kind.LONG_TEXT,
    Kind.CODE,
    Kind.NIP,
    Kind.SATUAN,
    Kind.SKALA,
    Kind.MONTHS,
    Kind.CODES,
    Kind.BLOCK_KIND,
    Kind.TABLE_KIND,
    Kind.SAKIP_REGULATION,
    Kind.YES_NO,
)
# Typed digits stay exactly as typed in a text cell (2,670 keeps its zero): blank cells of
# these kinds are formatted as text; numbers written by pkgen get a format with their digits.
_TYPED_AS_TEXT = (*_TEXT_KINDS, Kind.TARGET, Kind.NUMBER)

PLACEHOLDER_HELP = (
    "{id}: uraian indikator (id = Kode indikator, misalnya {nilai-sakip})",
    "{id.target}: target dengan kategorinya, misalnya 66 (B); {id.kategori}: kategorinya saja",
    "{id.baseline.target}, {id.baseline.realisasi}, {id.baseline.tahun}: baseline di lembar "
    "Lampiran I",
    "{id.renstra.2026}: target Renstra tahun itu",
    "{id.komponen.jumlah}, {id.komponen.persentase}: jumlah dan persentase dari lembar Komponen",
    "{tahun}: tahun perjanjian; {peraturan-ikm}: peraturan IKM; {peraturan-sakip} dan "
    "{bobot-sakip}: peraturan SAKIP pilihan di lembar Identitas dan bobot komponennya",
)

MONTH_SPECS = ("1-12", "1-6", "7-12", "1-3", "4-6", "7-9", "10-12", *(str(m) for m in range(1, 13)))
"""Month choices offered in roadmap cells; any other spec may be typed."""


@dataclass(frozen=True)
class Lists:
    """Where the hidden lists sheet keeps each list (for data validation formulas)."""

    satuan: str
    skala: str
    bulan: str
    bulan_roadmap: str


def agreement_workbook(
    model: PerjanjianKinerja, slug: str, pemda: Pemda | None, layout: WorkbookLayout = PK_LAYOUT
) -> bytes:
    """An existing agreement in the workbook layout, to be revised in a spreadsheet."""
    return _workbook(
        identity_values(model, slug, layout),
        {t.name: sheet_rows(t, model) for t in layout.sheet_tables},
        pemda,
        layout,
        subject=f"{model.unit.nama_singkat} {model.tahun}",
    )


def blank_form(
    raw: Any, slug: str, pemda: Pemda | None, layout: WorkbookLayout = PK_LAYOUT
) -> bytes:
    """The form an SKPD fills in: identity as far as the data file knows it, empty tables."""
    identity = identity_from_raw(raw, slug, layout)
    unit = raw.get("unit") if isinstance(raw, dict) else None
    name = unit.get("nama_singkat") if isinstance(unit, dict) else None
    subject = " ".join(str(part) for part in (name or slug, identity.get(("tahun",))) if part)
    return _workbook(identity, {t.name: [] for t in layout.sheet_tables}, pemda, layout, subject)


def _workbook(
    identity: dict[tuple[str, ...], Any],
    tables: dict[str, list[RowOut]],
    pemda: Pemda | None,
    layout: WorkbookLayout,
    subject: str,
) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    workbook.properties.title = f"Perjanjian Kinerja {subject}".strip()
    workbook.properties.creator = "pkgen"
    workbook.properties.keywords = "pkgen perjanjian-kinerja"
    instructions = workbook.create_sheet(layout.instructions_sheet)
    form = workbook.create_sheet(layout.identity.name)
    sheets = [workbook.create_sheet(t.name) for t in layout.sheet_tables]
    scales = scale_registry(pemda.scales if pemda is not None else [])
    lists = _write_lists(workbook.create_sheet(layout.lists_sheet), list(scales))
    _write_instructions(instructions, layout, subject, list(scales.values()))
    _write_form(form, layout.identity, identity, pemda, lists)
    for sheet, table in zip(sheets, layout.sheet_tables, strict=True):
        _write_table(sheet, table, tables[table.name], lists)
    workbook.active = 0
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ----------------------------------------------------------------------------- sheets


def _write_lists(sheet: Worksheet, scales: list[str]) -> Lists:
    sheet.sheet_state = "hidden"
    columns: list[tuple[str, Sequence[Any]]] = [
        ("Satuan", list(SATUAN)),
        ("Skala", scales),
        ("Bulan", list(range(1, 13))),
        ("Nama bulan", list(MONTHS)),
        ("Bulan roadmap", list(MONTH_SPECS)),
    ]
    for index, (title, values) in enumerate(columns, start=1):
        sheet.cell(1, index, title).font = HEADER_FONT
        for row, value in enumerate(values, start=2):
            cell = sheet.cell(row, index, value)
            if isinstance(value, str):
                cell.number_format = TEXT_FORMAT
        sheet.column_dimensions[get_column_letter(index)].width = 22
    _protect(sheet)
    name = quote_sheetname(sheet.title)
    return Lists(
        satuan=f"{name}!$A$2:$A${len(SATUAN) + 1}",
        skala=f"{name}!$B$2:$B${len(scales) + 1}",
        bulan=f"{name}!$C$2:$C$13",
        bulan_roadmap=f"{name}!$E$2:$E${len(MONTH_SPECS) + 1}",
    )


def _write_instructions(
    sheet: Worksheet, layout: WorkbookLayout, subject: str, scales: list[Scale]
) -> None:
    width = 90
    sheet.column_dimensions["A"].width = width
    lines: list[tuple[str, Font | None]] = [
        (f"Perjanjian Kinerja {subject}".strip(), TITLE_FONT),
        ("Petunjuk pengisian", HEADER_FONT),
        ("", None),
    ]
    core = [t.name for t in layout.tables]
    general = [
        f"Isi lembar {layout.identity.name}, "
        + ", ".join(core[:-1])
        + f" dan {core[-1]}"
        + (
            " (dan lembar lampiran: " + ", ".join(t.name for t in layout.lampiran) + ")"
            if layout.lampiran
            else ""
        )
        + ", lalu kirim kembali berkas .xlsx ini. Jangan mengganti nama lembar atau judul "
        "kolom: baris judul dikunci, sel isian bebas diisi.",
        "Baris baru: isi baris kosong di bawah tabel atau sisipkan baris. Baris yang seluruhnya "
        "kosong dilewati.",
        "Angka memakai koma desimal (2,90) dan titik ribuan (100.727.519.299). Angka yang tampil "
        "di sel, dengan jumlah desimalnya, itulah yang tercetak di dokumen.",
        "Kolom Kode (abu-abu) dipakai pkgen untuk mengenali sasaran, indikator dan program yang "
        "sama antarrevisi: jangan diubah; biarkan kosong untuk baris baru.",
        "Rumus boleh dipakai. Simpan berkas di Excel atau LibreOffice Calc sebelum dikirim agar "
        "hasil rumus ikut tersimpan.",
    ]
    if layout.lampiran:
        general.append(
            "Lampiran (bagian I penjelasan perhitungan, II penjelasan indikator, III roadmap) "
            "boleh dikosongkan. Lampiran dicetak bila lembar-lembarnya berisi data, atau bila "
            f"'Lampiran dicetak' di lembar {layout.identity.name} berisi ya; semua angka "
            "turunannya (kategori, nilai konversi, jumlah, rata-rata, persentase) dihitung pkgen."
        )
    for table in layout.sheet_tables:
        general.extend(f"{table.name}: {text}" for text in table.instructions)
    lines.extend((f"{n}. {text}", None) for n, text in enumerate(general, start=1))
    if layout.lampiran:
        lines.append(("", None))
        lines.append(("Penanda dalam teks lampiran (diisi pkgen dari data)", HEADER_FONT))
        lines.extend((text, None) for text in PLACEHOLDER_HELP)
    lines.append(("", None))
    lines.append(("Skala penilaian target (kolom Skala)", HEADER_FONT))
    for scale in scales:
        bands = ", ".join(f"{b.category} {b.printed_range}".strip() for b in scale.bands)
        lines.append((f"{scale.key}: {scale.citation}: {bands}", None))
    for row, (text, font) in enumerate(lines, start=1):
        cell = sheet.cell(row, 1, text)
        cell.alignment = WRAP
        if font:
            cell.font = font
        sheet.row_dimensions[row].height = LINE_HEIGHT * line_count(text, width)
    _print_setup(sheet, None, landscape=False)
    _protect(sheet)


def _write_form(
    sheet: Worksheet,
    form: FormSheet,
    values: dict[tuple[str, ...], Any],
    pemda: Pemda | None,
    lists: Lists,
) -> None:
    hints = {
        "tempat": f" ({pemda.tempat})" if pemda else "",
        "kepala_daerah": (
            f" ({pemda.kepala_daerah.nama}, {pemda.kepala_daerah.jabatan})" if pemda else ""
        ),
    }
    for column, header in enumerate(form.headers, start=1):
        header_cell(sheet.cell(1, column, header))
    row = 2
    label_width, hint_width = 34, 55
    value_width = min(
        max([40, *(_text_width(v) for v in values.values())]) + 2,
        70,
    )
    for section in form.sections:
        label = sheet.cell(row, form.LABEL_COLUMN, section.title)
        note_text = section.note.format_map(hints)
        note = sheet.cell(row, form.HINT_COLUMN, note_text or None)
        for cell in (label, sheet.cell(row, form.VALUE_COLUMN), note):
            cell.fill = SECTION_FILL
            cell.font = HEADER_FONT
            cell.alignment = WRAP
        lines = max(line_count(section.title, label_width), line_count(note_text, hint_width))
        sheet.row_dimensions[row].height = LINE_HEIGHT * lines
        row += 1
        for form_field in section.fields:
            sheet.cell(row, form.LABEL_COLUMN, form_field.label).alignment = WRAP
            hint = form_field.hint.format_map(hints)
            hint_cell = sheet.cell(row, form.HINT_COLUMN, hint or None)
            hint_cell.font = HINT_FONT
            hint_cell.alignment = WRAP
            cell = sheet.cell(row, form.VALUE_COLUMN)
            value = values.get(form_field.path)
            _fill(cell, value, form_field.kind)
            cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
            cell.protection = UNLOCKED
            cell.border = BORDER
            _validate(sheet, form_field.kind, [cell.coordinate], lists)
            lines = max(
                line_count(form_field.label, label_width),
                line_count(value, value_width),
                line_count(hint, hint_width / 0.8),  # the hint font is smaller
            )
            if lines > 1:
                sheet.row_dimensions[row].height = LINE_HEIGHT * lines
            row += 1
    sheet.column_dimensions["A"].width = label_width
    sheet.column_dimensions["B"].width = value_width
    sheet.column_dimensions["C"].width = hint_width
    sheet.freeze_panes = "A2"
    _print_setup(sheet, "1:1", landscape=False)
    _protect(sheet)


def _write_table(sheet: Worksheet, table: Sheet, rows: list[RowOut], lists: Lists) -> None:
    widths = [column.width for column in table.columns]
    for out in rows:  # the widest text of each column, within its limit
        for index, (column, value) in enumerate(zip(table.columns, out.values, strict=True)):
            if value is not None:
                widths[index] = max(widths[index], min(_text_width(value), column.max_width))
    hint_lines = 1
    for index, column in enumerate(table.columns, start=1):
        header_cell(sheet.cell(table.HEADER_ROW, index, column.header))
        hint = sheet.cell(table.HINT_ROW, index, column.hint or None)
        hint.font = HINT_FONT
        hint.fill = HINT_FILL
        hint.alignment = Alignment(wrap_text=True, vertical="top", horizontal="center")
        hint.border = BORDER
        hint_lines = max(hint_lines, line_count(column.hint, (widths[index - 1] + 2) / 0.8))
    first = table.FIRST_DATA_ROW
    last = first + len(rows) + table.spare_rows - 1
    for offset in range(last - first + 1):
        row_number = first + offset
        row = rows[offset] if offset < len(rows) else None
        lines = 1
        for index, column in enumerate(table.columns):
            value = row.values[index] if row else None
            cell = sheet.cell(row_number, index + 1)
            _fill(cell, value, column.kind)
            indent = row.indent if row and column.kind is Kind.LONG_TEXT else 0
            if indent:
                cell.alignment = Alignment(
                    wrap_text=True, vertical="top", horizontal="left", indent=indent
                )
            cell.protection = UNLOCKED
            cell.border = GROUP_BORDER if row and row.starts_group else BORDER
            if column.kind is Kind.CODE:
                cell.font = CODE_FONT
            # An indent level is about two characters wide.
            lines = max(lines, line_count(value, widths[index] + 2 - 2 * indent))
        if lines > 1:
            sheet.row_dimensions[row_number].height = min(LINE_HEIGHT * lines, MAX_ROW_HEIGHT)
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = widths[index - 1] + 2
        _validate(sheet, column.kind, [f"{letter}{first}:{letter}{last}"], lists)
    sheet.row_dimensions[table.HEADER_ROW].height = LINE_HEIGHT * 2
    sheet.row_dimensions[table.HINT_ROW].height = 0.8 * LINE_HEIGHT * max(hint_lines, 1)
    sheet.freeze_panes = f"A{first}"
    _print_setup(sheet, f"{table.HEADER_ROW}:{table.HINT_ROW}", landscape=True)
    _protect(sheet)


# ----------------------------------------------------------------------------- cells


def header_cell(cell: Any) -> None:
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    cell.border = BORDER


def _fill(cell: Any, value: Any, kind: Kind) -> None:
    """Write a value with the number format that shows it exactly (blank cells get the
    format of their kind, so what staff type later is read the same way)."""
    if isinstance(value, Decimal) and fits_float(value):
        cell.number_format = format_for(value)
        exponent = value.as_tuple().exponent
        cell.value = int(value) if isinstance(exponent, int) and exponent >= 0 else float(value)
    elif isinstance(value, Decimal):
        cell.number_format = TEXT_FORMAT
        cell.value = format(value, "f").replace(".", ",")
    elif kind in (Kind.RUPIAH, Kind.COUNT):
        cell.number_format = RUPIAH_FORMAT
        cell.value = value
    elif kind in _TYPED_AS_TEXT or isinstance(value, str):
        cell.number_format = TEXT_FORMAT
        cell.value = None if value is None else str(value)
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"  # a text, not a formula
    else:
        cell.number_format = "0"
        cell.value = value
    cell.alignment = WRAP if kind is Kind.LONG_TEXT else CENTER if kind is Kind.ROW_NUMBER else TOP


def _validate(sheet: Worksheet, kind: Kind, ranges: list[str], lists: Lists) -> None:
    rules: dict[Kind, dict[str, Any]] = {
        Kind.SATUAN: {
            "type": "list",
            "formula1": lists.satuan,
            "showErrorMessage": False,  # the list only suggests: any unit may be typed
            "prompt": "Pilih satuan dari daftar, atau ketik satuan lain",
        },
        Kind.SKALA: {
            "type": "list",
            "formula1": lists.skala,
            "error": "Pilih skala dari daftar, atau kosongkan.",
            "prompt": "sakip: nilai SAKIP 0–100; ikm: IKM 1–4; ikm-konversi: IKM × 25",
        },
        Kind.DATE_MONTH: {
            "type": "list",
            "formula1": lists.bulan,
            "error": "Bulan diisi angka 1 sampai 12.",
            "prompt": "1 = Januari … 12 = Desember",
        },
        Kind.YEAR: _whole(2000, 2100, "Tahun diisi empat angka, misalnya 2022."),
        Kind.DATE_YEAR: _whole(2000, 2100, "Tahun diisi empat angka, misalnya 2022."),
        Kind.DATE_DAY: _whole(1, 31, "Tanggal diisi angka 1 sampai 31, atau dikosongkan."),
        Kind.LEVEL: _whole(1, 9, "Tingkat diisi angka: 1 untuk butir utama, 2 di bawahnya, …")
        | {"prompt": "1 = butir utama (1.); 2 = isi butir tingkat 1 (a.); 3 = 1); 4 = a)"},
        Kind.COUNT: {
            "type": "whole",
            "operator": "greaterThanOrEqual",
            "formula1": "0",
            "error": "Jumlah diisi bilangan bulat 0 atau lebih.",
        },
        Kind.BLOCK_KIND: {
            "type": "list",
            "formula1": _inline(BLOCK_KINDS),
            "error": "Pilih teks, paragraf atau tabel.",
            "prompt": "teks: butir bernomor; paragraf: tanpa nomor; tabel: dihitung pkgen",
        },
        Kind.TABLE_KIND: {
            "type": "list",
            "formula1": _inline([k.value for k in TableKind]),
            "error": "Pilih jenis tabel dari daftar.",
            "prompt": "renstra, baseline, komponen: isi Kode indikator; survei: isi Kode survei",
        },
        Kind.SAKIP_REGULATION: {
            "type": "list",
            "formula1": _inline(SAKIP_REGULATIONS),
            "error": "Pilih 12/2015 atau 88/2021, atau kosongkan.",
            "prompt": "; ".join(f"{k}: {r.citation}" for k, r in SAKIP_REGULATIONS.items()),
        },
        Kind.YES_NO: {
            "type": "list",
            "formula1": _inline((YES, NO)),
            "error": "Isi ya atau tidak, atau kosongkan.",
        },
        Kind.MONTHS: {
            "type": "list",
            "formula1": lists.bulan_roadmap,
            "showErrorMessage": False,  # the list only suggests: 1, 4, 7 may be typed
            "prompt": "1-12, 2-5, 1, 4, 7, 10, 12 atau Jan-Mar, Des",
        },
    }
    rule = rules.get(kind)
    if rule is None:
        return
    prompt = rule.pop("prompt", None)
    settings: dict[str, Any] = {
        "allow_blank": True,
        "showErrorMessage": True,
        "errorStyle": "stop",
        "errorTitle": "Isian tidak sah",
        "showInputMessage": prompt is not None,
        "prompt": prompt,
    }
    validation = DataValidation(**(settings | rule))
    for cells in ranges:
        validation.add(cells)
    sheet.add_data_validation(validation)


def _inline(values: Iterable[str]) -> str:
    """A list validation's values written in the rule itself: `"ya,tidak"`."""
    return '"' + ",".join(values) + '"'


def _whole(low: int, high: int, error: str) -> dict[str, Any]:
    return {
        "type": "whole",
        "operator": "between",
        "formula1": str(low),
        "formula2": str(high),
        "error": error,
    }


def _protect(sheet: Worksheet) -> None:
    """Protect locked cells (headers) without a password; rows may be inserted, deleted,
    formatted and sorted."""
    protection = sheet.protection
    protection.sheet = True
    for allowed in (
        "formatCells",
        "formatColumns",
        "formatRows",
        "insertRows",
        "deleteRows",
        "sort",
        "autoFilter",
        "selectLockedCells",
        "selectUnlockedCells",
    ):
        setattr(protection, allowed, False)


def _print_setup(sheet: Worksheet, title_rows: str | None, landscape: bool) -> None:
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _text_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, Decimal):
        return len(format(value, "f")) + 4
    if isinstance(value, int):
        return len(f"{value:,}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def fit_height(sheet: Worksheet, row: int, widths: Sequence[float]) -> None:
    """Give a row the height its wrapped texts need (spreadsheets do not on opening)."""
    lines = max(
        (
            line_count(sheet.cell(row, column).value, width)
            for column, width in enumerate(widths, 1)
        ),
        default=1,
    )
    if lines > 1:
        sheet.row_dimensions[row].height = LINE_HEIGHT * lines


def line_count(value: Any, width: float) -> int:
    """Lines a wrapped text takes in a column `width` characters wide (an estimate)."""
    if value is None:
        return 1
    text = str(value)
    return max(
        1, sum(math.ceil(max(len(line), 1) / max(width - 1, 1)) for line in text.split("\n"))
    )


# ----------------------------------------------------------------------------- command


@dataclass
class ExportReport:
    """Workbooks written and the problems of SKPD that could not be exported."""

    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def export(
    targets: Sequence[Path], out: Path | None, *, blank: bool, out_root: Path = Path("output")
) -> ExportReport:
    """Write one workbook per SKPD file under `targets` (folders or files).

    `out` is the .xlsx file for a single SKPD or a folder; by default workbooks go to
    `output/<tahun>/formulir/` (blank forms) or `output/<tahun>/excel/` (agreements).
    """
    report = ExportReport()
    jobs = list(_blank_jobs(targets, report) if blank else _agreement_jobs(targets, report))
    if out is not None and out.suffix.lower() == ".xlsx" and len(jobs) > 1:
        raise UsageError(f"{out}: untuk lebih dari satu SKPD, -o harus berupa folder")
    writer = OutputWriter(Path("."))
    for job in jobs:
        if out is None:
            parts = output_parts(job.folder, job.tahun)
            target = out_root.joinpath(*parts, "formulir" if blank else "excel", f"{job.slug}.xlsx")
        elif out.suffix.lower() == ".xlsx":
            target = out
        else:
            # A pemda in its own subfolder keeps it, so equal SKPD names never collide.
            target = out.joinpath(*output_parts(job.folder, job.tahun)[1:], f"{job.slug}.xlsx")
        writer.write_bytes(target, job.content)
        report.written.append(target)
    return report


@dataclass(frozen=True)
class _Job:
    folder: Path
    slug: str
    tahun: int | None
    content: bytes


def _agreement_jobs(targets: Sequence[Path], report: ExportReport) -> Iterable[_Job]:
    batch = load_batch(targets)
    report.problems.extend(batch.problems)
    for agreement in batch.agreements:
        if not isinstance(agreement.model, PerjanjianKinerja):  # pragma: no cover - one kind
            continue
        # A PK of a jabatan below the unit head shares its unit's slug: its workbook is
        # named (and imported back) by its own file.
        name = agreement.path.stem if agreement.jabatan_id else agreement.slug
        content = agreement_workbook(agreement.model, name, agreement.pemda.model)
        yield _Job(agreement.path.parent, name, agreement.model.tahun, content)


def _blank_jobs(targets: Sequence[Path], report: ExportReport) -> Iterable[_Job]:
    for target in targets:
        for folder, files in discover(target):
            pemda, _, _ = validate_file(folder / "pemda.yaml", Pemda)
            if not files:
                report.problems.append(
                    Problem(SourceLocation.of(folder), "", "tidak ada berkas SKPD di folder ini")
                )
            for path in files:
                document, problems = load_yaml(path)
                if document is None:
                    report.problems.extend(problems)
                    continue
                raw = document.data
                if (
                    isinstance(raw, dict)
                    and raw.get("jenis", "perjanjian-kinerja") != "perjanjian-kinerja"
                ):
                    continue  # the workbook holds Perjanjian Kinerja data only
                tahun = raw.get("tahun") if isinstance(raw, dict) else None
                year = int(tahun) if isinstance(tahun, int) else None
                yield _Job(folder, path.stem, year, blank_form(raw, path.stem, pemda))
