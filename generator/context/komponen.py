"""A computed target as printed in the lampiran: its component lists, the formula, the
computation step by step.

One list prints as the reference PK does: the list, its sum, `Persentase … = (Jumlah … :
Jumlah …) × 100%` and `= (930 KK : 10.500 KK) × 100% = 8,86%`. Several lists print each
list under its letter, (a), (b), …, then the formula as it was computed
(`((a) + (b)) / 2`) with every intermediate value.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.context.common import format_value
from generator.data.models.lampiran import DaftarKomponen, Komponen
from generator.data.models.perjanjian import Indikator
from generator.domain.calculations import Combination, decimal_places, round_to
from generator.domain.formatting import format_number, format_percent, letter
from generator.domain.reference import SAKIP_REGULATIONS

INTERMEDIATE_PLACES = 2
"""A list's own percentage in a combined computation prints with two decimals."""


@dataclass(frozen=True)
class BarisKomponen:
    no: str
    uraian: str
    jumlah: str


@dataclass(frozen=True)
class DaftarKomponenCetak:
    """One list of a komponen table: its rows and their sum."""

    judul: str  # "(a) Jumlah KK penerima manfaat …"; "" for the only list
    judul_uraian: str  # "Kegiatan"
    judul_jumlah: str  # "Jumlah (KK)"
    baris: list[BarisKomponen]
    jumlah: str


@dataclass(frozen=True)
class TabelKomponen:
    """The lists a target is computed from, the formula and the computation (lines
    joined by line breaks); also the SAKIP weights table, without formula."""

    daftar: list[DaftarKomponenCetak]
    rumus: str
    perhitungan: str


def result_text(indikator: Indikator, komponen: Komponen) -> str:
    """The computed result with the precision of the indikator's target: `8,86%`, `1.268 KK`."""
    target = indikator.target.value
    places = decimal_places(target) if target is not None else 2
    value = round_to(komponen.result, places)
    if komponen.is_percentage:
        return format_percent(value)
    return format_value(value, komponen.lists[0].satuan)


def _list_percent(item: DaftarKomponen) -> str:
    return format_percent(round_to(item.figures.percent, INTERMEDIATE_PLACES))


def _count(amount: int, satuan: str) -> str:
    return format_value(Decimal(amount), satuan)


def komponen_table(indikator: Indikator, komponen: Komponen) -> TabelKomponen:
    lists = komponen.lists
    several = len(lists) > 1
    tables = [
        DaftarKomponenCetak(
            judul=f"({letter(n)}) {item.uraian}" if several else "",
            judul_uraian="Kegiatan",
            judul_jumlah=f"Jumlah ({item.satuan})",
            baris=[
                BarisKomponen(str(m), r.uraian, format_number(r.jumlah))
                for m, r in enumerate(item.rincian, start=1)
            ],
            jumlah=format_number(item.total),
        )
        for n, item in enumerate(lists, start=1)
    ]
    rumus, perhitungan = _formula(indikator, komponen)
    return TabelKomponen(tables, "\n".join(rumus), "\n".join(perhitungan))


def _formula(indikator: Indikator, komponen: Komponen) -> tuple[list[str], list[str]]:
    """(formula lines, computation lines) of the way the target is computed."""
    lists = komponen.lists
    names = [f"({letter(n)})" for n in range(1, len(lists) + 1)]
    result = result_text(indikator, komponen)
    combination = komponen.combination
    if combination is Combination.PERSENTASE:
        item = lists[0]
        assert item.pembagi is not None
        return (
            [f"{indikator.uraian} = ({item.uraian} : {item.pembagi.uraian}) × 100%"],
            [
                f"= ({_count(item.total, item.satuan)} : "
                f"{_count(item.pembagi.jumlah, item.satuan)}) × 100% = {result}"
            ],
        )
    if combination is Combination.RATA_RATA:
        rumus = [f"{indikator.uraian} = ({' + '.join(names)}) / {len(lists)}"]
        perhitungan = []
        for name, item in zip(names, lists, strict=True):
            assert item.pembagi is not None  # checked by Komponen
            rumus.append(f"{name} = ({item.uraian} : {item.pembagi.uraian}) × 100%")
            perhitungan.append(
                f"{name} = ({_count(item.total, item.satuan)} : "
                f"{_count(item.pembagi.jumlah, item.satuan)}) × 100% = {_list_percent(item)}"
            )
        percents = " + ".join(_list_percent(item) for item in lists)
        perhitungan.append(
            f"({' + '.join(names)}) / {len(lists)} = ({percents}) / {len(lists)} = {result}"
        )
        return rumus, perhitungan
    if combination is Combination.RASIO:
        first, second = lists
        return (
            [
                f"{indikator.uraian} = (a) : (b) × 100%",
                f"(a) = {first.uraian}",
                f"(b) = {second.uraian}",
            ],
            [
                f"= {_count(first.total, first.satuan)} : {_count(second.total, second.satuan)} "
                f"× 100% = {result}"
            ],
        )
    counts = " + ".join(_count(item.total, item.satuan) for item in lists)
    return [f"{indikator.uraian} = {' + '.join(names)}"], [f"= {counts} = {result}"]


def sakip_weights_table(regulation: str) -> TabelKomponen:
    """The component weights of a SAKIP regulation, in the komponen table's layout."""
    components = SAKIP_REGULATIONS[regulation].components
    rows = [
        BarisKomponen(str(n), name, format_percent(weight))
        for n, (name, weight) in enumerate(components, start=1)
    ]
    total = sum(weight for _, weight in components)
    table = DaftarKomponenCetak("", "Komponen", "Bobot", rows, format_percent(total))
    return TabelKomponen([table], "", "")
