"""The disputes found beside deduplication (support, contrast, table and count disputes), page by page.

Why: each finder reads one page's passages at a time and never compares two pages, yet all of them ran in the build
process, one after another, once deduplication's workers were done: 4.4 of the merge stage's 16.7 s at ×10. Page by
page, they run on every core a one-off build has (`parallel.pmap`), and a rebuild under `mkdocs serve` (which forks
no workers) looks again only at the pages whose passages, rows or lists changed. A passage's key names its lines, so
an edit that adds or removes lines changes the keys of the passages below it, and their pages are looked at again too.

Each finder gives, over a page's passages, exactly the disputes of that page it gives over every passage: passage keys
are unique to one page, and a list's lead (`Passage.lead`) and the heading line a passage sits under
(`Passage.under`) are passages of its own section, so of its own page. What is found page by page, put back in
order, is what the whole-site calls found.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .contrasts import contrast_disputes
from .listcounts import KindList, counted_lists
from .memo import Memo
from .passages import Passage
from .support import Mention, support_disputes
from .tablerows import Row, denied_cells, row_disputes

Found = tuple[tuple[str, str, str], ...]
"""(key, other key, why) of each dispute."""


@dataclass(frozen=True, slots=True)
class PageDisputes:
    """What the finders tell of the passages given, each list sorted as the finder sorts it."""

    support: Found
    """(key, other key, slug of the service one source says works with the page's and the other says does not)."""
    contrast: Found
    """(key, other key, the two sides of a property the sources give one subject: `contrasts`)."""
    told: Found
    """Table rows against sentences, cells a sentence denies, and counts a list names more of, sorted together."""


@dataclass(frozen=True, slots=True)
class _Page:
    """One page's share of the finders' input: all they read but the catalogue (packaged, so the same for every
    build of a `mkdocs serve` session), so also the key its result is kept under.
    """

    passages: tuple[Passage, ...]
    rows: tuple[Row, ...]
    kinds: tuple[KindList, ...]


def page_disputes(
    passages: Sequence[Passage],
    rows: Sequence[Row],
    kinds: Mapping[str, Sequence[KindList]],
    mentions: Callable[[str], Sequence[Mention]],
    memo: Memo | None = None,
) -> PageDisputes:
    """Every page's disputes (`kinds`: each page's lists of kinds; `mentions`: a text → the services it names), put
    together as if the finders had been given every passage at once. `memo` keeps each page's result.
    """
    memo = memo if memo is not None else Memo(keep=False)
    by_page: dict[str, tuple[list[Passage], list[Row]]] = defaultdict(lambda: ([], []))
    for passage in passages:
        by_page[passage.page][0].append(passage)
    for row in rows:
        by_page[row.passage.page][1].append(row)
    pages = [
        _Page(tuple(members), tuple(page_rows), tuple(kinds.get(page, ())))
        for page, (members, page_rows) in sorted(by_page.items())
    ]
    found = memo.map(
        "disputes",
        pages,
        key=lambda page: page,
        compute=lambda page: _one_page(page, mentions),
        cost=lambda page: len(page.passages) + len(page.rows),
    )
    return PageDisputes(
        tuple(sorted(dispute for page in found for dispute in page.support)),
        tuple(sorted(dispute for page in found for dispute in page.contrast)),
        tuple(sorted(dispute for page in found for dispute in page.told)),
    )


def _one_page(page: _Page, mentions: Callable[[str], Sequence[Mention]]) -> PageDisputes:
    passages, rows = page.passages, page.rows
    texts = {passage.key: passage.text for passage in passages}  # a list's lead: another passage of its section
    told = [*row_disputes(passages, rows), *denied_cells(passages, rows), *counted_lists(passages, page.kinds)]
    return PageDisputes(
        tuple(support_disputes(passages, texts, mentions)), tuple(contrast_disputes(passages)), tuple(sorted(told))
    )
