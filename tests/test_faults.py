"""Fault injection: pkgen killed with SIGKILL at random points, LibreOffice or its bridge
killed mid-document, a read-only output, a full disk, two builds into one folder.

Every run asserts what a user must be able to rely on afterwards: no traceback, no partial
file at a final path, a manifest that claims only files whose hashes match, no process of
the LibreOffice pool alive 5 s after pkgen died, no temporary file left behind, and a next
build that repairs everything. The counts (runs, faults injected, failures) are printed at
the end of the test session.

`PKGEN_FAULT_RUNS` sets the runs per random scenario (default 2, to keep CI to a couple of
minutes; the acceptance runs use 20). Each pkgen started here gets its own TMPDIR: every
process whose command line names it belongs to that build's LibreOffice pool.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest
from conftest import EXAMPLES, FAULT_COUNTS, ROOT, SKPD_YAML, example_counts
from pypdf import PdfReader

from generator.build.manifest import MANIFEST_NAME, file_digest
from generator.build.writer import STAGING_NAME
from generator.pdf.convert import ConverterUnavailable, find_soffice, uno_available

try:
    find_soffice()
    HAVE_UNO = uno_available()
except ConverterUnavailable:
    HAVE_UNO = False

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not HAVE_UNO, reason="LibreOffice with python3-uno is not installed"),
]

RUNS = int(os.environ.get("PKGEN_FAULT_RUNS", "2"))
SLOW_ROWS = 1500  # indikator in one sasaran: about 10 s of LibreOffice layout
EXAMPLE_DOCUMENTS, EXAMPLE_BOOKS = example_counts()


# --------------------------------------------------------------------------- bookkeeping


@contextlib.contextmanager
def fault_run(faults: int = 1) -> Iterator[None]:
    """Count one run and the faults it injects; a failed assertion counts as a failure."""
    FAULT_COUNTS["runs"] += 1
    FAULT_COUNTS["faults"] += faults
    try:
        yield
    except BaseException:
        FAULT_COUNTS["failures"] += 1
        raise


def injected() -> None:
    """Count a fault a run could only inject when the moment came (pkgen still running)."""
    FAULT_COUNTS["faults"] += 1


@dataclass
class Sandbox:
    """A working folder with data, an output folder and a private TMPDIR."""

    root: Path
    data: Path  # the year folder, agreements/2022

    @property
    def tmp(self) -> Path:
        return self.root / "tmp"

    @property
    def out(self) -> Path:
        return self.root / "output"

    def env(self) -> dict[str, str]:
        return dict(
            os.environ,
            COLUMNS="250",
            PYTHONPATH=str(ROOT),
            TMPDIR=str(self.tmp),
            PKGEN_LAPORAN_GALAT=str(self.root / "laporan"),
        )

    def start(self, *args: str, out: Path | None = None) -> subprocess.Popen[str]:
        command = [sys.executable, "-m", "generator", "build", str(self.data)]
        command += ["--out", str(out or self.out), *args]
        return subprocess.Popen(
            command,
            cwd=self.root,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def build(self, *args: str, out: Path | None = None) -> subprocess.CompletedProcess[str]:
        process = self.start(*args, out=out)
        stdout, stderr = process.communicate(timeout=600)
        return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)

    # -- what must hold after every run ----------------------------------------------

    def pool(self) -> list[psutil.Process]:
        """Live processes of this sandbox's LibreOffice pool (bridges, guardian too)."""
        marker = str(self.tmp)
        found = []
        for process in psutil.process_iter(["cmdline", "status"]):
            with contextlib.suppress(psutil.Error):
                if process.info["status"] == psutil.STATUS_ZOMBIE:
                    continue
                if any(marker in part for part in process.info["cmdline"] or []):
                    found.append(process)
        return found

    def assert_no_pool_within(self, seconds: float = 5.0) -> None:
        deadline = time.monotonic() + seconds
        while (alive := self.pool()) and time.monotonic() < deadline:
            time.sleep(0.1)
        names = [(p.pid, p.name()) for p in alive if p.is_running()]
        assert names == [], f"still running {seconds:g} s after pkgen died: {names}"

    def temporary_leftovers(self, pkgen_pid: int | None = None) -> list[str]:
        """What is left in TMPDIR (but the cached LibreOffice profile), in the output
        folder's staging names, and LibreOffice sockets of a pkgen process in /tmp."""
        left = [p.name for p in self.tmp.iterdir() if not p.name.startswith("pkgen-lo-template-")]
        if self.out.exists():
            left += [str(p) for p in self.out.rglob("*") if STAGING_NAME.match(p.name)]
        if pkgen_pid is not None:
            left += [p.name for p in Path("/tmp").glob(f"OSL_PIPE_*_pkgen_{pkgen_pid}_*")]
        return left

    def assert_consistent(self, out: Path | None = None) -> dict:
        """No partial file at a final path; the manifest claims only matching files."""
        out = out or self.out
        for pdf in out.rglob("*.pdf"):
            assert len(PdfReader(pdf).pages) >= 1, pdf
        for docx in out.rglob("*.docx"):
            with zipfile.ZipFile(docx) as archive:
                assert archive.testzip() is None, docx
        path = out / MANIFEST_NAME
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        for entry in data.get("documents", {}).values():
            for relative, digest in entry["outputs"].items():
                assert file_digest(out / relative) == digest, relative
        for relative, entry in data.get("books", {}).items():
            assert file_digest(out / relative) == entry["sha256"], relative
        return data

    def assert_repaired(self, documents: int, books: int) -> subprocess.CompletedProcess[str]:
        """The next build succeeds and leaves every document and book in place, claimed."""
        result = self.build()
        assert_no_traceback(result)
        assert result.returncode == 0, result.stdout + result.stderr
        data = self.assert_consistent()
        assert len(data["documents"]) == documents
        assert len(data["books"]) == books
        assert self.temporary_leftovers() == []
        return result


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result.stderr


def slow_skpd(rows: int = SLOW_ROWS) -> str:
    """An SKPD whose table LibreOffice needs seconds to lay out."""
    head, rest = SKPD_YAML.split("sasaran:\n")
    programs = rest.split("program:\n")[1]
    indikator = "".join(
        f"      - uraian: Indikator kinerja nomor {i} dengan uraian panjang satu baris\n"
        f"        target: {60 + i % 30}\n        skala: sakip\n"
        for i in range(rows)
    )
    return (
        f"{head}sasaran:\n  - uraian: Meningkatnya Akuntabilitas Kinerja\n    indikator:\n"
        f"{indikator}program:\n{programs}"
    )


@pytest.fixture
def examples(tmp_path: Path) -> Sandbox:
    data = tmp_path / "agreements" / "2022"
    shutil.copytree(EXAMPLES, data)
    (tmp_path / "tmp").mkdir()
    return Sandbox(tmp_path, data)


@pytest.fixture
def slow(tmp_path: Path) -> Sandbox:
    """One pemda with one slow SKPD."""
    data = tmp_path / "agreements" / "2022"
    data.mkdir(parents=True)
    shutil.copy(EXAMPLES / "pemda.yaml", data)
    shutil.copy(EXAMPLES / "logo-kota-medan.png", data)
    (data / "lambat.yaml").write_text(slow_skpd(), encoding="utf-8")
    (tmp_path / "tmp").mkdir()
    return Sandbox(tmp_path, data)


def wait_for(condition, timeout: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


def kill_pkgen(process: subprocess.Popen[str]) -> subprocess.CompletedProcess[str]:
    process.send_signal(signal.SIGKILL)
    stdout, stderr = process.communicate(timeout=30)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


# --------------------------------------------------------------------------- scenarios


def test_kill_9_during_a_slow_conversion_leaves_no_libreoffice_and_no_temporary_file(slow):
    """The acceptance case: pkgen SIGKILLed while LibreOffice lays out a long table."""
    rendered = lambda: list(slow.tmp.glob("pkgen-build-*/dokumen/*.docx"))  # noqa: E731
    pdf = slow.out / "2022" / "lambat" / "perjanjian-kinerja.pdf"
    for run in range(RUNS):
        with fault_run():
            shutil.rmtree(slow.out, ignore_errors=True)
            process = slow.start()
            assert wait_for(rendered, 60), "the document was never rendered"
            time.sleep(random.uniform(1.5, 4.0))  # LibreOffice is laying it out by now
            assert not pdf.exists(), f"run {run}: converted before the kill"
            assert len(slow.pool()) >= 4  # guardian, 2 × (oosplash, soffice.bin, bridge)
            kill_pkgen(process)
            slow.assert_no_pool_within(5)
            assert slow.temporary_leftovers(process.pid) == []
            slow.assert_consistent()
            slow.assert_repaired(documents=1, books=1)


def test_kill_9_at_random_points_of_a_build_is_repaired_by_the_next(examples):
    """Kill points spread over loading, rendering, conversion, the books and the saves."""
    started = time.monotonic()
    first = examples.build()
    duration = time.monotonic() - started
    assert first.returncode == 0, first.stderr
    for _ in range(RUNS):
        with fault_run(faults=0):
            # Half the runs rebuild everything, half only what a changed target touches.
            args = ("--force",) if random.random() < 0.5 else ()
            if not args:
                path = examples.data / "dinas-kesehatan.yaml"
                text = path.read_text(encoding="utf-8")
                amount = f"anggaran: {random.randint(10**9, 10**10)}"
                path.write_text(re.sub(r"anggaran: \d+", amount, text, count=1))
            process = examples.start(*args)
            time.sleep(random.uniform(0, duration))
            if process.poll() is None:
                injected()  # else it finished first: this run checks a normal build
            killed = kill_pkgen(process)
            examples.assert_no_pool_within(5)
            assert examples.temporary_leftovers(process.pid) == []
            assert_no_traceback(killed)
            examples.assert_consistent()
            examples.assert_repaired(EXAMPLE_DOCUMENTS, EXAMPLE_BOOKS)


def busy_office(sandbox: Sandbox) -> psutil.Process | None:
    """A soffice.bin of the pool that is converting right now (its CPU time grows)."""
    offices = [p for p in sandbox.pool() if p.name() == "soffice.bin"]
    before = {}
    for office in offices:
        with contextlib.suppress(psutil.Error):
            before[office.pid] = sum(office.cpu_times()[:2])
    time.sleep(0.2)
    for office in offices:
        with contextlib.suppress(psutil.Error):
            if sum(office.cpu_times()[:2]) - before.get(office.pid, 0) > 0.1:
                return office
    return None


def bridge_of(sandbox: Sandbox, office: psutil.Process) -> psutil.Process | None:
    """The UNO bridge connected to `office` (it names the office's process group)."""
    pgid = os.getpgid(office.pid)
    for process in sandbox.pool():
        with contextlib.suppress(psutil.Error):
            cmdline = process.cmdline()
            if "--soffice-pgid" in cmdline and cmdline[cmdline.index("--soffice-pgid") + 1] == str(
                pgid
            ):
                return process
    return None


@pytest.mark.parametrize("victim_kind", ["soffice.bin", "bridge"])
def test_killing_libreoffice_or_its_bridge_mid_batch_retries_and_the_summary_is_true(
    examples, victim_kind
):
    """soffice.bin (or the UNO bridge) killed while it converts the slow document: that
    document is converted again on a fresh LibreOffice, the books are made and the summary
    counts are true."""
    (examples.data / "lambat.yaml").write_text(slow_skpd(), encoding="utf-8")
    documents = EXAMPLE_DOCUMENTS + 1
    slow_pdf = examples.out / "2022" / "lambat" / "perjanjian-kinerja.pdf"
    for _ in range(RUNS):
        with fault_run():
            shutil.rmtree(examples.out, ignore_errors=True)
            process = examples.start()
            # When the others are in place, the only document left in conversion is the slow one.
            assert wait_for(
                lambda: len(list(examples.out.rglob("*.pdf"))) >= EXAMPLE_DOCUMENTS, 120
            )
            time.sleep(random.uniform(0, 2))
            office = None
            while office is None and not slow_pdf.exists():
                office = busy_office(examples)
            assert office is not None, "the slow document was converted before the kill"
            victim = office if victim_kind == "soffice.bin" else bridge_of(examples, office)
            assert victim is not None
            victim.kill()
            stdout, stderr = process.communicate(timeout=600)
            result = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
            assert_no_traceback(result)
            assert result.returncode == 0, stdout + stderr
            summary = re.search(
                r"(\d+) dibuat, 0 tidak berubah, 0 gagal; (\d+) PDF dikonversi \((\d+) dicoba "
                r"ulang dengan LibreOffice baru",
                " ".join(stdout.split()),
            )
            assert summary is not None, stdout
            built, converted, retried = (int(n) for n in summary.groups())
            assert built == converted == documents
            assert retried == 1
            assert "PDF gagal dikonversi" not in stdout
            assert stdout.count(": dibuat, ") == EXAMPLE_BOOKS  # both books made
            data = examples.assert_consistent()
            assert len(data["documents"]) == documents
            assert len(PdfReader(slow_pdf).pages) > 40
            assert examples.pool() == []
            assert examples.temporary_leftovers() == []


@contextlib.contextmanager
def tmpfs(path: Path, size: str) -> Iterator[None]:
    """A small tmpfs at `path` (skipping the test where mounting is not permitted)."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip()}): needs root")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def remount(path: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(path)], check=True)


def test_a_full_disk_fails_what_does_not_fit_and_the_next_build_repairs(examples):
    disk = examples.root / "disk"
    out = disk / "output"
    with tmpfs(disk, "700k"), fault_run():
        result = examples.build(out=out)
        assert_no_traceback(result)
        assert result.returncode == 1
        assert "disk penuh" in result.stdout
        examples.assert_consistent(out)
        assert [p for p in out.rglob("*") if STAGING_NAME.match(p.name)] == []
        assert examples.pool() == []
        remount(disk, "size=64m")
        repaired = examples.build(out=out)
        assert_no_traceback(repaired)
        assert repaired.returncode == 0, repaired.stdout + repaired.stderr
        data = examples.assert_consistent(out)
        assert len(data["documents"]) == EXAMPLE_DOCUMENTS
        assert len(data["books"]) == EXAMPLE_BOOKS


def test_a_read_only_file_system_is_one_message_before_libreoffice_starts(examples):
    disk = examples.root / "disk"
    with tmpfs(disk, "1m"), fault_run():
        remount(disk, "ro")
        result = examples.build(out=disk / "output")
        assert_no_traceback(result)
        assert result.returncode == 1
        assert result.stderr.strip() == (
            "disk/output: folder keluaran tidak dapat dibuat: sistem berkas hanya-baca (read-only)"
        )
        assert result.stdout == ""
        assert examples.temporary_leftovers() == []


def test_two_concurrent_builds_into_one_folder_never_mix(examples, tmp_path):
    """Without --tunggu the second exits 2 naming the first; with it, they take turns.
    Either way every manifest claim matches the file on disk afterwards."""
    other = tmp_path / "lain" / "agreements" / "2022"
    shutil.copytree(examples.data, other)
    path = other / "sekretariat-dprd.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("target: 66", "target: 70"))
    second = Sandbox(examples.root, other)
    for run in range(RUNS):
        with fault_run():
            wait = ("--tunggu",) if run % 2 else ()
            first_process = examples.start("--force", *wait)
            time.sleep(random.uniform(0.3, 1.5))
            second_process = second.start("--force", *wait)
            results = []
            for process in (first_process, second_process):
                stdout, stderr = process.communicate(timeout=600)
                results.append(
                    subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
                )
            for result in results:
                assert_no_traceback(result)
            codes = [r.returncode for r in results]
            if wait:
                assert codes == [0, 0]
            elif codes != [0, 0]:  # the first had not finished when the second came
                assert codes == [0, 2]
                assert (
                    results[1]
                    .stderr.strip()
                    .startswith(
                        f"{examples.out.name}: folder keluaran sedang dipakai oleh proses "
                        f"{first_process.pid} "
                    )
                )
            data = examples.assert_consistent()
            assert len(data["documents"]) == EXAMPLE_DOCUMENTS
            assert examples.temporary_leftovers() == []


def test_a_path_without_the_system_directories_still_converts(examples):
    """LibreOffice's start script needs dirname, sed, uname: pkgen adds /usr/bin itself."""
    venv_bin = str(Path(sys.executable).parent)
    with fault_run():
        process = subprocess.run(
            [sys.executable, "-m", "generator", "build", str(examples.data), "--workers", "1"],
            cwd=examples.root,
            env=dict(examples.env(), PATH=venv_bin),
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert_no_traceback(process)
        assert process.returncode == 0, process.stdout + process.stderr
        assert f"{EXAMPLE_DOCUMENTS} PDF dikonversi" in " ".join(process.stdout.split())
        assert "tidak tersedia" not in process.stderr  # fc-match is found in /usr/bin too
        assert len(examples.assert_consistent()["documents"]) == EXAMPLE_DOCUMENTS


def test_a_big_document_out_of_time_fails_once_naming_its_size_and_the_option(slow):
    """Slow, not stuck: no second attempt; the reason and the way out in the summary."""
    with fault_run():
        started = time.monotonic()
        result = slow.build("--batas-waktu", "3")
        seconds = time.monotonic() - started
        assert_no_traceback(result)
        assert result.returncode == 1
        text = " ".join(result.stdout.replace("│", " ").split())  # the table cell, unwrapped
        found = re.search(
            r"PDF tidak dapat dibuat: konversi PDF melebihi batas waktu 3 detik \(dokumen besar: "
            r"([\d.]+) baris tabel, ±(\d+) halaman\)",
            text,
        )
        assert found is not None, text
        rows, pages = int(found[1].replace(".", "")), int(found[2])
        assert SLOW_ROWS <= rows < SLOW_ROWS + 50  # the indikator, plus header and other rows
        assert 40 <= pages <= 70
        assert "naikkan batasnya dengan --batas-waktu DETIK" in text
        assert "sudah dicoba" not in text  # tried once
        assert "1 PDF gagal dikonversi" in text
        assert seconds < 30
        assert slow.pool() == []
        assert slow.temporary_leftovers() == []
