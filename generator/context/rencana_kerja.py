"""Context of the Rencana Kerja RB template: keputusan, BAB I–IV and the lampiran RATL.

The body is a stream of blocks per BAB, each with a style name (`subbab`, `judul-2`,
`paragraf-1`, `butir-3`, …) that the template maps to a paragraph format, its number as
printed and its text. Every number — diktum ordinals, list markers, section and program
numbers, kegiatan numbers in the RATL — is derived from position here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from generator.context.common import Kop, Penandatangan, kop, penandatangan
from generator.data.models import rencana_kerja as data
from generator.data.models.common import Pemda
from generator.data.models.rencana_kerja import RencanaKerjaBersama, RencanaKerjaRb
from generator.domain.formatting import day_room, format_partial_date, roman
from generator.domain.markup import CAPTION_MARK, FIGURE_WIDTH_CM, figure_mark
from generator.domain.monthgrid import SHADE, MonthCell, month_cells
from generator.domain.numbering import (
    ListStyle,
    default_list_style,
    diktum_labels,
    list_marker,
    section_number,
)
from generator.domain.placeholders import fill

NOMOR_KOSONG = "… / … / …"
MAX_LEVEL = 5  # deepest indentation the template has a paragraph format for


@dataclass(frozen=True)
class Poin:
    """A line of the decree: `Menimbang : a. bahwa …` or `KESATU : …`.

    `label` and `titik_dua` are filled on the first Menimbang/Mengingat line only, and on
    every diktum (whose label is its ordinal).
    """

    label: str
    titik_dua: str
    nomor: str
    teks: str


@dataclass(frozen=True)
class Blok:
    """One paragraph of the body: `gaya` names its format in the template."""

    gaya: str
    nomor: str
    teks: str


@dataclass(frozen=True)
class Bab:
    nomor: str  # BAB I
    judul: str  # PENDAHULUAN
    isi: list[Blok]


@dataclass(frozen=True)
class BarisRatl:
    """One tahapan row of the RATL; the `kunci_*` fields drive the vertical merges."""

    kunci_kegiatan: str
    kunci_output: tuple[str, str]
    kunci_kriteria: tuple[str, str]
    kunci_penanggung_jawab: tuple[str, str]
    no: str
    kegiatan: str
    output: str
    tahapan: str
    bulan: list[MonthCell]
    kriteria: str
    penanggung_jawab: str
    # Rows of the table's last kegiatan keep with the signature under it. All of them:
    # LibreOffice moves a vertically merged group only as a whole.
    terakhir: bool = False


@dataclass(frozen=True)
class ProgramRatl:
    """A program group of the RATL: its row (I, PROGRAM …) and its tahapan rows."""

    nomor: str
    nama: str
    baris: list[BarisRatl]


@dataclass(frozen=True)
class RencanaKerjaContext:
    """Everything the Rencana Kerja RB template prints, already formatted."""

    tahun: str
    kop: Kop
    judul_keputusan: str
    nomor: str
    judul: str
    judul_kapital: str
    menimbang: list[Poin]
    mengingat: list[Poin]
    diktum: list[Poin]
    tempat: str
    tanggal: str
    kepala: Penandatangan
    bab: list[Bab]
    judul_lampiran: str
    judul_lampiran_kapital: str
    ratl: list[ProgramRatl]


def placeholder_values(rk: RencanaKerjaRb, pemda: Pemda, judul: str) -> dict[str, str]:
    """What `{unit}`, `{tahun}`, … stand for in this unit's document."""
    pemerintah = pemda.pemerintah
    daerah = (
        pemerintah.split(" ", 1)[1] if pemerintah.lower().startswith("pemerintah ") else pemerintah
    )
    values = {
        "unit": rk.unit.nama_singkat,
        "jabatan": rk.kepala.jabatan,
        "tahun": str(rk.tahun),
        "pemda": pemerintah,
        "daerah": daerah,
        "tempat": rk.tempat or pemda.tempat,
    }
    values["judul"] = fill(judul, values)
    return values


def rencana_kerja_context(
    rk: RencanaKerjaRb, pemda: Pemda, shared: RencanaKerjaBersama
) -> RencanaKerjaContext:
    """Derive and format everything the Rencana Kerja RB template needs."""
    values = placeholder_values(rk, pemda, shared.judul)
    own = rk.keputusan
    menimbang = (own.menimbang if own else None) or shared.keputusan.menimbang
    mengingat = (own.mengingat if own else None) or shared.keputusan.mengingat
    diktum = (own.diktum if own else None) or shared.keputusan.diktum
    judul = values["judul"]
    judul_lampiran = fill(shared.judul_lampiran, values)
    return RencanaKerjaContext(
        tahun=str(rk.tahun),
        kop=kop(pemda, rk.unit),
        judul_keputusan=f"KEPUTUSAN {rk.kepala.jabatan.upper()}",
        nomor=rk.nomor or NOMOR_KOSONG,
        judul=judul,
        judul_kapital=judul.upper(),
        menimbang=considerations("Menimbang", menimbang, ListStyle.HURUF, values),
        mengingat=considerations("Mengingat", mengingat, ListStyle.ANGKA, values),
        diktum=[
            Poin(label, ":", "", fill(text, values))
            for label, text in zip(diktum_labels(len(diktum)), diktum, strict=True)
        ],
        tempat=values["tempat"],
        tanggal=day_room(rk.tanggal.month, rk.tanggal.day, pemda.format.ruang_tanggal)
        + format_partial_date(rk.tanggal.year, rk.tanggal.month, rk.tanggal.day),
        kepala=penandatangan(rk.kepala),
        bab=body(shared, values),
        judul_lampiran=judul_lampiran,
        judul_lampiran_kapital=judul_lampiran.upper(),
        ratl=ratl_rows(rk),
    )


def considerations(
    label: str, texts: Sequence[str], style: ListStyle, values: Mapping[str, str]
) -> list[Poin]:
    """`Menimbang : a. …` then `b. …`: the label on the first line only."""
    return [
        Poin(label if n == 1 else "", ":" if n == 1 else "", list_marker(style, n), fill(t, values))
        for n, t in enumerate(texts, start=1)
    ]


# --------------------------------------------------------------------------- body


def _level(level: int) -> int:
    return min(level, MAX_LEVEL)


def paragraph(level: int, text: str, values: Mapping[str, str]) -> Blok:
    return Blok(f"paragraf-{_level(level)}", "", fill(text, values))


def content_blocks(
    blocks: Sequence[data.Blok], level: int, values: Mapping[str, str], depth: int = 0
) -> Iterator[Blok]:
    """Paragraphs at text level `level`; lists indent their items one level further.

    `depth` counts the lists around these blocks; a list without its own `nomor` takes
    the style of its depth (1. → a. → 1) → a)).
    """
    for blok in blocks:
        if blok.gambar is not None:
            yield Blok(
                f"paragraf-{_level(level)}",
                "",
                figure_mark(blok.gambar, blok.lebar or FIGURE_WIDTH_CM),
            )
            if blok.keterangan:
                yield Blok(
                    f"paragraf-{_level(level)}", "", CAPTION_MARK + fill(blok.keterangan, values)
                )
        elif blok.daftar is None:
            assert blok.paragraf is not None
            yield paragraph(level, blok.paragraf, values)
        else:
            style = blok.nomor or default_list_style(depth + 1)
            yield from item_blocks(blok.daftar, style, level + 1, values, depth + 1)


def item_blocks(
    items: Sequence[data.Butir],
    style: ListStyle,
    level: int,
    values: Mapping[str, str],
    depth: int,
) -> Iterator[Blok]:
    """List items whose text starts at `level`, each followed by its own content."""
    for n, item in enumerate(items, start=1):
        yield Blok(f"butir-{_level(level)}", list_marker(style, n), fill(item.teks, values))
        yield from content_blocks(item.isi, level, values, depth)


def heading(gaya: str, nomor: str, text: str, values: Mapping[str, str]) -> Blok:
    return Blok(gaya, nomor, fill(text, values))


def body(shared: RencanaKerjaBersama, values: Mapping[str, str]) -> list[Bab]:
    """BAB I–IV as block streams."""
    return [
        Bab(
            "BAB I", fill(shared.pendahuluan.judul, values).upper(), bab_pendahuluan(shared, values)
        ),
        Bab(
            "BAB II",
            fill(shared.penilaian_mandiri.judul, values).upper(),
            bab_penilaian_mandiri(shared, values),
        ),
        Bab(
            "BAB III",
            fill(shared.program_kegiatan.judul, values).upper(),
            bab_program_kegiatan(shared, values),
        ),
        Bab("BAB IV", fill(shared.penutup.judul, values).upper(), bab_penutup(shared, values)),
    ]


def bab_pendahuluan(shared: RencanaKerjaBersama, values: Mapping[str, str]) -> list[Blok]:
    blocks: list[Blok] = []
    for n, bagian in enumerate(shared.pendahuluan.bagian, start=1):
        blocks.append(heading("subbab", section_number(1, n), bagian.judul.upper(), values))
        blocks.extend(content_blocks(bagian.isi, 1, values))
    return blocks


def bab_penilaian_mandiri(shared: RencanaKerjaBersama, values: Mapping[str, str]) -> list[Blok]:
    bab = shared.penilaian_mandiri
    blocks = list(content_blocks(bab.pengantar, 0, values))
    pengungkit = bab.pengungkit
    blocks.append(heading("subbab", section_number(2, 1), pengungkit.judul.upper(), values))
    blocks.extend(content_blocks(pengungkit.pengantar, 1, values))
    # Komponen are numbered by their RB program, so BAB II, BAB III and the RATL agree.
    for komponen in sorted(pengungkit.komponen, key=lambda k: k.program.number):
        title = komponen.judul or komponen.program.name
        blocks.append(heading("judul-2", f"{komponen.program.number}.", title, values))
        blocks.extend(content_blocks(komponen.uraian, 2, values))
        blocks.extend(item_blocks(komponen.target, default_list_style(2), 3, values, 2))
        if komponen.indikator:
            blocks.append(paragraph(2, komponen.pengantar_indikator, values))
        for n, indikator in enumerate(komponen.indikator, start=1):
            marker = list_marker(default_list_style(2), n)
            blocks.append(Blok("butir-3", marker, fill(indikator.nama, values)))
            blocks.append(paragraph(3, indikator.pengukuran, values))
            blocks.extend(item_blocks(indikator.kondisi, default_list_style(3), 4, values, 3))
    hasil = bab.hasil
    blocks.append(heading("subbab", section_number(2, 2), hasil.judul.upper(), values))
    blocks.extend(content_blocks(hasil.pengantar, 1, values))
    for n, sasaran in enumerate(hasil.sasaran, start=1):
        blocks.append(heading("judul-2", f"{n}.", sasaran.judul, values))
        blocks.append(paragraph(2, sasaran.uraian, values))
        blocks.extend(item_blocks(sasaran.ukuran, default_list_style(2), 3, values, 2))
    return blocks


def bab_program_kegiatan(shared: RencanaKerjaBersama, values: Mapping[str, str]) -> list[Blok]:
    bab = shared.program_kegiatan
    blocks = list(content_blocks(bab.pengantar, 0, values))
    for rencana in sorted(bab.program, key=lambda r: r.program.number):
        program = rencana.program
        blocks.append(
            heading("judul-1", f"{program.roman}.", f"PROGRAM {program.name.upper()}", values)
        )
        blocks.append(paragraph(1, rencana.pengantar, values))
        blocks.extend(
            Blok("butir-2", list_marker(ListStyle.CENTANG, n), fill(text, values))
            for n, text in enumerate(rencana.kegiatan, start=1)
        )
    blocks.extend(content_blocks(bab.penutup, 0, values))
    return blocks


def bab_penutup(shared: RencanaKerjaBersama, values: Mapping[str, str]) -> list[Blok]:
    return list(content_blocks(shared.penutup.isi, 0, values))


# --------------------------------------------------------------------------- RATL


def ratl_rows(rk: RencanaKerjaRb) -> list[ProgramRatl]:
    """Program groups in program order; kegiatan numbered per program from 1.

    A tahapan's own output, kriteria or penanggung jawab replaces the kegiatan's; the
    merge keys make consecutive rows of one kegiatan merge only where the text is equal.
    """
    groups: list[ProgramRatl] = []
    for group in sorted(rk.ratl, key=lambda g: g.program.number):
        program = group.program
        rows: list[BarisRatl] = []
        for n, kegiatan in enumerate(group.kegiatan, start=1):
            key = f"{roman(program.number)}.{n}"
            for tahapan in kegiatan.tahapan:
                output = tahapan.output or kegiatan.output or ""
                kriteria = tahapan.kriteria or kegiatan.kriteria or ""
                pj = tahapan.penanggung_jawab or kegiatan.penanggung_jawab or ""
                rows.append(
                    BarisRatl(
                        kunci_kegiatan=key,
                        kunci_output=(key, output),
                        kunci_kriteria=(key, kriteria),
                        kunci_penanggung_jawab=(key, pj),
                        no=str(n),
                        kegiatan=kegiatan.nama,
                        output=output,
                        tahapan=tahapan.uraian,
                        bulan=month_cells(tahapan.bulan, mark="", shade=SHADE),
                        kriteria=kriteria,
                        penanggung_jawab=pj,
                    )
                )
        groups.append(ProgramRatl(program.roman, f"PROGRAM {program.name.upper()}", rows))
    if groups and groups[-1].baris:
        rows = groups[-1].baris
        last_key = rows[-1].kunci_kegiatan
        for index, row in enumerate(rows):
            if row.kunci_kegiatan == last_key:
                rows[index] = dataclasses.replace(row, terakhir=True)
    return groups
