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


CHAT_LABEL = "chatbot label 'chat gpt' on pasted text removed"
_CHAT_LABEL = re.compile(r"^(\s*(?:[-*+]\s+|\d+[.)]\s+)?(?:\*\*|__)?)chat\s?gpt\s*[-:–]\s*(\w?)", re.IGNORECASE)


_CHAT_LABEL_AFTER = re.compile(r"\s*[-–:]\s*chat\s?gpt\s*(?=(?:\*\*|__)?\s*$)", re.IGNORECASE)


def without_chat_label(line: str) -> str | None:
    """The line without a chatbot label glued to its text ("- **chat gpt- The lambda at edge …", "- **Fanout - Chat
    GPT**"), or None if it has none.

    Why: the label says where the author copied the text from, not what it says; shown, it opens a fact with noise,
    or names a topic "Fanout - Chat GPT".
    """
    match = _CHAT_LABEL.match(line)
    if match is not None:
        return match.group(1) + match.group(2).upper() + line[match.end() :]
    after = _CHAT_LABEL_AFTER.search(line)
    if after is not None and line[: after.start()].strip(" -*_"):
        return line[: after.start()] + line[after.end() :]
    return None


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
