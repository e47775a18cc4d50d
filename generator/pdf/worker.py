"""What every conversion worker shares, whatever way it drives LibreOffice: its folder and
profile, its soffice process, the queue items it answers, and stopping and reporting.

The two ways are :class:`generator.pdf.uno_mode.UnoWorker` (a warm listener driven over
UNO) and :class:`generator.pdf.batch_mode.BatchWorker` (``soffice --convert-to`` runs).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.pdf.jobs import ConversionJob, ConversionResult
from generator.pdf.office import (
    SOFFICE_FLAGS,
    kill_process_group,
    office_environment,
    remove_quietly,
    save_profile_template,
    seed_profile,
)

if TYPE_CHECKING:
    from generator.pdf.convert import PdfConverter


@dataclass
class Item:
    """A submitted job with its future and retry bookkeeping."""

    job: ConversionJob
    future: Future[ConversionResult]
    attempts: int = 0
    started: float | None = None
    errors: list[str] = field(default_factory=list)
    timed_out: bool = False


STOP = object()


class WorkerDied(Exception):
    """The worker's LibreOffice or bridge died; ``reason`` is for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class WorkerTimeout(Exception):
    """The worker did not answer within the document's timeout."""


class Aborted(Exception):
    """The converter is shutting down without finishing queued work."""


def timeout_message(seconds: float, job: ConversionJob) -> str:
    """`konversi PDF melebihi batas waktu 120 detik (dokumen ±400 halaman)`."""
    note = f" ({job.size_note})" if job.size_note else ""
    return f"konversi PDF melebihi batas waktu {seconds:g} detik{note}"


class Worker:
    """One LibreOffice instance plus its folder (profile, temporary files) in the scratch
    folder of the converter."""

    def __init__(self, converter: PdfConverter, index: int) -> None:
        self.conv = converter
        self.index = index
        self.lock = threading.RLock()
        self.root = Path(tempfile.mkdtemp(prefix=f"lo{index}-", dir=converter.scratch.path))
        self.profile = self.root / "profile"
        self.soffice: subprocess.Popen[bytes] | None = None
        self.launches = 0
        self.thread: threading.Thread | None = None
        self.ever_ready = False

    def run(self) -> None:
        """Serve the converter's queue until told to stop (the worker thread's body)."""
        raise NotImplementedError

    def soffice_command(self, *extra: str) -> list[str]:
        """Return the soffice command line for this worker's profile."""
        return [
            self.conv.soffice,
            *SOFFICE_FLAGS,
            f"-env:UserInstallation={self.profile.as_uri()}",
            *extra,
        ]

    def start_soffice(self, *extra: str) -> subprocess.Popen[bytes]:
        """Start soffice in its own session, its temporary files in this worker's folder."""
        seed_profile(self.profile, self.conv.soffice)
        self.soffice = subprocess.Popen(
            self.soffice_command(*extra),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=office_environment(self.root / "tmp"),
            start_new_session=True,
        )
        return self.soffice

    def stop_processes(self) -> None:
        """Kill LibreOffice at once (shutdown); the worker's thread then gives up its job."""
        kill_process_group(self.soffice)

    def stop(self) -> None:
        """Kill this worker's processes (the profile is kept)."""
        with self.lock:
            kill_process_group(self.soffice)
            self.soffice = None

    def destroy(self) -> None:
        """Stop the processes and delete the worker's folder."""
        self.stop()
        if self.ever_ready:
            save_profile_template(self.profile, self.conv.soffice)
        shutil.rmtree(self.root, ignore_errors=True)

    def cancelled(self, item: Item) -> ConversionResult:
        """Return the result for a job abandoned by shutdown (its target removed)."""
        remove_quietly(item.job.target)
        return self.result(item, False, "konversi dibatalkan")

    def result(self, item: Item, ok: bool, error: str | None) -> ConversionResult:
        """Build the final result for ``item``."""
        started = item.started if item.started is not None else time.monotonic()
        return ConversionResult(
            job=item.job,
            ok=ok,
            error=error,
            seconds=time.monotonic() - started,
            attempts=item.attempts,
            worker=self.index,
            timed_out=item.timed_out and not ok,
        )

    def finish(self, item: Item, result: ConversionResult) -> None:
        """Resolve ``item``'s future with ``result``."""
        if not item.future.done():
            item.future.set_result(result)

    def count(self, reason: str) -> None:
        """Count a worker restart by reason."""
        self.conv.count_restart(reason)

    def next_item(self) -> Any:
        """Block for the next queued item (or :data:`STOP`)."""
        return self.conv.queue.get()
