"""The search index: sections analysed once at build time, shipped compact, loaded by lunr in the browser.

The browser never builds an index: it decodes the compact form into lunr 2.3.9's serialised shape and calls
`lunr.Index.load`; the command line does the same with lunr.py. The compact form stores what the serialised index
is computed from rather than the result: per term and field the documents holding it (delta-coded) with the term's
count there, plus each document's field lengths and boost. `decode` (and its twin in `assets/nkb-search.js`, which
builds a term's posting lists only when a query looks the term up) turns counts into lunr's BM25 field-vector
scores with lunr's own formula and precision; the tests check the result against lunr.py's `Builder`, score by
score, on small documents and on the real site. Counting here instead of in
lunr.py's builder is 5× faster, and counts (mostly 1) compress far better than scores.

Text is analysed by `analysis.analyse` (the same code runs in the browser), so lunr's own pipelines stay empty.
"""

from __future__ import annotations

import functools
import json
import math
from array import array
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml
from lunr.index import Index

from ..memo import Memo
from .analysis import Counted, counted, term_counts, terms
from .documents import RenderedPage, Section, page_sections, section_terms

FORMAT_VERSION = 1
LUNR_VERSION = "2.3.9"
FIELDS: tuple[tuple[str, int], ...] = (("title", 4), ("aliases", 2), ("text", 1))
"""Field, boost: a word in a section's heading says more than the same word in its text; a service's names and
aliases (ASG, 오토 스케일링) reach every section about that service."""
K1 = 1.2
B = 0.75
"""lunr's BM25 defaults."""
SNIPPET_CHARS = 320
"""Text kept per section in its result file: the browser shows about half of it, a window moved to the matches."""
TEXT_CHARS = 1500
"""Text kept per section in all, for a result whose matches lie past its snippet (95% of the real notes' sections
are shorter); the rest beyond the snippet sits in files of its own (`shards.texts_path`), fetched only then."""


@dataclass(frozen=True)
class SearchHints:
    """What the knowledge base knows about locations that the HTML does not say.

    `services` maps a page URL or a section location to the service it is about; `aliases` maps a service slug
    to the words that name it (title, short name, aliases, in English and Korean); `boosts` maps a URL prefix to a
    document boost (the build report and contributor pages far below the notes).
    """

    services: Mapping[str, str]
    aliases: Mapping[str, str]
    boosts: Sequence[tuple[str, float]] = ()
    acronyms: Mapping[str, str] = field(default_factory=dict)
    """Acronym → what it stands for (the glossary's): a query for "PITR" also looks for "point in time recovery"."""
    copies: Mapping[str, str] = field(default_factory=dict)
    """A source page's section → the service-page section showing its text again (`copies.py`)."""
    abridged: AbstractSet[str] = frozenset()
    """Source pages' sections some of whose passages their service-page section hides as duplicates of others."""
    lead_boosts: Sequence[tuple[str, float]] = ()
    """URL prefix → document boost of each page's lead section there (a service page's title and summary)."""

    def service_of(self, page_key: str, anchor: str) -> str | None:
        """The section's own service, else its page's (`page_key`: the page's directory-form URL)."""
        return self.services.get(f"{page_key}#{anchor}") or self.services.get(page_key)

    def boost_of(self, url: str, anchor: str = "") -> float:
        """The document boost of the section at `anchor` of the page at `url` (its lead when the anchor is empty): the
        first matching URL prefix's of each table, 1 when none matches.
        """
        tables = (self.boosts, self.lead_boosts) if not anchor else (self.boosts,)
        return math.prod(next((boost for prefix, boost in t if url.startswith(prefix)), 1.0) for t in tables)


@dataclass(frozen=True)
class SearchDocument:
    """One indexed section with what a result shows: its page, heading and the start of its text."""

    ref: int
    page: int
    section: Section
    shown: str = ""
    """What a result shows of a heading with no text of its own: the start of its first subsection's."""


def collect_documents(
    pages: Iterable[RenderedPage], skip_anchors: frozenset[str] = frozenset(), memo: Memo | None = None
) -> tuple[list[RenderedPage], list[SearchDocument]]:
    """Every page's sections, numbered in page order (pages sorted by URL: the same input, the same ids). A heading
    with no text under it is a result only if it heads subsections (their text is what it shows) or is the page's:
    one whose text was a picture the notes lost ("ElastiCache – Redis vs Memcached") answered a query on its title
    alone, first, and showed nothing (a blind review of search).

    `skip_anchors` names generated navigation sections (related services, backlinks): lists of other pages' words
    that would answer every query about those pages. `memo` keeps each page's sections for the next rebuild.
    """
    memo = memo if memo is not None else Memo(keep=False)
    ordered = sorted(pages, key=lambda page: page.url)
    documents: list[SearchDocument] = []
    for number, page in enumerate(ordered):
        sections = page_sections(page, memo)
        for at, section in enumerate(sections):
            if section.anchor in skip_anchors:
                continue
            below = sections[at + 1] if at + 1 < len(sections) else None
            heads = below is not None and below.level > section.level
            if section.text or (section.title and (heads or not section.anchor)):
                shown = below.text if heads and below is not None and not section.text else ""
                documents.append(SearchDocument(len(documents), number, section, shown))
    return ordered, documents


_NONE: Counted = (0, "", ())
POSTING_TYPE = "I" if array("I").itemsize >= 4 else "L"
"""Postings' array type: unsigned, 32 bits where the platform has them (documents × fields, and counts)."""


@dataclass(frozen=True)
class Counts:
    """What lunr computes its scores from: per term the documents and fields with the term's count in each.

    A term's postings are one flat array of `[document × fields + field, count, ...]` in document order (read them
    per field with `by_field`): 8 bytes a posting, where a tuple per posting in a list per field took about 100,
    which at ×50 the notes was most of the memory the build's last step needed.
    """

    fields: tuple[str, ...]
    postings: dict[str, array[int]]
    lengths: list[list[int]]
    boosts: list[float]
    acronyms: dict[str, list[str]]

    def by_field(self, term: str) -> list[list[tuple[int, int]]]:
        """Term's postings per field: (document, count) pairs in document order."""
        width = len(self.fields)
        fields: list[list[tuple[int, int]]] = [[] for _ in range(width)]
        flat = self.postings[term]
        for at in range(0, len(flat), 2):
            document, slot = divmod(flat[at], width)
            fields[slot].append((document, flat[at + 1]))
        return fields

    def posting_count(self, term: str) -> int:
        return len(self.postings[term]) // 2


def count_terms(
    pages: Sequence[RenderedPage], documents: Sequence[SearchDocument], hints: SearchHints, memo: Memo | None = None
) -> Counts:
    """Analyse every document's fields once and count terms (documents in ref order, so postings come sorted);
    `memo` keeps each text's terms for the next rebuild.
    """
    memo = memo if memo is not None else Memo(keep=False)
    fields = tuple(name for name, _ in FIELDS)
    width = len(fields)
    postings: dict[str, array[int]] = {}
    lengths: list[list[int]] = []
    boosts: list[float] = []
    alias_terms: dict[str, Counted] = {}
    for document in documents:
        section, page = document.section, pages[document.page]
        key = page.key or page.url
        service = hints.service_of(key, section.anchor)
        if service and service not in alias_terms:
            alias_terms[service] = counted(hints.aliases.get(service, ""))
        title, text = section_terms(section, memo)
        values = (title, alias_terms.get(service, _NONE) if service else _NONE, text)
        lengths.append([length for length, _, _ in values])
        boosts.append(hints.boost_of(key, section.anchor))
        for slot, value in enumerate(values):
            for term, count in term_counts(value):
                flat = postings.get(term)
                if flat is None:
                    flat = postings[term] = array(POSTING_TYPE)
                flat.append(document.ref * width + slot)
                flat.append(count)
    other_words = {
        **SHORT_FORMS,
        **{acronym.lower(): stands_for for acronym, stands_for in hints.acronyms.items()},
        **korean_words(),
        **english_words(),
    }
    acronyms = {
        word: expansion
        for word, stands_for in sorted(other_words.items())
        if (expansion := [term for term in terms(stands_for) if term in postings])
    }
    return Counts(fields, postings, lengths, boosts, acronyms)


SHORT_FORMS = {"max": "maximum", "maximum": "max", "min": "minimum", "minimum": "min"}
"""Words the notes write both in full and cut short (56 "max", 43 "maximum"): either looks for the other, as an
acronym looks for what it stands for, so "sqs max message size" finds "maximum message size" (a blind review)."""


def korean_words() -> dict[str, str]:
    """Korean study words → the English the notes use for them (`korean.yml`): a query's Korean word also looks for
    those, as an acronym looks for what it stands for (`query.korean_expansion`).
    """
    return _dictionary("korean.yml")


def english_words() -> dict[str, str]:
    """Everyday English a student asks in → the word the notes use (`english.yml`: "row" → item, "disk" → volume),
    looked for as an acronym's expansion is.
    """
    return _dictionary("english.yml")


@functools.cache
def _dictionary(name: str) -> dict[str, str]:
    text = (resources.files("notes_kb.search") / name).read_text(encoding="utf-8")
    return {str(word): str(meaning) for word, meaning in yaml.safe_load(text).items()}


def encode(counts: Counts, pages: Sequence[RenderedPage], documents: Sequence[SearchDocument]) -> dict[str, Any]:
    """The compact form: pages, documents with snippets, sorted terms, delta-coded postings with counts."""
    ordered_terms = sorted(counts.postings)
    postings = []
    for term in ordered_terms:
        per_field = []
        for pairs in counts.by_field(term):
            flat: list[int] = []
            previous = 0
            for ref, count in pairs:
                flat += [ref - previous, count]
                previous = ref
            per_field.append(flat)
        postings.append(per_field)
    return {
        "version": FORMAT_VERSION,
        "lunr": LUNR_VERSION,
        "fields": [[name, boost] for name, boost in FIELDS],
        "k1": K1,
        "b": B,
        "pages": [[page.url, title] for page, title in zip(pages, page_titles(pages, documents), strict=True)],
        "docs": [document_row(document) for document in documents],
        "lengths": [length for row in counts.lengths for length in row],
        "boosts": _boost_runs(counts.boosts),
        "terms": ordered_terms,
        "postings": postings,
        "acronyms": counts.acronyms,
    }


def page_titles(pages: Sequence[RenderedPage], documents: Sequence[SearchDocument]) -> list[str]:
    """What a result calls each page: its h1 as plain text, else the title the host gave it."""
    leads = {d.section.url: d.section.title for d in documents if not d.section.anchor}
    return [leads.get(page.url, page.title) for page in pages]


def _boost_runs(boosts: Sequence[float]) -> list[float]:
    """Document boosts as [boost, run length, ...]: they change only from page to page."""
    runs: list[float] = []
    for boost in boosts:
        if runs and runs[-2] == boost:
            runs[-1] += 1
        else:
            runs += [boost, 1]
    return runs


def decode(compact: Mapping[str, Any]) -> dict[str, Any]:
    """Lunr's serialised index from the compact form, scores by lunr's BM25 formula (twin: nkb-search.js)."""
    fields = [name for name, _ in compact["fields"]]
    field_boosts = [boost for _, boost in compact["fields"]]
    k1, b = compact["k1"], compact["b"]
    lengths = compact["lengths"]
    count = len(compact["docs"])
    width = len(fields)
    average = [sum(lengths[slot::width]) / count if count else 0.0 for slot in range(width)]
    boosts = [
        boost
        for slot in range(0, len(compact["boosts"]), 2)
        for boost in [compact["boosts"][slot]] * int(compact["boosts"][slot + 1])
    ]
    inverted: list[list[Any]] = []
    vectors: dict[str, list[float]] = {}
    for number, (term, per_field) in enumerate(zip(compact["terms"], compact["postings"], strict=True)):
        with_term = sum(len(flat) // 2 for flat in per_field)
        idf = math.log(1 + abs((count - with_term + 0.5) / (with_term + 0.5)))
        entry: dict[str, Any] = {"_index": number}
        for slot, flat in enumerate(per_field):
            refs: dict[str, dict[str, Any]] = {}
            ref = 0
            for at in range(0, len(flat), 2):
                ref += flat[at]
                tf = flat[at + 1]
                refs[str(ref)] = {}
                length = lengths[ref * width + slot]
                score = idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * (length / average[slot])) + tf)
                score *= field_boosts[slot]
                score *= boosts[ref]
                vectors.setdefault(f"{fields[slot]}/{ref}", []).extend((number, math.floor(score * 1000 + 0.5) / 1000))
            entry[fields[slot]] = refs
        inverted.append([term, entry])
    return {
        "version": compact["lunr"],
        "fields": fields,
        "fieldVectors": [[key, elements] for key, elements in vectors.items()],
        "invertedIndex": inverted,
        "pipeline": [],
    }


def document_row(document: SearchDocument) -> list[Any]:
    """What a result shows of a document: page number, anchor, heading, snippet."""
    section = document.section
    return [document.page, section.anchor, section.title, snippet(section.text or document.shown)]


def snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The start of a section's text, cut at a word boundary."""
    if len(text) <= limit:
        return text
    return text[: _cut(text, limit)] + ELLIPSIS


ELLIPSIS = " …"


def document_rest(document: SearchDocument) -> str | None:
    """What follows the document's snippet, up to `TEXT_CHARS` in all (then cut, ending in an ellipsis like the
    snippet), or None when the snippet holds all of its text: the snippet without its ellipsis, then this, is the text.
    """
    text = document.section.text or document.shown
    if len(text) <= SNIPPET_CHARS:
        return None
    rest = text[_cut(text, SNIPPET_CHARS) :]
    return rest if len(text) <= TEXT_CHARS else snippet(rest, TEXT_CHARS - SNIPPET_CHARS)


def _cut(text: str, limit: int) -> int:
    """Where to cut `text` to at most `limit` characters: at the last space or line break, unless that leaves less
    than half.
    """
    cut = last_gap(text, limit)
    return cut if cut > limit // 2 else limit


def last_gap(text: str, end: int) -> int:
    """Where the last space or line break (a block's end, `documents._collapse`) before `end` is, or -1."""
    return max(text.rfind(" ", 0, end), text.rfind("\n", 0, end))


def load(compact: Mapping[str, Any]) -> Index:
    """A lunr.py index from the compact form, for the command line: the same index the browser loads."""
    return Index.load(decode(compact))


def dumps(compact: Mapping[str, Any]) -> str:
    """Deterministic, compact JSON (no spaces, keys in order, non-ASCII kept: Hangul is 3 bytes, not 6)."""
    return json.dumps(compact, ensure_ascii=False, separators=(",", ":"))
