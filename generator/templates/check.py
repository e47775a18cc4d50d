"""Template checks before rendering: every mistake in a .docx template, located for staff.

A Jinja error in a .docx template is one line number in one huge XML line. `check_template`
instead reads every part that can hold tags (body, headers, footers, foot- and endnotes)
with `generator.templates.prepare` — the same reading rendering uses — and reports each
problem with the part, the paragraph or table cell, a snippet of its text and what is
wrong, in Bahasa Indonesia:

1. tags that were split so they no longer work: `{ {`, `% }`, text between the braces, a
   tag continued in the next paragraph, an opening without closing or the reverse (a split
   made only of Word's run markup is joined by preparation and is fine) — found by
   `prepare`;
2. Jinja syntax, tag by tag, and the block structure (`for`/`endfor`, `if`/`elif`/`else`/
   `endif`, `with`, `set`, `macro`, … with the `tr`/`tc`/`p` prefixes) checked with a
   stack, so an unclosed block is reported where it opens; the prepared part is then
   compiled as a whole as a last guard (`_Blocks`);
3. placement: `{%tr %}` outside a table row, `{%tc %}` outside a cell, `{% vmerge %}` and
   `{% vm %}` outside a cell or a `{%tr for %}` loop, `{% keepnext %}` outside a row,
   blocks whose tags sit at different levels, and text or tags lost because a row, cell
   or paragraph tag replaces what holds it (`_Placement`);
4. names the context dataclass does not provide, followed through loops, `set`, macros
   and nested dataclasses, with a suggestion; unknown filters and tests
   (`generator.templates.names`);
5. a template that is missing or not a .docx.

Problems that do not stop the template from working are warnings.
"""

from __future__ import annotations

import re
import typing
import zipfile
import zlib
from pathlib import Path
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment

from generator.errors import Problem, Severity, SourceLocation
from generator.templates.names import (
    Block,
    Loop,
    NameChecker,
    dataclass_fields,
    element_type,
    expr_text,
    hint,
    is_dataclass_type,
)
from generator.templates.prepare import (
    LEVELS,
    TABLE_TAGS,
    TEMPLATED_PART,
    Paragraph,
    PartUnreadable,
    PreparedPart,
    Tag,
    flat,
    part_order,
    prepare_part,
    short,
    statement,
)
from generator.templates.render import make_environment, template_line

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
_UNSUPPORTED = ("include", "import", "from", "extends")
_EXTENSION_TAGS = ("do", "break", "continue", "trans", "pluralize", "endtrans", "debug")
_KNOWN_TAGS = (*_OPENERS, *_CLOSERS, *_MIDDLES, *TABLE_TAGS, "print")

_CURLY_HINT = (
    "; tag ini memuat kutip lengkung (“ ” ‘ ’), yang dibaca sebagai kutip lurus hanya bila "
    "membuka dan menutup teks: ketik ulang kutipnya sebagai ' atau \" (matikan koreksi "
    "otomatis kutip di Word)"
)


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
            parts = {name: archive.read(name) for name in names if TEMPLATED_PART.match(name)}
    except (OSError, zipfile.BadZipFile, EOFError, RuntimeError, ValueError, zlib.error) as exc:
        return [Problem(file, "", f"templat bukan berkas .docx yang sah ({exc})")]
    checker = _TemplateChecker(path, context_type)
    for name in sorted(parts, key=part_order):
        checker.check_part(name, parts[name])
    return list(dict.fromkeys(checker.problems))


class _TemplateChecker:
    """Checks the parts of one template; problems accumulate in `problems`."""

    def __init__(self, path: Path, context_type: type[Any]) -> None:
        self.path = path
        self.env: SandboxedEnvironment = make_environment()
        self.fields = (
            dataclass_fields(typing.cast(type, context_type))
            if is_dataclass_type(context_type)
            else None
        )
        self.problems: list[Problem] = []
        # Templates repeat the same tags; the parsed trees are only read, never changed.
        self.parsed: dict[str, nodes.Template | TemplateSyntaxError] = {}

    def check_part(self, name: str, data: bytes) -> None:
        before = len(self.problems)
        try:
            part = prepare_part(name, data)
        except PartUnreadable as exc:
            self.problems.append(Problem(SourceLocation.of(self.path, where=name), "", str(exc)))
            return
        _PartChecker(self, part).run()
        if not any(p.is_error for p in self.problems[before:]):
            self._compile(part)

    def _compile(self, part: PreparedPart) -> None:
        """The final guard: compile the part exactly as rendering will."""
        source = part.source()
        try:
            self.env.from_string(source.text)
        except TemplateError as exc:
            para = source.paragraph_at(template_line(exc))
            where = part.where(para) if para is not None else part.label
            # Jinja's character offsets count in the prepared XML, not in anything users see.
            detail = re.sub(r" at \d+$", "", str(exc.message or exc))
            message = f"templat tidak dapat dikompilasi: {detail}"
            self.problems.append(Problem(SourceLocation.of(self.path, where=where), "", message))


class _PartChecker:
    """Checks the tags of one prepared part: placement, structure, names."""

    def __init__(self, owner: _TemplateChecker, part: PreparedPart) -> None:
        self.owner = owner
        self.env = owner.env
        self.part = part
        self.dropped: set[Tag] = set()
        self.found: list[tuple[int, int, Problem]] = []
        self.names = NameChecker(owner.env, owner.fields, self)
        self.placement = _Placement(self)
        self.blocks = _Blocks(self)

    def report(
        self,
        para: Paragraph,
        message: str,
        span: tuple[int, int | None] = (0, None),
        severity: Severity = Severity.ERROR,
    ) -> None:
        location = SourceLocation.of(self.owner.path, where=self.part.where(para, span))
        self.found.append((para.index, span[0], Problem(location, "", message, severity)))

    def error(self, tag: Tag, message: str) -> None:
        if not tag.quiet:
            self.report(tag.para, message, (tag.start, tag.end))

    def warning(self, tag: Tag, message: str) -> None:
        if not tag.quiet:
            self.report(tag.para, message, (tag.start, tag.end), Severity.WARNING)

    def run(self) -> None:
        for issue in self.part.issues:
            self.report(issue.para, issue.message, issue.span, issue.severity)
        self.placement.apply_levels()
        for tag in self.part.tags:
            if tag not in self.dropped:
                self.blocks.statement(tag)
        self.blocks.finish()
        self.found.sort(key=lambda item: item[:2])
        self.owner.problems.extend(problem for *_, problem in self.found)


class _Placement:
    """Where row, cell and paragraph tags and the table tags sit, and what they replace."""

    def __init__(self, checker: _PartChecker) -> None:
        self.checker = checker
        self.part = checker.part
        self.vmerge_cells: set[int] = set()
        self.keepnext_rows: set[int] = set()

    def error(self, tag: Tag, message: str) -> None:
        self.checker.error(tag, message)

    def warning(self, tag: Tag, message: str) -> None:
        self.checker.warning(tag, message)

    def apply_levels(self) -> None:
        """A `tr`/`tc`/`p` tag replaces the whole row/cell/paragraph that holds it."""
        for tag in self.part.tags:
            if tag.prefix == "tr" and not tag.para.rows:
                self.error(
                    tag,
                    f"«{tag.written}» harus berada di dalam baris tabel; di luar tabel dokumen "
                    "hasilnya rusak",
                )
            elif tag.prefix == "tc" and not tag.para.cells:
                self.error(
                    tag,
                    f"«{tag.written}» harus berada di dalam sel tabel; di luar tabel dokumen "
                    "hasilnya rusak",
                )
        tags_of: dict[int, list[Tag]] = {}
        for tag in self.part.tags:
            tags_of.setdefault(tag.para.index, []).append(tag)
        for level in LEVELS:
            members: dict[int, list[Paragraph]] = {}
            for para in self.part.paragraphs:
                for element in _elements(para, level):
                    members.setdefault(element, []).append(para)
            groups: dict[int, list[Tag]] = {}
            for tag in self.part.tags:
                elements = _elements(tag.para, level)
                real = not (tag in self.checker.dropped or tag.guessed or tag.quiet)
                if tag.prefix == level and real and elements:
                    groups.setdefault(elements[-1], []).append(tag)
            for element, group in groups.items():
                inside = [t for para in members[element] for t in tags_of.get(para.index, [])]
                self.replace_element(level, group, members[element], inside)

    def replace_element(
        self, level: str, group: list[Tag], paragraphs: list[Paragraph], inside: list[Tag]
    ) -> None:
        """Report what is lost when a tag replaces one row/cell/paragraph (`paragraphs`,
        holding the tags `inside`) by the last of its `group` of tr/tc/p tags."""
        what = _LEVEL_NAMES[level]
        kept = group[-1]
        for extra in group[:-1]:
            self.checker.dropped.add(extra)
            self.error(
                extra,
                f"hanya satu tag «{{%{level} … %}}» per {what} yang dipakai; tag ini "
                f"ikut terhapus, pindahkan ke {what} tersendiri",
            )
        for tag in inside:
            if tag is kept or tag in self.checker.dropped or tag.guessed or tag.quiet:
                continue
            self.checker.dropped.add(tag)
            if tag.kind != "#":
                self.error(
                    tag,
                    f"tag «{tag.written}» tidak akan dipakai: seluruh {what} ini diganti oleh "
                    f"«{kept.written}»; pindahkan ke {what} lain",
                )
        leftover = []
        for para in paragraphs:
            text = para.text
            for start, end in self.part.spans.get(para.index, []):
                text = text[:start] + " " * (end - start) + text[end:]
            leftover.append(text)
        rest = flat(" ".join(leftover))
        if rest:
            self.warning(
                kept,
                f"teks «{short(rest, 40)}» tidak akan muncul: seluruh {what} ini diganti oleh "
                f"«{kept.written}»",
            )

    def table_tag(self, tag: Tag) -> None:
        """`vm`, `hm`, `colspan`, `cellbg`, `vmerge` and `keepnext`: tags of a table cell
        or row, turned into properties of that cell or row when the part is prepared."""
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
            b.name == "for" and b.tag.prefix == "tr" for b in self.checker.names.stack
        ):
            self.error(
                tag, f"«{tag.written}» hanya bekerja di dalam perulangan baris «{{%tr for … %}}»"
            )
        if name == "hm" and not any(b.name == "for" for b in self.checker.names.stack):
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
        self.checker.blocks.output("{{ " + tag.rest + " }}", tag)


class _Blocks:
    """Jinja syntax tag by tag, and the structure of blocks (`for` … `endfor`) on a stack."""

    def __init__(self, checker: _PartChecker) -> None:
        self.checker = checker
        self.env = checker.env
        self.names = checker.names
        self.stack = checker.names.stack
        self.raw: Tag | None = None

    def error(self, tag: Tag, message: str) -> None:
        self.checker.error(tag, message)

    def warning(self, tag: Tag, message: str) -> None:
        self.checker.warning(tag, message)

    def finish(self) -> None:
        """Blocks still open at the end of the part."""
        if self.raw is not None:
            self.error(
                self.raw, f"«{self.raw.written}» tidak ditutup: «{{% endraw %}}» tidak ditemukan"
            )
        for block in self.stack:
            end = statement(block.tag.prefix, _OPENERS[block.name])
            self.error(block.tag, f"«{block.tag.written}» tidak ditutup: «{end}» tidak ditemukan")

    def parse(self, source: str, tag: Tag, *, report: bool = True) -> nodes.Template | None:
        parsed = self.checker.owner.parsed.get(source)
        if parsed is None:
            try:
                parsed = self.env.parse(source)
            except TemplateSyntaxError as exc:
                parsed = exc
            self.checker.owner.parsed[source] = parsed
        if isinstance(parsed, TemplateSyntaxError):
            if report and not tag.guessed:
                curly = _CURLY_HINT if tag.curly_quotes else ""
                self.error(tag, f"sintaks «{tag.written}» salah: {parsed.message}{curly}")
            return None
        return parsed

    def statement(self, tag: Tag) -> None:
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
        if name in TABLE_TAGS:
            self.checker.placement.table_tag(tag)
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
            self.error(tag, f"tag «{name}» tidak dikenal" + hint(name, _KNOWN_TAGS))

    def output(self, source: str, tag: Tag) -> None:
        template = self.parse(source, tag)
        output = template.find(nodes.Output) if template is not None else None
        for expr in output.nodes if output is not None else []:
            self.names.expr(expr, tag)

    def set_tag(self, tag: Tag) -> None:
        template = self.parse("{% " + tag.body + " %}", tag, report=False)
        if template is not None:
            assign = template.find(nodes.Assign)
            if assign is not None:
                value = self.names.expr(assign.node, tag)
                self.names.bind_target(assign.target, value, tag)
            return
        template = self.parse("{% " + tag.body + " %}{% endset %}", tag, report=False)
        if template is None:
            self.parse("{% " + tag.body + " %}", tag)
            return
        block = template.find(nodes.AssignBlock)
        if block is not None:
            if block.filter is not None:
                self.names.expr(block.filter, tag)
            self.names.bind_target(block.target, str, tag)
        self.stack.append(Block("set", tag))

    def open_block(self, tag: Tag) -> None:
        name = tag.name
        template = self.parse("{% " + tag.body + " %}{% " + _OPENERS[name] + " %}", tag)
        node = template.body[0] if template is not None and template.body else None
        block = Block(name, tag)
        if name in ("for", "with", "macro", "call", "block"):
            block.frame = {}
            block.lenient = node is None
        if isinstance(node, nodes.For):
            items = self.names.expr(node.iter, tag)
            item = element_type(items)
            if item is None:
                self.error(
                    tag,
                    f"«{expr_text(node.iter)}» tidak bisa diulang dengan «for»: isinya "
                    "bukan daftar",
                )
                item = Any
            self.stack.append(block)
            self.names.bind_target(node.target, item, tag)
            assert block.frame is not None
            block.frame["loop"] = Loop(item)
            if node.test is not None:
                self.names.expr(node.test, tag)
            return
        if isinstance(node, nodes.If):
            self.names.expr(node.test, tag)
        elif isinstance(node, nodes.With):
            values = [self.names.expr(value, tag) for value in node.values]
            self.stack.append(block)
            for target, value in zip(node.targets, values, strict=False):
                self.names.bind_target(target, value, tag)
            return
        elif isinstance(node, nodes.Macro):
            for default in node.defaults:
                self.names.expr(default, tag)
            self.names.bind(node.name, Any, tag)
            assert block.frame is not None
            block.frame.update({a.name: Any for a in node.args})
            block.frame.update(varargs=Any, kwargs=Any, caller=Any)
        elif isinstance(node, nodes.CallBlock):
            self.names.expr(node.call, tag)
            assert block.frame is not None
            block.frame.update({a.name: Any for a in node.args})
        elif isinstance(node, nodes.FilterBlock):
            self.names.expr(node.filter, tag)
        elif isinstance(node, nodes.ScopedEvalContextModifier):
            for option in node.options:
                self.names.expr(option.value, tag)
        self.stack.append(block)

    def middle(self, tag: Tag) -> None:
        name = tag.name
        allowed = _MIDDLES[name]
        top = self.stack[-1] if self.stack else None
        if top is None or top.name not in allowed:
            openers = " atau ".join(f"«{statement('', a + ' …')}»" for a in allowed)
            self.error(tag, f"«{tag.written}» tanpa {openers} yang terbuka")
            return
        if top.tag.prefix != tag.prefix:
            words = name + (" …" if name == "elif" else "")
            self.error(
                tag,
                f"«{tag.written}» termasuk «{top.tag.written}», tetapi awalannya berbeda; "
                f"tulis «{statement(top.tag.prefix, words)}»",
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
                self.names.expr(node.elif_[0].test, tag)

    def close_block(self, tag: Tag) -> None:
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
            self.error(
                tag, f"«{tag.written}» tanpa «{statement(tag.prefix, opener + ' …')}» pembuka"
            )
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
                f"tulis «{statement(block.tag.prefix, name)}»",
            )
        else:
            self.check_place(block.tag, tag, "menutup")
        del self.stack[i:]

    def check_place(self, opener: Tag, tag: Tag, verb: str) -> None:
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
            self.error(tag, message + "; jika tidak, dokumen hasilnya rusak")
        else:
            self.warning(tag, message + "; jika tidak, isinya tergabung secara tak terduga")


def _level_place(tag: Tag) -> tuple[tuple[int, int], int] | None:
    """(nesting, container) of where preparation leaves a tag: the nesting (tables, boxes)
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


def _elements(para: Paragraph, level: str) -> tuple[int, ...]:
    """The rows, cells or (as a negative id) the paragraph a `level` tag there replaces."""
    if level == "tr":
        return para.rows
    if level == "tc":
        return para.cells
    return (-1 - para.index,)
