"""Render the generated pages in forked worker processes while MkDocs walks its pages on one core.

Why: turning the generated pages' Markdown into HTML, and sanitising and cutting that HTML for search, is most of a
build (55% at ×10) and MkDocs does it one page after another. The machine has more cores. Each worker is a fork
of the build taken once the navigation is known, so it holds the same configuration, files and pages; it renders
with MkDocs' own `Page.render` and the plugin's own page finishing, so the HTML is the one a serial build makes,
byte for byte. The main process adopts each result when MkDocs reaches that page.

A process running other threads does not fork (`parallel.worker_count`): `mkdocs serve` renders its first build with
workers, and its rebuilds, which run beside the live-reload server's threads and render few pages, without. Log
records a worker emits are sent back and logged again by the main process, so `--strict` counts a warning from a
worker as its own. A page a worker fails on is rendered again by the main process, which then reports the error as
MkDocs would.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .heldhtml import pack
from .parallel import ForkedPool, current_task, release_free_memory
from .search.documents import RenderedPage

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

MIN_PAGES = 40
"""Fewer pages than this are rendered in the main process: starting workers would cost more than it saves."""
CHUNK = 4
"""Pages a worker takes at a time: fewer round trips, and still an even share at the end."""

LARGE_PAGE = 4_000_000
"""A page with more Markdown than this (characters) is rendered by the build process, not by a worker. Why: turning
a 13 MB page into HTML takes about 200 MiB while it runs, and at ×50 the two workers rendering the largest service
pages side by side were the build's peak. The build process waits for the workers most of the time anyway."""
RENEW = 25
"""Chunks a worker renders before a new fork replaces it: ×10 workers grew by 190 MiB each over 530 pages."""

Finish = Callable[[str, "Page"], tuple[str, RenderedPage]]
"""The plugin's page finishing: the rendered HTML and page → the HTML to publish and the page cut for search."""


@dataclass(frozen=True)
class Rendered:
    """What `Page.render` and the plugin's finishing left on one page, to be set on the main process's copy."""

    html: bytes
    """The finished page's HTML, packed (`heldhtml.pack`): the main process holds it so until MkDocs builds the page."""
    toc: Any
    title: str | None
    anchors: frozenset[str]
    links: dict[str, dict[str, str]] | None
    """`Page.links_to_anchors` keyed by the linked file's `src_uri` (a `File` would be pickled whole)."""
    search: RenderedPage
    records: tuple[tuple[str, int, str], ...]
    """Log records emitted while rendering: logger name, level and message."""


@dataclass(frozen=True)
class _Job:
    config: MkDocsConfig
    files: Files
    finish: Finish


class Prerenderer:
    """Workers rendering `uris` in order; `take(uri)` gives a page's result once MkDocs reaches it."""

    def __init__(self, config: MkDocsConfig, files: Files, finish: Finish, uris: Sequence[str], workers: int) -> None:
        self._workers = ForkedPool(workers, _Job(config, files, finish), initializer=_start_worker, renew=RENEW)
        self._results: Iterator[tuple[str, Rendered | None]] = self._workers.pool.imap(_render, uris, chunksize=CHUNK)
        self._waiting = set(uris)
        self._ready: dict[str, Rendered | None] = {}
        self._owner = os.getpid()
        self.adopted = 0
        """Pages whose worker result was taken."""
        self.redone = 0
        """Pages a worker failed on (rendered again by the build process)."""

    def take(self, uri: str) -> Rendered | None:
        """The page's result (None: the worker failed, render it here); None too for a page not given to workers,
        and in a worker (a worker forked to replace another holds this object too, and renders pages itself).
        """
        if uri not in self._waiting or os.getpid() != self._owner:
            return None
        self._waiting.discard(uri)
        while uri not in self._ready:
            done, result = next(self._results)
            self._ready[done] = result
        rendered = self._ready.pop(uri)
        if rendered is None:
            self.redone += 1
            return None
        self.adopted += 1
        for name, level, message in rendered.records:
            logging.getLogger(name).log(level, message)
        return rendered

    def close(self) -> None:
        """Stop the workers (every result taken, or the build failed)."""
        self._workers.close()


def adopt(page: Page, rendered: Rendered, files: Files) -> None:
    """Set on `page` what `Page.render` would have set; its HTML is held by the plugin (`HeldHtml`)."""
    page.content = ""
    page.toc = rendered.toc
    page._title_from_render = rendered.title
    page.present_anchor_ids = set(rendered.anchors)
    if rendered.links is not None:
        page.links_to_anchors = {
            file: links for uri, links in rendered.links.items() if (file := files.get_file_from_path(uri)) is not None
        }


class _Capture(logging.Handler):
    """Keeps a worker's log records for the main process to emit."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


_CAPTURE = _Capture()


def _start_worker() -> None:
    """In a new worker: its log records go to `_CAPTURE`, not to the terminal (the main process emits them)."""
    for logger in (logging.getLogger(), logging.getLogger("mkdocs")):
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.addHandler(_CAPTURE)
    logging.getLogger("mkdocs").propagate = False


def _render(uri: str) -> tuple[str, Rendered | None]:
    from mkdocs.structure.pages import Page
    from mkdocs.structure.toc import TableOfContents

    job: _Job = current_task()
    config, files = job.config, job.files
    _CAPTURE.records = []
    file = files.get_file_from_path(uri)
    assert file is not None
    page = file.page if file.page is not None else Page(None, file, config)
    config._current_page = page
    try:
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        assert page.markdown is not None
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        page.render(config, files)
        assert page.content is not None
        html, search = job.finish(page.content, page)
    except Exception:  # the main process renders the page again and reports the error itself
        return uri, None
    finally:
        config._current_page = None
    links = page.links_to_anchors
    rendered = Rendered(
        pack(html),
        page.toc,
        page._title_from_render,
        frozenset(page.present_anchor_ids or ()),
        {file.src_uri: anchors for file, anchors in links.items()} if links is not None else None,
        search,
        tuple(_CAPTURE.records),
    )
    # The worker's copy of the page: nothing reads it again. What it held goes back to the system, or a worker grows
    # by every page it renders (×10 corpus: workers ended at 99 MiB of their own instead of 140).
    page.markdown = page.content = page.links_to_anchors = None
    page.toc, page.present_anchor_ids = TableOfContents([]), set()
    release_free_memory()
    return uri, rendered
