"""YAML → workbook → YAML: the agreement survives, and an update touches only what changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, TEMPLATES
from docx_structure import read_docx
from test_cli import pkgen
from workbooks import (
    EXAMPLE_SLUGS,
    SUKAMAJU,
    SUKAMAJU_FILES,
    edit,
    empty_year_folder,
    exported,
    row_with,
)

from generator.build.pipeline import Renderer
from generator.data.loading import LoadedAgreement, load_batch
from generator.revision.yaml_changes import yaml_changes
from generator.workbook.export import agreement_workbook
from generator.workbook.importer import apply_plan, plan_import


def load_one(path: Path) -> LoadedAgreement:
    batch = load_batch([path])
    assert not batch.has_errors, [str(p) for p in batch.problems]
    (agreement,) = batch.agreements
    return agreement


def printed_text(agreement: LoadedAgreement) -> str:
    return read_docx(Renderer(TEMPLATES).render(agreement)).all_text


@pytest.mark.parametrize("slug", EXAMPLE_SLUGS)
def test_every_example_survives_export_and_import_in_model_and_printed_text(slug, tmp_path):
    original = load_one(EXAMPLES / f"{slug}.yaml")
    into = empty_year_folder(tmp_path)
    for other in EXAMPLES.glob("*.yaml"):  # a jabatan's PK is resolved with its atasan's
        if other.stem not in (slug, "pemda"):
            shutil.copy(other, into / other.name)

    plan = plan_import([exported(slug, tmp_path)], into)
    assert plan.ok, [str(p) for p in plan.problems]
    apply_plan(plan)

    copy = load_one(into / f"{slug}.yaml")
    assert (copy.model.lampiran is not None) == (original.model.lampiran is not None)
    assert repr(copy.model) == repr(original.model)  # repr: Decimal('2.90') is not 2.9
    assert printed_text(copy) == printed_text(original)


@pytest.mark.parametrize("name", ["inspektorat", "kecamatan-sukamaju-kota", "rsud-sukamaju"])
def test_ranges_counts_words_bounds_several_lists_and_pemda_scales_survive_the_round_trip(
    name, tmp_path
):
    original = load_one(SUKAMAJU / f"{name}.yaml")
    into = empty_year_folder(tmp_path, SUKAMAJU)

    plan = plan_import([exported(name, tmp_path, SUKAMAJU)], into)
    assert plan.ok, [str(p) for p in plan.problems]
    apply_plan(plan)

    copy = load_one(into / f"{name}.yaml")
    assert repr(copy.model) == repr(original.model)
    assert printed_text(copy) == printed_text(original)


def test_importing_the_kabupaten_exports_over_its_files_changes_no_byte(tmp_path):
    folder = tmp_path / "agreements" / "2022" / "kabupaten-sukamaju"
    shutil.copytree(SUKAMAJU, folder)
    plan = plan_import([exported(name, tmp_path, SUKAMAJU) for name in SUKAMAJU_FILES], folder)
    assert plan.ok, [str(p) for p in plan.problems]
    assert [f.status for f in plan.files] == ["tidak berubah"] * len(SUKAMAJU_FILES)
    for name in SUKAMAJU_FILES:
        assert (folder / f"{name}.yaml").read_bytes() == (SUKAMAJU / f"{name}.yaml").read_bytes()


@pytest.mark.slow  # every example, several times: the slow set
def test_importing_an_unedited_export_over_the_examples_changes_no_byte(examples_copy, tmp_path):
    workbooks = [exported(slug, tmp_path) for slug in EXAMPLE_SLUGS]
    plan = plan_import(workbooks, examples_copy)
    assert plan.ok, [str(p) for p in plan.problems]
    assert [f.status for f in plan.files] == ["tidak berubah"] * len(EXAMPLE_SLUGS)
    assert apply_plan(plan) == []
    for slug in EXAMPLE_SLUGS:
        assert (examples_copy / f"{slug}.yaml").read_bytes() == (
            EXAMPLES / f"{slug}.yaml"
        ).read_bytes()


def test_an_update_changes_only_the_edited_values_and_keeps_comments_and_key_order(
    examples_copy, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    slug = "badan-perencanaan-pembangunan-daerah"
    path = examples_copy / f"{slug}.yaml"
    path.write_text("jenis: perjanjian-kinerja\n" + path.read_text(encoding="utf-8"))
    old_text = path.read_text(encoding="utf-8")

    def change(workbook):
        sasaran = workbook["Sasaran"]
        row = row_with(sasaran, "indeks-inovasi")
        sasaran[f"D{row}"] = 55.0
        sasaran[f"D{row}"].number_format = "0.00"
        sasaran[f"E{row_with(sasaran, 'rekomendasi-litbang')}"] = "dokumen"
        sasaran["C11"], sasaran["D11"], sasaran["E11"] = "Jumlah kajian", "4", "dokumen"
        workbook["Program"]["C3"] = "15.000.000.000"

    workbook = edit(exported(slug, tmp_path), change)
    plan = plan_import([workbook], examples_copy)
    assert plan.ok, [str(p) for p in plan.problems]
    (planned,) = plan.files
    assert planned.status == "diperbarui"
    where = f"agreements/2022/{slug}.yaml"
    changes = yaml_changes(planned.old_text, planned.new_text, planned.target)
    apply_plan(plan)
    new_text = path.read_text(encoding="utf-8")
    lines = new_text.splitlines()

    def line(needle: str, after: str = "") -> int:
        start = next(n for n, text in enumerate(lines) if after in text) if after else 0
        return next(n for n, text in enumerate(lines[start:], start + 1) if needle in text)

    # The change is shown by the revision diff: items, old → new as printed, and the
    # file:line of each new value.
    assert changes == [
        "~ Target: Jumlah rekomendasi hasil penelitian dan pengembangan yang dimanfaatkan "
        f"perangkat daerah: 6 rekomendasi → 6 dokumen ({where}:{line('target: 6', 'id: rekomendasi-litbang')})",
        f"~ Target: Skor Indeks Inovasi Daerah Kota Medan: 52,50 → 55,00 ({where}:{line('target: 55.00')})",
        f"+ Indikator baru: Jumlah kajian: 4 dokumen ({where}:{line('- uraian: Jumlah kajian')})",
        "~ Anggaran: Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota: "
        "Rp. 14.862.537.420 → Rp. 15.000.000.000 (selisih +Rp. 137.462.580) "
        f"({where}:{line('anggaran: 15000000000')})",
        "= Jumlah anggaran: Rp. 27.299.705.920 → Rp. 27.437.168.500 (selisih +Rp. 137.462.580)",
    ]
    assert new_text.startswith("jenis: perjanjian-kinerja\n# Perjanjian Kinerja Badan")
    assert [line for line in old_text.splitlines() if line.lstrip().startswith("#")] == [
        line for line in new_text.splitlines() if line.lstrip().startswith("#")
    ]
    assert load_one(path).model.program[0].anggaran == 15000000000


def test_a_removed_indikator_and_a_cleared_satuan_leave_the_yaml(examples_copy, tmp_path):
    slug = "dinas-kesehatan"

    def change(workbook):
        sasaran = workbook["Sasaran"]
        sasaran.delete_rows(row_with(sasaran, "akb"))
        sasaran[f"E{row_with(sasaran, 'stunting')}"] = None
        workbook["Lampiran I"].delete_rows(row_with(workbook["Lampiran I"], "akb"))

    plan = plan_import([edit(exported(slug, tmp_path), change)], examples_copy)
    assert plan.ok, [str(p) for p in plan.problems]
    apply_plan(plan)
    model = load_one(examples_copy / f"{slug}.yaml").model
    assert [i.id for i in model.sasaran[0].indikator] == ["aki", "stunting"]
    assert model.sasaran[0].indikator[1].satuan is None
    text = (examples_copy / f"{slug}.yaml").read_text(encoding="utf-8")
    assert '# satuan "per 100.000 KH" / "per 1.000 KH" belum dikenal pkgen' in text


def test_an_invalid_stub_for_next_year_is_filled_from_its_blank_form(year_folder, tmp_path):
    folder = year_folder(
        sekretariat_dprd="""
        # dibuat sekretariat untuk diisi SKPD
        tahun: 2022
        unit: {nama: Sekretariat Dewan Perwakilan Rakyat Daerah, nama_singkat: Sekretariat DPRD Kota Medan, alamat: Jalan 1}
        """
    )
    source = load_one(EXAMPLES / "sekretariat-dprd.yaml")
    form = exported("sekretariat-dprd", tmp_path)
    plan = plan_import([form], folder)
    assert plan.ok, [str(p) for p in plan.problems]
    apply_plan(plan)
    text = (folder / "sekretariat-dprd.yaml").read_text(encoding="utf-8")
    assert text.startswith("# dibuat sekretariat untuk diisi SKPD\ntahun: 2022\nunit:")
    copy = load_one(folder / "sekretariat-dprd.yaml")
    assert repr(copy.model.sasaran) == repr(source.model.sasaran)
    assert repr(copy.model.lampiran) == repr(source.model.lampiran)


@pytest.mark.slow  # every example, several times: the slow set
def test_export_import_into_an_empty_folder_then_build_prints_the_same_pk(tmp_path):
    """The issue's first 'done when', through the command line as staff run it."""
    shutil.copytree(EXAMPLES, tmp_path / "asli" / "2022")
    empty_year_folder(tmp_path)
    steps = [
        ("export", "asli/2022/sekretariat-dprd.yaml", "-o", "sekretariat-dprd.xlsx"),
        ("import", "sekretariat-dprd.xlsx", "--into", "agreements/2022"),
        ("build", "agreements/2022", "--out", "baru"),
        ("build", "asli/2022/sekretariat-dprd.yaml", "--out", "lama"),
    ]
    outputs = []
    for step in steps:
        result = pkgen(*step, cwd=tmp_path)
        assert result.returncode == 0, (step, result.stdout, result.stderr)
        outputs.append(result.stdout)
    assert outputs[1].splitlines() == [
        "sekretariat-dprd.xlsx → agreements/2022/sekretariat-dprd.yaml: dibuat"
    ]
    new = read_docx(tmp_path / "baru/2022/sekretariat-dprd/perjanjian-kinerja.docx")
    old = read_docx(tmp_path / "lama/2022/sekretariat-dprd/perjanjian-kinerja.docx")
    # The same PK, lampiran included: sections I–III with every table and month grid.
    assert "\nLAMPIRAN:\n" in old.all_text
    assert "ROADMAP MENUJU PENCAPAIAN TARGET" in old.all_text
    assert new.all_text == old.all_text
    assert new.tables == old.tables


def test_every_kind_of_value_survives_the_round_trip(year_folder, tmp_path):
    folder = year_folder(
        dinas="""
        tahun: 2022
        unit: {nama: Dinas, nama_singkat: Dinas Kota Medan, alamat: "Jl. 1", kode_pos: "0612"}
        tanggal: 2022-02-10
        tempat: Kota Medan
        pihak_pertama: {nama: Drs. X, jabatan: Kepala, pangkat: Pembina, golongan: IV/a, nip: 197903171999121001}
        pihak_kedua: {nama: Y, jabatan: Sekretaris Daerah, pangkat: Pembina Utama Madya, nip: 196801011990031002}
        sasaran:
          - uraian: "Sasaran: dengan titik dua"
            indikator:
              - {uraian: Persen tanpa satuan, target: 85.5%}
              - {uraian: Dengan kategori, target: 66 (B), skala: sakip}
              - {uraian: Predikat, target: WTP, satuan: opini}
              - {uraian: Angka kecil, target: 0.50, satuan: indeks}
              - {uraian: Ribuan, target: 1250, satuan: orang}
        program:
          - {nama: P, anggaran: 0, keterangan: DAK Fisik}
        """
    )
    original = load_one(folder / "dinas.yaml")
    (tmp_path / "out").mkdir()
    form = tmp_path / "out" / "dinas.xlsx"
    form.write_bytes(agreement_workbook(original.model, "dinas", original.pemda.model))
    into = empty_year_folder(tmp_path / "new")
    plan = plan_import([form], into)
    assert plan.ok, [str(p) for p in plan.problems]
    apply_plan(plan)
    assert repr(load_one(into / "dinas.yaml").model) == repr(original.model)
