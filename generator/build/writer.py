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
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from generator.errors import PkgenError, UsageError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Outputs get ordinary file permissions (mkstemp alone would make them owner-only).
FILE_MODE = 0o666 & ~_umask()


def check_output_root(root: Path) -> None:
    """Raise UsageError unless `root` is a folder pkgen can write into, or can be created:
    checked before any work starts, so a bad `--out` never costs a build."""
    if root.exists():
        if not root.is_dir():
            raise UsageError(f"{root}: bukan folder; --out harus sebuah folder")
        if not os.access(root, os.W_OK | os.X_OK):
            raise UsageError(f"{root}: folder keluaran tidak dapat ditulis")
        return
    existing = next(p for p in root.absolute().parents if p.exists())
    if not existing.is_dir():
        raise UsageError(f"{root}: tidak dapat dibuat karena {existing} bukan folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UsageError(f"{root}: tidak dapat dibuat di {existing} (tidak dapat ditulis)")


class OutputConflict(PkgenError):
    """Two outputs of one run resolved to the same file."""


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
        """A temporary path next to `path`; on success it replaces `path` atomically."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        temp = Path(name)
        try:
            yield temp
            with open(temp, "rb+") as handle:
                os.fsync(handle.fileno())
            os.chmod(temp, FILE_MODE)
            os.replace(temp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()

    def mark_stale(self, path: Path) -> Path | None:
        """Rename an output whose data now fails, so it is kept but never taken for current."""
        if not path.exists():
            return None
        target = stale_name(path)
        os.replace(path, target)
        return target

    def clear_stale(self, path: Path) -> None:
        """Remove the stale copy once a current output exists again."""
        with contextlib.suppress(FileNotFoundError):
            stale_name(path).unlink()


STALE_MARK = ".usang"


def stale_name(path: Path) -> Path:
    """`perjanjian-kinerja.docx` -> `perjanjian-kinerja.usang.docx`."""
    return path.with_name(f"{path.stem}{STALE_MARK}{path.suffix}")
