"""Loading Rencana Kerja RB files: months, programs, tahapan rows, and the shared per-pemda text."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SKPD_YAML, TEMPLATES
from docx_structure import read_docx
from rb_fixtures import SHARED_YAML, rb, write_folder

from generator.build.pipeline import build
from generator.build.report import BuildOptions
from generator.data.loading import load_batch


def problems_of(folder: Path) -> list[str]:
    return [str(p).split("agreements/2022/", 1)[-1] for p in load_batch([folder]).problems]


def test_a_valid_unit_loads_with_its_shared_text(tmp_path):
    batch = load_batch([write_folder(tmp_path, dinas=rb())])
    assert batch.problems == []
    (unit,) = batch.agreements
    assert unit.kind.key == "rencana-kerja-rb"
    assert unit.shared is not None and unit.shared.path.name == "_rencana-kerja-rb.yaml"
    assert unit.shared_model.judul.endswith("{unit} Tahun {tahun}")
    tahapan = unit.model.ratl[0].kegiatan[0].tahapan
    assert [sorted(t.bulan) for t in tahapan] == [[1], [1, 2, 3, 7]]


def test_the_shared_file_is_read_once_per_pemda(tmp_path):
    folder = write_folder(tmp_path, satu=rb(), dua=rb())
    satu, dua = load_batch([folder]).agreements
    assert satu.shared is dua.shared


@pytest.mark.parametrize(
    ("replacement", "problem"),
    [
        (
            {"    bulan: 1\n": "    bulan: 13\n"},
            "dinas.yaml:21: ratl[0].kegiatan[0].tahapan[0].bulan: bulan 13 di luar 1–12",
        ),
        (
            {'bulan: "1-3, 7"': 'bulan: "5-3"'},
            "dinas.yaml:23: ratl[0].kegiatan[0].tahapan[1].bulan: rentang bulan '5-3' terbalik: "
            "bulan awal 5 setelah bulan akhir 3",
        ),
        (
            {'bulan: "1-3, 7"': 'bulan: "1-3, 7-13"'},
            "dinas.yaml:23: ratl[0].kegiatan[0].tahapan[1].bulan: bulan 13 di luar 1–12",
        ),
        (
            {"  - program: I\n": "  - program: IX\n"},
            "dinas.yaml:13: ratl[0].program: program 'IX' tidak dikenal; pilihan: I–VIII atau "
            "manajemen-perubahan, penataan-peraturan, penataan-organisasi, penataan-tata-laksana, "
            "penataan-sdm, penguatan-akuntabilitas, penguatan-pengawasan, pelayanan-publik",
        ),
        (
            {"  - program: I\n": "  - program: pelayanan-publk\n"},
            "dinas.yaml:13: ratl[0].program: program 'pelayanan-publk' tidak dikenal (mungkin "
            "maksud Anda 'pelayanan-publik'?); pilihan: I–VIII atau manajemen-perubahan, "
            "penataan-peraturan, penataan-organisasi, penataan-tata-laksana, penataan-sdm, "
            "penguatan-akuntabilitas, penguatan-pengawasan, pelayanan-publik",
        ),
        (
            {"        kriteria: Tim RB terbentuk\n": ""},
            "dinas.yaml:18: ratl[0].kegiatan[0].tahapan: kriteria keberhasilan tidak diisi untuk "
            "tahapan [0], [1]: tulis kriteria pada kegiatan, atau pada setiap tahapannya",
        ),
    ],
)
def test_invalid_ratl_data_is_rejected_with_file_and_line(tmp_path, replacement, problem):
    assert problems_of(write_folder(tmp_path, dinas=rb(**replacement))) == [problem]


def test_a_tahapan_without_months_is_a_warning_and_still_builds(tmp_path):
    folder = write_folder(tmp_path, dinas=rb(**{"            bulan: 1\n": ""}))
    assert problems_of(folder) == [
        "dinas.yaml:20: ratl[0].kegiatan[0].tahapan[0].bulan: peringatan: tahapan "
        "'Menyusun susunan Tim RB' tidak punya bulan; tidak ada bulan yang diarsir di RATL"
    ]
    report = build([folder], BuildOptions(tmp_path / "output", TEMPLATES, pdf=False))
    assert report.ok


def test_a_program_written_twice_is_rejected(tmp_path):
    text = (
        rb()
        + "  - program: manajemen-perubahan\n    kegiatan:\n"
        + (rb().split("    kegiatan:\n", 1)[1])
    )
    assert problems_of(write_folder(tmp_path, dinas=text)) == [
        "dinas.yaml:12: ratl: program I ditulis dua kali: butir [0] dan [1]; gabungkan isinya "
        "di satu butir"
    ]


def test_a_tahapan_may_replace_the_output_and_kriteria_of_its_kegiatan(tmp_path):
    text = rb(
        **{
            '            bulan: "1-3, 7"\n': '            bulan: "1-3, 7"\n'
            "            output: Uraian tugas Tim RB\n"
            "            kriteria: Tugas Tim RB ditetapkan\n"
        }
    )
    batch = load_batch([write_folder(tmp_path, dinas=text)])
    assert batch.problems == []
    second = batch.agreements[0].model.ratl[0].kegiatan[0].tahapan[1]
    assert (second.output, second.kriteria) == ("Uraian tugas Tim RB", "Tugas Tim RB ditetapkan")


def test_an_unknown_placeholder_in_the_shared_file_fails_every_unit_with_its_line(tmp_path):
    shared = SHARED_YAML.replace("Penutup tahun {tahun}.", "Penutup tahun {tahn}.")
    folder = write_folder(tmp_path, shared=shared, satu=rb(), dua=rb())
    batch = load_batch([folder])
    assert batch.agreements == []
    expected = (
        "_rencana-kerja-rb.yaml:43: penutup.isi[0].paragraf: placeholder {tahn} tidak dikenal "
        "(mungkin maksud Anda 'tahun'?); yang dikenal: {unit}, {jabatan}, {tahun}, {pemda}, "
        "{daerah}, {tempat}, {judul}"
    )
    assert problems_of(folder) == [expected]  # listed once
    for problems in batch.groups[0].failed.values():
        assert [str(p).split("agreements/2022/", 1)[-1] for p in problems] == [expected]


def test_the_title_cannot_refer_to_itself(tmp_path):
    shared = SHARED_YAML.replace("Tahun {tahun}\n", "Tahun {tahun} {judul}\n", 1)
    assert problems_of(write_folder(tmp_path, shared=shared, dinas=rb())) == [
        "_rencana-kerja-rb.yaml:1: judul: placeholder {judul} tidak dikenal; yang dikenal: "
        "{unit}, {jabatan}, {tahun}, {pemda}, {daerah}, {tempat}"
    ]


def test_a_unit_without_the_shared_file_is_reported(tmp_path):
    folder = write_folder(tmp_path, shared=None, dinas=rb())
    assert problems_of(folder) == [
        f"_rencana-kerja-rb.yaml: berkas bersama untuk Rencana Kerja RB tidak ditemukan di "
        f"folder {folder}"
    ]


def test_a_pk_folder_needs_no_shared_rb_file(tmp_path):
    assert problems_of(write_folder(tmp_path, shared=None, dprd=SKPD_YAML)) == []


def test_shared_content_blocks_are_a_paragraph_or_a_list(tmp_path):
    shared = SHARED_YAML.replace(
        "        - Rencana kerja {unit} di {daerah}.\n",
        "        - Rencana kerja {unit} di {daerah}.\n        - {paragraf: a, daftar: [b]}\n"
        "        - {daftar: [c], nomor: huruv}\n        -\n",
    )
    assert problems_of(write_folder(tmp_path, shared=shared, dinas=rb())) == [
        "_rencana-kerja-rb.yaml:16: pendahuluan.bagian[0].isi[1]: tulis salah satu: paragraf "
        "(teks), daftar atau gambar",
        "_rencana-kerja-rb.yaml:17: pendahuluan.bagian[0].isi[2].nomor: gaya nomor 'huruv' tidak "
        "dikenal (mungkin maksud Anda 'huruf'?); pilihan: angka, huruf, angka-kurung, "
        "huruf-kurung, romawi, centang, peluru, strip",
        "_rencana-kerja-rb.yaml:18: pendahuluan.bagian[0].isi[3].paragraf: tidak boleh kosong",
    ]


def test_pk_and_rb_of_one_unit_share_its_output_folder(tmp_path):
    folder = write_folder(
        tmp_path,
        disperdagin=SKPD_YAML,
        disperdagin_rb=rb(**{"tahun: 2022\n": "tahun: 2022\nslug: disperdagin\n"}),
    )
    report = build([folder], BuildOptions(tmp_path / "output", TEMPLATES, pdf=False))
    assert report.ok, [o.reasons for o in report.outcomes]
    out = tmp_path / "output/2022/disperdagin"
    assert sorted(p.name for p in out.iterdir()) == [
        "perjanjian-kinerja.docx",
        "rencana-kerja-rb.docx",
    ]
    assert sorted(o.label for o in report.outcomes) == [
        "Dinas Perdagangan dan Perindustrian Kota Medan (Rencana Kerja RB)",
        "Sekretariat DPRD Kota Medan",
    ]
    assert "RENCANA AKSI TINDAK LANJUT" in read_docx(out / "rencana-kerja-rb.docx").all_text


def test_two_rb_files_with_one_slug_are_reported(tmp_path):
    slug = {"tahun: 2022\n": "tahun: 2022\nslug: disperdagin\n"}
    folder = write_folder(tmp_path, disperdagin_a=rb(**slug), disperdagin_b=rb(**slug))
    assert problems_of(folder) == [
        "disperdagin-b.yaml:3: slug: SKPD 'disperdagin' sudah dipakai oleh disperdagin-a.yaml; "
        "dua berkas akan menulis ke folder keluaran yang sama"
    ]
