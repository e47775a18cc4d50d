"""The per-build scratch folder: removed at exit, swept when its owner is gone, and guarded
so that nothing working in it outlives an owner killed with SIGKILL (no LibreOffice
needed here: any process naming the folder counts; `test_faults.py` does it with
LibreOffice)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
from conftest import ROOT

from generator.pdf.guardian import OWNER_LOCK
from generator.pdf.scratch import PREFIX, ScratchFolder, sweep_abandoned

OWNER = textwrap.dedent(
    """
    import json, subprocess, sys, time
    from pathlib import Path
    from generator.pdf.scratch import ScratchFolder
    scratch = ScratchFolder(Path(sys.argv[1]))
    worker = None
    if sys.argv[2] == "guarded":
        scratch.guard()
        (scratch.path / "lo0").mkdir()
        worker = subprocess.Popen(
            [sys.executable, "-c", "import time; time.sleep(300)", str(scratch.path / "lo0" / "x")],
            start_new_session=True,
        )
    print(json.dumps({"path": str(scratch.path), "worker": worker and worker.pid,
                      "guardian": scratch.guardian_pid}), flush=True)
    time.sleep(300)
    """
)


def start_owner(base: Path, mode: str) -> tuple[subprocess.Popen[str], dict]:
    owner = subprocess.Popen(
        [sys.executable, "-c", OWNER, str(base), mode], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert owner.stdout is not None
    with owner.stdout:
        info = json.loads(owner.stdout.readline())
    return owner, info


def alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def wait_for(condition, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_the_folder_is_named_locked_and_removed_on_close(tmp_path):
    with ScratchFolder(tmp_path) as scratch:
        assert scratch.path.name.startswith(f"{PREFIX}{os.getpid()}-")
        assert (scratch.path / OWNER_LOCK).is_file()
        assert scratch.folder("dokumen").is_dir()
        # Its own folder is never swept while it lives.
        assert sweep_abandoned(tmp_path) == []
    assert list(tmp_path.iterdir()) == []


def test_a_killed_owners_folder_is_swept_a_living_owners_is_kept(tmp_path):
    dead, dead_info = start_owner(tmp_path, "plain")
    living, living_info = start_owner(tmp_path, "plain")
    try:
        dead.send_signal(signal.SIGKILL)
        dead.wait()
        assert Path(dead_info["path"]).is_dir()  # nothing removed it: no guardian
        with ScratchFolder(tmp_path) as scratch:
            assert scratch.swept == [Path(dead_info["path"])]
            assert not Path(dead_info["path"]).exists()
            assert Path(living_info["path"]).is_dir()
    finally:
        living.kill()
        living.wait()


def test_the_guardian_kills_what_works_in_the_folder_when_the_owner_is_sigkilled(tmp_path):
    owner, info = start_owner(tmp_path, "guarded")
    worker, guardian = info["worker"], info["guardian"]
    try:
        assert alive(worker) and alive(guardian)
        owner.send_signal(signal.SIGKILL)
        owner.wait()
        assert wait_for(lambda: not alive(worker)), "the worker outlived its owner"
        assert wait_for(lambda: not Path(info["path"]).exists())
        assert wait_for(lambda: not alive(guardian))
    finally:
        for pid in (worker, guardian):
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_a_normal_close_lets_the_guardian_go(tmp_path):
    scratch = ScratchFolder(tmp_path)
    scratch.guard()
    guardian = scratch.guardian_pid
    assert guardian is not None and alive(guardian)
    scratch.close()
    assert not alive(guardian)
    assert list(tmp_path.iterdir()) == []
