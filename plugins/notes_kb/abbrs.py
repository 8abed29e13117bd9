"""Abbreviation tooltips (`<abbr title>`), Korean-aware: a Python-Markdown extension, `notes_kb.abbrs` in mkdocs.yml.

It reads the same `*[ENI]: Elastic Network Interface` definitions as Python-Markdown's `abbr` extension, but:

- `abbr` matches on `\\b`, and Hangul letters are word characters, so "ENI를" (ENI + a particle) got no tooltip. Here
  a term ends at anything that is not an ASCII letter, digit or underscore ("ENI를", "ENI,", "ENI)" all match;
  "ENIx" and "MyENI" do not).
- No tooltip inside code, links, headings (and so the table of contents) or an existing `<abbr>`.
- Only definitions after `glossary.ABBR_MARKER` at the end of a page are read, and they are removed there: a note
  line that happens to read `*[X]: …` stays text instead of silently defining a tooltip for the whole page (`abbr`'s
  block processor would take it from anywhere). The marker is an HTML comment, which note text can never produce
  (`render.py` escapes `<`).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from .glossary import ABBR_MARKER

SKIPPED_TAGS = frozenset({"a", "abbr", "code", "pre", "kbd", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6"})
"""Elements whose text never gets a tooltip (and whose children are not visited)."""
_DEFINITION = re.compile(r"^\*\[([A-Za-z0-9][A-Za-z0-9&/.-]{0,15})\]:[ ]*(\S.*)$")


DATA_UNITS = frozenset({"KB", "MB", "GB", "TB", "PB", "EB", "ZB"})
"""After a number these are sizes, whatever the glossary says: "1 EB = 1,000 PB" is an exabyte, not Elastic
Beanstalk (a blind review of the Snow Family page)."""


def term_pattern(terms: list[str]) -> re.Pattern[str]:
    """Any of `terms` (longest first), not inside a longer Latin word; a Korean particle may follow. A data unit
    (`DATA_UNITS`) right after a number is no term.
    """
    names = sorted(terms, key=lambda t: (-len(t), t))
    alternatives = "|".join((r"(?<![0-9] )" + re.escape(n) if n in DATA_UNITS else re.escape(n)) for n in names)
    return re.compile(rf"(?<![A-Za-z0-9_])(?:{alternatives})(?![A-Za-z0-9_])")


class DefinitionsPreprocessor(Preprocessor):
    """Takes the `*[X]: …` lines after the last marker out of the page and into `abbrs`."""

    def __init__(self, md: Markdown, abbrs: dict[str, str]) -> None:
        super().__init__(md)
        self.abbrs = abbrs

    def run(self, lines: list[str]) -> list[str]:
        marks = [i for i, line in enumerate(lines) if line.strip() == ABBR_MARKER]
        if not marks:
            return lines
        tail = [line for line in lines[marks[-1] + 1 :] if line.strip()]
        found = [_DEFINITION.match(line.strip()) for line in tail]
        if not all(found):  # not our block: leave the page as it is
            return lines
        for match in found:
            assert match is not None
            self.abbrs[match.group(1)] = match.group(2).strip()
        kept = lines[: marks[-1]]
        while kept and not kept[-1].strip():
            kept.pop()
        return kept


class AbbrTreeprocessor(Treeprocessor):
    """Wraps uses of the defined terms in `<abbr title="…">`, outside `SKIPPED_TAGS`."""

    def __init__(self, md: Markdown, abbrs: dict[str, str]) -> None:
        super().__init__(md)
        self.abbrs = abbrs
        self.pattern: re.Pattern[str] | None = None

    def run(self, root: etree.Element) -> None:
        if not self.abbrs:
            return
        self.pattern = term_pattern(list(self.abbrs))
        self._walk(root)

    def _walk(self, element: etree.Element) -> None:
        for child in reversed(list(element)):
            if child.tag not in SKIPPED_TAGS:
                self._walk(child)
            head, made = self._split(child.tail)
            if made:
                child.tail = head
                at = list(element).index(child) + 1
                for offset, abbr in enumerate(made):
                    element.insert(at + offset, abbr)
        head, made = self._split(element.text)
        if made:
            element.text = head
            for offset, abbr in enumerate(made):
                element.insert(offset, abbr)

    def _split(self, text: str | None) -> tuple[str | None, list[etree.Element]]:
        """`text` up to the first term, and one `<abbr>` per term (each holding the text after it as its tail)."""
        if not text or isinstance(text, AtomicString) or self.pattern is None:
            return text, []
        matches = list(self.pattern.finditer(text))
        if not matches:
            return text, []
        made = []
        for k, match in enumerate(matches):
            abbr = etree.Element("abbr", {"title": self.abbrs[match.group(0)]})
            abbr.text = AtomicString(match.group(0))
            end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
            abbr.tail = text[match.end() : end]
            made.append(abbr)
        return text[: matches[0].start()], made


class NotesAbbrExtension(Extension):
    """Registers the preprocessor (before raw HTML is stashed) and the tree processor (where `abbr` runs its own)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.abbrs: dict[str, str] = {}

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.preprocessors.register(DefinitionsPreprocessor(md, self.abbrs), "notes_kb_abbr_definitions", 25)
        md.treeprocessors.register(AbbrTreeprocessor(md, self.abbrs), "notes_kb_abbr", 7)

    def reset(self) -> None:
        self.abbrs.clear()


def makeExtension(**kwargs: Any) -> NotesAbbrExtension:
    return NotesAbbrExtension(**kwargs)
