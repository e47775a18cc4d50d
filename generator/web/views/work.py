"""Changing an SKPD's data: the target form and the workbook upload, both ending in
`changes.save_text` (conflict check, atomic write, git commit, version, draft build)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from generator.errors import Problem, SourceLocation
from generator.web import audit, builds, editing, revisions
from generator.web.access import Action, guarded, signed_in
from generator.web.changes import (
    EDITABLE,
    Conflict,
    Locked,
    record_for,
    save_text,
    versions_of,
)
from generator.web.models import JobKind, PendingUpload, Source, Status, Version
from generator.web.uploads import UploadRejected, check_xlsx, safe_name
from generator.web.workspace import SkpdRef, current, sha256_text
from generator.workbook.importer import plan_import


def _locked_message(state: str) -> str:
    return (
        f"Data SKPD ini berstatus {Status(state).label.lower()} dan terkunci; "
        "perubahan hanya setelah dikembalikan, dibuka kembali oleh admin, atau PK Perubahan dimulai."
    )


def save_and_build(
    request: HttpRequest, skpd: SkpdRef, text: str, base: str, source: Source
) -> HttpResponse:
    """Save through the one path every change takes, then show the result."""
    workspace = current()
    # What this user changed: from the version they started from (the file may have
    # moved on since; then the save is refused as a conflict, described the same way).
    started = versions_of(skpd).filter(sha256=base).order_by("-number").first()
    old_text = started.text if started is not None else workspace.load(skpd).text
    comparison = revisions.compare_texts(workspace, skpd, old_text, text, "semula", "menjadi")
    summary = revisions.change_summary(comparison)
    try:
        result = save_text(
            workspace,
            skpd,
            text,
            base_sha256=base,
            user=request.user,
            source=source,
            summary=summary,
        )
    except Locked as exc:
        messages.error(request, _locked_message(exc.status))
        return redirect("skpd", pemda=skpd.pemda.id, skpd=skpd.stem)
    if isinstance(result, Conflict):
        audit.record(request, "konflik", skpd, f"versi {result.attempt.number} tidak disimpan")
        return conflict_page(request, skpd, result)
    if result.changed:
        audit.record(
            request, f"simpan-{source.value}", skpd, f"versi {result.version.number}: {summary}"
        )
        builds.enqueue(JobKind.DRAF, skpd.pemda, skpd, request.user)
        messages.success(
            request,
            f"Disimpan sebagai versi {result.version.number}: {summary}. PDF sedang dibuat ulang.",
        )
    else:
        messages.info(request, "Tidak ada perubahan; berkas tidak diubah.")
    return redirect("skpd", pemda=skpd.pemda.id, skpd=skpd.stem)


def conflict_page(request: HttpRequest, skpd: SkpdRef, conflict: Conflict) -> HttpResponse:
    workspace = current()
    base_text = conflict.base.text if conflict.base is not None else conflict.current.text
    theirs = revisions.compare_texts(
        workspace, skpd, base_text, conflict.current.text, "versi Anda mulai", "versi tersimpan"
    )
    mine = revisions.compare_texts(
        workspace, skpd, base_text, conflict.attempt.text, "versi Anda mulai", "isian Anda"
    )
    return render(
        request,
        "pkgen/konflik.html",
        {"skpd": skpd, "conflict": conflict, "theirs": theirs, "mine": mine},
        status=409,
    )


def _refuse_locked(request: HttpRequest, skpd: SkpdRef) -> HttpResponse | None:
    """Submitted or approved data is not edited: back to the SKPD page, saying why."""
    state = record_for(skpd).status
    if state in EDITABLE:
        return None
    messages.error(request, _locked_message(state))
    return redirect("skpd", pemda=skpd.pemda.id, skpd=skpd.stem)


@guarded(Action.EDIT)
def edit(request: HttpRequest, skpd: SkpdRef) -> HttpResponse:
    refused = _refuse_locked(request, skpd)
    if refused is not None:
        return refused
    workspace = current()
    loaded = workspace.load(skpd)
    if request.method != "POST":
        form = editing.form_from_file(loaded)
        return render(request, "pkgen/ubah.html", _form_context(skpd, loaded, form))
    form = editing.form_from_post(request.POST)
    if request.POST.get("aksi", "simpan") != "simpan":
        return render(request, "pkgen/ubah.html", _form_context(skpd, loaded, form))
    text = editing.form_to_text(workspace, form, loaded)
    if text is None:
        return render(request, "pkgen/ubah.html", _form_context(skpd, loaded, form), status=400)
    return save_and_build(request, skpd, text, form.base, Source.FORMULIR)


MAX_TEXT = 2_000_000  # characters; the largest example SKPD file has 23,103


@guarded(Action.EDIT)
def edit_text(request: HttpRequest, skpd: SkpdRef) -> HttpResponse:
    """The SKPD's data file as text (any kind: a Rencana Kerja RB, the lampiran, what the
    form does not show), checked as a build loads it before it is saved the one way every
    change is saved (versions, conflicts, git, draft build)."""
    refused = _refuse_locked(request, skpd)
    if refused is not None:
        return refused
    workspace = current()
    loaded = workspace.load(skpd)
    if request.method != "POST":
        context = {"skpd": skpd, "loaded": loaded, "text": loaded.text, "base": loaded.sha256}
        return render(request, "pkgen/teks.html", context)
    text = request.POST.get("teks", "").replace("\r\n", "\n")
    if text and not text.endswith("\n"):
        text += "\n"
    base = request.POST.get("versi", "")
    problems = workspace.load(skpd, text).problems if len(text) <= MAX_TEXT else [_too_long(skpd)]
    errors = [p for p in problems if p.is_error]
    if errors or request.POST.get("aksi") != "simpan":
        context = {
            "skpd": skpd,
            "loaded": loaded,
            "text": text,
            "base": base,
            "problems": problems,
            "has_errors": bool(errors),
            "checked": True,
        }
        return render(request, "pkgen/teks.html", context, status=400 if errors else 200)
    return save_and_build(request, skpd, text, base, Source.TEKS)


def _too_long(skpd: SkpdRef) -> Problem:
    return Problem(
        SourceLocation.of(skpd.path), "", f"teks lebih dari {MAX_TEXT:,} karakter".replace(",", ".")
    )


def _form_context(skpd: SkpdRef, loaded: Any, form: editing.TargetForm) -> dict[str, Any]:
    return {
        "skpd": skpd,
        "loaded": loaded,
        "form": form,
        "satuan_choices": editing.SATUAN_CHOICES,
        "skala_choices": editing.SKALA_CHOICES,
    }


@guarded(Action.EDIT)
def upload(request: HttpRequest, skpd: SkpdRef) -> HttpResponse:
    refused = _refuse_locked(request, skpd)
    if refused is not None:
        return refused
    workspace = current()
    loaded = workspace.load(skpd)
    context: dict[str, Any] = {"skpd": skpd, "loaded": loaded}
    if request.method != "POST":
        return render(request, "pkgen/unggah.html", context)
    uploaded = request.FILES.get("berkas")
    if uploaded is None:
        context["rejected"] = "pilih berkas .xlsx yang akan diunggah"
        return render(request, "pkgen/unggah.html", context, status=400)
    name = safe_name(uploaded.name or "")
    try:
        check_xlsx(uploaded, uploaded.size or 0, settings.PKGEN_UPLOAD_MAX_BYTES)
    except UploadRejected as exc:
        audit.record(request, "unggah-ditolak", skpd, f"{name}: {exc}")
        context["rejected"] = str(exc)
        return render(request, "pkgen/unggah.html", context, status=400)
    scratch = Path(tempfile.mkdtemp(prefix="pkgen-unggah-"))
    try:
        path = scratch / name
        with open(path, "wb") as handle:
            uploaded.seek(0)
            shutil.copyfileobj(uploaded, handle)
        plan = plan_import([path], skpd.path.parent)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    problems = [
        {
            "where": p.location.where or "",
            "message": p.message,
            "error": p.is_error,
            "field": p.field,
        }
        for p in plan.problems
    ]
    context.update({"name": name, "problems": problems})
    planned = plan.files[0] if plan.ok and plan.files else None
    if planned is not None and planned.target.resolve() != skpd.path.resolve():
        context["problems"] = [
            {
                "where": "Identitas",
                "error": True,
                "field": "",
                "message": f"lembar kerja ini untuk SKPD '{planned.target.stem}', "
                f"bukan '{skpd.stem}'",
            }
        ]
        planned = None
    if planned is None:
        audit.record(request, "unggah-salah", skpd, f"{name}: {len(problems)} masalah")
        return render(request, "pkgen/unggah.html", context, status=400)
    base = sha256_text(planned.old_text or "")
    pending = PendingUpload.objects.create(
        pemda=skpd.pemda.id,
        skpd=skpd.stem,
        user=signed_in(request),
        filename=name,
        base_sha256=base,
        text=planned.new_text,
    )
    comparison = revisions.compare_texts(
        workspace, skpd, planned.old_text or "", planned.new_text, "semula", "menjadi"
    )
    context.update(
        {
            "pending": pending,
            "comparison": comparison,
            "unchanged": planned.status == "tidak berubah",
        }
    )
    audit.record(request, "unggah-diperiksa", skpd, f"{name}: siap disimpan")
    return render(request, "pkgen/unggah.html", context)


@require_POST
@guarded(Action.EDIT)
def upload_save(request: HttpRequest, skpd: SkpdRef, pending: str) -> HttpResponse:
    item = get_object_or_404(
        PendingUpload, id=pending, pemda=skpd.pemda.id, skpd=skpd.stem, user=request.user
    )
    text, base = item.text, item.base_sha256
    item.delete()
    return save_and_build(request, skpd, text, base, Source.UNGGAHAN)


@require_POST
@guarded(Action.EDIT)
def conflict_apply(request: HttpRequest, skpd: SkpdRef, number: int) -> HttpResponse:
    """Apply the user's own unapplied attempt over the version now in the file (a
    deliberate choice after seeing the other change)."""
    attempt = get_object_or_404(
        Version,
        pemda=skpd.pemda.id,
        skpd=skpd.stem,
        number=number,
        applied=False,
        author=request.user,
    )
    base = request.POST.get("versi", "")
    return save_and_build(request, skpd, attempt.text, base, Source(attempt.source))
