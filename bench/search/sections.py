"""Split a built site into searchable sections and check a query set's answers against them.

A *section* is the text of a heading that has an ``id`` (h1–h6 inside ``<article class="md-content__inner">``) up to
the next heading of any level. The ``h1`` and whatever follows it up to the next heading is the page's own section,
located at the page URL without an anchor (``services/ec2/``); every other section is located at
``<page URL>#<id>`` (``services/ec2/#ec2-instances``). URLs are site-relative, in MkDocs' directory-URL form
(``services/ec2/index.html`` → ``services/ec2/``, the home page → ``""``).

A query's *good* sections are those containing all of its ``answers`` phrases, or all phrases of any one entry of its
optional ``alternatives`` (added by pooled judgment, see the header of ``queries.yml``): ``good_sections``.

Run ``python bench/search/sections.py [SITE_DIR] [QUERIES_YML] [-v]`` to print, for every query of ``queries.yml``,
how many sections are good for it; it exits 1 if any query matches none, or if any ``alternatives`` entry matches no
section.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SITE = HERE.parent.parent / "site"
DEFAULT_QUERIES = HERE / "queries.yml"

#: Top-level folders (and files) of the site that are not content pages.
SKIPPED_PREFIXES = ("raw/", "search/", "assets/")
SKIPPED_FILES = frozenset({"404.html"})

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: Elements whose text is never shown as prose.
INVISIBLE = frozenset({"script", "style", "template"})
_FLOW = frozenset({"address", "article", "aside", "blockquote", "details", "div", "figcaption", "figure", "footer"})
_LISTS = frozenset({"dd", "dl", "dt", "li", "ol", "ul", "form", "header", "main", "nav", "section", "summary", "text"})
_TABLES = frozenset({"table", "tbody", "td", "tfoot", "th", "thead", "tr", "br", "hr", "p", "pre"})
#: Elements that separate words: their text is never glued to the text around it.
BLOCKS = _FLOW | _LISTS | _TABLES | HEADINGS
#: Void elements never get an end tag, so they must not be counted as open.
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})

_WS = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Plain-text form used for matching: NFC, no permalink signs, whitespace collapsed, trimmed."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text).replace("¶", " ")).strip()


def page_url(relative: str) -> str:
    """Site-relative directory URL of a built file (``services/ec2/index.html`` → ``services/ec2/``)."""
    if relative == "index.html":
        return ""
    if relative.endswith("/index.html"):
        return relative[: -len("index.html")]
    return relative


def is_indexable(relative: str) -> bool:
    """Whether a built HTML file (path relative to the site, ``/``-separated) is a content page."""
    if relative in SKIPPED_FILES or relative.startswith(SKIPPED_PREFIXES):
        return False
    # Raw-line views live under raw/ as ``<note>.<ext>.html``; content pages are always ``…/index.html``.
    return relative == "index.html" or relative.endswith("/index.html")


class _ArticleSplitter(HTMLParser):
    """Collects the text of ``<article class="md-content__inner">`` cut at every heading."""

    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url = url
        self.sections: list[tuple[str | None, list[str]]] = []
        self._article_depth = 0  # > 0 while inside the content article
        self._skip_stack: list[str] = []  # open elements whose text is left out (headerlinks, scripts)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if self._article_depth == 0:
            if tag == "article" and "md-content__inner" in classes:
                self._article_depth = 1
            return
        if tag == "article":
            self._article_depth += 1
        if self._skip_stack:
            if tag not in VOID:
                self._skip_stack.append(tag)
            return
        if tag in INVISIBLE or (tag == "a" and "headerlink" in classes):
            self._skip_stack.append(tag)
            return
        if tag in HEADINGS:
            anchor = attributes.get("id")
            if anchor is None:
                location = None  # a heading without an id ends the section; its text belongs to no section
            elif tag == "h1":
                location = self.url
            else:
                location = f"{self.url}#{anchor}"
            self.sections.append((location, []))
        self._space(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._article_depth and not self._skip_stack:
            self._space(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._article_depth == 0:
            return
        if self._skip_stack:
            if tag == self._skip_stack[-1]:
                self._skip_stack.pop()
            return
        if tag == "article":
            self._article_depth -= 1
            return
        self._space(tag)

    def handle_data(self, data: str) -> None:
        if self._article_depth and not self._skip_stack and self.sections:
            self.sections[-1][1].append(data)

    def _space(self, tag: str) -> None:
        if tag in BLOCKS and self.sections:
            self.sections[-1][1].append(" ")


def page_sections(html: str, url: str) -> dict[str, str]:
    """Sections of one page: location → normalized text (a repeated anchor's texts are joined)."""
    splitter = _ArticleSplitter(url)
    splitter.feed(html)
    splitter.close()
    result: dict[str, str] = {}
    for location, parts in splitter.sections:
        if location is None:
            continue
        text = normalize("".join(parts))
        result[location] = f"{result[location]} {text}".strip() if location in result else text
    return result


def section_texts(site_dir: Path) -> dict[str, str]:
    """Every indexable page of the built site, cut into sections: location → whitespace-collapsed plain text."""
    texts: dict[str, str] = {}
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        if is_indexable(relative):
            texts.update(page_sections(path.read_text(encoding="utf-8"), page_url(relative)))
    return texts


def matching_sections(texts: dict[str, str], answers: list[str]) -> list[str]:
    """Locations whose text contains every answer phrase (case-insensitive, whitespace-collapsed)."""
    needles = [normalize(answer).casefold() for answer in answers]
    if not needles or not all(needles):
        return []
    return [location for location, text in texts.items() if all(n in text.casefold() for n in needles)]


def good_sections(texts: dict[str, str], query: dict) -> set[str]:
    """Locations that answer ``query``: all its ``answers`` phrases, or all phrases of one ``alternatives`` entry."""
    good = set(matching_sections(texts, list(query["answers"])))
    for phrases in query.get("alternatives") or ():
        good.update(matching_sections(texts, list(phrases)))
    return good


def main(argv: list[str]) -> int:
    """Print the number of matching sections per query and per class; 1 if a query matches nothing."""
    import yaml  # only the command needs PyYAML; the functions above are stdlib-only

    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    site_dir = Path(args[0]) if args else DEFAULT_SITE
    queries_path = Path(args[1]) if len(args) > 1 else DEFAULT_QUERIES
    queries = yaml.safe_load(queries_path.read_text(encoding="utf-8"))
    texts = section_texts(site_dir)
    print(f"{len(texts)} sections in {site_dir}")

    per_class: Counter[str] = Counter()
    buckets: Counter[str] = Counter()
    failed = 0
    for query in queries:
        for phrases in query.get("alternatives") or ():
            if not matching_sections(texts, list(phrases)):
                print(f"{query['id']}: alternatives entry {phrases} matches no section")
                failed += 1
        found = sorted(good_sections(texts, query))
        per_class[query["class"]] += 1
        buckets["0" if not found else "1" if len(found) == 1 else "2-3" if len(found) <= 3 else "4+"] += 1
        flag = "  NO MATCH" if not found else "  MANY" if len(found) > 12 else ""
        print(f"{query['id']:<10} {query['class']:<8} {len(found):>3}  {query['query']}{flag}")
        if verbose:
            for location in found:
                print(f"{'':>24}{location}")
        failed += not found
    print("per class:", ", ".join(f"{name} {count}" for name, count in sorted(per_class.items())))
    print("matches:", ", ".join(f"{name}: {buckets[name]}" for name in ("0", "1", "2-3", "4+")))
    print(f"{len(queries)} queries, {failed} without a match (queries or alternatives entries)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
