"""Every row of docs/bad-input.md, against the real pipeline (and, for the strict pass/fail split, real MkDocs).

A row is HANDLED (the build goes on; a warning the contributor must fix, or an INFO notice for what the build
repaired; every non-blank line still kept or dropped in provenance) or a CLEAR ERROR (`NoteError`, file and line).
"""

from __future__ import annotations

import codecs
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from notes_kb.coverage import check_coverage
from notes_kb.errors import Diagnostic, NoteError
from notes_kb.glossary import without_abbreviations
from notes_kb.model import Repair
from notes_kb.pipeline import Build, Settings, run
from notes_kb.readers import READERS
from notes_kb.sources import load_raw_file

ROOT = Path(__file__).resolve().parent.parent
NOTE = "notes_src/mine/n.md"
ALL_READERS = sorted(READERS)


def _project(tmp_path: Path, files: dict[str, bytes], reader: str = "github-markdown", meta: str = "") -> Path:
    """A project with one source, `notes_src/mine/`, holding `files` (in order) and its `source.yml`."""
    folder = tmp_path / "notes_src" / "mine"
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    listed = ", ".join(files)
    (folder / "source.yml").write_text(meta or f"title: Mine\nreader: {reader}\nfiles: [{listed}]\n", encoding="utf-8")
    return tmp_path


def _note(tmp_path: Path, data: bytes, reader: str = "github-markdown") -> Build:
    return run(Settings(_project(tmp_path, {"n.md": data}, reader)))


def _blocks(build: Build, path: str = NOTE) -> list[dict[str, Any]]:
    return [b for b in build.provenance_document()["blocks"] if b["path"] == path]


def _record(build: Build, line: int, path: str = NOTE) -> dict[str, Any]:
    """The provenance record holding `line`: kept (with a URL) or dropped (with a reason), exactly one."""
    found = [b for b in _blocks(build, path) if b["start"] <= line <= b["end"]]
    assert len(found) == 1, found
    record = found[0]
    why = {"kept": "url", "dropped": "reason", "merged": "duplicate_of"}[record["status"]]
    assert record[why]
    return record


def _assert_accounted(build: Build) -> None:
    """Every non-blank line of every file lies in exactly one provenance block, and the coverage check agrees."""
    for spec in build.specs:
        assert check_coverage(build.trees[spec.slug], build.files[spec.slug]) == []
        for raw in build.files[spec.slug]:
            for n, line in enumerate(raw.lines, 1):
                if line.strip():
                    _record(build, n, raw.path)


def _build_site(project: Path) -> subprocess.CompletedProcess[str]:
    """A real `mkdocs build --strict` (INFO shown, so notices can be checked) of a copy of the site."""
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _chapter_text(build: Build) -> str:
    """The chapter pages' Markdown, without the abbreviation block the glossary appends (our own HTML comment)."""
    return "\n".join(without_abbreviations(p.markdown) for p in build.pages if p.src_uri.startswith("sources/mine/"))


# ---------------------------------------------------------------------------------------------------------------
# Empty and binary files, encodings, line endings


@pytest.mark.parametrize("reader", ALL_READERS)
@pytest.mark.parametrize("data", [b"", b"\n \n\t\n"], ids=["empty", "blank-lines"])
def test_empty_file_warns_and_builds(tmp_path: Path, reader: str, data: bytes) -> None:
    build = _note(tmp_path, data, reader)
    assert build.diagnostics == (
        Diagnostic(NOTE, None, "has no text (empty or blank lines only); add notes or remove it from source.yml"),
    )
    assert _blocks(build) == []
    assert build.chapter_pages["mine"] == ()


@pytest.mark.parametrize("reader", ALL_READERS)
def test_binary_file_is_a_clear_error(tmp_path: Path, reader: str) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    with pytest.raises(NoteError, match=r"^notes_src/mine/n\.md:3: binary file, not text \(NUL byte at column 1\)"):
        _note(tmp_path, png, reader)


def test_nul_byte_in_otherwise_ascii_text_is_binary(tmp_path: Path) -> None:
    with pytest.raises(NoteError, match=r"^notes_src/mine/n\.md:2: binary file, not text \(NUL byte at column 3\)"):
        _note(tmp_path, b"# Notes\nab\x00cd\n")


def test_latin1_is_a_clear_error_with_line_and_column(tmp_path: Path) -> None:
    data = "# Notes\n\n## S3\n\nna\u00efve r\u00e9sum\u00e9\n".encode("latin-1")
    with pytest.raises(NoteError) as err:
        _note(tmp_path, data)
    assert str(err.value) == (
        "notes_src/mine/n.md:5: not valid UTF-8: byte 0xEF at column 3 (Latin-1 or Windows-1252?); "
        "save the file as UTF-8 (in VS Code: 'Save with Encoding' → UTF-8)"
    )
    after_a_dash = "# Notes\n\nA \u2014 ".encode() + "caf\u00e9\n".encode("latin-1")  # the dash: 3 bytes, 1 character
    with pytest.raises(NoteError, match=r"^notes_src/mine/n\.md:3: not valid UTF-8: byte 0xE9 at column 8 "):
        _note(tmp_path / "dash", after_a_dash)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("reader", ALL_READERS)
def test_utf16_with_bom_is_decoded_with_a_notice(tmp_path: Path, reader: str, codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec == "utf-16-le" else codecs.BOM_UTF16_BE
    build = _note(tmp_path, bom + "# Notes\n\n## S3\n\nCaf\u00e9 buckets.\n".encode(codec), reader)
    assert build.diagnostics == ()
    assert build.notices[0] == Diagnostic(
        NOTE,
        1,
        "decoded as UTF-16 (byte order mark); save the file as UTF-8 (in VS Code: 'Save with Encoding' → "
        "UTF-8) without BOM to silence this",
    )
    assert build.files["mine"][0].lines == ("# Notes", "", "## S3", "", "Caf\u00e9 buckets.")
    assert "Caf\u00e9 buckets." in _chapter_text(build)
    _assert_accounted(build)
    assert _record(build, 5)["status"] == "kept"


def test_utf16_without_bom_is_refused_as_binary(tmp_path: Path) -> None:
    with pytest.raises(NoteError, match=r"^notes_src/mine/n\.md:1: binary file"):
        _note(tmp_path, "# Notes\n".encode("utf-16-le"))


@pytest.mark.parametrize("reader", ALL_READERS)
def test_utf8_bom_is_dropped_with_a_notice_and_line_1_still_reads(tmp_path: Path, reader: str) -> None:
    build = _note(tmp_path, codecs.BOM_UTF8 + b"# Notes\n\n## EC2\n\nInstances.\n", reader)
    assert build.diagnostics == ()
    assert build.notices[0].path == NOTE and build.notices[0].line == 1
    assert build.notices[0].message.startswith("UTF-8 byte order mark ignored")
    assert build.files["mine"][0].lines[0] == "# Notes"
    _assert_accounted(build)
    assert _record(build, 1)["status"] in ("kept", "dropped")
    assert "\ufeff" not in _chapter_text(build)


@pytest.mark.parametrize("reader", ALL_READERS)
def test_crlf_line_endings_are_read_with_a_notice(tmp_path: Path, reader: str) -> None:
    build = _note(tmp_path, b"# Notes\n\n## EC2\r\n\r\nInstances.\r\n- a\r\n- b\r\n", reader)
    assert build.diagnostics == ()
    assert build.notices == (Diagnostic(NOTE, 3, "Windows line endings (CRLF) read as plain line ends"),)
    assert all("\r" not in line for line in build.files["mine"][0].lines)
    assert "\r" not in _chapter_text(build)
    _assert_accounted(build)
    assert _record(build, 5)["status"] == "kept"


# ---------------------------------------------------------------------------------------------------------------
# Constructs that swallow the rest of a file


@pytest.mark.parametrize("reader", ["github-markdown", "notion-export", "notion-toggle"])
def test_unclosed_code_fence_warns_at_its_line_and_keeps_the_lines_as_code(tmp_path: Path, reader: str) -> None:
    build = _note(tmp_path, b"# Notes\n\n## EC2\n\n```bash\naws ec2 run-instances\n\n## S3\n", reader)
    assert build.diagnostics == (
        Diagnostic(
            NOTE,
            5,
            "code fence ``` opened here is never closed: lines 5-8 (the rest of the file) are read as one block",
        ),
    )
    _assert_accounted(build)
    assert _record(build, 8)["kind"] == "code"


def test_unbalanced_formatting_html_is_stripped_with_a_notice(tmp_path: Path) -> None:
    build = _note(tmp_path, b"# Notes\n\n## EC2\n\n<div><span>open\n\n<b>bold <i>text</div> </table>\n")
    assert build.diagnostics == ()
    assert build.notices == (Diagnostic(NOTE, 5, "6 raw HTML tag(s) removed, their text kept (see provenance.json)"),)
    text = _chapter_text(build)
    assert "open" in text and "bold text" in text and "<" not in text.split("</p>", 1)[1]
    _assert_accounted(build)
    assert {r["what"] for r in _record(build, 7)["repairs"]} == {
        f"raw HTML tag {tag} removed" for tag in ("<b>", "<i>", "</div>", "</table>")
    }


@pytest.mark.parametrize(("opener", "closer"), [("<!-- hidden", "-->"), ("<pre>", "</pre>"), ("<script>", "</script>")])
def test_unclosed_html_block_warns_at_its_line(tmp_path: Path, opener: str, closer: str) -> None:
    build = _note(tmp_path, f"# Notes\n\n## EC2\n\n{opener}\n\n## S3\n\ntext\n".encode())
    tag = opener[1:].split(">")[0].split()[0].removesuffix("--") or "!--"
    assert [str(d) for d in build.diagnostics] == [
        f"{NOTE}:5: HTML <{tag if tag != '!' else '!--'} opened here is never closed (no {closer}): "
        "lines 5-9 (the rest of the file) are read as one block"
    ]
    _assert_accounted(build)
    assert _record(build, 7)["status"] == "kept"


def test_closed_html_comment_is_not_warned(tmp_path: Path) -> None:
    build = _note(tmp_path, b"# Notes\n\n## EC2\n\n<!-- hidden\nstill hidden -->\n\n## S3\n\ntext\n")
    assert build.diagnostics == ()


# ---------------------------------------------------------------------------------------------------------------
# Size and depth


def _big_note(size: int) -> bytes:
    """A varied, deterministic note of `size` bytes: chapters of sentences, lists, code and tables."""
    parts, n, total = ["# Big notes\n\n"], 0, 0
    while total < size:
        n += 1
        chunk = (
            f"## Topic {n}\n\n"
            + "".join(f"Fact {n}.{k}: Amazon S3 stores object {k} in bucket b{n} with **care**.\n" for k in range(12))
            + "\n"
            + "".join(f"- item {n}.{k} uses `aws s3 cp` and [docs](https://example.org/{n}/{k})\n" for k in range(8))
            + f"\n```bash\naws s3 ls s3://bucket-{n}\n```\n\n| a | b |\n| --- | --- |\n| {n} | x |\n\n"
        )
        parts.append(chunk)
        total += len(chunk)
    return "".join(parts).encode()


@pytest.mark.parametrize("reader", ALL_READERS)
@pytest.mark.slow
def test_5mb_file_is_read_in_seconds_and_accounted(tmp_path: Path, reader: str) -> None:
    project = _project(tmp_path, {"n.md": _big_note(5_000_000)}, reader)
    raw = load_raw_file(project, NOTE)
    tree = READERS[reader].read([raw], {})  # 0.5-6 s here; timing belongs to the benchmark, not to this test
    assert sum(len(line) + 1 for line in raw.lines) >= 5_000_000
    assert check_coverage(tree, [raw]) == []


@pytest.mark.slow
def test_5mb_file_builds_through_the_whole_pipeline(tmp_path: Path) -> None:
    build = _note(tmp_path, _big_note(5_000_000))  # measured 11 s here (read 2.7 s, merge 5.5 s)
    assert build.diagnostics == ()
    raw = build.files["mine"][0]
    assert check_coverage(build.trees["mine"], build.files["mine"]) == []
    assert _record(build, max(n for n, line in enumerate(raw.lines, 1) if line.strip()))["status"] == "kept"


def test_a_long_pasted_log_repeated_back_to_back_is_not_quadratic(tmp_path: Path) -> None:
    block = "## Topic\n\n" + "Some text about S3 buckets and more.\n" * 20 + "\n"
    build = _note(tmp_path, (block * 6000).encode())  # finishes at all only because the check is linear now
    assert _record(build, 24 + 6)["reason"] == "exact repeat of lines 1-22"


@pytest.mark.parametrize("reader", ALL_READERS)
@pytest.mark.parametrize(
    "line",
    [
        "word " * 20_000,
        "x" * 100_000,
        "![pasted](data:image/png;base64," + "iVBORw0KGgo" * 9_090 + ")",
        '{"Statement":[' + '{"Effect":"Allow","Action":"s3:GetObject"},' * 2_400 + "]}",
        "EC2" + " " * 100_000 + "t3.micro",
    ],
    ids=["words", "one-token", "base64-image", "minified-json", "space-run"],
)
def test_100k_character_line_is_fast_and_accounted(tmp_path: Path, reader: str, line: str) -> None:
    assert len(line) >= 100_000
    build = _note(tmp_path, f"# Notes\n\n## A\n\n{line}\n\ntail\n".encode(), reader)  # under 0.2 s here
    assert build.diagnostics == ()
    _assert_accounted(build)
    record = _record(build, 5)
    assert record["status"] == "kept" or "image" in record["reason"]


def _nested_list(depth: int) -> bytes:
    return ("# Notes\n\n## A\n\n" + "".join("  " * k + f"- level {k}\n" for k in range(depth))).encode()


@pytest.mark.parametrize("reader", ALL_READERS)
def test_list_nested_50_deep_keeps_every_level(tmp_path: Path, reader: str) -> None:
    build = _note(tmp_path, _nested_list(50), reader)
    assert build.diagnostics == ()
    text = _chapter_text(build)
    assert [f"level {k}" in text for k in range(50)] == [True] * 50
    _assert_accounted(build)


def test_nesting_past_the_parser_limit_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(NoteError, match=r"^notes_src/mine/n\.md:67: lists or quotes nested over 62 levels deep"):
        _note(tmp_path, _nested_list(63))
    with pytest.raises(NoteError, match=r"^notes_src/mine/n\.md:5: lists or quotes nested over"):
        _note(tmp_path / "quotes", b"# Notes\n\n## A\n\n" + b">" * 1000 + b" deep\n")


# ---------------------------------------------------------------------------------------------------------------
# Headings, sources, metadata, readers


@pytest.mark.parametrize("reader", ["github-markdown", "notion-export"])
def test_heading_of_only_punctuation_or_emoji_gets_a_generated_name(tmp_path: Path, reader: str) -> None:
    data = "# Notes\n\n## !!!\n\ntext\n\n## \U0001f680\U0001f525\n\nmore\n\n## EC2\n\n### ...\n\nx\n".encode()
    build = _note(tmp_path, data, reader)
    assert build.diagnostics == ()
    assert [(n.line, n.message) for n in build.notices] == [
        (3, "heading '!!!' has no letters or digits: its page name or anchor is generated"),
        (7, "heading '\U0001f680\U0001f525' has no letters or digits: its page name or anchor is generated"),
        (13, "heading '...' has no letters or digits: its page name or anchor is generated"),
    ]
    uris = [p.src_uri for p in build.chapter_pages["mine"]]
    assert uris == ["sources/mine/chapter.md", "sources/mine/chapter-2.md", "sources/mine/ec2.md"]
    _assert_accounted(build)


def _two_sources(tmp_path: Path, second_title: str) -> Path:
    for folder, title in (("first", "SAA notes"), ("second", second_title)):
        path = tmp_path / "notes_src" / folder
        path.mkdir(parents=True)
        (path / "n.md").write_text("# Notes\n\n## EC2\n\nInstances.\n", encoding="utf-8")
        meta = f"# {folder}\ntitle: {title}\nreader: github-markdown\nfiles: [n.md]\n"
        (path / "source.yml").write_text(meta, encoding="utf-8")
    return tmp_path


def test_two_sources_with_the_same_title_warn(tmp_path: Path) -> None:
    build = run(Settings(_two_sources(tmp_path, "SAA  Notes")))
    assert [str(d) for d in build.diagnostics] == [
        "notes_src/second/source.yml:2: title 'SAA  Notes' is also the title of notes_src/first/source.yml; "
        "give each source its own title"
    ]
    assert sorted(build.chapter_pages) == ["first", "second"]
    _assert_accounted(build)


@pytest.mark.parametrize(
    ("folder", "slug"), [("My Notes", "my-notes"), ("Mine", "mine"), ("saa_notes", "saa-notes"), ("café", "café")]
)
def test_folder_name_must_be_its_own_slug(tmp_path: Path, folder: str, slug: str) -> None:
    path = tmp_path / "notes_src" / folder
    path.mkdir(parents=True)
    (path / "n.md").write_text("# Notes\n", encoding="utf-8")
    (path / "source.yml").write_text("title: T\nreader: github-markdown\nfiles: [n.md]\n", encoding="utf-8")
    if folder == slug:
        assert run(Settings(tmp_path)).specs[0].slug == slug
        return
    with pytest.raises(NoteError) as err:
        run(Settings(tmp_path))
    assert str(err.value) == (
        f"notes_src/{folder}: folder name {folder!r} is not a URL slug "
        f"(lower-case words joined by '-'): rename it {slug!r}"
    )


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        (None, r": missing metadata file"),
        ("title: [unclosed\n", r":2: invalid YAML"),
        ("- just\n- a list\n", r": must be a YAML mapping"),
        ("", r": must be a YAML mapping"),
        ("title: Mine\nreader: github-markdown\n", r": missing required key\(s\): files"),
        ("title: ' '\nreader: github-markdown\nfiles: [n.md]\n", r": 'title' must not be empty"),
        ("title: Mine\nreader: github-markdown\nfiles: [gone.md]\n", r": lists file 'gone\.md'"),
        ("title: Mine\nreader: github-markdown\nfiles: [n.md]\ncolour: red\n", r":4: unknown key\(s\) 'colour'"),
    ],
    ids=["missing", "bad-yaml", "not-a-mapping", "empty", "missing-key", "empty-title", "missing-file", "unknown-key"],
)
def test_missing_or_invalid_metadata_is_a_clear_error(tmp_path: Path, meta: str | None, message: str) -> None:
    folder = tmp_path / "notes_src" / "mine"
    folder.mkdir(parents=True)
    (folder / "n.md").write_text("# Notes\n", encoding="utf-8")
    if meta is not None:
        (folder / "source.yml").write_text(meta, encoding="utf-8")
    with pytest.raises(NoteError, match=r"^notes_src/mine/source\.yml" + message):
        run(Settings(tmp_path))


@pytest.mark.parametrize(
    ("listed", "message"),
    [
        ("../other/secret.md", "must be a path inside this source's folder"),
        ("../../../../../../etc/hostname", "must be a path inside this source's folder"),
        ("/etc/passwd", "must be a path inside this source's folder"),
        ("./n.md", "must be a path inside this source's folder"),
        ("n.md, n.md", "'n.md' listed more than once"),
        ("linked.md", "links to a file outside mine/"),
    ],
    ids=["up", "far-up", "absolute", "dot", "twice", "symlink-out"],
)
def test_a_listed_file_outside_the_source_folder_is_refused(tmp_path: Path, listed: str, message: str) -> None:
    """The site publishes every listed file line by line: a blind contributor's `files: [../../../../../etc/hostname]`
    passed `notes-kb check` and was published (and `/etc/passwd` crashed with a traceback)."""
    (tmp_path / "notes_src" / "other").mkdir(parents=True)
    secret = tmp_path / "notes_src" / "other" / "secret.md"
    secret.write_text("# Secret\n\nNot for the site.\n", encoding="utf-8")
    project = _project(
        tmp_path, {"n.md": b"# Notes\n"}, meta=f"title: Mine\nreader: github-markdown\nfiles: [{listed}]\n"
    )
    (project / "notes_src" / "mine" / "linked.md").symlink_to(secret)
    with pytest.raises(NoteError, match=r"^notes_src/mine/source\.yml: .*" + re.escape(message)):
        run(Settings(project))


def test_unknown_reader_is_a_clear_error_listing_the_known_ones(tmp_path: Path) -> None:
    project = _project(tmp_path, {"n.md": b"# Notes\n"}, meta="title: Mine\nreader: word-doc\nfiles: [n.md]\n")
    with pytest.raises(NoteError) as err:
        run(Settings(project))
    assert str(err.value) == (
        "notes_src/mine/source.yml: unknown reader 'word-doc'; known readers: " + ", ".join(ALL_READERS)
    )


def test_note_naming_no_known_service_simply_builds(tmp_path: Path) -> None:
    build = _note(tmp_path, b"# Kitchen\n\n## Sourdough\n\nFeed the starter twice a day.\n\n## Knives\n\nHone.\n")
    assert build.diagnostics == ()
    assert [p.title for p in build.chapter_pages["mine"]] == ["Sourdough", "Knives"]
    _assert_accounted(build)


# ---------------------------------------------------------------------------------------------------------------
# The strict split, through a real `mkdocs build --strict`


REPAIRED = {
    "utf16.md": codecs.BOM_UTF16_LE + "# UTF-16\n\n## Caf\u00e9\n\nS3 buckets.\n".encode("utf-16-le"),
    "bom.md": codecs.BOM_UTF8 + b"# BOM\n\n## IAM\n\nUsers and roles.\n",
    "crlf.md": b"# CRLF\r\n\r\n## VPC\r\n\r\nSubnets.\r\n",
    "html.md": b"# HTML\n\n## SQS\n\n<div><b>queues <i>and</div> </table>\n",
    "punct.md": "# Punct\n\n## \U0001f680\n\nrockets\n\n## ...\n\ndots\n".encode(),
    "deep.md": _nested_list(50).replace(b"# Notes", b"# Deep"),
    "long.md": ("# Long\n\n## Lambda\n\n" + "word " * 20_000 + "\n").encode(),
    "kitchen.md": b"# Kitchen\n\n## Sourdough\n\nFeed the starter.\n",
}


def test_strict_build_passes_on_what_the_plugin_repairs(tmp_path: Path) -> None:
    project = _project(tmp_path, REPAIRED)
    result = _build_site(project)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "WARNING" not in result.stderr
    for notice in (
        "notes_src/mine/utf16.md:1: decoded as UTF-16",
        "notes_src/mine/bom.md:1: UTF-8 byte order mark ignored",
        "notes_src/mine/crlf.md:1: Windows line endings (CRLF)",
        "notes_src/mine/html.md:5: 5 raw HTML tag(s) removed",
        "notes_src/mine/punct.md:3: heading '\U0001f680' has no letters or digits",
    ):
        assert f"INFO    -  notes_kb: {notice}" in result.stderr
    deep = (project / "site" / "sources" / "mine" / "a" / "index.html").read_text(encoding="utf-8")
    assert deep.count("level ") >= 50 and "level 49" in deep


@pytest.mark.parametrize(
    ("files", "meta", "message"),
    [
        ({"n.md": b""}, "", "notes_src/mine/n.md: has no text"),
        ({"n.md": b"# N\n\n## EC2\n\n```\ncode\n"}, "", "notes_src/mine/n.md:5: code fence ``` opened here is never"),
        ({"n.md": b"# N\n\n## EC2\n\n<!-- x\n\n## S3\n"}, "", "notes_src/mine/n.md:5: HTML <!-- opened here is never"),
    ],
    ids=["empty", "unclosed-fence", "unclosed-comment"],
)
def test_strict_build_fails_on_what_contributors_must_fix(
    tmp_path: Path, files: dict[str, bytes], meta: str, message: str
) -> None:
    result = _build_site(_project(tmp_path, files, meta=meta))
    assert result.returncode != 0
    assert "WARNING" in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "notes_src/mine/n.md:3: binary file, not text"),
        ("caf\u00e9\n".encode("latin-1"), "notes_src/mine/n.md:1: not valid UTF-8: byte 0xE9 at column 4"),
        (_nested_list(70), "notes_src/mine/n.md:67: lists or quotes nested over 62 levels deep"),
    ],
    ids=["binary", "latin-1", "too-deep"],
)
def test_errors_stop_the_build_with_file_and_line_and_no_traceback(tmp_path: Path, data: bytes, message: str) -> None:
    result = _build_site(_project(tmp_path, {"n.md": data}))
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_duplicate_titles_fail_the_strict_build(tmp_path: Path) -> None:
    result = _build_site(_two_sources(tmp_path, "SAA notes"))
    assert result.returncode != 0
    assert "notes_src/second/source.yml:2: title 'SAA notes' is also the title of" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "line", ["\\[" * 50_000, "![x](" * 20_000, "[x](#" * 20_000], ids=["escaped", "image", "anchor"]
)
def test_a_line_of_link_punctuation_is_not_quadratic(line: str) -> None:
    """Link and image patterns have bounded labels and destinations: 100 000 characters of them read in seconds."""

    from notes_kb.inline import clean_inline
    from notes_kb.render import render_inline

    cleaned, _ = clean_inline(line, 1)  # seconds here; minutes (quadratic) before the bounds
    assert cleaned and render_inline(cleaned)


@pytest.mark.parametrize(
    ("written", "shown", "formulas"),
    [
        (
            r"$$\text{traffic} = \frac{\text{weight for a record}}{\text{sum of all the weights}}$$",
            "traffic = (weight for a record) / (sum of all the weights)",
            1,
        ),
        (r"- $-1 \leq \text{Bias} \leq -99$ - less traffic", "- -1 ≤ Bias ≤ -99 - less traffic", 1),
        (r"$S_i = 1$ $\Rightarrow$ about 2.5 ($\sim$3)", "S_i = 1 ⇒ about 2.5 (~3)", 3),
        ("Note: 1 WCU $=$ 1KB", "Note: 1 WCU = 1KB", 1),  # a sub- or superscript, or a lone operator, is TeX too
        ("services from AWS or $3^{rd}$ parties", "services from AWS or 3rd parties", 1),
        ("costs $5 or $10 a month", "costs $5 or $10 a month", 0),
        ("a fee of $0.0025 per GB_month, or $3000 a month", "a fee of $0.0025 per GB_month, or $3000 a month", 0),
    ],
)
def test_a_tex_formula_is_written_out_as_text(written: str, shown: str, formulas: int) -> None:
    """No page loads a math renderer, and Markdown eats a formula's backslashes: a blind reader found Route 53's
    weighted-routing formula shown as "$$text{traffic} = frac{...}$$". A dollar amount is no formula."""
    from notes_kb.inline import clean_inline

    cleaned, repairs = clean_inline(written, 7)
    assert cleaned == shown
    assert repairs == (Repair(7, "TeX formula written out as text"),) * formulas


@pytest.mark.parametrize(
    ("written", "shown", "repaired"),
    [
        ("- Import errors are logged in CloudWatch ㅌLogs", "- Import errors are logged in CloudWatch Logs", True),
        ("CloudWatchㅌ Logs", "CloudWatch Logs", True),
        ("CloudWatch 로그 ㅋㅋ", "CloudWatch 로그 ㅋㅋ", False),  # a syllable is a word, a letter alone a laugh
    ],
)
def test_a_stray_korean_letter_glued_to_an_english_word_is_removed(written: str, shown: str, repaired: bool) -> None:
    """The Udemy notes' "CloudWatch ㅌLogs" (a blind review of the Lambda page): one keystroke typed before the
    keyboard went back to English. A lone letter glued to a Latin word is never a word."""
    from notes_kb.inline import clean_inline

    cleaned, repairs = clean_inline(written, 3)
    assert cleaned == shown
    assert [r.line for r in repairs] == ([3] if repaired else [])


@pytest.mark.parametrize(
    ("written", "shown", "repaired"),
    [
        (
            "**Data point ** : the thing the cloud watch is recording",
            "**Data point** : the thing the cloud watch is recording",
            True,
        ),
        ("see (**stateful **) and **b**", "see (**stateful**) and **b**", True),
        (
            "combines **`cfn-init`**, **`cfn-hup`**, and **x**",
            "combines **`cfn-init`**, **`cfn-hup`**, and **x**",
            False,
        ),
        ("a ** b ** c", "a ** b ** c", False),  # an opener followed by a space opens nothing
        (r"[**EXAM HINT]\*\* => If you see", "[**EXAM HINT]** => If you see", True),  # DVA line 15044, escaped
        (r"a \*\*literal\*\* pair and **b**", r"a \*\*literal\*\* pair and **b**", False),
        (
            "- Improves read performance, c**ontent is cached at the edge**",
            "- Improves read performance, **content is cached at the edge**",
            True,
        ),
        (
            "- I**f you know your bucket should never be public**",
            "- **If you know your bucket should never be public**",
            True,
        ),
        ("an x**y formula", "an x**y formula", False),  # no closer after it: no bold
        (
            "in a VPC. ** If you have instance to instance communication** within",
            "in a VPC. **If you have instance to instance communication** within",
            True,
        ),
        ("**a** ** b**", "**a** **b**", True),
        ("2 ** 3 is 8", "2 ** 3 is 8", False),  # no closer: no bold
        ("**Note:** text here**", "**Note:** text here**", False),  # the label's closer opens nothing
        ("`x ** 2**` in code", "`x ** 2**` in code", False),  # inside inline code
    ],
)
def test_a_bolds_closing_asterisks_are_repaired(written: str, shown: str, repaired: bool) -> None:
    """The DVA notes' "**Data point ** : the thing ..." (line 633): CommonMark reads no bold when the closing ** follows
    a space, and the CloudWatch page showed the asterisks; "[**EXAM HINT]\\*\\*" (line 15044), its closer escaped by
    the export, showed them on the ELB page; "c**ontent is cached at the edge**" (Udemy line 1597) cut its word; "**
    If you have instance to instance communication**" (DVA line 5848), its opener followed by a space, showed them on
    the EC2 and exam-tips pages. A closer followed by ", **" is not taken for an opener, and a pair the author escaped
    both ways stays literal."""
    from notes_kb.inline import clean_inline

    cleaned, repairs = clean_inline(written, 5)
    assert cleaned == shown
    assert bool(repairs) is repaired


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        (  # the notebook's line 1622, escaped twice by an export
            r"[https://aws.com/AWS\\_Cloud\\_Best.pdf](https://aws.com/AWS_Cloud_Best.pdf) (Archived)",
            "[https://aws.com/AWS_Cloud_Best.pdf](https://aws.com/AWS_Cloud_Best.pdf) (Archived)",
        ),
        (r"[https://a.com/x\_y](https://b.com/x_y)", r"[https://a.com/x\_y](https://b.com/x_y)"),  # another address
        (r"[see x\_y](https://a.com/x_y)", r"[see x\_y](https://a.com/x_y)"),  # text that is no address
    ],
)
def test_a_links_address_escaped_as_its_text_is_shown_unescaped(written: str, shown: str) -> None:
    """The notebook's whitepaper links showed "AWS\\_Cloud\\_Best\\_Practices.pdf" on the Well-Architected page (a
    scan of the built site's text for literal markup)."""
    from notes_kb.inline import clean_inline

    cleaned, repairs = clean_inline(written, 1622)
    assert cleaned == shown
    assert [r.line for r in repairs] == ([1622] if shown != written else [])


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        (r"**5\. Magnetic (Standard)** _(Legacy)_", "5. Magnetic (Standard) (Legacy)"),
        ("Read _and_ write", "Read and write"),
        ("cfn_init and my_var_name", "cfn_init and my_var_name"),  # an underscore inside a word is a letter
        (r"A \_literal\_ pair", "A _literal_ pair"),  # escaped by the author: shown
    ],
)
def test_a_headings_underscore_emphasis_is_markup_not_text(heading: str, title: str) -> None:
    """The DVA notes' "### **5\\. Magnetic (Standard)** _(Legacy)_": the heading lost its bold but showed "_(Legacy)_"
    on the EBS page and in its table of contents."""
    from notes_kb.inline import plain_title

    assert plain_title(heading) == title
