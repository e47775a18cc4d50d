"""Font preflight: which fonts a .docx asks for, what this system renders them with, and
whether a produced PDF embeds every font.

Government templates are typically set in Arial, Times New Roman, Bookman Old Style or
Calibri, none of which ship with Debian. LibreOffice substitutes through fontconfig; a
*metric-compatible* substitute (Liberation Sans for Arial, Carlito for Calibri, ...) keeps
every line and page break where Word puts it, any other substitute may change the layout.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from lxml import etree

from generator.pdf.office import system_which

__all__ = [
    "METRIC_COMPATIBLE",
    "FontReport",
    "PdfFont",
    "fonts_in_docx",
    "fonts_not_embedded",
    "pdf_fonts",
    "preflight",
    "unembedded_fonts",
]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
W = f"{{{W_NS}}}"

# Requested family (lower case) -> families that share its metrics (lower case).
METRIC_COMPATIBLE: dict[str, frozenset[str]] = {
    "arial": frozenset({"liberation sans", "arimo"}),
    "helvetica": frozenset(
        {"liberation sans", "arimo", "nimbus sans", "nimbus sans l", "tex gyre heros"}
    ),
    "arial narrow": frozenset({"liberation sans narrow", "nimbus sans narrow"}),
    "times new roman": frozenset({"liberation serif", "tinos"}),
    "times": frozenset({"liberation serif", "tinos", "nimbus roman", "nimbus roman no9 l"}),
    "courier new": frozenset({"liberation mono", "cousine"}),
    "courier": frozenset({"liberation mono", "cousine", "nimbus mono ps", "nimbus mono l"}),
    "calibri": frozenset({"carlito"}),
    "cambria": frozenset({"caladea"}),
    "georgia": frozenset({"gelasio"}),
    "bookman old style": frozenset({"tex gyre bonum", "urw bookman", "urw bookman l"}),
    "bookman": frozenset({"tex gyre bonum", "urw bookman", "urw bookman l"}),
    "century schoolbook": frozenset({"tex gyre schola", "c059", "century schoolbook l"}),
    "palatino linotype": frozenset({"tex gyre pagella", "p052", "urw palladio l"}),
    "book antiqua": frozenset({"tex gyre pagella", "p052", "urw palladio l"}),
}

# Symbol fonts: LibreOffice re-maps their private-use code points to OpenSymbol itself, so
# bullets and check boxes survive although the glyph shapes differ slightly.
SYMBOL_FONTS: dict[str, frozenset[str]] = {
    "symbol": frozenset({"opensymbol", "standard symbols ps", "symbol"}),
    "wingdings": frozenset({"opensymbol"}),
    "wingdings 2": frozenset({"opensymbol"}),
    "wingdings 3": frozenset({"opensymbol"}),
    "webdings": frozenset({"opensymbol"}),
}

# Parts that hold run properties; stylesWithEffects.xml duplicates styles.xml for Word 2010.
_FONT_PARTS = re.compile(
    r"word/(document|styles|numbering|footnotes|endnotes|comments|header\d*|footer\d*)\.xml"
)
_DIRECT_ATTRS = {"ascii": "latin", "hAnsi": "latin", "eastAsia": "ea", "cs": "cs"}
_THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
_THEME_SLOTS = {"Ascii": "latin", "HAnsi": "latin", "EastAsia": "ea", "Bidi": "cs"}

_PDF_FONT_TYPE = re.compile(r"\s(?:CID )?(?:Type 1C?|Type 3|Type 0C?|TrueType)(?: \(OT\))?$")

Status = Literal["exact", "metric", "symbol", "substituted", "unknown"]


@dataclass(frozen=True)
class FontReport:
    """How the system will render one requested font."""

    name: str
    status: Status
    matched: str | None
    file: str | None
    message: str | None

    @property
    def ok(self) -> bool:
        """True when the layout will match Word's (exact, metric or symbol substitute)."""
        return self.status in ("exact", "metric", "symbol")


@dataclass(frozen=True)
class PdfFont:
    """One row of ``pdffonts`` output."""

    name: str
    type: str
    encoding: str
    embedded: bool
    subset: bool
    unicode: bool

    @property
    def family(self) -> str:
        """Font name without the ``ABCDEF+`` subset prefix."""
        return re.sub(r"^[A-Z]{6}\+", "", self.name)


def _theme_fonts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Map theme slots such as ``minorHAnsi`` to typefaces from word/theme/theme1.xml."""
    names = [n for n in archive.namelist() if re.fullmatch(r"word/theme/theme\d*\.xml", n)]
    if not names:
        return {}
    root = etree.fromstring(archive.read(sorted(names)[0]))
    fonts: dict[str, str] = {}
    for kind in ("major", "minor"):
        block = root.find(f".//{{{A_NS}}}{kind}Font")
        if block is None:
            continue
        for slot, element in _THEME_SLOTS.items():
            node = block.find(f"{{{A_NS}}}{element}")
            typeface = node.get("typeface", "") if node is not None else ""
            if typeface:
                fonts[f"{kind}{slot}"] = typeface
    return fonts


def fonts_in_docx(path: Path | str, *, latin_only: bool = False) -> set[str]:
    """Return the font families a .docx uses (direct, style, default and theme fonts)."""
    found: set[str] = set()
    with zipfile.ZipFile(path) as archive:
        theme = _theme_fonts(archive)
        for part in archive.namelist():
            if not _FONT_PARTS.fullmatch(part):
                continue
            root = etree.fromstring(archive.read(part))
            for node in root.iter(f"{W}rFonts"):
                for attr, script in _DIRECT_ATTRS.items():
                    if latin_only and script != "latin":
                        continue
                    value = node.get(f"{W}{attr}")
                    if value:
                        found.add(value)
                for attr in _THEME_ATTRS:
                    if latin_only and attr in ("eastAsiaTheme", "cstheme"):
                        continue
                    value = node.get(f"{W}{attr}")
                    if value and value in theme:
                        found.add(theme[value])
            for node in root.iter(f"{W}sym"):
                value = node.get(f"{W}font")
                if value:
                    found.add(value)
    return {name.strip() for name in found if name.strip()}


@lru_cache(maxsize=256)
def _fc_match(name: str) -> tuple[tuple[str, ...], str | None] | None:
    """Return the families and file fontconfig picks for ``name`` (None without fc-match)."""
    exe = system_which("fc-match")
    if exe is None:
        return None
    try:
        proc = subprocess.run(
            [exe, "-f", "%{family}\n%{file}\n", name],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    lines = proc.stdout.splitlines()
    if proc.returncode != 0 or not lines:
        return None
    families = tuple(f.strip() for f in lines[0].split(",") if f.strip())
    return families, (lines[1].strip() if len(lines) > 1 and lines[1].strip() else None)


def _classify(name: str) -> FontReport:
    """Build the :class:`FontReport` for one requested font."""
    match = _fc_match(name)
    if match is None or not match[0]:
        return FontReport(
            name, "unknown", None, None, "fc-match tidak tersedia; font tidak dapat diperiksa"
        )
    families, file = match
    matched = families[0]
    wanted = name.casefold()
    lowered = {f.casefold() for f in families}
    if wanted in lowered:
        return FontReport(name, "exact", name, file, None)
    if lowered & METRIC_COMPATIBLE.get(wanted, frozenset()):
        message = f"Font '{name}' diganti '{matched}' yang ukurannya setara; tata letak tetap."
        return FontReport(name, "metric", matched, file, message)
    if lowered & SYMBOL_FONTS.get(wanted, frozenset()):
        message = (
            f"Font simbol '{name}' ditampilkan dengan '{matched}'; bentuk glifnya sedikit berbeda."
        )
        return FontReport(name, "symbol", matched, file, message)
    message = (
        f"Font '{name}' tidak terpasang dan diganti '{matched}', yang ukurannya berbeda: "
        f"jarak baris dan pergantian halaman di PDF dapat bergeser. Pasang font '{name}' "
        "atau gunakan font lain di templat."
    )
    return FontReport(name, "substituted", matched, file, message)


def preflight(fonts: set[str] | list[str] | tuple[str, ...]) -> list[FontReport]:
    """Report, sorted by name, what this system renders each requested font with."""
    return [_classify(name) for name in sorted(set(fonts), key=str.casefold)]


def pdf_fonts(pdf_path: Path | str) -> list[PdfFont]:
    """List the fonts of a PDF by parsing ``pdffonts`` (poppler-utils) output."""
    exe = system_which("pdffonts")
    if exe is None:
        raise FileNotFoundError("pdffonts tidak ditemukan; pasang paket poppler-utils")
    proc = subprocess.run(
        [exe, str(pdf_path)], capture_output=True, text=True, timeout=60, check=False
    )
    if proc.returncode != 0:
        raise ValueError(f"pdffonts gagal membaca {pdf_path}: {proc.stderr.strip()}")
    lines = proc.stdout.splitlines()
    rule = next((i for i, line in enumerate(lines) if line.startswith("---")), None)
    if rule is None:
        return []
    fonts = []
    for line in lines[rule + 1 :]:
        # Parse from the right: a long name overflows its fixed-width column, and types
        # such as "CID TrueType" contain spaces; encoding and the flags never do.
        parts = line.rsplit(None, 6)
        if len(parts) != 7:
            continue
        left, encoding, emb, sub, uni, _obj, _gen = parts
        kind = _PDF_FONT_TYPE.search(left.rstrip())
        if kind is None:
            continue
        fonts.append(
            PdfFont(
                name=left[: kind.start()].strip(),
                type=kind.group(0).strip(),
                encoding=encoding,
                embedded=emb == "yes",
                subset=sub == "yes",
                unicode=uni == "yes",
            )
        )
    return fonts


def unembedded_fonts(pdf_path: Path | str) -> list[PdfFont]:
    """Return the fonts of a PDF that are not embedded (empty means all embedded)."""
    return [font for font in pdf_fonts(pdf_path) if not font.embedded]


_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def fonts_not_embedded(reader: Any) -> list[str]:
    """Names of the fonts a PDF uses without embedding them, read in-process with pypdf
    (`reader` is a `pypdf.PdfReader`); faster than `pdffonts` for checking every build."""
    missing: set[str] = set()
    seen: set[int] = set()
    for page in reader.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        if fonts is None:
            continue
        for ref in fonts.get_object().values():
            key = getattr(ref, "idnum", None)
            if key is not None:
                if key in seen:
                    continue
                seen.add(key)
            font = ref.get_object()
            if font.get("/Subtype") == "/Type3":
                continue  # glyphs drawn by the PDF itself
            described = font
            if font.get("/Subtype") == "/Type0":
                descendants = font.get("/DescendantFonts")
                if descendants:
                    described = descendants.get_object()[0].get_object()
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else None
            if descriptor is None or not any(k in descriptor for k in _FONT_FILES):
                name = str(font.get("/BaseFont", "?")).lstrip("/")
                missing.add(re.sub(r"^[A-Z]{6}\+", "", name))
    return sorted(missing)
