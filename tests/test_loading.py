"""Loading agreements: every error of a file at once, each with file, line and field."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import SKPD_YAML

from generator.data.loading import load_batch, output_parts
from generator.errors import UsageError


def problems_of(folder: Path) -> list[str]:
    batch = load_batch([folder])
    return [str(p).split("agreements/2022/", 1)[-1] for p in batch.problems]


def skpd(**replacements: str) -> str:
    text = SKPD_YAML
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def test_a_valid_agreement_loads_with_exact_numbers(year_folder):
    folder = year_folder(dprd=skpd(**{"target: 66": "target: 66.50"}))
    batch = load_batch([folder])
    assert batch.problems == []
    (agreement,) = batch.agreements
    target = agreement.model.sasaran[0].indikator[0].target
    assert target.value == Decimal("66.50") and str(target.value) == "66.50"
    assert agreement.slug == "dprd"


def test_all_errors_of_a_file_are_reported_together_with_lines(year_folder):
    text = skpd(
        **{
            "        target: 66\n": "        targte: 66\n",
            "  nip: 197903171999121001": "  nip: 197913171999121001",
            "    anggaran: 100727519299": "    anggaran: -5",
        }
    )
    folder = year_folder(dprd=text)
    assert problems_of(folder) == [
        "dprd.yaml:11: pihak_pertama.nip: NIP 197913171999121001: tanggal lahir 19791317 tidak ada di kalender",
        "dprd.yaml:15: sasaran[0].indikator[0].target: wajib diisi",
        "dprd.yaml:16: sasaran[0].indikator[0].targte: kunci 'targte' tidak dikenal (mungkin maksud Anda "
        "'target'?); kunci yang boleh: id, uraian, satuan, skala, target, tampilan, baseline, renstra, misi, "
        "formulasi, komponen, mendukung",
        "dprd.yaml:20: program[0].anggaran: anggaran tidak boleh negatif, ditemukan -5",
    ]


def test_missing_required_fields_point_at_their_parent(year_folder):
    text = skpd(**{"  alamat: Jalan Kapten Maulana Lubis No. 1 Medan\n": ""})
    assert problems_of(year_folder(dprd=text)) == ["dprd.yaml:2: unit.alamat: wajib diisi"]


def test_wrong_types_are_named_in_indonesian(year_folder):
    text = skpd(
        **{
            "tanggal: Januari 2022": "tanggal: [Januari]",
            "    indikator:\n": "    indikator: teks\n",
        }
    )
    text = text.split("      - uraian: Nilai SAKIP")[0] + "program:" + text.split("program:")[1]
    assert problems_of(year_folder(dprd=text)) == [
        "dprd.yaml:6: tanggal: tanggal harus ditulis seperti 'Januari 2022' atau 2022-02-10, ditemukan daftar",
        "dprd.yaml:14: sasaran[0].indikator: harus berupa daftar (butir diawali '- ')",
    ]


def test_an_empty_sasaran_list_is_an_error(year_folder):
    text = skpd().split("sasaran:")[0] + "sasaran: []\nprogram:" + skpd().split("program:")[1]
    assert problems_of(year_folder(dprd=text)) == [
        "dprd.yaml:12: sasaran: tidak boleh kosong: isi paling sedikit 1 butir"
    ]


@pytest.mark.parametrize(
    ("anggaran", "message"),
    [
        ("1500.5", "anggaran harus bilangan bulat rupiah tanpa pecahan, ditemukan 1500.5"),
        ("-1", "anggaran tidak boleh negatif, ditemukan -1"),
        (
            '"1,5 M"',
            "anggaran harus bilangan bulat rupiah, ditemukan '1,5 M' (tulis tanpa desimal, misalnya 100727519299 atau \"100.727.519.299\")",
        ),
        ("true", "anggaran harus berupa angka"),
    ],
)
def test_anggaran_must_be_whole_non_negative_rupiah(year_folder, anggaran, message):
    text = skpd(**{"anggaran: 100727519299": f"anggaran: {anggaran}"})
    assert problems_of(year_folder(dprd=text)) == [f"dprd.yaml:20: program[0].anggaran: {message}"]


def test_anggaran_written_with_thousand_dots_is_accepted(year_folder):
    text = skpd(**{"anggaran: 100727519299": 'anggaran: "100.727.519.299"'})
    batch = load_batch([year_folder(dprd=text)])
    assert batch.agreements[0].model.program[0].anggaran == 100727519299


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (
            "66 (A)",
            "target 66 termasuk kategori B pada skala nilai SAKIP (PermenPAN dan RB Nomor 12 Tahun 2015), bukan A",
        ),
        (
            "101",
            "target 101: di luar rentang skala nilai SAKIP (0–100) menurut PermenPAN dan RB "
            "Nomor 12 Tahun 2015",
        ),
        (
            "E",
            "target 'E' bukan kategori skala nilai SAKIP (AA, A, BB, B, CC, C, D) menurut "
            "PermenPAN dan RB Nomor 12 Tahun 2015",
        ),
    ],
)
def test_targets_that_contradict_their_scale_are_errors(year_folder, target, message):
    text = skpd(**{"target: 66": f'target: "{target}"'})
    assert problems_of(year_folder(dprd=text)) == [
        f"dprd.yaml:16: sasaran[0].indikator[0].target: {message}"
    ]


def test_a_category_that_matches_its_scale_is_accepted(year_folder):
    text = skpd(**{"target: 66": 'target: "66 (B)"'})
    assert problems_of(year_folder(dprd=text)) == []


def test_a_category_without_a_scale_is_an_error(year_folder):
    text = skpd(**{"target: 66": 'target: "66 (B)"', "        skala: sakip\n": ""})
    assert problems_of(year_folder(dprd=text)) == [
        "dprd.yaml:16: sasaran[0].indikator[0].target: kategori (B) ditulis tetapi skala tidak disebut; "
        "tambahkan 'skala: sakip' atau 'skala: ikm' agar kategori dihitung"
    ]


def test_any_satuan_is_accepted_as_written_and_a_known_one_in_its_spelling(year_folder):
    text = skpd(**{"        skala: sakip\n": "        satuan: pemeriksaan lab\n"})
    folder = year_folder(dprd=text)
    assert problems_of(folder) == []
    (agreement,) = load_batch([folder]).agreements
    assert agreement.model.sasaran[0].indikator[0].satuan == "pemeriksaan lab"
    known = skpd(**{"        skala: sakip\n": "        satuan: Persen\n"})
    (agreement,) = load_batch([year_folder(dprd=known)]).agreements
    assert agreement.model.sasaran[0].indikator[0].satuan == "%"


@pytest.mark.parametrize(
    ("nip", "message"),
    [
        ("19790317199912100", "NIP harus 18 angka, ditemukan 17 angka ('19790317199912100')"),
        (
            "19790230 199912 1 001",
            "NIP 19790230 199912 1 001: tanggal lahir 19790230 tidak ada di kalender",
        ),
        ("197903171999131001", "NIP 197903171999131001: bulan pengangkatan 13 tidak ada"),
        (
            "197903171999123001",
            "NIP 197903171999123001: angka jenis kelamin (ke-15) harus 1 atau 2, ditemukan 3",
        ),
        (
            "197903171990121001",
            "NIP 197903171990121001: tahun pengangkatan 1990 tidak masuk akal untuk kelahiran 1979",
        ),
        ("1979O3171999121001", "NIP hanya boleh berisi angka, ditemukan '1979O3171999121001'"),
    ],
)
def test_impossible_nips_are_typos(year_folder, nip, message):
    text = skpd(**{"nip: 197903171999121001": f'nip: "{nip}"'})
    assert problems_of(year_folder(dprd=text)) == [f"dprd.yaml:11: pihak_pertama.nip: {message}"]


def test_a_nip_written_in_groups_is_accepted(year_folder):
    text = skpd(**{"nip: 197903171999121001": 'nip: "19790317 199912 1 001"'})
    batch = load_batch([year_folder(dprd=text)])
    assert batch.agreements[0].model.pihak_pertama.nip == "197903171999121001"


def test_a_pihak_pertama_without_nip_is_a_warning_never_an_invented_value(year_folder):
    text = skpd(**{"  nip: 197903171999121001\n": ""})
    batch = load_batch([year_folder(dprd=text)])
    assert [str(p).split("agreements/2022/", 1)[-1] for p in batch.problems] == [
        "dprd.yaml:7: pihak_pertama: peringatan: NIP pihak pertama (MUHAMMAD ALI SIPAHUTAR, "
        "S.S.T.P., M.A.P.) tidak diisi: baris NIP tidak dicetak; tulis 'nip', atau 'asn: false' "
        "bila pejabat ini bukan ASN"
    ]
    assert batch.agreements[0].model.pihak_pertama.nip is None


def test_control_characters_that_xml_cannot_hold_are_rejected(year_folder):
    text = skpd(**{"uraian: Nilai SAKIP": 'uraian: "Nilai\\x07SAKIP"'})
    assert problems_of(year_folder(dprd=text)) == [
        "dprd.yaml:15: sasaran[0].indikator[0].uraian: berisi karakter kontrol U+0007 yang tidak bisa "
        "disimpan di dokumen Word; hapus karakter itu"
    ]


def test_duplicate_ids_are_reported(year_folder):
    text = skpd(**{"program:\n": "program:\n  - id: p\n    nama: A\n    anggaran: 1\n"})
    text = text.replace(
        "  - nama: Program Administrasi Umum", "  - id: p\n    nama: Program Administrasi Umum"
    )
    assert problems_of(year_folder(dprd=text)) == [
        "dprd.yaml:18: program: id 'p' dipakai dua kali: butir [0] dan [1]"
    ]


def test_duplicate_skpd_slugs_in_one_folder_are_reported(year_folder):
    folder = year_folder(dprd=SKPD_YAML)
    (folder / "dprd-lama.yml").write_text(SKPD_YAML + "slug: dprd\n", encoding="utf-8")
    batch = load_batch([folder])
    assert [a.path.name for a in batch.agreements] == ["dprd-lama.yml"]
    assert [str(p).split("2022/")[-1] for p in batch.problems] == [
        "dprd.yaml:1: slug: SKPD 'dprd' sudah dipakai oleh dprd-lama.yml; dua berkas akan menulis "
        "ke folder keluaran yang sama (PK pejabat lain di unit yang sama diberi 'id')"
    ]


def test_unsafe_slugs_are_rejected(year_folder):
    folder = year_folder(dprd=SKPD_YAML + "slug: ../../etc\n")
    batch = load_batch([folder])
    assert batch.agreements == []
    assert (
        "dprd.yaml:21: slug: '../../etc' bukan nama pendek yang sah: pakai huruf kecil, angka dan tanda '-' saja (contoh: dinas-kesehatan)"
        in [str(p).split("2022/")[-1] for p in batch.problems]
    )


def test_a_year_that_differs_from_its_folder_is_an_error(year_folder):
    text = skpd(**{"tahun: 2022": "tahun: 2023"})
    assert "dprd.yaml:1: tahun: tahun 2023 tidak sama dengan folder 2022" in problems_of(
        year_folder(dprd=text)
    )


def test_one_bad_file_does_not_stop_the_others(year_folder):
    folder = year_folder(baik=SKPD_YAML, rusak="tahun: [\n")
    batch = load_batch([folder])
    assert [a.slug for a in batch.agreements] == ["baik"]
    assert [p.name for p in batch.failed_files] == ["rusak.yaml"]


def test_a_missing_path_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="tidak ditemukan"):
        load_batch([tmp_path / "tidak-ada"])


def test_a_folder_without_pemda_yaml_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match=r"tidak ada pemda\.yaml"):
        load_batch([tmp_path])


def test_pihak_kedua_defaults_to_the_kepala_daerah_and_the_pemda_is_shared(year_folder):
    batch = load_batch([year_folder(dprd=SKPD_YAML)])
    agreement = batch.agreements[0]
    assert agreement.model.pihak_kedua is None
    assert agreement.pemda.model.kepala_daerah.jabatan == "Wali Kota Medan"


def test_outputs_of_a_pemda_subfolder_go_below_the_year():
    assert output_parts(Path("agreements/2022"), 2022) == ("2022",)
    assert output_parts(Path("agreements/2022/kota-depok"), 2022) == ("2022", "kota-depok")
    assert output_parts(Path("/tmp/data"), 2022) == ("2022", "data")


def test_one_file_loads_as_the_build_loads_it_and_a_proposed_text_is_checked_unwritten(
    year_folder,
):
    from generator.data.loading import load_agreement

    folder = year_folder(dprd=SKPD_YAML)
    path = folder / "dprd.yaml"
    agreement, problems = load_agreement(path)
    assert problems == [] and agreement is not None
    assert agreement.pemda.model.tempat == "Medan" and agreement.slug == "dprd"

    proposed = SKPD_YAML.replace("anggaran: 100727519299", "anggaran: -5")
    agreement, problems = load_agreement(path, proposed)
    assert agreement is None
    assert [str(p).split("agreements/2022/", 1)[-1] for p in problems] == [
        "dprd.yaml:20: program[0].anggaran: anggaran tidak boleh negatif, ditemukan -5"
    ]
    assert path.read_text(encoding="utf-8") == SKPD_YAML  # nothing written


def test_one_file_with_an_invalid_pemda_file_is_not_loaded(year_folder):
    from generator.data.loading import load_agreement

    folder = year_folder(pemda="pemerintah: Pemerintah Kota Medan\n", dprd=SKPD_YAML)
    agreement, problems = load_agreement(folder / "dprd.yaml")
    assert agreement is None
    assert any("pemda.yaml di folder ini tidak valid" in str(p) for p in problems)
