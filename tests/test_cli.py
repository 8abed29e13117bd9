"""`notes-kb check`, the command CONTRIBUTING.md tells a contributor to run on a new notebook."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from notes_kb.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "knowledge"
SUMMARY = re.compile(r"^(\S+): (\d+) non-blank lines, (\d+) kept, (\d+) merged into a twin, (\d+) dropped$")


def test_check_accounts_for_every_line_merged_ones_included(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A contributor's review: the summary said "3999 non-blank lines, 3445 kept, 249 dropped" for the Udemy notes
    and left the 305 lines hidden in a twin to be guessed. Each file's line now adds up, merged lines included."""
    shutil.copytree(FIXTURES, tmp_path / "notes_src")
    assert main(["check", "--root", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    counts = [SUMMARY.match(line) for line in lines]
    assert lines and all(counts), lines
    for found in filter(None, counts):
        nonblank, kept, merged, dropped = map(int, found.group(2, 3, 4, 5))
        assert nonblank == kept + merged + dropped, found.group(0)
    assert sum(int(found.group(4)) for found in counts if found) > 0  # the fixtures tell IAM's facts twice
