"""Which LibreOffice makes the PDFs, read from its installation's files without starting it.

The version is part of every document's stamp (`generator.build.manifest.Engine`): an
upgraded LibreOffice can lay out pages differently, so its PDFs are made again. Starting
`soffice --version` costs a second; the installation says the same in a few small files
next to the executable, read here in a few milliseconds:

* `bootstraprc` (`bootstrap.ini` on Windows): `ProductKey=LibreOffice 7.4`;
* `versionrc` (`version.ini`): `buildid=…`, which changes with every build of a version;
* `share/registry/main.xcd`: `ooSetupVersionAboutBox` = `7.4.7.2`, the full version.

On macOS the files sit in `Contents/Resources/` beside `Contents/MacOS/soffice`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from generator.pdf.convert import ConverterUnavailable, find_soffice

NOT_INSTALLED = "LibreOffice tidak terpasang"

_ABOUT_VERSION = re.compile(rb'oor:name="ooSetupVersionAboutBox">\s*<value>([^<]+)</value>')


def libreoffice_version(soffice: str | None = None) -> str:
    """`LibreOffice 7.4.7.2 (build 40(Build:2))` for the installation of `soffice` (found on
    the PATH when None); `LibreOffice tidak terpasang` when there is none."""
    if soffice is None:
        try:
            soffice = find_soffice()
        except ConverterUnavailable:
            return NOT_INSTALLED
    program = Path(os.path.realpath(soffice)).parent
    folders = [program, program.parent / "Resources"]
    bootstrap = _settings(folders, ("bootstraprc", "bootstrap.ini"))
    version = _settings(folders, ("versionrc", "version.ini"))
    product = bootstrap.get("ProductKey", "LibreOffice").split()
    name = product[0] if product else "LibreOffice"
    number = _about_version(
        [program.parent / "share" / "registry", program.parent / "Resources" / "registry"]
    ) or " ".join(product[1:])
    build = version.get("buildid", "")
    if not number and not build:
        return f"{name} di {program} (versi tidak terbaca)"
    text = f"{name} {number}".strip()
    return f"{text} (build {build})" if build else text


def _settings(folders: list[Path], names: tuple[str, ...]) -> dict[str, str]:
    """The `key=value` lines of the first of `names` found in `folders` (ini sections
    ignored: each file has one)."""
    for folder in folders:
        for name in names:
            try:
                text = (folder / name).read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            pairs = (line.partition("=") for line in text.splitlines())
            return {key.strip(): value.strip() for key, sep, value in pairs if sep}
    return {}


def _about_version(registries: list[Path]) -> str:
    """The full version (`7.4.7.2`) from the installation's main configuration layer."""
    for registry in registries:
        try:
            data = (registry / "main.xcd").read_bytes()
        except OSError:
            continue
        found = _ABOUT_VERSION.search(data)
        if found:
            return found.group(1).decode("utf-8", errors="replace").strip()
    return ""
