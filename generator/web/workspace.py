"""The data folder as the workspace sees it: pemda folders, their SKPD files, and each
file loaded and validated by `generator.data.loading` exactly as a build loads it.

Only names found here ever reach the filesystem: a request names a pemda by its id and an
SKPD by its file name, both checked against this listing (`pemda()`, `skpd()`), never
joined to a path as given. Loading is cached by the content of the file, its pemda.yaml
and its shared file, so a dashboard of 60 SKPD reads 60 small files and validates only
what changed since the last request.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from generator.build.manifest import Manifest
from generator.build.naming import jabatan_within_unit, output_path, revision_number, unit_name
from generator.data.kinds import DATA_KINDS
from generator.data.ladder import TOP_ESELON, eselon_of
from generator.data.loading import PEMDA_FILE, LoadedAgreement, discover, load_agreement, skpd_files
from generator.data.models.perjanjian import PerjanjianKinerja
from generator.domain.calculations import total
from generator.errors import Problem, UsageError

NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,119}$")
LISTING_SECONDS = 2.0
DRAFT_FOLDER = "draf"
APPROVED_FOLDER = "disetujui"


def valid_name(text: str) -> bool:
    """A pemda id or an SKPD file name as URLs carry them: lowercase, digits, hyphens."""
    return bool(NAME.match(text))


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class PemdaRef:
    """A pemda folder: `2022` or `2022/kota-depok` below the data folder."""

    id: str
    folder: Path
    relative: str


@dataclass(frozen=True)
class SkpdRef:
    """One SKPD data file of a pemda folder."""

    pemda: PemdaRef
    stem: str
    path: Path

    @property
    def key(self) -> tuple[str, str]:
        return (self.pemda.id, self.stem)


@dataclass(frozen=True)
class LoadedSkpd:
    """An SKPD file as it is now: its text, and the agreement or the problems found."""

    ref: SkpdRef
    text: str
    sha256: str
    agreement: LoadedAgreement | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def valid(self) -> bool:
        return self.agreement is not None

    @property
    def is_pk(self) -> bool:
        return self.agreement is not None and isinstance(self.agreement.model, PerjanjianKinerja)

    @cached_property
    def unit(self) -> str:
        """The perangkat daerah the file belongs to (a jabatan's PK: its SKPD)."""
        if self.agreement is not None:
            return unit_name(self.agreement)
        return self.ref.stem.replace("-", " ").title()

    @cached_property
    def name(self) -> str:
        """The document as staff call it: the SKPD, or the jabatan of a PK signed below
        the unit head (`Kepala Seksi … Dinas Kesehatan Kota Medan`)."""
        if self.agreement is not None and self.agreement.jabatan_id:
            return str(self.agreement.model.pihak_pertama.jabatan)
        return self.unit

    @cached_property
    def name_in_unit(self) -> str:
        """The name where the SKPD is already said (a row below its SKPD's)."""
        if self.agreement is not None and self.agreement.jabatan_id:
            return jabatan_within_unit(self.agreement)
        return self.name

    @property
    def unit_key(self) -> str:
        """What groups an SKPD's PKs: its slug (the file's stem when it does not load)."""
        return self.agreement.slug if self.agreement is not None else self.ref.stem

    @property
    def level(self) -> int:
        """0 for the unit head's PK (and any other document), 1 eselon III, 2 eselon IV."""
        if self.agreement is None or not self.agreement.jabatan_id:
            return 0
        return eselon_of(self.agreement.model) - TOP_ESELON

    @property
    def kind_title(self) -> str:
        if self.agreement is None:
            return ""
        return DATA_KINDS[self.agreement.kind.key].title

    @property
    def anggaran(self) -> int | None:
        if not self.is_pk:
            return None
        assert self.agreement is not None
        return total(p.anggaran for p in self.agreement.model.program)

    @property
    def revision(self) -> int | None:
        return revision_number(self.agreement.model) if self.agreement is not None else None


class Workspace:
    """One data folder, its outputs and the workspace's own state folder."""

    def __init__(self, data: Path, out: Path, state: Path):
        self.data = data.resolve()
        self.out = out.resolve()
        self.state = state.resolve()
        self._lock = threading.Lock()
        self._cache: dict[Path, tuple[tuple[str, ...], LoadedSkpd]] = {}
        self._listing: tuple[float, list[PemdaRef]] | None = None

    # -- places ------------------------------------------------------------------------

    @property
    def draft_root(self) -> Path:
        """Where the drafts are built (every save), each PDF marked DRAF."""
        return self.out / DRAFT_FOLDER

    @property
    def final_root(self) -> Path:
        """Where the approved versions are built: the documents to sign, and the books."""
        return self.out

    @property
    def approved_root(self) -> Path:
        """A copy of the data folder holding only approved versions (what the book uses)."""
        return self.state / APPROVED_FOLDER / self.data.name

    def approved_path(self, ref: SkpdRef) -> Path:
        return self.approved_root / ref.pemda.relative / ref.path.name

    # -- listing -----------------------------------------------------------------------

    def pemdas(self) -> list[PemdaRef]:
        """The pemda folders, listed again at most every LISTING_SECONDS (a request asks
        several times; a folder added by hand shows up within that time)."""
        now = time.monotonic()
        with self._lock:
            if self._listing is not None and now - self._listing[0] < LISTING_SECONDS:
                return self._listing[1]
        refs = self._list_pemdas()
        with self._lock:
            self._listing = (now, refs)
        return refs

    def _list_pemdas(self) -> list[PemdaRef]:
        try:
            found = discover(self.data)
        except UsageError:
            return []
        refs = []
        for folder, _ in found:
            relative = folder.resolve().relative_to(self.data).as_posix()
            ident = self.data.name if relative == "." else relative.replace("/", "-")
            refs.append(PemdaRef(ident, folder.resolve(), "." if relative == "." else relative))
        return refs

    def pemda(self, ident: str) -> PemdaRef | None:
        if not valid_name(ident):
            return None
        return next((p for p in self.pemdas() if p.id == ident), None)

    def skpds(self, pemda: PemdaRef) -> list[SkpdRef]:
        return [
            SkpdRef(pemda, path.stem, path)
            for path in skpd_files(pemda.folder)
            if valid_name(path.stem)
        ]

    def skpd(self, pemda_id: str, stem: str) -> SkpdRef | None:
        pemda = self.pemda(pemda_id)
        if pemda is None or not valid_name(stem):
            return None
        return next((s for s in self.skpds(pemda) if s.stem == stem), None)

    # -- loading -----------------------------------------------------------------------

    def load(self, ref: SkpdRef, text: str | None = None) -> LoadedSkpd:
        """The SKPD file validated as a build loads it (cached by content); with `text`, a
        proposed content of that file (not cached: the file still holds the old one)."""
        proposed = text is not None
        if text is None:
            try:
                text = ref.path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                text = ""
        key = (sha256_text(text), *self._context_digests(ref.pemda.folder))
        with self._lock:
            cached = self._cache.get(ref.path)
        if cached is not None and cached[0] == key:
            return cached[1]
        agreement, problems = load_agreement(ref.path, text)
        loaded = LoadedSkpd(ref, text, key[0], agreement, problems)
        if not proposed:
            with self._lock:
                self._cache[ref.path] = (key, loaded)
        return loaded

    def _context_digests(self, folder: Path) -> tuple[str, ...]:
        """Digests of what every SKPD of a folder is validated with: pemda.yaml and the
        shared `_….yaml` files."""
        digests = []
        for path in sorted([folder / PEMDA_FILE, *folder.glob("_*.yaml")]):
            try:
                digests.append(hashlib.sha256(path.read_bytes()).hexdigest())
            except OSError:
                digests.append("-")
        return tuple(digests)

    # -- outputs -----------------------------------------------------------------------

    def draft_pdf(self, loaded: LoadedSkpd) -> Path | None:
        if loaded.agreement is None:
            return None
        return output_path(loaded.agreement, self.draft_root).with_suffix(".pdf")

    def final_pdf(self, approved: LoadedSkpd | None) -> Path | None:
        if approved is None or approved.agreement is None:
            return None
        return output_path(approved.agreement, self.final_root).with_suffix(".pdf")

    def draft_manifest(self) -> Manifest:
        return Manifest.load(self.draft_root)[0]


_WORKSPACES: dict[tuple[str, str, str], Workspace] = {}
_REGISTRY_LOCK = threading.Lock()


def workspace_for(data: str, out: str, state: str) -> Workspace:
    """One Workspace (and its cache) per configuration, shared by every request."""
    key = (data, out, state)
    with _REGISTRY_LOCK:
        if key not in _WORKSPACES:
            _WORKSPACES[key] = Workspace(Path(data), Path(out), Path(state))
        return _WORKSPACES[key]


def current() -> Workspace:
    """The workspace of the running server, from the settings."""
    from django.conf import settings

    state = settings.PKGEN_STATE or str(Path(settings.PKGEN_DATA) / ".pkgen-web")
    return workspace_for(settings.PKGEN_DATA, settings.PKGEN_OUT, state)
