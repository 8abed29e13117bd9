"""The search box of the built site in headless Chromium: Material's UI in front of the notes-kb worker and index.

What a reader does (type, click, use the keyboard, open the site from disk) and what they get (sections with
highlights, Korean and acronyms found, the same ranking as `notes-kb search`), plus what the page loads: only its own
server's files, the index files a query needs and not Material's big index. The ranking over the real notes is
checked against lunr itself here too (`tests/test_search.py` does so on small pages; this module has the built site).

Named `test_search_ui.py`, not `test_search.py`: the test folders are not packages, and pytest refuses two test
modules with one basename.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from chromium import serving
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement

from helpers import corpus
from notes_kb.search import index, shards
from notes_kb.search import query as ranking
from notes_kb.search.documents import RenderedPage
from test_search import HINTS, PAGES, assert_same_ranking, index_files

pytestmark = pytest.mark.slow  # a site build and a browser: `make test` runs it, `make check` does not

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 15.0
ITEMS = "li.md-search-result__item"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
ASSETS = ROOT / "plugins" / "notes_kb" / "search" / "assets"
SCRIPTS = ("vendor/lunr.min.js", "nkb-analysis.js", "nkb-search.js")
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>', re.S)
T = TypeVar("T")

PARITY_QUERIES = (
    "auto scaling",
    "scalling",  # a typo
    "cloudfrnt",  # a typo in a long word
    "secruity grup",  # a typo that changes the stem ("secruiti"), undone as typed; one the fuzzy form finds
    "read replica",
    "how many read replicas",  # a word a question is asked with, dropped
    "max object size",  # a word cut short, also looking for it in full
    "auto ",  # a finished word: no completion
    "lambda cold start",
    "dynamodb gsi",
    "보안 그룹",  # Korean, two words
    "스냅샷",
    "S3 버킷 정책",  # mixed scripts
    "스팟 인스턴스 할인율",  # Korean words the notes never use, looked for in English
    "ASG",  # an acronym
    "VPC 피어링",
    "multi-az rds",
    "람다 동시성 제한",  # Korean for an English passage (korean.yml)
    "S3 버전관리를 켜면",
    "수명 주기를 설정",  # a compound written apart (수명주기)
    "RDS 장애 조치",
    "버전 관리",  # a Korean word with English: its own terms count for half (GLOSSED_KOREAN)
    "global accelerator vs cloudfront tcp udp",  # a window chosen by the words its heading does not already show
    "dynamodb item 400 kb",  # a number and its unit: each a word, and one joined word ("400kb")
    "5TB ",
    "lamda timeout",  # a finished word the index has in no form: its typo forms weigh as the word would
    "aurora globel database",
    "cloudfromt ",  # misspelt, two typos allowed: only the form one typo away is looked for
    "cloud watch logs",  # two words the notes write as one name ("CloudWatch"): also looked for joined
    "code deploy ",
    "cloud front",  # the joined name weighs one word: not "Front-End Web & Mobile" first
    "ASG cooldown",  # the service page shows part of the Udemy section listed above it: listed once
    "dynamodb item size limit",  # the window holding the rarer word: "at most 400KB in size"
)

SET_QUERY = """
const box = arguments[0];
box.value = arguments[1];
box.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true}));
"""
IN_VIEW = """
const el = document.getElementById(arguments[0]);
if (!el) return null;
const rect = el.getBoundingClientRect();
return {top: rect.top, bottom: rect.bottom, height: window.innerHeight, scrolled: window.scrollY};
"""
FOREIGN_MARKUP = """
const allowed = (el) => {
  const tag = el.tagName.toLowerCase(), parent = el.parentElement, within = parent.tagName.toLowerCase();
  if (tag === 'mark') return true;
  if (within === 'article')
    return ['h1', 'h2'].includes(tag) || (tag === 'div' && el.classList.contains('md-search-result__icon'))
      || (tag === 'p' && el.classList.contains('md-search-result__terms'))
      || (tag === 'nav' && el.classList.contains('md-tags'));
  return (tag === 'del' && parent.classList.contains('md-search-result__terms'))
    || (tag === 'span' && parent.classList.contains('md-tags'));
};
return [...arguments[0].querySelectorAll('article *')].filter(el => !allowed(el)).map(el => el.outerHTML.slice(0, 80));
"""
"""Elements in a result that neither Material's template (title, heading, icon, tags, missing terms) nor the
highlighter (<mark>) made: text from the notes must never become markup."""
RESOURCES = "return performance.getEntriesByType('resource').map(e => [e.name, e.encodedBodySize]);"


# --- fixtures -------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def offline_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    """The offline build, started before the `site` fixture's build so the two run side by side."""
    out = tmp_path_factory.mktemp("offline-site")
    env = {k: v for k, v in os.environ.items() if k not in {"SOURCE_DATE_EPOCH", "NOTES_KB_SEARCH"}}
    # `true`, not `1`: MkDocs reads !ENV values as YAML, and the option is a bool (an int is rejected).
    env |= {"NO_MKDOCS_2_WARNING": "1", "NOTES_KB_OFFLINE": "true"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)],
        cwd=corpus(),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield out, proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()


@pytest.fixture(scope="module")
def offline_site(offline_build: tuple[Path, subprocess.Popen[str]]) -> Path:
    out, proc = offline_build
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err[-3000:]
    return out


class _RecordingHandler(SimpleHTTPRequestHandler):
    """Serves the site quietly and notes every path asked for (the worker's requests are not in the page's
    performance entries)."""

    def __init__(self, *args: Any, requests: list[str], **kwargs: Any) -> None:
        self.requests = requests
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        self.requests.append(urlsplit(self.path).path)
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        """No request log on the test output."""


@pytest.fixture(scope="module")
def served(site: tuple[Path, str]) -> Iterator[tuple[str, list[str]]]:
    """The built site over HTTP on a free port of 127.0.0.1 (a worker needs http), and the paths requested."""
    requests: list[str] = []
    handler = partial(_RecordingHandler, directory=str(site[0]), requests=requests)
    with serving(handler) as base:
        yield base, requests


@pytest.fixture(scope="module")
def documents(site: tuple[Path, str]) -> list[tuple[str, str, str, str, str]]:
    """Every indexed section as the result files describe it: (page URL, page title, anchor, heading, snippet)."""
    out = []
    for path in sorted((site[0] / shards.SHARD_DIR / "d").glob("*.json"), key=lambda p: int(p.stem)):
        shown = json.loads(path.read_text(encoding="utf-8"))
        for page, anchor, title, text, *_ in shown["docs"]:
            url, page_title = shown["pages"][str(page)]
            out.append((url, page_title, anchor, title, text))
    return out


@pytest.fixture(scope="module")
def engine(site: tuple[Path, str]) -> ranking.Engine:
    """The index the browser loads, as the command line reads it."""
    return ranking.site_engine(site[0])


# --- helpers --------------------------------------------------------------------------------------------------------


def _eventually(probe: Callable[[], T], done: Callable[[T], bool], timeout: float = TIMEOUT) -> T:
    """Poll `probe` until `done` holds or time is up; the last value either way (the caller asserts on it)."""
    deadline = time.monotonic() + timeout
    value = probe()
    while not done(value) and time.monotonic() < deadline:
        time.sleep(0.1)
        value = probe()
    return value


def _box(browser: WebDriver) -> WebElement:
    return browser.find_element(By.CSS_SELECTOR, "input.md-search__input")


def _ask(browser: WebDriver, query: str) -> list[WebElement]:
    """Put `query` in the search box at once (one query to the worker, not one per key); its result items.

    The box is emptied first and the list must clear, so the items returned answer this query, not an earlier one.
    """
    box = _box(browser)
    box.click()
    browser.execute_script(SET_QUERY, box, "")
    assert not _eventually(lambda: browser.find_elements(By.CSS_SELECTOR, ITEMS), lambda items: not items)
    browser.execute_script(SET_QUERY, box, query)
    return _eventually(lambda: browser.find_elements(By.CSS_SELECTOR, ITEMS), bool)


def _type(browser: WebDriver, query: str) -> list[WebElement]:
    """Type `query` key by key as a reader does; the result items once the list has stopped changing."""
    box = _box(browser)
    box.click()
    box.send_keys(query)
    shown = ""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        time.sleep(0.4)
        now = browser.find_element(By.CSS_SELECTOR, ".md-search-result").get_attribute("innerHTML") or ""
        if now == shown and browser.find_elements(By.CSS_SELECTOR, ITEMS):
            break
        shown = now
    return browser.find_elements(By.CSS_SELECTOR, ITEMS)


def _location(href: str) -> str:
    """A result link as the index names it: site path and anchor, no host, no `?h=` highlight parameter."""
    parts = urlsplit(href)
    path = unquote(parts.path).lstrip("/")
    return f"{path}#{unquote(parts.fragment)}" if parts.fragment else path


def _links(item: WebElement) -> list[str]:
    return [a.get_attribute("href") or "" for a in item.find_elements(By.CSS_SELECTOR, "a.md-search-result__link")]


def _section_location(item: WebElement) -> str:
    """The section a result item stands for: its last link (the first is its page's title)."""
    return _location(_links(item)[-1])


def _cli(engine: ranking.Engine, query: str, limit: int = 10) -> list[str]:
    hits = ranking.results(engine, query, limit)
    return [result["location"] for result in ranking.describe(hits, engine)]


# --- what the page loads --------------------------------------------------------------------------------------------


def test_only_local_files_and_the_index_files_a_query_needs_are_fetched(
    browser: WebDriver, served: tuple[str, list[str]], site: tuple[Path, str]
) -> None:
    """The site works offline and stays fast: the worker loads the index head and the few files a query needs;
    Material's index stays an empty stub."""
    base, requests = served
    browser.execute_cdp_cmd("Network.clearBrowserCache", {})  # the worker must really fetch the index
    requests.clear()
    browser.get(f"{base}/")
    assert _ask(browser, "cooldown")
    resources: list[list[Any]] = browser.execute_script(RESOURCES)
    assert resources
    assert [name for name, _ in resources if not name.startswith(f"{base}/")] == []
    stub = [size for name, size in resources if urlsplit(name).path == "/search/search_index.json"]
    assert stub and 0 < stub[0] < 1024  # Material's own index is a stub: no documents
    assert (site[0] / "search" / "search_index.json").stat().st_size < 1024
    assert json.loads((site[0] / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"] == []
    assert "/search/nkb/head.json" in requests  # fetched by the worker
    postings = [path for path in requests if path.startswith("/search/nkb/p/")]
    results = [path for path in requests if path.startswith("/search/nkb/d/")]
    assert postings and results
    assert len(postings) <= 3 < len(list((site[0] / "search/nkb/p").iterdir()))  # not the whole index
    assert "/assets/nkb-search/worker.js" in requests
    assert not [path for path in requests if "/workers/search." in path or "/javascripts/lunr/" in path]


# --- what a reader sees ---------------------------------------------------------------------------------------------


def test_a_quantitys_joined_word_is_never_listed_as_missing(browser: WebDriver, served: tuple[str, list[str]]) -> None:
    """ "256 kb" looks for "256", "kb" and the joined "256kb" (`analysis._QUANTITY`); a result lacking the number read
    "Missing: 256 256 kb" (a last look at the site). Only the words typed are listed."""
    browser.get(f"{served[0]}/")
    _ask(browser, "256 kb")
    missing = [d.text for d in browser.find_elements(By.CSS_SELECTOR, f"{ITEMS} del")]
    assert "256" in missing and not [word for word in missing if " " in word], missing


def test_vs_is_never_listed_as_missing(browser: WebDriver, served: tuple[str, list[str]]) -> None:
    """ "vs" ranks comparisons ("alb vs nlb") but a section without it answers as well: a blind review of search saw
    it struck through as missing on every comparison query. A word typed that nothing matched still is."""
    browser.get(f"{served[0]}/")
    _ask(browser, "alb vs nlb zzzqx")
    missing = {d.text for d in browser.find_elements(By.CSS_SELECTOR, f"{ITEMS} del")}
    assert "zzzqx" in missing and "vs" not in missing, missing


def test_typing_shows_sections_with_highlights(
    browser: WebDriver, served: tuple[str, list[str]], documents: list[tuple[str, str, str, str, str]]
) -> None:
    """A result is a section under its page's title, with the words typed marked, as the index describes it."""
    browser.get(f"{served[0]}/")
    items = _type(browser, "auto scaling")
    assert items
    marks = [m.text.lower() for m in browser.find_elements(By.CSS_SELECTOR, f"{ITEMS} mark")]
    assert any(m.startswith("auto") for m in marks) and any(m.startswith("scal") for m in marks), marks
    shown = {}  # location → (page title, section heading) as the result shows them
    for item in items:
        titles = [h.text for h in item.find_elements(By.CSS_SELECTOR, "article h1")]
        headings = [h.text for h in item.find_elements(By.CSS_SELECTOR, "article h2")]
        shown[_section_location(item)] = (titles, headings)
    indexed = {}  # location → (page title, section heading) as the index has them
    for url, page_title, anchor, title, _ in documents:
        indexed[f"{url}#{anchor}" if anchor else url] = ([page_title], [title]) if anchor else ([title], [])
    assert {location: indexed.get(location) for location in shown} == shown
    assert any(headings and "#" in location for location, (_, headings) in shown.items())  # sections, not pages


def test_korean_word_finds_its_forms_with_particles(browser: WebDriver, served: tuple[str, list[str]]) -> None:
    """Korean glues particles to nouns (스냅샷을): the bare noun must find and mark the glued forms."""
    word = "스냅샷"
    notes = (ROOT / "notes_src" / "udemy-saa-ko" / "notes.md").read_text(encoding="utf-8")
    assert re.search(f"{word}(을|이|에서)", notes)  # the notes glue particles to it
    browser.get(f"{served[0]}/")
    items = _ask(browser, word)
    assert items
    first = items[0].text
    assert HANGUL.search(first) and word in first, first
    marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, f"{ITEMS} mark")]
    assert any(m.startswith(word) and len(m) > len(word) for m in marks), marks  # e.g. 스냅샷을, marked whole


def test_acronym_finds_the_service_page(browser: WebDriver, served: tuple[str, list[str]]) -> None:
    """An acronym reaches its service: the first result is about it, and its merged page is in the first three."""
    browser.get(f"{served[0]}/")
    items = _ask(browser, "ASG")
    locations = [_section_location(i) for i in items]
    assert re.search(r"\bASG\b|Auto Scaling", items[0].text), items[0].text
    assert any(location.startswith("services/asg/") for location in locations[:3]), locations


def test_clicking_a_result_opens_its_section_in_view(browser: WebDriver, served: tuple[str, list[str]]) -> None:
    """A result's anchor is one the page really has (the index reads rendered HTML), and the browser scrolls to it."""
    browser.get(f"{served[0]}/")
    items = _ask(browser, "cooldown")
    link = next(
        a for item in items for a in item.find_elements(By.CSS_SELECTOR, "a") if "#" in (a.get_attribute("href") or "")
    )
    href = link.get_attribute("href") or ""
    link.click()
    url = _eventually(lambda: browser.current_url, lambda now: _location(now) == _location(href))
    assert _location(url) == _location(href)
    anchor = unquote(urlsplit(href).fragment)
    view = _eventually(
        lambda: browser.execute_script(IN_VIEW, anchor), lambda v: v is not None and 0 <= v["top"] < v["height"]
    )
    assert view is not None, f"no element with id {anchor!r}"
    assert 0 <= view["top"] < view["height"], view


PAGE_MARKS = "return Array.from(document.querySelectorAll('article mark[data-md-highlight]')).map(m => m.textContent);"


@pytest.mark.parametrize(
    ("query", "typed_forms_absent"),
    [
        ("encrypting snapshots", ("encrypting",)),  # the notes say "encrypted", "encryption"
        ("보안그룹은 상태", ("보안그룹은",)),  # a particle the section does not use
    ],
)
def test_a_clicked_result_marks_on_its_page_the_words_it_matched(
    browser: WebDriver, served: tuple[str, list[str]], query: str, typed_forms_absent: tuple[str, ...]
) -> None:
    """The page a result opens marks the words the result marked, not the words typed: those are often nowhere on
    the page (another inflection, another Korean particle), and a reader scanning the page for them found nothing."""
    browser.get(f"{served[0]}/")
    item = _ask(browser, query)[0]
    in_result = {m.text.lower() for m in item.find_elements(By.CSS_SELECTOR, "mark")}
    href = _links(item)[-1]
    sent = set(parse_qs(urlsplit(href).query)["h"][0].split())
    assert not sent & set(typed_forms_absent), sent
    browser.get(href)
    on_page = _eventually(lambda: browser.execute_script(PAGE_MARKS), bool)
    marked = {text.lower() for text in on_page}
    assert in_result and sent <= marked, (in_result, sent, marked)  # every word sent is marked on the page
    for word in in_result:  # and every word the result marked (a Korean one by its stem, particle and all)
        assert any(word.startswith(form) for form in marked), (word, marked)


def test_arrow_down_and_enter_open_a_result(browser: WebDriver, served: tuple[str, list[str]]) -> None:
    """Material's keyboard handling works with results from our worker (it only sees the result list)."""
    browser.get(f"{served[0]}/")
    items = _type(browser, "launch template")
    assert items
    ActionChains(browser).send_keys(Keys.ARROW_DOWN).perform()
    focused = browser.switch_to.active_element
    assert "md-search-result__link" in (focused.get_attribute("class") or "")
    href = focused.get_attribute("href") or ""
    assert href == _links(items[0])[0]  # the first result is selected
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    url = _eventually(lambda: browser.current_url, lambda now: _location(now) == _location(href))
    assert _location(url) == _location(href)
    assert browser.find_elements(By.CSS_SELECTOR, "article h1")


def test_note_text_is_shown_as_text(
    browser: WebDriver,
    served: tuple[str, list[str]],
    documents: list[tuple[str, str, str, str, str]],
    engine: ranking.Engine,
) -> None:
    """A snippet holding `<word>` from the notes is shown as text: a result's only markup is Material's and <mark>."""
    candidates = [
        (f"{url}#{anchor}", title, text)
        for url, _, anchor, title, text in documents
        if anchor and re.search(r"<[a-z]+>", text) and not url.startswith("contributing/")
    ]
    assert candidates, "no note in the index has tag-like text any more: pick another probe"
    location, title, text = next(c for c in candidates if c[0] in _cli(engine, c[1]))
    browser.get(f"{served[0]}/")
    items = _ask(browser, title)
    item = next((i for i in items if _section_location(i) == location), None)
    assert item is not None, (location, [_section_location(i) for i in items])
    tag_like = re.search(r"<[a-z]+>", text)
    assert tag_like and tag_like.group() in item.text
    assert {_section_location(i): browser.execute_script(FOREIGN_MARKUP, i) for i in items} == {
        _section_location(i): [] for i in items
    }
    assert "&lt;" in (item.get_attribute("innerHTML") or "")


# --- the same index and ranking as the command line -----------------------------------------------------------------


def test_ranking_over_the_real_notes_is_lunrs(site: tuple[Path, str]) -> None:
    """Over the real notes' pages (their article HTML, as built), the index files rank every probe query as lunr
    does over the whole index: the same sections, order, scores and matched words."""
    pages = []
    for path in sorted(site[0].rglob("index.html")):
        article = re.search(
            r'<article class="md-content__inner md-typeset">(.*)</article>', path.read_text("utf-8"), re.S
        )
        if article:
            url = path.parent.relative_to(site[0]).as_posix() + "/"
            pages.append(RenderedPage("" if url == "./" else url, url, article.group(1)))
    hints = index.SearchHints({}, {})
    ordered, documents = index.collect_documents(pages)
    assert len(documents) > 1000
    counts = index.count_terms(ordered, documents, hints)
    files = {
        path: json.loads(index.dumps(content)) for path, content in shards.shard(counts, ordered, documents).items()
    }
    assert_same_ranking(files, index.encode(counts, ordered, documents), PARITY_QUERIES)


def test_browser_ranks_like_the_command_line(
    browser: WebDriver, served: tuple[str, list[str]], engine: ranking.Engine
) -> None:
    """`notes-kb search` answers as the search box does: the two implementations of ranking agree, top 10."""
    browser.get(f"{served[0]}/")
    differences = {}
    for query in PARITY_QUERIES:
        expected = _cli(engine, query)
        assert expected, f"{query!r} finds nothing: not a useful probe"
        items = _ask(browser, query)
        hrefs = [_links(item)[-1] for item in items[:10]]
        assert not [h for h in hrefs if urlsplit(h).path.endswith("index.html")]  # directory URLs
        found = [_location(href) for href in hrefs]
        if found != expected:
            differences[query] = {"browser": found, "cli": expected}
    assert differences == {}


RESULT_TEXT = """
const article = [...arguments[0].querySelectorAll('article')].pop();
return [...article.childNodes].filter(n => ['#text', 'MARK'].includes(n.nodeName)).map(n => n.textContent).join('');
"""
"""A result item's text: its section's (last) article less its heading, icon and Material's "Missing:" line."""
DEEP_QUERIES = (
    "sqs visibility timeout",
    "aurora writer reader endpoint",
    "rds automated backups retention",
    "glacier deep archieve retrieval time",
)
"""Queries some of whose results matched words past the snippet their result file keeps, and some of which stand
for a source section their service page abridges (`copies.Copy`), whose own words they show (both checked below)."""


def test_browser_shows_the_window_of_text_the_command_line_shows(
    browser: WebDriver, served: tuple[str, list[str]], engine: ranking.Engine
) -> None:
    """Each result's text is the window `query.window` picks, in both twins: the same words, the same place, even
    where the matched words lie past the snippet and the rest of the text is fetched first."""
    browser.get(f"{served[0]}/")
    differences = {}
    deep = abridged = 0
    for query in (*PARITY_QUERIES, *DEEP_QUERIES):
        found = {hit.ref for hit in ranking.search(engine, query)}
        abridged += sum(engine.copy_of(ref) in found and engine.abridged(ref) for ref in found)
        hits = ranking.results(engine, query, 10)
        expected = {r["location"]: r["text"] for r in ranking.describe(hits, engine, query)}
        deep += sum(ranking._matched_past(engine.document(h.snippet or h.ref)[0][3], h.body) for h in hits)
        shown = {}
        for item in _ask(browser, query)[:10]:
            shown[_section_location(item)] = browser.execute_script(RESULT_TEXT, item)
        if shown != expected:
            differences[query] = {k: (shown.get(k), expected.get(k)) for k in expected if shown.get(k) != expected[k]}
    assert differences == {}
    assert deep >= 5 and abridged >= 5  # the probes do reach past the snippet, and into abridged copies


# --- the worker's protocol -----------------------------------------------------------------------------------------

REPLY_ORDER = """
const [files, slow, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
for (const name of ['vendor/lunr.min.js', 'nkb-analysis.js', 'nkb-search.js']) {
  const script = document.createElement('script');
  script.textContent = arguments[2][name];
  document.head.appendChild(script);
}
const delays = {};  // posting files the first query needs arrive late; the second query's are already there
for (const path of slow) delays[path] = 300;
const fetchFile = path => new Promise(resolve => setTimeout(() => resolve(files[path]), delays[path] || 0));
const handle = self.nkbSearch.protocol(self.nkbSearch.open(fetchFile));
const replies = [];
Promise.all([
  handle({type: 2, data: 'glacier'}).then(r => replies.push(['glacier', r.data.items.length])),
  handle({type: 2, data: 'cooldown'}).then(r => replies.push(['cooldown', r.data.items.length])),
]).then(() => done(replies));
"""


def test_replies_leave_in_the_order_queries_came(browser: WebDriver, monkeypatch: pytest.MonkeyPatch) -> None:
    """Material shows the last reply it gets: a query still fetching index files must not be overtaken by the next
    keystroke's query, whose reply would then be replaced by the stale one."""
    monkeypatch.setattr(shards, "POSTINGS_BUDGET", 1)  # a file per term: the two queries need different files
    files = index_files(PAGES, HINTS)
    engine = ranking.engine(files.__getitem__)
    slow = sorted({engine.postings_path(n) for n in engine.prefixed("glacier")})
    assert slow and not {engine.postings_path(n) for n in engine.prefixed("cooldown")} & set(slow)
    assets = {name: (ASSETS / name).read_text(encoding="utf-8") for name in SCRIPTS}
    browser.get("about:blank")
    replies = browser.execute_async_script(REPLY_ORDER, files, slow, assets)
    assert [query for query, _ in replies] == ["glacier", "cooldown"]
    assert all(count for _, count in replies)


# --- opened from disk -----------------------------------------------------------------------------------------------


def test_offline_build_searches_from_file(browser: WebDriver, offline_site: Path) -> None:
    """Opened from disk, where browsers refuse workers and fetch: search runs in the page from script files."""
    browser.get((offline_site / "index.html").as_uri())
    items = _type(browser, "cooldown")
    assert items
    hrefs = [href for item in items for href in _links(item)]
    assert all(href.startswith("file://") for href in hrefs), hrefs
    assert any(re.search(r"\.html#.", f"{urlsplit(href).path}#{urlsplit(href).fragment}") for href in hrefs), hrefs
    loaded = browser.execute_script(
        "return [...performance.getEntriesByType('resource').map(e => e.name),"
        " ...[...document.querySelectorAll('script[src], link[href]')].map(e => e.src || e.href)];"
    )
    assert [url for url in loaded if not url.startswith("file:")] == []
    assert any(url.endswith("/search/nkb-index.js") for url in loaded)  # the index came in as a script


@pytest.mark.parametrize(
    ("page", "links"),
    [
        ("map.html", r'<a href="([^"#]+)[^"]*" aria-label'),  # the service map's SVG
        ("services/iam.html", r'<span class="nkb-also">also in <a href="([^"#]+)'),  # merged twins' notes
    ],
)
def test_offline_build_links_raw_html_to_page_files(offline_site: Path, page: str, links: str) -> None:
    """Links the plugin writes as raw HTML (for directory URLs) point at `.html` files offline."""
    html = (offline_site / page).read_text(encoding="utf-8")
    hrefs = re.findall(links, html)
    assert hrefs, f"{page} has such links"
    assert all(href.endswith(".html") for href in hrefs), sorted(set(hrefs))[:5]
    assert all((offline_site / page).parent.joinpath(href).resolve().is_file() for href in hrefs)
