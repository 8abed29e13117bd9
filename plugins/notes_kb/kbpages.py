"""Markdown of the knowledge-base pages: one per service or area, the services index, and the build report."""

from __future__ import annotations

import bisect
import html
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from .catalogue import Catalogue, Service, display_title
from .classify import SectionRef
from .dedupe import Conflict
from .heldspans import ALSO_CLASS
from .knowledge import (
    SERVICES_DIR,
    Contribution,
    KnowledgeBase,
    ServicePage,
    Topic,
    step_place,
    unnumbered,
    without_section_number,
    without_step_number,
)
from .links import SourceLinks, href, relative_to_page
from .model import Block, Callout, ListBlock, ListItem, Paragraph, Section, SourceTree, Span, walk_sections
from .normalize import strip_markup
from .pages import ChapterPage, SitePage
from .passages import span_key
from .render import (
    Note,
    indented,
    render_blocks,
    render_inline,
    render_quoted_item,
    render_title,
    section_anchors,
    shortened,
)
from .slugs import SlugRegistry
from .sources import SourceSpec
from .textcache import text_cache

TOOLTIP_CHARS = 280
"""How much of a merged twin's wording its "also in" link shows on hover."""
NAMED_CLASS = "nkb-named"
"""Marks the H3 of a section joined to a topic its title does not name (`Topic.headed`): that heading still names a
topic of the page, and automatic links read it as one (`autolink.topics_of`)."""
PICTURED_CLASS = "nkb-pictured"
"""Marks the H2 of a topic that only says its pictures were lost: nothing there to link to, and automatic links,
which read a page's H2s as its topics, do not (`autolink.topics_of`); nor does the page's table of contents
(`pictured_anchors`)."""
_PICTURED_HEADING = re.compile(rf'<h2 class="{PICTURED_CLASS}" id="([^"]+)"')


def pictured_anchors(html: str) -> frozenset[str]:
    """The anchors of a rendered page's picture-only topics, which its table of contents leaves out: a reader found
    "SQS as a buffer for database writes" listed there, and under it only "Only a picture here in the notes" (a
    user-level review; 24 such entries on the real site). The heading and its line stay on the page, last.
    """
    return frozenset(_PICTURED_HEADING.findall(html)) if PICTURED_CLASS in html else frozenset()


@dataclass(frozen=True)
class SiteMap:
    """Where things are, for links between pages: source pages and service pages."""

    specs: Mapping[str, SourceSpec]
    trees: Mapping[str, SourceTree]
    chapter_pages: Mapping[str, Sequence[ChapterPage]]
    links: SourceLinks
    _anchors: dict[tuple[str, int], list[str]] = field(default_factory=dict, compare=False, repr=False)
    _sections: dict[tuple[str, int], list[Section]] = field(default_factory=dict, compare=False, repr=False)
    _numbers: dict[tuple[str, int], dict[int, int]] = field(default_factory=dict, compare=False, repr=False)
    _parents: dict[tuple[str, int], dict[int, int]] = field(default_factory=dict, compare=False, repr=False)
    _extents: dict[tuple[str, int], dict[str, list[tuple[Span, int]]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def read_all(self) -> SiteMap:
        """Every chapter's anchors and section titles, worked out now (otherwise on first use), and the map.

        Why: rendering a service page asks for the chapters its sections come from, and many pages ask for the same
        ones; walked once here, they are ready for all. (When forked workers rendered service pages, before 59c7c4f,
        each walked them again after every renewal and copied the model's memory pages it wrote to.)
        """
        for source, tree in sorted(self.trees.items()):
            for chapter in range(len(tree.chapters)):
                first = SectionRef(source, chapter, 0)
                self._anchor(first)
                self.section_extents(source, chapter, "")
                self.parent_index(first)
        return self

    def _anchor(self, ref: SectionRef) -> str:
        key = (ref.source, ref.chapter)
        if key not in self._anchors:  # a chapter's anchors come from one walk: compute once
            self._anchors[key] = section_anchors(self.trees[ref.source].chapters[ref.chapter])
        return self._anchors[key][ref.index]

    def section_title(self, ref: SectionRef) -> str:
        """The title of a section, as its source page shows it."""
        return self._chapter_sections(ref.source, ref.chapter)[ref.index].title

    def section_extents(self, source: str, chapter: int, path: str) -> list[tuple[Span, int]]:
        """Each section of a chapter that has blocks in `path`: its lines there, from its heading (or first block) to
        its last own block, with its index (`SectionRef.index`), by first line: a reader may number sections out of
        line order (the PDF's untitled tables, which have no heading).
        """
        key = (source, chapter)
        if key not in self._extents:
            by_path: dict[str, list[tuple[Span, int]]] = defaultdict(list)
            for n, section in enumerate(self._chapter_sections(source, chapter)):
                for extent in _section_extents(section):
                    by_path[extent.path].append((extent, n))
            self._extents[key] = {
                p: sorted(spans, key=lambda entry: (entry[0].start, entry[1])) for p, spans in by_path.items()
            }
        return self._extents[key].get(path, [])

    def _chapter_sections(self, source: str, chapter: int) -> list[Section]:
        key = (source, chapter)
        if key not in self._sections:  # asked once per merged twin: walk each chapter once
            self._sections[key] = walk_sections((self.trees[source].chapters[chapter],))
        return self._sections[key]

    def child_refs(self, ref: SectionRef) -> tuple[SectionRef, ...]:
        """The section's own subsections, in order."""
        key = (ref.source, ref.chapter)
        if key not in self._numbers:  # a section's place in its chapter's walk, once per chapter
            self.section_title(ref)
            self._numbers[key] = {id(section): n for n, section in enumerate(self._sections[key])}
        numbers = self._numbers[key]
        return tuple(SectionRef(*key, numbers[id(child)]) for child in self._sections[key][ref.index].children)

    def parent_index(self, ref: SectionRef) -> int:
        """The index (`SectionRef.index`) of the section's parent in its chapter; -1 for the chapter's own."""
        key = (ref.source, ref.chapter)
        if key not in self._parents:
            sections = self._chapter_sections(*key)
            self._parents[key] = {
                child.index: n for n in range(len(sections)) for child in self.child_refs(SectionRef(*key, n))
            }
        return self._parents[key].get(ref.index, -1)

    def source_location(self, ref: SectionRef) -> str:
        """`sources/<source>/<chapter>.md#anchor` of a section on its source page (a docs-relative file link)."""
        return f"{self.chapter_pages[ref.source][ref.chapter].src_uri}#{self._anchor(ref)}"

    def source_href(self, ref: SectionRef, page_uri: str) -> str:
        """The same location as a link written in HTML on the page `page_uri` (`links.href`: MkDocs does not convert
        links in HTML).
        """
        chapter = self.chapter_pages[ref.source][ref.chapter].src_uri
        return f"{href(page_uri, chapter)}#{self._anchor(ref)}"

    def source_url(self, ref: SectionRef) -> str:
        """The same location as a site URL (what provenance records)."""
        return f"{self.chapter_pages[ref.source][ref.chapter].url}#{self._anchor(ref)}"


def contribution_span(contribution: Contribution) -> Span | None:
    """The raw lines of what a contribution shows (in its first file): its section's heading, blocks and lost
    pictures, and those of the subsections nested under it. Why the subsections: one "from" line heads them all, and
    a section that is only a heading over them ("RDS Backup and Restores") otherwise pointed at one line for a
    hundred shown below it. The range may take in a section shown elsewhere: `contribution_ranges` leaves it out.
    """
    spans = _shown_spans(contribution)
    if not spans:
        return None
    path = spans[0].path
    same = [s for s in spans if s.path == path]
    return Span(path, min(s.start for s in same), max(s.end for s in same))


def _shown_spans(contribution: Contribution) -> list[Span]:
    """The heading, blocks and lost pictures of a contribution and of every section nested under it."""
    spans = [
        span
        for shown in contribution.walk()
        for span in ([shown.section.heading] if shown.section.heading else []) + [b.span for b in shown.section.blocks]
    ]
    return spans + [
        Span(shown.section.heading.path, line, line)
        for shown in contribution.walk()
        if shown.section.heading
        for line in shown.pictures
    ]


def contribution_ranges(contribution: Contribution, site: SiteMap) -> tuple[Span, ...]:
    """`contribution_span` less the lines of the chapter's sections it does not show (they are in another topic or
    on another page): DVA's "1.7.1. Intro to Containers" said "lines 6250–6472", yet its "Problems with Virtual
    Machines" and comparison table (6302–6341) were in another topic, and a reader who opened the lines thought them
    lost (blind reviews of the Containers and Snow Family pages). A section with no blocks holds nothing to miss; a
    section whose lines run round a shown one (a reader's out-of-order numbering) is not taken out.
    """
    hull = contribution_span(contribution)
    if hull is None:
        return ()
    here = {node.ref.index for node in contribution.walk()}
    shown = [span for span in _shown_spans(contribution) if span.path == hull.path]
    extents = site.section_extents(contribution.ref.source, contribution.ref.chapter, hull.path)
    first = bisect.bisect_right(extents, hull.start, key=lambda entry: entry[0].start)
    last = bisect.bisect_right(extents, hull.end, key=lambda entry: entry[0].start)
    ranges = [hull]
    for gap, index in extents[first:last]:
        if index not in here and not any(gap.start <= s.start <= gap.end for s in shown):
            ranges = [part for span in ranges for part in _without(span, gap)]
    return tuple(r for r in ranges if any(r.start <= s.start and s.end <= r.end for s in shown))


def _section_extents(section: Section) -> list[Span]:
    """Per file, a section's lines from its heading (or its first block, if it has none there) to its last own
    block: the PDF's untitled tables have no heading.
    """
    blocks: dict[str, list[Span]] = defaultdict(list)
    for block in section.blocks:
        blocks[block.span.path].append(block.span)
    heading = section.heading
    return [
        Span(
            path,
            heading.start if heading and heading.path == path else min(s.start for s in spans),
            max(s.end for s in spans),
        )
        for path, spans in sorted(blocks.items())
    ]


def _without(span: Span, gap: Span) -> list[Span]:
    """`span` with the lines of `gap` taken out (none, one or two spans left)."""
    if gap.end < span.start or gap.start > span.end:
        return [span]
    parts = []
    if gap.start > span.start:
        parts.append(Span(span.path, span.start, gap.start - 1))
    if gap.end < span.end:
        parts.append(Span(span.path, gap.end + 1, span.end))
    return parts


@dataclass(frozen=True)
class RenderedServicePage:
    page: SitePage
    anchors: dict[SectionRef, str]
    """Section → anchor of the heading its own text is shown under: its topic's, or its own (a subsection, or a
    section with a heading of its own in the topic)."""
    headings: dict[SectionRef, str]
    """Section → the words of that heading, as the page writes them (what a link to the anchor is labelled)."""


def _origin(contribution: Contribution, site: SiteMap, uri: str, heading: str) -> str:
    """The small "from" line above a contribution: source, its path of headings, and its raw lines.

    The whole path, even where its last heading is the topic's title: "S3 Security" alone, above the notebook's
    "S3 Bucket Policies" in the topic of that name, read as if the section were about S3 security. A path that is
    only the `heading` right above it (the topic's title, or the contribution's own H3) is not said again.
    """
    spec = site.specs[contribution.source]
    where = relative_to_page(site.source_location(contribution.ref), uri)
    path = [t for t in contribution.path[1:] if t] or list(contribution.path)
    said = len(path) == 1 and unnumbered(path[0]).casefold() == unnumbered(heading).casefold()
    titles = [render_title(without_section_number(t)) for t in path]  # "1.10.8. Amazon Aurora" numbers nothing here
    if len(titles) >= 2 and (parent := _parent_ref(contribution, site)) is not None:
        titles[-2] = parent_marker(parent, titles[-2])
    named = "" if said else '<span class="nkb-path">' + " › ".join(titles) + "</span>"
    parts = [f"[{render_title(spec.title)}]({where})", named]
    ranges = contribution_ranges(contribution, site)
    if ranges:
        views = [relative_to_page(site.links.view(r.path, r.start, r.end), uri) for r in ranges]
        parts.append("[lines " + ", [".join(f"{r.start}–{r.end}]({v})" for r, v in zip(ranges, views, strict=True)))
        if site.links.edit(ranges[0].path):  # a repository is configured: one click to fix the note there
            parts.append(f"[edit]({site.links.edit(ranges[0].path)})")
    return '<p class="nkb-from" markdown>' + " · ".join(p for p in parts if p) + "</p>"


Twins = Mapping[str, Sequence[tuple[SectionRef, str, bool]]]
"""Kept passage key → each passage merged into it, as its section, its wording for a tooltip, and whether it is in
the kept passage's own notes (in key order)."""


def twin_wordings(kb: KnowledgeBase, refs: Mapping[str, SectionRef]) -> dict[str, Twins]:
    """Page slug → the `Twins` of the kept passages on that page, for every page at once.

    Why: worked out once for all pages, from one walk of the merges, rather than page by page. (When forked workers
    rendered service pages, before 59c7c4f, a worker that read the twins' passages and sections itself copied every
    memory page they sit on: ×10, 46 MiB per worker for the passages, 18 for their sections.) Equal wordings share one
    string.
    """
    tooltips: dict[str, str] = {}
    wordings: dict[str, Twins] = {}
    for slug, twins in kb.grouped_twins().items():
        wordings[slug] = {
            kept: tuple(
                (refs[dup], _shared_tooltip(kb.passages[dup].text, tooltips), refs[dup].source == refs[kept].source)
                for dup in sorted(duplicates)
            )
            for kept, duplicates in twins.items()
        }
    return wordings


def _shared_tooltip(text: str, tooltips: dict[str, str]) -> str:
    if text not in tooltips:
        tooltips[text] = _tooltip(text)
    return tooltips[text]


SAME_NOTES = "the same notes"
"""How an "also in" note names the notebook of the passage it is on."""

AlsoIn = tuple[tuple[str, str, tuple[str, ...]], ...]
"""Where a kept passage's merged twins are: (label, href, the twins' wordings there), one per section."""


def _also_in(twins: Twins, site: SiteMap, uri: str) -> dict[str, AlsoIn]:
    """Kept passage key → the links of its "also in" note: each merged twin's section on its source page.

    A twin in the kept passage's own notes is "the same notes › section": named by its notebook, the one author's
    repeat read as a second source agreeing, and "these notes" read as this page (a blind review). The section is
    named as service pages head it, without a section number of two parts or more ("1.18.6. DynamoDB Accelerator
    (DAX)" numbers nothing beside other sources); a step keeps its number, which places it in its source ("3. Use
    Cases"), wherever the page shows it. Each link's tooltip is the twin's own wording: a merge is a judgement by
    words, and a reworded merge can drop a detail (measured: README, "Duplicates"), so the hidden text stays one
    hover away on the page.
    """
    notes = {}
    targets: dict[tuple[SectionRef, bool], tuple[str, str]] = {}  # a section twinned many times: labelled once
    for kept, merged in twins.items():
        wordings: dict[tuple[str, str], list[str]] = defaultdict(list)  # one link per section, all its twins' words
        for ref, tooltip, same_notes in merged:
            if (ref, same_notes) not in targets:
                where = SAME_NOTES if same_notes else site.specs[ref.source].title
                label = " ".join(f"{where} › {without_section_number(site.section_title(ref))}".split())
                targets[ref, same_notes] = (html.escape(label, quote=False), html.escape(site.source_href(ref, uri)))
            wordings[targets[ref, same_notes]].append(tooltip)
        notes[kept] = tuple((label, to, tuple(texts)) for (label, to), texts in wordings.items())
    return notes


def _also_note(links: AlsoIn, what: str = "also in") -> str:
    """The note as HTML, not Markdown: with many twins it is most of a page, and `heldspans` passes it whole."""
    anchors = [f'<a href="{to}" title="{" / ".join(texts)}">{label}</a>' for label, to, texts in links]
    return f'<span class="{ALSO_CLASS}">{what} ' + ", ".join(anchors) + "</span>"


def _notes(sections: Iterable[Sequence[Block]], also: Mapping[str, AlsoIn]) -> Note:
    """The "also in" notes of a page's sections (each one's blocks), a list told item by item at the same places
    said once.

    Why: a list hidden whole in another source's list (`dedupe._whole_lists`) showed the same note on every item
    ("also in AWS SAA notebook › AMI Sharing Process" five times over a five-step procedure). Such a list gets one
    note, on its introducing paragraph when that is told there too, else after the list; the tooltips still give
    every twin's wording, item by item.
    """
    moved: dict[str, str] = {}
    after: dict[str, str] = {}
    for blocks in sections:
        for previous, block in itertools.pairwise([None, *_noted_blocks(blocks)]):
            if not isinstance(block, ListBlock) or len(block.items) < 2:
                continue
            items = [also.get(span_key(item.span), ()) for item in block.items]
            where = _places(items[0])
            if not where or any(_places(links) != where for links in items):
                continue
            lead_key = span_key(previous.span) if isinstance(previous, Paragraph) else ""
            lead = also.get(lead_key, ())
            told = [lead, *items] if _places(lead) == where else items
            joined = tuple(
                (label, to, tuple(text for links in told for text in links[n][2]))
                for n, (label, to) in enumerate(where)
            )
            moved.update((span_key(item.span), "") for item in block.items)
            if told is items:
                after[span_key(block.span)] = _also_note(joined, "this list also in")
            else:
                moved[lead_key] = _also_note(joined, "this and the list below also in")

    def note(block: Paragraph | ListItem | ListBlock) -> str:
        key = span_key(block.span)
        if isinstance(block, ListBlock):
            return after.get(key, "")
        if key in moved:
            return moved[key]
        links = also.get(key)
        return _also_note(links) if links else ""

    return note


def _places(links: AlsoIn) -> tuple[tuple[str, str], ...]:
    return tuple((label, to) for label, to, _ in links)


def _noted_blocks(blocks: Iterable[Block]) -> Iterator[Block]:
    """Blocks that carry notes, in reading order: top-level ones and those inside callouts."""
    for block in blocks:
        if isinstance(block, Callout):
            yield from _noted_blocks(block.blocks)
        else:
            yield block


@text_cache(maxsize=1 << 14)
def _tooltip(text: str, limit: int = TOOLTIP_CHARS) -> str:
    """A passage as one line of plain text for a link title, cut at a word near `limit`, HTML-escaped. Cached:
    copied passages are merged many times over (×10 corpus: 70 000 tooltips of about 12 000 texts).
    """
    plain = re.sub(r"([(\[]) | ([.,;:!?)\]])", r"\1\2", " ".join(strip_markup(text).split()))
    return html.escape(shortened(plain, limit), quote=True)


def _conflict_lines(
    page: ServicePage,
    kb: KnowledgeBase,
    refs: Mapping[str, SectionRef],
    site: SiteMap,
    items: Mapping[str, ListItem],
) -> list[str]:
    """Each box quotes every side with its source and section: "Max throughput 500 MiB/s – max IOPS 500" names no
    volume type, its section ("Throughput Optimized HDD (st1)") does (a blind review found the st1 box unnamed). A
    list item with sub-items (`items`, by passage key) is quoted as a list.
    """
    lines = []
    for keys, reasons in _one_box_per_dispute(page.conflicts):
        lines += ['!!! warning "Sources may disagree"', ""]
        for key in keys:
            ref = refs[key]
            where = f"{site.specs[ref.source].title} › {without_section_number(site.section_title(ref))}"
            link = relative_to_page(site.source_location(ref), page.src_uri)
            source = f"([{render_title(' '.join(where.split()))}]({link}))"
            item = items.get(key)
            if item is not None:
                lines += indented(render_quoted_item(item, source))
                continue
            quoted = render_inline(kb.passages[key].text).replace("\n", "\n        ")  # a kept line break stays inside
            lines.append(f"    - {quoted} {source}")
        lines.append("")
        for why, told in reasons:  # a paragraph each: which sides each reason is about is in its own words
            lines += [f"    {render_inline(describe_conflict(why, told))}", ""]
    return lines


def items_with_sub_items(blocks: Iterable[Sequence[Block]]) -> dict[str, ListItem]:
    """Each list item of the blocks (top-level or in a callout, as passages are) that has sub-items, by passage key."""
    items: dict[str, ListItem] = {}
    for block in _noted_blocks(itertools.chain.from_iterable(blocks)):
        if isinstance(block, ListBlock):
            items.update((span_key(item.span), item) for item in block.items if item.text and item.children)
    return items


def _one_box_per_dispute(conflicts: Sequence[Conflict]) -> list[tuple[list[str], list[tuple[str, int]]]]:
    """Conflicts linked by shared passages (`_linked`) as one box listing every passage, with each reason once and
    how many passages tell it: DVA's summary and its exam power-up both say "2 times faster than PostgreSQL" against
    the cheat sheet's "three times". DVA's S3 "The minimum data size is 100 MB." opened two boxes in a row, one per
    source that disputes it with another number (a user-level review): one box, two reasons.
    """
    boxes = []
    for linked in _linked(conflicts):
        reasons: dict[str, tuple[str, set[str]]] = {}
        for conflict in linked:
            reasons.setdefault(_reason_key(conflict.why), (conflict.why, set()))[1].update((conflict.a, conflict.b))
        keys = list(dict.fromkeys(key for conflict in linked for key in (conflict.a, conflict.b)))
        boxes.append((keys, [(why, len(told)) for why, told in reasons.values()]))
    return boxes


def _reason_key(why: str) -> str:
    """A reason as compared for one box: "up to 128tb" and "up to 128 tb" (Aurora's storage, told by two sources
    against DVA's 64 TiB) are one number written two ways.
    """
    return re.sub(r"\s+", "", why.lower())


_UNIT_SPELLING = {
    unit.casefold(): unit
    for unit in ("KB", "KiB", "MB", "MiB", "GB", "GiB", "TB", "TiB", "PB", "Gbps", "Mbps", "IOPS", "vCPU", "vCPUs")
}
_UNIT_CASE = re.compile(r"(?<=\d)( ?)(" + "|".join(_UNIT_SPELLING) + r")\b")
"""A unit right after a number, as the detector folded it ("64 tib", "128tb")."""
_LONG_NUMBER = re.compile(r"(?<![\d.,])\d{5,}(?![\d.,])")
"""A number of five digits or more, whose thousands commas the detector folded away ("40000 iops")."""


_LIMIT_WORD = re.compile(r"\b(?:up ?to|max|maximum|min|minimum|at (?:least|most)|less|more|over|under|within)\b|[<>≤≥]")
"""A bound in what a dispute quotes: "up to 15 days vs up to 14 days" gives a limit twice; KMS's "1095 days vs 1
year" gives a rotation period, which a user-level review found miscalled a limit."""


def _one_number(detail: str) -> bool:
    """Whether both sides of "A vs B" quote the same number ("at least 100 MB vs under 100MB"): the box had said
    "two numbers" of S3 multipart's threshold (a user-level review).
    """
    sides = [re.findall(r"(\d[\d,.]*)\s*([a-z%]*)", side.casefold()) for side in detail.split(" vs ")]
    return len(sides) == 2 and len(sides[0]) == len(sides[1]) == 1 and sides[0] == sides[1]  # number and unit


def describe_conflict(why: str, passages: int = 2) -> str:
    """The detector's note in words: "number: 3 vs 2, <=5" → "The numbers differ (3 vs 2, ≤5).". A box of three
    passages or more (ELB's cross-zone default) says "some" and "others", not "one" and "the other".
    """
    one, says, other = ("One", "says", "the other") if passages <= 2 else ("Some", "say", "others")
    kind, _, detail = why.partition(":")
    detail = detail.strip().replace("<=", "≤").replace(">=", "≥")
    if kind in ("number", "limit"):
        return f"The numbers differ ({detail})."
    if kind == "told":  # written as the notes write it, but folded: "up to 64 tib" → "up to 64 TiB"
        detail = _UNIT_CASE.sub(lambda unit: unit.group(1) + _UNIT_SPELLING[unit.group(2)], detail)
        detail = _LONG_NUMBER.sub(lambda number: f"{int(number.group()):,}", detail)
        if _one_number(detail):  # "at least 100 MB vs under 100MB": one number, bounded from opposite sides
            return f"They bound one number from opposite sides ({detail})."
        what = "one limit" if _LIMIT_WORD.search(detail) else "the same thing"
        return f"They give two numbers for {what} ({detail})."
    if kind == "counted":  # "2 types vs 3 primary types"
        return f"They count the kinds differently ({detail})."
    if kind == "listed":  # "listed: 2 throughput modes vs 3 listed (Bursting, Provisioned, Elastic)"
        count, _, listed = detail.partition(" vs ")
        number, _, names = listed.partition(" listed ")
        lists = "list" if passages > 2 else "lists"
        return f"{one} {says} there are {count}, {other} {lists} {number}: {names.removeprefix('(').removesuffix(')')}."
    if kind == "support":  # "support: AWS Elastic Beanstalk"
        return f"{one} {says} {detail} works with this service, {other} that it does not."
    if kind == "contrast":  # "contrast: guarantee the order vs no ordering", as the notes word each side
        yes, _, no = detail.partition(" vs ")
        return f"{one} {says} “{yes}”, {other} “{no}”."
    if kind == "table":  # "table: Simple, Health Checks: Optional"
        row, _, cell = detail.partition(", ")
        return f"A table gives {row} “{cell}”; {'others deny' if passages > 2 else 'the other denies'} it."
    if kind == "negation":
        if passages > 2:
            return "Some of them deny what others state."
        return "One of them denies what the other states."  # the detail is stems ("authent, redi"): no help
    return f"They take opposite sides ({why})."


def render_service_page(
    page: ServicePage, kb: KnowledgeBase, refs: Mapping[str, SectionRef], site: SiteMap, twins: Twins
) -> RenderedServicePage:
    """A merged service page: title, where it comes from, then each topic with each source's contribution.
    `twins`: the page's entry in `twin_wordings`.
    """
    uri = page.src_uri
    registry = SlugRegistry()
    title_anchor = registry.unique(page.service.short or page.service.title)
    sources = [site.specs[s] for s in page.sources()]
    source_links = ", ".join(
        f"[{render_title(s.title)}]({relative_to_page(f'sources/{s.slug}/index.md', uri)})" for s in sources
    )
    lines = [
        f"# {render_title(display_title(page.service.title))} {{ #{title_anchor} }}",
        "",
        f'<p class="nkb-origin" markdown>{render_title(page.service.category)} · '
        f"from {len(sources)} source{'s' if len(sources) != 1 else ''}: {source_links}</p>",
    ]
    note = _notes(
        (node.blocks for topic in page.topics for root in topic.contributions for node in root.walk()),
        _also_in(twins, site, uri),
    )

    conflicts_in = conflicts_by_topic(page, kb)
    items = items_with_sub_items(
        node.blocks for topic in page.topics for root in topic.contributions for node in root.walk()
    )
    anchors: dict[SectionRef, str] = {}
    headings: dict[SectionRef, str] = {}
    moved = hidden_in_other_topics(page, twins, refs)
    unsequenced = unsequenced_steps(page, site.parent_index)
    for n, topic in enumerate(page.topics):
        anchor = registry.unique(topic.title, "topic")
        pictured = f" .{PICTURED_CLASS}" if all(not c.blocks and not c.children for c in topic.contributions) else ""
        titled = page.service.respelled(topic.title)  # "Dynamo DB Backups" titles as "DynamoDB Backups"
        lines += ["", f"## {render_title(titled)} {{ #{anchor}{pictured} }}"]
        shown = conflicts_in.get(n, [])
        if shown:
            lines += ["", *_conflict_lines(ServicePage(page.service, (), tuple(shown)), kb, refs, site, items)]
        after_subheadings = False
        last_heading = ""  # the heading the last contribution's own text sits under, if it had no subsections
        under = anchor  # that heading's anchor
        order = _reading_order(topic)
        apart = _told_apart(topic)
        for contribution in order:
            # After subheadings, a contribution without its own would read (and sit in the table of contents) as part
            # of the last one; one the topic's title does not name (`Topic.headed`) keeps its name in view, and so
            # does one with subsections, unless the topic's title is its own: else its subsections sat in the table
            # of contents beside other sources' sections, with no parent (DVA's "1.8.6.1. Cluster Placement Group"
            # and its "Key Features" under "EC2 Placement Groups"); and one whose heading says more than the topic's
            # title (`Topic.subtitled`: "Routing Policy - Weighted Routing" in "Route 53 – Routing Policies").
            named = contribution.ref in topic.headed
            parent = bool(contribution.children) and unnumbered(contribution.section.title) != topic.title
            headed = after_subheadings or named or parent or contribution.ref in topic.subtitled
            if headed and contribution is order[0] and _same_title(contribution.section.title, topic.title):
                headed = False  # the topic's own title right under it again ("## Spot Fleets", "### Spot Fleets")
            headed = headed or contribution.ref in apart
            heading = apart.get(contribution.ref, contribution.section.title) if headed else topic.title
            origin = _origin(contribution, site, uri, heading)
            if headed and contribution.ref not in apart and _says_nothing_new(heading, topic.title, page.service):
                heading = f"{heading} – {site.specs[contribution.source].title}"  # not "## KMS Keys", "### KMS Keys"
            if headed and heading != last_heading:  # two sources' "DNS Terminologies" in a row: one heading
                marks = f" .{NAMED_CLASS}" if named else ""
                title = shown_heading(heading, contribution.ref, unsequenced)
                under = registry.unique(title)
                lines += ["", f"### {render_title(title)} {{ #{under}{marks} }}"]
            anchors[contribution.ref] = under if headed else anchor
            headings[contribution.ref] = shown_heading(heading, contribution.ref, unsequenced) if headed else titled
            lines += ["", origin, ""]
            lines += render_blocks(contribution.blocks, note)
            lines += told_marker(contribution.ref, moved)
            lines += picture_note(contribution, site, uri)
            lines += elsewhere_marker(contribution, site)
            places = (anchors, headings, moved, unsequenced)
            lines += _nested(contribution, 4 if headed else 3, registry, places, note, (site, uri))
            after_subheadings = headed or bool(contribution.children)
            last_heading = heading if headed and not contribution.children else ""
    title = page.service.short or page.service.title
    markdown = link_told(("\n".join(lines) + "\n"), moved, anchors, headings)
    return RenderedServicePage(SitePage.of(uri, title, markdown), anchors, headings)


def unsequenced_steps(page: ServicePage, parent_index: Callable[[SectionRef], int]) -> frozenset[SectionRef]:
    """The step headings ("5. Assign Public IP", "Step 4: ...") whose steps, as a topic of the page shows them, do
    not read 1, 2, 3...: the steps between went to another topic or were hidden as duplicates, and "1. With EC2",
    "3. With S3", "8. With Route 53 Resolver" sent a reader looking for the rest (18 headings on the real
    notes). Such headings are shown without their numbers; steps are grouped by topic and by the section they
    are steps of (`parent_index`: `SiteMap.parent_index`).
    """
    runs: dict[tuple[int, str, int, int, str], list[tuple[SectionRef, int]]] = defaultdict(list)
    for n, topic in enumerate(page.topics):
        for root in _reading_order(topic):
            for node in root.walk():
                place = step_place(node.section.title)
                if place is not None:
                    style, number = place
                    key = (n, node.ref.source, node.ref.chapter, parent_index(node.ref), style)
                    runs[key].append((node.ref, number))
    return frozenset(
        ref for run in runs.values() for steps in _sequences(run) if not _counts_up(steps) for ref, _ in steps
    )


def _sequences(run: Sequence[tuple[SectionRef, int]]) -> list[list[tuple[SectionRef, int]]]:
    """A section's steps split where a step does not follow the one before: two procedures side by side ("1, 2, 3"
    then "2, 3", its "1." hidden), or steps missing between ("1, 2" then "6").
    """
    sequences: list[list[tuple[SectionRef, int]]] = []
    for step in run:
        if not sequences or step[1] != sequences[-1][-1][1] + 1:
            sequences.append([])
        sequences[-1].append(step)
    return sequences


def _counts_up(steps: Sequence[tuple[SectionRef, int]]) -> bool:
    """Whether steps read 1, 2, 3...: two or more, none missing."""
    return len(steps) >= 2 and [number for _, number in steps] == list(range(1, len(steps) + 1))


def shown_heading(heading: str, ref: SectionRef, unsequenced: frozenset[SectionRef]) -> str:
    """A section's heading as a service page shows it: no section number, and no step number out of sequence."""
    title = without_section_number(heading)
    return without_step_number(title) if ref in unsequenced else title


Moved = Mapping[SectionRef, Sequence[tuple[SectionRef, str]]]
"""Section → (the section of its twin, the hidden passage's wording) for each of its passages `told_marker` names."""


def hidden_in_other_topics(
    page: ServicePage, twins: Twins, refs: Mapping[str, SectionRef]
) -> dict[SectionRef, list[tuple[SectionRef, str]]]:
    """Each section of the page → its passages hidden in a twin another topic of the page shows (`Moved`). Why: a
    list that lost an item to a twin far down the page read as the whole list, with no way to the rest: the Udemy
    notes' "AWS VPN CloudHub" showed two of its four lines, the other two in the notebook's "Site-to-Site VPN, VGW
    & CGW" (blind reviews of the VPN, Shield and Direct Connect pages).
    """
    topic_of = {
        node.ref: n for n, topic in enumerate(page.topics) for root in topic.contributions for node in root.walk()
    }
    moved: dict[SectionRef, list[tuple[SectionRef, str]]] = defaultdict(list)
    for kept, merged in twins.items():
        there = topic_of.get(refs[kept])
        for ref, wording, _ in merged:
            if there is not None and topic_of.get(ref, there) != there:
                moved[ref].append((refs[kept], wording))
    return moved


TOLD = re.compile(r"<!-- nkb-told (\d+):(\d+):(.*?) -->")


def told_marker(ref: SectionRef, moved: Moved) -> list[str]:
    """A mark after a section's own text where some of its passages are shown under another topic's heading, made a
    line of links once every heading's anchor is known (`link_told`).
    """
    return ["", f"<!-- nkb-told {ref.chapter}:{ref.index}:{ref.source} -->"] if ref in moved else []


def link_told(
    markdown: str, moved: Moved, anchors: Mapping[SectionRef, str], headings: Mapping[SectionRef, str]
) -> str:
    """The page with each `told_marker` made a small line linking the headings its hidden passages are shown under,
    each link's tooltip their wording, quoting them: "2 points of this section are shown under ‹heading›, which says
    them too: “…”; “…”". It
    had said "Part of this section is shown under ‹heading›, where it is told too", which a reader's review found
    unclear: it said neither how much nor that the heading's section states it. The count is of the passages shown
    under other topics' headings; one hidden in a twin of its own topic is not counted (it is in view nearby).
    """

    def line(match: re.Match[str]) -> str:
        ref = SectionRef(match.group(3), int(match.group(1)), int(match.group(2)))
        wordings: dict[tuple[str, str], list[str]] = defaultdict(list)  # one link per heading, all its wordings
        for kept, wording in moved[ref]:
            wordings[anchors[kept], headings[kept]].append(wording)
        links = [
            f'<a href="#{anchor}" title="{" / ".join(texts)}">{html.escape(heading, quote=False)}</a>'
            for (anchor, heading), texts in wordings.items()
        ]
        count = len(moved[ref])
        points = "1 point of this section is" if count == 1 else f"{count} points of this section are"
        say = "say them" if len(links) > 1 else "says it" if count == 1 else "says them"
        quoted = _quoted_points([wording for _, wording in moved[ref]])
        return f'<p class="nkb-from nkb-told">{points} shown under {_joined(links)}, which {say} too: {quoted}</p>'

    return TOLD.sub(line, markdown)


QUOTED_POINTS, QUOTED_CHARS = 3, 90
"""How many of a section's points shown elsewhere its line quotes, and how much of each."""


def _quoted_points(wordings: Sequence[str]) -> str:
    """The first `QUOTED_POINTS` wordings (HTML-escaped tooltips) as the line quotes them, each cut at a word near
    `QUOTED_CHARS`: "“Maximum size of an item is 400KB”". On hover only, a reader of DynamoDB's overview could not
    see which point had gone to "Dynamo DB Tables", nor a phone's reader at all (a user-level review).
    """
    shown = [f"“{html.escape(shortened(html.unescape(w), QUOTED_CHARS), quote=False)}”" for w in wordings]
    rest = len(shown) - QUOTED_POINTS
    return "; ".join(shown[:QUOTED_POINTS]) + (f" and {rest} more" if rest > 0 else "")


def _joined(items: Sequence[str]) -> str:
    """Links as a sentence lists them: a; a and b; a, b and c."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _told_apart(topic: Topic) -> dict[SectionRef, str]:
    """Sections of one source under one title that its different parents tell apart, each → a heading naming its
    parent too: the Udemy notes end four chapters with a quiz headed "문제", and on the general page the four read as
    one quiz with its questions numbered three times over ("문제 (Serverless)", ...).
    """
    alike: dict[tuple[str, str], list[Contribution]] = {}
    for contribution in topic.contributions:
        alike.setdefault((contribution.source, unnumbered(contribution.section.title).casefold()), []).append(
            contribution
        )
    apart: dict[SectionRef, str] = {}
    for group in alike.values():
        parents = [c.path[-2] if len(c.path) > 1 else "" for c in group]
        if len(group) > 1 and all(parents) and len(set(parents)) == len(parents):
            for contribution, parent in zip(group, parents, strict=True):
                apart[contribution.ref] = f"{contribution.section.title} ({without_section_number(parent)})"
    return apart


def _says_nothing_new(heading: str, topic: str, service: Service) -> bool:
    """Whether a section's heading is its topic's title or its page's name again ("### S3" or "### Amazon SQS" under
    "## Overview"): in the table of contents it names nothing, so it is told apart by its source.
    """
    names: tuple[str, ...] = (topic, service.respelled(topic), service.short, service.title)
    names += (display_title(service.title), *(f"{maker} {service.short}" for maker in ("Amazon", "AWS")))
    return any(name and _same_title(heading, name) for name in names)


def _same_title(one: str, other: str) -> bool:
    return unnumbered(one).casefold() == unnumbered(other).casefold()


def _reading_order(topic: Topic) -> list[Contribution]:
    """A topic's sections, the sources whose sections read as one run of text under the topic's title first (no
    subsections, no heading of their own). After a section with subsections, the next one needs a heading of its own
    (else it reads as part of the last subsection), which mostly said the topic's title again ("## IAM Users" then
    "### IAM Users"), and the short summaries sank below a course's long notes. A source's sections stay together
    and in its order ("1.11.1.1" before "1.11.1.2"); otherwise the topic's order (the richest source first) stands.
    """
    structured = {c.source for c in topic.contributions if c.ref in topic.headed | topic.subtitled or c.children}
    return sorted(topic.contributions, key=lambda c: c.source in structured)


def service_page_inputs(
    page: ServicePage, kb: KnowledgeBase, refs: Mapping[str, SectionRef], site: SiteMap
) -> tuple[Hashable, ...]:
    """What `render_service_page` reads besides `page` and the site's links, as one value: with them, the key under
    which a rebuild finds the page's Markdown. Keep it in step with `render_service_page` (a read missing here would
    leave the page stale under `mkdocs serve`; tests/test_rebuild.py compares a dirty rebuild with a clean build).
    """
    twins = tuple(
        (kept, refs[kept], tuple((dup, kb.passages[dup].text, refs[dup]) for dup in sorted(dups)))
        for kept, dups in sorted(kb.twins_on(page.service.slug).items())
    )
    conflicts = tuple((key, kb.passages[key].text, refs[key]) for c in page.conflicts for key in (c.a, c.b))
    shown = {node.ref for topic in page.topics for root in topic.contributions for node in root.walk()}
    named = shown | {ref for _, _, dups in twins for _, _, ref in dups} | {ref for _, _, ref in conflicts}
    places = tuple((ref, site.source_location(ref), site.section_title(ref)) for ref in sorted(named))
    sources = sorted({ref.source for ref in named} | set(page.sources()))
    ranges = tuple(contribution_ranges(c, site) for topic in page.topics for c in topic.contributions)
    parents = tuple((ref, site.parent_index(ref)) for ref in sorted(shown))  # `unsequenced_steps` groups by them
    titles = tuple((source, site.specs[source].title) for source in sources)
    return twins, conflicts, places, titles, ranges, parents


def _nested(
    contribution: Contribution,
    depth: int,
    registry: SlugRegistry,
    places: tuple[dict[SectionRef, str], dict[SectionRef, str], Moved, frozenset[SectionRef]],
    note: Note,
    where: tuple[SiteMap, str],
) -> list[str]:
    """Subsections kept under their parent, as in the source, one heading level deeper each; `places` gets each
    one's anchor and heading (`RenderedServicePage`); `where`: the site and the page's URI.
    """
    site, uri = where
    lines: list[str] = []
    anchors, headings, moved, unsequenced = places
    for child in contribution.children:
        title = shown_heading(child.section.title, child.ref, unsequenced)
        anchor = registry.unique(title)
        anchors[child.ref], headings[child.ref] = anchor, title
        lines += ["", f"{'#' * min(depth, 6)} {render_title(title)} {{ #{anchor} }}"]
        if child.blocks:
            lines += ["", *render_blocks(child.blocks, note)]
        lines += told_marker(child.ref, moved)
        lines += picture_note(child, site, uri)
        lines += elsewhere_marker(child, site)
        lines += _nested(child, depth + 1, registry, places, note, where)
    return lines


def picture_note(contribution: Contribution, site: SiteMap, uri: str) -> list[str]:
    """Where a section held only pictures, which no export kept: a line saying so, linking their raw lines, so its
    heading reads as a topic the notes covered, not as an empty section.
    """
    if not contribution.pictures:
        return []
    path = contribution.section.heading.path if contribution.section.heading else ""
    links = [
        f"[line {line}]({relative_to_page(site.links.view(path, line, line), uri)})" for line in contribution.pictures
    ]
    count = len(contribution.pictures)
    what = "a picture" if count == 1 else f"{count} pictures"
    return [
        "",
        f'<p class="nkb-from nkb-picture" markdown>Only {what} here in the notes, not kept: {", ".join(links)}</p>',
    ]


PARENT = re.compile(r"<!-- nkb-up (\S+):(\d+):(\d+) -->(.*?)<!-- /nkb-up -->")
"""A "from" line's parent heading, to be linked to where its section is shown once every page's anchors are known."""


def parent_marker(parent: SectionRef, title: str) -> str:
    """`title` (rendered), marked as the heading of `parent` (`link_parents` links it)."""
    return f"<!-- nkb-up {parent.source}:{parent.chapter}:{parent.index} -->{title}<!-- /nkb-up -->"


def _parent_ref(contribution: Contribution, site: SiteMap) -> SectionRef | None:
    """The section a contribution's path names right before it, if that is its parent in its notes."""
    index = site.parent_index(contribution.ref)
    if index < 0 or len(contribution.path) < 2:
        return None
    parent = SectionRef(contribution.ref.source, contribution.ref.chapter, index)
    return parent if site.section_title(parent) == contribution.path[-2] else None


def link_parents(markdown: str, uri: str, places: Mapping[SectionRef, tuple[str, str]]) -> str:
    """The page with each `parent_marker` made a link to where its section is shown, on this page or another, or
    left as its title where no service page shows it. DVA's "S3 Origin Options for Restriction" is on the S3 page and
    its first option, OAI, on CloudFront's: the S3 page linked down to OAI ("Its subsections elsewhere"), but the
    CloudFront page named the parent with no way to it (a user-level review).
    """

    def link(match: re.Match[str]) -> str:
        place = places.get(SectionRef(match.group(1), int(match.group(2)), int(match.group(3))))
        title = match.group(4)
        return f"[{title}]({relative_to_page(place[0], uri)})" if place is not None else title

    return PARENT.sub(link, markdown)


ELSEWHERE = re.compile(r"<!-- nkb-elsewhere ([^>]*) -->")
"""Where a section's subsections shown on other pages are to be linked, once every page's anchors are known."""


def elsewhere_marker(contribution: Contribution, site: SiteMap) -> list[str]:
    """A mark after a section's own text naming its subsections not nested under it here (`link_elsewhere` makes
    it a line of links): DVA's "High Availability (HA), Fault-Tolerance (FT) and Disaster Recovery (DR)" promised DR
    on the High availability page, and its DR part is on the Disaster recovery page (a blind review).
    """
    here = {child.ref for child in contribution.children}
    away = [ref for ref in site.child_refs(contribution.ref) if ref not in here]
    if not away:
        return []
    return ["", f"<!-- nkb-elsewhere {' '.join(f'{r.source}:{r.chapter}:{r.index}' for r in away)} -->"]


def link_elsewhere(
    markdown: str, uri: str, places: Mapping[SectionRef, tuple[str, str]], names: Mapping[str, str]
) -> str:
    """The page with each `elsewhere_marker` made a line of links to those subsections where another service page
    shows them (`places`: section → (docs-relative target, heading); `names`: service page URI → its short name),
    or dropped when none is: one shown on this page, in a topic of its own, is in its table of contents.
    """

    def line(match: re.Match[str]) -> str:
        links = []
        for token in match.group(1).split():
            source, chapter, index = token.rsplit(":", 2)
            place = places.get(SectionRef(source, int(chapter), int(index)))
            if place is not None and not place[0].startswith(f"{uri}#"):  # on this page, its topics show it
                target, heading = place
                label = f"{names[target.partition('#')[0]]} › {heading}"
                links.append(f"[{render_title(label)}]({relative_to_page(target, uri)})")
        if not links:
            return ""
        return f'<p class="nkb-from nkb-elsewhere" markdown>Its subsections elsewhere: {", ".join(links)}</p>'

    return ELSEWHERE.sub(line, markdown)


def service_group_heading(page: ServicePage, count: int, noun: str, from_uri: str) -> list[str]:
    """The heading of one service's group on a site-wide list (exam tips, practice questions)."""
    link = relative_to_page(page.src_uri, from_uri)
    return [
        "",
        f"## {render_title(display_title(page.service.title))} {{ #{page.service.slug} }}",
        "",
        f"{count} {noun}{'s' if count != 1 else ''} · [service page]({link})",
    ]


def conflicts_by_topic(page: ServicePage, kb: KnowledgeBase) -> dict[int, list[Conflict]]:
    """Topic index → the disagreements shown at its top: in the topic of either side whose subject the two passages
    name the most, the overview on a tie, else the first side's. Aurora's "2 times faster than PostgreSQL" / "3
    times" was shown under "Aurora Multi-Master Writes", where DVA's summary of all Aurora's features sat. A dispute
    linked to others by shared passages goes with them, where the first of them goes, to be one box
    (`_one_box_per_dispute`): the cheat sheet's "always enabled" ALB cross-zone load balancing, disputed by two
    notebooks, had been two boxes in two topics, and ACM's DVA line on where certificates can be used quoted in two
    boxes, for Elastic Beanstalk and for EC2.
    """
    topic_of = {key: n for n, topic in enumerate(page.topics) for c in topic.contributions for key in _keys(c)}
    section_of = {node.ref: n for n, topic in enumerate(page.topics) for c in topic.contributions for node in c.walk()}
    for key in {key for conflict in page.conflicts for key in (conflict.a, conflict.b)} - topic_of.keys():
        if kb.refs.get(key) in section_of:  # a table row (`tablerows`): no passage, but its section is shown
            topic_of[key] = section_of[kb.refs[key]]
    out: dict[int, list[Conflict]] = defaultdict(list)
    for linked in _linked(page.conflicts):
        placed = [c for c in linked if any(key in topic_of for key in (c.a, c.b))]
        if not placed:
            continue
        first = placed[0]
        sides = [topic_of[key] for key in (first.a, first.b) if key in topic_of]
        said = [_words(kb.passages[key].text) for key in (first.a, first.b)]

        def named(n: int, said: list[set[str]] = said) -> int:
            return sum(all(any(w.startswith(k) for w in words) for words in said) for k in page.topics[n].key)

        out[max(sides, key=lambda n: (named(n), not page.topics[n].key, n == sides[0]))] += placed
    return out


def _linked(conflicts: Sequence[Conflict]) -> list[list[Conflict]]:
    """The disputes in sets linked by shared passages (each set in page order, the sets by their first dispute): a
    chain "p–q", "r–s", "q–r" is one set, wherever its passages sit, so no passage is quoted by two boxes.
    """
    parent = list(range(len(conflicts)))

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    first_with: dict[str, int] = {}
    for n, conflict in enumerate(conflicts):
        for key in (conflict.a, conflict.b):
            one, other = root(first_with.setdefault(key, n)), root(n)
            parent[max(one, other)] = min(one, other)  # a set's root is its first dispute
    sets: dict[int, list[Conflict]] = {}
    for n, conflict in enumerate(conflicts):
        sets.setdefault(root(n), []).append(conflict)
    return list(sets.values())


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", strip_markup(text).casefold()))


def _keys(contribution: Contribution) -> list[str]:
    from .knowledge import passages_of

    return [p.key for p in passages_of(contribution, "")]


def services_table(kb: KnowledgeBase, catalogue: Catalogue, from_uri: str) -> list[str]:
    """Services by category with how many sources cover each (the home page and the services index use it)."""
    lines: list[str] = []
    by_category: dict[str, list[ServicePage]] = defaultdict(list)
    for page in kb.pages:
        by_category[page.service.category].append(page)
    for category in dict.fromkeys(catalogue.get(s).category for s in catalogue.slugs):
        pages = by_category.get(category)
        if not pages:
            continue
        lines += ["", f"### {render_title(category)}", "", "| Page | Sources | Topics |", "| --- | --- | --- |"]
        for page in pages:
            link = relative_to_page(page.src_uri, from_uri)
            name = render_title(page.service.short or page.service.title)
            lines.append(f"| [{name}]({link}) | {len(page.sources())} | {len(page.topics)} |")
    return lines


def render_services_index(kb: KnowledgeBase, catalogue: Catalogue) -> SitePage:
    """`services/index.md`: every page of the knowledge base by category."""
    uri = f"{SERVICES_DIR}/index.md"
    lines = [
        "# Services",
        "",
        "One page per AWS service or concept area. Each merges what every notebook says about it, shows each fact "
        "once, and flags where the notebooks disagree.",
        *services_table(kb, catalogue, uri),
    ]
    return SitePage.of(uri, "Services", "\n".join(lines) + "\n")
