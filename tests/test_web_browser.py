"""The main flows of the web workspace in a real browser: Debian's Chromium driven by
Playwright, against a real `pkgen serve` (waitress, background worker, LibreOffice).

One scenario, in order, as a new pemda would try it: the admin logs in with the printed
one-time password, creates the operators; an operator uploads a workbook with a wrong
anggaran cell, sees the cell, uploads the corrected one, sees the diff, saves and watches
the PDF preview update; the operator of another SKPD gets 404 on that PDF; a wrong target
in the form shows its error beside the field; two browsers save the same SKPD and the
second gets the conflict page; the operator submits, the verifikator returns it with a
note, the operator fixes and resubmits, the verifikator approves and the operator can no
longer edit. Every page is photographed at 1366×768 and at phone width into
output/screenshots/ (printed at the end).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT
from workbooks import edit, exported

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
SHOTS = ROOT / "output" / "screenshots"
NEW_PASSWORD = "Kota-Medan-2022-aman"

playwright_api = pytest.importorskip("playwright.sync_api")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium (Debian) is not installed"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    url: str
    root: Path
    process: subprocess.Popen[str]
    admin_password: str
    log: list[str]
    passwords: dict[str, str] = field(default_factory=dict)

    def skpd(self, stem: str, tail: str = "") -> str:
        return f"{self.url}/pemda/2022/skpd/{stem}/{tail}"

    def pkgen(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "generator", *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=120,
            env=server_env(),
        )
        assert result.returncode == 0, result.stderr
        return result.stdout


DATABASE: dict[str, str] = {}


def server_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PKGEN_")}
    if DATABASE:  # the PostgreSQL run: the server uses a database of its own there
        env["PKGEN_DATABASE_URL"] = DATABASE["url"]
    env["PYTHONPATH"] = str(ROOT)
    return env


def fresh_postgresql_database(url: str) -> str:
    """A new, empty database on the server of `url` (the first start creates the admin)."""
    import uuid
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(url)
    name = f"pkgen_browser_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(
        host=parts.hostname,
        port=parts.port,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("serve")
    if os.environ.get("PKGEN_DATABASE_URL"):
        DATABASE["url"] = fresh_postgresql_database(os.environ["PKGEN_DATABASE_URL"])
    shutil.copytree(EXAMPLES, root / "agreements" / "2022")
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "serve",
            "agreements/",
            "--port",
            str(port),
            "--workers",
            "1",
        ],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=server_env(),
        start_new_session=True,
    )
    lines: list[str] = []
    password = ""
    assert process.stdout is not None
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        found = re.search(r"Kata sandi sekali pakai: (\S+)", line)
        if found:
            password = found.group(1)
        if "Ruang kerja pkgen: http://" in line:
            break
    assert password, "".join(lines)

    def drain() -> None:  # the server's log must never fill the pipe and block it
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)

    threading.Thread(target=drain, daemon=True).start()
    try:
        yield Server(f"http://127.0.0.1:{port}", root, process, password, lines)
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
        print(f"\nTangkapan layar: {SHOTS}")
        print("Log server (akhir):\n" + "".join(lines[-40:]))


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if SHOTS.exists():
        shutil.rmtree(SHOTS)
    SHOTS.mkdir(parents=True)
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


def shoot(page, name: str) -> None:
    """The page as it is now, at 1366×768 and at phone width (full page)."""
    page.screenshot(path=str(SHOTS / f"{name}-1366.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(SHOTS / f"{name}-ponsel.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def new_page(browser):
    context = browser.new_context(viewport=DESKTOP, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(60_000)  # a shared 2-core machine can be slow at times
    return page


def press(page, name: str) -> None:
    """Click a button that submits its form and wait for the page it leads to."""
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def log_in(page, server: Server, username: str, password: str, *, first: bool = False) -> None:
    page.goto(f"{server.url}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button.utama")
    if first:
        page.wait_for_url(re.compile(r"/sandi/$"))
        page.fill("#id_old_password", password)
        page.fill("#id_new_password1", NEW_PASSWORD)
        page.fill("#id_new_password2", NEW_PASSWORD)
        page.click("button.utama")
    page.wait_for_url(re.compile(r"/pemda/2022/$"))


@pytest.fixture(scope="module")
def pages(browser, server) -> dict[str, object]:
    return {}


def test_admin_logs_in_with_the_printed_password_and_creates_operators(browser, server, pages):
    page = new_page(browser)
    page.goto(f"{server.url}/masuk/")
    shoot(page, "01-masuk")
    page.fill("#id_username", "admin")
    page.fill("#id_password", server.admin_password)
    page.click("button.utama")
    page.wait_for_url(re.compile(r"/sandi/$"))
    shoot(page, "02-ganti-sandi")
    page.fill("#id_old_password", server.admin_password)
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    page.click("button.utama")
    page.wait_for_url(re.compile(r"/pemda/2022/$"))
    # 13 files: the Dinas Kesehatan ladder has one row per jabatan
    assert page.locator("table.daftar tbody tr").count() == 13
    shoot(page, "03-dasbor-admin")
    for username, stem in (("op-dprd", "sekretariat-dprd"), ("op-dinkes", "dinas-kesehatan")):
        page.goto(f"{server.url}/pengguna/")
        page.fill("#username", username)
        page.fill("#nama", f"Operator {stem}")
        page.select_option("#peran", "operator")
        page.select_option("#skpd", f"2022/{stem}")
        page.click("form[action$='/pengguna/baru/'] button.utama")
        password = page.locator(".sandi code").inner_text().strip()
        assert len(password) >= 12
        server.passwords[username] = password
    shoot(page, "04-pengguna")
    # The verifikator comes from the command line.
    out = server.pkgen(
        "users",
        "add",
        "agreements/",
        "verif",
        "--peran",
        "verifikator",
        "--nama",
        "Verifikator Bagian Organisasi",
    )
    server.passwords["verif"] = re.search(r"sekali pakai: (\S+)", out).group(1)
    pages["admin"] = page


def test_a_wrong_anggaran_cell_is_shown_with_its_cell(browser, server, pages, tmp_path):
    page = new_page(browser)
    log_in(page, server, "op-dprd", server.passwords["op-dprd"], first=True)
    assert page.locator("table.daftar tbody tr").count() == 1  # only its own SKPD
    shoot(page, "05-dasbor-operator")
    page.get_by_role("link", name="Sekretariat DPRD Kota Medan", exact=True).click()
    page.wait_for_selector(".pratinjau img, .dokumen")
    shoot(page, "06-skpd")
    book = exported("sekretariat-dprd", tmp_path)
    edit(book, lambda wb: wb["Program"].__setitem__("C4", "1,5 M"))
    page.get_by_role("link", name="Unggah lembar kerja", exact=True).click()
    page.set_input_files("#berkas", str(book))
    page.click("button.utama")
    alert = page.locator(".galat-berkas")
    assert "Program!C4" in alert.inner_text()
    assert "anggaran harus bilangan bulat rupiah, ditemukan '1,5 M'" in alert.inner_text()
    shoot(page, "07-unggah-salah")
    pages["operator"] = page


def test_the_corrected_workbook_shows_the_diff_and_simpan_updates_the_preview(
    browser, server, pages, tmp_path
):
    page = pages["operator"]
    book = exported("sekretariat-dprd", tmp_path)
    edit(book, lambda wb: wb["Program"].__setitem__("C4", 107458941864))
    page.set_input_files("#berkas", str(book))
    page.click("button.utama")
    table = page.locator("table.perubahan")
    assert "Rp. 107.458.941.864" in table.inner_text() and "+Rp. 80.701" in table.inner_text()
    shoot(page, "08-unggah-perubahan")
    press(page, "Simpan")
    page.wait_for_url(re.compile(r"/skpd/sekretariat-dprd/$"))
    assert "Disimpan sebagai versi" in page.locator(".pesan").inner_text()
    # The build runs in the background; the panel updates itself when the PDF is ready.
    page.wait_for_selector(".dokumen[data-dokumen='mutakhir'] .pratinjau img", timeout=150_000)
    version = page.locator(".pratinjau img").first.get_attribute("src")
    assert "?v=" in version
    assert page.locator(".pratinjau img").count() >= 5
    shoot(page, "09-skpd-pratinjau")
    pages["preview"] = version


def test_another_skpds_operator_gets_404_on_that_pdf(browser, server, pages):
    page = new_page(browser)
    log_in(page, server, "op-dinkes", server.passwords["op-dinkes"], first=True)
    response = page.goto(server.skpd("sekretariat-dprd", "unduh/pdf"))
    assert response.status == 404
    assert "Tidak ditemukan" in page.content()
    shoot(page, "10-404")
    assert page.goto(server.skpd("sekretariat-dprd")).status == 404
    assert page.goto(server.skpd("sekretariat-dprd", "riwayat/")).status == 404
    assert page.goto(server.skpd("sekretariat-dprd", "halaman/1.png")).status == 404


def test_an_invalid_target_in_the_form_shows_its_error_beside_the_field(browser, server, pages):
    page = pages["operator"]
    page.goto(server.skpd("sekretariat-dprd", "ubah/"))
    target = page.locator("input[name$='-target'][value='66']")
    name = target.get_attribute("name")
    target.fill("120")
    press(page, "Simpan")
    field = page.locator(f"input[name='{name}']")
    assert field.get_attribute("aria-invalid") == "true"
    error = page.locator(f"#{name.removesuffix('-target')} .galat-isian").inner_text()
    assert "120: di luar rentang skala nilai SAKIP (0–100)" in error
    shoot(page, "11-formulir-salah")


def test_two_browsers_saving_the_same_skpd_the_second_gets_the_conflict_page(
    browser, server, pages
):
    first, second = pages["operator"], pages["admin"]
    first.goto(server.skpd("sekretariat-dprd", "ubah/"))
    second.goto(server.skpd("sekretariat-dprd", "ubah/"))
    first.locator("input[name$='-target'][value='66']").fill("70")
    second.locator("input[name$='-target'][value='66']").fill("68")
    press(first, "Simpan")
    first.wait_for_url(re.compile(r"/skpd/sekretariat-dprd/$"))
    press(second, "Simpan")
    assert "sudah diubah orang lain" in second.locator("h1").inner_text()
    shoot(second, "12-konflik")
    second.goto(server.skpd("sekretariat-dprd", "riwayat/"))
    history = second.locator("table.daftar").first.inner_text()
    assert "66 (B) → 70 (B)" in history and "66 (B) → 68 (B)" in history
    assert "tidak diterapkan" in history
    shoot(second, "13-riwayat")
    press(second, "Bandingkan")
    shoot(second, "14-banding")


def test_submit_return_fix_resubmit_approve_then_the_operator_cannot_edit(browser, server, pages):
    operator = pages["operator"]
    operator.goto(server.skpd("sekretariat-dprd"))
    press(operator, "Ajukan untuk verifikasi")
    assert "diajukan untuk diverifikasi" in operator.locator(".pesan").inner_text()

    verif = new_page(browser)
    log_in(verif, server, "verif", server.passwords["verif"], first=True)
    verif.goto(server.skpd("sekretariat-dprd"))
    verif.fill("#catatan-program-2", "Anggaran belum sesuai DPA")
    shoot(verif, "15-verifikasi")
    press(verif, "Kembalikan dengan catatan")
    assert "Dikembalikan" in verif.locator(".pesan").inner_text()

    operator.goto(server.skpd("sekretariat-dprd"))
    note = operator.locator("#program-2 .catatan-butir").inner_text()
    assert "Anggaran belum sesuai DPA" in note
    shoot(operator, "16-dikembalikan")
    operator.get_by_role("link", name="Ubah target dan anggaran", exact=True).click()
    operator.locator("input[name='p-1-anggaran']").fill("107.458.861.163")
    press(operator, "Simpan")
    press(operator, "Ajukan untuk verifikasi")

    verif.goto(server.skpd("sekretariat-dprd"))
    press(verif, "Setujui")
    assert "Disetujui" in verif.locator(".pesan").inner_text()

    operator.goto(server.skpd("sekretariat-dprd"))
    assert operator.locator("text=Ubah target dan anggaran").count() == 0
    assert operator.locator("text=Unggah lembar kerja").count() == 0
    operator.goto(server.skpd("sekretariat-dprd", "ubah/"))
    assert "terkunci" in operator.locator(".pesan").inner_text()
    try:
        operator.wait_for_selector(".lencana >> text=final (disetujui)", timeout=150_000)
    except playwright_api.TimeoutError:
        # The final build runs in the server's worker: its log says why it did not finish.
        print("".join(server.log[-200:]))
        raise
    shoot(operator, "17-disetujui")


def test_the_admin_pages_look_right(browser, server, pages):
    admin = pages["admin"]
    admin.goto(f"{server.url}/pemda/2022/buku/")
    press(admin, "Buat buku dan rekap")
    admin.wait_for_selector(
        ".tugas[data-keadaan='selesai'], .tugas[data-keadaan='gagal']", timeout=120_000
    )
    assert admin.locator(".tugas").first.get_attribute("data-keadaan") == "selesai"
    assert admin.locator("text=Rekap untuk pimpinan (.xlsx)").count() == 1
    shoot(admin, "18-buku")
    admin.goto(f"{server.url}/pemda/2022/")
    shoot(admin, "19-dasbor-akhir")
    admin.goto(f"{server.url}/log/")
    assert "disetujui" in admin.locator("table.daftar").inner_text()
    shoot(admin, "20-log")
    admin.goto(f"{server.url}/pemda/2022/skpd/kecamatan-medan-baru/")
    shoot(admin, "21-skpd-belum-dibuat")
    rb = f"{server.url}/pemda/2022-kota-depok/skpd/dinas-komunikasi-dan-informatika/"
    admin.goto(rb)
    admin.get_by_role("link", name="Ubah teks data", exact=True).click()
    text = admin.locator("#teks")
    text.fill(text.input_value().replace("tahun: 2022", "tahun: 20x2", 1))
    press(admin, "Periksa saja")
    assert "belum disimpan" in admin.locator(".galat-berkas h2").inner_text()
    shoot(admin, "22-teks-salah")
