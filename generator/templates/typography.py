"""Print typography applied to every rendered document (`word/document.xml`).

Rules a typesetter would follow and a template cannot express once for all data:

* ties: a non-breaking space between a number and its category (`63,3 (B)`), after
  `Rp.`, inside a NIP's groups, in `Kode Pos 20112` and before a closing `RI)`-like word;
* cell padding of at least 1.5 mm left and right;
* keeping together: headings (bold or outline-level paragraphs) and lead-ins (text
  ending in ":") keep with what follows; a table's header rows repeat, never split, and
  keep with the first two rows under them; a long chain of paragraphs kept together
  (the diktum of a keputusan) is cut at its paragraph boundaries, keeping only its
  heads and its last paragraph (which binds the signature) with what follows;
* lines that must stay one line (a signer's name and titles, given by the caller): the
  table column widens (within the page, taking room from columns without such lines),
  then that name's font shrinks in steps; the letterhead's lines and short centred bold
  titles shrink to fit one line when they fit at the minimum size;
* justified paragraphs whose lines would stretch visibly are set left-aligned.

Widths come from the fonts' own metrics (`fc-match` picks the file LibreOffice uses, Pillow
measures), so the decisions match the PDF LibreOffice makes.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lxml import etree
from PIL import ImageFont

from generator.templates.prepare import PPR_ORDER as _PPR_ORDER
from generator.templates.prepare import child_in_order

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W_NS}}}"
NBSP = "\u00a0"
TWIPS_PER_POINT = 20
MIN_CELL_PADDING = 85  # twips: 1.5 mm
MIN_NAME_SIZE = 8.0  # points: a signer's name never shrinks below this
MIN_TITLE_SIZE = 10.0  # points: the letterhead's and a title's smallest size
SIZE_STEP = 0.5  # points
PAPER_EDGE = 567  # twips: a widened table stays 1 cm from the paper's edge
STRETCH_LIMIT = 1.0  # extra space per gap, in space widths, before a line looks stretched
CHAIN_LIMIT = 3  # kept-together paragraphs (besides heads) a chain may hold uncut

_TIES = (
    # 63,3 (B) · 3,0644 (BB) · 80% (A): a number and its category in parentheses
    (re.compile(r"(\d%?) (\((?:[A-E][A-E+\-]?|AA|BB|CC)\))"), rf"\1{NBSP}\2"),
    (re.compile(r"\b(Rp\.?) (?=[\d-])"), rf"\1{NBSP}"),  # Rp. 100.727.519.299
    (re.compile(r"\b(\d{8}) (\d{6}) (\d) (\d{3})\b"), rf"\1{NBSP}\2{NBSP}\3{NBSP}\4"),  # NIP
    (re.compile(r"\b(NIP\.?) (?=\d)"), rf"\1{NBSP}"),
    (re.compile(r"\b(Kode) (Pos) (\d)"), rf"\1{NBSP}\2{NBSP}\3"),
    (re.compile(r"(\S) ([A-Z]{1,2}\))"), rf"\1{NBSP}\2"),  # (Pimbangkom LAN RI)
)


def tie(text: str) -> str:
    """The text with non-breaking spaces where a line must not break."""
    for pattern, replacement in _TIES:
        text = pattern.sub(replacement, text)
    return text


# --------------------------------------------------------------------------- fonts


@lru_cache(maxsize=64)
def _font_file(family: str, bold: bool, italic: bool) -> str | None:
    exe = shutil.which("fc-match")
    if exe is None:
        return None
    style = ":bold" if bold else ""
    style += ":italic" if italic else ""
    try:
        found = subprocess.run(
            [exe, "-f", "%{file}", f"{family}{style}"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return found or None


@lru_cache(maxsize=64)
def _font(family: str, bold: bool, italic: bool) -> Any:
    path = _font_file(family, bold, italic)
    if path is None:
        return None
    try:
        return ImageFont.truetype(path, 1000)
    except OSError:
        return None


@dataclass(frozen=True)
class Face:
    """A run's font as the page prints it."""

    family: str
    size: float  # points
    bold: bool = False
    italic: bool = False

    def width(self, text: str) -> float:
        """The text's printed width in points."""
        return _width(self.family, self.bold, self.italic, text) * self.size / 1000


@lru_cache(maxsize=65536)
def _width(family: str, bold: bool, italic: bool, text: str) -> float:
    """The text's width at 1000 pt (words repeat across documents: measured once)."""
    font = _font(family, bold, italic)
    if font is None:  # no fontconfig: an average letter of a sans-serif face
        return len(text) * (620.0 if bold else 560.0)
    return float(font.getlength(text))


@lru_cache(maxsize=16384)
def _widest_word(family: str, bold: bool, italic: bool, text: str) -> float:
    """The widest word of a text (words split at ordinary spaces only), at 1000 pt."""
    return max((_width(family, bold, italic, w) for w in text.split(" ")), default=0.0)


_STEPS: dict[str, tuple[str, ...]] = {}


def _child(element: Any, path: str) -> Any:
    """`element.find(path)` one plain tag at a time (lxml's path parser is slow); the
    pass calls this some 5,000 times a document, so the steps are looked up in a dict."""
    steps = _STEPS.get(path)
    if steps is None:
        steps = _STEPS[path] = tuple(step.replace("w:", _W) for step in path.split("/"))
    for step in steps:
        if element is None:
            return None
        element = element.find(step)
    return element


def _val(element: Any, attribute: str = "val") -> str | None:
    return None if element is None else element.get(f"{_W}{attribute}")


def _on(rpr: Any, name: str) -> bool | None:
    flag = _child(rpr, f"w:{name}") if rpr is not None else None
    if flag is None:
        return None
    return _val(flag) not in ("0", "false", "off")


_RPR, _RFONTS, _SZ, _B, _I = (f"{_W}{tag}" for tag in ("rPr", "rFonts", "sz", "b", "i"))
_ASCII, _VAL = f"{_W}ascii", f"{_W}val"
_TR, _TC, _TCPR, _GRIDSPAN = (f"{_W}{tag}" for tag in ("tr", "tc", "tcPr", "gridSpan"))


class Faces:
    """Run fonts from the run's own properties over the document defaults."""

    def __init__(self, defaults: Face):
        self.defaults = defaults

    def of(self, run: Any) -> Face:
        rpr = run.find(_RPR)
        if rpr is None:
            return self.defaults
        family = size = None
        bold = italic = None
        for child in rpr:  # one pass over the run's properties
            tag = child.tag
            if tag == _RFONTS:
                family = child.get(_ASCII)
            elif tag == _SZ:
                size = child.get(_VAL)
            elif tag == _B:
                bold = child.get(_VAL) not in ("0", "false", "off")
            elif tag == _I:
                italic = child.get(_VAL) not in ("0", "false", "off")
        return Face(
            family or self.defaults.family,
            int(size) / 2 if size else self.defaults.size,
            self.defaults.bold if bold is None else bold,
            self.defaults.italic if italic is None else italic,
        )


def default_face(styles_xml: bytes | None) -> Face:
    """The document's default font: styles.xml's `w:docDefaults` under its default
    paragraph style (Normal); Arial 11 without either."""
    face = Face("Arial", 11.0)
    if not styles_xml:
        return face
    root = etree.fromstring(styles_xml)
    layers = [
        root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr"),
        root.find(f"{_W}style[@{_W}type='paragraph'][@{_W}default='1']/{_W}rPr"),
    ]
    for rpr in layers:
        if rpr is None:
            continue
        size = _val(_child(rpr, "w:sz"))
        bold = _on(rpr, "b")
        face = Face(
            _val(_child(rpr, "w:rFonts"), "ascii") or face.family,
            int(size) / 2 if size else face.size,
            face.bold if bold is None else bold,
        )
    return face


# --------------------------------------------------------------------------- helpers


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(f"{_W}t"))


def _runs(paragraph: Any) -> list[Any]:
    return [r for r in paragraph.iter(f"{_W}r") if r.find(f"{_W}t") is not None]


def _ppr(paragraph: Any) -> Any:
    ppr = paragraph.find(f"{_W}pPr")
    if ppr is None:
        ppr = etree.Element(f"{_W}pPr")
        paragraph.insert(0, ppr)
    return ppr


def _set(props: Any, name: str, order: list[str] | tuple[str, ...], **attributes: str) -> Any:
    """props/name (created in schema order when missing) with the attributes set."""
    element = child_in_order(props, name, order[order.index(name) + 1 :])
    for key, value in attributes.items():
        element.set(f"{_W}{key}", value)
    return element


def _keep_next(paragraph: Any, keep: bool = True) -> None:
    ppr = _ppr(paragraph)
    existing = ppr.find(f"{_W}keepNext")
    if keep and existing is None:
        _set(ppr, "keepNext", _PPR_ORDER)
    elif not keep and existing is not None:
        ppr.remove(existing)


def _keeps_next(paragraph: Any) -> bool:
    flag = _child(paragraph, "w:pPr/w:keepNext")
    return flag is not None and _val(flag) not in ("0", "false")


def _bold(paragraph: Any, faces: Faces) -> bool:
    runs = [r for r in _runs(paragraph) if _text(r).strip()]
    return bool(runs) and all(faces.of(r).bold for r in runs)


def _heading(paragraph: Any, faces: Faces) -> bool:
    """A heading or a lead-in: what must not end a page."""
    text = _text(paragraph).strip()
    if not text:
        return False
    if text.endswith(":") or _child(paragraph, "w:pPr/w:outlineLvl") is not None:
        return True
    return _bold(paragraph, faces) and len(text) < 200


def _twips(value: str | None, default: int = 0) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


@dataclass(frozen=True)
class Page:
    """A section's paper and margins, in twips."""

    width: int = 11906
    left: int = 1417
    right: int = 1134
    height: int = 16838
    top: int = 1134
    bottom: int = 1134

    @property
    def text_height(self) -> int:
        return self.height - self.top - self.bottom

    @property
    def text_width(self) -> int:
        return self.width - self.left - self.right

    @property
    def widest_table(self) -> int:
        """How wide a centred table may grow: into both margins, 1 cm from the paper."""
        return self.text_width + 2 * max(0, min(self.left, self.right) - PAPER_EDGE)


def _page(section: Any) -> Page:
    size = _child(section, "w:pgSz")
    margins = _child(section, "w:pgMar")
    return Page(
        _twips(_val(size, "w"), 11906),
        _twips(_val(margins, "left"), 1417),
        _twips(_val(margins, "right"), 1134),
        _twips(_val(size, "h"), 16838),
        _twips(_val(margins, "top"), 1134),
        _twips(_val(margins, "bottom"), 1134),
    )


def _sections(body: Any) -> list[tuple[Any, Page]]:
    """Each body child with the page of the section it is in."""
    placed: list[tuple[Any, Page]] = []
    waiting: list[Any] = []
    for child in body:
        if child.tag == f"{_W}sectPr":
            placed += [(c, _page(child)) for c in waiting]
            waiting = []
            continue
        waiting.append(child)
        own = _child(child, "w:pPr/w:sectPr") if child.tag == f"{_W}p" else None
        if own is not None:
            placed += [(c, _page(own)) for c in waiting]
            waiting = []
    placed += [(c, Page()) for c in waiting]
    return placed


# --------------------------------------------------------------------------- tables


_TBLPR_ORDER = [
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
    "tblPrChange",
]
_TRPR_ORDER = [
    "cnfStyle",
    "divId",
    "gridBefore",
    "gridAfter",
    "wBefore",
    "wAfter",
    "cantSplit",
    "trHeight",
    "tblHeader",
    "tblCellSpacing",
    "jc",
    "hidden",
    "ins",
    "del",
    "trPrChange",
]
_MAR_ORDER = ["top", "start", "left", "bottom", "end", "right"]


def pad_cells(tbl: Any) -> tuple[int, int]:
    """At least 1.5 mm of padding left and right in every cell; the (left, right) padding."""
    tblpr = tbl.find(f"{_W}tblPr")
    if tblpr is None:
        return (108, 108)
    margins = _set(tblpr, "tblCellMar", _TBLPR_ORDER)
    padding = []
    for side in ("left", "right"):
        element = margins.find(f"{_W}{side}")
        current = _twips(_val(element, "w"), 108) if element is not None else 108
        if current < MIN_CELL_PADDING:
            _set(margins, side, _MAR_ORDER, w=str(MIN_CELL_PADDING), type="dxa")
            current = MIN_CELL_PADDING
        padding.append(current)
    for mar in tbl.iter(f"{_W}tcMar"):
        for side in ("left", "right", "start", "end"):
            element = mar.find(f"{_W}{side}")
            if element is not None and _twips(_val(element, "w")) < MIN_CELL_PADDING:
                element.set(f"{_W}w", str(MIN_CELL_PADDING))
    return (padding[0], padding[1])


def keep_header_rows(tbl: Any) -> None:
    """Header rows (`w:tblHeader`) repeat, never split, and keep with two rows under them."""
    rows = tbl.findall(f"{_W}tr")
    header = 0
    for row in rows:
        if _child(row, "w:trPr/w:tblHeader") is None:
            break
        header += 1
    if not header or header >= len(rows):
        return
    # A small table (three rows or fewer under its header) needs no more than its header
    # kept with its first row; a longer one keeps its first two rows under the header.
    kept = header + (2 if len(rows) - header > 3 else 1)
    for index, row in enumerate(rows[:kept]):
        if index < header:
            trpr = row.find(f"{_W}trPr")
            if trpr is not None:
                _set(trpr, "cantSplit", _TRPR_ORDER)
        if index < kept - 1:  # the last kept row keeps with nothing
            for paragraph in row.iter(f"{_W}p"):
                _keep_next(paragraph)


def _grid(tbl: Any) -> list[int]:
    return [_twips(_val(col, "w")) for col in tbl.findall(f"{_W}tblGrid/{_W}gridCol")]


def _cells_by_column(tbl: Any) -> list[tuple[int, int, Any]]:
    """(first grid column, span, cell) of every cell."""
    placed = []
    for row in tbl.iterchildren(_TR):
        column = len(row.findall(f"{_W}trPr/{_W}gridBefore"))
        for cell in row.iterchildren(_TC):
            tcpr = cell.find(_TCPR)  # called for every cell several times a table: inlined
            grid_span = tcpr.find(_GRIDSPAN) if tcpr is not None else None
            span = _twips(grid_span.get(_VAL) if grid_span is not None else None, 1)
            placed.append((column, span, cell))
            column += span
    return placed


def set_grid(tbl: Any, widths: list[int]) -> None:
    """New column widths for the grid, the cells and the table."""
    for col, width in zip(tbl.findall(f"{_W}tblGrid/{_W}gridCol"), widths, strict=True):
        col.set(f"{_W}w", str(width))
    for column, span, cell in _cells_by_column(tbl):
        tcw = _child(cell, "w:tcPr/w:tcW")
        if tcw is not None:
            tcw.set(f"{_W}w", str(sum(widths[column : column + span])))
            tcw.set(f"{_W}type", "dxa")
    tblpr = tbl.find(f"{_W}tblPr")
    if tblpr is not None:
        _set(tblpr, "tblW", _TBLPR_ORDER, w=str(sum(widths)), type="dxa")


def _size_runs(paragraph: Any, faces: Faces, size: float) -> None:
    for run in _runs(paragraph):
        rpr = run.find(f"{_W}rPr")
        if rpr is None:
            rpr = etree.Element(f"{_W}rPr")
            run.insert(0, rpr)
        half_points = str(round(size * 2))
        for name in ("sz", "szCs"):
            element = rpr.find(f"{_W}{name}")
            if element is None:
                element = etree.SubElement(rpr, f"{_W}{name}")
                _order_rpr(rpr)
            element.set(f"{_W}val", half_points)


_RPR_ORDER = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
]


def _order_rpr(rpr: Any) -> None:
    rank = {name: index for index, name in enumerate(_RPR_ORDER)}
    children = sorted(rpr, key=lambda c: rank.get(etree.QName(c).localname, len(rank)))
    for child in children:
        rpr.append(child)


def natural_width(paragraph: Any, faces: Faces, scale: float = 1.0) -> float:
    """The paragraph's text on one line, in points (sizes scaled by `scale`)."""
    total = 0.0
    for run in _runs(paragraph):
        face = faces.of(run)
        total += Face(face.family, face.size * scale, face.bold, face.italic).width(_text(run))
    return total


def _run_size(paragraph: Any, faces: Faces) -> float:
    sizes = [faces.of(r).size for r in _runs(paragraph) if _text(r).strip()]
    return max(sizes, default=faces.defaults.size)


# --------------------------------------------------------------------------- one line


def _is_empty_column(tbl: Any, column: int) -> bool:
    return all(
        not _text(cell).strip()
        for first, span, cell in _cells_by_column(tbl)
        if first == column and span == 1
    )


def fit_one_line(
    tbl: Any, page: Page, padding: tuple[int, int], faces: Faces, names: Collection[str]
) -> None:
    """Paragraphs of `tbl` whose text is one of `names` stay on one line: their columns
    widen (the table into the margins, columns without such lines give up room when
    empty), then the widest name shrinks a step at a time, never below MIN_NAME_SIZE."""
    grid = _grid(tbl)
    wanted = {n.strip() for n in names if n.strip()}
    lines: list[tuple[int, Any]] = []
    for column, span, cell in _cells_by_column(tbl):
        if span == 1 and column < len(grid):
            lines += [(column, p) for p in cell.findall(f"{_W}p") if _text(p).strip() in wanted]
    if not grid or not lines:
        return
    margin = padding[0] + padding[1] + 3 * TWIPS_PER_POINT  # a little room for rounding
    size = {id(p): _run_size(p, faces) for _, p in lines}
    scale = {id(p): 1.0 for _, p in lines}

    def needs() -> dict[int, int]:
        found: dict[int, int] = {}
        for column, p in lines:
            width = natural_width(p, faces, scale[id(p)]) * 1.03 * TWIPS_PER_POINT + margin
            found[column] = max(found.get(column, 0), round(width))
        return found

    free = [c for c in range(len(grid)) if c not in {col for col, _ in lines}]
    least = {c: 0 if _is_empty_column(tbl, c) else grid[c] for c in free}
    tblpr = tbl.find(f"{_W}tblPr")
    centred = _val(_child(tblpr, "w:jc")) == "center" if tblpr is not None else False
    # A centred table grows into both margins; any other keeps its left edge and grows
    # into the right margin only.
    widest = page.widest_table if centred else page.text_width + max(0, page.right - PAPER_EDGE)
    limit = max(sum(grid), widest)
    need = needs()
    if all(need[c] <= grid[c] for c in need):
        return
    while sum(need.values()) + sum(least.values()) > limit:
        shrinkable = [
            p for _, p in lines if size[id(p)] * scale[id(p)] - SIZE_STEP >= MIN_NAME_SIZE
        ]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda p: natural_width(p, faces, scale[id(p)]))
        scale[id(widest)] = (size[id(widest)] * scale[id(widest)] - SIZE_STEP) / size[id(widest)]
        need = needs()
    widths = list(grid)
    for column in need:
        widths[column] = need[column]
    for column in free:
        widths[column] = least[column]
    slack = max(sum(grid), min(limit, sum(widths))) - sum(widths)
    for column in free:  # columns without names get back what they had first
        given = min(slack, grid[column] - widths[column])
        widths[column] += given
        slack -= given
    shares = sorted(need)
    for index, column in enumerate(shares):
        given = slack // (len(shares) - index)
        widths[column] += given
        slack -= given
    set_grid(tbl, widths)
    for _, p in lines:
        if scale[id(p)] < 1.0:
            _size_runs(p, faces, size[id(p)] * scale[id(p)])


def fit_words(tbl: Any, padding: tuple[int, int], faces: Faces) -> None:
    """No word (nor a group of words tied by non-breaking spaces, `80,50 (B)`) is broken
    inside its cell: a column narrower than its widest word takes the room it lacks from
    the columns with room to spare, the widest first; the table keeps its width."""
    grid = _grid(tbl)
    if len(grid) < 2:
        return
    least = [0] * len(grid)
    for column, span, cell in _cells_by_column(tbl):
        if span != 1 or column >= len(grid):
            continue
        for paragraph in cell.findall(f"{_W}p"):
            left, _ = _indent(paragraph)
            for run in _runs(paragraph):
                face = faces.of(run)
                widest = _widest_word(face.family, face.bold, face.italic, _text(run))
                widest *= face.size / 1000
                need = round(widest * 1.03 * TWIPS_PER_POINT) + padding[0] + padding[1] + left
                least[column] = max(least[column], need)
    lacking = sum(max(0, least[c] - grid[c]) for c in range(len(grid)))
    spare = {c: grid[c] - least[c] for c in range(len(grid)) if grid[c] > least[c]}
    if not lacking or sum(spare.values()) < lacking:
        return
    widths = [max(grid[c], least[c]) for c in range(len(grid))]
    owed = lacking
    for column in sorted(spare, key=lambda c: -spare[c]):
        taken = min(owed, round(lacking * spare[column] / sum(spare.values())) + 1, spare[column])
        widths[column] -= taken
        owed -= taken
        if owed <= 0:
            break
    if owed > 0:
        return
    widths[max(range(len(widths)), key=lambda c: widths[c])] -= owed  # rounding: total kept
    set_grid(tbl, widths)


def fit_titles(paragraphs: list[tuple[Any, int]], faces: Faces) -> None:
    """Each (paragraph, width in twips) a little too long for one line shrinks to fit it
    when it fits at MIN_TITLE_SIZE; a longer one keeps its size and wraps."""
    for paragraph, width in paragraphs:
        natural = natural_width(paragraph, faces) * 1.01 * TWIPS_PER_POINT
        size = _run_size(paragraph, faces)
        if natural <= width or not natural:
            continue
        fitted = size * width / natural
        fitted = int(fitted / SIZE_STEP) * SIZE_STEP
        if fitted >= MIN_TITLE_SIZE:
            _size_runs(paragraph, faces, fitted)


# --------------------------------------------------------------------------- justification


def _indent(paragraph: Any) -> tuple[int, int]:
    """(left indent, extra first-line indent) in twips."""
    ind = _child(paragraph, "w:pPr/w:ind")
    if ind is None:
        return (0, 0)
    left = _twips(_val(ind, "left") or _val(ind, "start"))
    first = _twips(_val(ind, "firstLine"))
    return (left, first)


def stretches(paragraph: Any, width: int, faces: Faces) -> bool:
    """Whether justifying the paragraph in `width` twips would stretch a line's spaces
    past STRETCH_LIMIT space widths (its text after the last tab, greedy line breaks)."""
    runs = [r for r in _runs(paragraph) if _text(r).strip()]
    if not runs:
        return False
    face = faces.of(runs[-1])
    last = paragraph.findall(f".//{_W}r/{_W}tab")
    # A hanging list: the text starts at the indent, after the last tab.
    text = _after_last_tab(paragraph) if last else _text(paragraph)
    left, first = _indent(paragraph)
    available = (width - left) / TWIPS_PER_POINT
    space = face.width(" ")
    words = [w for w in text.split(" ") if w]
    line: list[float] = []
    room = available - (first / TWIPS_PER_POINT if not last else 0)
    for word in words:
        size = face.width(word)
        used = sum(line) + space * len(line)
        if line and used + space + size > room:
            gaps = len(line) - 1
            if gaps and (room - sum(line) - space * gaps) / gaps > STRETCH_LIMIT * space:
                return True
            line, room = [], available
        line.append(size)
    return False


def _after_last_tab(paragraph: Any) -> str:
    pieces: list[str] = []
    for element in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br"):
        if element.tag == f"{_W}t":
            pieces.append(element.text or "")
        elif element.getparent() is not None and element.getparent().tag == f"{_W}r":
            pieces = []
    return "".join(pieces)


def unjustify(paragraph: Any, width: int, faces: Faces) -> None:
    jc = _child(paragraph, "w:pPr/w:jc")
    if jc is not None and _val(jc) in ("both", "distribute") and stretches(paragraph, width, faces):
        jc.set(f"{_W}val", "left")


# --------------------------------------------------------------------------- keeping


def _height(paragraph: Any, width: int, faces: Faces) -> float:
    """The paragraph's estimated height in points (lines of 1.4 × its size, spacing)."""
    left, _ = _indent(paragraph)
    lines = max(1, -(-natural_width(paragraph, faces) * TWIPS_PER_POINT // max(1, width - left)))
    spacing = _child(paragraph, "w:pPr/w:spacing")
    around = _twips(_val(spacing, "before")) + _twips(_val(spacing, "after"), 200)
    return lines * _run_size(paragraph, faces) * 1.4 + around / TWIPS_PER_POINT


def keep_headings(placed: list[tuple[Any, Page]], faces: Faces) -> None:
    """Headings and lead-ins keep with what follows; a chain of kept paragraphs taller
    than a third of the page keeps only its heads and its last paragraph."""
    chain: list[tuple[Any, Page]] = []
    for element, page in placed:
        if element.tag != f"{_W}p":
            # A chain kept with a table it leads into (a keputusan's signature) counts
            # that table's kept rows too.
            _cut(chain, faces, _kept_rows_height(element, faces) if chain else 0.0)
            chain = []
            continue
        if _heading(element, faces) and _child(element, "w:pPr/w:sectPr") is None:
            _keep_next(element)
        chain.append((element, page))
        if not _keeps_next(element):
            _cut(chain[:-1], faces)
            chain = []
    _cut(chain, faces)


def _kept_rows_height(tbl: Any, faces: Faces) -> float:
    """The estimated height in points of a table's leading rows that keep with the next
    (every paragraph `keepNext`), and of the row they keep with."""
    height = 0.0
    for row in tbl.findall(f"{_W}tr"):
        exact = _child(row, "w:trPr/w:trHeight")
        lines = max(
            (sum(1 for p in cell.findall(f"{_W}p")) for cell in row.findall(f"{_W}tc")),
            default=1,
        )
        own = lines * faces.defaults.size * 1.4
        if exact is not None:
            own = max(own, _twips(_val(exact)) / TWIPS_PER_POINT)
        height += own
        if not all(_keeps_next(p) for p in row.iter(f"{_W}p")):
            break
    return height


def _cut(chain: list[tuple[Any, Page]], faces: Faces, after: float = 0.0) -> None:
    if not chain:
        return
    page = chain[0][1]
    height = after + sum(_height(p, page.text_width, faces) for p, _ in chain)
    if height * TWIPS_PER_POINT < page.text_height / 3:
        return
    content = [p for p, _ in chain if _text(p).strip() and not _heading(p, faces)]
    if len(content) <= 1:
        return
    for paragraph in content[:-1]:
        _keep_next(paragraph, keep=False)


# --------------------------------------------------------------------------- the document


def _logo_table(tbl: Any) -> bool:
    for doc_pr in tbl.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
    ):
        if "logo" in (doc_pr.get("descr"), doc_pr.get("name"), doc_pr.get("title")):
            return True
    return False


def _cell_width(cell: Any, padding: tuple[int, int]) -> int:
    return _twips(_val(_child(cell, "w:tcPr/w:tcW"), "w")) - padding[0] - padding[1]


def typeset(root: Any, faces: Faces, one_line: Collection[str] = ()) -> None:
    """Apply every rule of this module to a rendered `w:document` element."""
    body = root.find(f"{_W}body")
    if body is None:
        return
    for text in body.iter(f"{_W}t"):
        if text.text:
            text.text = tie(text.text)
    placed = _sections(body)
    for element, page in placed:
        if element.tag == f"{_W}p":
            _body_paragraph(element, page, faces)
            continue
        if element.tag != f"{_W}tbl":
            continue
        for tbl in element.iter(f"{_W}tbl"):  # the table itself, then any nested
            _table(tbl, page, faces, one_line)
    keep_headings(placed, faces)


def _body_paragraph(paragraph: Any, page: Page, faces: Faces) -> None:
    jc = _val(_child(paragraph, "w:pPr/w:jc"))
    if jc == "center" and _bold(paragraph, faces):
        left, _ = _indent(paragraph)
        fit_titles([(paragraph, page.text_width - left)], faces)
    unjustify(paragraph, page.text_width, faces)


def _table(tbl: Any, page: Page, faces: Faces, one_line: Collection[str]) -> None:
    padding = pad_cells(tbl)
    keep_header_rows(tbl)
    fit_words(tbl, padding, faces)
    fit_one_line(tbl, page, padding, faces, one_line)
    kop = _logo_table(tbl)
    for _, _, cell in _cells_by_column(tbl):
        width = _cell_width(cell, padding)
        for paragraph in cell.findall(f"{_W}p"):
            if kop and _bold(paragraph, faces):
                left, _ = _indent(paragraph)
                fit_titles([(paragraph, width - left)], faces)
            unjustify(paragraph, width, faces)
