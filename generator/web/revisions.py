"""Two versions of one SKPD compared with the revision diff of `pkgen diff`, and the
Daftar Perubahan made from that comparison."""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator.errors import Problem
from generator.revision.diff import RevisionDiff, SkpdDiff, SkpdKey, compare
from generator.revision.report import change_line
from generator.revision.sources import side_of
from generator.revision.yaml_changes import text_changes
from generator.web.workspace import SkpdRef, Workspace


@dataclass(frozen=True)
class Comparison:
    diff: RevisionDiff | None  # None when either text is not a valid PK
    text_lines: list[str]  # the YAML text diff (always; the lampiran is only here)
    problems: list[Problem]

    @property
    def skpd(self) -> SkpdDiff | None:
        return self.diff.skpd[0] if self.diff is not None and self.diff.skpd else None


def compare_texts(
    workspace: Workspace, ref: SkpdRef, old: str, new: str, semula: str, menjadi: str
) -> Comparison:
    old_loaded, new_loaded = workspace.load(ref, old), workspace.load(ref, new)
    lines = text_changes(old, new, ref.path.name)
    problems = old_loaded.errors + new_loaded.errors
    if not (old_loaded.is_pk and new_loaded.is_pk):
        return Comparison(None, lines, problems)
    assert old_loaded.agreement is not None and new_loaded.agreement is not None
    key = SkpdKey(ref.pemda.relative if ref.pemda.relative != "." else "", ref.stem)
    diff = compare(
        {key: side_of(old_loaded.agreement)},
        {key: side_of(new_loaded.agreement)},
        semula=semula,
        menjadi=menjadi,
    )
    return Comparison(diff, lines, problems)


def change_summary(comparison: Comparison, limit: int = 3) -> str:
    """`2 perubahan: Target: Nilai SAKIP …: 66 (B) → 70 (B); …` for the history list."""
    skpd = comparison.skpd
    if skpd is None:
        return "teks YAML diubah" if comparison.text_lines else "tidak ada perubahan"
    if not skpd.changes:
        return "tidak ada perubahan isi" if comparison.text_lines else "tidak ada perubahan"
    shown = "; ".join(
        change_line(replace(c, lokasi=None)).lstrip("~+- ") for c in skpd.changes[:limit]
    )
    more = f"; dan {len(skpd.changes) - limit} lagi" if len(skpd.changes) > limit else ""
    return f"{len(skpd.changes)} perubahan: {shown}{more}"
