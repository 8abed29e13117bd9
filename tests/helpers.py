"""Small helpers the reader tests share."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

from notes_kb.sources import RawFile, load_raw_file, split_lines

ROOT = Path(__file__).resolve().parent.parent

SHIPPED_SOURCES = ("dva-c02-notes", "saa-cheat-sheet", "saa-notebook", "udemy-saa-ko")
"""The notebooks this repository ships. The tests' figures (accuracy, merges, tips, pages) are measured on them, so a
contributor's new notebook (CONTRIBUTING.md, "Add a notebook") changes none of them: it is checked by the strict
build of the repository (`make build`), `notes-kb check` and the invariant tests that read every note."""


@cache
def corpus() -> Path:
    """The project the real-corpus tests build: the repository itself when it holds only the shipped notebooks,
    else a copy of its configuration and those notebooks (made once per test run, removed at exit)."""
    present = sorted(p.parent.name for p in (ROOT / "notes_src").glob("*/source.yml"))
    if present == sorted(SHIPPED_SOURCES):
        return ROOT
    project = Path(tempfile.mkdtemp(prefix="notes-kb-corpus-"))
    atexit.register(shutil.rmtree, project, ignore_errors=True)
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    for name in SHIPPED_SOURCES:
        shutil.copytree(ROOT / "notes_src" / name, project / "notes_src" / name)
    return project


def real_file(rel_path: str) -> RawFile:
    """A raw note of the repository (notes_src/...)."""
    return load_raw_file(ROOT, rel_path)


def fixture_file(text: str, path: str = "notes_src/fixture/note.md") -> RawFile:
    """An in-memory raw note, for small hand-cut fixtures."""
    import hashlib

    return RawFile(path, hashlib.sha256(text.encode()).hexdigest(), split_lines(text))


def cut(rel_path: str, start: int, end: int) -> str:
    """Lines start..end (1-based, inclusive) of a real note, for fixtures cut from the real files."""
    lines = real_file(rel_path).lines[start - 1 : end]
    return "\n".join(lines) + "\n"


def strict_build(out: Path, render_workers: int = 2) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of the real site (the shipped notebooks, `corpus`) into `out`, build date from the last
    commit as in CI, its generated pages rendered by `render_workers` worker processes (0: by the build process)."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["NOTES_KB_WORKERS"] = str(render_workers)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=corpus(),
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
