"""Tests for the .docx → PDF converter (generator.pdf.convert) against a real LibreOffice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import psutil
import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from docx.shared import Pt
from pypdf import PdfReader

from generator.pdf.convert import (
    ConversionJob,
    ConversionResult,
    ConverterUnavailable,
    PdfConverter,
    find_soffice,
    uno_available,
)
from generator.pdf.fonts import pdf_fonts

ROOT = Path(__file__).resolve().parents[1]

try:
    find_soffice()
    HAVE_SOFFICE = True
except ConverterUnavailable:
    HAVE_SOFFICE = False

needs_soffice = pytest.mark.skipif(not HAVE_SOFFICE, reason="LibreOffice is not installed")
needs_uno = pytest.mark.skipif(
    not (HAVE_SOFFICE and uno_available("/usr/bin/python3")), reason="python3-uno missing"
)


def make_docx(path: Path, pages: int = 2, marker: str = "DOKUMEN") -> Path:
    """Write a .docx of ``pages`` pages of Arial text with a heading and a table per page."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    for page in range(pages):
        doc.add_heading(f"Bab {page + 1} {marker}", level=1)
        doc.add_paragraph(f"{marker} halaman {page + 1}. " + "Target kinerja tahunan. " * 20)
        table = doc.add_table(rows=3, cols=3)
        table.style = "Table Grid"
        for row in range(3):
            for col in range(3):
                table.cell(row, col).text = f"Indikator {row}.{col}"
        if page < pages - 1:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.save(path)
    return path


def make_jobs(tmp_path: Path, count: int, pages: int = 2) -> list[ConversionJob]:
    """Create ``count`` documents and jobs converting them into tmp_path/pdf/."""
    jobs = []
    for i in range(count):
        source = make_docx(tmp_path / f"unit{i}.docx", pages=pages, marker=f"UNIT{i}")
        jobs.append(ConversionJob(source, tmp_path / "pdf" / f"unit{i}.pdf", f"Unit {i}"))
    return jobs


def corrupt_job(tmp_path: Path) -> ConversionJob:
    """A job whose source is random bytes named .docx."""
    source = tmp_path / "rusak.docx"
    source.write_bytes(os.urandom(4096))
    return ConversionJob(source, tmp_path / "pdf" / "rusak.pdf", "Unit Rusak")


def pdf_text(path: Path) -> str:
    """Return the text of all pages of a PDF."""
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def live_members(groups: set[int]) -> list[psutil.Process]:
    """Return the non-zombie processes whose process group is one of ``groups``."""
    found = []
    for proc in psutil.process_iter(["status"]):
        try:
            if os.getpgid(proc.pid) in groups and proc.info["status"] != psutil.STATUS_ZOMBIE:
                found.append(proc)
        except (ProcessLookupError, psutil.Error):
            continue
    return found


def office_of(conv: PdfConverter) -> list[psutil.Process]:
    """Return the soffice.bin processes of a converter's workers."""
    procs = []
    for pgid in conv.soffice_pids():
        procs += [p for p in live_members({pgid}) if p.name().startswith("soffice")]
    return procs


def wait_until_gone(groups: set[int], timeout: float = 5.0) -> list[psutil.Process]:
    """Poll until no process of ``groups`` is alive; return the survivors."""
    deadline = time.monotonic() + timeout
    while (survivors := live_members(groups)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return survivors


def test_find_soffice_raises_converter_unavailable_with_install_hint() -> None:
    with pytest.raises(ConverterUnavailable, match="libreoffice-writer-nogui"):
        find_soffice("pkgen-tidak-ada-soffice")


@pytest.mark.slow
@needs_uno
def test_converts_several_documents_with_expected_pages_text_and_bookmarks(tmp_path: Path) -> None:
    jobs = make_jobs(tmp_path, 4, pages=3)
    seen: list[ConversionResult] = []
    with PdfConverter(workers=2) as conv:
        assert conv.mode == "uno"
        results = conv.convert(jobs, on_result=seen.append)
    assert [r.job for r in results] == jobs
    assert all(r.ok and r.error is None and r.attempts == 1 for r in results), results
    assert sorted(r.job.label for r in seen) == sorted(j.label for j in jobs)
    for i, job in enumerate(jobs):
        reader = PdfReader(job.target)
        assert len(reader.pages) == 3
        assert reader.pdf_header.startswith("%PDF-1.")
        assert f"UNIT{i} halaman 3" in pdf_text(job.target)
        assert len(reader.outline) == 3  # one bookmark per Heading 1
    assert not list((tmp_path / "pdf").glob(".*.part"))


@pytest.mark.slow
@needs_uno
def test_every_font_in_the_pdf_is_embedded(tmp_path: Path) -> None:
    [job] = make_jobs(tmp_path, 1)
    with PdfConverter(workers=1) as conv:
        [result] = conv.convert([job])
    assert result.ok, result.error
    fonts = pdf_fonts(job.target)
    assert fonts
    assert all(font.embedded for font in fonts), fonts
    # Arial is rendered with its metric-compatible substitute.
    assert any(font.family.startswith("LiberationSans") for font in fonts)


@pytest.mark.slow
@needs_uno
def test_corrupt_input_fails_alone_and_the_rest_of_the_batch_converts(tmp_path: Path) -> None:
    good = make_jobs(tmp_path, 3)
    bad = corrupt_job(tmp_path)
    with PdfConverter(workers=2) as conv:
        results = conv.convert([good[0], bad, good[1], good[2]])
    by_label = {r.job.label: r for r in results}
    failed = by_label["Unit Rusak"]
    assert not failed.ok
    assert failed.attempts == 1  # a broken file is not worth a retry
    assert failed.error is not None and "gagal mengonversi" in failed.error
    assert "Unit Rusak" in failed.describe()
    assert not bad.target.exists()
    assert all(by_label[j.label].ok for j in good)
    assert all(j.target.is_file() for j in good)
    assert conv.restarts["crash"] == 0


@pytest.mark.slow
@needs_uno
def test_failed_conversion_leaves_no_partial_or_stale_target(tmp_path: Path) -> None:
    bad = corrupt_job(tmp_path)
    bad.target.parent.mkdir(parents=True)
    bad.target.write_bytes(b"%PDF-1.6 stale output of an earlier run")
    with PdfConverter(workers=1) as conv:
        [result] = conv.convert([bad])
    assert not result.ok
    assert not bad.target.exists()
    assert list(bad.target.parent.iterdir()) == []


@pytest.mark.slow
@needs_uno
def test_timeout_restarts_worker_retries_once_then_reports_failure(tmp_path: Path) -> None:
    slow, after = make_jobs(tmp_path, 2)
    # No real document converts within a microsecond, so this one times out every time.
    hanging = ConversionJob(slow.source, slow.target, slow.label, timeout=1e-6)
    with PdfConverter(workers=1) as conv:
        first_pid = conv.soffice_pids()[0]
        [failed] = conv.convert([hanging])
        second = conv.convert([after])[0]
        assert conv.soffice_pids()[0] != first_pid
    assert not failed.ok
    assert failed.attempts == 2
    assert failed.error is not None
    assert "melebihi batas waktu" in failed.error and "2 kali" in failed.error
    assert not hanging.target.exists()
    assert conv.restarts["timeout"] == 2
    assert second.ok, second.error  # the worker came back for the next document


@pytest.mark.slow
@needs_uno
def test_default_timeout_message_names_the_limit_in_seconds(tmp_path: Path) -> None:
    [job] = make_jobs(tmp_path, 1)
    with PdfConverter(workers=1, timeout=0.000001) as conv:
        [result] = conv.convert([job])
    assert result.error is not None
    assert result.error.startswith("konversi PDF melebihi batas waktu 1e-06 detik")


@pytest.mark.slow
@needs_uno
def test_office_killed_mid_run_is_restarted_and_remaining_documents_convert(tmp_path: Path) -> None:
    jobs = make_jobs(tmp_path, 8)
    with PdfConverter(workers=1) as conv:
        assert conv.wait_ready()
        [victim] = office_of(conv)
        killed = threading.Event()

        def kill_once(result: ConversionResult) -> None:
            if not killed.is_set():
                killed.set()
                victim.send_signal(signal.SIGKILL)

        futures = [conv.submit(job) for job in jobs]
        futures[0].add_done_callback(lambda fut: kill_once(fut.result()))
        results = [f.result(timeout=120) for f in futures]
    assert killed.is_set()
    assert not victim.is_running() or victim.status() == psutil.STATUS_ZOMBIE
    assert conv.restarts["crash"] >= 1
    assert all(r.ok for r in results), [r.error for r in results]
    assert all(j.target.is_file() for j in jobs)


@pytest.mark.slow
@needs_uno
def test_worker_is_recycled_after_max_docs_per_worker(tmp_path: Path) -> None:
    jobs = make_jobs(tmp_path, 5, pages=1)
    with PdfConverter(workers=1, max_docs_per_worker=2) as conv:
        pids = set()
        for job in jobs:
            pids.update(conv.soffice_pids())
            assert conv.convert([job])[0].ok
    assert conv.restarts["recycle"] == 2  # after documents 2 and 4
    assert len(pids) == 3


@pytest.mark.slow
@needs_uno
def test_worker_is_recycled_when_office_memory_exceeds_the_limit(tmp_path: Path) -> None:
    jobs = make_jobs(tmp_path, 2, pages=1)
    with PdfConverter(workers=1, max_worker_rss_mb=1) as conv:
        results = conv.convert(jobs)
    assert all(r.ok for r in results)
    assert conv.restarts["recycle_rss"] == 2


@pytest.mark.slow
@needs_uno
def test_no_office_process_or_profile_remains_after_close(tmp_path: Path) -> None:
    jobs = make_jobs(tmp_path, 2, pages=1)
    conv = PdfConverter(workers=2).start()
    assert conv.wait_ready()
    groups = conv.process_groups
    profiles = [w.root for w in conv._workers]
    assert len(live_members(groups)) >= 4  # oosplash + soffice.bin per worker, bridges
    assert all(r.ok for r in conv.convert(jobs))
    groups |= conv.process_groups
    conv.close()
    assert wait_until_gone(groups) == []
    assert not any(p.exists() for p in profiles)


@pytest.mark.slow
@needs_uno
def test_no_office_process_remains_after_an_exception_inside_with(tmp_path: Path) -> None:
    jobs = make_jobs(tmp_path, 3, pages=1)
    groups: set[int] = set()
    with pytest.raises(RuntimeError, match="render gagal"), PdfConverter(workers=2) as conv:
        futures = [conv.submit(job) for job in jobs]
        groups |= conv.process_groups
        raise RuntimeError("render gagal")
    assert wait_until_gone(groups) == []
    # Jobs still queued were cancelled or failed; none is left pending forever.
    assert all(f.done() for f in futures)


CHILD = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from generator.pdf.convert import PdfConverter
    conv = PdfConverter(workers=2).start()
    conv.wait_ready()
    print(json.dumps(sorted(conv.process_groups)), flush=True)
    print(json.dumps([str(w.root) for w in conv._workers]), flush=True)
    if sys.argv[1] == "with":
        with conv:
            time.sleep(60)
    else:
        time.sleep(60)
    """
)


@pytest.mark.parametrize(
    ("how", "sig"),
    [
        ("with", signal.SIGINT),
        ("with", signal.SIGTERM),
        ("bare", signal.SIGTERM),
        ("bare", signal.SIGKILL),
    ],
    ids=["ctrl-c-in-with", "sigterm-in-with", "sigterm-no-close", "parent-sigkilled"],
)
@pytest.mark.slow
@needs_uno
def test_office_processes_die_with_their_parent_process(how: str, sig: int) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, how],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        groups = set(json.loads(child.stdout.readline()))
        roots = [Path(p) for p in json.loads(child.stdout.readline())]
        assert len(groups) == 4
        assert live_members(groups)
        child.send_signal(sig)
        child.wait(timeout=30)
        # After SIGKILL of the parent, each bridge sees end of file and kills its office.
        assert wait_until_gone(groups, timeout=10) == []
        # ... and the temporary profiles are deleted as well.
        deadline = time.monotonic() + 5
        while any(r.exists() for r in roots) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(r.exists() for r in roots)
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate()


@pytest.mark.slow
@needs_soffice
def test_batch_mode_is_used_when_python_cannot_import_uno(tmp_path: Path) -> None:
    # The venv interpreter has no ``uno`` module, which simulates a missing python3-uno.
    good = make_jobs(tmp_path, 3)
    bad = corrupt_job(tmp_path)
    with PdfConverter(workers=2, python_uno=sys.executable) as conv:
        assert conv.mode == "batch"
        results = conv.convert([*good, bad])
    assert [r.ok for r in results] == [True, True, True, False]
    assert not bad.target.exists()
    for i, job in enumerate(good):
        assert len(PdfReader(job.target).pages) == 2
        assert f"UNIT{i} halaman 2" in pdf_text(job.target)
        assert all(font.embedded for font in pdf_fonts(job.target))


@pytest.mark.slow
@needs_uno
def test_office_that_cannot_start_fails_the_job_after_one_retry_instead_of_hanging(
    tmp_path: Path,
) -> None:
    [job] = make_jobs(tmp_path, 1, pages=1)
    # /bin/false "starts" and exits at once, like a broken LibreOffice installation.
    with PdfConverter(workers=1, soffice="/bin/false", startup_timeout=5) as conv:
        [result] = conv.convert([job])
    assert not result.ok
    assert result.attempts == 2
    assert result.error is not None and "LibreOffice" in result.error
    assert not job.target.exists()


@pytest.mark.slow
@needs_uno
def test_relative_source_and_target_paths_are_accepted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_docx(tmp_path / "relatif.docx", pages=1)
    monkeypatch.chdir(tmp_path)
    job = ConversionJob(Path("relatif.docx"), Path("keluar/relatif.pdf"), "Relatif")
    with PdfConverter(workers=1) as conv:
        [result] = conv.convert([job])
    assert result.ok, result.error
    assert (tmp_path / "keluar" / "relatif.pdf").is_file()
