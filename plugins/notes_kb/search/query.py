"""Query understanding and ranking; `assets/nkb-search.js` is a line-by-line twin of this module.

A query is analysed like the indexed text (the same `analyse`), then each word becomes lunr clauses:

- the exact term, boosted;
- a fuzzy form for longer Latin words (one edit from 5 letters, two from 9), so "scalling" finds "scaling";
- a prefix form of the word being typed (the last one, when the query does not end in a space), unstemmed, so
  results appear while typing; when typing has gone past the stem of the index's terms ("scalin" against "scale"),
  the prefix backs off, at most three letters, to the longest start some term begins with;
- a Hangul word's bigrams, each exact (see `analysis`): "보안 그룹" finds "보안그룹은".

- a known acronym's expansion (the glossary's): "PITR" also looks for "point in time recovery".

lunr scores every document that matches any clause. Ranking then prefers documents that cover every word of the
query: the score is multiplied by `exp(COVERAGE_WEIGHT * (coverage - 1))`, where coverage is the share of the
query's words the document contains (a Hangul word counts by the share of its bigrams; an acronym counts when the
document has it or all of its expansion), each word weighted by its idf, so that "what", "happens" or a word the
notes never use weigh little and a rare, telling word weighs much. Ties go to the lower document number.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from lunr.index import Index
from lunr.query import Query
from lunr.token_set import TokenSet

from .analysis import analyse, is_hangul_word
from .index import load

EXACT_BOOST = 10.0
FUZZY_BOOST = 1.0
PREFIX_BOOST = 3.0
FUZZY_MIN = 5
FUZZY_TWO_EDITS_MIN = 9
PREFIX_MIN = 2
EXPANSION_BOOST = 3.0
COVERAGE_WEIGHT = 3.0
MAX_RESULTS = 50


@dataclass(frozen=True)
class QueryWord:
    """One word of the query: its text as typed, its analysed terms, and how it may match."""

    text: str
    terms: tuple[str, ...]
    hangul: bool
    prefix: bool = False
    expansion: tuple[str, ...] = ()
    stub: str = ""
    """The prefix completed while typing: the word, or the longest start of it some index term begins with."""

    @property
    def edits(self) -> int:
        """Typos tolerated: none for short words, where one edit already means another word."""
        if self.hangul or not self.terms:
            return 0
        length = len(self.terms[0])
        return 2 if length >= FUZZY_TWO_EDITS_MIN else 1 if length >= FUZZY_MIN else 0


@dataclass(frozen=True)
class Hit:
    """One ranked result: document number, final score and the query words it matched."""

    ref: int
    score: float
    matched: tuple[str, ...] = field(default=())


def parse(query: str, acronyms: Mapping[str, Sequence[str]] | None = None) -> list[QueryWord]:
    """The query's words (stop words dropped), the last one open for completion while typing."""
    words: list[QueryWord] = []
    spans: dict[tuple[int, int], list[str]] = {}
    for token in analyse(query):
        spans.setdefault((token.start, token.end), []).append(token.term)
    for (start, end), terms in spans.items():
        text = query[start:end].lower()
        expansion = tuple((acronyms or {}).get(text, ()))
        words.append(QueryWord(text, tuple(terms), hangul=is_hangul_word(text), expansion=expansion))
    if words and query and not query[-1].isspace() and not words[-1].hangul and len(words[-1].text) >= PREFIX_MIN:
        last = words[-1]
        words[-1] = QueryWord(last.text, last.terms, last.hangul, True, last.expansion)
    return words


@dataclass(frozen=True)
class Engine:
    """A loaded index with what ranking needs besides lunr: the acronyms and the number of documents."""

    index: Index
    acronyms: Mapping[str, Sequence[str]]
    documents: int


def engine(compact: Mapping[str, Any]) -> Engine:
    """The engine for a compact index (see `index.encode`)."""
    return Engine(load(compact), compact.get("acronyms", {}), len(compact["docs"]))


def search(engine: Engine, query: str, limit: int = MAX_RESULTS) -> list[Hit]:
    """Ranked hits for `query`, best first."""
    words = parse(query, engine.acronyms)
    if not words:
        return []
    index = engine.index
    words = [replace(word, stub=_stub(index, word.text)) if word.prefix else word for word in words]
    results = index.query(callback=lambda built: _clauses(built, words))
    expansions = [_expansions(index, word) for word in words]
    weights = [_weight(index, forms, engine.documents) for forms in expansions]
    hits = []
    for result in results:
        matched = set(result["match_data"].metadata)
        coverage, names = _coverage(words, expansions, weights, matched)
        score = result["score"] * math.exp(COVERAGE_WEIGHT * (coverage - 1))
        hits.append(Hit(int(result["ref"]), score, names))
    hits.sort(key=lambda hit: (-hit.score, hit.ref))
    return hits[:limit]


def _stub(index: Index, text: str) -> str:
    """The longest start of `text` (down to three letters shorter) that some index term begins with."""
    for end in range(len(text), max(PREFIX_MIN, len(text) - 3) - 1, -1):
        if index.token_set.intersect(TokenSet.from_string(text[:end] + "*")).to_list():
            return text[:end]
    return text


def _clauses(query: Query, words: Sequence[QueryWord]) -> None:
    for word in words:
        for term in word.terms:
            query.term(term, boost=EXACT_BOOST, use_pipeline=False)
            if word.edits:
                query.term(term, boost=FUZZY_BOOST, edit_distance=word.edits, use_pipeline=False)
        if word.prefix:
            query.term(word.stub, boost=PREFIX_BOOST, wildcard=Query.WILDCARD_TRAILING, use_pipeline=False)
        for term in word.expansion:
            query.term(term, boost=EXPANSION_BOOST, use_pipeline=False)


def _expansions(index: Index, word: QueryWord) -> list[set[str]]:
    """Per term of the word, the index terms that count as that term (itself, its typos, its completions)."""
    found: list[set[str]] = []
    for term in word.terms:
        forms = {term}
        if word.edits:
            forms |= set(index.token_set.intersect(TokenSet.from_fuzzy_string(term, word.edits)).to_list())
        if word.prefix:
            forms |= set(index.token_set.intersect(TokenSet.from_string(word.stub + "*")).to_list())
        found.append(forms)
    return found


def _weight(index: Index, forms: Sequence[set[str]], count: int) -> float:
    """A word's idf, from its most frequent form in the index (lunr's idf formula); 0 when the notes lack it."""
    frequency = max((_document_frequency(index, form) for options in forms for form in options), default=0)
    if not frequency:
        return 0.0
    return math.log(1 + abs((count - frequency + 0.5) / (frequency + 0.5)))


def _document_frequency(index: Index, term: str) -> int:
    posting = index.inverted_index.get(term)
    return sum(len(posting[name]) for name in index.fields) if posting else 0


def _coverage(
    words: Sequence[QueryWord], expansions: Sequence[Sequence[set[str]]], weights: Sequence[float], matched: set[str]
) -> tuple[float, tuple[str, ...]]:
    """Idf-weighted share of the query's words found in the document, and the words found at all."""
    total = weighed = 0.0
    names: list[str] = []
    for word, forms, weight in zip(words, expansions, weights, strict=True):
        share = sum(1 for options in forms if options & matched) / len(forms)
        if word.expansion and all(term in matched for term in word.expansion):
            share = 1.0
        total += weight * share
        weighed += weight
        if share:
            names.append(word.text)
    return (total / weighed if weighed else 0.0), tuple(names)


def describe(hits: Sequence[Hit], compact: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Hits as a reader sees them: page title, section heading, location and snippet."""
    pages, docs = compact["pages"], compact["docs"]
    described = []
    for hit in hits:
        page, anchor, title, text = docs[hit.ref]
        url, page_title = pages[page]
        location = f"{url}#{anchor}" if anchor else url
        described.append(
            {"location": location, "page": page_title, "title": title, "text": text, "score": round(hit.score, 4)}
        )
    return described
