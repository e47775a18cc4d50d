"""What the dashboard and the SKPD page show about each SKPD: data, document and workflow
status, the last change and the verification recap — read, never written, so a page view
changes nothing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db.models import Count, Max

from generator.build.manifest import Manifest
from generator.build.naming import output_path
from generator.data.ladder import ladder_order
from generator.web.models import (
    BuildJob,
    Decision,
    JobKind,
    JobState,
    Review,
    SkpdRecord,
    Status,
    Version,
)
from generator.web.workspace import LoadedSkpd, PemdaRef, SkpdRef, Workspace


class DocState:
    BUILDING = ("dibuat", "sedang dibuat")
    CURRENT = ("mutakhir", "mutakhir")
    STALE = ("usang", "usang")
    FAILED = ("gagal", "gagal")
    NONE = ("belum", "belum dibuat")
    INVALID = ("tidak-valid", "data tidak valid")


@dataclass
class SkpdRow:
    loaded: LoadedSkpd
    status: str = Status.DRAF
    document: tuple[str, str] = DocState.NONE
    job: BuildJob | None = None
    last: dict[str, Any] | None = None
    changed_outside: bool = False
    recap: Counter[str] = field(default_factory=Counter)
    approved_number: int | None = None

    @property
    def ref(self) -> SkpdRef:
        return self.loaded.ref

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def approved_is_current(self) -> bool:
        return self.status == Status.DISETUJUI


def document_state(
    workspace: Workspace, loaded: LoadedSkpd, manifest: Manifest, job: BuildJob | None
) -> tuple[str, str]:
    """The draft document of the file as it is now: being built, current, stale, failed."""
    if job is not None and job.state in (JobState.ANTRI, JobState.BERJALAN):
        return DocState.BUILDING
    if loaded.agreement is None:
        return DocState.INVALID
    docx = output_path(loaded.agreement, workspace.draft_root)
    entry = manifest.documents.get(manifest.relative(docx))
    built = docx.with_suffix(".pdf").is_file() or docx.is_file()
    if entry is not None and entry.inputs.get("data") == loaded.sha256 and built:
        return DocState.CURRENT
    if job is not None and job.state == JobState.GAGAL and job.data_sha256 == loaded.sha256:
        return DocState.FAILED
    if entry is not None:
        return DocState.STALE
    return DocState.NONE


def rows(workspace: Workspace, pemda: PemdaRef, refs: list[SkpdRef]) -> list[SkpdRow]:
    """One row per SKPD, with everything read in a handful of queries."""
    stems = [r.stem for r in refs]
    records = {
        r.skpd: r
        for r in SkpdRecord.objects.filter(pemda=pemda.id, skpd__in=stems).select_related(
            "approved"
        )
    }
    newest = (
        Version.objects.filter(pemda=pemda.id, skpd__in=stems, applied=True)
        .values("skpd")
        .annotate(last=Max("number"))
    )
    wanted = {(v["skpd"], v["last"]) for v in newest}
    last = {
        v["skpd"]: v
        for v in Version.objects.filter(pemda=pemda.id, skpd__in=stems, applied=True)
        .filter(number__in={n for _, n in wanted})
        .values(
            "skpd",
            "number",
            "sha256",
            "created",
            "source",
            "author__username",
            "author__first_name",
        )
        if (v["skpd"], v["number"]) in wanted
    }
    job_ids = (
        BuildJob.objects.filter(pemda=pemda.id, skpd__in=stems, kind=JobKind.DRAF)
        .values("skpd")
        .annotate(last=Max("id"))
    )
    jobs = {j.skpd: j for j in BuildJob.objects.filter(id__in=[j["last"] for j in job_ids])}
    recaps: dict[str, Counter[str]] = {}
    for item in (
        Review.objects.filter(pemda=pemda.id, skpd__in=stems)
        .values("skpd", "decision")
        .annotate(n=Count("id"))
    ):
        recaps.setdefault(item["skpd"], Counter())[item["decision"]] = item["n"]
    manifest = workspace.draft_manifest()
    result = []
    for ref in refs:
        loaded = workspace.load(ref)
        record = records.get(ref.stem)
        job = jobs.get(ref.stem)
        row = SkpdRow(
            loaded,
            status=record.status if record else Status.DRAF,
            document=document_state(workspace, loaded, manifest, job),
            job=job,
            last=dict(last[ref.stem]) if ref.stem in last else None,
            recap=recaps.get(ref.stem, Counter()),
            approved_number=record.approved.number if record and record.approved else None,
        )
        row.changed_outside = row.last is not None and row.last["sha256"] != loaded.sha256
        result.append(row)
    return result


def counts(found: list[SkpdRow]) -> dict[str, int]:
    """The dashboard's figures. A jabatan's PK is part of its SKPD: the SKPD are counted
    once, and the anggaran of each SKPD is that of its highest PKs in view (the head's;
    the PKs below it support parts of the same programs, so adding them counts twice)."""
    top: dict[str, int] = {}
    for row in found:
        top[row.loaded.unit_key] = min(row.loaded.level, top.get(row.loaded.unit_key, 9))
    return {
        "skpd": len(top),
        "dokumen": len(found),
        "jabatan": sum(1 for r in found if r.loaded.level > 0),
        "valid": sum(1 for r in found if r.loaded.valid),
        "kesalahan": sum(1 for r in found if not r.loaded.valid),
        "mutakhir": sum(1 for r in found if r.document == DocState.CURRENT),
        "diajukan": sum(1 for r in found if r.status == Status.DIAJUKAN),
        "dikembalikan": sum(1 for r in found if r.status == Status.DIKEMBALIKAN),
        "disetujui": sum(1 for r in found if r.status == Status.DISETUJUI),
        "anggaran": sum(
            r.loaded.anggaran or 0 for r in found if r.loaded.level == top[r.loaded.unit_key]
        ),
    }


def in_ladder_order(found: list[SkpdRow]) -> list[SkpdRow]:
    """By SKPD name, each SKPD's PKs as its ladder goes: the head's PK, then each PK
    followed by those below it."""
    place = ladder_order([r.loaded.agreement for r in found if r.loaded.agreement is not None])

    def key(row: SkpdRow) -> tuple[Any, ...]:
        agreement = row.loaded.agreement
        where = place.get(agreement.name, ()) if agreement is not None else ()
        return (row.loaded.unit.lower(), row.loaded.unit_key, where, row.loaded.name.lower())

    return sorted(found, key=key)


RECAP_KEYS = (Decision.DIAJUKAN, Decision.DIKEMBALIKAN, Decision.DISETUJUI)


def shown_pdf(workspace: Workspace, row: SkpdRow) -> tuple[Path | None, bool]:
    """The PDF the SKPD page shows: the final one when the approved version is the file's
    present content, else the draft (marked DRAF). (path or None, is_final)."""
    approved = approved_loaded(workspace, row.ref)
    if (
        row.status == Status.DISETUJUI
        and approved is not None
        and approved.sha256 == row.loaded.sha256
    ):
        final = workspace.final_pdf(approved)
        if final is not None and final.is_file():
            return final, True
    draft = workspace.draft_pdf(row.loaded)
    if draft is not None and draft.is_file():
        return draft, False
    return None, False


def pdf_version(pdf: Path | None) -> int:
    """The shown PDF's modification time: part of preview URLs and of the panel key."""
    if pdf is None:
        return 0
    try:
        return pdf.stat().st_mtime_ns
    except OSError:  # replaced or removed by a build between two looks
        return 0


def panel_key(row: SkpdRow, pdf: Path | None, final: bool) -> str:
    """Everything the document panel shows, in one string: the page renders it with the
    panel and app.js polls it, so a change between the render and the first poll (a final
    build finishing while the page loads) still refreshes the panel."""
    job = row.job
    return "|".join(
        [
            row.document[0],
            str(row.status),
            str(pdf_version(pdf)),
            "final" if final else "draf",
            f"{job.state}:{job.phase}:{job.done}" if job is not None else "",
        ]
    )


def approved_loaded(workspace: Workspace, ref: SkpdRef) -> LoadedSkpd | None:
    """The approved copy of an SKPD, loaded as a build loads it (None if never approved)."""
    path = workspace.approved_path(ref)
    if not path.is_file():
        return None
    approved_ref = SkpdRef(ref.pemda, ref.stem, path)
    return workspace.load(approved_ref)
