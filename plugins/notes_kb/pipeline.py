"""The whole pipeline in one place: raw notes in, site pages and provenance out.

Each stage is a pure function `Build -> Build`; `STAGES` is their order. The MkDocs plugin only calls `run` and
hands the result to MkDocs, so the pipeline can be run, tested and timed without MkDocs.
"""

from __future__ import annotations

import gc
import hashlib
import pickle
import time
from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from .autolink import AutoLink, autolink
from .catalogue import Catalogue, load_catalogue
from .classify import Assignment, SectionRef, classify
from .coverage import check_coverage
from .errors import Diagnostic, NoteError
from .examtips import add_exam_tips, highlight_knowledge, highlight_section
from .glossary import Term, glossary_stage, tooltips_stage
from .intake import check_titles, check_tree, heading_notices, html_notices
from .kbpages import (
    SiteMap,
    link_elsewhere,
    link_parents,
    render_service_page,
    render_services_index,
    service_page_inputs,
    services_table,
    twin_wordings,
)
from .knowledge import KnowledgeBase, ServicePage, build_knowledge
from .links import SourceLinks
from .memo import Memo
from .model import Section, SourceTree
from .pages import (
    ChapterPage,
    SitePage,
    plan_chapter_pages,
    raw_page_for,
    render_chapter_page,
    render_source_index,
    render_sources_home,
)
from .parallel import release_free_memory
from .practice import add_practice
from .provenance import Locations, PackedProvenance, Tally, traced
from .rawview import RawPage
from .readers import READERS
from .readers.base import Reader, check_options
from .relations import relate
from .report import render_report
from .search.index import SearchHints
from .sources import RawFile, SourceSpec, discover_sources, load_raw_file, source_file_paths
from .textcache import forget_all, forget_stage

SERVICES_MARKER = "<!-- notes-kb:services -->"


@dataclass(frozen=True)
class Settings:
    """What the host (MkDocs config) tells the pipeline."""

    repo_root: Path
    notes_dir: str = "notes_src"
    links: SourceLinks = field(default_factory=SourceLinks)
    memo: Memo = field(default_factory=lambda: Memo(keep=False), compare=False)
    """Results kept by content across builds: a host that rebuilds (`mkdocs serve`) passes the same one each time;
    by default nothing is kept (a one-off build would only hold more memory)."""


@dataclass(frozen=True)
class Build:
    """Everything known so far; each stage fills in more."""

    settings: Settings
    specs: tuple[SourceSpec, ...] = ()
    files: dict[str, tuple[RawFile, ...]] = field(default_factory=dict)
    trees: dict[str, SourceTree] = field(default_factory=dict)
    fingerprints: dict[str, str] = field(default_factory=dict)
    """Source slug → digest of what its tree was read from: a cheap memo key standing for the whole tree."""
    catalogue: Catalogue | None = None
    assignments: dict[SectionRef, Assignment] = field(default_factory=dict)
    knowledge: KnowledgeBase | None = None
    chapter_pages: dict[str, tuple[ChapterPage, ...]] = field(default_factory=dict)
    pages: tuple[SitePage, ...] = ()
    fragments: dict[str, str] = field(default_factory=dict)
    """Marker comment → Markdown that replaces it in hand-written pages (the home page's list of services)."""
    service_anchors: dict[SectionRef, str] = field(default_factory=dict)
    """Section shown on a service page → `services/<slug>/#<anchor>` of the heading right above its own text."""
    service_headings: dict[SectionRef, str] = field(default_factory=dict)
    """Section shown on a service page → the words of that heading."""
    raw_pages: dict[str, RawPage] = field(default_factory=dict)
    """Site path → a raw-line page, made into HTML when the host writes it."""
    glossary: tuple[Term, ...] = ()  # acronyms the glossary stage found (glossary page, tooltips)
    autolinks: tuple[AutoLink, ...] = ()  # links the autolink stage made (tests measure them)
    packed_provenance: PackedProvenance = field(default_factory=PackedProvenance)
    """The provenance document, packed as `trace` makes it (`provenance.traced`)."""
    provenance_tally: Tally | None = None
    """What the report reads of the provenance, counted as `trace` made it."""
    diagnostics: tuple[Diagnostic, ...] = ()
    """Problems a contributor must fix: logged as warnings, so they fail `mkdocs build --strict`."""
    notices: tuple[Diagnostic, ...] = ()
    """What the build repaired on its own (a byte order mark, CRLF, raw HTML): logged at INFO, see docs/bad-input.md."""
    search_hints: SearchHints | None = None
    """What the search index needs from the knowledge base (each section's service, service aliases)."""
    service_index: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    """Service and area pages by category, in the catalogue's order: (category, ((title, src_uri), ...)). What a
    host needs to list them in its navigation once the knowledge base is let go (`outputs`)."""
    timings: dict[str, float] = field(default_factory=dict)

    def provenance_document(self) -> dict[str, Any]:
        """The provenance document, read back from its packed text."""
        return self.packed_provenance.load()

    def outputs(self) -> Build:
        """Only what a host needs once the pipeline has run: the pages, raw-line pages, provenance, search hints and
        messages. Why: the model, the knowledge base and the decoded notes are a large part of the build's memory,
        and a host that kept the whole `Build` would hold them through rendering (×10 corpus: 1198 → 985 MiB peak).
        """
        return Build(
            self.settings,
            specs=self.specs,
            chapter_pages=self.chapter_pages,
            pages=self.pages,
            fragments=self.fragments,
            raw_pages=self.raw_pages,
            packed_provenance=self.packed_provenance,
            diagnostics=self.diagnostics,
            notices=self.notices,
            search_hints=self.search_hints,
            service_index=self.service_index,
            timings=self.timings,
        )


def load(build: Build) -> Build:
    """Find the sources, validate their metadata and decode their raw files."""
    root, notes_dir = build.settings.repo_root, build.settings.notes_dir
    specs = tuple(discover_sources(root, notes_dir, frozenset(READERS)))
    files = {spec.slug: tuple(load_raw_file(root, p) for p in source_file_paths(spec, notes_dir)) for spec in specs}
    notices = tuple(notice for raws in files.values() for raw in raws for notice in raw.notices)
    warnings = tuple(check_titles(specs, root, notes_dir))
    return replace(build, specs=specs, files=files, notices=notices, diagnostics=warnings)


def read(build: Build) -> Build:
    """Run each source's reader: raw files → one document tree per source."""
    fingerprints = {}
    for spec in build.specs:
        check_options(READERS[spec.reader], spec.options, f"{build.settings.notes_dir}/{spec.slug}/source.yml")
        fingerprints[spec.slug] = _fingerprint(spec, build.files[spec.slug])
    trees = build.settings.memo.map(
        "read",
        build.specs,
        key=lambda spec: fingerprints[spec.slug],
        compute=lambda spec: _read_source(READERS[spec.reader], build.files[spec.slug], spec.options),
        cost=partial(_source_lines, build),
        minimum=2,  # one notebook can be most of the notes: reading it beside the others pays
    )
    by_source = {spec.slug: tree for spec, tree in zip(build.specs, trees, strict=True)}
    return replace(build, trees=by_source, fingerprints=fingerprints)


def _source_lines(build: Build, spec: SourceSpec) -> int:
    """How much work a source is, for handing the largest out first (`parallel.pmap`)."""
    return sum(len(raw.lines) for raw in build.files[spec.slug])


def _fingerprint(spec: SourceSpec, files: tuple[RawFile, ...]) -> str:
    """What a source's tree is made from (its metadata and raw files' contents), as one short string."""
    digest = hashlib.sha256(repr(spec).encode())
    for raw in files:
        digest.update(f"\0{raw.path}\0{raw.sha256}".encode())
    return digest.hexdigest()


def _read_source(reader: Reader, files: tuple[RawFile, ...], options: dict[str, Any]) -> SourceTree:
    """A reader bug must not surface as a traceback on a contributor's note: name the source and stop cleanly."""
    try:
        return reader.read(files, options)
    except NoteError:
        raise
    except Exception as err:  # any reader failure becomes a clean, located build error
        raise NoteError(files[0].path, f"reader {reader.name!r} failed: {type(err).__name__}: {err}") from err


def account(build: Build) -> Build:
    """Check that every non-blank raw line is kept or dropped exactly once; report any line that is not.

    Also warns about input a reader absorbed without complaint but a contributor must fix (an empty file, a code
    fence or HTML block that swallows the rest of the file) and notes what was repaired (see docs/bad-input.md).
    """
    problems: list[Diagnostic] = []
    notices: list[Diagnostic] = []
    checked = build.settings.memo.map(  # each source on its own: a rebuild checks only the edited one
        "account",
        build.specs,
        key=lambda spec: build.fingerprints[spec.slug],
        compute=lambda spec: _account_source(build.trees[spec.slug], build.files[spec.slug]),
        cost=partial(_source_lines, build),
        minimum=2,
    )
    for source_problems, source_notices in checked:
        problems += source_problems
        notices += source_notices
    return replace(build, diagnostics=build.diagnostics + tuple(problems), notices=build.notices + tuple(notices))


def _account_source(
    tree: SourceTree, raws: tuple[RawFile, ...]
) -> tuple[tuple[Diagnostic, ...], tuple[Diagnostic, ...]]:
    """One source's unaccounted or suspicious lines (problems), and what its reader repaired (notices)."""
    problems = (*check_coverage(tree, raws), *check_tree(tree, [(raw.path, raw.lines) for raw in raws]))
    return problems, (*heading_notices(tree), *html_notices(tree))


def assign(build: Build) -> Build:
    """Classify every section of every source onto a service or concept-area page."""
    catalogue = build.settings.memo.get("catalogue", None, load_catalogue)
    assignments: dict[SectionRef, Assignment] = {}
    decided = build.settings.memo.map(  # a source's fingerprint covers its notes and options (overrides)
        "classify",
        build.specs,
        key=lambda spec: build.fingerprints[spec.slug],
        compute=lambda spec: classify(spec.slug, build.trees[spec.slug], catalogue, spec.classify),
        cost=partial(_source_lines, build),
        minimum=2,
    )
    for source_assignments in decided:
        assignments.update(source_assignments)
    return replace(build, catalogue=catalogue, assignments=assignments)


def merge(build: Build) -> Build:
    """Merge each page's sections across sources; duplicates are found here and shown once."""
    assert build.catalogue is not None
    knowledge = build_knowledge(build.specs, build.trees, build.assignments, build.catalogue, build.settings.memo)
    return replace(build, knowledge=knowledge)


def plan(build: Build) -> Build:
    """Give every chapter a page file name."""
    pages = {spec.slug: tuple(plan_chapter_pages(spec, build.trees[spec.slug])) for spec in build.specs}
    return replace(build, chapter_pages=pages)


def emit(build: Build) -> Build:
    """Render every generated page and raw-line page.

    Service pages are rendered in this process, one after another. Why: a forked worker reading the knowledge base
    copies every memory page whose objects it touches, and two workers rendering service pages each grew by about
    250 MiB in 3 s, the build's peak at ×50 (1684 MiB; 1145 rendered here). Time: ×1 +0.13 s, ×10 +0.5 s, ×50 none
    measurable (alternating runs).
    """
    links, memo, planned = build.settings.links, build.settings.memo, build.chapter_pages
    chapter_pages = memo.map(
        "chapters",
        build.specs,
        key=lambda spec: (build.fingerprints[spec.slug], planned[spec.slug], links),
        compute=lambda spec: _render_chapters(spec, build.trees[spec.slug], planned[spec.slug], links, memo),
        cost=partial(_source_lines, build),
        minimum=2,
    )
    pages: list[SitePage] = []
    for spec, chapters in zip(build.specs, chapter_pages, strict=True):
        pages.append(render_source_index(spec, build.files[spec.slug], planned[spec.slug], links))
        pages.extend(chapters)
    counts = {slug: len(chapters) for slug, chapters in build.chapter_pages.items()}
    pages.insert(0, render_sources_home(build.specs, counts))
    assert build.knowledge is not None and build.catalogue is not None
    site = _site_map(build)
    anchors: dict[SectionRef, str] = {}
    headings: dict[SectionRef, str] = {}
    pages.append(render_services_index(build.knowledge, build.catalogue))
    shown = highlight_knowledge(build.knowledge)  # exam tips in tip callouts: display only, provenance unchanged
    # What every service page reads, worked out once for all of them (see both docstrings).
    twins = twin_wordings(shown, shown.refs)
    site.read_all()
    service_pages = memo.map(
        "service-page",
        shown.pages,
        key=lambda page: _service_page_key(page, shown, site),
        compute=lambda page: render_service_page(page, shown, shown.refs, site, twins.get(page.service.slug, {})),
        forked=False,  # see `emit`
    )
    for service_page, rendered in zip(shown.pages, service_pages, strict=True):
        anchors.update({ref: f"{service_page.url}#{anchor}" for ref, anchor in rendered.anchors.items()})
        headings.update(rendered.headings)
    places = {
        ref: (f"{page.src_uri}#{rendered.anchors[ref]}", rendered.headings[ref])
        for page, rendered in zip(shown.pages, service_pages, strict=True)
        for ref in rendered.anchors
    }
    names = {page.src_uri: page.service.short or page.service.title for page in shown.pages}
    for rendered in service_pages:
        markdown = rendered.page.markdown
        linked = link_parents(
            link_elsewhere(markdown, rendered.page.src_uri, places, names), rendered.page.src_uri, places
        )
        pages.append(rendered.page if linked == markdown else rendered.page.with_markdown(linked))
    raw_pages = {}
    if not links.repo_url:
        for spec in build.specs:
            for raw in build.files[spec.slug]:
                raw_pages[raw_page_for(raw)] = RawPage.of(raw, spec.title, "../" * raw_page_for(raw).count("/"))
    fragments = {SERVICES_MARKER: "\n".join(services_table(build.knowledge, build.catalogue, "index.md"))}
    return replace(
        build,
        pages=tuple(pages),
        raw_pages=raw_pages,
        service_anchors=anchors,
        service_headings=headings,
        fragments=fragments,
        service_index=_service_index(build.knowledge),
    )


def _service_index(knowledge: KnowledgeBase) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for page in knowledge.pages:
        groups.setdefault(page.service.category, []).append((page.service.short or page.service.title, page.src_uri))
    return tuple((category, tuple(entries)) for category, entries in groups.items())


def _service_page_key(page: ServicePage, kb: KnowledgeBase, site: SiteMap) -> Hashable:
    """A service page's Markdown depends on the page (by value), the links and what `service_page_inputs` lists."""
    return page, site.links, service_page_inputs(page, kb, kb.refs, site)


def _render_chapters(
    spec: SourceSpec, tree: SourceTree, chapters: tuple[ChapterPage, ...], links: SourceLinks, memo: Memo
) -> tuple[SitePage, ...]:
    """An edited source's chapters, each kept by its content: a rebuild renders only the chapters the edit changed
    (and those after it, when it added or removed lines: their line links moved).
    """
    about = repr(spec)  # a spec holds its options (a dict): its repr stands for it in the key
    return tuple(
        memo.get("chapter", (about, page, chapter, links), partial(_render_chapter, spec, page, chapter, links))
        for page, chapter in zip(chapters, tree.chapters, strict=True)
    )


def _render_chapter(spec: SourceSpec, page: ChapterPage, chapter: Section, links: SourceLinks) -> SitePage:
    return render_chapter_page(spec, page, highlight_section(chapter), links)


def _site_map(build: Build) -> SiteMap:
    specs = {spec.slug: spec for spec in build.specs}
    return SiteMap(specs, build.trees, build.chapter_pages, build.settings.links)


def trace(build: Build) -> Build:
    """Provenance: where every raw line went (shown, merged into a twin, or dropped with a reason), packed as it is
    made, and counted for the report.
    """
    assert build.knowledge is not None
    packed, tally = traced(build.files, build.trees, build.knowledge, locations(build))
    return replace(build, packed_provenance=packed, provenance_tally=tally)


def locations(build: Build) -> Locations:
    """Where each section is shown, on its service page and on its source page."""
    assert build.knowledge is not None
    site = _site_map(build)
    source_url = {ref: site.source_url(ref) for ref in build.assignments}
    return Locations(build.service_anchors, source_url)


def report(build: Build) -> Build:
    """The build report pages, from provenance: per source, per page, conflicts, drops."""
    assert build.knowledge is not None
    assert build.provenance_tally is not None
    raws = {raw.path: raw for files in build.files.values() for raw in files}

    def raw_text(path: str, start: int, end: int) -> str:
        return "\n".join(raws[path].lines[start - 1 : end])

    pages = render_report(build.knowledge, build.provenance_tally, _site_map(build), build.knowledge.refs, raw_text)
    return replace(build, pages=(*build.pages, *pages), provenance_tally=None)


SEARCH_BOOSTS: tuple[tuple[str, float], ...] = (
    ("report/", 0.2),  # conflicts and drops: for contributors, not the last hour before an exam
    ("bad-input/", 0.3),
    ("contributing/", 0.3),
)


LEAD_BOOSTS: tuple[tuple[str, float], ...] = (("services/", 1.3),)
"""A service page's lead (its title and summary) above its sections: the commonest query is a service's bare name,
which every section of its page matches through the service's aliases, so a short section titled with the name won
("vpc" gave "1. VPC Peering", "lambda" a cheat-sheet section; a blind review of search). Sixteen bare names (and the
typo "cloudfromt"): the page first for 14, second for 1 (none first, 2 before); at 1.2, 4. The 149 benchmark
queries: MRR 0.886 → 0.878, four queries one rank down (one of them "Elastic Compute Cloud", now the EC2 page)."""


def shown_in_twins(knowledge: KnowledgeBase, anchors: Mapping[SectionRef, str]) -> dict[SectionRef, str]:
    """Sections no service page shows, because every passage of theirs is hidden there as another's duplicate, and
    the one service-page section that shows all those twins: where a reader finds the section's facts. Without it
    the source page was the only place search knew the section from, and it outranked the service page ("detect
    and filter malicious web requests": the notebook's Application Layer Defense, whose two passages Shield's page
    tells in the Udemy notes' words).
    """
    kept_of = knowledge.dedupe.kept_of()
    passages: dict[SectionRef, list[str]] = defaultdict(list)
    for key, ref in knowledge.refs.items():
        passages[ref].append(key)
    shown = {}
    for ref, keys in passages.items():
        if ref in anchors or not all(key in kept_of for key in keys):
            continue
        places = {anchors.get(knowledge.refs[kept_of[key]]) for key in keys}
        if len(places) == 1 and (place := places.pop()) is not None:
            shown[ref] = place
    return shown


def search_hints(build: Build) -> Build:
    """Tell the search index what the HTML does not say: which service each section is about, its names, and where
    a service page shows a source's section again, and whether it hides some of its passages there.
    """
    assert build.knowledge is not None and build.catalogue is not None
    site = _site_map(build)
    services = {site.source_url(ref): assignment.slug for ref, assignment in build.assignments.items()}
    copies = {site.source_url(ref): shown for ref, shown in build.service_anchors.items()}
    hiding = {build.knowledge.refs[merge.duplicate] for merge in build.knowledge.dedupe.merges}
    abridged = frozenset(site.source_url(ref) for ref in hiding if ref in build.service_anchors)
    in_twins = {site.source_url(ref): at for ref, at in shown_in_twins(build.knowledge, build.service_anchors).items()}
    copies |= in_twins
    abridged |= in_twins.keys()
    services |= {page.url: page.service.slug for page in build.knowledge.pages}
    aliases = {  # not the catch-all's: its title says what it gathers ("ports, ..., front matter"), naming nothing
        service.slug: " ".join(dict.fromkeys((service.title, service.short, *service.aliases)))
        for service in build.catalogue.services
        if service.kind != "general"
    }
    acronyms = {term.term: term.expansion for term in build.glossary}
    hints = SearchHints(services, aliases, SEARCH_BOOSTS, acronyms, copies, abridged, LEAD_BOOSTS)
    return replace(build, search_hints=hints)


Stage = Callable[[Build], Build]
STAGES: tuple[tuple[str, Stage], ...] = (
    ("load", load),
    ("read", read),
    ("account", account),
    ("classify", assign),
    ("merge", merge),
    ("plan", plan),
    ("emit", emit),
    ("autolink", autolink),  # rewrites emitted Markdown: needs every page and the service topics; before trace
    ("exam-tips", add_exam_tips),  # exam-tips.md, a tips section ending service pages: after autolink, before relate
    ("practice", add_practice),  # practice.md (quizzes by service), their list ending service pages; before relate
    ("glossary", glossary_stage),  # adds glossary.md (links source sections, service pages); before trace
    ("relate", relate),  # appends related/backlinks to service pages, adds map.md; after autolink (own links)
    ("trace", trace),
    ("report", report),
    ("tooltips", tooltips_stage),  # appends `*[ENI]: …` abbreviations to every generated page
    ("search-hints", search_hints),  # services and aliases per location; the index itself needs rendered HTML
)
"""The pipeline, in order. Later issues add link and index stages here."""


def run(settings: Settings) -> Build:
    """Run every stage; a `NoteError` stops the build with its file and line.

    A one-off build empties the text caches after each stage (`textcache.forget_stage`): a stage asks again for the
    texts it is working on, seldom for those of the stage before, and what the caches hold is the largest part of the
    memory a stage leaves behind that no later one needs (×10 corpus: peak 375 → 325 MiB, pipeline time the same).
    The catalogue's mentions, which several stages ask of the same passages, are kept until `compacted` lets everything
    go. Under `mkdocs serve` they are all kept: the next rebuild asks for the same texts.
    """
    build = Build(settings)
    timings = {}
    for name, stage in STAGES:
        started = time.perf_counter()
        build = stage(build)
        if not settings.memo.keep:
            forget_stage()
        timings[name] = time.perf_counter() - started
    return replace(build, timings=timings)


def run_outputs(settings: Settings) -> Build:
    """What a host needs of a run (`Build.outputs`). A memo that keeps results hands back the last run's outputs
    whole when no note, `source.yml` or setting changed: under `mkdocs serve`, saving a hand-written page (docs/)
    then costs a read of the notes, not a pipeline run. A one-off build gets its outputs `compacted`.
    """
    if not settings.memo.keep:
        return compacted(lambda: run(settings).outputs())
    return settings.memo.get_keyed("outputs", partial(_inputs, settings), lambda: run(settings).outputs())


def compacted(make: Callable[[], Build]) -> Build:
    """The outputs `make` returns, copied into memory allocated afresh once everything else the run made is gone.

    Why: the outputs are made all through the run, so their objects sit scattered among the run's freed ones, as do
    the text caches a one-off build no longer needs (`textcache.forget_all`), and Python gives back to the system
    only memory where nothing is left alive. The host holds the outputs through rendering, and every render worker
    forks from it. ×10 corpus: 340 → 151 MiB held after the pipeline, for 0.6 s.
    """
    outputs = make()
    settings = outputs.settings
    frozen = pickle.dumps(outputs, protocol=pickle.HIGHEST_PROTOCOL)
    del outputs
    forget_all()
    gc.collect()
    release_free_memory()
    copy: Build = pickle.loads(frozen)
    return replace(copy, settings=settings)


def _inputs(settings: Settings) -> Hashable:
    """Everything a run reads, as one value: the settings, every source's metadata and every raw file's digest, and
    what reading them reported (a diagnostic's line can move while the metadata stays the same).
    """
    loaded = load(Build(settings))
    raws = tuple((raw.path, raw.sha256) for slug in sorted(loaded.files) for raw in loaded.files[slug])
    where = (str(settings.repo_root), settings.notes_dir, settings.links)
    return where, repr(loaded.specs), raws, loaded.diagnostics, loaded.notices


__all__ = ["STAGES", "Build", "NoteError", "Settings", "run", "run_outputs"]
