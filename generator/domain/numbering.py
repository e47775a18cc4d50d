"""Numbering as printed: list markers (1., a., 1), a), ✓) and diktum ordinals.

Numbers are always derived from position, never typed: a list or a decree cannot skip
from KESATU to KELIMA or from 5. to 5. again.
"""

from __future__ import annotations

from enum import StrEnum

from generator.domain.formatting import letter, ordinal_word, roman


class ListStyle(StrEnum):
    """How the items of a list are marked (`nomor:` in the data)."""

    ANGKA = "angka"  # 1.
    HURUF = "huruf"  # a.
    ANGKA_KURUNG = "angka-kurung"  # 1)
    HURUF_KURUNG = "huruf-kurung"  # a)
    ROMAWI = "romawi"  # I.
    CENTANG = "centang"  # ✓
    PELURU = "peluru"  # •
    STRIP = "strip"  # -


# Nested lists without an explicit style: 1. → a. → 1) → a) → 1. …
_BY_DEPTH = (ListStyle.ANGKA, ListStyle.HURUF, ListStyle.ANGKA_KURUNG, ListStyle.HURUF_KURUNG)

CHECK_MARK = "\u2713"
BULLET = "\u2022"


def default_list_style(depth: int) -> ListStyle:
    """The marker style of a list nested `depth` levels deep (1 = outermost)."""
    if depth < 1:
        raise ValueError(f"list depth starts at 1, got {depth}")
    return _BY_DEPTH[(depth - 1) % len(_BY_DEPTH)]


def list_marker(style: ListStyle, n: int) -> str:
    """The marker of the `n`-th item (1-based): `3.`, `c.`, `3)`, `c)`, `III.`, `✓`."""
    if n < 1:
        raise ValueError(f"list items are numbered from 1, got {n}")
    match style:
        case ListStyle.ANGKA:
            return f"{n}."
        case ListStyle.HURUF:
            return f"{letter(n)}."
        case ListStyle.ANGKA_KURUNG:
            return f"{n})"
        case ListStyle.HURUF_KURUNG:
            return f"{letter(n)})"
        case ListStyle.ROMAWI:
            return f"{roman(n)}."
        case ListStyle.CENTANG:
            return CHECK_MARK
        case ListStyle.PELURU:
            return BULLET
        case ListStyle.STRIP:
            return "-"
    raise ValueError(f"unknown list style {style!r}")  # pragma: no cover


def diktum_labels(count: int) -> list[str]:
    """Ordinals of `count` consecutive diktum: KESATU, KEDUA, KETIGA, …"""
    return [ordinal_word(n) for n in range(1, count + 1)]


def section_number(*parts: int) -> str:
    """Heading numbers such as `1.1` or `2.2` from their positions."""
    if not parts or any(p < 1 for p in parts):
        raise ValueError(f"section numbers are positive, got {parts}")
    return ".".join(str(p) for p in parts)
