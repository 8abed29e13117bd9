"""Support disputes (`notes_kb.support`): one source says a service works with the page's, another says it does not.

The cases are the ACM page's (dva-c02-notes/notes.md:12021-12026 and 15960, saa-cheat-sheet/cheat-sheet.txt:2155-2160)
and the look-alikes a blind audit judged false (a workaround under a heading of unsupported services, a denial that
is not about the page's service).
"""

from __future__ import annotations

from functools import cache

from notes_kb.catalogue import Catalogue, load_catalogue
from notes_kb.kbpages import describe_conflict
from notes_kb.passages import Passage
from notes_kb.pipeline import Build
from notes_kb.support import Mention, claims, services_named, support_disputes

SUPPORTED = "Services Not Directly Supported for ACM Certificates"


@cache
def _catalogue() -> Catalogue:
    return load_catalogue()


def _mentions(text: str) -> list[Mention]:
    return services_named(_catalogue())(text)


def _passage(n: int, source: str, text: str, heading: str, page: str = "acm") -> Passage:
    return Passage(f"notes_src/{source}/notes.md:{n}-{n}", text, source, page, f"Security / {heading}")


def _disputes(*passages: Passage) -> list[str]:
    texts = {passage.key: passage.text for passage in passages}
    found = support_disputes(passages, texts, _mentions)
    return [f"{a.split('/')[1]} {b.split('/')[1]} {slug}" for a, b, slug in found]


CHEAT = _passage(
    1,
    "cheat",
    "Integrates with several AWS services including:\nElastic Load Balancing\nAmazon CloudFront\nAWS Elastic Beanstalk",
    "AWS Certificate Manager (ACM)",
)
DVA_EB = _passage(
    2,
    "dva",
    "**AWS Elastic Beanstalk (EB)**:\n**Reason**: **Elastic Beanstalk** does not natively integrate with ACM for "
    "managing SSL certificates.",
    SUPPORTED,
)


def test_a_service_one_source_lists_as_integrated_and_another_as_unsupported_is_a_dispute() -> None:
    assert _disputes(CHEAT, DVA_EB) == ["cheat dva elastic-beanstalk"]
    said = "One says AWS Elastic Beanstalk works with this service, the other that it does not."
    assert describe_conflict("support: AWS Elastic Beanstalk") == said


def test_one_source_never_disputes_itself() -> None:
    """DVA lists Elastic Beanstalk as supported (15960) and as not directly supported (12023): its own nuance."""
    same = _passage(3, "dva", CHEAT.text, CHEAT.context.split(" / ")[-1])
    assert _disputes(same, DVA_EB) == []


def test_the_first_claims_of_two_sources_make_the_dispute() -> None:
    """DVA's own list of supported services (15960) comes first by key; the dispute is the Udemy notes' list against
    DVA's denial, not DVA against itself."""
    dva_listed = _passage(0, "dva", "Supported AWS services ONLY (CloudFront, Elastic Beanstalk)", "ACM")
    udemy = _passage(1, "udemy", CHEAT.text, "ACM")
    assert _disputes(dva_listed, udemy, DVA_EB) == ["dva udemy elastic-beanstalk"]


def test_a_name_negated_in_a_list_of_supported_services_is_denied_alone() -> None:
    line = _passage(
        4,
        "dva",
        "Supported AWS services ONLY (CloudFront, ALB and API Gateway, Elastic Beanstalk, CloudFormation, **NOT EC2**)",
        "1.14.2. AWS Certificate Manager (ACM)",
    )
    said = {(c.slug, c.positive) for c in claims(line, {}, _mentions)}
    assert ("ec2", False) in said and ("cloudfront", True) in said and ("elastic-beanstalk", True) in said


def test_an_item_that_denies_in_a_list_of_integrations_is_a_denial() -> None:
    """udemy-saa-ko/notes.md:4086-4090: "Integrations with (load TLS certificates on)" over "Cannot use ACM with EC2
    (can't be extracted)", which agrees with DVA's "NOT EC2"."""
    udemy = _passage(
        11, "udemy", "**Integrations with**\n**CloudFront Distributions**\n**Cannot use ACM with EC2**", "ACM"
    )
    said = {(c.slug, c.positive) for c in claims(udemy, {}, _mentions)}
    assert said == {("cloudfront", True), ("ec2", False)}


def test_a_feature_named_is_not_its_service() -> None:
    """saa-cheat-sheet/cheat-sheet.txt:2159 lists "AWS Nitro Enclaves" among what ACM integrates with; DVA's "NOT
    EC2" (15960) is no dispute of it (a blind audit: the cheat sheet never names EC2)."""
    nitro = _passage(9, "cheat", "Integrates with several AWS services including:\nAWS Nitro Enclaves", "ACM")
    not_ec2 = _passage(10, "dva", "Supported AWS services ONLY (CloudFront, **NOT EC2**)", "ACM")
    assert _disputes(nitro, not_ec2) == []
    assert _disputes(_passage(9, "cheat", "ACM integrates with Amazon EC2", "ACM"), not_ec2) == ["cheat dva ec2"]


def test_a_workaround_under_a_heading_of_unsupported_services_denies_nothing() -> None:
    """dva-c02-notes/notes.md:12038-12041: "Workaround: use API Gateway or ALB in front of Lambda" sits under the
    unsupported services; API Gateway and the load balancers are the way round, not among them."""
    lambda_item = _passage(
        5, "dva", "**AWS Lambda**:\n**Workaround**: Use **API Gateway** or an **Application Load Balancer**.", SUPPORTED
    )
    notebook = _passage(6, "notebook", "ACM integrates with API Gateway and CloudFront", "ACM")
    assert _disputes(lambda_item, notebook) == []
    assert {(c.slug, c.positive) for c in claims(lambda_item, {}, _mentions)} == {("lambda", False)}
    reason = _passage(
        12,
        "dva",
        "**AWS Lambda** does not support direct integration with ACM. While Lambda functions can be triggered by "
        "**API Gateway** or **ALB**, which can use ACM certificates, Lambda itself does not handle SSL/TLS.",
        SUPPORTED,
    )
    assert {(c.slug, c.positive) for c in claims(reason, {}, _mentions)} == {("lambda", False)}


def test_a_denial_that_names_another_service_is_no_denial_of_the_pages() -> None:
    """udemy-saa-ko/notes.md:4224 on the Shield page: "not compatible with CloudFront" is said of the reader's
    backend, not of Shield, which the DVA notes integrate with CloudFront."""
    udemy = _passage(
        7,
        "udemy",
        "BP1 – Global Accelerator\nHelpful if your backend is not compatible with CloudFront",
        "Shield",
        page="shield",
    )
    dva = _passage(
        8, "dva", "WEBACL integrated with Load Balancers, API gateways, and CloudFront.", "Shield", page="shield"
    )
    assert _disputes(udemy, dva) == []


def test_a_name_among_a_denials_examples_in_brackets_is_denied() -> None:
    """dva-c02-notes/notes.md:12083 puts API Gateway among "services that do not directly integrate with ACM (e.g.,
    for S3, API Gateway, etc.)", which the other sources' "APIs on API Gateway" contradicts (a blind review of the
    ACM page; a blind audit judged the pair real). A bracket that gives no examples of the denial denies nothing."""
    examples = _passage(
        12,
        "dva",
        "CloudFront serves content even for services that do not directly integrate with ACM (e.g., for **S3**, **API"
        " Gateway**, etc.).",
        "How to Work Around ACM Limitations",
    )
    said = {(c.slug, c.positive) for c in claims(examples, {}, _mentions)}
    assert said == {("s3", False), ("api-gateway", False)}
    aside = _passage(13, "dva", "ACM does not integrate with Lambda (the ALB in front of it, API Gateway, does).", "A")
    assert ("api-gateway", False) not in {(c.slug, c.positive) for c in claims(aside, {}, _mentions)}
    likely = _passage(14, "dva", "ACM does not integrate with it (likely because API Gateway ends TLS).", "A")
    assert ("api-gateway", False) not in {(c.slug, c.positive) for c in claims(likely, {}, _mentions)}


def test_the_acm_page_boxes_the_disputes_of_the_real_notes(real_site_build: Build) -> None:
    """Every support dispute is worth its box: each was judged line by line, as a limit told two ways is."""
    assert real_site_build.knowledge is not None
    (acm,) = [page for page in real_site_build.knowledge.pages if page.service.slug == "acm"]
    assert sorted(c.why for c in acm.conflicts) == [
        "support: AWS Elastic Beanstalk",
        "support: Amazon API Gateway",
        "support: Amazon Elastic Compute Cloud (Amazon EC2)",
    ]
