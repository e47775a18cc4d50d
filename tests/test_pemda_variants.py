"""Any pemda's PK as written: its wording and templates, signatories of any level, the
logo it has (or has not), and the forms its targets take."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from conftest import PEMDA_YAML, SKPD_YAML, TEMPLATES, dedent
from docx_structure import read_docx, text_of
from lxml import etree
from PIL import Image

from generator.build.checking import check
from generator.build.naming import output_path
from generator.build.pipeline import Renderer, build
from generator.build.report import BuildOptions, Status
from generator.data.loading import load_batch

KECAMATAN = """\
tahun: 2022
unit:
  nama: Kecamatan Kebon Jeruk
  nama_singkat: Kecamatan Kebon Jeruk
  alamat: Jalan Raya Kebon Jeruk No. 1
tanggal: Januari 2022
pihak_pertama:
  nama: DEDI KURNIAWAN, S.Sos.
  jabatan: Camat Kebon Jeruk
sasaran:
  - uraian: Meningkatnya kualitas pelayanan kesehatan dasar
    indikator:
      - uraian: Jumlah pemeriksaan kesehatan warga
        satuan: pemeriksaan
        target: 162.081
program:
  - nama: Program Penyelenggaraan Pemerintahan dan Pelayanan Publik
    anggaran: 1246870500
"""


def problems(folder: Path) -> list[str]:
    return [str(p).split("agreements/2022/", 1)[-1] for p in load_batch([folder]).problems]


def rendered(folder: Path, name: str | None = None):
    batch = load_batch([folder])
    assert not batch.has_errors, [str(p) for p in batch.problems]
    agreements = [a for a in batch.agreements if name is None or a.path.stem == name]
    return read_docx(Renderer(TEMPLATES).render(agreements[0]))


# --------------------------------------------------------------------------- NIP, 162.081


def test_a_kecamatan_pk_without_nip_builds_with_one_warning_and_no_nip_line(year_folder):
    folder = year_folder(kecamatan=KECAMATAN)
    assert problems(folder) == [
        "kecamatan.yaml:7: pihak_pertama: peringatan: NIP pihak pertama (DEDI KURNIAWAN, "
        "S.Sos.) tidak diisi: baris NIP tidak dicetak; tulis 'nip', atau 'asn: false' bila "
        "pejabat ini bukan ASN"
    ]
    doc = rendered(folder)
    assert "NIP" not in doc.all_text
    assert "DEDI KURNIAWAN, S.Sos." in doc.all_text


def test_an_official_who_is_not_an_asn_has_no_nip_and_no_warning(year_folder):
    text = KECAMATAN.replace(
        "  jabatan: Camat Kebon Jeruk\n", "  jabatan: Camat Kebon Jeruk\n  asn: false\n"
    )
    assert problems(year_folder(kecamatan=text)) == []


def test_162_081_with_satuan_pemeriksaan_prints_one_hundred_sixty_two_thousand(year_folder):
    doc = rendered(year_folder(kecamatan=KECAMATAN))
    target = doc.table_with("Indikator Kinerja").rows[2].texts[-1]
    assert target == "162.081 pemeriksaan"
    assert "162,081" not in doc.all_text


def test_162_081_without_a_satuan_is_an_error_naming_both_readings(year_folder):
    text = KECAMATAN.replace("        satuan: pemeriksaan\n", "")
    assert problems(year_folder(kecamatan=text))[-1] == (
        "kecamatan.yaml:14: sasaran[0].indikator[0].target: angka 162.081 meragukan karena "
        "satuannya tidak disebut: bisa dibaca 162081 (seratus enam puluh dua ribu delapan "
        'puluh satu) atau 162,081 (pecahan desimal); tulis 162081 atau "162,081"'
    )


# --------------------------------------------------------------------------- wording

PIHAK_KESATU = dedent(PEMDA_YAML).replace(
    "Pemerintah Kota Medan", "Pemerintah Kabupaten Banjar"
).replace("tempat: Medan", "tempat: Martapura").replace(
    "MUHAMMAD BOBBY AFIF NASUTION, S.E., M.M.", "H. SAIDI MANSYUR"
).replace("Wali Kota Medan", "Bupati Banjar") + dedent(
    """
    naskah:
      sebutan_pihak_pertama: PIHAK KESATU
      sebutan_pihak_kedua: PIHAK KEDUA
      disebut: Selanjutnya disebut sebagai {pihak_pertama}.
      atasan: Selaku atasan pihak kesatu, selanjutnya disebut sebagai {pihak_kedua}.
      supervisi: >-
        Pihak kedua akan memberikan supervisi yang diperlukan serta akan melakukan evaluasi
        terhadap capaian kinerja dari perjanjian ini.
    """
)

UNIT_RSUD = """\
tahun: 2022
unit:
  nama: Rumah Sakit Umum Daerah Ratu Zalecha
  nama_singkat: RSUD Ratu Zalecha
  alamat: Jalan Menteri Empat Martapura
tanggal: Januari 2022
"""

RUMAH_SAKIT = (
    UNIT_RSUD
    + """\
pihak_pertama:
  nama: dr. AGUS RIYANTO, M.Kes.
  jabatan: Kepala Bidang Pelayanan Medik RSUD Ratu Zalecha
  pangkat: Penata Tingkat I
  golongan: III/d
  nip: 197808122006041009
pihak_kedua:
  nama: dr. DIAUDDIN, M.Kes.
  jabatan: Direktur RSUD Ratu Zalecha
  pangkat: Pembina Tingkat I
  golongan: IV/b
  nip: 197001011998031010
sasaran:
  - uraian: Terpenuhinya standar mutu asuhan pelayanan dan keselamatan pasien
    indikator:
      - {uraian: BOR (tingkat pemanfaatan tempat tidur), target: 60-75 %}
      - {uraian: AvLOS (rata-rata lama perawatan pasien), target: 3 sd 6 hari}
      - {uraian: Kelengkapan jenis spesialis, target: 18 jenis}
  - uraian: Bertahannya status akreditasi
    indikator:
      - {uraian: Hasil penilaian status akreditasi rumah sakit, target: Paripurna}
program:
  - {nama: Program Pemenuhan Upaya Kesehatan Perorangan, anggaran: 31825000000, keterangan: BLUD}
"""
)


def test_a_pihak_kesatu_pk_with_a_direktur_is_written_from_data_alone(year_folder):
    folder = year_folder(pemda=PIHAK_KESATU, rsud=RUMAH_SAKIT)
    assert problems(folder) == []
    doc = rendered(folder)
    assert "Selanjutnya disebut sebagai PIHAK KESATU." in doc.paragraphs
    assert "Selaku atasan pihak kesatu, selanjutnya disebut sebagai PIHAK KEDUA." in doc.paragraphs
    assert any(p.startswith("Pihak kedua akan memberikan supervisi") for p in doc.paragraphs)
    # The sentence not worded by the pemda keeps Permenpan-RB 53/2014's, with its label.
    assert any(p.startswith("PIHAK KESATU berjanji akan mewujudkan") for p in doc.paragraphs)
    signatures = next(
        t for t in doc.tables if ["PIHAK KEDUA,", "PIHAK KESATU,"] in [r.texts for r in t.rows]
    )
    assert [r.texts for r in signatures.rows[2:]] == [
        ["DIREKTUR RSUD RATU ZALECHA,", "KEPALA BIDANG PELAYANAN MEDIK RSUD RATU ZALECHA,"],
        ["", ""],
        ["dr. DIAUDDIN, M.Kes.", "dr. AGUS RIYANTO, M.Kes."],
        ["PEMBINA TINGKAT I (IV/b)", "PENATA TINGKAT I (III/d)"],
        ["NIP. 19700101 199803 1 010", "NIP. 19780812 200604 1 009"],
    ]
    formulir = doc.table_with("Indikator Kinerja")
    assert [r.texts[-1] for r in formulir.rows[2:]] == [
        "60-75%",
        "3 sd 6 hari",
        "18 jenis",
        "Paripurna",
    ]
    assert doc.table_with("Anggaran").rows[1].texts[-1] == "BLUD"


def test_an_unknown_placeholder_in_the_wording_is_an_error_at_its_line(year_folder):
    pemda = dedent(PEMDA_YAML) + "naskah:\n  disebut: Selanjutnya disebut {pihak_satu}.\n"
    assert problems(year_folder(pemda=pemda, dprd=SKPD_YAML))[-1] == (
        "pemda.yaml:8: naskah.disebut: penanda {pihak_satu} tidak dikenal; penanda yang "
        "boleh: {pihak_pertama}, {pihak_kedua}, {kepala_daerah}, {tahun}"
    )


def test_an_agreement_may_word_a_sentence_differently_from_its_pemda(year_folder):
    skpd = (
        dedent(SKPD_YAML) + "naskah:\n  kolom_program: Kegiatan\n  kolom_sasaran: Sasaran Program\n"
    )
    doc = rendered(year_folder(dprd=skpd))
    assert doc.table_with("Anggaran").rows[0].texts[:2] == ["No", "Kegiatan"]
    assert doc.table_with("Indikator Kinerja").rows[0].texts[1] == "Sasaran Program"


# --------------------------------------------------------------------------- templates


def own_template(folder: Path, old: str, new: str, name: str = "templates") -> Path:
    """A copy of the shipped PK template in the pemda folder with one text changed."""
    target = folder / name / "perjanjian-kinerja.docx"
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(TEMPLATES / "perjanjian-kinerja.docx") as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                assert old in text
                data = text.replace(old, new).encode("utf-8")
            out.writestr(info, data)
    return target


def two_pemda(year_folder) -> tuple[Path, Path]:
    folder = year_folder(dprd=SKPD_YAML)
    other = folder / "kabupaten-banjar"
    other.mkdir()
    (other / "pemda.yaml").write_text(PIHAK_KESATU, encoding="utf-8")
    (other / "rsud.yaml").write_text(RUMAH_SAKIT, encoding="utf-8")
    return folder, other


def test_a_pemda_template_is_used_for_that_pemda_only(year_folder):
    medan, banjar = two_pemda(year_folder)
    own_template(banjar, "LAMPIRAN:", "LAMPIRAN PERJANJIAN KINERJA:")
    own_template(banjar, "{{ judul }}", "{{ judul }} (TEMPLAT BANJAR)", name="templat")
    assert "(TEMPLAT BANJAR)" not in rendered(banjar).all_text  # templates/ by default
    (banjar / "pemda.yaml").write_text(
        PIHAK_KESATU + "templat:\n  perjanjian-kinerja: templat/perjanjian-kinerja.docx\n",
        encoding="utf-8",
    )
    assert "PERJANJIAN KINERJA TAHUN 2022 (TEMPLAT BANJAR)" in rendered(banjar).paragraphs
    assert "(TEMPLAT BANJAR)" not in rendered(medan, "dprd").all_text


def test_pkgen_check_lints_a_pemda_template_like_the_shipped_ones(year_folder):
    _, banjar = two_pemda(year_folder)
    template = own_template(banjar, "{{ judul }}", "{{ judull }}")
    result = check([banjar.parent], TEMPLATES)
    errors = [str(p) for p in result.problems if p.is_error]
    assert len(errors) == 2  # the two paragraphs titled {{ judul }}
    assert all(e.startswith(f"{template}: word/document.xml, paragraf ") for e in errors)
    assert all(
        e.endswith("«{{ judull }}»: variabel «judull» tidak dikenal; mungkin maksud Anda 'judul'?")
        for e in errors
    )


def test_a_missing_or_unknown_template_entry_is_an_error_at_its_line(year_folder):
    pemda = PIHAK_KESATU + "templat:\n  perjanjian-kinerja: pk.docx\n  perjanjian: x.docx\n"
    folder = year_folder(pemda=pemda, rsud=RUMAH_SAKIT)
    assert problems(folder)[:2] == [
        "pemda.yaml:16: templat.perjanjian-kinerja: berkas templat 'pk.docx' tidak ditemukan",
        "pemda.yaml:17: templat.perjanjian: jenis dokumen 'perjanjian' tidak dikenal (mungkin "
        "maksud Anda 'perjanjian-kinerja'?); pilihan: perjanjian-kinerja, rencana-kerja-rb",
    ]


def test_changing_a_pemda_template_rebuilds_that_pemda_only(year_folder, tmp_path):
    medan, banjar = two_pemda(year_folder)
    template = own_template(banjar, "LAMPIRAN:", "LAMPIRAN PK:")
    options = BuildOptions(tmp_path / "output", TEMPLATES, pdf=False)
    assert {o.status for o in build([medan], options).outcomes} == {Status.BUILT}
    own_template(banjar, "LAMPIRAN:", "LAMPIRAN PERJANJIAN:")
    assert template.is_file()

    report = build([medan], options)

    assert {o.source.stem: (o.status, o.why) for o in report.outcomes} == {
        "dprd": (Status.UNCHANGED, ""),
        "rsud": (Status.BUILT, "templat berubah"),
    }


# --------------------------------------------------------------------------- logo


def test_a_pemda_without_logo_line_is_an_error_naming_the_way_out(year_folder):
    pemda = dedent(PEMDA_YAML).replace("logo: tanpa\n", "")
    assert problems(year_folder(pemda=pemda, dprd=SKPD_YAML)) == [
        "dprd.yaml: pemda.yaml di folder ini tidak valid; SKPD tidak bisa dibuat",
        "pemda.yaml:1: logo: wajib diisi: nama berkas logo Pemerintah Kota Medan (PNG atau JPG) "
        "di folder ini, atau 'logo: tanpa' bila kop dicetak tanpa logo",
    ]


def test_an_unreadable_logo_is_an_error_at_its_line(year_folder):
    pemda = dedent(PEMDA_YAML).replace("logo: tanpa", "logo: logo.png")
    folder = year_folder(pemda=pemda, dprd=SKPD_YAML)
    (folder / "logo.png").write_bytes(b"bukan gambar")
    (problem,) = [p for p in problems(folder) if p.startswith("pemda.yaml")]
    assert problem.startswith(
        "pemda.yaml:6: logo: berkas logo 'logo.png' tidak bisa dibaca sebagai gambar"
    )


def test_logo_tanpa_prints_no_image_not_the_template_placeholder(year_folder):
    doc = read_docx(
        Renderer(TEMPLATES).render(load_batch([year_folder(dprd=SKPD_YAML)]).agreements[0])
    )
    root = etree.fromstring(doc.parts["word/document.xml"].encode("utf-8"))
    assert "LOGO" not in text_of(root)
    data = Renderer(TEMPLATES).render(load_batch([year_folder(dprd=SKPD_YAML)]).agreements[0])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        (image,) = [n for n in archive.namelist() if n.startswith("word/media/")]
        with Image.open(io.BytesIO(archive.read(image))) as logo:
            assert logo.convert("RGBA").getextrema()[3] == (0, 0)  # fully transparent


# --------------------------------------------------------------------------- jabatan PK

KEPALA_BIDANG = dedent(RUMAH_SAKIT).replace(
    "tahun: 2022\n", "slug: rsud\nid: kabid-medik\ntahun: 2022\n"
)
DIREKTUR = (
    "slug: rsud\n"
    + UNIT_RSUD
    + """\
pihak_pertama:
  nama: dr. DIAUDDIN, M.Kes.
  jabatan: Direktur RSUD Ratu Zalecha
  pangkat: Pembina Tingkat I
  nip: 197001011998031010
sasaran:
  - uraian: Meningkatnya mutu pelayanan
    indikator:
      - {uraian: BOR, target: 60-75 %}
program:
  - {nama: Program Pemenuhan Upaya Kesehatan Perorangan, anggaran: 1000, keterangan: BLUD}
"""
)


def test_the_pks_of_one_unit_have_their_own_output_names(year_folder, tmp_path):
    folder = year_folder(pemda=PIHAK_KESATU, rsud=DIREKTUR, rsud_bidang_medik=KEPALA_BIDANG)
    batch = load_batch([folder])
    assert not batch.has_errors, [str(p) for p in batch.problems]
    assert sorted(output_path(a, Path("out")).as_posix() for a in batch.agreements) == [
        "out/2022/rsud/perjanjian-kinerja-kabid-medik.docx",
        "out/2022/rsud/perjanjian-kinerja.docx",
    ]


def test_two_pks_with_one_id_in_one_unit_are_reported(year_folder):
    folder = year_folder(pemda=PIHAK_KESATU, rsud_a=KEPALA_BIDANG, rsud_b=KEPALA_BIDANG)
    assert problems(folder) == [
        "rsud-b.yaml:2: id: PK 'kabid-medik' unit 'rsud' sudah dipakai oleh rsud-a.yaml; dua "
        "berkas akan menulis ke berkas keluaran yang sama"
    ]


def test_a_kepala_bidang_pk_is_reported_by_its_jabatan(year_folder, tmp_path):
    folder = year_folder(pemda=PIHAK_KESATU, rsud=DIREKTUR, rsud_bidang_medik=KEPALA_BIDANG)
    report = build([folder], BuildOptions(tmp_path / "out", TEMPLATES, pdf=False))
    assert sorted(o.label for o in report.outcomes) == [
        "Kepala Bidang Pelayanan Medik RSUD Ratu Zalecha",
        "RSUD Ratu Zalecha",
    ]
    assert report.ok
