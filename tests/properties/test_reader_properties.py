"""Properties every reader must have on any input: it never fails, it accounts for every line, it is deterministic.

Each property runs on note-like text (the constructs of the real formats, mixed at random) and on arbitrary
Unicode, with an empty options mapping and, for readers that take options, the options of the real source.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from unittest.mock import patch

from hypothesis import example, given
from hypothesis import strategies as st
from prop_strategies import arbitrary_text, note_line, note_text, profile, raw_files, real_options, source_texts

from notes_kb.coverage import check_coverage
from notes_kb.errors import NoteError
from notes_kb.model import SourceTree
from notes_kb.readers import READERS, mdparse
from notes_kb.render import render_tree

NAMES = sorted(READERS)
OPTION_SETS = [(name, "none") for name in NAMES] + [(name, "real") for name in NAMES if real_options(name)]


def _options(reader: str, which: str) -> dict[str, Any]:
    return real_options(reader) if which == "real" else {}


def _read(reader: str, texts: list[str], options: Mapping[str, Any]) -> SourceTree | None:
    """Read, or None when the reader stops cleanly because the real options name headings this text lacks."""
    try:
        return READERS[reader].read(raw_files(texts), options)
    except NoteError as err:
        # The one clean stop allowed: a configured chapter title that the generated text does not contain.
        assert options, f"{reader} raised on text with no options: {err}"
        assert "names no heading of this source" in str(err), str(err)
        return None


def test_every_reader_is_exercised() -> None:
    assert {"flattened-pdf", "github-markdown", "notion-export", "notion-toggle"} <= set(NAMES)
    assert [o for o in OPTION_SETS if o[1] == "real"] == [("flattened-pdf", "real"), ("github-markdown", "real")]


def _check_every_reader(texts: list[str]) -> None:
    files = raw_files(texts)
    for reader, which in OPTION_SETS:
        tree = _read(reader, texts, _options(reader, which))
        if tree is not None:
            assert check_coverage(tree, files) == [], f"{reader} with {which} options"


@profile()
@given(source_texts)
def test_readers_never_raise_and_account_for_every_line_of_note_like_text(texts: list[str]) -> None:
    """Properties 1 and 2: no exception, and `check_coverage` finds every non-blank line claimed exactly once."""
    _check_every_reader(texts)


@profile()
@given(st.lists(arbitrary_text, min_size=1, max_size=2))
def test_readers_never_raise_and_account_for_every_line_of_arbitrary_text(texts: list[str]) -> None:
    """Properties 1 and 2 on any Unicode at all (control characters, lone CRs, combining marks…)."""
    _check_every_reader(texts)


@profile()
@given(st.one_of(source_texts, st.lists(note_text, min_size=2, max_size=3)))
def test_reading_twice_gives_the_same_tree_and_pages(texts: list[str]) -> None:
    """Property 3: no hidden state between reads (caches, module globals, set order)."""
    for reader, which in OPTION_SETS:
        options = _options(reader, which)
        first, second = _read(reader, texts, options), _read(reader, texts, options)
        assert first == second, f"{reader} with {which} options"
        if first is not None and second is not None:
            assert render_tree(first) == render_tree(second), f"{reader} with {which} options"


def _whole(part: Any) -> tuple[Any, Any]:
    return part.items, [*part.dropped, *part.unclaimed]


_PART_LINE = st.one_of(
    note_line, st.sampled_from(["<!--", "-->", "<pre>", "</pre>", "<script>", "</script>", "<div>", "```", "~~~~"])
)


@profile()
@given(st.lists(_PART_LINE.map(lambda line: line.replace("\n", " ")), max_size=40))  # lines, as readers split them
@example(["[ref]: https://example.org", "", "# A", "---"])  # a review: drops came in another order
def test_a_text_parsed_a_part_at_a_time_parses_as_it_does_whole(lines: list[str]) -> None:
    """`mdparse.parse_blocks` parses the text from heading to heading and keeps each part's parse: whatever the text
    holds (fences, HTML blocks or comments left open across a heading, quotes, lists), the parts give the blocks and
    drops the whole text's parse gives, or the same error. Parts of one heading each, to try every cut."""

    def parsed(parse: Callable[[], tuple[Any, Any]]) -> tuple[Any, Any] | str:
        try:
            items, dropped = parse()
        except NoteError as err:
            return str(err)
        return list(items), list(dropped)

    path = "notes_src/fixture/note.md"
    whole = parsed(lambda: _whole(mdparse._parse_part.__wrapped__(path, 1, tuple(lines))))
    with patch.object(mdparse, "PART_LINES", 1):
        assert parsed(lambda: mdparse.parse_blocks(lines, path)) == whole
