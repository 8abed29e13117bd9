"""Counts of kinds disputed by another source's list that names more of them (`notes_kb.listcounts`).

The cases are the real notes': DVA's EFS "Two throughput modes" against the Udemy notes' list of three under
"Throughput Mode", and DVA's "Two types of events" against the cheat sheet's "CloudTrail - Types of Events", which the
site must box; and the cheat sheet's "two types of zones" (public, private) beside DVA's "Types of DNS Zones" (forward,
reverse, primary, secondary), two classifications that must stay unboxed.
"""

from __future__ import annotations

from notes_kb.kbpages import describe_conflict
from notes_kb.listcounts import KindList, counted_lists, kind_lists
from notes_kb.model import Block, ListBlock
from notes_kb.passages import Passage
from notes_kb.readers.mdparse import parse_blocks

EFS_COUNT = "**Two throughput modes**: **Bursting** and **Provisioned throughput**."
UDEMY_THROUGHPUT = """\
- **Throughput Mode**
    - Bursting – 1TB = 50MiB/s + burst of up to 100MiB/s
    - Provisioned – set your throughput regardless of storage size, ex: 1 GiB/s for 1 TB storage
    - Elastic – automatically scales throughput up or down based on your workloads"""
CLOUDTRAIL_TYPES = """\
- Management events: provide information about management operations that are performed on resources
- Data events: provide information about the resource operations performed on or in a resource
- Insights events: identify and respond to unusual activity associated with write API calls"""


def _blocks(text: str, path: str) -> list[Block]:
    blocks, _ = parse_blocks(text.split("\n"), path)
    return [block for block in blocks if not hasattr(block, "level")]


def _lists(text: str, source: str, title: str = "Notes") -> list[KindList]:
    blocks = _blocks(text, f"notes_src/{source}/notes.md")
    return list(kind_lists(source, title, blocks))


def _count(source: str, text: str, page: str, context: str) -> Passage:
    return Passage(f"notes_src/{source}/notes.md:9-9", text, source, page, context)


def _items(text: str, source: str) -> list[str]:
    [block] = [b for b in _blocks(text, f"notes_src/{source}/notes.md") if isinstance(b, ListBlock)]
    return [f"notes_src/{source}/notes.md:{item.span.start}-{item.span.end}" for item in block.items]


def test_a_count_is_disputed_by_a_sub_list_that_names_more_kinds() -> None:
    count = _count("dva", EFS_COUNT, "efs", "EFS / Exam PowerUps")
    lists = _lists(UDEMY_THROUGHPUT, "udemy")
    assert [(kinds.kind, kinds.subject, kinds.names) for kinds in lists] == [
        ("mode", frozenset({"throughput"}), ("Bursting", "Provisioned", "Elastic"))
    ]
    [(a, b, why)] = counted_lists([count], lists)
    assert {a, b} == {count.key, "notes_src/udemy/notes.md:1-4"}  # the item holding the whole list
    assert why == "listed: 2 throughput modes vs 3 listed (Bursting, Provisioned, Elastic)"
    assert describe_conflict(why) == (
        "One says there are 2 throughput modes, the other lists 3: Bursting, Provisioned, Elastic."
    )


def test_a_list_under_a_heading_of_kinds_quotes_a_kind_the_count_does_not_name() -> None:
    count = _count("dva", "Two types of events. Default only logs Management Events", "cloudtrail", "CloudTrail")
    lists = _lists(CLOUDTRAIL_TYPES, "cheat", "CloudTrail - Types of Events")
    [(a, b, why)] = counted_lists([count], lists)
    assert {a, b} == {count.key, _items(CLOUDTRAIL_TYPES, "cheat")[1]}  # "Data events", not "Management events"
    assert why.startswith("listed: 2 types of events vs 3 listed (Management events, Data events, Insights events")


def test_what_disputes_no_count() -> None:
    count = _count("dva", EFS_COUNT, "efs", "EFS / Exam PowerUps")
    fewer = UDEMY_THROUGHPUT.rsplit("\n", 1)[0]  # two of them: agrees
    performance = UDEMY_THROUGHPUT.replace("Throughput Mode", "Performance Mode")  # another kind of mode
    facts = "- **Throughput Modes**\n    - Bursting – scales with size\n    - Provisioned – set it yourself\n" + (
        "    - You can switch between the two modes once every 24 hours"
    )  # the last item is a fact about the modes, not a third one
    for text in (fewer, performance, facts):
        assert counted_lists([count], _lists(text, "udemy")) == [], text
    assert counted_lists([count], _lists(UDEMY_THROUGHPUT, "dva")) == []  # an author against themselves
    three = _count("dva", "Three throughput modes: Bursting, Provisioned and Elastic", "efs", "EFS")
    assert counted_lists([three], _lists(fewer, "udemy")) == []  # a list of fewer may be a few examples


def test_a_count_of_other_kinds_of_the_same_thing_is_no_dispute() -> None:
    """The cheat sheet's hosted zones are public or private; DVA's DNS zones forward, reverse, primary, secondary."""
    zones = "- There are two types of zones:\n    - Public host zone - how traffic is routed on the Internet\n" + (
        "    - Private hosted zone for VPC - how traffic is routed within VPC"
    )
    count = Passage("notes_src/cheat/notes.md:1-3", zones, "cheat", "route53", "Route 53 Hosted Zones")
    dns = "1. **Forward Lookup Zone**:\n2. **Reverse Lookup Zone**:\n3. **Primary Zone**:\n4. **Secondary Zone**:"
    lists = _lists(dns, "dva", "Types of Zones")  # on the Route 53 page, "DNS" is on most headings
    assert [kinds.names for kinds in lists] == [
        ("Forward Lookup Zone", "Reverse Lookup Zone", "Primary Zone", "Secondary Zone")
    ]
    assert counted_lists([count], lists) == []


def test_a_list_of_kinds_at_any_depth_is_quoted_by_its_top_level_item() -> None:
    """Only top-level items are passages: a list of kinds two levels down is quoted by the item that holds it all."""
    count = _count("dva", EFS_COUNT, "efs", "EFS")
    nested = "- **EFS**\n" + "\n".join("    " + line for line in UDEMY_THROUGHPUT.split("\n"))
    [(a, b, _)] = counted_lists([count], _lists(nested, "udemy"))
    assert {a, b} == {count.key, "notes_src/udemy/notes.md:1-5"}


def test_a_short_line_over_a_list_titles_it_and_a_heading_titles_only_its_sections_one_list() -> None:
    count = _count("dva", "Two types of events. Default only logs Management Events", "cloudtrail", "CloudTrail")
    titled = "CloudTrail event types:\n\n" + CLOUDTRAIL_TYPES
    assert len(counted_lists([count], _lists(titled, "cheat"))) == 1
    two_lists = CLOUDTRAIL_TYPES + "\n\nSome text.\n\n- Trails: one region\n- Lake: all regions\n- Insights: on"
    assert counted_lists([count], _lists(two_lists, "cheat", "CloudTrail - Types of Events")) == []
    modes = _count("dva", "Two modes of events. Default only logs Management Events", "cloudtrail", "CloudTrail")
    assert counted_lists([modes], _lists(CLOUDTRAIL_TYPES, "cheat", "CloudTrail - Types of Events")) == []


def test_the_box_names_every_kind_the_list_gives() -> None:
    why = "listed: 4 types of volumes vs 5 listed (gp3, io2, st1, sc1, Throughput Optimized (st1))"
    assert describe_conflict(why) == (
        "One says there are 4 types of volumes, the other lists 5: gp3, io2, st1, sc1, Throughput Optimized (st1)."
    )
    assert describe_conflict(why, 3).startswith("Some say there are 4 types of volumes, others list 5: ")
