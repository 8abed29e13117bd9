"""Random HTML is cut into the same search runs by the plain-HTML reader as by HTMLParser, or left to HTMLParser."""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from prop_strategies import profile

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from test_search import runs_both_ways

PLAIN = (
    '<h1 id="t">', "</h1>", '<h2 id="a&amp;b">', "<h2>", "</h2>", '<H3 ID="up">', "</h3>", "<p>", "</p>", "<li>",
    "</li>", "<ul>", "</ul>", "<br>", "<br/>", "<br />", "<hr>", '<img alt="x">', '<span class="nkb-from">',
    '<div class="a headerlink">', "<div class=\"\">", "<div hidden>", "</div>", "</span>", "<em>", "</em>",
    '<svg viewBox="0 0 1 1">', "</svg>", '<path d="M0"/>', "<button>", "</button>", "<b/>", "</b>", "<td>", "</td>",
    "</x>", '<span class="nkb-also"/>', "</H3>", "</DIV>", "<P>",
    "text", " ", "\n", "&amp;", "&lt;", "&nbsp;", "&#39;", "&bogus;", "&", "한국어", ">", '"',
)  # fmt: skip
"""Every kind of piece the plain reader accepts: tags as Python-Markdown writes them, text and character references."""

OTHER = (
    "<!-- c -->", "<!--", "-->", "<script>", "</script>", "<style>", "</style>", "<p class=x>", "<p title='q'>",
    "<", "< p>", "<!DOCTYPE html>", "<?x?>", "<p\tid=\"t\">", "<p id = \"t\">", "</p class=\"x\">", "<p\xa0id=\"t\">",
)  # fmt: skip
"""Pieces it leaves to HTMLParser (or reads the same): comments, scripts, unusual quoting and spacing."""


@profile()
@given(st.lists(st.sampled_from(PLAIN), max_size=40).map("".join))
def test_plain_html_is_read_by_the_plain_reader_as_htmlparser_reads_it(html: str) -> None:
    stock, plain = runs_both_ways(html)
    assert plain is not None
    assert plain == stock


@profile()
@given(st.lists(st.sampled_from(PLAIN + OTHER), max_size=40).map("".join))
def test_any_html_is_read_the_same_or_left_to_htmlparser(html: str) -> None:
    stock, plain = runs_both_ways(html)
    assert plain is None or plain == stock
