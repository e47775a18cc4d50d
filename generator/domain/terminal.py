"""Tables printed on a terminal keep every value whole (pure: measuring, no printing).

A table saved with `pkgen diff … > perubahan.txt` used to wrap at 80 columns and fold
`Rp. 107.458.861.163` into `Rp. 107.458.8` / `61.163`: the saved text showed wrong
amounts. The rules, applied by the CLI and the diff report:

- printed to a pipe or a file, the console is as wide as the longest line (`WIDE`): a
  table is never wrapped at all;
- on a terminal, a column is never narrower than the longest value in it that must stay
  whole (`whole_width`): a number with its category (`3,0644 (B)`), a rupiah amount, a
  NIP, a date, a file:line; single words stay whole anyway (the table measures them);
- when such a table does not fit the terminal (`fits`), the caller prints the rows as
  plain lines instead, which the terminal may wrap but never cuts inside a value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# Wider than any line pkgen prints: a console this wide never wraps a table.
WIDE = 10_000

_MONTH = "Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember"
# Values made of several words that must not be broken between them.
WHOLE_VALUE = re.compile(
    r"(?<![\w.,])(?:"
    + "|".join(
        (
            r"[+\-−]?Rp\.? ?\d[\d.]*(?:,\d+)?",  # Rp. 107.458.861.163, +Rp. 250.000.000
            r"\d{8} \d{6} \d \d{3}",  # NIP 19790317 199912 1 001
            rf"(?:\d{{1,2}} )?(?:{_MONTH}) \d{{4}}",  # 15 September 2022, Januari 2022
            # 3,0644 (B), 60-75 %, 3 sd 6, ≤ 60
            r"(?:[<>≤≥] ?)?\d[\d.,]*(?: ?(?:s\.d\.|sd|s/d|-|–) ?\d[\d.,]*)?(?: ?%)?"
            r"(?: \([A-Z]{1,3}\))?",
        )
    )
    + ")"
)


def whole_values(text: str) -> list[str]:
    """The values in `text` that must stay on one line (those of more than one word)."""
    return [m.group(0) for m in WHOLE_VALUE.finditer(text) if " " in m.group(0).strip()]


def whole_width(texts: Iterable[str]) -> int:
    """The narrowest a column of `texts` may be: its longest value to keep whole (0 when
    there is none; single words are kept whole by the table itself)."""
    return max((len(v.strip()) for t in texts for v in whole_values(t)), default=0)


def fits(console: Any, table: Any) -> bool:
    """Whether `table` (a rich Table) fits `console` with no column below its minimum,
    i.e. without cutting a word or a value kept whole."""
    # Measured without the console's limit (a measure within it is clamped to it).
    measurement = table.__rich_measure__(console, console.options.update_width(WIDE))
    return bool(measurement.minimum <= console.width)
