"""The DRAF mark across every page of a draft PDF: drawn, not typed, and readable."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from generator.pdf.watermark import has_watermark, supported, watermark_pdf


def blank_pdf(path: Path, sizes: list[tuple[float, float]]) -> Path:
    writer = PdfWriter()
    for width, height in sizes:
        writer.add_blank_page(width=width, height=height)
    writer.add_outline_item(title="Pernyataan", page_number=0)
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def grey_share(png: Path) -> float:
    """Share of the pixels that are not white."""
    image = Image.open(png).convert("L")
    pixels = image.tobytes()
    return sum(1 for p in pixels if p < 240) / len(pixels)


def test_every_page_is_marked_and_nothing_else_changes(tmp_path):
    source = blank_pdf(tmp_path / "a.pdf", [(595, 842), (842, 595)])
    target = tmp_path / "b.pdf"
    watermark_pdf(source, target)
    reader = PdfReader(target)
    assert len(reader.pages) == 2
    assert all(has_watermark(reader, n) for n in range(2))
    assert not has_watermark(PdfReader(source))
    assert [item.title for item in reader.outline] == ["Pernyataan"]
    assert reader.pages[1].mediabox.width == 842
    assert all(page.extract_text() == "" for page in reader.pages)  # drawn, not text


def test_the_mark_is_visible_but_light_on_portrait_and_landscape_pages(tmp_path):
    source = blank_pdf(tmp_path / "a.pdf", [(595, 842), (842, 595)])
    target = tmp_path / "b.pdf"
    watermark_pdf(source, target)
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(target), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == 2
    for png in pages:
        share = grey_share(png)
        assert 0.04 < share < 0.4, (png.name, share)
        darkest = min(Image.open(png).convert("L").tobytes())
        assert 150 < darkest < 240  # semi-transparent grey, never black over the text


def test_only_letters_it_can_draw_are_accepted(tmp_path):
    assert supported("DRAF") and supported("TIDAK SAH")
    assert not supported("DRAF 2")
    source = blank_pdf(tmp_path / "a.pdf", [(595, 842)])
    with pytest.raises(ValueError):
        watermark_pdf(source, tmp_path / "b.pdf", text="DRAF 2")
    assert not (tmp_path / "b.pdf").exists()
