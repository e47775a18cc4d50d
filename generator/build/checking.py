"""`pkgen check`: validate data and templates, render in memory, write nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.build.kinds import KINDS, DocumentKind, document_kind
from generator.build.naming import book_label
from generator.build.pipeline import Renderer, template_path
from generator.context.buku import BukuContext
from generator.data.loading import Batch, LoadedAgreement, load_batch
from generator.errors import PkgenError, Problem, SourceLocation
from generator.pdf.book import BookInfo, book_template, front_matter_docx
from generator.templates.check import check_template


@dataclass
class CheckResult:
    problems: list[Problem] = field(default_factory=list)
    checked: int = 0


def check(targets: Sequence[Path], templates: Path) -> CheckResult:
    """Every problem in the data files under `targets` and in the templates they use: the
    shipped ones (or those of `templates`) and every pemda folder's own."""
    result = CheckResult()
    batch = load_batch(targets)
    result.problems.extend(batch.problems)
    result.checked = len(batch.agreements) + len(batch.failed_files)
    used: dict[Path, DocumentKind] = {}
    for agreement in batch.agreements:
        used.setdefault(template_path(agreement, templates), document_kind(agreement.kind))
    if not batch.agreements:
        used = {templates / kind.template: kind for kind in KINDS.values()}
    template_ok: dict[Path, bool] = {}
    for path, kind in sorted(used.items()):
        problems = check_template(path, kind.context_type)
        result.problems.extend(problems)
        template_ok[path] = not any(p.is_error for p in problems)
    renderer = Renderer(templates)
    for agreement in batch.agreements:
        if not template_ok.get(template_path(agreement, templates)):
            continue
        try:
            renderer.render(agreement)
        except PkgenError as exc:
            result.problems.append(Problem(SourceLocation.of(agreement.path), "", str(exc)))
    result.problems.extend(_check_book_template(batch, templates))
    result.problems.sort()
    return result


def _check_book_template(batch: Batch, templates: Path) -> list[Problem]:
    """The books' cover and daftar isi template, checked, then rendered in memory for each
    pemda folder and kind (page numbers as if every document had one page)."""
    template = book_template(templates)
    problems = check_template(template, BukuContext)
    if any(p.is_error for p in problems):
        return problems
    books: dict[tuple[Path, str], list[LoadedAgreement]] = {}
    for agreement in batch.agreements:
        books.setdefault((agreement.pemda.path, agreement.kind.key), []).append(agreement)
    for (_, key), members in books.items():
        pemda = members[0].pemda
        info = BookInfo(
            pemda.model.pemerintah,
            getattr(members[0].model, "tahun", None),
            KINDS[key].book_title,
            pemda.logo,
        )
        entries = [(book_label(a), number) for number, a in enumerate(members, start=1)]
        try:
            front_matter_docx(info, entries, template)
        except PkgenError as exc:
            problems.append(Problem(SourceLocation.of(template), "", str(exc)))
    return problems
