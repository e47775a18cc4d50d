"""Measure .docx → PDF throughput: naive soffice per file, the batch floor, and PdfConverter.

Usage: ``.venv/bin/python tools/bench_convert.py [-n 20] [--workers 2] [--source x.docx]``

* naive   -- one ``soffice --convert-to pdf`` process per file, timed on a sample of 3
             files and extrapolated to N;
* floor   -- one ``soffice --convert-to pdf`` per worker, each handed its share of the N
             files in a single command (own profile each), all in parallel;
* PdfConverter total  -- constructor, start, converting all N, close (start-up included);
* PdfConverter steady -- converting all N with workers already warm.

Profiles for naive and floor are initialised before timing, as a user's profile would be.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from pypdf import PdfReader

from generator.convert import (
    BATCH_FILTER,
    SOFFICE_FLAGS,
    ConversionJob,
    PdfConverter,
    _template_path,
    default_workers,
    find_soffice,
)

SENTENCE = (
    "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel "
    "serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini berjanji akan "
    "mewujudkan target kinerja yang seharusnya sesuai lampiran perjanjian ini. "
)


def make_realistic_docx(path: Path) -> None:
    """Write a ~5-page Perjanjian Kinerja-like document: headings, prose, tables, footer."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    section = doc.sections[0]
    section.header.paragraphs[0].text = "PEMERINTAH KABUPATEN CONTOH — DINAS PENDIDIKAN"
    section.footer.paragraphs[0].text = "Perjanjian Kinerja Tahun 2025"
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("PERJANJIAN KINERJA TAHUN 2025").bold = True
    for part in range(5):
        doc.add_heading(f"Bagian {part + 1}. Sasaran Strategis", level=1)
        for _ in range(3):
            doc.add_paragraph(SENTENCE * 3)
        table = doc.add_table(rows=9, cols=5)
        table.style = "Table Grid"
        for col, head in enumerate(["No", "Sasaran", "Indikator Kinerja", "Satuan", "Target"]):
            table.cell(0, col).text = head
        for row in range(1, 9):
            values = [str(row), f"Meningkatnya mutu layanan {row}", f"Persentase capaian {row}"]
            for col, value in enumerate([*values, "%", f"{80 + row}"]):
                table.cell(row, col).text = value
        doc.add_paragraph("Program dan anggaran: " + SENTENCE)
    doc.save(path)


def soffice_convert(soffice: str, profile: Path, outdir: Path, files: list[Path]) -> list[str]:
    """Return the command converting ``files`` into ``outdir`` with its own profile."""
    return [
        soffice,
        *SOFFICE_FLAGS,
        f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to",
        BATCH_FILTER,
        "--outdir",
        str(outdir),
        *map(str, files),
    ]


def run_quiet(cmd: list[str]) -> None:
    """Run ``cmd`` to completion, discarding its output."""
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)


def main() -> int:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20, help="number of documents")
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--source", type=Path, help="a real .docx to copy instead")
    parser.add_argument(
        "--cold", action="store_true", help="delete the cached profile template first"
    )
    parser.add_argument("--batch", action="store_true", help="also time the batch fallback")
    args = parser.parse_args()
    soffice = find_soffice()
    work = Path(tempfile.mkdtemp(prefix="pkgen-bench-"))
    try:
        source = work / "contoh.docx"
        if args.source:
            shutil.copy(args.source, source)
        else:
            make_realistic_docx(source)
        files = []
        for i in range(args.n):
            files.append(work / "in" / f"unit{i:03d}.docx")
            files[-1].parent.mkdir(exist_ok=True)
            shutil.copy(source, files[-1])

        profiles = [work / f"profile{w}" for w in range(args.workers)]
        warm = work / "warm"
        for profile in profiles:
            run_quiet(soffice_convert(soffice, profile, warm, [source]))
        pages = len(PdfReader(warm / "contoh.pdf").pages)
        print(f"{args.n} documents of {pages} pages, {args.workers} workers, {soffice}")

        rows: list[tuple[str, float]] = []
        sample = files[:3]
        started = time.perf_counter()
        for path in sample:
            run_quiet(soffice_convert(soffice, profiles[0], work / "naive", [path]))
        naive = (time.perf_counter() - started) / len(sample) * args.n
        rows.append((f"naive, 1 soffice per file (3 timed, ×{args.n / 3:.1f})", naive))

        shares = [files[w :: args.workers] for w in range(args.workers)]
        started = time.perf_counter()
        procs = [
            subprocess.Popen(
                soffice_convert(soffice, profiles[w], work / "floor", share),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for w, share in enumerate(shares)
        ]
        for proc in procs:
            proc.wait()
        rows.append((f"floor, {args.workers} soffice --convert-to in parallel", _since(started)))

        if args.cold:
            shutil.rmtree(_template_path(soffice), ignore_errors=True)
        jobs = [
            ConversionJob(path, work / "conv" / f"{path.stem}.pdf", path.stem) for path in files
        ]
        started = time.perf_counter()
        with PdfConverter(workers=args.workers) as conv:
            results = conv.convert(jobs)
        total = _since(started)
        assert all(r.ok for r in results), [r.error for r in results if not r.ok]
        rows.append((f"PdfConverter ({conv.mode}), start-up included", total))

        with PdfConverter(workers=args.workers) as conv:
            ready_started = time.perf_counter()
            conv.wait_ready()
            ready = _since(ready_started)
            started = time.perf_counter()
            results = conv.convert(
                [ConversionJob(j.source, work / "conv2" / j.target.name, j.label) for j in jobs]
            )
            steady = _since(started)
        assert all(r.ok for r in results)
        rows.append((f"PdfConverter steady state (ready after {ready:.2f} s)", steady))

        if args.batch:
            started = time.perf_counter()
            with PdfConverter(workers=args.workers, mode="batch") as conv:
                results = conv.convert(
                    [ConversionJob(j.source, work / "conv3" / j.target.name, j.label) for j in jobs]
                )
            assert all(r.ok for r in results)
            rows.append(("PdfConverter (batch fallback), start-up included", _since(started)))

        print(f"{'method':<58} {'seconds':>8} {'docs/s':>7} {'vs naive':>9}")
        for name, seconds in rows:
            print(f"{name:<58} {seconds:8.2f} {args.n / seconds:7.2f} {naive / seconds:8.1f}×")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _since(started: float) -> float:
    """Seconds elapsed since ``started`` (a perf_counter value)."""
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main())
