"""Guardian of one build's scratch folder: when its owner dies, nothing of the build lives on.

Run by :class:`generator.pdf.scratch.ScratchFolder` as a separate process, in its own
session (a Ctrl-C in the terminal does not reach it), with a pipe as stdin. It reads
stdin until end of file, which comes when the owner closes the folder or dies — even of
SIGKILL, when no cleanup code of the owner runs. Then it

1. kills every process whose command line names the folder: the LibreOffice processes
   (their profile lives in it), the UNO bridges, batch conversions — so no LibreOffice
   keeps converting for a build that is gone, whatever it was doing;
2. deletes the sockets those offices leave in /tmp;
3. deletes the folder, when its owner lock (``.owner.lock``) can be taken: an owner
   still alive keeps it, a dead owner's lock is released by the kernel.

Standard library only: it runs under whatever Python started pkgen, importing nothing of
the ``generator`` package (it must start fast and work while pkgen is half torn down).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import os
import shutil
import signal
import sys
import time
from pathlib import Path

OWNER_LOCK = ".owner.lock"


def processes_naming(markers: list[bytes]) -> list[int]:
    """PIDs (not this one) whose command line contains one of ``markers``."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        pid = int(entry.name)
        if pid == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if any(marker in cmdline for marker in markers):
            found.append(pid)
    return found


def kill_all(markers: list[bytes]) -> None:
    """SIGKILL every process naming the folder, again until none is left (or 5 s)."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        pids = processes_naming(markers)
        alive = []
        for pid in pids:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[-1]
                if state.split()[0] != "Z":
                    alive.append(pid)
        if not alive:
            return
        time.sleep(0.1)


def single_office_pipe(profile: Path) -> str:
    """The name of soffice's single-instance pipe for ``profile`` (see office.py)."""
    digest = hashlib.md5(profile.as_uri().encode("utf-16-le"), usedforsecurity=False).digest()
    return "SingleOfficeIPC_" + "".join(format(byte, "x") for byte in digest)


def remove_sockets(folder: Path, pipe_prefix: str) -> None:
    """Delete the OSL_PIPE sockets of the offices that worked in ``folder``."""
    uid = os.getuid()
    names = [single_office_pipe(p) for p in folder.glob("*/profile")]
    for tmp in (Path("/tmp"), Path("/var/tmp")):
        doomed = [tmp / f"OSL_PIPE_{uid}_{name}" for name in names]
        if pipe_prefix:
            doomed += list(tmp.glob(f"OSL_PIPE_{uid}_{pipe_prefix}*"))
        for path in doomed:
            with contextlib.suppress(OSError):
                path.unlink()


def remove_if_abandoned(folder: Path) -> None:
    """Delete ``folder`` when no living process holds its owner lock."""
    try:
        fd = os.open(folder / OWNER_LOCK, os.O_RDWR)
    except OSError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        shutil.rmtree(folder, ignore_errors=True)
    except OSError:
        pass  # the owner is alive and keeps its folder
    finally:
        os.close(fd)


class _Stop(Exception):
    """SIGTERM: clean up now instead of waiting for end of file."""


def _stop(signum: int, frame: object) -> None:
    raise _Stop


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, required=True)
    parser.add_argument("--pipe-prefix", default="")
    args = parser.parse_args(argv)
    # Ctrl-C and a closed terminal are for the owner; the guardian acts when the owner is gone.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)
    folder: Path = args.folder
    # With the separator: the folder's own files, never a sibling whose name extends it.
    markers = [os.fsencode(f"{folder}/"), f"{folder.as_uri()}/".encode()]
    with contextlib.suppress(OSError, _Stop):
        while sys.stdin.buffer.read(4096):
            pass
    kill_all(markers)
    remove_sockets(folder, args.pipe_prefix)
    remove_if_abandoned(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
