"""Disputes found page by page (`notes_kb.pagedisputes`) are the ones the finders find given every passage at once.

Five pages, each holding one kind of dispute from the real notes (the finders' own tests have the cases): ACM's
Elastic Beanstalk support (an item that says so only through the line leading its list), SQS's ordering and ELB's
cross-zone balancing (contrasts; ELB's page sorts before SQS's, its keys after), the NAT table's bandwidth and EFS's
count of throughput modes (a table and a count; EFS's page sorts before VPC's, its keys after): page by page, each
list must be sorted again.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache
from typing import Any

import pytest

from notes_kb import pagedisputes
from notes_kb.catalogue import load_catalogue
from notes_kb.contrasts import contrast_disputes
from notes_kb.listcounts import KindList, counted_lists, kind_lists
from notes_kb.memo import Memo
from notes_kb.model import Span, Table
from notes_kb.pagedisputes import PageDisputes, page_disputes
from notes_kb.parallel import WORKERS_ENV
from notes_kb.passages import Passage
from notes_kb.readers.mdparse import parse_blocks
from notes_kb.support import Mention, services_named, support_disputes
from notes_kb.tablerows import Row, denied_cells, row_disputes, row_passages


def _passage(source: str, line: int, text: str, page: str, context: str, lead: str = "") -> Passage:
    return Passage(f"notes_src/{source}/notes.md:{line}-{line}", text, source, page, context, lead=lead)


ACM_HEADING = "Security / AWS Certificate Manager (ACM)"
ACM_LEAD = _passage("cheat", 1, "Integrates with several AWS services including:", "acm", ACM_HEADING)
ACM = [
    ACM_LEAD,
    _passage("cheat", 2, "AWS Elastic Beanstalk", "acm", ACM_HEADING, lead=ACM_LEAD.key),
    _passage(
        "dva",
        3,
        "**AWS Elastic Beanstalk (EB)**:\n**Reason**: **Elastic Beanstalk** does not natively integrate with ACM.",
        "acm",
        "Security / Services Not Directly Supported for ACM Certificates",
    ),
]
SQS = [
    _passage("dva", 15827, "Standard queue\nguarantee the order and at least once delivery.", "sqs", "SQS"),
    _passage("udemy", 2183, "For SQS standard, there is no ordering.", "sqs", "Ordering data into SQS"),
]
ELB = [  # sources named to sort after SQS's, on a page that sorts before it
    _passage(
        "x-cheat",
        342,
        "Cross-Zone Load Balancing\nWith Application Load Balancers, cross-zone load balancing is always enabled",
        "elb",
        "ELB Use Cases",
    ),
    _passage(
        "x-notebook",
        801,
        "**ALB:** Cross-Zone Load Balancing is enabled by default and can be disabled at the target group level.",
        "elb",
        "ELB Cross-Zone Load Balancing",
    ),
]
NAT = Table(
    ("", "NAT Gateway", "NAT Instance"),
    (
        ("Timeout", "350 seconds idle", "Configurable"),
        ("Bandwidth", "Up to 100 Gbps", "Depends on EC2 instance type"),
    ),
    Span("notes_src/notebook/part-2.txt", 796, 798),
    row_lines=(797, 798),
)
VPC = [_passage("udemy", 4510, "5 Gbps of bandwidth with automatic scaling up to 45 Gbps", "vpc", "VPC / NAT Gateway")]
EFS = [_passage("zz-dva", 9, "**Two throughput modes**: **Bursting** and **Provisioned throughput**.", "efs", "EFS")]
THROUGHPUT = """\
- **Throughput Mode**
    - Bursting – 1TB = 50MiB/s + burst of up to 100MiB/s
    - Provisioned – set your throughput regardless of storage size
    - Elastic – automatically scales throughput up or down based on your workloads"""
PASSAGES = [*ACM, *SQS, *ELB, *VPC, *EFS]


def _named(text: str) -> Sequence[Mention]:
    return _services_named()(text)


@cache
def _services_named() -> Callable[[str], list[Mention]]:
    return services_named(load_catalogue())


def _kinds(lists: str = THROUGHPUT) -> dict[str, list[KindList]]:
    blocks, _ = parse_blocks(lists.split("\n"), "notes_src/udemy/notes.md")
    return {"efs": list(kind_lists("udemy", "Notes", blocks))}


def _rows(table: Table = NAT) -> list[Row]:
    return row_passages("notebook", "vpc", "VPC / NAT Instance vs NAT Gateway", (table,))


def _at_once(passages: Sequence[Passage], rows: Sequence[Row], kinds: dict[str, list[KindList]]) -> PageDisputes:
    """What the finders find given every passage, as the merge stage called them before they ran page by page (the
    count finder always took one page at a time)."""
    texts = {passage.key: passage.text for passage in passages}
    pages = sorted({passage.page for passage in passages})
    counted = [d for page in pages for d in counted_lists([p for p in passages if p.page == page], kinds.get(page, []))]
    told = [*row_disputes(passages, rows), *denied_cells(passages, rows), *counted]
    return PageDisputes(
        tuple(support_disputes(passages, texts, _named)), tuple(contrast_disputes(passages)), tuple(sorted(told))
    )


def test_page_by_page_finds_what_the_finders_find_at_once() -> None:
    rows, kinds = _rows(), _kinds()
    found = page_disputes(PASSAGES, rows, kinds, _named)
    assert found == _at_once(PASSAGES, rows, kinds)
    assert found.support == ((ACM[1].key, ACM[2].key, "elastic-beanstalk"),)  # ACM[1] says so only through its lead
    assert [why for _, _, why in found.contrast] == [
        "contrast: guarantee the order vs no ordering",
        "contrast: always enabled vs can be disabled",
    ]
    assert [why.split(":")[0] for _, _, why in found.told] == ["told", "listed"]


def test_workers_find_what_the_build_process_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fewer pages than `parallel.MIN_ITEMS` are looked at in the build process: forced, the workers run. A page a
    worker failed on would be looked at again here: none is."""
    rows, kinds = _rows(), _kinds()
    here = page_disputes(PASSAGES, rows, kinds, _named)
    looked_at_here: list[str] = []
    one_page = pagedisputes._one_page

    def recorded(page: Any, mentions: Any) -> PageDisputes:
        looked_at_here.append(page.passages[0].page if page.passages else "")  # a worker's list is its own copy
        return one_page(page, mentions)

    monkeypatch.setattr(pagedisputes, "_one_page", recorded)
    monkeypatch.setenv(WORKERS_ENV, "2")
    assert threading.active_count() == 1  # a process running threads does not fork (`parallel.worker_count`)
    assert page_disputes(PASSAGES, rows, kinds, _named) == here
    assert looked_at_here == []


@pytest.mark.parametrize("seed", range(3))
def test_the_order_of_passages_and_rows_changes_nothing(seed: int) -> None:
    rows, kinds = _rows(), _kinds()
    expected = page_disputes(PASSAGES, rows, kinds, _named)
    passages = list(PASSAGES)
    random.Random(seed).shuffle(passages)
    assert len(rows) == 2
    assert page_disputes(passages, rows[::-1], kinds, _named) == expected


def test_pages_with_nothing_to_compare_dispute_nothing() -> None:
    """No input; a table with no sentence beside it; lists of kinds with no count beside them."""
    assert page_disputes([], [], {}, _named) == PageDisputes((), (), ())
    assert page_disputes([], _rows(), _kinds(), _named) == PageDisputes((), (), ())


def test_a_kept_page_is_not_looked_at_again() -> None:
    """Under `mkdocs serve`: the pages an edit changed (a passage, a table cell, a list) are looked at again, and
    only they."""
    memo = Memo(keep=True)
    first = page_disputes(PASSAGES, _rows(), _kinds(), _named, memo)
    memo.sweep()
    edited = [replace(p, text=p.text.replace("there is no ordering", "delivery is at least once")) for p in PASSAGES]
    table = replace(NAT, rows=(NAT.rows[0], ("Bandwidth", "Up to 45 Gbps", "Depends on EC2 instance type")))
    lists = THROUGHPUT.rsplit("\n", 1)[0]  # without "Elastic": two modes listed, as the count says
    before = memo.misses
    again = page_disputes(edited, _rows(table), _kinds(lists), _named, memo)
    assert memo.misses - before == 3  # SQS, VPC and EFS; ACM's and ELB's results are kept
    assert again.support == first.support
    assert [why for _, _, why in again.contrast] == ["contrast: always enabled vs can be disabled"]
    assert again.told == ()
