"""Exam tips and practice questions: detection on real snippets, a labelled sample, highlighting, the two pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import real_file
from notes_kb.examtips import (
    TIP_TITLE,
    collect_tips,
    heading_marker,
    highlight_tree,
    mark_blocks,
    opens_chat_answer,
    text_marker,
    tips_in_tree,
)
from notes_kb.model import Block, Callout, ListBlock, ListItem, Paragraph, Quiz, Section, SourceTree, Span
from notes_kb.pipeline import Build
from notes_kb.practice import collect_questions, without_number
from notes_kb.render import render_blocks

LABELLED = Path(__file__).parent / "data" / "exam_tips.yml"
P = "notes_src/x/notes.md"


def _labelled() -> list[dict[str, Any]]:
    data = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
    items: list[dict[str, Any]] = data["items"]
    return items


def _detected(item: dict[str, Any]) -> bool:
    text = str(item["text"])
    return bool(heading_marker(text) if item["kind"] == "heading" else text_marker(text))


@pytest.mark.parametrize(
    ("title", "marker"),
    [
        ("Exam Power-Up", "Exam Power-Up"),
        ("1.3.9.2. CloudTrail Exam PowerUp", "Exam PowerUp"),
        ("1.6.5.4. EBS Exam Power Up", "Exam Power Up"),
        ("Key Points for the Exam", "for the Exam"),
        ("Tips to Remember IAM Roles", "Tips to Remember"),
        ("Tips for Memorizing", "Tips for Memorizing"),
        ("시험 포인트", "시험"),
        ("Sample MCQ Question for AWS Developer Associate Exam", ""),
        ("NAT Instance (outdated, but still at the exam)", ""),
        ("Summary for Easy Remembering", ""),
        ("AWS Lambda Pricing: example", ""),
    ],
)
def test_heading_markers(title: str, marker: str) -> None:
    assert heading_marker(title) == marker


@pytest.mark.parametrize(
    ("text", "marker"),
    [
        ("**Exam Tip: analyze data in S3 using serverless SQL, use Athena**", "Exam Tip"),
        ("Can't interpret HTTP.\n[**EXAM HINT]\\*\\* => If you see anything about latency", "EXAM HINT"),
        ("**Tip to Remember**: CloudWatch Logs allow you to store logs", "Tip to Remember"),
        ("**Gateway is most likely going to be preferred all the time at the exam**", "at the exam"),
        ("**문제로 종종 나온다니 체크**", "문제로 종종 나온"),
        ("**종종 출제 된다고 하니 이해하자**", "출제"),
        ("In the context of **VPC** and the **AWS Developer Associate (DVA-CO2)** exam, the terms", ""),
        ("Remember : EFS vs EBS vs Instance Store", ""),
        ("Tip: you can create custom Automation Documents that invokes Lambda function", ""),
        ("EC2로 접속할 때 ... Security Group 문제 때문이다.", ""),
        ("Example: send an order to be processed", ""),
    ],
)
def test_text_markers(text: str, marker: str) -> None:
    assert text_marker(text) == marker


def test_labelled_passages_are_real() -> None:
    """Each labelled text starts on the line it names (compared without Markdown marks)."""
    from notes_kb.advice import plain_note as _plain

    for item in _labelled():
        line = real_file(item["path"]).lines[item["line"] - 1]
        start = _plain(str(item["text"]).split("\n")[0])[:20]
        assert start in _plain(line), (item["path"], item["line"], start)


def test_precision_and_recall_on_the_labelled_sample(capsys: pytest.CaptureFixture[str]) -> None:
    items = _labelled()
    assert len(items) >= 40
    tips = sum(1 for i in items if i["tip"])
    assert 20 <= tips <= len(items) - 20  # both classes well represented
    found = [i for i in items if _detected(i)]
    true_positive = sum(1 for i in found if i["tip"])
    precision, recall = true_positive / len(found), true_positive / tips
    with capsys.disabled():
        print(f"\nexam-tip detection on {len(items)} labelled passages: precision {precision:.3f}, recall {recall:.3f}")
    wrong = [(i["line"], i["text"][:40]) for i in items if _detected(i) != i["tip"]]
    assert precision == 1.0 and recall == 1.0, wrong


def _para(start: int, text: str) -> Paragraph:
    return Paragraph(text, Span(P, start, start))


def _items(*texts: str, start: int = 1) -> ListBlock:
    items = tuple(ListItem(t, Span(P, start + n, start + n)) for n, t in enumerate(texts))
    return ListBlock(items, Span(P, start, start + len(texts) - 1))


def _leaves(blocks: tuple[Block, ...]) -> list[Span]:
    """Spans of every paragraph and list item, looking through callouts: what highlighting must not lose."""
    out: list[Span] = []
    for block in blocks:
        if isinstance(block, Callout):
            out += _leaves(block.blocks)
        elif isinstance(block, ListBlock):
            out += [item.span for item in block.items]
        else:
            out.append(block.span)
    return out


def test_a_tip_item_splits_its_list_and_keeps_every_item() -> None:
    # udemy-saa-ko notes.md lines 4628-4630, cut down
    block = _items(
        "**Gateway is most likely going to be preferred all the time at the exam**",
        "Cost: free for Gateway, $ for interface endpoint",
        start=4628,
    )
    marked = mark_blocks("Gateway or Interface Endpoint for S3?", (block,))
    assert [type(b).__name__ for b in marked.blocks] == ["Callout", "ListBlock"]
    assert len(marked.tips) == 1 and marked.tips[0].span == Span(P, 4628, 4628)
    assert _leaves(marked.blocks) == _leaves((block,))
    assert render_blocks(marked.blocks)[:3] == [
        f'!!! tip "{TIP_TITLE}"',
        "",
        "    - **Gateway is most likely going to be preferred all the time at the exam**",
    ]


def test_a_korean_lead_takes_the_rest_of_its_list() -> None:
    # udemy-saa-ko notes.md lines 3724-3726: "often asked, check it" announces the items after it
    block = _items(
        "**문제로 종종 나온다니 체크**",
        "**s3:ListBucket permission applies to arn:aws:s3:::test**",
        "**s3:GetObject applies to arn:aws:s3:::test/***",
        start=3724,
    )
    marked = mark_blocks("IAM for S3", (_para(3722, "Intro"), block))
    assert [type(b).__name__ for b in marked.blocks] == ["Paragraph", "Callout"]
    assert marked.tips[0].span == Span(P, 3724, 3726)


def test_a_lead_paragraph_takes_the_list_after_it() -> None:
    # dva-c02-notes notes.md lines 13175-13179
    lead = _para(13175, "**Exam Power-Up:** For the AWS Developer Associate exam, remember:")
    block = _items("**Global Accelerator** improves performance", "**CloudFront** is for content delivery", start=13177)
    marked = mark_blocks("Choosing a service", (lead, block, _para(13180, "Next topic")))
    assert len(marked.blocks) == 2 and isinstance(marked.blocks[0], Callout)
    assert marked.blocks[0].blocks == (lead, block)


def test_a_tip_heading_makes_its_own_blocks_one_tip_but_not_its_subsections() -> None:
    blocks = (_items("**Alias records** are AWS-native", "Private Hosted Zones are scoped to VPCs", start=10844),)
    child = Section("What is a Private Hosted Zone?", 3, Span(P, 10854, 10854), (_para(10856, "A zone."),))
    section = Section("Exam Powerups", 2, Span(P, 10842, 10842), blocks, (child,))
    shown = highlight_tree(SourceTree((Section("Route 53", 1, None, (), (section,)),)))
    tip_section = shown.chapters[0].children[0]
    assert isinstance(tip_section.blocks[0], Callout) and tip_section.blocks[0].blocks == blocks
    assert tip_section.children[0].blocks == child.blocks
    assert len(mark_blocks(section.title, section.blocks).tips) == 1


def test_a_tip_heading_s_tip_ends_at_the_section_s_first_break() -> None:
    # dva-c02-notes notes.md lines 13140-13179, cut down: the tip list, "---", a quiz question and its answer
    tip = _items("**Lambda@Edge** runs closer to the user", "It can trigger on Viewer Request", start=13140)
    question = _para(13150, "Q. You have a TCP based application which is used globally.")
    answer = _para(13175, "**Exam Power-Up:** For the AWS Developer Associate exam, remember:")
    follower = _items("**Global Accelerator** improves performance", start=13177)
    section = Section("Key Points for the Exam", 3, Span(P, 13138, 13138), (tip, question, answer, follower))
    marked = mark_blocks(section.title, section.blocks, breaks=(13148,))
    assert [type(b).__name__ for b in marked.blocks] == ["Callout", "Paragraph", "Callout"]
    assert [t.span for t in marked.tips] == [Span(P, 13140, 13141), Span(P, 13175, 13177)]
    assert _leaves(marked.blocks) == _leaves(section.blocks)
    assert len(mark_blocks(section.title, section.blocks).tips) == 1  # without the break: one tip, all of it
    assert mark_blocks(section.title, (question,), breaks=(13148,)).tips == ()  # its tip merged away: none left


def test_a_tip_heading_s_tip_ends_where_a_pasted_chat_answer_starts() -> None:
    # dva-c02-notes notes.md lines 10338-10357, cut down: the tip list, then a chatbot's analogy before the "---"
    tip = _items("**DNS Zone**: a portion of the DNS namespace", "**Zone File**: a text file of records", start=10340)
    analogy = _para(10346, "Alright! Imagine you have a big **book** where every **website name** is written")
    after = _items("**DNS Zone** is like a **small book**", start=10354)
    section = Section("Exam Power-Up", 3, Span(P, 10338, 10338), (tip, analogy, after))
    marked = mark_blocks(section.title, section.blocks, breaks=(10357,))
    assert [t.span for t in marked.tips] == [Span(P, 10340, 10341)]
    assert [type(b).__name__ for b in marked.blocks] == ["Callout", "Paragraph", "ListBlock"]
    opening = mark_blocks(section.title, (analogy, after))  # a tip that opens so is still the tip
    assert [t.span for t in opening.tips] == [Span(P, 10346, 10354)]
    assert not opens_chat_answer("Alright, so the limit is 5.") and opens_chat_answer("**Sure!** Here it is.")


def test_a_tip_heading_s_tip_ends_at_a_plain_title_over_a_list_unless_it_announced_its_parts() -> None:
    # dva-c02-notes notes.md lines 7009-7032, cut down: the tip list, then the author's "ECS Concepts" and a list
    tip = _items("**ECS** is a **fully managed service**", "**Task** is the smallest unit in ECS", start=7009)
    title = _para(7027, "ECS Concepts")
    concepts = _items("Container defination: So it defines which Image to use", start=7029)
    marked = mark_blocks("Exam Power-Up", (tip, title, concepts))
    assert [t.span for t in marked.tips] == [Span(P, 7009, 7010)]
    assert [type(b).__name__ for b in marked.blocks] == ["Callout", "Paragraph", "ListBlock"]
    # lines 2357-2371: "When to use Identity Policy or Bucket Policy:", then "Identity" and "Bucket", each over a list
    lead = _para(2357, "When to use Identity Policy or Bucket Policy:")
    parts = (_para(2359, "Identity"), _items("Controlling high mix", start=2361), _para(2366, "Bucket"))
    announced = mark_blocks("S3 Exam PowerUp", (lead, *parts, _items("If you need anonymous access", start=2368)))
    assert [t.span for t in announced.tips] == [Span(P, 2357, 2368)]
    assert len(mark_blocks("Exam Power-Up", (tip, _para(7027, "See the docs."), concepts)).tips) == 1


def test_a_tip_nested_in_a_sub_list_is_found_inside_its_item() -> None:
    # dva-c02-notes notes.md lines 5706-5711, cut down
    sub = _items("The volume itself is encrypted using AES256", "If an exam question does not use AES256", start=5707)
    item = ListItem("The OS itself isn't aware of the encryption", Span(P, 5706, 5708), (sub,))
    marked = mark_blocks("EBS Encryption", (ListBlock((item,), Span(P, 5706, 5708)),))
    assert len(marked.tips) == 1 and marked.tips[0].span == Span(P, 5708, 5708)
    shown = marked.blocks[0]
    assert isinstance(shown, ListBlock) and isinstance(shown.items[0].children[1], Callout)


def test_quizzes_and_code_are_never_tips() -> None:
    quiz = Quiz("Which is the best for the exam?", (), Span(P, 1, 3))
    assert mark_blocks("Notes", (quiz,)).tips == ()


@pytest.fixture(scope="module")
def real_build(real_site_build: Build) -> Build:
    return real_site_build


def test_real_notes_tips_per_source(real_build: Build) -> None:
    assert real_build.knowledge is not None
    in_trees = {slug: len(tips_in_tree(tree)) for slug, tree in real_build.trees.items()}
    assert in_trees == {"dva-c02-notes": 95, "saa-cheat-sheet": 0, "saa-notebook": 0, "udemy-saa-ko": 6}
    shown = collect_tips(real_build.knowledge)
    # Every tip section is shown: a tip that restates its own notes in fewer words is not merged away, since within
    # one source only rewordings merge (99 before, when a DVA tip section's shorter look-alike merged). One DVA tip
    # section is two: a "---" ends its tip, and the chatbot answer after it has a tip of its own.
    assert len(shown) == 101
    assert sum(1 for t in shown if t.contribution.source == "udemy-saa-ko") == 6


def test_exam_tips_page_and_service_sections(real_build: Build) -> None:
    pages = {p.src_uri: p.markdown for p in real_build.pages}
    tips_page = pages["exam-tips.md"]
    assert tips_page.count("\n!!! tip ") == 101
    # where they come from: only two notebooks mark advice, so a student knows a service without tips is not empty
    assert (
        "By notebook: 95 from DVA\\-C02 course notes, 6 from Udemy SAA\\-C03 notes \\(Korean\\), none from "
        in tips_page
    )
    assert "## Amazon Virtual Private Cloud \\(Amazon VPC\\) { #vpc }" in tips_page
    assert tips_page.index("{ #iam }") < tips_page.index("{ #ec2 }") < tips_page.index("{ #vpc }")  # catalogue order
    assert "[lines 4628–4628](raw/notes_src/udemy-saa-ko/notes.md.html#L4628)" in tips_page
    assert "(services/vpc.md#gateway-or-interface-endpoint-for-s3)" in tips_page
    # each tip names the exam its notebook is for: DVA's advice to skip Transit Gateway is wrong for SAA
    assert '!!! tip "Gateway or Interface Endpoint for S3? · SAA\\-C03"' in tips_page
    assert "Developer Associate exam You Don't Need to Focus On · DVA\\-C02\"" in tips_page
    assert tips_page.count(' · DVA\\-C02"\n') == 95 and tips_page.count(' · SAA\\-C03"\n') == 6
    vpc = pages["services/vpc.md"]
    assert "## Exam tips { #exam-tips }" in vpc
    assert "\n12 exam tips the notes give on this page, each highlighted where it stands. Every service's: [Exam" in vpc
    assert "- [Gateway or Interface Endpoint for S3?](#gateway-or-interface-endpoint-for-s3): " in vpc
    assert " · SAA\\-C03 · [lines 4628–4628](" in vpc
    assert vpc.count(f'!!! tip "{TIP_TITLE}"') == 12  # highlighted in place
    chapter = pages["sources/udemy-saa-ko/virtual-private-cloud-vpc.md"]
    assert chapter.count(f'!!! tip "{TIP_TITLE}"') == 2


def test_a_tip_another_source_disputes_says_so(real_build: Build) -> None:
    """DVA's exam tip "Aurora is up to 5 times faster than MySQL and 2 times faster than PostgreSQL" went to the exam
    tips page with no word of the cheat sheet's "three times", which Aurora's page sets against it in a "Sources may
    disagree" box (a blind review). Both lists of tips now point at that box. So does DVA's EFS power-up "Two
    throughput modes", against the Udemy notes' list of three (`listcounts`); no other tip is disputed."""
    assert real_build.knowledge is not None
    disputed = [tip for tip in collect_tips(real_build.knowledge) if tip.disputed is not None]
    assert [(tip.page.service.slug, tip.piece.span.start) for tip in disputed] == [("efs", 14867), ("aurora", 14570)]
    pages = {p.src_uri: p.markdown for p in real_build.pages}
    line = "**Sources may disagree** on this: [see both sides]"
    assert pages["exam-tips.md"].count(line) == 2 and f"{line}(services/aurora.md#overview)" in pages["exam-tips.md"]
    assert f"{line}(#overview)" in pages["services/aurora.md"]


def test_practice_page_renders_every_quiz(real_build: Build) -> None:
    assert real_build.knowledge is not None and real_build.catalogue is not None
    questions = collect_questions(real_build.knowledge, real_build.catalogue)
    assert len(questions) == 35
    assert sum(1 for q in questions if q.contribution.source == "udemy-saa-ko") == 30
    page = next(p.markdown for p in real_build.pages if p.src_uri == "practice.md")
    assert [n for n in range(1, 36) if f'!!! question "Question {n} of 35"' in page] == list(range(1, 36))
    assert page.count('??? success "Answer"') == 35  # answers folded until opened
    assert page.count("{: .nkb-from }") == 35  # each links back
    assert "- **Attach an IAM role with appropriate S3 permissions to the EC2 instance.**" in page
    assert "**누군가가 리소스의 구성을 변경하여, 규정을 위반**하게" in page  # the number went, not the bold


@pytest.mark.parametrize(
    ("question", "shown"),
    [
        ("Question 10: **누군가가 규정을 위반**하게 만들었습니다.", "**누군가가 규정을 위반**하게 만들었습니다."),
        ("**Question 7:** Which service?", "Which service?"),
        ("**Question 7: Which service?**", "**Which service?**"),
        ("Q3. Which service?", "Which service?"),
    ],
)
def test_a_questions_number_goes_and_its_bold_stays_whole(question: str, shown: str) -> None:
    """The Udemy notes' "Question 10:" over "**누군가가 ... 위반**하게" (line 3659): taking the number away took the
    question's opening ** too, and the practice page showed its closer as asterisks (a scan of the built site)."""
    assert without_number(question) == shown


def test_a_question_on_the_general_page_is_listed_under_the_service_it_asks_about(real_build: Build) -> None:
    """A student found 20 of the 35 questions under "General" (the Korean notebook's quiz sections follow chapters on
    several services) and the notebook's own numbers repeating down the page ("Question 7" three times). Each is now
    listed under the service it names most, its right answer counting twice, and the page numbers them itself; the
    line back still names where it stands."""
    assert real_build.knowledge is not None and real_build.catalogue is not None
    questions = collect_questions(real_build.knowledge, real_build.catalogue)
    general = [q for q in questions if q.page.service.slug == "general"]
    assert len(general) == 20 and not [q for q in questions if q.listed.service.slug == "general"]
    listed = {q.quiz.span.start: q.listed.service.slug for q in general}
    assert listed[2773] == "cognito"  # S3 and Cognito named once each: the right answer is Cognito federation
    assert listed[2764] == "dynamodb"  # sessions with a TTL
    page = next(p.markdown for p in real_build.pages if p.src_uri == "practice.md")
    assert "## General" not in page and "Question 7:" not in page
    assert "[General › 문제](services/general.md#" in page  # where it stands


def test_a_service_page_lists_the_questions_that_ask_about_it(real_build: Build) -> None:
    """A blind review of the DynamoDB page: its export-to-S3 and TTL questions stand on the general page, and the
    service page named neither (only a third question, where DynamoDB is a wrong answer, under "Mentioned in"). Each
    service page now ends with the questions listed under it, linked to where they stand and to the practice page;
    the section is kept out of the search index, since each question is indexed where it stands."""
    assert real_build.knowledge is not None and real_build.catalogue is not None
    pages = {p.src_uri: p.markdown for p in real_build.pages}
    dynamodb = pages["services/dynamodb.md"]
    section = dynamodb[dynamodb.index("## Practice questions { #practice-questions }") :]
    section = section[: section.index("\n## ", 1)]
    assert "2 practice questions of the notes ask about this service." in section
    assert "[Practice questions](../practice.md#dynamodb)" in section
    assert section.count("· [General › 문제](../services/general.md#문제-serverless)") == 2
    assert "S3로 내보내기" not in section  # the question's first words, not its options
    rds = pages["services/rds.md"]
    assert rds.count("· [문제](#문제)") == 4  # a question on the page itself links to its own section
    listed = sum(page.count("{ #practice-questions }") for page in pages.values())
    assert listed == len({q.listed.service.slug for q in collect_questions(real_build.knowledge, real_build.catalogue)})
    assert "## Practice questions" not in pages["services/general.md"]


def test_highlighting_leaves_provenance_alone(real_build: Build) -> None:
    """A tip is wrapped for display only: provenance still records the list item the reader made."""
    records = [
        b
        for b in real_build.provenance_document()["blocks"]
        if b["path"] == "notes_src/udemy-saa-ko/notes.md" and b["start"] <= 4628 <= b["end"]
    ]
    assert [(r["kind"], r["status"], r["url"]) for r in records] == [
        ("list-item", "kept", "services/vpc/#gateway-or-interface-endpoint-for-s3")
    ]
    tree = real_build.trees["udemy-saa-ko"]
    assert _leaves_of(tree) == _leaves_of(highlight_tree(tree))


def _leaves_of(tree: SourceTree) -> list[Span]:
    from notes_kb.model import walk_sections

    return [span for s in walk_sections(tree.chapters) for span in _leaves(s.blocks)]
