"""Page images of a PDF for the SKPD page, made once per PDF content (pdftoppm)."""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from generator.build.manifest import file_digest

DPI = 60
_PAGE = re.compile(r"-(\d+)\.png$")


def preview_folder(cache: Path, pdf: Path) -> Path:
    return cache / file_digest(pdf)


def pages(folder: Path) -> list[Path]:
    found = [(int(m.group(1)), p) for p in folder.glob("*.png") if (m := _PAGE.search(p.name))]
    return [p for _, p in sorted(found)]


def make_previews(pdf: Path, cache: Path) -> list[Path]:
    """The page images of `pdf` (made now unless already made for this content)."""
    folder = preview_folder(cache, pdf)
    if (folder / "selesai").is_file():
        return pages(folder)
    cache.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".pratinjau-", dir=cache))
    try:
        subprocess.run(
            ["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(scratch / "halaman")],
            check=True,
            capture_output=True,
            timeout=120,
        )
        (scratch / "selesai").write_text("")
        with contextlib.suppress(OSError):  # made meanwhile by another thread: keep that
            scratch.rename(folder)
    except (OSError, subprocess.SubprocessError):
        return []
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return pages(folder)
