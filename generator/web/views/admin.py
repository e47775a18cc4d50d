"""Admin pages: the book of a pemda, users and roles, the audit log; build job status."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from generator.build.kinds import KINDS
from generator.data.loading import output_parts
from generator.web import audit, builds
from generator.web.access import Action, guarded, may
from generator.web.accounts import AccountError, add_user, reset_password
from generator.web.changes import record_for
from generator.web.models import Assignment, AuditEvent, BuildJob, JobKind, Profile, Role
from generator.web.workspace import PemdaRef, current, valid_name


def book_files(pemda: PemdaRef) -> tuple[dict[str, Path], Path]:
    """The book PDFs (by kind) and the recap of a pemda in the final output folder."""
    parts = output_parts(pemda.folder, None)
    folder = current().final_root.joinpath(*parts)
    books = {kind.key: folder / f"{kind.book_stem}-{parts[0]}.pdf" for kind in KINDS.values()}
    return books, folder / f"rekap-pk-{parts[0]}.xlsx"


@guarded(Action.BOOK_VIEW)
def book(request: HttpRequest, pemda: PemdaRef) -> HttpResponse:
    workspace = current()
    skpds = workspace.skpds(pemda)
    approved = [s for s in skpds if record_for(s).approved is not None]
    waiting = [workspace.load(s).name for s in skpds if s not in approved]
    books, recap = book_files(pemda)
    jobs = builds.latest_jobs(pemda.id).filter(kind=JobKind.BUKU)[:5]
    return render(
        request,
        "pkgen/buku.html",
        {
            "pemda": pemda,
            "approved": len(approved),
            "total": len(skpds),
            "waiting": waiting,
            "books": [(key, KINDS[key].book_title, path.is_file()) for key, path in books.items()],
            "recap": recap.is_file(),
            "jobs": jobs,
            "can_build": may(request.user, Action.BOOK_BUILD),
        },
    )


@require_POST
@guarded(Action.BOOK_BUILD)
def book_build(request: HttpRequest, pemda: PemdaRef) -> HttpResponse:
    job = builds.enqueue(JobKind.BUKU, pemda, None, request.user)
    audit.record(request, "bangun-buku", pemda=pemda.id, detail=f"tugas {job.id}")
    messages.info(request, "Buku dimasukkan ke antrean pembuatan.")
    return redirect("buku", pemda=pemda.id)


@guarded(Action.BOOK_VIEW)
def book_download(request: HttpRequest, pemda: PemdaRef, what: str) -> FileResponse:
    books, recap = book_files(pemda)
    path = recap if what == "rekap" else books.get(what)
    if path is None or not path.is_file():
        raise Http404("belum dibuat")
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)


@guarded(Action.VIEW)
def job_state(request: HttpRequest, job: int) -> JsonResponse:
    item = get_object_or_404(BuildJob, id=job)
    pemda = current().pemda(item.pemda)
    skpd = current().skpd(item.pemda, item.skpd) if item.skpd else None
    allowed = (
        may(request.user, Action.VIEW, skpd)
        if skpd is not None
        else pemda is not None and may(request.user, Action.BOOK_VIEW)
    )
    if not allowed:
        raise Http404("tugas tidak ditemukan")
    return JsonResponse(
        {
            "keadaan": item.state,
            "label_keadaan": item.get_state_display(),
            "fase": item.phase,
            "keterangan": item.label,
            "selesai": item.done,
            "jumlah": item.total,
            "pesan": item.message,
        }
    )


@require_POST
@guarded(Action.BOOK_BUILD)
def job_retry(request: HttpRequest, job: int) -> HttpResponse:
    item = get_object_or_404(BuildJob, id=job)
    pemda = current().pemda(item.pemda)
    if pemda is None:
        raise Http404("pemda tidak ada")
    skpd = current().skpd(item.pemda, item.skpd) if item.skpd else None
    builds.enqueue(JobKind(item.kind), pemda, skpd, request.user)
    messages.info(request, "Dimasukkan lagi ke antrean.")
    return redirect("buku", pemda=pemda.id)


# --------------------------------------------------------------------------- users


@guarded(Action.USERS)
def users(request: HttpRequest) -> HttpResponse:
    workspace = current()
    choices = [
        (f"{p.id}/{s.stem}", f"{p.id} · {workspace.load(s).name}")
        for p in workspace.pemdas()
        for s in workspace.skpds(p)
    ]
    people = (
        get_user_model()
        .objects.select_related("pkgen")
        .prefetch_related("assignments")
        .order_by("username")
    )
    created = request.session.pop("pkgen_new_password", None)
    return render(
        request,
        "pkgen/pengguna.html",
        {"people": people, "roles": Role.choices, "skpd_choices": choices, "created": created},
    )


@require_POST
@guarded(Action.USERS)
def user_add(request: HttpRequest) -> HttpResponse:
    username = request.POST.get("username", "").strip()
    try:
        role = Role(request.POST.get("peran", ""))
    except ValueError:
        messages.error(request, "Pilih peran.")
        return redirect("pengguna")
    skpd = []
    for value in request.POST.getlist("skpd"):
        pemda, _, stem = value.partition("/")
        if current().skpd(pemda, stem) is None:
            messages.error(request, f"SKPD {value!r} tidak ada.")
            return redirect("pengguna")
        skpd.append((pemda, stem))
    if not valid_username(username):
        messages.error(request, "Nama pengguna: huruf kecil, angka, titik, garis; 3–40 karakter.")
        return redirect("pengguna")
    try:
        account = add_user(
            username,
            role,
            full_name=request.POST.get("nama", "").strip(),
            skpd=skpd if role is Role.OPERATOR else [],
        )
    except AccountError as exc:
        messages.error(request, f"Tidak dibuat: {exc}.")
        return redirect("pengguna")
    audit.record(request, "pengguna-baru", detail=f"{username} ({role.label})")
    request.session["pkgen_new_password"] = [account.username, account.password]
    return redirect("pengguna")


def valid_username(name: str) -> bool:
    return (
        3 <= len(name) <= 40
        and all(c.isalnum() or c in "._-" for c in name)
        and (name == name.lower())
    )


@require_POST
@guarded(Action.USERS)
def user_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    person = get_object_or_404(get_user_model(), id=user_id)
    password = reset_password(person.get_username())
    audit.record(request, "sandi-diatur-ulang", detail=person.get_username())
    request.session["pkgen_new_password"] = [person.get_username(), password]
    return redirect("pengguna")


@require_POST
@guarded(Action.USERS)
def user_change(request: HttpRequest, user_id: int) -> HttpResponse:
    person = get_object_or_404(get_user_model(), id=user_id)
    if person == request.user and request.POST.get("aktif") != "1":
        messages.error(request, "Anda tidak bisa menonaktifkan akun sendiri.")
        return redirect("pengguna")
    with transaction.atomic():
        person.is_active = request.POST.get("aktif") == "1"
        person.save(update_fields=["is_active"])
        try:
            role = Role(request.POST.get("peran", ""))
            Profile.objects.update_or_create(user=person, defaults={"role": role})
        except ValueError:
            role = None
        if role is Role.OPERATOR:
            Assignment.objects.filter(user=person).delete()
            for value in request.POST.getlist("skpd"):
                pemda, _, stem = value.partition("/")
                if valid_name(pemda) and current().skpd(pemda, stem) is not None:
                    Assignment.objects.create(user=person, pemda=pemda, skpd=stem)
    audit.record(request, "pengguna-diubah", detail=person.get_username())
    messages.success(request, f"Akun {person.get_username()} diperbarui.")
    return redirect("pengguna")


@guarded(Action.AUDIT)
def audit_log(request: HttpRequest) -> HttpResponse:
    events = AuditEvent.objects.select_related("user")
    if request.GET.get("aksi"):
        events = events.filter(action=request.GET["aksi"])
    page = Paginator(events, 100).get_page(request.GET.get("halaman"))
    return render(request, "pkgen/log.html", {"page": page, "aksi": request.GET.get("aksi", "")})
