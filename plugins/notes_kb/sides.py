"""Properties the notes tell in words, with two sides ("guarantee the order" / "best-effort ordering", "stateful" /
"stateless"): the contrast pass finds two sources giving one subject opposite sides (`contrasts`), and the
deduplicator never hides a passage taking one side in a twin that takes the other (`dedupe`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import strip_markup
from .textcache import TEXT_CACHE, text_cache


@dataclass(frozen=True, slots=True)
class Axis:
    """A property told in words, with the ways the notes write each of its two sides."""

    name: str
    yes: re.Pattern[str]
    no: re.Pattern[str]


def _axis(name: str, yes: str, no: str) -> Axis:
    return Axis(name, re.compile(yes, re.IGNORECASE), re.compile(no, re.IGNORECASE))


AXES = (
    _axis(
        "message ordering",
        r"\bguarantee[sd]? (?:the |in )?order\b|\bguaranteed in (?:the )?order\b|\bstrict(?:ly)? order|"
        r"\border(?:ing)? (?:is )?(?:strictly )?(?:guaranteed|preserved)\b|\bprocessed in order\b",
        r"\bbest[- ]effort (?:message )?ordering\b|\bno (?:message )?ordering\b|\border(?:ing)? (?:is )?not "
        r"(?:guaranteed|preserved)\b|\bout of order\b",
    ),
    _axis("state", r"\bstateful\b", r"\bstateless\b"),
    _axis(  # the verb "sync" ("Sync production and test accounts") takes no side
        "replication",
        r"(?<![-a])\bsynchronous(?:ly)?\b|\bsync replication\b|\breplication is sync\b",
        r"\basynchronous(?:ly)?\b|\basync replication\b|\breplication is async\b",
    ),
    _axis("delivery", r"\bexactly[- ]once\b", r"\bat[- ]least[- ]once\b"),
    _axis("consistency", r"\bstrong(?:ly)? consisten", r"\beventual(?:ly)? consisten"),
    _axis(
        "default",
        r"\benabled by default\b|\bon by default\b",
        r"\bdisabled by default\b|\bnot enabled by default\b|\boff by default\b",
    ),
    _axis(  # whether a thing that is on can be turned off
        "turning off",
        r"\balways (?:on|enabled)\b|\bcan(?:no|')t be (?:disabled|turned off)\b",
        r"(?<!not )\bcan be (?:disabled|turned off)\b",
    ),
)


ANY_SIDE = re.compile("|".join(f"(?:{side.pattern})" for axis in AXES for side in (axis.yes, axis.no)), re.IGNORECASE)
"""Any side of any axis: most lines take none."""
_SIDE_WORDS = ("order", "state", "sync", "once", "consisten", "default", "always", "disabled", "turned off")
"""A cheap look at the raw text: a passage with none of these takes no side of any axis."""


def may_take_a_side(text: str) -> bool:
    """A cheap look at the raw text: whether it holds a word some side is written with."""
    folded = text.lower()
    return any(word in folded for word in _SIDE_WORDS)


@text_cache(maxsize=TEXT_CACHE)
def sides_taken(text: str) -> frozenset[tuple[int, bool]]:
    """(axis index in `AXES`, side) for each side a line of `text` takes; a line saying both takes neither (it draws
    the contrast itself: "Multi-AZ ... synchronous, while Read Replicas ... asynchronous").
    """
    if not may_take_a_side(text):
        return frozenset()
    taken = set()
    for raw in text.split("\n"):
        line = " ".join(strip_markup(raw).split())
        if not ANY_SIDE.search(line):
            continue
        for index, axis in enumerate(AXES):
            yes, no = bool(axis.yes.search(line)), bool(axis.no.search(line))
            if yes != no:
                taken.add((index, yes))
    return frozenset(taken)
