"""Context of the Perjanjian Kinerja template: pernyataan, formulir, signatures."""

from __future__ import annotations

from dataclasses import dataclass

from generator.context.common import (
    Kop,
    Penandatangan,
    kop,
    penandatangan,
    printed_target,
    tempat_tanggal,
)
from generator.context.lampiran import LampiranContext, lampiran_context
from generator.context.naskah import NaskahCetak, naskah
from generator.data.models.common import Pemda
from generator.data.models.perjanjian import PerjanjianKinerja
from generator.data.models.types import SigningDate
from generator.domain.calculations import target_band, total
from generator.domain.formatting import (
    format_partial_date,
    format_rupiah,
    terbilang,
    terbilang_rupiah,
)


@dataclass(frozen=True)
class BarisTarget:
    """One row of the sasaran–indikator–target table; rows of a sasaran share `sasaran_key`."""

    sasaran_key: int
    no: str
    sasaran: str
    indikator: str
    target: str
    kategori: str


@dataclass(frozen=True)
class BarisProgram:
    no: str
    nama: str
    anggaran: str
    keterangan: str


@dataclass(frozen=True)
class PerjanjianContext:
    """Everything the Perjanjian Kinerja template prints, already formatted."""

    tahun: str
    judul: str
    kop: Kop
    unit_nama: str
    unit_nama_kapital: str
    pihak_pertama: Penandatangan
    pihak_kedua: Penandatangan
    naskah: NaskahCetak
    tempat_tanggal: str
    perubahan_alinea: list[str]
    """The pernyataan's paragraphs on the revision; empty for the PK as first signed."""
    baris_target: list[BarisTarget]
    baris_program: list[BarisProgram]
    total_anggaran: str
    total_anggaran_terbilang: str
    lampiran: LampiranContext | None


def perjanjian_context(pk: PerjanjianKinerja, pemda: Pemda) -> PerjanjianContext:
    """Derive and format everything the PK template needs from validated data."""
    rupiah_style = pemda.format.rupiah
    rows: list[BarisTarget] = []
    for number, sasaran in enumerate(pk.sasaran, start=1):
        for indikator in sasaran.indikator:
            band = target_band(indikator.target, indikator.skala)
            rows.append(
                BarisTarget(
                    sasaran_key=number,
                    no=str(number),
                    sasaran=sasaran.uraian,
                    indikator=indikator.uraian,
                    target=printed_target(
                        indikator, indikator.target, pemda, "formulir", pk.tampilan
                    ),
                    kategori=band.category if band else "",
                )
            )
    programs = [
        BarisProgram(f"{n}.", p.nama, format_rupiah(p.anggaran, rupiah_style), p.keterangan)
        for n, p in enumerate(pk.program, start=1)
    ]
    total_amount = total(p.anggaran for p in pk.program)
    pihak_kedua = pk.penandatangan_kedua or pemda.kepala_daerah
    return PerjanjianContext(
        tahun=str(pk.tahun),
        judul=judul(pk),
        kop=kop(pemda, pk.unit),
        unit_nama=pk.unit.nama_singkat,
        unit_nama_kapital=pk.unit.nama_singkat.upper(),
        pihak_pertama=penandatangan(pk.pihak_pertama),
        pihak_kedua=penandatangan(pihak_kedua),
        naskah=naskah(pk, pemda),
        tempat_tanggal=tempat_tanggal(
            pk.tempat or pemda.tempat, signing_date(pk), pemda.format.ruang_tanggal
        ),
        perubahan_alinea=perubahan_alinea(pk),
        baris_target=rows,
        baris_program=programs,
        total_anggaran=format_rupiah(total_amount, rupiah_style),
        total_anggaran_terbilang=terbilang_rupiah(total_amount),
        lampiran=lampiran_context(pk, pemda),
    )


def signing_date(pk: PerjanjianKinerja) -> SigningDate:
    """The date printed above the signatures: a revision's, else a new official's (mutasi),
    else the PK's own."""
    if pk.perubahan is not None:
        return pk.perubahan.tanggal
    return pk.mutasi.tanggal if pk.mutasi is not None else pk.tanggal


def judul(pk: PerjanjianKinerja) -> str:
    """`PERJANJIAN KINERJA TAHUN 2022`; a revision `PERJANJIAN KINERJA PERUBAHAN TAHUN 2022`
    (the second and later name their number: `… PERUBAHAN KEDUA TAHUN 2022`)."""
    if pk.perubahan is None:
        return f"PERJANJIAN KINERJA TAHUN {pk.tahun}"
    nomor = pk.perubahan.nomor
    urutan = "" if nomor == 1 else f" {urutan_perubahan(nomor).upper()}"
    return f"PERJANJIAN KINERJA PERUBAHAN{urutan} TAHUN {pk.tahun}"


def urutan_perubahan(nomor: int) -> str:
    """`pertama`, `kedua`, `ketiga`, … (the ordinal a revision is called by)."""
    return "pertama" if nomor == 1 else f"ke{terbilang(nomor)}"


def pada_tanggal(date: SigningDate) -> str:
    """`pada tanggal 10 Februari 2022`, `pada bulan Januari 2022`, `pada tahun 2022`."""
    text = format_partial_date(date.year, date.month, date.day)
    if date.day:
        return f"pada tanggal {text}"
    return f"pada bulan {text}" if date.month else f"pada tahun {text}"


def perubahan_alinea(pk: PerjanjianKinerja) -> list[str]:
    """The pernyataan's wording of a PK Perubahan: which PK it changes and why, and that
    the earlier one no longer applies. Empty for the PK as first signed."""
    if pk.perubahan is None:
        return []
    semula = (
        f"Perjanjian Kinerja Tahun {pk.tahun} yang telah ditandatangani {pada_tanggal(pk.tanggal)}"
    )
    alasan = pk.perubahan.alasan.rstrip(".")
    sebelumnya = "" if pk.perubahan.nomor == 1 else " beserta perubahan sebelumnya"
    return [
        f"Perjanjian Kinerja Perubahan ini merupakan perubahan "
        f"{urutan_perubahan(pk.perubahan.nomor)} atas {semula}. "
        f"Perubahan dilakukan dengan alasan: {alasan}.",
        f"Dengan ditandatanganinya Perjanjian Kinerja Perubahan ini, {semula}{sebelumnya} "
        "dinyatakan tidak berlaku lagi.",
    ]
