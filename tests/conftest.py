from __future__ import annotations

import sys
from pathlib import Path

import pytest

from notes_kb.pipeline import Build, Settings, run

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="session")
def real_site_build() -> Build:
    """One pipeline run over the real notes, shared by every test that only reads it (Build is immutable)."""
    return run(Settings(ROOT))
