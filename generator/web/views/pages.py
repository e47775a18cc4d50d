"""The dashboard and the SKPD page, with its previews, downloads and live status."""

from __future__ import annotations

import re
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone

from generator.context.perjanjian import perjanjian_context
from generator.web import status
from generator.web.access import Action, guarded, may, role_of, sees, sees_pemda
from generator.web.models import Review, Status
from generator.web.previews import make_previews
from generator.web.workflow import items_of
from generator.web.workspace import LoadedSkpd, PemdaRef, SkpdRef, current
from generator.workbook.export import agreement_workbook

SORTS = {
    "status": lambda r: r.status,
    "dokumen": lambda r: r.document[0],
    "anggaran": lambda r: r.loaded.anggaran or 0,
    "perubahan": lambda r: r.last["created"] if r.last else timezone.now().replace(year=1970),
    "kesalahan": lambda r: len(r.loaded.errors),
}


def home(request: HttpRequest) -> HttpResponse:
    """The first pemda the user may see."""
    for pemda in current().pemdas():
        if sees_pemda(request.user, pemda):
            return redirect("dasbor", pemda=pemda.id)
    if role_of(request.user) is None:
        return render(
            request,
            "pkgen/galat.html",
            {"judul": "Akun tanpa peran", "pesan": "Minta admin memberi peran pada akun Anda."},
            status=403,
        )
    return render(
        request,
        "pkgen/galat.html",
        {"judul": "Belum ada data", "pesan": "Folder data belum berisi pemda (pemda.yaml)."},
    )


def visible_skpd(request: HttpRequest, pemda: PemdaRef) -> list[SkpdRef]:
    return [s for s in current().skpds(pemda) if sees(request.user, s)]


@guarded(Action.VIEW)
def dashboard(request: HttpRequest, pemda: PemdaRef) -> HttpResponse:
    workspace = current()
    found = status.rows(workspace, pemda, visible_skpd(request, pemda))
    totals = status.counts(found)
    query = request.GET.get("q", "").strip().lower()
    wanted_status = request.GET.get("status", "")
    wanted_doc = request.GET.get("dokumen", "")
    shown = [
        r
        for r in found
        if (
            not query
            or query in r.loaded.name.lower()
            or query in r.loaded.unit.lower()
            or query in r.ref.stem
        )
        and (not wanted_status or r.status == wanted_status)
        and (not wanted_doc or r.document[0] == wanted_doc)
    ]
    sort = request.GET.get("urut", "nama")
    if sort in SORTS:
        shown.sort(key=SORTS[sort])
    else:  # by name: each SKPD with the PKs of its jabatan below it
        shown = status.in_ladder_order(shown)
    if request.GET.get("arah") == "turun":
        shown.reverse()
    pemdas = [p for p in workspace.pemdas() if sees_pemda(request.user, p)]
    return render(
        request,
        "pkgen/dasbor.html",
        {
            "pemda": pemda,
            "pemdas": pemdas,
            "rows": shown,
            "totals": totals,
            "statuses": Status.choices,
            "documents": [
                status.DocState.CURRENT,
                status.DocState.STALE,
                status.DocState.FAILED,
                status.DocState.NONE,
                status.DocState.BUILDING,
                status.DocState.INVALID,
            ],
            "q": request.GET.get("q", ""),
            "filter_status": wanted_status,
            "filter_doc": wanted_doc,
            "sort": sort,
            "direction": request.GET.get("arah", "naik"),
        },
    )


_TARGET_FIELD = re.compile(r"^sasaran\[(\d+)\]\.indikator\[(\d+)\]")
_PROGRAM_FIELD = re.compile(r"^program\[(\d+)\]")


def _problem_rows(problems: list[Any]) -> tuple[dict[str, list[Any]], list[Any]]:
    """Problems by the row they concern (`indikator-1-2`, `program-3`), the rest apart."""
    by_row: dict[str, list[Any]] = {}
    rest = []
    for problem in problems:
        target = _TARGET_FIELD.match(problem.field)
        program = _PROGRAM_FIELD.match(problem.field)
        if target:
            key = f"indikator-{int(target.group(1)) + 1}-{int(target.group(2)) + 1}"
        elif program:
            key = f"program-{int(program.group(1)) + 1}"
        else:
            rest.append(problem)
            continue
        by_row.setdefault(key, []).append(problem)
    return by_row, rest


def ladder_links(
    request: HttpRequest, skpd: SkpdRef, loaded: LoadedSkpd
) -> tuple[LoadedSkpd | None, list[LoadedSkpd]]:
    """The PK this one reports to and the PKs that report to it, among the files of its
    pemda the user may see (a verifikator follows the cascading from one page to the next)."""
    assert loaded.agreement is not None
    name = loaded.agreement.name
    atasan = getattr(loaded.agreement.model, "atasan", None)
    up, below = None, []
    for ref in visible_skpd(request, skpd.pemda):
        other = current().load(ref)
        if other.agreement is None or ref.stem == skpd.stem:
            continue
        if atasan and other.agreement.name == atasan:
            up = other
        elif getattr(other.agreement.model, "atasan", None) == name:
            below.append(other)
    return up, sorted(below, key=lambda o: o.name)


def skpd_context(request: HttpRequest, skpd: SkpdRef) -> dict[str, Any]:
    workspace = current()
    (row,) = status.rows(workspace, skpd.pemda, [skpd])
    loaded = row.loaded
    context: dict[str, Any] = {"row": row, "skpd": skpd, "loaded": loaded}
    targets: list[dict[str, Any]] = []
    programs: list[dict[str, Any]] = []
    if loaded.is_pk:
        assert loaded.agreement is not None
        printed = perjanjian_context(loaded.agreement.model, loaded.agreement.pemda.model)
        context["printed"] = printed
        context["atasan"], context["bawahan"] = ladder_links(request, skpd, loaded)
        counter: dict[int, int] = {}
        spans: dict[int, int] = {}
        for line in printed.baris_target:
            spans[line.sasaran_key] = spans.get(line.sasaran_key, 0) + 1
        for line in printed.baris_target:
            counter[line.sasaran_key] = counter.get(line.sasaran_key, 0) + 1
            targets.append(
                {
                    "key": f"indikator-{line.sasaran_key}-{counter[line.sasaran_key]}",
                    "first": counter[line.sasaran_key] == 1,
                    "span": spans[line.sasaran_key],
                    "line": line,
                }
            )
        programs = [
            {"key": f"program-{n}", "line": line}
            for n, line in enumerate(printed.baris_program, start=1)
        ]
    by_row, rest = _problem_rows(loaded.problems)
    notes: dict[str, list[Any]] = {}
    last_return = None
    if row.status == Status.DIKEMBALIKAN:
        last_return = (
            Review.objects.filter(pemda=skpd.pemda.id, skpd=skpd.stem, decision="dikembalikan")
            .order_by("-created", "-id")
            .prefetch_related("notes")
            .first()
        )
        if last_return is not None:
            for note in last_return.notes.all():
                notes.setdefault(note.item, []).append(note)
    for item in targets + programs:
        key = str(item["key"])
        item["problems"] = by_row.get(key, [])
        item["notes"] = notes.get(key, [])
    pdf, final = status.shown_pdf(workspace, row)
    previews = make_previews(pdf, workspace.state / "pratinjau") if pdf is not None else []
    approved = status.approved_loaded(workspace, skpd)
    user = request.user
    editable = row.status in (Status.DRAF, Status.DIKEMBALIKAN)
    context.update(
        {
            "targets": targets,
            "programs": programs,
            "other_problems": rest,
            "general_notes": notes.get("umum", []),
            "last_return": last_return,
            "pdf_final": final,
            "has_pdf": pdf is not None,
            "pages": range(1, len(previews) + 1),
            "preview_version": status.pdf_version(pdf),
            "panel_key": status.panel_key(row, pdf, final),
            "has_approved_pdf": (p := workspace.final_pdf(approved)) is not None and p.is_file(),
            "can_edit": may(user, Action.EDIT, skpd) and editable and loaded.is_pk,
            "can_upload": may(user, Action.EDIT, skpd) and editable,
            "can_submit": may(user, Action.SUBMIT, skpd) and editable and loaded.valid,
            "can_verify": may(user, Action.VERIFY, skpd) and row.status == Status.DIAJUKAN,
            "can_reopen": may(user, Action.REOPEN, skpd)
            and row.status in (Status.DIAJUKAN, Status.DISETUJUI),
            "can_perubahan": may(user, Action.PERUBAHAN, skpd)
            and loaded.is_pk
            and row.status != Status.DIAJUKAN,
            "can_build": may(user, Action.BUILD, skpd) and loaded.valid,
            "items": items_of(loaded) if row.status == Status.DIAJUKAN else [],
            "next_perubahan": (loaded.revision or 0) + 1,
        }
    )
    return context


@guarded(Action.VIEW)
def skpd_page(request: HttpRequest, skpd: SkpdRef) -> HttpResponse:
    return render(request, "pkgen/skpd.html", skpd_context(request, skpd))


@guarded(Action.VIEW)
def skpd_panel(request: HttpRequest, skpd: SkpdRef) -> HttpResponse:
    """The status and preview part of the SKPD page, fetched again by app.js."""
    return render(request, "pkgen/_panel.html", skpd_context(request, skpd))


@guarded(Action.VIEW)
def skpd_state(request: HttpRequest, skpd: SkpdRef) -> JsonResponse:
    """What app.js polls: the page reloads its panel when this changes."""
    workspace = current()
    (row,) = status.rows(workspace, skpd.pemda, [skpd])
    pdf, final = status.shown_pdf(workspace, row)
    job = row.job
    return JsonResponse(
        {
            "dokumen": row.document[0],
            "status": row.status,
            "versi": row.loaded.sha256[:16],
            "pdf": status.pdf_version(pdf),
            "final": final,
            "kunci": status.panel_key(row, pdf, final),
            "tugas": {
                "fase": job.phase,
                "selesai": job.done,
                "jumlah": job.total,
                "keadaan": job.state,
            }
            if job
            else None,
        }
    )


@guarded(Action.VIEW)
def preview_page(request: HttpRequest, skpd: SkpdRef, page: int) -> HttpResponseBase:
    workspace = current()
    (row,) = status.rows(workspace, skpd.pemda, [skpd])
    pdf, _ = status.shown_pdf(workspace, row)
    if pdf is None:
        raise Http404("belum ada PDF")
    pages = make_previews(pdf, workspace.state / "pratinjau")
    if not 1 <= page <= len(pages):
        raise Http404("halaman tidak ada")
    response = FileResponse(pages[page - 1].open("rb"), content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response


DOWNLOADS = {"pdf", "docx", "xlsx", "pdf-disetujui", "docx-disetujui"}


@guarded(Action.VIEW)
def download(request: HttpRequest, skpd: SkpdRef, what: str) -> HttpResponseBase:
    if what not in DOWNLOADS:
        raise Http404("unduhan tidak dikenal")
    workspace = current()
    (row,) = status.rows(workspace, skpd.pemda, [skpd])
    if what == "xlsx":
        loaded = row.loaded
        if not loaded.is_pk or loaded.agreement is None:
            raise Http404("lembar kerja hanya untuk Perjanjian Kinerja yang valid")
        data = agreement_workbook(
            loaded.agreement.model, loaded.agreement.slug, loaded.agreement.pemda.model
        )
        response = HttpResponse(
            data,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{skpd.stem}.xlsx"'
        return response
    if what.endswith("-disetujui"):
        pdf = workspace.final_pdf(status.approved_loaded(workspace, skpd))
    else:
        pdf, _ = status.shown_pdf(workspace, row)
    if pdf is None:
        raise Http404("dokumen belum dibuat")
    path = pdf if what.startswith("pdf") else pdf.with_suffix(".docx")
    if not path.is_file():
        raise Http404("dokumen belum dibuat")
    name = (
        path.name
        if what.endswith("-disetujui") or "draf" not in path.parts
        else (f"{path.stem}-draf{path.suffix}")
    )
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"{skpd.stem}-{name}")
