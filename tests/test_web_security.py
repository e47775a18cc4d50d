"""Security corpus of the web workspace: CSRF, cookies, login throttling, uploads checked
by content (size, not-a-workbook, macro workbooks, zip bombs), escaping, headers, and
templates without inline script."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.test import Client
from web_fixtures import OWN, PEMDA, skpd_url
from workbooks import exported

from generator.web.models import AuditEvent
from generator.web.uploads import UploadRejected, check_xlsx

TEMPLATES = Path(__file__).resolve().parent.parent / "generator" / "web" / "templates"
UPLOAD = skpd_url(OWN, "unggah/")


# --------------------------------------------------------------------------- CSRF, cookies


def test_a_post_without_the_csrf_token_is_refused_everywhere(users, workspace):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["admin"])
    for path in [skpd_url(OWN, "ajukan/"), skpd_url(OWN, "ubah/"), "/pengguna/baru/", "/keluar/"]:
        response = client.post(path, {"aksi": "simpan"})
        assert response.status_code == 403, path
        assert "token keamanan tidak cocok" in response.content.decode()
    response = Client(enforce_csrf_checks=True).post("/masuk/", {"username": "a", "password": "b"})
    assert response.status_code == 403


def login(client: Client, username: str, password: str):
    page = client.get("/masuk/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token is not None
    return client.post(
        "/masuk/",
        {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)},
    )


@pytest.mark.slow
def test_session_and_csrf_cookies_are_httponly_and_samesite(db, workspace):
    from generator.web.accounts import add_user
    from generator.web.models import Role

    account = add_user("kabag", Role.PIMPINAN, password="kata-sandi-panjang-1")
    client = Client(enforce_csrf_checks=True)
    response = login(client, account.username, account.password)
    assert response.status_code == 302
    session = response.cookies["pkgen_sesi"]
    assert session["httponly"] is True and session["samesite"] == "Lax"
    csrf = client.cookies["pkgen_csrf"]
    assert csrf["httponly"] is True and csrf["samesite"] == "Lax"
    # A one-time password must be changed before anything else.
    assert client.get(f"/pemda/{PEMDA}/")["Location"] == "/sandi/"


@pytest.mark.slow
def test_logins_are_throttled_after_five_failures_even_with_the_right_password(db, workspace):
    from generator.web.accounts import add_user
    from generator.web.models import Role

    account = add_user("operator1", Role.PIMPINAN, password="kata-sandi-panjang-1")
    client = Client(enforce_csrf_checks=True)
    for _ in range(5):
        response = login(client, "operator1", "salah")
        assert response.status_code == 200 and "errornote" not in response.content.decode()
    response = login(client, "operator1", account.password)
    assert response.status_code == 200
    assert "Terlalu banyak percobaan masuk yang gagal" in response.content.decode()
    assert AuditEvent.objects.filter(action="masuk-gagal", username="operator1").count() == 5
    assert not AuditEvent.objects.filter(action="masuk", username="operator1").exists()
    # Another user from elsewhere is not affected.
    add_user("lain", Role.PIMPINAN, password="kata-sandi-panjang-2")
    assert login(Client(), "lain", "kata-sandi-panjang-2").status_code == 302


# --------------------------------------------------------------------------- uploads


def zip_bytes(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


XLSX_TYPES = (
    b'<Types><Override PartName="/xl/workbook.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
)
CORPUS = {
    "teks biasa bernama .xlsx": (b"Nama,Target\nNilai SAKIP,66\n", "bukan lembar kerja Excel"),
    "kosong": (b"", "berkas kosong"),
    "zip tanpa jenis isi": (zip_bytes({"a.txt": b"halo"}), "bukan lembar kerja Excel"),
    "dokumen Word berganti nama": (
        zip_bytes(
            {
                "[Content_Types].xml": b"<Types><Override ContentType='application/vnd."
                b"openxmlformats-officedocument.wordprocessingml.document.main+xml'/></Types>"
            }
        ),
        "dokumen Office lain",
    ),
    "lembar kerja bermakro": (
        zip_bytes({"[Content_Types].xml": b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"}),
        "bermakro (.xlsm) tidak diterima",
    ),
    "bom zip": (
        zip_bytes({"[Content_Types].xml": XLSX_TYPES, "xl/sheet1.xml": b"0" * (40 * 1024 * 1024)}),
        "rasio kompresi terlalu tinggi",
    ),
    "terlalu banyak bagian": (
        zip_bytes({"[Content_Types].xml": XLSX_TYPES, **{f"x/{n}": b"" for n in range(2100)}}),
        "terlalu banyak",
    ),
}


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_an_upload_that_is_not_a_plain_workbook_is_refused_before_it_is_read(case):
    data, message = CORPUS[case]
    with pytest.raises(UploadRejected) as caught:
        check_xlsx(io.BytesIO(data), len(data), limit=5 * 1024 * 1024)
    assert message in str(caught.value)


def test_a_large_unpacked_total_is_refused_even_when_each_part_compresses_plainly():
    random_ish = bytes(range(256)) * 4096  # 1 MiB that barely compresses
    parts = {"[Content_Types].xml": XLSX_TYPES}
    parts |= {f"xl/media/{n}.bin": random_ish for n in range(61)}
    data = zip_bytes(parts, zipfile.ZIP_STORED)
    with pytest.raises(UploadRejected, match="terlalu besar setelah dibuka"):
        check_xlsx(io.BytesIO(data), len(data), limit=100 * 1024 * 1024)


@pytest.mark.slow
def test_the_size_limit_and_the_refusal_reach_the_user_and_the_audit_log(
    client_as, settings, tmp_path
):
    settings.PKGEN_UPLOAD_MAX_BYTES = 1000
    (tmp_path / "xl").mkdir()
    book = exported(OWN, tmp_path / "xl")
    with open(book, "rb") as handle:
        response = client_as("operator").post(UPLOAD, {"berkas": handle})
    assert response.status_code == 400
    assert "Berkas ditolak: berkas terlalu besar" in response.content.decode()
    assert AuditEvent.objects.filter(action="unggah-ditolak", skpd=OWN).count() == 1


@pytest.mark.slow
def test_a_real_workbook_passes_the_content_check(tmp_path):
    (tmp_path / "xl").mkdir()
    data = exported(OWN, tmp_path / "xl").read_bytes()
    check_xlsx(io.BytesIO(data), len(data), limit=5 * 1024 * 1024)


@pytest.mark.slow
def test_a_text_file_named_xlsx_is_refused_by_the_page(client_as, tmp_path):
    fake = tmp_path / "target.xlsx"
    fake.write_text("<script>alert(1)</script>")
    with open(fake, "rb") as handle:
        response = client_as("operator").post(UPLOAD, {"berkas": handle})
    assert response.status_code == 400
    assert "bukan lembar kerja Excel (.xlsx)" in response.content.decode()


# --------------------------------------------------------------------------- escaping, headers


@pytest.mark.slow
def test_script_in_an_uraian_is_shown_as_text(client_as, workspace):
    path = workspace.skpd(PEMDA, OWN).path
    text = path.read_text(encoding="utf-8").replace(
        "uraian: Nilai SAKIP Sekretariat DPRD Kota Medan",
        "uraian: \"<script>alert('x')</script> Nilai SAKIP <img src=x onerror=alert(1)>\"",
    )
    path.write_text(text, encoding="utf-8")
    for page in (skpd_url(OWN), skpd_url(OWN, "ubah/"), f"/pemda/{PEMDA}/"):
        html = client_as("admin").get(page).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, page
    html = client_as("admin").get(skpd_url(OWN)).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Nilai SAKIP &lt;img" in html


def test_every_page_sends_csp_without_inline_script_and_denies_framing(client_as, client):
    for response in (client.get("/masuk/"), client_as("admin").get(skpd_url(OWN))):
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"


def test_templates_have_no_inline_script_style_or_event_handler():
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template.name
        assert not re.search(r"\son[a-z]+=", text), template.name
        assert " style=" not in text and "<style" not in text, template.name
        assert "javascript:" not in text, template.name
        assert "|safe" not in text and "autoescape off" not in text, template.name
