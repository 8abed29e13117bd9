"""The "Sources" part of the site: one page per chapter of every source, plus an overview page per source."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .heldhtml import pack, unpack
from .links import SourceLinks, raw_page_uri, relative_to_page
from .model import Section, SourceTree, Span, walk_sections
from .render import render_chapter, render_title
from .slugs import SlugRegistry
from .sources import RawFile, SourceSpec

SOURCES_DIR = "sources"


@dataclass(frozen=True)
class ChapterPage:
    """Where one chapter of a source is published."""

    source: str
    chapter_index: int
    title: str
    group: str
    src_uri: str

    @property
    def url(self) -> str:
        """Site-relative URL of the page (MkDocs' directory URLs)."""
        return self.src_uri.removesuffix(".md") + "/"


@dataclass(frozen=True)
class SitePage:
    """A generated Markdown page: where it goes and what it says. Make one with `of`; read it with `markdown`."""

    src_uri: str
    title: str
    packed: bytes
    """The page's Markdown, packed (`heldhtml.pack`). Why: the pages are held from the stage that emits them to the
    end of the build, and every later stage that rewrites them makes a new set while the old one is still held. As
    text, ×10 pages were 90 MiB; packed, 8.6 MiB."""
    in_nav: bool = True
    """False for a page reached from another page's links rather than the navigation (each source's dropped lines,
    linked from the build report): the navigation stays short however many sources there are."""
    tail: str = ""
    """Markdown after the packed part, added by `appended`: the tooltips' abbreviations, which the last stage adds to
    every page. Packed in, they would cost every page an unpack and a pack (×50: 13 s instead of 5.5 s)."""
    packed_length: int = 0
    """The length of the packed part's Markdown, known without unpacking it (see `length`)."""

    @classmethod
    def of(cls, src_uri: str, title: str, markdown: str, in_nav: bool = True) -> SitePage:
        return cls(src_uri, title, pack(markdown), in_nav, packed_length=len(markdown))

    @property
    def markdown(self) -> str:
        """The page's Markdown, unpacked on each call: read it once and keep it where it is read twice."""
        return unpack(self.packed) + self.tail

    @property
    def length(self) -> int:
        """The length of the page's Markdown: what rendering it costs, in time and in memory."""
        return self.packed_length + len(self.tail)

    def with_markdown(self, markdown: str) -> SitePage:
        return replace(self, packed=pack(markdown), tail="", packed_length=len(markdown))

    def appended(self, markdown: str) -> SitePage:
        """The page with `markdown` added at its end, without unpacking it."""
        return replace(self, tail=self.tail + markdown) if markdown else self


def plan_chapter_pages(spec: SourceSpec, tree: SourceTree) -> list[ChapterPage]:
    """Stable, readable file names for the chapters of one source (`index` is kept for the overview)."""
    registry = SlugRegistry(reserved=("index",))
    return [
        ChapterPage(
            spec.slug,
            i,
            chapter.title,
            chapter.group,
            f"{SOURCES_DIR}/{spec.slug}/{registry.unique(chapter.title, 'chapter')}.md",
        )
        for i, chapter in enumerate(tree.chapters)
    ]


def chapter_span(chapter: Section) -> Span | None:
    """First to last line of a chapter in its first file (the lines the page header links to)."""
    spans = [s.heading for s in walk_sections((chapter,)) if s.heading]
    spans += [b.span for s in walk_sections((chapter,)) for b in s.blocks]
    if not spans:
        return None
    path = min(spans).path
    in_path = [s for s in spans if s.path == path]
    return Span(path, min(s.start for s in in_path), max(s.end for s in in_path))


def _chapter_header(spec: SourceSpec, page: ChapterPage, chapter: Section, links: SourceLinks) -> list[str]:
    span = chapter_span(chapter)
    overview = relative_to_page(f"{SOURCES_DIR}/{spec.slug}/index.md", page.src_uri)
    parts = [f"From [{render_title(spec.title)}]({overview})"]
    if span:
        name = span.path.rsplit("/", 1)[-1]
        view = links.view(span.path, span.start, span.end)
        parts.append(f"[{render_title(name)}, lines {span.start}–{span.end}]({relative_to_page(view, page.src_uri)})")
    if spec.exam:
        parts.append(render_title(spec.exam))
    return ['<p class="nkb-origin" markdown>' + " · ".join(parts) + "</p>"]


def render_chapter_pages(
    spec: SourceSpec, tree: SourceTree, pages: Sequence[ChapterPage], links: SourceLinks
) -> list[SitePage]:
    """The Markdown of every chapter page of one source."""
    return [render_chapter_page(spec, page, chapter, links) for page, chapter in zip(pages, tree.chapters, strict=True)]


def render_chapter_page(spec: SourceSpec, page: ChapterPage, chapter: Section, links: SourceLinks) -> SitePage:
    """One chapter's page: it depends on nothing but its arguments (a rebuild reuses the unchanged ones)."""
    return SitePage.of(page.src_uri, page.title, render_chapter(chapter, _chapter_header(spec, page, chapter, links)))


def render_source_index(
    spec: SourceSpec, files: Sequence[RawFile], pages: Sequence[ChapterPage], links: SourceLinks
) -> SitePage:
    """The overview page of one source: what it is, its raw files, and its chapters by group."""
    uri = f"{SOURCES_DIR}/{spec.slug}/index.md"
    lines = [f"# {render_title(spec.title)}", ""]
    if spec.description:
        lines += [render_title(spec.description), ""]
    facts = [
        ("Course", spec.course),
        ("Exam", spec.exam),
        ("Languages", ", ".join(spec.languages)),
        ("Author", spec.author),
    ]
    lines += [f"- **{k}:** {render_title(v)}" for k, v in facts if v]
    lines += ["", "## Raw notes", ""]
    for raw in files:
        view = relative_to_page(links.file(raw.path), uri)
        lines.append(f"- [`{raw.path}`]({view}): {len(raw.lines)} lines")
    lines += ["", "## Chapters", ""]
    group = None
    for page in pages:
        if page.group and page.group != group:
            group = page.group
            lines += ["", f"### {render_title(group)}", ""]
        lines.append(f"- [{render_title(page.title)}]({page.src_uri.rsplit('/', 1)[-1]})")
    return SitePage.of(uri, spec.title, "\n".join(lines) + "\n")


def render_sources_home(specs: Sequence[SourceSpec], page_counts: dict[str, int]) -> SitePage:
    """The landing page of the Sources section."""
    lines = [
        "# Sources",
        "",
        "Every notebook as its author wrote it, cleaned up and split into one page per chapter. "
        "Each page links to the raw lines it came from.",
        "",
        "| Source | Exam | Pages |",
        "| --- | --- | --- |",
    ]
    for spec in specs:
        link = f"[{render_title(spec.title)}]({spec.slug}/index.md)"
        lines.append(f"| {link} | {render_title(spec.exam) or ' '} | {page_counts.get(spec.slug, 0)} |")
    return SitePage.of(f"{SOURCES_DIR}/index.md", "Sources", "\n".join(lines) + "\n")


def raw_page_for(raw: RawFile) -> str:
    """The site file that shows a note's raw lines."""
    return raw_page_uri(raw.path)
