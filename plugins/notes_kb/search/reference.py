"""The ranking as lunr 2.3.9 computes it over the whole index: the executable specification of `query.py`.

`query.py` ranks over the index cut into files (`shards.py`) with its own scoring loop, because lunr needs the
whole index in memory. This module asks lunr itself (lunr.py, over `index.decode`'s serialised index) for the same
clauses; the tests check that both give the same scores and order on the real notes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lunr.index import Index
from lunr.query import Query
from lunr.token_set import TokenSet

from .index import load
from .query import (
    COVERAGE_WEIGHT,
    MAX_RESULTS,
    PREFIX_BOOST,
    Hit,
    QueryWord,
    coverage,
    parse,
    prepared,
    typo_boost,
)


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
    vocabulary = _Vocabulary(index)
    words = prepared(vocabulary, words)
    results = index.query(callback=lambda built: _clauses(built, words))
    expansions = [_expansions(index, word) for word in words]
    weights = [_weight(index, forms, engine.documents) for forms in expansions]
    hits = []
    for result in results:
        matched = set(result["match_data"].metadata)
        covered, names = coverage(words, expansions, weights, matched)
        score = result["score"] * math.exp(COVERAGE_WEIGHT * (covered - 1))
        hits.append(Hit(int(result["ref"]), score, names))
    hits.sort(key=lambda hit: (-hit.score, hit.ref))
    return hits[:limit]


@dataclass(frozen=True)
class _Vocabulary:
    """lunr's token set as `query.corrections` asks about it."""

    index: Index

    def has(self, term: str) -> bool:
        return term in self.index.inverted_index

    def fuzzy(self, term: str, edits: int) -> list[str]:
        return list(self.index.token_set.intersect(TokenSet.from_fuzzy_string(term, edits)).to_list())

    def prefixed(self, stub: str) -> list[str]:
        return list(self.index.token_set.intersect(TokenSet.from_string(stub + "*")).to_list())


def _clauses(query: Query, words: Sequence[QueryWord]) -> None:
    for word in words:
        for term in word.terms:
            query.term(term, boost=word.boost, use_pipeline=False)
            if word.edits:
                query.term(term, boost=typo_boost(word), edit_distance=word.edits, use_pipeline=False)
        for term in word.corrections:
            query.term(term, boost=typo_boost(word), use_pipeline=False)
        if word.prefix:
            query.term(word.stub, boost=PREFIX_BOOST, wildcard=Query.WILDCARD_TRAILING, use_pipeline=False)
        for term in word.expansion:
            query.term(term, boost=word.expansion_boost, use_pipeline=False)


def _expansions(index: Index, word: QueryWord) -> list[set[str]]:
    """Per term of the word, the index terms that count as that term (itself, its typos, its completions)."""
    found: list[set[str]] = []
    for term in word.terms:
        forms = {term}
        if word.edits:
            forms |= set(index.token_set.intersect(TokenSet.from_fuzzy_string(term, word.edits)).to_list())
        if word.prefix:
            forms |= set(index.token_set.intersect(TokenSet.from_string(word.stub + "*")).to_list())
        found.append(forms | set(word.corrections))
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
