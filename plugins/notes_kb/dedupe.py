"""Find passages that state the same fact (shown once, as the richest version) and passages that contradict.

Per page: normalise every passage to content tokens (`normalize.tokens`) and a fact signature
(`normalize.signature`), generate candidate pairs with an inverted index over each passage's rarest tokens (prefix
filtering: a passage that is mostly contained in another must share one of its few rarest tokens with it, so no
page is ever compared all-pairs), then verify each candidate: weighted containment of the smaller passage's content
words in the larger one, RapidFuzz's token-set ratio, and a veto on any disagreement of the key facts (numbers with
units and comparisons, negation, opposite words, named things). A pair that is about the same thing but disagrees on
a fact is reported as a `Conflict` and never merged. Everything is sorted by key, so input order does not matter.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Literal

from rapidfuzz import fuzz

from .acronyms import find_expansions
from .advice import is_advice
from .classify import KINDS
from .disputes import FRAME_FILLER, disputed_limits
from .memo import Memo
from .normalize import (
    GENERIC_NAMES,
    NAMED,
    OPPOSITES,
    UNIT_WORDS,
    Clauses,
    Signature,
    clauses,
    fold,
    negated_words,
    signature,
    stated_facts,
    strip_markup,
    tokens,
    unit_of_token,
)
from .passages import BOLD_LABEL, Passage, span_of_key
from .sides import AXES, sides_taken

MergeKind = Literal["exact", "near", "contained"]
Similarity = Callable[[Sequence[tuple[str, str]]], Sequence[float]]
"""Scores (0..1) of (duplicate text, kept text) pairs: how nearly the first says what the second says."""
_Ranked = tuple[float, tuple[int, int, int], int, MergeKind]
"""(score, richness of the kept passage, its index, kind): the best kept passage for a duplicate ranks highest."""

CONTAIN = 0.95
"""Weighted share of the smaller passage's content words that the richer one must hold. A word missing from the
twin is most often the fact that sets the two apart: over the merges audits 1-13 had judged, those the twin held
less than 0.95 of kept every fact in 97 of 117 (0.83), those at 0.95 or more in 251 of 257 (0.98). 0.75 (and 0.9
under headings sharing no word) hid a fact in one merge of six."""
QUANTIFIED_CONTAIN = 0.85
"""What a twin must hold of a passage stating two quantities or more that it tells all of: the numbers are the fact
("grows in increments of 10GB, up to 128 TB" without "storage"). Of the audited merges held 0.85 to 0.95 so, 4 of 4
kept every fact; at 0.8, 1 in 5 lost one ("Retrieve 10 items per second with 2.5K average size")."""
BLOB_RATIO, BLOB_SLACK = 4, 4
"""A passage merges into one at most about four times its size: beyond that, containment is coincidence."""
PREFIX_CONTAIN = 0.6
"""Lowest containment the candidate generator guarantees to find (prefix length is set from it)."""
NEAR = 0.8
"""Both ways at least this contained: the two are rewordings of each other, not one inside the other."""
KINDS_CONTAIN = 0.95
"""The share of a list of kinds (by weight) a twin must hold to hide it whole, or a list of kinds to hide a passage:
read whole at CONTAIN, audit 9 found two lost a clause ("AWS services that are integrated with KMS use Symmetric
CMKs", "EBS Volumes are characterized in size, throughput and IOPS")."""
SHORT = 7
"""Passages with at most this many distinct content words depend on their heading ("Minimum storage duration is
90 days" under two storage classes): they merge only when their headings agree."""
TINY = 5
"""Passages with at most this many distinct content words merge only if every one of them is in the other passage:
"Max IAM groups per account: 300" and "Max IAM users per group: 300" differ in one word of five."""
HEADING_OVERLAP = 0.25
"""Across sources (whose headings are worded differently), the share of heading words two short passages need."""
FUZZ_FLOOR = 50.0
"""RapidFuzz token-set ratio below which even a high containment is treated as chance overlap."""
GRAY_FLOOR = 0.4
"""Lowest containment a pair needs before a semantic similarity (if one is given) may merge it."""
SEMANTIC = 0.8
"""Similarity (cosine of sentence embeddings, best line of the richer passage) at which a gray pair merges."""
COMMON_SHARE, COMMON_MIN = 0.2, 5
"""A heading word on at least this share of a page's passages (and on COMMON_MIN of them) names the page itself."""
PROPERTIES = frozenset({"stateful", "stateless", "sync", "async", "persist", "ephemer", "unencrypted"})
"""Properties a passage asserts that its twin must assert too: without "stateful", a description of security groups
does not hold "Security groups are stateful"."""
FRAGMENT_WORDS = 2
"""A list item of at most this many words, no bold and no stop at its end ("Duration"), is a fragment of the item
before it, not a fact of its own ("Hybrid environments." is one)."""
TINY_WORDS = 3
"""A passage of at most this many content words is mostly a label ("MAC Address", "Encryption in Transit"), the head
of what follows it in its notes: it merges only as an exact copy. Audited real merges of such passages lost a fact
or their subject 5 times in 13."""
SENTENCE_WORDS = 8
"""Unless it is written as a sentence this long: "You can have up to 5000 users per AWS account" tells three content
words and is no label. On the real notes this merges 6 more passages (each read: every fact kept); at 6 words it
merged 26, 4 of them losing a fact ("You cannot nest groups" into "Containers for users ...")."""
NEGATING_PREFIXES = ("un", "non")
"""Prefixes that turn a heading word into its opposite: "Unsupported", "Non-default"."""
LEAD_IN = 4
"""A line ending in a colon (or a bold line above other blocks, `Passage.heads`) with at most this many content words
introduces what follows; it states nothing alone."""
TYPO = 80.0
"""RapidFuzz ratio at which two words are one word misspelt."""
TYPO_LENGTH = 5
"""Shorter words are not read as misspelt: "sent" / "set", "load" / "lead" are two words."""
TYPOS = 2
"""Misspelt words looked for in a passage at most: one with more missing from its twin is no copy of it."""
MAX_POSTING = 60
"""Tokens on more passages than this are too common to generate candidates with."""
CONFLICT_FLOOR = 0.34
"""Below this containment either way, two passages share too little to be one fact or two answers to one question."""
CONFLICT_RATIO = 75.0
"""RapidFuzz token-set ratio two passages need before a clash between them is worth a "sources disagree" note."""
CLAUSE_MATCH = 0.5
"""Share of their words (numbers aside) two clauses must have in common to be one statement told twice."""
DISPUTED_PROPERTIES = frozenset(
    {"stateful", "stateless", "sync", "async", "persist", "ephemer", "encrypt", "unencrypted"}
)
"""Opposite words that state a property rather than name a subject ("public"/"private" hosted zones are two things;
"sync"/"async" replication of one thing is a dispute)."""
CONFLICT_CORE = 0.75
"""Share of the subject words (numbers, negation, opposites and names set aside) two passages must share before a
disagreement in their facts is called a conflict rather than two different facts."""


@dataclass(frozen=True, slots=True)
class Merge:
    """`duplicate` is shown once, as `kept` (the richest version); `score` is the verified similarity (0..1)."""

    duplicate: str
    kept: str
    kind: MergeKind
    score: float


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two passages about the same thing that disagree; `a` < `b` by key; `why` names the disagreement."""

    a: str
    b: str
    why: str


@dataclass(frozen=True)
class DedupeResult:
    merges: tuple[Merge, ...]
    conflicts: tuple[Conflict, ...]

    def kept_of(self) -> dict[str, str]:
        """Duplicate key → kept key."""
        return {m.duplicate: m.kept for m in self.merges}

    def without_contradicted_twins(self, source: Mapping[str, str]) -> DedupeResult:
        """The result less each merge of a passage into a twin that its own source disputes (`source`: passage key →
        source). The notebook's "Read Replicas ... (max 15)" was shown "also in" the Udemy notes, which say "Up to 5"
        in the box right above it, for the Udemy line "Applications must update the connection" it held; ElastiCache's
        "supports IAM authentication for Redis" likewise, beside "do not supports" (a user-level review). Such a
        passage stays shown: a source that disputes a passage is never listed as saying it too.
        """
        disputing = {(c.a, source[c.b]) for c in self.conflicts} | {(c.b, source[c.a]) for c in self.conflicts}
        merges = tuple(m for m in self.merges if (m.kept, source[m.duplicate]) not in disputing)
        return self if len(merges) == len(self.merges) else DedupeResult(merges, self.conflicts)


@dataclass(frozen=True)
class _Doc:
    passage: Passage
    words: tuple[str, ...]
    bag: frozenset[str]
    sig: Signature
    exact: str
    context: frozenset[str]
    order: int
    """Position in key order on the page: the tie-break that makes the result independent of input order."""
    label: frozenset[str] = frozenset()
    """The content words of the term a definition starts with ("**Custom Cookie** - ..."), if it starts with one."""
    lead_in: bool = False
    """One line ending in a colon: the head of the list that follows it."""
    names: frozenset[str] = frozenset()
    """Words written as names: acronyms and words with digits ("RCU", "gp3", "us-east-1")."""
    topic: frozenset[str] = frozenset()
    """The context without the words most of the page's headings share (the service's own name): what sets this
    passage's heading apart from the others on the page."""
    heading: frozenset[str] = frozenset()
    """The words of the nearest heading alone, less the page's own (as `topic`)."""
    subject: frozenset[str] = frozenset()
    """What the passage is told of, less the page's own words: the bold line it sits under, written as a heading
    (`Passage.under`: "- **S3 Glacier Instant Retrieval**" over "Minimum storage duration is 90 days."), or its own
    bold first line over the lines after it ("**Amazon S3 Glacier Flexible Retrieval:**" and its sub-items)."""

    @property
    def key(self) -> str:
        return self.passage.key

    @cached_property
    def clauses(self) -> Clauses:
        """Read once per passage, when a pair first needs it (most never do): see `_denied_clause`."""
        return clauses(self.passage.text)

    @cached_property
    def stated(self) -> tuple[tuple[frozenset[str], Signature], ...]:
        """Each clause's words and facts, read once per passage, for the few pairs that clash: `_disputed_clause`."""
        return stated_facts(self.passage.text)

    @cached_property
    def advice(self) -> bool:
        """Whether the notes mark it as exam advice: its heading says so, or it does itself (`advice`)."""
        return is_advice(self.passage.context.rsplit(" / ", 1)[-1], self.passage.text)

    @cached_property
    def listed(self) -> tuple[tuple[str, ...], ...]:
        """The terms of each word of each run the passage lists, read once per passage: `_unlisted`."""
        folded = fold(self.passage.text)
        runs = [(m.group(1), *m.group(2).split(", ")[1:], m.group(3)) for m in _LISTED.finditer(folded)]
        runs += [(m.group(1), *m.group(2).split(" / ")[1:]) for m in _SLASHED.finditer(folded)]
        return tuple(tuple(tokens(word)) for run in runs for word in run)

    @cached_property
    def richness(self) -> tuple[int, int, int]:
        """Richer = more distinct content words, then longer text, then the smaller key (so the order is total)."""
        return (len(self.bag), len(self.passage.text), -self.order)


def _label_words(term: str) -> frozenset[str]:
    """A definition's term as words; a name that is only a stop word ("**A** - maps a domain name to an IPv4
    address", the DNS record type) is kept as written, lower-cased: it still names what is defined.
    """
    words = tokens(term)
    if not words and re.fullmatch(r"[A-Z][A-Z0-9]*", term):
        return frozenset({term.lower()})
    return frozenset(words)


def _stop_word_name(label: frozenset[str]) -> frozenset[str]:
    """The label when it is a name no bag can hold ("a" of the A record), so that it counts among the names."""
    return label if len(label) == 1 and not tokens(next(iter(label))) else frozenset()


def _doc(passage: Passage, order: int) -> _Doc | None:
    words = _without_glosses(passage.text)
    if not words:
        return None
    exact = _exact_text(passage.text)
    context = frozenset(tokens(passage.context)) if passage.context else frozenset()
    first = strip_markup(passage.text.strip().split("\n")[0]).strip()
    label = _LABEL.match(first)
    lead_in = "\n" not in passage.text.strip() and len(set(words)) <= LEAD_IN and (first.endswith(":") or passage.heads)
    term = _label_words(label.group(1)) if label and not lead_in else frozenset()
    names = frozenset(w for name in _NAME.findall(strip_markup(passage.text)) for w in tokens(name))
    return _Doc(
        passage,
        words,
        frozenset(words),
        signature(passage.text),
        exact,
        context,
        order,
        term,
        lead_in,
        names | _stop_word_name(term),
    )


def _exact_text(text: str) -> str:
    """The text as compared for a verbatim copy: folded, markup and punctuation gone."""
    return re.sub(r"[\W_]+", " ", fold(text)).strip()


_NAME = re.compile(r"\b(?:[A-Z][A-Z0-9]+s?|[A-Za-z]+[0-9][\w-]*|[0-9]+[A-Za-z]+)\b")
_LABEL = re.compile(r"^\s*((?:[\w&/()'.-]+ ){0,4}[\w&/()'.-]+?)\s*(?::|\s[-–—]{1,2})\s+\S")
"""A definition's term: at most five words before a colon or a dash, then the definition."""
_DEFINITION = re.compile(
    r"^\s*(?:(?:an?|the)\s+)?((?:[\w&/()'.-]+\s+){0,3}?[\w&/()'.-]+)\s+(?:is|are)\s+(?:an?|the)\s", re.I
)
"""A definition said as a sentence: "A Security Group (SG) is a virtual firewall ..." defines security groups."""


_GLOSS = re.compile(r"\([^()]*[\uac00-\ud7a3][^()]*\)")
"""A bracketed note in Korean, English words inside it or not ("DB(Replica에서 Master로 될 수 있다는 의미)")."""


def _without_glosses(text: str) -> tuple[str, ...]:
    """Content words of a passage, an English passage's Korean glosses left out: they explain the English (even the
    English words inside them, "Master" above), and would count as facts the English twin lacks. A Korean passage
    keeps them (they are all it says).
    """
    words = tokens(text)
    english = [w for w in words if w[0].isascii() and not w[0].isdigit()]
    korean = [w for w in words if not w[0].isascii()]
    # A gloss is a minority: where Korean carries the passage ("User와 Group으로 구분"), its words are the facts.
    if not korean or len(english) < 2 or len(korean) > len(english):
        return words
    outside = tuple(w for w in tokens(_GLOSS.sub(" ", text)) if w[0].isascii())
    if sum(1 for w in outside if not w[0].isdigit()) >= 2:
        return outside
    return tuple(w for w in words if w[0].isascii())


def find_duplicates(
    passages: Iterable[Passage], similarity: Similarity | None = None, memo: Memo | None = None
) -> DedupeResult:
    """Merges and conflicts among passages that share a page; the result does not depend on input order.

    `similarity` (optional; the build passes none) settles the pairs words alone cannot: a rewording that shares
    between GRAY_FLOOR and CONTAIN of its content words, has no clash of facts and sits under agreeing headings
    merges when the two mean the same (score >= SEMANTIC). Without it those pairs stay apart. Sentence embeddings
    were measured as one (design/duplicates.md): they did not separate duplicates from different facts.

    Each page's result depends only on that page's passages: `memo` keeps it, so a rebuild redoes only the pages
    an edit touched.
    """
    memo = memo if memo is not None else Memo(keep=False)
    pages: dict[str, list[Passage]] = defaultdict(list)
    for passage in sorted(passages, key=lambda p: p.key):
        pages[passage.page].append(passage)
    merges: list[Merge] = []
    conflicts: list[Conflict] = []
    groups = [tuple(pages[page]) for page in sorted(pages)]
    results = memo.map(
        "dedupe",
        groups,
        key=lambda group: (group, similarity),
        compute=lambda group: _dedupe_page(group, similarity),
        cost=len,
    )
    for page_merges, page_conflicts in results:
        merges += page_merges
        conflicts += page_conflicts
    return DedupeResult(
        tuple(sorted(merges, key=lambda m: m.duplicate)), tuple(sorted(conflicts, key=lambda c: (c.a, c.b)))
    )


def _dedupe_page(
    passages: Sequence[Passage], similarity: Similarity | None
) -> tuple[tuple[Merge, ...], tuple[Conflict, ...]]:
    docs, copies = _read_page(passages)
    df: dict[str, int] = defaultdict(int)
    for doc in docs:
        for word in doc.bag:
            df[word] += 1
    idf = {word: math.log((len(docs) + 1) / n) + 1.0 for word, n in df.items()}
    verdict = _Verdicts(docs, copies, idf)
    best: dict[int, _Ranked] = {}
    conflicts: list[Conflict] = []
    gray: list[tuple[int, int]] = []
    for i, j in _pairs(docs, copies, df, PREFIX_CONTAIN if similarity is None else GRAY_FLOOR, verdict):
        outcome = verdict(i, j)
        if isinstance(outcome, Conflict):
            conflicts.append(outcome)
        elif isinstance(outcome, _Gray):
            gray.append((i, j) if outcome.small is docs[i] else (j, i))
        elif outcome is not None:
            dup, score, kind = outcome
            small, big = (i, j) if dup is docs[i] else (j, i)
            _offer(best, small, (score, docs[big].richness, big, kind))
    if similarity is not None and gray:
        scores = similarity([(docs[i].passage.text, docs[j].passage.text) for i, j in gray])
        for (small, big), score in zip(gray, scores, strict=True):
            if score >= SEMANTIC:
                _offer(best, small, (round(score, 3), docs[big].richness, big, "near"))

    def holds(small: int, big: int) -> bool:
        outcome = verdict(small, big)
        return isinstance(outcome, tuple) and outcome[0] is docs[small]

    merges = _whole_lists(docs, _resolve(docs, best, holds), idf, holds)
    merges = _copies_turned_round(docs, merges, _readable(docs, merges))
    merges = _with_emptied_headings(docs, _with_stranded_items(docs, merges))
    return tuple(merges), tuple(conflicts + _disputed_limits(docs, merges, conflicts))


def _disputed_limits(docs: Sequence[_Doc], merges: Sequence[Merge], known: Sequence[Conflict]) -> list[Conflict]:
    """Limits told two ways in passages worded apart (`disputes`), each pair named by the passages the page shows: a
    hidden passage's kept twin tells its numbers too.
    """
    if not docs:
        return []
    found = disputed_limits([doc.passage for doc in docs], {doc.key: doc.heading for doc in docs}, _common_words(docs))
    return as_shown(found, merges, {doc.key: doc.passage.source for doc in docs}, known)


def with_disputes(
    result: DedupeResult, found: Iterable[tuple[str, str, str]], passages: Sequence[Passage]
) -> DedupeResult:
    """The deduplicator's result with disputes (key, other key, why) that a later pass found added, each named by the
    passages the page shows (`as_shown`).
    """
    source = {passage.key: passage.source for passage in passages}
    added = as_shown(found, result.merges, source, result.conflicts)
    return DedupeResult(result.merges, result.conflicts + tuple(added)) if added else result


def as_shown(
    found: Iterable[tuple[str, str, str]], merges: Iterable[Merge], source: Mapping[str, str], known: Iterable[Conflict]
) -> list[Conflict]:
    """Disputes (key, other key, why) as conflicts named by the passages the page shows: a hidden passage's kept
    twin tells what it told. Each pair once, `known` ones left out, and never two passages of one source.
    """
    shown = {m.duplicate: m.kept for m in merges}
    pairs = {(c.a, c.b) for c in known}
    disputes = []
    for one, other, why in found:
        a, b = sorted((shown.get(one, one), shown.get(other, other)))
        if source[a] != source[b] and (a, b) not in pairs:
            pairs.add((a, b))
            disputes.append(Conflict(a, b, why))
    return disputes


def _readable(docs: Sequence[_Doc], merges: list[Merge]) -> list[Merge]:
    """The merges less those that would leave a page reading wrong: lists broken (`_whole_enumerations`), a
    passage that goes on from the one before it shown without it (`_continued`), or one a labelled item heads shown
    without its label (`_headed`). Each may undo what another allowed, so all are applied until none undoes more.
    """
    while True:
        readable = _whole_enumerations(docs, _continued(docs, _headed(docs, merges)))
        if len(readable) == len(merges):
            return readable
        merges = readable


def _copies_turned_round(docs: Sequence[_Doc], offered: list[Merge], readable: list[Merge]) -> list[Merge]:
    """`readable` (the `offered` merges `_readable` kept) with each copy whose merge it undid hidden the other way
    round: of two exact copies either may go, and the one a next line reads on from must stay. Had the Udemy notes'
    "By default, the “message visibility timeout” is 30 seconds" been the one chosen to go, "That means the message
    has 30 seconds to be processed" after it would have kept both copies on the SQS page. The copy turned round
    goes only if it is no passage's twin and `_readable` keeps that too.
    """
    kept = {merge.duplicate for merge in readable}
    busy = kept | {merge.kept for merge in readable}
    turned = [
        Merge(merge.kept, merge.duplicate, merge.kind, merge.score)
        for merge in offered
        if merge.kind == "exact" and merge.duplicate not in kept and merge.kept not in busy
    ]
    return _readable(docs, readable + turned) if turned else readable


_GOES_ON = re.compile(
    r"^\W*(?:so|that|this|these|those|them|also|however|therefore|thus|hence|instead|otherwise|but|and|or"
    r"|(?:the\s+)?difference|similarly|likewise|conversely|in\s+contrast|whereas)\b"
    r"|\b(?:on the other hand|as well|also)\b|\b(?:can|will|would|must|should|may|is|are)\s+then\b",
    re.IGNORECASE,
)
"""A first sentence that goes on from the passage before it: "So, if you cannot launch an EC2 instance ...", "IAM
Service Control Policy (SCP), on the other hand, is ...", "The server will then find the correct certificate",
"Difference: you cannot control access without them" (after "“similar” to S3 bucket policies")."""


def _continued(docs: Sequence[_Doc], merges: list[Merge]) -> list[Merge]:
    """The merges less those hiding a passage whose next passage in its section goes on from it and is shown: hidden,
    it left "So, if you cannot launch an EC2 instance in your subnet" without "IPv4 cannot be disabled for your VPC
    and subnets" (a reader's review of the site found such fragments on 6 of 8 pages). Its twin never said what
    goes on from it (on the real notes), so the shown passage cannot go with it.
    """
    hidden = {merge.duplicate for merge in merges}
    needed = set()
    for passages in _in_section_order(docs):
        for before, after in itertools.pairwise(passages):
            shown_after = before.key in hidden and after.key not in hidden
            if shown_after and _reads_on(before, after):
                needed.add(before.key)
    return [merge for merge in merges if merge.duplicate not in needed]


def _reads_on(before: Passage, after: Passage) -> bool:
    """Whether `after` reads on from `before`: it goes on from it, is a fragment of it, is the rest of its sentence,
    or speaks by pronoun of the subject `before` defined.
    """
    return (
        _goes_on(after.text)
        or _a_fragment_of(after, before)
        or _wraps_into(before, after)
        or bool(_DEFINES.match(strip_markup(before.text)) and _IT.match(strip_markup(after.text)))
    )


_DEFINES = re.compile(r"^\W*(?:(?:AWS|Amazon)\s+)?[A-Z][\w@&/-]*(?:\s+[\w@&/()-]+){0,4}\s+(?:is|are)\s+(?:an?|the)\b")
"""A passage that says what its subject is ("Amazon ECR is a fully managed container registry")."""
_IT = re.compile(r"^\W*(?:it|they)\s", re.IGNORECASE)
"""A passage that goes on about the subject the passage before defined, by pronoun: hidden, the definition left
"It provides high availability, security, and scalability ..." opening ECR's summary, and "It uses all the
components we've seen before" opening the Udemy notes' Elastic Beanstalk (two blind reviews)."""


def _a_fragment_of(item: Passage, before: Passage) -> bool:
    """Whether a list item is a fragment of the item before it: a word or two, no sentence, not bold (the Udemy notes'
    "Maintenance Window contains - Schedule", then "Duration": hidden, the first left "Duration" alone, a blind
    review of the SSM page).
    """
    words = strip_markup(item.text).split()
    return (
        bool(item.group)
        and item.group == before.group
        and "**" not in item.text
        and 0 < len(words) <= FRAGMENT_WORDS
        and words[-1][-1:].isalnum()
    )


def _wraps_into(before: Passage, item: Passage) -> bool:
    """Whether a list item is the rest of the item before it, which a pasted slide's line break cut in two: the
    first ends mid-sentence on a word, the second opens in lower case (the Udemy notes' "- Enforce IAM Authentication
    for DB, and securely" then "- store credentials in AWS Secrets Manager"; hidden, the first left the second
    alone, and its twin said SSM, a blind review of the RDS page found). One that opens with a label of its own
    ("long polling: WaitTimeSeconds 1-20 sec", in a contributor's terse lower-case notes) is a new line.
    """
    first, rest = strip_markup(before.text).rstrip(), strip_markup(item.text).lstrip()
    wraps = first[-1:].islower() and rest[:1].islower() and not _OWN_LABEL.match(rest)
    return bool(item.group) and item.group == before.group and wraps


_OWN_LABEL = re.compile(r"^[^\s:]+(?:\s+[^\s:]+){0,2}:\s")
"""A line that opens with a label: up to three words and a colon ("long polling: ...")."""


def _headed(docs: Sequence[_Doc], merges: list[Merge]) -> list[Merge]:
    """The merges less those hiding a list item that opens with a bold label while a passage it heads stays shown: a
    label heads the passages after it in its section, up to the next label. The notebook's "- **Spot Instances**:
    short workloads ..." and its discount item, hidden in the Udemy notes' Spot item, left "Useful for workloads
    that are resilient to failure such as: batch jobs, ..." under "- **Savings Plans** ...": a Spot fact read as one
    about Savings Plans (a blind review of the EC2 page). Only the one labelled item of its list heads: in a list of
    labelled items ("**Write Through:** ...", "**Session Store:** ...") a last plain item ("Use case: same as RDS")
    is the list's, not its last label's.
    """
    hidden = {merge.duplicate for merge in merges}
    labels = Counter(doc.passage.group for doc in docs if doc.passage.group and BOLD_LABEL.match(doc.passage.text))
    needed = set()
    for passages in _in_section_order(docs):
        head: Passage | None = None
        for passage in passages:
            if BOLD_LABEL.match(passage.text):
                head = passage if labels[passage.group] == 1 else None
            elif head is not None and head.key in hidden and passage.key not in hidden:
                needed.add(head.key)
    return [merge for merge in merges if merge.duplicate not in needed]


def _in_section_order(docs: Sequence[_Doc]) -> list[list[Passage]]:
    """The passages of each source section, in the order of their raw lines."""
    sections: dict[tuple[str, str], list[tuple[int, Passage]]] = defaultdict(list)
    for doc in docs:
        try:
            place = span_of_key(doc.passage.key)  # a key names its raw lines ("notes.md:12-14")
        except ValueError:
            continue  # a hand-made test page's key: no order to read
        sections[(place.path, doc.passage.context)].append((place.start, doc.passage))
    return [[passage for _, passage in sorted(placed, key=lambda pair: pair[0])] for placed in sections.values()]


_POINTS_BACK = re.compile(r"\b(?:for|in|on|to|of|from|with|into|by|at)\s+(?:that|this|these|those)\s+[a-z]", re.I)
"""A phrase that points back to a thing the passage before named, when it comes early: "Allocates nameservers for
that zone" after DVA's "Route 53 creates a zone file for the domain to be registered" (a blind review found it
pointing at nothing, the step before it hidden)."""
_EARLY_WORDS = 5


def _goes_on(text: str) -> bool:
    first = strip_markup(text.strip().split("\n")[0]).strip()
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
    early = " ".join(sentence.split()[:_EARLY_WORDS])
    return bool(_GOES_ON.search(sentence) or _POINTS_BACK.search(early))


def _whole_enumerations(docs: Sequence[_Doc], merges: list[Merge]) -> list[Merge]:
    """The merges less those that would break an enumeration (`Passage.enumeration`): a numbered procedure missing
    its second step, "four view types:" listing three, or a list left without the line that introduces it ("RAID 0
    is used for striping data across disks (performance):" hidden, its "Use 2 or more disks" shown alone) misleads
    more than a repeat costs.
    """
    members: dict[str, int] = defaultdict(int)
    introduces: dict[str, str] = {}
    for doc in docs:
        if doc.passage.enumeration:
            members[doc.passage.group] += 1
        if doc.passage.lead:
            introduces[doc.passage.lead] = doc.passage.group
    by_key = {doc.key: doc.passage for doc in docs}
    hidden: dict[str, int] = defaultdict(int)
    for merge in merges:
        hidden[by_key[merge.duplicate].group] += bool(by_key[merge.duplicate].enumeration)
    duplicates = {merge.duplicate for merge in merges}

    def keeps_lists_whole(key: str) -> bool:
        group = introduces.get(key)
        whole = group is None or hidden[group] == members[group]
        return whole and _keeps_lists_whole(by_key[key], hidden, members, duplicates)

    return [m for m in merges if keeps_lists_whole(m.duplicate)]


def _with_stranded_items(docs: Sequence[_Doc], merges: list[Merge]) -> list[Merge]:
    """The merges plus one per item left alone in its list: every other item of the list is hidden in one twin,
    which holds all the item's words too. Too short to merge pair by pair (`TINY_WORDS`: a label heads what follows
    it), such an item heads nothing in a list its twin tells whole: the notebook's "Hybrid environments." was left
    the only use case of Direct Connect, its two mates hidden in the Udemy notes' "Use Cases:" item, which names
    "Hybrid Environments (on prem + cloud)" too (a blind review).
    """
    kept_of = {merge.duplicate: merge.kept for merge in merges}
    twins_kept = set(kept_of.values())
    by_key = {doc.key: doc for doc in docs}
    lists: dict[str, list[_Doc]] = defaultdict(list)
    for doc in docs:
        if doc.passage.group and not doc.passage.enumeration:
            lists[doc.passage.group].append(doc)
    added = []
    for group in sorted(lists):
        hidden = [doc for doc in lists[group] if doc.key in kept_of]
        stranded = [doc for doc in lists[group] if doc.key not in kept_of]
        twins = {kept_of[doc.key] for doc in hidden}
        if len(twins) != 1 or len(hidden) < 2 or not 0 < len(stranded) < len(hidden):
            continue
        twin = by_key[twins.pop()]
        if twin.passage.group == group or any(doc.key in twins_kept for doc in stranded):
            continue  # the twin is an item of the list itself, or a stranded item is what another passage hides in
        if all(not doc.passage.heads and doc.bag <= twin.bag and not _clash(doc, twin) for doc in stranded):
            added += [Merge(doc.key, twin.key, "contained", 1.0) for doc in stranded]
    return sorted(merges + added, key=lambda m: m.duplicate) if added else merges


def _with_emptied_headings(docs: Sequence[_Doc], merges: list[Merge]) -> list[Merge]:
    """The merges plus one per heading line (`Passage.heads`) whose every passage is hidden: the heading goes to the
    twin most of them went to, if that twin holds the heading's words ("**S3 Glacier Instant Retrieval**" and its two
    lines, all in the Udemy notes' "**Amazon S3 Glacier Instant Retrieval**" item), else it would head nothing.
    """
    kept_of = {merge.duplicate: merge.kept for merge in merges}
    bag_of = {doc.key: doc.bag for doc in docs}
    followers: dict[str, list[str]] = defaultdict(list)
    for doc in docs:
        if doc.passage.under:
            followers[doc.passage.under].append(doc.key)
    added = []
    for doc in docs:
        if not doc.passage.heads or doc.passage.enumeration or doc.key in kept_of:
            continue  # not a heading line, one an enumeration keeps (`_whole_enumerations`), or hidden already
        keys = followers.get(doc.key, ())
        if keys and all(k in kept_of for k in keys):
            twins = Counter(kept_of[k] for k in keys)
            twin = min(twins, key=lambda t: (-twins[t], t))
            if doc.bag <= bag_of[twin]:
                added.append(Merge(doc.key, twin, "contained", 1.0))
    return sorted(merges + added, key=lambda m: m.duplicate)


def _keeps_lists_whole(
    passage: Passage, hidden: Mapping[str, int], members: Mapping[str, int], duplicates: AbstractSet[str]
) -> bool:
    """Whether hiding `passage` leaves its list whole: it is no enumeration's item, or an item of one whose every
    item is hidden (`hidden`, `members`: items per list), and with them the line that introduces it, if any.
    """
    if not passage.enumeration:
        return True
    whole = hidden[passage.group] == members[passage.group]
    return whole and (passage.enumeration in ("numbered", "kinds") or passage.lead in duplicates)


def _whole_lists(
    docs: Sequence[_Doc], merges: list[Merge], idf: dict[str, float], holds: Callable[[int, int], bool]
) -> list[Merge]:
    """The merges, and each enumeration (its introducing line and every item) hidden whole in the passage or list
    that says all of it, read as one passage: item by item, its lines are too short to compare ("It automatically
    modifies storage if:" and its three conditions, all in one item of the Udemy notes), or each twin is the richer
    on some steps and the poorer on others (one AMI-sharing procedure in two notebooks), so no item could be hidden
    without breaking its list (`_whole_enumerations`). Then each passage a list says all of is hidden in it
    (`_hide_in_a_list`). `holds(small, big)`: whether docs[big] says all docs[small] says, as the pair's verdict has
    it.
    """
    by_key = {doc.key: doc for doc in docs}
    lists: dict[str, list[_Doc]] = defaultdict(list)
    for doc in docs:
        if doc.passage.group:
            lists[doc.passage.group].append(doc)
    index = {doc.key: n for n, doc in enumerate(docs)}
    hidden = _Hidden(merges, lambda small, big: holds(index[small], index[big]))
    readings = _Readings(idf)
    for group in sorted(lists):
        items = lists[group]
        unit = _with_lead(items, by_key)
        lead = len(unit) > len(items)
        if not items[0].passage.enumeration or all(doc.key in hidden.merges for doc in unit):
            continue
        if _heads_what_follows(items[-1], docs, index):
            continue
        for target in _units_told_with(unit, hidden, lists, by_key):
            score = readings.score_if_held(unit, target)
            if score is not None and hidden.hide_in(unit, target, idf, lead, score):
                break
    for doc in docs:
        if not doc.passage.enumeration and doc.key not in hidden.merges:
            _hide_in_a_list(doc, hidden, readings, lists, by_key)
    return sorted(hidden.merges.values(), key=lambda m: m.duplicate)


def _heads_what_follows(last: _Doc, docs: Sequence[_Doc], index: Mapping[str, int]) -> bool:
    """Whether a list's last item opens with a bold label and a paragraph of its section follows the list: the
    notebook's "- **Reserved Instances:** long workloads." over "Up to 72% discount compared to On-demand. ...".
    Hidden whole (each item in another twin), the list would leave that paragraph under the item before it,
    "- **On Demand Instances:** ...", as a blind review found. Pair by pair, `Passage.heads` keeps such an item
    shown only when it is alone in its list.
    """
    after = index[last.key] + 1
    if after >= len(docs) or not BOLD_LABEL.match(last.passage.text):
        return False
    following = docs[after].passage
    same_place = following.source == last.passage.source and following.context == last.passage.context
    return same_place and not following.group and not BOLD_LABEL.match(following.text)


def _hide_in_a_list(
    doc: _Doc, hidden: _Hidden, readings: _Readings, lists: Mapping[str, Sequence[_Doc]], by_key: Mapping[str, _Doc]
) -> None:
    """Hide a passage in an enumeration that, read whole, says all of it: DVA's three lines on MFA Delete are in
    the cheat sheet's "Adds MFA requirement ... to the following operations:" list, in no one line of it, and the
    lines the passage held could not be hidden without the rest of their list. Tried with each list some of whose
    items the passage hides; the list's lines are shown again.
    """
    groups = {by_key[key].passage.group for key in hidden.hides[doc.key] if by_key[key].passage.enumeration}
    for group in sorted(groups):
        target = _with_lead(lists[group], by_key)
        if all(t.key in hidden.merges for t in target):
            continue  # told whole by this passage (above): the richer one stays
        score = readings.score_if_held([doc], target)
        if score is not None and hidden.hide_in([doc], target, readings.idf, False, score):
            return


class _Readings:
    """Lists read as one passage (`_read_together`) and verdicts between them, each worked out once: the ×50
    corpus has dozens of copies of each list, and each copy is compared with the same twins.
    """

    def __init__(self, idf: dict[str, float]) -> None:
        self.idf = idf
        self.read: dict[Hashable, tuple[_Doc, float]] = {}
        self.verdicts: dict[tuple[Hashable, Hashable, bool], float | None] = {}

    def reading(self, unit: Sequence[_Doc]) -> tuple[Hashable, _Doc, float]:
        key = tuple(_copy_key(doc.passage, doc.subject) for doc in unit)
        if key not in self.read:
            doc = _read_together(unit)
            self.read[key] = doc, _weight(doc.bag, self.idf)
        return (key, *self.read[key])

    def score_if_held(self, unit: Sequence[_Doc], target: Sequence[_Doc]) -> float | None:
        """The verified score if `target`, read as one passage, says all `unit` says (see `_holds_all`), else None."""
        one, whole, whole_weight = self.reading(unit)
        other, told, told_weight = self.reading(target)
        key = (one, other, unit[0].passage.source == target[0].passage.source)
        if key not in self.verdicts:
            outcome = _verify(whole, told, self.idf, (whole_weight, told_weight))
            held = isinstance(outcome, tuple) and _holds_all(whole, told, outcome, len(target) == 1)
            kinds = "kinds" in (unit[0].passage.enumeration, target[0].passage.enumeration)
            if held and isinstance(outcome, tuple) and outcome[2] != "exact" and kinds:
                held = outcome[1] >= KINDS_CONTAIN
            self.verdicts[key] = outcome[1] if held and isinstance(outcome, tuple) else None
        return self.verdicts[key]


def _holds_all(whole: _Doc, told: _Doc, outcome: tuple[_Doc, float, MergeKind], alone: bool) -> bool:
    """Whether `told` says all `whole` says: the verdict hides `whole`, or `told` is `alone`, one passage, and the
    two are rewordings of each other with nothing of `whole` missing from `told`: that passage is never hidden in a
    list, and the list is better hidden than shown twice. Of two lists, the verdict hides the poorer.
    """
    if outcome[0] is whole:
        return True
    return alone and outcome[2] == "near" and not _clash(whole, told) and not _apart(whole, told)


def _read_together(unit: Sequence[_Doc]) -> _Doc:
    """Passages of one list (its introducing line first) read as one passage under their heading."""
    if len(unit) == 1:
        return unit[0]
    first = unit[0].passage
    text = "\n".join(doc.passage.text for doc in unit)
    together = _doc(replace(first, key=f"{first.key}+{len(unit)}", text=text, heads=False), unit[0].order)
    assert together is not None  # its parts have words
    return replace(together, topic=unit[-1].topic, heading=unit[-1].heading, subject=unit[-1].subject)


class _Hidden:
    """The merges of a page by hidden passage, and the passages each shown one hides, as whole lists change them."""

    def __init__(self, merges: Iterable[Merge], holds: Callable[[str, str], bool]) -> None:
        self.holds = holds
        self.merges = {merge.duplicate: merge for merge in merges}
        self.hides: dict[str, set[str]] = defaultdict(set)
        for merge in self.merges.values():
            self.hides[merge.kept].add(merge.duplicate)

    def root(self, key: str) -> str:
        """The shown passage at the end of `key`'s chain of merges."""
        seen = {key}
        while key in self.merges and self.merges[key].kept not in seen:
            key = self.merges[key].kept
            seen.add(key)
        return key

    def show(self, key: str) -> None:
        merge = self.merges.pop(key, None)
        if merge is not None:
            self.hides[merge.kept].discard(key)

    def hide(self, merge: Merge) -> None:
        self.show(merge.duplicate)
        self.merges[merge.duplicate] = merge
        self.hides[merge.kept].add(merge.duplicate)

    def hide_in(
        self, unit: Sequence[_Doc], target: Sequence[_Doc], idf: dict[str, float], lead: bool, score: float
    ) -> bool:
        """Hide every passage of `unit` in a passage of `target`: its introducing line (`lead`) in the target's
        first, each item in the one that shares most of its words. The target's passages are shown (one hidden in
        the unit is shown again); a passage hidden in one of the unit's goes on to that one's twin if the twin holds
        it too (a copy of the list's item), else it is shown. False: the target is hidden itself.
        """
        members = {doc.key for doc in unit}
        shown = [doc for doc in target if doc.key not in self.merges or self.merges[doc.key].kept in members]
        if not shown:
            return False
        for doc in shown:
            self.show(doc.key)
        for n, doc in enumerate(unit):
            twin = shown[0] if lead and n == 0 else max(shown, key=lambda t: (_weight(doc.bag & t.bag, idf), -t.order))
            exact = doc.exact == twin.exact
            followers = sorted(self.hides[doc.key] - members)
            self.hide(Merge(doc.key, twin.key, "exact" if exact else "contained", 1.0 if exact else score))
            for key in followers:
                if self.holds(key, twin.key):
                    self.hide(replace(self.merges[key], kept=twin.key))
                else:
                    self.show(key)
        return True


def _units_told_with(
    unit: Sequence[_Doc], hidden: _Hidden, lists: Mapping[str, Sequence[_Doc]], by_key: Mapping[str, _Doc]
) -> Iterator[tuple[_Doc, ...]]:
    """What might say all of `unit`: each passage a member is hidden in or hides, alone, then with its list."""
    members = {doc.key for doc in unit}
    twins = {hidden.root(key) for key in members if key in hidden.merges}
    twins.update(*(hidden.hides[key] for key in members))
    for key in sorted(twins - members):
        twin = by_key[key]
        yield (twin,)
        whole = _with_lead(lists[twin.passage.group], by_key) if twin.passage.group else []
        if len(whole) > 1 and not members & {doc.key for doc in whole}:
            yield tuple(whole)


def _with_lead(items: Sequence[_Doc], by_key: Mapping[str, _Doc]) -> list[_Doc]:
    """A list's items, after the line that introduces it if it has one."""
    lead = by_key.get(items[0].passage.lead)
    return ([lead] if lead is not None else []) + list(items)


def _read_page(passages: Sequence[Passage]) -> tuple[list[_Doc], list[_Copies]]:
    """Every passage read, and grouped with its verbatim copies (one text under one heading path): a copy shares its
    first's reading, so a notebook pasted into another costs one reading per passage, not one per copy.
    """
    readings: dict[Hashable, _Doc | None] = {}
    kept: list[tuple[int, Passage, _Doc]] = []
    headings = _heading_lines(passages)
    for n, passage in enumerate(passages):
        subject = _subject(passage, headings)
        key = _copy_key(passage, subject)
        if key not in readings:
            read = _doc(passage, n)
            readings[key] = read and replace(read, subject=subject)
        reading = readings[key]
        if reading is not None:
            kept.append((n, passage, reading))
    topics = _with_topics([reading for _, _, reading in kept])
    docs = [
        topic if topic.passage is passage else replace(topic, passage=passage, order=n)
        for (n, passage, _), topic in zip(kept, topics, strict=True)
    ]
    members: dict[int, list[int]] = defaultdict(list)
    for index, (_, _, reading) in enumerate(kept):
        members[id(reading)].append(index)
    return docs, [_Copies.of(docs, tuple(group)) for group in members.values()]


def _copy_key(passage: Passage, subject: frozenset[str]) -> Hashable:
    """What makes two passages copies: everything a verdict reads but their source and place (`subject`: the words of
    what the passage is told of, `_subject`).
    """
    return passage.text, passage.context, subject


def _with_topics(docs: list[_Doc]) -> list[_Doc]:
    """Each passage's heading words less the page's own name ("IAM" on the IAM page) and the words on a large share
    of its headings: "IAM Groups" and "AWS IAM Best Practices" are two topics, not two siblings of "IAM". Named
    things stay: "ALB" on the load-balancer page still sets its passages apart from the NLB's. `docs` may hold one
    reading many times (copies): each is worked out once.
    """
    common = _common_words(docs)
    done: dict[int, _Doc] = {}
    for doc in docs:
        if id(doc) not in done:
            heading = _words(doc.passage.context.split(" / ")[-1]) - common
            done[id(doc)] = replace(doc, topic=doc.context - common, heading=heading, subject=doc.subject - common)
    return [done[id(doc)] for doc in docs]


def _heading_lines(passages: Sequence[Passage]) -> dict[str, Passage]:
    """The bold lines that head what follows them as a heading would: a paragraph, or a list's only item (a bold
    item among others names one of a list's members, and the items after it are its siblings, not under it).
    """
    members: Counter[str] = Counter(passage.group for passage in passages if passage.group)
    return {p.key: p for p in passages if p.heads and (not p.group or members[p.group] == 1)}


def _subject(passage: Passage, headings: Mapping[str, Passage]) -> frozenset[str]:
    """The words of what a passage is told of (`_Doc.subject`), before the page's own are set aside."""
    heading = headings.get(passage.under)
    if heading is not None:
        return _bold_words(heading.text)
    first, _, rest = passage.text.strip().partition("\n")
    return _bold_words(first) if rest.strip() and _BOLD_FIRST.match(first.strip()) else frozenset()


_BOLD_FIRST = re.compile(r"^\*\*[^*\n]+\*\*\W*$")


def _bold_words(line: str) -> frozenset[str]:
    """The content words of a line's first bold run (the name in "**Dedicated Hosts**: book ..."), or of all of it,
    less a note in brackets ("Glacier Flexible Retrieval (formerly Amazon S3 Glacier)", "Reserved Instance (1 & 3
    years)"; "ElastiCache (Redis)" keeps its name), words that say how a note is arranged ("Overview", "Tips") and
    Korean words beside English ones.
    """
    bold = re.search(r"\*\*([^*\n]+)\*\*", line)
    words = frozenset(tokens(_BRACKETED_NOTE.sub(" ", bold.group(1) if bold else line))) - FRAME_FILLER
    english = frozenset(word for word in words if word[0].isascii())
    return english or words  # a Korean gloss beside English names nothing more ("Reserved Instance - Instance 구매")


_BRACKETED_NOTE = re.compile(
    r"\((?:formerly|previously|aka|a\.k\.a\.|e\.g\.|i\.e\.|eg|ie|was|now)\b[^()]*\)|\([^()]*\d[^()]*\)", re.IGNORECASE
)
"""A bracket that notes something of the name before it (an old name, an example, a number), not a name itself."""


def _common_words(docs: Sequence[_Doc]) -> frozenset[str]:
    """The page's own name and the words on a large share of its passages' headings (`_with_topics`)."""
    page = docs[0].passage.page if docs else ""  # every passage of a call is on one page
    return common_words(page, [doc.context for doc in docs], [doc.passage.context for doc in docs])


def common_words(page: str, contexts: Sequence[frozenset[str]], headings: Sequence[str] = ()) -> frozenset[str]:
    """The page's own name and the words on a large share of its passages' headings (each passage's heading words
    in `contexts`, its heading path in `headings`): on that page they tell no passage apart.
    """
    seen: dict[str, int] = defaultdict(int)
    for context in contexts:
        for word in context:
            seen[word] += 1
    common = {word for word, n in seen.items() if n >= max(COMMON_MIN, COMMON_SHARE * len(contexts))} - NAMED
    return frozenset(common) | _page_words(page) | _page_name_spelled_out(page, headings)


def _page_name_spelled_out(page: str, headings: Sequence[str]) -> frozenset[str]:
    """The words of the page's name where a heading spells it out ("1.13.8. Simple Queue Service (SQS)" on the SQS
    page): a share of headings alone made "simple" a page word only until a contributor's notebook added sections
    headed "SQS", and DVA's "up to 15 days" and the Udemy notes' "up to 14 days" were then framed apart.
    """
    name = page.replace("-", "").casefold()
    return frozenset(
        word
        for heading in set(headings)
        for found in find_expansions(heading)
        if found.term.casefold() == name
        for word in tokens(found.expansion)
    )


def _page_words(page: str) -> frozenset[str]:
    """The words of the page's own name ("s3", "route53"): on its own page, a name that tells nothing apart."""
    return frozenset(tokens(page.replace("-", " ")))


def _words(heading: str) -> frozenset[str]:
    """A heading's content words without its section number ("1.2.5.3. Stopped State" → stop, state)."""
    return frozenset(word for word in tokens(heading) if not word[0].isdigit())


def _offer(best: dict[int, _Ranked], small: int, ranked: _Ranked) -> None:
    """Keep, for each duplicate, its best-scoring richer twin (ties: the richer one)."""
    if small not in best or ranked[:2] > best[small][:2]:
        best[small] = ranked


def _candidates(docs: list[_Doc], df: dict[str, int], floor: float) -> list[tuple[int, int]]:
    """Pairs sharing one of the rarest tokens of either passage (prefix filtering: every pair with at least `floor`
    of one passage's words in the other is found), and pairs of exact copies, each pair once, sorted.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    for n, doc in enumerate(docs):
        for word in doc.bag:
            postings[word].append(n)
    pairs: set[tuple[int, int]] = set()
    by_exact: dict[str, list[int]] = defaultdict(list)
    for n, doc in enumerate(docs):
        by_exact[doc.exact].append(n)
        rare = sorted(doc.bag, key=lambda w: (df[w], w))
        prefix = rare[: int(len(rare) * (1 - floor)) + 1]
        for word in prefix:
            if df[word] > MAX_POSTING:
                continue
            pairs.update((min(n, m), max(n, m)) for m in postings[word] if m != n)
    for same in by_exact.values():
        pairs.update((a, b) for a in same for b in same if a < b)
    return sorted(pairs)


def _weight(words: Iterable[str], idf: dict[str, float]) -> float:
    """Sum of IDF weights, rounded. Set order varies between runs, floats must not: `math.fsum` is exactly rounded,
    so its result does not depend on the order it adds in.
    """
    get = idf.get
    return round(math.fsum([get(w, 1.0) for w in words]), 9)


@dataclass(frozen=True)
class _Gray:
    """A pair only a semantic similarity can settle: `small` is the one that would be hidden."""

    small: _Doc


@dataclass(frozen=True)
class _Copies:
    """Verbatim copies of one passage (same text, same heading path) on a page, as indices into its docs, in order.

    The verdict on a pair depends on the two texts, their headings, whether they share a source and which is the
    richer (between copies: the earlier), never on which copy it is. The benchmark's ×50 corpus has dozens of copies
    of most passages: judged pair by pair, deduplication grew with the square of the copies.
    """

    members: tuple[int, ...]
    by_source: dict[str, tuple[int, ...]]

    @classmethod
    def of(cls, docs: Sequence[_Doc], members: tuple[int, ...]) -> _Copies:
        by_source: dict[str, list[int]] = defaultdict(list)
        for n in members:
            by_source[docs[n].passage.source].append(n)
        return cls(members, {source: tuple(group) for source, group in by_source.items()})


_Outcome = tuple[_Doc, float, MergeKind] | Conflict | _Gray | None


class _Verdicts:
    """`_verify` of two passages, worked out once per two copy groups, shared source or not, and order."""

    def __init__(self, docs: Sequence[_Doc], copies: Sequence[_Copies], idf: dict[str, float]) -> None:
        self.docs, self.idf = docs, idf
        self.group = [0] * len(docs)
        for g, group in enumerate(copies):
            for n in group.members:
                self.group[n] = g
        weights = [_weight(docs[group.members[0]].bag, idf) for group in copies]
        self.totals = [weights[g] for g in self.group]
        self.alone = [len(copies[g].members) == 1 for g in self.group]
        self.seen: dict[tuple[int, int, bool, bool], tuple[int, int, _Outcome]] = {}

    def __call__(self, i: int, j: int) -> _Outcome:
        a, b = self.docs[i], self.docs[j]
        if self.alone[i] and self.alone[j]:
            return _verify(a, b, self.idf, (self.totals[i], self.totals[j]))  # most passages: nothing to share
        key = (self.group[i], self.group[j], a.passage.source == b.passage.source, i < j)
        if key not in self.seen:
            self.seen[key] = (i, j, _verify(a, b, self.idf, (self.totals[i], self.totals[j])))
        first_i, first_j, outcome = self.seen[key]
        if (first_i, first_j) == (i, j) or outcome is None:
            return outcome
        first_a = self.docs[first_i]
        if isinstance(outcome, Conflict):
            low, high = sorted((a.key, b.key))
            return Conflict(low, high, outcome.why)
        if isinstance(outcome, _Gray):
            return _Gray(a if outcome.small is first_a else b)
        _, score, kind = outcome
        return (a if outcome[0] is first_a else b), score, kind


def _pairs(
    docs: Sequence[_Doc], copies: Sequence[_Copies], df: dict[str, int], floor: float, verdict: _Verdicts
) -> Iterator[tuple[int, int]]:
    """The pairs of passages to verify: candidates (`_candidates`) between copy groups and within one, and of their
    copies only the pairs whose verdict can count (see `_copy_pairs`).
    """
    firsts = [docs[group.members[0]] for group in copies]
    groups = _candidates(firsts, df, floor) + [(g, g) for g, group in enumerate(copies) if len(group.members) > 1]
    for g, h in groups:
        one, other = copies[g], copies[h]
        if len(one.members) == 1 and len(other.members) == 1 and g != h:
            yield one.members[0], other.members[0]  # most pairs: two passages without copies
        else:
            yield from _copy_pairs(docs, one, other, verdict)


def _copy_pairs(docs: Sequence[_Doc], one: _Copies, other: _Copies, verdict: _Verdicts) -> Iterator[tuple[int, int]]:
    """The pairs of copies of `one` and `other` (two groups, or one group twice) whose verdict can count.

    Every pair with a shared source (or every pair without) gets the same verdict, up to which copy is which. For a
    merge, each duplicate keeps only its best twin, the earliest copy (richness ties are broken by order): that pair
    alone is verified. A conflict, a gray pair, or a verdict that turns on which copy comes first, needs every pair.
    """
    within = one is other
    tie = not within and docs[one.members[0]].richness[:2] == docs[other.members[0]].richness[:2]
    for same in (False, True):
        first = _first_pair(docs, one, other, same)
        if first is None:
            continue
        outcome = verdict(*first)
        if outcome is None:
            continue
        if tie or not isinstance(outcome, tuple) or (within and outcome[0] is docs[first[0]]):
            yield from _every_pair(docs, one, other, same)
            continue
        small, big = (one, other) if outcome[0] is docs[first[0]] else (other, one)
        for n in small.members:
            twin = _earliest_twin(docs, n, big, same)
            if twin is not None and (not within or twin < n):
                yield n, twin


def _earliest_twin(docs: Sequence[_Doc], n: int, group: _Copies, same: bool) -> int | None:
    """The earliest copy in `group` other than `n` whose source is (`same`) or is not `n`'s."""
    source = docs[n].passage.source
    if same:
        return next((m for m in group.by_source.get(source, ()) if m != n), None)
    return next((m for m in group.members if docs[m].passage.source != source), None)


def _first_pair(docs: Sequence[_Doc], one: _Copies, other: _Copies, same: bool) -> tuple[int, int] | None:
    """One pair of copies (earlier first within one group) that shares a source (`same`) or does not, if any."""
    if same:
        for source, group in one.by_source.items():
            if one is other and len(group) > 1:
                return group[0], group[1]
            if one is not other and source in other.by_source:
                return group[0], other.by_source[source][0]
        return None
    for n in one.members:
        twin = _earliest_twin(docs, n, other, same=False)
        if twin is not None:
            return (n, twin) if one is not other or n < twin else (twin, n)
    return None


def _every_pair(docs: Sequence[_Doc], one: _Copies, other: _Copies, same: bool) -> Iterator[tuple[int, int]]:
    for a in one.members:
        for b in other.members:
            if (one is not other or a < b) and (docs[a].passage.source == docs[b].passage.source) == same:
                yield a, b


def _verify(
    a: _Doc, b: _Doc, idf: dict[str, float], totals: tuple[float, float]
) -> tuple[_Doc, float, MergeKind] | Conflict | _Gray | None:
    """A merge (the duplicate, score, kind), a conflict, or nothing.

    The duplicate is the passage more contained in the other; when each holds the other (a rewording), the less
    rich one. Its facts must all be in the kept passage: a clash vetoes the merge and may be a conflict.
    """
    if _one_section(a, b) and a.exact != b.exact:
        return None  # one author's look-alikes side by side: parallel facts or examples, not one fact twice
    shared = a.bag & b.bag
    weight = _weight(shared, idf)
    in_b, in_a = _held(a, b, shared, weight, idf, totals[0]), _held(b, a, shared, weight, idf, totals[1])
    if max(in_a, in_b) < CONFLICT_FLOOR and a.exact != b.exact:
        return None  # too little in common to be one fact or two sides of one question
    near = min(in_a, in_b) >= NEAR or a.exact == b.exact
    if near:
        small, big = (a, b) if a.richness < b.richness else (b, a)
    else:
        small, big = (a, b) if (in_b, b.richness) > (in_a, a.richness) else (b, a)
    contain = max(in_a, in_b) if not near else (in_b if small is a else in_a)
    clash = _clash(small, big)
    if clash:
        return _conflict(small, big, clash, idf)
    exact = a.exact == b.exact
    line = not near and small.passage.source == big.passage.source and _repeats_a_line(small, big)
    if not line and not _same_heading(small, big, exact):
        return None
    if not near and _general_in_particular(small, big):
        return None
    if exact:
        return None if _apart(small, big) else (small, 1.0, "exact")
    one_author = small.passage.source == big.passage.source and not near and not line
    if one_author and not _restated(small, big) and not _sums_up(small, big):
        return None  # one author's shorter look-alike is a parallel fact or a summary's point more often than a repeat
    if len(small.bag) <= TINY_WORDS and not line and not _a_sentence(small) and not _one_statement(small, big, near):
        return None  # "MAC Address", "How it works:": hidden, a label orphans the lines it heads
    if not near and len(big.bag) > BLOB_RATIO * len(small.bag) + BLOB_SLACK and not _in_one_line(small, big, idf):
        return None  # a short fact "contained" in a long run-on passage shares common words, not the fact
    if contain < _containment_needed(small, big):
        gray = contain >= GRAY_FLOOR and len(small.bag) > TINY
        return _Gray(small) if gray and not _apart(small, big) else None
    ratio = fuzz.token_set_ratio(" ".join(sorted(small.bag)), " ".join(sorted(big.bag)))
    if ratio < FUZZ_FLOOR or _apart(small, big):  # asked last: most candidate pairs never get this far
        return None
    return small, round(contain, 3), "near" if near else "contained"


def _containment_needed(small: _Doc, big: _Doc) -> float:
    """`CONTAIN`, all of a `TINY` passage, or `QUANTIFIED_CONTAIN` of one whose quantities its twin all tells."""
    if len(small.bag) <= TINY:
        return 1.0
    quantities = small.sig.quantities
    return QUANTIFIED_CONTAIN if len(quantities) >= 2 and quantities <= big.sig.quantities else CONTAIN


def _held(one: _Doc, other: _Doc, shared: frozenset[str], weight: float, idf: dict[str, float], total: float) -> float:
    """The share (by weight) of `one`'s words that `other` holds (`shared`, of `weight`), a word misspelt in one of
    them ("Labda" / "Lambda", the PDF's "acess") counted as held: with `CONTAIN` near 1, one typo would keep a copy
    apart. Only a passage missing at most `TYPOS` words is looked at for them: most candidate pairs miss more.
    """
    if weight < CONTAIN * total and len(one.bag) - len(shared) <= TYPOS:
        theirs = other.bag - shared
        weight += _weight(frozenset(w for w in one.bag - shared if _misspelt(w, theirs)), idf)
    if weight < CONTAIN * total and (units := _units_told_alike(one, other)):
        weight += _weight(frozenset(w for w in one.bag - shared if unit_of_token(w) in units), idf)
    return round(weight / total, 9)


def _units_told_alike(one: _Doc, other: _Doc) -> frozenset[str]:
    """The units of the quantities both passages state: a unit written out ("300 seconds") is one word more than the
    same unit glued to its number ("300s"), and no fact of its own (the Udemy notes' and the notebook's cooldown).
    """
    return frozenset(unit for _, _, unit in one.sig.quantities & other.sig.quantities if unit)


def _may_be_misspelt(word: str) -> bool:
    return len(word) >= TYPO_LENGTH and word not in NAMED and word not in _OPPOSITE_WORDS and word.isalpha()


def _misspelt(word: str, others: frozenset[str]) -> bool:
    """Whether a word (no name, no digits) is one of `others` misspelt: not one with a prefix before the other
    ("async" / "sync", "unencrypted" / "encrypted"), nor one of a pair of opposites.
    """
    if not _may_be_misspelt(word):
        return False
    return any(
        abs(len(word) - len(other)) <= 2
        and not word.endswith(other)
        and not other.endswith(word)
        and other not in _OPPOSITE_WORDS
        and fuzz.ratio(word, other) >= TYPO
        for other in others
    )


def _one_statement(small: _Doc, big: _Doc, near: bool) -> bool:
    """Whether a passage of few content words tells exactly the words of its twin, and heads nothing: then it is one
    statement told twice, not a label ("You cannot nest groups (groups within groups)" / "No Nesting: You cannot have
    groups within groups.", the issue's own example, shown twice on the IAM page until a blind review). A label the
    twin only names ("MAC Address" in a list of an ENI's attributes) holds fewer words than the twin.
    """
    return near and small.bag == big.bag and not small.passage.heads and not small.lead_in


def _a_sentence(doc: _Doc) -> bool:
    """Whether a passage of few content words is a statement, not a label: `SENTENCE_WORDS` words or more, and no
    question ("You can have up to 5000 users per AWS account", "How should you send that data into Kinesis?").
    """
    text = strip_markup(doc.passage.text).strip()
    return len(text.split()) >= SENTENCE_WORDS and not text.endswith("?")


def _one_section(a: _Doc, b: _Doc) -> bool:
    """Whether both passages sit in one section of one source ("Inbound ACCEPT, Outbound REJECT ⇒ NACL problem" and
    "Outbound ACCEPT, Inbound REJECT ⇒ NACL problem"; an IPv6 address and its shortened form).
    """
    return a.passage.source == b.passage.source and a.passage.context == b.passage.context


_SUMMARY = re.compile(r"\b(?:summary|recap|key takeaways?|in short|to summari[sz]e)\b", re.I)
"""A heading that sums up what its source said above ("Summary", "Summary of ECS Concepts", "Key Takeaways")."""


def _sums_up(small: _Doc, big: _Doc) -> bool:
    """Whether the shorter passage of one source is a point of a summary section and the richer one is not: the
    summary restates what the source told at length ("**Task Role**: IAM role that provides permissions for
    containers ..." under DVA's "Summary of ECS Concepts", against "**Task Role** is an IAM role that grants
    permissions ..." above it). Blind reviews found such repeats the commonest duplicates left on DVA's pages.
    """
    own, other = (doc.passage.context.rsplit(" / ", 1)[-1] for doc in (small, big))
    return bool(_SUMMARY.search(own)) and not _SUMMARY.search(other)


def _restated(a: _Doc, b: _Doc) -> bool:
    """Whether two passages of one source sit in two sections that carry one section number: DVA's "#### 1.10.8.2.
    Costs" and, after it, a pasted answer's "### **1.10.8.2. Costs**". The second restates the first at length, so
    a shorter line of the first is a repeat ("No free-tier option" / "**No Free-Tier**: Aurora does not offer a free
    tier, ..."), not one author's parallel fact.
    """
    if a.passage.context == b.passage.context:
        return False
    number = _own_number(a.passage.context)
    return number is not None and number == _own_number(b.passage.context)


def _own_number(context: str) -> str | None:
    """The section number (three parts or more: "1.10.8.") of the passage's own section's heading, if any: not an
    ancestor's, which every subsection under it shares.
    """
    number = _SECTION_NUMBER.match(context.rsplit(" / ", 1)[-1])
    return number.group(1) if number else None


_SECTION_NUMBER = re.compile(r"\s*(\d+\.\d+\.\d+(?:\.\d+)*)\.?\s")


def _repeats_a_line(small: _Doc, big: _Doc) -> bool:
    """Whether the smaller passage is, word for word, a line of the richer one of its source, which also names the
    smaller one's heading: one author writing one list twice, once a heading per item ("Edge-Optimized (default)")
    and once as one list whose items start with those names. The heading check keeps a line said of two things
    apart ("Minimum storage duration is 90 days" under two storage classes).
    """
    if not small.heading or not small.heading <= big.bag or "\n" in small.passage.text.strip():
        return False
    return any(_exact_text(line) == small.exact for line in big.passage.text.split("\n"))


def _apart(small: _Doc, big: _Doc) -> str:
    """Why two passages that share their words still state different things, or "".

    - A lead-in ("Use S3 bucket policies if:") is the head of the list after it: hidden, that list loses its subject.
      So is a bold line with lines under it (`Passage.heads`), whatever its length.
    - An exam tip is not hidden in a passage that is none: the service page's tip box and the exam tips page would
      miss it ("7 instances per AZ: the hard limit", under "Spread Placement Exam PowerUp").
    - Two labelled definitions ("**Application Cookie** - ...", "**Custom Cookie** - ...") define different terms,
      unless one's term is the other's heading (the SG page's "**Statefulness**: ..." and "**Security Groups**: ...").
      A definition of a name ("**A** - maps a domain name to an IPv4 address") is only in a passage that names it.
    - Twins that differ only in a name each ("Calculate RCU per item..." / "Calculate WCU per item...") state the
      same thing of two different subjects.
    - Headings that negate each other ("Supported Transitions" / "Unsupported Transitions") head opposite lists.
    - Headings that each name one different thing (DynamoDB Global Tables / Global Aurora) make one sentence two facts,
      unless the passage names things itself and its twin names its heading's ("Network access controlled via
      security groups" under "VPC Interface Endpoints" is no fact of the SG page's "Security groups are ..."). Nor
      is a passage whose subject only its heading names ("Adopt a WORM model", under "S3 Object Lock") in one that
      names another thing its heading names beside it ("S3 Glacier Vault Lock lets us adopt a WORM model").
    - Sibling sections of one source under a heading of kinds hold each member's facts (`_members_of_kinds`).
    - Passages told of two things by bold lines over them (`_Doc.subject`: "- **S3 Glacier Instant Retrieval**"
      over "Minimum storage duration is 90 days", "**Amazon S3 Glacier Flexible Retrieval:**" over the same words)
      state one fact of each (`_told_of_another`).
    - A property the smaller one asserts (stateful, ephemeral) must be in the richer one, and so must each "A to B"
      pair of a list of them (DMS's "EC2 to RDS, RDS to RDS, RDS to Aurora" is not in "from other cloud providers").
    - A definition of another named thing ("**NACLs** ...", "A Security Group (SG) is ...") does not hold a fact
      about this passage's subject.
    """
    if small.lead_in or big.lead_in:
        return "lead-in"
    if small.passage.heads:
        return "heads lines"  # hidden only with them (`_with_emptied_headings`)
    if small.advice and not big.advice:
        return "exam advice"  # hidden in a passage that is none, a tip went missing from the tips (`examtips`)
    if _other_terms(small, big):
        return f"labels: {' '.join(sorted(small.label))} vs {' '.join(sorted(big.label))}"
    unnamed = small.label & small.names - big.bag - big.context
    if unnamed:
        return f"term not named: {' '.join(sorted(unnamed))}"
    only_small, only_big = small.names - big.bag, big.names - small.bag
    if only_small and only_big and small.bag - big.bag <= only_small and not _typos(only_small, only_big):
        return f"swap: {' '.join(sorted(only_small))} vs {' '.join(sorted(only_big))}"
    negated = _negated(small.heading, big.heading)
    if negated:
        return f"headings: {negated}"
    x, y = small.heading & NAMED, big.heading & NAMED
    if len(x) == 1 and len(y) == 1 and x != y and (not small.bag & NAMED or not x & (big.bag | big.context)):
        return f"headings name {' '.join(sorted(x))} vs {' '.join(sorted(y))}"
    subject, told = x - small.bag, big.bag & y - small.heading - small.bag
    if subject and told and not subject & big.bag:
        return f"subject {' '.join(sorted(subject))} vs {' '.join(sorted(told))}"
    if _members_of_kinds(small, big):
        return "two members of a list of kinds"
    told_apart = _told_of_another(small, big)
    if told_apart:
        return told_apart
    missing = small.bag & PROPERTIES - big.bag
    if missing:
        return f"property: {' '.join(sorted(missing))}"
    untold = _routes(small.passage.text)
    if len(untold) >= MIN_ROUTES:
        untold -= _routes(big.passage.text)
        if untold:
            return f"routes: {' '.join(sorted(f'{a}>{b}' for a, b in untold))}"
    other = big.label & NAMED - small.bag - small.context
    if other and not small.label & NAMED:
        return f"defines {' '.join(sorted(other))}"
    if small.words[0] in NAMED and small.words[0] not in _defined(big):
        defined = _defined(big) & NAMED
        if defined:
            return f"defines {' '.join(sorted(defined))}, not {small.words[0]}"
    return ""


def _told_of_another(small: _Doc, big: _Doc) -> str:
    """Why two passages told of two things (`_Doc.subject`) state one fact of each, or "": the smaller one's subject
    is not named by the twin ("Instant Retrieval" against a Flexible Retrieval item), or the twin's subject says more
    than the smaller one's and the smaller one does not say it ("Standard" against a "Standard-IA" item, where the
    twin's text names "Standard" too). Subjects alike, or one missing, tell nothing apart.
    """
    if not small.subject or not big.subject or small.subject == big.subject:
        return ""
    if big.subject <= frozenset(small.words[: len(big.subject) + 1]):
        return ""  # it opens by naming the twin's subject ("Legal Hold - protect ..."): that is what it is about
    unnamed = small.subject - small.bag - big.bag - big.context
    more = big.subject - small.subject - small.bag - small.context
    if unnamed or more:
        return f"told of {' '.join(sorted(small.subject))}, not {' '.join(sorted(big.subject))}"
    return ""


_ROUTE = re.compile(r"(?<![\w-])([A-Z][\w-]*)\s+(?:to|→|->)\s+([A-Z][\w-]*)")
MIN_ROUTES = 2
"""A passage listing this many "A to B" pairs of names tells each pair: "EC2 to RDS, RDS to RDS, RDS to Aurora"."""


def _routes(text: str) -> frozenset[tuple[str, str]]:
    """The "A to B" pairs of names a passage tells (a migration's or a transition's ends), lowercase."""
    return frozenset((a.lower(), b.lower()) for a, b in _ROUTE.findall(text.replace("**", "")))


def _members_of_kinds(small: _Doc, big: _Doc) -> bool:
    """Whether the two sit in sibling sections of one source under a heading of kinds: DVA's "1.4.9. S3 Object Storage
    Classes" tells "99.99% availability" under "1.4.9.1. S3 Standard" and again under "1.4.9.4. S3 Glacier", a fact of
    each class; hidden as one, the Glacier section lost it and the Standard one seemed to have it from Glacier (a
    blind review).
    """
    if small.passage.source != big.passage.source:
        return False
    one, other = small.passage.context.rsplit(" / ", 1), big.passage.context.rsplit(" / ", 1)
    if len(one) != 2 or len(other) != 2 or one[0] != other[0] or one[1] == other[1]:
        return False
    return KINDS.search(one[0].rsplit(" / ", 1)[-1]) is not None


def _defined(doc: _Doc) -> frozenset[str]:
    """The words of what a passage's first sentence defines: "NACL are like a firewall which control traffic from and
    to subnets" is not in "A Security Group (SG) is a virtual firewall ...".
    """
    definition = _DEFINITION.match(strip_markup(doc.passage.text.strip().split("\n")[0]))
    return frozenset(tokens(definition.group(1))) if definition else frozenset()


def _negated(one: frozenset[str], other: frozenset[str]) -> str:
    """A word of one heading that is a word of the other negated by its prefix ("unsupport" / "support"), or ""."""
    for a, b in ((one, other), (other, one)):
        for word in sorted(a):
            for prefix in NEGATING_PREFIXES:
                if word.startswith(prefix) and word[len(prefix) :] in b:
                    return f"{word} vs {word[len(prefix) :]}"
    return ""


def _other_terms(small: _Doc, big: _Doc) -> bool:
    """Whether the two passages define different terms (see `_apart`)."""
    x, y = small.label, big.label
    if not x or not y or x <= y or y <= x or x <= big.context or y <= small.context:
        return False
    return "\n" not in big.passage.text.strip() or not x <= big.bag


def _typos(one: frozenset[str], other: frozenset[str]) -> bool:
    """Whether every word of `one` is a misspelling ("labda" / "lambda") or a part ("vpn" / "sitevpn") of one of
    `other`.
    """
    return all(any(a in b or b in a or (len(a) >= 4 and fuzz.ratio(a, b) >= TYPO) for b in other) for a in one)


_LINE_OR_SENTENCE = re.compile(r"\n|(?<=[\w)*])\.\s+(?=[A-Z*])")
"""Where a passage's lines end, and its sentences: the notebook tells several facts in one paragraph on one line
("... a rule group is a reusable set of rules. Web ACL are regional except for CloudFront.")."""


def _in_one_line(small: _Doc, big: _Doc, idf: dict[str, float]) -> bool:
    """Whether a few adjacent lines or sentences (`_LINE_OR_SENTENCE`) of a long passage (a list item's sub-items)
    hold the short one: then it is the same fact, told in the one place. Adjacent, and no more words than a passage
    `BLOB_RATIO` times the short one's: the Udemy notes' health-check item tells "About 15 global health checkers" and
    "If > 18% of health checkers report the endpoint is healthy" four sub-items apart, the notebook in two sentences
    of one paragraph. A passage of `TINY` words or fewer must be in one line: three of "CloudWatch Alarms are on a
    single metric" are in any few lines about alarms.
    """
    total = _weight(small.bag, idf)
    if not total:
        return False
    limit = BLOB_RATIO * len(small.bag) + BLOB_SLACK
    lines = [frozenset(_without_glosses(line)) for line in _LINE_OR_SENTENCE.split(big.passage.text)]
    reach = len(lines) if len(small.bag) > TINY else 1  # a few words are found in any few lines
    for start in range(len(lines)):
        words: frozenset[str] = frozenset()
        for line in lines[start : start + reach]:
            words |= line
            if len(words) > limit:
                break
            if _weight(small.bag & words, idf) / total >= CONTAIN:
                return True
    return False


def _same_heading(small: _Doc, big: _Doc, exact: bool = False) -> bool:
    """Whether a short passage that names nothing means the same under both headings.

    Headings disagree when they name different things (ALB vs NLB) the passage itself does not name ("EC2 instances"
    under "NLB - Target Groups" and under "GWLB - Target Groups"), or, within one source (whose headings are
    consistent), when neither holds the other and they share less than half their words. Unknown headings agree, and
    so do two sources' headings where the twin names in its own words what the passage's heading is about: the
    Udemy notes' "Bucket settings for Block Public Access" list was shown beside the notebook's "There are bucket
    settings for block public access. These settings were created to prevent company data leaks ...", under "S3
    Bucket Policies" (a user-level review).
    """
    if len(small.bag) > SHORT:
        return True
    named_x, named_y = small.topic & NAMED, big.topic & NAMED
    if named_x and named_y and not named_x & named_y and not small.bag & (named_x | named_y):
        return False
    if small.bag & NAMED or _shared_quantity(small, big):
        return True
    x, y = small.topic, big.topic
    if not x or not y or x <= y or y <= x:
        return True
    if small.passage.source != big.passage.source and x <= big.bag:
        return True  # the twin names in its own words what the passage's heading is about
    if small.passage.source != big.passage.source and exact:
        return True  # a copy across sources: both authors copied the same slide
    overlap = len(x & y) / len(x | y)
    return overlap >= 0.5 or (small.passage.source != big.passage.source and overlap >= HEADING_OVERLAP)


def _general_in_particular(small: _Doc, big: _Doc) -> bool:
    """Whether a passage under a heading that names only the page ("Amazon S3", "AWS KMS") would be hidden in one
    under a heading of its own subject that the passage never names: a general fact is seldom all in a particular
    one. The cheat sheet's "An object is a file uploaded to S3" was hidden in a passage on upload performance, "AMIs
    provide the information required to launch an instance" in one on instance identity (merge audit 5: lost), "AWS
    KMS allows you to centrally manage and securely store your keys" in one on the external key store (audit 3: lost,
    and a blind review of the KMS page). Of the 15 audited merges of this kind, 8 kept every fact.

    So is a passage defining a general term ("Encryption: encrypt objects in Amazon S3 using encryption keys", one of
    S3's security mechanisms) against one under a heading that names a kind of it ("SSE-C (Server-side encryption
    with customer provided keys)"): it was hidden in DVA's SSE-C decryption steps (merge audit 19: lost). A term that
    is a name ("Customer Gateway", CGW) is a thing, not a kind of things: its heading may say more of it.
    """
    if small.label and not small.label & (small.names | NAMED) and small.label < big.heading:
        return True
    return not small.heading and bool(big.heading) and not big.heading & small.bag


def _shared_quantity(small: _Doc, big: _Doc) -> bool:
    """A number with its unit that both state ("5000 users", "10 groups") names the fact whatever the heading."""
    return any(number != "1" for number, _ in small.sig.numbers & big.sig.numbers)


def _clash(small: _Doc, big: _Doc) -> str:
    """Why the two passages cannot be one (a fact of one is contradicted or missing in the other), or ""."""
    for one in sorted(small.bag & _OPPOSITE_WORDS):
        for other in _OPPOSITE_OF[one]:
            if other in big.bag and one not in big.bag and other not in small.bag:
                return f"{one} vs {other}"
    if small.sig.negated != big.sig.negated:
        negative, positive = (small, big) if small.sig.negated else (big, small)
        negated = negated_words(negative.passage.text)  # only here: most pairs agree on negation
        flipped = negated & positive.bag
        if flipped and 2 * len(flipped) >= len(negated):
            return "negation: " + ", ".join(sorted(flipped))
        if flipped and len(small.bag) <= TINY:
            return "denied: " + ", ".join(sorted(flipped))  # "All inbound traffic is blocked" / "NACLs don't block"
    denied = _denied_clause(small, big)
    if denied:
        return "negation: " + ", ".join(sorted(denied))
    numbers = _quantity_clash(small.sig, big.sig)
    if numbers:
        return numbers
    sides = _opposite_sides(small, big)
    if sides:
        return sides
    if _EXCEPT.search(fold(small.passage.text)) and not _EXCEPT.search(fold(big.passage.text)):
        return "exception"  # the hidden one's exception would be lost: "Anytime you need a DB type other than: ..."
    missing = sorted((small.bag - big.bag - big.context) & NAMED)
    if missing:
        return f"named: {', '.join(missing)} vs {', '.join(sorted((big.bag - small.bag) & NAMED)) or 'none'}"
    return _unlisted(small, big) or _swapped_name(small, big)


def _opposite_sides(small: _Doc, big: _Doc) -> str:
    """A side of a property the shorter passage takes (`sides.AXES`) that a line of the richer one takes the other way.
    DVA's SQS list says "Messages are guaranteed in the order they were received" and, a line later, "FIFO with best
    effort": the Udemy notes' "Best-effort message ordering" was hidden in it (a blind review), leaving the page's
    standard-queue section with the guarantee. Whether the two are a dispute is the contrast pass's to judge.
    """
    mine = sides_taken(small.passage.text)
    flipped = sorted(axis for axis, side in mine if (axis, not side) in sides_taken(big.passage.text)) if mine else []
    return f"sides: {', '.join(AXES[axis].name for axis in flipped)}" if flipped else ""


_LISTED = re.compile(r"\b([a-z0-9][\w/-]*)((?:, [a-z0-9][\w/-]*)+),? (?:and|or) ([a-z0-9][\w/-]*)")
"""Three or more words in a row joined by commas and a last "and" / "or": "users, groups and roles"."""
_SLASHED = re.compile(
    r"(?<![\w.])([a-z0-9][\w.+-]*(?: [a-z0-9][\w.+-]*){0,2})((?: / [a-z0-9][\w.+-]*(?: [a-z0-9][\w.+-]*){0,2}){2,})"
)
"""Three or more names of up to three words joined by " / ": "PostgreSQL / MySQL / Oracle / SQL Server / MariaDB"."""


def _unlisted(small: _Doc, big: _Doc) -> str:
    """An item of a run of words the shorter passage lists ("applied to users, groups and roles") that the richer one
    never says: each listed word is a fact. The cheat sheet's "Policies ... can be applied to users, groups and
    roles" was hidden in the notebook's "Users or Groups can be assigned JSON documents called policies" (merge audit
    12: lost), "audience, content and delivery schedule" in a line cut short after "audience,". Names joined by " / "
    list too: the Udemy summary's "Managed PostgreSQL / MySQL / Oracle / SQL Server / MariaDB / Custom" was hidden in
    DVA's SSL/TLS support per engine, which never says Custom (audit 13: lost).
    """
    said = next((word for word in small.listed if word and big.bag.isdisjoint(word)), None)
    return f"listed: {' '.join(said)}" if said else ""


def _swapped_name(small: _Doc, big: _Doc) -> str:
    """A thing the shorter passage names only the richer one's heading names, while the richer one names another that
    the shorter never does: the same sentence about a sibling. Udemy's "If we use a multi-region key, replicated in
    the same region as the Global Aurora DB, then clients ... can use low-latency API calls to KMS" was hidden in
    the notebook's DynamoDB sentence, under a heading naming both ("DynamoDB Global Tables/Global Aurora & KMS MRK
    Client-Side Encryption"): merge audit 12, lost.
    """
    mine = sorted((small.bag - big.bag) & NAMED)
    theirs = sorted((big.bag - small.bag - small.context) & NAMED)
    return f"named: {', '.join(mine)} vs {', '.join(theirs)}" if mine and theirs else ""


_EXCEPT = re.compile(r"\b(?:other than|except|excluding|apart from)\b")


def _denied_clause(small: _Doc, big: _Doc) -> frozenset[str]:
    """Words one passage denies in a clause that a clause of the other asserts whole, unless the other denies them
    too: "It cannot replicate objects with SSE-C" / "Object encrypted with SSE-C can also be replicated". A passage
    with both ("ECS on EC2: you manage instances" and "Fargate: you don't manage instances") contradicts no one.
    """
    if not (small.sig.negated or big.sig.negated):
        return frozenset()  # most pairs: no negation, nothing denied
    one, other = small.clauses, big.clauses
    for x, y in ((one, other), (other, one)):
        for scope in x.denied:
            if any(scope <= clause for clause in y.asserted) and not any(len(scope & d) >= 2 for d in y.denied):
                return scope
    return frozenset()


def _disputed_clause(small: _Doc, big: _Doc) -> str:
    """Where, clause by clause, two passages of different sources disagree, or "": a clause one denies and the other
    asserts, or one statement told twice with another number, limit or property ("five times faster than MySQL and
    three times faster than PostgreSQL" / "5 times faster than MySQL and 2 times faster than PostgreSQL"). The
    clauses must name what they are about: "Minimum storage duration is 90 days" and "... is 180 days" do not say
    which storage class. A blind reader found 5 of the 54 passage-level clashes on the real notes real (tests/data/
    conflict_audit.yml); this finds 4 of them and none of the others.
    """
    named = (NAMED | small.names | big.names) - GENERIC_NAMES - UNIT_WORDS
    denied = _denied_clause(small, big)
    if denied & named:
        return "negation: " + ", ".join(sorted(denied))
    for words, sig in small.stated:
        for other_words, other_sig in big.stated:
            shared = words & other_words
            if len(shared) < 3 or not shared & named or len(shared) < CLAUSE_MATCH * len(words | other_words):
                continue
            for one, other in ((sig, other_sig), (other_sig, sig)):
                if one.quantities and not one.quantities <= other.quantities:
                    clash = _quantity_clash(one, other)
                    if clash and not clash.endswith("vs none"):
                        return clash
            flipped = sig.opposites & DISPUTED_PROPERTIES
            for word in sorted(flipped):
                rival = _OPPOSITE_OF[word][0]
                if rival in other_sig.opposites:
                    return f"{word} vs {rival}"
    return ""


def _quantity_clash(small: Signature, big: Signature) -> str:
    """A number of the smaller passage that the richer one does not state, or states with another comparison."""
    big_numbers = big.numbers
    for comparator, number, unit in sorted(small.quantities):
        if (number, unit) not in big_numbers:
            rivals = sorted(f"{c}{n}{u}" for c, n, u in big.quantities if u == unit and n != number)
            return f"number: {comparator}{number}{unit} vs {', '.join(rivals) or 'none'}"
        others = {_direction(c) for c, n, u in big.quantities if (n, u) == (number, unit)} - {""}
        if _direction(comparator) and others and _direction(comparator) not in others:
            return f"limit: {comparator}{number}{unit} vs {'/'.join(sorted(others))}{number}{unit}"
    return ""


def _direction(comparator: str) -> str:
    return "<" if comparator.startswith("<") else ">" if comparator.startswith(">") else ""


def _conflict(small: _Doc, big: _Doc, why: str, idf: dict[str, float]) -> Conflict | None:
    """A clash is a conflict only across sources ("sources disagree": within one source a clash is a contrast the
    author draws, "version A → 80%", "version B → 20%") and when both are about one thing: most subject words shared.
    """
    if small.passage.source == big.passage.source:
        return None
    if why.endswith("vs none") or why.startswith(("named", "denied", "exception", "listed", "sides")):
        # The richer passage does not mention that number (a different fact), or names other things: measured on the
        # real notes, passages naming different services are nearly always about different things, not a dispute.
        # A tiny passage one of whose words the other denies shares too little to tell a dispute from two facts. An
        # exception only one of them makes is a fact the other leaves out, no dispute.
        return None
    core_small = {w for w in small.bag if _is_subject(w)} | (small.bag & big.bag & NAMED)
    core_big = {w for w in big.bag if _is_subject(w)} | (small.bag & big.bag & NAMED)
    if not core_small:
        return None
    contain = _weight(core_small & core_big, idf) / _weight(core_small, idf)
    if contain < CONFLICT_CORE or not _same_heading(small, big):
        return None
    if not _subject_phrases(small) & _subject_phrases(big):
        return None  # no shared subject ("storage duration", "read replica"): two facts side by side, no dispute
    if fuzz.token_set_ratio(" ".join(sorted(small.bag)), " ".join(sorted(big.bag))) < CONFLICT_RATIO:
        return None
    disputed = _disputed_clause(small, big)
    if not disputed:
        return None  # the passages clash somewhere, but no one statement is told two ways
    a, b = sorted((small.key, big.key))
    return Conflict(a, b, disputed)


def _subject_phrases(doc: _Doc) -> frozenset[tuple[str, str]]:
    """Adjacent pairs of subject words ("read replica", "storag durat"): what a statement is about."""
    words = [w for w in doc.words if w != "not" and not w[0].isdigit()]
    return frozenset(itertools.pairwise(words))


def _is_subject(word: str) -> bool:
    return word != "not" and not word[0].isdigit() and word not in _OPPOSITE_WORDS and word not in NAMED


_OPPOSITE_WORDS = frozenset(w for pair in OPPOSITES for w in pair)
_OPPOSITE_OF: dict[str, tuple[str, ...]] = {
    word: tuple(sorted({b for a, b in OPPOSITES if a == word} | {a for a, b in OPPOSITES if b == word}))
    for word in _OPPOSITE_WORDS
}


def _resolve(docs: list[_Doc], best: dict[int, _Ranked], holds: Callable[[int, int], bool]) -> list[Merge]:
    """Point every duplicate at the end of its chain (a kept passage that is no one's duplicate).

    Each link of a chain is a near match, and near matches do not add up: a duplicate whose twin is itself hidden
    is hidden only if the passage at the end of the chain `holds` it too; otherwise it stays on the page.
    """
    merges = []
    for small, (score, _, big, kind) in best.items():
        root, seen = big, {small}
        while root in best and root not in seen:
            seen.add(root)
            root = best[root][2]
        if root == big or holds(small, root):
            merges.append(Merge(docs[small].key, docs[root].key, kind, score))
    return merges


__all__ = ["NAMED", "Conflict", "DedupeResult", "Merge", "find_duplicates"]
