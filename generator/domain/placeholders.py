"""Named placeholders in text shared by every unit of a pemda: `{unit}`, `{tahun}`, …

Shared text (the BAB I–IV body of the Rencana Kerja RB, the default Menimbang/Mengingat
and diktum) is written once per pemda and names the unit only through these
placeholders. They are replaced by plain string substitution in a single pass — never by
a template engine: data is text, so `{{ x }}`, `{% … %}` or a unit name that happens to
contain `{tahun}` come out literally.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

PLACEHOLDERS: dict[str, str] = {
    "unit": "nama unit kerja, misalnya 'Dinas Perdagangan dan Perindustrian Kota Depok'",
    "jabatan": "jabatan kepala unit kerja, misalnya 'Kepala Dinas Perdagangan dan Perindustrian Kota Depok'",
    "tahun": "tahun rencana kerja, misalnya 2022",
    "pemda": "nama pemerintah daerah, misalnya 'Pemerintah Kota Depok'",
    "daerah": "nama daerah tanpa 'Pemerintah', misalnya 'Kota Depok'",
    "tempat": "tempat penetapan, misalnya 'Depok'",
    "judul": "judul rencana kerja (sudah diisi)",
}

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def placeholders_in(text: str) -> list[str]:
    """The placeholder names a text uses, in order of appearance."""
    return [match.group(1) for match in _PLACEHOLDER.finditer(text)]


def unknown_placeholder(text: str, allowed: Collection[str]) -> str | None:
    """The first placeholder in `text` that is not in `allowed`, or None."""
    for name in placeholders_in(text):
        if name not in allowed:
            return name
    return None


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace every `{name}` by its value, once; substituted values are not scanned again.

    A name without a value is left as written (validation rejects unknown names first).
    """
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)
