"""Import: a filled SKPD workbook → a validated agreement → the SKPD's YAML file.

Every cell is read by the kind its column declares (`layout.py`); the plain data is then
validated by the same models and the same Indonesian messages as a YAML file, each error
located at its workbook cell (`dinas-kesehatan.xlsx: Program!C7: …`). All errors of all
workbooks are collected first; nothing is written unless there are none. The lampiran
sheets are read by `lampiran.py`; a form made before they existed imports the PK alone and
leaves the lampiran of the YAML file as it is.
"""

from __future__ import annotations

import datetime
import re
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook
from pydantic_core import PydanticCustomError

from generator.build.writer import OutputWriter
from generator.data.kinds import PERJANJIAN_KINERJA
from generator.data.loading import PEMDA_FILE, validate_document, validate_file
from generator.data.models.common import Pemda
from generator.data.models.perjanjian import PerjanjianKinerja, validation_context
from generator.data.models.types import validate_slug
from generator.data.yamlsource import FieldPath, YamlDocument, format_field_path, load_yaml
from generator.domain.formatting import MONTHS
from generator.errors import Problem, Severity, SourceLocation, display_path
from generator.workbook.cells import CellRead, RowRead, SheetReader
from generator.workbook.lampiran import LampiranReader
from generator.workbook.layout import (
    DATE_PARTS,
    FILE_FIELD,
    LAMPIRAN_FIELD,
    PK_LAYOUT,
    Column,
    FormSheet,
    Kind,
    LampiranSheet,
    Part,
    TableSheet,
    WorkbookLayout,
)
from generator.workbook.mapping import workbook_view
from generator.workbook.reading import (
    Reading,
    column_positions,
    complete,
    data_rows,
    key_text,
)
from generator.workbook.yamlmerge import MergeFailed, new_yaml, updated_yaml

_YEAR_FOLDER = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class WorkbookAgreement:
    """An agreement read from a workbook, with the cell each field came from."""

    workbook: Path
    slug: str
    model: PerjanjianKinerja
    cells: dict[FieldPath, str]
    layout: WorkbookLayout = PK_LAYOUT  # the layout it was read with (a form's version)

    def location(self, loc: FieldPath) -> SourceLocation:
        return SourceLocation.of(self.workbook, where=cell_for(self.cells, loc))


def cell_for(cells: dict[FieldPath, str], loc: FieldPath) -> str | None:
    """The cell of a field, or of the nearest enclosing field that has one."""
    for end in range(len(loc), -1, -1):
        where = cells.get(tuple(loc[:end]))
        if where:
            return where
    return None


@dataclass
class _CellDocument(YamlDocument):
    """Plain data read from a workbook; locations are cells instead of YAML lines."""

    cells: dict[FieldPath, str] = field(default_factory=dict)

    def location(self, loc: FieldPath) -> SourceLocation:
        return SourceLocation.of(self.path, where=cell_for(self.cells, loc))


def read_agreement(
    path: Path, layout: WorkbookLayout = PK_LAYOUT, pemda: Pemda | None = None
) -> tuple[WorkbookAgreement | None, list[Problem]]:
    """Read and validate one workbook: (agreement or None, every problem found); `pemda`,
    when known, gives the scales the data may name."""
    reading = Reading(path)
    books = _open(path, reading)
    if books is None:
        return None, reading.problems
    formulas, values = books
    sheets = {name.casefold(): name for name in formulas.sheetnames}
    if layout.lampiran and not any(s.name.casefold() in sheets for s in layout.lampiran):
        layout = layout.core()
        reading.problems.append(
            Problem(
                SourceLocation.of(path),
                "",
                "lembar lampiran ("
                + ", ".join(s.name for s in PK_LAYOUT.lampiran)
                + ") tidak ada: formulir dibuat sebelum lampiran bisa diisi di lembar kerja; "
                "lampiran di berkas YAML tidak diubah",
                Severity.WARNING,
            )
        )
    readers: dict[str, SheetReader] = {}
    for name in (layout.identity.name, *(t.name for t in layout.sheet_tables)):
        actual = sheets.get(name.casefold())
        if actual is None:
            reading.error(
                None,
                f"lembar {name!r} tidak ditemukan; pakai formulir dari 'pkgen export' "
                "dan jangan mengganti nama lembarnya",
            )
        else:
            readers[name] = SheetReader(formulas[actual], values[actual])
    slug = None
    if layout.identity.name in readers:
        slug = _read_identity(readers[layout.identity.name], layout.identity, reading)
    for table in layout.tables:
        if table.name in readers:
            _read_table(readers[table.name], table, reading)
    if layout.lampiran:
        _read_lampiran(readers, layout.lampiran, reading)
    if any(p.is_error for p in reading.problems) and len(readers) < len(layout.sheet_tables) + 1:
        return None, reading.problems
    document = _CellDocument(path=path, data=reading.data, cells=reading.cells)
    context = validation_context(pemda, reading.data)
    model, problems = validate_document(document, PerjanjianKinerja, context)
    for problem in problems:
        if not reading.reported(problem):
            reading.problems.append(replace(problem, field=""))
    order = [
        name.casefold() for name in (layout.identity.name, *(t.name for t in layout.sheet_tables))
    ]
    reading.problems = sorted(
        dict.fromkeys(reading.problems), key=lambda p: _reading_order(p, order)
    )
    if model is None or slug is None or any(p.is_error for p in reading.problems):
        return None, reading.problems
    return WorkbookAgreement(path, slug, model, reading.cells, layout), reading.problems


def _read_lampiran(
    readers: dict[str, SheetReader], sheets: tuple[LampiranSheet, ...], reading: Reading
) -> None:
    rows: dict[Part, tuple[LampiranSheet, list[RowRead]]] = {}
    for sheet in sheets:
        reader = readers.get(sheet.name)
        if reader is None:
            continue
        positions = column_positions(reader, sheet, reading)
        if complete(sheet, positions):
            rows[sheet.part] = (sheet, data_rows(reader, sheet, positions))
    lampiran = LampiranReader(reading)
    lampiran.read(rows)
    lampiran.decide(reading.special.get(LAMPIRAN_FIELD))


_CELL = re.compile(r"^(?P<sheet>.+)!(?P<column>[A-Z]+)(?P<row>\d+)$")


def _reading_order(problem: Problem, sheets: list[str]) -> tuple[int, int, int]:
    """Problems in the order a person reads the workbook: sheet, row, column."""
    match = _CELL.match(problem.location.where or "")
    if not match:
        return (-1, 0, 0)
    sheet = match.group("sheet").casefold()
    rank = sheets.index(sheet) if sheet in sheets else len(sheets)
    return (rank, int(match.group("row")), column_index_from_string(match.group("column")))


def _open(path: Path, reading: Reading) -> tuple[Workbook, Workbook] | None:
    """The workbook twice: formulas as written, and the values cached by the last save."""
    try:
        with warnings.catch_warnings():
            # Only values are read: extensions openpyxl drops (conditional formatting,
            # list validations written by Excel as x14 extensions) do not matter here.
            warnings.filterwarnings(
                "ignore", message=".*extension is not supported", category=UserWarning
            )
            return (
                load_workbook(path, data_only=False),
                load_workbook(path, data_only=True),
            )
    except FileNotFoundError:
        reading.error(None, "berkas tidak ditemukan")
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        suffix = path.suffix.lower()
        if suffix in (".xls", ".ods", ".csv"):
            message = f"format {suffix} tidak didukung; simpan ulang sebagai .xlsx (Excel 2007-365)"
        else:
            message = "bukan berkas .xlsx yang bisa dibaca (rusak, atau bukan lembar kerja)"
        reading.error(None, message)
    return None


# ----------------------------------------------------------------------------- identity


def _read_identity(reader: SheetReader, form: FormSheet, reading: Reading) -> str | None:
    rows = {
        key_text(reader.text(row, form.LABEL_COLUMN)): row for row in range(1, reader.max_row + 1)
    }
    slug: str | None = None
    dates: dict[str, dict[Kind, CellRead]] = {}
    for section in form.sections:
        group: dict[str, Any] = {}
        for form_field in section.fields:
            row = rows.get(key_text(form_field.label))
            if row is None:
                reading.error(
                    f"{reader.title}!A1",
                    f"baris {form_field.label!r} tidak ditemukan di kolom A; "
                    "jangan mengubah label lembar ini",
                )
                continue
            read = reader.read(row, form.VALUE_COLUMN, form_field.kind)
            if form_field.path == FILE_FIELD:
                reading.cells[FILE_FIELD] = read.where
                slug = _slug(read, reading)
                continue
            if form_field.path == LAMPIRAN_FIELD:
                reading.special[LAMPIRAN_FIELD] = read
                continue
            if form_field.kind in DATE_PARTS:
                dates.setdefault(form_field.path[0], {})[form_field.kind] = read
                if form_field.kind is Kind.DATE_MONTH:  # a missing date is reported here
                    reading.cells[(form_field.path[0],)] = read.where
                continue
            reading.cells[form_field.path] = read.where
            value = reading.take(read)
            if len(form_field.path) == 1:
                if value is not None:
                    reading.data[form_field.path[0]] = value
            else:
                parent, key = form_field.path
                reading.cells.setdefault((parent,), read.where)
                target = group.setdefault(parent, {})
                if value is not None:
                    target[key] = value
        for parent, values in group.items():
            if values or section.optional != parent:
                # A later section may add to an earlier one's object (JENJANG adds the
                # pihak pertama's Plt./Plh.): merged, never replaced.
                earlier = reading.data.get(parent)
                if isinstance(earlier, dict):
                    earlier.update(values)
                else:
                    reading.data[parent] = values
    for key, parts in dates.items():
        reported = len(reading.problems)
        value = _date(parts, reading)
        if value is not None:
            reading.data[key] = value
        elif len(reading.problems) > reported:
            # The date's own error stands; the model must not add "wajib diisi" for it.
            reading.cells[(key,)] = str(reading.problems[reported].location.where)
    return slug


def _slug(read: CellRead, reading: Reading) -> str | None:
    value = reading.take(read)
    candidate = value if value is not None else reading.path.stem
    try:
        return validate_slug(str(candidate))
    except PydanticCustomError as exc:
        message = exc.message()
        if value is None:
            message = "wajib diisi: kode SKPD menjadi nama berkas data (misalnya dinas-kesehatan)"
        reading.error(read.where, message)
        return None


def _date(parts: dict[Kind, CellRead], reading: Reading) -> Any:
    """A signing date from its day (may be blank), month and year cells."""
    day_read, month_read, year_read = (parts[k] for k in DATE_PARTS)
    day, month, year = (reading.take(r) for r in (day_read, month_read, year_read))
    if any(r.error for r in (day_read, month_read, year_read)):
        return None
    ok = True
    if year is None:
        reading.error(year_read.where, "wajib diisi")
        ok = False
    elif not isinstance(year, int):
        reading.error(year_read.where, f"tahun harus berupa angka, ditemukan {year!r}")
        ok = False
    if month is not None and (not isinstance(month, int) or not 1 <= month <= 12):
        reading.error(month_read.where, f"bulan harus angka 1–12, ditemukan {month!r}")
        ok = False
    if day is not None and month is None:
        reading.error(month_read.where, "wajib diisi bila tanggal (hari) diisi")
        ok = False
    if day is not None and not isinstance(day, int):
        reading.error(day_read.where, f"tanggal harus berupa angka 1–31, ditemukan {day!r}")
        ok = False
    if not ok:
        return None
    assert isinstance(year, int)
    if month is None:
        return year
    if day is None:
        return f"{MONTHS[month - 1]} {year}"
    try:
        return datetime.date(year, month, day)
    except ValueError:
        reading.error(
            day_read.where, f"tanggal {day} {MONTHS[month - 1]} {year} tidak ada di kalender"
        )
        return None


# ----------------------------------------------------------------------------- tables


def _read_table(reader: SheetReader, table: TableSheet, reading: Reading) -> None:
    positions = column_positions(reader, table, reading)
    group = positions.get(table.group_column, 1)
    reading.cells[(table.path,)] = reader.where(table.FIRST_DATA_ROW, group)
    if not complete(table, positions):
        return
    items = list(_items(table, data_rows(reader, table, positions), reading))
    reading.data[table.path] = items


def _items(table: TableSheet, rows: list[RowRead], reading: Reading) -> Iterator[dict[str, Any]]:
    """Plain items of a table; with children, rows are grouped under their parent item."""
    path = table.path
    item: dict[str, Any] | None = None
    index = -1
    label: str | None = None
    ids: dict[Any, str] = {}
    child_ids: dict[Any, str] = {}
    for row in rows:
        if table.children is None or _starts_item(table, row, item, label):
            if item is not None:
                yield item
            index += 1
            item = {}
            child_ids = {}
            label_cell = row.cells[table.group_column if table.children else table.fields(0)[0]]
            reading.cells[(path, index)] = label_cell.where
            for column in table.fields(0):
                value = _value(row, column, reading, (path, index, column.field or ""))
                if column.field == "id" and value is not None:
                    value = _unique(value, row.cells[column], ids, reading)
                if value is not None:
                    item[column.field or ""] = value
            label = _text(row.cells[table.group_column].value) if table.children else None
            if table.children:
                reading.cells[(path, index, table.children)] = label_cell.where
                item[table.children] = []
        if table.children and item is not None:
            children: list[dict[str, Any]] = item[table.children]
            loc: FieldPath = (path, index, table.children, len(children))
            child: dict[str, Any] = {}
            reading.cells[loc] = row.cells[table.fields(1)[0]].where
            for column in table.fields(1):
                value = _value(row, column, reading, (*loc, column.field or ""))
                if column.field == "id" and value is not None:
                    value = _unique(value, row.cells[column], child_ids, reading)
                if value is not None:
                    child[column.field or ""] = value
            children.append(child)
    if item is not None:
        yield item


def _starts_item(
    table: TableSheet, row: RowRead, item: dict[str, Any] | None, label: str | None
) -> bool:
    """Does this row begin a new parent item (a sasaran), or add to the current one?

    A filled group cell starts a new item unless it repeats the current item's text (cells
    merged over several rows read as the same text on each row); an empty one continues.
    """
    if item is None:
        return True
    text = _text(row.cells[table.group_column].value)
    id_column = table.group_id_column
    row_id = row.cells[id_column].value if id_column else None
    if row_id is not None and row_id != item.get("id"):
        return True
    return text is not None and text != label


def _text(value: Any) -> str | None:
    return " ".join(str(value).split()) if value is not None else None


def _value(row: RowRead, column: Column, reading: Reading, loc: FieldPath) -> Any:
    return reading.field(row.cells[column], loc)


def _unique(value: Any, read: CellRead, seen: dict[Any, str], reading: Reading) -> Any:
    """A code used twice is reported once with both cells, and left out of the data."""
    if value in seen:
        reading.error(read.where, f"kode {value!r} sudah dipakai di {seen[value]}")
        return None
    seen[value] = read.where
    return value


# ----------------------------------------------------------------------------- plan


@dataclass(frozen=True)
class PlannedFile:
    """The YAML an imported workbook becomes: new, updated, or unchanged."""

    workbook: Path
    target: Path
    old_text: str | None
    new_text: str

    @property
    def status(self) -> str:
        if self.old_text is None:
            return "dibuat"
        return "tidak berubah" if self.old_text == self.new_text else "diperbarui"


@dataclass
class ImportPlan:
    files: list[PlannedFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def plan_import(
    workbooks: Sequence[Path], into: Path, layout: WorkbookLayout = PK_LAYOUT
) -> ImportPlan:
    """Read, validate and turn every workbook into YAML text, writing nothing yet."""
    plan = ImportPlan()
    pemda = _pemda(into, plan)
    claimed: dict[str, WorkbookAgreement] = {}
    for path in workbooks:
        agreement, problems = read_agreement(path, layout, pemda)
        plan.problems.extend(problems)
        if agreement is None:
            continue
        first = claimed.setdefault(agreement.slug, agreement)
        if first is not agreement:
            plan.problems.append(
                Problem(
                    agreement.location(FILE_FIELD),
                    "",
                    f"SKPD {agreement.slug!r} juga diimpor dari {display_path(first.workbook)}",
                )
            )
            continue
        checks = list(_checks(agreement, into, pemda))
        plan.problems.extend(checks)
        if any(p.is_error for p in checks):
            continue  # nothing will be written
        target = into / f"{agreement.slug}.yaml"
        planned = _yaml_for(agreement, target, agreement.layout, plan, pemda)
        if planned is not None:
            plan.files.append(planned)
    return plan


def _pemda(into: Path, plan: ImportPlan) -> Pemda | None:
    path = into / PEMDA_FILE
    if not path.is_file():
        plan.problems.append(
            Problem(
                SourceLocation.of(into),
                "",
                f"{PEMDA_FILE} tidak ada di folder ini; salin {PEMDA_FILE} sebelum 'pkgen build'",
                Severity.WARNING,
            )
        )
        return None
    pemda, _, _ = validate_file(path, Pemda)
    return pemda


def _checks(agreement: WorkbookAgreement, into: Path, pemda: Pemda | None) -> Iterator[Problem]:
    """The rules a data file must also pass when loaded from its folder."""
    tahun = agreement.model.tahun
    if _YEAR_FOLDER.match(into.name) and int(into.name) != tahun:
        yield Problem(
            agreement.location(("tahun",)),
            "",
            f"tahun {tahun} tidak sama dengan folder {into.name}",
        )
    if pemda is not None:
        for loc, message, severity in PERJANJIAN_KINERJA.check(agreement.model, pemda):
            yield Problem(agreement.location(loc), "", message, severity)


def _yaml_for(
    agreement: WorkbookAgreement,
    target: Path,
    layout: WorkbookLayout,
    plan: ImportPlan,
    pemda: Pemda | None,
) -> PlannedFile | None:
    old_text = target.read_text(encoding="utf-8") if target.is_file() else None
    try:
        if old_text is None:
            text = new_yaml(agreement.model, layout, source=agreement.workbook.name)
        else:
            text = updated_yaml(old_text, agreement.model, target, layout)
    except MergeFailed as exc:
        plan.problems.extend(exc.problems)
        return None
    document, problems = load_yaml(target, text)
    model = None
    if document is not None:
        context = validation_context(pemda, document.data)
        model, model_problems = validate_document(document, PerjanjianKinerja, context)
        problems.extend(model_problems)
    if document is not None and model is not None and pemda is not None:
        # Keys the workbook does not cover (kept from the old file) may contradict it: a
        # lampiran kept by a form without lampiran sheets naming an indikator now removed.
        problems.extend(
            Problem(document.location(loc), format_field_path(loc), message, severity)
            for loc, message, severity in PERJANJIAN_KINERJA.check(model, pemda)
            if severity is Severity.ERROR
        )
    if problems or model is None:
        plan.problems.extend(problems)
        return None
    if repr(workbook_view(model, agreement.slug, layout)) != repr(
        workbook_view(agreement.model, agreement.slug, layout)
    ):
        plan.problems.append(
            Problem(
                SourceLocation.of(target),
                "",
                "YAML yang akan ditulis tidak sama dengan isi lembar kerja; berkas tidak "
                "ditulis (kesalahan pkgen, mohon dilaporkan)",
            )
        )
        return None
    return PlannedFile(agreement.workbook, target, old_text, text)


def apply_plan(plan: ImportPlan) -> list[PlannedFile]:
    """Write every new or changed YAML file of a plan without errors (atomically)."""
    if not plan.ok:
        raise ValueError("a plan with errors is never written")
    written = []
    for planned in plan.files:
        if planned.status == "tidak berubah":
            continue
        writer = OutputWriter(planned.target.parent)
        writer.write_bytes(planned.target, planned.new_text.encode("utf-8"))
        written.append(planned)
    return written
