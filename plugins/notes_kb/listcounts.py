"""Counts against lists: one source says how many kinds of a thing there are, another lists more of them.

Why: DVA's EFS exam power-up says "Two throughput modes: Bursting and Provisioned throughput"; the Udemy notes list
three under "Throughput Mode" (Bursting, Provisioned, Elastic), and which mode scales with the workload is an exam
question. DVA's CloudTrail notes say "Two types of events"; the cheat sheet's "CloudTrail - Types of Events" lists
management, data and Insights events. `disputes` sets a count against another count only, and a list says how many
by its items, with no number: a blind review of the CloudTrail and EFS pages found both told with no box.

A list of kinds is a list with a title that names a kind word ("types", "modes", ...) and a subject: the heading of a
section whose only list it is, a short line introducing it, or the first line of the item it is a sub-list of
("**Throughput Mode**"). Each of its items opens with a name (a short line, or a short label before ":" or a dash):
a list of facts under "Throughput Modes" names no kinds. A count of another source on the same page
(`disputes.counts`) disputes it when it counts the title's kind word of the title's very subject (the page's own
words aside: "2 types of events" / "Types of Events"), its line or the next names one of the list's kinds ("Default
only logs Management Events"), and the list names more kinds than the count says there are. The cheat sheet's "two
types of zones", public and private, counts other kinds than DVA's "Types of DNS Zones" (forward, reverse, primary,
secondary).
A list naming fewer may be a few examples, not a claim. Blind readers judged the pairs a looser form finds on the
real notes (tests/data/conflict_audit.yml, "listed").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .contrasts import page_words
from .disputes import COUNTED_WORDS, FRAME_FILLER, Count, counts
from .model import Block, ListBlock, ListItem, Paragraph
from .normalize import strip_markup, tokens
from .passages import Passage, span_key

TITLE_WORDS = 6
"""A list's title is a label, not a sentence: "CloudTrail - Types of Events" (the page's name included)."""
NAME_WORDS = 5
"""An item that names a kind opens with a name this short: "Bursting – 1TB = 50MiB/s ...", "Management events: ..."."""
_NAMED_ITEM = re.compile(r"^\W*([^:\n]{1,60}?)\s*(?::|\s[-–—]{1,2}\s)")


@dataclass(frozen=True, slots=True)
class KindList:
    """A list naming the kinds of something: the passage a box quotes for it, and what it names."""

    keys: tuple[str, ...]
    """Each name's passage: its item, or the item the list is a sub-list of."""
    source: str
    kind: str
    subject: frozenset[str]
    names: tuple[str, ...]

    @property
    def named(self) -> frozenset[str]:
        """The words of the names, less what they are kinds of ("zone" in "Primary Zone")."""
        return frozenset(w for name in self.names for w in tokens(name)) - self.subject - COUNTED_WORDS


def counted_lists(passages: Sequence[Passage], lists: Sequence[KindList]) -> list[tuple[str, str, str]]:
    """(key, other key, why) for every count a list of another source on its page names more kinds than, sorted.
    `lists`: every list of kinds of one page (`kind_lists`); `passages`: that page's passages.
    """
    if not lists:
        return []
    drop = page_words(passages[0].page, passages) if passages else frozenset()
    found: dict[tuple[str, str], str] = {}
    for count in sorted((c for p in passages for c in counts(p, drop)), key=lambda c: (c.key, c.written)):
        for listed in lists:
            if _lists_more(count, listed, drop):
                key = _one_the_count_lacks(count, listed)
                pair = (count.key, key) if count.key < key else (key, count.key)
                names = ", ".join(listed.names)
                found.setdefault(pair, f"listed: {count.written} vs {len(listed.names)} listed ({names})")
    return [(a, b, why) for (a, b), why in sorted(found.items())]


def _lists_more(count: Count, listed: KindList, drop: frozenset[str]) -> bool:
    """`drop`: the page's own words, which name no subject there (a count's subject is read without them)."""
    subject = listed.subject - drop
    return (
        count.source != listed.source
        and count.kind == listed.kind
        and len(listed.names) > count.number
        and bool(subject)
        and count.subject == subject
        and bool(count.words & listed.named)
    )


def _one_the_count_lacks(count: Count, listed: KindList) -> str:
    """The passage of the first kind the count's lines do not name: what the box quotes for the list."""
    for key, name in zip(listed.keys, listed.names, strict=True):
        if not set(tokens(name)) - listed.subject - COUNTED_WORDS <= count.words:
            return key
    return listed.keys[-1]


def kind_lists(source: str, title: str, blocks: Sequence[Block]) -> Iterator[KindList]:
    """Every list of kinds among a section's blocks (`blocks`: its own, as placed on a page; `title`: its heading),
    sub-lists included.
    """
    lists = [block for block in blocks if isinstance(block, ListBlock)]
    for n, block in enumerate(blocks):
        if not isinstance(block, ListBlock):
            continue
        before = blocks[n - 1] if n else None
        over = before.text if isinstance(before, Paragraph) and _title(before.text) else None
        found = _as_kinds(source, over, block) if over else _as_kinds(source, title, block) if len(lists) == 1 else None
        if found is not None:
            yield found
        for item in block.items:
            yield from _sub_lists(source, item, span_key(item.span))


def _sub_lists(source: str, item: ListItem, key: str) -> Iterator[KindList]:
    """The sub-list of an item whose own text is a title, as a list of kinds; and those further down. `key`: the
    top-level item's, the passage that holds them all.
    """
    subs = [child for child in item.children if isinstance(child, ListBlock)]
    if len(subs) == 1 and _title(item.text) and (found := _as_kinds(source, item.text, subs[0], key)) is not None:
        yield found
    for sub in subs:
        for inner in sub.items:
            yield from _sub_lists(source, inner, key)


def _title(text: str) -> bool:
    """A line that may title a list of kinds: a short label ("**Throughput Mode**", "Types of DNS Zones:")."""
    plain = strip_markup(text).strip().rstrip(":").strip()
    return "\n" not in plain and 0 < len(plain.split()) <= TITLE_WORDS and _kind(plain) is not None


def _kind(title: str) -> str | None:
    """The kind word a title names, folded as counts fold it (singular too: the Udemy notes' "Throughput Mode")."""
    return next((word for word in tokens(title) if word in COUNTED_WORDS), None)


def _as_kinds(source: str, title: str, block: ListBlock, key: str = "") -> KindList | None:
    """The list under `title` as a list of kinds, if the title names a kind and every item a name (whether it names
    a subject the page does not is for `_lists_more`). `key`: the passage that holds the whole list (an item over
    its sub-list), if any; else each item's own.
    """
    kind = _kind(title)
    names = [_name(item.text) for item in block.items]
    if kind is None or len(names) < 2 or not all(names):
        return None
    subject = frozenset(w for w in tokens(title) if not w[0].isdigit()) - COUNTED_WORDS - FRAME_FILLER
    keys = tuple(key or span_key(item.span) for item in block.items)
    return KindList(keys, source, kind, subject, tuple(names))


def _name(text: str) -> str:
    """The name an item opens with, or "" for an item that opens with a sentence."""
    first = " ".join(strip_markup(text.split("\n", 1)[0]).split())
    if 0 < len(first.split()) <= NAME_WORDS:
        return first.rstrip(":. ")
    label = _NAMED_ITEM.match(first)
    if label and len(label.group(1).split()) <= NAME_WORDS:
        return label.group(1).strip()
    return ""
