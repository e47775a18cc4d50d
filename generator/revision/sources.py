"""The two sides of a comparison: agreement files or folders, or a folder at a git revision.

Both sides are loaded and validated exactly as `pkgen build` loads them; a side with
errors yields its problems and no diff. For `--since REV`, the folder as it was at that
revision is read from git (`git ls-tree`, `git cat-file`) into a temporary copy with the
same relative layout, and problems in it are shown as `REV:path/in/repo.yaml:LINE`.
"""

from __future__ import annotations

import contextlib
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from generator.data.loading import Batch, LoadedAgreement, load_batch
from generator.data.models.perjanjian import PerjanjianKinerja
from generator.errors import Problem, UsageError, display_path
from generator.revision.diff import RevisionDiff, Side, SkpdKey, compare


@dataclass(frozen=True)
class Comparison:
    """A diff, or the problems that prevented it (then `diff` is None)."""

    diff: RevisionDiff | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return self.diff is not None


def compare_paths(old: Path, new: Path) -> Comparison:
    """Compare two agreement files, or two folders (SKPD matched by pemda subfolder and slug)."""
    for path in (old, new):
        if not path.exists():
            raise UsageError(f"{path}: tidak ditemukan")
    if old.is_file() != new.is_file():
        raise UsageError(
            f"{old} dan {new}: bandingkan berkas dengan berkas, atau folder dengan folder"
        )
    return _compare(old, new, display_path(old), display_path(new))


def compare_since(rev: str, path: Path) -> Comparison:
    """Compare `path` (a folder or file of agreements) with itself at git revision `rev`."""
    if not path.exists():
        raise UsageError(f"{path}: tidak ditemukan")
    with git_snapshot(rev, path) as (old, relabel):
        comparison = _compare(
            old, path, f"{display_path(path)} (revisi git {rev})", display_path(path)
        )
        return replace(comparison, problems=[relabel(p) for p in comparison.problems])


def _compare(old: Path, new: Path, semula: str, menjadi: str) -> Comparison:
    old_batch, new_batch = load_batch([old]), load_batch([new])
    problems = [p for p in old_batch.problems + new_batch.problems if p.is_error]
    if problems:
        return Comparison(None, problems)
    old_sides, new_sides = sides(old_batch, old), sides(new_batch, new)
    if old.is_file() and new.is_file():
        # Two files are compared with each other, whatever their names.
        old_sides = {key: side for key in new_sides for side in old_sides.values()}
    return Comparison(compare(old_sides, new_sides, semula=semula, menjadi=menjadi), [])


def sides(batch: Batch, root: Path) -> dict[SkpdKey, Side]:
    """The Perjanjian Kinerja of a batch keyed by pemda subfolder (below `root`) and slug,
    in book order (`urutan` of pemda.yaml, then by slug)."""
    base = root if root.is_dir() else root.parent
    found: list[tuple[tuple[str, int, str], SkpdKey, Side]] = []
    for agreement in batch.agreements:
        if not isinstance(agreement.model, PerjanjianKinerja):
            continue
        folder = agreement.path.parent.resolve().relative_to(base.resolve()).as_posix()
        key = SkpdKey("" if folder == "." else folder, agreement.name)
        found.append((_order(agreement, key), key, side_of(agreement)))
    return {key: side for _, key, side in sorted(found, key=lambda item: item[0])}


def _order(agreement: LoadedAgreement, key: SkpdKey) -> tuple[str, int, str]:
    urutan = agreement.pemda.model.urutan
    rank = urutan.index(agreement.slug) if agreement.slug in urutan else len(urutan)
    return (key.folder, rank, key.slug)


def side_of(agreement: LoadedAgreement) -> Side:
    return Side(
        agreement.model, agreement.pemda.model, agreement.document, agreement.pemda.document
    )


# --------------------------------------------------------------------------- git


class _Relabel:
    """Shows a problem in the temporary copy as `REV:path/in/repo`."""

    def __init__(self, temp_root: Path, rev: str):
        self.prefix = str(temp_root.resolve()) + "/"
        self.rev = rev

    def __call__(self, problem: Problem) -> Problem:
        file = problem.location.file
        if not file.startswith(self.prefix):
            return problem
        location = replace(problem.location, file=f"{self.rev}:{file[len(self.prefix) :]}")
        return replace(problem, location=location)


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-C", str(repo), *args], input=stdin, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise UsageError("--since: perintah git tidak ditemukan; pasang git dulu") from None


@contextlib.contextmanager
def git_snapshot(rev: str, path: Path) -> Iterator[tuple[Path, _Relabel]]:
    """`path` as it was at git revision `rev`, in a temporary folder (removed afterwards)."""
    here = path.resolve() if path.is_dir() else path.resolve().parent
    top_result = _git(here, "rev-parse", "--show-toplevel")
    if top_result.returncode != 0:
        raise UsageError(f"--since: {display_path(path)} tidak berada di dalam repositori git")
    top = Path(top_result.stdout.decode().strip()).resolve()
    commit = _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    if rev.startswith("-") or commit.returncode != 0:
        raise UsageError(f"--since: revisi git {rev!r} tidak dikenal")
    sha = commit.stdout.decode().strip()
    relative = path.resolve().relative_to(top).as_posix()
    folder = here.relative_to(top).as_posix()
    listing = _git(top, "ls-tree", "-r", "-z", "--full-tree", sha, "--", folder)
    entries = [
        entry.split(b"\t", 1) for entry in listing.stdout.split(b"\0") if entry and b"\t" in entry
    ]
    blobs = [
        (meta.split()[2].decode(), name.decode()) for meta, name in entries if b" blob " in meta
    ]
    inside = [
        name
        for _, name in blobs
        if relative == "." or name == relative or name.startswith(relative + "/")
    ]
    if listing.returncode != 0 or not inside:
        raise UsageError(f"--since: {relative} tidak ada pada revisi git {rev}")
    with tempfile.TemporaryDirectory(prefix="pkgen-diff-") as temp:
        root = Path(temp)
        for name, content in zip(
            (name for _, name in blobs), _read_blobs(top, [oid for oid, _ in blobs]), strict=True
        ):
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        yield root / relative, _Relabel(root, rev)


def _read_blobs(top: Path, oids: list[str]) -> list[bytes]:
    """The contents of git objects, in one `git cat-file --batch` call."""
    if not oids:
        return []
    result = _git(top, "cat-file", "--batch", stdin="".join(f"{oid}\n" for oid in oids).encode())
    data, position, contents = result.stdout, 0, []
    for _ in oids:
        header_end = data.index(b"\n", position)
        size = int(data[position:header_end].split()[2])
        start = header_end + 1
        contents.append(data[start : start + size])
        position = start + size + 1
    return contents
