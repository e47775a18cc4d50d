"""The Perjanjian Kinerja data file of one SKPD (`agreements/<tahun>/<skpd>.yaml`)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, PlainValidator, ValidationInfo, field_validator

from generator.calculations import target_problem
from generator.models.base import DataModel, unique_ids
from generator.models.common import Pejabat, PejabatAsn, Unit
from generator.models.types import (
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


class Indikator(DataModel):
    """A performance indicator and its target for the year."""

    id: Slug | None = Field(None, description="Pengenal tetap, dipakai untuk membandingkan revisi")
    uraian: Text
    satuan: Satuan | None = Field(None, description="%, indeks, nilai, dokumen, …")
    skala: ScaleName | None = Field(
        None, description="Skala penentu kategori: sakip, ikm, ikm-konversi"
    )
    target: TargetValue = Field(description="Angka (66, 3.0644, 2.90) atau teks (B)")

    @field_validator("target")
    @classmethod
    def _target_fits_scale(cls, target: Target, info: ValidationInfo) -> Target:
        # satuan and skala are declared first, so they are validated by now (when valid).
        problem = target_problem(target, info.data.get("skala"), info.data.get("satuan"))
        if problem:
            raise invalid(problem)
        return target


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

    _unique_sasaran = field_validator("sasaran")(unique_ids)
    _unique_program = field_validator("program")(unique_ids)
