"""Built-in reference data: regulation scales, units of measure, RB programs.

Scales are declared here once and used everywhere a category is computed or a scale table
is printed, so a category is never typed by hand and every SKPD shows the same table.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class ScaleKey(StrEnum):
    SAKIP = "sakip"
    IKM = "ikm"
    IKM_KONVERSI = "ikm-konversi"


@dataclass(frozen=True)
class Band:
    """One category of a scale: the values between `lower` and `upper`, ends as flagged."""

    category: str
    lower: Decimal
    upper: Decimal
    lower_inclusive: bool
    label: str
    description: str = ""
    range_text: str = ""
    perception: int | None = None
    upper_inclusive: bool = True

    def contains(self, value: Decimal) -> bool:
        above = value >= self.lower if self.lower_inclusive else value > self.lower
        below = value <= self.upper if self.upper_inclusive else value < self.upper
        return above and below


@dataclass(frozen=True)
class Scale:
    """A regulation's mapping from a number to a category (highest band first)."""

    key: ScaleKey
    name: str
    regulation: str
    bands: tuple[Band, ...]
    minimum: Decimal
    maximum: Decimal

    def classify(self, value: Decimal) -> Band:
        """The band holding `value`; ValueError when it lies outside the scale."""
        for band in self.bands:
            if band.contains(value):
                return band
        raise ValueError(f"di luar rentang {self.name} ({self.minimum}–{self.maximum})")

    def band(self, category: str) -> Band | None:
        for band in self.bands:
            if band.category == category:
                return band
        return None

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(band.category for band in self.bands)


D = Decimal

SAKIP = Scale(
    key=ScaleKey.SAKIP,
    name="skala nilai SAKIP",
    regulation="PermenPAN dan RB Nomor 12 Tahun 2015",
    minimum=D(0),
    maximum=D(100),
    bands=(
        Band("AA", D(90), D(100), False, "Sangat Memuaskan", "Sangat Memuaskan,", ">90 - 100"),
        Band(
            "A",
            D(80),
            D(90),
            False,
            "Memuaskan",
            "Memuaskan, Memimpin perubahan, berkinerja tinggi, dan sangat akuntabel",
            ">80 - 90",
        ),
        Band(
            "BB",
            D(70),
            D(80),
            False,
            "Sangat Baik",
            "Sangat Baik, Akuntabel, berkinerja baik, memiliki sistem manajemen kinerja yang andal.",
            ">70 - 80",
        ),
        Band(
            "B",
            D(60),
            D(70),
            False,
            "Baik",
            "Baik, Akuntabilitas kinerjanya sudah baik, memiliki sistem yang dapat digunakan untuk "
            "manajemen kinerja, dan perlu sedikit perbaikan.",
            ">60 - 70",
        ),
        Band(
            "CC",
            D(50),
            D(60),
            False,
            "Cukup (Memadai)",
            "Cukup (Memadai), Akuntabilitas kinerjanya cukup baik, taat kebijakan, memiliki sistem "
            "yang dapat digunakan untuk memproduksi informasi kinerja untuk pertanggung jawaban, "
            "perlu banyak perbaikan tidak mendasar.",
            ">50 - 60",
        ),
        Band(
            "C",
            D(30),
            D(50),
            False,
            "Kurang",
            "Kurang, Sistem dan tatanan kurang dapat diandalkan, memiliki sistem untuk manajemen "
            "kinerja tapi perlu banyak perbaikan minor dan perbaikan yang mendasar.",
            ">30 - 50",
        ),
        Band(
            "D",
            D(0),
            D(30),
            True,
            "Sangat Kurang",
            "Sangat Kurang, Sistem dan tatanan tidak dapat diandalkan untuk penerapan manajemen "
            "kinerja; Perlu banyak perbaikan, sebagian perubahan yang sangat mendasar.",
            "0 - 30",
        ),
    ),
)

# Permenpan-RB 14/2017. The regulation's intervals leave gaps (2,5996|2,60 and
# 3,064|3,0644); each band starts at its printed lower bound, so a value in a gap belongs
# to the band below (3,064 is C, 3,0644 is B), matching the conversion table (×25).
IKM = Scale(
    key=ScaleKey.IKM,
    name="skala Indeks Kepuasan Masyarakat",
    regulation="PermenPAN dan RB Nomor 14 Tahun 2017",
    minimum=D(1),
    maximum=D(4),
    bands=(
        Band("A", D("3.5324"), D(4), True, "Sangat Baik", range_text="3,5324-4,0", perception=4),
        Band(
            "B",
            D("3.0644"),
            D("3.5324"),
            True,
            "Baik",
            range_text="3,0644-3,532",
            upper_inclusive=False,
            perception=3,
        ),
        Band(
            "C",
            D("2.60"),
            D("3.0644"),
            True,
            "Kurang Baik",
            range_text="2,6-3,064",
            upper_inclusive=False,
            perception=2,
        ),
        Band(
            "D",
            D(1),
            D("2.60"),
            True,
            "Tidak Baik",
            range_text="1,00-2,5996",
            upper_inclusive=False,
            perception=1,
        ),
    ),
)

IKM_KONVERSI = Scale(
    key=ScaleKey.IKM_KONVERSI,
    name="skala nilai interval konversi IKM",
    regulation="PermenPAN dan RB Nomor 14 Tahun 2017",
    minimum=D(25),
    maximum=D(100),
    bands=(
        Band("A", D("88.31"), D(100), True, "Sangat Baik", range_text="88,31-100,00", perception=4),
        Band(
            "B",
            D("76.61"),
            D("88.31"),
            True,
            "Baik",
            range_text="76,61-88,30",
            upper_inclusive=False,
            perception=3,
        ),
        Band(
            "C",
            D(65),
            D("76.61"),
            True,
            "Kurang Baik",
            range_text="65-76,60",
            upper_inclusive=False,
            perception=2,
        ),
        Band(
            "D",
            D(25),
            D(65),
            True,
            "Tidak Baik",
            range_text="25-64,99",
            upper_inclusive=False,
            perception=1,
        ),
    ),
)


SCALES: dict[ScaleKey, Scale] = {s.key: s for s in (SAKIP, IKM, IKM_KONVERSI)}


class SatuanDisplay(StrEnum):
    """How a target is printed with its unit."""

    ATTACHED = "attached"  # 85,5%
    BARE = "bare"  # 66 (the unit is the indicator itself: nilai, indeks)
    SUFFIX = "suffix"  # 12 dokumen


SATUAN: dict[str, SatuanDisplay] = {
    "%": SatuanDisplay.ATTACHED,
    "nilai": SatuanDisplay.BARE,
    "indeks": SatuanDisplay.BARE,
    "predikat": SatuanDisplay.BARE,
    "opini": SatuanDisplay.BARE,
    "level": SatuanDisplay.BARE,
    "skor": SatuanDisplay.BARE,
    "peringkat": SatuanDisplay.BARE,
    "dokumen": SatuanDisplay.SUFFIX,
    "laporan": SatuanDisplay.SUFFIX,
    "kegiatan": SatuanDisplay.SUFFIX,
    "orang": SatuanDisplay.SUFFIX,
    "KK": SatuanDisplay.SUFFIX,
    "unit": SatuanDisplay.SUFFIX,
    "kali": SatuanDisplay.SUFFIX,
    "hari": SatuanDisplay.SUFFIX,
    "jam": SatuanDisplay.SUFFIX,
    "paket": SatuanDisplay.SUFFIX,
    "inovasi": SatuanDisplay.SUFFIX,
    "rekomendasi": SatuanDisplay.SUFFIX,
    "produk hukum": SatuanDisplay.SUFFIX,
    "kelurahan": SatuanDisplay.SUFFIX,
    "sekolah": SatuanDisplay.SUFFIX,
    "km": SatuanDisplay.SUFFIX,
    "ton": SatuanDisplay.SUFFIX,
    "UMKM": SatuanDisplay.SUFFIX,
    "pelaku usaha": SatuanDisplay.SUFFIX,
    "tahun": SatuanDisplay.SUFFIX,
    "bulan": SatuanDisplay.SUFFIX,
    "kasus": SatuanDisplay.SUFFIX,
    "puskesmas": SatuanDisplay.SUFFIX,
    "kecamatan": SatuanDisplay.SUFFIX,
    "desa": SatuanDisplay.SUFFIX,
    "OPD": SatuanDisplay.SUFFIX,
    "aplikasi": SatuanDisplay.SUFFIX,
    "meter": SatuanDisplay.SUFFIX,
    "hektar": SatuanDisplay.SUFFIX,
    "per 1.000 KH": SatuanDisplay.SUFFIX,
    "per 100.000 KH": SatuanDisplay.SUFFIX,
    "per 1.000 penduduk": SatuanDisplay.SUFFIX,
    "per 100.000 penduduk": SatuanDisplay.SUFFIX,
}

# The unit a target on a scale has when the data does not name one.
DEFAULT_SATUAN: dict[ScaleKey, str] = {
    ScaleKey.SAKIP: "nilai",
    ScaleKey.IKM: "indeks",
    ScaleKey.IKM_KONVERSI: "nilai",
}


@dataclass(frozen=True)
class SakipRegulation:
    """A regulation on evaluating SAKIP: its citation and the weights of its components.

    Both regulations grade on the same `SAKIP` scale (AA … D); they differ in the
    components evaluated and their weights (in percent, summing to 100).
    """

    key: str
    citation: str
    title: str
    components: tuple[tuple[str, int], ...]
    scale: Scale = SAKIP

    @property
    def full_name(self) -> str:
        return f"{self.citation} tentang {self.title}"


SAKIP_REGULATIONS: dict[str, SakipRegulation] = {
    r.key: r
    for r in (
        SakipRegulation(
            key="12/2015",
            citation="PermenPAN dan RB Nomor 12 Tahun 2015",
            title="Pedoman Evaluasi atas Implementasi SAKIP",
            components=(
                ("Perencanaan Kinerja", 30),
                ("Pengukuran Kinerja", 25),
                ("Pelaporan Kinerja", 15),
                ("Evaluasi Internal", 10),
                ("Capaian Kinerja", 20),
            ),
        ),
        SakipRegulation(
            key="88/2021",
            citation="PermenPAN dan RB Nomor 88 Tahun 2021",
            title="Evaluasi Akuntabilitas Kinerja Instansi Pemerintah",
            components=(
                ("Perencanaan Kinerja", 30),
                ("Pengukuran Kinerja", 30),
                ("Pelaporan Kinerja", 15),
                ("Evaluasi Akuntabilitas Kinerja Internal", 25),
            ),
        ),
    )
}


@dataclass(frozen=True)
class IkmRegulation:
    """The regulation behind the IKM scales: the conversion factor and both scales."""

    citation: str
    title: str
    conversion_factor: Decimal
    scale: Scale
    converted_scale: Scale

    @property
    def full_name(self) -> str:
        return f"{self.citation} tentang {self.title}"


IKM_REGULATION = IkmRegulation(
    citation="PermenPAN dan RB Nomor 14 Tahun 2017",
    title="Pedoman Penyusunan Survei Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik",
    conversion_factor=D(25),
    scale=IKM,
    converted_scale=IKM_KONVERSI,
)


@dataclass(frozen=True)
class RbProgram:
    """One of the eight programs of the Road Map Reformasi Birokrasi 2020–2024."""

    number: int
    key: str
    name: str

    @property
    def roman(self) -> str:
        return _ROMAN_RB[self.number - 1]


_ROMAN_RB = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")

# Permenpan-RB 25/2020 (Road Map Reformasi Birokrasi 2020–2024): the eight programs, in
# their order; BAB II, BAB III and the RATL of a Rencana Kerja RB follow it.
RB_PROGRAMS: tuple[RbProgram, ...] = (
    RbProgram(1, "manajemen-perubahan", "Manajemen Perubahan"),
    RbProgram(2, "penataan-peraturan", "Penataan Peraturan Perundang-undangan"),
    RbProgram(3, "penataan-organisasi", "Penataan dan Penguatan Organisasi"),
    RbProgram(4, "penataan-tata-laksana", "Penataan Tata Laksana"),
    RbProgram(5, "penataan-sdm", "Penataan Sistem Manajemen SDM"),
    RbProgram(6, "penguatan-akuntabilitas", "Penguatan Akuntabilitas"),
    RbProgram(7, "penguatan-pengawasan", "Penguatan Pengawasan"),
    RbProgram(8, "pelayanan-publik", "Peningkatan Kualitas Pelayanan Publik"),
)
RB_PROGRAM_REGULATION = "Peraturan Menteri PANRB Nomor 25 Tahun 2020"


def find_rb_program(reference: str | int) -> RbProgram | None:
    """The RB program named by its roman numeral (`VI`), its number (6) or its key."""
    text = str(reference).strip()
    for program in RB_PROGRAMS:
        if text.upper() == program.roman or text == str(program.number) or text == program.key:
            return program
    return None
