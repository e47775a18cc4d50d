"""First look: the dashboard and the SKPD page render for every role."""

from __future__ import annotations

from web_fixtures import OWN, PEMDA, skpd_url


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
