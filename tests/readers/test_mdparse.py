"""`mdparse.parse_blocks` keeps each part's parse, so an edit parses again only the parts it changed."""

from __future__ import annotations

from notes_kb.readers import mdparse
from notes_kb.textcache import forget_all

PATH = "notes_src/fixture/note.md"


def _note(sections: int) -> list[str]:
    """A note of `sections` sections of 60 lines each (a heading, a paragraph and a list), after a title."""
    lines = ["# Notes", ""]
    for n in range(sections):
        lines += [f"## Section {n}", "", f"Amazon EC2 fact {n}.", ""]
        lines += [f"- item {n}.{k}" for k in range(55)] + [""]
    return lines


def _parts_parsed(lines: list[str]) -> int:
    before = mdparse._parse_part.cache_info().misses
    mdparse.parse_blocks(lines, PATH)
    return mdparse._parse_part.cache_info().misses - before


def test_an_edit_parses_again_only_the_parts_it_changed() -> None:
    forget_all()
    lines = _note(40)
    parts = _parts_parsed(lines)
    assert parts == 10  # a heading every 60 lines: a part starts at the first one 200 lines on, 240 lines each
    assert _parts_parsed(lines) == 0  # unchanged: every part remembered
    assert _parts_parsed([*lines, "An appended line."]) == 1  # the last part
    edited = list(lines)
    edited[1205] = "- an edited item"  # the line count unchanged: the part holding it, alone
    assert _parts_parsed(edited) == 1
    assert mdparse.parse_blocks(edited, PATH) == _whole(edited)


def _whole(lines: list[str]) -> tuple[list[object], list[object]]:
    part = mdparse._parse_part.__wrapped__(PATH, 1, tuple(lines))
    return list(part.items), [*part.dropped, *part.unclaimed]
