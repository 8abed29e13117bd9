"""Faster inline Markdown: a Python-Markdown extension, `notes_kb.fastinline` in mkdocs.yml.

Why: Python-Markdown tries every inline pattern (17 with this site's extensions: code, escapes, links, images,
HTML, entities, emphasis, strike-through, ...) on every run of text, one Python call each, even where the text holds
none of the characters the pattern starts with: 1.25 million tries for the 221 pages of the real notes, 90% of them
on text the pattern cannot match. Rendering Markdown is the largest part of a build. This extension replaces the
`inline` tree processor by a subclass that tries on a text only the patterns one of whose openings the text holds.
The generated pages of the real notes convert in 5.4 s instead of 6.3-6.8 s. The HTML is the same, byte for byte: a
pattern left out is one that could not have matched (`tests/test_fastinline.py` compares both on every generated
page of the real site and on random markup).

A pattern's openings are read from its own regular expression (`openings`), so a pattern this module knows nothing
about (another extension's) is handled too; a pattern whose first character cannot be pinned down (a negated class,
`.`, a case-insensitive one) is always tried, as before.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any, cast

from markdown import Markdown, util
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor as InlinePattern
from markdown.treeprocessors import InlineProcessor

try:  # the regular-expression parser: `re._parser` since Python 3.11, `sre_parse` before
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse

_REPEATS = {sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, getattr(sre_parse, "POSSESSIVE_REPEAT", sre_parse.MAX_REPEAT)}
_ZERO_WIDTH = {sre_parse.ASSERT, sre_parse.ASSERT_NOT, sre_parse.AT}
_MAX_RANGE = 256
"""A class range wider than this (`[a-z]` is 26) is not listed character by character: the pattern is always tried."""

First = tuple[frozenset[str] | None, bool]
"""The characters a piece of an expression can start with (None: cannot tell), and whether it can match nothing."""


def openings(regex: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which every match of `regex` starts with: its leading literal text when it has two characters
    or more (`  \\n`, `![`), else every character a match can start with; None when that cannot be told (the pattern
    could start anywhere, or match the empty string).
    """
    return _openings(regex.pattern, regex.flags)


@functools.lru_cache(maxsize=256)
def _openings(pattern: str, flags: int) -> frozenset[str] | None:
    if flags & re.IGNORECASE:
        return None
    try:
        items = list(sre_parse.parse(pattern, flags))
    except Exception:  # an expression this parser reads differently: always try the pattern
        return None
    prefix = _literal_prefix(items)
    if len(prefix) >= 2:
        return frozenset({prefix})
    chars, nullable = _sequence(items)
    return None if nullable else chars


def _literal_prefix(items: list[tuple[Any, Any]]) -> str:
    """The literal characters the expression starts with, after any leading look-arounds and anchors."""
    chars: list[str] = []
    for op, arg in items:
        if op in _ZERO_WIDTH and not chars:
            continue
        if op is not sre_parse.LITERAL:
            break
        chars.append(chr(arg))
    return "".join(chars)


def _sequence(items: list[tuple[Any, Any]]) -> First:
    chars: set[str] = set()
    for op, arg in items:
        first, nullable = _item(op, arg)
        if first is None:
            return None, False
        chars |= first
        if not nullable:
            return frozenset(chars), False
    return frozenset(chars), True


def _item(op: Any, arg: Any) -> First:
    if op is sre_parse.LITERAL:
        return frozenset({chr(arg)}), False
    if op is sre_parse.IN:
        return _class(arg), False
    if op in _ZERO_WIDTH:
        return frozenset(), True
    if op is sre_parse.SUBPATTERN:
        _group, add_flags, _del_flags, body = arg
        if add_flags & re.IGNORECASE:
            return None, False
        return _sequence(list(body))
    if op is getattr(sre_parse, "ATOMIC_GROUP", None):
        return _sequence(list(arg))
    if op is sre_parse.BRANCH:
        chars: set[str] = set()
        nullable = False
        for alternative in arg[1]:
            first, empty = _sequence(list(alternative))
            if first is None:
                return None, False
            chars |= first
            nullable = nullable or empty
        return frozenset(chars), nullable
    if op in _REPEATS:
        low, _high, body = arg
        first, empty = _sequence(list(body))
        return first, empty or low == 0
    return None, False  # `.`, a negated literal, a back-reference, a category: anything could start here


def _class(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    chars: set[str] = set()
    for op, arg in items:
        if op is sre_parse.LITERAL:
            chars.add(chr(arg))
        elif op is sre_parse.RANGE and arg[1] - arg[0] <= _MAX_RANGE:
            chars.update(chr(code) for code in range(arg[0], arg[1] + 1))
        else:  # a negated class, a category (`\s`), a wide range
            return None
    return frozenset(chars)


class SkippingInlineProcessor(InlineProcessor):
    """Python-Markdown's inline processor, trying on each text only the patterns that could match it."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self._patterns: list[InlinePattern] = []
        self._openings: list[frozenset[str] | None] = []
        self._all: tuple[str, ...] = ()
        self._plans: dict[tuple[frozenset[str], int], tuple[int, ...]] = {}

    def run(self, tree: Any, ancestors: list[str] | None = None) -> Any:
        """Read the patterns' openings once per page (extensions may register patterns until now)."""
        patterns = list(cast("Iterable[InlinePattern]", self.inlinePatterns))  # typeshed: tree processors (wrong)
        if patterns != self._patterns:
            self._patterns = patterns
            self._openings = [openings(pattern.compiled_re) for pattern in patterns]
            self._all = tuple(sorted(frozenset().union(*(found for found in self._openings if found is not None))))
            self._plans = {}
        return super().run(tree, ancestors)

    def _plan(self, data: str, first: int) -> tuple[int, ...]:
        """Indices of the patterns, from `first` on, that could match `data`: those one of whose openings it holds,
        and those whose openings cannot be told.
        """
        present = frozenset(opening for opening in self._all if opening in data)
        plan = self._plans.get((present, first))
        if plan is None:
            plan = self._plans[present, first] = tuple(
                index
                for index in range(first, len(self._patterns))
                if (found := self._openings[index]) is None or not found.isdisjoint(present)
            )
        return plan

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        """`InlineProcessor.__handleInline`, trying only `_plan`'s patterns. A pattern left out is one that would not
        have matched; a match only puts a placeholder where text was, so the plan holds for the text it leaves.
        """
        if isinstance(data, util.AtomicString):
            return data
        start = 0
        for index in self._plan(data, patternIndex):
            matched = True
            while matched:  # a pattern that matched is tried again on the rest of the text
                data, matched, start = self._InlineProcessor__applyPattern(  # type: ignore[attr-defined]
                    self._patterns[index], data, index, start
                )
        return data


class FastInlineExtension(Extension):
    """Registers `SkippingInlineProcessor` in place of the `inline` tree processor, at the same priority."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(SkippingInlineProcessor(md), "inline", 20)


def makeExtension(**kwargs: Any) -> FastInlineExtension:
    return FastInlineExtension(**kwargs)
