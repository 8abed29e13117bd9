"""What marks note text as exam advice: a heading that names it ("Exam Power-Up", "Tips to Remember", "시험") or a
line that opens with a marker ("**Exam Tip:**") or says where the exam stands ("preferred ... at the exam").

Kept apart from `examtips` (which collects and shows the tips) so the deduplicator can ask it too: a tip is not hidden
in a passage that is none.
"""

from __future__ import annotations

import re

from .textcache import TEXT_CACHE, text_cache

HEADING_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+")
_EXAM_NOUN = r"exam\s*(?:power[\s-]*ups?|tips?|hints?|notes?|points?|alerts?|traps?|essentials)"
_HEADING = re.compile(
    rf"\b{_EXAM_NOUN}\b"
    r"|\b(?:for|at|in|on)\s+(?:the\s+)?(?:[\w/-]+\s+){0,4}exams?\b"
    r"|\btips?\s+(?:to|for)\s+(?:remember|memori[sz]\w*)"
    r"|시험",
    re.IGNORECASE,
)
_QUESTION_HEADING = re.compile(r"\b(?:questions?|mcqs?|quiz(?:zes)?)\b|문제", re.IGNORECASE)
# A marker opening a line: "**Exam Tip:**", "[**EXAM HINT]\*\*", "**Tip to Remember**:", "시험 팁:".
_LEAD = re.compile(
    rf"^[\s>*_\[\\•-]*(?:{_EXAM_NOUN}|key\s+exam\s+(?:points?|notes?)|tips?\s+to\s+remember|시험\s*(?:팁|포인트))\b",
    re.IGNORECASE | re.MULTILINE,
)
# The exam named as where something matters: "preferred at the exam", "exam questions", "for the DVA exam".
_PHRASE = re.compile(
    r"\b(?:at|in|on|for)\s+(?:the\s+)?(?:[\w/-]+\s+){0,3}exams?\b"
    r"|\bexam\s+questions?\b"
    r"|출제|문제(?:로|에서|에)(?:도|는)?\s*(?:종종|자주|많이|가끔)?\s*나[오온옴와]"
    r"|시험(?!\s*(?:해|했|하|삼))",
    re.IGNORECASE,
)
_EMPHASIS = re.compile(r"\*\*|__|`")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def plain_note(text: str) -> str:
    """Note text without emphasis, code marks and link targets (what the markers are matched on)."""
    return " ".join(_EMPHASIS.sub("", _LINK.sub(r"\1", text)).split())


def heading_marker(title: str) -> str:
    """The words of a heading that make its section an exam tip, or "" (question headings are quizzes, not tips).

    Parentheses are set aside: "NAT Instance (outdated, but still at the exam)" is a topic, not a tip.
    """
    text = re.sub(r"\([^)]*\)", " ", HEADING_NUMBER.sub("", plain_note(title)))
    if _QUESTION_HEADING.search(text):
        return ""
    match = _HEADING.search(text)
    return match.group(0) if match else ""


@text_cache(maxsize=TEXT_CACHE)
def text_marker(text: str) -> str:
    """The words of a paragraph or list item that mark it as an exam tip, or "". Cached: under `mkdocs serve` every
    rebuild asks again for every block of every section (21,744 calls, 0.2 s of a 3 s rebuild of the real notes).
    """
    lines = "\n".join(plain_note(line) for line in text.split("\n"))
    match = _LEAD.search(lines) or _PHRASE.search(lines)
    return match.group(0).strip(" *_[\\>•-") if match else ""


@text_cache(maxsize=TEXT_CACHE)
def is_advice(heading: str, text: str) -> bool:
    """Whether a passage is exam advice: its heading says so, or it does itself. Cached: copied passages ask again."""
    return bool(heading_marker(heading) or text_marker(text))
