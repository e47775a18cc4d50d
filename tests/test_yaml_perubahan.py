"""Starting a PK Perubahan from the web writes the `perubahan:` block into the SKPD file,
keeping its comments and order; the result validates as a revision."""

from __future__ import annotations

import datetime

from conftest import EXAMPLES

from generator.data.loading import load_agreement
from generator.workbook.yamlmerge import with_perubahan


def test_the_block_goes_after_tanggal_and_everything_else_is_kept(tmp_path):
    source = EXAMPLES / "sekretariat-dprd.yaml"
    old = source.read_text(encoding="utf-8")
    new = with_perubahan(
        old, source, 1, datetime.date(2022, 9, 15), "Penyesuaian target sesuai APBD Perubahan"
    )
    assert new.splitlines()[:12] == old.splitlines()[:12]
    assert "tanggal: Januari 2022\nperubahan:\n  nomor: 1\n  tanggal: 2022-09-15\n" in new
    assert "  alasan: Penyesuaian target sesuai APBD Perubahan\n" in new
    assert (
        new.replace(
            "perubahan:\n  nomor: 1\n  tanggal: 2022-09-15\n"
            "  alasan: Penyesuaian target sesuai APBD Perubahan\n",
            "",
        )
        == old
    )
    agreement, problems = load_agreement(source, new)
    assert [p for p in problems if p.is_error] == []
    assert agreement is not None and agreement.model.perubahan.nomor == 1
    assert agreement.model.perubahan.tanggal.day == 15


def test_a_second_revision_replaces_the_first_block(tmp_path):
    source = EXAMPLES / "sekretariat-dprd.yaml"
    first = with_perubahan(source.read_text(encoding="utf-8"), source, 1, "September 2022", "A")
    second = with_perubahan(first, source, 2, "November 2022", "Perubahan kedua")
    assert second.count("perubahan:") == 1
    assert "perubahan:\n  nomor: 2\n  tanggal: November 2022\n  alasan: Perubahan kedua\n" in second
