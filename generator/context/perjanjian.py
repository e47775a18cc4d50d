"""Context of the Perjanjian Kinerja template: pernyataan, formulir, signatures."""

from __future__ import annotations

from dataclasses import dataclass

from generator.calculations import target_band, total
from generator.context.common import (
    Kop,
    Penandatangan,
    format_target,
    kop,
    penandatangan,
    tempat_tanggal,
)
from generator.context.lampiran import LampiranContext, lampiran_context
from generator.formatting import format_rupiah, terbilang_rupiah
from generator.models.common import Pemda
from generator.models.perjanjian import PerjanjianKinerja


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
    tempat_tanggal: str
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
                    target=format_target(indikator.target, band, indikator.satuan),
                    kategori=band.category if band else "",
                )
            )
    programs = [
        BarisProgram(f"{n}.", p.nama, format_rupiah(p.anggaran, rupiah_style), p.keterangan)
        for n, p in enumerate(pk.program, start=1)
    ]
    total_amount = total(p.anggaran for p in pk.program)
    pihak_kedua = pk.pihak_kedua or pemda.kepala_daerah
    return PerjanjianContext(
        tahun=str(pk.tahun),
        judul=f"PERJANJIAN KINERJA TAHUN {pk.tahun}",
        kop=kop(pemda, pk.unit),
        unit_nama=pk.unit.nama_singkat,
        unit_nama_kapital=pk.unit.nama_singkat.upper(),
        pihak_pertama=penandatangan(pk.pihak_pertama),
        pihak_kedua=penandatangan(pihak_kedua),
        tempat_tanggal=tempat_tanggal(pk.tempat or pemda.tempat, pk.tanggal),
        baris_target=rows,
        baris_program=programs,
        total_anggaran=format_rupiah(total_amount, rupiah_style),
        total_anggaran_terbilang=terbilang_rupiah(total_amount),
        lampiran=lampiran_context(pk, pemda),
    )
