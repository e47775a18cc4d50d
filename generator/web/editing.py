"""Direct editing of a PK in a form — who signs it, where and when (the signer changes
with a mutasi), targets, satuan and anggaran (adding and removing indikator and
programs) — validated by the same models and saved through the same YAML update
as an imported workbook (`generator.workbook.yamlmerge.updated_yaml`), which keeps the
file's comments, key order and every key the form does not show (ids, the lampiran).

The form works without JavaScript: "tambah" and "hapus" post the form, which comes back
with the row added or removed; only "Simpan" validates and saves.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import QueryDict

from generator.data.loading import validate_document
from generator.data.models.perjanjian import PerjanjianKinerja
from generator.data.yamlsource import FieldPath, YamlDocument
from generator.domain.formatting import MONTHS, format_number
from generator.domain.reference import SATUAN, SCALES
from generator.errors import Problem, SourceLocation
from generator.web.workspace import LoadedSkpd, Workspace
from generator.workbook.yamlmerge import MergeFailed, updated_yaml

MAX_ROWS = 300
SATUAN_CHOICES = ["", *SATUAN]
SKALA_CHOICES = ["", *SCALES]


@dataclass(frozen=True)
class IdentityField:
    """A value of the PK's identity shown in the form: where it is in the file, and how
    staff know it."""

    path: tuple[str, ...]
    label: str
    hint: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (value, label); empty: a text field
    wide: bool = False  # a long text (a name with titles, a jabatan)

    @property
    def name(self) -> str:
        return "id-" + "-".join(self.path)


IDENTITY_FIELDS = (
    IdentityField(
        ("pihak_pertama", "nama"), "Nama", "lengkap dengan gelar, persis seperti dicetak", wide=True
    ),
    IdentityField(("pihak_pertama", "jabatan"), "Jabatan", wide=True),
    IdentityField(("pihak_pertama", "pangkat"), "Pangkat", "misalnya Pembina"),
    IdentityField(("pihak_pertama", "golongan"), "Golongan", "misalnya IV/a"),
    IdentityField(("pihak_pertama", "nip"), "NIP", "18 angka"),
    IdentityField(
        ("pihak_pertama", "pelaksana"),
        "Kedudukan",
        choices=(("", "definitif"), ("plt", "Plt. (Pelaksana Tugas)"), ("plh", "Plh.")),
    ),
    IdentityField(
        ("pihak_pertama", "jabatan_definitif"),
        "Jabatan definitif",
        "hanya untuk Plt./Plh.",
        wide=True,
    ),
    IdentityField(("tempat",), "Tempat penandatanganan", "kosong: seperti pemda.yaml"),
    IdentityField(("tanggal",), "Tanggal penandatanganan", "Januari 2022, atau 10 Februari 2022"),
)
"""What the form edits of a PK's identity: the first party (replaced when the official
changes) and the signing place and date. The unit's letterhead and the second party
(the kepala daerah from pemda.yaml, or the atasan's PK) are not edited per PK."""


@dataclass
class IdentityValue:
    spec: IdentityField
    value: str | None = ""  # None: not in the posted form, the file's value stays
    errors: list[str] = field(default_factory=list)


@dataclass
class IndikatorRow:
    name: str  # form field prefix, e.g. `ind-0-1`
    origin: str  # `s.i` of the indikator in the file, '' for a new one
    uraian: str = ""
    satuan: str = ""
    skala: str = ""
    target: str = ""
    errors: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class SasaranRow:
    name: str
    origin: str
    uraian: str = ""
    indikator: list[IndikatorRow] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class ProgramRow:
    name: str
    origin: str
    nama: str = ""
    anggaran: str = ""
    keterangan: str = "APBD"
    errors: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class TargetForm:
    base: str  # SHA-256 of the text the form was made from
    identity: list[IdentityValue] = field(default_factory=list)
    sasaran: list[SasaranRow] = field(default_factory=list)
    program: list[ProgramRow] = field(default_factory=list)
    general: list[str] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return bool(
            self.general
            or any(v.errors for v in self.identity)
            or any(s.errors or any(i.errors for i in s.indikator) for s in self.sasaran)
            or any(p.errors for p in self.program)
        )


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return format_number(value)
    return str(value)


def _identity_shown(value: Any) -> str:
    """An identity value as staff write it: a NIP without separators, a date in words."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    return str(value)


def _at(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def form_from_file(loaded: LoadedSkpd) -> TargetForm:
    """The form filled with the file's values (numbers as Indonesians write them)."""
    data = loaded.agreement.document.data if loaded.agreement else {}
    form = TargetForm(base=loaded.sha256)
    form.identity = [IdentityValue(f, _identity_shown(_at(data, f.path))) for f in IDENTITY_FIELDS]
    for s, sasaran in enumerate(data.get("sasaran") or []):
        row = SasaranRow(f"s-{s}", str(s), _shown(sasaran.get("uraian")))
        for i, ind in enumerate(sasaran.get("indikator") or []):
            row.indikator.append(
                IndikatorRow(
                    f"i-{s}-{i}",
                    f"{s}.{i}",
                    _shown(ind.get("uraian")),
                    _shown(ind.get("satuan")),
                    _shown(ind.get("skala")),
                    _shown(ind.get("target")),
                )
            )
        form.sasaran.append(row)
    for p, program in enumerate(data.get("program") or []):
        form.program.append(
            ProgramRow(
                f"p-{p}",
                str(p),
                _shown(program.get("nama")),
                _shown(program.get("anggaran")),
                _shown(program.get("keterangan") or "APBD"),
            )
        )
    return form


def _count(post: QueryDict, name: str) -> int:
    try:
        return max(0, min(int(post.get(name, "0")), MAX_ROWS))
    except ValueError:
        return 0


def _get(post: QueryDict, name: str) -> str:
    return post.get(name, "").strip()


def form_from_post(post: QueryDict) -> TargetForm:
    """The form as posted, rows marked for removal left out; `aksi` adds a row."""
    form = TargetForm(base=_get(post, "versi"))
    form.identity = [
        IdentityValue(f, _get(post, f.name) if f.name in post else None) for f in IDENTITY_FIELDS
    ]
    action = _get(post, "aksi")
    for s in range(_count(post, "jumlah-sasaran")):
        prefix = f"s-{s}"
        row = SasaranRow(prefix, _get(post, f"{prefix}-asal"), _get(post, f"{prefix}-uraian"))
        for i in range(_count(post, f"{prefix}-jumlah")):
            name = f"i-{s}-{i}"
            if post.get(f"{name}-hapus") or action == f"hapus-{name}":
                continue
            row.indikator.append(
                IndikatorRow(
                    name,
                    _get(post, f"{name}-asal"),
                    uraian=_get(post, f"{name}-uraian"),
                    satuan=_get(post, f"{name}-satuan"),
                    skala=_get(post, f"{name}-skala"),
                    target=_get(post, f"{name}-target"),
                )
            )
        if action == f"tambah-{prefix}":
            row.indikator.append(IndikatorRow(f"i-{s}-{len(row.indikator)}-baru", ""))
        form.sasaran.append(row)
    for p in range(_count(post, "jumlah-program")):
        name = f"p-{p}"
        if post.get(f"{name}-hapus") or action == f"hapus-{name}":
            continue
        form.program.append(
            ProgramRow(
                name,
                _get(post, f"{name}-asal"),
                nama=_get(post, f"{name}-nama"),
                anggaran=_get(post, f"{name}-anggaran"),
                keterangan=_get(post, f"{name}-keterangan"),
            )
        )
    if action == "tambah-program":
        form.program.append(ProgramRow(f"p-{len(form.program)}-baru", ""))
    renumber(form)
    return form


def renumber(form: TargetForm) -> None:
    """Field names follow the rows' order again after rows were added or removed."""
    for s, row in enumerate(form.sasaran):
        row.name = f"s-{s}"
        for i, ind in enumerate(row.indikator):
            ind.name = f"i-{s}-{i}"
    for p, program in enumerate(form.program):
        program.name = f"p-{p}"


def _origin(items: list[Any], origin: str) -> dict[str, Any]:
    try:
        index = int(origin)
    except ValueError:
        return {}
    if 0 <= index < len(items) and isinstance(items[index], dict):
        return dict(items[index])
    return {}


def _copied(value: Any) -> Any:
    """A copy of plain YAML data: mappings and lists copied, scalars (immutable, some
    remembering how they were written) shared."""
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copied(item) for item in value]
    return value


def _set(item: dict[str, Any], key: str, value: str) -> None:
    if value:
        item[key] = value
    else:
        item.pop(key, None)


class _FormDocument(YamlDocument):
    """The form's data: a problem is located at the form field it concerns."""

    def __init__(self, loaded: LoadedSkpd, data: dict[str, Any], names: dict[FieldPath, str]):
        super().__init__(loaded.ref.path, data)
        self.names = names

    def location(self, loc: FieldPath) -> SourceLocation:
        for end in range(len(loc), -1, -1):
            name = self.names.get(tuple(loc[:end]))
            if name:
                return SourceLocation(self.path.name, None, name)
        return SourceLocation(self.path.name)


def _data(form: TargetForm, loaded: LoadedSkpd) -> tuple[dict[str, Any], dict[FieldPath, str]]:
    """The file's data with the form's sasaran, indikator and programs put in; and the form
    field of every field path (for errors)."""
    assert loaded.agreement is not None
    data = _copied(loaded.agreement.document.data)
    names: dict[FieldPath, str] = {}
    for shown in form.identity:
        if shown.value is None:
            continue
        *parents, key = shown.spec.path
        holder = data
        for parent in parents:
            if not isinstance(holder.get(parent), dict):
                holder[parent] = {}
            holder = holder[parent]
        if shown.value:
            old = holder.get(key)
            # An unchanged value keeps its type (a NIP written as a number stays one).
            if _identity_shown(old) != shown.value:
                holder[key] = shown.value
        else:
            holder.pop(key, None)
        names[shown.spec.path] = shown.spec.name
    old_sasaran = data.get("sasaran") or []
    sasaran_list = []
    for s, row in enumerate(form.sasaran):
        item = _origin(old_sasaran, row.origin)
        old_indikator = item.get("indikator") or []
        item["uraian"] = row.uraian or None
        names[("sasaran", s)] = row.name
        names[("sasaran", s, "uraian")] = f"{row.name}-uraian"
        names[("sasaran", s, "indikator")] = row.name
        indikator = []
        for i, ind in enumerate(row.indikator):
            origin = ind.origin.split(".")[-1] if ind.origin.startswith(f"{row.origin}.") else ""
            entry = _origin(old_indikator, origin)
            entry["uraian"] = ind.uraian or None
            _set(entry, "satuan", ind.satuan)
            _set(entry, "skala", ind.skala)
            entry["target"] = ind.target or None
            indikator.append(entry)
            names[("sasaran", s, "indikator", i)] = ind.name
            for key in ("uraian", "satuan", "skala", "target"):
                names[("sasaran", s, "indikator", i, key)] = f"{ind.name}-{key}"
        item["indikator"] = indikator
        sasaran_list.append(item)
    data["sasaran"] = sasaran_list
    old_program = data.get("program") or []
    program_list = []
    names[("program",)] = "program"
    for p, program in enumerate(form.program):
        item = _origin(old_program, program.origin)
        item["nama"] = program.nama or None
        item["anggaran"] = program.anggaran or None
        _set(item, "keterangan", program.keterangan)
        program_list.append(item)
        names[("program", p)] = program.name
        for key in ("nama", "anggaran", "keterangan"):
            names[("program", p, key)] = f"{program.name}-{key}"
    data["program"] = program_list
    return data, names


def _attach(form: TargetForm, problem: Problem) -> None:
    """Put an error beside its field, or at the top when no field shows it."""
    where = problem.location.where or ""
    message = problem.message
    for shown in form.identity:
        if shown.spec.name == where:
            shown.errors.append(message)
            return
    match = re.match(r"^(?:(i-\d+-\d+|s-\d+|p-\d+)-(\w+)|(i-\d+-\d+|s-\d+|p-\d+))$", where)
    if match:
        prefix = match.group(1) or match.group(3)
        key = match.group(2) or ""
        rows: list[Any] = [*form.sasaran, *form.program]
        rows += [i for s in form.sasaran for i in s.indikator]
        for row in rows:
            if row.name == prefix:
                row.errors.setdefault(key, []).append(message)
                return
    label = f"{problem.field}: " if problem.field else ""
    form.general.append(f"{label}{message}")


def form_to_text(workspace: Workspace, form: TargetForm, loaded: LoadedSkpd) -> str | None:
    """The file's new text when the form is valid (checked as a build loads it); None when
    not, with every error put on the form."""
    if loaded.agreement is None or not loaded.is_pk:
        form.general.append("data SKPD ini tidak valid; perbaiki berkasnya terlebih dahulu")
        return None
    data, names = _data(form, loaded)
    model, problems = validate_document(_FormDocument(loaded, data, names), PerjanjianKinerja)
    for problem in problems:
        _attach(form, problem)
    if model is None:
        return None
    try:
        text = updated_yaml(loaded.text, model, loaded.ref.path)
    except MergeFailed as exc:
        form.general.extend(str(p) for p in exc.problems)
        return None
    checked = workspace.load(loaded.ref, text)
    for problem in checked.errors:
        form.general.append(f"{problem.field + ': ' if problem.field else ''}{problem.message}")
    return None if checked.errors else text
