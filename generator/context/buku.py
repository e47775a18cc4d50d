"""What the book's front matter (`buku.docx`: cover and daftar isi) prints."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple


class TocEntry(NamedTuple):
    """A member of a book as its daftar isi lists it."""

    label: str  # "Sekretariat DPRD Kota Medan", "Kepala Bidang Kesehatan Masyarakat"
    page: int  # where it starts in the book's body
    level: int = 0  # 0 an SKPD's (head's) PK, 1 eselon III, 2 eselon IV


@dataclass(frozen=True)
class EntriDaftarIsi:
    """One line of the daftar isi: an SKPD and the page where its document starts."""

    nomor: str  # "1"; "" for a jabatan's PK listed below its SKPD in a pemda's book
    nama: str  # "Sekretariat DPRD Kota Medan"; a lower level starts with one tab a level
    halaman: str  # "1": the book's body numbering, as its page labels show it
    tingkat: int = 0  # the member's level (its indentation)


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
    entries: Sequence[tuple[str, int] | tuple[str, int, int]],
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
        daftar_isi=_lines([TocEntry(*entry) for entry in entries], numbered_all=unit is not None),
    )


def _lines(entries: list[TocEntry], numbered_all: bool) -> list[EntriDaftarIsi]:
    """The daftar isi's lines: a lower level indented by a tab a level (the template's tab
    stops). An SKPD's book numbers every jabatan; a pemda's book numbers its perangkat
    daerah, the PKs of their jabatan listed unnumbered below them."""
    lines = []
    number = 0
    for entry in entries:
        numbered = numbered_all or entry.level == 0
        number += numbered
        lines.append(
            EntriDaftarIsi(
                str(number) if numbered else "",
                "\t" * entry.level + entry.label,
                str(entry.page),
                entry.level,
            )
        )
    return lines
