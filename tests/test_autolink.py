"""Automatic service links: the scanner's rules on small pages, and precision/recall on the real site."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from notes_kb.autolink import LINK_CLASS, MASK, Linker, Topic, mask_line, topic_key, topics_of
from notes_kb.catalogue import load_catalogue
from notes_kb.kbpages import NAMED_CLASS
from notes_kb.model import Quiz, QuizOption, Span
from notes_kb.pages import SitePage
from notes_kb.pipeline import Build
from notes_kb.render import render_blocks

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "data" / "links.yml"
CLASS = f"{{ .{LINK_CLASS} }}"
LINKED = frozenset({"ec2", "vpc", "s3", "iam", "iam-identity-center", "cloudfront", "lambda", "kms", "ebs"})


def _linker(topics: dict[str, list[Topic]] | None = None) -> Linker:
    own = {slug: frozenset({slug}) for slug in LINKED}
    return Linker(load_catalogue(), LINKED, topics or {}, own)


def _link(markdown: str, uri: str = "sources/x/chapter.md") -> str:
    return _linker().link_page(uri, markdown)[0]


def test_first_mention_per_section_links_with_the_original_label() -> None:
    page = "# T\n\nRun it on EC2 and on EC2 again.\n\n## Next\n\nEC2 once more.\n"
    assert _link(page) == (
        f"# T\n\nRun it on [EC2](../../services/ec2.md){CLASS} and on EC2 again.\n\n"
        f"## Next\n\n[EC2](../../services/ec2.md){CLASS} once more.\n"
    )


@pytest.mark.parametrize(
    "line",
    [
        "IAM policy variable ${aws:username} in the Resource of S3",
        'IAM item {"id": 1} limit 400KB',
        "IAM {: onclick=alert(1) } here",
    ],
)
def test_braces_after_a_linked_name_stay_text_in_their_place(line: str) -> None:
    """attr_list reads a link's `{ .class }` up to the line's last brace: a blind contributor's "IAM policy variable
    ${aws:username} in the Resource of S3" came out as "IAM in the Resource of S3} policy variable ${aws:username"."""
    from notes_kb.model import Paragraph
    from test_fastinline import convert_both

    linked = _link("# T\n\n" + "".join(render_blocks((Paragraph(line, Span("n.md", 3, 3)),))) + "\n")
    assert f"[IAM](../../services/iam.md){CLASS}" in linked
    html = convert_both(linked)[1]
    text = re.sub(r"<[^>]+>", "", html.split("<p>", 1)[1].split("</p>", 1)[0])
    assert text == line, html
    assert "onclick" not in html.split("</a>", 1)[0]


def test_code_headings_links_urls_html_and_admonition_titles_are_never_linked() -> None:
    page = "\n".join(
        [
            "# EC2 heading",
            "",
            "```bash",
            "aws ec2 describe-instances # EC2",
            "```",
            "",
            '!!! note "About EC2"',
            "",
            "    Use `EC2` or [EC2 docs](https://aws.amazon.com/ec2/) or <https://example.com/EC2> or "
            "https://x.org/EC2 here.",
            '<p class="nkb-from" markdown>[EC2](../x.md)</p>',
            "*[EC2]: Elastic Compute Cloud",
            "",
        ]
    )
    assert _link(page) == page


def test_a_practice_question_is_never_linked() -> None:
    """On the general page the only linked option of a quiz was its answer ("SSM 파라미터 스토어", a blind review):
    no link inside a practice question, its options and its answer; the text after it links again."""
    quiz = Quiz(
        "Where do you keep a secret's versions?",
        (QuizOption("AWS KMS"), QuizOption("SSM Parameter Store", correct=True)),
        Span("q.md", 1, 4),
        answer="SSM Parameter Store keeps every version.",
    )
    page = "\n".join(["# T", "", *render_blocks((quiz,)), "", "Then S3 and EC2.", ""])
    linked = _link(page)
    assert page.count("Parameter Store") == linked.count("Parameter Store") >= 2 and "](" not in linked.split("Then")[0]
    assert linked.endswith(f"Then [S3](../../services/s3.md){CLASS} and [EC2](../../services/ec2.md){CLASS}.\n")


def test_linking_twice_changes_nothing() -> None:
    page = "# T\n\nEC2, S3 and VPC; `EC2` and IAM.\n\n| a | b |\n| --- | --- |\n| KMS | EBS |\n"
    once = _link(page)
    assert once.count(CLASS) == 6
    assert _link(once) == once  # links, once made, are masked like any other link


def test_table_header_row_is_skipped_and_body_rows_link() -> None:
    page = "| EC2 | S3 |\n| --- | --- |\n| EC2 | data |\n"
    assert _link(page) == f"| EC2 | S3 |\n| --- | --- |\n| [EC2](../../services/ec2.md){CLASS} | data |\n"


def test_never_inside_a_longer_word_nor_to_the_page_itself() -> None:
    assert _link("MyEC2 and SSE-KMS and AWS::EC2::Instance.\n") == "MyEC2 and SSE-KMS and AWS::EC2::Instance.\n"
    assert _link("EC2 and VPC.\n", "services/ec2.md") == f"EC2 and [VPC](../services/vpc.md){CLASS}.\n"


def test_a_feature_several_services_share_is_not_linked() -> None:
    """ "Read Replicas" counts towards RDS when a section is classified, but Aurora's and Neptune's replicas are their
    own: the catalogue marks it `unlinked`. "RDS" in the same line still links."""
    linker = Linker(load_catalogue(), LINKED | {"rds", "ssm"}, {}, {"rds": frozenset({"rds"})})
    line = "Up to 15 Read Replicas, as in RDS; Maintenance windows for upgrades.\n"
    assert linker.link_page("services/aurora.md", line)[0] == (
        f"Up to 15 Read Replicas, as in [RDS](../services/rds.md){CLASS}; Maintenance windows for upgrades.\n"
    )
    assert [m.slug for m in load_catalogue().mentions(line)] == ["rds", "rds", "ssm"]


def test_longest_alias_wins_and_korean_particles_stay_outside_the_label() -> None:
    assert _link("IAM Identity Center replaces SSO.\n") == (
        f"[IAM Identity Center](../../services/iam-identity-center.md){CLASS} replaces SSO.\n"
    )
    assert _link("Lambda@Edge runs at the edge.\n") == (
        f"[Lambda@Edge](../../services/cloudfront.md){CLASS} runs at the edge.\n"
    )
    assert _link("보안 그룹은 상태를 유지한다.\n") == f"[보안 그룹](../../services/vpc.md){CLASS}은 상태를 유지한다.\n"


def test_a_mention_followed_by_a_topic_title_links_the_topic_anchor() -> None:
    topics = {
        "s3": [Topic(topic_key("S3 Versioning", frozenset({"s3"})), frozenset(), "s3-versioning")],
        "vpc": [Topic(topic_key("Overview of Security Groups (SG)", frozenset({"vpc"})), frozenset(), "sg")],
    }
    text = _linker(topics).link_page("sources/x/c.md", "Turn on S3 Versioning; Security Groups are stateful.\n")[0]
    assert text == (
        f"Turn on [S3 Versioning](../../services/s3.md#s3-versioning){CLASS}; "
        f"[Security Groups](../../services/vpc.md#sg){CLASS} are stateful.\n"
    )


def test_the_acronym_a_topic_heading_gives_in_brackets_links_that_topic() -> None:
    """ "ENI" (an EC2 sub-topic) went to the top of the EC2 page, past its "Elastic Network Interface (ENI)" topic."""
    page = SitePage.of(
        "services/ec2.md",
        "EC2",
        "# EC2\n\n## Elastic Network Interface (ENI) { #elastic-network-interface-eni }\n\nText.\n",
    )
    topics = topics_of([page], {"ec2": frozenset({"ec2"})})
    text = _linker(topics).link_page("sources/x/c.md", "Attach a second ENI to the instance.\n")[0]
    eni = "[ENI](../../services/ec2.md#elastic-network-interface-eni)"
    assert text == f"Attach a second {eni}{CLASS} to the instance.\n"


def test_an_alias_naming_a_part_of_its_service_links_that_parts_topic() -> None:
    """A blind review: "NAT Gateway" went to the top of the VPC page, its "NAT Gateway" topic a scroll away, while
    "Kinesis Data Stream" (the alias "Kinesis" and two words after it) reached its topic. An alias that does not name
    the service itself finds a topic by its own words; one that does ("Amazon VPC") still links the page."""
    page = SitePage.of(
        "services/vpc.md",
        "VPC",
        "# VPC\n\n## Amazon VPC { #amazon-vpc }\n\nText.\n\n## NAT Gateway { #nat-gateway }\n\nText.\n",
    )
    topics = topics_of([page], {"vpc": frozenset({"vpc"})})
    linked = _linker(topics).link_page("sources/x/c.md", "A NAT Gateway is managed by AWS.\n\nAmazon VPC is free.\n")
    assert linked[0] == (
        f"A [NAT Gateway](../../services/vpc.md#nat-gateway){CLASS} is managed by AWS.\n\n"
        f"[Amazon VPC](../../services/vpc.md){CLASS} is free.\n"
    )


def test_a_topic_joined_into_another_still_names_its_heading_as_a_topic() -> None:
    """ "EC2 Purchasing Options" joined the notebook's "EC2 Launching Types" for their shared facts: its H3 (marked
    `nkb-named`) is still where a mention of purchasing options should land; an H2 of the same name wins, and an
    unmarked H3 (a source's own subsection) is no topic."""
    page = SitePage.of(
        "services/ec2.md",
        "EC2",
        "# EC2\n\n## EC2 Launching Types { #ec2-launching-types }\n\n"
        f"### EC2 Purchasing Options {{ #ec2-purchasing-options .{NAMED_CLASS} }}\n\ntext\n\n"
        "### Spot Fleets { #spot-fleets }\n\n## Placement Groups { #placement-groups }\n\n"
        f"### Placement Groups {{ #placement-groups-2 .{NAMED_CLASS} }}\n",
    )
    topics = topics_of([page], {"ec2": frozenset({"ec2"})})["ec2"]
    assert [t.anchor for t in topics] == [
        "ec2-launching-types",
        "placement-groups",
        "ec2-purchasing-options",
        "placement-groups-2",
    ]
    linker = Linker(load_catalogue(), LINKED, {"ec2": topics}, {slug: frozenset({slug}) for slug in LINKED})
    text = linker.link_page("sources/x/c.md", "Compare EC2 Purchasing Options and EC2 Placement Groups.\n")[0]
    assert "(../../services/ec2.md#ec2-purchasing-options)" in text
    assert "(../../services/ec2.md#placement-groups)" in text


def test_weak_aliases_and_lowercase_english_words_are_not_linked() -> None:
    assert _link("Pick a Region, then pinpoint the DNS issue.\n") == "Pick a Region, then pinpoint the DNS issue.\n"


def test_mongodb_is_not_documentdb() -> None:
    """udemy-saa-ko/notes.md:2159, Firehose's destinations: the partner, not DocumentDB (a blind review's wrong cue;
    the notes also run MongoDB in Docker and list it among NoSQL databases)."""
    linker = Linker(load_catalogue(), frozenset({"documentdb"}), {}, {"documentdb": frozenset({"documentdb"})})
    page = "Splunk / MongoDB / DataDog.\n\n## DB\n\nDocumentDB (for MongoDB)\n"
    linked = "[DocumentDB](../../services/documentdb.md)"
    assert linker.link_page("sources/x/c.md", page)[0] == page.replace("DocumentDB (", f"{linked}{CLASS} (")


def test_mask_line_keeps_length_and_hides_markup() -> None:
    line = "a `b` [c](d) <span x>e</span> f"
    masked = mask_line(line)
    assert len(masked) == len(line)
    assert masked == "a " + MASK * 3 + " " + MASK * 6 + " " + MASK * 16 + " f"


# The real site: one pipeline run shared by the measurements below.


@pytest.fixture(scope="module")
def build(real_site_build: Build) -> Build:
    return real_site_build


@pytest.fixture(scope="module")
def labels() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(LABELS.read_text(encoding="utf-8"))
    return data


def test_autolink_stage_is_registered_after_emit_and_links_the_real_site(build: Build) -> None:
    assert 5000 < len(build.autolinks) < 8000
    pages = {page.src_uri: page.markdown for page in build.pages}
    for link in build.autolinks[:200]:
        assert f"[{link.text}](" in pages[link.page]
    assert not [link for link in build.autolinks if link.page == link.target.split("#")[0]]


def test_precision_of_hand_checked_links_is_at_least_98_percent(build: Build, labels: dict[str, Any]) -> None:
    made = {(link.page, link.section, link.text): link.target for link in build.autolinks}
    sample = labels["precision"]
    assert len(sample) >= 150
    present = [entry for entry in sample if (entry["page"], entry["section"], entry["text"]) in made]
    wrong = []
    for entry in present:
        target = made[(entry["page"], entry["section"], entry["text"])]
        expected = entry["target"] if entry["right"] else entry.get("expected")
        if target != expected:
            wrong.append(f"{entry['page']} § {entry['section']}: {entry['text']!r} → {target} (want {expected})")
    precision = 1 - len(wrong) / len(present)
    print(f"precision {precision:.3f} over {len(present)} links; wrong: " + "; ".join(wrong))
    assert len(present) >= 150
    assert precision >= 0.98, wrong


def test_recall_of_labelled_service_mentions_is_at_least_90_percent(build: Build, labels: dict[str, Any]) -> None:
    by_section: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for link in build.autolinks:
        by_section.setdefault((link.page, link.section), []).append((link.text.casefold(), link.slug))
    should, misses, extra, total = 0, [], [], 0
    for page in labels["recall"]:
        for section, mentions in page["sections"].items():
            links = by_section.get((page["page"], section), [])
            for text, slug in mentions:
                total += 1
                if slug is None:
                    continue
                should += 1
                # the label may be longer ("EC2 instances" for "EC2") or shorter ("EC2" of "EC2 인스턴스")
                mention = text.casefold()
                if not any(got == slug and (mention in label or label in mention) for label, got in links):
                    misses.append(f"{page['page']} § {section}: {text!r} → {slug}")
            wanted = {slug for _, slug in mentions if slug}
            extra += [f"{page['page']} § {section}: {label!r} → {got}" for label, got in links if got not in wanted]
    recall = 1 - len(misses) / should
    print(f"recall {recall:.3f} over {should} mentions to link ({total} labelled); misses: " + "; ".join(misses))
    print("links to services not labelled in those sections: " + "; ".join(extra))
    assert total >= 150
    assert recall >= 0.90, misses
