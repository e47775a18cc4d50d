"""The verification workflow: diajukan → dikembalikan with notes per item → diajukan again
→ disetujui and locked; reopened by an admin or by starting a PK Perubahan."""

from __future__ import annotations

import pytest
from web_fixtures import OWN, PEMDA, form_fields, skpd_url

from generator.web.models import BuildJob, Review, SkpdRecord, Source, Status, Version

# Request flows with the database and files: part of the full run, not the fast set.
pytestmark = pytest.mark.slow


def state() -> str:
    return SkpdRecord.objects.get(pemda=PEMDA, skpd=OWN).status


def post(client, tail: str, data: dict[str, str] | None = None):
    response = client.post(skpd_url(OWN, tail), data or {})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"]).content.decode()


def test_submit_return_with_notes_fix_resubmit_approve_then_locked(client_as, workspace):
    operator, verifikator = client_as("operator"), client_as("verifikator")
    path = workspace.skpd(PEMDA, OWN).path
    page = post(operator, "ajukan/")
    assert state() == Status.DIAJUKAN and "diajukan untuk diverifikasi" in page
    # Submitted data is locked for the operator.
    assert "Ubah target dan anggaran" not in page
    locked = operator.get(skpd_url(OWN, "ubah/"))
    assert locked.status_code == 302
    assert "terkunci" in operator.get(locked["Location"]).content.decode()

    page = verifikator.get(skpd_url(OWN)).content.decode()
    fields = form_fields(page, "/verifikasi/")
    assert "catatan-indikator-1-1" in fields and "catatan-program-2" in fields
    fields["catatan-indikator-1-1"] = "Target 66 terlalu rendah; sesuaikan dengan Renstra"
    fields["catatan"] = "Perbaiki lalu ajukan lagi"
    post(verifikator, "verifikasi/", {**fields, "keputusan": "kembalikan"})
    assert state() == Status.DIKEMBALIKAN

    page = operator.get(skpd_url(OWN)).content.decode()
    row = page[page.index('id="indikator-1-1"') :][:2500]
    assert "Catatan verifikator: Target 66 terlalu rendah; sesuaikan dengan Renstra" in row
    assert "Perbaiki lalu ajukan lagi" in page

    form = form_fields(operator.get(skpd_url(OWN, "ubah/")).content.decode(), "/ubah/")
    name = next(k for k, v in form.items() if k.endswith("-target") and v == "66")
    form[name] = "70"
    assert operator.post(skpd_url(OWN, "ubah/"), {**form, "aksi": "simpan"}).status_code == 302
    post(operator, "ajukan/")
    post(verifikator, "verifikasi/", {"keputusan": "setujui"})
    assert state() == Status.DISETUJUI

    record = SkpdRecord.objects.get(pemda=PEMDA, skpd=OWN)
    assert record.approved.text == path.read_text(encoding="utf-8")
    approved_copy = workspace.approved_path(workspace.skpd(PEMDA, OWN))
    assert approved_copy.read_text(encoding="utf-8") == record.approved.text
    assert (approved_copy.parent / "pemda.yaml").is_file()
    assert BuildJob.objects.filter(kind="final", skpd=OWN, state="antri").count() == 1

    page = operator.get(skpd_url(OWN)).content.decode()
    assert "Ubah target dan anggaran" not in page and "Unggah lembar kerja" not in page
    before = path.read_text(encoding="utf-8")
    form[name] = "75"
    refused = operator.post(skpd_url(OWN, "ubah/"), {**form, "aksi": "simpan"})
    assert refused.status_code == 302 and path.read_text(encoding="utf-8") == before
    decisions = list(
        Review.objects.filter(pemda=PEMDA, skpd=OWN).values_list("decision", flat=True)
    )
    assert decisions == ["diajukan", "dikembalikan", "diajukan", "disetujui"]
    dashboard = verifikator.get(f"/pemda/{PEMDA}/").content.decode()
    assert "2 / 1 / 1" in dashboard  # diajukan / dikembalikan / disetujui


def test_an_admin_reopens_approved_data(client_as):
    post(client_as("operator"), "ajukan/")
    post(client_as("verifikator"), "verifikasi/", {"keputusan": "setujui"})
    page = post(client_as("admin"), "buka/", {"catatan": "salah ketik NIP"})
    assert state() == Status.DRAF and "Dibuka kembali" in page
    assert "Ubah target dan anggaran" in client_as("operator").get(skpd_url(OWN)).content.decode()


def test_a_pk_perubahan_started_from_the_page_unlocks_and_declares_the_revision(
    client_as, workspace
):
    post(client_as("operator"), "ajukan/")
    post(client_as("verifikator"), "verifikasi/", {"keputusan": "setujui"})
    page = post(
        client_as("operator"),
        "perubahan/",
        {"nomor": "1", "tanggal": "2022-09-15", "alasan": "Penyesuaian APBD Perubahan 2022"},
    )
    assert "PK Perubahan ke-1 dimulai" in page
    assert state() == Status.DRAF
    loaded = workspace.load(workspace.skpd(PEMDA, OWN))
    assert loaded.revision == 1 and loaded.agreement.model.perubahan.alasan.startswith(
        "Penyesuaian"
    )
    assert Version.objects.filter(pemda=PEMDA, skpd=OWN, source=Source.PERUBAHAN).count() == 1
    # The approved version stays what was signed until the revision is approved.
    record = SkpdRecord.objects.get(pemda=PEMDA, skpd=OWN)
    assert "perubahan:" not in record.approved.text
    assert "Perubahan 1" in client_as("admin").get(f"/pemda/{PEMDA}/").content.decode()


def test_a_verifikator_must_say_what_to_fix_and_invalid_data_cannot_be_submitted(
    client_as, workspace
):
    post(client_as("operator"), "ajukan/")
    page = post(client_as("verifikator"), "verifikasi/", {"keputusan": "kembalikan"})
    assert "tulis catatan" in page and state() == Status.DIAJUKAN
    post(client_as("admin"), "buka/")
    path = workspace.skpd(PEMDA, OWN).path
    path.write_text(path.read_text(encoding="utf-8").replace("target: 66", "target: 166"))
    page = client_as("operator").get(skpd_url(OWN)).content.decode()
    assert "Ajukan untuk verifikasi" not in page
    assert (
        "sekretariat-dprd.yaml:26</code> <b>sasaran[0].indikator[0].target</b>: target 166: "
        "di luar rentang skala nilai SAKIP (0–100)"
    ) in page
    page = post(client_as("operator"), "ajukan/")
    assert "data masih memiliki 1 kesalahan" in page and state() == Status.DRAF


def test_a_decision_on_data_changed_since_the_page_was_opened_is_refused(client_as, workspace):
    post(client_as("operator"), "ajukan/")
    verifikator = client_as("verifikator")
    fields = form_fields(verifikator.get(skpd_url(OWN)).content.decode(), "/verifikasi/")
    path = workspace.skpd(PEMDA, OWN).path
    path.write_text(path.read_text(encoding="utf-8").replace("target: 66", "target: 67"))
    page = post(verifikator, "verifikasi/", {**fields, "keputusan": "setujui"})
    assert "Data berubah sejak halaman ini dibuka" in page and state() == Status.DIAJUKAN
