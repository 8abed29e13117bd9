"""Deduplication and conflict detection: the labelled sample (tests/data/pairs.yml), facts, order, the real corpus."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from notes_kb import dedupe
from notes_kb.dedupe import DedupeResult, Merge, find_duplicates
from notes_kb.normalize import clauses, negated_words, signature, strip_markup, tokens
from notes_kb.passages import Enumeration, Passage
from notes_kb.pipeline import Build

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "tests" / "data" / "pairs.yml"
HOLDOUT = ROOT / "tests" / "data" / "pairs_holdout.yml"
HOLDOUT_2 = ROOT / "tests" / "data" / "pairs_holdout2.yml"

# The one labelled `different` pair the deduplicator merges: the same sentence under two Glacier classes whose
# nesting the notebook's export lost, so both sit under one heading and nothing in the text tells them apart.
KNOWN_FALSE_MERGES = {
    ("notes_src/saa-notebook/part-1.txt:1617-1617", "notes_src/saa-notebook/part-1.txt:1630-1630"),
}


def _key(side: dict[str, object]) -> str:
    lines = side["lines"]
    assert isinstance(lines, list)
    return f"{side['path']}:{lines[0]}-{lines[1]}"


@cache
def _sample(path: Path = PAIRS) -> tuple[list[dict[str, object]], dict[str, Passage]]:
    pairs = yaml.safe_load(path.read_text(encoding="utf-8"))["pairs"]
    passages: dict[str, Passage] = {}
    for pair in pairs:
        for side in (pair["a"], pair["b"]):
            key = _key(side)
            passages[key] = Passage(key, side["text"], side["source"], "sample", side["context"])
    return pairs, passages


@cache
def _sample_result() -> DedupeResult:
    return find_duplicates(_sample()[1].values())


def _root(result: DedupeResult, key: str) -> str:
    return result.kept_of().get(key, key)


@pytest.mark.parametrize("path", [PAIRS, HOLDOUT, HOLDOUT_2])
def test_sample_is_big_enough_and_well_formed(path: Path) -> None:
    pairs, _ = _sample(path)
    labels = [p["label"] for p in pairs]
    big = path == PAIRS
    assert len(pairs) >= (150 if big else 60)
    assert labels.count("duplicate") >= (100 if big else 40)
    assert labels.count("different") >= (50 if big else 10) and labels.count("conflict") >= 5
    for pair in pairs:
        for side in (pair["a"], pair["b"]):
            raw = _raw_lines(side["path"])
            start, end = side["lines"]
            assert 1 <= start <= end <= len(raw) and raw[start - 1].strip(), (side["path"], start)


@cache
def _raw_lines(path: str) -> list[str]:
    return (ROOT / path).read_text(encoding="utf-8").split("\n")


@dataclass(frozen=True)
class Score:
    """How one labelled file fares: duplicates shown once (`found`) or twice (`missed`), labelled different or
    conflicting passages hidden as their partner (`false`), and pairs the site never compares (`apart`: on two
    service pages, where each page rightly keeps its own copy). Korean restatements are left out."""

    found: int
    missed: int
    false: int
    apart: int = 0

    @property
    def recall(self) -> float:
        return self.found / (self.found + self.missed)


def _score(pairs: list[dict[str, object]], result: DedupeResult, pages: Mapping[str, str] | None = None) -> Score:
    """Found = both shown as one passage (one inside the other, or both inside a third). `pages` (key → service
    page) marks the pairs split across pages, as `apart`."""
    found = missed = false = apart = 0
    report = []
    for pair in pairs:
        if pair.get("korean"):
            continue
        a, b = _key(pair["a"]), _key(pair["b"])
        if pages is not None and (a not in pages or pages.get(a) != pages.get(b)):
            apart += 1
            continue
        ra, rb = _root(result, a), _root(result, b)
        if pair["label"] == "duplicate":
            if ra == rb:
                found += 1
            else:
                missed += 1
                report.append(f"MISS  {a} | {b} | {pair['note']}")
        elif ra == b or rb == a:
            false += 1
            report.append(f"FALSE {a} | {b} | {pair['note']}")
    print("\n".join(report))
    return Score(found, missed, false, apart)


def _alone(path: Path) -> Score:
    """The deduplicator on the labelled passages alone, as one page: the figure comparable with earlier reports."""
    pairs, passages = _sample(path)
    return _score(pairs, find_duplicates(passages.values()))


def _on_site(path: Path, build: Build) -> Score:
    """What the built site shows: each passage on the service page the classifier gave it, compared with everything
    else on that page (the figure a reader sees)."""
    assert build.knowledge is not None
    pages = {key: passage.page for key, passage in build.knowledge.passages.items()}
    return _score(_sample(path)[0], build.knowledge.dedupe, pages)


def test_figures_with_the_labelled_passages_alone() -> None:
    # CONTAIN 0.95, not 0.75: 125, 12 and 24 found before (merge audits 1-13 judged one merge in six below 0.95 lossy)
    assert _alone(PAIRS) == Score(116, 63, 1)  # tuning sample: recall 0.648 (113 before two quantities told alike
    # lowered what a twin must hold to 0.85: Aurora's storage and six copies, S3's requests per prefix); 0.631 (0.771
    # before the merge guards; 112 before a terse statement merged with a twin telling exactly its words, "You cannot
    # nest groups")
    assert _alone(HOLDOUT) == Score(10, 34, 0)  # recall 0.227; looked at since, so no longer held out
    # labelled by a second reader, never tuned on: recall 0.296 (0.324 at CONTAIN 0.75)
    assert _alone(HOLDOUT_2) == Score(21, 50, 0)


def test_figures_on_the_built_site(real_site_build: Build) -> None:
    """The issue's bar (recall 0.85 at precision 0.97) is not reached: rewordings that share under ~75% of their
    content words stay apart, because merging them by words alone hides facts (see README, "Duplicates"). Within
    one source only rewordings merge: that cost 10 of 153 labelled duplicates and bought precision on real merges.
    Enumerations kept whole (no list left with items missing) and headings written as bold lines never hidden cost
    10 more (143 found before); an enumeration hidden whole where another passage or list says all of it won 11 of
    them back (133 found before); Korean glosses left out whole and phrases folded twice, 2 more (144 before); a fact
    about one named thing kept out of another's definition, 1 more (its true twin found); a passage kept shown where
    the next one goes on from it ("So, if you cannot launch ..."), 5 fewer (147 before); a passage told across a few
    adjacent lines of a long one ("About 15 global health checkers" ... "If > 18% ..."), 2 more (142 before). A
    holdout pair left the page of its twin ("1 year retention" of "Kinesis Data Streams (newer)", now with
    DynamoDB's stream processing, as its section's label says), so it is counted apart; another ("90 days of events
    in the Event History" / a trail stores events in S3 indefinitely, labelled different) came onto one page, the
    CloudTrail one, and stays unmerged. Two sections of one source
    that carry one section number (DVA's notes, then a pasted answer restating them) are two tellings of one thing:
    2 more, both in held-out 2 (144 before). A passage of three content words written as a sentence of eight words
    or more is no label (`dedupe.SENTENCE_WORDS`): 2 more ("You can have up to 5000 users per AWS account"). A
    passage under a heading that names only the page is not hidden in one under a heading of a subject it never names
    (`dedupe._general_in_particular`): 3 fewer (Direct Connect's dedicated connection and VGW, under "DX & DX
    Gateway"; EFS's "1000s of clients" under a heading on its performance), for 5 lossy merges of the audits undone.
    Each word a passage lists ("users, groups and roles") must be in its twin (`dedupe._unlisted`): 1 fewer (Udemy's
    Aurora Serverless "infrequent, intermittent or unpredictable" against the notebook's "infrequent or
    unpredictable"), for a lossy merge of audit 12 undone. Under two headings of their own that share no word, a
    passage hides only if its twin holds 0.9 of it: 2 fewer, for 7 merges the audits judged lossy. A passage hides
    only if its twin holds `CONTAIN` = 0.95 of it, not 0.75: 16 fewer (136 before), for the one merge in six below
    0.95 that the audits had judged lossy; a misspelt word counts as held ("Labda", "Salesfroce"): 1 more; a unit
    written out is held by the same quantity with its unit glued on ("300 seconds" / "300s"): 1 more (121 / 276); a
    passage taking one side of a property is not hidden in a twin a line of which takes the other
    (`dedupe._opposite_sides`): 1 fewer, the Udemy notes' "Best-effort message ordering" against DVA's list that also
    says "Messages are guaranteed in the order they were received" (120 / 276; audit 5 had judged it borderline, a
    blind review of the SQS page High); a bold opened after a word's first letter repaired ("I**f you want to setup
    a Direct Connect ..." read "f" as a word): 1 more (121 / 276); a list under a heading of targets ("Alias Records
    Targets") hidden all or none: 1 fewer, the notebook's "You cannot set an ALIAS record for an EC2 DNS name", an
    item of its list of alias targets (120 / 276); a passage whose two quantities or more its twin all tells hidden
    if the twin holds `QUANTIFIED_CONTAIN` = 0.85 of it: 3 more (Aurora's "grows in increments of 10GB, up to 128
    TB" and "6 copies across 3 AZ", S3's 3,500 / 5,500 requests per prefix; 124 / 276); a short passage whose twin
    names in its own words what the passage's heading is about sits under an agreeing heading (`dedupe._same_heading`):
    1 more, the Udemy notes' "You have to set Maximum Storage Threshold" under "RDS – Storage Auto Scaling" in the
    notebook's paragraph on RDS storage auto scaling, under "RDS" (125 / 276)."""
    scores = [_on_site(path, real_site_build) for path in (PAIRS, HOLDOUT, HOLDOUT_2)]
    assert scores == [Score(98, 64, 0, 21), Score(8, 35, 0, 1), Score(19, 52, 0, 0)]  # 93 before "nest groups"
    found, missed, false = (sum(getattr(s, f) for s in scores) for f in ("found", "missed", "false"))
    assert found / (found + false) >= 0.97  # 1.000: no labelled different or conflicting pair is merged
    # 124 / 276 = 0.449 (121 before two quantities told alike lowered what a twin must hold; 120 before a bold opened
    # after a word's first letter was repaired; 121 before a side of a property was never hidden in a twin taking the
    # other; 120 before a unit written out was held by its quantity glued; 136 before CONTAIN was 0.95; 138 before a
    # CONTAIN of 0.9 under headings sharing no word; 139 before each listed word had to be in the twin; 142 before a
    # general passage was kept out of one under another subject's heading; 143 before a list whose last item heads the
    # paragraph after it was kept from being hidden whole: the notebook's KMS key policies, in held-out 2; 141 before a
    # short passage written as a sentence could merge; 144 before every list under a heading of kinds, not only the
    # first, was hidden all or none: a blind review found the notebook's EBS types without st1 and sc1 and its Glacier
    # retrieval options without standard and bulk; 145 before a list of kinds was hidden whole only in a twin holding
    # KINDS_CONTAIN of it: the notebook's KMS asymmetric-key item; 146 before a one-item list opening with a bold label,
    # "**Dedicated Hosts**: book an entire physical server", heads the paragraphs after it and is hidden only with them;
    # both new in held-out 2: Aurora's compute and backup costs, DVA's notes and the pasted answer restating them under
    # one number; 144 / 277 = 0.520 before that and a pair leaving its twin's page; 0.531 before passages that the next
    # one goes on from stayed shown: a fragment such as "So, if you cannot launch ..." without its premise reads worse
    # than a fact told twice); held-out 2: 23 / 71 = 0.324
    assert found / (found + missed) >= 0.43


def test_a_side_of_a_property_is_not_hidden_in_a_twin_taking_the_other() -> None:
    """A blind review of the SQS page: the Udemy notes' "Best-effort message ordering" was hidden in DVA's list, which
    holds its words ("FIFO with best effort") and also says "Messages are guaranteed in the order they were
    received": the standard-queue section was left with the guarantee. A twin taking the same side still hides it."""
    plain = "Replication happens within a region.\nProvides FIFO with best-effort message ordering, but no guarantee"
    muddled = plain.replace("\n", "\nMessages are guaranteed in the order they were received\n", 1)
    for twin, hidden in ((muddled, False), (plain, True)):
        passages = [
            Passage("dva.md:10-12", twin, "dva", "sqs", "SQS"),
            Passage("udemy.md:5-5", "Best-effort message ordering", "udemy", "sqs", "SQS"),
        ]
        result = find_duplicates(passages)
        assert ("udemy.md:5-5" in result.kept_of()) is hidden, twin


def test_no_merge_of_conflicting_or_different_pairs() -> None:
    pairs, _ = _sample()
    result = _sample_result()
    merged = set()
    for pair in pairs:
        if pair["label"] in ("conflict", "different"):
            a, b = _key(pair["a"]), _key(pair["b"])
            if _root(result, a) == b or _root(result, b) == a:
                merged.add((a, b))
    assert merged == KNOWN_FALSE_MERGES


def test_conflicts_found_on_the_sample() -> None:
    pairs, _ = _sample()
    conflicts = {(c.a, c.b): c.why for c in _sample_result().conflicts}
    found = {}
    for pair in pairs:
        if pair["label"] == "conflict":
            key = tuple(sorted((_key(pair["a"]), _key(pair["b"]))))
            if key in conflicts:
                found[pair["note"]] = conflicts[key]
    # None: a conflict needs one statement told two ways, clause by clause, and these disputes are worded apart
    # ("read-only copies (max 15)" / "Up to 5 Read Replicas"). The passage-level rule found that one, along with 49
    # false disputes on the real notes (tests/data/conflict_audit.yml).
    assert found == {}


def _pair(a: str, b: str, context: str = "") -> DedupeResult:
    return find_duplicates([Passage("a", a, "one", "p", context), Passage("b", b, "two", "p", context)])


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        ("RDS supports up to 5 read replicas", "RDS supports up to 15 read replicas", "number: <=5 vs <=15"),
        ("RDS read replicas use async replication", "RDS read replicas use sync replication", "sync vs async"),
        ("You can SSH into RDS instances", "You cannot SSH into RDS instances", "negation: instanc, rds, ssh"),
        (
            "S3 multipart upload is recommended for files over 100 MB",
            "S3 multipart upload is recommended for files under 100 MB",
            "limit: >1e+08b vs <1e+08b",
        ),
    ],
)
def test_look_alikes_are_conflicts_not_merges(a: str, b: str, why: str) -> None:
    result = _pair(a, b)
    assert result.merges == ()
    assert [c.why for c in result.conflicts] == [why]


def test_a_clause_one_source_denies_and_the_other_asserts_is_a_conflict() -> None:
    """The denial sits in one clause of a longer passage: the passage as a whole still says many things both agree
    on, so only clause by clause is the contradiction seen."""
    longer = (
        "Replication by default can handle objects that are unencrypted or SSE-S3.\n"
        "With configuration it can handle SSE-KMS, but KMS requires more configuration to work.\n"
        "It cannot replicate objects with SSE-C because AWS does not have the keys necessary."
    )
    shorter = (
        "Unencrypted objects and objects encrypted with SSE-S3 are replicated by default. "
        "Object encrypted with SSE-C can also be replicated."
    )
    result = _pair(longer, shorter, "S3 Replication")
    assert result.merges == ()
    assert [c.why for c in result.conflicts] == ["negation: c, object, replic, sse"]


def test_a_passage_that_denies_and_asserts_contradicts_no_one() -> None:
    both = (
        "**ECS on EC2**: You must provision and manage EC2 instances manually.\n"
        "**Fargate**: You don't need to manage instances. AWS handles the infrastructure."
    )
    assert _pair(both, "You do not provision the infrastructure (no EC2 instances to manage)").conflicts == ()
    # A condition ("if ... not") states neither a denial nor a fact.
    assert clauses("If a message is not processed within the visibility timeout, it is processed twice").denied == ()
    assert clauses("A message is not processed within the visibility timeout").denied == (
        frozenset({"process", "visibl", "timeout"}),
    )


def test_different_named_thing_is_never_merged() -> None:
    result = _pair("RDS Proxy stores credentials in SSM", "RDS Proxy stores credentials in Secrets Manager")
    assert result == DedupeResult((), ())


def test_contained_passage_merges_into_the_richer_one() -> None:
    result = _pair(
        "Aurora stores 6 copies of your data across 3 AZ",
        "Aurora stores 6 copies of your data across 3 AZ, with self healing",
    )
    assert [(m.duplicate, m.kept, m.kind) for m in result.merges] == [("a", "b", "contained")]


def test_exact_copy_and_richest_kept() -> None:
    text = "**SSM Parameter Store** - it is a secure storage for configuration and secrets."
    result = find_duplicates(
        [
            Passage("k2", text, "nb", "p"),
            Passage("k1", text.replace("**", ""), "nb", "p"),
            Passage("k3", text, "x", "q"),
        ]
    )
    # The copy with its markup is the longer, richer text: it is kept; the other page is never compared.
    assert [(m.duplicate, m.kept, m.kind, m.score) for m in result.merges] == [("k1", "k2", "exact", 1.0)]


def test_same_words_under_different_headings_stay() -> None:
    a = Passage("a", "**IP Addresses** (must be private IPs).", "nb", "elb", "Application Load Balancer (ALB)")
    b = Passage("b", "**IP Addresses** (must be private IPs).", "nb", "elb", "Network Load Balancer (NLB)")
    c = Passage("c", "IP Addresses – must be private IPs", "ko", "elb", "APP Load Balancer의 Target Group 종류")
    result = find_duplicates([a, b, c])
    assert [(m.duplicate, m.kept) for m in result.merges] == [("c", "a")]


def test_normalisation_tokens() -> None:
    assert tokens("You **cannot** nest groups (groups within groups)") == ("not", "contain", "group", "group", "group")
    assert tokens("Max. CIDR per VPC is five") == ("max", "cidr", "vpc", "5")
    assert tokens("Requires an Internet Gateway") == tokens("requires an IGW")
    assert tokens("DX Gateway") == tokens("Direct Connect Gateway") == ("dxgw",)
    assert tokens("Security Groups are Stateful") == ("sg", "stateful")
    assert tokens("pe volume pat is larger pan") == ("volum", "more")  # PDF damage: the, that, than
    assert tokens("[docs](https://example.com) `ReEncrypt`") == ("doc", "reencrypt")


def test_an_example_marker_is_no_fact_of_its_passage() -> None:
    """The Udemy notes' "Example: User in account A needs to scan a DynamoDB table ..." had stayed beside the
    notebook's same case, which adds "⇒ we should use resource-based policy", for the one word "Example" (a blind
    review of the IAM page); SSM's "Examples: restart instances, create an AMI, EBS snapshot" beside "(e.g. restart
    instances, create an AMI, EBS snapshot)" likewise."""
    assert tokens("Example: the same. Examples, ex: also") == ("same",)
    example = "Example: User in account A needs to scan a DynamoDB table in Account A and dump it in an S3 bucket in B."
    case = (
        "User in account A needs to scan a DynamoDB table in account A and dump it in an S3 bucket in B. "
        "⇒ we should use resource-based policy."
    )
    assert [(m.duplicate, m.kept) for m in _pair(example, case).merges] == [("a", "b")]


def test_signatures() -> None:
    assert signature("Max object size is 5TB (5000GB)").quantities == {("<=", "5e+12", "b"), ("", "5e+12", "b")}
    assert signature("up to 15 read replicas").quantities == {("<=", "15", "")}
    assert signature("recommended for objects of 100 MB or larger").quantities == {(">=", "1e+08", "b")}
    assert signature("Lambda max: 15 minutes (900 seconds)").quantities == {("<=", "900", "s"), ("", "900", "s")}
    assert signature("Min size is /28").quantities == {(">=", "28", "cidr")}
    assert signature("You can have 5,000 users").quantities == {("", "5000", "")}
    assert signature("one or more copies").quantities == frozenset()
    assert signature("NACLs are stateless").opposites == {"stateless"}
    # A unit after a hyphen, "min" after a number, "one" before a unit of time: minutes and seconds, not "minimum".
    assert signature("billed per second, with a 10-minute minimum").quantities == {("", "600", "s")}
    assert signature("Currently 15 min execution limit.") == signature("Currently 15 minutes execution limit.")
    assert signature("replication typically within one second").quantities == {("<=", "1", "s")}
    assert signature("a 3-tier app in us-east-1").quantities == {("", "3", ""), ("", "1", "")}
    assert signature("Data is not encrypted but is private").negated is True


def test_negation_scope_ends_at_the_clause() -> None:
    assert negated_words("Gateway endpoints do not use security groups. They support S3 and DynamoDB.") == {"sg"}
    assert negated_words("We can't SSH into RDS instances, but RDS Custom allows SSH") == {"instanc"}


def test_a_negation_reaches_the_list_it_opens() -> None:
    """The cheat sheet's "AWS KMS does not store, manage, or track your data keys, or perform cryptographic operations
    with data keys" had been the twin of DVA's "Managed by KMS and used within cryptographic operations" (said of
    CMKs): the negation stopped at the first comma, so "manage" and "cryptographic operations" read as asserted."""
    kms = "AWS KMS does not store, manage, or track your data keys, or perform cryptographic operations with data keys"
    assert {"store", "manag", "track", "perform", "cryptograph", "oper"} <= negated_words(kms)
    assert "generat" not in negated_words("KMS does not store keys, it generates them")  # a new clause, not the list
    cmk = "Managed by KMS and used within cryptographic operations."
    assert _one_page((cmk, "dva", "KMS Keys"), (kms, "cheat", "KMS Keys")) == []


@settings(max_examples=25, deadline=None)
@given(st.randoms(use_true_random=False))
def test_order_independence(rand: object) -> None:
    _, passages = _sample()
    items = sorted(passages.values(), key=lambda p: p.key)[:120]
    shuffled = list(items)
    rand.shuffle(shuffled)  # type: ignore[attr-defined]
    assert find_duplicates(shuffled) == find_duplicates(items)


def test_whole_corpus(real_site_build: Build) -> None:
    """Every service page of the real notes: how much is merged, and no kept passage is itself hidden."""
    assert real_site_build.knowledge is not None
    passages = real_site_build.knowledge.passages
    result = real_site_build.knowledge.dedupe
    kinds = {kind: sum(m.kind == kind for m in result.merges) for kind in ("exact", "near", "contained")}
    print(f"passages {len(passages)} merges {len(result.merges)} {kinds} conflicts {len(result.conflicts)}")
    assert len(passages) > 8000
    # 425 merges (412 before the two rules at the assert): 410 before a bold opened after a word's first letter was
    # repaired ("I**f you want ...", "I**n case Direct Connect fails ...": their words read "f" and "n"; both judged ok,
    # audits 3 and 15); 411 before a side of a property was never hidden in a twin taking the other (the Udemy notes'
    # "Best-effort message ordering" in DVA's list that also says order is guaranteed); 413 before a labelled list item
    # stayed shown with the passages it heads (the notebook's Spot Instances item, whose "Useful for workloads that are
    # resilient to failure" read as Savings Plans'); 411 before a unit written out ("less than 30 seconds") was held by
    # the same quantity glued ("less than 30s"; Aurora's failover and the ASG cooldown, both judged ok by audits 4 and
    # 5); 560 before a passage had to be 0.95 in its twin, not 0.75 (and 0.9 under headings sharing no word; of the
    # merges audits 1-13 had judged below 0.95, 97 of 117 kept every fact, at 0.95 or more 251 of 257), two more words
    # for one thing were one term each ("Firewall Manager", "Object Lock", "CloudFront Functions", ...), a passage whose
    # subject only its heading names stayed out of a twin naming another thing, and a misspelt word counted as held
    # ("Labda", "Salesfroce", "shcedule": 8 more); 561 before names joined by " / " were listed words too (the Udemy
    # summary's "Managed PostgreSQL / MySQL / Oracle / SQL Server / MariaDB / Custom" in DVA's SSL/TLS support per
    # engine: merge audit 13, lost); 590 before a passage under a heading of its own had to be nearly all
    # (`CONTAIN_APART`) in a twin under another heading sharing no word with it (the Internet Gateway's "Allows
    # resources ... connect to the Internet" had been hidden in a VPC paragraph, a group "cannot be a principal" in a
    # passage on when Principal is not needed: merge audit 12, lost); 593 before each word of a run a passage lists
    # ("users, groups and roles") had to be in its twin (`_unlisted`: the cheat sheet's IAM policies line, merge audit
    # 12, lost; "audience, content and delivery schedule" in a line cut short after "audience,"); 596 before a passage
    # naming one thing was no longer hidden in one telling it of a sibling that only the richer one's heading shares
    # (`_swapped_name`: Udemy's Global Aurora multi-region key line in the notebook's DynamoDB one) and "multi-attach"
    # was one term (the cheat sheet's "EBS volumes must be in the same AZ as the instances they are attached to" had
    # been hidden in the notebook's Multi-Attach paragraph; both merge audit 12, lost); 621 before a passage under a
    # heading that names only the page stopped being hidden in one under a heading of a subject it never names
    # (`_general_in_particular`: of 15 such merges the audits judged, 5 lost a fact and 2 a nuance); 622 before "data
    # key" and "key material" were read as one term each (the cheat sheet's "KMS keys can generate, encrypt and decrypt
    # Data Encryption Keys" was hidden in DVA's "Automatic Key Rotation", its words spread over "generates new
    # cryptographic material ... decrypt data encrypted", audit 1 and a blind review), 624 before one source's sibling
    # sections under a heading of kinds kept each its facts (DVA's "99.99% availability" and "99999999999% durability",
    # told of S3 Standard and again of S3 Glacier, a blind review), 625 before a case study's parts stayed with it on
    # the general page (the cheat sheet's "Need to enable transfer acceleration on the S3 bucket" is no longer hidden in
    # the notebook's "Thumbnail Generation", a merge audit 5 judged lost), 589 before a point of a source's summary
    # section ("Summary of ECS Concepts") could be hidden in the passage that source told at length (`_sums_up`; audit
    # 11 judged the 37 it added blind), 591 before an exception the hidden passage makes and its twin does not ("Anytime
    # you need a DB type other than: MySQL, ...", under the cheat sheet's RDS anti-patterns) kept them apart, 592 before
    # "for that zone" early in a passage read as going on from the one before (DVA's Route 53 registration steps), 593
    # before a ">" between words was read as a comparison, not markup (the notebook's multipart "recommended for files <
    # 100MB" had been hidden in the Udemy notes' "> 100MB"), 596 before a list whose last item heads the paragraph after
    # it was no longer hidden whole (the notebook's Reserved Instances and KMS key policies; one Udemy list hidden the
    # other way round), 590 before a passage of three content words written as a sentence could merge, 591 before "in
    # addition to" and "rather than" were opposites (an ASG health-check line audit 3 judged lost), 595 before every
    # list under a heading of kinds was hidden all or none, 597 before a list of kinds was read whole only at
    # KINDS_CONTAIN (audit 9's two losses), 598 before a one-item list opening with a bold label heads the paragraphs
    # after it, 608 before a list right under a heading of kinds ("CloudTrail - Types of Events", "Record Types") was
    # hidden all or none, 610 before a short label over a list ("Minimum endpoints", "VPC Consideration") introduced it
    # as a colon does (hidden whole or not at all), 606 before two sections of one source carrying one number read as
    # two tellings (Aurora's costs and endpoints, DVA's notes and the pasted answer restating them), 604 before an empty
    # outline heading held the headings written above it (DVA's object storage now on the S3 page), 605 before
    # "Difference: ..." read as going on from the passage before it, 606 before a negation reached the list it opens
    # ("does not store, manage, or track"), 602 before a passage could be found across a few adjacent lines of a long
    # one, 603 before a definition of a name ("**A** - maps ...") was hidden only in a passage naming it; 915 before
    # one-source rewordings only. The counts between: `git log -L` on these lines. 413: 412 before the slide PDF's
    # broken hyphens were joined ("on- premises"); 414 before a definition that the next passage goes on from by pronoun
    # stayed shown ("It provides ..." after "Amazon ECR is a fully managed container registry"), 415 before a list item
    # cut mid-sentence ("... and securely") kept the item before it shown, 414 before words the slide PDF split after an
    # "r" were joined (the Udemy notes' "ser vice"); 417 before a list under a heading of concepts was hidden all or
    # none ("Summary of ECS Concepts"); 418 before a list item of a word or two ("Duration") kept the item before it
    # shown; 410 before "example" was a stop word (an "Example:" opening a passage is no fact of it: 8 merges, 6 of them
    # judged ok by audits 1-13, undone for that one word) and a terse statement merged with a twin telling exactly its
    # words ("You cannot nest groups"), 411 before a one-line caption of a code block headed it; 413 before a general
    # term's definition ("Encryption: encrypt objects in Amazon S3 using encryption keys") stayed out of a passage under
    # a heading of a kind of it (SSE-C)
    # 62 near before a hyphen the slide PDF broke before a capital was joined ("non- AWS": the notebook's AppFlow
    # destinations now read as the Udemy line's twin, audit 25)
    assert kinds == {"exact": 39, "near": 63, "contained": 334}  # 328 before a short passage whose twin names in its
    # own words what the passage's heading is about sat under an agreeing heading (6: the Udemy notes' block public
    # access list in the notebook's paragraph, Route 53's hosted zone, S3 Analytics, RDS storage auto scaling; audit
    # 24); 330 before a passage stayed out of a twin its own
    # source disputes (the Udemy notes' "Applications must update the connection" in the notebook's "... (max 15)",
    # which the Udemy notes' "Up to 5" disputes; ElastiCache's IAM line, likewise; a user-level review); 327 before an
    # item left alone in its list went
    # with its mates to the twin that holds its words ("Hybrid environments.", audit 23); 328 before a list of "A to
    # B" routes needed each route in its twin (DMS's "EC2 to RDS, RDS to RDS, RDS to Aurora", audit 20's lost
    # merge); 324 before words the slide PDF ran together were parted (4 more: the Udemy DDoS list's
    # "Detectandfiltermaliciousweb requests" now holds the notebook's line); 312
    # before a sentence of a one-line paragraph held a
    # short passage as a line does (8 more: "Web ACL are Regional except for CloudFront" in the notebook's WAF
    # paragraph) and two quantities told alike lowered what a twin must hold to 0.85 (5 more: "Aurora storage
    # automatically grows in increments of 10GB, up to 128 TB"); 315 before a list of targets was hidden whole
    kept = result.kept_of()
    assert all(k not in kept for k in kept.values())  # a kept passage is never itself hidden
    assert all(passages[m.duplicate].page == passages[m.kept].page for m in result.merges)


def test_glued_words_and_paraphrases_fold() -> None:
    assert tokens("You need to setup aVirtual Private Gateway on yourVPC") == ("must", "set", "vgw", "vpc")
    assert tokens("enableDnsSupport") == ("enablednssupport",)  # an identifier is not split
    assert tokens("Delete unused access keys") == ("delet", "unus", "access", "credenti")
    assert tokens("Remove unnecessary credentials") == ("delet", "unus", "credenti")
    assert set(tokens("You cannot nest groups")) <= set(tokens("A Group cannot contain other groups"))
    assert tokens("Supports Server Name Indication") == ("support", "sni")
    assert tokens("resilient within a single Availability Zone") == tokens("resilient within a single AZ")
    assert tokens("Items can be at most 400KB") == ("item", "max", "400", "kb")


def test_korean_gloss_does_not_count_against_an_english_twin() -> None:
    result = _pair(
        "Replicas can be promoted to their own DB(독립 DB로 승격 가능)",
        "Replicas can be promoted to their own database, and used for DR",
    )
    assert [(m.duplicate, m.kept) for m in result.merges] == [("a", "b")]
    english_inside = _pair(  # the gloss's English words ("Master") explain; they are no fact of the passage
        "**Replicas can be promoted to their own DB(Replica에서 Master로 될 수 있다는 의미)**",
        "Replication is **async**, so reads are eventually consistent. Replicas can be promoted to their own database.",
    )
    assert [(m.duplicate, m.kept) for m in english_inside.merges] == [("a", "b")]


def test_tiny_passages_merge_only_as_copies() -> None:
    """Three content words or fewer: mostly a label ("MAC Address") heading the lines after it, unless the twin tells
    exactly its words: "You cannot nest groups" had stayed beside its rewording (the issue's own example; a blind
    review of the IAM page). The price: a terse fact stays beside a twin that says more."""
    label, licence = "MAC Address", "Legacy software is licensed using a MAC address, moved with a secondary ENI"
    assert _one_page((label, "one", "ENI"), (licence, "two", "ENI")) == []
    assert _one_page((label, "one", "ENI"), ("**MAC address**", "two", "ENI")) == [("a", "b")]
    terse, worded = "You cannot nest groups (groups within groups)", "No Nesting: You cannot have groups within groups."
    assert _one_page((terse, "one", "IAM Groups"), (worded, "two", "1.3.3. IAM Groups")) == [("a", "b")]
    more = "You cannot nest groups (groups within groups) in an account"
    assert _one_page(("You cannot nest groups", "one", "IAM Groups"), (more, "two", "1.3.3. IAM Groups")) == []
    other = find_duplicates(
        [
            Passage("a", "**EC2 Instances.**", "one", "p", "Network Load Balancer (NLB)"),
            Passage("b", "EC2 instances (can be managed by an ASG)", "two", "p", "Gateway Load Balancer (GWLB)"),
        ]
    )
    assert other.merges == ()


_GRAY = (
    "SQS Long polling is a way to retrieve messages from SQS queues - waits for messages to arrive",
    "When a consumer requests messages from the queue, it can optionally wait for messages to arrive",
)


def test_without_similarity_a_loose_rewording_stays() -> None:
    assert _pair(*_GRAY).merges == ()


def test_similarity_settles_a_gray_pair_and_sees_only_gray_pairs() -> None:
    asked: list[tuple[str, str]] = []

    def similar(pairs: Sequence[tuple[str, str]]) -> list[float]:
        asked.extend(pairs)
        return [0.9 for _ in pairs]

    merged = find_duplicates([Passage("a", _GRAY[0], "one", "p"), Passage("b", _GRAY[1], "two", "p")], similar)
    assert [(m.duplicate, m.kept, m.kind, m.score) for m in merged.merges] == [("b", "a", "near", 0.9)]
    assert asked == [(_GRAY[1], _GRAY[0])]
    unsure = find_duplicates([Passage("a", _GRAY[0], "one", "p"), Passage("b", _GRAY[1], "two", "p")], lambda p: [0.5])
    assert unsure.merges == ()


def test_similarity_never_overrides_a_fact_veto() -> None:
    def always(pairs: Sequence[tuple[str, str]]) -> list[float]:
        raise AssertionError("a clash must be settled before any similarity is asked")

    result = find_duplicates(
        [
            Passage("a", "Messages can live on an SQS queue for up to 15 days, with KMS encryption", "one", "p"),
            Passage("b", "Message retention: default 4 days, up to 14 days", "two", "p"),
        ],
        always,
    )
    assert result.merges == ()


def test_a_conflict_names_what_it_is_about() -> None:
    """Under one "Storage classes" heading, "Minimum storage duration is 90 days" and "... 180 days" are two storage
    classes' facts (the blind audit's most common false dispute): the clause names no service, so no dispute."""
    unnamed = _pair("Minimum storage duration is 90 days.", "Minimum storage duration is 180 days.", "Storage classes")
    assert unnamed.conflicts == () and unnamed.merges == ()
    worded_apart = _pair("Multipart upload is recommended for files over 100 MB", "Multipart: for files under 100 MB")
    # Worded apart, so no clause of one is told of the other; one number bounded from opposite sides is a dispute.
    assert [c.why for c in worded_apart.conflicts] == ["told: over 100 mb vs under 100 mb"]


def test_a_conflict_needs_a_shared_subject() -> None:
    # Same numbers disagree, but "storage duration" vs "retrieval time" are two facts, not a dispute.
    apart = _pair("Minimum storage duration is 90 days for Glacier", "Glacier minimum retrieval time is 180 days")
    assert apart.conflicts == ()
    dispute = _pair(
        "Minimum storage duration is 90 days for Glacier", "Glacier has a minimum storage duration of 180 days"
    )
    assert [c.why for c in dispute.conflicts] == ["number: >=7.776e+06s vs >=1.5552e+07s"]


def test_a_short_fact_does_not_vanish_into_a_long_run_on_passage() -> None:
    blob = (
        "Identity-based policies - attached to users, groups, or roles Resource-based policies - attached to a "
        "resource; define permissions for a principal accessing the resource IAM permissions boundaries - set the "
        "maximum permissions an identity-based policy can grant an IAM entity"
    )
    result = find_duplicates(
        [
            Passage("a", "**Resource** - specifies the AWS resources.", "one", "p", "IAM Policies Structure"),
            Passage("b", blob, "two", "p", "Types of IAM Policy"),
        ]
    )
    assert result.merges == ()


def test_korean_explanation_is_not_merged_into_english_words_it_mentions() -> None:
    result = find_duplicates(
        [
            Passage("a", "User와 Group으로 구분\nUser는 Group에 속하지 않아도 되고, 여러 그룹에 속해도 됨", "one", "p"),
            Passage("b", "Users and groups: a user can belong to a group, groups hold users and roles", "two", "p"),
        ]
    )
    assert result.merges == ()


def _one_page(*passages: tuple[str, str, str], page: str = "p") -> list[tuple[str, str]]:
    """Merges among (text, source, context) passages on one page, as (duplicate, kept) key pairs ("a", "b", ...)."""
    keys = "abcdefgh"
    result = find_duplicates(Passage(keys[n], t, src, page, ctx) for n, (t, src, ctx) in enumerate(passages))
    return [(m.duplicate, m.kept) for m in result.merges]


def test_a_general_fact_is_not_hidden_in_a_passage_on_another_subject() -> None:
    """The cheat sheet's "AWS KMS allows you to centrally manage and securely store your keys", under "AWS KMS", was
    hidden in the notebook's paragraph on the external key store, which says the keys live outside KMS (merge audit
    3: lost; a blind review of the KMS page). Under a heading of that subject, it would be one fact."""
    general = "AWS KMS allows you to centrally manage and securely store your keys"
    xks = (
        "**External Key Store (XKS)** in KMS is a setup where encryption keys are stored and managed outside the "
        "primary KMS infrastructure, yet centrally. It enhances security and compliance by allowing organizations to "
        "retain control over their encryption keys in a dedicated external system."
    )
    assert _one_page((general, "cheat", "Security / AWS KMS"), (xks, "notebook", "KMS / KMS XKS"), page="kms") == []
    under_xks = (general, "cheat", "Security / AWS KMS / XKS")
    assert _one_page(under_xks, (xks, "notebook", "KMS / KMS XKS"), page="kms") == [("a", "b")]


def test_a_sentence_about_one_thing_is_not_hidden_in_the_same_sentence_about_its_sibling() -> None:
    """Udemy's Global Aurora line was hidden in the notebook's DynamoDB one, whose heading names both (merge audit 12:
    lost). Told of the same thing, the shorter is hidden as before."""
    aurora = (
        "If we use a MRK replicated in the same region as the Global Aurora DB, then clients in these regions can use "
        "low-latency API calls to KMS in their region to decrypt the data client-side"
    )
    dynamodb = (
        "We can encrypt specific attributes client-side in our DynamoDB table using DynamoDB Encryption Client. If we "
        "use a MRK replicated in the same region as the DynamoDB Global table, then clients in these regions can use "
        "low-latency API calls to KMS in their region to decrypt the data client-side."
    )
    both = "KMS / DynamoDB Global Tables/Global Aurora & KMS MRK Client-Side Encryption"
    udemy = (aurora, "udemy", "Security / Global Aurora and KMS Multi-Region Keys Client-Side encryption")
    assert _one_page(udemy, (dynamodb, "notebook", both), page="kms") == []
    same_thing = (aurora.replace("Global Aurora DB", "DynamoDB Global table"), "udemy", udemy[2])
    assert _one_page(same_thing, (dynamodb, "notebook", both), page="kms") == [("a", "b")]


def test_each_word_a_passage_lists_is_a_fact() -> None:
    """The cheat sheet's "applied to users, groups and roles" was hidden in the notebook's "Users or Groups can be
    assigned ... policies" (merge audit 12: lost). A twin that lists roles too hides it as before."""
    cheat = ("Policies are documents that define permissions and can be applied to users, groups and roles", "c", "IAM")
    notebook = (
        "Users or Groups can be assigned JSON documents called **policies** which define the permissions of the user. "
        "In AWS we apply the least privilege principle."
    )
    assert _one_page(cheat, (notebook, "notebook", "IAM"), page="iam") == []
    with_roles = notebook.replace("Users or Groups", "Users, Groups or Roles")
    assert _one_page(cheat, (with_roles, "notebook", "IAM"), page="iam") == [("a", "b")]


def test_a_passage_hides_only_in_a_twin_holding_nearly_all_its_words() -> None:
    """The Udemy notes' Internet Gateway line was hidden in the notebook's VPC paragraph (merge audit 12: lost): most
    of its words are there, but not its subject. Over the merges audits 1-13 had judged, one in six that the twin
    held less than `CONTAIN` of lost a fact; so a twin must hold that much whatever the headings."""
    igw = "**Allows resources (e.g., EC2 instances) in a VPC connect to the Internet**"
    vpc = (
        "**VPC (Virtual Private Cloud)** is a private network where we can deploy our resources (regional resource). "
        "Default VPC has internet connectivity and all EC2 instances inside it have public IPv4 addresses."
    )
    notebook = Passage("b", vpc, "notebook", "vpc", "Networking - VPC / VPC & Subnet")
    for heading in ("VPC / Default VPC & Subnet", "VPC / Internet Gateway (IGW)"):
        assert not find_duplicates([Passage("a", igw, "udemy", "vpc", heading), notebook]).merges
    told = "**Default VPC has internet connectivity and its EC2 instances have public IPv4 addresses**"
    (merge,) = find_duplicates([Passage("a", told, "udemy", "vpc", "VPC / Default VPC & Subnet"), notebook]).merges
    assert (merge.duplicate, merge.kept) == ("a", "b")
    assert merge.score >= dedupe.CONTAIN


def test_a_misspelt_word_is_held_by_its_twin() -> None:
    """The PDF's and the notebooks' typos ("Salesfroce", "shcedule", "Labda") would otherwise keep a copy shown: at
    `CONTAIN` near 1, one missing word is enough. A short word or a name is never read as misspelt."""
    right = "Sources: Salesforce, SAP, Zendesk, Slack, and ServiceNow"
    assert _one_page(
        ("Sources: Salesfroce, SAP, Zendesk, Slack, ServiceNow", "ko", "AppFlow"), (right, "nb", "AppFlow")
    ) == [("a", "b")]
    assert (
        _one_page(("Sources: Salesforce, SAP, Zendesk, Stripe, ServiceNow", "ko", "AppFlow"), (right, "nb", "AppFlow"))
        == []
    )
    assert not dedupe._misspelt("sent", frozenset({"set"}))
    assert not dedupe._misspelt("gp2", frozenset({"gp3"}))


def test_a_unit_written_out_is_held_by_the_same_quantity_glued() -> None:
    """The Udemy notes' "default 300 seconds" is the notebook's "default 300s": the written-out unit is one word the
    twin lacks, and at `CONTAIN` near 1 it kept the copy shown. Not where the numbers differ."""
    cooldown = (
        "Scaling Cooldown - after a scaling activity happens, we are in the cooldown period (default 300s). During "
        "the cooldown period, the ASG will not launch or terminate additional instances (to allow metrics to settle)."
    )
    udemy = ("After a scaling activity happens, you are in the cooldown period (default 300 seconds)", "ko", "ASG")
    assert _one_page(udemy, (cooldown, "nb", "ASG"), page="asg") == [("a", "b")]
    shorter = ("After a scaling activity happens, you are in the cooldown period (default 30 seconds)", "ko", "ASG")
    assert _one_page(shorter, (cooldown, "nb", "ASG"), page="asg") == []


def test_names_joined_by_slashes_are_listed_words() -> None:
    """The Udemy summary's "Managed PostgreSQL / MySQL / Oracle / SQL Server / MariaDB / Custom" was hidden in DVA's
    SSL/TLS support per engine, which never says Custom (merge audit 13: lost). A twin that names it hides it."""
    engines = ("Managed PostgreSQL / MySQL / Oracle / SQL Server / MariaDB / Custom", "udemy", "RDS")
    ssl = (
        "Amazon RDS supports SSL/TLS encryption for data in transit to managed MySQL, MariaDB, PostgreSQL, Oracle "
        "and SQL Server databases."
    )
    assert _one_page(engines, (ssl, "dva", "RDS"), page="rds") == []
    with_custom = ssl.replace("and SQL Server", "SQL Server and RDS Custom")
    assert _one_page(engines, (with_custom, "dva", "RDS"), page="rds") == [("a", "b")]


def test_multi_attach_is_one_term() -> None:
    """The cheat sheet's general "EBS volumes must be in the same AZ as the instances they are attached to" was hidden
    in the notebook's Multi-Attach paragraph: "attached" matched the heading's "Attach" (merge audit 12: lost)."""
    same_az = "EBS volumes must be in the same AZ as the instances they are attached to"
    multi = (
        "Multi-Attach lets us to attach same EBS volume to multiple EC2 instances, which must be in the same AZ. It is "
        "only possible with io1/io2 volume types. Each EC2 instance has full read and write permissions to the volume."
    )
    cheat = (same_az, "cheat", "Block and File Storage / Amazon EBS")
    assert _one_page(cheat, (multi, "notebook", "EC2 Instance Storage / EBS Multi-Attach"), page="ebs") == []
    assert _one_page(cheat, (multi, "notebook", "EC2 Instance Storage / EBS Volumes"), page="ebs") == [("a", "b")]


HEALTH_CHECKS = "\n".join(  # udemy-saa-ko notes.md 1135-1170: one list item, its sub-items one line each
    (
        "Health Check => Automated DNS Failover:",
        "**Health checks that monitor an endpoint (application, server, other AWS resource)**",
        "**About 15 global health checkers will check the endpoint health**",
        "Healthy/UnhealthyThreshold–3(default)",
        "Interval – 30 sec (can set to 10 sec – higher cost) Supported protocol:HTTP, HTTPS and TCP",
        "If > 18% of health checkers report the endpoint is healthy, Route 53 considers it Healthy. Otherwise, it’s "
        "Unhealthy",
        "Ability to choose which locations you want Route 53 to use",
        "**Configure you router/firewall to allow incoming requests from Route 53 Health Checkers**",
        "**Health checks that monitor other health checks (Calculated Health Checks)**",
        "Combine the results of multiple Health Checks into a single Health Check",
        "You can use OR, AND, or NOT Can monitor up to 256 Child Health Checks",
        "**Health Checks – Private Hosted Zones**",
        "**Route 53 health checkers are outside the VPC.**",
        "They can’t access private endpoints (private VPC or on-premises resource)",
        "You can create a CloudWatch Metric and associate a CloudWatch Alarm, then create a Health Check that checks "
        "the alarm itself",
    )
)


def test_a_passage_told_in_a_few_adjacent_lines_of_a_long_one_is_found_there() -> None:
    """The notebook says in one paragraph what the Udemy notes' long health-check item says four sub-items apart; a
    passage of a few words is not looked for across lines (three of its four words are in any few lines)."""
    told = (
        "About 15 global health checkers will check the endpoint health. If more than 18% of health checkers report "
        "the endpoint is healthy, Route 53 considers it Healthy."
    )
    assert _one_page((told, "nb", "Route 53 Health Checks"), (HEALTH_CHECKS, "ko", "Health Checks")) == [("a", "b")]
    alone = "Route 53 health checks use a single metric"
    assert _one_page((alone, "nb", "Route 53 Health Checks"), (HEALTH_CHECKS, "ko", "Health Checks")) == []


def test_a_lead_in_is_never_hidden() -> None:
    """Hidden, "Use S3 bucket policies if:" would leave its list of conditions without a head."""
    lead, rich = "Use S3 bucket policies if:", "S3 bucket policies let you use bucket-wide rules from the S3 console"
    assert _one_page((lead, "one", "Access control"), (rich, "two", "Access control")) == []


def test_definitions_of_two_terms_stay_apart() -> None:
    app = "**Application Cookie** - generated by the load balancer, cookie name is AWSALBAPP"
    custom = "**Custom Cookie** - generated by the target; the application sets any name except AWSALBAPP"
    assert _one_page((app, "nb", "Sticky sessions"), (custom, "nb", "Sticky sessions")) == []
    # The SG page's "**Statefulness**" and a recap's "**Security Groups**" define one thing: the heading says so.
    recap = "**Security Groups**: stateful, if you allow inbound traffic the outbound response is automatically allowed"
    sg = "**Statefulness**: SGs are stateful: if you allow inbound traffic, outbound response is automatically allowed"
    assert _one_page((recap, "one", "Recap"), (sg, "two", "Overview of Security Groups")) == [("a", "b")]


def test_a_definition_of_a_name_is_hidden_only_where_the_name_is() -> None:
    """The notebook's "**A** - maps a domain name to an IPv4 address" had been hidden in DVA's reverse lookup zone,
    which maps addresses back to names; "A" is a stop word, so no bag held the record type it defines."""
    a_record = "**A** - maps a domain name to an IPv4 address."
    reverse = "**Reverse Lookup Zone**:\nIn a reverse lookup zone, the IP addresses are mapped back to domain names."
    assert _one_page((a_record, "nb", "Record Types"), (reverse, "dva", "Types of DNS Zones")) == []
    aaaa = "**AAAA** - maps a domain name to an IPv6 address."
    forward = "**Forward Lookup Zone**:\nIt maps domain names to IP addresses (**AAAA records** for IPv6)."
    assert _one_page((aaaa, "nb", "Record Types"), (forward, "dva", "Types of DNS Zones")) == [("a", "b")]


def test_twins_that_swap_a_name_stay_apart_but_a_typo_merges() -> None:
    rcu = "Calculate RCU per item, round up, then multiply by average per second."
    wcu = "Calculate WCU per item, round up, then multiply by average per second."
    assert _one_page((rcu, "dva", "Capacity"), (wcu, "dva", "Capacity")) == []
    typo = "Permits to run lightweight Labda functions at CloudFront Edge Locations"
    right = "Permits to run lightweight Lambda functions at CloudFront Edge Locations, close to users"
    assert _one_page((typo, "one", "Lambda@Edge"), (right, "two", "Lambda@Edge")) == [("a", "b")]


def test_one_sentence_under_headings_naming_two_services_is_two_facts() -> None:
    text = "Using client-side encryption we can protect specific fields and guarantee only decryption with the key"
    richer = text + ", even from database admins"
    dynamo = "Security / DynamoDB Global Tables and KMS Multi-Region Keys"
    aurora = "Security / Global Aurora and KMS Multi-Region Keys"
    assert _one_page((text, "ko", dynamo), (richer, "ko", aurora), page="kms") == []
    assert _one_page((text, "ko", aurora), (richer, "nb", aurora), page="kms") == [("a", "b")]


def test_the_page_name_does_not_make_two_headings_one_topic() -> None:
    """A tiny passage merges only under the same topic. On the Route 53 page every heading says "Route 53": sharing
    it says nothing, so "Route 53 - Latency Routing" and "Route 53 - Records" are two topics there."""
    tiny = ("Latency records send users to the closest region", "one", "Route 53 - Latency Routing")
    rich = (
        "Route 53 has latency records that send users to the closest region, and alias records",
        "two",
        "Route 53 - Records",
    )
    assert _one_page(tiny, rich, page="route53") == []
    assert _one_page(tiny, rich, page="p") == [("a", "b")]


def test_within_one_source_only_rewordings_merge() -> None:
    """One author's shorter look-alike is a parallel fact or a summary's point more often than a repeat (audited:
    18 of 75 such merges lost a fact): within a source only a rewording both ways merges."""
    point = ("**Multi-AZ** deployments give high availability with automatic failover when the primary fails", "RDS")
    detail = (point[0] + ", to a synchronous standby replica in another AZ, with one DNS name", "RDS")
    assert _one_page((*point[:1], "dva", point[1]), (*detail[:1], "dva", detail[1])) == []
    assert _one_page((*point[:1], "dva", point[1]), (*detail[:1], "ko", detail[1])) == [("a", "b")]
    reworded = ("Multi-AZ deployments: high availability, automatic failover when the primary fails", "RDS / Summary")
    assert _one_page((*point[:1], "dva", point[1]), (*reworded[:1], "dva", reworded[1])) == [("b", "a")]


def test_look_alikes_in_one_section_of_one_source_stay() -> None:
    """Side by side, one author's look-alikes are parallel facts or examples: a blind reader found the fourth rule
    of "Troubleshooting SG & NACL" hidden as the third, and "2001:0db8:28ac::82ae:3910:7334" as the address it
    shortens."""
    inbound = "Inbound **ACCEPT**, Outbound **REJECT** ⇒ NACL problem."
    outbound = "Outbound **ACCEPT**, Inbound **REJECT** ⇒ NACL problem."
    where = "VPC Flow Logs / Troubleshooting"
    assert _one_page((inbound, "nb", where), (outbound, "nb", where)) == []
    assert _one_page((inbound, "nb", where), (outbound, "ko", where)) != []


def _listed(*items: tuple[str, str, str], enumeration: Enumeration = "") -> list[Passage]:
    """(key, text, source) items of one list on page p, under one heading."""
    where = "Copying Snapshots across accounts"
    return [
        Passage(key, text, source, "p", where, f"{source}:list", enumeration=enumeration) for key, text, source in items
    ]


def test_an_enumeration_is_never_left_with_items_missing() -> None:
    """A blind reader found KMS's "Copying Snapshots across accounts" renumbered 1-3 with the step the exam tests
    hidden as a part of another source's paragraph. A numbered list is hidden all or none; a list a line ending in
    a colon introduces is hidden with that line or not at all: its items gone, it would leave "the following
    operations:" listing none."""
    paragraph = Passage(
        "z",
        "To copy a snapshot across accounts, attach a KMS Key Policy to authorize cross-account access, share the "
        "encrypted snapshot, then create a copy of the snapshot encrypted with a CMK in the target account",
        "nb",
        "p",
        "Copying Snapshots across accounts",
    )
    steps = (
        ("a", "Attach a KMS Key Policy to authorize cross-account access", "ko"),
        ("b", "Take a snapshot and check it is encrypted with your own key", "ko"),
    )
    for enumeration in ("numbered", "introduced"):
        assert find_duplicates([paragraph, *_listed(*steps, enumeration=enumeration)]).merges == ()
    assert [m.duplicate for m in find_duplicates([paragraph, *_listed(*steps)]).merges] == ["a"]
    step = steps[0]
    copies = [
        Passage(
            "y", "1. " + step[1] + "\n2. Share the encrypted snapshot", "nb", "p", "Copying Snapshots across accounts"
        )
    ]
    assert [m.duplicate for m in find_duplicates([*copies, *_listed(step, enumeration="numbered")]).merges] == ["a"]


def _introduced(lead: str, lines: Sequence[str], source: str, where: str) -> tuple[Passage, list[Passage]]:
    """A line ending in a colon ("l") and the list it introduces ("i0", "i1", ...), one source's, under `where`."""
    items = [
        Passage(f"i{n}", text, source, "p", where, f"{source}:list", enumeration="introduced", lead="l")
        for n, text in enumerate(lines)
    ]
    return Passage("l", lead, source, "p", where), items


def test_an_enumeration_told_whole_elsewhere_is_hidden_whole() -> None:
    """The notebook's "It automatically modifies storage if:" and its three conditions are all in one item of the
    Udemy notes: too short to compare line by line, read together they are that item. Told with another number,
    or with a condition the item lacks, the list stays whole (and the poorer item is hidden in it)."""
    where = "RDS Storage Auto Scaling"
    lines = ("Free storage is less than 10% of allocated storage.", "Low-storage lasts at least 5 minutes.")
    lead, items = _introduced("It automatically modifies storage if:", lines, "nb", where)
    item = "\n".join(("Automatically modify storage if:", *(line.rstrip(".") for line in lines)))
    twin = Passage("t", item, "ko", "p", where)
    assert [(m.duplicate, m.kept) for m in find_duplicates([lead, *items, twin]).merges] == [
        ("i0", "t"),
        ("i1", "t"),
        ("l", "t"),
    ]
    assert find_duplicates([lead, *items, replace(twin, text=item.replace("5 minutes", "15 minutes"))]).merges == ()
    poorer = find_duplicates([lead, *items, replace(twin, text=item.rsplit("\n", 1)[0])])
    assert [(m.duplicate, m.kept) for m in poorer.merges] == [("t", "i0")]  # the list says all the item says


def test_a_fact_about_one_named_thing_is_not_hidden_in_a_definition_of_another() -> None:
    """The Udemy notes' "NACL are like a firewall which control traffic from and to subnets" has all its words in
    DVA's definition of security groups, which mentions NACLs once, in passing; the notebook's NACL definition is
    its twin."""
    nacl = "NACL are like a firewall which control traffic from and to subnets"
    sg = (
        "A **Security Group** (SG) is a **virtual firewall** that controls inbound and outbound traffic to **Amazon EC2"
        " instances** and other AWS resources. They operate at the **instance level**. Unlike NACL attached to a "
        "subnet they are attached to a resource itself."
    )
    definition = "**NACL** - firewall which controls traffic from and to subnet. It can have ALLOW and DENY rules."
    assert _one_page((nacl, "ko", "NACL"), (sg, "dva", "Security Groups")) == []
    assert _one_page((nacl, "ko", "NACL"), (sg, "dva", "Security Groups"), (definition, "nb", "NACL")) == [("a", "c")]


def test_a_passage_is_not_hidden_from_the_one_that_goes_on_from_it() -> None:
    """The Udemy notes' "IPv4 cannot be disabled for your VPC and subnets" is in the notebook's IPv6 paragraph, but
    their next line, "So, if you cannot launch an EC2 instance in your subnet", is not: hidden, the first left the
    second a fragment. A next line that stands alone does not keep it."""
    where = "IPv6 Troubleshooting"
    premise = Passage("u:1-1", "**IPv4 cannot be disabled for your VPC and subnets**", "ko", "p", where)
    twin = Passage(
        "n:9-9",
        "Every IPv6 address in AWS is public. IPv4 cannot be disabled for our VPC and subnets. We can enable IPv6.",
        "nb",
        "p",
        where,
    )
    goes_on = Passage("u:2-2", "So, if you cannot launch an EC2 instance in your subnet", "ko", "p", where)
    alone = replace(goes_on, text="Check the subnet has free IPv4 addresses for new EC2 instances")
    assert find_duplicates([premise, twin, goes_on]).merges == ()
    assert [(m.duplicate, m.kept) for m in find_duplicates([premise, twin, alone]).merges] == [("u:1-1", "n:9-9")]


def test_a_labelled_item_is_not_hidden_from_the_passages_it_heads() -> None:
    """The notebook's "- **Spot Instances**: ..." was hidden in the Udemy notes' Spot item, and the paragraph it heads,
    "Useful for workloads that are resilient to failure such as: batch jobs, ...", read as one about the Savings Plans
    item above it (a blind review of the EC2 page). In a list of labelled items, a last plain item is the list's."""
    where = "EC2 Launching Types"
    spot = Passage("n:1-1", "**Spot Instances**: short workloads, for cheap, can lose instances.", "nb", "p", where)
    spot = replace(spot, group="n:1-1", enumeration="")
    twin = Passage(
        "u:9-9", "**Spot Instances**: short workloads, for cheap, can lose instances (less reliable)", "ko", "p", where
    )
    headed = Passage(
        "n:3-3", "Useful for workloads that are resilient to failure such as: batch jobs", "nb", "p", where
    )
    assert find_duplicates([spot, twin, headed]).merges == ()
    assert [(m.duplicate, m.kept) for m in find_duplicates([spot, twin]).merges] == [("n:1-1", "u:9-9")]
    dedicated = Passage("n:0-0", "**Dedicated Hosts**: book an entire physical server", "nb", "p", where, group="n:1-1")
    plain_item = replace(headed, group="n:1-1")  # "- Use case: ..." after a list of labels
    assert [(m.duplicate, m.kept) for m in find_duplicates([dedicated, spot, twin, plain_item]).merges] == [
        ("n:1-1", "u:9-9")
    ]


@pytest.mark.parametrize(
    ("text", "goes_on"),
    [
        ("So, if you cannot launch an EC2 instance in your subnet", True),
        ("Difference: you cannot control access without them", True),  # after "“similar” to S3 bucket policies"
        ("In contrast, NACLs are stateless", True),
        ("The server will then find the correct certificate", True),
        ("Differences between SGs and NACLs are tested often", False),
        ("Check the subnet has free IPv4 addresses for new EC2 instances", False),
        ("Allocates nameservers for that zone", True),  # dva-c02-notes/notes.md:799, after "creates a zone file"
        ("Example: We want two EC2 instances using that security group in front of these machines", False),
    ],
)
def test_what_goes_on_from_the_passage_before(text: str, goes_on: bool) -> None:
    assert dedupe._goes_on(text) is goes_on


def test_a_fragment_keeps_the_item_before_it_shown() -> None:
    """The Udemy notes' "Maintenance Window contains - Schedule", hidden in the notebook's "Maintenance Windows
    contains: schedule, duration, ...", left the next item, "Duration", alone under the heading (a blind review of the
    SSM page). A short item that states something ("Hybrid environments.") is a fact of its own."""
    where = "Systems Manager – Maintenance Windows"
    contains = Passage("u:2-2", "Maintenance Window contains - Schedule", "ko", "p", where, group="u:1-4")
    duration = Passage("u:3-3", "Duration", "ko", "p", where, group="u:1-4")
    twin = Passage("n:9-9", "Maintenance Windows contains: schedule, duration and tasks.", "nb", "p", where)
    assert find_duplicates([contains, duration, twin]).merges == ()
    stated = replace(duration, text="Hybrid environments.")
    assert [(m.duplicate, m.kept) for m in find_duplicates([contains, stated, twin]).merges] == [("u:2-2", "n:9-9")]


def test_an_item_left_alone_in_its_list_goes_with_its_mates_to_the_twin_that_says_it() -> None:
    """The notebook's Direct Connect use cases (saa-notebook/part-2.txt:959-963): its first two items were hidden in
    the Udemy notes' "Use Cases:" item, and "Hybrid environments.", too short to merge on its own, was left the only
    use case under its heading (a blind review). Its mates all in one twin that holds its words, it goes there too;
    not where the twin lacks a word of it, nor where its mates went to two twins."""
    where = "Direct Connect / Use cases"
    items = [
        Passage(f"n:{n}-{n}", text, "nb", "p", where, group="n:1-3")
        for n, text in (
            (1, "Increase bandwidth throughput (working with large data sets)."),
            (2, "More consistent network experience (real-time data feeds)."),
            (3, "Hybrid environments."),
        )
    ]
    twin = Passage(
        "u:5-8",
        "Use Cases:\n- Increase bandwidth throughput - working with large data sets - lower cost\n"
        "- More consistent network experience - applications using real-time data feeds\n"
        "- Hybrid Environments (on prem + cloud)",
        "ko",
        "p",
        where,
    )
    merged = find_duplicates([*items, twin]).merges
    assert [(m.duplicate, m.kept) for m in merged] == [("n:1-1", "u:5-8"), ("n:2-2", "u:5-8"), ("n:3-3", "u:5-8")]
    lacking = replace(twin, text=twin.text.replace("Hybrid Environments", "On-premises links"))
    assert [m.duplicate for m in find_duplicates([*items, lacking]).merges] == ["n:1-1", "n:2-2"]
    told = "Use cases: increase bandwidth throughput, working with large data sets, lower cost, hybrid environments"
    one = Passage("u:5-5", told, "ko", "p", where)
    other = Passage(
        "c:7-7",
        "A more consistent network experience for real-time data feeds in hybrid environments",
        "cs",
        "p",
        where,
    )
    two_twins = find_duplicates([*items, one, other]).merges
    assert [(m.duplicate, m.kept) for m in two_twins] == [("n:1-1", "u:5-5"), ("n:2-2", "c:7-7")]
    # three copies of one line in one list: two hide in the first, which is their twin, not stranded
    same = [
        replace(items[0], key=f"n:{n}-{n}", text="NAT gateway lets private subnets reach the internet.")
        for n in (1, 2, 3)
    ]
    assert [(m.duplicate, m.kept) for m in find_duplicates(same).merges] == [("n:2-2", "n:1-1"), ("n:3-3", "n:1-1")]


def test_an_item_cut_mid_sentence_keeps_the_item_before_it_shown() -> None:
    """The Udemy notes' "- Enforce IAM Authentication for DB, and securely" / "- store credentials in AWS Secrets
    Manager" (udemy-saa-ko/notes.md:901-902) is one sentence a line break cut in two. The first, hidden in the
    notebook's "RDS Proxy enforces IAM authentication ... and securely stores credentials in SSM", left the second
    alone, and its "also in" read as if the Udemy notes said SSM too (a blind review of the RDS page)."""
    where = "RDS Proxy"
    cut = Passage("u:2-2", "Enforce IAM Authentication for DB, and securely", "ko", "p", where, group="u:1-3")
    rest = Passage("u:3-3", "store credentials in AWS Secrets Manager", "ko", "p", where, group="u:1-3")
    twin = Passage(
        "n:9-9", "RDS Proxy enforces IAM authentication for the DB and securely stores credentials.", "nb", "p", where
    )
    assert find_duplicates([cut, rest, twin]).merges == ()
    whole = replace(rest, text="Stores credentials in AWS Secrets Manager")
    assert [(m.duplicate, m.kept) for m in find_duplicates([cut, whole, twin]).merges] == [("u:2-2", "n:9-9")]


def test_an_item_opening_with_its_own_label_is_no_rest_of_the_one_before() -> None:
    """A contributor's terse lower-case list ("- By default, the message visibility timeout is 30 seconds" / "- long
    polling: WaitTimeSeconds 1-20 sec, ...") read as one line cut in two, so its copy of the Udemy notes' line was
    shown twice on the SQS page. A line that opens with a label of its own is a new one."""
    where = "SQS"
    copy = Passage(
        "j:1-1", "By default, the message visibility timeout is 30 seconds", "jin", "p", where, group="j:0-2"
    )
    labelled = Passage(
        "j:2-2", "long polling: WaitTimeSeconds 1-20 sec, reduces cost", "jin", "p", where, group="j:0-2"
    )
    twin = Passage("u:9-9", "By default, the “message visibility timeout” is 30 seconds", "ko", "p", where)
    assert [(m.duplicate, m.kept) for m in find_duplicates([copy, labelled, twin]).merges] == [("j:1-1", "u:9-9")]
    cut = replace(labelled, text="long polling reduces cost")  # the rest of its line: the copy stays, its twin goes
    assert [(m.duplicate, m.kept) for m in find_duplicates([copy, cut, twin]).merges] == [("u:9-9", "j:1-1")]


def test_of_two_copies_the_one_a_line_goes_on_from_stays_shown() -> None:
    """Either of two exact copies may go; if the one chosen cannot ("That means the message has 30 seconds to be
    processed" goes on from it), the other goes instead of both staying."""
    where = "SQS – Message Visibility Timeout"
    premise = Passage(
        "u:1-1", "By default, the message visibility timeout is 30 seconds", "ko", "p", where, group="u:0-2"
    )
    goes_on = Passage("u:2-2", "That means the message has 30 seconds to be processed", "ko", "p", where, group="u:0-2")
    copy = Passage("j:9-9", "By default, the message visibility timeout is 30 seconds", "jin", "p", "SQS")
    for passages in ([premise, goes_on, copy], [copy, goes_on, premise]):
        assert [(m.duplicate, m.kept) for m in find_duplicates(passages).merges] == [("j:9-9", "u:1-1")]


def test_a_definition_a_pronoun_goes_on_from_stays_shown() -> None:
    """DVA's "Amazon ECR is a fully managed container registry ..." (dva-c02-notes/notes.md:7430), hidden in the
    ECR definition 170 lines earlier, left its summary opening "It provides high availability, security, and
    scalability", and the Udemy notes' Beanstalk opened "It uses all the components we've seen before" (two blind
    reviews). A pronoun after a passage that defines nothing is no reason to keep it."""
    where = "ECR / Summary"
    definition = Passage(
        "d:2-2",
        "**Amazon ECR** is a **fully managed container registry** for Docker images.",
        "dva",
        "p",
        where,
        group="d:1-3",
    )
    it = Passage("d:3-3", "It provides high availability, security, and scalability.", "dva", "p", where, group="d:1-3")
    twin = Passage(
        "d:9-9", "Amazon ECR is a fully managed Docker container registry for storing Docker images.", "dva", "p", "ECR"
    )
    assert find_duplicates([definition, it, twin]).merges == ()
    stated = replace(definition, text="Stores Docker images in a fully managed container registry: Amazon ECR.")
    assert [(m.duplicate, m.kept) for m in find_duplicates([stated, it, twin]).merges] == [("d:2-2", "d:9-9")]


def test_an_exam_tip_is_not_hidden_in_a_passage_that_is_none() -> None:
    """DVA's "Spread Placement Exam PowerUp" says "7 instances per AZ: the hard limit is 7 instances per AZ in a
    spread placement group"; hidden in the Udemy notes' spread item, it was missing from the page's tip box and
    from the exam tips page. Hidden in another tip, it is still one of the tips."""
    tip = "**7 instances per AZ**: The **hard limit** is **7 instances per AZ** in a spread placement group."
    item = "**Spread** - spreads instances across hardware: the hard limit is max 7 instances per AZ placement group"
    powerup = "Placement Groups / Spread Placement Exam PowerUp"
    assert _one_page((tip, "dva", powerup), (item, "ko", "Placement Groups / Spread")) == []
    assert _one_page((tip, "dva", powerup), (item, "ko", "Placement Groups / Exam Tips")) == [("a", "b")]


def test_the_line_introducing_a_list_is_hidden_only_with_the_list() -> None:
    """The cheat sheet's "RAID 0 is used for striping data across disks (performance):" is in the notebook's RAID 0
    definition, but its two items are not: hidden alone, it left "Use 2 or more disks" under no line saying which
    RAID level it is about."""
    where = "RAID"
    lines = ("Use 2 or more disks", "If one disk fails, the entire array fails")
    lead, items = _introduced("RAID 0 is used for striping data across disks (performance):", lines, "cs", where)
    twin = Passage("t", "**RAID 0 (Striping)** - striping data evenly across disks to increase performance", "nb", "p")
    twin = replace(twin, context=where)
    alone = find_duplicates([replace(lead, text=lead.text.rstrip(":")), twin])
    assert [(m.duplicate, m.kept) for m in alone.merges] == [("l", "t")]  # a paragraph of its own would be hidden
    assert find_duplicates([lead, *items, twin]).merges == ()


def test_a_passage_a_list_says_all_of_is_hidden_in_it() -> None:
    """DVA's three lines on MFA Delete are all in the cheat sheet's list, read with the line that introduces it, but
    in no one line of it: one passage was only ever compared with a list's lines, and some of those, hidden in the
    passage, could not go without the rest of their list. Without a fact the passage tells, the list does not hold
    it."""
    where = "S3 MFA Delete"
    lines = (
        "Changing the versioning state of a bucket",
        "Permanently deleting an object version",
        "Requires versioning to be enabled on the bucket",
    )
    lead, items = _introduced("Adds MFA requirement for bucket owners to the following operations:", lines, "cs", where)
    told = (
        "Enabled within versioning of a bucket.\nMFA is required to change bucket versioning state.\nMFA is required "
        "to delete versions of an object."
    )
    paragraph = Passage("d", told, "dva", "p", where)
    assert [(m.duplicate, m.kept) for m in find_duplicates([lead, *items, paragraph]).merges] == [("d", "i0")]
    assert find_duplicates([lead, *items[:1], *items[2:], paragraph]).merges == ()


def test_one_procedure_in_two_notebooks_is_hidden_whole_on_one_side() -> None:
    """One AMI-sharing procedure in two notebooks, each the richer on some steps: step by step each side would lose
    a step, so neither was hidden; read whole, one list is the other's."""
    where = "AMI Sharing Process Encrypted via KMS"
    steps = (
        ("AMI in source account is encrypted with KMS key from source account.", "AMI in Source Account is encrypted"
         " with KMS Key from Source Account"),
        ("Share the KMS keys used to encrypt the snapshot AMI references with the target account.", "Must share the "
         "KMS Keys used to encrypted the snapshot the AMI references with the target account / IAM Role"),
    )  # fmt: skip
    one = [Passage(f"a{n}", a, "nb", "p", where, "nb:list", enumeration="numbered") for n, (a, _) in enumerate(steps)]
    two = [Passage(f"b{n}", b, "ko", "p", where, "ko:list", enumeration="numbered") for n, (_, b) in enumerate(steps)]
    merges = find_duplicates([*one, *two]).merges
    assert [(m.duplicate, m.kept) for m in merges] == [("a0", "b0"), ("a1", "b1")]


def test_a_list_of_kinds_is_hidden_whole_only_in_a_twin_that_holds_nearly_all_of_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The notebook's "Keys Types" list, read whole, was hidden in the Udemy notes' list holding 0.94 of its words by
    weight, and its symmetric-key item lost "AWS services that are integrated with KMS use Symmetric CMKs" (audit 9).
    A list of kinds is hidden whole, or hides a passage, only at KINDS_CONTAIN; a procedure still at CONTAIN."""
    texts = ("**Symmetric** - one key to encrypt and decrypt", "**Asymmetric** - a public and a private key")

    def score(enumeration: Enumeration, contained: float, kinds_target: bool = False) -> float | None:
        unit = [Passage(f"n{k}", t, "nb", "kms", "Keys Types", "nb:list", enumeration=enumeration)
                for k, t in enumerate(texts)]  # fmt: skip
        target = [Passage("u", "Symmetric and asymmetric keys", "ko", "kms", "KMS", enumeration="kinds" if kinds_target
                          else "")]  # fmt: skip
        docs, _ = dedupe._read_page([*unit, *target])
        monkeypatch.setattr(dedupe, "_verify", lambda whole, told, idf, totals: (whole, contained, "contained"))
        return dedupe._Readings({}).score_if_held(docs[:2], docs[2:])

    assert score("numbered", 0.9) == 0.9
    assert score("kinds", 0.9) is None
    assert score("kinds", 0.96) == 0.96
    assert score("", 0.9, kinds_target=True) is None  # a passage hidden in a list of kinds read whole


def test_a_list_hidden_in_one_hidden_whole_goes_on_to_the_twin() -> None:
    """Three notebooks tell one procedure. The poorest copy's steps are each hidden in the middle one's; the middle
    one is then hidden whole in the richest. The poorest must go on to the richest too: shown again, it would be a
    list with one step hidden (×10 corpus: 58 780 merges without this, 62 865 before lists were compared whole,
    69 565 with it)."""

    def steps(source: str, *texts: str) -> list[Passage]:
        where = "Copying Snapshots across accounts"
        return [
            Passage(f"{source}{n}", text, source, "p", where, f"{source}:list", enumeration="numbered")
            for n, text in enumerate(texts, 1)
        ]

    policy = "Attach a KMS Key Policy to authorize cross-account access"
    poorest = steps("a", "Create a snapshot encrypted with your own KMS key", policy)
    middle = steps("m", "Create a snapshot encrypted with your own KMS key in the source account", policy)
    richest = steps(
        "z",
        "Create a snapshot encrypted with your own KMS key in the source account first",
        policy + " to the key from the target account",
    )
    merges = find_duplicates([*poorest, *middle, *richest]).merges
    assert [(m.duplicate, m.kept) for m in merges] == [("a1", "z1"), ("a2", "z2"), ("m1", "z1"), ("m2", "z2")]


def test_a_bold_line_above_its_lines_is_never_hidden() -> None:
    """ "- **S3 Glacier Deep Archive**" heads the retrieval times under it: hidden as another source's storage class
    heading, those lines read as the class above's (a blind reader's worst find)."""
    rich = (
        "**Amazon S3 Glacier Deep Archive storage class**\nfor long term storage: Standard (12 hours), Bulk (48 hours)"
    )
    label = [Passage("a", "**S3 Glacier Deep Archive storage class**", "nb", "p", "S3 Storage Classes", heads=True)]
    other = [Passage("b", rich, "ko", "p", "S3 Storage Classes")]
    assert find_duplicates([*label, *other]).merges == ()
    assert len(find_duplicates([replace(label[0], heads=False), *other]).merges) == 1


def test_a_bold_line_goes_with_its_lines_when_all_of_them_are_hidden() -> None:
    """Left alone above nothing, "**Retention mode - Compliance**" would head the next mode's lines; it goes to the
    twin its lines went to, which names it too, and stays when that twin does not."""
    label = Passage("a", "**Retention mode - Compliance**", "nb", "p", "Object Lock", heads=True)
    line = "Object versions can't be overwritten or deleted by any user, including the root user"
    follower = Passage("b", line, "nb", "p", "Object Lock", under="a")
    twin = Passage("c", "**Retention mode - Compliance:**\n" + line + " (root too)", "ko", "p", "Object Lock")
    assert [(m.duplicate, m.kept) for m in find_duplicates([label, follower, twin]).merges] == [("a", "c"), ("b", "c")]
    unnamed = replace(twin, text=line + " (root too)")
    assert [(m.duplicate, m.kept) for m in find_duplicates([label, follower, unnamed]).merges] == [("b", "c")]


def test_a_line_under_a_bold_heading_line_is_told_of_what_it_names() -> None:
    """The notebook's "Minimum storage duration is 90 days." under "- **S3 Glacier Instant Retrieval**" was hidden
    in the Udemy notes' Flexible Retrieval item, which says the same of another class (merge audit 12: lost). A
    passage told of one thing by the bold line over it goes to a twin told of that thing, not of another, nor of a
    name that is part of its own ("Standard" / "Standard-IA", either way round: a blind code review); a copy pasted
    into another notebook is judged as the original is."""
    instant = Passage("h1", "**S3 Glacier Instant Retrieval**", "nb", "p", "S3 Storage Classes", heads=True)
    line = Passage("a", "Minimum storage duration is 90 days.", "nb", "p", "S3 Storage Classes", under="h1")
    flexible = Passage(
        "b",
        "**Amazon S3 Glacier Flexible Retrieval:**\nBulk (5 to 12 hours) - free\nMinimum storage duration of 90 days",
        "ko",
        "p",
        "S3 Storage Class Comparison",
    )
    assert [(m.duplicate, m.kept) for m in find_duplicates([instant, line, flexible]).merges] == []
    same_class = replace(flexible, text=flexible.text.replace("Flexible", "Instant"))
    told_of_it = find_duplicates([instant, line, same_class]).merges
    assert [(m.duplicate, m.kept) for m in told_of_it] == [("a", "b"), ("h1", "b")]  # the line heads nothing left
    among_others = Passage("h2", "**Flexible**", "nb", "p", "S3 Storage Classes", "list", heads=True)
    siblings = [replace(instant, group="list"), among_others, replace(line, under="h2")]
    assert [(m.duplicate, m.kept) for m in find_duplicates([*siblings, flexible]).merges] == [("a", "b")]
    pasted = [
        replace(p, key=f"copy-{p.key}", source="copy", under=p.under and f"copy-{p.under}") for p in (instant, line)
    ]
    one_item_list = [replace(p, group=f"{p.key}-list") if p.heads else p for p in (instant, line, *pasted)]
    assert [(m.duplicate, m.kept) for m in find_duplicates([*one_item_list, flexible]).merges] == [("copy-a", "a")]

    def merged(own: str, other: str, said: str = line.text) -> bool:
        told = [replace(instant, text=f"**{own}**"), replace(line, text=said)]
        twin = replace(flexible, text=f"**{other}:**\nAvailability 99.9 percent\nMinimum storage duration of 90 days")
        return ("a", "b") in [(m.duplicate, m.kept) for m in find_duplicates([*told, twin]).merges]

    assert not merged("S3 Standard-IA", "Amazon S3 Standard") and not merged("S3 Standard", "Amazon S3 Standard-IA")
    assert not merged("S3 Glacier (Instant Retrieval)", "S3 Glacier (Flexible Retrieval)")  # a name in brackets
    assert not merged("S3 Glacier Instant Retrieval", "Glacier Flexible Retrieval", "Minimum 90 days, as for Flexible.")
    assert merged("S3 Glacier Flexible Retrieval", "Amazon S3 Glacier Flexible Retrieval (formerly Amazon S3 Glacier)")
    assert merged("S3 Glacier Flexible Retrieval", "S3 Glacier Flexible Retrieval Overview")  # how a note is arranged
    assert merged("S3 Glacier Flexible Retrieval (90 days)", "S3 Glacier Flexible Retrieval 플렉서블")  # notes, glosses
    assert merged("Retention mode - Governance", "Legal Hold", "Legal Hold - minimum storage duration is 90 days.")


def test_a_line_one_author_repeats_in_a_longer_list_merges() -> None:
    """The Udemy notes give API Gateway's endpoint types twice: once a bold heading per type, once as one list whose
    items start with the type. The first copy's lines are the second's, word for word, under its heading."""
    line = "Requests are routed through the CloudFront Edge locations (improves latency)"
    item = "**Edge-Optimized** (default): For global clients\n" + line + "\nThe API Gateway still lives in one region"
    first = Passage("a", line, "ko", "p", "Serverless / Endpoint Types / Edge-Optimized (default): For global clients")
    second = Passage("b", item, "ko", "p", "Security / Endpoint Types")
    assert [(m.duplicate, m.kept) for m in find_duplicates([first, second]).merges] == [("a", "b")]
    elsewhere = replace(first, context="Serverless / Endpoint Types / Private")
    assert find_duplicates([elsewhere, second]).merges == ()


def test_one_sources_members_of_a_list_of_kinds_keep_each_its_facts() -> None:
    """DVA tells "99.99% availability" under "S3 Standard" and again under "S3 Glacier", both under "S3 Object Storage
    Classes": a fact of each class, not one fact twice. Under a heading that lists no kinds, or from two sources, the
    same line is one fact."""
    line = "99.99% availability over a given year for objects stored"
    classes = "S3 / 1.4.9. S3 Object Storage Classes / "
    assert (
        _one_page((line, "dva", classes + "1.4.9.1. S3 Standard"), (line, "dva", classes + "1.4.9.4. S3 Glacier")) == []
    )
    notes = "S3 / Notes on storage / "
    assert _one_page((line, "dva", notes + "S3 Standard"), (line, "dva", notes + "S3 Glacier")) != []
    assert _one_page((line, "dva", classes + "1.4.9.1. S3 Standard"), (line, "ko", classes + "S3 Glacier")) != []


def test_a_data_key_is_one_thing_not_data_and_a_key() -> None:
    """ "Data Encryption Keys" and "key material" name things: spread over a passage about rotation ("generates new
    cryptographic material ... decrypt data encrypted with the previous key"), their words are not the fact."""
    rotation = (
        "Automatic Key Rotation:\nAWS KMS automatically rotates the key material of a CMK every year.\nProcess: When "
        "the key is rotated, AWS KMS generates new cryptographic material for the CMK. The old key material is still "
        "retained, allowing you to decrypt data encrypted with the previous key versions."
    )
    assert _pair("A KMS keys can generate, encrypt and decrypt Data Encryption Keys", rotation).merges == ()
    assert _pair("You can use AWS KMS keys to generate, encrypt, and decrypt data keys", rotation).merges == ()
    envelope = "The CMK is used to generate, encrypt and decrypt the data encryption key for that object."
    assert len(_pair("A KMS keys can generate, encrypt and decrypt Data Encryption Keys", envelope).merges) == 1


def test_headings_that_negate_each_other_stay_apart() -> None:
    """The same words under "Supported Transitions" and "Unsupported Transitions" are opposite facts."""
    one = "The S3 Standard-IA storage class to the S3 Intelligent-Tiering or S3 One Zone-IA storage classes"
    other = "The S3 One Zone-IA storage class to the S3 Standard-IA or S3 Intelligent-Tiering storage classes"
    assert _one_page((one, "nb", "Supported Transitions"), (other, "ko", "Unsupported Transitions")) == []
    assert _one_page((one, "nb", "Supported Transitions"), (other, "ko", "Supported transitions")) != []


AUDITS = ROOT / "tests" / "data" / "merge_audits.yml"


def test_audited_real_merges(real_site_build: Build) -> None:
    """Precision where it matters: real merges judged by a blind reader (tests/data/merge_audits.yml).

    Audit 14 is the honest figure for merges no rule was set on: every merge made at `CONTAIN` = 0.95 that no earlier
    audit had judged (71, a census), judged by a new blind reader: 63 kept every fact (0.887), 4 lost one, 4 a nuance.
    Audit 15 judged every merge audits 1-14 had not (44 at ffdd7a2, a census, exact copies included; a new blind
    reader): 43 keep every fact, 1 lost one (the cheat sheet's "KMS keys ... generate, encrypt, and decrypt data keys"
    hidden in DVA's SSE-KMS role separation). So every merge now made is judged, each by the latest audit that judged
    it: of 414, 403 keep every fact, 6 lose one, 5 a nuance (0.973; 0.986 counting the nuances; 417 / 406 before a
    list under a heading of concepts was hidden all or none, 418 / 407 before a
    list item of a word or two, "Duration", kept the item before it shown; audit 16 judged the 2
    that "example" as a stop word and a terse statement's exact twin added; 410 / 398 before them and a code block's
    caption heading its code, which undid a merge audit 14 judged borderline; 412 / 400 before a
    list under a heading of targets was hidden all or none, which undid two merges judged ok one by one: the CloudWatch
    alarm targets had lost "Trigger Auto Scaling Action" to a DVA step, a blind review). Counted per audit
    item instead (21 merges judged twice) the figure was 377 / 5 / 7 before this session's changes. That
    figure is in-sample: `CONTAIN` was set on audits 1-13 (the merges they had judged below 0.95 kept every fact in
    97 of 117), and two terms on audit 14. Audits 12 and 13, random samples at 32eaeec and
    2628388 with CONTAIN 0.75, had found 70 and 72 of 80 (0.875, 0.90). The lossy merges left hide a passage under a
    richer one that holds all its words but not its point ("When you launch an EC2 instance, the instance is launched
    from an AMI" in a step of sharing an encrypted AMI), which shared words cannot tell. The counts are exact so that
    a change to the deduplicator shows up here.
    """
    assert real_site_build.knowledge is not None
    kept_of = real_site_build.knowledge.dedupe.kept_of()
    audits = yaml.safe_load(AUDITS.read_text(encoding="utf-8"))["audits"]
    still: dict[str, dict[str, int]] = {}
    for audit in audits:
        counts = {"ok": 0, "lost": 0, "borderline": 0}
        for item in audit["items"]:
            if kept_of.get(item["hidden"]) == kept_of.get(item["shown"], item["shown"]):
                counts[item["label"]] += 1
        still[audit["name"]] = counts
        assert {k: sum(i["label"] == k for i in audit["items"]) for k in counts} == audit["found"]
    assert still == {
        # CONTAIN 0.95 (not 0.75) undid most merges of audits 1-11: the counts before it are in the comments
        "audit-1": {"ok": 26, "lost": 0, "borderline": 1},  # of 62 / 14 / 4 when drawn; 37 / 0 / 2 at CONTAIN 0.75
        # audits 2, 3, 11: 24, 28, 7 ok before a definition a pronoun goes on from stayed shown ("It provides ...")
        "audit-2": {"ok": 24, "lost": 0, "borderline": 0},  # of 62 / 14 / 4; 32 / 2 / 0
        "audit-3": {"ok": 26, "lost": 1, "borderline": 0},  # of 62 / 17 / 1; 31 / 1 / 0
        "audit-4": {"ok": 35, "lost": 0, "borderline": 0},  # of 63 / 15 / 2; 44 / 0 / 0
        "audit-5": {"ok": 37, "lost": 0, "borderline": 0},  # of 66 / 11 / 3; 50 / 3 / 2; 37 before targets
        "audit-6": {"ok": 39, "lost": 0, "borderline": 0},  # of 55 / 0 / 2; 55 / 0 / 1
        "audit-7": {"ok": 2, "lost": 0, "borderline": 0},  # of 6 / 0 / 1; 6 / 0 / 1
        "audit-8": {"ok": 3, "lost": 0, "borderline": 0},  # of 4 / 2 / 2; 3 / 2 / 2 ("Object Lock" is one term)
        "audit-9": {"ok": 3, "lost": 0, "borderline": 0},  # of 7 / 2 / 0; 4 / 0 / 0
        "audit-10": {"ok": 5, "lost": 0, "borderline": 0},  # of 6 / 0 / 0
        "audit-11": {"ok": 6, "lost": 0, "borderline": 0},  # of 34 / 1 / 2; 34 / 1 / 2
        # of 70 / 7 / 3 drawn at random at 32eaeec; 69 / 1 / 2; 54 / 1 / 1 before words the slide PDF glued were parted
        # 55 / 1 / 1 before a passage told of one thing by the bold line over it stayed out of a twin told of another
        # (the notebook's Glacier Instant Retrieval "Minimum storage duration is 90 days", in Flexible Retrieval's)
        "audit-12": {"ok": 55, "lost": 0, "borderline": 1},
        # of 72 / 7 / 1 drawn at random at 2628388; 72 / 6 / 1; 57 / 1 / 0 before a list item cut mid-sentence kept
        # the item before it shown ("... and securely" / "store credentials in AWS Secrets Manager", judged ok here); 57
        # before words the slide PDF glued were parted (the notebook's DDoS lines in the Udemy list, judged ok here);
        # 59 before a heading spelling out the page's name made its words the page's (ECR's "Store and manage Docker
        # images on AWS" now in DVA's definition, audit 22); 58 before a passage stayed out of a twin its own source
        # disputes (ElastiCache's "IAM policies ... only used for AWS API-level security", judged ok here)
        "audit-13": {"ok": 57, "lost": 1, "borderline": 0},
        # every merge at CONTAIN 0.95 no audit had judged, 63 / 4 / 4: "CloudFront Functions" and "resource-based" are
        # one term each since
        # a Spot item heads the line after it since, and a list under a heading of targets is hidden all or none
        # 4 borderline before a code block's caption headed it, 3 before S3's "Encryption: ..." stayed out of SSE-C
        "audit-14": {"ok": 60, "lost": 2, "borderline": 1},
        "audit-15": {"ok": 42, "lost": 1, "borderline": 0},  # every merge audits 1-14 had not judged, at ffdd7a2
        "audit-16": {"ok": 2, "lost": 0, "borderline": 0},  # every merge audits 1-15 had not judged
        "audit-17": {"ok": 1, "lost": 0, "borderline": 0},  # every merge audits 1-16 had not judged
        "audit-18": {"ok": 1, "lost": 0, "borderline": 0},  # every merge audits 1-17 had not judged
        # every merge on 13 pages no review had audited, and 30 of S3's and EC2's, at ca8115d: 59 / 1 / 1 (S3's
        # "Encryption: encrypt objects ..." lost and "To use MFA Delete, Versioning must be enabled" a nuance; audit
        # 14 had judged them the other way round); 51 / 1 / 1 before a general term's definition stayed out of a
        # passage on a kind of it (the lost one, in DVA's SSE-C steps); 51 / 0 / 1 before the ECR merge of audit 22
        "audit-19": {"ok": 50, "lost": 0, "borderline": 1},
        # every merge audits 1-19 had not judged, after a sentence of a one-line paragraph held a short passage and two
        # quantities told alike lowered what a twin must hold to 0.85 (13): lost, the cheat sheet's DMS "Cloud to
        # Cloud: EC2 to RDS, RDS to RDS, RDS to Aurora" in DVA's "from ... other cloud providers into ... RDS", undone
        # since a list of routes needs each route in its twin
        "audit-20": {"ok": 11, "lost": 0, "borderline": 0},  # 12 before a passage stayed out of a twin its own
        # source disputes (the Udemy notes' "Applications must update the connection", judged ok here)
        # every merge audits 1-20 had not judged, after words the slide PDF ran together were parted: Transit Gateway's
        # "RouteTables:limitwhichVPCcantalkwithotherVPC" in the notebook's "route tables to limit which VPC can ..."
        "audit-21": {"ok": 1, "lost": 0, "borderline": 0},
        # every merge audits 1-21 had not judged, after a heading spelling out the page's name ("Amazon Elastic
        # Container Registry (ECR)") made its words the page's own: one ECR line retargeted to DVA's definition
        "audit-22": {"ok": 1, "lost": 0, "borderline": 0},
        # every merge audits 1-22 had not judged, after an item left alone in its list went with its mates to their
        # twin ("Hybrid environments.", "Used for IPv6 only", "Archive and replay events.")
        "audit-23": {"ok": 3, "lost": 0, "borderline": 0},
        # every merge audits 1-23 had not judged, after a short passage whose twin names in its own words what its
        # heading is about sat under an agreeing heading (block public access, hosted zones, S3 Analytics, RDS storage)
        "audit-24": {"ok": 6, "lost": 0, "borderline": 0},
        # every merge audits 1-24 had not judged, after a hyphen the slide PDF broke before a capital was joined
        "audit-25": {"ok": 1, "lost": 0, "borderline": 0},
        # every merge audits 1-25 had not judged: that Glacier line, now in the Instant Retrieval item it is told of
        "audit-26": {"ok": 1, "lost": 0, "borderline": 0},
    }
    # Each merge made, judged by the latest audit that judged it (several audits judged some): every one is judged.
    latest = {}
    for audit in audits:
        for item in audit["items"]:
            if kept_of.get(item["hidden"]) == kept_of.get(item["shown"], item["shown"]):
                latest[item["hidden"]] = item["label"]
    assert set(latest) == set(kept_of)
    # 0.979 of 435 (420 of 429 before a short passage whose twin names its heading's subject sat under an agreeing
    # heading, audit 24; 422 of 431 before a passage stayed out of a twin its own source disputes, two merges judged ok;
    # 419 of 428 before an item left alone in its list went with its mates; 419 of 429 before a list of
    # routes needed each route in its twin; 415 of 425 before words the slide PDF ran together were parted; 402 of 412
    # before a sentence of a one-line paragraph held a short passage as a line does and two quantities told alike
    # lowered what a twin must hold; 402 of 413 before a general term's definition stayed out of a
    # passage on a kind of it; 403 of 414)
    # 427 of 436 since the AppFlow merge, audit 25; 428 of 436 since a passage told of one thing by the bold line over
    # it stayed out of a twin told of another (audit 26)
    assert Counter(latest.values()) == {"ok": 428, "lost": 4, "borderline": 4}


def test_a_greater_than_sign_between_words_is_a_comparison_not_markup() -> None:
    """strip_markup dropped every ">" (a quote's marker) and no "<": "recommended for files < 100MB" hid in "> 100MB"
    (saa-notebook/part-1.txt:1748, udemy-saa-ko/notes.md:1394), and tooltips read "(example CPU 70%)"."""
    assert (
        strip_markup("> quoted\n> > twice\nCPU > 70% -> scale => out") == "  quoted\n  twice\nCPU > 70% -  scale =  out"
    )
    assert signature("when CPU > 70%").quantities == {(">", "70", "%")}
    hidden = "**Multi-Part Upload** - recommended for files < 100MB, must use for files >5GB."
    assert _pair(hidden, "**Multi-Part upload:** recommended for files > 100MB, must use for files > 5GB").merges == ()


def test_an_exception_the_hidden_passage_makes_keeps_it_shown() -> None:
    """saa-cheat-sheet/cheat-sheet.txt:1568-1574, under "When NOT to use Amazon RDS (anti-patterns)", "Anytime you
    need a DB type other than: MySQL ...", was hidden in DVA's list of the engines RDS offers (a blind review): the
    anti-pattern was lost; so was the Udemy notes' "an EBS volume attaches to one instance". The other way round
    nothing is: the shown passage keeps its own exception ("Web ACL are regional except for CloudFront")."""
    multi_attach = (  # dva-c02-notes/notes.md:5392
        "**Multi-Attach** allows an **io1** or **io2** volume to be attached to **multiple EC2 instances** for "
        "high-availability applications, but only one instance can write to the volume at any given time."
    )
    one = "one instance (except multi-attach io1/io2)"  # udemy-saa-ko/notes.md:412, under "**EBS**"
    assert _pair(one, multi_attach).merges == () and _pair(one, multi_attach).conflicts == ()
    assert len(_pair(one.replace("except", "and"), multi_attach).merges) == 1
    waf = "A rule group is a reusable set of rules that we can add to a web ACL. Web ACL is regional except CloudFront."
    assert len(_pair("A rule group is a reusable set of rules that you can add to a web ACL", waf).merges) == 1


WAF_PARAGRAPH = (  # saa-notebook/part-2.txt:606, one line of six sentences
    "On WAF we can define **Web ACL** (Web Access Control List). Rules can include IP addresses, HTTP headers, HTTP "
    "body or URI strings. It can protect us from SQL Injection and XSS. There are **Rate-based rules** which are used "
    "for DDoS protection. A **rule group** is a reusable set of rules that we can add to a web ACL. Web ACL are "
    "regional except for CloudFront."
)


def test_a_sentence_of_a_long_paragraph_holds_a_short_passage_as_a_line_would() -> None:
    """The notebook tells several facts in one paragraph written on one line: the Udemy notes' "Web ACL are Regional
    except for CloudFront" (notes.md:4169) was shown twice on the WAF page, its twin being one sentence of 606. A
    passage whose words are spread over two sentences is still not in one (here "rule groups" and "regional")."""
    assert [m.kind for m in _pair("Web ACL are Regional except for CloudFront", WAF_PARAGRAPH).merges] == ["contained"]
    assert _pair("Rule groups are regional except for CloudFront", WAF_PARAGRAPH).merges == ()


def test_a_passage_whose_quantities_its_twin_all_tells_needs_less_of_its_words() -> None:
    """Udemy's "Aurora storage automatically grows in increments of 10GB, up to 128 TB" (notes.md:766) in the
    notebook's "Aurora automatically grows in increments of 10GB, up to 128TB" (part-1.txt:1014): all but "storage"
    (0.93). One quantity told alike is not enough, nor are two told differently."""
    notebook = (
        "Aurora is a proprietary technology from AWS. It supports Postgres and MySQL. Aurora has 3x performance "
        "improvement over Postgres and 5x performance improvement over MySQL. Aurora automatically grows in "
        "increments of 10GB, up to 128TB."
    )
    udemy = "Aurora storage automatically grows in increments of 10GB, up to 128 TB."
    shared = Passage("c", "Aurora storage is shared by the replicas.", "three", "p", "")  # "storage", a common word

    def merges(hidden: str, shown: str) -> list[tuple[str, str]]:
        page = [Passage("a", hidden, "one", "p", ""), Passage("b", shown, "two", "p", ""), shared]
        return [(m.duplicate, m.kind) for m in find_duplicates(page).merges]

    assert merges(udemy, notebook) == [("a", "contained")]
    assert merges(udemy.replace(", up to 128 TB", ""), notebook.replace(", up to 128TB", "")) == []
    assert merges(udemy, notebook.replace("128TB", "64TB")) == []


def test_a_general_term_is_not_hidden_in_a_passage_on_a_kind_of_it() -> None:
    """udemy-saa-ko/notes.md:1252, "Encryption: ...", one of S3's security mechanisms, was hidden in DVA's SSE-C
    decryption steps (dva-c02-notes/notes.md:2731, merge audit 19: lost): its term's words are all in that heading,
    which names a particular kind of it. A term that is a name ("Customer Gateway": CGW) is no general term."""
    general = Passage(
        "a", "Encryption: encrypt objects in Amazon S3 using encryption keys", "one", "s3", "Amazon S3 – Security"
    )
    steps = (
        "To decrypt the object, you must tell S3 which object to decrypt and provide it with the key used to encrypt "
        "it. If the key that you supply is correct, S3 will decrypt the object, discard the key, and return the "
        "plaintext version of the object."
    )
    sse_c = "S3 / Object Encryption / SSE-C (Server-side encryption with customer provided keys)"
    assert find_duplicates([general, Passage("b", steps, "two", "s3", sse_c)]).merges == ()
    assert len(find_duplicates([general, Passage("b", steps, "two", "s3", "Amazon S3 – Security")]).merges) == 1
    gateway = Passage("a", "Customer Gateway: Your side of a VPN connection", "one", "vpc", "VPN")
    device = "**Customer Gateway (CGW)**: Software application or physical device on your side of a VPN connection"
    assert (
        len(find_duplicates([gateway, Passage("b", device, "two", "vpc", "Site-to-Site VPN, VGW & CGW")]).merges) == 1
    )


def test_a_lone_tilde_is_about_not_markup() -> None:
    """saa-cheat-sheet/cheat-sheet.txt:1749 "Near real-time delivery (~60 seconds latency)": its "also in" tooltip
    read "(60 seconds latency)", exact where the note estimates (a blind review). Strikethrough's "~~" still goes."""
    assert strip_markup("(~60 seconds latency), 2 ~ 6 AZs, ~~gone~~") == "(~60 seconds latency), 2 ~ 6 AZs,  gone "


def test_a_hash_in_a_line_is_a_number_sign_not_markup() -> None:
    """udemy-saa-ko/notes.md:4113 "The # of days can be configured" read "The of days" in an "also in" tooltip (a blind
    review); a heading's marks at a line's start still go."""
    assert strip_markup("## ACM\nThe # of days can be configured") == "  ACM\nThe # of days can be configured"


def test_a_short_passage_written_as_a_sentence_is_no_label() -> None:
    """Three content words are mostly a label ("MAC Address"), hidden only as an exact copy; written as a sentence of
    `SENTENCE_WORDS` words they state a fact (saa-cheat-sheet/cheat-sheet.txt:33, dva-c02-notes/notes.md:1282). A
    question is never hidden in a statement."""
    limits = Passage("b", "**IAM Users per AWS Account:** **5,000**", "dva", "iam", "IAM / Limits on IAM Users")

    def merges(text: str) -> tuple[Merge, ...]:
        return find_duplicates([Passage("a", text, "cheat", "iam", "IAM / IAM Users"), limits]).merges

    assert merges("You can have up to 5000 users per AWS account") == (Merge("a", "b", "contained", 1.0),)
    assert merges("Users per AWS account: 5000") == ()
    assert merges("How many users per AWS account can you have, 5000?") == ()


def test_in_addition_to_and_rather_than_state_opposite_facts() -> None:
    """The cheat sheet's "ELB: Uses the ELB health checks in addition to EC2 status checks" was hidden in DVA's "AGS
    can use the load balancer health checks rather than EC2" (audit 3: lost): one says both checks, the other one
    instead of the other. "In addition to" / "as well as" and "rather than" / "instead of" are opposites, as
    "stateful" and "stateless" are: the two never merge."""
    both = "ELB: Uses the ELB health checks in addition to EC2 status checks"
    assert _pair(both, "ASG can use the load balancer health checks rather than EC2 status checks").merges == ()
    assert _pair(both, "ASG can use the load balancer health checks instead of EC2 status checks").merges == ()
    assert len(_pair(both, "ASG uses the ELB health checks as well as EC2 status checks").merges) == 1


def test_conflicts_flagged_on_the_built_site(real_site_build: Build) -> None:
    """Of the 21 labelled conflicts (3 within one source, which are never flagged), the site flags 12. Two come from
    the duplicate candidates (passages sharing most words); eight are limits told two ways in passages worded apart
    (`disputes`: "read-only copies (max 15)" / "Up to 5 Read Replicas"), which the site flagged none of before. A
    labelled passage hidden under a twin counts through that twin, which tells its numbers and is what the page
    shows. Still missed: disputes with no number (SSM vs Secrets Manager), numbers told in a sentence without its
    subject ("Can be increased to 7 days" under "Streams store a 24-hour moving window of data"). One number
    bounded from opposite sides ("100 MB or larger" / "< 100MB") and two numbers in sentences that agree on a third
    (st1's "500 MB/s throughput and 40,000 IOPS" / "Max throughput 500 MiB/s – max IOPS 500") are disputes too
    (`disputes._bounds_apart`), and so is Snowball Edge Storage Optimized's "24 vCPU" / "Upto 40 vCPUs" once the
    Udemy line's "80TBstorage" is read as the 80 TB both sentences tell. The notebook's "every 1 year for AWS
    managed keys" no longer counts through the Udemy line it was hidden in (that line never says "automatic or
    on-demand": merge audit 13, lost); the page still flags DVA's 1095 days against the Udemy line's 1 year, and now
    against the notebook's line too, which names the "**AWS Managed Key**" listed above it under "Types of KMS Keys"
    (`disputes.kinds_named`): before, a number right under a heading of kinds was told of no kind. A worded
    property told both ways is a dispute too (`contrasts`): ALB cross-zone load balancing "always enabled" / "can be
    disabled". The labelled SQS pair is not: its "Best-effort message ordering" names no queue type (the page flags
    the Udemy notes' "For SQS standard, there is no ordering" against DVA's "guarantee the order" instead)."""
    assert real_site_build.knowledge is not None
    dedupe = real_site_build.knowledge.dedupe
    flagged = {(c.a, c.b) for c in dedupe.conflicts}
    kept_of = dedupe.kept_of()
    notes = []
    for path in (PAIRS, HOLDOUT, HOLDOUT_2):
        for pair in _sample(path)[0]:
            if pair["label"] == "conflict":
                a, b = sorted(kept_of.get(key, key) for key in (_key(pair["a"]), _key(pair["b"])))
                if (a, b) in flagged:
                    notes.append(pair["note"])
    assert sorted(notes) == [
        "ALB cross-zone always enabled vs enabled by default and can be disabled",
        "AWS managed keys rotated every 1095 days (3 years) vs every 1 year",
        "Aurora speedup over PostgreSQL: 2 times vs three times",
        "Aurora storage max 64 TiB vs up to 128 TB",
        "ElastiCache supports IAM auth for Redis vs does not",
        "Kinesis retention 24 h up to 7 days vs 1 to 365 days",
        "SQS retention up to 15 days vs up to 14 days",
        "Snowball Edge Compute Optimized: 52 vCPU / 208 GiB / 100TB vs 104 vCPUs / 416 GiB / 28-42 TB",
        "Snowball Edge Storage Optimized: 24 vCPU / 32 GiB vs up to 40 vCPUs / 80 GiB",
        "max 15 vs up to 5 read replicas (RDS)",
        "multipart recommended for >= 100 MB vs < 100MB",
        "st1 HDD max IOPS 40,000 vs 500 (both 500 MB/s throughput)",
    ]


def test_no_paragraph_is_left_under_the_wrong_list_item(real_site_build: Build) -> None:
    """A list's last item that opens with a bold label heads the paragraph of its section right after the list
    ("- **Reserved Instances:** long workloads." over "Up to 72% discount compared to On-demand"): where the item is
    hidden and the paragraph shown, the paragraph reads as the item's before it ("- **On Demand Instances:** ...").
    A blind review found exactly that on the EC2 page; none is left."""
    assert real_site_build.knowledge is not None
    passages = real_site_build.knowledge.passages
    kept_of = real_site_build.knowledge.dedupe.kept_of()
    label = re.compile(r"\s*\*\*[^*\n]+(?::\*\*|\*\*\s*[:–-])\s")

    def place(key: str) -> tuple[str, int]:
        path, span = key.rsplit(":", 1)
        return path, int(span.split("-")[0])

    keys = sorted(passages, key=place)
    orphaned = [
        (key, after)
        for key, after in itertools.pairwise(keys)
        if passages[key].group
        and not passages[after].group
        and (passages[key].source, passages[key].context) == (passages[after].source, passages[after].context)
        and key in kept_of
        and after not in kept_of
        and label.match(passages[key].text)
        and not label.match(passages[after].text)
    ]
    assert orphaned == []
    assert "notes_src/saa-notebook/part-1.txt:314-314" in passages


CONFLICT_AUDIT = ROOT / "tests" / "data" / "conflict_audit.yml"


def test_every_flagged_conflict_was_judged_real(real_site_build: Build) -> None:
    """Precision of "Sources may disagree" on the real notes: every conflict the site flags is in one of the blind
    audits of tests/data/conflict_audit.yml and was judged real there. The first found 5 real among the 54 the
    passage-level rule flagged; clause evidence keeps 4 (Trusted Advisor's "six" / "5 categories" names no service).
    The second ("limits") found 7 real among 20 limits a looser rule told two ways; the rule as built keeps 5 pairs,
    all real (Aurora's 64 TiB vs 128 TB twice since `disputes.SHORT_SLACK` is 3). The third ("limits_2") found 1 real
    among 4 pairs a looser form of the rule with lists' lead lines, ranges and named limits finds; the rule keeps it
    (multipart upload's minimum, 100 MB vs 5 MB). The fourth ("limits_3") found 2 real among 8 pairs a looser form
    of the rule with time words read alike, a factor of 100 and looser frames finds; the rule keeps both (Reserved
    Instances' 75% vs 72%, Kinesis retention 7 vs 365 days) and none of the six false. The fifth ("counts") found 2 real
    among the 5 counts of kinds two sources tell with two numbers; the rule keeps both (Trusted Advisor's six vs 5
    categories, Direct Connect's 2 vs 3 virtual interface types) and none of the three false. The sixth ("bounds") found
    3 real among 25 pairs a looser form of `disputes._bounds_apart` finds (range ends read as thresholds, a number of
    the limit's own unit as the tie); the rule keeps the three (multipart upload recommended from 100 MB vs below it,
    twice; st1's 40,000 vs 500 IOPS) and none of the 22 false. The seventh ("labels") found 1 real among 3 pairs a
    looser form of the label-line frame (`disputes._label_above`) finds; the rule keeps it (Snowball Edge Compute
    Optimized, 52 vs 104 vCPUs) and neither false one. The eighth ("support") found 2 real among 7 pairs a looser
    form of `support` finds; the rule keeps both (Elastic Beanstalk and EC2 with ACM) and none of the five false. The
    ninth ("glued") found 1 real among the 2 pairs a looser rule finds once "80TBstorage" is read as 80 TB; the rule
    keeps it (Snowball Edge Storage Optimized, 24 vs up to 40 vCPUs, both with 80 TB) and not the false one. The tenth
    ("contrast") found 3 real among 18 pairs of opposite sides of a worded property whose subjects share a word; the
    rule keeps the three (SQS standard queues' order guaranteed vs none; ALB cross-zone load balancing always on vs
    able to be turned off, twice) and none of the 15 false. The eleventh ("tables") found 4 real among 24 pairs of a
    table cell's number and a sentence naming its column; the rule (`tablerows`) keeps 2 (NAT Gateway's 100 vs 45
    Gbps, against DVA and the Udemy notes) and none of the 20 false. The twelfth ("tables_2") found 2 real among the 5
    pairs a bare number read with its row's label ("Max IOPS" over "250") adds; the rule keeps 1 (sc1's 250 vs 12,000
    IOPS) and none of the 3 false. The thirteenth ("tables_3") found 2 real among the 3 pairs a looser form of
    `tablerows.denied_cells` finds (a negation sharing one word of the cell's column or row); the rule keeps both (Route
    53's summary table gives simple routing "Optional" health checks, the notebook and the Udemy notes say it cannot be
    associated with them; the notebook's line is hidden under the Udemy one, so one box) and not the false one. The
    fourteenth ("listed") found 3 real among the 9 pairs a looser form of `listcounts.counted_lists` finds (a count of
    kinds against another source's list of a different length under a title sharing a word); the rule keeps 2 (DVA's
    "Two types of events" against the cheat sheet's three, its "Two throughput modes" against the Udemy notes' three)
    and none of the 6 false; it misses DVA's "Four types of volumes" against a list that also holds two facts. The
    fifteenth ("support_2") found 1 real among the 1 pair a looser form of `support._DENIED_EXAMPLES` finds (a name in
    a denial's bracketed examples); the rule keeps it (DVA's API Gateway among services not integrating with ACM). The
    sixteenth ("kinds_named") judged the 1 pair a number under a heading of kinds adds once the sentence names one of
    the kinds listed there (`disputes.kinds_named`): real (KMS's AWS managed key rotation, 1095 days vs 1 year). An
    audited passage hidden under a twin counts
    through that twin, which tells its numbers and is what the page shows (the Udemy notes' "up to 128 TB" is shown as
    the notebook's "up to 128TB"). A conflict the audits have not seen fails this test: judge it and add it to the
    audit."""
    assert real_site_build.knowledge is not None
    audit = yaml.safe_load(CONFLICT_AUDIT.read_text(encoding="utf-8"))
    label = {}
    names = ("limits", "limits_2", "limits_3", "counts", "bounds", "labels", "support", "glued", "contrast", "tables")
    names += ("tables_2", "tables_3", "listed", "support_2", "kinds_named")
    for population in (audit, *(audit[name] for name in names)):
        items = population["items"]
        assert {k: sum(i["label"] == k for i in items) for k in ("real", "false", "unsure")} == population["found"]
        label.update({tuple(sorted((item["a"], item["b"]))): item["label"] for item in items})
    kept_of = real_site_build.knowledge.dedupe.kept_of()
    label |= {tuple(sorted(kept_of.get(key, key) for key in pair)): judged for pair, judged in label.items()}
    flagged = [label.get((c.a, c.b), "not audited") for c in real_site_build.knowledge.dedupe.conflicts]
    assert flagged == ["real"] * 32


@settings(max_examples=40, deadline=None)
@given(st.randoms(use_true_random=False))
def test_copies_are_judged_as_each_pair_would_be(rand: object) -> None:
    """Verbatim copies share one verdict per pair of groups (`_Copies`): the merges and conflicts must be exactly those
    of judging every pair of passages one by one. Copies go to new sources, to their original's and to each other's,
    some under a bold heading line (`Passage.under`), which tells what a copy is said of.
    """
    import notes_kb.dedupe as dedupe

    _, passages = _sample()
    originals = sorted(passages.values(), key=lambda p: p.key)
    picked = rand.sample(originals, 40)  # type: ignore[attr-defined]
    sources = [*sorted({p.source for p in picked}), "copy-a", "copy-b", "copy-c"]
    lines = [
        Passage(f"heading-{n}", f"**{name}**", "copy-a", picked[0].page, heads=True)
        for n, name in enumerate(("S3 Glacier Instant Retrieval", "Glacier Flexible Retrieval", "Retention mode"))
    ]
    page = [*picked, *lines]
    for n, passage in enumerate(picked[:25]):
        for copy in range(rand.randint(1, 4)):  # type: ignore[attr-defined]
            source = rand.choice(sources)  # type: ignore[attr-defined]
            under = rand.choice(["", "", *(line.key for line in lines)])  # type: ignore[attr-defined]
            page.append(replace(passage, key=f"{source}/copy-{n}-{copy}", source=source, under=under))
    grouped = find_duplicates(page)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dedupe, "_copy_key", lambda passage, under: passage.key)  # every passage its own group
        assert find_duplicates(page) == grouped
    assert any(m.kind == "exact" for m in grouped.merges)


def test_a_list_of_routes_is_only_in_a_twin_that_tells_each_route() -> None:
    """The cheat sheet's DMS use case "EC2 to RDS, RDS to RDS, RDS to Aurora" (cheat-sheet.txt:2249) was hidden in
    DVA's "migrate data from on-premises databases or databases from other cloud providers into ... Amazon RDS, Amazon
    Aurora ... EC2 instances" (notes.md:14581, merge audit 20: lost): every name is there, but not one of the pairs,
    and the migrations within AWS went missing."""
    routes = "Cloud to Cloud\nEC2 to RDS, RDS to RDS, RDS to Aurora"
    dva = (
        "DMS allows you to migrate data from **on-premises databases** or databases from other cloud providers into "
        "**AWS-managed database services**, such as **Amazon RDS**, **Amazon Aurora**, or even other **EC2 instances**."
    )
    assert _pair(routes, dva, "AWS DMS Use Cases").merges == ()
    told = dva + " Cloud to Cloud works too: EC2 to RDS, RDS to RDS and RDS to Aurora."
    assert [m.duplicate for m in _pair(routes, told, "AWS DMS Use Cases").merges] == ["a"]
