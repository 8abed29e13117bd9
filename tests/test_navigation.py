"""The navigation the adapter gives MkDocs for the Sources section."""

from __future__ import annotations

from pathlib import Path

from notes_kb.pages import ChapterPage
from notes_kb.pipeline import Build, Settings
from notes_kb.plugin import NAV_GROUP, _sources_nav
from notes_kb.sources import SourceSpec


def _build(exams: list[str]) -> Build:
    specs = tuple(
        SourceSpec(f"s{n:03d}", f"Notes {n}", "github-markdown", ("a.md",), exam=x) for n, x in enumerate(exams)
    )
    pages = {s.slug: (ChapterPage(s.slug, 0, "Intro", "", f"sources/{s.slug}/intro.md"),) for s in specs}
    return Build(Settings(Path(".")), specs=specs, chapter_pages=pages)


def test_a_few_sources_are_listed_side_by_side() -> None:
    nav = _sources_nav(_build(["SAA-C03", "DVA-C02", "SAA-C03", "SAA-C03"]))
    assert [next(iter(entry)) for entry in nav] == ["Notes 0", "Notes 1", "Notes 2", "Notes 3"]
    assert nav[0]["Notes 0"] == ["sources/s000/index.md", {"Intro": "sources/s000/intro.md"}]


def test_many_sources_are_grouped_by_exam_and_in_runs() -> None:
    """200 sources side by side would put 200 entries on each of thousands of pages; grouped, no list is long."""
    nav = _sources_nav(_build(["SAA-C03"] * 30 + ["DVA-C02"] * 5))
    assert [next(iter(group)) for group in nav] == ["SAA-C03 · 1–12", "SAA-C03 · 13–24", "SAA-C03 · 25–30", "DVA-C02"]
    assert all(len(members) <= NAV_GROUP for group in nav for members in group.values())
    listed = [next(iter(source)) for group in nav for members in group.values() for source in members]
    assert listed == [f"Notes {n}" for n in range(35)]  # every source once, in the order the build found them
