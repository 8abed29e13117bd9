"""Practice questions: every quiz block of the notes, by service, on one self-test page.

The quizzes are the readers' `Quiz` blocks (the Korean notebook's `### 문제` sections, the DVA notes' sample MCQs and
pasted Q./ChatGPT answers). They are rendered as on their service page (options shown, the answer folded until
opened), numbered through the page, with a line back to where each stands. A question on the general page (a quiz
section after a chapter on several services) is listed under the service it asks about (`_asked_about`), and each
service page with questions ends with a list of them (`service_practice_section`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .advice import plain_note
from .catalogue import Catalogue
from .classify import GENERAL, SectionRef
from .examtips import anchor_of, back_links, ending_section, site_map, with_ending_sections
from .kbpages import SiteMap, service_group_heading
from .knowledge import Contribution, KnowledgeBase, ServicePage, Topic
from .links import relative_to_page
from .model import Block, Callout, ListBlock, Quiz
from .pages import SitePage
from .render import QUIZ_OPENING, render_block, render_title, shortened

if TYPE_CHECKING:
    from .pipeline import Build

PRACTICE_PAGE = "practice.md"
PRACTICE_ANCHOR = "practice-questions"
"""The section ending a service page that lists its practice questions: kept out of the search index, since each
question's words are indexed where it stands."""
EXCERPT_CHARS = 120
"""The first characters of a question listed on its service page: a scenario's opening, enough to recognise it."""


@dataclass(frozen=True)
class Question:
    """A quiz as shown on a service page, with where it stands."""

    page: ServicePage
    topic: Topic
    contribution: Contribution
    quiz: Quiz
    listed: ServicePage
    """The service it is listed under on the practice page: its own page's, or for a question on the general page
    the service it asks about."""

    @property
    def label(self) -> str:
        own = self.contribution.section.title.strip()
        return self.topic.title if own == self.topic.title else f"{self.topic.title} › {own}"


def _quizzes(blocks: tuple[Block, ...]) -> Iterator[Quiz]:
    """Quiz blocks in document order, also inside callouts and list items."""
    for block in blocks:
        if isinstance(block, Quiz):
            yield block
        elif isinstance(block, Callout):
            yield from _quizzes(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from _quizzes(item.children)


def collect_questions(kb: KnowledgeBase, catalogue: Catalogue) -> list[Question]:
    """Every quiz on the service pages, by the service it is listed under in catalogue order, then in page order."""
    pages = {page.service.slug: page for page in kb.pages}
    questions = [
        Question(
            page, topic, node, quiz, _asked_about(quiz, catalogue, pages) if page.service.slug == GENERAL else page
        )
        for page in kb.pages
        for topic in page.topics
        for root in topic.contributions
        for node in root.walk()
        for quiz in _quizzes(node.blocks)
    ]
    order = {slug: n for n, slug in enumerate(pages)}
    return sorted(questions, key=lambda question: order[question.listed.service.slug])


def _asked_about(quiz: Quiz, catalogue: Catalogue, pages: Mapping[str, ServicePage]) -> ServicePage:
    """The service a question names most in its wording, its right options (twice: the answer is what it asks for)
    and its explanation; on a tie, the one its right options name most, then the one it names first. A student
    found 20 of the 35 questions under "General": the Korean notebook's quiz sections follow chapters on several
    services ("문제" after Serverless), so they sit on the general page, while each asks about one (Lambda@Edge,
    DynamoDB TTL, Cognito).
    """
    right = " ".join(option.text for option in quiz.options if option.correct)
    in_right = Counter(m.slug for m in catalogue.mentions(right))
    named = Counter(m.slug for m in catalogue.mentions(" ".join((quiz.question, right, quiz.answer)))) + in_right
    first = {m.slug: n for n, m in reversed(list(enumerate(catalogue.mentions(quiz.question))))}
    candidates = [slug for slug in named if slug in pages and slug != GENERAL]
    if not candidates:
        return pages[GENERAL]
    best = min(candidates, key=lambda slug: (-named[slug], -in_right[slug], first.get(slug, len(first)), slug))
    return pages[best]


_NUMBERED = re.compile(r"^\s*(\*\*)?(?:Question|Q)\s*\.?\s*\d+\s*[:.)]\s*(\*\*)?\s*", re.IGNORECASE)
"""A question's own number in its notebook ("Question 7: ...", "**Question 7:** ..."): each quiz section counts from
1, so on one page the numbers repeat and skip; the page numbers its questions itself. A bold closes after the number
only if one opened before it: "Question 10: **누군가가 ... 위반**하게" kept its bold's closer alone, shown as
asterisks (a scan of the built site); "**Question 7: Which ...**" keeps its opener."""


def without_number(question: str) -> str:
    """The question without its notebook's number, bold as written (`_NUMBERED`)."""

    def kept(match: re.Match[str]) -> str:
        opened, closed = match.group(1), match.group(2)
        return "" if bool(opened) == bool(closed) else "**"

    return _NUMBERED.sub(kept, question, count=1)


def _numbered(lines: list[str], number: int, total: int) -> list[str]:
    """A rendered quiz titled with its number on the page."""
    return [QUIZ_OPENING.replace("Practice question", f"Question {number} of {total}"), *lines[1:]]


def render_practice_page(questions: list[Question], site: SiteMap, anchors: Mapping[SectionRef, str]) -> SitePage:
    """`practice.md`: the questions grouped by service, each followed by a link back to where it stands."""
    lines = [
        "# Practice questions",
        "",
        f"{len(questions)} questions from the notes, by service. Read the question, decide, then open "
        "**Answer** to check yourself.",
    ]
    current = ""
    for number, question in enumerate(questions, 1):
        slug = question.listed.service.slug
        if slug != current:
            current = slug
            count = sum(1 for q in questions if q.listed.service.slug == slug)
            lines += service_group_heading(question.listed, count, "question", PRACTICE_PAGE)
        where = back_links(
            question.contribution.ref, question.page, question.label, question.quiz.span, site, anchors, PRACTICE_PAGE
        )
        quiz = replace(question.quiz, question=without_number(question.quiz.question))
        lines += ["", *_numbered(render_block(quiz), number, len(questions)), "", where]
    if not questions:
        lines += ["", "The notes hold no practice question."]
    return SitePage.of(PRACTICE_PAGE, "Practice questions", "\n".join(lines) + "\n")


def service_practice_section(
    page: ServicePage, markdown: str, questions: list[Question], anchors: Mapping[SectionRef, str]
) -> list[str]:
    """The "Practice questions" section ending a service page: the questions listed under its service, each with the
    first words of its question and a link to where it stands. Why: most questions stand on the general page (the
    Korean notebook's quiz after a chapter on several services), so DynamoDB's page named its export-to-S3 and TTL
    questions nowhere, only a third one where DynamoDB is a wrong answer, under "Mentioned in" (a blind review).
    """
    mine = [q for q in questions if q.listed.service.slug == page.service.slug]
    if not mine:
        return []
    uri = page.src_uri
    everything = relative_to_page(f"{PRACTICE_PAGE}#{page.service.slug}", uri)
    count = f"{len(mine)} practice question{'s' if len(mine) != 1 else ''}"
    lines = ending_section(
        markdown,
        "Practice questions",
        PRACTICE_ANCHOR,
        f"{count} of the notes ask{'s' if len(mine) == 1 else ''} about this service. "
        f"Try {'them' if len(mine) != 1 else 'it'} with the answer folded: [Practice questions]({everything}).",
    )
    for question in mine:
        anchor = anchor_of(question.contribution.ref, anchors)
        here = question.page.service.slug == page.service.slug
        target = ("" if here else relative_to_page(question.page.src_uri, uri)) + (f"#{anchor}" if anchor else "")
        name = question.page.service.short or question.page.service.title
        label = render_title(question.label if here else f"{name} › {question.label}")
        asked = render_title(shortened(plain_note(without_number(question.quiz.question)), EXCERPT_CHARS))
        lines.append(f"- {asked} · [{label}]({target})" if target else f"- {asked} · {label}")
    return lines


def add_practice(build: Build) -> Build:
    """Stage: the "Practice questions" page, and on each service page with questions a section listing them, after
    its exam tips (related services and backlinks come after it).
    """
    assert build.knowledge is not None and build.catalogue is not None
    questions = collect_questions(build.knowledge, build.catalogue)
    pages = with_ending_sections(
        build, lambda service, markdown: service_practice_section(service, markdown, questions, build.service_anchors)
    )
    pages.append(render_practice_page(questions, site_map(build), build.service_anchors))
    return replace(build, pages=tuple(pages))
