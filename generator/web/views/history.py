"""History per SKPD: every saved version, the comparison of any two, the Daftar Perubahan."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from generator.revision.outputs import daftar_bytes
from generator.templates import shipped_templates
from generator.web import revisions
from generator.web.access import Action, guarded
from generator.web.changes import versions_of
from generator.web.models import Review, Version
from generator.web.workspace import SkpdRef, current

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@guarded(Action.VIEW)
def history(request: HttpRequest, skpd: SkpdRef) -> HttpResponse:
    workspace = current()
    loaded = workspace.load(skpd)
    versions = list(versions_of(skpd).select_related("author").order_by("-number").defer("text"))
    reviews = list(
        Review.objects.filter(pemda=skpd.pemda.id, skpd=skpd.stem)
        .select_related("user", "version")
        .prefetch_related("notes")
        .order_by("-created", "-id")
    )
    applied = [v for v in versions if v.applied]
    return render(
        request,
        "pkgen/riwayat.html",
        {
            "skpd": skpd,
            "loaded": loaded,
            "versions": versions,
            "reviews": reviews,
            "newest": applied[0].number if applied else None,
            "oldest": applied[-1].number if applied else None,
            "outside": bool(applied) and applied[0].sha256 != loaded.sha256,
        },
    )


def _two(request: HttpRequest, skpd: SkpdRef) -> tuple[Version, Version]:
    try:
        a, b = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
    except ValueError as exc:
        raise Http404("pilih dua versi") from exc
    found = {v.number: v for v in versions_of(skpd).filter(number__in=[a, b])}
    if a not in found or b not in found:
        raise Http404("versi tidak ada")
    return found[a], found[b]


def _comparison(skpd: SkpdRef, old: Version, new: Version) -> revisions.Comparison:
    return revisions.compare_texts(
        current(), skpd, old.text, new.text, f"versi {old.number}", f"versi {new.number}"
    )


@guarded(Action.VIEW)
def compare(request: HttpRequest, skpd: SkpdRef) -> HttpResponse:
    old, new = _two(request, skpd)
    return render(
        request,
        "pkgen/banding.html",
        {"skpd": skpd, "old": old, "new": new, "comparison": _comparison(skpd, old, new)},
    )


@guarded(Action.VIEW)
def daftar(request: HttpRequest, skpd: SkpdRef, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404("format tidak dikenal")
    old, new = _two(request, skpd)
    comparison = _comparison(skpd, old, new)
    if comparison.diff is None:
        raise Http404("salah satu versi tidak valid; Daftar Perubahan tidak bisa dibuat")
    data = daftar_bytes(comparison.diff, fmt, templates=shipped_templates())
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    name = f"daftar-perubahan-{skpd.stem}-v{old.number}-v{new.number}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
