"""Editing in the browser form: validated by the same models, saved by the same YAML
update (comments and order kept), a version per save, conflicts never overwrite."""

from __future__ import annotations

import subprocess

import lxml.html
import pytest
from web_fixtures import OWN, PEMDA, form_fields, skpd_url

from generator.web.models import AuditEvent, BuildJob, Source, Version

# Request flows with the database and files: part of the full run, not the fast set.
pytestmark = pytest.mark.slow

EDIT = skpd_url(OWN, "ubah/")


def opened(client) -> dict[str, str]:
    response = client.get(EDIT)
    assert response.status_code == 200
    return form_fields(response.content.decode(), "/ubah/")


def target_field(fields: dict[str, str], value: str) -> str:
    """The form field holding a target shown as `value`."""
    names = [k for k, v in fields.items() if k.endswith("-target") and v == value]
    assert names, (value, {k: v for k, v in fields.items() if k.endswith("-target")})
    return names[0]


def block(html: str, row: str) -> str:
    """The HTML of one form row (from its id to the next row or the end of its group)."""
    start = html.index(f'id="{row}"')
    ends = [html.find(mark, start + 5) for mark in ('<div class="baris-', "</fieldset>")]
    return html[start : min(e for e in ends if e > 0)]


def test_the_form_shows_numbers_as_written_in_indonesian(client_as):
    fields = opened(client_as("operator"))
    targets = sorted(v for k, v in fields.items() if k.endswith("-target"))
    assert targets == ["2,90", "3,0644", "3,0644", "66"]
    anggaran = sorted(v for k, v in fields.items() if k.endswith("-anggaran"))
    assert anggaran == ["100.727.519.299", "107.458.861.163"]


def test_a_changed_target_is_saved_keeping_comments_and_a_build_is_queued(
    client_as, workspace, users
):
    client = client_as("operator")
    path = workspace.skpd(PEMDA, OWN).path
    before = path.read_text(encoding="utf-8")
    fields = opened(client)
    fields[target_field(fields, "66")] = "70"
    response = client.post(EDIT, {**fields, "aksi": "simpan"})
    assert response.status_code == 302
    after = path.read_text(encoding="utf-8")
    assert after == before.replace("        target: 66\n", "        target: 70\n")
    assert "# pihak_kedua: bawaan Wali Kota Medan (pemda.yaml)" in after
    versions = list(Version.objects.filter(pemda=PEMDA, skpd=OWN).order_by("number"))
    assert [(v.number, v.source, v.applied) for v in versions] == [
        (1, Source.AWAL, True),
        (2, Source.FORMULIR, True),
    ]
    assert versions[1].author == users["operator"]
    assert versions[1].summary.startswith("1 perubahan: Target: Nilai SAKIP")
    assert "66 (B) → 70 (B)" in versions[1].summary
    assert BuildJob.objects.filter(skpd=OWN, kind="draf", state="antri").count() == 1
    assert AuditEvent.objects.filter(action="simpan-formulir", skpd=OWN).count() == 1
    page = client.get(skpd_url(OWN)).content.decode()
    assert "70 (B)" in page and "Disimpan sebagai versi 2" in page


def test_an_invalid_target_is_shown_beside_its_field_and_nothing_is_written(client_as, workspace):
    client = client_as("operator")
    path = workspace.skpd(PEMDA, OWN).path
    before = path.read_text(encoding="utf-8")
    fields = opened(client)
    name = target_field(fields, "66")
    fields[name] = "120"
    anggaran = next(k for k, v in fields.items() if v == "100.727.519.299")
    fields[anggaran] = "1,5 M"
    response = client.post(EDIT, {**fields, "aksi": "simpan"})
    assert response.status_code == 400
    html = response.content.decode()
    row = block(html, name.removesuffix("-target"))
    assert f'name="{name}" value="120" inputmode="decimal" aria-invalid="true">' in row
    assert (
        '<p class="galat-isian">target 120: di luar rentang skala nilai SAKIP (0–100) menurut '
        "PermenPAN dan RB Nomor 12 Tahun 2015</p>" in row
    )
    program = block(html, anggaran.removesuffix("-anggaran"))
    assert (
        '<p class="galat-isian">anggaran harus bilangan bulat rupiah, ditemukan &#x27;1,5 M&#x27;'
        in program
    )
    assert path.read_text(encoding="utf-8") == before
    assert not Version.objects.filter(source=Source.FORMULIR).exists()


def test_a_new_official_is_saved_as_the_first_party_keeping_everything_else(client_as, workspace):
    client = client_as("operator")
    path = workspace.skpd(PEMDA, OWN).path
    before = path.read_text(encoding="utf-8")
    fields = opened(client)
    assert fields["id-pihak_pertama-nip"] == "197903171999121001"  # not 197.903.171.…
    assert fields["id-tanggal"] == "Januari 2022" and fields["id-pihak_pertama-pelaksana"] == ""
    fields["id-pihak_pertama-nama"] = "Dra. HJ. SITI AMINAH, M.Si."
    fields["id-pihak_pertama-nip"] = "197205121998032004"
    fields["id-pihak_pertama-pelaksana"] = "plt"
    fields["id-pihak_pertama-jabatan_definitif"] = "Kepala Bagian Umum Sekretariat DPRD"
    fields["id-tanggal"] = "3 Februari 2022"
    response = client.post(EDIT, {**fields, "aksi": "simpan"})
    assert response.status_code == 302, response.content.decode()[:3000]
    after = path.read_text(encoding="utf-8")
    lines = set(after.splitlines()) - set(before.splitlines())
    assert lines == {
        "  nama: Dra. HJ. SITI AMINAH, M.Si.",
        "  nip: 197205121998032004",  # written as the file wrote the old one
        "  pelaksana: plt",
        "  jabatan_definitif: Kepala Bagian Umum Sekretariat DPRD",
        "tanggal: 2022-02-03",  # a day-date as the model writes it
    }
    assert "# pihak_kedua: bawaan Wali Kota Medan (pemda.yaml)" in after
    model = workspace.load(workspace.skpd(PEMDA, OWN)).agreement.model
    assert model.pihak_pertama.jabatan_tertulis == "Plt. Sekretaris DPRD Kota Medan"
    version = Version.objects.filter(source=Source.FORMULIR).get()
    assert "MUHAMMAD ALI SIPAHUTAR" in version.summary and "SITI AMINAH" in version.summary


def test_a_wrong_nip_or_date_is_shown_beside_its_field_and_nothing_is_written(client_as, workspace):
    client = client_as("operator")
    path = workspace.skpd(PEMDA, OWN).path
    before = path.read_text(encoding="utf-8")
    fields = opened(client)
    fields["id-pihak_pertama-nip"] = "19790317199912100"  # 17 digits
    fields["id-tanggal"] = "31 Februari 2022"
    fields["id-pihak_pertama-nama"] = ""
    response = client.post(EDIT, {**fields, "aksi": "simpan"})
    assert response.status_code == 400
    html = lxml.html.fromstring(response.content.decode())

    def errors_of(name: str) -> list[str]:
        (box,) = html.xpath(f"//*[@id='{name}']/..")
        assert "salah" in box.get("class")
        return [p.text_content() for p in box.xpath(".//p[@class='galat-isian']")]

    assert any("18" in e for e in errors_of("id-pihak_pertama-nip"))
    assert any("kalender" in e for e in errors_of("id-tanggal"))
    assert errors_of("id-pihak_pertama-nama")
    assert path.read_text(encoding="utf-8") == before
    assert not Version.objects.filter(source=Source.FORMULIR).exists()


def test_indikator_and_programs_are_added_and_removed(client_as, workspace):
    client = client_as("operator")
    path = workspace.skpd(PEMDA, OWN).path
    fields = opened(client)
    response = client.post(EDIT, {**fields, "aksi": "tambah-s-1"})
    assert response.status_code == 200  # the form again, one indikator more, nothing saved
    fields = form_fields(response.content.decode(), "/ubah/")
    assert fields["s-1-jumlah"] == "3" and fields["i-1-2-asal"] == ""
    fields.update(
        {
            "i-1-2-uraian": "Persentase Rapat yang Didukung",
            "i-1-2-target": "95",
            "i-1-2-satuan": "%",
        }
    )
    fields["p-1-hapus"] = "1"
    response = client.post(EDIT, {**fields, "aksi": "simpan"})
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = workspace.load(workspace.skpd(PEMDA, OWN))
    model = saved.agreement.model
    assert [i.uraian for i in model.sasaran[1].indikator][-1] == "Persentase Rapat yang Didukung"
    assert str(model.sasaran[1].indikator[-1].target) == "95"
    assert [p.id for p in model.program] == ["administrasi-umum"]
    text = path.read_text(encoding="utf-8")
    # written as an imported workbook writes a new indikator: the sheet's column order
    assert (
        "      - uraian: Persentase Rapat yang Didukung\n        target: 95\n        satuan: '%'\n"
        in text
    )


def test_the_second_of_two_saves_from_the_same_version_gets_the_conflict_page(
    client_as, workspace, users
):
    first, second = client_as("operator"), client_as("admin")
    form_one, form_two = opened(first), opened(second)
    form_one[target_field(form_one, "66")] = "70"
    form_two[target_field(form_two, "66")] = "68"
    assert first.post(EDIT, {**form_one, "aksi": "simpan"}).status_code == 302
    response = second.post(EDIT, {**form_two, "aksi": "simpan"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "sudah diubah orang lain" in html
    assert "66 (B)" in html and "70 (B)" in html and "68 (B)" in html
    path = workspace.skpd(PEMDA, OWN).path
    assert "target: 70\n" in path.read_text(encoding="utf-8")  # the first save stands
    versions = list(Version.objects.filter(pemda=PEMDA, skpd=OWN).order_by("number"))
    assert [(v.number, v.applied, v.author) for v in versions] == [
        (1, True, None),
        (2, True, users["operator"]),
        (3, False, users["admin"]),
    ]
    history = second.get(skpd_url(OWN, "riwayat/")).content.decode()
    assert "tidak diterapkan" in history and "70 (B)" in history and "68 (B)" in history
    # Seen the other change, the second user may still apply theirs over it, deliberately.
    apply = form_fields(html, "/terapkan/")
    response = second.post(skpd_url(OWN, "konflik/3/terapkan/"), apply)
    assert response.status_code == 302
    assert "target: 68\n" in path.read_text(encoding="utf-8")
    assert Version.objects.filter(pemda=PEMDA, skpd=OWN, applied=True).count() == 3


def test_a_save_is_a_git_commit_authored_by_the_user_when_the_data_is_in_git(
    client_as, workspace, web_data
):
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(web_data), *args], capture_output=True, text=True, check=True
        ).stdout.strip()

    git("init", "-q")
    git("-c", "user.name=Setup", "-c", "user.email=s@x", "add", ".")
    git("-c", "user.name=Setup", "-c", "user.email=s@x", "commit", "-qm", "awal")
    client = client_as("operator")
    fields = opened(client)
    fields[target_field(fields, "66")] = "70"
    client.post(EDIT, {**fields, "aksi": "simpan"})
    assert git("log", "-1", "--format=%an <%ae>|%cn|%s") == (
        "Operator <operator@pkgen.local>|pkgen serve|sekretariat-dprd: 1 perubahan: Target: "
        "Nilai SAKIP Sekretariat DPRD Kota Medan: 66 (B) → 70 (B)"
    )
    assert git("show", "--stat", "--format=", "HEAD").startswith("2022/sekretariat-dprd.yaml")
    assert git("status", "--porcelain") == ""
    version = Version.objects.get(pemda=PEMDA, skpd=OWN, number=2)
    assert version.commit == git("rev-parse", "HEAD")


def test_a_change_made_outside_the_workspace_is_recorded_as_its_own_version(client_as, workspace):
    client = client_as("operator")
    fields = opened(client)
    fields[target_field(fields, "66")] = "70"
    client.post(EDIT, {**fields, "aksi": "simpan"})
    stale = opened(client)
    path = workspace.skpd(PEMDA, OWN).path  # an edit by hand, outside the workspace
    path.write_text(path.read_text(encoding="utf-8").replace("target: 2.90", "target: 2.95"))
    assert "diubah di luar ruang kerja" in client.get(f"/pemda/{PEMDA}/").content.decode()
    stale[target_field(stale, "70")] = "72"
    response = client.post(EDIT, {**stale, "aksi": "simpan"})
    assert response.status_code == 409  # based on the text before the hand edit
    fresh = opened(client)
    fresh[target_field(fresh, "70")] = "72"
    assert client.post(EDIT, {**fresh, "aksi": "simpan"}).status_code == 302
    sources = list(
        Version.objects.filter(pemda=PEMDA, skpd=OWN)
        .order_by("number")
        .values_list("source", "applied")
    )
    assert sources == [
        (Source.AWAL, True),
        (Source.FORMULIR, True),
        (Source.LUAR, True),
        (Source.FORMULIR, False),
        (Source.FORMULIR, True),
    ]
    text = path.read_text(encoding="utf-8")
    assert "target: 2.95" in text and "target: 72" in text


TEXT = skpd_url(OWN, "teks/")


def test_the_data_file_edited_as_text_is_checked_then_saved_as_a_version(client_as, workspace):
    client = client_as("operator")
    path = workspace.skpd(PEMDA, OWN).path
    before = path.read_text(encoding="utf-8")
    fields = form_fields(client.get(TEXT).content.decode(), "/teks/")
    assert fields["teks"] == before  # the whole file, comments included
    wrong = before.replace("tahun: 2022", "tahun: dua ribu")
    response = client.post(TEXT, {**fields, "teks": wrong.replace("\n", "\r\n"), "aksi": "simpan"})
    assert response.status_code == 400
    rows = lxml.html.fromstring(response.content.decode()).xpath("//tr[@class='salah']")
    line = next(n for n, text in enumerate(before.splitlines(), start=1) if text == "tahun: 2022")
    assert [r.xpath("td")[0].text_content() for r in rows] == [str(line)]
    assert rows[0].xpath("td")[1].text_content() == "tahun"
    assert path.read_text(encoding="utf-8") == before  # nothing written
    assert not Version.objects.filter(source=Source.TEKS).exists()

    right = before.replace("# pihak_kedua: bawaan", "# pihak kedua: bawaan")
    response = client.post(TEXT, {**fields, "teks": right.replace("\n", "\r\n"), "aksi": "simpan"})
    assert response.status_code == 302
    assert path.read_text(encoding="utf-8") == right  # as typed, line endings as the file's
    version = Version.objects.get(source=Source.TEKS)
    assert version.text == right and version.author is not None
    assert BuildJob.objects.filter(skpd=OWN, kind="draf", state="antri").count() == 1


def test_a_rencana_kerja_rb_is_editable_as_text(client_as, workspace):
    rb = next(
        s
        for p in workspace.pemdas()
        for s in workspace.skpds(p)
        if not workspace.load(s).is_pk and workspace.load(s).valid
    )
    url = f"/pemda/{rb.pemda.id}/skpd/{rb.stem}/"
    page = client_as("admin").get(url).content.decode()
    assert "Ubah teks data" in page and "Ubah target dan anggaran" not in page
    fields = form_fields(client_as("admin").get(url + "teks/").content.decode(), "/teks/")
    text = fields["teks"]
    changed = text.replace("bulan: Jan\n", "bulan: Jan-Feb\n", 1)
    assert changed != text
    response = client_as("admin").post(url + "teks/", {**fields, "teks": changed, "aksi": "simpan"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert rb.path.read_text(encoding="utf-8") == changed
