"""Small Rencana Kerja RB inputs written inline: a shared `_rencana-kerja-rb.yaml` and a unit."""

from __future__ import annotations

from pathlib import Path

from conftest import PEMDA_YAML, dedent

SHARED_YAML = """\
judul: Rencana Kerja Pelaksanaan Reformasi Birokrasi {unit} Tahun {tahun}
keputusan:
  menimbang:
    - bahwa Reformasi Birokrasi di lingkungan {pemda} perlu direncanakan;
    - bahwa perlu menetapkan Keputusan {jabatan};
  mengingat:
    - Peraturan Presiden Nomor 81 Tahun 2010;
  diktum:
    - "{judul}, sebagaimana tercantum dalam Lampiran."
    - Keputusan ini berlaku sejak tanggal ditetapkan.
pendahuluan:
  bagian:
    - judul: Latar Belakang
      isi:
        - Rencana kerja {unit} di {daerah}.
        - daftar:
            - Butir satu;
            - teks: Butir dua
              isi:
                - daftar: [Anak satu, Anak dua]
penilaian_mandiri:
  pengungkit:
    komponen:
      - program: VII
        uraian: [Pengawasan.]
        target: [Target pengawasan]
      - program: VI
        judul: Penguatan Akuntabilitas Kinerja
        uraian: [Akuntabilitas.]
        indikator:
          - nama: Keterlibatan Pimpinan
            kondisi: [Pimpinan terlibat;]
  hasil:
    sasaran:
      - judul: Pemerintahan yang bersih
        uraian: Diukur dengan
program_kegiatan:
  program:
    - program: I
      kegiatan: [Membentuk Tim RB;]
penutup:
  isi:
    - Penutup tahun {tahun}.
"""

RB_YAML = """\
jenis: rencana-kerja-rb
tahun: 2022
unit:
  nama: Dinas Perdagangan dan Perindustrian
  nama_singkat: Dinas Perdagangan dan Perindustrian Kota Medan
  alamat: Jalan Margonda Raya Nomor 54
tanggal: 2022
kepala:
  nama: Drs. ZAMROWI, M.Si.
  jabatan: Kepala Dinas Perdagangan dan Perindustrian Kota Medan
  nip: 196606071986101005
ratl:
  - program: I
    kegiatan:
      - nama: Pembentukan Tim RB
        output: SK Tim RB
        kriteria: Tim RB terbentuk
        penanggung_jawab: Pokja Manajemen Perubahan
        tahapan:
          - uraian: Menyusun susunan Tim RB
            bulan: 1
          - uraian: Menyusun tugas Tim RB
            bulan: "1-3, 7"
"""


def rb(**replacements: str) -> str:
    """RB_YAML with exact text replacements (each must occur)."""
    text = RB_YAML
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def write_folder(
    root: Path, *, shared: str | None = SHARED_YAML, pemda: str = PEMDA_YAML, **files: str
) -> Path:
    """agreements/2022 with pemda.yaml, the shared RB file (unless None) and unit files."""
    folder = root / "agreements" / "2022"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pemda.yaml").write_text(dedent(pemda), encoding="utf-8")
    if shared is not None:
        (folder / "_rencana-kerja-rb.yaml").write_text(dedent(shared), encoding="utf-8")
    for name, text in files.items():
        (folder / f"{name.replace('_', '-')}.yaml").write_text(dedent(text), encoding="utf-8")
    return folder
