"""Source discovery and `source.yml` validation: every mistake names the file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from helpers import corpus
from notes_kb.errors import NoteError
from notes_kb.readers import READERS
from notes_kb.sources import discover_sources, load_raw_file, split_lines

ROOT = Path(__file__).resolve().parent.parent
KNOWN = frozenset(READERS)

# The raw notebooks are inputs, kept byte-for-byte as exported (the sha256 of ../shared/notes/*).
RAW_SHA256 = {
    "notes_src/saa-notebook/part-1.txt": "69ad8b2c18f636ae4566a1f84ee750a8fc1d57af3a328144f969ca1f6100d546",
    "notes_src/saa-notebook/part-2.txt": "2eb83307296e2c57253e43726354b1aa021ef4f75cca43c127c1cea9e148f008",
    "notes_src/saa-cheat-sheet/cheat-sheet.txt": "2ea32b7b71f0506a71811dca3440076ab3dd318b5e14b57b3b9e6c973e442de6",
    "notes_src/dva-c02-notes/notes.md": "85ef81c7e4fd840183b05fecb6dc8422c3aae9f471e5b762d143699a4646b0b6",
    "notes_src/udemy-saa-ko/notes.md": "9efcb717d7748990ee6656288dce0fd098557efdc3c9f72cb6b2615b6a3e4409",
}


def test_raw_notes_are_byte_for_byte_the_exports() -> None:
    for path, digest in RAW_SHA256.items():
        assert hashlib.sha256((ROOT / path).read_bytes()).hexdigest() == digest, path


def test_real_sources_are_discovered_in_folder_order() -> None:
    specs = discover_sources(corpus(), "notes_src", KNOWN)
    assert [s.slug for s in specs] == ["dva-c02-notes", "saa-cheat-sheet", "saa-notebook", "udemy-saa-ko"]
    notebook = next(s for s in specs if s.slug == "saa-notebook")
    assert notebook.files == ("part-1.txt", "part-2.txt")
    assert notebook.reader == "notion-toggle"


def _source(tmp_path: Path, meta: str, files: dict[str, str] | None = None) -> Path:
    folder = tmp_path / "notes" / "mine"
    folder.mkdir(parents=True)
    (folder / "source.yml").write_text(meta, encoding="utf-8")
    for name, text in (files or {"notes.md": "# T\n\n## A\n\ntext\n"}).items():
        (folder / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        ("title: T\nreader: github-markdown\nfiles: [notes.md]\ncolour: red\n", "unknown key(s) 'colour'"),
        ("title: T\nreader: word-doc\nfiles: [notes.md]\n", "unknown reader 'word-doc'"),
        ("title: T\nfiles: [notes.md]\n", "missing required key(s): reader"),
        ("title: T\nreader: github-markdown\nfiles: [other.md]\n", "lists file 'other.md', which does not exist"),
        ("title: T\nreader: github-markdown\nfiles: []\n", "'files' must be a non-empty list"),
        ("- just\n- a list\n", "must be a YAML mapping"),
        ("title: [unclosed\n", "invalid YAML"),
        ("title: T\nreader: github-markdown\nfiles: [notes#1.md]\n", "'notes#1.md': rename the file without '#'"),
        ("title: T\nreader: github-markdown\nfiles: ['why?.md']\n", "'why?.md': rename the file without '#' or '?'"),
        (
            "title: T\nreader: github-markdown\nfiles: [notes.md]\ntrue: 1\ncolour: red\n",
            "unknown key(s) 'True', 'colour'",
        ),
    ],
)
def test_bad_metadata_is_a_clear_error_naming_the_file(tmp_path: Path, meta: str, message: str) -> None:
    root = _source(tmp_path, meta)
    with pytest.raises(NoteError) as err:
        discover_sources(root, "notes", KNOWN)
    assert str(err.value).startswith("notes/mine/source.yml")
    assert message in str(err.value)


@pytest.mark.parametrize(
    ("meta", "where", "message"),
    [
        ("title: T\nreader: github-markdown\nfiles: [notes.md]\ncolour: red\n", ":4:", "unknown key(s) 'colour'"),
        ("title: T\nreader: github-markdown\ntitle: U\nfiles: [notes.md]\n", ":3:", "'title' is given twice"),
        ("title: T\nreader: github-markdown\nfiles: [a#b.md]\n", ":3:", "rename the file"),
    ],
)
def test_a_key_mistake_names_its_line(tmp_path: Path, meta: str, where: str, message: str) -> None:
    """A contributor's review: an unknown key's error had no line, and a second `title:` silently won."""
    with pytest.raises(NoteError) as err:
        discover_sources(_source(tmp_path, meta), "notes", KNOWN)
    assert str(err.value).startswith(f"notes/mine/source.yml{where}") and message in str(err.value)


def test_missing_metadata_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "notes" / "bare").mkdir(parents=True)
    with pytest.raises(NoteError, match=r"notes/bare/source.yml: missing metadata file"):
        discover_sources(tmp_path, "notes", KNOWN)


def test_not_utf8_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "n.txt").write_bytes(b"ok\nfine\ncaf\xe9\n")
    with pytest.raises(NoteError, match=r"^n.txt:3: not valid UTF-8"):
        load_raw_file(tmp_path, "n.txt")


def test_line_splitting_matches_editor_numbering() -> None:
    assert split_lines("a\nb") == ("a", "b")
    assert split_lines("a\nb\n") == ("a", "b")
    assert split_lines("a\r\nb\r\n") == ("a", "b")
    assert split_lines("") == ()


def test_no_image_the_notes_reference_is_in_the_repository() -> None:
    """Readers drop every image as 'not in the repository': keep that statement true."""
    import re
    from urllib.parse import unquote

    image = re.compile(r"!\[[^\]]*\]\(\s*<?([^)>]+?)>?\s*\)")
    checked = 0
    for path in RAW_SHA256:
        note = ROOT / path
        for target in image.findall(note.read_text(encoding="utf-8")):
            checked += 1
            assert not (note.parent / unquote(target)).exists(), target
    assert checked == 338
