"""How long a contributor waits under `make serve`: edit one note, time until the rebuilt site shows the edit.

Runs on a copy of the project (×1: mkdocs.yml, docs/, notes_src/; ×10: the corpus from bench/scale.py) in a
temporary folder, so the real notes are never touched. Side by side in the same run: a full `mkdocs build` of the
same copy. Each edit appends a new line with a unique word to one note; the clock runs from the write until the
chapter page that shows the line, fetched over HTTP from the running `mkdocs serve --dirty` (what `make serve` runs),
contains the word and the server has logged that build as done ("Documentation built in ..."), so every search file
it writes is counted. Before 2d9c6b0 the clock stopped when `search/nkb/head.json` changed, and that is the index's
first file, not its last: what the rest of the index cost was not counted.

Writes bench/results/rebuild.md and rebuild.json.

    python bench/rebuild.py [--scales 1,10] [--edits 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TextIO

import scale

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
NOTE = "notes_src/dva-c02-notes/notes.md"
PAGE = "sources/dva-c02-notes/1-18-nosql-and-dynamodb/"
"""The chapter page an appended line of NOTE lands on (its last chapter)."""
INDEX = "search/nkb/head.json"
"""Written with the other index files at the end of a build; a new word changes it."""
SERVE = ["serve", "--dirty", "--no-strict"]
"""What `make serve` runs."""


@dataclass
class Result:
    scale: int
    full_build_s: float
    first_serve_s: float
    rebuilds_s: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.rebuilds_s)

    @property
    def ratio(self) -> float:
        return self.median / self.full_build_s


def copy_project(factor: int, target: Path) -> None:
    """The parts of the project a build reads (a scaled corpus's mkdocs.yml names the repository's docs/)."""
    if factor == 1:
        shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
        for folder in ("docs", "notes_src"):
            shutil.copytree(ROOT / folder, target / folder)
        return
    corpus = scale.generate(factor)
    shutil.copy2(corpus / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(corpus / "notes_src", target / "notes_src")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return bytes(response.read())
    except OSError:
        return b""


def wait_until(check: Callable[[], bool], timeout: float) -> float:
    """Seconds until `check()` is true (polled every 50 ms); inf on timeout."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if check():
            return time.perf_counter() - started
        time.sleep(0.05)
    return float("inf")


class BuildLog:
    """How many builds a running `mkdocs serve` has logged as done, read from its log in a thread as it runs."""

    def __init__(self, stream: TextIO) -> None:
        self.done = 0
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: TextIO) -> None:
        for line in stream:
            if "Documentation built in" in line:
                self.done += 1


def environment() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def full_build(project: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(project / "full-site")],
        cwd=project,
        env=environment(),
        check=True,
    )
    return time.perf_counter() - started


def measure(factor: int, edits: int) -> Result:
    with tempfile.TemporaryDirectory(prefix="bench-rebuild-") as tmp:
        project = Path(tmp)
        copy_project(factor, project)
        build_s = full_build(project)
        shutil.rmtree(project / "full-site")
        port = free_port()
        started = time.perf_counter()
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", *SERVE, "-a", f"127.0.0.1:{port}"],
            cwd=project,
            env=environment(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert server.stderr is not None
        log = BuildLog(server.stderr)
        try:
            base = f"http://127.0.0.1:{port}/"
            wait_until(lambda: log.done >= 1 and bool(fetch(base + INDEX)), 1800)
            first = time.perf_counter() - started
            waits = []
            for number in range(edits):
                built = log.done
                word = f"benchmarkedit{number}x{int(time.time())}"
                with (project / NOTE).open("a", encoding="utf-8") as handle:
                    handle.write(f"\n{word} appended by bench/rebuild.py\n")
                marker = word.encode()
                shown = wait_until(lambda m=marker: m in fetch(base + PAGE), 600)
                finished = wait_until(lambda b=built: log.done > b, 600)
                waits.append(shown + finished)
                print(f"×{factor} edit {number + 1}: {waits[-1]:.1f} s", file=sys.stderr)
                time.sleep(2)  # let the server settle before the next edit
        finally:
            server.terminate()
            server.wait(timeout=30)
    return Result(factor, build_s, first, waits)


def report(results: list[Result]) -> str:
    lines = [
        "# Rebuild under `make serve` (mkdocs serve --dirty)",
        "",
        "Generated by `python bench/rebuild.py`. Edit = append one line to the DVA notes; the time runs until the",
        "chapter page shows it and the search index has been rewritten. Full build = `mkdocs build` of the same copy,",
        "in the same run.",
        "",
        "| scale | full build s | first serve build s | rebuilds s | median s | rebuild / full build | bar |",
        "|---|---:|---:|---|---:|---:|---:|",
    ]
    for r in results:
        rebuilds = ", ".join(f"{w:.1f}" for w in r.rebuilds_s)
        lines.append(
            f"| ×{r.scale} | {r.full_build_s:.1f} | {r.first_serve_s:.1f} | {rebuilds} | {r.median:.1f} | "
            f"{r.ratio:.2f} | ≤ 0.30 |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args(argv)
    results = [measure(int(factor), args.edits) for factor in args.scales.split(",")]
    text = report(results)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "rebuild.md").write_text(text, encoding="utf-8")
    rows = [asdict(r) | {"median_s": r.median, "ratio": r.ratio} for r in results]
    (RESULTS / "rebuild.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
