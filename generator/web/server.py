"""`pkgen serve` and `pkgen users`: configure Django for a data folder, migrate the
database, create the first admin, start the build worker and serve with waitress."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from generator.errors import UsageError

STATE_NAME = ".pkgen-web"


def configure(
    data: Path, *, out: Path | None = None, state: Path | None = None, database: str | None = None
) -> Path:
    """Point the settings at a data folder and bring the database up to date; the state
    folder (git-ignored by a `.gitignore` of its own)."""
    if not data.is_dir():
        raise UsageError(f"{data}: folder data tidak ditemukan")
    data = data.resolve()
    state = (state or data / STATE_NAME).resolve()
    state.mkdir(parents=True, exist_ok=True)
    ignore = state / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Berkas ruang kerja pkgen serve: basis data, kunci, pratinjau.\n*\n")
    os.environ["PKGEN_DATA"] = str(data)
    os.environ["PKGEN_STATE"] = str(state)
    os.environ["PKGEN_OUT"] = str((out or Path("output")).resolve())
    if database:
        from generator.web.dburl import DatabaseUrlError, database_settings

        try:
            database_settings(database)
        except DatabaseUrlError as exc:
            raise UsageError(str(exc)) from exc
        os.environ["PKGEN_DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "generator.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    return state


def serve(
    data: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    out: Path | None = None,
    database: str | None = None,
    workers: int | None = None,
    threads: int = 12,
    say: Callable[[str], None] = print,
) -> None:
    """Run the workspace until interrupted."""
    if host not in ("0.0.0.0", "::"):
        hosts = os.environ.get("PKGEN_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
        os.environ["PKGEN_ALLOWED_HOSTS"] = f"{hosts},{host}"
    os.environ["PKGEN_SERVE"] = "1"
    configure(data, out=out, database=database)
    import waitress
    from django.conf import settings

    from generator.web import builds
    from generator.web.accounts import ensure_first_admin
    from generator.web.workspace import current
    from generator.web.wsgi import application

    account = ensure_first_admin()
    if account is not None:
        say(
            f"Akun admin dibuat. Nama pengguna: {account.username}  Kata sandi sekali pakai: "
            f"{account.password}"
        )
        say("Catat sekarang: kata sandi ini tidak ditampilkan lagi (ganti saat masuk pertama).")
    interrupted = builds.recover_interrupted()
    if interrupted:
        say(f"{interrupted} pembuatan dokumen terputus saat server berhenti; lihat dasbor.")
    worker = builds.start_worker(current, workers)
    queued = builds.warm_up(current())
    if queued:
        say(f"{queued} dokumen draf dibuat di latar belakang (pratinjau halaman SKPD).")
    shown = f"[{host}]" if ":" in host else host
    say(f"Ruang kerja pkgen: http://{shown}:{port}/  (data: {settings.PKGEN_DATA})")
    say("Hentikan dengan Ctrl-C.")
    proxy: dict[str, str] = {}
    if os.environ.get("PKGEN_TRUSTED_PROXY"):
        # Behind a reverse proxy: the client's address (login throttling, the audit log)
        # and the scheme come from the proxy's X-Forwarded-* headers.
        proxy = {
            "trusted_proxy": os.environ["PKGEN_TRUSTED_PROXY"],
            "trusted_proxy_headers": "x-forwarded-for x-forwarded-proto",
        }
    try:
        waitress.serve(
            application,
            host=host,
            port=port,
            threads=threads,
            ident="pkgen",
            max_request_body_size=settings.PKGEN_UPLOAD_MAX_BYTES + 1024 * 1024,
            _quiet=True,
            **proxy,  # type: ignore[arg-type]
        )
    finally:
        worker.stop(timeout=5)
        if worker.converter is not None:
            worker.converter.close(cancel_pending=True)


def users_add(
    data: Path, username: str, role: str, skpd: list[str], full_name: str, database: str | None
) -> tuple[str, str]:
    """`pkgen users add`: (username, one-time password)."""
    configure(data, database=database)
    from generator.web.accounts import AccountError, add_user
    from generator.web.models import Role
    from generator.web.workspace import current

    try:
        chosen = Role(role)
    except ValueError as exc:
        raise UsageError(
            f"peran {role!r} tidak dikenal; pilihan: {', '.join(r.value for r in Role)}"
        ) from exc
    pairs = []
    for item in skpd:
        pemda, _, stem = item.partition("/")
        if current().skpd(pemda, stem) is None:
            known = ", ".join(
                f"{p.id}/{s.stem}" for p in current().pemdas() for s in current().skpds(p)
            )
            raise UsageError(f"SKPD {item!r} tidak ada; pilihan: {known}")
        pairs.append((pemda, stem))
    try:
        account = add_user(username, chosen, full_name=full_name, skpd=pairs)
    except AccountError as exc:
        raise UsageError(str(exc)) from exc
    return account.username, account.password


def users_reset(data: Path, username: str, database: str | None) -> str:
    configure(data, database=database)
    from generator.web.accounts import AccountError, reset_password

    try:
        return reset_password(username)
    except AccountError as exc:
        raise UsageError(str(exc)) from exc
