"""The fallback way, when the system Python cannot import ``uno``: each worker hands its
share of the queued files to one ``soffice --convert-to pdf`` run. Documents lost to a
timeout or a crash of that run are converted again, one by one."""

from __future__ import annotations

import queue
import shutil
import tempfile
import time
from pathlib import Path

from generator.pdf.office import batch_filter, remove_quietly
from generator.pdf.worker import STOP, Aborted, Item, Worker, timeout_message


class BatchWorker(Worker):
    """Runs ``soffice --convert-to`` over batches of queued documents."""

    def run(self) -> None:
        """Convert queued items in batches with one ``soffice --convert-to`` per batch."""
        try:
            while True:
                first = self.next_item()
                if first is STOP:
                    return
                batch = [first]
                stop_after = False
                # Take a fair share of what is queued so the other workers get some too.
                share = -(-(self.conv.queue.qsize() + 1) // self.conv.workers)
                while len(batch) < min(self.conv.batch_size, share):
                    try:
                        nxt = self.conv.queue.get_nowait()
                    except queue.Empty:
                        break
                    if nxt is STOP:
                        stop_after = True
                        break
                    batch.append(nxt)
                items = [
                    i
                    for i in batch
                    if isinstance(i, Item) and i.future.set_running_or_notify_cancel()
                ]
                try:
                    self._convert_batch(items)
                except Aborted:
                    for item in items:
                        self.finish(item, self.cancelled(item))
                    return
                if stop_after:
                    return
        except Aborted:
            return
        finally:
            self.stop()

    def _convert_batch(self, items: list[Item]) -> None:
        """Convert ``items``; documents lost to a timeout or crash are retried one by one."""
        pending = items
        while pending:
            # Output names are <stem>.pdf, so a batch may hold each stem only once; one
            # soffice run has one export filter, so one batch is all PDF/A or none.
            stems: set[str] = set()
            batch: list[Item] = []
            rest: list[Item] = []
            pdfa = pending[0].job.pdfa
            for item in pending:
                other = item.job.source.stem in stems or item.job.pdfa != pdfa
                (rest if other else batch).append(item)
                stems.add(item.job.source.stem)
            retry = self._run_once(batch)
            pending = retry + rest

    def _run_once(self, items: list[Item]) -> list[Item]:
        """Run one soffice over ``items``; return those to retry on their own."""
        now = time.monotonic()
        for item in items:
            item.attempts += 1
            if item.started is None:
                item.started = now
        timeout = sum(i.job.timeout or self.conv.timeout for i in items) + self.conv.startup_timeout
        outdir = Path(tempfile.mkdtemp(prefix="out-", dir=self.root))
        failure = self._soffice_run(items, outdir, timeout)
        produced = [outdir / f"{item.job.source.stem}.pdf" for item in items]
        complete = len(items)
        if failure is not None:
            # soffice converts in argument order; the last PDF it wrote may be truncated.
            written = [i for i, pdf in enumerate(produced) if pdf.is_file()]
            complete = written[-1] if written else 0
        retry: list[Item] = []
        for index, (item, pdf) in enumerate(zip(items, produced, strict=True)):
            if index < complete and pdf.is_file():
                item.job.target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(pdf), item.job.target)
                self.finish(item, self.result(item, True, None))
                continue
            remove_quietly(item.job.target)
            if failure is not None and index >= complete:
                item.timed_out = failure.startswith("konversi PDF melebihi")
                final = item.timed_out and not item.job.retry_after_timeout
                if item.attempts < self.conv.max_attempts and not final:
                    item.errors.append(failure)
                    retry.append(item)
                    continue
                reason = f"{failure} (sudah dicoba {item.attempts} kali)"
            else:
                reason = "LibreOffice gagal mengonversi dokumen (berkas rusak atau bukan .docx?)"
            self.finish(item, self.result(item, False, reason))
        shutil.rmtree(outdir, ignore_errors=True)
        return retry

    def _soffice_run(self, items: list[Item], outdir: Path, timeout: float) -> str | None:
        """Run soffice over ``items`` into ``outdir``; the reason when it did not finish."""
        with self.lock:
            if self.conv.aborting.is_set():
                raise Aborted
            self.launches += 1
            try:
                proc = self.start_soffice(
                    "--convert-to",
                    batch_filter(items[0].job.pdfa),
                    "--infilter=MS Word 2007 XML",
                    "--outdir",
                    str(outdir),
                    *(str(i.job.source.absolute()) for i in items),
                )
            except OSError as exc:
                return f"LibreOffice tidak dapat dijalankan: {exc}"
        deadline = time.monotonic() + timeout
        while proc.poll() is None:
            if self.conv.aborting.is_set() or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        failure = None
        if proc.poll() is None:
            aborted = self.conv.aborting.is_set()
            self.stop()
            if aborted:
                shutil.rmtree(outdir, ignore_errors=True)
                raise Aborted
            self.count("timeout")
            first = items[0].job if len(items) == 1 else None
            failure = (
                timeout_message(timeout, first)
                if first is not None
                else f"konversi PDF melebihi batas waktu {timeout:g} detik"
            )
        elif proc.returncode not in (0, 1):
            self.count("crash")
            failure = "LibreOffice berhenti tak terduga"
        else:
            self.ever_ready = True
        self.stop()
        return failure
