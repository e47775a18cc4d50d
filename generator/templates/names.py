"""What the names in a template's tags refer to: the context dataclass's fields, followed
through loops, `set`, `with`, macros and nested dataclasses, with their types.

`NameChecker` reports an unknown variable, attribute, filter or test with a suggestion
(`mungkin maksud Anda 'indikator'?`), an attribute of text or of a list, a loop over a
single record, and a loop variable hiding a data field. It is used by
`generator.templates.check` on the tags `generator.templates.prepare` found.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import datetime
import difflib
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any, Protocol

from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment

from generator.domain.formatting import TEMPLATE_FILTERS
from generator.templates.prepare import Tag

_PKGEN_NAME = re.compile(r"pkgen_vmerge|pkgen_vm_\d+")

_LOOP_ATTRS: dict[str, Any] = {
    "index": int,
    "index0": int,
    "revindex": int,
    "revindex0": int,
    "first": bool,
    "last": bool,
    "length": int,
    "depth": int,
    "depth0": int,
    "cycle": Any,
    "changed": Any,
    "previtem": Any,
    "nextitem": Any,
}
_SCALAR_LABELS: tuple[tuple[type, str], ...] = (
    (bool, "nilai ya/tidak"),
    (str, "teks"),
    (int, "angka"),
    (float, "angka"),
    (Decimal, "angka"),
    (datetime.date, "tanggal"),
)
_ABC = collections.abc
_SEQUENCES = (_ABC.Sequence, _ABC.Iterable, _ABC.Collection, _ABC.Set, _ABC.Iterator)
_FILTERS_KEEPING_ITEMS = {"sort", "reverse", "unique", "list", "selectattr", "rejectattr"}
_FILTERS_GIVING_ITEM = {"first", "last", "random", "min", "max"}
_FILTERS_GIVING_TEXT = {
    *TEMPLATE_FILTERS,
    "upper",
    "lower",
    "title",
    "capitalize",
    "trim",
    "striptags",
    "replace",
    "truncate",
    "format",
    "join",
    "center",
    "indent",
    "wordwrap",
    "string",
    "e",
    "escape",
    "forceescape",
    "urlencode",
    "urlize",
    "filesizeformat",
}
_FILTERS_GIVING_NUMBER = {"length", "count", "wordcount", "int"}
_FILTERS_WITH_ATTRIBUTE = {"map", "sort", "unique", "min", "max", "sum", "groupby"}


@dataclass
class Block:
    """A block on the structure stack, with the names it binds (None: no own scope)."""

    name: str
    tag: Tag
    frame: dict[str, Any] | None = None
    lenient: bool = False
    seen_else: bool = False


@dataclass(frozen=True)
class Loop:
    """Type of Jinja's `loop` inside a `for` over items of type `item`."""

    item: Any


class Reporter(Protocol):
    def error(self, tag: Tag, message: str) -> None: ...

    def warning(self, tag: Tag, message: str) -> None: ...


def unwrap(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return unwrap(args[0]) if len(args) == 1 else Any
    if origin is typing.Literal or isinstance(annotation, (typing.TypeVar, str)):
        return Any
    return annotation


def is_dataclass_type(annotation: Any) -> bool:
    return isinstance(annotation, type) and dataclasses.is_dataclass(annotation)


@cache
def dataclass_fields(cls: type) -> dict[str, Any]:
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # unresolvable annotations: names are still known, types are not
        hints = {}
    return {f.name: hints.get(f.name, Any) for f in dataclasses.fields(cls)}


def element_type(annotation: Any) -> Any | None:
    """Type of the items `for` yields over `annotation`; None when it cannot be looped."""
    t = unwrap(annotation)
    if t is Any or isinstance(t, Loop):
        return Any if t is Any else None
    origin = typing.get_origin(t) or t
    args = typing.get_args(t)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return args[0]
        return args[0] if args and all(a == args[0] for a in args) else Any
    if not isinstance(origin, type):
        return Any
    if issubclass(origin, str):
        return str
    if issubclass(origin, Mapping):
        return args[0] if args else Any
    if origin in _SEQUENCES or issubclass(origin, (list, tuple, set, frozenset)):
        return args[0] if args else Any
    if dataclasses.is_dataclass(origin) or any(issubclass(origin, s) for s, _ in _SCALAR_LABELS):
        return None
    return Any


def _public(cls: type, name: str) -> bool:
    return not name.startswith("_") and hasattr(cls, name)


def hint(word: str, names: collections.abc.Iterable[str]) -> str:
    choices = sorted(set(names))
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"; mungkin maksud Anda '{close[0]}'?"
    if 0 < len(choices) <= 15:
        return "; yang tersedia: " + ", ".join(choices)
    return ""


def attribute_type(owner: Any, attr: str) -> tuple[Any, str | None]:
    """Type of `owner.attr`, and what is wrong when it does not exist."""
    t = unwrap(owner)
    if isinstance(t, Loop):
        if attr in ("previtem", "nextitem"):
            return t.item, None
        if attr in _LOOP_ATTRS:
            return _LOOP_ATTRS[attr], None
        return Any, f"tidak punya atribut «{attr}»" + hint(attr, _LOOP_ATTRS)
    if is_dataclass_type(t):
        fields = dataclass_fields(t)
        if attr in fields:
            return fields[attr], None
        if _public(t, attr):
            return Any, None
        return Any, f"tidak punya atribut «{attr}»" + hint(attr, fields)
    origin = typing.get_origin(t) or t
    if not isinstance(origin, type):
        return Any, None
    if issubclass(origin, Mapping):
        args = typing.get_args(t)
        if _public(origin, attr) or len(args) != 2:
            return Any, None
        return args[1], None
    if origin is not str and (origin in _SEQUENCES or issubclass(origin, (list, tuple, set))):
        if _public(origin, attr):
            return Any, None
        return Any, (
            f"berisi daftar, bukan satu data; ulangi dengan «{{% for … %}}» untuk memakai «{attr}»"
        )
    for scalar, label in _SCALAR_LABELS:
        if issubclass(origin, scalar):
            if _public(origin, attr):
                return Any, None
            return Any, f"berisi {label}, tidak punya atribut «{attr}»"
    return Any, None


def item_type(owner: Any) -> Any:
    t = unwrap(owner)
    origin = typing.get_origin(t) or t
    args = typing.get_args(t)
    if isinstance(origin, type) and issubclass(origin, Mapping):
        return args[1] if len(args) == 2 else Any
    if origin is str:
        return str
    element = element_type(t)
    return Any if element is None else element


def expr_text(node: nodes.Node | None) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{expr_text(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        arg = node.arg
        key = repr(arg.value) if isinstance(arg, nodes.Const) else "…"
        return f"{expr_text(node.node)}[{key}]"
    if isinstance(node, nodes.Call):
        return f"{expr_text(node.node)}(…)"
    if isinstance(node, nodes.Filter):
        return f"{expr_text(node.node)}|{node.name}"
    return "…"


class NameChecker:
    """The names visible at each tag (data fields, the open blocks' own names, `set`
    variables) and the type of every expression, with problems sent to `report`."""

    def __init__(
        self, env: SandboxedEnvironment, fields: dict[str, Any] | None, report: Reporter
    ) -> None:
        self.env = env
        self.fields = fields
        self.report = report
        self.stack: list[Block] = []
        self.template_vars: dict[str, Any] = {}

    def error(self, tag: Tag, message: str) -> None:
        self.report.error(tag, message)

    def warning(self, tag: Tag, message: str) -> None:
        self.report.warning(tag, message)

    def bind(self, name: str, value: Any, tag: Tag) -> None:
        fields = self.fields
        if fields is not None and name in fields:
            self.warning(
                tag,
                f"variabel «{name}» menutupi variabel data yang bernama sama; di dalam "
                "bagian ini data aslinya tidak terpakai",
            )
        for block in reversed(self.stack):
            if block.frame is not None:
                block.frame[name] = value
                return
        self.template_vars[name] = value

    def bind_target(self, target: nodes.Node, value: Any, tag: Tag) -> None:
        if isinstance(target, nodes.Name):
            self.bind(target.name, value, tag)
        elif isinstance(target, nodes.Tuple):
            t = unwrap(value)
            args = typing.get_args(t) if typing.get_origin(t) is tuple else ()
            for index, item in enumerate(target.items):
                known = len(args) == len(target.items) and Ellipsis not in args
                self.bind_target(item, args[index] if known else Any, tag)
        elif isinstance(target, nodes.NSRef):
            self.name(target.name, tag)

    def lookup(self, name: str) -> tuple[bool, Any]:
        for block in reversed(self.stack):
            if block.frame is not None:
                if name in block.frame:
                    return True, block.frame[name]
                if block.lenient:
                    return True, Any
        if name in self.template_vars:
            return True, self.template_vars[name]
        fields = self.fields
        if fields is None:
            return True, Any
        if name in fields:
            return True, fields[name]
        if name in self.env.globals or _PKGEN_NAME.fullmatch(name):
            return True, Any
        return False, Any

    def visible_names(self) -> set[str]:
        names = set(self.fields or ()) | set(self.template_vars)
        for block in self.stack:
            names |= set(block.frame or ())
        return names

    def name(self, name: str, tag: Tag) -> Any:
        found, value = self.lookup(name)
        if not found and name == "loop":
            self.error(tag, "variabel «loop» hanya ada di dalam perulangan «{% for … %}»")
        elif not found:
            self.error(tag, f"variabel «{name}» tidak dikenal" + hint(name, self.visible_names()))
        return value

    def attribute(
        self, owner: Any, attr: str, node: nodes.Getattr | nodes.Getitem, tag: Tag
    ) -> Any:
        value, problem = attribute_type(owner, attr)
        if problem:
            self.error(
                tag, f"«{expr_text(node)}» tidak dikenal: «{expr_text(node.node)}» {problem}"
            )
        return value

    def expr(self, node: nodes.Node | None, tag: Tag) -> Any:
        """Report unknown names, attributes, filters and tests in `node`; return its type."""
        if node is None:
            return Any
        if isinstance(node, nodes.Name):
            return self.name(node.name, tag) if node.ctx == "load" else Any
        if isinstance(node, nodes.Getattr):
            return self.attribute(self.expr(node.node, tag), node.attr, node, tag)
        if isinstance(node, nodes.Getitem):
            owner = self.expr(node.node, tag)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self.attribute(owner, node.arg.value, node, tag)
            self.expr(node.arg, tag)
            return Any if isinstance(node.arg, nodes.Slice) else item_type(owner)
        if isinstance(node, nodes.Filter):
            return self.filter(node, tag)
        if isinstance(node, nodes.Test):
            self.expr(node.node, tag)
            self.arguments(node, tag)
            if node.name not in self.env.tests:
                self.error(
                    tag, f"uji «is {node.name}» tidak dikenal" + hint(node.name, self.env.tests)
                )
            return bool
        if isinstance(node, nodes.Const):
            return Any if node.value is None else type(node.value)
        for child in node.iter_child_nodes():
            self.expr(child, tag)
        if isinstance(node, nodes.Concat):
            return str
        if isinstance(node, (nodes.Compare, nodes.Not)):
            return bool
        return Any

    def arguments(self, node: nodes.Filter | nodes.Test | nodes.Call, tag: Tag) -> None:
        for arg in node.args:
            self.expr(arg, tag)
        for keyword in node.kwargs:
            self.expr(keyword.value, tag)
        self.expr(node.dyn_args, tag)
        self.expr(node.dyn_kwargs, tag)

    def filter(self, node: nodes.Filter, tag: Tag) -> Any:
        owner = self.expr(node.node, tag)
        self.arguments(node, tag)
        name = node.name
        if name not in self.env.filters:
            self.error(tag, f"filter «{name}» tidak dikenal" + hint(name, self.env.filters))
            return Any
        if name == "safe":
            self.warning(
                tag,
                "filter «safe» mematikan pengamanan teks: data yang memuat «<» atau «&» akan "
                "merusak dokumen",
            )
        keywords: dict[str, Any] = {str(k.key): k.value for k in node.kwargs}
        attribute = keywords.get("attribute")
        if attribute is None and name in ("selectattr", "rejectattr", "groupby") and node.args:
            attribute = node.args[0]
        if name == "map" and attribute is None and node.args:
            mapped = node.args[0]
            if isinstance(mapped, nodes.Const) and mapped.value not in self.env.filters:
                self.error(
                    tag,
                    f"filter «{mapped.value}» (dalam «map») tidak dikenal"
                    + hint(str(mapped.value), self.env.filters),
                )
        item = element_type(owner)
        picked: Any = Any
        if (
            name in _FILTERS_WITH_ATTRIBUTE | {"selectattr", "rejectattr"}
            and isinstance(attribute, nodes.Const)
            and isinstance(attribute.value, str)
            and item is not None
        ):
            picked = item
            for part in attribute.value.split("."):
                if part.isdigit():
                    picked = item_type(picked)
                    continue
                picked, problem = attribute_type(picked, part)
                if problem:
                    self.error(
                        tag,
                        f"atribut «{attribute.value}» pada filter «{name}» tidak dikenal: isi "
                        f"«{expr_text(node.node)}» {problem}",
                    )
                    break
        if name in ("default", "d"):
            return owner
        if name == "map" and attribute is not None:
            return list[picked]  # type: ignore[valid-type]
        if name in _FILTERS_KEEPING_ITEMS:
            return owner if item is not None else Any
        if name in _FILTERS_GIVING_ITEM:
            return item if item is not None else Any
        if name in _FILTERS_GIVING_TEXT:
            return str
        if name in _FILTERS_GIVING_NUMBER:
            return int
        return Any
