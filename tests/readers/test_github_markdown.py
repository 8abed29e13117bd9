"""The `github-markdown` reader: golden pages for fixtures cut from the DVA-C02 notes, one test per hard case, and
the real 16,917-line file (coverage, counts, speed)."""

from __future__ import annotations

from collections import Counter
from functools import cache
from typing import Any

import pytest
import yaml

from golden import assert_golden
from helpers import ROOT, cut, fixture_file, real_file
from notes_kb.coverage import check_coverage
from notes_kb.errors import NoteError
from notes_kb.inline import MISSING_IMAGE
from notes_kb.model import (
    Block,
    Callout,
    Code,
    ListBlock,
    ListItem,
    Paragraph,
    Quiz,
    Section,
    SourceTree,
    Table,
    walk_sections,
)
from notes_kb.readers.base import CHAT_FILLER, CHAT_LEAD_IN, is_chat_filler, is_chat_lead_in, is_chat_lead_in_paragraph
from notes_kb.readers.github_markdown import GithubMarkdownReader, heading_title
from notes_kb.readers.mdparse import HORIZONTAL_RULE
from notes_kb.render import render_tree
from notes_kb.sources import RawFile

SRC = "notes_src/dva-c02-notes/notes.md"
FIXTURE_DIR = ROOT / "tests" / "fixtures" / "github_markdown"
# Each fixture is these line ranges of the real note, concatenated byte for byte.
FIXTURES: dict[str, list[tuple[int, int]]] = {
    "outline": [(1, 34), (843, 848), (1094, 1100), (1145, 1153)],
    "steps": [
        (7445, 7447),
        (7528, 7558),
        (8172, 8180),
        (8291, 8296),
        (9941, 9946),
        (10444, 10448),
        (10728, 10734),
        (11046, 11052),
    ],
    "chat": [(3303, 3316), (13148, 13190), (14098, 14112)],
    "noise": [
        (843, 844),
        (1288, 1294),
        (1486, 1503),
        (3213, 3218),
        (5518, 5526),
        (14966, 14969),
        (16185, 16193),
        (15897, 15911),
        (11505, 11508),
        (16916, 16917),
    ],
    "duplicate": [(12545, 12692)],
}
DNS = "DNS (Optional for DVA-CO2) (It is a refresher of basics for you knowledge)"
EXTRA = {"extra_chapters": [DNS, "CloudFront"]}


def fixture(name: str) -> RawFile:
    return fixture_file((FIXTURE_DIR / f"{name}.md").read_text(encoding="utf-8"), f"notes_src/fixture/{name}.md")


def read(raw: RawFile, options: dict[str, Any] | None = None) -> SourceTree:
    tree = GithubMarkdownReader().read([raw], options or {})
    assert [str(p) for p in check_coverage(tree, [raw])] == []
    return tree


def source_options() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "notes_src/dva-c02-notes/source.yml").read_text(encoding="utf-8"))
    options: dict[str, Any] = data.get("options", {})
    return options


@cache
def real_tree() -> SourceTree:
    return GithubMarkdownReader().read([real_file(SRC)], source_options())


def sections(tree: SourceTree) -> list[Section]:
    return [s for chapter in tree.chapters for s in walk_sections((chapter,))]


def blocks(tree: SourceTree) -> list[Block]:
    return [b for s in sections(tree) for b in s.blocks]


def find(tree: SourceTree, title: str) -> Section:
    matches = [s for s in sections(tree) if s.title == title]
    assert len(matches) == 1, (title, len(matches))
    return matches[0]


def parent_of(tree: SourceTree, child: Section) -> Section:
    for s in sections(tree):
        if any(c is child for c in s.children):
            return s
    raise AssertionError(f"{child.title} has no parent")


def all_items(items: tuple[ListItem, ...]) -> list[ListItem]:
    out: list[ListItem] = []
    for item in items:
        out.append(item)
        for child in item.children:
            if isinstance(child, ListBlock):
                out.extend(all_items(child.items))
    return out


# ---------------------------------------------------------------------------------------------------------------
# Fixtures and golden pages


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_fixtures_are_byte_for_byte_cuts_of_the_real_note(name: str) -> None:
    expected = "".join(cut(SRC, a, b) for a, b in FIXTURES[name])
    assert (FIXTURE_DIR / f"{name}.md").read_text(encoding="utf-8") == expected


@pytest.mark.parametrize(
    ("name", "options"),
    [("outline", {}), ("steps", EXTRA), ("chat", {}), ("noise", {}), ("duplicate", {})],
)
def test_golden(name: str, options: dict[str, Any]) -> None:
    assert_golden(f"github_markdown/{name}.md", render_tree(read(fixture(name), options)))


# ---------------------------------------------------------------------------------------------------------------
# Hard cases, one test each


def test_hash_lines_inside_fences_are_never_headings() -> None:
    fenced = [(550, 586), (6499, 6514), (6619, 6635)]
    headings = [s.heading for s in sections(real_tree()) if s.heading is not None]
    assert not [h for h in headings for a, b in fenced if a <= h.start <= b]
    code = [b for b in blocks(real_tree()) if isinstance(b, Code) and b.span.start == 549]
    assert code and "## This is not mandatory unless a description is added" in code[0].text


def test_document_title_and_table_of_contents() -> None:
    tree = read(fixture("outline"))
    intro = tree.chapters[0]
    assert (intro.title, intro.level, intro.heading) == ("1. DVA-C02 Notes", 1, intro.heading)
    assert intro.heading is not None and (intro.heading.start, intro.heading.end) == (1, 1)
    assert [type(b).__name__ for b in intro.blocks] == ["Callout"] and intro.children == ()
    reasons = {(d.span.start, d.span.end): d.reason for d in tree.dropped}
    assert reasons[(5, 25)] == "table of contents (the headings give the pages)"
    assert reasons[(4, 4)] == HORIZONTAL_RULE  # `****`
    assert [c.title for c in tree.chapters] == [
        "1. DVA-C02 Notes",
        "1.1. Cloud Computing Fundamentals",
        "1.3. IAM-Accounts-AWS-Organizations",
    ]


def test_title_without_preamble_is_dropped_as_document_title() -> None:
    tree = read(fixture_file("# Notebook\n\n## A\n\ntext\n\n## B\n\nmore\n"))
    assert [c.title for c in tree.chapters] == ["A", "B"]
    assert [(d.span.start, d.reason) for d in tree.dropped] == [(1, "document title (the source's name)")]


def test_real_chapters() -> None:
    titles = [c.title for c in real_tree().chapters]
    assert titles == [
        "1. DVA-C02 Notes",
        "1.1. Cloud Computing Fundamentals",
        "1.2. AWS-Fundamentals",
        "1.3. IAM-Accounts-AWS-Organizations",
        "1.4. Simple-Storage-Service-(S3)",
        "1.5. Virtual-Private-Cloud-VPC",
        "1.6. Elastic-Cloud-Compute-EC2",
        "1.7. Containers-and-ECS",
        "1.8. Advanced-EC2",
        "1.9 Cloud Formation",
        DNS,
        "1.9. Route-53",
        "CloudFront",
        "1.10. Relational-Database-Service-RDS",
        "1.11. Network-Storage-EFS",
        "1.12. HA-and-Scaling",
        "1.12 CI/CD",
        "1.13. Serverless-and-App-Services",
        "1.14. CDN-and-Optimization",
        "1.15. Advanced-VPC",
        "1.16. Hybrid-and-Migration",
        "1.17. Security-Deployment-Operations",
        "1.18. NoSQL-and-DynamoDB",
    ]
    starts = [c.heading.start for c in real_tree().chapters if c.heading]
    assert starts[9:13] == [8293, 9943, 10446, 11048] and starts[16] == 15139


def test_numbered_step_at_chapter_depth_is_a_section() -> None:
    tree = read(fixture("steps"), EXTRA)
    step = find(tree, "2. Check CloudTrail Logs (Optional)")
    assert step.level == 2 and parent_of(tree, step).title == "1.8. Advanced-EC2"
    assert [c.title for c in tree.chapters] == [
        "1.8. Advanced-EC2",
        "1.9 Cloud Formation",
        DNS,
        "1.9. Route-53",
        "CloudFront",
    ]


def test_unnumbered_chapters_need_the_option_in_a_numbered_notebook() -> None:
    tree = read(fixture("steps"))
    assert [c.title for c in tree.chapters] == ["1.8. Advanced-EC2", "1.9 Cloud Formation", "1.9. Route-53"]
    assert parent_of(tree, find(tree, DNS)).title == "1.9 Cloud Formation"
    assert parent_of(tree, find(tree, "CloudFront")).title == "1.9. Route-53"
    with pytest.raises(NoteError, match="extra_chapters names no heading"):
        GithubMarkdownReader().read([fixture("steps")], {"extra_chapters": ["Nowhere"]})
    with pytest.raises(NoteError, match="must be a list"):
        GithubMarkdownReader().read([fixture("steps")], {"extra_chapters": "CloudFront"})


def test_non_chapter_h2_nests_its_headings_until_the_chapter_outline_resumes() -> None:
    tree = read(fixture("steps"), EXTRA)
    interop = find(tree, "Route 53 Interoperability")
    assert interop.level == 2 and [c.title for c in interop.children] == ["1. With EC2"]
    outline = read(fixture("outline"))
    stray = find(outline, "Inline vs. Managed Policies in AWS IAM")  # a mid-file H1
    users = find(outline, "1.3.2. IAM Users")
    assert stray.level == 2 and users.level == 2
    assert parent_of(outline, users).title == "1.3. IAM-Accounts-AWS-Organizations"


def test_an_empty_outline_heading_holds_the_headings_written_above_it() -> None:
    """DVA's "#### 1.6.8.3. EBS Encryption" has no text, and the 18 "### ..." headings after it were sections of
    "### 1.6.8. EBS Snapshots ...", so the page read encryption under snapshots. Written at its level, an empty
    outline heading holds nothing ("### 1.6.10. Amazon Machine Image (AMI)", then "### AMI Overview")."""
    text = (
        "# 1. Notes\n\n## 1.6. EC2\n\n### 1.6.8. EBS Snapshots\n\nIncremental.\n\n#### 1.6.8.3. EBS Encryption\n\n"
        "### EBS Encryption and How It Works\n\nAES-256.\n\n#### Volume Encryption\n\nAt rest.\n\n"
        "### Key Management\n\nKMS keys.\n\n### 1.6.10. Amazon Machine Image (AMI)\n\n### AMI Overview\n\nA template.\n"
    )
    tree = read(fixture_file(text))
    encryption = find(tree, "1.6.8.3. EBS Encryption")
    assert parent_of(tree, encryption).title == "1.6.8. EBS Snapshots"
    assert [c.title for c in encryption.children] == ["EBS Encryption and How It Works", "Key Management"]
    assert [c.title for c in find(tree, "EBS Encryption and How It Works").children] == ["Volume Encryption"]
    assert parent_of(tree, find(tree, "AMI Overview")).title == "1.6. EC2"


def test_local_numbering_inside_chapter_1_10_stays_there() -> None:
    chapters = {c.title: c for c in real_tree().chapters}
    rds = [s.title for s in walk_sections((chapters["1.10. Relational-Database-Service-RDS"],))]
    assert "1.1. Identity and Access Management (IAM)" in rds
    assert "1.2. Security Groups" in rds
    first = [s.title for s in walk_sections((chapters["1.1. Cloud Computing Fundamentals"],))]
    assert first == [
        "1.1. Cloud Computing Fundamentals",
        "1.1.1. Public vs Private vs Multi Cloud",
        "1.1.2. Cloud Service Models",
    ]


def test_levels_come_from_relative_depth_without_gaps() -> None:
    tree = read(fixture("steps"), EXTRA)
    cluster = find(tree, "1.8.6.1. Cluster Placement Group")  # `###` although the number says depth 4
    assert cluster.level == 2 and [(c.title, c.level) for c in cluster.children] == [("Key Features", 3)]
    deep = read(fixture_file("## A\n\n#### four\n\n###### six\n\n##### five\n\n### three\n"))
    assert [(s.title, s.level) for s in sections(deep)] == [
        ("A", 1),
        ("four", 2),
        ("six", 3),
        ("five", 3),
        ("three", 2),
    ]
    for section in sections(real_tree()):
        for child in section.children:
            assert child.level == min(section.level + 1, 6), child.title
    assert max(s.level for s in sections(real_tree())) <= 6


def test_titles_are_cleaned() -> None:
    assert heading_title("**Key Features**:") == "Key Features"
    assert heading_title("1\\. **With EC2**") == "1. With EC2"
    assert heading_title("**1.10.1.2.1. Key-Value Databases**") == "1.10.1.2.1. Key-Value Databases"
    assert heading_title("**Key Elements of a Policy Statement:**") == "Key Elements of a Policy Statement"
    assert heading_title("CloudTrail Logs for Global Services\\") == "CloudTrail Logs for Global Services"
    for section in sections(real_tree()):
        assert section.title and not any(bad in section.title for bad in ("**", "#", "▼", "\\")), section.title
        assert not section.title.endswith(":"), section.title


def test_chat_transcripts_become_quizzes() -> None:
    """A pasted chat becomes a quiz whose answer is the chatbot's first paragraph, marked as the chatbot's."""
    tree = read(fixture("chat"))
    quizzes = [b for b in blocks(tree) if isinstance(b, Quiz)]
    assert len(quizzes) == 2
    yes_no, choice = quizzes
    assert yes_no.question.startswith("Even if auto assigned public IPv6") and yes_no.options == ()
    assert yes_no.answer.startswith("*(ChatGPT)* Yes, that's correct!")
    assert [(o.text, o.correct) for o in choice.options] == [
        ("Global Accelerator", True),
        ("Global Elasticache", False),
        ("CloudFront", False),  # written `(incorrect) CloudFront`
        ("CloudFormation", False),
    ]
    assert choice.answer.startswith("*(ChatGPT)* The correct service for improving")
    assert "ChatGPT said" not in {s.title for s in sections(tree)}
    assert (choice.span.start, choice.span.end) == (17, 26)  # `Q.` paragraph through the first answer paragraph
    assert sum(isinstance(b, Quiz) for b in blocks(real_tree())) == 5
    assert "ChatGPT said" not in {s.title for s in sections(real_tree())}


def test_a_chatbot_answer_without_a_question_is_marked_too() -> None:
    """A line "###### ChatGPT said:" with no "Q." above it is dropped as a marker; the paragraph it introduces is the
    chatbot's, and says so."""
    tree = read(fixture_file("# N\n\n## VPC\n\n###### ChatGPT said:\n\nSubnets talk to each other.\n\nMine.\n"))
    texts = [b.text for b in blocks(tree) if isinstance(b, Paragraph)]
    assert texts == ["*(ChatGPT)* Subnets talk to each other.", "Mine."]


def test_sample_mcq_becomes_a_quiz() -> None:
    tree = read(fixture("noise"))
    quiz = next(b for b in blocks(tree) if isinstance(b, Quiz))
    assert quiz.question.startswith("Your application is running on an Amazon EC2 instance")
    assert [o.correct for o in quiz.options] == [False, False, True, False]
    assert quiz.options[2].text == "Attach an IAM role with appropriate S3 permissions to the EC2 instance."
    assert quiz.answer.startswith("IAM roles are the most secure way")


def test_exact_repeat_is_dropped_once() -> None:
    repeats = [d for d in real_tree().dropped if d.reason.startswith("exact repeat")]
    assert [(d.span.start, d.span.end, d.reason) for d in repeats] == [
        (12619, 12687, "exact repeat of lines 12549-12617")
    ]
    tree = read(fixture("duplicate"))
    assert [d.reason for d in tree.dropped if d.reason.startswith("exact")] == ["exact repeat of lines 5-73"]
    assert [s.title for s in sections(tree)].count("Geolocation Security in CloudFront") == 1
    # The same block reused far apart (not back to back) is deliberate and stays.
    block = cut(SRC, 12549, 12618)
    spaced = fixture_file("## A\n\n" + block + "\n## B\n\n" + block)
    assert not [d for d in read(spaced).dropped if d.reason.startswith("exact")]


def test_hard_breaks_stay_in_the_inline_text() -> None:
    para = next(b for b in blocks(real_tree()) if isinstance(b, Paragraph) and b.span.start == 1051)
    assert para.text.startswith("**🔹 Example:**\\\nA user has an identity-based policy")


def test_fences_indented_in_list_items_stay_in_their_item() -> None:
    lst = next(b for b in blocks(real_tree()) if isinstance(b, ListBlock) and b.span.start <= 7535 <= b.span.end)
    codes = [c for item in all_items(lst.items) for c in item.children if isinstance(c, Code)]
    assert [(c.lang, c.text) for c in codes] == [
        ("bash", "sudo cat /var/log/cloud-init-output.log"),
        ("bash", "sudo tail -f /var/log/cloud-init-output.log"),
    ]


def test_phantom_table_columns_are_cut_with_a_repair() -> None:
    tree = read(fixture("noise"))
    tables = [b for b in blocks(tree) if isinstance(b, Table)]
    nested = [
        c
        for b in blocks(tree)
        if isinstance(b, ListBlock)
        for item in all_items(b.items)
        for c in item.children
        if isinstance(c, Table)
    ]
    assert [t.header for t in tables + nested] == [("Static", "Dynamic"), ("Kinesis", "SQS")]
    assert all(len(row) == 2 for t in tables + nested for row in t.rows)
    assert any(r.what == "phantom table cell removed: 'C2'" for r in tables[0].repairs)
    real_tables = [b for b in blocks(real_tree()) if isinstance(b, Table)]
    assert not any(cell in ("C1", "C2", "C3") for t in real_tables for row in t.rows for cell in row)


def test_important_markers_become_callouts_without_html() -> None:
    important = [b for b in blocks(real_tree()) if isinstance(b, Callout) and b.kind == "important"]
    assert [b.span.start for b in important] == [1290, 3214, 5519, 6043]
    assert isinstance(important[0].blocks[0], ListBlock)  # `**IMPORTANT❗**` takes the list after it
    quote = important[3]
    assert isinstance(quote.blocks[0], Paragraph)
    assert quote.blocks[0].text == "Attribute to remember `disableApiTermination`"
    inline = next(b for b in blocks(real_tree()) if isinstance(b, ListBlock) and b.span.start <= 3820 <= b.span.end)
    assert any(i.text.startswith("**Important:** SGs are not attached") for i in inline.items)
    assert not [b for b in blocks(real_tree()) if "<span" in repr(b)]


def test_placeholders_stay_literal() -> None:
    lst = next(b for b in blocks(real_tree()) if isinstance(b, ListBlock) and b.span.start == 11507)
    assert lst.items[0].text.startswith("**max-age=<seconds>**")


def test_footnote_is_inlined_at_its_reference() -> None:
    lst = next(b for b in blocks(real_tree()) if isinstance(b, ListBlock) and b.span.start <= 14967 <= b.span.end)
    item = next(i for i in all_items(lst.items) if i.span.start == 14967)
    assert item.text.startswith("ALB can use Server Name Indication (SNI) (For more information on Server Name")
    assert "[^1]" not in item.text
    drops = [d for d in real_tree().dropped if d.span.start == 16917]
    assert [d.reason for d in drops] == ["footnote definition (inlined at its reference)"]


def test_dead_images_are_removed_and_recorded() -> None:
    tree = real_tree()
    image_lines = [n for d in tree.dropped if d.reason.startswith("image ") for n in d.span.lines()]
    assert len(image_lines) == 25
    # One stable reason, so provenance counts all missing images together.
    assert {d.reason for d in tree.dropped if d.reason.startswith("image")} == {MISSING_IMAGE}
    assert not [b for b in blocks(tree) if "![" in repr(b)]


def test_rules_are_dropped_and_kept_as_breaks_between_a_section_s_blocks() -> None:
    tree = real_tree()
    assert Counter(d.reason for d in tree.dropped)[HORIZONTAL_RULE] == 595
    # Most rules stand just before a heading; only those between one section's own blocks are breaks.
    broken = {s.heading.start: s.breaks for s in sections(tree) if s.breaks and s.heading}
    assert len(broken) == 8  # the rule above "**ECR**" (7098) now stands before the part it opens
    assert broken[13138] == (13148,)  # "Key Points for the Exam": the tip list, "---", then a quiz question
    for section in sections(tree):
        for line in section.breaks:
            assert section.blocks[0].span.end < line < section.blocks[-1].span.start
            assert real_file(SRC).lines[line - 1].strip() == "---"


# ---------------------------------------------------------------------------------------------------------------
# The real file, and ordinary Markdown with no options


def test_real_file_is_fully_covered() -> None:
    raw = real_file(SRC)
    tree = GithubMarkdownReader().read([raw], source_options())
    assert [str(p) for p in check_coverage(tree, [raw])] == []
    assert len(tree.chapters) == 23
    assert len(sections(tree)) == 1248
    reasons = Counter("image" if d.reason.startswith("image ") else d.reason for d in tree.dropped)
    assert reasons == Counter(
        {
            HORIZONTAL_RULE: 595,
            "image": 24,
            "table of contents (the headings give the pages)": 1,
            "exact repeat of lines 12549-12617": 1,
            "footnote definition (inlined at its reference)": 1,
            CHAT_FILLER: 8,
            CHAT_LEAD_IN: 7,
        }
    )
    titles = {s.title for s in sections(tree)}
    assert {"Route 53 Interoperability", "Exam Power-Up", "1.8.6.1. Cluster Placement Group"} <= titles


def test_ordinary_markdown_needs_no_options() -> None:
    titled = read(fixture_file("# My notes\n\nWhat this is.\n\n## Alpha\n\ntext\n\n### Alpha one\n\n## Beta\n\nb\n"))
    assert [(c.title, [s.title for s in walk_sections((c,))][1:]) for c in titled.chapters] == [
        ("My notes", []),
        ("Alpha", ["Alpha one"]),
        ("Beta", []),
    ]
    only_h1 = read(fixture_file("# One\n\ntext\n\n## sub\n\n# Two\n\nmore\n"))
    assert [c.title for c in only_h1.chapters] == ["One", "Two"]
    only_h2 = read(fixture_file("intro line\n\n## One\n\na\n\n## Two\n\nb\n", "notes_src/x/my-notes.md"))
    assert [c.title for c in only_h2.chapters] == ["My notes", "One", "Two"]
    none = read(fixture_file("just text\n\n- a list\n", "notes_src/x/field_guide.md"))
    assert [c.title for c in none.chapters] == ["Field guide"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n \n\t\n",
        "#\n\n##\n",
        "```\n# not a heading\n",
        "| a | b |\n| - | - | - |\n| 1 | 2 | 3 |\n",
        "Q. what?\n\n###### ChatGPT said:\n",
        "###### ChatGPT said:\n\nanswer\n",
        "**IMPORTANT**\n",
        "[^x]: orphan\n\ntext[^y]\n",
        "> !Important:\n",
        "- [a](#a)\n- [b](#b)\n",
        "# T\n\n- [a](#a)\n- [b](#b)\n\n# U\n\n# V\n",
    ],
)
def test_odd_input_never_crashes_and_is_covered(text: str) -> None:
    read(fixture_file(text))


def test_chat_greetings_and_sign_offs_are_dropped_with_their_reason() -> None:
    tree = real_tree()
    assert [d.span.start for d in tree.dropped if d.reason == CHAT_FILLER] == [
        169,  # "Great question! Let's break down VPC … in simple terms."
        2273,  # "Let me know if you need more clarification or further details on CloudTrail!"
        3665,
        4068,
        5134,
        5403,
        6435,
        10359,  # "Got it, Rahman. Here's a clean, focused explanation of each concept …"
    ]
    said = " ".join(b.text for b in blocks(tree) if isinstance(b, Paragraph))
    assert "Let me know if" not in said and "Great question" not in said


def test_chat_lead_ins_are_dropped_with_their_reason() -> None:
    """The lines a pasted answer opens a list or table with; each is a paragraph of its own in the real notes."""
    tree = real_tree()
    assert [d.span.start for d in tree.dropped if d.reason == CHAT_LEAD_IN] == [
        6780,  # "Let's go through each of these concepts in detail and explore an example."
        7572,
        8029,  # "Let's break down the key concepts and details:"
        8966,
        10385,  # "Here’s how it works step by step:" (a numbered list follows)
        13783,  # "Here’s a comparison:" (a table follows)
        15145,
    ]
    said = " ".join(b.text for b in blocks(tree) if isinstance(b, Paragraph))
    assert "Here’s a comparison" not in said and "Let's break down the key" not in said
    assert "Let's say you have the following setup in your VPC:" in said  # sets up an example: kept


@pytest.mark.parametrize(
    ("line", "lead_in"),
    [
        ("Here’s a comparison:", True),
        ("**Let's break down each component:**", False),  # bold: the author marked it
        ("Let's say you have the following setup in your VPC:", False),  # names a thing
        ("Here's a comparison of the 3 tiers:", False),  # a number
        ("Here is the list of every option that you need to know here:", True),
        ("Here is the list of every option that you need to know for this exam and more:", False),  # 15 words
        ("Let's dive in.", True),
        ("Let's assume the limit is high, which it is not.", False),  # sets up an example
        ("Here's how: the bucket must be public.", False),  # goes on after the colon
    ],
)
def test_what_counts_as_a_chat_lead_in(line: str, lead_in: bool) -> None:
    assert is_chat_lead_in(line) is lead_in


@pytest.mark.parametrize(
    ("lines", "dropped"),
    [
        (["", "Here’s a comparison:", "", "| a | b |"], True),
        (["Here’s a comparison:", "- a"], True),
        (["intro text", "Here’s a comparison:", ""], False),  # ends someone else's paragraph
        (["", "Here’s a comparison:", "the table is below"], False),  # the paragraph goes on
    ],
)
def test_a_lead_in_is_dropped_only_as_a_paragraph_of_its_own(lines: list[str], dropped: bool) -> None:
    assert is_chat_lead_in_paragraph(lines, lines.index("Here’s a comparison:")) is dropped


@pytest.mark.parametrize(
    ("line", "filler"),
    [
        ("Let me know if you'd like more examples or clarification!", True),
        ("**Let me know if you need further clarification!**", True),
        ("chat-gpt :", True),
        ("Let me know if this is wrong: the limit is 5.", False),  # says something
        ("Let me know if you need the 5 limits!", False),
        ("chat gpt- The lambda at edge refers to functions deployed at edge locations.", False),
        ("Great question", False),
        ("Yes, that's correct! Auto-assigned IPv6 addresses are public.", False),
    ],
)
def test_what_counts_as_chat_filler(line: str, filler: bool) -> None:
    assert is_chat_filler(line) is filler


def test_a_rule_glued_to_a_heading_leaves_the_heading() -> None:
    """DVA L9749 `---### **AWS CloudFormation Custom Resources**` read as a paragraph of literal hashes."""
    text = "# Notes\n\n## 1.9 Cloud Formation\n\nIntro.\n\n---### **Custom Resources**\n\nBacked by Lambda.\n"
    tree = read(fixture_file(text))
    chapter = tree.chapters[0]
    assert [(s.title, s.heading.start if s.heading else None) for s in chapter.children] == [("Custom Resources", 7)]
    assert not [b for b in blocks(tree) if "###" in repr(b)]
    glued = find(real_tree(), "AWS CloudFormation Custom Resources")
    assert glued.heading is not None and glued.heading.start == 9749


def test_a_bold_split_by_a_blank_line_is_joined_and_the_list_goes_on() -> None:
    """DVA L14265: "3. **VPC Security", a blank line, " Groups** act as a virtual firewall ...": as written the list
    ended, "Groups**" showed its stars and "4. **Audit logs**" ran on in that paragraph. A bold that opens and closes
    within one line, or a line after the blank that starts a block, is left alone."""
    text = (
        "# Notes\n\n## RDS\n\n### Exam PowerUps\n\n"
        "1. **RDS Encryption** protects data.\n2. **VPC Security\n\n Groups** act as a virtual firewall.\n"
        "3. **Audit logs** and **CloudTrail** track activity.\n\n"
        "**Not split** at all\n\n- **A list item**\n"
    )
    tree = read(fixture_file(text, "notes_src/fixture/split.md"))
    lists = [b for b in blocks(tree) if isinstance(b, ListBlock)]
    assert [item.text for item in lists[0].items] == [
        "**RDS Encryption** protects data.",
        "**VPC Security\nGroups** act as a virtual firewall.",
        "**Audit logs** and **CloudTrail** track activity.",
    ]
    assert [r.what for r in lists[0].repairs] == ["a bold split by a blank line joined with line 10"]
    assert (lists[0].span.start, lists[0].span.end) == (7, 11)
    assert [item.text for item in lists[1].items] == ["**A list item**"]


def test_a_row_with_more_cells_than_its_header_widens_the_table() -> None:
    """GitHub's table rule drops a long row's extra cells without a word, and pads a short row: the extra cell is a
    fact of the note, so the table is widened to keep it, and both rows are recorded (a contributor's review)."""
    text = (
        "# Notes\n\n## VPC\n\n"
        "| | Security Group | NACL |\n| --- | --- | --- |\n"
        "| state | stateful | stateless | return traffic needs a rule |\n"
        "| level | instance |\n"
        "| rules | allow \\| only | allow and deny |\n"
    )
    tree = read(fixture_file(text, "notes_src/fixture/table.md"))
    (table,) = [b for b in blocks(tree) if isinstance(b, Table)]
    assert table.header == ("", "Security Group", "NACL", "")
    assert table.rows == (
        ("state", "stateful", "stateless", "return traffic needs a rule"),
        ("level", "instance", "", ""),
        ("rules", "allow | only", "allow and deny", ""),
    )
    assert [(r.line, r.what) for r in table.repairs] == [
        (7, "row of 4 cells under a header of 3: the table is widened so that no cell is lost"),
        (8, "row of 2 under a header of 3 cells: padded with empty cells"),
    ]
    assert "return traffic needs a rule" in render_tree(tree)


def test_typed_bullet_signs_are_list_items() -> None:
    """`•` lines pasted from slides ran together into one paragraph (a contributor's review); in a fence, or with
    no text after the sign, they stay as written."""
    text = (
        "# Notes\n\n## SNS\n\n"
        "SNS basics\n• push based, pub/sub\n• up to 12,500,000 subscriptions per topic\n"
        "  ◦ per topic, not per account\n\n"
        "```\n• in a fence\n```\n"
    )
    tree = read(fixture_file(text, "notes_src/fixture/bullets.md"))
    (paragraph, items, code) = blocks(tree)
    assert isinstance(paragraph, Paragraph) and paragraph.text == "SNS basics"
    assert isinstance(items, ListBlock)
    assert [i.text for i in items.items] == ["push based, pub/sub", "up to 12,500,000 subscriptions per topic"]
    (nested,) = items.items[1].children
    assert isinstance(nested, ListBlock) and [i.text for i in nested.items] == ["per topic, not per account"]
    assert [r.line for r in items.repairs] == [6, 7, 8]
    assert "• in a fence" in repr(code)


def test_a_bold_title_after_a_rule_opens_a_part_of_its_own() -> None:
    """DVA's "---", "**ECR**" and ECR's features ended an ECS section, so the ECR page lacked them (a blind
    review); a bold label with no rule above it, or ending in a colon, stays a line of its section."""
    ecr = find(real_tree(), "ECR")
    assert ecr.heading is not None and (ecr.heading.start, ecr.heading.end) == (7100, 7100)
    assert "Replication..Cross-Region And Cross-Account" in repr(ecr.blocks)
    assert find(real_tree(), "1.7.3.3. EC2 vs ECS(EC2) vs Fargate").children == (ecr,)
    text = (
        "# Notes\n\n## S3\n\n### Storage classes\n\nStandard\n\n**Example:**\n\n- one\n\n---\n\n**Benefits:**\n\n"
        "- two\n\n---\n\n**Glacier**\n\nNo list under it.\n\n---\n\n**Replication**\n\n- CRR\n- SRR\n"
    )
    tree = read(fixture_file(text, "notes_src/fixture/titled.md"))
    assert [s.title for s in sections(tree)] == ["S3", "Storage classes", "Replication"]
    replication = find(tree, "Replication")
    assert replication.level == find(tree, "Storage classes").level + 1
    assert [repr(i.text) for b in replication.blocks if isinstance(b, ListBlock) for i in b.items] == ["'CRR'", "'SRR'"]
