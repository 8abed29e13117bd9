"""The plugin's "also in" notes, written as HTML, reach the page whole: a Python-Markdown extension,
`notes_kb.heldspans` in mkdocs.yml.

Why: a kept passage names every merged twin, each link carrying the twin's own wording as its tooltip
(`kbpages._also_in`). With many twins these notes are a large part of what is rendered (×10 corpus: 19.8 MB of the
43.7 MB of generated Markdown), and as Markdown links Python-Markdown reads every label and tooltip a character at a
time. The plugin writes them as finished HTML instead (escaped labels and tooltips, links in directory-URL form,
which an offline build rewrites as it does the service map's); this extension stashes each note as raw HTML before
any inline pattern sees it, so a note costs one regular-expression match. The labels inside are escaped for HTML,
not for Markdown, so a build needs the extension: the plugin adds it when mkdocs.yml does not list it.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

ALSO_CLASS = "nkb-also"
HELD_SPAN = rf'<span class="{ALSO_CLASS}">(?:[^<]|<(?!/?span\b))*</span>'
"""A whole "also in" note: its links inside, no other span (so the first `</span>` closes it)."""
PRIORITY = 200
"""Before every inline pattern (code spans are 190, backslash escapes 180): nothing inside is read as Markdown."""


class HeldSpanProcessor(InlineProcessor):
    """Stashes a note as raw HTML, as Python-Markdown does with an inline tag, but the whole note at once."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[str, int, int]:  # type: ignore[override]
        return self.md.htmlStash.store(m.group(0)), m.start(0), m.end(0)


class HeldSpansExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.inlinePatterns.register(HeldSpanProcessor(HELD_SPAN, md), "notes_kb_held_spans", PRIORITY)


def makeExtension(**kwargs: Any) -> HeldSpansExtension:
    return HeldSpansExtension(**kwargs)
