"""`notes-kb check`, the command CONTRIBUTING.md tells a contributor to run on a new notebook."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from notes_kb.cli import explained, main
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


def test_check_explains_what_became_of_a_notes_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A contributor's review: `notes-kb check` counted a new note's merged lines but never said which, nor which of
    its lines disagree with another source. `--explain NOTE` lists each, `file:line:` first, so an editor jumps to
    it; a note is named by its path (relative or absolute) or the path's end, and a name that is no note is an error
    naming the notes."""
    shutil.copytree(FIXTURES, tmp_path / "notes_src")
    assert main(["check", "--root", str(tmp_path), "--explain", "cheat-sheet.txt"]) == 0
    out = capsys.readouterr().out.splitlines()
    merged = int(next(found.group(4) for line in out if (found := SUMMARY.match(line)) and "cheat" in line))
    explained = [line for line in out if not SUMMARY.match(line)]
    spans = [
        re.match(r"notes_src/saa-cheat-sheet/cheat-sheet\.txt:(\d+)(?:-(\d+))?: merged into its twin \S+:\d", line)
        for line in explained
    ]
    assert merged > 0 and all(spans), explained
    assert sum(int(s.group(2) or s.group(1)) - int(s.group(1)) + 1 for s in filter(None, spans)) == merged
    note = tmp_path / "notes_src" / "saa-cheat-sheet" / "cheat-sheet.txt"
    names = (str(note), "./notes_src/saa-cheat-sheet/cheat-sheet.txt", "./saa-cheat-sheet\\cheat-sheet.txt")
    for name in names:  # absolute, from --root, or the path's end; given twice, explained once
        assert main(["check", "--root", str(tmp_path), "--explain", name, "--explain", name]) == 0
        assert [line for line in capsys.readouterr().out.splitlines() if not SUMMARY.match(line)] == explained
    assert main(["check", "--root", str(tmp_path), "--explain", "notes.md"]) == 0  # two notes end so: both, said
    out, err = capsys.readouterr()
    assert "note: --explain notes.md: 2 notes end so" in err
    assert {line.split(":", 1)[0] for line in out.splitlines() if not SUMMARY.match(line)} == {
        "notes_src/dva-c02-notes/notes.md",
        "notes_src/udemy-saa-ko/notes.md",
    }
    assert main(["check", "--root", str(tmp_path), "--explain", "sheet.txt", "--explain", "sheet.txt"]) == 1
    assert capsys.readouterr().err.count("error: --explain sheet.txt: no note of that name") == 1  # not a name's part
    assert main(["check", "--root", str(tmp_path), "--explain", "/cheat-sheet.txt"]) == 1  # absolute: that path only


def test_explained_lists_drops_merges_and_disputes_in_line_order() -> None:
    place = {"path": "n/a.md", "start": 7, "end": 8}
    other = {"path": "n/b.md", "start": 3, "end": 3}
    document = {
        "blocks": [
            {**place, "status": "kept", "kind": "paragraph"},
            {"path": "n/a.md", "start": 9, "end": 9, "status": "merged", "duplicate_of": other, "service": "s3"},
            {"path": "n/a.md", "start": 2, "end": 2, "status": "dropped", "reason": "horizontal rule"},
            {**other, "status": "dropped", "reason": "image"},
        ],
        "conflicts": [
            {"a": other, "b": place, "service": "sqs", "why": "told: up to 14 days vs up to 15 days"},
            {"a": {**place, "start": 1, "end": 12, "row": 10}, "b": other, "service": "vpc", "why": "told: 45 vs 100"},
        ],
    }
    assert explained(document, ["n/a.md"]) == [
        "n/a.md:2: dropped: horizontal rule",
        "n/a.md:7-8: disagrees with n/b.md:3 on the sqs page (told: up to 14 days vs up to 15 days)",
        "n/a.md:9: merged into its twin n/b.md:3, shown on the s3 page",
        "n/a.md:10: disagrees with n/b.md:3 on the vpc page (told: 45 vs 100)",  # a table's row, not its first line
    ]


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
