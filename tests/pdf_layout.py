"""The printed layout of a PDF page as tests check it: its text lines, top to bottom,
with their position, and whether they are set in bold (headings, table headers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypdf import PdfReader

BODY_BOTTOM_MARGIN = 56.7  # pt: the templates' bottom margin (2 cm); the footer is below


@dataclass
class Line:
    """One printed line: the text pieces on one baseline in one column band."""

    y: float  # baseline, from the page's bottom edge, in points
    x: float  # left end of its first piece
    pieces: list[tuple[float, str, bool, float]] = field(default_factory=list)

    @property
    def text(self) -> str:
        ordered = sorted(self.pieces)
        return " ".join(" ".join(p[1].split()) for p in ordered if p[1].strip())

    @property
    def bold(self) -> bool:
        printed = [p for p in self.pieces if p[1].strip()]
        return bool(printed) and all(p[2] for p in printed)

    @property
    def size(self) -> float:
        return max((p[3] for p in self.pieces if p[1].strip()), default=0.0)


def page_lines(page: Any) -> list[Line]:
    """The page's text lines, top to bottom (pieces within 2 pt of a baseline join)."""
    pieces: list[tuple[float, float, str, bool, float]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(tm[3] * cm[3]) or 1.0
        name = str(font.get("/BaseFont", "")) if font else ""
        pieces.append((y, x, text, "Bold" in name, size * scale))

    page.extract_text(visitor_text=visit)
    lines: list[Line] = []
    for y, x, text, bold, size in sorted(pieces, key=lambda p: (-p[0], p[1])):
        line = next((ln for ln in lines if abs(ln.y - y) < 2.0), None)
        if line is None:
            line = Line(y, x)
            lines.append(line)
        line.pieces.append((x, text, bold, size))
        line.x = min(line.x, x)
    return sorted(lines, key=lambda ln: -ln.y)


def body_lines(page: Any) -> list[Line]:
    """The page's lines above its bottom margin (the footer's page number left out)."""
    return [ln for ln in page_lines(page) if ln.y > BODY_BOTTOM_MARGIN]


def printed_page_number(page: Any) -> str | None:
    """The number printed in the page's footer (below the bottom margin), if any."""
    footer = [ln.text for ln in page_lines(page) if ln.y <= BODY_BOTTOM_MARGIN]
    numbers = [t for t in footer if t.strip().isdigit()]
    return numbers[-1].strip() if numbers else None


def empty_share(page: Any, top_margin: float = 56.7) -> float:
    """How much of the page's text area below its last line is empty (0 … 1)."""
    lines = body_lines(page)
    height = float(page.mediabox.height)
    area = height - top_margin - BODY_BOTTOM_MARGIN
    if not lines:
        return 1.0
    lowest = min(ln.y for ln in lines) - 3.0  # descenders
    return max(0.0, (lowest - BODY_BOTTOM_MARGIN) / area)


def pdf_pages(path: Path) -> list[Any]:
    return list(PdfReader(path).pages)
