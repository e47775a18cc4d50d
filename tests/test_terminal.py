"""Tables pkgen prints keep every value whole: on a terminal (columns never narrower than
a value, plain lines when the table cannot fit) and in a pipe or file (never wrapped)."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table

from generator.domain.formatting import (
    RupiahStyle,
    format_nip,
    format_partial_date,
    format_rupiah,
)
from generator.domain.terminal import fits, whole_values, whole_width
from generator.revision.report import print_diff
from generator.revision.sources import compare_paths

ROOT = Path(__file__).resolve().parent.parent

words = st.text(alphabet="abcdefghij ", max_size=30)


@given(
    st.integers(min_value=-(10**15), max_value=10**15),
    st.sampled_from([RupiahStyle.RP_TITIK, RupiahStyle.RP, RupiahStyle.RP_SEN]),
    words,
    words,
    st.booleans(),
)
def test_every_rupiah_amount_in_a_text_is_one_value_to_keep_whole(
    amount, style, before, after, signed
):
    value = format_rupiah(amount, style, signed=signed)
    assert value in whole_values(f"{before} {value} {after}")


@given(
    st.from_regex(
        r"(19[6-9][0-9]|200[0-9])(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])(19[89][0-9]|20[0-2][0-9])"
        r"(0[1-9]|1[0-2])[12][0-9]{3}",
        fullmatch=True,
    ),
    words,
)
def test_a_nip_is_one_value_to_keep_whole(nip, before):
    value = format_nip(nip)
    assert value in whole_values(f"{before} NIP. {value}, Pembina")


@given(st.integers(2000, 2100), st.integers(1, 12), st.one_of(st.none(), st.integers(1, 28)))
def test_a_date_is_one_value_to_keep_whole(year, month, day):
    value = format_partial_date(year, month, day)
    assert value in whole_values(f"Medan, {value} ditandatangani")


def test_targets_with_their_category_ranges_and_bounds_are_kept_whole():
    text = "dari 3,0644 (B) menjadi 71 (BB); 60-75 %, 3 sd 6 hari, ≤ 60 menit, 95 %"
    assert whole_values(text) == ["3,0644 (B)", "71 (BB)", "60-75 %", "3 sd 6", "≤ 60", "95 %"]
    assert whole_width([text, "Rp. 107.458.861.163"]) == len("Rp. 107.458.861.163")
    assert whole_width(["single words only: 66 agreements/2022/x.yaml:23"]) == 0


def test_a_table_fits_only_when_no_column_falls_below_its_minimum():
    table = Table()
    table.add_column("Bagian", no_wrap=True)
    table.add_column("Semula", min_width=len("Rp. 107.458.861.163"))
    table.add_row("Anggaran program", "Rp. 107.458.861.163")
    assert fits(Console(width=80, file=io.StringIO()), table)
    assert not fits(Console(width=30, file=io.StringIO()), table)


def revised_examples(tmp_path: Path) -> Path:
    """lama/2022 (the examples) and agreements/2022 with two anggaran and one target changed."""
    shutil.copytree(EXAMPLES, tmp_path / "lama" / "2022")
    new = tmp_path / "agreements" / "2022"
    shutil.copytree(EXAMPLES, new)
    for name, old, changed in (
        ("dinas-kesehatan.yaml", "anggaran: 2384516000", "anggaran: 2634516000"),
        ("sekretariat-dprd.yaml", "anggaran: 107458861163", "anggaran: 100000000000"),
    ):
        path = new / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1
        path.write_text(text.replace(old, changed), encoding="utf-8")
    return tmp_path


AMOUNTS = ["Rp. 107.458.861.163", "Rp. 100.000.000.000", "-Rp. 7.458.861.163", "+Rp. 250.000.000"]


def test_a_diff_on_a_narrow_terminal_never_cuts_an_amount(tmp_path, monkeypatch):
    monkeypatch.chdir(revised_examples(tmp_path))
    diff = compare_paths(Path("lama/2022"), Path("agreements/2022")).diff
    for width in (200, 140, 100, 60, 40):
        buffer = io.StringIO()
        console = Console(file=buffer, width=width, force_terminal=True, color_system=None)
        print_diff(diff, console)
        lines = buffer.getvalue().splitlines()
        for amount in AMOUNTS:
            assert any(amount in line for line in lines), (width, amount)
        locations = [
            "agreements/2022/sekretariat-dprd.yaml:",
            "agreements/2022/dinas-kesehatan.yaml:",
        ]
        for location in locations:
            assert any(location in line for line in lines), (width, location)
        table = any("┃ Bagian" in line for line in lines)
        assert table == (width >= 140), width  # else one plain line per change
        assert table or sum(line.startswith("~ Anggaran: ") for line in lines) == 2


def run(*args: str, cwd: Path) -> str:
    """pkgen with its output to a pipe and COLUMNS unset, as in `pkgen diff … > x.txt`."""
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_a_diff_saved_to_a_file_keeps_every_amount_and_location_on_one_line(tmp_path):
    out = run("diff", "lama/2022", "agreements/2022", cwd=revised_examples(tmp_path))
    lines = out.splitlines()
    assert max(len(line) for line in lines) > 80  # not wrapped at 80 columns
    rows = [line for line in lines if line.startswith("│ Anggaran")]
    assert len(rows) == 2
    for amount in AMOUNTS:
        assert sum(amount in row for row in rows) == 1, amount
    assert re.search(r"│ agreements/2022/sekretariat-dprd\.yaml:\d+ +│", rows[0])
    assert re.search(r"│ agreements/2022/dinas-kesehatan\.yaml:\d+ +│", rows[1])


def test_a_build_summary_saved_to_a_file_has_one_line_per_skpd(tmp_path):
    out = run("build", str(EXAMPLES), "--no-pdf", "--out", "keluaran", cwd=tmp_path)
    rows = [line for line in out.splitlines() if line.startswith("│ ") and "dibuat" in line]
    documents = sum(1 for _ in (tmp_path / "keluaran").rglob("*.docx"))
    assert len(rows) == documents == 19  # 8 of them the Dinas Kesehatan ladder
    for row in rows:
        assert re.search(r"keluaran/2022/\S+/: \S+\.docx", row), row
    summary = [line for line in out.splitlines() if "dibuat," in line]
    assert len(summary) == 1 and summary[0].endswith(")")
