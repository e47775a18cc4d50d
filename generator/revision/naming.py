"""How the output of a revised agreement is named, so the original stays beside it.

`perjanjian-kinerja.docx` is the PK as first signed; its revisions are
`perjanjian-kinerja-perubahan-1.docx`, `perjanjian-kinerja-perubahan-2.docx`, … (and the
same stems for the PDF), so building a revision never overwrites the original.
"""

from __future__ import annotations

from typing import Any

REVISION_MARK = "perubahan"


def revision_number(model: Any) -> int | None:
    """The revision an agreement declares (`perubahan.nomor`), None for an original."""
    perubahan = getattr(model, "perubahan", None)
    return perubahan.nomor if perubahan is not None else None


def revision_stem(stem: str, nomor: int | None) -> str:
    """`perjanjian-kinerja` for an original, `perjanjian-kinerja-perubahan-1` for revision 1."""
    return stem if nomor is None else f"{stem}-{REVISION_MARK}-{nomor}"


def output_stem(stem: str, model: Any) -> str:
    """The file stem of a kind's output (`kind.output_stem`) for this agreement."""
    return revision_stem(stem, revision_number(model))
