"""The verification workflow from the SKPD page, and rebuilding a draft by hand."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from generator.data.models.types import validate_signing_date
from generator.web import audit, builds, workflow
from generator.web.access import Action, guarded
from generator.web.changes import Conflict
from generator.web.models import JobKind
from generator.web.views.work import conflict_page
from generator.web.workspace import SkpdRef, current


def _back(skpd: SkpdRef) -> HttpResponse:
    return redirect("skpd", pemda=skpd.pemda.id, skpd=skpd.stem)


@require_POST
@guarded(Action.SUBMIT)
def submit(request: HttpRequest, skpd: SkpdRef) -> HttpResponse:
    try:
        workflow.submit(request, current().load(skpd))
        messages.success(request, "Data diajukan untuk diverifikasi; perubahan terkunci.")
    except workflow.WorkflowError as exc:
        messages.error(request, f"Tidak diajukan: {exc}.")
    return _back(skpd)


@require_POST
@guarded(Action.VERIFY)
def decide(request: HttpRequest, skpd: SkpdRef) -> HttpResponse:
    workspace = current()
    loaded = workspace.load(skpd)
    seen = request.POST.get("versi", "")
    if seen and seen != loaded.sha256:
        messages.error(
            request,
            "Data berubah sejak halaman ini dibuka; periksa lagi sebelum memutuskan.",
        )
        return _back(skpd)
    try:
        if request.POST.get("keputusan") == "setujui":
            workflow.approve(request, workspace, loaded)
            builds.enqueue(JobKind.FINAL, skpd.pemda, skpd, request.user)
            messages.success(request, "Disetujui. Dokumen final sedang dibuat; data terkunci.")
        elif request.POST.get("keputusan") == "kembalikan":
            notes = {
                key.removeprefix("catatan-"): str(value)
                for key, value in request.POST.items()
                if key.startswith("catatan-")
            }
            workflow.return_to_operator(request, loaded, notes, request.POST.get("catatan", ""))
            messages.success(request, "Dikembalikan ke operator dengan catatan.")
        else:
            messages.error(request, "Pilih setujui atau kembalikan.")
    except workflow.WorkflowError as exc:
        messages.error(request, f"Tidak diproses: {exc}.")
    return _back(skpd)


@require_POST
@guarded(Action.REOPEN)
def reopen(request: HttpRequest, skpd: SkpdRef) -> HttpResponse:
    try:
        workflow.reopen(request, skpd, request.POST.get("catatan", ""))
        messages.success(request, "Dibuka kembali: data bisa diubah lagi.")
    except workflow.WorkflowError as exc:
        messages.error(request, f"Tidak dibuka: {exc}.")
    return _back(skpd)


@require_POST
@guarded(Action.PERUBAHAN)
def perubahan(request: HttpRequest, skpd: SkpdRef) -> HttpResponse:
    workspace = current()
    loaded = workspace.load(skpd)
    errors = []
    try:
        nomor = int(request.POST.get("nomor", ""))
        if not 1 <= nomor <= 20:
            raise ValueError
    except ValueError:
        errors.append("nomor perubahan harus bilangan bulat 1 sampai 20")
        nomor = 0
    tanggal_text = request.POST.get("tanggal", "").strip()
    tanggal: datetime.date | str = tanggal_text
    try:
        tanggal = datetime.date.fromisoformat(tanggal_text)
    except ValueError:
        try:
            validate_signing_date(tanggal_text)
        except ValueError as exc:
            errors.append(f"tanggal: {exc}")
    alasan = request.POST.get("alasan", "").strip()
    if not alasan:
        errors.append("alasan perubahan wajib diisi")
    if errors:
        messages.error(request, "PK Perubahan belum dimulai: " + "; ".join(errors) + ".")
        return _back(skpd)
    try:
        result = workflow.start_perubahan(request, workspace, loaded, nomor, tanggal, alasan)
    except workflow.WorkflowError as exc:
        messages.error(request, f"PK Perubahan belum dimulai: {exc}.")
        return _back(skpd)
    if isinstance(result, Conflict):
        return conflict_page(request, skpd, result)
    audit.record(request, "perubahan", skpd, f"PK Perubahan ke-{nomor}: {alasan}")
    builds.enqueue(JobKind.DRAF, skpd.pemda, skpd, request.user)
    messages.success(
        request, f"PK Perubahan ke-{nomor} dimulai; data bisa diubah lalu diajukan kembali."
    )
    return _back(skpd)


@require_POST
@guarded(Action.BUILD)
def rebuild(request: HttpRequest, skpd: SkpdRef) -> HttpResponse:
    builds.enqueue(JobKind.DRAF, skpd.pemda, skpd, request.user)
    audit.record(request, "bangun-ulang", skpd)
    messages.info(request, "Dokumen dimasukkan ke antrean pembuatan.")
    return _back(skpd)
