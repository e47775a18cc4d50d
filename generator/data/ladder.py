"""The PKs of one SKPD as a ladder (cascading eselon II → III → IV), resolved and checked.

A jabatan's PK names its atasan's PK (`atasan: dinas-pendidikan` or
`atasan: dinas-pendidikan/bidang-sd`, the `LoadedAgreement.name` of that PK in the same
pemda folder). Once every file of a pemda folder is loaded, `resolve_ladders` walks the
ladder: the eselon of each PK from its depth, the pihak kedua from the atasan's pihak
pertama (typed once, in the atasan's file), and the cascading rules of Permenpan-RB
89/2021 with the file and line of each problem:

- an indikator's `mendukung` names an indikator of the atasan's PK (error when it names
  none; a different error when it names one two levels up: a link never skips a level);
- the atasan chain has no cycle and is at most three levels deep (eselon II, III, IV);
- every sasaran of a PK with lower PKs is supported by at least one of them (warning);
- an eselon III/IV PK links at least one indikator (warning);
- the anggaran of each program of a PK equals the sum of what its lower PKs put under it
  (eselon III programs, eselon IV kegiatan/sub kegiatan; warning with both totals).

A PK whose ladder has an error is moved to the group's failed files like any other invalid
file, and so is every PK below it (its pihak kedua would be unknown).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from generator.data.models.perjanjian import PerjanjianKinerja
from generator.data.models.types import suggest
from generator.data.yamlsource import FieldPath, format_field_path
from generator.domain.formatting import format_rupiah
from generator.errors import Problem, Severity

if TYPE_CHECKING:
    from generator.data.loading import LoadedAgreement, PemdaGroup

TOP_ESELON = 2
LOWEST_ESELON = 4


@dataclasses.dataclass
class Rung:
    """One PK in the ladder and what was found about it."""

    agreement: LoadedAgreement
    problems: list[Problem] = dataclasses.field(default_factory=list)
    atasan: Rung | None = None
    bawahan: list[Rung] = dataclasses.field(default_factory=list)
    eselon: int = TOP_ESELON

    @property
    def model(self) -> PerjanjianKinerja:
        model: PerjanjianKinerja = self.agreement.model
        return model

    @property
    def name(self) -> str:
        return self.agreement.name

    def report(self, loc: FieldPath, message: str, severity: Severity = Severity.ERROR) -> None:
        self.problems.append(
            Problem(
                self.agreement.document.location(loc), format_field_path(loc), message, severity
            )
        )

    @property
    def failed(self) -> bool:
        return any(p.is_error for p in self.problems)


def is_ladder_pk(agreement: LoadedAgreement) -> bool:
    return agreement.kind.key == "perjanjian-kinerja"


def resolve_ladders(group: PemdaGroup) -> None:
    """Resolve and check the ladders of a pemda folder in place: resolved models replace the
    loaded ones, a PK with a ladder error moves to `group.failed`, warnings go to
    `group.problems`."""
    rungs = {a.name: Rung(a) for a in group.agreements if is_ladder_pk(a)}
    if not any(r.model.atasan for r in rungs.values()):
        return
    _link(rungs)
    _levels(rungs)
    _fail_below_failed(rungs)
    for rung in rungs.values():
        if not rung.failed and rung.atasan is not None:
            _check_indikator_links(rung)
    for rung in rungs.values():
        if rung.bawahan and not rung.failed:
            _check_sasaran_supported(rung)
            _check_anggaran(rung)
    resolved: dict[str, LoadedAgreement] = {}
    for rung in rungs.values():
        if rung.failed:
            group.failed[rung.agreement.path] = rung.problems
        else:
            group.problems.extend(rung.problems)
            resolved[rung.name] = _resolved(rung)
    group.agreements = [
        resolved.get(a.name, a)
        for a in group.agreements
        if not is_ladder_pk(a) or a.name in resolved
    ]


def _link(rungs: dict[str, Rung]) -> None:
    for rung in rungs.values():
        name = rung.model.atasan
        if name is None:
            continue
        if rung.agreement.jabatan_id is None:
            rung.report(
                ("atasan",),
                "PK yang punya atasan wajib diberi 'id' (misalnya 'id: bidang-sd'): tanpa id "
                "namanya sama dengan PK kepala unit",
            )
            continue
        atasan = rungs.get(name)
        if atasan is None:
            rung.report(
                ("atasan",),
                f"PK atasan {name!r} tidak ada di folder ini atau gagal dimuat"
                f"{suggest(name, rungs)}",
            )
            continue
        if atasan.agreement.slug != rung.agreement.slug:
            rung.report(
                ("atasan",),
                f"PK atasan {name!r} milik unit lain ({atasan.agreement.slug!r}); atasan "
                f"harus di unit yang sama ({rung.agreement.slug!r})",
            )
            continue
        if atasan.model.tahun != rung.model.tahun:
            rung.report(
                ("atasan",),
                f"PK atasan {name!r} untuk tahun {atasan.model.tahun}, PK ini tahun "
                f"{rung.model.tahun}",
            )
            continue
        rung.atasan = atasan
        atasan.bawahan.append(rung)


def _levels(rungs: dict[str, Rung]) -> None:
    """Each PK's eselon from its depth; a cycle or a ladder deeper than eselon IV fails."""
    for rung in rungs.values():
        chain = [rung.name]
        above = rung.atasan
        while above is not None and above.name not in chain:
            chain.append(above.name)
            above = above.atasan
        if above is not None:
            loop = [*chain[chain.index(above.name) :], above.name]
            rung.report(("atasan",), f"atasan melingkar: {' → '.join(loop)}")
            continue
        rung.eselon = TOP_ESELON + len(chain) - 1
        if rung.eselon > LOWEST_ESELON:
            rung.report(
                ("atasan",),
                f"jenjang terlalu dalam: {' → '.join(chain)}; PK berjenjang sampai eselon IV",
            )
        elif rung.model.eselon is not None and rung.model.eselon != rung.eselon:
            rung.report(
                ("eselon",),
                f"eselon {rung.model.eselon} tidak sesuai jenjang atasan: "
                f"{' → '.join(chain)} adalah eselon {rung.eselon}",
            )


def _fail_below_failed(rungs: dict[str, Rung]) -> None:
    changed = True
    while changed:
        changed = False
        for rung in rungs.values():
            above = rung.atasan
            if above is not None and above.failed and not rung.failed:
                rung.report(
                    ("atasan",),
                    f"PK atasan {above.name!r} tidak bisa dibuat (lihat galat berkas "
                    f"{above.agreement.path.name}); pihak kedua PK ini tidak diketahui",
                )
                changed = True


def indikator_ids(model: PerjanjianKinerja) -> dict[str, int]:
    """The PK's indikator ids, each with the number of its sasaran (0-based)."""
    return {i.id: n for n, s in enumerate(model.sasaran) for i in s.indikator if i.id}


def _check_indikator_links(rung: Rung) -> None:
    assert rung.atasan is not None
    atasan = rung.atasan
    own = indikator_ids(atasan.model)
    linked = False
    for s, sasaran in enumerate(rung.model.sasaran):
        for i, indikator in enumerate(sasaran.indikator):
            if indikator.mendukung is None:
                continue
            linked = True
            loc = ("sasaran", s, "indikator", i, "mendukung")
            if indikator.mendukung in own:
                continue
            higher = _ancestor_with(atasan.atasan, indikator.mendukung)
            if higher is not None:
                rung.report(
                    loc,
                    f"indikator {indikator.mendukung!r} milik PK {higher.name!r} (eselon "
                    f"{higher.eselon}), melompati jenjang: PK eselon {rung.eselon} mendukung "
                    f"indikator atasan langsungnya ({atasan.name!r})",
                )
            else:
                choices = f"; pilihan: {', '.join(own)}" if own else " (indikatornya tanpa id)"
                rung.report(
                    loc,
                    f"tidak ada indikator {indikator.mendukung!r} di PK atasan {atasan.name!r}"
                    f"{suggest(indikator.mendukung, own)}{choices}",
                )
    if not linked:
        rung.report(
            ("sasaran",),
            f"PK eselon {rung.eselon} tanpa tautan cascading: tidak satu pun indikator "
            f"menyebut 'mendukung' (id indikator PK atasan {atasan.name!r})",
            Severity.WARNING,
        )


def _ancestor_with(rung: Rung | None, indikator_id: str) -> Rung | None:
    while rung is not None:
        if indikator_id in indikator_ids(rung.model):
            return rung
        rung = rung.atasan
    return None


def _check_sasaran_supported(rung: Rung) -> None:
    ids = indikator_ids(rung.model)
    supported = {
        ids[i.mendukung]
        for lower in rung.bawahan
        for s in lower.model.sasaran
        for i in s.indikator
        if i.mendukung in ids
    }
    for s, sasaran in enumerate(rung.model.sasaran):
        if s not in supported:
            rung.report(
                ("sasaran", s),
                f"sasaran {sasaran.uraian!r} tidak didukung indikator PK bawahan mana pun "
                f"({', '.join(b.name for b in rung.bawahan)})",
                Severity.WARNING,
            )


def supported_program(program: Any, atasan_ids: set[str]) -> str | None:
    """The atasan's program a lower PK's program (or kegiatan) details: `mendukung`, else a
    program of the atasan with the same id, else None."""
    if program.mendukung is not None:
        return str(program.mendukung)
    return str(program.id) if program.id in atasan_ids else None


def _check_anggaran(rung: Rung) -> None:
    """Per program of the PK: its anggaran against the sum its lower PKs put under it."""
    ids = {p.id for p in rung.model.program if p.id}
    sums: dict[str, list[tuple[str, int]]] = {}
    for lower in rung.bawahan:
        for k, program in enumerate(lower.model.program):
            target = supported_program(program, ids)
            if target is None or target not in ids:
                shown = program.mendukung or program.id or program.nama
                lower.report(
                    ("program", k, "mendukung" if program.mendukung else "nama"),
                    f"{shown!r} tidak merinci program mana pun PK atasan {rung.name!r}; tulis "
                    f"'mendukung: <id program atasan>'"
                    + (f" (pilihan: {', '.join(sorted(ids))})" if ids else ""),
                    Severity.WARNING,
                )
                continue
            sums.setdefault(target, []).append((lower.name, program.anggaran))
    if not sums:
        return
    style = "rp-titik"
    for k, program in enumerate(rung.model.program):
        if program.id is None:
            continue
        parts = sums.get(program.id, [])
        below = sum(amount for _, amount in parts)
        if below != program.anggaran:
            detail = (
                ", ".join(f"{name} {format_rupiah(amount, style)}" for name, amount in parts)
                or "tidak ada"
            )
            rung.report(
                ("program", k, "anggaran"),
                f"anggaran program {program.id!r} {format_rupiah(program.anggaran, style)} "
                f"tidak sama dengan jumlah PK bawahan {format_rupiah(below, style)} "
                f"(selisih {format_rupiah(program.anggaran - below, style, signed=True)}; "
                f"{detail})",
                Severity.WARNING,
            )


def _resolved(rung: Rung) -> LoadedAgreement:
    """The agreement with its eselon and its pihak kedua filled in from the ladder; a PK
    outside any ladder (no atasan, nobody below) as loaded."""
    if rung.atasan is None and not rung.bawahan:
        return rung.agreement
    atasan = rung.atasan.model.pihak_pertama if rung.atasan is not None else None
    model = rung.model.with_atasan(rung.eselon, atasan)
    return dataclasses.replace(rung.agreement, model=model)


def ladder_order(agreements: list[LoadedAgreement]) -> dict[str, tuple[int, ...]]:
    """Each PK's place in hierarchy order (depth first, a PK before the PKs below it,
    siblings in the order given): `name → (0,)`, `(0, 1)`, `(0, 1, 0)`, …"""
    children: dict[str | None, list[LoadedAgreement]] = {}
    names = {a.name for a in agreements}
    # The unit head first, then by name (the same unit's PKs outside a ladder too).
    for agreement in sorted(agreements, key=lambda a: (a.jabatan_id is not None, a.name)):
        atasan = getattr(agreement.model, "atasan", None)
        children.setdefault(atasan if atasan in names else None, []).append(agreement)
    order: dict[str, tuple[int, ...]] = {}

    def walk(parent: str | None, prefix: tuple[int, ...]) -> None:
        for n, child in enumerate(children.get(parent, [])):
            if child.name not in order:
                order[child.name] = (*prefix, n)
                walk(child.name, order[child.name])

    walk(None, ())
    return order


def eselon_of(model: Any) -> int:
    value = getattr(model, "eselon", None)
    return value if isinstance(value, int) else TOP_ESELON
