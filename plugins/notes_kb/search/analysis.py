"""Text analysis for search, run identically at build time (here) and at query time (`assets/nkb-analysis.js`).

lunr.py and lunr.js disagree on their own pipelines (lunr.py's Porter stemmer turns "gateway" into "gatewai",
lunr.js keeps "gateway"; lunr.js's trimmer strips Hangul), so neither library analyses text: this module does,
a JavaScript twin does the same in the browser, and lunr only ever sees finished terms. `tests/browser/
test_search_parity.py` proves in Chromium that both give the same terms for every word and line of the notes.

Pipeline: split the text into words (runs of Latin letters and digits, or runs of Hangul; a word ends where the
script changes, so "DB인스턴스를" is "DB" and "인스턴스를"); English words are lowercased, lunr.js's stop words
dropped and the rest stemmed with a port of lunr.js's own Porter stemmer (words with digits, "ec2", "s3", are
kept as they are); Korean words lose one trailing particle or verb ending and become character bigrams. A number
glued to its unit is two words ("400KB"), and a number and its unit also give one term joined ("400kb", `_QUANTITY`).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Token:
    """A search term and the span (code points, end exclusive) of the word of the input it came from (a number and its
    unit's joined term: of both words, `_QUANTITY`).
    """

    term: str
    start: int
    end: int


_LATIN = "0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_UNIT = "[KkMmGgTtPp][Ii]?[Bb]|[GgMm][Bb][Pp][Ss]|[Mm][Ss]"
_WORD = re.compile(f"[0-9]+(?=(?:{_UNIT})(?![{_LATIN}]))|[{_LATIN}]+|[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]+")
"""A Latin word (ASCII letters and digits, Latin-1 and Latin Extended-A/B letters but × and ÷) or a Hangul word
(syllables, jamo, compatibility jamo). Everything else separates words; other CJK scripts are dropped. A number
glued to a unit of size, rate or time (`_UNIT`: "400KB", "10Gbps", "5ms") is two words, as "400 KB" is: the notes
write both, and a blind review of search found "400 kb" missing DynamoDB's "at most 400KB" (and "5 tb" S3's "5TB",
"256 kb" SQS's "256KB") that "400kb" found."""
_QUANTITY = re.compile(f"(?<![{_LATIN}])(?<![0-9][.,])([0-9]+) ?({_UNIT})(?![{_LATIN}])")
"""A number and its unit, glued or one space apart: besides their own terms they give one joined term ("400kb"), so
that a section telling the number with that unit ranks above one that has the number and the unit apart (split,
"5 tb" had listed Snowball's "80 TB ... 5" above S3's "5TB"). Not the digits after a decimal point or a thousands
comma: "1.5 TB" is no "5tb" (a review)."""
_DIGIT = re.compile(r"[0-9]")

# fmt: off
STOP_WORDS: frozenset[str] = frozenset({
    "a", "able", "about", "across", "after", "all", "almost", "also", "am", "among", "an", "and", "any", "are", "as",
    "at", "be", "because", "been", "but", "by", "can", "cannot", "could", "dear", "did", "do", "does", "either",
    "else", "ever", "every", "for", "from", "get", "got", "had", "has", "have", "he", "her", "hers", "him", "his",
    "how", "however", "i", "if", "in", "into", "is", "it", "its", "just", "least", "let", "like", "likely", "may",
    "me", "might", "most", "must", "my", "neither", "no", "nor", "not", "of", "off", "often", "on", "only", "or",
    "other", "our", "own", "rather", "said", "say", "says", "she", "should", "since", "so", "some", "than", "that",
    "the", "their", "them", "then", "there", "these", "they", "this", "tis", "to", "too", "twas", "us", "wants",
    "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would",
    "yet", "you", "your",
})
# fmt: on
"""lunr.js 2.3.9's English stop words (`lunr.stopWordFilter`), word for word."""

_KOREAN_SUFFIX_GROUPS = (
    # particles (조사)
    "은 는 이 가 을 를 의 에 로 와 과 도 만 나 랑 에서 으로 까지 부터 에게 보다 처럼 이나 이랑",
    "마다 대로 라는 이라 이라는",
    "에는 에도 에만 로는 로도 로서 와는 과는 와의 과의 만을 만의 만이 까지는 에게는 에게서",
    "에서는 에서도 에서만 에서의 으로는 으로도 으로서",
    "들 들이 들은 들을 들의 들에 들로 들도 들과 들만 들에게",  # plural + particle
    "이다 이며 이고 인지 인데 입니다 이었다 이지만 이라면 이라고",  # copula
    # 하다 verbs
    "한 할 함 해 하다 한다 했다 하는 하고 하여 해서 하면 하기 하지 해야 하게 하며 하자 하려",
    "합니다 했으나 하지만 했지만 하도록 하려면 하려고 하는데 하는게 했습니다 해야한다",
    # 되다 verbs
    "된 될 됨 되다 된다 됐다 되는 되고 되어 되지 되면 되며 되기 되게",
    "됩니다 되었다 되도록 됐습니다 되었습니다",
    "있다 있는 있고 있어 있음 있으며 있습니다 없다 없는 없고 없이 없음 없습니다",
    # other verb endings
    "며 거나 지만 도록 려면 려고 으면 다면 라면 다고 는지 는데 는게 으며 어야 아야 어서 아서 습니다",
)
KOREAN_SUFFIXES: tuple[str, ...] = tuple(
    sorted({s for group in _KOREAN_SUFFIX_GROUPS for s in group.split()}, key=lambda suffix: (-len(suffix), suffix))
)
"""Particles (조사) and verb endings stripped from the end of a Korean word, longest first, at most one per word.

Read off the Korean notes: case particles (은 는 이 가 을 를 의 에 에서 으로 로 와 과 ...), their
compounds (에서는, 으로도, 만을), the plural 들 with a particle, the copula (이다, 입니다), and the endings of
하다/되다/있다/없다 verbs, which turn a Sino-Korean noun into a verb (사용한다, 사용하는, 사용할 all leave
사용; 암호화된 leaves 암호화). Left out on purpose, because common nouns end in them: bare 서 (인증서,
로드밸런서), 지 (스토리지), 고 (경고), 기 (크기), 자 (사용자), 인 (로그인, 도메인), 임 (런타임), 다 (람다),
게, 야, 면, 요, 음. A noun that happens to end in a listed syllable (게이트웨이) loses it in every form alike, so
a query still finds it."""

_MIN_KOREAN_STEM = 2
"""A suffix is stripped only if at least this many characters remain: 권한 and 결과 stay whole."""


def stem(word: str) -> str:
    """lunr.js 2.3.9's `lunr.stemmer` (Martin Porter's algorithm as lunr.js implements it), for one lowercase word.

    A port, not lunr.py's stemmer, because the two differ (step 1c: lunr.js turns a final "y" into "i" only after
    a consonant, so "gateway" stays "gateway") and the browser stems queries with this exact code.
    """
    if len(word) < 3:
        return word
    first = word[0]
    w = "Y" + word[1:] if first == "y" else word

    # Step 1a
    if (m := _RE_1A.search(w)) or (m := _RE2_1A.search(w)):
        w = m.group(1) + m.group(2)

    # Step 1b
    if m := _RE_1B.search(w):
        if _MGR0.search(m.group(1)):
            w = w[:-1]
    elif m := _RE2_1B.search(w):
        stem_ = m.group(1)
        if _S_V.search(stem_):
            w = stem_
            if _RE2_1B_2.search(w):
                w += "e"
            elif _RE3_1B_2.search(w):
                w = w[:-1]
            elif _RE4_1B_2.search(w):
                w += "e"

    # Step 1c: a final y becomes i only after a consonant that is not the word's first letter
    if m := _RE_1C.search(w):
        w = m.group(1) + "i"

    # Step 2
    if (m := _RE_2.search(w)) and _MGR0.search(m.group(1)):
        w = m.group(1) + _STEP2[m.group(2)]

    # Step 3
    if (m := _RE_3.search(w)) and _MGR0.search(m.group(1)):
        w = m.group(1) + _STEP3[m.group(2)]

    # Step 4
    if m := _RE_4.search(w):
        if _MGR1.search(m.group(1)):
            w = m.group(1)
    elif m := _RE2_4.search(w):
        stem_ = m.group(1) + m.group(2)
        if _MGR1.search(stem_):
            w = stem_

    # Step 5
    if m := _RE_5.search(w):
        stem_ = m.group(1)
        if _MGR1.search(stem_) or (_MEQ1.search(stem_) and not _RE3_5.search(stem_)):
            w = stem_
    if _RE_5_1.search(w) and _MGR1.search(w):
        w = w[:-1]

    return "y" + w[1:] if first == "y" else w


def is_hangul_word(word: str) -> bool:
    """Whether a word `analyse` found is Hangul (its two kinds of word never share a script: Latin ends at U+024F)."""
    return word[0] >= "\u1100"


def analyse(text: str) -> list[Token]:
    """Every search term of `text`, in order, with the span of the word it came from (for highlighting); a number's
    joined with its unit (`_QUANTITY`) spans both, and comes right after the number's own.
    """
    tokens = [
        Token(term, match.start(), match.end()) for match in _WORD.finditer(text) for term in _word_terms(match.group())
    ]
    joined = [Token(_joined(m), m.start(), m.end()) for m in _QUANTITY.finditer(text)] if _DIGIT.search(text) else []
    return sorted(tokens + joined, key=lambda token: (token.start, token.end)) if joined else tokens


@functools.lru_cache(maxsize=1 << 16)
def _word_terms(word: str) -> tuple[str, ...]:
    """One word's terms: none for a stop word, a Korean word's bigrams, else its stem. Cached: the notes repeat
    their words.
    """
    if is_hangul_word(word):
        return tuple(_korean_terms(word))
    lower = word.lower()
    if lower in STOP_WORDS:
        return ()
    return (english_term(lower),)


def english_term(lower: str) -> str:
    """A lowercase Latin word's term: its stem; a word with a digit ("ec2", "s3") as it is, and so is a word ending
    in "ful", which the stemmer cuts to another word: "stateful" to "state", so a query about stateful security
    groups found EC2's instance states and Step Functions' states (a blind review), "useful" to "use".
    """
    return lower if _DIGIT.search(lower) or lower.endswith("ful") else stem(lower)


def _korean_stem(word: str) -> str:
    """A Korean word without one particle or ending it ends with (the longest that leaves a stem)."""
    for suffix in KOREAN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_KOREAN_STEM:
            return word[: -len(suffix)]
    return word


def _korean_terms(word: str) -> list[str]:
    """A Korean word's character bigrams, after stripping one particle or ending (a one-character word is itself).

    Korean writes particles onto nouns and compounds nouns without spaces (보안그룹은 = 보안 그룹 + 은), and no
    dictionary-free stemmer can split them reliably. Bigrams, as in Lucene's CJK analyser, need no dictionary: the
    stem 보안그룹 gives 보안, 안그, 그룹, so a query for 그룹 finds the compound and its inflected forms. Stripping the
    particle first keeps junk bigrams such as 룹은 out of the index, where they would match nothing a reader types.
    """
    word = _korean_stem(word)
    if len(word) == 1:
        return [word]
    return [word[i : i + 2] for i in range(len(word) - 1)]


# lunr.js 2.3.9's stemmer tables and regular expressions, copied as they are (Python's `re` reads them the same).
_STEP2 = {
    "ational": "ate",
    "tional": "tion",
    "enci": "ence",
    "anci": "ance",
    "izer": "ize",
    "bli": "ble",
    "alli": "al",
    "entli": "ent",
    "eli": "e",
    "ousli": "ous",
    "ization": "ize",
    "ation": "ate",
    "ator": "ate",
    "alism": "al",
    "iveness": "ive",
    "fulness": "ful",
    "ousness": "ous",
    "aliti": "al",
    "iviti": "ive",
    "biliti": "ble",
    "logi": "log",
}
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}
_c = "[^aeiou]"  # consonant
_v = "[aeiouy]"  # vowel
_C = _c + "[^aeiouy]*"  # consonant sequence
_V = _v + "[aeiou]*"  # vowel sequence
_MGR0 = re.compile("^(" + _C + ")?" + _V + _C)  # [C]VC... is m>0
_MEQ1 = re.compile("^(" + _C + ")?" + _V + _C + "(" + _V + ")?$")  # [C]VC[V] is m=1
_MGR1 = re.compile("^(" + _C + ")?" + _V + _C + _V + _C)  # [C]VCVC... is m>1
_S_V = re.compile("^(" + _C + ")?" + _v)  # vowel in stem
_RE_1A = re.compile(r"^(.+?)(ss|i)es$")
_RE2_1A = re.compile(r"^(.+?)([^s])s$")
_RE_1B = re.compile(r"^(.+?)eed$")
_RE2_1B = re.compile(r"^(.+?)(ed|ing)$")
_RE2_1B_2 = re.compile(r"(at|bl|iz)$")
_RE3_1B_2 = re.compile(r"([^aeiouylsz])\1$")
_RE4_1B_2 = re.compile("^" + _C + _v + "[^aeiouwxy]$")
_RE_1C = re.compile(r"^(.+?[^aeiou])y$")
_RE_2 = re.compile(
    r"^(.+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness|fulness|ousness"
    r"|aliti|iviti|biliti|logi)$"
)
_RE_3 = re.compile(r"^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$")
_RE_4 = re.compile(r"^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$")
_RE2_4 = re.compile(r"^(.+?)(s|t)(ion)$")
_RE_5 = re.compile(r"^(.+?)e$")
_RE_5_1 = re.compile(r"ll$")
_RE3_5 = re.compile("^" + _C + _v + "[^aeiouwxy]$")


Counted = tuple[int, str, tuple[int, ...]]
"""What the index needs of a text: its length in terms, its distinct terms (in order of first use) joined by spaces
(a term is one word's letters and digits, never a space), and each one's count. Few objects per text: every section of
a site is held, counted, until the index is built, and a tuple per term took four times the memory."""


def terms(text: str) -> tuple[str, ...]:
    """`text`'s search terms, in order: `analyse`'s without the spans (the index counts the terms of every section,
    and a `Token` per word made that 2.5× slower).
    """
    if _DIGIT.search(text) and _QUANTITY.search(text):
        return tuple(token.term for token in analyse(text))  # a joined term goes in its place: the few texts with one
    return tuple(term for word in _WORD.findall(text) for term in _word_terms(word))


def _joined(quantity: re.Match[str]) -> str:
    """A number and its unit as one term: "400 KB" and "400KB" give "400kb"."""
    return quantity.group(1) + english_term(quantity.group(2).lower())


def counted(text: str) -> Counted:
    """`text`'s terms, counted."""
    found = terms(text)
    counts = Counter(found)
    return len(found), " ".join(counts), tuple(counts.values())


def term_counts(field: Counted) -> Iterator[tuple[str, int]]:
    """Each distinct term of a counted text with its count, in order of first use."""
    _, joined, counts = field
    return zip(joined.split(" "), counts, strict=True) if counts else iter(())
