"""The one document model every reader produces and every stage consumes.

All nodes are frozen dataclasses so that stages stay pure: a stage returns new nodes, it never edits the ones it got.
Every node carries the source lines it came from (`Span`), which is what makes provenance possible.

Text fields hold *inline Markdown* in CommonMark syntax (emphasis, code spans, links), already cleaned by the reader
(dead links and missing images removed, PDF damage repaired) but not yet escaped: escaping for the output format is
the renderer's job, so no reader can forget it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True, slots=True)
class Span:
    """Lines `start`..`end` (1-based, inclusive) of the raw note at `path` (relative to the repository root)."""

    path: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 1 or self.end < self.start:
            raise ValueError(f"bad span {self.path}:{self.start}-{self.end}")

    def lines(self) -> range:
        return range(self.start, self.end + 1)


@dataclass(frozen=True, slots=True)
class Repair:
    """Something a reader changed or removed *inside* a kept block, with why: provenance lists it."""

    line: int
    what: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    span: Span
    repairs: tuple[Repair, ...] = ()


@dataclass(frozen=True, slots=True)
class ListItem:
    """One list item: its own text plus nested blocks (sub-lists, code, further paragraphs)."""

    text: str
    span: Span
    children: tuple[Block, ...] = ()


@dataclass(frozen=True, slots=True)
class ListBlock:
    items: tuple[ListItem, ...]
    span: Span
    ordered: bool = False
    start: int = 1
    repairs: tuple[Repair, ...] = ()


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    span: Span
    repairs: tuple[Repair, ...] = ()
    row_lines: tuple[int, ...] = ()
    """The raw line of each row, when the reader knows it (one per row): a row is then a fact with its own place,
    which a disagreement can quote and link (`tablerows`). Empty when rows share a line (a table the PDF collapsed)."""
    labelled: bool = True
    """Whether the first column labels the rows ("Max IOPS", "Bandwidth"), as in most tables; not in a comparison
    whose every column is a thing compared ("CNAME | Alias"), whose rows `tablerows` then reads no facts from."""


FLATTENED_TABLE = "flattened-table"
"""The `Code.lang` of a table whose columns a PDF export merged into one line per row: kept verbatim, shown as a
table of one column (`render`), never as code."""


@dataclass(frozen=True, slots=True)
class Code:
    text: str
    span: Span
    lang: str = ""
    repairs: tuple[Repair, ...] = ()


@dataclass(frozen=True, slots=True)
class Callout:
    """A quote or an admonition. `kind` is one of CALLOUT_KINDS; `title` may be empty."""

    kind: str
    blocks: tuple[Block, ...]
    span: Span
    title: str = ""
    repairs: tuple[Repair, ...] = ()


CALLOUT_KINDS = ("quote", "note", "important", "tip", "question", "example")


@dataclass(frozen=True, slots=True)
class QuizOption:
    text: str
    correct: bool = False


@dataclass(frozen=True, slots=True)
class Quiz:
    """A practice question. `answer` holds any explanation or answer line; options may be empty."""

    question: str
    options: tuple[QuizOption, ...]
    span: Span
    answer: str = ""
    repairs: tuple[Repair, ...] = ()


@dataclass(frozen=True, slots=True)
class ScreenshotText:
    """Text transcribed from a screenshot (UI labels, console tables): kept, but shown collapsed, not as notes."""

    text: str
    span: Span
    repairs: tuple[Repair, ...] = ()


Block = Paragraph | ListBlock | Table | Code | Callout | Quiz | ScreenshotText
BLOCK_TYPES = (Paragraph, ListBlock, Table, Code, Callout, Quiz, ScreenshotText)


@dataclass(frozen=True, slots=True)
class Section:
    """A titled part of a source. Level 1 sections are pages (a chapter or topic); deeper ones are headings.

    `heading` is None when the title is implied rather than written (a topic known only from a table of contents).
    `group` names the navigation group of a level-1 section (a notebook's "Section II"); `group_heading` is the line
    that declared that group, set on the first section of the group only. `breaks` are the raw lines of horizontal
    rules standing between the section's own blocks: the author's "this part ends here" (an exam-tip section's tip
    ends at its first break).
    """

    title: str
    level: int
    heading: Span | None
    blocks: tuple[Block, ...] = ()
    children: tuple[Section, ...] = ()
    group: str = ""
    group_heading: Span | None = None
    breaks: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Dropped:
    """Lines a reader deliberately left out of the site, and why (shown in provenance)."""

    span: Span
    reason: str


@dataclass(frozen=True, slots=True)
class SourceTree:
    """What a reader returns for one source: its pages in order and everything it dropped."""

    chapters: tuple[Section, ...]
    dropped: tuple[Dropped, ...] = field(default=())


def walk_sections(sections: tuple[Section, ...]) -> list[Section]:
    """All sections depth-first, in document order."""
    out: list[Section] = []
    for section in sections:
        out.append(section)
        out.extend(walk_sections(section.children))
    return out


def block_kind(block: Block) -> str:
    """The provenance name of a block type."""
    return {
        Paragraph: "paragraph",
        ListBlock: "list",
        Table: "table",
        Code: "code",
        Callout: "callout",
        Quiz: "quiz",
        ScreenshotText: "screenshot-text",
    }[type(block)]
