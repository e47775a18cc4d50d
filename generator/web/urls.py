"""URLs: a pemda by its id, an SKPD by its file name; nothing else names a file."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path, register_converter
from django.views.static import serve

from generator.web.settings import STATIC_ROOT
from generator.web.views import admin, auth, history, pages, verify, work


class NameConverter:
    """A pemda id or an SKPD file name: lowercase letters, digits and hyphens."""

    regex = "[a-z0-9][a-z0-9-]{0,119}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(NameConverter, "nama")

SKPD = "pemda/<nama:pemda>/skpd/<nama:skpd>/"

urlpatterns = [
    path("", pages.home, name="beranda"),
    path("masuk/", auth.LoginView.as_view(), name="masuk"),
    path("keluar/", auth_views.LogoutView.as_view(), name="keluar"),
    path("sandi/", auth.PasswordChangeView.as_view(), name="sandi"),
    path("pemda/<nama:pemda>/", pages.dashboard, name="dasbor"),
    path(SKPD, pages.skpd_page, name="skpd"),
    path(f"{SKPD}panel/", pages.skpd_panel, name="skpd-panel"),
    path(f"{SKPD}keadaan.json", pages.skpd_state, name="skpd-keadaan"),
    path(f"{SKPD}halaman/<int:page>.png", pages.preview_page, name="pratinjau"),
    path(f"{SKPD}unduh/<nama:what>", pages.download, name="unduh"),
    path(f"{SKPD}ubah/", work.edit, name="ubah"),
    path(f"{SKPD}teks/", work.edit_text, name="teks"),
    path(f"{SKPD}unggah/", work.upload, name="unggah"),
    path(f"{SKPD}unggah/<uuid:pending>/simpan/", work.upload_save, name="unggah-simpan"),
    path(f"{SKPD}konflik/<int:number>/terapkan/", work.conflict_apply, name="konflik-terapkan"),
    path(f"{SKPD}ajukan/", verify.submit, name="ajukan"),
    path(f"{SKPD}verifikasi/", verify.decide, name="verifikasi"),
    path(f"{SKPD}buka/", verify.reopen, name="buka"),
    path(f"{SKPD}perubahan/", verify.perubahan, name="perubahan"),
    path(f"{SKPD}bangun/", verify.rebuild, name="bangun"),
    path(f"{SKPD}riwayat/", history.history, name="riwayat"),
    path(f"{SKPD}riwayat/banding/", history.compare, name="banding"),
    path(f"{SKPD}riwayat/daftar-perubahan.<nama:fmt>", history.daftar, name="daftar"),
    path("pemda/<nama:pemda>/buku/", admin.book, name="buku"),
    path("pemda/<nama:pemda>/buku/buat/", admin.book_build, name="buku-buat"),
    path("pemda/<nama:pemda>/buku/unduh/<nama:what>", admin.book_download, name="buku-unduh"),
    path("tugas/<int:job>.json", admin.job_state, name="tugas"),
    path("tugas/<int:job>/ulangi/", admin.job_retry, name="tugas-ulangi"),
    path("pengguna/", admin.users, name="pengguna"),
    path("pengguna/baru/", admin.user_add, name="pengguna-baru"),
    path("pengguna/<int:user_id>/sandi/", admin.user_reset, name="pengguna-sandi"),
    path("pengguna/<int:user_id>/ubah/", admin.user_change, name="pengguna-ubah"),
    path("log/", admin.audit_log, name="log"),
    path(
        "static/<path:path>",
        login_not_required(serve),
        {"document_root": STATIC_ROOT},
        name="static",
    ),
]

handler403 = "generator.web.views.errors.forbidden"
handler404 = "generator.web.views.errors.not_found"
handler500 = "generator.web.views.errors.server_error"
