"""`notes_kb.fastinline` skips only inline patterns that could not match: the HTML must be Python-Markdown's own."""

from __future__ import annotations

import re
from functools import cache

import markdown
import pytest
from mkdocs.config import load_config

from helpers import ROOT
from notes_kb.fastinline import openings
from notes_kb.pipeline import Build

FAST = "notes_kb.fastinline"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\*|_", {"*", "_"}),  # emphasis
        (r"(?<!\!)\[", {"["}),  # a link: the look-behind takes no character
        (r"\!\[", {"!["}),  # an image: leading literal text
        (r"  \n", {"  \n"}),  # a line break: two spaces alone would be in almost every text
        (r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)", {"\\", "`"}),  # inline code: either branch
        (r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)", {"&"}),
        (r"[<>]x", {"<", ">"}),
        (r"\d+", None),  # a category: any digit, not listed
        (r"[^a]b", None),  # a negated class
        (r".x", None),
        (r"a?b", {"a", "b"}),  # an optional first piece: the next one can start the match too
        (r"a?", None),  # matches the empty string: could match anywhere
        (r"(?i)ab", None),  # case-insensitive: not worked out
    ],
)
def test_openings_are_what_every_match_starts_with(pattern: str, expected: set[str] | None) -> None:
    found = openings(re.compile(pattern))
    assert found == (frozenset(expected) if expected is not None else None)


@cache
def _converters() -> tuple[markdown.Markdown, markdown.Markdown]:
    """The site's Markdown configuration without and with the extension."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    assert FAST in config.markdown_extensions, "mkdocs.yml no longer uses the extension: drop this test with it"
    stock = [name for name in config.markdown_extensions if name != FAST]
    return (
        markdown.Markdown(extensions=stock, extension_configs=config.mdx_configs),
        markdown.Markdown(extensions=[*stock, FAST], extension_configs=config.mdx_configs),
    )


def convert_both(text: str) -> tuple[str, str]:
    stock, fast = _converters()
    return stock.reset().convert(text), fast.reset().convert(text)


def test_every_generated_page_of_the_real_site_renders_the_same(real_site_build: Build) -> None:
    differing = [page.src_uri for page in real_site_build.pages if len(set(convert_both(page.markdown))) != 1]
    assert len(real_site_build.pages) > 200
    assert differing == []


@pytest.mark.parametrize(
    "text",
    [
        "a *b* _c_ **d** ~~e~~ `f` [g](h) ![i](j) <k@l.m> <https://n> &amp; \\* x  \ny\\\nz",
        "text [^1] and [ref][r] and [short]\n\n[r]: https://example.com\n[^1]: a note",
        "<span>raw</span> &#123; &#x1F; ``a ` b`` \\\\`code`",
        "~~struck *and em*~~ **bold [link](u) `c`** 보안그룹**은** *ENI*를",
        "!!! tip\n    *inside* [x](y)\n\n- item `a`\n    - sub **b**",
    ],
)
def test_markup_of_every_kind_renders_the_same(text: str) -> None:
    stock, fast = convert_both(text)
    assert stock == fast
