"""Which outputs of a build differ from what the previous build wrote: a rebuild then renders and writes only those.

Why: MkDocs renders every page on every rebuild under `mkdocs serve`, although one edited note changes a handful of
pages and a few dozen of the search index's files. With `--dirty`, MkDocs asks each file whether it is modified; for
generated files this ledger answers by content, not by time, so a dirty rebuild writes exactly what a clean build
would; the plugin asks it the same of each search file. What every page shares (the navigation, the site
configuration) is one signature: when it changes, every output counts as changed.
"""

from __future__ import annotations

import hashlib

DIGEST_SIZE = 16


def digest(content: str | bytes) -> str:
    """A short, stable fingerprint of one output's content."""
    data = content.encode("utf-8", errors="surrogatepass") if isinstance(content, str) else content
    return hashlib.blake2b(data, digest_size=DIGEST_SIZE).hexdigest()


class OutputLedger:
    """The content digests of the last completed build's outputs, and of the build under way."""

    def __init__(self) -> None:
        self._written: dict[str, str] = {}
        self._shared = ""
        self._pending: dict[str, str] = {}
        self._pending_shared = ""

    def begin(self) -> None:
        """A build starts: nothing of it is recorded yet."""
        self._pending, self._pending_shared = {}, ""

    def record(self, uri: str, content: str | bytes) -> None:
        """The build will write `content` to `uri`."""
        self._pending[uri] = digest(content)

    def share(self, signature: str) -> None:
        """What every page of this build depends on besides its own content (navigation, configuration)."""
        self._pending_shared = signature

    @property
    def shared_changed(self) -> bool:
        return self._pending_shared != self._shared

    def changed(self, uri: str) -> bool:
        """Whether `uri` must be written again: new, different, or everything changed."""
        return self.shared_changed or uri not in self._written or self._written[uri] != self._pending.get(uri)

    def writing(self, uri: str) -> None:
        """`uri` is being written: until this build commits, it no longer holds what the last completed build wrote.
        Why: a build that fails after writing it leaves other bytes on disk, and the next build must write it again
        even if its content is the last completed build's once more (an edit undone).
        """
        self._written.pop(uri, None)

    def commit(self) -> None:
        """The build completed: its outputs are now what is on disk."""
        self._written, self._shared = self._pending, self._pending_shared
        self._pending = {}

    def changed_count(self) -> int:
        """How many recorded outputs of the build under way must be written (for the log)."""
        return sum(self.changed(uri) for uri in self._pending)
