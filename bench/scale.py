"""Scaled corpora for the build benchmark: ×N distinct synthetic notebooks made from the real notes.

The plain-MkDocs baseline (shared/reference/baseline.md) scaled by pasting verbatim copies. For the plugin that would
be a flattering test: its dedupe would collapse every copy at once. Real growth is more notebooks that mostly repeat
known facts in other words, sometimes with other numbers, sometimes pasted as is. So each copy here is a new source
(its own folder, slug and title) in its original's raw format, read by the same reader, with:

* sections shuffled inside their parent where the format makes that safe (`###` under `##` in Markdown, toggles
  within a topic in the Notion toggle export, chapters of the flattened PDF),
* some lines lightly reworded (whole-word synonym swaps from a small table, word order untouched),
* a number changed in some lines (so conflict detection has work),
* everything else verbatim (true duplicates).

Every synthetic source is read back with its reader and accounted line by line; a copy whose shuffle or rewording
adds a diagnostic falls back to a milder variant, so the corpus builds cleanly. Generation is deterministic (fixed
seed; copy k of a source is the same at every scale), and skipped when the corpus on disk is already current.

Each corpus also gets its "plain" twin: every raw file as one Markdown page and a stock Material mkdocs.yml, as the
baseline measured.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import re
import shutil
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
NOTES = REPO / "notes_src"
CORPORA = REPO / "bench" / ".corpora"
SEED = 20_240_601
NOTES_DIR = "notes_src"
PLAIN_DIR = "plain"

SYNONYMS_EN: tuple[tuple[str, str], ...] = (
    ("quickly", "rapidly"),
    ("multiple", "several"),
    ("provides", "offers"),
    ("easily", "readily"),
    ("different", "distinct"),
    ("choose", "select"),
    ("needed", "required"),
    ("method", "approach"),
    ("cheap", "inexpensive"),
    ("cheaper", "less expensive"),
    ("expensive", "costly"),
    ("usually", "typically"),
    ("often", "frequently"),
    ("whole", "complete"),
    ("ensure", "make sure"),
    ("allows", "enables"),
    ("specific", "particular"),
    ("across", "throughout"),
    ("immediately", "instantly"),
    ("feature", "capability"),
    ("features", "capabilities"),
    ("durable", "resilient"),
)
"""Whole-word, case-preserving, both directions. Words of the service catalogue are filtered out at load time (a swap
must never rename a service), and no pair touches the flattened-PDF reader's auxiliaries or editor verbs."""
SYNONYMS_KO: tuple[tuple[str, str], ...] = (
    ("사용", "이용"),
    ("저장", "보관"),
    ("빠르게", "신속하게"),
    ("중요한", "핵심적인"),
)
"""Hangul has no word boundaries to speak of (particles glue on), so these swap as substrings; no pair contains the
other."""

REWORD_RATE = 0.35
"""Share of eligible lines (prose of MIN_WORDS words or more; no heading, link, code or HTML) given synonym swaps."""
NUMBER_RATE = 0.12
"""Share of eligible lines that get one number changed."""
MIN_WORDS = 8
MIN_CHARS = 40

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^\s{0,3}#{1,6}(\s|$)")
_TOC_ENTRY = re.compile(r"^(?:[-*]\s+)?\[(?P<title>[^\]]+)\]\(#?\)\s*$")
_PART = re.compile(r"^(?:#{1,6}\s+)?(?:\*\*)?Section\s+(?:[IVXLC]+|\d+)(?:\*\*)?\s*$")
_TOGGLE = re.compile(r"^(?:#{1,6}\s+)?(?:[-*]\s+)?▼\s")
_UNSAFE = re.compile(r"\]\(|https?:|`|<|\|")
_NUMBER = re.compile(r"\d+")


@dataclass
class CopyStats:
    """What was done to one synthetic source (written to the corpus manifest)."""

    slug: str
    original: str
    shuffled_units: int = 0
    reworded_lines: int = 0
    numbers_changed: int = 0
    fallback: str = ""
    """Empty, or which milder variant had to be used because the bolder one added a diagnostic."""


@dataclass
class Manifest:
    """A corpus on disk: enough to tell whether it is current and to describe it in the results."""

    key: str
    scale: int
    seed: int
    sources: int = 0
    files: int = 0
    lines: int = 0
    bytes: int = 0
    copies: list[CopyStats] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------------------------
# Structure: which lines may move


def fence_mask(lines: Sequence[str]) -> list[bool]:
    """True for every line of a fenced code block (opener and closer included): no boundary ever falls there."""
    mask: list[bool] = []
    opener: tuple[str, int] | None = None
    for line in lines:
        match = _FENCE.match(line)
        if opener is None:
            if match is not None and not (match.group(1)[0] == "`" and "`" in line[match.end() :]):
                opener = (match.group(1)[0], len(match.group(1)))
                mask.append(True)
            else:
                mask.append(False)
            continue
        mask.append(True)
        closes = match is not None and match.group(1)[0] == opener[0] and len(match.group(1)) >= opener[1]
        if closes and match is not None and not line[match.end() :].strip():
            opener = None
    return mask


Marks = tuple[list[bool], list[bool]]
"""Per line: (starts a parent = barrier, starts a movable unit)."""


def _atx_level(line: str) -> int:
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3 or not _ATX.match(line):
        return 0
    return len(stripped) - len(stripped.lstrip("#"))


def markdown_marks(lines: Sequence[str], _spec: dict[str, Any]) -> Marks:
    """Markdown notebooks: `###` sections (with their subsections) move within their `#`/`##` parent."""
    fenced = fence_mask(lines)
    levels = [0 if fenced[i] else _atx_level(line) for i, line in enumerate(lines)]
    return [0 < lv <= 2 for lv in levels], [lv == 3 for lv in levels]


def flattened_pdf_marks(lines: Sequence[str], spec: dict[str, Any]) -> Marks:
    """The flattened PDF: only the configured chapter titles are certain structure, so whole chapters move."""
    chapters = {" ".join(c.split()) for c in (spec.get("options") or {}).get("chapters") or []}
    units = [" ".join(line.split()) in chapters for line in lines]
    return [False] * len(lines), units


def _plain_heading(line: str) -> str:
    text = re.sub(r"^\s*#{1,6}\s+", "", line.strip()).replace("**", "")
    return text.rstrip(" .").strip()


def notion_toggle_marks(lines: Sequence[str], spec: dict[str, Any], topics: frozenset[str]) -> Marks:
    """Notion toggle export: `▼` toggles move within their topic; topic and `Section` lines stay put (TOC order)."""
    fenced = fence_mask(lines)
    barrier, unit = [], []
    for i, line in enumerate(lines):
        if fenced[i]:
            barrier.append(False)
            unit.append(False)
            continue
        stripped = line.strip()
        toggle = bool(_TOGGLE.match(stripped)) and ("**" in stripped or stripped.endswith("."))  # not console text
        barrier.append(bool(_PART.match(stripped)) or (not toggle and _plain_heading(line) in topics))
        unit.append(toggle)
    return barrier, unit


def shuffle_units(lines: Sequence[str], marks: Marks, rng: random.Random) -> tuple[list[str], int]:
    """Shuffle the units of each parent; a parent's head (lines before its first unit) and its barrier stay first.

    Each moved unit is made to end with a blank line, so a unit landing before another never runs into it.
    """
    barrier, unit = marks
    out: list[str] = []
    moved = 0
    bounds = [i for i, b in enumerate(barrier) if b]
    starts = [0, *[b for b in bounds if b > 0], len(lines)]
    for a, b in itertools.pairwise(starts):
        heads = [i for i in range(a, b) if unit[i] and not barrier[i]]
        if len(heads) < 2:
            out.extend(lines[a:b])
            continue
        out.extend(lines[a : heads[0]])
        blocks = [list(lines[s:e]) for s, e in zip(heads, [*heads[1:], b], strict=True)]
        for block in blocks:
            if block[-1].strip():
                block.append("")
        order = list(range(len(blocks)))
        rng.shuffle(order)
        moved += sum(1 for k, j in enumerate(order) if k != j)
        for j in order:
            out.extend(blocks[j])
    return out, moved


# ---------------------------------------------------------------------------------------------------------------
# Rewording


def _catalogue_words() -> frozenset[str]:
    """Every word of the service catalogue (titles, aliases, headings): synonym swaps must leave these alone."""
    text = (REPO / "plugins" / "notes_kb" / "catalogue.yml").read_text(encoding="utf-8")
    return frozenset(w.casefold() for w in re.findall(r"[A-Za-z]+", text))


def synonym_table() -> dict[str, str]:
    """Both directions of every pair whose words are not catalogue words."""
    banned = _catalogue_words()
    table: dict[str, str] = {}
    for a, b in SYNONYMS_EN:
        if a not in banned and b not in banned:
            table[a], table[b] = b, a
    return table


def _match_case(word: str, repl: str) -> str:
    if word.isupper() and len(word) > 1:
        return repl.upper()
    return repl[0].upper() + repl[1:] if word[0].isupper() else repl


def swap_synonyms(line: str, table: dict[str, str], pattern: re.Pattern[str], limit: int = 2) -> str:
    """Swap at most `limit` whole words (English) and Korean substrings; word order is untouched."""
    count = 0

    def one(match: re.Match[str]) -> str:
        nonlocal count
        word = match.group(0)
        if count >= limit:
            return word
        repl = table.get(word.casefold())
        if repl is None:
            return word
        count += 1
        return _match_case(word, repl)

    line = pattern.sub(one, line)
    for a, b in SYNONYMS_KO:
        if count >= limit:
            break
        if a in line:
            line, count = line.replace(a, b, 1), count + 1
        elif b in line:
            line, count = line.replace(b, a, 1), count + 1
    return line


def _standalone_numbers(line: str) -> list[re.Match[str]]:
    """Plain integers in prose: not part of a name (EC2, t3), a version, an IP, a date, a list marker."""
    found = []
    for match in _NUMBER.finditer(line):
        before = line[match.start() - 1] if match.start() else " "
        after = line[match.end() : match.end() + 2]
        if before.isalnum() or before in "._/:-$#%":
            continue
        if after[:1].isalnum() or after[:1] in "_/:-%" or (after[:1] in ".," and after[1:2].isdigit()):
            continue
        if match.start() == len(line) - len(line.lstrip()) and after[:1] in ".)":
            continue  # an ordered-list marker
        found.append(match)
    return found


def change_number(line: str, rng: random.Random) -> str | None:
    """Change one plain number by up to a third (at least 1), or None when the line has none."""
    matches = _standalone_numbers(line)
    if not matches:
        return None
    match = rng.choice(matches)
    value = int(match.group(0))
    step = max(1, value // 3)
    new = value + rng.choice([-1, 1]) * rng.randint(1, step)
    if new <= 0 or new == value:
        new = value + rng.randint(1, step)
    return line[: match.start()] + str(new) + line[match.end() :]


def eligible(line: str, protected: frozenset[str]) -> bool:
    """Prose only: headings, toggles, TOC and chapter titles, links, code, tables and HTML are never touched."""
    stripped = line.strip()
    if len(stripped) < MIN_CHARS or len(stripped.split()) < MIN_WORDS:
        return False
    if _ATX.match(line) or "▼" in stripped or _UNSAFE.search(stripped):
        return False
    return " ".join(stripped.split()) not in protected


def reword(
    lines: Sequence[str], rng: random.Random, table: dict[str, str], protected: frozenset[str], stats: CopyStats
) -> list[str]:
    """Synonym swaps in REWORD_RATE and a changed number in NUMBER_RATE of the eligible lines; the rest verbatim."""
    pattern = re.compile(r"\b(" + "|".join(sorted(table, key=len, reverse=True)) + r")\b", re.IGNORECASE)
    fenced = fence_mask(lines)
    out = []
    for i, line in enumerate(lines):
        if fenced[i] or not eligible(line, protected):
            out.append(line)
            continue
        new = line
        if rng.random() < REWORD_RATE:
            new = swap_synonyms(new, table, pattern)
            stats.reworded_lines += new != line
        if rng.random() < NUMBER_RATE:
            changed = change_number(new, rng)
            if changed is not None:
                new = changed
                stats.numbers_changed += 1
        out.append(new)
    return out


# ---------------------------------------------------------------------------------------------------------------
# Sources


@dataclass(frozen=True)
class Original:
    """A real source: its metadata, its raw files' lines, and what its reader makes of them (the bar to meet)."""

    slug: str
    meta: dict[str, Any]
    files: dict[str, list[str]]
    newline_at_end: dict[str, bool]
    diagnostics: int


def _read_back(folder: Path, root: Path, slug: str) -> int:
    """Read a source folder with its reader and account for its lines; the number of diagnostics (or -1: error)."""
    from notes_kb.coverage import check_coverage
    from notes_kb.intake import check_tree
    from notes_kb.readers import READERS
    from notes_kb.sources import load_raw_file, parse_spec, source_file_paths

    notes_dir = folder.parent.relative_to(root).as_posix()
    meta = folder / "source.yml"
    try:
        data = yaml.safe_load(meta.read_text(encoding="utf-8"))
        spec = parse_spec(slug, meta.relative_to(root).as_posix(), data, frozenset(READERS))
        raws = tuple(load_raw_file(root, p) for p in source_file_paths(spec, notes_dir))
        tree = READERS[spec.reader].read(raws, spec.options)
    except Exception:  # a NoteError or a reader crash: either way the copy is unusable
        return -1
    problems = check_coverage(tree, raws) + check_tree(tree, [(raw.path, raw.lines) for raw in raws])
    return len(problems)


def load_originals(notes: Path = NOTES) -> list[Original]:
    """The real sources, in folder order, with the diagnostic count their reader reports today."""
    originals = []
    for folder in sorted(p for p in notes.iterdir() if (p / "source.yml").is_file()):
        meta = yaml.safe_load((folder / "source.yml").read_text(encoding="utf-8"))
        files, ends = {}, {}
        for name in meta["files"] if isinstance(meta["files"], list) else [meta["files"]]:
            text = (folder / name).read_text(encoding="utf-8")
            files[name], ends[name] = text.split("\n")[: -1 if text.endswith("\n") else None], text.endswith("\n")
        originals.append(Original(folder.name, meta, files, ends, _read_back(folder, notes.parent, folder.name)))
    return originals


def _marks_for(original: Original, name: str, lines: Sequence[str]) -> Marks | None:
    reader = original.meta["reader"]
    if reader in ("github-markdown", "notion-export"):
        return markdown_marks(lines, original.meta)
    if reader == "flattened-pdf":
        return flattened_pdf_marks(lines, original.meta)
    if reader == "notion-toggle":
        first = original.files[original.meta["files"][0]]
        topics = frozenset(m.group("title").replace("**", "").strip() for m in map(_TOC_ENTRY.match, first) if m)
        return notion_toggle_marks(lines, original.meta, topics)
    return None  # an unknown format: no shuffling, rewording only


def _protected(original: Original) -> frozenset[str]:
    """Lines that name structure in `source.yml` (chapter titles, extra chapters, classify keys) stay verbatim."""
    options = original.meta.get("options") or {}
    names = [
        *(options.get("chapters") or []),
        *(options.get("extra_chapters") or []),
        *(original.meta.get("classify") or {}),
    ]
    return frozenset(" ".join(str(n).split()) for n in names)


def _variant_files(
    original: Original, rng: random.Random, stats: CopyStats, shuffle: bool, rewrite: bool
) -> dict[str, str]:
    table, protected = synonym_table(), _protected(original)
    texts = {}
    for name, lines in original.files.items():
        new: list[str] = list(lines)
        marks = _marks_for(original, name, new) if shuffle else None
        if marks is not None:
            new, moved = shuffle_units(new, marks, rng)
            stats.shuffled_units += moved
        if rewrite:
            new = reword(new, rng, table, protected, stats)
        texts[name] = "\n".join(new) + ("\n" if original.newline_at_end[name] else "")
    return texts


def write_copy(original: Original, copy: int, notes: Path, seed: int) -> CopyStats:
    """Write copy `copy` (1-based; 0 is the original itself) of a source under `notes`, checked by its reader.

    Tries shuffle + rewording, then rewording only, then shuffle only, then a verbatim copy: the first one whose
    reader reports no more diagnostics than the original's is kept.
    """
    slug = original.slug if copy == 0 else f"{original.slug}-v{copy:02d}"
    folder = notes / slug
    if copy == 0:
        shutil.copytree(NOTES / original.slug, folder)
        return CopyStats(slug, original.slug)
    meta = dict(original.meta)
    meta["title"] = f"{original.meta['title']} (synthetic v{copy:02d})"
    meta["description"] = f"Synthetic benchmark notebook: a reworded, reshuffled copy of {original.slug}."
    for label, shuffle, rewrite in (("", True, True), ("no-shuffle", False, True), ("no-reword", True, False),
                                    ("verbatim", False, False)):  # fmt: skip
        rng = random.Random(f"{seed}:{original.slug}:{copy}:{label}")
        stats = CopyStats(slug, original.slug, fallback=label)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name, text in _variant_files(original, rng, stats, shuffle, rewrite).items():
            (folder / name).write_text(text, encoding="utf-8")
        (folder / "source.yml").write_text(yaml.safe_dump(meta, sort_keys=False, allow_unicode=True), encoding="utf-8")
        found = _read_back(folder, notes.parent, slug)
        if 0 <= found <= original.diagnostics:
            return stats
    raise RuntimeError(f"{slug}: even a verbatim copy fails its reader")


def corpus_key(scale: int, seed: int) -> str:
    """Changes whenever the notes, this generator or the seed change: the corpus on disk is then rebuilt."""
    digest = hashlib.sha256(f"{scale}:{seed}".encode())
    digest.update(Path(__file__).read_bytes())
    for path in sorted(NOTES.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(NOTES).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def write_plain(corpus: Path, notes: Path) -> None:
    """The baseline's site for the same raw notes: each raw file one Markdown page, stock Material and search."""
    docs = corpus / PLAIN_DIR / "docs"
    shutil.rmtree(corpus / PLAIN_DIR, ignore_errors=True)
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# AWS study notes\n\nRaw notes, one page per source file.\n", encoding="utf-8")
    for folder in sorted(p for p in notes.iterdir() if p.is_dir()):
        for raw in sorted(folder.iterdir()):
            if raw.name != "source.yml":
                shutil.copyfile(raw, docs / f"{folder.name}-{raw.stem}.md")
    (corpus / PLAIN_DIR / "mkdocs.yml").write_text(
        "site_name: AWS notes (naive baseline)\ntheme:\n  name: material\nplugins:\n  - search\n", encoding="utf-8"
    )


def write_plugin_config(corpus: Path) -> None:
    """The repository's mkdocs.yml, with the hand-written docs of the repository and the corpus as `notes_dir`."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    plugin = re.compile(r"^(\s*)- notes-kb\s*:?\s*$", re.MULTILINE)
    match = plugin.search(text)
    if match is None or "notes_dir" in text:
        raise RuntimeError("mkdocs.yml: expected a bare `- notes-kb` plugin entry to point at the corpus")
    indent = match.group(1)
    text = plugin.sub(f"{indent}- notes-kb:\n{indent}    notes_dir: {NOTES_DIR}", text, count=1)
    head = "# Generated by bench/scale.py from the repository's mkdocs.yml.\n"
    head += f"docs_dir: {REPO / 'docs'}\nsite_dir: site\n\n"
    (corpus / "mkdocs.yml").write_text(head + text, encoding="utf-8")


def generate(scale: int, root: Path = CORPORA, seed: int = SEED, force: bool = False) -> Path:
    """Make (or reuse) the ×`scale` corpus: the real sources plus `scale - 1` synthetic copies of each."""
    corpus = root / f"x{scale}"
    key = corpus_key(scale, seed)
    manifest_path = corpus / "manifest.json"
    if not force and manifest_path.is_file() and json.loads(manifest_path.read_text())["key"] == key:
        write_plugin_config(corpus)  # cheap, and follows edits of the repository's mkdocs.yml
        return corpus
    started = time.perf_counter()
    shutil.rmtree(corpus, ignore_errors=True)
    notes = corpus / NOTES_DIR
    notes.mkdir(parents=True)
    manifest = Manifest(key, scale, seed)
    for original in load_originals():
        for copy in range(scale):
            manifest.copies.append(write_copy(original, copy, notes, seed))
    for path in notes.rglob("*"):
        if path.is_file() and path.name != "source.yml":
            manifest.files += 1
            manifest.bytes += path.stat().st_size
            manifest.lines += path.read_bytes().count(b"\n")
    manifest.sources = len(manifest.copies)
    write_plain(corpus, notes)
    write_plugin_config(corpus)
    manifest_path.write_text(json.dumps(asdict(manifest), indent=1), encoding="utf-8")
    fallbacks = sum(1 for c in manifest.copies if c.fallback)
    print(
        f"x{scale}: {manifest.sources} sources, {manifest.files} files, {manifest.bytes / 1e6:.1f} MB, "
        f"{fallbacks} copies on a fallback variant ({time.perf_counter() - started:.0f} s)",
        file=sys.stderr,
    )
    return corpus


def verify(corpus: Path) -> int:
    """Run the whole pipeline in-process on a corpus; print what it found and return its number of diagnostics."""
    from notes_kb.pipeline import Settings, run

    started = time.perf_counter()
    build = run(Settings(repo_root=corpus, notes_dir=NOTES_DIR))
    provenance = build.provenance_document()
    conflicts = len(provenance.get("conflicts", []))
    merged = sum(1 for b in provenance.get("blocks", []) if b.get("status") == "merged")
    print(f"{corpus.name}: pipeline {time.perf_counter() - started:.1f} s, {len(build.specs)} sources, "
          f"{len(build.pages)} pages, {merged} merged blocks, {conflicts} conflicts, "
          f"{len(build.diagnostics)} diagnostics, {len(build.notices)} notices")  # fmt: skip
    for diagnostic in build.diagnostics[:20]:
        print(f"  {diagnostic}")
    return len(build.diagnostics)


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: `python bench/scale.py --scales 1,10,50 [--verify] [--force]`."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--scales", default="1,10,50", help="comma-separated multiples of the real notes")
    parser.add_argument("--root", type=Path, default=CORPORA, help="where corpora are written (default %(default)s)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--force", action="store_true", help="regenerate even if the corpus on disk is current")
    parser.add_argument("--verify", action="store_true", help="run the whole pipeline on each corpus afterwards")
    args = parser.parse_args(argv)
    failed = 0
    for scale in (int(s) for s in args.scales.split(",")):
        corpus = generate(scale, args.root, args.seed, args.force)
        if args.verify:
            failed += verify(corpus) > 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
