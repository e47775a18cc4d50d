"""Typed errors and problems, each carrying where in the user's files it comes from.

Validation never stops at the first problem: loaders and checkers collect `Problem`s
and the caller raises one `ValidationFailed` holding all of them, so the user fixes
everything in one pass. Messages are in Bahasa Indonesia because staff read them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import total_ordering
from pathlib import Path

from pydantic_core import PydanticCustomError


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "peringatan"


@total_ordering
@dataclass(frozen=True)
class SourceLocation:
    """A place in a user's file: a YAML line, a spreadsheet cell, or a spot in a template.

    Locations sort by file, then line (a location without a line first), then place; a
    missing line or place never makes two locations incomparable.
    """

    file: str
    line: int | None = None
    where: str | None = None

    def _key(self) -> tuple[str, int, str]:
        return (self.file, -1 if self.line is None else self.line, self.where or "")

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, SourceLocation):
            return NotImplemented
        return self._key() < other._key()

    def __str__(self) -> str:
        text = self.file
        if self.line is not None:
            text += f":{self.line}"
        if self.where:
            text += f": {self.where}"
        return text

    @classmethod
    def of(
        cls, path: Path | str, line: int | None = None, where: str | None = None
    ) -> SourceLocation:
        return cls(display_path(path), line, where)


def display_path(path: Path | str) -> str:
    """Show a path relative to the working directory when it lies below it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, with its location and the field it concerns."""

    location: SourceLocation
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        prefix = f"{self.location}: "
        if self.field:
            prefix += f"{self.field}: "
        if self.severity is Severity.WARNING:
            prefix += "peringatan: "
        return prefix + self.message

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class PkgenError(Exception):
    """Base of every error pkgen reports to the user without a traceback."""

    exit_code = 1


class ValidationFailed(PkgenError):
    """Raised once, after collecting every problem of an input."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


class UsageError(PkgenError):
    """The command line names something that does not exist or cannot be used."""

    exit_code = 2


class RenderError(PkgenError):
    """A template could not be rendered with valid data (a template mistake)."""


class ConversionFailed(PkgenError):
    """LibreOffice could not turn a document into PDF."""


def invalid(message: str) -> PydanticCustomError:
    """An error whose message is shown to the user as written (in a validator or a parser)."""
    return PydanticCustomError("pkgen", message)
