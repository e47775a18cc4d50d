"""The document kinds pkgen produces, and for each: its context, template and outputs.

The data half of each kind (model, checks, shared file) is `generator.data.kinds`; this
registry adds, under the same key, what the pipeline needs to make the document, so the
pipeline itself stays generic.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.context.perjanjian import PerjanjianContext, perjanjian_context
from generator.context.rencana_kerja import RencanaKerjaContext, rencana_kerja_context
from generator.data import kinds as data_kinds
from generator.data.kinds import DataKind


@dataclass(frozen=True)
class DocumentKind:
    data: DataKind
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
    # A PK below eselon II has a template of its level (`perjanjian-kinerja-eselon-3.docx`):
    # the same tags, its own look, edited apart from the SKPD PK's.
    templates_by_eselon: tuple[tuple[int, str], ...] = ()

    def template_of(self, model: Any) -> str:
        """The template file name for one agreement of this kind (by its eselon)."""
        eselon = getattr(model, "eselon", None)
        return (
            dict(self.templates_by_eselon).get(eselon, self.template) if eselon else self.template
        )

    @property
    def key(self) -> str:
        return self.data.key

    @property
    def title(self) -> str:
        return self.data.title

    def build_context(self, model: Any, pemda: Any, shared: Any = None) -> Any:
        """The template context; a kind with shared data receives it as a third argument."""
        if self.data.shared is None:
            return self.context(model, pemda)
        return self.context(model, pemda, shared)


PERJANJIAN_KINERJA = DocumentKind(
    data=data_kinds.PERJANJIAN_KINERJA,
    context=perjanjian_context,
    context_type=PerjanjianContext,
    template="perjanjian-kinerja.docx",
    output_stem="perjanjian-kinerja",
    book_stem="buku-perjanjian-kinerja",
    book_title="Perjanjian Kinerja",
    parts=("Pernyataan", "Formulir", "Lampiran"),
    templates_by_eselon=(
        (3, "perjanjian-kinerja-eselon-3.docx"),
        (4, "perjanjian-kinerja-eselon-4.docx"),
    ),
)

RENCANA_KERJA_RB = DocumentKind(
    data=data_kinds.RENCANA_KERJA_RB,
    context=rencana_kerja_context,
    context_type=RencanaKerjaContext,
    template="rencana-kerja-rb.docx",
    output_stem="rencana-kerja-rb",
    book_stem="buku-rencana-kerja-rb",
    book_title="Rencana Kerja Reformasi Birokrasi",
    parts=("Keputusan", None, None, None, None, "Lampiran RATL"),
)

KINDS: dict[str, DocumentKind] = {kind.key: kind for kind in (PERJANJIAN_KINERJA, RENCANA_KERJA_RB)}


def document_kind(kind: DataKind) -> DocumentKind:
    """What the pipeline makes of a loaded file of this data kind."""
    return KINDS[kind.key]
