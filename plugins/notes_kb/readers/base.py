"""The one interface every reader implements, and small helpers readers share."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..errors import NoteError
from ..model import Block, Section, SourceTree, Span
from ..sources import RawFile


class Reader(Protocol):
    """Turns the raw files of one source (in the order its metadata gives) into the document model.

    A reader must account for every non-blank line of every file: each lies in exactly one heading span,
    one top-level block span, or one `Dropped` span (the pipeline checks this on every build).
    """

    name: str
    """The value of `reader:` in `source.yml` that selects this reader."""

    options: frozenset[str]
    """The keys it accepts under `options:` in `source.yml`."""

    def read(self, files: Sequence[RawFile], options: Mapping[str, Any]) -> SourceTree:
        """Read all files of one source into one tree of pages."""
        ...


def check_options(reader: Reader, options: Mapping[str, Any], where: str) -> None:
    """Reject option keys a reader does not know, naming the metadata file."""
    unknown = sorted(set(options) - reader.options)
    if unknown:
        known = ", ".join(sorted(reader.options)) or "none"
        raise NoteError(where, f"reader {reader.name!r} has no option(s) {', '.join(unknown)}; it accepts: {known}")


def is_blank(line: str) -> bool:
    """Blank for every purpose here: empty or whitespace only (Notion writes one space for an empty block)."""
    return not line.strip()


CHAT_FILLER = "a chatbot's greeting, sign-off or label, pasted with its answer (no fact of its own)"
_CHAT_FILLER = re.compile(
    r"(?:great|good) question[!.]\s+(?:let[’']?s|here[’']?s)\b[^!?]*[.!]?"  # "Great question! Let's break down…"
    r"|got it[,!.]\s+\w+[.!]\s+here[’']?s\b[^!?]*[.!]"  # "Got it, Rahman. Here's a clean explanation…"
    r"|let me know if you(?:[’']d| need| want| would| have)\b[^!?:\d]*[.!]"  # "Let me know if you need examples!"
    r"|chat[\s-]?gpt\s*[:-]?",  # a bare "chat gpt" label over the pasted text
    re.IGNORECASE,
)
CHAT_FILLER_CHARS = 160
"""Longer lines are kept: a line that long says more than a greeting."""


def is_chat_filler(line: str) -> bool:
    """A whole line that only talks to the person who asked the chatbot: it states nothing a reader can learn.

    Why: pasted ChatGPT answers open and close with such lines ("Let me know if you need more examples!"); on a
    merged service page, between other sources' facts, they read as noise. A build drops them with `CHAT_FILLER`.
    """
    plain = line.strip().replace("**", "")
    return len(plain) <= CHAT_FILLER_CHARS and _CHAT_FILLER.fullmatch(plain) is not None


CHAT_LEAD_IN = "a chatbot's lead-in to the list or table after it (names nothing the heading above does not)"
_CHAT_LEAD_IN = re.compile(
    r"(?:let[’']?s\s+(?:break|go|walk|look|dive|explore|review|compare|summari[sz]e)|here[’']?s|here\s+is)\b"
    r"[^*`:.!?]*[:.]",
    re.IGNORECASE,
)
"""Announcing verbs only: "Let's assume the limit is high." sets up the example after it."""
_NAMED = re.compile(r"(?<=\s)[^\sa-z]*[A-Z0-9]")
"""A word after the first that is capitalised or a number: a name ("AWS", "VPC", "EC2") or a figure."""
CHAT_LEAD_IN_WORDS = 14


def is_chat_lead_in(line: str) -> bool:
    """A whole paragraph line that only announces what follows ("Let's break down the key concepts and details:",
    "Here’s a comparison:", "Here’s how it works step by step:").

    Why: pasted ChatGPT answers open each list with one; on a service page, under the topic's heading and beside other
    sources' facts, it reads as noise. A line that names anything ("Let's say you have the following setup in your
    VPC:") or says more than a short sentence is kept: it sets up the example after it.
    """
    plain = line.strip()
    return (
        len(plain.split()) <= CHAT_LEAD_IN_WORDS
        and _CHAT_LEAD_IN.fullmatch(plain) is not None
        and _NAMED.search(plain) is None
    )


def is_chat_lead_in_paragraph(lines: Sequence[str], k: int) -> bool:
    """Line `k` is a chat lead-in (`is_chat_lead_in`) that is a paragraph of its own: what follows it starts after a
    blank line or is a list or a table, so dropping it takes no other sentence's start with it.
    """
    if not is_chat_lead_in(lines[k]) or (k > 0 and not is_blank(lines[k - 1])):
        return False
    following = lines[k + 1].lstrip() if k + 1 < len(lines) else ""
    return not following or _LIST_OR_TABLE.match(following) is not None


_MARKER = r"(?:[-*+]|\d+[.)])"
"""A list item's marker: a bullet or a number with its dot or bracket."""
_LIST_OR_TABLE = re.compile(rf"(?:{_MARKER}|\|)\s")


CHAT_LABEL = "chatbot label 'chat gpt' on pasted text removed"
CHAT_MARKED = "chatbot label 'chat gpt' on pasted text written as '(ChatGPT)'"
CHAT_MARK = "*(ChatGPT)*"
"""How a passage the author pasted from a chatbot says so on the page: its text is the chatbot's, not the course's."""
_CHAT_LABEL = re.compile(rf"^(\s*(?:{_MARKER}\s+)?)(\*\*|__)?chat[\s-]?gpt\s*[-:–]\s*(\w?)", re.IGNORECASE)
SHORT_BOLD = re.compile(r"^(?:\*\*|__)[^*_]{1,60}(?:\*\*|__)\s*$")
"""A line that is only a short bold phrase: a label or a title, not a sentence."""


_CHAT_LABEL_AFTER = re.compile(r"chat[\s-]?gpt\s*(?=(?:\*\*|__)?\s*$)", re.IGNORECASE)
r"""The label at a line's end; the dash or colon before it is checked backwards (`_label_after`): a pattern opening
with `\s*` is tried at every space of a run, quadratic on a long one (a 100,000-space line took 33 s)."""


def without_chat_label(line: str) -> str | None:
    """The line with a chatbot label glued to its text written as `CHAT_MARK` before it ("- Chat-GPT : S3 Select
    works …" → "- *(ChatGPT)* S3 Select works …"), or cut from a title ("- **Fanout - Chat GPT**", "**chat-gpt :
    CloudFront Functions can be replaced with lambda at edge?**"); None if it has none.

    Why: the label says the text is a chatbot's answer, not the course's: cut, such text read as the notes' own (a blind
    review found a chatbot's wrong definition of lazy loading shown so). As written it opens a fact with noise, or names
    a topic "Fanout - Chat GPT".
    """
    match = _CHAT_LABEL.match(line)
    if match is not None:
        marker, bold, first = match.group(1), match.group(2) or "", match.group(3).upper()
        rest = bold + first + line[match.end() :]
        return marker + rest if SHORT_BOLD.match(rest) else f"{marker}{CHAT_MARK} {rest}"
    after = _label_after(line)
    if after is not None and line[: after[0]].strip(" -*_"):
        cut = line[: after[0]] + line[after[1] :]
        return f"{cut} {CHAT_MARK}" if _LIST_ITEM.match(line) else cut  # a list item heads the answer it labels
    return None


def _label_after(line: str) -> tuple[int, int] | None:
    """Where a chatbot label after a dash or colon ends the line ("Fanout - Chat GPT"), spaces before it included."""
    label = _CHAT_LABEL_AFTER.search(line)
    if label is None:
        return None
    before = line[: label.start()].rstrip()
    if not before or before[-1] not in "-–:":
        return None
    return len(before[:-1].rstrip()), label.end()


_LIST_ITEM = re.compile(rf"\s*{_MARKER}\s")


@dataclass
class SectionDraft:
    """A section while a reader builds it: mutable, so blocks and children can be appended as lines are read.

    `freeze` turns it into the immutable model `Section`. `depth` is reader-specific bookkeeping (how deep the note's
    own markup placed the heading) and is not part of the model.
    """

    title: str
    level: int
    heading: Span | None
    blocks: list[Block] = field(default_factory=list)
    children: list[SectionDraft] = field(default_factory=list)
    group: str = ""
    group_heading: Span | None = None
    depth: int = 0

    def freeze(self) -> Section:
        """The immutable section, children frozen too."""
        return Section(
            self.title,
            self.level,
            self.heading,
            tuple(self.blocks),
            tuple(child.freeze() for child in self.children),
            self.group,
            self.group_heading,
        )
