"""The `notion-export` reader on fixtures cut from notes_src/udemy-saa-ko/notes.md and on the real file."""

from __future__ import annotations

from pathlib import Path

import pytest

from golden import assert_golden
from helpers import fixture_file, real_file
from notes_kb.coverage import check_coverage
from notes_kb.model import (
    Block,
    ListBlock,
    ListItem,
    Paragraph,
    Quiz,
    Section,
    SourceTree,
    Span,
    walk_sections,
)
from notes_kb.readers import READERS
from notes_kb.readers.base import CHAT_FILLER, CHAT_LABEL, CHAT_MARK, CHAT_MARKED, without_chat_label
from notes_kb.readers.mdparse import HEADING_IN_A_BLOCK, parse_blocks
from notes_kb.readers.notion_export import (
    DOC_TITLE_REASON,
    GLUED_REPAIR,
    IMAGE_REASON,
    STARS_REASON,
    NotionExportReader,
)
from notes_kb.render import render_tree
from notes_kb.sources import RawFile

REAL = "notes_src/udemy-saa-ko/notes.md"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "notion_export"
READER = NotionExportReader()


def fixture(name: str) -> RawFile:
    text = (FIXTURES / f"{name}.md").read_text(encoding="utf-8")
    return fixture_file(text, f"notes_src/fixture/{name}.md")


def read(raw: RawFile) -> SourceTree:
    return READER.read([raw], {})


@pytest.fixture(scope="module")
def real() -> tuple[RawFile, SourceTree]:
    raw = real_file(REAL)
    return raw, read(raw)


def sections(tree: SourceTree) -> list[Section]:
    return walk_sections(tree.chapters)


def section(tree: SourceTree, title: str, n: int = 0) -> Section:
    found = [s for s in sections(tree) if s.title == title]
    assert len(found) > n, f"no section {title!r} (#{n}); have {[s.title for s in sections(tree)][:50]}"
    return found[n]


def all_blocks(tree: SourceTree) -> list[Block]:
    return [b for s in sections(tree) for b in s.blocks]


def quizzes(tree: SourceTree) -> list[Quiz]:
    return [b for b in all_blocks(tree) if isinstance(b, Quiz)]


def quiz_at(tree: SourceTree, line: int) -> Quiz:
    found = [q for q in quizzes(tree) if q.span.start == line]
    assert found, f"no quiz starting at line {line}"
    return found[0]


def items_at(tree: SourceTree, line: int) -> ListItem:
    """The list item (at any depth) whose span starts at `line`."""

    def walk(blocks: tuple[Block, ...] | list[Block]) -> ListItem | None:
        for block in blocks:
            if isinstance(block, ListBlock):
                for item in block.items:
                    if item.span.start == line:
                        return item
                    hit = walk(item.children)
                    if hit is not None:
                        return hit
        return None

    hit = walk(all_blocks(tree))
    assert hit is not None, f"no list item at line {line}"
    return hit


def child_texts(item: ListItem) -> list[str]:
    return [i.text for b in item.children if isinstance(b, ListBlock) for i in b.items]


# --- registry and options -------------------------------------------------------------------------------------------


def test_registered_with_no_options() -> None:
    assert isinstance(READERS["notion-export"], NotionExportReader)
    assert READER.options == frozenset()


# --- golden files (each reviewed by eye) ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "head",
        "fundamentals",
        "placement",
        "lb_quiz",
        "rds_quiz",
        "route53",
        "athena",
        "api_quiz",
        "ddos",
        "kms_quiz",
        "tail",
    ],
)
def test_golden(name: str) -> None:
    raw = fixture(name)
    tree = read(raw)
    assert check_coverage(tree, [raw]) == []
    assert_golden(f"notion_export/{name}.md", render_tree(tree))


# --- document structure ---------------------------------------------------------------------------------------------


def test_document_title_is_dropped_and_chapters_are_pages() -> None:
    tree = read(fixture("head"))
    assert [c.title for c in tree.chapters] == ["Global Services, Region", "Identity and access management(IAM)"]
    assert [d.reason for d in tree.dropped if d.span.start == 1] == [DOC_TITLE_REASON]
    glob = tree.chapters[0]
    assert [(s.title, s.level) for s in glob.children][:3] == [
        ("Global Service", 2),
        ("Region", 2),
        ("Region 선택 기준", 2),
    ]


def test_text_before_first_chapter_gets_a_page_named_by_the_document_title() -> None:
    tree = read(fixture_file("# My Notes\n\nIntro line.\n\n## Chapter\n\nBody.\n"))
    assert [(c.title, c.heading.start if c.heading else None) for c in tree.chapters] == [
        ("My Notes", 1),
        ("Chapter", 5),
    ]
    assert tree.dropped == ()


def test_strike_through_kept_and_nbsp_normalised(real: tuple[RawFile, SourceTree]) -> None:
    _, tree = real
    region = section(tree, "Region")
    assert isinstance(region.blocks[0], Paragraph)
    assert "~~서비스는 리전 크기를 벗어나지 못한다." in region.blocks[0].text
    texts = [repr(b) for b in all_blocks(tree)]
    assert not any("\xa0" in t for t in texts)


def test_bold_in_headings_is_stripped(real: tuple[RawFile, SourceTree]) -> None:
    _, tree = real
    titles = [c.title for c in tree.chapters]
    assert "Relational Database Service(RDS)" in titles
    assert "AWS Fundamentals" in titles
    assert section(tree, "Connection Draining(=Deregistration Delay)").level == 2
    assert section(tree, "Understanding CIDR – IPv4 – a method for allocating IP addresses").level == 2


def test_bold_lines_are_sub_sections_when_titles() -> None:
    tree = read(fixture("fundamentals"))
    page = tree.chapters[0]
    assert page.title == "AWS Fundamentals"
    assert [(s.title, s.level, s.heading.start if s.heading else 0) for s in page.children] == [
        ("Vertical Scalability", 2, 3),
        ("Horizontal Scalability", 2, 11),
        ("High Availability", 2, 16),
    ]


def test_bold_sub_sections_nest_under_the_section(real: tuple[RawFile, SourceTree]) -> None:
    _, tree = real
    ebs = section(tree, "EBS vs EFS – Elastic Block Storage")
    assert [(s.title, s.level) for s in ebs.children] == [
        ("EBS", 3),
        ("To migrate an EBS volume across AZ", 3),
        ("EFS", 3),
    ]
    endpoint = section(tree, "API Gateway - Endpoint Types")
    assert [s.title for s in endpoint.children] == [
        "Edge-Optimized (default): For global clients",
        "Regional",
        "Private",
    ]


def test_a_bold_lead_in_that_goes_on_into_its_list_is_no_title(real: tuple[RawFile, SourceTree]) -> None:
    """The Udemy notes' "**User Authentication through**" introduces IAM, Cognito and custom authorizers. As a title
    it also held the next paragraph, "**Custom Domain Name HTTPS**", and its certificate lines (a blind review of the
    API Gateway page); "**Import from S3**", ending on a name, stays a title."""
    _, tree = real
    security = section(tree, "API Gateway – Security")
    assert security.children == ()
    assert isinstance(security.blocks[0], Paragraph) and security.blocks[0].text == "**User Authentication through**"
    assert section(tree, "Import from S3").heading is not None


def test_bold_sentences_stay_paragraphs(real: tuple[RawFile, SourceTree]) -> None:
    _, tree = real
    by_line = {b.span.start: b for b in all_blocks(tree)}
    # a pasted ChatGPT answer, a ChatGPT question, a quoted sentence: not titles
    for line in (787, 2480, 5482):
        assert isinstance(by_line[line], Paragraph), line
    assert by_line[787].text.startswith("*(ChatGPT)* **When you create")  # its chatbot label as a mark (see below)


def test_wrapped_slide_titles_are_joined() -> None:
    tree = read(fixture("ddos"))
    heads = [(s.title, s.heading.start, s.heading.end) for s in sections(tree) if s.heading]
    assert heads == [
        ("AWS Best Practices for DDoS Resiliency Edge Location Mitigation (BP1, BP3)", 1, 2),
        ("AWS Best Practices for DDoS Resiliency Best pratices for DDoS mitigation", 17, 18),
        ("AWS Best Practices for DDoS Resiliency Application Layer Defense", 28, 28),
        ("AWS Best Practices for DDoS Resiliency Attack surface reduction", 39, 40),
    ]
    # PDF damage is left as written
    assert items_at(tree, 30).text == "Detectandfiltermaliciousweb requests (BP1, BP2)"


def test_empty_chapter_becomes_the_group_of_the_next_chapter() -> None:
    raw = fixture("tail")
    tree = read(raw)
    last = tree.chapters[-1]
    assert last.title == "Fully Managed Service VS Serverless"
    assert last.group == "번외"
    assert last.group_heading is not None and last.group_heading.start == 15
    assert "번외" not in [c.title for c in tree.chapters]


def test_empty_chapter_at_the_end_is_dropped() -> None:
    tree = read(fixture_file("# Doc\n\n## One\n\ntext\n\n## Empty\n"))
    assert [c.title for c in tree.chapters] == ["One"]
    assert [(d.span.start, d.reason) for d in tree.dropped][-1] == (7, "empty chapter heading (nothing under it)")


def test_quadruple_stars(real: tuple[RawFile, SourceTree]) -> None:
    _, tree = real
    assert [d.reason for d in tree.dropped if d.span.start == 2306] == [STARS_REASON]
    getting = section(tree, "Getting the best of both worlds: Serverless and fully managed")
    assert getting.level == 2 and getting.heading is not None and getting.heading.start == 5478
    # inside a list item, the `****` lines are repairs of the list, not drops
    weighted = items_at(tree, 1084)
    assert "****" not in repr(weighted)
    assert items_at(tree, 3945).text == "\\+ pay for API call to KMS ($0.03 / 10000 calls)"  # not a nested list


def test_placeholders_stay_literal(real: tuple[RawFile, SourceTree]) -> None:
    _, tree = real
    item = items_at(tree, 2954)
    assert item.text.startswith("s3://yourBucket/pathToTable /<PARTITION_COLUMN_NAME>=<VALUE> /<PARTITION_COLUMN_NAME>")
    assert item.text.endswith("/etc...")


def test_words_the_slide_pdf_split_after_r_are_joined(real: tuple[RawFile, SourceTree]) -> None:
    _, tree = real
    assert items_at(tree, 5369).text == "Supports Linux, macOS, and Windows"
    assert items_at(tree, 4448).text == "**10.0.0.1** – reserved by AWS for the VPC router"
    assert items_at(tree, 3822).text.startswith("3rd party: Active Directory (AD)")
    assert "create multiple Site-to-Site VPN connections" in items_at(tree, 4775).text


def test_words_the_slide_pdf_ran_together_are_parted_and_recorded(real: tuple[RawFile, SourceTree]) -> None:
    _, tree = real
    assert items_at(tree, 4242).text == "Detect and filter malicious web requests (BP1, BP2)"
    assert items_at(tree, 4765).text == "RouteTables:limit which VPC can talk with other VPC"  # CamelCase stays
    lines = sorted(r.line for b in all_blocks(tree) for r in getattr(b, "repairs", ()) if r.what == GLUED_REPAIR)
    assert lines == [477, 898, 3309, 3843, 4083, 4084, 4242, 4254, 4597, 4708, 4765, 4889]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "supports" is the file's own word and "suppor" none of its words: one word split by the PDF
        ("- Suppor ts Linux\n- It supports Windows\n- It supports macOS\n", "Supports Linux"),
        # both pieces are words the file uses often: two words, left alone
        ("- over ride\n- override\n- override\n" + "- over\n- ride\n" * 4, "over ride"),
        # the file never writes them joined
        ("- Suppor ts Linux\n", "Suppor ts Linux"),
        # a hyphen the PDF broke a word after, but not one that shares its second half ("pre- and post-")
        ("- on- premises servers, pre- and post-processing\n", "on-premises servers, pre- and post-processing"),
        # before a capital, only after a prefix: "Service- How many" is a label and its text
        ("- KMS Multi- Region Keys, non- AWS targets\n", "KMS Multi-Region Keys, non-AWS targets"),
        ("- Service- How many copies\n", "Service- How many copies"),
        ("- Pre- And Post-Processing\n", "Pre- And Post-Processing"),  # shares its half, as "pre- and post-"
    ],
)
def test_what_counts_as_a_word_split_after_r(text: str, expected: str) -> None:
    tree = read(fixture_file("## Chapter\n\n" + text, "notes_src/fixture/split.md"))
    assert items_at(tree, 3).text == expected


# --- lists ----------------------------------------------------------------------------------------------------------


def test_slide_bullets_become_children_of_the_item_before() -> None:
    tree = read(fixture("placement"))
    # `    - Use case:` then `    • …` at the same indent (real L206-L208)
    assert child_texts(items_at(tree, 26)) == [
        "Big Data job that needs to complete fast",
        "Application that needs extremely low latency and high network throughput",
    ]


def test_orphan_wrap_fragments_join_the_previous_item() -> None:
    tree = read(fixture("placement"))
    # real L214-L218: the fragment `Zones (AZ)` ends the run; L220-L221 `per placement group`
    assert child_texts(items_at(tree, 34)) == [
        "Can span across Availability",
        "Reduced risk is simultaneous failure",
        "EC2 Instances are on different physical hardware Zones (AZ)",
    ]
    assert child_texts(items_at(tree, 39)) == ["Limited to 7 instances per AZ per placement group"]


def test_bullets_after_a_top_level_item_and_their_indented_siblings() -> None:
    tree = read(fixture("lb_quiz"))
    # real L602-L609: `• …` at column 0 and at 4 spaces are both children of `- Application Load Balancer (v2)`
    assert child_texts(items_at(tree, 7)) == [
        "Supports multiple listeners with multiple SSL certificates",
        "Uses Server Name Indication (SNI) to make it work",
    ]
    assert child_texts(items_at(tree, 12)) == [
        "Supports multiple listeners with multiple SSL certificates",
        "Uses Server Name Indication (SNI) to make it work",
    ]


def test_over_indented_bullets_and_bold_across_lines() -> None:
    tree = read(fixture("route53"))
    # real L1137-L1145 (fixture lines 69-77): 12-space bullets under a level-3 ordered item
    deep = items_at(tree, 69)
    assert deep.text == "**About 15 global health checkers will check the endpoint health**"
    assert child_texts(deep) == [
        "Healthy/UnhealthyThreshold–3(default)",
        "Interval – 30 sec (can set to 10 sec – higher cost) Supported protocol:HTTP, HTTPS and TCP",
        "If > 18% of health checkers report the endpoint is healthy, Route 53 considers it Healthy. Otherwise, "
        "it’s Unhealthy",
        "Ability to choose which locations you want Route 53 to use",
    ]
    assert (
        items_at(tree, 79).text
        == "**Configure you router/firewall to allow incoming requests from Route 53 Health Checkers**"
    )


def test_a_heading_inside_a_list_item_opens_a_section(real: tuple[RawFile, SourceTree]) -> None:
    """Real L1914 and L1928, "    ### AWS Transfer Familiy - S3 & EFS" and "### AWS DataSync ...", indented into the
    Storage Gateway's "**Hardware Appliance**" item: markdown-it reads them as headings inside the item. Shown there
    as bold lines, their lines were the gateway's and went to its page (two blind reviews); they open sections."""
    _, tree = real
    transfer = section(tree, "AWS Transfer Familiy - S3 & EFS")
    datasync = section(tree, "AWS DataSync - S3, FSx, EFS(Not EBS)")
    assert [(b.span.start, b.span.end) for b in transfer.blocks] == [(1918, 1926)]
    assert [(b.span.start, b.span.end) for b in datasync.blocks] == [(1930, 1939)]
    hardware = items_at(tree, 1905)
    assert hardware.text == "**Hardware Appliance**" and hardware.span.end == 1910
    assert not any(r.what == HEADING_IN_A_BLOCK for b in all_blocks(tree) for r in getattr(b, "repairs", ()))


def test_images_are_removed_and_recorded(real: tuple[RawFile, SourceTree]) -> None:
    _, tree = real
    dropped = [d for d in tree.dropped if d.reason == IMAGE_REASON]
    repaired = [r for b in all_blocks(tree) for r in getattr(b, "repairs", ()) if r.what == IMAGE_REASON]
    assert len(dropped) + len(repaired) == 313
    assert len(repaired) == 67  # indented inside list items: a repair of that list
    assert "Untitled" not in render_tree(tree)


# --- quizzes --------------------------------------------------------------------------------------------------------


def test_quiz_with_options_glued_to_the_question() -> None:
    tree = read(fixture("rds_quiz"))
    quiz = quiz_at(tree, 3)
    assert quiz.span.end == 8
    assert quiz.question.startswith("Question 4: RDS 데이터베이스에 읽기 전용 복제본을")
    assert "**" not in quiz.question
    assert [(o.text, o.correct) for o in quiz.options] == [
        ("애플리케이션에 버그가 존재함", False),
        ("읽기 전용 복제본은 비동기 복제를 지니므로, 사용자들은 최종 일관성만을 읽게 됨", True),
        ("그 대신 다중 AZ를 설정했었어야 함", False),
    ]


def test_quiz_answer_written_after_a_label() -> None:
    tree = read(fixture("rds_quiz"))
    written = quiz_at(tree, 10)
    assert written.options == ()
    assert written.answer == "다른 리전에 읽기 전용 복제본을 만들고 해당 읽기 전용 복제본에서 다중 AZ를 활성화한다."
    listed = quiz_at(tree, 22)  # `답` on its own line, then the options
    assert [o.correct for o in listed.options] == [False, False, True, False]
    assert listed.options[2].text == "Aurora 서버리스 사용하기"
    assert listed.answer == ""
    assert [r.line for r in listed.repairs] == [26]


def test_quiz_wrong_answer_mark_and_explanations() -> None:
    tree = read(fixture("api_quiz"))
    assert len(quizzes(tree)) == 6
    q13 = quiz_at(tree, 21)
    assert [o.correct for o in q13.options] == [True, False, False, False]
    assert q13.options[1].text.endswith("(오답)")
    q7 = quiz_at(tree, 3)
    assert q7.answer.startswith("엣지 최적화 API Gateway는 지리적으로")
    # the quiz section ends at the next chapter
    assert [c.title for c in tree.chapters][-1] == "DB Summary"


def test_quiz_without_a_marked_answer_and_answer_heading() -> None:
    tree = read(fixture("kms_quiz"))
    no_answer = quiz_at(tree, 43)
    assert len(no_answer.options) == 4 and not any(o.correct for o in no_answer.options)
    assert no_answer.answer == ""
    last = quiz_at(tree, 61)
    assert [o.text for o in last.options if o.correct] == ["`us-east-1`"]
    assert last.options[3].text == "`us-east-1` 와  `us-west-2` 모두 가능하다."  # the 3 NBSPs became spaces
    assert last.answer.startswith("엣지 최적화 API Gateway는 배후에서")
    assert "Answer" not in last.answer
    assert last.span.end == 71


def test_quiz_counts_on_the_real_file(real: tuple[RawFile, SourceTree]) -> None:
    _, tree = real
    qs = quizzes(tree)
    assert len(qs) == 30
    assert sum(any(o.correct for o in q.options) for q in qs) == 24
    assert quiz_at(tree, 4933).question.startswith("Question 5: 인터넷 게이트웨이를")  # no colon after the number
    bold_inside = quiz_at(tree, 3672)  # `• **…**` marks the answer too
    assert [o.correct for o in bold_inside.options] == [True, False, False]
    assert len(section(tree, "문제", 6).blocks) == 3


# --- the real file --------------------------------------------------------------------------------------------------


def test_real_file_coverage_and_counts(real: tuple[RawFile, SourceTree]) -> None:
    raw, tree = real
    assert check_coverage(tree, [raw]) == []
    assert len(tree.chapters) == 31  # 32 `##` chapters; `## 번외` (empty) became the last chapter's group
    assert tree.chapters[0].title == "Global Services, Region"
    assert tree.chapters[-1].title == "Fully Managed Service VS Serverless"
    titles = [s.title for s in sections(tree)]
    assert len(titles) == 508  # 509 before "**User Authentication through**" stayed a lead-in
    assert titles.count("문제") == 7
    for korean in ("기본용어", "IAM Group과 IAM OU 차이", "EC2 Hibernate 기능"):
        assert korean in titles
    for title in titles:
        assert title and title == title.strip()
        assert not any(mark in title for mark in ("▼", "**", "#", "\xa0")), title
    assert all(1 <= s.level <= 3 for s in sections(tree))


def test_deterministic(real: tuple[RawFile, SourceTree]) -> None:
    raw, tree = real
    assert read(raw) == tree


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n   \n",
        "# Only a title\n",
        "•\n",
        "    • indented bullet with nothing above\n",
        "Question 1:\n",
        "## A\n\nQuestion 2\n**• x**\n• y\n답\n",
        "```\n# not a heading\n• not a bullet\n",
        "## **\n\n****\n\n**bold**\n",
        "- a\n    ![x](y.png)\n- \n",
        "### deep first\n**Title**\n\ntext\n# Two\n# h1s\n",
    ],
)
def test_odd_input_never_crashes(text: str) -> None:
    raw = fixture_file(text)
    tree = read(raw)
    assert check_coverage(tree, [raw]) == []


def test_a_bare_chat_label_is_dropped_with_its_reason(real: tuple[RawFile, SourceTree]) -> None:
    _, tree = real
    assert [d.span.start for d in tree.dropped if d.reason == CHAT_FILLER] == [3711]  # "chat gpt " over an answer
    said = [b.text.strip() for s in sections(tree) for b in s.blocks if isinstance(b, Paragraph)]
    assert said and "chat gpt" not in said


def test_a_chat_label_glued_to_pasted_text_is_written_as_a_mark_with_a_repair(real: tuple[RawFile, SourceTree]) -> None:
    """A label "Chat-GPT :" before pasted text says the text is a chatbot's answer, not the course's: it is written
    "*(ChatGPT)*" (a blind review found a chatbot's wrong definition of lazy loading read as the notes' own once the
    label was cut). On a title ("**chat-gpt : CloudFront Functions can be replaced ...?**") it is cut: a topic is no
    one's answer; a list item's label ("- **Fanout - Chat GPT**") heads the answer below it, so it is marked."""
    _, tree = real

    def repaired(what: str) -> list[int]:
        return sorted(
            r.line
            for s in sections(tree)
            for b in s.blocks
            if isinstance(b, Paragraph | ListBlock)
            for r in b.repairs
            if r.what == what
        )

    assert repaired(CHAT_MARKED) == [787, 975, 977, 1422, 1438, 2071, 2462, 2974, 2978, 3001, 3016, 5473]
    assert repaired(CHAT_LABEL) == [2480]
    texts = [b.text for s in sections(tree) for b in s.blocks if isinstance(b, Paragraph)]
    texts += [i.text for s in sections(tree) for b in s.blocks if isinstance(b, ListBlock) for i in b.items]
    assert any(t.startswith(CHAT_MARK + ' **The "lambda at edge"') for t in texts)
    assert not any(t.lower().lstrip("*").startswith(("chatgpt", "chat gpt", "chat-gpt")) for t in texts)
    assert "**Fanout** *(ChatGPT)*" in texts  # "- **Fanout - Chat GPT**": the item heads the chatbot's answer


@pytest.mark.parametrize(
    ("line", "written"),
    [
        ("- **chatgpt-when you create a cluster", "- *(ChatGPT)* **When you create a cluster"),
        ("ChatGPT: Lambda@Edge runs at edge locations", "*(ChatGPT)* Lambda@Edge runs at edge locations"),
        ("- **Fanout - Chat GPT**", "- **Fanout** *(ChatGPT)*"),
        ("**Fanout - Chat GPT**", "**Fanout**"),  # a title, not an item: no one's answer
        ("- Chat-GPT : S3 Select filters on the server", "- *(ChatGPT)* S3 Select filters on the server"),
        ("**chat-gpt : Can CloudFront Functions be replaced?**", "**Can CloudFront Functions be replaced?**"),
        ("- **Chat GPT**", None),  # a bare label: chat filler, dropped whole
        ("chatgpt is a chatbot", None),
    ],
)
def test_what_counts_as_a_glued_chat_label(line: str, written: str | None) -> None:
    assert without_chat_label(line) == written


def test_a_heading_in_any_list_item_ends_the_list_and_the_items_after_it_form_a_new_one() -> None:
    """`mdparse._list`: the list up to the heading, the heading, the rest of its item as blocks of their own, and the
    items after it as a list; every line still in exactly one block. The same from a nested list."""
    items, dropped = parse_blocks(["- a", "  ### H", "  text", "- b", "", "after"], "x.md")
    assert [(type(i).__name__, i.span.start, i.span.end) for i in items] == [
        ("ListBlock", 1, 1),
        ("Heading", 2, 2),
        ("Paragraph", 3, 3),
        ("ListBlock", 4, 4),
        ("Paragraph", 6, 6),
    ]
    assert dropped == []
    nested, _ = parse_blocks(["- a", "  - b", "    ### H", "    c"], "x.md")
    assert [(type(i).__name__, i.span.start, i.span.end) for i in nested] == [
        ("ListBlock", 1, 2),
        ("Heading", 3, 3),
        ("Paragraph", 4, 4),
    ]
    first = nested[0]
    assert isinstance(first, ListBlock) and [c.span for c in first.items[0].children] == [Span("x.md", 2, 2)]
    alone, _ = parse_blocks(["- ### H", "- b"], "x.md")
    assert [(type(i).__name__, i.span.start, i.span.end) for i in alone] == [("Heading", 1, 1), ("ListBlock", 2, 2)]
