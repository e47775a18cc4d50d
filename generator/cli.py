"""Command line: `pkgen build`, `check`, `export`, `import`, `diff`, `serve`, `users`. Only wiring and printing
live here.

Exit codes: 0 everything succeeded; 1 some data, template or document failed (the others
were still built), or pkgen itself failed (a crash report is written); 2 the command line
names something unusable, or the output folder is in use by another build; 130 interrupted.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec

import typer
from rich.console import Console, ConsoleDimensions
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from generator import __version__
from generator.domain.terminal import WIDE, fits, whole_width
from generator.errors import PkgenError, Problem, UsageError, display_path

# The pipeline modules are imported inside the commands: `pkgen build` starts LibreOffice
# first and lets it warm up while they load (about 0.7 s of imports).
if TYPE_CHECKING:
    from generator.build.report import BuildReport
    from generator.pdf.scratch import ScratchFolder

app = typer.Typer(
    name="pkgen",
    help="Perjanjian Kinerja dan Rencana Kerja RB dari data YAML ke dokumen .docx/PDF.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class PipeFriendlyConsole(Console):
    """A console that, printing to a pipe or a file, is as wide as its longest line: a
    table saved with `pkgen diff … > perubahan.txt` is never wrapped (at 80 columns, or
    at the width of the terminal the command was started from), so no amount, NIP, date
    or file:line is cut in two. On a terminal, its own width (see `domain.terminal`)."""

    @property
    def size(self) -> ConsoleDimensions:
        size = super().size
        return size if self.is_terminal else ConsoleDimensions(WIDE, size.height)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        Console.size.fset(self, new_size)  # type: ignore[attr-defined]


out = PipeFriendlyConsole(highlight=False)
err = PipeFriendlyConsole(stderr=True, highlight=False)

P = ParamSpec("P")

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

PathsArg = Annotated[
    list[Path],
    typer.Argument(help="Folder tahun (agreements/2022) atau berkas SKPD", show_default=False),
]
TemplatesOpt = Annotated[Path, typer.Option("--templates", help="Folder templat .docx")]


def default_templates() -> Path:
    from generator.templates import shipped_templates

    return shipped_templates()


def interruptible(command: Callable[P, None]) -> Callable[P, None]:
    """Ctrl-C ends the command with exit code 130 and a message (outputs are atomic)."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            command(*args, **kwargs)
        except KeyboardInterrupt:
            err.print("[red]Dihentikan.[/red] Berkas keluaran yang sudah ada tidak berubah.")
            raise typer.Exit(EXIT_INTERRUPTED) from None

    return wrapper


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        style = "red" if problem.is_error else "yellow"
        err.print(f"[{style}]{problem}[/{style}]", soft_wrap=True)


# By the value of build.Status / build.BookStatus.
_STATUS_COLOURS = {
    "dibuat": "green",
    "tidak berubah": "cyan",
    "gagal": "red",
    "dibuat tanpa SKPD yang gagal": "yellow",
    "tidak diganti": "yellow",
    "tidak dibuat lagi": "yellow",
}
_PHASE_NAMES = {"muat": "muat data", "render": "render", "konversi": "konversi", "buku": "buku"}


def _outputs(paths: list[Path]) -> str:
    """`output/2022/dprd/: perjanjian-kinerja.docx, .pdf`."""
    if not paths:
        return ""
    folder = paths[0].parent
    if any(p.parent != folder for p in paths):
        return ", ".join(display_path(p) for p in paths)
    names = [paths[0].name] + [p.suffix if p.stem == paths[0].stem else p.name for p in paths[1:]]
    return f"{display_path(folder)}/: {', '.join(names)}"


def _summary(report: BuildReport) -> None:
    from generator.build.report import Status

    rows = []
    for outcome in report.outcomes:
        parts = [*outcome.reasons, outcome.why, *outcome.notes]
        if outcome.status is not Status.FAILED:
            parts.append(_outputs(outcome.outputs))
        rows.append((outcome, "; ".join(p for p in parts if p)))
    table = Table(title="Ringkasan", show_lines=False)
    table.add_column("SKPD")
    table.add_column("Status", no_wrap=True)
    # Paths and file:line are single words: the table keeps them whole; values of several
    # words (a date, an amount) get a column at least as wide as the longest.
    table.add_column("Keterangan", min_width=whole_width(text for _, text in rows))
    for outcome, text in rows:
        colour = _STATUS_COLOURS[outcome.status]
        table.add_row(outcome.label, f"[{colour}]{outcome.status}[/]", text)
    if fits(out, table):
        out.print(table)
    else:  # a narrow terminal: one line per SKPD, wrapped by the terminal only
        out.print("Ringkasan", style="bold")
        for outcome, text in rows:
            colour = _STATUS_COLOURS[outcome.status]
            line = f"{outcome.label} — [{colour}]{outcome.status}[/]" + (
                f": {text}" if text else ""
            )
            out.print(line, soft_wrap=True)
    changed = [o.label for o in report.outcomes if o.data_changed]
    if changed:
        out.print(f"Dibuat ulang karena datanya berubah: {', '.join(changed)}", soft_wrap=True)
    for book in report.books:
        colour = _STATUS_COLOURS[book.status]
        members = f", {book.members} {book.counted}" if book.members else ""
        note = f" — {book.note}" if book.note else ""
        out.print(
            f"{book.what} {display_path(book.path)}: [{colour}]{book.status}[/]{members}{note}",
            soft_wrap=True,
        )
    counts = {status: sum(1 for o in report.outcomes if o.status is status) for status in Status}
    phases = ", ".join(
        f"{_PHASE_NAMES.get(name, name)} {seconds:.1f}" for name, seconds in report.phases.items()
    )
    converted = f"; {report.converted} PDF dikonversi" if report.converted else ""
    notes = []
    if report.retried:
        notes.append(f"{report.retried} dicoba ulang dengan LibreOffice baru")
    if report.reconverted:
        notes.append(f"{report.reconverted} diulang untuk tanda tangan")
    if notes:
        converted += f" ({', '.join(notes)})"
    if report.conversion_failed:
        converted += f"; {report.conversion_failed} PDF gagal dikonversi"
    out.print(
        f"{counts[Status.BUILT]} dibuat, {counts[Status.UNCHANGED]} tidak berubah, "
        f"{counts[Status.FAILED]} gagal{converted} — {report.seconds:.1f} detik"
        + (f" ({phases})" if phases else "")
    )


@app.command("build")
@interruptible
def build_command(
    paths: PathsArg,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder keluaran")] = Path("output"),
    templates: TemplatesOpt = None,  # type: ignore[assignment]
    force: Annotated[
        bool, typer.Option("--force", help="Buat ulang semuanya, juga yang tidak berubah")
    ] = False,
    allow_partial: Annotated[
        bool,
        typer.Option(
            "--allow-partial", help="Tetap buat buku walaupun ada SKPD yang gagal (tanpa SKPD itu)"
        ),
    ] = False,
    no_pdf: Annotated[
        bool, typer.Option("--no-pdf", help="Hanya .docx: tanpa PDF dan tanpa buku")
    ] = False,
    pdfa: Annotated[
        bool,
        typer.Option("--pdfa", help="PDF arsip (PDF/A-2b) untuk dokumen dan buku"),
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Jumlah proses LibreOffice (bawaan: satu per inti)"),
    ] = None,
    batas_waktu: Annotated[
        float | None,
        typer.Option(
            "--batas-waktu",
            min=1,
            help="Batas waktu konversi PDF per dokumen, dalam detik "
            "(bawaan: 120, lebih lama untuk dokumen besar)",
        ),
    ] = None,
    tunggu: Annotated[
        bool,
        typer.Option(
            "--tunggu", help="Jika folder keluaran sedang dipakai build lain, tunggu sampai selesai"
        ),
    ] = False,
) -> None:
    """Buat dokumen .docx dan PDF setiap SKPD yang berubah, lalu buku PDF per pemda."""
    from generator.build.outfolder import check_output_folder, output_lock
    from generator.data.targets import discover
    from generator.pdf.scratch import ScratchFolder

    # What the command line names is checked first, the data paths before the output folder
    # is made: a mistyped path ends at once (exit 2) instead of after LibreOffice has started.
    for path in paths:
        discover(path)
    if templates is not None and not templates.is_dir():
        raise UsageError(f"{templates}: folder templat tidak ditemukan")
    if pdfa and no_pdf:
        raise UsageError("--pdfa tidak dapat dipakai bersama --no-pdf (tanpa PDF)")
    check_output_folder(out_dir)
    with (
        output_lock(out_dir, wait=tunggu, on_wait=_announce_wait(out_dir)),
        ScratchFolder() as scratch,
    ):
        _build(
            paths,
            out_dir,
            templates,
            force,
            allow_partial,
            no_pdf,
            workers,
            batas_waktu,
            scratch,
            pdfa=pdfa,
        )


def _announce_wait(out_dir: Path) -> Callable[[str], None]:
    def announce(holder: str) -> None:
        err.print(
            f"Folder keluaran {display_path(out_dir)} sedang dipakai oleh {holder}; menunggu …"
        )

    return announce


def _build(
    paths: list[Path],
    out_dir: Path,
    templates: Path | None,
    force: bool,
    allow_partial: bool,
    no_pdf: bool,
    workers: int | None,
    timeout: float | None,
    scratch: ScratchFolder,
    *,
    pdfa: bool = False,
) -> None:
    from generator.pdf.convert import started_converter

    converter = None if no_pdf else started_converter(workers, timeout=timeout, scratch=scratch)
    from generator.build.pipeline import build
    from generator.build.report import BuildOptions

    options = BuildOptions(
        out_root=out_dir,
        templates=templates or default_templates(),
        pdf=not no_pdf,
        force=force,
        allow_partial=allow_partial,
        workers=workers,
        converter=(lambda: converter) if converter is not None else None,
        timeout=timeout,
        scratch=scratch,
        pdfa=pdfa,
    )
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.fields[label]}"),
        console=out,
        transient=True,
        disable=not out.is_terminal,
    ) as progress:
        names = {"render": "Render .docx", "konversi": "Konversi PDF"}
        tasks: dict[str, TaskID] = {}

        def advance(phase: str, label: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = progress.add_task(names.get(phase, phase), total=total, label="")
            progress.update(tasks[phase], total=total, completed=done, label=label)

        report = build(paths, options, advance)
    _print_problems(report.warnings)
    _summary(report)
    raise typer.Exit(EXIT_OK if report.ok else EXIT_FAILED)


@app.command("check")
@interruptible
def check_command(paths: PathsArg, templates: TemplatesOpt = None) -> None:  # type: ignore[assignment]
    """Periksa data dan templat tanpa menulis apa pun."""
    from generator.build.checking import check

    result = check(paths, templates or default_templates())
    _print_problems(result.problems)
    errors = sum(1 for p in result.problems if p.is_error)
    warnings = len(result.problems) - errors
    if errors:
        err.print(
            f"[red]{errors} kesalahan[/red], {warnings} peringatan; {result.checked} berkas SKPD diperiksa"
        )
        raise typer.Exit(EXIT_FAILED)
    out.print(
        f"[green]Tidak ada kesalahan[/green] ({warnings} peringatan); {result.checked} berkas SKPD diperiksa"
    )


@app.command("export")
@interruptible
def export_command(
    paths: PathsArg,
    output: Annotated[
        Path | None, typer.Option("-o", "--out", help="Berkas .xlsx (satu SKPD) atau folder")
    ] = None,
    blank: Annotated[
        bool, typer.Option("--blank", help="Formulir kosong untuk diisi SKPD (identitas terisi)")
    ] = False,
    recap: Annotated[
        Path | None, typer.Option("--recap", help="Satu rekap .xlsx semua SKPD untuk pimpinan")
    ] = None,
) -> None:
    """Tulis perjanjian ke lembar kerja .xlsx (atau formulir kosong, atau rekap)."""
    from generator.workbook.export import export
    from generator.workbook.recap import write_recap

    if recap is not None:
        if blank or output is not None:
            raise UsageError("--recap tidak bisa digabung dengan --blank atau -o")
        problems = write_recap(paths, recap)
        _print_problems(problems)
        if any(p.is_error for p in problems):
            err.print("[red]Rekap tidak ditulis.[/red]")
            raise typer.Exit(EXIT_FAILED)
        out.print(f"Rekap ditulis: {display_path(recap)}")
        return
    report = export(paths, output, blank=blank)
    _print_problems(report.problems)
    for path in report.written:
        out.print(f"{'Formulir' if blank else 'Lembar kerja'} ditulis: {display_path(path)}")
    raise typer.Exit(EXIT_OK if report.ok else EXIT_FAILED)


@app.command("import")
@interruptible
def import_command(
    workbooks: Annotated[
        list[Path], typer.Argument(help="Lembar kerja .xlsx yang sudah diisi", show_default=False)
    ],
    into: Annotated[Path, typer.Option("--into", help="Folder data, misalnya agreements/2022")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Periksa dan tampilkan perubahan tanpa menulis")
    ] = False,
) -> None:
    """Baca lembar kerja yang diisi SKPD dan tulis (atau perbarui) berkas YAML-nya."""
    from generator.revision.yaml_changes import yaml_changes
    from generator.workbook.importer import apply_plan, plan_import

    for workbook in workbooks:
        if not workbook.is_file():
            raise UsageError(f"{workbook}: tidak ditemukan")
    plan = plan_import(workbooks, into)
    _print_problems(plan.problems)
    if not plan.ok:
        errors = sum(1 for p in plan.problems if p.is_error)
        err.print(f"[red]{errors} kesalahan[/red]; tidak ada berkas yang ditulis")
        raise typer.Exit(EXIT_FAILED)
    for planned in plan.files:
        out.print(
            f"{display_path(planned.workbook)} → {display_path(planned.target)}: {planned.status}",
            soft_wrap=True,
        )
        for line in yaml_changes(planned.old_text, planned.new_text, planned.target):
            style = {"+": "green", "-": "red", "~": "yellow", "@": "cyan"}.get(line[:1])
            out.print(line, style=style, markup=False, highlight=False, soft_wrap=True)
    if dry_run:
        out.print("Uji coba (--dry-run): tidak ada berkas yang ditulis")
        return
    apply_plan(plan)


@app.command("diff")
@interruptible
def diff_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="SEMULA MENJADI (dua berkas atau dua folder), atau satu folder dengan --since",
            show_default=False,
        ),
    ],
    since: Annotated[
        str | None,
        typer.Option("--since", help="Bandingkan dengan folder itu pada revisi git ini (HEAD, …)"),
    ] = None,
    output_format: Annotated[
        str | None, typer.Option("--format", help="table (bawaan), docx, xlsx atau json")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--out", help="Berkas Daftar Perubahan yang ditulis")
    ] = None,
    tanggal: Annotated[
        str | None,
        typer.Option("--tanggal", help="Tanggal pada Daftar Perubahan .docx (bawaan: hari ini)"),
    ] = None,
    templates: TemplatesOpt = None,  # type: ignore[assignment]
) -> None:
    """Bandingkan dua versi perjanjian: sasaran, indikator, target, program dan anggaran
    yang ditambah, dihapus atau diubah."""
    expected = 1 if since is not None else 2
    if len(paths) != expected:
        raise UsageError(
            "dengan --since sebutkan satu folder atau berkas, misalnya: pkgen diff --since HEAD agreements/2022"
            if since is not None
            else "sebutkan dua berkas atau folder: pkgen diff SEMULA MENJADI"
        )
    from generator.build.writer import OutputWriter
    from generator.revision.outputs import choose_format, daftar_bytes, parse_tanggal
    from generator.revision.report import print_diff, summary
    from generator.revision.sources import compare_paths, compare_since

    fmt = choose_format(output_format, output)
    date = parse_tanggal(tanggal) if tanggal is not None else None
    comparison = compare_since(since, paths[0]) if since is not None else compare_paths(*paths)
    if comparison.diff is None:
        _print_problems(comparison.problems)
        err.print(f"[red]{len(comparison.problems)} kesalahan[/red]; tidak dibandingkan")
        raise typer.Exit(EXIT_FAILED)
    diff = comparison.diff
    if fmt == "table":
        print_diff(diff, out)
        return
    data = daftar_bytes(diff, fmt, templates=templates or default_templates(), tanggal=date)
    if output is None:
        sys.stdout.write(data.decode("utf-8"))
        return
    OutputWriter(output.parent).write_bytes(output, data)
    out.print(f"Daftar Perubahan ditulis: {display_path(output)} ({summary(diff)})", soft_wrap=True)


@app.command(
    "bench",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)
def bench_command(ctx: typer.Context) -> None:
    """Ukur kecepatan build N SKPD sintetis (render, konversi, buku, build ulang)."""
    from generator.bench import main as bench_main

    raise typer.Exit(bench_main(ctx.args))


DataArg = Annotated[
    Path, typer.Argument(help="Folder data, misalnya agreements/", show_default=False)
]
DatabaseOpt = Annotated[
    str | None,
    typer.Option(
        "--database",
        envvar="PKGEN_DATABASE_URL",
        help="postgresql://… untuk banyak pengguna (bawaan: SQLite di folder data)",
    ),
]


@app.command("serve")
def serve_command(
    data: DataArg,
    host: Annotated[str, typer.Option("--host", help="Alamat yang didengarkan")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port")] = 8000,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder keluaran")] = Path("output"),
    database: DatabaseOpt = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Jumlah proses LibreOffice (bawaan: satu per inti)"),
    ] = None,
) -> None:
    """Jalankan ruang kerja web: dasbor, formulir, unggah lembar kerja, verifikasi."""
    from generator.web.server import serve

    try:
        serve(
            data,
            host=host,
            port=port,
            out=out_dir,
            database=database,
            workers=workers,
            say=lambda line: out.print(line, soft_wrap=True, markup=False),
        )
    except KeyboardInterrupt:
        out.print("Ruang kerja dihentikan.")


users_app = typer.Typer(help="Akun ruang kerja web: tambah pengguna, atur ulang kata sandi.")
app.add_typer(users_app, name="users")


@users_app.command("add")
def users_add_command(
    data: DataArg,
    username: Annotated[str, typer.Argument(help="Nama pengguna", show_default=False)],
    peran: Annotated[
        str, typer.Option("--peran", help="admin, verifikator, operator atau pimpinan")
    ],
    skpd: Annotated[
        list[str] | None,
        typer.Option(
            "--skpd", help="SKPD seorang operator: PEMDA/BERKAS, misalnya 2022/dinas-kesehatan"
        ),
    ] = None,
    nama: Annotated[str, typer.Option("--nama", help="Nama lengkap")] = "",
    database: DatabaseOpt = None,
) -> None:
    """Tambah pengguna dengan kata sandi sekali pakai."""
    from generator.web.server import users_add

    name, password = users_add(data, username, peran, skpd or [], nama, database)
    out.print(f"Pengguna {name} dibuat. Kata sandi sekali pakai: {password}", markup=False)


@users_app.command("reset")
def users_reset_command(
    data: DataArg,
    username: Annotated[str, typer.Argument(help="Nama pengguna", show_default=False)],
    database: DatabaseOpt = None,
) -> None:
    """Atur ulang kata sandi seorang pengguna (kata sandi sekali pakai baru)."""
    from generator.web.server import users_reset

    password = users_reset(data, username, database)
    out.print(f"Kata sandi sekali pakai baru untuk {username}: {password}", markup=False)


@app.callback(invoke_without_command=True)
def _root(
    version: Annotated[bool, typer.Option("--version", help="Tampilkan versi")] = False,
) -> None:
    if version:
        out.print(f"pkgen {__version__}")
        raise typer.Exit(EXIT_OK)


def main() -> None:
    """Console entry point: pkgen errors become messages and exit codes, not tracebacks;
    anything unexpected becomes a located message and a crash report (exit code 1)."""
    try:
        app()
    except PkgenError as exc:
        err.print(str(exc), soft_wrap=True, markup=False, style="red")
        sys.exit(exc.exit_code)
    except Exception as exc:
        from generator.build.crash import crash_message, write_report

        report = write_report(exc)
        err.print(crash_message(exc, report), soft_wrap=True, markup=False, style="red")
        sys.exit(EXIT_FAILED)
