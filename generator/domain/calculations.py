"""Stage 2: values derived from the data, never typed by staff.

Pure functions on Decimals and ints: the category of a target on its scale, totals,
means. Rounding, where a regulation requires it, is explicit and ROUND_HALF_UP.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from generator.domain.reference import IKM_REGULATION, SATUAN, SCALES, Band, SatuanDisplay, ScaleKey
from generator.domain.values import Target


def category_of(value: Decimal, scale: ScaleKey) -> Band:
    """The band of a number on a scale (ValueError with an Indonesian message outside it)."""
    return SCALES[scale].classify(value)


def target_band(target: Target, scale: ScaleKey | None) -> Band | None:
    """The category band of a target, or None when it has no scale.

    A textual target on a scale must itself be one of the scale's categories (`B`).
    """
    if scale is None:
        return None
    if target.value is not None:
        return category_of(target.value, scale)
    band = SCALES[scale].band(target.text or "")
    if band is None:
        raise ValueError(
            f"target {target.text!r} bukan kategori {SCALES[scale].name} "
            f"({', '.join(SCALES[scale].categories)})"
        )
    return band


def target_problem(target: Target, scale: ScaleKey | None, satuan: str | None) -> str | None:
    """Why a target contradicts its scale or unit, or None when it is consistent."""
    if target.percent and satuan not in (None, "%"):
        return f"target ditulis dengan '%' tetapi satuannya {satuan!r}"
    if target.text is not None and satuan and SATUAN[satuan] is not SatuanDisplay.BARE:
        return f"target teks {target.text!r} tidak cocok dengan satuan {satuan!r}"
    if scale is None:
        if target.stated_category:
            return (
                f"kategori ({target.stated_category}) ditulis tetapi skala tidak disebut; "
                "tambahkan 'skala: sakip' atau 'skala: ikm' agar kategori dihitung"
            )
        return None
    try:
        band = target_band(target, scale)
    except ValueError as exc:
        return f"target {target.value}: {exc}" if target.value is not None else str(exc)
    if band is not None and target.stated_category and target.stated_category != band.category:
        info = SCALES[scale]
        return (
            f"target {target.value} termasuk kategori {band.category} pada {info.name} "
            f"({info.regulation}), bukan {target.stated_category}"
        )
    return None


def total(amounts: Iterable[int]) -> int:
    """Sum of whole-rupiah amounts (kept as int: no rounding can creep in)."""
    return sum(amounts, 0)


def mean(values: Sequence[Decimal]) -> Decimal:
    """Arithmetic mean, exact to Decimal's context precision (round for printing only)."""
    if not values:
        raise ValueError("rata-rata dari daftar kosong")
    return sum(values, Decimal(0)) / Decimal(len(values))


def round_to(value: Decimal, places: int) -> Decimal:
    """Round half up to a number of decimal places (`2.7883` -> `2.788` at 3)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def percentage(part: Decimal | int, whole: Decimal | int) -> Decimal:
    """`part / whole × 100`; ValueError when the whole is zero."""
    if whole == 0:
        raise ValueError("pembagi nol: total tidak boleh 0")
    return Decimal(part) * 100 / Decimal(whole)


def decimal_places(value: Decimal) -> int:
    """How many fraction digits a number was written with (`2.90` -> 2, `66` -> 0)."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


# --------------------------------------------------------------------------- IKM surveys


@dataclass(frozen=True)
class SurveyResult:
    """IKM of one service or of a group of services, with everything derived from it.

    `ikm` and `konversi` are exact (a group's mean is not rounded here); the category is
    that of the exact IKM. Printing rounds (see `round_to`).
    """

    respondents: int
    ikm: Decimal
    konversi: Decimal
    band: Band


def ikm_conversion(ikm: Decimal) -> Decimal:
    """Nilai konversi of an IKM (Permenpan-RB 14/2017): IKM × 25, exact."""
    return ikm * IKM_REGULATION.conversion_factor


def survey_result(respondents: int, ikm: Decimal) -> SurveyResult:
    """One service's survey row: conversion and category from its IKM."""
    return SurveyResult(
        respondents, ikm, ikm_conversion(ikm), category_of(ikm, IKM_REGULATION.scale.key)
    )


def survey_group_result(services: Sequence[SurveyResult]) -> SurveyResult:
    """A group of services: total respondents and the simple (unweighted) mean IKM.

    The simple mean is what the regulation's unit reports use (Nilai IKM C of the
    reference PK: 10 services, 399 respondents, mean 2,788).
    """
    if not services:
        raise ValueError("kelompok survei tanpa layanan")
    return survey_result(total(s.respondents for s in services), mean([s.ikm for s in services]))


# --------------------------------------------------------------------------- components


def stated_total_problem(stated: int, counts: Sequence[int]) -> str | None:
    """Why a total typed next to a list of components is wrong, or None when it is right."""
    computed = total(counts)
    if stated == computed:
        return None
    return (
        f"jumlah {stated} tidak sama dengan jumlah komponen {computed} "
        f"(penjumlahan {len(counts)} butir); perbaiki angkanya, atau hapus 'jumlah' "
        "agar dihitung otomatis"
    )


def computed_target_problem(target: Decimal, part: int, whole: int) -> str | None:
    """Why a percentage target disagrees with `part / whole × 100`, or None.

    The computed percentage is compared at the precision the target was written with.
    """
    if whole == 0:
        return "pembagi tidak boleh 0"
    computed = round_to(percentage(part, whole), decimal_places(target))
    if computed == target:
        return None
    return (
        f"target {target}% tidak sama dengan hasil perhitungan komponen "
        f"{part} / {whole} × 100% = {computed}%"
    )
