"""`mkdocs` with the renderer's escaping and the HTML sanitiser switched off. FOR TESTS ONLY.

The browser test builds the hostile notes with this (in a subprocess, so nothing leaks into other tests) to prove
that its payloads really do run when the protections are missing, i.e. that its "nothing ran" check can fail.
The switch lives here, not in the plugin, so no setting of the shipped plugin can ever turn the protections off.

Usage: python unsafe_build.py build -d <site dir>   (same arguments as `mkdocs`)
"""

from __future__ import annotations

import re
import sys

from mkdocs.__main__ import cli

from notes_kb import pages, plugin, render


def _unescaped_plain(text: str) -> str:
    """`render._render_plain` without escaping `<` and without dropping unsafe link destinations."""
    text = re.sub(r"\\\n\s*", "\x01", text)
    text = re.sub(r"\s*\n\s*", " ", text)
    return text.replace("\x01", "\\\n")


def _unescaped_title(title: str) -> str:
    """`render.render_title` without escaping: HTML in a heading goes through as HTML."""
    return " ".join(title.split())


def _no_sanitiser(html: str) -> str:
    return html


def switch_protections_off() -> None:
    """Replace the escaping functions (of note text and of page titles) and the sanitiser where callers look them up."""
    render._render_plain = _unescaped_plain
    render.render_title = _unescaped_title
    pages.render_title = _unescaped_title
    plugin.sanitize_html = _no_sanitiser
    plugin.title_html = _unescaped_title


if __name__ == "__main__":
    switch_protections_off()
    sys.exit(cli())
