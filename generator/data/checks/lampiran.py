"""Whole-file rules of the PK lampiran: every id it names exists, every table has its data,
every `{penanda}` resolves; findings point at the field that is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.data.models.lampiran import Blok, KelompokSurvei, TableKind
from generator.data.models.perjanjian import (
    MAX_DEPTH,
    Indikator,
    PerjanjianKinerja,
    indikator_by_id,
    narrative_texts,
    placeholder_names,
)
from generator.data.models.types import suggest
from generator.data.yamlsource import FieldPath
from generator.domain.calculations import (
    decimal_places,
    round_to,
    survey_group_result,
    survey_result,
)
from generator.domain.markup import placeholders
from generator.errors import Severity

Finding = tuple[FieldPath, str, Severity]
ERROR, WARNING = Severity.ERROR, Severity.WARNING


def check_lampiran(pk: PerjanjianKinerja) -> Iterator[Finding]:
    """Rules of the lampiran; nothing to check when the agreement has none."""
    if pk.lampiran is None:
        return
    known = indikator_by_id(pk)
    yield from _placeholders(pk, known)
    for s, sasaran in enumerate(pk.sasaran):
        for i, indikator in enumerate(sasaran.indikator):
            if indikator.formulasi is None:
                yield (
                    ("sasaran", s, "indikator", i),
                    "formulasi perhitungan belum diisi (kosong di kolom Formulasi Perhitungan "
                    "lampiran; kolom itu tidak dicetak bila tidak ada indikator yang mengisinya)",
                    WARNING,
                )
    yield from _blocks(pk.lampiran.penjelasan, ("lampiran", "penjelasan"), 1, known)
    if pk.lampiran.peraturan_sakip is None:
        for loc in _tables_of(pk.lampiran.penjelasan, ("lampiran", "penjelasan")):
            yield (
                loc,
                "tabel bobot-sakip memerlukan 'peraturan_sakip' di lampiran (12/2015 atau "
                "88/2021): bobot komponen berbeda menurut peraturannya",
                ERROR,
            )
    for r, roadmap in enumerate(pk.lampiran.roadmap):
        for j, key in enumerate(roadmap.indikator):
            problem = _unknown(key, known)
            if problem:
                yield ("lampiran", "roadmap", r, "indikator", j), problem, ERROR


def _unknown(key: str, known: dict[str, Indikator]) -> str | None:
    if key in known:
        return None
    listed = ", ".join(known) if known else "belum ada indikator ber-id"
    return f"indikator {key!r} tidak ada{suggest(key, known)}; id indikator: {listed}"


def _placeholders(pk: PerjanjianKinerja, known: dict[str, Indikator]) -> Iterator[Finding]:
    values = placeholder_names(pk)
    for loc, text in narrative_texts(pk):
        for name in placeholders(text):
            if name in values:
                continue
            yield loc, _placeholder_problem(name, values, known), ERROR


def _placeholder_problem(name: str, values: list[str], known: dict[str, Indikator]) -> str:
    if name in ("peraturan-sakip", "bobot-sakip"):
        return f"penanda {{{name}}} memerlukan 'peraturan_sakip' di lampiran (12/2015 atau 88/2021)"
    key = name.partition(".")[0]
    if key not in known:
        general = [k for k in values if "." not in k and k not in known]
        return (
            f"penanda {{{name}}} tidak dikenal: {_unknown(key, known)}; "
            f"penanda umum: {', '.join('{' + g + '}' for g in general)}"
        )
    available = [k for k in values if k == key or k.startswith(key + ".")]
    return (
        f"penanda {{{name}}} tidak tersedia untuk indikator {key!r}"
        f"{suggest(name, available)}; yang tersedia: " + ", ".join("{" + a + "}" for a in available)
    )


def _blocks(
    blocks: list[Blok], loc: FieldPath, depth: int, known: dict[str, Indikator]
) -> Iterator[Finding]:
    for n, block in enumerate(blocks):
        here = (*loc, n)
        if block.teks is not None and depth > MAX_DEPTH:
            yield (
                here,
                f"butir bertingkat paling dalam {MAX_DEPTH} (1., a., 1), a)); "
                "tulis sebagai 'paragraf' atau pindahkan ke tingkat atasnya",
                ERROR,
            )
        if block.tabel is not None:
            yield from _table(block, here, known)
        yield from _blocks(block.isi, (*here, "isi"), depth + 1, known)


def _table(block: Blok, loc: FieldPath, known: dict[str, Indikator]) -> Iterator[Finding]:
    kind = block.tabel
    found: list[tuple[int, Indikator]] = []
    for j, ref in enumerate(block.indikator):
        problem = _unknown(ref.id, known)
        if problem:
            yield (*loc, "indikator", j), problem, ERROR
        else:
            found.append((j, known[ref.id]))
    needs = {
        TableKind.RENSTRA: ("renstra", "target Renstra ('renstra')"),
        TableKind.BASELINE: ("baseline", "'baseline'"),
        TableKind.KOMPONEN: ("komponen", "'komponen'"),
    }
    if kind in needs:
        attribute, what = needs[kind]
        for j, indikator in found:
            if getattr(indikator, attribute) is None:
                yield (
                    (*loc, "indikator", j),
                    f"indikator {indikator.id!r} belum punya {what} untuk tabel {kind}",
                    ERROR,
                )
    if kind is TableKind.RENSTRA:
        with_years = [(j, i) for j, i in found if i.renstra]
        if with_years:
            first_years = sorted(with_years[0][1].renstra or {})
            for j, indikator in with_years[1:]:
                years = sorted(indikator.renstra or {})
                if years != first_years:
                    yield (
                        (*loc, "indikator", j),
                        f"tahun Renstra indikator {indikator.id!r} ({_years(years)}) berbeda "
                        f"dengan baris pertama ({_years(first_years)}); satu tabel, satu deret tahun",
                        ERROR,
                    )
    if kind is TableKind.SURVEI:
        for k, group in enumerate(block.kelompok):
            if group.indikator is None:
                continue
            problem = _unknown(group.indikator, known)
            if problem:
                yield (*loc, "kelompok", k, "indikator"), problem, ERROR
                continue
            warning = _survey_vs_baseline(known[group.indikator], group)
            if warning:
                yield (*loc, "kelompok", k), warning, WARNING


def _tables_of(blocks: list[Blok], loc: FieldPath) -> Iterator[FieldPath]:
    """Where the `tabel: bobot-sakip` blocks are."""
    for n, block in enumerate(blocks):
        if block.tabel is TableKind.BOBOT_SAKIP:
            yield (*loc, n, "tabel")
        yield from _tables_of(block.isi, (*loc, n, "isi"))


def _years(years: list[int]) -> str:
    return ", ".join(str(y) for y in years)


def _survey_vs_baseline(indikator: Indikator, group: KelompokSurvei) -> str | None:
    """A survey group whose mean IKM differs from the realisasi typed as the baseline."""
    realisasi = indikator.baseline.realisasi if indikator.baseline else None
    if realisasi is None or realisasi.value is None:
        return None
    result = survey_group_result([survey_result(s.responden, s.ikm) for s in group.layanan])
    mean = round_to(result.ikm, decimal_places(realisasi.value))
    if mean == realisasi.value:
        return None
    return (
        f"rata-rata IKM kelompok ini {mean} tidak sama dengan realisasi baseline "
        f"{realisasi.value} indikator {indikator.id!r}"
    )
