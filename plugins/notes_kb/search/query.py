"""Query understanding and ranking; `assets/nkb-search.js` is a line-by-line twin of this module.

A query is analysed like the indexed text (the same `analyse`), then each word becomes lunr clauses:

- the exact term, boosted;
- a fuzzy form for longer Latin words (one edit from 5 letters, two from 9), so "scalling" finds "scaling";
- for a Latin word of 7 letters or more that the index has in no form (exact, fuzzy or as the start of a term),
  the terms of the words one typo away from it as typed: a typo often changes what the stemmer keeps, so
  "secruity" (stem "secruiti") is no edit of "secur", but one from "security";
- a prefix form of the word being typed (the last one, when the query does not end in a space), unstemmed, so
  results appear while typing; when typing has gone past the stem of the index's terms ("scalin" against "scale"),
  the prefix backs off, at most three letters and never below three (`STUB_MIN`), to the longest start some term
  begins with;
- a Hangul word's bigrams, each exact (see `analysis`): "보안 그룹" finds "보안그룹은";
- a number and its unit, besides the two words, as one word of one term ("5 tb" and "5TB" alike look for "5tb"), which
  only a text telling that quantity holds (see `analysis`);
- a known acronym's expansion (the glossary's): "PITR" also looks for "point in time recovery".

Every document that matches any clause is scored as lunr 2.3.9 scores it (`reference.py` is lunr itself, and the
tests hold the two equal): the sum over fields of the dot product of the query vector (per matched index term, the
sum of its clauses' boosts) with the document's BM25 field vector, divided by the query vector's length. The index
is read from the files `shards.py` writes, fetched only as a query needs them.

Ranking then prefers documents that cover every word of the query: the score is multiplied by
`exp(COVERAGE_WEIGHT * (coverage - 1))`, where coverage is the share of the query's words the document contains
(a Hangul word counts by the share of its bigrams; an acronym counts when the document has it or all of its
expansion), each word weighted by its idf, so that "what", "happens" or a word the notes never use weigh little and
a rare, telling word weighs much. Ties go to the lower document number.

A source page's section that a service page shows again (`copies.py`) is listed once when both are found: as the
service page's, where the better ranked of the two was (`fold_copies`; `results` ranks and folds).

A result shows a window of its section's text, `SHOWN_CHARS` long, the one holding the most of the words it matched
(`window`); where the words its text matched lie past the snippet the result file keeps, the rest of the text is
fetched first (`Engine.full_text`).
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from lunr.token_set import TokenSet

from .analysis import analyse, english_term, is_hangul_word
from .index import ELLIPSIS, last_gap
from .shards import HEAD_PATH, docs_path, postings_path, texts_path

EXACT_BOOST = 10.0
FUZZY_BOOST = 1.0
PREFIX_BOOST = 3.0
FUZZY_MIN = 5
FUZZY_TWO_EDITS_MIN = 9
PREFIX_MIN = 2
STUB_MIN = 3
"""Letters a completion backs off to at fewest: "x-ray", which the notes never name, completed "ray" as "ra" and
listed 30 sections for "RAM", "range" and "rate" (a blind review of search)."""
EXPANSION_BOOST = 3.0
GLOSSED_KOREAN = 0.5
"""A Korean word's own terms count this share of an English word's (`EXACT_BOOST`) when the dictionary gives its
English: the notes are mostly English, and its bigrams also match Korean text about other things. "버전 관리"
(versioning) listed four KMS sections first, whose Korean notes say 관리 (management), and S3 Versioning fifth. The
30 Korean questions: MRR@5 0.669 → 0.676, 24 → 25 in the top 5; the 149-query benchmark: one answer up (8 → 7),
none down. At 0.3 three benchmark answers fell."""
COVERAGE_WEIGHT = 3.0
MAX_RESULTS = 50
CORRECTION_MIN = 7
"""Letters a word needs before its typos are undone as typed (`corrections`): a shorter typo seldom changes its stem,
so the fuzzy form finds it, and a short word the notes never use is more often a word than a typo ("bought" is one
letter from "brought")."""
SHOWN_CHARS = 170
"""Characters of a section's text a result shows: about two lines."""
LEAD_CHARS = 40
"""Characters a window shows before the match it starts at, so the match is read in its sentence."""
BLOCK_SEPARATOR = " · "
"""Shown between two list items, paragraphs or table cells of a window: their text is one line break apart, which
HTML shows as a space ("… visible in SQS If a message is not processed ...")."""
_GAP = re.compile(r"[ \n]")
_OPENING = re.compile(r"\n|(?<!\be\.g)(?<!\bi\.e)(?<!\bvs)[.!?][\"”’)]? (?=\S)")
"""What a sentence or block starts after: a line break (a block's end, `documents._collapse`), or a full stop, not
an abbreviation's ("e.g. FIFO queues keep the order" goes on)."""


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
    corrections: tuple[str, ...] = ()
    """Index terms of the words one typo away from this one as typed, when the index lacks it (`corrections`)."""
    misspelt: bool = False
    """The index has none of its terms (`misspelt`): its typo forms then stand for it with its own weight."""
    nearest: bool = False
    """A misspelt word with forms one typo away looks no further (`nearest_typos`)."""
    joined: bool = False
    """Its expansion is it and its neighbour written as one (`joined_names`): the name it was typed apart from."""

    @property
    def boost(self) -> float:
        """The boost of an exact match of one of its terms (`GLOSSED_KOREAN`)."""
        return EXACT_BOOST * GLOSSED_KOREAN if self.hangul and self.expansion else EXACT_BOOST

    @property
    def expansion_boost(self) -> float:
        """The boost of its expansion's terms: a joined name weighs as one word typed, half from each of the two
        (`joined_names`); what an acronym stands for less (`EXPANSION_BOOST`). At `EXPANSION_BOOST`, "cloud front"
        listed "Front-End Web & Mobile" first and CloudFront below the top 5; at a whole word's boost from each,
        "RDS storage auto scaling" read as Auto Scaling groups.
        """
        return EXACT_BOOST / 2 if self.joined else EXPANSION_BOOST  # a joined name is never Korean

    @property
    def edits(self) -> int:
        """Typos tolerated: none for short words, where one edit already means another word, nor for a word with a
        digit, where it means another number ("400kb" and "40kb", "400mb": a review).
        """
        if self.hangul or not self.terms or any(char.isdigit() for char in self.terms[0]):
            return 0
        length = len(self.terms[0])
        return 1 if self.nearest else 2 if length >= FUZZY_TWO_EDITS_MIN else 1 if length >= FUZZY_MIN else 0


@dataclass(frozen=True)
class Hit:
    """One ranked result: document number, final score and the query words it matched."""

    ref: int
    score: float
    matched: tuple[str, ...] = field(default=())
    snippet: int | None = None
    """The document whose text the result shows, if not its own: the source section it stands for (`fold_copies`)."""
    terms: frozenset[str] = frozenset()
    """The index terms it matched, in any field: what its result marks."""
    body: frozenset[str] = frozenset()
    """The index terms its text matched, completions of the word being typed aside: where its window may move."""


QUERY_FILLER = frozenset({"many", "much"})
"""Words a question is asked with, not about: "how many read replicas" listed an audit-log section first, for "many"
(a blind review of search). Dropped from queries only. "vs" is no filler: it finds the comparison sections ("NAT
Gateway vs NAT Instance"), and dropping it moved "nat gateway vs nat instance" from 1st to 7th."""


def parse(query: str, acronyms: Mapping[str, Sequence[str]] | None = None) -> list[QueryWord]:
    """The query's words (stop words and `QUERY_FILLER` dropped), the last one open for completion while typing."""
    words: list[QueryWord] = []
    spans: dict[tuple[int, int], list[str]] = {}
    for token in analyse(query):
        spans.setdefault((token.start, token.end), []).append(token.term)
    for (start, end), terms in spans.items():
        text = query[start:end].lower()
        if text in QUERY_FILLER:
            continue
        hangul = is_hangul_word(text)
        expansion = tuple((acronyms or {}).get(text, ()))
        if hangul and not expansion:
            expansion = korean_expansion(terms, acronyms or {})
        words.append(QueryWord(text, tuple(terms), hangul=hangul, expansion=expansion))
    words = spaced_compounds(words, acronyms or {})
    if words and query and not query[-1].isspace() and not words[-1].hangul and len(words[-1].text) >= PREFIX_MIN:
        last = words[-1]
        words[-1] = QueryWord(last.text, last.terms, last.hangul, True, last.expansion)
    return words


def spaced_compounds(words: Sequence[QueryWord], expansions: Mapping[str, Sequence[str]]) -> list[QueryWord]:
    """The query's words, each run of two or three Korean words that the dictionary holds as one word looking for
    that word's English: "수명 주기" is 수명주기 (lifecycle), "장애 조치" 장애조치 (failover). Korean spaces a compound
    noun or not as the writer likes, and the dictionary's keys have no spaces, so "수명 주기" looked for 수명 and 주기
    apart, found no English, and listed no section on S3 lifecycle rules. The words stay words (each keeps its
    bigrams and its weight in how much of the query a section covers); only what they look for in English changes.
    """
    found = list(words)
    at = 0
    while at < len(found):
        run, key = next(
            ((run, key) for size in (3, 2) if (key := _compound_key(run := found[at : at + size], expansions))),
            (found[at : at + 1], ""),
        )
        if key:
            found[at : at + len(run)] = [replace(word, expansion=tuple(expansions[key])) for word in run]
        at += len(run)
    return found


def _compound_key(run: Sequence[QueryWord], expansions: Mapping[str, Sequence[str]]) -> str:
    """The dictionary word `run` (two or more Korean words) spells when written without spaces, the last word with
    or without its particle ("수명 주기를"); "" if none.
    """
    if len(run) < 2 or not all(word.hangul for word in run):
        return ""
    head = "".join(word.text for word in run[:-1])
    last = run[-1]
    return next((key for key in (head + last.text, head + _korean_stem(last.terms)) if key in expansions), "")


def _korean_stem(terms: Sequence[str]) -> str:
    """A Korean word without its particle, from its bigrams."""
    return terms[0] + "".join(term[1:] for term in terms[1:])


def korean_expansion(terms: Sequence[str], expansions: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    """What a Korean word looks for besides its bigrams (`terms`): the English of the dictionary words it is glued
    from (`index.korean_words`), the longest one at each place ("보안그룹" = 보안 + 그룹: security, group); a
    one-letter dictionary word only when it is the whole word (키 is key, but not inside 스키마).
    """
    stem = _korean_stem(terms)
    if stem in expansions:
        return tuple(expansions[stem])
    found: list[str] = []
    at = 0
    while at < len(stem):
        key = next((stem[at:end] for end in range(len(stem), at + 1, -1) if stem[at:end] in expansions), None)
        if key is None:
            at += 1
            continue
        found.extend(expansions[key])
        at += len(key)
    return tuple(dict.fromkeys(found))


Fetch = Callable[[str], Any]
"""Site path of an index file → its parsed JSON."""


class Engine:
    """The index as far as queries have needed it: the head, and the posting and result files fetched so far."""

    def __init__(self, fetch: Fetch) -> None:
        self._fetch = fetch
        self.head: Mapping[str, Any] = fetch(HEAD_PATH)
        self.terms: Sequence[str] = self.head["terms"]
        self.numbers = {term: number for number, term in enumerate(self.terms)}
        self.acronyms: Mapping[str, Sequence[str]] = self.head.get("acronyms", {})
        self.documents: int = self.head["documents"]
        self._starts: Sequence[int] = self.head["postingFiles"]
        self._files: dict[str, Any] = {}
        self._token_set: TokenSet | None = None

    def file(self, path: str) -> Any:
        if path not in self._files:
            self._files[path] = self._fetch(path)
        return self._files[path]

    def postings_path(self, number: int) -> str:
        """The file holding term `number`'s postings."""
        return postings_path(bisect.bisect_right(self._starts, number) - 1)

    def postings(self, number: int) -> list[list[int]]:
        """Term `number`'s postings: per field, [document delta, score in thousandths, ...]."""
        at = bisect.bisect_right(self._starts, number) - 1
        postings: list[list[int]] = self.file(postings_path(at))[number - self._starts[at]]
        return postings

    def document(self, ref: int) -> tuple[list[Any], list[str]]:
        """Document `ref`'s row (page, anchor, title, snippet) and its page's (url, title)."""
        shown = self.file(docs_path(ref // self.head["docsPerFile"]))
        row = shown["docs"][ref % self.head["docsPerFile"]]
        return row, shown["pages"][str(row[0])]

    def full_text(self, ref: int) -> str:
        """Document `ref`'s text as far as the index keeps it: its snippet, then the rest from its text file."""
        snippet: str = self.document(ref)[0][3]
        if not snippet.endswith(ELLIPSIS):
            return snippet
        per_file = self.head["textsPerFile"]
        rest: str | None = self.file(texts_path(ref // per_file))[ref % per_file]
        return snippet if rest is None else snippet[: -len(ELLIPSIS)] + rest

    def copy_of(self, ref: int) -> int | None:
        """The document that shows document `ref` again, if any (`copies.py`)."""
        row, _ = self.document(ref)
        copy: int | None = row[4] if len(row) > 4 else None
        return copy

    def abridged(self, ref: int) -> bool:
        """Whether the document that shows document `ref` again hides some of its passages (`copies.Copy`)."""
        row, _ = self.document(ref)
        return len(row) > 5 and row[5] in (1, 2)

    def shows_part(self, ref: int) -> bool:
        """Whether that document shows only part of document `ref` (`copies.Copy.part`)."""
        row, _ = self.document(ref)
        return len(row) > 5 and row[5] == 2

    def has(self, term: str) -> bool:
        return term in self.numbers

    def exact(self, term: str) -> list[int]:
        number = self.numbers.get(term)
        return [] if number is None else [number]

    def prefixed(self, stub: str) -> list[int]:
        """Terms starting with `stub` (lunr's trailing wildcard), by number."""
        first = bisect.bisect_left(self.terms, stub)
        last = first
        while last < len(self.terms) and self.terms[last].startswith(stub):
            last += 1
        return list(range(first, last))

    def fuzzy(self, term: str, edits: int) -> list[int]:
        """Terms within `edits` of `term` as lunr's token sets define it (their intersection, not a re-derivation)."""
        if self._token_set is None:
            self._token_set = TokenSet.from_list(list(self.terms))
        found = self._token_set.intersect(TokenSet.from_fuzzy_string(term, edits)).to_list()
        return sorted(self.numbers[t] for t in found)


def engine(fetch: Fetch) -> Engine:
    """An engine over index files read by `fetch`."""
    return Engine(fetch)


def site_engine(site_dir: Path) -> Engine:
    """An engine over a built site's index files."""
    return Engine(lambda path: json.loads((site_dir / path).read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Clause:
    """One lunr clause: a term and how it may match, with its boost."""

    term: str
    boost: float
    edits: int = 0
    prefix: bool = False


def search(engine: Engine, query: str, limit: int = MAX_RESULTS) -> list[Hit]:
    """Ranked hits for `query`, best first."""
    words = parse(query, engine.acronyms)
    if not words:
        return []
    words = prepared(engine, words)
    expanded = [(clause, _expand(engine, clause)) for clause in clauses(words)]
    scores, matched, in_text = _score(engine, expanded)
    sought = {engine.terms[number] for clause, numbers in expanded if not clause.prefix for number in numbers}
    expansions, weights = word_forms(engine, words)
    hits = []
    for ref, score in scores.items():
        covered, names = coverage(words, expansions, weights, matched[ref])
        body = frozenset(in_text.get(ref, set()) & sought)
        final = score * math.exp(COVERAGE_WEIGHT * (covered - 1))
        hits.append(Hit(ref, final, names, terms=frozenset(matched[ref]), body=body))
    hits.sort(key=lambda hit: (-hit.score, hit.ref))
    return hits[:limit]


def prepared(vocabulary: Vocabulary, words: Sequence[QueryWord]) -> list[QueryWord]:
    """The query's words as the index makes them look: the word being typed completed (`stub_of`), a Korean word the
    notes never use put in English (`in_english`), typos undone (`corrections`), two words the notes write as one
    joined (`joined_names`), a misspelt word's typo forms weighed as the word (`misspelt`, `nearest_typos`). The
    engine and lunr's reference (`reference.py`) both ask this of their index.
    """
    words = [replace(word, stub=stub_of(vocabulary, word.text)) if word.prefix else word for word in words]
    words = [replace(in_english(vocabulary, word), corrections=corrections(vocabulary, word)) for word in words]
    return [
        nearest_typos(vocabulary, replace(word, misspelt=misspelt(vocabulary, word)))
        for word in joined_names(vocabulary, words)
    ]


def results(engine: Engine, query: str, limit: int = MAX_RESULTS) -> list[Hit]:
    """What the search box lists for `query`: the ranked hits, each section shown twice listed once."""
    return without_parts(engine, fold_copies(engine, search(engine, query)))[:limit]


def fold_copies(engine: Engine, hits: Sequence[Hit]) -> list[Hit]:
    """`hits` with a source page's section and its service-page copy, both found and the copy matching every word the
    section matched, listed once: as the copy, at the better rank of the two (with that rank's score, so scores still
    fall down the list), showing the source section's text, which the copy holds: the copy often opens with another
    source's words, and the match is in these. Not where the copy hides some of the section's passages as others'
    duplicates: then the copy's own text. Reads the hits' result files.
    """
    found = {hit.ref: hit for hit in hits}
    copies: dict[int, int] = {
        hit.ref: copy
        for hit in hits
        if (copy := engine.copy_of(hit.ref)) is not None
        and not engine.shows_part(hit.ref)
        and copy in found
        and _covers(found[copy], hit)
    }
    stands_for: dict[int, int] = {}  # copy → the best ranked source section it is listed for
    for found_ref, copy in copies.items():
        stands_for.setdefault(copy, found_ref)
    listed: set[int] = set()
    folded = []
    for hit in hits:
        shown = found[copies[hit.ref]] if hit.ref in copies else hit
        if shown.ref in listed:
            continue
        listed.add(shown.ref)
        source = stands_for.get(shown.ref)
        if source is None:
            folded.append(shown)
            continue
        terms = shown.terms | found[source].terms
        if engine.abridged(source):  # its words may be hidden there: quote the copy's, which the reader finds
            folded.append(replace(shown, score=hit.score, terms=terms))
            continue
        folded.append(replace(shown, score=hit.score, snippet=source, terms=terms, body=found[source].body))
    return folded


def without_parts(engine: Engine, hits: Sequence[Hit]) -> list[Hit]:
    """`hits` less each service-page section listed below a source section of which it shows only a part, nearly
    every word of its text the section's (`copies.Copy.part`), where the section matched every query word the part
    did: "ASG cooldown" listed the Udemy notes' "Scaling Cooldowns" and then the service page's, which shows one of
    its three lines, the other two hidden in another source's. Listed above the section, the part stays: the reader
    meets it first, and it may be what the query asked for.
    """
    listed = {hit.ref: at for at, hit in enumerate(hits)}
    parts = {
        copy
        for at, hit in enumerate(hits)
        if engine.shows_part(hit.ref)
        and (copy := engine.copy_of(hit.ref)) is not None
        and listed.get(copy, -1) > at
        and _covers(hit, hits[listed[copy]])  # the section matched every word the part did ("warm" in its heading)
    }
    return [hit for hit in hits if hit.ref not in parts]


def _covers(copy: Hit, source: Hit) -> bool:
    """Whether the copy has every query word the source section matched: one of its passages may be hidden there as
    another's duplicate, told in other words ("GWLB GENEVE port": the notebook's "GENEVE protocol on port 6081").
    """
    return set(source.matched) <= set(copy.matched)


def clauses(words: Sequence[QueryWord]) -> list[Clause]:
    """The lunr clauses of a query, in order: per term exact and fuzzy, the completion, the acronym's expansion."""
    out: list[Clause] = []
    for word in words:
        for term in word.terms:
            out.append(Clause(term, word.boost))
            if word.edits:
                out.append(Clause(term, typo_boost(word), edits=word.edits))
        out.extend(Clause(term, typo_boost(word)) for term in word.corrections)
        if word.prefix:
            out.append(Clause(word.stub, PREFIX_BOOST, prefix=True))
        out.extend(Clause(term, word.expansion_boost) for term in word.expansion)
    return out


PARTICLES = frozenset({"out", "up", "down", "over", "back", "away", "through"})
"""Words that end a phrasal verb: with the verb before them, a phrase, not a name written apart (`joined_names`);
"in", "on" and "off" are stop words, gone before."""


def joined_names(vocabulary: Vocabulary, words: Sequence[QueryWord]) -> list[QueryWord]:
    """The query's words, each two Latin words that the index holds written as one ("cloud front": CloudFront,
    "cloud watch", "code deploy") also looking for that word, as an acronym looks for its expansion. The notes write
    service names joined, so "cloud front" had listed a ports table ("front") and EC2's "All up front" first (a blind
    review of search). Both words stay words: a section with them apart still matches. Not a verb and its particle
    ("time out", "set up"): a phrase, which "why does my ec2 connection time out" had read as "timeout" (2nd → 5th).
    """
    found = list(words)
    for at in range(len(found) - 1):
        one, other = found[at], found[at + 1]
        if one.hangul or other.hangul or one.expansion or other.expansion or other.text in PARTICLES:
            continue  # a word with an expansion already looks for more than itself
        if not (_LATIN_WORD.fullmatch(one.text) and _LATIN_WORD.fullmatch(other.text)):
            continue
        joined = english_term(one.text + other.text)
        if joined not in one.terms + other.terms and vocabulary.has(joined):
            found[at] = replace(one, expansion=(joined,), joined=True)
            found[at + 1] = replace(other, expansion=(joined,), joined=True)
    return found


def nearest_typos(vocabulary: Vocabulary, word: QueryWord) -> QueryWord:
    """A misspelt word that two typos may reach, looking only one typo away if any term is there: "cloudfromt" is
    one letter from "cloudfront" and two from "cloudform", and, weighing as the word would (`typo_boost`), both had
    listed CloudFormation first.
    """
    if not word.misspelt or word.edits < 2 or not any(vocabulary.fuzzy(term, 1) for term in word.terms):
        return word
    return replace(word, nearest=True)


def typo_boost(word: QueryWord) -> float:
    """The boost of a word's typo forms: a tenth of its own, unless it is `misspelt`, when they are all it has."""
    return word.boost if word.misspelt else FUZZY_BOOST


def misspelt(vocabulary: Vocabulary, word: QueryWord) -> bool:
    """Whether the index lacks a finished word as typed (none of its terms), and nothing else stands for it (an
    expansion): a typo ("lamda"), whose typo forms then weigh as the word would. At a tenth of that, "lamda timeout"
    listed SQS's visibility timeout above every Lambda section (a blind review of search); "lamda" alone was right.
    """
    if word.prefix or word.hangul or word.expansion or not word.terms:
        return False  # a word being typed is completed, not corrected
    return not any(vocabulary.has(term) for term in word.terms)


_LATIN_WORD = re.compile(r"[a-z]+")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


class Vocabulary(Protocol):
    """The index's terms as `corrections` asks about them (`Engine`, and lunr's index in `reference.py`)."""

    def has(self, term: str) -> bool: ...

    def fuzzy(self, term: str, edits: int) -> Sequence[object]: ...

    def prefixed(self, stub: str) -> Sequence[object]: ...


def in_english(vocabulary: Vocabulary, word: QueryWord) -> QueryWord:
    """A Korean word the notes never use, looked for as its English, as if typed in English: "스팟 인스턴스 할인율"
    (spot instance discount rate). As an expansion, its English counted for little and its idf for nothing (the
    notes lack the word), so the quiz blocks that hold "인스턴스" ranked above every section on Spot Instances.
    """
    if not word.hangul or not word.expansion or any(vocabulary.has(term) for term in word.terms):
        return word
    return replace(word, terms=word.expansion, expansion=())


def corrections(vocabulary: Vocabulary, word: QueryWord) -> tuple[str, ...]:
    """The index terms of the words one typo (a letter left out, added, changed, or two swapped) away from `word`
    as typed, sorted; none unless it is a Latin word of `CORRECTION_MIN` letters or more that the index has in no
    form: not as it is, nor a fuzzy form (which finds most typos), nor, for the word being typed, as the start of a
    term (it is not finished, not misspelt).
    """
    text = word.text
    if len(text) < CORRECTION_MIN or not _LATIN_WORD.fullmatch(text):
        return ()
    if word.prefix and vocabulary.prefixed(word.stub):
        return ()
    if any(vocabulary.has(term) or vocabulary.fuzzy(term, word.edits) for term in word.terms):
        return ()
    found = {english_term(candidate) for candidate in one_typo_away(text)}
    return tuple(sorted(term for term in found if vocabulary.has(term) and term not in word.terms))


def one_typo_away(text: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion of a letter from `text`."""
    splits = [(text[:at], text[at:]) for at in range(len(text) + 1)]
    out = {left + right[1:] for left, right in splits if right}
    out |= {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    out |= {left + letter + right[1:] for left, right in splits if right for letter in _LETTERS}
    out |= {left + letter + right for left, right in splits for letter in _LETTERS}
    return out


def _expand(engine: Engine, clause: Clause) -> list[int]:
    if clause.prefix:
        return engine.prefixed(clause.term)
    if clause.edits:
        return engine.fuzzy(clause.term, clause.edits)
    return engine.exact(clause.term)


def _score(
    engine: Engine, expanded: Iterable[tuple[Clause, list[int]]]
) -> tuple[dict[int, float], dict[int, set[str]], dict[int, set[str]]]:
    """Lunr's query scoring (see the module docstring): per document the score, the index terms it matched and those
    its text field matched.
    """
    query_vector: dict[int, float] = {}
    fields: dict[tuple[int, int], dict[int, float]] = {}  # (document, field) → term number → its field score
    collected: set[int] = set()
    for clause, numbers in expanded:
        for number in numbers:
            query_vector[number] = query_vector.get(number, 0.0) + clause.boost
            if number in collected:
                continue
            collected.add(number)
            for slot, flat in enumerate(engine.postings(number)):
                ref = 0
                for at in range(0, len(flat), 2):
                    ref += flat[at]
                    fields.setdefault((ref, slot), {})[number] = flat[at + 1] / 1000
    magnitude = math.sqrt(sum(value * value for _, value in sorted(query_vector.items())))
    scores: dict[int, float] = {}
    matched: dict[int, set[str]] = {}
    in_text: dict[int, set[str]] = {}
    text_slot = engine.head["fields"].index("text")
    for (ref, slot), found in fields.items():
        dot = 0.0
        for number in sorted(found):
            dot += query_vector[number] * found[number]
        scores[ref] = scores.get(ref, 0.0) + (dot / magnitude if magnitude else 0.0)
        matched.setdefault(ref, set()).update(engine.terms[number] for number in found)
        if slot == text_slot:
            in_text[ref] = {engine.terms[number] for number in found}
    return scores, matched, in_text


def stub_of(vocabulary: Vocabulary, text: str) -> str:
    """The longest start of `text` that some index term begins with: three letters shorter at most, and never below
    `STUB_MIN` letters unless typed so. The engine's and lunr's index (`reference.py`) answer alike.
    """
    for end in range(len(text), max(STUB_MIN, len(text) - 3) - 1, -1):
        if vocabulary.prefixed(text[:end]):
            return text[:end]
    return text


def word_forms(engine: Engine, words: Sequence[QueryWord]) -> tuple[list[list[set[str]]], list[float]]:
    """Per query word, the index terms that count as each of its terms (`_expansions`) and its weight (`_weight`):
    what ranking's coverage and a result's window (`term_weights`) both read.
    """
    expansions = [_expansions(engine, word) for word in words]
    return expansions, [_weight(engine, forms) for forms in expansions]


def _expansions(engine: Engine, word: QueryWord) -> list[set[str]]:
    """Per term of the word, the index terms that count as that term (itself, its typos, its completions)."""
    found: list[set[str]] = []
    for term in word.terms:
        forms = {term}
        if word.edits:
            forms |= {engine.terms[n] for n in engine.fuzzy(term, word.edits)}
        if word.prefix:
            forms |= {engine.terms[n] for n in engine.prefixed(word.stub)}
        found.append(forms | set(word.corrections))
    return found


def _weight(engine: Engine, forms: Sequence[set[str]]) -> float:
    """A word's idf, from its most frequent form in the index (lunr's idf formula); 0 when the notes lack it."""
    frequency = max((_document_frequency(engine, form) for options in forms for form in options), default=0)
    if not frequency:
        return 0.0
    count = engine.documents
    return math.log(1 + abs((count - frequency + 0.5) / (frequency + 0.5)))


def _document_frequency(engine: Engine, term: str) -> int:
    number = engine.numbers.get(term)
    return 0 if number is None else sum(len(flat) // 2 for flat in engine.postings(number))


def coverage(
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


def describe(hits: Sequence[Hit], engine: Engine, query: str = "") -> list[dict[str, Any]]:
    """Hits as a reader sees them: page title, section heading, location and the window of text the search box
    shows (`query`: what was typed, whose last word is completed and marked as a prefix).
    """
    words = parse(query, engine.acronyms)
    prefixes = [stub_of(engine, word.text) for word in words if word.prefix]
    weighed = term_weights(engine, prepared(engine, words)) if words else {}
    described = []
    for hit in hits:
        (_, anchor, title, *_), (url, page_title) = engine.document(hit.ref)
        shown = hit.ref if hit.snippet is None else hit.snippet
        text = engine.document(shown)[0][3]
        if _matched_past(text, hit.body):
            text = engine.full_text(shown)
        location = f"{url}#{anchor}" if anchor else url
        titled = frozenset(token.term for token in analyse(f"{title} {page_title}"))
        described.append(
            {
                "location": location,
                "page": page_title,
                "title": title,
                "text": window(text, hit.terms, prefixes, titled=titled, weights=weighed),
                "score": round(hit.score, 4),
            }
        )
    return described


def _matched_past(snippet: str, body: frozenset[str]) -> bool:
    """Whether a result's text matched a word its snippet cut off: its window needs the rest of the text."""
    return snippet.endswith(ELLIPSIS) and bool(body - {token.term for token in analyse(snippet)})


def marks(text: str, terms: frozenset[str], prefixes: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, term) of each word of `text` that matched: one of `terms`, or starting with a prefix typed."""
    found: list[tuple[int, int, str]] = []
    for token in analyse(text):
        hit = token.term in terms or any(text[token.start : token.end].lower().startswith(p) for p in prefixes)
        if hit and not (found and token.start < found[-1][1]):  # a word's bigrams, a number in "400 KB": one mark
            found.append((token.start, token.end, token.term))
    return found


Weights = Mapping[str, tuple[str, float]]
"""Index term → what it counts for in a window (`term_weights`): a key counted once, and its weight."""


def term_weights(engine: Engine, words: Sequence[QueryWord]) -> dict[str, tuple[str, float]]:
    """Each index term a result may mark → what it counts for in a window: its query word (the word's weight in the
    ranking, `_weight`: its rarity, from its most frequent form), or, a term of an expansion, itself (its own rarity:
    "dlq", which the notes never write, weighs nothing, "dead letter queue" does). A word counts once however many
    of its forms a window holds. A window holding a rare word the query asks for beats one holding a common one:
    "dynamodb item size limit" showed "no limit to the number of items", not "at most 400KB in size".
    """
    weights: dict[str, tuple[str, float]] = {}

    def count(term: str, key: str, weight: float) -> None:
        if term not in weights or (weight, key) > (weights[term][1], weights[term][0]):
            weights[term] = (key, weight)

    for at, (word, forms, weight) in enumerate(zip(words, *word_forms(engine, words), strict=True)):
        for term in sorted({form for options in forms for form in options}):
            count(term, f"w{at}", weight)
        for term in word.expansion:
            count(term, f"x:{term}", _weight(engine, [{term}]))
    return weights


def window(
    text: str,
    terms: frozenset[str],
    prefixes: Sequence[str] = (),
    limit: int = SHOWN_CHARS,
    titled: frozenset[str] = frozenset(),
    weights: Weights | None = None,
) -> str:
    """About `limit` characters of `text`: from its start, or from a little before a matched word, whichever window
    holds the most different matched words, each by its `weights` (`term_weights`; the earliest of equals), with an
    ellipsis where text is left out and `BLOCK_SEPARATOR` between list items, paragraphs and table rows.

    `titled`: the terms of the result's heading and page title, which the reader sees above the window: the window
    holds the most matched words besides those, if any matched ("global accelerator vs cloudfront tcp udp" under
    "AWS Global Accelerator vs CloudFront" shows the lines on TCP and UDP, not the heading's words again).
    """
    found = marks(text, terms, prefixes)
    start, end = window_span(text, untitled(found, titled), limit, weights or {})
    shown = ("… " if start > 0 else "") + text[start:end].replace("\n", BLOCK_SEPARATOR)
    return shown + ELLIPSIS if end < len(text) and not shown.endswith("…") else shown


def untitled(found: list[tuple[int, int, str]], titled: frozenset[str]) -> list[tuple[int, int, str]]:
    """The matched words a window is chosen by: those not in the result's titles, or all if every one is."""
    besides = [mark for mark in found if mark[2] not in titled]
    return besides or found


def window_span(
    text: str, found: Sequence[tuple[int, int, str]], limit: int, weights: Weights | None = None
) -> tuple[int, int]:
    """`window`'s start and end offsets, given the matched words (`marks`): the window that holds the most, by the
    `weights` of the different terms it holds (`term_weights`; 1 each where none is given), moved on to where a
    sentence or list item starts if one does before its first match ("After the message visibility timeout is
    over", not "seconds to be processed After the message ..." with the 30 of "30 seconds" cut off). A window near
    the text's end starts early enough to show `limit` characters: weighed, the one holding "Reader Endpoint" at the
    end of a snippet had shown "… Reader Endpoint - allows …".
    """
    if len(text) <= limit:
        return 0, len(text)
    best: tuple[float, int, int] = (-1.0, 0, len(text))
    tail = last_gap(text, len(text) - limit + 1) + 1  # a window starting later would show less than `limit`
    for start in dict.fromkeys([0, *(_start_for(text, mark, tail, limit) for mark in found)]):
        end = _end(text, start, limit)
        held = _window_weight(found, start, end, weights or {})
        if held > best[0]:
            best = (held, start, end)
    _, start, end = best
    first = next((mark[0] for mark in found if mark[0] >= start), start)
    opening = None if _opens(text, start) else _OPENING.search(text, start, first + 1)
    return (start, end) if opening is None else (opening.end(), _end(text, opening.end(), limit))


def _start_for(text: str, mark: tuple[int, int, str], tail: int, limit: int) -> int:
    """Where a window for `mark` starts: a little before it, or at `tail` if that is earlier and the window from there
    still shows the mark (a long token, a URL, can end it before: a review).
    """
    start = _lead_start(text, mark[0])
    return tail if tail < start and _end(text, tail, limit) >= mark[1] else start


def _window_weight(found: Sequence[tuple[int, int, str]], start: int, end: int, weights: Weights) -> float:
    """What a window from `start` to `end` holds: the weight of each key its matched terms count for, once (a term
    `weights` lacks: itself, 1). Added in key order and rounded to millionths, as the JS twin does.
    """
    held = dict(weights.get(term, (f"t:{term}", 1.0)) for first, last, term in found if first >= start and last <= end)
    return math.floor(sum(held[key] for key in sorted(held)) * 1e6 + 0.5) / 1e6


def _opens(text: str, at: int) -> bool:
    """Whether a sentence or list item starts at `at` (so does the text)."""
    return at == 0 or any(found.end() == at for found in _OPENING.finditer(text, max(0, at - 3), at + 1))


def _end(text: str, start: int, limit: int) -> int:
    """Where a window from `start` ends: at the first space or line break `limit` characters on, or the text's end."""
    gap = _GAP.search(text, start + limit)
    return len(text) if gap is None else gap.start()


def _lead_start(text: str, at: int) -> int:
    """A window's start for a match at `at`: the word that begins about `LEAD_CHARS` before it."""
    return min(last_gap(text, max(0, at - LEAD_CHARS) + 1) + 1, at)
