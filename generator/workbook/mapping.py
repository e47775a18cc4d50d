"""A validated agreement as workbook content: identity values and the rows of each table.

`workbook_view` is what the export writes; the importer compares the view of the YAML it
is about to write with the view of the workbook it read, so an import can never change a
value on its way to the file.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter

from generator.data.models.perjanjian import PerjanjianKinerja
from generator.data.models.types import SigningDate, validate_signing_date
from generator.workbook.cells import RowOut, cell_value
from generator.workbook.lampiran import lampiran_flag, lampiran_rows
from generator.workbook.layout import (
    DATE_PARTS,
    FILE_FIELD,
    LAMPIRAN_FIELD,
    PK_LAYOUT,
    Column,
    Kind,
    LampiranSheet,
    Sheet,
    TableSheet,
    WorkbookLayout,
)


@dataclass(frozen=True)
class WorkbookView:
    identity: dict[tuple[str, ...], Any]
    tables: dict[str, list[RowOut]]


def workbook_view(
    model: PerjanjianKinerja, slug: str, layout: WorkbookLayout = PK_LAYOUT
) -> WorkbookView:
    """Everything the workbook shows of an agreement."""
    return WorkbookView(
        identity_values(model, slug, layout),
        {sheet.name: sheet_rows(sheet, model) for sheet in layout.sheet_tables},
    )


def sheet_rows(sheet: Sheet, model: PerjanjianKinerja) -> list[RowOut]:
    """The rows of one table or lampiran sheet."""
    if isinstance(sheet, LampiranSheet):
        return lampiran_rows(sheet, model)
    assert isinstance(sheet, TableSheet)
    return table_rows(sheet, model)


def identity_values(
    model: PerjanjianKinerja, slug: str, layout: WorkbookLayout = PK_LAYOUT
) -> dict[tuple[str, ...], Any]:
    values: dict[tuple[str, ...], Any] = {}
    for form_field in layout.identity.fields:
        if form_field.path == FILE_FIELD:
            values[form_field.path] = slug
        elif form_field.path == LAMPIRAN_FIELD:
            values[form_field.path] = lampiran_flag(model)
        elif form_field.kind in DATE_PARTS:
            values[form_field.path] = date_part(getattr(model, form_field.path[0]), form_field.kind)
        else:
            values[form_field.path] = cell_value(_walk(model, form_field.path), form_field.kind)
    return values


def identity_from_raw(
    raw: Any, slug: str, layout: WorkbookLayout = PK_LAYOUT
) -> dict[tuple[str, ...], Any]:
    """Identity values from a data file that may be incomplete (a stub for next year):
    every value that is valid on its own is kept, the others are left blank."""
    values: dict[tuple[str, ...], Any] = {}
    for form_field in layout.identity.fields:
        if form_field.path == FILE_FIELD:
            values[form_field.path] = slug
            continue
        if form_field.path == LAMPIRAN_FIELD:
            values[form_field.path] = None  # a form decides by what the SKPD fills in
            continue
        if form_field.kind in DATE_PARTS:
            try:
                date = validate_signing_date(_walk_raw(raw, form_field.path[:1]))
            except ValueError:
                date = None
            values[form_field.path] = date_part(date, form_field.kind)
            continue
        value = _walk_raw(raw, form_field.path)
        try:
            validated = field_adapter(PerjanjianKinerja, form_field.path).validate_python(value)
        except ValueError:
            validated = None
        values[form_field.path] = cell_value(validated, form_field.kind)
    return values


def date_part(date: SigningDate | None, kind: Kind) -> int | None:
    if date is None:
        return None
    return {Kind.DATE_DAY: date.day, Kind.DATE_MONTH: date.month, Kind.DATE_YEAR: date.year}[kind]


def table_rows(table: TableSheet, model: BaseModel) -> list[RowOut]:
    rows: list[RowOut] = []
    for number, item in enumerate(getattr(model, table.path), start=1):
        children = getattr(item, table.children) if table.children else [None]
        for index, child in enumerate(children):
            first = index == 0
            values = tuple(
                _column_value(column, number, item if column.level == 0 else child, first)
                for column in table.columns
            )
            rows.append(RowOut(values, first))
    return rows


def _column_value(column: Column, number: int, owner: Any, first: bool) -> Any:
    if column.kind is Kind.ROW_NUMBER:
        return number if first else None
    if column.level == 0 and not first:
        return None
    return cell_value(getattr(owner, column.field or ""), column.kind)


def _walk(model: Any, path: tuple[str, ...]) -> Any:
    value = model
    for part in path:
        if value is None:
            return None
        value = getattr(value, part)
    return value


def _walk_raw(raw: Any, path: tuple[str, ...]) -> Any:
    value = raw
    for part in path:
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


_ADAPTERS: dict[tuple[type, tuple[str, ...]], Any] = {}


def field_adapter(model: type[BaseModel], path: tuple[str, ...]) -> Any:
    """A pydantic TypeAdapter validating one field of a model (by key path) on its own."""
    key = (model, path)
    if key not in _ADAPTERS:
        _ADAPTERS[key] = TypeAdapter(field_type(model, path))
    return _ADAPTERS[key]


def field_type(model: type[BaseModel], path: tuple[str, ...]) -> Any:
    """The annotated type of a field reached by a key path (list items by any index)."""
    annotation: Any = model
    for part in path:
        annotation = _unwrap(annotation)
        if isinstance(part, int) or part == "*":
            if typing.get_origin(annotation) is not list:
                return None
            annotation = typing.get_args(annotation)[0]
            continue
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return None
        info = annotation.model_fields[part]
        annotation = (
            Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
        )
    return annotation


def model_of(model: type[BaseModel], path: tuple[str, ...]) -> type[BaseModel] | None:
    """The model class at a key path, or None when the path leads to a plain value."""
    annotation = _unwrap(field_type(model, path)) if path else model
    if typing.get_origin(annotation) is list:
        return None
    return (
        annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
    )


def _unwrap(annotation: Any) -> Any:
    """`Model | None` → `Model`; `Annotated[X, …]` → `X`."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation
