"""Reader for Notion notebooks exported as text with toggle blocks (`▼ Title.`), possibly in several fragments.

Structure comes from the text, never from `#` counts (a converter added random `#` levels to some exports):

* the table of contents at the top of the first file (`Section I` lines and `[Title](#)` links) is dropped and
  gives the topic list and each topic's part (`Section II` → the page's navigation `group`);
* a page (level 1) starts at a line equal to a TOC title, in TOC order; content before the first one in a file
  belongs to the TOC topic just before it (a fragment that opens in the middle of a topic);
* a `▼` toggle line is a sub-section (level 2); other `#` headings and short standalone lines (pseudo-headings)
  are level 3 inside a toggle (level 2 outside one).

Without a table of contents the toggles themselves become the pages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from ..errors import NoteError
from ..inline import plain_title
from ..model import Block, Dropped, Section, SourceTree, Span
from ..sources import RawFile
from .base import SectionDraft, is_blank
from .notion_toggle_body import (
    FENCE,
    FileWork,
    add_chunk_blocks,
    add_code_blocks,
    add_tables,
    classify_chunks,
    find_chunks,
    is_pseudo_heading,
    is_ui_toggle,
    parse_segment,
    with_actions_repaired,
)

PART = re.compile(r"^(?:#{1,6}\s+)?(?:\*\*)?(Section\s+(?:[IVXLC]+|\d+))(?:\*\*)?\s*$")
TOC_ENTRY = re.compile(r"^(?:[-*]\s+)?\[(?P<title>[^\]]+)\]\(#?\)\s*$")
TOGGLE = re.compile(r"^(?:#{1,6}\s+)?(?:[-*]\s+)?▼\s+(?:□\s+)?(?P<raw>.*\S)\s*$")
ATX = re.compile(r"^ {0,3}(#{1,6})(?:\s+(?P<raw>.*?))?\s*#*\s*$")
EMPTY_SECTION = "heading with no content (its content was a screenshot that was not exported)"


@dataclass(frozen=True)
class _Toc:
    """The table of contents: topic titles in order with their part, and the lines it occupies (0-based)."""

    titles: tuple[str, ...]
    parts: tuple[str, ...]
    start: int
    end: int
    title_lines: tuple[int, ...]


@dataclass(frozen=True)
class _Marker:
    """A structural line: `part`, `topic`, `toggle` or `sub` (0-based `line`)."""

    kind: str
    line: int
    title: str
    depth: int = 0
    """The number of `#` written before the line (0 for none): only used to group under an empty heading."""


def _part_name(line: str) -> str | None:
    match = PART.match(line.strip())
    return " ".join(match.group(1).split()) if match else None


def _find_toc(lines: Sequence[str]) -> _Toc | None:
    """Find the TOC: from the first `Section …`/`[Title](#)` line, blank, part and link lines only, up to a part
    line already seen (the body's first `Section I`). At most two lines (the document title) may precede it.
    """
    nonblank = [i for i, line in enumerate(lines) if not is_blank(line)]
    start = next((i for i in nonblank[:3] if _part_name(lines[i]) or TOC_ENTRY.match(lines[i].strip())), None)
    if start is None or any(FENCE.match(lines[i]) for i in nonblank if i < start):
        return None  # after a fence opener, TOC-like lines are code
    titles: list[str] = []
    parts: list[str] = []
    current = ""
    seen: set[str] = set()
    end = start
    for i in range(start, len(lines)):
        text = lines[i].strip()
        if not text:
            continue
        part = _part_name(text)
        entry = TOC_ENTRY.match(text)
        if part is not None:
            if part in seen:
                break
            seen.add(part)
            current = part
        elif entry is not None:
            titles.append(plain_title(entry.group("title")))
            parts.append(current)
        else:
            break
        end = i
    if len(titles) < 2:
        return None
    return _Toc(tuple(titles), tuple(parts), start, end, tuple(i for i in nonblank if i < start))


def _heading_text(line: str) -> str:
    """Return a line's text with any `#` prefix, bold and escapes removed."""
    match = ATX.match(line)
    raw = (match.group("raw") or "") if match else line
    return plain_title(raw)


def _toggle_title(raw: str) -> str:
    return plain_title(raw).rstrip(" .:").strip()


class _Scanner:
    """Finds the structural lines of each file in turn; topics must follow the TOC order across files."""

    def __init__(self, toc: _Toc | None) -> None:
        self.toc = toc
        self.topic_index = -1

    def _topic_index(self, text: str) -> int | None:
        """Return the TOC index of a topic line: a TOC title that comes after the current topic."""
        if self.toc is None:
            return None
        titles = self.toc.titles
        return next((k for k in range(self.topic_index + 1, len(titles)) if titles[k] == text), None)

    def structure(self, work: FileWork) -> list[_Marker]:
        """Parts, topics, toggles and `#` headings (not yet pseudo-headings, which need the chunks)."""
        markers: list[_Marker] = []
        for i, line in enumerate(work.lines):
            if i in work.taken or is_blank(line):
                continue
            stripped = line.strip()
            toggle = TOGGLE.match(stripped)
            if toggle is not None:
                if not is_ui_toggle(work.lines, i):
                    markers.append(_Marker("toggle", i, _toggle_title(toggle.group("raw"))))
                continue
            if re.match(r"^([-*+]|\d+[.)])\s", stripped):
                continue
            part = _part_name(stripped)
            if part is not None and (self.toc is None or part in self.toc.parts):
                markers.append(_Marker("part", i, part))
                continue
            text = _heading_text(stripped)
            index = self._topic_index(text.rstrip(" ."))
            if index is not None:
                self.topic_index = index
                markers.append(_Marker("topic", i, text.rstrip(" .")))
            elif (atx := ATX.match(line)) is not None:
                markers.append(_Marker("sub", i, text.rstrip(" .:").strip(), len(atx.group(1))))
        return markers

    def implicit_topic(self, markers: list[_Marker], before: int) -> str | None:
        """Name the topic a fragment opens in: the TOC title just before its first topic line, unless that topic
        is the one already open (then the content simply continues it: None).
        """
        if self.toc is None:
            return None
        first = next((m for m in markers if m.kind == "topic"), None)
        if first is None:
            return None
        index = self.toc.titles.index(first.title)
        if index - 1 > before:
            return self.toc.titles[index - 1]
        return None


class _Builder:
    """Assembles pages from markers and blocks; the pages are frozen into Sections at the end."""

    def __init__(self, toc: _Toc | None) -> None:
        self.toc = toc
        self.pages: list[SectionDraft] = []
        self.toggle: SectionDraft | None = None
        self.sub: SectionDraft | None = None
        self.group_sub: SectionDraft | None = None
        self.part: tuple[str, Span] | None = None
        self.current_group = ""
        self.dropped: list[Dropped] = []

    def _group_of(self, title: str) -> str:
        if self.toc is not None and title in self.toc.titles:
            return self.toc.parts[self.toc.titles.index(title)]
        return self.current_group

    def page(self, title: str, heading: Span | None) -> None:
        group = self._group_of(title)
        node = SectionDraft(title, 1, heading, group=group)
        if self.part is not None:
            name, span = self.part
            if name == group and not any(p.group == group for p in self.pages):
                node.group_heading = span
            else:
                self.dropped.append(Dropped(span, "part heading whose first topic is not in the notes"))
            self.part = None
        self.pages.append(node)
        self.toggle = self.sub = self.group_sub = None

    def part_line(self, name: str, span: Span) -> None:
        if self.part is not None:
            self.dropped.append(Dropped(self.part[1], "part heading whose first topic is not in the notes"))
        self.part = (name, span)
        self.current_group = name

    def toggle_line(self, title: str, span: Span) -> None:
        if self.toc is None:
            self.page(title, span)
            return
        self._ensure_page()
        node = SectionDraft(title, 2, span)
        self.pages[-1].children.append(node)
        self.toggle, self.sub, self.group_sub = node, None, None

    def sub_line(self, title: str, span: Span, depth: int) -> None:
        """Open a minor heading: a child of the open toggle, or of an empty heading with fewer `#` just before it
        (`### Default NACL…` then `#### Inbound Rules`): the only place where `#` counts are trusted.
        """
        self._ensure_page()
        parent = self.toggle or self.pages[-1]
        if self.sub is not None and not self.sub.blocks and 0 < self.sub.depth < depth and self.sub.level < 6:
            self.group_sub = self.sub
        elif self.group_sub is not None and not 0 < self.group_sub.depth < depth:
            self.group_sub = None
        if self.group_sub is not None:
            parent = self.group_sub
        node = SectionDraft(title, parent.level + 1, span, depth=depth)
        parent.children.append(node)
        self.sub = node

    def add(self, blocks: list[Block]) -> None:
        if not blocks:
            return
        self._ensure_page()
        target = self.sub or self.toggle or self.pages[-1]
        target.blocks.extend(blocks)

    def _ensure_page(self) -> None:
        if not self.pages:
            self.page("Introduction", None)

    def finish(self) -> tuple[Section, ...]:
        if self.part is not None:
            self.dropped.append(Dropped(self.part[1], "part heading whose first topic is not in the notes"))
            self.part = None
        out = []
        for page in self.pages:
            section = self._freeze(page)
            if section is not None:
                out.append(section)
        return tuple(out)

    def _freeze(self, node: SectionDraft) -> Section | None:
        children = tuple(s for s in (self._freeze(c) for c in node.children) if s is not None)
        if not node.blocks and not children and node.level > 1 and node.heading is not None:
            self.dropped.append(Dropped(node.heading, EMPTY_SECTION))
            return None
        return Section(
            node.title, node.level, node.heading, tuple(node.blocks), children, node.group, node.group_heading
        )


class NotionToggleReader:
    """Notion notebooks as text: `▼` toggles, tab tables, screenshot transcriptions; see the module docstring."""

    name = "notion-toggle"
    options = frozenset({"implicit_first_topic"})
    """`implicit_first_topic`: {file name: topic title} for a fragment that opens inside a topic, overriding the
    topic derived from the table of contents."""

    def read(self, files: Sequence[RawFile], options: Mapping[str, Any]) -> SourceTree:
        overrides = _overrides(options, files)
        toc = next((t for t in (_find_toc(f.lines) for f in files[:1]) if t is not None), None)
        scanner = _Scanner(toc)
        builder = _Builder(toc)
        for n, raw in enumerate(files):
            work = with_actions_repaired(raw.path, raw.lines)
            if n == 0 and toc is not None:
                _drop_toc(work, toc)
            add_code_blocks(work)
            before = scanner.topic_index
            markers = scanner.structure(work)
            structural = {m.line for m in markers}
            work.taken.update(structural)  # a heading line with a TAB in it is no table row
            add_tables(work)
            chunks = find_chunks(work, structural)
            classify_chunks(work, chunks)
            for chunk in chunks:
                if chunk.kind == "text" and chunk.start == chunk.end and _standalone(work, chunk.start):
                    line = work.lines[chunk.start]
                    if is_pseudo_heading(line):
                        markers.append(_Marker("sub", chunk.start, plain_title(line.strip())))
                        structural.add(chunk.start)
            chunks = [c for c in chunks if c.start not in structural]
            add_chunk_blocks(work, chunks)
            markers.sort(key=lambda m: m.line)
            work.taken.update(structural)
            implicit = overrides.get(PurePosixPath(raw.path).name) or scanner.implicit_topic(markers, before)
            _build_file(work, markers, builder, implicit)
            builder.dropped.extend(work.dropped)
        chapters = builder.finish()
        dropped = sorted(builder.dropped, key=lambda d: (d.span.path, d.span.start))
        return SourceTree(chapters, tuple(dropped))


def _overrides(options: Mapping[str, Any], files: Sequence[RawFile]) -> dict[str, str]:
    value = options.get("implicit_first_topic", {}) or {}
    where = files[0].path if files else "source.yml"
    if not isinstance(value, Mapping) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise NoteError(where, "option implicit_first_topic must map a file name to a topic title")
    return {str(k): str(v).strip() for k, v in value.items()}


def _standalone(work: FileWork, i: int) -> bool:
    """Blank (or nothing) on both sides."""
    return (i == 0 or work.blank(i - 1)) and (i + 1 >= len(work.lines) or work.blank(i + 1))


def _drop_toc(work: FileWork, toc: _Toc) -> None:
    for i in toc.title_lines:
        work.dropped.append(Dropped(work.span(i, i), "document title (the site takes it from source.yml)"))
        work.take(i, i)
    work.dropped.append(Dropped(work.span(toc.start, toc.end), "table of contents (used as the topic list)"))
    work.take(toc.start, toc.end)


def _build_file(work: FileWork, markers: list[_Marker], builder: _Builder, implicit: str | None) -> None:
    """Feed one file's markers and the blocks between them to the builder."""
    if implicit is not None and _has_content_before(work, markers):
        builder.page(implicit, None)
    position = 0
    for marker in markers:
        builder.add(_segment(work, position, marker.line - 1))
        span = work.span(marker.line, marker.line)
        if marker.kind == "part":
            builder.part_line(marker.title, span)
        elif marker.kind == "topic":
            builder.page(marker.title, span)
        elif marker.kind == "toggle":
            builder.toggle_line(marker.title, span)
        elif marker.title:
            builder.sub_line(marker.title, span, marker.depth)
        else:
            work.dropped.append(Dropped(span, "empty heading"))
        position = marker.line + 1
    builder.add(_segment(work, position, len(work.lines) - 1))


def _has_content_before(work: FileWork, markers: list[_Marker]) -> bool:
    first_topic = next((m.line for m in markers if m.kind in ("topic", "part")), len(work.lines))
    claimed = {i for d in work.dropped for i in range(d.span.start - 1, d.span.end)}
    return any(not work.blank(i) and i not in claimed for i in range(first_topic))


def _segment(work: FileWork, start: int, end: int) -> list[Block]:
    if end < start:
        return []
    return parse_segment(work, start, end)
