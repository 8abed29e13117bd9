"""The HTML sanitiser: it removes what could run or hide the page, and keeps everything the real pages contain."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import markdown
import pytest
from mkdocs.config import load_config

from notes_kb.pipeline import Settings, run
from notes_kb.plugin import NotesKbPlugin
from notes_kb.sanitize import sanitize_html, title_html

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>a<script>window.x=1</script>b</p>", "<p>ab</p>"),
        ('<img src="x" onerror="window.x=1">text', "text"),
        ('<p onclick="x()" onmouseover="y()" id="a" class="b">t</p>', '<p id="a" class="b">t</p>'),
        ('<a href="javascript:alert(1)">j</a>', "<a>j</a>"),
        ('<a href=" JaVa&#x09;Script:alert(1)">j</a>', "<a>j</a>"),
        ('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">d</a>', "<a>d</a>"),
        ('<a href="vbscript:x">v</a>', "<a>v</a>"),
        ('<iframe src="https://example.com">inside</iframe>after', "after"),
        ('<svg onload="x()"><circle r="1"></circle></svg>after', '<svg><circle r="1"></circle></svg>after'),
        ('<object data="x.swf"></object><embed src="x.swf">after', "after"),
        ('<form action="/x"><input value="v" autofocus onfocus="x()">text</form>', "text"),
        ("<style>body{display:none}</style>after", "after"),
        ('<p style="position:fixed">overlay</p>', "<p>overlay</p>"),
        ("<b><i>unclosed", "<b><i>unclosed</i></b>"),
        ("<p>a<!-- comment --></p>", "<p>a</p>"),
        (
            '<a href="https://aws.amazon.com/" title="AWS">ok</a>',
            '<a href="https://aws.amazon.com/" title="AWS">ok</a>',
        ),
        ('<a href="../iam/#users">rel</a>', '<a href="../iam/#users">rel</a>'),
        ('<a href="mailto:me@example.com">m</a>', '<a href="mailto:me@example.com">m</a>'),
        ("<p>&lt;script&gt; stays text</p>", "<p>&lt;script&gt; stays text</p>"),
    ],
)
def test_dangerous_markup_is_removed_and_safe_markup_kept(dirty: str, clean: str) -> None:
    assert sanitize_html(dirty) == clean


def test_material_and_extension_markup_is_kept() -> None:
    html = (
        '<h2 id="s3">S3<a class="headerlink" href="#s3" title="Permanent link">¶</a></h2>\n'
        '<p class="nkb-origin">From <a href="../">Notes</a></p>\n'
        '<div class="admonition question"><p class="admonition-title">Practice question</p>\n'
        '<details class="success" open=""><summary>Answer</summary><ol start="3"><li>x</li></ol></details></div>\n'
        '<div class="highlight"><pre><span></span><code><span class="nt">a</span></code></pre></div>\n'
        "<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>b<br>c</td></tr></tbody></table>\n"
        '<p>x<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup> <del>old</del></p>'
    )
    assert sanitize_html(html) == html


@pytest.mark.parametrize(
    ("title", "html"),
    [
        ('</title><img src=x onerror="x()">', '&lt;/title&gt;&lt;img src=x onerror="x()"&gt;'),
        ("Security & Encryption", "Security & Encryption"),
        ("AT&amp;T &#60;", "AT&amp;amp;T &amp;#60;"),
        ("S3 <bucket>", "S3 &lt;bucket&gt;"),
    ],
)
def test_titles_become_html_that_shows_the_same_text(title: str, html: str) -> None:
    assert title_html(title) == html


class _Dom(HTMLParser):
    """Start tags with their attributes, and the text, of an HTML fragment: what a reader's browser gets.

    Bare `<p>` tags are left out: Python-Markdown writes `<p><div class="highlight">` for a fence inside a loose
    list item, which the sanitiser (like every browser) parses as an empty paragraph before the div.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[tuple[str, str], ...]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "p" or attrs:
            self.tags.append((tag, tuple(sorted((k, v or "") for k, v in attrs))))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _dom(html: str) -> tuple[list[Any], str]:
    parser = _Dom()
    parser.feed(html)
    parser.close()
    return parser.tags, "".join(parser.text)


@pytest.mark.slow
def test_allow_list_keeps_every_real_page_intact() -> None:
    """Every page made from the real notes, rendered with the site's Markdown extensions, passes unchanged."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    build = run(Settings(repo_root=ROOT))
    assert len(build.pages) > 80
    for page in build.pages:
        html = md.reset().convert(page.markdown)
        assert _dom(sanitize_html(html)) == _dom(html), page.src_uri


def _page(src_uri: str) -> Any:
    url = src_uri.removesuffix(".md") + "/"
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri), meta={}, url=url, title=src_uri)


def test_plugin_sanitises_and_titles_only_the_pages_it_generated() -> None:
    plugin = NotesKbPlugin()
    plugin.generated = {"sources/notes/iam.md": "IAM <roles> & users"}
    generated, handwritten = _page("sources/notes/iam.md"), _page("about.md")
    hostile = '<p onclick="x()">a</p><script>b()</script>'
    for page in (generated, handwritten):  # the HTML is held until MkDocs builds the page (`on_page_context`)
        assert plugin.on_page_content(hostile, page=page, config=None, files=None) == ""
        plugin.on_page_context({}, page=page, config=None, nav=None)
    assert (generated.content, handwritten.content) == ("<p>a</p>", hostile)
    indexed = plugin.rendered["sources/notes/iam.md"]  # search indexes the sanitised page, cut as it is rendered
    assert indexed.html == "" and [section.text for section in indexed.sections or ()] == ["a"]
    assert plugin.on_page_markdown("# IAM", page=generated, config=None, files=None) == "# IAM"
    assert plugin.on_page_markdown("# About", page=handwritten, config=None, files=None) == "# About"
    assert generated.meta == {"title": "IAM &lt;roles&gt; & users"}
    assert handwritten.meta == {}
