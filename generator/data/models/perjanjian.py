"""The Perjanjian Kinerja data file of one SKPD (`agreements/<tahun>/<skpd>.yaml`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import Field, PlainValidator, ValidationInfo, field_validator

from generator.data.models.base import DataModel, unique_ids
from generator.data.models.common import Pejabat, PejabatAsn, Unit
from generator.data.models.lampiran import Baseline, Blok, Komponen, Lampiran, Narrative
from generator.data.models.types import (
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
from generator.domain.calculations import computed_target_problem, target_band, target_problem


class Indikator(DataModel):
    """A performance indicator and its target for the year."""

    id: Slug | None = Field(None, description="Pengenal tetap, dipakai untuk membandingkan revisi")
    uraian: Text
    satuan: Satuan | None = Field(None, description="%, indeks, nilai, dokumen, …")
    skala: ScaleName | None = Field(
        None, description="Skala penentu kategori: sakip, ikm, ikm-konversi"
    )
    target: TargetValue = Field(description="Angka (66, 3.0644, 2.90) atau teks (B)")
    # Lampiran (all optional): what explains this indikator in the lampiran.
    baseline: Baseline | None = Field(None, description="Target dan realisasi tahun sebelumnya")
    renstra: dict[Year, TargetValue] | None = Field(
        None, description="Target Renstra per tahun, misalnya {2021: 62, 2022: 66}"
    )
    misi: Narrative | None = Field(None, description="Misi / program prioritas kepala daerah")
    formulasi: Narrative | None = Field(None, description="Formulasi perhitungan")
    komponen: Komponen | None = Field(None, description="Persentase yang dihitung dari rincian")

    @field_validator("target")
    @classmethod
    def _target_fits_scale(cls, target: Target, info: ValidationInfo) -> Target:
        # satuan and skala are declared first, so they are validated by now (when valid).
        problem = target_problem(target, info.data.get("skala"), info.data.get("satuan"))
        if problem:
            raise invalid(problem)
        return target

    @field_validator("baseline")
    @classmethod
    def _baseline_fits_scale(
        cls, baseline: Baseline | None, info: ValidationInfo
    ) -> Baseline | None:
        if baseline is None:
            return None
        for name, value in (("target", baseline.target), ("realisasi", baseline.realisasi)):
            if value is not None:
                problem = target_problem(value, info.data.get("skala"), info.data.get("satuan"))
                if problem:
                    raise invalid(f"{name} baseline: {problem}")
        return baseline

    @field_validator("renstra")
    @classmethod
    def _renstra_fits_scale(
        cls, renstra: dict[int, Target] | None, info: ValidationInfo
    ) -> dict[int, Target] | None:
        if renstra is None:
            return None
        if not renstra:
            raise invalid("target Renstra kosong; tulis misalnya {2021: 62, 2022: 66}")
        for year, value in renstra.items():
            problem = target_problem(value, info.data.get("skala"), info.data.get("satuan"))
            if problem:
                raise invalid(f"tahun {year}: {problem}")
        return dict(sorted(renstra.items()))

    @field_validator("komponen")
    @classmethod
    def _komponen_gives_the_target(
        cls, komponen: Komponen | None, info: ValidationInfo
    ) -> Komponen | None:
        target = info.data.get("target")
        if komponen is None or target is None:
            return komponen
        if target.value is None or not (target.percent or info.data.get("satuan") == "%"):
            raise invalid(
                'indikator yang dihitung dari komponen harus bertarget persen (satuan: "%")'
            )
        problem = computed_target_problem(target.value, komponen.total, komponen.pembagi.jumlah)
        if problem:
            raise invalid(problem)
        return komponen


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


class PerjanjianKinerja(DataModel):
    """Everything one SKPD's Perjanjian Kinerja states; derived values are computed later."""

    jenis: Literal["perjanjian-kinerja"] = "perjanjian-kinerja"
    slug: Slug | None = Field(None, description="Nama folder keluaran; bawaan: nama berkas")
    tahun: Year
    unit: Unit
    tanggal: Tanggal = Field(description="'Januari 2022' atau 2022-02-10")
    tempat: Text | None = Field(None, description="Bawaan: tempat dari pemda.yaml")
    perubahan: Perubahan | None = Field(
        None,
        description="Diisi bila perjanjian ini PK Perubahan; `tanggal` tetap tanggal PK semula",
    )
    pihak_pertama: PejabatAsn
    pihak_kedua: Pejabat | None = Field(None, description="Bawaan: kepala daerah dari pemda.yaml")
    sasaran: list[Sasaran] = Field(min_length=1)
    program: list[Program] = Field(min_length=1)
    lampiran: Lampiran | None = Field(None, description="Lampiran PK: penjelasan dan roadmap")

    _unique_sasaran = field_validator("sasaran")(unique_ids)
    _unique_program = field_validator("program")(unique_ids)


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
            names += [f"{key}.komponen.jumlah", f"{key}.komponen.persentase"]
    return names


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
