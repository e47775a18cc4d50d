"""The permission matrix, every role × every page and action, with Django's test client.

Expected outcomes are written here from the issue's rules, not derived from the code's
table: admin everything; verifikator reads everything and approves or returns;
operator only its own SKPD (any page, file, preview or history of another SKPD is 404);
pimpinan reads everything. "ok" means the request reached the view (any status but 403
and 404); a signed-out visitor is sent to the login page from everywhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfWriter
from web_fixtures import OTHER, OWN, PEMDA, finish, skpd_url

from generator.web.models import BuildJob, JobKind, Source, Version

ALL = {"admin", "verifikator", "operator", "operator_lain", "pimpinan"}
READERS = ALL
WRITERS = {"admin", "operator", "operator_lain"}  # within their scope
VERIFIERS = {"admin", "verifikator"}
ADMIN = {"admin"}
BOOK_READERS = {"admin", "verifikator", "pimpinan"}
SCOPE = {"operator": OWN, "operator_lain": OTHER}  # the one SKPD each operator sees

# (method, path below the SKPD, POST data, roles allowed when in scope)
SKPD_ENDPOINTS: list[tuple[str, str, dict[str, str], set[str]]] = [
    ("get", "", {}, READERS),
    ("get", "panel/", {}, READERS),
    ("get", "keadaan.json", {}, READERS),
    ("get", "halaman/1.png", {}, READERS),
    ("get", "unduh/pdf", {}, READERS),
    ("get", "unduh/docx", {}, READERS),
    ("get", "unduh/xlsx", {}, READERS),
    ("get", "riwayat/", {}, READERS),
    ("get", "riwayat/banding/?a=1&b=2", {}, READERS),
    ("get", "riwayat/daftar-perubahan.xlsx?a=1&b=2", {}, READERS),
    ("get", "ubah/", {}, WRITERS),
    ("post", "ubah/", {"aksi": "tambah-program"}, WRITERS),
    ("get", "teks/", {}, WRITERS),
    ("post", "teks/", {"teks": "x: 1\n", "aksi": "periksa"}, WRITERS),
    ("get", "unggah/", {}, WRITERS),
    ("post", "unggah/", {}, WRITERS),
    ("post", "konflik/3/terapkan/", {"versi": "x"}, WRITERS),
    ("post", "ajukan/", {}, WRITERS),
    ("post", "verifikasi/", {"keputusan": "setujui"}, VERIFIERS),
    ("post", "buka/", {}, ADMIN),
    ("post", "perubahan/", {"nomor": "1", "tanggal": "", "alasan": ""}, WRITERS),
    ("post", "bangun/", {}, WRITERS),
]
PEMDA_ENDPOINTS: list[tuple[str, str, dict[str, str], set[str]]] = [
    ("get", f"/pemda/{PEMDA}/", {}, ALL),
    ("get", f"/pemda/{PEMDA}/buku/", {}, BOOK_READERS),
    ("post", f"/pemda/{PEMDA}/buku/buat/", {}, ADMIN),
    ("get", f"/pemda/{PEMDA}/buku/unduh/rekap", {}, BOOK_READERS),
    ("get", "/pengguna/", {}, ADMIN),
    ("post", "/pengguna/baru/", {"username": "baru", "peran": "pimpinan"}, ADMIN),
    ("post", "/pengguna/{victim}/sandi/", {}, ADMIN),
    ("post", "/pengguna/{victim}/ubah/", {"peran": "pimpinan", "aktif": "1"}, ADMIN),
    ("get", "/log/", {}, ADMIN),
]


@pytest.fixture
def outputs(workspace, users):
    """Draft PDFs and .docx for both SKPD, two versions each, a job, a recap: so every
    allowed request finds what it asks for."""
    for stem in (OWN, OTHER):
        skpd = workspace.skpd(PEMDA, stem)
        loaded = workspace.load(skpd)
        pdf = workspace.draft_pdf(loaded)
        pdf.parent.mkdir(parents=True, exist_ok=True)
        writer = PdfWriter()
        writer.add_blank_page(width=595, height=842)
        with open(pdf, "wb") as handle:
            writer.write(handle)
        pdf.with_suffix(".docx").write_bytes(b"docx")
        for number, text in enumerate([loaded.text, loaded.text + "# catatan\n"], start=1):
            Version.objects.create(
                pemda=PEMDA,
                skpd=stem,
                number=number,
                sha256=f"{number:064d}",
                text=text,
                source=Source.FORMULIR,
                author=users["admin"],
            )
    recap = Path(workspace.final_root) / "2022" / "rekap-pk-2022.xlsx"
    recap.parent.mkdir(parents=True, exist_ok=True)
    recap.write_bytes(b"xlsx")
    return BuildJob.objects.create(kind=JobKind.DRAF, pemda=PEMDA, skpd=OWN)


def expected(role: str, allowed: set[str], stem: str | None) -> str:
    if stem is not None and role in SCOPE and SCOPE[role] != stem:
        return "404"
    return "ok" if role in allowed else "403"


def outcome(status: int) -> str:
    return str(status) if status in (403, 404) else "ok"


@pytest.mark.slow  # ~40 requests with files and the database per role: the full run's
@pytest.mark.parametrize("role", sorted(ALL))
def test_every_page_and_action_of_every_skpd_for_each_role(role, client_as, users, outputs):
    client = client_as(role)
    for stem in (OWN, OTHER):  # a save of this user refused by a conflict, to apply anyway
        Version.objects.create(
            pemda=PEMDA,
            skpd=stem,
            number=3,
            sha256="3" * 64,
            text="tahun: 2022\n",
            source=Source.FORMULIR,
            author=users[role],
            applied=False,
        )
    wrong = []
    for stem in (OWN, OTHER):
        for method, tail, data, allowed in SKPD_ENDPOINTS:
            response = getattr(client, method)(skpd_url(stem, tail), data)
            finish(response)
            assert response.status_code != 500, (stem, tail)
            want = expected(role, allowed, stem)
            if outcome(response.status_code) != want:
                wrong.append(f"{method.upper()} {stem}/{tail}: {response.status_code}, want {want}")
    victim = users["pimpinan"].id
    for method, path, data, allowed in PEMDA_ENDPOINTS:
        response = getattr(client, method)(path.format(victim=victim), data)
        finish(response)
        want = expected(role, allowed, None)
        if outcome(response.status_code) != want:
            wrong.append(f"{method.upper()} {path}: {response.status_code}, want {want}")
    job = client.get(f"/tugas/{outputs.id}.json")
    want = expected(role, READERS, OWN)
    if outcome(job.status_code) != want:
        wrong.append(f"GET /tugas/: {job.status_code}, want {want}")
    assert wrong == []


def test_a_signed_out_visitor_is_sent_to_the_login_page_from_everywhere(client, outputs):
    paths = [skpd_url(stem, tail) for stem in (OWN, OTHER) for _, tail, _, _ in SKPD_ENDPOINTS]
    paths += [path.format(victim=1) for _, path, _, _ in PEMDA_ENDPOINTS]
    for path in paths:
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            assert response.status_code == 302, (method, path, response.status_code)
            assert response["Location"].startswith("/masuk/?next="), path


def test_an_operator_never_learns_whether_another_skpd_or_file_exists(client_as, outputs):
    client = client_as("operator")
    for path in [
        skpd_url(OTHER, "unduh/pdf"),
        skpd_url(OTHER, "halaman/1.png"),
        skpd_url("tidak-ada", ""),
        skpd_url(OTHER, "unduh/tidak-ada"),
        f"/pemda/{PEMDA}/skpd/..%2F..%2Fetc%2Fpasswd/",
        f"/pemda/{PEMDA}/skpd/{OWN}/unduh/..%2F..%2Fpemda.yaml",
        "/pemda/2023/",
    ]:
        response = client.get(path)
        finish(response)
        assert response.status_code == 404, path
        assert b"Tidak ditemukan" in response.content
    response = client.get(skpd_url(OWN, "unduh/pdf"))
    finish(response)
    assert response.status_code == 200


def test_the_dashboard_of_an_operator_lists_only_its_own_skpd(client_as, outputs):
    html = client_as("operator").get(f"/pemda/{PEMDA}/").content.decode()
    assert "Sekretariat DPRD Kota Medan" in html
    assert "Dinas Kesehatan" not in html and "Kecamatan Medan Baru" not in html
    html = client_as("pimpinan").get(f"/pemda/{PEMDA}/").content.decode()
    assert "Dinas Kesehatan" in html and "Kecamatan Medan Baru" in html


def test_a_user_without_a_role_or_deactivated_reaches_nothing(client, users, outputs):
    from django.contrib.auth import get_user_model

    nobody = get_user_model().objects.create_user("tanpa-peran")
    client.force_login(nobody)
    assert client.get(f"/pemda/{PEMDA}/").status_code == 404
    assert client.get(skpd_url(OWN)).status_code == 404
    operator = users["operator"]
    client.force_login(operator)
    operator.is_active = False
    operator.save()
    assert client.get(skpd_url(OWN)).status_code in (302, 404)
