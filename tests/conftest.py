"""Shared fixtures: small agreement folders written from inline YAML, and the examples."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Filled by tests/test_faults.py, printed at the end of the session.
FAULT_COUNTS = {"runs": 0, "faults": 0, "failures": 0}
EXAMPLES = ROOT / "agreements" / "2022"
TEMPLATES = ROOT / "templates"

PEMDA_YAML = """\
pemerintah: Pemerintah Kota Medan
tempat: Medan
kepala_daerah:
  nama: MUHAMMAD BOBBY AFIF NASUTION, S.E., M.M.
  jabatan: Wali Kota Medan
logo: tanpa
"""

SKPD_YAML = """\
tahun: 2022
unit:
  nama: Sekretariat Dewan Perwakilan Rakyat Daerah
  nama_singkat: Sekretariat DPRD Kota Medan
  alamat: Jalan Kapten Maulana Lubis No. 1 Medan
tanggal: Januari 2022
pihak_pertama:
  nama: MUHAMMAD ALI SIPAHUTAR, S.S.T.P., M.A.P.
  jabatan: Sekretaris DPRD Kota Medan
  pangkat: Pembina
  nip: 197903171999121001
sasaran:
  - uraian: Meningkatnya Akuntabilitas Kinerja
    indikator:
      - uraian: Nilai SAKIP
        target: 66
        skala: sakip
program:
  - nama: Program Administrasi Umum
    anggaran: 100727519299
"""


def pkgen(
    *args: str, cwd: Path, env: dict[str, str] | None = None, prefix: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """Run `python -m generator ARGS` in `cwd` as a user would (`prefix`: e.g. setpriv)."""
    environment = dict(os.environ, COLUMNS="200", PYTHONPATH=str(ROOT), **(env or {}))
    return subprocess.run(
        [*prefix, sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


@pytest.fixture
def year_folder(tmp_path: Path) -> Callable[..., Path]:
    """`year_folder(dprd=SKPD_YAML, ...)` writes agreements/2022 with pemda.yaml and SKPD files."""

    def make(pemda: str = PEMDA_YAML, **skpd: str) -> Path:
        folder = tmp_path / "agreements" / "2022"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "pemda.yaml").write_text(dedent(pemda), encoding="utf-8")
        for name, text in skpd.items():
            (folder / f"{name.replace('_', '-')}.yaml").write_text(dedent(text), encoding="utf-8")
        return folder

    return make


def example_counts() -> tuple[int, int]:
    """(documents, books) a build of the example folder makes: one document per agreement,
    one book per pemda folder and kind, a book and a pohon kinerja per SKPD with a ladder."""
    from generator.data.loading import load_batch

    batch = load_batch([EXAMPLES])
    books = {(a.pemda.path, a.kind.key) for a in batch.agreements}
    # An SKPD with PKs below its head (a ladder) also has a book and a pohon kinerja.
    ladders = {(a.pemda.path, a.slug) for a in batch.agreements if getattr(a.model, "atasan", None)}
    return len(batch.agreements), len(books) + 2 * len(ladders)


@pytest.fixture
def examples_copy(tmp_path: Path) -> Path:
    """A private copy of agreements/2022, safe to edit."""
    target = tmp_path / "agreements" / "2022"
    shutil.copytree(EXAMPLES, target)
    return target


def pytest_terminal_summary(terminalreporter) -> None:
    if FAULT_COUNTS["runs"]:
        terminalreporter.write_sep("-", "fault injection")
        terminalreporter.write_line(
            f"runs: {FAULT_COUNTS['runs']}, faults injected: {FAULT_COUNTS['faults']}, "
            f"failures: {FAULT_COUNTS['failures']}"
        )


# The web workspace's fixtures (they only run when a test asks for them).
from web_fixtures import client_as, users, web_data, workspace  # noqa: E402, F401
