"""Worded disputes (`notes_kb.contrasts`): two sources give one subject opposite sides of a property.

The cases are the real notes' (SQS: dva-c02-notes/notes.md:15827-15829 and udemy-saa-ko/notes.md:2183; ELB: the cheat
sheet's 342-352 and saa-notebook/part-1.txt:801) and the look-alikes the blind audit "contrast" judged false (security
groups vs NACLs, Multi-AZ vs read replicas, ALB vs NLB, two S3 features on by default or not).
"""

from __future__ import annotations

import random

from notes_kb.contrasts import contrast_disputes
from notes_kb.kbpages import describe_conflict
from notes_kb.passages import Passage


def _passage(n: int, source: str, text: str, heading: str, page: str = "sqs", lead: str = "") -> Passage:
    return Passage(f"notes_src/{source}/notes.md:{n}-{n}", text, source, page, f"Chapter / {heading}", lead=lead)


def _disputes(*passages: Passage) -> list[str]:
    return [f"{a.split('/')[1]} {b.split('/')[1]} {why}" for a, b, why in contrast_disputes(passages)]


DVA_STANDARD = _passage(
    15827, "dva", "Standard queue\nmulti-lane highway.\nguarantee the order and at least once delivery.", "SQS"
)
UDEMY_STANDARD = _passage(2183, "udemy", "For SQS standard, there is no ordering.", "Ordering data into SQS")


def test_one_queue_type_with_its_order_guaranteed_and_not_is_a_dispute() -> None:
    assert _disputes(DVA_STANDARD, UDEMY_STANDARD) == ["dva udemy contrast: guarantee the order vs no ordering"]
    said = "One says “guarantee the order”, the other “no ordering”."
    assert describe_conflict("contrast: guarantee the order vs no ordering") == said


def test_two_queue_types_ordered_two_ways_are_no_dispute() -> None:
    fifo_ordered = _passage(1, "dva", "FIFO queue\nguarantee the order and exactly once delivery", "SQS")
    assert _disputes(fifo_ordered, UDEMY_STANDARD) == []


def test_passages_of_one_source_never_dispute() -> None:
    own = _passage(1, "udemy", "Standard queue\nguarantee the order", "SQS")
    assert _disputes(own, UDEMY_STANDARD) == []


def test_a_line_telling_both_sides_draws_the_contrast_itself() -> None:
    both = _passage(1, "dva", "**Multi-AZ** is **synchronous**, while **Read Replicas** are **asynchronous**", "RDS")
    other = _passage(2, "udemy", "**Replication is ASYNC, so reads are eventually consistent**", "RDS Read Replicas")
    assert _disputes(both, other) == []


def test_a_source_telling_both_sides_of_two_subjects_files_the_other_claim_under_the_nearer_one() -> None:
    """DVA's Multi-AZ replication is synchronous and its read replicas asynchronous: the Udemy notes' asynchronous
    read replicas are DVA's own, not a dispute with its Multi-AZ."""
    multi_az = _passage(1, "dva", "The standby replica is updated synchronously", "Multi-AZ", "rds")
    replicas = _passage(2, "dva", "Read replicas are updated asynchronously", "Read Replicas", "rds")
    udemy = _passage(3, "udemy", "Replicas are updated **asynchronously**", "Read Replicas", "rds")
    assert _disputes(multi_az, udemy) != [], "alone, the two replications look like one subject"
    assert _disputes(multi_az, replicas, udemy) == []


def test_two_named_things_given_two_sides_are_no_dispute() -> None:
    nacl = _passage(1, "dva", "**Network ACLs (NACLs):** Stateless firewall rules", "Components of a VPC", "vpc")
    gateway = _passage(2, "cheat", "Egress-only Internet Gateway: A stateful gateway", "Amazon VPC Components", "vpc")
    assert _disputes(nacl, gateway) == []


CHEAT_CROSS_ZONE = _passage(
    342,
    "cheat",
    "Cross-Zone Load Balancing\nWith Application Load Balancers, cross-zone load balancing is always enabled\n"
    "With Network Load Balancers and Gateway Load Balancers, cross-zone load balancing is disabled by default",
    "ELB Use Cases",
    "elb",
)
NOTEBOOK_ALB = _passage(
    801,
    "notebook",
    "**ALB:** Cross-Zone Load Balancing is enabled by default and can be disabled at the target group level.",
    "ELB Cross-Zone Load Balancing",
    "elb",
)
NOTEBOOK_NLB = _passage(
    802,
    "notebook",
    "**NLB:** It is disabled by default and can be enabled via the AWS Management Console, CLI, or API.",
    "ELB Cross-Zone Load Balancing",
    "elb",
)


def test_a_setting_always_on_in_one_source_and_able_to_be_turned_off_in_another_is_a_dispute() -> None:
    assert _disputes(CHEAT_CROSS_ZONE, NOTEBOOK_ALB, NOTEBOOK_NLB) == [
        "cheat notebook contrast: always enabled vs can be disabled"
    ]


def test_one_load_balancer_on_by_default_and_another_off_is_no_dispute() -> None:
    udemy_nlb = _passage(590, "udemy", "**Network Load Balancer**\nDisabled by default", "Cross-Zone LB", "elb")
    assert _disputes(NOTEBOOK_ALB, udemy_nlb) == []


def test_two_features_of_one_service_on_and_off_by_default_are_no_dispute() -> None:
    logging = _passage(753, "cheat", "Disabled by default", "Server Access Logging", "s3")
    sse = _passage(1442, "udemy", "**Server-Side Encryption (SSE-S3) – Enabled by Default**", "S3 - Security", "s3")
    assert _disputes(logging, sse) == []


def test_disputes_do_not_depend_on_the_order_of_the_passages() -> None:
    passages = [DVA_STANDARD, UDEMY_STANDARD, CHEAT_CROSS_ZONE, NOTEBOOK_ALB, NOTEBOOK_NLB]
    expected = contrast_disputes(passages)
    assert len(expected) == 2
    for seed in range(5):
        random.Random(seed).shuffle(passages)
        assert contrast_disputes(passages) == expected
