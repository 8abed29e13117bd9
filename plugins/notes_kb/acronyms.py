"""Acronyms the notes spell out ("Elastic Network Interface (ENI)"), found in plain text: the glossary's terms, and
the spellings that let two headings naming one thing two ways share a topic on a service page.

A token is an acronym only where the words before or after it spell its letters, so "Provisioned IOPS (SSD)" or
"Network ACLs (BP5)" never count. The forms read:

- `Elastic Network Interface (ENI)` (also `…(ENI)이`, with a Korean particle after the bracket),
- `Multi-Factor Authentication Delete (MFA Delete)`: the bracket repeats the word before it after the acronym,
- `ENI (Elastic Network Interface)`,
- `FIFO = First In First Out`, `TTL - Time To Live`, `CMKs: Customer Master Keys`.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from .textcache import TEXT_CACHE, text_cache

SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with", "&"})
"""Words an acronym may skip ("Identity and Access Management" → IAM)."""
COMPOUND_PARTS = ("way", "line", "face", "base")
"""Second halves of compound words that acronyms use (Internet GateWay, OnLine, Virtual InterFace, DataBase)."""
MAX_WORDS_BACK = 12
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"\*\*|__|~~|(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])")
_ESCAPE = re.compile(r"\\(.)")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9']*|&")
_SPELLING_WORD = re.compile(r"[A-Za-z][A-Za-z0-9']*(?:/[A-Za-z][A-Za-z0-9']*)?|&")
"""A word of an expansion: a slash pair is one ("Input/Output Operations Per Second" spells IOPS, "I/O" one letter)."""
_TOKEN = r"[A-Z][A-Za-z0-9]{0,7}"
_BEFORE = r"(?<![A-Za-z0-9_/.-])"
# "Expansion (ACR)": the acronym alone in brackets; a Korean particle may follow the bracket.
_PAREN_ACRONYM = re.compile(rf"\(\s*({_TOKEN})\s*\)")
# "Expansion Word (ACR Word)": the acronym and the word the bracket follows.
_PAREN_ACRONYM_WORD = re.compile(rf"\(\s*({_TOKEN})\s+([A-Za-z][A-Za-z0-9]*)\s*\)")
# "ACR (Expansion)": the bracket holds words only (a comma or semicolon ends the expansion part); a version may
# follow both ("SAML 2.0 (Security Assertion Markup Language 2.0)").
_ACRONYM_PAREN = re.compile(
    rf"{_BEFORE}({_TOKEN})(?:\s+\d+(?:\.\d+)*)?\s*\(([A-Za-z][A-Za-z0-9 '/&-]{{2,80}}(?:\s\d+(?:\.\d+)*)?)[,;)]"
)
# "ACR = Expansion", "ACR - Expansion", "ACR: Expansion".
_ACRONYM_SEP = re.compile(rf"{_BEFORE}({_TOKEN})\s*(?:=|:|-|–|—)\s*(?=[A-Za-z])")
_CLAUSE_END = re.compile(r"[.,;:!?()\[\]|=→·•]|\s[-–—]\s")


@dataclass(frozen=True)
class Found:
    """The notes spell out `term` as `expansion` at `start`..`end` of a plain text."""

    term: str
    expansion: str
    start: int
    end: int


# --- matching initials -------------------------------------------------------------------------------------------


def acronym_letters(token: str) -> str:
    """The letters an acronym stands for: a digit repeats the letter before it ("S3" → SSS, "EC2" → ECC)."""
    out = ""
    for ch in token:
        if ch.isdigit() and out:
            out += out[-1] * (int(ch) - 1)
        elif ch.isalpha():
            out += ch
    return out


def is_acronym(token: str) -> bool:
    """An acronym-shaped token: starts and ends in a capital or digit, at least two capitals or a capital and digit."""
    caps = sum(ch.isupper() for ch in token)
    return (
        2 <= len(token) <= 8
        and token.isalnum()
        and token.isascii()
        and token[0].isupper()
        and (token[-1].isupper() or token[-1].isdigit())
        and (caps >= 2 or (caps == 1 and any(ch.isdigit() for ch in token) and len(token) >= 2))
        and sum(ch.islower() for ch in token) <= caps
    )


def singular_term(token: str) -> str:
    """`NACLs` → `NACL` (a plural acronym names the same term)."""
    return token[:-1] if token.endswith("s") and is_acronym(token[:-1]) else token


def _word_letters(word: str) -> str:
    """What a word can give an acronym: its initial, then its inner capitals and digits ("DynamoDB" → DDB)."""
    return word[0] + "".join(ch for ch in word[1:] if ch.isupper() or ch.isdigit())


def initials_match(term: str, words: Sequence[str]) -> bool:
    """Whether `words` spell `term`: every word gives its initial (plus, optionally, its inner capitals) in order,
    except small words (and, of, for, …), which may be skipped. A lower-case letter of the acronym (PaaS) may only
    come from a small word or case-insensitively from any word, or go on the word its capital began ("IdP":
    Identity Provider).
    """
    cased = acronym_letters(term)
    letters = cased.casefold()
    initials = [_word_letters(w).casefold() for w in words]
    folded = [w.casefold() for w in words]
    small = [w in SMALL_WORDS for w in folded]

    @functools.cache
    def match(i: int, j: int, inner: int) -> bool:
        if j == len(words):
            return i == len(letters)
        if small[j] and match(i, j + 1, inner):
            return True
        if any(
            letters[i : i + k] == initials[j][:k] and match(i + k, j + 1, inner) for k in range(1, len(initials[j]) + 1)
        ):
            return True
        if any(
            letters[i : i + k] == folded[j][:k] and match(i + k, j + 1, inner) for k in _lower_run(cased, i, words[j])
        ):
            return True
        # The second part of a compound word ("Gate-way" → GW in IGW, "On-line" → OL in OLTP), once per term.
        second = _second_part(folded[j])
        return (
            inner > 0
            and bool(second)
            and letters[i : i + 2] == folded[j][0] + second[0]
            and match(i + 2, j + 1, inner - 1)
        )

    budget = 1 if len(letters) >= 3 and content_capitalised(words) else 0
    return bool(words) and not small[0] and not small[-1] and match(0, 0, budget)


def _lower_run(cased: str, i: int, word: str) -> range:
    """How many letters from `i` a word may give as its first ones: two, a capital and one lower-case letter ("Id"
    of "IdP" from Identity), if the word goes on; a longer run is a word of its own ("Cloud" of "CloudHSM").
    """
    two = cased[i : i + 2]
    one_lower = len(two) == 2 and two[0].isupper() and two[1].islower() and not cased[i + 2 : i + 3].islower()
    return range(2, 3) if one_lower and len(word) > 2 else range(0)


def _second_part(word: str) -> str:
    """The second part of a compound written as one word ("gateway" → "way"), from a short list: any inner letter
    would let "EC2 Networking" spell ENI.
    """
    for part in COMPOUND_PARTS:
        if len(word) > len(part) + 1 and word.endswith((part, part + "s")):
            return word[word.rindex(part) :]
    return ""


def latin_words(text: str) -> list[str]:
    return _WORD.findall(text.replace("/", " "))


def content_capitalised(words: Sequence[str]) -> bool:
    return all(w[0].isupper() or w.casefold() in SMALL_WORDS for w in words)


def plausible(term: str, words: Sequence[str]) -> bool:
    """Two-letter acronyms are easy to spell by chance: their expansion must be capitalised words."""
    if term in set(words) or sum(w.casefold() not in SMALL_WORDS for w in words) < 2:
        return False
    return len(acronym_letters(term)) > 2 or content_capitalised(words)


# --- finding expansions in plain text -----------------------------------------------------------------------------


@text_cache(maxsize=TEXT_CACHE)  # pure: a serve rebuild reuses the unchanged texts' results
def plain_text(markdown: str) -> str:
    """Inline Markdown as the words a reader sees: no code spans (never terms), links as their label, no emphasis."""
    text = _CODE_SPAN.sub(" ", markdown)
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub("", text)
    text = _ESCAPE.sub(r"\1", text)
    return " ".join(text.split())


@text_cache(maxsize=TEXT_CACHE)
def find_expansions(text: str) -> tuple[Found, ...]:
    """Every acronym `text` spells out, in order (one per place; the forms described above). The expansion is
    shown as written ("Multi-Factor Authentication"); `start` is where it begins, so a definition can start there.
    """
    found: list[Found] = []
    for match in _PAREN_ACRONYM.finditer(text):
        found += _spelled_before(text, match.group(1), match.start(), match.end())
    for match in _PAREN_ACRONYM_WORD.finditer(text):
        before = _spans(text, _clause_start(text, match.start()), match.start())
        if before and before[-1][2].casefold() == match.group(2).casefold():
            found += _spelled_before(text, match.group(1), before[-1][0], match.end())
    for match in _ACRONYM_PAREN.finditer(text):
        token = match.group(1)
        words = _spans(text, match.start(2), match.end(2))
        if is_acronym(singular_term(token)) and _spells(token, words):
            found.append(replace(_found(text, token, words, match.end()), start=match.start()))
    for match in _ACRONYM_SEP.finditer(text):
        token = match.group(1)
        if is_acronym(singular_term(token)):
            words = _spans(text, match.end(), _clause_end(text, match.end()))[:MAX_WORDS_BACK]
            for size in range(1, len(words) + 1):
                head = words[:size]
                if _spells(token, head) and content_capitalised([w for _, _, w in head]):
                    found.append(replace(_found(text, token, head, match.end()), start=match.start()))
                    break
    return tuple(sorted(found, key=lambda f: (f.start, f.end)))


_Span = tuple[int, int, str]


def _spelled_before(text: str, token: str, end: int, bracket_end: int) -> list[Found]:
    """The fewest words of the clause ending at `end` that spell `token`, if any do."""
    if is_acronym(singular_term(token)):
        words = _spans(text, _clause_start(text, end), end)[-MAX_WORDS_BACK:]
        for size in range(1, len(words) + 1):
            if _spells(token, words[-size:]):
                return [_found(text, token, words[-size:], bracket_end)]
    return []


def _spans(text: str, start: int, end: int) -> list[_Span]:
    return [(m.start(), m.end(), m.group()) for m in _SPELLING_WORD.finditer(text, start, end)]


def _clause_start(text: str, end: int) -> int:
    starts = [m.end() for m in _CLAUSE_END.finditer(text, 0, end)]
    return starts[-1] if starts else 0


def _clause_end(text: str, start: int) -> int:
    match = _CLAUSE_END.search(text, start)
    return match.start() if match else len(text)


def _spells(token: str, words: Sequence[_Span]) -> bool:
    plain = [w for _, _, w in words]
    term = singular_term(token)
    return initials_match(term, plain) and plausible(term, plain)


def _found(text: str, token: str, words: Sequence[_Span], end: int) -> Found:
    """The expansion as written, singular when the acronym was plural ("Lists (NACLs)" → "List")."""
    first, last = words[0], words[-1]
    shown = text[first[0] : last[0]] + (singular_word(last[2]) if token != singular_term(token) else last[2])
    return Found(singular_term(token), " ".join(shown.split()), first[0], end)


def singular_word(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us")):
        return word[:-1]
    return word


def expansion_key(expansion: str) -> str:
    """Expansions that differ only in case, hyphens or a plural are one ("Time-to-Live", "Time To Live")."""
    words = latin_words(expansion.replace("-", " "))
    return " ".join(singular_word(w.casefold()) for w in words)


# --- spellings: acronyms that headings spell out ---------------------------------------------------------------


MIN_EXPANSION_WORDS = 2
"""An expansion of one word ("Gateway (GW)") is a synonym, not a spelling; it would fold too much."""
SAME_EXPANSION = 85
"""rapidfuzz ratio from which two expansions of one acronym are one thing misspelled ("Authentification")."""


@dataclass(frozen=True)
class Spellings:
    """Expansion (as `expansion_key` folds it) → the acronym it spells, as written ("EC2", "NACL")."""

    acronym_of: Mapping[str, str] = field(default_factory=dict)
    synonym_of: Mapping[str, str] = field(default_factory=dict)
    """Another name (as `expansion_key` folds it) → the name a heading gives first: "Connection Draining (=
    Deregistration Delay)" makes "deregistration delay" → "Connection Draining"."""
    typo_of: Mapping[str, str] = field(default_factory=dict)
    """A heading word two swapped letters away from a word headings write far more often → that word
    (`find_transpositions`): "Application Load Balacner - HTTP Based Traffic" is about the Application Load Balancer."""

    @classmethod
    def of(cls, headings: Iterable[str]) -> Spellings:
        """The spellings `headings` define. An expansion two acronyms claim, and an acronym spelled out as two
        different things ("Continuous Delivery (CD)", "Continuous Deployment (CD)"), are left out: they name
        nothing surely. A typo ("Authentification") or an acronym inside ("Network ACL") does not make two things.
        A heading that gives a second name in brackets ("(= …)", "(aka …)") makes it a synonym (`find_synonyms`).
        """
        acronyms_of: dict[str, set[str]] = {}
        expansions_of: dict[str, set[str]] = {}
        texts = [plain_text(heading) for heading in sorted(set(headings))]
        for text in texts:
            for found in find_expansions(text):
                key = expansion_key(found.expansion)
                if len(key.split()) >= MIN_EXPANSION_WORDS:
                    acronyms_of.setdefault(key, set()).add(found.term)
                    expansions_of.setdefault(found.term, set()).add(key)
        sure = {key: term for key, (term, *others) in sorted(acronyms_of.items()) if not others}
        inner = cls({key: term for key, term in sure.items() if len(expansions_of[term]) == 1})
        spelled = {key: term for key, term in sure.items() if not _ambiguous(expansions_of[term], inner)}
        return cls(spelled, {**find_compounds(texts), **find_synonyms(texts, spelled)}, find_transpositions(texts))

    @functools.cached_property
    def acronyms(self) -> frozenset[str]:
        """The acronyms, casefolded (a heading's words are compared casefolded)."""
        return frozenset(term.casefold() for term in self.acronym_of.values())

    def respelled(self, text: str) -> str:
        """`text` with each misspelt word (`typo_of`) written as the word it misspells."""
        if not self.typo_of:
            return text
        return _LATIN_RUN.sub(lambda m: _cased_like(m.group(), self.typo_of.get(m.group().casefold())), text)

    def fold(self, text: str) -> str:
        """`text` with every spelled-out expansion written as its acronym ("Network Access Control Lists" → "NACL")
        and every synonym as the name it stands for ("Deregistration Delay" → "Connection Draining").
        """
        if not self.acronym_of and not self.synonym_of:
            return text
        return self._pattern.sub(lambda m: f" {self._names[expansion_key(m.group())]} ", text)

    @functools.cached_property
    def _names(self) -> Mapping[str, str]:
        return {**self.synonym_of, **self.acronym_of}

    @functools.cached_property
    def _pattern(self) -> re.Pattern[str]:
        return _expansions_pattern(self._names)


TYPO_LETTERS = 6
"""A word shorter than this is too often another word two letters swapped ("form" / "from")."""
TYPO_RARITY = 3
"""How many times as often headings must write the word a typo misspells."""
_LATIN_RUN = re.compile(r"[A-Za-z]+")


def find_transpositions(headings: Iterable[str]) -> dict[str, str]:
    """Heading words (casefolded) of `TYPO_LETTERS` letters or more that swap two adjacent letters of a word the
    headings write `TYPO_RARITY` times as often → that word. The real notes hold two ("Balacner", "addresess"), and no
    pair of real words: a swap of two letters seldom makes another word that long.
    """
    counts: dict[str, int] = {}
    for heading in headings:
        for word in _LATIN_RUN.findall(heading.casefold()):
            if len(word) >= TYPO_LETTERS:
                counts[word] = counts.get(word, 0) + 1
    out: dict[str, str] = {}
    for word, count in sorted(counts.items()):
        for at in range(len(word) - 1):
            swapped = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
            if swapped != word and counts.get(swapped, 0) >= TYPO_RARITY * count:
                out[word] = swapped
    return out


def _cased_like(word: str, respelled: str | None) -> str:
    """`respelled` written in `word`'s case ("Balacner" → "Balancer"); `word` when there is nothing to respell."""
    if respelled is None:
        return word
    if word.isupper():
        return respelled.upper()
    return respelled.capitalize() if word[:1].isupper() else respelled


_SYNONYM = re.compile(
    r"^(?P<name>[^()=]+?)\s*\(\s*(?:=+|aka\b\.?|a\.k\.a\.?|also (?:known as|called)\b)\s*(?P<other>[^()=]+?)\s*\)\s*$",
    re.IGNORECASE,
)


def find_synonyms(headings: Iterable[str], spelled: Mapping[str, str]) -> dict[str, str]:
    """Second names headings give in brackets: "Connection Draining (=Deregistration Delay)", "X (aka Y)". Both
    names must be two words or more (one word is too often a gloss: "Hibernate (=sleep)"); a name that is an
    acronym's expansion, or that two headings make the synonym of different names, is left out.
    """
    claims: dict[str, set[str]] = {}
    for heading in headings:
        match = _SYNONYM.match(heading)
        if match is None:
            continue
        name, other = match.group("name").strip(), expansion_key(match.group("other"))
        if min(len(name.split()), len(other.split())) >= MIN_EXPANSION_WORDS and other not in spelled:
            claims.setdefault(other, set()).add(name)
    return {other: name for other, (name, *rest) in sorted(claims.items()) if not rest}


_HYPHENATED = re.compile(r"(?<![\w-])([A-Za-z]+)-([A-Za-z]+)(?![\w-])")
_LATIN_WORD = re.compile(r"[A-Za-z]+")


def find_compounds(headings: Sequence[str]) -> dict[str, str]:
    """Words headings write both hyphenated and as one ("S3 Pre-Signed URLs", "S3 Presigned URL"): the hyphenated
    form (as `expansion_key` folds it) → the one word, as first written. Learnt from the headings, so a new notebook's
    "Multi-Part" and another's "Multipart" are one topic without a list of compounds.
    """
    written: dict[str, str] = {}
    for heading in headings:
        for word in _LATIN_WORD.findall(heading):
            written.setdefault(word.casefold(), word)
    compounds = {}
    for heading in headings:
        for match in _HYPHENATED.finditer(heading):
            joined = (match.group(1) + match.group(2)).casefold()
            if joined in written:
                compounds[expansion_key(match.group())] = written[joined]
    return compounds


def _expansions_pattern(acronym_of: Mapping[str, str]) -> re.Pattern[str]:
    """Any expansion, longest first, its words joined by spaces or hyphens, the last one maybe plural."""
    alternatives = []
    for key in sorted(acronym_of, key=lambda k: (-len(k), k)):
        *words, last = (re.escape(word) for word in key.split())
        plural = rf"{last[:-1]}(?:y|ies)" if last.endswith("y") else rf"{last}(?:e?s)?"
        alternatives.append(r"[\s-]+".join([*words, plural]))
    return re.compile(rf"(?<![\w-])(?:{'|'.join(alternatives)})(?![\w-])", re.IGNORECASE)


def _ambiguous(expansions: set[str], inner: Spellings) -> bool:
    """Whether an acronym's expansions name different things rather than one thing spelled two ways: "Network ACL"
    and "Network Access Control List" are one, once `inner`'s acronyms are folded into both.
    """
    folded = sorted({" ".join(inner.fold(e).casefold().split()) for e in expansions})
    return any(fuzz.ratio(a, b) < SAME_EXPANSION for a, b in itertools.combinations(folded, 2))


NO_SPELLINGS = Spellings()

__all__ = [
    "NO_SPELLINGS",
    "SMALL_WORDS",
    "Found",
    "Spellings",
    "acronym_letters",
    "content_capitalised",
    "expansion_key",
    "find_compounds",
    "find_expansions",
    "find_synonyms",
    "initials_match",
    "is_acronym",
    "latin_words",
    "plain_text",
    "plausible",
    "singular_term",
    "singular_word",
]
