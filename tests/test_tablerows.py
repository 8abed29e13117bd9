"""Numbers told in table cells, disputed by other sources' sentences (`notes_kb.tablerows`).

The cases are the real notes': the notebook's NAT table (100 Gbps) against DVA's and the Udemy notes' 45 Gbps, which
the site must box, and the notebook's S3 storage-class table, a column per class, whose numbers every class's own
section repeats and which must stay unboxed.
"""

from __future__ import annotations

import random

import pytest

from notes_kb.kbpages import describe_conflict
from notes_kb.model import Span, Table
from notes_kb.passages import Passage
from notes_kb.readers.mdparse import parse_blocks
from notes_kb.readers.notion_toggle_body import tab_table
from notes_kb.tablerows import Row, denied_cells, row_disputes, row_passages

NAT = Table(
    ("", "NAT Gateway", "NAT Instance"),
    (
        ("Availability", "Highly available within AZ", "Use a script to manage failover"),
        ("Bandwidth", "Up to 100 Gbps", "Depends on EC2 instance type"),
        ("Security Groups", "✗", "✓"),
    ),
    Span("notes_src/notebook/part-2.txt", 796, 799),
    row_lines=(797, 798, 799),
)
S3 = Table(
    ("", "Standard", "Standard-IA", "One Zone-IA"),
    (
        ("Availability", "99.99%", "99.9%", "99.5%"),
        ("Availability SLA", "99.9%", "99%", "99%"),
    ),
    Span("notes_src/notebook/part-1.txt", 1650, 1652),
    row_lines=(1651, 1652),
)


def _rows(table: Table, page: str = "vpc", context: str = "VPC") -> list[Row]:
    return row_passages(table.span.path.split("/")[1], page, context, (table,))


def _passage(source: str, line: int, text: str, context: str, page: str = "vpc") -> Passage:
    return Passage(f"notes_src/{source}/notes.md:{line}-{line}", text, source, page, context)


def test_a_row_with_a_number_is_its_label_then_each_cell_under_its_column() -> None:
    [row] = _rows(NAT)
    assert row.passage.key == "notes_src/notebook/part-2.txt:798-798"
    assert row.passage.text == "**Bandwidth**\nNAT Gateway: Up to 100 Gbps\nNAT Instance: Depends on EC2 instance type"
    assert (row.label, row.cells) == (
        "Bandwidth",
        (("NAT Gateway", "Up to 100 Gbps"), ("NAT Instance", "Depends on EC2 instance type")),
    )


def test_rows_that_share_a_line_or_have_no_label_are_no_facts() -> None:
    collapsed = Table(NAT.header, NAT.rows, NAT.span)  # a table the PDF collapsed onto one line: no row lines
    unlabelled = Table(("", "Size"), (("", "5 GB"),), NAT.span, row_lines=(797,))
    unnamed = Table(("", ""), (("Pros", "up to 10 Gbps"),), NAT.span, row_lines=(797,))
    assert not [*_rows(collapsed), *_rows(unlabelled), *_rows(unnamed)]


def test_a_column_named_with_a_colon_is_read_whole() -> None:
    """A row is kept as its cells, not only as the text a box quotes: "Limit: per account" names one column."""
    table = Table(("", "Limit: per account", "Other"), (("Users", "up to 5000", ""),), NAT.span, row_lines=(797,))
    [row] = _rows(table, "iam", "IAM")
    assert row.cells == (("Limit: per account", "up to 5000"),)
    sentence = _passage("dva", 1, "Limit per account: up to 500 users", "IAM / Users", "iam")
    assert row_disputes([sentence], [row]) == [(sentence.key, row.passage.key, "told: up to 5000 vs up to 500")]


NAT_SENTENCES = [
    _passage(
        "dva",
        4335,
        "Managed service, scales up to 45 Gbps. Can deploy multiple NATGW to increase\nbandwidth.",
        "VPC / Facts",
    ),
    _passage("udemy", 4510, "5 Gbps of bandwidth with automatic scaling up to 45 Gbps", "VPC / NAT Gateway"),
    _passage("dva", 4340, "AWS charges on usage per hour and data volume processed.", "VPC / Facts"),
]


def test_a_cell_and_a_sentence_telling_one_limit_two_ways_are_a_dispute() -> None:
    rows = _rows(NAT, "vpc", "VPC / NAT Instance vs NAT Gateway")
    row = "notes_src/notebook/part-2.txt:798-798"
    assert row_disputes(NAT_SENTENCES, rows) == [
        ("notes_src/dva/notes.md:4335-4335", row, "told: up to 100 gbps vs up to 45 gbps"),
        (row, "notes_src/udemy/notes.md:4510-4510", "told: up to 100 gbps vs up to 45 gbps"),
    ]


@pytest.mark.parametrize(
    ("text", "context", "why"),
    [
        ("Unlike a NAT Gateway, NAT instance bandwidth is up to 45 Gbps", "VPC / Facts", "names another column"),
        ("Bandwidth scales up to 45 Gbps", "VPC / NAT Gateway / NAT Instances", "its heading names another column"),
        ("NAT Gateway scales up to 45 Gbps", "VPC / Facts", "names not the row"),
        ("NAT Gateway bandwidth up to 45 Gbps, 100 Gbps if enhanced", "VPC / Facts", "tells the cell's number too"),
        ("NAT Gateway bandwidth is up to 45 Mbps", "VPC / Facts", "orders of magnitude apart"),
        ("NAT Gateway bandwidth is up to 45 GB", "VPC / Facts", "another unit"),
        ("NAT Gateway bandwidth: at least 45 Gbps", "VPC / Facts", "another comparison"),
    ],
)
def test_a_sentence_about_another_column_or_row_disputes_no_cell(text: str, context: str, why: str) -> None:
    rows = _rows(NAT, "vpc", "VPC / NAT Instance vs NAT Gateway")
    assert row_disputes([_passage("dva", 1, text, context)], rows) == [], why


def test_one_source_never_disputes_its_own_table() -> None:
    rows = _rows(NAT, "vpc", "VPC / NAT Instance vs NAT Gateway")
    own = Passage("notes_src/notebook/part-2.txt:700-700", "NAT Gateway bandwidth up to 45 Gbps", "notebook", "vpc")
    assert row_disputes([own], rows) == []


def test_a_table_of_a_column_per_class_disputes_no_section_of_one_class() -> None:
    """DVA's S3 storage-class sections against the notebook's table (each DVA number is its class's cell)."""
    sentences = [
        _passage("dva", 2800, "99.99% availability", "S3 / S3 Storage Classes / S3 Standard", "s3"),
        _passage("dva", 2812, "~54% cheaper than S3 standard.", "S3 / S3 Storage Classes / S3 Standard-IA", "s3"),
        _passage(
            "dva", 2817, "99.9% availability, slightly lower than standard S3.", "S3 / Classes / S3 Standard-IA", "s3"
        ),
        _passage(
            "dva", 2830, "99.5% availability, lower than Standard-IA", "S3 / S3 Storage Classes / One Zone-IA", "s3"
        ),
    ]
    assert row_disputes(sentences, _rows(S3, "s3", "Amazon S3 / S3 Storage Classes")) == []


def test_a_number_the_row_tells_in_another_column_is_that_columns() -> None:
    """ "Standard availability 99.9%" beside a row telling 99.9% for Standard-IA: likely that column's, not boxed."""
    sentence = _passage("dva", 2800, "Standard availability is 99.9%", "S3 / Facts", "s3")
    assert row_disputes([sentence], _rows(S3, "s3", "Amazon S3 / S3 Storage Classes")) == []


def test_a_row_label_the_sentence_does_not_name_sets_the_cell_apart() -> None:
    """ "Availability SLA" 99.9% is not "availability" 99.99%: the sentence must name the whole row."""
    sentence = _passage("dva", 2800, "Standard class: 99.99% availability", "S3 / S3 Standard", "s3")
    found = row_disputes([sentence], _rows(S3, "s3", "Amazon S3 / S3 Storage Classes"))
    assert [a for a, _, _ in found] == []


def test_a_page_without_the_table_is_not_read() -> None:
    rows = _rows(NAT, "vpc", "VPC / NAT Instance vs NAT Gateway")
    elsewhere = [Passage(p.key, p.text, p.source, "ec2", p.context) for p in NAT_SENTENCES]
    assert row_disputes(elsewhere, rows) == []


def test_the_disputes_do_not_depend_on_the_order_of_the_passages() -> None:
    rows = _rows(NAT, "vpc", "VPC / NAT Instance vs NAT Gateway")
    expected = row_disputes(NAT_SENTENCES, rows)
    for seed in range(5):
        shuffled, shuffled_rows = list(NAT_SENTENCES), list(rows)
        random.Random(seed).shuffle(shuffled)
        random.Random(seed).shuffle(shuffled_rows)
        assert row_disputes(shuffled, shuffled_rows) == expected


EBS = Table(
    ("Volume Type", "General Purpose SSD", "Provisioned IOPS SSD", "Throughput Optimized HDD", "Cold HDD", "Magnetic"),
    (("Max IOPS", "16,000", "64,000", "500", "250", "40-200"),),
    Span("notes_src/notebook/part-1.txt", 541, 546),
    row_lines=(546,),
)
_WHY = "told: up to 250 iops vs 12000 iops"


def _ebs(text: str, heading: str) -> list[tuple[str, str, str]]:
    sentence = _passage("dva", 5311, text, f"EBS / Volume Types / {heading}", "ebs")
    return row_disputes([sentence], _rows(EBS, "ebs", "EC2 Instance Storage / EBS Volume Types"))


def test_a_bare_number_takes_its_unit_and_bound_from_the_rows_label() -> None:
    """DVA's Cold HDD "providing 250 MB/s throughput and 12,000 IOPS" against the notebook's "Max IOPS" row, Cold HDD
    column, "250": read as "at most 250 IOPS", which a figure of 12,000 exceeds. "Throughput" alone names no other
    column: "Throughput Optimized HDD" is two words."""
    found = _ebs("Lower throughput than st1, providing 250 MB/s throughput and 12,000 IOPS.", "4. Cold HDD (sc1)")
    assert found == [("notes_src/dva/notes.md:5311-5311", "notes_src/notebook/part-1.txt:546-546", _WHY)]


@pytest.mark.parametrize(
    ("text", "heading", "why"),
    [
        ("gp2 is automatically burstable to 3,000 IOPS", "General Purpose SSD (gp2)", "within the row's maximum"),
        ("Up to 20,000 IOPS in bursts\nUp to 16,000 IOPS sustained", "General Purpose SSD", "another line tells it"),
        ("Providing 12,000 IOPS", "Cold HDD vs Throughput Optimized HDD", "its heading names another column whole"),
        ("Magnetic volumes give up to 100 IOPS", "Magnetic", "a range ('40-200') is not read as 'at most 40'"),
    ],
)
def test_a_figure_the_row_allows_or_another_column_tells_is_no_dispute(text: str, heading: str, why: str) -> None:
    assert _ebs(text, heading) == [], why


def test_readers_record_each_rows_line() -> None:
    lines = ["Text.", "", "| | A | B |", "| --- | --- | --- |", "| x | 1 GB | 2 GB |", "| y | 3 | 4 |"]
    blocks, _ = parse_blocks(lines, "notes_src/a/notes.md", first_line=3)
    table = next(b for b in blocks if isinstance(b, Table))
    assert table.row_lines == (7, 8)
    tabbed = tab_table(["\tA\tB\n", "x\t1 GB\t2 GB\n", "y\t3\t4\n"], "notes_src/b/notes.md", 10)
    assert tabbed.row_lines == (11, 12)


ROUTING = Table(
    ("Routing Policy", "Health Checks", "Use Case"),
    (
        ("Simple", "Optional", "One resource, basic DNS"),
        ("Weighted", "Optional", "A/B testing, traffic split"),
        ("Multi-value Answer", "Yes", "Return multiple healthy endpoints"),
    ),
    Span("notes_src/dva/notes.md", 10708, 10716),
    row_lines=(10710, 10712, 10716),
)
SIMPLE_ITEM = (
    "**Simple**\n**I**f multiple values are returned, a random one is chosen by the client\n"
    "When Alias enabled, specify only one AWS resource\nCan’t be associated with Health Checks"
)


def test_a_cell_that_affirms_what_another_source_denies_is_a_dispute() -> None:
    """DVA's Route 53 summary table gives simple routing "Optional" health checks; the Udemy notes' "Simple" item
    says it can't be associated with them (a blind review). Their "Weighted" item affirms, and disputes nothing."""
    rows = _rows(ROUTING, "route53", "Route 53 / Summary Table")
    assert [row.label for row in rows] == ["Simple", "Weighted", "Multi-value Answer"]
    simple = _passage("udemy", 1077, SIMPLE_ITEM, "Route 53 – Routing Policies", "route53")
    weighted = _passage("udemy", 1085, "**Weighted**\nCan be associated with Health Checks", "Routing", "route53")
    assert denied_cells([simple, weighted], rows) == [
        ("notes_src/dva/notes.md:10710-10710", simple.key, "table: Simple, Health Checks: Optional")
    ]


@pytest.mark.parametrize(
    ("text", "context", "why"),
    [
        ("Can’t be associated with Health Checks", "Route 53 / Routing", "names no row"),
        ("Simple routing: a random value is chosen, health checks are used", "Route 53", "denies nothing"),
        ("Simple routing does not use weights", "Route 53", "denies another column's words"),
    ],
)
def test_a_sentence_that_denies_no_cells_words_disputes_nothing(text: str, context: str, why: str) -> None:
    rows = _rows(ROUTING, "route53", "Route 53 / Summary Table")
    assert denied_cells([_passage("udemy", 1, text, context, "route53")], rows) == [], why


def test_one_source_never_denies_its_own_tables_cell() -> None:
    rows = _rows(ROUTING, "route53", "Route 53 / Summary Table")
    own = Passage("notes_src/dva/notes.md:10525-10525", SIMPLE_ITEM, "dva", "route53", "Route 53")
    assert denied_cells([own], rows) == []


def test_the_box_says_which_cell_the_other_source_denies() -> None:
    assert describe_conflict("table: Simple, Health Checks: Optional") == (
        "A table gives Simple “Health Checks: Optional”; the other denies it."
    )
    assert describe_conflict("table: Simple, Health Checks: Optional", 3).endswith("; others deny it.")
