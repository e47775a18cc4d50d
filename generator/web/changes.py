"""Saving a new text of an SKPD file: never a lost or silent change.

Every save names the version it was based on (the SHA-256 of the text the user saw). If
the file changed since, nothing is written: the attempt is kept as an unapplied version
and the caller shows the conflict. Otherwise the text — already validated by the same
loader a build uses — is written atomically, committed to git with the user as author
when the data folder is a git repository, recorded as a version, and a draft build is
queued. A change made outside the workspace (an editor, `pkgen import`) is recorded as a
version of its own the first time it is seen, so the history has no gaps.
"""

from __future__ import annotations

import os
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max

from generator.build.writer import OutputWriter
from generator.web.models import SkpdRecord, Source, Status, Version
from generator.web.workspace import SkpdRef, Workspace, sha256_text

EDITABLE = (Status.DRAF, Status.DIKEMBALIKAN)

_LOCKS: dict[Path, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def _file_lock(path: Path) -> threading.Lock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(path, threading.Lock())


class Locked(Exception):
    """The SKPD's data is submitted or approved: not editable now."""

    def __init__(self, status: str):
        super().__init__(status)
        self.status = status


@dataclass(frozen=True)
class Saved:
    version: Version
    changed: bool  # False when the text was the same as the file's


@dataclass(frozen=True)
class Conflict:
    """The file changed since the user's base version: theirs (kept, unapplied) and the
    version now in the file."""

    attempt: Version
    current: Version
    base: Version | None


def record_for(skpd: SkpdRef) -> SkpdRecord:
    record, _ = SkpdRecord.objects.get_or_create(pemda=skpd.pemda.id, skpd=skpd.stem)
    return record


def read_text(skpd: SkpdRef) -> str:
    try:
        return skpd.path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return ""


def versions_of(skpd: SkpdRef) -> Any:
    return Version.objects.filter(pemda=skpd.pemda.id, skpd=skpd.stem)


def _next_number(skpd: SkpdRef) -> int:
    return (versions_of(skpd).aggregate(n=Max("number"))["n"] or 0) + 1


def _new_version(skpd: SkpdRef, text: str, **fields: Any) -> Version:
    return Version.objects.create(
        pemda=skpd.pemda.id,
        skpd=skpd.stem,
        number=_next_number(skpd),
        sha256=sha256_text(text),
        text=text,
        **fields,
    )


def current_version(skpd: SkpdRef, text: str | None = None) -> Version:
    """The version of the file's present text, recorded now if it was changed outside."""
    text = read_text(skpd) if text is None else text
    sha = sha256_text(text)
    latest = versions_of(skpd).filter(applied=True).order_by("-number").first()
    if latest is not None and latest.sha256 == sha:
        return latest
    source = Source.AWAL if latest is None else Source.LUAR
    return _new_version(skpd, text, source=source, summary=source.label)


def save_text(
    workspace: Workspace,
    skpd: SkpdRef,
    new_text: str,
    *,
    base_sha256: str,
    user: Any,
    source: Source,
    summary: str,
    allow_locked: bool = False,
) -> Saved | Conflict:
    """Write `new_text` if the file is still at `base_sha256` (see the module docstring).
    Raises `Locked` when the workflow state forbids editing."""
    with _file_lock(skpd.path), transaction.atomic():
        record = SkpdRecord.objects.select_for_update().get(pk=record_for(skpd).pk)
        on_disk = read_text(skpd)
        current = current_version(skpd, on_disk)
        if base_sha256 != current.sha256:
            base = versions_of(skpd).filter(sha256=base_sha256).order_by("-number").first()
            attempt = _new_version(
                skpd,
                new_text,
                base_sha256=base_sha256,
                author=user,
                source=source,
                summary=f"tidak disimpan (konflik): {summary}",
                applied=False,
            )
            return Conflict(attempt, current, base)
        if record.status not in EDITABLE and not allow_locked:
            raise Locked(record.status)
        if new_text == on_disk:
            return Saved(current, changed=False)
        OutputWriter(skpd.path.parent).write_bytes(skpd.path, new_text.encode("utf-8"))
        commit = git_commit(workspace.data, skpd.path, user, f"{skpd.stem}: {summary}")
        version = _new_version(
            skpd,
            new_text,
            base_sha256=base_sha256,
            author=user,
            source=source,
            summary=summary,
            commit=commit,
        )
        record.save()
    return Saved(version, changed=True)


# --------------------------------------------------------------------------- git


def _git(folder: Path, *args: str, env: dict[str, str] | None = None) -> str | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            text=True,
            timeout=30,
            env={**os.environ, **(env or {})},
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def in_git(folder: Path) -> bool:
    return _git(folder, "rev-parse", "--is-inside-work-tree") == "true"


def git_commit(folder: Path, path: Path, user: Any, message: str) -> str:
    """Commit one file with the user as author; '' when the folder is not in git (or the
    commit failed: the version is still kept by pkgen)."""
    if user is None or not in_git(folder):
        return ""
    name = user.get_full_name() or user.get_username()
    author = f"{name} <{user.get_username()}@pkgen.local>"
    env = {
        "GIT_COMMITTER_NAME": "pkgen serve",
        "GIT_COMMITTER_EMAIL": "pkgen@pkgen.local",
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": f"{user.get_username()}@pkgen.local",
    }
    if _git(folder, "add", "--", str(path), env=env) is None:
        return ""
    done = _git(
        folder, "commit", "--quiet", "-m", message, "--author", author, "--", str(path), env=env
    )
    if done is None:
        return ""
    return _git(folder, "rev-parse", "HEAD") or ""
