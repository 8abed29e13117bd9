"""Reader for hand-maintained GitHub Markdown notebooks (the DVA-C02 notes, and any clean new Markdown notebook).

The whole file is parsed once with `parse_blocks`, which is fence-aware, so `#` lines inside code are never headings.
The heading *levels* are trusted only relative to the chapter level: numbering in titles is kept as text and never
used to build hierarchy, because in real notes it goes backwards, repeats and sits at the wrong depth.

Line-level repairs that keep the line count (a pasted-twice block blanked out, a footnote inlined, a phantom table
column removed, a coloured "Important" span turned into bold text, a typed `•` bullet made a list item) run before
parsing; block-level rewrites (table of contents, chat transcripts and multiple-choice questions into quizzes,
"Important" callouts) run after it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import Any

from ..errors import NoteError
from ..inline import plain_title
from ..model import (
    Block,
    Callout,
    Dropped,
    ListBlock,
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
    CHAT_LEAD_IN,
    CHAT_MARK,
    CHAT_MARKED,
    SHORT_BOLD,
    SectionDraft,
    is_chat_filler,
    is_chat_lead_in_paragraph,
)
from .mdparse import Heading, parse_blocks, with_breaks

Item = Block | Heading

MIN_REPEAT_NONBLANK = 10
"""A repeated run must have at least this many non-blank lines (and MIN_REPEAT_CHARS characters) to be dropped:
short repeats (a shared CLI flag list, a `---` separator) are normal in notes, a long pasted-twice block is not."""
MIN_REPEAT_CHARS = 400
_REPEAT_KEY = 4
MAX_LEVEL = 6


class GithubMarkdownReader:
    """Chapters are the top-level headings under the document title; deeper headings nest by relative `#` depth."""

    name = "github-markdown"
    options = frozenset({"extra_chapters"})
    """`extra_chapters`: titles of unnumbered headings that start a chapter in a notebook whose chapters are
    numbered (`## 1.4. S3`); without it such unnumbered headings are sections of the chapter before them."""

    def read(self, files: Sequence[RawFile], options: Mapping[str, Any]) -> SourceTree:
        """Read every file independently; pages follow the order of the files."""
        extra = _extra_chapters(options, files[0].path if files else "source.yml")
        chapters: list[Section] = []
        dropped: list[Dropped] = []
        found: set[str] = set()
        for raw in files:
            pages, drops, seen = _read_file(raw, extra)
            chapters.extend(pages)
            dropped.extend(drops)
            found |= seen
        missing = [title for title in extra if title not in found]
        if missing and files:
            raise NoteError(files[0].path, f"option extra_chapters names no heading of this source: {missing[0]!r}")
        return with_breaks(SourceTree(tuple(chapters), tuple(dropped)))


def _extra_chapters(options: Mapping[str, Any], where: str) -> tuple[str, ...]:
    value = options.get("extra_chapters", [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise NoteError(where, "option extra_chapters must be a list of heading titles")
    return tuple(" ".join(v.split()) for v in value)


# ---------------------------------------------------------------------------------------------------------------
# Line-level repairs (the line count never changes, so token maps still give true source lines)


@dataclass
class _Prep:
    """The lines being repaired, what was dropped, and repairs to attach to whichever block ends up owning a line."""

    path: str
    lines: list[str]
    dropped: list[Dropped] = field(default_factory=list)
    repairs: dict[int, list[str]] = field(default_factory=dict)

    def repair(self, number: int, what: str) -> None:
        self.repairs.setdefault(number, []).append(what)


_FENCE = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")


def _fence_state(lines: Sequence[str]) -> tuple[list[bool], list[bool]]:
    """Per line: is it part of a fence (opener, body or closer), and is a fence still open after it."""
    inside: list[bool] = []
    open_after: list[bool] = []
    opener: tuple[str, int] | None = None
    for line in lines:
        match = _FENCE.match(line)
        if opener is None:
            starts = match is not None and not (match.group(1)[0] == "`" and "`" in match.group(2))
            if starts and match is not None:
                opener = (match.group(1)[0], len(match.group(1)))
            inside.append(starts)
        else:
            inside.append(True)
            if (
                match
                and match.group(1)[0] == opener[0]
                and len(match.group(1)) >= opener[1]
                and not match.group(2).strip()
            ):
                opener = None
        open_after.append(opener is not None)
    return inside, open_after


def _is_blank(line: str) -> bool:
    return not line.strip()


def _drop_repeats(prep: _Prep, in_fence: list[bool], open_after: list[bool]) -> None:
    """Blank out a long run that repeats, byte for byte, the run right before it (a block pasted twice).

    Runs are anchored on block starts (a non-blank, non-rule line after a blank line) so that the copy that is
    dropped is framed the way the author pasted it, and only back-to-back copies count: the same snippet reused
    in two chapters is deliberate.
    """
    lines = prep.lines
    n = len(lines)
    seen: dict[tuple[str, ...], int] = {}
    # The last line before `i` that is neither blank nor a rule: keeps the back-to-back check O(1), so a file of
    # thousands of copies (a pasted log) is not quadratic. Copies are blanked, so they never count.
    last_solid = -1
    i = 0
    while i < n:
        if _is_anchor(lines, i, in_fence):
            key = tuple(lines[i : i + _REPEAT_KEY])
            j = seen.get(key)
            if j is not None and j + _REPEAT_KEY <= i:
                length = _repeat_length(lines, j, i, open_after, last_solid)
                if length:
                    _blank_copy(prep, j, i, length)
                    i += length
                    continue
            seen.setdefault(key, i)
        if not (_is_blank(lines[i]) or _RULE.match(lines[i])):
            last_solid = i
        i += 1


def _is_anchor(lines: Sequence[str], i: int, in_fence: list[bool]) -> bool:
    line = lines[i]
    return not in_fence[i] and not _is_blank(line) and not _RULE.match(line) and (i == 0 or _is_blank(lines[i - 1]))


def _repeat_length(lines: Sequence[str], j: int, i: int, open_after: list[bool], last_solid: int) -> int:
    """Length of the copy at `i` of the run at `j`, or 0 when it is too short, not back-to-back or ends mid-block."""
    n = len(lines)
    length = 0
    while i + length < n and j + length < i and lines[j + length] == lines[i + length]:
        length += 1
    while length and not (_is_blank(lines[i + length - 1]) or i + length >= n or _is_blank(lines[i + length])):
        length -= 1
    if not length or open_after[i + length - 1]:
        return 0
    if last_solid >= j + length:  # a line of text between the run and its copy: not back-to-back
        return 0
    copy = lines[i : i + length]
    if sum(1 for c in copy if not _is_blank(c)) < MIN_REPEAT_NONBLANK or sum(len(c) for c in copy) < MIN_REPEAT_CHARS:
        return 0
    return length


def _blank_copy(prep: _Prep, j: int, i: int, length: int) -> None:
    first = Span(prep.path, j + 1, j + length)
    while first.end > first.start and _is_blank(prep.lines[first.end - 1]):
        first = Span(prep.path, first.start, first.end - 1)
    copy_end = i + length
    while copy_end > i + 1 and _is_blank(prep.lines[copy_end - 1]):
        copy_end -= 1
    prep.dropped.append(Dropped(Span(prep.path, i + 1, copy_end), f"exact repeat of lines {first.start}-{first.end}"))
    for k in range(i, i + length):
        prep.lines[k] = ""


def _drop_chat_filler(prep: _Prep, in_fence: list[bool]) -> None:
    """Drop a pasted chat answer's greeting, sign-off and lead-in lines (`base.is_chat_filler`,
    `base.is_chat_lead_in_paragraph`).
    """
    for k, line in enumerate(prep.lines):
        if in_fence[k]:
            continue
        reason = (
            CHAT_FILLER if is_chat_filler(line) else CHAT_LEAD_IN if is_chat_lead_in_paragraph(prep.lines, k) else ""
        )
        if reason:
            prep.dropped.append(Dropped(Span(prep.path, k + 1, k + 1), reason))
            prep.lines[k] = ""


_FOOTNOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:\s*(\S.*)$")
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")


def _inline_footnotes(prep: _Prep, in_fence: list[bool]) -> None:
    """Put each one-line footnote's text in brackets where it is referenced: a site page has no foot to point at."""
    defs: dict[str, tuple[int, str]] = {}
    for k, line in enumerate(prep.lines):
        match = _FOOTNOTE_DEF.match(line)
        if match and not in_fence[k]:
            defs.setdefault(match.group(1), (k, match.group(2).strip()))
    used: set[str] = set()
    for k, line in enumerate(prep.lines):
        if in_fence[k] or _FOOTNOTE_DEF.match(line) or "[^" not in line:
            continue

        def inline(match: re.Match[str], k: int = k) -> str:
            found = defs.get(match.group(1))
            if found is None:
                return match.group(0)
            used.add(match.group(1))
            prep.repair(k + 1, f"footnote [^{match.group(1)}] inlined from line {found[0] + 1}")
            return f" ({found[1]})"

        prep.lines[k] = _FOOTNOTE_REF.sub(inline, line)
    for label, (k, _) in sorted(defs.items(), key=lambda kv: kv[1][0]):
        if label in used:
            prep.dropped.append(
                Dropped(Span(prep.path, k + 1, k + 1), "footnote definition (inlined at its reference)")
            )
            prep.lines[k] = ""


_TABLE_ROW = re.compile(r"^(\s*)\|(.*)\|\s*$")
_DELIMITER_CELL = re.compile(r"^\s*:?-{3,}:?\s*$")


def _cells(inner: str) -> list[str]:
    return [c.strip() for c in re.split(r"(?<!\\)\|", inner)]


def _fix_phantom_columns(prep: _Prep, in_fence: list[bool]) -> None:
    """Cut phantom columns: a separator row with more cells than the header is not a table to GFM."""
    lines = prep.lines
    for k in range(len(lines) - 1):
        head, sep = _TABLE_ROW.match(lines[k]), _TABLE_ROW.match(lines[k + 1])
        if in_fence[k] or head is None or sep is None:
            continue
        width, sep_cells = len(_cells(head.group(2))), _cells(sep.group(2))
        if len(sep_cells) <= width or not all(_DELIMITER_CELL.match(c) for c in sep_cells):
            continue
        lines[k + 1] = f"{sep.group(1)}| {' | '.join(sep_cells[:width])} |"
        prep.repair(k + 2, f"phantom table column removed (the header has {width} columns)")
        row = k + 2
        while row < len(lines) and (match := _TABLE_ROW.match(lines[row])):
            cells = _cells(match.group(2))
            if len(cells) > width:
                lost = " | ".join(c for c in cells[width:] if c)
                lines[row] = f"{match.group(1)}| {' | '.join(cells[:width])} |"
                prep.repair(
                    row + 1, f"phantom table cell removed: {lost!r}" if lost else "empty phantom table cell removed"
                )
            row += 1


_IMPORTANT_SPAN = re.compile(r"<span\b[^<>]*>\s*!?\s*important\s*!?\s*:?\s*</span>(?:\s*:(?!:))?", re.IGNORECASE)


_GLUED_RULE = re.compile(r"^\s{0,3}(?:-{3,}|\*{3,}|_{3,})(?=#{1,6}\s)")


def _unglue_rules(prep: _Prep, in_fence: list[bool]) -> None:
    """`---### **AWS CloudFormation Custom Resources**` (DVA L9749): a rule with no line break before a heading. As
    written it is a paragraph of literal hashes; the heading is kept and the rule, decoration only, is cut.
    """
    for k, line in enumerate(prep.lines):
        if not in_fence[k] and _GLUED_RULE.match(line):
            prep.lines[k] = _GLUED_RULE.sub("", line)


_NEW_BLOCK = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|#|>|\||`{3}|~{3})")
"""A line that starts a block of its own: a list item, a heading, a quote, a table row, a fence."""


def _join_split_bold(prep: _Prep, in_fence: list[bool]) -> None:
    """A bold the export split with a blank line ("3. **VPC Security", "", " Groups** act as a virtual firewall ...",
    DVA L14265): as written the list ends there, "Groups**" shows its stars and the next item ("4. **Audit logs**")
    runs on in that paragraph. The line after the blank goes up into it, so the bold closes on the next line, and
    the raw line it came from stays inside the list's lines.
    """
    lines = prep.lines
    for k in range(len(lines) - 2):
        if in_fence[k] or in_fence[k + 2] or lines[k + 1].strip() or not lines[k + 2].strip():
            continue
        if lines[k].count("**") % 2 and lines[k + 2].count("**") % 2 and not _NEW_BLOCK.match(lines[k + 2]):
            lines[k + 1], lines[k + 2] = lines[k + 2].strip(), ""  # a lazy continuation of line k
            prep.repair(k + 1, f"a bold split by a blank line joined with line {k + 3}")


def _important_spans(prep: _Prep, in_fence: list[bool]) -> None:
    """`<span style='color:red'>!Important</span>` is the author's warning sign: keep it as bold text, no HTML."""
    for k, line in enumerate(prep.lines):
        if not in_fence[k] and _IMPORTANT_SPAN.search(line):
            prep.lines[k] = _IMPORTANT_SPAN.sub("**Important:**", line)
            prep.repair(k + 1, "red HTML span around 'Important' turned into bold text")


_DOT_BULLET = re.compile(r"^(?P<indent>[ \t]*)[\u2022\u25cf\u25e6\u25aa\u00b7](?:[ \t]+|$)")
"""A line opening with a typed bullet sign (`•`, `●`, `◦`, `▪`, `·`) and a space: pasted from a slide or a word
processor. Markdown knows no such marker, so the lines would run together into one paragraph."""


def _dot_bullets(prep: _Prep, in_fence: list[bool]) -> None:
    """A typed bullet sign starts a list item, as the author meant: `-` in its place, at the same indent."""
    for k, line in enumerate(prep.lines):
        match = _DOT_BULLET.match(line)
        if match and not in_fence[k] and line[match.end() :].strip():
            prep.lines[k] = f"{match['indent']}- {line[match.end() :]}"
            prep.repair(k + 1, f"bullet sign {line[len(match['indent'])]!r} read as a list item")


# ---------------------------------------------------------------------------------------------------------------
# Block-level rewrites over the flat stream of headings and blocks

_TOC_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[[^\]]+\]\(<?#[^)\s]*>?\)\s*$")
_TOC_LABEL = re.compile(r"^(?:\*\*)?\s*(?:table of contents|contents|toc)\s*:?\s*(?:\*\*)?\s*:?$", re.IGNORECASE)
_CHAT_MARKER = re.compile(r"^(?:chat\s*gpt|claude|gemini|copilot|assistant)\s+said\s*:?$", re.IGNORECASE)
_CHAT_QUESTION = re.compile(r"^Q\s*\d*\s*[.:)]\s*(\S.*)$", re.DOTALL)
_OPTION_MARK = re.compile(r"^\((in)?correct\)\s*", re.IGNORECASE)
_MCQ_QUESTION = re.compile(r"^\*\*Question\s*:?\s*\*\*\s*:?\s*\\?\s*(.*)$", re.DOTALL | re.IGNORECASE)
_MCQ_OPTION = re.compile(r"^(?:\*\*)?\(?([A-Ha-h])\)(?:\*\*)?\s+(.*?)\s*\\?$")
_MCQ_ANSWER = re.compile(r"^\*\*Answer\s*:?\s*\*\*\s*:?\s*\\?\s*(.*)$", re.DOTALL | re.IGNORECASE)
_MCQ_EXPLANATION = re.compile(r"^\*\*Explanation\s*:?\s*\*\*\s*:?\s*\\?\s*(.*)$", re.DOTALL | re.IGNORECASE)
_IMPORTANT_LEAD = re.compile(
    r"^(?:\*\*)?\s*([!\u2757\ufe0f]*)\s*important\s*([!\u2757\ufe0f]*)\s*(:?)\s*(?:\*\*)?\s*(:?)\s*\\?\s*",
    re.IGNORECASE,
)


def _rewrite(items: list[Item], path: str, dropped: list[Dropped], lines: Sequence[str]) -> list[Item]:
    """Apply every block-level rewrite, left to right; each looks at an item and the few after it."""
    items = list(items)  # a chatbot's answer is marked in place, ahead of the rules that read it
    out: list[Item] = []
    i = 0
    while i < len(items):
        for rule in (_toc, _chat_quiz, _marked_quiz, _mcq_quiz, _important, _titled_part):
            mark = len(dropped)
            result = rule(items, i, path, dropped, lines)
            if result is not None and _spans_a_drop(result[0], dropped[mark:], dropped[:mark]):
                del dropped[mark:]  # merging across a dropped line (a `---` rule) would claim that line twice
                result = None
            if result is not None:
                made, i = result
                out.extend(made)
                break
        else:
            item = items[i]
            if isinstance(item, Heading) and _CHAT_MARKER.match(plain_title(item.text)):
                dropped.append(Dropped(item.span, "chat transcript marker ('ChatGPT said')"))
                if i + 1 < len(items) and isinstance(reply := items[i + 1], Paragraph):
                    items[i + 1] = _marked_reply(reply)
            else:
                out.append(item)
            i += 1
    return out


def _marked_reply(reply: Paragraph) -> Paragraph:
    """The first paragraph of a pasted chatbot answer, marked as one (`CHAT_MARK`): the marker line above it says
    whose answer it is, and is dropped (a blind review found such answers read as the notes' own).
    """
    return replace(
        reply, text=f"{CHAT_MARK} {reply.text}", repairs=(*reply.repairs, Repair(reply.span.start, CHAT_MARKED))
    )


Rewrite = tuple[list[Item], int] | None


def _spans_a_drop(made: list[Item], new_drops: list[Dropped], old_drops: list[Dropped]) -> bool:
    """Tell whether what a rewrite made (blocks, or lines it dropped) covers a line that is already dropped."""
    spans = [item.span for item in made] + [d.span for d in new_drops]
    return any(s.start <= d.span.end and d.span.start <= s.end for s in spans for d in old_drops)


def _toc(items: list[Item], i: int, path: str, dropped: list[Dropped], lines: Sequence[str]) -> Rewrite:
    """Drop a list made only of in-page anchor links (a table of contents): the headings already give the pages."""
    item = items[i]
    if (
        isinstance(item, Paragraph)
        and _TOC_LABEL.match(item.text)
        and i + 1 < len(items)
        and _is_toc(items[i + 1], lines)
    ):
        nxt = items[i + 1]
        dropped.append(
            Dropped(Span(path, item.span.start, nxt.span.end), "table of contents (the headings give the pages)")
        )
        return [], i + 2
    if _is_toc(item, lines):
        dropped.append(Dropped(item.span, "table of contents (the headings give the pages)"))
        return [], i + 1
    return None


def _is_toc(item: Item, lines: Sequence[str]) -> bool:
    """Tell whether a list has 2+ items, each one line holding just a link to an in-page anchor (raw text)."""
    return (
        isinstance(item, ListBlock)
        and len(item.items) >= 2
        and all(
            li.span.start == li.span.end and not li.children and _TOC_ITEM.match(lines[li.span.start - 1])
            for li in item.items
        )
    )


def _chat_quiz(items: list[Item], i: int, path: str, dropped: list[Dropped], lines: Sequence[str]) -> Rewrite:
    """`Q. …` (+ options) + `###### ChatGPT said:` + answer: a pasted chat becomes a quiz with the first answer."""
    question = items[i]
    if not isinstance(question, Paragraph) or not (match := _CHAT_QUESTION.match(question.text)):
        return None
    j = i + 1
    options: list[tuple[str, bool | None]] = []
    if j < len(items) and isinstance(items[j], ListBlock):
        opt_list = items[j]
        assert isinstance(opt_list, ListBlock)
        options = [_marked_option(li.text) for li in opt_list.items]
        j += 1
    marker = items[j] if j < len(items) else None
    if not isinstance(marker, Heading) or not _CHAT_MARKER.match(plain_title(marker.text)):
        return None
    end, answer = marker.span.end, ""
    repairs = list(question.repairs)
    if j + 1 < len(items) and isinstance(items[j + 1], Paragraph):
        reply = items[j + 1]
        assert isinstance(reply, Paragraph)
        marked = _marked_reply(reply)
        end, answer = reply.span.end, marked.text
        repairs.extend(marked.repairs)
        j += 1
    quiz = Quiz(
        match.group(1).strip(), _judge(options, answer), Span(path, question.span.start, end), answer, tuple(repairs)
    )
    return [quiz], j + 1


def _marked_quiz(items: list[Item], i: int, path: str, dropped: list[Dropped], lines: Sequence[str]) -> Rewrite:
    """`Q. …` + a list of options with a `(correct)` mark (the clean note format's practice question)."""
    question = items[i]
    if not isinstance(question, Paragraph) or not (match := _CHAT_QUESTION.match(question.text)):
        return None
    opt_list = items[i + 1] if i + 1 < len(items) else None
    if not isinstance(opt_list, ListBlock):
        return None
    options = [_marked_option(li.text) for li in opt_list.items]
    if not any(mark for _, mark in options):
        return None
    quiz = Quiz(
        match.group(1).strip(),
        tuple(QuizOption(text, bool(mark)) for text, mark in options),
        Span(path, question.span.start, opt_list.span.end),
        repairs=(*question.repairs, *opt_list.repairs),
    )
    return [quiz], i + 2


def _marked_option(text: str) -> tuple[str, bool | None]:
    """Split an option from its `(incorrect)` / `(correct)` prefix (None: not marked)."""
    match = _OPTION_MARK.match(text)
    if match is None:
        return text, None
    return text[match.end() :], match.group(1) is None


def _judge(options: list[tuple[str, bool | None]], answer: str) -> tuple[QuizOption, ...]:
    """Keep marks; failing any `(correct)` mark, take the one unmarked option the answer names as correct."""
    if any(mark for _, mark in options):
        return tuple(QuizOption(text, bool(mark)) for text, mark in options)
    said = plain_title(answer).lower()
    named = [k for k, (text, mark) in enumerate(options) if mark is None and plain_title(text).lower() in said]
    return tuple(QuizOption(text, len(named) == 1 and k == named[0]) for k, (text, _) in enumerate(options))


def _mcq_quiz(items: list[Item], i: int, path: str, dropped: list[Dropped], lines: Sequence[str]) -> Rewrite:
    """`**Question**:` + `**A)** …` lines + `**Answer**:` (+ `**Explanation**:`) paragraphs become one quiz."""
    question = items[i]
    if not isinstance(question, Paragraph) or not (qmatch := _MCQ_QUESTION.match(question.text)):
        return None
    opts = items[i + 1] if i + 1 < len(items) else None
    if not isinstance(opts, Paragraph):
        return None
    parsed = [_MCQ_OPTION.match(line) for line in opts.text.split("\n")]
    if len(parsed) < 2 or not all(parsed):
        return None
    letters = [(m.group(1).upper(), m.group(2)) for m in parsed if m]
    j, end, correct, answer = i + 2, opts.span.end, "", ""
    repairs = [*question.repairs, *opts.repairs]
    for pattern in (_MCQ_ANSWER, _MCQ_EXPLANATION):
        block = items[j] if j < len(items) else None
        if isinstance(block, Paragraph) and (found := pattern.match(block.text)):
            text = found.group(1).strip()
            if pattern is _MCQ_ANSWER:
                letter = _MCQ_OPTION.match(text.split("\n")[0])
                correct = letter.group(1).upper() if letter else ""
            answer = text if pattern is _MCQ_EXPLANATION or not correct else answer
            end, j = block.span.end, j + 1
            repairs.extend(block.repairs)
    options = tuple(QuizOption(text, letter == correct) for letter, text in letters)
    quiz = Quiz(qmatch.group(1).strip(), options, Span(path, question.span.start, end), answer, tuple(repairs))
    return [quiz], j


def _important(items: list[Item], i: int, path: str, dropped: list[Dropped], lines: Sequence[str]) -> Rewrite:
    """Turn a paragraph (or quote) that opens with an "Important" marker into an `important` callout.

    A marker standing alone (`**IMPORTANT❗**`, `!IMPORTANT`) takes the block right after it as its content.
    """
    item = items[i]
    if isinstance(item, Callout) and item.kind == "quote" and item.blocks and isinstance(item.blocks[0], Paragraph):
        rest = _after_marker(item.blocks[0].text)
        if rest is None:
            return None
        first = [Paragraph(rest, item.blocks[0].span, item.blocks[0].repairs)] if rest else []
        return [replace(item, kind="important", blocks=(*first, *item.blocks[1:]))], i + 1
    if not isinstance(item, Paragraph) or (rest := _after_marker(item.text)) is None:
        return None
    if rest:
        return [Callout("important", (Paragraph(rest, item.span),), item.span, repairs=item.repairs)], i + 1
    nxt = items[i + 1] if i + 1 < len(items) else None
    if nxt is None or isinstance(nxt, Heading):
        return [Callout("important", (), item.span, "Important", item.repairs)], i + 1
    return [Callout("important", (nxt,), Span(path, item.span.start, nxt.span.end), repairs=item.repairs)], i + 2


def _titled_part(items: list[Item], i: int, path: str, dropped: list[Dropped], lines: Sequence[str]) -> Rewrite:
    """A bold title standing alone after a horizontal rule, with a list under it, opens a part of its own: a heading
    one level below the heading before it. DVA ends "1.7.3.3. EC2 vs ECS(EC2) vs Fargate" with "---", "**ECR**" and
    ECR's features; read as a paragraph, they stayed on the ECS page and ECR's page lacked them (a blind review).
    A bold label ("**Example:**", "**Steps**" under a heading) has no rule above it, or ends in a colon.
    """
    item = items[i]
    if not isinstance(item, Paragraph) or not SHORT_BOLD.match(text := item.text.strip()):
        return None
    followed = i + 1 < len(items) and isinstance(items[i + 1], ListBlock)
    if text.strip("*_ ").endswith((":", ".")) or not followed or not _after_rule(lines, item.span.start):
        return None
    level = next((it.level for it in reversed(items[:i]) if isinstance(it, Heading)), 1)
    return [Heading(min(level + 1, 6), text, item.span)], i + 1


def _after_rule(lines: Sequence[str], line: int) -> bool:
    """Whether the last non-blank line before 1-based `line` is a horizontal rule."""
    k = line - 2
    while k >= 0 and _is_blank(lines[k]):
        k -= 1
    return k >= 0 and _RULE.match(lines[k]) is not None


def _after_marker(text: str) -> str | None:
    """Return the text after a leading "Important" marker, or None when the text does not open with one."""
    match = _IMPORTANT_LEAD.match(text)
    if match is None:
        return None
    rest = text[match.end() :].strip()
    marked = any(match.group(g) for g in (1, 2, 3, 4))
    return rest if marked or not rest else None


# ---------------------------------------------------------------------------------------------------------------
# Attaching line repairs to the blocks that own the lines


def _attach_repairs(items: list[Item], repairs: dict[int, list[str]]) -> list[Item]:
    if not repairs:
        return items
    out: list[Item] = []
    for item in items:
        if not isinstance(item, Heading):
            found = [Repair(n, what) for n in item.span.lines() for what in repairs.get(n, ())]
            if found:
                item = replace(item, repairs=tuple(sorted((*item.repairs, *found), key=lambda r: (r.line, r.what))))
        out.append(item)
    return out


# ---------------------------------------------------------------------------------------------------------------
# Which headings are the title, the chapters, the sections

_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.?(?=\s|$)")


def heading_title(text: str) -> str:
    """Return a heading's display title: markup and escapes stripped, a trailing colon (in or out of bold) removed."""
    return re.sub(r"[\s:\\]+$", "", plain_title(text))


@dataclass(frozen=True)
class _Plan:
    title: Heading | None
    chapter_level: int
    chapters: frozenset[int]
    """Start lines of the headings that open a chapter."""


def _plan(items: list[Item], extra: tuple[str, ...], lines: Sequence[str]) -> _Plan:
    headings = [h for h in items if isinstance(h, Heading) and heading_title(h.text)]
    if not headings:
        return _Plan(None, 1, frozenset())
    title = _document_title(items, headings, lines)
    rest = [h for h in headings if h is not title]
    if not rest:
        return _Plan(title, 2, frozenset())
    deeper = [h.level for h in rest if title is None or h.level > 1]
    level = min(deeper) if deeper else min(h.level for h in rest)
    candidates = [h for h in rest if h.level == level]
    shape = _dominant_shape(candidates)
    chapters = [h for h in candidates if shape is None or _shape(h) == shape or heading_title(h.text) in extra]
    return _Plan(title, level, frozenset(h.span.start for h in chapters))


def _document_title(items: list[Item], headings: list[Heading], lines: Sequence[str]) -> Heading | None:
    """Find the document title: an H1 opening the file that is the only H1 or is followed by a table of contents.

    The second case is a notebook with a title, a TOC and a few stray pasted H1s later on.
    """
    first = items[0]
    if not isinstance(first, Heading) or first.level != 1 or first is not headings[0]:
        return None
    if len(headings) < 2:
        return None
    if sum(1 for h in headings if h.level == 1) == 1:
        return first
    for item in items[1:]:
        if isinstance(item, Heading):
            return None
        if _is_toc(item, lines):
            return first
    return None


def _shape(heading: Heading) -> tuple[int, str] | None:
    """Return the numbering pattern of a title: `1.12 CI/CD` -> (2, "1"), `2. Check logs` -> (1, ""), else None."""
    match = _NUMBER.match(heading_title(heading.text))
    if match is None:
        return None
    parts = match.group(1).split(".")
    return len(parts), ".".join(parts[:-1])


def _dominant_shape(candidates: list[Heading]) -> tuple[int, str] | None:
    """Return the numbering shared by at least 3 and a third of the candidate chapters (None: unnumbered)."""
    shapes = Counter(s for s in (_shape(h) for h in candidates) if s is not None)
    if not shapes:
        return None
    shape, count = max(shapes.items(), key=lambda kv: (kv[1], kv[0]))
    return shape if count >= 3 and count * 3 >= len(candidates) else None


# ---------------------------------------------------------------------------------------------------------------
# Building the section tree


@dataclass
class _Builder:
    plan: _Plan
    fallback_title: str
    pages: list[SectionDraft] = field(default_factory=list)
    stack: list[SectionDraft] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    preamble: bool = False
    outline: re.Pattern[str] | None = None
    """Matches the numbered headings of the current chapter's own outline (`1.3.` -> `1.3.2. IAM Users`)."""
    shift: int = 0
    """Depth added to the headings an empty outline heading holds (`held_depth`)."""

    def page(self) -> SectionDraft:
        """Return the current page; content before the first chapter opens an intro page named by the title."""
        if not self.pages:
            title = self.plan.title
            name = heading_title(title.text) if title else self.fallback_title
            self.pages.append(SectionDraft(name, 1, title.span if title else None, depth=2 * self.plan.chapter_level))
            self.preamble = True
        return self.pages[-1]

    def heading(self, item: Heading) -> None:
        title = heading_title(item.text)
        if item is self.plan.title:
            return
        if not title:
            self.dropped.append(Dropped(item.span, "empty heading"))
            return
        if item.span.start in self.plan.chapters:
            self.pages.append(SectionDraft(title, 1, item.span, depth=2 * self.plan.chapter_level))
            self.stack, self.shift = [], 0
            number = _NUMBER.match(title)
            self.outline = re.compile(re.escape(number.group(1)) + r"\.\d") if number else None
            return
        page = self.page()
        # Depths are doubled so that a stray heading at or above the chapter level (a pasted `# …` or `## …` that
        # is no chapter) sits between the chapter and its `###` headings: it nests the headings after it, but
        # only until the chapter's own numbered outline resumes (`### 1.3.2.` in chapter 1.3 closes it). The
        # numbers only end a stray heading's reach; levels always come from the `#` depth.
        depth = 2 * item.level if item.level > self.plan.chapter_level else 2 * self.plan.chapter_level + 1
        if self.outline is not None and self.outline.match(title):
            strays = [k for k, node in enumerate(self.stack) if node.depth % 2]
            if strays:
                del self.stack[strays[0] :]
            self.shift = 0
        else:
            depth = self.held_depth(depth)
        while self.stack and self.stack[-1].depth >= depth:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else page
        node = SectionDraft(title, min(parent.level + 1, MAX_LEVEL), item.span, depth=depth)
        parent.children.append(node)
        self.stack.append(node)

    def held_depth(self, depth: int) -> int:
        """The depth of a heading outside the chapter's outline. Right after an empty outline heading written deeper
        than it, it is the first of the headings that outline heading holds: DVA's "#### 1.6.8.3. EBS Encryption"
        has no text, and its "### **EBS Encryption and How It Works**" and 17 more were sections of "### 1.6.8. EBS
        Snapshots, restore, and fast snapshot restore". They and the headings after them sit one level below it
        until the outline resumes. (Written at its level, such a heading is a topic of its own: "### 1.6.10. Amazon
        Machine Image (AMI)", then "### Amazon Machine Image (AMI) Overview".)
        """
        if depth % 2:
            return depth  # a stray heading at the chapter's level or above holds headings of its own
        top = self.stack[-1] if self.stack else None
        if top is None or top.blocks or top.children or depth >= top.depth:
            return depth + self.shift
        if self.outline and self.outline.match(top.title):  # an empty outline heading, written deeper
            self.shift = top.depth + 2 - depth
        return depth + self.shift

    def block(self, item: Block) -> None:
        (self.stack[-1] if self.stack else self.page()).blocks.append(item)


def _build(items: list[Item], plan: _Plan, path: str) -> tuple[list[Section], list[Dropped]]:
    builder = _Builder(plan, _fallback_title(path))
    for item in items:
        if isinstance(item, Heading):
            builder.heading(item)
        else:
            builder.block(item)
    if plan.title is not None and not builder.preamble:
        builder.dropped.append(Dropped(plan.title.span, "document title (the source's name)"))
    return [page.freeze() for page in builder.pages], builder.dropped


def _fallback_title(path: str) -> str:
    stem = PurePosixPath(path).stem.replace("-", " ").replace("_", " ").strip()
    return stem[:1].upper() + stem[1:] if stem else "Notes"


# ---------------------------------------------------------------------------------------------------------------


def _read_file(raw: RawFile, extra: tuple[str, ...]) -> tuple[list[Section], list[Dropped], set[str]]:
    """One file: line repairs, one parse, block rewrites, then the tree. Returns pages, drops, titles seen."""
    prep = _Prep(raw.path, list(raw.lines))
    in_fence, open_after = _fence_state(prep.lines)
    _drop_repeats(prep, in_fence, open_after)
    _drop_chat_filler(prep, in_fence)
    _inline_footnotes(prep, in_fence)
    _fix_phantom_columns(prep, in_fence)
    _important_spans(prep, in_fence)
    _dot_bullets(prep, in_fence)
    _unglue_rules(prep, in_fence)
    _join_split_bold(prep, in_fence)
    items, dropped = parse_blocks(prep.lines, raw.path)
    dropped = [*prep.dropped, *dropped]
    plan = _plan(items, extra, prep.lines)
    items = _attach_repairs(_rewrite(items, raw.path, dropped, prep.lines), prep.repairs)
    pages, more = _build(items, plan, raw.path)
    seen = {heading_title(i.text) for i in items if isinstance(i, Heading) and i.span.start in plan.chapters}
    dropped = [*dropped, *more, *_unparsed(raw, items, [*dropped, *more])]
    return pages, sorted(dropped, key=lambda d: (d.span.start, d.span.end, d.reason)), seen


_REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:")


def _unparsed(raw: RawFile, items: list[Item], dropped: list[Dropped]) -> list[Dropped]:
    """Account for lines the parser turned into no block at all: link reference definitions (`[x]: url`)."""
    claimed = bytearray(len(raw.lines) + 2)
    for span in [i.span for i in items] + [d.span for d in dropped]:
        claimed[span.start : span.end + 1] = b"\x01" * (span.end - span.start + 1)
    out: list[Dropped] = []
    for n, line in enumerate(raw.lines, 1):
        if claimed[n] or not line.strip():
            continue
        if out and out[-1].span.end == n - 1:
            out[-1] = Dropped(Span(raw.path, out[-1].span.start, n), out[-1].reason)
            continue
        reason = "link reference definition (no text of its own)" if _REFERENCE_DEFINITION.match(line) else "not parsed"
        out.append(Dropped(Span(raw.path, n, n), reason))
    return out


class CleanMarkdownReader(GithubMarkdownReader):
    """The reader for new notes in the clean note format (CONTRIBUTING.md): GitHub Markdown, read the same way.

    A name of its own lets the documented format evolve without touching sources that rely on GitHub quirks.
    """

    name = "clean-markdown"
