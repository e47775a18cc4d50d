"""Stage 4: render a .docx template with a context, fast, in a sandbox.

pkgen renders 40–60 documents from the same template, so `CompiledTemplate` reads each
part once (`generator.templates.prepare`: split tags joined, row/cell/paragraph tags and
pkgen's table tags turned into Jinja), compiles the Jinja once, and each render only runs
the compiled templates and writes a new zip. Data is text, never template code: templates
run in a sandboxed Jinja environment with autoescaping, so `{{ x }}`, `<w:p>` or `&` in
the data come out literally. A template whose tags cannot work is refused with the place
of the first mistake; `pkgen check` lists them all.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree
from PIL import Image

from generator.domain.formatting import TEMPLATE_FILTERS
from generator.errors import RenderError, display_path
from generator.templates.prepare import (
    TEMPLATED_PART,
    JinjaSource,
    PartUnreadable,
    PreparedPart,
    finish_part,
    prepare_part,
)
from generator.templates.properties import (
    APP_PART,
    CORE_PART,
    THUMBNAIL_RELATIONSHIP,
    DocumentProperties,
    app_xml,
    core_xml,
    in_indonesian,
)

_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
LOGO_ALT_TEXT = "logo"


def make_environment() -> SandboxedEnvironment:
    """The one Jinja environment templates run in: sandboxed, autoescaping, strict."""
    env = SandboxedEnvironment(
        autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True
    )
    env.filters.update(TEMPLATE_FILTERS)
    return env


class VerticalMerge:
    """Per-render state of `{% vmerge KEY %}`: is this row's cell the first of its group?"""

    def __init__(self) -> None:
        self._last: dict[int, Any] = {}

    def __call__(self, tag: int, key: Any, first_row: bool) -> bool:
        previous = self._last.get(tag, _NOTHING)
        self._last[tag] = key
        return first_row or previous != key


_NOTHING = object()


def template_line(exc: BaseException) -> int | None:
    """The template source line a Jinja error comes from: its own line number for a
    syntax error, the template's frame in the (rewritten) traceback for a render error."""
    lineno = getattr(exc, "lineno", None)
    if lineno:
        return int(lineno)
    found = None
    trace: TracebackType | None = exc.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == "<template>":
            found = trace.tb_lineno
        trace = trace.tb_next
    return found


_W = f"{{{_NS['w']}}}"


def fit_table_grids(xml: str) -> str:
    """Give tables whose columns were repeated a grid of their actual columns.

    A `{%tc for %}` loop turns one template column (between two tag columns that are
    removed) into as many columns as the data has, and `{%tc if %}` may leave one out, but
    the table's `w:tblGrid` still describes the template's columns; Word and LibreOffice
    then lay the table out wrongly. The new grid takes the widths of the first row that
    has one cell per column; a table left narrower than it was keeps its width.
    """
    start = xml.index("<w:document")
    root = etree.fromstring(xml[start:].encode("utf-8"))
    for tbl in root.iter(f"{_W}tbl"):
        grid = tbl.find(f"{_W}tblGrid")
        rows = [tr.findall(f"{_W}tc") for tr in tbl.findall(f"{_W}tr")]
        if grid is None or not rows:
            continue
        columns = max(sum(_span(tc) for tc in row) for row in rows)
        if columns == len(grid):
            continue
        plain = next((row for row in rows if len(row) == columns), None)
        widths = [_width(tc) for tc in plain] if plain else []
        if not widths or None in widths:
            continue
        known = [w for w in widths if w is not None]
        tbl_w = tbl.find(f"{_W}tblPr/{_W}tblW")
        if tbl_w is not None and tbl_w.get(f"{_W}type") == "dxa":
            # Fewer columns than the template's grid: tag columns went, or a column was
            # left out; the table keeps its width. More (a loop): each keeps its own.
            stretched = known
            if columns < len(grid):
                stretched = _stretched(known, int(tbl_w.get(f"{_W}w", "0")))
            if stretched != known:
                _set_cell_widths(tbl, stretched)
                known = stretched
            tbl_w.set(f"{_W}w", str(sum(known)))
        widths = list(known)
        for col in list(grid):
            grid.remove(col)
        for width in widths:
            etree.SubElement(grid, f"{_W}gridCol", {f"{_W}w": str(width)})
    return xml[:start] + etree.tostring(root, encoding="unicode")


def _stretched(widths: list[int], table_width: int) -> list[int]:
    """Columns narrower in all than their table widen in proportion to fill it."""
    total = sum(widths)
    if not total or total >= table_width:
        return widths
    scaled = [w * table_width // total for w in widths]
    scaled[-1] += table_width - sum(scaled)
    return scaled


def _set_cell_widths(tbl: Any, widths: list[int]) -> None:
    """Each cell's `tcW` from the new grid (a merged cell spans several columns)."""
    for tr in tbl.findall(f"{_W}tr"):
        column = 0
        for tc in tr.findall(f"{_W}tc"):
            span = _span(tc)
            width = tc.find(f"{_W}tcPr/{_W}tcW")
            if width is not None and width.get(f"{_W}type") == "dxa":
                width.set(f"{_W}w", str(sum(widths[column : column + span])))
            column += span


def _span(tc: Any) -> int:
    span = tc.find(f"{_W}tcPr/{_W}gridSpan")
    return int(span.get(f"{_W}val")) if span is not None else 1


def _width(tc: Any) -> int | None:
    width = tc.find(f"{_W}tcPr/{_W}tcW")
    return int(width.get(f"{_W}w")) if width is not None else None


@dataclass
class CompiledTemplate:
    """A .docx template read, patched and compiled once; `render` may be called many times."""

    path: Path
    members: list[tuple[zipfile.ZipInfo, bytes]] = field(default_factory=list)
    parts: dict[str, tuple[PreparedPart, JinjaSource]] = field(default_factory=dict)
    logo_member: str | None = None
    logo_aspect: float = 1.0
    column_loops: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.env = make_environment()
        self.compiled: dict[str, Any] = {}
        try:
            with zipfile.ZipFile(self.path) as archive:
                self.members = [(info, archive.read(info)) for info in archive.infolist()]
        except (OSError, zipfile.BadZipFile) as exc:
            raise RenderError(
                f"{display_path(self.path)}: templat bukan berkas .docx yang sah ({exc})"
            ) from exc
        self.members = [
            (info, in_indonesian(info.filename, data))
            for info, data in without_thumbnail(self.members)
        ]
        for info, data in self.members:
            if TEMPLATED_PART.match(info.filename):
                self._prepare(info.filename, data)
        for name, (_, source) in self.parts.items():
            try:
                self.compiled[name] = self.env.from_string(source.text)
            except TemplateError as exc:
                raise self._error(name, exc) from exc
        self.logo_member = self._find_logo()
        self._base = self._unchanged_members_zip()

    def _prepare(self, name: str, data: bytes) -> None:
        try:
            part = prepare_part(name, data)
        except PartUnreadable as exc:
            raise RenderError(f"{display_path(self.path)}: {name}: {exc}") from exc
        if part.errors:
            first = part.errors[0]
            more = len(part.errors) - 1
            also = f" (dan {more} kesalahan lain; lihat pkgen check)" if more else ""
            raise RenderError(
                f"{display_path(self.path)}: {part.where(first.para, first.span)}: "
                f"{first.message}{also}"
            )
        self.parts[name] = (part, part.source())
        if part.repeats_columns:
            self.column_loops.add(name)

    def _unchanged_members_zip(self) -> bytes:
        """The parts no render changes (styles, theme, fonts, media…), compressed once;
        each render appends only its own parts to a copy of this zip."""
        changing = {*self.compiled, self.logo_member, CORE_PART, APP_PART}
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
            for info, data in self.members:
                if info.filename not in changing:
                    out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
        return buffer.getvalue()

    def _find_logo(self) -> str | None:
        document = dict((i.filename, d) for i, d in self.members)
        xml = document.get("word/document.xml")
        rels = document.get("word/_rels/document.xml.rels")
        if xml is None or rels is None:
            return None
        tree = etree.fromstring(xml)
        for doc_pr in tree.iterfind(".//wp:docPr", _NS):
            if LOGO_ALT_TEXT not in (doc_pr.get("descr"), doc_pr.get("title"), doc_pr.get("name")):
                continue
            drawing = doc_pr.getparent()
            blip = drawing.find(".//a:blip", _NS)
            extent = drawing.find("wp:extent", _NS)
            if blip is None:
                continue
            if extent is not None and int(extent.get("cy", "0")) > 0:
                self.logo_aspect = int(extent.get("cx", "1")) / int(extent.get("cy", "1"))
            rel_id = blip.get(f"{{{_NS['r']}}}embed")
            for rel in etree.fromstring(rels).iterfind("rel:Relationship", _NS):
                if rel.get("Id") == rel_id:
                    return "word/" + rel.get("Target", "").lstrip("/").removeprefix("word/")
        return None

    def _error(self, name: str, exc: TemplateError) -> RenderError:
        part, source = self.parts[name]
        para = source.paragraph_at(template_line(exc))
        where = part.where(para) if para is not None else part.label
        return RenderError(f"{display_path(self.path)}: {where}: {exc.message or exc}")

    def render(
        self,
        context: Mapping[str, Any],
        *,
        logo_png: bytes | None = None,
        properties: DocumentProperties | None = None,
    ) -> bytes:
        """The filled-in document as .docx bytes; with `properties`, its core and app
        properties are pkgen's (else the template's are kept)."""
        variables = dict(context)
        variables["pkgen_vmerge"] = VerticalMerge()
        rendered: dict[str, bytes] = {}
        for name, template in self.compiled.items():
            try:
                xml = finish_part(template.render(variables))
                if name in self.column_loops:
                    xml = fit_table_grids(xml)
                rendered[name] = xml.encode("utf-8")
            except TemplateError as exc:
                raise self._error(name, exc) from exc
        if logo_png is not None and self.logo_member:
            rendered[self.logo_member] = logo_png
        if properties is not None:
            rendered[CORE_PART] = core_xml(properties)
            rendered[APP_PART] = app_xml()
        changing = {*self.compiled, self.logo_member, CORE_PART, APP_PART}
        buffer = io.BytesIO(self._base)
        buffer.seek(0, io.SEEK_END)
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
            for info, data in self.members:
                if info.filename in changing:
                    out.writestr(
                        info, rendered.get(info.filename, data), compress_type=zipfile.ZIP_DEFLATED
                    )
        return buffer.getvalue()


def without_thumbnail(
    members: list[tuple[zipfile.ZipInfo, bytes]],
) -> list[tuple[zipfile.ZipInfo, bytes]]:
    """The package without the template's thumbnail (a picture of the template's first
    page, stale in every document) and the relationship naming it."""
    rels = next((data for info, data in members if info.filename == "_rels/.rels"), None)
    if rels is None:
        return members
    root = etree.fromstring(rels)
    thumbnails = [r for r in root if r.get("Type") == THUMBNAIL_RELATIONSHIP]
    if not thumbnails:
        return members
    dropped = {r.get("Target", "").lstrip("/") for r in thumbnails}
    for relationship in thumbnails:
        root.remove(relationship)
    fixed = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return [
        (info, fixed if info.filename == "_rels/.rels" else data)
        for info, data in members
        if info.filename not in dropped
    ]


def fit_logo(image_path: Path, aspect: float, max_height: int = 600) -> bytes:
    """The pemda logo as PNG, padded (transparent) to the template's logo box so it is
    never stretched, whatever its own proportions."""
    try:
        with Image.open(image_path) as source:
            image = source.convert("RGBA")
    except (OSError, Image.DecompressionBombError) as exc:
        raise RenderError(
            f"{display_path(image_path)}: logo tidak bisa dibaca sebagai gambar ({exc})"
        ) from exc
    if image.height > max_height:
        image = image.resize((max(1, round(image.width * max_height / image.height)), max_height))
    width = max(image.width, round(image.height * aspect))
    height = max(image.height, round(width / aspect))
    canvas = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    canvas.paste(image, ((width - image.width) // 2, (height - image.height) // 2))
    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=True)
    return out.getvalue()


def blank_logo(aspect: float, height: int = 60) -> bytes:
    """A transparent image of the template's logo box: a kop printed without a logo."""
    canvas = Image.new("RGBA", (max(1, round(height * aspect)), height), (255, 255, 255, 0))
    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=True)
    return out.getvalue()


_cache: dict[tuple[Path, int, int], CompiledTemplate] = {}


def compiled_template(path: Path) -> CompiledTemplate:
    """The compiled template for a path, compiled again only when the file changed."""
    stat = path.stat()
    key = (path.resolve(), stat.st_mtime_ns, stat.st_size)
    template = _cache.get(key)
    if template is None:
        template = _cache[key] = CompiledTemplate(path)
    return template
