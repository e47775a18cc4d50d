"""Throughput-oriented .docx → PDF conversion with warm LibreOffice workers.

:class:`PdfConverter` keeps one LibreOffice (``soffice``) listener per worker, each with its
own temporary profile, and drives it through a small UNO bridge script
(``generator/pdf/uno_worker.py``) that runs under the system Python, the only interpreter that
can import ``uno``. Jobs are accepted as they come (:meth:`PdfConverter.submit` returns a
future), so rendering of later documents overlaps conversion of earlier ones, and the
workers' start-up (≈1 s each) happens in parallel with whatever the caller does next.

When the system Python cannot import ``uno``, the converter falls back to *batch* mode:
each worker hands its share of the queued files to one ``soffice --convert-to pdf`` run.

Robustness: a per-document timeout and a crash of LibreOffice both lead to killing and
restarting the worker and retrying the document once; workers are recycled after
``max_docs_per_worker`` documents or when their memory grows too large; a failed document
never leaves a (partial or stale) target file; every LibreOffice process group started
here is killed on close, on exceptions, on SIGINT/SIGTERM and at interpreter exit.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import itertools
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import weakref
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, as_completed
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, Literal

import psutil

__all__ = [
    "ConversionJob",
    "ConversionResult",
    "ConverterUnavailable",
    "PdfConverter",
    "find_soffice",
    "uno_available",
]

UNO_WORKER_SCRIPT = Path(__file__).with_name("uno_worker.py")

INSTALL_HINT = (
    "LibreOffice (soffice) tidak ditemukan. Pasang dengan: "
    "sudo apt-get install libreoffice-writer-nogui"
)

SOFFICE_FLAGS = (
    "--headless",
    "--invisible",
    "--nologo",
    "--norestore",
    "--nodefault",
    "--nolockcheck",
)

# Same export options as uno_worker.PDF_FILTER_DATA, in the JSON syntax that
# ``--convert-to`` accepts since LibreOffice 7.4.
BATCH_FILTER = "pdf:writer_pdf_Export:" + json.dumps(
    {
        "EmbedStandardFonts": {"type": "boolean", "value": "true"},
        "ExportBookmarks": {"type": "boolean", "value": "true"},
        "ExportNotes": {"type": "boolean", "value": "false"},
    },
    separators=(",", ":"),
)

Mode = Literal["uno", "batch"]


class ConverterUnavailable(RuntimeError):
    """LibreOffice is not installed or cannot be started."""


@dataclass(frozen=True)
class ConversionJob:
    """One document to convert; ``label`` names the unit in user messages."""

    source: Path
    target: Path
    label: str
    timeout: float | None = None


@dataclass(frozen=True)
class ConversionResult:
    """Outcome of one :class:`ConversionJob`."""

    job: ConversionJob
    ok: bool
    error: str | None
    seconds: float
    attempts: int
    worker: int

    def describe(self) -> str:
        """Return a one-line Indonesian summary for the user."""
        if self.ok:
            return f"{self.job.label}: PDF selesai ({self.seconds:.1f} detik)"
        return f"{self.job.label}: {self.error}"


def find_soffice(soffice: str = "soffice") -> str:
    """Return the path of the LibreOffice executable or raise :class:`ConverterUnavailable`."""
    found = shutil.which(soffice)
    if found:
        return found
    if soffice != "soffice":
        # An explicit name or path that does not resolve is an error, not a hint to guess.
        raise ConverterUnavailable(f"{INSTALL_HINT} (dicari: {soffice})")
    candidates = [
        "/usr/bin/soffice",
        "/usr/lib/libreoffice/program/soffice",
        "/opt/libreoffice/program/soffice",
        *sorted(str(p) for p in Path("/opt").glob("libreoffice*/program/soffice")),
        "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    ]
    for candidate in candidates:
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    raise ConverterUnavailable(INSTALL_HINT)


@lru_cache(maxsize=8)
def uno_available(python_uno: str = "/usr/bin/python3") -> bool:
    """Tell whether ``python_uno`` can import LibreOffice's ``uno`` module."""
    try:
        proc = subprocess.run(
            [python_uno, "-c", "import uno"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return proc.returncode == 0


def default_workers() -> int:
    """Return the number of CPU cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


# --------------------------------------------------------------------------- process helpers


def _kill_process_group(proc: subprocess.Popen[Any] | None) -> None:
    """Kill a ``start_new_session`` process and its whole group, and reap the leader."""
    if proc is None:
        return
    pgid = proc.pid
    if proc.poll() is None:
        # Kill the children first so the leader (oosplash) reaps soffice.bin itself: PID 1 in
        # containers often does not reap orphans, which would leave zombies behind.
        children: list[psutil.Process] = []
        with contextlib.suppress(psutil.Error):
            children = psutil.Process(pgid).children(recursive=True)
        for child in children:
            with contextlib.suppress(psutil.Error):
                child.kill()
        if children:
            # A leader without children (the UNO bridge) would not exit by itself: no wait.
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=2)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)


def _group_rss_mb(proc: subprocess.Popen[Any] | None) -> float:
    """Return the resident memory of a process and its descendants in MiB."""
    if proc is None:
        return 0.0
    total = 0
    with contextlib.suppress(psutil.Error):
        root = psutil.Process(proc.pid)
        for p in [root, *root.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                total += p.memory_info().rss
    return total / (1024 * 1024)


def _remove_quietly(path: Path) -> None:
    """Delete ``path`` if it exists."""
    with contextlib.suppress(FileNotFoundError, IsADirectoryError):
        path.unlink()


def _part_path(target: Path) -> Path:
    """Return a hidden temporary sibling of ``target`` to export into."""
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.part")


def _remove_pipe_sockets(*names: str) -> None:
    """Delete the socket files a killed soffice leaves behind in /tmp."""
    for name in names:
        for folder in ("/tmp", "/var/tmp"):
            _remove_quietly(Path(folder) / f"OSL_PIPE_{os.getuid()}_{name}")


def _single_office_pipe(profile: Path) -> str:
    """Return the name of soffice's single-instance pipe for ``profile``.

    LibreOffice names it after the MD5 of the UTF-16 profile URL, as unpadded hex bytes.
    """
    digest = hashlib.md5(profile.as_uri().encode("utf-16-le"), usedforsecurity=False).digest()
    return "SingleOfficeIPC_" + "".join(format(byte, "x") for byte in digest)


def _template_path(soffice: str) -> Path:
    """Return where an initialised profile for this LibreOffice installation is cached."""
    real = os.path.realpath(soffice)
    try:
        stamp = os.stat(real).st_mtime_ns
    except OSError:
        stamp = 0
    key = uuid.uuid5(uuid.NAMESPACE_URL, f"{real}:{stamp}").hex[:12]
    return Path(tempfile.gettempdir()) / f"pkgen-lo-template-{os.getuid()}-{key}"


def _seed_profile(profile: Path, soffice: str) -> None:
    """Copy the cached initialised profile into an empty ``profile`` directory.

    A fresh profile costs LibreOffice an extra internal restart on first start (exit code 81,
    handled by oosplash), about 0.4 s per worker.
    """
    if profile.exists():
        return
    template = _template_path(soffice)
    with contextlib.suppress(OSError):
        info = template.lstat()
        # Only trust a template this user created (it lives in a shared temp directory).
        if info.st_uid == os.getuid() and not template.is_symlink() and template.is_dir():
            shutil.copytree(template, profile, symlinks=True)
            _remove_quietly(profile / ".lock")


def _save_profile_template(profile: Path, soffice: str) -> None:
    """Cache ``profile`` (from a worker that started successfully) as the template."""
    template = _template_path(soffice)
    if template.exists() or not (profile / "user").is_dir():
        return
    staging = template.with_name(f"{template.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        shutil.copytree(profile, staging, symlinks=True)
        _remove_quietly(staging / ".lock")
        os.chmod(staging, 0o700)
        os.rename(staging, template)
    except OSError:
        pass
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# --------------------------------------------------------------------------- queue items


@dataclass
class _Item:
    """A submitted job with its future and retry bookkeeping."""

    job: ConversionJob
    future: Future[ConversionResult]
    attempts: int = 0
    started: float | None = None
    errors: list[str] = field(default_factory=list)


_STOP = object()


class _WorkerDied(Exception):
    """The worker's LibreOffice or bridge died; ``reason`` is for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _WorkerTimeout(Exception):
    """The worker did not answer within the document's timeout."""


class _Aborted(Exception):
    """The converter is shutting down without finishing queued work."""


# --------------------------------------------------------------------------- workers


class _Worker:
    """One LibreOffice instance (listener or batch runs) plus its temporary profile."""

    def __init__(self, converter: PdfConverter, index: int) -> None:
        self.conv = converter
        self.index = index
        self.lock = threading.RLock()
        self.root = Path(tempfile.mkdtemp(prefix=f"pkgen-lo{index}-"))
        self.profile = self.root / "profile"
        self.soffice: subprocess.Popen[bytes] | None = None
        self.bridge: subprocess.Popen[str] | None = None
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.stderr_tail: deque[str] = deque(maxlen=20)
        self.readers: list[threading.Thread] = []
        self.ready = False
        self.ready_event = threading.Event()
        self.docs_done = 0
        self.launches = 0
        self.thread: threading.Thread | None = None
        self.pipe: str | None = None
        self.ever_ready = False
        self._ids = itertools.count(1)

    # -- lifecycle ----------------------------------------------------------------------

    def soffice_command(self, *extra: str) -> list[str]:
        """Return the soffice command line for this worker's profile."""
        return [
            self.conv.soffice,
            *SOFFICE_FLAGS,
            f"-env:UserInstallation={self.profile.as_uri()}",
            *extra,
        ]

    def launch(self) -> None:
        """Start soffice listening on a private pipe and the UNO bridge connected to it."""
        with self.lock:
            if self.conv._aborting.is_set():
                raise _Aborted
            self.launches += 1
            try:
                self._spawn()
            except OSError as exc:
                self.stop()
                raise _WorkerDied(f"LibreOffice tidak dapat dijalankan: {exc}") from exc

    def _spawn(self) -> None:
        """Start the soffice listener and the bridge process (caller holds the lock)."""
        _seed_profile(self.profile, self.conv.soffice)
        # A fresh pipe name per launch: a killed office can leave its socket behind.
        pipe = f"pkgen_{os.getpid()}_{self.index}_{uuid.uuid4().hex[:10]}"
        self.pipe = pipe
        self.soffice = subprocess.Popen(
            self.soffice_command(f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.lines = queue.Queue()
        self.stderr_tail.clear()
        self.bridge = subprocess.Popen(
            [
                self.conv.python_uno,
                str(UNO_WORKER_SCRIPT),
                "--pipe",
                pipe,
                "--soffice-pgid",
                str(self.soffice.pid),
                "--connect-timeout",
                str(self.conv.startup_timeout),
                "--orphan-cleanup",
                str(self.root),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            bufsize=1,
            start_new_session=True,
        )
        self.ready = False
        self.ready_event.clear()
        self.docs_done = 0
        self.readers = [
            self._reader(self.bridge.stdout, self.lines.put, end=None),
            self._reader(self.bridge.stderr, self.stderr_tail.append),
        ]

    def _reader(
        self, stream: IO[str] | None, sink: Callable[[Any], None], end: object = ...
    ) -> threading.Thread:
        """Start a daemon thread copying lines of ``stream`` into ``sink``."""

        def pump() -> None:
            assert stream is not None
            try:
                for line in stream:
                    sink(line.rstrip("\n"))
            except (OSError, ValueError):
                pass
            finally:
                if end is not ...:
                    sink(end)

        thread = threading.Thread(target=pump, name=f"pkgen-lo{self.index}-pipe", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        """Kill soffice and the bridge and release their pipes (the profile is kept)."""
        with self.lock:
            if self.soffice is not None:
                _kill_process_group(self.soffice)
                pipes = [_single_office_pipe(self.profile)]
                if self.pipe is not None:
                    pipes.append(self.pipe)
                _remove_pipe_sockets(*pipes)
            self.soffice = None
            self.pipe = None
            bridge, self.bridge = self.bridge, None
            connected = self.ready
            self.ready = False
            self.ready_event.clear()
        if bridge is not None:
            with contextlib.suppress(OSError, ValueError):
                assert bridge.stdin is not None
                bridge.stdin.close()
            try:
                # A bridge still connecting does not read stdin (and its office is gone).
                bridge.wait(timeout=2 if connected else 0)
            except subprocess.TimeoutExpired:
                _kill_process_group(bridge)
            for thread in self.readers:
                thread.join(timeout=2)
            for stream in (bridge.stdout, bridge.stderr):
                if stream is not None:
                    with contextlib.suppress(OSError, ValueError):
                        stream.close()
        self.readers = []

    def destroy(self) -> None:
        """Stop the processes and delete the temporary profile."""
        self.stop()
        if self.ever_ready:
            _save_profile_template(self.profile, self.conv.soffice)
        shutil.rmtree(self.root, ignore_errors=True)

    def restart(self, fresh_profile: bool = False) -> None:
        """Stop and launch again; the profile is reused unless ``fresh_profile``."""
        self.stop()
        if fresh_profile:
            shutil.rmtree(self.profile, ignore_errors=True)
        self.launch()

    def alive(self) -> bool:
        """Tell whether both soffice and the bridge are still running."""
        return (
            self.soffice is not None
            and self.soffice.poll() is None
            and self.bridge is not None
            and self.bridge.poll() is None
        )

    def rss_mb(self) -> float:
        """Return the memory used by this worker's LibreOffice in MiB."""
        return _group_rss_mb(self.soffice)

    # -- talking to the bridge ---------------------------------------------------------

    def _next_line(self, deadline: float) -> str:
        """Return the bridge's next stdout line, or raise on timeout, death or abort."""
        while True:
            if self.conv._aborting.is_set():
                raise _Aborted
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _WorkerTimeout
            try:
                line = self.lines.get(timeout=min(remaining, 0.25))
            except queue.Empty:
                if self.soffice is None or self.soffice.poll() is not None:
                    raise _WorkerDied("LibreOffice berhenti tak terduga") from None
                continue
            if line is None:
                raise _WorkerDied(self._death_reason())
            if line.strip():
                return line

    def _next_message(self, deadline: float) -> dict[str, Any]:
        """Return the bridge's next JSON object, skipping stray non-JSON output."""
        while True:
            line = self._next_line(deadline)
            try:
                message = json.loads(line)
            except ValueError:
                self.stderr_tail.append(line)
                continue
            if isinstance(message, dict):
                return message

    def _death_reason(self) -> str:
        """Explain in Indonesian why the bridge stopped."""
        if self.soffice is not None and self.soffice.poll() is not None:
            return "LibreOffice berhenti tak terduga"
        tail = " | ".join(line for line in self.stderr_tail if line.strip())[-400:]
        return "jembatan UNO ke LibreOffice berhenti tak terduga" + (f" ({tail})" if tail else "")

    def wait_ready(self) -> None:
        """Block until the bridge reports it is connected to soffice."""
        if self.ready:
            return
        deadline = time.monotonic() + self.conv.startup_timeout + 5
        try:
            message = self._next_message(deadline)
        except _WorkerTimeout:
            raise _WorkerDied(
                f"LibreOffice tidak siap dalam {self.conv.startup_timeout:g} detik"
            ) from None
        if not message.get("ready"):
            raise _WorkerDied(f"LibreOffice tidak dapat dijalankan: {message.get('error')}")
        self.ready = True
        self.ever_ready = True
        self.ready_event.set()

    def request(self, source: Path, target: Path, timeout: float) -> dict[str, Any]:
        """Send one conversion to the bridge and return its reply."""
        if not self.alive() or self.bridge is None or self.bridge.stdin is None:
            raise _WorkerDied(self._death_reason())
        job_id = next(self._ids)
        payload = {"id": job_id, "source": str(source), "target": str(target)}
        try:
            self.bridge.stdin.write(json.dumps(payload, ensure_ascii=False) + "\n")
            self.bridge.stdin.flush()
        except (OSError, ValueError):
            raise _WorkerDied(self._death_reason()) from None
        deadline = time.monotonic() + timeout
        while True:
            reply = self._next_message(deadline)
            if reply.get("id") == job_id:
                return reply

    # -- main loops --------------------------------------------------------------------

    def run_uno(self) -> None:
        """Serve queued items one at a time until told to stop."""
        try:
            while True:
                # Warm up (or re-warm after a restart) while no job is waiting on us.
                with contextlib.suppress(_WorkerDied):
                    self._ensure_running()
                item = self.conv._queue.get()
                if item is _STOP:
                    return
                assert isinstance(item, _Item)
                if not item.future.set_running_or_notify_cancel():
                    continue
                try:
                    result = self._convert_uno(item)
                except _Aborted:
                    self.conv._finish(item, self._cancelled(item))
                    return
                except Exception as exc:
                    # Whatever went wrong, the caller gets an answer and the thread lives on.
                    result = self._result(item, False, f"kesalahan tak terduga: {exc!r}")
                    with contextlib.suppress(Exception):
                        self.stop()
                self.conv._finish(item, result)
        except _Aborted:
            return
        finally:
            self.stop()

    def _convert_uno(self, item: _Item) -> ConversionResult:
        """Convert one document, restarting the worker and retrying once if it hangs or dies."""
        job = item.job
        timeout = job.timeout if job.timeout is not None else self.conv.timeout
        item.started = time.monotonic()
        while True:
            item.attempts += 1
            # The bridge needs absolute paths: it runs in another working directory.
            part = _part_path(job.target.absolute())
            try:
                self._ensure_running()
                job.target.parent.mkdir(parents=True, exist_ok=True)
                reply = self.request(job.source.absolute(), part, timeout)
            except _WorkerTimeout:
                _remove_quietly(part)
                self.conv._count("timeout")
                item.errors.append(f"konversi PDF melebihi batas waktu {timeout:g} detik")
                self._relaunch()
            except _WorkerDied as died:
                _remove_quietly(part)
                self.conv._count("crash")
                item.errors.append(died.reason)
                self._relaunch(fresh_profile=not self.ready)
            except _Aborted:
                _remove_quietly(part)
                raise
            else:
                self.docs_done += 1
                if reply.get("ok"):
                    try:
                        os.replace(part, job.target)
                    except OSError as exc:
                        _remove_quietly(part)
                        _remove_quietly(job.target)
                        return self._result(item, False, f"PDF tidak dapat disimpan: {exc}")
                    self._maybe_recycle()
                    return self._result(item, True, None)
                _remove_quietly(part)
                _remove_quietly(job.target)
                if reply.get("fatal"):
                    self.conv._count("crash")
                    item.errors.append("LibreOffice berhenti tak terduga")
                    self._relaunch()
                else:
                    self._maybe_recycle()
                    return self._result(
                        item, False, f"LibreOffice gagal mengonversi dokumen: {reply.get('error')}"
                    )
            if item.attempts >= self.conv.max_attempts:
                _remove_quietly(job.target)
                return self._result(
                    item, False, f"{item.errors[-1]} (sudah dicoba {item.attempts} kali)"
                )

    def _ensure_running(self) -> None:
        """Launch (or relaunch a dead) worker if needed and wait until it accepts jobs."""
        if self.soffice is None or self.bridge is None:
            self.launch()
        elif not self.alive():
            # Died while idle (killed, out of memory): relaunch before sending the document.
            self.conv._count("crash")
            self.restart(fresh_profile=not self.ready)
        try:
            self.wait_ready()
        except _WorkerDied:
            # A profile that never came up is suspect: start the next launch from scratch.
            self.stop()
            shutil.rmtree(self.profile, ignore_errors=True)
            raise

    def _maybe_recycle(self) -> None:
        """Restart soffice after too many documents or when it uses too much memory."""
        reason = None
        if self.docs_done >= self.conv.max_docs_per_worker:
            reason = "recycle"
        elif self.rss_mb() > self.conv.max_worker_rss_mb:
            reason = "recycle_rss"
        if reason is not None:
            self.conv._count(reason)
            # The document at hand is done; shutdown or a failed relaunch is dealt with later.
            with contextlib.suppress(_Aborted):
                self._relaunch()

    def _relaunch(self, fresh_profile: bool = False) -> None:
        """Restart the worker; a failed start surfaces when the next job waits for it."""
        with contextlib.suppress(_WorkerDied):
            self.restart(fresh_profile=fresh_profile)

    def _cancelled(self, item: _Item) -> ConversionResult:
        """Return the result for a job abandoned by shutdown (its target removed)."""
        _remove_quietly(item.job.target)
        return self._result(item, False, "konversi dibatalkan")

    def _result(self, item: _Item, ok: bool, error: str | None) -> ConversionResult:
        """Build the final result for ``item``."""
        started = item.started if item.started is not None else time.monotonic()
        return ConversionResult(
            job=item.job,
            ok=ok,
            error=error,
            seconds=time.monotonic() - started,
            attempts=item.attempts,
            worker=self.index,
        )

    # -- batch mode --------------------------------------------------------------------

    def run_batch(self) -> None:
        """Convert queued items in batches with one ``soffice --convert-to`` per batch."""
        try:
            while True:
                first = self.conv._queue.get()
                if first is _STOP:
                    return
                batch = [first]
                stop_after = False
                # Take a fair share of what is queued so the other workers get some too.
                share = -(-(self.conv._queue.qsize() + 1) // self.conv.workers)
                while len(batch) < min(self.conv.batch_size, share):
                    try:
                        nxt = self.conv._queue.get_nowait()
                    except queue.Empty:
                        break
                    if nxt is _STOP:
                        stop_after = True
                        break
                    batch.append(nxt)
                items = [
                    i
                    for i in batch
                    if isinstance(i, _Item) and i.future.set_running_or_notify_cancel()
                ]
                try:
                    self._convert_batch(items)
                except _Aborted:
                    for item in items:
                        self.conv._finish(item, self._cancelled(item))
                    return
                if stop_after:
                    return
        except _Aborted:
            return
        finally:
            self.stop()

    def _convert_batch(self, items: list[_Item]) -> None:
        """Convert ``items``; documents lost to a timeout or crash are retried one by one."""
        pending = items
        while pending:
            # Output names are <stem>.pdf, so a batch may hold each stem only once.
            stems: set[str] = set()
            batch: list[_Item] = []
            rest: list[_Item] = []
            for item in pending:
                (rest if item.job.source.stem in stems else batch).append(item)
                stems.add(item.job.source.stem)
            retry = self._run_batch_once(batch)
            pending = retry + rest

    def _run_batch_once(self, items: list[_Item]) -> list[_Item]:
        """Run one soffice over ``items``; return those to retry on their own."""
        now = time.monotonic()
        for item in items:
            item.attempts += 1
            if item.started is None:
                item.started = now
        timeout = sum(i.job.timeout or self.conv.timeout for i in items) + self.conv.startup_timeout
        outdir = Path(tempfile.mkdtemp(prefix="out-", dir=self.root))
        cmd = self.soffice_command(
            "--convert-to",
            BATCH_FILTER,
            "--infilter=MS Word 2007 XML",
            "--outdir",
            str(outdir),
            *(str(i.job.source.absolute()) for i in items),
        )
        failure: str | None = None
        with self.lock:
            if self.conv._aborting.is_set():
                raise _Aborted
            self.launches += 1
            _seed_profile(self.profile, self.conv.soffice)
            try:
                self.soffice = subprocess.Popen(
                    cmd,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
            except OSError as exc:
                for item in items:
                    reason = f"LibreOffice tidak dapat dijalankan: {exc}"
                    self.conv._finish(item, self._result(item, False, reason))
                shutil.rmtree(outdir, ignore_errors=True)
                return []
        proc = self.soffice
        deadline = time.monotonic() + timeout
        while proc.poll() is None:
            if self.conv._aborting.is_set() or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        if proc.poll() is None:
            aborted = self.conv._aborting.is_set()
            self.stop()
            if aborted:
                shutil.rmtree(outdir, ignore_errors=True)
                raise _Aborted
            self.conv._count("timeout")
            failure = f"konversi PDF melebihi batas waktu {timeout:g} detik"
        elif proc.returncode not in (0, 1):
            self.conv._count("crash")
            failure = "LibreOffice berhenti tak terduga"
        else:
            self.ever_ready = True
        self.stop()
        produced = [outdir / f"{item.job.source.stem}.pdf" for item in items]
        complete = len(items)
        if failure is not None:
            # soffice converts in argument order; the last PDF it wrote may be truncated.
            written = [i for i, pdf in enumerate(produced) if pdf.is_file()]
            complete = written[-1] if written else 0
        retry: list[_Item] = []
        for index, (item, pdf) in enumerate(zip(items, produced, strict=True)):
            if index < complete and pdf.is_file():
                item.job.target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(pdf), item.job.target)
                self.conv._finish(item, self._result(item, True, None))
                continue
            _remove_quietly(item.job.target)
            if failure is not None and index >= complete:
                if item.attempts < self.conv.max_attempts:
                    item.errors.append(failure)
                    retry.append(item)
                    continue
                reason = f"{failure} (sudah dicoba {item.attempts} kali)"
            else:
                reason = "LibreOffice gagal mengonversi dokumen (berkas rusak atau bukan .docx?)"
            self.conv._finish(item, self._result(item, False, reason))
        shutil.rmtree(outdir, ignore_errors=True)
        return retry


# --------------------------------------------------------------------------- converter


class PdfConverter:
    """Pool of warm LibreOffice workers converting .docx files to PDF.

    Use as a context manager; :meth:`submit` jobs as they become ready or hand a list to
    :meth:`convert`. ``mode`` is ``"uno"`` (warm listeners) or ``"batch"`` (fallback).
    """

    max_attempts = 2
    batch_size = 50

    def __init__(
        self,
        workers: int | None = None,
        *,
        timeout: float = 120.0,
        max_docs_per_worker: int = 200,
        max_worker_rss_mb: int = 1500,
        soffice: str = "soffice",
        python_uno: str = "/usr/bin/python3",
        startup_timeout: float = 60.0,
        mode: Literal["auto", "uno", "batch"] = "auto",
    ) -> None:
        self.soffice = find_soffice(soffice)
        self.python_uno = python_uno
        self.workers = workers if workers is not None else default_workers()
        if self.workers < 1:
            raise ValueError("workers must be at least 1")
        self.timeout = timeout
        self.max_docs_per_worker = max_docs_per_worker
        self.max_worker_rss_mb = max_worker_rss_mb
        self.startup_timeout = startup_timeout
        if mode == "auto":
            self.mode: Mode = "uno" if uno_available(python_uno) else "batch"
        elif mode == "uno" and not uno_available(python_uno):
            raise ConverterUnavailable(
                f"{python_uno} tidak dapat mengimpor modul 'uno'. Pasang dengan: "
                "sudo apt-get install python3-uno"
            )
        else:
            self.mode = mode
        self.restarts: dict[str, int] = {"timeout": 0, "crash": 0, "recycle": 0, "recycle_rss": 0}
        self._queue: queue.Queue[object] = queue.Queue()
        self._workers: list[_Worker] = []
        self._aborting = threading.Event()
        self._state_lock = threading.Lock()
        self._started = False
        self._closed = False

    # -- public API --------------------------------------------------------------------

    def __enter__(self) -> PdfConverter:
        self.start()
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self.close(cancel_pending=exc_type is not None)

    def start(self) -> PdfConverter:
        """Launch all workers at once and return without waiting for them to be ready."""
        with self._state_lock:
            if self._closed:
                raise RuntimeError("PdfConverter sudah ditutup")
            if self._started:
                return self
            self._started = True
            _register(self)
            try:
                for index in range(self.workers):
                    worker = _Worker(self, index)
                    self._workers.append(worker)
                    if self.mode == "uno":
                        # A worker that fails to start is retried by its thread at the first job.
                        with contextlib.suppress(_WorkerDied):
                            worker.launch()
                for worker in self._workers:
                    target = worker.run_uno if self.mode == "uno" else worker.run_batch
                    worker.thread = threading.Thread(
                        target=target, name=f"pkgen-pdf-worker-{worker.index}", daemon=True
                    )
                    worker.thread.start()
            except BaseException:
                self._kill_now()
                raise
        return self

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Block until every UNO worker is connected; return False on timeout."""
        if self.mode != "uno":
            return True
        deadline = time.monotonic() + (timeout if timeout is not None else self.startup_timeout)
        return all(
            worker.ready_event.wait(max(0.0, deadline - time.monotonic()))
            for worker in self._workers
        )

    def submit(self, job: ConversionJob) -> Future[ConversionResult]:
        """Queue ``job`` and return a future resolving to its :class:`ConversionResult`."""
        if self._closed:
            raise RuntimeError("PdfConverter sudah ditutup")
        if not self._started:
            self.start()
        item = _Item(job=job, future=Future())
        self._queue.put(item)
        return item.future

    def convert(
        self,
        jobs: Iterable[ConversionJob],
        on_result: Callable[[ConversionResult], None] | None = None,
    ) -> list[ConversionResult]:
        """Convert ``jobs`` and return their results in the same order."""
        futures = [self.submit(job) for job in jobs]
        if on_result is not None:
            for fut in as_completed(futures):
                on_result(fut.result())
        return [fut.result() for fut in futures]

    def soffice_pids(self) -> list[int]:
        """Return the PIDs (= process group ids) of the running soffice processes."""
        return [w.soffice.pid for w in self._workers if w.soffice is not None]

    @property
    def process_groups(self) -> set[int]:
        """Every process group id this converter has started and not yet reaped."""
        groups = set(self.soffice_pids())
        for worker in self._workers:
            if worker.bridge is not None:
                groups.add(worker.bridge.pid)
        return groups

    def close(self, cancel_pending: bool = False) -> None:
        """Finish (or with ``cancel_pending`` abandon) queued jobs and stop all workers."""
        with self._state_lock:
            if self._closed:
                return
            self._closed = True
        try:
            if cancel_pending:
                self._abort()
            else:
                for _ in self._workers:
                    self._queue.put(_STOP)
                for worker in self._workers:
                    if worker.thread is not None:
                        worker.thread.join()
        except BaseException:
            # Ctrl-C while waiting for the queue to drain: drop everything.
            self._abort()
            raise
        finally:
            self._kill_now()
            _unregister(self)

    # -- internals ---------------------------------------------------------------------

    def _abort(self) -> None:
        """Cancel queued jobs, fail running ones and kill every worker."""
        self._aborting.set()
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if isinstance(item, _Item):
                item.future.cancel()
        for worker in self._workers:
            with worker.lock:
                _kill_process_group(worker.soffice)
        for _ in self._workers:
            self._queue.put(_STOP)
        for worker in self._workers:
            if worker.thread is not None and worker.thread is not threading.current_thread():
                worker.thread.join(timeout=10)

    def _kill_now(self) -> None:
        """Kill every process and delete every profile; safe to call more than once."""
        self._aborting.set()
        for worker in self._workers:
            worker.destroy()

    def _finish(self, item: _Item, result: ConversionResult) -> None:
        """Resolve ``item``'s future with ``result``."""
        if not item.future.done():
            item.future.set_result(result)

    def _count(self, reason: str) -> None:
        """Count a worker restart by reason."""
        with self._state_lock:
            self.restarts[reason] = self.restarts.get(reason, 0) + 1


# --------------------------------------------------------------------------- cleanup hooks

_LIVE: weakref.WeakSet[PdfConverter] = weakref.WeakSet()
_hooks_installed = False


def _register(conv: PdfConverter) -> None:
    """Track ``conv`` for the atexit and SIGTERM cleanup."""
    global _hooks_installed
    _LIVE.add(conv)
    if _hooks_installed:
        return
    _hooks_installed = True
    atexit.register(_cleanup_all)
    if threading.current_thread() is threading.main_thread():
        with contextlib.suppress(ValueError, OSError):
            if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
                signal.signal(signal.SIGTERM, _on_sigterm)


def _unregister(conv: PdfConverter) -> None:
    """Stop tracking ``conv``."""
    _LIVE.discard(conv)


def _cleanup_all() -> None:
    """Kill every live converter's LibreOffice processes and delete their profiles."""
    for conv in list(_LIVE):
        with contextlib.suppress(Exception):
            conv._kill_now()


def _on_sigterm(signum: int, frame: object) -> None:
    """Kill LibreOffice workers, then exit like the default SIGTERM action would."""
    _cleanup_all()
    sys.exit(128 + signum)


def started_converter(workers: int | None = None) -> PdfConverter | None:
    """A converter whose LibreOffice processes start now, so they warm up while the
    caller imports and loads; None when LibreOffice is missing (the build then says so)."""
    try:
        return PdfConverter(workers=workers).start()
    except ConverterUnavailable:
        return None
