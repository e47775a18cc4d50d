"""The build pipeline, one readable function with visible phases:

load (validate everything) → plan (the manifest says what changed) → render (.docx, each
handed to the PDF converter as soon as it is rendered, so rendering overlaps conversion)
→ convert (PDFs checked: fonts embedded, the final signature never alone on its page) →
bundle (`generator.build.books`: one book per pemda folder and kind, one per SKPD with a
ladder) → write the manifest. What it is asked and answers is `generator.build.report`.

A failing SKPD is reported and the others go on, whatever it failed of (an unexpected
exception too: it gets a crash report). Outputs are made in the build's scratch folder
(`generator.pdf.scratch`) and put in place by the writer only when finished; the manifest
never claims an output that is missing or stale (see `generator.build.manifest`). The
output folder is checked first and held by one build at a time (`generator.build.outfolder`).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from datetime import UTC, datetime
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from generator.build.books import make_books, whole_folder_built
from generator.build.crash import crash_message, write_report
from generator.build.kinds import KINDS, document_kind
from generator.build.manifest import Digests, Engine, Manifest, stamp_of, write_manifest
from generator.build.metadata import document_properties
from generator.build.naming import agreement_label, output_path, stem_revision
from generator.build.outfolder import check_output_folder, output_lock, sweep_staging
from generator.build.report import (
    INPUT_NAMES,
    PDFA_LEVEL,
    BuildOptions,
    BuildReport,
    Job,
    Outcome,
    Progress,
    Status,
)
from generator.build.writer import OutputWriteError, OutputWriter
from generator.context.common import as_mapping, signer_names
from generator.data.loading import (
    Batch,
    LoadedAgreement,
    LoadedPemda,
    load_batch,
    output_parts,
    skpd_files,
)
from generator.errors import (
    ConversionFailed,
    PkgenError,
    Problem,
    Severity,
    SourceLocation,
    display_path,
)
from generator.pdf.book import book_template
from generator.pdf.convert import (
    ConversionJob,
    ConversionResult,
    ConverterUnavailable,
    PdfConverter,
    document_size,
)
from generator.pdf.fonts import fonts_in_docx, fonts_not_embedded, preflight
from generator.pdf.office_version import libreoffice_version
from generator.pdf.scratch import ScratchFolder
from generator.pdf.signature import check_last_page, signature_lines, split_before_kept_rows
from generator.pdf.watermark import watermark_pdf
from generator.templates.render import CompiledTemplate, blank_logo, compiled_template, fit_logo

PHASE_LOAD, PHASE_RENDER, PHASE_CONVERT, PHASE_BOOK = "muat", "render", "konversi", "buku"
SAVE_INTERVAL = 1.0  # seconds between manifest saves while PDFs come in


def template_path(agreement: LoadedAgreement, templates: Path) -> Path:
    """The template a document is made from: its pemda folder's own one (`templat:` in
    pemda.yaml, or `templates/<name>.docx` beside it), else the one in `templates`."""
    kind = document_kind(agreement.kind)
    name = kind.template_of(agreement.model)
    if not (templates / name).is_file():  # a templates folder without the level's own
        name = kind.template
    return agreement.pemda.template(kind.key, name) or templates / name


class Renderer:
    """Templates compiled once and logos prepared once per pemda, for a whole batch."""

    def __init__(self, templates: Path, built_at: datetime | None = None):
        self.templates = templates
        # One build time for every document of the batch (created = modified = it).
        self.built_at = built_at or datetime.now(UTC)
        self._logos: dict[tuple[Path | None, float], bytes] = {}

    def template_path(self, agreement: LoadedAgreement) -> Path:
        return template_path(agreement, self.templates)

    def template_for(self, agreement: LoadedAgreement) -> CompiledTemplate:
        path = self.template_path(agreement)
        if not path.is_file():
            raise PkgenError(f"{display_path(path)}: templat tidak ditemukan")
        return compiled_template(path)

    def logo_for(self, pemda: LoadedPemda, template: CompiledTemplate) -> bytes:
        """The pemda's logo fitted to the template's logo box; for `logo: tanpa` a blank
        (transparent) image, so the template's placeholder never prints."""
        key = (pemda.logo, template.logo_aspect)
        if key not in self._logos:
            self._logos[key] = (
                fit_logo(pemda.logo, template.logo_aspect)
                if pemda.logo is not None
                else blank_logo(template.logo_aspect)
            )
        return self._logos[key]

    def render(self, agreement: LoadedAgreement) -> bytes:
        template = self.template_for(agreement)
        context = document_kind(agreement.kind).build_context(
            agreement.model, agreement.pemda.model, agreement.shared_model
        )
        return template.render(
            as_mapping(context),
            logo_png=self.logo_for(agreement.pemda, template),
            properties=document_properties(agreement, self.built_at),
            one_line=signer_names(context),
            figures_from=agreement.path.parent,
        )


def build(
    targets: Sequence[Path], options: BuildOptions, progress: Progress | None = None
) -> BuildReport:
    """Build every SKPD under `targets` into `options.out_root`; never raises for one SKPD."""
    started = time.perf_counter()
    report = BuildReport()
    tick = progress or (lambda phase, label, done, total: None)
    with contextlib.ExitStack() as stack:
        check_output_folder(options.out_root)
        stack.enter_context(output_lock(options.out_root, wait=options.wait))
        sweep_staging(options.out_root)  # left by a build that was killed
        run = options.scratch or stack.enter_context(ScratchFolder())
        scratch = run.folder("dokumen")
        # LibreOffice starts now and warms up while the data loads.
        converter = stack.enter_context(_converter(options, run))
        with _phase(report, PHASE_LOAD):
            batch = load_batch(targets)
            report.warnings = [p for p in batch.problems if not p.is_error]
        writer = OutputWriter(options.out_root)
        soffice = getattr(converter, "soffice", None)  # else the LibreOffice on the PATH
        engine = Engine.current(libreoffice_version(soffice))
        manifest = _load_manifest(options.out_root, engine, report)
        _report_failed_loads(batch, report, writer, manifest)
        todo = _plan(batch, manifest, engine, options, report)
        deleted = _deleted_sources(batch, manifest)
        write_manifest(writer, manifest)  # entries about to be replaced are no longer claimed
        _retire_deleted(deleted, writer, report)
        try:
            renderer = Renderer(options.templates)
            if converter is not None:
                _font_preflight(todo, renderer, report)
            with _phase(report, PHASE_RENDER):
                for done, doc in enumerate(todo, start=1):
                    _render(
                        done, doc, renderer, scratch, converter, writer, manifest, options, report
                    )
                    tick(PHASE_RENDER, doc.outcome.label, done, len(todo))
            if converter is not None:
                with _phase(report, PHASE_CONVERT):
                    _convert_all(todo, converter, writer, manifest, report, tick)
                with _phase(report, PHASE_BOOK):
                    for group in batch.groups:
                        make_books(
                            group, todo, converter, scratch, writer, manifest, options, report
                        )
        finally:
            _save_at_end(writer, manifest, report)  # claims exactly the outputs now in place
    report.seconds = time.perf_counter() - started
    return report


# --------------------------------------------------------------------------- phases


@contextlib.contextmanager
def _phase(report: BuildReport, name: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        report.phases[name] = report.phases.get(name, 0.0) + time.perf_counter() - started


@contextlib.contextmanager
def _converter(options: BuildOptions, scratch: ScratchFolder) -> Iterator[PdfConverter | None]:
    if not options.pdf:
        yield None
        return
    try:
        converter = (
            options.converter or (lambda: PdfConverter(workers=options.workers, scratch=scratch))
        )()
    except ConverterUnavailable as exc:
        raise ConversionFailed(f"{exc}. Gunakan --no-pdf untuk membuat berkas .docx saja.") from exc
    if options.keep_converter:
        yield converter
        return
    with converter:
        yield converter
        # Every job has its result by now: stop at once, even a worker still starting up.
        converter.close(cancel_pending=True)


def _load_manifest(out_root: Path, engine: Engine, report: BuildReport) -> Manifest:
    manifest, problem = Manifest.load(out_root, engine)
    if problem:
        report.warnings.append(
            Problem(
                SourceLocation.of(manifest.path),
                "",
                f"{problem}; semua dokumen dibuat ulang",
                Severity.WARNING,
            )
        )
    return manifest


def _save_at_end(writer: OutputWriter, manifest: Manifest, report: BuildReport) -> None:
    """The last save: when it fails, the file keeps its earlier, still true claims; the
    outputs it does not claim yet are made again by the next build."""
    try:
        write_manifest(writer, manifest)
    except OutputWriteError as exc:
        report.warnings.append(
            Problem(
                SourceLocation.of(manifest.path),
                "",
                f"manifest tidak dapat disimpan ({exc}); dokumen yang baru dibuat akan dibuat "
                "ulang pada build berikutnya",
            )
        )


def document_inputs(
    agreement: LoadedAgreement,
    template: Path,
    digests: Digests,
    engine: Engine,
    watermark: str | None = None,
    pdfa: bool = False,
) -> dict[str, str | None]:
    """Everything one document depends on, each input by its own digest (a watermark and
    PDF/A only when asked for, so plain builds keep their stamps)."""
    pemda = agreement.pemda
    logo = pemda.logo
    marked = {"tanda": watermark} if watermark else {}
    if pdfa:
        marked["pdfa"] = PDFA_LEVEL
    # A jabatan's PK prints what it takes from its atasan's PK (pihak kedua, eselon): a
    # change there remakes it, a change elsewhere in the atasan's file does not.
    atasan = getattr(agreement.model, "atasan", None)
    if atasan:
        model = agreement.model
        kedua = model.penandatangan_kedua
        taken = kedua.model_dump_json() if kedua else ""
        marked["atasan"] = stamp_of(atasan, taken, model.eselon)
    return marked | {
        "data": digests(agreement.path),
        "pemda": digests(pemda.path),
        "bersama": digests(agreement.shared.path if agreement.shared else None),
        "templat": digests(template),
        "logo": digests(logo),
        "nama": f"{agreement.kind.key}/{agreement.name}",
        **engine.inputs(),
    }


def document_stamp(inputs: dict[str, str | None]) -> str:
    """The digest of everything one document depends on (see `generator.build.manifest`)."""
    return stamp_of(sorted(inputs.items()))


def rebuild_reason(manifest: Manifest, doc: Job, options: BuildOptions) -> str:
    """Why a document is made again: which inputs changed since the recorded build."""
    if options.force:
        return "dibuat ulang (--force)"
    entry = manifest.documents.get(doc.key)
    if entry is None:
        earlier = sorted(
            Path(k).name for k in manifest.entries_of(str(doc.agreement.path)) if k != doc.key
        )
        if earlier:
            return f"dokumen baru; yang lama tetap ada ({', '.join(earlier)})"
        return "dokumen baru"
    if entry.stamp == doc.stamp:
        return "keluaran hilang atau diubah di luar pkgen"
    # An input present in one build only (a watermark, PDF/A) changed too.
    keys = [*doc.inputs, *(k for k in entry.inputs if k not in doc.inputs)]
    changed = [
        INPUT_NAMES.get(k, k) for k in keys if entry.inputs.get(k, "?") != doc.inputs.get(k, "?")
    ]
    return f"{', '.join(changed) if changed else 'masukan'} berubah"


def _plan(
    batch: Batch, manifest: Manifest, engine: Engine, options: BuildOptions, report: BuildReport
) -> list[Job]:
    """The documents to make; unchanged ones are reported as such and left alone."""
    digests = Digests()
    todo: list[Job] = []
    for agreement in batch.agreements:
        docx = output_path(agreement, options.out_root)
        inputs = document_inputs(
            agreement,
            template_path(agreement, options.templates),
            digests,
            engine,
            options.watermark,
            options.pdfa,
        )
        doc = Job(
            agreement,
            Outcome(agreement.path, agreement_label(agreement), Status.BUILT),
            docx,
            docx.with_suffix(".pdf"),
            document_stamp(inputs),
            manifest.relative(docx),
            inputs=inputs,
            watermark=options.watermark,
            pdfa=options.pdfa,
        )
        outputs = [doc.docx, doc.pdf] if options.pdf else [doc.docx]
        report.outcomes.append(doc.outcome)
        if not options.force and manifest.document_is_current(doc.key, doc.stamp, outputs):
            doc.outcome.status = Status.UNCHANGED
            doc.outcome.outputs = outputs
            continue
        doc.outcome.why = rebuild_reason(manifest, doc, options)
        manifest.documents.pop(doc.key, None)
        todo.append(doc)
    return todo


def _deleted_sources(batch: Batch, manifest: Manifest) -> dict[str, list[Path]]:
    """The outputs of data files deleted since the last build of their whole folder, by
    source; they are no longer claimed (the caller saves the manifest, then retires them)."""
    deleted: dict[str, list[Path]] = {}
    for group in batch.groups:
        if not whole_folder_built(group):
            continue
        sources = {str(p) for p in skpd_files(group.folder)}
        for key, entry in list(manifest.documents.items()):
            if Path(entry.source).parent == group.folder and entry.source not in sources:
                outputs = [manifest.root / relative for relative in entry.outputs]
                deleted.setdefault(entry.source, []).extend(outputs)
                del manifest.documents[key]
    return deleted


def _retire_deleted(
    deleted: dict[str, list[Path]], writer: OutputWriter, report: BuildReport
) -> None:
    """Rename the outputs of deleted data files `.usang`, so they never pass for current."""
    for source, outputs in deleted.items():
        moved, stuck = [], []
        for path in outputs:
            try:
                stale = writer.mark_stale(path)
            except OutputWriteError as exc:
                stuck.append(str(exc))
                continue
            if stale is not None:
                moved.append(display_path(stale))
        parts = [f"dipindah ke {', '.join(moved)}"] if moved else []
        parts += [f"tidak dapat dipindah: {reason}" for reason in stuck]
        if parts:
            what = "; ".join(parts)
            report.warnings.append(
                Problem(
                    SourceLocation.of(Path(source)),
                    "",
                    f"berkas data ini sudah dihapus; keluaran lamanya {what}",
                    Severity.WARNING,
                )
            )


def _font_preflight(todo: list[Job], renderer: Renderer, report: BuildReport) -> None:
    """Warn, before converting, when a template font would be replaced by one with other
    metrics (line and page breaks would move)."""
    templates = {renderer.template_path(doc.agreement) for doc in todo}
    if todo:  # a book may be made again: its front matter is a template too
        templates.add(book_template(renderer.templates))
    for template in sorted(t for t in templates if t.is_file()):
        for font in preflight(fonts_in_docx(template)):
            if not font.ok and font.message:
                report.warnings.append(
                    Problem(SourceLocation.of(template), "", font.message, Severity.WARNING)
                )


def _render(
    index: int,
    doc: Job,
    renderer: Renderer,
    scratch: Path,
    converter: PdfConverter | None,
    writer: OutputWriter,
    manifest: Manifest,
    options: BuildOptions,
    report: BuildReport,
) -> None:
    """Render one document; with a converter, hand it over at once, else write it."""
    doc.started = time.perf_counter()
    try:
        data = renderer.render(doc.agreement)
        if converter is None:
            writer.write_bytes(doc.docx, data)
            writer.clear_stale(doc.docx)
            _retire(writer, doc.pdf, doc.outcome, "PDF lama (belum diperbarui)")
            manifest.record_document(
                doc.key, str(doc.agreement.path), doc.stamp, [doc.docx], doc.inputs
            )
            doc.outcome.outputs.append(doc.docx)
        else:
            doc.scratch = scratch / f"{index:04d}-{doc.docx.stem}.docx"
            doc.scratch.write_bytes(data)
            doc.lines = signature_lines(data)
            size = document_size(data)
            doc.timeout = options.timeout or size.timeout(converter.timeout)
            doc.size_note = size.note
            if size.expected_seconds > converter.timeout:
                report.warnings.append(_slow_warning(doc, size.expected_seconds))
            doc.future = converter.submit(_job(doc))
    except PkgenError as exc:
        _fail(doc, writer, str(exc), retire=[doc.docx, doc.pdf])
    except Exception as exc:  # a bug must not stop the other SKPD: report it, go on
        doing = f"membuat dokumen dari {display_path(doc.agreement.path)}"
        crash = write_report(exc, doing)
        _fail(doc, writer, crash_message(exc, crash, doing), retire=[doc.docx, doc.pdf])
    doc.outcome.seconds = time.perf_counter() - doc.started


def _slow_warning(doc: Job, expected: float) -> Problem:
    assert doc.timeout is not None
    return Problem(
        SourceLocation.of(doc.agreement.path),
        "",
        f"{doc.outcome.label}: {doc.size_note}; konversi PDF-nya diperkirakan ±"
        f"{_duration(expected)}, paling lama {_duration(doc.timeout)} "
        "(ubah dengan --batas-waktu DETIK, atau lewati PDF dengan --no-pdf)",
        Severity.WARNING,
    )


def _duration(seconds: float) -> str:
    """`45 detik`, `10 menit`."""
    return f"{seconds:.0f} detik" if seconds < 120 else f"{seconds / 60:.0f} menit"


def _job(doc: Job) -> ConversionJob:
    assert doc.scratch is not None
    return ConversionJob(
        doc.scratch,
        doc.scratch.with_suffix(".pdf"),
        doc.outcome.label,
        doc.timeout,
        doc.size_note,
        pdfa=doc.pdfa,
    )


def _convert_all(
    todo: list[Job],
    converter: PdfConverter,
    writer: OutputWriter,
    manifest: Manifest,
    report: BuildReport,
    tick: Progress,
) -> None:
    """Wait for every PDF, check it, fix and convert again once if needed, put it in place."""
    pending = {
        doc.future: doc
        for doc in todo
        if doc.outcome.status is Status.BUILT and doc.future is not None
    }
    total, done = len(pending), 0
    saved = time.monotonic()
    while pending:
        finished, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in finished:
            doc = pending.pop(future)
            result = future.result()
            report.retried += result.retried
            report.conversion_failed += not result.ok
            again = _finish(doc, result, converter, writer, manifest, report)
            if again is not None:
                report.reconverted += 1
                pending[again] = doc
                continue
            done += 1
            report.converted += doc.outcome.status is Status.BUILT
            doc.outcome.seconds = time.perf_counter() - doc.started
            tick(PHASE_CONVERT, doc.outcome.label, done, total)
        if time.monotonic() - saved > SAVE_INTERVAL:
            # After a crash, what is finished need not be made again; a save that fails
            # now (disk full) is tried again later.
            with contextlib.suppress(OutputWriteError):
                write_manifest(writer, manifest)
            saved = time.monotonic()


def _finish(
    doc: Job,
    result: ConversionResult,
    converter: PdfConverter,
    writer: OutputWriter,
    manifest: Manifest,
    report: BuildReport,
) -> Future[ConversionResult] | None:
    """Check a converted PDF and install the document; a future when converting again."""
    assert doc.scratch is not None
    if not result.ok:
        reason = f"PDF tidak dapat dibuat: {result.error}"
        if result.timed_out:
            reason += (
                "; dokumen sebesar ini perlu waktu lebih lama: naikkan batasnya dengan "
                "--batas-waktu DETIK"
            )
        try:
            writer.install(doc.scratch, doc.docx)
            doc.outcome.outputs.append(doc.docx)
        except OutputWriteError as exc:
            _fail(doc, writer, str(exc), retire=[doc.docx])
        _fail(doc, writer, reason, retire=[doc.pdf])
        return None
    pdf = doc.scratch.with_suffix(".pdf")
    try:
        reader = PdfReader(pdf)
        missing = fonts_not_embedded(reader)
        check = check_last_page(reader, doc.lines)
    except (PyPdfError, OSError, ValueError, IndexError) as exc:
        _fail(doc, writer, f"PDF yang dihasilkan rusak: {exc}", retire=[doc.docx, doc.pdf])
        return None
    if not check.ok and not doc.fixed:
        doc.fixed = True
        fixed = split_before_kept_rows(doc.scratch.read_bytes())
        if fixed is not None:
            doc.scratch = doc.scratch.with_name(f"{doc.scratch.stem}-ttd.docx")
            doc.scratch.write_bytes(fixed)
            return converter.submit(_job(doc))
    where = SourceLocation.of(doc.agreement.path)
    if not check.ok:
        message = f"{doc.outcome.label}: {check.problem}; periksa halaman terakhir PDF"
        report.warnings.append(Problem(where, "", message, Severity.WARNING))
    elif doc.fixed:
        doc.outcome.notes.append(
            "tanda tangan dipindah ke halaman baru bersama baris terakhir tabelnya"
        )
    if missing:
        message = f"{doc.outcome.label}: font tidak tertanam di PDF: {', '.join(missing)}"
        report.warnings.append(Problem(where, "", message, Severity.WARNING))
    try:
        if doc.watermark:
            marked = pdf.with_name(f"{pdf.stem}-tanda.pdf")
            watermark_pdf(pdf, marked, doc.watermark)
            pdf = marked
        writer.install(pdf, doc.pdf)
        writer.install(doc.scratch, doc.docx)
    except OutputWriteError as exc:
        _fail(doc, writer, str(exc), retire=[doc.docx, doc.pdf])
        return None
    except (PkgenError, OSError, PyPdfError) as exc:
        _fail(doc, writer, f"keluaran tidak dapat ditulis: {exc}", retire=[doc.docx, doc.pdf])
        return None
    for path in (doc.docx, doc.pdf):
        writer.clear_stale(path)
    manifest.record_document(
        doc.key, str(doc.agreement.path), doc.stamp, [doc.docx, doc.pdf], doc.inputs
    )
    doc.outcome.outputs += [doc.docx, doc.pdf]
    return None


def _fail(doc: Job, writer: OutputWriter, reason: str, retire: list[Path]) -> None:
    doc.outcome.status = Status.FAILED
    doc.outcome.reasons.append(reason)
    for path in retire:
        _retire(writer, path, doc.outcome, "keluaran lama")


def _retire(writer: OutputWriter, path: Path, outcome: Outcome, what: str) -> None:
    """Rename an output that no longer matches the data, so it never looks current."""
    try:
        stale = writer.mark_stale(path)
    except OutputWriteError as exc:  # it stays, unclaimed by the manifest
        outcome.reasons.append(f"{what} tidak dapat dipindah: {exc}")
        return
    if stale:
        note = f"{what} dipindah ke {display_path(stale)}"
        (outcome.reasons if outcome.status is Status.FAILED else outcome.notes).append(note)


# --------------------------------------------------------------------------- books


# --------------------------------------------------------------------------- failed loads


def _report_failed_loads(
    batch: Batch, report: BuildReport, writer: OutputWriter, manifest: Manifest
) -> None:
    retiring: list[tuple[Path, Outcome]] = []
    for group in batch.groups:
        for path, problems in group.failed.items():
            outcome = Outcome(
                path, path.stem, Status.FAILED, reasons=[str(p) for p in problems if p.is_error]
            )
            retiring += [(s, outcome) for s in _previous_outputs(path, writer.root, manifest)]
            report.outcomes.append(outcome)
        if group.pemda is None:
            for problem in group.problems:
                if problem.is_error:
                    report.outcomes.append(
                        Outcome(
                            Path(problem.location.file),
                            "pemda.yaml",
                            Status.FAILED,
                            reasons=[str(problem)],
                        )
                    )
    if retiring:
        write_manifest(writer, manifest)  # no longer claimed before they are renamed
    for stale, outcome in retiring:
        _retire(writer, stale, outcome, "keluaran lama")


def _previous_outputs(source: Path, out_root: Path, manifest: Manifest) -> list[Path]:
    """Outputs an earlier run wrote for a data file that now fails to load: the newest
    revision recorded for it (an original PK stays valid beside its revisions), or, with
    no record, the names it would have had."""
    entries = manifest.entries_of(str(source))
    if entries:
        newest = max(entries, key=lambda key: stem_revision(Path(key).stem))
        del manifest.documents[newest]
        return [out_root / relative for relative in entries[newest].outputs]
    folder = out_root.joinpath(*output_parts(source.parent, None), source.stem)
    return [
        folder / f"{kind.output_stem}{suffix}"
        for kind in KINDS.values()
        for suffix in (".docx", ".pdf")
    ]
