"""A PK for every jabatan: the ladder eselon II → III → IV resolved and checked.

The example is the Dinas Kesehatan Kota Medan in agreements/2022: the Kepala Dinas, the
Sekretaris, three Kepala Bidang (one a Plt.), two Kepala Subbagian and two Kepala Seksi.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES, TEMPLATES
from docx_structure import read_docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build.naming import output_path, output_stem
from generator.build.pipeline import Renderer
from generator.context.perjanjian import perjanjian_context
from generator.data.ladder import ladder_order
from generator.data.loading import load_agreement, load_batch

HEAD = "dinas-kesehatan.yaml"
KESMAS = "dinas-kesehatan-bidang-kesmas.yaml"
P2P = "dinas-kesehatan-bidang-p2p.yaml"
SEKRETARIS = "dinas-kesehatan-sekretaris.yaml"
SEKSI_GIZI = "dinas-kesehatan-seksi-kesga-gizi.yaml"
SUBBAG_UMUM = "dinas-kesehatan-subbag-umum.yaml"


def line_of(path: Path, needle: str, after: str | None = None) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index(after) if after else 0
    return next(n for n, line in enumerate(lines, start=1) if n > start and needle in line)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def ladder(folder: Path) -> dict[str, object]:
    return {a.name: a for a in load_batch([folder]).agreements if a.slug == "dinas-kesehatan"}


def messages(folder: Path) -> list[str]:
    return [str(p) for p in load_batch([folder]).problems]


def test_the_example_ladder_loads_without_problems_with_every_eselon_by_depth():
    loaded = ladder(EXAMPLES)
    assert {name: a.model.eselon for name, a in loaded.items()} == {
        "dinas-kesehatan": 2,
        "dinas-kesehatan/sekretaris": 3,
        "dinas-kesehatan/bidang-kesmas": 3,
        "dinas-kesehatan/bidang-p2p": 3,
        "dinas-kesehatan/bidang-yankes": 3,
        "dinas-kesehatan/subbag-umum": 4,
        "dinas-kesehatan/subbag-keuangan": 4,
        "dinas-kesehatan/seksi-kesga-gizi": 4,
        "dinas-kesehatan/seksi-promkes": 4,
    }
    assert [p for p in messages(EXAMPLES) if "dinas-kesehatan" in p] == []


def test_pihak_kedua_is_the_atasans_pihak_pertama_typed_once():
    loaded = ladder(EXAMPLES)
    kepala = loaded["dinas-kesehatan"].model.pihak_pertama
    sekretaris = loaded["dinas-kesehatan/sekretaris"]
    assert sekretaris.model.pihak_kedua is None  # nothing written into the data
    assert sekretaris.model.penandatangan_kedua == kepala
    umum = loaded["dinas-kesehatan/subbag-umum"].model
    assert umum.penandatangan_kedua == sekretaris.model.pihak_pertama
    pemda = sekretaris.pemda.model
    context = perjanjian_context(sekretaris.model, pemda)
    assert context.pihak_kedua.nama == "dr. Rahmat Hidayat Lubis, M.K.M."
    assert context.pihak_kedua.jabatan_kapital == "KEPALA DINAS KESEHATAN KOTA MEDAN"


def test_a_jabatan_file_built_alone_still_takes_its_pihak_kedua_from_its_atasan():
    batch = load_batch([EXAMPLES / SUBBAG_UMUM])
    (umum,) = batch.agreements
    assert umum.name == "dinas-kesehatan/subbag-umum"  # the slug comes from the atasan
    assert umum.model.penandatangan_kedua.nama == "Hj. Sri Rezeki Nasution, S.K.M., M.Kes."
    assert umum.model.eselon == 4
    assert batch.problems == []
    single, problems = load_agreement(EXAMPLES / SUBBAG_UMUM)
    assert single is not None and problems == []
    assert single.model.penandatangan_kedua == umum.model.penandatangan_kedua


def test_an_acting_official_signs_as_plt_with_the_definitive_jabatan_kept():
    p2p = ladder(EXAMPLES)["dinas-kesehatan/bidang-p2p"]
    context = perjanjian_context(p2p.model, p2p.pemda.model)
    assert context.pihak_pertama.jabatan == (
        "Plt. Kepala Bidang Pencegahan dan Pengendalian Penyakit Dinas Kesehatan Kota Medan"
    )
    assert context.pihak_pertama.jabatan_definitif == (
        "Kepala Seksi Surveilans dan Imunisasi Dinas Kesehatan Kota Medan"
    )
    text = read_docx(Renderer(TEMPLATES).render(p2p)).all_text
    assert "PLT. KEPALA BIDANG PENCEGAHAN DAN PENGENDALIAN PENYAKIT" in text


@pytest.mark.parametrize(
    ("name", "kolom_sasaran", "kolom_program"),
    [
        ("dinas-kesehatan", "Sasaran Strategis", "Program"),
        ("dinas-kesehatan/bidang-kesmas", "Sasaran Program", "Program"),
        ("dinas-kesehatan/seksi-promkes", "Sasaran Kegiatan", "Kegiatan / Sub Kegiatan"),
    ],
)
def test_each_level_presents_its_own_sasaran_and_program_columns(
    name, kolom_sasaran, kolom_program
):
    agreement = ladder(EXAMPLES)[name]
    text = read_docx(Renderer(TEMPLATES).render(agreement)).all_text
    assert kolom_sasaran in text
    assert kolom_program in text


def test_each_level_is_made_from_its_own_template_file():
    loaded = ladder(EXAMPLES)
    renderer = Renderer(TEMPLATES)
    assert renderer.template_path(loaded["dinas-kesehatan"]).name == "perjanjian-kinerja.docx"
    assert (
        renderer.template_path(loaded["dinas-kesehatan/sekretaris"]).name
        == "perjanjian-kinerja-eselon-3.docx"
    )
    assert (
        renderer.template_path(loaded["dinas-kesehatan/seksi-promkes"]).name
        == "perjanjian-kinerja-eselon-4.docx"
    )


def test_a_link_to_a_missing_atasan_indikator_is_an_error_with_file_and_line(examples_copy):
    edit(examples_copy / SEKSI_GIZI, "mendukung: intervensi-gizi", "mendukung: intervensi-gisi")
    line = line_of(examples_copy / SEKSI_GIZI, "mendukung: intervensi-gisi")
    problems = messages(examples_copy)
    assert problems[:1] == [
        f"{examples_copy / SEKSI_GIZI}:{line}: sasaran[0].indikator[1].mendukung: tidak ada "
        "indikator 'intervensi-gisi' di PK atasan 'dinas-kesehatan/bidang-kesmas' (mungkin "
        "maksud Anda 'intervensi-gizi'?); pilihan: k6, persalinan-faskes, neonatal, intervensi-gizi"
    ]
    assert "dinas-kesehatan/seksi-kesga-gizi" not in ladder(examples_copy)


def test_a_link_that_skips_a_level_is_an_error(examples_copy):
    edit(examples_copy / SEKSI_GIZI, "mendukung: k6", "mendukung: aki")
    line = line_of(examples_copy / SEKSI_GIZI, "mendukung: aki")
    assert (
        f"{examples_copy / SEKSI_GIZI}:{line}: sasaran[0].indikator[0].mendukung: indikator "
        "'aki' milik PK 'dinas-kesehatan' (eselon 2), melompati jenjang: PK eselon 4 mendukung "
        "indikator atasan langsungnya ('dinas-kesehatan/bidang-kesmas')"
    ) in messages(examples_copy)


def test_a_cycle_of_atasan_fails_every_pk_in_it_and_below_it(examples_copy):
    edit(
        examples_copy / SEKRETARIS,
        "atasan: dinas-kesehatan\n",
        "atasan: dinas-kesehatan/subbag-umum\n",
    )
    line = line_of(examples_copy / SEKRETARIS, "atasan:")
    problems = messages(examples_copy)
    assert (
        f"{examples_copy / SEKRETARIS}:{line}: atasan: atasan melingkar: "
        "dinas-kesehatan/sekretaris → dinas-kesehatan/subbag-umum → dinas-kesehatan/sekretaris"
    ) in problems
    loaded = ladder(examples_copy)
    assert "dinas-kesehatan/sekretaris" not in loaded
    assert "dinas-kesehatan/subbag-keuangan" not in loaded  # below a failed PK
    assert "dinas-kesehatan/bidang-kesmas" in loaded


def test_an_unknown_atasan_and_a_jabatan_without_id_are_errors(examples_copy):
    edit(
        examples_copy / KESMAS, "atasan: dinas-kesehatan\n", "atasan: dinas-kesehatan/sekretariss\n"
    )
    edit(examples_copy / P2P, "id: bidang-p2p\n", "")
    problems = messages(examples_copy)
    kesmas_line = line_of(examples_copy / KESMAS, "atasan:")
    assert (
        f"{examples_copy / KESMAS}:{kesmas_line}: atasan: PK atasan 'dinas-kesehatan/sekretariss' "
        "tidak ada di folder ini atau gagal dimuat (mungkin maksud Anda "
        "'dinas-kesehatan/sekretaris'?)"
    ) in problems
    p2p_line = line_of(examples_copy / P2P, "atasan:")
    assert (
        f"{examples_copy / P2P}:{p2p_line}: atasan: PK yang punya atasan wajib diberi 'id' "
        "(misalnya 'id: bidang-sd'): tanpa id namanya sama dengan PK kepala unit"
    ) in problems


def test_a_ladder_deeper_than_eselon_iv_is_an_error(examples_copy):
    text = (examples_copy / SEKSI_GIZI).read_text(encoding="utf-8")
    below = text.replace("id: seksi-kesga-gizi", "id: staf-gizi").replace(
        "atasan: dinas-kesehatan/bidang-kesmas", "atasan: dinas-kesehatan/seksi-kesga-gizi"
    )
    (examples_copy / "dinas-kesehatan-staf-gizi.yaml").write_text(below, encoding="utf-8")
    path = examples_copy / "dinas-kesehatan-staf-gizi.yaml"
    assert (
        f"{path}:{line_of(path, 'atasan:')}: atasan: jenjang terlalu dalam: "
        "dinas-kesehatan/staf-gizi → dinas-kesehatan/seksi-kesga-gizi → "
        "dinas-kesehatan/bidang-kesmas → dinas-kesehatan; PK berjenjang sampai eselon IV"
    ) in messages(examples_copy)


def test_an_unsupported_atasan_sasaran_and_an_unlinked_pk_are_warnings(examples_copy):
    path = examples_copy / P2P
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("        mendukung: kesembuhan-tb\n", "").replace(
            "        mendukung: kelurahan-uci\n", ""
        ),
        encoding="utf-8",
    )
    problems = messages(examples_copy)
    head = examples_copy / HEAD
    sasaran_line = line_of(head, "- id: pengendalian-penyakit")
    assert (
        f"{head}:{sasaran_line}: sasaran[3]: peringatan: sasaran 'Menurunnya angka kesakitan "
        "akibat penyakit menular' tidak didukung indikator PK bawahan mana pun "
        "(dinas-kesehatan/bidang-kesmas, dinas-kesehatan/bidang-p2p, "
        "dinas-kesehatan/bidang-yankes, dinas-kesehatan/sekretaris)"
    ) in problems
    assert (
        f"{path}:{line_of(path, 'sasaran:')}: sasaran: peringatan: PK eselon 3 tanpa tautan "
        "cascading: tidak satu pun indikator menyebut 'mendukung' (id indikator PK atasan "
        "'dinas-kesehatan')"
    ) in problems
    assert "dinas-kesehatan/bidang-p2p" in ladder(examples_copy)  # warnings only


def test_program_anggaran_not_adding_up_is_reported_per_program_with_both_totals(examples_copy):
    edit(examples_copy / KESMAS, "anggaran: 58214560000", "anggaran: 58314560000")
    head = examples_copy / HEAD
    line = line_of(head, "anggaran: 402615873290")
    problems = messages(examples_copy)
    assert (
        f"{head}:{line}: program[1].anggaran: peringatan: anggaran program 'ukp-ukm' "
        "Rp. 402.615.873.290 tidak sama dengan jumlah PK bawahan Rp. 402.715.873.290 (selisih "
        "-Rp. 100.000.000; dinas-kesehatan/bidang-kesmas Rp. 58.314.560.000, "
        "dinas-kesehatan/bidang-p2p Rp. 21.873.400.000, dinas-kesehatan/bidang-yankes "
        "Rp. 322.527.913.290)"
    ) in problems
    # The kegiatan of the seksi below the bidang no longer add up to its program either.
    kesmas = examples_copy / KESMAS
    assert (
        f"{kesmas}:{line_of(kesmas, 'anggaran: 58314560000')}: program[0].anggaran: "
        "peringatan: anggaran program 'ukp-ukm' Rp. 58.314.560.000 tidak sama dengan jumlah "
        "PK bawahan Rp. 58.214.560.000 (selisih +Rp. 100.000.000; "
        "dinas-kesehatan/seksi-kesga-gizi Rp. 58.214.560.000)"
    ) in problems


def test_a_kegiatan_under_no_atasan_program_is_a_warning(examples_copy):
    edit(examples_copy / SUBBAG_UMUM, "mendukung: penunjang\n", "mendukung: penunjang-lain\n")
    path = examples_copy / SUBBAG_UMUM
    assert (
        f"{path}:{line_of(path, 'mendukung: penunjang-lain')}: program[0].mendukung: "
        "peringatan: 'penunjang-lain' tidak merinci program mana pun PK atasan "
        "'dinas-kesehatan/sekretaris'; tulis 'mendukung: <id program atasan>' (pilihan: "
        "penunjang, penunjang-blud)"
    ) in messages(examples_copy)


def test_a_new_official_mid_year_gets_a_new_pk_beside_the_former_one(examples_copy):
    path = examples_copy / KESMAS
    edit(
        path,
        "tanggal: Januari 2022\n",
        "tanggal: Januari 2022\nmutasi: {nomor: 1, tanggal: 2022-07-01}\n",
    )
    edit(path, "dr. Emilia Rosa Siregar, M.K.M.", "dr. Yusuf Effendi Nasution, M.Kes.")
    kesmas = ladder(examples_copy)["dinas-kesehatan/bidang-kesmas"]
    assert output_stem("perjanjian-kinerja", kesmas.model) == (
        "perjanjian-kinerja-bidang-kesmas-mutasi-1"
    )
    assert output_path(kesmas, Path("out")).name == "perjanjian-kinerja-bidang-kesmas-mutasi-1.docx"
    context = perjanjian_context(kesmas.model, kesmas.pemda.model)
    assert context.tempat_tanggal == "Medan, 1 Juli 2022"
    # The seksi below now sign with the new Kepala Bidang.
    seksi = ladder(examples_copy)["dinas-kesehatan/seksi-promkes"]
    assert seksi.model.penandatangan_kedua.nama == "dr. Yusuf Effendi Nasution, M.Kes."


def test_the_book_order_puts_each_pk_before_the_pks_below_it():
    agreements = [a for a in load_batch([EXAMPLES]).agreements if a.slug == "dinas-kesehatan"]
    place = ladder_order(agreements)
    assert sorted(place, key=place.__getitem__) == [
        "dinas-kesehatan",
        "dinas-kesehatan/bidang-kesmas",
        "dinas-kesehatan/seksi-kesga-gizi",
        "dinas-kesehatan/seksi-promkes",
        "dinas-kesehatan/bidang-p2p",
        "dinas-kesehatan/bidang-yankes",
        "dinas-kesehatan/sekretaris",
        "dinas-kesehatan/subbag-keuangan",
        "dinas-kesehatan/subbag-umum",
    ]


# A random ladder: each of up to eight jabatan names an earlier one (or none, or a later one:
# a possible cycle). Whatever the shape, every PK is either placed at its depth or failed.
ladders = st.integers(min_value=1, max_value=8).flatmap(
    lambda n: st.lists(st.integers(min_value=-1, max_value=n - 1), min_size=n, max_size=n)
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ladders)
def test_any_atasan_shape_gives_eselon_by_depth_or_a_located_error(tmp_path_factory, parents):
    folder = tmp_path_factory.mktemp("pemda") / "2022"
    folder.mkdir()
    (folder / "pemda.yaml").write_text(
        (EXAMPLES / "pemda.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (folder / "logo-kota-medan.png").write_bytes((EXAMPLES / "logo-kota-medan.png").read_bytes())
    (folder / "dinas.yaml").write_text(_pk(None, None), encoding="utf-8")
    for n, parent in enumerate(parents):
        atasan = "dinas" if parent == -1 else f"dinas/j{parent}"
        (folder / f"dinas-j{n}.yaml").write_text(_pk(f"j{n}", atasan), encoding="utf-8")
    batch = load_batch([folder])
    loaded = {a.name: a.model.eselon for a in batch.agreements}
    for n in range(len(parents)):
        depth, seen, at = 1, {n}, parents[n]
        while at != -1 and at not in seen:
            seen.add(at)
            depth, at = depth + 1, parents[at]
        name = f"dinas/j{n}"
        if at == -1 and depth <= 2:
            assert loaded[name] == 2 + depth
        else:
            assert name not in loaded
            assert any(f"dinas-j{n}.yaml:" in str(p) for p in batch.problems if p.is_error)


def _pk(jabatan: str | None, atasan: str | None) -> str:
    head = f"id: {jabatan}\natasan: {atasan}\n" if jabatan else "slug: dinas\n"
    return (
        head
        + "tahun: 2022\nunit: {nama: Dinas, nama_singkat: Dinas, alamat: Jalan 1}\n"
        + "tanggal: Januari 2022\n"
        + "pihak_pertama: {nama: A, jabatan: Kepala, asn: false}\n"
        + "sasaran:\n  - id: s\n    uraian: S\n    indikator:\n"
        + "      - {id: i, uraian: I, target: 1"
        + (", mendukung: i" if jabatan else "")
        + "}\n"
        + "program:\n  - {id: p, nama: P, anggaran: 1}\n"
    )


def test_a_written_eselon_must_match_the_depth_of_the_ladder(examples_copy):
    path = examples_copy / SEKSI_GIZI
    edit(path, "id: seksi-kesga-gizi\n", "id: seksi-kesga-gizi\neselon: 3\n")
    assert (
        f"{path}:{line_of(path, 'eselon: 3')}: eselon: eselon 3 tidak sesuai jenjang atasan: "
        "dinas-kesehatan/seksi-kesga-gizi → dinas-kesehatan/bidang-kesmas → dinas-kesehatan "
        "adalah eselon 4"
    ) in messages(examples_copy)


def test_an_atasan_of_another_unit_is_an_error(examples_copy):
    path = examples_copy / SEKSI_GIZI
    edit(
        path,
        "atasan: dinas-kesehatan/bidang-kesmas\n",
        "slug: dinas-kesehatan-2\natasan: dinas-kesehatan/bidang-kesmas\n",
    )
    assert (
        f"{path}:{line_of(path, 'atasan:')}: atasan: PK atasan 'dinas-kesehatan/bidang-kesmas' "
        "milik unit lain ('dinas-kesehatan'); atasan harus di unit yang sama "
        "('dinas-kesehatan-2')"
    ) in messages(examples_copy)


def test_folders_without_a_ladder_keep_their_models_as_loaded():
    loaded = {a.name: a for a in load_batch([EXAMPLES]).agreements}
    assert loaded["sekretariat-dprd"].model.eselon is None
    assert loaded["rsud-sukamaju/kabid-pelayanan"].model.eselon is None
    assert loaded["dinas-kesehatan"].model.eselon == 2
