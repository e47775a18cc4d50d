"""The output folder of a build: checked before any work, used by one build at a time,
cleared of what a killed build left.

* `check_output_folder` finds what can be known up front — `--out` naming a file, a
  folder that cannot be made (`/proc/…`), a read-only file system, no permission to write,
  a folder where the manifest file should be — and says so in one message naming the
  path, before LibreOffice starts or anything is rendered.
* `output_lock` holds `.pkgen-lock` in the output folder (`flock`, released by the kernel
  when the process dies, however it dies) for the whole build. A second build into the
  same folder exits with code 2 naming the process that holds it, or waits its turn
  (`pkgen build --tunggu`). The lock file keeps the holder's PID for that message.
* `sweep_staging` deletes the writer's temporary files (`.perjanjian-kinerja.pdf.….tmp`)
  that a killed build left; under the lock no other build can be writing them.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from generator.build.manifest import MANIFEST_NAME
from generator.build.writer import FILE_MODE, STAGING_NAME, os_error_reason
from generator.errors import PkgenError, display_path

LOCK_NAME = ".pkgen-lock"


class OutputFolderError(PkgenError):
    """The output folder cannot be used (said before anything is built, exit 1): the path
    and what is wrong with it."""


class OutputFolderBusy(PkgenError):
    """Another build is writing into the same output folder."""

    exit_code = 2


def check_output_folder(root: Path) -> None:
    """Make `root` if needed and make sure a build can write there; else one message."""
    for existing in (root, *root.parents):
        if existing.exists() or existing.is_symlink():
            if not existing.is_dir():
                raise OutputFolderError(
                    f"{display_path(existing)}: bukan folder (sudah ada berkas dengan nama itu); "
                    "pilih folder keluaran lain dengan --out"
                )
            break
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        where = Path(exc.filename) if isinstance(exc.filename, str) else root
        raise OutputFolderError(
            f"{display_path(where)}: folder keluaran tidak dapat dibuat: {os_error_reason(exc)}"
        ) from exc
    try:
        fd, probe = tempfile.mkstemp(prefix=".pkgen-uji.", suffix=".tmp", dir=root)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputFolderError(
            f"{display_path(root)}: folder keluaran tidak dapat ditulis: {os_error_reason(exc)}"
        ) from exc
    manifest = root / MANIFEST_NAME
    if manifest.is_dir():
        raise OutputFolderError(
            f"{display_path(manifest)}: adalah folder, padahal pkgen mencatat keluarannya di "
            "berkas dengan nama ini; hapus atau ganti nama folder itu"
        )


# Locks this process holds, per output folder and thread: a build started by the CLI,
# which took the lock before starting LibreOffice, takes it again without blocking itself.
_held: dict[tuple[Path, int], int] = {}
_held_lock = threading.Lock()


@contextlib.contextmanager
def output_lock(
    root: Path, *, wait: bool = False, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the output folder for one build; `OutputFolderBusy` (or, with `wait`, wait
    after calling `on_wait` with the holder's description) when another build holds it."""
    key = (root.resolve(), threading.get_ident())
    with _held_lock:
        if key in _held:
            _held[key] += 1
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield
        finally:
            with _held_lock:
                _held[key] -= 1
        return
    path = root / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    except OSError as exc:
        raise OutputFolderError(
            f"{display_path(path)}: kunci folder keluaran tidak dapat dibuat: "
            f"{os_error_reason(exc)}"
        ) from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            if not wait:
                raise OutputFolderBusy(
                    f"{display_path(root)}: folder keluaran sedang dipakai oleh {holder}; "
                    "tunggu sampai selesai, atau jalankan dengan --tunggu agar menunggu giliran"
                ) from None
            if on_wait is not None:
                on_wait(holder)
            fcntl.flock(fd, fcntl.LOCK_EX)
        _write_holder(fd)
        with _held_lock:
            _held[key] = 1
        try:
            yield
        finally:
            with _held_lock:
                del _held[key]
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # releases the lock


def _holder(fd: int) -> str:
    """`proses 1234 (pkgen build agreements/2022)` from the lock file, as far as known."""
    with contextlib.suppress(OSError, ValueError):
        text = os.pread(fd, 4096, 0).decode("utf-8", "replace")
        pid, _, command = text.partition("\n")
        if pid.strip().isdigit():
            command = command.strip()
            return f"proses {int(pid)}" + (f" ({command})" if command else "")
    return "proses lain"


def _write_holder(fd: int) -> None:
    command = " ".join(["pkgen", *sys.argv[1:3]]) if sys.argv else "pkgen"
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n{command}\n".encode(), 0)


def sweep_staging(root: Path) -> list[Path]:
    """Delete the staging files a killed build left below `root` (call under the lock)."""
    removed: list[Path] = []
    for folder, _dirs, files in os.walk(root):
        for name in files:
            if STAGING_NAME.match(name):
                path = Path(folder) / name
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed.append(path)
    return removed
