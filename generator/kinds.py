"""The document kinds pkgen produces, and for each: its model, checks, template and outputs.

A data file names its kind in `jenis:` (default `perjanjian-kinerja`); everything
kind-specific is reached through this registry so the pipeline itself stays generic.
A kind may declare `shared` data: one file in the pemda folder (`_<name>.yaml`) that
every unit of that kind uses, loaded and validated once per pemda and handed to the
context builder as its third argument.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from generator.checks import Finding, check_perjanjian
from generator.checks_rencana_kerja import check_rencana_kerja
from generator.context.perjanjian import PerjanjianContext, perjanjian_context
from generator.context.rencana_kerja import RencanaKerjaContext, rencana_kerja_context
from generator.models.perjanjian import PerjanjianKinerja
from generator.models.rencana_kerja import SHARED_FILE, RencanaKerjaBersama, RencanaKerjaRb


@dataclass(frozen=True)
class SharedData:
    """Data every unit of a kind shares within one pemda: `file` in the pemda folder."""

    file: str
    model: type[Any]


@dataclass(frozen=True)
class DocumentKind:
    key: str
    title: str
    model: type[Any]
    check: Callable[[Any, Any], Iterable[Finding]]
    context: Callable[..., Any]  # (model, pemda) or, with shared data, (model, pemda, shared)
    context_type: type[Any]
    template: str
    output_stem: str
    book_stem: str
    book_title: str
    # Names of the parts, in order, for the book's bookmarks: the document PDF's top-level
    # outline entries (the template's outline-level paragraphs). None, or an entry past
    # the names, keeps the entry's own title (e.g. "BAB I").
    parts: tuple[str | None, ...] = ()
    shared: SharedData | None = None

    def build_context(self, model: Any, pemda: Any, shared: Any = None) -> Any:
        """The template context; a kind with shared data receives it as a third argument."""
        if self.shared is None:
            return self.context(model, pemda)
        return self.context(model, pemda, shared)


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
    book_title="Perjanjian Kinerja",
    parts=("Pernyataan", "Formulir", "Lampiran"),
)

RENCANA_KERJA_RB = DocumentKind(
    key="rencana-kerja-rb",
    title="Rencana Kerja RB",
    model=RencanaKerjaRb,
    check=check_rencana_kerja,
    context=rencana_kerja_context,
    context_type=RencanaKerjaContext,
    template="rencana-kerja-rb.docx",
    output_stem="rencana-kerja-rb",
    book_stem="buku-rencana-kerja-rb",
    book_title="Rencana Kerja Reformasi Birokrasi",
    parts=("Keputusan", None, None, None, None, "Lampiran RATL"),
    shared=SharedData(SHARED_FILE, RencanaKerjaBersama),
)

KINDS: dict[str, DocumentKind] = {kind.key: kind for kind in (PERJANJIAN_KINERJA, RENCANA_KERJA_RB)}


def kind_for(key: str) -> DocumentKind | None:
    return KINDS.get(key)
