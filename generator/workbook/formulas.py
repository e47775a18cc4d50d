"""Formula results stored in a saved workbook.

openpyxl writes a formula without its result. Excel and LibreOffice calculate it on
opening, but a library or viewer that does not calculate (and openpyxl itself, reading with
`data_only=True`) would see an empty cell; LibreOffice even shows a stored result as it is,
without recalculating. pkgen therefore computes its totals itself and stores them.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath

from lxml import etree

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def with_cached_values(data: bytes, values: dict[str, dict[str, int]]) -> bytes:
    """Put each formula's result into the saved workbook as its cached value (`<v>`).

    Every formula cell of the named sheets must have a value: a formula left without one
    would show empty in any reader that does not calculate.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        paths = _sheet_paths(source)
        patched: dict[str, bytes] = {}
        for sheet, cells in values.items():
            part = paths[sheet]
            root = etree.fromstring(source.read(part))
            remaining = dict(cells)
            for cell in root.iter(f"{{{_MAIN}}}c"):
                if cell.find(f"{{{_MAIN}}}f") is None:
                    continue
                ref = cell.get("r")
                if ref not in remaining:
                    raise ValueError(f"formula cell {sheet}!{ref} has no computed value")
                value = cell.find(f"{{{_MAIN}}}v")
                if value is None:
                    value = etree.SubElement(cell, f"{{{_MAIN}}}v")
                value.text = str(remaining.pop(ref))
                cell.attrib.pop("t", None)  # a number
            if remaining:
                raise ValueError(f"no formula in {sheet} at {', '.join(remaining)}")
            patched[part] = etree.tostring(
                root, xml_declaration=True, encoding="UTF-8", standalone=True
            )
        result = io.BytesIO()
        with zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                target.writestr(info, patched.get(info.filename, source.read(info.filename)))
    return result.getvalue()


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its part in the package (via workbook.xml and its relationships)."""
    workbook = etree.fromstring(archive.read("xl/workbook.xml"))
    rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels.iter(f"{{{_PKG_REL}}}Relationship")}
    paths: dict[str, str] = {}
    for sheet in workbook.iter(f"{{{_MAIN}}}sheet"):
        target = targets[sheet.get(f"{{{_REL}}}id")] or ""
        path = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        paths[sheet.get("name") or ""] = path
    return paths
