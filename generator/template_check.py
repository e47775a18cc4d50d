"""Template checks before rendering (initial version: compile only; being extended)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.errors import Problem, RenderError, SourceLocation
from generator.render import CompiledTemplate


def check_template(path: Path, context_type: type[Any]) -> list[Problem]:
    if not path.is_file():
        return [Problem(SourceLocation.of(path), "", "templat tidak ditemukan")]
    try:
        CompiledTemplate(path)
    except RenderError as exc:
        return [Problem(SourceLocation.of(path), "", str(exc))]
    return []
