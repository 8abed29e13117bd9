"""Exam tips: passages the notes mark as exam advice, highlighted where they stand and collected on one page.

Detection is deterministic and needs no markup in the notes. A *section* is a tip when its heading names exam advice
("Exam Power-Up", "S3 Exam PowerUp", "Key Points for the Exam", "Tips to Remember", "시험"); then its own blocks are
the tip (not its subsections: "## Exam Powerups" is often followed by unrelated `###` topics). Elsewhere a
*paragraph* or *list item* is a tip when a line of it starts with such a marker ("**Exam Tip:**", "[**EXAM HINT]"),
or when it says where the exam stands ("preferred ... at the exam", "exam questions", "문제로 종종 나온다", "출제").
A marker that only leads in ("...remember:", "문제로 종종 나온다니 체크") takes the list that follows with it.

Highlighting works on a display copy of the model (tips wrapped in `Callout(kind="tip")`), so provenance and
deduplication keep seeing the blocks as the readers made them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .advice import HEADING_NUMBER, heading_marker, plain_note, text_marker
from .classify import SectionRef
from .kbpages import SiteMap, conflicts_by_topic, service_group_heading
from .knowledge import Contribution, KnowledgeBase, ServicePage, Topic, is_label
from .links import relative_to_page
from .model import Block, Callout, ListBlock, ListItem, Paragraph, Section, SourceTree, Span, walk_sections
from .pages import SitePage
from .passages import item_text, span_of_key
from .relations import append_sections
from .render import indented, render_blocks, render_title, shortened

if TYPE_CHECKING:
    from .pipeline import Build

EXAM_TIPS_PAGE = "exam-tips.md"
TIP_TITLE = "Exam tip"
EXCERPT_CHARS = 140

_LATIN = re.compile(r"[A-Za-z0-9]")


def _is_lead(text: str, marker: str) -> bool:
    """A tip that announces what follows: ends with ":" or is only a short remark ("문제로 종종 나온다니 체크")."""
    plain = plain_note(text)
    return plain.endswith(":") or (len(plain) <= 40 and not _LATIN.search(plain.replace(marker, "")))


@dataclass(frozen=True)
class TipPiece:
    """One exam tip inside a section: the blocks that hold it (a list is cut down to the tip's items)."""

    blocks: tuple[Block, ...]
    marker: str

    @property
    def span(self) -> Span:
        """First to last raw line of the tip (in the file of its first block)."""
        path = self.blocks[0].span.path
        same = [b.span for b in self.blocks if b.span.path == path]
        return Span(path, min(s.start for s in same), max(s.end for s in same))


@dataclass(frozen=True)
class Marked:
    """A section's blocks with every tip wrapped in a tip callout, and the tips found."""

    blocks: tuple[Block, ...]
    tips: tuple[TipPiece, ...]


def _cover(blocks: tuple[Block, ...]) -> Span:
    return TipPiece(blocks, "").span


def _wrap(blocks: tuple[Block, ...]) -> Callout:
    return Callout("tip", blocks, _cover(blocks), title=TIP_TITLE)


def _sublist(block: ListBlock, first: int, items: tuple[ListItem, ...]) -> ListBlock:
    span = Span(items[0].span.path, items[0].span.start, max(i.span.end for i in items))
    return replace(block, items=items, start=block.start + first, span=span, repairs=())


def _mark_list(block: ListBlock) -> Marked:
    """A list split around its tip items: plain runs stay lists, each tip becomes a callout holding its items.

    An item that is not a tip itself may hold one in its sub-list ("- If an exam question does not use AES256...").
    """
    out: list[Block] = []
    tips: list[TipPiece] = []
    run_start, n = 0, 0
    items = list(block.items)
    while n < len(items):
        marker = text_marker(items[n].text)
        if not marker:
            if items[n].children and (inner := mark_blocks("", items[n].children)).tips:
                items[n] = replace(items[n], children=inner.blocks)
                tips.extend(inner.tips)
            n += 1
            continue
        end = len(items) if _is_lead(items[n].text, marker) else n + 1
        if n > run_start:
            out.append(_sublist(block, run_start, tuple(items[run_start:n])))
        piece = _sublist(block, n, tuple(items[n:end]))
        tips.append(TipPiece((piece,), marker))
        out.append(_wrap((piece,)))
        run_start = n = end
    if not tips:
        return Marked((block,), ())
    if run_start < len(items):
        out.append(_sublist(block, run_start, tuple(items[run_start:])))
    return Marked(tuple(out), tuple(tips))


def mark_section(section: Section, blocks: tuple[Block, ...]) -> Marked:
    """Find the exam tips among blocks of `section` (all its own, or those left after merging) and wrap each."""
    return mark_blocks(section.title, blocks, section.breaks)


def mark_blocks(title: str, blocks: tuple[Block, ...], breaks: tuple[int, ...] = ()) -> Marked:
    """Find the exam tips of one section (its heading and its own blocks) and wrap each for display.

    Under a tip heading the tip runs to the section's first break (a horizontal rule): what follows one is the
    author's next thought ("---" then a quiz question), which is looked at like any other blocks.
    """
    marker = heading_marker(title)
    tip, rest = _until_break(blocks, breaks) if marker else ((), blocks)
    if tip:
        after = mark_blocks("", rest)
        return Marked((_wrap(tip), *after.blocks), (TipPiece(tip, marker), *after.tips))
    out: list[Block] = []
    tips: list[TipPiece] = []
    n = 0
    while n < len(blocks):
        block = blocks[n]
        if isinstance(block, ListBlock):
            marked = _mark_list(block)
            out.extend(marked.blocks)
            tips.extend(marked.tips)
        elif isinstance(block, Paragraph | Callout) and (marker := _block_marker(block)):
            group: tuple[Block, ...] = (block,)
            follower = blocks[n + 1] if n + 1 < len(blocks) else None
            if isinstance(block, Paragraph) and isinstance(follower, ListBlock) and _is_lead(block.text, marker):
                group, n = (block, follower), n + 1
            tips.append(TipPiece(group, marker))
            out.append(_wrap(group))
        else:
            out.append(block)
        n += 1
    return Marked(tuple(out), tuple(tips))


def _until_break(blocks: tuple[Block, ...], breaks: tuple[int, ...]) -> tuple[tuple[Block, ...], tuple[Block, ...]]:
    """The blocks before the section's first break, the first pasted chatbot answer or the first plain title line,
    and the rest: DVA's Route 53 "Exam Power-Up" list is followed, before its "---", by "Alright! Imagine you have a
    big book ...", an analogy for a child, not an exam tip; its ECS one by "ECS Concepts" and the author's own list
    of definitions (a blind review: "part of the Exam tip isn't exam advice").
    """
    if not blocks:
        return blocks, ()
    path = blocks[0].span.path
    after = breaks[0] if breaks else None
    cut = next(
        (
            k
            for k, b in enumerate(blocks)
            if (
                k
                and isinstance(b, Paragraph)
                and (opens_chat_answer(b.text) or _titles(b, blocks[:k], blocks[k + 1 :]))
            )
            or (after is not None and b.span.path == path and b.span.start > after)
        ),
        len(blocks),
    )
    return blocks[:cut], blocks[cut:]


def _titles(paragraph: Paragraph, before: tuple[Block, ...], after: tuple[Block, ...]) -> bool:
    """Whether a paragraph is a short label over a list (`knowledge.is_label`): the author's next part, not more of
    the tip. Unless the tip announced its parts: DVA's S3 one opens "When to use Identity Policy or Bucket Policy:",
    then "Identity" and "Bucket" each over a list.
    """
    if not after or not isinstance(after[0], ListBlock) or not is_label(paragraph.text):
        return False
    return not any(isinstance(b, Paragraph) and b.text.rstrip().endswith(":") for b in before)


_CHAT_ANSWER = re.compile(
    r"(?:\*\*)?(?:alright|sure|okay|absolutely|certainly|of course)(?:\*\*)?!(?:\*\*)?\s", re.IGNORECASE
)


def opens_chat_answer(text: str) -> bool:
    """Whether a paragraph opens a chatbot's answer with an interjection ("Alright! Imagine you have a big book ..."):
    the start of something pasted, not more of the tip before it.
    """
    return _CHAT_ANSWER.match(text.lstrip()) is not None


def _block_marker(block: Paragraph | Callout) -> str:
    if isinstance(block, Paragraph):
        return text_marker(block.text)
    if block.kind == "tip":
        return ""
    texts = [b.text for b in block.blocks if isinstance(b, Paragraph)]
    texts += [item_text(i) for b in block.blocks if isinstance(b, ListBlock) for i in b.items]
    return next((m for m in map(text_marker, texts) if m), "")


# Display copies: what the pages show.


def highlight_section(section: Section) -> Section:
    """A section and its subsections with every exam tip wrapped in a tip callout."""
    blocks = mark_section(section, section.blocks).blocks
    return replace(section, blocks=blocks, children=tuple(highlight_section(c) for c in section.children))


def highlight_tree(tree: SourceTree) -> SourceTree:
    """A source tree for display on its source pages, exam tips highlighted."""
    return replace(tree, chapters=tuple(highlight_section(c) for c in tree.chapters))


def _highlight_contribution(node: Contribution) -> Contribution:
    blocks = mark_section(node.section, node.blocks).blocks
    return replace(node, blocks=blocks, children=tuple(_highlight_contribution(c) for c in node.children))


def highlight_knowledge(kb: KnowledgeBase) -> KnowledgeBase:
    """The knowledge base for display on service pages, exam tips highlighted (merges and anchors unchanged)."""
    pages = tuple(
        replace(
            page,
            topics=tuple(
                replace(t, contributions=tuple(_highlight_contribution(c) for c in t.contributions))
                for t in page.topics
            ),
        )
        for page in kb.pages
    )
    return replace(kb, pages=pages)


# Collection: every tip shown on a service page, in catalogue order.


@dataclass(frozen=True)
class ExamTip:
    """A tip as shown on a service page: where it stands (page, topic, section) and what it says."""

    page: ServicePage
    topic: Topic
    contribution: Contribution
    piece: TipPiece
    disputed: SectionRef | None = None
    """Where the "Sources may disagree" box about it stands (its topic's first section), if another source disagrees:
    Aurora's only tip, "2 times faster than PostgreSQL", went to the exam tips page with no word of the "three
    times" the box sets against it (a blind review)."""

    @property
    def label(self) -> str:
        """The heading to show: "Topic › Section" (the section only when it is not the topic's own heading)."""
        own = HEADING_NUMBER.sub("", self.contribution.section.title).strip()
        return self.topic.title if own == self.topic.title else f"{self.topic.title} › {own}"


def collect_tips(kb: KnowledgeBase) -> list[ExamTip]:
    """Every exam tip shown on the service pages (merged duplicates are shown once, so counted once)."""
    out = []
    for page in kb.pages:
        boxes = _boxes(page, kb)
        for topic in page.topics:
            for root in topic.contributions:
                for node in root.walk():
                    for piece in mark_section(node.section, node.blocks).tips:
                        box = next((ref for span, ref in boxes if _overlap(span, piece.span)), None)
                        out.append(ExamTip(page, topic, node, piece, box))
    return out


def _boxes(page: ServicePage, kb: KnowledgeBase) -> list[tuple[Span, SectionRef]]:
    """Each passage a "Sources may disagree" box of the page quotes, with where that box stands."""
    return [
        (span_of_key(key), page.topics[n].contributions[0].ref)
        for n, conflicts in sorted(conflicts_by_topic(page, kb).items())
        for conflict in conflicts
        for key in (conflict.a, conflict.b)
    ]


def _overlap(one: Span, other: Span) -> bool:
    return one.path == other.path and one.start <= other.end and other.start <= one.end


def tips_in_tree(tree: SourceTree) -> list[TipPiece]:
    """Every exam tip of a source, as its source pages show it."""
    return [tip for section in walk_sections(tree.chapters) for tip in mark_section(section, section.blocks).tips]


def anchor_of(ref: SectionRef, service_anchors: Mapping[SectionRef, str]) -> str:
    """The `#anchor` part of where a section is shown on its service page ("" when it has none)."""
    return service_anchors.get(ref, "").partition("#")[2]


def back_links(
    ref: SectionRef,
    page: ServicePage,
    label: str,
    span: Span,
    site: SiteMap,
    anchors: Mapping[SectionRef, str],
    uri: str,
) -> str:
    """The "where it stands" line: service page topic, source page section, raw lines (links relative to `uri`)."""
    anchor = anchor_of(ref, anchors)
    service = relative_to_page(page.src_uri, uri) + (f"#{anchor}" if anchor else "")
    name = page.service.short or page.service.title
    source = relative_to_page(site.source_location(ref), uri)
    view = relative_to_page(site.links.view(span.path, span.start, span.end), uri)
    parts = [
        f"[{render_title(f'{name} › {label}')}]({service})",
        f"[{render_title(site.specs[ref.source].title)}]({source})",
        f"[lines {span.start}–{span.end}]({view})",
    ]
    return " · ".join(parts) + "\n{: .nkb-from }"  # attr_list: an HTML block would leave empty <p>s in an admonition


def quoted(title: str) -> str:
    """A plain-text admonition title, escaped and quoted."""
    return '"' + render_title(title).replace('"', "&quot;") + '"'


def render_exam_tips_page(tips: list[ExamTip], site: SiteMap, anchors: Mapping[SectionRef, str]) -> SitePage:
    """`exam-tips.md`: every tip by service in catalogue order, each linking back to where it stands."""
    lines = [
        "# Exam tips",
        "",
        f"{len(tips)} passages the notes mark as exam advice (“Exam Power-Up”, “Exam Tip”, “EXAM HINT”, "
        "“for the exam”, “출제”, …), by service. Each is also highlighted where it stands, on its service page "
        "and its source page.",
    ]
    if tips:
        lines += ["", _coverage(tips, site)]
    current = ""
    for tip in tips:
        slug = tip.page.service.slug
        if slug != current:
            current = slug
            count = sum(1 for t in tips if t.page.service.slug == slug)
            lines += service_group_heading(tip.page, count, "tip", EXAM_TIPS_PAGE)
        body = render_blocks(tip.piece.blocks)
        where = back_links(tip.contribution.ref, tip.page, tip.label, tip.piece.span, site, anchors, EXAM_TIPS_PAGE)
        warning = [disputed_line(tip, anchors, EXAM_TIPS_PAGE), ""] if tip.disputed else []
        title = quoted(" · ".join(filter(None, (tip.label, _exam(tip, site)))))
        lines += ["", f"!!! tip {title}", "", *indented([*body, "", *warning, *where.split("\n")])]
    if not tips:
        lines += ["", "No passage of the notes is marked as an exam tip."]
    return SitePage.of(EXAM_TIPS_PAGE, "Exam tips", "\n".join(lines) + "\n")


def _exam(tip: ExamTip, site: SiteMap) -> str:
    """The exam the tip's notebook prepares for (its `source.yml`): advice for one exam can be wrong for the other.
    DVA's "FOR Developer Associate exam You Don't Need to Focus On" tells a reader to skip Transit Gateway and
    Direct Connect, which the architect exam asks about (an exam-eve reader's review).
    """
    return site.specs[tip.contribution.ref.source].exam


DISPUTED = "Sources may disagree"


def disputed_line(tip: ExamTip, anchors: Mapping[SectionRef, str], uri: str) -> str:
    """The line that says another source disagrees with a tip, linked to the box that sets the two side by side."""
    assert tip.disputed is not None
    anchor = anchor_of(tip.disputed, anchors)
    page = "" if tip.page.src_uri == uri else relative_to_page(tip.page.src_uri, uri)
    box = page + (f"#{anchor}" if anchor else "") or "#"
    return f"**{DISPUTED}** on this: [see both sides]({box})."


def _coverage(tips: list[ExamTip], site: SiteMap) -> str:
    """Which notebooks the tips come from: a notebook that marks no advice adds none, and a service only it covers
    has no tips here although its page holds all it says.
    """
    counts = Counter(tip.contribution.ref.source for tip in tips)
    parts = [f"{n} from {render_title(site.specs[source].title)}" for source, n in sorted(counts.items())]
    parts += [
        f"none from {render_title(spec.title)}" for source, spec in sorted(site.specs.items()) if not counts[source]
    ]
    return (
        f"By notebook: {', '.join(parts)}. Only what a notebook marks as advice is here: a service without tips may "
        "still be covered in full on its page."
    )


def excerpt(piece: TipPiece) -> str:
    """The first words of a tip as escaped plain text, for a one-line list entry."""
    texts: list[str] = []
    for block in piece.blocks:
        if isinstance(block, Paragraph):
            texts.append(block.text)
        elif isinstance(block, ListBlock):
            texts.extend(item_text(i) for i in block.items)
        elif isinstance(block, Callout):
            texts.append(excerpt(TipPiece(block.blocks, "")))
    text = ""
    for part in filter(None, map(plain_note, texts)):
        text += (" " if not text or text[-1] in ".:;!?" else "; ") + part
    text = text.strip()
    return render_title(shortened(text, EXCERPT_CHARS))


def _free_anchor(markdown: str, base: str) -> str:
    """`base`, or `base-2`, ... : an anchor no heading of the page uses yet."""
    anchor, n = base, 1
    while f"{{ #{anchor} }}" in markdown:
        n += 1
        anchor = f"{base}-{n}"
    return anchor


def service_tips_section(
    page: ServicePage, markdown: str, tips: list[ExamTip], site: SiteMap, anchors: Mapping[SectionRef, str]
) -> list[str]:
    """The "Exam tips" section ending a service page: each tip of the page, linked to where it stands on it."""
    mine = [t for t in tips if t.page.service.slug == page.service.slug]
    if not mine:
        return []
    uri = page.src_uri
    everything = relative_to_page(f"{EXAM_TIPS_PAGE}#{page.service.slug}", uri)
    lines = ending_section(
        markdown,
        "Exam tips",
        "exam-tips",
        f"{len(mine)} exam tip{'s' if len(mine) != 1 else ''} the notes give on this page, each highlighted where it "
        f"stands. Every service's: [Exam tips]({everything}).",
    )
    for tip in mine:
        anchor = anchor_of(tip.contribution.ref, anchors)
        span = tip.piece.span
        view = relative_to_page(site.links.view(span.path, span.start, span.end), uri)
        target = f"#{anchor}" if anchor else ""
        label = f"[{render_title(tip.label)}]({target})" if target else render_title(tip.label)
        disputed = f" · {disputed_line(tip, anchors, uri)}" if tip.disputed else ""
        exam = _exam(tip, site)
        for_exam = f"{render_title(exam)} · " if exam else ""
        lines.append(f"- {label}: {excerpt(tip.piece)} · {for_exam}[lines {span.start}–{span.end}]({view}){disputed}")
    return lines


def ending_section(markdown: str, title: str, anchor: str, intro: str) -> list[str]:
    """The first lines of a section the build adds at the end of a service page: its heading, under an anchor no
    heading of the page uses yet, and a line saying what it lists.
    """
    return ["", f"## {title} {{ #{_free_anchor(markdown, anchor)} }}", "", intro, ""]


def with_ending_sections(build: Build, section: Callable[[ServicePage, str], list[str]]) -> list[SitePage]:
    """The build's pages, each service page with the lines `section` gives for it (and its Markdown) at its end."""
    assert build.knowledge is not None
    by_uri = {page.src_uri: page for page in build.knowledge.pages}
    pages = []
    for page in build.pages:
        service = by_uri.get(page.src_uri)
        pages.append(append_sections(page, section(service, page.markdown)) if service is not None else page)
    return pages


def site_map(build: Build) -> SiteMap:
    """The map of the build's sources, chapter pages and links that pages are linked through."""
    specs = {spec.slug: spec for spec in build.specs}
    return SiteMap(specs, build.trees, build.chapter_pages, build.settings.links)


def add_exam_tips(build: Build) -> Build:
    """Stage: the "Exam tips" page, and an "Exam tips" section at the end of every service page that has tips."""
    assert build.knowledge is not None
    site = site_map(build)
    tips = collect_tips(build.knowledge)
    pages = with_ending_sections(
        build, lambda service, markdown: service_tips_section(service, markdown, tips, site, build.service_anchors)
    )
    pages.append(render_exam_tips_page(tips, site, build.service_anchors))
    return replace(build, pages=tuple(pages))
