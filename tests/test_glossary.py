"""The glossary (acronyms found in the notes) and its abbreviation tooltips, on snippets quoted from the real notes."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from notes_kb.abbrs import NotesAbbrExtension
from notes_kb.acronyms import find_expansions, initials_match, plain_text
from notes_kb.classify import SectionRef
from notes_kb.glossary import (
    ABBR_MARKER,
    GLOSSARY_PAGE,
    Term,
    TextUnit,
    _labels_another,
    abbreviation_block,
    abbreviation_titles,
    without_abbreviations,
    written_apart,
)
from notes_kb.pipeline import Build
from notes_kb.sanitize import sanitize_html

ROOT = Path(__file__).resolve().parent.parent


def spelled(markdown_text: str) -> list[tuple[str, str]]:
    return [(f.term, f.expansion) for f in find_expansions(plain_text(markdown_text))]


@pytest.mark.parametrize(
    ("term", "words"),
    [
        ("IAM", ["Identity", "and", "Access", "Management"]),  # a small word skipped
        ("PaaS", ["Platform", "as", "a", "Service"]),  # lower-case letters from small words
        ("EC2", ["Elastic", "Compute", "Cloud"]),  # a digit repeats a letter
        ("IGW", ["Internet", "Gateway"]),  # the second part of a compound word
        ("EIP", ["Elastic", "IP"]),  # inner capitals
        ("DDoS", ["Distributed", "Denial", "of", "Service"]),
        ("IdP", ["identity", "provider"]),  # a capital and one lower-case letter from one word
    ],
)
def test_initials_that_spell_the_acronym(term: str, words: list[str]) -> None:
    assert initials_match(term, words)


@pytest.mark.parametrize(
    ("term", "words"),
    [
        ("SSD", ["Provisioned", "IOPS"]),
        ("ENI", ["EC2", "Networking"]),  # an arbitrary inner letter does not count
        ("ECR", ["Elastic", "Container"]),
        ("IAM", ["Identity", "Management"]),
        ("IAM", ["of", "Identity", "Access", "Management"]),  # may not start with a skipped word
        ("SRR", ["Log", "Aggregation"]),
        ("CloudHSM", ["Cloud", "HSM"]),  # a run of lower-case letters is a word of its own, not initials
    ],
)
def test_initials_that_do_not(term: str, words: list[str]) -> None:
    assert not initials_match(term, words)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # dva-c02-notes/notes.md:192
        (
            "3. **Internet Gateway (IGW):** Allows communication between your VPC and the internet.",
            [("IGW", "Internet Gateway")],
        ),
        # saa-notebook/part-2.txt:1135
        (
            "**RPO (Recovery Point Objective)** - indicates the maximum amount of data that can be lost.",
            [("RPO", "Recovery Point Objective")],
        ),
        # dva-c02-notes/notes.md:1101 ("AWS" is not part of the shortest expansion)
        (
            "AWS Identity and Access Management (IAM) allows you to control access to your AWS resources",
            [("IAM", "Identity and Access Management")],
        ),
        # saa-cheat-sheet/cheat-sheet.txt:672 (the bracket repeats the word after the expansion)
        (
            "S3 Multi-Factor Authentication Delete (MFA Delete)",
            [("MFA", "Multi-Factor Authentication")],
        ),
        # the word after the acronym must be the word before the bracket
        ("Multi-Factor Authentication Delete (MFA Lock)", []),
        # dva-c02-notes/notes.md:3690 (a plural acronym names the singular term)
        (
            "Network Access Control Lists (NACLs) are a type of security filter",
            [("NACL", "Network Access Control List")],
        ),
        # udemy-saa-ko/notes.md:2025
        ("- FIFO = First In First Out (ordering of messages in the queue)", [("FIFO", "First In First Out")]),
        # dva-c02-notes/notes.md:2553
        ("CMKs - Customer Master Keys", [("CMK", "Customer Master Key")]),
        # dva-c02-notes/notes.md:63
        ("Platform as a Service (PaaS): Good for running an application only.", [("PaaS", "Platform as a Service")]),
        # udemy-saa-ko/notes.md:32 (Korean particle after the bracket)
        (
            "- AWS의 Contents Delivery Network(CDN)이 수행되는 물리적 데이터 센터",
            [("CDN", "Contents Delivery Network")],
        ),
        # dva-c02-notes/notes.md:5150 (a slash pair is one word: "Input/Output" gives the I)
        (
            "### **1\\. IOPS (Input/Output Operations Per Second)**",
            [("IOPS", "Input/Output Operations Per Second")],
        ),
        # saa-cheat-sheet/cheat-sheet.txt:2057 (a version after the acronym and its expansion)
        (
            "IAM supports IdPs that are compatible with OpenID Connect (OIDC) or SAML 2.0 (Security Assertion Markup"
            " Language 2.0)",
            [("OIDC", "OpenID Connect"), ("SAML", "Security Assertion Markup Language")],
        ),
        # saa-cheat-sheet/cheat-sheet.txt:2047
        ("With an identity provider (IdP), you can manage user identities", [("IdP", "identity provider")]),
        # dva-c02-notes/notes.md: "MFA (Multi-Factor Authentication)": written as it stands, hyphen kept
        (
            "MFA (Multi-Factor Authentication) – force users to generate a code",
            [("MFA", "Multi-Factor Authentication")],
        ),
    ],
)
def test_expansions_found_in_real_lines(line: str, expected: list[tuple[str, str]]) -> None:
    assert spelled(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "- **Provisioned IOPS (SSD)**: High-performance storage for low-latency, high-throughput applications.",
        "you can set a **positive bias** for **US West (Oregon)**",
        "SRR - Log Aggregation",
        "- **ENI : Network card(speed of the card, Public IP address)**",
        "- IOPS: How many reads or writes a system can accommodate per second.",
        "Use `Elastic Network Interface (ENI)` in code",  # code spans are never read
        "EC2 Networking (ENI)",
    ],
)
def test_no_expansion_where_initials_do_not_spell_it(line: str) -> None:
    assert spelled(line) == []


@pytest.fixture(scope="module")
def build(real_site_build: Build) -> Build:
    return real_site_build


def _term(build: Build, name: str) -> Term:
    return next(t for t in build.glossary if t.term == name)


def test_glossary_of_the_real_notes(build: Build) -> None:
    terms = {t.term: t for t in build.glossary}
    assert len(terms) >= 150
    for name in ("ASG", "ENI", "EIP", "SCP", "NACL", "RPO", "RTO", "IGW", "AZ", "OAI"):
        assert name in terms
    for name in ("SSD", "BP5", "Oregon", "AWS WAF"):
        assert name not in terms
    # Memory aids, not what the letters stand for (`glossary.MNEMONIC`): the DVA notes' "**Mnemonic**: "**S**tored
    # **C**old (SC)"" and "SC stands for **Stored Cold**" (a blind review; sc1 is Cold HDD).
    assert "SC" not in terms and "ST" not in terms
    # A sentence ending in a colon is read with the list it introduces; a table row gives the cell that spells it out.
    assert _term(build, "CGW").definition == (
        "Customer Gateway (CGW) can represent two things: logical piece of configuration on AWS; "
        "A physical piece on-prem router which the VPN connects to."
    )
    assert _term(build, "FPGA").definition.startswith("Customizable hardware acceleration with field programmable")
    assert not [t.term for t in build.glossary if "|" in t.definition or t.definition.endswith(":")]
    eni = _term(build, "ENI")
    assert (eni.expansion, eni.service) == ("Elastic Network Interface", "ec2")
    assert eni.definition.startswith("An Elastic Network Interface (ENI) is a virtual network interface that can")
    rpo = _term(build, "RPO")
    assert (rpo.expansion, rpo.service) == ("Recovery Point Objective", "disaster-recovery")
    assert rpo.definition == "RPO refers to the maximum acceptable amount of data loss that can occur due to a failure."
    assert (_term(build, "SCP").service, _term(build, "ASG").service) == ("organizations", "asg")
    assert _term(build, "CD").others == ("Continuous Deployment",)


def test_a_sentence_about_another_subject_is_no_definition(build: Build) -> None:
    """A blind review of the glossary found 20 entries defined by a sentence that spells the term out on its way to
    another subject: AWS by "An Elastic Network Interface (ENI) is ... in Amazon Web Services (AWS)", EKS by an ECR
    sentence, SMS by the service that replaced it. Any sentence about the term now comes first; with none, the one
    shown is marked as a mention."""
    assert "Elastic Network Interface" not in _term(build, "AWS").definition
    assert _term(build, "EIP").definition.startswith("An Elastic IP (EIP) in AWS is a static, public IPv4 address")
    assert not _term(build, "IAM").in_passing  # "AWS Identity and Access Management (IAM) allows you to ..."
    assert not _term(build, "HSM").in_passing  # "Cloud HSM is a true "single tenant" hardware security module (HSM)"
    assert _term(build, "EKS").in_passing
    # SMS is defined under the cheat sheet's heading that names it, not by the service that replaced it.
    sms = _term(build, "SMS")
    assert not sms.in_passing and sms.definition.startswith("Agentless service for migrating on-premises")
    page = next(p for p in build.pages if p.src_uri == GLOSSARY_PAGE)
    row = next(line for line in page.markdown.splitlines() if line.startswith("| **EKS** |"))
    assert "| *Mentioned in:* “" in row


def test_a_term_only_named_says_where_it_is_named(build: Build) -> None:
    """23 entries read "—" where the notes name a term in a list without a sentence about it (a blind review): EDA is
    one of FSx for Lustre's workloads, IDS one of the virtual appliances behind a Gateway Load Balancer. They name the
    heading and the list's label instead; a lead that is a sentence of its own is no label (CloudHSM's "HSM will not
    integrate with AWS by design ..." over JCE). A table row or a paragraph that names a term is no list: "Named in"
    its heading (BGP, in a table comparing VPN and Direct Connect). A term only the catalogue knows (DX) keeps its
    dash."""
    eda, ids, jce, bgp, dx = (_term(build, name) for name in ("EDA", "IDS", "JCE", "BGP", "DX"))
    assert eda.listed and eda.named_in.startswith("Amazon FSx for Lustre › High-performance file system")
    assert ids.listed and ids.named_in == "ELB Use Cases › Use with virtual appliances such as:"
    assert jce.listed and jce.named_in == "CloudHSM"
    assert not bgp.listed and bgp.named_in == "AWS Site-to-Site VPN"
    assert (dx.definition, dx.named_in) == ("", "")
    assert not [t.term for t in build.glossary if t.definition and t.named_in]  # only where nothing defines it
    page = next(p for p in build.pages if p.src_uri == GLOSSARY_PAGE)
    rows = [line for line in page.markdown.splitlines() if line.startswith("| **")]
    assert "| *Named in:* AWS Site\\-to\\-Site VPN [↗]" in next(row for row in rows if row.startswith("| **BGP**"))
    listed, named = (sum(f"| *{label}:* " in row for row in rows) for label in ("Listed under", "Named in"))
    assert (listed, named) == (13, 2)  # BGP (a table row) and DBaaS (a paragraph) are named, not listed
    assert sum(row.split(" | ")[2].startswith("—") for row in rows) == 8  # 23 before


def test_a_label_naming_more_than_the_term_and_a_run_on_line_are_no_definitions(build: Build) -> None:
    """A user-level review of the glossary: AZ was defined by "Same Availability Zone (AZ): Cluster placement groups
    cannot span across AZs" (a label naming a placement-group rule), and SCP, ASG and NLB by lines of the flattened
    PDF or long paragraphs cut to start at the term, which hid the words before it that made it a mention ("... you
    should always use Auto Scaling Groups (ASG) with Application Load Balancers ...")."""
    assert not _term(build, "AZ").definition.startswith("Same Availability Zone")
    assert _term(build, "SCP").definition.startswith("Service Control Policies (SCPs) - allows us to control")
    assert "ENIs" not in _term(build, "NLB").definition
    assert "Application Load Balancers" not in _term(build, "ASG").definition
    assert _term(build, "SFTP").definition.startswith("22 = SFTP")  # a port, no label of a longer name


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("Same Availability Zone (AZ): Cluster placement groups cannot span across AZs.", True),
        ("Cross-Region Read Replica (RR) - copies across regions", True),
        ("Elastic IP (EIP): a static public IPv4 address", False),  # the term opens it
        ("The Elastic IP (EIP): a static public IPv4 address", False),  # after an article only
        ("22 = SFTP(Secure File Transfer Protocol) - upload files using SSH", False),
        ("Same Availability Zone (AZ) is where they must reside", False),  # no label mark after it
        ("Amazon Simple Queue Service (SQS) - fully managed queues", False),  # the service's own name
        ("AWS Key Management Service (KMS): managed keys", False),
        ("the Elastic IP (EIP): a static public IPv4 address", False),  # an article in lower case
    ],
)
def test_a_spelled_out_term_after_words_of_its_own_and_before_a_colon_labels_another_thing(
    text: str, labels: bool
) -> None:
    found = find_expansions(text)[0]
    assert _labels_another(text[: found.start], text, found.end) is labels


def test_the_first_sentence_under_a_heading_that_only_names_a_term_defines_it(build: Build) -> None:
    """A student found 26 entries with no definition: SQS, TGW and LSI among them, each the heading of a section
    whose first line says what it is without naming it ("### 1.13.8. Simple Queue Service (SQS)" over "Public
    service that provides ..."). A heading that says anything else ("Provisioned IOPS (PIOPS) SSD") does not lend
    its first line; a line that opens as a predicate ("Can be created at any time") ranks below one naming the term.
    """
    assert (
        _term(build, "SQS").definition == "Public service that provides fully managed highly available message queues."
    )
    assert _term(build, "TGW").definition == "Network transit hub to connect VPCs to on premises networks"
    acl = _term(build, "ACL")  # "S3 Access Control Lists (ACLs)": a service's name beside the term is no more
    assert (acl.definition, acl.service) == ("Legacy access control mechanism that predates IAM", "s3")
    assert _term(build, "GSI").definition == "GSIs are always eventually consistent."
    assert not _term(build, "PIOPS").definition


def test_a_term_told_on_a_general_page_belongs_to_the_service_its_expansion_names(build: Build) -> None:
    """The Udemy notes spell out SRT in a section comparing WAF, Firewall Manager and Shield (the general page); its
    expansion, typed as "Shield ResponseTeam", names Shield. Two words typed as one are written apart where the notes
    write them apart elsewhere ("response team"); "DomainKeys", a name, stays as it is."""
    srt = _term(build, "SRT")
    assert (srt.expansion, srt.service) == ("Shield Response Team", "shield")
    assert _term(build, "VTL").expansion == "Virtual Tape Library"
    assert _term(build, "DKIM").expansion == "DomainKeys Identified Mail"
    assert _term(build, "SSE").service == "encryption"  # "Server-Side Encryption" names the encryption page


def test_two_words_typed_as_one_count_as_apart_only_where_a_unit_writes_them_as_words() -> None:
    """What `_unglued` asks, found unit by unit: as words (a plural may follow), in any case, never across two units
    and never inside a longer word."""
    ref = SectionRef("s", 0, 0)
    units = [
        TextUnit(text, ref, False, order)
        for order, text in enumerate(
            ["The Shield Response Teams help", "virtual", "tape library", "a datasync agent", "domain keysigning"]
        )
    ]
    expansions = ["Shield ResponseTeam", "VirtualTape Library", "DataSync", "DomainKeys Identified Mail", "CloudFront"]
    assert written_apart(expansions, units) == {"response team"}
    assert written_apart([], units) == frozenset()


def test_glossary_page(build: Build) -> None:
    page = next(p for p in build.pages if p.src_uri == GLOSSARY_PAGE)
    assert page.title == "Glossary"
    row = next(line for line in page.markdown.splitlines() if line.startswith("| **ENI** |"))
    assert "| Elastic Network Interface |" in row
    assert "[EC2](services/ec2.md)" in row
    assert "](sources/" in row and ".md#" in row  # where the definition stands
    assert "\n## R\n" in page.markdown


def test_acronyms_that_stand_for_the_same_words_are_one_entry(build: Build) -> None:
    """A blind review found IG and IGW as two rows for Internet Gateway (and GLB, GWLB): one entry, under the
    spelling the notes use most; each keeps its tooltip."""
    page = next(p for p in build.pages if p.src_uri == GLOSSARY_PAGE)
    rows = page.markdown.splitlines()
    igw = [line for line in rows if "**IGW**" in line or "**IG**" in line]
    assert len(igw) == 1 and igw[0].startswith("| **IGW** or **IG** | Internet Gateway |")
    glb = [line for line in rows if "**GLB**" in line or "**GWLB**" in line]
    assert len(glb) == 1 and glb[0].startswith("| **GWLB** or **GLB** |")
    titles = abbreviation_titles(build.glossary)
    assert titles["IG"] == titles["IGW"] == "Internet Gateway"


def test_generated_pages_carry_the_definitions_they_use(build: Build) -> None:
    vpc = next(p for p in build.pages if p.src_uri == "services/vpc.md")
    tail = vpc.markdown.split(ABBR_MARKER, 1)[1]
    assert "*[NACL]: Network Access Control List / Network ACL\n" in tail  # two readings in use
    assert "*[IGW]: Internet Gateway" in tail
    assert "*[RZSK]:" not in tail  # only terms the page uses


def test_abbreviation_block_covers_a_korean_particle() -> None:
    titles = abbreviation_titles([Term("ENI", "Elastic Network Interface", (), "", None, "ec2", 1)])
    # udemy-saa-ko/notes.md:239
    block = abbreviation_block("- 하나의 Instance에도 여러 개 ENI를 사용할 수 있다.", titles)
    assert block == f"\n\n{ABBR_MARKER}\n*[ENI]: Elastic Network Interface\n"
    assert abbreviation_block("MyENI and ENIx only", titles) == ""


def test_a_tooltip_gives_the_readings_the_notes_use_not_a_one_off(build: Build) -> None:
    """dva-c02-notes/notes.md:1286 spells ARN "Amazon Reference Name" once against "Amazon Resource Name" twice; a
    blind review found the slip on every ARN of a page. CMK's two readings are both in use."""
    titles = abbreviation_titles(build.glossary)
    assert titles["ARN"] == "Amazon Resource Name"
    assert titles["MFA"] == "Multi-Factor Authentication"
    assert titles["CMK"] == "Customer Managed Key / Customer Master Key"
    assert _term(build, "ARN").others == ("Amazon Reference Name",)  # the glossary page still lists it


def test_a_slip_of_the_pen_is_no_second_reading(build: Build) -> None:
    """A blind review of the glossary found typos listed as second meanings: "Fast Sanpshot Restore", "Multi Factor
    Authentification", "Infrastructure as as Service". Words the notes also use in their own right stay readings."""
    for name in ("FSR", "MFA", "IaaS"):
        assert _term(build, name).others == (), _term(build, name)
    assert _term(build, "FSR").expansion == "Fast Snapshot Restore"
    assert _term(build, "OLAP").others == ("Online Analytics Processing",)  # "analytical": 5 times, no slip
    assert _term(build, "ELB").others == ("Elastic Load Balancing",)


def test_the_catalogues_own_acronyms_are_terms_where_initials_do_not_spell_them(build: Build) -> None:
    """DAX and DX were missing (a blind review): their letters are no initials, so the notes' "DynamoDB Accelerator
    (DAX)" is no expansion to the conservative reader, but the catalogue, written by hand, pairs them."""
    assert (_term(build, "DAX").expansion, _term(build, "DAX").service) == ("DynamoDB Accelerator", "dynamodb")
    assert (_term(build, "DX").expansion, _term(build, "DX").service) == ("Direct Connect", "direct-connect")


def test_the_glossary_is_alphabetical_whatever_the_case(build: Build) -> None:
    """FaaS, IaaS, PaaS sorted after every all-capitals term of their letter, where a reader scanning did not look."""
    names = [term.term for term in build.glossary]
    assert names == sorted(names, key=lambda name: (name.casefold(), name))
    assert names.index("FaaS") < names.index("FIFO")


def test_an_acronym_the_notes_mostly_use_in_its_everyday_sense_gets_no_tooltip() -> None:
    """ "1 GiB RAM" is memory and "transactional SMS messages" are texts, not Resource Access Manager or Server
    Migration Service (dva-c02-notes/notes.md, udemy-saa-ko/notes.md): the glossary keeps both terms."""
    terms = [
        Term("RAM", "Resource Access Manager", (), "", None, "ram", 2),
        Term("ENI", "Elastic Network Interface", (), "", None, "ec2", 1),
    ]
    titles = abbreviation_titles(terms)
    assert abbreviation_block("A t2.micro has 1 GiB RAM and one ENI.", titles) == (
        f"\n\n{ABBR_MARKER}\n*[ENI]: Elastic Network Interface\n"
    )


def test_a_service_pages_own_initials_get_no_other_services_tooltip(build: Build) -> None:
    """The EventBridge page's "AWS is now encouraging a migration to EB" read as Elastic Beanstalk (a blind review):
    on a service page, an acronym of its own name that the glossary gives another service is left without one.
    Continuous Delivery's CD names no service, so CodeDeploy's page keeps it."""
    pages = {p.src_uri: p.markdown.split(ABBR_MARKER, 1)[-1] for p in build.pages}
    assert "*[EB]:" not in pages["services/eventbridge.md"]
    assert "*[EB]: Elastic Beanstalk" in pages["services/elastic-beanstalk.md"]
    assert "*[CD]: Continuous Delivery / Continuous Deployment" in pages["services/codedeploy.md"]
    assert "migration to EB" in without_abbreviations(
        next(p.markdown for p in build.pages if p.src_uri == "services/eventbridge.md")
    )


def test_aws_and_a_pages_own_acronym_get_no_tooltip(build: Build) -> None:
    """A blind review of the site's patterns: "AWS" carried a tooltip 1 949 times on the service pages, and the S3
    page underlined "S3" 541 times under a title that spells it out. Neither is an abbreviation a reader needs told.
    The glossary keeps AWS; other pages still explain S3."""
    pages = {p.src_uri: p.markdown.split(ABBR_MARKER, 1)[-1] for p in build.pages}
    assert not [uri for uri, block in pages.items() if "*[AWS]:" in block]
    assert "*[S3]:" not in pages["services/s3.md"] and "*[S3]: " in pages["services/cloudfront.md"]
    assert "*[EC2]:" not in pages["services/ec2.md"] and "*[EC2]: " in pages["services/asg.md"]
    assert any(term.term == "AWS" for term in build.glossary)


def test_a_data_unit_after_a_number_is_no_term() -> None:
    """udemy-saa-ko/notes.md: "Transfer exabytes of data (1 EB = 1,000 PB = 1,000,000 TBs)" showed Elastic Beanstalk's
    tooltip (a blind review of the Snow Family page)."""
    md = markdown.Markdown(extensions=[NotesAbbrExtension()])
    html = md.convert(f"1 EB = 1,000 PB, 2EB; deploy with EB.\n\n{ABBR_MARKER}\n*[EB]: Elastic Beanstalk\n")
    assert html.count("<abbr") == 1 and 'with <abbr title="Elastic Beanstalk">EB</abbr>.' in html


def _html(text: str) -> str:
    md = markdown.Markdown(extensions=[NotesAbbrExtension(), "toc", "pymdownx.superfences"])
    return sanitize_html(md.convert(f"{text}\n\n{ABBR_MARKER}\n*[ENI]: Elastic Network Interface\n"))


ENI_ABBR = '<abbr title="Elastic Network Interface">ENI</abbr>'


def test_tooltip_before_a_korean_particle() -> None:
    assert _html("- 여러 개의 ENI를 사용하면 네트워크 장애에 대처할 수 있음.") == (
        f"<ul>\n<li>여러 개의 {ENI_ABBR}를 사용하면 네트워크 장애에 대처할 수 있음.</li>\n</ul>"
    )


def test_no_tooltip_in_code_links_headings_or_longer_words() -> None:
    html = _html("## ENI\n\nSee [ENI](https://example.com/eni), `ENI` and MyENI.\n\n```\nENI in code\n```")
    assert ENI_ABBR not in html
    assert '<h2 id="eni">ENI</h2>' in html


def test_a_note_line_cannot_define_a_tooltip() -> None:
    md = markdown.Markdown(extensions=[NotesAbbrExtension()])
    html = md.convert("*[ENI]: made up by a note\n\nENI here")
    assert "<abbr" not in html
    assert "*[ENI]: made up by a note" in html


def test_sanitiser_keeps_the_tooltip() -> None:
    assert ENI_ABBR in _html("Attach an ENI.")
