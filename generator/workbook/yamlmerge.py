"""Write an imported agreement as YAML: a new file, or an update that keeps the old one's
comments, key order, quoting and every key the workbook does not cover (such as a lampiran).

Only values whose meaning changed are replaced: each old value is validated by its field's
type and compared with the new one, so `kode_pos: 20112` is not rewritten as `'20112'`
and `target: 2.90` is rewritten when it becomes 2.9 (the printed digits differ).
"""

from __future__ import annotations

import copy
import datetime
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from generator.errors import Problem, SourceLocation
from generator.models.perjanjian import PerjanjianKinerja
from generator.models.types import SigningDate, Target
from generator.workbook.layout import PK_LAYOUT, WorkbookLayout
from generator.workbook.mapping import field_adapter, model_of
from generator.yamlsource import STR_TAG, load_yaml, plain_scalar_tag

Level = tuple[str, ...]


class MergeFailed(Exception):
    """The existing YAML cannot be updated; `problems` say why (located in that file)."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


class _Representer(RoundTripRepresenter):
    """Decimals as written (`2.90`), whole Decimals as integers (`66`)."""


def _represent_decimal(representer: RoundTripRepresenter, value: Decimal) -> Any:
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= 0:
        return representer.represent_int(int(value))
    return representer.represent_scalar("tag:yaml.org,2002:float", format(value, "f"))


_Representer.add_representer(Decimal, _represent_decimal)


def _yaml() -> YAML:
    yaml = YAML()
    yaml.Representer = _Representer
    yaml.preserve_quotes = True
    yaml.width = 4096  # long uraian stay on one line, as staff write them
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _dump(tree: Any) -> str:
    stream = io.StringIO()
    _yaml().dump(tree, stream)
    return stream.getvalue()


def agreement_data(
    model: BaseModel, layout: WorkbookLayout = PK_LAYOUT, level: Level = ()
) -> dict[str, Any]:
    """The keys of a model the workbook covers, as plain YAML data in the model's order."""
    covered = layout.covered_keys()
    data: dict[str, Any] = {}
    for key in key_order(type(model), level, covered):
        value = getattr(model, key)
        if value is None:
            continue
        if isinstance(value, BaseModel):
            data[key] = agreement_data(value, layout, (*level, key))
        elif isinstance(value, list):
            data[key] = [agreement_data(item, layout, (*level, key, "*")) for item in value]
        else:
            data[key] = _plain(key, value)
    return data


def key_order(model: type[BaseModel], level: Level, covered: dict[Level, list[str]]) -> list[str]:
    """The order of the covered keys in a written file: items of a table (a sasaran, an
    indikator) follow the sheet's columns with the id first, as staff read them; other
    mappings follow the model."""
    keys = covered.get(level, [])
    if "*" in level:
        return sorted(keys, key=lambda key: (key != "id", keys.index(key)))
    return [key for key in model.model_fields if key in keys]


def _plain(key: str, value: Any) -> Any:
    if isinstance(value, Target):
        if value.value is not None and not value.percent and not value.stated_category:
            return value.value
        return str(value)
    if isinstance(value, SigningDate):
        if value.day:
            return datetime.date(value.year, value.month or 1, value.day)
        return str(value) if value.month else value.year
    if hasattr(value, "value") and isinstance(value.value, str):  # enums (skala)
        return value.value
    if key == "nip" and isinstance(value, str) and value.isdigit():
        return int(value)  # written unquoted, as staff write NIPs
    return value


def _node(value: Any) -> Any:
    """Plain data as ruamel nodes; text pkgen would read as another type is quoted."""
    if isinstance(value, dict):
        node = CommentedMap()
        for key, item in value.items():
            node[key] = _node(item)
        return node
    if isinstance(value, list):
        return CommentedSeq(_node(item) for item in value)
    if isinstance(value, str) and plain_scalar_tag(value) != STR_TAG:
        return DoubleQuotedScalarString(value)
    return value


def new_yaml(
    model: PerjanjianKinerja, layout: WorkbookLayout = PK_LAYOUT, *, source: str = ""
) -> str:
    """A new SKPD file: a heading comment, then the agreement in the model's key order."""
    tree = _node(agreement_data(model, layout))
    lines = _dump(tree).splitlines()
    tables = {f"{table.path}:" for table in layout.tables}
    spaced: list[str] = []
    for line in lines:
        if line in tables and spaced:
            spaced.append("")  # a blank line before each list, as in the examples
        spaced.append(line)
    heading = f"# Perjanjian Kinerja {model.unit.nama_singkat} Tahun {model.tahun}\n"
    if source:
        heading += f"# dibuat dengan 'pkgen import' dari {source}\n"
    return heading + "\n".join(spaced) + "\n"


def updated_yaml(
    old_text: str, model: PerjanjianKinerja, path: Path, layout: WorkbookLayout = PK_LAYOUT
) -> str:
    """The old file with the workbook's values put in, everything else left as it was."""
    document, problems = load_yaml(path, old_text)
    try:
        tree = _yaml().load(old_text)
    except YAMLError as exc:
        problems.append(
            Problem(SourceLocation.of(path), "", f"berkas YAML tidak bisa dibaca ({exc})")
        )
        tree = None
    if document is None or not isinstance(tree, CommentedMap) or problems:
        raise MergeFailed(
            [
                Problem(
                    p.location,
                    p.field,
                    f"{p.message}; perbaiki berkas ini (atau hapus) sebelum mengimpor",
                    p.severity,
                )
                for p in problems
            ]
            or [
                Problem(
                    SourceLocation.of(path), "", "isi berkas harus berupa pemetaan (kunci: nilai)"
                )
            ]
        )
    _merge_map(
        tree,
        document.data,
        agreement_data(model, layout),
        PerjanjianKinerja,
        (),
        layout.covered_keys(),
    )
    return _dump(tree)


def _merge_map(
    node: CommentedMap,
    old: Any,
    new: dict[str, Any],
    model: type[BaseModel],
    level: Level,
    covered: dict[Level, list[str]],
) -> None:
    old_map = old if isinstance(old, dict) else {}
    order = key_order(model, level, covered)
    for key, value in new.items():
        if key not in node:
            node.insert(_position(node, key, order), key, _node(value))
            continue
        child_model = model_of(model, (key,))
        item_model = model_of(model, (key, "*"))
        if isinstance(value, dict) and isinstance(node[key], CommentedMap) and child_model:
            _merge_map(node[key], old_map.get(key), value, child_model, (*level, key), covered)
        elif isinstance(value, list) and isinstance(node[key], CommentedSeq) and item_model:
            _merge_list(node[key], old_map.get(key), value, item_model, (*level, key, "*"), covered)
        elif not _same(model, key, old_map.get(key), value):
            node[key] = _node(value)
    for key in covered.get(level, []):
        if key in node and key not in new:
            del node[key]


def _position(node: CommentedMap, key: str, order: list[str]) -> int:
    """Where a new key goes: after the last existing key that comes before it in `order`."""
    before = order[: order.index(key)] if key in order else order
    position = 0
    for index, existing in enumerate(node):
        if existing in before:
            position = index + 1
    return position


def _merge_list(
    node: CommentedSeq,
    old: Any,
    new: list[dict[str, Any]],
    model: type[BaseModel],
    level: Level,
    covered: dict[Level, list[str]],
) -> None:
    """Items are matched by id, or by position when neither has an id; matched items keep
    their comments, the others are written new."""
    old_items = old if isinstance(old, list) else []
    used: set[int] = set()
    result: list[Any] = []
    for index, item in enumerate(new):
        match = _match(item, index, old_items, used, len(node))
        if match is not None and isinstance(node[match], CommentedMap):
            used.add(match)
            _merge_map(node[match], old_items[match], item, model, level, covered)
            result.append(node[match])
        else:
            result.append(_node(item))
    if [id(x) for x in result] != [id(x) for x in node]:
        old_last = node[-1] if len(node) else None
        del node[:]
        node.extend(result)
        if old_last is not None and result and result[-1] is not old_last:
            _move_trailing_lines(old_last, result[-1])


def _trailing_comment(node: Any) -> tuple[Any, Any] | None:
    """The mapping (or list) and key whose comment holds the lines after a node: the
    blank lines and comments that separate it from what follows."""
    while True:
        if isinstance(node, CommentedMap) and node:
            key: Any = list(node)[-1]
        elif isinstance(node, CommentedSeq) and node:
            key = len(node) - 1
        else:
            return None
        value = node[key]
        if isinstance(value, CommentedMap | CommentedSeq) and value:
            node = value
            continue
        return node, key


def _move_trailing_lines(old: Any, new: Any) -> None:
    """Keep the blank line or comment that followed the old last item after the new one."""
    source, target = _trailing_comment(old), _trailing_comment(new)
    if source is None or target is None:
        return
    holder, key = source
    entry = holder.ca.items.get(key)
    index = 2 if isinstance(holder, CommentedMap) else 0
    token = entry[index] if entry and len(entry) > index else None
    if token is None or "\n" not in token.value:
        return
    same_line, following = token.value.split("\n", 1)
    if not following:
        return
    token.value = same_line + "\n"
    moved = copy.copy(token)
    moved.value = "\n" + following
    new_holder, new_key = target
    slots = [None, None, None, None] if isinstance(new_holder, CommentedMap) else [None, None]
    slots[2 if isinstance(new_holder, CommentedMap) else 0] = moved
    new_holder.ca.items[new_key] = slots


def _match(
    item: dict[str, Any], index: int, old_items: list[Any], used: set[int], size: int
) -> int | None:
    def old_id(position: int) -> Any:
        old = old_items[position] if position < len(old_items) else None
        return old.get("id") if isinstance(old, dict) else None

    if "id" in item:
        for position in range(min(size, len(old_items))):
            if position not in used and old_id(position) == item["id"]:
                return position
        return None
    if index < min(size, len(old_items)) and index not in used and old_id(index) is None:
        return index
    return None


def _same(model: type[BaseModel], key: str, old: Any, new: Any) -> bool:
    """Do an old YAML value and a new one mean the same (validated by the field's type)?"""
    adapter = field_adapter(model, (key,))
    try:
        return repr(adapter.validate_python(old)) == repr(adapter.validate_python(new))
    except ValueError:
        return False
