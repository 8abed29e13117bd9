"""Disputes found page by page (`notes_kb.pagedisputes`) are the ones the finders find given every passage at once.

Four pages, each holding one kind of dispute from the real notes (the finders' own tests have the cases): ACM's
Elastic Beanstalk support, SQS's ordering, the NAT table's bandwidth and EFS's count of throughput modes. A fifth
page holds copies of passages of the others, where none of them disputes anything.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache

import pytest

from notes_kb.catalogue import load_catalogue
from notes_kb.contrasts import contrast_disputes
from notes_kb.listcounts import KindList, kind_lists, listed_disputes
from notes_kb.memo import Memo
from notes_kb.model import Block, Span, Table
from notes_kb.pagedisputes import PageDisputes, page_disputes
from notes_kb.passages import Passage
from notes_kb.readers.mdparse import parse_blocks
from notes_kb.support import Mention, services_named, support_disputes
from notes_kb.tablerows import Row, denied_cells, row_disputes, row_passages


def _passage(source: str, line: int, text: str, page: str, context: str) -> Passage:
    return Passage(f"notes_src/{source}/notes.md:{line}-{line}", text, source, page, context)


ACM = [
    _passage(
        "cheat",
        1,
        "Integrates with several AWS services including:\nAmazon CloudFront\nAWS Elastic Beanstalk",
        "acm",
        "Security / AWS Certificate Manager (ACM)",
    ),
    _passage(
        "dva",
        2,
        "**AWS Elastic Beanstalk (EB)**:\n**Reason**: **Elastic Beanstalk** does not natively integrate with ACM.",
        "acm",
        "Security / Services Not Directly Supported for ACM Certificates",
    ),
]
SQS = [
    _passage(
        "dva",
        15827,
        "Standard queue\nmulti-lane highway.\nguarantee the order and at least once delivery.",
        "sqs",
        "SQS",
    ),
    _passage("udemy", 2183, "For SQS standard, there is no ordering.", "sqs", "Ordering data into SQS"),
]
NAT = Table(
    ("", "NAT Gateway", "NAT Instance"),
    (("Bandwidth", "Up to 100 Gbps", "Depends on EC2 instance type"),),
    Span("notes_src/notebook/part-2.txt", 797, 798),
    row_lines=(798,),
)
VPC = [_passage("udemy", 4510, "5 Gbps of bandwidth with automatic scaling up to 45 Gbps", "vpc", "VPC / NAT Gateway")]
EFS = [
    _passage("dva", 9, "**Two throughput modes**: **Bursting** and **Provisioned throughput**.", "efs", "EFS / Exam")
]
THROUGHPUT = """\
- **Throughput Mode**
    - Bursting – 1TB = 50MiB/s + burst of up to 100MiB/s
    - Provisioned – set your throughput regardless of storage size
    - Elastic – automatically scales throughput up or down based on your workloads"""


def _named(text: str) -> Sequence[Mention]:
    return _services_named()(text)


@cache
def _services_named() -> Callable[[str], list[Mention]]:
    return services_named(load_catalogue())


def _kinds() -> dict[str, list[KindList]]:
    blocks: list[Block] = [b for b in parse_blocks(THROUGHPUT.split("\n"), "notes_src/udemy/notes.md")[0]]
    return {"efs": list(kind_lists("udemy", "Notes", blocks))}


def _rows() -> list[Row]:
    return row_passages("notebook", "vpc", "VPC / NAT Instance vs NAT Gateway", (NAT,))


def _elsewhere() -> list[Passage]:
    """Copies of one side of each dispute on a page of their own: alone there, they dispute nothing."""
    return [replace(p, key=p.key.replace(".md", "-copy.md"), page="general") for p in (ACM[0], SQS[0], VPC[0])]


def _at_once(passages: Sequence[Passage], rows: Sequence[Row], kinds: dict[str, list[KindList]]) -> PageDisputes:
    """What the finders find given every passage, as the merge stage called them before they ran page by page."""
    texts = {passage.key: passage.text for passage in passages}
    told = [*row_disputes(passages, rows), *denied_cells(passages, rows), *listed_disputes(passages, kinds)]
    return PageDisputes(
        tuple(support_disputes(passages, texts, _named)), tuple(contrast_disputes(passages)), tuple(sorted(told))
    )


def test_page_by_page_finds_what_the_finders_find_at_once() -> None:
    passages, rows, kinds = [*ACM, *SQS, *VPC, *EFS, *_elsewhere()], _rows(), _kinds()
    found = page_disputes(passages, rows, kinds, _named)
    assert found == _at_once(passages, rows, kinds)
    assert [slug for _, _, slug in found.support] == ["elastic-beanstalk"]
    assert [why for _, _, why in found.contrast] == ["contrast: guarantee the order vs no ordering"]
    assert sorted(why.split(":")[0] for _, _, why in found.told) == ["listed", "told"]


@pytest.mark.parametrize("seed", range(3))
def test_the_order_of_passages_and_rows_changes_nothing(seed: int) -> None:
    passages, rows, kinds = [*ACM, *SQS, *VPC, *EFS, *_elsewhere()], _rows(), _kinds()
    expected = page_disputes(passages, rows, kinds, _named)
    random.Random(seed).shuffle(passages)
    assert page_disputes(passages, rows[::-1], kinds, _named) == expected


def test_a_kept_page_is_not_looked_at_again() -> None:
    """Under `mkdocs serve`: an edit on one page finds that page's disputes again, the others' are reused."""
    memo = Memo(keep=True)
    passages, rows, kinds = [*ACM, *SQS, *VPC, *EFS], _rows(), _kinds()
    first = page_disputes(passages, rows, kinds, _named, memo)
    memo.sweep()
    edited = [replace(p, text=p.text.replace("there is no ordering", "delivery is at least once")) for p in passages]
    before = memo.misses
    again = page_disputes(edited, rows, kinds, _named, memo)
    assert memo.misses - before == 1  # the SQS page alone
    assert again.support == first.support and again.told == first.told
    assert again.contrast == ()  # the edit took the Udemy notes' side away
