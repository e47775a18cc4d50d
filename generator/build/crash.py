"""Crash reports: an unexpected exception becomes a message and a file, never a traceback.

The user reads one located line in Indonesian (what failed, in which pkgen source line,
and where the report is); the developer reads the report: the traceback, the versions of
pkgen, Python, its libraries and LibreOffice, the command line and working directory.

Reports go to `$XDG_STATE_HOME/pkgen/laporan-galat/` (by default
`~/.local/state/pkgen/laporan-galat/`), or to `<tmp>/pkgen-laporan-galat/` when that
cannot be written; `PKGEN_LAPORAN_GALAT` names another folder.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import platform
import sys
import tempfile
import traceback
from importlib import metadata
from pathlib import Path

from generator import __version__
from generator.build.writer import os_error_reason
from generator.errors import display_path

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
LIBRARIES = ("pydantic", "docxtpl", "python-docx", "pypdf", "PyYAML", "typer", "openpyxl")


def report_folder() -> Path:
    """Where crash reports are written (see the module docstring)."""
    explicit = os.environ.get("PKGEN_LAPORAN_GALAT")
    if explicit:
        return Path(explicit)
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "pkgen" / "laporan-galat"


def origin(exc: BaseException) -> str:
    """`generator/build/pipeline.py:412 (_finish)`: the innermost pkgen frame of `exc`,
    else its innermost frame."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if _is_ours(f.filename)]
    if not (ours or frames):
        return "tempat tidak diketahui"
    frame = (ours or frames)[-1]
    path = Path(frame.filename)
    with contextlib.suppress(ValueError):
        path = Path("generator") / path.resolve().relative_to(PACKAGE_ROOT)
    return f"{path.as_posix()}:{frame.lineno} ({frame.name})"


def _is_ours(filename: str) -> bool:
    try:
        Path(filename).resolve().relative_to(PACKAGE_ROOT)
    except ValueError:
        return False
    return True


def write_report(exc: BaseException, context: str = "") -> Path | None:
    """Write the crash report of `exc` and return its path (None when nowhere writable)."""
    text = report_text(exc, context)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    name = f"pkgen-galat-{stamp}-{os.getpid()}.txt"
    for folder in (report_folder(), Path(tempfile.gettempdir()) / "pkgen-laporan-galat"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            counter = 1
            while path.exists():
                counter += 1
                path = folder / f"pkgen-galat-{stamp}-{os.getpid()}-{counter}.txt"
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return None


def report_text(exc: BaseException, context: str = "") -> str:
    lines = [
        "Laporan galat pkgen (kirimkan berkas ini kepada pengembang)",
        f"waktu: {datetime.datetime.now().isoformat(timespec='seconds')}",
        f"perintah: {' '.join(sys.argv)}",
        f"folder kerja: {os.getcwd()}",
        f"pkgen: {__version__}",
        f"python: {sys.version.split()[0]} ({sys.executable})",
        f"sistem: {platform.platform()}",
        f"libreoffice: {libreoffice_version()}",
    ]
    for library in LIBRARIES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            lines.append(f"{library}: {metadata.version(library)}")
    if context:
        lines.append(f"sedang: {context}")
    lines += [f"di: {origin(exc)}", "", *traceback.format_exception(exc)]
    return "\n".join(line.rstrip("\n") for line in lines) + "\n"


def libreoffice_version() -> str:
    """The installed LibreOffice's version, read from its files (no process started)."""
    for program in ("/usr/lib/libreoffice/program", "/opt/libreoffice/program"):
        with contextlib.suppress(OSError):
            for line in Path(program, "versionrc").read_text(errors="replace").splitlines():
                if line.startswith(("ProductVersion=", "BuildVersion=")):
                    return line.split("=", 1)[1].strip() or "?"
    return "tidak ditemukan"


def crash_message(exc: BaseException, report: Path | None, context: str = "") -> str:
    """The located line the user reads for an unexpected exception."""
    what = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
    if isinstance(exc, OSError) and isinstance(exc.filename, str):
        what = f"{display_path(exc.filename)}: {os_error_reason(exc)}"
    doing = f" saat {context}" if context else ""
    text = f"kesalahan internal pkgen{doing}: {what} (di {origin(exc)})"
    if report is not None:
        return f"{text}. Laporan galat: {report}; kirimkan berkas itu kepada pengembang"
    return f"{text}. Laporan galat tidak dapat ditulis"
