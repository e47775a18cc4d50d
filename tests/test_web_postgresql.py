"""The web tests once more, on PostgreSQL: a private cluster is started here (see
pg_cluster.py) and every tests/test_web_*.py runs against it, the browser tests included
(their `pkgen serve` uses the same cluster)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import ROOT
from pg_cluster import postgres_bin, private_cluster

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(postgres_bin() is None, reason="PostgreSQL is not installed"),
    pytest.mark.skipif(
        bool(os.environ.get("PKGEN_DATABASE_URL")), reason="already the PostgreSQL run"
    ),
]


def test_the_web_tests_pass_on_postgresql():
    web_tests = sorted(
        str(p.relative_to(ROOT))
        for p in (ROOT / "tests").glob("test_web_*.py")
        if p.name != "test_web_postgresql.py"
    )
    with private_cluster() as url:
        env = {**os.environ, "PKGEN_DATABASE_URL": url}
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *web_tests],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=1800,
        )
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    print(f"\nDi PostgreSQL: {summary}")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert " passed" in summary and "failed" not in summary
