"""Pair the items of an old and a new list (sasaran, indikator, programs) one to one.

Rules, in order:

1. **Stable id.** Items with the same `id` on both sides are the same item, whatever their
   text (a renamed program keeps its id). Two items that both have an id, and different
   ones, are never paired: the data says they are different items.
2. **Same text.** Items whose text is equal after normalising case, punctuation and
   spacing are the same item (`MatchBasis.TEKS`).
3. **Similar text.** Otherwise the similarity of the texts (`similarity`, 0–1) decides:
   pairs scoring at least `MATCH_THRESHOLD` are taken greedily, best score first (ties:
   the caller's preference, e.g. the same target; then the closer position), so that each
   item is used once. A pair is *sure* (`Pair.yakin`) when it scored at least
   `SURE_THRESHOLD` and no other candidate of either item came within `AMBIGUITY_MARGIN`
   of its score; an unsure pair is still paired, and reported as "mungkin sama dengan …".

Items left over are removed (old side) or added (new side). Order never matters: a list
that was only reordered pairs every item with itself.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

T = TypeVar("T")

MATCH_THRESHOLD = 0.6
"""Below this similarity two texts are different items (one removed, one added)."""

SURE_THRESHOLD = 0.9
"""From this similarity on, a pairing by text is sure (small rewording, a typo)."""

AMBIGUITY_MARGIN = 0.05
"""A pair whose item has another candidate this close to its score is unsure."""


class MatchBasis(StrEnum):
    """Why two items were paired."""

    ID = "id"
    TEKS = "teks"
    KEMIRIPAN = "kemiripan"


@dataclass(frozen=True)
class Pair:
    """Old item `old` and new item `new` (indexes) are the same item."""

    old: int
    new: int
    basis: MatchBasis
    score: float
    """Similarity of the two texts (1.0 when equal); informative for id pairs."""
    yakin: bool = True


@dataclass(frozen=True)
class Matching:
    pairs: tuple[Pair, ...]
    removed: tuple[int, ...]
    """Indexes of old items without a partner."""
    added: tuple[int, ...]
    """Indexes of new items without a partner."""

    def partner_of_new(self, new: int) -> Pair | None:
        return next((p for p in self.pairs if p.new == new), None)


_NON_WORD = re.compile(r"[^\w]+")


def normalise(text: str) -> str:
    """Lower case, punctuation as spaces, single spaces: the text as compared."""
    return " ".join(_NON_WORD.sub(" ", text.lower()).split())


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0–1 (1.0: equal once normalised).

    The mean of two ratios on the normalised texts: the character ratio of
    `difflib.SequenceMatcher` (small edits) and the Dice coefficient of their words,
    `2·common / (words of a + words of b)` (words reordered, added or dropped), where two
    words are common when equal or, for words of 4 letters or more, nearly equal (a typo:
    character ratio ≥ `WORD_TYPO_RATIO`); numbers must be equal.
    """
    left, right = normalise(a), normalise(b)
    if left == right:
        return 1.0
    if not left or not right:
        return 0.0
    characters = difflib.SequenceMatcher(None, left, right, autojunk=False).ratio()
    return (characters + _word_dice(left.split(), right.split())) / 2


WORD_TYPO_RATIO = 0.8


def _word_dice(left: list[str], right: list[str]) -> float:
    remaining = Counter(right)
    unmatched: list[str] = []
    common = 0
    for word in left:
        if remaining[word] > 0:
            remaining[word] -= 1
            common += 1
        else:
            unmatched.append(word)
    others = [w for w in remaining.elements() if not w.isdigit() and len(w) >= 4]
    for word in unmatched:
        if word.isdigit() or len(word) < 4:
            continue
        ratios = [difflib.SequenceMatcher(None, word, other).ratio() for other in others]
        best = max(range(len(others)), key=ratios.__getitem__, default=None)
        if best is not None and ratios[best] >= WORD_TYPO_RATIO:
            others.pop(best)
            common += 1
    return 2 * common / (len(left) + len(right))


@dataclass(frozen=True)
class _Candidate:
    old: int
    new: int
    score: float
    prefer: float


def match_items(
    old: Sequence[T],
    new: Sequence[T],
    *,
    ident: Callable[[T], str | None],
    text: Callable[[T], str],
    support: Callable[[T, T], float] | None = None,
    prefer: Callable[[T, T], float] | None = None,
) -> Matching:
    """Pair `old` and `new` items by the rules of this module.

    `ident` gives an item's stable id (or None), `text` the text compared. `support`
    (0–1, optional) is further evidence two items are the same, e.g. the share of
    indikator two sasaran have in common: the score becomes the better of the text
    similarity and the mean of similarity and support. `prefer` (0–1, optional) only
    breaks ties between equal scores (e.g. the same target).
    """
    pairs: list[Pair] = []
    old_ids = {ident(item): index for index, item in enumerate(old) if ident(item) is not None}
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    for new_index, item in enumerate(new):
        key = ident(item)
        if key is not None and key in old_ids:
            old_index = old_ids[key]
            score = similarity(text(old[old_index]), text(item))
            pairs.append(Pair(old_index, new_index, MatchBasis.ID, score))
            taken_old.add(old_index)
            taken_new.add(new_index)

    candidates: list[_Candidate] = []
    for i, old_item in enumerate(old):
        if i in taken_old:
            continue
        for j, new_item in enumerate(new):
            if j in taken_new or (ident(old_item) is not None and ident(new_item) is not None):
                continue
            score = similarity(text(old_item), text(new_item))
            if support is not None and score < 1.0:
                score = max(score, (score + support(old_item, new_item)) / 2)
            if score >= MATCH_THRESHOLD:
                bias = prefer(old_item, new_item) if prefer is not None else 0.0
                candidates.append(_Candidate(i, j, score, bias))
    candidates.sort(key=lambda c: (-c.score, -c.prefer, abs(c.old - c.new), c.old, c.new))

    for candidate in candidates:
        if candidate.old in taken_old or candidate.new in taken_new:
            continue
        if candidate.score == 1.0:
            pairs.append(Pair(candidate.old, candidate.new, MatchBasis.TEKS, 1.0))
        else:
            # A rival is another still-free partner of either item, scoring nearly as well.
            rivals = [
                c
                for c in candidates
                if c is not candidate
                and (
                    (c.old == candidate.old and c.new not in taken_new)
                    or (c.new == candidate.new and c.old not in taken_old)
                )
                and candidate.score - c.score < AMBIGUITY_MARGIN
            ]
            sure = candidate.score >= SURE_THRESHOLD and not rivals
            pairs.append(
                Pair(candidate.old, candidate.new, MatchBasis.KEMIRIPAN, candidate.score, sure)
            )
        taken_old.add(candidate.old)
        taken_new.add(candidate.new)

    pairs.sort(key=lambda p: p.new)
    return Matching(
        pairs=tuple(pairs),
        removed=tuple(i for i in range(len(old)) if i not in taken_old),
        added=tuple(j for j in range(len(new)) if j not in taken_new),
    )
