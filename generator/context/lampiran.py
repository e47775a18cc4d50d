"""Context of the PK lampiran: sections I–III and the closing signature, formatted.

Section I lists every indikator with its target, baseline, misi and formula; section II
is the narrative of `lampiran.penjelasan` flattened into blocks (numbered paragraphs at
their depth, and embedded tables whose numbers are all computed here); section III has a
month grid per roadmap. The template only prints these strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from generator.context.common import Penandatangan, format_value, penandatangan, printed_target
from generator.context.komponen import (
    INTERMEDIATE_PLACES,
    TabelKomponen,
    komponen_table,
    result_text,
    sakip_weights_table,
)
from generator.context.naskah import naskah
from generator.context.teks import Potongan, plain, styled
from generator.data.models.common import Pemda
from generator.data.models.lampiran import Baseline, Blok, KelompokSurvei, Komponen, TableKind
from generator.data.models.perjanjian import Indikator, PerjanjianKinerja, indikator_by_id
from generator.data.models.types import Target
from generator.domain.calculations import (
    SurveyResult,
    round_to,
    survey_group_result,
    survey_result,
    target_band,
)
from generator.domain.formatting import format_number, format_percent, letter, roman
from generator.domain.markup import CAPTION_MARK, FIGURE_WIDTH_CM, figure_mark
from generator.domain.monthgrid import MonthCell, month_cells
from generator.domain.numbering import default_list_style, list_marker
from generator.domain.reference import IKM_REGULATION, SAKIP, SAKIP_REGULATIONS, Scale

PRINT_PLACES = 3
"""Computed IKM means and conversions print with three decimals (rounded half up)."""


# --------------------------------------------------------------------------- dataclasses


@dataclass(frozen=True)
class BarisPerhitungan:
    """A row of I. Penjelasan perhitungan."""

    no: str
    indikator: str
    target: str
    baseline_judul: str  # "Baseline 2021 :" or "" without a baseline
    baseline_target: str  # "a) Target : 62 (B)"
    baseline_realisasi: str  # "b) Realisasi : 63,3 (B)"
    misi: list[Potongan]
    formulasi: list[Potongan]


@dataclass(frozen=True)
class BarisSkala:
    """A row of a scale table (the SAKIP scale's, or a pemda's own scale's)."""

    no: str
    kategori: str
    nilai: str
    interpretasi: str


@dataclass(frozen=True)
class BarisSkalaIkm:
    persepsi: str
    interval: str
    konversi: str
    mutu: str
    kinerja: str


@dataclass(frozen=True)
class BarisRenstra:
    no: str
    indikator: str
    nilai: list[str]  # one per year, with its category


@dataclass(frozen=True)
class TabelRenstra:
    tahun: list[str]
    jumlah_tahun: int
    baris: list[BarisRenstra]


@dataclass(frozen=True)
class BarisBaseline:
    no: str
    indikator: str
    baseline_target: str
    baseline_realisasi: str
    target: str


@dataclass(frozen=True)
class TabelBaseline:
    judul_baseline: str  # "Baseline 2021"
    judul_target: str  # "Target 2022"
    baris: list[BarisBaseline]


@dataclass(frozen=True)
class BarisSurvei:
    no: str
    layanan: str
    responden: str
    ikm: str
    konversi: str
    mutu: str
    kinerja: str


@dataclass(frozen=True)
class KelompokSurveiCetak:
    """A group of a survey table: title row, its services, and the computed group row."""

    judul: str  # "A. Indeks Kepuasan …"
    layanan: list[BarisSurvei]
    ringkasan: BarisSurvei  # "Nilai IKM A": total respondents, mean IKM


@dataclass(frozen=True)
class BlokPenjelasan:
    """One printed block of section II.

    `jenis` is `butir` (numbered paragraph), `paragraf`, or a table kind (`skala-sakip`,
    `skala-ikm`, `skala`, `bobot-sakip`, `renstra`, `baseline`, `survei`, `komponen`). `tingkat` is the depth the
    text aligns with (a level-2 item is `a.`; a paragraph under it has tingkat 2).
    `simpan` keeps a paragraph on the page of the table that follows it.
    """

    jenis: str
    tingkat: int
    label: str
    teks: list[Potongan]
    simpan: bool = False
    renstra: TabelRenstra | None = None
    baseline: TabelBaseline | None = None
    survei: list[KelompokSurveiCetak] = field(default_factory=list)
    komponen: TabelKomponen | None = None  # also the SAKIP weights (bobot-sakip)
    skala: list[BarisSkala] = field(default_factory=list)  # skala-sakip, skala


@dataclass(frozen=True)
class BarisRoadmap:
    """A row of a month grid; `simpan` keeps it with what follows: every row but a grid's
    last (a grid stays on one page when it fits), and the lampiran's very last row (the
    signature never stands alone). The lampiran's last grid may break across pages (kept
    whole with the signature it would leave a page near empty): only its first row, a
    kegiatan with its rincian, and its last two rows (with the signature) keep."""

    no: str
    uraian: str
    rincian: bool
    bulan: list[MonthCell]
    simpan: bool = False


@dataclass(frozen=True)
class RoadmapCetak:
    no: str
    judul: str
    baris: list[BarisRoadmap]


@dataclass(frozen=True)
class LampiranContext:
    """Everything the lampiran prints; `judul_*` are empty for sections without content."""

    judul_perhitungan: str
    judul_penjelasan: str
    judul_roadmap: str
    kolom_misi: str  # "" when no indikator has a misi: the column is left out
    kolom_formulasi: str  # "" when no indikator has a formulasi
    nomor_misi: str  # the column numbers under the headers (1 … 5, or fewer)
    nomor_formulasi: str
    keterangan_penjelasan: str
    pengantar_roadmap: str
    perhitungan: list[BarisPerhitungan]
    penjelasan: list[BlokPenjelasan]
    skala_ikm: list[BarisSkalaIkm]
    roadmap: list[RoadmapCetak]
    penandatangan: Penandatangan


# --------------------------------------------------------------------------- values


def _target_text(indikator: Indikator, value: Target, pemda: Pemda, pk: PerjanjianKinerja) -> str:
    return printed_target(indikator, value, pemda, "lampiran", pk.tampilan)


def baseline_year(pk: PerjanjianKinerja, indikator: Indikator) -> int:
    return (
        indikator.baseline.tahun
        if indikator.baseline and indikator.baseline.tahun
        else pk.tahun - 1
    )


def sakip_weights_text(key: str) -> str:
    """`Perencanaan Kinerja (30%), …, dan Capaian Kinerja (20%)` for a regulation."""
    parts = [f"{name} ({weight}%)" for name, weight in SAKIP_REGULATIONS[key].components]
    return ", ".join(parts[:-1]) + ", dan " + parts[-1]


def placeholder_values(pk: PerjanjianKinerja, pemda: Pemda) -> dict[str, str]:
    """What each `{penanda}` of this agreement's narrative prints."""
    values = {
        "tahun": str(pk.tahun),
        "peraturan-ikm": IKM_REGULATION.full_name,
    }
    regulation = pk.lampiran.peraturan_sakip if pk.lampiran else None
    if regulation:
        values["peraturan-sakip"] = SAKIP_REGULATIONS[regulation].full_name
        values["bobot-sakip"] = sakip_weights_text(regulation)
    for key, indikator in indikator_by_id(pk).items():
        values[key] = indikator.uraian
        values[f"{key}.target"] = _target_text(indikator, indikator.target, pemda, pk)
        band = target_band(indikator.target, indikator.skala)
        if band is not None:
            values[f"{key}.kategori"] = band.label
        if indikator.baseline:
            values[f"{key}.baseline.tahun"] = str(baseline_year(pk, indikator))
            for name in ("target", "realisasi"):
                value = getattr(indikator.baseline, name)
                if value is not None:
                    values[f"{key}.baseline.{name}"] = _target_text(indikator, value, pemda, pk)
        for year, value in (indikator.renstra or {}).items():
            values[f"{key}.renstra.{year}"] = _target_text(indikator, value, pemda, pk)
        if indikator.komponen:
            values.update(_komponen_values(f"{key}.komponen", indikator, indikator.komponen))
    return values


def _komponen_values(prefix: str, indikator: Indikator, komponen: Komponen) -> dict[str, str]:
    """What `models.perjanjian.komponen_placeholders` names print."""
    lists = komponen.lists
    values = {f"{prefix}.jumlah": format_value(Decimal(komponen.total), lists[0].satuan)}
    if komponen.is_percentage:
        values[f"{prefix}.persentase"] = result_text(indikator, komponen)
    if komponen.daftar:
        for n, item in enumerate(komponen.daftar, start=1):
            values[f"{prefix}.{letter(n)}.jumlah"] = format_value(Decimal(item.total), item.satuan)
            if item.pembagi is not None:
                values[f"{prefix}.{letter(n)}.persentase"] = format_percent(
                    round_to(item.figures.percent, INTERMEDIATE_PLACES)
                )
    return values


# --------------------------------------------------------------------------- sections


def perhitungan_rows(
    pk: PerjanjianKinerja, pemda: Pemda, values: dict[str, str]
) -> list[BarisPerhitungan]:
    rows = []
    indikator_list = [i for s in pk.sasaran for i in s.indikator]
    for number, indikator in enumerate(indikator_list, start=1):
        baseline = indikator.baseline
        lines = _baseline_lines(indikator, baseline, pemda, pk)
        rows.append(
            BarisPerhitungan(
                no=str(number),
                indikator=indikator.uraian,
                target=_target_text(indikator, indikator.target, pemda, pk),
                baseline_judul=f"Baseline {baseline_year(pk, indikator)} :" if baseline else "",
                baseline_target=lines[0],
                baseline_realisasi=lines[1],
                misi=styled(indikator.misi, values),
                formulasi=styled(indikator.formulasi, values),
            )
        )
    return rows


def _baseline_lines(
    indikator: Indikator, baseline: Baseline | None, pemda: Pemda, pk: PerjanjianKinerja
) -> list[str]:
    """`a) Target : 62 (B)`, `b) Realisasi : 63,3 (B)`; lettered in the order present."""
    lines: list[str] = []
    if baseline is None:
        return ["", ""]
    for name, value in (("Target", baseline.target), ("Realisasi", baseline.realisasi)):
        if value is not None:
            text = _target_text(indikator, value, pemda, pk)
            lines.append(f"{letter(len(lines) + 1)}) {name} : {text}")
    return [*lines, "", ""][:2]


def scale_rows(scale: Scale) -> list[BarisSkala]:
    """A scale's category table, highest band first (the SAKIP table of the reference)."""
    return [
        BarisSkala(str(n), b.category, b.printed_range, b.description)
        for n, b in enumerate(scale.bands, start=1)
    ]


def ikm_scale_rows() -> list[BarisSkalaIkm]:
    converted = {b.perception: b for b in IKM_REGULATION.converted_scale.bands}
    return [
        BarisSkalaIkm(
            str(b.perception), b.range_text, converted[b.perception].range_text, b.category, b.label
        )
        for b in sorted(IKM_REGULATION.scale.bands, key=lambda b: b.perception or 0)
    ]


def _label(depth: int, number: int) -> str:
    """`1.` `a.` `1)` `a)` by depth: the same nesting rule as every pkgen list."""
    return list_marker(default_list_style(depth), number)


class _Flattener:
    """Section II blocks in print order, with labels and depths."""

    def __init__(self, pk: PerjanjianKinerja, pemda: Pemda, values: dict[str, str]):
        self.pk = pk
        self.pemda = pemda
        self.values = values
        self.indikator = indikator_by_id(pk)
        self.blocks: list[BlokPenjelasan] = []

    def run(self, blocks: list[Blok]) -> list[BlokPenjelasan]:
        self._walk(blocks, depth=1)
        # A paragraph that introduces a table stays on the table's page too.
        out = self.blocks
        for i in range(len(out) - 1):
            if out[i].jenis in ("butir", "paragraf") and out[i + 1].jenis not in (
                "butir",
                "paragraf",
            ):
                out[i] = replace(out[i], simpan=True)
        return out

    def _walk(self, blocks: list[Blok], depth: int) -> None:
        number = 0
        for block in blocks:
            if block.teks is not None:
                number += 1
                self.blocks.append(
                    BlokPenjelasan(
                        "butir",
                        depth,
                        _label(depth, number),
                        styled(block.teks, self.values),
                        simpan=bool(block.isi),  # an item stays with the start of its content
                    )
                )
                self._walk(block.isi, depth + 1)
                continue
            number = 0  # a paragraph or a table between items starts a new list
            if block.paragraf is not None:
                self.blocks.append(
                    BlokPenjelasan("paragraf", depth - 1, "", styled(block.paragraf, self.values))
                )
            elif block.gambar is not None:
                width = block.lebar or FIGURE_WIDTH_CM
                mark = plain(figure_mark(block.gambar, width))
                self.blocks.append(BlokPenjelasan("paragraf", depth - 1, "", mark))
                if block.keterangan:
                    caption = [*plain(CAPTION_MARK), *styled(block.keterangan, self.values)]
                    self.blocks.append(BlokPenjelasan("paragraf", depth - 1, "", caption))
            elif block.tabel is not None:
                self.blocks.append(self._table(block, depth - 1))

    def _table(self, block: Blok, tingkat: int) -> BlokPenjelasan:
        kind = block.tabel
        base = BlokPenjelasan(str(kind), tingkat, "", [])
        refs = [(self.indikator[r.id], r.uraian) for r in block.indikator]
        if kind is TableKind.RENSTRA:
            return replace(base, renstra=self._renstra(refs))
        if kind is TableKind.BASELINE:
            return replace(base, baseline=self._baseline(refs))
        if kind is TableKind.SURVEI:
            groups = [self._survey_group(n, g) for n, g in enumerate(block.kelompok, start=1)]
            return replace(base, survei=groups)
        if kind is TableKind.KOMPONEN:
            indikator = refs[0][0]
            assert indikator.komponen is not None  # checked when loading
            return replace(base, komponen=komponen_table(indikator, indikator.komponen))
        regulation = self.pk.lampiran.peraturan_sakip if self.pk.lampiran else None
        if kind is TableKind.BOBOT_SAKIP:
            assert regulation is not None  # checked when loading
            return replace(base, komponen=sakip_weights_table(regulation))
        if kind is TableKind.SKALA:
            assert block.skala is not None  # checked when loading
            return replace(base, skala=scale_rows(block.skala))
        if kind is TableKind.SKALA_SAKIP:
            scale = SAKIP_REGULATIONS[regulation].scale if regulation else SAKIP
            return replace(base, skala=scale_rows(scale))
        return base  # the IKM scale comes from the lampiran context, one definition

    def _renstra(self, refs: list[tuple[Indikator, str | None]]) -> TabelRenstra:
        years = sorted(refs[0][0].renstra or {})
        rows = [
            BarisRenstra(
                str(n),
                label or indikator.uraian,
                [
                    _target_text(indikator, (indikator.renstra or {})[y], self.pemda, self.pk)
                    for y in years
                ],
            )
            for n, (indikator, label) in enumerate(refs, start=1)
        ]
        return TabelRenstra([str(y) for y in years], len(years), rows)

    def _baseline(self, refs: list[tuple[Indikator, str | None]]) -> TabelBaseline:
        first = refs[0][0]
        rows = []
        for n, (indikator, label) in enumerate(refs, start=1):
            lines = _baseline_lines(indikator, indikator.baseline, self.pemda, self.pk)
            rows.append(
                BarisBaseline(
                    str(n),
                    label or indikator.uraian,
                    lines[0],
                    lines[1],
                    _target_text(indikator, indikator.target, self.pemda, self.pk),
                )
            )
        return TabelBaseline(
            f"Baseline {baseline_year(self.pk, first)}", f"Target {self.pk.tahun}", rows
        )

    def _survey_group(self, number: int, group: KelompokSurvei) -> KelompokSurveiCetak:
        title = group.judul or self.indikator[group.indikator or ""].uraian
        results = [survey_result(s.responden, s.ikm) for s in group.layanan]
        rows = [
            _survey_row(f"{n}.", service.nama, format_number(service.ikm), result)
            for n, (service, result) in enumerate(zip(group.layanan, results, strict=True), 1)
        ]
        summary = survey_group_result(results)
        letter_ = letter(number).upper()
        return KelompokSurveiCetak(
            f"{letter_}. {title}",
            rows,
            _survey_row(
                "",
                f"Nilai IKM {letter_}",
                format_number(round_to(summary.ikm, PRINT_PLACES)),
                summary,
            ),
        )


def _survey_row(no: str, name: str, ikm_text: str, result: SurveyResult) -> BarisSurvei:
    band = result.band
    return BarisSurvei(
        no,
        name,
        format_number(result.respondents),
        ikm_text,
        format_number(round_to(result.konversi, PRINT_PLACES)),
        band.category,
        band.label,
    )


def roadmap_sections(pk: PerjanjianKinerja) -> list[RoadmapCetak]:
    indikator = indikator_by_id(pk)
    sections = []
    for number, roadmap in enumerate(pk.lampiran.roadmap if pk.lampiran else [], start=1):
        title = roadmap.judul or _join([indikator[i].uraian for i in roadmap.indikator])
        rows: list[BarisRoadmap] = []
        for n, kegiatan in enumerate(roadmap.kegiatan, start=1):
            rows.append(
                BarisRoadmap(str(n), kegiatan.uraian, False, month_cells(kegiatan.bulan), True)
            )
            rows.extend(
                BarisRoadmap("", f"{letter(m)}. {r.uraian}", True, month_cells(r.bulan), True)
                for m, r in enumerate(kegiatan.rincian, start=1)
            )
        rows[-1] = replace(rows[-1], simpan=False)
        sections.append(RoadmapCetak(f"{number}.", title, rows))
    if sections:
        last = sections[-1].baris
        for index, row in enumerate(last):
            group = index + 1 < len(last) and last[index + 1].rincian
            last[index] = replace(row, simpan=index == 0 or group or index >= len(last) - 2)
    return sections


def _join(names: list[str]) -> str:
    """`A`, `A serta B`, `A, B, serta C`."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + (", serta " if len(names) > 2 else " serta ") + names[-1]


def lampiran_context(pk: PerjanjianKinerja, pemda: Pemda) -> LampiranContext | None:
    """The lampiran as printed, or None when the agreement has no `lampiran`."""
    if pk.lampiran is None:
        return None
    values = placeholder_values(pk, pemda)
    penjelasan = _Flattener(pk, pemda, values).run(pk.lampiran.penjelasan)
    roadmap = roadmap_sections(pk)
    if not roadmap and penjelasan and penjelasan[-1].jenis in ("butir", "paragraf"):
        # The closing signature never stands alone: it keeps the last paragraph with it.
        penjelasan[-1] = replace(penjelasan[-1], simpan=True)
    # Sections are numbered I, II, III as present: without a narrative the roadmap is II.
    titles = ["PENJELASAN PERHITUNGAN"]
    titles += ["PENJELASAN INDIKATOR KINERJA"] if penjelasan else []
    titles += ["ROADMAP MENUJU PENCAPAIAN TARGET"] if roadmap else []
    numbered = {title: f"{roman(n)}. {title}" for n, title in enumerate(titles, start=1)}
    words = naskah(pk, pemda)
    indikator = [i for s in pk.sasaran for i in s.indikator]
    # A column no indikator fills is left out; the columns keep consecutive numbers.
    kolom_misi = words.kolom_misi if any(i.misi for i in indikator) else ""
    kolom_formulasi = words.kolom_formulasi if any(i.formulasi for i in indikator) else ""
    return LampiranContext(
        judul_perhitungan=numbered["PENJELASAN PERHITUNGAN"],
        judul_penjelasan=numbered.get("PENJELASAN INDIKATOR KINERJA", ""),
        judul_roadmap=numbered.get("ROADMAP MENUJU PENCAPAIAN TARGET", ""),
        kolom_misi=kolom_misi,
        kolom_formulasi=kolom_formulasi,
        nomor_misi="4" if kolom_misi else "",
        nomor_formulasi=("5" if kolom_misi else "4") if kolom_formulasi else "",
        keterangan_penjelasan=words.keterangan_penjelasan,
        pengantar_roadmap=words.pengantar_roadmap,
        perhitungan=perhitungan_rows(pk, pemda, values),
        penjelasan=penjelasan,
        skala_ikm=ikm_scale_rows(),
        roadmap=roadmap,
        penandatangan=penandatangan(pk.pihak_pertama),
    )
