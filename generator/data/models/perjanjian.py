"""The Perjanjian Kinerja data file of one SKPD (`agreements/<tahun>/<skpd>.yaml`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import Field, PlainValidator, PrivateAttr, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from generator.data.models.base import DataModel, unique_ids
from generator.data.models.common import Naskah, Pejabat, Pemda, TampilanTarget, Unit
from generator.data.models.lampiran import Baseline, Blok, Komponen, Lampiran, Narrative
from generator.data.models.types import (
    SCALES_CONTEXT,
    Rupiah,
    Satuan,
    ScaleName,
    Slug,
    Tanggal,
    Target,
    TargetValue,
    Text,
    Year,
    invalid,
)
from generator.domain.calculations import (
    Combination,
    checked_target,
    combined_target_problem,
    computed_target_problem,
    round_to,
    target_band,
)
from generator.domain.formatting import format_percent, letter
from generator.domain.reference import scale_registry


def _checked(target: Target, info: ValidationInfo) -> Target:
    """A target read with the indikator's unit and scale (declared before the targets, so
    validated by now when valid); `invalid` with the reason when it contradicts them."""
    try:
        return checked_target(target, info.data.get("skala"), info.data.get("satuan"))
    except ValueError as exc:
        raise invalid(str(exc)) from None


class Indikator(DataModel):
    """A performance indicator and its target for the year."""

    id: Slug | None = Field(None, description="Pengenal tetap, dipakai untuk membandingkan revisi")
    uraian: Text
    satuan: Satuan | None = Field(None, description="%, indeks, nilai, dokumen, … (bebas)")
    skala: ScaleName | None = Field(
        None, description="Skala penentu kategori: sakip, ikm, ikm-konversi, atau skala pemda"
    )
    target: TargetValue = Field(
        description="Angka (66, 2.90, 18 jenis), rentang (60-75 %, 3 sd 6 hari) atau teks (B)"
    )
    tampilan: TampilanTarget | None = Field(
        None, description="Cara mencetak target berkategori di formulir dan lampiran"
    )
    # Lampiran (all optional): what explains this indikator in the lampiran.
    baseline: Baseline | None = Field(None, description="Target dan realisasi tahun sebelumnya")
    renstra: dict[Year, TargetValue] | None = Field(
        None, description="Target Renstra per tahun, misalnya {2021: 62, 2022: 66}"
    )
    misi: Narrative | None = Field(None, description="Misi / program prioritas kepala daerah")
    formulasi: Narrative | None = Field(None, description="Formulasi perhitungan")
    komponen: Komponen | None = Field(None, description="Target yang dihitung dari rincian")
    mendukung: Slug | None = Field(
        None,
        description="Cascading: id indikator PK atasan yang didukung indikator ini "
        "(PK eselon III dan IV)",
    )

    _target_fits_scale = field_validator("target")(_checked)

    @field_validator("baseline")
    @classmethod
    def _baseline_fits_scale(
        cls, baseline: Baseline | None, info: ValidationInfo
    ) -> Baseline | None:
        if baseline is None:
            return None
        read: dict[str, Target] = {}
        for name in ("target", "realisasi"):
            value = getattr(baseline, name)
            if value is not None:
                try:
                    read[name] = _checked(value, info)
                except PydanticCustomError as exc:
                    raise invalid(f"{name} baseline: {exc.message()}") from None
        return baseline.model_copy(update=read)

    @field_validator("renstra")
    @classmethod
    def _renstra_fits_scale(
        cls, renstra: dict[int, Target] | None, info: ValidationInfo
    ) -> dict[int, Target] | None:
        if renstra is None:
            return None
        if not renstra:
            raise invalid("target Renstra kosong; tulis misalnya {2021: 62, 2022: 66}")
        read: dict[int, Target] = {}
        for year, value in sorted(renstra.items()):
            try:
                read[year] = _checked(value, info)
            except PydanticCustomError as exc:
                raise invalid(f"tahun {year}: {exc.message()}") from None
        return read

    @field_validator("komponen")
    @classmethod
    def _komponen_gives_the_target(
        cls, komponen: Komponen | None, info: ValidationInfo
    ) -> Komponen | None:
        target = info.data.get("target")
        if komponen is None or target is None:
            return komponen
        if komponen.is_percentage:
            if not target.is_number or not (target.percent or info.data.get("satuan") == "%"):
                raise invalid(
                    'indikator yang dihitung dari komponen harus bertarget persen (satuan: "%")'
                )
        elif not target.is_number:
            raise invalid("indikator yang dihitung dari komponen harus bertarget angka")
        assert target.value is not None
        if komponen.combination is Combination.PERSENTASE:
            assert komponen.pembagi is not None  # checked by Komponen
            problem = computed_target_problem(target.value, komponen.total, komponen.pembagi.jumlah)
        else:
            problem = combined_target_problem(
                target.value, komponen.result, combination_formula(komponen)
            )
        if problem:
            raise invalid(problem)
        return komponen


def combination_formula(komponen: Komponen) -> str:
    """How a combined target is computed, in a message: `((a) 84,50% + (b) 93,00%) / 2`."""
    lists = komponen.lists
    names = [f"({letter(n)})" for n in range(1, len(lists) + 1)]
    if komponen.combination is Combination.RATA_RATA:
        parts = [
            f"{name} {format_percent(round_to(d.figures.percent, 2))}"
            for name, d in zip(names, lists, strict=True)
        ]
        return f"({' + '.join(parts)}) / {len(lists)}"
    if komponen.combination is Combination.RASIO:
        return f"(a) {lists[0].total} : (b) {lists[1].total} × 100%"
    return " + ".join(f"{name} {d.total}" for name, d in zip(names, lists, strict=True))


class Sasaran(DataModel):
    """A strategic objective with one or more indicators."""

    id: Slug | None = None
    uraian: Text
    indikator: list[Indikator] = Field(min_length=1)

    _unique_indikator = field_validator("indikator")(unique_ids)


class Program(DataModel):
    """A budget programme with its anggaran in whole rupiah."""

    id: Slug | None = None
    nama: Text
    anggaran: Rupiah
    keterangan: Text = "APBD"
    mendukung: Slug | None = Field(
        None,
        description="Cascading: id program PK atasan yang dirinci butir ini; bawaan: id "
        "butir ini bila atasan punya program ber-id sama",
    )


def validate_revision_number(value: Any) -> int:
    """The number of a revision: 1 for the first PK Perubahan of the year, 2 for the second."""
    if value is None:
        raise invalid("wajib diisi")
    if isinstance(value, bool) or not isinstance(value, int):
        shown = repr(value) if isinstance(value, str) else str(value)
        raise invalid(f"nomor perubahan harus bilangan bulat 1 atau lebih, ditemukan {shown}")
    if value < 1:
        raise invalid(f"nomor perubahan harus 1 atau lebih, ditemukan {int(value)}")
    return int(value)


class Perubahan(DataModel):
    """The declaration that this agreement is a PK Perubahan: it revises the year's PK."""

    nomor: Annotated[int, PlainValidator(validate_revision_number)] = Field(
        description="1 untuk perubahan pertama, 2 untuk perubahan kedua, …"
    )
    tanggal: Tanggal = Field(description="Tanggal penandatanganan PK Perubahan")
    alasan: Text = Field(
        description="Alasan perubahan, misalnya 'Penyesuaian target dan anggaran sesuai APBD "
        "Perubahan Tahun Anggaran 2022'"
    )


class Mutasi(DataModel):
    """A new official in the jabatan during the year: a new PK, the former one kept."""

    nomor: Annotated[int, PlainValidator(validate_revision_number)] = Field(
        description="1 untuk pejabat pengganti pertama tahun ini, 2 untuk berikutnya, …"
    )
    tanggal: Tanggal = Field(description="Tanggal penandatanganan PK pejabat baru")


Eselon = Literal[2, 3, 4]
"""The level of a PK in the SKPD's ladder: 2 the Kepala Perangkat Daerah, 3 whoever signs
with them (Sekretaris, Kepala Bidang), 4 whoever signs with an eselon III."""


class PerjanjianKinerja(DataModel):
    """Everything one SKPD's Perjanjian Kinerja states; derived values are computed later."""

    jenis: Literal["perjanjian-kinerja"] = "perjanjian-kinerja"
    slug: Slug | None = Field(None, description="Nama folder keluaran; bawaan: nama berkas")
    id: Slug | None = Field(
        None,
        description="PK seorang pejabat di bawah kepala unit (kepala bidang, kepala seksi): "
        "pengenalnya di dalam unit, akhiran nama keluaran (perjanjian-kinerja-<id>.docx)",
    )
    tahun: Year
    unit: Unit
    tanggal: Tanggal = Field(description="'Januari 2022' atau 2022-02-10")
    tempat: Text | None = Field(None, description="Bawaan: tempat dari pemda.yaml")
    perubahan: Perubahan | None = Field(
        None,
        description="Diisi bila perjanjian ini PK Perubahan; `tanggal` tetap tanggal PK semula",
    )
    mutasi: Mutasi | None = Field(
        None, description="Diisi bila pejabat berganti di tengah tahun; PK pejabat lama tetap"
    )
    atasan: Text | None = Field(
        None,
        description="PK atasan langsung di unit yang sama: 'dinas-pendidikan' (Kepala PD) "
        "atau 'dinas-pendidikan/sekretaris'; pihak kedua diambil dari PK itu",
    )
    eselon: Eselon | None = Field(
        None, description="2, 3 atau 4; bawaan: dari jenjang atasan (tanpa atasan: 2)"
    )
    pihak_pertama: Pejabat
    pihak_kedua: Pejabat | None = Field(
        None,
        description="Atasan pihak pertama; bawaan: pihak pertama PK atasan, atau kepala "
        "daerah dari pemda.yaml",
    )
    naskah: Naskah | None = Field(None, description="Kata-kata PK ini; bawaan: dari pemda.yaml")
    tampilan: TampilanTarget | None = Field(
        None, description="Cara mencetak target berkategori di PK ini; bawaan: pemda.yaml"
    )
    sasaran: list[Sasaran] = Field(min_length=1)
    program: list[Program] = Field(min_length=1)
    lampiran: Lampiran | None = Field(None, description="Lampiran PK: penjelasan dan roadmap")

    _unique_sasaran = field_validator("sasaran")(unique_ids)
    _unique_program = field_validator("program")(unique_ids)
    # The atasan's pihak pertama, set by `data.ladder` (never written back to the file).
    _pihak_kedua_atasan: Pejabat | None = PrivateAttr(None)

    @property
    def penandatangan_kedua(self) -> Pejabat | None:
        """Who signs as pihak kedua: as written, else the atasan's pihak pertama, else None
        (the kepala daerah of pemda.yaml)."""
        return self.pihak_kedua or self._pihak_kedua_atasan

    def with_atasan(self, eselon: int, atasan: Pejabat | None) -> PerjanjianKinerja:
        """A copy placed in its ladder: its eselon, and its atasan's pihak pertama."""
        copy = self.model_copy(update={"eselon": eselon})
        copy._pihak_kedua_atasan = atasan
        return copy


MAX_DEPTH = 4
"""Numbered items of the lampiran nest at most four levels deep: 1. → a. → 1) → a)."""


def indikator_by_id(pk: PerjanjianKinerja) -> dict[str, Indikator]:
    """The indikator that have an `id`, by id (what `{id…}` placeholders and tables name)."""
    return {i.id: i for s in pk.sasaran for i in s.indikator if i.id}


def placeholder_names(pk: PerjanjianKinerja) -> list[str]:
    """Every `{penanda}` this agreement's narrative may use; the context gives each a value."""
    names = ["tahun", "peraturan-ikm"]
    if pk.lampiran and pk.lampiran.peraturan_sakip:
        names += ["peraturan-sakip", "bobot-sakip"]
    for key, indikator in indikator_by_id(pk).items():
        names += [key, f"{key}.target"]
        if target_band(indikator.target, indikator.skala) is not None:
            names.append(f"{key}.kategori")
        if indikator.baseline:
            names.append(f"{key}.baseline.tahun")
            names += [
                f"{key}.baseline.{name}"
                for name in ("target", "realisasi")
                if getattr(indikator.baseline, name) is not None
            ]
        names += [f"{key}.renstra.{year}" for year in indikator.renstra or {}]
        if indikator.komponen:
            names += komponen_placeholders(f"{key}.komponen", indikator.komponen)
    return names


def komponen_placeholders(prefix: str, komponen: Komponen) -> list[str]:
    """`{id.komponen.jumlah}` and `{id.komponen.persentase}` (the result); with several
    lists also each list's `{id.komponen.a.jumlah}` (and `.persentase` given a pembagi)."""
    names = [f"{prefix}.jumlah"]
    if komponen.is_percentage:
        names.append(f"{prefix}.persentase")
    if komponen.daftar:
        for n, item in enumerate(komponen.daftar, start=1):
            names.append(f"{prefix}.{letter(n)}.jumlah")
            if item.pembagi is not None:
                names.append(f"{prefix}.{letter(n)}.persentase")
    return names


def validation_context(pemda: Pemda | None, data: Any) -> dict[str, Any]:
    """What validating an agreement needs beyond its own file: the scales it may name
    (the pemda's own, and the SAKIP scale cited by the regulation in force, read from
    the file's `lampiran.peraturan_sakip` when it names a known regulation)."""
    lampiran = data.get("lampiran") if isinstance(data, dict) else None
    regulation = lampiran.get("peraturan_sakip") if isinstance(lampiran, dict) else None
    custom = pemda.scales if pemda is not None else []
    return {SCALES_CONTEXT: scale_registry(custom, str(regulation) if regulation else None)}


def narrative_texts(pk: PerjanjianKinerja) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(field path, text) of every narrative text of the agreement, for checks."""
    for s, sasaran in enumerate(pk.sasaran):
        for i, indikator in enumerate(sasaran.indikator):
            for name in ("misi", "formulasi"):
                text = getattr(indikator, name)
                if text:
                    yield ("sasaran", s, "indikator", i, name), text
    if pk.lampiran:
        yield from _block_texts(pk.lampiran.penjelasan, ("lampiran", "penjelasan"))


def _block_texts(
    blocks: list[Blok], loc: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    for n, block in enumerate(blocks):
        for name in ("teks", "paragraf"):
            text = getattr(block, name)
            if text:
                yield (*loc, n, name), text
        yield from _block_texts(block.isi, (*loc, n, "isi"))
