"""`pkgen users add/reset` and `pkgen serve` options, as a user types them."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.slow


def pkgen(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(cwd)}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES, tmp_path / "agreements" / "2022")
    return tmp_path


def test_users_are_added_with_a_one_time_password_and_reset(folder):
    added = pkgen(
        folder,
        "users",
        "add",
        "agreements/",
        "op-dprd",
        "--peran",
        "operator",
        "--skpd",
        "2022/sekretariat-dprd",
        "--nama",
        "Operator DPRD",
    )
    assert added.returncode == 0, added.stderr
    first = re.fullmatch(
        r"Pengguna op-dprd dibuat\. Kata sandi sekali pakai: (\S{16})\n", added.stdout
    )
    assert first is not None, added.stdout
    reset = pkgen(folder, "users", "reset", "agreements/", "op-dprd")
    assert reset.returncode == 0, reset.stderr
    second = re.fullmatch(r"Kata sandi sekali pakai baru untuk op-dprd: (\S{16})\n", reset.stdout)
    assert second is not None and second.group(1) != first.group(1)
    database = folder / "agreements" / ".pkgen-web" / "pkgen.sqlite3"
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "select u.username, p.role, a.pemda, a.skpd from auth_user u "
            "join pkgen_profile p on p.user_id = u.id join pkgen_assignment a on a.user_id = u.id"
        ).fetchall()
    assert rows == [("op-dprd", "operator", "2022", "sekretariat-dprd")]
    assert (folder / "agreements" / ".pkgen-web" / ".gitignore").read_text().endswith("*\n")


def test_an_unknown_skpd_role_or_database_is_a_usage_error(folder):
    unknown = pkgen(
        folder,
        "users",
        "add",
        "agreements/",
        "x",
        "--peran",
        "operator",
        "--skpd",
        "2022/tidak-ada",
    )
    assert unknown.returncode == 2
    assert "SKPD '2022/tidak-ada' tidak ada; pilihan: 2022/badan-perencanaan" in unknown.stderr
    role = pkgen(folder, "users", "add", "agreements/", "x", "--peran", "bupati")
    assert role.returncode == 2 and "peran 'bupati' tidak dikenal" in role.stderr
    database = pkgen(folder, "serve", "agreements/", "--database", "mysql://x@y/z")
    assert database.returncode == 2
    assert "basis data 'mysql' tidak didukung" in database.stderr
    missing = pkgen(folder, "serve", "tidak-ada/")
    assert missing.returncode == 2 and "folder data tidak ditemukan" in missing.stderr
