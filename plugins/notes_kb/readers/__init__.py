"""Readers, one per source format, all behind the `Reader` interface in `base`."""

from __future__ import annotations

from .base import Reader
from .flattened_pdf import FlattenedPdfReader
from .github_markdown import CleanMarkdownReader, GithubMarkdownReader
from .notion_export import NotionExportReader
from .notion_toggle import NotionToggleReader

READERS: dict[str, Reader] = {
    reader.name: reader
    for reader in (
        NotionToggleReader(),
        FlattenedPdfReader(),
        GithubMarkdownReader(),
        CleanMarkdownReader(),
        NotionExportReader(),
    )
}
"""Every reader, by the name `source.yml` uses for it."""
