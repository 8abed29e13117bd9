"""Pages rendered by worker processes (`prerender.py`) make the site a serial build makes, and what goes wrong in a
worker is reported as if it had happened in the build itself.

The real site built both ways, byte for byte, is `test_site.py`'s `test_two_clean_builds_are_byte_identical`.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

import notes_kb.plugin
import notes_kb.prerender
from helpers import ROOT, cut
from notes_kb.parallel import WORKERS_ENV

NOTES = {
    "dva.md": cut("notes_src/dva-c02-notes/notes.md", 1, 400),
    "ko.md": cut("notes_src/udemy-saa-ko/notes.md", 1, 200),
}


def _project(tmp_path: Path) -> Path:
    """The site's configuration and docs over a cut of two real notebooks (over 20 generated pages)."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    folder = tmp_path / "notes_src" / "mine"
    folder.mkdir(parents=True)
    for name, text in NOTES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "source.yml").write_text(f"title: Mine\nreader: github-markdown\nfiles: [{', '.join(NOTES)}]\n")
    return tmp_path


def _build(project: Path, site: str, workers: int, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, bytes], Any]:
    """A strict build in this process (so a patch reaches the forked workers): every file of the site, and the
    plugin that built it."""
    monkeypatch.setenv(WORKERS_ENV, str(workers))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    monkeypatch.chdir(project)
    config = load_config(str(project / "mkdocs.yml"), strict=True, site_dir=str(project / site))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    out = project / site
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}, config.plugins[
        "notes-kb"
    ]


def test_workers_render_every_generated_page_as_the_build_process_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path)
    serial, _ = _build(project, "serial", 0, monkeypatch)
    monkeypatch.setattr(notes_kb.prerender, "RENEW", 2)  # workers replaced by new forks every 2 chunks
    parallel, plugin = _build(project, "parallel", 2, monkeypatch)
    assert plugin.worker_pages == (len(plugin.generated), 0)
    assert len(plugin.generated) > 20
    assert parallel == serial


def test_the_largest_pages_are_rendered_by_the_build_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two workers rendering two of the largest pages at once were the ×50 build's peak: those pages are left to the
    build process, which makes the same HTML."""
    project = _project(tmp_path)
    serial, _ = _build(project, "serial", 0, monkeypatch)
    monkeypatch.setattr(notes_kb.plugin, "LARGE_PAGE", 8_000)
    parallel, plugin = _build(project, "parallel", 2, monkeypatch)
    assert 0 < len(plugin.large) < len(plugin.generated) // 2
    assert plugin.worker_pages == (len(plugin.generated) - len(plugin.large), 0)
    assert parallel == serial


def test_a_page_a_worker_fails_on_is_rendered_by_the_main_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path)
    serial, _ = _build(project, "serial", 0, monkeypatch)
    main = os.getpid()
    sanitize = notes_kb.plugin.sanitize_html

    def fails_in_workers(html: str) -> str:
        if os.getpid() != main:
            raise RuntimeError("worker failure")
        return sanitize(html)

    monkeypatch.setattr(notes_kb.plugin, "sanitize_html", fails_in_workers)
    parallel, plugin = _build(project, "parallel", 2, monkeypatch)
    assert plugin.worker_pages == (0, len(plugin.generated))
    assert parallel == serial


def test_a_warning_logged_in_a_worker_fails_the_strict_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    project = _project(tmp_path)
    main = os.getpid()
    sanitize = notes_kb.plugin.sanitize_html

    def warns_in_workers(html: str) -> str:
        if os.getpid() != main:
            logging.getLogger("mkdocs.plugins.notes_kb").warning("a warning from worker %d", os.getpid())
        return sanitize(html)

    monkeypatch.setattr(notes_kb.plugin, "sanitize_html", warns_in_workers)
    with pytest.raises(Abort, match=r"Aborted with \d+ warnings in strict mode"):
        _build(project, "parallel", 2, monkeypatch)
    from_workers = [r for r in caplog.records if r.getMessage().startswith("a warning from worker")]
    assert len(from_workers) >= 2 and all(r.levelno == logging.WARNING for r in from_workers)
