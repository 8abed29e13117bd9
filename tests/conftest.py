from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from notes_kb.memo import Memo
from notes_kb.pipeline import Build, Settings, run

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))

from helpers import corpus, strict_build  # noqa: E402


@pytest.fixture(scope="session")
def real_site_build() -> Build:
    """One pipeline run over the real notes, shared by every test that only reads it (Build is immutable). Its memo
    keeps what the run computed, as `mkdocs serve` does, so tests/test_rebuild.py can run it again warm."""
    return run(Settings(corpus(), memo=Memo()))


@pytest.fixture(scope="session")
def repo_build(real_site_build: Build) -> Build:
    """One pipeline run over every notebook in the repository, for the invariants that must hold on any note (a
    contributor's new notebook included): the shipped run itself while the repository holds only those."""
    return real_site_build if corpus() == ROOT else run(Settings(ROOT))


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """One strict build of the real site, shared by the site tests and the browser tests (with its build log)."""
    out = tmp_path_factory.mktemp("site")
    proc = strict_build(out)
    assert proc.returncode == 0, proc.stderr[-4000:]
    yield out, proc.stderr
