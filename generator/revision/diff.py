"""Compare two versions of Perjanjian Kinerja agreements into typed changes.

Pure functions: two `Side`s (a validated agreement with its pemda and, for locations,
its YAML document) become `Change`s whose old and new values are already formatted the
way the documents print them (`66 (B)`, `Rp. 1.250.000`, `Januari 2022`); anggaran
changes also carry their selisih in rupiah. Items are paired by `matching.match_items`
(stable id, same text, or similar text); a pairing by text that is not sure is kept and
marked (`yakin=False`, with a note "mungkin sama dengan …").

A change's `lokasi` is where the new value is written (file and line of the new side); a
removed item points at the list it was removed from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from generator.context.common import printed_target
from generator.data.models.common import Pejabat, Pemda
from generator.data.models.perjanjian import (
    Indikator,
    PerjanjianKinerja,
    Perubahan,
    Program,
    Sasaran,
)
from generator.data.models.types import SigningDate
from generator.data.yamlsource import FieldPath, YamlDocument
from generator.domain.calculations import total
from generator.domain.formatting import RupiahStyle, format_nip, format_partial_date, format_rupiah
from generator.errors import SourceLocation
from generator.revision.matching import MatchBasis, Pair, match_items, normalise


class Unsur(StrEnum):
    """What a change is about."""

    SKPD = "skpd"
    IDENTITAS = "identitas"
    PERUBAHAN = "perubahan"
    SASARAN = "sasaran"
    INDIKATOR = "indikator"
    TARGET = "target"
    PROGRAM = "program"
    ANGGARAN = "anggaran"


class Jenis(StrEnum):
    DITAMBAH = "ditambah"
    DIHAPUS = "dihapus"
    DIUBAH = "diubah"


class StatusSkpd(StrEnum):
    TETAP = "tidak berubah"
    DIUBAH = "diubah"
    DITAMBAH = "ditambah"
    DIHAPUS = "dihapus"


@dataclass(frozen=True)
class Change:
    """One difference between the old and the new version of an SKPD's agreement."""

    unsur: Unsur
    jenis: Jenis
    bagian: str
    """What changed, as the Bagian column shows it: `Target`, `Indikator baru`, `NIP pihak pertama`."""
    uraian: str
    """The item it concerns: the indikator, the program, the sasaran, the SKPD."""
    semula: str = ""
    """The old value as printed; empty for an addition."""
    menjadi: str = ""
    """The new value as printed; empty for a removal."""
    selisih: int | None = None
    """Change in anggaran, rupiah (new minus old); None when no anggaran is involved."""
    selisih_teks: str = ""
    """The selisih as printed, signed: `+Rp. 250.000`."""
    sasaran: str | None = None
    """The sasaran an indikator or target belongs to."""
    id: str | None = None
    """The item's stable id, when the data gives one."""
    dasar: MatchBasis | None = None
    """How the old and new item were paired (for a change to a paired item)."""
    kemiripan: float | None = None
    """Similarity of the paired texts when they were paired by similarity (0–1)."""
    yakin: bool = True
    """False when the pairing by similarity is not sure: check the two are the same item."""
    catatan: str = ""
    lokasi: SourceLocation | None = None


@dataclass(frozen=True, order=True)
class SkpdKey:
    """An SKPD as matched between the two sides: its pemda subfolder and its slug."""

    folder: str
    slug: str

    def __str__(self) -> str:
        return f"{self.folder}/{self.slug}" if self.folder else self.slug


@dataclass(frozen=True)
class SkpdDiff:
    """Every change of one SKPD, and its anggaran in total before and after."""

    key: SkpdKey
    nama: str
    status: StatusSkpd
    changes: tuple[Change, ...]
    anggaran_semula: int | None
    anggaran_menjadi: int | None
    rupiah: RupiahStyle = RupiahStyle.RP_TITIK

    @property
    def selisih(self) -> int:
        return (self.anggaran_menjadi or 0) - (self.anggaran_semula or 0)

    def rp(self, amount: int | None, *, signed: bool = False) -> str:
        return "" if amount is None else format_rupiah(amount, self.rupiah, signed=signed)


@dataclass(frozen=True)
class RevisionDiff:
    """The comparison of two sets of agreements, SKPD by SKPD (unchanged ones included)."""

    semula: str
    """What the old side is, e.g. `agreements/2022 (revisi git HEAD~1)`."""
    menjadi: str
    tahun: int | None
    pemerintah: str | None
    tempat: str | None
    """The pemda's place of signing (when the new side has one pemda)."""
    skpd: tuple[SkpdDiff, ...]

    @property
    def changed(self) -> tuple[SkpdDiff, ...]:
        return tuple(s for s in self.skpd if s.status is not StatusSkpd.TETAP)

    @property
    def unchanged(self) -> tuple[SkpdDiff, ...]:
        return tuple(s for s in self.skpd if s.status is StatusSkpd.TETAP)

    @property
    def change_count(self) -> int:
        return sum(len(s.changes) for s in self.skpd)


@dataclass(frozen=True)
class Side:
    """One SKPD's agreement on one side of a comparison."""

    model: PerjanjianKinerja
    pemda: Pemda | None = None
    document: YamlDocument | None = None
    pemda_document: YamlDocument | None = None

    def location(self, *loc: str | int) -> SourceLocation | None:
        return self.document.location(loc) if self.document is not None else None

    @property
    def pihak_kedua(self) -> Pejabat | None:
        if self.model.penandatangan_kedua is not None:  # as written, or the atasan's
            return self.model.penandatangan_kedua
        return self.pemda.kepala_daerah if self.pemda is not None else None

    def pihak_kedua_location(self, name: str) -> SourceLocation | None:
        if self.model.pihak_kedua is not None or self.pemda_document is None:
            return self.location("pihak_kedua", name)
        if self.model.penandatangan_kedua is not None:  # taken from the PK named here
            return self.location("atasan")
        return self.pemda_document.location(("kepala_daerah", name))

    @property
    def tempat(self) -> str | None:
        return self.model.tempat or (self.pemda.tempat if self.pemda is not None else None)

    @property
    def rupiah(self) -> RupiahStyle:
        return self.pemda.format.rupiah if self.pemda is not None else RupiahStyle.RP_TITIK


# --------------------------------------------------------------------------- formatting


def format_indikator_target(
    indikator: Indikator, pemda: Pemda | None = None, pk: PerjanjianKinerja | None = None
) -> str:
    """The target as the formulir prints it, with its computed category: `66 (B)`."""
    return printed_target(
        indikator,
        indikator.target,
        pemda or _DEFAULT_PEMDA,
        "formulir",
        pk.tampilan if pk is not None else None,
    )


_DEFAULT_PEMDA = Pemda(
    pemerintah="-", tempat="-", kepala_daerah=Pejabat(nama="-", jabatan="-"), logo="tanpa"
)
"""The print style of a side compared without its pemda.yaml (the defaults)."""


def format_tanggal(date: SigningDate) -> str:
    return format_partial_date(date.year, date.month, date.day)


def format_perubahan(perubahan: Perubahan) -> str:
    return f"Perubahan ke-{perubahan.nomor}, {format_tanggal(perubahan.tanggal)}"


def percent(score: float) -> str:
    return f"{round(score * 100)}%"


def _unsure_note(old_text: str, pair: Pair) -> str:
    return f"mungkin sama dengan «{old_text}» (kemiripan {percent(pair.score)})"


# --------------------------------------------------------------------------- one SKPD


@dataclass
class _Changes:
    """Collects the changes of one SKPD with the formatting settings of its new side."""

    rupiah: RupiahStyle
    items: list[Change] = field(default_factory=list)

    def add(self, change: Change) -> None:
        self.items.append(change)

    def rp(self, amount: int, *, signed: bool = False) -> str:
        return format_rupiah(amount, self.rupiah, signed=signed)


def _paired(pair: Pair, old_text: str) -> dict[str, Any]:
    """The fields a change to a paired item carries about the pairing."""
    similar = pair.basis is MatchBasis.KEMIRIPAN
    return {
        "dasar": pair.basis,
        "kemiripan": round(pair.score, 3) if similar else None,
        "yakin": pair.yakin,
        "catatan": "" if pair.yakin else _unsure_note(old_text, pair),
    }


def diff_agreement(old: Side, new: Side) -> tuple[Change, ...]:
    """Every change from `old` to `new`, in the order of the new document: the signing
    details first, then sasaran with their indikator, then programs."""
    changes = _Changes(new.rupiah)
    _identity(old, new, changes)
    _sasaran(old, new, changes)
    _programs(old, new, changes)
    return tuple(changes.items)


def _identity(old: Side, new: Side, changes: _Changes) -> None:
    def field_change(
        bagian: str, before: str | None, after: str | None, where: SourceLocation | None
    ) -> None:
        if (before or "") != (after or ""):
            changes.add(
                Change(
                    Unsur.IDENTITAS,
                    Jenis.DIUBAH,
                    bagian,
                    bagian,
                    before or "",
                    after or "",
                    lokasi=where,
                )
            )

    o, n = old.model, new.model
    _perubahan(old, new, changes)
    field_change(
        "Tanggal penandatanganan",
        format_tanggal(o.tanggal),
        format_tanggal(n.tanggal),
        new.location("tanggal"),
    )
    field_change("Tempat penandatanganan", old.tempat, new.tempat, new.location("tempat"))
    for name, label in _PEJABAT_FIELDS:
        field_change(
            f"{label} pihak pertama",
            _pejabat_value(o.pihak_pertama, name),
            _pejabat_value(n.pihak_pertama, name),
            new.location("pihak_pertama", name),
        )
    before_kedua, after_kedua = old.pihak_kedua, new.pihak_kedua
    if before_kedua is not None and after_kedua is not None:
        for name, label in _PEJABAT_FIELDS:
            field_change(
                f"{label} pihak kedua",
                _pejabat_value(before_kedua, name),
                _pejabat_value(after_kedua, name),
                new.pihak_kedua_location(name),
            )
    for name, label in _UNIT_FIELDS:
        field_change(
            label,
            getattr(o.unit, name),
            getattr(n.unit, name),
            new.location("unit", name),
        )


_PEJABAT_FIELDS = (
    ("nama", "Nama"),
    ("jabatan", "Jabatan"),
    ("pangkat", "Pangkat"),
    ("golongan", "Golongan"),
    ("nip", "NIP"),
)
_UNIT_FIELDS = (
    ("nama", "Nama unit"),
    ("nama_singkat", "Nama singkat unit"),
    ("alamat", "Alamat unit"),
    ("kode_pos", "Kode pos unit"),
    ("telepon", "Telepon unit"),
    ("faks", "Faks unit"),
    ("email", "Email unit"),
    ("website", "Website unit"),
)


def _pejabat_value(pejabat: Pejabat, name: str) -> str | None:
    value = getattr(pejabat, name)
    if name == "nip" and value:
        return format_nip(value)
    return value


def _perubahan(old: Side, new: Side, changes: _Changes) -> None:
    before, after = old.model.perubahan, new.model.perubahan
    if before == after:
        return
    if after is None:
        assert before is not None
        changes.add(
            Change(
                Unsur.PERUBAHAN,
                Jenis.DIHAPUS,
                "PK Perubahan",
                before.alasan,
                semula=format_perubahan(before),
                lokasi=new.location(),
            )
        )
        return
    changes.add(
        Change(
            Unsur.PERUBAHAN,
            Jenis.DITAMBAH if before is None else Jenis.DIUBAH,
            "PK Perubahan",
            after.alasan,
            semula=format_perubahan(before) if before is not None else "",
            menjadi=format_perubahan(after),
            lokasi=new.location("perubahan"),
        )
    )


def _indikator_key(indikator: Indikator) -> str:
    return indikator.id or normalise(indikator.uraian)


def _shared_indikator(old: Sasaran, new: Sasaran) -> float:
    """Share of indikator two sasaran have in common (same id or same text): Dice, 0–1."""
    before = {_indikator_key(i) for i in old.indikator}
    after = {_indikator_key(i) for i in new.indikator}
    return 2 * len(before & after) / (len(before) + len(after))


def _sasaran(old: Side, new: Side, changes: _Changes) -> None:
    before, after = old.model.sasaran, new.model.sasaran
    matching = match_items(
        before,
        after,
        ident=lambda s: s.id,
        text=lambda s: s.uraian,
        support=_shared_indikator,
    )
    for j, sasaran in enumerate(after):
        pair = matching.partner_of_new(j)
        if pair is None:
            changes.add(
                Change(
                    Unsur.SASARAN,
                    Jenis.DITAMBAH,
                    "Sasaran baru",
                    sasaran.uraian,
                    id=sasaran.id,
                    lokasi=new.location("sasaran", j),
                )
            )
            for k, indikator in enumerate(sasaran.indikator):
                changes.add(_added_indikator(indikator, sasaran, new, j, k))
            continue
        previous = before[pair.old]
        if previous.uraian != sasaran.uraian:
            changes.add(
                Change(
                    Unsur.SASARAN,
                    Jenis.DIUBAH,
                    "Uraian sasaran",
                    sasaran.uraian,
                    previous.uraian,
                    sasaran.uraian,
                    id=sasaran.id,
                    lokasi=new.location("sasaran", j, "uraian"),
                    **_paired(pair, previous.uraian),
                )
            )
        _indikator(previous, sasaran, j, new, changes)
    for i in matching.removed:
        sasaran = before[i]
        changes.add(
            Change(
                Unsur.SASARAN,
                Jenis.DIHAPUS,
                "Sasaran dihapus",
                sasaran.uraian,
                id=sasaran.id,
                lokasi=new.location("sasaran"),
            )
        )
        for indikator in sasaran.indikator:
            changes.add(_removed_indikator(indikator, sasaran, new.location("sasaran"), new.pemda))


def _removed_indikator(
    indikator: Indikator, sasaran: Sasaran, lokasi: SourceLocation | None, pemda: Pemda | None
) -> Change:
    """An indikator no longer in the agreement; `lokasi` is the list it was removed from."""
    return Change(
        Unsur.INDIKATOR,
        Jenis.DIHAPUS,
        "Indikator dihapus",
        indikator.uraian,
        semula=format_indikator_target(indikator, pemda),
        sasaran=sasaran.uraian,
        id=indikator.id,
        lokasi=lokasi,
    )


def _added_indikator(indikator: Indikator, sasaran: Sasaran, new: Side, j: int, k: int) -> Change:
    return Change(
        Unsur.INDIKATOR,
        Jenis.DITAMBAH,
        "Indikator baru",
        indikator.uraian,
        menjadi=format_indikator_target(indikator, new.pemda, new.model),
        sasaran=sasaran.uraian,
        id=indikator.id,
        lokasi=new.location("sasaran", j, "indikator", k),
    )


def _same_target(old: Indikator, new: Indikator) -> float:
    return 1.0 if format_indikator_target(old) == format_indikator_target(new) else 0.0


def _indikator(old: Sasaran, new: Sasaran, j: int, side: Side, changes: _Changes) -> None:
    matching = match_items(
        old.indikator,
        new.indikator,
        ident=lambda i: i.id,
        text=lambda i: i.uraian,
        prefer=_same_target,
    )
    for k, indikator in enumerate(new.indikator):
        pair = matching.partner_of_new(k)
        if pair is None:
            changes.add(_added_indikator(indikator, new, side, j, k))
            continue
        previous = old.indikator[pair.old]
        paired = _paired(pair, previous.uraian)
        where: FieldPath = ("sasaran", j, "indikator", k)
        common = {"sasaran": new.uraian, "id": indikator.id, **paired}
        if previous.uraian != indikator.uraian:
            changes.add(
                Change(
                    Unsur.INDIKATOR,
                    Jenis.DIUBAH,
                    "Uraian indikator",
                    indikator.uraian,
                    previous.uraian,
                    indikator.uraian,
                    lokasi=side.location(*where, "uraian"),
                    **common,
                )
            )
        before = format_indikator_target(previous, side.pemda, side.model)
        after = format_indikator_target(indikator, side.pemda, side.model)
        if before != after:
            changes.add(
                Change(
                    Unsur.TARGET,
                    Jenis.DIUBAH,
                    "Target",
                    indikator.uraian,
                    before,
                    after,
                    lokasi=side.location(*where, "target"),
                    **common,
                )
            )
            continue
        # The printed target is the same; a satuan or scale that prints nothing still counts.
        for name, label in (("satuan", "Satuan target"), ("skala", "Skala target")):
            old_value, new_value = getattr(previous, name), getattr(indikator, name)
            if name == "skala":  # a scale by the name the data gives it
                old_value = old_value.key if old_value else None
                new_value = new_value.key if new_value else None
            if old_value != new_value:
                changes.add(
                    Change(
                        Unsur.TARGET,
                        Jenis.DIUBAH,
                        label,
                        indikator.uraian,
                        str(old_value or "—"),
                        str(new_value or "—"),
                        lokasi=side.location(*where, name),
                        **common,
                    )
                )
    for i in matching.removed:
        lokasi = side.location("sasaran", j, "indikator")
        changes.add(_removed_indikator(old.indikator[i], new, lokasi, side.pemda))


def _program_labels(programs: list[Program]) -> list[str]:
    """A program's name, with its keterangan when another program has the same name."""
    names = [normalise(p.nama) for p in programs]
    return [
        f"{p.nama} ({p.keterangan})" if names.count(names[n]) > 1 else p.nama
        for n, p in enumerate(programs)
    ]


def _programs(old: Side, new: Side, changes: _Changes) -> None:
    before, after = old.model.program, new.model.program
    old_labels, new_labels = _program_labels(before), _program_labels(after)
    matching = match_items(
        before,
        after,
        ident=lambda p: p.id,
        text=lambda p: p.nama,
        prefer=lambda a, b: 1.0 if a.keterangan == b.keterangan else 0.0,
    )
    for j, program in enumerate(after):
        pair = matching.partner_of_new(j)
        if pair is None:
            changes.add(
                Change(
                    Unsur.PROGRAM,
                    Jenis.DITAMBAH,
                    "Program baru",
                    new_labels[j],
                    menjadi=changes.rp(program.anggaran),
                    selisih=program.anggaran,
                    selisih_teks=changes.rp(program.anggaran, signed=True),
                    id=program.id,
                    lokasi=new.location("program", j),
                )
            )
            continue
        previous = before[pair.old]
        common = {"id": program.id, **_paired(pair, old_labels[pair.old])}
        for field_name, label in (("nama", "Nama program"), ("keterangan", "Keterangan program")):
            before_value, after_value = getattr(previous, field_name), getattr(program, field_name)
            if before_value != after_value:
                changes.add(
                    Change(
                        Unsur.PROGRAM,
                        Jenis.DIUBAH,
                        label,
                        new_labels[j],
                        before_value,
                        after_value,
                        lokasi=new.location("program", j, field_name),
                        **common,
                    )
                )
        if previous.anggaran != program.anggaran:
            selisih = program.anggaran - previous.anggaran
            changes.add(
                Change(
                    Unsur.ANGGARAN,
                    Jenis.DIUBAH,
                    "Anggaran",
                    new_labels[j],
                    changes.rp(previous.anggaran),
                    changes.rp(program.anggaran),
                    selisih=selisih,
                    selisih_teks=changes.rp(selisih, signed=True),
                    lokasi=new.location("program", j, "anggaran"),
                    **common,
                )
            )
    for i in matching.removed:
        program = before[i]
        changes.add(
            Change(
                Unsur.PROGRAM,
                Jenis.DIHAPUS,
                "Program dihapus",
                old_labels[i],
                semula=changes.rp(program.anggaran),
                selisih=-program.anggaran,
                selisih_teks=changes.rp(-program.anggaran, signed=True),
                id=program.id,
                lokasi=new.location("program"),
            )
        )


def _anggaran(side: Side | None) -> int | None:
    return total(p.anggaran for p in side.model.program) if side is not None else None


def _summary(model: PerjanjianKinerja) -> str:
    indikator = sum(len(s.indikator) for s in model.sasaran)
    return f"{len(model.sasaran)} sasaran, {indikator} indikator, {len(model.program)} program"


def diff_skpd(key: SkpdKey, old: Side | None, new: Side | None) -> SkpdDiff:
    """The changes of one SKPD; a side that is None means the SKPD was added or removed."""
    shown = new if new is not None else old
    assert shown is not None, "an SKPD exists on at least one side"
    nama = shown.model.unit.nama_singkat
    if shown.model.id:  # a jabatan's PK (kepala bidang, kepala seksi) by its jabatan
        nama = shown.model.pihak_pertama.jabatan
    rupiah = shown.rupiah
    before, after = _anggaran(old), _anggaran(new)
    if old is None or new is None:
        added = old is None
        amount = (after if added else before) or 0
        selisih = amount if added else -amount
        change = Change(
            Unsur.SKPD,
            Jenis.DITAMBAH if added else Jenis.DIHAPUS,
            "SKPD baru" if added else "SKPD dihapus",
            nama,
            semula="" if added else _summary(shown.model),
            menjadi=_summary(shown.model) if added else "",
            selisih=selisih,
            selisih_teks=format_rupiah(selisih, rupiah, signed=True),
            lokasi=new.location() if new is not None else None,
        )
        status = StatusSkpd.DITAMBAH if added else StatusSkpd.DIHAPUS
        return SkpdDiff(key, nama, status, (change,), before, after, rupiah)
    changes = diff_agreement(old, new)
    status = StatusSkpd.DIUBAH if changes else StatusSkpd.TETAP
    return SkpdDiff(key, nama, status, changes, before, after, rupiah)


def compare(
    old: Mapping[SkpdKey, Side],
    new: Mapping[SkpdKey, Side],
    *,
    semula: str,
    menjadi: str,
) -> RevisionDiff:
    """Compare every SKPD of two sides, matched by key: the new side's order first, then
    the SKPD only the old side has."""
    keys = list(new) + [k for k in old if k not in new]
    skpd = tuple(diff_skpd(key, old.get(key), new.get(key)) for key in keys)
    sides = list(new.values()) or list(old.values())
    return RevisionDiff(
        semula=semula,
        menjadi=menjadi,
        tahun=_only({s.model.tahun for s in sides}),
        pemerintah=_only({s.pemda.pemerintah for s in sides if s.pemda is not None}),
        tempat=_only({s.pemda.tempat for s in sides if s.pemda is not None}),
        skpd=skpd,
    )


def _only(values: Iterable[Any]) -> Any:
    found = set(values)
    return found.pop() if len(found) == 1 else None
