"""Rebuilds under `make serve`: the memo and the output ledger must make a rebuild cheap without changing the site.

The whole-site test is the contract: after edits, a dirty rebuild (what `mkdocs serve --dirty` runs, with the
plugin instance, its memo and its ledger kept from the previous build) leaves the site byte-identical to a clean
build of the edited notes in a fresh process, while writing only a few pages.
"""

from __future__ import annotations

import filecmp
import gc
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from helpers import ROOT, corpus
from notes_kb import collector
from notes_kb.kbpages import _tooltip
from notes_kb.links import SourceLinks
from notes_kb.memo import Memo
from notes_kb.outputs import OutputLedger
from notes_kb.pipeline import Build, Settings, run, run_outputs
from notes_kb.plugin import NotesKbPlugin

# --- Memo ---------------------------------------------------------------------------------------------------------


def test_memo_computes_once_per_key_and_table() -> None:
    memo, calls = Memo(), []

    def compute(value: str) -> str:
        calls.append(value)
        return value.upper()

    assert memo.get("t", "a", lambda: compute("a")) == "A"
    assert memo.get("t", "a", lambda: compute("never")) == "A"
    assert memo.get("other", "a", lambda: compute("b")) == "B"
    assert calls == ["a", "b"]
    assert (memo.hits, memo.misses) == (1, 2)


def test_memo_sweep_keeps_what_the_last_build_used_and_drops_the_rest() -> None:
    memo = Memo()
    memo.get("t", "used", lambda: 1)
    memo.get("t", "stale", lambda: 2)
    memo.sweep()
    assert memo.get("t", "used", lambda: -1) == 1  # survives: the previous build used it
    memo.sweep()  # "stale" was not used by the build that just ended
    assert memo.get("t", "stale", lambda: -2) == -2
    assert memo.get("t", "used", lambda: -1) == 1
    assert len(memo) == 2


def test_memo_sweep_keeps_a_table_the_build_never_consulted() -> None:
    """A rebuild that reused the pipeline's outputs whole asked no other table: the next edit still finds them."""
    memo = Memo()
    memo.get("read", "source", lambda: 1)
    memo.sweep()
    memo.get("outputs", "all", lambda: 2)  # this build asked only for its outputs
    memo.sweep()
    memo.sweep()  # and so did the next
    assert memo.get("read", "source", lambda: -1) == 1


def test_memo_that_keeps_nothing_computes_every_time() -> None:
    memo, calls = Memo(keep=False), []
    for _ in range(2):
        memo.get("t", "a", lambda: calls.append("a"))
    assert calls == ["a", "a"]
    assert len(memo) == 0


def test_pipeline_with_a_warm_memo_gives_the_same_pages(real_site_build: Build) -> None:
    """The memo's keys must name everything its values depend on: a warm run equals a cold one (the shared cold
    run of conftest.py, whose memo kept its results)."""
    cold, memo = real_site_build, real_site_build.settings.memo
    memo.sweep()
    hits = memo.hits
    warm = run(Settings(repo_root=corpus(), memo=memo))
    assert memo.hits > hits
    assert [(p.src_uri, p.markdown) for p in warm.pages] == [(p.src_uri, p.markdown) for p in cold.pages]
    assert warm.packed_provenance == cold.packed_provenance
    assert warm.raw_pages == cold.raw_pages


@pytest.mark.slow
def test_an_edit_to_a_hidden_twin_reaches_its_kept_passage_on_a_warm_rebuild(tmp_path: Path) -> None:
    """A merged passage is shown on its service page only as the hover text of its twin's "also in" link. Editing
    it without changing what it says (a full stop becomes "!") keeps every verdict and every merge: the memoised
    service page must still be made again (`pipeline._service_page_key`)."""
    shutil.copytree(corpus() / "notes_src", tmp_path / "notes_src")
    memo = Memo()
    first = run(Settings(tmp_path, memo=memo))

    def line_of(block: dict[str, object]) -> str:
        return (tmp_path / str(block["path"])).read_text(encoding="utf-8").split("\n")[int(str(block["start"])) - 1]

    merged = next(  # a line ending in a full stop: with "!" after it, the old text is no longer in the new
        b
        for b in first.provenance_document()["blocks"]
        if b["status"] == "merged"
        and b["start"] == b["end"]
        and str(b["path"]).endswith(".md")
        and line_of(b).rstrip().endswith(".")
    )
    note = tmp_path / str(merged["path"])
    lines = note.read_text(encoding="utf-8").split("\n")
    original = lines[merged["start"] - 1]
    edited = original.rstrip().rstrip(".") + " !"
    lines[merged["start"] - 1] = edited
    note.write_text("\n".join(lines), encoding="utf-8")
    memo.sweep()
    warm = run(Settings(tmp_path, memo=memo))
    cold = run(Settings(tmp_path, memo=Memo(keep=False)))
    assert [(p.src_uri, p.markdown) for p in warm.pages] == [(p.src_uri, p.markdown) for p in cold.pages]
    page = next(p for p in warm.pages if p.src_uri == f"services/{merged['service']}.md")
    tooltips = "".join(re.findall(r' title="([^"]*)"', page.markdown.split("nkb-also", 1)[1]))
    # The edit shows in an "also in" tooltip (there a space before "!" goes, as before any punctuation).
    marker = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")  # the raw line's list marker is no part of the passage
    assert _tooltip(marker.sub("", edited)) in tooltips
    assert _tooltip(marker.sub("", original)) not in tooltips


@pytest.mark.slow
def test_outputs_are_reused_whole_until_a_note_changes(tmp_path: Path) -> None:
    """Saving a hand-written page under `mkdocs serve` changes no note: the host gets the last outputs back."""
    shutil.copytree(corpus() / "notes_src", tmp_path / "notes_src")
    memo = Memo()
    first = run_outputs(Settings(tmp_path, memo=memo))
    memo.sweep()
    assert run_outputs(Settings(tmp_path, memo=memo)) is first
    assert run_outputs(Settings(tmp_path, "notes_src", SourceLinks("https://example.org/r"), memo)) is not first
    memo.sweep()
    note = tmp_path / "notes_src/saa-cheat-sheet/cheat-sheet.txt"
    note.write_text(note.read_text(encoding="utf-8") + "\nA fact added about Amazon SQS.\n", encoding="utf-8")
    edited = run_outputs(Settings(tmp_path, memo=memo))
    assert any("A fact added about [Amazon SQS]" in page.markdown for page in edited.pages)  # linked
    assert edited.pages == run_outputs(Settings(tmp_path, memo=Memo(keep=False))).pages


# --- Output ledger -------------------------------------------------------------------------------------------------


def _build(ledger: OutputLedger, outputs: dict[str, str], shared: str, *, complete: bool = True) -> None:
    """One build as the plugin drives the ledger: record every output and the shared signature, then commit."""
    ledger.begin()
    for uri, content in outputs.items():
        ledger.record(uri, content)
    ledger.share(shared)
    if complete:
        ledger.commit()


def test_ledger_reports_new_and_changed_outputs_only() -> None:
    ledger = OutputLedger()
    _build(ledger, {"a.md": "one", "b.md": "two"}, "nav-1", complete=False)
    assert ledger.changed("a.md") and ledger.changed("b.md")  # nothing was written yet
    ledger.commit()
    _build(ledger, {"a.md": "one", "b.md": "TWO", "c.md": "three"}, "nav-1", complete=False)
    assert not ledger.changed("a.md")
    assert ledger.changed("b.md") and ledger.changed("c.md")
    assert ledger.changed_count() == 2


def test_ledger_counts_everything_changed_when_what_pages_share_changes() -> None:
    ledger = OutputLedger()
    _build(ledger, {"a.md": "one"}, "nav-1")
    _build(ledger, {"a.md": "one"}, "nav-2", complete=False)
    assert ledger.changed("a.md")


def test_an_output_a_failed_build_wrote_is_written_again() -> None:
    """The failed build left its bytes on disk: the next build writes the output even with the last completed
    build's content (an edit undone)."""
    ledger = OutputLedger()
    _build(ledger, {"a.md": "one", "b.md": "two"}, "nav")
    ledger.begin()
    ledger.record("a.md", "broken build")
    ledger.writing("a.md")  # written, then the build fails before `commit`
    _build(ledger, {"a.md": "one", "b.md": "two"}, "nav", complete=False)
    assert ledger.changed("a.md") and not ledger.changed("b.md")


def test_ledger_forgets_a_build_that_did_not_complete() -> None:
    ledger = OutputLedger()
    _build(ledger, {"a.md": "one"}, "nav")
    _build(ledger, {"a.md": "broken build"}, "nav", complete=False)  # the build fails before `commit`
    _build(ledger, {"a.md": "one"}, "nav", complete=False)
    assert not ledger.changed("a.md")


# --- The whole site ------------------------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    """A copy of the project to edit; the plugin instance MkDocs keeps for serve is shut down and dropped afterwards,
    as `mkdocs serve` does on exit, so the collector thresholds it widened do not leak into later tests."""
    shutil.copy2(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    for folder in ("docs", "notes_src"):
        shutil.copytree(corpus() / folder, tmp_path / folder)
    MkDocsConfig.plugins.plugin_cache.pop("notes-kb", None)
    yield tmp_path
    served = MkDocsConfig.plugins.plugin_cache.pop("notes-kb", None)
    if served is not None:
        served.on_shutdown()


def _dirty_build(project: Path, site: Path, *, first: bool) -> None:
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    if first:
        config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)


def _files(site: Path) -> dict[str, int]:
    return {str(p.relative_to(site)): p.stat().st_mtime_ns for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_dirty_rebuild_after_edits_equals_a_clean_build(project: Path) -> None:
    served = project / "served"
    _dirty_build(project, served, first=True)
    before = _files(served)
    with (project / "notes_src/dva-c02-notes/notes.md").open("a", encoding="utf-8") as handle:
        handle.write("\nAn appended fact about Amazon S3 versioning and EC2.\n")
    korean = project / "notes_src/udemy-saa-ko/notes.md"
    text = korean.read_text(encoding="utf-8")
    middle = text.index("\n", len(text) // 2)
    korean.write_text(text[:middle] + " 편집된 문장 EC2" + text[middle:], encoding="utf-8")
    _dirty_build(project, served, first=False)

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    clean = project / "clean"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(clean)], cwd=project, env=env, check=True)
    after = _files(served)
    assert after.keys() == _files(clean).keys()
    differing = [path for path in after if not filecmp.cmp(served / path, clean / path, shallow=False)]
    assert differing == []
    pages = [path for path in after if path.endswith(".html") and before.get(path) != after[path]]
    assert 3 <= len(pages) <= 30, pages  # the edited chapters, their service pages, the report; not all ~270
    search = [path for path in after if path.startswith("search/")]
    rewritten = [path for path in search if before.get(path) != after[path]]
    assert 1 <= len(rewritten) <= len(search) // 10, rewritten  # the shards the edits changed; not all ~1200


def test_a_build_widens_the_collector_and_gives_it_back() -> None:
    outside = gc.get_threshold()
    gc.set_threshold(700, 10, 10)  # CPython's defaults, whatever earlier tests left behind
    plugin = NotesKbPlugin()
    try:
        plugin.on_startup(command="build", dirty=False)
        assert gc.get_threshold() == collector.BUILD_THRESHOLDS
        plugin.on_shutdown()
        assert gc.get_threshold() == (700, 10, 10)
    finally:
        gc.set_threshold(*outside)
