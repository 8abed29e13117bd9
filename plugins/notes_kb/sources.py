"""Finding sources under `notes_src/`, validating their `source.yml`, and loading raw files.

A source is one folder: its notes plus a small metadata file naming the reader and the order of the files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Diagnostic, NoteError
from .intake import check_folder_name, decode_note

METADATA_FILE = "source.yml"
REQUIRED_KEYS = ("title", "reader", "files")
OPTIONAL_KEYS = ("course", "exam", "languages", "author", "description", "options", "classify")


@dataclass(frozen=True)
class RawFile:
    """One raw note, decoded. `path` is relative to the repository root; `lines` have no line endings.

    The decoded text itself is not kept: every reader works on the lines, and it was the build's largest string
    after the pages (×10 corpus: 40 MiB held to the end of the pipeline).
    """

    path: str
    sha256: str
    lines: tuple[str, ...]
    notices: tuple[Diagnostic, ...] = ()
    """What decoding repaired (a byte order mark, CRLF line ends): logged at INFO, see `intake.decode_note`."""

    def line(self, number: int) -> str:
        """Line `number` (1-based)."""
        return self.lines[number - 1]


@dataclass(frozen=True)
class SourceSpec:
    """A validated `source.yml`."""

    slug: str
    title: str
    reader: str
    files: tuple[str, ...]
    course: str = ""
    exam: str = ""
    languages: tuple[str, ...] = ("en",)
    author: str = ""
    description: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    classify: dict[str, str] = field(default_factory=dict)  # heading or "Chapter > Section" → catalogue slug


def split_lines(text: str) -> tuple[str, ...]:
    """Lines as a text editor numbers them: a final newline does not start a new line."""
    if not text:
        return ()
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return tuple(line[:-1] if line.endswith("\r") else line for line in lines)


def load_raw_file(root: Path, rel_path: str) -> RawFile:
    """Read and decode one raw note (UTF-8; a BOM, UTF-16 included, is honoured; binary files are refused)."""
    data = (root / rel_path).read_bytes()
    text, notices = decode_note(rel_path, data)
    return RawFile(rel_path, hashlib.sha256(data).hexdigest(), split_lines(text), notices)


def _as_str_tuple(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str) and v for v in value):
        return tuple(value)
    raise NoteError(where, f"'{key}' must be a non-empty list of strings")


URL_CHARS = ("#", "?")
"""Characters a note's file name cannot hold: its raw-line page's URL (`raw/<path>.html`) would end at one, and
every "lines a-b" link to it would break (a contributor's review: the strict build failed on link warnings that
named generated pages, not the file)."""


def _file_names(value: Any, where: str, line: int | None = None) -> tuple[str, ...]:
    """`files`: paths inside the source's folder, each once. The site publishes every listed file line by line, so a
    path out of the folder ("../../etc/hostname", "/etc/passwd") would publish whatever the build machine holds.
    """
    names = _as_str_tuple(value, "files", where)
    for name in names:
        parts = name.split("/")
        if name.startswith(("/", "~")) or "\\" in name or ":" in name or any(part in ("", ".", "..") for part in parts):
            raise NoteError(where, f"files: {name!r} must be a path inside this source's folder, such as notes.md")
        if any(char in name for char in URL_CHARS):  # the raw-line page's URL would end at it
            raise NoteError(
                where, f"files: {name!r}: rename the file without {' or '.join(map(repr, URL_CHARS))}", line
            )
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise NoteError(where, f"files: {', '.join(map(repr, twice))} listed more than once")
    return names


def parse_spec(
    slug: str, where: str, data: Any, known_readers: frozenset[str], lines: Mapping[str, int] | None = None
) -> SourceSpec:
    """Validate metadata; every mistake names the file and the key (and its line: `lines`, `key_lines`)."""
    if not isinstance(data, dict):
        raise NoteError(where, "must be a YAML mapping of keys such as title, reader, files")
    unknown = sorted({str(key) for key in data} - set(REQUIRED_KEYS) - set(OPTIONAL_KEYS))  # `true:` is a key too
    if unknown:
        allowed = ", ".join(REQUIRED_KEYS + OPTIONAL_KEYS)
        line = min((found for key in unknown if (found := (lines or {}).get(key))), default=None)
        raise NoteError(where, f"unknown key(s) {', '.join(map(repr, unknown))}; allowed: {allowed}", line)
    missing = [key for key in REQUIRED_KEYS if key not in data]
    if missing:
        raise NoteError(where, f"missing required key(s): {', '.join(missing)}")
    for key in ("title", "reader", "course", "exam", "author", "description"):
        if key in data and not isinstance(data[key], str):
            raise NoteError(where, f"'{key}' must be a string")
    if not data["title"].strip():
        raise NoteError(where, "'title' must not be empty: it names the source in the navigation")
    if data["reader"] not in known_readers:
        raise NoteError(where, f"unknown reader {data['reader']!r}; known readers: {', '.join(sorted(known_readers))}")
    options = data.get("options", {}) or {}
    if not isinstance(options, dict):
        raise NoteError(where, "'options' must be a mapping")
    return SourceSpec(
        slug=slug,
        title=data["title"].strip(),
        reader=data["reader"],
        files=_file_names(data["files"], where, (lines or {}).get("files")),
        course=data.get("course", ""),
        exam=data.get("exam", ""),
        languages=_as_str_tuple(data.get("languages", ["en"]), "languages", where),
        author=data.get("author", ""),
        description=data.get("description", ""),
        options=options,
        classify=_classify_overrides(data.get("classify", {}), where),
    )


def _classify_overrides(value: Any, where: str) -> dict[str, str]:
    """`classify:` maps a heading title (or "Chapter > Section" path) to a page slug of the service catalogue."""
    from .catalogue import load_catalogue  # local: metadata without `classify` never needs the catalogue

    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise NoteError(where, "'classify' must map heading titles to page slugs (strings)")
    catalogue = load_catalogue() if value else None
    for heading, slug in value.items():
        if catalogue is not None and slug not in catalogue:
            raise NoteError(where, f"classify: {heading!r} → unknown page slug {slug!r} (not in the service catalogue)")
    return {k.strip(): v.strip() for k, v in value.items()}


def discover_sources(repo_root: Path, notes_dir: str, known_readers: frozenset[str]) -> list[SourceSpec]:
    """Every folder under `notes_dir` holding a `source.yml`, sorted by folder name (deterministic)."""
    base = repo_root / notes_dir
    if not base.is_dir():
        raise NoteError(notes_dir, "notes folder not found")
    specs = []
    for folder in sorted(p for p in base.iterdir() if p.is_dir()):
        meta = folder / METADATA_FILE
        where = meta.relative_to(repo_root).as_posix()
        check_folder_name(folder.name, folder.relative_to(repo_root).as_posix())
        if not meta.is_file():
            raise NoteError(where, f"missing metadata file: every source folder needs a {METADATA_FILE}")
        try:
            data, lines = read_metadata(meta.read_text(encoding="utf-8"), where)
        except (yaml.YAMLError, UnicodeDecodeError) as err:
            line = getattr(getattr(err, "problem_mark", None), "line", None)
            raise NoteError(where, f"invalid YAML: {err}", None if line is None else line + 1) from None
        spec = parse_spec(folder.name, where, data, known_readers, lines)
        for name in spec.files:
            if not (folder / name).is_file():
                raise NoteError(where, f"lists file {name!r}, which does not exist in {folder.name}/")
            if not (folder / name).resolve().is_relative_to(folder.resolve()):  # a link out of the folder
                raise NoteError(where, f"lists file {name!r}, which links to a file outside {folder.name}/")
        specs.append(spec)
    return specs


def read_metadata(text: str, where: str) -> tuple[Any, dict[str, int]]:
    """A `source.yml`'s data, as `yaml.safe_load` gives it, and the line of each top-level key, from one parse."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        return (None, {}) if node is None else (loader.construct_document(node), key_lines(node, where))
    finally:
        loader.dispose()


def key_lines(node: yaml.Node, where: str) -> dict[str, int]:
    """The line of each top-level key of a `source.yml`; a key given twice is an error naming both lines (YAML
    keeps the last, so a second `title:` silently replaced the first: a contributor's review).
    """
    lines: dict[str, int] = {}
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key, _ in node.value:
        name, line = str(key.value), key.start_mark.line + 1
        if name in lines:
            raise NoteError(where, f"key '{name}' is given twice, on lines {lines[name]} and {line}", line)
        lines[name] = line
    return lines


def source_file_paths(spec: SourceSpec, notes_dir: str) -> list[str]:
    """Repository-relative paths of a source's files, in the order its metadata gives."""
    return [f"{notes_dir}/{spec.slug}/{name}" for name in spec.files]
