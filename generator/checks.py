"""Rules that need the whole agreement and its pemda, beyond what each field validates.

Each rule yields (field path, message, severity); the loader turns them into located
problems. Field-level rules (a target's category against its scale, unique ids) live on
the models so they are reported together with every other field error.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.errors import Severity
from generator.lampiran_checks import check_lampiran
from generator.models.common import Pemda
from generator.models.perjanjian import PerjanjianKinerja
from generator.yamlsource import FieldPath

Finding = tuple[FieldPath, str, Severity]


def check_perjanjian(pk: PerjanjianKinerja, pemda: Pemda) -> Iterator[Finding]:
    """Semantic rules of a Perjanjian Kinerja."""
    if pk.pihak_pertama.pangkat is None:
        yield ("pihak_pertama", "pangkat"), "pangkat pihak pertama tidak diisi", Severity.WARNING
    if pk.tanggal.year not in (pk.tahun - 1, pk.tahun):
        yield (
            ("tanggal",),
            f"tanggal {pk.tanggal} tidak sesuai dengan tahun {pk.tahun}",
            Severity.WARNING,
        )
    yield from check_lampiran(pk)
