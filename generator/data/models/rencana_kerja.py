"""The Rencana Kerja Reformasi Birokrasi: one unit's file, and the text its pemda shares.

A unit's file (`jenis: rencana-kerja-rb`) holds what differs per unit: the kop, the head
who signs, the decree's number and date, and the RATL (programs → kegiatan → tahapan with
their months). The body (BAB I–IV) and the default Menimbang, Mengingat and diktum are the
same for every unit of a pemda: they live once in the pemda folder's
`_rencana-kerja-rb.yaml` and name the unit only through placeholders (`{unit}`,
`{tahun}`, … see `generator.domain.placeholders`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    PlainSerializer,
    PlainValidator,
    ValidationInfo,
    field_validator,
    model_validator,
)

from generator.data.models.base import DataModel
from generator.data.models.common import Pejabat, Unit
from generator.data.models.types import (
    FigureFile,
    FigureWidth,
    Slug,
    Tanggal,
    Text,
    Year,
    invalid,
    suggest,
    validate_paragraph,
)
from generator.domain.monthgrid import Months
from generator.domain.numbering import ListStyle
from generator.domain.placeholders import PLACEHOLDERS, unknown_placeholder
from generator.domain.reference import RB_PROGRAMS, RbProgram, find_rb_program

SHARED_FILE = "_rencana-kerja-rb.yaml"


# --------------------------------------------------------------------------- field types


def validate_rb_program(value: Any) -> RbProgram:
    """An RB program named by roman numeral (`VI`), number (6) or key (`penguatan-akuntabilitas`)."""
    if isinstance(value, RbProgram):
        return value
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise invalid("program harus ditulis dengan nomor I–VIII atau namanya")
    program = find_rb_program(value)
    if program is None:
        keys = [p.key for p in RB_PROGRAMS]
        raise invalid(
            f"program {str(value)!r} tidak dikenal{suggest(str(value), keys)}; "
            f"pilihan: I–VIII atau {', '.join(keys)}"
        )
    return program


RbProgramRef = Annotated[
    RbProgram, PlainValidator(validate_rb_program), PlainSerializer(lambda p: p.roman)
]


def _check_placeholders(text: str, allowed: tuple[str, ...]) -> str:
    name = unknown_placeholder(text, allowed)
    if name is not None:
        known = ", ".join(f"{{{n}}}" for n in allowed)
        raise invalid(
            f"placeholder {{{name}}} tidak dikenal{suggest(name, allowed)}; yang dikenal: {known}"
        )
    return text


_ALL = tuple(PLACEHOLDERS)
_WITHOUT_JUDUL = tuple(n for n in PLACEHOLDERS if n != "judul")


def validate_shared_text(value: Any) -> str:
    """A paragraph of shared text whose placeholders are all known."""
    return _check_placeholders(validate_paragraph(value), _ALL)


def validate_title(value: Any) -> str:
    """The title: placeholders allowed, except `{judul}` itself."""
    return _check_placeholders(" ".join(validate_paragraph(value).split()), _WITHOUT_JUDUL)


SharedText = Annotated[str, PlainValidator(validate_shared_text)]
Title = Annotated[str, PlainValidator(validate_title)]


def validate_list_style(value: Any) -> ListStyle:
    text = str(value).strip().lower() if isinstance(value, str) else value
    try:
        return ListStyle(text)
    except ValueError:
        names = [s.value for s in ListStyle]
        raise invalid(
            f"gaya nomor {value!r} tidak dikenal{suggest(str(value), names)}; "
            f"pilihan: {', '.join(names)}"
        ) from None


ListStyleName = Annotated[
    ListStyle, PlainValidator(validate_list_style), PlainSerializer(lambda s: s.value)
]


def unique_programs(cls: type, items: list[Any]) -> list[Any]:
    """Field validator: each RB program appears once in a list of per-program items."""
    seen: dict[int, int] = {}
    for index, item in enumerate(items):
        number = item.program.number
        if number in seen:
            raise invalid(
                f"program {item.program.roman} ditulis dua kali: butir [{seen[number]}] dan "
                f"[{index}]; gabungkan isinya di satu butir"
            )
        seen[number] = index
    return items


# --------------------------------------------------------------------------- free content


def _paragraph_shorthand(value: Any) -> Any:
    """`- Teks …` in a content list is short for `- paragraf: Teks …`."""
    if isinstance(value, dict | list):
        return value
    return {"paragraf": "" if value is None else value}  # an empty `-` is an empty paragraph


def _item_shorthand(value: Any) -> Any:
    """`- Teks …` in a list is short for `- teks: Teks …` (an item without sub-content)."""
    if isinstance(value, dict | list):
        return value
    return {"teks": "" if value is None else value}


class Blok(DataModel):
    """A piece of body text: a paragraph, a list whose items may hold further content, or
    a figure (`gambar`: an image file beside the YAML file, `lebar` in cm, `keterangan`)."""

    paragraf: SharedText | None = None
    daftar: list[ButirItem] | None = Field(None, min_length=1)
    nomor: ListStyleName | None = Field(
        None, description="Gaya nomor daftar; bawaan menurut kedalaman: 1. → a. → 1) → a)"
    )
    gambar: FigureFile | None = Field(None, description="Berkas gambar (PNG/JPG) di folder ini")
    lebar: FigureWidth | None = Field(None, description="Lebar gambar dalam cm; bawaan 14")
    keterangan: SharedText | None = Field(None, description="Keterangan di bawah gambar")

    @model_validator(mode="after")
    def _one_kind(self) -> Blok:
        kinds = [k for k in ("paragraf", "daftar", "gambar") if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise invalid("tulis salah satu: paragraf (teks), daftar atau gambar")
        if self.nomor is not None and self.daftar is None:
            raise invalid("nomor hanya berlaku untuk daftar")
        if (self.lebar is not None or self.keterangan is not None) and self.gambar is None:
            raise invalid("lebar dan keterangan hanya berlaku untuk gambar")
        return self


class Butir(DataModel):
    """One list item: its text, and optionally paragraphs or lists below it."""

    teks: SharedText
    isi: list[BlokItem] = Field(default_factory=list)


BlokItem = Annotated[Blok, BeforeValidator(_paragraph_shorthand)]
ButirItem = Annotated[Butir, BeforeValidator(_item_shorthand)]
Blok.model_rebuild()
Butir.model_rebuild()

Content = list[BlokItem]
Items = list[ButirItem]


# --------------------------------------------------------------------------- shared file


class Keputusan(DataModel):
    """Menimbang (a., b., …), Mengingat (1., 2., …) and the diktum (KESATU, KEDUA, …)."""

    menimbang: list[SharedText] = Field(min_length=1)
    mengingat: list[SharedText] = Field(min_length=1)
    diktum: list[SharedText] = Field(
        min_length=1, description="Isi diktum; KESATU, KEDUA, … diberikan menurut urutan"
    )


class KeputusanUnit(DataModel):
    """A unit's own Menimbang, Mengingat or diktum, replacing the shared ones it names."""

    menimbang: list[SharedText] | None = Field(None, min_length=1)
    mengingat: list[SharedText] | None = Field(None, min_length=1)
    diktum: list[SharedText] | None = Field(None, min_length=1)


class Bagian(DataModel):
    """A numbered section of BAB I (1.1 LATAR BELAKANG …)."""

    judul: SharedText
    isi: Content = Field(min_length=1)


class Pendahuluan(DataModel):
    """BAB I."""

    judul: SharedText = "Pendahuluan"
    bagian: list[Bagian] = Field(min_length=1)


class IndikatorPengungkit(DataModel):
    """An indicator of a komponen pengungkit and the conditions it is measured by."""

    nama: SharedText
    pengukuran: SharedText = "Pengukuran indikator ini dilakukan dengan melihat kondisi apakah:"
    kondisi: Items = Field(default_factory=list)


class KomponenPengungkit(DataModel):
    """One of the eight komponen pengungkit of PMPRB: one RB program, its targets and indicators."""

    program: RbProgramRef
    judul: SharedText | None = Field(None, description="Bawaan: nama program RB")
    uraian: Content = Field(min_length=1)
    target: Items = Field(default_factory=list)
    pengantar_indikator: SharedText = (
        "Atas dasar tersebut, maka untuk mengukur pencapaian program ini digunakan "
        "indikator-indikator:"
    )
    indikator: list[IndikatorPengungkit] = Field(default_factory=list)


class Pengungkit(DataModel):
    """2.1 KOMPONEN PENGUNGKIT."""

    judul: SharedText = "Komponen Pengungkit"
    pengantar: Content = Field(default_factory=list)
    komponen: list[KomponenPengungkit] = Field(min_length=1)

    _unique = field_validator("komponen")(unique_programs)


class SasaranHasil(DataModel):
    """One sasaran of the komponen hasil and what measures it."""

    judul: SharedText
    uraian: SharedText
    ukuran: Items = Field(default_factory=list)


class Hasil(DataModel):
    """2.2 KOMPONEN HASIL."""

    judul: SharedText = "Komponen Hasil"
    pengantar: Content = Field(default_factory=list)
    sasaran: list[SasaranHasil] = Field(min_length=1)


class PenilaianMandiri(DataModel):
    """BAB II."""

    judul: SharedText = "Penilaian Mandiri Pelaksanaan Reformasi Birokrasi"
    pengantar: Content = Field(default_factory=list)
    pengungkit: Pengungkit
    hasil: Hasil


class RencanaProgram(DataModel):
    """An RB program of BAB III and the kegiatan planned for it."""

    program: RbProgramRef
    pengantar: SharedText = "Rencana kegiatan untuk mendukung Program ini adalah sebagai berikut:"
    kegiatan: list[SharedText] = Field(min_length=1)


class ProgramKegiatan(DataModel):
    """BAB III."""

    judul: SharedText = "Program dan Kegiatan Pelaksanaan Reformasi Birokrasi"
    pengantar: Content = Field(default_factory=list)
    program: list[RencanaProgram] = Field(min_length=1)
    penutup: Content = Field(default_factory=list)

    _unique = field_validator("program")(unique_programs)


class Penutup(DataModel):
    """BAB IV."""

    judul: SharedText = "Penutup"
    isi: Content = Field(min_length=1)


class RencanaKerjaBersama(DataModel):
    """`_rencana-kerja-rb.yaml`: the text every unit's Rencana Kerja RB of a pemda shares."""

    judul: Title = Field(
        description="Judul rencana kerja, misalnya "
        "'Rencana Kerja Pelaksanaan Reformasi Birokrasi {unit} Tahun {tahun}'"
    )
    judul_lampiran: Title = (
        "Rencana Aksi Tindak Lanjut (RATL) Pelaksanaan Reformasi Birokrasi {unit} Tahun {tahun}"
    )
    keputusan: Keputusan
    pendahuluan: Pendahuluan
    penilaian_mandiri: PenilaianMandiri
    program_kegiatan: ProgramKegiatan
    penutup: Penutup


# --------------------------------------------------------------------------- unit file

_PER_TAHAPAN = ("output", "kriteria", "penanggung_jawab")
_LABELS = {
    "output": "output",
    "kriteria": "kriteria keberhasilan",
    "penanggung_jawab": "penanggung jawab",
}


class Tahapan(DataModel):
    """A tahapan kerja and the months it runs; it may state its own output or kriteria."""

    uraian: Text
    bulan: Months = Field(frozenset(), description='Bulan 1–12: [1, 2], "1-3, 7", "Jan-Mar"')
    output: Text | None = Field(None, description="Bawaan: output kegiatan")
    kriteria: Text | None = Field(None, description="Bawaan: kriteria keberhasilan kegiatan")
    penanggung_jawab: Text | None = Field(None, description="Bawaan: penanggung jawab kegiatan")


class KegiatanRatl(DataModel):
    """A kegiatan of the RATL; its number within the program is its position."""

    nama: Text
    output: Text | None = None
    kriteria: Text | None = Field(None, description="Kriteria keberhasilan")
    penanggung_jawab: Text | None = None
    tahapan: list[Tahapan] = Field(min_length=1)

    @field_validator("tahapan")
    @classmethod
    def _every_row_complete(cls, tahapan: list[Tahapan], info: ValidationInfo) -> list[Tahapan]:
        # output, kriteria and penanggung_jawab are declared first: validated by now.
        for name in _PER_TAHAPAN:
            if name not in info.data or info.data[name] is not None:
                continue
            missing = [str(i) for i, t in enumerate(tahapan) if getattr(t, name) is None]
            if missing:
                where = ", ".join(f"[{i}]" for i in missing)
                raise invalid(
                    f"{_LABELS[name]} tidak diisi untuk tahapan {where}: tulis {name} pada "
                    "kegiatan, atau pada setiap tahapannya"
                )
        return tahapan


class ProgramRatl(DataModel):
    """One RB program of the RATL with the unit's kegiatan for it."""

    program: RbProgramRef
    kegiatan: list[KegiatanRatl] = Field(min_length=1)


class RencanaKerjaRb(DataModel):
    """One unit's Rencana Kerja Reformasi Birokrasi: the decree and its lampiran RATL."""

    jenis: Literal["rencana-kerja-rb"]
    slug: Slug | None = Field(None, description="Nama folder keluaran; bawaan: nama berkas")
    tahun: Year
    unit: Unit
    nomor: Text | None = Field(None, description="Nomor keputusan; kosong: '… / … / …'")
    tanggal: Tanggal = Field(description="Tanggal penetapan: 2022, 'Januari 2022' atau 2022-01-10")
    tempat: Text | None = Field(None, description="Bawaan: tempat dari pemda.yaml")
    kepala: Pejabat = Field(description="Kepala unit kerja yang menetapkan keputusan")
    keputusan: KeputusanUnit | None = Field(
        None, description="Menimbang/Mengingat/diktum sendiri; bawaan dari _rencana-kerja-rb.yaml"
    )
    ratl: list[ProgramRatl] = Field(min_length=1)

    _unique = field_validator("ratl")(unique_programs)
