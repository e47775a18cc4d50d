"""Helpers for workbook tests: export an example, edit cells as staff would, convert with
LibreOffice Calc (private profile, so tests can run beside other LibreOffice users)."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from collections.abc import Callable
from pathlib import Path

import openpyxl
from conftest import EXAMPLES
from openpyxl.worksheet.worksheet import Worksheet

from generator.data.loading import load_batch
from generator.workbook.export import agreement_workbook

EXAMPLE_SLUGS = sorted(
    p.stem for p in EXAMPLES.glob("*.yaml") if p.name != "pemda.yaml" and not p.name.startswith("_")
)
SUKAMAJU = EXAMPLES / "kabupaten-sukamaju"
SUKAMAJU_FILES = sorted(p.stem for p in SUKAMAJU.glob("*.yaml") if p.name != "pemda.yaml")


def exported(slug: str, folder: Path, examples: Path = EXAMPLES) -> Path:
    """The example SKPD file `<slug>.yaml` exported to `folder/<slug>.xlsx` (named by its
    file, as `pkgen export` names a kepala bidang's PK)."""
    (agreement,) = load_batch([examples / f"{slug}.yaml"]).agreements
    path = folder / f"{slug}.xlsx"
    path.write_bytes(agreement_workbook(agreement.model, slug, agreement.pemda.model))
    return path


def edit(path: Path, change: Callable[[openpyxl.Workbook], None], to: Path | None = None) -> Path:
    """Open a workbook with openpyxl, change it, save it (to `to`, or in place)."""
    workbook = openpyxl.load_workbook(path)
    change(workbook)
    target = to or path
    workbook.save(target)
    return target


def identity_cell(sheet: Worksheet, label: str) -> str:
    """The value cell of an identity row, found by its label."""
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(row, 1).value == label:
            return f"B{row}"
    raise AssertionError(f"no identity row {label!r}")


def row_with(sheet: Worksheet, code: str) -> int:
    """The first row holding a code (kode sasaran, indikator, program, survei) or a text."""
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            if cell.value == code:
                return cell.row
    raise AssertionError(f"no row with code {code!r}")


def empty_year_folder(root: Path, examples: Path = EXAMPLES) -> Path:
    """`root/agreements/2022` holding only pemda.yaml and its logo: no SKPD yet."""
    folder = root / "agreements" / "2022"
    folder.mkdir(parents=True)
    for name in ("pemda.yaml", *(p.name for p in examples.glob("logo-*.png"))):
        shutil.copy(examples / name, folder / name)
    return folder


def calc_convert(source: Path, target_filter: str, outdir: Path) -> list[Path]:
    """Convert with LibreOffice Calc, headless, in a private profile; the files written."""
    profile = outdir.parent / f"lo-profile-{uuid.uuid4().hex}"
    outdir.mkdir(parents=True, exist_ok=True)
    before = set(outdir.iterdir())
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            target_filter,
            "--outdir",
            str(outdir),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    written = sorted(set(outdir.iterdir()) - before)
    assert written, (
        "LibreOffice Calc wrote nothing (is libreoffice-calc-nogui installed?)\n"
        + result.stdout
        + result.stderr
    )
    shutil.rmtree(profile, ignore_errors=True)
    return written
