"""Reader for Notion Markdown exports: `#` document title, `##` chapters (pages), `###` sections.

A Notion export is almost real Markdown; what breaks it is pasted slide text and exported images:

* `•` slide bullets sit at their parent item's indent (or glued to a paragraph), with PDF wrap fragments;
* every image points into the export's image folder, which is never kept;
* practice quizzes (`Question N:`, `•` options, the correct one in bold) would render as one run-on paragraph;
* whole-line bold lines serve as sub-section titles; a slide title may wrap onto the line after a heading.

Line-level repairs keep the line count, so markdown-it's line maps (via `parse_blocks`) stay true to the raw file.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..inline import MISSING_IMAGE, clean_inline, ends_mid_sentence, plain_title
from ..model import (
    Block,
    Callout,
    Dropped,
    ListBlock,
    ListItem,
    Paragraph,
    Quiz,
    QuizOption,
    Repair,
    Section,
    SourceTree,
    Span,
)
from ..sources import RawFile
from .base import (
    CHAT_FILLER,
    CHAT_LABEL,
    CHAT_LEAD_IN,
    CHAT_MARK,
    CHAT_MARKED,
    SectionDraft,
    is_chat_filler,
    is_chat_lead_in_paragraph,
    without_chat_label,
)
from .glued import GluedWords
from .mdparse import Heading, parse_blocks, with_breaks

DOC_TITLE_REASON = "document title (names the whole export; each chapter is a page)"
IMAGE_REASON = MISSING_IMAGE
STARS_REASON = "empty bold marker '****' (decoration only)"
EMPTY_BULLET_REASON = "empty slide bullet"
EMPTY_CHAPTER_REASON = "empty chapter heading (nothing under it)"
EMPTY_HEADING_REASON = "empty heading"

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^\s{0,3}(#{1,6})(?:[ \t]+|$)(.*)$")
_IMAGE_LINE = re.compile(r"^\s*!\[[^\]]*\]\([^)]*\)\s*$")
_STARS_LINE = re.compile(r"^\s*\*{4,}\s*$")
_WRAPPED_BOLD = re.compile(r"^(\s*)\*{4}([^*].*?[^*]|[^*])\*{4}\s*$")
_EMPTY_BOLD = re.compile(r"(?<!\*)\*{4}(?!\*)")
_MARKER_AFTER_MARKER = re.compile(r"^(\s*(?:[-*+]|\d{1,9}[.)])[ \t]+)([-*+][ \t])")
_BULLET = re.compile(r"^(?P<indent>[ \t]*)(?P<bold>\*\*)?[ \t]*•[ \t]*(?P<text>.*?)[ \t]*$")
_LIST_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_QUESTION = re.compile(r"^(?:\*\*)?(?:Question|문제)[ \t]*(?P<n>\d+)[ \t]*[:.)]?[ \t]*(?:\*\*)?[ \t]*$", re.IGNORECASE)
_ANSWER_INLINE = re.compile(
    r"^(?:\*\*)?(?:답|정답|Answer)(?:\*\*)?[ \t]*[:：][ \t]*(?:\*\*)?[ \t]*(?P<text>\S.*)$", re.IGNORECASE
)
_ANSWER_LABEL = re.compile(r"^(?:\*\*)?(?:답|정답|Answer)[ \t]*[:：]?(?:\*\*)?[ \t]*[:：]?$", re.IGNORECASE)
_WHOLE_BOLD = re.compile(r"^\*\*(?P<inner>(?:(?!\*\*).)+)\*\*$", re.DOTALL)
_SENTENCE_END = re.compile(r"(?:[.!?…\"”’'。]|[다요음함임됨])$")
_CHATGPT = re.compile(r"^chat[\s-]?gpt", re.IGNORECASE)
_SOFT_BREAK = re.compile(r"(?<!\\)\n[ \t]*")
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_SPLIT_AFTER_R = re.compile(r"(?<![\w'’])(?P<left>[A-Za-z]*r) (?P<right>[a-z]+)(?![\w'’])")
_PREFIXES = ("multi", "non", "cross", "inter", "pre", "post", "self")
_BROKEN_HYPHEN = re.compile(
    r"(?<=[A-Za-z])- (?=[a-z])(?!(?:and|or|to) )"
    + "".join(
        f"|(?<=\\b{prefix})- (?=[A-Z])(?!(?:And|Or|To) )" for word in _PREFIXES for prefix in (word, word.title())
    )
)
"""A hyphenated word the slide PDF broke after its hyphen ("on- premises"); "pre- and post-" shares its half. Before
a capital, only after a prefix ("KMS Multi- Region Keys", "non- AWS"): "Service- How many copies" is a label."""
GLUED_REPAIR = "words the slide PDF ran together parted ('Detectandfilter' → 'Detect and filter')"
RARE_PIECE = 3
"""A piece of a split word is no word of its own if the file uses it this often or less."""

MAX_TITLE = 80
"""Longer bold lines or wrapped heading tails are sentences, not titles."""


@dataclass(frozen=True)
class _Head:
    """A heading as this format means it: `level` is the `#` count, or 0 for a whole-line bold sub-section title."""

    level: int
    title: str
    span: Span


@dataclass
class _Prepared:
    """The lines handed to markdown-it, plus what pre-processing dropped, repaired and read as quizzes."""

    lines: list[str]
    dropped: list[Dropped] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    quizzes: list[Quiz] = field(default_factory=list)
    doc_title: _Head | None = None


class NotionExportReader:
    """Notion Markdown export: one page per `##` chapter; quizzes, slide bullets and dead images repaired."""

    name = "notion-export"
    options: frozenset[str] = frozenset()

    def read(self, files: Sequence[RawFile], options: Mapping[str, Any]) -> SourceTree:
        """Read each export file in order; their chapters follow each other."""
        chapters: list[Section] = []
        dropped: list[Dropped] = []
        for raw in files:
            file_chapters, file_dropped = _read_file(raw)
            chapters.extend(file_chapters)
            dropped.extend(file_dropped)
        return with_breaks(SourceTree(tuple(chapters), tuple(sorted(dropped, key=lambda d: d.span))))


# --- one file -------------------------------------------------------------------------------------------------------


def _read_file(raw: RawFile) -> tuple[list[Section], list[Dropped]]:
    prep = _prepare(raw)
    items, md_dropped = parse_blocks(prep.lines, raw.path, 1)
    seq = _merge(items, prep.quizzes)
    seq = _join_wrapped_titles(seq, prep.lines, raw.path)
    seq = _bold_titles(seq)
    seq = [_unwrap(x) if not isinstance(x, _Head) else x for x in seq]
    inside, outside = _split_drops(seq, prep.dropped)
    seq = _attach_repairs(seq, prep.repairs + inside)
    chapters, more_dropped = _build(seq, prep.doc_title, raw)
    return chapters, outside + md_dropped + more_dropped


def _fence_mask(lines: Sequence[str]) -> list[bool]:
    """Mark lines inside (or opening/closing) a fenced code block: no line repair may touch them."""
    mask: list[bool] = []
    fence = ""
    for line in lines:
        match = _FENCE.match(line)
        if fence:
            mask.append(True)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = ""
        elif match:
            fence = match.group(1)
            mask.append(True)
        else:
            mask.append(False)
    return mask


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def _prepare(raw: RawFile) -> _Prepared:
    """Line repairs that keep line numbers: blank what is dropped, read quizzes, turn `•` bullets into a list."""
    lines = list(raw.lines)
    prep = _Prepared(lines)
    in_fence = _fence_mask(lines)
    headings = [n for n, line in enumerate(lines) if not in_fence[n] and _ATX.match(line)]
    _take_doc_title(prep, raw, headings)
    for n, line in enumerate(lines):
        if in_fence[n]:
            continue
        if _IMAGE_LINE.match(line):
            _blank(prep, raw.path, n, IMAGE_REASON)
        elif _STARS_LINE.match(line):
            _blank(prep, raw.path, n, STARS_REASON)
        elif is_chat_filler(line):
            _blank(prep, raw.path, n, CHAT_FILLER)
        elif is_chat_lead_in_paragraph(lines, n):
            _blank(prep, raw.path, n, CHAT_LEAD_IN)
        else:
            _unwrap_stars(prep, n)
            _strip_chat_label(prep, n)
    _repair_slide_spacing(prep, in_fence)
    _take_quizzes(prep, raw.path, in_fence, headings)
    _convert_bullets(prep, raw.path, in_fence)
    return prep


def _repair_slide_spacing(prep: _Prepared, in_fence: list[bool]) -> None:
    """Join words the pasted slide PDF split after a kerned 'r' ("Suppor ts", "Director y", "encr ypted") or after a
    hyphen ("on- premises", not "pre- and post-"), and part words it ran together ("Detectandfiltermaliciousweb",
    "yourVPC"; see glued.py). A one-letter article glued to a name ("aVirtual") stays: "Dat aTransfer" is a shifted
    space, not a glued article.

    Two pieces are one word when the file itself writes them joined and one piece is no word it uses elsewhere.
    """
    prose = [line for n, line in enumerate(prep.lines) if not in_fence[n]]
    vocabulary = Counter(word.lower() for line in prose for word in _WORD.findall(line))
    glued = GluedWords(prose)

    def joined(match: re.Match[str]) -> str:
        left, right = match.group("left"), match.group("right")
        if vocabulary[(left + right).lower()] < 2 or min(vocabulary[left.lower()], vocabulary[right]) > RARE_PIECE:
            return match.group(0)
        return left + right

    for n, line in enumerate(prep.lines):
        if in_fence[n]:
            continue
        repaired = _SPLIT_AFTER_R.sub(joined, line)
        if repaired != line:
            prep.repairs.append(Repair(n + 1, "a word the slide PDF split after 'r' joined ('Suppor ts' → 'Supports')"))
        spaced = _BROKEN_HYPHEN.sub("-", repaired)
        if spaced != repaired:
            prep.repairs.append(Repair(n + 1, "a word the slide PDF broke after its hyphen joined ('on- premises')"))
        parted = glued.part_line(spaced)
        if parted != spaced:
            prep.repairs.append(Repair(n + 1, GLUED_REPAIR))
        prep.lines[n] = parted


def _blank(prep: _Prepared, path: str, n: int, reason: str) -> None:
    """Drop line index `n` (0-based) with a reason, leaving an empty line so numbering stays."""
    prep.dropped.append(Dropped(Span(path, n + 1, n + 1), reason))
    prep.lines[n] = ""


def _unwrap_stars(prep: _Prepared, n: int) -> None:
    """`****text****` is bold typed twice; a lone `****` inside a line is an empty bold. Both render as stars."""
    line = prep.lines[n]
    match = _WRAPPED_BOLD.match(line)
    if match:
        prep.lines[n] = f"{match.group(1)}**{match.group(2)}**"
        prep.repairs.append(Repair(n + 1, "doubled bold '****…****' made single bold"))
    elif _EMPTY_BOLD.search(line):
        # `- ****+ pay…` must not become `- + pay…`, a list inside the item: the `+` is escaped as literal text
        prep.lines[n] = _MARKER_AFTER_MARKER.sub(r"\1\\\2", _EMPTY_BOLD.sub("", line))
        prep.repairs.append(Repair(n + 1, "empty bold marker '****' removed"))


def _strip_chat_label(prep: _Prepared, n: int) -> None:
    line = without_chat_label(prep.lines[n])
    if line is not None:
        prep.lines[n] = line
        prep.repairs.append(Repair(n + 1, CHAT_MARKED if CHAT_MARK in line else CHAT_LABEL))


def _take_doc_title(prep: _Prepared, raw: RawFile, headings: list[int]) -> None:
    """Take the export's single `#` line: it names the document, it is not a page (unless text precedes chapters)."""
    first = next((n for n, line in enumerate(raw.lines) if line.strip()), None)
    if first is None or first not in headings:
        return
    match = _ATX.match(raw.lines[first])
    assert match is not None
    if len(match.group(1)) != 1 or not _clean_title(match.group(2)):
        return
    if any(len(m.group(1)) == 1 for m in (_ATX.match(raw.lines[h]) for h in headings[1:]) if m):
        return  # several `#` lines: they are chapters, not a document title
    prep.doc_title = _Head(1, _clean_title(match.group(2)), Span(raw.path, first + 1, first + 1))
    prep.lines[first] = ""


# --- quizzes --------------------------------------------------------------------------------------------------------


def _take_quizzes(prep: _Prepared, path: str, in_fence: list[bool], headings: list[int]) -> None:
    """Each `Question N` line starts a quiz that runs to the next question or heading; its lines become one Quiz."""
    starts = [n for n, line in enumerate(prep.lines) if not in_fence[n] and _QUESTION.match(line)]
    for i, start in enumerate(starts):
        stops = [h for h in headings if h > start]
        if i + 1 < len(starts):
            stops.append(starts[i + 1])
        end = min(stops) if stops else len(prep.lines)
        last = end - 1
        while last > start and not prep.lines[last].strip():
            last -= 1
        quiz = _parse_quiz(prep.lines, start, last, path)
        prep.quizzes.append(quiz)
        for n in range(start, last + 1):
            prep.lines[n] = ""


def _option(line: str) -> QuizOption | None:
    """Read a `•` option line; bold (`**• x**` or `• **x**`) marks the correct one."""
    match = _BULLET.match(line)
    if not match or not match.group("text"):
        return None
    text = match.group("text")
    if match.group("bold"):
        return QuizOption(text.removesuffix("**").strip(), correct=True)
    whole = _WHOLE_BOLD.match(text)
    if whole:
        return QuizOption(whole.group("inner").strip(), correct=True)
    return QuizOption(text)


@dataclass
class _QuizParts:
    question: list[tuple[int, str]] = field(default_factory=list)
    options: list[tuple[int, QuizOption]] = field(default_factory=list)
    answer: list[list[tuple[int, str]]] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)


def _parse_quiz(lines: Sequence[str], start: int, last: int, path: str) -> Quiz:
    """Question text, then options, then any answer or explanation; every shape in the export is accepted."""
    header = _QUESTION.match(lines[start])
    assert header is not None
    parts = _QuizParts()
    phase = "question"
    blank_before = False
    for n in range(start + 1, last + 1):
        line = lines[n].strip()
        if not line:
            blank_before = True
            continue
        phase = _quiz_line(parts, n + 1, line, phase, blank_before)
        blank_before = False
    return _make_quiz(parts, header.group("n"), Span(path, start + 1, last + 1))


def _quiz_line(parts: _QuizParts, line_no: int, line: str, phase: str, blank_before: bool) -> str:
    """File one quiz line under question, options or answer; returns the new phase."""
    option = _option(line)
    if option is not None:
        parts.options.append((line_no, option))
        return "options"
    inline = _ANSWER_INLINE.match(line)
    if inline:
        parts.repairs.append(Repair(line_no, "answer label removed: the text is the quiz answer"))
        parts.answer.append([(line_no, inline.group("text").removesuffix("**").strip())])
        return "answer"
    if _ANSWER_LABEL.match(line):
        parts.repairs.append(Repair(line_no, "answer label removed: what follows is the quiz answer"))
        parts.answer.append([])
        return "answer"
    if phase == "question" and not (blank_before and parts.question):
        parts.question.append((line_no, line))
        return "question"
    text = _LIST_ITEM.sub("", line, count=1).strip() if _LIST_ITEM.match(line) else line
    if blank_before or not parts.answer:
        parts.answer.append([])
    parts.answer[-1].append((line_no, text))
    return "answer"


def _clean_lines(pieces: Sequence[tuple[int, str]], repairs: list[Repair]) -> str:
    """Clean each line on its own line number, then join them with spaces (they are one wrapped paragraph)."""
    out: list[str] = []
    for line_no, text in pieces:
        cleaned, fixed = clean_inline(text, line_no)
        repairs.extend(fixed)
        if cleaned:
            out.append(cleaned)
    return " ".join(out)


def _make_quiz(parts: _QuizParts, number: str, span: Span) -> Quiz:
    repairs = list(parts.repairs)
    question = _clean_lines(parts.question, repairs)
    whole = _WHOLE_BOLD.match(question)
    if whole:
        question = whole.group("inner").strip()
    question = f"Question {number}: {question}" if question else f"Question {number}"
    options = []
    for line_no, option in parts.options:
        text = _clean_lines([(line_no, option.text)], repairs)
        options.append(QuizOption(text, option.correct))
    answers = [_clean_lines(group, repairs) for group in parts.answer]
    answer = "\n\n".join(a for a in answers if a)
    return Quiz(question, tuple(options), span, answer, tuple(sorted(repairs, key=lambda r: (r.line, r.what))))


# --- slide bullets --------------------------------------------------------------------------------------------------


def _convert_bullets(prep: _Prepared, path: str, in_fence: list[bool]) -> None:
    """Turn `•` lines into `-` items, nested under the list item they belong to.

    Slide bullets are pasted at the indent of the `- …` item that introduces them (`- Use case:` then `• …`), so a
    bullet at an item's indent becomes its child (+4 spaces); a bullet already deeper keeps its indent.
    """
    original = list(prep.lines)
    for n, line in enumerate(original):
        if in_fence[n]:
            continue
        match = _BULLET.match(line)
        if not match:
            continue
        if not match.group("text") or match.group("text") == "**":
            _blank(prep, path, n, EMPTY_BULLET_REASON)
            continue
        indent = _indent(line)
        parent = _parent_indent(original, n, indent)
        # With no list above, an indented bullet would turn into a code block: it starts a list at the margin.
        new_indent = 0 if parent is None else max(indent, parent + 4)
        bold = "**" if match.group("bold") else ""
        prep.lines[n] = " " * new_indent + "- " + bold + match.group("text")
        prep.repairs.append(Repair(n + 1, "slide bullet '•' made a list item"))


def _parent_indent(lines: Sequence[str], n: int, indent: int) -> int | None:
    """Indent of the nearest real list item (`-`, `1.`) above line `n` at or left of `indent`, within its list."""
    for k in range(n - 1, -1, -1):
        line = lines[k]
        if not line.strip() or _BULLET.match(line):
            continue
        if _ATX.match(line):
            return None
        item = _LIST_ITEM.match(line)
        if item:
            if _indent(line) <= indent:
                return _indent(line)
            continue
        if _indent(line) == 0 and k > 0 and not lines[k - 1].strip():
            return None  # a paragraph at the margin after a blank line: the list above has ended
    return None


# --- from parsed items to sections ----------------------------------------------------------------------------------


Item = Block | _Head


def _merge(items: Sequence[Block | Heading], quizzes: Sequence[Quiz]) -> list[Item]:
    """Put the quizzes read before parsing back among the parsed blocks and headings, in line order."""
    out: list[Item] = [_Head(h.level, _clean_title(h.text), h.span) if isinstance(h, Heading) else h for h in items]
    out.extend(quizzes)
    return sorted(out, key=lambda x: x.span.start)


def _clean_title(text: str) -> str:
    """Heading text as a plain title: markup stripped (`## **RDS(**RDS)`), a trailing colon dropped."""
    title = plain_title(text)
    return title.rstrip(":").rstrip() or title


def _join_wrapped_titles(seq: list[Item], lines: Sequence[str], path: str) -> list[Item]:
    """Join a heading and the one short line directly under it (no blank line): a slide title wrapped in two."""
    out: list[Item] = []
    i = 0
    while i < len(seq):
        item = seq[i]
        nxt = seq[i + 1] if i + 1 < len(seq) else None
        if (
            isinstance(item, _Head)
            and isinstance(nxt, Paragraph)
            and nxt.span.start == item.span.end + 1
            and nxt.span.start == nxt.span.end
            and _is_title_like(nxt.text)
            and not lines[nxt.span.start - 1].startswith((" ", "\t"))
        ):
            title = _clean_title(f"{item.title} {nxt.text}")
            out.append(_Head(item.level, title, Span(path, item.span.start, nxt.span.end)))
            i += 2
            continue
        out.append(item)
        i += 1
    return out


def _is_title_like(text: str) -> bool:
    """Short, one line, not a sentence, not a pasted ChatGPT answer, not a lead-in that ends on a word a sentence goes
    on from: "**User Authentication through**" introduces its list of IAM, Cognito and custom authorizers; as a
    title it also took in the next paragraph's certificate lines (a blind review of the API Gateway page).
    """
    plain = plain_title(text)
    return (
        0 < len(plain) <= MAX_TITLE
        and "\n" not in text
        and not _SENTENCE_END.search(plain)
        and not plain.startswith(("“", '"', "‘", "'"))
        and ". " not in plain
        and not _CHATGPT.match(plain)
        and not ends_mid_sentence(plain)
    )


def _bold_titles(seq: list[Item]) -> list[Item]:
    """Make a one-line, wholly bold, title-like paragraph followed by content the title of a sub-section."""
    out: list[Item] = []
    for i, item in enumerate(seq):
        nxt = seq[i + 1] if i + 1 < len(seq) else None
        if isinstance(item, Paragraph) and nxt is not None and not isinstance(nxt, _Head):
            whole = _WHOLE_BOLD.match(item.text)
            if whole and item.span.start == item.span.end and _is_title_like(whole.group("inner")):
                out.append(_Head(0, _clean_title(whole.group("inner")), item.span))
                continue
        out.append(item)
    return out


def _unwrap(block: Block) -> Block:
    """Soft line breaks are PDF or editor wraps: join them with a space (bold crossing a wrap then reads whole)."""
    if isinstance(block, Paragraph):
        return replace(block, text=_SOFT_BREAK.sub(" ", block.text))
    if isinstance(block, ListBlock):
        return replace(block, items=tuple(_unwrap_item(item) for item in block.items))
    if isinstance(block, Callout):
        return replace(block, blocks=tuple(_unwrap(b) for b in block.blocks))
    return block


def _unwrap_item(item: ListItem) -> ListItem:
    return replace(item, text=_SOFT_BREAK.sub(" ", item.text), children=tuple(_unwrap(b) for b in item.children))


def _split_drops(seq: list[Item], drops: Sequence[Dropped]) -> tuple[list[Repair], list[Dropped]]:
    """Split line drops into those inside a kept block (an image in a list item: a repair) and real drops."""
    spans = sorted((x.span.start, x.span.end) for x in seq if not isinstance(x, _Head))
    starts = [s for s, _ in spans]
    inside: list[Repair] = []
    outside: list[Dropped] = []
    for drop in drops:
        i = bisect_right(starts, drop.span.start) - 1
        if i >= 0 and spans[i][1] >= drop.span.end:
            inside.append(Repair(drop.span.start, drop.reason))
        else:
            outside.append(drop)
    return inside, outside


def _attach_repairs(seq: list[Item], repairs: Sequence[Repair]) -> list[Item]:
    """Give each pre-processing repair to the top-level block whose span holds its line."""
    out: list[Item] = []
    for item in seq:
        if isinstance(item, _Head):
            out.append(item)
            continue
        mine = tuple(r for r in repairs if item.span.start <= r.line <= item.span.end)
        if mine:
            merged = tuple(sorted(item.repairs + mine, key=lambda r: (r.line, r.what)))
            item = replace(item, repairs=merged)
        out.append(item)
    return out


def _build(seq: list[Item], doc_title: _Head | None, raw: RawFile) -> tuple[list[Section], list[Dropped]]:
    """Nest sections by heading level: the shallowest level after the document title makes pages."""
    real_levels = [x.level for x in seq if isinstance(x, _Head) and x.level > 0 and x.title]
    chapter_level = min(real_levels) if real_levels else 1
    pages: list[SectionDraft] = []
    stack: list[SectionDraft] = []
    dropped: list[Dropped] = []
    real_level = 1  # model level of the nearest real heading: bold titles go one below it
    for item in seq:
        if isinstance(item, _Head) and not item.title:
            dropped.append(Dropped(item.span, EMPTY_HEADING_REASON))  # a bare `#`: no title to show or group by
            continue
        if isinstance(item, _Head):
            if item.level > 0:
                level = max(1, item.level - chapter_level + 1)
                real_level = level = _open(stack, pages, item, level)
            else:
                if not stack:
                    _start_front_page(stack, pages, doc_title, raw)
                    doc_title = None
                _open(stack, pages, item, real_level + 1)
            continue
        if not stack:
            _start_front_page(stack, pages, doc_title, raw)
            doc_title = None
        stack[-1].blocks.append(item)
    if doc_title is not None:
        dropped.append(Dropped(doc_title.span, DOC_TITLE_REASON))
    return _group_empty_chapters(pages, dropped), dropped


def _open(stack: list[SectionDraft], pages: list[SectionDraft], head: _Head, level: int) -> int:
    """Start a section at `level` (never more than one below its parent); returns the level used."""
    while stack and stack[-1].level >= level:
        stack.pop()
    level = min(level, stack[-1].level + 1 if stack else 1, 6)
    node = SectionDraft(head.title, level, head.span)
    if stack:
        stack[-1].children.append(node)
    else:
        pages.append(node)
    stack.append(node)
    return level


def _start_front_page(
    stack: list[SectionDraft], pages: list[SectionDraft], doc_title: _Head | None, raw: RawFile
) -> None:
    """Text before the first chapter: a page named by the document title (or the file name if there is none)."""
    if doc_title is not None:
        node = SectionDraft(doc_title.title, 1, doc_title.span)
    else:
        node = SectionDraft(raw.path.rsplit("/", 1)[-1].rsplit(".", 1)[0], 1, None)
    pages.append(node)
    stack.append(node)


def _group_empty_chapters(pages: list[SectionDraft], dropped: list[Dropped]) -> list[Section]:
    """Turn an empty chapter (`## 번외`, "extras") into the navigation group of the chapters after it.

    The group runs to the next empty chapter. An empty chapter with no chapter after it has nothing to label and is
    dropped.
    """
    out: list[Section] = []
    group, group_heading = "", None
    for i, node in enumerate(pages):
        if not node.blocks and not node.children and node.heading is not None:
            if group_heading is not None:  # two empty chapters in a row: the first labels nothing
                dropped.append(Dropped(group_heading, EMPTY_CHAPTER_REASON))
            group, group_heading = node.title, node.heading
            if i + 1 == len(pages):
                dropped.append(Dropped(node.heading, EMPTY_CHAPTER_REASON))
                group_heading = None
            continue
        section = node.freeze()
        if group:
            section = replace(section, group=group, group_heading=group_heading)
            group_heading = None
        out.append(section)
    return out
