"""Which catalogue page every section of a source belongs on: a pure function of the model and the catalogue.

The signals, strongest first: a contributor's override; a heading that is itself a catalogue heading ("Other");
the services a heading names (a rule-assigned sub-topic such as "Security Groups" first, then whichever named service
continues the surrounding topic, then the first named); for a heading that names nothing ("Summary", "Exam Power-Up",
"문제"), the services its text names weighed against the topic it sits in (its parent) and the topic it follows (the
last sibling whose heading named a service, as flat notes put a summary *after* its topic, not under it). A chapter
title that names no service takes what its sections agree on. No configuration is needed for a new notebook.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .catalogue import Catalogue, Mention, clean_heading
from .model import Block, Callout, Code, ListBlock, Paragraph, Quiz, ScreenshotText, Section, SourceTree, Table

GENERAL = "general"
CONTEXT_WEIGHT = 3
CONTENT_CAP = 6
QUIZ_SHARE = 0.5
CHILD_AGREEMENT = 2 / 3
_QUIZ_TITLE = re.compile(r"^(?:문제|quiz|questions?|practice questions?|sample questions?)$", re.IGNORECASE)
_ENUMERATED = re.compile(r"^\s*(?:\d+(?:\.\d+)?\.?\s|\d+\)|step\s+\d+\b)", re.IGNORECASE)
KINDS = re.compile(r"\b(?:types|modes|options|kinds|classes|tiers|models|families|flavou?rs)\b", re.IGNORECASE)
"""A heading that lists the kinds of something ("1.7.3. ECS Cluster Types"): a subsection is one of them."""
_REQUIREMENTS = re.compile(r"^requirements?\W*$", re.IGNORECASE)
"""The first part of a case study ("3. MyTodoList Mobile App" → "Requirements:", then how each is met)."""
_EXAMPLE = re.compile(r"^\s*(?:example|for example|e\.g\.)\b", re.IGNORECASE)
_ILLUSTRATES = re.compile(r"^\s*(?:examples?|example usage|explanation|sample)\b", re.IGNORECASE)
_QUALIFIER = re.compile(
    r"\b(?:on|in|with|via|for|to|from|into|through|using|inside|across|behind|by)\s+(?:(?:an?|the)\s+)?$",
    re.IGNORECASE,
)
_COMPARISON = re.compile(r"\bvs\.?\b|\bversus\b|차이|[,&+/]")
_ACTION = re.compile(r"^\W*[A-Z][a-z]+ing\s+$")
"""What comes before a heading's first name when the heading says what is done to it: "Invoking "."""
_SETTING = re.compile(r"^\s+(?:from|with|via|by|in|into|for|to|across|on)\b", re.IGNORECASE)
"""What comes after that name when the names after it say where or with what ("Lambda from RDS & Aurora")."""
CHAPTER_MANY = 4
ODD_ONE_WORDS = 3
"""The longest heading `_odd_one_out` reads as one of its parent's parts ("Lambda Function"), not a topic."""


@dataclass(frozen=True, order=True, slots=True)
class SectionRef:
    """A section: its chapter's index in the source and its index in `walk_sections((chapter,))`."""

    source: str
    chapter: int
    index: int


@dataclass(frozen=True, slots=True)
class Assignment:
    """The page a section goes to, with a short reason a person can check."""

    ref: SectionRef
    slug: str
    why: str


@dataclass(frozen=True)
class _Context:
    parent: str
    parent_title: str
    previous: str | None
    previous_title: str
    parent_is_chapter: bool = False
    sibling: tuple[str, str] | None = None
    """The previous subsection of the same parent: its page and its heading."""


def section_text(blocks: Iterable[Block]) -> str:
    """All prose of a section's own blocks (not its subsections), one string to scan for service names."""
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, (Paragraph, Code, ScreenshotText)):
            parts.append(block.text)
        elif isinstance(block, ListBlock):
            for item in block.items:
                parts.append(item.text)
                parts.append(section_text(item.children))
        elif isinstance(block, Table):
            parts.extend(block.header)
            parts.extend(cell for row in block.rows for cell in row)
        elif isinstance(block, Callout):
            parts.append(block.title)
            parts.append(section_text(block.blocks))
        elif isinstance(block, Quiz):
            parts.append(block.question)
            parts.extend(option.text for option in block.options)
            parts.append(block.answer)
    return "\n".join(parts)


def classify(
    source: str, tree: SourceTree, catalogue: Catalogue, overrides: Mapping[str, str]
) -> dict[SectionRef, Assignment]:
    """Every section of `tree` → its page. `overrides` maps a heading title or "Chapter > Section" path to a slug."""
    classifier = _Classifier(source, catalogue, overrides)
    for number, chapter in enumerate(tree.chapters):
        classifier.chapter(number, chapter)
    return classifier.result


def _acted_on(title: str, mentions: Sequence[Mention]) -> Mention | None:
    """The service a heading acts on, when it says so first and names the others as where it happens: "Invoking
    Lambda from RDS & Aurora" is about Lambda, not a comparison of three services.
    """
    text = clean_heading(title)
    first = mentions[0]
    if _ACTION.match(text[: first.start]) and _SETTING.match(text[first.end :]):
        return first
    return None


class _Classifier:
    """Walks one source in document order, keeping the topic context each decision needs."""

    def __init__(self, source: str, catalogue: Catalogue, overrides: Mapping[str, str]) -> None:
        self.source = source
        self.catalogue = catalogue
        self.overrides = {_key(k): v for k, v in overrides.items()}
        self.result: dict[SectionRef, Assignment] = {}
        self._silent: dict[tuple[str, str], bool] = {}  # a named topic → whether its heading held no text
        self._index = 0
        self._chapter = 0

    def chapter(self, number: int, chapter: Section) -> None:
        self._chapter, self._index = number, 0
        ref = self._next_ref()
        slug, why = self._override((chapter.title,)) or self._chapter_slug(chapter)
        self.result[ref] = Assignment(ref, slug, why)
        self._children(chapter, (chapter.title,), slug, is_chapter=True)

    def _next_ref(self) -> SectionRef:
        ref = SectionRef(self.source, self._chapter, self._index)
        self._index += 1
        return ref

    def _children(self, parent: Section, path: tuple[str, ...], parent_slug: str, is_chapter: bool = False) -> None:
        """Sections in order; in a chapter's flat run a generic heading also follows the last named topic."""
        previous: tuple[str, str] | None = None
        sibling: tuple[str, str] | None = None
        decided_by_heading: list[tuple[SectionRef, Section]] = []
        case_study = not is_chapter and _is_case_study(parent)
        for child in parent.children:
            ref = self._next_ref()
            listed = parent_slug == GENERAL and _ENUMERATED.match(child.title)
            follows = previous if is_chapter and not listed and self._goes_on(previous, child) else None
            previous_slug, previous_title = follows or (None, "")
            context = _Context(parent_slug, parent.title, previous_slug, previous_title, is_chapter, sibling)
            child_path = (*path, child.title)
            decided = self._override(child_path)
            named = False
            if decided is None and case_study:
                decided = parent_slug, f"part of the case study {parent.title!r}, which lists its requirements"
            if decided is None:
                decided, named = self._section_slug(child, context)
                if named or decided[0] == parent_slug:
                    decided_by_heading.append((ref, child))
            slug, why = decided
            self.result[ref] = Assignment(ref, slug, why)
            sibling = (slug, child.title)
            if named and not _ENUMERATED.match(child.title) and not _EXAMPLE.match(child.title):
                previous = (slug, child.title)
                self._silent[previous] = not child.children and not section_text(child.blocks).strip()
            self._children(child, child_path, slug)
        if not is_chapter:
            self._odd_one_out(parent, parent_slug, decided_by_heading)

    def _goes_on(self, previous: tuple[str, str] | None, child: Section) -> bool:
        """Whether a section may go on with the last named topic: not when that topic's heading held no text (its
        picture dropped: "API Gateway – AWS Service Integration Kinesis Data Streams example") and the section is
        no step under it. The Udemy notes' "Caching Strategies", on CloudFront and S3, had followed it onto API
        Gateway's page.
        """
        return previous is None or not self._silent.get(previous) or bool(_ENUMERATED.match(child.title))

    def _odd_one_out(self, parent: Section, parent_slug: str, children: list[tuple[SectionRef, Section]]) -> None:
        """Of three or more subsections that stay with the parent's service, one short leaf heading that names
        another service is one of the parts the parent lists: the Udemy notes' "API Gateway – Integrations High
        Level" lists "**Lambda Function**", "**HTTP**" and "**AWS Service**", and the first had gone to the Lambda
        page, leaving API Gateway's list of integrations without it. Not where the parent names that service.
        """
        if len(children) < 3 or not self._is_service(parent_slug):
            return
        odd = [(ref, child) for ref, child in children if self.result[ref].slug != parent_slug]
        if len(odd) != 1:
            return
        ref, child = odd[0]
        slug = self.result[ref].slug
        named_by_parent = {m.slug for m in self._mentions(parent.title)}
        by_rule = any(m.slug == slug and m.subtopic for m in self._mentions(child.title))  # SGs live on VPC's page
        short = len(clean_heading(child.title).split()) <= ODD_ONE_WORDS
        if short and not child.children and slug not in named_by_parent and not by_rule:
            why = f"one of the {len(children)} parts {parent.title!r} lists, the others {self._name(parent_slug)}'s"
            self.result[ref] = Assignment(ref, parent_slug, why)

    def _override(self, path: tuple[str, ...]) -> tuple[str, str] | None:
        for key in (" > ".join(path), path[-1]):
            slug = self.overrides.get(_key(key))
            if slug is not None:
                return slug, f"override in source.yml for {key!r}"
        return None

    def _mentions(self, title: str) -> list[Mention]:
        return self.catalogue.heading_mentions(title)

    def _services(self, mentions: list[Mention], weak: bool) -> list[str]:
        """Distinct slugs in order of first mention (strong names only, or weak ones only)."""
        out: list[str] = []
        for mention in mentions:
            if mention.weak == weak and mention.slug not in out:
                out.append(mention.slug)
        return out

    def _chapter_slug(self, chapter: Section) -> tuple[str, str]:
        """A chapter title: one or a few services → the first; many → general; none → what its sections agree on."""
        whole = self.catalogue.heading_slug(chapter.title)
        if whole:
            return whole, f"heading {chapter.title!r} is a catalogue heading"
        mentions = self._mentions(chapter.title)
        strong = self._services(mentions, weak=False)
        services = [s for s in strong if self._is_service(s)]
        if len(services) >= CHAPTER_MANY:
            return GENERAL, f"chapter title names {len(services)} services"
        if services:
            return services[0], f"chapter title names {self._name(services[0])}"
        agreed = self._children_agree(chapter)
        if strong and not (agreed and not self._is_service(agreed)):
            return strong[0], f"chapter title names {self._name(strong[0])}"
        if agreed:
            return agreed, f"its sections are about {self._name(agreed)}"
        weak = self._services(mentions, weak=True)
        if weak:
            return weak[0], f"chapter title names {self._name(weak[0])}"
        content = self._content(chapter)
        top = content.most_common(1)
        if top and top[0][1] >= CONTEXT_WEIGHT:
            return top[0][0], f"content mentions {self._name(top[0][0])} {top[0][1]}×"
        return GENERAL, "chapter title names no service"

    def _children_agree(self, chapter: Section) -> str | None:
        votes = Counter(m[0].slug for c in chapter.children if (m := self._mentions(c.title)))
        total = sum(1 for c in chapter.children if self._mentions(c.title))
        if total < 3:
            return None
        slug, count = votes.most_common(1)[0]
        return slug if count / total >= CHILD_AGREEMENT else None

    def _section_slug(self, section: Section, context: _Context) -> tuple[tuple[str, str], bool]:
        """(slug, why), and whether the heading itself named the service (it then sets the topic for what follows)."""
        whole = self.catalogue.heading_slug(section.title)
        if whole:
            return (whole, f"heading {section.title!r} is a catalogue heading"), True
        if _QUIZ_TITLE.match(clean_heading(section.title)):
            return self._quiz(section, context), False
        mentions = self._qualified(section.title, self._mentions(section.title))
        strong = self._services(mentions, weak=False)
        if context.parent == GENERAL and _ENUMERATED.match(section.title) and not any(map(self._is_service, strong)):
            return (GENERAL, f"item of the general list {context.parent_title!r}"), False
        if strong and not self._yields(strong, context):
            return self._named(mentions, strong, context, section.title), True
        weak = self._services(mentions, weak=True) or strong
        if weak:
            flat = context.previous is not None and context.parent != GENERAL
            if flat and context.parent in weak and context.previous not in weak:
                flat = False  # "Origin Types in CloudFront" in the CloudFront chapter, after a Route 53 topic
            topic, topic_title = (
                (context.previous or "", context.previous_title)
                if flat
                else (
                    context.parent,
                    context.parent_title,
                )
            )
            if self._is_service(topic):
                return (topic, f"heading names {self._name(weak[0])} only in passing; topic {topic_title!r}"), False
            return (weak[0], f"heading names {self._name(weak[0])}"), True
        return self._generic(section, context), False

    def _qualified(self, title: str, mentions: list[Mention]) -> list[Mention]:
        """Names that only qualify the heading are weak: in parentheses ("NoChangeNotification (EventBridge)") or
        after a preposition ("Export to S3", "Geolocation Security in CloudFront"), with every name after it.
        """
        text = clean_heading(title)
        out: list[Mention] = []
        qualified = False
        for m in mentions:
            before = text[: m.start]
            qualified = qualified or bool(_QUALIFIER.search(before)) or before.count("(") > before.count(")")
            out.append(Mention(m.slug, m.start, m.end, m.alias, m.subtopic, m.weak or qualified))
        return out

    def _yields(self, strong: list[str], context: _Context) -> bool:
        """Concept areas named under a service topic ("RPO" under "RDS Backup") stay with that topic."""
        areas_only = all(not self._is_service(s) for s in strong)
        return areas_only and self._is_service(context.parent) and not context.parent_is_chapter

    def _named(self, mentions: list[Mention], strong: list[str], context: _Context, title: str) -> tuple[str, str]:
        named = self._services(mentions, weak=False) + self._services(mentions, weak=True)
        services = list(dict.fromkeys(s for s in named if self._is_service(s)))
        first = mentions[0]
        parent = context.parent
        if len(services) >= 3:
            if parent in services:
                return parent, f"heading compares {len(services)} services, in {context.parent_title!r}"
            headed = self._name_before_dash(title)
            if headed is not None:
                return headed, f"heading is {self._name(headed)}, then what it works with"
            acted_on = _acted_on(title, mentions)
            if acted_on is not None and self._is_service(acted_on.slug):
                return acted_on.slug, f"heading acts on {acted_on.alias}"
            if _COMPARISON.search(title):
                return GENERAL, f"heading names {len(services)} services"
        if first.weak and first.slug == parent:
            return parent, f"heading names {first.alias}, in {context.parent_title!r}"
        example = _EXAMPLE.match(clean_heading(title)) is not None
        if example and self._is_service(parent) and any(m.slug == parent for m in mentions):
            return parent, f"example of {context.parent_title!r}, which it names"  # "... CloudFront Logs in CloudTrail"
        first = next(m for m in mentions if not m.weak)
        if first.subtopic:
            return first.slug, f"heading names {first.alias} ({self._name(first.slug)} topic)"
        if (
            (_ENUMERATED.match(title) or KINDS.search(context.parent_title))
            and not context.parent_is_chapter
            and self._is_service(parent)
            and parent not in strong
        ):
            return parent, f"item of {context.parent_title!r}"
        alternative_to = self._alternative_to(title, context, strong)
        if alternative_to:
            return parent, f"alternative to {alternative_to!r}, in {context.parent_title!r}"
        if self._is_step(title, context, strong) and not _only_names(title, mentions):
            return context.previous or parent, f"step of {context.previous_title!r}"
        subject = self._after_dash(title, parent)  # before a comparison: "VPC Connectivity – DX + VPN" is DX's
        if subject:
            return subject, f"heading names {self._name(subject)} under a {self._name(parent)} heading"
        comparison = _COMPARISON.search(title) is not None
        if comparison and any(m.slug == parent and not m.weak and not m.subtopic for m in mentions):
            return parent, f"heading compares {self._name(parent)} with another service, in {context.parent_title!r}"
        if not comparison and context.previous in strong:
            return (
                context.previous,
                f"heading names {self._name(context.previous)}, continuing {context.previous_title!r}",
            )
        return strong[0], f"heading names {self._name(strong[0])}"

    def _alternative_to(self, title: str, context: _Context, strong: list[str]) -> str:
        """The heading of the subsection before this one, which stayed with the parent's service, if this one names
        another service but is the same kind of thing: the parent weighs the two ("DynamoDB Streams", then "Kinesis
        Data Streams (newer)", under "DynamoDB – Stream Processing"), and moved to Kinesis the second left
        DynamoDB's comparison one-sided. Not where the parent names that service too ("Aurora Backups" after "RDS
        Backups", under "RDS & Aurora Backup & Monitoring"): that parent covers both.
        """
        if context.sibling is None or context.parent_is_chapter:
            return ""
        slug, heading = context.sibling
        alternative = (
            slug == context.parent
            and self._is_service(context.parent)
            and context.parent not in strong
            and _kind_word(title) == _kind_word(heading) != ""
            and not set(strong) & {m.slug for m in self._mentions(context.parent_title)}
        )
        return heading if alternative else ""

    def _is_step(self, title: str, context: _Context, strong: list[str]) -> bool:
        """A numbered heading in a chapter's flat run, under the topic it continues (a walkthrough's "2. ..."),
        that does not name that topic's service: it is a step of that topic, whatever service it names on its way.
        """
        previous = context.previous
        flat = _ENUMERATED.match(title) is not None and context.parent_is_chapter
        return flat and previous is not None and previous not in strong and self._is_service(previous)

    def _name_before_dash(self, title: str) -> str | None:
        """The service a heading is, when its part before a dash is that service's name alone and the names after
        the dash say what it works with: "AWS Transfer Familiy - S3 & EFS", "AWS DataSync - S3, FSx, EFS(Not EBS)".
        """
        parts = re.split(r"\s[–-]\s?", clean_heading(title), maxsplit=1)
        if len(parts) < 2:
            return None
        head = parts[0].strip()
        mentions = self.catalogue.heading_mentions(head)
        whole = len(mentions) == 1 and mentions[0].start == 0 and mentions[0].end >= len(head)
        return mentions[0].slug if whole and self._is_service(mentions[0].slug) else None

    def _after_dash(self, title: str, parent: str) -> str | None:
        """A service after a dash is the subject when the part before it is the topic plus a word.

        "VPC Connectivity – AWS Direct Connect": the part before the dash is the surrounding topic plus a word,
        so the service after it is the subject ("Amazon ECS – Load Balancers" keeps ECS: its head is only a name).
        """
        parts = re.split(r"\s[–-]\s?", clean_heading(title), maxsplit=1)
        if len(parts) < 2:
            return None
        head, tail = parts
        head_mentions = self.catalogue.heading_mentions(head)
        if {m.slug for m in head_mentions} != {parent}:
            return None
        if len(head_mentions) == 1 and head_mentions[0].start == 0 and head_mentions[0].end >= len(head.strip()):
            return None
        tail_strong = [m.slug for m in self.catalogue.heading_mentions(tail) if not m.weak and m.slug != parent]
        return tail_strong[0] if tail_strong and self._is_service(tail_strong[0]) else None

    def _generic(self, section: Section, context: _Context) -> tuple[str, str]:
        """A heading that names nothing: its text's services against the topics it sits in and follows.

        An example, its explanation or use case illustrates its parent's topic, whatever services the example uses: a
        CloudFormation template of an EC2 instance and its VPC is CloudFormation's; and so do the example's parts (the
        "Deploy Stage" of DVA's "5. Example: Full CI/CD Pipeline with AWS" had gone to CodeDeploy's page, leaving the
        pipeline without its last stage). A service its parent's heading
        named and was judged not to be about does not count: "Key Responsibilities"
        under "1. EC2 Launch Type (ECS on EC2)" speaks of EC2 instances because its parent does, and stays on ECS.
        (A chapter's title names several services on purpose: there the text still decides.)
        """
        if not context.parent_is_chapter and context.parent != GENERAL:
            if _ILLUSTRATES.match(section.title):
                return context.parent, f"illustrates {context.parent_title!r}"
            if _EXAMPLE.match(_ENUMERATED.sub("", clean_heading(context.parent_title), count=1)):
                return context.parent, f"a part of the example {context.parent_title!r}"
        scores: Counter[str] = Counter({s: min(n, CONTENT_CAP) for s, n in self._content(section).items()})
        if not context.parent_is_chapter:
            for mention in self._mentions(context.parent_title):
                if mention.slug != context.parent:
                    scores.pop(mention.slug, None)
        raw = dict(scores)
        if context.previous:
            scores[context.previous] += CONTEXT_WEIGHT
        scores[context.parent] += CONTEXT_WEIGHT
        order = [context.previous, context.parent]
        best = max(scores.items(), key=lambda item: (item[1], item[0] in order, -_rank(order, item[0])))[0]
        if raw.get(best, 0) > 0 and best not in order:
            if self._an_aspect_of(best, context):
                return context.parent, f"its {self._name(best)} words are an aspect of {context.parent_title!r}"
            return best, f"content mentions {self._name(best)} {raw[best]}×"
        if best == context.previous and best != context.parent:
            return best, f"follows {context.previous_title!r}"
        return best, f"inherits from {context.parent_title!r}"

    def _an_aspect_of(self, area: str, context: _Context) -> bool:
        """Whether a concept area the text names is only an aspect of the section it sits in, whose heading names a
        service: DVA's "Restoring from a Snapshot", under "RDS Restore Process", says RPO and RTO six times and RDS
        twice, and had gone to the disaster recovery page, leaving RDS's backups without their restore (a blind
        review).
        """
        if self.catalogue.get(area).kind != "area" or context.parent_is_chapter or not self._is_service(context.parent):
            return False
        return any(mention.slug == context.parent for mention in self._mentions(context.parent_title))

    def _quiz(self, section: Section, context: _Context) -> tuple[str, str]:
        """A quiz takes the one topic it tests; a quiz across topics is general."""
        content = self._content(section)
        total = sum(content.values())
        if total:
            slug, count = content.most_common(1)[0]
            if count / total >= QUIZ_SHARE:
                return slug, f"quiz about {self._name(slug)} ({count} of {total} mentions)"
        if not total and context.parent != GENERAL:
            return context.parent, f"quiz inherits from {context.parent_title!r}"
        return GENERAL, "quiz across several services"

    def _content(self, section: Section) -> Counter[str]:
        counts: Counter[str] = Counter()
        for mention in self.catalogue.mentions(section_text(section.blocks)):
            if self.catalogue.get(mention.slug).kind != "general":
                counts[mention.slug] += 1
        return counts

    def _is_service(self, slug: str) -> bool:
        return slug in self.catalogue and self.catalogue.get(slug).kind == "service"

    def _name(self, slug: str) -> str:
        return self.catalogue.get(slug).short


def _is_case_study(section: Section) -> bool:
    """A case study opens with its requirements, and its other parts meet them: they stay on its page, since the
    answer to "users should access their own folder in S3" ("Giving Users Access to S3": Cognito) away from the
    requirement reads as a quiz without its question, and the case study as one without its answers.
    """
    return bool(section.children) and _REQUIREMENTS.match(clean_heading(section.children[0].title)) is not None


def _only_names(title: str, mentions: Sequence[Mention]) -> bool:
    """Whether a heading says nothing but names ("4. Systems Manager Session Manager (No SSH/RDP)"): an option of a
    list, about the service it names, not a step that names a service on its way ("1. EC2 Instance's Private IP").
    """
    text = clean_heading(title)
    for mention in sorted(mentions, key=lambda m: -m.start):
        text = text[: mention.start] + " " + text[mention.end :]
    text = _ENUMERATED.sub("", _PARENTHESES.sub(" ", text))
    return not _CONTENT_WORD.search(text)


_PARENTHESES = re.compile(r"\([^()]*\)")
_CONTENT_WORD = re.compile(r"[^\W\d_]{2,}")


def _rank(order: list[str | None], slug: str) -> int:
    return order.index(slug) if slug in order else len(order)


def _key(text: str) -> str:
    """Override keys compare without case, extra spaces or heading glyphs."""
    return " > ".join(" ".join(clean_heading(part).split()).casefold() for part in text.split(">"))


def _kind_word(title: str) -> str:
    """The last word of a heading, a note in brackets aside, singular: what kind of thing it names ("streams")."""
    words = re.findall(r"[a-z0-9]+", _BRACKETS.sub(" ", clean_heading(title)).casefold())
    return words[-1].removesuffix("s") if words else ""


_BRACKETS = re.compile(r"\([^()]*\)")
