"""Template checks before rendering: every mistake in a .docx template, located for staff.

docxtpl reports a template mistake as one Jinja error with a line number in one huge XML
line. `check_template` instead reads every part that can hold tags (body, headers,
footers, foot- and endnotes) paragraph by paragraph, before anything is rendered, and
reports each problem with the part, the paragraph or table cell, a snippet of its text and
what is wrong, in Bahasa Indonesia:

1. tags that were split so they no longer work: `{ {`, `% }`, text between the braces, a
   tag continued in the next paragraph, an opening without closing or the reverse (a split
   made only of Word's run markup is joined by docxtpl and is fine);
2. Jinja syntax, tag by tag, and the block structure (`for`/`endfor`, `if`/`elif`/`else`/
   `endif`, `with`, `set`, `macro`, … with docxtpl's `tr`/`tc`/`p`/`r` prefixes) checked
   with a stack, so an unclosed block is reported where it opens; the prepared part is
   then compiled as a whole as a last guard;
3. docxtpl placement: `{%tr %}` outside a table row, `{%tc %}` outside a cell, `{% vmerge %}`
   and `{% vm %}` outside a cell or a `{%tr for %}` loop, `{% keepnext %}` outside a row,
   blocks whose tags sit at different levels, and text or tags lost because docxtpl
   replaces the whole row, cell or paragraph holding such a tag;
4. names the context dataclass does not provide, followed through loops, `set`, macros
   and nested dataclasses, with a suggestion; unknown filters and tests;
5. a template that is missing or not a .docx.

Problems that do not stop the template from working are warnings.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import datetime
import difflib
import html
import re
import types
import typing
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from generator.domain.formatting import TEMPLATE_FILTERS
from generator.errors import Problem, Severity, SourceLocation
from generator.templates.render import (
    _TEMPLATED_PART,
    make_environment,
    paragraph_text,
    prepare_part,
)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _T, _TBL, _TR, _TC, _TXBX = (_W + n for n in ("p", "t", "tbl", "tr", "tc", "txbxContent"))

_PART_LABELS = (
    (re.compile(r"word/header\d*\.xml"), "kepala halaman"),
    (re.compile(r"word/footer\d*\.xml"), "kaki halaman"),
    (re.compile(r"word/footnotes\.xml"), "catatan kaki"),
    (re.compile(r"word/endnotes\.xml"), "catatan akhir"),
)

# `{` then `{`, `%` or `#`, possibly with spaces between (which breaks the tag).
_OPENER = re.compile(r"\{(\s*)([{%#])")
_ORPHAN_CLOSER = re.compile(r"([}%#])(\s*)\}")
_CLOSE_CHAR = {"{": "}", "%": "%", "#": "#"}
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_PREFIX = re.compile(r"(tr|tc|p|r) ")
_SPACED_PREFIX = re.compile(r"\s*(tr|tc|p|r)\s+(?=\S)")
_WORD = re.compile(r"[A-Za-z_]\w*")
_PKGEN_NAME = re.compile(r"pkgen_vmerge|pkgen_vm_\d+")
_LEVEL_NAMES = {"tr": "baris tabel", "tc": "sel tabel", "p": "paragraf"}
# Where the tags of one block must all sit for the XML between them to stay balanced.
_SAME_PLACE = {
    "": "keduanya di luar tabel atau keduanya di sel tabel yang sama",
    "p": "keduanya di luar tabel atau keduanya di sel tabel yang sama",
    "r": "keduanya di paragraf yang sama",
    "tr": "keduanya di tabel yang sama",
    "tc": "keduanya di baris tabel yang sama",
}

_OPENERS = {
    "for": "endfor",
    "if": "endif",
    "with": "endwith",
    "macro": "endmacro",
    "call": "endcall",
    "filter": "endfilter",
    "block": "endblock",
    "autoescape": "endautoescape",
    "set": "endset",
    "raw": "endraw",
}
_CLOSERS = {end: start for start, end in _OPENERS.items()}
_MIDDLES = {"elif": ("if",), "else": ("if", "for")}
# Opening tags that make a closing tag parse on its own.
_DUMMY_OPENERS = {
    "for": "for _ in ()",
    "if": "if true",
    "with": "with",
    "macro": "macro _()",
    "call": "call _()",
    "filter": "filter upper",
    "autoescape": "autoescape true",
    "set": "set _",
}
# Tags docxtpl (vm, hm, colspan, cellbg) or pkgen's render (vmerge, keepnext) turn into XML.
_DOCXTPL_TAGS = ("vm", "hm", "vmerge", "keepnext", "colspan", "cellbg")
_UNSUPPORTED = ("include", "import", "from", "extends")
_EXTENSION_TAGS = ("do", "break", "continue", "trans", "pluralize", "endtrans", "debug")
_KNOWN_TAGS = (*_OPENERS, *_CLOSERS, *_MIDDLES, *_DOCXTPL_TAGS, "print")

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


def check_template(path: Path, context_type: type[Any]) -> list[Problem]:
    """Every problem in the template at `path` for contexts of `context_type`; [] if clean."""
    file = SourceLocation.of(path)
    if not path.is_file():
        return [Problem(file, "", "templat tidak ditemukan")]
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if "word/document.xml" not in names:
                return [
                    Problem(
                        file,
                        "",
                        "berkas ini tidak memuat word/document.xml; simpan ulang sebagai "
                        "Dokumen Word (.docx)",
                    )
                ]
            parts = {name: archive.read(name) for name in names if _TEMPLATED_PART.match(name)}
    except (OSError, zipfile.BadZipFile, EOFError, RuntimeError, ValueError, zlib.error) as exc:
        return [Problem(file, "", f"templat bukan berkas .docx yang sah ({exc})")]
    checker = _TemplateChecker(path, context_type)
    for name in sorted(parts, key=_part_order):
        checker.check_part(name, parts[name])
    return list(dict.fromkeys(checker.problems))


def _part_order(name: str) -> tuple[int, int, str]:
    order = ("document", "header", "footer", "footnotes", "endnotes")
    stem = Path(name).stem
    kind = next(i for i, prefix in enumerate(order) if stem.startswith(prefix))
    number = re.search(r"\d+", stem)
    return kind, int(number.group()) if number else 0, name


def _part_label(name: str) -> str:
    for pattern, label in _PART_LABELS:
        if pattern.fullmatch(name):
            return f"{name} ({label})"
    return name


# --------------------------------------------------------------------------- paragraphs


@dataclass(frozen=True)
class _Place:
    """Where a container (body, cell, text box) sits: ids of its enclosing tables, rows and
    cells, outermost first, and its own id."""

    tables: tuple[int, ...] = ()
    rows: tuple[int, ...] = ()
    cells: tuple[int, ...] = ()
    container: int = 0
    boxes: int = 0


@dataclass
class _Paragraph:
    """One `w:p` of a part: where it is, its visible text, and its enclosing containers."""

    index: int
    position: str
    text: str
    place: _Place

    @property
    def rows(self) -> tuple[int, ...]:
        return self.place.rows

    @property
    def cells(self) -> tuple[int, ...]:
        return self.place.cells


class _Walker:
    """Lists the paragraphs of a part in document order, with table coordinates."""

    def __init__(self) -> None:
        self.paragraphs: list[_Paragraph] = []
        self.loose = 0
        self.ids = 0

    def _next_id(self) -> int:
        self.ids += 1
        return self.ids

    def container(self, element: Any, path: str, place: _Place) -> None:
        place = dataclasses.replace(place, container=self._next_id())
        own: list[_Paragraph] = []
        tables = 0
        for child in _find(element, (_P, _TBL)):
            if child.tag == _TBL:
                tables += 1
                self.table(child, path, tables, place)
            else:
                own.append(self.paragraph(child, path, place))
        if path and len(own) > 1:
            for number, paragraph in enumerate(own, start=1):
                paragraph.position += f", paragraf {number}"

    def paragraph(self, element: Any, path: str, place: _Place) -> _Paragraph:
        texts: list[str] = []
        boxes: list[Any] = []
        _collect_text(element, texts, boxes)
        if not path:
            self.loose += 1
            path = f"paragraf {self.loose}"
        paragraph = _Paragraph(len(self.paragraphs), path, "".join(texts), place)
        self.paragraphs.append(paragraph)
        for box in boxes:
            inner = dataclasses.replace(place, boxes=place.boxes + 1)
            self.container(box, f"{paragraph.position}, kotak teks", inner)
        return paragraph

    def table(self, element: Any, path: str, number: int, place: _Place) -> None:
        outer = f"{path} → " if path else ""
        tables = (*place.tables, self._next_id())
        for r, row in enumerate(_find(element, (_TR,)), start=1):
            rows = (*place.rows, self._next_id())
            for c, cell in enumerate(_find(row, (_TC,)), start=1):
                cells = (*place.cells, self._next_id())
                inner = _Place(tables, rows, cells, boxes=place.boxes)
                self.container(cell, f"{outer}tabel {number} baris {r} kolom {c}", inner)


def _find(element: Any, tags: tuple[str, ...]) -> Iterator[Any]:
    """Descendants with one of `tags`, not looking inside those found (or nested tables)."""
    for child in element:
        if child.tag in tags:
            yield child
        elif isinstance(child.tag, str) and child.tag != _TBL:
            yield from _find(child, tags)


def _collect_text(element: Any, texts: list[str], boxes: list[Any]) -> None:
    for child in element:
        if child.tag == _T:
            texts.append(child.text or "")
        elif child.tag == _TXBX:
            boxes.append(child)
        elif isinstance(child.tag, str):
            _collect_text(child, texts, boxes)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _short(text: str, width: int = 60) -> str:
    text = _flat(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _snippet(text: str, start: int = 0, end: int | None = None, width: int = 60) -> str:
    """The paragraph text, or a window of it around [start, end) when it is long."""
    if len(_flat(text)) <= width:
        return _flat(text)
    end = start if end is None else end
    left = max(0, min(start - 15, len(text) - width))
    right = min(len(text), max(left + width, min(end, start + width)))
    piece = _flat(text[left:right])
    return ("…" if left > 0 else "") + piece + ("…" if right < len(text) else "")


# --------------------------------------------------------------------------- tags


@dataclass
class _Tag:
    """One Jinja tag as written in a paragraph (offsets in that paragraph's text)."""

    para: _Paragraph
    start: int
    end: int
    kind: str  # "{", "%" or "#"
    written: str
    prefix: str = ""
    body: str = ""
    name: str = ""
    rest: str = ""
    guessed: bool = False  # closing was never found: syntax errors are implied
    quiet: bool = False  # opening was never found: only a guess, to spare follow-up errors
    dropped: bool = False


@dataclass
class _Pending:
    """A tag still open at the end of its paragraph: it may close in a later one."""

    para: _Paragraph
    start: int
    kind: str
    opener_end: int


@dataclass
class _Open:
    """A block on the structure stack, with the names it binds (None: no own scope)."""

    name: str
    tag: _Tag
    frame: dict[str, Any] | None = None
    lenient: bool = False
    seen_else: bool = False


@dataclass(frozen=True)
class _Loop:
    """Type of Jinja's `loop` inside a `for` over items of type `item`."""

    item: Any


def _stmt(prefix: str, words: str) -> str:
    return f"{{%{prefix} {words} %}}"


# --------------------------------------------------------------------------- types


def _unwrap(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _unwrap(args[0]) if len(args) == 1 else Any
    if origin is typing.Literal or isinstance(annotation, (typing.TypeVar, str)):
        return Any
    return annotation


def _is_dataclass_type(annotation: Any) -> bool:
    return isinstance(annotation, type) and dataclasses.is_dataclass(annotation)


@cache
def _fields(cls: type) -> dict[str, Any]:
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # unresolvable annotations: names are still known, types are not
        hints = {}
    return {f.name: hints.get(f.name, Any) for f in dataclasses.fields(cls)}


def _element_type(annotation: Any) -> Any | None:
    """Type of the items `for` yields over `annotation`; None when it cannot be looped."""
    t = _unwrap(annotation)
    if t is Any or isinstance(t, _Loop):
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


def _hint(word: str, names: collections.abc.Iterable[str]) -> str:
    choices = sorted(set(names))
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"; mungkin maksud Anda '{close[0]}'?"
    if 0 < len(choices) <= 15:
        return "; yang tersedia: " + ", ".join(choices)
    return ""


def _attribute(owner: Any, attr: str) -> tuple[Any, str | None]:
    """Type of `owner.attr`, and what is wrong when it does not exist."""
    t = _unwrap(owner)
    if isinstance(t, _Loop):
        if attr in ("previtem", "nextitem"):
            return t.item, None
        if attr in _LOOP_ATTRS:
            return _LOOP_ATTRS[attr], None
        return Any, f"tidak punya atribut «{attr}»" + _hint(attr, _LOOP_ATTRS)
    if _is_dataclass_type(t):
        fields = _fields(t)
        if attr in fields:
            return fields[attr], None
        if _public(t, attr):
            return Any, None
        return Any, f"tidak punya atribut «{attr}»" + _hint(attr, fields)
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


def _item_type(owner: Any) -> Any:
    t = _unwrap(owner)
    origin = typing.get_origin(t) or t
    args = typing.get_args(t)
    if isinstance(origin, type) and issubclass(origin, Mapping):
        return args[1] if len(args) == 2 else Any
    if origin is str:
        return str
    element = _element_type(t)
    return Any if element is None else element


def _expr_text(node: nodes.Node | None) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_expr_text(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        arg = node.arg
        key = repr(arg.value) if isinstance(arg, nodes.Const) else "…"
        return f"{_expr_text(node.node)}[{key}]"
    if isinstance(node, nodes.Call):
        return f"{_expr_text(node.node)}(…)"
    if isinstance(node, nodes.Filter):
        return f"{_expr_text(node.node)}|{node.name}"
    return "…"


# --------------------------------------------------------------------------- checking


class _TemplateChecker:
    """Checks the parts of one template; problems accumulate in `problems`."""

    def __init__(self, path: Path, context_type: type[Any]) -> None:
        self.path = path
        self.env: SandboxedEnvironment = make_environment()
        self.fields = (
            _fields(typing.cast(type, context_type)) if _is_dataclass_type(context_type) else None
        )
        self.problems: list[Problem] = []
        # Templates repeat the same tags; the parsed trees are only read, never changed.
        self.parsed: dict[str, nodes.Template | TemplateSyntaxError] = {}

    def check_part(self, name: str, data: bytes) -> None:
        before = len(self.problems)
        try:
            xml = data.decode("utf-8")
            root = etree.fromstring(
                data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
            )
        except (UnicodeDecodeError, etree.XMLSyntaxError) as exc:
            self.problems.append(
                Problem(SourceLocation.of(self.path, where=name), "", f"bagian ini rusak ({exc})")
            )
            return
        walker = _Walker()
        walker.container(root, "", _Place())
        _PartChecker(self, _part_label(name), walker.paragraphs).run()
        if not any(p.is_error for p in self.problems[before:]):
            self._compile(_part_label(name), xml, walker.paragraphs)

    def _compile(self, label: str, xml: str, paragraphs: list[_Paragraph]) -> None:
        """The final guard: compile the part exactly as rendering will."""
        try:
            source = prepare_part(xml)
        except Exception as exc:  # docxtpl's regex patching on unusual XML
            location = SourceLocation.of(self.path, where=label)
            self.problems.append(Problem(location, "", f"templat tidak dapat diolah: {exc}"))
            return
        try:
            self.env.from_string(source)
        except TemplateError as exc:
            where = label
            lineno = getattr(exc, "lineno", None)
            lines = source.splitlines()
            if lineno and 0 < lineno <= len(lines):
                snippet = html.unescape(paragraph_text(lines[lineno - 1]))
                match = next((p for p in paragraphs if _flat(p.text) == snippet), None)
                if match is not None:
                    where += f", {match.position}"
                if snippet:
                    where += f": «{_short(snippet)}»"
            # Jinja's character offsets count in the prepared XML, not in anything users see.
            detail = re.sub(r" at \d+$", "", str(exc.message or exc))
            message = f"templat tidak dapat dikompilasi: {detail}"
            self.problems.append(Problem(SourceLocation.of(self.path, where=where), "", message))


class _PartChecker:
    """Scans, places, structures and type-checks the tags of one part."""

    def __init__(self, owner: _TemplateChecker, label: str, paragraphs: list[_Paragraph]) -> None:
        self.owner = owner
        self.env = owner.env
        self.label = label
        self.paragraphs = paragraphs
        self.tags: list[_Tag] = []
        self.spans: dict[int, list[tuple[int, int]]] = {}
        self.pending: _Pending | None = None
        self.stack: list[_Open] = []
        self.template_vars: dict[str, Any] = {}
        self.raw: _Tag | None = None
        self.vmerge_cells: set[int] = set()
        self.keepnext_rows: set[int] = set()
        self.found: list[tuple[int, int, Problem]] = []

    # ----------------------------------------------------------------- reporting

    def report(
        self,
        para: _Paragraph,
        message: str,
        span: tuple[int, int | None] = (0, None),
        severity: Severity = Severity.ERROR,
    ) -> None:
        where = f"{self.label}, {para.position}"
        snippet = _snippet(para.text, *span)
        if snippet:
            where += f": «{snippet}»"
        location = SourceLocation.of(self.owner.path, where=where)
        self.found.append((para.index, span[0], Problem(location, "", message, severity)))

    def error(self, tag: _Tag, message: str) -> None:
        if not tag.quiet:
            self.report(tag.para, message, (tag.start, tag.end))

    def warning(self, tag: _Tag, message: str) -> None:
        if not tag.quiet:
            self.report(tag.para, message, (tag.start, tag.end), Severity.WARNING)

    def run(self) -> None:
        for para in self.paragraphs:
            self.scan(para)
        self.flush_pending()
        self.tags.sort(key=lambda t: (t.para.index, t.start))
        self.apply_docxtpl_levels()
        for tag in self.tags:
            if not tag.dropped:
                self.structure(tag)
        if self.raw is not None:
            self.error(
                self.raw, f"«{self.raw.written}» tidak ditutup: «{{% endraw %}}» tidak ditemukan"
            )
        for block in self.stack:
            end = _stmt(block.tag.prefix, _OPENERS[block.name])
            self.error(block.tag, f"«{block.tag.written}» tidak ditutup: «{end}» tidak ditemukan")
        self.found.sort(key=lambda item: item[:2])
        self.owner.problems.extend(problem for *_, problem in self.found)

    # ----------------------------------------------------------------- 1. scanning

    def scan(self, para: _Paragraph) -> None:
        text = para.text.translate(_QUOTES)
        pos = 0
        while True:
            opener = _OPENER.search(text, pos)
            stop = opener.start() if opener else len(text)
            for closer in _ORPHAN_CLOSER.finditer(text, pos, stop):
                if closer.start() >= pos:
                    pos = self.orphan(para, text, pos, closer)
            if opener is None:
                return
            self.flush_pending()
            pos = self.open_tag(para, text, opener)

    def open_tag(self, para: _Paragraph, text: str, opener: re.Match[str]) -> int:
        kind = opener.group(2)
        written_opener = opener.group()
        if opener.group(1):
            proper = "{" + kind
            self.report(
                para,
                f"tag terpecah: «{_flat(written_opener)}» harus ditulis «{proper}» "
                "tanpa spasi di antaranya",
                (opener.start(), opener.end()),
            )
        close_start, close_end, broken = _tag_end(text, opener.end(), kind)
        if close_start < 0:
            if close_end == len(text):
                self.pending = _Pending(para, opener.start(), kind, opener.end())
            else:
                self.unclosed(para, text, opener.start(), opener.end(), close_end, kind)
            return close_end
        if broken:
            closer = text[close_start:close_end]
            self.report(
                para,
                f"tag terpecah: «{_flat(closer)}» harus ditulis «{_CLOSE_CHAR[kind]}}}» "
                "tanpa spasi di antaranya",
                (close_start, close_end),
            )
        self.add_tag(para, opener.start(), close_end, kind, text[opener.end() : close_start])
        return close_end

    def unclosed(
        self, para: _Paragraph, text: str, start: int, inner: int, end: int, kind: str
    ) -> None:
        written = _short(text[start:end])
        self.report(
            para,
            f"tag «{written}» tidak ditutup: «{_CLOSE_CHAR[kind]}}}» tidak ada di paragraf "
            "yang sama",
            (start, end),
        )
        self.add_tag(para, start, end, kind, text[inner:end], guessed=True)

    def flush_pending(self) -> None:
        pending, self.pending = self.pending, None
        if pending is not None:
            text = pending.para.text.translate(_QUOTES)
            self.unclosed(
                pending.para, text, pending.start, pending.opener_end, len(text), pending.kind
            )

    def orphan(self, para: _Paragraph, text: str, pos: int, closer: re.Match[str]) -> int:
        """A closing delimiter with no opening before it in this paragraph."""
        char = closer.group(1)
        kind = "{" if char == "}" else char
        close = f"{char}}}"
        if closer.group(2):
            self.report(
                para,
                f"tag terpecah: «{_flat(closer.group())}» harus ditulis «{close}» tanpa spasi "
                "di antaranya",
                (closer.start(), closer.end()),
            )
        splits = list(re.finditer(r"\{([^{}]{1,40}?)" + re.escape(kind), text[: closer.start()]))
        split = splits[-1] if splits else None
        if split is not None and split.start() >= pos:
            self.report(
                para,
                f"tag terpecah: ada teks «{_flat(split.group(1))}» di antara «{{» dan "
                f"«{kind}»; tulis «{{{kind}» berdampingan",
                (split.start(), closer.end()),
            )
            self.add_tag(
                para, split.start(), closer.end(), kind, text[split.end() : closer.start()]
            )
            return closer.end()
        pending = self.pending
        if pending is not None and pending.kind == kind:
            self.pending = None
            self.across(pending, para, text, closer)
            return closer.end()
        opener = "{" + kind
        self.report(
            para, f"penutup «{close}» tanpa pembuka «{opener}»", (closer.start(), closer.end())
        )
        # Read the text before as the tag's content, so that a `{%tr for %}` missing its
        # `{%` does not also make every use of its loop variable an error.
        self.add_tag(para, pos, closer.end(), kind, text[pos : closer.start()], quiet=True)
        return closer.end()

    def across(self, pending: _Pending, para: _Paragraph, text: str, closer: re.Match[str]) -> None:
        """A tag opened in one paragraph and closed in a later one."""
        first = pending.para.text.translate(_QUOTES)
        between = self.paragraphs[pending.para.index + 1 : para.index]
        middle = (p.text.translate(_QUOTES) for p in between)
        pieces = [first[pending.opener_end :], *middle, text[: closer.start()]]
        for p in between:
            self.spans.setdefault(p.index, []).append((0, len(p.text)))
        self.spans.setdefault(para.index, []).append((0, closer.end()))
        self.report(
            pending.para,
            f"tag «{_short(first[pending.start :])}» dibuka di sini tetapi baru ditutup di "
            f"{para.position}; satu tag harus utuh dalam satu paragraf "
            "(jika tidak, docxtpl merusak dokumen)",
            (pending.start, len(first)),
        )
        self.add_tag(
            pending.para, pending.start, len(first), pending.kind, " ".join(pieces), closed=True
        )

    def add_tag(
        self,
        para: _Paragraph,
        start: int,
        end: int,
        kind: str,
        inner: str,
        *,
        guessed: bool = False,
        quiet: bool = False,
        closed: bool = False,
    ) -> None:
        """Record a tag; `closed` marks a tag whose closing lies in a later paragraph."""
        text = para.text.translate(_QUOTES)
        written = _flat(text[start:end])
        if closed:
            written = _flat("{" + kind + inner + _CLOSE_CHAR[kind] + "}")
        tag = _Tag(para, start, end, kind, _short(written), guessed=guessed, quiet=quiet)
        self.spans.setdefault(para.index, []).append((start, end))
        prefix = _PREFIX.match(inner)
        if prefix:
            tag.prefix = prefix.group(1)
            inner = inner[prefix.end() :]
        elif kind == "%" and (spaced := _SPACED_PREFIX.match(inner.lstrip("-+"))):
            # No Jinja statement is called tr/tc/p/r: this is a prefix written apart.
            tag.prefix = spaced.group(1)
            inner = inner.lstrip("-+")[spaced.end() :]
            self.error(
                tag,
                f"awalan docxtpl «{tag.prefix}» harus menempel pada «{{%» dan diikuti satu "
                f"spasi biasa: tulis «{_short(_stmt(tag.prefix, inner.strip()))}»",
            )
        body = inner.strip()
        body = body.removeprefix("-").removeprefix("+").removesuffix("-").removesuffix("+")
        tag.body = body.strip()
        if kind == "%":
            word = _WORD.match(tag.body)
            tag.name = word.group() if word else ""
            tag.rest = tag.body[len(tag.name) :].strip()
        self.tags.append(tag)

    # ----------------------------------------------------------------- 3. docxtpl placement

    def apply_docxtpl_levels(self) -> None:
        """docxtpl replaces the whole row/cell/paragraph of a `tr`/`tc`/`p` tag by the tag."""
        for tag in self.tags:
            if tag.prefix == "tr" and not tag.para.rows:
                self.error(
                    tag,
                    f"«{tag.written}» harus berada di dalam baris tabel; di luar tabel docxtpl "
                    "merusak dokumen",
                )
            elif tag.prefix == "tc" and not tag.para.cells:
                self.error(
                    tag,
                    f"«{tag.written}» harus berada di dalam sel tabel; di luar tabel docxtpl "
                    "merusak dokumen",
                )
        tags_of: dict[int, list[_Tag]] = {}
        for tag in self.tags:
            tags_of.setdefault(tag.para.index, []).append(tag)
        for level in ("tr", "tc", "p"):
            members: dict[int, list[_Paragraph]] = {}
            for para in self.paragraphs:
                for element in _elements(para, level):
                    members.setdefault(element, []).append(para)
            groups: dict[int, list[_Tag]] = {}
            for tag in self.tags:
                elements = _elements(tag.para, level)
                real = not (tag.dropped or tag.guessed or tag.quiet)
                if tag.prefix == level and real and elements:
                    groups.setdefault(elements[-1], []).append(tag)
            for element, group in groups.items():
                inside = [t for para in members[element] for t in tags_of.get(para.index, [])]
                self.replace_element(level, group, members[element], inside)

    def replace_element(
        self, level: str, group: list[_Tag], paragraphs: list[_Paragraph], inside: list[_Tag]
    ) -> None:
        """Report what docxtpl drops when it replaces one row/cell/paragraph (`paragraphs`,
        holding the tags `inside`) by the last of its `group` of tr/tc/p tags."""
        what = _LEVEL_NAMES[level]
        kept = group[-1]
        for extra in group[:-1]:
            extra.dropped = True
            self.error(
                extra,
                f"hanya satu tag «{{%{level} … %}}» per {what} yang dipakai docxtpl; tag ini "
                f"ikut terhapus, pindahkan ke {what} tersendiri",
            )
        for tag in inside:
            if tag is kept or tag.dropped or tag.guessed or tag.quiet:
                continue
            tag.dropped = True
            if tag.kind != "#":
                self.error(
                    tag,
                    f"tag «{tag.written}» tidak akan dipakai: seluruh {what} ini diganti oleh "
                    f"«{kept.written}»; pindahkan ke {what} lain",
                )
        leftover = []
        for para in paragraphs:
            text = para.text
            for start, end in self.spans.get(para.index, []):
                text = text[:start] + " " * (end - start) + text[end:]
            leftover.append(text)
        rest = _flat(" ".join(leftover))
        if rest:
            self.warning(
                kept,
                f"teks «{_short(rest, 40)}» tidak akan muncul: seluruh {what} ini diganti oleh "
                f"«{kept.written}»",
            )

    def docxtpl_tag(self, tag: _Tag) -> None:
        """`vm`, `hm`, `colspan`, `cellbg` (docxtpl), `vmerge` and `keepnext` (pkgen): tags
        of a table cell or row, turned into XML before Jinja runs."""
        name = tag.name
        if name == "keepnext":
            if not tag.para.rows:
                self.error(tag, f"«{tag.written}» harus berada di dalam baris tabel")
                return
            if tag.para.rows[-1] in self.keepnext_rows:
                self.error(tag, "satu baris tabel hanya boleh memuat satu «{% keepnext … %}»")
            self.keepnext_rows.add(tag.para.rows[-1])
        elif not tag.para.cells:
            self.error(tag, f"«{tag.written}» harus berada di dalam sel tabel")
            return
        if name in ("vm", "vmerge") and not any(
            b.name == "for" and b.tag.prefix == "tr" for b in self.stack
        ):
            self.error(
                tag, f"«{tag.written}» hanya bekerja di dalam perulangan baris «{{%tr for … %}}»"
            )
        if name == "hm" and not any(b.name == "for" for b in self.stack):
            self.error(tag, f"«{tag.written}» hanya bekerja di dalam perulangan «{{%tc for … %}}»")
        if name in ("vm", "hm"):
            if tag.rest:
                self.error(tag, f"«{tag.written}» harus ditulis «{{% {name} %}}» tanpa isi lain")
            return
        if name == "vmerge":
            cell = tag.para.cells[-1]
            if cell in self.vmerge_cells:
                self.error(tag, "satu sel hanya boleh memuat satu «{% vmerge … %}»")
            self.vmerge_cells.add(cell)
        if not tag.rest:
            example = {"vmerge": "row.sasaran_key", "keepnext": "loop.last"}.get(name, "nilai")
            self.error(tag, f"«{tag.written}» memerlukan isi, mis. «{{% {name} {example} %}}»")
            return
        self.output("{{ " + tag.rest + " }}", tag)

    # ----------------------------------------------------------------- 2. structure

    def parse(self, source: str, tag: _Tag, *, report: bool = True) -> nodes.Template | None:
        parsed = self.owner.parsed.get(source)
        if parsed is None:
            try:
                parsed = self.env.parse(source)
            except TemplateSyntaxError as exc:
                parsed = exc
            self.owner.parsed[source] = parsed
        if isinstance(parsed, TemplateSyntaxError):
            if report and not tag.guessed:
                self.error(tag, f"sintaks «{tag.written}» salah: {parsed.message}")
            return None
        return parsed

    def structure(self, tag: _Tag) -> None:
        if tag.kind == "#":
            return
        if self.raw is not None:
            if tag.kind == "%" and tag.name == "endraw":
                self.raw = None
            return
        if tag.kind == "{":
            self.output("{{ " + tag.body + " }}", tag)
            return
        name = tag.name
        if name in _DOCXTPL_TAGS:
            self.docxtpl_tag(tag)
        elif name in _UNSUPPORTED:
            self.error(
                tag,
                f"tag «{name}» tidak didukung: templat .docx tidak dapat memuat templat lain",
            )
        elif name in _EXTENSION_TAGS:
            self.error(tag, f"tag «{name}» tidak tersedia di templat pkgen")
        elif name == "raw":
            self.raw = tag
        elif name == "set":
            self.set_tag(tag)
        elif name in _OPENERS:
            self.open_block(tag)
        elif name in _MIDDLES:
            self.middle(tag)
        elif name in _CLOSERS:
            self.close_block(tag)
        elif name == "print":
            self.output("{% " + tag.body + " %}", tag)
        elif not name:
            self.parse("{% " + tag.body + " %}", tag)
        else:
            self.error(tag, f"tag «{name}» tidak dikenal" + _hint(name, _KNOWN_TAGS))

    def output(self, source: str, tag: _Tag) -> None:
        template = self.parse(source, tag)
        output = template.find(nodes.Output) if template is not None else None
        for expr in output.nodes if output is not None else []:
            self.expr(expr, tag)

    def set_tag(self, tag: _Tag) -> None:
        template = self.parse("{% " + tag.body + " %}", tag, report=False)
        if template is not None:
            assign = template.find(nodes.Assign)
            if assign is not None:
                value = self.expr(assign.node, tag)
                self.bind_target(assign.target, value, tag)
            return
        template = self.parse("{% " + tag.body + " %}{% endset %}", tag, report=False)
        if template is None:
            self.parse("{% " + tag.body + " %}", tag)
            return
        block = template.find(nodes.AssignBlock)
        if block is not None:
            if block.filter is not None:
                self.expr(block.filter, tag)
            self.bind_target(block.target, str, tag)
        self.stack.append(_Open("set", tag))

    def open_block(self, tag: _Tag) -> None:
        name = tag.name
        template = self.parse("{% " + tag.body + " %}{% " + _OPENERS[name] + " %}", tag)
        node = template.body[0] if template is not None and template.body else None
        block = _Open(name, tag)
        if name in ("for", "with", "macro", "call", "block"):
            block.frame = {}
            block.lenient = node is None
        if isinstance(node, nodes.For):
            items = self.expr(node.iter, tag)
            item = _element_type(items)
            if item is None:
                self.error(
                    tag,
                    f"«{_expr_text(node.iter)}» tidak bisa diulang dengan «for»: isinya "
                    "bukan daftar",
                )
                item = Any
            self.stack.append(block)
            self.bind_target(node.target, item, tag)
            assert block.frame is not None
            block.frame["loop"] = _Loop(item)
            if node.test is not None:
                self.expr(node.test, tag)
            return
        if isinstance(node, nodes.If):
            self.expr(node.test, tag)
        elif isinstance(node, nodes.With):
            values = [self.expr(value, tag) for value in node.values]
            self.stack.append(block)
            for target, value in zip(node.targets, values, strict=False):
                self.bind_target(target, value, tag)
            return
        elif isinstance(node, nodes.Macro):
            for default in node.defaults:
                self.expr(default, tag)
            self.bind(node.name, Any, tag)
            assert block.frame is not None
            block.frame.update({a.name: Any for a in node.args})
            block.frame.update(varargs=Any, kwargs=Any, caller=Any)
        elif isinstance(node, nodes.CallBlock):
            self.expr(node.call, tag)
            assert block.frame is not None
            block.frame.update({a.name: Any for a in node.args})
        elif isinstance(node, nodes.FilterBlock):
            self.expr(node.filter, tag)
        elif isinstance(node, nodes.ScopedEvalContextModifier):
            for option in node.options:
                self.expr(option.value, tag)
        self.stack.append(block)

    def middle(self, tag: _Tag) -> None:
        name = tag.name
        allowed = _MIDDLES[name]
        top = self.stack[-1] if self.stack else None
        if top is None or top.name not in allowed:
            openers = " atau ".join(f"«{_stmt('', a + ' …')}»" for a in allowed)
            self.error(tag, f"«{tag.written}» tanpa {openers} yang terbuka")
            return
        if top.tag.prefix != tag.prefix:
            words = name + (" …" if name == "elif" else "")
            self.error(
                tag,
                f"«{tag.written}» termasuk «{top.tag.written}», tetapi awalannya berbeda; "
                f"tulis «{_stmt(top.tag.prefix, words)}»",
            )
        else:
            self.check_place(top.tag, tag, "termasuk")
        if top.seen_else:
            self.error(tag, f"«{tag.written}» tidak boleh sesudah «{{% else %}}»")
        template = self.parse("{% if true %}{% " + tag.body + " %}{% endif %}", tag)
        if name == "else":
            top.seen_else = True
            if top.name == "for":
                # A for loop's else runs when nothing was looped: no item, no `loop`.
                top.frame = {}
        elif template is not None:
            node = template.find(nodes.If)
            if node is not None and node.elif_:
                self.expr(node.elif_[0].test, tag)

    def close_block(self, tag: _Tag) -> None:
        name = tag.name
        opener = _CLOSERS[name]
        if name == "endblock":
            dummy = "block " + (tag.rest or "_")
        else:
            dummy = _DUMMY_OPENERS.get(opener, opener)
        self.parse("{% " + dummy + " %}{% " + tag.body + " %}", tag)
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].name == opener:
                break
        else:
            self.error(tag, f"«{tag.written}» tanpa «{_stmt(tag.prefix, opener + ' …')}» pembuka")
            return
        for inner in self.stack[i + 1 :]:
            self.error(
                inner.tag,
                f"«{inner.tag.written}» tidak ditutup sebelum «{tag.written}» "
                f"({tag.para.position})",
            )
        block = self.stack[i]
        if block.tag.prefix != tag.prefix:
            self.error(
                tag,
                f"«{tag.written}» menutup «{block.tag.written}», tetapi awalannya berbeda; "
                f"tulis «{_stmt(block.tag.prefix, name)}»",
            )
        else:
            self.check_place(block.tag, tag, "menutup")
        del self.stack[i:]

    def check_place(self, opener: _Tag, tag: _Tag, verb: str) -> None:
        """Tags of one block at different nesting break the XML; in different cells,
        tables or rows at the same nesting they merge those into one (valid, but odd)."""
        first, second = _level_place(opener), _level_place(tag)
        if first is None or second is None or first == second:
            return
        message = (
            f"«{tag.written}» {verb} «{opener.written}» ({opener.para.position}), tetapi "
            f"pembuka dan penutup harus {_SAME_PLACE[opener.prefix]}"
        )
        if first[0] != second[0]:
            self.error(tag, message + "; jika tidak, docxtpl merusak dokumen")
        else:
            self.warning(tag, message + "; jika tidak, isinya tergabung secara tak terduga")

    # ----------------------------------------------------------------- 4. names and types

    def bind(self, name: str, value: Any, tag: _Tag) -> None:
        fields = self.owner.fields
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

    def bind_target(self, target: nodes.Node, value: Any, tag: _Tag) -> None:
        if isinstance(target, nodes.Name):
            self.bind(target.name, value, tag)
        elif isinstance(target, nodes.Tuple):
            t = _unwrap(value)
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
        fields = self.owner.fields
        if fields is None:
            return True, Any
        if name in fields:
            return True, fields[name]
        if name in self.env.globals or _PKGEN_NAME.fullmatch(name):
            return True, Any
        return False, Any

    def visible_names(self) -> set[str]:
        names = set(self.owner.fields or ()) | set(self.template_vars)
        for block in self.stack:
            names |= set(block.frame or ())
        return names

    def name(self, name: str, tag: _Tag) -> Any:
        found, value = self.lookup(name)
        if not found and name == "loop":
            self.error(tag, "variabel «loop» hanya ada di dalam perulangan «{% for … %}»")
        elif not found:
            self.error(tag, f"variabel «{name}» tidak dikenal" + _hint(name, self.visible_names()))
        return value

    def attribute(
        self, owner: Any, attr: str, node: nodes.Getattr | nodes.Getitem, tag: _Tag
    ) -> Any:
        value, problem = _attribute(owner, attr)
        if problem:
            self.error(
                tag, f"«{_expr_text(node)}» tidak dikenal: «{_expr_text(node.node)}» {problem}"
            )
        return value

    def expr(self, node: nodes.Node | None, tag: _Tag) -> Any:
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
            return Any if isinstance(node.arg, nodes.Slice) else _item_type(owner)
        if isinstance(node, nodes.Filter):
            return self.filter(node, tag)
        if isinstance(node, nodes.Test):
            self.expr(node.node, tag)
            self.arguments(node, tag)
            if node.name not in self.env.tests:
                self.error(
                    tag, f"uji «is {node.name}» tidak dikenal" + _hint(node.name, self.env.tests)
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

    def arguments(self, node: nodes.Filter | nodes.Test | nodes.Call, tag: _Tag) -> None:
        for arg in node.args:
            self.expr(arg, tag)
        for keyword in node.kwargs:
            self.expr(keyword.value, tag)
        self.expr(node.dyn_args, tag)
        self.expr(node.dyn_kwargs, tag)

    def filter(self, node: nodes.Filter, tag: _Tag) -> Any:
        owner = self.expr(node.node, tag)
        self.arguments(node, tag)
        name = node.name
        if name not in self.env.filters:
            self.error(tag, f"filter «{name}» tidak dikenal" + _hint(name, self.env.filters))
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
                    + _hint(str(mapped.value), self.env.filters),
                )
        item = _element_type(owner)
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
                    picked = _item_type(picked)
                    continue
                picked, problem = _attribute(picked, part)
                if problem:
                    self.error(
                        tag,
                        f"atribut «{attribute.value}» pada filter «{name}» tidak dikenal: isi "
                        f"«{_expr_text(node.node)}» {problem}",
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


def _level_place(tag: _Tag) -> tuple[tuple[int, int], int] | None:
    """(nesting, container) of where docxtpl leaves a tag: the nesting (tables, text boxes)
    decides whether the XML between two tags is balanced, the container whether the tags
    share one body, cell, table or row."""
    place = tag.para.place
    nesting = (len(place.tables), place.boxes)
    if tag.prefix == "tr":
        return (nesting, place.tables[-1]) if place.tables else None
    if tag.prefix == "tc":
        return (nesting, place.rows[-1]) if place.rows else None
    if tag.prefix == "r":
        return nesting, -1 - tag.para.index
    return nesting, place.container


def _elements(para: _Paragraph, level: str) -> tuple[int, ...]:
    """The rows, cells or (as a negative id) the paragraph a `level` tag there replaces."""
    if level == "tr":
        return para.rows
    if level == "tc":
        return para.cells
    return (-1 - para.index,)


def _tag_end(text: str, start: int, kind: str, *, quotes: bool = True) -> tuple[int, int, bool]:
    """Where the tag whose content starts at `start` closes: (closer start, closer end,
    closer broken by spaces), or (-1, limit, False) when the paragraph ends or another tag
    opens first at `limit`. A quote left open is read as an apostrophe in text."""
    close = _CLOSE_CHAR[kind]
    closer = re.compile(re.escape(close) + r"(\s*)\}")
    quote = ""
    i = start
    while i < len(text):
        char = text[i]
        if quote:
            if char == quote:
                quote = ""
        elif quotes and kind != "#" and char in "'\"":
            quote = char
        elif char == close and (match := closer.match(text, i)):
            return i, match.end(), bool(match.group(1))
        elif char == "{" and _OPENER.match(text, i):
            return -1, i, False
        i += 1
    if quote:
        return _tag_end(text, start, kind, quotes=False)
    return -1, len(text), False
