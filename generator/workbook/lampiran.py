"""The lampiran sheets: rows ↔ the agreement's lampiran data.

Export turns a validated agreement into the rows of each lampiran sheet (`lampiran_rows`);
import turns the rows read back into plain data of the same shape a YAML file has
(`read_lampiran`), recording the cell of every field so that the model's own messages (a
stated total that is not the sum, a month outside 1–12) point at the cell. Texts are
written and read exactly as they are: markup (`*miring*`) and `{penanda}` stay as typed.

Rows are tied together the way staff lay out the core sheets: an item's fields on its first
row, following rows with the item's cells empty (or merged, or repeating the same text) add
nested rows to it. Per-indikator sheets name the indikator by its code, or by its exact
uraian when it has none; narrative blocks nest by their `Tingkat`; a survey table in
Penjelasan points at its groups in the Survei sheet by a code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.data.models.lampiran import Blok, IndikatorRef, TableKind
from generator.data.models.perjanjian import Indikator, PerjanjianKinerja
from generator.data.models.types import suggest
from generator.data.yamlsource import FieldPath
from generator.domain.formatting import letter
from generator.domain.numbering import default_list_style, list_marker
from generator.workbook.cells import CellRead, RowOut, RowRead, cell_value
from generator.workbook.layout import LampiranSheet, Part
from generator.workbook.reading import Reading, key_text

INDIKATOR_FIELDS = ("baseline", "renstra", "misi", "formulasi", "komponen")
"""Fields of an indikator that only the lampiran prints."""

BLOCK_KINDS = ("teks", "paragraf", "tabel")
YES, NO = "ya", "tidak"


def lampiran_flag(model: PerjanjianKinerja) -> str | None:
    """The `Lampiran dicetak` cell: `ya` for an agreement with a lampiran; `tidak` when it
    has none but its indikator hold lampiran data (which alone would print one); else blank."""
    if model.lampiran is not None:
        return YES
    if any(_has_lampiran_fields(i) for s in model.sasaran for i in s.indikator):
        return NO
    return None


def _has_lampiran_fields(indikator: Indikator) -> bool:
    return any(getattr(indikator, key) is not None for key in INDIKATOR_FIELDS)


def months_text(months: frozenset[int]) -> str | None:
    """Months as staff write them: `1-12`, `2-5`, `1, 4, 7, 10, 12`, `8-9, 12`."""
    runs: list[list[int]] = []
    for month in sorted(months):
        if runs and runs[-1][-1] == month - 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{run[0]}-{run[-1]}")
        else:
            parts.extend(str(m) for m in run)
    return ", ".join(parts) or None


def survey_code(number: int) -> str:
    return f"survei-{number}"


# ============================================================================= export


class _Rows:
    """The rows of one sheet, built from values named by column field."""

    def __init__(self, sheet: LampiranSheet):
        self.sheet = sheet
        self.rows: list[RowOut] = []

    def add(
        self, values: dict[str, Any], *, no: Any = None, starts: bool = True, indent: int = 0
    ) -> None:
        self.rows.append(
            RowOut(
                tuple(
                    no if c.field is None else cell_value(values.get(c.field), c.kind)
                    for c in self.sheet.columns
                ),
                starts,
                indent,
            )
        )


def lampiran_rows(sheet: LampiranSheet, model: PerjanjianKinerja) -> list[RowOut]:
    """The rows a lampiran sheet shows of an agreement."""
    rows = _Rows(sheet)
    _WRITERS[sheet.part](rows, model)
    return rows.rows


def _indikator_rows(rows: _Rows, model: PerjanjianKinerja) -> None:
    """Every indikator (section I lists them all), with its Renstra years one per row."""
    indikator_list = [i for s in model.sasaran for i in s.indikator]
    for number, indikator in enumerate(indikator_list, start=1):
        baseline = indikator.baseline
        years: list[tuple[Any, Any]] = list((indikator.renstra or {}).items()) or [(None, None)]
        for index, (year, target) in enumerate(years):
            values: dict[str, Any] = {"renstra.tahun": year, "renstra.target": target}
            if index == 0:
                values |= {
                    "uraian": indikator.uraian,
                    "id": indikator.id,
                    "baseline.tahun": baseline.tahun if baseline else None,
                    "baseline.target": baseline.target if baseline else None,
                    "baseline.realisasi": baseline.realisasi if baseline else None,
                    "misi": indikator.misi,
                    "formulasi": indikator.formulasi,
                }
            rows.add(values, no=number if index == 0 else None, starts=index == 0)


def _komponen_rows(rows: _Rows, model: PerjanjianKinerja) -> None:
    """One row per rincian; a list's own fields on its first row, the indikator's and the
    rumus on the indikator's first row (several lists are lettered in Daftar)."""
    for sasaran in model.sasaran:
        for indikator in sasaran.indikator:
            komponen = indikator.komponen
            if komponen is None:
                continue
            first_row = True
            for n, item in enumerate(komponen.lists, start=1):
                for number, rincian in enumerate(item.rincian, start=1):
                    values: dict[str, Any] = {
                        "rincian.uraian": rincian.uraian,
                        "rincian.jumlah": rincian.jumlah,
                    }
                    if number == 1:
                        values |= {
                            "daftar": letter(n) if komponen.daftar else None,
                            "uraian": item.uraian,
                            "satuan": item.satuan,
                            "jumlah": item.jumlah,
                            "pembagi.uraian": item.pembagi.uraian if item.pembagi else None,
                            "pembagi.jumlah": item.pembagi.jumlah if item.pembagi else None,
                        }
                    if first_row:
                        values |= {
                            "indikator": indikator.uraian,
                            "id": indikator.id,
                            "rumus": komponen.rumus,
                        }
                    rows.add(values, no=number, starts=first_row)
                    first_row = False


def _survey_tables(model: PerjanjianKinerja) -> list[Blok]:
    """The survey tables of the narrative, in print order (their codes number them)."""

    def walk(blocks: list[Blok]) -> Iterator[Blok]:
        for block in blocks:
            if block.tabel is TableKind.SURVEI:
                yield block
            yield from walk(block.isi)

    return list(walk(model.lampiran.penjelasan if model.lampiran else []))


def _penjelasan_rows(rows: _Rows, model: PerjanjianKinerja) -> None:
    surveys = {id(block): survey_code(n) for n, block in enumerate(_survey_tables(model), 1)}

    def walk(blocks: list[Blok], depth: int) -> None:
        number = 0
        for block in blocks:
            values: dict[str, Any] = {"tingkat": depth}
            starts, indent = depth == 1, depth - 1
            if block.teks is not None:
                number += 1
                label = list_marker(default_list_style(depth), number)
                values |= {"jenis": "teks", "teks": block.teks}
                rows.add(values, no=label, starts=starts, indent=indent)
                walk(block.isi, depth + 1)
                continue
            number = 0  # a paragraph or a table between items starts a new list
            if block.paragraf is not None:
                values |= {"jenis": "paragraf", "teks": block.paragraf}
                rows.add(values, starts=starts, indent=indent)
                continue
            values |= {
                "jenis": "tabel",
                "tabel": block.tabel,
                "survei": surveys.get(id(block)),
                "skala": block.skala,
            }
            refs: list[IndikatorRef | None] = [*block.indikator] or [None]
            for index, ref in enumerate(refs):
                if ref is not None:
                    values |= {"indikator": ref.id, "uraian": ref.uraian}
                rows.add(values, starts=starts and index == 0, indent=indent)
                values = {}

    walk(model.lampiran.penjelasan if model.lampiran else [], 1)


def _survei_rows(rows: _Rows, model: PerjanjianKinerja) -> None:
    for number, block in enumerate(_survey_tables(model), start=1):
        first = True
        for group in block.kelompok:
            for index, layanan in enumerate(group.layanan, start=1):
                values: dict[str, Any] = {
                    "nama": layanan.nama,
                    "responden": layanan.responden,
                    "ikm": layanan.ikm,
                }
                if index == 1:
                    values |= {"indikator": group.indikator, "judul": group.judul}
                if first:
                    values["survei"] = survey_code(number)
                rows.add(values, no=index, starts=index == 1)
                first = False


def _roadmap_rows(rows: _Rows, model: PerjanjianKinerja) -> None:
    for roadmap in model.lampiran.roadmap if model.lampiran else []:
        for number, kegiatan in enumerate(roadmap.kegiatan, start=1):
            values: dict[str, Any] = {
                "kegiatan": kegiatan.uraian,
                "bulan": months_text(kegiatan.bulan),
            }
            if number == 1:
                values |= {"indikator": ", ".join(roadmap.indikator), "judul": roadmap.judul}
            rows.add(values, no=number, starts=number == 1)
            for sub, rincian in enumerate(kegiatan.rincian, start=1):
                rows.add(
                    {"rincian": rincian.uraian, "bulan": months_text(rincian.bulan)},
                    no=f"{letter(sub)}.",
                    starts=False,
                )


_WRITERS: dict[Part, Callable[[_Rows, PerjanjianKinerja], None]] = {
    Part.INDIKATOR: _indikator_rows,
    Part.KOMPONEN: _komponen_rows,
    Part.PENJELASAN: _penjelasan_rows,
    Part.SURVEI: _survei_rows,
    Part.ROADMAP: _roadmap_rows,
}


# ============================================================================= import


class _Row:
    """A row read from a lampiran sheet, its cells by column field."""

    def __init__(self, sheet: LampiranSheet, row: RowRead):
        self.sheet = sheet
        self.row = row

    def read(self, name: str) -> CellRead:
        return self.row.cells[self.sheet.column(name)]

    def own(self, name: str) -> Any:
        """The value typed in this row (not a merged cell above, not a cell in error)."""
        read = self.read(name)
        return None if read.error else read.own

    def text(self, name: str) -> str | None:
        value = self.own(name)
        return None if value is None else " ".join(str(value).split())

    def filled(self, *names: str) -> list[CellRead]:
        """The cells among `names` with something typed in this row."""
        return [r for r in (self.read(n) for n in names) if not r.blank and not r.merged_from_above]

    def where(self, name: str) -> str:
        return self.read(name).where


@dataclass(frozen=True)
class _Index:
    """The indikator of the Sasaran sheet: by code, and by uraian for those without one."""

    by_id: dict[str, tuple[int, int]]
    by_uraian: dict[str, list[tuple[int, int]]]

    @classmethod
    def of(cls, data: dict[str, Any]) -> _Index:
        by_id: dict[str, tuple[int, int]] = {}
        by_uraian: dict[str, list[tuple[int, int]]] = {}
        sasaran = data.get("sasaran")
        for s, item in enumerate(sasaran if isinstance(sasaran, list) else []):
            for i, indikator in enumerate(item.get("indikator", [])):
                if indikator.get("id") is not None:
                    by_id.setdefault(str(indikator["id"]), (s, i))
                if indikator.get("uraian") is not None:
                    by_uraian.setdefault(key_text(str(indikator["uraian"])), []).append((s, i))
        return cls(by_id, by_uraian)


@dataclass
class _SurveyTable:
    """The groups of one survey table, with their cells relative to the table's block."""

    where: str
    groups: list[dict[str, Any]] = field(default_factory=list)
    cells: dict[FieldPath, str] = field(default_factory=dict)
    used_at: str | None = None


@dataclass
class _Parent:
    """A block rows of a deeper `Tingkat` may go into (only `teks` has an `isi`)."""

    jenis: str
    block: dict[str, Any]
    path: FieldPath


class LampiranReader:
    """Reads the lampiran sheets of one workbook into `reading.data`."""

    def __init__(self, reading: Reading):
        self.reading = reading
        # Rows are tied to the indikator of the Sasaran sheet; when it could not be read
        # (reported), they are not checked against it.
        self.with_sasaran = "sasaran" in reading.data
        self.index = _Index.of(reading.data)
        self.surveys: dict[str, _SurveyTable] = {}
        self.lampiran: dict[str, Any] = {}  # penjelasan and roadmap, when filled in
        self.sheet_names: dict[str, str] = {}

    def read(self, rows: dict[Part, tuple[LampiranSheet, list[RowRead]]]) -> None:
        """Read the sheets present, then decide whether the agreement has a lampiran."""

        def sheet_rows(part: Part) -> list[_Row]:
            sheet, read = rows.get(part, (None, []))
            return [_Row(sheet, r) for r in read] if sheet else []

        self.sheet_names = {part.value: sheet.name for part, (sheet, _) in rows.items()}

        if self.with_sasaran:
            self._indikator(sheet_rows(Part.INDIKATOR))
            self._komponen(sheet_rows(Part.KOMPONEN))
        self._surveys(sheet_rows(Part.SURVEI))
        penjelasan = self._penjelasan(sheet_rows(Part.PENJELASAN))
        roadmap = self._roadmap(sheet_rows(Part.ROADMAP))
        if penjelasan:
            self.lampiran["penjelasan"] = penjelasan
        if roadmap:
            self.lampiran["roadmap"] = roadmap
        for code, table in self.surveys.items():
            if table.used_at is None:
                self.reading.error(
                    table.where,
                    f"kode survei {code!r} tidak dipakai di lembar Penjelasan; tulis kode ini "
                    "pada baris tabel survei di sana",
                )

    def decide(self, flag: CellRead | None) -> None:
        """Whether the agreement has a lampiran: as the `Lampiran dicetak` cell says, or,
        left blank, when it has content (narrative, roadmap or indikator data; the SAKIP
        regulation alone is a setting, which blank forms carry over from the YAML)."""
        data = self.reading.data
        lampiran = (data.pop("lampiran", None) or {}) | self.lampiran
        answer = None
        if flag is not None:
            self.reading.cells[("lampiran",)] = flag.where
            value = self.reading.take(flag)
            answer = None if value is None else key_text(str(value))
            if answer not in (None, YES, NO):
                self.reading.error(
                    flag.where, f"isi ya atau tidak (atau kosongkan), ditemukan {value!r}"
                )
                answer = None
        indikator_data = any(
            key in indikator
            for item in data.get("sasaran") or []
            for indikator in item.get("indikator", [])
            for key in INDIKATOR_FIELDS
        )
        if answer == NO:
            if self.lampiran and flag is not None:
                parts = " dan ".join(f"lembar {self.sheet_names[key]}" for key in self.lampiran)
                self.reading.error(
                    flag.where,
                    f"lampiran tidak dicetak, tetapi {parts} diisi; isi 'ya' (atau kosongkan) "
                    "agar lampiran dicetak, atau hapus isian lampiran itu",
                )
            return
        if answer == YES or self.lampiran or indikator_data:
            data["lampiran"] = lampiran

    # ----------------------------------------------------------------------- indikator

    def _groups(self, rows: list[_Row], keys: tuple[str, ...]) -> list[list[_Row]]:
        """Rows grouped by item: a row whose key cells hold a new value starts an item."""
        groups: list[list[_Row]] = []
        current: tuple[str | None, ...] = ()
        for row in rows:
            key = tuple(row.text(k) for k in keys)
            starts = not groups or any(
                value is not None and (not current or key_text(value) != key_text(current[n] or ""))
                for n, value in enumerate(key)
            )
            if starts:
                groups.append([row])
                current = key
            else:
                groups[-1].append(row)
        return groups

    def _indikator_of(
        self, row: _Row, label: str, seen: dict[tuple[int, int], str]
    ) -> tuple[int, int] | None:
        """The position of the indikator a row names: by code, or by its exact uraian."""
        reading = self.reading
        code_read, label_read = row.read("id"), row.read(label)
        code = reading.take(code_read)
        text = reading.take(label_read)
        if code_read.error or label_read.error:
            return None
        where = code_read.where
        if code is not None:
            position = self.index.by_id.get(str(code))
            if position is None:
                known = list(self.index.by_id)
                reading.error(
                    where,
                    f"indikator {code!r} tidak ada di lembar Sasaran{suggest(str(code), known)}; "
                    f"kode indikator: {', '.join(known) or 'belum ada'} (hapus baris ini bila "
                    "indikatornya dihapus)",
                )
                return None
        elif text is not None:
            where = label_read.where
            matches = self.index.by_uraian.get(key_text(str(text)), [])
            if len(matches) != 1:
                reading.error(
                    where,
                    f"indikator {text!r} tidak ada di lembar Sasaran; tulis uraian yang persis "
                    "sama atau Kode indikatornya"
                    if not matches
                    else "ada beberapa indikator dengan uraian ini di lembar Sasaran; tulis "
                    "Kode indikatornya",
                )
                return None
            position = matches[0]
        else:
            reading.error(
                label_read.where,
                "isi Kode indikator (atau uraian indikator) pada baris pertama setiap indikator",
            )
            return None
        if position in seen:
            reading.error(where, f"indikator ini sudah diisi di {seen[position]}")
            return None
        seen[position] = where
        return position

    def _indikator_data(self, position: tuple[int, int]) -> tuple[dict[str, Any], FieldPath]:
        s, i = position
        return self.reading.data["sasaran"][s]["indikator"][i], ("sasaran", s, "indikator", i)

    def _first_row_only(self, group: list[_Row], names: tuple[str, ...], rest: str) -> None:
        first = group[0].read(names[0]).where
        for row in group[1:]:
            for read in row.filled(*names):
                self.reading.error(
                    read.where,
                    f"isi kolom ini pada baris pertama indikator ({_row_of(first)}); baris "
                    f"berikutnya hanya untuk {rest}",
                )

    def _indikator(self, rows: list[_Row]) -> None:
        seen: dict[tuple[int, int], str] = {}
        level0 = ("baseline.tahun", "baseline.target", "baseline.realisasi", "misi", "formulasi")
        for group in self._groups(rows, ("id", "uraian")):
            first = group[0]
            has_data = any(r.filled(*level0, "renstra.tahun", "renstra.target") for r in group)
            if not has_data:
                continue  # an indikator without lampiran data: nothing to read
            position = self._indikator_of(first, "uraian", seen)
            self._first_row_only(group, level0, "tahun Renstra berikutnya")
            if position is None:
                continue
            indikator, base = self._indikator_data(position)
            baseline: dict[str, Any] = {}
            for key in ("tahun", "target", "realisasi"):
                read = first.read(f"baseline.{key}")
                value = self.reading.field(read, (*base, "baseline", key))
                if value is not None:
                    baseline[key] = value
            filled = first.filled("baseline.tahun", "baseline.target", "baseline.realisasi")
            if filled:
                self.reading.cells[(*base, "baseline")] = filled[0].where
                indikator["baseline"] = baseline
            for key in ("misi", "formulasi"):
                value = self.reading.field(first.read(key), (*base, key))
                if value is not None:
                    indikator[key] = value
            renstra = self._renstra(group, base)
            if renstra is not None:
                indikator["renstra"] = renstra

    def _renstra(self, group: list[_Row], base: FieldPath) -> dict[Any, Any] | None:
        renstra: dict[Any, Any] = {}
        years: dict[Any, str] = {}
        for row in group:
            year_read, target_read = row.read("renstra.tahun"), row.read("renstra.target")
            if not row.filled("renstra.tahun", "renstra.target"):
                continue
            if not renstra and not years:
                self.reading.cells[(*base, "renstra")] = year_read.where
            year = self.reading.take(year_read)
            target = self.reading.take(target_read)
            if year_read.error or target_read.error:
                continue
            if year is None:
                self.reading.error(year_read.where, "isi tahun Renstra untuk target ini")
                continue
            if year in years:
                self.reading.error(year_read.where, f"tahun {year} sudah ada di {years[year]}")
                continue
            years[year] = year_read.where
            self.reading.cells[(*base, "renstra", year)] = target_read.where
            self.reading.cells[(*base, "renstra", year, "[key]")] = year_read.where
            renstra[year] = target
        return renstra if years else None

    # ----------------------------------------------------------------------- komponen

    def _komponen(self, rows: list[_Row]) -> None:
        seen: dict[tuple[int, int], str] = {}
        for group in self._groups(rows, ("id", "indikator")):
            first = group[0]
            position = self._indikator_of(first, "indikator", seen)
            self._first_row_only(group, ("rumus",), "daftar dan rincian kegiatan berikutnya")
            lists = self._komponen_lists(group)
            if position is None:
                continue
            indikator, base = self._indikator_data(position)
            loc: FieldPath = (*base, "komponen")
            self.reading.cells[loc] = first.where("uraian")
            rumus = self.reading.field(first.read("rumus"), (*loc, "rumus"))
            lettered = any(item[0].text("daftar") for item in lists)
            if not lettered:
                indikator["komponen"] = self._komponen_list(lists[0], loc)
                if rumus is not None:
                    indikator["komponen"]["rumus"] = rumus
                continue
            self.reading.cells[(*loc, "daftar")] = first.where("daftar")
            komponen: dict[str, Any] = {"daftar": []}
            if rumus is not None:
                komponen["rumus"] = rumus
            for item in lists:
                item_loc: FieldPath = (*loc, "daftar", len(komponen["daftar"]))
                self.reading.cells[item_loc] = item[0].where("daftar")
                komponen["daftar"].append(self._komponen_list(item, item_loc))
            indikator["komponen"] = komponen

    def _komponen_lists(self, group: list[_Row]) -> list[list[_Row]]:
        """The rows of one indikator split into its lists: a filled Daftar starts one."""
        lists: list[list[_Row]] = []
        for row in group:
            if not lists or row.text("daftar"):
                lists.append([row])
            else:
                lists[-1].append(row)
        level0 = ("uraian", "satuan", "jumlah", "pembagi.uraian", "pembagi.jumlah")
        for item in lists:
            self._first_row_only(item, level0, "rincian kegiatan berikutnya")
        return lists

    def _komponen_list(self, rows: list[_Row], loc: FieldPath) -> dict[str, Any]:
        """One list of components: its first row's fields and one rincian per row."""
        first = rows[0]
        item: dict[str, Any] = {}
        for key in ("uraian", "satuan"):
            value = self.reading.field(first.read(key), (*loc, key))
            if value is not None:
                item[key] = value
        rincian: list[dict[str, Any]] = []
        self.reading.cells[(*loc, "rincian")] = first.where("rincian.uraian")
        for row in rows:
            if not row.filled("rincian.uraian", "rincian.jumlah"):
                continue
            item_loc = (*loc, "rincian", len(rincian))
            self.reading.cells[item_loc] = row.where("rincian.uraian")
            entry = {}
            for key in ("uraian", "jumlah"):
                value = self.reading.field(row.read(f"rincian.{key}"), (*item_loc, key))
                if value is not None:
                    entry[key] = value
            rincian.append(entry)
        item["rincian"] = rincian
        total = self.reading.field(first.read("jumlah"), (*loc, "jumlah"))
        if total is not None:
            item["jumlah"] = total
        self.reading.cells[(*loc, "pembagi")] = first.where("pembagi.uraian")
        pembagi: dict[str, Any] = {}
        for key in ("uraian", "jumlah"):
            value = self.reading.field(first.read(f"pembagi.{key}"), (*loc, "pembagi", key))
            if value is not None:
                pembagi[key] = value
        if pembagi:
            item["pembagi"] = pembagi
        return item

    # ----------------------------------------------------------------------- survei

    def _surveys(self, rows: list[_Row]) -> None:
        reading = self.reading
        table: _SurveyTable | None = None
        code: str | None = None
        group: dict[str, Any] = {}
        group_key: tuple[str | None, str | None] | None = None
        for row in rows:
            row_code = row.text("survei")
            if row_code is not None and row_code != code:
                code = row_code
                if code in self.surveys:
                    reading.error(
                        row.where("survei"),
                        f"kode survei {code!r} sudah dipakai di {self.surveys[code].where}; "
                        "setiap tabel survei memakai kode sendiri",
                    )
                    table = _SurveyTable(row.where("survei"))  # read on, keep nothing
                else:
                    table = self.surveys[code] = _SurveyTable(row.where("survei"))
                group_key = None
            if table is None:
                reading.error(
                    row.where("survei"),
                    "isi Kode survei pada baris pertama tabel (kode yang sama ditulis pada "
                    "baris tabel survei di lembar Penjelasan)",
                )
                table = _SurveyTable(row.where("survei"))
            indikator, judul = row.text("indikator"), row.text("judul")
            if (
                group_key is None
                or (indikator is not None and indikator != group_key[0])
                or (judul is not None and judul != group_key[1])
            ):
                k = len(table.groups)
                group_key = (indikator, judul)
                group = {}
                for key in ("indikator", "judul"):
                    table.cells[("kelompok", k, key)] = row.where(key)
                    value = reading.take(row.read(key))
                    if value is not None:
                        group[key] = value
                table.cells[("kelompok", k)] = row.where("indikator" if indikator else "judul")
                table.cells[("kelompok", k, "layanan")] = row.where("nama")
                group["layanan"] = []
                table.groups.append(group)
            if row.filled("nama", "responden", "ikm"):
                loc: FieldPath = ("kelompok", len(table.groups) - 1, "layanan")
                loc = (*loc, len(group["layanan"]))
                table.cells[loc] = row.where("nama")
                layanan = {}
                for key in ("nama", "responden", "ikm"):
                    table.cells[(*loc, key)] = row.where(key)
                    value = reading.take(row.read(key))
                    if value is not None:
                        layanan[key] = value
                group["layanan"].append(layanan)

    # ----------------------------------------------------------------------- penjelasan

    def _penjelasan(self, rows: list[_Row]) -> list[dict[str, Any]]:
        reading = self.reading
        blocks: list[dict[str, Any]] = []
        parents: list[_Parent] = []
        last: _Parent | None = None
        root: FieldPath = ("lampiran", "penjelasan")
        if rows:
            reading.cells[root] = rows[0].where("tingkat")
        for row in rows:
            if not row.filled("tingkat", "jenis", "teks", "tabel", "survei", "skala"):
                self._more_indikator(row, last)
                continue
            jenis = self._jenis(row)
            tingkat = self._tingkat(row)
            if tingkat is None:
                last = None
                continue
            ok, parent = self._parent(row, tingkat, parents)
            if jenis is None or not ok:
                # Rows below this one still nest under it: no second error for each of them.
                parents[tingkat - 1 :] = []
                parents.extend(_Parent("teks", {}, ()) for _ in range(tingkat - len(parents)))
                last = None
                continue
            container = blocks if parent is None else parent.block.setdefault("isi", [])
            container_path = root if parent is None else (*parent.path, "isi")
            if parent is not None:
                reading.cells.setdefault(container_path, row.where("tingkat"))
            path: FieldPath = (*container_path, len(container))
            block = self._block(row, jenis, path)
            container.append(block)
            last = _Parent(jenis, block, path)
            parents[tingkat - 1 :] = [last]
        return blocks

    def _jenis(self, row: _Row) -> str | None:
        read = row.read("jenis")
        value = self.reading.take(read)
        if value is None:
            if read.error:
                return None
            if row.own("tabel") is not None:
                return "tabel"
            self.reading.error(
                read.where,
                "wajib diisi: teks (butir bernomor), paragraf (tanpa nomor) atau tabel",
            )
            return None
        jenis = key_text(str(value))
        if jenis not in BLOCK_KINDS:
            self.reading.error(
                read.where,
                f"jenis {value!r} tidak dikenal{suggest(jenis, BLOCK_KINDS)}; pilihan: teks "
                "(butir bernomor), paragraf (tanpa nomor), tabel",
            )
            return None
        return jenis

    def _tingkat(self, row: _Row) -> int | None:
        read = row.read("tingkat")
        value = self.reading.take(read)
        if read.error:
            return None
        if value is None:
            self.reading.error(
                read.where,
                "wajib diisi: 1 untuk butir utama, 2 untuk isi butir tingkat 1, dan seterusnya",
            )
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            self.reading.error(
                read.where, f"tingkat harus bilangan bulat 1 atau lebih, ditemukan {value!r}"
            )
            return None
        return value

    def _parent(
        self, row: _Row, tingkat: int, parents: list[_Parent]
    ) -> tuple[bool, _Parent | None]:
        """The block a row nests in (None at tingkat 1); not ok, reported, when there is none."""
        if tingkat == 1:
            return True, None
        where = row.where("tingkat")
        if len(parents) < tingkat - 1:
            self.reading.error(
                where,
                f"tingkat {tingkat} tanpa butir tingkat {tingkat - 1} di atasnya; "
                f"tingkat paling dalam di sini {len(parents) + 1}",
            )
            return False, None
        parent = parents[tingkat - 2]
        if parent.jenis != "teks":
            self.reading.error(
                where,
                f"tingkat {tingkat} harus di bawah butir jenis teks tingkat {tingkat - 1}; "
                f"{parent.jenis} di atasnya tidak punya isi",
            )
            return False, None
        return True, parent

    def _block(self, row: _Row, jenis: str, path: FieldPath) -> dict[str, Any]:
        reading = self.reading
        block: dict[str, Any] = {}
        if jenis != "tabel":
            reading.cells[path] = row.where("teks")
            text = reading.field(row.read("teks"), (*path, jenis))
            if text is not None:
                block[jenis] = text
            else:
                block[jenis] = None  # reported by the model: wajib diisi
            for read in row.filled("tabel", "indikator", "uraian", "survei", "skala"):
                reading.error(read.where, f"kolom ini hanya untuk jenis tabel, bukan untuk {jenis}")
            return block
        reading.cells[path] = row.where("tabel")
        for read in row.filled("teks"):
            reading.error(
                read.where,
                "baris tabel tidak berisi teks; tulis pengantar tabel pada baris teks atau "
                "paragraf di atasnya",
            )
        kind = reading.field(row.read("tabel"), (*path, "tabel"))
        if kind is None:
            if not row.read("tabel").error:
                reading.error(
                    row.where("tabel"),
                    "wajib diisi untuk jenis tabel: " + ", ".join(k.value for k in TableKind),
                )
            return {"tabel": None}
        block["tabel"] = kind
        scale = reading.field(row.read("skala"), (*path, "skala"))
        if scale is not None:
            block["skala"] = scale
        self._ref(row, block, path)
        self._survey(row, block, path, key_text(str(kind)) == TableKind.SURVEI.value)
        return block

    def _ref(self, row: _Row, block: dict[str, Any], path: FieldPath) -> None:
        """An indikator of a renstra, baseline or komponen table (one per row)."""
        reading = self.reading
        code_read, label_read = row.read("indikator"), row.read("uraian")
        if not row.filled("indikator", "uraian"):
            return
        refs = block.setdefault("indikator", [])
        loc: FieldPath = (*path, "indikator", len(refs))
        reading.cells.setdefault((*path, "indikator"), code_read.where)
        reading.cells[loc] = code_read.where
        ref: dict[str, Any] = {}
        code = reading.field(code_read, (*loc, "id"))
        label = reading.field(label_read, (*loc, "uraian"))
        if code is None and not code_read.error:
            reading.error(code_read.where, "isi Kode indikator untuk uraian di tabel ini")
        if code is not None:
            ref["id"] = code
        if label is not None:
            ref["uraian"] = label
        refs.append(ref)

    def _more_indikator(self, row: _Row, last: _Parent | None) -> None:
        """A row with only an indikator code (and its uraian): one more row of the table
        above."""
        if last is None or last.jenis != "tabel":
            read = row.filled("indikator", "uraian")[0]
            self.reading.error(
                read.where,
                "baris ini hanya berisi kode indikator: tulis di bawah baris tabel renstra, "
                "baseline atau komponen, atau isi Tingkat dan Jenis-nya",
            )
            return
        self._ref(row, last.block, last.path)

    def _survey(self, row: _Row, block: dict[str, Any], path: FieldPath, survey: bool) -> None:
        reading = self.reading
        read = row.read("survei")
        code = row.text("survei")
        if not survey:
            if code is not None:
                reading.error(read.where, "Kode survei hanya untuk tabel survei")
            return
        reading.cells[(*path, "kelompok")] = read.where
        table = self.surveys.get(code) if code is not None else None
        if code is None:
            if not read.error:
                reading.error(
                    read.where,
                    "tabel survei memerlukan Kode survei: kode kelompok dan layanannya di "
                    "lembar Survei",
                )
        elif table is None:
            known = list(self.surveys)
            reading.error(
                read.where,
                f"kode survei {code!r} tidak ada di lembar Survei{suggest(code, known)}"
                + (f"; kode di sana: {', '.join(known)}" if known else ""),
            )
        elif table.used_at is not None:
            reading.error(
                read.where,
                f"kode survei {code!r} sudah dipakai di {table.used_at}; setiap tabel survei "
                "memakai kode sendiri",
            )
        else:
            table.used_at = read.where
            block["kelompok"] = table.groups
            for rel, where in table.cells.items():
                reading.cells[(*path, *rel)] = where
            return
        # Reported above: what the model would add about this table is left out.
        reading.failed_cells.add(reading.cells[path])
        block["kelompok"] = [{}]

    # ----------------------------------------------------------------------- roadmap

    def _roadmap(self, rows: list[_Row]) -> list[dict[str, Any]]:
        reading = self.reading
        roadmaps: list[dict[str, Any]] = []
        roadmap: dict[str, Any] | None = None
        kegiatan: dict[str, Any] | None = None
        loc: FieldPath = ()
        for row in rows:
            codes, judul = row.text("indikator"), row.text("judul")
            if codes is not None and (roadmap is None or codes != roadmap["_key"]):
                loc = ("lampiran", "roadmap", len(roadmaps))
                reading.cells.setdefault(loc[:2], row.where("indikator"))
                for key in ((), ("indikator",), ("kegiatan",)):
                    reading.cells[(*loc, *key)] = row.where("indikator")
                ids = [c for c in re.split(r"[,;\s]+", codes) if c]
                for j in range(len(ids)):
                    reading.cells[(*loc, "indikator", j)] = row.where("indikator")
                roadmap = {"_key": codes, "indikator": ids, "kegiatan": []}
                if judul is not None:
                    roadmap["judul"] = reading.field(row.read("judul"), (*loc, "judul"))
                roadmaps.append(roadmap)
                kegiatan = None
            elif judul is not None and (roadmap is None or judul != roadmap.get("judul")):
                reading.error(
                    row.where("judul"),
                    "judul ditulis pada baris pertama roadmap, bersama kode Indikatornya",
                )
            if roadmap is None:
                reading.error(
                    row.where("indikator"),
                    "isi kode Indikator pada baris pertama roadmap (dipisah koma bila lebih "
                    "dari satu)",
                )
                roadmap = {"_key": None, "indikator": [], "kegiatan": []}  # read on, keep nothing
            kegiatan = self._roadmap_row(row, roadmap, kegiatan, loc)
        for item in roadmaps:
            del item["_key"]
        return roadmaps

    def _roadmap_row(
        self,
        row: _Row,
        roadmap: dict[str, Any],
        kegiatan: dict[str, Any] | None,
        loc: FieldPath,
    ) -> dict[str, Any] | None:
        reading = self.reading
        uraian, rincian = row.own("kegiatan"), row.own("rincian")
        if uraian is not None and rincian is not None:
            reading.error(
                row.where("rincian"),
                "isi Kegiatan atau Rincian, tidak keduanya: rincian ditulis di baris sendiri "
                "di bawah kegiatannya",
            )
            return kegiatan
        if uraian is not None:
            item_loc: FieldPath = (*loc, "kegiatan", len(roadmap["kegiatan"]))
            reading.cells[item_loc] = row.where("kegiatan")
            reading.cells[(*item_loc, "rincian")] = row.where("kegiatan")
            item: dict[str, Any] = {
                "uraian": reading.field(row.read("kegiatan"), (*item_loc, "uraian"))
            }
            months = reading.field(row.read("bulan"), (*item_loc, "bulan"))
            if months is not None:
                item["bulan"] = months
            item["rincian"] = []
            roadmap["kegiatan"].append(item)
            return item
        if rincian is not None:
            if kegiatan is None:
                reading.error(row.where("rincian"), "rincian tanpa Kegiatan di atasnya")
                return kegiatan
            kegiatan_loc = (*loc, "kegiatan", len(roadmap["kegiatan"]) - 1)
            sub_loc: FieldPath = (*kegiatan_loc, "rincian", len(kegiatan["rincian"]))
            reading.cells[sub_loc] = row.where("rincian")
            sub: dict[str, Any] = {
                "uraian": reading.field(row.read("rincian"), (*sub_loc, "uraian"))
            }
            months = reading.field(row.read("bulan"), (*sub_loc, "bulan"))
            if months is not None:
                sub["bulan"] = months
            kegiatan["rincian"].append(sub)
            return kegiatan
        for read in row.filled("bulan"):
            reading.error(read.where, "bulan tanpa Kegiatan atau Rincian di baris ini")
        return kegiatan


def _row_of(where: str) -> str:
    """`baris 5` from `Lampiran I!C5`."""
    match = re.search(r"(\d+)$", where)
    return f"baris {match.group(1)}" if match else where
