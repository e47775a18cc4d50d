"""The warm way: one LibreOffice listener per worker, driven through the UNO bridge script
(``generator/pdf/uno_worker.py``, run by the system Python, the one that imports ``uno``).

A document whose LibreOffice dies, hangs past its timeout or answers with a UNO runtime
exception (``com.sun.star.uno.RuntimeException: illegal object given!`` is what a killed
office often says) is converted again, once, on a freshly started LibreOffice. Only a
document LibreOffice cannot read (a corrupt file) fails at once.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import queue
import shutil
import subprocess
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from generator.pdf.jobs import ConversionResult
from generator.pdf.office import (
    BROKEN_HINT,
    group_rss_mb,
    kill_process_group,
    office_environment,
    part_path,
    remove_pipe_sockets,
    remove_quietly,
    single_office_pipe,
)
from generator.pdf.worker import (
    STOP,
    Aborted,
    Item,
    Worker,
    WorkerDied,
    WorkerTimeout,
    timeout_message,
)

if TYPE_CHECKING:
    from generator.pdf.convert import PdfConverter

UNO_WORKER_SCRIPT = Path(__file__).with_name("uno_worker.py")
OFFICE_DIED = "LibreOffice berhenti tak terduga"


class UnoWorker(Worker):
    """A LibreOffice listener and the UNO bridge connected to it."""

    def __init__(self, converter: PdfConverter, index: int) -> None:
        super().__init__(converter, index)
        self.bridge: UnoBridge | None = None
        self.ready = False
        self.ready_event = threading.Event()
        self.docs_done = 0
        self.pipe: str | None = None

    # -- lifecycle ----------------------------------------------------------------------

    def launch(self) -> None:
        """Start soffice listening on a private pipe and the UNO bridge connected to it."""
        with self.lock:
            if self.conv.aborting.is_set():
                raise Aborted
            self.launches += 1
            try:
                self._spawn()
            except OSError as exc:
                self.stop()
                raise WorkerDied(f"LibreOffice tidak dapat dijalankan: {exc}") from exc

    def _spawn(self) -> None:
        """Start the soffice listener and the bridge process (caller holds the lock)."""
        # A fresh pipe name per launch: a killed office can leave its socket behind.
        pipe = f"{self.conv.pipe_prefix}{self.index}_{uuid.uuid4().hex[:10]}"
        self.pipe = pipe
        soffice = self.start_soffice(f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext")
        self.bridge = UnoBridge(self, pipe, soffice.pid)
        self.ready = False
        self.ready_event.clear()
        self.docs_done = 0

    def stop(self) -> None:
        """Kill soffice and the bridge and release their pipes (the profile is kept)."""
        with self.lock:
            if self.soffice is not None:
                kill_process_group(self.soffice)
                pipes = [single_office_pipe(self.profile)]
                if self.pipe is not None:
                    pipes.append(self.pipe)
                remove_pipe_sockets(*pipes)
            self.soffice = None
            self.pipe = None
            bridge, self.bridge = self.bridge, None
            connected = self.ready
            self.ready = False
            self.ready_event.clear()
        if bridge is not None:
            bridge.close(connected)

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

    # -- talking to the bridge ---------------------------------------------------------

    def wait_ready(self) -> None:
        """Block until the bridge reports it is connected to soffice."""
        if self.ready:
            return
        if self.bridge is None:
            raise WorkerDied(OFFICE_DIED)
        deadline = time.monotonic() + self.conv.startup_timeout + 5
        try:
            message = self.bridge.next_message(deadline)
        except WorkerTimeout:
            raise WorkerDied(
                f"LibreOffice tidak siap dalam {self.conv.startup_timeout:g} detik; {BROKEN_HINT}"
            ) from None
        except WorkerDied as died:
            raise WorkerDied(f"{died.reason} saat dimulai; {BROKEN_HINT}") from None
        if not message.get("ready"):
            raise WorkerDied(
                f"LibreOffice tidak dapat dijalankan: {message.get('error')}; {BROKEN_HINT}"
            )
        self.ready = True
        self.ever_ready = True
        self.ready_event.set()

    # -- main loop ---------------------------------------------------------------------

    def run(self) -> None:
        """Serve queued items one at a time until told to stop."""
        try:
            while True:
                # Warm up (or re-warm after a restart) while no job is waiting on us.
                with contextlib.suppress(WorkerDied):
                    self._ensure_running()
                item = self.next_item()
                if item is STOP:
                    return
                assert isinstance(item, Item)
                if not item.future.set_running_or_notify_cancel():
                    continue
                try:
                    result = self._convert(item)
                except Aborted:
                    self.finish(item, self.cancelled(item))
                    return
                except Exception as exc:
                    # Whatever went wrong, the caller gets an answer and the thread lives on.
                    result = self.result(item, False, f"kesalahan tak terduga: {exc!r}")
                    with contextlib.suppress(Exception):
                        self.stop()
                self.finish(item, result)
        except Aborted:
            return
        finally:
            self.stop()

    def _convert(self, item: Item) -> ConversionResult:
        """Convert one document; a fresh LibreOffice and one more try when it hangs or dies."""
        job = item.job
        timeout = job.timeout if job.timeout is not None else self.conv.timeout
        item.started = time.monotonic()
        while True:
            item.attempts += 1
            item.timed_out = False
            # The bridge needs absolute paths: it runs in another working directory.
            part = part_path(job.target.absolute())
            try:
                self._ensure_running()
                job.target.parent.mkdir(parents=True, exist_ok=True)
                assert self.bridge is not None
                reply = self.bridge.request(job.source.absolute(), part, timeout, job.pdfa)
            except WorkerTimeout:
                remove_quietly(part)
                self.count("timeout")
                item.timed_out = True
                item.errors.append(timeout_message(timeout, job))
                self._relaunch()
            except WorkerDied as died:
                remove_quietly(part)
                self.count("crash")
                item.errors.append(died.reason)
                self._relaunch(fresh_profile=not self.ready)
            except Aborted:
                remove_quietly(part)
                raise
            else:
                self.docs_done += 1
                if reply.get("ok"):
                    return self._install(item, part)
                remove_quietly(part)
                remove_quietly(job.target)
                if not self._office_failed(reply):
                    self._maybe_recycle()
                    return self.result(
                        item, False, f"LibreOffice gagal mengonversi dokumen: {reply.get('error')}"
                    )
                self.count("crash")
                item.errors.append(OFFICE_DIED)
                self._relaunch()
            final = item.timed_out and not job.retry_after_timeout
            if final or item.attempts >= self.conv.max_attempts:
                remove_quietly(job.target)
                if final:
                    return self.result(item, False, item.errors[-1])
                return self.result(
                    item, False, f"{item.errors[-1]} (sudah dicoba {item.attempts} kali)"
                )

    def _office_failed(self, reply: dict[str, Any]) -> bool:
        """Whether a failed reply is LibreOffice's fault (died, lost its bridge, or a UNO
        runtime exception), not the document's: then a fresh office tries again."""
        if reply.get("fatal") or reply.get("retry"):
            return True
        # A killed office may answer before its process is reaped: look again briefly.
        deadline = time.monotonic() + 0.5
        while time.monotonic() < deadline:
            if not self.alive():
                return True
            time.sleep(0.05)
        return False

    def _install(self, item: Item, part: Path) -> ConversionResult:
        """Put a finished PDF at its target."""
        try:
            os.replace(part, item.job.target)
        except OSError as exc:
            remove_quietly(part)
            remove_quietly(item.job.target)
            return self.result(item, False, f"PDF tidak dapat disimpan: {exc}")
        self._maybe_recycle()
        return self.result(item, True, None)

    def _ensure_running(self) -> None:
        """Launch (or relaunch a dead) worker if needed and wait until it accepts jobs."""
        if self.soffice is None or self.bridge is None:
            self.launch()
        elif not self.alive():
            # Died while idle (killed, out of memory): relaunch before sending the document.
            self.count("crash")
            self.restart(fresh_profile=not self.ready)
        try:
            self.wait_ready()
        except WorkerDied:
            # A profile that never came up is suspect: start the next launch from scratch.
            self.stop()
            shutil.rmtree(self.profile, ignore_errors=True)
            raise

    def _maybe_recycle(self) -> None:
        """Restart soffice after too many documents or when it uses too much memory."""
        reason = None
        if self.docs_done >= self.conv.max_docs_per_worker:
            reason = "recycle"
        elif group_rss_mb(self.soffice) > self.conv.max_worker_rss_mb:
            reason = "recycle_rss"
        if reason is not None:
            self.count(reason)
            # The document at hand is done; shutdown or a failed relaunch is dealt with later.
            with contextlib.suppress(Aborted):
                self._relaunch()

    def _relaunch(self, fresh_profile: bool = False) -> None:
        """Restart the worker; a failed start surfaces when the next job waits for it."""
        with contextlib.suppress(WorkerDied):
            self.restart(fresh_profile=fresh_profile)


class UnoBridge:
    """The bridge process of one launch and its pipes: a JSON line out, a JSON line back."""

    def __init__(self, worker: UnoWorker, pipe: str, soffice_pid: int) -> None:
        self.worker = worker
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.stderr_tail: deque[str] = deque(maxlen=20)
        self._ids = itertools.count(1)
        conv = worker.conv
        self.process: subprocess.Popen[str] = subprocess.Popen(
            [
                conv.python_uno,
                str(UNO_WORKER_SCRIPT),
                "--pipe",
                pipe,
                "--soffice-pgid",
                str(soffice_pid),
                "--connect-timeout",
                str(conv.startup_timeout),
                "--orphan-cleanup",
                str(worker.root),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            bufsize=1,
            env=office_environment(worker.root / "tmp"),
            start_new_session=True,
        )
        self.readers = [
            self._reader(self.process.stdout, self.lines.put, end=None),
            self._reader(self.process.stderr, self.stderr_tail.append),
        ]

    @property
    def pid(self) -> int:
        return self.process.pid

    def poll(self) -> int | None:
        return self.process.poll()

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

        name = f"pkgen-lo{self.worker.index}-pipe"
        thread = threading.Thread(target=pump, name=name, daemon=True)
        thread.start()
        return thread

    def close(self, connected: bool) -> None:
        """End the bridge: end of file on its stdin, killed if it does not exit."""
        with contextlib.suppress(OSError, ValueError):
            assert self.process.stdin is not None
            self.process.stdin.close()
        try:
            # A bridge still connecting does not read stdin (and its office is gone).
            self.process.wait(timeout=2 if connected else 0)
        except subprocess.TimeoutExpired:
            kill_process_group(self.process)
        for thread in self.readers:
            thread.join(timeout=2)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                with contextlib.suppress(OSError, ValueError):
                    stream.close()

    def next_line(self, deadline: float) -> str:
        """Return the bridge's next stdout line, or raise on timeout, death or abort."""
        while True:
            if self.worker.conv.aborting.is_set():
                raise Aborted
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WorkerTimeout
            try:
                line = self.lines.get(timeout=min(remaining, 0.25))
            except queue.Empty:
                soffice = self.worker.soffice
                if soffice is None or soffice.poll() is not None:
                    raise WorkerDied(OFFICE_DIED) from None
                continue
            if line is None:
                raise WorkerDied(self.death_reason())
            if line.strip():
                return line

    def next_message(self, deadline: float) -> dict[str, Any]:
        """Return the bridge's next JSON object, skipping stray non-JSON output."""
        while True:
            line = self.next_line(deadline)
            try:
                message = json.loads(line)
            except ValueError:
                self.stderr_tail.append(line)
                continue
            if isinstance(message, dict):
                return message

    def death_reason(self) -> str:
        """Explain in Indonesian why the bridge stopped."""
        soffice = self.worker.soffice
        if soffice is not None and soffice.poll() is not None:
            return OFFICE_DIED
        tail = " | ".join(line for line in self.stderr_tail if line.strip())[-400:]
        return "jembatan UNO ke LibreOffice berhenti tak terduga" + (f" ({tail})" if tail else "")

    def request(
        self, source: Path, target: Path, timeout: float, pdfa: bool = False
    ) -> dict[str, Any]:
        """Send one conversion to the bridge and return its reply."""
        stdin = self.process.stdin
        if stdin is None or not self.worker.alive():
            raise WorkerDied(self.death_reason())
        job_id = next(self._ids)
        payload = {"id": job_id, "source": str(source), "target": str(target), "pdfa": pdfa}
        try:
            stdin.write(json.dumps(payload, ensure_ascii=False) + "\n")
            stdin.flush()
        except (OSError, ValueError):
            raise WorkerDied(self.death_reason()) from None
        deadline = time.monotonic() + timeout
        while True:
            reply = self.next_message(deadline)
            if reply.get("id") == job_id:
                return reply
