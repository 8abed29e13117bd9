"""Where a reader goes to see a note's raw lines: the repository host when one is configured, else the site itself."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import quote

RAW_DIR = "raw"


@dataclass(frozen=True)
class SourceLinks:
    """Builds links to raw lines. `repo_url` empty means: link to the raw-line pages the site ships."""

    repo_url: str = ""
    branch: str = "main"

    def view(self, path: str, start: int, end: int) -> str:
        """Absolute URL on the repository host, or a site-relative URL of the raw-line page."""
        anchor = f"L{start}" if start == end else f"L{start}-L{end}"
        if self.repo_url:
            return f"{self.repo_url.rstrip('/')}/blob/{self.branch}/{path}#{anchor}"
        return f"{raw_page_uri(path)}#{anchor}"

    def file(self, path: str) -> str:
        """The whole note: on the repository host, or the raw-line page."""
        if self.repo_url:
            return f"{self.repo_url.rstrip('/')}/blob/{self.branch}/{path}"
        return raw_page_uri(path)

    def edit(self, path: str) -> str:
        """The repository host's editor for a note; empty when there is no repository."""
        if not self.repo_url:
            return ""
        return f"{self.repo_url.rstrip('/')}/edit/{self.branch}/{path}"


def raw_page_uri(path: str) -> str:
    """Site-relative file of the raw-line page of a note."""
    return f"{RAW_DIR}/{path}.html"


def relative_to_page(target: str, page_uri: str) -> str:
    """A docs-relative target as a Markdown link from the page file `page_uri` (MkDocs resolves links by file)."""
    if "://" in target:
        return target
    return "../" * page_uri.count("/") + target


def page_url(src_uri: str) -> str:
    """The directory URL MkDocs serves a page at: `services/s3.md` → `services/s3/`, `index.md` → ``."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index").rstrip("/")
    return f"{stem}/" if stem else ""


def href(from_uri: str, to_uri: str) -> str:
    """Relative URL from the built page of `from_uri` to the built page of `to_uri`, for links written as raw HTML
    (MkDocs converts only Markdown links): directory URLs, which an offline build rewrites (`offline.file_links`),
    percent-encoded as MkDocs encodes page URLs (a Korean chapter's file name).
    """
    here, there = page_url(from_uri) or ".", page_url(to_uri) or "."
    return quote(posixpath.relpath(there, here).rstrip("/") + "/")
