"""What a build is asked and what it answers: the options, one job per document on its
way through the phases, and the outcomes of documents and books that make the report."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from generator.data.loading import LoadedAgreement
from generator.errors import Problem
from generator.pdf.convert import ConversionResult, PdfConverter
from generator.pdf.scratch import ScratchFolder
from generator.templates import shipped_templates

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


class Status(StrEnum):
    BUILT = "dibuat"
    UNCHANGED = "tidak berubah"
    FAILED = "gagal"


class BookStatus(StrEnum):
    BUILT = "dibuat"
    PARTIAL = "dibuat tanpa SKPD yang gagal"
    UNCHANGED = "tidak berubah"
    KEPT = "tidak diganti"
    RETIRED = "tidak dibuat lagi"  # its folder no longer makes it: renamed `.usang`
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
