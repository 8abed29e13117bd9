"""The search index cut into files a browser fetches only when a query needs them.

Why: one index file grows with the notes (about 2.7 MB of JSON for the real notes, fifty times that for a corpus
fifty times larger), and the browser had to download and parse all of it before the first result. Here:

- `head.json`: what every query needs: the sorted term list (typo and completion matching run over it), where each
  term's postings are, the acronyms. Small: the vocabulary grows far slower than the notes.
- `p/<n>.json`: postings of a run of consecutive terms: per term and field, delta-coded document numbers, each
  with lunr's BM25 score for that term in that field, in thousandths (the value lunr stores in its field vectors).
  A query fetches the few files holding its terms.
- `d/<n>.json`: `DOCS_PER_FILE` consecutive documents with what a result shows (page, heading, snippet) and, for a
  source page's section that a service page shows again, that section's document number (`copies.py`), followed
  by 1 where that section hides some of its passages; fetched for the results shown.
- `t/<n>.json`: `TEXTS_PER_FILE` consecutive documents' text past their snippet (None where the snippet holds it
  all; a file of only None is not written), fetched for a result shown whose matched words lie past its snippet, so
  its window can move to them ("sqs visibility timeout default": the SQS section whose default is told at its end).

Scores are computed here exactly as `index.decode` computes lunr's field vectors, so the ranking in `query.py` (and
its twin in `assets/nkb-search.js`) equals lunr's over the whole index (tests compare them on the real notes).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from .copies import Copy
from .documents import RenderedPage
from .index import FIELDS, K1, B, Counts, SearchDocument, document_rest, document_row, page_titles

FORMAT_VERSION = 6
SHARD_DIR = "search/nkb"
HEAD_PATH = f"{SHARD_DIR}/head.json"
POSTINGS_BUDGET = 8_000
"""Postings per postings file (about 60 KB of JSON, under 20 KB gzipped): few requests per query, each small.
A term with more postings than this gets a file of its own."""
DOCS_PER_FILE = 32
"""Documents per result file: a page of results touches a handful of files of a few KB each."""
TEXTS_PER_FILE = 4
"""Documents per text file: few, since a result needs only its own (each up to about 1.2 KB of text, gzipped)."""


def postings_path(number: int) -> str:
    return f"{SHARD_DIR}/p/{number}.json"


def docs_path(number: int) -> str:
    return f"{SHARD_DIR}/d/{number}.json"


def texts_path(number: int) -> str:
    return f"{SHARD_DIR}/t/{number}.json"


def shard(
    counts: Counts,
    pages: Sequence[RenderedPage],
    documents: Sequence[SearchDocument],
    copies: Mapping[int, Copy] | None = None,
) -> dict[str, Any]:
    """Every file of the index by site path, as JSON-ready objects."""
    return dict(iter_shards(counts, pages, documents, copies))


def iter_shards(
    counts: Counts,
    pages: Sequence[RenderedPage],
    documents: Sequence[SearchDocument],
    copies: Mapping[int, Copy] | None = None,
) -> Iterator[tuple[str, Any]]:
    """`shard`'s files one at a time, each made when asked for: a host that writes each before asking for the next
    never holds more than one file's objects (×50 the notes: about 100 MB of index, several times that as objects).
    """
    terms = sorted(counts.postings)
    count = len(documents)
    average = [sum(row[slot] for row in counts.lengths) / count if count else 0.0 for slot in range(len(FIELDS))]
    norms = [  # a field no document uses (average 0) has no postings to score
        [K1 * (1 - B + B * (length / average[slot])) if average[slot] else 0.0 for slot, length in enumerate(row)]
        for row in counts.lengths
    ]
    starts = _cut([counts.posting_count(term) for term in terms])
    yield (
        HEAD_PATH,
        {
            "version": FORMAT_VERSION,
            "fields": [name for name, _ in FIELDS],
            "documents": len(documents),
            "docsPerFile": DOCS_PER_FILE,
            "textsPerFile": TEXTS_PER_FILE,
            "terms": terms,
            "postingFiles": starts,
            "acronyms": counts.acronyms,
        },
    )
    for number, (start, end) in enumerate(itertools.pairwise([*starts, len(terms)])):
        yield postings_path(number), [_scored_postings(counts, term, count, norms) for term in terms[start:end]]
    titles = page_titles(pages, documents)
    for number in range(0, len(documents), DOCS_PER_FILE):
        chunk = documents[number : number + DOCS_PER_FILE]
        shown = {str(d.page): [pages[d.page].url, titles[d.page]] for d in chunk}
        rows = [_row(d, (copies or {}).get(d.ref)) for d in chunk]
        yield docs_path(number // DOCS_PER_FILE), {"pages": shown, "docs": rows}
    for number in range(0, len(documents), TEXTS_PER_FILE):
        rests = [document_rest(d) for d in documents[number : number + TEXTS_PER_FILE]]
        if any(rest is not None for rest in rests):
            yield texts_path(number // TEXTS_PER_FILE), rests


def _row(document: SearchDocument, copy: Copy | None) -> list[Any]:
    """`document_row`, the number of the document this one is a copy of, and 1 if that copy abridges it, 2 if it
    shows only a part of it (`Copy.part`).
    """
    row = document_row(document)
    if copy is None:
        return row
    return [*row, copy.target, 2 if copy.part else 1] if copy.abridged else [*row, copy.target]


def _scored_postings(counts: Counts, term: str, documents: int, norms: Sequence[list[float]]) -> list[list[int]]:
    """Per field, [document delta, score in thousandths, ...], with the arithmetic of `index.decode`. `norms` is
    each document's length normalisation per field, worked out once per document rather than once per posting.
    """
    field_boosts = [boost for _, boost in FIELDS]
    boosts = counts.boosts
    per_field = counts.by_field(term)
    with_term = sum(len(pairs) for pairs in per_field)
    idf = math.log(1 + abs((documents - with_term + 0.5) / (with_term + 0.5)))
    out = []
    for slot, pairs in enumerate(per_field):
        flat: list[int] = []
        previous = 0
        field_boost = field_boosts[slot]
        for ref, tf in pairs:
            score = idf * ((K1 + 1) * tf) / (norms[ref][slot] + tf)
            score *= field_boost
            score *= boosts[ref]
            flat += [ref - previous, math.floor(score * 1000 + 0.5)]
            previous = ref
        out.append(flat)
    return out


def _cut(postings: Sequence[int]) -> list[int]:
    """Consecutive terms (each with its number of postings) into files of about `POSTINGS_BUDGET` postings: each
    file's first term number.
    """
    starts: list[int] = []
    size = POSTINGS_BUDGET
    for number, count in enumerate(postings):
        if size + count > POSTINGS_BUDGET and (not starts or size):
            starts.append(number)
            size = 0
        size += count
    return starts
