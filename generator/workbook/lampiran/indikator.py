"""The lampiran sheets that add to the indikator of the Sasaran sheet: the indikator sheet
(baseline, Renstra years, misi, formulasi) and the Komponen sheet. Each item names its
indikator by code, or by its exact uraian when it has none."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.data.models.types import suggest
from generator.data.yamlsource import FieldPath
from generator.workbook.lampiran.common import SheetRow, item_groups, row_of
from generator.workbook.reading import Reading, key_text


@dataclass(frozen=True)
class IndikatorIndex:
    """The indikator of the Sasaran sheet: by code, and by uraian for those without one."""

    by_id: dict[str, tuple[int, int]]
    by_uraian: dict[str, list[tuple[int, int]]]

    @classmethod
    def of(cls, data: dict[str, Any]) -> IndikatorIndex:
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


class IndikatorSheets:
    """Reads the indikator and Komponen sheets into the indikator of `reading.data`."""

    def __init__(self, reading: Reading):
        self.reading = reading
        self.index = IndikatorIndex.of(reading.data)

    def read_indikator(self, rows: list[SheetRow]) -> None:
        seen: dict[tuple[int, int], str] = {}
        level0 = ("baseline.tahun", "baseline.target", "baseline.realisasi", "misi", "formulasi")
        for group in item_groups(rows, ("id", "uraian")):
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

    def _renstra(self, group: list[SheetRow], base: FieldPath) -> dict[Any, Any] | None:
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

    def read_komponen(self, rows: list[SheetRow]) -> None:
        seen: dict[tuple[int, int], str] = {}
        for group in item_groups(rows, ("id", "indikator")):
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

    def _komponen_lists(self, group: list[SheetRow]) -> list[list[SheetRow]]:
        """The rows of one indikator split into its lists: a filled Daftar starts one."""
        lists: list[list[SheetRow]] = []
        for row in group:
            if not lists or row.text("daftar"):
                lists.append([row])
            else:
                lists[-1].append(row)
        level0 = ("uraian", "satuan", "jumlah", "pembagi.uraian", "pembagi.jumlah")
        for item in lists:
            self._first_row_only(item, level0, "rincian kegiatan berikutnya")
        return lists

    def _komponen_list(self, rows: list[SheetRow], loc: FieldPath) -> dict[str, Any]:
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

    def _indikator_of(
        self, row: SheetRow, label: str, seen: dict[tuple[int, int], str]
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

    def _first_row_only(self, group: list[SheetRow], names: tuple[str, ...], rest: str) -> None:
        first = group[0].read(names[0]).where
        for row in group[1:]:
            for read in row.filled(*names):
                self.reading.error(
                    read.where,
                    f"isi kolom ini pada baris pertama indikator ({row_of(first)}); baris "
                    f"berikutnya hanya untuk {rest}",
                )
