"""Graphviz drawings as printable pages: `dot` lays a source out, each drawing is scaled
to fit an A3 landscape page (never enlarged past its natural size) and centred.

Used for the pohon kinerja of an SKPD (`generator.context.pohon` makes the sources). The
Debian package `graphviz` provides `dot` (scripts/run installs it).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from pypdf import PageObject, PdfReader, PdfWriter, Transformation

from generator.errors import ConversionFailed

A3_LANDSCAPE = (1190.55, 841.89)  # points
MARGIN = 28.35  # 1 cm
DOT_TIMEOUT = 120.0  # seconds for one drawing


DOT_CANDIDATES = ("/usr/bin/dot", "/usr/local/bin/dot")
"""Where Debian (or a local build) puts `dot`: found even with a PATH without /usr/bin,
as LibreOffice is (`pdf.office.find_soffice`)."""


def dot_program(candidates: Sequence[str] = DOT_CANDIDATES) -> str | None:
    found = shutil.which("dot")
    if found:
        return found
    return next((c for c in candidates if os.path.isfile(c) and os.access(c, os.X_OK)), None)


def dot_pdf(
    source: str, timeout: float = DOT_TIMEOUT, candidates: Sequence[str] = DOT_CANDIDATES
) -> bytes:
    """One `dot` source laid out and drawn as a one-page PDF of its natural size."""
    program = dot_program(candidates)
    if program is None:
        raise ConversionFailed(
            "Graphviz (program dot) tidak ditemukan; pasang paket Debian graphviz "
            "(bash scripts/run setup)"
        )
    try:
        done = subprocess.run(
            [program, "-Tpdf"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ConversionFailed(f"Graphviz tidak selesai dalam {timeout:.0f} detik") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ConversionFailed(f"Graphviz gagal: {message[-1] if message else done.returncode}")
    return done.stdout


def fitted(drawing: PageObject, size: tuple[float, float] = A3_LANDSCAPE) -> PageObject:
    """`drawing` scaled down to fit `size` inside the margins and centred on a new page."""
    width, height = size
    box = drawing.mediabox
    natural_w, natural_h = float(box.width), float(box.height)
    scale = min(1.0, (width - 2 * MARGIN) / natural_w, (height - 2 * MARGIN) / natural_h)
    page = PageObject.create_blank_page(width=width, height=height)
    dx = (width - natural_w * scale) / 2 - float(box.left) * scale
    dy = (height - natural_h * scale) / 2 - float(box.bottom) * scale
    page.merge_transformed_page(drawing, Transformation().scale(scale).translate(dx, dy))
    return page


def drawings_pdf(sources: Sequence[str], target: Path, title: str) -> None:
    """Every source drawn on its own A3 landscape page, written to `target`."""
    writer = PdfWriter()
    for source in sources:
        reader = PdfReader(io.BytesIO(dot_pdf(source)))
        for drawing in reader.pages:
            writer.add_page(fitted(drawing))
    writer.add_metadata({"/Title": title})
    with open(target, "wb") as handle:
        writer.write(handle)
