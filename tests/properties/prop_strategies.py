"""Hypothesis strategies for note-like text, shared by the property tests, and the profile they run under.

Note-like text is built line by line from the constructs the four raw formats really use (headings at every level,
list markers at random indents, fences, `▼` toggles, tab and pipe tables, HTML, links, quizzes, Hangul, emoji) plus
lines sampled from the real notes, so that generated inputs reach the readers' format-specific branches.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from hypothesis import settings
from hypothesis import strategies as st

from notes_kb.sources import RawFile, split_lines

ROOT = Path(__file__).resolve().parents[2]
PROFILE_ENV = "NOTES_KB_HYPOTHESIS_PROFILE"
"""`properties` (the normal suite, 500 examples) or `fuzz` (`make fuzz`, NOTES_KB_FUZZ_EXAMPLES examples)."""


def profile() -> settings:
    """The registered profile the property tests run under (see `conftest.py`)."""
    return settings.get_profile(os.environ.get(PROFILE_ENV, "properties"))


@functools.cache
def real_options(reader: str) -> dict[str, Any]:
    """The `options:` of the real source that uses `reader` (empty when it has none)."""
    for meta in sorted((ROOT / "notes_src").glob("*/source.yml")):
        data = yaml.safe_load(meta.read_text(encoding="utf-8"))
        if data["reader"] == reader:
            options: dict[str, Any] = data.get("options") or {}
            return options
    return {}


def _real_lines() -> list[str]:
    """A deterministic sample of the real notes' non-blank lines (every 7th, shortened), for realistic inputs."""
    lines: list[str] = []
    for path in sorted((ROOT / "notes_src").glob("*/*")):
        if path.name == "source.yml":
            continue
        text = path.read_text(encoding="utf-8")
        lines += [line[:160] for line in text.splitlines() if line.strip()][::7]
    return lines


REAL_LINES = _real_lines()


def _real_line_at(index: int) -> str:
    return REAL_LINES[index]


_real_line = st.integers(0, len(REAL_LINES) - 1).map(_real_line_at)  # sampled_from would print every line

WORDS = (
    "EC2", "S3", "IAM", "VPC", "Route 53", "Lambda", "policy", "the", "pe", "scl", "ln", "Important", "Answer",
    "Question", "Section", "가용성", "보안 그룹", "인스턴스", "🚀", "✅", "❗", "☐", "&", "*", "_", "`", "\\", "$",
    "<seconds>", "x" * 40, "1.2", "(#)", ":", "|", "▼", "□", "•",
)  # fmt: skip
_word = st.one_of(st.sampled_from(WORDS), st.text(st.characters(codec="utf-8"), min_size=1, max_size=6))
words = st.lists(_word, min_size=1, max_size=6).map(" ".join)
_indent = st.sampled_from(["", "", " ", "  ", "   ", "    ", "\t", "\t\t", "      ", "        "])
_marker = st.sampled_from(["- ", "* ", "+ ", "• ", "1. ", "2. ", "10. ", "1) ", "a) ", "A) ", "**B)** ", "-", "•"])

LINK_TARGETS = (
    "#", "#anchor", "https://aws.amazon.com/ec2/", "mailto:me@example.org", "other.md", "./sub/page.md", "../up.md",
    "page", "img.png", "UDemy%20AWS/Untitled%201.png", "javascript:alert(1)", "<#weird anchor>", "",
)  # fmt: skip


_STRUCTURAL = st.one_of(
    st.builds(lambda n, w: "#" * n + " " + w, st.integers(1, 7), words),
    st.builds(lambda n: "#" * n, st.integers(1, 3)),
    st.builds(lambda i, n, w: i + "#" * n + " " + w, _indent, st.integers(1, 4), words),  # a heading in a list item
    st.builds(lambda i, m, w: i + m + w, _indent, _marker, words),
    st.builds(lambda i, m: i + m, _indent, _marker),
    st.sampled_from(["```", "```python", "```bash", "~~~", "````", "    code line", "\tcode = 1"]),
    st.builds(lambda p, w: p + "▼ " + w, st.sampled_from(["", "- ", "# ", "### ", "▼ □ "]), words),
    st.builds(lambda cells: "| " + " | ".join(cells) + " |", st.lists(words, min_size=1, max_size=4)),
    st.builds(lambda n: "|" + " --- |" * n, st.integers(1, 5)),
    st.builds(lambda cells: "\t".join(cells), st.lists(words, min_size=2, max_size=4)),
    st.builds(lambda t, w: f"[{w}]({t})", st.sampled_from(LINK_TARGETS), words),
    st.builds(lambda t, w, x: f"{x} [{w}]({t}) {x}", st.sampled_from(LINK_TARGETS), words, words),
    st.builds(lambda t, w: f"![{w}]({t})", st.sampled_from(LINK_TARGETS), words),
    st.builds(lambda w: f"[{w}](#)", words),
    st.sampled_from(["Section I", "**Section II**", "# Section IV", "Section 3"]),
    st.sampled_from(
        [
            "<span style='color:red'>!Important</span>",
            "<br>",
            "<br/>",
            "<div>",
            "</div>",
            "<details>",
            "<summary>Open</summary>",
            "<!-- comment -->",
            "<input type='checkbox' checked>",
            "<table>",
            "<script>x</script>",
            "<b>bold</b> text",
            "**Question**:",
            "**Answer**: A",
            "**Explanation**: because",
            "Q1. Which one?",
            "###### ChatGPT said:",
            "ChatGPT said:",
            "(correct) yes",
            "(incorrect) no",
            "Question 1:",
            "정답: A",
            "Correct answer",
            "> quote",
            ">",
            "> **Important**",
            "---",
            "***",
            "___",
            "[^1]: a footnote",
            "see [^1] here",
            "[ref]: https://example.org",
            "Table of contents",
            "**Contents**",
            "$$",
            "\\$5",
            "=====",
            "-----",
            "1.1 Overview",
            "1.1. Overview",
            "2) Second",
            "10.",
            "**IMPORTANT❗**",
            "!IMPORTANT",
            "Important:",
            "AWS Identity and Access Management (IAM)",
            "CloudFront",
            "| a | b |",
            "|---|---|---|",
        ]
    ),
)
_SPACING = st.sampled_from(["", "", "", " ", "   ", "\t", " \t "])
_LONG = st.builds(lambda w, n: " ".join([w] * n), words, st.integers(50, 200))

note_line = st.one_of(
    _STRUCTURAL,
    _STRUCTURAL,
    words,
    _SPACING,
    _real_line,
    st.builds(lambda i, line: i + line, _indent, _real_line),
    _LONG,
)


def note_texts(max_lines: int) -> st.SearchStrategy[str]:
    """Text that looks like a study note, of at most `max_lines` lines, with LF or CRLF line ends."""
    return st.builds(
        lambda lines, eol, final: eol.join(lines) + (eol if final and lines else ""),
        st.lists(note_line, max_size=max_lines),
        st.sampled_from(["\n", "\n", "\n", "\r\n"]),
        st.booleans(),
    )


note_text = note_texts(40)
"""Text that looks like a study note (the main source of interesting inputs)."""

arbitrary_text = st.text(st.characters(codec="utf-8"), max_size=400)
"""Any Unicode text at all (surrogates excluded: no file on disk can hold them)."""


def raw_file(text: str, path: str = "notes_src/fixture/note.md") -> RawFile:
    """An in-memory raw note, decoded as `sources.load_raw_file` would have decoded it."""
    return RawFile(path, hashlib.sha256(text.encode()).hexdigest(), split_lines(text))


def raw_files(texts: Sequence[str], folder: str = "notes_src/fixture") -> tuple[RawFile, ...]:
    """One raw note per text, named part-1.md, part-2.md…"""
    return tuple(raw_file(text, f"{folder}/part-{n}.md") for n, text in enumerate(texts, 1))


source_texts = st.lists(note_text, min_size=1, max_size=2)
"""The files of one source (1 or 2 files: readers of fragmented notebooks look across files)."""
