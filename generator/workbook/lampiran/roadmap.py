"""The Roadmap sheet: section III's month grids, one per indikator or group of indikator,
each kegiatan with its rincian on the rows below."""

from __future__ import annotations

import re
from typing import Any

from generator.data.yamlsource import FieldPath
from generator.workbook.lampiran.common import SheetRow
from generator.workbook.reading import Reading


class RoadmapReader:
    """Reads the Roadmap sheet into `lampiran.roadmap`."""

    def __init__(self, reading: Reading):
        self.reading = reading

    def read(self, rows: list[SheetRow]) -> list[dict[str, Any]]:
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
            kegiatan = self._row(row, roadmap, kegiatan, loc)
        for item in roadmaps:
            del item["_key"]
        return roadmaps

    def _row(
        self,
        row: SheetRow,
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
