"""Part words a pasted slide PDF ran together: "Detectandfiltermaliciousweb" → "Detect and filter malicious web".

Slide text copied out of a PDF loses some of its spaces. The words are real, so an English word list finds them:
a token no dictionary knows that splits into words the notes use (or that are common English), with a clear sign
of gluing, gets its spaces back. The sign matters more than the split: notes are full of names and identifiers
that no dictionary knows either ("DynamoDB", "PutObjectLegalHold", "getobject, listobjects"), so a token is parted
only where ordinary writing never joins words:

* a lowercase run of three or more words ("limitwhich…", "providerecommendationsonthe…");
* two words the same file also writes apart ("lowerlatency", because "lower latency" is there too);
* an acronym glued to a lowercase word ("AWSresources", "TBstorage", "yourVPC").

CamelCase ("FullyManaged", "RecordsTTL", "MariaDB") is how names and API actions are written, so it stays, and so
does any token the file uses more than twice (a name, however spelt).

The word list is `wordsegment`'s unigram counts (Norvig's counts from the Google Web Trillion Word Corpus), loaded
only when a line holds a candidate.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

TOKEN = re.compile(r"(?<![A-Za-z0-9_/.@`'’-])[A-Za-z]{6,}(?![A-Za-z0-9_/@`'’-])")
"""A bare run of letters: not part of a path, a URL, an e-mail, a code span or a hyphenated or numbered name."""
_CODE_SPAN = re.compile(r"(`+[^`]*`+)")
_CASE_RUN = re.compile(r"[A-Z]+|[a-z]+")
_WORD = re.compile(r"[A-Za-z]+")
SMALL_WORDS = frozenset(str.split("an as at be by do if in is it me my no of on or so to up us we"))
"""The only words of one or two letters a glued run may hold: anything else that short is a fragment."""
COMMON = 5_000_000
"""A word of four letters or more that the notes never use must be this common in English to be a part."""
MOST_USES = 2
"""A token the file writes more often than this is a name or a term of the notes, not an accident."""
LONGEST_WORD = 24


@dataclass(frozen=True)
class _Words:
    """English word counts (lowercase) and their total, for the cost of a split."""

    counts: dict[str, float]
    total: float

    def cost(self, word: str) -> float:
        return -math.log(self.counts[word.lower()] / self.total)


@cache
def _english() -> _Words:
    """Load the word list once per process (about 0.3 s): only a file with a candidate token pays for it."""
    from wordsegment import Segmenter

    segmenter = Segmenter()
    counts = segmenter.parse(segmenter.UNIGRAMS_FILENAME)
    return _Words(counts, sum(counts.values()))


class GluedWords:
    """Parts glued tokens of one file, judged against the words that file uses (its prose lines, no code)."""

    def __init__(self, lines: Iterable[str], english: Callable[[], _Words] = _english) -> None:
        self._text = "\n".join(lines)
        words = _WORD.findall(self._text)
        self._vocabulary = Counter(word.lower() for word in words)
        self._acronyms = Counter(word for word in words if _is_acronym(word))
        self._english = english

    def part_line(self, line: str) -> str:
        """`line` with every glued token outside code spans parted; the same string when it holds none."""
        pieces = _CODE_SPAN.split(line)
        for index in range(0, len(pieces), 2):
            pieces[index] = TOKEN.sub(lambda match: self.part(match.group()) or match.group(), pieces[index])
        return "".join(pieces)

    def part(self, token: str) -> str | None:
        """The token with its spaces back, or None when it is a word, a name or not clearly glued."""
        if self._vocabulary[token.lower()] > MOST_USES or _is_acronym(token):
            return None
        english = self._english()
        if token.lower() in english.counts:
            return None
        runs = _runs(token, self._acronyms)
        if runs is None:
            return None
        parts: list[list[str]] = []
        for run in runs:
            split = [run] if _is_acronym(run) else self._split(run, english)
            if split is None:
                return None
            parts.append(split)
        if not self._clearly_glued(runs, parts):
            return None
        return " ".join(word for split in parts for word in split)

    def _clearly_glued(self, runs: list[str], parts: list[list[str]]) -> bool:
        """Whether ordinary writing would never join these words (see the module docstring)."""
        if any(len(split) >= 3 for split in parts):
            return True
        if any(len(split) == 2 and self._written_apart(*split) for split in parts):
            return True
        for before, after in pairwise(runs):
            if _is_acronym(before) and not _is_acronym(after):
                return True
            if not _is_acronym(before) and _is_acronym(after) and before[0].islower() and len(before) >= 4:
                return True
        return False

    def _written_apart(self, first: str, second: str) -> bool:
        pattern = rf"(?<![A-Za-z]){re.escape(first)}\s+{re.escape(second)}(?![A-Za-z])"
        return re.search(pattern, self._text, re.IGNORECASE) is not None

    def _split(self, run: str, english: _Words) -> list[str] | None:
        """The cheapest split of a letter run into acceptable words (Viterbi over word costs), or None."""
        if run.lower() in english.counts:
            return [run]
        best: list[tuple[float, list[str]] | None] = [(0.0, [])] + [None] * len(run)
        for end in range(1, len(run) + 1):
            for start in range(max(0, end - LONGEST_WORD), end):
                so_far = best[start]
                word = run[start:end]
                if so_far is None or (start > 0 and not word.islower()) or not self._is_part(word, english):
                    continue
                cost = so_far[0] + english.cost(word)
                current = best[end]
                if current is None or cost < current[0]:
                    best[end] = (cost, [*so_far[1], word])
        found = best[-1]
        return found[1] if found is not None else None

    def _is_part(self, word: str, english: _Words) -> bool:
        lower = word.lower()
        if len(word) <= 2:
            return lower in SMALL_WORDS
        if lower not in english.counts:
            return False
        if len(word) == 3:
            return self._vocabulary[lower] >= 1
        return self._vocabulary[lower] >= 1 or english.counts[lower] >= COMMON


def _is_acronym(run: str) -> bool:
    return re.fullmatch(r"[A-Z]{2,}s?", run) is not None


def _runs(token: str, acronyms: Counter[str]) -> list[str] | None:
    """Cut a token into words by case: lowercase runs (maybe capitalised) and acronyms the file uses on their own.

    None for CamelCase (a capital after lowercase letters starts a name's next part, "FullyManaged") and for a
    capital run the file never writes alone, as written ("ECSTask" would need "ECST", "VPCStack" "VPCS").
    """
    pieces = _CASE_RUN.findall(token)
    runs: list[str] = []
    for index, piece in enumerate(pieces):
        if piece.isupper():
            runs.append(piece)
            continue
        before = runs[-1] if runs else ""
        if len(before) == 1 or (before and piece == "s"):
            runs[-1] = before + piece
        elif index > 0 and len(before) >= 2 and len(piece) < 3:
            return None
        else:
            runs.append(piece)
    for index, run in enumerate(runs):
        if run.isupper() and len(run) == 1:
            return None
        if _is_acronym(run) and acronyms[run.removesuffix("s")] + acronyms[run] < MOST_USES:
            return None
        if index > 0 and run[0].isupper() and not _is_acronym(run):
            return None
    return runs
