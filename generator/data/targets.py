"""Which data files a command-line path names: a pemda folder, a year folder of pemda
folders, one SKPD file or a pemda.yaml.

Kept apart from `loading` (and its models) so `pkgen build` can check its paths in a few
milliseconds, before it starts LibreOffice: a mistyped path ends at once with exit code 2.
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import UsageError

PEMDA_FILE = "pemda.yaml"


def discover(target: Path) -> list[tuple[Path, list[Path]]]:
    """(pemda folder, SKPD files) pairs for a folder or a single SKPD file."""
    if not target.exists():
        raise UsageError(f"{target}: tidak ditemukan")
    if target.is_file():
        if target.name == PEMDA_FILE:
            return [(target.parent, skpd_files(target.parent))]
        if not (target.parent / PEMDA_FILE).is_file():
            raise UsageError(f"{target}: tidak ada {PEMDA_FILE} di folder {target.parent}")
        return [(target.parent, [target])]
    folders = sorted(p.parent for p in target.rglob(PEMDA_FILE) if not _hidden(p, target))
    if not folders:
        raise UsageError(f"{target}: tidak ada {PEMDA_FILE} di folder ini maupun subfoldernya")
    return [(folder, skpd_files(folder)) for folder in folders]


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith((".", "_")) for part in path.relative_to(root).parts[:-1])


def skpd_files(folder: Path) -> list[Path]:
    """The SKPD data files of a pemda folder (not pemda.yaml, not shared `_…` files)."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file()
        and p.suffix in (".yaml", ".yml")
        and p.name != PEMDA_FILE
        and not p.name.startswith((".", "_"))
    )


def hidden_data_files(folder: Path) -> list[Path]:
    """YAML files of a pemda folder left out because their name starts with a dot (`..yaml`,
    `.dinas.yaml`): hidden files, which the user may not have meant."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix in (".yaml", ".yml") and p.name.startswith(".")
    )
