"""`pkgen bench` (or `python -m generator.bench`): how fast a whole pemda is built, in one run.

Makes N synthetic SKPD (default 60) from the sample shipped as package data
(`generator/resources/sample/`: the richest example PK, `dinas-kesehatan.yaml` with 5
sasaran, 11 indikator, 7 programs and a lampiran, and its pemda with logo), so it runs from
an installed pkgen too, and measures, on the same machine in the same run:

* render: documents per second with pkgen's compiled template, and with plain docxtpl
  re-reading and re-parsing the template for every document (on a sample);
* conversion of the N rendered documents: pkgen's `PdfConverter` (start-up included);
  the naive way, one `soffice --convert-to pdf` per file (a sample, extrapolated); the
  floor, one `soffice` per core each given its share in one command; and unoserver (pip
  package, a dev dependency), one server per core with its own profile and port, fed by
  its Python client — with and without the server's start-up until it answers;
* the full build (`pkgen build`: render + convert + book) from an empty output folder,
  against the floor of the same round; then the incremental build after changing one
  target in one SKPD (wall time, documents converted);
* peak RSS of the build's Python process and of its LibreOffice processes;
* the cost of the engine stamp every build computes (pkgen's code hashed, library and
  LibreOffice versions read), against the build it belongs to.

With `--rounds R` every measure is taken R times and the medians are shown. Timings on
a shared machine are noisy: compare ratios of the same run, not single numbers.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import psutil

import generator

SAMPLE = resources.files("generator") / "resources" / "sample"
SOURCE_SKPD = "dinas-kesehatan.yaml"
SAMPLE_PEMDA = ("pemda.yaml", "logo-kota-medan.png")
# The folder holding the generator package now running: the build child runs the same one.
PACKAGE_PARENT = Path(generator.__file__).resolve().parent.parent

GOALS = {
    "build_vs_floor": 1.1,
    "ladder_build_vs_floor": 1.25,  # with a pohon kinerja and a book per SKPD (issue 16)
    "convert_vs_naive": 7.0,
    "render_docs_per_s": 25.0,
    "incremental_seconds": 4.0,
    "python_rss_mb": 300.0,
}


# --------------------------------------------------------------------------- data


# The cascading scenario (`--jenjang`): below each SKPD's Kepala, three Kepala Bidang
# (eselon III) with two Kepala Seksi each (eselon IV): ten PKs per SKPD.
BIDANG = {
    1: ("aki", "akb", "ukp-ukm"),
    2: ("uhc", "ikm-puskesmas", "sdm-kesehatan"),
    3: ("kesembuhan-tb", "nilai-sakip", "penunjang"),
}
SEKSI_PER_BIDANG = 2
LADDER_SIZE = 1 + len(BIDANG) * (1 + SEKSI_PER_BIDANG)


def make_agreements(folder: Path, n: int, jenjang: bool = False) -> list[Path]:
    """N synthetic SKPD of one pemda, each a variation of the richest example PK (with
    `jenjang`, each with its ladder of ten PKs per jabatan); the SKPD files."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in SAMPLE_PEMDA:
        (folder / name).write_bytes((SAMPLE / name).read_bytes())
    source = (SAMPLE / SOURCE_SKPD).read_text(encoding="utf-8")
    files = []
    for i in range(1, n + 1):
        text = source.replace("Dinas Kesehatan", f"Dinas Sintetis {i:02d}")
        text = text.replace("dinkes", f"dinas{i:02d}")
        # Targets differ a little from unit to unit.
        text = _raise_first_target(text, i % 3)
        path = folder / f"dinas-sintetis-{i:02d}.yaml"
        path.write_text(text, encoding="utf-8")
        files.append(path)
        if jenjang:
            _make_ladder(folder, f"dinas-sintetis-{i:02d}", i)
    return files


def change_one_target(path: Path) -> None:
    """Raise the first whole-number target of an SKPD file by one."""
    path.write_text(_raise_first_target(path.read_text(encoding="utf-8"), 1), encoding="utf-8")


def _raise_first_target(text: str, step: int) -> str:
    def raised(match: re.Match[str]) -> str:
        return f"{match.group(1)}{int(match.group(2)) + step}"

    return re.sub(r"(target: )(\d+)$", raised, text, count=1, flags=re.M)


def _make_ladder(folder: Path, head: str, i: int) -> None:
    for b, (first, second, program) in BIDANG.items():
        bidang = f"{head}/bidang-{b}"
        upper = (f"{first}-b{b}", f"{second}-b{b}")
        _jabatan_file(
            folder / f"{head}-bidang-{b}.yaml",
            (f"bidang-{b}", head, f"Kepala Bidang {b} Dinas Sintetis {i:02d}"),
            list(zip(upper, (first, second), strict=True)),
            (program, None),
            i,
            anggaran=1_000_000_000 * SEKSI_PER_BIDANG,
        )
        for k in range(1, SEKSI_PER_BIDANG + 1):
            _jabatan_file(
                folder / f"{head}-seksi-{b}-{k}.yaml",
                (f"seksi-{b}-{k}", bidang, f"Kepala Seksi {b}.{k} Dinas Sintetis {i:02d}"),
                [(f"{u}-s{k}", u) for u in upper],
                (f"kegiatan-{b}-{k}", program),
                i,
            )


def _jabatan_file(
    path: Path,
    who: tuple[str, str, str],
    indikator: list[tuple[str, str]],
    program: tuple[str, str | None],
    i: int,
    anggaran: int = 1_000_000_000,
) -> None:
    """One synthetic jabatan PK: `who` (id, atasan, jabatan), its indikator as (id, the
    atasan indikator it supports), its one program (id, the atasan program it details)."""
    jabatan_id, atasan, jabatan = who
    lines = [
        f"id: {jabatan_id}",
        f"atasan: {atasan}",
        "tahun: 2022",
        f"unit: {{nama: Dinas Sintetis {i:02d}, nama_singkat: Dinas Sintetis {i:02d} Kota Medan,"
        " alamat: Jalan Sintetis 1}",
        "tanggal: Januari 2022",
        f"pihak_pertama: {{nama: 'Pejabat {jabatan_id} {i:02d}, S.T.', jabatan: {jabatan},"
        " pangkat: Penata, golongan: III/c, nip: '198506182010011014'}",
        "sasaran:",
        f"  - uraian: Meningkatnya kinerja {jabatan}",
        "    indikator:",
    ]
    for n, (key, supports) in enumerate(indikator, start=1):
        lines += [
            f"      - id: {key}",
            f"        uraian: Persentase capaian kinerja {n} {jabatan}",
            '        satuan: "%"',
            f"        target: {80 + n + i % 5}",
            f"        mendukung: {supports}",
        ]
    program_id, details = program
    lines += [
        "program:",
        f"  - id: {program_id}",
        f"    nama: Program sintetis {jabatan}",
        f"    anggaran: {anggaran}",
    ]
    if details:
        lines.append(f"    mendukung: {details}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- render


def bench_render(folder: Path, out: Path, docxtpl_sample: int) -> tuple[float, float, int]:
    """(pkgen docs/s, plain docxtpl docs/s, N); writes the N documents into `out`."""
    from generator.build.pipeline import Renderer
    from generator.data.loading import load_batch
    from generator.templates import shipped_templates

    templates = shipped_templates()
    batch = load_batch([folder])
    agreements = batch.agreements
    out.mkdir(parents=True, exist_ok=True)
    renderer = Renderer(templates)
    warm = {renderer.template_path(a): a for a in agreements}  # one PK per template in use
    for agreement in warm.values():  # compile each template and prepare the logo once
        renderer.render(agreement)
    started = time.perf_counter()
    rendered = [renderer.render(a) for a in agreements]
    pkgen_rate = len(agreements) / (time.perf_counter() - started)
    for agreement, data in zip(agreements, rendered, strict=True):
        (out / f"{agreement.name.replace('/', '--')}.docx").write_bytes(data)
    plain_rate = _plain_docxtpl_rate(
        agreements[:docxtpl_sample], templates / "perjanjian-kinerja.docx"
    )
    return pkgen_rate, plain_rate, len(agreements)


def _plain_docxtpl_rate(agreements: list[Any], template: Path) -> float:
    """Docs/s of docxtpl as documented: a DocxTemplate read for every document (0 when
    docxtpl, a development dependency only, is not installed)."""
    try:
        from docxtpl import DocxTemplate
    except ImportError:
        return 0.0

    from generator.build.kinds import document_kind
    from generator.context.common import as_mapping
    from generator.templates.render import make_environment

    # pkgen's own tags ({% vmerge %}, {% keepnext %}) are unknown to docxtpl: strip them.
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "plain.docx"
        _strip_pkgen_tags(template, plain)
        env = make_environment()
        started = time.perf_counter()
        for agreement in agreements:
            context = document_kind(agreement.kind).build_context(
                agreement.model, agreement.pemda.model, agreement.shared_model
            )
            doc = DocxTemplate(plain)
            doc.render(as_mapping(context), jinja_env=env)
            doc.save(io.BytesIO())
        return len(agreements) / (time.perf_counter() - started)


def _strip_pkgen_tags(source: Path, target: Path) -> None:
    import zipfile

    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("word/") and info.filename.endswith(".xml"):
                data = re.sub(rb"\{%\s*(vmerge|keepnext)\s[^%]*%\}", b"", data)
            dst.writestr(info, data)


# --------------------------------------------------------------------------- conversion


def soffice_command(soffice: str, profile: Path, outdir: Path, files: list[Path]) -> list[str]:
    from generator.pdf.convert import BATCH_FILTER, SOFFICE_FLAGS

    return [
        soffice,
        *SOFFICE_FLAGS,
        f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to",
        BATCH_FILTER,
        "--outdir",
        str(outdir),
        *map(str, files),
    ]


def run_quiet(command: list[str]) -> None:
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)


def bench_naive(soffice: str, profile: Path, files: list[Path], out: Path, n: int) -> float:
    """Seconds for N files with one soffice process per file, from a timed sample."""
    started = time.perf_counter()
    for path in files:
        run_quiet(soffice_command(soffice, profile, out, [path]))
    return (time.perf_counter() - started) / len(files) * n


def bench_floor(soffice: str, profiles: list[Path], files: list[Path], out: Path) -> float:
    """Seconds for one soffice per worker, each converting its share in one command."""
    shares = [files[w :: len(profiles)] for w in range(len(profiles))]
    started = time.perf_counter()
    procs = [
        subprocess.Popen(
            soffice_command(soffice, profile, out, share),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for profile, share in zip(profiles, shares, strict=True)
    ]
    for proc in procs:
        proc.wait()
    return time.perf_counter() - started


def bench_converter(files: list[Path], out: Path, workers: int) -> tuple[float, int, int]:
    """(seconds including start-up, min pages, max pages) with pkgen's PdfConverter."""
    from pypdf import PdfReader

    from generator.pdf.convert import ConversionJob, PdfConverter

    jobs = [ConversionJob(p, out / f"{p.stem}.pdf", p.stem) for p in files]
    started = time.perf_counter()
    with PdfConverter(workers=workers) as converter:
        results = converter.convert(jobs)
    seconds = time.perf_counter() - started
    failed = [r.error for r in results if not r.ok]
    if failed:
        raise RuntimeError(f"konversi gagal: {failed[:3]}")
    pages = [len(PdfReader(j.target).pages) for j in jobs]
    return seconds, min(pages), max(pages)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class UnoserverResult:
    total: float  # servers started, ready, all converted
    ready: float  # until every server answered
    converting: float  # after ready


def bench_unoserver(files: list[Path], out: Path, workers: int, work: Path) -> UnoserverResult:
    """One unoserver per worker (own profile and ports), fed by its client in threads."""
    from unoserver import client as uno_client  # dev dependency

    package = Path(uno_client.__file__).resolve().parent
    shim = work / "unoserver-path"
    shim.mkdir(exist_ok=True)
    for entry in [package, *package.parent.glob("unoserver-*.dist-info")]:
        link = shim / entry.name
        if not link.exists():
            link.symlink_to(entry)
    env = dict(os.environ, PYTHONPATH=str(shim))
    out.mkdir(parents=True, exist_ok=True)
    servers, ports = [], []
    started = time.perf_counter()
    try:
        for w in range(workers):
            port, uno_port = _free_port(), _free_port()
            ports.append(port)
            profile = work / f"unoserver-profile{w}"
            servers.append(
                subprocess.Popen(
                    [
                        "/usr/bin/python3",
                        "-m",
                        "unoserver.server",
                        "--port",
                        str(port),
                        "--uno-port",
                        str(uno_port),
                        "--user-installation",
                        str(profile),
                        "--quiet",
                    ],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
            )
        for port, server in zip(ports, servers, strict=True):
            _wait_unoserver(port, server, deadline=time.perf_counter() + 120)
        ready = time.perf_counter() - started
        shares = [files[w::workers] for w in range(workers)]
        errors: list[BaseException] = []

        def feed(port: int, share: list[Path]) -> None:
            unoclient = uno_client.UnoClient(port=str(port))
            try:
                for path in share:
                    unoclient.convert(inpath=str(path), outpath=str(out / f"{path.stem}.pdf"))
            except BaseException as exc:  # reported after the threads end
                errors.append(exc)

        converting_started = time.perf_counter()
        threads = [
            threading.Thread(target=feed, args=(port, share))
            for port, share in zip(ports, shares, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            raise RuntimeError(f"unoserver gagal: {errors[0]!r}")
        converting = time.perf_counter() - converting_started
        return UnoserverResult(time.perf_counter() - started, ready, converting)
    finally:
        for server in servers:
            _kill_group(server)


def _wait_unoserver(port: int, server: subprocess.Popen[Any], deadline: float) -> None:
    from xmlrpc.client import ServerProxy

    while True:
        if server.poll() is not None:
            raise RuntimeError(f"unoserver berhenti (kode {server.returncode})")
        try:
            with ServerProxy(f"http://127.0.0.1:{port}", allow_none=True) as proxy:
                proxy.info()
            return
        except (OSError, ConnectionError) as exc:
            if time.perf_counter() > deadline:
                raise RuntimeError(f"unoserver di port {port} tidak siap") from exc
            time.sleep(0.05)


def _kill_group(proc: subprocess.Popen[Any]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        for child in psutil.Process(proc.pid).children(recursive=True):
            with contextlib.suppress(psutil.Error):
                child.kill()
        os.killpg(proc.pid, 9)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)


# --------------------------------------------------------------------------- builds


@dataclass
class BuildRun:
    wall: float
    converted: int
    built: int
    books: list[tuple[str, str]]
    phases: dict[str, float]
    python_rss_mb: float
    office_rss_mb: float  # the largest sum over LibreOffice processes at one moment


def run_build(folder: Path, out: Path, workers: int) -> BuildRun:
    """`pkgen build` as a user runs it (a new process), sampled for memory."""
    command = [sys.executable, "-m", "generator.bench", "--build-child", str(folder), str(out)]
    command += ["--workers", str(workers)]
    paths = [str(PACKAGE_PARENT), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(paths))
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    office_peak = 0.0
    watched = psutil.Process(proc.pid)
    while proc.poll() is None:
        with contextlib.suppress(psutil.Error):
            total = 0
            for child in watched.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    if child.name().startswith("soffice"):
                        total += child.memory_info().rss
            office_peak = max(office_peak, total / 2**20)
        time.sleep(0.05)
    wall = time.perf_counter() - started
    output, _ = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"pkgen build gagal (kode {proc.returncode})")
    data = json.loads(output.strip().splitlines()[-1])
    return BuildRun(
        wall,
        data["converted"],
        data["built"],
        [tuple(b) for b in data["books"]],
        data["phases"],
        data["maxrss_mb"],
        office_peak,
    )


def build_child(folder: Path, out: Path, workers: int) -> int:
    """Run one build as `pkgen build` does (LibreOffice started before the pipeline is
    imported) and print its numbers as JSON (the parent measures wall time)."""
    from generator.pdf.convert import started_converter

    converter = started_converter(workers)
    from generator.build.pipeline import build
    from generator.build.report import BuildOptions, Status

    factory = (lambda: converter) if converter is not None else None
    options = BuildOptions(out, workers=workers, converter=factory)
    report = build([folder], options)
    result = {
        "converted": report.converted,
        "built": sum(1 for o in report.outcomes if o.status is Status.BUILT),
        "books": [(b.path.name, str(b.status)) for b in report.books],
        "phases": report.phases,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "failed": [o.label for o in report.failed],
    }
    print(json.dumps(result))
    return 0 if report.ok else 1


# --------------------------------------------------------------------------- the run


@dataclass
class Round:
    values: dict[str, float] = field(default_factory=dict)
    notes: dict[str, Any] = field(default_factory=dict)


def machine() -> str:
    from generator.pdf.office_version import libreoffice_version

    memory = psutil.virtual_memory().total / 2**30
    return f"{os.cpu_count()} core, {memory:.0f} GiB RAM, {libreoffice_version()}"


def bench_engine_stamp(repeat: int = 20) -> tuple[float, float]:
    """Milliseconds to compute the engine stamp as every build does (pkgen's package
    hashed, library versions and LibreOffice's version read): the first time in this
    process, and the median of `repeat` more."""
    from generator.build.manifest import Engine
    from generator.pdf.office_version import libreoffice_version

    times = []
    for _ in range(repeat + 1):
        started = time.perf_counter()
        Engine.current(libreoffice_version()).stamp  # noqa: B018 (computed for its cost)
        times.append((time.perf_counter() - started) * 1000)
    return times[0], statistics.median(times[1:])


@contextlib.contextmanager
def workspace(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep
        return
    path = Path(tempfile.mkdtemp(prefix="pkgen-bench-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def one_round(
    work: Path,
    index: int,
    n: int,
    workers: int,
    sample: int,
    unoserver: bool,
    say: Callable,
    jenjang: bool = False,
) -> Round:
    from generator.pdf.convert import find_soffice

    soffice = find_soffice()
    here = work / f"putaran-{index}"
    folder = here / "agreements" / "2022"
    files_folder = here / "docx"
    result = Round()
    make_agreements(folder, n, jenjang)
    stamp_first, stamp = bench_engine_stamp()
    result.values.update(stamp_first_ms=stamp_first, stamp_ms=stamp)

    say("render …")
    pkgen_rate, plain_rate, count = bench_render(folder, files_folder, min(n, 20))
    result.values.update(render_rate=pkgen_rate, docxtpl_rate=plain_rate)
    files = sorted(files_folder.glob("*.docx"))
    assert len(files) == count

    profiles = [here / f"profil-{w}" for w in range(workers)]
    for profile in profiles:  # initialised as a user's profile would be, not timed
        run_quiet(soffice_command(soffice, profile, here / "pemanasan", files[:1]))

    say("konversi: PdfConverter …")
    seconds, low, high = bench_converter(files, here / "pdf-pkgen", workers)
    result.values["converter"] = seconds
    result.notes["pages"] = (low, high)
    say("konversi: batas bawah (soffice per inti) …")
    result.values["floor"] = bench_floor(soffice, profiles, files, here / "pdf-floor")
    say(f"konversi: naif (1 soffice per berkas, {sample} berkas) …")
    result.values["naive"] = bench_naive(
        soffice, profiles[0], files[:sample], here / "pdf-naive", count
    )
    if unoserver:
        say("konversi: unoserver …")
        try:
            uno = bench_unoserver(files, here / "pdf-unoserver", workers, here)
            result.values.update(
                unoserver_total=uno.total, unoserver_ready=uno.ready, unoserver=uno.converting
            )
        except ImportError:
            result.notes["unoserver"] = "paket unoserver tidak terpasang (pip install unoserver)"

    say("pkgen build penuh …")
    out = here / "output"
    full = run_build(folder, out, workers)
    result.values.update(
        build=full.wall,
        build_book=full.phases.get("buku", 0.0),
        python_rss=full.python_rss_mb,
        office_rss=full.office_rss_mb,
    )
    say("pkgen build setelah mengubah satu target …")
    skpd = f"dinas-sintetis-{(index % n) + 1:02d}"
    # The cascading scenario changes one Kepala Bidang's target: exactly that PK again.
    change_one_target(folder / (f"{skpd}-bidang-1.yaml" if jenjang else f"{skpd}.yaml"))
    again = run_build(folder, out, workers)
    result.values.update(
        incremental=again.wall,
        incremental_converted=again.converted,
        incremental_python_rss=again.python_rss_mb,
    )
    result.notes["incremental_books"] = again.books
    if jenjang:
        say("pkgen build setelah mengganti nama satu Kepala Dinas …")
        head = folder / f"{skpd}.yaml"
        head.write_text(
            head.read_text(encoding="utf-8").replace("dr. Rahmat", "dr. H. Rahmat"),
            encoding="utf-8",
        )
        renamed = run_build(folder, out, workers)
        result.values.update(renamed=renamed.wall, renamed_converted=renamed.converted)
    return result


def report(rounds: list[Round], n: int, workers: int, sample: int, jenjang: bool = False) -> str:
    """The table, with medians over the rounds, ratios and the goals."""

    def med(key: str) -> float | None:
        values = [r.values[key] for r in rounds if key in r.values]
        return statistics.median(values) if values else None

    lines = []
    pages = rounds[0].notes.get("pages", ("?", "?"))
    documents = (
        f"{n} SKPD × {LADDER_SIZE} jabatan = {n * LADDER_SIZE} PK"
        if jenjang
        else (f"{n} SKPD sintetis (PK")
    )
    lines.append(
        f"pkgen bench: {documents}, {pages[0]}–{pages[1]} halaman), {workers} worker, "
        f"{len(rounds)} putaran (median)"
        if not jenjang
        else f"pkgen bench --jenjang: {documents} ({pages[0]}–{pages[1]} halaman), {workers} "
        f"worker, {len(rounds)} putaran (median)"
    )
    lines.append(f"mesin: {machine()}")
    lines.append("")
    rows: list[tuple[str, str, str]] = []

    def row(name: str, key: str, ratio: str = "", unit: str = "s") -> None:
        value = med(key)
        if value is None:
            return
        shown = f"{value:8.0f} MB" if unit == "MB" else f"{value:8.2f} {unit}"
        rows.append((name, shown, ratio))

    render, plain = med("render_rate"), med("docxtpl_rate")
    if render:
        rows.append(("render pkgen (templat dikompilasi sekali)", f"{render:8.1f} dok/s", ""))
    if render and plain:
        rows.append(
            (
                "render docxtpl biasa (templat dibaca ulang)",
                f"{plain:8.1f} dok/s",
                f"pkgen {render / plain:.1f}× lebih cepat",
            )
        )
    converter, naive, floor = med("converter"), med("naive"), med("floor")
    uno_total = med("unoserver_total")
    count = n * LADDER_SIZE if jenjang else n
    row(f"konversi naif: 1 soffice per berkas ({sample} diukur, ×{count / sample:.0f})", "naive")
    row(f"konversi batas bawah: {workers} soffice --convert-to paralel", "floor")
    if uno_total is not None:
        row(f"konversi unoserver ×{workers}, termasuk start server", "unoserver_total")
        row(
            f"konversi unoserver ×{workers}, setelah siap (siap {med('unoserver_ready'):.1f} s)",
            "unoserver",
        )
    if converter and naive and floor:
        ratio = f"{naive / converter:.1f}× naif, {floor / converter:.2f}× batas bawah"
        if uno_total:
            ratio += f", {uno_total / converter:.2f}× unoserver"
        row("konversi PdfConverter pkgen, termasuk start", "converter", ratio)
    build = med("build")
    if build and floor:
        row("build penuh (render + konversi + buku)", "build", f"{build / floor:.2f}× batas bawah")
        row("  di antaranya buku", "build_book")
    row(
        "build ulang, 1 target diubah" + (" (seorang Kepala Bidang)" if jenjang else ""),
        "incremental",
        f"{med('incremental_converted'):.0f} dokumen dikonversi",
    )
    if med("renamed") is not None:
        row(
            "build ulang, nama seorang Kepala Dinas diubah",
            "renamed",
            f"{med('renamed_converted'):.0f} dokumen dikonversi (PK-nya dan {len(BIDANG)} "
            "PK eselon III yang menyebutnya)",
        )
    stamp, incremental = med("stamp_ms"), med("incremental")
    if stamp is not None and incremental:
        row(
            "stempel mesin per build (kode pkgen, pustaka, LibreOffice)",
            "stamp_ms",
            f"{stamp / 10 / incremental:.2f} % dari build ulang "
            f"(pertama kali dalam proses: {med('stamp_first_ms'):.1f} ms)",
            unit="ms",
        )
    row("RSS puncak Python (build penuh)", "python_rss", unit="MB")
    row("RSS puncak Python (build ulang)", "incremental_python_rss", unit="MB")
    row(f"RSS puncak LibreOffice ({workers} proses bersama)", "office_rss", unit="MB")
    width = max(len(r[0]) for r in rows)
    for name, value, ratio in rows:
        lines.append(f"{name:<{width}}  {value:>14}  {ratio}")
    lines.append("")
    lines.extend(goal_lines(med, jenjang))
    for r in rounds:
        if "unoserver" in r.notes:
            lines.append(r.notes["unoserver"])
            break
    return "\n".join(lines)


def goal_lines(med: Callable[[str], float | None], jenjang: bool = False) -> list[str]:
    def verdict(ok: bool) -> str:
        return "tercapai" if ok else "TIDAK tercapai"

    out = ["Sasaran:"]
    build, floor, converter, naive = med("build"), med("floor"), med("converter"), med("naive")
    goal = GOALS["ladder_build_vs_floor" if jenjang else "build_vs_floor"]
    if build and floor:
        ratio = build / floor
        out.append(f"- build penuh ≤ {goal}× batas bawah: {ratio:.2f}× — {verdict(ratio <= goal)}")
    renamed = med("renamed_converted")
    if renamed is not None:
        out.append(
            f"- nama Kepala Dinas diubah: tepat {1 + len(BIDANG)} dokumen: {renamed:.0f} — "
            f"{verdict(renamed == 1 + len(BIDANG))}"
        )
    if converter and naive:
        ratio = naive / converter
        out.append(
            f"- konversi ≥ {GOALS['convert_vs_naive']:.0f}× lebih cepat dari naif: {ratio:.1f}× — "
            f"{verdict(ratio >= GOALS['convert_vs_naive'])}"
        )
    uno_total = med("unoserver_total")
    if converter and uno_total:
        out.append(
            f"- konversi lebih cepat dari unoserver (start server termasuk): {converter:.1f} s "
            f"vs {uno_total:.1f} s — {verdict(converter < uno_total)}; tanpa start server: "
            f"{med('unoserver'):.1f} s — {verdict(converter < (med('unoserver') or 0))}"
        )
    render, plain = med("render_rate"), med("docxtpl_rate")
    if render and plain:
        out.append(
            f"- render ≥ {GOALS['render_docs_per_s']:.0f} dok/s dan lebih cepat dari docxtpl: "
            f"{render:.0f} dok/s vs {plain:.0f} — "
            f"{verdict(render >= GOALS['render_docs_per_s'] and render > plain)}"
        )
    incremental, converted = med("incremental"), med("incremental_converted")
    if incremental is not None and converted is not None:
        ok = converted == 1 and incremental <= GOALS["incremental_seconds"]
        out.append(
            f"- build ulang: tepat 1 dokumen dan ≤ {GOALS['incremental_seconds']:.0f} s: "
            f"{converted:.0f} dokumen, {incremental:.2f} s — {verdict(ok)}"
        )
    rss = med("python_rss")
    if rss is not None:
        out.append(
            f"- RSS puncak Python ≤ {GOALS['python_rss_mb']:.0f} MB: {rss:.0f} MB — "
            f"{verdict(rss <= GOALS['python_rss_mb'])}"
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pkgen bench", description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=60, help="jumlah SKPD sintetis (bawaan 60)")
    parser.add_argument("--workers", type=int, default=None, help="proses LibreOffice")
    parser.add_argument("--rounds", type=int, default=1, help="ulangi dan ambil median")
    parser.add_argument("--sample", type=int, default=3, help="berkas untuk cara naif")
    parser.add_argument("--no-unoserver", action="store_true", help="lewati unoserver")
    parser.add_argument("--keep", type=Path, default=None, help="folder kerja (tidak dihapus)")
    parser.add_argument(
        "--jenjang",
        action="store_true",
        help=f"skenario cascading: tiap SKPD dengan {LADDER_SIZE} PK per jabatan "
        "(eselon II, III, IV); -n 50 = 500 PK",
    )
    parser.add_argument(
        "--build-child", nargs=2, type=Path, metavar=("FOLDER", "OUT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    from generator.pdf.convert import default_workers

    workers = args.workers or default_workers()
    if args.build_child:
        folder, out = args.build_child
        return build_child(folder, out, workers)
    rounds = []
    with workspace(args.keep) as work:
        for index in range(args.rounds):

            def say(text: str, index: int = index) -> None:
                print(f"[putaran {index + 1}/{args.rounds}] {text}", file=sys.stderr, flush=True)

            rounds.append(
                one_round(
                    work,
                    index,
                    args.n,
                    workers,
                    args.sample,
                    not args.no_unoserver,
                    say,
                    args.jenjang,
                )
            )
    print(report(rounds, args.n, workers, args.sample, args.jenjang))
    return 0


if __name__ == "__main__":
    sys.exit(main())
