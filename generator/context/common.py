"""Context parts every document kind shares: kop surat, signers, place and date."""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from decimal import Decimal
from typing import Any

from generator.data.models.common import Pejabat, Pemda, TampilanTarget, Unit
from generator.data.models.perjanjian import Indikator
from generator.data.models.types import SigningDate, Target
from generator.domain.calculations import target_band
from generator.domain.formatting import (
    CategoryDisplay,
    format_nip,
    format_place_date,
    format_target,
)


@dataclass(frozen=True)
class Kop:
    """The letterhead: pemda, unit name, and contact lines, as printed."""

    pemerintah: str
    unit: str
    alamat: str
    kontak: str
    daring: str


@dataclass(frozen=True)
class Penandatangan:
    """A signer as printed under a signature: jabatan in capitals, name as written."""

    nama: str
    jabatan: str
    jabatan_kapital: str
    pangkat: str
    nip: str
    nip_baris: str
    asn: bool
    jabatan_definitif: str = ""
    """An acting official's (Plt./Plh.) own jabatan, for a form that asks; else empty."""


NBSP = "\u00a0"


def _keep(label: str, value: str) -> str:
    """A label and its value joined so that a line never breaks between them."""
    return f"{label}{NBSP}{value.replace(' ', NBSP)}"


def kop(pemda: Pemda, unit: Unit) -> Kop:
    alamat = unit.alamat
    if unit.kode_pos:
        alamat += " " + _keep("Kode Pos", unit.kode_pos)
    contact = []
    if unit.telepon:
        contact.append(_keep("Telepon", unit.telepon))
    if unit.faks:
        contact.append(_keep("Faks.", unit.faks))
    online = []
    if unit.email:
        online.append(_keep("Email:", unit.email))
    if unit.website:
        online.append(_keep("Website:", unit.website))
    return Kop(
        pemerintah=pemda.pemerintah.upper(),
        unit=unit.nama.upper(),
        alamat=alamat,
        kontak="  ".join(contact),
        daring="  ".join(online),
    )


def penandatangan(pejabat: Pejabat) -> Penandatangan:
    nip = format_nip(pejabat.nip) if pejabat.nip else ""
    # The pangkat prints in capitals; a golongan keeps its own case (IV/c, not IV/C).
    pangkat = (pejabat.pangkat or "").upper()
    if pangkat and pejabat.golongan:
        pangkat = f"{pangkat} ({pejabat.golongan})"
    jabatan = pejabat.jabatan_tertulis  # `Plt. Kepala Dinas …` for an acting official
    return Penandatangan(
        nama=pejabat.nama,
        jabatan=jabatan,
        jabatan_kapital=jabatan.upper(),
        jabatan_definitif=pejabat.jabatan_definitif or "",
        pangkat=pangkat,
        nip=nip,
        nip_baris=f"NIP. {nip}" if nip else "",
        asn=bool(nip),
    )


def tempat_tanggal(place: str, date: SigningDate, room: int = 0) -> str:
    """The signing place and date; `room` spaces for a day written by hand."""
    return format_place_date(place, date.year, date.month, date.day, room=room)


def printed_target(
    indikator: Indikator,
    value: Target,
    pemda: Pemda,
    part: str,
    agreement: TampilanTarget | None = None,
) -> str:
    """A target (or a baseline or Renstra value) of an indikator as printed in one part of
    the PK (`formulir` or `lampiran`): its category shown as the indikator, else the
    agreement (`agreement`: its `tampilan`), else the pemda chooses for that part; ranges
    joined in the pemda's style."""
    choices = (indikator.tampilan, agreement, pemda.format.target)
    display = next(
        (getattr(c, part) for c in choices if c is not None and getattr(c, part) is not None),
        CategoryDisplay.ANGKA_KATEGORI,
    )
    return format_target(
        value,
        target_band(value, indikator.skala),
        indikator.satuan,
        display=display,
        range_style=pemda.format.rentang,
    )


def format_value(value: Decimal, satuan: str | None) -> str:
    """A computed count with its unit: `930 KK`, `84,50%`."""
    return format_target(Target(value=value), None, satuan)


def signer_names(context: Any) -> frozenset[str]:
    """Every signer's name printed by a context (its `Penandatangan`, however deep): the
    lines the renderer keeps on one line."""
    found: set[str] = set()
    seen: set[int] = set()

    def walk(value: Any) -> None:
        if id(value) in seen:
            return
        seen.add(id(value))
        if isinstance(value, Penandatangan):
            found.add(value.nama)
        elif is_dataclass(value) and not isinstance(value, type):
            for item in fields(value):
                walk(getattr(value, item.name))
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    walk(context)
    return frozenset(found)


def as_mapping(context: Any) -> dict[str, Any]:
    """Top-level template variables of a context dataclass."""
    return {f.name: getattr(context, f.name) for f in fields(context)}
