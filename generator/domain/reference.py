"""Built-in reference data: regulation scales, units of measure, RB programs.

Scales are declared here once and used everywhere a category is computed or a scale table
is printed, so a category is never typed by hand and every SKPD shows the same table.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum


class ScaleKey(StrEnum):
    SAKIP = "sakip"
    IKM = "ikm"
    IKM_KONVERSI = "ikm-konversi"


@dataclass(frozen=True)
class Band:
    """One category of a scale: the values between `lower` and `upper`, ends as flagged.

    A missing bound leaves that side open (`> 100` has no upper bound).
    """

    category: str
    lower: Decimal | None
    upper: Decimal | None
    lower_inclusive: bool
    label: str
    description: str = ""
    range_text: str = ""
    perception: int | None = None
    upper_inclusive: bool = True

    def contains(self, value: Decimal) -> bool:
        above = self.lower is None or (
            value >= self.lower if self.lower_inclusive else value > self.lower
        )
        below = self.upper is None or (
            value <= self.upper if self.upper_inclusive else value < self.upper
        )
        return above and below

    @property
    def bounds_text(self) -> str:
        """The band's values in the notation of the regulations' tables: `>90 - 100`,
        `0 - 30`, `76 - <91`, `>100`."""
        lower = "" if self.lower is None else number_text(self.lower)
        upper = "" if self.upper is None else number_text(self.upper)
        if lower and not self.lower_inclusive:
            lower = ">" + lower
        if upper and not self.upper_inclusive:
            upper = "<" + upper
        if not upper:
            return lower if lower.startswith(">") else f"≥{lower}"
        if not lower:
            return upper if upper.startswith("<") else f"≤{upper}"
        return f"{lower} - {upper}"

    @property
    def printed_range(self) -> str:
        """The range as printed in a scale table: the regulation's own text when it has one."""
        return self.range_text or self.bounds_text


def number_text(value: Decimal) -> str:
    """A bound as the regulations print it: decimal comma, no grouping (`3,0644`, `100`)."""
    return format(value, "f").replace(".", ",")


@dataclass(frozen=True)
class Scale:
    """A regulation's mapping from a number to a category (highest band first).

    `key` is how data names it (`sakip`, or a pemda's own `capaian-kinerja`); `regulation`
    is the regulation in force that defines it, named in every message about the scale.
    """

    key: str
    name: str
    regulation: str
    bands: tuple[Band, ...]

    def __post_init__(self) -> None:
        problems = scale_problems(self.bands)
        if problems:  # a value in a gap would be "outside", one in an overlap in two bands
            raise ValueError(f"{self.name}: " + "; ".join(problems))

    @property
    def minimum(self) -> Decimal | None:
        lowers = [b.lower for b in self.bands]
        return None if None in lowers else min(b for b in lowers if b is not None)

    @property
    def maximum(self) -> Decimal | None:
        uppers = [b.upper for b in self.bands]
        return None if None in uppers else max(b for b in uppers if b is not None)

    @property
    def citation(self) -> str:
        """`skala nilai SAKIP (PermenPAN dan RB Nomor 12 Tahun 2015)`."""
        return f"{self.name} ({self.regulation})"

    def classify(self, value: Decimal) -> Band:
        """The band holding `value`; ValueError when it lies outside the scale."""
        for band in self.bands:
            if band.contains(value):
                return band
        low = None if self.minimum is None else number_text(self.minimum)
        high = None if self.maximum is None else number_text(self.maximum)
        span = f"{low}–{high}" if low and high else f"{low} ke atas" if low else f"sampai {high}"
        raise ValueError(f"di luar rentang {self.name} ({span}) menurut {self.regulation}")

    def band(self, category: str) -> Band | None:
        for band in self.bands:
            if band.category == category:
                return band
        return None

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(band.category for band in self.bands)


def _band_name(band: Band) -> str:
    return f"{band.category!r} ({band.bounds_text})"


def scale_problems(bands: Sequence[Band]) -> list[str]:
    """Why these bands do not make a scale: a band that is empty, a category named twice,
    two bands that overlap or leave a gap between them (each message names both bands).

    Every value between the lowest and the highest bound must fall in exactly one band, so
    a target is never "outside" a scale it lies within, nor in two categories at once.
    """
    problems: list[str] = []
    seen: set[str] = set()
    for band in bands:
        if band.category in seen:
            problems.append(f"kategori {band.category!r} disebut dua kali")
        seen.add(band.category)
        empty = (
            band.lower is not None
            and band.upper is not None
            and (
                band.lower > band.upper
                or (
                    band.lower == band.upper and not (band.lower_inclusive and band.upper_inclusive)
                )
            )
        )
        if empty:
            problems.append(
                f"kategori {_band_name(band)}: batas bawah harus lebih kecil dari batas atas"
            )
    ordered = sorted(
        bands,
        key=lambda b: (b.lower is not None, b.lower or 0, not b.lower_inclusive),
    )
    for below, above in itertools.pairwise(ordered):
        problem = _join_problem(below, above)
        if problem:
            problems.append(problem)
    return problems


def _join_problem(below: Band, above: Band) -> str | None:
    """Why two bands, the second starting higher, do not meet exactly."""
    pair = f"kategori {_band_name(below)} dan {_band_name(above)}"
    if below.upper is None or above.lower is None:
        return f"{pair} tumpang tindih"
    if below.upper > above.lower:
        return (
            f"{pair} tumpang tindih: nilai antara {number_text(above.lower)} dan "
            f"{number_text(below.upper)} masuk keduanya"
        )
    if below.upper < above.lower:
        return (
            f"{pair} tidak bersambung: nilai di antara {number_text(below.upper)} dan "
            f"{number_text(above.lower)} tidak masuk kategori mana pun (tulis misalnya batas "
            f"bawah {number_text(below.upper)} tidak termasuk)"
        )
    if below.upper_inclusive and above.lower_inclusive:
        return f"{pair} tumpang tindih: nilai {number_text(below.upper)} masuk keduanya"
    if not below.upper_inclusive and not above.lower_inclusive:
        return (
            f"{pair} tidak bersambung: nilai {number_text(below.upper)} tidak masuk kategori "
            "mana pun"
        )
    return None


D = Decimal

SAKIP = Scale(
    key=ScaleKey.SAKIP.value,
    name="skala nilai SAKIP",
    regulation="PermenPAN dan RB Nomor 12 Tahun 2015",
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
    key=ScaleKey.IKM.value,
    name="skala Indeks Kepuasan Masyarakat",
    regulation="PermenPAN dan RB Nomor 14 Tahun 2017",
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
    key=ScaleKey.IKM_KONVERSI.value,
    name="skala nilai interval konversi IKM",
    regulation="PermenPAN dan RB Nomor 14 Tahun 2017",
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


SCALES: dict[str, Scale] = {s.key: s for s in (SAKIP, IKM, IKM_KONVERSI)}
"""The built-in scales by key; a pemda may declare more (see `scale_registry`)."""


def scale_registry(
    custom: Iterable[Scale] = (), sakip_regulation: str | None = None
) -> dict[str, Scale]:
    """The scales data may name: the built-in ones, the SAKIP scale cited by the regulation
    in force (`12/2015` unless stated), then a pemda's own (`custom`)."""
    scales = dict(SCALES)
    if sakip_regulation in SAKIP_REGULATIONS:
        scales[ScaleKey.SAKIP.value] = SAKIP_REGULATIONS[sakip_regulation].scale
    scales.update((s.key, s) for s in custom)
    return scales


class SatuanDisplay(StrEnum):
    """How a target is printed with its unit."""

    ATTACHED = "attached"  # 85,5%
    BARE = "bare"  # 66 (the unit is the indicator itself: nilai, indeks)
    SUFFIX = "suffix"  # 12 dokumen


class SatuanKind(StrEnum):
    """What numbers a unit counts: whole things, any measure, or words (a predikat)."""

    COUNT = "count"  # orang, dokumen, kali: whole numbers only
    MEASURE = "measure"  # %, hari, km, nilai: decimals allowed
    WORD = "word"  # predikat, opini: the target is a word (B, WTP)


@dataclass(frozen=True)
class SatuanInfo:
    display: SatuanDisplay
    kind: SatuanKind


_ATTACHED, _BARE, _SUFFIX = SatuanDisplay.ATTACHED, SatuanDisplay.BARE, SatuanDisplay.SUFFIX
_COUNT, _MEASURE, _WORD = SatuanKind.COUNT, SatuanKind.MEASURE, SatuanKind.WORD

SATUAN: dict[str, SatuanInfo] = {
    name: SatuanInfo(display, kind)
    for names, display, kind in (
        (("%",), _ATTACHED, _MEASURE),
        (("nilai", "indeks", "skor"), _BARE, _MEASURE),
        (("level", "peringkat"), _BARE, _COUNT),
        (("predikat", "opini"), _BARE, _WORD),
        (
            (
                "dokumen", "laporan", "kegiatan", "orang", "KK", "unit", "kali", "paket",
                "inovasi", "rekomendasi", "produk hukum", "kelurahan", "sekolah", "UMKM",
                "pelaku usaha", "kasus", "puskesmas", "kecamatan", "desa", "OPD", "aplikasi",
                "jenis", "pasien", "kunjungan", "pemeriksaan", "layanan", "buah", "kelompok",
            ),
            _SUFFIX,
            _COUNT,
        ),
        (
            (
                "hari", "jam", "menit", "km", "ton", "tahun", "bulan", "meter", "hektar",
                "per 1.000 KH", "per 100.000 KH", "per 1.000 penduduk", "per 100.000 penduduk",
            ),
            _SUFFIX,
            _MEASURE,
        ),
    )
    for name in names
}  # fmt: skip
"""The units pkgen knows; any other unit is accepted as written and printed after the
number, but its numbers are not checked (a known count unit takes whole numbers only)."""

_SATUAN_BY_LOWER = {name.lower(): name for name in SATUAN} | {"persen": "%"}


def known_satuan(text: str) -> str | None:
    """The known unit a text names, in its canonical spelling (`Orang` → `orang`,
    `persen` → `%`), or None."""
    return _SATUAN_BY_LOWER.get(" ".join(text.split()).lower())


def satuan_info(satuan: str | None) -> SatuanInfo | None:
    """How a unit prints and what it counts; None for no unit or an unknown one."""
    return SATUAN.get(satuan) if satuan else None


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

    @property
    def full_name(self) -> str:
        return f"{self.citation} tentang {self.title}"

    @property
    def scale(self) -> Scale:
        """The SAKIP scale, cited by this regulation."""
        return replace(SAKIP, regulation=self.citation)


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
