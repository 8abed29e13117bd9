"""The "nothing is lost silently" check: every non-blank raw line is claimed exactly once."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .errors import Diagnostic
from .model import Block, SourceTree, Span, block_kind, walk_sections
from .sources import RawFile


@dataclass(frozen=True)
class Claim:
    """One provenance unit: a span of raw lines and what became of it."""

    span: Span
    kind: str
    status: str  # "kept" or "dropped"
    reason: str = ""
    section_index: int = -1
    """For kept claims: index of the owning section in `walk_sections(chapter)` order, per chapter."""
    chapter_index: int = -1
    block: Block | None = None


def claims(tree: SourceTree) -> Iterator[Claim]:
    """Every claim a tree makes on raw lines: group headings, section headings, top-level blocks, drops."""
    for ci, chapter in enumerate(tree.chapters):
        if chapter.group_heading is not None:
            yield Claim(chapter.group_heading, "group-heading", "kept", section_index=0, chapter_index=ci)
        for si, section in enumerate(walk_sections((chapter,))):
            if section.heading is not None:
                yield Claim(section.heading, "heading", "kept", section_index=si, chapter_index=ci)
            for block in section.blocks:
                yield Claim(block.span, block_kind(block), "kept", section_index=si, chapter_index=ci, block=block)
    for drop in tree.dropped:
        yield Claim(drop.span, "dropped", "dropped", reason=drop.reason)


def check_coverage(tree: SourceTree, files: Sequence[RawFile]) -> list[Diagnostic]:
    """Lines claimed twice, never claimed, or claimed outside the files: each is a reader bug, reported by line."""
    owner: dict[tuple[str, int], Claim] = {}
    problems: list[Diagnostic] = []
    by_path = {f.path: f for f in files}
    for claim in claims(tree):
        raw = by_path.get(claim.span.path)
        if raw is None or claim.span.end > len(raw.lines):
            problems.append(
                Diagnostic(claim.span.path, claim.span.start, f"{claim.kind} claims lines outside the file")
            )
            continue
        for n in claim.span.lines():
            if not raw.line(n).strip():
                continue
            key = (claim.span.path, n)
            if key in owner:
                other = owner[key]
                problems.append(
                    Diagnostic(claim.span.path, n, f"line claimed twice: by {other.kind} and by {claim.kind}")
                )
            else:
                owner[key] = claim
    for raw in files:
        missing = [n for n, line in enumerate(raw.lines, 1) if line.strip() and (raw.path, n) not in owner]
        for start, end in _runs(missing):
            problems.append(Diagnostic(raw.path, start, f"lines {start}-{end} were neither kept nor dropped"))
    return problems


def _runs(numbers: list[int]) -> Iterator[tuple[int, int]]:
    """Consecutive runs in a sorted list of integers, as (first, last)."""
    if not numbers:
        return
    first = prev = numbers[0]
    for n in numbers[1:]:
        if n != prev + 1:
            yield first, prev
            first = n
        prev = n
    yield first, prev
