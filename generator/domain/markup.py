"""Inline markup of narrative text: `*miring*`, `**tebal**` and `{penanda}`.

Narrative paragraphs of a lampiran print foreign terms in italics (`*desk to desk*`),
sometimes a figure in bold, and name computed values instead of retyping them
(`{nilai-sakip.target}` prints `66 (B)`). This module only reads the markup into spans;
what a placeholder stands for is decided by the caller. Everything else is text: `\\*`,
`\\{` and `\\\\` write a literal `*`, `{` and `\\`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PLACEHOLDER = re.compile(r"\{([a-z0-9][a-z0-9-]*(?:\.[a-z0-9][a-z0-9-]*)*)\}")


class MarkupError(ValueError):
    """The markup of a text cannot be read; the message is for the person who wrote it."""


@dataclass(frozen=True)
class Span:
    """A piece of text with one style; `placeholder` is set when it names a value instead."""

    text: str
    italic: bool = False
    bold: bool = False
    placeholder: str | None = None


def parse_markup(text: str) -> list[Span]:
    """Spans of `text`, adjacent spans of the same style joined; MarkupError when unreadable."""
    spans: list[Span] = []
    buffer: list[str] = []
    italic = bold = False
    italic_at = bold_at = -1

    def flush() -> None:
        if buffer:
            _append(spans, Span("".join(buffer), italic, bold))
            buffer.clear()

    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] in "\\*{}":
            buffer.append(text[i + 1])
            i += 2
        elif text.startswith("**", i):
            flush()
            bold, bold_at = not bold, i
            i += 2
        elif char == "*":
            flush()
            italic, italic_at = not italic, i
            i += 1
        elif char == "{":
            match = _PLACEHOLDER.match(text, i)
            if match is None:
                raise MarkupError(
                    f"kurung kurawal di {_near(text, i)} bukan penanda yang dikenali "
                    "(contoh: {nilai-sakip.target}); tulis \\{ untuk kurung kurawal biasa"
                )
            flush()
            spans.append(Span("", italic, bold, placeholder=match.group(1)))
            i = match.end()
        elif char == "}":
            raise MarkupError(
                f"kurung kurawal tutup di {_near(text, i)} tanpa pembuka; "
                "tulis \\} untuk kurung kurawal biasa"
            )
        else:
            buffer.append(char)
            i += 1
    flush()
    if bold:
        raise MarkupError(
            f"tanda ** (huruf tebal) di {_near(text, bold_at)} tidak ditutup; "
            "tulis \\*\\* untuk bintang biasa"
        )
    if italic:
        raise MarkupError(
            f"tanda * (huruf miring) di {_near(text, italic_at)} tidak ditutup; "
            "tulis \\* untuk bintang biasa"
        )
    return spans


def _append(spans: list[Span], span: Span) -> None:
    last = spans[-1] if spans else None
    if (
        last is not None
        and last.placeholder is None
        and (last.italic, last.bold) == (span.italic, span.bold)
    ):
        spans[-1] = Span(last.text + span.text, span.italic, span.bold)
    else:
        spans.append(span)


def _near(text: str, index: int) -> str:
    """`'… kata *desk …'` around a position, for messages."""
    start, end = max(0, index - 20), min(len(text), index + 30)
    return "'" + ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "") + "'"


def placeholders(text: str) -> list[str]:
    """The placeholder names a (valid) text uses, in order."""
    return [s.placeholder for s in parse_markup(text) if s.placeholder]


def plain_text(spans: list[Span]) -> str:
    """The text of spans without styles (placeholders as written), for messages and tests."""
    return "".join(s.text if s.placeholder is None else "{" + s.placeholder + "}" for s in spans)


def fill_placeholders(spans: list[Span], values: dict[str, str]) -> list[Span]:
    """Spans with every placeholder replaced by its value (KeyError for an unknown one)."""
    filled: list[Span] = []
    for span in spans:
        if span.placeholder is not None:
            span = Span(values[span.placeholder], span.italic, span.bold)
        if span.text:
            _append(filled, span)
    return filled


# --------------------------------------------------------------------------- figures

# A figure in narrative text travels from the context to the renderer as one paragraph
# holding only this mark (invisible separators around the file and its width in cm); the
# renderer puts the picture in its place. A caption paragraph starts with CAPTION_MARK.
_FIGURE = "\u2063gambar\u2063"
CAPTION_MARK = "\u2063keterangan\u2063"
FIGURE_WIDTH_CM = 14  # the width of a figure whose data gives none


def figure_mark(file: str, width_cm: object) -> str:
    """The paragraph text that stands for the picture `file`, `width_cm` wide."""
    return f"{_FIGURE}{file}\u2063{width_cm}\u2063"


def read_figure_mark(text: str) -> tuple[str, str] | None:
    """(file, width in cm) of a figure mark, None for any other text."""
    if not text.startswith(_FIGURE) or not text.endswith("\u2063"):
        return None
    file, _, width = text[len(_FIGURE) : -1].partition("\u2063")
    return (file, width) if file and width else None
