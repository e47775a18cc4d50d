"""Builds in the background, inside the server process: a queue in the database and one
worker thread with a warm LibreOffice pool.

Each save queues a draft build of its SKPD (marked DRAF); an approval queues the final
build of the approved version; the book page queues the book of a pemda, built from the
approved copy. One build runs at a time (every build of one output folder shares its
manifest), in the order queued; a job already waiting is not queued twice. The state of
every job is in the database: a job that was running when the server stopped is shown as
interrupted after a restart and can be queued again.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import close_old_connections, transaction
from django.utils import timezone

from generator.build.pipeline import build
from generator.build.report import BuildOptions, BuildReport, Status
from generator.data.loading import output_parts
from generator.errors import PkgenError
from generator.pdf.convert import ConverterUnavailable, PdfConverter
from generator.templates import shipped_templates
from generator.web.models import AuditEvent, BuildJob, JobKind, JobState
from generator.web.previews import make_previews
from generator.web.workflow import write_approved_copy
from generator.web.workspace import PemdaRef, SkpdRef, Workspace, sha256_text
from generator.workbook.recap import write_recap

log = logging.getLogger(__name__)

DRAFT_MARK = "DRAF"
PROGRESS_INTERVAL = 0.3  # seconds between progress writes


def enqueue(
    kind: JobKind, pemda: PemdaRef, skpd: SkpdRef | None, user: Any, *, priority: int = 1
) -> BuildJob:
    """Queue a build (or return the same one already waiting) and wake the worker."""
    stem = skpd.stem if skpd is not None else ""
    with transaction.atomic():
        waiting = BuildJob.objects.filter(
            kind=kind, pemda=pemda.id, skpd=stem, state=JobState.ANTRI
        ).first()
        if waiting is not None and waiting.priority < priority:
            waiting.priority = priority
            waiting.save(update_fields=["priority"])
        job = waiting or BuildJob.objects.create(
            kind=kind, pemda=pemda.id, skpd=stem, requested_by=user, priority=priority
        )
    if WORKER is not None:
        WORKER.wake()
    return job


def recover_interrupted() -> int:
    """Mark the jobs a stopped server left running as interrupted; how many there were."""
    return BuildJob.objects.filter(state=JobState.BERJALAN).update(
        state=JobState.TERPUTUS,
        finished=timezone.now(),
        message="server berhenti saat build ini berjalan; ulangi bila perlu",
    )


def warm_up(workspace: Workspace) -> int:
    """Queue, behind anything someone waits for, a draft of every valid SKPD whose draft
    is missing or stale, so pages show previews from the start; how many were queued."""
    from generator.web.status import DocState, document_state

    manifest = workspace.draft_manifest()
    queued = 0
    for pemda in workspace.pemdas():
        for skpd in workspace.skpds(pemda):
            loaded = workspace.load(skpd)
            if loaded.valid and document_state(workspace, loaded, manifest, None) in (
                DocState.NONE,
                DocState.STALE,
            ):
                enqueue(JobKind.DRAF, pemda, skpd, None, priority=0)
                queued += 1
    return queued


def latest_jobs(pemda: str, skpd: str = "") -> Any:
    return BuildJob.objects.filter(pemda=pemda, skpd=skpd).order_by("-created", "-id")


class BuildWorker:
    """The one worker thread of a server process (see the module docstring)."""

    def __init__(
        self,
        workspace: Callable[[], Workspace],
        converter: PdfConverter | None,
        templates: Path | None = None,
    ):
        self.workspace = workspace
        self.converter = converter
        self.templates = templates or shipped_templates()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="pkgen-build", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                worked = self.run_pending()
            except Exception:  # the worker must survive anything one job does
                log.exception("build worker")
                worked = False
            finally:
                close_old_connections()
            if not worked:
                self._wake.wait(1.0)  # other processes may queue jobs too: poll
                self._wake.clear()

    def run_pending(self) -> bool:
        """Run every queued job in order; whether there was any."""
        worked = False
        while not self._stop.is_set():
            job = self._claim()
            if job is None:
                return worked
            worked = True
            self.run(job)
        return worked

    def _claim(self) -> BuildJob | None:
        with transaction.atomic():
            job = (
                BuildJob.objects.select_for_update(skip_locked=True)
                .filter(state=JobState.ANTRI)
                .order_by("-priority", "created", "id")
                .first()
            )
            if job is None:
                return None
            job.state = JobState.BERJALAN
            job.started = timezone.now()
            job.save(update_fields=["state", "started"])
        return job

    def run(self, job: BuildJob) -> None:
        workspace = self.workspace()
        progress = _Progress(job)
        try:
            if job.kind == JobKind.BUKU:
                report = self._book(workspace, job, progress)
            else:
                report = self._skpd(workspace, job, progress)
        except (PkgenError, ConverterUnavailable, OSError) as exc:
            _finish(job, JobState.GAGAL, str(exc), {})
            return
        failed = [o for o in report.outcomes if o.status is Status.FAILED]
        outcome = {
            "skpd": [
                {
                    "label": o.label,
                    "status": o.status.value,
                    "keterangan": "; ".join(p for p in [*o.reasons, o.why, *o.notes] if p),
                }
                for o in report.outcomes
            ],
            "buku": [
                {
                    "path": b.path.name,
                    "status": b.status.value,
                    "note": b.note,
                    "members": b.members,
                }
                for b in report.books
            ],
            "peringatan": [str(p) for p in report.warnings][:50],
            "fase": {k: round(v, 2) for k, v in report.phases.items()},
            "detik": round(report.seconds, 2),
        }
        state = JobState.GAGAL if failed or not report.ok else JobState.SELESAI
        message = "; ".join(f"{o.label}: {'; '.join(o.reasons)}" for o in failed)
        _finish(job, state, message, outcome)

    def _options(self, out_root: Path, **extra: Any) -> BuildOptions:
        converter = self.converter
        return BuildOptions(
            out_root=out_root,
            templates=self.templates,
            pdf=converter is not None,
            converter=(lambda: converter) if converter is not None else None,
            keep_converter=True,
            **extra,
        )

    def _skpd(self, workspace: Workspace, job: BuildJob, progress: _Progress) -> BuildReport:
        skpd = workspace.skpd(job.pemda, job.skpd)
        if skpd is None:
            raise PkgenError(f"SKPD {job.skpd!r} tidak ada lagi di folder data")
        if job.kind == JobKind.DRAF:
            path, out = skpd.path, workspace.draft_root
            options = self._options(out, watermark=DRAFT_MARK)
        else:
            path, out = workspace.approved_path(skpd), workspace.final_root
            if not path.is_file():
                raise PkgenError("belum ada versi yang disetujui")
            options = self._options(out)
        job.data_sha256 = sha256_text(path.read_text(encoding="utf-8-sig"))
        job.save(update_fields=["data_sha256"])
        report = build([path], options, progress)
        for outcome in report.outcomes:
            for pdf in (p for p in outcome.outputs if p.suffix == ".pdf"):
                make_previews(pdf, workspace.state / "pratinjau")
        return report

    def _book(self, workspace: Workspace, job: BuildJob, progress: _Progress) -> BuildReport:
        pemda = workspace.pemda(job.pemda)
        if pemda is None:
            raise PkgenError(f"pemda {job.pemda!r} tidak ada lagi di folder data")
        from generator.web.changes import record_for

        approved = []
        for skpd in workspace.skpds(pemda):
            record = record_for(skpd)
            if record.approved is not None:
                write_approved_copy(workspace, skpd, record.approved.text)
                approved.append(skpd.path.name)
        folder = workspace.approved_root / pemda.relative
        if not approved:
            raise PkgenError("belum ada SKPD yang disetujui; buku tidak dibuat")
        for stale in folder.glob("*.yaml"):
            # An SKPD file removed from the data folder leaves the approved copy too.
            keep = stale.name.startswith("_") or stale.name == "pemda.yaml"
            if not keep and stale.name not in approved:
                stale.unlink()
        report = build([folder], self._options(workspace.final_root, allow_partial=False), progress)
        progress.phase("rekap", "rekap .xlsx")
        parts = output_parts(folder, None)
        recap = workspace.final_root.joinpath(*parts, f"rekap-pk-{parts[0]}.xlsx")
        problems = write_recap([folder], recap)
        report.warnings.extend(p for p in problems if not p.is_error)
        return report


class _Progress:
    """The pipeline's progress callback, written to the job at most every 0.3 s."""

    def __init__(self, job: BuildJob):
        self.job = job
        self.last = 0.0

    def __call__(self, phase: str, label: str, done: int, total: int) -> None:
        if phase == "konversi" and done == total:
            phase, label = "buku", "menyusun buku (bila seluruh folder dibangun)"
        now = time.monotonic()
        if now - self.last < PROGRESS_INTERVAL and done != total:
            return
        self.last = now
        self.job.phase, self.job.label, self.job.done, self.job.total = phase, label, done, total
        with contextlib.suppress(Exception):  # progress is best effort, never fatal
            self.job.save(update_fields=["phase", "label", "done", "total"])

    def phase(self, phase: str, label: str) -> None:
        self.job.phase, self.job.label = phase, label
        self.job.save(update_fields=["phase", "label"])


def _finish(job: BuildJob, state: JobState, message: str, outcome: dict[str, Any]) -> None:
    job.state = state
    job.message = message[:4000]
    job.outcome = outcome
    job.finished = timezone.now()
    job.save(update_fields=["state", "message", "outcome", "finished"])
    AuditEvent.objects.create(
        user=job.requested_by,
        username=job.requested_by.get_username() if job.requested_by else "",
        action=f"build-{job.kind}-{state}",
        pemda=job.pemda,
        skpd=job.skpd,
        detail=message[:4000],
    )


WORKER: BuildWorker | None = None


def start_worker(workspace: Callable[[], Workspace], workers: int | None = None) -> BuildWorker:
    """Start LibreOffice (warming up now) and the worker thread of this process."""
    global WORKER
    try:
        converter: PdfConverter | None = PdfConverter(workers=workers).start()
    except ConverterUnavailable as exc:
        log.warning("LibreOffice tidak tersedia (%s): hanya .docx yang dibuat", exc)
        converter = None
    WORKER = BuildWorker(workspace, converter)
    WORKER.start()
    return WORKER
