"""The schema check every .docx pkgen ships or makes must pass: openxml-audit.

openxml-audit is a pure-Python port of the Open XML SDK validator (the one Word's own
"unreadable content" verdicts follow): the ECMA-376 transitional schemas with the SDK's
particle (element order, occurrence) and attribute rules, the package and relationship
checks, and a few Word compatibility rules. Errors of every kind count; there are no
exceptions at present (see README, *Word-valid .docx*).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from openxml_audit import FileFormat, OpenXmlValidator

# Office 2019 is the version the shipped templates target (Word 2016–2021, Microsoft 365
# read them alike); max_errors=0: every violation, not only the first hundred.
VALIDATOR = OpenXmlValidator(file_format=FileFormat.OFFICE_2019, max_errors=0)


def violations(docx: bytes | Path) -> list[str]:
    """Every violation of the .docx, one line each (part, path, description)."""
    if isinstance(docx, Path):
        result = VALIDATOR.validate(docx)
    else:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "dokumen.docx"
            path.write_bytes(docx)
            result = VALIDATOR.validate(path)
    return [f"{e.part_uri} {e.path}: {e.description}" for e in result.errors]
