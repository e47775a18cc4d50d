"""Incremental builds: what every output was made from, so unchanged work is skipped.

The manifest (`<output>/.pkgen-manifest.json`) holds, per SKPD document, a *stamp* — the
SHA-256 of everything the document depends on: its YAML, pemda.yaml, the kind's shared
file, the template, the logo and the *engine* (`Engine`: pkgen's own code and package
data, the versions of the libraries that write documents, and LibreOffice's version) —
and the SHA-256 of each output file; per book, the stamp of its members and front matter
(the engine included) and the book's own SHA-256. So a new pkgen, a library upgrade or
another LibreOffice makes everything again, without anyone remembering to bump a number.
A document is skipped only when its stamp is unchanged *and* every recorded output still
exists with its recorded content; anything else, including a manifest that cannot be
read, means "build again", never a crash.

The pipeline keeps the manifest honest across crashes: an entry is dropped (and the
manifest saved) before its outputs are replaced, and added back only once they are in
place, so the file never claims an output that is missing or stale.

Saving merges (`Manifest.merge_saved`): the file is read again and only the entries this
build changed replace what is there, so a build never drops the entries of another build
of the same folder that it did not see (builds also take the output folder's lock).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from generator import __version__
from generator.build.writer import OutputWriter

MANIFEST_NAME = ".pkgen-manifest.json"
FORMAT = 1

# The libraries whose version can change the bytes pkgen writes for the same inputs:
# document writing (docxtpl, python-docx, lxml, Jinja2), PDF reading and book assembly
# (pypdf), the logo (Pillow), number and date formats (Babel), and reading the data
# (PyYAML, pydantic).
LIBRARIES = (
    "python-docx",
    "lxml",
    "Jinja2",
    "pypdf",
    "Pillow",
    "Babel",
    "PyYAML",
    "pydantic",
)
PACKAGE_DATA = "resources"  # generator/resources/: templates and other package data


@dataclass(frozen=True)
class Engine:
    """What pkgen itself puts into every output, read once per run (a few milliseconds:
    see `pkgen bench`). Each part is its own input of a document's stamp, so a rebuild
    can say which one changed."""

    code: str  # SHA-256 over every .py file of the installed generator package
    package_data: str  # SHA-256 over generator/resources/ (shipped templates, samples)
    libraries: str  # "docxtpl 0.20.2, python-docx 1.2.0, …"
    libreoffice: str  # "LibreOffice 7.4.7.2 (build …)", see generator.pdf.office_version

    @classmethod
    def current(cls, libreoffice: str) -> Engine:
        code, package_data = package_digests(Path(str(resources.files("generator"))))
        return cls(code, package_data, library_versions(), libreoffice)

    def inputs(self) -> dict[str, str]:
        """The engine's parts by their input names (see `pipeline.INPUT_NAMES`)."""
        return {
            "kode": self.code,
            "bawaan": self.package_data,
            "pustaka": self.libraries,
            "libreoffice": self.libreoffice,
        }

    @property
    def stamp(self) -> str:
        return stamp_of(sorted(self.inputs().items()))


def package_digests(package: Path) -> tuple[str, str]:
    """(code, package data): SHA-256 over the path and bytes of every .py file below
    `package`, and over every file below its `resources/` folder (hidden files and
    caches left out)."""
    code, data = hashlib.sha256(), hashlib.sha256()
    for folder, subfolders, files in os.walk(package):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith((".", "__pycache__")))
        relative = Path(folder).relative_to(package)
        in_data = relative.parts[:1] == (PACKAGE_DATA,)
        for name in sorted(files):
            if name.startswith(".") or not (in_data or name.endswith(".py")):
                continue
            digest = data if in_data else code
            digest.update((relative / name).as_posix().encode("utf-8") + b"\0")
            digest.update(file_digest(Path(folder, name)).encode("ascii"))
    return code.hexdigest(), data.hexdigest()


def library_versions() -> str:
    """`docxtpl 0.20.2, python-docx 1.2.0, …` (`-` for a library that is not installed)."""
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} -")
    return ", ".join(versions)


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def stamp_of(*parts: object) -> str:
    """One SHA-256 over labelled parts (strings, numbers, nested lists), order-sensitive."""
    text = json.dumps(parts, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Digests:
    """File digests for one run: pemda.yaml, templates and logos are read once, not per SKPD."""

    def __init__(self) -> None:
        self._cache: dict[Path, str] = {}

    def __call__(self, path: Path | None) -> str | None:
        if path is None:
            return None
        key = path.resolve()
        if key not in self._cache:
            try:
                self._cache[key] = file_digest(key)
            except OSError:
                self._cache[key] = "hilang"
        return self._cache[key]


@dataclass
class DocumentEntry:
    """One SKPD document: what it was made from and the outputs made."""

    source: str
    stamp: str
    outputs: dict[str, str] = field(default_factory=dict)  # relative path -> sha256
    # The digest of each input on its own (data, pemda, template, …), so a rebuild can say
    # which input changed; the stamp alone decides whether to rebuild.
    inputs: dict[str, str | None] = field(default_factory=dict)


@dataclass
class BookEntry:
    """One book: the stamp of its members and front matter, and its own digest."""

    stamp: str
    sha256: str
    front_stamp: str
    front_pages: int
    members: list[str] = field(default_factory=list)


class Manifest:
    """The record of a build's outputs below one output root (see the module docstring)."""

    def __init__(self, root: Path, engine: Engine | None = None):
        self.root = root
        self.engine = engine  # the engine of this run, recorded for people to read
        self.documents: dict[str, DocumentEntry] = {}
        self.books: dict[str, BookEntry] = {}
        # The entries as last read or saved: what this build changed is the difference.
        self._seen: tuple[dict[str, DocumentEntry], dict[str, BookEntry]] = ({}, {})

    @property
    def path(self) -> Path:
        return self.root / MANIFEST_NAME

    @classmethod
    def load(cls, root: Path, engine: Engine | None = None) -> tuple[Manifest, str | None]:
        """The manifest of `root`, or an empty one and the reason when it is unusable."""
        manifest = cls(root, engine)
        try:
            raw = manifest.path.read_bytes()
        except FileNotFoundError:
            return manifest, None
        except OSError as exc:
            return manifest, f"manifest tidak dapat dibaca ({exc})"
        try:
            data = json.loads(raw)
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                return manifest, "format manifest tidak dikenal"
            manifest.documents = {
                str(key): DocumentEntry(
                    source=str(value["source"]),
                    stamp=str(value["stamp"]),
                    outputs={str(k): str(v) for k, v in dict(value["outputs"]).items()},
                    inputs={
                        str(k): None if v is None else str(v)
                        for k, v in dict(value.get("inputs", {})).items()
                    },
                )
                for key, value in dict(data["documents"]).items()
            }
            manifest.books = {
                str(key): BookEntry(
                    stamp=str(value["stamp"]),
                    sha256=str(value["sha256"]),
                    front_stamp=str(value["front_stamp"]),
                    front_pages=int(value["front_pages"]),
                    members=[str(m) for m in value["members"]],
                )
                for key, value in dict(data["books"]).items()
            }
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            manifest.documents, manifest.books = {}, {}
            return manifest, f"manifest rusak ({type(exc).__name__})"
        manifest._seen = (dict(manifest.documents), dict(manifest.books))
        return manifest, None

    def merge_saved(self) -> None:
        """Take in what the file holds now, keeping this build's own changes (to save next).

        An entry this build added, replaced or dropped since it last read the file is kept as
        this build has it; every other entry is taken from the file as it is now. An
        unreadable file is not merged (this build's view is saved over it)."""
        saved, problem = Manifest.load(self.root)
        if problem is None:
            self.documents = _merged(self.documents, self._seen[0], saved.documents)
            self.books = _merged(self.books, self._seen[1], saved.books)
        self._seen = (dict(self.documents), dict(self.books))

    def to_bytes(self) -> bytes:
        data: dict[str, Any] = {
            "format": FORMAT,
            "engine": {"pkgen": __version__, **(self.engine.inputs() if self.engine else {})},
            "documents": {k: asdict(v) for k, v in sorted(self.documents.items())},
            "books": {k: asdict(v) for k, v in sorted(self.books.items())},
        }
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

    def relative(self, path: Path) -> str:
        """`path` relative to the output root, with forward slashes (the manifest's keys)."""
        return path.relative_to(self.root).as_posix()

    def document_is_current(self, key: str, stamp: str, outputs: Iterable[Path]) -> bool:
        """True when `key` was made from exactly these inputs and every output in
        `outputs` is recorded, still exists and still has the recorded content."""
        entry = self.documents.get(key)
        if entry is None or entry.stamp != stamp:
            return False
        return all(self._intact(path, entry.outputs) for path in outputs)

    def book_is_current(self, path: Path, stamp: str) -> bool:
        entry = self.books.get(self.relative(path))
        return (
            entry is not None
            and entry.stamp == stamp
            and self._intact(path, {self.relative(path): entry.sha256})
        )

    def _intact(self, path: Path, recorded: Mapping[str, str]) -> bool:
        expected = recorded.get(self.relative(path))
        if expected is None:
            return False
        try:
            return file_digest(path) == expected
        except OSError:
            return False

    def record_document(
        self,
        key: str,
        source: str,
        stamp: str,
        outputs: Iterable[Path],
        inputs: Mapping[str, str | None] | None = None,
    ) -> None:
        """Claim `outputs` (already in place) as made from `stamp`."""
        self.documents[key] = DocumentEntry(
            source, stamp, {self.relative(p): file_digest(p) for p in outputs}, dict(inputs or {})
        )

    def entries_of(self, source: str) -> dict[str, DocumentEntry]:
        """Every document recorded as made from one data file (an original and revisions)."""
        return {k: v for k, v in self.documents.items() if v.source == source}


def _merged(mine: dict[str, Any], seen: dict[str, Any], saved: dict[str, Any]) -> dict[str, Any]:
    merged = dict(saved)
    for key in mine.keys() | seen.keys():
        if mine.get(key) == seen.get(key):
            continue  # not this build's business: the file's entry stands
        if key in mine:
            merged[key] = mine[key]
        else:
            merged.pop(key, None)
    return merged


def write_manifest(writer: OutputWriter, manifest: Manifest) -> None:
    """Save the manifest (merged with the file as it is now); `OutputWriteError` when it
    cannot be written — before outputs are replaced, that stops the build."""
    if not (manifest.documents or manifest.books or manifest.path.exists()):
        return  # nothing to claim: do not create the manifest for it
    manifest.merge_saved()
    data = manifest.to_bytes()
    try:
        if manifest.path.read_bytes() == data:
            return
    except OSError:
        pass
    writer.rewrite_bytes(manifest.path, data)
