"""Write an imported agreement as YAML: a new file, or an update that keeps the old one's
comments, key order, quoting and every key the workbook does not cover (such as `slug`).

Only values whose meaning changed are replaced: each old value is validated by its field's
type and compared with the new one, so `kode_pos: 20112` is not rewritten as `'20112'`,
`bulan: 1-12` is not rewritten as a list, and `target: 2.90` is rewritten when it becomes
2.9 (the printed digits differ). A lampiran part unchanged as a whole keeps its text as it
was; new lampiran data is written in the short forms of the examples
(`baseline: {target: 62, realisasi: 63.3}`, `bulan: 1-12`, `indikator: [ikm-dprd]`).
"""

from __future__ import annotations

import copy
import datetime
import io
from decimal import Decimal
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    ScalarString,
)

from generator.data.models.lampiran import (
    Baseline,
    IndikatorRef,
    KegiatanRoadmap,
    Layanan,
    Pembagi,
    RincianKomponen,
    RincianRoadmap,
)
from generator.data.models.perjanjian import PerjanjianKinerja
from generator.data.models.types import SigningDate, Target, serialize_target
from generator.data.yamlsource import STR_TAG, load_yaml, plain_scalar_tag
from generator.domain.reference import Scale
from generator.errors import Problem, SourceLocation
from generator.workbook.layout import PK_LAYOUT, Coverage, Level, WorkbookLayout
from generator.workbook.mapping import field_adapter, model_of

_FLOW_MODELS = (
    Baseline,
    IndikatorRef,
    KegiatanRoadmap,
    Layanan,
    Pembagi,
    RincianKomponen,
    RincianRoadmap,
)
"""Small mappings written on one line, as the examples write them."""

FLOW_WIDTH = 100

FOLDED_KEYS = ("teks", "paragraf", "misi", "formulasi", "judul")
"""Narrative texts: a long one is folded over lines (`>-`), as the examples write them."""
FOLD_WIDTH = 88


class _Flow(dict[Any, Any]):
    """A mapping to write on one line when it is short."""


class _FlowList(list[Any]):
    """A list of plain values, written on one line when it is short."""


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
    return _data(model, layout.covered_keys(), level)


def _data(model: BaseModel, covered: Coverage, level: Level) -> dict[str, Any]:
    data: dict[str, Any] = _Flow() if isinstance(model, _FLOW_MODELS) else {}
    for key in key_order(type(model), level, covered):
        value = getattr(model, key)
        if value is None or _is_empty_default(model, key, value):
            continue
        if isinstance(value, BaseModel):
            data[key] = _data(value, covered, (*level, key))
        elif isinstance(value, list):
            data[key] = _list(value, covered, (*level, key, "*"))
        elif isinstance(value, dict):  # renstra: {2021: 62, …}
            data[key] = _Flow({k: _plain(key, v) for k, v in value.items()})
        else:
            data[key] = _plain(key, value)
    if isinstance(model, IndikatorRef) and set(data) == {"id"}:
        return data["id"]  # type: ignore[no-any-return]  # `- nilai-sakip`, as written by hand
    if isinstance(data, _Flow) and not all(_flat(v) for v in data.values()):
        return dict(data)  # a kegiatan with rincian: written as a block
    return data


def _list(values: list[Any], covered: Coverage, level: Level) -> list[Any]:
    if not all(isinstance(v, BaseModel) for v in values):
        return _FlowList(_plain("", v) for v in values)
    items = [_data(v, covered, level) for v in values]
    return _FlowList(items) if all(isinstance(i, str) for i in items) else items


def _is_empty_default(model: BaseModel, key: str, value: Any) -> bool:
    """An empty list or set a model has by default (a block without `isi`): not written."""
    info = type(model).model_fields[key]
    return info.default_factory is not None and not value


def key_order(model: type[BaseModel], level: Level, covered: Coverage) -> list[str]:
    """The order of the covered keys in a written file: items of a table (a sasaran, an
    indikator) follow the sheet's columns with the id first, as staff read them; other
    mappings follow the model."""
    keys = covered.keys(level, model.model_fields)
    if "*" in level:
        return sorted(keys, key=lambda key: (key != "id", keys.index(key)))
    return [key for key in model.model_fields if key in keys]


def _plain(key: str, value: Any) -> Any:
    if isinstance(value, Target):
        return serialize_target(value)
    if isinstance(value, SigningDate):
        if value.day:
            return datetime.date(value.year, value.month or 1, value.day)
        return str(value) if value.month else value.year
    if isinstance(value, frozenset):  # months
        return _months(value)
    if isinstance(value, Scale):
        return value.key
    if hasattr(value, "value") and isinstance(value.value, str):  # enums (rumus)
        return value.value
    if key == "nip" and isinstance(value, str) and value.isdigit():
        return int(value)  # written unquoted, as staff write NIPs
    if key in FOLDED_KEYS and isinstance(value, str):
        return _folded(value)
    return value


def _folded(text: str) -> str:
    """A long one-line text as a folded block, broken at spaces every FOLD_WIDTH characters
    (read back, the breaks are single spaces again)."""
    if len(text) <= FOLD_WIDTH or "\n" in text or "  " in text or text != text.strip():
        return text
    folded = FoldedScalarString(text)
    positions: list[int] = []
    start = 0
    while len(text) - start > FOLD_WIDTH:
        space = text.rfind(" ", start, start + FOLD_WIDTH + 1)
        if space <= start:
            break
        positions.append(space)
        start = space + 1
    folded.fold_pos = positions  # type: ignore[attr-defined]
    return folded


def _months(months: frozenset[int]) -> Any:
    """`1-12` for a run of three months or more, else a list: `[1, 4, 7]`."""
    ordered = sorted(months)
    if len(ordered) >= 3 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{ordered[0]}-{ordered[-1]}"
    return _FlowList(ordered)


def _node(value: Any) -> Any:
    """Plain data as ruamel nodes; text pkgen would read as another type is quoted, text
    with line breaks is written as a literal block, short lampiran items on one line."""
    if isinstance(value, dict):
        node = CommentedMap()
        for key, item in value.items():
            node[key] = _node(item)
        if isinstance(value, _Flow) and _short(value):
            node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        sequence = CommentedSeq(_node(item) for item in value)
        if isinstance(value, _FlowList) and _short(value):
            sequence.fa.set_flow_style()
        return sequence
    if isinstance(value, ScalarString):
        return value
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    if isinstance(value, str) and plain_scalar_tag(value) != STR_TAG:
        return DoubleQuotedScalarString(value)
    return value


def _flat(value: Any) -> bool:
    """A value that fits in a one-line mapping: a scalar or a one-line list of scalars."""
    if isinstance(value, _FlowList):
        return all(_flat(v) and not isinstance(v, list) for v in value)
    return not isinstance(value, dict | list) and not (isinstance(value, str) and "\n" in value)


def _short(value: dict[Any, Any] | list[Any]) -> bool:
    items = value.items() if isinstance(value, dict) else ((None, v) for v in value)
    width = 0
    for key, item in items:
        if not _flat(item):
            return False
        width += len(str(key)) + len(str(item)) + 4
    return width <= FLOW_WIDTH


def new_yaml(
    model: PerjanjianKinerja, layout: WorkbookLayout = PK_LAYOUT, *, source: str = ""
) -> str:
    """A new SKPD file: a heading comment, then the agreement in the model's key order."""
    tree = _node(agreement_data(model, layout))
    lines = _dump(tree).splitlines()
    tables = {f"{table.path}:" for table in layout.tables} | {"lampiran:"}
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
    covered: Coverage,
) -> None:
    old_map = old if isinstance(old, dict) else {}
    order = key_order(model, level, covered)
    for key, value in new.items():
        if key not in node:
            node.insert(_position(node, key, order), key, _node(value))
            continue
        if _same(model, key, old_map.get(key), value):
            continue  # the same data, perhaps written another way: left as it is
        child_model = model_of(model, (key,))
        item_model = model_of(model, (key, "*"))
        if isinstance(value, dict) and isinstance(node[key], CommentedMap) and child_model:
            _merge_map(node[key], old_map.get(key), value, child_model, (*level, key), covered)
        elif (
            isinstance(value, list)
            and isinstance(node[key], CommentedSeq)
            and item_model
            and all(isinstance(item, dict) for item in value)
        ):
            _merge_list(node[key], old_map.get(key), value, item_model, (*level, key, "*"), covered)
        else:
            node[key] = _node(value)
    for key in covered.keys(level, model.model_fields):
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
    covered: Coverage,
) -> None:
    """Items are matched by id, or, in lists without ids (the blocks of a narrative, the
    rows of a roadmap), by content: an inserted or removed item leaves the others as they
    were. Matched items keep their comments, the others are written new."""
    old_items = old if isinstance(old, list) else []
    matches = _matches(new, old_items, len(node), model)
    result: list[Any] = []
    for index, item in enumerate(new):
        match = matches.get(index)
        if match is not None and isinstance(node[match], CommentedMap):
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


def _matches(
    new: list[dict[str, Any]], old_items: list[Any], size: int, model: type[BaseModel]
) -> dict[int, int]:
    """Which old item (by index) each new item updates."""
    if any("id" in item for item in new) or any(
        isinstance(item, dict) and "id" in item for item in old_items
    ):
        used: set[int] = set()
        found: dict[int, int] = {}
        for index, item in enumerate(new):
            match = _match(item, index, old_items, used, size)
            if match is not None:
                used.add(match)
                found[index] = match
        return found
    olds = [_signature(model, item, f"old {n}") for n, item in enumerate(old_items[:size])]
    news = [_signature(model, item, f"new {n}") for n, item in enumerate(new)]
    found = {}
    matcher = SequenceMatcher(None, olds, news, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("equal", "replace"):  # a changed run: updated in place, pair by pair
            for k in range(min(i2 - i1, j2 - j1)):
                found[j1 + k] = i1 + k
    return found


def _signature(model: type[BaseModel], item: Any, fallback: str) -> str:
    """An item as validated data, to compare old and new; unreadable ones match nothing."""
    try:
        return repr(field_adapter(model, ()).validate_python(item))
    except ValueError:
        return fallback


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


def with_perubahan(
    old_text: str, path: Path, nomor: int, tanggal: str | datetime.date, alasan: str
) -> str:
    """The file declared a PK Perubahan: its `perubahan:` block set (placed after `tanggal`
    and `tempat`, as the examples write it), everything else kept as it was.

    `tanggal` is a date (written `2022-09-15`) or a text (`September 2022`); the caller
    validates the result like any other edit.
    """
    try:
        tree = _yaml().load(old_text)
    except YAMLError as exc:
        raise MergeFailed(
            [Problem(SourceLocation.of(path), "", f"berkas YAML tidak bisa dibaca ({exc})")]
        ) from exc
    if not isinstance(tree, CommentedMap):
        raise MergeFailed(
            [
                Problem(
                    SourceLocation.of(path), "", "isi berkas harus berupa pemetaan (kunci: nilai)"
                )
            ]
        )
    block = CommentedMap()
    block["nomor"] = nomor
    block["tanggal"] = tanggal
    block["alasan"] = alasan
    if "perubahan" in tree:
        tree["perubahan"] = block
    else:
        order = list(PerjanjianKinerja.model_fields)
        tree.insert(_position(tree, "perubahan", order), "perubahan", block)
    return _dump(tree)
