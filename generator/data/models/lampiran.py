"""The lampiran of a Perjanjian Kinerja as data: explanations, embedded tables, roadmaps.

What belongs to one indikator (its baseline, Renstra targets, misi, formula, the
components its percentage is computed from) is written on the indikator itself
(`generator.data.models.perjanjian.Indikator`); the narrative of section II and the roadmaps of
section III are written under `lampiran:` and name indikator by their `id`.

Narrative text may use `*miring*`, `**tebal**` and placeholders such as
`{nilai-sakip.target}` (see `generator.domain.markup`). Every number shown in a table of the
lampiran is computed from these data; nothing derived is typed.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    Field,
    PlainValidator,
    ValidationInfo,
    field_validator,
    model_validator,
)

from generator.data.models.base import DataModel
from generator.data.models.types import (
    Count,
    FigureFile,
    FigureWidth,
    Satuan,
    ScaleName,
    Slug,
    TargetValue,
    Text,
    Year,
    invalid,
    suggest,
    validate_decimal,
    validate_paragraph,
    validate_text,
)
from generator.domain.calculations import (
    Combination,
    ListFigures,
    category_of,
    combination_problem,
    combined_value,
    stated_total_problem,
)
from generator.domain.markup import MarkupError, parse_markup
from generator.domain.monthgrid import Months
from generator.domain.reference import IKM_REGULATION, SAKIP_REGULATIONS


def validate_narrative(value: Any) -> str:
    """A paragraph whose `*miring*`, `**tebal**` and `{penanda}` markup can be read."""
    text = validate_paragraph(value)
    try:
        parse_markup(text)
    except MarkupError as exc:
        raise invalid(str(exc)) from None
    return text


Narrative = Annotated[str, PlainValidator(validate_narrative)]


def validate_sakip_regulation(value: Any) -> str:
    text = validate_text(value)
    if text in SAKIP_REGULATIONS:
        return text
    choices = list(SAKIP_REGULATIONS)
    raise invalid(
        f"peraturan SAKIP {text!r} tidak dikenal{suggest(text, choices)}; pilihan: "
        + ", ".join(f"{key} ({r.citation})" for key, r in SAKIP_REGULATIONS.items())
    )


SakipRegulationKey = Annotated[str, PlainValidator(validate_sakip_regulation)]


class Baseline(DataModel):
    """The indikator's previous year: what was targeted and what was achieved."""

    tahun: Year | None = Field(None, description="Bawaan: tahun sebelum tahun PK")
    target: TargetValue | None = None
    realisasi: TargetValue | None = None

    @model_validator(mode="after")
    def _something_stated(self) -> Baseline:
        if self.target is None and self.realisasi is None:
            raise invalid("isi 'target' dan/atau 'realisasi' baseline")
        return self


class RincianKomponen(DataModel):
    """One activity and how many people or households benefit from it."""

    uraian: Text
    jumlah: Count


class Pembagi(DataModel):
    """The whole a percentage is taken of (all households of the kecamatan, …)."""

    uraian: Text = Field(description="Misalnya 'Jumlah KK di Kecamatan Medan Baru'")
    jumlah: Count

    @field_validator("jumlah")
    @classmethod
    def _not_zero(cls, jumlah: int) -> int:
        if jumlah == 0:
            raise invalid("pembagi tidak boleh 0")
        return jumlah


def _stated_total(jumlah: int | None, info: ValidationInfo) -> int | None:
    """Field validator: a `jumlah` written next to `rincian` must be their sum."""
    rincian = info.data.get("rincian")
    if jumlah is not None and rincian:
        problem = stated_total_problem(jumlah, [r.jumlah for r in rincian])
        if problem:
            raise invalid(problem)
    return jumlah


class DaftarKomponen(DataModel):
    """One named list of a combined computation, (a), (b), …: its activities and the
    people or households each reaches, in its own unit."""

    uraian: Text = Field(description="Misalnya 'Jumlah KK penerima manfaat pembangunan'")
    satuan: Satuan = Field(description="KK, orang, …")
    rincian: list[RincianKomponen] = Field(min_length=1)
    jumlah: Count | None = Field(
        None, description="Boleh ditulis; harus sama dengan jumlah rincian"
    )
    pembagi: Pembagi | None = Field(
        None, description="Untuk persentase daftar ini: (jumlah : pembagi) × 100%"
    )

    _total_is_the_sum = field_validator("jumlah")(_stated_total)

    @property
    def total(self) -> int:
        return sum((r.jumlah for r in self.rincian), 0)

    @property
    def figures(self) -> ListFigures:
        return ListFigures(self.total, self.pembagi.jumlah if self.pembagi else None)


_SINGLE_KEYS = ("uraian", "satuan", "rincian", "pembagi")


class Komponen(DataModel):
    """What a computed target is computed from.

    One list (`uraian`, `satuan`, `rincian`, `pembagi`): the percentage of the list's sum
    over a whole. Several lists (`daftar`, each (a), (b), … with its own unit and stated
    total) combined by `rumus`: `jumlah` (the sum of the lists, a count), `rata-rata` (the
    mean of each list's percentage over its own `pembagi`) or `rasio` ((a) : (b) × 100%).
    A `jumlah` written is never trusted: it must equal the sum of its `rincian`.
    """

    uraian: Text | None = Field(
        None, description="Pembilang, misalnya 'Jumlah KK yang mendapatkan manfaat'"
    )
    satuan: Satuan | None = Field(None, description="KK atau orang")
    rincian: list[RincianKomponen] | None = Field(None, min_length=1)
    jumlah: Count | None = Field(
        None, description="Boleh ditulis; harus sama dengan jumlah rincian"
    )
    pembagi: Pembagi | None = None
    rumus: Combination | None = Field(None, description="jumlah, rata-rata atau rasio")
    daftar: list[DaftarKomponen] = Field(
        default_factory=list, description="Daftar (a), (b), … untuk rumus gabungan"
    )

    _total_is_the_sum = field_validator("jumlah")(_stated_total)

    @model_validator(mode="after")
    def _one_form(self) -> Komponen:
        if not self.daftar:
            missing = [k for k in _SINGLE_KEYS if getattr(self, k) is None]
            if missing:
                raise invalid(
                    "komponen memerlukan "
                    + ", ".join(repr(k) for k in missing)
                    + " (atau 'daftar' dan 'rumus' untuk beberapa daftar)"
                )
            if self.rumus is not None:
                raise invalid("'rumus' dipakai bersama 'daftar' (beberapa daftar komponen)")
            return self
        extra = [k for k in (*_SINGLE_KEYS, "jumlah") if getattr(self, k) is not None]
        if extra:
            raise invalid(
                f"dengan 'daftar', tulis {', '.join(repr(k) for k in extra)} di dalam setiap daftar"
            )
        if self.rumus is None:
            raise invalid(
                "komponen dengan 'daftar' memerlukan 'rumus': jumlah, rata-rata atau rasio"
            )
        problem = combination_problem(
            self.rumus, [d.figures for d in self.daftar], [d.satuan for d in self.daftar]
        )
        if problem:
            raise invalid(problem)
        return self

    @property
    def combination(self) -> Combination:
        return self.rumus or Combination.PERSENTASE

    @property
    def lists(self) -> list[DaftarKomponen]:
        """Every list, the one-list form as a list of one."""
        if self.daftar:
            return list(self.daftar)
        assert self.uraian and self.satuan and self.rincian  # checked by _one_form
        return [
            DaftarKomponen(
                uraian=self.uraian,
                satuan=self.satuan,
                rincian=self.rincian,
                jumlah=self.jumlah,
                pembagi=self.pembagi,
            )
        ]

    @property
    def total(self) -> int:
        return sum((d.total for d in self.lists), 0)

    @property
    def result(self) -> Decimal:
        """The computed value: a percentage, or a count for a sum without pembagi."""
        return combined_value(self.combination, [d.figures for d in self.lists])

    @property
    def is_percentage(self) -> bool:
        return self.combination is not Combination.JUMLAH


class TableKind(StrEnum):
    SKALA_SAKIP = "skala-sakip"
    SKALA_IKM = "skala-ikm"
    RENSTRA = "renstra"
    BASELINE = "baseline"
    SURVEI = "survei"
    KOMPONEN = "komponen"
    SKALA = "skala"  # any scale by `skala:` (a pemda's own), in the SAKIP table's layout
    BOBOT_SAKIP = "bobot-sakip"  # the component weights of the SAKIP regulation in force


def validate_table_kind(value: Any) -> TableKind:
    text = validate_text(value).lower()
    try:
        return TableKind(text)
    except ValueError:
        names = [k.value for k in TableKind]
        raise invalid(
            f"tabel {text!r} tidak dikenal{suggest(text, names)}; pilihan: {', '.join(names)}"
        ) from None


def _ref_from_text(value: Any) -> Any:
    return {"id": value} if isinstance(value, str) else value


class IndikatorRef(DataModel):
    """An indikator named in a table: `nilai-sakip`, or `{id: nilai-sakip, uraian: Nilai SAKIP}`
    to print a shorter name in that table."""

    id: Slug
    uraian: Text | None = None


IndikatorRow = Annotated[IndikatorRef, BeforeValidator(_ref_from_text)]


def validate_ikm(value: Any) -> Decimal:
    number = validate_decimal(value)
    try:
        category_of(number, IKM_REGULATION.scale.key)
    except ValueError as exc:
        raise invalid(f"IKM {number}: {exc}") from None
    return number


Ikm = Annotated[Decimal, PlainValidator(validate_ikm)]


class Layanan(DataModel):
    """One surveyed service: only what the survey report states."""

    nama: Text
    responden: Count
    ikm: Ikm = Field(description="IKM layanan seperti dilaporkan, misalnya 2.892")


class KelompokSurvei(DataModel):
    """A group of services reported together (Nilai IKM A, B, …)."""

    indikator: Slug | None = Field(None, description="Judul kelompok: uraian indikator ini")
    judul: Text | None = None
    layanan: list[Layanan] = Field(min_length=1)

    @model_validator(mode="after")
    def _has_a_title(self) -> KelompokSurvei:
        if self.indikator is None and self.judul is None:
            raise invalid("isi 'indikator' (id) atau 'judul' kelompok survei")
        return self


_BLOCK_KINDS = ("teks", "paragraf", "tabel", "gambar")


class Blok(DataModel):
    """One block of section II: a numbered item (`teks`, with `isi` below it), an
    unnumbered paragraph (`paragraf`), an embedded table (`tabel`) or a figure (`gambar`:
    an image file beside the YAML file, `lebar` in cm, `keterangan` under it)."""

    teks: Narrative | None = Field(None, description="Butir bernomor (1., a., 1), a))")
    paragraf: Narrative | None = Field(None, description="Paragraf tanpa nomor")
    tabel: Annotated[TableKind, PlainValidator(validate_table_kind)] | None = Field(
        None,
        description="skala-sakip, skala-ikm, skala, bobot-sakip, renstra, baseline, survei, "
        "komponen",
    )
    isi: list[Blok] = Field(default_factory=list, description="Isi di bawah butir 'teks'")
    indikator: list[IndikatorRow] = Field(default_factory=list)
    kelompok: list[KelompokSurvei] = Field(default_factory=list)
    skala: ScaleName | None = Field(None, description="tabel skala: kode skalanya")
    gambar: FigureFile | None = Field(None, description="Berkas gambar (PNG/JPG) di folder ini")
    lebar: FigureWidth | None = Field(None, description="Lebar gambar dalam cm; bawaan 14")
    keterangan: Narrative | None = Field(None, description="Keterangan di bawah gambar")

    @model_validator(mode="after")
    def _one_kind(self) -> Blok:
        given = [k for k in _BLOCK_KINDS if getattr(self, k) is not None]
        if len(given) != 1:
            found = ", ".join(repr(k) for k in given) if given else "tidak ada"
            raise invalid(
                "setiap butir berisi tepat satu dari 'teks', 'paragraf', 'tabel' atau "
                f"'gambar' (ditemukan: {found})"
            )
        if (self.lebar is not None or self.keterangan is not None) and self.gambar is None:
            raise invalid("lebar dan keterangan hanya berlaku untuk gambar")
        if self.isi and self.teks is None:
            raise invalid("'isi' hanya boleh di bawah butir 'teks'")
        table = self.tabel
        if self.indikator and table not in (
            TableKind.RENSTRA,
            TableKind.BASELINE,
            TableKind.KOMPONEN,
        ):
            raise invalid("'indikator' hanya dipakai tabel renstra, baseline dan komponen")
        if self.kelompok and table is not TableKind.SURVEI:
            raise invalid("'kelompok' hanya dipakai tabel survei")
        if table in (TableKind.RENSTRA, TableKind.BASELINE) and not self.indikator:
            raise invalid(f"tabel {table} memerlukan 'indikator' (daftar id)")
        if table is TableKind.KOMPONEN and len(self.indikator) != 1:
            raise invalid("tabel komponen memerlukan tepat satu 'indikator'")
        if table is TableKind.SURVEI and not self.kelompok:
            raise invalid("tabel survei memerlukan 'kelompok' (daftar kelompok layanan)")
        if (self.skala is None) == (table is TableKind.SKALA):
            raise invalid(
                "tabel skala memerlukan 'skala' (kode skala)"
                if self.skala is None
                else "'skala' hanya dipakai tabel skala"
            )
        return self


class RincianRoadmap(DataModel):
    """A lettered sub-row of a roadmap activity."""

    uraian: Text
    bulan: Months = Field(description='[1, 4, 7], "1-12", "2-5" atau "Jan-Mar, Des"')

    @field_validator("bulan")
    @classmethod
    def _not_empty(cls, bulan: frozenset[int]) -> frozenset[int]:
        if not bulan:
            raise invalid("bulan pelaksanaan tidak boleh kosong")
        return bulan


class KegiatanRoadmap(DataModel):
    """A numbered row of a roadmap: its months, and optionally lettered sub-rows."""

    uraian: Text
    bulan: Months = Field(default_factory=frozenset)
    rincian: list[RincianRoadmap] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_months(self) -> KegiatanRoadmap:
        if not self.bulan and not self.rincian:
            raise invalid("isi 'bulan' pelaksanaan (atau 'rincian' dengan bulannya)")
        return self


class Roadmap(DataModel):
    """The month grid towards the targets of one indikator or a group of indikator."""

    indikator: list[Slug] = Field(min_length=1)
    judul: Text | None = Field(None, description="Bawaan: uraian indikatornya")
    kegiatan: list[KegiatanRoadmap] = Field(min_length=1)


class Lampiran(DataModel):
    """Sections II (penjelasan) and III (roadmap); section I comes from the indikator."""

    peraturan_sakip: SakipRegulationKey | None = Field(
        None, description="12/2015 atau 88/2021: bobot komponen dan nama peraturan SAKIP"
    )
    penjelasan: list[Blok] = Field(default_factory=list)
    roadmap: list[Roadmap] = Field(default_factory=list)
