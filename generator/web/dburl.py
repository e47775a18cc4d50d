"""`--database` URLs: `sqlite:///path/pkgen.sqlite3` or `postgresql://user:pass@host:5432/name`."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit


class DatabaseUrlError(ValueError):
    """A database URL pkgen cannot use; the message is shown to the user."""


def sqlite_settings(path: Path) -> dict[str, Any]:
    """SQLite tuned for one server process with several threads: WAL lets readers work
    while the build worker writes; IMMEDIATE transactions avoid lock upgrades that fail."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


def database_settings(url: str) -> dict[str, Any]:
    """Django's DATABASES['default'] for a URL."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        # As elsewhere: sqlite:///relative.sqlite3, sqlite:////absolute/path.sqlite3
        path = unquote(parts.path)[1:]
        if parts.netloc or not path:
            raise DatabaseUrlError(
                f"URL SQLite tidak dikenal: {url!r}; contoh: sqlite:////var/lib/pkgen/pkgen.sqlite3"
            )
        return sqlite_settings(Path(path))
    if scheme in ("postgres", "postgresql"):
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise DatabaseUrlError(
                f"URL PostgreSQL tanpa nama basis data: {url!r}; "
                "contoh: postgresql://pkgen:sandi@127.0.0.1:5432/pkgen"
            )
        try:
            port = parts.port
        except ValueError as exc:
            raise DatabaseUrlError(f"port tidak valid di {url!r}") from exc
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": unquote(parts.hostname or ""),
            "PORT": str(port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": dict(parse_qsl(parts.query)),
        }
    raise DatabaseUrlError(
        f"basis data {scheme or url!r} tidak didukung; gunakan sqlite:///… atau postgresql://…"
    )
