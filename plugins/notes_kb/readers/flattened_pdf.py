"""Reader for text extracted from a PDF (the SAA-C03 cheat sheet): no Markdown at all, `•` bullets, flattened tables.

Nothing in such text says "heading" or "table", so the reader works line by line in four small passes:

1. repair each line (lost `th` ligature, misread glyphs, stray `**` and `|`), keeping line numbers;
2. classify lines (blank, bullet, ordered item, text, collapsed pipe table) and group them into units: list runs
   (blank lines allowed between items: loose lists), runs of consecutive text lines, single lines;
3. decide what each single line is: chapter (configured titles), section title, lead-in/paragraph, editor's note;
4. assemble pages (level 1) with flat sections (level 2); a title repeated by a PDF page break is merged into the
   first section of that title.

Text fields are escaped so that the plain PDF text stays literal when read as inline Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import PurePosixPath
from typing import Any

from ..errors import NoteError
from ..model import (
    FLATTENED_TABLE,
    Block,
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
from ..normalize import capitalised_share
from ..sources import RawFile

REPEATED_TITLE = "repeated title (PDF page break)"
EDITOR_NOTE = "editor's to-do note"
EMPTY_ITEM = "empty list item"
STRAY_MARKUP = "stray markup with no text"

MAX_TITLE_CHARS = 60
"""Longer standalone lines are sentences: the longest title of the cheat sheet has 54 characters."""
MAX_TITLE_WORDS = 10
MAX_FRAGMENT_WORDS = 10
"""A list item of more words is a statement, not a fragment of an enumeration."""

_BULLET = re.compile(r"^(?P<indent>\s*)•\s*(?P<text>.*)$")
_ORDERED = re.compile(r"^(?P<indent>\s*)(?P<number>\d{1,9})[.)]\s+(?P<text>\S.*)$")
_DELIMITER_CELL = re.compile(r"^\s*:?-{3,}:?\s*$")
_SUPERSCRIPT_THREE = re.compile(r"³(?=\d)")
_INNER_PIPE = re.compile(r"(?<=\w)\|(?=[A-Z])")
_LEADING_PIPE = re.compile(r"^\|\s*")
_WORD = re.compile(r"[\w@&+'’-]+")


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words that make a line a statement rather than a title or an enumerated fragment.
_AUXILIARIES = _word_set(
    "is are was were be been being can cannot can't could will would must should may might has have had does do "
    "doesn't don't isn't aren't won't"
)
# Third-person verbs that open statements in fact lists ("Provides fault tolerance…", "Requires a VPN…").
_VERB_OPENERS = _word_set(
    "provides requires supports allows enables lets uses offers includes sends runs stores creates helps gives "
    "makes works integrates distributes delivers captures performs protects redirects executes"
)
# Small words that stay lower case in a title ("Types of IAM Policy", "EBS vs instance store").
# Row keys of key-value comparison tables ("What … / When … / Pros … / Cons … / How …").
_KEY_WORDS = _word_set("what when why where which who how pros cons")
# Words a table cell never ends with, so the next cell of a flattened row cannot start right after one ("point to |
# any DNS record" is no split): articles, prepositions, conjunctions, possessives.
_NO_CELL_END = _word_set("a an the of to for with from by and or nor via than per into my your its their our")
# Words a cell seldom ends with: a proof of where a cell starts (`_proven_split`) may not follow one ("runs on |
# Amazon hardware"). Counting (`_counted_split`) keeps them as places: a cell may end in "on" ("Always on"), and a
# place counting misses makes another one count ("Container | Insights must be turned on Always on …", a review).
_NO_PROOF_AFTER = _word_set(
    "onto in on at as is are be was were has have had not can will would should must may might do does"
)
# Capitalised, these words only open a sentence: mid-row and not after `.`, `;` or `:`, one opens the next cell
# ("… hosted anywhere An alias record can only point …").
_SENTENCE_OPENERS = frozenset({"An", "The", "Can", "Cannot", "You"})  # not "A": a record type, a grade
# Cells of a table of marks: each such word is a whole cell ("Customer managed KMS keys Yes Yes Yes Optional. …").
_MARKS = frozenset({"Yes", "No", "X"})
_TOKEN = re.compile(r"\S+")
_VENDOR = frozenset({"aws", "amazon"})
"""Words a column's header may add to the name a title gives it ("Amazon Kinesis" under "Kinesis vs SQS vs SNS")."""
_NUMBER = re.compile(r"[$≥≤~]?\d[\d.,]*%?")
_VERSUS = re.compile(r"\s+vs\.?\s+")
_EDITOR_VERBS = re.compile(
    r"^(?:todo|fixme|tbd|change|fix|add|move|bold|rewrite|reword|update|remove|delete|merge|split|format)\b"
)


@dataclass(frozen=True)
class _Options:
    chapters: tuple[str, ...] | None
    ligatures: Mapping[str, str]
    glyphs: Mapping[str, str]
    columns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """A table's header row (spaces collapsed) → the names of its columns, where the header alone is ambiguous."""


@dataclass(frozen=True)
class _Line:
    """One raw line after repair: what it is, its indent (lists), its text without marker, what was repaired."""

    n: int
    kind: str  # "blank" | "bullet" | "ordered" | "text" | "pipe" | "junk"
    text: str
    indent: int = 0
    number: int = 1
    repairs: tuple[Repair, ...] = ()


@dataclass(frozen=True)
class _Unit:
    """A group of lines that becomes one thing: a list run, a text run (table), a pipe table or a single line."""

    kind: str  # "list" | "table" | "pipe" | "junk" | "line"
    lines: tuple[_Line, ...]

    @property
    def span_lines(self) -> tuple[int, int]:
        return self.lines[0].n, self.lines[-1].n


@dataclass
class _Node:
    """A list item while the list is being nested."""

    line: _Line
    level: int
    children: list[_Node] = field(default_factory=list)

    def last_line(self) -> int:
        return self.children[-1].last_line() if self.children else self.line.n


@dataclass
class _SectionBuilder:
    title: str
    level: int
    heading: Span | None
    blocks: list[Block] = field(default_factory=list)
    children: list[_SectionBuilder] = field(default_factory=list)

    def build(self) -> Section:
        return Section(
            self.title, self.level, self.heading, tuple(self.blocks), tuple(c.build() for c in self.children)
        )


class FlattenedPdfReader:
    """Plain text extracted from a PDF: titles are bare lines, lists use `•`, tables are flattened to spaces.

    Options (all optional): `chapters`, the exact titles that open a page (chapter titles look exactly like section
    titles; without the list, a title directly followed by another title opens a page); `ligatures` and `glyphs`,
    whole-word repairs of extraction damage in this one source (`pe` → `the`, `scl` → `sc1`); `columns`, a flattened
    table's header row → its column names, where the header alone could split several ways ("Security Group Network
    ACL": [Security Group, Network ACL]); its rows must then each split into as many cells, or the build stops. A
    header no table has is passed over, as a chapter title the text lacks is.
    """

    name = "flattened-pdf"
    options = frozenset({"chapters", "ligatures", "glyphs", "columns"})

    def read(self, files: Sequence[RawFile], options: Mapping[str, Any]) -> SourceTree:
        """Read every file into pages; each file starts afresh (a page never spans two files)."""
        pages: list[Section] = []
        dropped: list[Dropped] = []
        for raw in files:
            opts = _parse_options(options, raw.path)
            file_pages, file_dropped = _read_file(raw, opts)
            pages.extend(file_pages)
            dropped.extend(file_dropped)
        return SourceTree(tuple(pages), tuple(dropped))


# ---------------------------------------------------------------------------------------------------- options


def _parse_options(options: Mapping[str, Any], where: str) -> _Options:
    chapters = options.get("chapters")
    if chapters is not None and not (isinstance(chapters, list) and all(isinstance(c, str) for c in chapters)):
        raise NoteError(where, "options.chapters must be a list of chapter titles")
    return _Options(
        tuple(chapters) if chapters is not None else None,
        _word_map(options.get("ligatures"), "ligatures", where),
        _word_map(options.get("glyphs"), "glyphs", where),
        _column_names(options.get("columns"), where),
    )


def _column_names(value: Any, where: str) -> Mapping[str, tuple[str, ...]]:
    """`columns`: each header row → its column names, two or more, whose words are the header's, in order."""
    if value is None:
        return {}
    usage = "options.columns must map a table's header row to its column names, e.g. {A B C D: [A B, C D]}"
    if not isinstance(value, dict):
        raise NoteError(where, usage)
    out = {}
    for header, names in value.items():
        if not isinstance(header, str) or not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise NoteError(where, usage)
        if (
            len(names) < 2
            or [w for n in names for w in n.split()] != header.split()
            or not all(n.split() for n in names)
        ):
            raise NoteError(where, f"options.columns: the names {names!r} do not spell the header {header!r}")
        if " ".join(header.split()) in out:
            raise NoteError(where, f"options.columns names the header {header!r} twice")
        out[" ".join(header.split())] = tuple(" ".join(n.split()) for n in names)
    return out


def _word_map(value: Any, key: str, where: str) -> Mapping[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise NoteError(where, f"options.{key} must map damaged words to their repair, e.g. {{pe: the}}")
    return {str(k): str(v) for k, v in value.items() if k}


# ---------------------------------------------------------------------------------------------- pass 1: repair


def _whole_words(words: Mapping[str, str]) -> re.Pattern[str] | None:
    """One regex for whole-word replacements; `.` before a word protects file names (`.pem`)."""
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?!\w)")


@dataclass(frozen=True)
class _Repairer:
    ligatures: Mapping[str, str]
    ligature_re: re.Pattern[str] | None
    glyphs: Mapping[str, str]
    glyph_re: re.Pattern[str] | None

    @classmethod
    def from_options(cls, opts: _Options) -> _Repairer:
        return cls(opts.ligatures, _whole_words(opts.ligatures), opts.glyphs, _whole_words(opts.glyphs))

    def repair(self, text: str, n: int, prose: bool) -> tuple[str, tuple[Repair, ...]]:
        """Repair one line's text; `prose` lines (not table rows) also lose stray table pipes."""
        repairs: list[Repair] = []
        if _SUPERSCRIPT_THREE.search(text):
            count = len(_SUPERSCRIPT_THREE.findall(text))
            repairs.extend([Repair(n, "symbol-font glyph: '³' before a digit read as '≥'")] * count)
            text = _SUPERSCRIPT_THREE.sub("≥", text)
        text = _replace_words(text, n, self.glyph_re, self.glyphs, "misread glyph: '{0}' read as '{1}'", repairs)
        text = _replace_words(
            text, n, self.ligature_re, self.ligatures, "lost 'th' ligature: '{0}' read as '{1}'", repairs
        )
        if "**" in text:
            repairs.extend([Repair(n, "stray bold marker '**' removed")] * text.count("**"))
            text = text.replace("**", "")
        if prose and _INNER_PIPE.search(text):
            repairs.append(Repair(n, "stray table pipe '|' between words turned into ': '"))
            text = _INNER_PIPE.sub(": ", text)
        return text, tuple(repairs)


def _replace_words(
    text: str, n: int, pattern: re.Pattern[str] | None, words: Mapping[str, str], what: str, repairs: list[Repair]
) -> str:
    if pattern is None:
        return text

    def sub(match: re.Match[str]) -> str:
        repairs.append(Repair(n, what.format(match.group(0), words[match.group(0)])))
        return words[match.group(0)]

    return pattern.sub(sub, text)


# -------------------------------------------------------------------------------------------- pass 2: classify


def _classify(raw: RawFile, repairer: _Repairer) -> list[_Line]:
    """Every raw line as a `_Line`, repaired; line numbers are unchanged."""
    out: list[_Line] = []
    for n, raw_line in enumerate(raw.lines, 1):
        line = raw_line.expandtabs(4).rstrip()
        if not line.strip():
            out.append(_Line(n, "blank", ""))
            continue
        kind, indent, number, text = _marker(line)
        text, repairs = repairer.repair(text, n, prose=kind in ("bullet", "ordered"))
        if kind == "text" and _LEADING_PIPE.match(text) and "|" not in text[1:]:
            text = _LEADING_PIPE.sub("", text)
            repairs += (Repair(n, "stray leading '|' removed"),)
        if kind == "text" and not text:
            kind = "junk"  # only stray markup: nothing left to show
        out.append(_Line(n, kind, text, indent, number, repairs))
    return out


def _marker(line: str) -> tuple[str, int, int, str]:
    """(kind, indent, number, text without marker) of a non-blank line."""
    if _is_pipe_table(line):
        return "pipe", 0, 1, line.strip()
    bullet = _BULLET.match(line)
    if bullet:
        return "bullet", len(bullet["indent"]), 1, bullet["text"].strip()
    ordered = _ORDERED.match(line)
    if ordered:
        return "ordered", len(ordered["indent"]), int(ordered["number"]), ordered["text"].strip()
    return "text", 0, 1, line.strip()


def _is_pipe_table(line: str) -> bool:
    """Tell a Markdown table collapsed onto one line: it starts with `|` and has a `---` delimiter cell."""
    stripped = line.strip()
    return stripped.startswith("|") and any(_DELIMITER_CELL.match(c) for c in stripped.split("|"))


def _group(lines: list[_Line]) -> list[_Unit]:
    """Consecutive lines into units: list runs (blank lines allowed inside), text runs, pipe tables, single lines."""
    units: list[_Unit] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.kind == "blank":
            i += 1
        elif line.kind in ("pipe", "junk"):
            units.append(_Unit(line.kind, (line,)))
            i += 1
        elif line.kind in ("bullet", "ordered"):
            j = i
            last = i
            while j < len(lines) and lines[j].kind in ("bullet", "ordered", "blank"):
                if lines[j].kind != "blank":
                    last = j
                j += 1
            units.append(_Unit("list", tuple(x for x in lines[i : last + 1] if x.kind != "blank")))
            i = last + 1
        else:
            j = i
            while j + 1 < len(lines) and lines[j + 1].kind == "text":
                j += 1
            units.extend(_text_run(tuple(lines[i : j + 1])))
            i = j + 1
    return units


def _text_run(run: tuple[_Line, ...]) -> list[_Unit]:
    """Keep a single line a line, split a title glued to its caption (two lines); longer runs are tables."""
    if len(run) == 1 or (len(run) == 2 and _title_shape(run[0].text)):
        return [_Unit("line", (line,)) for line in run]
    return [_Unit("table", run)]


# -------------------------------------------------------------------------------------------- pass 3: decide


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _title_shape(text: str) -> bool:
    """Could be a title: short, starts with a capital or digit, no sentence punctuation at the end, no verb."""
    words = _words(text)
    if not words or not (text[0].isupper() or text[0].isdigit()):
        return False
    if len(text) > MAX_TITLE_CHARS or len(words) > MAX_TITLE_WORDS or text[-1] in ".:;,!?":
        return False
    lowered = [w.lower() for w in words]
    return not (_AUXILIARIES.intersection(lowered) or lowered[0] in _VERB_OPENERS)


def _is_statement(text: str) -> bool:
    """Tell a list item that is a full statement from a fragment of an enumeration ("Users", "Roles")."""
    words = [w.lower() for w in _words(text)]
    if not words or text.rstrip()[-1:] in ".!?" or ": " in text or len(words) > MAX_FRAGMENT_WORDS:
        return True
    return bool(_AUXILIARIES.intersection(words)) or words[0] in _VERB_OPENERS


def _is_editor_note(text: str) -> bool:
    """Spot an instruction to the editor: PDF lines start with a capital, these with a lower-case editing verb."""
    return bool(text[:1].islower() and _EDITOR_VERBS.match(text)) or text.upper().startswith(("TODO", "FIXME"))


def _norm_title(text: str) -> str:
    """Titles compare equal across dash styles, case and spacing (`VPC Connectivity – …` vs `- …`)."""
    text = text.replace("–", "-").replace("—", "-")
    return " ".join(text.split()).casefold()


def _decide(units: list[_Unit], chapters: frozenset[str] | None) -> list[str]:
    """Say what each unit is: "chapter", "heading", "paragraph", "drop" for single lines; its kind otherwise."""
    decisions: list[str] = []
    for i, unit in enumerate(units):
        if unit.kind != "line":
            after_list = unit.kind == "table" and decisions[-1:] == ["list"]
            after_list = after_list and not units[i - 1].lines[-1].text.rstrip().endswith(":")  # "• Also:" leads in
            decisions.append("own table" if after_list and _title_shape(unit.lines[0].text) else unit.kind)
            continue
        text = unit.lines[0].text
        previous = decisions[-1] if decisions else ""
        following = units[i + 1] if i + 1 < len(units) else None
        if _is_editor_note(text):
            decisions.append("drop")
        elif chapters is not None and _norm_title(text) in chapters:
            decisions.append("chapter")
        elif not _title_shape(text):
            decisions.append("paragraph")
        elif capitalised_share(text) >= 0.5 or (previous not in ("chapter", "heading") and _has_body(following)):
            decisions.append("heading")
        else:
            decisions.append("paragraph")
    if chapters is None:
        decisions = _auto_chapters(decisions)
    return decisions


def _has_body(unit: _Unit | None) -> bool:
    """Check what follows a weak (mostly lower-case) title: it must introduce a list, a table or a lead-in."""
    if unit is None:
        return False
    return unit.kind != "line" or unit.lines[0].text.endswith(":")


def _auto_chapters(decisions: list[str]) -> list[str]:
    """Without a configured list, a title directly followed by another title opens a page."""
    out = list(decisions)
    for i in range(len(out) - 1):
        if out[i] == "heading" and out[i + 1] == "heading":
            out[i] = "chapter"
    return out


# ------------------------------------------------------------------------------------------------- blocks


def _escape(text: str) -> str:
    """Plain PDF text as inline Markdown that shows the same characters (the renderer escapes `<` itself)."""
    text = text.replace("\\", "\\\\")
    text = re.sub(r"([`*\[\]])", r"\\\1", text)
    text = re.sub(r"(?<![^\W_])_|_(?![^\W_])", r"\\_", text)
    text = text.replace("~~", "\\~\\~")
    return re.sub(r"&(?=#?\w+;)", r"\\&", text)


def _repairs_of(lines: Sequence[_Line]) -> tuple[Repair, ...]:
    return tuple(r for line in lines for r in line.repairs)


def _span(path: str, start: int, end: int) -> Span:
    return Span(path, start, end)


def _paragraph(line: _Line, path: str) -> Paragraph:
    return Paragraph(_escape(line.text), _span(path, line.n, line.n), line.repairs)


def _table_block(
    unit: _Unit, path: str, title: str | None = None, given: Mapping[str, tuple[str, ...]] | None = None
) -> Block:
    """Key-value tables become two-column tables, and so does any flattened table whose columns can be recovered
    without a guess (`_columns`, its header row the table's header); any other is kept verbatim (columns are lost).
    `title` is the title line right before the table, if any ("CNAME vs Alias" names the columns); `given`, the
    column names the source's options give some headers (`_given_columns`).
    """
    span = _span(path, *unit.span_lines)
    repairs = _repairs_of(unit.lines)
    texts = [line.text for line in unit.lines]
    rows = _key_value_rows(texts)
    if rows is not None:
        cells = tuple((_escape(k), _escape(v)) for k, v in rows)
        return Table(("", ""), cells, span, repairs, tuple(line.n for line in unit.lines))
    names = (given or {}).get(" ".join(texts[0].split()))
    columns = _given_columns(unit, names, path, title) if names is not None else _columns(texts, title)
    if columns is not None:
        header, body, labelled = columns
        escaped = tuple(tuple(_escape(c) for c in row) for row in body)
        lines = tuple(x.n for x in unit.lines[1:])
        return Table(tuple(_escape(c) for c in header), escaped, span, repairs, lines, labelled)
    return Code("\n".join(texts), span, FLATTENED_TABLE, repairs)


def _key_value_rows(texts: list[str]) -> list[tuple[str, str]] | None:
    """Rows `What …`, `When …`, `Pros …`: the first word is the key (distinct keys, mostly question words)."""
    if len(texts) < 2 or texts[0].split(" ", 1)[0].lower() != "what":
        return None
    pairs = [text.split(" ", 1) for text in texts]
    if any(len(p) != 2 or not p[1].strip() for p in pairs):
        return None
    keys = [p[0] for p in pairs]
    known = sum(1 for k in keys if k.lower() in _KEY_WORDS)
    if len(set(keys)) != len(keys) or known * 4 < len(keys) * 3:
        return None
    return [(p[0], p[1].strip()) for p in pairs]


def _columns(texts: list[str], title: str | None) -> tuple[list[str], list[list[str]], bool] | None:
    """Recover the cells of a flattened table (header row first), or None where any cell's column would be a guess.

    A wrong split tells a student a false fact (a mark under the wrong column), so every row must split in exactly
    one way into as many cells as the header has. The header splits by what names its columns (`_named_header`) or,
    in a table of marks, where its rows say how many columns there are (`_mark_rows`); each other row by counting
    where its cells can start (`_counted_split`) or, failing that, where some certainly start (`_proven_split`).
    A proof says where some cells start, not how many there are: it holds only if the header's count is right, and a
    header can name fewer columns than the rows have (the cheat sheet's "CloudHSM AWS KMS" heads rows of a label and
    two cells), so at least one row must confirm the count by itself. One row that cannot split keeps the whole
    table verbatim. Returns the header, the rows and whether the first column labels the rows (a table of marks)
    or is one side of a comparison.
    """
    header_text, body = texts[0], texts[1:]
    if not body:
        return None
    header = _named_header(header_text, title)
    marks = _mark_rows(body)
    if marks is not None:
        return _marked(header_text, header, marks)
    if header is None:
        return None
    rows: list[list[str]] = []
    counted = False
    labels = _heads_labels(header)
    for text in body:
        row, by_count = _prose_row(text, len(header), labels)
        if row is None:
            return None
        counted = counted or by_count
        rows.append(row)
    return (header, rows, False) if counted else None


def _prose_row(text: str, width: int, labels: bool = False) -> tuple[list[str] | None, bool]:
    """A row of sentences cut into `width` cells by counting (`_counted_split`), else by proof (`_proven_split`),
    and whether counting did it; None where neither does, or where a cell is a lone mark (a mark is placed only
    where every row of its table agrees: `_mark_rows`), unless the header `labels` rows (`_heads_labels`) and the
    row is a label and a mark in every other column (`_label_and_marks`).
    """
    marked = _label_and_marks(text, width) if labels else None
    if marked is not None:
        return marked, False  # the marks fit the header's count; they do not prove it
    counted = _counted_split(text, width)
    row = counted or _proven_split(text, width)
    if row is None or any(cell in _MARKS for cell in row):
        return None, False
    return row, counted is not None


def _heads_labels(header: Sequence[str]) -> bool:
    """Whether a header names a label column (`LABEL_WORDS`) and then two things the table compares."""
    return len(header) >= 3 and header[0] in LABEL_WORDS


def _label_and_marks(text: str, width: int) -> list[str] | None:
    """A row that is a label and then one mark per other column, "Automated failover Yes No" under "Feature |
    Aurora Replica | MySQL Replica": no mark's column is a guess, as it is where a row has fewer marks than columns.
    """
    tokens = text.split()
    marks = width - 1
    if marks < 1 or len(tokens) <= marks or not all(token in _MARKS for token in tokens[-marks:]):
        return None
    if tokens[-marks - 1] in _MARKS or not _capitalised(tokens[0]):
        return None
    return _cells(text, list(range(len(tokens) - marks, len(tokens))))


def _given_columns(
    unit: _Unit, names: tuple[str, ...], path: str, title: str | None
) -> tuple[list[str], list[list[str]], bool]:
    """The table under the column names the options give its header (the header as the page shows it, after the
    reader's repairs): a contributor settled what the header could not, so every row must split into as many cells,
    as `_columns` splits a row, or the build stops with the row's line. Not for a table of marks, whose label column
    a header may or may not name ("Per instance billing Yes" under "Dedicated Instances Dedicated Hosts": the Yes
    is under one of the two, the names cannot say which), nor against the names a title or the header's own pattern
    gives (a review found both putting cells under wrong names).
    """
    body = [line.text for line in unit.lines[1:]]
    first = unit.lines[0].n
    if _mark_rows(body) is not None:
        raise NoteError(path, "options.columns: this is a table of marks; its columns come from its rows", first)
    found = _named_header(unit.lines[0].text, title)
    if found is not None and tuple(found) != names:
        raise NoteError(path, f"options.columns: the names {list(names)!r} contradict the table's own {found!r}", first)
    rows = []
    for line in unit.lines[1:]:
        row, _ = _prose_row(line.text, len(names))
        if row is None:
            raise NoteError(
                path, f"options.columns names {len(names)} columns, and this row does not split into as many", line.n
            )
        rows.append(row)
    return list(names), rows, False


def _marked(
    text: str, named: list[str] | None, marks: list[list[str]]
) -> tuple[list[str], list[list[str]], bool] | None:
    """A table of marks under its header: the header split where its rows say (it heads the label column too:
    "Type of KMS keys Can view …"), or, where its words name the columns, those names over every column but the
    label's. Names that are as many as the rows' cells leave no room for the label: "Per instance billing X" under
    "Dedicated Instances Dedicated Hosts" would put the X under Dedicated Hosts, a guess.
    """
    if named is not None and _heads_labels(named):  # "Feature Aurora Replica MySQL Replica": it names the labels
        return (named, marks, True) if len(marks[0]) == len(named) else None
    if named is not None:
        return (["", *named], marks, True) if len(marks[0]) == len(named) + 1 else None
    if any(word[0].islower() and any(c.isdigit() for c in word) for word in text.split()):
        return None  # a name like "gp3" may head a column, where counting sees no place to start one (a review)
    header = _counted_split(text, len(marks[0]))
    return (header, marks, True) if header is not None else None


def _cells(text: str, starts: Sequence[int]) -> list[str]:
    """Cut `text` before the tokens numbered `starts` (sorted, none the first); the spacing inside a cell is kept."""
    tokens = list(_TOKEN.finditer(text))
    cuts = [0, *(tokens[i].start() for i in starts), len(text)]
    return [text[a:b].strip() for a, b in pairwise(cuts)]


def _named_header(text: str, title: str | None) -> list[str] | None:
    """The header row's cells, where something names them: a title "A vs B" right before the table whose names end
    the cells ("CNAME vs Alias" over "CNAME Alias", "AWS CloudHSM vs KMS" over "CloudHSM AWS KMS"), or a word that
    opens or ends every cell of the same length ("NAT Instance NAT Gateway", "Standard Queue FIFO Queue"). Both
    must agree when both apply. Any other header ("Multi-AZ Deployments Read Replicas") could split in several ways.
    """
    found = [h for h in (_header_by_title(text, title), _header_by_pattern(text)) if h is not None]
    if not found or any(h != found[0] for h in found):
        return None
    return found[0]


def _header_by_title(text: str, title: str | None) -> list[str] | None:
    """Split a header row after the last word of each name of a "A vs B vs C" title, each found once, in order."""
    names = _VERSUS.split(title.strip()) if title else []
    if len(names) < 2 or not all(name.split() for name in names):
        return None
    tokens = text.split()
    ends: list[int] = []
    for name in names:
        last = name.split()[-1]
        if tokens.count(last) != 1:
            return None
        ends.append(tokens.index(last))
    if ends != sorted(set(ends)) or ends[-1] != len(tokens) - 1:
        return None
    cells = _cells(text, [end + 1 for end in ends[:-1]])
    if any(_folded_words(cell) - _VENDOR - _folded_words(name) for cell, name in zip(cells, names, strict=True)):
        return None  # a cell says more than its name: "Feature/Characteristic Dedicated Instances" heads two columns
    return cells


def _folded_words(text: str) -> set[str]:
    return {word.casefold() for word in text.split()}


LABEL_WORDS = frozenset({"Feature", "Features", "Attribute", "Property", "Characteristic", "Aspect", "Criteria"})
"""Words that head a comparison table's label column ("Feature Aurora Replica MySQL Replica"). Only these: a longer
first name is no label ("Standard Reserved Instance Convertible Instance" is two names, a review found it read as a
label "Standard" and "Reserved Instance")."""


def _header_by_pattern(text: str) -> list[str] | None:
    """Split a header row whose first word opens, or last word ends, two cells or more of as many words each; where
    the word ends them, a first word of `LABEL_WORDS` before names of as many words each heads the label column.
    """
    tokens = text.split()
    for at in (0, len(tokens) - 1):
        hits = [i for i, token in enumerate(tokens) if token == tokens[at]]
        if len(hits) < 2:
            continue
        starts = hits[1:] if at == 0 else [i + 1 for i in hits[:-1]]
        cells = _cells(text, starts)
        lengths = [len(cell.split()) for cell in cells]
        if len(set(lengths)) == 1 and lengths[0] >= 2:
            return cells
        if at > 0 and tokens[0] in LABEL_WORDS:
            labelled = _cells(text, [1, *starts])
            if len({len(cell.split()) for cell in labelled[1:]}) == 1 and len(labelled[1].split()) >= 2:
                return labelled
    return None


def _mark_rows(texts: list[str]) -> list[list[str]] | None:
    """Rows of a table of marks: a label, a run of marks (`_MARKS`) and, in every row or none, one last cell.

    Every row must have as many marks, or a mark's column would be a guess: "Per host billing X" under "Dedicated
    Instances Dedicated Hosts" says nothing of which column its X is in.
    """
    rows: list[list[str]] = []
    for text in texts:
        tokens = text.split()
        marked = [i for i, token in enumerate(tokens) if token in _MARKS]
        if not marked or marked[0] == 0 or marked != list(range(marked[0], marked[-1] + 1)):
            return None
        if not _capitalised(tokens[0]):
            return None
        rest = marked[-1] + 1
        rows.append(_cells(text, marked if rest == len(tokens) else [*marked, rest]))
    shapes = {(len(row), row[-1] in _MARKS) for row in rows}
    return rows if len(shapes) == 1 else None


def _counted_split(text: str, width: int) -> list[str] | None:
    """Split a row into `width` cells where it has exactly that many places to start one, or that many labels.

    The cells of the cheat sheet's tables open with a capital or a digit, so a cell can start only at such a token
    after one that can end a cell (`_may_start_cell`): exactly width - 1 such places are the cells. Cells that each
    open with a label ("Unlimited Throughput: … action. High Throughput: …") count the same way. A row that does not
    open like a cell (a line that goes on with the row above it: "- …", "gp2: …") never splits.
    """
    tokens = text.split()
    if width < 2 or not tokens or not _capitalised(tokens[0]):
        return None
    places = [i for i in range(1, len(tokens)) if _may_start_cell(tokens, i)]
    if len(places) == width - 1:
        return _cells(text, places)
    labels = [i for i in places if tokens[i - 1].endswith(".") and _label_at(tokens, i)]
    if _label_at(tokens, 0) and len(labels) == width - 1:
        return _cells(text, labels)
    return None


def _proven_split(text: str, width: int) -> list[str] | None:
    """Split a row with more places to start a cell than cells where exactly width - 1 of them certainly open one
    (`_opens_cell`): "… hosted anywhere An alias record …" beside "… Elastic Beanstalk environment …".
    """
    tokens = text.split()
    if width < 2 or not tokens or not _capitalised(tokens[0]):
        return None
    places = [i for i in range(1, len(tokens)) if _may_start_cell(tokens, i, proving=True) and _opens_cell(tokens, i)]
    return _cells(text, places) if len(places) == width - 1 else None


def _capitalised(token: str) -> bool:
    """A token that opens with a capital or a digit, after any quote or bracket ("“Pods”", "(TPS)", "≥3")."""
    first = next((c for c in token if c.isalnum()), "")
    return first.isupper() or first.isdigit()


def _may_start_cell(tokens: Sequence[str], i: int, *, proving: bool = False) -> bool:
    """Could token i open a cell: it is capitalised and token i-1 can end one (no article, preposition, conjunction
    or possessive, no trailing comma, no bracket, dash or slash left open). `proving`: for a proof, not after a word a
    cell seldom ends with (`_NO_PROOF_AFTER`) or a number, whose unit may follow it ("256 KB").
    """
    before = tokens[i - 1]
    if not _capitalised(tokens[i]) or before.lower() in _NO_CELL_END or not any(c.isalnum() for c in before):
        return False
    if proving and (before.lower() in _NO_PROOF_AFTER or _NUMBER.fullmatch(before)):
        return False
    return not before.endswith((",", "(", "[", "/", "-", "–", "—", "&"))


def _opens_cell(tokens: Sequence[str], i: int) -> bool:
    """Does token i certainly open a cell, no sentence ending before it: a word that only opens a sentence, or the
    row's first two words again, the right cell mirroring the left ("Route 53 charges … Route 53 doesn't charge …"),
    with the left cell not repeated whole (a label and its echo: "3rd Party Support Broad 3rd Party Support Broad …").
    One word again proves nothing: "CNAME can point to another CNAME record" is one cell (a review).
    """
    if tokens[i - 1].endswith((".", ";", ":", "!", "?")):
        return False
    echoed = tokens[i : i + 2] == tokens[:2] and tokens[i : 2 * i] != tokens[:i]  # a name of two words or more
    if echoed and len(tokens) > i + 2 and _capitalised(tokens[i + 2]) != _capitalised(tokens[2]):
        echoed = False  # the name goes on: "Amazon EC2 Auto Scaling" is not "Amazon EC2" again (a review)
    return tokens[i] in _SENTENCE_OPENERS or echoed


def _label_at(tokens: Sequence[str], i: int) -> bool:
    """A label opens at token i: at most four capitalised words, the last ending in `:` ("First-In-First-out
    Delivery:").
    """
    for j in range(i, min(i + 4, len(tokens))):
        if not _capitalised(tokens[j]):
            return False
        if tokens[j].endswith(":"):
            return True
    return False


def _pipe_block(line: _Line, path: str) -> Block:
    """Rebuild a Markdown table collapsed onto one line; keep it verbatim when its rows cannot be found again."""
    span = _span(path, line.n, line.n)
    table = _rebuild_pipe_table(line.text)
    if table is None:
        return Code(line.text, span, "text", line.repairs)
    header, rows = table
    cells = tuple(tuple(_escape(c) for c in r) for r in rows)
    return Table(tuple(_escape(c) for c in header), cells, span, line.repairs)


def _rebuild_pipe_table(text: str) -> tuple[list[str], list[list[str]]] | None:
    """Split `| h | h | | --- | --- | | a | b | …` back into rows.

    Joining rows `| a | b |` with a space leaves one empty cell between rows, so after the delimiter row the
    cells come in groups of (columns + 1). Columns empty in every row are dropped (the source had a phantom one).
    """
    cells = [c.strip() for c in text.strip().strip("|").split("|")]
    first = next((i for i, c in enumerate(cells) if _DELIMITER_CELL.match(c)), None)
    if first is None:
        return None
    width = 0
    while first + width < len(cells) and _DELIMITER_CELL.match(cells[first + width]):
        width += 1
    header = list(cells[: max(first - 1, 0)])
    body = cells[first + width :]
    rows: list[list[str]] = []
    while body:
        if body[0]:
            return None  # rows are separated by exactly one empty cell
        row, body = body[1 : width + 1], body[width + 1 :]
        if len(row) != width:
            return None
        rows.append(row)
    if not rows:
        return None
    keep = [c for c in range(width) if any(r[c] for r in rows) or (c < len(header) and header[c])]
    header = [header[c] if c < len(header) else "" for c in keep]
    return header, [[r[c] for c in keep] for r in rows]


def _list_blocks(unit: _Unit, path: str) -> tuple[list[Block], list[Dropped]]:
    """Turn a run of bullet/numbered lines into lists (a new list where bullets and numbers alternate)."""
    start, end = unit.span_lines
    items = [line for line in unit.lines if line.text]
    if not items:
        return [], [Dropped(_span(path, start, end), EMPTY_ITEM)]
    roots = _nest(items)
    _adopt(roots)
    groups = _by_kind(roots)
    # The lists partition the run, so every line of it (an empty bullet too) is claimed by exactly one list.
    starts = [start] + [group[0].line.n for group in groups[1:]]
    blocks: list[Block] = []
    for k, group in enumerate(groups):
        last = end if k == len(groups) - 1 else max(x.n for x in unit.lines if x.n < starts[k + 1])
        blocks.append(_list_block(group, path, _span(path, starts[k], last), unit.lines))
    return blocks, []


def _level(line: _Line) -> int:
    """Bullets are indented by 2 spaces per level; numbered items at 0 or 2 spaces are level 1 too."""
    return max(1, (line.indent + 1) // 2)


def _nest(items: list[_Line]) -> list[_Node]:
    """Real nesting from indentation: an item is a child of the last item with a smaller level."""
    roots: list[_Node] = []
    stack: list[_Node] = []
    for line in items:
        node = _Node(line, _level(line))
        while stack and stack[-1].level >= node.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return roots


def _adopt(siblings: list[_Node]) -> None:
    """Recover nesting the PDF flattened: items after an item ending in `:` at the same level become its children.

    The adoption stops at an item with children of its own, another `…:` item, or a change of marker. When the
    first adopted item is a fragment ("Users"), it also stops at the first full statement, which is the next fact of
    the parent list; an item that already has one real child adopts only fragments, and one with more adopts none.
    """
    i = 0
    while i < len(siblings):
        parent = siblings[i]
        if parent.line.text.endswith(":") and len(parent.children) <= 1:
            j = i + 1
            statements: bool | None = None
            while j < len(siblings):
                item = siblings[j]
                if item.children or item.line.text.endswith(":") or item.line.kind != parent.line.kind:
                    break
                statement = _is_statement(item.line.text)
                if statement and (parent.children or statements is False):
                    break
                statements = statement if statements is None else statements
                j += 1
            parent.children.extend(siblings[i + 1 : j])
            del siblings[i + 1 : j]
        _adopt(parent.children)
        i += 1


def _by_kind(nodes: list[_Node]) -> list[list[_Node]]:
    """Consecutive nodes with the same marker kind (bullet or ordered)."""
    groups: list[list[_Node]] = []
    for node in nodes:
        if groups and groups[-1][0].line.kind == node.line.kind:
            groups[-1].append(node)
        else:
            groups.append([node])
    return groups


def _list_block(group: list[_Node], path: str, span: Span, lines: Sequence[_Line]) -> ListBlock:
    ordered = group[0].line.kind == "ordered"
    inside = [line for line in lines if span.start <= line.n <= span.end]
    return ListBlock(
        tuple(_list_item(node, path) for node in group),
        span,
        ordered,
        group[0].line.number if ordered else 1,
        _repairs_of(inside),
    )


def _list_item(node: _Node, path: str) -> ListItem:
    children: list[Block] = []
    for group in _by_kind(node.children):
        inner = _span(path, group[0].line.n, group[-1].last_line())
        children.append(_list_block(group, path, inner, []))
    return ListItem(_escape(node.line.text), _span(path, node.line.n, node.last_line()), tuple(children))


# ------------------------------------------------------------------------------------------ pass 4: assemble


def _read_file(raw: RawFile, opts: _Options) -> tuple[list[Section], list[Dropped]]:
    lines = _classify(raw, _Repairer.from_options(opts))
    units = _group(lines)
    chapters = frozenset(_norm_title(c) for c in opts.chapters) if opts.chapters is not None else None
    decisions = _decide(units, chapters)
    return _Assembler(raw.path, opts.columns).run(units, decisions)


class _Assembler:
    """Pages and their sections, in document order; repeated titles continue the first section of that title."""

    def __init__(self, path: str, columns: Mapping[str, tuple[str, ...]] | None = None) -> None:
        self.path = path
        self.pages: list[_SectionBuilder] = []
        self.current: _SectionBuilder | None = None
        self.dropped: list[Dropped] = []
        self.columns = columns or {}

    def run(self, units: list[_Unit], decisions: list[str]) -> tuple[list[Section], list[Dropped]]:
        for i, (unit, decision) in enumerate(zip(units, decisions, strict=True)):
            first = unit.lines[0]
            if decision == "chapter":
                self._page(first)
            elif decision == "heading":
                self._heading(first)
            elif decision in ("drop", "junk"):
                reason = EDITOR_NOTE if decision == "drop" else STRAY_MARKUP
                self.dropped.append(Dropped(_span(self.path, first.n, first.n), reason))
            elif decision == "paragraph":
                self._add(_paragraph(first, self.path))
            elif decision == "pipe":
                self._add(_pipe_block(first, self.path))
            elif decision == "table":
                title = units[i - 1].lines[0].text if i and decisions[i - 1] in ("chapter", "heading") else None
                self._add(self._table(unit, title))
            elif decision == "own table":
                if self.current is not None and not _shared_words(first.text, self.current.title) - self._common():
                    self._untitled(first.text)
                self._add(self._table(unit, None))
            else:
                blocks, dropped = _list_blocks(unit, self.path)
                self.dropped.extend(dropped)
                for block in blocks:
                    self._add(block)
        return [page.build() for page in self.pages], self.dropped

    def _table(self, unit: _Unit, title: str | None) -> Block:
        return _table_block(unit, self.path, title, self.columns)

    def _page(self, line: _Line) -> None:
        page = _SectionBuilder(_title(line.text), 1, _span(self.path, line.n, line.n))
        self.pages.append(page)
        self.current = page

    def _heading(self, line: _Line) -> None:
        if not self.pages:
            self._page(line)  # a source (or a cut) that starts with a section: that section is the page
            return
        page = self.pages[-1]
        key = _norm_title(line.text)
        for existing in (page, *page.children):
            if _norm_title(existing.title) == key:
                self.dropped.append(Dropped(_span(self.path, line.n, line.n), REPEATED_TITLE))
                self.current = existing
                return
        section = _SectionBuilder(_title(line.text), 2, _span(self.path, line.n, line.n))
        page.children.append(section)
        self.current = section

    def _common(self) -> set[str]:
        """Words two titles of the current page or more share (casefolded): the service's name ("DynamoDB Streams",
        "DynamoDB Time to Live (TTL)"), which says nothing of which of its sections a table belongs to. The cheat
        sheet's "DynamoDB Feature Benefit" table sat under TTL, after its list (a blind review).
        """
        if not self.pages:
            return set()
        page = self.pages[-1]
        seen: dict[str, int] = {}
        for title in (page.title, *(child.title for child in page.children)):
            for word in {w.casefold() for w in _words(title)}:
                seen[word] = seen.get(word, 0) + 1
        return {word for word, count in seen.items() if count >= 2}

    def _untitled(self, header: str) -> None:
        """A section for a table the PDF set after a list with no title of its own, named by its header row, which
        stays the table's first line: the cheat sheet's "NAT Instance NAT Gateway" table sat in "EC2 Placement
        Groups", and "Security Group Network ACL" in VPC sizing's "Additional Considerations".
        """
        if not self.pages:
            return
        section = _SectionBuilder(_title(header), 2, None)
        self.pages[-1].children.append(section)
        self.current = section

    def _add(self, block: Block) -> None:
        if self.current is None:
            stem = PurePosixPath(self.path).stem.replace("-", " ").replace("_", " ").strip() or "Notes"
            page = _SectionBuilder(stem[:1].upper() + stem[1:], 1, None)
            self.pages.append(page)
            self.current = page
        self.current.blocks.append(block)


def _shared_words(one: str, other: str) -> set[str]:
    """Words two titles share, "Amazon" and "AWS" aside ("DynamoDB Feature Benefit" / "Amazon DynamoDB")."""
    mine, theirs = ({w.casefold() for w in _words(t)} - {"amazon", "aws"} for t in (one, other))
    return mine & theirs


def _title(text: str) -> str:
    return " ".join(text.split())
