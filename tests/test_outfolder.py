"""The output folder under hostile conditions: unusable paths, two builds at once, leftovers
of a killed build, outputs that cannot be written. Every case ends in one located message
and an exit code, never a traceback."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import ROOT, SKPD_YAML, pkgen
from docx import Document

from generator.build.manifest import MANIFEST_NAME, Manifest, file_digest
from generator.build.outfolder import (
    LOCK_NAME,
    OutputFolderBusy,
    OutputFolderError,
    check_output_folder,
    output_lock,
    sweep_staging,
)
from generator.build.pipeline import build
from generator.build.report import BuildOptions, Status
from generator.build.writer import OutputWriteError, OutputWriter, os_error_reason
from generator.errors import display_path


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result.stderr


# --------------------------------------------------------------------------- up-front checks


def test_out_naming_a_file_is_one_message_before_anything_is_built(year_folder, tmp_path):
    year_folder(dprd=SKPD_YAML)
    (tmp_path / "hasil").write_text("bukan folder")
    result = pkgen("build", "agreements/2022", "--no-pdf", "--out", "hasil", cwd=tmp_path)
    no_traceback(result)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "hasil: bukan folder (sudah ada berkas dengan nama itu); "
        "pilih folder keluaran lain dengan --out"
    )
    assert result.stdout == ""


def test_out_below_a_file_names_the_file(tmp_path):
    (tmp_path / "berkas").write_text("x")
    with pytest.raises(OutputFolderError) as caught:
        check_output_folder(tmp_path / "berkas" / "2022")
    assert str(caught.value).startswith(f"{display_path(tmp_path / 'berkas')}: bukan folder")


def test_out_where_no_folder_can_be_made_says_so(year_folder, tmp_path):
    year_folder(dprd=SKPD_YAML)
    result = pkgen("build", "agreements/2022", "--no-pdf", "--out", "/proc/pkgen", cwd=tmp_path)
    no_traceback(result)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "/proc/pkgen: folder keluaran tidak dapat dibuat: "
        "folder tidak ada dan tidak dapat dibuat di sini"
    )


def test_a_folder_named_like_the_manifest_is_named_before_anything_is_built(year_folder, tmp_path):
    year_folder(dprd=SKPD_YAML)
    (tmp_path / "output" / MANIFEST_NAME).mkdir(parents=True)
    result = pkgen("build", "agreements/2022", "--no-pdf", cwd=tmp_path)
    no_traceback(result)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"output/{MANIFEST_NAME}: adalah folder, padahal pkgen mencatat keluarannya di berkas "
        "dengan nama ini; hapus atau ganti nama folder itu"
    )
    assert not (tmp_path / "output" / "2022").exists()


def without_dac_override() -> tuple[str, ...]:
    """Run as a user that file permissions apply to: root without CAP_DAC_OVERRIDE (what
    makes root ignore them), or as is when not root."""
    if os.geteuid() != 0:
        return ()
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv (util-linux) is needed to drop root's override of permissions")
    return ("setpriv", "--bounding-set=-dac_override,-dac_read_search")


@pytest.mark.parametrize("force", [False, True], ids=["new-build", "force-over-an-old-build"])
def test_an_output_folder_without_write_permission_is_one_message(year_folder, tmp_path, force):
    year_folder(dprd=SKPD_YAML)
    out = tmp_path / "output"
    if force:
        assert pkgen("build", "agreements/2022", "--no-pdf", cwd=tmp_path).returncode == 0
    out.mkdir(exist_ok=True)
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    for path in [out, *out.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        args = ("build", "agreements/2022", "--no-pdf", *(["--force"] if force else []))
        result = pkgen(*args, cwd=tmp_path, prefix=without_dac_override())
    finally:
        for path in [out, *out.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    no_traceback(result)
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == "output: folder keluaran tidak dapat ditulis: tidak ada izin menulis"
    )
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before


def test_a_file_where_an_skpd_folder_should_be_fails_that_skpd_only(year_folder, tmp_path):
    folder = year_folder(dprd=SKPD_YAML, dinas=SKPD_YAML)
    out = tmp_path / "output"
    (out / "2022").mkdir(parents=True)
    (out / "2022/dprd").write_text("bukan folder")
    report = build([folder], BuildOptions(out, pdf=False))
    outcomes = {o.source.stem: o for o in report.outcomes}
    assert outcomes["dinas"].status is Status.BUILT
    assert outcomes["dprd"].status is Status.FAILED
    assert outcomes["dprd"].reasons == [
        f"{display_path(out / '2022/dprd')}: tidak dapat ditulis: sudah ada berkas dengan nama "
        "itu, padahal di situ perlu folder"
    ]
    assert (out / "2022/dinas/perjanjian-kinerja.docx").is_file()


def test_the_writer_names_the_path_and_what_is_wrong(tmp_path):
    writer = OutputWriter(tmp_path)
    (tmp_path / "a").write_text("x")
    with pytest.raises(OutputWriteError) as caught:
        writer.write_bytes(tmp_path / "a" / "b" / "c.docx", b"data")
    assert str(caught.value) == (
        f"{display_path(tmp_path / 'a' / 'b')}: tidak dapat ditulis: "
        "sebagian jalurnya adalah berkas, bukan folder"
    )
    (tmp_path / "d.docx").mkdir()
    with pytest.raises(OutputWriteError, match=r"d\.docx: tidak dapat ditulis: adalah folder"):
        writer.write_bytes(tmp_path / "d.docx", b"data")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        (errno.ENOSPC, "disk penuh"),
        (errno.EROFS, "sistem berkas hanya-baca (read-only)"),
        (errno.EACCES, "tidak ada izin menulis"),
        (errno.EDQUOT, "kuota disk habis"),
    ],
)
def test_os_errors_are_said_in_indonesian(number, reason):
    assert os_error_reason(OSError(number, os.strerror(number))) == reason


# --------------------------------------------------------------------------- the lock

HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from generator.build.outfolder import output_lock
    with output_lock(Path(sys.argv[1])):
        print("memegang", flush=True)
        time.sleep(float(sys.argv[2]))
    """
)


def hold_lock(out: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process holding the output folder's lock for `seconds`."""
    out.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(out), str(seconds)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    with holder.stdout:
        assert holder.stdout.readline().strip() == "memegang"
    return holder


def test_a_second_build_into_a_busy_folder_exits_2_naming_the_process(year_folder, tmp_path):
    year_folder(dprd=SKPD_YAML)
    holder = hold_lock(tmp_path / "output", 30)
    try:
        result = pkgen("build", "agreements/2022", "--no-pdf", cwd=tmp_path)
    finally:
        holder.kill()
        holder.wait()
    no_traceback(result)
    assert result.returncode == 2
    message = result.stderr.strip()
    assert message.startswith(f"output: folder keluaran sedang dipakai oleh proses {holder.pid} (")
    assert message.endswith(
        "; tunggu sampai selesai, atau jalankan dengan --tunggu agar menunggu giliran"
    )
    assert not (tmp_path / "output/2022").exists()


def test_with_tunggu_the_second_build_waits_its_turn(year_folder, tmp_path):
    year_folder(dprd=SKPD_YAML)
    holder = hold_lock(tmp_path / "output", 1)
    started = time.monotonic()
    result = pkgen("build", "agreements/2022", "--no-pdf", "--tunggu", cwd=tmp_path)
    waited = time.monotonic() - started
    holder.wait()
    no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert f"Folder keluaran output sedang dipakai oleh proses {holder.pid}" in result.stderr
    assert "menunggu" in result.stderr
    assert waited >= 0.5  # it did wait for the holder (which held the lock 1 s)
    assert (tmp_path / "output/2022/dprd/perjanjian-kinerja.docx").is_file()


def test_the_lock_is_released_when_its_holder_is_killed(tmp_path):
    out = tmp_path / "output"
    holder = hold_lock(out, 60)
    with pytest.raises(OutputFolderBusy), output_lock(out):
        pass
    holder.kill()
    holder.wait()
    with output_lock(out):
        assert (out / LOCK_NAME).read_text().startswith(f"{os.getpid()}\n")


def test_the_lock_is_reentrant_within_one_build(tmp_path):
    with output_lock(tmp_path), output_lock(tmp_path):
        pass
    with output_lock(tmp_path):  # released after the outer block
        pass


# --------------------------------------------------------------------------- leftovers


def test_staging_files_of_a_killed_build_are_swept_and_nothing_else(tmp_path):
    leftovers = [
        tmp_path / "2022/dprd/.perjanjian-kinerja.pdf.k3j_x9ab.tmp",
        tmp_path / "2022/.buku-perjanjian-kinerja-2022.pdf.abcdefgh.tmp",
        tmp_path / "..pkgen-manifest.json.0123abcd.tmp",
    ]
    kept = [
        tmp_path / "2022/dprd/perjanjian-kinerja.pdf",
        tmp_path / "2022/dprd/catatan.tmp",
        tmp_path / "2022/dprd/.tersembunyi",
    ]
    for path in leftovers + kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    assert sorted(sweep_staging(tmp_path)) == sorted(leftovers)
    assert [p.exists() for p in kept] == [True, True, True]
    assert not any(p.exists() for p in leftovers)


def test_a_build_removes_the_staging_files_a_killed_build_left(year_folder, tmp_path):
    folder = year_folder(dprd=SKPD_YAML)
    out = tmp_path / "output"
    stale = out / "2022/dprd/.perjanjian-kinerja.docx.zz9_aaaa.tmp"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"PK half a docx")
    report = build([folder], BuildOptions(out, pdf=False))
    assert report.ok
    assert not stale.exists()
    assert [p.name for p in out.rglob("*.tmp")] == []


# --------------------------------------------------------------------------- manifest merge


def make_docx(path: Path, text: str) -> Path:
    document = Document()
    document.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


def test_the_manifest_keeps_entries_another_build_saved_meanwhile(tmp_path):
    first, _ = Manifest.load(tmp_path)
    second, _ = Manifest.load(tmp_path)
    a = make_docx(tmp_path / "2022/a/perjanjian-kinerja.docx", "a")
    b = make_docx(tmp_path / "2023/b/perjanjian-kinerja.docx", "b")
    first.record_document("2022/a/perjanjian-kinerja.docx", "agreements/2022/a.yaml", "s1", [a])
    first.merge_saved()
    (tmp_path / MANIFEST_NAME).write_bytes(first.to_bytes())
    second.record_document("2023/b/perjanjian-kinerja.docx", "agreements/2023/b.yaml", "s2", [b])
    second.merge_saved()  # did not see a's entry when it loaded: merged, not dropped
    (tmp_path / MANIFEST_NAME).write_bytes(second.to_bytes())
    saved, problem = Manifest.load(tmp_path)
    assert problem is None
    assert sorted(saved.documents) == [
        "2022/a/perjanjian-kinerja.docx",
        "2023/b/perjanjian-kinerja.docx",
    ]
    assert saved.documents["2022/a/perjanjian-kinerja.docx"].outputs == {
        "2022/a/perjanjian-kinerja.docx": file_digest(a)
    }


def test_an_entry_this_build_dropped_stays_dropped_after_the_merge(tmp_path):
    a = make_docx(tmp_path / "2022/a/perjanjian-kinerja.docx", "a")
    start, _ = Manifest.load(tmp_path)
    start.record_document("2022/a/perjanjian-kinerja.docx", "agreements/2022/a.yaml", "s1", [a])
    (tmp_path / MANIFEST_NAME).write_bytes(start.to_bytes())
    manifest, _ = Manifest.load(tmp_path)
    manifest.documents.pop("2022/a/perjanjian-kinerja.docx")
    manifest.merge_saved()
    assert manifest.documents == {}


def test_two_years_built_at_once_into_one_folder_keep_each_others_entries(year_folder, tmp_path):
    """Two builds of different years, started together with --tunggu: both claim theirs."""
    first = year_folder(dprd=SKPD_YAML)
    second = tmp_path / "agreements" / "2023"
    shutil.copytree(first, second)
    for path in second.glob("*.yaml"):
        path.write_text(path.read_text().replace("2022", "2023"))
    builds = [
        subprocess.Popen(
            [sys.executable, "-m", "generator", "build", str(folder), "--no-pdf", "--tunggu"],
            cwd=tmp_path,
            env=dict(os.environ, PYTHONPATH=str(ROOT)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in (first, second)
    ]
    for process in builds:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
        assert "Traceback" not in stderr
    manifest, problem = Manifest.load(tmp_path / "output")
    assert problem is None
    assert sorted(manifest.documents) == [
        "2022/dprd/perjanjian-kinerja.docx",
        "2023/dprd/perjanjian-kinerja.docx",
    ]
    for entry in manifest.documents.values():
        for relative, digest in entry.outputs.items():
            assert file_digest(tmp_path / "output" / relative) == digest


def test_a_build_that_cannot_save_its_manifest_at_the_end_says_so_and_fails(year_folder, tmp_path):
    folder = year_folder(dprd=SKPD_YAML)
    out = tmp_path / "output"
    assert build([folder], BuildOptions(out, pdf=False)).ok
    # A folder in the manifest's place after the start: only the last save can notice.
    (folder / "dprd.yaml").write_text(
        (folder / "dprd.yaml").read_text().replace("target: 66", "target: 67")
    )

    def block_manifest(phase: str, label: str, done: int, total: int) -> None:
        (out / MANIFEST_NAME).unlink()
        (out / MANIFEST_NAME).mkdir()

    report = build([folder], BuildOptions(out, pdf=False), block_manifest)
    assert not report.ok
    assert [o.status for o in report.outcomes] == [Status.BUILT]
    [problem] = [p for p in report.warnings if p.is_error]
    assert "manifest tidak dapat disimpan" in problem.message
    assert "adalah folder" in problem.message
