"""Body blocks of the Notion-toggle format: the parts of a page that Markdown alone gets wrong.

The converter that produced these notes left code fences split by page breaks, tab-separated tables, console
and spreadsheet transcriptions of screenshots, and sentences cut in two by a blank line. The functions here find
those on raw lines (keeping line numbers), so that everything else can go through `mdparse.parse_blocks`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ..inline import clean_inline, plain_title
from ..model import (
    Block,
    Callout,
    Code,
    Dropped,
    ListBlock,
    ListItem,
    Paragraph,
    Repair,
    ScreenshotText,
    Span,
    Table,
)
from .base import is_blank
from .mdparse import Heading, parse_blocks

FENCE = re.compile(r"^\s*(```|~~~)")
LIST_ITEM = re.compile(r"^( *)([-*+•]|\d{1,9}[.)])( +|$)")
# A code line that fell out of its fence: optional leaked list marker, then JSON punctuation or a quoted key.
LEAKED_CODE = re.compile(r"^\s*(?:- )?\s*[\[\]{}\"]")
DESCRIPTION = re.compile(
    r"^(?:The|This) (?:screenshot|image|picture|diagram|figure)s? (?:shows|displays|depicts|illustrates)\b"
)
UI_LINK = re.compile(r"\[(?:Info|X|Edit|Remove|Cancel|Close|Learn more)\]\(#\)")
BOLD = re.compile(r"\*\*[^*]+\*\*")
SENTENCE_END = (".", "!", "?", ":", ";")
SPREADSHEET_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass
class FileWork:
    """What the line-level passes found in one file, before sections are built."""

    path: str
    lines: Sequence[str]
    taken: set[int] = field(default_factory=set)
    """0-based indexes of lines already claimed by a pre-built block, a drop or a structural line."""
    blocks: list[Block] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    line_repairs: dict[int, list[str]] = field(default_factory=dict)
    """1-based line -> repairs made on the raw line before Markdown parsing (attached to the block holding it)."""

    def span(self, start: int, end: int) -> Span:
        """Span of 0-based indexes `start`..`end` (inclusive)."""
        return Span(self.path, start + 1, end + 1)

    def take(self, start: int, end: int) -> None:
        self.taken.update(range(start, end + 1))

    def blank(self, i: int) -> bool:
        return is_blank(self.lines[i])


_DAMAGED_ACTION = re.compile(r"(?<![\w<>/-])([a-z][a-z0-9]+)>([A-Z][A-Za-z]+\*?)")
"""An IAM action whose colon the converter read as `>`: `"cloudwatch>ListMetrics"`, `**s3>ListBucket**`."""


def with_actions_repaired(path: str, lines: Sequence[str]) -> FileWork:
    """The file's work with IAM actions put right (`s3>ListBucket` → `s3:ListBucket`), each recorded as a repair.

    Why: a student copies the action into a policy; with `>` it is no action at all. A service prefix is lower case
    and an action is CamelCase, so "a > B" in prose (spaces), arrows ("->") and HTML tags (`<b>Stateful`) never match.
    """
    fixed = list(lines)
    work = FileWork(path, fixed)
    for n, line in enumerate(lines):
        if ">" in line and _DAMAGED_ACTION.search(line):
            fixed[n] = _DAMAGED_ACTION.sub(r"\1:\2", line)
            work.line_repairs.setdefault(n + 1, []).append("IAM action `service>Action` read back as `service:Action`")
    return work


# --- code fences -------------------------------------------------------------------------------------------


def find_fences(lines: Sequence[str]) -> list[tuple[int, int]]:
    """(open, close) 0-based indexes of every fence; an unclosed fence runs to the end of the file."""
    fences: list[tuple[int, int]] = []
    start: int | None = None
    for i, line in enumerate(lines):
        if FENCE.match(line):
            if start is None:
                start = i
            else:
                fences.append((start, i))
                start = None
    if start is not None:
        fences.append((start, len(lines) - 1))
    return fences


def _bracket_depth(text: str, depth: int = 0) -> int:
    """Open minus closed brackets outside double-quoted strings (a string left open ends with its line)."""
    for line in text.split("\n"):
        in_string = False
        escaped = False
        for ch in line:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = not in_string
            elif not in_string and ch in "[{":
                depth += 1
            elif not in_string and ch in "]}":
                depth -= 1
    return depth


def _fence_body(lines: Sequence[str], start: int, end: int) -> list[str]:
    """Inner lines of a fence, without its blank first/last lines and trailing spaces."""
    close = end if end > start and FENCE.match(lines[end]) else end + 1
    body = [line.rstrip() for line in lines[start + 1 : close]]
    while body and not body[0]:
        body.pop(0)
    while body and not body[-1]:
        body.pop()
    return body


def add_code_blocks(work: FileWork) -> None:
    """Every fence becomes a Code block. Fences separated only by blank lines are one block cut by a page break,
    and code lines that leaked out after it (`- ],`, ` "Condition": {`) go back in while brackets stay open.
    """
    lines = work.lines
    fences = find_fences(lines)
    i = 0
    while i < len(fences):
        group = [fences[i]]
        while i + 1 < len(fences) and all(work.blank(k) for k in range(group[-1][1] + 1, fences[i + 1][0])):
            i += 1
            group.append(fences[i])
        i += 1
        body: list[str] = []
        for start, end in group:
            body.extend(_fence_body(lines, start, end))
        first, last = group[0][0], group[-1][1]
        repairs: list[Repair] = []
        if len(group) > 1:
            repairs.append(Repair(group[1][0] + 1, "code block split by a page break re-joined"))
        depth = _bracket_depth("\n".join(body))
        k = last + 1
        while depth > 0 and k < len(lines):
            if work.blank(k):
                k += 1
                continue
            if not LEAKED_CODE.match(lines[k]) or (fences and any(s <= k <= e for s, e in fences)):
                break
            text = lines[k].rstrip()
            fixed = re.sub(r"^(\s*)- ", r"\1", text).replace("\\*", "*").replace("\\_", "_")
            if fixed != text:
                repairs.append(Repair(k + 1, "code line that leaked out of its fence put back (list marker removed)"))
            else:
                repairs.append(Repair(k + 1, "code line that leaked out of its fence put back"))
            body.append(fixed)
            depth = _bracket_depth(fixed, depth)
            last = k
            k += 1
        work.take(first, last)
        work.blocks.append(Code("\n".join(body), work.span(first, last), "", tuple(repairs)))


# --- tab tables --------------------------------------------------------------------------------------------


def add_tables(work: FileWork) -> None:
    """Turn runs of two or more consecutive lines containing a TAB into tables (header = first row)."""
    i, n = 0, len(work.lines)
    while i < n:
        if i in work.taken or "\t" not in work.lines[i] or work.blank(i):
            i += 1
            continue
        j = i
        while j + 1 < n and j + 1 not in work.taken and "\t" in work.lines[j + 1] and not work.blank(j + 1):
            j += 1
        if j > i:
            work.blocks.append(tab_table(work.lines[i : j + 1], work.path, i + 1))
            work.take(i, j)
        i = j + 1


def tab_table(rows_raw: Sequence[str], path: str, first_line: int) -> Table:
    """One tab-separated block as a Table, with the screenshot damage of this format repaired."""
    rows = [line.rstrip("\r\n").split("\t") for line in rows_raw]
    lines = list(range(first_line, first_line + len(rows)))
    repairs: list[Repair] = []
    rows, lines = _drop_spreadsheet_letters(rows, lines, repairs)
    rows = _unglue_row_numbers(rows, lines, repairs)
    rows, lines = _unscramble_split_header(rows, lines, repairs)
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    while width > 1 and all(not r[width - 1].strip() for r in rows):
        width -= 1
        rows = [r[:width] for r in rows]
    cells: list[list[str]] = []
    for row, line in zip(rows, lines, strict=True):
        out = []
        for cell in row:
            text, fixed = _table_cell(cell, line)
            out.append(text)
            repairs.extend(fixed)
        cells.append(out)
    span = Span(path, first_line, first_line + len(rows_raw) - 1)
    repairs.sort(key=lambda r: (r.line, r.what))
    return Table(tuple(cells[0]), tuple(tuple(r) for r in cells[1:]), span, tuple(repairs), tuple(lines[1:]))


def _table_cell(cell: str, line: int) -> tuple[str, tuple[Repair, ...]]:
    """Clean a cell's inline text; `•`-glued items (from an unclosed `<ul>`) go on separate lines."""
    text, repairs = clean_inline(cell.strip(), line)
    if text.count("•") >= 2:
        items = [part.strip() for part in text.split("•") if part.strip()]
        text = "\\\n".join("• " + item for item in items)
        repairs += (Repair(line, "bullets `•` glued inside a table cell put on separate lines"),)
    return text, repairs


def _drop_spreadsheet_letters(
    rows: list[list[str]], lines: list[int], repairs: list[Repair]
) -> tuple[list[list[str]], list[int]]:
    """Drop a first row `A B C …`: it is the column ruler of a spreadsheet screenshot, not a header."""
    head = [c.strip() for c in rows[0]]
    if len(rows) > 2 and len(head) >= 3 and head == list(SPREADSHEET_LETTERS[: len(head)]):
        repairs.append(Repair(lines[0], "spreadsheet column letters A… removed (screenshot ruler)"))
        return rows[1:], lines[1:]
    return rows, lines


def _unglue_row_numbers(rows: list[list[str]], lines: list[int], repairs: list[Repair]) -> list[list[str]]:
    """Spreadsheet row numbers glued to the first cell (`1 user`, `2 <root_account>`) counting 1, 2, 3…."""
    numbers = [re.match(r"^(\d+) (\S.*)$", r[0].strip()) for r in rows]
    if len(rows) < 3 or not all(numbers):
        return rows
    values = [int(m.group(1)) for m in numbers if m]
    if values != list(range(values[0], values[0] + len(values))):
        return rows
    out = []
    for row, match, line in zip(rows, numbers, lines, strict=True):
        assert match is not None
        repairs.append(Repair(line, f"spreadsheet row number {match.group(1)} removed from the first cell"))
        out.append([match.group(2), *row[1:]])
    return out


def _unscramble_split_header(
    rows: list[list[str]], lines: list[int], repairs: list[Repair]
) -> tuple[list[list[str]], list[int]]:
    """Repair a header split between the first and the last row (every other field), with the data rows' extra fields
    run together with spaces: interleave the two header halves and split the data on whitespace.
    """
    if len(rows) < 3:
        return rows, lines
    first, last = [c.strip() for c in rows[0]], [c.strip() for c in rows[-1]]
    word = re.compile(r"^[a-z][a-z0-9-]*$")
    if len(first) != len(last) or not all(word.match(c) for c in first + last):
        return rows, lines
    data = [" ".join(row).split() for row in rows[1:-1]]
    if not all(len(d) == 2 * len(first) for d in data):
        return rows, lines
    header = [name for pair in zip(first, last, strict=True) for name in pair]
    repairs.append(Repair(lines[-1], "header split between the first and last rows re-assembled"))
    return [header, *data], [lines[0], *lines[1:-1]]


# --- chunks: screenshot transcriptions, callouts, pseudo-headings ------------------------------------------


@dataclass
class Chunk:
    """A run of non-blank lines not yet claimed, with what it looks like."""

    start: int
    end: int
    kind: str = "text"  # text | description | console | callout


def find_chunks(work: FileWork, structural: set[int]) -> list[Chunk]:
    chunks: list[Chunk] = []
    i, n = 0, len(work.lines)
    while i < n:
        if work.blank(i) or i in work.taken or i in structural:
            i += 1
            continue
        j = i
        while j + 1 < n and not work.blank(j + 1) and j + 1 not in work.taken and j + 1 not in structural:
            j += 1
        chunks.append(Chunk(i, j))
        i = j + 1
    return chunks


def is_ui_row(line: str) -> bool:
    """Tell a row of console buttons: `Create role **Delete role** **Refresh** **Settings**`."""
    bolds = BOLD.findall(line)
    rest = BOLD.sub("", line).strip()
    return len(bolds) >= 3 and len(rest) <= 25 and not rest.endswith(SENTENCE_END)


def is_ui_toggle(lines: Sequence[str], i: int) -> bool:
    """Tell a `▼` line that is console text: no bold, no closing period, and console links (`[Info](#)`) follow."""
    text = lines[i].strip()
    if "**" in text or text.endswith("."):
        return False
    seen = 0
    for line in lines[i + 1 :]:
        if is_blank(line):
            continue
        if UI_LINK.search(line):
            return True
        seen += 1
        if seen >= 3:
            break
    return False


def _is_console(lines: list[str]) -> bool:
    """Tell console text: a `▼`/`⚠` line, console links (`[Info](#)`), or 3+ `Label: value` lines."""
    first = lines[0].strip()
    if "▼" in first or first.startswith("⚠") or any(UI_LINK.search(line) for line in lines):
        return True
    return len(lines) >= 3 and all(": " in s and not s.rstrip().endswith(".") for s in lines)


def _short_fragments(work: FileWork, chunk: Chunk) -> bool:
    lines = [work.lines[k].strip() for k in range(chunk.start, chunk.end + 1)]
    return all(len(s) < 40 and not s.endswith((".", "!", "?")) for s in lines)


def classify_chunks(work: FileWork, chunks: list[Chunk]) -> None:
    """Mark LLM screenshot descriptions, console transcriptions and `|` callouts; the rest stays text."""
    prev: Chunk | None = None
    for chunk in chunks:
        lines = [work.lines[k] for k in range(chunk.start, chunk.end + 1)]
        first = lines[0].strip()
        if DESCRIPTION.match(first):
            chunk.kind = "description"
        elif chunk.start == chunk.end and is_ui_row(first):
            chunk.kind = "console"
        elif first.startswith("|") and chunk.start == chunk.end:
            body = first.lstrip("|").strip()
            chunk.kind = "callout" if body.endswith(SENTENCE_END) or len(body) > 40 else "console"
        elif _is_console(lines) or (
            prev is not None
            and prev.kind == "console"
            and all(work.blank(k) for k in range(prev.end + 1, chunk.start))
            and _short_fragments(work, chunk)
        ):
            chunk.kind = "console"
        prev = chunk
    # A title-like line right before console text is the caption of that screenshot (`**Environment variables**`).
    for before, after in itertools.pairwise(chunks):
        if (
            before.kind == "text"
            and after.kind == "console"
            and before.start == before.end
            and all(work.blank(k) for k in range(before.end + 1, after.start))
            and (is_pseudo_heading(work.lines[before.start]) or is_console_label(work.lines[before.start]))
        ):
            before.kind = "console"
    for chunk in chunks:
        if chunk.kind == "text" and chunk.start == chunk.end and is_console_label(work.lines[chunk.start]):
            chunk.kind = "console"


def is_console_label(line: str) -> bool:
    """Tell a short standalone `Title: View` line (`ElastiCache (Redis OSS): API/CLI View`): a console caption."""
    return ": " in line and is_pseudo_heading(line.replace(": ", " "))


def is_pseudo_heading(line: str) -> bool:
    """Tell a short standalone line that titles what follows (`IAM Policy Components`), not a sentence or lead-in."""
    raw = line.strip()
    if not raw or "\t" in raw or re.match(r"^([-+>|<\[!#$(`]|\* |\d+[.)] )", raw):
        return False
    title = plain_title(raw)
    if not title or len(title) > 60 or len(title.split()) > 8:
        return False
    if title.endswith((".", ":", ";", ",", "!", "?")) or ": " in title:
        return False
    return title[0].isupper() or title[0].isdigit()


def add_chunk_blocks(work: FileWork, chunks: list[Chunk]) -> None:
    """Descriptions are dropped; consecutive console chunks become one ScreenshotText; `|` lines a quote."""
    k = 0
    while k < len(chunks):
        chunk = chunks[k]
        if chunk.kind == "description":
            work.dropped.append(
                Dropped(work.span(chunk.start, chunk.end), "description of a screenshot written by the converter")
            )
            work.take(chunk.start, chunk.end)
        elif chunk.kind == "callout":
            text, repairs = clean_inline(work.lines[chunk.start].strip().lstrip("|").strip(), chunk.start + 1)
            span = work.span(chunk.start, chunk.end)
            work.blocks.append(Callout("quote", (Paragraph(text, span, repairs),), span))
            work.take(chunk.start, chunk.end)
        elif chunk.kind == "console":
            last = k
            while (
                last + 1 < len(chunks)
                and chunks[last + 1].kind == "console"
                and all(work.blank(i) for i in range(chunks[last].end + 1, chunks[last + 1].start))
            ):
                last += 1
            start, end = chunk.start, chunks[last].end
            raw = "\n".join(work.lines[i].strip() for i in range(start, end + 1) if not work.blank(i))
            text, repairs = clean_inline(raw, start + 1)
            text = text.replace("**", "")  # shown as plain text: bold markers would print literally
            work.blocks.append(ScreenshotText(text, work.span(start, end), repairs))
            work.take(start, end)
            k = last
        k += 1


# --- Markdown for the rest ---------------------------------------------------------------------------------


def markdown_lines(work: FileWork, start: int, end: int) -> list[str]:
    """Lines `start`..`end` ready for markdown-it: claimed lines blanked, `•` bullets made `-`, and nested
    list items indented to their parent's content column (the notes nest with 1 or 2 spaces).
    """
    out: list[str] = []
    stack: list[tuple[int, int]] = []  # (raw indent, new content column) of open list items
    numbered = _numbered_rows(work, start, end)
    for i in range(start, end + 1):
        line = "" if i in work.taken else work.lines[i]
        if i in numbered:
            line = re.sub(r"^(\d+) ", r"\1. ", line)
            work.line_repairs.setdefault(i + 1, []).append("row number without its dot read as an ordered list")
        match = LIST_ITEM.match(line)
        if match is None:
            if line.strip() and not line.startswith(" "):
                stack = []
            out.append(line)
            continue
        indent, marker = len(match.group(1)), match.group(2)
        if marker == "•":
            work.line_repairs.setdefault(i + 1, []).append("bullet `•` read as a list item")
            marker = "-"
        while stack and stack[-1][0] >= indent:
            stack.pop()
        new_indent = stack[-1][1] if stack else 0
        if new_indent != indent and stack:
            work.line_repairs.setdefault(i + 1, []).append("list nesting re-indented")
        stack.append((indent, new_indent + len(marker) + 1))
        out.append(" " * new_indent + marker + line[indent + len(match.group(2)) :])
    return out


def _numbered_rows(work: FileWork, start: int, end: int) -> set[int]:
    """Find runs of two or more consecutive lines `2 Users should…`, `3 Delete…` (numbers counting up by one): an
    ordered list whose dots a screenshot transcription lost.
    """
    number = re.compile(r"^(\d+) \S")
    found: set[int] = set()
    run: list[tuple[int, int]] = []  # (line index, number)
    for i in range(start, end + 2):
        match = number.match(work.lines[i]) if i <= end else None
        if match and run and int(match.group(1)) == run[-1][1] + 1:
            run.append((i, int(match.group(1))))
            continue
        if len(run) >= 2:
            found.update(k for k, _ in run)
        run = [(i, int(match.group(1)))] if match else []
    return found


def parse_segment(work: FileWork, start: int, end: int) -> list[Block]:
    """Blocks of 0-based lines `start`..`end`: pre-built ones plus Markdown for the unclaimed lines."""
    blocks: list[Block] = []
    for run_start, run_end in _free_runs(work, start, end):
        blocks.extend(_markdown_blocks(work, run_start, run_end))
    blocks.extend(b for b in work.blocks if start + 1 <= b.span.start <= end + 1)
    blocks.sort(key=lambda b: b.span.start)
    blocks = join_split_sentences(blocks, work)
    return [_with_line_repairs(b, work) for b in blocks]


def _free_runs(work: FileWork, start: int, end: int) -> list[tuple[int, int]]:
    """Find runs of unclaimed lines: Markdown is parsed per run, so that a list cannot run on across a table."""
    runs: list[tuple[int, int]] = []
    i = start
    while i <= end:
        if i in work.taken:
            i += 1
            continue
        j = i
        while j + 1 <= end and j + 1 not in work.taken:
            j += 1
        if not all(work.blank(k) for k in range(i, j + 1)):
            runs.append((i, j))
        i = j + 1
    return runs


def _markdown_blocks(work: FileWork, start: int, end: int) -> list[Block]:
    md = markdown_lines(work, start, end)
    items, dropped = parse_blocks(md, work.path, start + 1)
    work.dropped.extend(dropped)
    blocks: list[Block] = []
    for item in items:
        if isinstance(item, Heading):  # a setext heading: the notes have none, keep its text as a paragraph
            text, repairs = clean_inline(item.text, item.span.start)
            blocks.append(Paragraph(text, item.span, repairs))
        else:
            blocks.append(item)
    return blocks


def _with_line_repairs(block: Block, work: FileWork) -> Block:
    extra = [Repair(n, what) for n in block.span.lines() for what in work.line_repairs.get(n, [])]
    if not extra:
        return block
    merged = tuple(sorted((*block.repairs, *extra), key=lambda r: (r.line, r.what)))
    return replace(block, repairs=merged)


# --- sentences cut by a page break ---------------------------------------------------------------------------


def _continues(prev_text: str, next_text: str, prev_line: str) -> bool:
    """`next_text` is the second half of a sentence that `prev_text` leaves open."""
    if not prev_text or not next_text or prev_text.rstrip().endswith((*SENTENCE_END, ")", "*", "`")):
        return False
    if "\n" in prev_text or len(prev_line.strip()) < 60:
        return False
    head = next_text[0]
    if head.islower() or head in "<(" or head.isdigit():
        return True
    # `… can burst` / `IOPS to 3000.`: an acronym after a line cut in mid-phrase (ends with a lowercase word).
    first_word = next_text.split()[0]
    return bool(re.fullmatch(r"[A-Z]{2,}", first_word)) and bool(re.search(r"\b[a-z]+$", prev_text))


def _gap_is_blank(work: FileWork, a: Span, b: Span) -> bool:
    gap = range(a.end, b.start - 1)  # 0-based indexes of the lines strictly between
    return 1 <= len(gap) <= 2 and all(work.blank(i) for i in gap)


def join_split_sentences(blocks: list[Block], work: FileWork) -> list[Block]:
    """Re-join a paragraph (or a list's last item) and the next paragraph when a blank line cut a sentence."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if isinstance(block, Paragraph) and prev is not None and _gap_is_blank(work, prev.span, block.span):
            joined = _join(prev, block, work)
            if joined is not None:
                out[-1] = joined
                continue
        out.append(block)
    return out


def _join(prev: Block, nxt: Paragraph, work: FileWork) -> Block | None:
    repair = Repair(nxt.span.start, "sentence split by a blank line re-joined")
    span = Span(prev.span.path, prev.span.start, nxt.span.end)
    prev_line = work.lines[prev.span.end - 1]
    if isinstance(prev, Paragraph) and _continues(prev.text, nxt.text, prev_line):
        repairs = (*prev.repairs, *nxt.repairs, repair)
        return Paragraph(prev.text + " " + nxt.text, span, repairs)
    if isinstance(prev, ListBlock) and prev.items and not prev.items[-1].children:
        last = prev.items[-1]
        if _continues(last.text, nxt.text, prev_line):
            item = ListItem(last.text + " " + nxt.text, Span(span.path, last.span.start, nxt.span.end))
            return ListBlock((*prev.items[:-1], item), span, prev.ordered, prev.start, (*prev.repairs, repair))
    return None
