"""Benchmark of the web workspace where people wait (not a test; prints figures):

* "Simpan" → the new PDF of one SKPD in the browser (form posted until the status the page
  polls says the new draft is ready), against the naive way measured in the same run: a
  `pkgen build` of that one file in a new process (LibreOffice started cold);
* the dashboard of 60 SKPD (first request after start, then warm);
* N users (default 20) browsing at once for a bounded time: latency p50/p95/max, errors.

Everything runs against a real `pkgen serve` on 127.0.0.1 with 60 synthetic SKPD.

    python -m generator.web.bench [--users 20] [--seconds 60] [--saves 5] [--keep DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import http.cookiejar
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from generator.bench import machine, make_agreements

PASSWORD = "bangku-uji-kinerja-2022"
N_SKPD = 60
GOALS = {"save_to_pdf_s": 3.0, "dashboard_ms": 300.0, "p95_ms": 500.0}


# --------------------------------------------------------------------------- HTML forms


class _FormReader(HTMLParser):
    def __init__(self, action_contains: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action_contains = action_contains
        self.fields: dict[str, str] = {}
        self.inside = self.done = False
        self.textarea: str | None = None
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self.done and self.action_contains in a.get("action", ""):
            self.inside = True
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "file"):
            if a.get("type") != "checkbox" or "checked" in a:
                self.fields[name] = a.get("value", "")
        elif tag == "textarea" and name:
            self.textarea = name
            self.fields[name] = ""
        elif tag == "select" and name:
            self.select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in a:
            self.fields[self.select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.fields[self.textarea] += data


def form_fields(html: str, action_contains: str = "") -> dict[str, str]:
    """What a browser posts from the first form whose action contains `action_contains`:
    inputs, textareas, selected options, checkboxes only when checked."""
    reader = _FormReader(action_contains)
    reader.feed(html)
    return reader.fields


# --------------------------------------------------------------------------- HTTP


class Session:
    """A browser-like HTTP session: cookies, redirects, the CSRF token of forms."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[int, bytes]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, data: dict[str, str]) -> tuple[int, bytes]:
        body = urllib.parse.urlencode(data).encode()
        return self._open(urllib.request.Request(self.base + path, data=body, method="POST"))

    def _open(self, request: urllib.request.Request) -> tuple[int, bytes]:
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def log_in(self, username: str) -> None:
        _, page = self.get("/masuk/")
        fields = form_fields(page.decode(), "")
        fields.update({"username": username, "password": PASSWORD})
        status, body = self.post("/masuk/", fields)
        if b"Keluar" not in body:
            raise RuntimeError(f"login {username} gagal ({status})")


# --------------------------------------------------------------------------- the server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare(work: Path, users: int) -> None:
    """60 synthetic SKPD, the database and the accounts (one operator per SKPD browsed)."""
    make_agreements(work / "agreements" / "2022", N_SKPD)
    from generator.web.server import configure

    configure(work / "agreements", out=work / "output")
    from generator.web.accounts import add_user
    from generator.web.models import Profile, Role

    add_user("admin", Role.ADMIN, password=PASSWORD)
    add_user("pimpinan", Role.PIMPINAN, password=PASSWORD)
    add_user("verifikator", Role.VERIFIKATOR, password=PASSWORD)
    for n in range(1, max(users, 2) + 1):
        add_user(
            f"op{n:02d}",
            Role.OPERATOR,
            password=PASSWORD,
            skpd=[("2022", f"dinas-sintetis-{n:02d}")],
        )
    Profile.objects.update(must_change_password=False)


@contextlib.contextmanager
def running_server(work: Path, workers: int) -> Iterator[str]:
    port = _free_port()
    log = open(work / "serve.log", "w")  # noqa: SIM115 - closed below
    env = {k: v for k, v in os.environ.items() if not k.startswith("PKGEN_")}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "serve",
            "agreements/",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        cwd=work,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                urllib.request.urlopen(base + "/masuk/", timeout=5).close()
                break
            time.sleep(0.2)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def wait_for_queue(timeout: float = 900) -> float:
    """Seconds until the server's build queue is empty (the drafts made at start)."""
    from generator.web.models import BuildJob, JobState

    started = time.monotonic()
    while time.monotonic() - started < timeout:
        busy = BuildJob.objects.filter(state__in=[JobState.ANTRI, JobState.BERJALAN]).count()
        if busy == 0:
            return time.monotonic() - started
        time.sleep(0.5)
    raise RuntimeError("antrean pembuatan tidak selesai")


# --------------------------------------------------------------------------- measures


def timed(call: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def bench_dashboard(base: str, rounds: int) -> tuple[float, list[float]]:
    session = Session(base)
    session.log_in("admin")
    cold, (status, _) = timed(lambda: session.get("/pemda/2022/"))
    assert status == 200
    warm = []
    for _ in range(rounds):
        seconds, (status, body) = timed(lambda: session.get("/pemda/2022/"))
        assert status == 200 and body.count(b'data-label="SKPD"') == N_SKPD
        warm.append(seconds)
    return cold, warm


def bench_saves(base: str, saves: int) -> list[float]:
    """Seconds from posting "Simpan" to the status that says the new PDF is ready."""
    session = Session(base)
    session.log_in("op01")
    skpd = "/pemda/2022/skpd/dinas-sintetis-01/"
    results = []
    for n in range(saves):
        _, page = session.get(skpd + "ubah/")
        fields = form_fields(page.decode(), "/ubah/")
        name = next(k for k, v in fields.items() if k.endswith("-target") and v.isdigit())
        fields[name] = str(int(fields[name]) + (1 if n % 2 == 0 else -1))
        _, state = session.get(skpd + "keadaan.json")
        before = re.search(rb'"pdf": (\d+)', state)
        started = time.perf_counter()
        status, _ = session.post(skpd + "ubah/", {**fields, "aksi": "simpan"})
        assert status == 200, status
        while True:
            _, state = session.get(skpd + "keadaan.json")
            pdf = re.search(rb'"pdf": (\d+)', state)
            if b'"dokumen": "mutakhir"' in state and pdf and before and pdf[1] != before[1]:
                break
            if time.perf_counter() - started > 120:
                raise RuntimeError("PDF baru tidak muncul dalam 120 detik")
            time.sleep(0.05)
        results.append(time.perf_counter() - started)
    return results


def bench_uncached_validation(work: Path) -> float:
    """The naive dashboard: every SKPD file loaded and validated again (no cache)."""
    from generator.web.workspace import Workspace

    workspace = Workspace(work / "agreements", work / "output", work / "state-naif")
    pemda = workspace.pemdas()[0]
    seconds, loaded = timed(lambda: [workspace.load(s) for s in workspace.skpds(pemda)])
    assert len(loaded) == N_SKPD and all(item.valid for item in loaded)
    return seconds


def bench_naive_build(work: Path, rounds: int) -> list[float]:
    """The naive way: `pkgen build` of the one file in a new process (cold LibreOffice)."""
    results = []
    for n in range(rounds):
        seconds, done = timed(
            lambda n=n: subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "generator",
                    "build",
                    "agreements/2022/dinas-sintetis-01.yaml",
                    "--out",
                    f"naif-{n}",
                    "--workers",
                    "1",
                ],
                cwd=work,
                capture_output=True,
                check=False,
            )
        )
        assert done.returncode == 0, done.stderr
        results.append(seconds)
    return results


@dataclass
class Load:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def browse(base: str, username: str, stem: str | None, until: float, load: Load) -> None:
    """One user clicking around with a second or so between clicks, until `until`."""
    session = Session(base)
    session.log_in(username)
    rng = random.Random(username)
    pages = ["/pemda/2022/"]
    skpd_pages = ["", "panel/", "keadaan.json", "riwayat/", "halaman/1.png"]
    while time.monotonic() < until:
        own = stem or f"dinas-sintetis-{rng.randint(1, N_SKPD):02d}"
        path = rng.choice(pages + [f"/pemda/2022/skpd/{own}/{p}" for p in skpd_pages])
        seconds, (status, _) = timed(lambda path=path: session.get(path))
        with load.lock:
            load.latencies.append(seconds)
            if status != 200:
                load.errors.append(f"{status} {path}")
        time.sleep(rng.uniform(0.5, 1.5))


def bench_users(base: str, users: int, seconds: float) -> Load:
    load = Load()
    until = time.monotonic() + seconds
    threads = []
    for n in range(users):
        if n == 0:
            who, stem = "admin", None
        elif n == 1:
            who, stem = "pimpinan", None
        elif n == 2:
            who, stem = "verifikator", None
        else:
            who, stem = f"op{n:02d}", f"dinas-sintetis-{n:02d}"
        thread = threading.Thread(target=browse, args=(base, who, stem, until, load))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    return load


# --------------------------------------------------------------------------- report


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--workers", type=int, default=None, help="LibreOffice processes")
    parser.add_argument("--keep", type=Path, default=None, help="keep the work folder here")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="pkgen-bench-web-"))
    work.mkdir(parents=True, exist_ok=True)
    workers = args.workers or max(1, min(2, os.cpu_count() or 1))
    try:
        prepare(work, args.users)
        print(f"Mesin: {machine()}; {N_SKPD} SKPD sintetis; {workers} proses LibreOffice")
        with running_server(work, workers) as base:
            warm_up = wait_for_queue()
            print(f"Draf awal {N_SKPD} SKPD di latar belakang: {warm_up:.1f} detik")
            cold, warm = bench_dashboard(base, 30)
            saves = bench_saves(base, args.saves)
            load = bench_users(base, args.users, args.seconds)
        naive = bench_naive_build(work, 2)
        uncached = bench_uncached_validation(work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    save_median = statistics.median(saves)
    naive_median = statistics.median(naive)
    rows = [
        (
            f"Simpan → PDF baru (median dari {len(saves)})",
            f"{save_median:.2f} s (maks {max(saves):.2f} s)",
            f"{naive_median / save_median:.1f}× lebih cepat dari pkgen build satu berkas "
            f"({naive_median:.2f} s, LibreOffice dingin); target ≤ {GOALS['save_to_pdf_s']:.0f} s: "
            + ("tercapai" if max(saves) <= GOALS["save_to_pdf_s"] else "TIDAK tercapai"),
        ),
        ("Dasbor 60 SKPD, permintaan pertama", ms(cold), "berkas sudah divalidasi saat start"),
        (
            "Dasbor 60 SKPD (30×)",
            f"median {ms(statistics.median(warm))}, p95 {ms(percentile(warm, 0.95))}",
            f"{uncached / statistics.median(warm):.0f}× lebih cepat dari memvalidasi ulang "
            f"60 berkas tiap permintaan ({ms(uncached)}); target ≤ "
            f"{GOALS['dashboard_ms']:.0f} ms: "
            + ("tercapai" if percentile(warm, 0.95) * 1000 <= GOALS["dashboard_ms"] else "TIDAK"),
        ),
        (
            f"{args.users} pengguna bersamaan, {args.seconds:.0f} s",
            f"{len(load.latencies)} permintaan, p50 {ms(percentile(load.latencies, 0.5))}, "
            f"p95 {ms(percentile(load.latencies, 0.95))}, maks {ms(max(load.latencies))}",
            f"{len(load.errors)} galat; target p95 ≤ {GOALS['p95_ms']:.0f} ms tanpa galat: "
            + (
                "tercapai"
                if percentile(load.latencies, 0.95) * 1000 <= GOALS["p95_ms"] and not load.errors
                else "TIDAK"
            ),
        ),
    ]
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name.ljust(width)}  {value}  — {note}")
    if load.errors:
        print("Galat:", ", ".join(sorted(set(load.errors))[:10]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
