"""Rules that need the whole agreement and its pemda, beyond what each field validates.

Each rule yields (field path, message, severity); the loader turns them into located
problems. Field-level rules (a target's category against its scale, unique ids) live on
the models so they are reported together with every other field error.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.data.checks.lampiran import check_lampiran
from generator.data.models.common import Pemda
from generator.data.models.perjanjian import PerjanjianKinerja
from generator.data.models.types import SigningDate
from generator.data.yamlsource import FieldPath
from generator.domain.formatting import TERBILANG_LIMIT, format_number
from generator.errors import Severity

Finding = tuple[FieldPath, str, Severity]


def check_perjanjian(pk: PerjanjianKinerja, pemda: Pemda) -> Iterator[Finding]:
    """Semantic rules of a Perjanjian Kinerja."""
    yield from _nip_warnings(pk)
    if pk.tanggal.year not in (pk.tahun - 1, pk.tahun):
        yield (
            ("tanggal",),
            f"tanggal {pk.tanggal} tidak sesuai dengan tahun {pk.tahun}",
            Severity.WARNING,
        )
    yield from check_lampiran(pk)
    yield from _written_in_words(pk)
    if pk.perubahan is not None:
        revised = pk.perubahan.tanggal
        if revised.year != pk.tahun:
            yield (
                ("perubahan", "tanggal"),
                f"tanggal perubahan {revised} tidak sesuai dengan tahun {pk.tahun}",
                Severity.WARNING,
            )
        elif _earlier(revised, pk.tanggal):
            yield (
                ("perubahan", "tanggal"),
                f"tanggal perubahan {revised} lebih awal dari tanggal perjanjian semula "
                f"{pk.tanggal}",
                Severity.WARNING,
            )


def _written_in_words(pk: PerjanjianKinerja) -> Iterator[Finding]:
    """The total anggaran and the revision number are printed in words (terbilang), which
    exist only below 10^18: point at the program whose anggaran brings the total there."""
    largest = format_number(TERBILANG_LIMIT - 1)
    running = 0
    for index, program in enumerate(pk.program):
        running += program.anggaran
        if running >= TERBILANG_LIMIT:
            yield (
                ("program", index, "anggaran"),
                f"jumlah anggaran sampai program ini, {format_number(running)} rupiah, terlalu "
                f"besar untuk ditulis dengan huruf (terbilang); paling besar {largest}",
                Severity.ERROR,
            )
            break
    if pk.perubahan is not None and pk.perubahan.nomor >= TERBILANG_LIMIT:
        yield (
            ("perubahan", "nomor"),
            f"nomor perubahan terlalu besar untuk ditulis dengan huruf; paling besar {largest}",
            Severity.ERROR,
        )


def _earlier(a: SigningDate, b: SigningDate) -> bool:
    """Is `a` surely before `b`? Parts left out (the day, the month) are not compared."""
    for left, right in ((a.year, b.year), (a.month, b.month), (a.day, b.day)):
        if left is None or right is None:
            return False
        if left != right:
            return left < right
    return False


def _nip_warnings(pk: PerjanjianKinerja) -> Iterator[Finding]:
    """An ASN signs with a NIP: one left out prints no NIP line (never an invented one),
    which is worth a warning unless the data says the official is not an ASN. The kepala
    daerah (the default pihak kedua) has no NIP."""
    signers = [("pihak_pertama", "pihak pertama", pk.pihak_pertama)]
    if pk.pihak_kedua is not None:
        signers.append(("pihak_kedua", "pihak kedua", pk.pihak_kedua))
    for key, name, pejabat in signers:
        if pejabat.nip is None and pejabat.asn is not False:
            yield (
                (key,),
                f"NIP {name} ({pejabat.nama}) tidak diisi: baris NIP tidak dicetak; tulis "
                "'nip', atau 'asn: false' bila pejabat ini bukan ASN",
                Severity.WARNING,
            )
