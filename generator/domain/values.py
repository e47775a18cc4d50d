"""Value types of the domain that every layer shares: a target as written, numbers in text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from generator.errors import invalid


@dataclass(frozen=True)
class Target:
    """A target as the data states it: a number, or a text such as a predikat (`B`).

    `stated_category` is the category written next to a number (`66 (B)`); it is only
    checked against the scale, never trusted: printed categories are always computed.
    """

    value: Decimal | None = None
    text: str | None = None
    stated_category: str | None = None
    percent: bool = False

    @property
    def is_number(self) -> bool:
        return self.value is not None

    def __str__(self) -> str:
        if self.value is not None:
            body = str(self.value) + ("%" if self.percent else "")
            return f"{body} ({self.stated_category})" if self.stated_category else body
        return self.text or ""


def parse_decimal_text(text: str) -> Decimal | None:
    """A number written as text: `2,90` (Indonesian) or `3.0644`; None if it is not one.

    Raises when the text is ambiguous: `1.000` could be one thousand or one.
    """
    text = text.strip().replace(" ", "")
    if re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+(,\d+)?", text) and "," in text:
        return Decimal(text.replace(".", "").replace(",", "."))
    if re.fullmatch(r"[-+]?\d+,\d+", text):
        return Decimal(text.replace(",", "."))
    if re.fullmatch(r"[-+]?\d{1,3}\.\d{3}", text):
        raise invalid(f"angka {text!r} meragukan: seribu ditulis 1000, satu koma nol ditulis 1,000")
    if re.fullmatch(r"[-+]?\d{1,3}(\.\d{3}){2,}", text):
        return Decimal(text.replace(".", ""))
    if re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", text):
        try:
            return Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
            return None
    return None
