"""`--database` URLs become Django's database settings; anything else is refused clearly."""

from __future__ import annotations

import pytest

from generator.web.dburl import DatabaseUrlError, database_settings


def test_postgresql_urls_carry_every_part_decoded():
    settings = database_settings(
        "postgresql://pk%40gen:s%2Fandi@db.local:5433/pk_2022?sslmode=require"
    )
    assert settings["ENGINE"] == "django.db.backends.postgresql"
    assert (settings["USER"], settings["PASSWORD"], settings["HOST"], settings["PORT"]) == (
        "pk@gen",
        "s/andi",
        "db.local",
        "5433",
    )
    assert settings["NAME"] == "pk_2022" and settings["OPTIONS"] == {"sslmode": "require"}
    assert database_settings("postgres://127.0.0.1/pkgen")["PORT"] == ""


def test_sqlite_urls_name_a_file_and_run_in_wal_mode():
    settings = database_settings("sqlite:////var/lib/pkgen/pkgen.sqlite3")
    assert settings["NAME"] == "/var/lib/pkgen/pkgen.sqlite3"
    assert "journal_mode=WAL" in settings["OPTIONS"]["init_command"]
    assert database_settings("sqlite:///pkgen.sqlite3")["NAME"] == "pkgen.sqlite3"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://u@h/db", "basis data 'mysql' tidak didukung"),
        ("postgresql://u@h:5432/", "tanpa nama basis data"),
        ("postgresql://u@h:port/db", "port tidak valid"),
        ("sqlite://", "URL SQLite tidak dikenal"),
        ("pkgen.sqlite3", "tidak didukung"),
    ],
)
def test_an_unusable_url_is_refused_with_an_example(url, message):
    with pytest.raises(DatabaseUrlError, match=message):
        database_settings(url)
