"""The pohon kinerja of an SKPD with a ladder: tree and cascading matrix, one A3 PDF.

Made beside the SKPD's PKs (`output/2022/dinas-kesehatan/pohon-kinerja-dinas-kesehatan-
2022.pdf`) whenever the SKPD has PKs below its head. Its stamp is the engine's and the
Graphviz sources' (which hold every printed word), recorded in the manifest like a book,
so an unchanged ladder is not drawn again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.build.manifest import BookEntry, Manifest, file_digest, stamp_of
from generator.build.writer import OutputWriter
from generator.context.pohon import kotak, matriks_pages, matriks_rows, pohon_dot
from generator.data.loading import LoadedAgreement, output_parts
from generator.pdf.graph import drawings_pdf

POHON_STEM = "pohon-kinerja"


@dataclass(frozen=True)
class PohonResult:
    path: Path
    built: bool


def pohon_path(head: LoadedAgreement, out_root: Path) -> Path:
    tahun = getattr(head.model, "tahun", None)
    parts = output_parts(head.path.parent, tahun)
    return out_root.joinpath(*parts, head.slug, f"{POHON_STEM}-{head.slug}-{tahun or parts[0]}.pdf")


def pohon_sources(agreements: list[LoadedAgreement]) -> tuple[str, list[str]]:
    """(title, dot sources: the tree, then the matrix pages) of one SKPD's ladder, given
    its PKs in hierarchy order."""
    head = agreements[0]
    boxes = [kotak(a.name, a.model, a.pemda.model) for a in agreements]
    unit = head.model.unit.nama_singkat.upper()
    tahun = head.model.tahun
    title = f"POHON KINERJA {unit} TAHUN {tahun}"
    matrix = f"MATRIKS CASCADING KINERJA {unit} TAHUN {tahun}"
    return title, [pohon_dot(boxes, title), *matriks_pages(matriks_rows(boxes), matrix)]


def write_pohon(
    agreements: list[LoadedAgreement],
    scratch: Path,
    writer: OutputWriter,
    manifest: Manifest,
    out_root: Path,
    save: Callable[[], None],
    force: bool = False,
) -> PohonResult:
    """Draw (or keep, when nothing printed changed) one SKPD's pohon kinerja; raises
    `ConversionFailed` or `OutputWriteError` when it cannot."""
    path = pohon_path(agreements[0], out_root)
    title, sources = pohon_sources(agreements)
    engine = manifest.engine.stamp if manifest.engine else ""
    stamp = stamp_of(engine, POHON_STEM, sources)
    if not force and manifest.book_is_current(path, stamp):
        return PohonResult(path, built=False)
    key = manifest.relative(path)
    if manifest.books.pop(key, None) is not None:
        save()  # the drawing about to be replaced is no longer claimed
    target = scratch / path.name
    drawings_pdf(sources, target, title)
    digest = file_digest(target)
    writer.install(target, path)
    manifest.books[key] = BookEntry(stamp, digest, "", 0, [])
    return PohonResult(path, built=True)
