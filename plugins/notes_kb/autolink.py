"""Automatic links: the first mention of a service in each section of a page links to that service's page.

Runs after `emit`, over the Markdown of the generated pages. A small line scanner knows what must never be linked
(fenced code, inline code, headings, existing links, URLs, raw HTML, admonition titles, table header rows, practice
questions, whose one linked option would give the answer away) and masks
it; `Catalogue.mentions` then finds aliases in what is left (longest alias wins, Korean particles allowed; weak
aliases never, nor a feature several services share, `unlinked` in the catalogue). The link label is the note's own
text, so nothing is escaped anew; links carry the class `nkb-autolink` (through `attr_list`) so that the site, and
the tests, can tell them from the note's own links.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .catalogue import Catalogue, Mention, tokens
from .kbpages import NAMED_CLASS
from .knowledge import SERVICES_DIR
from .links import relative_to_page
from .pages import SitePage
from .render import QUIZ_OPENING

if TYPE_CHECKING:
    from .pipeline import Build

LINK_CLASS = "nkb-autolink"
MASK = "\x00"
"""Stands in for text that must not be linked: a punctuation token to the catalogue, so no alias spans it."""

_FENCE_OPEN = re.compile(r"^\s*(`{3,}|~{3,})")
_HEADING = re.compile(r"^\s*#{1,6}(?:\s|$)")
_ADMONITION = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s")
_HTML_LINE = re.compile(r"^\s*<")
_DEFINITION = re.compile(r"^\s*\*\[[^\]]+\]:")
"""An abbreviation definition (`*[SQS]: Simple Queue Service`, the `abbr` extension): never a place for a link."""
_TABLE_ROW = re.compile(r"^\s*\|")
_TABLE_RULE = re.compile(r"^\s*\|?(?:\s*:?-+:?\s*\|)+\s*:?-*:?\s*$")
_QUOTE = re.compile(r"^(?:\s*>)+")
_TOPIC = re.compile(r"^## (.*?) \{ #([^\s}]+) \}\s*$")
_NAMED_TOPIC = re.compile(rf"^### (.*?) \{{ #([^\s}}]+) \.{NAMED_CLASS} \}}\s*$")
"""The heading of a topic joined into another (`kbpages.NAMED_CLASS`): "EC2 Purchasing Options" in the EC2 topic
that the notebook's "EC2 Launching Types" named."""

# Inline constructs, tried at each position of a line (all bounded: lines can be long and hostile).
_LINK = re.compile(r"!?\[(?:[^\[\]\\]|\\.){0,1000}\](?:\((?:[^()\\]|\\.|\([^()]{0,300}\)){0,2000}\)|\[[^\]]{0,300}\])")
_BRACKETS = re.compile(r"\[\^[^\]]{0,300}\]")
_SPAN = re.compile(r"<span\b[^>]{0,500}>.*?</span>", re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z!][^<>]{0,2000}>")
_ENTITY = re.compile(r"&#?\w{1,30};")
_URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]{0,30}://|www\.)[^\s<>()]{1,2000}")
_ATTRS = re.compile(r"\{[^{}\n]{0,300}\}")
_BACKTICKS = re.compile(r"`+")
_WORD_EDGE = re.compile(r"[A-Za-z0-9_@\-.]")
"""A character that, next to a mention, makes it part of a longer word ("MyEC2", "SSE-KMS", "ec2.amazonaws")."""
_PLAIN_WORD = re.compile(r"[ -]([^\W_]+)")
_WORD_BEFORE = re.compile(r"([^\W_]+)[ -]$")
_TITLE_PARTS = re.compile(r"\s(?:or|and|vs\.?|versus)\s|[&,]")
"""Coordinated topics in one title ("Signed URLs or Signed Cookies"); not "X - Y" or "X: Y" (prefix, then topic)."""
FILLER = frozenset(
    [
        "overview",
        "of",
        "the",
        "a",
        "an",
        "what",
        "is",
        "are",
        "aws",
        "amazon",
        "in",
        "introduction",
        "to",
        "basic",
        "fact",
        "summary",
        "note",
        "for",
        "with",
        "on",
    ]
)
"""Words that do not make a topic: "Overview of Security Groups" is the topic "security group"."""
LOWERCASE_WORDS = frozenset({"guardrails", "inspector", "hibernate", "backtrack", "pinpoint"})
"""Aliases that, written in lower case, are ordinary English ("to pinpoint the cause"): only linked capitalised."""


def plain_english(text: str) -> bool:
    """Whether a mention is one of `LOWERCASE_WORDS` written in lower case: a word, not the service."""
    return text.islower() and text.rstrip("s") in LOWERCASE_WORDS | {w.rstrip("s") for w in LOWERCASE_WORDS}


@dataclass(frozen=True)
class Topic:
    """A topic heading (H2) of a service page: the word sequences that name it, and its anchor.

    A title is named by its words without filler words ("Overview of Security Groups": "security group") and without
    the page's own name ("VPC Subnets Facts" on the VPC page: "subnet"); its coordinated parts of two words or more
    name it too ("Signed URLs or Signed Cookies").
    """

    title: tuple[str, ...]
    parts: frozenset[tuple[str, ...]]
    anchor: str


@dataclass(frozen=True)
class AutoLink:
    """One link the stage made: on `page`, in the section under `section`, text → `target` (docs-relative)."""

    page: str
    line: int
    section: str
    text: str
    slug: str
    target: str


def autolink(build: Build) -> Build:
    """Pipeline stage: link service mentions on the service pages and the source chapter pages."""
    assert build.knowledge is not None and build.catalogue is not None
    linked = frozenset(page.service.slug for page in build.knowledge.pages)
    own = {slug: own_words(build.catalogue, slug) for slug in linked}
    topics = topics_of(build.pages, own)
    linker = Linker(build.catalogue, linked, topics, own)
    # What a page's links depend on besides its own Markdown: one string, hashed once (repr is exact for these).
    context = repr((sorted(linked), sorted(topics.items()), sorted(own.items())))
    eligible = [page for page in build.pages if _eligible(page.src_uri, linked)]
    linked_pages = build.settings.memo.map(
        "autolink",
        eligible,
        key=lambda page: (page.src_uri, page.packed, context),
        compute=lambda page: _linked(linker, page),
        cost=lambda page: len(page.packed),
    )
    rewritten = {page.src_uri: result for page, result in zip(eligible, linked_pages, strict=True)}
    pages: list[SitePage] = []
    made: list[AutoLink] = []
    for page in build.pages:
        if page.src_uri in rewritten:
            page, links = rewritten[page.src_uri]
            made.extend(links)
        pages.append(page)
    return replace(build, pages=tuple(pages), autolinks=tuple(made))


def _linked(linker: Linker, page: SitePage) -> tuple[SitePage, list[AutoLink]]:
    """The page with its links (in a worker: the page travels packed both ways), and the links made."""
    markdown, links = linker.link_page(page.src_uri, page.markdown)
    return page.with_markdown(markdown), links


def _eligible(uri: str, linked: frozenset[str]) -> bool:
    """Service pages and source chapter pages; not the indexes (lists of pages) or the report."""
    parts = uri.split("/")
    if parts[0] == SERVICES_DIR and len(parts) == 2:
        return parts[1].removesuffix(".md") in linked
    return parts[0] == "sources" and len(parts) == 3 and parts[2] != "index.md"


def normal_words(text: str) -> tuple[str, ...]:
    """Words for comparing a mention with a topic title: case-folded, singular, without (parentheses)."""
    text = re.sub(r"\([^)]*\)", " ", text)
    words = []
    for _, _, word in tokens(text):
        if not any(ch.isalnum() for ch in word):
            continue
        word = word.casefold()
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.append(word)
    return tuple(words)


def topic_key(text: str, own: frozenset[str]) -> tuple[str, ...]:
    """The words that make `text` a topic name: normalised, without filler words or the page's own name."""
    return tuple(w for w in normal_words(text) if w not in FILLER and w not in own)


def topics_of(pages: Iterable[SitePage], own: Mapping[str, frozenset[str]]) -> dict[str, list[Topic]]:
    """The topics of every service page, from its Markdown: its H2s (`## Title { #anchor }`), then the H3s that name
    a topic joined into another (`_NAMED_TOPIC`), so an H2 of the same title wins.
    """
    out: dict[str, list[Topic]] = {}
    for page in pages:
        parts = page.src_uri.split("/")
        slug = parts[-1].removesuffix(".md")
        if parts[0] != SERVICES_DIR or len(parts) != 2 or slug not in own:
            continue
        lines = page.markdown.splitlines()
        found = out.setdefault(slug, [])
        for pattern in (_TOPIC, _NAMED_TOPIC):
            found += [_topic(match, own[slug]) for match in map(pattern.match, lines) if match]
    return out


def _topic(heading: re.Match[str], own: frozenset[str]) -> Topic:
    """A heading's topic; the acronym it gives in brackets names it too ("Elastic Network Interface (ENI)": a
    blind review found every "ENI" of the site linked to the top of the EC2 page, not to this topic).
    """
    title = re.sub(r"\\(.)", r"\1", heading.group(1)).replace("&amp;", "&")
    pieces = [p for p in _TITLE_PARTS.split(title) if len(topic_key(p, frozenset())) > 1]
    acronyms = {(a.casefold(),) for a in _BRACKETED_ACRONYM.findall(title) if a.casefold() not in own}
    keys = frozenset(topic_key(p, own) for p in pieces) - {()} | acronyms
    return Topic(topic_key(title, own), keys, heading.group(2))


_BRACKETED_ACRONYM = re.compile(r"\(([A-Z][A-Z0-9]{1,5})\)")


def own_words(catalogue: Catalogue, slug: str) -> frozenset[str]:
    """The words of a page's own short name ("s3", "vpc"): they do not tell one topic of the page from another."""
    return frozenset(normal_words(catalogue.get(slug).short))


def mask_line(line: str) -> str:
    """The line with everything that must not be linked replaced by `MASK` characters (same length)."""
    out = list(line)
    i = 0
    n = len(line)

    def hide(start: int, end: int) -> int:
        out[start:end] = MASK * (end - start)
        return end

    while i < n:
        ch = line[i]
        if ch == "\\":
            i = hide(i, min(i + 2, n))
            continue
        if ch == "`":
            i = _code_span(line, i, hide)
            continue
        match = None
        if ch in "[!":
            match = _LINK.match(line, i) or _BRACKETS.match(line, i)
        elif ch == "<":
            match = _SPAN.match(line, i) or _TAG.match(line, i)
        elif ch == "&":
            match = _ENTITY.match(line, i)
        elif ch == "{":
            match = _ATTRS.match(line, i)
        elif ch.isalpha() and (i == 0 or not line[i - 1].isalnum()):
            match = _URL.match(line, i)
        if match:
            i = hide(i, match.end())
        else:
            i += 1
    return "".join(out)


def _code_span(line: str, start: int, hide: Callable[[int, int], int]) -> int:
    """Hide a code span opening at `start` (to its closing run of as many backticks), or the lone run."""
    run = _BACKTICKS.match(line, start)
    assert run is not None
    ticks = run.group()
    for close in _BACKTICKS.finditer(line, run.end()):
        if close.group() == ticks:
            return hide(start, close.end())
    return hide(start, run.end())


LINE_CACHE_LIMIT = 200_000
"""Distinct lines whose reading a `Linker` remembers at most (about a ×10 corpus's); then it starts over."""


class Linker:
    """Links one page at a time; knows which services have pages and their topics."""

    def __init__(
        self,
        catalogue: Catalogue,
        linked: frozenset[str],
        topics: Mapping[str, list[Topic]],
        own: Mapping[str, frozenset[str]],
    ) -> None:
        self._catalogue = catalogue
        self._linked = linked
        self._own = own
        self._lines: dict[str, tuple[str, tuple[Mention, ...]]] = {}
        self._parts: dict[tuple[str, str], bool] = {}
        """(service, alias) → whether the alias names a part of the service (`_names_a_part`)."""
        self._keys: dict[tuple[str, str], tuple[str, ...]] = {}
        """(words around a mention, its page) → their topic key: the same few words come back on every page."""
        # The first topic (page order) with a given title, and with a given part: a lookup instead of a scan, as a
        # service page gathers more topics the more notes there are.
        self._by_title: dict[str, dict[tuple[str, ...], str]] = {}
        self._by_part: dict[str, dict[tuple[str, ...], str]] = {}
        for slug, page_topics in topics.items():
            titles, parts = self._by_title.setdefault(slug, {}), self._by_part.setdefault(slug, {})
            for topic in page_topics:
                titles.setdefault(topic.title, topic.anchor)
                for part in sorted(topic.parts):
                    parts.setdefault(part, topic.anchor)

    def link_page(self, uri: str, markdown: str) -> tuple[str, list[AutoLink]]:
        """The page with its links, and the links made."""
        here = uri.removeprefix(f"{SERVICES_DIR}/").removesuffix(".md") if uri.startswith(f"{SERVICES_DIR}/") else ""
        lines = markdown.split("\n")
        made: list[AutoLink] = []
        fence: str | None = None
        section = ""
        seen: set[str] = set()
        quiz: int | None = None  # the indent of the practice question being read
        for number, line in enumerate(lines):
            indent = len(line) - len(line.lstrip())
            if quiz is not None and line.strip() and indent <= quiz:
                quiz = None
            if line.strip() == QUIZ_OPENING:
                quiz = indent
            if quiz is not None:
                continue  # a link on one option of a practice question gives the answer away
            if fence is not None:
                if line.strip().startswith(fence) and not line.strip().lstrip(fence[0]).strip():
                    fence = None
                continue
            opening = _FENCE_OPEN.match(line)
            if opening:
                fence = opening.group(1)
                continue
            if _HEADING.match(line):
                section, seen = _heading_text(line), set()
                continue
            if any(p.match(line) for p in (_ADMONITION, _HTML_LINE, _TABLE_RULE, _DEFINITION)):
                continue
            if _TABLE_ROW.match(line) and number + 1 < len(lines) and _TABLE_RULE.match(lines[number + 1]):
                continue  # a table's header row
            lines[number] = self._link_line(line, uri, here, section, seen, number + 1, made)
        return "\n".join(lines), made

    def _link_line(
        self, line: str, uri: str, here: str, section: str, seen: set[str], number: int, made: list[AutoLink]
    ) -> str:
        masked, mentions = self._read_line(line)
        edits: list[tuple[int, int, str]] = []
        for mention in mentions:
            if edits and mention.start < edits[-1][1]:
                continue  # inside a link made just before ("S3 Object Lock" holds "Object Lock")
            if mention.slug == here or mention.unlinked or mention.slug not in self._linked:
                continue
            if not _linkable(line, mention):
                continue
            start, end, anchor = self._anchor(masked, mention, edits[-1][1] if edits else 0)
            target = f"{SERVICES_DIR}/{mention.slug}.md" + (f"#{anchor}" if anchor else "")
            if target in seen or mention.slug in seen:
                continue
            seen.add(target)
            if not anchor:
                seen.add(mention.slug)
            text = line[start:end]
            edits.append((start, end, f"[{text}]({relative_to_page(target, uri)}){{ .{LINK_CLASS} }}"))
            made.append(AutoLink(uri, number, section, text, mention.slug, target))
        for start, end, link in reversed(edits):
            line = line[:start] + link + line[end:]
        return line

    def _read_line(self, line: str) -> tuple[str, tuple[Mention, ...]]:
        """The line masked (`mask_line`, and a quote's marker) and the mentions in it: read once per distinct line, as
        a line is on its source's page and on a service page, and notebooks copy each other's lines.
        """
        known = self._lines.get(line)
        if known is None:
            if len(self._lines) >= LINE_CACHE_LIMIT:
                self._lines.clear()  # bounded: at ×50, every distinct line would be held to the end
            quote = _QUOTE.match(line)
            masked = mask_line(line)
            if quote:
                masked = MASK * quote.end() + masked[quote.end() :]
            known = self._lines[line] = (masked, tuple(self._mentions(masked)))
        return known

    def _mentions(self, masked: str) -> list[Mention]:
        """Mentions, where an alias starting inside another and reaching further wins ("AWS Gateway Load Balancer"
        is the Gateway Load Balancer, not "AWS Gateway" followed by words).
        """
        out: list[Mention] = []
        for mention in self._catalogue.mentions(masked):
            if out and mention.start < out[-1].end:
                continue
            for start, _, _ in tokens(masked[mention.start : mention.end])[1:]:
                inner = self._catalogue.mention_at(masked, mention.start + start)
                if inner is not None and inner.end > mention.end:
                    mention = inner
                    break
            out.append(mention)
        return out

    def _anchor(self, masked: str, mention: Mention, floor: int) -> tuple[int, int, str]:
        """The link's span and the topic anchor it points to: a mention with the words around it that make up a
        topic title of the target page ("S3 Versioning", "spread placement group") links that topic, and so does a
        sub-topic alias ("Security Groups") that names a topic on its own.
        """
        by_title, by_part = self._by_title.get(mention.slug, {}), self._by_part.get(mention.slug, {})
        own = self._own.get(mention.slug, frozenset())
        starts, ends = [mention.start], [mention.end]
        for _ in range(1):
            word = _WORD_BEFORE.search(masked, floor, starts[-1])
            if not word or word.group(1).casefold() in FILLER or _touches_word(masked, word.start()):
                break
            starts.append(word.start())
        for _ in range(3):
            word = _PLAIN_WORD.match(masked, ends[-1])
            if not word or word.group(1).casefold() in FILLER:
                break
            ends.append(word.end())
        spans = sorted(((a, b) for a in starts for b in ends), key=lambda ab: ab[0] - ab[1])
        for whole in (True, False):
            for start, end in spans:
                if (start, end) == (mention.start, mention.end) and not self._names_a_part(mention):
                    continue
                if start < mention.start and not whole:
                    continue  # words before a mention only count when they make up a whole title
                key = self._topic_key(masked[start:end], mention.slug, own)
                anchor = (by_title if whole else by_part).get(key) if key else None
                if anchor is not None:
                    return start, end, anchor
        return mention.start, mention.end, ""

    def _names_a_part(self, mention: Mention) -> bool:
        """Whether the mention's alias names a part of its service that may have a topic of its own: a sub-topic
        alias ("Security Groups"), or any alias that does not name the service itself ("NAT Gateway", "CloudWatch
        Logs", "Kinesis Data Firehose"). A blind review found these linked to the top of their page, their topic a
        scroll away, while "Kinesis Data Stream" (the alias "Kinesis" and two words after it) reached its topic.
        """
        if mention.subtopic:
            return True
        key = (mention.slug, mention.alias)
        part = self._parts.get(key)
        if part is None:
            part = self._parts[key] = not self._catalogue.get(mention.slug).names_itself(mention.alias)
        return part

    def _topic_key(self, text: str, slug: str, own: frozenset[str]) -> tuple[str, ...]:
        key = self._keys.get((text, slug))
        if key is None:
            if len(self._keys) >= LINE_CACHE_LIMIT:
                self._keys.clear()
            key = self._keys[(text, slug)] = topic_key(text, own)
        return key


def _linkable(line: str, mention: Mention) -> bool:
    """Not part of a longer word: no letter, digit, `_`, `-`, `@`, `.` or `::` touching it (Hangul after it is a
    particle); and not an alias that is plain English in lower case.
    """
    if plain_english(line[mention.start : mention.end]):
        return False
    if line[max(0, mention.start - 2) : mention.start] == "::" or line[mention.end : mention.end + 2] == "::":
        return False
    before = line[mention.start - 1] if mention.start else ""
    after = line[mention.end] if mention.end < len(line) else ""
    if after == "." and mention.end + 1 < len(line) and not line[mention.end + 1].isalnum():
        after = ""  # the end of a sentence
    if after == "." and mention.end + 1 == len(line):
        after = ""
    return not (before and _WORD_EDGE.match(before)) and not (after and _WORD_EDGE.match(after))


def _touches_word(text: str, start: int) -> bool:
    """Whether the word at `start` continues one before it ("AWS-managed")."""
    return start > 0 and bool(_WORD_EDGE.match(text[start - 1]))


def _heading_text(line: str) -> str:
    """A heading's title as written (without `#`s and its `{ #anchor }`), to name the section of a link."""
    text = re.sub(r"\s*\{[^{}]*\}\s*$", "", line.strip().lstrip("#").strip())
    return re.sub(r"\\(.)", r"\1", text).replace("&amp;", "&")
