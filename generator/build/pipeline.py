"""The build pipeline, one readable function with visible phases:

load (validate everything) → plan (the manifest says what changed) → render (.docx, each
handed to the PDF converter as soon as it is rendered, so rendering overlaps conversion)
→ convert (PDFs checked: fonts embedded, the final signature never alone on its page) →
bundle (one book per pemda folder and kind) → write the manifest.

A failing SKPD is reported and the others go on, whatever it failed of (an unexpected
exception too: it gets a crash report). Outputs are made in the build's scratch folder
(`generator.pdf.scratch`) and put in place by the writer only when finished; the manifest
never claims an output that is missing or stale (see `generator.build.manifest`). The
output folder is checked first and held by one build at a time (`generator.build.outfolder`).
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from generator.build.crash import crash_message, write_report
from generator.build.kinds import KINDS, DocumentKind, document_kind
from generator.build.manifest import (
    BookEntry,
    Digests,
    Engine,
    Manifest,
    file_digest,
    stamp_of,
)
from generator.build.metadata import document_properties
from generator.build.naming import output_stem, revision_number, revision_title, stem_revision
from generator.build.outfolder import check_output_folder, output_lock, sweep_staging
from generator.build.pohon import pohon_path, write_pohon
from generator.build.writer import OutputWriteError, OutputWriter
from generator.context.common import as_mapping, signer_names
from generator.data.ladder import TOP_ESELON, eselon_of, ladder_order
from generator.data.loading import (
    Batch,
    LoadedAgreement,
    LoadedPemda,
    PemdaGroup,
    load_batch,
    output_parts,
    skpd_files,
)
from generator.data.models.perjanjian import PerjanjianKinerja
from generator.data.yamlsource import load_yaml
from generator.errors import (
    ConversionFailed,
    PkgenError,
    Problem,
    RenderError,
    Severity,
    SourceLocation,
    display_path,
)
from generator.pdf.book import (
    BookInfo,
    Member,
    assemble,
    book_template,
    front_matter_docx,
    numbered_from,
    open_members,
    toc_entries,
)
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
from generator.templates import shipped_templates
from generator.templates.render import CompiledTemplate, blank_logo, compiled_template, fit_logo


class Status(StrEnum):
    BUILT = "dibuat"
    UNCHANGED = "tidak berubah"
    FAILED = "gagal"


class BookStatus(StrEnum):
    BUILT = "dibuat"
    PARTIAL = "dibuat tanpa SKPD yang gagal"
    UNCHANGED = "tidak berubah"
    KEPT = "tidak diganti"
    FAILED = "gagal"


@dataclass
class Outcome:
    """What happened to one SKPD file."""

    source: Path
    label: str
    status: Status
    outputs: list[Path] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    why: str = ""  # for a document made again: which of its inputs changed
    seconds: float = 0.0

    @property
    def data_changed(self) -> bool:
        return self.status is Status.BUILT and INPUT_NAMES["data"] in self.why


@dataclass
class BookOutcome:
    """What happened to one book (a pemda folder's PDFs of one kind)."""

    path: Path
    status: BookStatus
    members: int = 0
    note: str = ""
    what: str = "Buku"  # or "Pohon kinerja"
    counted: str = "SKPD"  # what its members are: an SKPD's own book counts PKs


@dataclass
class BuildReport:
    outcomes: list[Outcome] = field(default_factory=list)
    books: list[BookOutcome] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    phases: dict[str, float] = field(default_factory=dict)
    converted: int = 0  # SKPD documents converted to PDF and put in place
    reconverted: int = 0  # of which converted again with the signature fix
    retried: int = 0  # conversions tried again on a fresh LibreOffice (it died or hung)
    conversion_failed: int = 0  # conversions that failed (after their retry)
    seconds: float = 0.0

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status is Status.FAILED]

    @property
    def ok(self) -> bool:
        return (
            not self.failed
            and not any(b.status is BookStatus.FAILED for b in self.books)
            and not any(p.is_error for p in self.warnings)
        )


@dataclass(frozen=True)
class BuildOptions:
    out_root: Path = Path("output")
    templates: Path = field(default_factory=shipped_templates)
    pdf: bool = True  # convert to PDF and bundle the books; False: .docx only
    force: bool = False  # rebuild everything, whatever the manifest says
    allow_partial: bool = False  # replace a book even when some of its SKPD failed
    workers: int | None = None  # LibreOffice processes; default one per core
    converter: Callable[[], PdfConverter] | None = None  # tests substitute a converter
    timeout: float | None = None  # seconds per document; None: estimated from its size
    wait: bool = False  # wait for another build of the same output folder to finish
    scratch: ScratchFolder | None = None  # the caller's scratch folder (else one of its own)
    # The converter belongs to the caller (a server's warm pool): used, never closed.
    keep_converter: bool = False
    # Drawn across every page of each SKPD's PDF (the web workspace's drafts: "DRAF").
    watermark: str | None = None
    pdfa: bool = False  # PDF/A-2b through LibreOffice's export filter (`pkgen build --pdfa`)


Progress = Callable[[str, str, int, int], None]
"""Called as (phase: "render" or "konversi", label of the SKPD just done, done, total)."""

PDFA_LEVEL = "2b"  # the PDF/A part and conformance `--pdfa` writes

PHASE_LOAD, PHASE_RENDER, PHASE_CONVERT, PHASE_BOOK = "muat", "render", "konversi", "buku"
SAVE_INTERVAL = 1.0  # seconds between manifest saves while PDFs come in


def output_path(agreement: LoadedAgreement, out_root: Path) -> Path:
    """`output/2022/sekretariat-dprd/perjanjian-kinerja.docx` for one agreement (a revision:
    `perjanjian-kinerja-perubahan-1.docx`, beside the original)."""
    parts = output_parts(agreement.path.parent, getattr(agreement.model, "tahun", None))
    stem = output_stem(document_kind(agreement.kind).output_stem, agreement.model)
    return out_root.joinpath(*parts, agreement.slug, f"{stem}.docx")


def unit_name(agreement: LoadedAgreement) -> str:
    unit = getattr(agreement.model, "unit", None)
    return getattr(unit, "nama_singkat", None) or agreement.slug


def jabatan_within_unit(agreement: LoadedAgreement) -> str:
    """A jabatan's PK named where its unit is already said (the unit's book, the rows
    below the unit's): the jabatan without the unit's name, `Kepala Seksi Promosi dan
    Pemberdayaan Masyarakat` (whole when it does not end with it)."""
    jabatan = str(agreement.model.pihak_pertama.jabatan)
    unit = unit_name(agreement)
    return jabatan.removesuffix(f" {unit}") if jabatan.endswith(f" {unit}") else jabatan


def book_label(agreement: LoadedAgreement, unit_book: bool = False) -> str:
    """The SKPD as listed in a book's daftar isi; a revision is marked as such, and the PK
    of a jabatan below the unit head is listed by that jabatan. In the book of one unit
    every PK is listed by its jabatan, without the unit's name the cover already gives,
    so a long one leaves room for the leader dots; the head's keeps it whole (`Kepala
    Dinas Kesehatan Kota Medan`)."""
    label = unit_name(agreement)
    if agreement.jabatan_id:  # the jabatan names its unit: `Kepala Bidang … RSUD Sukamaju`
        label = (
            jabatan_within_unit(agreement) if unit_book else agreement.model.pihak_pertama.jabatan
        )
    elif unit_book and isinstance(agreement.model, PerjanjianKinerja):
        label = agreement.model.pihak_pertama.jabatan
    nomor = revision_number(agreement.model)
    if nomor is None:
        return label
    return f"{label} ({revision_title(nomor)})"


def agreement_label(agreement: LoadedAgreement) -> str:
    label = unit_name(agreement)
    if agreement.jabatan_id:
        label = agreement.model.pihak_pertama.jabatan
    # A unit may have a PK and a Rencana Kerja RB: name the kind of all but the PK.
    return (
        label if agreement.kind.key == "perjanjian-kinerja" else f"{label} ({agreement.kind.title})"
    )


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


@dataclass
class Job:
    """One SKPD document on its way through the phases."""

    agreement: LoadedAgreement
    outcome: Outcome
    docx: Path  # final places in the output folder
    pdf: Path
    stamp: str
    key: str = ""  # the manifest's name for it: the .docx below the output root
    inputs: dict[str, str | None] = field(default_factory=dict)
    scratch: Path | None = None  # the rendered .docx, outside the output folder
    lines: list[str] = field(default_factory=list)  # final signature block
    fixed: bool = False
    future: Future[ConversionResult] | None = None
    started: float = 0.0
    timeout: float | None = None  # seconds one conversion may take
    size_note: str = ""  # `±400 halaman`, for a timeout message
    watermark: str | None = None  # drawn across the PDF's pages before it is installed
    pdfa: bool = False  # converted as PDF/A-2b


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
        _save(writer, manifest)  # entries about to be replaced are no longer claimed
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
                        _books(group, todo, converter, scratch, writer, manifest, options, report)
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


def _save(writer: OutputWriter, manifest: Manifest) -> None:
    """Save the manifest (merged with the file as it is now); `OutputWriteError` when it
    cannot be written — before outputs are replaced, that stops the build."""
    if not (manifest.documents or manifest.books or manifest.path.exists()):
        return  # nothing to claim: do not create the manifest for it
    manifest.merge_saved()
    data = manifest.to_bytes()
    try:
        if manifest.path.read_bytes() == data:
            return
    except OSError:
        pass
    writer.rewrite_bytes(manifest.path, data)


def _save_at_end(writer: OutputWriter, manifest: Manifest, report: BuildReport) -> None:
    """The last save: when it fails, the file keeps its earlier, still true claims; the
    outputs it does not claim yet are made again by the next build."""
    try:
        _save(writer, manifest)
    except OutputWriteError as exc:
        report.warnings.append(
            Problem(
                SourceLocation.of(manifest.path),
                "",
                f"manifest tidak dapat disimpan ({exc}); dokumen yang baru dibuat akan dibuat "
                "ulang pada build berikutnya",
            )
        )


# Inputs of a document, by the name a rebuild reason uses for them.
INPUT_NAMES = {
    "data": "data SKPD",
    "pemda": "pemda.yaml",
    "bersama": "teks bersama",
    "templat": "templat",
    "logo": "logo",
    "nama": "nama keluaran",
    # The engine (manifest.Engine): what pkgen itself brings.
    "kode": "kode pkgen",
    "bawaan": "berkas bawaan pkgen",
    "pustaka": "pustaka Python",
    "libreoffice": "LibreOffice",
    "tanda": "tanda air",
    "pdfa": "PDF/A",
    "atasan": "PK atasan",
}


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
    for group in batch.groups:
        if _complete(group):
            # Files deleted since the last build no longer claim anything.
            sources = {str(p) for p in skpd_files(group.folder)}
            manifest.drop_documents_of(
                e.source
                for e in manifest.documents.values()
                if Path(e.source).parent == group.folder and e.source not in sources
            )
    return todo


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
                _save(writer, manifest)
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


def _complete(group: PemdaGroup) -> bool:
    """Whether every SKPD file of the pemda folder is part of this build."""
    loaded = {a.path for a in group.agreements} | set(group.failed)
    return set(skpd_files(group.folder)) <= loaded


def _book_order(group: PemdaGroup, docs: list[Job]) -> list[Job]:
    """`urutan` of pemda.yaml first, then the others by name (slug); within a unit, in
    hierarchy order (each PK followed by the PKs below it)."""
    urutan = list(group.pemda.model.urutan) if group.pemda else []
    rank = {slug: i for i, slug in enumerate(urutan)}
    place = ladder_order([d.agreement for d in docs])
    return sorted(
        docs,
        key=lambda d: (
            rank.get(d.agreement.slug, len(rank)),
            d.agreement.slug,
            place.get(d.agreement.name, ()),
        ),
    )


def _failed_slug(path: Path) -> str:
    """The unit of a data file that failed to load, as far as it can still be read: its
    `slug`, its atasan's unit, else its file name."""
    document, _ = load_yaml(path)
    data = document.data if document is not None else None
    if isinstance(data, dict):
        if isinstance(data.get("slug"), str):
            return str(data["slug"])
        if isinstance(data.get("atasan"), str):
            return str(data["atasan"]).split("/")[0].strip()
    return path.stem


def _failed_kind(path: Path) -> str | None:
    """The `jenis` of a data file that failed to load, when it can still be read."""
    document, _ = load_yaml(path)
    data = document.data if document is not None else None
    if not isinstance(data, dict):
        return None
    key = data.get("jenis", "perjanjian-kinerja")
    return key if isinstance(key, str) and key in KINDS else None


def _books(
    group: PemdaGroup,
    todo: list[Job],
    converter: PdfConverter,
    scratch: Path,
    writer: OutputWriter,
    manifest: Manifest,
    options: BuildOptions,
    report: BuildReport,
) -> None:
    """One book per kind of the pemda folder, when the whole folder was built."""
    if group.pemda is None:
        return
    pemda = group.pemda
    built = {d.agreement.path: d for d in todo}
    docs_by_kind: dict[str, list[Job]] = {}
    for agreement in group.agreements:
        doc = built.get(agreement.path) or _unchanged_document(agreement, options.out_root)
        docs_by_kind.setdefault(agreement.kind.key, []).append(doc)
    failed_kinds = {path: _failed_kind(path) for path in group.failed}
    kinds = set(docs_by_kind) | {k for k in failed_kinds.values() if k}
    complete = _complete(group)
    if complete:
        _check_urutan(group, report)
    for key in sorted(kinds):
        kind = KINDS[key]
        docs = _pemda_book_members(pemda, _book_order(group, docs_by_kind.get(key, [])))
        tahun = next((getattr(d.agreement.model, "tahun", None) for d in docs), None)
        parts = output_parts(group.folder, tahun)
        year = tahun or parts[0]
        path = options.out_root.joinpath(*parts, f"{kind.book_stem}-{year}.pdf")
        if not complete:
            report.books.append(
                BookOutcome(
                    path,
                    BookStatus.KEPT,
                    note="hanya sebagian SKPD yang dibangun; buku diperbarui saat seluruh "
                    f"folder dibangun (pkgen build {display_path(group.folder)})",
                )
            )
            continue
        failed = [d.outcome.label for d in docs if d.outcome.status is Status.FAILED]
        failed += [p.stem for p, k in failed_kinds.items() if k in (key, None)]
        if failed and not options.allow_partial:
            previous = "buku sebelumnya tetap" if path.exists() else "belum ada buku sebelumnya"
            report.books.append(
                BookOutcome(
                    path,
                    BookStatus.KEPT,
                    note=f"{len(failed)} SKPD gagal ({', '.join(failed)}); {previous}. "
                    "Gunakan --allow-partial untuk membuat buku tanpa SKPD yang gagal.",
                )
            )
            continue
        members = [d for d in docs if d.outcome.status is not Status.FAILED]
        if not members:
            continue
        info = BookInfo(
            pemerintah=pemda.model.pemerintah,
            tahun=tahun,
            title=kind.book_title,
            logo=pemda.logo,
        )
        outcome = _book(
            info, kind, members, path, converter, scratch, writer, manifest, options, pemda
        )
        if failed and outcome.status is BookStatus.BUILT:
            outcome.status = BookStatus.PARTIAL
            outcome.note = f"tanpa {', '.join(failed)}"
        report.books.append(outcome)
    if complete:
        failed_units = {_failed_slug(path) for path in group.failed}
        for unit_docs in _ladders(_book_order(group, docs_by_kind.get("perjanjian-kinerja", []))):
            unit_failed = unit_docs[0].agreement.slug in failed_units
            book = _skpd_book(
                unit_docs, unit_failed, converter, scratch, writer, manifest, options, pemda
            )
            pohon = _pohon(unit_docs, scratch, writer, manifest, options)
            book.counted = pohon.counted = "PK"
            pohon.what = "Pohon kinerja"
            report.books += [book, pohon]


def _level(doc: Job) -> int:
    """A member's bookmark depth: 0 for an SKPD's own PK, 1 eselon III, 2 eselon IV."""
    return eselon_of(doc.agreement.model) - TOP_ESELON


def _pemda_book_members(pemda: LoadedPemda, docs: list[Job]) -> list[Job]:
    """The pemda book's members: every PK, or with `buku_jenjang: eselon-2` only the PKs
    of the heads of the perangkat daerah."""
    if pemda.model.buku_jenjang == "semua":
        return docs
    return [d for d in docs if d.agreement.kind.key != "perjanjian-kinerja" or _level(d) == 0]


def _ladders(docs: list[Job]) -> list[list[Job]]:
    """The PKs of each unit that has a ladder (PKs below its head), in book order."""
    units: dict[str, list[Job]] = {}
    for doc in docs:
        units.setdefault(doc.agreement.slug, []).append(doc)
    return [unit for unit in units.values() if any(_level(d) > 0 for d in unit)]


def _skpd_book(
    docs: list[Job],
    unit_failed: bool,
    converter: PdfConverter,
    scratch: Path,
    writer: OutputWriter,
    manifest: Manifest,
    options: BuildOptions,
    pemda: LoadedPemda,
) -> BookOutcome:
    """The book of one SKPD's PKs, the Kepala PD's first and each PK followed by those
    below it (bookmarks nested by level), in the unit's output folder."""
    head = docs[0].agreement
    tahun = getattr(head.model, "tahun", None)
    parts = output_parts(head.path.parent, tahun)
    kind = document_kind(head.kind)
    path = options.out_root.joinpath(
        *parts, head.slug, f"{kind.book_stem}-{head.slug}-{tahun or parts[0]}.pdf"
    )
    failed = [d.outcome.label for d in docs if d.outcome.status is Status.FAILED]
    if failed or unit_failed:
        previous = "buku sebelumnya tetap" if path.exists() else "belum ada buku sebelumnya"
        return BookOutcome(path, BookStatus.KEPT, note=f"ada PK unit ini yang gagal; {previous}")
    info = BookInfo(
        pemerintah=pemda.model.pemerintah,
        tahun=tahun,
        title=kind.book_title,
        logo=pemda.logo,
        unit=unit_name(head),
    )
    return _book(info, kind, docs, path, converter, scratch, writer, manifest, options, pemda)


def _pohon(
    docs: list[Job],
    scratch: Path,
    writer: OutputWriter,
    manifest: Manifest,
    options: BuildOptions,
) -> BookOutcome:
    """The SKPD's pohon kinerja (`generator.build.pohon`), reported like a book."""
    agreements = [d.agreement for d in docs]
    try:
        result = write_pohon(
            agreements,
            scratch,
            writer,
            manifest,
            options.out_root,
            lambda: _save(writer, manifest),
            options.force,
        )
    except (ConversionFailed, OutputWriteError, OSError, PyPdfError) as exc:
        path = pohon_path(agreements[0], options.out_root)
        return BookOutcome(path, BookStatus.FAILED, len(docs), f"pohon kinerja tidak dibuat: {exc}")
    status = BookStatus.BUILT if result.built else BookStatus.UNCHANGED
    return BookOutcome(result.path, status, len(docs))


def _unchanged_document(agreement: LoadedAgreement, out_root: Path) -> Job:
    docx = output_path(agreement, out_root)
    outcome = Outcome(agreement.path, agreement_label(agreement), Status.UNCHANGED)
    return Job(agreement, outcome, docx, docx.with_suffix(".pdf"), stamp="")


def _check_urutan(group: PemdaGroup, report: BuildReport) -> None:
    assert group.pemda is not None
    slugs = {a.slug for a in group.agreements} | {p.stem for p in group.failed}
    for index, slug in enumerate(group.pemda.model.urutan):
        if slug not in slugs:
            report.warnings.append(
                Problem(
                    group.pemda.document.location(("urutan", index)),
                    f"urutan[{index}]",
                    f"SKPD {slug!r} tidak ada di folder ini",
                    Severity.WARNING,
                )
            )


def _book(
    info: BookInfo,
    kind: DocumentKind,
    docs: list[Job],
    path: Path,
    converter: PdfConverter,
    scratch: Path,
    writer: OutputWriter,
    manifest: Manifest,
    options: BuildOptions,
    pemda: LoadedPemda,
) -> BookOutcome:
    """Make (or keep, when nothing changed) one book from its members' installed PDFs."""
    digests = Digests()
    # The engine's stamp: the book is pypdf's and pkgen's work, its front matter LibreOffice's.
    engine = manifest.engine.stamp if manifest.engine else ""
    if options.pdfa:  # switching PDF/A on or off makes the book and its front matter again
        engine += f" pdfa {PDFA_LEVEL}"
    members = [
        Member(book_label(d.agreement, info.unit is not None), d.pdf, d.docx, level=_level(d))
        for d in docs
    ]
    watermark = next((d.watermark for d in docs if d.watermark), None)
    template = book_template(options.templates)
    stamp = stamp_of(
        engine,
        kind.key,
        info.pemerintah,
        info.tahun,
        digests(pemda.path),
        digests(info.logo),
        digests(template),
        [(m.label, m.level, manifest.relative(m.pdf), digests(m.pdf)) for m in members],
    )
    if not options.force and manifest.book_is_current(path, stamp):
        return BookOutcome(path, BookStatus.UNCHANGED, len(members))
    key = manifest.relative(path)
    previous = manifest.books.pop(key, None)
    try:
        _save(writer, manifest)  # the book about to be replaced is no longer claimed
        open_members(members, kind.parts)
        _number_in_book(
            members,
            converter,
            scratch / f"{path.stem}-halaman",
            path,
            writer,
            engine,
            watermark,
            options.pdfa,
        )
        entries = toc_entries(members)
        front_stamp = stamp_of(
            engine, kind.key, info, digests(info.logo), digests(template), entries
        )
        front, front_pages = _front_matter(
            info, entries, template, front_stamp, previous, path, converter, scratch, options
        )
        target = scratch / path.name
        assemble(info, front, front_pages, members, target, pdfa=options.pdfa)
        digest = file_digest(target)
        writer.install(target, path)
    except (
        PyPdfError,
        OSError,
        ValueError,
        ConversionFailed,
        OutputWriteError,
        RenderError,
    ) as exc:
        if previous is not None and path.exists():
            manifest.books[key] = previous
        return BookOutcome(path, BookStatus.FAILED, len(members), f"buku tidak dibuat: {exc}")
    manifest.books[key] = BookEntry(
        stamp, digest, front_stamp, front_pages, [manifest.relative(m.pdf) for m in members]
    )
    return BookOutcome(path, BookStatus.BUILT, len(members))


BOOK_PAGES_SUFFIX = ".halaman"  # a member numbered for the book, kept for the next build


def _numbered_cache(book: Path) -> Path:
    """Where a book keeps its members numbered from their page in it (beside the book)."""
    return book.parent / f".{book.stem}-halaman"


def _number_in_book(
    members: list[Member],
    converter: PdfConverter,
    folder: Path,
    book: Path,
    writer: OutputWriter,
    engine: str,
    watermark: str | None,
    pdfa: bool = False,
) -> None:
    """Every member that does not start on page 1, numbered from where it starts in the
    book, so the printed numbers are the daftar isi's: converted again, all at once on
    the converter's workers, and kept beside the book (`.BOOK-halaman/`) under a hash of
    the numbered document, so the next book converts only members that changed or
    moved. The engine's stamp and the watermark are part of that hash."""
    folder.mkdir(parents=True, exist_ok=True)
    salt = f"{engine}|{watermark or ''}"
    cache = _numbered_cache(book)
    used: set[str] = set()
    futures = []
    for index, member in enumerate(members):
        if member.start == 1 or member.docx is None:
            continue
        numbered = numbered_from(member.docx.read_bytes(), member.start)
        key = hashlib.sha256(numbered + salt.encode("utf-8")).hexdigest()[:32]
        kept = cache / f"{key}{BOOK_PAGES_SUFFIX}"
        used.add(kept.name)
        if kept.is_file():
            with contextlib.suppress(PyPdfError, OSError):
                reader = PdfReader(kept)
                if len(reader.pages) == member.pages:
                    member.reader = reader
                    continue
        source = folder / f"{index:03d}.docx"
        source.write_bytes(numbered)
        label = f"{member.label} (buku)"
        job = ConversionJob(source, source.with_suffix(".pdf"), label, pdfa=pdfa)
        futures.append((member, kept, converter.submit(job)))
    for member, kept, future in futures:
        result = future.result()
        if not result.ok:
            raise ConversionFailed(f"{member.label}: {result.error}")
        pdf = result.job.target
        if watermark:
            marked = pdf.with_name(f"{pdf.stem}-tanda.pdf")
            watermark_pdf(pdf, marked, watermark)
            pdf = marked
        reader = PdfReader(pdf)
        if len(reader.pages) != member.pages:
            raise ValueError(
                f"{member.label}: bernomor halaman untuk buku menjadi {len(reader.pages)} "
                f"halaman, bukan {member.pages}"
            )
        member.reader = PdfReader(writer.install(pdf, kept))
    for stale in cache.glob(f"*{BOOK_PAGES_SUFFIX}") if cache.is_dir() else []:
        if stale.name not in used:
            with contextlib.suppress(OSError):
                stale.unlink()


def _front_matter(
    info: BookInfo,
    entries: list[tuple[str, int]],
    template: Path,
    front_stamp: str,
    previous: BookEntry | None,
    path: Path,
    converter: PdfConverter,
    scratch: Path,
    options: BuildOptions,
) -> tuple[PdfReader, int]:
    """The cover and daftar isi: the previous book's when they would come out the same
    (the daftar isi only changes when a page number does), else converted anew."""
    if (
        not options.force
        and previous is not None
        and previous.front_stamp == front_stamp
        and path.is_file()
        and file_digest(path) == previous.sha256
    ):
        return PdfReader(path), previous.front_pages
    source = scratch / f"{path.stem}-depan.docx"
    source.write_bytes(front_matter_docx(info, entries, template))
    result = converter.submit(
        ConversionJob(source, source.with_suffix(".pdf"), f"sampul {path.name}", pdfa=options.pdfa)
    ).result()
    if not result.ok:
        raise ConversionFailed(f"sampul dan daftar isi: {result.error}")
    reader = PdfReader(source.with_suffix(".pdf"))
    return reader, len(reader.pages)


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
        _save(writer, manifest)  # no longer claimed before they are renamed
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
