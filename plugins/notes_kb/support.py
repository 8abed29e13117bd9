"""Support disputes: one source says a page's service works with another service, another source says it does not.

Why a pass of its own: the duplicate finder and the limit pass compare passages that share most words or tell a
number; a list of services a thing integrates with and a list of services it does not support share neither. The
ACM page holds both: the cheat sheet's "Integrates with several AWS services including: ... AWS Elastic Beanstalk"
and DVA's "Services Not Directly Supported for ACM Certificates" / "AWS Elastic Beanstalk (EB)" / "Elastic Beanstalk
does not natively integrate with ACM" (a blind review found the page telling both with no box).

A line claims that a service works with the page's own when it names the service and says "support", "integrate",
"compatible" or "works with", or sits under what says so: for a passage's first line, the section's heading or the
line introducing its list; for the lines after it, that first line ("Workaround: ..." under a heading of unsupported
services is the item's, not the heading's). The claim is a denial where the line's denial reaches the name ("Elastic
Beanstalk does not natively integrate with ACM", "Cannot use ACM with EC2", "..., CloudFormation, NOT EC2"), or where
only the frame speaks and is negated ("Services Not Directly Supported for ACM Certificates" over "AWS Elastic
Beanstalk (EB)"); a line denying something else claims nothing. A denial counts only where the line or its frame
names the page's service. A service claimed by one source and denied by another, on one page, is a dispute, named
by the first passage of each side in key order. Blind readers judged the pairs looser forms find
(tests/data/conflict_audit.yml, "support").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from .catalogue import Catalogue
from .passages import Passage

_SUPPORT = re.compile(r"(?i)\b(?:support(?:s|ed)?|integrat(?:e|es|ed|ion|ions)|compatible|works? with)\b")
_NEGATION = re.compile(r"(?i)\b(?:not|never|cannot|unsupported|non-supported)\b|n[’']t\b")
_NEGATED_NAME = re.compile(r"(?i)\b(?:not|except|excluding)\W+(?:\w+\W+)?\Z")
"""A negation right before a name, at most one word between: "NOT EC2", "not the EC2"."""
_NEGATING_WORD = re.compile(r"(?i)\b(?:not|except|excluding)\b")
_DENIES = r"(?:not|n[’']t|never|cannot)\W+(?:\w+\W+){0,2}?(?:support|integrat|compatible|work|use)"
_DENIED_AFTER = re.compile(r"(?i)\A\W*(?:\([^)]*\)\W*)?(?:does|do|is|are|can|will)?\W*" + _DENIES)
"""A name the line goes on to deny: "Elastic Beanstalk does not natively integrate with ACM"."""
_DENIED_BEFORE = re.compile(r"(?i)" + _DENIES + r"\w*\W+(?:\w+\W+){0,3}?\Z")
"""A name a denial reaches: "does not support direct integration with Lambda"."""
_DENIED_EXAMPLES = re.compile(
    r"(?i)" + _DENIES + r"\w*(?:\W+\w+){0,3}?\W*\((?:e\.g\.|i\.e\.|(?:for example|such as|like|including)\b)[^)]*\Z"
)
"""A name among the examples a denial gives in brackets: "services that do not directly integrate with ACM (e.g.,
for S3, API Gateway, etc.)"."""

Mention = tuple[str, int, int]
"""A service named in a text: its slug, start and end."""


def services_named(catalogue: Catalogue) -> Callable[[str], list[Mention]]:
    """The services a text names as such: not through a feature's name ("AWS Nitro Enclaves" is EC2's feature, and
    ACM integrating with it says nothing of EC2 as a whole).
    """
    return lambda text: [(m.slug, m.start, m.end) for m in catalogue.mentions(text) if not m.subtopic]


@dataclass(frozen=True, slots=True)
class Claim:
    """A passage's line that says `slug` works (`positive`) or does not work with its page's service."""

    key: str
    source: str
    slug: str
    positive: bool


def support_disputes(
    passages: Sequence[Passage], texts: Mapping[str, str], mentions: Callable[[str], Sequence[Mention]]
) -> list[tuple[str, str, str]]:
    """(key, other key, slug) for each service one source says works with its page's and another says does not,
    sorted; `texts`: every passage's text by key (list leads); `mentions`: text → the services it names.
    """
    sides: dict[tuple[str, str], dict[bool, list[Claim]]] = defaultdict(lambda: {True: [], False: []})
    for passage in passages:
        for claim in claims(passage, texts, mentions):
            sides[(passage.page, claim.slug)][claim.positive].append(claim)
    found: dict[tuple[str, str], str] = {}
    for (_, slug), by_side in sorted(sides.items()):
        pair = _first_of_two_sources(by_side[True], by_side[False])
        if pair is not None:
            found.setdefault(pair, slug)
    return [(a, b, why) for (a, b), why in sorted(found.items())]


def _first_of_two_sources(said: Sequence[Claim], denied: Sequence[Claim]) -> tuple[str, str] | None:
    for yes in sorted(said, key=lambda c: c.key):
        for no in sorted(denied, key=lambda c: c.key):
            if yes.source != no.source:
                return (yes.key, no.key) if yes.key < no.key else (no.key, yes.key)
    return None


def claims(passage: Passage, texts: Mapping[str, str], mentions: Callable[[str], Sequence[Mention]]) -> Iterator[Claim]:
    """Every service a passage's lines say works, or does not, with its page's service."""
    lines = [line for line in passage.text.split("\n") if line.strip()]
    if not lines:
        return
    heading = passage.context.split(" / ")[-1]
    frame = " ".join((heading, texts.get(passage.lead, "")))
    for n, line in enumerate(lines):
        above = frame if not n else lines[0]  # a sub-line is its item's, not the heading's: "Workaround: ..."
        if not _SUPPORT.search(line) and not _SUPPORT.search(above):
            continue  # most lines: no claim, so no names looked for
        named = [mention for mention in mentions(line) if mention[0] != passage.page]
        if named:
            own = any(slug == passage.page for slug, _, _ in mentions(f"{line} {above}"))
            yield from _line_claims(passage, line, above, named, own)


def _line_claims(passage: Passage, line: str, above: str, named: Sequence[Mention], own: bool) -> Iterator[Claim]:
    """The claims of one line that says "support" or the like, or sits under a frame that does (`claims` looks at no
    other): its own if it says so, else its frame's, of every name in it. A denial counts only where the line or its
    frame names the page's service (`own`): "Helpful if your backend is not compatible with CloudFront", on the Shield
    page, denies CloudFront nothing about Shield.
    """
    said = bool(_SUPPORT.search(line))
    explicit = {slug for slug, start, _ in named if _NEGATED_NAME.search(line[:start])}
    # "..., CloudFormation, NOT EC2": that negation is EC2's alone, the rest are supported
    negated = bool(_NEGATION.search(_NEGATING_WORD.sub(" ", line) if explicit else line))
    framed_as_denied = not said and bool(_NEGATION.search(above))  # under "Services Not Directly Supported ..."
    seen: set[str] = set()
    for slug, start, end in named:
        if slug in seen:
            continue
        seen.add(slug)
        if slug in explicit or (negated and _denied(line, start, end)):
            positive: bool | None = False
        elif negated:
            positive = None  # the line denies something else: "Lambda itself doesn't directly manage certificates"
        else:
            positive = not framed_as_denied
        if positive or (positive is False and own):
            yield Claim(passage.key, passage.source, slug, positive)


def _denied(line: str, start: int, end: int) -> bool:
    """Whether the line's denial reaches the name: "Elastic Beanstalk does not natively integrate", "Cannot use ACM
    with EC2".
    """
    before = line[:start]
    return bool(_DENIED_AFTER.search(line[end:]) or _DENIED_BEFORE.search(before) or _DENIED_EXAMPLES.search(before))
