"""Small helpers the reader tests share."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from notes_kb.sources import RawFile, load_raw_file, split_lines

ROOT = Path(__file__).resolve().parent.parent


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
    """`mkdocs build --strict` of the real site into `out` (build date from the last commit, as in CI), its generated
    pages rendered by `render_workers` worker processes (0: by the build process itself)."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["NOTES_KB_WORKERS"] = str(render_workers)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
