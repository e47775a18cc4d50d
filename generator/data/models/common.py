"""Parts shared by every document kind: the unit, its officials, the pemda."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, PlainValidator, field_validator

from generator.data.models.base import DataModel
from generator.data.models.types import Nip, Number, Slug, Text, invalid, validate_text
from generator.domain.formatting import CategoryDisplay, RangeStyle, RupiahStyle
from generator.domain.placeholders import placeholders_in
from generator.domain.reference import SCALES, Band, Scale, scale_problems


class Pejabat(DataModel):
    """An official who signs: name with titles exactly as written, position, rank, NIP.

    Every field but the name and the jabatan is optional: a PK prints what it is given
    (no NIP line for an official without a NIP). `asn: false` says the official is not a
    civil servant, so a missing NIP is expected.
    """

    nama: Text = Field(description="Nama lengkap dengan gelar, persis seperti ditulis")
    jabatan: Text = Field(description="Jabatan, misalnya 'Sekretaris DPRD Kota Medan'")
    pangkat: Text | None = Field(None, description="Pangkat ASN, misalnya 'Pembina'")
    golongan: Text | None = Field(None, description="Golongan ruang, misalnya 'IV/a'")
    nip: Nip | None = Field(None, description="NIP 18 angka; kepala daerah tidak ber-NIP")
    asn: bool | None = Field(
        None, description="false: bukan ASN (tanpa NIP tanpa peringatan); bawaan: ASN"
    )
    # An official acting in a jabatan (Pelaksana Tugas / Pelaksana Harian) signs as
    # "Plt. Kepala Dinas …"; their own definitive jabatan is kept where the form asks.
    pelaksana: Literal["plt", "plh"] | None = Field(
        None, description="plt (Pelaksana Tugas) atau plh (Pelaksana Harian); bawaan: definitif"
    )
    jabatan_definitif: Text | None = Field(
        None, description="Jabatan definitif seorang Plt./Plh., misalnya 'Sekretaris Dinas …'"
    )

    @property
    def jabatan_tertulis(self) -> str:
        """The jabatan as signed: `Plt. Kepala Dinas Pendidikan` for an acting official."""
        if self.pelaksana is None:
            return self.jabatan
        return f"{PELAKSANA[self.pelaksana]} {self.jabatan}"


PELAKSANA = {"plt": "Plt.", "plh": "Plh."}
"""How an acting official's jabatan is prefixed (Pelaksana Tugas, Pelaksana Harian)."""


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


class TampilanTarget(DataModel):
    """How a target with a category prints in each part of the PK."""

    formulir: CategoryDisplay | None = Field(
        None, description="angka-kategori (88,30 (B)), kategori-angka, kategori, angka"
    )
    lampiran: CategoryDisplay | None = Field(None, description="Seperti formulir")


class FormatPreferences(DataModel):
    """How this pemda writes money, ranges and categorised targets (styles differ)."""

    rupiah: RupiahStyle = Field(
        RupiahStyle.RP_TITIK, description="rp-titik, rp, rp-sen, atau angka"
    )
    rentang: RangeStyle = Field(
        RangeStyle.SEPERTI_DITULIS,
        description="Penghubung rentang: seperti-ditulis, '-', '–', sd, s.d., s/d",
    )
    target: TampilanTarget = Field(default_factory=TampilanTarget)
    ruang_tanggal: int = Field(
        6,
        ge=0,
        le=20,
        description="Spasi untuk tanggal yang ditulis tangan bila hari tidak diisi "
        "('Medan,      Januari 2022'); 0: tanpa ruang",
    )


NASKAH_PLACEHOLDERS = {
    "pihak_pertama": "sebutan pihak pertama, misalnya 'pihak pertama' atau 'PIHAK KESATU'",
    "pihak_kedua": "sebutan pihak kedua, misalnya 'pihak kedua' atau 'PIHAK KEDUA'",
    "kepala_daerah": "sebutan kepala daerah, misalnya 'Wali Kota' atau 'Bupati'",
    "tahun": "tahun perjanjian, misalnya 2022",
}


def validate_naskah_text(value: Any) -> str:
    """One sentence of a document's wording; it may name the parties by placeholder."""
    text = validate_text(value)
    for name in placeholders_in(text):
        if name not in NASKAH_PLACEHOLDERS:
            raise invalid(
                f"penanda {{{name}}} tidak dikenal; penanda yang boleh: "
                + ", ".join("{" + n + "}" for n in NASKAH_PLACEHOLDERS)
            )
    return text


NaskahText = Annotated[str, PlainValidator(validate_naskah_text)]


class Naskah(DataModel):
    """The wording of a PK that pemda write differently; each sentence left out keeps the
    wording of Permenpan-RB 53/2014 (see `context.perjanjian.NASKAH_BAWAAN`)."""

    sebutan_pihak_pertama: Text | None = Field(
        None, description="'pihak pertama' (bawaan) atau 'PIHAK KESATU', seperti dicetak"
    )
    sebutan_pihak_kedua: Text | None = Field(None, description="'pihak kedua' (bawaan)")
    pembuka: NaskahText | None = Field(None, description="Kalimat pembuka pernyataan")
    disebut: NaskahText | None = Field(
        None, description="Di bawah pihak pertama: 'Selanjutnya disebut {pihak_pertama}.'"
    )
    atasan: NaskahText | None = Field(
        None,
        description="Di bawah pihak kedua: 'Selaku atasan {pihak_pertama}, selanjutnya "
        "disebut {pihak_kedua}.'",
    )
    janji: NaskahText | None = Field(None, description="'{pihak_pertama} berjanji akan …'")
    supervisi: NaskahText | None = Field(
        None, description="'{pihak_kedua} akan melakukan supervisi …'"
    )
    kolom_sasaran: NaskahText | None = Field(
        None,
        description="Judul kolom sasaran formulir: 'Sasaran Strategis' (eselon III: 'Sasaran "
        "Program', eselon IV: 'Sasaran Kegiatan')",
    )
    kolom_program: NaskahText | None = Field(
        None, description="Judul kolom program formulir: 'Program' (PK eselon III: 'Kegiatan')"
    )
    kolom_misi: NaskahText | None = Field(
        None, description="Judul kolom 4 lampiran: 'Misi / Program Prioritas {kepala_daerah}'"
    )
    kolom_formulasi: NaskahText | None = Field(
        None, description="Judul kolom 5 lampiran: 'Formulasi Perhitungan'"
    )
    keterangan_penjelasan: NaskahText | None = Field(
        None, description="Di bawah judul lampiran II: '(Upaya apa yang harus dilakukan …)'"
    )
    pengantar_roadmap: NaskahText | None = Field(
        None, description="Di bawah judul lampiran III: 'Roadmap dalam rangka …:'"
    )

    def over(self, base: Naskah | None) -> Naskah:
        """This wording where it says something, `base` elsewhere."""
        if base is None:
            return self
        return base.model_copy(update=self.model_dump(exclude_none=True))


class RentangSkala(DataModel):
    """One band of a pemda's scale: its category and the values it holds."""

    kategori: Text
    dari: Number | None = Field(None, description="Batas bawah; kosong: tanpa batas bawah")
    sampai: Number | None = Field(None, description="Batas atas; kosong: tanpa batas atas")
    dari_termasuk: bool = Field(True, description="false: lebih dari 'dari' (>90)")
    sampai_termasuk: bool = Field(True, description="false: kurang dari 'sampai' (<91)")
    interpretasi: Text | None = None

    def band(self) -> Band:
        return Band(
            category=self.kategori,
            lower=self.dari,
            upper=self.sampai,
            lower_inclusive=self.dari_termasuk,
            upper_inclusive=self.sampai_termasuk,
            label=self.interpretasi or self.kategori,
            description=self.interpretasi or self.kategori,
        )


class SkalaPemda(DataModel):
    """A rating scale the pemda declares (its own regulation's bands): indikator name it
    in `skala:` by `kode`, and `tabel: skala` prints it in the lampiran."""

    kode: Slug = Field(description="Nama skala untuk 'skala:' indikator, misalnya capaian")
    nama: Text = Field(description="Misalnya 'skala capaian kinerja Kabupaten Sukamaju'")
    peraturan: Text = Field(description="Peraturan yang menetapkan skala ini")
    rentang: list[RentangSkala] = Field(min_length=1)

    @field_validator("rentang")
    @classmethod
    def _a_scale_without_gaps(cls, rentang: list[RentangSkala]) -> list[RentangSkala]:
        problems = scale_problems([r.band() for r in rentang])
        if problems:
            raise invalid("; ".join(problems))
        return rentang

    def scale(self) -> Scale:
        bands = sorted(
            (r.band() for r in self.rentang),
            key=lambda b: (b.upper is None, b.upper if b.upper is not None else 0),
            reverse=True,
        )
        return Scale(key=self.kode, name=self.nama, regulation=self.peraturan, bands=tuple(bands))


NO_LOGO = "tanpa"
"""`logo: tanpa`: the kop is printed without a logo, on purpose."""


class Pemda(DataModel):
    """`pemda.yaml`: what every SKPD of one pemda and year shares."""

    pemerintah: Text = Field(description="'Pemerintah Kota Medan'; dicetak kapital di kop")
    tempat: Text = Field(description="Nama tempat pada tanggal penandatanganan, misalnya 'Medan'")
    kepala_daerah: Pejabat
    logo: Text | None = Field(
        None, description="Berkas gambar logo, relatif terhadap pemda.yaml; 'tanpa': tanpa logo"
    )
    format: FormatPreferences = Field(default_factory=FormatPreferences)
    naskah: Naskah = Field(default_factory=Naskah, description="Kata-kata PK yang berbeda")
    skala: list[SkalaPemda] = Field(default_factory=list, description="Skala penilaian pemda")
    templat: dict[str, Text] = Field(
        default_factory=dict,
        description="Templat sendiri per jenis dokumen, relatif terhadap pemda.yaml",
    )
    urutan: list[Slug] = Field(default_factory=list, description="Urutan SKPD dalam buku")
    buku_jenjang: Literal["semua", "eselon-2"] = Field(
        "semua",
        description="PK yang masuk buku pemda: semua (juga eselon III dan IV, berjenjang) "
        "atau eselon-2 (hanya PK kepala perangkat daerah); buku per SKPD selalu lengkap",
    )

    @field_validator("skala")
    @classmethod
    def _unique_codes(cls, skala: list[SkalaPemda]) -> list[SkalaPemda]:
        seen: set[str] = set(SCALES)
        for item in skala:
            if item.kode in SCALES:
                raise invalid(
                    f"kode skala {item.kode!r} sudah dipakai skala bawaan; pilih kode lain"
                )
            if item.kode in seen:
                raise invalid(f"skala {item.kode!r} dideklarasikan dua kali")
            seen.add(item.kode)
        return skala

    @property
    def logo_file(self) -> str | None:
        """The logo file named, None for none (`logo: tanpa` or left out)."""
        return None if self.logo in (None, NO_LOGO) else self.logo

    @property
    def scales(self) -> list[Scale]:
        return [item.scale() for item in self.skala]
