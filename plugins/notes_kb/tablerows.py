"""Table rows as facts: a number a table's cell tells, or a cell that affirms, can disagree with another source.

Why: tables are never deduplicated (a row alone is no sentence, and hiding one would break the table), so no
disagreement inside one was flagged. The notebook's "NAT Instance vs NAT Gateway" table says NAT Gateway bandwidth is
"Up to 100 Gbps"; DVA and the Udemy notes say it scales up to 45 Gbps (a blind review of the VPC page found the page
telling both with no box). Each labelled row with a number, or with a cell that affirms ("Yes", "Optional"), becomes
a passage that no stage but this one reads: the row's label in bold, then one line per cell named by its column
("**Bandwidth**", "NAT Gateway: Up to 100 Gbps"). Its key is the row's raw line, so the box quotes the row and links
its place. A cell that affirms is disputed by a sentence that denies it (`denied_cells`).

A cell's number is told of its column and its row, so a sentence disputes it only where its passage and headings
name both, and the sentence and its own heading name no other column of the table (whole: "Throughput Optimized
HDD", not "throughput"): the notebook's S3 storage-class
table has a column per class, and DVA's "99.9% availability, slightly lower than standard S3" under "S3
Standard-IA" is the Standard-IA column's number, not a dispute with the Standard column's 99.99%. The looser reading
of `disputes.disputed_limits` (a cell read as a list item under its column's name) flagged 9 such pairs on the real
notes and not one real disagreement. A blind reader judged the 24 pairs a looser form of this rule finds (the row's
label not required, other columns allowed): 4 real, 2 of them kept (NAT Gateway, twice), 20 false, none kept
(tests/data/conflict_audit.yml, "tables").

A bare number takes its unit and bound from the row's label: "250" in the "Max IOPS" row is at most 250 IOPS, which
DVA's sc1 "providing ... 12,000 IOPS" exceeds (a blind review of the EBS page). A figure with no comparison disputes
such a maximum only by exceeding it ("burstable to 3,000 IOPS" is within 16,000), and a passage that tells the cell's
number on any line disputes nothing ("tables_2" in the audit: 2 real of 5, 1 kept, no false one kept).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .disputes import LIMIT_WORDS, MAGNITUDE, SENTENCE, is_limit, magnitude
from .model import Block, Span, Table
from .normalize import Told, clauses, tokens, told_quantities
from .passages import Passage, span_key
from .textcache import text_cache

_DIGIT = re.compile(r"\d")
_AFFIRMED = re.compile(r"^[\W_]*(?:yes|optional|required|supported|\u2705|\u2714)\b", re.IGNORECASE)
"""A cell that says its row has what its column names (or the reverse, in a table of features): "Optional" under
"Health Checks" in the "Simple" row."""


@dataclass(frozen=True, slots=True)
class Row:
    """A table row that tells a number or affirms: the passage a box quotes and provenance names, and what its cells
    say.
    """

    passage: Passage
    label: str
    cells: tuple[tuple[str, str], ...]
    """(column name, cell) of each non-empty cell after the label; the name is "" in a table with no header."""


def row_passages(source: str, page: str, context: str, blocks: Sequence[Block]) -> list[Row]:
    """The rows of a section's tables as passages of `page`, under the section's headings (`context`). Top-level
    tables only, as `knowledge.passages_of` reads top-level blocks: provenance records a callout whole.
    """
    rows = []
    for table in (block for block in blocks if isinstance(block, Table)):
        for span, label, cells in _fact_rows(table):
            rows.append(Row(Passage(span_key(span), _row_text(label, cells), source, page, context), label, cells))
    return rows


def _fact_rows(table: Table) -> Iterator[tuple[Span, str, tuple[tuple[str, str], ...]]]:
    """(span of the row's raw line, label, named cells) of every labelled row with a number, or a cell that affirms
    (`_AFFIRMED`), in a named column, in a table whose rows each have a line of their own and a label.
    """
    if len(table.row_lines) != len(table.rows) or len(table.header) < 2 or not table.labelled:
        return  # a comparison's first cell is one side of it, no label: "Ordering at the shard level" (Kinesis)
    for row, line in zip(table.rows, table.row_lines, strict=True):
        named = zip(table.header[1:], row[1:], strict=False)
        cells = tuple((name.strip(), cell.strip()) for name, cell in named if cell.strip())
        label = row[0].strip() if row else ""
        if label and any(name and (_DIGIT.search(cell) or _AFFIRMED.match(cell)) for name, cell in cells):
            yield Span(table.span.path, line, line), label, cells


def _row_text(label: str, cells: tuple[tuple[str, str], ...]) -> str:
    """The row as a box quotes it: its label in bold on a line of its own, then each cell under its column's name."""
    bold = label if label.startswith("**") and label.endswith("**") else f"**{label}**"
    return "\n".join([bold, *(f"{name}: {cell}" if name else cell for name, cell in cells)])


@dataclass(frozen=True, slots=True)
class _Cell:
    """One number a cell tells, with the words of its column, its row and the other columns of its table."""

    key: str
    source: str
    told: Told
    column: frozenset[str]
    row: frozenset[str]
    siblings: tuple[frozenset[str], ...]
    """Per other column of the table, its words that this column lacks ("nat", "instanc" beside "NAT Gateway")."""
    values: frozenset[tuple[str, str]]
    """(value, unit) of every number the row tells, in any column."""
    labelled: bool = False
    """Whether the row's label gave the number its unit and comparison ("Max IOPS" over a bare "250")."""


def row_disputes(passages: Sequence[Passage], rows: Sequence[Row]) -> list[tuple[str, str, str]]:
    """(row key, passage key, why), keys in order, for every limit a table row's cell tells one way and a sentence of
    another source on the page another way, sorted. The sentence must be about the cell's column and row: its
    passage and headings name both ("NAT Gateway", "Bandwidth"), and its own heading and the sentence name no other
    column ("S3 Standard-IA" against the "Standard" column). One number of one unit and comparison each (or none
    against a maximum the row's label names, `_kinds`), within `disputes.MAGNITUDE` of each other, and the passage
    does not tell the cell's number too.
    """
    cells: dict[str, dict[tuple[tuple[str, str], str], list[_Cell]]] = defaultdict(lambda: defaultdict(list))
    for row in sorted(rows, key=lambda row: row.passage.key):
        for cell in _cells(row):
            for kind in _kinds(cell):
                cells[row.passage.page][kind, min(cell.column | cell.row)].append(cell)
    keyed = {page: frozenset(word for _, word in by_word) for page, by_word in cells.items()}
    kinds = {page: frozenset(kind for kind, _ in by_word) for page, by_word in cells.items()}
    found: dict[tuple[str, str], str] = {}
    for passage in sorted(passages, key=lambda passage: passage.key):
        on_page = cells.get(passage.page)
        if not on_page or not any(
            (told.unit, told.comparator) in kinds[passage.page] for told in _limits(passage.text)
        ):
            continue  # most passages: no number of a kind a cell on the page tells
        around = frozenset(tokens(f"{passage.context}\n{passage.text}"))
        everywhere = {(told.value, told.unit) for told in _limits(passage.text)}  # another line may tell it
        indexed = sorted(around & keyed[passage.page])
        nearest = _nearest_heading(passage)
        for sentence in SENTENCE.split(passage.text):
            told_here = told_quantities(sentence)
            values = everywhere | {(told.value, told.unit) for told in told_here}
            said = nearest | frozenset(tokens(sentence))
            for told in told_here:
                if not is_limit(told):
                    continue
                for word in indexed:
                    for cell in on_page.get(((told.unit, told.comparator), word), ()):
                        if cell.source != passage.source and _disputes(cell, told, values, around, said):
                            pair = (cell.key, passage.key) if cell.key < passage.key else (passage.key, cell.key)
                            found.setdefault(pair, f"told: {cell.told.written} vs {told.written}")
    return [(a, b, why) for (a, b), why in sorted(found.items())]


@text_cache(maxsize=1 << 14)
def _limits(passage_text: str) -> tuple[Told, ...]:
    """The limits a passage tells (`disputes.is_limit`), read once per text: copies are many at scale."""
    return tuple(told for told in told_quantities(passage_text) if is_limit(told))


def _disputes(
    cell: _Cell, told: Told, values: set[tuple[str, str]], around: frozenset[str], said: frozenset[str]
) -> bool:
    """Whether a sentence's limit tells the cell's limit another way (see `row_disputes`)."""
    if told.value == cell.told.value or (cell.told.value, cell.told.unit) in values:
        return False
    if cell.told.comparator == "<=" and not told.comparator and float(told.value) <= float(cell.told.value):
        return False  # a figure within a row's maximum ("burstable to 3,000 IOPS" under "Max IOPS 16,000") agrees
    if (told.value, told.unit) in cell.values:
        return False  # the row tells the sentence's number in another column: the sentence is likely that column's
    if magnitude(told, cell.told) > MAGNITUDE:
        return False
    return cell.column | cell.row <= around and not any(sibling <= said for sibling in cell.siblings)


def _cells(row: Row) -> Iterator[_Cell]:
    """Each limit each named cell of a row tells."""
    columns = [frozenset(tokens(name)) for name, _ in row.cells]
    plain_label = row.label.strip("*")
    values = frozenset((told.value, told.unit) for _, cell in row.cells for told in _told_in_cell(plain_label, cell)[0])
    row_words = frozenset(tokens(row.label)) - LIMIT_WORDS  # "Max IOPS" is about IOPS: "max" is the comparison
    for (_, cell), column in zip(row.cells, columns, strict=True):
        if not column:
            continue  # a cell with no column name is told of the row alone: which thing it is of is unknown
        siblings = tuple(other - column for other in columns if other and other != column and other - column)
        told_here, labelled = _told_in_cell(plain_label, cell)
        for told in told_here:
            if is_limit(told):
                yield _Cell(row.passage.key, row.passage.source, told, column, row_words, siblings, values, labelled)


def _told_in_cell(label: str, cell: str) -> tuple[tuple[Told, ...], bool]:
    """The numbers a cell tells, and whether its row's label gave them their unit: a bare "250" in the "Max IOPS" row
    is at most 250 IOPS (read as "Max IOPS 250").
    """
    told = told_quantities(cell)
    if len(told) == 1 and not is_limit(told[0]):  # one bare number ("250"; not a range, "40-200")
        with_label = told_quantities(f"{label} {cell}")
        if any(is_limit(one) for one in with_label):
            return with_label, True
    return told, False


def _kinds(cell: _Cell) -> tuple[tuple[str, str], ...]:
    """The (unit, comparison) kinds of sentence a cell's number is compared with: a maximum its row's label names
    ("Max IOPS") is the figure a sentence gives with no comparison too ("providing ... 12,000 IOPS").
    """
    kind = (cell.told.unit, cell.told.comparator)
    return (kind, (cell.told.unit, "")) if cell.labelled and cell.told.comparator == "<=" else (kind,)


def denied_cells(passages: Sequence[Passage], rows: Sequence[Row]) -> list[tuple[str, str, str]]:
    """(row key, passage key, why), keys in order, for every cell that affirms (`_AFFIRMED`) what a sentence of
    another source on the page denies. DVA's Route 53 summary table gives the "Simple" row "Optional" under "Health
    Checks"; the Udemy notes and the notebook say simple routing "can't be associated with Health Checks" (a blind
    review: a student reading the table learns the wrong answer). The sentence must deny the column's words, or the
    row's, and name the other side in itself or in what frames it (the passage's first line, its nearest heading):
    the Udemy notes' "**Weighted**" item says health checks can be associated, and denies nothing.
    """
    found: dict[tuple[str, str], str] = {}
    by_page: dict[str, list[tuple[Row, str, str, frozenset[str], frozenset[str]]]] = defaultdict(list)
    for row in rows:
        row_words = frozenset(tokens(row.label))
        for name, cell in row.cells:
            column = frozenset(tokens(name))
            if row_words and column and not row_words & column and _AFFIRMED.match(cell):
                by_page[row.passage.page].append((row, name, cell, row_words, column))
    for passage in sorted(passages, key=lambda passage: passage.key):
        affirmed = by_page.get(passage.page)
        if not affirmed or "not" not in tokens(passage.text):
            continue  # most passages deny nothing
        frame = _frame(passage)
        for sentence in SENTENCE.split(passage.text):
            denied = clauses(sentence).denied
            said = frame | frozenset(tokens(sentence))
            for row, name, cell, row_words, column in affirmed:
                if row.passage.source == passage.source:
                    continue  # one author's table and text: a contrast they draw, or their own slip
                sides = ((column, row_words), (row_words, column))
                if any(one <= scope and other <= said for one, other in sides for scope in denied):
                    pair = tuple(sorted((row.passage.key, passage.key)))
                    found.setdefault((pair[0], pair[1]), f"table: {row.label.strip('*')}, {name}: {cell}")
    return [(a, b, why) for (a, b), why in sorted(found.items())]


def _frame(passage: Passage) -> frozenset[str]:
    """What a passage's sentences sit under: its nearest heading and, in a passage of several lines, its first line
    ("**Simple**" over "Can't be associated with Health Checks").
    """
    lines = passage.text.strip().split("\n")
    return _nearest_heading(passage) | (frozenset(tokens(lines[0])) if len(lines) > 1 else frozenset())


def _nearest_heading(passage: Passage) -> frozenset[str]:
    """The words of the heading a passage sits right under (the last of its headings)."""
    return frozenset(tokens(passage.context.rsplit(" / ", 1)[-1]))
