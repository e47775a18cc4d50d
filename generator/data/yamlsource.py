"""Read a YAML file into plain data while remembering the line of every key.

PyYAML alone loses three things pkgen needs: the line each value came from (errors must
name it), keys written twice (PyYAML silently keeps the last one), and the exact text of
numbers (`2.90` must stay `2,90`, never become the float 2.9). This module composes the
YAML node tree and builds the data itself:

* integers become `SourceInt` and decimals `SourceDecimal`, both remembering the text
  as typed; no float is ever created;
* only `true`/`false` are booleans and numbers with a leading zero stay text, so
  `telepon: 0614537728` or `keterangan: no` mean what staff typed (YAML 1.1 would turn
  them into an octal number and a boolean);
* every problem (syntax, duplicate key, unsupported construct) is collected as a
  `Problem` with the file and line.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import Problem, SourceLocation

FieldPath = tuple[str | int, ...]

INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
BOOL_TAG = "tag:yaml.org,2002:bool"
NULL_TAG = "tag:yaml.org,2002:null"
STR_TAG = "tag:yaml.org,2002:str"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
MERGE_TAG = "tag:yaml.org,2002:merge"


class SourceInt(int):
    """An int that remembers how it was written (`0612`, `1_000`, `20112`)."""

    source: str

    def __new__(cls, value: int, source: str) -> SourceInt:
        obj = super().__new__(cls, value)
        obj.source = source
        return obj


class SourceDecimal(Decimal):
    """A Decimal parsed from the YAML text, trailing zeros included."""

    source: str

    def __new__(cls, source: str) -> SourceDecimal:
        obj = super().__new__(cls, source.replace("_", ""))
        obj.source = source
        return obj


class _Resolver(yaml.resolver.BaseResolver):
    """Implicit types close to YAML 1.2's core schema, minus the surprises for staff."""


_Resolver.add_implicit_resolver(
    BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver(
    INT_TAG, re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$"), list("-+0123456789")
)
_Resolver.add_implicit_resolver(
    FLOAT_TAG,
    re.compile(r"^[-+]?(?:(?:0|[1-9][0-9_]*)\.[0-9_]*|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)
_Resolver.add_implicit_resolver(
    NULL_TAG, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_Resolver.add_implicit_resolver(
    TIMESTAMP_TAG, re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$"), list("0123456789")
)
_Resolver.add_implicit_resolver(MERGE_TAG, re.compile(r"^<<$"), ["<"])


def plain_scalar_tag(text: str) -> str:
    """The tag pkgen gives `text` written without quotes (writers quote what would not be text)."""
    return str(_Resolver().resolve(ScalarNode, text, (True, False)))


class _Loader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
    _Resolver,
):
    def __init__(self, stream: str):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _Resolver.__init__(self)


if yaml.__with_libyaml__:

    class _FastLoader(yaml.cyaml.CParser, _Resolver):  # type: ignore[misc,name-defined,unused-ignore]
        """libyaml's parser with pkgen's resolver: the same nodes, 15× faster."""

        def __init__(self, stream: str):
            yaml.cyaml.CParser.__init__(self, stream)  # type: ignore[attr-defined,unused-ignore]
            _Resolver.__init__(self)

    def _compose_fast(text: str) -> Node | None:
        loader = _FastLoader(text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()

else:  # pragma: no cover - PyYAML built without libyaml

    def _compose_fast(text: str) -> Node | None:
        loader = _Loader(text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()


@dataclass
class YamlDocument:
    """Plain data from one YAML file plus the line where each field path was written."""

    path: Path
    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)

    def line_of(self, loc: FieldPath) -> int | None:
        """Line of the field, or of the nearest enclosing field that exists in the file."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return None

    def location(self, loc: FieldPath) -> SourceLocation:
        return SourceLocation.of(self.path, self.line_of(loc))


# PyYAML's messages are English; staff get Indonesian ones for the usual mistakes.
_SYNTAX_HINTS: tuple[tuple[str, str], ...] = (
    (
        "mapping values are not allowed here",
        "tanda ':' tidak boleh di sini (teks yang memuat ': ' perlu diberi tanda kutip)",
    ),
    ("could not find expected ':'", "tanda ':' setelah nama kunci tidak ditemukan"),
    (
        "found character '\\t' that cannot start any token",
        "karakter tab tidak boleh dipakai untuk indentasi; gunakan spasi",
    ),
    ("found a tab character", "karakter tab tidak boleh dipakai untuk indentasi; gunakan spasi"),
    (
        "did not find expected key",
        "indentasi tidak konsisten (baris ini tidak sejajar dengan kunci lain)",
    ),
    (
        "did not find expected '-' indicator",
        "indentasi daftar tidak konsisten (butir '-' tidak sejajar)",
    ),
    (
        "expected <block end>, but found ','",
        "teks yang diawali { (penanda) atau [ harus diberi tanda kutip, "
        'misalnya "{nilai-sakip}, dijelaskan …"',
    ),
    ("expected <block end>, but found", "indentasi tidak konsisten"),
    ("found unexpected end of stream", "tanda kutip atau kurung tidak ditutup sampai akhir berkas"),
    (
        "found undefined alias",
        "alias (*nama) tidak didefinisikan; teks yang diawali * (huruf miring) harus diberi "
        'tanda kutip, misalnya "*Baseline* data …"',
    ),
    (
        "expected alphabetic or numeric character, but found '*'",
        "teks yang diawali * atau ** (huruf miring/tebal) harus diberi tanda kutip, "
        'misalnya "*Baseline* data …"',
    ),
    ("found unknown escape character", "karakter escape tidak dikenal di dalam tanda kutip ganda"),
    ("while scanning a simple key", "kunci tidak diikuti ':'"),
    (
        "found character that cannot start any token",
        "karakter yang tidak boleh mengawali nilai (beri tanda kutip)",
    ),
    (
        "expected a comment or a line break",
        "teks tambahan setelah nilai (beri tanda kutip pada seluruh nilai)",
    ),
    ("while parsing a flow", "kurung [ ] atau { } tidak seimbang"),
)


def _syntax_message(error: yaml.MarkedYAMLError) -> str:
    problem = str(error.problem or error.context or "")
    for needle, hint in _SYNTAX_HINTS:
        if needle in problem or needle in str(error.context or ""):
            return f"kesalahan sintaks YAML: {hint}"
    return f"kesalahan sintaks YAML ({problem})"


# What YAML forbids anywhere in a file, comments included (as PyYAML's reader checks it).
_FORBIDDEN = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CONTROL_NAMES = (
    "NULL",
    "START OF HEADING",
    "START OF TEXT",
    "END OF TEXT",
    "END OF TRANSMISSION",
    "ENQUIRY",
    "ACKNOWLEDGE",
    "BELL",
    "BACKSPACE",
    "CHARACTER TABULATION",
    "LINE FEED",
    "LINE TABULATION",
    "FORM FEED",
    "CARRIAGE RETURN",
    "SHIFT OUT",
    "SHIFT IN",
    "DATA LINK ESCAPE",
    "DEVICE CONTROL ONE",
    "DEVICE CONTROL TWO",
    "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR",
    "NEGATIVE ACKNOWLEDGE",
    "SYNCHRONOUS IDLE",
    "END OF TRANSMISSION BLOCK",
    "CANCEL",
    "END OF MEDIUM",
    "SUBSTITUTE",
    "ESCAPE",
    "INFORMATION SEPARATOR FOUR",
    "INFORMATION SEPARATOR THREE",
    "INFORMATION SEPARATOR TWO",
    "INFORMATION SEPARATOR ONE",
)
# What staff know them as, for the few that get pasted into data.
_CONTROL_HINTS = {
    0x00: "karakter nol",
    0x08: "backspace",
    0x0B: "tab vertikal, sering terbawa saat menyalin dari Word",
    0x0C: "pemisah halaman",
    0x1B: "escape",
    0x7F: "delete",
}
MAX_CHARACTER_PROBLEMS = 10


def character_name(char: str) -> str:
    """`U+000B LINE TABULATION (tab vertikal, …)`: a character that cannot be shown."""
    code = ord(char)
    if code < 0x20:
        name = _CONTROL_NAMES[code]
    elif code == 0x7F:
        name = "DELETE"
    elif 0x80 <= code <= 0x9F:
        name = "karakter kendali C1"
    else:
        name = unicodedata.name(char, "bukan karakter")
    hint = _CONTROL_HINTS.get(code)
    return f"U+{code:04X} {name}" + (f" ({hint})" if hint else "")


def forbidden_characters(path: Path, text: str) -> list[Problem]:
    """Every character YAML does not allow (the first ten), with its line and column."""
    problems: list[Problem] = []
    for match in _FORBIDDEN.finditer(text):
        if len(problems) == MAX_CHARACTER_PROBLEMS:
            break
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        problems.append(
            Problem(
                SourceLocation.of(path, line, f"kolom {column}"),
                "",
                f"karakter {character_name(match.group())} tidak boleh ada di berkas YAML "
                "(juga di komentar); hapus karakter itu",
            )
        )
    return problems


def _not_utf8(path: Path, raw: bytes, exc: UnicodeDecodeError) -> Problem:
    """Where the first byte that is not UTF-8 is, and what encoding the file looks like."""
    line_start = raw.rfind(b"\n", 0, exc.start) + 1
    line = raw[: exc.start].count(b"\n") + 1
    column = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
    byte = raw[exc.start]
    looks = ""
    try:
        char = raw.decode("cp1252")[len(raw[: exc.start].decode("cp1252"))]
        looks = f"; tampaknya pengodean Windows-1252 (ANSI), di situ tertulis {char!r}"
    except UnicodeDecodeError:
        pass
    return Problem(
        SourceLocation.of(path, line, f"kolom {column}"),
        "",
        f"berkas bukan teks UTF-8: byte 0x{byte:02X}{looks}; simpan ulang dengan pengodean UTF-8",
    )


def load_yaml(path: Path, text: str | None = None) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse a YAML file; returns the document (None if unusable) and every problem found."""
    problems: list[Problem] = []
    if text is None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            return None, [
                Problem(SourceLocation.of(path), "", f"berkas tidak bisa dibaca: {exc.strerror}")
            ]
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            return None, [_not_utf8(path, raw, exc)]
    try:
        root = _compose_fast(text)
    except yaml.YAMLError:
        root = None  # parsed again below, for PyYAML's messages (mapped to Indonesian)
    else:
        return _document(path, root, problems)
    forbidden = forbidden_characters(path, text)
    if forbidden:
        return None, forbidden
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and re.search(
            r"end of stream|stream end", str(exc.problem)
        ):
            mark = exc.context_mark  # where the unclosed quote or bracket was opened
        error_line = mark.line + 1 if mark is not None else None
        return None, [Problem(SourceLocation.of(path, error_line), "", _syntax_message(exc))]
    except yaml.YAMLError as exc:
        return None, [Problem(SourceLocation.of(path), "", f"kesalahan sintaks YAML ({exc})")]
    finally:
        loader.dispose()
    return _document(path, root, problems)


def _document(
    path: Path, root: Node | None, problems: list[Problem]
) -> tuple[YamlDocument | None, list[Problem]]:
    document = YamlDocument(path=path, data=None)
    if root is None:
        problems.append(Problem(SourceLocation.of(path, 1), "", "berkas kosong"))
        return None, problems
    builder = _Builder(document, problems)
    document.data = builder.build(root, ())
    return document, problems


def format_field_path(loc: FieldPath) -> str:
    """`('sasaran', 1, 'indikator', 0, 'target')` -> `sasaran[1].indikator[0].target`."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


class _Builder:
    """Turns a composed node tree into plain data, recording lines and problems."""

    MAX_DEPTH = 64

    def __init__(self, document: YamlDocument, problems: list[Problem]):
        self.document = document
        self.problems = problems
        self._active: set[int] = set()

    def _problem(self, node: Node, loc: FieldPath, message: str) -> None:
        self.problems.append(
            Problem(
                SourceLocation.of(self.document.path, node.start_mark.line + 1),
                format_field_path(loc),
                message,
            )
        )

    def build(self, node: Node, loc: FieldPath) -> Any:
        self.document.lines.setdefault(loc, node.start_mark.line + 1)
        if id(node) in self._active or len(loc) > self.MAX_DEPTH:
            self._problem(node, loc, "struktur berulang (alias yang merujuk dirinya sendiri)")
            return None
        if isinstance(node, ScalarNode):
            return self._scalar(node, loc)
        self._active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
            if isinstance(node, MappingNode):
                return self._mapping(node, loc)
        finally:
            self._active.discard(id(node))
        self._problem(node, loc, "jenis node YAML tidak dikenal")
        return None

    def _mapping(self, node: MappingNode, loc: FieldPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                self._problem(
                    key_node, loc, "kunci gabungan '<<' tidak didukung; tulis isinya langsung"
                )
                continue
            if not isinstance(key_node, ScalarNode):
                self._problem(key_node, loc, "nama kunci harus berupa teks")
                continue
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in first_line:
                self._problem(
                    key_node,
                    (*loc, key),
                    f"kunci '{key}' ditulis dua kali (pertama di baris {first_line[key]}); "
                    "hapus salah satu agar tidak ada data yang hilang",
                )
                continue
            first_line[key] = line
            self.document.lines[(*loc, key)] = line
            result[key] = self.build(value_node, (*loc, key))
        return result

    def _scalar(self, node: ScalarNode, loc: FieldPath) -> Any:
        text = node.value
        tag = node.tag
        if node.style in ("'", '"', "|", ">"):
            tag = (
                STR_TAG
                if tag in (INT_TAG, FLOAT_TAG, BOOL_TAG, NULL_TAG, TIMESTAMP_TAG, "!")
                else tag
            )
        if tag in (STR_TAG, "!"):
            return text
        if tag == INT_TAG:
            try:
                return SourceInt(int(text.replace("_", ""), 10), text)
            except ValueError:
                self._problem(node, loc, f"bilangan bulat tidak valid: {text!r}")
                return None
        if tag == FLOAT_TAG:
            try:
                return SourceDecimal(text)
            except InvalidOperation:
                self._problem(node, loc, f"bilangan desimal tidak valid: {text!r}")
                return None
        if tag == BOOL_TAG:
            return text.lower() == "true"
        if tag == NULL_TAG:
            return None
        if tag == TIMESTAMP_TAG:
            try:
                year, month, day = (int(part) for part in text.split("-"))
                return datetime.date(year, month, day)
            except ValueError:
                self._problem(node, loc, f"tanggal tidak valid: {text!r}")
                return None
        self._problem(node, loc, f"tag YAML {tag!r} tidak didukung")
        return None
