"""Stage 2: values derived from the data, never typed by staff.

Pure functions on Decimals and ints: the category of a target on its scale, totals,
means. Rounding, where a regulation requires it, is explicit and ROUND_HALF_UP.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from generator.domain.formatting import format_number, letter, terbilang
from generator.domain.reference import (
    IKM_REGULATION,
    SCALES,
    Band,
    SatuanDisplay,
    SatuanInfo,
    SatuanKind,
    Scale,
    satuan_info,
)
from generator.domain.values import Target, TargetForm, plain_number, read_dotted


def _scale(scale: Scale | str) -> Scale:
    return scale if isinstance(scale, Scale) else SCALES[scale]


def category_of(value: Decimal, scale: Scale | str) -> Band:
    """The band of a number on a scale (a built-in one may be named by its key);
    ValueError with an Indonesian message, naming the regulation, outside it."""
    return _scale(scale).classify(value)


def target_band(target: Target, scale: Scale | str | None) -> Band | None:
    """The category band of a target, or None when it has no scale (or is a range).

    A textual target on a scale must itself be one of the scale's categories (`B`).
    """
    if scale is None or target.form is TargetForm.RANGE:
        return None
    resolved = _scale(scale)
    if target.value is not None:
        return resolved.classify(target.value)
    band = resolved.band(target.text or "")
    if band is None:
        raise ValueError(
            f"target {target.text!r} bukan kategori {resolved.name} "
            f"({', '.join(resolved.categories)}) menurut {resolved.regulation}"
        )
    return band


def checked_target(target: Target, scale: Scale | None, satuan: str | None) -> Target:
    """The target as its indikator means it: numbers written `162.081` read by the unit,
    checked against the unit (whole numbers for counts, the same unit on both sides)
    and the scale. ValueError with the reason (Indonesian) when it contradicts them."""
    if target.unit and satuan and target.unit != satuan:
        if target.percent:
            raise ValueError(f"target ditulis dengan '%' tetapi satuannya {satuan!r}")
        raise ValueError(
            f"satuan pada target ({target.unit!r}) tidak sama dengan satuan indikator ({satuan!r})"
        )
    unit = satuan or target.unit
    info = satuan_info(unit)
    target = _read_dotted(target, unit, info, scale)
    if target.form is TargetForm.TEXT:
        if info is not None and info.display is not SatuanDisplay.BARE and scale is None:
            raise ValueError(f"target teks {target.text!r} tidak cocok dengan satuan {unit!r}")
    elif info is not None and info.kind is SatuanKind.COUNT:
        for number in target.numbers:
            if number != number.to_integral_value():
                raise ValueError(
                    f"satuan {unit!r} dihitung dengan bilangan bulat, ditemukan "
                    f"{format_number(number)}"
                )
    if target.form is TargetForm.RANGE:
        assert target.value is not None and target.upper is not None
        if target.value > target.upper:
            raise ValueError(
                f"rentang {target}: batas bawah {format_number(target.value)} lebih besar dari "
                f"batas atas {format_number(target.upper)}"
            )
        if scale is not None:
            raise ValueError(
                f"target rentang {target} tidak bisa dinilai dengan {scale.citation}; "
                "tulis satu angka atau hapus 'skala'"
            )
    _check_scale(target, scale)
    return target


def _read_dotted(
    target: Target, unit: str | None, info: SatuanInfo | None, scale: Scale | None
) -> Target:
    """`162.081`: thousands for a count unit, a decimal for a measure or a scale; else
    neither reading is safe and the message names both."""
    if not any(target.dotted):
        return target
    if info is not None and info.kind is SatuanKind.COUNT:
        return read_dotted(target, thousands=True)
    if (info is not None and info.kind is SatuanKind.MEASURE) or scale is not None:
        return read_dotted(target, thousands=False)
    written = next(n for n, d in zip(target.numbers, target.dotted, strict=False) if d)
    thousands = int((written * 1000).quantize(Decimal(1)))
    why = (
        f"satuan {unit!r} tidak diketahui bilangan bulat atau pecahan"
        if unit
        else "satuannya tidak disebut"
    )
    raise ValueError(
        f"angka {format(written, 'f')} meragukan karena {why}: bisa dibaca {thousands} "
        f"({terbilang(thousands)}) atau {plain_number(written)} (pecahan desimal); tulis "
        f'{thousands} atau "{plain_number(written)}"'
    )


def _check_scale(target: Target, scale: Scale | None) -> None:
    if scale is None:
        if target.stated_category:
            raise ValueError(
                f"kategori ({target.stated_category}) ditulis tetapi skala tidak disebut; "
                "tambahkan 'skala: sakip' atau 'skala: ikm' agar kategori dihitung"
            )
        return
    try:
        band = target_band(target, scale)
    except ValueError as exc:
        raise ValueError(
            f"target {target.value}: {exc}" if target.value is not None else str(exc)
        ) from None
    if band is not None and target.stated_category and target.stated_category != band.category:
        raise ValueError(
            f"target {target.value} termasuk kategori {band.category} pada {scale.citation}, "
            f"bukan {target.stated_category}"
        )


def target_problem(target: Target, scale: Scale | str | None, satuan: str | None) -> str | None:
    """Why a target contradicts its scale or unit, or None when it is consistent."""
    try:
        checked_target(target, _scale(scale) if scale is not None else None, satuan)
    except ValueError as exc:
        return str(exc)
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


class Combination(StrEnum):
    """How a computed target combines its component lists (a), (b), …"""

    PERSENTASE = "persentase"  # one list: (a) : pembagi × 100%
    JUMLAH = "jumlah"  # (a) + (b) + …: a count
    RATA_RATA = "rata-rata"  # ((a) + (b)) / 2, each list a percentage of its own pembagi
    RASIO = "rasio"  # (a) : (b) × 100%


@dataclass(frozen=True)
class ListFigures:
    """A component list as numbers: the sum of its rincian, and its pembagi if any."""

    total: int
    whole: int | None = None

    @property
    def percent(self) -> Decimal:
        if not self.whole:
            raise ValueError("daftar tanpa pembagi tidak punya persentase")
        return percentage(self.total, self.whole)


def combination_problem(
    combination: Combination, lists: Sequence[ListFigures], units: Sequence[str]
) -> str | None:
    """Why lists cannot be combined this way (a missing pembagi, units that cannot be
    added, the wrong number of lists), or None."""
    count = len(lists)
    if combination is Combination.PERSENTASE and count != 1:
        return "rumus persentase memakai tepat satu daftar"
    if combination is Combination.RASIO and count != 2:
        return f"rumus rasio memakai tepat dua daftar, (a) : (b); ditemukan {count}"
    if combination is Combination.RATA_RATA:
        if count < 2:
            return "rumus rata-rata memakai paling sedikit dua daftar"
        missing = [letter(n) for n, item in enumerate(lists, start=1) if not item.whole]
        if missing:
            return (
                "rumus rata-rata merata-ratakan persentase setiap daftar: isi 'pembagi' daftar "
                + ", ".join(f"({m})" for m in missing)
            )
    if combination is Combination.JUMLAH and len(set(units)) > 1:
        return "rumus jumlah menjumlahkan daftar bersatuan sama; ditemukan " + ", ".join(
            repr(u) for u in dict.fromkeys(units)
        )
    if combination is Combination.RASIO and lists[1].total == 0:
        return "rumus rasio: jumlah daftar (b) tidak boleh 0"
    return None


def combined_value(combination: Combination, lists: Sequence[ListFigures]) -> Decimal:
    """The computed value, exact: a percentage, or for a sum the count."""
    if combination is Combination.PERSENTASE:
        return percentage(lists[0].total, lists[0].whole or 0)
    if combination is Combination.JUMLAH:
        return Decimal(total(item.total for item in lists))
    if combination is Combination.RATA_RATA:
        return mean([item.percent for item in lists])
    return percentage(lists[0].total, lists[1].total)


def combined_target_problem(target: Decimal, computed: Decimal, formula: str) -> str | None:
    """Why a target disagrees with its computed value (compared at the precision the
    target was written with), or None; `formula` says how it was computed."""
    rounded = round_to(computed, decimal_places(target))
    if rounded == target:
        return None
    return f"target {target} tidak sama dengan hasil perhitungan komponen {formula} = {rounded}"
