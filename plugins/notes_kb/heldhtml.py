"""Rendered pages' HTML, held compressed from the moment a page is rendered until MkDocs writes it.

Why: MkDocs renders every page before it writes the first one, and holds every page's HTML meanwhile
(`page.content`): 114 MiB for the ×10 benchmark corpus, some 570 MiB at ×50. Compressed (zlib, fastest level) it
takes an eighth of that. The adapter hands MkDocs an empty `page.content` after rendering and gives each page its
HTML back when MkDocs builds it (`on_page_context`, just before its template). Render workers compress the pages
they render, so less crosses the pipe too.
"""

from __future__ import annotations

import zlib

LEVEL = 1
"""zlib's fastest level: the real notes' pages take 1.8 MiB instead of 13.9 MiB. Higher levels cost time for
little more."""


def pack(html: str) -> bytes:
    """`html`, compressed; `unpack` gives back the same string (lone surrogates included)."""
    return zlib.compress(html.encode("utf-8", "surrogatepass"), LEVEL)


def unpack(packed: bytes) -> str:
    return zlib.decompress(packed).decode("utf-8", "surrogatepass")


class HeldHtml:
    """Pages' packed HTML by `src_uri`, each given back once."""

    def __init__(self) -> None:
        self._pages: dict[str, bytes] = {}

    def hold(self, uri: str, packed: bytes) -> None:
        self._pages[uri] = packed

    def take(self, uri: str) -> str | None:
        """The page's HTML, let go here; None if it was not held (a page this build did not render)."""
        packed = self._pages.pop(uri, None)
        return unpack(packed) if packed is not None else None

    def clear(self) -> None:
        self._pages.clear()

    def __len__(self) -> int:
        return len(self._pages)
