"""How an import shows what it changes in a YAML file: the revision diff (`pkgen diff`).

One small function, so the importer does not depend on how changes are displayed. The old
and new YAML texts are validated like any agreement and compared item by item (targets,
anggaran with selisih, sasaran, indikator, programs, signers), each change pointing at
its line in the new file. The revision diff does not compare the lampiran (narrative,
roadmap, baseline, Renstra …): when that changed, the lines of the text diff follow. When
the old file does not validate, the text diff is all that is shown.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from generator.data.loading import PEMDA_FILE, validate_document, validate_file
from generator.data.models.common import Pemda
from generator.data.models.perjanjian import PerjanjianKinerja, validation_context
from generator.data.yamlsource import load_yaml
from generator.errors import display_path
from generator.revision.diff import Side, SkpdKey, diff_skpd
from generator.revision.report import change_lines

NO_CONTENT_CHANGE = "tidak ada perubahan isi; hanya penulisan YAML yang berbeda"


def yaml_changes(old_text: str | None, new_text: str, target: Path) -> list[str]:
    """The changes from the old to the new text of `target`, one line each (`~ Target: …:
    66 (B) → 70 (B) (file:line)`); empty for a new or unchanged file."""
    if old_text is None or old_text == new_text:
        return []
    pemda, _, _ = validate_file(target.parent / PEMDA_FILE, Pemda)
    old, new = _side(target, old_text, pemda), _side(target, new_text, pemda)
    if old is None or new is None:
        return text_changes(old_text, new_text, display_path(target))
    lines = change_lines(diff_skpd(SkpdKey("", target.stem), old, new))
    if _lampiran_of(old.model) != _lampiran_of(new.model):
        return lines + text_changes(old_text, new_text, display_path(target))
    return lines or [NO_CONTENT_CHANGE]


# Indikator fields that only the lampiran prints; the revision diff leaves them out.
_LAMPIRAN_FIELDS = ("baseline", "renstra", "misi", "formulasi", "komponen")


def _lampiran_of(pk: PerjanjianKinerja) -> object:
    """The parts of an agreement the revision diff does not compare."""
    fields = {
        indikator.id or indikator.uraian: tuple(getattr(indikator, f) for f in _LAMPIRAN_FIELDS)
        for sasaran in pk.sasaran
        for indikator in sasaran.indikator
    }
    return pk.lampiran, {key: value for key, value in fields.items() if any(value)}


def _side(target: Path, text: str, pemda: Pemda | None) -> Side | None:
    document, problems = load_yaml(target, text)
    if document is None or any(p.is_error for p in problems):
        return None
    context = validation_context(pemda, document.data)
    model, _ = validate_document(document, PerjanjianKinerja, context)
    return Side(model, pemda, document) if model is not None else None


def text_changes(old_text: str, new_text: str, name: str) -> list[str]:
    """Unified diff lines (`-` old, `+` new, with context)."""
    return [
        line.rstrip("\n")
        for line in difflib.unified_diff(
            old_text.splitlines(keepends=True),
            new_text.splitlines(keepends=True),
            fromfile=f"{name} (lama)",
            tofile=f"{name} (baru)",
            n=2,
        )
    ]
