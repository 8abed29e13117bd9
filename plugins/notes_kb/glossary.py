"""The glossary: acronyms the notes spell out ("Elastic Network Interface (ENI)"), found automatically.

Extraction is conservative on purpose: a token is a term only when the notes (or the catalogue) give an expansion
whose word initials spell it (`acronyms.find_expansions`, which lists the forms read).

Each term gets a one-line definition from the notes (the sentence that defines it, or the first sentence under a
heading that introduces it) with the section it stands in, and its service page. Everything here is a pure function
of the model and the catalogue; `glossary_stage` wires it into the pipeline and `tooltips_stage` appends
`*[ENI]: Elastic Network Interface` definitions to generated pages (read by `abbrs.py`, the Korean-aware `abbr`).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from .acronyms import (
    TYPO_RARITY,
    Found,
    content_capitalised,
    expansion_key,
    find_expansions,
    initials_match,
    is_acronym,
    latin_words,
    plain_text,
    plausible,
    singular_term,
    singular_word,
)
from .catalogue import Catalogue, Service
from .classify import GENERAL, SectionRef
from .kbpages import SiteMap
from .knowledge import SERVICES_DIR, without_section_number
from .model import Block, Callout, ListBlock, Paragraph, SourceTree, Table, walk_sections
from .outputs import digest
from .pages import SitePage
from .render import render_title

if TYPE_CHECKING:
    from .pipeline import Build

GLOSSARY_PAGE = "glossary.md"
ABBR_MARKER = "<!-- notes-kb:abbreviations -->"
"""Starts the block of `*[X]: …` definitions appended to a generated page; `abbrs.py` reads only what follows it."""
DEFINITION_CHARS = 220

_ASCII_WORD = re.compile(r"[A-Za-z0-9_]+")
_FIRST_WORD = re.compile(r"(?:[Tt]he\s+)?([A-Za-z0-9]+)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")


@dataclass(frozen=True)
class TextUnit:
    """One piece of note text (a heading, paragraph, list item or table row) as plain text, with its section."""

    text: str
    ref: SectionRef
    heading: bool
    order: int
    depth: int = 0
    """How deep in lists it sits (0: not in a list); a list item is one deeper than the item it is nested in."""
    item: bool = False
    """A list item's own text (not a paragraph inside one)."""


@dataclass(frozen=True)
class Term:
    """A glossary entry."""

    term: str
    expansion: str
    others: tuple[str, ...]
    """Other expansions the notes give (CD: Continuous Delivery, Continuous Deployment)."""
    definition: str
    where: SectionRef | None
    service: str
    """Catalogue slug of its service page, or empty."""
    count: int
    """How many times the notes spell it out (0: known only from the catalogue)."""
    readings: tuple[str, ...] = ()
    """The `others` the notes spell out `READINGS` times or more: the tooltip's (CMK: Customer Master Key)."""
    in_passing: bool = False
    """The definition is only a sentence that spells the term out on its way to another subject ("An Elastic Network
    Interface (ENI) is ... in Amazon Web Services (AWS)" for AWS): the notes never say what it is."""
    named_in: str = ""
    """Where the notes only name it, with no sentence about it: the heading, and the label of the list its name is
    an item of ("Amazon FSx for Lustre › ... workloads such as:" for EDA), shown instead of a bare dash."""
    listed: bool = False
    """`named_in` is a list's: the term is one of its items (else a paragraph or a table row names it)."""


# --- the notes as text units --------------------------------------------------------------------------------------


def text_units(trees: Mapping[str, SourceTree]) -> list[TextUnit]:
    """Headings, paragraphs, list items and table rows of every source, in order (code, quizzes and screenshot
    text are left out: they are not where notes define things).
    """
    units: list[TextUnit] = []
    for source in sorted(trees):
        for ci, chapter in enumerate(trees[source].chapters):
            for index, section in enumerate(walk_sections((chapter,))):
                if MNEMONIC.search(section.title):
                    continue
                ref = SectionRef(source, ci, index)
                units.append(TextUnit(plain_text(section.title), ref, True, len(units)))
                for text, depth, item in _block_texts(section.blocks):
                    units.append(TextUnit(plain_text(text), ref, False, len(units), depth, item))
    return units


MNEMONIC = re.compile(r"(?i)\bmnemonics?\b|\bmemory (?:aid|trick)s?\b")
"""A memory aid, not a definition: the DVA notes' "**Mnemonic**: "**S**tored **C**old (SC)"" and its "SC stands for
**Stored Cold**" made the glossary say SC stands for Stored Cold (a blind review; the volume type is Cold HDD, sc1).
A section headed so, a paragraph opening with the label, and the list right after such a paragraph are skipped."""


def _block_texts(blocks: Sequence[Block], depth: int = 0) -> Iterator[tuple[str, int, bool]]:
    """Each piece of text of `blocks` with its list depth and whether it is a list item's own text."""
    after_mnemonic = False
    for block in blocks:
        if after_mnemonic and isinstance(block, ListBlock):
            after_mnemonic = False
            continue
        after_mnemonic = isinstance(block, Paragraph) and MNEMONIC.match(plain_text(block.text).lstrip()) is not None
        if after_mnemonic:
            continue
        if isinstance(block, Paragraph):
            yield block.text, depth, False
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield item.text, depth + 1, True
                yield from _block_texts(item.children, depth + 1)
        elif isinstance(block, Table):
            for row in (block.header, *block.rows):
                yield " | ".join(row), depth, False
        elif isinstance(block, Callout):
            yield from _block_texts(block.blocks, depth)


# --- definitions ---------------------------------------------------------------------------------------------------


def _sentence_at(text: str, position: int) -> tuple[int, str]:
    """The sentence holding `position`, with the offset where it starts."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() >= position:
            return start, text[start : match.start()]
        start = match.end()
    return start, text[start:]


def _first_sentence(text: str) -> str:
    return _SENTENCE_END.split(text, maxsplit=1)[0]


def one_line(text: str) -> str:
    """A definition short enough for a table cell: cut at a word boundary."""
    if len(text) <= DEFINITION_CHARS:
        return text
    cut = text[:DEFINITION_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:-–") + " …"


def _cell_at(text: str, position: int) -> tuple[int, str]:
    """The cell of a table row (`_block_texts` joins a row's cells with " | ") that holds `position`, with the offset
    where it starts; all of `text` if it is no row. The glossary defined FPGA as "| f1 | Customizable hardware
    acceleration with field programmable gate arrays (FPGAs) | f is for FPGA ..." (a blind review).
    """
    start = text.rfind(" | ", 0, position)
    start = 0 if start < 0 else start + len(" | ")
    end = text.find(" | ", position)
    return start, text[start : end if end >= 0 else len(text)]


LISTED_ITEMS = 6
"""Items of the list a definition ending in a colon introduces that it is read with, at most."""


def _definition(sentence: str, unit: TextUnit, by_order: Mapping[int, TextUnit], term: str, expansion: str) -> str:
    """`sentence` (of `unit`) as a definition of the term, or "" if it is none. A sentence ending in a colon
    introduces the list right after it and says nothing alone ("Customer Gateway (CGW) can represent two things:",
    "EC2 is an IaaS that offer:", a blind review of the glossary): it is read with that list's items, and with no
    such list it defines nothing; nor does a label that says no more than the term ("Amazon SNS (Simple
    Notification Service):" over the reasons SNS needs no certificate).
    """
    if not _says_more(sentence, term, expansion):
        return ""  # a label ("Amazon SNS (Simple Notification Service):") over facts about it is no definition
    if sentence.rstrip().endswith(":"):
        items = _items_after(unit, by_order)
        if not items:
            return ""
        sentence = f"{sentence.rstrip()} {'; '.join(items)}."
    return sentence


def _items_after(unit: TextUnit, by_order: Mapping[int, TextUnit]) -> list[str]:
    """The items of the list right after `unit` one level deeper (nested items of those left out), in order."""
    items: list[str] = []
    order = unit.order + 1
    while len(items) < LISTED_ITEMS and (after := by_order.get(order)) is not None and after.ref == unit.ref:
        if after.heading or after.depth <= unit.depth:
            break
        if after.item and after.depth == unit.depth + 1:
            items.append(after.text.strip().rstrip(".;,"))
        order += 1
    return [item for item in items if item]


def _says_more(sentence: str, term: str, expansion: str) -> bool:
    """A definition must say something beyond the term and its expansion (a bare heading "RPO (…)" does not)."""
    rest = sentence.replace(term, " ")
    for word in latin_words(expansion):
        rest = re.sub(rf"(?i)\b{re.escape(word)}\b", " ", rest)
    return len(latin_words(rest)) >= 4


@dataclass(frozen=True, order=True)
class _Candidate:
    in_passing: bool
    """Spelled out deep in a sentence about something else (`PASSING_WORDS`): a sentence about the term ranks first."""
    rank: int
    order: int
    text: str
    ref: SectionRef


PASSING_WORDS = 3
"""A sentence that spells a term out after this many words is about something else ("Pre-Configured Subnets: The
Default VPC includes a public subnet in each Availability Zone (AZ)"); one that opens with it ("AWS Identity and
Access Management (IAM) allows ...", "A Resource ARN (Amazon Resource Name) is used ...") is about the term. A blind
review of the glossary found 20 entries defined by a sentence about another subject (AWS by an ENI sentence, SMS by
the service that replaced it)."""


def _candidates(
    term: str,
    expansion: str,
    openers: Sequence[TextUnit],
    by_order: Mapping[int, TextUnit],
    spelled: Sequence[tuple[TextUnit, Found]],
    names_only: Callable[[str], bool],
) -> list[_Candidate]:
    """Where a term is defined, best first: a sentence opening with the term and a defining word ("RPO refers to …",
    "ENI (…): A virtual …", "ENI는 …"); then the sentence that spells it out, or the first sentence under a heading
    that does, which must name the term unless the heading says nothing else (`names_only`: "1.13.8. Simple Queue
    Service (SQS)" over "Public service that provides fully managed highly available message queues."); then one
    opening "ACR: …" or "ACR is …" (often a fact about it, not what it is).
    """
    out: list[_Candidate] = []
    for unit in openers:
        match = None if unit.heading else _opening(term).match(unit.text)
        if match is not None:
            sentence = _definition(_first_sentence(unit.text), unit, by_order, term, expansion)
            if sentence:
                strong = bool(match.group(1)) or match.group(2).casefold() in _STRONG_DEFINERS
                out.append(_Candidate(False, 0 if strong else 2, unit.order, sentence, unit.ref))
    for unit, found in spelled:
        if not unit.heading:
            base, text = _cell_at(unit.text, found.start)
            start, sentence = _sentence_at(text, found.start - base)
            start += base
            before = unit.text[start : found.start]
            if len(sentence) > DEFINITION_CHARS:  # a run-on line (flattened PDF): start where the term does
                sentence = text[found.start - base :]
            sentence = _definition(sentence, unit, by_order, term, expansion)
            if sentence:
                # "An Amazon Machine Image (AMI) is a …": spelled out and defined at once.
                defines = _ARTICLE.fullmatch(before) is not None and _DEFINER.match(unit.text, found.end) is not None
                passing = _in_passing(before) or _labels_another(before, unit.text, found.end)
                out.append(_Candidate(passing, 0 if defines else 1, unit.order, sentence, unit.ref))
            continue
        following = by_order.get(unit.order + 1)
        if following is not None and not following.heading and following.ref == unit.ref:
            sentence = _first_sentence(following.text)
            named = term in sentence or expansion.casefold() in sentence.casefold()
            titled = not named and names_only(unit.text)
            sentence = _definition(sentence, following, by_order, term, expansion) if named or titled else ""
            if sentence:
                rank = 3 if titled and _PREDICATE.match(sentence) else 1
                out.append(_Candidate(False, rank, following.order, sentence, following.ref))
    return sorted(out)


def _in_passing(before: str) -> bool:
    """Whether a sentence that reads `before` ahead of the spelled-out term is on its way to another subject."""
    words_before = before.split()
    named = _NAMING.search(" ".join(words_before[-NAMING_REACH:])) is not None
    return len(words_before) > PASSING_WORDS and not named


def _labels_another(before: str, text: str, end: int) -> bool:
    """Whether the spelled-out term, with words of its own before it, is a label ("Same Availability Zone (AZ):
    Cluster placement groups cannot span across AZs"): the label names another thing, here a rule of placement
    groups, and its text says nothing of what an AZ is (a user-level review of the glossary).
    """
    own = _NAME_OPENING.sub("", before)  # "Amazon Simple Queue Service (SQS) - ...": the name's own words
    return bool(own) and _WORD_BEFORE.search(own) is not None and _LABEL_MARK.match(text, end) is not None


_LABEL_MARK = re.compile(r"\s*(?::|-|–|—)\s")
_NAME_OPENING = re.compile(r"^(?:(?:the|an?|amazon|aws)\s+)*", re.IGNORECASE)
"""Words before a spelled-out term that belong to its name or open the sentence: no longer label."""
_WORD_BEFORE = re.compile(r"[A-Za-z]\s*$")
"""A word right before the term makes a longer name; a port ("22 = SFTP (...) - upload files") does not."""


_PREDICATE = re.compile(r"(?i)(?:can(?:not|'t)?|could|must|should|will|may|might|is|are|does|do)\b|[a-z]+ed\b")
"""A sentence that opens as a predicate tells a fact about what its heading names ("Can be created at any time",
"Generated by KMS using the CMK"), not what it is: lent by a heading that only names the term, it ranks below any
sentence that names the term ("GSIs are always eventually consistent.")."""


_STRONG_DEFINERS = frozenset(
    {"refers to", "means", "stands for", "is a", "is an", "is the", "=", "이란", "란", "은", "는"}
)


_ARTICLE = re.compile(r"(?:(?:An?|The)\s+)?")
_NAMING = re.compile(r"\b(?:is|are)\s+(?:an?|the)\b|\bcalled\b|\bknown as\b", re.IGNORECASE)
"""Words that make what follows them the name of what the sentence is about: "Cloud HSM is a true single-tenant
hardware security module (HSM)", "a persistence mode called Append-Only File (AOF)"."""
NAMING_REACH = 5
"""How many words before the spelled-out term such a naming word may stand: an ENI sentence's "is a" ten words before
"Amazon Web Services (AWS)" does not name AWS."""
_DEFINER = re.compile(r"\s*(?:refers to|means|stands for|is an?|is the|are an?|are|:|-|–|—|이란|란|은|는)\s")


@functools.lru_cache(maxsize=1024)
def _opening(term: str) -> re.Pattern[str]:
    """`ACR` (or `ACRs`, maybe after "The"), an optional bracket, and a defining word or separator."""
    return re.compile(
        rf"^(?:[Tt]he\s+)?{re.escape(term)}s?(?![A-Za-z0-9])\s*(\([^)]*\)\s*)?"
        r"(refers to|means|stands for|is an?|is the|is|are|=|:|-|–|—|이란|란|은|는)\s"
    )


# --- the glossary --------------------------------------------------------------------------------------------------


_CATALOGUE_ACRONYM = re.compile(r"(?:AWS |Amazon )?(.+?)\s*\(([A-Za-z0-9]+)\)")


def catalogue_terms(catalogue: Catalogue) -> dict[str, tuple[str, str]]:
    """Acronyms the catalogue knows: term → (expansion, service slug). From a title or alias that spells one out
    ("AWS Certificate Manager (ACM)"), or an acronym alias whose expansion is another alias of the same service.
    A name the catalogue writes with its acronym in brackets gives it even where the initials do not spell it
    ("DynamoDB Accelerator (DAX)", "Direct Connect (DX)"): the catalogue is written by hand, the notes are not.
    """
    out: dict[str, tuple[str, str]] = {}
    for service in catalogue.services:
        names = (service.title, *service.aliases)
        for name in names:
            for found in find_expansions(name):
                out.setdefault(found.term, (found.expansion, service.slug))
            if (named := _CATALOGUE_ACRONYM.fullmatch(name)) and is_acronym(named.group(2)):
                out.setdefault(named.group(2), (named.group(1), service.slug))
        for alias in service.aliases:
            if not is_acronym(alias) or alias in out:
                continue
            for other in names:
                words = latin_words(re.sub(r"\([^)]*\)", " ", other))
                if other != alias and initials_match(alias, words) and plausible(alias, words):
                    out[alias] = (" ".join(words), service.slug)
                    break
    return out


def build_glossary(
    trees: Mapping[str, SourceTree],
    catalogue: Catalogue,
    assignments: Mapping[SectionRef, str],
    pages: frozenset[str],
) -> tuple[Term, ...]:
    """Every term, alphabetically. `assignments`: section → the page it was classified onto; `pages`: the slugs
    that have a service page (a term only links to a page that exists).
    """
    units = text_units(trees)
    spelled: dict[str, list[tuple[TextUnit, Found]]] = {}
    for unit in units:
        for found in find_expansions(unit.text):
            spelled.setdefault(found.term, []).append((unit, found))
    known = catalogue_terms(catalogue)
    by_order = {unit.order: unit for unit in units}
    openers: dict[str, list[TextUnit]] = {}  # units by their first word: only these can open with a term
    for unit in units:
        first = _FIRST_WORD.match(unit.text)
        if first and not unit.heading:
            openers.setdefault(singular_term(first.group(1)), []).append(unit)
    vocabulary = Counter(singular_word(word.casefold()) for unit in units for word in latin_words(unit.text))
    apart = written_apart({f.expansion for places in spelled.values() for _, f in places}, units)
    terms = []
    for term in sorted(set(spelled) | set(known), key=lambda t: (t.casefold(), t)):  # FaaS before FTP
        places = spelled.get(term, [])
        expansion, others, readings = _choose_expansion(
            [f.expansion for _, f in places], known.get(term, ("", ""))[0], vocabulary, apart
        )
        names_only = functools.partial(_names_only, term=term, expansion=expansion, catalogue=catalogue)
        candidates = _candidates(term, expansion, openers.get(term, []), by_order, places, names_only)
        best = candidates[0] if candidates else None
        where = best.ref if best else (places[0][0].ref if places else None)
        service = _service(term, expansion, known, catalogue, assignments.get(where) if where else None, pages)
        definition = one_line(best.text) if best else ""
        passing = best is not None and best.in_passing
        named, listed = ("", False) if best else _named_in([unit for unit, _ in places], by_order)
        terms.append(
            Term(term, expansion, others, definition, where, service, len(places), readings, passing, named, listed)
        )
    return tuple(terms)


_NUMBERING = re.compile(r"^\s*(?:\d+[.)]?)+\s*")
_SPELLED_OUT = re.compile(r"\s*\([^)]*\)")
LEAD_WORDS = 5
"""A list's lead line of more words than this is a label only if it ends in a colon ("Use with virtual appliances
such as:"): else it is a sentence of its own ("HSM will not integrate with AWS by design and uses industry standard
APIs."), not what the items under it are."""


def _labels_a_list(text: str) -> bool:
    text = text.strip()
    return text.endswith(":") or (len(text.split()) <= LEAD_WORDS and not text.endswith("."))


def _named_in(places: Sequence[TextUnit], by_order: Mapping[int, TextUnit]) -> tuple[str, bool]:
    """Where the first place that names a term without saying what it is sits: its heading, and the label of the list
    if it is a list item ("Electronic design automation (EDA)", one of FSx for Lustre's workloads); whether it is a
    list item. ("", False) if only headings name it.
    """
    unit = next((place for place in places if not place.heading), None)
    if unit is None:
        return "", False
    heading, lead, hangs_from = "", "", unit.depth if unit.item else 0
    for order in range(unit.order - 1, -1, -1):
        above = by_order[order]
        if above.ref != unit.ref:
            break
        if above.heading:
            heading = without_section_number(above.text)
            break
        if above.depth < hangs_from:  # the item or line the list hangs from: named if it is a label
            lead = one_line(above.text) if _labels_a_list(above.text) else ""
            hangs_from = 0
    return " › ".join(part for part in (heading, lead) if part), unit.item


def _names_only(heading: str, *, term: str, expansion: str, catalogue: Catalogue) -> bool:
    """Whether a heading says nothing but the term's name: its numbering, the term and its expansion, and at most
    "AWS", "Amazon" or a service's name ("S3 Access Control Lists (ACLs)") besides.
    """
    rest = _SPELLED_OUT.sub(" ", _NUMBERING.sub("", heading))
    rest = re.sub(rf"(?i)(?<![\w-]){re.escape(expansion)}s?(?![\w-])", " ", rest)
    rest = re.sub(rf"(?<![\w-]){re.escape(term)}s?(?![\w-])", " ", rest)
    rest = " ".join(word for word in rest.split() if word not in _NOT_INITIALS)
    if rest == heading.strip() or len(rest.split()) > 1:
        return False
    return not rest or any(m.start == 0 and m.end == len(rest) for m in catalogue.mentions(rest))


def _choose_expansion(
    spellings: Sequence[str], catalogued: str, vocabulary: Counter[str], apart: frozenset[str]
) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The most frequent expansion, the other distinct ones, and those of them spelled `READINGS` times or more.
    Each is shown in its best spelling: capitalised and singular if the notes ever write it so, else the most
    frequent one. An expansion that is another with a slip (`_misspelt`) is no reading of its own: the glossary
    listed "Fast Sanpshot Restore" and "Infrastructure as as Service" as second meanings (a blind review).
    """
    if not spellings:
        return catalogued, (), ()
    keys = Counter(expansion_key(s) for s in spellings)
    first = {key: min(i for i, s in enumerate(spellings) if expansion_key(s) == key) for key in keys}
    shown = []
    ranked = sorted(keys, key=lambda k: (-keys[k], first[k]))
    ranked = [k for k in ranked if not any(_misspelt(k, other, vocabulary) for other in ranked if other != k)]
    for key in ranked:
        forms = Counter(s for s in spellings if expansion_key(s) == key)
        best = min(forms, key=lambda s: (not _capitalised(s), _plural(s), -forms[s], spellings.index(s)))
        shown.append(_unglued(best, apart))
    readings = tuple(form for form, key in zip(shown[1:], ranked[1:], strict=True) if keys[key] >= READINGS)
    return shown[0], tuple(shown[1:]), readings


_GLUED = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")


def _unglued(expansion: str, apart: frozenset[str]) -> str:
    """`expansion` with a word two words were typed into written apart, where the notes write those two words apart
    elsewhere (`apart`, see `written_apart`): "Shield ResponseTeam" is Shield Response Team, "VirtualTape Library"
    Virtual Tape Library; "DomainKeys Identified Mail" is a name, and "CloudFront" never goes apart.
    """

    def part(match: re.Match[str]) -> str:
        words = _two_words(match.group())
        return words if words is not None and words.casefold() in apart else match.group()

    return _ASCII_WORD.sub(part, expansion)


def _two_words(word: str) -> str | None:
    """A word two words were typed into ("ResponseTeam"), written apart ("Response Team"); None for any other."""
    parts = _GLUED.split(word)
    return " ".join(parts) if len(parts) == 2 else None


def _glued_phrases(expansion: str) -> Iterator[str]:
    """Each word of `expansion` typed into one ("ResponseTeam"), as the two words it would be ("response team")."""
    for word in _ASCII_WORD.findall(expansion):
        if (words := _two_words(word)) is not None:
            yield words.casefold()


def written_apart(expansions: Iterable[str], units: Iterable[TextUnit]) -> frozenset[str]:
    """The glued words of `expansions` that some unit writes apart, as words (an "s" or "es" may follow).

    Unit by unit, for the few phrases the expansions glue (a handful). One string of all the notes' text held 41 MiB at
    ×10, four bytes a character (a single emoji widens the whole string), and with the list it was joined from it made
    the glossary stage the build process's peak at ×50 (1534 MiB; 1239 without it).
    """
    phrases = sorted({phrase for expansion in expansions for phrase in _glued_phrases(expansion)})
    if not phrases:
        return frozenset()
    anywhere = re.compile("|".join(map(re.escape, phrases)))  # cheap first pass: most units hold none of them
    exact = {phrase: re.compile(rf"(?<![\w-]){re.escape(phrase)}(?:e?s)?(?![\w-])") for phrase in phrases}
    found: set[str] = set()
    for unit in units:
        text = unit.text.casefold()
        if anywhere.search(text):
            found.update(phrase for phrase, pattern in exact.items() if pattern.search(text))
    return frozenset(found)


def _misspelt(key: str, other: str, vocabulary: Counter[str]) -> bool:
    """Whether expansion `key` is `other` (both as `expansion_key` folds them) written with a slip: a word doubled
    ("as as") or, word for word, words a letter or two from the other's that the notes write at most `SLIP_WRITTEN`
    times and `acronyms.TYPO_RARITY` times less often ("sanpshot", "authentification"; not "analytical", written 5 times
    beside "analytics" 59).
    """
    words, others = key.split(), other.split()
    if _doubled(words) and not _doubled(others):
        return True
    slips = [(a, b) for a, b in zip(words, others, strict=False) if a != b]
    return len(words) == len(others) and bool(slips) and all(_slip(a, b, vocabulary) for a, b in slips)


def _slip(word: str, of: str, vocabulary: Counter[str]) -> bool:
    written = vocabulary[word]
    rare = written <= SLIP_WRITTEN and written * TYPO_RARITY <= vocabulary[of]
    return rare and fuzz.ratio(word, of) >= SLIP_SIMILARITY


def _doubled(words: Sequence[str]) -> bool:
    return any(a == b for a, b in itertools.pairwise(words))


SLIP_SIMILARITY = 80
"""rapidfuzz ratio from which a word can be a slip of another ("sanpshot" / "snapshot" 88, "balancing" /
"balancer" 71: two words)."""
SLIP_WRITTEN = 2
"""How often a slip is written at most: a word used more is the notes' own, even where it is less usual."""

READINGS = 2
"""How often the notes must spell out a second expansion for a tooltip to give it: once is mostly one author's slip
or typo ("Amazon Reference Name", "Multi Factor Authentification"); CMK's "Customer Master Key" (twice, beside
"Customer Managed Key") and CD's "Continuous Deployment" are two readings in use."""


def _capitalised(expansion: str) -> bool:
    return content_capitalised(latin_words(expansion))


def _plural(expansion: str) -> bool:
    words = latin_words(expansion)
    return bool(words) and singular_word(words[-1]) != words[-1]


def _service(
    term: str,
    expansion: str,
    known: Mapping[str, tuple[str, str]],
    catalogue: Catalogue,
    assigned: str | None,
    pages: frozenset[str],
) -> str:
    """The catalogue's page for the term (its alias, or an alias covering the whole expansion), else the page its
    definition was classified onto; where that is the general page (or there is none), the one service the expansion
    names.
    """
    if term in known and known[term][1] in pages:
        return known[term][1]
    for text in (term, expansion):
        mentions = catalogue.mentions(text) or catalogue.heading_mentions(text)  # a name is short and deliberate
        whole = len(mentions) == 1 and mentions[0].start == 0 and mentions[0].end >= len(text) - 1
        if whole and mentions[0].slug in pages:
            return mentions[0].slug
    if assigned and assigned in pages and assigned != GENERAL:
        return assigned
    named = {mention.slug for mention in catalogue.heading_mentions(expansion)} & pages
    if len(named) == 1:  # "Shield Response Team (SRT)", told on a page comparing WAF and Shield, is Shield's
        return named.pop()
    return assigned if assigned is not None and assigned in pages else ""


# --- pages ---------------------------------------------------------------------------------------------------------


def tooltip(term: Term) -> str:
    """The hover text: the notes' most frequent expansion, and the other readings they use (`READINGS`). Blind
    reviewers found every ARN and MFA of a page showing a one-off slip ("Amazon Resource Name / Amazon Reference
    Name"); the glossary still lists every reading ("also: ...").
    """
    return " / ".join((term.expansion, *term.readings))


def render_glossary(terms: Sequence[Term], locate: Mapping[SectionRef, str], services: Mapping[str, str]) -> SitePage:
    """The glossary page: one table per initial letter. `locate`: section → docs-relative link to where it stands;
    `services`: slug → page title.
    """
    lines = [
        "# Glossary",
        "",
        f'{len(terms)} acronyms, found in the notes where they are spelled out ("Elastic Network Interface (ENI)")'
        " and in the service catalogue. Hover over an acronym on any page to see what it stands for. Where the notes"
        " never say what a term is, its entry quotes a sentence that uses it, marked *Mentioned in*, or names the"
        " heading (and list) it stands under, marked *Listed under* for a list's item and *Named in* otherwise.",
        "",
    ]
    letters: dict[str, list[tuple[Term, tuple[str, ...]]]] = {}
    for term, spellings in one_entry_per_meaning(terms):
        letters.setdefault(term.term[0].upper(), []).append((term, spellings))
    for letter in sorted(letters):
        lines += [
            f"## {letter}",
            "",
            "| Term | Stands for | Definition (from the notes) | Service |",
            "| --- | --- | --- | --- |",
        ]
        lines += [_row(term, spellings, locate, services) for term, spellings in letters[letter]]
        lines.append("")
    return SitePage.of(GLOSSARY_PAGE, "Glossary", "\n".join(lines))


def one_entry_per_meaning(terms: Sequence[Term]) -> list[tuple[Term, tuple[str, ...]]]:
    """Acronyms that stand for the same words are one entry, under the one the notes spell out most, with the other
    spellings beside it: IGW (31 times) and IG (once) are both Internet Gateway, and two rows with two definitions
    read as two things. Each spelling keeps its own tooltip.
    """
    by_meaning: dict[str, list[Term]] = {}
    for term in terms:
        by_meaning.setdefault(expansion_key(term.expansion) or term.term, []).append(term)
    order = {term.term: n for n, term in enumerate(terms)}
    entries = []
    for group in by_meaning.values():
        head = min(group, key=lambda t: (not t.definition, t.in_passing, -t.count, t.term))
        entries.append((head, tuple(sorted(t.term for t in group if t is not head))))
    return sorted(entries, key=lambda entry: order[entry[0].term])


def _row(term: Term, spellings: Sequence[str], locate: Mapping[SectionRef, str], services: Mapping[str, str]) -> str:
    expansion = render_title(term.expansion)
    if term.others:
        expansion += " (also: " + ", ".join(render_title(o) for o in term.others) + ")"
    definition = render_title(term.definition) if term.definition else "—"
    if not term.definition and term.named_in:
        definition = f"*{'Listed under' if term.listed else 'Named in'}:* {render_title(term.named_in)}"
    if term.in_passing:  # no sentence about the term: the one shown is where the notes use it, and says so
        definition = f"*Mentioned in:* “{definition}”"
    if term.where is not None and term.where in locate:
        definition += f' [↗]({locate[term.where]} "Where the notes say this")'
    service = f"[{render_title(services[term.service])}](services/{term.service}.md)" if term.service else ""
    names = " or ".join(f"**{render_title(name)}**" for name in (term.term, *spellings))
    return f"| {names} | {expansion} | {definition} | {service} |"


EVERYDAY_ACRONYMS = frozenset({"RAM", "SMS"})
"""Acronyms the notes mostly mean in their everyday sense: "1 GiB RAM", "r is for RAM" (memory), "transactional SMS
messages" (texts): 31 and 11 bare uses in the raw notes against 2 and 3 for AWS Resource Access Manager and Server
Migration Service. They stay in the glossary, but a tooltip on every use would mislabel most of them."""


KNOWN_TO_EVERY_READER = frozenset({"AWS"})
"""Acronyms no reader of these notes needs told: "AWS" carried a tooltip 1 949 times on the service pages, a dotted
underline in nearly every paragraph (a blind review of the site's patterns). They stay in the glossary."""


def abbreviation_titles(terms: Sequence[Term]) -> dict[str, str]:
    """Each term (and its plural, unless that is an acronym too) → its tooltip: made once for every page. Not for
    `EVERYDAY_ACRONYMS` or `KNOWN_TO_EVERY_READER`.
    """
    terms = [t for t in terms if t.term not in EVERYDAY_ACRONYMS | KNOWN_TO_EVERY_READER]
    titles = {t.term + "s": tooltip(t) for t in terms if not is_acronym(t.term + "s")}
    titles.update({t.term: tooltip(t) for t in terms})
    return titles


_NAME_PART = re.compile(r"[A-Z][a-z]+|[A-Z]+(?![a-z])|[a-z]+")
_NOT_INITIALS = frozenset({"Amazon", "AWS"})


def own_initials(service: Service) -> frozenset[str]:
    """The acronyms a service's own names make ("Amazon EventBridge": EB), for a tooltip that would read them as
    another service's (EB is Elastic Beanstalk in the glossary: the EventBridge page's "migration to EB" said so).
    """
    made = set()
    for name in (service.title, service.short):
        parts = [p for p in _NAME_PART.findall(name) if p not in _NOT_INITIALS]
        if len(parts) >= 2:
            made.add("".join(p[0].upper() for p in parts))
    return frozenset(made)


def misread_initials(service: Service, titles: Mapping[str, str], catalogue: Catalogue) -> frozenset[str]:
    """The acronyms of a service's own name whose tooltip names another service: on its page they most likely mean
    the page's service, so they get no tooltip there ("EB" on the EventBridge page, Elastic Beanstalk's acronym).
    """

    def folded(text: str) -> str:
        return text.casefold().replace(" ", "")

    others = [folded(other.short) for other in catalogue.services if other.slug != service.slug]
    return frozenset(
        term
        for term in own_initials(service)
        if term in titles and any(name and name in folded(titles[term]) for name in others)
    )


def own_acronym(service: Service, titles: Mapping[str, str]) -> frozenset[str]:
    """A service's short name where it is an acronym with a tooltip ("S3", "EC2"): on its own page, whose title
    spells it out, it is no abbreviation to explain (the S3 page underlined "S3" 541 times, a blind review).
    """
    return frozenset(name for name in (service.short, service.short + "s") if name in titles)


def abbreviation_block(markdown: str, titles: Mapping[str, str], omit: frozenset[str] = frozenset()) -> str:
    """The `*[X]: …` definitions (`abbreviation_titles`) of the terms a page uses, after `ABBR_MARKER`, or ""."""
    used = set(_ASCII_WORD.findall(markdown)) & set(titles) - omit  # whole ASCII words: what `abbrs.py` will match
    lines = [f"*[{word}]: {titles[word]}" for word in sorted(used)]
    return "\n".join(["", "", ABBR_MARKER, *lines, ""]) if lines else ""


def without_abbreviations(markdown: str) -> str:
    """A page as it was before `tooltips_stage` appended its block (for tests of the page's own content)."""
    return markdown.split("\n\n" + ABBR_MARKER, 1)[0]


# --- stages --------------------------------------------------------------------------------------------------------


def glossary_stage(build: Build) -> Build:
    """Find the terms and add the glossary page (after `emit`: it links source sections and service pages)."""
    assert build.catalogue is not None and build.knowledge is not None
    specs = {spec.slug: spec for spec in build.specs}
    site = SiteMap(specs, build.trees, build.chapter_pages, build.settings.links)
    pages = {page.service.slug: page.service.short or page.service.title for page in build.knowledge.pages}
    assigned = {ref: a.slug for ref, a in build.assignments.items()}
    terms = build_glossary(build.trees, build.catalogue, assigned, frozenset(pages))
    locate = {t.where: site.source_location(t.where) for t in terms if t.where is not None}
    page = render_glossary(terms, locate, pages)
    return replace(build, pages=(*build.pages, page), glossary=terms)


def tooltips_stage(build: Build) -> Build:
    """Append abbreviation definitions to every generated page (last: pages added by later stages get them too)."""
    if not build.glossary:
        return build
    titles = abbreviation_titles(build.glossary)
    assert build.knowledge is not None and build.catalogue is not None
    misread = {
        f"{SERVICES_DIR}/{page.service.slug}.md": misread_initials(page.service, titles, build.catalogue)
        | own_acronym(page.service, titles)
        for page in build.knowledge.pages
    }
    version = digest(repr(sorted(titles.items())))  # the glossary changes with the notes: tooltips with it
    memo = build.settings.memo

    blocks = memo.map(
        "tooltips",
        build.pages,
        # kept by the page's digest, not its text: the memo would otherwise hold every page twice under serve
        key=lambda page: (digest(page.packed), version, misread.get(page.src_uri)),
        compute=lambda page: abbreviation_block(page.markdown, titles, misread.get(page.src_uri, frozenset())),
        cost=lambda page: len(page.packed),
    )
    return replace(build, pages=tuple(page.appended(block) for page, block in zip(build.pages, blocks, strict=True)))


__all__ = [
    "ABBR_MARKER",
    "GLOSSARY_PAGE",
    "Term",
    "abbreviation_block",
    "abbreviation_titles",
    "build_glossary",
    "glossary_stage",
    "tooltips_stage",
    "without_abbreviations",
]
