"""Sections shown twice: a source page's section that a service page shows again, word for word.

Why: every kept passage is on its source page and on its service page, so a query found both copies and listed them
side by side (122 of the 149 benchmark queries had one heading twice in their top 3), pushing other answers down.
The knowledge base says where each source section is shown (`SearchHints.copies`); the index records that section
as a copy when it holds nearly all of the source section's words (`COPY_SHARE`), and a query lists the two once
(`query.fold_copies`). A service-page section showing only part of its source section, the rest hidden as twins'
duplicates elsewhere, is listed only above it (`Copy.part`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from ..memo import Memo
from .documents import RenderedPage, Section, section_terms
from .index import SearchDocument, SearchHints

COPY_SHARE = 0.8
"""Share of a source section's distinct words that its service-page section must hold to stand for it. Not all: a
passage hidden there as another's duplicate is shown in its twin's words, and a query lists the two once only if
the copy has every query word the section matched (`query.fold_copies`). Less lets a service-page section that says
less stand for one that says more: on the 149 benchmark queries (Python twin), the top 3 held one heading twice for
26 queries at 0.9, 18 at 0.8, 16 at 0.75 and 0.7, with no query ranked worse down to 0.75; at 0.7 "elasticache lazy
loading write through" fell from 1 to 10, its answer folded into a copy that lacks the answer's words. On the real
notes, 0.8 makes 1 957 of 2 078 sections copies (1 844 at 0.9)."""


PART_SHARE = 0.95
"""Share of a service-page section's distinct words its source section must hold for the service page to show only a
part of it (`Copy.part`)."""


class Copy(NamedTuple):
    """The document that shows a source-page section again, and whether it hides some of that section's passages."""

    target: int
    abridged: bool
    """The service page hides a passage of the section as another's duplicate (`SearchHints.abridged`): a result
    for the copy shows the copy's own words, not the section's, or its text could quote a line the reader does not
    find after clicking."""
    part: bool = False
    """The service page shows too little of the section to stand for it (`COPY_SHARE`), the rest hidden as twins'
    duplicates, and says nothing the section does not (`PART_SHARE`): listed below the section, it is no other
    answer (`query.without_parts`)."""


def copy_targets(
    pages: Sequence[RenderedPage], documents: Sequence[SearchDocument], hints: SearchHints, memo: Memo | None = None
) -> dict[int, Copy]:
    """Document → the document that shows it again, for each source-page section whose service-page section (as the
    hints place it) holds `COPY_SHARE` of its words. A section without text of its own (a heading over subsections)
    is no copy: its title is all a query can find in it.
    """
    if not hints.copies:
        return {}
    memo = memo if memo is not None else Memo(keep=False)
    refs = {_location(pages[d.page], d.section.anchor): d.ref for d in documents}
    targets = {}
    for document in documents:
        where = hints.copies.get(_location(pages[document.page], document.section.anchor))
        target = refs.get(where) if where is not None else None
        if target is None or target == document.ref:
            continue
        own = _text_terms(document.section, memo)
        shown = _text_terms(documents[target].section, memo)
        location = _location(pages[document.page], document.section.anchor)
        if own and len(own & shown) >= COPY_SHARE * len(own):
            targets[document.ref] = Copy(target, location in hints.abridged)
        elif location in hints.abridged and shown and len(own & shown) >= PART_SHARE * len(shown):
            targets[document.ref] = Copy(target, abridged=True, part=True)
    return targets


def _location(page: RenderedPage, anchor: str) -> str:
    """A section's location as the hints write it: the page's directory-form URL, and its anchor."""
    key = page.key or page.url
    return f"{key}#{anchor}" if anchor else key


def _text_terms(section: Section, memo: Memo) -> set[str]:
    _, joined, _ = section_terms(section, memo)[1]
    return set(joined.split(" ")) if joined else set()
