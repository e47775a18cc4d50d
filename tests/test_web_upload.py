"""Uploading the filled workbook: every error at its cell and nothing written; a valid
workbook shows the revision diff and is saved only after "Simpan"."""

from __future__ import annotations

from pathlib import Path

import pytest
from web_fixtures import OTHER, OWN, PEMDA, form_fields, skpd_url
from workbooks import edit, exported

from generator.web.models import PendingUpload, Source, Version

# Request flows with the database and files: part of the full run, not the fast set.
pytestmark = pytest.mark.slow

UPLOAD = skpd_url(OWN, "unggah/")


def upload(client, path: Path):
    with open(path, "rb") as handle:
        return client.post(UPLOAD, {"berkas": handle})


def test_a_wrong_anggaran_cell_is_listed_with_its_cell_and_nothing_is_written(
    client_as, workspace, tmp_path
):
    source = workspace.skpd(PEMDA, OWN).path
    before = source.read_text(encoding="utf-8")
    (tmp_path / "xl").mkdir()
    book = exported(OWN, tmp_path / "xl")
    edit(book, lambda wb: wb["Program"].__setitem__("C4", "1,5 M"))
    response = upload(client_as("operator"), book)
    assert response.status_code == 400
    html = response.content.decode()
    assert "1 masalah, tidak ada yang disimpan" in html
    assert "<code>Program!C4</code>" in html
    assert "anggaran harus bilangan bulat rupiah, ditemukan &#x27;1,5 M&#x27;" in html
    assert source.read_text(encoding="utf-8") == before
    assert not PendingUpload.objects.exists()


def test_a_valid_workbook_shows_the_diff_and_is_saved_only_after_simpan(
    client_as, workspace, tmp_path
):
    source = workspace.skpd(PEMDA, OWN).path
    before = source.read_text(encoding="utf-8")
    (tmp_path / "xl").mkdir()
    book = exported(OWN, tmp_path / "xl")
    edit(book, lambda wb: wb["Program"].__setitem__("C4", 107458941864))
    client = client_as("operator")
    response = upload(client, book)
    assert response.status_code == 200
    html = response.content.decode()
    assert "isinya valid" in html
    assert "<td>Rp. 107.458.861.163</td>\n      <td>Rp. 107.458.941.864</td>" in html
    assert "+Rp. 80.701" in html  # selisih
    assert source.read_text(encoding="utf-8") == before  # not yet
    save = form_fields(html, "/simpan/")
    pending = PendingUpload.objects.get()
    response = client.post(skpd_url(OWN, f"unggah/{pending.id}/simpan/"), save)
    assert response.status_code == 302
    assert "anggaran: 107458941864\n" in source.read_text(encoding="utf-8")
    version = Version.objects.get(pemda=PEMDA, skpd=OWN, source=Source.UNGGAHAN)
    assert "selisih +Rp. 80.701" in version.summary
    assert not PendingUpload.objects.exists()


def test_the_workbook_of_another_skpd_is_refused(client_as, workspace, tmp_path):
    (tmp_path / "xl").mkdir()
    book = exported(OTHER, tmp_path / "xl")
    response = upload(client_as("operator"), book)
    assert response.status_code == 400
    assert (
        "lembar kerja ini untuk SKPD &#x27;dinas-kesehatan&#x27;, bukan &#x27;sekretariat-dprd&#x27;"
        in (response.content.decode())
    )
    assert not PendingUpload.objects.exists()


def test_a_save_after_someone_else_saved_gets_the_conflict_page(client_as, workspace, tmp_path):
    (tmp_path / "xl").mkdir()
    book = exported(OWN, tmp_path / "xl")
    edit(book, lambda wb: wb["Program"].__setitem__("C4", 100727600000))
    client = client_as("operator")
    upload(client, book)
    pending = PendingUpload.objects.get()
    source = workspace.skpd(PEMDA, OWN).path
    other = client_as("admin")
    form = form_fields(other.get(skpd_url(OWN, "ubah/")).content.decode(), "/ubah/")
    name = next(k for k, v in form.items() if k.endswith("-target") and v == "66")
    form[name] = "70"
    other.post(skpd_url(OWN, "ubah/"), {**form, "aksi": "simpan"})
    response = client.post(skpd_url(OWN, f"unggah/{pending.id}/simpan/"))
    assert response.status_code == 409
    assert "target: 70\n" in source.read_text(encoding="utf-8")
    assert "anggaran: 100727519299\n" in source.read_text(encoding="utf-8")
