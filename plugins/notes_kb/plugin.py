"""The MkDocs adapter: it translates MkDocs events into one pipeline run and hands back pages and files.

No note handling lives here; see `pipeline.py` for what happens to the notes.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import AnchorLink

from . import collector
from .errors import NoteError
from .heldhtml import HeldHtml, pack, unpack, write_unpacked
from .kbpages import pictured_anchors
from .knowledge import SERVICES_DIR
from .language import mark_korean
from .links import SourceLinks, page_url
from .memo import Memo
from .offline import file_links
from .outputs import OutputLedger, digest
from .pages import SOURCES_DIR, ChapterPage, SitePage
from .parallel import worker_count
from .pipeline import Build, Settings, run_outputs
from .practice import PRACTICE_ANCHOR
from .prerender import LARGE_PAGE, MIN_PAGES, Prerenderer, adopt
from .provenance import PackedProvenance
from .relations import BACKLINKS_ANCHOR, RELATED_ANCHOR
from .sanitize import sanitize_html, title_html
from .search.documents import RenderedPage, sectioned
from .search.site import EARLY_START, OFFLINE_SHIM, WORKER_PATH, search_files
from .sources import SourceSpec
from .templatecache import TemplateCache

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)
NAV_PLACEHOLDER = f"{SOURCES_DIR}/index.md"
NAV_GROUP = 12
"""Most sources the navigation lists side by side (see `_sources_nav`)."""
SERVICES_PLACEHOLDER = f"{SERVICES_DIR}/index.md"
PROVENANCE_FILE = "provenance.json"
STOCK_SEARCH = "material/search"
HELD_SPANS = "notes_kb.heldspans"
"""The Markdown extension our "also in" notes need (`heldspans.py`): added when the mkdocs.yml lacks it."""
_MATERIAL_WORKER = re.compile(r'("search":\s*")([^"]*?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js"')


class NotesKbConfig(Config):
    """Options under `plugins: - notes-kb:` in mkdocs.yml."""

    notes_dir = c.Type(str, default="notes_src")
    """Folder (relative to mkdocs.yml) holding one sub-folder per source."""
    link_to_repo = c.Type(bool, default=True)
    """Link raw lines to `repo_url` when it is set; otherwise (or when false) to raw-line pages in the site."""
    branch = c.Type(str, default="main")
    """Branch used in links to the repository host."""
    search = c.Choice(("notes-kb", "material"), default="notes-kb")
    """`notes-kb`: the prebuilt section index behind Material's search box; `material`: Material's stock search
    (kept for side-by-side benchmarks)."""
    offline = c.Type(bool, default=False)
    """Build a site that works opened from disk (file://): `.html` links and search without a server."""


class NotesKbPlugin(BasePlugin[NotesKbConfig]):
    """Publishes raw study notes as clean, traceable pages."""

    def __init__(self) -> None:
        self.build: Build | None = None
        self.generated: dict[str, str] = {}
        """src_uri → title of every Markdown page this plugin generated from notes: their HTML is sanitised."""
        self.large: set[str] = set()
        """Generated pages the build process renders itself (`prerender.LARGE_PAGE`)."""
        self.rendered: dict[str, RenderedPage] = {}
        """src_uri → the page's final article HTML, for the search index."""
        self.file_urls: dict[str, str] = {}
        """Offline builds: a page's directory URL → its file URL, for links written in raw HTML."""
        self.memo = Memo(keep=False)
        """Kept across rebuilds under `mkdocs serve` (MkDocs keeps a plugin with `on_startup` alive): an edit redoes
        only what it changed. A one-off build keeps nothing (less memory)."""
        self.ledger = OutputLedger()
        """What the last build wrote: with `serve --dirty`, only pages and search files whose content changed are
        rendered or written again."""
        self.dirty = False
        self.collector: tuple[int, int, int] | None = None
        """The garbage collector's thresholds before this build widened them (`collector.py`)."""
        self.templates: TemplateCache | None = None
        """Compiled theme templates, kept across rebuilds under `mkdocs serve` (see `templatecache.py`)."""
        self.prerender: Prerenderer | None = None
        """Workers rendering the generated pages while MkDocs walks them (`prerender.py`)."""
        self.worker_pages = (0, 0)
        """The last build's pages rendered by workers, and those rendered again here after a worker failed."""
        self.held = HeldHtml()
        """Every rendered page's HTML, compressed, until MkDocs builds the page (`heldhtml.py`)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether MkDocs skips unmodified files (`--dirty`): then `is_modified` is asked, and answered by
        content (see `outputs.py`), so a dirty rebuild writes what a clean one would.
        """
        self.dirty = dirty
        self.memo = Memo(keep=command == "serve")
        self.templates = TemplateCache() if command == "serve" else None
        self.collector = collector.widen()
        if dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_accurate_dirty_builds)

    def on_shutdown(self) -> None:
        if self.collector is not None:
            collector.restore(self.collector)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Run the pipeline (navigation needs its pages) and splice the Sources pages into the nav."""
        _pin_build_date(Path(config.config_file_path).resolve().parent)
        repo_url = config.repo_url if self.config.link_to_repo and config.repo_url else ""
        settings = Settings(
            repo_root=Path(config.config_file_path).resolve().parent,
            notes_dir=self.config.notes_dir,
            links=SourceLinks(repo_url or "", self.config.branch),
            memo=self.memo,
        )
        self.ledger.begin()
        try:
            self.build = run_outputs(settings)  # the rest of the build needs no more (a rebuild uses the memo)
        except NoteError as err:
            raise PluginError(str(err)) from None
        for notice in self.build.notices:  # repaired by the build: INFO, so `--strict` passes
            log.info(str(notice))
        for diagnostic in self.build.diagnostics:  # the contributor must fix these: `--strict` fails
            log.warning(str(diagnostic))
        if config.nav is not None:
            config.nav = [_expand_nav(item, self.build) for item in config.nav]
        if HELD_SPANS not in config.markdown_extensions:  # the "also in" notes are HTML: they must pass whole
            config.markdown_extensions.append(HELD_SPANS)
        if self.config.offline:
            config.use_directory_urls = False
            config.extra["polyfills"] = [*config.extra.get("polyfills", []), OFFLINE_SHIM]
        if self._own_search(config):
            _silence_stock_search(config)
            if not self.config.offline:  # start the worker while the page is parsed (offline: no workers)
                config.extra["polyfills"] = [*config.extra.get("polyfills", []), EARLY_START]
        return config

    def _own_search(self, config: MkDocsConfig) -> bool:
        """Our index behind Material's search box: only when the box is there and not switched to stock."""
        return self.config.search == "notes-kb" and STOCK_SEARCH in config.plugins

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add the generated pages, raw-line pages and `provenance.json` (at the site root) as virtual files."""
        assert self.build is not None
        self.generated = {}
        self.large = set()
        for page in self.build.pages:
            self._add_page(files, config, page)
        for uri, raw_page in self.build.raw_pages.items():
            files.append(self._generated(config, uri, "", make=raw_page.render, signature=raw_page.signature))
        provenance = self.build.packed_provenance
        files.append(
            self._generated(config, PROVENANCE_FILE, "", packed=(provenance.data, ""), signature=provenance.signature)
        )
        self.build = replace(
            self.build, pages=(), raw_pages={}, packed_provenance=PackedProvenance()
        )  # in the files now
        pages = {file.src_uri for file in files.documentation_pages()}
        self.rendered = {uri: page for uri, page in self.rendered.items() if uri in pages}
        return files

    def _add_page(self, files: Files, config: MkDocsConfig, page: SitePage) -> None:
        """Add a page generated from notes; every such page goes through `on_page_content`'s sanitiser."""
        signature = digest(page.packed + page.tail.encode("utf-8", "surrogatepass"))
        file = self._generated(config, page.src_uri, "", packed=(page.packed, page.tail), signature=signature)
        if not page.in_nav:
            file.inclusion = InclusionLevel.NOT_IN_NAV  # linked from other pages; MkDocs then expects no nav entry
        files.append(file)
        self.generated[page.src_uri] = page.title
        if page.length > LARGE_PAGE:
            self.large.add(page.src_uri)

    def _generated(
        self,
        config: MkDocsConfig,
        uri: str,
        content: str,
        make: Callable[[], str] | None = None,
        packed: tuple[bytes, str] | None = None,
        signature: str = "",
    ) -> File:
        """A generated file that a dirty rebuild skips when its content is what the last build wrote.

        With `make`, the content is made when the file is written; with `packed`, it is held packed
        (`heldhtml.pack`, then a tail of text as `SitePage.tail`) until read or written. Either way `signature`
        stands for it in the ledger.
        """
        file = _LedgerFile.generated(config, uri, content=content)
        assert isinstance(file, _LedgerFile)
        file.ledger, file.make = self.ledger, make
        if packed is not None:
            file._content, (file.packed, file.tail) = None, packed
        self.ledger.record(uri, signature or content)
        return file

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Give every page its title now (the footer and the navigation show neighbours' titles, and in a dirty build
        MkDocs reads only changed pages); then note what every page shows besides its own content: when that
        changes, a dirty rebuild renders every page.
        """
        assert self.build is not None
        for page in nav.pages:
            if page.file.src_uri in self.generated:
                page.title = title_html(self.generated[page.file.src_uri])
            elif self.dirty and page.title is None:
                page.read_source(config)  # a hand-written page titled by its first heading
        settings = Path(config.config_file_path).read_text(encoding="utf-8")
        shared = (_outline(nav.items), settings, dict(self.config), config.extra)
        self.ledger.share(digest(repr(shared)))
        for marker, fragment in self.build.fragments.items():
            self.ledger.record(marker, fragment)
        if self.dirty:
            self._expire_hand_written(files)
        self._start_workers(config, files)
        return nav

    def _start_workers(self, config: MkDocsConfig, files: Files) -> None:
        """Fork workers that render the generated pages in the order MkDocs will ask for them (a dirty build asks
        only for those that changed), all but the largest.
        """
        generated = (
            file
            for file in files.documentation_pages()
            if file.src_uri in self.generated and file.src_uri not in self.large
        )
        uris = [file.src_uri for file in generated if not self.dirty or file.is_modified()]
        workers = worker_count(len(uris), MIN_PAGES)
        if workers:
            self.prerender = Prerenderer(config, files, self._finish, uris, workers)

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """A page a worker rendered gets its result instead of being rendered again."""
        rendered = self.prerender.take(page.file.src_uri) if self.prerender is not None else None
        if rendered is not None:
            page.render = lambda config, files: adopt(page, rendered, files)  # type: ignore[method-assign]
            self.rendered[page.file.src_uri] = rendered.search
            self.held.hold(page.file.src_uri, rendered.html)
        return page

    def _expire_hand_written(self, files: Files) -> None:
        """Hand-written pages are rebuilt by MkDocs when their file is newer than their output: remove the output of
        those that show what changed (the navigation, or a fragment such as the home page's list of services).
        """
        changed = [marker for marker in self.build.fragments if self.ledger.changed(marker)] if self.build else []
        for file in files.documentation_pages():
            if isinstance(file, _LedgerFile):
                continue
            if self.ledger.shared_changed or any(marker in file.content_string for marker in changed):
                Path(file.abs_dest_path).unlink(missing_ok=True)

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """Under `mkdocs serve`, give this build's new Jinja environment the templates the last one compiled.

        Every page is rendered now: the workers, if any, are done.
        """
        self._stop_workers()
        if self.templates is not None:
            env.bytecode_cache = self.templates
        return env

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A generated page's title as escaped HTML: the theme writes `page.title` into every page unescaped.

        Set as `meta.title`, which Material writes into `<title>` as it is (its fallback, `page.title | striptags`,
        would unescape it again there).
        """
        if page.file.src_uri in self.generated:
            page.meta["title"] = title_html(self.generated[page.file.src_uri])
        for marker, fragment in (self.build.fragments if self.build else {}).items():
            markdown = markdown.replace(marker, fragment)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Defence in depth: HTML of pages made from notes keeps only what Markdown and Material produce.

        The page is cut into search sections now (the index is built once every page is rendered), and its HTML is
        held compressed until MkDocs builds the page (`on_page_context`); a generated page's Markdown is let go.
        Why: MkDocs would hold every page's Markdown and HTML to the end of the build.
        """
        uri = page.file.src_uri
        if "render" in vars(page):  # rendered by a worker (`on_pre_page`), which also finished and packed it
            del page.render
        else:
            html, self.rendered[uri] = self._finish(html, page)
            self.held.hold(uri, pack(html))
            if uri in self.large:
                del html
                collector.let_go()
        if uri in self.generated:
            page.title = page.title  # kept as it is: MkDocs would derive a title not set in `on_nav` from the Markdown
            page.markdown = None
            _release(page.file)
        return ""

    @event_priority(100)  # first: any plugin's page_context, and the theme, see the page's HTML
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        """Give the page its HTML back, just before MkDocs renders its template (`on_page_content` held it)."""
        html = self.held.take(page.file.src_uri)
        if html is not None:
            page.content = html
            if pictured := pictured_anchors(html):
                _leave_out_of_toc(page.toc.items, pictured)
            if page.file.src_uri.startswith(f"{SERVICES_DIR}/"):
                _toc_to_depth(page.toc.items, SERVICE_TOC_DEPTH)
        return context

    def _finish(self, html: str, page: Page) -> tuple[str, RenderedPage]:
        """A rendered page's HTML as published (a generated page's sanitised), and the page cut for search."""
        if page.file.src_uri in self.generated:
            html = mark_korean(sanitize_html(html))
        key = page_url(page.file.src_uri)  # the directory URL, what hints and raw-HTML links are written for
        return html, sectioned(RenderedPage(page.url, page.title or "", html, key), self.memo)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Point Material's search box at our worker (the page's `__config` names the stock one); offline, point
        raw-HTML links written for directory URLs at page files.
        """
        page.content = None  # in `output` now, which MkDocs writes next; anchors are checked without it
        self.ledger.writing(page.file.src_uri)
        if self.config.offline:  # every page is rendered before the first is written: the map is complete
            self.file_urls = self.file_urls or {rendered.key: rendered.url for rendered in self.rendered.values()}
            output = file_links(output, page_url(page.file.src_uri), page.url, self.file_urls)
        if not self._own_search(config):
            return output
        return _MATERIAL_WORKER.sub(lambda m: f'{m.group(1)}{m.group(2)}{WORKER_PATH}"', output, count=1)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the search index and its scripts (pages a dirty rebuild skipped are as the last build rendered
        them); then what this build wrote becomes what the next one compares with.
        """
        self.file_urls = {}
        self.held.clear()  # pages MkDocs rendered but did not build (none, unless a plugin skipped some)
        if self.dirty:
            log.info(f"rendered {self.ledger.changed_count()} changed pages and files; the rest were unchanged")
        if self._own_search(config):
            self._write_search(config)
        self.ledger.commit()
        self.memo.sweep()

    def _write_search(self, config: MkDocsConfig) -> None:
        """Write the search files; a dirty rebuild writes only those whose bytes the last completed build did not
        write. Why: the index is 1 207 files at ×1 (5 MB), and one appended line changed 41 of them (every postings
        file, since each score reads the sections' mean length; the head; the changed sections' shards). A ×1 rebuild
        after one appended line, under `mkdocs serve --dirty`: median of 12, 3.71 → 3.42 s (alternating servers).
        """
        assert self.build is not None and self.build.search_hints is not None
        files = search_files(
            self.rendered.values(),
            self.build.search_hints,
            skip_anchors=frozenset({RELATED_ANCHOR, BACKLINKS_ANCHOR, PRACTICE_ANCHOR}),
            offline=self.config.offline,
            memo=self.memo,
        )
        for path, content in files:  # each written before the next is made
            if self.dirty:
                self.ledger.record(path, content)
                if not self.ledger.changed(path):
                    continue
                self.ledger.writing(path)
            target = Path(config.site_dir, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_workers()
        self.held.clear()  # under `mkdocs serve`, a failed build's pages would otherwise wait for the next one

    def _stop_workers(self) -> None:
        if self.prerender is not None:
            self.prerender.close()
            self.worker_pages = adopted, redone = self.prerender.adopted, self.prerender.redone
            log.debug(f"worker processes rendered {adopted} pages; {redone} rendered again here after a worker failed")
            self.prerender = None

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        """Rebuild when a raw note or its metadata changes."""
        server.watch(str(Path(config.config_file_path).resolve().parent / self.config.notes_dir))
        return server


class _LedgerFile(File):
    """A generated file that answers `is_modified` (asked only in dirty builds) from the output ledger."""

    ledger: OutputLedger
    make: Callable[[], str] | None = None
    """Makes the content when the file is written (raw-line pages), instead of holding it from the start."""
    packed: bytes | None = None
    """The content packed (generated pages' Markdown, `provenance.json`). MkDocs holds every file from the start of
    a build to its end; as text, ×10 pages' Markdown is 90 MiB (8.6 MiB packed) and provenance 70 MiB."""
    tail: str = ""
    """Text after the packed content (`SitePage.tail`)."""

    def is_modified(self) -> bool:
        return self.ledger.changed(self.src_uri)

    @property
    def content_string(self) -> str:
        """The content, unpacked when held so (what a page's `read_source` reads)."""
        if self._content is None and self.packed is not None:
            return unpack(self.packed) + self.tail
        return File.content_string.fget(self)  # type: ignore[attr-defined,no-any-return]

    @content_string.setter
    def content_string(self, value: str) -> None:
        File.content_string.fset(self, value)  # type: ignore[attr-defined]

    def copy_file(self, dirty: bool = False) -> None:
        """Write the file (a raw-line page, `provenance.json`), then let go of its content."""
        if dirty and not self.is_modified():
            return
        self.ledger.writing(self.src_uri)
        if self.packed is not None:
            os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
            write_unpacked(self.packed, self.abs_dest_path, tail=self.tail)
        else:
            if self.make is not None:
                self._content = self.make()
            super().copy_file()
        _release(self)


def _release(file: File) -> None:
    """Drop a generated file's content once MkDocs has read or written it: nothing asks for it again in this build
    (a dirty rebuild asks `is_modified`, which the ledger answers), and at ×10 raw-line pages alone are 105 MiB.
    """
    if isinstance(file, _LedgerFile):
        file._content, file.packed, file.tail = None, None, ""


def _outline(items: Any) -> list[Any]:
    """The navigation as titles, URLs and nesting: what the theme draws on every page."""
    return [(item.title, getattr(item, "url", None), _outline(item.children or [])) for item in items]


def _accurate_dirty_builds(record: logging.LogRecord) -> bool:
    """Drop MkDocs' warning that dirty builds give inaccurate navigation: with this plugin they do not (any change
    to the navigation or the configuration renders every page again; see `on_nav`).
    """
    return not record.getMessage().startswith("A 'dirty' build is being performed")


SERVICE_TOC_DEPTH = 3
"""The deepest heading a service page's table of contents lists: its topics (H2) and the sections joined to them
(H3). Deeper headings are a source's own subsections ("Routing Features", "Exam Power-Up"): VPC's table of contents
listed 190 entries and could not be scanned (a blind review). They stay on the page, linkable."""


def _toc_to_depth(items: list[AnchorLink], deepest: int) -> None:
    """A table of contents (nested entries) without the entries below those of level `deepest` (a service page's
    headings nest level by level, so none deeper is left).
    """
    for item in items:
        if item.level >= deepest:
            item.children = []
        else:
            _toc_to_depth(item.children, deepest)


def _leave_out_of_toc(items: list[AnchorLink], anchors: frozenset[str]) -> None:
    """A page's table of contents (nested entries) without the entries for `anchors`."""
    items[:] = [item for item in items if item.id not in anchors]
    for item in items:
        _leave_out_of_toc(item.children, anchors)


def _silence_stock_search(config: MkDocsConfig) -> None:
    """Keep Material's search box but not its indexer: its page and post-build handlers leave the event lists.

    The box (header partial, keyboard, result list) is drawn when `material/search` is configured; its indexer
    would parse every page again and write a 4 MB index nobody downloads.
    """
    stock = config.plugins[STOCK_SEARCH]
    for event in ("page_context", "post_build"):
        handlers = config.plugins.events[event]
        handlers[:] = [h for h in handlers if getattr(h, "__self__", None) is not stock]


def _pin_build_date(repo_root: Path) -> None:
    """Make the build reproducible: MkDocs stamps the build date into sitemap.xml.gz, unless SOURCE_DATE_EPOCH is set.

    The date of the last commit is what the site's content is as of; outside a git checkout, the epoch.
    """
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=repo_root, capture_output=True, text=True, check=False, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        out = ""
    os.environ["SOURCE_DATE_EPOCH"] = out if out.isdigit() else "0"


def _expand_nav(item: Any, build: Build) -> Any:
    """Replace the nav entries pointing at `sources/index.md` and `services/index.md` by their full trees."""
    if isinstance(item, dict) and len(item) == 1:
        ((title, value),) = item.items()
        if value == NAV_PLACEHOLDER:
            return {title: [NAV_PLACEHOLDER, *_sources_nav(build)]}
        if value == SERVICES_PLACEHOLDER:
            return {title: [SERVICES_PLACEHOLDER, *_services_nav(build)]}
        if isinstance(value, list):
            return {title: [_expand_nav(v, build) for v in value]}
    return item


def _sources_nav(build: Build) -> list[dict[str, list[Any]]]:
    """Every source's nav. Past NAV_GROUP sources, they are grouped by exam and in runs of NAV_GROUP: the theme
    draws every sibling of the open page's sources on each page, so a flat list of 200 sources would cost each of
    thousands of pages 200 entries (and no reader scans 200 entries).
    """
    entries = [_source_nav(spec, build) for spec in build.specs]
    if len(entries) <= NAV_GROUP:
        return entries
    by_exam: dict[str, list[dict[str, list[Any]]]] = {}
    for spec, entry in zip(build.specs, entries, strict=True):
        by_exam.setdefault(spec.exam or "Other", []).append(entry)
    groups = []
    for exam, members in by_exam.items():
        for start in range(0, len(members), NAV_GROUP):
            run = members[start : start + NAV_GROUP]
            label = exam if len(members) <= NAV_GROUP else f"{exam} · {start + 1}–{start + len(run)}"
            groups.append({title_html(label): list(run)})
    return groups


def _source_nav(spec: SourceSpec, build: Build) -> dict[str, list[Any]]:
    """A source's nav: its overview, then its chapters, grouped when the source has groups (parts)."""
    entries: list[Any] = [f"{SOURCES_DIR}/{spec.slug}/index.md"]
    groups: dict[str, list[Any]] = {}
    for page in build.chapter_pages[spec.slug]:
        entry = _page_entry(page)
        if page.group:
            if page.group not in groups:
                groups[page.group] = []
                entries.append({title_html(page.group): groups[page.group]})
            groups[page.group].append(entry)
        else:
            entries.append(entry)
    return {title_html(spec.title): entries}


def _services_nav(build: Build) -> list[dict[str, list[Any]]]:
    """Service and concept-area pages grouped by category, in the catalogue's order."""
    return [
        {title_html(category): [{title_html(title): uri} for title, uri in entries]}
        for category, entries in build.service_index
    ]


def _page_entry(page: ChapterPage) -> dict[str, str]:
    return {title_html(page.title): page.src_uri}
