"""The knowledge base: one page per service or concept area, merging every source's sections about it.

Pure functions over the model. Each classified section becomes a *contribution* to its page; contributions about
the same sub-topic (their titles say the same thing once the service's own name is set aside) sit under one heading;
passages that state a fact another source already states are merged into the richest version.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial

from .acronyms import NO_SPELLINGS, Spellings, initials_match
from .catalogue import Catalogue, Service, display_title
from .classify import KINDS, Assignment, SectionRef
from .dedupe import Conflict, DedupeResult, find_duplicates, with_disputes
from .inline import MISSING_IMAGE
from .listcounts import KindList, kind_lists
from .memo import Memo
from .model import Block, Code, ListBlock, ListItem, Paragraph, Section, SourceTree, walk_sections
from .normalize import capitalised_share, strip_markup, tokens
from .pagedisputes import page_disputes
from .passages import BOLD_LABEL, Enumeration, Passage, item_text, span_key
from .search.index import korean_words
from .sources import SourceSpec
from .support import services_named
from .tablerows import Row, row_passages

SERVICES_DIR = "services"
OVERVIEW = "Overview"
_NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVX]+\.|[a-z]\))\s+")
_STEP = re.compile(r"^\s*(?:\d+[.)]|[a-z]\)|step\s+\d+\b[.:]?)\s", re.IGNORECASE)
"""A list's numbering ("1. Create an Internet Gateway", "b) ...", "Step 3: ..."), not a section number ("1.5.2.")."""
_FIRST_STEP = re.compile(r"^\s*(?:1[.)]|a\)|step\s+1\b[.:]?)\s", re.IGNORECASE)
_STEP_NUMBER = re.compile(r"^\s*(?:(\d+)[.)]|([a-z])\)|step\s+(\d+)\b(?!\s+of\b)\s*[.:\-–—]?)\s+", re.IGNORECASE)
_TITLE_COLON = re.compile(r":\s")
"""A colon that ends a heading's title before its subtitle, not one in a time or an address ("10:30", "https:")."""
_WORD = re.compile(r"\w+", re.UNICODE)
CREDIBLE_WORDS, CREDIBLE_OVERLAP = 25, 0.3
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_GENERIC_HEADING = re.compile(
    r"^(?:summary|examples?|explanation|key (?:takeaways|points|features|facts|differences|concepts|considerations)|"
    r"facts|"
    r"exam (?:power-?ups?|tips?|hints?)|use cases?|important notes?|important\W*$|notes?|why\b|how\b|when\b|tips?\b|"
    r"step \d|scenario|conclusion|best practices|key exam notes?\b|limitations\b|(?:cost|additional) considerations)",
    re.IGNORECASE,
)
_TOPIC_STOP = frozenset(
    "a an and the of in on for to with by at from vs versus aws amazon service services what is are how "  # noqa: SIM905
    "overview introduction intro basics basic fundamentals understanding note notes summary when which exam "
    "powerup powerups important "
    "detail details detailed explanation explained question questions scenario scenarios "
    "이란 차이 기능 개요 소개 정리".split()
)
"""Words that do not tell one topic from another: "Overview of Security Groups (SG)" is about security groups,
"EC2 Basics" and "Amazon S3 – Replication (Notes)" about EC2 and replication, "Read Replicas: Overview and Detailed
Explanation" about read replicas, "Amazon S3 – Summary" is the overview and "Lifecycle Rules Question- Scenario I"
about lifecycle rules, "Important Ports" about ports (beside "Classic Ports"); "이란" asks "what is" ("IAM 이란": the
overview), "차이" is "difference", "기능" "feature", "개요" "overview", "소개" "introduction", "정리" "summary"."""
_DENIALS = frozenset({"non", "not", "no", "without"})
"""A heading that adds one of these to another is about its opposite ("Non-Relational Databases")."""
_COMPARES = re.compile(r"\b(?:vs\.?|versus)(?!\w)", re.IGNORECASE)
"""A heading that compares two things ("CNAME vs Alias"): a topic of its own, whatever facts it shares."""
SHARED_FACTS, SHARED_SHARE = 3, 0.5
"""Merged passages two topics must share, in number and as a share of the smaller, to be one (`_join_sharing_facts`)."""
_BRACKETED = re.compile(r"\([^()]*\)")
"""A note in brackets after a heading ("Multi-AZ (High-Availability)"): set aside when enough words remain."""
_ACRONYM_LIST = re.compile(r"^\(\s*[A-Z][A-Z0-9]+(?:\s*(?:&|,|/|and|or)\s*[A-Z][A-Z0-9]+)+\s*\)$")
"""A bracket that lists two acronyms or more, kinds of what the heading names: "Replication (CRR & SRR)"."""
_SPELT_OUT = re.compile(r"^\W*((?:[A-Za-z][\w-]*\s+)+)\(\s*([A-Z]{2,})\s*\)\W*$")
"""A heading whose bracket is the initials of the words before it: "Disaster Recovery (DR)"."""
_RANKING = frozenset(("key", "main", "core", "major", "top"))
"""Words that rank the aspects a heading names (`_ASPECTS`), no part of the service: "Summary of DMS Key Features"
sums up DMS (a blind review found it and its Exam PowerUps read as parts of "DMS Cost Considerations"). Before a
part, "key" names one: "Summary of KMS Key Rotation", "Summary of DynamoDB Partition Key"."""
_ASPECTS = frozenset(("feature", "point", "concept", "characteristic", "takeaway", "benefit", "fact"))
"""Words a heading names the whole service's aspects by, not a part of it."""
_LATIN_THEN_HANGUL = re.compile(r"^([a-z0-9]+)[\uac00-\ud7a3]+$")
"""An English word with a Korean particle glued on: "Policy와", "Group과" ("Policy and ...")."""
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_COORDINATOR = re.compile(r"[&,/+]")
"""What joins two subjects in a heading, besides "and" and "or" ("Snowball / Edge", "VPC & Subnet")."""
AND = "&"
"""Stands in `topic_words` for whatever joins two words of a heading."""
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]\w*")
"""A word written in lower case: a heading in sentence case names a topic less well than one in title case
("of", "to" and the other filler words aside)."""


@dataclass(frozen=True, slots=True)
class Contribution:
    """One source section placed on a service page; `blocks` are what is left after merging duplicates.

    `children` are its subsections that belong on the same page: they stay nested under it, as in the source.
    """

    ref: SectionRef
    source: str
    section: Section
    path: tuple[str, ...]
    blocks: tuple[Block, ...]
    why: str
    children: tuple[Contribution, ...] = ()
    pictures: tuple[int, ...] = ()
    """Raw lines of the pictures that were all the section held (`lost_pictures`): its page shows it, saying so."""

    def walk(self) -> Iterator[Contribution]:
        """Yield the contribution and every nested one, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def is_empty(self) -> bool:
        return not self.blocks and not self.children


@dataclass(frozen=True)
class Topic:
    """A sub-topic heading of a service page and the contributions under it, in source order."""

    title: str
    key: tuple[str, ...]
    contributions: tuple[Contribution, ...]
    headed: frozenset[SectionRef] = frozenset()
    """Contributions that open with their own heading: those of a topic joined to another for the facts they share
    (`_join_sharing_facts`) under the other's title ("S3 Glacier Vault Lock" in "S3 Object Lock")."""
    subtitled: frozenset[SectionRef] = frozenset()
    """Contributions whose heading says more than the topic's title, and so keep it in view: the notebook's "Routing
    Policy - Weighted Routing" in "Route 53 – Routing Policies" (under the topic's title alone, a reader could not
    tell which policy "It controls the percentage of the requests" is about)."""


@dataclass(frozen=True)
class SharedFacts:
    """How many passages of each section the deduplicator merged with a passage of another section: what
    `build_topics` reads to put two sections that state mostly the same facts in one topic.
    """

    links: Mapping[SectionRef, Mapping[SectionRef, int]] = field(default_factory=dict)
    """Section → each other section it shares merged passages with, and how many."""
    passages: Mapping[SectionRef, int] = field(default_factory=dict)
    """Section → its passages, merged ones included."""

    @classmethod
    def of(
        cls,
        merges: Iterable[tuple[str, str]],
        refs: Mapping[str, SectionRef],
        passages: Mapping[SectionRef, int] | None = None,
    ) -> SharedFacts:
        """From (duplicate, kept) passage keys and each passage's section; `passages`, each section's count,
        is counted from `refs` when not given.
        """
        links: dict[SectionRef, Counter[SectionRef]] = defaultdict(Counter)
        for duplicate, kept in merges:
            a, b = refs[duplicate], refs[kept]
            if a != b:
                links[a][b] += 1
                links[b][a] += 1
        return cls(dict(links), Counter(refs.values()) if passages is None else passages)


@dataclass(frozen=True)
class ServicePage:
    """A merged page: the service, its topics (overview first), and the disagreements found on it."""

    service: Service
    topics: tuple[Topic, ...]
    conflicts: tuple[Conflict, ...]

    @property
    def src_uri(self) -> str:
        return f"{SERVICES_DIR}/{self.service.slug}.md"

    @property
    def url(self) -> str:
        return f"{SERVICES_DIR}/{self.service.slug}/"

    def sources(self) -> list[str]:
        """Slugs of the sources that contribute, in first-appearance order."""
        return list(dict.fromkeys(c.source for t in self.topics for c in t.contributions))


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the knowledge-base stages decided: where each section went, what merged, the pages."""

    assignments: Mapping[SectionRef, Assignment]
    dedupe: DedupeResult
    pages: tuple[ServicePage, ...]
    passages: Mapping[str, Passage]
    refs: Mapping[str, SectionRef]
    """Passage key → the section it belongs to."""
    _twins: dict[str, dict[str, list[str]]] = field(default_factory=dict, init=False, compare=False, repr=False)

    def twins_on(self, slug: str) -> Mapping[str, Sequence[str]]:
        """Kept passage key → the keys merged into it, for the kept passages on page `slug` (in merge order).

        Grouped once for all pages: every service page asks, and a page's merges are a sliver of them all.
        """
        return self.grouped_twins().get(slug, {})

    def grouped_twins(self) -> Mapping[str, Mapping[str, Sequence[str]]]:
        """Page slug → `twins_on` that page, grouped on the first call. A build groups them before forking the
        workers that render service pages: a worker that groups them itself reads every merge and passage, and so
        copies the memory pages they are on (×10: 27 MiB per worker).
        """
        if not self._twins:
            for merge in self.dedupe.merges:
                kept = self._twins.setdefault(self.passages[merge.kept].page, {})
                kept.setdefault(merge.kept, []).append(merge.duplicate)
        return self._twins


def section_paths(tree: SourceTree) -> dict[tuple[int, int], tuple[Section, tuple[str, ...]]]:
    """(chapter, index in walk order) → the section and its path of titles from the chapter down."""
    out: dict[tuple[int, int], tuple[Section, tuple[str, ...]]] = {}
    for ci, chapter in enumerate(tree.chapters):
        index = 0

        def walk(section: Section, path: tuple[str, ...], ci: int = ci) -> None:
            nonlocal index
            out[(ci, index)] = (section, (*path, section.title))
            index += 1
            for child in section.children:
                walk(child, (*path, section.title))

        walk(chapter, ())
    return out


def contributions(
    specs: Sequence[SourceSpec], trees: Mapping[str, SourceTree], assignments: Mapping[SectionRef, Assignment]
) -> list[tuple[str, Contribution]]:
    """Every source's sections as (page slug, root contribution) pairs, in document order.

    A section nests under its parent when both belong on the same page, except under a chapter: a chapter is a whole
    page of its source, so its sections are topics of their own.
    """
    out: list[tuple[str, Contribution]] = []
    for spec in specs:
        for ci, chapter in enumerate(trees[spec.slug].chapters):
            walk = _Walk(spec.slug, ci, assignments)
            node, roots = walk.collect(chapter, ())
            out.extend(([node] if not node[1].is_empty() else []) + roots)
    return out


@dataclass
class _Walk:
    """One chapter's sections in walk order (the order `SectionRef.index` counts)."""

    source: str
    chapter: int
    assignments: Mapping[SectionRef, Assignment]
    index: int = 0

    def collect(
        self, section: Section, path: tuple[str, ...]
    ) -> tuple[tuple[str, Contribution], list[tuple[str, Contribution]]]:
        """Return the section's contribution (empty if it has nothing to show) and the roots found below it."""
        ref = SectionRef(self.source, self.chapter, self.index)
        self.index += 1
        assignment = self.assignments[ref]
        here = (*path, section.title)
        nested: list[Contribution] = []
        roots: list[tuple[str, Contribution]] = []
        collected = [self.collect(child, here) for child in section.children]
        for child_node, child_roots in _steps_under_their_lead(collected):
            if not child_node[1].is_empty():
                if section.level > 1 and child_node[0] == assignment.slug:
                    nested.append(child_node[1])
                else:
                    roots.append(child_node)
            roots.extend(child_roots)
        node = Contribution(ref, self.source, section, here, section.blocks, assignment.why, tuple(nested))
        return (assignment.slug, node), roots


Collected = tuple[tuple[str, Contribution], list[tuple[str, Contribution]]]


def _steps_under_their_lead(collected: list[Collected]) -> list[Collected]:
    """Sections in a row, each heading with nothing of its own that leads a run of steps after it holding them:
    DVA's "Difference Between CloudWatch Alarms and Amazon EventBridge" and its "3. Use Cases", "4. Event vs
    Metric-Based", "5. Action Triggers"; and each empty step holding the sections after it (`_holds`). Else the
    heading, empty, was not shown, and what it leads read as part of the section before it. Sections on another page
    than their lead stay where they are.
    """
    out: list[Collected] = []
    for (slug, node), roots in collected:
        if out and not roots and not node.is_empty():
            (lead_slug, lead), lead_roots = out[-1]
            step = _STEP.match(node.section.title) is not None
            if lead_slug == slug and not lead.blocks and not lead_roots and _holds(lead, step):
                out[-1] = ((lead_slug, replace(lead, children=(*lead.children, node))), lead_roots)
                continue
        out.append(((slug, node), roots))
    return out


def _leads_from_its_place(lead: Contribution, step: Contribution) -> bool:
    """Whether a heading may lead a step where the source puts them: it is the step's parent heading or a sibling
    under it. DVA's "1. Origin Access Identity (OAI)" sits under "S3 Origin Options for Restriction", which the S3 page
    shows: on the CloudFront page it had read as a subsection of "CloudFront Origin Architecture", the heading
    before its parent (a blind review).
    """
    return lead.path == step.path[:-1] or lead.path[:-1] == step.path[:-1]


def _holds(lead: Contribution, step: bool) -> bool:
    """Whether an empty heading holds the next section: a lead its run of steps, or a step ("1. Check EC2 Instance
    System Logs for user-data execution", then "For Linux Instances", "For Windows Instances") the sections of its own
    after it, up to the next step.
    """
    if step == (_STEP.match(lead.section.title) is not None):
        return False
    return all((_STEP.match(child.section.title) is not None) == step for child in lead.children)


def passages_of(contribution: Contribution, page: str) -> list[Passage]:
    """The comparable units of a contribution: top-level paragraphs and top-level list items (not callouts).

    Only top-level units are compared so that provenance can mark exactly the lines that were merged.
    """
    out = []
    for node in contribution.walk():
        out.extend(_own_passages(node, page))
    return out


def _own_passages(contribution: Contribution, page: str) -> list[Passage]:
    context = " / ".join(contribution.path)
    source, blocks = contribution.source, contribution.blocks
    out: list[Passage] = []
    under = ""

    def add(
        key: str,
        text: str,
        heads: bool,
        group: str = "",
        enumeration: Enumeration = "",
        lead: str = "",
        *,
        heads_what_follows: bool = True,
    ) -> None:
        """`heads_what_follows`: the passages after a heading line sit under it; those after a caption do not."""
        nonlocal under
        out.append(Passage(key, text, source, page, context, group, heads, "" if heads else under, enumeration, lead))
        under = key if heads and heads_what_follows else under

    for n, block in enumerate(blocks):
        more = n + 1 < len(blocks)
        if isinstance(block, Paragraph):
            bold = more and _is_bold_line(block.text)
            caption = more and not bold and _captions(block, blocks[n + 1])  # heads its code, not what comes after
            add(span_key(block.span), block.text, bold or caption, heads_what_follows=not caption)
        elif isinstance(block, ListBlock):
            group, enumeration = span_key(block.span), _enumeration(block, blocks[n - 1] if n else None)
            if not enumeration and _lists_kinds(contribution.section.title):
                enumeration = "kinds"  # "CloudTrail - Types of Events", "S3 Storage Classes": hidden all or none
            lead = span_key(blocks[n - 1].span) if enumeration == "introduced" else ""
            for i, item in enumerate(block.items):
                text = item_text(item)
                if text:
                    heads = _heads(item, block, more or i + 1 < len(block.items))
                    add(span_key(item.span), text, heads, group, enumeration, lead)
    return out


_NUMBERED_LABEL = re.compile(r"^\W*(?:option|step|phase|stage|method|approach)\s*(\d+)\b", re.IGNORECASE)
"""A bullet item that numbers itself: "**Option 1:** Use Percona XtraBackup ..."."""


def _enumeration(block: ListBlock, previous: Block | None) -> Enumeration:
    """How a list reads as one enumeration (see `Passage.enumeration`): after a paragraph whose last line ends in a
    colon ("Target Groups:") it is introduced; else numbered, if it is, by its markers or by its items' own labels
    ("**Option 1:** ...", "**Option 2:** ... (slower than option 1)"); else a list of separate facts ("").
    """
    if isinstance(previous, Paragraph) and (_ends_in_colon(previous.text) or is_label(previous.text)):
        return "introduced"
    return "numbered" if block.ordered or _numbers_itself(block) else ""


def is_label(text: str) -> bool:
    """A paragraph that is only a short label, no sentence: "Minimum endpoints" above DVA's list of Aurora's cluster
    and reader endpoints introduces that list as a colon would; hiding one item left it naming one endpoint.
    """
    plain = strip_markup(text).strip()
    return "\n" not in plain and 0 < len(plain.split()) <= LABEL_WORDS and plain[-1:].isalnum()


LABEL_WORDS = 4


def _lists_kinds(heading: str) -> bool:
    """Whether a heading announces the kinds of something ("CloudTrail - Types of Events", "S3 Storage Classes"): a
    list under it tells them or their parts, and hiding one item left it short. The cheat sheet's "Management
    events" went to a twin far up the page (two kinds of three), the notebook's st1 and sc1 to the Udemy notes'
    list of EBS types, its Glacier standard and bulk retrievals to the Udemy notes' (one option of three).
    """
    return KINDS.search(heading) is not None or _MEMBERS.search(heading) is not None


_MEMBERS = re.compile(r"\b(?:targets|concepts)\b", re.IGNORECASE)
"""A heading over the things something can act on ("CloudWatch Alarm Targets") or over the concepts of a service
("Summary of ECS Concepts"): its list names each of them, and hiding one left it short ("Trigger Auto Scaling
Action" in a DVA step that says "auto-scaling" in passing; DVA's summary listing three of its five ECS concepts, the
task role and the cluster hidden in their longer tellings above: blind reviews of the CloudWatch and ECS pages)."""


def _numbers_itself(block: ListBlock) -> bool:
    numbers = [match.group(1) for item in block.items if (match := _NUMBERED_LABEL.match(item.text))]
    return len(block.items) > 1 and numbers == [str(n) for n in range(1, len(block.items) + 1)]


def _ends_in_colon(text: str) -> bool:
    return strip_markup(text.rstrip().rsplit("\n", 1)[-1]).rstrip().endswith(":")


def _heads(item: ListItem, block: ListBlock, followed: bool) -> bool:
    """Whether a list item is a heading written as text (`Passage.heads`): bold all through, nothing nested under
    it, something after it, and alone in its list or a name in title case ("- **S3 Glacier Flexible Retrieval**"
    above its retrieval options; "- **Up to 16 EC2 Instances at a time**" among other items states a fact).
    """
    if item.children or not followed:
        return False
    if not _is_bold_line(item.text):
        return len(block.items) == 1 and BOLD_LABEL.match(item.text) is not None  # "- **Dedicated Hosts**: book ..."
    return len(block.items) == 1 or capitalised_share(item.text) == 1.0


def _captions(paragraph: Paragraph, after: Block) -> bool:
    """Whether a paragraph is the caption of the code block right after it: one line, no sentence ending it ("An
    example which creates an EC2 instance" above DVA's template). Hidden, the code is left saying nothing of what it
    shows (it had been hidden in the notebook's CloudFormation example of a security group, two instances and an
    ELB: a blind review of the CloudFormation page).
    """
    plain = strip_markup(paragraph.text).strip()
    return isinstance(after, Code) and "\n" not in plain and plain[-1:] not in (".", "?", "!")


def _is_bold_line(text: str) -> bool:
    return bool(_BOLD_LINE.fullmatch(text.strip()))


_BOLD_LINE = re.compile(r"\*\*[^*\n]+\*\*:?")


def without_merged(blocks: tuple[Block, ...], merged: Mapping[str, str]) -> tuple[Block, ...]:
    """Blocks with every merged paragraph and list item removed (a list left empty disappears)."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph) and span_key(block.span) in merged:
            continue
        if isinstance(block, ListBlock):
            items = tuple(item for item in block.items if span_key(item.span) not in merged)
            if not items:
                continue
            if len(items) != len(block.items):
                block = replace(block, items=items)
        out.append(block)
    return tuple(out)


def topic_key(title: str, slug: str, catalogue: Catalogue, spellings: Spellings = NO_SPELLINGS) -> tuple[str, ...]:
    """What a heading is about once numbering, the page's own service name and filler words are set aside.

    "IAM Users" and "Users" on the IAM page share the key ("user",); "Amazon VPC" on the VPC page is the overview,
    but "VPC Peering" is about peering: an alias that names a part of the service is a topic of its own. An acronym
    the headings spell out stands for its words (`spellings`: "Network Access Control List (NACL)" is ("nacl",)),
    and a Korean gloss or particle beside English words adds nothing ("IAM Policy(정책)" is ("policy",)). So does
    a note in brackets after a heading that names its subject in two words or more: "Multi-AZ (High-Availability)"
    and "Multi AZ (Disaster Recovery)" are one topic, as are "Object Lock (versioning must be enabled)" and
    "Object Lock"; so does a bracket that lists acronyms, the kinds of what the heading names: "Replication (CRR &
    SRR)" is about replication. "Gateway (NAT)" keeps its bracket.
    """
    return tuple(sorted(set(topic_words(title, slug, catalogue, spellings)) - {AND}))


def _spells_out(text: str, words: Sequence[str]) -> bool:
    """Whether all a heading's key says is the initials of the service name its bracket follows, the name already
    set aside ("Disaster Recovery (DR)" leaves "dr"): on its own page such a heading names the page and nothing more,
    the overview, not a topic called "DR" (a blind review found DVA's "Disaster Recovery (DR)" apart from the
    overview, last on the page).
    """
    match = _SPELT_OUT.match(text)
    if match is None:
        return False
    acronym = match.group(2)
    return initials_match(acronym, match.group(1).split()) and list(words) == [acronym.casefold()]


def topic_words(title: str, slug: str, catalogue: Catalogue, spellings: Spellings = NO_SPELLINGS) -> tuple[str, ...]:
    """The words of `topic_key` in the heading's order, with `AND` wherever the heading says "and", "or", "&", ",",
    "/" or "+": what `compound_head` reads.
    """
    text = heading = _unglued(_NUMBERING.sub("", spellings.respelled(title)), catalogue)
    if _BRACKETED.search(text):
        unbracketed = topic_words(_BRACKETED.sub(" ", text), slug, catalogue, spellings)
        glosses = all(_ACRONYM_LIST.match(bracket) for bracket in _BRACKETED.findall(text))
        if len(set(unbracketed) - {AND}) >= 2 or (unbracketed and glosses):
            return unbracketed
    service = catalogue.get(slug)
    own_name = False
    for mention in sorted(catalogue.mentions(text), key=lambda m: -m.start):
        if mention.slug == slug:  # a part of the service ("EC2 Placement Groups") keeps its own words
            own_name = True
            named = text[mention.start : mention.end]
            part = "" if service.names_itself(mention.alias) else _unglued(service.without_own_name(named), catalogue)
            text = text[: mention.start] + " " + part + " " + text[mention.end :]
    folded = spellings.fold(text).casefold()
    words: list[str] = []
    end = 0
    for match in _WORD.finditer(folded):
        word, between, end = match.group(), folded[end : match.start()], match.end()
        if _COORDINATOR.search(between) or word in ("and", "or"):
            words.append(AND)
        glued = _LATIN_THEN_HANGUL.match(word)
        word = glued.group(1) if glued else word
        if word not in _TOPIC_STOP and not word.isdigit():
            words.append(_singular(word, spellings.acronyms))
    english = [word for word in words if not _HANGUL.search(word)]
    if own_name and _spells_out(heading, english):
        return ()
    return tuple(english if set(english) - {AND} else _in_english(words, spellings.acronyms))


def _in_english(words: Sequence[str], acronyms: frozenset[str]) -> list[str]:
    """A Korean heading's words in the English the notes use, where the search's dictionary gives each one word:
    the Udemy notes' "EC2 종류" (kinds) is about instance types, and was a topic of its own beside "EC2 Instance
    Types" (a user-level review of the EC2 page). A word the dictionary lacks keeps them all as written.
    """
    glossed = [word if word == AND else korean_words().get(word, "") for word in words]
    if not all(glossed) or any(" " in word for word in glossed):
        return list(words)
    return [word if word == AND else _singular(word, acronyms) for word in glossed]


def _unglued(text: str, catalogue: Catalogue) -> str:
    """Two words the notes glued together parted again: "KMS KeysTypes" is about key types, "Route 53 – RecordsTTL"
    about records and TTL. A name written in camel case ("CloudWatch", "EventBridge") is one word where the catalogue
    knows it, as is any glue inside a name the catalogue knows whole ("Disaster RecoveryTips(읽어보면 좋음)"); what is
    left of an alias of the page's own service once its name is blanked out is parted too ("KMS KeysTypes").
    """
    names = [(mention.start, mention.end) for mention in catalogue.mentions(text)]
    cuts = [n for n in (m.start() for m in _GLUED.finditer(text)) if not any(a < n < b for a, b in names)]
    for n in reversed(cuts):
        text = text[:n] + " " + text[n:]
    return text


_GLUED = re.compile(r"(?<=[a-z]{3})(?=[A-Z][a-z]{2}|[A-Z]{2,}\b)")
"""Where a word ends and the next begins with no space: "Keys|Types", "Records|TTL"."""


def compound_head(words: Sequence[str]) -> str | None:
    """The word a heading of two words names a kind of, when it joins nothing with "and": "S3 Bucket Policies" are
    policies, "KMS Key Policies" too, while "Security and Encryption" is about both and "CloudWatch Logs and Log
    Groups" about logs.
    """
    if AND in words or len(set(words)) != 2:
        return None
    return words[-1]


def _singular(word: str, acronyms: frozenset[str]) -> str:
    """One form for a heading word and its plural: "policy" and "policies", "class" and "classes", "sg" and "sgs"."""
    if word.endswith("s") and word[:-1] in acronyms:
        return word[:-1]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-1]  # "policies" and "policy" → "policie"; "cookies" and "cookie" → "cookie"
    if len(word) > 3 and word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ie"
    if len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def topic_heading(contribution: Contribution, slug: str, catalogue: Catalogue) -> str:
    """The heading a contribution is grouped and titled by on page `slug`: its own, but its parent's for a heading
    that is only the service's name and one word under a heading about something else ("Instantiating Applications
    Quickly › EC2 Instances", "API Gateway – Integrations High Level › Lambda Function").

    Why: such a section is that subject's part about the service, not the service's instances or functions at large.
    Titled by its own heading, it became the topic every "EC2 instances" in the notes linked to (583 links to a
    Golden AMI fragment).
    """
    title = contribution.section.title
    if len(contribution.path) < 3 or len(topic_key(title, slug, catalogue)) != 1:
        return title  # a chapter's direct sections have the chapter, not a subject, above them
    parent = contribution.path[-2]
    names = {m.slug for m in catalogue.mentions(title)}
    about_service = {m.slug for m in catalogue.mentions(parent)}
    if slug not in names or slug in about_service or not topic_key(parent, slug, catalogue):
        return title
    return parent


def unnumbered(heading: str) -> str:
    """A heading without the source's numbering ("1.12.5. Network Load Balancer (NLB)"), unless that is all it is."""
    return _NUMBERING.sub("", heading).strip() or heading


def without_section_number(heading: str) -> str:
    """A heading without a source's section number of two or more parts ("1.18.6.1. DAX Architecture"): on a service
    page, beside other sources' headings, it numbers nothing. A step's "1." stays ("1. Root DNS Servers").
    """
    return _SECTION_NUMBER.sub("", heading).strip() or heading


def step_place(heading: str) -> tuple[str, int] | None:
    """How a list's numbering places a heading: its style ("digit", "letter" or "step": two lists, if two styles sit
    under one heading) and its number ("3. Create a Route Table" → 3, "b) ..." → 2, "Step 4: ..." → 4), or None.
    """
    match = _STEP_NUMBER.match(heading)
    if match is None or not heading[match.end() :].strip():
        return None
    digits, letter, step = match.groups()
    if letter:
        return "letter", ord(letter.lower()) - ord("a") + 1
    return ("digit", int(digits)) if digits else ("step", int(step))


def step_number(heading: str) -> int | None:
    """The number a list's numbering gives a heading (`step_place`), or None."""
    place = step_place(heading)
    return place[1] if place else None


def without_step_number(heading: str) -> str:
    """A heading without a list's numbering ("5. Assign Public IP" → "Assign Public IP"), unless that is all it is."""
    return _STEP_NUMBER.sub("", heading, count=1).strip() or heading


def is_generic(heading: str) -> bool:
    """Whether a heading names a kind of section ("Summary", "1.2.3. Exam PowerUp") rather than a subject."""
    return _GENERIC_HEADING.match(unnumbered(heading)) is not None


_KIND_WORDS = frozenset({"type", "kind", "sort", "mode", "class", "option", "tier", "level", "categorie", "variant"})
"""Heading words (in `_singular` form) that name kinds of whatever a page is about: a page's "EC2 종류" (kinds),
read as the one word "type", is no subject that "Origin Types in CloudFront" or "ECS Cluster Types" name a kind of
(`compound_head`), so they still join "CloudFront – Origins" and "ECS Clusters"."""


def _titling(
    group: Sequence[Contribution],
    key: tuple[str, ...],
    keys: Mapping[SectionRef, tuple[str, ...]],
    headings: Mapping[SectionRef, str],
    own: Mapping[SectionRef, set[str]],
) -> list[Contribution]:
    """The members a topic is titled by: those whose headings say fewest words ("Default NACL" joins the NACL topic
    but does not name it), of those headed in English if any are (the Udemy notes' "EC2 종류" says fewer words than
    "EC2 Instance Types", but an English reader should find the topic under its English name), and of those, the
    ones whose own words (`own`, before a subtitle is set aside) are the topic's `key` if any are: DVA's "3. Object
    Storage", which joined S3's storage classes one word away, had titled them "Object Storage" over the notebook's
    "S3 Storage Classes", and the Udemy notes' "NAT Instance – Comments", read as about its lead, titled "NAT
    Instance (outdated, but still at the exam)" and itself (user-level reviews).
    """
    english = [c for c in group if not _HANGUL.search(headings[c.ref])] or list(group)
    fewest = min(len(keys[c.ref]) for c in english)
    members = [c for c in english if len(keys[c.ref]) == fewest]
    return [c for c in members if own[c.ref] == set(key)] or members


def _topic_title(members: Sequence[Contribution], headings: Mapping[SectionRef, str], service: Service) -> str:
    """The heading most sources used (numbering stripped); ties go to the one with the fewest filler words ("ENI
    Exam PowerUp" does not name the ENI topic), then the fewest lower-case words ("Cross-Zone Load Balancing", not
    "Cross zone load balancing"), then the one that spells the service's name right ("AWS CloudHSM Use Cases", not
    "Cloud HSM Use Cases"), then the shortest, then alphabetical. A heading with Korean in it titles a topic only
    when none is all English: the site's headings are English, and "EC2 종류" had titled EC2's instance types.
    """
    titles = Counter(unnumbered(headings[c.ref]) for c in members)
    return min(
        titles,
        key=lambda t: (
            _HANGUL.search(t) is not None,
            -titles[t],
            _filler_words(t),
            _lower_case_words(t),
            service.misspells(t),
            len(t),
            t,
        ),
    )


_BRAND = frozenset({"aws", "amazon"})
"""Set aside in topic keys, but no filler in a title: "Amazon ElastiCache Use Cases" names its topic well."""


def _lower_case_words(title: str) -> int:
    return sum(word not in _TOPIC_STOP for word in _LOWER_WORD.findall(title))


def _filler_words(title: str) -> int:
    return sum(word in _TOPIC_STOP and word not in _BRAND for word in _WORD.findall(title.casefold()))


def build_topics(
    members: Sequence[Contribution],
    slug: str,
    catalogue: Catalogue,
    spellings: Spellings = NO_SPELLINGS,
    named_elsewhere: frozenset[str] = frozenset(),
    shared: SharedFacts | None = None,
) -> tuple[Topic, ...]:
    """Group a page's contributions by topic: overview first, then topics in the order of the richest source (the
    one with the most headings of its own on the page).

    Two headings share a topic when their keys are equal, or when one key is another member's plus or minus one word
    (`_matching_key`: "Security Groups" and "Security Group Rules" do). `named_elsewhere`: words that are a topic of
    their own on another page ("policy" on IAM's); a heading that names a kind of one ("S3 Bucket Policies",
    `compound_head`) is about it, not about the page's "S3 Buckets". Topics whose sections state mostly the same
    facts are one topic, whatever their headings say (`shared`, `_join_sharing_facts`).
    """
    by_source: Counter[str] = Counter()
    for contribution in members:  # a walkthrough's steps, nested under it, are still its source's own headings
        steps = sum(1 for child in contribution.children if _STEP.match(child.section.title))
        by_source[contribution.source] += 1 + steps
    source_rank = {s: n for n, s in enumerate(sorted(by_source, key=lambda s: (-by_source[s], s)))}
    ordered = sorted(members, key=lambda c: (source_rank[c.source], c.ref))
    headings = {c.ref: topic_heading(c, slug, catalogue) for c in ordered}
    groups: dict[tuple[str, ...], list[Contribution]] = {}
    group_of: dict[tuple[str, ...], tuple[str, ...]] = {}  # every member's key → its group's key
    words = {c.ref: topic_words(headings[c.ref], slug, catalogue, spellings) for c in ordered}
    own = {ref: set(said) - {AND} for ref, said in words.items()}  # before a subtitle is set aside
    words.update(_titled_by_lead(headings, words, slug, catalogue, spellings))
    keys = {ref: tuple(sorted(set(said) - {AND})) for ref, said in words.items()}
    keys.update(_restated_keys(ordered, keys))
    kinds_of_elsewhere = {
        keys[ref]: head for ref, said in words.items() if (head := compound_head(said)) in named_elsewhere
    }
    general = {key for key in keys.values() if key}
    subjects = frozenset(word for key in general if len(key) == 1 for word in key) | _other_services(
        general, slug, catalogue
    )
    told_by: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for contribution in ordered:
        told_by[keys[contribution.ref]].add(contribution.source)
    for contribution in ordered:
        key = keys[contribution.ref]

        def elsewhere(other: tuple[str, ...], key: tuple[str, ...] = key) -> bool:
            """Whether `other`'s topic (or, not yet grouped, its headings) and this key's headings share no source,
            and the word one of them adds is not what it names a kind of, a subject of another page.
            """
            group = groups.get(group_of[other]) if other in group_of else None
            if told_by[key] & ({c.source for c in group} if group else told_by[other]):
                return False
            return kinds_of_elsewhere.get(max(key, other, key=len)) not in set(key) ^ set(other)

        near = _matching_key(key, group_of, spellings.acronyms, subjects, elsewhere)
        if near is None and key not in group_of:  # a more general heading that comes later names the topic now
            shorter = [k for k in general if len(k) < len(key)]
            later = _matching_key(key, shorter, spellings.acronyms, subjects, elsewhere)
            near = group_of.setdefault(later, later) if later is not None else None
        joined = group_of.setdefault(key, group_of[near] if near is not None else key)
        groups.setdefault(joined, []).append(contribution)

    def title_of(group: Sequence[Contribution], key: tuple[str, ...]) -> str:
        return _topic_title(_titling(group, key, keys, headings, own), headings, catalogue.get(slug))

    named_as: dict[SectionRef, str] = {}  # a contribution → its topic's title before `_join_sharing_facts`
    if shared is not None:
        for key, group in groups.items():
            named_as.update(dict.fromkeys((c.ref for c in group), title_of(group, key) if key else OVERVIEW))
        groups = _join_sharing_facts(groups, shared, headings)
    topics = []
    for key, group in groups.items():
        group.sort(key=lambda c: (source_rank[c.source], c.ref))
        title = OVERVIEW if not key else title_of(group, key)
        headed = frozenset(c.ref for c in group if named_as.get(c.ref, title) != title)
        titled = {word for c in _titling(group, key, keys, headings, own) for word in keys[c.ref]}
        subtitled = frozenset(c.ref for c in group if key and own[c.ref] - titled) - headed
        topics.append(Topic(title, key, tuple(group), headed, subtitled))
    arranged = _beside_their_kin(topics, source_rank)
    return tuple([t for t in arranged if not t.key] + [t for t in arranged if t.key])


KIN_TOPICS = 3
"""A word more of a page's topic keys hold than this ("instance" on EC2's) relates no two of them."""


def _beside_their_kin(topics: Sequence[Topic], source_rank: Mapping[str, int]) -> list[Topic]:
    """The topics with each one that a source other than the richest opens moved right after the topic its source
    tells just before it, when the two keys share a word few topics hold (after the ones moved there before it).
    Topics come in the richest source's order, so another source's topics came after all of its: the Udemy notes'
    "CloudWatch Alarm Targets" and "Composite Alarms" sat 580 lines below "Alarms", "CloudWatch Metric Streams" far
    from "Amazon CloudWatch Metrics" (a blind review of the CloudWatch page). A topic its source tells after
    something unrelated (the overview too), or first, stays where it was: it would push the richest source's topics
    down. A topic moved after one that moves later stays where it was put.
    """
    if not topics:
        return []
    richest = min(source_rank, key=lambda s: source_rank[s])
    keyed = Counter(word for topic in topics for word in set(topic.key))
    topic_of = {c.ref: n for n, topic in enumerate(topics) for c in topic.contributions}
    told: dict[str, list[SectionRef]] = defaultdict(list)
    for ref in sorted(topic_of):
        told[ref.source].append(ref)
    order = list(range(len(topics)))
    last_after: dict[int, int] = {}
    for n, topic in enumerate(topics):
        opener = topic.contributions[0].ref  # sorted by source rank, then place
        refs = told[opener.source]
        at = refs.index(opener)
        if not topic.key or opener.source == richest or at == 0:
            continue
        before = topic_of[refs[at - 1]]
        kin = {word for word in set(topics[before].key) & set(topic.key) if keyed[word] <= KIN_TOPICS}
        if before == n or not kin:
            continue
        order.remove(n)
        order.insert(order.index(last_after.get(before, before)) + 1, n)
        last_after[before] = n
    return [topics[n] for n in order]


def _restated_keys(
    members: Sequence[Contribution], keys: Mapping[SectionRef, tuple[str, ...]]
) -> dict[SectionRef, tuple[str, ...]]:
    """A section that restates an earlier section's number in its source takes that section's topic key: DVA's pasted
    answer "### **1.10.8. Amazon Aurora Architecture**" goes on from "### 1.10.8. Amazon Aurora", the Aurora overview,
    as the readers who labelled the topics grouped it; under its own title it was a topic apart from what it restates.
    Not a heading about something else that the source misnumbered: "1.9.2. Route 53 Health Checks" after "1.9.2.
    Private Hosted Zones" (their keys share no word, and the first is not the overview).
    """
    first: dict[tuple[str, int, str], SectionRef] = {}
    restated: dict[SectionRef, tuple[str, ...]] = {}
    for member in sorted(members, key=lambda c: (c.source, c.ref)):
        number = _SECTION_NUMBER.match(member.section.title)
        if number is None:
            continue
        earlier = first.setdefault((member.source, member.ref.chapter, number.group(1)), member.ref)
        if earlier != member.ref and (not keys[earlier] or set(keys[earlier]) & set(keys[member.ref])):
            restated[member.ref] = keys[earlier]
    return restated


_SUBTITLE = re.compile(r"\s+[-–—=]\s+|:\s+")
"""What parts a heading into a lead and a subtitle: "Lambda@Edge: What It Is and How It Works", "Security Groups =
Firewall on EC2"."""


def _titled_by_lead(
    headings: Mapping[SectionRef, str],
    words: Mapping[SectionRef, tuple[str, ...]],
    slug: str,
    catalogue: Catalogue,
    spellings: Spellings,
) -> dict[SectionRef, tuple[str, ...]]:
    """The topic words of headings whose lead is another heading's topic and whose subtitle is no heading's: "Lambda@
    Edge: What It Is and How It Works" and "Network Load Balancer - TCP & UDP Based" are about Lambda@Edge and the
    NLB, where "CloudFront Security: Origin Access Identity (OAI)" stays about OAI (another heading's topic) and
    "Amazon S3 – Access Points" about access points (its lead names only the service).

    Why: a subtitle describes its section in words no other source uses, so the heading's key matched nothing and
    the section became a topic of its own beside the one its lead names.
    """
    keys = {ref: frozenset(said) - {AND} for ref, said in words.items()}
    told = [key for key in keys.values() if key]
    found: dict[SectionRef, tuple[str, ...]] = {}
    for ref, heading in headings.items():
        defined = _defined_lead(heading, slug, catalogue, spellings)
        if defined is not None:
            found[ref] = defined
            continue
        cuts = [match for match in _SUBTITLE.finditer(heading) if match.start() > 0]
        for cut in reversed(cuts):  # the longest lead first: "Understanding CIDR – IPv4 – a method for ..."
            lead = topic_words(heading[: cut.start()], slug, catalogue, spellings)
            lead_key = frozenset(lead) - {AND}
            subtitle = frozenset(topic_words(heading[cut.end() :], slug, catalogue, spellings)) - {AND}
            if not lead_key or lead_key == keys[ref]:
                continue
            if any(key == lead_key for other, key in keys.items() if other != ref) and not any(
                key <= subtitle or subtitle <= key for key in told if key != keys[ref]
            ):
                found[ref] = lead
                break
    return found


def _defined_lead(heading: str, slug: str, catalogue: Catalogue, spellings: Spellings) -> tuple[str, ...] | None:
    """The topic words of what a heading defines with "=", or None: "AWS CloudTrail = 계좌와 관련된 Log 생성" is the
    overview (its lead names only the service), "Security Groups = Firewall on EC2" is about security groups, whatever
    the other headings say. The Udemy notes gloss a heading this way; the gloss is no topic ("AWS CloudTrail" sat in a
    topic of its own, titled with the whole heading, beside the overview).
    """
    cut = _DEFINES.search(heading)
    if cut is None or not cut.start():
        return None
    lead = heading[: cut.start()]
    words = topic_words(lead, slug, catalogue, spellings)
    if set(words) - {AND}:
        return words
    return () if any(mention.slug == slug for mention in catalogue.mentions(lead)) else None


_DEFINES = re.compile(r"\s+=\s+")


def _join_sharing_facts(
    groups: Mapping[tuple[str, ...], list[Contribution]], shared: SharedFacts, headings: Mapping[SectionRef, str]
) -> dict[tuple[str, ...], list[Contribution]]:
    """Join two topics (the overview aside) when the deduplicator merged at least `SHARED_FACTS` passages between
    them, and at least `SHARED_SHARE` of the smaller one's passages: they state the same facts, so they are about the
    same thing, though the notebooks name it apart (the Udemy notes' "EC2 Purchasing Options" and the AWS SAA
    notebook's "EC2 Launching Types" share 13 facts). A topic that compares two things ("CNAME vs Alias") joins
    nothing this way, nor does one that shares as many facts with two topics or more, unless their headings share a
    word: it covers several subjects (the notebook's "SSM Advanced", with Patch Manager and Automation), where "KMS
    Multi-Region Keys" gathers its use with DynamoDB and with Aurora. The later topic joins the earlier.
    """
    order = {key: n for n, key in enumerate(groups)}
    topic_at = {c.ref: key for key, group in groups.items() if key for member in group for c in member.walk()}
    between: Counter[tuple[tuple[str, ...], tuple[str, ...]]] = Counter()
    for ref, key in topic_at.items():
        for other, count in shared.links.get(ref, {}).items():
            if (other_key := topic_at.get(other)) is not None and order[key] < order[other_key]:
                between[key, other_key] += count
    size: Counter[tuple[str, ...]] = Counter()
    for ref, key in topic_at.items():
        size[key] += shared.passages.get(ref, 0)
    into: dict[tuple[str, ...], tuple[str, ...]] = {}

    def root(key: tuple[str, ...]) -> tuple[str, ...]:
        while key in into:
            key = into[key]
        return key

    compares = {key for key, group in groups.items() if any(_COMPARES.search(headings[c.ref]) for c in group)}
    partners = Counter(key for pair, count in between.items() if count >= SHARED_FACTS for key in pair)
    covers_several = {key for key, n in partners.items() if n > 1}
    ranked = sorted(between.items(), key=lambda item: (-item[1], order[item[0][0]], order[item[0][1]]))
    for (first, second), count in ranked:
        if count < max(SHARED_FACTS, SHARED_SHARE * min(size[first], size[second])):
            continue
        if {first, second} & compares or ({first, second} & covers_several and not set(first) & set(second)):
            continue
        earlier, later = sorted((root(first), root(second)), key=order.__getitem__)
        if earlier != later:
            into[later] = earlier
    joined: dict[tuple[str, ...], list[Contribution]] = {}
    for key, group in groups.items():
        joined.setdefault(root(key), []).extend(group)
    return joined


def _other_services(keys: Iterable[tuple[str, ...]], slug: str, catalogue: Catalogue) -> frozenset[str]:
    """The words of these keys that name another service than the page's ("lambda" in "Object Lambda")."""
    words = {word for key in keys for word in key}
    return frozenset(w for w in words if any(m.slug != slug for m in catalogue.mentions(w)))


def nest_followers(
    members: Sequence[Contribution],
    numbered: Mapping[tuple[str, int], Sequence[tuple[int, int]]] | None = None,
    headings: HeadingKeys | None = None,
) -> list[Contribution]:
    """Keep a source's supporting sections with the section they support, instead of making each a topic.

    Where a chapter numbers its headings ("1.5.2. VPC Sizing"), an unnumbered section after a numbered one on the
    same page is an addition to it (a pasted explanation, its summary), unless a numbered heading at its level or
    above comes between them (`numbered`: every numbered heading, on any page, empty or not): "1.6.10. Amazon
    Machine Image (AMI)" holds no text of its own, and the AMI sections after it are not part of "1.6.9.2. ENI Exam
    PowerUp" before it; nor is one about something else that another source has a heading about
    (`HeadingKeys.apart`: "Route 53 Health Checks" after "1.9.3. Route 53 Routing Policies Examples"), and the next
    section about neither goes back to the one it left (`HeadingKeys.returns`). In a chapter that numbers only its
    lists, a section is an addition only when it goes on with the subject of the one before
    (`HeadingKeys.continues`): DVA's CloudFront chapter runs flat from hosting a website to TTL, SSL/TLS and
    origins, topics of their own. Generic headings ("Summary", "Example", "Exam Power-Up", ...) belong to the
    section before them in any source, or, naming a subject that section is not all about, to the nearest earlier
    one that is (`HeadingKeys.sums_up`); summing up the page's service, to its run's overview, else to no
    section (`HeadingKeys.sums_up_the_service`). Steps ("1. Create an Internet Gateway", "2. Attach ...") belong to the
    heading that leads their run ("Steps to Create and Assign an Internet Gateway"), as the items of a list do,
    except a side of a comparison that another source has a heading about (`HeadingKeys.side_told_elsewhere`: "2.
    Overview of Network Access Control Lists (NACL)", led by "Security Groups (SG) vs. Network Access Control Lists
    (NACL)", joins the NACL topic; "6. Read Replicas" stays in "Cost Dependencies in RDS"). After the last step, a
    heading about what the heading before the walkthrough led goes back to it (`HeadingKeys.goes_back`). A step whose
    number goes on from the last run's goes back to that run's lead, past a heading between them: DVA's "4. Tools for
    CI/CD" after "CI/CD Workflow", which had led the rest of the list.
    """
    ordered = sorted(members, key=lambda c: (c.source, c.ref))
    numbered_here = {(c.source, c.ref.chapter) for c in ordered if _section_number(c)}
    listed_here = {(c.source, c.ref.chapter) for c in ordered if _NUMBERING.match(c.section.title)} - numbered_here
    leads = {
        c.ref
        for c, after in itertools.pairwise(ordered)
        if (c.source, c.ref.chapter) == (after.source, after.ref.chapter)
        and _FIRST_STEP.match(after.section.title)
        and not _STEP.match(c.section.title)
    }
    out: list[Contribution] = []
    last: dict[tuple[str, int], int] = {}
    walkthroughs: dict[tuple[str, int], tuple[int, int]] = {}  # the heading before a walkthrough, the walkthrough
    left: dict[tuple[str, int], int] = {}  # the section the last topic of its own left (`HeadingKeys.apart`)
    roots: dict[tuple[str, int], list[int]] = defaultdict(list)  # the sections no other one holds, in order
    runs: dict[tuple[str, int], tuple[int, int]] = {}  # the lead of the last run of steps, and its last step's number
    for contribution in ordered:
        where = (contribution.source, contribution.ref.chapter)
        title = contribution.section.title
        step = _STEP.match(title) is not None
        if step and where in runs and _goes_on(runs[where], contribution, out, numbered, where):
            last[where] = runs[where][0]  # the run goes on after a heading between its steps ("CI/CD Workflow")
        if not step and headings and where in walkthroughs:
            earlier, walkthrough = walkthroughs[where]
            back = headings.goes_back(contribution, out[walkthrough], out[earlier])
            if back is not None:
                last[where] = earlier if back else walkthrough
        generic = is_generic(title)
        alone = False  # a summary of the service with no overview to go with
        if generic and headings is not None and where in last:
            run = [(n, out[n]) for n in roots[where] if not _numbered_between(numbered, where, out[n], contribution)]
            summed = headings.sums_up(contribution, out[last[where]], run)
            alone = summed is None and headings.sums_up_the_service(contribution, out[last[where]])
            last[where] = last[where] if summed is None else summed
        returns = headings and where in left and not (step or generic)
        if returns and headings and headings.returns(contribution, out[last[where]], out[left[where]]):
            last[where] = left.pop(where)  # back from a topic of its own to the section it left
        if where in last:
            parent = out[last[where]]
            if where in numbered_here:
                subject = headings is None or not (
                    headings.apart(contribution, parent) or headings.whole_after_part(contribution, parent)
                )
            else:
                subject = where in listed_here and headings is not None and headings.continues(contribution, parent)
            addition = not _NUMBERING.match(title) and contribution.ref not in leads and subject
            led = step and not _STEP.match(parent.section.title) and _leads_from_its_place(parent, contribution)
            led = led and not (headings and headings.side_told_elsewhere(contribution, parent))
            generic_here = generic and not (headings and headings.about_the_whole(contribution, parent))
            follows = (
                (addition or led) and not _numbered_between(numbered, where, parent, contribution)
            ) or generic_here
            if follows and not alone:
                out[last[where]] = replace(parent, children=(*parent.children, contribution))
                if led:
                    runs[where] = (last[where], step_number(title) or 0)
                continue
        if not step or where not in last:  # a step told elsewhere leaves its run's lead leading the rest
            unnumbered = not _NUMBERING.match(title) and where in numbered_here
            if where in last and unnumbered and headings and headings.apart(contribution, out[last[where]]):
                left[where] = last[where]
            else:
                left.pop(where, None)
            if contribution.ref in leads and where in last:
                walkthroughs[where] = (last[where], len(out))
            else:
                walkthroughs.pop(where, None)
            last[where] = len(out)
            roots[where].append(len(out))
        out.append(contribution)
    return out


def _goes_on(
    run: tuple[int, int],
    step: Contribution,
    out: Sequence[Contribution],
    numbered: Mapping[tuple[str, int], Sequence[tuple[int, int]]] | None,
    where: tuple[str, int],
) -> bool:
    """Whether a step goes on from the last run of steps (its lead in `out`, its last number), which may lead it."""
    lead = out[run[0]]
    return (
        step_number(step.section.title) == run[1] + 1
        and _leads_from_its_place(lead, step)
        and not _numbered_between(numbered, where, lead, step)
    )


_SECTION_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)+)\.?(?:\(\d+/\d+\))?\s")
"""A section number with at least two parts ("1.2.4.1."), and a part of a split section's ("1.14.3.(1/2)"): its
parent's number is all but the last part."""


def nest_by_number(members: Sequence[Contribution]) -> list[Contribution]:
    """A numbered subsection that its heading's level put under an unnumbered section sits under the section its
    number says it is part of, in source order: DVA wrote "#### 1.3.2.1. Amazon Resource Name (ARN)" after "### When
    is the Principal Element Not Needed?", and "#### 1.6.3.1. Naming Scheme" after "### Exam Power-Up", so they read
    as parts of those (a reader's review found 10 on 4 pages). Only where the numbered parent is on the same page.
    """
    numbered: dict[tuple[str, int, str], SectionRef] = {}
    moves: dict[SectionRef, SectionRef] = {}  # subsection → the numbered section it goes under
    for member in members:
        for node in member.walk():
            number = _SECTION_NUMBER.match(node.section.title)
            if number:
                numbered[(node.source, node.ref.chapter, number.group(1))] = node.ref
    for member in members:
        for node in member.walk():
            for child in node.children:
                number = _SECTION_NUMBER.match(child.section.title)
                if not number or _SECTION_NUMBER.match(node.section.title):
                    continue  # a numbered parent, or none, is where the heading put it
                parent = numbered.get((child.source, child.ref.chapter, number.group(1).rsplit(".", 1)[0]))
                if parent is not None:
                    moves[child.ref] = parent
    if not moves:
        return list(members)
    moved = {node.ref: node for member in members for node in member.walk() if node.ref in moves}

    def rebuild(node: Contribution) -> Contribution:
        children = [c for c in node.children if c.ref not in moves]
        children += [moved[ref] for ref, parent in moves.items() if parent == node.ref]
        if len(children) == len(node.children) and all(a is b for a, b in zip(children, node.children, strict=True)):
            return replace(node, children=tuple(rebuild(c) for c in node.children))
        return replace(node, children=tuple(rebuild(c) for c in sorted(children, key=lambda c: c.ref.index)))

    return [rebuild(member) for member in members]


def lift_told_elsewhere(
    members: Sequence[Contribution],
    slug: str,
    catalogue: Catalogue,
    spellings: Spellings = NO_SPELLINGS,
    known: Mapping[SectionRef, tuple[str, ...]] | None = None,
) -> list[Contribution]:
    """Take out of its parent a subsection whose heading is about what another source has a topic of its own about
    (the same key, or one word apart as `_matching_key` allows), so it sits in that topic: the AWS SAA notebook's
    "Read Replicas" and "Multi-AZ" were nested under its "RDS Deployments", beside the RDS topics of the same names;
    "S3 Bucket Policies" under "S3 Security"; DVA's "What is a Private Hosted Zone?" under "Route 53 Routing
    Policies Examples". Not one a word apart from a topic its parent is in too ("Costs of Read Replicas").

    So is a numbered subsection whose source restates it under the same number and heading as a section of its own
    (DVA's "#### 1.10.8.2. Costs" under "1.10.8. Amazon Aurora", and a pasted answer's "### **1.10.8.2. Costs**"
    after "1.10.11."): the two tellings sit in one topic, not one in the overview and one far below it.

    Not a generic heading ("Summary", "Key Features": an Aurora Serverless summary is no summary of Aurora), not a
    step of a list ("2. Task" in "Core Concepts of ECS"), not one about what its parent is about (its key is part of
    the parent's: "DynamoDB Streams" under "DynamoDB – Stream Processing" stays). A parent left
    with nothing of its own to show ("RDS Deployments") is no longer shown, as a heading with no text never is.
    `known`: members' topic keys already worked out (`HeadingKeys.keys`).
    """

    def key(contribution: Contribution) -> tuple[str, ...]:
        return topic_key(topic_heading(contribution, slug, catalogue), slug, catalogue, spellings)

    known = known or {}
    member_keys = {m.ref: known[m.ref] if m.ref in known else key(m) for m in members}
    told: dict[tuple[str, ...], set[str]] = defaultdict(set)
    restated: dict[tuple[str, int, str], tuple[str, ...]] = {}  # a member's section number → its key
    for member in members:
        told[member_keys[member.ref]].add(member.source)
        if number := _SECTION_NUMBER.match(member.section.title):
            restated.setdefault((member.source, member.ref.chapter, number.group(1)), member_keys[member.ref])

    def liftable(child: Contribution, parent_key: tuple[str, ...]) -> bool:
        title = child.section.title
        if _STEP.match(title) or is_generic(title):
            return False
        child_key = key(child)
        if not child_key or set(child_key) <= set(parent_key):
            return False
        number = _SECTION_NUMBER.match(title)
        again = restated.get((child.source, child.ref.chapter, number.group(1))) if number else None
        if again is not None and (again == child_key or _matching_key(child_key, [again], spellings.acronyms)):
            return True  # its own source tells it again under the same number, in a topic of its own
        others = [k for k, sources in told.items() if sources - {child.source}]
        if child_key in others:
            return True
        topic = _matching_key(child_key, others, spellings.acronyms)  # one word apart: not if the parent is there too
        return (
            topic is not None and topic != parent_key and _matching_key(parent_key, [topic], spellings.acronyms) is None
        )

    def goes_on(child: Contribution, taken: Contribution, parent_key: tuple[str, ...]) -> bool:
        """Whether a sibling right after a lifted subsection goes on about its subject: it names all of it ("How Does
        a Private Hosted Zone Work?" after "What is a Private Hosted Zone?"), or names a kind of section ("Key
        Considerations", "Exam Powerups") after one about another subject than its parent's. After a part of the
        parent's subject ("Multi-AZ Deployment vs. Read Replicas" in an RDS Multi-AZ overview) a summary is the
        parent's.
        """
        taken_key = set(key(taken))
        if taken_key <= set(key(child)):
            return True
        return is_generic(child.section.title) and not taken_key & set(parent_key)

    def split(node: Contribution, parent_key: tuple[str, ...]) -> tuple[Contribution, list[Contribution]]:
        """The node without its liftable descendants, and those descendants (each with its own subsections, and
        the siblings after it that go on about it).
        """
        kept: list[Contribution] = []
        lifted: list[Contribution] = []
        taken: Contribution | None = None  # the subsection lifted last, while its next siblings go on about it
        for child in node.children:
            if liftable(child, parent_key):
                lifted.append(child)
                taken = child
                continue
            if taken is not None and goes_on(child, taken, parent_key):
                lifted[-1] = replace(lifted[-1], children=(*lifted[-1].children, child))
                continue
            taken = None
            rest, below = split(child, parent_key)
            kept.extend([] if below and rest.is_empty() else [rest])
            lifted.extend(below)
        return (replace(node, children=tuple(kept)) if lifted else node), lifted

    out: list[Contribution] = []
    for member in members:
        rest, lifted = split(member, member_keys[member.ref])
        out.extend(([] if lifted and rest.is_empty() else [rest]) + lifted)
    return out


def _section_number(contribution: Contribution) -> bool:
    """Whether a heading carries a section number ("1.5.2. VPC Sizing"), not a list's ("1. Create ...")."""
    title = contribution.section.title
    return _NUMBERING.match(title) is not None and _STEP.match(title) is None


def _numbered_between(
    numbered: Mapping[tuple[str, int], Sequence[tuple[int, int]]] | None,
    where: tuple[str, int],
    parent: Contribution,
    follower: Contribution,
) -> bool:
    """Whether a numbered heading at `parent`'s level or above stands between it and `follower` in the source."""
    headings = numbered.get(where, ()) if numbered else ()
    start = bisect.bisect_right(headings, (parent.ref.index, 99))
    end = bisect.bisect_left(headings, (follower.ref.index, 0))
    return any(level <= parent.section.level for _, level in headings[start:end])


def numbered_headings(trees: Mapping[str, SourceTree]) -> dict[tuple[str, int], tuple[tuple[int, int], ...]]:
    """(source, chapter) → (walk index, level) of each of its numbered headings, in order (see `nest_followers`)."""
    return {
        (source, ci): tuple(
            (i, s.level)
            for i, s in enumerate(walk_sections((chapter,)))
            if _NUMBERING.match(s.title) and not _STEP.match(s.title)
        )
        for source, tree in sorted(trees.items())
        for ci, chapter in enumerate(tree.chapters)
    }


def _matching_key(
    key: tuple[str, ...],
    known: Iterable[tuple[str, ...]],
    acronyms: frozenset[str],
    subjects: frozenset[str] | None = None,
    may_join: Callable[[tuple[str, ...]], bool] = lambda other: True,
) -> tuple[str, ...] | None:
    """A key already grouped that this one belongs with: one word more or less than it, where the shorter says more
    than one word or is one acronym ("NACL" and "NACL Stateless" share a topic).

    A one-word key and a two-word one share a topic only when the other word is not a subject in its own right
    (`subjects`, the page's one-word keys and other services' names) and `may_join` allows it (`build_topics`: the
    two come from different sources): another source's "Security and Encryption" or "Streams and Triggers" joins
    "Security" or "Streams"; "Users and Groups" and "Object Lambda" do not join "Users" and "Objects", and one
    author's "Custom Resources" stays apart from their "Resources". Without `subjects`, only an acronym does.
    """
    if not key:
        return None
    mine = set(key)
    for other in known:
        theirs = set(other)
        shorter = min(mine, theirs, key=len)
        one_more = (mine < theirs or theirs < mine) and abs(len(mine) - len(theirs)) == 1
        extra = mine ^ theirs  # "NACL" joins "Default NACL", not "SG vs NACL": that compares two things
        if not one_more or extra & _DENIALS:
            continue  # "Non-Relational Databases" is not about relational databases
        if len(shorter) >= 2 or (len(shorter) == 1 and shorter <= acronyms and not extra & acronyms):
            return other
        if subjects is not None and len(shorter) == 1 and not extra & (subjects | acronyms) and may_join(other):
            return other
    return None


def lost_pictures(
    specs: Sequence[SourceSpec], trees: Mapping[str, SourceTree], assignments: Mapping[SectionRef, Assignment]
) -> dict[str, list[Contribution]]:
    """Per page, the sections that held nothing but pictures, which no export kept, as contributions showing only
    that (`Contribution.pictures`). With nothing to show, pages had left them out, and with them a topic the notes
    name: the Udemy notes' "SQS as a buffer for database writes", "Message Filtering", "Kinesis Data Streams vs
    Firehose" (a blind review).
    """
    out: dict[str, list[Contribution]] = defaultdict(list)
    for spec in specs:
        tree = trees[spec.slug]
        lost = _LostPictures.of(tree)
        for ci, chapter in enumerate(tree.chapters):
            for index, (section, path) in enumerate(_with_paths(chapter, ())):
                pictures = lost.own(section)
                ref = SectionRef(spec.slug, ci, index)
                if pictures and section.level > 1 and ref in assignments:  # a chapter's picture heads its page
                    assignment = assignments[ref]
                    node = Contribution(ref, spec.slug, section, path, (), assignment.why, (), pictures)
                    out[assignment.slug].append(node)
    return out


def _with_paths(section: Section, above: tuple[str, ...]) -> Iterator[tuple[Section, tuple[str, ...]]]:
    """The section and every one under it, depth first (the order `SectionRef.index` counts), each with its path."""
    path = (*above, section.title)
    yield section, path
    for child in section.children:
        yield from _with_paths(child, path)


@dataclass(frozen=True)
class _LostPictures:
    """Where a source lost its pictures, and where its headings are, per file: which section's own lines held each."""

    pictures: Mapping[str, Sequence[int]]
    headings: Mapping[str, Sequence[int]]

    @classmethod
    def of(cls, tree: SourceTree) -> _LostPictures:
        pictures: dict[str, list[int]] = defaultdict(list)
        for dropped in tree.dropped:
            if dropped.reason.startswith(MISSING_IMAGE):
                pictures[dropped.span.path].extend(dropped.span.lines())
        headings: dict[str, list[int]] = defaultdict(list)
        for section in walk_sections(tree.chapters):
            if section.heading is not None:
                headings[section.heading.path].append(section.heading.start)
        return cls({p: sorted(lines) for p, lines in pictures.items()}, {p: sorted(h) for p, h in headings.items()})

    def own(self, section: Section) -> tuple[int, ...]:
        """The lost pictures between the heading of a section with no text and the next heading of its file."""
        if section.heading is None or section.blocks:
            return ()
        path, end = section.heading.path, section.heading.end
        starts = self.headings.get(path, ())
        at = bisect.bisect_right(starts, end)
        until = starts[at] if at < len(starts) else end + 10**9
        lines = self.pictures.get(path, ())
        return tuple(lines[bisect.bisect_right(lines, end) : bisect.bisect_left(lines, until)])


def with_lost_pictures(
    topics: tuple[Topic, ...],
    pictured: Sequence[Contribution],
    slug: str,
    catalogue: Catalogue,
    spellings: Spellings = NO_SPELLINGS,
) -> tuple[Topic, ...]:
    """The page's topics with each section that held only pictures and is not shown yet: in the topic of its very key,
    else in one of its own after the others. Added last, so it orders, titles and joins no topic (the Udemy notes'
    "Load balancer", a picture, had taken in every ELB topic whose heading says more).
    """
    shown = {node.ref for topic in topics for root in topic.contributions for node in root.walk()}
    out = list(topics)
    for contribution in pictured:
        if contribution.ref in shown:
            continue
        heading = topic_heading(contribution, slug, catalogue)
        key = topic_key(heading, slug, catalogue, spellings)
        at = next((n for n, topic in enumerate(out) if topic.key == key), None)
        if at is None:
            title = _topic_title([contribution], {contribution.ref: heading}, catalogue.get(slug)) if key else OVERVIEW
            out.append(Topic(title, key, (contribution,), frozenset(), frozenset()))
        else:
            out[at] = replace(out[at], contributions=(*out[at].contributions, contribution))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _SectionRead:
    """What merging reads of one placed section: its passages, its tables' rows and its lists of kinds."""

    passages: tuple[Passage, ...]
    rows: tuple[Row, ...]
    kinds: tuple[KindList, ...]


def _read_key(node: Contribution, page: str) -> tuple[object, ...]:
    """All `_read_section` reads of a section (its heading, not its subsections): a rebuild under `mkdocs serve`
    reads again only the sections an edit changed or moved.
    """
    return page, node.source, node.section.title, node.path, node.blocks


def _read_section(node: Contribution, page: str) -> _SectionRead:
    return _SectionRead(
        tuple(_own_passages(node, page)),
        tuple(row_passages(node.source, page, " / ".join(node.path), node.blocks)),
        tuple(kind_lists(node.source, node.section.title, node.blocks)),
    )


def build_knowledge(
    specs: Sequence[SourceSpec],
    trees: Mapping[str, SourceTree],
    assignments: Mapping[SectionRef, Assignment],
    catalogue: Catalogue,
    memo: Memo | None = None,
) -> KnowledgeBase:
    """Assignments → merged pages, with duplicates found across every source of each page (`memo`: see dedupe)."""
    roots = contributions(specs, trees, assignments)
    pictured = lost_pictures(specs, trees, assignments)
    spellings = Spellings.of(node.section.title for _, root in roots for node in root.walk())
    numbered = numbered_headings(trees)
    refs: dict[str, SectionRef] = {}
    passages = []
    rows: list[Row] = []
    kinds: dict[str, list[KindList]] = defaultdict(list)
    per_section: dict[SectionRef, int] = {}
    memo = memo if memo is not None else Memo(keep=False)
    for slug, root in roots:
        for node in root.walk():
            read = memo.get_keyed("section-reads", partial(_read_key, node, slug), partial(_read_section, node, slug))
            kinds[slug].extend(read.kinds)
            per_section[node.ref] = len(read.passages)
            for passage in read.passages:
                passages.append(passage)
                refs[passage.key] = node.ref
            for row in read.rows:
                rows.append(row)
                refs[row.passage.key] = node.ref
    dedupe = find_duplicates(passages, memo=memo)
    found = page_disputes(passages, rows, kinds, services_named(catalogue), memo)
    support = [(a, b, f"support: {display_title(catalogue.get(slug).title)}") for a, b, slug in found.support]
    dedupe = with_disputes(with_disputes(dedupe, support, passages), found.contrast, passages)
    row_texts = [row.passage for row in rows]  # read by no stage but the disputes: a table is shown whole
    dedupe = with_disputes(dedupe, found.told, [*passages, *row_texts])
    passages += row_texts
    dedupe = dedupe.without_contradicted_twins({passage.key: passage.source for passage in passages})
    merged = dedupe.kept_of()
    by_page: dict[str, list[Contribution]] = {}
    for slug, root in roots:
        kept = _without_merged_tree(root, merged)
        if kept is not None:
            by_page.setdefault(slug, []).append(kept)
    passage_page = {p.key: p.page for p in passages}
    by_key = {p.key: p for p in passages}
    shared = SharedFacts.of(((m.duplicate, m.kept) for m in dedupe.merges), refs, per_section)
    headings = {
        slug: HeadingKeys.of(members, slug, catalogue, spellings, assignments)
        for slug in catalogue.slugs
        if (members := by_page.get(slug))
    }
    subjects = {slug: {key[0] for key in keys.told if len(key) == 1} - _KIND_WORDS for slug, keys in headings.items()}
    pages = []
    for slug, keys in headings.items():
        conflicts = tuple(
            c for c in dedupe.conflicts if passage_page.get(c.a) == slug and credible(c, by_key[c.a], by_key[c.b])
        )
        elsewhere = frozenset().union(*(words for other, words in subjects.items() if other != slug))
        nested = nest_by_number(nest_followers(by_page[slug], numbered, keys))
        members = lift_told_elsewhere(nested, slug, catalogue, spellings, keys.keys)
        topics = build_topics(members, slug, catalogue, spellings, elsewhere, shared)
        topics = with_lost_pictures(topics, pictured.get(slug, ()), slug, catalogue, spellings)
        pages.append(ServicePage(catalogue.get(slug), topics, conflicts))
    return KnowledgeBase(dict(assignments), dedupe, tuple(pages), {p.key: p for p in passages}, refs)


COMMON_SHARE, COMMON_MIN_HEADINGS = 0.4, 8


def _common_words(keys: Sequence[tuple[str, ...]]) -> frozenset[str]:
    """The words at least `COMMON_SHARE` of a page's headings hold, where it has `COMMON_MIN_HEADINGS` or more."""
    if len(keys) < COMMON_MIN_HEADINGS:
        return frozenset()
    counts = Counter(word for key in keys for word in set(key))
    return frozenset(word for word, count in counts.items() if count >= COMMON_SHARE * len(keys))


@dataclass(frozen=True)
class HeadingKeys:
    """The topic keys of a page's headings, and which sources have a heading of each key: what `nest_followers` asks
    to place a walkthrough's steps and the headings after them.
    """

    keys: Mapping[SectionRef, tuple[str, ...]]
    told: Mapping[tuple[str, ...], frozenset[str]]
    acronyms: frozenset[str] = frozenset()
    named: frozenset[SectionRef] = frozenset()
    """Headings that name the page's service ("Amazon Aurora Overview", not "Overview")."""
    slug: str = ""
    placed: Mapping[SectionRef, Assignment] = field(default_factory=dict)
    """Every section's page (the build's assignments, shared, not copied): where the sections between two went."""
    common: frozenset[str] = frozenset()
    """Words most of the page's headings hold ("database" on the databases page): they tell no two apart."""
    titled: Mapping[SectionRef, tuple[str, ...]] = field(default_factory=dict)
    """The key of what a heading written "title: subtitle" says before its colon ("Databases on EC2: Running Databases
    on Amazon EC2 Instances")."""

    @classmethod
    def of(
        cls,
        members: Sequence[Contribution],
        slug: str,
        catalogue: Catalogue,
        spellings: Spellings,
        placed: Mapping[SectionRef, Assignment] | None = None,
    ) -> HeadingKeys:
        keys = {c.ref: topic_key(topic_heading(c, slug, catalogue), slug, catalogue, spellings) for c in members}
        told: dict[tuple[str, ...], set[str]] = {}
        for contribution in members:
            told.setdefault(keys[contribution.ref], set()).add(contribution.source)
        named = frozenset(
            c.ref for c in members if any(m.slug == slug for m in catalogue.heading_mentions(c.section.title))
        )
        told_by = {key: frozenset(sources) for key, sources in told.items()}
        placed = placed if placed is not None else {}
        titled = {
            c.ref: topic_key(_TITLE_COLON.split(c.section.title, maxsplit=1)[0], slug, catalogue, spellings)
            for c in members
            if _TITLE_COLON.search(c.section.title.strip())
        }
        common = _common_words(list(keys.values()))
        return cls(
            keys, told_by, spellings.acronyms, named, slug, placed, common, {r: k for r, k in titled.items() if k}
        )

    def whole_after_part(self, follower: Contribution, lead: Contribution) -> bool:
        """Whether a heading is about the whole service ("Amazon Aurora Overview": it names the service and nothing
        else) and the one it follows about a part of it ("1.10.11. Aurora Multi-Master Writes"): a pasted overview
        of the service, not more about that part. A bare "Overview" names nothing and stays an addition.
        """
        return follower.ref in self.named and not self.keys.get(follower.ref) and bool(self.keys.get(lead.ref))

    def about_the_whole(self, follower: Contribution, lead: Contribution) -> bool:
        """Whether a kind of section that names the page's service ("When NOT to use Amazon RDS (anti-patterns)")
        follows a heading about a part of it ("Amazon RDS Security"), shares no word of its subject, and is not right
        after it in the notes (sections between them went to other pages): it is about the whole service, not more
        about that part. The cheat sheet's
        RDS anti-patterns had read as a subsection of its RDS security (a blind review): its Aurora sections come
        between them. Right after its lead, such a heading goes on from it ("How to Work Around ACM Limitations" after
        "Services Not Directly Supported for ACM Certificates"), unless it names at most one word besides the
        service (`sums_up_the_service`).
        """
        if follower.ref not in self.named or not self.keys.get(lead.ref) or self.shares_words(follower, lead):
            return False
        return any(
            (placed := self.placed.get(SectionRef(lead.source, lead.ref.chapter, index))) is not None
            and placed.slug != self.slug
            for index in range(lead.ref.index + 1, follower.ref.index)
        )

    def side_told_elsewhere(self, step: Contribution, lead: Contribution) -> bool:
        """Whether a step is one side of what its lead compares (the lead's topic key holds the step's: "SG vs NACL"
        and "Overview of NACLs") and another source on the page has a heading about it: the step's key, or that key
        and one word more ("NACL - Stateless"). A step that says one word more is a part of it ("1. Create an
        Internet Gateway" is a step of a walkthrough, not the IGW topic). The overview's empty key tells nothing.
        """
        key, source = self.keys[step.ref], step.source
        if not key or not set(key) <= set(self.keys.get(lead.ref, ())):
            return False
        others = [k for k, sources in self.told.items() if len(k) > len(key) and sources - {source}]
        return (
            self.told.get(key, frozenset({source})) != {source} or _matching_key(key, others, self.acronyms) is not None
        )

    def continues(self, follower: Contribution, lead: Contribution) -> bool:
        """Whether a heading goes on with what the heading it follows is about: their topic keys share a word
        ("Setting TTL for CloudFront Caching" after "TTL (Time to Live) and Cache Invalidation"), and no other source
        has a heading about the follower's subject ("Signed Cookies" after "Signed URL" is a topic of its own, as
        in SAA). The overview's empty key shares nothing.
        """
        return self.shares_words(follower, lead) and not self._told_by_another_source(follower)

    def apart(self, follower: Contribution, lead: Contribution) -> bool:
        """Whether a heading is about something else than the one it follows, which another source has a heading
        about: their keys share no word ("Route 53 Health Checks" after "1.9.3. Route 53 Routing Policies
        Examples").
        """
        return not self.shares_words(follower, lead) and self._told_by_another_source(follower)

    def returns(self, follower: Contribution, own: Contribution, left: Contribution) -> bool:
        """Whether a heading after a section that took a topic of its own (`apart`) goes back to the section that one
        left: it shares no word with it, and is not itself apart from the one left ("Docker and Its Role in
        Containerization" after "Problems with Virtual Machines" goes back to "1.7.1. Intro to Containers").
        """
        return not self.shares_words(follower, own) and not self.apart(follower, left)

    def sums_up(
        self, follower: Contribution, lead: Contribution, earlier: Sequence[tuple[int, Contribution]]
    ) -> int | None:
        """Where a kind of section that names a subject ("Summary of CloudWatch Agent and Logging on EC2") goes when
        the section it follows is about less than that subject ("Costs Associated with CloudWatch Logging") and an
        earlier one of its source's run, no kind of section itself, is about all of it ("CloudWatch Agent for EC2
        Logging"): with the nearest such one, as does whatever follows it. DVA's summary of the agent and its exam
        power-up read as parts of the costs (a blind review of the CloudWatch page); the exam tips named them
        "Costs ... › Exam Power-Up". One that sums up the service (`sums_up_the_service`) goes with the nearest one
        about its one word, if it has one, else with the nearest overview.
        """
        key = set(self.keys.get(follower.ref, ()))
        if self.sums_up_the_service(follower, lead):
            about = self._nearest_about(key, earlier) if key else None
            return about if about is not None else self._nearest_about(set(), earlier)
        if len(key) < 2 or key <= set(self.keys.get(lead.ref, ())):
            return None  # one word is what such a heading is ("Facts"), not a subject it names
        return self._nearest_about(key, earlier)

    def _nearest_about(self, key: set[str], earlier: Sequence[tuple[int, Contribution]]) -> int | None:
        """The last of `earlier` about all of `key` (an empty key: an overview), no kind of section itself."""
        about = [
            n
            for n, section in earlier
            if key <= set(self.keys.get(section.ref, ()))
            and (key or not self.keys.get(section.ref))
            and not is_generic(section.section.title)
        ]
        return about[-1] if about else None

    def sums_up_the_service(self, follower: Contribution, lead: Contribution) -> bool:
        """Whether a kind of section names the page's service and at most one word more, none of the section it
        follows: it sums up the service, and goes with the run's overview, as does what follows it (DVA's "When to
        Use Amazon ECR", "Summary" and "Exam Power-Up" after "Security and Permissions"); with no overview in its run,
        it is a section of its own ("Summary of Aurora Features" after "1.10.11. Aurora Multi-Master Writes", a
        blind review: the exam tips named its power-up "Aurora Multi-Master Writes › Exam PowerUps"). A word that
        ranks the aspects it names (`_RANKING`: "Summary of DMS Key Features") is no word more.
        """
        key, led = set(self.keys.get(follower.ref, ())), set(self.keys.get(lead.ref, ()))
        told = key - _RANKING if key - _RANKING <= _ASPECTS else key
        return follower.ref in self.named and len(told) <= 1 and bool(led) and not key & led

    def shares_words(self, follower: Contribution, lead: Contribution) -> bool:
        """Whether two headings share a word other than the page's `common` ones, or have one key."""
        mine, theirs = set(self.keys.get(follower.ref, ())), set(self.keys.get(lead.ref, ()))
        return bool((mine & theirs) - self.common) or bool(mine and mine == theirs)

    def _told_by_another_source(self, contribution: Contribution) -> bool:
        """Whether another source has a heading of this one's key, or of its title's before a colon."""
        others = [k for k, sources in self.told.items() if sources - {contribution.source}]
        for key in (self.keys.get(contribution.ref, ()), self.titled.get(contribution.ref, ())):
            if key and (key in others or _matching_key(key, others, self.acronyms) is not None):
                return True
        return False

    def goes_back(self, follower: Contribution, walkthrough: Contribution, earlier: Contribution) -> bool | None:
        """Whether a heading after a walkthrough's steps goes with the heading before the walkthrough (True), with
        the walkthrough (False) or with whichever it follows now (None). Back when it names all that heading is
        about and not all the walkthrough is ("When to Use IAM Roles", after "Defining an IAM Role for EC2 and Lambda
        to Access S3" and its steps, belongs with "What Are IAM Roles?"); with the walkthrough when it names all the
        walkthrough is about ("DNS Server Architecture (In Summary)"). The overview's empty key tells nothing.
        """
        mine = set(self.keys.get(follower.ref, ()))
        before, led = set(self.keys.get(earlier.ref, ())), set(self.keys.get(walkthrough.ref, ()))
        if led and led <= mine:
            return False
        if before and before <= mine:
            return True
        return None


def credible(conflict: Conflict, a: Passage, b: Passage) -> bool:
    """Whether a detected disagreement is worth a callout on the page (every one is listed in the build report).

    Measured on the real notes, most flagged pairs are two parallel facts (Glacier classes, public vs private
    zones), not a contradiction. Shown: two short statements about mostly the same words that differ in a number
    that is not a year, or where one negates the other about at least two shared terms; and every limit told two
    ways or count of kinds told two ways (`disputes`), which is judged sentence by sentence with what frames each
    sentence, every service said to work with the page's and denied (`support`), judged line by line, and every
    subject given opposite sides of a worded property (`contrasts`), judged against each source's own subjects, and
    every table cell that affirms what a sentence denies (`tablerows.denied_cells`), judged sentence by sentence, and
    every count of kinds a list of another source names more of (`listcounts`), judged against the list's title.
    """
    kind, _, detail = conflict.why.partition(":")
    if kind in ("told", "counted", "listed", "support", "contrast", "table"):
        return True
    words_a, words_b = set(tokens(a.text)), set(tokens(b.text))
    if len(words_a) > CREDIBLE_WORDS or len(words_b) > CREDIBLE_WORDS:
        return False
    if len(words_a & words_b) < CREDIBLE_OVERLAP * len(words_a | words_b):
        return False
    if kind == "negation":
        return len([w for w in detail.split(",") if w.strip()]) >= 2
    if kind in ("number", "limit"):
        return not _YEAR.search(detail)
    return False


def _without_merged_tree(node: Contribution, merged: Mapping[str, str]) -> Contribution | None:
    """A contribution with merged passages removed throughout; None when nothing is left to show."""
    children = tuple(c for c in (_without_merged_tree(c, merged) for c in node.children) if c is not None)
    pruned = replace(node, blocks=without_merged(node.blocks, merged), children=children)
    return None if pruned.is_empty() else pruned
