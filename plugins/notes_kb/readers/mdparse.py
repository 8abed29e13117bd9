"""Markdown-like text to model blocks, through markdown-it-py, whose token map gives every block its line span.

Readers call `parse_blocks` on a run of lines (the whole file, or the body of one section) after any line-level
repairs that keep line numbers unchanged. Headings come back as `Heading` items so that each reader decides what
a heading means for its format; everything else comes back as model blocks.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from markdown_it import MarkdownIt
from markdown_it.rules_block.table import escapedSplit
from markdown_it.token import Token

from ..errors import NoteError
from ..inline import MISSING_IMAGE, clean_inline
from ..model import (
    Block,
    Callout,
    Code,
    Dropped,
    ListBlock,
    ListItem,
    Paragraph,
    Repair,
    Section,
    SourceTree,
    Span,
    Table,
)
from ..textcache import text_cache

# Only block tokens are used (an inline token's `content` is its raw text), so the inline pass is skipped: it was
# most of the parse time, about 5 s of a 5 MB note.
_MD = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough").disable("inline")
MAX_NESTING = 128
"""markdown-it's nesting limit (a list level counts twice: list and item; the preset's 20 cut lists at 9 levels).
Past the limit markdown-it silently skips the nested lines, so input that reaches it is refused, with its line."""
_MD.options["maxNesting"] = MAX_NESTING
PART_LINES = 200
"""The fewest lines a part holds but the last (`parse_blocks`): parts of one heading each (the DVA notes have about
1 300) took a fifth longer to parse than the whole text, and a one-off build parses every note once."""
PARTS_CACHE = 256
"""Parts whose parse is remembered (`parse_blocks`): the DVA notes are about 80. An edit that adds or removes lines
adds entries for every part after it, so the cache is kept to a few notes' worth."""
HORIZONTAL_RULE = "horizontal rule (no text: kept only as a break between the blocks around it)"


@dataclass(frozen=True)
class Heading:
    """A Markdown heading as written: `level` is the number of `#`, `text` its raw inline source."""

    level: int
    text: str
    span: Span


@dataclass
class _Ctx:
    path: str
    first_line: int
    lines: Sequence[str]
    dropped: list[Dropped]

    def span(self, token_map: list[int] | None) -> Span:
        """The span of a token map, with trailing blank lines trimmed (markdown-it includes them in lists)."""
        assert token_map is not None
        start, end = token_map[0], token_map[1] - 1
        while end > start and not self.lines[end].strip():
            end -= 1
        return Span(self.path, self.first_line + start, self.first_line + end)


def parse_blocks(lines: Sequence[str], path: str, first_line: int = 1) -> tuple[list[Block | Heading], list[Dropped]]:
    """Parse `lines` (which start at line `first_line` of `path`) into headings and blocks, plus what was dropped.

    The lines are parsed a part at a time, each part from a heading to the next, and each part's result is kept by
    its text and place (`_parse_part`). Why: under `mkdocs serve` an edit re-read the whole edited note, and parsing
    was three quarters of reading it (the DVA notes: 0.6 s of each rebuild); now only the parts the edit changed are
    parsed again (and those after it, when it added or removed lines). A part ends only where the whole text's parse
    starts a heading at the top level; where that is not certain, the rest is parsed whole.
    """
    items: list[Block | Heading] = []
    dropped: list[Dropped] = []
    unclaimed: list[Dropped] = []
    start = 0
    for heading in [*_part_starts(lines), len(lines)]:
        if heading <= start:
            continue
        part = _parse_part(path, first_line + start, tuple(lines[start : heading + 1]))
        if heading < len(lines) and not part.ends_at_heading:
            part = _parse_part(path, first_line + start, tuple(lines[start:]))
            heading = len(lines)
        items.extend(part.items[:-1] if heading < len(lines) else part.items)
        dropped.extend(part.dropped)
        unclaimed.extend(part.unclaimed)
        start = heading
    return items, [*dropped, *unclaimed]  # as one parse orders them: lines no block holds come last


_ATX_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


def _part_starts(lines: Sequence[str]) -> list[int]:
    """Lines where a part may start: a `#` heading at the margin after a blank line, outside a fenced block (a quick
    reading: `_parse_part` checks each against the parse itself), `PART_LINES` or more after the last start.
    """
    starts: list[int] = []
    fence = ""
    for n, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = "" if not line[opening.end() :].strip() else fence
            continue
        if opening:
            fence = opening.group(1)
        elif n - (starts[-1] if starts else 0) >= PART_LINES and _ATX_HEADING.match(line) and not lines[n - 1].strip():
            starts.append(n)
    return starts


@dataclass(frozen=True)
class _Part:
    items: tuple[Block | Heading, ...]
    dropped: tuple[Dropped, ...]
    unclaimed: tuple[Dropped, ...]
    """Lines no block token holds (`_drop_tokenless_lines`), which one parse of the whole text drops last."""
    ends_at_heading: bool
    """Whether the part's last line is a heading at the top level: then the text before it parses as it does in
    the whole text, and the heading, which the next part starts with, is its last item."""


@text_cache(maxsize=PARTS_CACHE)  # pure: a serve rebuild parses again only the parts an edit changed
def _parse_part(path: str, first_line: int, lines: tuple[str, ...]) -> _Part:
    ctx = _Ctx(path, first_line, lines, [])
    # markdown-it ends a line at a lone CR too; the raw lines (split on LF only) keep it, so it must not count here.
    tokens = _MD.parse("\n".join(line.replace("\r", " ") for line in lines))
    _check_depth(tokens, ctx)
    items, _ = _parse_seq(tokens, 0, ctx, stop=None)
    claimed = len(ctx.dropped)
    _drop_tokenless_lines(tokens, ctx)
    last = tokens[-3] if len(tokens) >= 3 else None
    ends = (
        last is not None
        and last.type == "heading_open"
        and last.level == 0
        and last.map == [len(lines) - 1, len(lines)]
    )
    return _Part(tuple(items), tuple(ctx.dropped[:claimed]), tuple(ctx.dropped[claimed:]), ends)


def _check_depth(tokens: list[Token], ctx: _Ctx) -> None:
    """Refuse nesting near markdown-it's limit, where it would drop lines without a word (see `MAX_NESTING`)."""
    deep = next((t for t in tokens if t.level >= MAX_NESTING - 2 and t.map), None)
    if deep is not None and deep.map is not None:
        raise NoteError(
            ctx.path,
            f"lists or quotes nested over {MAX_NESTING // 2 - 2} levels deep: flatten them",
            ctx.first_line + deep.map[0],
        )


REFERENCE_DEFINITION = "link reference definition (no text of its own)"


def _drop_tokenless_lines(tokens: list[Token], ctx: _Ctx) -> None:
    """Claim the lines no block token covers (CommonMark link reference definitions, `[x]: url`), or none owns them."""
    covered = [False] * (len(ctx.lines) + 1)
    for tok in tokens:
        if tok.level == 0 and tok.map:
            covered[tok.map[0] : tok.map[1]] = [True] * (tok.map[1] - tok.map[0])
    start: int | None = None
    for i, line in enumerate([*ctx.lines, ""]):
        if start is None and not covered[i] and line.strip():
            start = i
        elif start is not None and (covered[i] or not line.strip()):
            ctx.dropped.append(Dropped(ctx.span([start, i]), REFERENCE_DEFINITION))
            start = None


def _parse_seq(tokens: list[Token], i: int, ctx: _Ctx, stop: str | None) -> tuple[list[Block | Heading], int]:
    """Parse block tokens from index `i` until a closing token of type `stop` (or the end)."""
    out: list[Block | Heading] = []
    while i < len(tokens):
        tok = tokens[i]
        if stop is not None and tok.type == stop:
            return out, i + 1
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            lifted, i = _list(tokens, i, ctx)
            out.extend(lifted)
            continue
        item, i = _parse_one(tokens, i, ctx)
        if item is not None:
            out.append(item)
    return out, i


def _parse_one(tokens: list[Token], i: int, ctx: _Ctx) -> tuple[Block | Heading | None, int]:
    tok = tokens[i]
    kind = tok.type
    if kind == "heading_open":
        text = tokens[i + 1].content
        return Heading(int(tok.tag[1]), text, ctx.span(tok.map)), i + 3
    if kind == "paragraph_open":
        return _paragraph(tokens[i + 1], ctx), i + 3
    if kind in ("fence", "code_block"):
        lang = tok.info.strip().split()[0].lower() if tok.info.strip() else ""
        return Code(tok.content.rstrip("\n"), ctx.span(tok.map), lang), i + 1
    if kind == "blockquote_open":
        mark = len(ctx.dropped)
        inner, j = _parse_seq(tokens, i + 1, ctx, stop="blockquote_close")
        blocks = tuple(_bold_line(b) if isinstance(b, Heading) else b for b in inner)
        repairs = _absorb_drops(ctx, mark)
        span = ctx.span(tok.map)
        if not blocks:
            ctx.dropped.append(Dropped(span, _empty_reason(repairs)))
            return None, j
        return Callout("quote", blocks, span, repairs=repairs), j
    if kind == "table_open":
        return _table(tokens, i, ctx)
    if kind == "hr":
        ctx.dropped.append(Dropped(ctx.span(tok.map), HORIZONTAL_RULE))
        return None, i + 1
    if kind == "html_block":
        return _html_block(tok, ctx), i + 1
    raise ValueError(f"unexpected markdown-it token {kind!r}")  # pragma: no cover - markdown-it's block set is fixed


HEADING_IN_A_BLOCK = "a heading inside a quote, shown as a bold line"


def _bold_line(heading: Heading) -> Paragraph:
    """A heading inside a quote, which no page's outline can hold, as a bold line where it stands.

    One inside a list item ends the list instead (`_list`).
    """
    text, repairs = clean_inline(heading.text, heading.span.start)
    shown = f"**{text.strip()}**" if text.strip() and "**" not in text else text
    return Paragraph(shown, heading.span, (*repairs, Repair(heading.span.start, HEADING_IN_A_BLOCK)))


def _paragraph(inline: Token, ctx: _Ctx) -> Paragraph | None:
    span = ctx.span(inline.map)
    text, repairs = clean_inline(inline.content, span.start)
    if not text:
        ctx.dropped.append(Dropped(span, _empty_reason(repairs)))
        return None
    return Paragraph(text, span, repairs)


def _empty_reason(repairs: tuple[Repair, ...]) -> str:
    if repairs and all(r.what.startswith(MISSING_IMAGE) for r in repairs):
        return MISSING_IMAGE
    if repairs:
        return "only markup with no text: " + "; ".join(sorted({r.what for r in repairs}))
    return "empty"


def _html_block(tok: Token, ctx: _Ctx) -> Paragraph | None:
    """Raw HTML never reaches the page: formatting tags are stripped, anything else is kept as literal text."""
    return _paragraph(tok, ctx)


def _absorb_drops(ctx: _Ctx, mark: int) -> tuple[Repair, ...]:
    """Drops recorded while parsing inside a container become repairs of that container.

    Only top-level blocks and drops may claim lines, so an image-only item inside a list is a repair of the list.
    """
    inner = ctx.dropped[mark:]
    del ctx.dropped[mark:]
    return tuple(Repair(d.span.start, d.reason) for d in inner)


def _list(tokens: list[Token], i: int, ctx: _Ctx) -> tuple[list[Block | Heading], int]:
    """A list as one block; or, where an item holds a heading, the list up to that heading, the heading and the rest
    of the item as blocks of their own, and the items after it as a list under that heading.

    Why: a heading opens a part of the notes, wherever its indent puts it. The Udemy notes' "### AWS Transfer
    Familiy - S3 & EFS" and "### AWS DataSync", indented into the Storage Gateway's "Hardware Appliance" item, were
    read as that item's lines and shown on the Storage Gateway page (two blind reviews).
    """
    open_tok = tokens[i]
    ordered = open_tok.type == "ordered_list_open"
    close = "ordered_list_close" if ordered else "bullet_list_close"
    start = int(open_tok.attrs.get("start", 1)) if ordered else 1
    assert open_tok.map is not None
    out: list[Block | Heading] = []
    part = _ListPart(open_tok.map[0], len(ctx.dropped))
    j = i + 1
    while tokens[j].type != close:
        item_map = tokens[j].map
        assert item_map is not None
        inner, j = _parse_seq(tokens, j + 1, ctx, stop="list_item_close")
        cut = next((n for n, block in enumerate(inner) if isinstance(block, Heading)), None)
        if cut is None:
            part.add(inner, ctx.span(item_map), ctx)
            continue
        heading = inner[cut].span.start - ctx.first_line
        if any(line.strip() for line in ctx.lines[item_map[0] : heading]):
            part.add(inner[:cut], ctx.span([item_map[0], heading]), ctx)
        out += part.block(heading, ordered, start, ctx)
        out += inner[cut:]
        following = tokens[j].map if tokens[j].type != close else None
        part = _ListPart(following[0] if following else open_tok.map[1], len(ctx.dropped))
    out += part.block(open_tok.map[1], ordered, start, ctx)
    return out, j + 1


@dataclass
class _ListPart:
    """The items of one list block while they are read: from raw line `first` (0-based, relative), with the drops
    recorded since `mark`.
    """

    first: int
    mark: int
    items: list[ListItem] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)

    def add(self, inner: list[Block | Heading], span: Span, ctx: _Ctx) -> None:
        blocks = [_bold_line(b) if isinstance(b, Heading) else b for b in inner]
        text = ""
        if blocks and isinstance(blocks[0], Paragraph):
            first = blocks.pop(0)
            assert isinstance(first, Paragraph)
            text = first.text
            self.repairs.extend(first.repairs)
        if not text and not blocks:
            ctx.dropped.append(Dropped(span, "empty list item"))
            return
        self.items.append(ListItem(text, span, tuple(blocks)))

    def block(self, end: int, ordered: bool, start: int, ctx: _Ctx) -> list[Block | Heading]:
        """The list of the items read, up to raw line `end` (exclusive); drops recorded from that line on stay
        top-level, as the lines after a lifted heading are.
        """
        if not any(line.strip() for line in ctx.lines[self.first : end]):
            return []
        limit = ctx.first_line + end
        inner = ctx.dropped[self.mark :]
        del ctx.dropped[self.mark :]
        ctx.dropped.extend(d for d in inner if d.span.start >= limit)
        self.repairs.extend(Repair(d.span.start, d.reason) for d in inner if d.span.start < limit)
        span = ctx.span([self.first, end])
        if not self.items:
            ctx.dropped.append(Dropped(span, _empty_reason(tuple(self.repairs))))
            return []
        repairs = tuple(sorted(self.repairs, key=lambda r: (r.line, r.what)))
        return [ListBlock(tuple(self.items), span, ordered, start, repairs)]


def _table(tokens: list[Token], i: int, ctx: _Ctx) -> tuple[Table, int]:
    span = ctx.span(tokens[i].map)
    rows: list[list[str]] = []
    parsed: list[list[str]] = []
    lines: list[int] = []
    repairs: list[Repair] = []
    j = i + 1
    while tokens[j].type != "table_close":
        tok = tokens[j]
        if tok.type == "tr_open":
            rows.append([])
            parsed.append([])
            lines.append(ctx.first_line + tok.map[0] if tok.map else -1)
        elif tok.type == "inline":
            line = ctx.first_line + (tok.map[0] if tok.map else 0)
            text, fixed = clean_inline(tok.content, line)
            rows[-1].append(text)
            parsed[-1].append(tok.content)
            repairs.extend(fixed)
        j += 1
    rows = _fitted_rows(
        rows, [_raw_cells(ctx, line, cells) for line, cells in zip(lines, parsed, strict=True)], lines, repairs
    )
    header, body = rows[0], rows[1:]
    known = -1 not in lines and len(set(lines)) == len(lines)
    row_lines = tuple(lines[1:]) if known else ()
    return Table(tuple(header), tuple(tuple(r) for r in body), span, tuple(repairs), row_lines), j + 1


TABLE_WIDENED = "row of {cells} cells under a header of {columns}: the table is widened so that no cell is lost"
TABLE_PADDED = "row of {cells} under a header of {columns} cells: padded with empty cells"


def _fitted_rows(
    rows: list[list[str]], written: list[list[str]], lines: list[int], repairs: list[Repair]
) -> list[list[str]]:
    """Rows with every cell as written, recording each row whose cell count differs from the header's.

    markdown-it, following GitHub, pads a short row and silently drops a long row's extra cells: a fact lost. The
    extra cells are read back from the raw line, and the table is widened to its longest row.
    """
    columns = len(rows[0])
    width = max(len(cells) for cells in written)
    fitted: list[list[str]] = []
    for row, cells, line in zip(rows, written, lines, strict=True):
        extra: list[str] = []
        for cell in cells[columns:]:
            text, fixed = clean_inline(cell, line)
            extra.append(text)
            repairs.extend(fixed)
        if len(cells) != columns:
            what = TABLE_WIDENED if len(cells) > columns else TABLE_PADDED
            repairs.append(Repair(line, what.format(cells=len(cells), columns=columns)))
        full = row + extra
        fitted.append(full + [""] * (width - len(full)))
    return fitted


_QUOTE_MARKS = re.compile(r"^\s*(?:>\s?)*")


def _raw_cells(ctx: _Ctx, line: int, parsed: list[str]) -> list[str]:
    """The cells of a raw table row as written, split as markdown-it splits them; `parsed` (the cells markdown-it
    kept, padded) when the raw line cannot be read back to them.
    """
    if line < ctx.first_line:
        return parsed
    raw = _QUOTE_MARKS.sub("", ctx.lines[line - ctx.first_line]).strip()
    cells = escapedSplit(raw)
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    cells = [cell.strip() for cell in cells]
    shown = list(parsed)
    while shown and not shown[-1] and len(shown) > len(cells):
        shown.pop()
    return cells if cells[: len(shown)] == shown else parsed


def with_breaks(tree: SourceTree) -> SourceTree:
    """The tree with each dropped top-level rule recorded as a break of the section whose own blocks it stands between.

    A rule before a section's first block or after its last ends nothing that a heading does not end already.
    """
    rules = sorted((d.span.path, d.span.start) for d in tree.dropped if d.reason == HORIZONTAL_RULE)
    return replace(tree, chapters=tuple(_with_breaks(chapter, rules) for chapter in tree.chapters)) if rules else tree


def _with_breaks(section: Section, rules: list[tuple[str, int]]) -> Section:
    children = tuple(_with_breaks(child, rules) for child in section.children)
    breaks: tuple[int, ...] = ()
    if section.blocks:
        first, last = section.blocks[0].span, section.blocks[-1].span
        between = rules[bisect_right(rules, (first.path, first.end)) : bisect_left(rules, (first.path, last.start))]
        breaks = tuple(n for _, n in between)
    if not breaks and children == section.children:
        return section
    return replace(section, children=children, breaks=breaks)
