"""How the output of a revised agreement is named, so the original stays beside it.

`perjanjian-kinerja.docx` is the PK as first signed; its revisions are
`perjanjian-kinerja-perubahan-1.docx`, `perjanjian-kinerja-perubahan-2.docx`, … (and the
same stems for the PDF), so building a revision never overwrites the original. The PK of
a jabatan below the unit head (`id: kabid-pelayanan`) is
`perjanjian-kinerja-kabid-pelayanan.docx` in the same unit folder; the PK of a new
official after a mid-year change (`mutasi: {nomor: 1}`) is
`perjanjian-kinerja-kabid-pelayanan-mutasi-1.docx`, the former official's kept.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.build.kinds import document_kind
from generator.data.loading import LoadedAgreement, output_parts
from generator.data.models.perjanjian import PerjanjianKinerja
from generator.domain.formatting import ordinal_word

REVISION_MARK = "perubahan"
MUTASI_MARK = "mutasi"
_REVISION_STEM = re.compile(rf"-{REVISION_MARK}-(\d+)$")


def revision_number(model: Any) -> int | None:
    """The revision an agreement declares (`perubahan.nomor`), None for an original."""
    perubahan = getattr(model, "perubahan", None)
    return perubahan.nomor if perubahan is not None else None


def revision_stem(stem: str, nomor: int | None) -> str:
    """`perjanjian-kinerja` for an original, `perjanjian-kinerja-perubahan-1` for revision 1."""
    return stem if nomor is None else f"{stem}-{REVISION_MARK}-{nomor}"


def output_stem(stem: str, model: Any) -> str:
    """The file stem of a kind's output (`kind.output_stem`) for this agreement: a PK of a
    jabatan below the unit head adds its `id` (`perjanjian-kinerja-kabid-pelayanan`), so
    every PK of one unit has its own file in the unit's folder."""
    jabatan = getattr(model, "id", None)
    if isinstance(jabatan, str):
        stem = f"{stem}-{jabatan}"
    mutasi = getattr(model, "mutasi", None)
    if mutasi is not None:  # a new official's PK beside the former official's
        stem = f"{stem}-{MUTASI_MARK}-{mutasi.nomor}"
    return revision_stem(stem, revision_number(model))


def stem_revision(stem: str) -> int:
    """The revision an output's file stem names: 0 for an original, N for `…-perubahan-N`."""
    match = _REVISION_STEM.search(stem)
    return int(match.group(1)) if match else 0


def revision_title(nomor: int) -> str:
    """`Perubahan` for the first revision, `Perubahan Kedua` for the second, …"""
    return "Perubahan" if nomor == 1 else f"Perubahan {ordinal_word(nomor).title()}"


def output_path(agreement: LoadedAgreement, out_root: Path) -> Path:
    """`output/2022/sekretariat-dprd/perjanjian-kinerja.docx` for one agreement (a revision:
    `perjanjian-kinerja-perubahan-1.docx`, beside the original)."""
    parts = output_parts(agreement.path.parent, getattr(agreement.model, "tahun", None))
    stem = output_stem(document_kind(agreement.kind).output_stem, agreement.model)
    return out_root.joinpath(*parts, agreement.slug, f"{stem}.docx")


def unit_name(agreement: LoadedAgreement) -> str:
    unit = getattr(agreement.model, "unit", None)
    return getattr(unit, "nama_singkat", None) or agreement.slug


def jabatan_within_unit(agreement: LoadedAgreement) -> str:
    """A jabatan's PK named where its unit is already said (the unit's book, the rows
    below the unit's): the jabatan without the unit's name, `Kepala Seksi Promosi dan
    Pemberdayaan Masyarakat` (whole when it does not end with it)."""
    jabatan = str(agreement.model.pihak_pertama.jabatan)
    unit = unit_name(agreement)
    return jabatan.removesuffix(f" {unit}") if jabatan.endswith(f" {unit}") else jabatan


def book_label(
    agreement: LoadedAgreement, unit_book: bool = False, below_unit: bool = False
) -> str:
    """A member as a book lists it (daftar isi and bookmarks); a revision is marked as such.

    An SKPD's PK is listed by the SKPD; a jabatan's PK by its jabatan, which names its unit
    (`Kepala Bidang … RSUD Sukamaju`), unless it is listed `below_unit` (after its SKPD's
    own PK, indented) or in the `unit_book` of that SKPD: then without the unit's name,
    so a long one keeps room for the leader dots. In an SKPD's book the head's PK is listed
    by the head's jabatan (`Kepala Dinas Kesehatan Kota Medan`)."""
    label = unit_name(agreement)
    if agreement.jabatan_id:
        if unit_book or below_unit:
            label = jabatan_within_unit(agreement)
        else:
            label = agreement.model.pihak_pertama.jabatan
    elif unit_book and isinstance(agreement.model, PerjanjianKinerja):
        label = agreement.model.pihak_pertama.jabatan
    nomor = revision_number(agreement.model)
    if nomor is None:
        return label
    return f"{label} ({revision_title(nomor)})"


def agreement_label(agreement: LoadedAgreement) -> str:
    label = unit_name(agreement)
    if agreement.jabatan_id:
        label = agreement.model.pihak_pertama.jabatan
    # A unit may have a PK and a Rencana Kerja RB: name the kind of all but the PK.
    return (
        label if agreement.kind.key == "perjanjian-kinerja" else f"{label} ({agreement.kind.title})"
    )
