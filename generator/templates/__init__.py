"""The .docx templates as code sees them: prepared, checked and rendered.

The shipped templates are package data (`generator/resources/templates/`, reached through
`shipped_templates()`), so an installed pkgen works from any folder; the files there are
the source people edit in Word or LibreOffice.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def shipped_templates() -> Path:
    """The folder of the templates installed with pkgen."""
    folder = resources.files("generator") / "resources" / "templates"
    # pkgen is installed as files (pip, editable or not), never run from a zip archive.
    return Path(str(folder))
