"""`notes_kb.heldspans`: the plugin's "also in" notes are HTML and reach the page as written, never read as Markdown;
their links are the ones MkDocs would have made, online and offline."""

from __future__ import annotations

import shutil
from pathlib import Path

import markdown
from mkdocs.config import load_config
from mkdocs.structure.files import File

from helpers import ROOT
from notes_kb.links import href
from notes_kb.offline import file_links
from notes_kb.plugin import HELD_SPANS

NOTE = (
    '- Groups hold *users*. <span class="nkb-also">also in '
    '<a href="../../sources/a/b/#c" title="Groups \\*hold\\* users / [x](y) &amp; `z`">A › *B* `c`</a>, '
    '<a href="../../sources/d/e/#f" title="Users">D</a></span> then **bold**'
)


def convert(text: str, *extensions: str) -> str:
    return markdown.Markdown(extensions=["notes_kb.fastinline", *extensions]).convert(text)


def test_a_note_is_passed_through_as_written_and_the_text_around_it_is_still_markdown() -> None:
    html = convert(NOTE, HELD_SPANS)
    note = NOTE[NOTE.index("<span") : NOTE.index("</span>") + len("</span>")]
    assert note in html  # labels and tooltips untouched: no emphasis, code, link or escape inside
    assert "<em>users</em>" in html and "<strong>bold</strong>" in html


def test_without_the_extension_markdown_would_rewrite_the_labels() -> None:
    """Why the plugin insists on the extension: the labels are escaped for HTML, not for Markdown."""
    html = convert(NOTE)
    assert "<em>B</em>" in html and "<code>c</code>" in html


def test_anything_but_a_whole_note_is_left_to_markdown() -> None:
    unclosed = '- x <span class="nkb-also">also in *y*'
    nested = '- x <span class="nkb-also">a <span>*b*</span> c</span>'
    other = '- x <span class="nkb-from">*y*</span>'
    for text in (unclosed, nested, other):
        assert convert(text, HELD_SPANS) == convert(text), text


def test_the_plugin_adds_the_extension_to_a_configuration_without_it(tmp_path: Path) -> None:
    config_text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    lines = [line for line in config_text.splitlines() if HELD_SPANS not in line]
    assert len(lines) == len(config_text.splitlines()) - 1  # the site's own mkdocs.yml lists it
    (tmp_path / "mkdocs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copytree(ROOT / "tests" / "fixtures" / "knowledge", tmp_path / "notes_src")
    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    assert HELD_SPANS not in config.markdown_extensions
    plugin = config.plugins["notes-kb"]
    plugin.on_config(config)
    assert config.markdown_extensions.count(HELD_SPANS) == 1
    plugin.on_config(config)  # a rebuild under `mkdocs serve` runs on_config again: still once
    assert config.markdown_extensions.count(HELD_SPANS) == 1


def test_a_link_written_in_html_is_the_one_mkdocs_would_make_of_the_markdown_link(tmp_path: Path) -> None:
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path))
    config.plugins._current_plugin = "notes-kb"  # what MkDocs sets while a plugin handles an event
    for page, target in [
        ("services/iam.md", "sources/udemy-saa-ko/iam.md"),
        ("services/iam.md", "sources/ko-notes/보안 그룹.md"),  # MkDocs percent-encodes a page's URL
        ("sources/a/b.md", "sources/a/index.md"),
    ]:
        here, there = (File.generated(config, uri, content="") for uri in (page, target))
        assert href(page, target) == there.url_relative_to(here)


def test_an_offline_build_points_html_links_at_page_files_korean_ones_too() -> None:
    pages = {"services/iam/": "services/iam.html", "sources/ko/보안/": "sources/ko/%EB%B3%B4%EC%95%88.html"}
    link = '<a href="../../sources/ko/%EB%B3%B4%EC%95%88/#x" title="t">'
    assert file_links(link, "services/iam/", "services/iam.html", pages) == (
        '<a href="../sources/ko/%EB%B3%B4%EC%95%88.html#x" title="t">'
    )
