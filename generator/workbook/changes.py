"""How an import shows what it changes in a YAML file.

One small function, so that the structured revision diff (`pkgen diff`, being built
separately) can replace the display without touching the importer.
"""

from __future__ import annotations

import difflib


def yaml_changes(old_text: str | None, new_text: str, name: str) -> list[str]:
    """Unified diff lines (`-` old, `+` new, with context); empty for a new or unchanged file."""
    if old_text is None or old_text == new_text:
        return []
    return [
        line.rstrip("\n")
        for line in difflib.unified_diff(
            old_text.splitlines(keepends=True),
            new_text.splitlines(keepends=True),
            fromfile=f"{name} (lama)",
            tofile=f"{name} (baru)",
            n=2,
        )
    ]
