"""Throughput-oriented .docx → PDF conversion with warm LibreOffice workers.

:class:`PdfConverter` keeps one LibreOffice (``soffice``) listener per worker, each with its
own temporary profile, and drives it through a small UNO bridge script
(``generator/pdf/uno_worker.py``) that runs under the system Python, the only interpreter that
can import ``uno`` (:mod:`generator.pdf.uno_mode`). Jobs are accepted as they come
(:meth:`PdfConverter.submit` returns a future), so rendering of later documents overlaps
conversion of earlier ones, and the workers' start-up (≈1 s each) happens in parallel with
whatever the caller does next.

When the system Python cannot import ``uno``, the converter falls back to *batch* mode
(:mod:`generator.pdf.batch_mode`): each worker hands its share of the queued files to one
``soffice --convert-to pdf`` run.

Robustness: a per-document timeout, a crash of LibreOffice and a UNO runtime exception all
lead to killing and restarting the worker and converting the document once more; workers
are recycled after ``max_docs_per_worker`` documents or when their memory grows too large;
a failed document never leaves a (partial or stale) target file. Everything LibreOffice
writes lives in a scratch folder (:mod:`generator.pdf.scratch`) whose guardian kills every
LibreOffice process of this converter when the process that owns it dies, even of SIGKILL;
on close, on exceptions, on SIGINT/SIGTERM and at interpreter exit they are killed here.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import os
import queue
import signal
import sys
import threading
import time
import weakref
import zipfile
from collections.abc import Callable, Iterable
from concurrent.futures import Future, as_completed
from dataclasses import dataclass
from typing import Literal

from generator.pdf.batch_mode import BatchWorker
from generator.pdf.jobs import ConversionJob, ConversionResult, ConverterUnavailable
from generator.pdf.office import (
    BATCH_FILTER,
    SOFFICE_FLAGS,
    default_workers,
    find_soffice,
    uno_available,
)
from generator.pdf.scratch import ScratchFolder
from generator.pdf.uno_mode import UnoWorker, WorkerDied
from generator.pdf.worker import STOP, Item, Worker

__all__ = [
    "BATCH_FILTER",
    "SOFFICE_FLAGS",
    "ConversionJob",
    "ConversionResult",
    "ConverterUnavailable",
    "PdfConverter",
    "default_workers",
    "document_size",
    "find_soffice",
    "started_converter",
    "uno_available",
]

Mode = Literal["uno", "batch"]

DEFAULT_TIMEOUT = 120.0  # seconds one attempt at one ordinary document may take


@dataclass(frozen=True)
class DocumentSize:
    """How big a .docx is for LibreOffice: the rows of its tables drive its layout time,
    more than linearly (measured with LibreOffice 7.4 on one core: a PK table of 1,000
    indikator rows 6 s, 2,000 rows 21 s, 4,000 rows 61 s in 40 sasaran and 236 s in one,
    a sasaran cell merged over all its rows)."""

    table_rows: int

    BIG = 1000  # rows from which a document is big: announced, and a timeout is final
    ROWS_PER_PAGE = 27
    LONGEST_TIMEOUT = 3600.0

    @property
    def big(self) -> bool:
        return self.table_rows >= self.BIG

    @property
    def pages(self) -> int:
        """A rough page count of a big document (its tables), for messages."""
        return max(1, self.table_rows // self.ROWS_PER_PAGE)

    @property
    def expected_seconds(self) -> float:
        """A rough conversion time: 6 s per 1,000 rows, growing with the square."""
        return 6.0 * (self.table_rows / 1000) ** 2

    def timeout(self, base: float) -> float:
        """The seconds to allow: ``base``, or three times the expected time of a big one."""
        if not self.big:
            return base
        return max(base, min(3 * self.expected_seconds, self.LONGEST_TIMEOUT))

    @property
    def note(self) -> str:
        """`dokumen besar: 10.000 baris tabel, ±370 halaman` (empty for ordinary ones)."""
        if not self.big:
            return ""
        rows = f"{self.table_rows:,}".replace(",", ".")
        return f"dokumen besar: {rows} baris tabel, ±{self.pages} halaman"


def document_size(docx: bytes) -> DocumentSize:
    """Count the table rows of a .docx (0 when it cannot be read)."""
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as archive:
            xml = archive.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        return DocumentSize(0)
    return DocumentSize(xml.count(b"<w:tr>") + xml.count(b"<w:tr ") + xml.count(b"<w:tr/>"))


class PdfConverter:
    """Pool of warm LibreOffice workers converting .docx files to PDF.

    Use as a context manager; :meth:`submit` jobs as they become ready or hand a list to
    :meth:`convert`. ``mode`` is ``"uno"`` (warm listeners) or ``"batch"`` (fallback).
    ``scratch`` is the build's scratch folder (the converter makes its own when None).
    """

    max_attempts = 2
    batch_size = 50

    def __init__(
        self,
        workers: int | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_docs_per_worker: int = 200,
        max_worker_rss_mb: int = 1500,
        soffice: str = "soffice",
        python_uno: str = "/usr/bin/python3",
        startup_timeout: float = 60.0,
        mode: Literal["auto", "uno", "batch"] = "auto",
        scratch: ScratchFolder | None = None,
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
        self.queue: queue.Queue[object] = queue.Queue()
        self.aborting = threading.Event()
        # The names of the offices' pipes start with it (the guardian deletes their sockets).
        self.pipe_prefix = f"pkgen_{os.getpid()}_{id(self):x}_"
        self._own_scratch = scratch is None
        self._scratch = scratch
        self._workers: list[Worker] = []
        self._state_lock = threading.Lock()
        self._started = False
        self._closed = False

    @property
    def scratch(self) -> ScratchFolder:
        assert self._scratch is not None, "PdfConverter.start() makes the scratch folder"
        return self._scratch

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
                if self._scratch is None:
                    self._scratch = ScratchFolder()
                # Before the first LibreOffice starts: none may outlive this process.
                self._scratch.guard(self.pipe_prefix)
                kind: type[Worker] = UnoWorker if self.mode == "uno" else BatchWorker
                for index in range(self.workers):
                    worker = kind(self, index)
                    self._workers.append(worker)
                    if isinstance(worker, UnoWorker):
                        # A worker that fails to start is retried by its thread at the first job.
                        with contextlib.suppress(WorkerDied):
                            worker.launch()
                for worker in self._workers:
                    worker.thread = threading.Thread(
                        target=worker.run, name=f"pkgen-pdf-worker-{worker.index}", daemon=True
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
            if isinstance(worker, UnoWorker)
        )

    def submit(self, job: ConversionJob) -> Future[ConversionResult]:
        """Queue ``job`` and return a future resolving to its :class:`ConversionResult`."""
        if self._closed:
            raise RuntimeError("PdfConverter sudah ditutup")
        if not self._started:
            self.start()
        item = Item(job=job, future=Future())
        self.queue.put(item)
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
            if isinstance(worker, UnoWorker) and worker.bridge is not None:
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
                    self.queue.put(STOP)
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

    def count_restart(self, reason: str) -> None:
        """Count a worker restart by reason."""
        with self._state_lock:
            self.restarts[reason] = self.restarts.get(reason, 0) + 1

    # -- internals ---------------------------------------------------------------------

    def _abort(self) -> None:
        """Cancel queued jobs, fail running ones and kill every worker."""
        self.aborting.set()
        while True:
            try:
                item = self.queue.get_nowait()
            except queue.Empty:
                break
            if isinstance(item, Item):
                item.future.cancel()
        for worker in self._workers:
            with worker.lock:
                worker.stop_processes()
        for _ in self._workers:
            self.queue.put(STOP)
        for worker in self._workers:
            if worker.thread is not None and worker.thread is not threading.current_thread():
                worker.thread.join(timeout=10)

    def _kill_now(self) -> None:
        """Kill every process and delete every profile; safe to call more than once."""
        self.aborting.set()
        for worker in self._workers:
            worker.destroy()
        if self._own_scratch and self._scratch is not None:
            self._scratch.close()


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


def started_converter(
    workers: int | None = None,
    *,
    timeout: float | None = None,
    scratch: ScratchFolder | None = None,
) -> PdfConverter | None:
    """A converter whose LibreOffice processes start now, so they warm up while the
    caller imports and loads; None when LibreOffice is missing (the build then says so)."""
    try:
        converter = PdfConverter(
            workers=workers,
            timeout=timeout if timeout is not None else DEFAULT_TIMEOUT,
            scratch=scratch,
        )
    except ConverterUnavailable:
        return None
    return converter.start()
