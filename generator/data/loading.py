"""Stage 1 of the pipeline: find the data files, read them, validate them into models.

A folder holding `pemda.yaml` is one pemda for one year; every other `*.yaml` in it is one
SKPD's agreement (files starting with `_` are shared data, not SKPD). Subfolders holding
their own `pemda.yaml` are further pemda. A kind with shared data (`DataKind.shared`)
reads its `_….yaml` from the pemda folder once, when the first file of that kind needs it.
Every problem of every file is collected; a file with errors is reported and left out
while the others go on.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image
from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from generator.data.kinds import DATA_KINDS as KINDS
from generator.data.kinds import DataKind, kind_for
from generator.data.ladder import resolve_ladders
from generator.data.models.common import NO_LOGO, Pemda
from generator.data.models.perjanjian import validation_context
from generator.data.models.types import suggest, validate_slug
from generator.data.targets import PEMDA_FILE, discover, hidden_data_files, skpd_files
from generator.data.yamlsource import FieldPath, YamlDocument, format_field_path, load_yaml
from generator.errors import Problem, Severity, SourceLocation, display_path

TEMPLATE_FOLDER = "templates"
"""A pemda folder's own templates, overriding the shipped ones for that folder only."""
_YEAR_FOLDER = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class LoadedPemda:
    path: Path
    model: Pemda
    document: YamlDocument

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def logo(self) -> Path | None:
        """The logo file, None when the kop has none (`logo: tanpa`)."""
        name = self.model.logo_file
        return self.folder / name if name else None

    def template(self, kind: str, file_name: str) -> Path | None:
        """The pemda's own template of a kind: `templat: {kind: file}` in pemda.yaml, else
        `templates/<file_name>` in its folder; None when it uses the shipped one."""
        named = self.model.templat.get(kind)
        if named:
            return self.folder / named
        own = self.folder / TEMPLATE_FOLDER / file_name
        return own if own.is_file() else None


@dataclass(frozen=True)
class LoadedShared:
    """A kind's shared per-pemda file (e.g. `_rencana-kerja-rb.yaml`), validated."""

    path: Path
    model: Any
    document: YamlDocument


@dataclass(frozen=True)
class LoadedAgreement:
    """One SKPD's validated agreement, with what is needed to point back into its file."""

    path: Path
    slug: str
    kind: DataKind
    model: Any
    document: YamlDocument
    pemda: LoadedPemda
    shared: LoadedShared | None = None

    @property
    def shared_model(self) -> Any:
        return self.shared.model if self.shared else None

    @property
    def jabatan_id(self) -> str | None:
        """The `id` of a PK signed below the unit head (a kepala bidang's), else None."""
        value = getattr(self.model, "id", None)
        return value if isinstance(value, str) else None

    @property
    def name(self) -> str:
        """The document within its pemda folder: the slug, and the PK's `id` if any
        (`rsud/kabid-pelayanan`); unique per kind."""
        return f"{self.slug}/{self.jabatan_id}" if self.jabatan_id else self.slug


@dataclass
class PemdaGroup:
    """The SKPD files of one pemda folder and the outcome of loading each."""

    folder: Path
    pemda: LoadedPemda | None = None
    agreements: list[LoadedAgreement] = field(default_factory=list)
    failed: dict[Path, list[Problem]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # kind key -> its shared file (None when missing or invalid) and that file's problems
    shared: dict[str, tuple[LoadedShared | None, list[Problem]]] = field(default_factory=dict)


@dataclass
class Batch:
    """Everything found under the paths given on the command line."""

    groups: list[PemdaGroup]

    @property
    def agreements(self) -> list[LoadedAgreement]:
        return [a for g in self.groups for a in g.agreements]

    @property
    def problems(self) -> list[Problem]:
        found = [p for g in self.groups for p in g.problems]
        for g in self.groups:
            for problems in g.failed.values():
                found.extend(problems)
        return sorted(set(found))

    @property
    def failed_files(self) -> list[Path]:
        return [path for g in self.groups for path in g.failed]

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)


def output_parts(folder: Path, tahun: int | None) -> tuple[str, ...]:
    """Where a pemda's outputs go below the output root: `2022` or `2022/kota-depok`.

    A pemda folder named after its year (`agreements/2022`) writes to `<out>/2022`; a pemda
    in its own subfolder (`agreements/2022/kota-depok`) writes to `<out>/2022/kota-depok`.
    """
    if _YEAR_FOLDER.match(folder.name):
        return (folder.name,)
    if _YEAR_FOLDER.match(folder.parent.name):
        return (folder.parent.name, folder.name)
    return (str(tahun) if tahun else "tanpa-tahun", folder.name)


def load_batch(targets: Iterable[Path]) -> Batch:
    """Load and validate every pemda and SKPD file under the given paths."""
    groups: dict[Path, PemdaGroup] = {}
    for target in targets:
        for folder, files in discover(target):
            group = groups.get(folder.resolve())
            if group is None:
                group = groups[folder.resolve()] = _load_pemda(folder)
                group.problems += [
                    Problem(
                        SourceLocation.of(hidden),
                        "",
                        "berkas diabaikan karena namanya diawali titik (berkas tersembunyi); "
                        "ganti namanya jika berisi data SKPD",
                        Severity.WARNING,
                    )
                    for hidden in hidden_data_files(folder)
                ]
            known = {a.path for a in group.agreements} | set(group.failed)
            for path in files:
                if path not in known:
                    _load_agreement(group, path)
    for group in groups.values():
        _check_duplicate_slugs(group)
        _resolve_ladders(group)
    return Batch(list(groups.values()))


def _resolve_ladders(group: PemdaGroup) -> None:
    """Resolve the group's ladders (`data.ladder`). A jabatan's PK given alone takes its
    pihak kedua from its atasan's PK: the folder's other files are loaded to resolve it,
    then left out again (they are not part of this batch)."""
    given = {a.path for a in group.agreements} | set(group.failed)
    others = [p for p in skpd_files(group.folder) if p not in given]
    if others and any(getattr(a.model, "atasan", None) for a in group.agreements):
        for path in others:
            _load_agreement(group, path)
        _check_duplicate_slugs(group)
        shown = {display_path(path) for path in others}
        resolve_ladders(group)
        group.agreements = [a for a in group.agreements if a.path in given]
        group.failed = {p: problems for p, problems in group.failed.items() if p in given}
        group.problems = [p for p in group.problems if p.location.file not in shown]
    else:
        resolve_ladders(group)


def _load_pemda(folder: Path) -> PemdaGroup:
    path = folder / PEMDA_FILE
    pemda_model, document, problems = validate_file(path, Pemda)
    group = PemdaGroup(folder=folder)
    group.problems.extend(problems)
    if pemda_model is not None and document is not None:
        group.problems.extend(_pemda_files(folder, pemda_model, document))
        if not any(p.is_error for p in group.problems):
            group.pemda = LoadedPemda(path, pemda_model, document)
    return group


def _pemda_files(folder: Path, pemda: Pemda, document: YamlDocument) -> Iterator[Problem]:
    """The files pemda.yaml names exist and can be used: the logo, its own templates."""
    if pemda.logo is None:
        yield Problem(
            document.location(()),
            "logo",
            f"wajib diisi: nama berkas logo {pemda.pemerintah} (PNG atau JPG) di folder ini, "
            f"atau 'logo: {NO_LOGO}' bila kop dicetak tanpa logo",
        )
    elif pemda.logo_file is not None:
        problem = image_problem(folder / pemda.logo_file)
        if problem:
            yield Problem(document.location(("logo",)), "logo", f"berkas logo {problem}")
    for kind, name in pemda.templat.items():
        where = document.location(("templat", kind))
        if kind_for(kind) is None:
            yield Problem(
                where,
                f"templat.{kind}",
                f"jenis dokumen {kind!r} tidak dikenal{suggest(kind, KINDS)}; pilihan: "
                + ", ".join(KINDS),
            )
        elif not (folder / name).is_file():
            yield Problem(where, f"templat.{kind}", f"berkas templat {name!r} tidak ditemukan")
        elif not name.lower().endswith(".docx"):
            yield Problem(where, f"templat.{kind}", f"templat {name!r} harus berkas .docx")


def image_problem(path: Path) -> str | None:
    """Why a file cannot be used as an image (`'x.png' tidak ditemukan`), or None."""
    if not path.is_file():
        return f"{path.name!r} tidak ditemukan"
    try:
        with Image.open(path) as image:
            image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        return f"{path.name!r} tidak bisa dibaca sebagai gambar ({exc})"
    return None


def load_agreement(
    path: Path, text: str | None = None
) -> tuple[LoadedAgreement | None, list[Problem]]:
    """One SKPD file validated exactly as a build loads it, with its pemda folder:
    (agreement or None, every problem). `text` validates a proposed new content of that
    file without writing it (the web workspace checks an edit before saving it)."""
    group = _load_pemda(path.parent)
    _load_agreement(group, path, text)
    _resolve_ladders(group)
    if path in group.failed:
        return None, sorted(set(group.failed[path] + group.problems))
    return group.agreements[0], sorted(set(group.problems))


def _load_agreement(group: PemdaGroup, path: Path, text: str | None = None) -> None:
    document, problems = load_yaml(path, text)
    if document is None:
        group.failed[path] = problems
        return
    kind, kind_problems = _detect_kind(document)
    problems.extend(kind_problems)
    slug = _slug_of(path, document, problems)
    model = None
    if kind is not None:
        context = validation_context(group.pemda.model if group.pemda else None, document.data)
        model, model_problems = validate_document(document, kind.model, context)
        problems.extend(model_problems)
    if model is not None and kind is not None:
        problems.extend(_semantic_problems(document, kind, model, group, path))
    shared = None
    if kind is not None and kind.shared is not None:
        shared, shared_problems = _shared_for(group, kind)
        problems.extend(shared_problems)  # repeated per unit; Batch.problems lists them once
    if group.pemda is None:
        problems.append(
            Problem(
                SourceLocation.of(path),
                "",
                f"{PEMDA_FILE} di folder ini tidak valid; SKPD tidak bisa dibuat",
            )
        )
    if any(p.is_error for p in problems) or model is None or kind is None or group.pemda is None:
        group.failed[path] = problems
        return
    group.problems.extend(problems)  # warnings only
    group.agreements.append(LoadedAgreement(path, slug, kind, model, document, group.pemda, shared))


def _shared_for(group: PemdaGroup, kind: DataKind) -> tuple[LoadedShared | None, list[Problem]]:
    """The kind's shared file of this pemda, read and validated on first use only."""
    if kind.key in group.shared:
        return group.shared[kind.key]
    assert kind.shared is not None
    path = group.folder / kind.shared.file
    loaded = None
    if not path.is_file():
        problems = [
            Problem(
                SourceLocation.of(path),
                "",
                f"berkas bersama untuk {kind.title} tidak ditemukan di folder "
                f"{display_path(group.folder)}",
            )
        ]
    else:
        model, document, problems = validate_file(path, kind.shared.model)
        if model is not None and document is not None:
            problems.extend(figure_problems(model, document, path.parent))
        if model is not None and document is not None and not any(p.is_error for p in problems):
            loaded = LoadedShared(path, model, document)
    group.shared[kind.key] = (loaded, problems)
    return loaded, problems


def _detect_kind(document: YamlDocument) -> tuple[DataKind | None, list[Problem]]:
    data = document.data
    if not isinstance(data, dict):
        return None, [
            Problem(document.location(()), "", "isi berkas harus berupa pemetaan (kunci: nilai)")
        ]
    key = data.get("jenis", "perjanjian-kinerja")
    kind = kind_for(key) if isinstance(key, str) else None
    if kind is None:
        message = f"jenis dokumen {key!r} tidak dikenal{suggest(str(key), KINDS)}; pilihan: {', '.join(KINDS)}"
        return None, [Problem(document.location(("jenis",)), "jenis", message)]
    return kind, []


def _slug_of(path: Path, document: YamlDocument, problems: list[Problem]) -> str:
    data = document.data if isinstance(document.data, dict) else {}
    explicit = data.get("slug")
    atasan = data.get("atasan")
    candidate = explicit if isinstance(explicit, str) else path.stem
    if not isinstance(explicit, str) and isinstance(atasan, str) and atasan.strip():
        # A jabatan's PK belongs to its atasan's unit: `atasan: dinas-x/bidang-sd` → dinas-x.
        return _slug_of_atasan(atasan, document, problems) or path.stem
    try:
        return validate_slug(candidate)
    except ValueError as exc:
        where = ("slug",) if explicit else ()
        field_name = "slug" if explicit else ""
        hint = "" if explicit else " (ganti nama berkas)"
        problems.append(Problem(document.location(where), field_name, _message(exc) + hint))
        return path.stem


def _slug_of_atasan(atasan: str, document: YamlDocument, problems: list[Problem]) -> str | None:
    try:
        return validate_slug(atasan.strip().split("/")[0])
    except ValueError as exc:
        problems.append(Problem(document.location(("atasan",)), "atasan", _message(exc)))
        return None


def _check_duplicate_slugs(group: PemdaGroup) -> None:
    seen: dict[str, LoadedAgreement] = {}
    keep: list[LoadedAgreement] = []
    for agreement in group.agreements:
        key = f"{agreement.kind.key}/{agreement.name}"
        first = seen.get(key)
        if first is None:
            seen[key] = agreement
            keep.append(agreement)
            continue
        if agreement.jabatan_id:
            problem = Problem(
                agreement.document.location(("id",)),
                "id",
                f"PK {agreement.jabatan_id!r} unit {agreement.slug!r} sudah dipakai oleh "
                f"{first.path.name}; dua berkas akan menulis ke berkas keluaran yang sama",
            )
        else:
            problem = Problem(
                agreement.document.location(("slug",)),
                "slug",
                f"SKPD {agreement.slug!r} sudah dipakai oleh {first.path.name}; "
                "dua berkas akan menulis ke folder keluaran yang sama"
                + (
                    " (PK pejabat lain di unit yang sama diberi 'id')"
                    if agreement.kind.key == "perjanjian-kinerja"
                    else ""
                ),
            )
        group.failed[agreement.path] = [problem]
    group.agreements = keep


def validate_file(
    path: Path, model: type[BaseModel]
) -> tuple[Any, YamlDocument | None, list[Problem]]:
    """Read and validate one file against a model; (model or None, document, problems)."""
    document, problems = load_yaml(path)
    if document is None:
        return None, None, problems
    instance, model_problems = validate_document(document, model)
    problems.extend(model_problems)
    if any(p.is_error for p in problems):
        instance = None
    return instance, document, problems


def validate_document(
    document: YamlDocument, model: type[BaseModel], context: dict[str, Any] | None = None
) -> tuple[Any, list[Problem]]:
    """Validate plain YAML data against a model, translating every error to a Problem.

    `context` is what validators may need beyond the file (see
    `models.perjanjian.validation_context`)."""
    if not isinstance(document.data, dict):
        return None, [
            Problem(document.location(()), "", "isi berkas harus berupa pemetaan (kunci: nilai)")
        ]
    try:
        return model.model_validate(document.data, context=context), []
    except ValidationError as exc:
        return None, [
            Problem(
                document.location(tuple(error["loc"])),
                format_field_path(tuple(error["loc"])),
                _translate(error, model),
            )
            for error in exc.errors(include_url=False)
        ]


def _semantic_problems(
    document: YamlDocument, kind: DataKind, model: Any, group: PemdaGroup, path: Path
) -> Iterator[Problem]:
    folder_year = (
        path.parent.name if _YEAR_FOLDER.match(path.parent.name) else path.parent.parent.name
    )
    tahun = getattr(model, "tahun", None)
    if _YEAR_FOLDER.match(folder_year) and tahun is not None and int(folder_year) != tahun:
        yield Problem(
            document.location(("tahun",)),
            "tahun",
            f"tahun {tahun} tidak sama dengan folder {folder_year}",
        )
    if group.pemda is None:
        return
    for loc, message, severity in kind.check(model, group.pemda.model):
        yield Problem(document.location(loc), format_field_path(loc), message, severity)
    yield from figure_problems(model, document, path.parent)


def figure_problems(model: Any, document: YamlDocument, folder: Path) -> Iterator[Problem]:
    """Every figure (`gambar:`) of a file names an image beside it that can be read, as
    the logo is checked."""
    for loc, figure in _figures(model, ()):
        problem = image_problem(folder / figure)
        if problem is not None:
            where = (*loc, "gambar")
            yield Problem(document.location(where), format_field_path(where), f"berkas {problem}")


def _figures(value: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(field path, file) of every `gambar` in a validated model, however deep."""
    if isinstance(value, BaseModel):
        figure = getattr(value, "gambar", None)
        if isinstance(figure, str):
            yield loc, figure
        for name in type(value).model_fields:
            yield from _figures(getattr(value, name), (*loc, name))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _figures(item, (*loc, index))


def _message(exc: Exception) -> str:
    return exc.message() if isinstance(exc, PydanticCustomError) else str(exc)


_TYPE_MESSAGES = {
    "missing": "wajib diisi",
    "model_type": "harus berupa pemetaan (kunci: nilai)",
    "model_attributes_type": "harus berupa pemetaan (kunci: nilai)",
    "dict_type": "harus berupa pemetaan (kunci: nilai)",
    "list_type": "harus berupa daftar (butir diawali '- ')",
    "string_type": "harus berupa teks",
    "bool_type": "harus true atau false",
    "int_type": "harus berupa bilangan bulat",
}


def _translate(error: Any, root: type[BaseModel]) -> str:
    kind = error["type"]
    loc: FieldPath = tuple(error["loc"])
    if kind == "pkgen":
        return str(error["msg"])
    if kind == "extra_forbidden":
        key = str(loc[-1])
        known = _field_names(root, loc[:-1])
        return f"kunci {key!r} tidak dikenal{suggest(key, known)}" + (
            f"; kunci yang boleh: {', '.join(known)}" if known else ""
        )
    if kind == "too_short":
        minimum = error.get("ctx", {}).get("min_length", 1)
        return f"tidak boleh kosong: isi paling sedikit {minimum} butir"
    if kind in ("literal_error", "enum"):
        expected = error.get("ctx", {}).get("expected", "")
        return f"nilai {error.get('input')!r} tidak dikenal; pilihan: {expected}".replace(
            " or ", ", "
        )
    if kind in _TYPE_MESSAGES:
        return _TYPE_MESSAGES[kind]
    return str(error["msg"])


def _field_names(root: type[BaseModel], loc: FieldPath) -> list[str]:
    """Keys allowed at `loc` of the model, for typo suggestions."""
    annotation: Any = root
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(part, int):
            args = typing.get_args(annotation)
            annotation = args[0] if args else None
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            info = annotation.model_fields.get(part)
            annotation = info.annotation if info else None
        else:
            return []
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """`Model | None` -> `Model`; `Annotated[X, ...]` -> `X`."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = members[0] if len(members) == 1 else annotation
            if len(members) != 1:
                return annotation
        else:
            return annotation


__all__ = [
    "PEMDA_FILE",
    "Batch",
    "LoadedAgreement",
    "LoadedPemda",
    "PemdaGroup",
    "Severity",
    "discover",
    "load_batch",
    "skpd_files",
    "validate_document",
    "validate_file",
]
