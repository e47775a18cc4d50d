"""First look: the dashboard and the SKPD page render for every role."""

from __future__ import annotations

import lxml.html
from conftest import EXAMPLES
from web_fixtures import OWN, PEMDA, skpd_url

from generator.build.naming import jabatan_within_unit, unit_name
from generator.data.loading import LoadedAgreement, load_batch
from generator.domain.calculations import total
from generator.web.templatetags.pkgen import rupiah


def test_dashboard_lists_every_skpd_with_its_status(client_as):
    response = client_as("admin").get(f"/pemda/{PEMDA}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sekretariat DPRD Kota Medan" in html and "Dinas Kesehatan" in html


def test_skpd_page_shows_the_target_table_as_printed(client_as):
    response = client_as("operator").get(skpd_url(OWN))
    assert response.status_code == 200, response.content.decode()[:2000]
    html = response.content.decode()
    assert "66 (B)" in html
    assert "Rp. 100.727.519.299" in html


def medan_agreements() -> list[LoadedAgreement]:
    """The documents of the dashboard's pemda folder (not of the pemda folders below it)."""
    batch = load_batch([EXAMPLES])
    return [a for g in batch.groups if g.folder == EXAMPLES.resolve() for a in g.agreements]


def dashboard_rows(html: str) -> list[tuple[str, int]]:
    """(name, indentation level) of each row of the dashboard, top to bottom."""
    cells = lxml.html.fromstring(html).xpath("//td[@data-label='SKPD']")
    return [
        (cell.xpath(".//a")[0].text_content(), int(cell.get("class").split("-")[-1]))
        for cell in cells
    ]


def test_the_pks_of_an_skpds_jabatan_are_listed_below_it_as_its_ladder_goes(client_as):
    html = client_as("admin").get(f"/pemda/{PEMDA}/").content.decode()
    rows = dashboard_rows(html)
    agreements = medan_agreements()
    # Below its SKPD's row a jabatan's PK is named without the SKPD's name.
    by_name = {(jabatan_within_unit(a) if a.jabatan_id else unit_name(a)): a for a in agreements}
    assert "Kepala Seksi Promosi dan Pemberdayaan Masyarakat" in by_name
    assert sorted(name for name, _ in rows) == sorted(by_name)
    head = rows.index(("Dinas Kesehatan Kota Medan", 0))
    ladder = [name for name, level in rows[head + 1 :] if level > 0]
    below = [a for a in agreements if a.slug == "dinas-kesehatan" and a.jabatan_id]
    assert len(ladder) == len(below) > 0  # the head's PK, then all its jabatan, together
    for name, level in rows[head + 1 : head + 1 + len(ladder)]:
        agreement = by_name[name]
        assert level == agreement.model.eselon - 2
        atasan = agreement.model.atasan
        parent = next(n for n, a in by_name.items() if a.name == atasan)
        assert [n for n, _ in rows].index(parent) < [n for n, _ in rows].index(name)


def test_the_dashboard_counts_an_skpd_once_and_its_anggaran_once(client_as):
    html = client_as("admin").get(f"/pemda/{PEMDA}/").content.decode()
    boxes = lxml.html.fromstring(html).xpath("//section[@class='angka-angka']/div")
    figures = {
        box.xpath("span")[0].text_content().split(" (")[0]: box.xpath("b")[0].text_content()
        for box in boxes
    }
    heads = [a for a in medan_agreements() if not a.jabatan_id]
    assert figures["SKPD"] == str(len({a.slug for a in heads}))
    assert f"SKPD ({len(medan_agreements())} PK)" in html  # the jabatan's PKs too
    spent = sum(
        total(p.anggaran for p in a.model.program)
        for a in heads
        if a.kind.key == "perjanjian-kinerja"
    )
    assert figures["total anggaran"] == rupiah(spent)


def test_sorted_by_anything_but_the_name_every_row_names_its_skpd_in_full(client_as):
    html = client_as("admin").get(f"/pemda/{PEMDA}/?urut=anggaran&arah=turun").content.decode()
    rows = dashboard_rows(html)
    assert all(level == 0 for _, level in rows)
    assert "Kepala Seksi Promosi dan Pemberdayaan Masyarakat Dinas Kesehatan Kota Medan" in (
        name for name, _ in rows
    )


def test_a_jabatan_page_links_its_atasan_and_the_pks_below_it(client_as):
    html = client_as("admin").get(skpd_url("dinas-kesehatan-sekretaris")).content.decode()
    page = lxml.html.fromstring(html)
    terms = [dt.text_content() for dt in page.xpath("//dl[@class='identitas']/dt")]
    links = {a.text_content(): a.get("href") for a in page.xpath("//dl[@class='identitas']/dd//a")}
    assert "PK atasan" in terms and "PK di bawahnya" in terms
    assert links == {
        "Dinas Kesehatan Kota Medan": skpd_url("dinas-kesehatan"),
        "Kepala Subbagian Keuangan dan Aset": skpd_url("dinas-kesehatan-subbag-keuangan"),
        "Kepala Subbagian Umum dan Kepegawaian": skpd_url("dinas-kesehatan-subbag-umum"),
    }
    own = client_as("operator").get(skpd_url(OWN)).content.decode()
    assert "PK atasan" not in own and "PK di bawahnya" not in own  # no ladder
