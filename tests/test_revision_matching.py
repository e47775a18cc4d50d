"""Pairing the items of two versions of a list: by id, by equal text, by similar text."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from generator.revision.matching import (
    MATCH_THRESHOLD,
    SURE_THRESHOLD,
    MatchBasis,
    Pair,
    match_items,
    similarity,
)


@dataclass(frozen=True)
class Item:
    text: str
    id: str | None = None
    extra: str = ""


def match(old: list[Item], new: list[Item], **options):
    return match_items(old, new, ident=lambda i: i.id, text=lambda i: i.text, **options)


def test_the_thresholds_are_the_documented_ones():
    assert (MATCH_THRESHOLD, SURE_THRESHOLD) == (0.6, 0.9)


def test_texts_equal_up_to_case_punctuation_and_spacing_are_identical():
    assert similarity("Nilai SAKIP (Dinas)", "nilai  sakip dinas") == 1.0


def test_a_typo_in_one_word_keeps_texts_nearly_identical():
    score = similarity(
        "Nilai SAKIP Dinas Kesehatan Kota Medan", "Nilai AKIP Dinas Kesehatan Kota Medan"
    )
    assert score >= SURE_THRESHOLD


def test_a_reworded_text_is_similar_but_not_surely_the_same():
    score = similarity(
        "Indeks Kepuasan Masyarakat terhadap Pelayanan Puskesmas se-Kota Medan",
        "Indeks Kepuasan Masyarakat atas Pelayanan Puskesmas di Kota Medan",
    )
    assert MATCH_THRESHOLD <= score < SURE_THRESHOLD


def test_numbers_count_as_different_words():
    assert similarity("Angka Kematian per 100.000", "Angka Kematian per 1.000") < similarity(
        "Angka Kematian per 100.000", "Angka Kematian per 100.000 orang"
    )


def test_unrelated_texts_are_not_similar():
    assert (
        similarity(
            "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
            "Program Peningkatan Kapasitas Sumber Daya Manusia Kesehatan",
        )
        < MATCH_THRESHOLD
    )
    assert similarity("", "Program") == 0.0


def test_items_with_the_same_id_are_paired_whatever_their_text():
    result = match([Item("Program Lama", "p1")], [Item("Program Baru Sama Sekali", "p1")])
    assert result.pairs == (Pair(0, 0, MatchBasis.ID, result.pairs[0].score),)
    assert result.removed == result.added == ()


def test_items_with_different_ids_are_never_paired_even_with_equal_texts():
    result = match([Item("Nilai SAKIP", "a")], [Item("Nilai SAKIP", "b")])
    assert result.pairs == ()
    assert (result.removed, result.added) == ((0,), (0,))


def test_an_item_with_an_id_on_one_side_only_is_paired_by_its_text():
    result = match([Item("Nilai SAKIP")], [Item("Nilai SAKIP", "sakip")])
    assert result.pairs == (Pair(0, 0, MatchBasis.TEKS, 1.0),)


def test_a_reordered_list_pairs_every_item_with_itself():
    old = [Item("Nilai SAKIP"), Item("Indeks Kepuasan ASN"), Item("Indeks Kepuasan DPRD")]
    result = match(old, list(reversed(old)))
    assert [(p.old, p.new, p.basis) for p in result.pairs] == [
        (2, 0, MatchBasis.TEKS),
        (1, 1, MatchBasis.TEKS),
        (0, 2, MatchBasis.TEKS),
    ]


def test_a_small_rewording_is_paired_surely():
    result = match(
        [Item("Jumlah Puskesmas yang terakreditasi Paripurna")],
        [Item("Jumlah Puskesmas terakreditasi paripurna")],
    )
    (pair,) = result.pairs
    assert pair.basis is MatchBasis.KEMIRIPAN and pair.yakin


def test_a_larger_rewording_is_paired_but_marked_unsure():
    result = match(
        [Item("Angka keberhasilan pengobatan Tuberkulosis (success rate)")],
        [Item("Angka keberhasilan pengobatan TBC (success rate)")],
    )
    (pair,) = result.pairs
    assert pair.basis is MatchBasis.KEMIRIPAN
    assert MATCH_THRESHOLD <= pair.score < SURE_THRESHOLD
    assert not pair.yakin


def test_texts_below_the_threshold_are_one_removed_and_one_added():
    result = match([Item("Prevalensi stunting pada balita")], [Item("Persentase balita stunting")])
    assert result.pairs == ()
    assert (result.removed, result.added) == ((0,), (0,))


def test_the_best_scoring_pairs_are_taken_first_one_to_one():
    old = [Item("Indeks Kepuasan DPRD terhadap Pelayanan"), Item("Nilai SAKIP Sekretariat")]
    new = [Item("Nilai SAKIP Sekretariat DPRD"), Item("Indeks Kepuasan DPRD atas Pelayanan")]
    result = match(old, new)
    assert [(p.old, p.new) for p in result.pairs] == [(1, 0), (0, 1)]


def test_a_pair_with_a_nearly_as_good_rival_is_unsure_even_above_the_sure_threshold():
    old = [
        Item(
            "Indeks Kepuasan DPRD terhadap Pelayanan Administrasi Umum Sekretariat DPRD Kota Medan"
        )
    ]
    new = [
        Item("Indeks Kepuasan DPRD terhadap Pelayanan Administrasi Umum Sekretariat DPRD"),
        Item(
            "Indeks Kepuasan ASN terhadap Pelayanan Administrasi Umum Sekretariat DPRD Kota Medan"
        ),
    ]
    result = match(old, new)
    (pair,) = result.pairs
    assert pair.score >= SURE_THRESHOLD
    assert not pair.yakin
    assert result.added == (1 - pair.new,)


def test_equal_scores_follow_the_callers_preference_then_the_closer_position():
    old = [
        Item("Program Upaya Kesehatan", extra="APBD"),
        Item("Program Upaya Kesehatan", extra="DAK"),
    ]
    new = [
        Item("Program Upaya Kesehatan", extra="DAK"),
        Item("Program Upaya Kesehatan", extra="APBD"),
    ]
    preferred = match(old, new, prefer=lambda a, b: 1.0 if a.extra == b.extra else 0.0)
    assert [(p.old, p.new) for p in preferred.pairs] == [(1, 0), (0, 1)]
    by_position = match(old, new)
    assert [(p.old, p.new) for p in by_position.pairs] == [(0, 0), (1, 1)]


@pytest.mark.parametrize("support", [1.0, 0.0])
def test_support_can_only_raise_a_score(support):
    old, new = [Item("Meningkatnya derajat kesehatan")], [Item("Derajat kesehatan masyarakat naik")]
    plain = similarity(old[0].text, new[0].text)
    result = match(old, new, support=lambda a, b: support)
    score = result.pairs[0].score if result.pairs else None
    if support == 1.0:
        assert score == pytest.approx((plain + 1.0) / 2)
    else:
        assert score is None or score == pytest.approx(plain)
