"""The verification workflow: draf → diajukan → dikembalikan (with notes per item) or
disetujui → locked, until an admin reopens it or a PK Perubahan is started.

Approval records the exact version approved (its text and SHA-256). The final documents
and the book are built from a copy of the data folder holding only approved versions
(`Workspace.approved_root`): the YAML folder stays the truth of what is being worked on,
the approved copy is what is signed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from generator.build.writer import OutputWriter
from generator.data.loading import PEMDA_FILE
from generator.web import audit
from generator.web.changes import Conflict, Saved, current_version, record_for, save_text
from generator.web.models import Decision, Review, ReviewNote, SkpdRecord, Source, Status
from generator.web.workspace import LoadedSkpd, SkpdRef, Workspace
from generator.workbook.yamlmerge import with_perubahan


class WorkflowError(Exception):
    """A step not possible in the current state; the message is shown as written."""


@dataclass(frozen=True)
class Item:
    """Something a verifikator can write a note on."""

    key: str
    label: str


def items_of(loaded: LoadedSkpd) -> list[Item]:
    """The identity, every indikator and every program of a PK, as notes can name them."""
    found = [Item("umum", "Umum / identitas dan penandatangan")]
    if not loaded.is_pk:
        return found
    assert loaded.agreement is not None
    model = loaded.agreement.model
    for s, sasaran in enumerate(model.sasaran, start=1):
        for i, indikator in enumerate(sasaran.indikator, start=1):
            found.append(Item(f"indikator-{s}-{i}", f"Indikator {s}.{i}: {indikator.uraian}"))
    for p, program in enumerate(model.program, start=1):
        found.append(Item(f"program-{p}", f"Program {p}: {program.nama}"))
    return found


def _step(
    request: Any,
    skpd: SkpdRef,
    allowed: tuple[Status, ...],
    new: Status,
    decision: Decision,
    note: str = "",
) -> Review:
    with transaction.atomic():
        record = SkpdRecord.objects.select_for_update().get(pk=record_for(skpd).pk)
        if record.status not in allowed:
            raise WorkflowError(
                f"tidak bisa: status SKPD ini {Status(record.status).label.lower()}"
            )
        version = current_version(skpd)
        record.status = new
        if decision is Decision.DISETUJUI:
            record.approved = version
        record.save()
        review = Review.objects.create(
            pemda=skpd.pemda.id,
            skpd=skpd.stem,
            version=version,
            decision=decision,
            user=request.user,
            note=note,
        )
    audit.record(request, decision.value, skpd, f"versi {version.number}. {note}".strip())
    return review


def submit(request: Any, loaded: LoadedSkpd) -> Review:
    if loaded.errors:
        raise WorkflowError(
            f"data masih memiliki {len(loaded.errors)} kesalahan; perbaiki sebelum diajukan"
        )
    return _step(
        request,
        loaded.ref,
        (Status.DRAF, Status.DIKEMBALIKAN),
        Status.DIAJUKAN,
        Decision.DIAJUKAN,
    )


def return_to_operator(
    request: Any, loaded: LoadedSkpd, notes: dict[str, str], general: str
) -> Review:
    labels = {item.key: item.label for item in items_of(loaded)}
    notes = {k: v.strip() for k, v in notes.items() if k in labels and v.strip()}
    if not notes and not general.strip():
        raise WorkflowError("tulis catatan: apa yang harus diperbaiki")
    review = _step(
        request,
        loaded.ref,
        (Status.DIAJUKAN,),
        Status.DIKEMBALIKAN,
        Decision.DIKEMBALIKAN,
        general.strip(),
    )
    for key, note in notes.items():
        ReviewNote.objects.create(review=review, item=key, label=labels[key], note=note)
    return review


def approve(request: Any, workspace: Workspace, loaded: LoadedSkpd) -> Review:
    review = _step(request, loaded.ref, (Status.DIAJUKAN,), Status.DISETUJUI, Decision.DISETUJUI)
    write_approved_copy(workspace, loaded.ref, review.version.text)
    return review


def reopen(request: Any, skpd: SkpdRef, note: str) -> Review:
    return _step(
        request,
        skpd,
        (Status.DIAJUKAN, Status.DISETUJUI),
        Status.DRAF,
        Decision.DIBUKA,
        note.strip() or "dibuka kembali oleh admin",
    )


def start_perubahan(
    request: Any,
    workspace: Workspace,
    loaded: LoadedSkpd,
    nomor: int,
    tanggal: datetime.date | str,
    alasan: str,
) -> Saved | Conflict:
    """Declare the next PK Perubahan in the file and unlock it for editing."""
    if not loaded.is_pk:
        raise WorkflowError("PK Perubahan hanya untuk Perjanjian Kinerja")
    record = record_for(loaded.ref)
    if record.status == Status.DIAJUKAN:
        raise WorkflowError("data sedang diverifikasi; tunggu hasilnya dulu")
    text = with_perubahan(loaded.text, loaded.ref.path, nomor, tanggal, alasan)
    result = save_text(
        workspace,
        loaded.ref,
        text,
        base_sha256=loaded.sha256,
        user=request.user,
        source=Source.PERUBAHAN,
        summary=f"PK Perubahan ke-{nomor} dimulai: {alasan}",
        allow_locked=True,
    )
    if isinstance(result, Saved):
        with transaction.atomic():
            record = SkpdRecord.objects.select_for_update().get(pk=record.pk)
            if record.status == Status.DISETUJUI:
                record.status = Status.DRAF
                record.save()
                Review.objects.create(
                    pemda=loaded.ref.pemda.id,
                    skpd=loaded.ref.stem,
                    version=result.version,
                    decision=Decision.DIBUKA,
                    user=request.user,
                    note=f"PK Perubahan ke-{nomor} dimulai",
                )
    return result


def write_approved_copy(workspace: Workspace, skpd: SkpdRef, text: str) -> None:
    """Put the approved text into the approved copy of the data folder, with the files
    every SKPD of its folder is built with (pemda.yaml, logo, shared `_….yaml`)."""
    folder = workspace.approved_path(skpd).parent
    writer = OutputWriter(folder)
    for source in [skpd.pemda.folder / PEMDA_FILE, *skpd.pemda.folder.glob("_*.yaml")]:
        writer.rewrite_bytes(folder / source.name, source.read_bytes())
    for source in skpd.pemda.folder.iterdir():
        if source.is_file() and source.suffix.lower() in (".png", ".jpg", ".jpeg"):
            writer.rewrite_bytes(folder / source.name, source.read_bytes())
    writer.rewrite_bytes(workspace.approved_path(skpd), text.encode("utf-8"))
