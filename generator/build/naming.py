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
from typing import Any

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
