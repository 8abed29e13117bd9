"""Related services, backlinks, the service map and edit links: on the knowledge fixtures and on the real notes."""

from __future__ import annotations

import posixpath
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from helpers import corpus
from notes_kb.links import SourceLinks, href, page_url
from notes_kb.pages import SitePage
from notes_kb.pipeline import Build, Settings, run
from notes_kb.relations import (
    TOP_BACKLINKS,
    Relations,
    append_sections,
    find_relations,
    plain_text,
    says_more,
    snippet,
)
from notes_kb.sanitize import sanitize_html
from notes_kb.servicemap import MAP_PAGE, local_svg, render_svg

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "knowledge"
_LINK = re.compile(r"\]\(([^)\s]+)\)")


def _fixture_build(tmp_path: Path, links: SourceLinks | None = None) -> Build:
    for name in sorted(p.name for p in FIXTURES.iterdir()):
        shutil.copytree(FIXTURES / name, tmp_path / "notes_src" / name)
    return run(Settings(tmp_path, links=links or SourceLinks()))


@pytest.fixture(scope="module")
def real(real_site_build: Build) -> Build:
    return real_site_build


def _relations(build: Build) -> Relations:
    assert build.knowledge is not None and build.catalogue is not None
    return find_relations(build.knowledge, build.catalogue, build.service_anchors, build.service_headings)


def _page(build: Build, src_uri: str) -> str:
    return next(p.markdown for p in build.pages if p.src_uri == src_uri)


def test_related_services_are_ranked_by_mentions_then_by_mentions_back_then_slug() -> None:
    weights = {("a", "b"): 2, ("a", "c"): 2, ("a", "d"): 3, ("a", "e"): 2, ("c", "a"): 1, ("b", "a"): 0}
    relations = Relations(weights, {})
    assert relations.related("a") == [("d", 3), ("c", 2), ("b", 2), ("e", 2)]
    assert relations.edges() == [("a", "b", 2), ("a", "c", 3), ("a", "d", 3), ("a", "e", 2)]


def test_snippet_is_the_sentence_around_the_mention_escaped_with_the_mention_in_bold() -> None:
    text = "First one. Use S3 for storage (cheap). Last one."
    start = text.index("S3")
    assert snippet(text, start, start + 2) == "Use **S3** for storage \\(cheap\\)\\."
    long = "word " * 60 + "EC2 " + "tail " * 60
    cut = snippet(long, long.index("EC2"), long.index("EC2") + 3)
    assert cut.startswith("…word ") and cut.endswith("tail…") and "**EC2**" in cut and len(cut) < 200


def test_plain_text_keeps_link_labels_and_marks_code() -> None:
    plain = plain_text("Run `aws s3 ls` on [EC2](https://example.com/x) **now**, see <https://aws.amazon.com>")
    assert plain.text == "Run aws s3 ls on EC2 now, see "
    assert plain.code == ((4, 13),)


def test_fixture_backlink_names_the_section_its_sentence_and_both_places(tmp_path: Path) -> None:
    build = _fixture_build(tmp_path)
    relations = _relations(build)
    assert dict(relations.weights) == {("global-infrastructure", "iam"): 1}
    (link,) = relations.backlinks["iam"]
    assert (link.page, link.label, link.target, link.count) == (
        "global-infrastructure",
        "Global infrastructure › Global Service",
        "services/global-infrastructure.md#global-service",
        1,
    )
    iam = _page(build, "services/iam.md")
    tail = iam[iam.index("## Mentioned in") :]
    assert "[Global infrastructure › Global Service](../services/global-infrastructure.md#global-service)" in tail
    assert "**Identity and Access Management \\(IAM\\)**" not in tail  # the item is the name alone: no sentence
    assert link.snippet == "**Identity and Access Management \\(IAM\\)**" and not says_more(link.snippet)
    assert re.search(r'<span class="nkb-ref">\[[^]]+\]\(\.\./sources/[^)]+#[^)]+\)</span>', tail)
    assert "## Related services" not in iam  # the IAM fixture names no other page
    related = _page(build, "services/global-infrastructure.md")
    assert "- [IAM](../services/iam.md) (1 mention)" in related


def test_edit_links_only_with_a_repository(tmp_path: Path) -> None:
    offline = _page(_fixture_build(tmp_path / "a"), "services/iam.md")
    hosted = _page(_fixture_build(tmp_path / "b", SourceLinks("https://github.com/o/r/", "dev")), "services/iam.md")
    assert "[edit](" not in offline
    edits = re.findall(r"\[edit\]\(([^)]+)\)", hosted)
    views = re.findall(r"\[lines \d+–\d+\]\(([^)]+)\)", hosted)
    assert len(edits) == len(views) >= 4
    assert edits[0] == "https://github.com/o/r/edit/dev/" + views[0].split("/blob/dev/")[1].split("#")[0]
    assert all(e.startswith("https://github.com/o/r/edit/dev/notes_src/") for e in edits)
    origins = [line for line in hosted.splitlines() if line.startswith('<p class="nkb-from"')]
    assert all(line.endswith(f" · [edit]({edit})</p>") for line, edit in zip(origins, edits, strict=True))


def test_map_urls_follow_directory_urls() -> None:
    assert page_url("services/s3.md") == "services/s3/"
    assert page_url("index.md") == ""
    assert href(MAP_PAGE, "services/s3.md") == "../services/s3/"
    assert href("services/vpc.md", "services/s3.md") == "../s3/"


def _node_targets(svg: str, from_uri: str) -> list[str]:
    """Every `<a href>` of an SVG (which must be well-formed XML), as the page source it opens."""
    root = ET.fromstring(svg)
    out = []
    for a in root.iter("a"):
        url = posixpath.normpath(posixpath.join(page_url(from_uri), a.attrib["href"]))
        out.append(url + ".md")
    return out


@pytest.mark.slow
def test_real_notes_relations_are_deterministic_and_never_point_home(real: Build) -> None:
    relations = _relations(real)
    assert relations == _relations(run(Settings(repo_root=corpus())))
    assert len(relations.weights) > 300
    for slug, links in relations.backlinks.items():
        assert links, slug
        assert all(link.page != slug and not link.target.startswith(f"services/{slug}.md") for link in links)
        ranks = [(not link.titled, -link.count) for link in links]
        assert ranks == sorted(ranks)
    assert all(frm != to for frm, to in relations.weights)
    assert real.knowledge is not None
    for page in real.knowledge.pages:
        markdown = _page(real, page.src_uri)
        start = markdown.find("\n## Related services")
        if start == -1:
            continue
        targets = [t.split("#")[0] for t in _LINK.findall(markdown[start:])]
        assert targets and f"../{page.src_uri}" not in targets, page.src_uri


def test_a_backlink_from_a_quiz_says_so_and_labels_read_as_the_page_heads_them(real: Build) -> None:
    """udemy-saa-ko/notes.md:2737-2743: "Question 7: with an edge-optimized API Gateway, API Gateway exists in every
    region's edge locations" is a question whose answer is no; a blind review read its snippet under "Mentioned in"
    as a fact; its marker now gives the answer the notes mark ("아닙니다", no), and an option's says whether it is
    the right one (udemy-saa-ko/notes.md:3662, "AWS Config", a wrong option, under Config's "Mentioned in"). Labels
    drop the section numbers the page's headings drop ("1.13.2.2. Key Considerations")."""
    backlinks = _relations(real).backlinks
    links = backlinks["api-gateway"]
    quiz = next(link for link in links if "Question 7" in link.snippet)
    assert quiz.snippet.startswith("*(practice question; answer: 아닙니다)* Question 7:")
    assert not any("practice question" in link.snippet for link in links if link.label.startswith("ACM"))
    option = next(
        link for link in backlinks["config"] if link.label == "General › 문제 (Monitoring, Audit and Performance)"
    )
    assert option.snippet == "*(practice question, a wrong answer)* **AWS Config**"
    labels = [link.label for backlinks in _relations(real).backlinks.values() for link in backlinks]
    assert not [label for label in labels if re.search(r"› \d+\.\d+\.", label)]
    assert "Lambda › AWS Lambda – DVA-C02 course notes › Key Considerations" in labels  # a generic heading: whose


def test_a_section_is_one_backlink_row_naming_every_source_that_names_the_page_there(real: Build) -> None:
    """135 "Mentioned in" rows had listed a section again for its next source, and S3's read "IAM › IAM for S3: IAM for
    S3" twice, a sentence that was only the heading (a blind review). One row per section, every source named, the
    first sentence that says more than the heading quoted."""
    pages = {page.src_uri: page.markdown for page in real.pages}
    rows = 0
    for uri, markdown in pages.items():
        if uri.startswith("services/") and "## Mentioned in" in markdown:
            tail = markdown[markdown.index("## Mentioned in") :]
            targets = re.findall(r"^\s*- \[[^\n]*?\]\((\.\./services/[^)]+)\)", tail, re.M)
            assert len(targets) == len(set(targets)), uri
            rows += len(targets)
            for refs in re.findall(r'<span class="nkb-ref">(.*?)</span>', tail):
                named = re.findall(r"\[([^\]]+)\]\(", refs)
                assert len(named) == len(set(named)), refs  # a source named once in a row
    assert 2000 < rows < 2483  # 2 355 on the notes as they are
    s3 = pages["services/s3.md"]
    (row,) = [line for line in s3.splitlines() if line.startswith("- [IAM › IAM for S3](")]
    assert row.startswith("- [IAM › IAM for S3](../services/iam.md#iam-for-s3) (2×) <span")
    assert "[AWS SAA notebook](" in row and "[Udemy SAA\\-C03 notes \\(Korean\\)](" in row


def test_backlink_rows_are_ranked_by_the_mentions_of_all_their_sources(real: Build) -> None:
    """A row kept the rank of its first link after its sources' counts were summed (a blind review): API Gateway's
    "ACM › Overview" and "WAF › Overview" (2× each, two sources) sat below rows naming it once. Titled rows first,
    then by summed count."""
    pages = {page.src_uri: page.markdown for page in real.pages}
    moved = 0
    for slug, links in _relations(real).backlinks.items():
        rows: dict[str, list[int]] = {}
        titled: set[str] = set()
        for link in links:
            target = "../" + link.target
            rows.setdefault(target, []).append(link.count)
            if link.titled:
                titled.add(target)
        markdown = pages[f"services/{slug}.md"]
        tail = markdown[markdown.index("## Mentioned in") :]
        shown = re.findall(r"^\s*- \[[^\n]*?\]\((\.\./services/[^)]+)\)", tail, re.M)
        ranks = [(target not in titled, -sum(rows[target])) for target in shown]
        assert ranks == sorted(ranks), slug
        first_links = list(dict.fromkeys("../" + link.target for link in links))
        moved += shown != first_links
    assert moved > 10  # pages whose rows a summed count reordered


def test_a_feature_several_services_share_is_no_backlink(real: Build) -> None:
    """A blind review found Neptune's "up to 15 read replicas" under RDS's "Mentioned in", DAX's write-through under
    ElastiCache's and RDS's maintenance windows under Systems Manager's: names the catalogue never links."""
    backlinks = _relations(real).backlinks
    shared = re.compile(r"\*\*(?:read replicas?|write[- ]through|maintenance windows?)\*\*", re.IGNORECASE)
    assert not [
        link.snippet
        for slug in ("rds", "elasticache", "ssm")
        for link in backlinks[slug]
        if shared.search(link.snippet)
    ]
    # dva-c02-notes/notes.md:2201, "to pinpoint ...": the verb, not Amazon Pinpoint (on CloudTrail's Related services)
    assert not [link.snippet for link in backlinks.get("pinpoint", ()) if "**pinpoint**" in link.snippet]


def test_a_label_that_introduces_what_follows_reads_on_into_it(real: Build) -> None:
    """DVA's "**CloudTrail**:" over "Track who made any changes to the Load Balancer with API calls" was a one-word
    snippet under CloudTrail's "Mentioned in" (a blind review); 36 of 198 such snippets now read on."""
    links = _relations(real).backlinks["cloudtrail"]
    elb = next(link for link in links if link.label == "ELB › Example : For an Elastic Load Balancer")
    assert elb.snippet == "**CloudTrail**: Track who made any changes to the Load Balancer with API calls"


def test_a_row_quotes_a_sentence_that_says_more_than_the_name(real: Build) -> None:
    """ "SQS › SQS vs Kinesis: **Kinesis**", a table's header cell, told a reader nothing (48 of 2 355 rows, a blind
    review). A section naming the page again quotes the first sentence with words besides the name; a row with no
    such sentence quotes none."""
    relations = _relations(real)
    sqs = next(link for link in relations.backlinks["sqs"] if link.label == "General › Kinesis vs SQS vs SNS")
    assert sqs.snippet == "Integrates with **SQS** for fan\\-out architecture pattern"  # not the header's "Amazon SQS"
    pages = {page.src_uri: page.markdown for page in real.pages}
    tail = pages["services/kinesis.md"].split("## Mentioned in", 1)[1]
    (row,) = [line for line in tail.splitlines() if line.startswith("- [SQS › SQS vs Kinesis](")]
    assert "): " not in row.split("<span", 1)[0]  # the heading alone: its only sentence is "Kinesis"
    bare = [link for links in relations.backlinks.values() for link in links if not says_more(link.snippet)]
    quoted_bare = r"\): (?:\*\(practice question(?:\\.|[^)\\])*\)\* )?\*\*[^*]+\*\* <span"
    assert bare and not [line for line in _rows(pages) if re.search(quoted_bare, line)]
    assert not says_more("*(practice question, a wrong answer)* **DynamoDB**")  # a quiz's marker is no word of it


def _rows(pages: dict[str, str]) -> list[str]:
    """Every "Mentioned in" row of every service page."""
    return [
        line.strip()
        for uri, markdown in pages.items()
        if uri.startswith("services/") and "## Mentioned in" in markdown
        for line in markdown.split("## Mentioned in", 1)[1].splitlines()
        if line.strip().startswith("- [")
    ]


@pytest.mark.slow
def test_real_notes_map_is_xml_and_every_node_opens_a_generated_page(real: Build) -> None:
    assert real.knowledge is not None
    relations = _relations(real)
    generated = {page.src_uri for page in real.pages}
    svg = render_svg(relations, real.knowledge)
    targets = _node_targets(svg, MAP_PAGE)
    assert len(targets) == len(real.knowledge.pages) == len(set(targets))
    assert set(targets) <= generated
    vpc = local_svg("vpc", relations, real.knowledge, "services/vpc.md")
    assert set(_node_targets(vpc, "services/vpc.md")) <= generated and len(_node_targets(vpc, "services/vpc.md")) == 12
    # The catch-all page names every service from its quizzes: no local map lists it among the most connected.
    local = [local_svg(p.service.slug, relations, real.knowledge, p.src_uri) for p in real.knowledge.pages]
    assert sum(bool(svg) for svg in local) > 50
    assert not [svg for svg in local if "services/general/" in svg or "../general/" in svg]
    page = _page(real, MAP_PAGE)
    assert svg in page and "## Strongest relations" in page
    assert f'<div class="nkb-map nkb-map-local">{vpc}</div>' in _page(real, "services/vpc.md")


@pytest.mark.slow
def test_sanitiser_keeps_the_map_whole(real: Build) -> None:
    assert real.knowledge is not None
    svg = render_svg(_relations(real), real.knowledge)
    original, cleaned = ET.fromstring(svg), ET.fromstring(sanitize_html(svg))  # `<path/>` comes back `<path></path>`
    pairs = list(zip(original.iter(), cleaned.iter(), strict=True))
    assert len(pairs) > 500
    assert all(a.tag == b.tag and a.attrib == b.attrib and (a.text or "") == (b.text or "") for a, b in pairs)


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ('<svg onload="x()" style="display:none"><circle r="1"></circle></svg>', '<svg><circle r="1"></circle></svg>'),
        ("<svg><script>x()</script><style>a{}</style><text>t</text></svg>", "<svg><text>t</text></svg>"),
        ('<svg><foreignObject><img src="x" onerror="x()"><p>p</p></foreignObject></svg>', "<svg></svg>"),
        ('<svg><a href="javascript:alert(1)"><text>j</text></a></svg>', "<svg><a><text>j</text></a></svg>"),
        ('<svg><a xlink:href="javascript:x()">k</a></svg>', "<svg><a>k</a></svg>"),
        (
            '<svg><a href="x"><animate attributeName="href" to="javascript:x()"></animate></a></svg>',
            '<svg><a href="x"></a></svg>',
        ),
        ('<svg><set attributeName="href" to="javascript:x()"></set><use href="data:x"></use></svg>', "<svg></svg>"),
        (
            '<svg><image href="https://e.x/i.png"></image><path d="M0 0" fill="url(https://e.x/#a)"></path></svg>',
            '<svg><path d="M0 0"></path></svg>',
        ),
        (
            '<svg><g onclick="x()" class="edges"><path d="M0 0" onmouseover="x()"></path></g></svg>',
            '<svg><g class="edges"><path d="M0 0"></path></g></svg>',
        ),
    ],
)
def test_sanitiser_still_strips_hostile_svg(dirty: str, clean: str) -> None:
    assert sanitize_html(dirty) == clean


def test_appended_sections_never_reuse_an_anchor_the_page_has() -> None:
    page = SitePage.of("services/x.md", "X", "# X\n\n## Related services { #related-services }\n")
    out = append_sections(
        page, ["", "## Related services { #related-services }", "", "## Mentioned in { #mentioned-in }"]
    )
    assert out.markdown.count("{ #related-services }") == 1
    assert out.markdown.endswith("## Related services { #related-services-nkb }\n\n## Mentioned in { #mentioned-in }\n")


def test_a_section_whose_heading_names_a_service_is_listed_first_under_its_mentioned_in(real: Build) -> None:
    """A blind review found "Kinesis vs SQS vs SNS", "CloudWatch vs CloudTrail vs Config" and "Amazon ECS vs EKS"
    missing from the Kinesis, Config and EKS pages' "Mentioned in": their text is a table kept as code, where
    mentions do not count. A heading naming the page counts ("Config" too, a name that only a heading makes one),
    and such a section, about the page, comes before those that name it in passing."""
    backlinks = _relations(real).backlinks
    for slug, label in (
        ("kinesis", "General › Kinesis vs SQS vs SNS"),
        ("config", "General › CloudWatch vs CloudTrail vs Config"),
        ("eks", "ECS › Amazon ECS vs EKS"),
    ):
        link = next(link for link in backlinks[slug] if link.label == label)
        assert link.titled
        assert backlinks[slug].index(link) < TOP_BACKLINKS, (slug, label)
    assert not any(link.titled for link in backlinks["config"] if "문제" in link.label)


def test_a_backlink_is_labelled_with_the_heading_it_lands_on(real: Build) -> None:
    """Backlinks land on the heading right above the section's text; labelled with the topic's title, the Encryption
    page listed "KMS › KMS Multi-Region Keys" twice, linked to two places (a blind review), and EC2's listed
    "CloudFormation › Example" eleven times. A generic heading ("Example", "Exam Power-Up") says whose it is. Three
    headings name the keys since the Udemy notes' "KMS Multi- Region Keys", broken by the slide PDF, is repaired."""
    relations = _relations(real)
    kms = [link for link in relations.backlinks["encryption"] if "Multi-Region Keys" in link.label]
    assert len(kms) == len({link.label for link in kms}) == len({link.target for link in kms}) == 3
    examples = [link for link in relations.backlinks["ec2"] if link.label.endswith(" › Example")]
    assert len(examples) == len({link.label for link in examples}) > 5
    assert "CloudFormation › 4. Mappings › Example" in {link.label for link in examples}
