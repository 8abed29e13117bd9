"""`provenance.json`: for every raw line, where its text is shown on the site, which twin it merged into, or why it
was left out.

Schema (version 2), documented in the README:
`{"version": 2, "sources": [{"path", "source", "sha256", "lines", "nonblank"}],
  "blocks": [{"path", "start", "end", "kind", "status", "service", "url", "source_url", "duplicate_of"?,
              "reason"?, "repairs"?}],
  "conflicts": [{"a": {"path", "start", "end"}, "b": {...}, "why", "service"}]}`
A list is recorded item by item (kind `list-item`), because items merge one by one.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .classify import SectionRef
from .coverage import Claim, claims
from .heldhtml import pack_pieces, unpack
from .knowledge import KnowledgeBase
from .model import ListBlock, SourceTree, Span, Table
from .passages import span_key, span_of_key
from .sources import RawFile

VERSION = 2


@dataclass(frozen=True)
class Locations:
    """Where a section is shown: on its service page (the heading right above its text) and on its source page."""

    service_url: Mapping[SectionRef, str]
    """Section with content shown on a service page → `services/<slug>/#<anchor>`: its topic, or its own heading."""
    source_url: Mapping[SectionRef, str]
    """Every section → `sources/<source>/<chapter>/#<anchor>`."""

    def shown(self, ref: SectionRef) -> str:
        """Where the section is shown: its topic on the service page; a heading with nothing of its own under it
        ("SQS as a buffer for database writes", whose only line was a missing image) is on its source page only.
        """
        return self.service_url.get(ref) or self.source_url[ref]


def _repairs(block: Any) -> list[dict[str, Any]]:
    return [{"line": r.line, "what": r.what} for r in getattr(block, "repairs", ())]


def _span_dict(span: Span) -> dict[str, Any]:
    return {"path": span.path, "start": span.start, "end": span.end}


def _units(claim: Claim) -> Iterator[tuple[Span, str, str | None, Any]]:
    """A claim split into provenance units: (span, kind, passage key or None, block for repairs).

    A list yields one unit per item; each item's span runs to the line before the next item, so lines of items
    that were emptied and absorbed by the list stay inside exactly one unit.
    """
    block = claim.block
    if isinstance(block, ListBlock):
        items = block.items
        for n, item in enumerate(items):
            end = items[n + 1].span.start - 1 if n + 1 < len(items) else block.span.end
            start = block.span.start if n == 0 else item.span.start
            yield Span(item.span.path, start, max(end, item.span.end)), "list-item", span_key(item.span), block
    elif claim.kind == "paragraph":
        yield claim.span, claim.kind, span_key(claim.span), block
    else:
        yield claim.span, claim.kind, None, block


@dataclass(frozen=True)
class Twins:
    """Each hidden passage → its kept twin, and each kept twin's (or disputed passage's) block as recorded: a list
    item's record runs on over the blank and dropped lines after it ("- **Lifecycle Rules** …" and the image
    below it), so its passage's own span would name no record and a reader could not join the two.
    """

    kept: Mapping[str, str]
    spans: Mapping[str, Span]
    rows: Mapping[str, int] = field(default_factory=dict)
    """A disputed table row (`tablerows`) → its raw line: the record is its table's, and the line says which row."""

    @classmethod
    def of(cls, trees: Mapping[str, SourceTree], kb: KnowledgeBase) -> Twins:
        kept = {m.duplicate: m.kept for m in kb.dedupe.merges}
        wanted = {*kept.values(), *(c.a for c in kb.dedupe.conflicts), *(c.b for c in kb.dedupe.conflicts)}
        spans: dict[str, Span] = {}
        rows: dict[str, int] = {}
        for tree in trees.values():
            for claim in claims(tree):
                if claim.status != "kept":
                    continue
                for span, _, key, block in _units(claim):
                    if key in wanted:
                        spans[key] = span
                    for line in block.row_lines if isinstance(block, Table) else ():
                        if (row := span_key(Span(span.path, line, line))) in wanted:
                            spans[row], rows[row] = span, line
        return cls(kept, spans, rows)

    def span(self, key: str) -> dict[str, Any]:
        told = _span_dict(self.spans.get(key) or span_of_key(key))
        return {**told, "row": self.rows[key]} if key in self.rows else told


def source_records(
    slug: str, tree: SourceTree, kb: KnowledgeBase, where: Locations, twins: Twins
) -> list[dict[str, Any]]:
    """The provenance records of one source."""
    merged = twins.kept
    records = []
    for claim in claims(tree):
        if claim.status != "kept":
            records.append({**_span_dict(claim.span), "kind": claim.kind, "status": "dropped", "reason": claim.reason})
            continue
        ref = SectionRef(slug, claim.chapter_index, claim.section_index)
        service = kb.assignments[ref].slug
        for span, kind, key, block in _units(claim):
            record: dict[str, Any] = {**_span_dict(span), "kind": kind, "source_url": where.source_url[ref]}
            if key is not None and key in merged:
                twin = merged[key]
                twin_ref = kb.refs[twin]
                twin_service = kb.assignments[twin_ref].slug
                record.update(
                    status="merged",
                    duplicate_of=twins.span(twin),
                    service=twin_service,
                    url=where.shown(twin_ref),
                )
            elif kind == "group-heading":  # names a group of the source's chapters: only its pages show it
                record.update(status="kept", service=service, url=where.source_url[ref])
            else:
                record.update(status="kept", service=service, url=where.shown(ref))
            if repairs := _repairs(block):
                record["repairs"] = [r for r in repairs if span.start <= r["line"] <= span.end]
                if not record["repairs"]:
                    del record["repairs"]
            records.append(record)
    return records


def build_provenance(
    files: Mapping[str, Sequence[RawFile]],
    trees: Mapping[str, SourceTree],
    kb: KnowledgeBase,
    where: Locations,
) -> dict[str, Any]:
    """The whole document at once, deterministic: sources by path, blocks by (path, start, end). The build streams
    it instead (`traced`); this is what that stream must spell, for a test to compare.
    """
    twins = Twins.of(trees, kb)
    blocks = [record for slug, tree in trees.items() for record in source_records(slug, tree, kb, where, twins)]
    return {
        "version": VERSION,
        "sources": _sources(files),
        "blocks": sorted(blocks, key=_block_order),
        "conflicts": _conflicts(kb, twins),
    }


def traced(
    files: Mapping[str, Sequence[RawFile]],
    trees: Mapping[str, SourceTree],
    kb: KnowledgeBase,
    where: Locations,
) -> tuple[PackedProvenance, Tally]:
    """`build_provenance`, packed as it is made, one source at a time, and counted for the report on the way.

    Why: as dicts the blocks of every source at once were the build's peak (×50: about 300 MiB beside everything
    the pipeline holds at that point); one source's blocks at a time are a few MiB. The text is the same, byte for
    byte: blocks sort by path first, and a source's files share a folder no other source's path falls inside.
    """
    tally = Tally.of(files)
    twins = Twins.of(trees, kb)
    first_path = {slug: min((raw.path for raw in raws), default="") for slug, raws in files.items()}

    def blocks() -> Iterator[list[dict[str, Any]]]:
        for slug in sorted(trees, key=lambda slug: (first_path.get(slug, ""), slug)):
            records = sorted(source_records(slug, trees[slug], kb, where, twins), key=_block_order)
            for record in records:
                tally.add(record)
            yield records

    document = {"version": VERSION, "sources": _sources(files), "blocks": blocks(), "conflicts": _conflicts(kb, twins)}
    packed = PackedProvenance(*pack_pieces(dump_pieces(document)), len(kb.dedupe.conflicts))
    return packed, tally


def _block_order(record: Mapping[str, Any]) -> tuple[Any, ...]:
    return record["path"], record["start"], record["end"], record["kind"]


def _sources(files: Mapping[str, Sequence[RawFile]]) -> list[dict[str, Any]]:
    sources = [
        {
            "path": raw.path,
            "source": slug,
            "sha256": raw.sha256,
            "lines": len(raw.lines),
            "nonblank": sum(1 for line in raw.lines if line.strip()),
        }
        for slug, raws in files.items()
        for raw in raws
    ]
    return sorted(sources, key=lambda s: s["path"])


def _conflicts(kb: KnowledgeBase, twins: Twins) -> list[dict[str, Any]]:
    return [
        {
            "a": twins.span(c.a),
            "b": twins.span(c.b),
            "why": c.why,
            "service": kb.assignments[kb.refs[c.a]].slug,
        }
        for c in kb.dedupe.conflicts
    ]


@dataclass(frozen=True)
class Tally:
    """What the build report reads of the provenance, counted block by block: lines per file and status (as
    `summary`), dropped blocks by source, lines shown and merged by page.
    """

    per_file: dict[str, dict[str, Any]]
    source_of: dict[str, str]
    """Raw file path → its source's slug."""
    raws: dict[str, RawFile]
    dropped: dict[str, list[Mapping[str, Any]]]
    shown: Counter[str]
    merged: Counter[str]

    @classmethod
    def of(cls, files: Mapping[str, Sequence[RawFile]]) -> Tally:
        raws = {raw.path: raw for group in files.values() for raw in group}
        per_file = {
            path: {"nonblank": _nonblank(raw), "kept": 0, "merged": 0, "dropped": 0, "reasons": Counter()}
            for path, raw in sorted(raws.items())
        }
        source_of = {raw.path: slug for slug, group in files.items() for raw in group}
        return cls(per_file, source_of, raws, defaultdict(list), Counter(), Counter())

    def add(self, block: Mapping[str, Any]) -> None:
        path, status = str(block["path"]), str(block["status"])
        count = nonblank_lines(block, self.raws[path])
        entry = self.per_file[path]
        entry[status] += count
        if status == "dropped":
            entry["reasons"][block["reason"]] += count
            self.dropped[self.source_of[path]].append(block)
            return
        service = str(block.get("service", ""))
        self.shown[service] += count
        if status == "merged":
            self.merged[service] += count


def _nonblank(raw: RawFile) -> int:
    return sum(1 for line in raw.lines if line.strip())


def dump_pieces(provenance: Mapping[str, Any], chunk: int = 1000) -> Iterator[str]:
    """Stable serialisation (sorted keys, no spaces, UTF-8 kept readable), a piece at a time: the top-level lists in
    runs of `chunk` items (JSON joins a list's items with a comma, so the pieces join to the one text). Why: a host
    packs them as they come (`heldhtml.pack_pieces`) and never holds the whole text beside the dict. A list may come
    as an iterator of its runs (`traced`: one source's blocks at a time), read as it is written.
    """
    yield "{"
    for n, key in enumerate(sorted(provenance)):
        yield ("," if n else "") + _json(key) + ":"
        value = provenance[key]
        if not isinstance(value, list | Iterator):
            yield _json(value)
            continue
        runs: Iterable[list[Any]] = (value,) if isinstance(value, list) else value
        yield "["
        first = True
        for run in runs:
            for start in range(0, len(run), chunk):
                yield ("" if first else ",") + _json(run[start : start + chunk])[1:-1]
                first = False
        yield "]"
    yield "}\n"


@dataclass(frozen=True)
class PackedProvenance:
    """`provenance.json` as written (`dump_pieces`), packed (`heldhtml.pack_pieces`), and its text's digest.

    Why: as Python dicts the blocks are 47 MiB at ×10 (about 230 at ×50), held from the stage that traces them to
    the end of the build and copied by every worker forked in between; packed, a few MiB.
    """

    data: bytes = b""
    signature: str = ""
    conflicts: int = 0
    """How many conflicts the document lists: what a benchmark reports without reading the document back."""

    @classmethod
    def of(cls, provenance: Mapping[str, Any]) -> PackedProvenance:
        return cls(*pack_pieces(dump_pieces(provenance)), len(provenance.get("conflicts", ())))

    def load(self) -> dict[str, Any]:
        """The document, read back (tests, `notes-kb check`); `{}` when nothing was packed."""
        return json.loads(unpack(self.data)) if self.data else {}


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def nonblank_lines(block: Mapping[str, Any], raw: RawFile) -> int:
    """How many non-blank raw lines a provenance block covers (what every count of lines counts)."""
    return sum(1 for line in raw.lines[int(block["start"]) - 1 : int(block["end"])] if line.strip())


def summary(provenance: Mapping[str, Any], raw_files: Mapping[str, RawFile]) -> dict[str, Any]:
    """Per file: non-blank lines kept, merged and dropped, and dropped lines per reason (of a document read back)."""
    files: dict[str, list[RawFile]] = defaultdict(list)
    for source in provenance["sources"]:
        files[source["source"]].append(raw_files[source["path"]])
    tally = Tally.of(files)
    for block in provenance["blocks"]:
        tally.add(block)
    return tally.per_file
