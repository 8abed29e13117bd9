"""The build report on the real notes: its pages agree with provenance, line for line, and every drop and conflict
is listed once."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from notes_kb.links import SourceLinks
from notes_kb.pages import SitePage
from notes_kb.passages import span_of_key
from notes_kb.pipeline import Build
from notes_kb.report import DISAGREEMENTS_PAGE, REPORT_PAGE, dropped_page


@pytest.fixture(scope="module")
def report(real_site_build: Build) -> dict[str, SitePage]:
    return {p.src_uri: p for p in real_site_build.pages if p.src_uri == REPORT_PAGE or p.src_uri.startswith("report/")}


def _blocks(build: Build, status: str) -> list[dict[str, object]]:
    return [b for b in build.provenance_document()["blocks"] if b["status"] == status]


def test_one_summary_one_list_of_disagreements_and_a_page_per_source_that_drops(
    report: dict[str, SitePage], real_site_build: Build
) -> None:
    sources = {str(b["path"]).split("/")[1] for b in _blocks(real_site_build, "dropped")}
    assert sorted(report) == sorted([REPORT_PAGE, DISAGREEMENTS_PAGE, *(dropped_page(s) for s in sources)])
    # Only the summary is in the navigation: 200 sources must not add 200 entries to every page's menu.
    assert [uri for uri, page in report.items() if page.in_nav] == [REPORT_PAGE]


def test_line_counts_per_file_add_up_to_provenance(report: dict[str, SitePage], real_site_build: Build) -> None:
    rows = re.findall(r"^\| `([^`]+)` \| (\d+) \| (\d+) \| (\d+) \| (?:\[)?(\d+)", report[REPORT_PAGE].markdown, re.M)
    assert len(rows) == sum(len(raws) for raws in real_site_build.files.values())
    lines = {raw.path: raw.lines for raws in real_site_build.files.values() for raw in raws}
    expected: dict[str, Counter[str]] = {path: Counter() for path in lines}
    for block in real_site_build.provenance_document()["blocks"]:
        path, start, end = str(block["path"]), int(block["start"]), int(block["end"])
        expected[path][str(block["status"])] += sum(1 for line in lines[path][start - 1 : end] if line.strip())
    for path, total, kept, merged, dropped in rows:
        c = expected[path]
        assert (int(kept), int(merged), int(dropped)) == (c["kept"], c["merged"], c["dropped"]), path
        assert int(total) == sum(1 for line in lines[path] if line.strip()), path  # every non-blank line counted


def test_dropped_lines_per_source_add_up_to_its_files(report: dict[str, SitePage], real_site_build: Build) -> None:
    summary = report[REPORT_PAGE].markdown
    per_file = {p: int(n) for p, n in re.findall(r"^\| `([^`]+)` \|.*\| \[(\d+)\]\(report/dropped/", summary, re.M)}
    per_source = re.findall(r"^\| \[[^\]]+\]\((report/dropped/[^)]+)\) \| (\d+) \|", summary, re.M)
    assert per_source and per_file
    for uri, lines in per_source:
        source = uri.removeprefix("report/dropped/").removesuffix(".md")
        assert int(lines) == sum(n for path, n in per_file.items() if path.split("/")[1] == source), uri


def test_every_dropped_block_is_listed_once_on_its_source_page(
    report: dict[str, SitePage], real_site_build: Build
) -> None:
    listed = Counter()
    for uri, page in report.items():
        if uri.startswith("report/dropped/"):
            for path, numbers in re.findall(r"- \[`([^`]+)` lines? ([\d–]+)\]", page.markdown):
                assert uri == dropped_page(path.split("/")[1])  # on its own source's page
                listed[(path, numbers)] += 1
    dropped = _blocks(real_site_build, "dropped")
    expected = Counter(
        (str(b["path"]), f"{b['start']}" if b["start"] == b["end"] else f"{b['start']}–{b['end']}") for b in dropped
    )
    assert listed == expected and len(dropped) > 100


def test_dropped_lines_link_to_their_raw_lines_from_the_page_folder(report: dict[str, SitePage]) -> None:
    page = report[dropped_page("saa-notebook")]
    view = SourceLinks().view("notes_src/saa-notebook/part-1.txt", 1, 1)
    assert f"](../../{view.split('#')[0]}#" in page.markdown  # report/dropped/x.md → ../../raw/...


def test_every_conflict_is_listed_and_counted(report: dict[str, SitePage], real_site_build: Build) -> None:
    knowledge = real_site_build.knowledge
    assert knowledge is not None and knowledge.dedupe.conflicts
    listed = report[DISAGREEMENTS_PAGE].markdown.count("\n- ")
    assert listed == len(knowledge.dedupe.conflicts)
    assert f"{listed} pairs flagged" in report[REPORT_PAGE].markdown
    assert f"]({DISAGREEMENTS_PAGE})" in report[REPORT_PAGE].markdown


def test_each_disagreement_names_the_raw_lines_of_both_statements(
    report: dict[str, SitePage], real_site_build: Build
) -> None:
    """A pair of sentences copied into two places of one note is two pairs: their lines tell them apart."""
    assert real_site_build.knowledge is not None
    entries = [line for line in report[DISAGREEMENTS_PAGE].markdown.splitlines() if line.startswith("- ")]
    for entry, conflict in zip(entries, real_site_build.knowledge.dedupe.conflicts, strict=True):
        for key in (conflict.a, conflict.b):
            span = span_of_key(key)
            assert f"#L{span.start}" in entry, (key, entry)
    assert len(set(entries)) == len(entries)


def test_each_dropped_entry_quotes_the_start_of_its_raw_text(report: dict[str, SitePage]) -> None:
    """A blind review: the dropped-line pages listed bare line numbers, so judging a reason meant opening every entry.
    Each entry quotes its raw text, escaped (a note's markup shows as written), cut short."""
    page = report[dropped_page("dva-c02-notes")].markdown
    quoted = dict(re.findall(r"^    - \[`[^`]+` lines? ([\d–]+)\]\([^)]+\): (.+)$", page, re.M))
    assert quoted["2273"] == "Let me know if you need more clarification or further details on CloudTrail\\!"
    assert quoted["169"].startswith("Great question\\! Let’s break down \\*\\*VPC \\(Virtual Private Cloud\\)\\*\\*")
    entries = re.findall(r"^    - \[`[^`]+` lines? [\d–]+\]\([^)]+\): (.+)$", page, re.M)
    assert entries and all(len(entry.replace("\\", "")) <= 102 for entry in entries)
