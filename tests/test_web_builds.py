"""Builds in the background of the server: queued in the database, one at a time, with a
warm LibreOffice; drafts marked DRAF, approved versions built clean, the book only from
approved data; a job interrupted by a stopped server is shown as such."""

from __future__ import annotations

import re
from html import unescape

import pytest
from pypdf import PdfReader
from web_fixtures import OWN, PEMDA, finish, form_fields, skpd_url

from generator.pdf.convert import PdfConverter
from generator.pdf.watermark import has_watermark
from generator.web import builds
from generator.web.models import BuildJob, JobKind, JobState, SkpdRecord


def panel_key(html: str) -> str:
    found = re.search(r'data-kunci="([^"]*)"', html)
    assert found is not None, "the document panel carries no data-kunci"
    return unescape(found.group(1))


def test_a_job_left_running_by_a_stopped_server_is_shown_as_interrupted(client_as, workspace):
    pemda = workspace.pemda(PEMDA)
    job = builds.enqueue(JobKind.DRAF, pemda, workspace.skpd(PEMDA, OWN), None)
    again = builds.enqueue(JobKind.DRAF, pemda, workspace.skpd(PEMDA, OWN), None)
    assert again.id == job.id  # a job already waiting is not queued twice
    BuildJob.objects.filter(id=job.id).update(state=JobState.BERJALAN)
    assert builds.recover_interrupted() == 1
    job.refresh_from_db()
    assert job.state == JobState.TERPUTUS and "server berhenti" in job.message
    html = client_as("operator").get(skpd_url(OWN)).content.decode()
    assert "Pembuatan terputus saat server berhenti." in html
    assert "Buat dokumen sekarang" in html


@pytest.fixture(scope="module")
def converter():
    with PdfConverter(workers=1) as warm:
        yield warm


@pytest.mark.slow
def test_a_save_builds_the_draft_marked_draf_and_the_page_shows_its_pages(
    client_as, workspace, converter
):
    worker = builds.BuildWorker(lambda: workspace, converter)
    client = client_as("operator")
    form = form_fields(client.get(skpd_url(OWN, "ubah/")).content.decode(), "/ubah/")
    name = next(k for k, v in form.items() if k.endswith("-target") and v == "66")
    form[name] = "70"
    client.post(skpd_url(OWN, "ubah/"), {**form, "aksi": "simpan"})
    assert client.get(skpd_url(OWN, "keadaan.json")).json()["dokumen"] == "dibuat"
    assert worker.run_pending()
    job = BuildJob.objects.get(skpd=OWN)
    assert job.state == JobState.SELESAI, job.message
    assert job.outcome["skpd"][0]["status"] == "dibuat"
    loaded = workspace.load(workspace.skpd(PEMDA, OWN))
    pdf = workspace.draft_pdf(loaded)
    reader = PdfReader(pdf)
    assert all(has_watermark(reader, n) for n in range(len(reader.pages)))
    assert any(
        "70 (B)" in (page.extract_text() or "").replace("\xa0", " ") for page in reader.pages
    )
    state = client.get(skpd_url(OWN, "keadaan.json")).json()
    assert state["dokumen"] == "mutakhir" and state["final"] is False
    html = client.get(skpd_url(OWN)).content.decode()
    assert html.count('alt="Halaman ') == len(reader.pages)
    image = client.get(skpd_url(OWN, "halaman/1.png"))
    assert image["Content-Type"] == "image/png" and b"".join(image.streaming_content)[:4] == (
        b"\x89PNG"
    )
    download = client.get(skpd_url(OWN, "unduh/pdf"))
    assert "perjanjian-kinerja-draf.pdf" in download["Content-Disposition"]
    finish(download)


@pytest.mark.slow
def test_approved_data_is_built_clean_and_the_book_holds_only_approved_skpd(
    client_as, workspace, converter
):
    worker = builds.BuildWorker(lambda: workspace, converter)
    operator, verifikator, admin = (
        client_as("operator"),
        client_as("verifikator"),
        client_as("admin"),
    )
    operator.post(skpd_url(OWN, "ajukan/"))
    verifikator.post(skpd_url(OWN, "verifikasi/"), {"keputusan": "setujui"})
    rendered = panel_key(operator.get(skpd_url(OWN)).content.decode())
    assert operator.get(skpd_url(OWN, "keadaan.json")).json()["kunci"] == rendered
    assert worker.run_pending()
    final = BuildJob.objects.get(kind=JobKind.FINAL)
    assert final.state == JobState.SELESAI, final.message
    record = SkpdRecord.objects.get(pemda=PEMDA, skpd=OWN)
    assert record.status == "disetujui"
    pdf = workspace.final_root / "2022" / OWN / "perjanjian-kinerja.pdf"
    assert not has_watermark(PdfReader(pdf))
    state = operator.get(skpd_url(OWN, "keadaan.json")).json()
    assert state["final"] is True
    # The page loaded before the final build shows a key the poll no longer returns, so
    # app.js fetches the panel again, and the panel it gets carries the polled key.
    assert state["kunci"] != rendered
    assert panel_key(operator.get(skpd_url(OWN, "panel/")).content.decode()) == state["kunci"]
    download = operator.get(skpd_url(OWN, "unduh/pdf"))
    assert download["Content-Disposition"].endswith('perjanjian-kinerja.pdf"')
    finish(download)

    page = admin.get(f"/pemda/{PEMDA}/buku/").content.decode()
    assert "<b>disetujui</b>: 1 dari 13 dokumen" in page
    admin.post(f"/pemda/{PEMDA}/buku/buat/")
    assert worker.run_pending()
    job = BuildJob.objects.get(kind=JobKind.BUKU)
    assert job.state == JobState.SELESAI, (job.message, job.outcome)
    book = workspace.final_root / "2022" / "buku-perjanjian-kinerja-2022.pdf"
    text = "".join(page.extract_text() or "" for page in PdfReader(book).pages)
    assert "SEKRETARIAT DPRD KOTA MEDAN" in text.upper()
    assert "DINAS KESEHATAN" not in text.upper()  # not approved: not in the book
    assert (workspace.final_root / "2022" / "rekap-pk-2022.xlsx").is_file()
    page = admin.get(f"/pemda/{PEMDA}/buku/").content.decode()
    assert "Buku Perjanjian Kinerja (PDF)" in page and "Rekap untuk pimpinan" in page
