"""The Penjelasan sheet: section II's narrative, blocks nested by their `Tingkat`; a survey
table row names its table of the Survei sheet by code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.data.models.lampiran import TableKind
from generator.data.models.types import suggest
from generator.data.yamlsource import FieldPath
from generator.workbook.lampiran.common import BLOCK_KINDS, SheetRow
from generator.workbook.lampiran.survei import SurveyTable
from generator.workbook.reading import Reading, key_text


@dataclass
class _Parent:
    """A block rows of a deeper `Tingkat` may go into (only `teks` has an `isi`)."""

    jenis: str
    block: dict[str, Any]
    path: FieldPath


class PenjelasanReader:
    """Reads the Penjelasan sheet into the blocks of `lampiran.penjelasan`."""

    def __init__(self, reading: Reading, surveys: dict[str, SurveyTable]):
        self.reading = reading
        self.surveys = surveys

    def read(self, rows: list[SheetRow]) -> list[dict[str, Any]]:
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

    def _jenis(self, row: SheetRow) -> str | None:
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

    def _tingkat(self, row: SheetRow) -> int | None:
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
        self, row: SheetRow, tingkat: int, parents: list[_Parent]
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

    def _block(self, row: SheetRow, jenis: str, path: FieldPath) -> dict[str, Any]:
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

    def _ref(self, row: SheetRow, block: dict[str, Any], path: FieldPath) -> None:
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

    def _more_indikator(self, row: SheetRow, last: _Parent | None) -> None:
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

    def _survey(self, row: SheetRow, block: dict[str, Any], path: FieldPath, survey: bool) -> None:
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
