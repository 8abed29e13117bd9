"""Raw HTML in notes never runs in a reader's browser: pages built from hostile notes, loaded in headless Chromium.

The hostile notes (`notes/`, one GitHub Markdown and one Notion export source) carry script tags, event handlers,
`javascript:` and `data:` links, iframes, SVG, styles that hide the page, HTML in headings, tables and code, and
unclosed tags. Every payload, if it ever ran, would set a `window.pwned*` global, change `document.title` or hide
the page. The same notes are also built with the protections switched off (`unsafe_build.py`), and that site must
show the payloads running: so the "nothing ran" assertions are known to be able to fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from chromium import serving
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = pytest.mark.slow  # whole-site builds: `make test` runs them, `make check` does not

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SEARCH_PAYLOAD = "<img src=x onerror=window.pwnedSearch=1>"

# Run in the page after it has loaded (so `onerror`/`onload` handlers have fired): what ran, and what dangerous
# markup is left in the content (the article of a Material page; the body of a raw-line page).
PROBE = """
const root = document.querySelector('article') || document.body;
const bad = [];
const forbidden = ['script', 'style', 'iframe', 'object', 'embed', 'svg', 'math', 'form', 'input', 'textarea',
                   'marquee', 'img', 'base', 'meta', 'link'];
for (const el of root.querySelectorAll('*')) {
  const tag = el.tagName.toLowerCase();
  if (forbidden.includes(tag)) bad.push(tag);
  for (const attr of el.attributes) {
    const name = attr.name.toLowerCase();
    const value = attr.value.replace(/[\\s\\x00-\\x1f]/g, '').toLowerCase();
    if (name.startsWith('on') || name === 'style' || name === 'srcdoc') bad.push(tag + '[' + name + ']');
    if (/^(javascript|data|vbscript):/.test(value)) bad.push(tag + '[' + name + '=' + value.slice(0, 11) + ']');
  }
}
return {
  pwned: Object.keys(window).filter(k => k.startsWith('pwned')).sort(),
  title: document.title,
  hidden: getComputedStyle(document.body).display === 'none' || getComputedStyle(root).display === 'none'
          || getComputedStyle(root).visibility === 'hidden',
  bad: bad,
};
"""


@dataclass
class Visit:
    """What one site did in the browser."""

    pages: list[str] = field(default_factory=list)
    pwned: dict[str, list[str]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    hidden: list[str] = field(default_factory=list)
    bad: dict[str, list[str]] = field(default_factory=dict)
    clicked: int = 0


def _project(tmp: Path) -> Path:
    """The repository's mkdocs.yml and docs, with the hostile notes as the only sources."""
    project = tmp / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(HERE / "notes", project / "notes_src")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


@pytest.fixture(scope="module")
def www(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`www/safe`: the site as shipped; `www/unsafe`: the same notes with escaping and sanitiser off."""
    tmp = tmp_path_factory.mktemp("hostile")
    project = _project(tmp)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # Not strict: hand-written pages may link to pages of the real notes, which this project does not have.
    args = ["build", "--no-strict", "-q", "-d"]
    commands = {
        "safe": [sys.executable, "-m", "mkdocs", *args, str(tmp / "www" / "safe")],
        "unsafe": [sys.executable, str(HERE / "unsafe_build.py"), *args, str(tmp / "www" / "unsafe")],
    }
    procs = {
        name: subprocess.Popen(cmd, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for name, cmd in commands.items()
    }
    try:
        for name, proc in procs.items():
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, (name, err[-3000:])
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    return tmp / "www"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No request log on the test output."""


@pytest.fixture(scope="module")
def server(www: Path) -> Iterator[str]:
    """Both sites over HTTP on a free port of 127.0.0.1 (Material's search needs http, not file:)."""
    with serving(partial(_QuietHandler, directory=str(www))) as base:
        yield base


def _pages(site: Path) -> list[str]:
    """Every page the plugin generated (Sources pages, raw-line pages) and the home page, whose navigation lists
    the notes' titles too; as URL paths."""
    pages = [""]
    pages += [p.parent.relative_to(site).as_posix() + "/" for p in sorted((site / "sources").rglob("index.html"))]
    pages += [p.relative_to(site).as_posix() for p in sorted((site / "raw").rglob("*.html"))]
    return pages


def _load(browser: WebDriver, url: str) -> None:
    """Open `url` and wait until it is the loaded document in the window: twice a fresh-clone CI run found no link
    on a page that has one, as if `get` had returned before the page was there."""
    browser.get(url)
    WebDriverWait(browser, 10).until(
        lambda d: d.execute_script("return location.href === arguments[0] && document.readyState === 'complete'", url)
    )


def _visit(browser: WebDriver, server: str, www: Path, name: str) -> Visit:
    """Load every generated page, click any `javascript:` link left, and record what ran."""
    visit = Visit()
    for page in _pages(www / name):
        _load(browser, f"{server}/{name}/{page}")
        links = browser.find_elements(By.CSS_SELECTOR, 'article a[href^="javascript:" i]')
        for link in links:
            browser.execute_script("arguments[0].click()", link)
        if links:  # a `javascript:` URL runs in a task the click queues: let it run before the probe looks
            browser.execute_async_script("setTimeout(arguments[arguments.length - 1], 100)")
        visit.clicked += len(links)
        result: dict[str, Any] = browser.execute_script(PROBE)
        visit.pages.append(page)
        visit.titles[page] = result["title"]
        if result["pwned"]:
            visit.pwned[page] = result["pwned"]
        if result["hidden"]:
            visit.hidden.append(page)
        if result["bad"] and page:  # the home page's own content is hand-written, trusted and free to use images
            visit.bad[page] = sorted(set(result["bad"]))
    return visit


@pytest.fixture(scope="module")
def safe(browser: WebDriver, server: str, www: Path) -> Visit:
    return _visit(browser, server, www, "safe")


@pytest.fixture(scope="module")
def unsafe(browser: WebDriver, server: str, www: Path) -> Visit:
    return _visit(browser, server, www, "unsafe")


VISITED_PAGES = {
    "",
    "sources/",
    "sources/hostile/",
    "sources/hostile/scripts-and-event-handlers/",
    "sources/hostile/links/",
    "sources/hostile/img-src-x-onerror-window-pwnedheading-1-heading-with-html/",
    "sources/hostile/styles/",
    "sources/hostile/unclosed-tags/",
    "sources/hostile-notion/",
    "sources/hostile-notion/notion-scripts/",
    "sources/hostile-notion/notion-styles/",
    "sources/hostile-notion/title-script-window-pwnedtitletag-1-script-title-breakout/",
    "raw/notes_src/hostile/notes.md.html",
    "raw/notes_src/hostile-notion/notes.md.html",
}


def test_every_generated_page_is_visited(safe: Visit, unsafe: Visit) -> None:
    assert set(safe.pages) == VISITED_PAGES
    assert set(unsafe.pages) == VISITED_PAGES


def test_no_payload_runs_and_no_dangerous_markup_is_left(safe: Visit) -> None:
    assert safe.pwned == {}
    assert safe.clicked == 0
    assert not [page for page, title in safe.titles.items() if "PWNED" in title]
    assert safe.hidden == []
    assert safe.bad == {}


def test_hostile_text_is_shown_as_text(browser: WebDriver, server: str, safe: Visit) -> None:
    browser.get(f"{server}/safe/sources/hostile/scripts-and-event-handlers/")
    text = browser.find_element(By.TAG_NAME, "article").text
    assert "A sentence with an inline script <script>window.pwnedScriptInline = 1</script> in it." in text
    assert 'An image <img src="x" onerror="window.pwnedImg = 1"> that fails to load.' in text
    _load(browser, f"{server}/safe/sources/hostile/links/")
    links = WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "article p a"))
    hrefs = [a.get_attribute("href") for a in links]
    assert "https://aws.amazon.com/" in hrefs
    browser.get(f"{server}/safe/sources/hostile-notion/title-script-window-pwnedtitletag-1-script-title-breakout/")
    assert browser.title == "</title><script>window.pwnedTitleTag = 1</script> Title breakout - AWS Study Notes"
    nav = browser.find_element(By.CSS_SELECTOR, "nav.md-nav--primary").get_attribute("textContent") or ""
    assert "Hostile <img src=x onerror=window.pwnedSourceTitle=1> GitHub Markdown" in nav
    # navigation.prune: a chapter's title is in the nav of the pages of its own source.
    browser.get(f"{server}/safe/sources/hostile/img-src-x-onerror-window-pwnedheading-1-heading-with-html/")
    nav = browser.find_element(By.CSS_SELECTOR, "nav.md-nav--primary").get_attribute("textContent") or ""
    assert '<img src=x onerror="window.pwnedHeading = 1"> Heading with HTML' in nav


def test_the_same_notes_without_protection_do_run_their_payloads(unsafe: Visit) -> None:
    """Proof that the test above can fail: with escaping and sanitising off, the payloads run."""
    ran = {marker for markers in unsafe.pwned.values() for marker in markers}
    assert {
        "pwnedScriptBlock",
        "pwnedScriptInline",
        "pwnedImg",
        "pwnedSvg",
        "pwnedIframe",
        "pwnedCell",
        "pwnedTable",
        "pwnedJsLink",
        "pwnedNotionScript",
        "pwnedNotionImg",
        "pwnedNotionJsLink",
        "pwnedSourceTitle",  # in the navigation of every page
        "pwnedTitleTag",  # a chapter title closing `<title>`
    } <= ran
    assert unsafe.clicked >= 2
    assert unsafe.titles["sources/hostile/img-src-x-onerror-window-pwnedheading-1-heading-with-html/"] == "PWNED"
    assert {"sources/hostile/styles/", "sources/hostile-notion/notion-styles/"} <= set(unsafe.hidden)
    assert "strong[onmouseover]" in unsafe.bad["sources/hostile/scripts-and-event-handlers/"]


def _search(browser: WebDriver, query: str) -> str:
    """Type a query into Material's search box; the result list's HTML once results are shown."""
    box = browser.find_element(By.CSS_SELECTOR, "input.md-search__input")
    box.click()
    box.clear()
    box.send_keys(query)
    WebDriverWait(browser, 15).until(
        lambda d: (
            d.find_elements(By.CSS_SELECTOR, ".md-search-result__item")
            and "matching" in d.find_element(By.CSS_SELECTOR, ".md-search-result__meta").text
        )
    )
    html: str = browser.find_element(By.CSS_SELECTOR, ".md-search-result").get_attribute("innerHTML") or ""
    return html


def test_search_shows_note_html_as_text_and_runs_nothing(browser: WebDriver, server: str, www: Path) -> None:
    browser.get(f"{server}/safe/")
    results = _search(browser, SEARCH_PAYLOAD)
    assert "onerror" in results  # the hostile notes were found: the results hold their text
    probe = browser.execute_script(
        "const r = document.querySelector('.md-search-result');"
        "return {pwned: Object.keys(window).filter(k => k.startsWith('pwned')),"
        " tags: [...r.querySelectorAll('img, script, iframe, svg, marquee, style, object')].map(e => e.tagName)};"
    )
    assert probe == {"pwned": [], "tags": []}
    results = _search(browser, "placeholder")
    assert "&lt;" in results  # note markup is shown as text (results show the start of each section)
    assert not browser.find_elements(By.CSS_SELECTOR, ".md-search-result marquee, .md-search-result img")
    assert browser.execute_script("return document.getElementById('nkb-injected')") is None
