"""Shrunk failing examples the property tests found, kept as plain tests so each bug stays fixed by name."""

from __future__ import annotations

import pytest
from prop_strategies import raw_files

from notes_kb.coverage import check_coverage
from notes_kb.readers import READERS
from notes_kb.readers.mdparse import HORIZONTAL_RULE
from notes_kb.render import render_inline


@pytest.mark.parametrize("reader", sorted(READERS))
def test_a_lone_carriage_return_inside_a_line_is_not_a_line_break(reader: str) -> None:
    # markdown-it ends lines at a lone CR; the raw lines do not, so its spans ran past the end of the file.
    texts = ["0\r0", "\r0"]
    files = raw_files(texts)
    tree = READERS[reader].read(files, {})
    assert check_coverage(tree, files) == []


def test_notion_export_drops_a_bare_hash_heading_instead_of_losing_its_line() -> None:
    # An empty `#` chapter before another chapter became a group with an empty name, and its line was unclaimed.
    files = raw_files(["#\n#\n```"])
    tree = READERS["notion-export"].read(files, {})
    assert check_coverage(tree, files) == []
    assert [d.reason for d in tree.dropped] == ["empty heading", "empty heading"]
    assert [c.title for c in tree.chapters] == ["part-1"]


def test_notion_toggle_never_reads_a_toggle_line_with_a_tab_as_a_table_row() -> None:
    # `▼<TAB>EC2` is a toggle; it was also taken as the first row of a tab table whose next row was then lost.
    files = raw_files(["# EC2\n▼\tEC2\n\t- "])
    tree = READERS["notion-toggle"].read(files, {})
    assert check_coverage(tree, files) == []
    assert [c.title for c in tree.chapters] == ["Introduction", "EC2"]


@pytest.mark.parametrize("reader", sorted(READERS))
def test_a_link_reference_definition_is_dropped_with_a_reason(reader: str) -> None:
    # CommonMark gives `[ref]: url` no token; only the GitHub reader claimed such lines, notion-export lost them.
    files = raw_files(["# EC2\n[ref]: https://example.org"])
    tree = READERS[reader].read(files, {})
    assert check_coverage(tree, files) == []


@pytest.mark.parametrize("dest", ["other.md", "./sub/page.md", "../up.md", "page", "#anchor", "/abs.md"])
def test_a_relative_link_in_a_note_keeps_only_its_text(dest: str) -> None:
    # `EC2 [EC2](other.md) EC2` was published as a link to sources/<source>/other.md: broken, and a strict-build error.
    assert render_inline(f"EC2 [EC2]({dest}) EC2") == "EC2 EC2 EC2"


def test_links_to_the_web_and_mail_stay_links() -> None:
    text = "[AWS](https://aws.amazon.com/ec2/) [me](mailto:me@example.org)"
    assert render_inline(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("EC2 [` `](other.md) EC2", "EC2 ` ` EC2"),  # shrunk example: a code span in the label hid the link
        ("[`x`](javascript:alert(1))", "`x`"),
        ("[a `](https://x)` c](javascript:x)", "a `](https://x)` c"),  # the code span binds first: one link
        ("`[x](y.md)` stays code", "`[x](y.md)` stays code"),
    ],
)
def test_a_link_whose_label_holds_a_code_span_is_still_checked(text: str, expected: str) -> None:
    assert render_inline(text) == expected


def test_the_renderers_placeholder_characters_in_a_note_do_not_crash_it() -> None:
    # `\x00<digits>\x00` is the renderer's own placeholder: a note holding it raised IndexError.
    assert render_inline("x \x001\x00 y \x02") == "x \ufffd1\ufffd y \ufffd"


def test_notion_toggle_finds_no_table_of_contents_inside_a_fence() -> None:
    # The `[EC2](#)` lines after an unclosed fence were both code and a dropped table of contents.
    files = raw_files(["```\n[EC2](#)\n[EC2](#)"])
    tree = READERS["notion-toggle"].read(files, {})
    assert check_coverage(tree, files) == []
    assert tree.dropped == ()


@pytest.mark.parametrize(
    "text",
    [
        "# EC2\n<span style='color:red'>!Important</span>\n***\n| --- |",  # shrunk example
        "Q1. Which?\n\n---\n\n###### ChatGPT said:\n\nanswer",
        "**Question**: x\n\n---\n\n**A)** a\n**B)** b\n\n**Answer**: A",
        "Table of contents\n\n---\n\n- [a](#a)\n- [b](#b)",
    ],
)
def test_github_markdown_never_merges_blocks_across_a_dropped_rule(text: str) -> None:
    # An "Important" callout, a quiz or a table of contents took in the block after a `---`: the rule was claimed twice.
    files = raw_files([text])
    tree = READERS["github-markdown"].read(files, {})
    assert check_coverage(tree, files) == []
    assert HORIZONTAL_RULE in [d.reason for d in tree.dropped]
