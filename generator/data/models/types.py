"""Field types of the data files: what a value may be and how it reads.

Each type validates the plain data produced by `generator.data.yamlsource` and raises a
`PydanticCustomError` with an Indonesian message; the loader attaches file, line and field
path. Numbers arrive as `SourceInt`/`SourceDecimal` (never float), so precision survives.
"""

from __future__ import annotations

import calendar
import datetime
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator, ValidationInfo

from generator.data.yamlsource import SourceDecimal, SourceInt
from generator.domain.formatting import MONTHS
from generator.domain.reference import SCALES, Scale, known_satuan
from generator.domain.values import Target, is_dotted, parse_decimal_text, parse_target
from generator.errors import invalid

# XML 1.0 cannot hold these characters; a .docx containing one does not open.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "nilai ya/tidak (true/false)"
    if isinstance(value, int | Decimal):
        return "angka"
    if isinstance(value, str):
        return "teks"
    if isinstance(value, list):
        return "daftar"
    if isinstance(value, dict):
        return "pemetaan (kunci: nilai)"
    if isinstance(value, datetime.date):
        return "tanggal"
    return type(value).__name__


def _check_characters(text: str) -> str:
    match = _XML_ILLEGAL.search(text)
    if match:
        raise invalid(
            f"berisi karakter kontrol U+{ord(match.group()):04X} yang tidak bisa disimpan "
            "di dokumen Word; hapus karakter itu"
        )
    return text


def _as_text(value: Any) -> str:
    if value is None:
        raise invalid("wajib diisi")
    if isinstance(value, SourceInt | SourceDecimal):
        return value.source
    if isinstance(value, str):
        return value
    raise invalid(f"harus berupa teks, ditemukan {_type_name(value)}")


def validate_text(value: Any) -> str:
    """One line of text: YAML line folds and runs of spaces become single spaces."""
    text = " ".join(_check_characters(_as_text(value)).split())
    if not text:
        raise invalid("tidak boleh kosong")
    return text


def validate_paragraph(value: Any) -> str:
    """Free text whose line breaks are kept (narrative paragraphs)."""
    text = _check_characters(_as_text(value)).strip()
    if not text:
        raise invalid("tidak boleh kosong")
    return "\n".join(" ".join(line.split()) for line in text.splitlines())


Text = Annotated[str, PlainValidator(validate_text)]
Paragraph = Annotated[str, PlainValidator(validate_paragraph)]

_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")


def validate_slug(value: Any) -> str:
    text = _as_text(value).strip()
    if not _SLUG.match(text) or "--" in text:
        raise invalid(
            f"{text!r} bukan nama pendek yang sah: pakai huruf kecil, angka dan tanda '-' saja "
            "(contoh: dinas-kesehatan)"
        )
    return text


Slug = Annotated[str, PlainValidator(validate_slug)]


def _as_int(value: Any, what: str) -> int:
    if isinstance(value, bool) or value is None:
        raise invalid(f"{what} harus berupa angka" if value is not None else "wajib diisi")
    if isinstance(value, int):
        return int(value)
    if isinstance(value, Decimal):
        if value != value.to_integral_value() or value.as_tuple().exponent < 0:  # type: ignore[operator]
            raise invalid(f"{what} harus bilangan bulat, ditemukan {value}")
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise invalid(f"{what} harus berupa angka, ditemukan {_type_name(value)} {value!r}")


def validate_year(value: Any) -> int:
    year = _as_int(value, "tahun")
    if not 2000 <= year <= 2100:
        raise invalid(f"tahun {year} tidak masuk akal (harus antara 2000 dan 2100)")
    return year


Year = Annotated[int, PlainValidator(validate_year)]

_RUPIAH_GROUPED = re.compile(r"^(?:Rp\.?\s*)?(\d{1,3}(?:\.\d{3})+)$")


def validate_rupiah(value: Any) -> int:
    """Whole rupiah, zero or more; `100727519299` or the text `"100.727.519.299"`."""
    if isinstance(value, str):
        match = _RUPIAH_GROUPED.match(value.strip())
        if match:
            return int(match.group(1).replace(".", ""))
        raise invalid(
            f"anggaran harus bilangan bulat rupiah, ditemukan {value!r} "
            '(tulis tanpa desimal, misalnya 100727519299 atau "100.727.519.299")'
        )
    if isinstance(value, Decimal) and not isinstance(value, bool):
        raise invalid(f"anggaran harus bilangan bulat rupiah tanpa pecahan, ditemukan {value}")
    amount = _as_int(value, "anggaran")
    if amount < 0:
        raise invalid(f"anggaran tidak boleh negatif, ditemukan {amount}")
    return amount


Rupiah = Annotated[int, PlainValidator(validate_rupiah)]


def validate_count(value: Any) -> int:
    """A whole number of people, households, respondents: zero or more."""
    count = _as_int(value, "jumlah")
    if count < 0:
        raise invalid(f"jumlah tidak boleh negatif, ditemukan {count}")
    return count


Count = Annotated[int, PlainValidator(validate_count)]


def validate_decimal(value: Any) -> Decimal:
    """A number as written, trailing zeros kept (`2.90` stays two decimals)."""
    if isinstance(value, bool) or value is None:
        raise invalid("harus berupa angka" if value is not None else "wajib diisi")
    if isinstance(value, int):
        return Decimal(int(value))
    if isinstance(value, Decimal):
        return Decimal(value)
    if isinstance(value, str):
        number = parse_decimal_text(value)
        if number is not None:
            return number
    raise invalid(f"harus berupa angka, ditemukan {_type_name(value)} {value!r}")


Number = Annotated[Decimal, PlainValidator(validate_decimal), PlainSerializer(str)]

FIGURE_SUFFIXES = (".png", ".jpg", ".jpeg")


def validate_figure_file(value: Any) -> str:
    """An image file named relative to the YAML file's folder (checked there by the
    loader, as the logo is): a plain file name or relative path, PNG or JPG."""
    text = validate_text(value)
    if text.startswith(("/", "\\")) or ".." in text.replace("\\", "/").split("/"):
        raise invalid(f"{text!r}: tulis nama berkas di folder ini, bukan jalur lain")
    if not text.lower().endswith(FIGURE_SUFFIXES):
        raise invalid(f"{text!r}: gambar harus berkas PNG atau JPG")
    return text


def validate_figure_width(value: Any) -> Decimal:
    """A figure's width in cm: more than 1 and at most 16 (the text width of A4)."""
    width = validate_decimal(value)
    if not Decimal(1) <= width <= Decimal(16):
        raise invalid(f"lebar gambar {width} cm: harus antara 1 dan 16 cm")
    return width


FigureFile = Annotated[str, PlainValidator(validate_figure_file)]
FigureWidth = Annotated[Decimal, PlainValidator(validate_figure_width), PlainSerializer(str)]


def validate_target(value: Any) -> Target:
    """A target in any of the forms of `generator.domain.values` (a number as YAML read
    it keeps its text, so `162.081` is still recognised as written with a dot)."""
    if isinstance(value, Target):
        return value
    if value is None:
        raise invalid("wajib diisi")
    if isinstance(value, bool):
        raise invalid("harus berupa angka atau teks, ditemukan nilai ya/tidak (true/false)")
    if isinstance(value, SourceInt | SourceDecimal):
        return parse_target(value.source.replace("_", ""))
    if isinstance(value, int | Decimal):
        return Target(value=validate_decimal(value))
    if not isinstance(value, str):
        raise invalid(f"harus berupa angka atau teks, ditemukan {_type_name(value)}")
    return parse_target(validate_text(value))


def serialize_target(target: Target) -> Any:
    """A target as YAML holds it: a bare number as a number (unless it would read as
    thousands, `3.064`), any other form as its text."""
    if target.is_plain_number and target.value is not None:
        return target.value if not is_dotted(format(target.value, "f")) else str(target)
    return str(target)


TargetValue = Annotated[Target, PlainValidator(validate_target), PlainSerializer(serialize_target)]


def validate_satuan(value: Any) -> str:
    """Any unit, as written; a unit pkgen knows is spelled its way (`Orang` → `orang`,
    `persen` → `%`), so its numbers can be checked."""
    text = validate_text(value)
    return known_satuan(text) or text


Satuan = Annotated[str, PlainValidator(validate_satuan)]

SCALES_CONTEXT = "scales"
"""Key of the validation context holding the scales data may name (`scale_registry`)."""


def validate_scale(value: Any, info: ValidationInfo) -> Scale:
    """A scale named by its key: a built-in one, or one the pemda declares (the loader
    passes the pemda's scales in the validation context)."""
    if isinstance(value, Scale):
        return value
    context = info.context if isinstance(info.context, dict) else {}
    scales: dict[str, Scale] = context.get(SCALES_CONTEXT) or SCALES
    text = validate_text(value)
    found = scales.get(text) or scales.get(text.lower())
    if found is not None:
        return found
    names = list(scales)
    raise invalid(
        f"skala {text!r} tidak dikenal{suggest(text, names)}; pilihan: {', '.join(names)}"
    )


ScaleName = Annotated[Scale, PlainValidator(validate_scale), PlainSerializer(lambda s: s.key)]


def suggest(word: str, choices: Iterable[str]) -> str:
    """` (mungkin maksud Anda 'x'?)` for a likely typo, else an empty string."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (mungkin maksud Anda {matches[0]!r}?)" if matches else ""


def validate_nip(value: Any) -> str:
    """An 18-digit NIP whose birth date, appointment month and sex digit are possible."""
    if value is None:
        raise invalid("wajib diisi")
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise invalid(f"NIP harus 18 angka, ditemukan {_type_name(value)}")
    text = value.source if isinstance(value, SourceInt) else str(value)
    digits = re.sub(r"[\s.]", "", text)
    if not digits.isdigit() or not digits.isascii():
        raise invalid(f"NIP hanya boleh berisi angka, ditemukan {text!r}")
    if len(digits) != 18:
        raise invalid(f"NIP harus 18 angka, ditemukan {len(digits)} angka ({text!r})")
    birth_year, birth_month, birth_day = int(digits[0:4]), int(digits[4:6]), int(digits[6:8])
    appoint_year, appoint_month = int(digits[8:12]), int(digits[12:14])
    sex = digits[14]
    try:
        birth = datetime.date(birth_year, birth_month, birth_day)
    except ValueError:
        raise invalid(f"NIP {text}: tanggal lahir {digits[0:8]} tidak ada di kalender") from None
    if not 1940 <= birth_year <= datetime.date.today().year - 15:
        raise invalid(f"NIP {text}: tahun lahir {birth_year} tidak masuk akal")
    if not 1 <= appoint_month <= 12:
        raise invalid(f"NIP {text}: bulan pengangkatan {appoint_month:02d} tidak ada")
    if not birth_year + 15 <= appoint_year <= datetime.date.today().year:
        raise invalid(
            f"NIP {text}: tahun pengangkatan {appoint_year} tidak masuk akal untuk kelahiran {birth.year}"
        )
    if sex not in "12":
        raise invalid(f"NIP {text}: angka jenis kelamin (ke-15) harus 1 atau 2, ditemukan {sex}")
    return digits


Nip = Annotated[str, PlainValidator(validate_nip)]


@dataclass(frozen=True)
class SigningDate:
    """The date a document is signed: often only month and year, the day written by hand."""

    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return str(self.year)


_MONTH_NUMBERS = {name.lower(): index for index, name in enumerate(MONTHS, start=1)}


def validate_signing_date(value: Any) -> SigningDate:
    if isinstance(value, SigningDate):
        return value
    if isinstance(value, datetime.date):
        return SigningDate(value.year, value.month, value.day)
    if isinstance(value, int) and not isinstance(value, bool):
        return SigningDate(validate_year(value))
    if not isinstance(value, str):
        raise invalid(
            f"tanggal harus ditulis seperti 'Januari 2022' atau 2022-02-10, ditemukan {_type_name(value)}"
        )
    parts = value.split()
    if len(parts) == 1:
        return SigningDate(validate_year(parts[0]))
    if len(parts) in (2, 3):
        *day_part, month_text, year_text = parts
        month = _MONTH_NUMBERS.get(month_text.lower())
        if month is None:
            raise invalid(
                f"nama bulan {month_text!r} tidak dikenal{suggest(month_text.capitalize(), MONTHS)}"
            )
        year = validate_year(year_text)
        if not day_part:
            return SigningDate(year, month)
        if day_part[0].isdigit() and 1 <= int(day_part[0]) <= calendar.monthrange(year, month)[1]:
            return SigningDate(year, month, int(day_part[0]))
        raise invalid(f"tanggal {value!r} tidak ada di kalender")
    raise invalid(
        f"tanggal {value!r} tidak bisa dibaca; tulis seperti 'Januari 2022' atau 2022-02-10"
    )


Tanggal = Annotated[SigningDate, PlainValidator(validate_signing_date), PlainSerializer(str)]
