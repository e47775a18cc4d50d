"""One temporary folder per build, removed at exit, swept at the next start, guarded.

Everything a build makes outside the output folder lives in its scratch folder
(``$TMPDIR/pkgen-build-<pid>-<random>``): the rendered .docx and PDFs on their way, every
LibreOffice profile, and LibreOffice's own temporary files (its ``TMPDIR`` points inside).
The folder holds ``.owner.lock``, locked (``flock``) by the building process for as long as
it lives; the kernel releases that lock when the process dies, however it dies. So:

* ``close()`` (or leaving the ``with`` block) deletes the folder;
* a new :class:`ScratchFolder` first deletes every ``pkgen-build-*`` sibling whose lock
  it can take: their owner is gone (folders of builds still running are left alone);
* :meth:`ScratchFolder.guard` starts the guardian (``generator/pdf/guardian.py``), which
  outlives a SIGKILLed owner just long enough to kill the LibreOffice processes working in
  the folder and delete it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.pdf.guardian import OWNER_LOCK

PREFIX = "pkgen-build-"
_CREATING = ".pkgen-build-baru-"  # a folder not yet locked: never swept while young
_YOUNG = 3600.0  # seconds
GUARDIAN_SCRIPT = Path(__file__).with_name("guardian.py")


class ScratchFolder:
    """A per-build temporary folder owned (locked) by this process; see the module doc."""

    def __init__(self, base: Path | None = None) -> None:
        self.base = Path(base) if base is not None else Path(tempfile.gettempdir())
        self.swept = sweep_abandoned(self.base)
        # Made and locked under a name the sweeper ignores, then renamed: a sweeper never
        # sees an unlocked folder that is still in use.
        creating = Path(tempfile.mkdtemp(prefix=_CREATING, dir=self.base))
        self._lock_fd: int | None = os.open(creating / OWNER_LOCK, os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
        self.path = self.base / f"{PREFIX}{os.getpid()}-{creating.name[len(_CREATING) :]}"
        os.rename(creating, self.path)
        self._guardian: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> ScratchFolder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def folder(self, name: str) -> Path:
        """A subfolder (made when missing) for one user of the scratch folder."""
        path = self.path / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def guard(self, pipe_prefix: str = "") -> None:
        """Start the guardian once: from now on the folder's processes die with this one."""
        if self._guardian is not None or self._lock_fd is None:
            return
        # -I: no user site, no PYTHON* variables; the script imports the standard library only.
        self._guardian = subprocess.Popen(
            [
                sys.executable,
                "-I",
                str(GUARDIAN_SCRIPT),
                "--folder",
                str(self.path),
                "--pipe-prefix",
                pipe_prefix,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    @property
    def guardian_pid(self) -> int | None:
        return self._guardian.pid if self._guardian is not None else None

    def close(self) -> None:
        """Delete the folder, release the lock, let the guardian go; safe to call twice."""
        if self._lock_fd is None:
            return
        shutil.rmtree(self.path, ignore_errors=True)
        os.close(self._lock_fd)
        self._lock_fd = None
        guardian, self._guardian = self._guardian, None
        if guardian is not None:
            with contextlib.suppress(OSError, ValueError):
                assert guardian.stdin is not None
                guardian.stdin.close()
            try:
                guardian.wait(timeout=10)
            except subprocess.TimeoutExpired:
                guardian.kill()
                guardian.wait()


def sweep_abandoned(base: Path) -> list[Path]:
    """Delete the scratch folders below ``base`` whose owning process is gone."""
    swept: list[Path] = []
    with contextlib.suppress(OSError):
        for folder in sorted(base.glob(f"{PREFIX}*")):
            if folder.is_dir() and not folder.is_symlink() and _remove_if_unowned(folder):
                swept.append(folder)
        now = time.time()
        for folder in base.glob(f"{_CREATING}*"):
            with contextlib.suppress(OSError):
                if now - folder.lstat().st_mtime > _YOUNG:
                    shutil.rmtree(folder, ignore_errors=True)
                    swept.append(folder)
    return swept


def _remove_if_unowned(folder: Path) -> bool:
    try:
        if folder.lstat().st_uid != os.getuid():
            return False  # another user's build: not ours to judge
        fd = os.open(folder / OWNER_LOCK, os.O_RDWR | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return False  # its owner is alive
    try:
        shutil.rmtree(folder, ignore_errors=True)
    finally:
        os.close(fd)
    return True
