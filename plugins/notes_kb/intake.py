"""Bad input from contributors: decoding a note's bytes, and checks for mistakes a reader would silently absorb.

Every case has one defined outcome (the table is `docs/bad-input.md`): a `NoteError` naming file and line for what
the build cannot read, a *warning* (`Diagnostic`, fails `mkdocs build --strict`) for what the contributor must fix,
or a *notice* (logged at INFO, the strict build passes) for what the build repairs on its own.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Diagnostic, NoteError
from .model import Block, Callout, Code, ListBlock, SourceTree, walk_sections
from .slugs import slugify

if TYPE_CHECKING:
    from .sources import SourceSpec

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),  # before UTF-16 LE, whose BOM is a prefix of this one
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
SAVE_AS_UTF8 = "save the file as UTF-8 (in VS Code: 'Save with Encoding' → UTF-8)"


def _where(data: bytes, index: int) -> tuple[int, int]:
    """1-based line and column of byte `index`, the column in characters as an editor counts them: a byte count
    put a Latin-1 "é" after an em dash two columns too far (a contributor's review).
    """
    line_start = data.rfind(b"\n", 0, index) + 1
    return data.count(b"\n", 0, index) + 1, len(data[line_start:index].decode("utf-8", "replace")) + 1


def decode_note(path: str, data: bytes) -> tuple[str, tuple[Diagnostic, ...]]:
    """Text of a note and the notices about how it was decoded; a file that is not text is a `NoteError`.

    A byte order mark is trusted (it is unambiguous); without one the file must be UTF-8, because guessing between
    Latin-1, Windows-1252 and others would publish wrong characters without anyone noticing.
    """
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as err:
                line, _ = _where(data, err.start)
                raise NoteError(path, f"starts with a {name} byte order mark but is not valid {name}", line) from None
            notice = "UTF-8 byte order mark ignored" if name == "UTF-8" else f"decoded as {name} (byte order mark)"
            _reject_nul(path, text.encode("utf-8"))
            return text, (Diagnostic(path, 1, f"{notice}; {SAVE_AS_UTF8} without BOM to silence this"),)
    _reject_nul(path, data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line, column = _where(data, err.start)
        raise NoteError(
            path,
            f"not valid UTF-8: byte 0x{data[err.start]:02X} at column {column} (Latin-1 or Windows-1252?); "
            + SAVE_AS_UTF8,
            line,
        ) from None
    crlf = text.find("\r\n")
    if crlf < 0:
        return text, ()
    line = text.count("\n", 0, crlf) + 1
    return text, (Diagnostic(path, line, "Windows line endings (CRLF) read as plain line ends"),)


def _reject_nul(path: str, data: bytes) -> None:
    """A NUL byte never occurs in a text note: the file is binary (an image, a PDF, a .docx) or UTF-16 without BOM."""
    index = data.find(b"\x00")
    if index >= 0:
        line, column = _where(data, index)
        raise NoteError(
            path,
            f"binary file, not text (NUL byte at column {column}): only Markdown or plain-text notes can be read; "
            + SAVE_AS_UTF8,
            line,
        )


def check_empty(path: str, lines: Sequence[str]) -> Diagnostic | None:
    """A listed file with no text publishes nothing: most likely an export that failed or a file saved empty."""
    if any(line.strip() for line in lines):
        return None
    return Diagnostic(path, None, "has no text (empty or blank lines only); add notes or remove it from source.yml")


# ---------------------------------------------------------------------------------------------------------------
# Checks on what a reader made of the lines: constructs that silently swallow the rest of a file


_CONTAINER = r"^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*"
_FENCE_OPEN = re.compile(_CONTAINER + r"(`{3,}|~{3,})")
_FENCE_CLOSE = re.compile(r"^[ \t>]*(`{3,}|~{3,})[ \t]*$")
_HTML_OPEN = re.compile(
    r"^[ \t]{0,3}<(!--|\?|!\[CDATA\[|![A-Za-z]|(?:script|pre|style|textarea)(?=[\s>]|$))", re.IGNORECASE
)
_HTML_CLOSE = {"!--": "-->", "?": "?>", "![CDATA[": "]]>"}


def _blocks(blocks: Sequence[Block]) -> Iterator[Block]:
    """Every block, nested ones included (list item children, callout contents), in document order."""
    for block in blocks:
        yield block
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from _blocks(item.children)
        elif isinstance(block, Callout):
            yield from _blocks(block.blocks)


def _all_blocks(tree: SourceTree) -> Iterator[Block]:
    for section in walk_sections(tree.chapters):
        yield from _blocks(section.blocks)


def _unclosed_fence(block: Block, lines: Sequence[str]) -> str | None:
    if not isinstance(block, Code):
        return None
    opener = _FENCE_OPEN.match(lines[block.span.start - 1])
    if opener is None:
        return None
    fence = opener.group(1)
    closer = _FENCE_CLOSE.match(lines[block.span.end - 1]) if block.span.end > block.span.start else None
    if closer and closer.group(1)[0] == fence[0] and len(closer.group(1)) >= len(fence):
        return None
    return f"code fence {fence} opened here is never closed"


def _unclosed_html(block: Block, lines: Sequence[str]) -> str | None:
    opener = _HTML_OPEN.match(lines[block.span.start - 1])
    if opener is None:
        return None
    tag = opener.group(1)
    close = _HTML_CLOSE.get(tag, ">" if tag.startswith("!") else f"</{tag.lower()}>")
    body = "\n".join(lines[block.span.start - 1 : block.span.end])[opener.end() :]
    if close in body.lower():
        return None
    return f"HTML <{tag} opened here is never closed (no {close})"


def check_swallowed(tree: SourceTree, path: str, lines: Sequence[str]) -> list[Diagnostic]:
    """An unclosed code fence or HTML block runs to the end of the file: the headings after it are lost as such.

    Only blocks a reader actually extended to the file's last line count, so a reader that does not treat
    ``` or `<!--` specially (a flattened PDF) is not warned about.
    """
    last = max((n for n, line in enumerate(lines, 1) if line.strip()), default=0)
    out = []
    for block in _all_blocks(tree):
        if block.span.path != path or block.span.end != last:
            continue
        problem = _unclosed_fence(block, lines) or _unclosed_html(block, lines)
        if problem:
            start = block.span.start
            out.append(
                Diagnostic(path, start, f"{problem}: lines {start}-{last} (the rest of the file) are read as one block")
            )
    return out


def check_tree(tree: SourceTree, files: Sequence[tuple[str, Sequence[str]]]) -> list[Diagnostic]:
    """Warnings about one source's files and what its reader made of them."""
    out = [d for path, lines in files if (d := check_empty(path, lines)) is not None]
    for path, lines in files:
        out.extend(check_swallowed(tree, path, lines))
    return out


def heading_notices(tree: SourceTree) -> list[Diagnostic]:
    """A heading of only punctuation or emoji has no words for a page name or anchor: it gets a generated one."""
    return [
        Diagnostic(
            section.heading.path,
            section.heading.start,
            f"heading {section.title!r} has no letters or digits: its page name or anchor is generated",
        )
        for section in walk_sections(tree.chapters)
        if section.heading is not None and not slugify(section.title, fallback="")
    ]


def html_notices(tree: SourceTree) -> list[Diagnostic]:
    """One notice per file where raw HTML tags were removed; provenance.json lists each (top-level block repairs)."""
    first: dict[str, tuple[int, int]] = {}
    for block in (b for section in walk_sections(tree.chapters) for b in section.blocks):
        for repair in getattr(block, "repairs", ()):
            if repair.what.startswith("raw HTML tag"):
                line, count = first.get(block.span.path, (repair.line, 0))
                first[block.span.path] = (min(line, repair.line), count + 1)
    return [
        Diagnostic(path, line, f"{count} raw HTML tag(s) removed, their text kept (see provenance.json)")
        for path, (line, count) in sorted(first.items())
    ]


# ---------------------------------------------------------------------------------------------------------------
# Sources: folder names are URLs, titles are navigation entries


def check_folder_name(name: str, where: str) -> None:
    """A source folder's name is its URL slug as is, so it must already be one.

    Normalising it instead would let `AWS Notes/` and `aws-notes/` (or `Notes/` and `notes/` on a case-insensitive
    disk) publish to the same pages; requiring the slug makes two sources' URLs collide only if their folders do.
    """
    slug = slugify(name, fallback="notes")
    if name != slug:
        raise NoteError(
            where, f"folder name {name!r} is not a URL slug (lower-case words joined by '-'): rename it {slug!r}"
        )


def check_titles(specs: Sequence[SourceSpec], root: Path, notes_dir: str) -> list[Diagnostic]:
    """Two sources with the same title look like one in the navigation and on the Sources page."""
    seen: dict[str, str] = {}
    out = []
    for spec in specs:
        key = " ".join(spec.title.casefold().split())
        if key in seen:
            where = f"{notes_dir}/{spec.slug}/source.yml"
            out.append(
                Diagnostic(
                    where,
                    _key_line(root / where, "title"),
                    f"title {spec.title!r} is also the title of {notes_dir}/{seen[key]}/source.yml; "
                    "give each source its own title",
                )
            )
        else:
            seen[key] = spec.slug
    return out


def _key_line(path: Path, key: str) -> int | None:
    """The line of a top-level `key:` in a YAML file (already parsed once, so it is readable UTF-8)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return next((n for n, line in enumerate(lines, 1) if line.startswith(f"{key}:")), None)
