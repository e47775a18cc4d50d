"""A workbook upload is checked by its content before anything reads it: size, a ZIP
holding the parts of an .xlsx (not a name ending in .xlsx), and no zip bomb (limits on
the unpacked size, the number of parts and the compression ratio)."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
MAX_UNPACKED = 60 * 1024 * 1024  # every part together, unpacked
MAX_PARTS = 2000
MAX_RATIO = 150  # unpacked / packed size of one part
RATIO_FLOOR = 1024 * 1024  # parts smaller than this may compress as they like
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


class UploadRejected(ValueError):
    """The file is not a workbook pkgen will open; the message is shown as written."""


@dataclass(frozen=True)
class CheckedUpload:
    path: Path
    name: str  # the user's file name, made safe for display and for messages


def safe_name(name: str) -> str:
    """`Dinas Kesehatan (final).xlsx` → `Dinas-Kesehatan-final-.xlsx`: no path, no oddities."""
    base = Path(name.replace("\\", "/")).name
    stem = _SAFE_NAME.sub("-", Path(base).stem).strip(".-")[:80] or "lembar-kerja"
    return f"{stem}.xlsx"


def check_xlsx(source: IO[bytes], size: int, limit: int) -> None:
    """Raise `UploadRejected` unless `source` is a plausible, bounded .xlsx workbook."""
    if size > limit:
        raise UploadRejected(
            f"berkas terlalu besar ({size / 1024 / 1024:.1f} MB); batasnya "
            f"{limit / 1024 / 1024:.0f} MB"
        )
    if size == 0:
        raise UploadRejected("berkas kosong")
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UploadRejected(
            "berkas ini bukan lembar kerja Excel (.xlsx); simpan sebagai 'Excel 2007-365 (.xlsx)'"
        ) from exc
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_PARTS:
            raise UploadRejected(f"berkas .xlsx berisi {len(entries)} bagian: terlalu banyak")
        unpacked = 0
        for entry in entries:
            if entry.flag_bits & 0x1:
                raise UploadRejected(
                    "berkas .xlsx terenkripsi atau berkata sandi; buka proteksinya"
                )
            unpacked += entry.file_size
            if entry.file_size > RATIO_FLOOR and entry.file_size > MAX_RATIO * max(
                entry.compress_size, 1
            ):
                raise UploadRejected("berkas .xlsx tidak wajar (rasio kompresi terlalu tinggi)")
        if unpacked > MAX_UNPACKED:
            raise UploadRejected(
                f"isi berkas .xlsx terlalu besar setelah dibuka ({unpacked / 1024 / 1024:.0f} MB)"
            )
        names = {e.filename for e in entries}
        if "[Content_Types].xml" not in names:
            raise UploadRejected("berkas ZIP ini bukan lembar kerja Excel (.xlsx)")
        with archive.open("[Content_Types].xml") as handle:
            types = handle.read(1024 * 1024).decode("utf-8", "replace")
        if XLSM_MAIN in types:
            raise UploadRejected(
                "lembar kerja bermakro (.xlsm) tidak diterima; simpan sebagai .xlsx"
            )
        if XLSX_MAIN not in types:
            raise UploadRejected("berkas ini dokumen Office lain, bukan lembar kerja Excel (.xlsx)")
