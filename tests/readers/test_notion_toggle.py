"""The notion-toggle reader: golden pages from fixtures cut from the SAA notebook, one test per hard case, and the
real two-part notebook end to end.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from golden import assert_golden
from helpers import fixture_file, real_file
from notes_kb.coverage import check_coverage
from notes_kb.model import (
    Block,
    Callout,
    Code,
    ListBlock,
    Paragraph,
    ScreenshotText,
    Section,
    SourceTree,
    Table,
    walk_sections,
)
from notes_kb.readers.notion_toggle import EMPTY_SECTION, NotionToggleReader
from notes_kb.render import render_tree
from notes_kb.sources import RawFile

P1 = "notes_src/saa-notebook/part-1.txt"
P2 = "notes_src/saa-notebook/part-2.txt"
FIXTURES = "tests/fixtures/notion_toggle"


def read(files: list[RawFile], **options: Any) -> SourceTree:
    return NotionToggleReader().read(files, options)


def fixture(name: str) -> RawFile:
    return real_file(f"{FIXTURES}/{name}.txt")


@pytest.fixture(scope="module")
def files() -> list[RawFile]:
    return [real_file(P1), real_file(P2)]


@pytest.fixture(scope="module")
def tree(files: list[RawFile]) -> SourceTree:
    return read(files)


def sections(tree: SourceTree) -> list[Section]:
    return walk_sections(tree.chapters)


def section_at(tree: SourceTree, path: str, line: int) -> Section:
    return next(
        s for s in sections(tree) if s.heading is not None and (s.heading.path, s.heading.start) == (path, line)
    )


def block_at(tree: SourceTree, path: str, line: int) -> Block:
    """The top-level block whose span holds `line`."""
    for section in sections(tree):
        for block in section.blocks:
            if block.span.path == path and block.span.start <= line <= block.span.end:
                return block
    raise AssertionError(f"no block at {path}:{line}")


def page(tree: SourceTree, title: str) -> Section:
    return next(p for p in tree.chapters if p.title == title)


# --- golden pages ----------------------------------------------------------------------------------------------

GOLDEN_CASES: list[tuple[str, dict[str, Any]]] = [
    ("iam", {}),
    ("ec2_screenshots", {}),
    ("elasticache", {"implicit_first_topic": {"elasticache.txt": "RDS, Aurora & ElastiCache"}}),
    ("vpc_dns", {}),
    ("s3_tables", {"implicit_first_topic": {"s3_tables.txt": "Amazon S3"}}),
    ("part2_opening", {}),
    ("part2_split_json", {"implicit_first_topic": {"part2_split_json.txt": "IAM - Advanced"}}),
    ("part2_lambda_console", {"implicit_first_topic": {"part2_lambda_console.txt": "AWS Security & Encryption"}}),
    ("part2_nat_nacl", {"implicit_first_topic": {"part2_nat_nacl.txt": "Networking - VPC"}}),
]


@pytest.mark.parametrize(("name", "options"), GOLDEN_CASES, ids=[c[0] for c in GOLDEN_CASES])
def test_golden(name: str, options: dict[str, Any]) -> None:
    files = [fixture("toc"), fixture(name)]
    tree = read(files, **options)
    assert check_coverage(tree, files) == []
    assert_golden(f"notion_toggle/{name}.md", render_tree(tree))


# --- hard cases ------------------------------------------------------------------------------------------------

EXPECTED_PAGES = [
    ("IAM & CLI", "Section I"),
    ("EC2", "Section I"),
    ("EC2 Instance Storage", "Section I"),
    ("High Availability & Scalability", "Section I"),
    ("RDS, Aurora & ElastiCache", "Section I"),
    ("Route 53", "Section I"),
    ("Amazon S3", "Section II"),
    ("Amazon S3 Security", "Section II"),
    ("AWS Monitoring & Audit", "Section III"),
    ("IAM - Advanced", "Section III"),
    ("AWS Security & Encryption", "Section IV"),
    ("Networking - VPC", "Section IV"),
    ("Disaster Recovery & Migrations", "Section IV"),
    ("Other Services", "Section IV"),
    ("WhitePapers & Architectures", "Section IV"),
    ("Other", "Section IV"),
]


def test_toc_is_dropped_and_gives_pages_and_groups(tree: SourceTree) -> None:
    drops = {(d.span.path, d.span.start, d.span.end): d.reason for d in tree.dropped if d.span.start < 59}
    assert drops == {
        (P1, 5, 5): "document title (the site takes it from source.yml)",
        (P1, 7, 57): "table of contents (used as the topic list)",
    }
    assert [(p.title, p.group) for p in tree.chapters] == EXPECTED_PAGES
    assert all(p.level == 1 for p in tree.chapters)


def test_part_lines_are_group_headings_of_the_first_topic(tree: SourceTree) -> None:
    heads = {p.title: (p.group_heading.path, p.group_heading.start) for p in tree.chapters if p.group_heading}
    assert heads == {"IAM & CLI": (P1, 59), "Amazon S3": (P1, 1497), "AWS Security & Encryption": (P2, 370)}


def test_topic_is_the_bare_toc_line_not_the_toggle(tree: SourceTree) -> None:
    route53 = page(tree, "Route 53")
    assert route53.heading is not None and route53.heading.start == 1236
    toggle = section_at(tree, P1, 1257)
    assert (toggle.title, toggle.level) == ("Route 53", 2)
    assert toggle in route53.children


@pytest.mark.parametrize(
    ("path", "line", "title"),
    [
        (P1, 63, "IAM Users, Groups and Policies"),
        (P1, 257, "EC2 Instance Types"),
        (P1, 442, "AMI"),
        (P1, 1694, "Lifecycle Rules Question- Scenario I"),
        (P1, 108, "IAM Policies Structure"),
        (P2, 304, "AWS IAM Identity Center"),
        (P2, 1637, "1. WhatsTheTime App"),
        (P2, 3, "AWS Health Dashboard"),
    ],
)
def test_toggle_variants_give_clean_level_2_titles(tree: SourceTree, path: str, line: int, title: str) -> None:
    section = section_at(tree, path, line)
    assert (section.title, section.level) == (title, 2)


def test_no_title_keeps_markup(tree: SourceTree) -> None:
    for section in sections(tree):
        assert not any(mark in section.title for mark in ("▼", "□", "**", "#")), section.title
        assert not section.title.endswith((".", ":")), section.title


def test_pseudo_headings_versus_screenshot_text_and_lead_ins(tree: SourceTree) -> None:
    assert (section_at(tree, P1, 110).title, section_at(tree, P1, 110).level) == ("IAM Policy Components", 3)
    assert section_at(tree, P1, 1147).title == "Redis vs Memcached"
    ui = block_at(tree, P1, 224)  # the button row and `Showing 9 results`
    assert isinstance(ui, ScreenshotText) and (ui.span.start, ui.span.end) == (224, 226)
    assert "**" not in ui.text and ui.text.startswith("Create role Delete role")
    assert isinstance(block_at(tree, P1, 1189), ScreenshotText)  # `ElastiCache (Redis OSS): API/CLI View`
    console = block_at(tree, P1, 1485)  # `| PrivateSDN`, `Logs Tags` and the VPC details panel
    assert isinstance(console, ScreenshotText) and (console.span.start, console.span.end) == (1483, 1493)
    for line in (179, 318, 418):  # lead-ins ending in `:`
        assert isinstance(block_at(tree, P1, line), Paragraph)


def test_hash_depth_is_ignored_text_decides(tree: SourceTree) -> None:
    security = page(tree, "AWS Security & Encryption")
    assert security.heading is not None and security.heading.start == 373  # `### AWS Security & Encryption`
    assert page(tree, "Networking - VPC").heading.start == 679  # type: ignore[union-attr]  # `## Networking - VPC`
    cidr = section_at(tree, P2, 684)
    assert cidr.level == 3 and cidr.title.startswith("CIRD (Classless Inter'Domain Routing)")
    assert cidr in section_at(tree, P2, 681).children
    quick = section_at(tree, P2, 1856)
    assert [(c.title, c.level) for c in quick.children] == [("EC2 Instances", 3), ("RDS", 3), ("EBS", 3)]


def test_empty_heading_groups_deeper_headings(tree: SourceTree) -> None:
    default_nacl = section_at(tree, P2, 814)
    assert default_nacl.level == 3 and not default_nacl.blocks
    assert [(c.title, c.level) for c in default_nacl.children] == [("Inbound Rules", 4), ("Outbound Rules", 4)]
    assert section_at(tree, P2, 841).level == 3  # `## NACL with Ephemeral Ports` closes the group


def test_headings_whose_content_was_an_image_are_dropped(tree: SourceTree) -> None:
    empty = sorted((d.span.path, d.span.start) for d in tree.dropped if d.reason == EMPTY_SECTION)
    assert (P1, 872) in empty and (P2, 924) in empty and (P2, 1695) in empty
    assert len(empty) == 14


def test_console_toggle_is_not_a_section(tree: SourceTree) -> None:
    assert not any(s.title == "Encryption configuration" for s in sections(tree))
    ui = block_at(tree, P2, 436)
    assert isinstance(ui, ScreenshotText) and (ui.span.start, ui.span.end) == (436, 449)
    assert "[Info](#)" not in ui.text and "Enable helpers for encryption in transit Info" in ui.text


def test_tab_table_with_empty_top_left_cell(tree: SourceTree) -> None:
    table = block_at(tree, P1, 259)
    assert isinstance(table, Table) and table.span.start == 259 and table.span.end == 274
    assert table.header == ("", "Type", "Description", "Mnemonic")
    assert table.rows[1][:2] == ("", "t-family: t3, t3a, t2")
    nat = block_at(tree, P2, 796)
    assert isinstance(nat, Table) and nat.header == ("", "NAT Gateway", "NAT Instance")


def test_unclosed_ul_cells_split_on_bullets(tree: SourceTree) -> None:
    table = block_at(tree, P1, 1150)
    assert isinstance(table, Table) and table.header == ("REDIS", "MEMCACHED")
    redis = table.rows[0][0]
    assert "<ul" not in redis and redis.startswith("• Multi AZ with Auto-Failover\\\n• Read Replicas")
    assert redis.count("•") == 5
    assert any("<ul" in r.what for r in table.repairs)


def test_screenshot_tables_repaired(tree: SourceTree) -> None:
    report = block_at(tree, P1, 206)
    assert isinstance(report, Table)
    assert report.header[:2] == ("user", "user_creation_time")
    assert report.rows[0][0] == "<root_account>" and report.rows[5][0] == "ryan Howard"
    roles = block_at(tree, P1, 229)
    assert isinstance(roles, Table) and roles.rows[0][0] == "☐ AdminAccess"
    flow = block_at(tree, P2, 902)
    assert isinstance(flow, Table) and len(flow.header) == 14
    assert flow.header[:4] == ("version", "account-id", "interface-id", "srcaddr")
    assert flow.rows[1][-2:] == ("REJECT", "OK")
    nacl = block_at(tree, P2, 821)
    assert isinstance(nacl, Table) and nacl.rows[-1][0] == "*"


def test_ragged_cells_kept_and_latex_cells_written_out(tree: SourceTree) -> None:
    classes = block_at(tree, P1, 1650)
    assert isinstance(classes, Table) and classes.rows[0] == ("Durability", "99.999999999 == (11 9's)", *[""] * 6)
    cidr = block_at(tree, P2, 693)
    assert isinstance(cidr, Table) and "( 2^0 )" in cidr.header[4]  # "$2^0$": no page loads a math renderer
    costs = block_at(tree, P1, 1659)
    assert isinstance(costs, Table) and costs.rows[0][1] == "\\$0.023"


def test_lists_nested_with_one_or_two_spaces(tree: SourceTree) -> None:
    one = block_at(tree, P1, 124)
    assert isinstance(one, ListBlock) and [i.text for i in one.items] == ["Consists of", "Statements consists of"]
    assert len(one.items[0].children) == 1 and len(one.items[1].children[0].items) == 6  # type: ignore[union-attr]
    ordered = block_at(tree, P1, 1093)
    assert isinstance(ordered, ListBlock)
    nested = ordered.items[1].children[0]
    assert isinstance(nested, ListBlock) and nested.ordered and len(nested.items) == 3
    two = block_at(tree, P2, 45)
    assert isinstance(two, ListBlock) and len(two.items) == 4 and len(two.items[2].children[0].items) == 3  # type: ignore[union-attr]


def test_stray_bullet_glyph_is_a_list_item(tree: SourceTree) -> None:
    block = block_at(tree, P1, 1952)
    assert isinstance(block, ListBlock) and block.items[0].text == "**Retention mode - Compliance**"


def test_pipe_lines_callout_and_console(tree: SourceTree) -> None:
    quote = block_at(tree, P1, 988)
    assert isinstance(quote, Callout) and quote.kind == "quote"
    assert quote.blocks == (Paragraph("Read replicas can be set too as Multi-AZ for DR.", quote.span),)
    assert isinstance(block_at(tree, P1, 1483), ScreenshotText)


def test_llm_screenshot_descriptions_dropped(tree: SourceTree) -> None:
    reasons = {d.span.start: d.reason for d in tree.dropped if d.span.path == P1}
    assert reasons[1473] == reasons[1671] == "description of a screenshot written by the converter"
    assert isinstance(block_at(tree, P1, 1674), Table)  # the transcription that follows stays a table


def test_sentences_split_by_a_blank_line_rejoined(tree: SourceTree) -> None:
    cpu = block_at(tree, P1, 888)
    assert isinstance(cpu, Paragraph) and (cpu.span.start, cpu.span.end) == (886, 888)
    assert cpu.text.endswith("(example CPU < 30%), then remove unit.")
    groups = block_at(tree, P1, 73)
    assert isinstance(groups, Paragraph) and "access based on job function or role." in groups.text
    memcached = block_at(tree, P1, 1141)
    assert isinstance(memcached, ListBlock)
    assert memcached.items[-1].text.endswith("a large cache with minimal operational overhead.")
    # a paragraph that ends a sentence is never joined to the next one
    assert isinstance(block_at(tree, P1, 183), Paragraph) and block_at(tree, P1, 183).span.start == 183


def test_json_split_by_page_breaks_rejoined(tree: SourceTree) -> None:
    code = block_at(tree, P2, 102)
    assert isinstance(code, Code) and (code.span.start, code.span.end) == (85, 116)
    lines = code.text.split("\n")
    assert lines[:3] == ["{", '  "Version": "2012-10-17",', '  "Statement": [']
    assert "]," in lines and '"Resource": "*",' in lines and not any(x.startswith("- ") for x in lines)
    assert "```" not in code.text
    yaml = block_at(tree, P2, 1359)
    assert isinstance(yaml, Code) and (yaml.span.start, yaml.span.end) == (1349, 1362)
    assert yaml.text.endswith("    ResourceSignal:\nCount: 1\nTimeout: PT15M")
    single = block_at(tree, P2, 62)
    assert isinstance(single, Code) and single.span.end == 81


def test_part2_opens_in_a_topic_known_only_from_the_toc(tree: SourceTree) -> None:
    first = tree.chapters[8]
    assert (first.title, first.heading, first.group) == ("AWS Monitoring & Audit", None, "Section III")
    assert first.children[0].heading is not None and first.children[0].heading.start == 3


def test_implicit_topic_option_overrides(files: list[RawFile]) -> None:
    tree = read(files, implicit_first_topic={"part-2.txt": "Other Services"})
    assert tree.chapters[8].title == "Other Services"
    with pytest.raises(Exception, match="implicit_first_topic"):
        read(files, implicit_first_topic="AWS Monitoring & Audit")


def test_escaped_dollars_formulas_and_dead_links(tree: SourceTree) -> None:
    savings = block_at(tree, P1, 337)
    assert isinstance(savings, Paragraph) and "(\\$10/hour for 1 or 3 years)" in savings.text
    weighted = block_at(tree, P1, 1394)
    assert isinstance(weighted, Paragraph) and weighted.text.startswith("traffic = (weight for a specific record) / (")
    assert [r.what for r in weighted.repairs] == ["TeX formula written out as text"]
    marketplace = block_at(tree, P1, 316)
    assert isinstance(marketplace, Paragraph) and "in the Reserved Instance Marketplace." in marketplace.text
    assert any("dead link" in r.what for r in marketplace.repairs)


def test_iam_actions_the_converter_damaged_are_put_right(tree: SourceTree) -> None:
    """The converter read an IAM action's colon as `>` (source-formats.md: 000 L94, 003 L173 and L194-L197): a
    student copying `s3>ListBucket` into a policy gets no action at all. An HTML tag (`<b>Stateful`) is no action."""
    bucket = block_at(tree, P2, 173)
    assert isinstance(bucket, Paragraph) and bucket.text.startswith("**s3:ListBucket**")
    assert "IAM action `service>Action` read back as `service:Action`" in {r.what for r in bucket.repairs}
    policy = block_at(tree, P2, 194)
    assert isinstance(policy, Code) and '"s3:DeleteObject"' in policy.text and ">" not in policy.text
    assert [r.line for r in policy.repairs if "IAM action" in r.what] == [194, 195, 197]
    metrics = block_at(tree, P1, 94)
    assert isinstance(metrics, Code) and '"cloudwatch:ListMetrics"' in metrics.text


# --- the real notebook -----------------------------------------------------------------------------------------


def test_real_notebook_coverage_and_counts(tree: SourceTree, files: list[RawFile]) -> None:
    assert check_coverage(tree, files) == []
    assert len(tree.chapters) == 16
    levels = Counter(s.level for s in sections(tree))
    # 86 + 84 toggles, less the console `▼` line (003 L436) and two image-only toggles (003 L924, L993)
    assert levels[1] == 16 and levels[2] == 167 and levels[3] > 60
    reasons = Counter(d.reason for d in tree.dropped)
    assert reasons["description of a screenshot written by the converter"] == 2
    assert reasons["table of contents (used as the topic list)"] == 1
    kinds = Counter(type(b).__name__ for s in sections(tree) for b in s.blocks)
    # 15 + 10 tab tables; 4 + 20 fences, six page-break splits re-joined
    assert kinds["Table"] == 25 and kinds["Code"] == 18


def test_reading_is_deterministic(files: list[RawFile], tree: SourceTree) -> None:
    assert read(files) == tree


# --- other notebooks in the same format ------------------------------------------------------------------------


def test_without_a_toc_the_toggles_are_pages() -> None:
    note = fixture_file("▼ **First.**\n\nSome text.\n\nA Heading\n\n- item\n\n▼ Second\n\nMore text.\n", "n/x.txt")
    tree = read([note])
    assert [(p.title, p.level) for p in tree.chapters] == [("First", 1), ("Second", 1)]
    assert [(c.title, c.level) for c in tree.chapters[0].children] == [("A Heading", 2)]
    assert check_coverage(tree, [note]) == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t\n",
        "```\nunclosed { [\n",
        "- ],\n}\n",
        "Section I\n\n[A](#)\n[B](#)\n\nSection I\n\nB\n\nA\n",
        "▼\n#\n##   \n| \n\t\t\n* \t\n1 a\n2 b\n<ul>•\n",
        "x\ty\n\tz\n",
    ],
)
def test_odd_input_never_crashes_and_is_covered(text: str) -> None:
    note = fixture_file(text, "n/odd.txt")
    tree = read([note])
    assert check_coverage(tree, [note]) == []


def test_a_bold_label_that_lost_its_opening_stars_gets_them_back(tree: SourceTree) -> None:
    """`- Client → Web Server:** The client connects…`: the export lost the opening `**`; shown as is, a reader sees
    a stray `**`. The label is bold again, with a repair on its line."""
    for line, label in ((845, "Client → Web Server:"), (1026, "Cost Efficiency:")):
        block = block_at(tree, P2, line)
        assert isinstance(block, ListBlock)
        item = next(i for i in block.items if i.span.start == line)
        assert item.text.startswith(f"**{label}** ")
        assert "a bold label's lost opening ** restored" in [r.what for r in block.repairs if r.line == line]
    kept = block_at(tree, P2, 980)
    assert isinstance(kept, ListBlock) and kept.items[0].text.startswith("**Dedicated Connections:** 1Gpbs")
