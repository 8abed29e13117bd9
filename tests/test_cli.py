"""`notes-kb check`, the command CONTRIBUTING.md tells a contributor to run on a new notebook."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from notes_kb.cli import main
from shift_lines import shifted

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


def test_shift_lines_moves_the_spans_after_an_edit() -> None:
    """After a line is added below line 20 of a shipped note, the audits' spans of that note after it move down one;
    a span holding line 20 grows by one; other notes' spans and earlier ones stay."""
    text = (
        "hidden: notes_src/a/notes.md:12-12\n"
        "shown: notes_src/a/notes.md:18-22\n"
        "hidden: notes_src/a/notes.md:30-31\n"
        "shown: notes_src/b/notes.md:30-31\n"
    )
    new, moved = shifted(text, "notes_src/a/notes.md", 20, 1)
    assert moved == 2
    assert new.splitlines() == [
        "hidden: notes_src/a/notes.md:12-12",
        "shown: notes_src/a/notes.md:18-23",
        "hidden: notes_src/a/notes.md:31-32",
        "shown: notes_src/b/notes.md:30-31",
    ]
    assert shifted(new, "notes_src/a/notes.md", 20, -1)[0] == text


class _ClosedPipe:
    """A stdout whose reader has gone (`notes-kb search ... | head`)."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_pipe_ends_the_command_quietly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A contributor's review: `notes-kb search "..." | head` ended in a BrokenPipeError traceback."""
    shutil.copytree(FIXTURES, tmp_path / "notes_src")
    monkeypatch.setattr("sys.stdout", _ClosedPipe())
    assert main(["check", "--root", str(tmp_path)]) == 1  # not all was written: no success (a review)
