"""Value types of the domain that every layer shares: a target as written, numbers in text.

A target is what a PK's Target column says, in the forms real PKs use:

* a number, with or without a unit word: `66`, `85,5%`, `18 jenis`, `162.081 pemeriksaan`,
  possibly bounded: `≤ 60 menit`, `≥ 80%`;
* a range: `60-75 %`, `3 sd 6 hari`, `1 s.d. 3 hari`, `3–6 hari`;
* a word: `Paripurna`, `WTP`, `Tersedia`, or a category of a scale (`B`);
* a number with its category: `66 (B)`, `B (88,30)` (the category is only checked).

`parse_target` reads the text; which reading of `162.081` is meant (a count of 162 081, or
the decimal 162,081) depends on the indikator's unit, so the parser marks such numbers and
`calculations.checked_target` settles them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from generator.domain.reference import known_satuan
from generator.errors import invalid


class TargetForm(StrEnum):
    NUMBER = "angka"  # 66, 85,5%, 18 jenis
    RANGE = "rentang"  # 60-75%, 3 sd 6 hari
    TEXT = "teks"  # Paripurna, WTP, or a category (B)


RANGE_SEPARATORS = ("-", "–", "sd", "s.d.", "s/d")
"""How a range is joined, as pemda write it; `rentang` styles of pemda.yaml choose one."""

_WORD_SEPARATORS = {"sd": "sd", "s.d": "s.d.", "s.d.": "s.d.", "s/d": "s/d", "sampai": "sampai"}


@dataclass(frozen=True)
class Target:
    """A target as the data states it (see the module doc for the forms).

    `value` is the number, or the low end of a range (`upper` its high end, `separator`
    how the range was joined); `unit` is a unit written in the target itself (`%`,
    `jenis`); `bound` a comparison written before a number (`≤`, `≥`, `<`, `>`: at most
    60 minutes); `text` a word or category. `stated_category` is the category written next
    to a number (`66 (B)`): checked against the scale, never trusted, since printed
    categories are always computed. `dotted` marks numbers written `162.081` (low end,
    high end), whose reading depends on the unit; only the parser sets it.
    """

    value: Decimal | None = None
    text: str | None = None
    stated_category: str | None = None
    unit: str | None = None
    upper: Decimal | None = None
    separator: str | None = None
    bound: str | None = None
    dotted: tuple[bool, bool] = field(default=(False, False), compare=False, repr=False)

    @property
    def form(self) -> TargetForm:
        if self.value is None:
            return TargetForm.TEXT
        return TargetForm.RANGE if self.upper is not None else TargetForm.NUMBER

    @property
    def is_number(self) -> bool:
        return self.form is TargetForm.NUMBER

    @property
    def percent(self) -> bool:
        """Written with `%` (`85,5%`, `60-75 %`)."""
        return self.unit == "%"

    @property
    def numbers(self) -> tuple[Decimal, ...]:
        """The number, or both ends of a range."""
        return tuple(n for n in (self.value, self.upper) if n is not None)

    def __str__(self) -> str:
        """The target written so that `parse_target` reads it back the same, whatever the
        unit (a decimal such as 3,064 keeps its comma: `3.064` could mean 3064)."""
        return self.written()

    def written(self, *, comma: bool = False) -> str:
        """`str(target)`; with `comma`, every decimal written with a comma (`2,90`), as
        staff type it in a spreadsheet."""
        if self.value is None:
            return self.text or ""

        def number(value: Decimal) -> str:
            return format(value, "f").replace(".", ",") if comma else plain_number(value)

        body = (f"{self.bound} " if self.bound else "") + number(self.value)
        if self.upper is not None:
            separator = self.separator or "-"
            joint = separator if separator in ("-", "–") else f" {separator} "
            body += joint + number(self.upper)
        if self.unit:
            body += self.unit if self.unit == "%" else f" {self.unit}"
        return f"{body} ({self.stated_category})" if self.stated_category else body

    @property
    def is_plain_number(self) -> bool:
        """A bare number (no unit, category or range): what a YAML or spreadsheet number
        holds as it is."""
        return self.is_number and not self.unit and not self.stated_category and not self.bound


def plain_number(value: Decimal) -> str:
    """A number without grouping, read back the same: `2.90`, `66`, and `3,064` with a
    comma where a dot would look like a thousands separator."""
    text = format(value, "f")
    return text.replace(".", ",") if is_dotted(text) else text


_DOTTED = re.compile(r"[-+]?\d{1,3}\.\d{3}")


def is_dotted(text: str) -> bool:
    """`162.081`, `1.000`: a dot then three digits reads as thousands or as decimals."""
    return bool(_DOTTED.fullmatch(text.strip()))


def parse_decimal_text(text: str) -> Decimal | None:
    """A number written as text: `2,90` (Indonesian) or `3.0644`; None if it is not one.

    Raises when the text is ambiguous: `1.000` could be one thousand or one.
    """
    number = _number(text)
    if number is None:
        return None
    value, dotted = number
    if dotted:
        raise invalid(
            f"angka {text.strip()!r} meragukan: seribu ditulis 1000, satu koma nol ditulis 1,000"
        )
    return value


def _number(text: str) -> tuple[Decimal, bool] | None:
    """A number and whether it is `dotted` (then read as a decimal), or None."""
    text = text.strip().replace(" ", "")
    if is_dotted(text):
        return Decimal(text), True
    if re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+(,\d+)?", text) and "," in text:
        return Decimal(text.replace(".", "").replace(",", ".")), False
    if re.fullmatch(r"[-+]?\d+,\d+", text):
        return Decimal(text.replace(",", ".")), False
    if re.fullmatch(r"[-+]?\d{1,3}(\.\d{3}){2,}", text):
        return Decimal(text.replace(".", "")), False
    if re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", text):
        try:
            return Decimal(text), False
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
            return None
    return None


_NUMBER = r"\d[\d.,]*\d|\d"
_UNIT = r"%|[^\W\d_][^()]*?"
_SEPARATOR = r"-|–|—|s\.\s?d\.?|s/d|sd|sampai(?:\s+dengan)?|hingga"
_RANGE = re.compile(
    rf"(?P<low>{_NUMBER})\s*(?P<low_unit>{_UNIT})?\s*(?P<sep>{_SEPARATOR})\s*"
    rf"(?P<high>{_NUMBER})\s*(?P<unit>{_UNIT})?",
    re.IGNORECASE,
)
_WITH_UNIT = re.compile(rf"(?P<num>[-+]?(?:{_NUMBER}))\s*(?P<unit>{_UNIT})")
_CATEGORY = r"[^\W\d_][\w +-]{0,29}?"
_BOUND = re.compile(r"(?P<bound>≤|≥|<=|>=|<|>)\s*(?P<rest>\d.*)")
_BOUNDS = {"<=": "≤", ">=": "≥"}
_NUMBER_THEN_CATEGORY = re.compile(rf"(?P<num>[^()]+?)\s*\((?P<cat>{_CATEGORY})\)")
_CATEGORY_THEN_NUMBER = re.compile(rf"(?P<cat>{_CATEGORY})\s*\((?P<num>[^()]+)\)")


def parse_target(text: str) -> Target:
    """Read a target written as text (see the module doc); a text that is no number,
    range or number with its category is a word (`Paripurna`).

    Raises (`invalid`) for a range whose ends carry different units.
    """
    text = " ".join(text.split())
    bounded = _BOUND.fullmatch(text)
    if bounded:
        inner = parse_target(bounded.group("rest"))
        if inner.is_number and not inner.stated_category:
            bound = bounded.group("bound")
            return replace(inner, bound=_BOUNDS.get(bound, bound))
        return Target(text=text)
    for pattern in (_NUMBER_THEN_CATEGORY, _CATEGORY_THEN_NUMBER):
        match = pattern.fullmatch(text)
        if match:
            number = _number_with_percent(match.group("num"))
            if number is not None:
                return replace(number, stated_category=match.group("cat").strip())
    number = _number_with_percent(text)
    if number is not None:
        return number
    match = _RANGE.fullmatch(text)
    if match:
        return _range(match)
    match = _WITH_UNIT.fullmatch(text)
    if match:
        parsed = _number(match.group("num"))
        if parsed is not None:
            return Target(
                value=parsed[0], unit=_unit(match.group("unit")), dotted=(parsed[1], False)
            )
    return Target(text=text)


def _number_with_percent(text: str) -> Target | None:
    text = text.strip()
    percent = text.endswith("%")
    parsed = _number(text.removesuffix("%"))
    if parsed is None:
        return None
    return Target(value=parsed[0], unit="%" if percent else None, dotted=(parsed[1], False))


def _range(match: re.Match[str]) -> Target:
    low, high = _number(match.group("low")), _number(match.group("high"))
    if low is None or high is None:
        return Target(text=match.group(0))
    low_unit, unit = match.group("low_unit"), match.group("unit")
    low_unit, unit = (_unit(low_unit) if low_unit else None), (_unit(unit) if unit else None)
    if low_unit and unit and low_unit != unit:
        raise invalid(
            f"rentang {match.group(0)!r}: kedua ujungnya bersatuan berbeda "
            f"({low_unit!r} dan {unit!r})"
        )
    separator = match.group("sep").lower()
    separator = "–" if separator == "—" else _WORD_SEPARATORS.get(separator.replace(" ", ""))
    if separator is None:
        separator = "-" if match.group("sep") == "-" else match.group("sep").lower()
    return Target(
        value=low[0],
        upper=high[0],
        unit=unit or low_unit,
        separator=separator,
        dotted=(low[1], high[1]),
    )


def _unit(text: str) -> str:
    text = " ".join(text.split())
    return known_satuan(text) or text


def read_dotted(target: Target, *, thousands: bool) -> Target:
    """The target with its dotted numbers read as thousands (`162.081` = 162081) or as
    written decimals (`3.064` = 3,064); no number is dotted afterwards."""
    if not any(target.dotted):
        return target
    if not thousands:
        return replace(target, dotted=(False, False))

    def scaled(number: Decimal | None, dotted: bool) -> Decimal | None:
        if number is None or not dotted:
            return number
        return (number * 1000).quantize(Decimal(1))

    return replace(
        target,
        value=scaled(target.value, target.dotted[0]),
        upper=scaled(target.upper, target.dotted[1]),
        dotted=(False, False),
    )
