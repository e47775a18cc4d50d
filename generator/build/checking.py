"""`pkgen check`: validate data and templates, render in memory, write nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.build.kinds import KINDS
from generator.build.pipeline import Renderer
from generator.data.loading import load_batch
from generator.errors import PkgenError, Problem, SourceLocation
from generator.templates.check import check_template


@dataclass
class CheckResult:
    problems: list[Problem] = field(default_factory=list)
    checked: int = 0


def check(targets: Sequence[Path], templates: Path) -> CheckResult:
    """Every problem in the data files under `targets` and in the templates they use."""
    result = CheckResult()
    batch = load_batch(targets)
    result.problems.extend(batch.problems)
    result.checked = len(batch.agreements) + len(batch.failed_files)
    used_kinds = {a.kind.key for a in batch.agreements} or set(KINDS)
    template_ok: dict[str, bool] = {}
    for key in sorted(used_kinds):
        kind = KINDS[key]
        problems = check_template(templates / kind.template, kind.context_type)
        result.problems.extend(problems)
        template_ok[key] = not any(p.is_error for p in problems)
    renderer = Renderer(templates)
    for agreement in batch.agreements:
        if not template_ok.get(agreement.kind.key):
            continue
        try:
            renderer.render(agreement)
        except PkgenError as exc:
            result.problems.append(Problem(SourceLocation.of(agreement.path), "", str(exc)))
    result.problems.sort()
    return result
