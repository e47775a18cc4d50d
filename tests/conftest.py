"""Shared fixtures: small agreement folders written from inline YAML, and the examples."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "agreements" / "2022"
TEMPLATES = ROOT / "templates"

PEMDA_YAML = """\
pemerintah: Pemerintah Kota Medan
tempat: Medan
kepala_daerah:
  nama: MUHAMMAD BOBBY AFIF NASUTION, S.E., M.M.
  jabatan: Wali Kota Medan
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


@pytest.fixture
def examples_copy(tmp_path: Path) -> Path:
    """A private copy of agreements/2022, safe to edit."""
    target = tmp_path / "agreements" / "2022"
    shutil.copytree(EXAMPLES, target)
    return target


# The web workspace's fixtures (they only run when a test asks for them).
from web_fixtures import client_as, users, web_data, workspace  # noqa: E402, F401
