"""The clean note format of CONTRIBUTING.md reads with no options and renders as documented."""

from __future__ import annotations

from pathlib import Path

from golden import assert_golden
from helpers import fixture_file
from notes_kb.coverage import check_coverage
from notes_kb.model import Quiz
from notes_kb.readers import READERS
from notes_kb.render import render_tree

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "clean_markdown" / "notes.md"


def test_clean_note_format_golden() -> None:
    raw = fixture_file(FIXTURE.read_text(encoding="utf-8"), "notes_src/mine/notes.md")
    tree = READERS["clean-markdown"].read([raw], {})
    assert check_coverage(tree, [raw]) == []
    assert [c.title for c in tree.chapters] == ["EC2", "보안 그룹"]
    quizzes = [b for s in tree.chapters[0].children for b in s.blocks if isinstance(b, Quiz)]
    assert [o.text for o in quizzes[0].options if o.correct] == ["Reserved Instances"]
    assert_golden("clean_markdown/notes.md", render_tree(tree))
