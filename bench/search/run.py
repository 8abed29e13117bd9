"""`make bench-search`: notes-kb search against Material's stock search, same pages, same run, real Chromium.

Builds the site twice (NOTES_KB_SEARCH=notes-kb, then =material: the same pages, only the engine differs), serves
both on localhost, and for each engine:

- types every query of `queries.yml` into the search box and reads the rendered result list. A result (one `li`)
  counts as correct when a link it shows goes to a section whose text holds all the query's answer phrases
  (`sections.py`). For Material, any visible link of a page group counts, so a group showing three sections counts
  as one result: generous to Material. For notes-kb, only the result's own section link counts. MRR is over the
  first 10 results (0 when no correct result is in them); recall@10 is the share of queries answered in the top 10;
- loads a page with an empty cache, types a query at once and measures the time from navigation start to the first
  rendered result (median of several loads);
- types queries key by key and measures each keystroke → rendered results (p50, p95);
- sums the bytes the browser fetched for search, gzip-compressed as a server would send them.

With `--scale N`, it also builds the ×N corpus of bench/scale.py with notes-kb and measures, in the same run, time to
first result and the bytes fetched before it there (issue 6: at ×50 at most 1 MB, and at most 2× the ×1 time).

Writes `bench/results/search.md` and `search.json`, and prints the table.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(HERE), str(HERE.parent), str(ROOT / "tests" / "browser")]
import scale  # noqa: E402  (bench/scale.py: the scaled corpora)
from chromium import start_chromium  # noqa: E402  (one place for Chromium's flags)
from sections import good_sections, section_texts  # noqa: E402

ENGINES = ("notes-kb", "material")
TOP = 10
SETTLE_MS = 250
"""Results are read once the list has not changed for this long (Material renders in chunks)."""

# Collect what the result list shows: per item, its visible links (Material hides "more" sections in a closed
# <details>) and whether the item is one of notes-kb's (page header + one section).
READ_RESULTS = """
const items = [...document.querySelectorAll('li.md-search-result__item')];
return items.map(li => [...li.querySelectorAll('a.md-search-result__link')]
  .filter(a => !a.closest('details') || a.closest('details').open)
  .map(a => a.getAttribute('href')));
"""

# Installed once per page: remembers when the result list (or its count line) last changed.
WATCH = """
if (!window.__nkbWatch) {
  window.__nkbChanged = 0;
  window.__nkbWatch = new MutationObserver(() => { window.__nkbChanged = performance.now(); });
  for (const el of document.querySelectorAll('.md-search-result__list, .md-search-result__meta'))
    window.__nkbWatch.observe(el, {childList: true, characterData: true, subtree: true});
}
return performance.now();
"""

# Resolves once the result list changed after `since` and then stayed the same for `settle` ms (or on timeout):
# Material renders results in chunks.
WAIT_SETTLED = """
const [since, settle, timeout, done] = [arguments[0], arguments[1], arguments[2], arguments[arguments.length - 1]];
const started = performance.now();
const poll = () => {
  const now = performance.now(), last = window.__nkbChanged;
  if (last > since && now - last >= settle) return done(true);
  if (now - started > timeout) return done(false);
  setTimeout(poll, 20);
};
poll();
"""

# Time from navigation start to the first rendered result, typing as soon as the page has loaded.
FIRST_RESULT = """
const [query, done] = [arguments[0], arguments[arguments.length - 1]];
const input = document.querySelector('input.md-search__input');
const list = document.querySelector('.md-search-result__list');
const observer = new MutationObserver(() => {
  if (list.querySelector('li.md-search-result__item')) { observer.disconnect(); done(performance.now()); }
});
observer.observe(list, {childList: true, subtree: true});
input.focus();
input.value = query;
input.dispatchEvent(new Event('input', {bubbles: true}));
input.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: query.slice(-1)}));
setTimeout(() => done(-1), 30000);
"""

# One keystroke, timed in the page: from the key event to the next change of the result list.
KEYSTROKE = """
const [char, done] = [arguments[0], arguments[arguments.length - 1]];
const input = document.querySelector('input.md-search__input');
const list = document.querySelector('.md-search-result__list');
const meta = document.querySelector('.md-search-result__meta');
const started = performance.now();
const observer = new MutationObserver(() => {
  observer.disconnect();
  requestAnimationFrame(() => done(performance.now() - started));
});
observer.observe(list, {childList: true, subtree: true});
observer.observe(meta, {childList: true, characterData: true, subtree: true});
input.value += char;
input.dispatchEvent(new Event('input', {bubbles: true}));
input.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: char}));
setTimeout(() => { observer.disconnect(); done(-1); }, 5000);
"""

# The whole query at once, as a paste: the events Material's search box listens to.
PASTE = """
const input = document.querySelector('input.md-search__input');
input.value = arguments[0];
input.dispatchEvent(new Event('input', {bubbles: true}));
input.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: arguments[0].slice(-1)}));
"""

SEARCH_FILES = re.compile(r"^/(search/|assets/nkb-search/|assets/javascripts/workers/|assets/javascripts/lunr/)")
"""What a browser downloads for search, beyond the pages themselves."""


def build(engine: str, site_dir: Path, project: Path = ROOT) -> float:
    """Build the real site (or a scaled corpus: `project`) with one engine; returns the wall time."""
    env = {**os.environ, "NOTES_KB_SEARCH": engine, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site_dir)]
    subprocess.run(command, cwd=project, env=env, check=True)
    return time.perf_counter() - started


@contextmanager
def serve(directory: Path) -> Iterator[tuple[str, list[str]]]:
    """The built site on a free localhost port, with the list of paths requested (the worker's fetches too)."""
    requested: list[str] = []

    class Recording(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            requested.append(unquote(urlsplit(self.path).path))
            super().do_GET()

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Recording, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/", requested
    finally:
        server.shutdown()


def browser() -> WebDriver:
    """Debian's Chromium as the browser tests start it (tests/browser/chromium.py), cache off: every load is a
    first visit.
    """
    driver = start_chromium()
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    driver.set_script_timeout(60)
    return driver


def location_of(href: str, base: str) -> str:
    """A result link as a site location: `services/ec2/#anchor` (host, query string `?h=` dropped)."""
    parts = urlsplit(href if "://" in href else base + href)
    path = unquote(parts.path).lstrip("/")
    path = path.removesuffix("index.html")
    return f"{path}#{unquote(parts.fragment)}" if parts.fragment else path


def open_search(driver: WebDriver, base: str) -> None:
    driver.get(base)
    driver.find_element(By.CSS_SELECTOR, "input.md-search__input").click()


def run_queries(driver: WebDriver, base: str, engine: str, queries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Type each query, read the settled result list, and rank the first correct result."""
    open_search(driver, base)
    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    rows = []
    for query in queries:
        box.clear()
        since = driver.execute_script(WATCH)
        box.send_keys(query["query"][0])  # a first key by hand, then the rest as a paste: one search, not twenty
        driver.execute_async_script(WAIT_SETTLED, since, 50, 20000)  # the first search also waits for the index
        since = driver.execute_script(WATCH)
        driver.execute_script(PASTE, query["query"])
        settled = driver.execute_async_script(WAIT_SETTLED, since, SETTLE_MS, 10000)
        shown = driver.execute_script(READ_RESULTS) if settled else []
        items = [[location_of(href, base) for href in links] for links in shown]
        if engine == "notes-kb":
            items = [links[-1:] for links in items]  # the page header link is not the result
        rank = next((n for n, links in enumerate(items[:TOP], 1) if any(x in query["good"] for x in links)), 0)
        rows.append({"id": query["id"], "class": query["class"], "rank": rank, "top": items[:3], "settled": settled})
    return rows


def first_result_times(driver: WebDriver, base: str, query: str, loads: int) -> list[float]:
    """Navigation start → first rendered result, typing as soon as the page has loaded; one fresh load each."""
    times = []
    for _ in range(loads):
        driver.get(base + "?nocache=" + str(time.perf_counter()))
        times.append(driver.execute_async_script(FIRST_RESULT, query))
    return times


def keystroke_times(driver: WebDriver, base: str, queries: list[str]) -> list[float]:
    """Each keystroke of each query → the result list re-rendered (in-page clock)."""
    open_search(driver, base)
    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    since = driver.execute_script(WATCH)
    box.send_keys("s")
    driver.execute_async_script(WAIT_SETTLED, since, SETTLE_MS, 20000)  # the index is loaded
    times = []
    for query in queries:
        box.clear()
        for char in query:
            elapsed = driver.execute_async_script(KEYSTROKE, char)
            if elapsed >= 0:
                times.append(elapsed)
    return times


def search_bytes(driver: WebDriver, base: str, site_dir: Path, requested: list[str]) -> tuple[int, list[str]]:
    """Bytes fetched for search (stub, index, worker and its scripts), gzip -9 as a server would send them.

    Counted from the server's log of one fresh page load and query, so the worker's own fetches are included; the
    browser's cache is emptied first, else the files earlier queries fetched were not asked for again (a ×1 run once
    counted 1 KB).
    """
    driver.execute_cdp_cmd("Network.clearBrowserCache", {})
    requested.clear()
    open_search(driver, base)
    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    since = driver.execute_script(WATCH)
    box.send_keys("vpc")
    driver.execute_async_script(WAIT_SETTLED, since, SETTLE_MS, 20000)
    names = sorted({path.lstrip("/") for path in requested if SEARCH_FILES.search(path)})
    total = sum(len(gzip.compress((site_dir / name).read_bytes(), 9)) for name in names)
    return total, names


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def score(rows: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """MRR@10 and recall@10, per class and overall."""
    groups: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        groups[row["class"]].append(row["rank"])
        groups["all"].append(row["rank"])
    return {
        name: {
            "n": len(ranks),
            "mrr": sum(1 / r for r in ranks if r) / len(ranks),
            "recall10": sum(1 for r in ranks if r) / len(ranks),
        }
        for name, ranks in groups.items()
    }


def load_queries(site_dir: Path, path: Path) -> list[dict[str, Any]]:
    texts = section_texts(site_dir)
    queries = yaml.safe_load(path.read_text(encoding="utf-8"))
    for query in queries:
        query["good"] = good_sections(texts, query)
        if not query["good"]:
            raise SystemExit(f"{query['id']}: no section holds its answers {query['answers']}")
    return queries


def report(results: dict[str, Any]) -> str:
    """The comparison as Markdown."""
    ours, stock = results["notes-kb"], results["material"]
    lines = [
        "# Search benchmark: notes-kb vs Material's stock search",
        "",
        f"{results['queries']} queries, headless Chromium {results['chromium']}, one run, same machine, same pages.",
        "",
        "| class | n | notes-kb MRR@10 | Material MRR@10 | notes-kb recall@10 | Material recall@10 |",
        "|---|---|---|---|---|---|",
    ]
    for name in [*sorted(k for k in ours["quality"] if k != "all"), "all"]:
        a, b = ours["quality"][name], stock["quality"][name]
        lines.append(
            f"| {name} | {a['n']} | {a['mrr']:.3f} | {b['mrr']:.3f} | {a['recall10']:.3f} | {b['recall10']:.3f} |"
        )
    lines += [
        "",
        "| measure | notes-kb | Material | ratio |",
        "|---|---|---|---|",
        _row("page load → first result, median ms", ours["first_result_ms"], stock["first_result_ms"]),
        _row("keystroke → results, p50 ms", ours["keystroke_p50_ms"], stock["keystroke_p50_ms"]),
        _row("keystroke → results, p95 ms", ours["keystroke_p95_ms"], stock["keystroke_p95_ms"]),
        _row("search bytes downloaded (gzip)", ours["bytes_gzip"], stock["bytes_gzip"]),
        _row("site build, s", ours["build_s"], stock["build_s"]),
        "",
        f"notes-kb fetched: {', '.join(ours['files'])}",
        f"Material fetched: {', '.join(stock['files'])}",
    ]
    for key, scaled in sorted((k, v) for k, v in results.items() if k.startswith("x")):
        lines += [
            "",
            f"## notes-kb at {key.replace('x', '×')} ({scaled['documents']:,} sections) against ×1, same run",
            "",
            f"| measure | ×1 | {key.replace('x', '×')} | ratio |",
            "|---|---|---|---|",
            _row("page load → first result, median ms", ours["first_result_ms"], scaled["first_result_ms"], True),
            _row("search bytes downloaded (gzip)", ours["bytes_gzip"], scaled["bytes_gzip"], True),
            _row("site build, s", ours["build_s"], scaled["build_s"], True),
            "",
            f"fetched at {key.replace('x', '×')}: {len(scaled['files'])} files",
        ]
    return "\n".join(lines) + "\n"


def _row(name: str, ours: float, stock: float, inverse: bool = False) -> str:
    """`ours / stock`, or with `inverse` `stock / ours` (the scaled site against ×1)."""
    return f"| {name} | {ours:,.1f} | {stock:,.1f} | {(stock / ours if inverse else ours / stock):.2f} |"


def _progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=Path, default=HERE / "queries.yml")
    parser.add_argument("--loads", type=int, default=7, help="page loads for time to first result")
    parser.add_argument("--typed", type=int, default=12, help="queries typed key by key for keystroke timings")
    parser.add_argument("--out", type=Path, default=HERE.parent / "results")
    parser.add_argument("--scale", type=int, default=0, help="also time search on the ×N corpus (e.g. 50)")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        sites = {engine: Path(tmp, engine) for engine in ENGINES}
        _progress("building the site with each engine")
        builds = {engine: build(engine, sites[engine]) for engine in ENGINES}
        scaled_site = Path(tmp, f"x{args.scale}")
        if args.scale:
            _progress(f"building the ×{args.scale} corpus with notes-kb")
            scaled_build = build("notes-kb", scaled_site, scale.generate(args.scale))
        queries = load_queries(sites["notes-kb"], args.queries)
        results["queries"] = len(queries)
        driver = browser()
        results["chromium"] = driver.capabilities.get("browserVersion", "?")
        try:
            typed = [q["query"] for q in queries[:: max(1, len(queries) // args.typed)]][: args.typed]
            for engine in ENGINES:
                with serve(sites[engine]) as (base, requested):
                    _progress(f"{engine}: {len(queries)} queries")
                    rows = run_queries(driver, base, engine, queries)
                    _progress(f"{engine}: time to first result, {args.loads} loads")
                    first = first_result_times(driver, base, "auto scaling", args.loads)
                    _progress(f"{engine}: keystrokes of {len(typed)} queries")
                    keys = keystroke_times(driver, base, typed)
                    size, files = search_bytes(driver, base, sites[engine], requested)
                results[engine] = {
                    "quality": score(rows),
                    "rows": rows,
                    "first_result_ms": statistics.median(first),
                    "first_result_all_ms": first,
                    "keystroke_p50_ms": percentile(keys, 0.5),
                    "keystroke_p95_ms": percentile(keys, 0.95),
                    "keystrokes": len(keys),
                    "bytes_gzip": size,
                    "files": files,
                    "build_s": builds[engine],
                }
            if args.scale:
                with serve(scaled_site) as (base, requested):
                    _progress(f"×{args.scale}: time to first result, {args.loads} loads")
                    first = first_result_times(driver, base, "auto scaling", args.loads)
                    size, files = search_bytes(driver, base, scaled_site, requested)
                head = json.loads((scaled_site / "search/nkb/head.json").read_text(encoding="utf-8"))
                results[f"x{args.scale}"] = {
                    "first_result_ms": statistics.median(first),
                    "first_result_all_ms": first,
                    "bytes_gzip": size,
                    "files": files,
                    "build_s": scaled_build,
                    "documents": head["documents"],
                    "terms": len(head["terms"]),
                }
        finally:
            driver.quit()
    args.out.mkdir(parents=True, exist_ok=True)
    text = report(results)
    (args.out / "search.md").write_text(text, encoding="utf-8")
    (args.out / "search.json").write_text(json.dumps(results, indent=1, default=list) + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
