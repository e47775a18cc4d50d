"""The kinds of data file pkgen reads (`jenis:`), and for each: its model, checks, shared data.

A data file names its kind in `jenis:` (default `perjanjian-kinerja`). This is the data
half of the registry of kinds: what the loader needs to validate a file. What a kind
produces (context, template, outputs) is registered in `generator.build.kinds` under the
same key. A kind may declare `shared` data: one file in the pemda folder (`_<name>.yaml`)
that every unit of that kind uses, loaded and validated once per pemda.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from generator.data.checks.perjanjian import Finding, check_perjanjian
from generator.data.checks.rencana_kerja import check_rencana_kerja
from generator.data.models.perjanjian import PerjanjianKinerja
from generator.data.models.rencana_kerja import SHARED_FILE, RencanaKerjaBersama, RencanaKerjaRb


@dataclass(frozen=True)
class SharedData:
    """Data every unit of a kind shares within one pemda: `file` in the pemda folder."""

    file: str
    model: type[Any]


@dataclass(frozen=True)
class DataKind:
    key: str
    title: str
    model: type[Any]
    check: Callable[[Any, Any], Iterable[Finding]]
    shared: SharedData | None = None


PERJANJIAN_KINERJA = DataKind(
    key="perjanjian-kinerja",
    title="Perjanjian Kinerja",
    model=PerjanjianKinerja,
    check=check_perjanjian,
)

RENCANA_KERJA_RB = DataKind(
    key="rencana-kerja-rb",
    title="Rencana Kerja RB",
    model=RencanaKerjaRb,
    check=check_rencana_kerja,
    shared=SharedData(SHARED_FILE, RencanaKerjaBersama),
)

DATA_KINDS: dict[str, DataKind] = {k.key: k for k in (PERJANJIAN_KINERJA, RENCANA_KERJA_RB)}


def kind_for(key: str) -> DataKind | None:
    return DATA_KINDS.get(key)
