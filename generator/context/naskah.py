"""The wording of a PK that pemda write differently, resolved and filled in for print.

A sentence neither the agreement nor pemda.yaml words (`naskah:`) keeps the wording of
Permenpan-RB 53/2014; `{pihak_pertama}`, `{pihak_kedua}`, `{kepala_daerah}` and `{tahun}`
are filled in as plain text (never as template code), and each sentence starts with a
capital.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.data.models.common import Naskah, Pemda
from generator.data.models.perjanjian import PerjanjianKinerja
from generator.domain.placeholders import fill

NASKAH_BAWAAN = Naskah(
    sebutan_pihak_pertama="pihak pertama",
    sebutan_pihak_kedua="pihak kedua",
    pembuka="Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan "
    "akuntabel serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini:",
    disebut="Selanjutnya disebut {pihak_pertama}.",
    atasan="Selaku atasan {pihak_pertama}, selanjutnya disebut {pihak_kedua}.",
    janji="{pihak_pertama} berjanji akan mewujudkan target kinerja yang seharusnya sesuai "
    "lampiran perjanjian ini, dalam rangka mencapai target kinerja jangka menengah seperti "
    "yang telah ditetapkan dalam dokumen perencanaan. Keberhasilan dan kegagalan pencapaian "
    "target kinerja tersebut menjadi tanggung jawab kami.",
    supervisi="{pihak_kedua} akan melakukan supervisi yang diperlukan serta akan melakukan "
    "evaluasi terhadap capaian kinerja dari perjanjian ini dan mengambil tindakan yang "
    "diperlukan dalam rangka pemberian penghargaan dan sanksi.",
    kolom_sasaran="Sasaran Strategis",
    kolom_program="Program",
    kolom_misi="Misi / Program Prioritas {kepala_daerah}",
    kolom_formulasi="Formulasi Perhitungan",
    keterangan_penjelasan="(Upaya apa yang harus dilakukan untuk mencapai target indikator)",
    pengantar_roadmap="Roadmap dalam rangka pencapaian target terhadap indikator kinerja:",
)
"""The wording of Permenpan-RB 53/2014 (and of the reference PK's lampiran), used for
every sentence neither pemda.yaml nor the agreement words otherwise."""


@dataclass(frozen=True)
class NaskahCetak:
    """The PK's wording as printed: the parties' labels filled in, sentences capitalised."""

    pembuka: str
    disebut: str
    atasan: str
    janji: str
    supervisi: str
    judul_pihak_pertama: str  # "Pihak Pertama" over the signature, as the label is written
    judul_pihak_kedua: str
    kolom_sasaran: str
    kolom_program: str
    kolom_misi: str
    kolom_formulasi: str
    keterangan_penjelasan: str
    pengantar_roadmap: str


NASKAH_ESELON: dict[int, dict[str, str]] = {
    3: {"kolom_sasaran": "Sasaran Program", "kolom_program": "Program"},
    4: {"kolom_sasaran": "Sasaran Kegiatan", "kolom_program": "Kegiatan / Sub Kegiatan"},
}
"""What the formulir of a PK below eselon II presents (Permenpan-RB 53/2014 and the
regional rules after it): eselon III the sasaran program and its programs, eselon IV the
sasaran kegiatan and its kegiatan / sub kegiatan. Over pemda.yaml's wording (written for
the SKPD's own PK), under the agreement's."""


def naskah(pk: PerjanjianKinerja, pemda: Pemda) -> NaskahCetak:
    """The agreement's wording over its eselon's over the pemda's over the default,
    placeholders filled."""
    level = NASKAH_ESELON.get(pk.eselon or 2, {})
    words = NASKAH_BAWAAN.model_copy(
        update=pemda.naskah.model_dump(exclude_none=True)
        | level
        | (pk.naskah.model_dump(exclude_none=True) if pk.naskah else {})
    )
    first, second = words.sebutan_pihak_pertama or "", words.sebutan_pihak_kedua or ""
    values = {
        "pihak_pertama": first,
        "pihak_kedua": second,
        "kepala_daerah": kepala_daerah_title(pemda),
        "tahun": str(pk.tahun),
    }

    def sentence(text: str | None) -> str:
        filled = fill(text or "", values)
        return filled[:1].upper() + filled[1:]

    return NaskahCetak(
        pembuka=sentence(words.pembuka),
        disebut=sentence(words.disebut),
        atasan=sentence(words.atasan),
        janji=sentence(words.janji),
        supervisi=sentence(words.supervisi),
        judul_pihak_pertama=_heading(first),
        judul_pihak_kedua=_heading(second),
        kolom_sasaran=sentence(words.kolom_sasaran),
        kolom_program=sentence(words.kolom_program),
        kolom_misi=sentence(words.kolom_misi),
        kolom_formulasi=sentence(words.kolom_formulasi),
        keterangan_penjelasan=sentence(words.keterangan_penjelasan),
        pengantar_roadmap=sentence(words.pengantar_roadmap),
    )


def _heading(label: str) -> str:
    """`pihak pertama` heads its signature as `Pihak Pertama`; `PIHAK KESATU` as written."""
    return label.title() if label == label.lower() else label


def kepala_daerah_title(pemda: Pemda) -> str:
    """`Wali Kota` from `Wali Kota Medan` and `Pemerintah Kota Medan`; else `Kepala Daerah`."""
    region = pemda.pemerintah.split(" ", 1)[-1]  # "Kota Medan"
    for suffix in (region.split(" ", 1)[-1], region):  # "Medan", then "Kota Medan"
        title = pemda.kepala_daerah.jabatan.removesuffix(" " + suffix).strip()
        if title != pemda.kepala_daerah.jabatan:
            return title
    return "Kepala Daerah"
