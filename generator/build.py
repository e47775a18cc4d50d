"""The build pipeline, one readable function: load and validate everything, then derive,
format, render and write each SKPD. A failing SKPD is reported and the others go on.

Phases: load (models) → context (calculations + formatting) → render (.docx) → write.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from generator.context.common import as_mapping
from generator.errors import PkgenError, Problem, display_path
from generator.kinds import KINDS
from generator.loading import Batch, LoadedAgreement, LoadedPemda, load_batch, output_parts
from generator.render import CompiledTemplate, compiled_template, fit_logo
from generator.revision.naming import output_stem
from generator.writer import OutputWriter


class Status(StrEnum):
    BUILT = "dibuat"
    UNCHANGED = "tidak berubah"
    FAILED = "gagal"


@dataclass
class Outcome:
    """What happened to one SKPD file."""

    source: Path
    label: str
    status: Status
    outputs: list[Path] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class BuildReport:
    outcomes: list[Outcome] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status is Status.FAILED]

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass(frozen=True)
class BuildOptions:
    out_root: Path = Path("output")
    templates: Path = Path("templates")


Progress = Callable[[str, int, int], None]
"""Called as (label of the SKPD just done, done count, total)."""


def output_path(agreement: LoadedAgreement, out_root: Path) -> Path:
    """`output/2022/sekretariat-dprd/perjanjian-kinerja.docx` for one agreement (a revision:
    `perjanjian-kinerja-perubahan-1.docx`, beside the original)."""
    parts = output_parts(agreement.path.parent, getattr(agreement.model, "tahun", None))
    stem = output_stem(agreement.kind.output_stem, agreement.model)
    return out_root.joinpath(*parts, agreement.slug, f"{stem}.docx")


def agreement_label(agreement: LoadedAgreement) -> str:
    unit = getattr(agreement.model, "unit", None)
    label = getattr(unit, "nama_singkat", None) or agreement.slug
    # A unit may have a PK and a Rencana Kerja RB: name the kind of all but the PK.
    return (
        label if agreement.kind.key == "perjanjian-kinerja" else f"{label} ({agreement.kind.title})"
    )


class Renderer:
    """Templates compiled once and logos prepared once per pemda, for a whole batch."""

    def __init__(self, templates: Path):
        self.templates = templates
        self._logos: dict[Path, bytes | None] = {}

    def template_for(self, agreement: LoadedAgreement) -> CompiledTemplate:
        path = self.templates / agreement.kind.template
        if not path.is_file():
            raise PkgenError(f"{display_path(path)}: templat tidak ditemukan")
        return compiled_template(path)

    def logo_for(self, pemda: LoadedPemda, template: CompiledTemplate) -> bytes | None:
        if not pemda.model.logo:
            return None
        path = pemda.path.parent / pemda.model.logo
        if path not in self._logos:
            self._logos[path] = fit_logo(path, template.logo_aspect)
        return self._logos[path]

    def render(self, agreement: LoadedAgreement) -> bytes:
        template = self.template_for(agreement)
        context = agreement.kind.build_context(
            agreement.model, agreement.pemda.model, agreement.shared_model
        )
        return template.render(
            as_mapping(context), logo_png=self.logo_for(agreement.pemda, template)
        )


def build(
    targets: Sequence[Path], options: BuildOptions, progress: Progress | None = None
) -> BuildReport:
    """Build every SKPD under `targets` into `options.out_root`; never raises for one SKPD."""
    started = time.perf_counter()
    report = BuildReport()
    batch = load_batch(targets)
    report.warnings = [p for p in batch.problems if not p.is_error]
    writer = OutputWriter(options.out_root)
    _report_failed_loads(batch, report, writer, options.out_root)
    renderer = Renderer(options.templates)
    agreements = batch.agreements
    for done, agreement in enumerate(agreements, start=1):
        report.outcomes.append(_build_one(agreement, renderer, writer, options.out_root))
        if progress:
            progress(agreement_label(agreement), done, len(agreements))
    report.seconds = time.perf_counter() - started
    return report


def _build_one(
    agreement: LoadedAgreement, renderer: Renderer, writer: OutputWriter, out_root: Path
) -> Outcome:
    started = time.perf_counter()
    target = output_path(agreement, out_root)
    outcome = Outcome(agreement.path, agreement_label(agreement), Status.BUILT)
    try:
        data = renderer.render(agreement)
        writer.write_bytes(target, data)
        writer.clear_stale(target)
        outcome.outputs.append(target)
    except PkgenError as exc:
        outcome.status = Status.FAILED
        outcome.reasons.append(str(exc))
        stale = writer.mark_stale(target)
        if stale:
            outcome.reasons.append(f"keluaran lama dipindah ke {display_path(stale)}")
    outcome.seconds = time.perf_counter() - started
    return outcome


def _report_failed_loads(
    batch: Batch, report: BuildReport, writer: OutputWriter, out_root: Path
) -> None:
    for group in batch.groups:
        for path, problems in group.failed.items():
            outcome = Outcome(
                path, path.stem, Status.FAILED, reasons=[str(p) for p in problems if p.is_error]
            )
            for stale in _previous_outputs(path, out_root):
                moved = writer.mark_stale(stale)
                if moved:
                    outcome.reasons.append(f"keluaran lama dipindah ke {display_path(moved)}")
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


def _previous_outputs(source: Path, out_root: Path) -> list[Path]:
    """Outputs an earlier run wrote for a data file that now fails to load."""
    folder = out_root.joinpath(*output_parts(source.parent, None), source.stem)
    return [folder / f"{kind.output_stem}.docx" for kind in KINDS.values()]
