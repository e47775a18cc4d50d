"""What each document says about itself: title, author, subject, keywords (pure).

The .docx core properties carry them and LibreOffice copies them into the PDF's
metadata: `pdfinfo perjanjian-kinerja.pdf` shows "Perjanjian Kinerja Tahun 2022 —
Sekretariat DPRD Kota Medan" by "Pemerintah Kota Medan", language id-ID.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from generator.build.kinds import document_kind
from generator.build.naming import revision_number, revision_title
from generator.data.loading import LoadedAgreement
from generator.templates.properties import DocumentProperties


def unit_label(agreement: LoadedAgreement) -> str:
    """The unit the document is of (its short name), or, for the PK of a jabatan below
    the unit head, that jabatan (`Kepala Bidang Pelayanan RSUD Sukamaju`)."""
    if agreement.jabatan_id:
        return str(agreement.model.pihak_pertama.jabatan)
    unit = getattr(agreement.model, "unit", None)
    return str(getattr(unit, "nama_singkat", None) or agreement.slug)


def document_title(kind_title: str, model: Any, unit: str) -> str:
    """`Perjanjian Kinerja Tahun 2022 — Sekretariat DPRD Kota Medan`; a revision says so
    (`Perjanjian Kinerja Perubahan Tahun 2022 — …`)."""
    title = kind_title
    nomor = revision_number(model)
    if nomor is not None:
        title += f" {revision_title(nomor)}"
    tahun = getattr(model, "tahun", None)
    if tahun:
        title += f" Tahun {tahun}"
    return f"{title} — {unit}"


def document_properties(agreement: LoadedAgreement, built_at: datetime) -> DocumentProperties:
    """The properties of one agreement's document, made at `built_at`."""
    kind = document_kind(agreement.kind)
    unit = unit_label(agreement)
    pemerintah = str(agreement.pemda.model.pemerintah)
    tahun = getattr(agreement.model, "tahun", None)
    full_unit = getattr(getattr(agreement.model, "unit", None), "nama", None) or unit
    subject = f"{kind.book_title} {full_unit}, {pemerintah}" + (f", tahun {tahun}" if tahun else "")
    keywords = (kind.book_title, str(tahun or ""), unit, pemerintah)
    return DocumentProperties(
        title=document_title(kind.book_title, agreement.model, unit),
        creator=pemerintah,
        subject=subject,
        keywords=keywords,
        built_at=built_at,
    )
