"""Context parts every document kind shares: kop surat, signers, place and date."""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from generator.data.models.common import Pejabat, Pemda, Unit
from generator.data.models.types import SigningDate, Target
from generator.domain.formatting import format_nip, format_number, format_place_date
from generator.domain.reference import SATUAN, Band, SatuanDisplay


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
    return Penandatangan(
        nama=pejabat.nama,
        jabatan=pejabat.jabatan,
        jabatan_kapital=pejabat.jabatan.upper(),
        pangkat=pangkat,
        nip=nip,
        nip_baris=f"NIP. {nip}" if nip else "",
        asn=bool(nip),
    )


def tempat_tanggal(place: str, date: SigningDate) -> str:
    return format_place_date(place, date.year, date.month, date.day)


def format_target(target: Target, band: Band | None, satuan: str | None) -> str:
    """`66 (B)`, `3,0644 (B)`, `85,5%`, `12 dokumen`, `B`: a target as printed."""
    if target.value is None:
        return target.text or ""
    return format_value(target.value, satuan or ("%" if target.percent else None), band)


def format_value(value: Decimal, satuan: str | None, band: Band | None = None) -> str:
    text = format_number(value)
    display = SATUAN.get(satuan) if satuan else None
    if display is SatuanDisplay.ATTACHED:
        text += satuan or ""
    elif display is SatuanDisplay.SUFFIX:
        text += f" {satuan}"
    if band is not None:
        text += f" ({band.category})"
    return text


def as_mapping(context: Any) -> dict[str, Any]:
    """Top-level template variables of a context dataclass."""
    return {f.name: getattr(context, f.name) for f in fields(context)}
