"""The one writer: every output file lands in the output folder atomically, or not at all.

A file is written to a temporary name in the same folder, flushed to disk, then renamed
over the old one, so a crash or Ctrl-C leaves either the old file or the new one, never a
half-written file that looks finished. The writer refuses to write the same output twice
in one run (two SKPD claiming one folder would otherwise overwrite each other silently).
Work in progress (rendered .docx, PDFs being converted, the book being assembled) lives
in a scratch folder outside the output folder until `install` puts it in place.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from generator.errors import PkgenError, display_path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Outputs get ordinary file permissions (mkstemp alone would make them owner-only).
FILE_MODE = 0o666 & ~_umask()


class OutputConflict(PkgenError):
    """Two outputs of one run resolved to the same file."""


class OutputWriteError(PkgenError):
    """An output could not be written: the path and what is wrong with it."""


# Why writing failed, in the words of the user's side of things.
_ERRNO_REASONS = {
    errno.ENOSPC: "disk penuh",
    errno.EDQUOT: "kuota disk habis",
    errno.EROFS: "sistem berkas hanya-baca (read-only)",
    errno.EACCES: "tidak ada izin menulis",
    errno.EPERM: "tidak ada izin menulis",
    errno.ENOTDIR: "sebagian jalurnya adalah berkas, bukan folder",
    errno.EEXIST: "sudah ada berkas dengan nama itu, padahal di situ perlu folder",
    errno.EISDIR: "adalah folder, padahal di situ perlu berkas",
    errno.ENOENT: "folder tidak ada dan tidak dapat dibuat di sini",
    errno.ENAMETOOLONG: "nama atau jalurnya terlalu panjang",
    errno.EIO: "kesalahan baca-tulis perangkat (disk rusak atau terlepas?)",
}


def os_error_reason(exc: OSError) -> str:
    """`disk penuh`, `tidak ada izin menulis`, …: what an OSError means, in Indonesian."""
    if exc.errno in _ERRNO_REASONS:
        return _ERRNO_REASONS[exc.errno]
    return exc.strerror or str(exc)


def write_error(path: Path, exc: OSError) -> OutputWriteError:
    """The one message for an output that cannot be written: path, then what is wrong."""
    return OutputWriteError(f"{display_path(path)}: tidak dapat ditulis: {os_error_reason(exc)}")


class OutputWriter:
    def __init__(self, root: Path):
        self.root = root
        self._written: set[Path] = set()

    def path_for(self, *parts: str) -> Path:
        """The output path for validated name parts; never outside the output root."""
        path = self.root.joinpath(*parts)
        root = self.root.resolve()
        resolved = path.resolve()
        if resolved != root and root not in resolved.parents:
            raise OutputConflict(f"{path}: di luar folder keluaran {self.root}")
        return path

    def claim(self, path: Path) -> None:
        """Reserve `path` for this run; a second claim of the same file is a conflict."""
        resolved = path.resolve()
        if resolved in self._written:
            raise OutputConflict(f"{path}: sudah ditulis oleh SKPD lain dalam proses ini")
        self._written.add(resolved)

    def write_bytes(self, path: Path, data: bytes) -> Path:
        """Atomically replace `path` with `data`."""
        self.claim(path)
        with self.staging(path) as temp:
            temp.write_bytes(data)
        return path

    def rewrite_bytes(self, path: Path, data: bytes) -> Path:
        """Atomically replace a state file (the manifest) that may be written many times."""
        with self.staging(path) as temp:
            temp.write_bytes(data)
        return path

    def install(self, source: Path, path: Path) -> Path:
        """Atomically replace `path` with a copy of a finished scratch file."""
        self.claim(path)
        with self.staging(path) as temp:
            shutil.copyfile(source, temp)
        return path

    @contextlib.contextmanager
    def staging(self, path: Path) -> Iterator[Path]:
        """A temporary path next to `path`; on success it replaces `path` atomically.

        Any failure to write (disk full, read-only, no permission, a file where a folder
        should be) is an `OutputWriteError` naming the path; the old file stays."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(
                prefix=f".{path.name}.", suffix=STAGING_SUFFIX, dir=path.parent
            )
            os.close(fd)
        except OSError as exc:
            raise write_error(_failed_folder(exc, path), exc) from exc
        temp = Path(name)
        try:
            yield temp
            with open(temp, "rb+") as handle:
                os.fsync(handle.fileno())
            os.chmod(temp, FILE_MODE)
            os.replace(temp, path)
        except OSError as exc:
            raise write_error(path, exc) from exc
        finally:
            with contextlib.suppress(OSError):
                temp.unlink()

    def mark_stale(self, path: Path) -> Path | None:
        """Rename an output whose data now fails, so it is kept but never taken for current."""
        if not path.exists():
            return None
        target = stale_name(path)
        try:
            os.replace(path, target)
        except OSError as exc:
            raise write_error(path, exc) from exc
        return target

    def clear_stale(self, path: Path) -> None:
        """Remove the stale copy once a current output exists again (if it can be)."""
        with contextlib.suppress(OSError):
            stale_name(path).unlink()


STALE_MARK = ".usang"
STAGING_SUFFIX = ".tmp"
# `.perjanjian-kinerja.pdf.k3j_x9ab.tmp`: what `staging` names its temporary files.
STAGING_NAME = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")


def _failed_folder(exc: OSError, path: Path) -> Path:
    """The folder that could not be made or written to (never the staging file's name)."""
    named = Path(exc.filename) if isinstance(exc.filename, str) else None
    if named is not None and not STAGING_NAME.match(named.name):
        return named
    return path.parent


def stale_name(path: Path) -> Path:
    """`perjanjian-kinerja.docx` -> `perjanjian-kinerja.usang.docx`."""
    return path.with_name(f"{path.stem}{STALE_MARK}{path.suffix}")
