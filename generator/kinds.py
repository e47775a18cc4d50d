"""The document kinds pkgen produces, and for each: its model, checks, template and outputs.

A data file names its kind in `jenis:` (default `perjanjian-kinerja`); everything
kind-specific is reached through this registry so the pipeline itself stays generic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from generator.checks import Finding, check_perjanjian
from generator.context.perjanjian import PerjanjianContext, perjanjian_context
from generator.models.perjanjian import PerjanjianKinerja


@dataclass(frozen=True)
class DocumentKind:
    key: str
    title: str
    model: type[Any]
    check: Callable[[Any, Any], Iterable[Finding]]
    context: Callable[[Any, Any], Any]
    context_type: type[Any]
    template: str
    output_stem: str
    book_stem: str


PERJANJIAN_KINERJA = DocumentKind(
    key="perjanjian-kinerja",
    title="Perjanjian Kinerja",
    model=PerjanjianKinerja,
    check=check_perjanjian,
    context=perjanjian_context,
    context_type=PerjanjianContext,
    template="perjanjian-kinerja.docx",
    output_stem="perjanjian-kinerja",
    book_stem="buku-perjanjian-kinerja",
)

KINDS: dict[str, DocumentKind] = {kind.key: kind for kind in (PERJANJIAN_KINERJA,)}


def kind_for(key: str) -> DocumentKind | None:
    return KINDS.get(key)
