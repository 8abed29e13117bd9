"""`provenance.json`: for every raw line, where its text is shown on the site or why it is not.

Schema (version 1), documented in the README:
`{"version": 1, "sources": [{"path", "source", "sha256", "lines", "nonblank"}],
  "blocks": [{"path", "start", "end", "kind", "status", "url" | "reason", "repairs"?}]}`
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from .coverage import claims
from .model import SourceTree
from .pages import ChapterPage
from .render import section_anchors
from .sources import RawFile

VERSION = 1


def _repairs(block: Any) -> list[dict[str, Any]]:
    return [{"line": r.line, "what": r.what} for r in getattr(block, "repairs", ())]


def source_records(tree: SourceTree, pages: Sequence[ChapterPage]) -> list[dict[str, Any]]:
    """The provenance records of one source's claims, with page URLs and section anchors for what is kept."""
    anchors = [section_anchors(chapter) for chapter in tree.chapters]
    records = []
    for claim in claims(tree):
        record: dict[str, Any] = {
            "path": claim.span.path,
            "start": claim.span.start,
            "end": claim.span.end,
            "kind": claim.kind,
            "status": claim.status,
        }
        if claim.status == "kept":
            page = pages[claim.chapter_index]
            record["url"] = f"{page.url}#{anchors[claim.chapter_index][claim.section_index]}"
            if repairs := _repairs(claim.block):
                record["repairs"] = repairs
        else:
            record["reason"] = claim.reason
        records.append(record)
    return records


def build_provenance(
    files: Mapping[str, Sequence[RawFile]],
    trees: Mapping[str, SourceTree],
    pages: Mapping[str, Sequence[ChapterPage]],
) -> dict[str, Any]:
    """The whole document, deterministic: sources by path, blocks by (path, start, end)."""
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
    blocks = [record for slug, tree in trees.items() for record in source_records(tree, pages[slug])]
    blocks.sort(key=lambda r: (r["path"], r["start"], r["end"], r["kind"]))
    return {"version": VERSION, "sources": sorted(sources, key=lambda s: s["path"]), "blocks": blocks}


def dumps(provenance: Mapping[str, Any]) -> str:
    """Stable serialisation (sorted keys, no spaces, UTF-8 kept readable)."""
    return json.dumps(provenance, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"


def summary(provenance: Mapping[str, Any], raw_files: Mapping[str, RawFile]) -> dict[str, Any]:
    """Per file: non-blank lines kept and dropped, and dropped lines per reason (what the closing note reports)."""
    out: dict[str, Any] = {
        s["path"]: {"nonblank": s["nonblank"], "kept": 0, "dropped": 0, "reasons": Counter()}
        for s in provenance["sources"]
    }
    for block in provenance["blocks"]:
        raw = raw_files[block["path"]]
        count = sum(1 for n in range(block["start"], block["end"] + 1) if raw.line(n).strip())
        entry = out[block["path"]]
        entry[block["status"]] += count
        if block["status"] == "dropped":
            entry["reasons"][block["reason"]] += count
    return out
