"""How long a contributor waits under `mkdocs serve`: edit one note, time until the rebuilt page shows the edit.

Runs on a copy of the project (mkdocs.yml, docs/, notes_src/) in a temporary folder, so the real notes are never
touched. Side by side in the same run: a full `mkdocs build` of the same copy. Each edit appends a new line with a
unique word to one note; the clock runs from the write until the raw-line page of that note, fetched over HTTP
from the running server, contains the word.

    python bench/rebuild.py [--edits 3] [--note notes_src/dva-c02-notes/notes.md]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_NOTE = "notes_src/dva-c02-notes/notes.md"


def copy_project(target: Path) -> None:
    """The parts of the project a build reads."""
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    for folder in ("docs", "notes_src"):
        shutil.copytree(ROOT / folder, target / folder)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8", errors="replace"))
    except OSError:
        return ""


def wait_for(url: str, word: str, timeout: float) -> float:
    """Seconds until the page at `url` contains `word` (polled every 50 ms); inf on timeout."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if word in fetch(url):
            return time.perf_counter() - started
        time.sleep(0.05)
    return float("inf")


def full_build(project: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(project / "full-site")],
        cwd=project,
        env=env,
        check=True,
    )
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--note", default=DEFAULT_NOTE)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-rebuild-") as tmp:
        project = Path(tmp)
        copy_project(project)
        build_s = full_build(project)
        port = free_port()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            page = f"http://127.0.0.1:{port}/raw/{args.note}.html"
            first = wait_for(page, "</html>", 300)
            waits = []
            note = project / args.note
            for number in range(args.edits):
                word = f"benchmarkedit{number}x{int(time.time())}"
                with note.open("a", encoding="utf-8") as handle:
                    handle.write(f"\n{word} appended by bench/rebuild.py\n")
                waits.append(wait_for(page, word, 120))
                time.sleep(2)  # let the server settle before the next edit
        finally:
            server.terminate()
            server.wait(timeout=30)
    median = statistics.median(waits)
    print(f"first serve build ready after {first:.1f} s")
    print(f"full build: {build_s:.1f} s")
    print(f"edit → page updated: {', '.join(f'{w:.1f}' for w in waits)} s; median {median:.1f} s")
    print(f"rebuild / full build: {median / build_s:.2f} (bar: 0.30)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
