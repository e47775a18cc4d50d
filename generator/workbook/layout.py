"""The SKPD workbook, declared once: its sheets, their columns, the identity rows, the lists.

The blank form, the export, the import and the YAML update all read this declaration, so a
column is named, typed and placed in one spot. A part of the agreement that is a list of
items (optionally with a nested list, like sasaran → indikator) is one `TableSheet`. The
lampiran parts are `LampiranSheet`s: their columns are declared here too, and their `part`
names the mapping between rows and the model (`generator.workbook.lampiran`), because their
rows are keyed by indikator code, nested by depth or linked by a code instead of being one
plain list of the model.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
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
    # Lampiran
    COUNT = "count"  # a whole number of people or households (responden, jumlah KK)
    NUMBER = "number"  # a number with the decimals the cell shows (IKM 2,670)
    MONTHS = "months"  # months of a roadmap row as text: 1-12 · 2-5 · 1, 4, 7 · Jan-Mar
    LEVEL = "level"  # the depth of a narrative block (1 = outermost)
    BLOCK_KIND = "block-kind"  # teks | paragraf | tabel (list)
    TABLE_KIND = "table-kind"  # skala-sakip | skala-ikm | renstra | … (list)
    CODES = "codes"  # indikator codes separated by commas
    SAKIP_REGULATION = "sakip-regulation"  # 12/2015 | 88/2021 (list)
    YES_NO = "yes-no"  # ya | tidak (list)


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
class Sheet:
    """A sheet of rows under one header row and one hint row."""

    name: str
    title: str
    columns: tuple[Column, ...]
    instructions: tuple[str, ...] = ()
    spare_rows: int = 60

    HEADER_ROW = 1
    HINT_ROW = 2
    FIRST_DATA_ROW = 3

    def letter(self, column: Column) -> str:
        return get_column_letter(self.columns.index(column) + 1)

    def fields(self, level: int) -> list[Column]:
        return [c for c in self.columns if c.field is not None and c.level == level]

    def read_columns(self) -> list[Column]:
        """The columns import reads (the others pkgen only prints)."""
        return [c for c in self.columns if c.field is not None]


@dataclass(frozen=True, kw_only=True)
class TableSheet(Sheet):
    """A part of the agreement that is a list, one row per (nested) item.

    With `children`, rows are grouped: a row whose `group_field` cell is filled starts a new
    item (a sasaran), following rows with that cell empty, merged or repeating the same text
    add nested items (indikator) to it.
    """

    path: str
    children: str | None = None
    group_field: str = "uraian"

    @property
    def group_column(self) -> Column:
        return next(c for c in self.fields(0) if c.field == self.group_field)

    @property
    def group_id_column(self) -> Column | None:
        return next((c for c in self.fields(0) if c.field == "id"), None)


class Part(StrEnum):
    """How the rows of a lampiran sheet map to the agreement (`generator.workbook.lampiran`)."""

    INDIKATOR = "indikator"  # baseline, Renstra, misi, formulasi of each indikator
    KOMPONEN = "komponen"  # the components a computed percentage is summed from
    PENJELASAN = "penjelasan"  # the narrative blocks of section II, nested by depth
    SURVEI = "survei"  # survey groups and their services, linked from Penjelasan by a code
    ROADMAP = "roadmap"  # month grids of section III


@dataclass(frozen=True, kw_only=True)
class LampiranSheet(Sheet):
    """A sheet of the lampiran. `covers` are the model keys it holds in full (with `*` for
    any list index): the YAML update rewrites exactly these and keeps everything else."""

    part: Part
    covers: tuple[tuple[str, ...], ...] = ()

    def column(self, field: str) -> Column:
        return next(c for c in self.columns if c.field == field)


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
    lampiran: bool = False  # rows of the lampiran (absent from forms made before it)


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

LAMPIRAN_FIELD = ("lampiran",)
"""The identity row saying whether the lampiran is printed (ya / tidak / blank: when the
lampiran sheets hold anything)."""

SPECIAL_FIELDS = (FILE_FIELD, LAMPIRAN_FIELD)

Level = tuple[str, ...]


@dataclass(frozen=True)
class Coverage:
    """The model keys a workbook holds: named keys per level, and subtrees held in full.

    Levels are key paths with `*` for any list index. Below a key held in full (a lampiran
    part), every field of the model at that level is covered.
    """

    named: dict[Level, list[str]]
    whole: frozenset[Level] = frozenset()

    def keys(self, level: Level, fields: Iterable[str]) -> list[str]:
        """Covered keys at `level` of a model with these `fields`, in covered order."""
        if any(level[: len(w)] == w for w in self.whole):
            return list(fields)
        return list(self.named.get(level, []))


@dataclass(frozen=True)
class WorkbookLayout:
    identity: FormSheet
    tables: tuple[TableSheet, ...]
    lampiran: tuple[LampiranSheet, ...] = ()
    instructions_sheet: str = "Petunjuk"
    lists_sheet: str = "Daftar"

    def covered_keys(self) -> Coverage:
        """Model keys the workbook fills, per level (`*` for any list index), in order.

        The YAML update touches only these keys; everything else in the file is kept.
        """
        keys: dict[Level, list[str]] = {}
        whole: set[Level] = set()

        def add(level: Level, key: str) -> None:
            bucket = keys.setdefault(level, [])
            if key not in bucket:
                bucket.append(key)

        for form_field in self.identity.fields:
            if form_field.path in SPECIAL_FIELDS:
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
        for sheet in self.lampiran:
            for path in sheet.covers:
                for end in range(1, len(path) + 1):
                    if path[end - 1] != "*":
                        add(path[: end - 1], path[end - 1])
                whole.add(path)
        return Coverage(keys, frozenset(whole))

    @property
    def sheet_tables(self) -> tuple[Sheet, ...]:
        """Every sheet of rows, in workbook order."""
        return (*self.tables, *self.lampiran)

    def sheets(self) -> Iterator[str]:
        yield self.instructions_sheet
        yield self.identity.name
        yield from (t.name for t in self.sheet_tables)

    def core(self) -> WorkbookLayout:
        """The layout of forms made before the lampiran sheets: the PK alone."""
        sections = tuple(s for s in self.identity.sections if not s.lampiran)
        identity = replace(self.identity, sections=sections)
        return replace(self, identity=identity, lampiran=())


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
            FormSection(
                "LAMPIRAN",
                (
                    FormField(
                        "Lampiran dicetak (ya/tidak)",
                        LAMPIRAN_FIELD,
                        Kind.YES_NO,
                        "kosong: dicetak bila lembar lampiran berisi data; ya: selalu (bagian I "
                        "saja bila lembar lain kosong); tidak: tanpa lampiran",
                    ),
                    FormField(
                        "Peraturan evaluasi SAKIP",
                        ("lampiran", "peraturan_sakip"),
                        Kind.SAKIP_REGULATION,
                        "12/2015 atau 88/2021 (Permenpan-RB): bobot komponen untuk "
                        "{{bobot-sakip}} dan nama untuk {{peraturan-sakip}}",
                    ),
                ),
                optional="lampiran",
                lampiran=True,
            ),
            FormSection(
                "TAMPILAN TARGET BERKATEGORI",
                tuple(
                    FormField(
                        f"Di {part}",
                        ("tampilan", part),
                        Kind.TEXT,
                        "kosong: seperti pemda.yaml; angka-kategori (88,30 (B)), kategori-angka "
                        "(B (88,30)), kategori (B) atau angka (88,30)",
                    )
                    for part in ("formulir", "lampiran")
                ),
                optional="tampilan",
            ),
            FormSection(
                "JENJANG (PK per jabatan: eselon III dan IV)",
                (
                    FormField(
                        "Kode jabatan",
                        ("id",),
                        Kind.CODE,
                        "kosong untuk PK kepala perangkat daerah; misalnya bidang-sd",
                    ),
                    FormField(
                        "PK atasan",
                        ("atasan",),
                        hint="kosong untuk PK kepala perangkat daerah; misalnya "
                        "dinas-kesehatan atau dinas-kesehatan/sekretaris (pihak kedua "
                        "diambil dari PK itu)",
                    ),
                    FormField(
                        "Pihak pertama pelaksana (plt/plh)",
                        ("pihak_pertama", "pelaksana"),
                        hint="kosong untuk pejabat definitif; plt atau plh",
                    ),
                    FormField(
                        "Jabatan definitif pihak pertama",
                        ("pihak_pertama", "jabatan_definitif"),
                        hint="hanya untuk Plt./Plh.",
                    ),
                ),
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
                Column(
                    "Mendukung indikator atasan",
                    Kind.CODE,
                    "mendukung",
                    1,
                    "PK eselon III/IV: kode indikator PK atasan",
                    width=16,
                ),
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
                Column(
                    "Mendukung program atasan",
                    Kind.CODE,
                    "mendukung",
                    0,
                    "PK eselon IV: kode program PK atasan",
                    width=16,
                ),
            ),
            instructions=(
                "Satu baris untuk setiap program. Anggaran dalam rupiah penuh tanpa desimal: "
                "100727519299 atau 100.727.519.299 (bukan 100,7 M atau 1,5 M).",
                "Keterangan: sumber dana (APBD, DAK, BLUD, …); bila kosong tercetak APBD.",
            ),
        ),
    ),
    lampiran=(
        LampiranSheet(
            name="Lampiran I",
            title="Lampiran I: baseline, target Renstra, misi dan formulasi setiap indikator",
            part=Part.INDIKATOR,
            covers=tuple(
                ("sasaran", "*", "indikator", "*", key)
                for key in ("baseline", "renstra", "misi", "formulasi")
            ),
            columns=(
                Column("No", Kind.ROW_NUMBER, width=5, max_width=5),
                Column(
                    "Indikator Kinerja",
                    Kind.LONG_TEXT,
                    "uraian",
                    hint="seperti di lembar Sasaran; dipakai bila kode kosong",
                    width=30,
                    max_width=45,
                ),
                Column("Tahun baseline", Kind.YEAR, "baseline.tahun", hint="kosong = tahun PK − 1"),
                Column("Target baseline", Kind.TARGET, "baseline.target", hint="62 · 2,70 · B"),
                Column("Realisasi baseline", Kind.TARGET, "baseline.realisasi", hint="63,3"),
                Column(
                    "Misi / Program Prioritas",
                    Kind.LONG_TEXT,
                    "misi",
                    hint="*miring*, **tebal**",
                    width=30,
                    max_width=45,
                ),
                Column(
                    "Formulasi Perhitungan",
                    Kind.LONG_TEXT,
                    "formulasi",
                    hint="*miring*, **tebal**",
                    width=30,
                    max_width=50,
                ),
                Column("Tahun Renstra", Kind.YEAR, "renstra.tahun", 1, "satu tahun per baris"),
                Column("Target Renstra", Kind.TARGET, "renstra.target", 1, "target tahun itu"),
                Column(
                    "Kode indikator", Kind.CODE, "id", hint="sama dengan lembar Sasaran", width=14
                ),
            ),
            instructions=(
                "Satu kelompok baris untuk setiap indikator (bagian I lampiran: penjelasan "
                "perhitungan). Indikator dikenali dari Kode indikator (sama dengan lembar "
                "Sasaran) atau, bila kode kosong, dari uraiannya yang persis sama.",
                "Baseline (tahun sebelumnya), misi dan formulasi ditulis pada baris pertama "
                "indikator. Target Renstra satu tahun per baris: baris berikutnya dengan kolom "
                "indikator kosong menambah tahun untuk indikator yang sama.",
                "Kategori (B, Baik, …) dihitung pkgen dari skala di lembar Sasaran; tidak perlu "
                "ditulis.",
            ),
        ),
        LampiranSheet(
            name="Komponen",
            title="Komponen: target persen yang dihitung dari rincian kegiatan",
            part=Part.KOMPONEN,
            covers=(("sasaran", "*", "indikator", "*", "komponen"),),
            columns=(
                Column("No", Kind.ROW_NUMBER, width=5, max_width=5),
                Column(
                    "Indikator Kinerja",
                    Kind.LONG_TEXT,
                    "indikator",
                    hint="seperti di lembar Sasaran; dipakai bila kode kosong",
                    width=30,
                    max_width=40,
                ),
                Column(
                    "Pembilang",
                    Kind.LONG_TEXT,
                    "uraian",
                    hint="misalnya Jumlah KK yang mendapatkan manfaat",
                    width=24,
                    max_width=36,
                ),
                Column("Satuan", Kind.SATUAN, "satuan", hint="KK atau orang", width=10),
                Column(
                    "Rincian kegiatan",
                    Kind.LONG_TEXT,
                    "rincian.uraian",
                    1,
                    "satu kegiatan per baris",
                    width=36,
                    max_width=50,
                ),
                Column("Jumlah", Kind.COUNT, "rincian.jumlah", 1, "penerima manfaat", width=10),
                Column(
                    "Jumlah seluruhnya",
                    Kind.COUNT,
                    "jumlah",
                    hint="boleh kosong; harus sama dengan penjumlahan rincian",
                    width=12,
                ),
                Column(
                    "Pembagi",
                    Kind.LONG_TEXT,
                    "pembagi.uraian",
                    hint="misalnya Jumlah KK di Kecamatan …",
                    width=24,
                    max_width=36,
                ),
                Column("Jumlah pembagi", Kind.COUNT, "pembagi.jumlah", hint="bukan 0", width=12),
                Column(
                    "Kode indikator", Kind.CODE, "id", hint="sama dengan lembar Sasaran", width=14
                ),
                Column(
                    "Rumus",
                    Kind.TEXT,
                    "rumus",
                    hint="kosong: satu daftar; jumlah, rata-rata atau rasio",
                    width=11,
                ),
                Column(
                    "Daftar",
                    Kind.TEXT,
                    "daftar",
                    hint="a, b, …: satu daftar per huruf; kosong: satu daftar",
                    width=8,
                ),
            ),
            instructions=(
                "Untuk indikator persen yang dihitung dari daftar kegiatan (penerima manfaat "
                "dalam KK atau orang): satu baris per kegiatan. Pembilang, satuan, pembagi dan "
                "jumlahnya ditulis pada baris pertama indikator.",
                "Beberapa daftar (a), (b), … untuk satu indikator: tulis hurufnya di kolom Daftar "
                "pada baris pertama setiap daftar, dan Rumus pada baris pertama indikator: jumlah "
                "(a) + (b), rata-rata ((a) + (b)) / 2 dari persentase setiap daftar (isi pembagi "
                "setiap daftar), atau rasio (a) : (b) × 100%.",
                "pkgen menjumlahkan rincian dan menghitung persentasenya; Jumlah seluruhnya boleh "
                "dikosongkan, bila diisi harus sama dengan penjumlahan rincian. Target indikator "
                "di lembar Sasaran harus sama dengan hasil hitungnya.",
            ),
        ),
        LampiranSheet(
            name="Penjelasan",
            title="Lampiran II: penjelasan indikator kinerja (teks bertingkat dan tabel)",
            part=Part.PENJELASAN,
            covers=(("lampiran", "penjelasan"),),
            spare_rows=100,
            columns=(
                Column("No", Kind.ROW_NUMBER, hint="tercetak; diisi pkgen", width=5, max_width=5),
                Column(
                    "Tingkat", Kind.LEVEL, "tingkat", hint="1 = butir utama", width=8, max_width=8
                ),
                Column("Jenis", Kind.BLOCK_KIND, "jenis", hint="teks · paragraf · tabel", width=10),
                Column(
                    "Teks",
                    Kind.LONG_TEXT,
                    "teks",
                    hint="*miring*, **tebal**, {penanda}",
                    width=60,
                    max_width=90,
                ),
                Column("Tabel", Kind.TABLE_KIND, "tabel", hint="untuk jenis tabel", width=12),
                Column(
                    "Kode indikator",
                    Kind.CODE,
                    "indikator",
                    hint="tabel renstra, baseline, komponen: satu per baris",
                    width=16,
                ),
                Column(
                    "Uraian di tabel",
                    Kind.TEXT,
                    "uraian",
                    hint="boleh kosong: uraian indikator",
                    width=18,
                    max_width=40,
                ),
                Column(
                    "Kode survei", Kind.CODE, "survei", hint="tabel survei: lihat lembar Survei"
                ),
                Column("Kode skala", Kind.CODE, "skala", hint="tabel skala: kode skala pemda.yaml"),
            ),
            instructions=(
                "Satu baris untuk setiap butir, paragraf atau tabel, urut seperti tercetak. "
                "Tingkat 1 adalah butir utama (1., 2., …); tingkat 2 berada di bawah butir teks "
                "tingkat 1 di atasnya (a., b., …), tingkat 3 di bawah tingkat 2 (1), 2), …), dan "
                "seterusnya. Nomor butir dihitung pkgen; kolom No hanya petunjuk.",
                "Jenis teks: butir bernomor (bisa punya isi bertingkat di bawahnya); paragraf: "
                "paragraf tanpa nomor; tabel: tabel yang dihitung pkgen (kolom Tabel: "
                "skala-sakip, skala-ikm, skala, bobot-sakip, renstra, baseline, survei, "
                "komponen). Tabel skala mencetak skala pemda yang kodenya ditulis di kolom "
                "Kode skala; bobot-sakip mencetak bobot komponen peraturan SAKIP yang dipilih.",
                "Teks ditulis persis seperti akan tercetak: *miring*, **tebal**, dan penanda "
                "seperti {nilai-sakip.target} yang diisi pkgen dari data (lihat daftar penanda "
                "di bawah). Tulis \\* atau \\{ untuk bintang atau kurung kurawal biasa.",
                "Tabel renstra, baseline dan komponen: Kode indikator di baris tabel; baris "
                "berikutnya yang hanya berisi Kode indikator (dan Uraian di tabel) menambah "
                "indikator ke tabel yang sama. Tabel survei: Kode survei menunjuk kelompok dan "
                "layanannya di lembar Survei.",
                "Menyisipkan butir: sisipkan baris, isi tingkat dan jenisnya. Menghapus butir: "
                "hapus barisnya beserta baris-baris bertingkat lebih dalam di bawahnya.",
            ),
        ),
        LampiranSheet(
            name="Survei",
            title="Tabel survei: kelompok layanan, jumlah responden dan IKM",
            part=Part.SURVEI,
            columns=(
                Column("No", Kind.ROW_NUMBER, width=5, max_width=5),
                Column(
                    "Kode survei",
                    Kind.CODE,
                    "survei",
                    hint="sama dengan lembar Penjelasan",
                    width=12,
                ),
                Column(
                    "Kode indikator kelompok",
                    Kind.CODE,
                    "indikator",
                    hint="judul kelompok: uraian indikator ini",
                    width=16,
                ),
                Column(
                    "Judul kelompok",
                    Kind.LONG_TEXT,
                    "judul",
                    hint="boleh kosong bila kode indikator diisi",
                    width=24,
                    max_width=40,
                ),
                Column(
                    "Jenis Layanan",
                    Kind.LONG_TEXT,
                    "nama",
                    hint="satu layanan per baris",
                    width=40,
                    max_width=60,
                ),
                Column("Jumlah Responden", Kind.COUNT, "responden", hint="bilangan bulat"),
                Column("IKM", Kind.NUMBER, "ikm", hint="seperti dilaporkan: 2,892", width=10),
            ),
            instructions=(
                "Satu baris per layanan. Kode survei (di baris pertama tabel) menghubungkan "
                "tabel dengan baris tabel survei di lembar Penjelasan. Kelompok baru dimulai "
                "pada baris yang kolom kode indikator atau judul kelompoknya diisi.",
                "Hanya jumlah responden dan IKM layanan yang diisi; nilai konversi, mutu, "
                "kinerja, jumlah responden dan rata-rata IKM kelompok dihitung pkgen. IKM "
                "ditulis dengan desimal seperti dilaporkan (2,670 tetap 2,670).",
            ),
        ),
        LampiranSheet(
            name="Roadmap",
            title="Lampiran III: roadmap menuju pencapaian target (bulan pelaksanaan)",
            part=Part.ROADMAP,
            covers=(("lampiran", "roadmap"),),
            columns=(
                Column("No", Kind.ROW_NUMBER, hint="tercetak; diisi pkgen", width=5, max_width=5),
                Column(
                    "Indikator",
                    Kind.CODES,
                    "indikator",
                    hint="kode indikator, dipisah koma",
                    width=18,
                    max_width=30,
                ),
                Column(
                    "Judul",
                    Kind.LONG_TEXT,
                    "judul",
                    hint="boleh kosong: uraian indikatornya",
                    width=24,
                    max_width=40,
                ),
                Column(
                    "Kegiatan",
                    Kind.LONG_TEXT,
                    "kegiatan",
                    hint="baris bernomor 1, 2, …",
                    width=36,
                    max_width=50,
                ),
                Column(
                    "Rincian",
                    Kind.LONG_TEXT,
                    "rincian",
                    hint="sub-baris a., b., … di bawah kegiatannya",
                    width=30,
                    max_width=50,
                ),
                Column("Bulan", Kind.MONTHS, "bulan", hint="1-12 · 2-5 · 1, 4, 7", width=14),
            ),
            instructions=(
                "Satu tabel bulan (Jan–Des) untuk setiap indikator atau kelompok indikator: "
                "kode indikatornya (dipisah koma) dan judul (boleh kosong) di baris pertama.",
                "Setiap baris berisi satu Kegiatan (baris bernomor) atau satu Rincian (sub-baris "
                "berhuruf di bawah kegiatan di atasnya), tidak keduanya, dengan bulan "
                "pelaksanaannya: 1-12, 2-5, 1, 4, 7, 10, 12 atau Jan-Mar, Des. Kegiatan yang "
                "punya rincian boleh tanpa bulan.",
            ),
        ),
    ),
)
