"""What the converter is asked to do and what it answers (see `generator.pdf.convert`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class ConverterUnavailable(RuntimeError):
    """LibreOffice is not installed or cannot be started."""


@dataclass(frozen=True)
class ConversionJob:
    """One document to convert; ``label`` names the unit in user messages.

    ``timeout`` is the seconds one attempt may take (None: the converter's default);
    ``size_note`` says why a document is big ("±400 halaman"), for a timeout message; the
    timeout of a big document is final (it is slow, not hung: a retry would only double
    the wait). ``pdfa`` asks LibreOffice's export filter for PDF/A-2b (archival: fonts
    embedded, an output intent, XMP identification).
    """

    source: Path
    target: Path
    label: str
    timeout: float | None = None
    size_note: str = ""
    pdfa: bool = False

    @property
    def retry_after_timeout(self) -> bool:
        return not self.size_note


@dataclass(frozen=True)
class ConversionResult:
    """Outcome of one :class:`ConversionJob`."""

    job: ConversionJob
    ok: bool
    error: str | None
    seconds: float
    attempts: int
    worker: int
    timed_out: bool = False  # the last attempt ran out of time (the document may be huge)

    @property
    def retried(self) -> bool:
        """Whether the document needed a fresh LibreOffice (it died, hung or failed)."""
        return self.attempts > 1

    def describe(self) -> str:
        """Return a one-line Indonesian summary for the user."""
        if self.ok:
            return f"{self.job.label}: PDF selesai ({self.seconds:.1f} detik)"
        return f"{self.job.label}: {self.error}"
