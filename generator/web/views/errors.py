"""Error pages in Bahasa Indonesia (no details of the server)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(
        request,
        "pkgen/galat.html",
        {
            "judul": "Formulir kedaluwarsa",
            "pesan": "Formulir ini tidak dapat diterima (token keamanan tidak cocok). "
            "Muat ulang halaman lalu coba lagi.",
        },
        status=403,
    )


def not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return render(
        request,
        "pkgen/galat.html",
        {"judul": "Tidak ditemukan", "pesan": "Halaman atau berkas ini tidak ada."},
        status=404,
    )


def forbidden(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return render(
        request,
        "pkgen/galat.html",
        {"judul": "Tidak diizinkan", "pesan": "Peran Anda tidak boleh melakukan ini."},
        status=403,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pkgen/galat.html",
        {"judul": "Terjadi kesalahan", "pesan": "Kesalahan di server; sudah dicatat."},
        status=500,
    )
