"""What the book's front matter (`buku.docx`: cover and daftar isi) prints."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EntriDaftarIsi:
    """One line of the daftar isi: an SKPD and the page where its document starts."""

    nomor: str  # "1"
    nama: str  # "Sekretariat DPRD Kota Medan"
    halaman: str  # "1": the book's body numbering, as its page labels show it


@dataclass(frozen=True)
class BukuContext:
    """The cover and daftar isi of one pemda's book of one document kind."""

    judul: str  # "Perjanjian Kinerja"
    sub_judul: str  # under the title: "Perangkat Daerah", or the unit of an SKPD's book
    kolom_nama: str  # the daftar isi's name column: "Perangkat Daerah" or "Jabatan"
    pemerintah: str  # "Pemerintah Kota Medan"
    tahun: str  # "2022", or "" when the documents name no year
    judul_lengkap: str  # "Perjanjian Kinerja Perangkat Daerah Pemerintah Kota Medan Tahun 2022"
    daftar_isi: list[EntriDaftarIsi]


def buku_context(
    judul: str,
    unit: str | None,
    pemerintah: str,
    tahun: int | None,
    judul_lengkap: str,
    entries: list[tuple[str, int]],
) -> BukuContext:
    """The context from the book's title, unit (an SKPD's book of its jabatan's PKs; None
    for a pemda's book of its SKPD), pemda, year and (member, first page) entries."""
    return BukuContext(
        judul=judul,
        sub_judul=unit or "Perangkat Daerah",
        kolom_nama="Jabatan" if unit else "Perangkat Daerah",
        pemerintah=pemerintah,
        tahun=str(tahun) if tahun else "",
        judul_lengkap=judul_lengkap,
        daftar_isi=[
            EntriDaftarIsi(str(number), name, str(page))
            for number, (name, page) in enumerate(entries, start=1)
        ],
    )
