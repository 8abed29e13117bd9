"""The build report: what became of every line of every raw note, in a few pages.

Why several pages: one page grows with every conflict and every dropped line (at ×10 the notes it was 1.6 MB of
Markdown, 2 s to render), and it changed with every edit, so `mkdocs serve` rendered all of it again after each save.
Now the summary (`report.md`) is small, the disagreements have their own page, and each source's dropped lines have
theirs: an edit renders the summary and the edited source's page again, nothing else.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence

from .classify import SectionRef
from .kbpages import SiteMap, describe_conflict
from .knowledge import KnowledgeBase
from .links import relative_to_page
from .pages import SitePage
from .passages import span_of_key
from .provenance import Tally
from .render import render_inline, render_title, shortened

REPORT_PAGE = "report.md"
DISAGREEMENTS_PAGE = "report/disagreements.md"
DROPPED_DIR = "report/dropped"
EXCERPT_CHARS = 100
"""Characters of a dropped passage its entry quotes: enough to judge the reason without opening the raw lines."""

Excerpt = Callable[[str, int, int], str]
"""(path, first line, last line) → the raw text there."""


def dropped_page(source: str) -> str:
    """The page listing one source's dropped lines (no clash with DISAGREEMENTS_PAGE: another folder)."""
    return f"{DROPPED_DIR}/{source}.md"


def render_report(
    kb: KnowledgeBase, tally: Tally, site: SiteMap, refs: Mapping[str, SectionRef], raw: Excerpt
) -> tuple[SitePage, ...]:
    """`report.md` (lines per file and per page, what disagrees where, drops per source), the disagreements page,
    and one page of dropped lines per source that drops any. `tally`: the provenance as `provenance.traced` counted
    it; `raw`: the raw text of lines, which each dropped entry quotes.
    """
    pages = [_summary(kb, tally, site), _disagreements(kb, site, refs)]
    for source in sorted(tally.dropped):
        pages.append(_dropped(source, tally.dropped[source], site, raw))
    return tuple(pages)


def _summary(kb: KnowledgeBase, tally: Tally, site: SiteMap) -> SitePage:
    out = [
        "# Build report",
        "",
        "What the build did with every line of every raw note. The same facts, block by block, are in "
        "[`provenance.json`](provenance.json).",
        "",
        "## Lines per source file",
        "",
        "| File | Non-blank lines | Kept | Merged into a twin | Dropped |",
        "| --- | --- | --- | --- | --- |",
    ]
    for path in sorted(tally.per_file):
        c = tally.per_file[path]
        total = c["nonblank"]
        dropped = f"[{c['dropped']}]({dropped_page(tally.source_of[path])})" if c["dropped"] else "0"
        out.append(f"| `{path}` | {total} | {c['kept']} | {c['merged']} | {dropped} |")
    out += [
        "",
        "## Pages and their sources",
        "",
        "Merged: raw lines of the page's sources that state a fact a richer twin already states, so shown once.",
        "",
        "| Page | Sources | Raw lines | Merged as duplicates | Share |",
        "| --- | --- | --- | --- | --- |",
    ]
    for page in kb.pages:
        slug = page.service.slug
        names = ", ".join(render_title(site.specs[s].title) for s in page.sources())
        total, merged = tally.shown[slug], tally.merged[slug]
        share = f"{100 * merged / total:.1f}%" if total else "0.0%"
        out.append(f"| [{render_title(page.service.short)}]({page.src_uri}) | {names} | {total} | {merged} | {share} |")
    out += ["", "## Where the sources may disagree", "", *_disagreement_summary(kb)]
    out += ["", "## Dropped lines", ""]
    if not tally.dropped:
        out.append("No line was dropped.")
    else:
        out += ["| Source | Dropped lines | Passages, by reason |", "| --- | --- | --- |"]
        for source in sorted(tally.dropped):
            blocks = tally.dropped[source]
            lines = sum(c["dropped"] for path, c in tally.per_file.items() if tally.source_of[path] == source)
            reasons = Counter(str(block["reason"]) for block in blocks)
            ordered = sorted(reasons.items(), key=lambda rn: (-rn[1], rn[0]))
            why = ", ".join(f"{render_title(reason)} ({n})" for reason, n in ordered)
            title = render_title(site.specs[source].title)
            out.append(f"| [{title}]({dropped_page(source)}) | {lines} | {why} |")
    return SitePage.of(REPORT_PAGE, "Build report", "\n".join(out) + "\n")


def _disagreement_summary(kb: KnowledgeBase) -> list[str]:
    """How many pairs the build flagged, on which pages, and a link to the list."""
    conflicts = kb.dedupe.conflicts
    if not conflicts:
        return ["No disagreement found."]
    shown = sum(len(page.conflicts) for page in kb.pages)
    per_page = Counter(kb.passages[c.a].page for c in conflicts)
    pages = {page.service.slug: page for page in kb.pages}
    where = " · ".join(
        f"[{render_title(pages[slug].service.short)}]({pages[slug].src_uri}) {n}"
        for slug, n in sorted(per_page.items(), key=lambda sn: (-sn[1], sn[0]))
    )
    pairs = f"{len(conflicts)} pair{'s' if len(conflicts) != 1 else ''}"
    return [
        f'{pairs} flagged, {shown} of them shown on their page as a "Sources may disagree" callout: '
        f"[every pair, with its sources]({DISAGREEMENTS_PAGE}).",
        "",
        f"By page: {where}.",
    ]


def _disagreements(kb: KnowledgeBase, site: SiteMap, refs: Mapping[str, SectionRef]) -> SitePage:
    uri = DISAGREEMENTS_PAGE
    out = [
        "# Where the sources may disagree",
        "",
        "Every pair the build flagged: one statement, naming what it is about, that two sources tell with another "
        "number, limit or property, or that one denies and the other asserts. Those marked *shown* are short enough "
        'to appear as a "Sources may disagree" callout on their page; the others are listed here only. '
        f"[Back to the build report]({relative_to_page(REPORT_PAGE, uri)}).",
        "",
    ]
    pages = {page.service.slug: page for page in kb.pages}
    shown = {(c.a, c.b) for page in kb.pages for c in page.conflicts}
    if not kb.dedupe.conflicts:
        out.append("No disagreement found.")
    for conflict in kb.dedupe.conflicts:
        page = pages[kb.passages[conflict.a].page]
        a, b = refs[conflict.a], refs[conflict.b]
        mark = "**shown** · " if (conflict.a, conflict.b) in shown else ""
        out.append(
            f"- {mark}[{render_title(page.service.short)}]({relative_to_page(page.src_uri, uri)}): "
            f"{render_inline(describe_conflict(conflict.why))} "
            f"({_statement(conflict.a, a, site, uri)} vs {_statement(conflict.b, b, site, uri)})"
        )
    return SitePage.of(uri, "Where the sources may disagree", "\n".join(out) + "\n", in_nav=False)


def _statement(key: str, ref: SectionRef, site: SiteMap, uri: str) -> str:
    """One side of a disagreement: its source, linked where it is shown, and its raw lines. Why the lines: the same
    pair of sentences copied into two places of one note is two pairs, which read alike without them.
    """
    span = span_of_key(key)
    lines = f"{span.start}–{span.end}" if span.end != span.start else str(span.start)
    view = relative_to_page(site.links.view(span.path, span.start, span.end), uri)
    return (
        f"[{render_title(site.specs[ref.source].title)}]({relative_to_page(site.source_location(ref), uri)}), "
        f"[line{'s' if span.end != span.start else ''} {lines}]({view})"
    )


def _dropped(source: str, blocks: Sequence[Mapping[str, object]], site: SiteMap, raw: Excerpt) -> SitePage:
    """One source's dropped lines, by reason (most frequent first), each linking to its raw lines and quoting their
    start: a blind review found the list of bare line numbers made a contributor open every entry to judge it.
    """
    uri = dropped_page(source)
    title = site.specs[source].title
    out = [
        f"# Dropped lines: {render_title(title)}",
        "",
        f"Lines of [{render_title(title)}]({relative_to_page(f'sources/{source}/index.md', uri)}) the site does not "
        "show, with the reason. Every other non-blank line is shown on a page or merged into a twin "
        f"([build report]({relative_to_page(REPORT_PAGE, uri)})).",
        "",
    ]
    by_reason: dict[str, list[Mapping[str, object]]] = defaultdict(list)
    for block in blocks:
        by_reason[str(block["reason"])].append(block)
    for reason in sorted(by_reason, key=lambda r: (-len(by_reason[r]), r)):
        entries = by_reason[reason]
        out += [f'??? note "{render_title(reason)} ({len(entries)})"', ""]
        for block in entries:
            path, start, end = str(block["path"]), int(str(block["start"])), int(str(block["end"]))
            numbers = f"{start}" if start == end else f"{start}–{end}"
            link = relative_to_page(site.links.view(path, start, end), uri)
            quoted = f": {render_title(shortened(' '.join(raw(path, start, end).split()), EXCERPT_CHARS))}"
            out.append(f"    - [`{path}` line{'s' if start != end else ''} {numbers}]({link}){quoted}")
        out.append("")
    return SitePage.of(uri, f"Dropped lines: {title}", "\n".join(out) + "\n", in_nav=False)


__all__ = ["DISAGREEMENTS_PAGE", "REPORT_PAGE", "dropped_page", "render_report"]
