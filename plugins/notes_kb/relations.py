"""Related services and backlinks: which service pages name which, from the catalogue's mentions in their text.

The graph is computed from `Catalogue.mentions` over the text each service page shows (its contributions after
merging), not from the links another stage writes, so it does not depend on how or whether mentions become links.
Code (fenced or inline), URLs and screenshot transcriptions are not counted: a service named there is not a reference
a reader follows. The `relate` stage appends "Related services" and "Mentioned in" to every service page and adds the
service map page (`servicemap.py`).
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .autolink import plain_english
from .catalogue import Catalogue, Mention, clean_heading
from .classify import SectionRef
from .kbpages import SiteMap
from .knowledge import Contribution, KnowledgeBase, ServicePage, is_generic, without_section_number
from .links import relative_to_page
from .model import Block, Callout, ListBlock, Paragraph, Quiz, Table
from .pages import SitePage
from .render import CODE_SPAN, render_title, shortened
from .textcache import TEXT_CACHE, text_cache

if TYPE_CHECKING:
    from .pipeline import Build

TOP_RELATED, TOP_BACKLINKS = 12, 20
SNIPPET_CHARS = 180
"""A snippet longer than this is cut around the mention (whole words, with an ellipsis)."""
RELATED_ANCHOR, BACKLINKS_ANCHOR = "related-services", "mentioned-in"

_IMAGE_OR_LINK = re.compile(r"!?\[((?:[^\[\]\\]|\\.){0,300})\]\([^()\s]{0,1000}(?:\s+\"[^\"]{0,300}\")?\)")
_URL = re.compile(r"<?(?:https?://|mailto:)[^\s<>]+>?")
_EMPHASIS = re.compile(r"\*{1,3}|~~|(?<!\w)_{1,3}|_{1,3}(?!\w)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~^])")
_SENTENCE_END = re.compile(r"[.!?。](?=\s)|\n")


@dataclass(frozen=True)
class Backlink:
    """A section on another service page that names the page: where it is, how often, and the sentence around it."""

    page: str
    """Slug of the page the section is on."""
    ref: SectionRef
    label: str
    """Plain text: "<page> › <section heading>"."""
    target: str
    """Docs-relative `services/<slug>.md#<anchor>` of the section on its service page."""
    count: int
    snippet: str
    """Markdown, escaped: the sentence around the first mention, the mention in bold."""
    titled: bool = False
    """The section's heading names the page ("Kinesis vs SQS vs SNS"): it is about it, so it is listed first."""


@dataclass(frozen=True)
class Relations:
    """The mention graph between service pages, and the backlinks behind it."""

    weights: Mapping[tuple[str, str], int]
    """(page, mentioned page) → mentions of the second in the text of the first."""
    backlinks: Mapping[str, tuple[Backlink, ...]]
    """Page → sections elsewhere naming it, strongest first."""

    def related(self, slug: str) -> list[tuple[str, int]]:
        """Pages this page names, strongest first; ties go to the pair named more often the other way, then slug."""
        mine = [(to, n) for (frm, to), n in self.weights.items() if frm == slug]
        return sorted(mine, key=lambda t: (-t[1], -self.weights.get((t[0], slug), 0), t[0]))

    def edges(self) -> list[tuple[str, str, int]]:
        """Undirected edges (a < b) with both directions' mentions added, sorted."""
        return list(self._edges)

    @functools.cached_property
    def _edges(self) -> tuple[tuple[str, str, int], ...]:
        """Worked out once: every service page's local map asks for them, each a walk over every weight."""
        both: Counter[tuple[str, str]] = Counter()
        for (frm, to), n in self.weights.items():
            both[(min(frm, to), max(frm, to))] += n
        return tuple(sorted((a, b, n) for (a, b), n in both.items()))


@dataclass(frozen=True)
class _Text:
    """Plain text of one text unit (paragraph, list item, cell) and where code spans lie in it."""

    text: str
    code: tuple[tuple[int, int], ...]


def find_relations(
    kb: KnowledgeBase,
    catalogue: Catalogue,
    anchors: Mapping[SectionRef, str],
    headings: Mapping[SectionRef, str] | None = None,
) -> Relations:
    """Every mention of one service page in another's shown text, as weights and ranked backlinks. A feature name
    several services share (`unlinked` in the catalogue: "read replicas", "write-through") names none of them, and
    an alias that is a plain English word in lower case ("to pinpoint the cause") names no service.

    `anchors` maps a contribution's section to `services/<slug>/#<anchor>` (what `emit` records), and `headings` to
    the words of the heading that anchor names, which label its backlinks ("KMS › DynamoDB Global Tables and KMS
    Multi-Region Keys", not the topic's "KMS Multi-Region Keys" twice over, linked to two places).
    """
    pages = {page.service.slug for page in kb.pages}
    order = {page.service.slug: n for n, page in enumerate(kb.pages)}
    weights: Counter[tuple[str, str]] = Counter()
    found: dict[str, list[Backlink]] = defaultdict(list)
    for page in kb.pages:
        slug = page.service.slug
        for topic, contribution, parent in _contributions(page):
            counts: Counter[str] = Counter()
            first: dict[str, str] = {}
            units = list(_units(contribution.blocks))
            for n, (unit, asked) in enumerate(units):  # `asked`: what marks a quiz's question or option, or ""
                plain = plain_text(unit)
                told = _read_on(plain.text, units[n + 1][0] if n + 1 < len(units) else "")
                for mention in catalogue.mentions(plain.text):
                    if not _names_another(mention, plain.text, slug, pages) or _in_code(plain, mention.start):
                        continue
                    counts[mention.slug] += 1
                    said = snippet(told, mention.start, mention.end)
                    said = f"{asked} {said}" if asked else said
                    if mention.slug not in first or (not says_more(first[mention.slug]) and says_more(said)):
                        first[mention.slug] = said
            where = anchors.get(contribution.ref, "")
            anchor = where.partition("#")[2]
            heading = _heading(contribution, topic, parent, headings or {})
            title = clean_heading(heading)
            titled = set()
            for mention in _named_by_heading(title, catalogue, slug, pages):
                titled.add(mention.slug)
                if mention.slug not in counts:  # "Kinesis vs SQS vs SNS" over a table of code: its text names none
                    counts[mention.slug] += 1
                    first[mention.slug] = snippet(title, mention.start, mention.end)
            above = topic if parent is None else _heading(parent, topic, None, headings or {})
            if is_generic(heading) and above.casefold() != heading.casefold():  # one of many "Example"s: whose?
                heading = f"{above} › {heading}"
            label = f"{page.service.short or page.service.title} › {heading}"
            for to, n in counts.items():
                weights[(slug, to)] += n
                target = f"{page.src_uri}#{anchor}" if anchor else page.src_uri
                found[to].append(Backlink(slug, contribution.ref, label, target, n, first[to], to in titled))
    ranked = {
        to: tuple(sorted(links, key=lambda b: (not b.titled, -b.count, order[b.page], b.ref)))
        for to, links in sorted(found.items())
    }
    return Relations(dict(sorted(weights.items())), ranked)


def _named_by_heading(heading: str, catalogue: Catalogue, slug: str, pages: set[str]) -> Iterator[Mention]:
    """The services a section's heading names besides its page's: a comparison ("Kinesis vs SQS vs SNS", "Amazon
    ECS vs EKS") is what a reader of each of those pages looks for, and its text is often a table kept as code, where
    mentions do not count (a blind review found the Kinesis, Config and EKS pages did not list theirs).
    """
    for mention in catalogue.heading_mentions(heading):  # a heading's short names count: "... vs Config"
        if _names_another(mention, heading, slug, pages):
            yield mention


def _names_another(mention: Mention, text: str, slug: str, pages: set[str]) -> bool:
    """Whether a mention in `text` names another service page: not one that several services share ("up to 15 read
    replicas" on Neptune's page names no RDS), nor an alias read as plain English ("to pinpoint the cause").
    """
    named = text[mention.start : mention.end]
    return mention.slug != slug and mention.slug in pages and not mention.unlinked and not plain_english(named)


def _read_on(text: str, following: str) -> str:
    """A label that introduces what follows reads on into it: DVA's "**CloudTrail**:" over "Track who made any
    changes to the Load Balancer with API calls" was a snippet of one word (a blind review found such under
    "Mentioned in"; 198 of 2 351 had fewer than three words besides the mention, 162 now).
    """
    label = text.rstrip()
    return f"{label} {plain_text(following).text}" if following and label.endswith(":") else text


Placed = tuple[str, Contribution, "Contribution | None"]
"""A contribution with its topic's title and the contribution it is nested in (None: a root of its topic)."""


def _contributions(page: ServicePage) -> Iterator[Placed]:
    """Every contribution of the page with its topic's title and the contribution it is nested in (None: a root)."""

    def walk(topic: str, node: Contribution, parent: Contribution | None) -> Iterator[Placed]:
        yield topic, node, parent
        for child in node.children:
            yield from walk(topic, child, node)

    for topic in page.topics:
        for root in topic.contributions:
            yield from walk(topic.title, root, None)


def _heading(
    contribution: Contribution, topic: str, parent: Contribution | None, headings: Mapping[SectionRef, str]
) -> str:
    """The words of the heading a contribution's text is shown under: as the page recorded them, else its topic's
    (a root) or its own (a nested one), as the page heads it.
    """
    if contribution.ref in headings:
        return headings[contribution.ref]
    return topic if parent is None else without_section_number(contribution.section.title)


ASKED_OPENING = "*(practice question"
ASKED = f"{ASKED_OPENING})*"
"""Before a snippet taken from a quiz: its question or option is no fact ("Question 7: with an edge-optimized API
Gateway, API Gateway exists in every region's edge locations", whose answer is "no"). A question's marker gives the
answer the notes mark, an option's whether it is the right one (`_asked`)."""
ANSWER_CHARS = 60


def _units(blocks: Sequence[Block]) -> Iterator[tuple[str, str]]:
    """The running text of blocks, one unit at a time, with the marker of a quiz's question or option ("" for a
    note's own text); code and screenshot transcriptions are left out.
    """
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block.text, ""
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield item.text, ""
                yield from _units(item.children)
        elif isinstance(block, Table):
            yield from ((cell, "") for cell in block.header)
            for row in block.rows:
                yield from ((cell, "") for cell in row)
        elif isinstance(block, Callout):
            if block.title:
                yield block.title, ""
            yield from _units(block.blocks)
        elif isinstance(block, Quiz):
            yield from _asked(block)
            if block.answer:
                yield block.answer, ""  # the answer's explanation is what holds


def _asked(quiz: Quiz) -> Iterator[tuple[str, str]]:
    """A quiz's question, marked with the answer the notes mark ("answer: No", a blind review found the question
    shown as a fact), and its options, each marked right or wrong (the Config page listed Q10's wrong option).
    """
    right = [option.text for option in quiz.options if option.correct]
    answer = " / ".join(plain_text(text).text.strip() for text in right)
    answer = shortened(answer, ANSWER_CHARS)
    yield quiz.question, f"{ASKED_OPENING}; answer: {render_title(answer)})*" if answer else ASKED
    for option in quiz.options:
        kind = ("the right" if option.correct else "a wrong") if right else ""
        yield option.text, f"{ASKED_OPENING}, {kind} answer)*" if kind else ASKED


@text_cache(maxsize=TEXT_CACHE)  # pure: a serve rebuild reuses the unchanged texts' results
def plain_text(inline: str) -> _Text:
    """Inline Markdown as the words a reader sees: link labels kept, URLs and markup gone, code spans marked."""
    parts: list[str] = []
    code: list[tuple[int, int]] = []
    size = 0
    last = 0
    for match in CODE_SPAN.finditer(inline):
        text = _plain(inline[last : match.start()])
        body = match.group(2).strip()
        parts += [text, body]
        code.append((size + len(text), size + len(text) + len(body)))
        size += len(text) + len(body)
        last = match.end()
    parts.append(_plain(inline[last:]))
    return _Text("".join(parts), tuple(code))


def _plain(text: str) -> str:
    text = _IMAGE_OR_LINK.sub(lambda m: m.group(1), text)
    text = _URL.sub("", text)
    text = _EMPHASIS.sub("", text)
    return _ESCAPE.sub(r"\1", text).replace("\\\n", "\n")


def _in_code(plain: _Text, offset: int) -> bool:
    return any(start <= offset < end for start, end in plain.code)


def snippet(text: str, start: int, end: int) -> str:
    """The sentence around `text[start:end]` as escaped Markdown, the mention in bold, cut to about SNIPPET_CHARS."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    after = _SENTENCE_END.search(text, end)
    right = after.end() if after else len(text)
    before, mention, rest = text[left:start], text[start:end], text[end:right]
    room = max(SNIPPET_CHARS - len(mention), 40) // 2
    if len(before) > room:
        before = "…" + before[len(before) - room :].split(" ", 1)[-1]
    if len(rest) > room:
        rest = rest[:room].rsplit(" ", 1)[0] + "…"
    return f"{_escaped(before.lstrip())}**{_escaped(mention)}**{_escaped(rest.rstrip())}"


_BOLD = re.compile(r"\*\*(?:\\.|[^*\\])*\*\*")
_ASKED_MARK = re.compile(rf"^{re.escape(ASKED_OPENING)}(?:\\.|[^)\\])*\)\* ")
_WORD = re.compile(r"\w")


def says_more(snippet: str) -> bool:
    """Whether a snippet has a word besides its bold mention: "SQS › SQS vs Kinesis: **Kinesis**", a table's header
    cell, told a reader nothing (48 of 2 355 "Mentioned in" rows, a blind review); so did one behind a quiz's marker.
    A section naming the page again quotes the first sentence that says more, and a row whose every snippet is bare
    quotes none.
    """
    return bool(_WORD.search(_plain(_BOLD.sub("", _ASKED_MARK.sub("", snippet), count=1))))


def _escaped(text: str) -> str:
    """`render_title` on text whose leading and trailing space matter (it sits next to the bold mention)."""
    if not text.strip():
        return " " if text else ""
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() else ""
    return lead + render_title(text) + trail


def related_lines(slug: str, relations: Relations, kb: KnowledgeBase, uri: str) -> list[str]:
    """The "Related services" section: the pages this page names most, the rest in a collapsed block."""
    titles = {p.service.slug: p for p in kb.pages}
    entries = []
    for to, n in relations.related(slug):
        page = titles[to]
        name = render_title(page.service.short or page.service.title)
        entries.append(f"[{name}]({relative_to_page(page.src_uri, uri)}) ({n} mention{'s' if n != 1 else ''})")
    if not entries:
        return []
    lines = ["", f"## Related services {{ #{RELATED_ANCHOR} }}", "", "Services this page names, most named first.", ""]
    lines += [f"- {e}" for e in entries[:TOP_RELATED]]
    return lines + _more(entries[TOP_RELATED:])


def backlink_lines(slug: str, relations: Relations, site: SiteMap, uri: str) -> list[str]:
    """The "Mentioned in" section: sections of other pages naming this one, with their sentence and source.

    One row per section, naming every source that names the page there, quoting the first sentence that is more
    than the section's heading: 135 rows had listed a section again for its next source, and two sources' "IAM for
    S3" read "IAM › IAM for S3: IAM for S3" twice (a blind review). Rows are ranked as links are (`_relations`), by
    their summed counts: a row of two sources naming the page once each outranks one naming it once.
    """
    rows: dict[tuple[str, str], list[Backlink]] = {}
    for link in relations.backlinks.get(slug, ()):
        rows.setdefault((link.label, link.target), []).append(link)
    entries = []
    for (label, target), links in sorted(rows.items(), key=_row_rank):
        count = sum(link.count for link in links)
        times = f" ({count}×)" if count > 1 else ""
        heading = _plain_words(label.split(" › ")[-1])
        quoted = next((k.snippet for k in links if says_more(k.snippet) and _plain_words(k.snippet) != heading), "")
        said = f": {quoted}" if quoted else ""
        first = {link.ref.source: link for link in reversed(links)}  # two sections of one source: its first named
        sources = ", ".join(
            f"[{render_title(site.specs[link.ref.source].title)}]"
            f"({relative_to_page(site.source_location(link.ref), uri)})"
            for link in links
            if first[link.ref.source] is link
        )
        entries.append(
            f"[{render_title(label)}]({relative_to_page(target, uri)}){times}{said} "
            f'<span class="nkb-ref">{sources}</span>'
        )
    if not entries:
        return []
    lines = ["", f"## Mentioned in {{ #{BACKLINKS_ANCHOR} }}", "", "Sections of other pages that name this service."]
    lines.append("")
    lines += [f"- {e}" for e in entries[:TOP_BACKLINKS]]
    return lines + _more(entries[TOP_BACKLINKS:])


def _row_rank(row: tuple[tuple[str, str], list[Backlink]]) -> tuple[bool, int]:
    """A "Mentioned in" row's rank (stable: ties keep the order of their strongest link): titled first, then by the
    mentions of all its links.
    """
    links = row[1]
    return not any(link.titled for link in links), -sum(link.count for link in links)


def _plain_words(markdown: str) -> str:
    """Escaped Markdown (a snippet, its bold mention) as its words, to compare with a heading."""
    return " ".join(_plain(markdown).casefold().split())


def _more(entries: Sequence[str]) -> list[str]:
    if not entries:
        return []
    return ["", f'??? note "And {len(entries)} more"', "", *(f"    - {e}" for e in entries)]


def append_sections(page: SitePage, extra: Sequence[str]) -> SitePage:
    """The page with `extra` lines added at its end.

    Their anchors are fixed names; should a topic of the page already use one, ours gets a suffix, so that no two
    headings share an id.
    """
    if not extra:
        return page
    markdown = page.markdown
    for anchor in (RELATED_ANCHOR, BACKLINKS_ANCHOR):
        if f"{{ #{anchor} }}" in markdown:
            extra = [line.replace(f"{{ #{anchor} }}", f"{{ #{anchor}-nkb }}") for line in extra]
    return page.with_markdown(markdown.rstrip("\n") + "\n" + "\n".join(extra) + "\n")


def relate(build: Build) -> Build:
    """Pipeline stage: related services, backlinks and a local map on each service page; the service map page."""
    from .servicemap import local_map, render_map_page

    assert build.knowledge is not None and build.catalogue is not None
    relations = find_relations(build.knowledge, build.catalogue, build.service_anchors, build.service_headings)
    specs = {spec.slug: spec for spec in build.specs}
    site = SiteMap(specs, build.trees, build.chapter_pages, build.settings.links)
    by_uri = {page.src_uri: page.service.slug for page in build.knowledge.pages}
    pages = []
    for page in build.pages:
        slug = by_uri.get(page.src_uri)
        if slug is not None:
            extra = related_lines(slug, relations, build.knowledge, page.src_uri)
            if extra:
                extra += local_map(slug, relations, build.knowledge, page.src_uri)
            extra += backlink_lines(slug, relations, site, page.src_uri)
            page = append_sections(page, extra)
        pages.append(page)
    pages.append(render_map_page(relations, build.knowledge))
    return replace(build, pages=tuple(pages))
