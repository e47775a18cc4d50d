"""Styled text for templates: a paragraph as a list of pieces, each plain, italic or bold.

A template prints a `list[Potongan]` with a loop over runs (one run per style), so the
formatting of each style stays in the template and data is always escaped text.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.domain.markup import Span, fill_placeholders, parse_markup


@dataclass(frozen=True)
class Potongan:
    """A piece of a paragraph printed in one style."""

    teks: str
    miring: bool = False
    tebal: bool = False


def pieces(spans: list[Span]) -> list[Potongan]:
    return [Potongan(s.text, s.italic, s.bold) for s in spans if s.text]


def styled(text: str | None, values: dict[str, str]) -> list[Potongan]:
    """The pieces of narrative text, its `{penanda}` filled from `values` (checked before)."""
    if not text:
        return []
    return pieces(fill_placeholders(parse_markup(text), values))


def plain(text: str) -> list[Potongan]:
    """Text that is printed as written, in the paragraph's own style."""
    return [Potongan(text)] if text else []
