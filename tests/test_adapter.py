"""The MkDocs adapter lets go of what it has handed over (a build need not hold every page twice to the end), and
keeps compiled templates across rebuilds.

MkDocs keeps each page's Markdown and HTML until the build ends, and generated files' content until it exits; the
whole-site contract (the same site, byte for byte, clean or rebuilt) is `test_rebuild.py`'s.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from jinja2 import DictLoader, Environment
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

from helpers import ROOT
from notes_kb.heldhtml import pack, pack_pieces, unpack, write_unpacked
from notes_kb.outputs import OutputLedger, digest
from notes_kb.pages import SitePage
from notes_kb.plugin import NotesKbPlugin, _LedgerFile
from notes_kb.provenance import PackedProvenance, dump_pieces
from notes_kb.templatecache import TemplateCache


def _page(src_uri: str, markdown: str) -> Any:
    file = SimpleNamespace(src_uri=src_uri)
    url = src_uri.removesuffix(".md") + "/"
    return SimpleNamespace(file=file, meta={}, url=url, title="T", markdown=markdown, toc=TableOfContents([]))


def _host_config(site_dir: Path) -> Any:
    """What `File.generated` reads of MkDocs' configuration."""
    return SimpleNamespace(
        site_dir=str(site_dir), use_directory_urls=True, plugins=SimpleNamespace(_current_plugin="notes-kb")
    )


def test_a_page_lets_go_of_its_markdown_once_rendered_and_holds_its_html_packed_until_built() -> None:
    plugin = NotesKbPlugin()
    plugin.generated = {"services/iam.md": "IAM"}
    generated, handwritten = _page("services/iam.md", "# IAM"), _page("about.md", "# About")
    html = "<h1>T</h1><p>Roles.</p>"
    for page in (generated, handwritten):
        page.content = plugin.on_page_content(html, page=page, config=None, files=None)
    assert generated.markdown is None and handwritten.markdown == "# About"  # MkDocs titles it from its Markdown
    assert generated.content == handwritten.content == ""  # held packed (`HeldHtml`) until MkDocs builds the page
    indexed = plugin.rendered["services/iam.md"]
    assert indexed.html == "" and [s.text for s in indexed.sections or ()] == ["Roles."]

    config = SimpleNamespace(plugins={})  # no search box: `on_post_page` leaves the output alone
    plugin.config = SimpleNamespace(offline=False, search="notes-kb")  # type: ignore[assignment]
    for page in (generated, handwritten):
        context = {"page": page}
        assert plugin.on_page_context(context, page=page, config=config, nav=None) is context
        assert page.content == html  # back just before its template is rendered
        assert plugin.on_post_page("<html>page</html>", page=page, config=config) == "<html>page</html>"
        assert page.content is None  # written next: nothing reads it again
    assert len(plugin.held) == 0


def test_a_generated_file_lets_go_of_its_content_once_written(tmp_path: Path) -> None:
    config = _host_config(tmp_path)
    file = _LedgerFile.generated(config, "raw/notes.html", content="<p>line 1</p>")
    assert isinstance(file, _LedgerFile)
    file.ledger = OutputLedger()
    file.copy_file()
    assert (tmp_path / "raw/notes.html").read_text(encoding="utf-8") == "<p>line 1</p>"
    assert file._content is None


def test_a_raw_line_page_is_made_only_when_it_is_written(tmp_path: Path) -> None:
    config = _host_config(tmp_path)
    made: list[str] = []
    file = _LedgerFile.generated(config, "raw/notes.html", content="")
    assert isinstance(file, _LedgerFile)
    ledger = OutputLedger()
    ledger.record("raw/notes.html", "signature")
    ledger.commit()  # the last build wrote it...
    ledger.begin()
    ledger.record("raw/notes.html", "signature")  # ...and this one would write the same
    file.ledger, file.make = ledger, lambda: made.append("made") or "<p>line 1</p>"
    file.copy_file(dirty=True)  # what the last build wrote: neither made nor written
    assert made == [] and not (tmp_path / "raw/notes.html").exists()
    file.copy_file()
    assert made == ["made"] and (tmp_path / "raw/notes.html").read_text(encoding="utf-8") == "<p>line 1</p>"
    assert file._content is None


def test_a_page_the_navigation_did_not_title_keeps_the_title_mkdocs_derived(tmp_path: Path) -> None:
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path))
    config.plugins._current_plugin = "notes-kb"  # what MkDocs sets while a plugin handles an event
    file = File.generated(config, "services/x.md", content="# Derived title\n\nText.\n")
    files = Files([file])
    page = Page(None, file, config)  # not in the navigation: MkDocs derives the title from the page
    page.read_source(config)
    page.render(config, files)
    plugin = NotesKbPlugin()
    plugin.generated = {"services/x.md": "X"}
    assert page.content is not None
    plugin.on_page_content(page.content, page=page, config=config, files=files)
    assert page.markdown is None and page.title == "Derived title"


def test_a_rebuild_reuses_compiled_templates_and_compiles_an_edited_one_again() -> None:
    templates = {"page.html": "Hello {{ name }}"}
    cache = TemplateCache()

    def render() -> str:  # MkDocs makes a new environment for every build
        env = Environment(loader=DictLoader(templates), bytecode_cache=cache)
        return env.get_template("page.html").render(name="IAM")

    assert render() == "Hello IAM" and cache.loads == 0
    assert render() == "Hello IAM" and cache.loads == 1
    templates["page.html"] = "Bye {{ name }}"
    assert render() == "Bye IAM" and cache.loads == 1


def test_held_html_comes_back_as_it_was() -> None:
    html = "<p>보안그룹 \ud800 &amp; <b>x</b></p>" * 50  # Korean, a lone surrogate (a broken note), markup
    assert unpack(pack(html)) == html and len(pack(html)) < len(html.encode("utf-8", "surrogatepass")) // 4


def test_a_packed_file_is_read_and_written_as_its_text_then_let_go(tmp_path: Path) -> None:
    config = _host_config(tmp_path)
    plugin = NotesKbPlugin()
    plugin.ledger.begin()
    text = "# IAM ↔ 그룹\n\n" + "A user belongs to groups.\n" * 5000
    file = plugin._generated(config, "services/iam.md", "", packed=(pack(text[:-9]), text[-9:]), signature=text)
    assert isinstance(file, _LedgerFile)
    assert file._content is None and file.packed is not None and len(file.packed) < len(text) // 10
    assert file.content_string == text  # what `Page.read_source` reads
    assert plugin.ledger._pending["services/iam.md"] == digest(text)  # as if the text itself were recorded
    file.copy_file()
    assert Path(file.abs_dest_path).read_text(encoding="utf-8") == text
    assert file.packed is None


def test_provenance_is_packed_a_piece_at_a_time_as_the_whole_text_would_be(tmp_path: Path) -> None:
    provenance = {
        "version": 2,
        "blocks": [{"path": "notes_src/s/n.md", "start": n, "end": n, "text": "ΔT ↔ 한국어"} for n in range(2500)],
        "sources": [],
        "conflicts": [{"a": "x", "b": "y"}],
    }
    text = "".join(dump_pieces(provenance))
    assert json.loads(text) == provenance
    assert text == json.dumps(provenance, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"
    packed, signature = pack_pieces(dump_pieces(provenance, chunk=7))
    assert unpack(packed) == text and signature == digest(text)
    write_unpacked(packed, str(tmp_path / "provenance.json"), chunk=100)  # many chunks, split inside characters
    assert (tmp_path / "provenance.json").read_bytes() == text.encode("utf-8")
    held = PackedProvenance.of(provenance)
    assert unpack(held.data) == text and held.signature == digest(text) and held.load() == provenance
    assert held.conflicts == 1


def test_a_generated_page_is_handed_to_mkdocs_as_the_pipeline_packed_it(tmp_path: Path) -> None:
    config = _host_config(tmp_path)
    plugin = NotesKbPlugin()
    plugin.ledger.begin()
    markdown = "# IAM\n\nGroups cannot be nested. 그룹\n"
    page = SitePage.of("services/iam.md", "IAM", markdown)
    assert page.markdown == markdown and page.with_markdown(markdown + "x").markdown == markdown + "x"
    tips = page.appended("\n*[IAM]: Identity and Access Management\n")  # the tooltips stage, on every page
    assert tips.packed is page.packed and tips.markdown == markdown + "\n*[IAM]: Identity and Access Management\n"
    assert tips.with_markdown("# New\n").markdown == "# New\n"
    files = Files([])
    plugin._add_page(files, config, tips)
    (file,) = list(files)
    assert isinstance(file, _LedgerFile)
    assert file.packed is page.packed  # not unpacked and packed again
    assert file.content_string == tips.markdown and plugin.generated == {"services/iam.md": "IAM"}
    file.copy_file()
    assert Path(file.abs_dest_path).read_text(encoding="utf-8") == tips.markdown
