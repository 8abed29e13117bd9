"""Practice questions: every quiz block of the notes, by service, on one self-test page.

The quizzes are the readers' `Quiz` blocks (the Korean notebook's `### 문제` sections, the DVA notes' sample MCQs and
pasted Q./ChatGPT answers). They are rendered exactly as on their service page (options shown, the answer folded
until opened), with a line back to where each stands.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .classify import SectionRef
from .examtips import back_links
from .kbpages import SiteMap, service_group_heading
from .knowledge import Contribution, KnowledgeBase, ServicePage, Topic
from .model import Block, Callout, ListBlock, Quiz
from .pages import SitePage
from .render import render_block

if TYPE_CHECKING:
    from .pipeline import Build

PRACTICE_PAGE = "practice.md"


@dataclass(frozen=True)
class Question:
    """A quiz as shown on a service page, with where it stands."""

    page: ServicePage
    topic: Topic
    contribution: Contribution
    quiz: Quiz

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


def collect_questions(kb: KnowledgeBase) -> list[Question]:
    """Every quiz on the service pages, by service in catalogue order, then in page order."""
    return [
        Question(page, topic, node, quiz)
        for page in kb.pages
        for topic in page.topics
        for root in topic.contributions
        for node in root.walk()
        for quiz in _quizzes(node.blocks)
    ]


def render_practice_page(questions: list[Question], site: SiteMap, anchors: Mapping[SectionRef, str]) -> SitePage:
    """`practice.md`: the questions grouped by service, each followed by a link back to where it stands."""
    lines = [
        "# Practice questions",
        "",
        f"{len(questions)} questions from the notes, by service. Read the question, decide, then open "
        "**Answer** to check yourself.",
    ]
    current = ""
    for question in questions:
        slug = question.page.service.slug
        if slug != current:
            current = slug
            count = sum(1 for q in questions if q.page.service.slug == slug)
            lines += service_group_heading(question.page, count, "question", PRACTICE_PAGE)
        where = back_links(
            question.contribution.ref, question.page, question.label, question.quiz.span, site, anchors, PRACTICE_PAGE
        )
        lines += ["", *render_block(question.quiz), "", where]
    if not questions:
        lines += ["", "The notes hold no practice question."]
    return SitePage.of(PRACTICE_PAGE, "Practice questions", "\n".join(lines) + "\n")


def add_practice(build: Build) -> Build:
    """Stage: the "Practice questions" page."""
    assert build.knowledge is not None
    specs = {spec.slug: spec for spec in build.specs}
    site = SiteMap(specs, build.trees, build.chapter_pages, build.settings.links)
    page = render_practice_page(collect_questions(build.knowledge), site, build.service_anchors)
    return replace(build, pages=(*build.pages, page))
