"""Passages: the units that deduplication compares (a paragraph, or one list item with its sub-items' text).

A list item is one passage with its nested items appended, because a sub-list usually completes its parent's
sentence ("Three options to access AWS:" + the three options); comparing the pieces alone would merge fragments.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from .model import Block, Callout, ListBlock, ListItem, Paragraph, Section, Span

BOLD_LABEL = re.compile(r"\s*\*\*[^*\n]+(?::\*\*|\*\*\s*[:–-])\s")
"""A line that opens with a bold label ("**Dedicated Hosts**: book ...", "**Reserved Instances:** long workloads"):
such a list item may head the paragraphs after it as a heading would (`knowledge`, `dedupe`)."""

Enumeration = Literal["", "numbered", "introduced", "kinds"]


@dataclass(frozen=True, slots=True)
class Passage:
    """One comparable unit of note text. `key` is stable and unique; only passages on the same `page` are compared."""

    key: str
    text: str
    source: str
    page: str
    context: str = ""
    """The headings above the passage on its source page (" / "-joined): short generic items ("IP addresses (must
    be private IPs)") mean different things under different headings, so they only merge when these agree."""
    group: str = ""
    """The list it is an item of (the list's key), or "" for a paragraph."""
    heads: bool = False
    """A bold line with more blocks after it: a heading the notebook wrote as text ("- **S3 Glacier Deep Archive**"
    above its retrieval times). Hidden, the lines under it would read as the previous heading's. Or the one-line
    caption of a code block ("An example which creates an EC2 instance"), which heads only that code."""
    under: str = ""
    """The key of the heading line (`heads`) this passage sits under in its section, if any: a heading line whose
    every passage is hidden goes with them."""
    enumeration: Enumeration = ""
    """Whether its list reads as one enumeration: "numbered" (a procedure: hidden all or none, so no step goes
    missing) or "introduced" by a line ending in a colon (hiding some items leaves "3 types of load balancers:"
    listing two, hiding all leaves "the following operations:" listing none): such a list is hidden whole, with the
    line that introduces it, or not at all; or "kinds", right under a heading of kinds ("CloudTrail - Types of
    Events"): all of them, hidden all or none."""
    lead: str = ""
    """The key of the paragraph that introduces its list ("It automatically modifies storage if:"), if any."""


def span_key(span: Span) -> str:
    """A stable, unique key for a block: its raw lines."""
    return f"{span.path}:{span.start}-{span.end}"


def span_of_key(key: str) -> Span:
    """The inverse of `passages.span_key`."""
    path, _, lines = key.rpartition(":")
    start, _, end = lines.partition("-")
    return Span(path, int(start), int(end))


def item_text(item: ListItem) -> str:
    """A list item's own text followed by the text of its nested items and paragraphs (one line per piece)."""
    parts = [item.text] if item.text else []
    for child in item.children:
        if isinstance(child, Paragraph):
            parts.append(child.text)
        elif isinstance(child, ListBlock):
            parts.extend(item_text(sub) for sub in child.items)
    return "\n".join(p for p in parts if p)


def block_passages(blocks: tuple[Block, ...]) -> Iterator[tuple[Span, str]]:
    """(span, text) of every paragraph and top-level list item, looking inside callouts."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block.span, block.text
        elif isinstance(block, ListBlock):
            for item in block.items:
                text = item_text(item)
                if text:
                    yield item.span, text
        elif isinstance(block, Callout):
            yield from block_passages(block.blocks)


def section_passages(source: str, section: Section, page: str, context: tuple[str, ...] = ()) -> Iterator[Passage]:
    """Every passage of a section and its subsections, each with the headings above it (`context`)."""
    here = " / ".join(context)
    for span, text in block_passages(section.blocks):
        yield Passage(span_key(span), text, source, page, here)
    for child in section.children:
        yield from section_passages(source, child, page, (*context, child.title))


def chapter_passages(source: str, chapter: Section, page: str) -> list[Passage]:
    """Every passage of one chapter, all placed on `page` (the chapter title is the page, not context)."""
    return list(section_passages(source, chapter, page))
