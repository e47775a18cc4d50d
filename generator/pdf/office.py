"""The LibreOffice installation and its processes: finding ``soffice``, the environment it
runs in, killing a process group, and the cached initialised profile.

Every LibreOffice process pkgen starts runs in its own session (process group) with
``TMPDIR`` pointing into the build's scratch folder, so its temporary files (``lu*.tmp``)
go away with that folder, and with a ``PATH`` that holds the system directories its
start-up script needs (``dirname``, ``sed``, ``uname``), whatever the caller's ``PATH``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import uuid
from functools import lru_cache
from pathlib import Path
from typing import Any

import psutil

from generator.pdf.jobs import ConverterUnavailable

INSTALL_HINT = (
    "LibreOffice (soffice) tidak ditemukan. Pasang dengan: "
    "sudo apt-get install libreoffice-writer-nogui"
)
BROKEN_HINT = (
    "periksa pemasangan LibreOffice "
    "(sudo apt-get install --reinstall libreoffice-writer-nogui python3-uno)"
)

SOFFICE_FLAGS = (
    "--headless",
    "--invisible",
    "--nologo",
    "--norestore",
    "--nodefault",
    "--nolockcheck",
)


def batch_filter(pdfa: bool = False) -> str:
    """Same export options as uno_worker.PDF_FILTER_DATA, in the JSON syntax that
    ``--convert-to`` accepts since LibreOffice 7.4 (with ``pdfa``: PDF/A-2b)."""
    options = {
        "EmbedStandardFonts": {"type": "boolean", "value": "true"},
        "ExportBookmarks": {"type": "boolean", "value": "true"},
        "ExportNotes": {"type": "boolean", "value": "false"},
    }
    if pdfa:
        options["SelectPdfVersion"] = {"type": "long", "value": "2"}
    return "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))


BATCH_FILTER = batch_filter()

# soffice is a shell script: without these on PATH it dies before LibreOffice starts.
SYSTEM_PATH = ("/usr/local/bin", "/usr/bin", "/bin")


def find_soffice(soffice: str = "soffice") -> str:
    """Return the path of the LibreOffice executable or raise :class:`ConverterUnavailable`."""
    found = shutil.which(soffice)
    if found:
        return found
    if soffice != "soffice":
        # An explicit name or path that does not resolve is an error, not a hint to guess.
        raise ConverterUnavailable(f"{INSTALL_HINT} (dicari: {soffice})")
    candidates = [
        "/usr/bin/soffice",
        "/usr/lib/libreoffice/program/soffice",
        "/opt/libreoffice/program/soffice",
        *sorted(str(p) for p in Path("/opt").glob("libreoffice*/program/soffice")),
        "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    ]
    for candidate in candidates:
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    raise ConverterUnavailable(INSTALL_HINT)


@lru_cache(maxsize=8)
def uno_available(python_uno: str = "/usr/bin/python3") -> bool:
    """Tell whether ``python_uno`` can import LibreOffice's ``uno`` module."""
    try:
        proc = subprocess.run(
            [python_uno, "-c", "import uno"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=office_environment(),
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return proc.returncode == 0


def default_workers() -> int:
    """Return the number of CPU cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def office_environment(tmpdir: Path | None = None) -> dict[str, str]:
    """The environment of a LibreOffice process: the system directories on ``PATH`` and,
    given ``tmpdir``, every temporary file of the office below it."""
    env = dict(os.environ)
    path = [p for p in env.get("PATH", "").split(os.pathsep) if p]
    env["PATH"] = os.pathsep.join([*path, *(p for p in SYSTEM_PATH if p not in path)])
    if tmpdir is not None:
        tmpdir.mkdir(parents=True, exist_ok=True)
        for name in ("TMPDIR", "TMP", "TEMP"):
            env[name] = str(tmpdir)
    return env


def system_which(program: str) -> str | None:
    """`shutil.which`, looking in the system directories too (a `PATH` may lack them)."""
    return shutil.which(program, path=office_environment()["PATH"])


def kill_process_group(proc: subprocess.Popen[Any] | None) -> None:
    """Kill a ``start_new_session`` process and its whole group, and reap the leader."""
    if proc is None:
        return
    pgid = proc.pid
    if proc.poll() is None:
        # Kill the children first so the leader (oosplash) reaps soffice.bin itself: PID 1 in
        # containers often does not reap orphans, which would leave zombies behind.
        children: list[psutil.Process] = []
        with contextlib.suppress(psutil.Error):
            children = psutil.Process(pgid).children(recursive=True)
        for child in children:
            with contextlib.suppress(psutil.Error):
                child.kill()
        if children:
            # A leader without children (the UNO bridge) would not exit by itself: no wait.
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=2)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)


def group_rss_mb(proc: subprocess.Popen[Any] | None) -> float:
    """Return the resident memory of a process and its descendants in MiB."""
    if proc is None:
        return 0.0
    total = 0
    with contextlib.suppress(psutil.Error):
        root = psutil.Process(proc.pid)
        for p in [root, *root.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                total += p.memory_info().rss
    return total / (1024 * 1024)


def remove_quietly(path: Path) -> None:
    """Delete ``path`` if it exists."""
    with contextlib.suppress(FileNotFoundError, IsADirectoryError):
        path.unlink()


def part_path(target: Path) -> Path:
    """Return a hidden temporary sibling of ``target`` to export into."""
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.part")


def remove_pipe_sockets(*names: str) -> None:
    """Delete the socket files a killed soffice leaves behind (always in /tmp or /var/tmp,
    whatever ``TMPDIR`` says)."""
    for name in names:
        for folder in ("/tmp", "/var/tmp"):
            remove_quietly(Path(folder) / f"OSL_PIPE_{os.getuid()}_{name}")


def single_office_pipe(profile: Path) -> str:
    """Return the name of soffice's single-instance pipe for ``profile``.

    LibreOffice names it after the MD5 of the UTF-16 profile URL, as unpadded hex bytes.
    """
    digest = hashlib.md5(profile.as_uri().encode("utf-16-le"), usedforsecurity=False).digest()
    return "SingleOfficeIPC_" + "".join(format(byte, "x") for byte in digest)


def _template_path(soffice: str) -> Path:
    """Return where an initialised profile for this LibreOffice installation is cached."""
    real = os.path.realpath(soffice)
    try:
        stamp = os.stat(real).st_mtime_ns
    except OSError:
        stamp = 0
    key = uuid.uuid5(uuid.NAMESPACE_URL, f"{real}:{stamp}").hex[:12]
    return Path(tempfile.gettempdir()) / f"pkgen-lo-template-{os.getuid()}-{key}"


def seed_profile(profile: Path, soffice: str) -> None:
    """Copy the cached initialised profile into an empty ``profile`` directory.

    A fresh profile costs LibreOffice an extra internal restart on first start (exit code 81,
    handled by oosplash), about 0.4 s per worker.
    """
    if profile.exists():
        return
    template = _template_path(soffice)
    with contextlib.suppress(OSError):
        info = template.lstat()
        # Only trust a template this user created (it lives in a shared temp directory).
        if info.st_uid == os.getuid() and not template.is_symlink() and template.is_dir():
            shutil.copytree(template, profile, symlinks=True)
            remove_quietly(profile / ".lock")


def save_profile_template(profile: Path, soffice: str) -> None:
    """Cache ``profile`` (from a worker that started successfully) as the template."""
    template = _template_path(soffice)
    if template.exists() or not (profile / "user").is_dir():
        return
    staging = template.with_name(f"{template.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        shutil.copytree(profile, staging, symlinks=True)
        remove_quietly(staging / ".lock")
        os.chmod(staging, 0o700)
        os.rename(staging, template)
    except OSError:
        pass
    finally:
        shutil.rmtree(staging, ignore_errors=True)
