"""Disputed limits: one limit told by two sources with two numbers, in passages worded apart.

Why a pass of its own: the duplicate finder compares whole passages, so it sees a disagreement only between two
passages that share most of their words. Most disagreements in the notes sit in passages worded apart: "Read Replicas
are a feature that allows us to create one or more read-only copies (max 15)..." / "**Up to 5 Read Replicas**",
"AWS automatically rotates the keys every 1095 days" / "automatic every 1 year for AWS managed keys". Here each
sentence that tells a number is read with what frames it (its heading, the bold line it sits under, the first line
of its list item; for a list item under a line that introduces the list, that line instead of the heading), and set
against the other sources' sentences on the page that tell the same kind of number and share a word, framing
included ("Multipart Upload" / "The minimum data size is 100 MB." and "S3 Multipart Upload" / "Can be used for
objects from 5 MB up to 5 TB").

Two sentences tell one limit two ways when, of different sources:
- they tell one number each of one unit and comparison ("up to 15 days" / "up to 14 days"), within a factor of
  `MAGNITUDE` of each other (long polling's "up to 20 seconds" and retention's "up to 14 days" are two limits), and
  neither tells the other's number at all ("4 days by default and up to 14 days" tells a default and a limit);
- a count counts the same thing ("5 secondary regions" and "16 read replicas" are two limits);
- they name the same things (volume types, services: "st1" and "gp3" are two limits) and share a word besides them
  (Glacier's "storage duration" and "retrieval time" are two limits); for a time, the ways to say how long a thing
  is kept are one word ("stored in Shards for 24 hours (by default, up to 7 days)" / "Retention between 1 day to 365
  days");
- the shorter one's words, frame included, are in the other's but three, the other's frame is in the shorter one's
  but one word, and not each is framed by a word the other lacks ("Reserved" / "Spot" Instances).
Words on most of the page's headings ("instance" on the EC2 page) and a Korean gloss beside English words frame
nothing. Counts of kinds are told two ways too ("recommendation on six categories" / "on 5 categories",
`_disputed_counts`), and so are one number bounded from opposite sides ("100 MB or larger" / "< 100MB") and two
numbers of sentences that agree on a third of another unit (`_bounds_apart`). Inside a list item, a short line with
no number frames the lines under it ("Compute optimized" over "... 52 vCPU"). A number right under a heading of
kinds ("Storage Classes") with no label of its own is told of nothing known, unless its sentence names one of the
kinds listed there (`kinds_named`), and within one source two numbers are a contrast the author draws: neither is
ever a dispute. Blind readers judged the pairs looser forms of these rules find
on the real notes (tests/data/conflict_audit.yml, "limits" to "labels").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from .normalize import GENERIC_NAMES, NAMED, UNIT_WORDS, Told, tokens, told_quantities, with_digits
from .passages import Passage

MAX_POSTING = 60
"""A subject word told with more limits of one kind than this on one page is too common to find a pair by."""
SHORT_SLACK = 3
"""Words of the shorter telling (its frame included) the other may lack: "Message retention: ... up to 14 days" and
"Messages can live on SQS Queue for up to 15 days" word one limit two ways; so do "a shared storage of max 64 TiB
across all replicas" and "Aurora storage automatically grows in increments of 10GB, up to 128 TB" (three words apart).
Four let the notebook's Deep Archive durations, under "S3 Storage Classes", dispute DVA's Glacier ones."""
FRAME_SLACK = 1
"""Words of the longer telling's frame the shorter one may lack."""
MAGNITUDE = 60.0
"""Two tellings of one limit differ by a revision or a slip, not by orders of magnitude: "up to 20 seconds" (long
polling) and "up to 14 days" (retention) are two limits, and so are Deep Archive's "180 days minimum storage
duration" and its "Bulk - 48 hours" retrieval (90×). Multipart upload's "minimum data size is 100 MB" against "from
5 MB up to 5 TB" (20×) is one limit told two ways, and so is Kinesis retention "up to 7 days" against "1 day to 365
days" (52×, a revision)."""
BOUND_SHARED = 2
"""Words two limits that cannot both hold (`_bounds_apart`) must share, frames included: the number itself, or the
one they agree on, ties them already ("recommend", "upload"; "throughput", "IOPS", "HDD")."""
LABEL_WORDS = 3
"""A line of a list item this short, with no number, labels the lines under it ("Storage optimized")."""
_DIGIT = re.compile(r"\d")
SENTENCE = re.compile(r"\n|(?<=[a-z0-9)*])\.\s+|;\s+")
"""Where a passage's sentences part: a line break, a full stop after a word, a semicolon."""
LIMIT_WORDS = frozenset(tokens("max maximum min minimum limit default up to at least most"))
"""Words that say a number is a limit, not what it is a limit of."""
FRAME_FILLER = frozenset(
    tokens(
        "concepts types classes comparison features details summary examples facts options notes basics "
        "introduction considerations points overview exam powerup tips key"
    )
)
"""Heading words that say how a note is arranged, not what it is about ("KMS Key Types", "Key Concepts")."""
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_KEPT_FOR = {word: "retent" for word in tokens("stored store retention retained kept keep lives")}
"""Ways to say how long something is kept, one word for a time limit: "data is stored in Shards for 24 hours (by
default, up to 7 days)" and "Retention between 1 day to 365 days" tell one limit."""
_KINDS = frozenset(tokens("types classes tiers options kinds models families categories"))
"""A heading with one of these lists several things ("S3 Storage Classes", "EC2 Purchasing Options"): a number told
right under it, with no label of its own above it, is one member's, and the export may have lost which."""


@dataclass(frozen=True, slots=True)
class _Limit:
    """One number a sentence tells, with what the sentence is about."""

    key: str
    source: str
    told: Told
    others: frozenset[tuple[str, str, str]]
    """(comparator, value, unit) of every number the sentence tells."""
    subject: frozenset[str]
    """The sentence's content words, numbers, units, limit words and the page's own name aside."""
    frame: frozenset[str]
    """What the sentence sits under: its heading, the bold line above it, its list item's first line."""
    names: frozenset[str]
    """Named things (`NAMED`) in the sentence and its frame."""

    @property
    def kind(self) -> tuple[str, str]:
        return self.told.unit, self.told.comparator

    @property
    def about(self) -> frozenset[str]:
        """The frame's words that name a subject. Not a Korean gloss beside English words ("Reserved Instance (1 & 3
        years) - Instance 구매", purchase): no English telling could share it.
        """
        return frozenset(word for word in self.frame - FRAME_FILLER if not _HANGUL.match(word))

    @property
    def whole(self) -> frozenset[str]:
        return self.subject | self.about


def disputed_limits(
    passages: Sequence[Passage], headings: Mapping[str, frozenset[str]], page_words: frozenset[str]
) -> list[tuple[str, str, str]]:
    """(key, other key, why) for every pair of passages of different sources that tell one limit two ways, sorted.

    `headings`: each passage's nearest heading words, less the words most of the page's headings share;
    `page_words`: the page's own name and the words most of its headings share, which tell nothing apart there.
    """
    texts = {p.key: p.text for p in passages}
    kinds = kinds_named(passages)
    limits = [
        limit for p in passages for limit in _limits(p, headings.get(p.key, frozenset()), texts, page_words, kinds)
    ]
    told_in: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for limit in limits:
        told_in[limit.key].add((limit.told.value, limit.told.unit))
    found: dict[tuple[str, str], str] = {}
    for one, other in _candidates(limits, _kind_of):
        first, second = (one, other) if one.key < other.key else (other, one)
        pair = (first.key, second.key)
        agreed = _agreed_elsewhere(first, second, told_in)
        if one.source != other.source and pair not in found and not agreed and _one_limit_two_ways(first, second):
            found[pair] = f"told: {first.told.written} vs {second.told.written}"
    for one, other in _candidates(limits, _unit_of):
        first, second = (one, other) if one.key < other.key else (other, one)
        pair = (first.key, second.key)
        if one.source != other.source and pair not in found and _bounds_apart(first, second):
            found[pair] = f"told: {first.told.written} vs {second.told.written}"
    for low, high in _disputed_counts(passages, page_words):
        found.setdefault((low.key, high.key), f"counted: {low.written} vs {high.written}")
    return [(a, b, why) for (a, b), why in sorted(found.items())]


_COUNTED = re.compile(
    r"\b(\d+) ((?:[a-z-]+ ){0,2}?)(types?|modes?|kinds?|classes|class|options?|tiers?|levels?|speeds?|categories|"
    r"category|variants?)\b"
)
"""A count of kinds: "VIFs are of two types", "three primary types", "six categories" (number words as digits)."""
COUNTED_WORDS = frozenset(tokens("types modes kinds classes options tiers levels speeds categories variants"))
"""The kind words themselves: what a count counts, not what it is about."""
_OF = re.compile(r" of ([a-z-]+(?: [a-z-]+)?)")
"""What kinds are of, after the kind word: "two types of events"."""
_MAY_COUNT = re.compile(r"(?i)types?|modes?|kinds?|class|options?|tiers?|levels?|speeds?|categor|variants?")
"""A cheap look at the raw text before any folding: a passage without one of these words counts no kinds."""


@dataclass(frozen=True, slots=True)
class Count:
    """How many kinds of a thing a line says there are, with the words of that line and the one after it (the list
    of kinds it opens, usually), the acronyms among them ("VIF"), and what the kinds are of (`subject`: "throughput"
    in "two throughput modes", "events" in "two types of events", the page's own words aside). `written` is the count
    as the box quotes it, with what follows "of" ("2 types of events").
    """

    key: str
    source: str
    number: int
    kind: str
    written: str
    words: frozenset[str]
    acronyms: frozenset[str]
    subject: frozenset[str]


_ACRONYM = re.compile(r"\b[A-Z]{2,}s?\b")
"""A name written in capitals ("VIFs"): two counts that share one speak of one thing."""


def _disputed_counts(passages: Sequence[Passage], page_words: frozenset[str]) -> Iterator[tuple[Count, Count]]:
    """Pairs of counts of one kind of thing, from two sources, with two numbers: the notebook's "It lets us analyze our
    AWS accounts and provides recommendation on six categories" / the Udemy notes' "... on 5 categories" (Trusted
    Advisor; a blind audit judged it real), DVA's "VIFs are of two types: Private VIF ..." / the notebook's "There are
    three primary types: Private VIF ...". The two lines and the lines after them must share two words or a name, the
    count words, numbers and the page's own name aside, or an acronym ("VIF").
    """
    told = sorted((c for p in passages for c in counts(p, page_words)), key=lambda c: (c.key, c.written))
    for i, one in enumerate(told):
        for other in told[i + 1 :]:
            if one.source == other.source or one.kind != other.kind or one.number == other.number:
                continue
            shared = one.words & other.words
            if len(shared) >= 2 or shared & (NAMED | one.acronyms | other.acronyms):
                yield (one, other) if one.key < other.key else (other, one)


def counts(passage: Passage, page_words: frozenset[str]) -> Iterator[Count]:
    """Every count of kinds a passage's lines tell ("VIFs are of two types", "three primary types")."""
    if not _MAY_COUNT.search(passage.text):
        return  # most passages: no word of a kind, so no line worth folding
    lines = [line for line in passage.text.split("\n") if line.strip()]
    for n, line in enumerate(lines):
        for match in _COUNTED.finditer(with_digits(line)):
            number = int(match.group(1))
            if number < 2:
                continue  # "1 are potential options": no count of kinds
            around = " ".join(lines[n : n + 2])
            words = _words(around, page_words) - COUNTED_WORDS - FRAME_FILLER
            acronyms = frozenset(word for found in _ACRONYM.findall(around) for word in tokens(found))
            kind = tokens(match.group(3))[0]
            of = _OF.match(match.string, match.end())
            subject = frozenset(tokens(match.group(2) + (of.group(1) if of else ""))) - COUNTED_WORDS - FRAME_FILLER
            written = match.group(0) + (f" of {of.group(1)}" if of else "")
            yield Count(passage.key, passage.source, number, kind, written, words, acronyms, subject - page_words)


def _limits(
    passage: Passage,
    heading: frozenset[str],
    texts: Mapping[str, str],
    page_words: frozenset[str],
    kinds: Kinds | None = None,
) -> Iterator[_Limit]:
    """Every limit a passage tells: each number of a sentence that has a unit or a comparison ("up to 15").
    `kinds`: the kinds each heading path's passages name (`kinds_named`): under a heading of kinds, a first sentence
    is read only if it names one of them, and that name frames it.
    """
    kinds = kinds or {}
    if not any(is_limit(told) for told in told_quantities(passage.text)):
        return  # most passages: read whole once already (`signature`), so this costs a cache look-up
    lines = [line for line in SENTENCE.split(passage.text) if line.strip()]
    above = _words(texts.get(passage.under, ""), page_words)
    lead = _words(texts.get(passage.lead, ""), page_words)
    if lead:  # "Multipart Upload" over "- The minimum data size is 100 MB.": the list's own label, not the chapter's
        heading, above = frozenset(), above | lead
    of_a_kind = not above and bool(_KINDS.intersection(tokens(passage.context.split(" / ")[-1])))
    for n, sentence in enumerate(lines):
        member = _kind_named(sentence, passage, kinds) if of_a_kind and not n else None
        if of_a_kind and not n and member is None:
            continue  # "Minimum storage duration is 90 days" right under "Storage Classes": of which class?
        told = [t for t in told_quantities(sentence) if is_limit(t)]
        if not told:
            continue
        others = frozenset((t.comparator, t.value, t.unit) for t in told_quantities(sentence))
        subject = _words(sentence, page_words)
        if all(t.unit == "s" for t in told):
            subject = frozenset(_KEPT_FOR.get(word, word) for word in subject)
        within = _words(lines[0], page_words) | _label_above(lines, n, page_words) if n else frozenset()
        frame = heading | above | within | _own_label(sentence, page_words) | ((member or frozenset()) - page_words)
        names = (subject | frame) & NAMED
        for one in told:
            yield _Limit(passage.key, passage.source, one, others, subject, frame - page_words, names)


_KIND_LABEL = re.compile(r"^\s*\*\*([^*\n\d]{2,50})\*\*\s*(?:[-–—:]|\(|$)")
"""A list item or line opening with a kind's name in bold, then a dash, colon or bracket ("**AWS Managed Key** -
..."): a name, not a bold sentence ("**Up to 16 EC2 Instances at a time**") nor a label with a number."""
KIND_WORDS_MAX = 4
"""Words a kind's name has at most: more, and the bold run is a phrase, not a name."""

Kinds = Mapping[str, Sequence[tuple[str, frozenset[str]]]]
"""Heading path → (passage key, words) of each kind its passages name in a bold label (`kinds_named`)."""


def kinds_named(passages: Sequence[Passage]) -> dict[str, list[tuple[str, frozenset[str]]]]:
    """Per heading path, the names its passages open with in bold, with the passage that names each: under a heading
    of kinds ("Types of KMS Keys"), the kinds ("**AWS Managed Key** - created, managed and used ... by AWS"). Words
    are read with the page's own ("key"): a kind's name is all its words.
    """
    out: dict[str, list[tuple[str, frozenset[str]]]] = defaultdict(list)
    for passage in passages:
        label = _KIND_LABEL.match(passage.text)
        words = _words(label.group(1), frozenset()) if label else frozenset()
        if 2 <= len(words) <= KIND_WORDS_MAX:
            out[passage.context].append((passage.key, words))
    return out


def _kind_named(sentence: str, passage: Passage, kinds: Kinds) -> frozenset[str] | None:
    """The one kind of its heading, named by another passage there, whose name a sentence holds whole; None if none,
    several, or the passage names a kind itself. The notebook's "**Automatic key rotation** is automatic every 1 year
    for AWS managed keys", right under "Types of KMS Keys", tells the rotation of the "**AWS Managed Key**" listed
    above it: the KMS box had quoted DVA's 1095 days against one source's "1 year" (a user-level review).
    """
    listed = kinds.get(passage.context, ())
    if any(key == passage.key for key, _ in listed):
        return None  # a kind itself ("**Dedicated Hosts** – ... control instance placement"): not another one's
    said = _words(sentence, frozenset())
    named = {words for key, words in listed if words <= said}
    return next(iter(named)) if len(named) == 1 else None


_OPENING_LABEL = re.compile(r"^\W*([^:\n]{1,40}?):\s")
"""A sentence's own label: "Spot: up to 90% off" (of `LABEL_WORDS` words at most, so "Reserved (1 or 3 yr): ..."
is none)."""


def _own_label(sentence: str, page_words: frozenset[str]) -> frozenset[str]:
    """The words of the label a sentence opens with, if it is short (`LABEL_WORDS`): what its number is of, as a
    bold line above would say. A contributor's "- Spot: up to 90% off" under "purchasing options" was set against
    the Udemy notes' Convertible Reserved Instance's "Up to 66% discount", neither framed by what the other lacks.
    """
    label = _OPENING_LABEL.match(sentence)
    return _words(label.group(1), page_words) if label and len(label.group(1).split()) <= LABEL_WORDS else frozenset()


def _label_above(lines: Sequence[str], n: int, page_words: frozenset[str]) -> frozenset[str]:
    """The words of the nearest short line above line `n`, after the first, that tells no number: a sub-item's label
    over its specs ("Three types of Snowball Edge" / "Compute optimized" / "100TB storage, ..., 52 vCPU").
    """
    for line in reversed(lines[1:n]):
        if len(line.split()) <= LABEL_WORDS and not _DIGIT.search(line):
            return _words(line, page_words)
    return frozenset()


def is_limit(told: Told) -> bool:
    return bool(told.unit or told.comparator) and told.unit != "cidr"


def _words(text: str, page_words: frozenset[str]) -> frozenset[str]:
    return (
        frozenset(
            word
            for word in tokens(text)
            if word != "not" and not word[0].isdigit() and word not in UNIT_WORDS and word not in LIMIT_WORDS
        )
        - GENERIC_NAMES
        - page_words
    )


def _kind_of(limit: _Limit) -> tuple[str, str]:
    return limit.kind


def _unit_of(limit: _Limit) -> tuple[str, str] | None:
    return (limit.told.unit, "") if limit.told.unit else None  # a bare "up to 15" has nothing to anchor or bound


def _candidates(
    limits: Sequence[_Limit], group: Callable[[_Limit], tuple[str, str] | None]
) -> Iterator[tuple[_Limit, _Limit]]:
    """Pairs of limits of one group (`_kind_of`: unit and comparison; `_unit_of`: unit; None: in none) that share a
    word of what they say or what frames them: an inverted index, so a page is never compared all-pairs; a word on
    more than MAX_POSTING limits of a group finds no pair.
    """
    postings: dict[tuple[tuple[str, str], str], list[int]] = defaultdict(list)
    for n, limit in enumerate(limits):
        key = group(limit)
        if key is None:
            continue
        for word in limit.whole - NAMED:
            postings[(key, word)].append(n)
    seen: set[tuple[int, int]] = set()
    for _, members in sorted(postings.items()):
        if len(members) > MAX_POSTING:
            continue
        for i, x in enumerate(members):
            for y in members[i + 1 :]:
                if (x, y) not in seen:
                    seen.add((x, y))
                    yield limits[x], limits[y]


def _agreed_elsewhere(one: _Limit, other: _Limit, told_in: Mapping[str, set[tuple[str, str]]]) -> bool:
    """Whether either passage also tells the other's number as a limit of its own: then the two agree on it, and the
    number they differ in is of something narrower the other does not speak of. The Udemy notes' Reserved Instance
    item says "Up to 72% discount" and, of its Convertible sub-item, "Up to 66% discount"; a contributor's "Reserved
    (1 or 3 yr): up to 72% off" was set against the 66%.
    """

    def tells(limit: _Limit, told: Told) -> bool:
        return (told.value, told.unit) in told_in[limit.key]

    return tells(other, one.told) or tells(one, other.told)


ADVISED = frozenset(tokens("recommended suggested best ideally preferred"))
REQUIRED = frozenset(tokens("must mandatory"))  # `tokens` reads "required", "needs to" as "must"


def _advice_and_rule(one: _Limit, other: _Limit) -> bool:
    """Whether one sentence advises and the other requires: "multi-part recommended for > 100MB" and "Must be used
    for objects larger than 5 GB" are two thresholds of multipart upload, not one told two ways (a contributor's
    notebook). A sentence that says both ("recommended for files < 100MB, must use for files >5GB") is either.
    """

    def says(limit: _Limit) -> tuple[bool, bool]:
        return bool(limit.subject & ADVISED), bool(limit.subject & REQUIRED)

    return {says(one), says(other)} == {(True, False), (False, True)}


def _one_limit_two_ways(one: _Limit, other: _Limit) -> bool:
    """Whether two limits of one kind, from two sources, tell one limit with two numbers (see the module doc)."""
    if one.told.value == other.told.value or one.names != other.names or _advice_and_rule(one, other):
        return False
    if _tells(other, one.told) or _tells(one, other.told):
        return False
    if _two_of_a_kind(one) or _two_of_a_kind(other):
        return False
    if one.told.counted and other.told.counted and one.told.counted != other.told.counted:
        return False
    if magnitude(one.told, other.told) > MAGNITUDE:
        return False
    return _one_subject(one, other)


_BELOW, _ABOVE = frozenset(("<", "<=")), frozenset((">", ">="))


def _bounds_apart(one: _Limit, other: _Limit) -> bool:
    """Two limits of one unit told of one subject that cannot both hold, whatever their comparisons:
    - one number bounded from opposite sides: "recommended for objects of 100 MB or larger" / "recommended for files
      < 100MB";
    - two numbers in sentences that agree on another one, which ties them to one thing at any magnitude: "Up to
      500 MB/s throughput and 40,000 IOPS" / "Max throughput 500 MiB/s – max IOPS 500" (st1, 80 times apart).
    """
    if _two_of_a_kind(one) or _two_of_a_kind(other):
        return False
    if one.told.value == other.told.value:
        if one.names != other.names or _spans(one) or _spans(other):
            return False
        sides = {one.told.comparator, other.told.comparator}
        opposite = bool(sides & _BELOW) and bool(sides & _ABOVE)
        return opposite and len(one.whole & other.whole) >= BOUND_SHARED
    anchors = _anchors(one) & _anchors(other)
    if not anchors or _tells(other, one.told) or _tells(one, other.told) or _advice_and_rule(one, other):
        return False
    if one.names - other.names and other.names - one.names:
        return False  # each names a thing the other does not; one naming nothing is told of the same thing
    return len(one.whole & other.whole) >= BOUND_SHARED


def _spans(limit: _Limit) -> bool:
    """Whether its sentence tells a range in its unit ("Each part can range between 5MB and 5GB"): an end of a span
    is no threshold, and "up to 5GB" per part sits beside "If uploading more than 5GB" of a whole object.
    """
    sides = {comparator for comparator, _, unit in limit.others if unit == limit.told.unit}
    return {">=", "<="} <= sides


def _anchors(limit: _Limit) -> set[tuple[str, str]]:
    """The other numbers its sentence tells in other units: one of the same unit is more likely the other end of a
    range ("1 to 35 days" and "0 to 35 days") than the thing that ties two sentences to one subject.
    """
    return {(value, unit) for _, value, unit in limit.others if unit and unit != limit.told.unit}


def _one_subject(one: _Limit, other: _Limit) -> bool:
    """Whether two limits are told of one subject: the shorter telling's words, frame included, are in the other's
    but `SHORT_SLACK`, the longer one's frame is in the shorter one's but `FRAME_SLACK`, and not each is framed by a
    word the other lacks ("Reserved" vs "Spot" Instances).
    """
    short, long = sorted((one, other), key=lambda limit: (len(limit.whole), limit.key))
    short_frame, long_frame = short.about - long.whole, long.about - short.whole
    if short_frame and long_frame:
        return False  # each is framed by something the other does not name: "Reserved" vs "Spot" Instances
    return len(short.whole - long.whole) <= SHORT_SLACK and len(long_frame) <= FRAME_SLACK


def magnitude(one: Told, other: Told) -> float:
    low, high = sorted((abs(float(one.value)), abs(float(other.value))))
    return high / low if low else float("inf")


def _tells(limit: _Limit, told: Told) -> bool:
    """Whether the limit's sentence tells that number too, with whatever comparison."""
    return any((value, unit) == (told.value, told.unit) for _, value, unit in limit.others)


def _two_of_a_kind(limit: _Limit) -> bool:
    """Whether its sentence tells another number of its kind ("default 4 days, up to 14 days" has one of each, "1 to
    5 minutes" two bare ones): then which number is the limit is unclear.
    """
    return len({value for comparator, value, unit in limit.others if (unit, comparator) == limit.kind}) > 1
