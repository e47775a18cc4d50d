"""Lampiran context: labels by depth, section numbers, the kepala daerah's title."""

from __future__ import annotations

import pytest
from conftest import EXAMPLES

from generator.context.lampiran import _label, lampiran_context
from generator.context.naskah import kepala_daerah_title
from generator.data.loading import load_batch
from generator.data.models.common import Pemda


@pytest.mark.parametrize(
    ("depth", "number", "label"),
    [(1, 1, "1."), (1, 12, "12."), (2, 1, "a."), (2, 27, "aa."), (3, 2, "2)"), (4, 4, "d)")],
)
def test_item_labels_follow_the_depth(depth, number, label):
    assert _label(depth, number) == label


@pytest.mark.parametrize(
    ("pemerintah", "jabatan", "title"),
    [
        ("Pemerintah Kota Medan", "Wali Kota Medan", "Wali Kota"),
        ("Pemerintah Kabupaten Deli Serdang", "Bupati Deli Serdang", "Bupati"),
        ("Pemerintah Provinsi Sumatera Utara", "Gubernur Sumatera Utara", "Gubernur"),
        ("Pemerintah Kota Depok", "Pj. Wali Kota", "Kepala Daerah"),
    ],
)
def test_the_misi_column_names_the_kepala_daerah(pemerintah, jabatan, title):
    pemda = Pemda.model_validate(
        {
            "pemerintah": pemerintah,
            "tempat": "X",
            "kepala_daerah": {"nama": "N", "jabatan": jabatan},
        }
    )
    assert kepala_daerah_title(pemda) == title


def test_sections_are_numbered_as_present():
    agreement = load_batch([EXAMPLES / "sekretariat-dprd.yaml"]).agreements[0]
    pk, pemda = agreement.model, agreement.pemda.model
    full = lampiran_context(pk, pemda)
    assert full is not None
    assert (full.judul_penjelasan, full.judul_roadmap) == (
        "II. PENJELASAN INDIKATOR KINERJA",
        "III. ROADMAP MENUJU PENCAPAIAN TARGET",
    )
    without_narrative = pk.model_copy(
        update={"lampiran": pk.lampiran.model_copy(update={"penjelasan": []})}
    )
    short = lampiran_context(without_narrative, pemda)
    assert short is not None
    assert (short.judul_penjelasan, short.judul_roadmap) == (
        "",
        "II. ROADMAP MENUJU PENCAPAIAN TARGET",
    )
    assert lampiran_context(pk.model_copy(update={"lampiran": None}), pemda) is None
