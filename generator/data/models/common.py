"""Parts shared by every document kind: the unit, its officials, the pemda."""

from __future__ import annotations

from pydantic import Field

from generator.data.models.base import DataModel
from generator.data.models.types import Nip, Slug, Text
from generator.domain.formatting import RupiahStyle


class Pejabat(DataModel):
    """An official who signs: name with titles exactly as written, position, rank, NIP."""

    nama: Text = Field(description="Nama lengkap dengan gelar, persis seperti ditulis")
    jabatan: Text = Field(description="Jabatan, misalnya 'Sekretaris DPRD Kota Medan'")
    pangkat: Text | None = Field(None, description="Pangkat ASN, misalnya 'Pembina'")
    golongan: Text | None = Field(None, description="Golongan ruang, misalnya 'IV/a'")
    nip: Nip | None = Field(None, description="NIP 18 angka; kepala daerah tidak ber-NIP")


class PejabatAsn(Pejabat):
    """An official who is a civil servant (ASN): the NIP is required."""

    nip: Nip = Field(description="NIP 18 angka, misalnya 197903171999121001")


class Unit(DataModel):
    """The Perangkat Daerah as printed in the kop surat."""

    nama: Text = Field(
        description="Nama lengkap untuk kop, misalnya 'Sekretariat Dewan Perwakilan Rakyat Daerah'"
    )
    nama_singkat: Text = Field(
        description="Nama dalam judul formulir, misalnya 'Sekretariat DPRD Kota Medan'"
    )
    alamat: Text
    kode_pos: Text | None = None
    telepon: Text | None = None
    faks: Text | None = None
    email: Text | None = None
    website: Text | None = None


class FormatPreferences(DataModel):
    """How this pemda writes money (styles differ between pemda)."""

    rupiah: RupiahStyle = Field(
        RupiahStyle.RP_TITIK, description="rp-titik, rp, rp-sen, atau angka"
    )


class Pemda(DataModel):
    """`pemda.yaml`: what every SKPD of one pemda and year shares."""

    pemerintah: Text = Field(description="'Pemerintah Kota Medan'; dicetak kapital di kop")
    tempat: Text = Field(description="Nama tempat pada tanggal penandatanganan, misalnya 'Medan'")
    kepala_daerah: Pejabat
    logo: Text | None = Field(None, description="Berkas gambar logo, relatif terhadap pemda.yaml")
    format: FormatPreferences = Field(default_factory=FormatPreferences)
    urutan: list[Slug] = Field(default_factory=list, description="Urutan SKPD dalam buku")
