"""Rendered pages' HTML, held compressed from the moment a page is rendered until MkDocs writes it; and the packing
that the generated pages' Markdown and `provenance.json` are held in until MkDocs reads or writes them.

Why: MkDocs renders every page before it writes the first one, and holds every page's HTML meanwhile
(`page.content`): 114 MiB for the ×10 benchmark corpus, some 570 MiB at ×50. Compressed (zlib, fastest level) it
takes an eighth of that. The adapter hands MkDocs an empty `page.content` after rendering and gives each page its
HTML back when MkDocs builds it (`on_page_context`, just before its template). Render workers compress the pages
they render, so less crosses the pipe too.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable

from .outputs import DIGEST_SIZE

LEVEL = 1
"""zlib's fastest level: the real notes' pages take 1.8 MiB instead of 13.9 MiB. Higher levels cost time for
little more."""


def pack(html: str) -> bytes:
    """`html`, compressed; `unpack` gives back the same string (lone surrogates included)."""
    return zlib.compress(html.encode("utf-8", "surrogatepass"), LEVEL)


def unpack(packed: bytes) -> str:
    return zlib.decompress(packed).decode("utf-8", "surrogatepass")


def pack_pieces(pieces: Iterable[str]) -> tuple[bytes, str]:
    """The pieces joined and packed, as `pack` packs their join, and the join's `outputs.digest`; the join itself is
    never made. Why: `provenance.json` is 70 MiB of text at ×10, held beside the dict it is made from.
    """
    packer = zlib.compressobj(LEVEL)
    fingerprint = hashlib.blake2b(digest_size=DIGEST_SIZE)
    chunks = []
    for piece in pieces:
        data = piece.encode("utf-8", "surrogatepass")
        fingerprint.update(data)
        chunks.append(packer.compress(data))
    chunks.append(packer.flush())
    return b"".join(chunks), fingerprint.hexdigest()


def write_unpacked(packed: bytes, path: str, chunk: int = 1 << 20, tail: str = "") -> None:
    """Write what `packed` holds, then `tail`, to `path`, a chunk at a time (the whole text is never in memory at
    once).
    """
    unpacker = zlib.decompressobj()
    with open(path, "wb") as out:
        for start in range(0, len(packed), chunk):
            out.write(unpacker.decompress(packed[start : start + chunk]))
        out.write(unpacker.flush())
        out.write(tail.encode("utf-8", "surrogatepass"))


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
