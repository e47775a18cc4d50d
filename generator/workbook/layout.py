"""The SKPD workbook, declared once: its sheets, their columns, the identity rows, the lists.

The blank form, the export, the import and the YAML update all read this declaration, so a
column is named, typed and placed in one spot. A part of the agreement that is a list of
items (optionally with a nested list, like sasaran → indikator) is one `TableSheet`; adding
a sheet for a new part (the lampiran) means declaring one more `TableSheet` here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from openpyxl.utils import get_column_letter


class Kind(StrEnum):
    """What a cell holds; decides its number format, its validation and how it is read."""

    ROW_NUMBER = "no"  # printed numbering; ignored on import
    TEXT = "text"  # one line of text, kept as typed (cell format Text)
    LONG_TEXT = "long-text"  # sentences (uraian): wrapped
    CODE = "code"  # a stable id (slug): technical, shown grey
    NIP = "nip"  # 18 digits, always stored as text
    TARGET = "target"  # a number with the decimals the cell shows, or a text such as B
    RUPIAH = "rupiah"  # whole rupiah
    SATUAN = "satuan"  # one of the known satuan (list)
    SKALA = "skala"  # one of the scales (list)
    YEAR = "year"  # the year of the agreement
    DATE_DAY = "date-day"  # the parts of a signing date whose day may be left blank
    DATE_MONTH = "date-month"
    DATE_YEAR = "date-year"


TEXT_FORMAT = "@"
# [$-421] is the Indonesian locale: LibreOffice shows 1.234,50 whatever its own locale;
# Excel shows the separators of the computer's regional settings.
LOCALE_PREFIX = "[$-421]"


def number_format(places: int) -> str:
    """`[$-421]#,##0.00` for two decimals: grouped thousands, exactly `places` decimals."""
    return f"{LOCALE_PREFIX}#,##0" + ("." + "0" * places if places else "")


RUPIAH_FORMAT = number_format(0)


@dataclass(frozen=True)
class Column:
    """One column of a table sheet.

    `field` is the model field it fills on the item of its `level` (0: the list item, e.g.
    a sasaran; 1: the nested item, e.g. an indikator); None for columns pkgen only prints.
    """

    header: str
    kind: Kind
    field: str | None = None
    level: int = 0
    hint: str = ""
    width: int = 12
    max_width: int = 60


@dataclass(frozen=True)
class TableSheet:
    """A part of the agreement that is a list, one row per (nested) item.

    With `children`, rows are grouped: a row whose `group_field` cell is filled starts a new
    item (a sasaran), following rows with that cell empty, merged or repeating the same text
    add nested items (indikator) to it.
    """

    name: str
    title: str
    path: str
    columns: tuple[Column, ...]
    children: str | None = None
    group_field: str = "uraian"
    instructions: tuple[str, ...] = ()
    spare_rows: int = 60

    HEADER_ROW = 1
    HINT_ROW = 2
    FIRST_DATA_ROW = 3

    def letter(self, column: Column) -> str:
        return get_column_letter(self.columns.index(column) + 1)

    def fields(self, level: int) -> list[Column]:
        return [c for c in self.columns if c.field is not None and c.level == level]

    @property
    def group_column(self) -> Column:
        return next(c for c in self.fields(0) if c.field == self.group_field)

    @property
    def group_id_column(self) -> Column | None:
        return next((c for c in self.fields(0) if c.field == "id"), None)


@dataclass(frozen=True)
class FormField:
    """One row of the identity sheet: a label and the model path its value fills.

    `hint` may name `{tempat}` or `{kepala_daerah}`: filled from pemda.yaml when known.
    """

    label: str
    path: tuple[str, ...]
    kind: Kind = Kind.TEXT
    hint: str = ""


@dataclass(frozen=True)
class FormSection:
    """A titled group of identity rows; an `optional` group is left out when all are empty."""

    title: str
    fields: tuple[FormField, ...]
    optional: str | None = None
    note: str = ""


@dataclass(frozen=True)
class FormSheet:
    """A sheet of label / value / hint rows (identitas and penandatangan)."""

    name: str
    title: str
    sections: tuple[FormSection, ...]
    headers: tuple[str, str, str] = ("Isian", "Isi", "Keterangan")

    LABEL_COLUMN = 1
    VALUE_COLUMN = 2
    HINT_COLUMN = 3

    @property
    def fields(self) -> list[FormField]:
        return [f for s in self.sections for f in s.fields]


FILE_FIELD = ("berkas",)
"""The identity row holding the SKPD's file name: not a model field."""


@dataclass(frozen=True)
class WorkbookLayout:
    identity: FormSheet
    tables: tuple[TableSheet, ...]
    instructions_sheet: str = "Petunjuk"
    lists_sheet: str = "Daftar"

    def covered_keys(self) -> dict[tuple[str, ...], list[str]]:
        """Model keys the workbook fills, per level (`*` for any list index), in order.

        The YAML update touches only these keys; everything else in the file is kept.
        """
        keys: dict[tuple[str, ...], list[str]] = {}

        def add(level: tuple[str, ...], key: str) -> None:
            bucket = keys.setdefault(level, [])
            if key not in bucket:
                bucket.append(key)

        for form_field in self.identity.fields:
            if form_field.path == FILE_FIELD:
                continue
            add((), form_field.path[0])
            if len(form_field.path) == 2 and form_field.kind not in DATE_PARTS:
                add((form_field.path[0],), form_field.path[1])
        for table in self.tables:
            add((), table.path)
            item = (table.path, "*")
            for column in table.fields(0):
                add(item, column.field or "")
            if table.children:
                add(item, table.children)
                for column in table.fields(1):
                    add((*item, table.children, "*"), column.field or "")
        return keys

    def sheets(self) -> Iterator[str]:
        yield self.instructions_sheet
        yield self.identity.name
        yield from (t.name for t in self.tables)


DATE_PARTS = (Kind.DATE_DAY, Kind.DATE_MONTH, Kind.DATE_YEAR)


def _pejabat(section: str, role: str, optional: str | None, note: str = "") -> FormSection:
    return FormSection(
        section,
        (
            FormField(f"Nama {role}", (optional or "pihak_pertama", "nama"), hint=_NAMA_HINT),
            FormField(f"Jabatan {role}", (optional or "pihak_pertama", "jabatan")),
            FormField(
                f"Pangkat {role}", (optional or "pihak_pertama", "pangkat"), hint="misalnya Pembina"
            ),
            FormField(
                f"Golongan {role}", (optional or "pihak_pertama", "golongan"), hint="misalnya IV/a"
            ),
            FormField(
                f"NIP {role}",
                (optional or "pihak_pertama", "nip"),
                Kind.NIP,
                "18 angka tanpa spasi, diketik sebagai teks",
            ),
        ),
        optional=optional,
        note=note,
    )


_NAMA_HINT = "lengkap dengan gelar, persis seperti akan tercetak"

PK_LAYOUT = WorkbookLayout(
    identity=FormSheet(
        name="Identitas",
        title="Identitas unit kerja dan penandatangan",
        sections=(
            FormSection(
                "PERJANJIAN",
                (
                    FormField(
                        "Kode SKPD (nama berkas data)",
                        FILE_FIELD,
                        Kind.CODE,
                        "huruf kecil, angka dan '-', misalnya dinas-kesehatan; jangan diubah",
                    ),
                    FormField("Tahun perjanjian", ("tahun",), Kind.YEAR, "misalnya 2022"),
                ),
            ),
            FormSection(
                "UNIT KERJA (kop surat)",
                (
                    FormField(
                        "Nama unit kerja",
                        ("unit", "nama"),
                        hint="nama lengkap untuk kop, misalnya Dinas Kesehatan",
                    ),
                    FormField(
                        "Nama singkat unit kerja",
                        ("unit", "nama_singkat"),
                        hint="untuk judul formulir, misalnya Dinas Kesehatan Kota Medan",
                    ),
                    FormField("Alamat", ("unit", "alamat")),
                    FormField("Kode pos", ("unit", "kode_pos"), hint="boleh kosong"),
                    FormField("Telepon", ("unit", "telepon"), hint="boleh kosong"),
                    FormField("Faks", ("unit", "faks"), hint="boleh kosong"),
                    FormField("Email", ("unit", "email"), hint="boleh kosong"),
                    FormField("Website", ("unit", "website"), hint="boleh kosong"),
                ),
            ),
            FormSection(
                "PENANDATANGANAN",
                (
                    FormField(
                        "Tempat penandatanganan",
                        ("tempat",),
                        hint="kosongkan bila sama dengan tempat di pemda.yaml{tempat}",
                    ),
                    FormField(
                        "Tanggal penandatanganan (hari)",
                        ("tanggal", "hari"),
                        Kind.DATE_DAY,
                        "boleh kosong: hari sering ditulis tangan saat penandatanganan",
                    ),
                    FormField(
                        "Bulan penandatanganan (1–12)",
                        ("tanggal", "bulan"),
                        Kind.DATE_MONTH,
                        "1 = Januari, 2 = Februari, …, 12 = Desember",
                    ),
                    FormField("Tahun penandatanganan", ("tanggal", "tahun"), Kind.DATE_YEAR),
                ),
            ),
            _pejabat("PIHAK PERTAMA (kepala unit kerja)", "pihak pertama", None),
            _pejabat(
                "PIHAK KEDUA (atasan pihak pertama)",
                "pihak kedua",
                "pihak_kedua",
                "kosongkan seluruhnya bila pihak kedua adalah kepala daerah{kepala_daerah}",
            ),
        ),
    ),
    tables=(
        TableSheet(
            name="Sasaran",
            title="Sasaran strategis, indikator kinerja dan target",
            path="sasaran",
            children="indikator",
            columns=(
                Column("No", Kind.ROW_NUMBER, width=5, max_width=5),
                Column(
                    "Sasaran Strategis",
                    Kind.LONG_TEXT,
                    "uraian",
                    0,
                    "isi pada baris indikator pertamanya",
                    width=30,
                    max_width=45,
                ),
                Column(
                    "Indikator Kinerja",
                    Kind.LONG_TEXT,
                    "uraian",
                    1,
                    "satu baris per indikator",
                    width=30,
                    max_width=50,
                ),
                Column("Target", Kind.TARGET, "target", 1, "2,90 · 66 · 85,5 · B", width=12),
                Column("Satuan", Kind.SATUAN, "satuan", 1, "pilih dari daftar", width=12),
                Column("Skala", Kind.SKALA, "skala", 1, "sakip · ikm · ikm-konversi", width=13),
                Column("Kode sasaran", Kind.CODE, "id", 0, "jangan diubah", width=14),
                Column("Kode indikator", Kind.CODE, "id", 1, "jangan diubah", width=14),
            ),
            instructions=(
                "Satu baris untuk setiap indikator. Uraian sasaran ditulis pada baris indikator "
                "pertamanya; baris berikutnya yang kolom sasarannya kosong, digabung (merge) "
                "atau berisi uraian yang sama termasuk sasaran yang sama.",
                "Target diketik seperti akan tercetak: 2,90 tetap 2,90; 66; 85,5; atau teks "
                "seperti B. Kategori (B) dihitung otomatis dari skala; tidak perlu ditulis.",
                "Satuan dan skala dipilih dari daftar. Skala hanya untuk target yang dinilai "
                "dengan skala SAKIP (sakip) atau IKM (ikm, ikm-konversi).",
            ),
        ),
        TableSheet(
            name="Program",
            title="Program dan anggaran",
            path="program",
            group_field="nama",
            columns=(
                Column("No", Kind.ROW_NUMBER, width=5, max_width=5),
                Column(
                    "Program", Kind.LONG_TEXT, "nama", 0, "nama program", width=40, max_width=60
                ),
                Column(
                    "Anggaran (Rp)",
                    Kind.RUPIAH,
                    "anggaran",
                    0,
                    "rupiah penuh, tanpa desimal",
                    width=20,
                    max_width=24,
                ),
                Column("Keterangan", Kind.TEXT, "keterangan", 0, "kosong = APBD", width=14),
                Column("Kode program", Kind.CODE, "id", 0, "jangan diubah", width=14),
            ),
            instructions=(
                "Satu baris untuk setiap program. Anggaran dalam rupiah penuh tanpa desimal: "
                "100727519299 atau 100.727.519.299 (bukan 100,7 M atau 1,5 M).",
                "Keterangan: sumber dana (APBD, DAK, BLUD, …); bila kosong tercetak APBD.",
            ),
        ),
    ),
)
