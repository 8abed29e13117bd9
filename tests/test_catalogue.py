from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

from helpers import corpus
from notes_kb.catalogue import CatalogueError, load_catalogue, parse_catalogue

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference" / "aws-services.md"


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


def found(cat, text: str) -> list[tuple[str, str]]:
    return [(m.slug, text[m.start : m.end]) for m in cat.mentions(text)]


def test_catalogue_has_every_kind_and_the_general_page(cat):
    kinds = {cat.get(slug).kind for slug in cat.slugs}
    assert kinds == {"service", "area", "general"}
    assert len(cat.slugs) == 116
    assert cat.get("ec2").short == "EC2"
    assert "AMI" in cat.get("ec2").subtopics
    assert "Security Groups" in cat.get("vpc").subtopics


def test_catalogue_covers_every_reference_slug(cat):
    if not REFERENCE.is_file():  # the shared reference sits next to the checkout; CI has it, a contributor may not
        if os.environ.get("CI"):
            pytest.fail(f"reference file missing: {REFERENCE}")
        pytest.skip(f"no {REFERENCE} beside the checkout (CI checks it)")
    slugs = set(re.findall(r"^\| `([a-z0-9-]+)` \| .+ \| (?:service|area|general) \|$", REFERENCE.read_text(), re.M))
    assert slugs == set(cat.slugs)


def test_longest_alias_wins(cat):
    assert found(cat, "IAM Identity Center replaces AWS SSO") == [
        ("iam-identity-center", "IAM Identity Center"),
        ("iam-identity-center", "AWS SSO"),
    ]
    assert found(cat, "Lambda@Edge runs Lambda at the edge") == [("cloudfront", "Lambda@Edge"), ("lambda", "Lambda")]
    assert found(cat, "Amazon EC2 Auto Scaling") == [("asg", "Amazon EC2 Auto Scaling")]
    assert found(cat, "S3 Object Lambda") == [("s3", "S3 Object Lambda")]
    # CloudWatch Logs' own parts: a table of log groups against log streams is about CloudWatch, not the IAM chapter
    # it sits in nor the Lambda functions it gives as examples
    assert found(cat, "Key Differences Between Log Group and Log Stream") == [
        ("cloudwatch", "Log Group"),
        ("cloudwatch", "Log Stream"),
    ]
    assert found(cat, "a CloudWatch Log Group") == [("cloudwatch", "CloudWatch Log Group")]
    # S3's account- and bucket-level switch; udemy's "Bucket settings for Block Public Access" follows two IAM
    # screenshots in the S3 chapter and was on IAM
    assert found(cat, "Bucket settings for Block Public Access") == [("s3", "Block Public Access")]


def test_word_boundaries_and_case(cat):
    assert found(cat, "I am here; iam:PassRole is a lowercase action") == []
    assert found(cat, "MyEC2 and EC2x are not services; EC2 is") == [("ec2", "EC2")]
    assert found(cat, "edit the config file; use AWS Config rules") == [("config", "AWS Config")]
    assert found(cat, "Data in RAM is lost") == []  # RAM the memory, not Resource Access Manager
    assert found(cat, "send an SMS text") == []  # not the Server Migration Service
    assert found(cat, "NACLs and SGs") == [("vpc", "NACLs"), ("vpc", "SGs")]


def test_separators_and_hyphenated_titles(cat):
    assert found(cat, "Route-53 and Route 53 and Route53") == [
        ("route53", "Route-53"),
        ("route53", "Route 53"),
        ("route53", "Route53"),
    ]
    assert found(cat, "1.6. Elastic-Cloud-Compute-EC2") == [("ec2", "Elastic-Cloud-Compute-EC2")]
    assert found(cat, "Site to Site VPN") == [("vpn", "Site to Site VPN")]


def test_korean_aliases_with_particles(cat):
    text = "보안 그룹은 인스턴스를 보호하고 EC2를 서브넷에 둔다"
    assert found(cat, text) == [("vpc", "보안 그룹"), ("ec2", "EC2"), ("vpc", "서브넷")]
    assert found(cat, "Aurora 서버리스는") == [("aurora", "Aurora 서버리스")]
    assert found(cat, "프라이빗서브넷") == []  # not inside a longer Korean word


def test_weak_names_count_in_headings_only(cat):
    assert found(cat, "pick a Region with low latency; DNS resolves it") == []
    heading = [(m.slug, m.weak) for m in cat.heading_mentions("DNS, Caching, and Performance Optimization")]
    assert heading == [("route53", True)]
    assert [(m.slug, m.weak) for m in cat.heading_mentions("▼ **AMI**.")] == [("ec2", False)]


def test_whole_heading_and_prefix_headings(cat):
    assert cat.heading_slug("Other") == "general"
    assert cat.heading_slug("Translate: translations") == "translate"
    assert cat.heading_slug("Other Services") is None


def test_mentions_on_the_whole_corpus(cat):
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((corpus() / "notes_src").glob("*/*.*")))
    mentions = cat.mentions(text)  # about 0.4 s here; speed is the benchmark's to measure
    assert len(mentions) > 5000


def entry(**extra):
    base = {
        "slug": "s3",
        "title": "Amazon S3",
        "short": "S3",
        "category": "Storage",
        "kind": "service",
        "aliases": ["S3"],
    }
    base.update(extra)
    return base


GENERAL = {
    "slug": "general",
    "title": "General",
    "short": "General",
    "category": "Catch-all",
    "kind": "general",
    "aliases": [],
}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("not a list", "must be a non-empty YAML list"),
        ([entry()], "needs a 'general' entry"),
        ([entry(kind="product"), GENERAL], "kind 'product' must be one of"),
        ([entry(slug="S3 bucket"), GENERAL], "must be lower-case words"),
        ([entry(title=""), GENERAL], "'title' is required"),
        ([entry(colour="red"), GENERAL], "unknown field(s) colour"),
        ([entry(aliases="S3"), GENERAL], "'aliases' must be a list"),
        ([entry(subtopics=["Glacier"]), GENERAL], "subtopics must also be aliases: Glacier"),
        ([entry(), entry(), GENERAL], "duplicate slug"),
        ([entry(), entry(slug="ebs", aliases=["s3"]), GENERAL], "alias 's3' is already an alias of 's3'"),
        ([entry(exact_case=["Bucket"]), GENERAL], "exact_case names unknown alias"),
    ],
)
def test_bad_catalogue_is_a_clear_error(data, message):
    with pytest.raises(CatalogueError) as err:
        parse_catalogue(data, "catalogue.yml")
    assert message in str(err.value)
    assert str(err.value).startswith("catalogue.yml")


def test_bad_yaml_file_names_the_file(tmp_path):
    bad = tmp_path / "cat.yml"
    bad.write_text("- slug: [unclosed\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"cat\.yml: invalid YAML"):
        load_catalogue(bad)


def test_packaged_file_is_valid_yaml_list():
    data = yaml.safe_load((ROOT / "plugins" / "notes_kb" / "catalogue.yml").read_text(encoding="utf-8"))
    assert isinstance(data, list)
    assert data[-1]["slug"] == "general"


@pytest.mark.parametrize(
    "text",
    [
        "Use \x00\x00\x00\x00 EC2 Auto Scaling groups,\x00\x00 behind an ALB (Application Load Balancer).",
        "[S3](../services/s3.md){ .nkb-link } and Amazon\x00S3 Glacier; 보안 그룹은 VPC의 ... IAM-roles/users!",
        "EC2s, ENIs & AMIs: 오토 스케일링 그룹 — CloudFront→S3 (OAC) «Route 53»",
    ],
)
def test_finding_names_over_word_tokens_finds_what_walking_every_token_finds(cat, text: str) -> None:
    """`find` walks word tokens only (masked lines are mostly punctuation tokens); every token gives the same."""
    from notes_kb import catalogue

    matcher = cat._text
    assert matcher._scan is catalogue._WORD_TOKEN  # no alias starts with punctuation
    fast = matcher.find(text)
    matcher._scan = catalogue._TOKEN
    try:
        assert matcher.find(text) == fast
    finally:
        matcher._scan = catalogue._WORD_TOKEN
    assert fast  # the texts do name services
