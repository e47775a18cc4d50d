"""Never a traceback on bad data: any combination of broken pemda.yaml and SKPD files ends
with located messages and exit code 1.

Hypothesis generates the combinations from a valid pemda and SKPD: keys nobody declared,
values of the wrong type, required fields removed, YAML that does not parse — in one file
or in both. `pkgen check` and `pkgen build --no-pdf` run in process on each.
"""

from __future__ import annotations

import copy
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import PEMDA_YAML, SKPD_YAML, dedent
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from generator.cli import app
from generator.errors import PkgenError

PEMDA = yaml.safe_load(dedent(PEMDA_YAML))
SKPD = yaml.safe_load(dedent(SKPD_YAML))

# Places of each file that are mappings of declared keys, and required fields in them.
PEMDA_MAPPINGS = [(), ("kepala_daerah",)]
PEMDA_REQUIRED = [("pemerintah",), ("tempat",), ("kepala_daerah",), ("kepala_daerah", "nama")]
SKPD_MAPPINGS = [(), ("unit",), ("pihak_pertama",), ("sasaran", 0), ("sasaran", 0, "indikator", 0)]
SKPD_REQUIRED = [
    ("tahun",),
    ("unit",),
    ("unit", "alamat"),
    ("pihak_pertama", "jabatan"),
    ("sasaran", 0, "uraian"),
    ("sasaran", 0, "indikator", 0, "target"),
    ("program", 0, "anggaran"),
]
# Text or number fields, given something that is neither.
SKPD_SCALARS = [
    ("unit", "nama"),
    ("pihak_pertama", "nama"),
    ("sasaran", 0, "indikator", 0, "target"),
    ("program", 0, "nama"),
    ("tanggal",),
]
PEMDA_SCALARS = [("pemerintah",), ("tempat",), ("kepala_daerah", "jabatan"), ("logo",)]
WRONG = st.sampled_from([[1, 2], {"a": 1}, ["teks"]])
UNKNOWN_KEY = st.sampled_from(["bogus", "targte", "nip_lama", "pihak_ketiga"])


def _parent(data: Any, path: tuple) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


@st.composite
def broken(draw, data: dict, mappings: list, required: list, scalars: list) -> tuple[dict, str]:
    """A copy of `data` with one mistake that is always an error, and its kind."""
    data = copy.deepcopy(data)
    kind = draw(st.sampled_from(["unknown-key", "missing", "wrong-type"]))
    if kind == "unknown-key":
        where = draw(st.sampled_from(mappings))
        target = data
        for part in where:
            target = target[part]
        target[draw(UNKNOWN_KEY)] = draw(st.sampled_from([1, "x", [1]]))
    elif kind == "missing":
        path = draw(st.sampled_from(required))
        del _parent(data, path)[path[-1]]
    else:
        path = draw(st.sampled_from(scalars))
        _parent(data, path)[path[-1]] = draw(WRONG)
    return data, kind


def _text(data: dict | None, syntax_error: bool) -> str:
    if syntax_error:
        return "tahun: 2022\nunit: [tidak ditutup\n"
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


LOCATED = re.compile(r"^\S+\.ya?ml(:\d+)?: ")
runner = CliRunner()


def run(*args: str) -> tuple[int, list[str]]:
    result = runner.invoke(app, list(args))
    exception = result.exception
    if exception is not None and not isinstance(exception, SystemExit):
        assert isinstance(exception, PkgenError), f"traceback: {exception!r}"
    assert "Traceback" not in result.output
    return result.exit_code, result.output.splitlines()


@pytest.mark.slow  # 20 generated file pairs, each through the command line
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    pemda=st.one_of(st.none(), broken(PEMDA, PEMDA_MAPPINGS, PEMDA_REQUIRED, PEMDA_SCALARS)),
    skpd=st.one_of(st.none(), broken(SKPD, SKPD_MAPPINGS, SKPD_REQUIRED, SKPD_SCALARS)),
    syntax=st.sampled_from([None, "pemda", "skpd"]),
)
def test_broken_files_end_in_located_messages_and_exit_1_never_a_traceback(pemda, skpd, syntax):
    assume(pemda is not None or skpd is not None or syntax is not None)
    root = Path(tempfile.mkdtemp(prefix="pkgen-rusak-"))
    try:
        folder = root / "2022"
        folder.mkdir()
        (folder / "pemda.yaml").write_text(
            _text(pemda[0] if pemda else PEMDA, syntax == "pemda"), encoding="utf-8"
        )
        (folder / "dprd.yaml").write_text(
            _text(skpd[0] if skpd else SKPD, syntax == "skpd"), encoding="utf-8"
        )
        (folder / "kecamatan.yaml").write_text(_text(SKPD, False), encoding="utf-8")

        code, lines = run("check", str(folder))
        assert code == 1
        errors = [line for line in lines[:-1] if "peringatan" not in line]
        assert errors and all(LOCATED.match(line) for line in errors), lines

        code, lines = run("build", str(folder), "--no-pdf", "--out", str(root / "out"))
        assert code == 1
    finally:
        shutil.rmtree(root)


def test_the_reported_crash_pemda_and_skpd_both_broken_is_a_list_of_errors(tmp_path):
    folder = tmp_path / "2022"
    folder.mkdir()
    (folder / "pemda.yaml").write_text(dedent(PEMDA_YAML) + "bogus: 1\n", encoding="utf-8")
    (folder / "dprd.yaml").write_text(
        dedent(SKPD_YAML).replace("target: 66", "target: [1]"), encoding="utf-8"
    )
    code, lines = run("check", str(folder))
    assert code == 1
    assert [line.split("2022/", 1)[-1] for line in lines] == [
        "dprd.yaml: pemda.yaml di folder ini tidak valid; SKPD tidak bisa dibuat",
        "dprd.yaml:16: sasaran[0].indikator[0].target: harus berupa angka atau teks, "
        "ditemukan daftar",
        "pemda.yaml:7: bogus: kunci 'bogus' tidak dikenal; kunci yang boleh: pemerintah, "
        "tempat, kepala_daerah, logo, format, naskah, skala, templat, urutan, buku_jenjang",
        "3 kesalahan, 0 peringatan; 1 berkas SKPD diperiksa",
    ]
