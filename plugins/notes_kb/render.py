"""Model → Markdown for MkDocs (Python-Markdown with the extensions set in `mkdocs.yml`).

This is the one place where note text is escaped for output: raw HTML in a note can never reach the page, link
destinations other than http(s)/mailto are dropped, and CommonMark-only syntax is translated (backslash
hard breaks and escapes rely on `pymdownx.escapeall`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from .inline import mark_own_lines
from .model import (
    FLATTENED_TABLE,
    Block,
    Callout,
    Code,
    ListBlock,
    ListItem,
    Paragraph,
    Quiz,
    ScreenshotText,
    Section,
    SourceTree,
    Table,
    walk_sections,
)
from .slugs import SlugRegistry

INDENT = "    "
LIST_SEPARATOR = "<!-- -->"
CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)", re.DOTALL)
"""An inline code span (CommonMark): its text is never escaped, linked or scanned."""
_AUTOLINK = re.compile(r"<(https?://[^\s<>]+|mailto:[^\s<>]+)>")
_LINK = re.compile(
    r"(?<!!)\[((?:[^\[\]\\]|\\.){0,300})\]\(\s*(<[^>\n]{0,1000}>|[^()\s]{0,1000}(?:\([^()\s]{0,200}\)[^()\s]{0,200}){0,5})"
    r"(\s+\"[^\"]{0,300}\")?\s*\)"
)
# Only the web and mail: a relative or `#` destination in a note points beside the raw file or into it, never at a
# page of this site, so it would be a broken link (and a strict-build failure).
_SAFE_URL = re.compile(r"^(?:https?://|mailto:)", re.IGNORECASE)
_RESERVED = str.maketrans(dict.fromkeys("\x00\x01\x02", "\ufffd"))
_BLOCK_START = re.compile(r"^(#|>|[-+*](?=\s)|\d+[.)](?=\s)|=+\s*$|\|)")
_TITLE_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~^$])")
ADMONITION = {"note": "note", "important": "warning", "tip": "tip", "question": "question", "example": "example"}


def render_inline(text: str) -> str:
    """Inline CommonMark from a note → safe inline Markdown on one line (hard breaks stay as `\\` + newline)."""
    # Code spans bind before links (in CommonMark and Python-Markdown alike), so they are set aside first and a link
    # whose label holds one (`[`x`](javascript:…)`) is still seen whole. NUL, \x01 and \x02 are this module's
    # placeholders: in a note they become U+FFFD, as CommonMark shows NUL.
    codes: list[str] = []

    def keep(match: re.Match[str]) -> str:
        codes.append(match.group(0).replace("\n", " "))
        return f"\x02{len(codes) - 1}\x02"

    masked = CODE_SPAN.sub(keep, mark_own_lines(text.translate(_RESERVED)))
    out = re.sub("\x02(\\d+)\x02", lambda m: codes[int(m.group(1))], _render_plain(masked)).strip()
    if _BLOCK_START.match(out):
        out = "\\" + out
    return out


def _render_plain(text: str) -> str:
    """Escape and translate text whose code spans are placeholders."""
    text = _LINK.sub(_safe_link, text)
    placeholders: list[str] = []

    def keep(match: re.Match[str]) -> str:
        placeholders.append(match.group(0))
        return f"\x00{len(placeholders) - 1}\x00"

    text = _AUTOLINK.sub(keep, text)
    text = text.replace("<", "&lt;")
    # attr_list would read `{: onclick=…}` as attributes, and reads a link's `{ .class }` up to the line's last
    # brace: "[IAM](…){ .nkb-autolink } policy variable ${aws:username} in S3" came out scrambled.
    text = re.sub(r"(?<!\\)([{}])", r"\\\1", text)
    text = re.sub(r"\\\n\s*", "\x01", text)  # CommonMark hard break
    text = re.sub(r"(?<!\s)\s*\n\s*", " ", text)  # soft breaks join the lines (runs tried from their start: linear)
    text = text.replace("\x01", "\\\n")
    return re.sub("\x00(\\d+)\x00", lambda m: placeholders[int(m.group(1))], text)


def _safe_link(match: re.Match[str]) -> str:
    """Keep links to the web or mail; anything else (relative, `#…`, javascript:, data:…) keeps only its text."""
    label, dest = match.group(1), match.group(2).strip("<>").strip()
    if _SAFE_URL.match(dest):
        return match.group(0)
    return label


def shortened(text: str, limit: int) -> str:
    """`text` cut at the last word boundary within `limit` characters, with " …" when cut: excerpts, tooltips and
    quiz answers all shorten alike.
    """
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def render_title(title: str) -> str:
    """A plain-text title as literal Markdown: every character that could mean markup is escaped."""
    return _TITLE_SPECIAL.sub(r"\\\1", " ".join(title.split())).replace("&", "&amp;")


def indented(lines: list[str], prefix: str = INDENT) -> list[str]:
    """Markdown lines indented one level (blank lines stay empty): a block's lines inside a list item or callout."""
    return [prefix + line if line else "" for line in lines]


def _multiline(text: str) -> list[str]:
    return render_inline(text).split("\n")


Note = Callable[[Paragraph | ListItem | ListBlock], str]
"""Trusted Markdown (made by the plugin, never note text) to append to a top-level paragraph or list item, or to
put after a list."""


def _no_note(block: Paragraph | ListItem | ListBlock) -> str:
    return ""


def render_blocks(blocks: tuple[Block, ...], note: Note = _no_note) -> list[str]:
    """Blocks separated by blank lines; `note` may annotate top-level paragraphs and list items."""
    out: list[str] = []
    previous: Block | None = None
    for block in blocks:
        if out:
            out.append("")
        if isinstance(previous, ListBlock) and isinstance(block, ListBlock):
            out += [LIST_SEPARATOR, ""]  # else Python-Markdown merges two adjacent lists into one
        out.extend(render_block(block, note))
        previous = block
    return out


def _with_note(lines: list[str], extra: str) -> list[str]:
    if extra:
        lines = [*lines[:-1], f"{lines[-1]} {extra}"]
    return lines


def render_block(block: Block, note: Note = _no_note) -> list[str]:
    """One block as Markdown lines."""
    if isinstance(block, Paragraph):
        return _with_note(_multiline(block.text), note(block))
    if isinstance(block, ListBlock):
        return _render_list(block, note)
    if isinstance(block, Table):
        return _render_table(block)
    if isinstance(block, Code):
        return _render_flattened(block.text) if block.lang == FLATTENED_TABLE else _render_code(block.text, block.lang)
    if isinstance(block, Callout):
        return _render_callout(block, note)
    if isinstance(block, Quiz):
        return _render_quiz(block)
    if isinstance(block, ScreenshotText):
        return ['??? abstract "Screenshot text"', "", *indented(_render_code(block.text, "text"))]
    raise TypeError(f"unknown block {type(block).__name__}")  # pragma: no cover


def _render_list(block: ListBlock, note: Note = _no_note) -> list[str]:
    out: list[str] = []
    # Items holding anything but a sub-list need blank lines around them, or a fence swallows the next item.
    loose = any(not isinstance(child, ListBlock) for item in block.items for child in item.children)
    after_note = False
    for n, item in enumerate(block.items, block.start):
        marker = f"{n}. " if block.ordered else "- "
        extra = note(item)  # said of the item with its sub-items: after them, not beside its first line
        first, *rest = _with_note(_multiline(item.text) if item.text else [""], "" if item.children else extra)
        if (loose or after_note) and out:
            out.append("")
        out.append((marker + first).rstrip())
        out.extend(indented(rest))
        after_note = False
        if item.children:
            children = _item_children(item, set_apart=not item.text or bool(extra))
            out.extend(children)
            # A next item right after a paragraph of a loose sub-list would continue that paragraph ("This returns
            # the temporary Access Key ID ... 3. **Using the Temporary Credentials**"): it is set apart too.
            after_note = "" in children
            if extra:
                out += ["", INDENT + extra]
                after_note = True
    after = note(block)
    return [*out, "", after] if after else out


def render_quoted_item(item: ListItem, after_text: str) -> list[str]:
    """A list item quoted as one item of a list, its sub-items a list under it, `after_text` (trusted Markdown) right
    after its own text: a "Sources may disagree" box ran the cheat sheet's cross-zone item and its six points together
    ("... in all enabled Availability Zones When cross-zone load balancing is disabled: ...", a blind review).
    """
    first, *rest = _with_note(_multiline(item.text) if item.text else [""], after_text)
    children = _item_children(item, set_apart=False) if item.children else []
    return [("- " + first).rstrip(), *indented(rest), *children]


def _item_children(item: ListItem, set_apart: bool) -> list[str]:
    """A list item's nested blocks, indented under it. In an item with blank lines inside (a loose sub-list, a note
    after the sub-items), Python-Markdown puts a first line not set apart from its sub-list after it ("2." blank,
    "Performance Modes:" below them): such children, or any but a sub-list, or `set_apart`, follow a blank line.
    """
    children = render_blocks(item.children)
    apart = set_apart or not isinstance(item.children[0], ListBlock) or "" in children
    return ["", *indented(children)] if apart else indented(children)


def _cell(text: str) -> str:
    return render_inline(text).replace("\\\n", "<br>").replace("|", "\\|") or " "


def _render_table(table: Table) -> list[str]:
    width = max(1, len(table.header), *(len(r) for r in table.rows))

    def row(cells: tuple[str, ...]) -> str:
        padded = list(cells) + [""] * (width - len(cells))
        return "| " + " | ".join(_cell(c) for c in padded) + " |"

    return [row(table.header), "|" + " --- |" * width, *(row(r) for r in table.rows)]


FLATTENED_CLASS = "nkb-flattened"
FLATTENED_NOTE = "The PDF export merged this table’s columns: each row reads across them."
"""Said under a flattened table, so that a reader does not take a row such as "Boot volume Supported (gp3, gp2) Not
supported" for one cell (a blind review). Not indexed for search (`search.documents.SKIPPED_CLASSES`)."""
_GOES_ON = re.compile(r"^(?:[-•*]\s|[a-z])")
"""A line of a flattened table that goes on with the row above it: a bullet of its cell, or a lower-case start
("gp2: 4 GiB - 64 TiB" under "Volume size gp3: 1 GiB - 16 TiB")."""


def _render_flattened(text: str) -> list[str]:
    """A table whose columns the PDF merged, as a table of one column: its first line the header, each row a cell,
    a line that goes on with the row above it (`_GOES_ON`) after a line break. As code it was a monospaced block a
    phone scrolls sideways, though nothing in it lines up any more.
    """
    first, *lines = text.split("\n")
    rows: list[list[str]] = []
    for line in lines:
        if rows and _GOES_ON.match(line):
            rows[-1].append(line)
        else:
            rows.append([line])

    def cell(parts: list[str]) -> str:
        return "<br>".join(render_title(part) for part in parts) or " "  # `|` too is escaped

    table = [f"| {cell([first])} |", "| --- |", *(f"| {cell(row)} |" for row in rows)]
    return [*table, "", f'<p class="{FLATTENED_CLASS}">{FLATTENED_NOTE}</p>']


def _render_code(text: str, lang: str) -> list[str]:
    longest = max((len(m) for m in re.findall(r"`{3,}", text)), default=2)
    fence = "`" * max(3, longest + 1)
    lang = re.sub(r"[^\w+\-]", "", lang)
    return [fence + lang, *text.split("\n"), fence]


def _render_callout(block: Callout, note: Note = _no_note) -> list[str]:
    body = render_blocks(block.blocks, note)  # a tip callout wraps top-level passages: keep their notes
    if block.kind == "quote":
        return [f"> {line}" if line else ">" for line in body]
    head = f"!!! {ADMONITION.get(block.kind, 'note')}" + (_quoted_title(block.title) if block.title else "")
    return [head, "", *indented(body)]


def _quoted_title(title: str) -> str:
    return ' "' + render_title(title).replace('"', "&quot;") + '"'


QUIZ_OPENING = '!!! question "Practice question"'
"""The line that opens a quiz block; the block is its lines indented under it."""


def _render_quiz(quiz: Quiz) -> list[str]:
    body = _multiline(quiz.question)
    if quiz.options:
        body += ["", *(f"- {render_inline(o.text)}" for o in quiz.options)]
    answer: list[str] = [f"- **{render_inline(o.text)}**" for o in quiz.options if o.correct]
    if quiz.answer:
        answer += ([""] if answer else []) + _multiline(quiz.answer)
    if not answer:
        answer = ["No answer is marked in the notes."]
    return [
        QUIZ_OPENING,
        "",
        *indented(body),
        "",
        *indented(['??? success "Answer"', "", *indented(answer)]),
    ]


def section_anchors(chapter: Section) -> list[str]:
    """Page-unique anchors for `walk_sections((chapter,))`, in that order (provenance uses the same order)."""
    registry = SlugRegistry()
    return [registry.unique(section.title) for section in walk_sections((chapter,))]


def render_chapter(chapter: Section, header: list[str] | None = None) -> str:
    """One page: its title, an optional header (source line, links), then every section in order."""
    anchors = iter(section_anchors(chapter))
    lines: list[str] = []
    for section, depth in _sections_with_depth(chapter):
        anchor = next(anchors)
        if lines:
            lines.append("")
        level = min(depth, 6)
        lines.append(f"{'#' * level} {render_title(section.title)} {{ #{anchor} }}")
        if depth == 1 and header:
            lines += ["", *header]
        if section.blocks:
            lines += ["", *render_blocks(section.blocks)]
    return "\n".join(lines) + "\n"


def _sections_with_depth(chapter: Section) -> Iterator[tuple[Section, int]]:
    """Sections with the heading level to print: a child is always exactly one deeper than its parent on the page."""

    def walk(section: Section, depth: int) -> Iterator[tuple[Section, int]]:
        yield section, depth
        for child in section.children:
            yield from walk(child, depth + 1)

    return walk(chapter, 1)


def render_tree(tree: SourceTree) -> str:
    """Every page of a source, one after the other (what golden tests compare)."""
    return "\n".join(render_chapter(chapter) for chapter in tree.chapters)
