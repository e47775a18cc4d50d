"""The pipeline's layers import only downward: a checked rule, not a sentence in the docs.

`generator/` has one package per stage. A module may import from its own stage and from
the stages below it, never from a stage above — so data never knows about documents,
templates never know about the build, and the web workspace and the CLI sit on top of
everything. `docs/architecture.md` lists the same order (checked below).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "generator"

# Lowest first. Each entry is a stage: a subpackage of generator/ or a top-level module.
LAYERS: list[tuple[str, ...]] = [
    ("__init__", "errors"),
    ("domain",),
    ("data",),
    ("context",),
    ("templates",),
    ("pdf",),
    ("build",),
    ("workbook",),
    ("revision",),
    ("jabatan",),
    ("web", "bench", "cli", "__main__"),
]
RANK = {stage: n for n, stages in enumerate(LAYERS) for stage in stages}


def stage_of(module: str) -> str:
    """`generator.data.models.types` → `data`; `generator` → `__init__`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def module_name(path: Path) -> str:
    relative = path.relative_to(ROOT).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every generator module `path` imports, at any depth (function-level imports too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("generator")]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "generator":
                found += [(node.lineno, f"generator.{a.name}") for a in node.names]
            elif node.module.startswith("generator."):
                found.append((node.lineno, node.module))
    return found


def python_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_stage_of_the_package_has_a_layer():
    stages = {stage_of(module_name(p)) for p in python_files()}
    assert stages <= set(RANK), f"stages without a layer: {sorted(stages - set(RANK))}"


def test_no_module_imports_from_a_stage_above_its_own():
    violations = []
    for path in python_files():
        own = stage_of(module_name(path))
        for line, target in imported_modules(path):
            if target == "generator.__version__":
                continue
            other = stage_of(target)
            if RANK.get(other, -1) > RANK[own]:
                violations.append(f"{path.relative_to(ROOT)}:{line}: {own} imports {target}")
    assert violations == []


def test_stages_of_one_layer_do_not_import_each_other():
    violations = []
    for path in python_files():
        own = stage_of(module_name(path))
        for line, target in imported_modules(path):
            other = stage_of(target)
            top = RANK[own] in (0, len(LAYERS) - 1)  # the shared base and the entry points
            if other != own and RANK.get(other) == RANK[own] and not top:
                violations.append(f"{path.relative_to(ROOT)}:{line}: {own} imports {target}")
    assert violations == []


def test_top_level_holds_only_the_entry_points_and_shared_errors():
    modules = sorted(p.stem for p in PACKAGE.glob("*.py"))
    assert modules == ["__init__", "__main__", "bench", "cli", "errors"]


def test_the_architecture_document_lists_the_stages_in_layer_order():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| \d+ \| `generator/([a-z_]+)/`", text, re.M)
    packages = [p.name for p in sorted(PACKAGE.iterdir()) if (p / "__init__.py").is_file()]
    assert sorted(listed) == sorted(packages)
    assert [RANK[s] for s in listed] == sorted(RANK[s] for s in listed)


def module_map() -> dict[str, set[str]]:
    """The module map of docs/architecture.md: per stage row, the modules its job column
    names in backticks (`formatting`, `models/`, `uno_worker.py`); a row of top-level
    modules (`generator/cli.py`) maps each to an empty set."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    stages: dict[str, set[str]] = {}
    for stage, job in re.findall(r"^\| \d+ \| (.+?) \| (.+) \|$", text, re.M):
        packages = re.findall(r"`generator/([a-z_]+)/`", stage)
        for package in packages:
            stages[package] = set(re.findall(r"`([a-z_]+(?:/|\.py)?)`", job))
        for module in re.findall(r"`generator/([a-z_]+\.py)`", stage):
            stages[module] = set()
    return stages


def module_exists(stage: str, name: str) -> bool:
    """`models/` a subpackage, `uno_worker.py` a file, `formatting` either."""
    path = PACKAGE / stage / name.rstrip("/")
    if name.endswith("/"):
        return (path / "__init__.py").is_file()
    if name.endswith(".py"):
        return path.is_file()
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def test_every_module_the_architecture_document_names_exists():
    missing = []
    for stage, names in module_map().items():
        if stage.endswith(".py"):
            if not (PACKAGE / stage).is_file():
                missing.append(f"generator/{stage}")
            continue
        for name in names:
            if not module_exists(stage, name):
                missing.append(f"generator/{stage}/{name}")
    assert missing == []


def test_every_module_of_a_stage_is_named_in_its_row_of_the_architecture_document():
    unnamed = []
    for stage, names in module_map().items():
        if stage.endswith(".py"):
            continue
        bare = {name.rstrip("/").removesuffix(".py") for name in names}
        for child in sorted((PACKAGE / stage).iterdir()):
            module = child.stem if child.suffix == ".py" else child.name
            is_module = child.suffix == ".py" and child.name != "__init__.py"
            if (is_module or (child / "__init__.py").is_file()) and module not in bare:
                unnamed.append(f"generator/{stage}/{child.name}")
    assert unnamed == [], "name these in their row of the module map in docs/architecture.md"


def test_the_architecture_document_lists_every_top_level_module():
    listed = {stage for stage in module_map() if stage.endswith(".py")}
    modules = {p.name for p in PACKAGE.glob("*.py")} - {"__init__.py", "__main__.py"}
    assert listed == modules


# Being split by concern (issue 11); remove each entry once its class is split.
KNOWN_LONG: set[str] = set()


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_class_is_longer_than_300_lines(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    long = [
        f"{node.name}: {node.end_lineno - node.lineno + 1} lines"
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > 300
    ]
    if str(path.relative_to(PACKAGE)) in KNOWN_LONG:
        pytest.skip("split in progress")
    if "migrations" in path.parts:
        pytest.skip("generated by Django (makemigrations): one declarative class per migration")
    assert long == []
