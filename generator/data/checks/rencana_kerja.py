"""Whole-file rules of a Rencana Kerja RB, beyond what each field validates.

Yields (field path, message, severity) like `generator.data.checks.perjanjian`; the loader locates them.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.data.checks.perjanjian import Finding
from generator.data.models.common import Pemda
from generator.data.models.rencana_kerja import RencanaKerjaRb
from generator.errors import Severity


def check_rencana_kerja(rk: RencanaKerjaRb, pemda: Pemda) -> Iterator[Finding]:
    """Tahapan that shade no month; a date outside the year."""
    for p, program in enumerate(rk.ratl):
        for k, kegiatan in enumerate(program.kegiatan):
            for t, tahapan in enumerate(kegiatan.tahapan):
                if not tahapan.bulan:
                    yield (
                        ("ratl", p, "kegiatan", k, "tahapan", t, "bulan"),
                        f"tahapan {tahapan.uraian!r} tidak punya bulan; "
                        "tidak ada bulan yang diarsir di RATL",
                        Severity.WARNING,
                    )
    if rk.kepala.nip is None and rk.kepala.asn is not False:
        yield (
            ("kepala",),
            f"NIP kepala ({rk.kepala.nama}) tidak diisi: baris NIP tidak dicetak; tulis 'nip', "
            "atau 'asn: false' bila pejabat ini bukan ASN",
            Severity.WARNING,
        )
    if rk.tanggal.year not in (rk.tahun - 1, rk.tahun):
        yield (
            ("tanggal",),
            f"tanggal {rk.tanggal} tidak sesuai dengan tahun {rk.tahun}",
            Severity.WARNING,
        )
