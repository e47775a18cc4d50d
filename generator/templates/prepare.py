"""Stage 4: what a template part says, read once for both `pkgen check` and rendering.

A .docx part is WordprocessingML: the text someone typed is spread over paragraphs, runs
and `w:t` elements, split wherever formatting, spell checking or editing history changed
(`{{ na` in one run, `ma }}` in the next, a bookmark or `w:proofErr` between them).
`prepare_part` reads a part into its paragraphs (where each sits: table, row, cell, text
box) and the template tags in their text; `PreparedPart.source()` turns that into the
Jinja source the renderer compiles. `generator.templates.check` reports on the same
paragraphs and tags, so `pkgen check` and rendering cannot disagree about what a tag is.

What preparation does (the part of docxtpl's `patch_xml` pkgen uses, on the XML tree
rather than with regular expressions over the text):

* a tag split over several runs is joined into the run where it starts; the other runs
  keep their formatting and any text after the tag;
* the tag text is read as characters, so entities (`&apos;`, `&quot;`, `&lt;` written by
  LibreOffice) are plain quotes and signs, and the curly quotes Word's AutoCorrect puts
  around a string (“…”, ‘…’) are read as straight quotes; a curly quote inside a string
  stays as it is;
* `{%tr …%}`, `{%tc …%}`, `{%p …%}` (and `{#tr …#}`, …) replace the whole table row,
  cell or paragraph that holds them with the statement;
* table tags change their cell or row: `{% vmerge KEY %}` merges the cell vertically with
  the cells above of the same KEY within a `{%tr for %}` loop, `{% vm %}` merges it over
  the whole loop, `{% hm %}` merges a `{%tc for %}` loop's cells horizontally,
  `{% keepnext EXPR %}` keeps the row with the next one when EXPR is true, `{% cellbg
  EXPR %}` shades the cell with colour EXPR, `{% colspan EXPR %}` spans EXPR columns;
* every other tag is ordinary Jinja, left where it stands.

Text outside tags is always text: a stray `{{` or `{%` there is printed, never run.
The Jinja source has one line per paragraph (and per row, cell or paragraph statement), so
a Jinja error's line number names the paragraph it comes from (`JinjaSource.lines`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from generator.errors import Severity

TEMPLATED_PART = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
"""The parts of a .docx that may hold template tags."""

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W_NS}}}"
_P, _T, _TBL, _TR, _TC, _TXBX = (_W + n for n in ("p", "t", "tbl", "tr", "tc", "txbxContent"))
_R, _PPR, _TCPR, _RPR = (_W + n for n in ("r", "pPr", "tcPr", "rPr"))

_PART_LABELS = (
    (re.compile(r"word/header\d*\.xml"), "kepala halaman"),
    (re.compile(r"word/footer\d*\.xml"), "kaki halaman"),
    (re.compile(r"word/footnotes\.xml"), "catatan kaki"),
    (re.compile(r"word/endnotes\.xml"), "catatan akhir"),
)

# `{` then `{`, `%` or `#`, possibly with spaces between (which breaks the tag).
_OPENER = re.compile(r"\{(\s*)([{%#])")
_ORPHAN_CLOSER = re.compile(r"([}%#])(\s*)\}")
CLOSE_CHAR = {"{": "}", "%": "%", "#": "#"}
# Quotes by family: a string opened by one closes at any quote of the same family.
_SINGLE, _DOUBLE = "'‘’", '"“”'
_SMART_QUOTES = "‘’“”"
_PREFIX = re.compile(r"(tr|tc|p|r) ")
_SPACED_PREFIX = re.compile(r"\s*(tr|tc|p|r)\s+(?=\S)")
_WORD = re.compile(r"[A-Za-z_]\w*")

LEVELS = ("tr", "tc", "p")
"""Prefixes whose tag replaces its table row, table cell or paragraph, in that order."""
_LEVEL_TAG = {"tr": _TR, "tc": _TC, "p": _P}
CELL_TAGS = ("vm", "hm", "vmerge", "cellbg", "colspan")
ROW_TAGS = ("keepnext",)
TABLE_TAGS = (*CELL_TAGS, *ROW_TAGS)
"""Statements that change their table cell or row instead of printing."""


def part_label(name: str) -> str:
    """`word/footer1.xml (kaki halaman)`: a part's name as staff read it."""
    for pattern, label in _PART_LABELS:
        if pattern.fullmatch(name):
            return f"{name} ({label})"
    return name


def part_order(name: str) -> tuple[int, int, str]:
    """Body first, then headers, footers, foot- and endnotes, each by number."""
    order = ("document", "header", "footer", "footnotes", "endnotes")
    stem = Path(name).stem
    kind = next(i for i, prefix in enumerate(order) if stem.startswith(prefix))
    number = re.search(r"\d+", stem)
    return kind, int(number.group()) if number else 0, name


def flat(text: str) -> str:
    return " ".join(text.split())


def short(text: str, width: int = 60) -> str:
    text = flat(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def snippet(text: str, start: int = 0, end: int | None = None, width: int = 60) -> str:
    """The paragraph text, or a window of it around [start, end) when it is long."""
    if len(flat(text)) <= width:
        return flat(text)
    end = start if end is None else end
    left = max(0, min(start - 15, len(text) - width))
    right = min(len(text), max(left + width, min(end, start + width)))
    piece = flat(text[left:right])
    return ("…" if left > 0 else "") + piece + ("…" if right < len(text) else "")


def statement(prefix: str, words: str) -> str:
    """`{%tr endfor %}`: a statement as it is written in a template."""
    return f"{{%{prefix} {words} %}}"


# --------------------------------------------------------------------------- paragraphs


@dataclass(frozen=True)
class Place:
    """Where a container (body, cell, text box) sits: ids of its enclosing tables, rows and
    cells, outermost first, and its own id."""

    tables: tuple[int, ...] = ()
    rows: tuple[int, ...] = ()
    cells: tuple[int, ...] = ()
    container: int = 0
    boxes: int = 0


@dataclass(eq=False)
class Paragraph:
    """One `w:p` of a part: where it is, its visible text, and the `w:t` elements that hold
    that text with the offset where each starts."""

    index: int
    position: str  # "tabel 1 baris 2 kolom 3, paragraf 2", "paragraf 4"
    text: str
    place: Place
    element: Any = None
    texts: list[tuple[Any, int]] = field(default_factory=list)

    @property
    def rows(self) -> tuple[int, ...]:
        return self.place.rows

    @property
    def cells(self) -> tuple[int, ...]:
        return self.place.cells


class _Walker:
    """Lists the paragraphs of a part in document order, with table coordinates."""

    def __init__(self) -> None:
        self.paragraphs: list[Paragraph] = []
        self.loose = 0
        self.ids = 0

    def _next_id(self) -> int:
        self.ids += 1
        return self.ids

    def container(self, element: Any, path: str, place: Place) -> None:
        place = dataclasses.replace(place, container=self._next_id())
        own: list[Paragraph] = []
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

    def paragraph(self, element: Any, path: str, place: Place) -> Paragraph:
        texts: list[tuple[Any, int]] = []
        boxes: list[Any] = []
        length = _collect_text(element, texts, boxes, 0)
        if not path:
            self.loose += 1
            path = f"paragraf {self.loose}"
        text = "".join(t.text or "" for t, _ in texts)
        assert len(text) == length
        paragraph = Paragraph(len(self.paragraphs), path, text, place, element, texts)
        self.paragraphs.append(paragraph)
        for box in boxes:
            inner = dataclasses.replace(place, boxes=place.boxes + 1)
            self.container(box, f"{paragraph.position}, kotak teks", inner)
        return paragraph

    def table(self, element: Any, path: str, number: int, place: Place) -> None:
        outer = f"{path} → " if path else ""
        tables = (*place.tables, self._next_id())
        for r, row in enumerate(_find(element, (_TR,)), start=1):
            rows = (*place.rows, self._next_id())
            for c, cell in enumerate(_find(row, (_TC,)), start=1):
                cells = (*place.cells, self._next_id())
                inner = Place(tables, rows, cells, boxes=place.boxes)
                self.container(cell, f"{outer}tabel {number} baris {r} kolom {c}", inner)


def _find(element: Any, tags: tuple[str, ...]) -> Iterator[Any]:
    """Descendants with one of `tags`, not looking inside those found (or nested tables)."""
    for child in element:
        if child.tag in tags:
            yield child
        elif isinstance(child.tag, str) and child.tag != _TBL:
            yield from _find(child, tags)


def _collect_text(element: Any, texts: list[tuple[Any, int]], boxes: list[Any], at: int) -> int:
    for child in element:
        if child.tag == _T:
            texts.append((child, at))
            at += len(child.text or "")
        elif child.tag == _TXBX:
            boxes.append(child)
        elif isinstance(child.tag, str):
            at = _collect_text(child, texts, boxes, at)
    return at


# --------------------------------------------------------------------------- tags


@dataclass(eq=False)
class Tag:
    """One template tag as written in a paragraph (offsets in that paragraph's text)."""

    para: Paragraph
    start: int
    end: int
    kind: str  # "{", "%" or "#"
    written: str  # as shown in messages: flattened, shortened, quotes straightened
    prefix: str = ""  # "tr", "tc", "p" (or "r", which is reported)
    body: str = ""  # the Jinja inside the delimiters, without prefix and -/+ flags
    name: str = ""  # a statement's first word: "for", "endif", "vmerge", …
    rest: str = ""  # what follows the name
    trim: tuple[str, str] = ("", "")  # Jinja's whitespace flags as written ("-", "+")
    curly_quotes: bool = False  # Word's “ ” ‘ ’ were read as straight quotes
    guessed: bool = False  # closing was never found: syntax errors are implied
    quiet: bool = False  # opening was never found: only a guess, to spare follow-up errors

    @property
    def jinja(self) -> str:
        """The tag as Jinja source."""
        left, right = self.trim
        close = CLOSE_CHAR[self.kind]
        return "{" + self.kind + left + " " + self.body + " " + right + close + "}"


@dataclass(frozen=True, eq=False)
class Issue:
    """A tag that cannot work as written, found while reading the part."""

    para: Paragraph
    span: tuple[int, int | None]
    message: str
    severity: Severity = Severity.ERROR


@dataclass
class _Pending:
    """A tag still open at the end of its paragraph: it may close in a later one."""

    para: Paragraph
    start: int
    kind: str
    opener_end: int


def straighten_quotes(source: str) -> str:
    """Curly quotes that open or close a string become straight; others stay as written."""
    out = []
    family = ""
    for char in source:
        if not family and (char in _SINGLE or char in _DOUBLE):
            family = _SINGLE if char in _SINGLE else _DOUBLE
            out.append(family[0])
        elif family and char in family:
            family = ""
            out.append(char if char in "'\"" else ("'" if char in _SINGLE else '"'))
        else:
            out.append(char)
    return "".join(out)


def _tag_end(text: str, start: int, kind: str, *, quotes: bool = True) -> tuple[int, int, bool]:
    """Where the tag whose content starts at `start` closes: (closer start, closer end,
    closer broken by spaces), or (-1, limit, False) when the paragraph ends or another tag
    opens first at `limit`. A quote left open is read as an apostrophe in text."""
    close = CLOSE_CHAR[kind]
    closer = re.compile(re.escape(close) + r"(\s*)\}")
    family = ""
    i = start
    while i < len(text):
        char = text[i]
        if family:
            if char in family:
                family = ""
        elif quotes and kind != "#" and (char in _SINGLE or char in _DOUBLE):
            family = _SINGLE if char in _SINGLE else _DOUBLE
        elif char == close and (match := closer.match(text, i)):
            return i, match.end(), bool(match.group(1))
        elif char == "{" and _OPENER.match(text, i):
            return -1, i, False
        i += 1
    if family:
        return _tag_end(text, start, kind, quotes=False)
    return -1, len(text), False


class _Scanner:
    """Finds the tags in a part's paragraphs and what keeps any of them from working."""

    def __init__(self, paragraphs: list[Paragraph]) -> None:
        self.paragraphs = paragraphs
        self.tags: list[Tag] = []
        self.issues: list[Issue] = []
        self.spans: dict[int, list[tuple[int, int]]] = {}
        self.pending: _Pending | None = None

    def run(self) -> None:
        for para in self.paragraphs:
            self.scan(para)
        self.flush_pending()
        self.tags.sort(key=lambda t: (t.para.index, t.start))
        for tag in self.tags:
            if tag.prefix == "p" and tag.para.element.find(f"{_PPR}/{_W}sectPr") is not None:
                self.tag_issue(
                    tag,
                    f"«{tag.written}» ada di paragraf yang mengakhiri satu bagian dokumen "
                    "(pemisah bagian/section break); paragraf ini diganti oleh tagnya sehingga "
                    "pemisah bagian ikut hilang: tulis tag di paragraf tersendiri",
                )

    def report(
        self,
        para: Paragraph,
        message: str,
        span: tuple[int, int | None] = (0, None),
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.issues.append(Issue(para, span, message, severity))

    def scan(self, para: Paragraph) -> None:
        text = para.text
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

    def open_tag(self, para: Paragraph, text: str, opener: re.Match[str]) -> int:
        kind = opener.group(2)
        written_opener = opener.group()
        if opener.group(1):
            proper = "{" + kind
            self.report(
                para,
                f"tag terpecah: «{flat(written_opener)}» harus ditulis «{proper}» "
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
                f"tag terpecah: «{flat(closer)}» harus ditulis «{CLOSE_CHAR[kind]}}}» "
                "tanpa spasi di antaranya",
                (close_start, close_end),
            )
        self.add_tag(para, opener.start(), close_end, kind, text[opener.end() : close_start])
        return close_end

    def unclosed(
        self, para: Paragraph, text: str, start: int, inner: int, end: int, kind: str
    ) -> None:
        written = short(straighten_quotes(text[start:end]))
        self.report(
            para,
            f"tag «{written}» tidak ditutup: «{CLOSE_CHAR[kind]}}}» tidak ada di paragraf "
            "yang sama",
            (start, end),
        )
        self.add_tag(para, start, end, kind, text[inner:end], guessed=True)

    def flush_pending(self) -> None:
        pending, self.pending = self.pending, None
        if pending is not None:
            text = pending.para.text
            self.unclosed(
                pending.para, text, pending.start, pending.opener_end, len(text), pending.kind
            )

    def orphan(self, para: Paragraph, text: str, pos: int, closer: re.Match[str]) -> int:
        """A closing delimiter with no opening before it in this paragraph."""
        char = closer.group(1)
        kind = "{" if char == "}" else char
        close = f"{char}}}"
        if closer.group(2):
            self.report(
                para,
                f"tag terpecah: «{flat(closer.group())}» harus ditulis «{close}» tanpa spasi "
                "di antaranya",
                (closer.start(), closer.end()),
            )
        splits = list(re.finditer(r"\{([^{}]{1,40}?)" + re.escape(kind), text[: closer.start()]))
        split = splits[-1] if splits else None
        if split is not None and split.start() >= pos:
            self.report(
                para,
                f"tag terpecah: ada teks «{flat(split.group(1))}» di antara «{{» dan "
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

    def across(self, pending: _Pending, para: Paragraph, text: str, closer: re.Match[str]) -> None:
        """A tag opened in one paragraph and closed in a later one."""
        first = pending.para.text
        between = self.paragraphs[pending.para.index + 1 : para.index]
        pieces = [first[pending.opener_end :], *(p.text for p in between), text[: closer.start()]]
        for p in between:
            self.spans.setdefault(p.index, []).append((0, len(p.text)))
        self.spans.setdefault(para.index, []).append((0, closer.end()))
        self.report(
            pending.para,
            f"tag «{short(straighten_quotes(first[pending.start :]))}» dibuka di sini tetapi "
            f"baru ditutup di {para.position}; satu tag harus utuh dalam satu paragraf "
            "(jika tidak, dokumen hasilnya rusak)",
            (pending.start, len(first)),
        )
        self.add_tag(
            pending.para, pending.start, len(first), pending.kind, " ".join(pieces), closed=True
        )

    def add_tag(
        self,
        para: Paragraph,
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
        curly = any(q in para.text[start:end] or q in inner for q in _SMART_QUOTES)
        inner = straighten_quotes(inner)
        written = flat(straighten_quotes(para.text[start:end]))
        if closed:
            written = flat("{" + kind + inner + CLOSE_CHAR[kind] + "}")
        tag = Tag(para, start, end, kind, short(written), guessed=guessed, quiet=quiet)
        tag.curly_quotes = curly
        self.spans.setdefault(para.index, []).append((start, end))
        prefix = _PREFIX.match(inner)
        if prefix:
            tag.prefix = prefix.group(1)
            inner = inner[prefix.end() :]
        elif kind == "%" and (spaced := _SPACED_PREFIX.match(inner.lstrip("-+"))):
            # No Jinja statement is called tr/tc/p/r: this is a prefix written apart.
            tag.prefix = spaced.group(1)
            inner = inner.lstrip("-+")[spaced.end() :]
            self.tag_issue(
                tag,
                f"awalan «{tag.prefix}» harus menempel pada «{{%» dan diikuti satu "
                f"spasi biasa: tulis «{short(statement(tag.prefix, inner.strip()))}»",
            )
        self.read_body(tag, kind, inner)
        self.check_prefix(tag)
        self.tags.append(tag)

    @staticmethod
    def read_body(tag: Tag, kind: str, inner: str) -> None:
        body = " ".join(inner.split("\n")).strip()
        left = body[:1] if body[:1] in ("-", "+") else ""
        right = body[-1:] if len(body) > len(left) and body[-1:] in ("-", "+") else ""
        tag.trim = (left, right)
        tag.body = body[len(left) : len(body) - len(right)].strip()
        if kind == "%":
            word = _WORD.match(tag.body)
            tag.name = word.group() if word else ""
            tag.rest = tag.body[len(tag.name) :].strip()

    def check_prefix(self, tag: Tag) -> None:
        if tag.prefix == "r":
            self.tag_issue(
                tag,
                f"awalan «r» tidak didukung di templat pkgen (data selalu teks); tulis "
                f"«{short('{' + tag.kind + ' ' + tag.body + ' ' + CLOSE_CHAR[tag.kind] + '}')}» "
                "tanpa awalan",
            )
        elif tag.prefix and tag.kind == "{":
            self.tag_issue(
                tag,
                f"«{tag.written}» tidak didukung: awalan «{tag.prefix}» hanya untuk perintah "
                f"«{{%{tag.prefix} … %}}»; tulis «{{{{ {short(tag.body, 40)} }}}}»",
            )

    def tag_issue(self, tag: Tag, message: str) -> None:
        if not tag.quiet:
            self.report(tag.para, message, (tag.start, tag.end))


# --------------------------------------------------------------------------- parts


class PartUnreadable(ValueError):
    """A part whose XML cannot be read; the message says why, in Bahasa Indonesia."""


@dataclass
class JinjaSource:
    """A part's Jinja source, and the paragraph each of its lines comes from."""

    text: str
    lines: list[Paragraph | None]

    def paragraph_at(self, lineno: int | None) -> Paragraph | None:
        """The paragraph of a Jinja error's line number (1-based), when known."""
        if lineno is None or not 0 < lineno <= len(self.lines):
            return None
        return self.lines[lineno - 1]


@dataclass
class PreparedPart:
    """A template part read once: its paragraphs, its tags and what is wrong with them."""

    name: str
    paragraphs: list[Paragraph]
    tags: list[Tag]
    issues: list[Issue]
    spans: dict[int, list[tuple[int, int]]]  # text of each paragraph taken by tags
    root: Any
    declaration: str

    @property
    def label(self) -> str:
        return part_label(self.name)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.ERROR]

    @property
    def repeats_columns(self) -> bool:
        """Whether a `{%tc for %}` loop repeats table columns here."""
        return any(t.prefix == "tc" and t.name == "for" for t in self.tags)

    def where(self, para: Paragraph, span: tuple[int, int | None] = (0, None)) -> str:
        """`word/document.xml, tabel 1 baris 2 kolom 3: «{{ row.no }}»` for messages."""
        text = f"{self.label}, {para.position}"
        shown = snippet(para.text, *span)
        return f"{text}: «{shown}»" if shown else text

    def source(self) -> JinjaSource:
        """The part as Jinja source; the part's tree is consumed, so call it once.
        Only for a part without errors (`errors` empty)."""
        assert not self.errors, "a part with errors cannot become Jinja source"
        return _SourceWriter(self).write()


def prepare_part(name: str, data: bytes) -> PreparedPart:
    """Read one template part: paragraphs, tags and issues. Raises `PartUnreadable`."""
    try:
        root = etree.fromstring(
            data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        )
    except etree.XMLSyntaxError as exc:
        raise PartUnreadable(f"bagian ini rusak ({exc})") from exc
    head = re.match(rb"<\?xml[^>]*\?>", data)
    declaration = head.group().decode("ascii", "replace") if head else ""
    walker = _Walker()
    walker.container(root, "", Place())
    scanner = _Scanner(walker.paragraphs)
    scanner.run()
    if root.prefix != "w" and scanner.tags:
        # Rendering writes `w:` elements into the source (see `finish_part`).
        scanner.issues.insert(
            0,
            Issue(
                walker.paragraphs[0],
                (0, 0),
                "bagian ini tidak memakai awalan XML «w:» yang biasa; simpan ulang dokumen "
                "dengan Word atau LibreOffice",
            ),
        )
    return PreparedPart(
        name, walker.paragraphs, scanner.tags, scanner.issues, scanner.spans, root, declaration
    )


# --------------------------------------------------------------------------- Jinja source

_MARK, _END_MARK = "\ufdd0", "\ufdd1"  # Unicode noncharacters: never in a real document
_MARKER = re.compile(f"{_MARK}(\\d+){_END_MARK}")
_STRAY_OPENER = re.compile(r"\{(?=[{%#" + _MARK + "])")
# Schema order of the children of w:pPr and w:tcPr.
_PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]
PPR_ORDER = _PPR_ORDER  # public: the typography pass inserts in the same order
_TCPR_ORDER = [
    "cnfStyle",
    "tcW",
    "gridSpan",
    "hMerge",
    "vMerge",
    "tcBorders",
    "shd",
    "noWrap",
    "tcMar",
    "textDirection",
    "tcFitText",
    "vAlign",
    "hideMark",
    "headers",
    "cellIns",
    "cellDel",
    "cellMerge",
    "tcPrChange",
]


@dataclass(frozen=True)
class _Mark:
    source: str
    para: Paragraph | None = None
    own_line: bool = False  # starts a line of the source (a statement between elements)


class _SourceWriter:
    """Turns a prepared part's tree into Jinja source, through markers: each tag's text in
    the tree becomes a marker, the tree is serialised, and the markers become Jinja."""

    def __init__(self, part: PreparedPart) -> None:
        self.part = part
        self.root = part.root
        self.marks: list[_Mark] = []
        self.merges = 0

    def mark(self, source: str, para: Paragraph | None = None, *, own_line: bool = False) -> str:
        self.marks.append(_Mark(source, para, own_line))
        return f"{_MARK}{len(self.marks) - 1}{_END_MARK}"

    def write(self) -> JinjaSource:
        by_paragraph: dict[int, list[Tag]] = {}
        for tag in self.part.tags:
            by_paragraph.setdefault(tag.para.index, []).append(tag)
        for tags in by_paragraph.values():
            for tag in reversed(tags):
                self.inline(tag)
        for level in LEVELS:
            self.replace_elements(level)
        for tag in self.part.tags:
            if tag.kind == "%" and not tag.prefix and tag.name in TABLE_TAGS:
                self.table_tag(tag)
        for para in self.part.paragraphs:
            if self.attached(para.element):
                _put_before(para.element, self.mark("", para, own_line=True))
        return self.serialise()

    # ----------------------------------------------------------------- tags in the text

    def inline(self, tag: Tag) -> None:
        """Join the tag's text into the `w:t` where it starts, as a marker (or nothing for
        a tag that acts on its row, cell or paragraph, or a comment)."""
        prints = not tag.prefix and tag.kind != "#" and tag.name not in TABLE_TAGS
        replacement = self.mark(tag.jinja, tag.para) if prints else ""
        first = None
        for element, offset in tag.para.texts:
            text = element.text or ""
            if offset + len(text) <= tag.start:
                continue
            if offset >= tag.end:
                break
            start, end = max(0, tag.start - offset), min(len(text), tag.end - offset)
            if first is None:
                first = element
                element.text = text[:start] + replacement + text[end:]
            else:
                element.text = text[:start] + text[end:]
        if first is not None and prints:
            first.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        elif first is not None and not first.text:
            _drop_empty_run(first)

    def replace_elements(self, level: str) -> None:
        """docxtpl's rule, kept: a row/cell/paragraph holding `{%tr`/`{%tc`/`{%p` tags is
        replaced by the last of them."""
        chosen: dict[Any, Tag] = {}
        for tag in self.part.tags:
            if tag.prefix == level:
                element = _ancestor(tag.para.element, _LEVEL_TAG[level])
                if element is not None:
                    chosen[element] = tag
        if level == "p":
            self.keep_page_breaks(chosen)
        for element, tag in chosen.items():
            if self.attached(element):
                source = "" if tag.kind == "#" else tag.jinja
                _replace_by_text(element, self.mark(source, tag.para, own_line=True))

    def keep_page_breaks(self, replaced: dict[Any, Tag]) -> None:
        """A page break in a paragraph that a `{%p %}` tag replaces starts the next kept
        paragraph on a new page instead. LibreOffice saves a paragraph's "page break
        before" as a break at the end of the paragraph before it, which is often a tag's
        (`{%p for b in bab %}` before each chapter's heading)."""
        paragraphs = [p for p in self.root.iter(_P) if self.attached(p)]
        for index, element in enumerate(paragraphs):
            if element not in replaced or not _has_page_break(element):
                continue
            following = (p for p in paragraphs[index + 1 :] if p not in replaced)
            target = next(following, None)
            if target is not None:
                props = target.find(_PPR)
                if props is None or props.getparent() is not target:
                    props = etree.Element(_PPR)
                    target.insert(0, props)
                _set_property(props, "pageBreakBefore", {}, _PPR_ORDER)

    def attached(self, element: Any) -> bool:
        """Whether `element` is still in the part (not inside a replaced row or cell)."""
        while element is not None:
            if element is self.root:
                return True
            element = element.getparent()
        return False

    # ----------------------------------------------------------------- table tags

    def table_tag(self, tag: Tag) -> None:
        row = _ancestor(tag.para.element, _TR)
        cell = _ancestor(tag.para.element, _TC)
        if tag.name in ROW_TAGS:
            if row is not None and self.attached(row):
                self.keepnext(row, tag)
            return
        if cell is None or not self.attached(cell):
            return
        if tag.name in ("vm", "vmerge"):
            self.vertical_merge(cell, tag)
        elif tag.name == "hm":
            self.horizontal_merge(cell, tag)
        else:
            self.merged_property(cell, tag)

    def set_before(self, element: Any, tag: Tag, name: str, value: str) -> None:
        """`{% set name = value %}` just before `element`, on its own source line."""
        _put_before(element, self.mark(f"{{% set {name} = {value} %}}", tag.para, own_line=True))

    def vertical_merge(self, cell: Any, tag: Tag) -> None:
        """The cell restarts a vertical merge in the loop's first row or when its key
        changes, continues it otherwise; a continued cell prints nothing."""
        self.merges += 1
        flag = f"pkgen_vm_{self.merges}"
        if tag.name == "vm":
            value = "loop.first"
        else:
            value = f"pkgen_vmerge({self.merges}, {tag.rest}, loop.first)"
        self.set_before(cell, tag, flag, value)
        merge = f"{{{{ 'restart' if {flag} else 'continue' }}}}"
        _cell_property(cell, "vMerge", {"val": self.mark(merge)})
        for para in cell.iter(_P):
            if _ancestor(para, _TC) is not cell:
                continue
            props = para.find(_PPR)
            if props is not None and props.getparent() is para:
                props.tail = self.mark(f"{{% if {flag} %}}") + (props.tail or "")
            else:
                para.text = self.mark(f"{{% if {flag} %}}") + (para.text or "")
            if len(para):
                para[-1].tail = (para[-1].tail or "") + self.mark("{% endif %}")
            else:
                para.text = (para.text or "") + self.mark("{% endif %}")

    def horizontal_merge(self, cell: Any, tag: Tag) -> None:
        """In a `{%tc for %}` loop the cell appears once, spanning every looped column."""
        span = cell.find(f"{_TCPR}/{_W}gridSpan")
        columns = int(span.get(_W + "val", "1")) if span is not None else 1
        _cell_property(cell, "gridSpan", {"val": self.mark(f"{{{{ {columns} * loop.length }}}}")})
        _put_before(cell, self.mark("{% if loop.first %}", tag.para, own_line=True))
        cell.tail = self.mark("{% endif %}") + (cell.tail or "")

    def merged_property(self, cell: Any, tag: Tag) -> None:
        """`cellbg` shades the cell, `colspan` makes it span columns."""
        self.merges += 1
        value = f"pkgen_{tag.name}_{self.merges}"
        self.set_before(cell, tag, value, tag.rest)
        printed = self.mark(f"{{{{ {value} }}}}")
        if tag.name == "cellbg":
            _cell_property(cell, "shd", {"val": "clear", "color": "auto", "fill": printed})
        else:
            _cell_property(cell, "gridSpan", {"val": printed})

    def keepnext(self, row: Any, tag: Tag) -> None:
        """When the condition holds, every paragraph of the row keeps with the next."""
        for para in row.iter(_P):
            props = para.find(_PPR)
            if props is None or props.getparent() is not para:
                props = etree.Element(_PPR)
                para.insert(0, props)
            if props.find(_W + "keepNext") is not None:
                continue
            keep = etree.Element(_W + "keepNext")
            style = props.find(_W + "pStyle")
            # keepNext follows pStyle in the schema order of pPr.
            props.insert(1 if style is not None and props.index(style) == 0 else 0, keep)
            _put_before(keep, self.mark(f"{{% if {tag.rest} %}}", tag.para, own_line=True))
            keep.tail = self.mark("{% endif %}") + (keep.tail or "")

    # ----------------------------------------------------------------- serialising

    def serialise(self) -> JinjaSource:
        xml = self.part.declaration + etree.tostring(self.root, encoding="unicode")
        # Text is text: braces that would open a Jinja tag outside any tag are printed.
        xml = _STRAY_OPENER.sub("{{ '{' }}", xml)
        lines: list[Paragraph | None] = [None]
        pieces: list[str] = []
        position = 0
        for match in _MARKER.finditer(xml):
            between = xml[position : match.start()]
            pieces.append(between)
            lines.extend([lines[-1]] * between.count("\n"))
            mark = self.marks[int(match.group(1))]
            if mark.own_line:
                pieces.append("\n")
                lines.append(mark.para)
            pieces.append(mark.source)
            position = match.end()
        pieces.append(xml[position:])
        return JinjaSource("".join(pieces), lines)


def _ancestor(element: Any, tag: str) -> Any:
    """The nearest element with `tag` holding `element` (or `element` itself)."""
    while element is not None and element.tag != tag:
        element = element.getparent()
    return element


def _put_before(element: Any, text: str) -> None:
    """Text placed just before `element`: its previous sibling's tail or its parent's text."""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent = element.getparent()
        parent.text = (parent.text or "") + text


def _replace_by_text(element: Any, text: str) -> None:
    # lxml removes an element together with its tail: keep the tail.
    _put_before(element, text + (element.tail or ""))
    element.getparent().remove(element)


def _drop_empty_run(text_element: Any) -> None:
    """A run left with nothing but its properties once a table tag's text is taken out."""
    run = text_element.getparent()
    if run is None or run.tag != _R:
        return
    if all(child.tag == _RPR or (child.tag == _T and not child.text) for child in run):
        _replace_by_text(run, "")


def _has_page_break(paragraph: Any) -> bool:
    breaks = paragraph.iter(_W + "br", _W + "pageBreakBefore")
    return any(
        b.get(_W + "type") == "page"
        or (b.tag.endswith("pageBreakBefore") and b.get(_W + "val") not in ("0", "false", "off"))
        for b in breaks
    )


def _cell_property(cell: Any, name: str, attributes: dict[str, str]) -> None:
    """Set `w:name` in the cell's `w:tcPr` (made when missing), in schema order."""
    props = cell.find(_TCPR)
    if props is None:
        props = etree.Element(_TCPR)
        cell.insert(0, props)
    _set_property(props, name, attributes, _TCPR_ORDER)


def _set_property(props: Any, name: str, attributes: dict[str, str], order: list[str]) -> None:
    """Set (replace) `w:name` among the properties `props`, at its place in `order`."""
    old = props.find(_W + name)
    if old is not None:
        props.remove(old)
    element = child_in_order(props, name, order[order.index(name) + 1 :])
    for key, value in attributes.items():
        element.set(_W + key, value)


def child_in_order(parent: Any, name: str, later: Collection[str]) -> Any:
    """`parent`'s child `w:name`; when missing, made and placed before the first child
    whose local name is in `later` (those the schema's sequence puts after it), so Word
    opens the document without repair."""
    element = parent.find(_W + name)
    if element is None:
        element = etree.Element(_W + name)
        successor = next(
            (c for c in parent if isinstance(c.tag, str) and etree.QName(c).localname in later),
            None,
        )
        if successor is None:
            parent.append(element)
        else:
            successor.addprevious(element)
    return element


# --------------------------------------------------------------------------- after render

_LISTING = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\n\t]")
_TEXT_ELEMENT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")


def finish_part(xml: str) -> str:
    """A rendered part as WordprocessingML: newlines and tabs in the data become Word line
    breaks and tabs, then the source's line breaks between elements are taken out (once
    the text's own are breaks, every newline left is one of those, or insignificant
    whitespace between elements or in a field code)."""
    if _LISTING.search(xml):
        xml = _TEXT_ELEMENT.sub(_listing, xml)
    return xml.replace("\n", "")


def _listing(match: re.Match[str]) -> str:
    text = match.group(1)
    if "\n" not in text and "\t" not in text:
        return match.group(0)
    resumed = '</w:t>{}<w:t xml:space="preserve">'
    text = text.replace("\n", resumed.format("<w:br/>")).replace("\t", resumed.format("<w:tab/>"))
    return f'<w:t xml:space="preserve">{text}</w:t>'
