"""What search adds to a built site: the index, the worker Material's UI talks to, and the offline fallback.

Host-neutral: given the rendered pages it returns `path → bytes`; the MkDocs adapter writes them and points
Material's search box at `WORKER_PATH`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from importlib import resources

from ..memo import Memo
from .copies import copy_targets
from .documents import RenderedPage
from .index import SearchHints, collect_documents, count_terms, dumps
from .shards import iter_shards

ASSETS_DIR = "assets/nkb-search"
WORKER_PATH = f"{ASSETS_DIR}/worker.js"
OFFLINE_SHIM = f"{ASSETS_DIR}/offline.js"
EARLY_START = f"{ASSETS_DIR}/early.js"
OFFLINE_INDEX = "search/nkb-index.js"
"""Offline builds: every index file in one script (file:// pages cannot fetch)."""
ASSET_FILES = ("worker.js", "nkb-search.js", "nkb-analysis.js", "offline.js", "early.js", "vendor/lunr.min.js")
MATERIAL_STUB = {
    "config": {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": [], "fields": {}},
    "docs": [],
}
"""What Material's page script fetches as `search/search_index.json` and forwards to the worker: no documents, the
worker has its own index. Kept tiny on purpose: it is downloaded before the first search."""


def search_files(
    pages: Iterable[RenderedPage],
    hints: SearchHints,
    *,
    skip_anchors: frozenset[str] = frozenset(),
    offline: bool = False,
    memo: Memo | None = None,
) -> Iterator[tuple[str, bytes]]:
    """Every file search needs, as (site path, content), each made when asked for: a host that writes each before
    asking for the next holds one index file at a time, not all of them (and, offline, the one script they make
    together). `offline` adds the script forms that file:// pages can load; `memo` (kept by a host that rebuilds)
    spares a rebuild the parsing and analysis of pages it did not change.
    """
    ordered, documents = collect_documents(pages, skip_anchors, memo)
    counts = count_terms(ordered, documents, hints, memo)
    copies = copy_targets(ordered, documents, hints, memo)
    together: list[str] = []  # offline: every index file in one script, as `dumps` writes a dict of them
    for path, content in iter_shards(counts, ordered, documents, copies):
        text = dumps(content)
        yield path, text.encode()
        if offline:
            together.append(f"{json.dumps(path)}:{text}")
    stub = json.dumps(MATERIAL_STUB, separators=(",", ":"))
    yield "search/search_index.json", stub.encode()
    if offline:
        yield OFFLINE_INDEX, f"self.__nkbIndex={{{','.join(together)}}};\n".encode()
        yield "search/search_index.js", f"var __index={stub};\n".encode()
    assets = resources.files("notes_kb.search") / "assets"
    for name in ASSET_FILES:
        yield f"{ASSETS_DIR}/{name}", (assets / name).read_bytes()
