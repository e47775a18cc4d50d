"""Indonesian formatting for Perjanjian Kinerja documents, used as Jinja filters.

Every function here is pure and locale-explicit: nothing reads or changes the process locale
(``locale.setlocale`` is never called). Numbers are ``decimal.Decimal`` or ``int`` only; a
``float`` raises ``TypeError`` because it has already lost the precision staff typed (a target
of ``2,90`` must print as ``2,90``, never ``2,9`` or ``2,8999999``).

Conventions (see the "Numbers, money, dates, names" section of the domain notes):

* numbers use ``.`` for thousands and ``,`` for decimals, keeping the fraction digits written;
* rupiah are whole amounts, in one of the styles of :class:`RupiahStyle`;
* *terbilang* is the amount in lowercase Indonesian words ("satu juta seribu");
* months are Indonesian, short forms as used in monthly grids (``Ags``, not Babel's ``Agu``);
* a NIP prints grouped 8-6-1-3; lampiran sections use roman numerals; diktum use ordinal words.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable
from decimal import Decimal, localcontext
from enum import StrEnum

from babel.numbers import format_decimal

from generator.domain.reference import Band, SatuanDisplay, satuan_info
from generator.domain.values import Target

__all__ = [
    "MONTHS",
    "MONTHS_SHORT",
    "TEMPLATE_FILTERS",
    "CategoryDisplay",
    "RangeStyle",
    "RupiahStyle",
    "day_room",
    "format_date",
    "format_month_year",
    "format_nip",
    "format_number",
    "format_partial_date",
    "format_percent",
    "format_place_date",
    "format_rupiah",
    "format_target",
    "letter",
    "month_name",
    "month_short",
    "ordinal_word",
    "roman",
    "terbilang",
    "terbilang_rupiah",
]

_LOCALE = "id"

MONTHS: tuple[str, ...] = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

MONTHS_SHORT: tuple[str, ...] = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Mei",
    "Jun",
    "Jul",
    "Ags",
    "Sep",
    "Okt",
    "Nov",
    "Des",
)


# --------------------------------------------------------------------------- input checks


def _require_int(value: object, name: str = "value") -> int:
    """Return ``value`` if it is a real int (not bool, not float), else raise TypeError."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}: {value!r}")
    return value


def _require_number(value: object) -> Decimal:
    """Convert an int or finite Decimal to Decimal; floats and other types raise TypeError."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise TypeError(
            f"expected Decimal or int, got {type(value).__name__}: {value!r}"
            + (" (floats lose precision; use Decimal)" if isinstance(value, float) else "")
        )
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"cannot format a non-finite number: {value!r}")
    return number


def _require_whole(value: object) -> int:
    """Return a whole amount as int from an int or integral Decimal (else Type/ValueError)."""
    number = _require_number(value)
    if number != number.to_integral_value():
        raise ValueError(f"amount must be whole rupiah, got {value!r}")
    return int(number)


# --------------------------------------------------------------------------- numbers


def format_number(value: Decimal | int) -> str:
    """Format with Indonesian grouping (1.234.567,891), keeping the Decimal's fraction digits."""
    number = _require_number(value)
    # By the exact text: Decimal("2.90") == Decimal("2.9"), but they print differently.
    return _format_decimal_text(str(number))


@functools.lru_cache(maxsize=4096)
def _format_decimal_text(text: str) -> str:
    """Babel is slow (≈70 µs a number) and documents repeat the same targets many times."""
    number = Decimal(text)
    if number.is_zero():
        number = number.copy_abs()  # no "-0" / "-0,0"
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)  # finite, checked above
    places = max(0, -exponent)
    pattern = "#,##0" + ("." + "0" * places if places else "")
    # Babel quantizes under the current decimal context; give it room for any length.
    with localcontext() as context:
        context.prec = max(28, len(number.as_tuple().digits) + max(exponent, 0) + places + 2)
        return format_decimal(number, format=pattern, locale=_LOCALE)


class RupiahStyle(StrEnum):
    """How a pemda writes rupiah amounts."""

    RP_TITIK = "rp-titik"  # Rp. 100.727.519.299 (reference document)
    RP = "rp"  # Rp 100.727.519.299
    RP_SEN = "rp-sen"  # Rp 100.727.519.299,00
    ANGKA = "angka"  # 100.727.519.299 (column headed "Anggaran (Rp)")


_RUPIAH_PREFIX = {
    RupiahStyle.RP_TITIK: "Rp. ",
    RupiahStyle.RP: "Rp ",
    RupiahStyle.RP_SEN: "Rp ",
    RupiahStyle.ANGKA: "",
}


def format_rupiah(
    amount: int, style: RupiahStyle | str = RupiahStyle.RP_TITIK, *, signed: bool = False
) -> str:
    """Format whole rupiah in ``style``; ``signed`` puts '+' on positive amounts (selisih)."""
    whole = _require_whole(amount)
    rupiah_style = RupiahStyle(style)  # ValueError for an unknown style name
    body = _RUPIAH_PREFIX[rupiah_style] + format_number(abs(whole))
    if rupiah_style is RupiahStyle.RP_SEN:
        body += ",00"
    if whole < 0:
        return "-" + body
    if signed and whole > 0:
        return "+" + body
    return body


def format_percent(value: Decimal | int) -> str:
    """Format a percentage as '100%' or '85,5%', keeping the Decimal's fraction digits."""
    return format_number(value) + "%"


# --------------------------------------------------------------------------- targets


class CategoryDisplay(StrEnum):
    """How a target with a category on a scale prints (a pemda's or an indikator's choice,
    per part of the document: the formulir may show `B`, the lampiran `B (88,30)`)."""

    ANGKA_KATEGORI = "angka-kategori"  # 88,30 (B)
    KATEGORI_ANGKA = "kategori-angka"  # B (88,30)
    KATEGORI = "kategori"  # B
    ANGKA = "angka"  # 88,30


class RangeStyle(StrEnum):
    """How a range joins its ends; `seperti-ditulis` keeps each target's own way."""

    SEPERTI_DITULIS = "seperti-ditulis"
    STRIP = "-"  # 60-75%
    EN_DASH = "–"  # 60–75%
    SD = "sd"  # 3 sd 6 hari
    S_D = "s.d."  # 1 s.d. 3 hari
    S_GARIS_D = "s/d"  # 1 s/d 3 hari


def format_target(
    target: Target,
    band: Band | None = None,
    satuan: str | None = None,
    *,
    display: CategoryDisplay = CategoryDisplay.ANGKA_KATEGORI,
    range_style: RangeStyle = RangeStyle.SEPERTI_DITULIS,
) -> str:
    """A target as printed: `66 (B)`, `3,0644 (B)`, `85,5%`, `18 jenis`, `60-75%`,
    `3 sd 6 hari`, `≤ 60 menit`, `Paripurna`, `B`; the unit is the indikator's (`satuan`) or the one
    written in the target, its category (`band`) shown as `display` says."""
    if target.value is None:
        return target.text or ""
    unit = satuan or target.unit
    body = (f"{target.bound} " if target.bound else "") + format_number(target.value)
    if target.upper is not None:
        separator = (
            target.separator or "-"
            if range_style is RangeStyle.SEPERTI_DITULIS
            else range_style.value
        )
        joint = separator if separator in ("-", "–") else f" {separator} "
        body += joint + format_number(target.upper)
    info = satuan_info(unit)
    if unit and (info is None or info.display is not SatuanDisplay.BARE):
        attached = info is not None and info.display is SatuanDisplay.ATTACHED
        body += unit if attached else f" {unit}"
    if band is None:
        return body
    if display is CategoryDisplay.KATEGORI:
        return band.category
    if display is CategoryDisplay.ANGKA:
        return body
    if display is CategoryDisplay.KATEGORI_ANGKA:
        return f"{band.category} ({body})"
    return f"{body} ({band.category})"


# --------------------------------------------------------------------------- dates


def _check_month(month: object) -> int:
    """Return ``month`` if it is an int from 1 to 12, else raise Type/ValueError."""
    number = _require_int(month, "month")
    if not 1 <= number <= 12:
        raise ValueError(f"month must be 1-12, got {number}")
    return number


def _check_year(year: object) -> int:
    """Return ``year`` if it is an int in the range datetime supports, else raise."""
    number = _require_int(year, "year")
    if not datetime.MINYEAR <= number <= datetime.MAXYEAR:
        raise ValueError(f"year out of range: {number}")
    return number


def month_name(month: int) -> str:
    """Indonesian month name for 1-12 ('Januari')."""
    return MONTHS[_check_month(month) - 1]


def month_short(month: int) -> str:
    """Short Indonesian month name for 1-12 ('Jan', 'Ags')."""
    return MONTHS_SHORT[_check_month(month) - 1]


def format_date(value: datetime.date) -> str:
    """Format a date as '10 Februari 2022' (no leading zero on the day)."""
    if not isinstance(value, datetime.date):
        raise TypeError(f"expected datetime.date, got {type(value).__name__}: {value!r}")
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def format_month_year(year: int, month: int) -> str:
    """Format a month and year as 'Januari 2022'."""
    return f"{month_name(month)} {_check_year(year)}"


def format_partial_date(year: int, month: int | None = None, day: int | None = None) -> str:
    """Format a full date, a month and year, or just a year, validating the parts."""
    year = _check_year(year)
    if month is None:
        if day is not None:
            raise ValueError("a day was given without a month")
        return str(year)
    if day is None:
        return format_month_year(year, month)
    _check_month(month)
    return format_date(datetime.date(year, month, _require_int(day, "day")))


def format_place_date(
    place: str,
    year: int,
    month: int | None = None,
    day: int | None = None,
    *,
    room: int = 0,
) -> str:
    """Format a signing place and date as 'Medan, Januari 2022'; when a month is given
    without its day, `room` non-breaking spaces leave room for the day written by hand
    ('Medan,      Januari 2022')."""
    if not isinstance(place, str):
        raise TypeError(f"place must be a str, got {type(place).__name__}")
    if not place.strip():
        raise ValueError("place must not be empty")
    gap = day_room(month, day, room) or " "
    return f"{place.strip()},{gap}{format_partial_date(year, month, day)}"


def day_room(month: int | None, day: int | None, room: int) -> str:
    """Room for a day written by hand before 'Januari 2022': `room` non-breaking spaces
    and a space when the month is given without its day, else nothing."""
    if month is None or day is not None or room <= 0:
        return ""
    return "\u00a0" * room + " "


# --------------------------------------------------------------------------- terbilang

_UNITS = (
    "nol",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
)
# Scale words for 10**3, 10**6, ... 10**15; larger numbers are not written in words here.
_SCALES = ("ribu", "juta", "miliar", "triliun", "kuadriliun")
TERBILANG_LIMIT = 1000 ** (len(_SCALES) + 1)  # 10**18: the first number without words


def _below_thousand(n: int) -> list[str]:
    """Words for 1 <= n <= 999 ('seratus', 'dua belas', 'sebelas')."""
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds == 1:
        words.append("seratus")
    elif hundreds:
        words += [_UNITS[hundreds], "ratus"]
    if rest < 12:
        if rest:
            words.append(_UNITS[rest])
    elif rest < 20:
        words += [_UNITS[rest - 10], "belas"]
    else:
        tens, ones = divmod(rest, 10)
        words += [_UNITS[tens], "puluh"]
        if ones:
            words.append(_UNITS[ones])
    return words


def terbilang(n: int) -> str:
    """Integer in lowercase Indonesian words ('satu juta seribu', 'minus lima')."""
    n = _require_whole(n) if isinstance(n, Decimal) else _require_int(n, "n")
    if n == 0:
        return "nol"
    if abs(n) >= TERBILANG_LIMIT:
        raise ValueError(
            f"number too large to write in words: {n} (the limit is {TERBILANG_LIMIT - 1})"
        )
    groups: list[int] = []  # three-digit groups, least significant first
    rest = abs(n)
    while rest:
        rest, group = divmod(rest, 1000)
        groups.append(group)
    words: list[str] = ["minus"] if n < 0 else []
    for power in range(len(groups) - 1, -1, -1):
        group = groups[power]
        if not group:
            continue
        if power == 1 and group == 1:
            words.append("seribu")  # exactly one thousand in its group: never "satu ribu"
            continue
        words += _below_thousand(group)
        if power:
            words.append(_SCALES[power - 1])
    return " ".join(words)


def terbilang_rupiah(amount: int) -> str:
    """Whole rupiah in words ('seratus ribu rupiah')."""
    return f"{terbilang(_require_whole(amount))} rupiah"


# --------------------------------------------------------------------------- NIP, numbering

_NIP_RE = re.compile(r"[0-9]{18}")


def format_nip(nip: str) -> str:
    """Group an 18-digit NIP as '19790317 199912 1 001' (8-6-1-3)."""
    if not isinstance(nip, str):
        raise TypeError(f"NIP must be a str, got {type(nip).__name__}: {nip!r}")
    if not _NIP_RE.fullmatch(nip):
        raise ValueError(f"NIP must be exactly 18 digits, got {nip!r}")
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(n: int) -> str:
    """Roman numeral for 1-3999 ('IV', 'VIII', 'MCMXCIV')."""
    n = _require_int(n, "n")
    if not 1 <= n <= 3999:
        raise ValueError(f"roman numerals cover 1-3999, got {n}")
    parts: list[str] = []
    for size, symbol in _ROMAN:
        count, n = divmod(n, size)
        parts.append(symbol * count)
    return "".join(parts)


def ordinal_word(n: int) -> str:
    """Uppercase Indonesian ordinal for diktum ('KESATU', 'KEDUA BELAS', 'KESERATUS')."""
    n = _require_int(n, "n")
    if n < 1:
        raise ValueError(f"ordinals start at 1, got {n}")
    return "KE" + terbilang(n).upper()


def letter(n: int) -> str:
    """List lettering like spreadsheet columns, lowercase: 1 'a', 26 'z', 27 'aa'."""
    n = _require_int(n, "n")
    if n < 1:
        raise ValueError(f"lettering starts at 1, got {n}")
    letters: list[str] = []
    while n:
        n, index = divmod(n - 1, 26)
        letters.append(chr(ord("a") + index))
    return "".join(reversed(letters))


TEMPLATE_FILTERS: dict[str, Callable[..., str]] = {
    "angka": format_number,
    "rupiah": format_rupiah,
    "persen": format_percent,
    "tanggal": format_date,
    "terbilang": terbilang,
    "terbilang_rupiah": terbilang_rupiah,
    "nip": format_nip,
    "romawi": roman,
    "ordinal": ordinal_word,
    "huruf": letter,
    "bulan": month_name,
    "bulan_singkat": month_short,
}
