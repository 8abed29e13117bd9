"""The pipeline on its own (no MkDocs), and how the MkDocs build reports a contributor's mistake."""

from __future__ import annotations

import os
import pickle
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, cast

import pytest

from helpers import corpus, fixture_file
from notes_kb.catalogue import _found_in
from notes_kb.errors import NoteError
from notes_kb.heldhtml import unpack
from notes_kb.links import SourceLinks
from notes_kb.memo import Memo
from notes_kb.model import walk_sections
from notes_kb.normalize import fold
from notes_kb.pages import render_source_index
from notes_kb.pipeline import STAGES, Build, Settings, compacted, locations, run
from notes_kb.provenance import build_provenance, dump_pieces, summary, traced
from notes_kb.sources import SourceSpec

ROOT = Path(__file__).resolve().parent.parent


def test_pipeline_is_declared_in_order() -> None:
    assert [name for name, _ in STAGES] == [
        "load",
        "read",
        "account",
        "classify",
        "merge",
        "plan",
        "emit",
        "autolink",
        "exam-tips",
        "practice",
        "glossary",
        "relate",
        "trace",
        "report",
        "tooltips",
        "search-hints",
    ]


def test_outputs_keep_what_a_host_renders_and_let_the_model_go(real_site_build: Build) -> None:
    kept = real_site_build.outputs()
    for name in ("pages", "raw_pages", "packed_provenance", "fragments", "search_hints", "chapter_pages", "specs"):
        assert getattr(kept, name) is getattr(real_site_build, name), name
    assert kept.pages and kept.raw_pages and kept.provenance_document()["blocks"]
    assert kept.packed_provenance.data and kept.provenance_tally is None  # packed as traced; the tally is let go
    assert kept.packed_provenance.conflicts == len(kept.provenance_document()["conflicts"]) > 0
    for name in ("files", "trees", "assignments", "service_anchors", "autolinks", "glossary"):
        assert not getattr(kept, name), name
    assert kept.knowledge is None and kept.catalogue is None


def test_search_names_every_service_but_the_catch_all(real_site_build: Build) -> None:
    """A page's names reach every section about it (the aliases field); the catch-all's title says what it gathers
    ("exam tips/quizzes, ports, ..., front matter"): every general section had answered "front" and "exam"."""
    hints = real_site_build.search_hints
    assert hints is not None
    assert "general" not in hints.aliases and "CloudFront" in hints.aliases["cloudfront"]
    assert hints.services["services/general/"] == "general"


def test_compacted_outputs_are_the_same_outputs_and_the_text_caches_are_let_go(real_site_build: Build) -> None:
    outputs = real_site_build.outputs()
    fold("A passage folded now and remembered by the text cache")
    assert cast(Any, fold).cache_info().currsize > 0
    copy = compacted(lambda: outputs)
    assert copy == outputs and copy is not outputs
    assert copy.settings is outputs.settings  # the host's memo and links, not a copy of them
    assert [p.markdown for p in copy.pages] == [p.markdown for p in outputs.pages]
    assert cast(Any, fold).cache_info().currsize == 0


def test_a_one_off_run_empties_a_stage_s_caches_after_it_and_the_mentions_once_it_is_done() -> None:
    """Merge asks again for the mentions classify found (`catalogue._found_in`): they are kept from stage to stage,
    and let go with the rest by `compacted`; `fold`'s texts are let go after each stage."""
    build = run(Settings(corpus()))
    assert cast(Any, fold).cache_info().currsize == 0
    assert cast(Any, _found_in).cache_info().currsize > 0
    compacted(build.outputs)
    assert cast(Any, _found_in).cache_info().currsize == 0


def test_service_pages_are_rendered_in_the_build_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """A forked worker rendering them copied the knowledge base it read (`pipeline.emit`)."""
    forked: dict[str, bool] = {}
    real_map = Memo.map

    def recording(self: Memo, table: str, *args: Any, **kwargs: Any) -> Any:
        forked[table] = kwargs.get("forked", True)
        return real_map(self, table, *args, **kwargs)

    monkeypatch.setattr(Memo, "map", recording)
    run(Settings(corpus()))
    assert forked["service-page"] is False
    assert forked["dedupe"] is True and forked["disputes"] is True and forked["chapters"] is True


def test_the_objects_there_are_millions_of_hold_no_attribute_dict(real_site_build: Build) -> None:
    """Spans, blocks, sections, passages and merges are held by the million at ×50; each travels by pickle from a
    worker, and an unpickled object without `__slots__` gets an attribute dict (×50 peak: 1991 → 1753 MiB)."""
    kb = real_site_build.knowledge
    assert kb is not None
    tree = next(iter(real_site_build.trees.values()))
    section = tree.chapters[0]
    samples = [tree, section, section.heading, next(iter(kb.passages.values())), *kb.dedupe.merges[:1]]
    samples += [next(iter(real_site_build.assignments.items()))[0], next(iter(real_site_build.assignments.values()))]
    samples += [page.topics[0].contributions[0] for page in kb.pages[:1]]
    blocks = [block for node in walk_sections(tree.chapters) for block in node.blocks]
    samples += blocks[:50]
    roundtrip = pickle.loads(pickle.dumps(samples))
    assert roundtrip == samples
    for sample in roundtrip:
        assert not hasattr(sample, "__dict__"), type(sample).__name__


@pytest.mark.slow
def test_two_runs_give_identical_output() -> None:
    first, second = run(Settings(ROOT)), run(Settings(ROOT))
    assert [(p.src_uri, p.markdown) for p in first.pages] == [(p.src_uri, p.markdown) for p in second.pages]
    assert first.packed_provenance == second.packed_provenance
    assert {uri: page.render() for uri, page in first.raw_pages.items()} == {
        uri: page.render() for uri, page in second.raw_pages.items()
    }


def test_real_notes_are_fully_accounted_and_paged(real_site_build: Build) -> None:
    build = real_site_build
    assert build.diagnostics == ()
    pages = {slug: len(chapters) for slug, chapters in build.chapter_pages.items()}
    assert pages == {"dva-c02-notes": 23, "saa-cheat-sheet": 16, "saa-notebook": 16, "udemy-saa-ko": 31}


_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]{3,}")
_MARKUP_WORDS = frozenset(
    str.split("span style color none input checkbox checked chatgpt chat said incorrect cdot rightarrow frac section")
)
"""Words a reader removes with a recorded repair (HTML tags, checkboxes, chatbot labels, TeX) or a heading of a
group ("Section II"), and two ligature repairs ("Healp", "pree")."""


def test_every_word_of_a_kept_block_is_on_its_source_page(repo_build: Build) -> None:
    """Nothing is lost silently: every word of a kept or merged block's raw lines (links' targets and images aside)
    is on the source page that shows the block. The parser had thrown away headings inside list items ("    ###
    AWS Transfer Familiy - S3 & EFS" in the Udemy notes), their lines still counted as kept. A word the slide PDF
    glued ("Detectandfiltermaliciousweb") is on the page as its parts, so spaces between letters do not count. A
    practice option's "(correct)" is the answer's mark, shown as the revealed answer. Every notebook of the
    repository is read, so a contributor's new one is held to this too."""
    pages = {page.src_uri: page.markdown.casefold() for page in repo_build.pages}
    unspaced = {uri: re.sub(r"(?<=[a-z]) (?=[a-z])", "", markdown) for uri, markdown in pages.items()}
    raw: dict[str, list[str]] = {}
    lost = []
    for block in repo_build.provenance_document()["blocks"]:
        if block["status"] == "dropped":
            continue
        lines = raw.setdefault(block["path"], (ROOT / block["path"]).read_text(encoding="utf-8").split("\n"))
        text = re.sub(
            r"!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)|https?://\S+|\((?:in)?correct\)",
            " ",
            "\n".join(lines[block["start"] - 1 : block["end"]]),
            flags=re.IGNORECASE,
        )
        uri = block["source_url"].split("#")[0].rstrip("/") + ".md"
        missing = {w.casefold() for w in _WORD.findall(text)} - _MARKUP_WORDS - {"healp", "pree"}
        missing = {w for w in missing if w not in pages[uri] and w not in unspaced[uri]}
        if missing:
            lost.append((block["path"], block["start"], sorted(missing)))
    assert lost == []


@pytest.mark.slow
def test_repo_url_links_to_the_host_instead_of_raw_pages() -> None:
    build = run(Settings(corpus(), links=SourceLinks("https://example.org/me/notes", "main")))
    assert build.raw_pages == {}
    page = next(p for p in build.pages if p.src_uri == "sources/saa-notebook/iam-cli.md")
    assert "https://example.org/me/notes/blob/main/notes_src/saa-notebook/part-1.txt#L61-L237" in page.markdown


def _project(tmp_path: Path, meta: str) -> Path:
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    folder = tmp_path / "notes_src" / "mine"
    folder.mkdir(parents=True)
    (folder / "source.yml").write_text(meta, encoding="utf-8")
    (folder / "notes.md").write_text("# Mine\n\n## EC2\n\nInstances.\n", encoding="utf-8")
    return tmp_path


def _build(project: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_new_markdown_notebook_builds_with_no_options(tmp_path: Path) -> None:
    project = _project(tmp_path, "title: Mine\nreader: github-markdown\nfiles: [notes.md]\n")
    result = _build(project)
    assert result.returncode == 0, result.stderr
    assert "Instances." in (project / "site" / "sources" / "mine" / "ec2" / "index.html").read_text(encoding="utf-8")


def test_a_source_overview_shows_what_its_source_yml_tells() -> None:
    """`author` and `description` were validated and then never shown (a contributor's review)."""
    spec = SourceSpec(
        "mine",
        "Mine",
        "clean-markdown",
        ("notes.md",),
        course="Udemy",
        exam="SAA-C03",
        author="jin",
        description="Written while re-studying after a failed practice test.",
    )
    page = render_source_index(spec, [fixture_file("# Mine\n", "notes_src/mine/notes.md")], [], SourceLinks())
    lines = page.markdown.split("\n")
    assert lines[:3] == ["# Mine", "", "Written while re\\-studying after a failed practice test\\."]
    assert "- **Author:** jin" in lines and "- **Exam:** SAA\\-C03" in lines


def test_bad_metadata_stops_the_build_with_the_file_named_and_no_traceback(tmp_path: Path) -> None:
    project = _project(tmp_path, "title: Mine\nreader: word-doc\nfiles: [notes.md]\n")
    result = _build(project)
    assert result.returncode != 0
    assert "notes_src/mine/source.yml: unknown reader 'word-doc'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_failing_reader_becomes_a_located_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from notes_kb import pipeline

    class Broken:
        name = "github-markdown"
        options: frozenset[str] = frozenset()

        def read(self, files: object, options: object) -> object:
            raise IndexError("boom")

    monkeypatch.setitem(pipeline.READERS, "github-markdown", Broken())
    project = _project(tmp_path, "title: Mine\nreader: github-markdown\nfiles: [notes.md]\n")
    with pytest.raises(NoteError, match=r"^notes_src/mine/notes.md: reader 'github-markdown' failed: IndexError"):
        run(Settings(project))


def test_provenance_is_traced_a_source_at_a_time_as_the_whole_document_reads(real_site_build: Build) -> None:
    """`trace` packs the provenance one source's blocks at a time (`provenance.traced`): the text is the whole
    document's, byte for byte, and what it counts for the report is what the document read back counts."""
    build = real_site_build
    assert build.knowledge is not None
    whole = build_provenance(build.files, build.trees, build.knowledge, locations(build))
    assert unpack(build.packed_provenance.data) == "".join(dump_pieces(whole))
    packed, tally = traced(build.files, build.trees, build.knowledge, locations(build))
    assert packed == build.packed_provenance
    raws = {raw.path: raw for group in build.files.values() for raw in group}
    assert tally.per_file == summary(whole, raws)
    dropped = [block for block in whole["blocks"] if block["status"] == "dropped"]
    assert sum(len(blocks) for blocks in tally.dropped.values()) == len(dropped) > 0
    assert sum(tally.shown.values()) == sum(entry["kept"] + entry["merged"] for entry in tally.per_file.values())
