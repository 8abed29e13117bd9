"""The `flattened-pdf` reader on fixtures cut from notes_src/saa-cheat-sheet/cheat-sheet.txt and on the real file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from golden import assert_golden
from helpers import cut, fixture_file, real_file
from notes_kb import tablerows
from notes_kb.coverage import check_coverage
from notes_kb.model import (
    FLATTENED_TABLE,
    Block,
    Code,
    ListBlock,
    ListItem,
    Paragraph,
    Section,
    SourceTree,
    Table,
    walk_sections,
)
from notes_kb.readers import READERS
from notes_kb.readers.flattened_pdf import EDITOR_NOTE, REPEATED_TITLE, FlattenedPdfReader
from notes_kb.render import render_tree
from notes_kb.sources import RawFile

REAL = "notes_src/saa-cheat-sheet/cheat-sheet.txt"
OPTIONS: dict[str, Any] = yaml.safe_load(
    (Path(__file__).resolve().parents[2] / "notes_src/saa-cheat-sheet/source.yml").read_text(encoding="utf-8")
)["options"]
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "flattened_pdf"
# Each fixture is lines start..end of the real file, byte for byte.
FIXTURE_LINES = {
    "iam_nesting": (1, 60),
    "elb_loose_lists": (287, 353),
    "vpc_key_value_tables": (476, 540),
    "s3_sentences": (541, 600),
    "ebs_glued_tables": (882, 928),
    "ecs_caption": (1179, 1245),
    "sqs_pipe_title": (1307, 1348),
    "waf_editor_note": (2166, 2206),
    "snowball_repeats": (2263, 2324),
}
READER = FlattenedPdfReader()


def fixture(name: str) -> RawFile:
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    return fixture_file(text, f"notes_src/fixture/{name}.txt")


def read(raw: RawFile, options: dict[str, Any] | None = None) -> SourceTree:
    return READER.read([raw], OPTIONS if options is None else options)


@pytest.fixture(scope="module")
def real() -> tuple[RawFile, SourceTree]:
    raw = real_file(REAL)
    return raw, read(raw)


@pytest.fixture(scope="module")
def tree(real: tuple[RawFile, SourceTree]) -> SourceTree:
    return real[1]


def sections(tree: SourceTree) -> list[Section]:
    return walk_sections(tree.chapters)


def section(tree: SourceTree, title: str) -> Section:
    found = [s for s in sections(tree) if s.title == title]
    assert len(found) == 1, f"{len(found)} sections {title!r}"
    return found[0]


def block_at(tree: SourceTree, line: int) -> Block:
    found = [b for s in sections(tree) for b in s.blocks if b.span.start == line]
    assert len(found) == 1, f"no block starting at line {line}"
    return found[0]


def item(block: Block, text: str) -> ListItem:
    assert isinstance(block, ListBlock)
    found = [i for i in block.items if i.text == text]
    assert len(found) == 1, f"no item {text!r} in {[i.text for i in block.items]}"
    return found[0]


def child_texts(it: ListItem) -> list[str]:
    return [i.text for child in it.children if isinstance(child, ListBlock) for i in child.items]


# ------------------------------------------------------------------------------------------------ golden files


@pytest.mark.parametrize("name", sorted(FIXTURE_LINES))
def test_golden(name: str) -> None:
    raw = fixture(name)
    tree = read(raw)
    assert check_coverage(tree, [raw]) == []
    assert_golden(f"flattened_pdf/{name}.md", render_tree(tree))


@pytest.mark.parametrize("name", sorted(FIXTURE_LINES))
def test_fixtures_are_cut_from_the_real_file(name: str) -> None:
    start, end = FIXTURE_LINES[name]
    assert (FIXTURES / f"{name}.txt").read_text(encoding="utf-8") == cut(REAL, start, end)


# ------------------------------------------------------------------------------------ chapters (hard case 15)


def test_sixteen_pages_from_the_configured_chapter_titles(tree: SourceTree) -> None:
    assert [page.title for page in tree.chapters] == OPTIONS["chapters"]
    assert all(page.level == 1 and page.heading is not None for page in tree.chapters)
    starts = [page.heading.start for page in tree.chapters if page.heading]
    assert starts == [1, 80, 248, 354, 418, 541, 783, 882, 1104, 1229, 1307, 1446, 1803, 1928, 2003, 2221]


def test_organizations_is_a_chapter_storage_gateway_is_not(tree: SourceTree) -> None:
    organizations = tree.chapters[3]
    assert organizations.title == "AWS Organizations"
    # Its prose and lead-ins come before its first section, on the page itself.
    assert [type(b).__name__ for b in organizations.blocks][:3] == ["Paragraph", "Paragraph", "ListBlock"]
    storage = tree.chapters[7]
    gateway = section(tree, "AWS Storage Gateway")
    assert gateway in storage.children and gateway.level == 2 and gateway.blocks == ()


def test_every_section_below_a_page_is_level_two(tree: SourceTree) -> None:
    for page in tree.chapters:
        assert all(s.level == 2 and not s.children for s in page.children)
    assert len(sections(tree)) == 206  # 5 of them a table's, titled by its header row (below)


def test_a_table_set_after_a_list_with_no_title_of_its_own_is_a_section(tree: SourceTree) -> None:
    """The cheat sheet's NAT instance / gateway table sat in "EC2 Placement Groups" (the EC2 page), and its security
    group / network ACL table in VPC sizing's "Additional Considerations". A table right after a list, whose header
    row shares no word with the section it is in, is a section of its own, named by that row, which stays the
    table's first line; one the list leads in to ("• Also:") or that shares a word with the section stays. Words two
    titles of the page share are the service's name and set nothing apart: "DynamoDB Feature Benefit" sat under
    "DynamoDB Time to Live (TTL)" (a blind review)."""
    untitled = [(s.title, s.blocks[0].span.start) for s in sections(tree) if s.heading is None and s.level == 2]
    assert untitled == [
        ("NAT Instance NAT Gateway", 139),
        ("Security Group Network ACL", 469),
        ("General Purpose SSD Provisioned IOPS SSD", 894),
        ("Multi-AZ Deployments Read Replicas", 1484),
        ("DynamoDB Feature Benefit", 1657),
    ]
    assert all(len(s.blocks) == 1 for s in sections(tree) if s.heading is None and s.level == 2)


def test_without_chapter_list_a_title_followed_by_a_title_opens_a_page() -> None:
    raw = fixture_file(cut(REAL, 1, 116), "notes_src/fixture/iam_ec2.txt")
    tree = read(raw, {"ligatures": OPTIONS["ligatures"]})
    assert [p.title for p in tree.chapters] == [
        "AWS Identity and Access Management (IAM)",
        "Amazon Elastic Compute Cloud (EC2)",
    ]
    assert check_coverage(tree, [raw]) == []


# ------------------------------------------------------------------------ sections vs sentences (hard case 19)


def test_one_sentence_paragraphs_are_not_headings(tree: SourceTree) -> None:
    objects = section(tree, "S3 Objects")
    assert [b.span.start for b in objects.blocks if isinstance(b, Paragraph)] == [573, 575, 577, 579, 581, 583]
    assert isinstance(objects.blocks[-1], Code)
    datasync = section(tree, "AWS DataSync")
    assert [b.span.start for b in datasync.blocks] == [2265, 2267, 2269, 2271, 2273, 2275, 2277]
    assert all(isinstance(b, Paragraph) for b in datasync.blocks)
    invocations = section(tree, "Lambda Function Invocations")
    assert isinstance(invocations.blocks[-1], Paragraph)
    assert invocations.blocks[-1].text == "SQS can also trigger Lambda"


def test_lead_ins_ending_in_a_colon_stay_paragraphs(tree: SourceTree) -> None:
    assert not [s.title for s in sections(tree) if s.title.endswith(":")]
    mechanism = section(tree, "When to use each access control mechanism")  # a mostly lower-case title
    assert [type(b).__name__ for b in mechanism.blocks] == ["Paragraph", "ListBlock", "Paragraph", "ListBlock"]
    assert isinstance(mechanism.blocks[0], Paragraph) and mechanism.blocks[0].text == "Use IAM policies if:"
    assert section(tree, "EBS vs instance store").heading is not None
    notifications = section(tree, "S3 Event Notifications")
    assert isinstance(notifications.blocks[0], Paragraph)  # "Sends notifications when…" right after a title


def test_title_glued_to_its_caption(tree: SourceTree) -> None:
    versus = section(tree, "Amazon ECS vs EKS")
    assert versus.heading is not None and versus.heading.start == 1219
    caption, table = versus.blocks
    assert isinstance(caption, Paragraph) and caption.span.start == 1220
    assert caption.text == "Managed, highly available, highly scalable container platform"
    assert isinstance(table, Code) and (table.span.start, table.span.end) == (1222, 1227)


# ------------------------------------------------------------------------------------------ repeated titles


def test_page_break_repeats_are_dropped_and_merged(tree: SourceTree) -> None:
    repeats = sorted(d.span.start for d in tree.dropped if d.reason == REPEATED_TITLE)
    assert repeats == [525, 1335, 1816, 2187, 2298, 2307]
    titles = [s.title for s in sections(tree)]
    for title in ("VPC Connectivity - VPC Peering", "AWS CloudFormation", "AWS WAF", "AWS Snowball Family"):
        assert titles.count(title) == 1
    peering = section(tree, "VPC Connectivity - VPC Peering")
    assert [(type(b).__name__, b.span.start) for b in peering.blocks] == [("Table", 523), ("Table", 527)]
    snowball = section(tree, "AWS Snowball Family")
    assert [b.span.start for b in snowball.blocks] == [2282, 2300, 2309, 2311]
    cloudformation = section(tree, "AWS CloudFormation")
    assert [type(b).__name__ for b in cloudformation.blocks] == ["ListBlock", "Code"]


def test_stray_leading_pipe_is_stripped_and_the_repeat_merged(tree: SourceTree) -> None:
    queues = section(tree, "SQS Queue Types")
    assert queues.heading is not None and queues.heading.start == 1328
    assert [b.span.start for b in queues.blocks] == [1330, 1337]


def test_editor_note_is_dropped(tree: SourceTree) -> None:
    notes = [d for d in tree.dropped if d.reason == EDITOR_NOTE]
    assert [(d.span.start, d.span.end) for d in notes] == [(2185, 2185)]


# -------------------------------------------------------------------------------------------------- lists


def test_flattened_nesting_is_recovered(tree: SourceTree) -> None:
    iam = block_at(tree, 5)
    assert child_texts(item(iam, "IAM can be used to manage:")) == [
        "Users",
        "Groups",
        "Access policies",
        "Roles",
        "User credentials",
        "User password policies",
        "Multi-factor authentication (MFA)",
        "API keys for programmatic access (CLI)",
    ]
    # The first full statement after the fragments is the parent list's next item again.
    assert item(iam, "IAM is eventually consistent").children == ()
    assert len(child_texts(item(iam, "Authentication methods:"))) == 3
    hibernate = block_at(tree, 162)  # children that are statements run to the end of the list
    assert len(child_texts(item(hibernate, "When started (after hibernation):"))) == 4
    route53 = block_at(tree, 787)
    assert len(child_texts(item(route53, "Route 53 offers the following functions:"))) == 3
    item(route53, "Route 53 is located alongside all edge locations")
    elb = block_at(tree, 289)
    assert (
        len(child_texts(item(elb, "Distributes incoming application traffic across multiple targets including:"))) == 4
    )
    item(elb, "Provides fault tolerance for applications")


def test_one_real_child_then_flattened_fragments(tree: SourceTree) -> None:
    lustre = block_at(tree, 1059)
    parent = item(lustre, "High-performance file system optimized for fast processing of workloads such as:")
    assert child_texts(parent) == [
        "Machine learning",
        "High performance computing (HPC)",
        "Video processing",
        "Financial modeling",
        "Electronic design automation (EDA)",
    ]


def test_items_with_several_real_children_adopt_nothing(tree: SourceTree) -> None:
    rds = block_at(tree, 1466)
    assert len(child_texts(item(rds, "Amazon RDS supports the following database engines:"))) == 6
    item(rds, "Scales up by increasing instance size (compute and storage)")
    beanstalk = block_at(tree, 1826)
    assert child_texts(item(beanstalk, "Applications:")) == [
        "Contain environments, environment configurations, and application versions",
        "You can have multiple application versions held within an application",
    ]
    item(beanstalk, "Application version")


def test_loose_list_is_one_list_and_six_spaces_are_level_three(tree: SourceTree) -> None:
    ec2 = section(tree, "Amazon EC2")
    assert len(ec2.blocks) == 1 and isinstance(ec2.blocks[0], ListBlock)
    assert len(ec2.blocks[0].items) == 11
    assert (ec2.blocks[0].span.start, ec2.blocks[0].span.end) == (84, 107)
    use_cases = block_at(tree, 321)
    gateway = item(use_cases, "Gateway Load Balancer")
    appliances = [i for c in gateway.children if isinstance(c, ListBlock) for i in c.items][-1]
    assert appliances.text == "Use with virtual appliances such as:"
    assert len(child_texts(appliances)) == 4


def test_numbered_items_then_bullets_are_two_lists(tree: SourceTree) -> None:
    ecs = section(tree, "Auto Scaling for ECS")
    numbered, bullets = ecs.blocks[1:]
    assert isinstance(numbered, ListBlock) and numbered.ordered and len(numbered.items) == 2
    assert (numbered.span.start, numbered.span.end) == (1183, 1184)
    assert isinstance(bullets, ListBlock) and not bullets.ordered and bullets.span.start == 1185
    snowball = block_at(tree, 2311)
    assert isinstance(snowball, ListBlock) and snowball.ordered and len(snowball.items) == 5


# ------------------------------------------------------------------------------------- repairs (hard cases 16-17)


def test_ligature_damage_is_repaired_whole_word(tree: SourceTree) -> None:
    repairs = [r for s in sections(tree) for b in s.blocks for r in getattr(b, "repairs", ())]
    ligatures = [r for r in repairs if r.what.startswith("lost 'th' ligature")]
    assert len(ligatures) == 64
    groups = block_at(tree, 37)
    assert item(groups, "Use the principal of least privilege when assigning permissions")
    assert item(groups, "Groups are collections of users and have policies attached to them")
    assert [r.line for r in groups.repairs] == [37, 40]
    aurora = block_at(tree, 1529)
    assert item(
        aurora,
        "Amazon Aurora is up to five times faster than standard MySQL databases and three times "
        "faster than standard PostgreSQL databases",
    )
    asg = block_at(tree, 252)
    assert item(asg, "Health check grace period")
    cidr = block_at(tree, 452)
    assert item(cidr, "The CIDR block must not overlap with any existing CIDR block that's associated with the VPC")


def test_ligatures_are_only_repaired_where_configured() -> None:
    raw = fixture("iam_nesting")
    tree = read(raw, {"chapters": OPTIONS["chapters"]})
    assert "Use pe principal of least privilege when assigning permissions" in render_tree(tree)


def test_glyph_errors_are_repaired(tree: SourceTree) -> None:
    classes = block_at(tree, 586)
    assert isinstance(classes, Code) and classes.lang == FLATTENED_TABLE
    assert "Availability Zones ≥3 ≥3 ≥3 1 ≥3 ≥3" in classes.text and "³" not in classes.text
    assert [r.line for r in classes.repairs] == [590] * 5
    hdd = block_at(tree, 919)
    assert isinstance(hdd, Code) and hdd.text.startswith("Volume type st1 sc1\n")
    sqs = block_at(tree, 1330)  # a table whose columns were recovered keeps its lines' repairs
    assert isinstance(sqs, Table) and sqs.rows[1][1].startswith("First-In-First-out Delivery: ")
    assert [r.line for r in sqs.repairs] == [1332]


def test_stray_markup_is_removed_with_a_repair(tree: SourceTree) -> None:
    components = block_at(tree, 438)
    assert components.items[0].text.startswith("Subnet: A segment of a VPC’s IP address range")  # type: ignore[union-attr]
    assert [r.what for r in components.repairs] == ["stray bold marker '**' removed"]  # type: ignore[union-attr]
    lambda_list = block_at(tree, 1248)
    assert item(
        lambda_list, "There is a maximum execution timeout: Max is 15 minutes (900 seconds), default is 3 seconds"
    )


def test_plain_text_is_escaped_for_markdown(tree: SourceTree) -> None:
    policies = block_at(tree, 59)
    assert isinstance(policies, Paragraph)
    assert policies.text.endswith("Session policies - used with AssumeRole\\* API actions")
    streams = block_at(tree, 1670)
    keys = [i for c in streams.items[1].children if isinstance(c, ListBlock) for i in c.items]  # type: ignore[union-attr]
    assert keys[3].text == "NEW_AND_OLD_IMAGES - Both the new and the old images of the item"


# -------------------------------------------------------------------------------------- tables (hard cases 17-18)


def test_key_value_tables_become_two_column_tables(tree: SourceTree) -> None:
    vpn = block_at(tree, 478)
    assert isinstance(vpn, Table) and vpn.header == ("", "")
    assert [row[0] for row in vpn.rows] == ["What", "When", "Pros", "Cons", "How"]
    assert vpn.rows[2] == ("Pros", "Supports static routes or BGP peering and routing")
    endpoint = block_at(tree, 527)
    assert isinstance(endpoint, Table)
    assert endpoint.rows[3] == ("Security", "Security Groups VPC Endpoint Policies")


def test_collapsed_markdown_tables_are_rebuilt(tree: SourceTree) -> None:
    for line, first in ((502, "Connect locations in a hub and spoke manner"), (523, "AWS-provided network")):
        table = block_at(tree, line)
        assert isinstance(table, Table) and (table.span.start, table.span.end) == (line, line)
        assert table.header == ("", "") and [row[0] for row in table.rows] == ["What", "When", "Pros", "Cons", "How"]
        assert table.rows[0][1].startswith(first)


def test_other_flattened_tables_are_kept_verbatim(tree: SourceTree) -> None:
    tables = [b for s in sections(tree) for b in s.blocks if isinstance(b, Table)]
    key_value = [478, 486, 494, 502, 507, 515, 523, 527]
    assert sorted(t.span.start for t in tables) == sorted([*key_value, *SPLIT])
    codes = [b for s in sections(tree) for b in s.blocks if isinstance(b, Code)]
    assert all(c.lang == FLATTENED_TABLE for c in codes) and len(codes) == 29 - len(SPLIT)
    ebs = block_at(tree, 887)  # a table glued to the list before it
    assert isinstance(ebs, ListBlock) and ebs.span.end == 893
    ssd = block_at(tree, 894)
    assert isinstance(ssd, Code) and ssd.span.end == 915 and ssd.text == cut(REAL, 894, 915).rstrip("\n")
    dynamo = block_at(tree, 1657)
    assert isinstance(dynamo, Code) and dynamo.span.end == 1666


# ------------------------------------------------------------------------------- flattened columns recovered

SPLIT = {
    820: ("CNAME", "Alias"),
    1127: ("Amazon EC2", "Amazon Fargate"),
    1319: ("Amazon Kinesis", "Amazon SQS", "Amazon SNS"),
    1330: ("Standard Queue", "FIFO Queue"),
    2120: ("Type of KMS keys", "Can view", "Can manage", "Used only for my AWS account", "Automatic rotation"),
    469: ("Security Group", "Network ACL"),  # these two by the column names source.yml gives (`columns`)
    1484: ("Multi-AZ Deployments", "Read Replicas"),
    1547: ("Feature", "Aurora Replica", "MySQL Replica"),  # a label column, rows of prose and of marks
}
"""The flattened tables of the cheat sheet whose columns are recovered (first line: header); the other 21 stay
verbatim. Each split was read cell by cell against the raw text."""


def only_table(text: str) -> Block:
    """The one table-like block of a small source (its title, if any, is a heading)."""
    raw = fixture_file(text, "notes_src/fixture/table.txt")
    tree = read(raw, {})
    assert check_coverage(tree, [raw]) == []
    found = [b for s in sections(tree) for b in s.blocks if isinstance(b, Table | Code)]
    assert len(found) == 1
    return found[0]


def test_recovered_tables_of_the_real_file(tree: SourceTree) -> None:
    for start, header in SPLIT.items():
        table = block_at(tree, start)
        assert isinstance(table, Table) and table.header == header
        assert table.row_lines == tuple(range(start + 1, table.span.end + 1))  # one raw line per row
        assert all(len(row) == len(header) for row in table.rows)
        # Cells are the line cut in place: nothing lost, nothing added.
        for row, line in zip(table.rows, table.row_lines, strict=True):
            assert " ".join(row) == " ".join(cut(REAL, line, line).split()).replace("ln", "In")
    alias = block_at(tree, 820)
    assert isinstance(alias, Table) and alias.rows[0] == (
        "Route 53 charges for CNAME queries",
        "Route 53 doesn’t charge for alias queries to AWS resources",
    )
    kms = block_at(tree, 2120)
    assert isinstance(kms, Table) and kms.rows[1] == (
        "AWS managed KMS keys",
        "Yes",
        "No",
        "Yes",
        "Required. Every 365 days",
    )


def test_a_title_names_the_columns_and_the_rows_mirror_or_open_sentences() -> None:
    table = only_table(cut(REAL, 818, 823))
    assert isinstance(table, Table) and table.header == ("CNAME", "Alias")
    assert (table.span.start, table.span.end, table.row_lines) == (3, 6, (4, 5, 6))
    # "Route 53" again opens the right cell; "An", never mid-sentence, beats "Elastic Beanstalk".
    assert table.rows[0][1].startswith("Route 53 doesn’t charge")
    assert table.rows[2] == (
        "A CNAME can point to any DNS record that is hosted anywhere",
        "An alias record can only point to a CloudFront distribution, Elastic Beanstalk environment, ELB, S3 bucket "
        "as a static website, or to another record in the same hosted zone that you’re creating the alias record in",
    )


def test_a_header_of_repeated_words_and_rows_with_one_place_per_cell() -> None:
    table = only_table(cut(REAL, 1125, 1131))  # "ECS Launch Types" names no columns; "Amazon …" twice does
    assert isinstance(table, Table) and table.header == ("Amazon EC2", "Amazon Fargate")
    assert table.rows[1] == (
        "You're responsible for upgrading, patching, care of EC2 pool",
        "Fargate provisions compute as needed",
    )
    three = only_table(cut(REAL, 1317, 1326))
    assert isinstance(three, Table) and three.rows[3] == (
        "Multiple applications can access stream concurrently",
        "No ordering guarantee (except with FIFO queues)",
        "Up to 10,000,000 subscribers",
    )


def test_cells_that_open_with_a_label() -> None:
    rows = ["Best Effort: Out of order. Exact Order: Kept in order. Always.", "Some Loss: Rare. No Loss: Never."]
    table = only_table("\n".join(["Standard Queue FIFO Queue", *rows, ""]))
    assert isinstance(table, Table) and table.rows == (
        ("Best Effort: Out of order.", "Exact Order: Kept in order. Always."),
        ("Some Loss: Rare.", "No Loss: Never."),
    )


def test_a_header_naming_a_label_column_takes_rows_of_a_label_and_a_mark_per_column() -> None:
    """The cheat sheet's "Feature Aurora Replica MySQL Replica" (a blind review could not read it flattened): the
    words before the first compared name head the labels, and "Automated failover Yes No" has a mark per column."""
    table = only_table(cut(REAL, 1545, 1555))
    assert isinstance(table, Table) and table.header == ("Feature", "Aurora Replica", "MySQL Replica")
    assert table.rows[0] == ("Number of replicas", "Up to 15", "Up to 5")
    assert table.rows[5] == ("Automated failover", "Yes", "No")
    marks_only = only_table("Feature Aurora Replica MySQL Replica\nAutomated failover Yes No\nCross region No Yes\n")
    assert isinstance(marks_only, Table) and marks_only.header == ("Feature", "Aurora Replica", "MySQL Replica")
    assert marks_only.rows == (("Automated failover", "Yes", "No"), ("Cross region", "No", "Yes"))


def test_a_table_of_marks_splits_only_where_every_row_has_as_many() -> None:
    kms = only_table(cut(REAL, 2120, 2123))
    assert isinstance(kms, Table) and kms.rows[2] == ("AWS owned KMS keys", "No", "No", "No", "Varies")
    dedicated = only_table(cut(REAL, 238, 246))  # "Per host billing X": which column's X? Never placed.
    assert isinstance(dedicated, Code) and dedicated.text == cut(REAL, 238, 246).rstrip("\n")
    both = only_table("Feature One Two Three\nFast X X\nCheap X X\n")
    assert isinstance(both, Code)  # the header has more places to start a cell than the rows have cells
    named = only_table("Alpha Beta Alpha Gamma\nFast X X\nCheap X X\n")  # the header names the marks' columns
    assert isinstance(named, Table) and named.header == ("", "Alpha Beta", "Alpha Gamma") and named.labelled


def test_a_comparison_has_no_label_column() -> None:
    """Each column of "CNAME | Alias" is one side: `tablerows` must read no row label from its first."""
    route53 = only_table(cut(REAL, 818, 823))
    assert isinstance(route53, Table) and not route53.labelled
    assert list(tablerows.row_passages("cheat", "route53", "CNAME vs Alias", [route53])) == []


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (cut(REAL, 1484, 1490), "Multi-AZ | Deployments Read Replicas, or Multi-AZ Deployments | Read Replicas?"),
        (cut(REAL, 1219, 1227), "Docker, Compatible, Kubernetes: three places for one cell"),
        (cut(REAL, 139, 147), "a line that goes on with both cells of the row above"),
        (cut(REAL, 2142, 2149), "a label and two cells under two names: no row says how many cells"),
        ("A vs B\n\nAlpha B\nFast reads Slow writes\n- and more\n", "a row that does not open like a cell"),
        (
            "Alpha vs Beta\n\nAlpha Beta\nTenancy Single tenant An AWS service\nCost Per hour The price per key\n",
            "a label and two cells under two names: each row only proves where one cell starts",
        ),
        ("Alpha vs Beta\n\nAlpha Beta\nFast reads X\nSlow writes Quick reads\n", "a mark its rows disagree on"),
        # A review's cases, each once split wrong:
        (
            "Dedicated Instances Dedicated Hosts\nPer instance billing X\nPer host billing X\n",
            "names as many as the rows' cells: the label column has none, so each X's column is a guess",
        ),
        (
            cut(REAL, 818, 823) + "CNAME can point to another CNAME record Alias points only to AWS resources\n",
            "one word again ('CNAME') proves no cell",
        ),
        (
            "Amazon EC2 vs AWS Fargate\n\nAmazon EC2 AWS Fargate\nYou provision instances Fargate provisions compute\n"
            "Amazon EC2 runs on Amazon hardware Fargate is serverless\n",
            "a cell never ends in 'on'",
        ),
        (
            cut(REAL, 1317, 1326) + "Up to 1 MB/s in Up to 2 MB/s out per shard Up to 256 KB messages\n",
            "a unit after its number opens no cell (and an empty cell looks like none)",
        ),
        # A second review's cases, split wrong by the rules the first review left:
        (
            "General Purpose SSD Provisioned IOPS SSD\nDurability 99.8% - 99.9% 99.999%\n"
            "Maximum throughput 1,000 4,000\n",
            "counting stopped at numbers and '- 99.9%' left one place: gp's 99.8% under Provisioned IOPS",
        ),
        (
            cut(REAL, 1125, 1131) + "Container Insights must be turned on Always on for every task\n",
            "counting stopped at 'on', so 'Insights' was the one place left",
        ),
        (
            cut(REAL, 1125, 1131)
            + "Amazon EC2 capacity scales using Amazon EC2 Auto Scaling Fargate scales tasks for you\n",
            "'Amazon EC2' again goes on as 'Amazon EC2 Auto Scaling': no echo",
        ),
        (
            cut(REAL, 818, 823)
            + "Has its own record type CNAME Is a Type A or AAAA record pointing at an AWS resource\n",
            "'A' is a record type here, no sentence's first word",
        ),
        (
            "Dedicated Instances vs Dedicated Hosts\n\nFeature/Characteristic Dedicated Instances Dedicated Hosts\n"
            "Per instance billing Yes No\nPer host billing No Yes\n",
            "the first cell says more than its name: it heads the label column too",
        ),
        ("Feature gp3 Provisioned IOPS\nMulti-attach No Yes\nBoot volume Yes Yes\n", "'gp3' heads a column"),
        (
            "Alpha Store Beta Store Gamma Store\nReads Fast reads Slow reads Quick reads\nDurable Yes Yes\n",
            "no label column named: 'Durable' would sit under Alpha Store, its marks under the other two",
        ),
        # A third review's cases: a longer first name read as a label and a name
        (
            "Standard Reserved Instance Convertible Instance\nDiscount Up to 72% off Up to 66% off\n"
            "Family Fixed Changeable\nTerm 1 or 3 years 1 or 3 years\n",
            "'Standard' is no label: two names of different lengths",
        ),
        (
            "Feature Amazon Aurora Replica MySQL Replica\nReplica location In-region Cross-region\n"
            "Number of replicas Up to 15 Up to 5\nAutomated failover Yes No\n",
            "after the label, names of different lengths: where one ends is a guess",
        ),
    ],
)
def test_tables_whose_split_would_be_a_guess_stay_verbatim(text: str, why: str) -> None:
    table = only_table(text)
    assert isinstance(table, Code) and table.lang == FLATTENED_TABLE, why


# ---------------------------------------------------------------------------------------------- real file


def test_real_file_is_fully_covered(real: tuple[RawFile, SourceTree]) -> None:
    raw, tree = real
    assert check_coverage(tree, [raw]) == []
    assert len(tree.dropped) == 7


def test_real_file_titles_are_clean(tree: SourceTree) -> None:
    for s in sections(tree):
        assert s.title and s.title == " ".join(s.title.split())
        assert not any(mark in s.title for mark in ("▼", "**", "#", "|", "•"))
    text = render_tree(tree)
    assert "•" not in text and " pe " not in text and "³" not in text


def test_registered_under_its_name() -> None:
    assert isinstance(READERS["flattened-pdf"], FlattenedPdfReader)
    assert READERS["flattened-pdf"].options == frozenset({"chapters", "ligatures", "glyphs", "columns"})


# ------------------------------------------------------------------------------------------------ odd input


@pytest.mark.parametrize(
    "text",
    [
        "",
        "•\n  •   \n",
        "**\n",
        "| | | ---- | ---- | | a | b |\n",
        "| x | --- | y\n",
        "  • starts with a bullet\nthen text\n",
        "Some sentence that is not a title.\n\nTitle\n",
        "1. one\n  • two\n      • deep\n    • mid\n",
        "What a\nWhen b\nWhat c\n",
        "change to bullet list\n",
    ],
)
def test_odd_input_is_covered(text: str) -> None:
    raw = fixture_file(text, "notes_src/fixture/odd.txt")
    for options in (OPTIONS, {}):
        tree = read(raw, options)
        assert check_coverage(tree, [raw]) == []
        render_tree(tree)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "",
                "  ",
                "Title",
                "A sentence is here.",
                "  • item:",
                "    • sub",
                "• x",
                "1. one",
                "What x y",
                "How z",
                "| | | --- | --- | | a | b | |",
                "pe **",
                "|",
                "³3",
            ]
        ),
        max_size=25,
    )
)
def test_random_lines_never_crash_and_are_covered(lines: list[str]) -> None:
    raw = fixture_file("\n".join(lines), "notes_src/fixture/random.txt")
    tree = read(raw)
    assert check_coverage(tree, [raw]) == []
    render_tree(tree)


def test_bad_options_are_reported_cleanly() -> None:
    from notes_kb.errors import NoteError

    with pytest.raises(NoteError, match=r"options\.chapters"):
        read(fixture_file("x\n"), {"chapters": "AWS"})
    with pytest.raises(NoteError, match=r"options\.ligatures"):
        read(fixture_file("x\n"), {"ligatures": ["pe"]})
    with pytest.raises(NoteError, match=r"options\.columns must map"):
        read(fixture_file("x\n"), {"columns": ["A B"]})
    with pytest.raises(NoteError, match=r"do not spell the header"):
        read(fixture_file("x\n"), {"columns": {"Security Group Network ACL": ["Security Group", "ACL"]}})


def test_column_names_the_options_give_settle_an_ambiguous_header() -> None:
    """ "Security Group Network ACL" could split after any of its first three words; `columns` names the two."""
    text = cut(REAL, 469, 474)
    assert isinstance(only_table(text), Code)  # no names given: kept whole
    names = {"Security Group Network ACL": ["Security Group", "Network ACL"]}
    raw = fixture_file(text, "notes_src/fixture/table.txt")
    table = next(b for s in sections(read(raw, {"columns": names})) for b in s.blocks if isinstance(b, Table))
    assert table.header == ("Security Group", "Network ACL") and not table.labelled
    assert table.rows[2] == ("Stateful", "Stateless") and table.row_lines == (2, 3, 4, 5, 6)


def test_the_real_tables_under_their_given_names_cell_by_cell(tree: SourceTree) -> None:
    """Each cell of the two tables source.yml names, as read against the raw lines (a cut one word off fails)."""
    groups = block_at(tree, 469)
    assert isinstance(groups, Table) and groups.rows == (
        ("Operates at the instance level", "Operates at the subnet level"),
        ("Supports allow rules only", "Supports allow and deny rules"),
        ("Stateful", "Stateless"),
        ("Evaluates all rules", "Processes rules in order"),
        (
            "Applies to an instance only if associated with a group",
            "Automatically applies to all instances in the subnets its associated with",
        ),
    )
    rds = block_at(tree, 1484)
    assert isinstance(rds, Table) and rds.rows == (
        ("Synchronous replication - highly durable", "Asynchronous replication - highly scalable"),
        (
            "Only database engine on primary instance is active",
            "All read replicas are accessible and can be used for read scaling",
        ),
        ("Automated backups are taken from standby", "No backups configured by default"),
        (
            "Always span two Availability Zones within a single Region",
            "Can be within an Availability Zone, Cross-AZ, or Cross-Region",
        ),
        (
            "Database engine version upgrades happen on primary",
            "Database engine version upgrade is independent from source instance",
        ),
        (
            "Automatic failover to standby when a problem is detected",
            "Can be manually promoted to a standalone database instance",
        ),
    )


@pytest.mark.parametrize(
    ("text", "names", "error"),
    [
        (  # the names cannot say which column "Yes" is in
            "Dedicated Instances Dedicated Hosts\nPer instance billing Yes\nPer host billing Yes\n",
            {"Dedicated Instances Dedicated Hosts": ["Dedicated Instances", "Dedicated Hosts"]},
            r"table\.txt:1: options\.columns: this is a table of marks",
        ),
        (  # a title names the columns otherwise
            "Security Group vs Network ACL\n\nSecurity Group Network ACL\n"
            "Operates at the instance level Operates at the subnet level\nStateful Stateless\n",
            {"Security Group Network ACL": ["Security", "Group Network ACL"]},
            r"table\.txt:3: options\.columns: the names .* contradict the table's own",
        ),
        (
            "x\n",
            {
                "Security Group Network ACL": ["Security Group", "Network ACL"],
                "Security Group  Network ACL": ["Security", "Group Network ACL"],
            },
            r"names the header .Security Group  Network ACL. twice",
        ),
    ],
)
def test_column_names_the_table_itself_contradicts_stop_the_build(
    text: str, names: dict[str, list[str]], error: str
) -> None:
    from notes_kb.errors import NoteError

    with pytest.raises(NoteError, match=error):
        read(fixture_file(text, "notes_src/fixture/table.txt"), {"columns": names})


def test_a_row_the_given_column_names_do_not_fit_stops_the_build_at_its_line() -> None:
    from notes_kb.errors import NoteError

    names = {"Security Group Network ACL": ["Security Group", "Network ACL"]}
    text = "Security Group Network ACL\nStateful Stateless\nEvaluates all rules Processes rules in order Always\n"
    with pytest.raises(NoteError, match=r"table\.txt:3: options\.columns names 2 columns"):
        read(fixture_file(text, "notes_src/fixture/table.txt"), {"columns": names})
