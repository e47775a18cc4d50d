"""Golden structure of every example document: texts, table cells, merges, shading, flags.

When a change to a template or the data is intended, refresh with one command:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

and review the diff of tests/golden/ like any other change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import EXAMPLES, TEMPLATES
from docx_structure import read_docx, structure_summary

from generator.build.naming import output_path
from generator.build.pipeline import Renderer
from generator.data.loading import load_batch

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

BATCH = load_batch([EXAMPLES])
AGREEMENTS = {
    f"{output_path(a, Path()).stem}--{'-'.join(output_path(a, Path()).parts[:-1])}": a
    for a in BATCH.agreements
}


@pytest.mark.parametrize("name", sorted(AGREEMENTS))
def test_example_document_structure_matches_golden(name: str):
    agreement = AGREEMENTS[name]
    summary = structure_summary(read_docx(Renderer(TEMPLATES).render(agreement)))
    path = GOLDEN / f"{name}.json"
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}; run with UPDATE_GOLDEN=1"
    assert summary == json.loads(path.read_text(encoding="utf-8"))


def test_every_golden_file_belongs_to_an_example():
    stale = {p.stem for p in GOLDEN.glob("*.json")} - set(AGREEMENTS)
    if UPDATE:
        for name in stale:
            (GOLDEN / f"{name}.json").unlink()
        stale = set()
    assert not stale, f"golden files without an example: {sorted(stale)}"
