"""The books of a build: one per pemda folder and kind (the daftar isi's page numbers
printed on the members), one per SKPD with a ladder, and its pohon kinerja.

A book is made only when its whole folder was built and none of its members failed
(`--allow-partial` replaces it without the failed ones); an unchanged book is kept by its
stamp (members' PDFs, pemda, logo, template, engine). Members that do not start on page 1
are converted again numbered from their page in the book and kept beside it under a hash
(`.BOOK-halaman/`), so the next book converts only what changed or moved."""

from __future__ import annotations

import contextlib
import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from generator.build.kinds import KINDS, DocumentKind, document_kind
from generator.build.manifest import (
    BookEntry,
    Digests,
    Manifest,
    file_digest,
    stamp_of,
    write_manifest,
)
from generator.build.naming import agreement_label, book_label, output_path, unit_name
from generator.build.pohon import POHON_STEM, pohon_path, write_pohon
from generator.build.report import (
    PDFA_LEVEL,
    BookOutcome,
    BookStatus,
    BuildOptions,
    BuildReport,
    Job,
    Outcome,
    Status,
)
from generator.build.writer import OutputWriteError, OutputWriter
from generator.context.buku import TocEntry
from generator.data.ladder import TOP_ESELON, eselon_of, ladder_order
from generator.data.loading import (
    LoadedAgreement,
    LoadedPemda,
    PemdaGroup,
    output_parts,
    skpd_files,
)
from generator.data.yamlsource import load_yaml
from generator.errors import ConversionFailed, Problem, RenderError, Severity, display_path
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
from generator.pdf.convert import ConversionJob, PdfConverter
from generator.pdf.watermark import watermark_pdf


def whole_folder_built(group: PemdaGroup) -> bool:
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


@dataclass(frozen=True)
class BookRun:
    """What every book of one build is made with."""

    converter: PdfConverter
    scratch: Path
    writer: OutputWriter
    manifest: Manifest
    options: BuildOptions

    def save_manifest(self) -> None:
        write_manifest(self.writer, self.manifest)


def make_books(
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
    run = BookRun(converter, scratch, writer, manifest, options)
    made_before = len(report.books)
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
    complete = whole_folder_built(group)
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
            previous = "buku sebelumnya tetap" if path.exists() else "belum ada buku sebelumnya"
            report.books.append(BookOutcome(path, BookStatus.KEPT, note=f"semua gagal; {previous}"))
            continue
        info = BookInfo(
            pemerintah=pemda.model.pemerintah,
            tahun=tahun,
            title=kind.book_title,
            logo=pemda.logo,
        )
        outcome = _book(info, kind, members, path, run, pemda)
        if failed and outcome.status is BookStatus.BUILT:
            outcome.status = BookStatus.PARTIAL
            outcome.note = f"tanpa {', '.join(failed)}"
        report.books.append(outcome)
    if complete:
        failed_units = {_failed_slug(path) for path in group.failed}
        for unit_docs in _ladders(_book_order(group, docs_by_kind.get("perjanjian-kinerja", []))):
            unit_failed = unit_docs[0].agreement.slug in failed_units
            book = _skpd_book(unit_docs, unit_failed, run, pemda)
            pohon = _pohon(unit_docs, run)
            book.counted = pohon.counted = "PK"
            pohon.what = "Pohon kinerja"
            report.books += [book, pohon]
        report.books += _retire_orphans(group, failed_units, report.books[made_before:], run)


def _retire_orphans(
    group: PemdaGroup, failed_units: set[str], made: list[BookOutcome], run: BookRun
) -> list[BookOutcome]:
    """The books and pohon kinerja the folder made before and makes no more (the last
    document of a kind deleted, an SKPD's ladder gone): no longer claimed, renamed
    `.usang` so they never pass for current, their numbered members' cache removed."""
    tahun = next((getattr(a.model, "tahun", None) for a in group.agreements), None)
    base = run.options.out_root.joinpath(*output_parts(group.folder, tahun))
    units = {a.slug for a in group.agreements} | failed_units
    places = {base} | {base / unit for unit in units}
    current = {run.manifest.relative(b.path) for b in made}
    orphans = [
        key
        for key in run.manifest.books
        if key not in current and (run.options.out_root / key).parent in places
    ]
    if not orphans:
        return []
    for key in orphans:
        del run.manifest.books[key]
    run.save_manifest()  # no longer claimed before they are renamed
    retired = []
    for key in orphans:
        path = run.options.out_root / key
        shutil.rmtree(_numbered_cache(path), ignore_errors=True)
        try:
            stale = run.writer.mark_stale(path)
        except OutputWriteError as exc:
            note = f"tidak dapat dipindah: {exc}"
        else:
            note = f"dipindah ke {display_path(stale)}" if stale else "sudah tidak ada"
        what = "Pohon kinerja" if path.name.startswith(POHON_STEM) else "Buku"
        retired.append(BookOutcome(path, BookStatus.RETIRED, note=note, what=what))
    return retired


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


def _skpd_book(docs: list[Job], unit_failed: bool, run: BookRun, pemda: LoadedPemda) -> BookOutcome:
    """The book of one SKPD's PKs, the Kepala PD's first and each PK followed by those
    below it (bookmarks nested by level), in the unit's output folder."""
    head = docs[0].agreement
    tahun = getattr(head.model, "tahun", None)
    parts = output_parts(head.path.parent, tahun)
    kind = document_kind(head.kind)
    path = run.options.out_root.joinpath(
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
    return _book(info, kind, docs, path, run, pemda)


def _pohon(docs: list[Job], run: BookRun) -> BookOutcome:
    """The SKPD's pohon kinerja (`generator.build.pohon`), reported like a book."""
    agreements = [d.agreement for d in docs]
    try:
        result = write_pohon(
            agreements,
            run.scratch,
            run.writer,
            run.manifest,
            run.options.out_root,
            run.save_manifest,
            run.options.force,
        )
    except (ConversionFailed, OutputWriteError, OSError, PyPdfError) as exc:
        path = pohon_path(agreements[0], run.options.out_root)
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
    run: BookRun,
    pemda: LoadedPemda,
) -> BookOutcome:
    """Make (or keep, when nothing changed) one book from its members' installed PDFs."""
    digests = Digests()
    # The engine's stamp: the book is pypdf's and pkgen's work, its front matter LibreOffice's.
    engine = run.manifest.engine.stamp if run.manifest.engine else ""
    if run.options.pdfa:  # switching PDF/A on or off makes the book and its front matter again
        engine += f" pdfa {PDFA_LEVEL}"
    heads = {d.agreement.slug for d in docs if not d.agreement.jabatan_id}
    members = [
        Member(
            # Below its unit's own PK (indented) a jabatan is named without the unit.
            book_label(
                d.agreement, info.unit is not None, _level(d) > 0 and d.agreement.slug in heads
            ),
            d.pdf,
            d.docx,
            level=_level(d),
        )
        for d in docs
    ]
    watermark = next((d.watermark for d in docs if d.watermark), None)
    template = book_template(run.options.templates)
    stamp = stamp_of(
        engine,
        kind.key,
        info.pemerintah,
        info.tahun,
        digests(pemda.path),
        digests(info.logo),
        digests(template),
        [(m.label, m.level, run.manifest.relative(m.pdf), digests(m.pdf)) for m in members],
    )
    if not run.options.force and run.manifest.book_is_current(path, stamp):
        return BookOutcome(path, BookStatus.UNCHANGED, len(members))
    key = run.manifest.relative(path)
    previous = run.manifest.books.pop(key, None)
    try:
        run.save_manifest()  # the book about to be replaced is no longer claimed
        open_members(members, kind.parts)
        _number_in_book(
            members,
            run.converter,
            run.scratch / f"{path.stem}-halaman",
            path,
            run.writer,
            engine,
            watermark,
            run.options.pdfa,
        )
        entries = toc_entries(members)
        front_stamp = stamp_of(
            engine, kind.key, info, digests(info.logo), digests(template), entries
        )
        front, front_pages = _front_matter(
            info, entries, template, front_stamp, previous, path, run
        )
        target = run.scratch / path.name
        assemble(info, front, front_pages, members, target, pdfa=run.options.pdfa)
        digest = file_digest(target)
        run.writer.install(target, path)
    except (
        PyPdfError,
        OSError,
        ValueError,
        ConversionFailed,
        OutputWriteError,
        RenderError,
    ) as exc:
        if previous is not None and path.exists():
            run.manifest.books[key] = previous
        return BookOutcome(path, BookStatus.FAILED, len(members), f"buku tidak dibuat: {exc}")
    run.manifest.books[key] = BookEntry(
        stamp, digest, front_stamp, front_pages, [run.manifest.relative(m.pdf) for m in members]
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
    the member's document and its first page (which make the numbered document), so the
    next book converts only members that changed or moved — and numbers again only
    those. The engine's stamp and the watermark are part of that hash."""
    folder.mkdir(parents=True, exist_ok=True)
    salt = f"{engine}|{watermark or ''}"
    cache = _numbered_cache(book)
    used: set[str] = set()
    futures = []
    for index, member in enumerate(members):
        if member.start == 1 or member.docx is None:
            continue
        document = member.docx.read_bytes()
        key = hashlib.sha256(f"{member.start}|{salt}|".encode() + document).hexdigest()[:32]
        kept = cache / f"{key}{BOOK_PAGES_SUFFIX}"
        used.add(kept.name)
        if kept.is_file():
            with contextlib.suppress(PyPdfError, OSError):
                reader = PdfReader(kept)
                if len(reader.pages) == member.pages:
                    member.reader = reader
                    continue
        source = folder / f"{index:03d}.docx"
        source.write_bytes(numbered_from(document, member.start))
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
    entries: list[TocEntry],
    template: Path,
    front_stamp: str,
    previous: BookEntry | None,
    path: Path,
    run: BookRun,
) -> tuple[PdfReader, int]:
    """The cover and daftar isi: the previous book's when they would come out the same
    (the daftar isi only changes when a page number does), else converted anew."""
    if (
        not run.options.force
        and previous is not None
        and previous.front_stamp == front_stamp
        and path.is_file()
        and file_digest(path) == previous.sha256
    ):
        return PdfReader(path), previous.front_pages
    source = run.scratch / f"{path.stem}-depan.docx"
    source.write_bytes(front_matter_docx(info, entries, template))
    result = run.converter.submit(
        ConversionJob(
            source, source.with_suffix(".pdf"), f"sampul {path.name}", pdfa=run.options.pdfa
        )
    ).result()
    if not result.ok:
        raise ConversionFailed(f"sampul dan daftar isi: {result.error}")
    reader = PdfReader(source.with_suffix(".pdf"))
    return reader, len(reader.pages)
